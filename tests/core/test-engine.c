/* test-engine.c — evaluation semantics on a small guideline
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-core.h"

static NpcGuideline *guideline;
static NpcEngine *engine;

static NpcEvaluation *
run (const char *fields_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"format\": \"npc-pathway-case/1\", \"fields\": %s}",
                                           fields_json);
  g_autoptr(NpcCase) c = npc_case_new_from_data (json, -1, "case.json", &error);

  g_assert_no_error (error);
  return npc_engine_evaluate (engine, c);
}

static char *
path_of (NpcEvaluation *e)
{
  g_auto(GStrv) ids = npc_evaluation_dup_path_ids (e);

  return g_strjoinv (" ", ids);
}

static void
assert_path (NpcEvaluation *e,
             const char    *expected)
{
  g_autofree char *p = path_of (e);

  g_assert_cmpstr (p, ==, expected);
}

static char *
ids_of_flags (NpcEvaluation *e)
{
  guint n;
  const NpcAmbiguity *const *flags = npc_evaluation_get_flags (e, &n);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", flags[i]->id);
  return g_string_free (s, FALSE);
}

static void
test_first_true_branch_wins (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\"}");
  g_autofree char *summary = npc_evaluation_dup_summary (e);
  guint n;

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_RECOMMENDATION);
  g_assert_cmpstr (npc_evaluation_get_primary (e)->id, ==, "SURG");
  g_assert_cmpstr (npc_evaluation_get_grade (e), ==, "2C");
  g_assert_cmpstr (npc_evaluation_get_strength (e), ==, "suggest");
  assert_path (e, "Q1 Q2 SURG");
  g_assert_cmpstr (summary, ==, "Suggested: Surgery — grade 2C");
  /* declines defaults to false, so the alternative guarded by it is not offered. */
  npc_evaluation_get_alternatives (e, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (npc_evaluation_get_alternatives (e, NULL)[0].node->id, ==, "CARE");
  g_assert_cmpint (npc_evaluation_get_node_state (e, npc_guideline_lookup_node (guideline, "CARE")),
                   ==, NPC_NODE_STATE_ALTERNATIVE);
  g_assert_cmpint (npc_evaluation_get_node_state (e, npc_guideline_lookup_node (guideline, "Q3")),
                   ==, NPC_NODE_STATE_EXCLUDED);
  /* Only the first branch of Q1 and Q2 was looked at. */
  npc_evaluation_get_steps (e, &n);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_unknown_stops_with_deciding_fields (void)
{
  /* fit unknown, stage s1: branch 1 is unknown before any branch is true. */
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"local\", \"stage\": \"s1\"}");
  g_autoptr(NpcEvaluation) e2 = NULL;
  g_autofree char *flags = NULL;
  g_autofree char *summary = NULL;
  guint n;
  const NpcField *const *needs = npc_evaluation_get_needs_input (e, &n);
  const NpcStep *step;

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_null (npc_evaluation_get_primary (e));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (needs[0]->id, ==, "fit");
  assert_path (e, "Q1 Q2");
  g_assert_cmpstr (npc_evaluation_get_stopped_at (e)->id, ==, "Q2");
  /* The field's own note raises its flag when it is asked for. */
  flags = ids_of_flags (e);
  g_assert_cmpstr (flags, ==, "AMB-2");
  step = npc_evaluation_get_branch_step (e, npc_guideline_lookup_node (guideline, "Q2"), 0);
  g_assert_cmpint (step->state, ==, NPC_BRANCH_UNDETERMINED);
  g_assert_cmpstr (step->reason, ==, "Fit is not known");
  summary = npc_evaluation_dup_summary (e);
  g_assert_cmpstr (summary, ==, "Needs input: Fit");

  /* A false atom decides without asking: stage s3 needs no fitness. */
  e2 = run ("{\"setting\": \"local\", \"stage\": \"s3\"}");
  g_assert_cmpint (npc_evaluation_get_outcome (e2), ==, NPC_OUTCOME_RECOMMENDATION);
  npc_evaluation_get_needs_input (e2, &n);
  g_assert_cmpuint (n, ==, 0);
  assert_path (e2, "Q1 Q2 TO-SYS Q3 DRUGS");
}

static void
test_redirect_and_derived_values (void)
{
  /* Not fit: continue at Q3 through TO-SYS, which sets score 1 when absent. */
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"local\", \"fit\": false}");
  g_autoptr(NpcEvaluation) e2 = NULL;
  g_autoptr(NpcEvaluation) e3 = NULL;
  guint n;
  const NpcDerived *d;

  assert_path (e, "Q1 Q2 TO-SYS Q3 DRUGS");
  d = npc_evaluation_get_derived (e, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (d[0].field->id, ==, "score");
  g_assert_cmpint (d[0].value.v.integer, ==, 1);

  /* if-absent never replaces a case value. */
  e2 = run ("{\"setting\": \"local\", \"fit\": false, \"score\": 3}");
  assert_path (e2, "Q1 Q2 TO-SYS Q3 CARE");

  /* override with a condition: kind special sets the setting to distant. */
  e3 = run ("{\"setting\": \"local\", \"fit\": false, \"kind\": \"special\"}");
  d = npc_evaluation_get_derived (e3, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (d[0].field->id, ==, "setting");
  g_assert_cmpstr (npc_guideline_lookup_field (guideline, "setting")->values[
                     npc_evaluation_get_value (e3, npc_guideline_lookup_field (guideline,
                                                                              "setting"))->v.enum_index].id,
                   ==, "distant");
}

static void
test_flags_notes (void)
{
  g_autoptr(NpcEvaluation) plain = run ("{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\"}");
  g_autoptr(NpcEvaluation) special = run ("{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\","
                                          "\"kind\": \"special\"}");
  g_autoptr(NpcEvaluation) redirected = run ("{\"setting\": \"local\", \"fit\": false}");
  g_autofree char *f1 = ids_of_flags (plain);
  g_autofree char *f2 = ids_of_flags (special);
  g_autofree char *f3 = ids_of_flags (redirected);

  /* Q1's note is display-only (flag="false"); SURG's note only when kind is special. */
  g_assert_cmpstr (f1, ==, "");
  g_assert_cmpstr (f2, ==, "AMB-3");
  g_assert_cmpstr (f3, ==, "AMB-1");
}

static void
test_agents_and_modifiers (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"distant\", \"score\": 0, \"trial\": true}");
  g_autoptr(NpcEvaluation) e2 = NULL;
  g_autoptr(NpcEvaluation) e3 = NULL;
  const NpcEvalAgent *agents;
  const NpcEvalAlternative *alts;
  const guint *refs;
  guint n;

  agents = npc_evaluation_get_agents (e, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_false (agents[0].excluded);
  /* Marker unknown and availability unknown: kept, with both caveats. */
  g_assert_cmpuint (g_strv_length (agents[0].caveats), ==, 2);
  g_assert_cmpstr (agents[0].caveats[0], ==, "conditional on a positive marker");
  g_assert_cmpstr (agents[0].caveats[1], ==, "where available");

  alts = npc_evaluation_get_alternatives (e, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_null (alts[0].node);
  g_assert_cmpstr (alts[0].modifier->id, ==, "MOD-T");

  /* references: DRUGS options (4), its info block (5, 4), the modifier (2). */
  refs = npc_evaluation_get_references (e, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (refs[0], ==, 2);
  g_assert_cmpuint (refs[1], ==, 4);
  g_assert_cmpuint (refs[2], ==, 5);

  e2 = run ("{\"setting\": \"distant\", \"score\": 0, \"marker\": \"neg\","
            "\"available\": [\"drug_a\"]}");
  agents = npc_evaluation_get_agents (e2, &n);
  g_assert_true (agents[0].excluded);
  g_assert_cmpstr (agents[0].reason, ==, "stated for marker-positive disease");
  g_assert_true (agents[1].excluded);
  g_assert_cmpstr (agents[1].reason, ==, "not available here");
  npc_evaluation_get_alternatives (e2, &n);
  g_assert_cmpuint (n, ==, 0);

  e3 = run ("{\"setting\": \"distant\", \"score\": 0, \"marker\": \"pos\","
            "\"available\": [\"drug_a\", \"drug_b\"]}");
  agents = npc_evaluation_get_agents (e3, &n);
  g_assert_false (agents[0].excluded);
  g_assert_cmpuint (g_strv_length (agents[0].caveats), ==, 0);
  g_assert_false (agents[1].excluded);

  /* An explicit "not tested" answer is as unknown as no answer: the agent stays, conditional. */
  {
    g_autoptr(NpcEvaluation) e4 = run ("{\"setting\": \"distant\", \"score\": 0, "
                                       "\"marker\": \"untested\", \"available\": [\"drug_a\"]}");

    agents = npc_evaluation_get_agents (e4, &n);
    g_assert_false (agents[0].excluded);
    g_assert_cmpuint (g_strv_length (agents[0].caveats), ==, 1);
    g_assert_cmpstr (agents[0].caveats[0], ==, "conditional on a positive marker");
  }
}

static void
test_validation_rules (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"distant\", \"stage\": \"s2\", \"fit\": true,"
                                    "\"score\": 3}");
  g_autoptr(NpcEvaluation) unknown_ok = run ("{\"stage\": \"s2\"}");
  const NpcValidationError *const *errors;
  g_autofree char *p = NULL;
  guint n;

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_VALIDATION_ERROR);
  errors = npc_evaluation_get_validation_errors (e, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (errors[0]->rule, ==, "VAL-2");
  g_assert_cmpstr (errors[0]->field, ==, "stage");
  g_assert_cmpstr (errors[1]->rule, ==, "VAL-3");
  /* mini names no validation step: the path is its root */
  assert_path (e, "Q1");
  g_assert_null (npc_evaluation_get_primary (e));

  /* An unknown setting is not a violation of VAL-2: the case needs input instead. */
  g_assert_cmpint (npc_evaluation_get_outcome (unknown_ok), ==, NPC_OUTCOME_NEEDS_INPUT);
  p = path_of (unknown_ok);
  g_assert_cmpstr (p, ==, "Q1");
}

static void
test_explanations (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"local\", \"fit\": false, \"stage\": \"s1\"}");
  g_autoptr(NpcEvaluation) open = run ("{\"setting\": \"local\", \"stage\": \"s1\"}");
  const NpcNode *q1 = npc_guideline_lookup_node (guideline, "Q1");
  const NpcNode *q2 = npc_guideline_lookup_node (guideline, "Q2");
  const NpcNode *q3 = npc_guideline_lookup_node (guideline, "Q3");
  const NpcNode *surg = npc_guideline_lookup_node (guideline, "SURG");
  const NpcNode *to_sys = npc_guideline_lookup_node (guideline, "TO-SYS");
  const NpcStep *step;
  const char *reason;

  step = npc_evaluation_get_branch_step (e, q2, 0);
  g_assert_cmpint (step->state, ==, NPC_BRANCH_EXCLUDED);
  g_assert_nonnull (strstr (step->reason, "Fit is no"));
  g_assert_null (strstr (step->reason, "Stage"));
  g_assert_cmpint (npc_evaluation_get_node_state (e, surg), ==, NPC_NODE_STATE_EXCLUDED);

  /* Every branch of every node has one state, with its reason. */
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q1, 0, &reason, &step), ==,
                   NPC_BRANCH_TAKEN);
  g_assert_nonnull (step);
  g_assert_cmpstr (reason, ==, step->reason);
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q1, 1, &reason, &step), ==,
                   NPC_BRANCH_PREEMPTED);
  g_assert_nonnull (step);
  g_assert_nonnull (strstr (reason, "“Local”"));
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q2, 0, &reason, NULL), ==,
                   NPC_BRANCH_EXCLUDED);
  g_assert_nonnull (strstr (reason, "Fit is no"));
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q2, 1, NULL, NULL), ==, NPC_BRANCH_TAKEN);
  g_assert_cmpint (npc_evaluation_get_branch_state (e, to_sys, 0, &reason, NULL), ==,
                   NPC_BRANCH_TAKEN);
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q3, 0, NULL, NULL), ==, NPC_BRANCH_TAKEN);
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q3, 1, &reason, NULL), ==,
                   NPC_BRANCH_PREEMPTED);
  g_assert_nonnull (strstr (reason, "“Score low”"));
  g_assert_cmpint (npc_evaluation_get_branch_state (e, q3, 7, &reason, &step), ==,
                   NPC_BRANCH_NOT_LOOKED_AT);
  g_assert_null (reason);
  g_assert_null (step);
  g_assert_cmpint (npc_evaluation_get_branch_state (e, surg, 0, NULL, NULL), ==,
                   NPC_BRANCH_NOT_LOOKED_AT);

  /* Where input is needed: the open branch, one after it an answer could take, and the
   * decisions not reached. */
  g_assert_cmpint (npc_evaluation_get_outcome (open), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_cmpint (npc_evaluation_get_branch_state (open, q2, 0, &reason, NULL), ==,
                   NPC_BRANCH_UNDETERMINED);
  g_assert_nonnull (strstr (reason, "Fit"));
  g_assert_cmpint (npc_evaluation_get_branch_state (open, q2, 1, &reason, &step), ==,
                   NPC_BRANCH_POSSIBLE);
  g_assert_null (step);
  g_assert_nonnull (reason);
  g_assert_cmpint (npc_evaluation_get_branch_state (open, q3, 0, &reason, NULL), ==,
                   NPC_BRANCH_NOT_LOOKED_AT);
  g_assert_null (reason);
  g_assert_cmpint (npc_evaluation_get_branch_state (open, to_sys, 0, NULL, NULL), ==,
                   NPC_BRANCH_NOT_LOOKED_AT);
  /* an outcome some answer still reaches is undetermined, one none reaches is not reached */
  g_assert_cmpint (npc_evaluation_get_node_state (open, surg), ==, NPC_NODE_STATE_UNDETERMINED);
  g_assert_cmpint (npc_evaluation_get_node_state (open,
                                                  npc_guideline_lookup_node (guideline, "DRUGS")),
                   ==, NPC_NODE_STATE_UNDETERMINED);
  g_assert_cmpint (npc_evaluation_get_node_state (open,
                                                  npc_guideline_lookup_node (guideline, "CARE")),
                   ==, NPC_NODE_STATE_UNDETERMINED);
  {
    /* with a low score entered, no answer leads to supportive care */
    g_autoptr(NpcEvaluation) low = run ("{\"setting\": \"local\", \"stage\": \"s1\", "
                                        "\"score\": 1}");

    g_assert_cmpint (npc_evaluation_get_outcome (low), ==, NPC_OUTCOME_NEEDS_INPUT);
    g_assert_cmpint (npc_evaluation_get_node_state (low,
                                                    npc_guideline_lookup_node (guideline, "CARE")),
                     ==, NPC_NODE_STATE_NOT_REACHED);
  }
  /* a complete case: the target of a branch after the one taken stays not taken */
  g_assert_cmpint (npc_evaluation_get_node_state (e, npc_guideline_lookup_node (guideline, "CARE")),
                   ==, NPC_NODE_STATE_EXCLUDED);

  /* The words of each branch follow its state. */
  {
    g_auto(GStrv) q1_words = npc_evaluation_dup_branch_words (e, q1);
    g_auto(GStrv) q2_words = npc_evaluation_dup_branch_words (open, q2);
    g_autofree char *path = npc_evaluation_dup_path_words (e, NULL);

    g_assert_cmpstr (q1_words[0], ==, "✓ “Local”, because Setting is Local");
    g_assert_cmpstr (q1_words[1], ==, "– “Distant” is not considered: the earlier branch "
                                      "“Local” applies");
    g_assert_null (q1_words[2]);
    g_assert_true (g_str_has_prefix (q2_words[0], "? “Fit, early stage, not declining” is "
                                                  "possible: it depends on Fit"));
    g_assert_true (g_str_has_prefix (q2_words[1], "? “Otherwise” is possible"));
    g_assert_cmpstr (path, ==, "Setting? → Local · Surgery? → Otherwise · Drug therapy? → "
                               "Score low");
  }
}

static void
test_json_contract (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\"}");
  g_autoptr(JsonNode) json = npc_evaluation_to_json (e);
  JsonObject *o = json_node_get_object (json);
  const char *keys[] = { "guideline", "outcome", "primary", "strength", "grade", "alternatives",
                         "agents", "excluded_agents", "evidence", "references", "path",
                         "needs_input", "validation_errors", "flags", "explanation" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));
  g_assert_cmpstr (json_object_get_string_member (o, "outcome"), ==, "RECOMMENDATION");
  g_assert_cmpstr (json_object_get_string_member (o, "primary"), ==, "SURG");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "evidence"), 0),
                   ==, "T1");
  /* SURG cites 1 and 3, T1 cites 1; CARE cites nothing. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "references")), ==, 2);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "references"), 1),
                   ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "guideline"),
                                                  "version"), ==, "1.2");
}

/* The JSON text is written by hand: it must stay valid JSON whatever the strings hold. */
static void
test_json_text_escapes (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"we\\\"ird\\\\name\\n\\u0001\": 1, \"region\": \"a\\tb\"}");
  g_autofree char *text = npc_evaluation_to_json_data (e, NULL);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *errors;

  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  errors = json_object_get_array_member (json_node_get_object (parsed), "validation_errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "field"), ==, "we\"ird\\name\n\001");
}

static void
test_pure_and_repeatable (void)
{
  g_autoptr(NpcEvaluation) a = run ("{\"setting\": \"local\", \"fit\": false}");
  g_autoptr(NpcEvaluation) b = run ("{\"setting\": \"local\", \"fit\": false}");
  g_autoptr(JsonNode) ja = npc_evaluation_to_json (a);
  g_autoptr(JsonNode) jb = npc_evaluation_to_json (b);

  g_assert_true (json_node_equal (ja, jb));
}

static char *
json_of (NpcEvaluation *e)
{
  g_autoptr(JsonNode) node = npc_evaluation_to_json (e);

  return json_to_string (node, FALSE);
}

typedef struct {
  const NpcValue *values;
} ValueSource;

static const NpcValue *
value_from (const NpcField *field,
            gpointer        user_data)
{
  return &((ValueSource *) user_data)->values[field->index];
}

static void
check_condition (const NpcCondition *c,
                 const NpcValue     *values,
                 guint              *n_checked)
{
  ValueSource src = { values };
  NpcEnv by_index = { value_from, NULL, &src, values, NULL };
  NpcEnv by_call = { value_from, NULL, &src, NULL, NULL };
  NpcTri t;

  if (c == NULL)
    return;
  g_assert_true (c->compiled);
  t = npc_condition_eval (c, &by_call);
  g_assert_cmpint (npc_condition_eval (c, &by_index), ==, t);
  g_assert_cmpint (npc_condition_holds (c, &by_index), ==, t == NPC_TRI_TRUE);
  g_assert_cmpint (npc_condition_holds (c, &by_call), ==, t == NPC_TRI_TRUE);
  (*n_checked)++;
}

/* The loader compiles each atom for its field's type: evaluated on the values by index, every
 * condition of the guideline (branches, rules, notes, alternatives, derived values) answers
 * as it does read field by field, and npc_condition_holds() says whether it is true. */
static void
test_compiled_conditions (void)
{
  const NpcField *const *fields;
  const NpcNode *const *nodes;
  const NpcRule *const *rules;
  guint n_fields, n_nodes, n_rules, n_checked = 0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *texts[] = { "north", "south", "" };

  fields = npc_guideline_get_fields (guideline, &n_fields);
  nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  rules = npc_guideline_get_rules (guideline, &n_rules);
  for (guint round = 0; round < 3000; round++)
    {
      g_autofree NpcValue *values = g_new0 (NpcValue, n_fields);

      for (guint i = 0; i < n_fields; i++)
        {
          const NpcField *f = fields[i];
          NpcValue *v = &values[i];

          v->known = g_rand_int_range (rand, 0, 4) > 0;
          switch (f->type)
            {
            case NPC_FIELD_ENUM: v->v.enum_index = g_rand_int_range (rand, 0, f->n_values); break;
            case NPC_FIELD_BOOLEAN: v->v.boolean = g_rand_boolean (rand); break;
            case NPC_FIELD_INTEGER:
              v->v.integer = g_rand_int_range (rand, (gint32) f->min - 1, (gint32) f->max + 2);
              break;
            case NPC_FIELD_SET:
              v->v.set_mask = g_rand_int (rand) & ((G_GUINT64_CONSTANT (1) << f->n_values) - 1);
              break;
            case NPC_FIELD_TEXT: v->v.text = texts[g_rand_int_range (rand, 0, 3)]; break;
            default: v->known = FALSE; break;
            }
        }
      for (guint i = 0; i < n_rules; i++)
        check_condition (rules[i]->when, values, &n_checked);
      for (guint i = 0; i < n_nodes; i++)
        {
          const NpcNode *n = nodes[i];

          for (guint b = 0; b < n->n_branches; b++)
            check_condition (n->branches[b].condition, values, &n_checked);
          for (guint k = 0; k < n->links.n_notes; k++)
            check_condition (n->links.notes[k]->when, values, &n_checked);
          for (guint k = 0; k < n->n_alternatives; k++)
            check_condition (n->alternatives[k].when, values, &n_checked);
          for (guint k = 0; k < n->n_derived; k++)
            check_condition (n->derived[k].when, values, &n_checked);
        }
    }
  g_assert_cmpuint (n_checked, >, 3000 * 10);
}

/* A case keeps what an engine read of its values and is read again only where a value
 * changed: one case edited step by step, evaluated by two engines in turn, gives after each
 * step what a fresh copy of it gives. */
static void
test_case_readings (void)
{
  struct { const char *field, *json; const char *primary; } steps[] = {
    { "setting", "\"local\"", NULL },
    { "fit", "true", NULL },
    { "stage", "\"s1\"", NULL },
    { "stage", "\"s2\"", NULL },
    { "marker", "\"untested\"", NULL },
    { "region", "\"north\"", NULL },
    { "prior", "[\"drug a\", \"x\"]", NULL },
    { "prior", "[\"y\"]", NULL },
    { "available", "[\"drug_b\"]", NULL },
    { "fit", "false", NULL },
    { "stage", NULL, NULL },
    { "score", "3", NULL },
    { "score", "9", NULL },      /* out of range: an error, then right again */
    { "score", "2", NULL },
    { "setting", "\"distant\"", NULL },
    { "nonsense", "1", NULL },   /* not a field */
    { "nonsense", NULL, NULL },
  };
  g_autoptr(NpcEngine) other = npc_engine_new (guideline);
  g_autoptr(NpcCase) c = npc_case_new (NULL);
  guint changed = 0;
  g_autofree char *before = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(NpcCase) fresh = NULL;
      g_autoptr(NpcEvaluation) want = NULL;
      g_autofree char *want_json = NULL;

      if (steps[i].json != NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (steps[i].json, NULL);

          npc_case_set_value (c, steps[i].field, node);
        }
      else
        npc_case_set_value (c, steps[i].field, NULL);
      fresh = npc_case_copy (c);
      want = npc_engine_evaluate (engine, fresh);
      want_json = json_of (want);
      for (guint round = 0; round < 2; round++)
        {
          g_autoptr(NpcEvaluation) a = npc_engine_evaluate (engine, c);
          g_autoptr(NpcEvaluation) b = npc_engine_evaluate (other, c);
          g_autofree char *ja = json_of (a);
          g_autofree char *jb = json_of (b);

          g_assert_cmpstr (ja, ==, want_json);
          g_assert_cmpstr (jb, ==, want_json);
        }
      if (before != NULL && g_strcmp0 (before, want_json) != 0)
        changed++;
      g_free (before);
      before = g_steal_pointer (&want_json);
    }
  /* the steps do move the case: the test would see a reading kept too long */
  g_assert_cmpuint (changed, >=, 10);
}

/* A batch line read straight into the values gives, byte for byte, what the same line read as
 * a case gives; a line that is not the simple kind is not taken, whatever is wrong with it. */
static void
test_flat_line (void)
{
  const char *simple[] = {
    "{}",
    "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s2\"}",
    "  {\"setting\" :\"distant\",\t\"score\": 3, \"declines\": false}  ",
    "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\", \"marker\": \"untested\"}",
    "{\"setting\": \"local\", \"fit\": null, \"score\": 0, \"available\": [\"drug_b\", \"drug_a\"]}",
    "{\"prior\": [\"drug a\", \"x\"], \"region\": \"north\", \"available\": []}",
    "{\"setting\": \"distant\", \"score\": -0, \"prior\": [], \"trial\": true}",
    /* values of a wrong type: reported as the case reader reports them, in the line's order */
    "{\"fit\": \"yes\"}",
    "{\"score\": 9}",
    "{\"stage\": \"s9\"}",
    "{\"available\": [\"drug_c\"]}",
    "{\"setting\": 3, \"fit\": true, \"region\": 5, \"stage\": \"s1\", \"prior\": \"x\"}",
    "{\"available\": \"drug_a\", \"declines\": [\"no\"], \"score\": \"3\", \"trial\": 1}",
    "{\"score\": -12, \"setting\": [], \"marker\": false, \"fit\": null}",
  };
  const char *other[] = {
    "{\"setting\": \"lo\\u0063al\"}",              /* an escape */
    "{\"region\": \"Z\xc3\xbcrich\"}",               /* text outside ASCII */
    "{\"nonsense\": 1}",                           /* not a field */
    "{\"nonsense\": null}",
    "{\"score\": 2.0}",                            /* numbers the case reader leaves to json-glib */
    "{\"score\": 02}",
    "{\"score\": 99999999999999999999}",
    "{\"fit\": \"y\\u0065s\"}",                    /* a wrong type it cannot skip */
    "{\"available\": [1]}",
    "{\"fit\": {}}",
    "{\"setting\": \"local\", \"setting\": \"distant\"}", /* twice */
    "{\"format\": \"npc-pathway-case/1\", \"fields\": {}}",
    "{\"setting\": \"local\"",                     /* not well-formed */
    "{\"setting\": \"local\"} x",
    "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcCase) c = npc_case_new_from_line (simple[i], -1, "line", &error);
      g_autoptr(NpcEvaluation) via_case = NULL;
      g_autoptr(NpcEvaluation) direct = npc_engine_evaluate_flat_line (engine, simple[i],
                                                                       strlen (simple[i]));
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (direct);
      via_case = npc_engine_evaluate (engine, c);
      a = npc_evaluation_to_json_data (via_case, NULL);
      b = npc_evaluation_to_json_data (direct, NULL);
      g_assert_cmpstr (b, ==, a);
    }
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    {
      g_autoptr(NpcEvaluation) direct = npc_engine_evaluate_flat_line (engine, other[i],
                                                                       strlen (other[i]));

      if (direct != NULL)
        g_error ("the line %s was taken as a simple one", other[i]);
    }
}

static const char *const pool_lines[] = {
  "{}",
  "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s2\"}",
  "{\"setting\": \"distant\", \"score\": 3, \"declines\": false}",
  "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s1\", \"marker\": \"untested\"}",
  "{\"setting\": \"local\", \"fit\": null, \"score\": 0, \"available\": [\"drug_b\", \"drug_a\"]}",
  "{\"prior\": [\"drug a\", \"x\"], \"region\": \"north\", \"available\": []}",
  "{\"setting\": \"distant\", \"score\": -0, \"prior\": [], \"trial\": true}",
};

typedef struct {
  GAsyncQueue *queue;
  NpcEngine *engine;
} PoolJob;

static gpointer
pool_thread (gpointer data)
{
  PoolJob *job = data;
  GAsyncQueue *queue = job->queue;
  NpcEngine *shared = job->engine;

  for (guint i = 0; i < 300; i++)
    {
      const char *line = pool_lines[i % G_N_ELEMENTS (pool_lines)];
      NpcEvaluation *e = npc_engine_evaluate_flat_line (shared, line, strlen (line));

      g_assert_nonnull (e);
      g_async_queue_push (queue, e);
    }
  return NULL;
}

/* An evaluation's block comes from its engine's pool: a block used before carries nothing
 * into the next evaluation, in one thread or across two, and evaluations outlive their
 * engine. */
static void
test_pool (void)
{
  const guint n = G_N_ELEMENTS (pool_lines);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  NpcEngine *pooled = npc_engine_new (guideline);
  PoolJob job;
  GThread *thread;

  /* each from an engine of its own, on a block never used before */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NpcEngine) fresh = npc_engine_new (guideline);
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate_flat_line (fresh, pool_lines[i],
                                                                  strlen (pool_lines[i]));

      g_ptr_array_add (expected, npc_evaluation_to_json_data (e, NULL));
    }
  /* one after another on the same engine, every order of one line after another */
  for (guint i = 0; i < n * n; i++)
    for (guint k = 0; k < 2; k++)
      {
        guint j = k == 0 ? i / n : i % n;
        g_autoptr(NpcEvaluation) e = npc_engine_evaluate_flat_line (pooled, pool_lines[j],
                                                                    strlen (pool_lines[j]));
        g_autofree char *json = npc_evaluation_to_json_data (e, NULL);

        g_assert_cmpstr (json, ==, expected->pdata[j]);
      }
  /* more alive at once than the pool keeps, the engine gone before them */
  for (guint i = 0; i < 5 * n; i++)
    g_ptr_array_add (kept, npc_engine_evaluate_flat_line (pooled, pool_lines[i % n],
                                                          strlen (pool_lines[i % n])));
  g_assert_finalize_object (g_steal_pointer (&pooled));
  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *json = npc_evaluation_to_json_data (kept->pdata[i], NULL);

      g_assert_cmpstr (json, ==, expected->pdata[i % n]);
    }
  g_ptr_array_set_size (kept, 0);

  /* made in one thread, freed in another, while the first takes blocks */
  pooled = npc_engine_new (guideline);
  job = (PoolJob) { queue, pooled };
  thread = g_thread_new ("pool", pool_thread, &job);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(NpcEvaluation) e = g_async_queue_pop (queue);
      g_autofree char *json = npc_evaluation_to_json_data (e, NULL);

      g_assert_cmpstr (json, ==, expected->pdata[i % n]);
    }
  g_thread_join (thread);
  g_assert_finalize_object (pooled);
}

/* What a result's JSON says of its steps, path, references and assumptions, against what the
 * evaluation holds: the parts copied from the guideline's ready-made JSON name the right node,
 * branch, field and value. The text appended to a buffer is the text returned. */
static void
check_json_parts (NpcEvaluation *e)
{
  g_autofree char *json = npc_evaluation_to_json_data (e, NULL);
  g_autoptr(GString) appended = g_string_new ("earlier text\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *steps, *path, *refs, *assumptions;
  const NpcStep *explanation;
  const NpcNode *const *nodes;
  const guint *numbers;
  const NpcAssumption *assumed;
  guint n_steps, n_nodes, n_refs, n_assumed;

  npc_evaluation_append_json (e, appended);
  g_assert_true (g_str_has_prefix (appended->str, "earlier text\n"));
  g_assert_cmpstr (appended->str + strlen ("earlier text\n"), ==, json);

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  explanation = npc_evaluation_get_explanation (e, &n_steps);
  steps = json_object_get_array_member (root, "explanation");
  g_assert_cmpuint (json_array_get_length (steps), ==, n_steps);
  for (guint i = 0; i < n_steps; i++)
    {
      JsonObject *o = json_array_get_object_element (steps, i);
      JsonArray *facts = json_object_get_array_member (o, "facts");

      g_assert_cmpstr (json_object_get_string_member (o, "node"), ==, explanation[i].node->id);
      g_assert_cmpint (json_object_get_int_member (o, "branch"), ==,
                       explanation[i].branch->index + 1);
      g_assert_cmpstr (json_object_get_string_member (o, "label"), ==,
                       explanation[i].branch->label);
      g_assert_cmpstr (json_object_get_string_member (o, "state"), ==,
                       npc_branch_state_to_string (explanation[i].state));
      g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, explanation[i].reason);
      g_assert_cmpuint (json_array_get_length (facts), ==, explanation[i].n_facts);
      for (guint k = 0; k < explanation[i].n_facts; k++)
        {
          JsonObject *fact = json_array_get_object_element (facts, k);
          const NpcFact *f = &explanation[i].facts[k];

          g_assert_cmpstr (json_object_get_string_member (fact, "field"), ==, f->field->id);
          g_assert_cmpstr (json_object_get_string_member (fact, "source"), ==,
                           npc_value_source_to_string (f->source));
          if (f->field->type == NPC_FIELD_ENUM && f->value.known)
            g_assert_cmpstr (json_object_get_string_member (fact, "value"), ==,
                             f->field->values[f->value.v.enum_index].id);
        }
    }

  nodes = npc_evaluation_get_path (e, &n_nodes);
  path = json_object_get_array_member (root, "path");
  if (npc_evaluation_get_outcome (e) != NPC_OUTCOME_VALIDATION_ERROR)
    {
      g_assert_cmpuint (json_array_get_length (path), ==, n_nodes);
      for (guint i = 0; i < n_nodes; i++)
        g_assert_cmpstr (json_array_get_string_element (path, i), ==, nodes[i]->id);
    }

  numbers = npc_evaluation_get_references (e, &n_refs);
  refs = json_object_get_array_member (root, "references");
  g_assert_cmpuint (json_array_get_length (refs), ==, n_refs);
  for (guint i = 0; i < n_refs; i++)
    g_assert_cmpint (json_array_get_int_element (refs, i), ==, numbers[i]);

  assumed = npc_evaluation_get_assumptions (e, &n_assumed);
  assumptions = json_object_get_array_member (root, "assumptions");
  g_assert_cmpuint (json_array_get_length (assumptions), ==, n_assumed);
  for (guint i = 0; i < n_assumed; i++)
    {
      JsonObject *o = json_array_get_object_element (assumptions, i);

      g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, assumed[i].field->id);
      if (assumed[i].field->type == NPC_FIELD_ENUM && assumed[i].value.known)
        g_assert_cmpstr (json_object_get_string_member (o, "value"), ==,
                         assumed[i].field->values[assumed[i].value.v.enum_index].id);
    }
}

static void
test_json_parts (void)
{
  const char *bundled = g_getenv ("NPC_PATHWAY_GUIDELINE");
  const char *vignettes = g_getenv ("NPC_PATHWAY_VIGNETTES");
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) big = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *cases;

  for (guint i = 0; i < G_N_ELEMENTS (pool_lines); i++)
    {
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate_flat_line (engine, pool_lines[i],
                                                                  strlen (pool_lines[i]));

      g_assert_nonnull (e);
      check_json_parts (e);
    }

  if (bundled == NULL || vignettes == NULL)
    {
      g_test_skip ("NPC_PATHWAY_GUIDELINE or NPC_PATHWAY_VIGNETTES not set");
      return;
    }
  g = npc_guideline_new_from_path (bundled, &error);
  g_assert_no_error (error);
  big = npc_engine_new (g);
  g_assert_true (json_parser_load_from_file (parser, vignettes, &error));
  g_assert_no_error (error);
  cases = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *v = json_array_get_object_element (cases, i);
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *line = NULL;
      g_autoptr(NpcEvaluation) e = NULL;

      if (!json_object_has_member (v, "case"))
        continue;
      json_generator_set_root (gen, json_object_get_member (v, "case"));
      line = json_generator_to_data (gen, NULL);
      e = npc_engine_evaluate_flat_line (big, line, strlen (line));
      if (e == NULL)
        {
          /* values that do not validate: the line read as a case */
          g_autoptr(NpcCase) kase = npc_case_new_from_line_at (line, -1, "vignettes", i + 1,
                                                               &error);

          g_assert_no_error (error);
          e = npc_engine_evaluate (big, kase);
        }
      check_json_parts (e);
    }
}

/* Agents already given, as typed: an entry names an agent by id or label whatever its case
 * and surrounding spaces (ASCII ones); anything else is not recognised, and the caveat says
 * so. */
static void
test_options_given_entries (void)
{
  const char *bundled = g_getenv ("NPC_PATHWAY_GUIDELINE");
  const char *head = "{\"disease_setting\": \"metastatic\", \"metastatic_presentation\": "
                     "\"de_novo\", \"oligometastatic\": false, \"prior_systemic_therapy_rm\": "
                     "\"platinum_based_chemo\", \"response_to_initial_chemo\": \"PD\", "
                     "\"performance_status\": \"good\", \"fit_for_combination_chemo\": true, "
                     "\"immunotherapy_eligible\": true, \"opts_against_immunotherapy\": true, "
                     "\"previously_received_agents\": ";
  const char *const lists[] = {
    "[\"gemcitabine\", \"cisplatin\"]",
    "[\"  GEMCITABINE \", \"Cisplatin\"]",
    "[\"\\u0130rinotecan\", \"Gemcitabine\\u00a0\"]",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) big = NULL;
  g_autofree char *first = NULL;

  if (bundled == NULL)
    {
      g_test_skip ("NPC_PATHWAY_GUIDELINE not set");
      return;
    }
  g = npc_guideline_new_from_path (bundled, &error);
  g_assert_no_error (error);
  big = npc_engine_new (g);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *line = g_strconcat (head, lists[i], "}", NULL);
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate_flat_line (big, line, strlen (line));
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (e == NULL)
        {
          /* escapes in its strings: the line read as a case */
          g_autoptr(NpcCase) kase = npc_case_new_from_line_at (line, -1, "agents", i + 1, &error);

          g_assert_no_error (error);
          e = npc_engine_evaluate (big, kase);
        }
      g_autofree char *json = NULL;
      JsonObject *root;
      JsonArray *excluded;
      g_autoptr(GString) reasons = g_string_new (NULL);
      const char *caveat;

      json = npc_evaluation_to_json_data (e, NULL);
      g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
      root = json_node_get_object (json_parser_get_root (parser));
      excluded = json_object_get_array_member (root, "excluded_options");
      for (guint k = 0; k < json_array_get_length (excluded); k++)
        g_string_append_printf (reasons, "%s;", json_object_get_string_member (
                                  json_array_get_object_element (excluded, k), "reason"));
      caveat = json_object_get_string_member (root, "options_caveat");
      if (i == 0)
        {
          g_assert_nonnull (strstr (reasons->str, "gemcitabine given before"));
          g_assert_nonnull (strstr (reasons->str, "cisplatin given before"));
          g_assert_null (caveat);
          first = g_strdup (reasons->str);
        }
      else if (i == 1)
        {
          g_assert_cmpstr (reasons->str, ==, first);
          g_assert_null (caveat);
        }
      else
        {
          /* neither a dotted capital I nor a no-break space is taken for ASCII */
          g_assert_null (strstr (reasons->str, "gemcitabine given before"));
          g_assert_nonnull (caveat);
          g_assert_nonnull (strstr (caveat, "“İrinotecan”"));
          g_assert_nonnull (strstr (caveat, "“Gemcitabine\u00a0”"));
        }
    }
}

/* The reasons kept from one case to the next read as freshly written ones: lines that share
 * some values and differ in others, evaluated one after another by one guideline, against
 * each line on a guideline of its own, which has kept nothing; and after the language
 * changes, the messages are the new language's. */
static const char *const memo_lines[] = {
  "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true, \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true, \"recurrence_site\": \"local\", \"recurrent_t_stage\": \"rT1\", \"resectable\": true, \"surgical_candidate\": true}",
  "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true, \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true, \"recurrence_site\": \"local\", \"recurrent_t_stage\": \"rT3\", \"resectable\": true, \"surgical_candidate\": true}",
  "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true, \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true, \"recurrence_site\": \"regional_neck_only\", \"resectable\": false}",
  "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true, \"pet_ct_done\": false, \"prior_rt\": true, \"recurrence_site\": \"local\"}",
  "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true, \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true, \"recurrence_site\": \"local\", \"recurrent_t_stage\": \"rT1\", \"resectable\": true, \"surgical_candidate\": false}",
  "{\"disease_setting\": \"metastatic\", \"metastatic_presentation\": \"de_novo\", \"oligometastatic\": false, \"performance_status\": \"good\", \"ecog\": 1, \"fit_for_combination_chemo\": true, \"prior_systemic_therapy_rm\": \"none\", \"gem_cis_eligible\": true}",
  "{\"disease_setting\": \"metastatic\", \"metastatic_presentation\": \"de_novo\", \"oligometastatic\": false, \"performance_status\": \"decreased\", \"ecog\": 3, \"fit_for_combination_chemo\": false, \"prior_systemic_therapy_rm\": \"none\"}",
  "{\"disease_setting\": \"metastatic\", \"metastatic_presentation\": \"metachronous\", \"ecog\": 2}",
  "{\"disease_setting\": \"locoregional_recurrence\"}",
  "{}",
};

static char *
fresh_json (const char *path,
            const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (path, &error);
  g_autoptr(NpcEngine) e = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;

  g_assert_no_error (error);
  e = npc_engine_new (g);
  npc_engine_set_json_possible_outcomes (e, FALSE);
  eval = npc_engine_evaluate_flat_line (e, line, strlen (line));
  g_assert_nonnull (eval);
  return npc_evaluation_to_json_data (eval, NULL);
}

static void
test_kept_reasons (void)
{
  const char *bundled = g_getenv ("NPC_PATHWAY_GUIDELINE");
  const char *dir = g_getenv ("NPC_PATHWAY_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) kept = NULL;
  g_autofree char *mo = NULL;

  if (bundled == NULL)
    {
      g_test_skip ("NPC_PATHWAY_GUIDELINE not set");
      return;
    }
  g = npc_guideline_new_from_path (bundled, &error);
  g_assert_no_error (error);
  kept = npc_engine_new (g);
  npc_engine_set_json_possible_outcomes (kept, FALSE);

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (memo_lines); i++)
      {
        guint k = round == 1 ? G_N_ELEMENTS (memo_lines) - 1 - i : i;
        g_autoptr(NpcEvaluation) e = npc_engine_evaluate_flat_line (kept, memo_lines[k],
                                                                    strlen (memo_lines[k]));
        g_autofree char *json = npc_evaluation_to_json_data (e, NULL);
        g_autofree char *expected = fresh_json (bundled, memo_lines[k]);

        g_assert_cmpstr (json, ==, expected);
      }

  mo = dir ? g_build_filename (dir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;
  if (mo == NULL || !g_file_test (mo, G_FILE_TEST_EXISTS))
    return;
  /* The guideline's own text stays as it was read; the program's messages follow the
   * language, kept or not. */
  npc_bind_text_domains ();
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  {
    g_autoptr(GError) error2 = NULL;
    g_autoptr(NpcEngine) fresh = NULL;
    g_autoptr(NpcGuideline) english = NULL;

    /* a guideline read in English, evaluated in Chinese, that has kept nothing */
    g_unsetenv ("LANGUAGE");
    setlocale (LC_ALL, "C.UTF-8");
    english = npc_guideline_new_from_path (bundled, &error2);
    g_assert_no_error (error2);
    g_setenv ("LANGUAGE", "zh_CN", TRUE);
    setlocale (LC_ALL, "C.UTF-8");
    fresh = npc_engine_new (english);
    npc_engine_set_json_possible_outcomes (fresh, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS (memo_lines); i++)
      {
        g_autoptr(NpcEvaluation) a = npc_engine_evaluate_flat_line (kept, memo_lines[i],
                                                                    strlen (memo_lines[i]));
        g_autoptr(NpcEvaluation) b = npc_engine_evaluate_flat_line (fresh, memo_lines[i],
                                                                    strlen (memo_lines[i]));
        g_autofree char *ja = npc_evaluation_to_json_data (a, NULL);
        g_autofree char *jb = npc_evaluation_to_json_data (b, NULL);

        g_assert_cmpstr (ja, ==, jb);
        if (i == 0)
          g_assert_nonnull (strstr (ja, g_dgettext (GETTEXT_PACKAGE,
                                                    "none of the branches before it applies")));
      }
  }
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  path = g_test_build_filename (G_TEST_DIST, "data", "mini.xml", NULL);
  guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);

  g_test_add_func ("/engine/first-true-branch", test_first_true_branch_wins);
  g_test_add_func ("/engine/needs-input", test_unknown_stops_with_deciding_fields);
  g_test_add_func ("/engine/redirect", test_redirect_and_derived_values);
  g_test_add_func ("/engine/flags", test_flags_notes);
  g_test_add_func ("/engine/agents-modifiers", test_agents_and_modifiers);
  g_test_add_func ("/engine/validation", test_validation_rules);
  g_test_add_func ("/engine/explanations", test_explanations);
  g_test_add_func ("/engine/json", test_json_contract);
  g_test_add_func ("/engine/pure", test_pure_and_repeatable);
  g_test_add_func ("/engine/json-escapes", test_json_text_escapes);
  g_test_add_func ("/engine/flat-line", test_flat_line);
  g_test_add_func ("/engine/pool", test_pool);
  g_test_add_func ("/engine/case-readings", test_case_readings);
  g_test_add_func ("/engine/compiled-conditions", test_compiled_conditions);
  g_test_add_func ("/engine/json-parts", test_json_parts);
  g_test_add_func ("/engine/options-given-entries", test_options_given_entries);
  g_test_add_func ("/engine/kept-reasons", test_kept_reasons);
  rc = g_test_run ();
  g_object_unref (engine);
  g_assert_finalize_object (guideline);
  return rc;
}
