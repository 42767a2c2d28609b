/* test-vignettes.c — clinical cases through the engine on the bundled NPC guideline
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case file is a JSON array of {id, case, expected{...}}: the visible vignettes and the
 * project's own cases written from the review. Every case is one test.
 */
#include "config.h"

#include <string.h>

#include "npc-core.h"

static NpcGuideline *guideline;
static NpcEngine *engine;

static gboolean
strv_has (GPtrArray  *list,
          const char *s)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (list->pdata[i], s) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
strings_of (JsonArray *array)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        g_ptr_array_add (out, g_strdup (json_node_get_string (n)));
      else if (JSON_NODE_HOLDS_OBJECT (n) && json_object_has_member (json_node_get_object (n),
                                                                    "agent"))
        g_ptr_array_add (out, g_strdup (json_object_get_string_member (json_node_get_object (n),
                                                                       "agent")));
    }
  return out;
}

static char *
join (GPtrArray *list)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (char *) list->pdata[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
check_same_set (const char *id,
                const char *what,
                GPtrArray  *expected,
                GPtrArray  *actual)
{
  gboolean same = expected->len == actual->len;

  for (guint i = 0; same && i < expected->len; i++)
    same = strv_has (actual, expected->pdata[i]);
  if (!same)
    {
      g_autofree char *e = join (expected);
      g_autofree char *a = join (actual);

      g_test_message ("%s: %s expected %s, got %s", id, what, e, a);
      g_test_fail ();
    }
}

static void
check_str (const char *id,
           const char *what,
           const char *expected,
           const char *actual)
{
  if (g_strcmp0 (expected, actual) != 0)
    {
      g_test_message ("%s: %s expected %s, got %s", id, what, expected ? expected : "null",
                      actual ? actual : "null");
      g_test_fail ();
    }
}

static const char *
opt_string (JsonObject *o,
            const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  return json_node_get_string (n);
}

static void
run_case (gconstpointer data)
{
  JsonObject *item = (JsonObject *) data;
  const char *id = json_object_get_string_member (item, "id");
  JsonObject *expected = json_object_get_object_member (item, "expected");
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  g_autoptr(JsonNode) result_node = NULL;
  JsonObject *result;
  const char *outcome;
  gboolean reached;

  kase = npc_case_new_from_object (json_object_get_object_member (item, "case"), id, &error);
  g_assert_no_error (error);
  eval = npc_engine_evaluate (engine, kase);
  result_node = npc_evaluation_to_json (eval);
  result = json_node_get_object (result_node);

  outcome = opt_string (expected, "outcome_type");
  check_str (id, "outcome", outcome, json_object_get_string_member (result, "outcome"));
  reached = g_strcmp0 (outcome, "NEEDS_INPUT") != 0 && g_strcmp0 (outcome, "VALIDATION_ERROR") != 0;
  check_str (id, "primary", reached ? opt_string (expected, "primary") : NULL,
             opt_string (result, "primary"));
  check_str (id, "strength", reached ? opt_string (expected, "strength") : NULL,
             opt_string (result, "strength"));
  check_str (id, "grade", opt_string (expected, "grade"), opt_string (result, "grade"));

  {
    g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected, "path"));
    g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "path"));
    g_autofree char *es = join (e);
    g_autofree char *as = join (a);

    check_str (id, "path", es, as);
  }
  {
    g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected, "alternatives"));
    g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "alternatives"));

    check_same_set (id, "alternatives", e, a);
  }
  {
    g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected, "flags"));
    g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "flags"));

    check_same_set (id, "flags", e, a);
  }

  /* Evidence and references: what the case names must be linked (more may be). */
  {
    g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected, "evidence"));
    g_autoptr(GPtrArray) ev = strings_of (json_object_get_array_member (result, "evidence"));
    JsonArray *refs = json_object_get_array_member (result, "references");

    for (guint i = 0; i < e->len; i++)
      {
        const char *entry = e->pdata[i];
        guint64 n;

        if (g_str_has_prefix (entry, "ref ") &&
            g_ascii_string_to_unsigned (entry + 4, 10, 1, 1000, &n, NULL))
          {
            gboolean found = FALSE;

            for (guint k = 0; k < json_array_get_length (refs); k++)
              found |= (guint64) json_array_get_int_element (refs, k) == n;
            if (!found)
              {
                g_test_message ("%s: reference %" G_GUINT64_FORMAT " is not linked", id, n);
                g_test_fail ();
              }
          }
        else if (entry[0] == 'E' && g_ascii_isdigit (entry[1]))
          {
            g_autofree char *eid = g_strndup (entry, strcspn (entry, " "));

            if (!strv_has (ev, eid))
              {
                g_test_message ("%s: evidence %s is not linked", id, eid);
                g_test_fail ();
              }
          }
        else
          {
            g_test_message ("%s: cannot read the evidence entry “%s”", id, entry);
            g_test_fail ();
          }
      }
  }

  /* The grade the source states for another population: absent means none. */
  {
    JsonNode *sg = json_object_get_member (result, "stated_grade");
    const char *actual = NULL;

    if (sg != NULL && JSON_NODE_HOLDS_OBJECT (sg))
      {
        JsonObject *o = json_node_get_object (sg);

        actual = opt_string (o, "grade");
        if (opt_string (o, "population") == NULL)
          {
            g_test_message ("%s: stated grade %s has no population", id, actual);
            g_test_fail ();
          }
      }
    check_str (id, "stated grade", opt_string (expected, "stated_grade"), actual);
  }
  if (json_object_has_member (expected, "options_exclude_agents"))
    {
      g_autoptr(GPtrArray) banned = strings_of (json_object_get_array_member (expected,
                                                                              "options_exclude_agents"));
      JsonArray *opts = json_object_get_array_member (result, "options");

      if (json_array_get_length (opts) == 0)
        {
          g_test_message ("%s: no options listed", id);
          g_test_fail ();
        }
      for (guint i = 0; i < json_array_get_length (opts); i++)
        {
          JsonObject *o = json_array_get_object_element (opts, i);
          g_autoptr(GPtrArray) agents = strings_of (json_object_get_array_member (o, "agents"));

          for (guint k = 0; k < banned->len; k++)
            if (strv_has (agents, banned->pdata[k]))
              {
                g_test_message ("%s: option “%s” contains %s, given before", id,
                                json_object_get_string_member (o, "label"),
                                (char *) banned->pdata[k]);
                g_test_fail ();
              }
        }
    }
  if (json_object_has_member (expected, "options_single_agent_only"))
    {
      gboolean single = json_object_get_boolean_member (expected, "options_single_agent_only");
      JsonArray *opts = json_object_get_array_member (result, "options");
      guint n_multi = 0, n_single = 0;

      for (guint i = 0; i < json_array_get_length (opts); i++)
        {
          JsonObject *o = json_array_get_object_element (opts, i);
          guint n = json_array_get_length (json_object_get_array_member (o, "agents"));

          if (n > 1)
            n_multi++;
          else if (n == 1)
            n_single++;
        }
      if (single && (n_multi > 0 || n_single == 0))
        {
          g_test_message ("%s: expected single agents only, got %u combinations and %u single "
                          "agents", id, n_multi, n_single);
          g_test_fail ();
        }
      if (!single && n_multi == 0)
        {
          g_test_message ("%s: expected combinations among the options, got none", id);
          g_test_fail ();
        }
    }
  if (json_object_has_member (expected, "agent_caveat_contains"))
    {
      JsonObject *want = json_object_get_object_member (expected, "agent_caveat_contains");
      JsonObject *caveats = json_object_get_object_member (result, "agent_caveats");
      g_autoptr(GList) members = json_object_get_members (want);

      for (GList *m = members; m != NULL; m = m->next)
        {
          const char *agent = m->data;
          g_autofree char *word = g_utf8_strdown (json_object_get_string_member (want, agent), -1);
          JsonArray *list = json_object_has_member (caveats, agent)
                              ? json_object_get_array_member (caveats, agent) : NULL;
          gboolean found = FALSE;

          for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
            {
              g_autofree char *text = g_utf8_strdown (json_array_get_string_element (list, i), -1);

              found |= strstr (text, word) != NULL;
            }
          if (!found)
            {
              g_test_message ("%s: no caveat of %s says “%s”", id, agent, word);
              g_test_fail ();
            }
        }
    }
  if (json_object_has_member (expected, "excluded_options"))
    {
      g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected,
                                                                         "excluded_options"));
      JsonArray *a = json_object_get_array_member (result, "excluded_options");
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (a); i++)
        g_ptr_array_add (labels, g_strdup (json_object_get_string_member (
                                   json_array_get_object_element (a, i), "label")));
      for (guint i = 0; i < e->len; i++)
        if (!strv_has (labels, e->pdata[i]))
          {
            g_test_message ("%s: option “%s” is not among the excluded", id, (char *) e->pdata[i]);
            g_test_fail ();
          }
    }
  if (json_object_has_member (expected, "options_caveat_contains"))
    {
      const char *want = json_object_get_string_member (expected, "options_caveat_contains");
      const char *caveat = opt_string (result, "options_caveat");

      if (caveat == NULL || strstr (caveat, want) == NULL)
        {
          g_test_message ("%s: options caveat expected to say “%s”, got %s", id, want,
                          caveat ? caveat : "null");
          g_test_fail ();
        }
    }
  /* The case's conditional notes, as NODE/AMBIG-n or NODE/text for a note of its own. */
  if (json_object_has_member (expected, "notes_present") ||
      json_object_has_member (expected, "notes_absent"))
    {
      JsonArray *notes = json_object_get_array_member (result, "notes");
      g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) present = strings_of (json_object_has_member (expected, "notes_present")
                                                   ? json_object_get_array_member (expected, "notes_present")
                                                   : NULL);
      g_autoptr(GPtrArray) absent = strings_of (json_object_has_member (expected, "notes_absent")
                                                  ? json_object_get_array_member (expected, "notes_absent")
                                                  : NULL);

      for (guint i = 0; i < json_array_get_length (notes); i++)
        {
          JsonObject *o = json_array_get_object_element (notes, i);
          const char *amb = opt_string (o, "ambiguity");

          g_ptr_array_add (shown, g_strdup_printf ("%s/%s", json_object_get_string_member (o, "node"),
                                                   amb ? amb : "text"));
        }
      for (guint i = 0; i < present->len; i++)
        if (!strv_has (shown, present->pdata[i]))
          {
            g_test_message ("%s: note %s is not shown", id, (char *) present->pdata[i]);
            g_test_fail ();
          }
      for (guint i = 0; i < absent->len; i++)
        if (strv_has (shown, absent->pdata[i]))
          {
            g_test_message ("%s: note %s is shown but does not apply", id,
                            (char *) absent->pdata[i]);
            g_test_fail ();
          }
    }
  if (json_object_has_member (expected, "modifiers_absent"))
    {
      g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected,
                                                                         "modifiers_absent"));
      g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "alternatives"));

      for (guint i = 0; i < e->len; i++)
        if (strv_has (a, e->pdata[i]))
          {
            g_test_message ("%s: %s is listed but does not apply here", id, (char *) e->pdata[i]);
            g_test_fail ();
          }
    }

  if (json_object_has_member (expected, "agents"))
    {
      g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected, "agents"));
      g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "agents"));

      check_same_set (id, "agents", e, a);
    }
  if (json_object_has_member (expected, "excluded_agents"))
    {
      g_autoptr(GPtrArray) e = strings_of (json_object_get_array_member (expected,
                                                                         "excluded_agents"));
      g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result,
                                                                         "excluded_agents"));

      check_same_set (id, "excluded agents", e, a);
    }
  {
    g_autoptr(GPtrArray) e = strings_of (json_object_has_member (expected, "needs_input")
                                           ? json_object_get_array_member (expected, "needs_input")
                                           : NULL);
    g_autoptr(GPtrArray) a = strings_of (json_object_get_array_member (result, "needs_input"));

    check_same_set (id, "needs input", e, a);
  }
  {
    JsonArray *e = json_object_has_member (expected, "validation_errors")
                     ? json_object_get_array_member (expected, "validation_errors") : NULL;
    JsonArray *a = json_object_get_array_member (result, "validation_errors");
    g_autoptr(GPtrArray) es = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) as = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; e != NULL && i < json_array_get_length (e); i++)
      {
        JsonObject *o = json_array_get_object_element (e, i);

        g_ptr_array_add (es, g_strdup_printf ("%s@%s", json_object_get_string_member (o, "rule"),
                                              json_object_get_string_member (o, "field")));
      }
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *o = json_array_get_object_element (a, i);

        g_ptr_array_add (as, g_strdup_printf ("%s@%s", json_object_get_string_member (o, "rule"),
                                              json_object_get_string_member (o, "field")));
      }
    check_same_set (id, "validation errors", es, as);
  }
}

static void
add_cases (const char *path,
           GPtrArray  *keep)
{
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  JsonArray *array;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  g_ptr_array_add (keep, parser);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_autofree char *test_path = g_strdup_printf ("/vignettes/%s",
                                                    json_object_get_string_member (item, "id"));

      g_test_add_data_func (test_path, item, run_case);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parsers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *own = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  guideline = npc_guideline_new_default (&error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);

  add_cases (g_getenv ("NPC_PATHWAY_VIGNETTES"), parsers);
  own = g_test_build_filename (G_TEST_DIST, "cases.json", NULL);
  if (g_file_test (own, G_FILE_TEST_EXISTS))
    add_cases (own, parsers);

  rc = g_test_run ();
  g_object_unref (engine);
  g_object_unref (guideline);
  return rc;
}
