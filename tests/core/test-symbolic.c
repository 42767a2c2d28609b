/* test-symbolic.c — possible outcomes against every completion, asking only what matters
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test enumerates what the implementation must not: every completion of a partial case
 * over the fields' finite domains (each value, or left empty), evaluated by the engine. The
 * outcomes they reach must be exactly the possible outcomes of the partial case.
 */
#include "config.h"

#include <string.h>

#include "npc-core.h"

static NpcGuideline *guideline;
static NpcEngine *engine;

/* One choice for a field: -1 empty, else an index into its domain. */
static guint
domain_size (const NpcField *f)
{
  switch (f->type)
    {
    case NPC_FIELD_ENUM: return f->n_values;
    case NPC_FIELD_BOOLEAN: return 2;
    case NPC_FIELD_SET: return 1u << f->n_values;
    case NPC_FIELD_INTEGER: return (guint) (f->max - f->min + 1);
    default: return 0;
    }
}

static void
set_choice (NpcCase *c, const NpcField *f, int choice)
{
  if (choice < 0)
    {
      npc_case_unset (c, f->id);
      return;
    }
  switch (f->type)
    {
    case NPC_FIELD_ENUM:
      /* A value that records "not known" is the same as no value. */
      if (f->values[choice].means_unknown)
        npc_case_unset (c, f->id);
      else
        npc_case_set_string (c, f->id, f->values[choice].id);
      break;
    case NPC_FIELD_BOOLEAN:
      npc_case_set_boolean (c, f->id, choice == 1);
      break;
    case NPC_FIELD_INTEGER:
      npc_case_set_int (c, f->id, f->min + choice);
      break;
    case NPC_FIELD_SET:
      {
        g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
        g_auto(GStrv) v = NULL;

        for (guint i = 0; i < f->n_values; i++)
          if ((choice >> i) & 1)
            g_strv_builder_add (b, f->values[i].id);
        v = g_strv_builder_end (b);
        npc_case_set_strv (c, f->id, (const char *const *) v);
        break;
      }
    default:
      break;
    }
}

static void
enumerate (NpcCase        *c,
           const NpcField *const *free_fields,
           guint           n_free,
           guint           at,
           GHashTable     *reached)
{
  if (at == n_free)
    {
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate (engine, c);
      const NpcNode *primary = npc_evaluation_get_primary (e);

      if (primary != NULL)
        g_hash_table_add (reached, (gpointer) primary->id);
      return;
    }
  for (int choice = -1; choice < (int) domain_size (free_fields[at]); choice++)
    {
      set_choice (c, free_fields[at], choice);
      enumerate (c, free_fields, n_free, at + 1, reached);
    }
  npc_case_unset (c, free_fields[at]->id);
}

static int
cmp_str_ptr (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static char *
keys_text (GHashTable *set)
{
  GPtrArray *a = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;
  char *out;

  g_hash_table_iter_init (&it, set);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (a, key);
  g_ptr_array_sort (a, cmp_str_ptr);
  g_ptr_array_add (a, NULL);
  out = g_strjoinv (" ", (char **) a->pdata);
  g_ptr_array_unref (a);
  return out;
}

/* A random case: every finite field given a value (a field with a default sometimes left to
 * it), then the fields some validation rule refuses made empty again, then `n_free` more.
 * Every field left without a value is free, and the completions range over all of them. */
static guint n_reaching, n_several;

static gboolean
check_random_case (GRand *rand, guint n_free)
{
  const NpcField *const *fields;
  const NpcRule *const *rules;
  guint n_fields, n_rules;
  g_autoptr(NpcCase) c = npc_case_new (npc_guideline_get_id (guideline));
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) possible = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(NpcEvaluation) e = NULL;
  g_autofree char *want = NULL, *got = NULL;
  GPtrArray *po;
  gboolean again = TRUE;

  fields = npc_guideline_get_fields (guideline, &n_fields);
  rules = npc_guideline_get_rules (guideline, &n_rules);
  for (guint i = 0; i < n_fields; i++)
    {
      const NpcField *f = fields[i];
      guint size = domain_size (f);

      if (size == 0)
        continue;
      if (f->default_value.known && g_rand_boolean (rand))
        continue;
      set_choice (c, f, g_rand_int_range (rand, 0, (gint32) size));
      if (f->default_value.known)
        continue;
      if (npc_case_has_value (c, f->id))
        g_ptr_array_add (candidates, (gpointer) f);
      else
        g_ptr_array_add (chosen, (gpointer) f);
    }

  /* Empty what the rules refuse, so the case is mostly valid. */
  while (again)
    {
      g_autoptr(NpcEvaluation) v = npc_engine_evaluate (engine, c);
      guint n_errors;
      const NpcValidationError *const *errors = npc_evaluation_get_validation_errors (v, &n_errors);

      again = FALSE;
      for (guint i = 0; i < n_errors; i++)
        {
          const NpcField *f = npc_guideline_lookup_field (guideline, errors[i]->field);

          if (f == NULL || !npc_case_has_value (c, f->id) || f->default_value.known)
            continue;
          npc_case_unset (c, f->id);
          g_ptr_array_remove (candidates, (gpointer) f);
          g_ptr_array_add (chosen, (gpointer) f);
          again = TRUE;
        }
    }
  (void) rules;
  (void) n_rules;

  /* Prefer the fields the case's own path reads: those are the ones that change things. */
  {
    g_autoptr(NpcEvaluation) full = npc_engine_evaluate (engine, c);
    g_autoptr(GPtrArray) read = g_ptr_array_new ();
    guint n_steps;
    const NpcStep *steps = npc_evaluation_get_explanation (full, &n_steps);

    for (guint i = 0; i < n_steps; i++)
      for (guint k = 0; k < steps[i].n_facts; k++)
        if (steps[i].facts[k].source == NPC_SOURCE_ENTERED &&
            g_ptr_array_find (candidates, steps[i].facts[k].field, NULL) &&
            !g_ptr_array_find (read, steps[i].facts[k].field, NULL))
          g_ptr_array_add (read, (gpointer) steps[i].facts[k].field);
    for (guint k = 0; k < n_free && read->len > 0; k++)
      {
        guint i = g_rand_int_range (rand, 0, (gint32) read->len);
        const NpcField *f = read->pdata[i];

        g_ptr_array_remove_index_fast (read, i);
        g_ptr_array_remove (candidates, (gpointer) f);
        npc_case_unset (c, f->id);
        g_ptr_array_add (chosen, (gpointer) f);
      }
  }

  for (guint k = chosen->len; k < n_free && candidates->len > 0; k++)
    {
      guint i = g_rand_int_range (rand, 0, (gint32) candidates->len);
      const NpcField *f = candidates->pdata[i];

      g_ptr_array_remove_index_fast (candidates, i);
      npc_case_unset (c, f->id);
      g_ptr_array_add (chosen, (gpointer) f);
    }
  if (chosen->len > 5)
    return FALSE;

  e = npc_engine_evaluate (engine, c);
  po = npc_evaluation_get_possible_outcomes (e);
  for (guint i = 0; i < po->len; i++)
    g_hash_table_add (possible, (gpointer) ((NpcPossibleOutcome *) po->pdata[i])->outcome->id);

  enumerate (c, (const NpcField *const *) chosen->pdata, chosen->len, 0, reached);

  want = keys_text (reached);
  got = keys_text (possible);
  if (g_strcmp0 (want, got) != 0)
    {
      g_autofree char *data = npc_case_to_data (c, NULL);
      g_autofree char *flat = g_strdelimit (g_strdup (data), "\n", ' ');

      g_test_message ("case %s with %u unknown", flat, chosen->len);
      for (guint i = 0; i < chosen->len; i++)
        g_test_message ("unknown: %s", ((const NpcField *) chosen->pdata[i])->id);
    }
  g_assert_cmpstr (got, ==, want);
  n_reaching += g_hash_table_size (reached) > 0;
  n_several += g_hash_table_size (reached) > 1;

  /* The outcome the engine gives, when it gives one, is one of them: it never goes on to a
   * place a completion could not reach. */
  if (npc_evaluation_get_primary (e) != NULL)
    g_assert_true (g_hash_table_contains (possible, npc_evaluation_get_primary (e)->id));
  /* A complete case has one possible outcome, its primary. */
  if (chosen->len == 0 && npc_evaluation_get_primary (e) != NULL)
    {
      g_assert_cmpuint (po->len, ==, 1);
      g_assert_true (((NpcPossibleOutcome *) po->pdata[0])->outcome ==
                     npc_evaluation_get_primary (e));
    }
  return TRUE;
}

static void
run_random_partial_cases (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n = g_test_slow () ? 600 : 150;
  guint done = 0, several = 0;

  while (done < n)
    {
      guint n_free = g_rand_int_range (rand, 1, 6);

      if (check_random_case (rand, n_free))
        {
          done++;
          several += n_free >= 2;
        }
    }
  g_assert_cmpuint (several, >, n / 3);
  /* The comparison means something only if the completions reach outcomes, and often
   * more than one. */
  g_test_message ("%u cases: %u reach an outcome, %u more than one", n, n_reaching, n_several);
  g_assert_cmpuint (n_reaching, >, n / 2);
  g_assert_cmpuint (n_several, >, n / 6);
}

static void
test_random_partial_cases (void)
{
  n_reaching = n_several = 0;
  run_random_partial_cases (20260312);
}

/* The small test guideline has what the NPC one lacks: integer comparisons, a redirect that
 * fills a field only when it is empty, and a derived value under a condition. */
static void
test_random_partial_cases_mini (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mini.xml", NULL);
  g_autoptr(GError) error = NULL;
  NpcGuideline *saved_guideline = guideline;
  NpcEngine *saved_engine = engine;

  guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);
  n_reaching = n_several = 0;
  run_random_partial_cases (7);
  g_clear_object (&engine);
  g_clear_object (&guideline);
  guideline = saved_guideline;
  engine = saved_engine;
}

/* The one walk of NpcSymbolicAnswers, which goes on through every answer to keep the parts
 * for the fields that matter, finds the sole next node that the walk stopping at the first
 * difference finds (npc_symbolic_sole_next()), at every decision, over random values (each
 * field unknown or any value of its type). The fields that matter are checked through the
 * engine (/engine/ask-only-what-matters, /engine/d3-asks-when-it-matters). */
static void
test_answers_one_walk (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  guint n_fields, n_nodes, n_sole = 0, n_none = 0;
  const NpcField *const *fields = npc_guideline_get_fields (guideline, &n_fields);
  const NpcNode *const *nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  g_autofree NpcValue *values = g_new0 (NpcValue, n_fields);
  g_autofree gboolean *derived = g_new0 (gboolean, n_fields);

  for (guint round = 0; round < 60; round++)
    {
      for (guint i = 0; i < n_fields; i++)
        {
          const NpcField *f = fields[i];
          NpcValue *v = &values[i];

          memset (v, 0, sizeof *v);
          if (g_rand_int_range (rand, 0, 3) == 0)
            continue;
          switch (f->type)
            {
            case NPC_FIELD_BOOLEAN:
              v->known = TRUE;
              v->v.boolean = g_rand_boolean (rand);
              break;
            case NPC_FIELD_ENUM:
              v->known = f->n_values > 0;
              v->v.enum_index = f->n_values > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) f->n_values) : 0;
              break;
            case NPC_FIELD_INTEGER:
              v->known = TRUE;
              v->v.integer = g_rand_int_range (rand, (gint32) f->min, (gint32) f->max + 1);
              break;
            case NPC_FIELD_SET:
              v->known = TRUE;
              v->v.set_mask = f->n_values > 0
                              ? g_rand_int (rand) & ((G_GUINT64_CONSTANT (1) << MIN (f->n_values, 31)) - 1)
                              : 0;
              break;
            default:
              /* free text stays unknown */
              break;
            }
        }

      for (guint k = 0; k < n_nodes; k++)
        {
          const NpcNode *node = nodes[k];
          g_autoptr(NpcSymbolicAnswers) answers = NULL;
          const NpcNode *sole;

          if (node->kind != NPC_NODE_DECISION)
            continue;
          answers = npc_symbolic_answers_new (guideline, node, values, values, derived);
          sole = npc_symbolic_sole_next (guideline, node, values, values, derived);
          g_assert_true (npc_symbolic_answers_sole (answers) == sole);
          n_sole += sole != NULL;
          n_none += sole == NULL;
        }
    }
  /* both answers were met, or the comparison says little */
  g_test_message ("%u sole next nodes, %u decisions without one", n_sole, n_none);
  g_assert_cmpuint (n_sole, >, 20);
  g_assert_cmpuint (n_none, >, 20);
}

static void
test_empty_case (void)
{
  g_autoptr(NpcCase) c = npc_case_new (npc_guideline_get_id (guideline));
  g_autoptr(NpcEvaluation) e = npc_engine_evaluate (engine, c);
  GPtrArray *po = npc_evaluation_get_possible_outcomes (e);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_NEEDS_INPUT);
  for (guint i = 0; i < po->len; i++)
    {
      const NpcPossibleOutcome *p = po->pdata[i];

      g_hash_table_add (ids, (gpointer) p->outcome->id);
      g_assert_nonnull (p->text);
      g_assert_cmpuint (p->n_when, >, 0);
    }
  /* Imaging defaults to not done: the locoregional side ends at the evaluation step. */
  g_assert_true (g_hash_table_contains (ids, "EVAL-LR"));
  g_assert_true (g_hash_table_contains (ids, "M-1L-GP"));
  g_assert_false (g_hash_table_contains (ids, "LR-RT-SURG-T12"));
}

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
needs_of (NpcEvaluation *e)
{
  guint n;
  const NpcField *const *f = npc_evaluation_get_needs_input (e, &n);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", f[i]->id);
  return g_string_free (s, FALSE);
}

static gboolean
on_path (NpcEvaluation *e, const char *id)
{
  g_auto(GStrv) path = npc_evaluation_dup_path_ids (e);

  return g_strv_contains ((const char *const *) path, id);
}

/* D3: no prior RT, known oligometastatic disease after systemic therapy only: both answers
 * about distant metastases lead to D4, so the case goes on. */
static void
test_d3_oligometastatic_goes_on (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"prior_rt\": false,"
         " \"no_prior_rt_context\": \"systemic_therapy_only_oligometastatic\"}");
  g_autofree char *needs = needs_of (e);
  guint n;
  const NpcStep *steps = npc_evaluation_get_explanation (e, &n);
  gboolean saw_undetermined = FALSE;

  g_assert_true (on_path (e, "D4"));
  g_assert_false (strstr (needs, "distant_metastases_on_imaging") != NULL);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (steps[i].node->id, "D3") && steps[i].state == NPC_BRANCH_UNDETERMINED)
      saw_undetermined = TRUE;
  g_assert_true (saw_undetermined);
}

/* D3: distant metastases after incomplete initial therapy: with or without a full course of
 * RT the case continues as metastatic disease with the metastases counted as metachronous,
 * so prior RT is not asked. */
static void
test_d3_both_redirect (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"distant_metastases_on_imaging\": true,"
         " \"no_prior_rt_context\": \"incomplete_initial_therapy\"}");
  g_autofree char *needs = needs_of (e);
  guint n;
  const NpcAssumption *a = npc_evaluation_get_assumptions (e, &n);
  gboolean metachronous = FALSE;

  g_assert_true (on_path (e, "REDIRECT-MET"));
  g_assert_false (strstr (needs, "prior_rt") != NULL);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (a[i].field->id, "metastatic_presentation"))
      {
        g_assert_cmpint (a[i].source, ==, NPC_SOURCE_DERIVED);
        g_assert_cmpstr (a[i].by->id, ==, "REDIRECT-MET");
        metachronous = TRUE;
      }
  g_assert_true (metachronous);
}

/* When the answer does matter, the field is still asked. */
static void
test_d3_asks_when_it_matters (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"prior_rt\": true}");
  g_autofree char *needs = needs_of (e);

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_cmpstr (needs, ==, "distant_metastases_on_imaging");
}

static void
test_assumptions_and_sources (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true,"
         " \"recurrence_site\": \"local\", \"recurrent_t_stage\": \"rT1\","
         " \"resectable\": true, \"surgical_candidate\": true}");
  guint n;
  const NpcAssumption *a = npc_evaluation_get_assumptions (e, &n);
  const NpcStep *steps;
  gboolean declines = FALSE, entered = FALSE, defaulted = FALSE;

  g_assert_cmpstr (npc_evaluation_get_primary (e)->id, ==, "LR-RT-SURG-T12");
  for (guint i = 0; i < n; i++)
    if (g_str_equal (a[i].field->id, "declines_surgery"))
      {
        g_assert_cmpint (a[i].source, ==, NPC_SOURCE_DEFAULT);
        g_assert_false (a[i].value.v.boolean);
        declines = TRUE;
      }
  g_assert_true (declines);

  steps = npc_evaluation_get_explanation (e, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < steps[i].n_facts; k++)
      {
        if (g_str_equal (steps[i].facts[k].field->id, "resectable"))
          entered |= steps[i].facts[k].source == NPC_SOURCE_ENTERED;
        if (g_str_equal (steps[i].facts[k].field->id, "declines_surgery"))
          defaulted |= steps[i].facts[k].source == NPC_SOURCE_DEFAULT;
      }
  g_assert_true (entered);
  g_assert_true (defaulted);
}

static void
test_preempted (void)
{
  g_autoptr(NpcEvaluation) e = run ("{\"disease_setting\": \"locoregional_recurrence\"}");
  guint n, n_steps;
  const NpcStep *steps = npc_evaluation_get_explanation (e, &n);
  gboolean found = FALSE;

  npc_evaluation_get_steps (e, &n_steps);
  g_assert_cmpuint (n, >, n_steps);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (steps[i].node->id, "D1") && steps[i].branch->index == 1)
      {
        g_assert_cmpint (steps[i].state, ==, NPC_BRANCH_PREEMPTED);
        g_assert_nonnull (strstr (steps[i].reason, "Locoregional recurrence"));
        found = TRUE;
      }
  g_assert_true (found);
}

static void
test_invalid_case_has_none (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"metastatic\", \"recurrent_t_stage\": \"rT2\"}");

  g_assert_cmpint (npc_evaluation_get_outcome (e), ==, NPC_OUTCOME_VALIDATION_ERROR);
  g_assert_cmpuint (npc_evaluation_get_possible_outcomes (e)->len, ==, 0);
}

static void
test_partial_when (void)
{
  /* "what are the options if the MRI shows rT3?": only the T stage is open. */
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true,"
         " \"recurrence_site\": \"local\", \"resectable\": true, \"surgical_candidate\": true,"
         " \"reirradiation_candidate\": true}");
  GPtrArray *po = npc_evaluation_get_possible_outcomes (e);
  gboolean surgery = FALSE, reirr = FALSE;

  for (guint i = 0; i < po->len; i++)
    {
      const NpcPossibleOutcome *p = po->pdata[i];

      g_assert_cmpuint (p->n_when, ==, 1);
      g_assert_cmpstr (p->when[0].field->id, ==, "recurrent_t_stage");
      if (g_str_equal (p->outcome->id, "LR-RT-SURG-T12"))
        {
          surgery = TRUE;
          g_assert_cmpuint (p->when[0].mask, ==, 0x3); /* rT1, rT2 */
        }
      if (g_str_equal (p->outcome->id, "LR-RT-REIRR"))
        reirr = TRUE;
    }
  g_assert_true (surgery);
  g_assert_true (reirr);
  g_assert_cmpuint (po->len, ==, 2);
}

/* The command-line contract: the new keys and their shapes. */
static void
test_json_keys (void)
{
  g_autoptr(NpcEvaluation) e =
    run ("{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
         " \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true,"
         " \"recurrence_site\": \"local\", \"resectable\": true, \"surgical_candidate\": true,"
         " \"reirradiation_candidate\": true}");
  g_autoptr(JsonNode) root = npc_evaluation_to_json (e);
  JsonObject *o = json_node_get_object (root);
  JsonArray *po = json_object_get_array_member (o, "possible_outcomes");
  JsonArray *assumptions = json_object_get_array_member (o, "assumptions");
  JsonArray *expl = json_object_get_array_member (o, "explanation");
  gboolean saw_default_fact = FALSE, saw_preempted = FALSE;

  g_assert_cmpuint (json_array_get_length (po), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (po, 0);
    JsonArray *when = json_object_get_array_member (first, "when");
    JsonObject *c = json_array_get_object_element (when, 0);
    JsonArray *values = json_object_get_array_member (c, "values");

    g_assert_cmpstr (json_object_get_string_member (first, "outcome"), ==, "LR-RT-SURG-T12");
    g_assert_cmpstr (json_object_get_string_member (c, "field"), ==, "recurrent_t_stage");
    g_assert_cmpuint (json_array_get_length (values), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (values, 0), ==, "rT1");
    g_assert_nonnull (strstr (json_object_get_string_member (first, "text"), "rT1 or rT2"));
  }

  g_assert_cmpuint (json_array_get_length (assumptions), >, 0);
  for (guint i = 0; i < json_array_get_length (assumptions); i++)
    {
      JsonObject *a = json_array_get_object_element (assumptions, i);

      g_assert_cmpstr (json_object_get_string_member (a, "source"), ==, "default");
      g_assert_true (json_object_get_null_member (a, "by") == FALSE ||
                     json_node_is_null (json_object_get_member (a, "by")));
    }

  for (guint i = 0; i < json_array_get_length (expl); i++)
    {
      JsonObject *step = json_array_get_object_element (expl, i);
      JsonArray *facts = json_object_get_array_member (step, "facts");

      if (g_str_equal (json_object_get_string_member (step, "state"), "preempted"))
        saw_preempted = TRUE;
      for (guint k = 0; k < json_array_get_length (facts); k++)
        {
          JsonObject *fact = json_array_get_object_element (facts, k);
          const char *source = json_object_get_string_member (fact, "source");

          g_assert_true (g_str_equal (source, "entered") || g_str_equal (source, "default") ||
                         g_str_equal (source, "derived"));
          if (g_str_equal (json_object_get_string_member (fact, "field"), "declines_surgery"))
            saw_default_fact = g_str_equal (source, "default");
        }
    }
  g_assert_true (saw_preempted);
  /* The case is incomplete: the engine stops at D8 before declines_surgery is read. */
  g_assert_false (saw_default_fact);
}

/* Whatever the stage, fitness decides Q1: the stage is not asked, and once fitness is known
 * the case goes on without it. */
static void
test_ask_only_what_matters (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ask.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (path, &error);
  g_autoptr(NpcEngine) eng = NULL;
  g_autoptr(NpcCase) c = NULL;
  g_autoptr(NpcEvaluation) e0 = NULL;
  g_autoptr(NpcEvaluation) e1 = NULL;
  g_autofree char *needs = NULL;

  g_assert_no_error (error);
  eng = npc_engine_new (g);
  c = npc_case_new (npc_guideline_get_id (g));
  e0 = npc_engine_evaluate (eng, c);
  needs = needs_of (e0);
  g_assert_cmpint (npc_evaluation_get_outcome (e0), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_cmpstr (needs, ==, "fit");

  npc_case_set_boolean (c, "fit", TRUE);
  e1 = npc_engine_evaluate (eng, c);
  g_assert_nonnull (npc_evaluation_get_primary (e1));
  g_assert_cmpstr (npc_evaluation_get_primary (e1)->id, ==, "A");
  g_assert_cmpuint (npc_evaluation_get_possible_outcomes (e1)->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  guideline = npc_guideline_new_default (&error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);

  g_test_add_func ("/symbolic/random-partial-cases", test_random_partial_cases);
  g_test_add_func ("/symbolic/random-partial-cases-mini", test_random_partial_cases_mini);
  g_test_add_func ("/symbolic/empty-case", test_empty_case);
  g_test_add_func ("/symbolic/answers-one-walk", test_answers_one_walk);
  g_test_add_func ("/symbolic/partial-when", test_partial_when);
  g_test_add_func ("/symbolic/invalid-case", test_invalid_case_has_none);
  g_test_add_func ("/engine/d3-oligometastatic-goes-on", test_d3_oligometastatic_goes_on);
  g_test_add_func ("/engine/d3-both-redirect", test_d3_both_redirect);
  g_test_add_func ("/engine/d3-asks-when-it-matters", test_d3_asks_when_it_matters);
  g_test_add_func ("/engine/assumptions", test_assumptions_and_sources);
  g_test_add_func ("/engine/preempted", test_preempted);
  g_test_add_func ("/engine/json-keys", test_json_keys);
  g_test_add_func ("/engine/ask-only-what-matters", test_ask_only_what_matters);

  ret = g_test_run ();
  g_clear_object (&engine);
  g_clear_object (&guideline);
  return ret;
}
