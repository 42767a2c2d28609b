/* npc-loader.c — reads a guideline document: hardened parse, schema, model, integrity
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-loader"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "npc-condition.h"
#include "npc-core-resources.h"
#include "npc-error.h"
#include "npc-guideline-private.h"

#define NPC_NS "https://npcpathway.github.io/ns/guideline/1"
#define SCHEMA_RESOURCE "/io/github/npcpathway/NpcPathway/core/npc-guideline.rng"

typedef struct
{
  NpcGuideline *g;
  const char *name;
  GError *error;
  GPtrArray *conditions; /* every condition, in the order made: parents before children */
} Loader;

/* ------------------------------------------------------------------------------------------ */
/* libxml2 set-up                                                                              */

static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  /* Nothing outside the document is ever read. */
  return NULL;
}

static void
silent_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

static void
silence_libxml (void)
{
  /* Errors are collected through structured handlers; never printed on stderr. */
  xmlSetGenericErrorFunc (NULL, silent_generic_error);
  xmlSetStructuredErrorFunc (NULL, NULL);
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  xmlSetExternalEntityLoader (refuse_external_entity);
  return NULL;
}

static GOnce libxml_once = G_ONCE_INIT;

void
npc_guideline_init_parser (void)
{
  g_once (&libxml_once, init_libxml, NULL);
}

typedef struct
{
  xmlRelaxNGPtr schema;
  char *error;
} SchemaCache;

static gpointer
load_schema (gpointer data)
{
  SchemaCache *cache = g_new0 (SchemaCache, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  xmlRelaxNGParserCtxtPtr pctxt;
  gsize size;
  const char *rng;

  /* Looked up through the resource object itself, so the static library keeps it linked. */
  bytes = g_resource_lookup_data (npc_core_get_resource (), SCHEMA_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      cache->error = g_strdup_printf ("the guideline grammar is missing: %s", error->message);
      return cache;
    }
  rng = g_bytes_get_data (bytes, &size);
  pctxt = xmlRelaxNGNewMemParserCtxt (rng, (int) size);
  xmlRelaxNGSetParserErrors (pctxt, silent_generic_error, silent_generic_error, NULL);
  cache->schema = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  if (cache->schema == NULL)
    cache->error = g_strdup ("the guideline grammar does not compile");
  return cache;
}

/* ------------------------------------------------------------------------------------------ */
/* errors                                                                                      */

static int
line_of (xmlNode *node)
{
  return node != NULL ? (int) xmlGetLineNo (node) : 0;
}

G_GNUC_PRINTF (4, 5)
static void
fail (Loader     *l,
      xmlNode    *node,
      NpcError    code,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (l->error != NULL)
    return;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  if (node != NULL && line_of (node) > 0)
    l->error = g_error_new (NPC_ERROR, code, "%s:%d: %s", l->name, line_of (node), msg);
  else
    l->error = g_error_new (NPC_ERROR, code, "%s: %s", l->name, msg);
}

/* Where "<!DOCTYPE" is, outside comments; 1:1 when it cannot be found. */
static void
doctype_position (const char *data,
                  gsize       length,
                  guint      *line,
                  guint      *col)
{
  static const char mark[] = "<!DOCTYPE";
  gboolean in_comment = FALSE;
  gsize found = length;

  for (gsize i = 0; i < length && found == length; i++)
    {
      if (in_comment)
        in_comment = !(length - i >= 3 && memcmp (data + i, "-->", 3) == 0);
      else if (length - i >= 4 && memcmp (data + i, "<!--", 4) == 0)
        in_comment = TRUE;
      else if (length - i >= sizeof mark - 1 && memcmp (data + i, mark, sizeof mark - 1) == 0)
        found = i;
    }
  *line = 1;
  *col = 1;
  if (found == length)
    return;
  for (gsize i = 0; i < found; i++)
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

/* ------------------------------------------------------------------------------------------ */
/* DOM helpers                                                                                 */

static gboolean
is_el (xmlNode    *node,
       const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, NPC_NS) == 0 &&
         (name == NULL || strcmp ((const char *) node->name, name) == 0);
}

static xmlNode *
first_el (xmlNode    *parent,
          const char *name)
{
  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (is_el (c, name))
      return c;
  return NULL;
}

#define FOR_EACH_EL(var, parent, name) \
  for (xmlNode *var = (parent)->children; var != NULL; var = var->next) \
    if (is_el (var, name))

/* Collapses runs of white space: prose in the document is wrapped for reading. */
static char *
normalize_space (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = s; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The text for people in the document is looked up in the guideline's own catalogue
 * (GUIDELINE_GETTEXT_PACKAGE) as it is read, so the model holds the user's language. What is
 * text for people is what data/its/npc-guideline.its gives xgettext to extract; the two lists
 * below say the same, and a test holds them to it. */
static const char *const translated_attributes[] = {
  "label", "title", "measure", "name", "design", "population", "unit", "qualifier", "follow-up",
  "conditional-text", "excluded-reason", "unavailable-reason", "unknown-availability-caveat",
};

static const char *const translated_elements[] = {
  "short-title", "description", "disclaimer", "help", "statement", "text", "option",
  "population", "regimen", "value", "summary", "follow-up", "toxicity", "limitation", "para",
  "item", "message",
};

static gboolean
in_list (const char        *name,
         const char *const *list,
         gsize              n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
intern_text (Loader     *l,
             const char *norm,
             gboolean    translatable)
{
  if (translatable && norm[0] != '\0' && !l->g->untranslated)
    {
      const char *text = g_dgettext (GUIDELINE_GETTEXT_PACKAGE, norm);

      if (text != norm)
        l->g->n_translated++;
      return _npc_guideline_intern (l->g, text);
    }
  return _npc_guideline_intern (l->g, norm);
}

static const char *
attr (Loader     *l,
      xmlNode    *node,
      const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  g_autofree char *norm = NULL;

  if (v == NULL)
    return NULL;
  norm = normalize_space ((const char *) v);
  xmlFree (v);
  return intern_text (l, norm, in_list (name, translated_attributes,
                                        G_N_ELEMENTS (translated_attributes)));
}

static const char *
text_of (Loader  *l,
         xmlNode *node)
{
  xmlChar *v;
  g_autofree char *norm = NULL;

  if (node == NULL)
    return NULL;
  v = xmlNodeGetContent (node);
  if (v == NULL)
    return NULL;
  norm = normalize_space ((const char *) v);
  xmlFree (v);
  /* the document's title, not a reference's or the source's */
  return intern_text (l, norm,
                      in_list ((const char *) node->name, translated_elements,
                               G_N_ELEMENTS (translated_elements)) ||
                      (strcmp ((const char *) node->name, "title") == 0 &&
                       is_el (node->parent, "metadata")));
}

/* The source's dates are written as the review prints them ("Dec 2022", "Jun 08, 2022", or
 * ISO 8601); they are shown as the user's language writes dates ("2022年12月"). A date in
 * another form is shown as written. */
static const char *
local_date (Loader     *l,
            const char *text)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *shown = NULL;
  int year = 0, month = 0, day = 0;
  char name[4] = { 0 };
  char rest = 0;

  if (text == NULL || l->g->untranslated)
    return text;
  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3)
    ;
  else if (sscanf (text, "%3s %2d, %4d%c", name, &day, &year, &rest) == 3 ||
           (day = 0, sscanf (text, "%3s %4d%c", name, &year, &rest) == 2))
    {
      for (guint i = 0; i < G_N_ELEMENTS (months); i++)
        if (g_ascii_strcasecmp (name, months[i]) == 0)
          month = (int) i + 1;
    }
  if (month < 1 || month > 12 || year < 1000 || !g_date_valid_dmy (day ? day : 1, month, year))
    return text;

  date = g_date_time_new_utc (year, month, day ? day : 1, 0, 0, 0);
  if (day)
    /* TRANSLATORS: a date of the source review with its day, as g_date_time_format() takes
     * it: "Jun 08, 2022"; for example "%Y年%-m月%-d日" */
    /* xgettext:no-c-format */
    shown = g_date_time_format (date, _("%b %d, %Y"));
  else
    /* TRANSLATORS: a month of the source review, as g_date_time_format() takes it:
     * "Dec 2022"; for example "%Y年%-m月" */
    /* xgettext:no-c-format */
    shown = g_date_time_format (date, _("%b %Y"));
  return shown != NULL ? _npc_guideline_intern (l->g, shown) : text;
}

static const char *
child_text (Loader     *l,
            xmlNode    *node,
            const char *name)
{
  return text_of (l, first_el (node, name));
}

static gpointer
alloc (Loader *l,
       gsize   size)
{
  return _npc_guideline_alloc (l->g, size);
}

/* Copies a temporary pointer array into the guideline's memory. */
static gpointer
freeze_ptrs (Loader    *l,
             GPtrArray *tmp,
             guint     *n_out)
{
  gpointer *out;

  *n_out = tmp->len;
  if (tmp->len == 0)
    return NULL;
  out = alloc (l, sizeof (gpointer) * tmp->len);
  memcpy (out, tmp->pdata, sizeof (gpointer) * tmp->len);
  return out;
}

static gpointer
freeze_array (Loader *l,
              GArray *tmp,
              guint  *n_out)
{
  gsize size = (gsize) g_array_get_element_size (tmp) * tmp->len;
  gpointer out;

  *n_out = tmp->len;
  if (tmp->len == 0)
    return NULL;
  out = alloc (l, size);
  memcpy (out, tmp->data, size);
  return out;
}

static const char *const *
freeze_strv (Loader    *l,
             GPtrArray *tmp)
{
  const char **out = alloc (l, sizeof (char *) * (tmp->len + 1));

  for (guint i = 0; i < tmp->len; i++)
    out[i] = tmp->pdata[i];
  return out;
}

static gboolean
parse_uint (const char *s,
            guint      *out)
{
  guint64 v;

  if (s == NULL || !g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT, &v, NULL))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
parse_int64 (const char *s,
             gint64     *out)
{
  return s != NULL && g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, out, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* ids                                                                                         */

static gboolean
register_id (Loader        *l,
             xmlNode       *node,
             const char    *id,
             NpcLookupKind  kind,
             gpointer       item)
{
  NpcLookup *prev = g_hash_table_lookup (l->g->by_id, id);
  NpcLookup *entry;

  if (prev != NULL)
    {
      fail (l, node, NPC_ERROR_INTEGRITY, "the id “%s” is used twice (first on line %d)", id,
            prev->line);
      return FALSE;
    }
  entry = alloc (l, sizeof *entry);
  entry->kind = kind;
  entry->item = item;
  entry->line = line_of (node);
  g_hash_table_insert (l->g->by_id, (gpointer) id, entry);
  return TRUE;
}

static const char *
kind_name (NpcLookupKind kind)
{
  switch (kind)
    {
    case NPC_LOOKUP_SECTION: return "section";
    case NPC_LOOKUP_FIELD: return "field";
    case NPC_LOOKUP_NODE: return "node";
    case NPC_LOOKUP_MODIFIER: return "modifier";
    case NPC_LOOKUP_AMBIGUITY: return "ambiguity";
    case NPC_LOOKUP_INFO: return "information block";
    case NPC_LOOKUP_EVIDENCE: return "evidence item";
    default: return "item";
    }
}

static gpointer
resolve (Loader        *l,
         xmlNode       *node,
         const char    *attribute,
         const char    *id,
         NpcLookupKind  kind)
{
  NpcLookup *entry;

  if (id == NULL)
    {
      fail (l, node, NPC_ERROR_INTEGRITY, "<%s> needs a %s attribute", node->name, attribute);
      return NULL;
    }
  entry = g_hash_table_lookup (l->g->by_id, id);
  if (entry == NULL)
    {
      fail (l, node, NPC_ERROR_INTEGRITY, "<%s %s=\"%s\">: no %s has the id “%s”", node->name,
            attribute, id, kind_name (kind), id);
      return NULL;
    }
  if (entry->kind != kind)
    {
      fail (l, node, NPC_ERROR_INTEGRITY, "<%s %s=\"%s\">: “%s” is a %s, not a %s", node->name,
            attribute, id, id, kind_name (entry->kind), kind_name (kind));
      return NULL;
    }
  return entry->item;
}

static const NpcNode *
resolve_node (Loader     *l,
              xmlNode    *node,
              const char *attribute)
{
  return resolve (l, node, attribute, attr (l, node, attribute), NPC_LOOKUP_NODE);
}

/* A list of reference numbers, each of which must exist. */
static const guint *
parse_refnums (Loader     *l,
               xmlNode    *node,
               const char *attribute,
               guint      *n_out)
{
  const char *s = attr (l, node, attribute);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (guint));

  *n_out = 0;
  if (s == NULL)
    return NULL;
  parts = g_strsplit (s, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint n;

      if (*parts[i] == '\0')
        continue;
      if (!parse_uint (parts[i], &n) || n == 0)
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "“%s” is not a reference number", parts[i]);
          return NULL;
        }
      if (g_hash_table_lookup (l->g->refs_by_n, GUINT_TO_POINTER (n)) == NULL)
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "reference %u is cited but not listed", n);
          return NULL;
        }
      g_array_append_val (nums, n);
    }
  return freeze_array (l, nums, n_out);
}

/* ------------------------------------------------------------------------------------------ */
/* values and conditions                                                                       */

static gboolean
parse_value (Loader         *l,
             xmlNode        *node,
             const NpcField *field,
             const char     *str,
             NpcValue       *out)
{
  memset (out, 0, sizeof *out);

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
    case NPC_FIELD_SET:
      {
        int idx = npc_field_find_value (field, str);

        if (idx < 0)
          {
            fail (l, node, NPC_ERROR_INTEGRITY, "“%s” is not a value of the field “%s”", str,
                  field->id);
            return FALSE;
          }
        if (field->values[idx].means_unknown)
          {
            fail (l, node, NPC_ERROR_INTEGRITY, "“%s” of the field “%s” means “not known”: test "
                  "it with <known>", str, field->id);
            return FALSE;
          }
        out->v.enum_index = (guint) idx;
        break;
      }
    case NPC_FIELD_BOOLEAN:
      if (g_strcmp0 (str, "true") == 0)
        out->v.boolean = TRUE;
      else if (g_strcmp0 (str, "false") == 0)
        out->v.boolean = FALSE;
      else
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "the field “%s” is yes/no: “%s” must be true or false",
                field->id, str);
          return FALSE;
        }
      break;
    case NPC_FIELD_INTEGER:
      if (!parse_int64 (str, &out->v.integer) || out->v.integer < field->min ||
          out->v.integer > field->max)
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "“%s” is not an integer from %" G_GINT64_FORMAT
                " to %" G_GINT64_FORMAT " for the field “%s”", str, field->min, field->max,
                field->id);
          return FALSE;
        }
      break;
    case NPC_FIELD_TEXT:
      out->v.text = _npc_guideline_intern (l->g, str);
      break;
    case NPC_FIELD_TEXT_LIST:
    default:
      fail (l, node, NPC_ERROR_INTEGRITY, "the field “%s” cannot be compared with a value",
            field->id);
      return FALSE;
    }
  out->known = TRUE;
  return TRUE;
}

static const NpcField *
condition_field (Loader  *l,
                 xmlNode *node)
{
  return resolve (l, node, "field", attr (l, node, "field"), NPC_LOOKUP_FIELD);
}

static gboolean
need_type (Loader         *l,
           xmlNode        *node,
           const NpcField *field,
           NpcFieldType    type)
{
  if (field->type == type)
    return TRUE;
  fail (l, node, NPC_ERROR_INTEGRITY, "<%s> needs a %s field; “%s” is %s", node->name,
        npc_field_type_to_string (type), field->id, npc_field_type_to_string (field->type));
  return FALSE;
}

static const NpcCondition *parse_condition (Loader *l, xmlNode *node, guint depth);

static const NpcCondition *
parse_condition_child (Loader  *l,
                       xmlNode *parent,
                       guint    depth)
{
  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return parse_condition (l, c, depth);
  fail (l, parent, NPC_ERROR_SCHEMA, "<%s> needs a condition", parent->name);
  return NULL;
}

static const NpcCondition *
parse_condition (Loader  *l,
                 xmlNode *node,
                 guint    depth)
{
  NpcCondition *c;
  const char *name = (const char *) node->name;

  if (depth > NPC_GUIDELINE_MAX_DEPTH)
    {
      fail (l, node, NPC_ERROR_TOO_LARGE, "conditions nest deeper than %d levels",
            NPC_GUIDELINE_MAX_DEPTH);
      return NULL;
    }

  c = alloc (l, sizeof *c);
  g_ptr_array_add (l->conditions, c);

  if (g_str_equal (name, "all") || g_str_equal (name, "any") || g_str_equal (name, "not"))
    {
      g_autoptr(GPtrArray) children = g_ptr_array_new ();

      c->kind = g_str_equal (name, "all") ? NPC_COND_ALL
                : g_str_equal (name, "any") ? NPC_COND_ANY : NPC_COND_NOT;
      for (xmlNode *k = node->children; k != NULL; k = k->next)
        {
          const NpcCondition *child;

          if (k->type != XML_ELEMENT_NODE)
            continue;
          child = parse_condition (l, k, depth + 1);
          if (child == NULL)
            return NULL;
          g_ptr_array_add (children, (gpointer) child);
        }
      if (children->len == 0 || (c->kind == NPC_COND_NOT && children->len != 1))
        {
          fail (l, node, NPC_ERROR_SCHEMA, "<%s> has the wrong number of conditions", name);
          return NULL;
        }
      c->children = freeze_ptrs (l, children, &c->n_children);
      return c;
    }

  if (g_str_equal (name, "always"))
    {
      c->kind = NPC_COND_ALWAYS;
      return c;
    }

  if (g_str_equal (name, "agents-qualify"))
    {
      c->kind = NPC_COND_AGENTS_QUALIFY;
      c->outcome = resolve (l, node, "outcome", attr (l, node, "outcome"), NPC_LOOKUP_NODE);
      if (c->outcome == NULL)
        return NULL;
      /* The outcome's agents are parsed later; checked in check_agents_qualify(). */
      return c;
    }

  c->field = condition_field (l, node);
  if (c->field == NULL)
    return NULL;

  if (g_str_equal (name, "known"))
    c->kind = NPC_COND_KNOWN;
  else if (g_str_equal (name, "equals"))
    {
      c->kind = NPC_COND_EQUALS;
      if (c->field->type == NPC_FIELD_SET)
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "“%s” is a set: use <contains>", c->field->id);
          return NULL;
        }
      if (!parse_value (l, node, c->field, attr (l, node, "value"), &c->value))
        return NULL;
    }
  else if (g_str_equal (name, "in"))
    {
      g_auto(GStrv) values = NULL;

      c->kind = NPC_COND_IN;
      if (!need_type (l, node, c->field, NPC_FIELD_ENUM))
        return NULL;
      values = g_strsplit (attr (l, node, "values"), " ", -1);
      for (guint i = 0; values[i] != NULL; i++)
        {
          int idx = npc_field_find_value (c->field, values[i]);

          if (idx < 0)
            {
              fail (l, node, NPC_ERROR_INTEGRITY, "“%s” is not a value of the field “%s”",
                    values[i], c->field->id);
              return NULL;
            }
          c->mask |= G_GUINT64_CONSTANT (1) << idx;
        }
    }
  else if (g_str_equal (name, "contains"))
    {
      c->kind = NPC_COND_CONTAINS;
      if (!need_type (l, node, c->field, NPC_FIELD_SET) ||
          !parse_value (l, node, c->field, attr (l, node, "value"), &c->value))
        return NULL;
    }
  else if (g_str_equal (name, "compare"))
    {
      const char *op = attr (l, node, "op");
      static const char *const ops[] = { "lt", "le", "gt", "ge", "eq", "ne" };

      c->kind = NPC_COND_COMPARE;
      if (!need_type (l, node, c->field, NPC_FIELD_INTEGER))
        return NULL;
      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        if (g_strcmp0 (op, ops[i]) == 0)
          c->op = (NpcCompareOp) i;
      if (!parse_int64 (attr (l, node, "value"), &c->value.v.integer))
        {
          fail (l, node, NPC_ERROR_SCHEMA, "<compare> needs an integer value");
          return NULL;
        }
      c->value.known = TRUE;
    }
  else
    {
      fail (l, node, NPC_ERROR_SCHEMA, "<%s> is not a condition", name);
      return NULL;
    }

  return c;
}

static const NpcCondition *
parse_when (Loader  *l,
            xmlNode *parent)
{
  xmlNode *when = first_el (parent, "when");

  if (when == NULL)
    return NULL;
  return parse_condition_child (l, when, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* links                                                                                       */

static const NpcNote *
parse_note (Loader  *l,
            xmlNode *node)
{
  NpcNote *note = alloc (l, sizeof *note);
  const char *ref = attr (l, node, "ref");
  const char *flag = attr (l, node, "flag");

  if (ref != NULL)
    {
      note->ambiguity = resolve (l, node, "ref", ref, NPC_LOOKUP_AMBIGUITY);
      if (note->ambiguity == NULL)
        return NULL;
    }
  note->flag = note->ambiguity != NULL && g_strcmp0 (flag, "false") != 0;
  note->text = child_text (l, node, "text");
  if (first_el (node, "when") != NULL)
    {
      note->when = parse_when (l, node);
      if (note->when == NULL)
        return NULL;
    }
  if (note->ambiguity == NULL && note->text == NULL)
    {
      fail (l, node, NPC_ERROR_SCHEMA, "a <note> needs a ref or a text");
      return NULL;
    }
  return note;
}

static gboolean
parse_links (Loader   *l,
             xmlNode  *node,
             NpcLinks *links)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  g_autoptr(GArray) cites = g_array_new (FALSE, TRUE, sizeof (NpcCite));

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (is_el (c, "note"))
        {
          const NpcNote *note = parse_note (l, c);

          if (note == NULL)
            return FALSE;
          g_ptr_array_add (notes, (gpointer) note);
        }
      else if (is_el (c, "evidence"))
        {
          gpointer item = resolve (l, c, "ref", attr (l, c, "ref"), NPC_LOOKUP_EVIDENCE);

          if (item == NULL)
            return FALSE;
          g_ptr_array_add (evidence, item);
        }
      else if (is_el (c, "info"))
        {
          gpointer item = resolve (l, c, "ref", attr (l, c, "ref"), NPC_LOOKUP_INFO);

          if (item == NULL)
            return FALSE;
          g_ptr_array_add (infos, item);
        }
      else if (is_el (c, "cite"))
        {
          NpcCite cite = { 0 };

          cite.refs = parse_refnums (l, c, "refs", &cite.n_refs);
          if (l->error != NULL)
            return FALSE;
          cite.purpose = attr (l, c, "for");
          g_array_append_val (cites, cite);
        }
    }

  links->notes = freeze_ptrs (l, notes, &links->n_notes);
  links->evidence = freeze_ptrs (l, evidence, &links->n_evidence);
  links->infos = freeze_ptrs (l, infos, &links->n_infos);
  links->cites = freeze_array (l, cites, &links->n_cites);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* sections and fields                                                                         */

static gboolean
parse_enum_values (Loader   *l,
                   xmlNode  *node,
                   NpcField *field)
{
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (NpcEnumValue));

  FOR_EACH_EL (v, node, "value")
    {
      NpcEnumValue value = { 0 };

      value.id = attr (l, v, "id");
      value.label = attr (l, v, "label");
      value.help = child_text (l, v, "help");
      value.means_unknown = g_strcmp0 (attr (l, v, "unknown"), "true") == 0;
      for (guint i = 0; i < values->len; i++)
        if (g_str_equal (g_array_index (values, NpcEnumValue, i).id, value.id))
          {
            fail (l, v, NPC_ERROR_INTEGRITY, "the field “%s” lists the value “%s” twice", field->id,
                  value.id);
            return FALSE;
          }
      g_array_append_val (values, value);
    }
  if (values->len > 64)
    {
      fail (l, node, NPC_ERROR_TOO_LARGE, "the field “%s” has more than 64 values", field->id);
      return FALSE;
    }
  field->values = freeze_array (l, values, &field->n_values);
  return TRUE;
}

static gboolean
parse_field (Loader   *l,
             xmlNode  *node,
             NpcField *field)
{
  const char *type = attr (l, node, "type");
  const char *def = attr (l, node, "default");
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();

  field->label = attr (l, node, "label");
  field->help = child_text (l, node, "help");
  field->source = attr (l, node, "source");
  field->lint_accept = attr (l, node, "lint-accept");
  field->lint_reason = attr (l, node, "lint-reason");
  field->section = resolve (l, node, "section", attr (l, node, "section"), NPC_LOOKUP_SECTION);
  if (field->section == NULL)
    return FALSE;

  if (g_strcmp0 (type, "enum") == 0)
    field->type = NPC_FIELD_ENUM;
  else if (g_strcmp0 (type, "set") == 0)
    field->type = NPC_FIELD_SET;
  else if (g_strcmp0 (type, "boolean") == 0)
    field->type = NPC_FIELD_BOOLEAN;
  else if (g_strcmp0 (type, "integer") == 0)
    field->type = NPC_FIELD_INTEGER;
  else if (g_strcmp0 (type, "text") == 0)
    field->type = NPC_FIELD_TEXT;
  else if (g_strcmp0 (type, "text-list") == 0)
    field->type = NPC_FIELD_TEXT_LIST;
  else
    {
      fail (l, node, NPC_ERROR_SCHEMA, "the field “%s” has an unknown type “%s”", field->id,
            type ? type : "");
      return FALSE;
    }

  if (field->type == NPC_FIELD_ENUM || field->type == NPC_FIELD_SET ||
      field->type == NPC_FIELD_TEXT_LIST)
    {
      if (!parse_enum_values (l, node, field))
        return FALSE;
    }
  if (field->type == NPC_FIELD_INTEGER)
    {
      if (!parse_int64 (attr (l, node, "min"), &field->min) ||
          !parse_int64 (attr (l, node, "max"), &field->max) || field->min > field->max)
        {
          fail (l, node, NPC_ERROR_INTEGRITY, "the field “%s” needs an integer range min ≤ max",
                field->id);
          return FALSE;
        }
      field->unit = attr (l, node, "unit");
    }
  if (def != NULL && !parse_value (l, node, field, def, &field->default_value))
    return FALSE;

  FOR_EACH_EL (n, node, "note")
    {
      const NpcNote *note = parse_note (l, n);

      if (note == NULL)
        return FALSE;
      g_ptr_array_add (notes, (gpointer) note);
    }
  field->notes = freeze_ptrs (l, notes, &field->n_notes);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* nodes                                                                                       */

static NpcOutcomeType
outcome_type (const char *s)
{
  NpcOutcomeType t = NPC_OUTCOME_NOT_COVERED;

  npc_outcome_type_from_string (s, &t);
  return t;
}

static gboolean
parse_agents (Loader   *l,
              xmlNode  *node,
              NpcNode  *outcome)
{
  NpcAgentList *list = alloc (l, sizeof *list);
  g_autoptr(GArray) agents = g_array_new (FALSE, TRUE, sizeof (NpcAgent));
  const char *avail = attr (l, node, "availability-field");

  if (avail != NULL)
    {
      list->availability_field = resolve (l, node, "availability-field", avail, NPC_LOOKUP_FIELD);
      if (list->availability_field == NULL ||
          !need_type (l, node, list->availability_field, NPC_FIELD_SET))
        return FALSE;
    }
  list->unavailable_reason = attr (l, node, "unavailable-reason");
  list->unknown_availability_caveat = attr (l, node, "unknown-availability-caveat");

  FOR_EACH_EL (a, node, "agent")
    {
      NpcAgent agent = { 0 };
      g_autoptr(GArray) reqs = g_array_new (FALSE, TRUE, sizeof (NpcRequirement));

      agent.id = attr (l, a, "id");
      agent.label = attr (l, a, "label");
      agent.qualifier = attr (l, a, "qualifier");
      FOR_EACH_EL (r, a, "requires")
        {
          NpcRequirement req = { 0 };

          req.excluded_reason = attr (l, r, "excluded-reason");
          req.conditional_text = attr (l, r, "conditional-text");
          req.condition = parse_condition_child (l, r, 0);
          if (req.condition == NULL)
            return FALSE;
          g_array_append_val (reqs, req);
        }
      agent.requirements = freeze_array (l, reqs, &agent.n_requirements);
      if (!parse_links (l, a, &agent.links))
        return FALSE;
      agent.availability_index = list->availability_field != NULL
                                   ? npc_field_find_value (list->availability_field, agent.id)
                                   : -1;
      if (list->availability_field != NULL && agent.availability_index < 0)
        {
          fail (l, a, NPC_ERROR_INTEGRITY, "the agent “%s” is not a value of “%s”", agent.id,
                list->availability_field->id);
          return FALSE;
        }
      g_array_append_val (agents, agent);
    }
  list->agents = freeze_array (l, agents, &list->n_agents);
  outcome->agents = list;
  return TRUE;
}

static gboolean
parse_decision (Loader  *l,
                xmlNode *node,
                NpcNode *n)
{
  g_autoptr(GArray) branches = g_array_new (FALSE, TRUE, sizeof (NpcBranch));

  n->help = child_text (l, node, "help");
  FOR_EACH_EL (b, node, "branch")
    {
      NpcBranch branch = { 0 };
      xmlNode *cond = NULL;

      branch.label = attr (l, b, "label");
      branch.index = branches->len;
      branch.target = resolve_node (l, b, "target");
      if (branch.target == NULL)
        return FALSE;
      for (xmlNode *c = b->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          {
            cond = c;
            break;
          }
      if (cond == NULL)
        {
          fail (l, b, NPC_ERROR_SCHEMA, "the branch “%s” of %s has no condition", branch.label,
                n->id);
          return FALSE;
        }
      branch.condition = parse_condition (l, cond, 0);
      if (branch.condition == NULL)
        return FALSE;
      /* Written once here; every evaluation that takes the branch quotes it. */
      {
        g_autofree char *text = npc_condition_to_text (branch.condition);

        branch.text = _npc_guideline_intern (l->g, text);
      }
      g_array_append_val (branches, branch);
    }
  n->branches = freeze_array (l, branches, &n->n_branches);
  if (n->n_branches == 0)
    {
      fail (l, node, NPC_ERROR_SCHEMA, "the decision %s has no branch", n->id);
      return FALSE;
    }
  return parse_links (l, node, &n->links);
}

static gboolean
parse_redirect (Loader  *l,
                xmlNode *node,
                NpcNode *n)
{
  g_autoptr(GArray) derived = g_array_new (FALSE, TRUE, sizeof (NpcDerivedValue));

  n->statement = child_text (l, node, "statement");
  n->strength = attr (l, node, "strength");
  n->target = resolve_node (l, node, "target");
  if (n->target == NULL)
    return FALSE;
  FOR_EACH_EL (s, node, "set")
    {
      NpcDerivedValue d = { 0 };

      d.field = condition_field (l, s);
      if (d.field == NULL || !parse_value (l, s, d.field, attr (l, s, "value"), &d.value))
        return FALSE;
      d.override = g_strcmp0 (attr (l, s, "mode"), "override") == 0;
      if (first_el (s, "when") != NULL && (d.when = parse_when (l, s)) == NULL)
        return FALSE;
      g_array_append_val (derived, d);
    }
  n->derived = freeze_array (l, derived, &n->n_derived);
  return parse_links (l, node, &n->links);
}

static gboolean
parse_outcome (Loader  *l,
               xmlNode *node,
               NpcNode *n)
{
  g_autoptr(GArray) alternatives = g_array_new (FALSE, TRUE, sizeof (NpcAlternative));
  g_autoptr(GPtrArray) see_also = g_ptr_array_new ();
  xmlNode *options = first_el (node, "options");
  xmlNode *agents = first_el (node, "agents");
  xmlNode *scope = first_el (node, "scope");

  n->type = outcome_type (attr (l, node, "type"));
  n->strength = attr (l, node, "strength");
  n->grade = attr (l, node, "grade");
  n->statement = child_text (l, node, "statement");

  if (scope != NULL)
    {
      n->scope_population = attr (l, scope, "population");
      n->scope_strength = attr (l, scope, "strength");
      n->scope_source = attr (l, scope, "source");
      n->scope = parse_condition_child (l, scope, 0);
      if (n->scope == NULL)
        return FALSE;
    }

  FOR_EACH_EL (a, node, "alternative")
    {
      NpcAlternative alt = { 0 };

      alt.node = resolve_node (l, a, "ref");
      if (alt.node == NULL)
        return FALSE;
      if (first_el (a, "when") != NULL && (alt.when = parse_when (l, a)) == NULL)
        return FALSE;
      g_array_append_val (alternatives, alt);
    }
  n->alternatives = freeze_array (l, alternatives, &n->n_alternatives);

  if (options != NULL)
    {
      g_autoptr(GArray) opts = g_array_new (FALSE, TRUE, sizeof (NpcOption));

      g_autoptr(GPtrArray) reqs = g_ptr_array_new ();
      const char *given = attr (l, options, "exclude-given");

      n->options_label = attr (l, options, "label");
      if (given != NULL)
        {
          n->options_exclude_given = resolve (l, options, "exclude-given", given,
                                              NPC_LOOKUP_FIELD);
          if (n->options_exclude_given == NULL)
            return FALSE;
          if (n->options_exclude_given->type != NPC_FIELD_TEXT_LIST &&
              n->options_exclude_given->type != NPC_FIELD_SET)
            {
              fail (l, options, NPC_ERROR_INTEGRITY,
                    "exclude-given needs a text-list or set field; “%s” is %s", given,
                    npc_field_type_to_string (n->options_exclude_given->type));
              return FALSE;
            }
        }
      FOR_EACH_EL (r, options, "requirement")
        {
          NpcRequirement *req = alloc (l, sizeof *req);

          req->id = attr (l, r, "id");
          req->excluded_reason = attr (l, r, "excluded-reason");
          req->conditional_text = attr (l, r, "conditional-text");
          req->condition = parse_condition_child (l, r, 0);
          if (req->condition == NULL)
            return FALSE;
          g_ptr_array_add (reqs, req);
        }
      FOR_EACH_EL (o, options, "option")
        {
          NpcOption opt = { 0 };
          const char *agents_attr = attr (l, o, "agents");
          const char *requires_attr = attr (l, o, "requires");
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();
          g_autoptr(GPtrArray) named = g_ptr_array_new ();

          opt.text = text_of (l, o);
          opt.refs = parse_refnums (l, o, "cite", &opt.n_refs);
          if (l->error != NULL)
            return FALSE;
          if (agents_attr != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (agents_attr, " ", -1);

              for (guint k = 0; parts[k] != NULL; k++)
                if (*parts[k] != '\0')
                  g_ptr_array_add (ids, (gpointer) _npc_guideline_intern (l->g, parts[k]));
            }
          opt.agents = freeze_strv (l, ids);
          opt.n_agents = ids->len;
          if (requires_attr != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (requires_attr, " ", -1);

              for (guint k = 0; parts[k] != NULL; k++)
                {
                  const NpcRequirement *found = NULL;

                  if (*parts[k] == '\0')
                    continue;
                  for (guint r = 0; r < reqs->len && found == NULL; r++)
                    if (g_str_equal (((NpcRequirement *) reqs->pdata[r])->id, parts[k]))
                      found = reqs->pdata[r];
                  if (found == NULL)
                    {
                      fail (l, o, NPC_ERROR_INTEGRITY,
                            "the option “%s” requires “%s”, which its list does not define",
                            opt.text, parts[k]);
                      return FALSE;
                    }
                  g_ptr_array_add (named, (gpointer) found);
                }
            }
          opt.requirements = freeze_ptrs (l, named, &opt.n_requirements);
          g_array_append_val (opts, opt);
        }
      n->options = freeze_array (l, opts, &n->n_options);
    }

  if (agents != NULL && !parse_agents (l, agents, n))
    return FALSE;

  FOR_EACH_EL (s, node, "see-also")
    {
      const NpcNode *other = resolve_node (l, s, "ref");

      if (other == NULL)
        return FALSE;
      g_ptr_array_add (see_also, (gpointer) other);
    }
  n->see_also = freeze_ptrs (l, see_also, &n->n_see_also);

  return parse_links (l, node, &n->links);
}

/* ------------------------------------------------------------------------------------------ */
/* evidence, infos, references                                                                 */

static gboolean
parse_evidence (Loader      *l,
                xmlNode     *node,
                NpcEvidence *e)
{
  g_autoptr(GArray) arms = g_array_new (FALSE, TRUE, sizeof (NpcArm));
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (NpcResult));
  g_autoptr(GPtrArray) toxicity = g_ptr_array_new ();
  g_autoptr(GPtrArray) limitations = g_ptr_array_new ();

  e->name = attr (l, node, "name");
  e->named_in_source = g_strcmp0 (attr (l, node, "named-in-source"), "false") != 0;
  e->design = attr (l, node, "design");
  e->phase = attr (l, node, "phase");
  parse_uint (attr (l, node, "n"), &e->n);
  e->source = attr (l, node, "source");
  e->population = child_text (l, node, "population");
  e->follow_up = child_text (l, node, "follow-up");

  FOR_EACH_EL (a, node, "arm")
    {
      NpcArm arm = { 0 };

      arm.id = attr (l, a, "id");
      arm.label = attr (l, a, "label");
      parse_uint (attr (l, a, "n"), &arm.n);
      arm.regimen = child_text (l, a, "regimen");
      for (guint i = 0; i < arms->len; i++)
        if (g_str_equal (g_array_index (arms, NpcArm, i).id, arm.id))
          {
            fail (l, a, NPC_ERROR_INTEGRITY, "%s lists the arm “%s” twice", e->id, arm.id);
            return FALSE;
          }
      g_array_append_val (arms, arm);
    }
  /* Arms are frozen first so results can point at them. */
  e->arms = freeze_array (l, arms, &e->n_arms);

  FOR_EACH_EL (r, node, "result")
    {
      NpcResult result = { 0 };
      g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (NpcArmValue));
      xmlNode *hr = first_el (r, "hazard-ratio");

      result.measure = attr (l, r, "measure");
      result.follow_up = attr (l, r, "follow-up");
      result.summary = child_text (l, r, "summary");
      FOR_EACH_EL (v, r, "value")
        {
          NpcArmValue value = { 0 };
          const char *arm_id = attr (l, v, "arm");

          for (guint i = 0; i < e->n_arms; i++)
            if (g_str_equal (e->arms[i].id, arm_id))
              value.arm = &e->arms[i];
          if (value.arm == NULL)
            {
              fail (l, v, NPC_ERROR_INTEGRITY, "%s has no arm “%s”", e->id, arm_id);
              return FALSE;
            }
          value.text = text_of (l, v);
          g_array_append_val (values, value);
        }
      result.values = freeze_array (l, values, &result.n_values);
      if (hr != NULL)
        {
          result.hazard_ratio = attr (l, hr, "value");
          result.ci_lower = attr (l, hr, "ci-lower");
          result.ci_upper = attr (l, hr, "ci-upper");
          result.ci_level = attr (l, hr, "ci-level");
          if ((result.ci_lower == NULL) != (result.ci_upper == NULL))
            {
              fail (l, hr, NPC_ERROR_INTEGRITY, "a confidence interval needs both bounds");
              return FALSE;
            }
        }
      g_array_append_val (results, result);
    }
  e->results = freeze_array (l, results, &e->n_results);

  FOR_EACH_EL (t, node, "toxicity")
    g_ptr_array_add (toxicity, (gpointer) text_of (l, t));
  FOR_EACH_EL (t, node, "limitation")
    g_ptr_array_add (limitations, (gpointer) text_of (l, t));
  e->toxicity = freeze_strv (l, toxicity);
  e->limitations = freeze_strv (l, limitations);

  return parse_links (l, node, &e->links);
}

static gboolean
parse_info (Loader  *l,
            xmlNode *node,
            NpcInfo *info)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, TRUE, sizeof (NpcInfoPart));

  info->title = attr (l, node, "title");
  info->source = attr (l, node, "source");
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      NpcInfoPart part = { 0 };

      if (!is_el (c, "para") && !is_el (c, "item"))
        continue;
      part.label = is_el (c, "item") ? attr (l, c, "label") : NULL;
      part.text = text_of (l, c);
      part.refs = parse_refnums (l, c, "cite", &part.n_refs);
      if (l->error != NULL)
        return FALSE;
      g_array_append_val (parts, part);
    }
  info->parts = freeze_array (l, parts, &info->n_parts);
  return parse_links (l, node, &info->links);
}

static gboolean
parse_references (Loader  *l,
                  xmlNode *node)
{
  FOR_EACH_EL (r, node, "reference")
    {
      NpcReference *ref = alloc (l, sizeof *ref);
      const char *year;

      if (!parse_uint (attr (l, r, "n"), &ref->n) || ref->n == 0)
        {
          fail (l, r, NPC_ERROR_SCHEMA, "a reference needs a number");
          return FALSE;
        }
      if (g_hash_table_contains (l->g->refs_by_n, GUINT_TO_POINTER (ref->n)))
        {
          fail (l, r, NPC_ERROR_INTEGRITY, "reference %u is listed twice", ref->n);
          return FALSE;
        }
      ref->kind = attr (l, r, "kind");
      ref->authors = child_text (l, r, "authors");
      ref->title = child_text (l, r, "title");
      ref->journal = child_text (l, r, "journal");
      year = child_text (l, r, "year");
      if (year != NULL)
        parse_uint (year, &ref->year);
      ref->volume = child_text (l, r, "volume");
      ref->pages = child_text (l, r, "pages");
      ref->citation = child_text (l, r, "citation");
      g_ptr_array_add (l->g->references, ref);
      g_hash_table_insert (l->g->refs_by_n, GUINT_TO_POINTER (ref->n), ref);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* whole-tree checks                                                                           */

static gboolean
check_agents_qualify (Loader             *l,
                      const NpcCondition *c)
{
  if (c == NULL)
    return TRUE;
  if (c->kind == NPC_COND_AGENTS_QUALIFY &&
      (c->outcome->kind != NPC_NODE_OUTCOME || c->outcome->agents == NULL))
    {
      fail (l, NULL, NPC_ERROR_INTEGRITY,
            "<agents-qualify outcome=\"%s\">: that node is not an outcome with agents",
            c->outcome->id);
      return FALSE;
    }
  for (guint i = 0; i < c->n_children; i++)
    if (!check_agents_qualify (l, c->children[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_tree (Loader *l)
{
  NpcGuideline *g = l->g;
  g_autofree guint8 *colour = g_new0 (guint8, g->nodes->len); /* 0 new, 1 open, 2 done */
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GArray) next_child = g_array_new (FALSE, TRUE, sizeof (guint));

  /* Iterative depth-first search: a guideline may be deep, the C stack is not. */
  g_ptr_array_add (stack, (gpointer) g->root);
  g_array_set_size (next_child, 1);
  colour[g->root->index] = 1;

  while (stack->len > 0)
    {
      const NpcNode *n = g_ptr_array_index (stack, stack->len - 1);
      guint *i = &g_array_index (next_child, guint, stack->len - 1);

      if (*i < npc_node_get_n_children (n))
        {
          const NpcNode *child = npc_node_get_child (n, (*i)++);

          if (colour[child->index] == 1)
            {
              GString *cycle = g_string_new (NULL);
              gboolean in = FALSE;

              for (guint k = 0; k < stack->len; k++)
                {
                  const NpcNode *s = g_ptr_array_index (stack, k);

                  if (s == child)
                    in = TRUE;
                  if (in)
                    g_string_append_printf (cycle, "%s → ", s->id);
                }
              g_string_append (cycle, child->id);
              fail (l, NULL, NPC_ERROR_INTEGRITY, "the decision tree has a cycle: %s", cycle->str);
              g_string_free (cycle, TRUE);
              return FALSE;
            }
          if (colour[child->index] == 0)
            {
              guint zero = 0;

              colour[child->index] = 1;
              g_ptr_array_add (stack, (gpointer) child);
              g_array_append_val (next_child, zero);
            }
        }
      else
        {
          colour[n->index] = 2;
          g_ptr_array_remove_index (stack, stack->len - 1);
          g_array_set_size (next_child, stack->len);
        }
    }

  for (guint i = 0; i < g->nodes->len; i++)
    if (colour[i] == 0)
      {
        const NpcNode *n = g_ptr_array_index (g->nodes, i);
        NpcLookup *entry = g_hash_table_lookup (g->by_id, n->id);

        l->error = g_error_new (NPC_ERROR, NPC_ERROR_INTEGRITY,
                                "%s:%d: the node %s cannot be reached from the root %s", l->name,
                                entry->line, n->id, g->root->id);
        return FALSE;
      }

  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* the document                                                                                */

/* Pass 1 for one kind of item: allocate each, read its id and register it, so that items
 * can refer to each other whatever their order in the document. */
static gboolean
register_all (Loader        *l,
              xmlNode       *parent,
              const char    *element,
              NpcLookupKind  kind,
              gsize          size,
              goffset        id_offset,
              GPtrArray     *items,
              GPtrArray     *elements)
{
  if (parent == NULL)
    return TRUE;
  FOR_EACH_EL (e, parent, element)
    {
      gpointer item = alloc (l, size);
      const char **id = G_STRUCT_MEMBER_P (item, id_offset);

      *id = attr (l, e, "id");
      if (!register_id (l, e, *id, kind, item))
        return FALSE;
      g_ptr_array_add (items, item);
      g_ptr_array_add (elements, e);
    }
  return TRUE;
}

static gboolean
build_model (Loader  *l,
             xmlNode *root)
{
  NpcGuideline *g = l->g;
  xmlNode *metadata = first_el (root, "metadata");
  xmlNode *source = first_el (metadata, "source");
  xmlNode *el;
  g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (NpcPerson));
  g_autoptr(GPtrArray) node_elements = g_ptr_array_new ();
  g_autoptr(GPtrArray) field_elements = g_ptr_array_new ();
  g_autoptr(GPtrArray) evidence_elements = g_ptr_array_new ();
  g_autoptr(GPtrArray) info_elements = g_ptr_array_new ();
  g_autoptr(GPtrArray) modifier_elements = g_ptr_array_new ();

  g->id = g_strdup (attr (l, root, "id"));
  g->version = g_strdup (attr (l, root, "version"));

  g->metadata.title = child_text (l, metadata, "title");
  g->metadata.short_title = child_text (l, metadata, "short-title");
  g->metadata.disclaimer = child_text (l, metadata, "disclaimer");
  g->metadata.description = child_text (l, metadata, "description");
  g->metadata.source_title = child_text (l, source, "title");
  g->metadata.literature_review_through =
    local_date (l, child_text (l, source, "literature-review-through"));
  g->metadata.last_updated = local_date (l, child_text (l, source, "last-updated"));
  g->metadata.topic_version = child_text (l, source, "topic-version");
  FOR_EACH_EL (p, source, "person")
    {
      NpcPerson person = { attr (l, p, "role"), text_of (l, p) };

      g_array_append_val (people, person);
    }
  g->metadata.people = freeze_array (l, people, &g->metadata.n_people);

  /* References first: everything else cites them. */
  if (!parse_references (l, first_el (root, "references")))
    return FALSE;

  /* Pass 1: every id, so that references between items resolve whatever their order. */
  FOR_EACH_EL (s, first_el (root, "sections"), "section")
    {
      NpcSection *section = alloc (l, sizeof *section);

      section->id = attr (l, s, "id");
      section->label = attr (l, s, "label");
      section->help = child_text (l, s, "help");
      section->index = g->sections->len;
      if (!register_id (l, s, section->id, NPC_LOOKUP_SECTION, section))
        return FALSE;
      g_ptr_array_add (g->sections, section);
    }
  FOR_EACH_EL (f, first_el (root, "fields"), "field")
    {
      NpcField *field = alloc (l, sizeof *field);

      field->id = attr (l, f, "id");
      field->index = g->fields->len;
      if (!register_id (l, f, field->id, NPC_LOOKUP_FIELD, field))
        return FALSE;
      g_ptr_array_add (g->fields, field);
      g_ptr_array_add (field_elements, f);
    }
  if ((el = first_el (root, "ambiguities")) != NULL)
    FOR_EACH_EL (a, el, "ambiguity")
      {
        NpcAmbiguity *amb = alloc (l, sizeof *amb);

        amb->id = attr (l, a, "id");
        amb->title = attr (l, a, "title");
        amb->source = attr (l, a, "source");
        amb->text = child_text (l, a, "text");
        if (!register_id (l, a, amb->id, NPC_LOOKUP_AMBIGUITY, amb))
          return FALSE;
        g_ptr_array_add (g->ambiguities, amb);
      }
  for (xmlNode *n = first_el (root, "nodes")->children; n != NULL; n = n->next)
    {
      NpcNode *node;

      if (!is_el (n, NULL))
        continue;
      node = alloc (l, sizeof *node);
      node->id = attr (l, n, "id");
      node->label = attr (l, n, "label");
      node->source = attr (l, n, "source");
      node->lint_accept = attr (l, n, "lint-accept");
      node->lint_reason = attr (l, n, "lint-reason");
      node->index = g->nodes->len;
      node->kind = is_el (n, "decision") ? NPC_NODE_DECISION
                   : is_el (n, "redirect") ? NPC_NODE_REDIRECT : NPC_NODE_OUTCOME;
      if (!register_id (l, n, node->id, NPC_LOOKUP_NODE, node))
        return FALSE;
      g_ptr_array_add (g->nodes, node);
      g_ptr_array_add (node_elements, n);
    }
  if (!register_all (l, first_el (root, "modifiers"), "modifier", NPC_LOOKUP_MODIFIER,
                     sizeof (NpcModifier), G_STRUCT_OFFSET (NpcModifier, id), g->modifiers,
                     modifier_elements) ||
      !register_all (l, first_el (root, "infos"), "info", NPC_LOOKUP_INFO, sizeof (NpcInfo),
                     G_STRUCT_OFFSET (NpcInfo, id), g->infos, info_elements) ||
      !register_all (l, first_el (root, "evidence-items"), "evidence-item", NPC_LOOKUP_EVIDENCE,
                     sizeof (NpcEvidence), G_STRUCT_OFFSET (NpcEvidence, id), g->evidence,
                     evidence_elements))
    return FALSE;

  /* Pass 2: contents. Fields come first: conditions read their values. */
  for (guint i = 0; i < g->fields->len; i++)
    if (!parse_field (l, field_elements->pdata[i], g->fields->pdata[i]))
      return FALSE;

  g->root = resolve_node (l, root, "root");
  if (g->root == NULL)
    return FALSE;

  el = first_el (root, "validation");
  g->type_rule = attr (l, el, "type-rule");
  g->validation_step = attr (l, el, "step");
  FOR_EACH_EL (r, el, "rule")
    {
      NpcRule *rule = alloc (l, sizeof *rule);

      rule->id = attr (l, r, "id");
      rule->source = attr (l, r, "source");
      rule->lint_accept = attr (l, r, "lint-accept");
      rule->lint_reason = attr (l, r, "lint-reason");
      rule->message = child_text (l, r, "message");
      rule->field = condition_field (l, r);
      if (rule->field == NULL || (rule->when = parse_when (l, r)) == NULL)
        return FALSE;
      g_ptr_array_add (g->rules, rule);
    }

  for (guint i = 0; i < g->infos->len; i++)
    if (!parse_info (l, info_elements->pdata[i], g->infos->pdata[i]))
      return FALSE;
  for (guint i = 0; i < g->evidence->len; i++)
    if (!parse_evidence (l, evidence_elements->pdata[i], g->evidence->pdata[i]))
      return FALSE;

  for (guint i = 0; i < g->nodes->len; i++)
    {
      xmlNode *n = node_elements->pdata[i];
      NpcNode *node = g->nodes->pdata[i];
      gboolean ok;

      if (node->kind == NPC_NODE_DECISION)
        ok = parse_decision (l, n, node);
      else if (node->kind == NPC_NODE_REDIRECT)
        ok = parse_redirect (l, n, node);
      else
        ok = parse_outcome (l, n, node);
      if (!ok)
        return FALSE;
    }

  for (guint i = 0; i < g->modifiers->len; i++)
    {
      xmlNode *m = modifier_elements->pdata[i];
      NpcModifier *mod = g->modifiers->pdata[i];

      mod->label = attr (l, m, "label");
      mod->source = attr (l, m, "source");
      mod->statement = child_text (l, m, "statement");
      mod->scope = resolve_node (l, m, "scope");
      if (mod->scope == NULL)
        return FALSE;
      if (first_el (m, "when") != NULL && (mod->when = parse_when (l, m)) == NULL)
        return FALSE;
      if (!parse_links (l, m, &mod->links))
        return FALSE;
    }

  /* Alternatives and see-also must be outcomes. */
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const NpcNode *node = g->nodes->pdata[i];

      for (guint k = 0; k < node->n_alternatives; k++)
        if (node->alternatives[k].node->kind != NPC_NODE_OUTCOME)
          {
            fail (l, node_elements->pdata[i], NPC_ERROR_INTEGRITY,
                  "the alternative %s of %s is not an outcome", node->alternatives[k].node->id,
                  node->id);
            return FALSE;
          }
      for (guint b = 0; b < node->n_branches; b++)
        if (!check_agents_qualify (l, node->branches[b].condition))
          return FALSE;
    }

  return check_tree (l);
}

static void
collect_structured_error (void        *data,
                          xmlErrorPtr  error)
{
  Loader *l = data;
  g_autofree char *msg = NULL;

  if (l->error != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  msg = g_strstrip (g_strdup (error->message ? error->message : "invalid document"));
  if (error->line > 0)
    l->error = g_error_new (NPC_ERROR, NPC_ERROR_SCHEMA, "%s:%d: does not match the guideline "
                            "grammar: %s", l->name, error->line, msg);
  else
    l->error = g_error_new (NPC_ERROR, NPC_ERROR_SCHEMA, "%s: does not match the guideline "
                            "grammar: %s", l->name, msg);
}

/* A condition's fields read (NpcCondition.fact_slots): its own, or its children's in turn,
 * each once. */
static void
compile_fact_slots (Loader       *l,
                    NpcCondition *c)
{
  g_autoptr(GArray) slots = NULL;

  if (c->field != NULL)
    {
      guint *one = alloc (l, sizeof (guint));

      *one = c->field->index;
      c->fact_slots = one;
      c->n_fact_slots = 1;
      return;
    }
  if (c->n_children == 0)
    return;
  slots = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k < c->n_children; k++)
    for (guint j = 0; j < c->children[k]->n_fact_slots; j++)
      {
        guint slot = c->children[k]->fact_slots[j];
        gboolean seen = FALSE;

        for (guint m = 0; m < slots->len && !seen; m++)
          seen = g_array_index (slots, guint, m) == slot;
        if (!seen)
          g_array_append_val (slots, slot);
      }
  c->n_fact_slots = slots->len;
  if (slots->len > 0)
    {
      guint *copy = alloc (l, slots->len * sizeof (guint));

      memcpy (copy, slots->data, slots->len * sizeof (guint));
      c->fact_slots = copy;
    }
}

/* What the engine needs of each condition, once every field's type and default is known
 * (NpcCondition.no_defaults, .atom_op, .fact_slots). A child is made after its parent, so
 * going backwards meets the children first. */
static void
compile_conditions (Loader    *l,
                    GPtrArray *conditions)
{
  for (guint i = conditions->len; i > 0; i--)
    {
      NpcCondition *c = conditions->pdata[i - 1];

      compile_fact_slots (l, c);
      c->compiled = TRUE;

      switch (c->kind)
        {
        case NPC_COND_ALWAYS:
          c->no_defaults = TRUE;
          break;
        case NPC_COND_AGENTS_QUALIFY:
          c->no_defaults = FALSE;
          break;
        case NPC_COND_ALL:
        case NPC_COND_ANY:
        case NPC_COND_NOT:
          c->no_defaults = TRUE;
          for (guint k = 0; k < c->n_children; k++)
            c->no_defaults = c->no_defaults && c->children[k]->no_defaults;
          break;
        default:
          c->no_defaults = c->field != NULL && !c->field->default_value.known;
          npc_condition_compile_atom (c);
          break;
        }
    }
}

gboolean
_npc_guideline_load (NpcGuideline  *self,
                     const char    *data,
                     gsize          length,
                     const char    *display_name,
                     GError       **error)
{
  static GOnce schema_once = G_ONCE_INIT;
  g_autoptr(GPtrArray) conditions = g_ptr_array_new ();
  Loader l = { self, display_name, NULL, conditions };
  SchemaCache *schema;
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

  npc_guideline_init_parser ();

  if (length > NPC_GUIDELINE_MAX_BYTES)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                   "%s: the guideline is %" G_GSIZE_FORMAT " bytes; the limit is %d bytes",
                   display_name, length, NPC_GUIDELINE_MAX_BYTES);
      return FALSE;
    }

  silence_libxml ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, "%s: out of memory", display_name);
      return FALSE;
    }
  /* No XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE: entities are never substituted,
   * nothing external is loaded, and libxml2 keeps its depth and amplification limits. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, display_name, NULL, options);
  if (doc == NULL || !ctxt->wellFormed)
    {
      xmlErrorPtr e = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = g_strstrip (g_strdup (e && e->message ? e->message : "unreadable"));
      gboolean deep = strstr (msg, "Excessive depth") != NULL;
      gboolean refused = deep;

      /* libxml2's own words suggest options we deliberately do not use. */
      if (deep)
        {
          g_free (msg);
          msg = g_strdup_printf ("elements nest deeper than %d levels", NPC_GUIDELINE_MAX_DEPTH);
        }
      else if (strstr (msg, "entity") != NULL &&
               (strstr (msg, "loop") != NULL || strstr (msg, "amplification") != NULL))
        {
          g_free (msg);
          msg = g_strdup ("entity expansion (a guideline needs no entities)");
          refused = TRUE;
        }

      if (e != NULL && e->line > 0)
        g_set_error (error, NPC_ERROR, deep ? NPC_ERROR_TOO_LARGE : NPC_ERROR_MALFORMED,
                     "%s:%d:%d: %s: %s", display_name, e->line, e->int2,
                     refused ? "refused" : "not well-formed XML", msg);
      else
        g_set_error (error, NPC_ERROR, NPC_ERROR_MALFORMED, "%s: not well-formed XML: %s",
                     display_name, msg);
      g_clear_pointer (&doc, xmlFreeDoc);
      xmlFreeParserCtxt (ctxt);
      return FALSE;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      guint line = 1, col = 1;

      /* libxml2 keeps no line for a DTD node (it says -1): find the declaration itself. */
      doctype_position (data, length, &line, &col);
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   "%s:%u:%u: a document type declaration (DTD) is not allowed in a guideline",
                   display_name, line, col);
      xmlFreeDoc (doc);
      return FALSE;
    }

  schema = g_once (&schema_once, load_schema, NULL);
  if (schema->schema == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, "%s: %s", display_name, schema->error);
      xmlFreeDoc (doc);
      return FALSE;
    }
  else
    {
      xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (schema->schema);
      int rc;

      xmlRelaxNGSetValidStructuredErrors (vctxt, collect_structured_error, &l);
      rc = xmlRelaxNGValidateDoc (vctxt, doc);
      xmlRelaxNGFreeValidCtxt (vctxt);
      if (rc != 0)
        {
          if (l.error == NULL)
            l.error = g_error_new (NPC_ERROR, NPC_ERROR_SCHEMA,
                                   "%s: does not match the guideline grammar", display_name);
          g_propagate_error (error, l.error);
          xmlFreeDoc (doc);
          return FALSE;
        }
    }

  root = xmlDocGetRootElement (doc);
  if (!build_model (&l, root))
    {
      if (l.error == NULL)
        l.error = g_error_new (NPC_ERROR, NPC_ERROR_INTEGRITY, "%s: inconsistent guideline",
                               display_name);
      g_propagate_error (error, l.error);
      xmlFreeDoc (doc);
      return FALSE;
    }

  xmlFreeDoc (doc);
  compile_conditions (&l, conditions);
  return TRUE;
}
