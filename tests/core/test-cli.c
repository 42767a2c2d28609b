/* test-cli.c — the command-line contract: exit codes, keys, batch, error messages
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static char *tmpdir;
static char *mini;

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
cli (Run *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("NPC_PATHWAY_CLI"));
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

static char *
write_tmp (const char *name,
           const char *contents)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static char *
case_file (const char *name,
           const char *fields)
{
  g_autofree char *json = g_strdup_printf ("{\"format\": \"npc-pathway-case/1\", \"guideline\":"
                                           " \"mini\", \"fields\": %s}\n", fields);

  return write_tmp (name, json);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (p, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)));
  return json_object_ref (json_node_get_object (json_parser_get_root (p)));
}

static void
test_outcome_exit_0 (void)
{
  g_autofree char *c = case_file ("ok.json", "{\"setting\": \"local\", \"fit\": true, "
                                              "\"stage\": \"s1\"}");
  g_auto(Run) r = { 0 };
  g_autoptr(JsonObject) o = NULL;
  const char *keys[] = { "guideline", "outcome", "primary", "strength", "grade", "alternatives",
                         "agents", "excluded_agents", "evidence", "references", "path",
                         "needs_input", "validation_errors", "flags", "explanation" };

  cli (&r, "evaluate", c, "--guideline", mini, NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (r.out);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));
  g_assert_cmpstr (json_object_get_string_member (o, "primary"), ==, "SURG");
  g_assert_cmpstr (json_object_get_string_member (o, "grade"), ==, "2C");
}

static void
test_needs_input_exit_0 (void)
{
  g_autofree char *c = case_file ("needs.json", "{\"setting\": \"local\"}");
  g_auto(Run) r = { 0 };
  g_autoptr(JsonObject) o = NULL;

  cli (&r, "evaluate", c, "--guideline", mini, NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (r.out);
  g_assert_cmpstr (json_object_get_string_member (o, "outcome"), ==, "NEEDS_INPUT");
  g_assert_true (json_object_get_null_member (o, "primary"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "needs_input")), >, 0);
}

static void
test_validation_exit_1 (void)
{
  g_autofree char *c = case_file ("bad.json", "{\"setting\": \"distant\", \"stage\": \"s1\", "
                                               "\"score\": 7}");
  g_auto(Run) r = { 0 };
  g_autoptr(JsonObject) o = NULL;
  JsonArray *errors;

  cli (&r, "evaluate", c, "--guideline", mini, NULL);
  g_assert_cmpint (r.status, ==, 1);
  o = parse_object (r.out);
  g_assert_cmpstr (json_object_get_string_member (o, "outcome"), ==, "VALIDATION_ERROR");
  errors = json_object_get_array_member (o, "validation_errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "field"), ==, "score");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1),
                                                  "rule"), ==, "VAL-2");
}

static void
test_usage_and_files_exit_2 (void)
{
  g_autofree char *broken = write_tmp ("broken.json", "{\n\"format\": \"npc-pathway-case/1\",\n"
                                                       "\"fields\": {\"a\": tru}\n}\n");
  g_autofree char *garbage = write_tmp ("garbage.json", "\x7f" "ELF\x01\x02\x03");
  g_autofree char *c = case_file ("ok2.json", "{\"setting\": \"local\"}");

  {
    g_auto(Run) r = { 0 };
    cli (&r, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "frobnicate", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "frobnicate"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", c, "--guideline", mini, "--format", "yaml", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", broken, "--guideline", mini, NULL);
    g_assert_cmpint (r.status, ==, 2);
    /* file, line and column */
    g_assert_nonnull (strstr (r.err, "broken.json:3:"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", garbage, "--guideline", mini, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "garbage.json"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", "/nonexistent/case.json", "--guideline", mini, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "/nonexistent/case.json"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", c, "--guideline", broken, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "broken.json:1:"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "evaluate"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "evaluate", "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "--batch"));
  }
}

static void
test_validate (void)
{
  g_autofree char *bad = write_tmp ("bad.xml", "<guideline xmlns=\"https://npcpathway.github.io/"
                                               "ns/guideline/1\" id=\"x\"/>");
  {
    g_auto(Run) r = { 0 };
    cli (&r, "validate", mini, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "valid guideline"));
  }
  {
    g_auto(Run) r = { 0 };
    cli (&r, "validate", bad, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "bad.xml"));
  }
}

static void
test_batch (void)
{
  g_autofree char *batch = write_tmp ("cases.jsonl",
                                      "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s2\"}\n"
                                      "\n"
                                      "{\"setting\": \"distant\", \"score\": 9}\n"
                                      "{not json\n"
                                      "{\"format\": \"npc-pathway-case/1\", \"fields\": "
                                      "{\"setting\": \"distant\", \"score\": 0}}\n");
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) fourth = NULL;

  cli (&r, "evaluate", "--batch", batch, "--guideline", mini, NULL);
  /* A bad line is that line's error object; the batch goes on, and the status says so. */
  g_assert_cmpint (r.status, ==, 1);
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  first = parse_object (lines[0]);
  g_assert_cmpstr (json_object_get_string_member (first, "primary"), ==, "SURG");
  second = parse_object (lines[1]);
  g_assert_cmpstr (json_object_get_string_member (second, "outcome"), ==, "VALIDATION_ERROR");
  third = parse_object (lines[2]);
  g_assert_cmpint (json_object_get_int_member (third, "line"), ==, 4);
  g_assert_nonnull (strstr (json_object_get_string_member (third, "error"), "cases.jsonl:4:"));
  /* One line number per location: "cases.jsonl:4:2", never "cases.jsonl:4:1:2". */
  g_assert_false (g_regex_match_simple ("cases\\.jsonl:4:\\d+:\\d+",
                                        json_object_get_string_member (third, "error"), 0, 0));
  fourth = parse_object (lines[3]);
  g_assert_cmpstr (json_object_get_string_member (fourth, "primary"), ==, "DRUGS");
}

/* Every bad line — bad encoding, a NUL, another guideline, too long, a duplicate key — is
 * its own error object, and the lines after it are still evaluated. */
static void
test_batch_bad_lines_go_on (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "bad.jsonl", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *expect[] = { "not UTF-8", "NUL", "guideline “other”", "longer than",
                           "appears twice", "1e999" };

  g_string_append (text, "{\"setting\": \"\xff\xfe\"}\n");
  g_string_append_len (text, "{\"setting\": \"lo\0cal\"}\n", 22);
  g_string_append (text, "{\"format\": \"npc-pathway-case/1\", \"guideline\": \"other\", "
                         "\"fields\": {}}\n");
  g_string_append_c (text, '{');
  for (guint i = 0; i < 1100 * 1024; i++)
    g_string_append_c (text, ' ');
  g_string_append (text, "}\n");
  g_string_append (text, "{\"setting\": \"local\", \"setting\": \"distant\"}\n");
  g_string_append (text, "{\"score\": 1e999}\n");
  g_string_append (text, "{\"setting\": \"local\", \"fit\": true, \"stage\": \"s2\"}\n");
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));

  cli (&r, "evaluate", "--batch", path, "--guideline", mini, NULL);
  g_assert_cmpint (r.status, ==, 1);
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expect) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autoptr(JsonObject) o = parse_object (lines[i]);
      const char *error = json_object_get_string_member (o, "error");

      g_assert_cmpint (json_object_get_int_member (o, "line"), ==, i + 1);
      if (strstr (error, expect[i]) == NULL)
        g_error ("line %u: expected “%s” in “%s”", i + 1, expect[i], error);
      g_assert_null (strstr (error, "the case file"));
    }
  {
    g_autoptr(JsonObject) last = parse_object (lines[G_N_ELEMENTS (expect)]);

    g_assert_cmpstr (json_object_get_string_member (last, "primary"), ==, "SURG");
  }
}

/* A fifo with no writer does not block the open; a device that never ends is refused. */
static void
test_batch_special_inputs (void)
{
  g_autofree char *fifo = g_build_filename (tmpdir, "cases.fifo", NULL);
  g_auto(Run) r = { 0 };
  g_auto(Run) z = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  cli (&r, "evaluate", "--batch", fifo, "--guideline", mini, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");

  cli (&z, "evaluate", "--batch", "/dev/zero", "--guideline", mini, NULL);
  g_assert_cmpint (z.status, ==, 2);
  g_assert_nonnull (strstr (z.err, "not a regular file or a pipe"));
}

/* A line far over the cap is skipped without being read into memory: the process stays far
 * smaller than the line (the old reader peaked at twice its size). */
static void
test_batch_memory_flat (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "huge-line.jsonl", NULL);
  const gsize size = 96 * 1024 * 1024;
  g_auto(Run) r = { 0 };
  struct rusage usage;
  FILE *f = fopen (path, "w");
  char block[65536];

  g_assert_nonnull (f);
  memset (block, ' ', sizeof block);
  block[0] = '{';
  for (gsize written = 0; written < size; written += sizeof block)
    {
      g_assert_cmpuint (fwrite (block, 1, sizeof block, f), ==, sizeof block);
      block[0] = ' ';
    }
  fputs ("}\n{\"setting\": \"local\", \"fit\": true, \"stage\": \"s2\"}\n", f);
  g_assert_cmpint (fclose (f), ==, 0);

  cli (&r, "evaluate", "--batch", path, "--guideline", mini, NULL);
  g_unlink (path);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "\"line\":1,"));
  g_assert_nonnull (strstr (r.out, "SURG"));
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  /* ru_maxrss is in KiB: the largest child so far. */
  g_test_message ("largest child: %ld KiB for a %" G_GSIZE_FORMAT " KiB line", usage.ru_maxrss,
                  size / 1024);
  g_assert_cmpint (usage.ru_maxrss, <, (long) (size / 1024 / 2));
}

/* On several threads a batch gives the same lines in the same order, the same messages and
 * the same status as on one: the vignettes' cases many times over on the NPC guideline
 * (blocks of 256 lines go to the threads), with bad lines among them, and each result is
 * that of its own case. */
static void
test_batch_jobs (void)
{
  g_autofree char *vignettes = g_test_build_filename (G_TEST_DIST, "..", "vignettes-visible.json",
                                                      NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;
  const char *jobs[] = { "1", "2", "3", "0" };
  Run r[G_N_ELEMENTS (jobs)] = { { 0 } };
  JsonArray *cases;
  guint n = 0;

  json_parser_load_from_file (parser, vignettes, &error);
  g_assert_no_error (error);
  cases = json_node_get_array (json_parser_get_root (parser));
  for (guint k = 0; n < 1000; k++)
    {
      JsonObject *v = json_array_get_object_element (cases, k % json_array_get_length (cases));
      g_autofree char *line = NULL;

      json_generator_set_root (gen, json_object_get_member (v, "case"));
      line = json_generator_to_data (gen, NULL);
      g_string_append_printf (text, "%s\n", line);
      g_ptr_array_add (expected, (gpointer) json_object_get_string_member (v, "id"));
      n++;
      if (k % 97 == 0)
        {
          g_string_append (text, "{\"disease_setting\": \n");
          g_ptr_array_add (expected, NULL);
          n++;
        }
    }
  path = write_tmp ("jobs.jsonl", text->str);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      cli (&r[i], "evaluate", "--batch", path, "--jobs", jobs[i], NULL);
      g_assert_cmpint (r[i].status, ==, 1);
    }
  for (guint i = 1; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_cmpstr (r[i].out, ==, r[0].out);
      g_assert_cmpstr (r[i].err, ==, r[0].err);
    }

  /* one result a line, in order: the bad lines' errors where they were, and every other line
   * the result the same case gives alone */
  lines = g_strsplit (r[0].out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) o = parse_object (lines[i]);

      if (expected->pdata[i] == NULL)
        g_assert_cmpint (json_object_get_int_member (o, "line"), ==, i + 1);
      else
        g_assert_false (json_object_has_member (o, "line"));
    }
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *v = json_array_get_object_element (cases, i);
      g_autofree char *alone = NULL;
      g_autofree char *line = NULL;
      g_auto(Run) one = { 0 };

      json_generator_set_root (gen, json_object_get_member (v, "case"));
      line = json_generator_to_data (gen, NULL);
      alone = write_tmp ("alone.jsonl", line);
      cli (&one, "evaluate", "--batch", alone, NULL);
      for (guint k = 0; k < n; k++)
        if (g_strcmp0 (expected->pdata[k], json_object_get_string_member (v, "id")) == 0)
          g_assert_cmpstr (g_strstrip (one.out), ==, lines[k]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    run_clear (&r[i]);
}

/* The contract's regimen and scope keys, in `evaluate` and in a batch, on the NPC guideline. */
static void
test_stated_grade_and_options (void)
{
  g_autofree char *examples = g_test_build_filename (G_TEST_DIST, "..", "..", "examples", NULL);
  g_autofree char *rt4 = g_build_filename (examples, "rt4-not-reirradiable.json", NULL);
  g_autofree char *batch = write_tmp ("npc.jsonl",
                                      "{\"disease_setting\": \"metastatic\", "
                                      "\"metastatic_presentation\": \"de_novo\", "
                                      "\"prior_systemic_therapy_rm\": \"none\", "
                                      "\"fit_for_combination_chemo\": true, "
                                      "\"gem_cis_eligible\": true}\n"
                                      "{\"disease_setting\": \"metastatic\", "
                                      "\"prior_systemic_therapy_rm\": \"platinum_based_chemo\", "
                                      "\"response_to_initial_chemo\": \"PD\", "
                                      "\"immunotherapy_eligible\": false, "
                                      "\"performance_status\": \"decreased\", "
                                      "\"previously_received_agents\": [\"gemcitabine\"]}\n");
  g_auto(Run) r = { 0 };
  g_auto(Run) b = { 0 };
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *stated;
  JsonArray *opts, *excluded;

  cli (&r, "evaluate", rt4, NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (r.out);
  g_assert_cmpstr (json_object_get_string_member (o, "primary"), ==, "M-1L-GP");
  g_assert_cmpstr (json_object_get_string_member (o, "strength"), ==, "offer");
  g_assert_true (json_node_is_null (json_object_get_member (o, "grade")));
  stated = json_object_get_object_member (o, "stated_grade");
  g_assert_nonnull (stated);
  g_assert_cmpstr (json_object_get_string_member (stated, "grade"), ==, "2B");
  g_assert_nonnull (strstr (json_object_get_string_member (stated, "population"), "metastatic"));
  opts = json_object_get_array_member (o, "options");
  g_assert_cmpuint (json_array_get_length (opts), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (opts, 0), "agents")), ==, 2);
  g_assert_true (json_object_has_member (o, "excluded_options"));

  cli (&b, "evaluate", "--batch", batch, NULL);
  g_assert_cmpint (b.status, ==, 0);
  lines = g_strsplit (g_strstrip (b.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  first = parse_object (lines[0]);
  g_assert_cmpstr (json_object_get_string_member (first, "grade"), ==, "2B");
  g_assert_true (json_node_is_null (json_object_get_member (first, "stated_grade")));
  second = parse_object (lines[1]);
  g_assert_cmpstr (json_object_get_string_member (second, "primary"), ==, "M-2L-CHEMO");
  opts = json_object_get_array_member (second, "options");
  excluded = json_object_get_array_member (second, "excluded_options");
  g_assert_cmpuint (json_array_get_length (opts), >, 0);
  g_assert_cmpuint (json_array_get_length (excluded), >, 0);
  for (guint i = 0; i < json_array_get_length (opts); i++)
    {
      JsonArray *agents = json_object_get_array_member (json_array_get_object_element (opts, i),
                                                        "agents");

      /* decreased performance status: single agents, none of them given before */
      g_assert_cmpuint (json_array_get_length (agents), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (agents, 0), !=, "gemcitabine");
    }
  for (guint i = 0; i < json_array_get_length (excluded); i++)
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (excluded, i),
                                                     "reason"));
}

static void
test_text_format (void)
{
  g_autofree char *c = case_file ("text.json", "{\"setting\": \"local\", \"fit\": true, "
                                                "\"stage\": \"s1\"}");
  g_auto(Run) r = { 0 };

  cli (&r, "evaluate", c, "--guideline", mini, "--format", "text", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Suggested: Surgery — grade 2C"));
  g_assert_nonnull (strstr (r.out, "For tests only."));
}

/* Nothing of the bundled guideline leaks into what another guideline's cases give: the
 * program's own name is all that is left of it. */
static void
assert_no_npc (const char *what,
               const char *text)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *rest = NULL;
  const char *forbidden[] = { "nasophar", "carcinoma", "npc-recurrent", "metastatic",
                              "cisplatin", "d0\"" };

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 0);
  parts = g_strsplit (text, "NPC Pathway", -1);
  rest = g_strjoinv ("", parts);
  if (strstr (rest, "NPC") != NULL)
    g_error ("%s names NPC: %s", what, text);
  lower = g_ascii_strdown (rest, -1);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (lower, forbidden[i]) != NULL)
      g_error ("%s holds “%s”: %s", what, forbidden[i], text);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-q", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status;

  /* poppler-utils is a build dependency of the tests (build-aux/dev installs it) */
  g_assert_nonnull (pdftotext);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  return out;
}

static void
test_other_guideline (void)
{
  g_autofree char *ok = case_file ("other-ok.json", "{\"setting\": \"local\", \"fit\": true, "
                                                     "\"stage\": \"s1\"}");
  g_autofree char *open = case_file ("other-open.json", "{\"setting\": \"local\"}");
  g_autofree char *bad = case_file ("other-bad.json", "{\"setting\": \"distant\", "
                                                       "\"stage\": \"s1\"}");
  g_autofree char *report = g_build_filename (tmpdir, "other-report.pdf", NULL);
  g_autofree char *diagram = g_build_filename (tmpdir, "other-diagram.pdf", NULL);
  g_autofree char *report_text = NULL;
  g_autofree char *diagram_text = NULL;
  const char *cases[] = { ok, open, bad };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) json = { 0 };
      g_auto(Run) text = { 0 };

      cli (&json, "evaluate", cases[i], "--guideline", mini, NULL);
      g_assert_cmpint (json.status, ==, i == 2 ? 1 : 0);
      assert_no_npc ("evaluate", json.out);
      cli (&text, "evaluate", cases[i], "--guideline", mini, "--format", "text", NULL);
      assert_no_npc ("evaluate --format text", text.out);
    }
  {
    g_auto(Run) r = { 0 };
    g_autoptr(JsonObject) o = NULL;
    JsonArray *path;

    /* an invalid case's path is the root when the guideline names no validation step */
    cli (&r, "evaluate", bad, "--guideline", mini, NULL);
    o = parse_object (r.out);
    path = json_object_get_array_member (o, "path");
    g_assert_cmpuint (json_array_get_length (path), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (path, 0), ==, "Q1");
  }
  {
    g_auto(Run) r = { 0 };

    cli (&r, "report", ok, "--guideline", mini, "--output", report, NULL);
    g_assert_cmpint (r.status, ==, 0);
    report_text = pdf_text (report);
    g_assert_nonnull (strstr (report_text, "Surgery"));
    g_assert_nonnull (strstr (report_text, "A test source"));
    assert_no_npc ("report", report_text);
  }
  {
    g_auto(Run) r = { 0 };

    cli (&r, "export-diagram", "--case", open, "--guideline", mini, "--output", diagram, NULL);
    g_assert_cmpint (r.status, ==, 0);
    diagram_text = pdf_text (diagram);
    g_assert_nonnull (strstr (diagram_text, "Setting?"));
    assert_no_npc ("export-diagram", diagram_text);
  }
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("npc-cli-XXXXXX", NULL);
  mini = g_test_build_filename (G_TEST_DIST, "data", "mini.xml", NULL);

  g_test_add_func ("/cli/outcome", test_outcome_exit_0);
  g_test_add_func ("/cli/needs-input", test_needs_input_exit_0);
  g_test_add_func ("/cli/validation-error", test_validation_exit_1);
  g_test_add_func ("/cli/usage-and-files", test_usage_and_files_exit_2);
  g_test_add_func ("/cli/validate", test_validate);
  g_test_add_func ("/cli/batch", test_batch);
  g_test_add_func ("/cli/batch-bad-lines", test_batch_bad_lines_go_on);
  g_test_add_func ("/cli/batch-special-inputs", test_batch_special_inputs);
  g_test_add_func ("/cli/batch-memory-flat", test_batch_memory_flat);
  g_test_add_func ("/cli/batch-jobs", test_batch_jobs);
  g_test_add_func ("/cli/text", test_text_format);
  g_test_add_func ("/cli/stated-grade-and-options", test_stated_grade_and_options);
  g_test_add_func ("/cli/other-guideline", test_other_guideline);
  rc = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  g_free (mini);
  return rc;
}
