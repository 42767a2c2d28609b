/* npc-cli-json.c — a plain JSON line read into a tree without a parser object
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batches of whole case objects are mostly plain JSON; json-glib's parser object and its
 * scanner cost more than the tree it builds. Anything this reader does not take is left to
 * json-glib, so what is read is always what json-glib reads.
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <string.h>

#include "npc-cli-json.h"

#define MAX_DEPTH 32

typedef struct
{
  const char *p;
  const char *end;
} Reader;

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n'))
    r->p++;
}

static char *
read_string (Reader *r)
{
  const char *start;

  if (r->p >= r->end || *r->p != '"')
    return NULL;
  start = ++r->p;
  while (r->p < r->end && *r->p != '"')
    {
      guchar c = (guchar) *r->p;

      if (c == '\\' || c < 0x20 || c >= 0x7f)
        return NULL;
      r->p++;
    }
  if (r->p >= r->end)
    return NULL;
  return g_strndup (start, r->p++ - start);
}

static gboolean
read_word (Reader     *r,
           const char *word,
           gsize       len)
{
  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

static JsonNode *read_value (Reader *r, guint depth);

static JsonNode *
read_object (Reader *r,
             guint   depth)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  r->p++;
  skip_ws (r);
  if (r->p < r->end && *r->p == '}')
    r->p++;
  else
    for (;;)
      {
        char *key;
        JsonNode *value;

        skip_ws (r);
        if ((key = read_string (r)) == NULL || json_object_has_member (object, key))
          {
            g_free (key);
            goto fail;
          }
        skip_ws (r);
        if (r->p >= r->end || *r->p++ != ':' || (value = read_value (r, depth + 1)) == NULL)
          {
            g_free (key);
            goto fail;
          }
        json_object_set_member (object, key, value);
        g_free (key);
        skip_ws (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (r->p < r->end && *r->p == '}')
          {
            r->p++;
            break;
          }
        goto fail;
      }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;

fail:
  json_object_unref (object);
  return NULL;
}

static JsonNode *
read_array (Reader *r,
            guint   depth)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  r->p++;
  skip_ws (r);
  if (r->p < r->end && *r->p == ']')
    r->p++;
  else
    for (;;)
      {
        JsonNode *value = read_value (r, depth + 1);

        if (value == NULL)
          goto fail;
        json_array_add_element (array, value);
        skip_ws (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (r->p < r->end && *r->p == ']')
          {
            r->p++;
            break;
          }
        goto fail;
      }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;

fail:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
read_value (Reader *r,
            guint   depth)
{
  JsonNode *node;

  skip_ws (r);
  if (r->p >= r->end || depth > MAX_DEPTH)
    return NULL;
  switch (*r->p)
    {
    case '{':
      return read_object (r, depth);
    case '[':
      return read_array (r, depth);
    case '"':
      {
        char *text = read_string (r);

        if (text == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        g_free (text);
        return node;
      }
    case 't':
    case 'f':
      {
        gboolean value = *r->p == 't';

        if (!(value ? read_word (r, "true", 4) : read_word (r, "false", 5)))
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_boolean (node, value);
        return node;
      }
    case 'n':
      if (!read_word (r, "null", 4))
        return NULL;
      return json_node_new (JSON_NODE_NULL);
    default:
      {
        const char *start = r->p;
        char buf[20];
        gint64 v;

        if (*r->p == '-')
          r->p++;
        while (r->p < r->end && g_ascii_isdigit (*r->p))
          r->p++;
        /* Fractions, exponents, leading zeros and numbers near the limits go to json-glib. */
        if ((r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E')) ||
            r->p - start >= (int) sizeof buf - 1 || r->p == start ||
            (start[0] == '-' && r->p == start + 1) ||
            (start[start[0] == '-'] == '0' && r->p - start > 1 + (start[0] == '-')))
          return NULL;
        memcpy (buf, start, r->p - start);
        buf[r->p - start] = '\0';
        if (!g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &v, NULL))
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_int (node, v);
        return node;
      }
    }
}

JsonNode *
npc_cli_json_read_plain (const char *data,
                         gsize       length)
{
  Reader r = { data, data + length };
  JsonNode *root = read_value (&r, 0);

  if (root == NULL)
    return NULL;
  skip_ws (&r);
  if (r.p != r.end)
    {
      json_node_unref (root);
      return NULL;
    }
  json_node_seal (root);
  return root;
}
