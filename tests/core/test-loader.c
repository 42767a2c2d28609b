/* test-loader.c — the guideline loader refuses hostile and broken documents clearly
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "npc-core.h"

static char *
mini_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "mini.xml", NULL);
}

static char *
read_mini (void)
{
  g_autofree char *path = mini_path ();
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

/* Loads the mini guideline with one substring replaced. */
static NpcGuideline *
load_patched (const char *from,
              const char *to,
              GError    **error)
{
  g_autofree char *data = read_mini ();
  g_autoptr(GString) s = g_string_new (data);

  g_assert_nonnull (strstr (data, from));
  g_string_replace (s, from, to, 1);
  return npc_guideline_new_from_data (s->str, s->len, "mini.xml", error);
}

static void
expect_error (NpcGuideline *g,
              GError       *error,
              NpcError      code,
              const char   *fragment)
{
  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, (int) code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in “%s”", fragment, error->message);
  g_assert_true (g_str_has_prefix (error->message, "mini.xml"));
}

static void
test_loads_mini (void)
{
  g_autofree char *path = mini_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (path, &error);
  const NpcNode *surg;
  const NpcEvidence *t1;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpstr (npc_guideline_get_id (g), ==, "mini");
  g_assert_cmpstr (npc_guideline_get_version (g), ==, "1.2");
  g_assert_cmpstr (npc_guideline_get_metadata (g)->literature_review_through, ==, "Jan 2020");
  npc_guideline_get_nodes (g, &n);
  g_assert_cmpuint (n, ==, 7);
  surg = npc_guideline_lookup_node (g, "SURG");
  g_assert_nonnull (surg);
  g_assert_cmpstr (surg->grade, ==, "2C");
  g_assert_cmpint (surg->type, ==, NPC_OUTCOME_RECOMMENDATION);
  g_assert_cmpuint (surg->n_alternatives, ==, 2);
  t1 = npc_guideline_lookup_evidence (g, "T1");
  g_assert_cmpuint (t1->n, ==, 200);
  g_assert_cmpstr (t1->results[0].hazard_ratio, ==, "0.47");
  g_assert_cmpstr (t1->results[0].ci_lower, ==, "0.29");
  g_assert_cmpstr (t1->results[0].values[1].text, ==, "68%");
  g_assert_cmpstr (npc_guideline_lookup_reference (g, 1)->journal, ==, "Lancet Oncol");
  {
    g_autofree char *c1 = npc_reference_dup_citation (npc_guideline_lookup_reference (g, 1));
    g_autofree char *c2 = npc_reference_dup_citation (npc_guideline_lookup_reference (g, 2));

    g_assert_cmpstr (c1, ==, "Liu YP. A trial. Lancet Oncol 2021; 22:381.");
    g_assert_cmpstr (c2, ==, "Someone. A site. https://example.org.");
  }
  g_assert_null (npc_guideline_lookup_node (g, "T1"));
  g_assert_cmpstr (npc_guideline_lookup_field (g, "stage")->values[2].label, ==, "Stage 3");
  g_assert_finalize_object (g_steal_pointer (&g));
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("<decision id=\"Q2\"", "<decision id=\"Q2\"<", &error);

  expect_error (g, error, NPC_ERROR_MALFORMED, "not well-formed");
  /* file:line:column */
  g_assert_true (g_regex_match_simple ("^mini\\.xml:[0-9]+:[0-9]+:", error->message, 0, 0));
}

static void
test_schema_violation (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("strength=\"offer\"", "strength=\"insist\"", &error);

  expect_error (g, error, NPC_ERROR_SCHEMA, "grammar");
  g_assert_true (g_regex_match_simple ("^mini\\.xml:[0-9]+:", error->message, 0, 0));
}

static void
test_dangling_id (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("target=\"CARE\"", "target=\"NOWHERE\"", &error);

  expect_error (g, error, NPC_ERROR_INTEGRITY, "NOWHERE");
}

static void
test_bad_value (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("<equals field=\"stage\" value=\"s3\"/>",
                                  "<equals field=\"stage\" value=\"s9\"/>", &error);

  expect_error (g, error, NPC_ERROR_INTEGRITY, "s9");
}

static void
test_duplicate_id (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("id=\"CARE\"", "id=\"SURG\"", &error);

  expect_error (g, error, NPC_ERROR_INTEGRITY, "twice");
}

static void
test_cycle (void)
{
  g_autoptr(GError) error = NULL;
  /* Q3 → CARE becomes Q3 → Q2, and Q2 → TO-SYS → Q3 closes the loop. */
  NpcGuideline *g = load_patched ("<branch label=\"Otherwise\" target=\"CARE\">",
                                  "<branch label=\"Otherwise\" target=\"Q2\">", &error);

  expect_error (g, error, NPC_ERROR_INTEGRITY, "cycle");
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = load_patched ("</nodes>",
                                  "<outcome id=\"ORPHAN\" type=\"NOT_COVERED\" label=\"Orphan\">"
                                  "<statement>x</statement></outcome></nodes>", &error);

  expect_error (g, error, NPC_ERROR_INTEGRITY, "ORPHAN cannot be reached");
}

static void
test_external_entity_never_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = g_build_filename (g_get_tmp_dir (), "npc-secret.txt", NULL);
  g_autofree char *decl = NULL;
  g_autofree char *data = read_mini ();
  g_autoptr(GString) s = g_string_new (data);
  NpcGuideline *g;

  g_assert_true (g_file_set_contents (secret, "TOP-SECRET", -1, NULL));
  decl = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE guideline [ <!ENTITY x SYSTEM \"file://%s\"> ]>", secret);
  g_string_replace (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", decl, 1);
  g_string_replace (s, "<title>Mini guideline</title>", "<title>&x;</title>", 1);
  g = npc_guideline_new_from_data (s->str, s->len, "mini.xml", &error);
  g_assert_null (g);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "TOP-SECRET"));
  g_assert_nonnull (strstr (error->message, "mini.xml"));
  g_unlink (secret);
}

static void
test_entity_bomb (void)
{
  g_autoptr(GError) error = NULL;
  GString *s = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE g [\n<!ENTITY a0 \"lol\">\n");
  gint64 start;
  NpcGuideline *g;

  for (int i = 1; i < 12; i++)
    g_string_append_printf (s, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;"
                            "&a%d;\">\n", i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                            i - 1, i - 1, i - 1);
  g_string_append (s, "]>\n<guideline xmlns=\"https://npcpathway.github.io/ns/guideline/1\">"
                      "&a11;</guideline>\n");
  start = g_get_monotonic_time ();
  g = npc_guideline_new_from_data (s->str, s->len, "bomb.xml", &error);
  g_assert_null (g);
  g_assert_nonnull (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (error->message, "bomb.xml"));
  g_string_free (s, TRUE);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GError) error = NULL;
  const int depth = 200000;
  GString *s = g_string_new ("<guideline xmlns=\"https://npcpathway.github.io/ns/guideline/1\">");
  NpcGuideline *g;

  for (int i = 0; i < depth; i++)
    g_string_append (s, "<all>");
  for (int i = 0; i < depth; i++)
    g_string_append (s, "</all>");
  g_string_append (s, "</guideline>");
  g = npc_guideline_new_from_data (s->str, s->len, "deep.xml", &error);
  g_assert_null (g);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "deep.xml"));
  g_string_free (s, TRUE);
}

static void
test_oversized (void)
{
  g_autoptr(GError) error = NULL;
  gsize size = NPC_GUIDELINE_MAX_BYTES + 1;
  g_autofree char *data = g_malloc (size);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "npc-huge.xml", NULL);
  NpcGuideline *g;

  memset (data, ' ', size);
  g = npc_guideline_new_from_data (data, size, "huge.xml", &error);
  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, data, size, NULL));
  g = npc_guideline_new_from_path (path, &error);
  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "npc-huge.xml"));
  g_unlink (path);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = npc_guideline_new_from_path ("/nonexistent/guideline.xml", &error);

  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/guideline.xml"));
}

/* A DTD is reported at its real line and column (libxml2 itself says -1). */
static void
test_dtd_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = read_mini ();
  g_autoptr(GString) s = g_string_new (data);
  NpcGuideline *g;

  g_string_replace (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- <!DOCTYPE in a comment -->\n"
                    "  <!DOCTYPE guideline [ <!ENTITY x \"y\"> ]>", 1);
  g = npc_guideline_new_from_data (s->str, s->len, "mini.xml", &error);
  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_SCHEMA);
  g_assert_true (g_str_has_prefix (error->message, "mini.xml:3:3: "));
  g_assert_nonnull (strstr (error->message, "DTD"));
  g_assert_null (strstr (error->message, "-1"));
}

/* A symbolic link loop is called a loop, not "not a regular file". */
static void
test_symlink_loop (void)
{
  g_autofree char *dir = g_dir_make_tmp ("npc-loader-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.xml", NULL);
  g_autofree char *b = g_build_filename (dir, "b.xml", NULL);
  g_autoptr(GError) error = NULL;
  NpcGuideline *g;

  g_assert_cmpint (symlink (b, a), ==, 0);
  g_assert_cmpint (symlink (a, b), ==, 0);
  g = npc_guideline_new_from_path (a, &error);
  g_assert_null (g);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, a));
  g_assert_nonnull (strstr (error->message, "symbolic link loop"));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* What the views say of the model, said once. */
static void
test_words (void)
{
  g_autofree char *path = mini_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (path, &error);
  const NpcEvidence *t1;
  g_autoptr(GArray) surg = NULL;
  g_autoptr(GArray) drugs = NULL;
  g_autoptr(GArray) trial = NULL;
  g_autofree char *hr = NULL;
  g_autofree char *hr_unbroken = NULL;
  g_autofree char *hr_alone = NULL;
  NpcResult without_ci;

  g_assert_no_error (error);
  t1 = npc_guideline_lookup_evidence (g, "T1");
  g_assert_nonnull (t1);
  hr = npc_result_dup_hazard_ratio (&t1->results[0], FALSE);
  g_assert_cmpstr (hr, ==, "0.47 (95% CI 0.29–0.76)");
  hr_unbroken = npc_result_dup_hazard_ratio (&t1->results[0], TRUE);
  g_assert_cmpstr (hr_unbroken, ==, "0.47 (95% CI 0.29–\u20600.76)");
  without_ci = t1->results[0];
  without_ci.ci_lower = without_ci.ci_upper = NULL;
  hr_alone = npc_result_dup_hazard_ratio (&without_ci, FALSE);
  g_assert_cmpstr (hr_alone, ==, "0.47 (no CI given)");
  without_ci.hazard_ratio = NULL;
  g_assert_null (npc_result_dup_hazard_ratio (&without_ci, FALSE));

  /* SURG cites 1 and 3, its trial 1 again; DRUGS's option cites 4, its information 5 and 4 */
  surg = npc_node_dup_references (npc_guideline_lookup_node (g, "SURG"));
  g_assert_cmpuint (surg->len, ==, 2);
  g_assert_cmpuint (g_array_index (surg, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (surg, guint, 1), ==, 3);
  drugs = npc_node_dup_references (npc_guideline_lookup_node (g, "DRUGS"));
  g_assert_cmpuint (drugs->len, ==, 2);
  g_assert_cmpuint (g_array_index (drugs, guint, 0), ==, 4);
  g_assert_cmpuint (g_array_index (drugs, guint, 1), ==, 5);
  trial = npc_links_dup_references (&t1->links);
  g_assert_cmpuint (trial->len, ==, 1);
  g_assert_cmpuint (g_array_index (trial, guint, 0), ==, 1);

  /* the strengths: one table, every id of it back and forth */
  for (NpcStrength st = NPC_STRENGTH_SUGGEST; st <= NPC_STRENGTH_OUT_OF_SCOPE; st++)
    {
      g_assert_cmpint (npc_strength_from_string (npc_strength_to_string (st)), ==, st);
      g_assert_nonnull (npc_strength_get_label (st));
      g_assert_nonnull (npc_strength_get_short_label (st));
    }
  g_assert_cmpint (npc_strength_from_string ("alternative"), ==, NPC_STRENGTH_ALTERNATIVE);
  g_assert_cmpuint (npc_strength_rank ("alternative"), ==, 3);
  g_assert_cmpuint (npc_strength_rank ("suggest"), <, npc_strength_rank ("offer"));
  g_assert_cmpstr (npc_strength_to_label ("alternative"), ==, "A reasonable alternative");
  g_assert_cmpstr (npc_strength_get_short_label (NPC_STRENGTH_ALTERNATIVE), ==, "Alternative");
  g_assert_cmpint (npc_strength_from_string ("strongly"), ==, NPC_STRENGTH_NONE);
  g_assert_cmpint (npc_strength_from_string (NULL), ==, NPC_STRENGTH_NONE);
  g_assert_null (npc_strength_get_label (NPC_STRENGTH_NONE));
  g_assert_null (npc_strength_to_label ("strongly"));
  g_assert_cmpuint (npc_strength_rank (NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loader/mini", test_loads_mini);
  g_test_add_func ("/loader/words", test_words);
  g_test_add_func ("/loader/malformed", test_malformed);
  g_test_add_func ("/loader/schema-violation", test_schema_violation);
  g_test_add_func ("/loader/dangling-id", test_dangling_id);
  g_test_add_func ("/loader/bad-value", test_bad_value);
  g_test_add_func ("/loader/duplicate-id", test_duplicate_id);
  g_test_add_func ("/loader/cycle", test_cycle);
  g_test_add_func ("/loader/unreachable", test_unreachable);
  g_test_add_func ("/loader/external-entity", test_external_entity_never_read);
  g_test_add_func ("/loader/entity-bomb", test_entity_bomb);
  g_test_add_func ("/loader/deep-nesting", test_deep_nesting);
  g_test_add_func ("/loader/oversized", test_oversized);
  g_test_add_func ("/loader/missing-file", test_missing_file);
  g_test_add_func ("/loader/dtd-position", test_dtd_position);
  g_test_add_func ("/loader/symlink-loop", test_symlink_loop);
  return g_test_run ();
}
