/* test-content.c — the bundled guideline against the review: coverage, references, figures
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "npc-core.h"

static NpcGuideline *guideline;

/* Every outcome node is reached by at least one test case (visible vignettes + own cases). */
static void
test_every_outcome_reached (void)
{
  g_autoptr(NpcEngine) engine = npc_engine_new (guideline);
  const char *files[2];
  g_autofree char *own = g_test_build_filename (G_TEST_DIST, "cases.json", NULL);
  const NpcNode *const *nodes;
  g_autofree guint *hits = NULL;
  guint n_nodes, n_cases = 0;

  files[0] = g_getenv ("NPC_PATHWAY_VIGNETTES");
  files[1] = own;
  nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  hits = g_new0 (guint, n_nodes);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (!g_file_test (files[f], G_FILE_TEST_EXISTS))
        continue;
      json_parser_load_from_file (p, files[f], &error);
      g_assert_no_error (error);
      array = json_node_get_array (json_parser_get_root (p));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          g_autoptr(NpcCase) c = npc_case_new_from_object (
            json_object_get_object_member (item, "case"), "case", NULL);
          g_autoptr(NpcEvaluation) e = npc_engine_evaluate (engine, c);
          const NpcNode *const *path;
          guint n_path;

          path = npc_evaluation_get_path (e, &n_path);
          for (guint k = 0; k < n_path; k++)
            hits[path[k]->index]++;
          n_cases++;
        }
    }

  g_assert_cmpuint (n_cases, >, 0);
  for (guint i = 0; i < n_nodes; i++)
    if (hits[i] == 0)
      {
        g_test_message ("no test case reaches %s", nodes[i]->id);
        g_test_fail ();
      }
}

static void
mark_links (const NpcLinks *links,
            gboolean       *cited)
{
  for (guint i = 0; i < links->n_cites; i++)
    for (guint k = 0; k < links->cites[i].n_refs; k++)
      cited[links->cites[i].refs[k]] = TRUE;
}

/* Every reference is cited from somewhere: a node, an option, an info block, an evidence item,
 * an agent or a modifier. */
static void
test_every_reference_linked (void)
{
  g_autofree gboolean *cited = g_new0 (gboolean, 1024);
  const NpcNode *const *nodes;
  const NpcEvidence *const *evidence;
  const NpcInfo *const *infos;
  const NpcModifier *const *mods;
  const NpcReference *const *refs;
  guint n;

  nodes = npc_guideline_get_nodes (guideline, &n);
  for (guint i = 0; i < n; i++)
    {
      mark_links (&nodes[i]->links, cited);
      for (guint k = 0; k < nodes[i]->n_options; k++)
        for (guint r = 0; r < nodes[i]->options[k].n_refs; r++)
          cited[nodes[i]->options[k].refs[r]] = TRUE;
      if (nodes[i]->agents != NULL)
        for (guint k = 0; k < nodes[i]->agents->n_agents; k++)
          mark_links (&nodes[i]->agents->agents[k].links, cited);
    }
  evidence = npc_guideline_get_evidence (guideline, &n);
  for (guint i = 0; i < n; i++)
    mark_links (&evidence[i]->links, cited);
  infos = npc_guideline_get_infos (guideline, &n);
  for (guint i = 0; i < n; i++)
    {
      mark_links (&infos[i]->links, cited);
      for (guint k = 0; k < infos[i]->n_parts; k++)
        for (guint r = 0; r < infos[i]->parts[k].n_refs; r++)
          cited[infos[i]->parts[k].refs[r]] = TRUE;
    }
  mods = npc_guideline_get_modifiers (guideline, &n);
  for (guint i = 0; i < n; i++)
    mark_links (&mods[i]->links, cited);

  refs = npc_guideline_get_references (guideline, &n);
  g_assert_cmpuint (n, ==, 112);
  for (guint i = 0; i < n; i++)
    if (!cited[refs[i]->n])
      {
        g_test_message ("reference %u is not linked from anywhere", refs[i]->n);
        g_test_fail ();
      }
}

/* The 112 references match the structured list taken from the review. */
static void
test_references_match_review (void)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "references.json", NULL);
  JsonArray *array;

  json_parser_load_from_file (p, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (p));
  g_assert_cmpuint (json_array_get_length (array), ==, 112);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      guint n = (guint) json_object_get_int_member (o, "n");
      const NpcReference *r = npc_guideline_lookup_reference (guideline, n);
      JsonNode *year = json_object_get_member (o, "year");
      JsonNode *vol = json_object_get_member (o, "volume");
      JsonNode *pages = json_object_get_member (o, "pages");

      g_assert_nonnull (r);
      g_assert_cmpstr (r->authors, ==, json_object_get_string_member (o, "authors"));
      g_assert_cmpstr (r->title, ==, json_object_get_string_member (o, "title"));
      g_assert_cmpstr (r->journal, ==, json_object_get_string_member (o, "journal"));
      g_assert_cmpuint (r->year, ==, JSON_NODE_HOLDS_NULL (year) ? 0 : json_node_get_int (year));
      g_assert_cmpstr (r->volume, ==, JSON_NODE_HOLDS_NULL (vol) ? NULL : json_node_get_string (vol));
      g_assert_cmpstr (r->pages, ==, JSON_NODE_HOLDS_NULL (pages) ? NULL
                                                                  : json_node_get_string (pages));
    }
}

static gboolean
has_hr (const NpcEvidence *e,
        const char        *hr,
        const char        *lo,
        const char        *hi)
{
  for (guint i = 0; i < e->n_results; i++)
    if (g_strcmp0 (e->results[i].hazard_ratio, hr) == 0 &&
        g_strcmp0 (e->results[i].ci_lower, lo) == 0 && g_strcmp0 (e->results[i].ci_upper, hi) == 0)
      return TRUE;
  return FALSE;
}

/* Each trial carries the figures the review prints: its size and every hazard ratio with its
 * 95% confidence interval, exactly as printed. */
static void
test_evidence_figures (void)
{
  const struct { const char *id; guint n; } sizes[] = {
    { "E01", 200 }, { "E02", 33 }, { "E03", 362 }, { "E04", 104 }, { "E05", 289 },
    { "E06", 263 }, { "E07", 263 }, { "E08", 126 }, { "E09", 233 }, { "E11", 44 },
    { "E13", 190 },
  };
  const struct { const char *id, *hr, *lo, *hi; } hrs[] = {
    { "E01", "0.47", "0.29", "0.76" },
    { "E03", "0.55", "0.44", "0.68" }, { "E03", "0.72", "0.58", "0.90" },
    { "E04", "0.44", "0.26", "0.74" },
    { "E05", "0.52", "0.36", "0.74" }, { "E05", "0.60", "0.36", "0.99" },
    { "E06", "0.54", "0.39", "0.76" },
    { "E07", "0.50", "0.37", "0.68" }, { "E07", "0.38", "0.25", "0.58" },
    { "E07", "0.60", "0.31", "1.01" },
    { "E08", "0.42", "0.23", "0.77" }, { "E08", "0.36", "0.23", "0.57" },
    { "E09", "0.90", "0.67", "1.19" },
  };
  const NpcEvidence *const *all;
  guint n;

  all = npc_guideline_get_evidence (guideline, &n);
  g_assert_cmpuint (n, ==, 17);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (all[i]->design);
      g_assert_cmpuint (all[i]->links.n_cites, >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      const NpcEvidence *e = npc_guideline_lookup_evidence (guideline, sizes[i].id);

      g_assert_nonnull (e);
      g_assert_cmpuint (e->n, ==, sizes[i].n);
      g_assert_cmpuint (e->n_results, >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (hrs); i++)
    {
      const NpcEvidence *e = npc_guideline_lookup_evidence (guideline, hrs[i].id);

      if (!has_hr (e, hrs[i].hr, hrs[i].lo, hrs[i].hi))
        {
          g_test_message ("%s lacks HR %s (95%% CI %s-%s)", hrs[i].id, hrs[i].hr, hrs[i].lo,
                          hrs[i].hi);
          g_test_fail ();
        }
    }
}

/* Only the three statements the review grades carry a grade. */
static void
test_grades (void)
{
  const NpcNode *const *nodes;
  guint n, graded = 0;

  nodes = npc_guideline_get_nodes (guideline, &n);
  for (guint i = 0; i < n; i++)
    if (nodes[i]->grade != NULL)
      graded++;
  g_assert_cmpuint (graded, ==, 3);
  g_assert_cmpstr (npc_guideline_lookup_node (guideline, "LR-RT-SURG-T12")->grade, ==, "2C");
  g_assert_cmpstr (npc_guideline_lookup_node (guideline, "M-1L-GP")->grade, ==, "2B");
  g_assert_cmpstr (npc_guideline_lookup_node (guideline, "M-CONS")->grade, ==, "2B");
}

/* All 30 ambiguities are recorded, and each is attached somewhere. */
static void
test_ambiguities_attached (void)
{
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  const NpcAmbiguity *const *ambs;
  const NpcNode *const *nodes;
  const NpcField *const *fields;
  guint n;

  nodes = npc_guideline_get_nodes (guideline, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < nodes[i]->links.n_notes; k++)
      g_hash_table_add (used, (gpointer) nodes[i]->links.notes[k]->ambiguity);
  fields = npc_guideline_get_fields (guideline, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < fields[i]->n_notes; k++)
      g_hash_table_add (used, (gpointer) fields[i]->notes[k]->ambiguity);
  {
    const NpcEvidence *const *evidence = npc_guideline_get_evidence (guideline, &n);

    for (guint i = 0; i < n; i++)
      for (guint k = 0; k < evidence[i]->links.n_notes; k++)
        g_hash_table_add (used, (gpointer) evidence[i]->links.notes[k]->ambiguity);
  }
  {
    const NpcModifier *const *mods = npc_guideline_get_modifiers (guideline, &n);

    for (guint i = 0; i < n; i++)
      for (guint k = 0; k < mods[i]->links.n_notes; k++)
        g_hash_table_add (used, (gpointer) mods[i]->links.notes[k]->ambiguity);
  }
  {
    const NpcInfo *const *infos = npc_guideline_get_infos (guideline, &n);

    for (guint i = 0; i < n; i++)
      for (guint k = 0; k < infos[i]->links.n_notes; k++)
        g_hash_table_add (used, (gpointer) infos[i]->links.notes[k]->ambiguity);
  }

  ambs = npc_guideline_get_ambiguities (guideline, &n);
  g_assert_cmpuint (n, >=, 29);
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_contains (used, ambs[i]))
      {
        g_test_message ("%s is not attached to any node or field", ambs[i]->id);
        g_test_fail ();
      }
}

static void
test_metadata (void)
{
  const NpcMetadata *m = npc_guideline_get_metadata (guideline);

  g_assert_cmpstr (npc_guideline_get_id (guideline), ==, "npc-recurrent-metastatic");
  g_assert_cmpstr (m->literature_review_through, ==, "Dec 2022");
  g_assert_cmpstr (m->last_updated, ==, "Jun 08, 2022");
  g_assert_nonnull (m->disclaimer);
}

/* Every case of the test files, evaluated: (NpcEvaluation*, JsonNode* of its JSON). */
typedef struct {
  GPtrArray *evaluations;
  GPtrArray *results;
} Evaluated;

static void
evaluate_all_cases (Evaluated *out)
{
  g_autoptr(NpcEngine) engine = npc_engine_new (guideline);
  g_autofree char *own = g_test_build_filename (G_TEST_DIST, "cases.json", NULL);
  const char *files[2] = { g_getenv ("NPC_PATHWAY_VIGNETTES"), own };

  out->evaluations = g_ptr_array_new_with_free_func (g_object_unref);
  out->results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      g_assert_true (files[f] != NULL && g_file_test (files[f], G_FILE_TEST_EXISTS));
      json_parser_load_from_file (p, files[f], &error);
      g_assert_no_error (error);
      array = json_node_get_array (json_parser_get_root (p));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          g_autoptr(NpcCase) c = npc_case_new_from_object (
            json_object_get_object_member (item, "case"), "case", NULL);
          NpcEvaluation *e = npc_engine_evaluate (engine, c);

          g_ptr_array_add (out->evaluations, e);
          g_ptr_array_add (out->results, npc_evaluation_to_json (e));
        }
    }
  g_assert_cmpuint (out->results->len, >, 0);
}

static void
evaluated_clear (Evaluated *e)
{
  g_ptr_array_unref (e->evaluations);
  g_ptr_array_unref (e->results);
}

static const char *
note_text (const NpcNote *note)
{
  return note->text ? note->text : note->ambiguity ? note->ambiguity->text : NULL;
}

/* A note written for some patients only must reach the user when it holds: every note with
 * a condition is shown by at least one test case, on its node or with its agent. */
static void
test_conditional_notes_shown (void)
{
  Evaluated ev;
  const NpcNode *const *nodes;
  guint n_nodes, n_checked = 0;

  evaluate_all_cases (&ev);
  nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *node = nodes[i];

      for (guint k = 0; k < node->links.n_notes; k++)
        {
          const NpcNote *note = node->links.notes[k];
          gboolean shown = FALSE;

          if (note->when == NULL || note_text (note) == NULL)
            continue;
          n_checked++;
          for (guint c = 0; c < ev.results->len && !shown; c++)
            {
              JsonArray *notes = json_object_get_array_member (
                json_node_get_object (ev.results->pdata[c]), "notes");

              for (guint m = 0; m < json_array_get_length (notes) && !shown; m++)
                {
                  JsonObject *o = json_array_get_object_element (notes, m);
                  JsonNode *amb = json_object_get_member (o, "ambiguity");

                  shown = g_str_equal (json_object_get_string_member (o, "node"), node->id) &&
                          g_str_equal (json_object_get_string_member (o, "text"), note_text (note)) &&
                          (note->ambiguity == NULL ? JSON_NODE_HOLDS_NULL (amb)
                           : g_strcmp0 (json_node_get_string (amb), note->ambiguity->id) == 0);
                }
            }
          if (!shown)
            {
              g_test_message ("the note %s on %s is shown by no test case",
                              note->ambiguity ? note->ambiguity->id : "(own text)", node->id);
              g_test_fail ();
            }
        }

      for (guint a = 0; node->agents != NULL && a < node->agents->n_agents; a++)
        {
          const NpcAgent *agent = &node->agents->agents[a];

          for (guint k = 0; k < agent->links.n_notes; k++)
            {
              const NpcNote *note = agent->links.notes[k];
              gboolean shown = FALSE;

              if (note->when == NULL || note->text == NULL)
                continue;
              n_checked++;
              for (guint c = 0; c < ev.results->len && !shown; c++)
                {
                  JsonObject *caveats = json_object_get_object_member (
                    json_node_get_object (ev.results->pdata[c]), "agent_caveats");
                  JsonArray *list = json_object_has_member (caveats, agent->id)
                                      ? json_object_get_array_member (caveats, agent->id) : NULL;

                  for (guint m = 0; list != NULL && m < json_array_get_length (list); m++)
                    shown |= g_str_equal (json_array_get_string_element (list, m), note->text);
                }
              if (!shown)
                {
                  g_test_message ("the note on %s of %s is shown by no test case", agent->id,
                                  node->id);
                  g_test_fail ();
                }
            }
        }
    }
  g_assert_cmpuint (n_checked, >=, 15);
  evaluated_clear (&ev);
}

/* Where the review states a grade for another population, nothing the program writes for
 * the patient calls it the patient's grade. */
static void
test_grades_stay_in_scope (void)
{
  Evaluated ev;
  guint n_stated = 0;

  evaluate_all_cases (&ev);
  for (guint c = 0; c < ev.results->len; c++)
    {
      JsonObject *r = json_node_get_object (ev.results->pdata[c]);
      JsonNode *stated = json_object_get_member (r, "stated_grade");
      NpcEvaluation *e = ev.evaluations->pdata[c];
      g_autofree char *summary = NULL;
      g_autofree char *text = NULL;
      g_autofree char *own_grade = NULL;
      const char *grade;

      if (JSON_NODE_HOLDS_NULL (stated))
        continue;
      n_stated++;
      grade = json_object_get_string_member (json_node_get_object (stated), "grade");
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "grade")));
      g_assert_null (npc_evaluation_get_grade (e));
      own_grade = g_strdup_printf ("grade %s", grade);
      summary = npc_evaluation_dup_summary (e);
      text = npc_evaluation_to_text (e);
      g_assert_null (strstr (summary, own_grade));
      g_assert_nonnull (strstr (summary, "graded"));
      g_assert_null (strstr (text, own_grade));
      /* The statement shown with the outcome does not carry the grade either. */
      g_assert_null (strstr (npc_evaluation_get_primary (e)->statement, grade));
    }
  g_assert_cmpuint (n_stated, >=, 4);
  evaluated_clear (&ev);
}

/* While input is needed, what each answer can lead to, in a few words: the rT stage of a
 * local recurrence decides between surgery and reirradiation. */
static void
test_possible_summary (void)
{
  g_autoptr(NpcEngine) engine = npc_engine_new (guideline);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true,"
    " \"pet_ct_done\": true, \"distant_metastases_on_imaging\": false, \"prior_rt\": true,"
    " \"recurrence_site\": \"local\", \"resectable\": true}", &error);
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  g_autofree char *summary = NULL;
  const char *small, *large;

  g_assert_no_error (error);
  kase = npc_case_new_from_object (json_node_get_object (node), "partial", &error);
  g_assert_no_error (error);
  eval = npc_engine_evaluate (engine, kase);
  g_assert_cmpint (npc_evaluation_get_outcome (eval), ==, NPC_OUTCOME_NEEDS_INPUT);
  summary = npc_evaluation_dup_possible_summary (eval, 2);
  g_assert_nonnull (summary);
  g_test_message ("%s", summary);
  small = strstr (summary, "rT1 or rT2: ");
  large = strstr (summary, "rT3 or rT4: ");
  g_assert_nonnull (small);
  g_assert_nonnull (large);
  /* the outcomes that need the fewest further answers come first */
  g_assert_true (g_str_has_prefix (small + strlen ("rT1 or rT2: "), "Salvage endoscopic nasopharyngectomy"));
  g_assert_true (g_str_has_prefix (large + strlen ("rT3 or rT4: "), "Reirradiation"));
  g_assert_nonnull (strstr (summary, "more further on"));

  /* nothing to say for a complete case */
  {
    g_autoptr(JsonNode) done = json_from_string (
      "{\"disease_setting\": \"metastatic\", \"prior_systemic_therapy_rm\": \"none\","
      " \"fit_for_combination_chemo\": true, \"gem_cis_eligible\": true}", &error);
    g_autoptr(NpcCase) c2 = npc_case_new_from_object (json_node_get_object (done), "done", &error);
    g_autoptr(NpcEvaluation) e2 = npc_engine_evaluate (engine, c2);

    g_assert_null (npc_evaluation_dup_possible_summary (e2, 3));
  }
}

static char *
fields_to_complete (NpcEngine  *engine,
                    const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  GString *ids = g_string_new (NULL);

  g_assert_no_error (error);
  kase = npc_case_new_from_object (json_node_get_object (node), "case", &error);
  g_assert_no_error (error);
  eval = npc_engine_evaluate (engine, kase);
  fields = npc_evaluation_dup_fields_to_complete (eval);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "",
                            ((const NpcField *) g_ptr_array_index (fields, i))->id);
  return g_string_free (ids, FALSE);
}

/* Where the pathway stops to complete the work-up, the answers that hold it there are the
 * ones to revisit; the ones already done are not. */
static void
test_fields_to_complete (void)
{
  g_autoptr(NpcEngine) engine = npc_engine_new (guideline);
  g_autofree char *both = fields_to_complete (engine,
    "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": false}");
  g_autofree char *pet = fields_to_complete (engine,
    "{\"disease_setting\": \"locoregional_recurrence\", \"mri_head_neck_done\": true}");
  g_autofree char *asked = fields_to_complete (engine, "{}");
  g_autofree char *none = fields_to_complete (engine,
    "{\"disease_setting\": \"metastatic\", \"prior_systemic_therapy_rm\": \"none\","
    " \"fit_for_combination_chemo\": true, \"gem_cis_eligible\": true}");

  g_assert_cmpstr (both, ==, "mri_head_neck_done pet_ct_done");
  g_assert_cmpstr (pet, ==, "pet_ct_done");
  g_assert_cmpstr (asked, ==, "disease_setting");
  g_assert_cmpstr (none, ==, "");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  guideline = npc_guideline_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/content/outcomes-reached", test_every_outcome_reached);
  g_test_add_func ("/content/references-linked", test_every_reference_linked);
  g_test_add_func ("/content/references-match", test_references_match_review);
  g_test_add_func ("/content/evidence-figures", test_evidence_figures);
  g_test_add_func ("/content/grades", test_grades);
  g_test_add_func ("/content/ambiguities", test_ambiguities_attached);
  g_test_add_func ("/content/metadata", test_metadata);
  g_test_add_func ("/content/conditional-notes-shown", test_conditional_notes_shown);
  g_test_add_func ("/content/grades-stay-in-scope", test_grades_stay_in_scope);
  g_test_add_func ("/content/possible-summary", test_possible_summary);
  g_test_add_func ("/content/fields-to-complete", test_fields_to_complete);
  rc = g_test_run ();
  g_object_unref (guideline);
  return rc;
}
