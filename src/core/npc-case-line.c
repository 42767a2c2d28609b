/* npc-case-line.c — one line of a batch file, read fast where it is a flat object
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-case"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-case-private.h"
#include "npc-error.h"

/* ------------------------------------------------------------------------------------------ */
/* batch lines                                                                                 */

typedef struct
{
  const char *p;
  const char *end;
} Scan;

static void
skip_ws (Scan *sc)
{
  while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\r' || *sc->p == '\n'))
    sc->p++;
}

/* A string without escapes; anything else is left to the full parser. */
static char *
scan_plain_string (Scan *sc)
{
  const char *start;

  if (sc->p >= sc->end || *sc->p != '"')
    return NULL;
  start = ++sc->p;
  while (sc->p < sc->end && *sc->p != '"')
    {
      if (*sc->p == '\\' || (guchar) *sc->p < 0x20)
        return NULL;
      sc->p++;
    }
  if (sc->p >= sc->end)
    return NULL;
  return g_strndup (start, sc->p++ - start);
}

static gboolean
scan_word (Scan       *sc,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (sc->end - sc->p) < len || strncmp (sc->p, word, len) != 0)
    return FALSE;
  sc->p += len;
  return TRUE;
}

static JsonNode *
scan_value (Scan *sc)
{
  JsonNode *node;

  if (sc->p >= sc->end)
    return NULL;
  switch (*sc->p)
    {
    case '"':
      {
        char *str = scan_plain_string (sc);

        if (str == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, str);
        g_free (str);
        return node;
      }
    case 't':
    case 'f':
      if (!scan_word (sc, "true") && !scan_word (sc, "false"))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, sc->p[-1] == 'e' && sc->p[-2] == 'u');
      return node;
    case 'n':
      if (!scan_word (sc, "null"))
        return NULL;
      return json_node_new (JSON_NODE_NULL);
    case '[':
      {
        JsonArray *array = json_array_new ();

        sc->p++;
        skip_ws (sc);
        if (sc->p < sc->end && *sc->p == ']')
          sc->p++;
        else
          for (;;)
            {
              char *str;

              skip_ws (sc);
              if ((str = scan_plain_string (sc)) == NULL)
                {
                  json_array_unref (array);
                  return NULL;
                }
              json_array_add_string_element (array, str);
              g_free (str);
              skip_ws (sc);
              if (sc->p < sc->end && *sc->p == ',')
                {
                  sc->p++;
                  continue;
                }
              if (sc->p < sc->end && *sc->p == ']')
                {
                  sc->p++;
                  break;
                }
              json_array_unref (array);
              return NULL;
            }
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    default:
      if (*sc->p == '-' || g_ascii_isdigit (*sc->p))
        {
          const char *start = sc->p;
          gint64 v;
          char buf[24];

          if (*sc->p == '-')
            sc->p++;
          while (sc->p < sc->end && g_ascii_isdigit (*sc->p))
            sc->p++;
          /* Fractions, exponents, leading zeros and huge numbers go to the full parser. */
          if ((sc->p < sc->end && (*sc->p == '.' || *sc->p == 'e' || *sc->p == 'E')) ||
              sc->p - start >= (int) sizeof buf || sc->p == start ||
              (start[0] == '-' && sc->p == start + 1) ||
              (start[start[0] == '-'] == '0' && sc->p - start > 1 + (start[0] == '-')))
            return NULL;
          memcpy (buf, start, sc->p - start);
          buf[sc->p - start] = '\0';
          if (!g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &v, NULL))
            return NULL;
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_int (node, v);
          return node;
        }
      return NULL;
    }
}

/* The common batch line — a flat object of field values — read without building a parser.
 * Returns NULL for anything it does not handle; the caller then uses json-glib, which also
 * gives the proper error message for malformed input. */
static NpcCase *
scan_flat_case (const char *data,
                gsize       length)
{
  g_autoptr(NpcCase) self = npc_case_new (NULL);
  Scan sc = { data, data + length };

  skip_ws (&sc);
  if (sc.p >= sc.end || *sc.p++ != '{')
    return NULL;
  skip_ws (&sc);
  if (sc.p < sc.end && *sc.p == '}')
    sc.p++;
  else
    for (;;)
      {
        g_autofree char *key = NULL;
        JsonNode *value;

        skip_ws (&sc);
        key = scan_plain_string (&sc);
        if (key == NULL || npc_case_has_value (self, key) ||
            g_str_equal (key, "format") || g_str_equal (key, "fields"))
          return NULL;
        skip_ws (&sc);
        if (sc.p >= sc.end || *sc.p++ != ':')
          return NULL;
        skip_ws (&sc);
        value = scan_value (&sc);
        if (value == NULL)
          return NULL;
        if (JSON_NODE_HOLDS_NULL (value))
          json_node_unref (value);
        else
          _npc_case_take_value (self, g_steal_pointer (&key), value);
        skip_ws (&sc);
        if (sc.p < sc.end && *sc.p == ',')
          {
            sc.p++;
            continue;
          }
        if (sc.p < sc.end && *sc.p == '}')
          {
            sc.p++;
            break;
          }
        return NULL;
      }
  skip_ws (&sc);
  if (sc.p != sc.end)
    return NULL;
  return g_steal_pointer (&self);
}

NpcCase *
_npc_case_new_from_flat (const char *data,
                         gsize       length)
{
  return scan_flat_case (data, length);
}

NpcCase *
npc_case_new_from_line_at (const char  *data,
                           gssize       length,
                           const char  *display_name,
                           guint        line,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *name = display_name ? display_name : "<case>";
  Source src;
  NpcCase *fast;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);
  src = (Source) { data, (gsize) length, name, MAX (line, 1), _("the line") };
  if (!_npc_case_precheck (&src, error))
    return NULL;
  if ((fast = scan_flat_case (data, (gsize) length)) != NULL)
    return fast;

  parser = json_parser_new_immutable ();
  if (!_npc_case_parse_json (&src, parser, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s:%u: not a JSON object"), name,
                   src.first_line);
      return NULL;
    }
  {
    g_autofree char *where = g_strdup_printf ("%s:%u", name, src.first_line);

    return npc_case_new_from_object (json_node_get_object (root), where, error);
  }
}

NpcCase *
npc_case_new_from_line (const char  *data,
                        gssize       length,
                        const char  *display_name,
                        GError     **error)
{
  return npc_case_new_from_line_at (data, length, display_name, 1, error);
}
