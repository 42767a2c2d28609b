/* npc-case.c — a patient's case, its file format and its conversion for a guideline
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-case"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-case-private.h"
#include "npc-error.h"
#include "npc-file-util.h"

/* JSON nested deeper than this is refused before it reaches the parser. */
#define MAX_JSON_DEPTH 64

struct _NpcCase
{
  GObject parent_instance;

  char *guideline_id;
  char *label;
  char *notes;
  char *modified;
  char *clinician;
  NpcPatient *patient;      /* meta.patient; NULL when none */
  JsonObject *patient_json; /* the same as read or set, with members not understood */
  NpcDecision *decision;    /* meta.decision; NULL when none */
  JsonObject *decision_json;

  GPtrArray *order;       /* field ids in insertion order */
  GHashTable *values;     /* field id -> NpcCaseEntry */
  GMutex entries_lock;    /* the engines' readings in the entries */
  JsonObject *extra;      /* top-level members not understood, kept on save */
  JsonObject *extra_meta; /* meta members not understood */
};

G_DEFINE_FINAL_TYPE (NpcCase, npc_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_NOTES,
  PROP_GUIDELINE_ID,
  PROP_PATIENT,
  PROP_CLINICIAN,
  PROP_DECISION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
npc_validation_error_free (NpcValidationError *error)
{
  if (error == NULL)
    return;
  g_free (error->rule);
  g_free (error->field);
  g_free (error->message);
  g_free (error);
}

static void
npc_case_finalize (GObject *object)
{
  NpcCase *self = NPC_CASE (object);

  g_clear_pointer (&self->guideline_id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->modified, g_free);
  g_clear_pointer (&self->clinician, g_free);
  g_clear_pointer (&self->patient, npc_patient_free);
  g_clear_pointer (&self->patient_json, json_object_unref);
  g_clear_pointer (&self->decision, npc_decision_free);
  g_clear_pointer (&self->decision_json, json_object_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_mutex_clear (&self->entries_lock);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_pointer (&self->extra_meta, json_object_unref);

  G_OBJECT_CLASS (npc_case_parent_class)->finalize (object);
}

static void
npc_case_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  NpcCase *self = NPC_CASE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_GUIDELINE_ID:
      g_value_set_string (value, self->guideline_id);
      break;
    case PROP_PATIENT:
      g_value_set_boxed (value, self->patient);
      break;
    case PROP_CLINICIAN:
      g_value_set_string (value, self->clinician);
      break;
    case PROP_DECISION:
      g_value_set_boxed (value, self->decision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_case_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  NpcCase *self = NPC_CASE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      npc_case_set_label (self, g_value_get_string (value));
      break;
    case PROP_NOTES:
      npc_case_set_notes (self, g_value_get_string (value));
      break;
    case PROP_PATIENT:
      npc_case_set_patient (self, g_value_get_boxed (value));
      break;
    case PROP_CLINICIAN:
      npc_case_set_clinician (self, g_value_get_string (value));
      break;
    case PROP_DECISION:
      npc_case_set_decision (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_case_class_init (NpcCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = npc_case_finalize;
  object_class->get_property = npc_case_get_property;
  object_class->set_property = npc_case_set_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUIDELINE_ID] =
    g_param_spec_string ("guideline-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATIENT] =
    g_param_spec_boxed ("patient", NULL, NULL, NPC_TYPE_PATIENT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLINICIAN] =
    g_param_spec_string ("clinician", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DECISION] =
    g_param_spec_boxed ("decision", NULL, NULL, NPC_TYPE_DECISION,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NpcCase::changed:
   * @field_id: the field whose value changed
   *
   * Emitted when a field's value really changes; detailed by the field id.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* Takes `node`. */
static NpcCaseEntry *
entry_new (JsonNode *node)
{
  NpcCaseEntry *entry = g_new0 (NpcCaseEntry, 1);

  entry->node = node;
  return entry;
}

static void
entry_free (NpcCaseEntry *entry)
{
  json_node_unref (entry->node);
  g_free (entry);
}

/* The value of a field, or NULL. */
static JsonNode *
lookup (NpcCase    *self,
        const char *field_id)
{
  NpcCaseEntry *entry = g_hash_table_lookup (self->values, field_id);

  return entry != NULL ? entry->node : NULL;
}

static void
npc_case_init (NpcCase *self)
{
  self->order = g_ptr_array_new_with_free_func (g_free);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) entry_free);
  g_mutex_init (&self->entries_lock);
  self->extra = json_object_new ();
  self->extra_meta = json_object_new ();
}

NpcCase *
npc_case_new (const char *guideline_id)
{
  NpcCase *self = g_object_new (NPC_TYPE_CASE, NULL);

  self->guideline_id = g_strdup (guideline_id);
  return self;
}

/* ------------------------------------------------------------------------------------------ */
/* reading                                                                                     */

static void
line_col_at (const char *data,
             gsize       offset,
             guint      *line,
             guint      *col)
{
  *line = 1;
  *col = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *col = 1;
        }
      else
        (*col)++;
    }
}


static void
position (const Source *src,
          gsize         offset,
          guint        *line,
          guint        *col)
{
  line_col_at (src->data, offset, line, col);
  *line += src->first_line - 1;
}

typedef struct
{
  const char *text; /* the key as written, when it has no escape */
  gsize       len;
  char       *owned; /* the decoded key, when it has one */
  guint       line;
} Key;

typedef struct
{
  gboolean    is_object;
  gboolean    expect_key;
  guint       first_key; /* index in the key stack */
  guint       index;     /* element index in an array */
  GHashTable *seen;      /* key -> line, once the object has many keys */
} Frame;

typedef struct
{
  const Source *src;
  GArray       *frames;
  GArray       *keys;
  /* Where the line count has got to: the scan goes forward, so counting lines for each key
   * from here keeps the whole scan linear. */
  gsize         at;
  guint         at_line;
} Scanner;

static guint
scanner_line (Scanner *sc,
              gsize    offset)
{
  const char *d = sc->src->data;

  if (offset < sc->at)
    {
      sc->at = 0;
      sc->at_line = 1;
    }
  while (sc->at < offset)
    {
      const char *nl = memchr (d + sc->at, '\n', offset - sc->at);

      if (nl == NULL)
        {
          sc->at = offset;
          break;
        }
      sc->at_line++;
      sc->at = (gsize) (nl - d) + 1;
    }
  return sc->at_line + sc->src->first_line - 1;
}

/* "fields.rT" — where a value is, for messages. */
static char *
scanner_path_full (Scanner *sc,
                   guint    n_frames)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_frames; i++)
    {
      Frame *f = &g_array_index (sc->frames, Frame, i);

      if (f->is_object)
        {
          guint next = i + 1 < sc->frames->len
                         ? g_array_index (sc->frames, Frame, i + 1).first_key : sc->keys->len;
          const Key *k;

          if (next == f->first_key)
            continue;
          k = &g_array_index (sc->keys, Key, next - 1);
          if (s->len > 0)
            g_string_append_c (s, '.');
          if (k->owned != NULL)
            g_string_append (s, k->owned);
          else
            g_string_append_len (s, k->text, (gssize) k->len);
        }
      else
        g_string_append_printf (s, "[%u]", f->index);
    }
  return g_string_free (s, FALSE);
}

static char *
scanner_path (Scanner *sc)
{
  return scanner_path_full (sc, sc->frames->len);
}

static void
pop_frame (Scanner *sc)
{
  Frame *f = &g_array_index (sc->frames, Frame, sc->frames->len - 1);

  for (guint i = f->first_key; i < sc->keys->len; i++)
    g_free (g_array_index (sc->keys, Key, i).owned);
  g_array_set_size (sc->keys, f->first_key);
  g_clear_pointer (&f->seen, g_hash_table_unref);
  g_array_set_size (sc->frames, sc->frames->len - 1);
}

static int
hex_value (char ch)
{
  return g_ascii_xdigit_value (ch);
}

static gboolean
read_u_escape (const char *p,
               const char *end,
               guint      *out)
{
  guint v = 0;

  if (end - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = hex_value (p[i]);

      if (d < 0)
        return FALSE;
      v = v * 16 + (guint) d;
    }
  *out = v;
  return TRUE;
}

/* Reads the string at *i (on its opening quote); leaves *i on the closing quote. Refuses the
 * escapes whose decoded text a case could not keep: NUL, half a surrogate pair. Returns the
 * decoded text in *decoded when the string has an escape. FALSE with *error unset means the
 * string is not well-formed: json-glib will say so. */
static gboolean
scan_string (Scanner  *sc,
             gsize    *i,
             GString **decoded,
             GError  **error)
{
  const Source *src = sc->src;
  const char *d = src->data;
  gsize start = *i + 1;
  gsize k = start;

  *decoded = NULL;
  while (k < src->length && d[k] != '"')
    {
      if (d[k] != '\\')
        {
          if (*decoded != NULL)
            g_string_append_c (*decoded, d[k]);
          k++;
          continue;
        }
      if (*decoded == NULL)
        *decoded = g_string_new_len (d + start, (gssize) (k - start));
      if (k + 1 >= src->length)
        return FALSE;
      switch (d[k + 1])
        {
        case '"': g_string_append_c (*decoded, '"'); break;
        case '\\': g_string_append_c (*decoded, '\\'); break;
        case '/': g_string_append_c (*decoded, '/'); break;
        case 'b': g_string_append_c (*decoded, '\b'); break;
        case 'f': g_string_append_c (*decoded, '\f'); break;
        case 'n': g_string_append_c (*decoded, '\n'); break;
        case 'r': g_string_append_c (*decoded, '\r'); break;
        case 't': g_string_append_c (*decoded, '\t'); break;
        case 'u':
          {
            guint u, lo;
            guint line, col;
            g_autofree char *path = NULL;

            if (!read_u_escape (d + k + 2, d + src->length, &u))
              return FALSE;
            if (u == 0)
              {
                position (src, k, &line, &col);
                path = scanner_path (sc);
                g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                             _("%s:%u:%u: the text%s%s%s holds a NUL character (\\u0000), "
                               "which a case cannot keep"),
                             src->name, line, col, *path ? " in “" : "", path,
                             *path ? "”" : "");
                return FALSE;
              }
            if (u >= 0xD800 && u <= 0xDBFF && k + 11 < src->length && d[k + 6] == '\\' &&
                d[k + 7] == 'u' && read_u_escape (d + k + 8, d + src->length, &lo) &&
                lo >= 0xDC00 && lo <= 0xDFFF)
              {
                g_string_append_unichar (*decoded,
                                         0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                k += 12;
                continue;
              }
            if (u >= 0xD800 && u <= 0xDFFF)
              {
                position (src, k, &line, &col);
                path = scanner_path (sc);
                g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                             _("%s:%u:%u: the escape \\u%04X%s%s%s is half of a UTF-16 "
                               "surrogate pair, not a character"),
                             src->name, line, col, u, *path ? " in “" : "", path,
                             *path ? "”" : "");
                return FALSE;
              }
            g_string_append_unichar (*decoded, u);
            k += 6;
            continue;
          }
        default:
          return FALSE;
        }
      k += 2;
    }
  if (k >= src->length)
    return FALSE;
  *i = k;
  return TRUE;
}

static gboolean
key_equal (const Key  *k,
           const char *name,
           gsize       len)
{
  const char *t = k->owned != NULL ? k->owned : k->text;
  gsize tl = k->owned != NULL ? strlen (k->owned) : k->len;

  return tl == len && memcmp (t, name, len) == 0;
}

/* Takes `owned`, the decoded key (NULL when the key has no escape and is text[0..len)). */
static gboolean
check_key (Scanner     *sc,
           Frame       *f,
           const char  *text,
           gsize        len,
           char        *owned,
           gsize        offset,
           GError     **error)
{
  Key key = { text, len, owned, 0 };
  guint line, col, n = sc->keys->len - f->first_key;
  const char *name = owned != NULL ? owned : text;
  gsize name_len = owned != NULL ? strlen (owned) : len;
  guint first_line = 0;

  key.line = line = scanner_line (sc, offset);

  /* Few keys: a look back is quicker than a table. */
  if (f->seen == NULL && n < 16)
    {
      for (guint i = f->first_key; i < sc->keys->len && first_line == 0; i++)
        if (key_equal (&g_array_index (sc->keys, Key, i), name, name_len))
          first_line = g_array_index (sc->keys, Key, i).line;
    }
  else
    {
      g_autofree char *dup = g_strndup (name, name_len);

      if (f->seen == NULL)
        {
          f->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (guint i = f->first_key; i < sc->keys->len; i++)
            {
              const Key *k = &g_array_index (sc->keys, Key, i);

              g_hash_table_insert (f->seen,
                                   k->owned ? g_strdup (k->owned) : g_strndup (k->text, k->len),
                                   GUINT_TO_POINTER (k->line));
            }
        }
      first_line = GPOINTER_TO_UINT (g_hash_table_lookup (f->seen, dup));
      if (first_line == 0)
        g_hash_table_insert (f->seen, g_steal_pointer (&dup), GUINT_TO_POINTER (line));
    }

  if (first_line != 0)
    {
      position (sc->src, offset, &line, &col);
      /* The object's own path: the frames above it, with their current keys. */
      g_autofree char *path = scanner_path_full (sc, sc->frames->len - 1);
      g_autofree char *shown = g_strndup (name, name_len);

      if (*path)
        g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                     _("%s:%u:%u: the key “%s” appears twice in “%s” (first on line %u); a "
                       "case names each key once"),
                     sc->src->name, line, col, shown, path, first_line);
      else
        g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                     _("%s:%u:%u: the key “%s” appears twice (first on line %u); a case "
                       "names each key once"),
                     sc->src->name, line, col, shown, first_line);
      g_free (owned);
      return FALSE;
    }
  g_array_append_val (sc->keys, key);
  return TRUE;
}

/* A number json-glib would read wrongly: out of the range of a double (it would become
 * infinite) or an integer out of the 64-bit range (it would wrap). */
static gboolean
check_number (Scanner  *sc,
              gsize    *i,
              GError  **error)
{
  const Source *src = sc->src;
  const char *d = src->data;
  gsize start = *i, k = *i;
  gboolean is_int = TRUE, has_exponent = FALSE;
  g_autofree char *text = NULL;
  guint line, col;

  while (k < src->length && (g_ascii_isdigit (d[k]) || d[k] == '-' || d[k] == '+' ||
                             d[k] == '.' || d[k] == 'e' || d[k] == 'E'))
    {
      if (d[k] == '.')
        is_int = FALSE;
      else if (d[k] == 'e' || d[k] == 'E')
        {
          is_int = FALSE;
          has_exponent = TRUE;
        }
      k++;
    }
  *i = k - 1;
  /* The common numbers need no closer look: up to 18 digits always fit 64 bits, and a
   * decimal without an exponent is finite until it has over 300 digits. */
  if ((is_int && k - start <= 18) || (!is_int && !has_exponent && k - start < 300))
    return TRUE;
  text = g_strndup (d + start, k - start);
  if (is_int)
    {
      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        return TRUE;
    }
  else
    {
      double v = g_ascii_strtod (text, NULL);

      if (isfinite (v))
        return TRUE;
    }
  /* Let json-glib report what is not a number at all. */
  if (!g_ascii_isdigit (text[strlen (text) - 1]))
    return TRUE;
  {
    g_autofree char *path = scanner_path (sc);

    position (src, start, &line, &col);
    g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                 is_int ? _("%s:%u:%u: the integer %s%s%s%s is too large: integers must lie "
                            "between -9223372036854775808 and 9223372036854775807")
                        : _("%s:%u:%u: the number %s%s%s%s is too large to be kept: it is "
                            "not a finite number"),
                 src->name, line, col, text, *path ? " in “" : "", path, *path ? "”" : "");
  }
  return FALSE;
}

/* Refuses input json-glib would read wrongly or should never see: more than the size cap,
 * NUL bytes, invalid UTF-8, absurd nesting, NUL or half-surrogate escapes, numbers it would
 * turn into infinity or wrap, and duplicate keys (json-glib keeps the last silently). Anything
 * else that is not well-formed is left to json-glib's messages. */
gboolean
_npc_case_precheck (const Source  *src,
                    GError       **error)
{
  const char *data = src->data;
  gsize length = src->length;
  const char *end = NULL;
  guint line, col;
  Scanner sc = { src, NULL, NULL, 0, 1 };
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  if (length > NPC_CASE_MAX_BYTES)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                   _("%s: %s is %lld bytes; the limit is %d bytes"),
                   src->name, src->what, (long long) length, NPC_CASE_MAX_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      position (src, (gsize) (end - data), &line, &col);
      if (*end == '\0')
        g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                     _("%s:%u:%u: not a case: %s holds a NUL byte"), src->name, line, col,
                     src->what);
      else
        g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                     _("%s:%u:%u: not a case: the bytes there are not UTF-8 text"), src->name,
                     line, col);
      return FALSE;
    }

  sc.frames = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 8);
  sc.keys = g_array_sized_new (FALSE, FALSE, sizeof (Key), 32);
  for (gsize i = 0; ok && i < length; i++)
    {
      char ch = data[i];
      Frame *top = sc.frames->len ? &g_array_index (sc.frames, Frame, sc.frames->len - 1) : NULL;

      if (ch == '"')
        {
          GString *decoded = NULL;
          gsize start = i;

          if (!scan_string (&sc, &i, &decoded, &local_error))
            {
              if (decoded != NULL)
                g_string_free (decoded, TRUE);
              /* Not well-formed: json-glib says where, unless this did. */
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  ok = FALSE;
                }
              break;
            }
          if (top != NULL && top->is_object && top->expect_key)
            {
              top->expect_key = FALSE;
              ok = check_key (&sc, top, data + start + 1, i - start - 1,
                              decoded ? g_string_free (decoded, FALSE) : NULL, start, error);
            }
          else if (decoded != NULL)
            g_string_free (decoded, TRUE);
        }
      else if (ch == '{' || ch == '[')
        {
          Frame f = { ch == '{', ch == '{', sc.keys->len, 0, NULL };

          if (sc.frames->len + 1 > MAX_JSON_DEPTH)
            {
              position (src, i, &line, &col);
              g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                           _("%s:%u:%u: the JSON nests deeper than %d levels"), src->name, line,
                           col, MAX_JSON_DEPTH);
              ok = FALSE;
              break;
            }
          g_array_append_val (sc.frames, f);
        }
      else if (ch == '}' || ch == ']')
        {
          if (sc.frames->len > 0)
            pop_frame (&sc);
        }
      else if (ch == ',')
        {
          if (top != NULL && top->is_object)
            top->expect_key = TRUE;
          else if (top != NULL)
            top->index++;
        }
      else if (ch == '-' || g_ascii_isdigit (ch))
        ok = check_number (&sc, &i, error);
    }
  while (sc.frames->len > 0)
    pop_frame (&sc);
  g_array_unref (sc.frames);
  g_array_unref (sc.keys);
  return ok;
}

static gboolean
read_fields (NpcCase     *self,
             JsonObject  *fields,
             const char  *name,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *node = json_object_get_member (fields, id);

      /* null means unknown, exactly like an absent member. */
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      g_ptr_array_add (self->order, g_strdup (id));
      g_hash_table_insert (self->values, self->order->pdata[self->order->len - 1],
                           entry_new (json_node_copy (node)));
    }
  return TRUE;
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *member,
                    char       **out,
                    const char  *name,
                    const char  *where,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s: “%s%s” must be a string"), name,
                   where, member);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* meta.patient or meta.decision: an object (kept whole, with what is not understood), or
 * null or absent. */
static gboolean
read_record (JsonObject  *meta,
             const char  *member,
             JsonObject **out,
             const char  *name,
             GError     **error)
{
  JsonNode *node = json_object_get_member (meta, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s: “meta.%s” must be an object"), name,
                   member);
      return FALSE;
    }
  *out = json_object_ref (json_node_get_object (node));
  return TRUE;
}

/* json-glib accepts some escapes (a lone surrogate, say) that decode to bytes that are not
 * UTF-8. Such a case would save but never load again, so it is refused here. */
static gboolean
check_text (JsonNode    *node,
            const char  *where,
            const char  *name,
            GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                       _("%s: “%s” holds an escape that is not valid text"), name, where);
          return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!check_text (json_array_get_element (a, i), where, name, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (!g_utf8_validate (l->data, -1, NULL))
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED,
                           _("%s: a member name in “%s” is not valid text"), name, where);
              return FALSE;
            }
          if (!check_text (json_object_get_member (o, l->data), l->data, name, error))
            return FALSE;
        }
    }
  return TRUE;
}

NpcCase *
npc_case_new_from_object (JsonObject  *object,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr(NpcCase) self = NULL;
  const char *name = display_name ? display_name : "<case>";
  JsonNode *fields;
  JsonNode *meta;
  JsonNode *format;

  g_return_val_if_fail (object != NULL, NULL);

  {
    g_autoptr(JsonNode) wrapper = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (wrapper, object);
    if (!check_text (wrapper, "case", name, error))
      return NULL;
  }

  self = npc_case_new (NULL);
  fields = json_object_get_member (object, "fields");
  format = json_object_get_member (object, "format");

  if (fields == NULL && format == NULL)
    {
      /* A bare object of field values. */
      read_fields (self, object, name, error);
      return g_steal_pointer (&self);
    }

  if (format != NULL &&
      (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_STRING ||
       g_strcmp0 (json_node_get_string (format), NPC_CASE_FORMAT) != 0))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: not a case file of this version: “format” must be “%s”"), name,
                   NPC_CASE_FORMAT);
      return NULL;
    }
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: a case file needs a “fields” object"), name);
      return NULL;
    }
  if (!read_string_member (object, "guideline", &self->guideline_id, name, "", error))
    return NULL;

  meta = json_object_get_member (object, "meta");
  if (meta != NULL && !JSON_NODE_HOLDS_NULL (meta))
    {
      JsonObject *m;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (meta))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s: “meta” must be an object"), name);
          return NULL;
        }
      m = json_node_get_object (meta);
      if (!read_string_member (m, "label", &self->label, name, "meta.", error) ||
          !read_string_member (m, "notes", &self->notes, name, "meta.", error) ||
          !read_string_member (m, "modified", &self->modified, name, "meta.", error) ||
          !read_string_member (m, "clinician", &self->clinician, name, "meta.", error) ||
          !read_record (m, "patient", &self->patient_json, name, error) ||
          !read_record (m, "decision", &self->decision_json, name, error))
        return NULL;
      if (self->patient_json != NULL &&
          (self->patient = _npc_patient_new_from_json (self->patient_json, name, error)) == NULL)
        return NULL;
      if (self->decision_json != NULL &&
          (self->decision = npc_decision_new_from_json (self->decision_json, name, error)) == NULL)
        return NULL;
      members = json_object_get_members (m);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "label") && !g_str_equal (l->data, "notes") &&
            !g_str_equal (l->data, "modified") && !g_str_equal (l->data, "clinician") &&
            !g_str_equal (l->data, "patient") && !g_str_equal (l->data, "decision"))
          json_object_set_member (self->extra_meta, l->data,
                                  json_node_copy (json_object_get_member (m, l->data)));
    }

  {
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "format") && !g_str_equal (l->data, "guideline") &&
          !g_str_equal (l->data, "meta") && !g_str_equal (l->data, "fields"))
        json_object_set_member (self->extra, l->data,
                                json_node_copy (json_object_get_member (object, l->data)));
  }

  read_fields (self, json_node_get_object (fields), name, error);
  return g_steal_pointer (&self);
}

/* json-glib says "<data>:LINE:COL: Parse error: ..."; name the file, and count lines from the
 * source's first line. */
gboolean
_npc_case_parse_json (const Source  *src,
                      JsonParser    *parser,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *msg;
  guint line = 0, col = 0;
  int used = 0;

  if (json_parser_load_from_data (parser, src->data, (gssize) src->length, &local_error))
    return TRUE;
  msg = local_error->message;
  if (g_str_has_prefix (msg, "<data>:") &&
      sscanf (msg + strlen ("<data>:"), "%u:%u:%n", &line, &col, &used) == 2 && used > 0)
    {
      msg += strlen ("<data>:") + used;
      while (*msg == ' ')
        msg++;
      g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED, "%s:%u:%u: %s", src->name,
                   line + src->first_line - 1, col, msg);
    }
  else
    g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED, _("%s: not valid JSON: %s"), src->name,
                 msg);
  return FALSE;
}

NpcCase *
npc_case_new_from_data (const char  *data,
                        gssize       length,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *name = display_name ? display_name : "<case>";
  Source src;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = (gssize) strlen (data);
  src = (Source) { data, (gsize) length, name, 1, _("the case file") };
  if (!_npc_case_precheck (&src, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!_npc_case_parse_json (&src, parser, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: a case file must hold one JSON object"), name);
      return NULL;
    }
  if (json_object_get_member (json_node_get_object (root), "fields") == NULL &&
      json_object_get_member (json_node_get_object (root), "format") == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: not a case file: it has no “format” and no “fields”"), name);
      return NULL;
    }
  return npc_case_new_from_object (json_node_get_object (root), name, error);
}

NpcCase *
npc_case_new_from_file (GFile   *file,
                        GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot read the case: %s"), name,
                   local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *path = g_file_get_path (file);

      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot read the case: %s"), name,
                   npc_file_describe_not_regular (path, g_file_info_get_file_type (info)));
      return NULL;
    }
  if (g_file_info_get_size (info) > NPC_CASE_MAX_BYTES)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                   _("%s: the case file is %lld bytes; the limit is %d bytes"),
                   name, (long long) g_file_info_get_size (info), NPC_CASE_MAX_BYTES);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot read the case: %s"), name,
                   local_error->message);
      return NULL;
    }
  return npc_case_new_from_data (data, (gssize) length, name, error);
}

NpcCase *
npc_case_copy (NpcCase *self)
{
  NpcCase *copy;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (NPC_IS_CASE (self), NULL);

  copy = npc_case_new (self->guideline_id);
  copy->label = g_strdup (self->label);
  copy->notes = g_strdup (self->notes);
  copy->modified = g_strdup (self->modified);
  copy->clinician = g_strdup (self->clinician);
  copy->patient = npc_patient_copy (self->patient);
  copy->decision = npc_decision_copy (self->decision);
  if (self->patient_json != NULL)
    copy->patient_json = _npc_patient_to_json (self->patient, self->patient_json);
  if (self->decision_json != NULL)
    copy->decision_json = _npc_decision_to_json (self->decision, self->decision_json);
  for (guint i = 0; i < self->order->len; i++)
    {
      const char *id = self->order->pdata[i];

      g_ptr_array_add (copy->order, g_strdup (id));
      g_hash_table_insert (copy->values, copy->order->pdata[i],
                           entry_new (json_node_copy (lookup (self, id))));
    }
  members = json_object_get_members (self->extra);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy->extra, l->data,
                            json_node_copy (json_object_get_member (self->extra, l->data)));
  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (self->extra_meta);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy->extra_meta, l->data,
                            json_node_copy (json_object_get_member (self->extra_meta, l->data)));
  return copy;
}

/* ------------------------------------------------------------------------------------------ */
/* writing                                                                                     */

static JsonNode *
to_json (NpcCase *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) members = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, NPC_CASE_FORMAT);
  if (self->guideline_id != NULL)
    {
      json_builder_set_member_name (b, "guideline");
      json_builder_add_string_value (b, self->guideline_id);
    }

  json_builder_set_member_name (b, "meta");
  json_builder_begin_object (b);
  if (self->label != NULL)
    {
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, self->label);
    }
  if (self->notes != NULL)
    {
      json_builder_set_member_name (b, "notes");
      json_builder_add_string_value (b, self->notes);
    }
  if (self->modified != NULL)
    {
      json_builder_set_member_name (b, "modified");
      json_builder_add_string_value (b, self->modified);
    }
  if (self->clinician != NULL)
    {
      json_builder_set_member_name (b, "clinician");
      json_builder_add_string_value (b, self->clinician);
    }
  if (self->patient_json != NULL)
    {
      JsonNode *n = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (n, self->patient_json);
      json_builder_set_member_name (b, "patient");
      json_builder_add_value (b, n);
    }
  if (self->decision_json != NULL)
    {
      JsonNode *n = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (n, self->decision_json);
      json_builder_set_member_name (b, "decision");
      json_builder_add_value (b, n);
    }
  members = json_object_get_members (self->extra_meta);
  for (GList *l = members; l != NULL; l = l->next)
    {
      json_builder_set_member_name (b, l->data);
      json_builder_add_value (b, json_node_copy (json_object_get_member (self->extra_meta,
                                                                         l->data)));
    }
  g_clear_pointer (&members, g_list_free);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->order->len; i++)
    {
      const char *id = self->order->pdata[i];

      json_builder_set_member_name (b, id);
      json_builder_add_value (b, json_node_copy (lookup (self, id)));
    }
  json_builder_end_object (b);

  members = json_object_get_members (self->extra);
  for (GList *l = members; l != NULL; l = l->next)
    {
      json_builder_set_member_name (b, l->data);
      json_builder_add_value (b, json_node_copy (json_object_get_member (self->extra, l->data)));
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* json-glib writes a double whose shortest form has an exponent and no point, 1e+20, as
 * "1e+20.0", which is not JSON. Drop that ".0" so that every number saved loads again. */
static char *
fix_exponents (char  *data,
               gsize *len)
{
  gboolean in_string = FALSE;
  gsize w = 0;

  for (gsize r = 0; r < *len; r++)
    {
      char ch = data[r];

      if (in_string)
        {
          data[w++] = ch;
          if (ch == '\\' && r + 1 < *len)
            data[w++] = data[++r];
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }
      if (ch == '"')
        in_string = TRUE;
      else if ((ch == '-' || g_ascii_isdigit (ch)) && (w == 0 || !g_ascii_isalnum (data[w - 1])))
        {
          gsize start = r, n;
          gboolean exp = FALSE;

          while (r < *len && (g_ascii_isdigit (data[r]) || strchr ("+-.eE", data[r]) != NULL))
            {
              if (data[r] == 'e' || data[r] == 'E')
                exp = TRUE;
              r++;
            }
          n = r - start;
          if (exp && n > 2 && data[r - 2] == '.' && data[r - 1] == '0' &&
              memchr (data + start, '.', n - 2) == NULL)
            n -= 2;
          memmove (data + w, data + start, n);
          w += n;
          r--;
          continue;
        }
      data[w++] = ch;
    }
  data[w] = '\0';
  *len = w;
  return data;
}

char *
npc_case_to_data (NpcCase *self,
                  gsize   *length)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;
  gsize len;

  g_return_val_if_fail (NPC_IS_CASE (self), NULL);

  root = to_json (self);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  data = json_generator_to_data (gen, &len);
  data = fix_exponents (data, &len);
  /* A text file ends with a newline. */
  data = g_realloc (data, len + 2);
  data[len++] = '\n';
  data[len] = '\0';
  if (length != NULL)
    *length = len;
  return data;
}

gboolean
npc_case_save_full (NpcCase  *self,
                    GFile    *file,
                    char    **notice,
                    GError  **error)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *previous = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gsize length;

  g_return_val_if_fail (NPC_IS_CASE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (notice != NULL)
    *notice = NULL;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                   _("%s: cannot save the case: only local files can be saved safely"), name);
      return FALSE;
    }

  previous = g_steal_pointer (&self->modified);
  self->modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  data = npc_case_to_data (self, &length);

  /* A temporary file beside the target, checked, synced and renamed: a crash, a kill or a
   * full disk leaves either the old case or the new one, never a part of either. */
  if (!npc_file_replace_contents (path, data, length, _("the case"), notice, error))
    {
      g_free (self->modified);
      self->modified = g_steal_pointer (&previous);
      return FALSE;
    }
  return TRUE;
}

gboolean
npc_case_save (NpcCase  *self,
               GFile    *file,
               GError  **error)
{
  return npc_case_save_full (self, file, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* values                                                                                      */

const char *
npc_case_get_guideline_id (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->guideline_id;
}

const char *
npc_case_get_label (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->label;
}

void
npc_case_set_label (NpcCase    *self,
                    const char *label)
{
  g_return_if_fail (NPC_IS_CASE (self));
  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
npc_case_get_notes (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->notes;
}

void
npc_case_set_notes (NpcCase    *self,
                    const char *notes)
{
  g_return_if_fail (NPC_IS_CASE (self));
  if (g_strcmp0 (self->notes, notes) == 0)
    return;
  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *
npc_case_get_clinician (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->clinician;
}

void
npc_case_set_clinician (NpcCase    *self,
                        const char *clinician)
{
  g_return_if_fail (NPC_IS_CASE (self));
  if (clinician != NULL && *clinician == '\0')
    clinician = NULL;
  if (g_strcmp0 (self->clinician, clinician) == 0)
    return;
  g_free (self->clinician);
  self->clinician = g_strdup (clinician);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLINICIAN]);
}

const NpcPatient *
npc_case_get_patient (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->patient;
}

static gboolean
patient_equal (const NpcPatient *a,
               const NpcPatient *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->birth_date, b->birth_date) == 0;
}

void
npc_case_set_patient (NpcCase          *self,
                      const NpcPatient *patient)
{
  g_return_if_fail (NPC_IS_CASE (self));
  if (npc_patient_is_empty (patient))
    patient = NULL;
  if (patient_equal (self->patient, patient))
    return;
  g_clear_pointer (&self->patient, npc_patient_free);
  if (patient != NULL)
    {
      JsonObject *o = _npc_patient_to_json (patient, self->patient_json);

      g_clear_pointer (&self->patient_json, json_object_unref);
      self->patient_json = o;
      self->patient = npc_patient_copy (patient);
    }
  else
    g_clear_pointer (&self->patient_json, json_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);
}

const NpcDecision *
npc_case_get_decision (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->decision;
}

static gboolean
decision_equal (const NpcDecision *a,
                const NpcDecision *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if ((a->agents == NULL || a->agents[0] == NULL) != (b->agents == NULL || b->agents[0] == NULL))
    return FALSE;
  if (a->agents != NULL && b->agents != NULL &&
      !g_strv_equal ((const char *const *) a->agents, (const char *const *) b->agents))
    return FALSE;
  return g_strcmp0 (a->outcome, b->outcome) == 0 && g_strcmp0 (a->treatment, b->treatment) == 0 &&
         g_strcmp0 (a->date, b->date) == 0 && g_strcmp0 (a->reason, b->reason) == 0;
}

void
npc_case_set_decision (NpcCase           *self,
                       const NpcDecision *decision)
{
  g_return_if_fail (NPC_IS_CASE (self));
  /* A decision with nothing in it at all is no decision; one with only a date or a reason
   * is kept, so nothing typed is lost while the board is still deciding. */
  if (decision != NULL && decision->outcome == NULL && decision->treatment == NULL &&
      (decision->agents == NULL || decision->agents[0] == NULL) && decision->date == NULL &&
      decision->reason == NULL)
    decision = NULL;
  if (decision_equal (self->decision, decision))
    return;
  g_clear_pointer (&self->decision, npc_decision_free);
  if (decision != NULL)
    {
      JsonObject *o = _npc_decision_to_json (decision, self->decision_json);

      g_clear_pointer (&self->decision_json, json_object_unref);
      self->decision_json = o;
      self->decision = npc_decision_copy (decision);
    }
  else
    g_clear_pointer (&self->decision_json, json_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
}

GStrv
npc_case_dup_field_ids (NpcCase *self)
{
  GStrvBuilder *b;
  GStrv out;

  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  b = g_strv_builder_new ();
  for (guint i = 0; i < self->order->len; i++)
    g_strv_builder_add (b, self->order->pdata[i]);
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

const char *const *
npc_case_get_field_ids (NpcCase *self,
                        guint   *n_out)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  if (n_out != NULL)
    *n_out = self->order->len;
  return (const char *const *) self->order->pdata;
}

gboolean
_npc_case_take_value (NpcCase    *self,
                      char       *field_id,
                      JsonNode   *value)
{
  if (g_hash_table_contains (self->values, field_id))
    {
      g_free (field_id);
      json_node_unref (value);
      return FALSE;
    }
  g_ptr_array_add (self->order, field_id);
  g_hash_table_insert (self->values, field_id, entry_new (value));
  return TRUE;
}

gboolean
npc_case_has_value (NpcCase    *self,
                    const char *field_id)
{
  g_return_val_if_fail (NPC_IS_CASE (self), FALSE);
  return g_hash_table_contains (self->values, field_id);
}

JsonNode *
npc_case_get_value (NpcCase    *self,
                    const char *field_id)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return lookup (self, field_id);
}

void
npc_case_set_value (NpcCase    *self,
                    const char *field_id,
                    JsonNode   *value)
{
  JsonNode *old;

  g_return_if_fail (NPC_IS_CASE (self));
  g_return_if_fail (field_id != NULL);

  old = lookup (self, field_id);
  if (value != NULL && JSON_NODE_HOLDS_NULL (value))
    value = NULL;
  if (old == NULL && value == NULL)
    return;
  if (old != NULL && value != NULL && json_node_equal (old, value))
    return;

  if (value == NULL)
    {
      guint idx;

      g_hash_table_remove (self->values, field_id);
      for (idx = 0; idx < self->order->len; idx++)
        if (g_str_equal (self->order->pdata[idx], field_id))
          break;
      /* The key string lives in `order`; drop it only after the table forgot it. */
      if (idx < self->order->len)
        g_ptr_array_remove_index (self->order, idx);
    }
  else if (old != NULL)
    {
      const char *key = NULL;

      g_hash_table_lookup_extended (self->values, field_id, (gpointer *) &key, NULL);
      g_hash_table_insert (self->values, (gpointer) key, entry_new (json_node_copy (value)));
    }
  else
    {
      g_ptr_array_add (self->order, g_strdup (field_id));
      g_hash_table_insert (self->values, self->order->pdata[self->order->len - 1],
                           entry_new (json_node_copy (value)));
    }

  /* A detail nobody connected to has no quark yet: none is made for every id a file holds. */
  g_signal_emit (self, signals[CHANGED], g_quark_try_string (field_id), field_id);
}

void
npc_case_set_string (NpcCase    *self,
                     const char *field_id,
                     const char *value)
{
  g_autoptr(JsonNode) node = NULL;

  if (value != NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value);
    }
  npc_case_set_value (self, field_id, node);
}

void
npc_case_set_boolean (NpcCase    *self,
                      const char *field_id,
                      gboolean    value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value);
  npc_case_set_value (self, field_id, node);
}

void
npc_case_set_int (NpcCase    *self,
                  const char *field_id,
                  gint64      value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  npc_case_set_value (self, field_id, node);
}

void
npc_case_set_strv (NpcCase           *self,
                   const char        *field_id,
                   const char *const *values)
{
  g_autoptr(JsonNode) node = NULL;

  if (values != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; values[i] != NULL; i++)
        json_array_add_string_element (array, values[i]);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
    }
  npc_case_set_value (self, field_id, node);
}

void
npc_case_unset (NpcCase    *self,
                const char *field_id)
{
  npc_case_set_value (self, field_id, NULL);
}

void
npc_case_clear (NpcCase *self)
{
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (NPC_IS_CASE (self));
  ids = npc_case_dup_field_ids (self);
  for (guint i = 0; ids[i] != NULL; i++)
    npc_case_unset (self, ids[i]);
}

GHashTable *
_npc_case_get_table (NpcCase *self)
{
  g_return_val_if_fail (NPC_IS_CASE (self), NULL);
  return self->values;
}

void
_npc_case_lock_entries (NpcCase *self)
{
  g_mutex_lock (&self->entries_lock);
}

void
_npc_case_unlock_entries (NpcCase *self)
{
  g_mutex_unlock (&self->entries_lock);
}
