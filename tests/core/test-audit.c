/* test-audit.c — npc-pathway-cli audit: counts against cohorts built here, CSV maps, no
 * identifier in any output, the HTML report in a browser
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cohorts are built from the visible vignettes, whose expected primary outcome and
 * alternatives were written by hand from the review: each patient's classification is known
 * from how the patient was made, and the test counts it itself.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "npc-audit.h"
#include "npc-engine.h"

static char *tmpdir;

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
run_argv (Run         *r,
          const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("NPC_PATHWAY_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static char *
write_tmp (const char *name,
           const char *contents)
{
  char *path = tmp_path (name);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
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

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* The Wilson interval written out independently of the program's arrangement of it. */
static void
wilson (double  x,
        double  n,
        double *lo,
        double *hi)
{
  const double z = 1.959964;
  double p = x / n;
  double a = p + z * z / (2 * n);
  double b = z * sqrt (p * (1 - p) / n + z * z / (4 * n * n));
  double c = 1 + z * z / n;

  *lo = (a - b) / c;
  *hi = (a + b) / c;
}

/* Hand-computed (and published) 95 % Wilson intervals. */
static void
test_wilson (void)
{
  static const struct { guint x, n; double lo, hi; } cases[] = {
    { 8, 10, 0.4902, 0.9433 },
    { 0, 10, 0.0000, 0.2775 },
    { 5, 10, 0.2366, 0.7634 },
    { 1, 1, 0.2065, 1.0000 },
    { 81, 263, 0.2553, 0.3662 },
  };
  double lo, hi;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (npc_wilson_interval (cases[i].x, cases[i].n, &lo, &hi));
      g_assert_cmpfloat_with_epsilon (lo, cases[i].lo, 1e-4);
      g_assert_cmpfloat_with_epsilon (hi, cases[i].hi, 1e-4);
    }
  g_assert_false (npc_wilson_interval (0, 0, &lo, &hi));
}

static void
test_redact (void)
{
  g_autoptr(JsonObject) p = parse_object ("{\"name\": \"Zebedee Quux\", \"id\": \"MRN-4471\","
                                          " \"birth_date\": \"1931-02-03\"}");
  g_autofree char *a = npc_audit_redact ("zebedee QUUX declined; MRN-4471 born 1931-02-03", p);
  g_autofree char *b = npc_audit_redact ("Mr Quux declined surgery", p);

  g_assert_cmpstr (a, ==, "[…] declined; […] born […]");
  g_assert_cmpstr (b, ==, "Mr […] declined surgery");

  /* each identifier alone, a word of the name in any case and place, in ASCII and not */
  {
    g_autoptr(JsonObject) q = parse_object ("{\"name\": \"Li, Ann-Marie O.\", \"id\": 4471,"
                                            " \"birth_date\": \"1931-02-03\"}");
    const char *cases[][2] = {
      { "patient preference", "patient preference" },
      { "asked by LI", "asked by […]" },
      { "ann-marie refused", "[…] refused" },
      { "refused: ANN-MARIE", "refused: […]" },
      { "declined", "dec[…]ned" },            /* a part of a word too */
      { "the file 4471", "the file […]" },
      { "seen 1931-02-03", "seen […]" },
      { "O. said no", "O. said no" },         /* a word of one letter is left */
      { "Lisa refused", "[…]sa refused" },
      { "Li\u00e9 refused", "[…]\u00e9 refused" },
      { "caf\u00e9 talk", "caf\u00e9 talk" },
      { "", "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *got = npc_audit_redact (cases[i][0], q);

        g_assert_cmpstr (got, ==, cases[i][1]);
      }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The cohort */

typedef struct {
  guint patients, on_primary, on_alternative, off_pathway, not_assessable;
  guint needs_input, invalid, no_decision, without_reason;
  GHashTable *by_outcome;   /* id → guint[4]: patients, on_primary, on_alternative, off */
  GHashTable *missing;      /* field → count */
  GHashTable *invalid_fields;
  GHashTable *reasons;
  GString *jsonl;
  guint n_files;
} Expected;

static void
bump (GHashTable *h,
      const char *key)
{
  g_hash_table_replace (h, g_strdup (key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (h, key)) + 1));
}

static guint *
outcome_counts (Expected   *e,
                const char *id)
{
  guint *c = g_hash_table_lookup (e->by_outcome, id);

  if (c == NULL)
    {
      c = g_new0 (guint, 4);
      g_hash_table_insert (e->by_outcome, g_strdup (id), c);
    }
  return c;
}

/* One patient into the cohort: every third one as a case file in the folder, the others as
 * lines of the batch. */
static void
add_patient (Expected   *e,
             const char *folder,
             JsonObject *fields,
             const char *decision_json,
             guint       serial)
{
  g_autofree char *fields_text = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *line = NULL;
  JsonNode *node = json_node_init_object (json_node_alloc (), fields);

  fields_text = to_json (node);
  json_node_unref (node);
  meta = g_strdup_printf ("{\"label\": \"cohort\", \"patient\": {\"name\": \"Zebedee Quux\", "
                          "\"id\": \"MRN-%05u\", \"birth_date\": \"1931-02-%02u\"}, "
                          "\"clinician\": \"Dr Aaa\"%s%s}", 4400 + serial, 1 + serial % 28,
                          decision_json != NULL ? ", \"decision\": " : "",
                          decision_json != NULL ? decision_json : "");
  line = g_strdup_printf ("{\"format\": \"npc-pathway-case/1\", \"guideline\": "
                          "\"npc-recurrent-metastatic\", \"meta\": %s, \"fields\": %s}",
                          meta, fields_text);
  if (serial % 3 == 0)
    {
      g_autofree char *name = g_strdup_printf ("case-%05u.json", serial);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_true (g_file_set_contents (path, line, -1, NULL));
      e->n_files++;
    }
  else
    {
      g_string_append (e->jsonl, line);
      g_string_append_c (e->jsonl, '\n');
    }
  e->patients++;
}

static void
expected_clear (Expected *e)
{
  g_clear_pointer (&e->by_outcome, g_hash_table_unref);
  g_clear_pointer (&e->missing, g_hash_table_unref);
  g_clear_pointer (&e->invalid_fields, g_hash_table_unref);
  g_clear_pointer (&e->reasons, g_hash_table_unref);
  if (e->jsonl != NULL)
    g_string_free (g_steal_pointer (&e->jsonl), TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

static const char *const reasons[] = {
  "patient preference",
  "Zebedee Quux declined surgery", /* counted as "[…] declined surgery" */
  "enrolled in a trial, with \"quotes\", and a comma",
};
static const char *const counted_reasons[] = {
  "patient preference",
  "[…] declined surgery",
  "enrolled in a trial, with \"quotes\", and a comma",
};

/* Builds the cohort under tmpdir/cohort (case files) and tmpdir/cohort.jsonl. */
static void
build_cohort (Expected *e,
              char    **folder_out,
              char    **jsonl_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) primaries = g_ptr_array_new ();
  g_autofree char *folder = tmp_path ("cohort");
  JsonArray *vignettes;
  guint serial = 0;

  e->by_outcome = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->invalid_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->jsonl = g_string_new (NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  json_parser_load_from_file (parser, g_getenv ("NPC_PATHWAY_VIGNETTES"), &error);
  g_assert_no_error (error);
  vignettes = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (vignettes), >, 10);

  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      JsonObject *ex = json_object_get_object_member (json_array_get_object_element (vignettes, i),
                                                      "expected");
      const char *type = json_object_get_string_member (ex, "outcome_type");

      if (!g_str_equal (type, "NEEDS_INPUT") && !g_str_equal (type, "VALIDATION_ERROR"))
        g_ptr_array_add (primaries, (gpointer) json_object_get_string_member (ex, "primary"));
    }

  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      JsonObject *v = json_array_get_object_element (vignettes, i);
      JsonObject *fields = json_object_get_object_member (v, "case");
      JsonObject *ex = json_object_get_object_member (v, "expected");
      const char *type = json_object_get_string_member (ex, "outcome_type");
      const char *primary = json_object_get_string_member (ex, "primary");
      JsonArray *alts = json_object_get_array_member (ex, "alternatives");
      g_autofree char *d = NULL;

      if (g_str_equal (type, "NEEDS_INPUT") || g_str_equal (type, "VALIDATION_ERROR"))
        {
          gboolean needs = g_str_equal (type, "NEEDS_INPUT");
          JsonArray *list = json_object_get_array_member (ex, needs ? "needs_input"
                                                                    : "validation_errors");
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

          /* a decision is recorded, but the case cannot be assessed */
          for (guint k = 0; k < 2; k++)
            {
              add_patient (e, folder, fields,
                           "{\"outcome\": \"M-1L-GP\", \"treatment\": \"GP\", "
                           "\"date\": \"2026-01-02\", \"reason\": \"x\"}", serial++);
              e->not_assessable++;
              if (needs)
                e->needs_input++;
              else
                e->invalid++;
              g_hash_table_remove_all (seen);
              for (guint f = 0; f < json_array_get_length (list); f++)
                {
                  const char *field = needs
                    ? json_array_get_string_element (list, f)
                    : json_object_get_string_member (json_array_get_object_element (list, f),
                                                     "field");

                  if (g_hash_table_add (seen, (gpointer) field))
                    bump (needs ? e->missing : e->invalid_fields, field);
                }
            }
          continue;
        }

      /* on the primary, twice */
      for (guint k = 0; k < 2; k++)
        {
          d = g_strdup_printf ("{\"outcome\": \"%s\", \"treatment\": \"as advised\", "
                               "\"agents\": [], \"date\": \"2026-03-04\"}", primary);
          add_patient (e, folder, fields, d, serial++);
          g_clear_pointer (&d, g_free);
          e->on_primary++;
          outcome_counts (e, primary)[0]++;
          outcome_counts (e, primary)[1]++;
        }
      /* on each alternative shown */
      for (guint k = 0; k < json_array_get_length (alts); k++)
        {
          d = g_strdup_printf ("{\"outcome\": \"%s\"}", json_array_get_string_element (alts, k));
          add_patient (e, folder, fields, d, serial++);
          g_clear_pointer (&d, g_free);
          e->on_alternative++;
          outcome_counts (e, primary)[0]++;
          outcome_counts (e, primary)[2]++;
        }
      /* another outcome of the pathway, with a reason */
      for (guint k = 0; k < primaries->len; k++)
        {
          const char *other = g_ptr_array_index (primaries, (i + k) % primaries->len);
          gboolean shown = g_str_equal (other, primary);
          g_autofree char *reason = NULL;

          for (guint a = 0; a < json_array_get_length (alts); a++)
            shown = shown || g_str_equal (other, json_array_get_string_element (alts, a));
          if (shown)
            continue;
          reason = g_strescape (reasons[i % G_N_ELEMENTS (reasons)], NULL);
          d = g_strdup_printf ("{\"outcome\": \"%s\", \"reason\": \"%s\"}", other, reason);
          add_patient (e, folder, fields, d, serial++);
          g_clear_pointer (&d, g_free);
          e->off_pathway++;
          outcome_counts (e, primary)[0]++;
          outcome_counts (e, primary)[3]++;
          bump (e->reasons, counted_reasons[i % G_N_ELEMENTS (reasons)]);
          break;
        }
      /* a treatment outside the pathway, no outcome id, no reason */
      add_patient (e, folder, fields, "{\"outcome\": null, \"treatment\": \"herbal remedy\"}",
                   serial++);
      e->off_pathway++;
      e->without_reason++;
      outcome_counts (e, primary)[0]++;
      outcome_counts (e, primary)[3]++;
      /* no decision recorded */
      add_patient (e, folder, fields, NULL, serial++);
      e->not_assessable++;
      e->no_decision++;
    }

  /* partial cases: nothing known, so the first question (disease setting) is needed */
  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      add_patient (e, folder, empty, "{\"outcome\": \"M-1L-GP\"}", serial++);
      e->not_assessable++;
      e->needs_input++;
      bump (e->missing, "disease_setting");
    }

  *jsonl_out = write_tmp ("cohort.jsonl", e->jsonl->str);
  *folder_out = g_steal_pointer (&folder);
}

static void
assert_int (JsonObject *o,
            const char *member,
            guint       expected)
{
  g_assert_true (json_object_has_member (o, member));
  if ((guint) json_object_get_int_member (o, member) != expected)
    g_error ("%s: %" G_GINT64_FORMAT ", expected %u", member,
             json_object_get_int_member (o, member), expected);
}

static void
assert_counts (JsonObject *o,
               GHashTable *expected)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (json_object_get_size (o), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    assert_int (o, key, GPOINTER_TO_UINT (value));
}

static void
assert_interval (JsonObject *o,
                 guint       on,
                 guint       n)
{
  JsonArray *ci = json_object_get_array_member (o, "concordance_ci95");
  double lo, hi;

  wilson (on, n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "concordance"),
                                  (double) on / n, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (ci, 0), MAX (lo, 0), 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (ci, 1), MIN (hi, 1), 1e-9);
}

static void
check_summary (JsonObject *s,
               Expected   *e)
{
  JsonObject *na = json_object_get_object_member (s, "not_assessable_reasons");
  JsonObject *by = json_object_get_object_member (s, "by_outcome");
  guint assessable = e->on_primary + e->on_alternative + e->off_pathway;
  GHashTableIter iter;
  gpointer key, value;

  assert_int (s, "patients", e->patients);
  assert_int (s, "assessable", assessable);
  assert_int (s, "on_primary", e->on_primary);
  assert_int (s, "on_alternative", e->on_alternative);
  assert_int (s, "off_pathway", e->off_pathway);
  assert_int (s, "not_assessable", e->not_assessable);
  assert_int (na, "needs_input", e->needs_input);
  assert_int (na, "invalid", e->invalid);
  assert_int (na, "no_decision", e->no_decision);
  assert_int (s, "off_pathway_without_reason", e->without_reason);
  assert_interval (s, e->on_primary + e->on_alternative, assessable);

  g_assert_cmpuint (json_object_get_size (by), ==, g_hash_table_size (e->by_outcome));
  g_hash_table_iter_init (&iter, e->by_outcome);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const guint *c = value;
      JsonObject *o;

      g_assert_true (json_object_has_member (by, key));
      o = json_object_get_object_member (by, key);
      assert_int (o, "patients", c[0]);
      assert_int (o, "on_primary", c[1]);
      assert_int (o, "on_alternative", c[2]);
      assert_int (o, "off_pathway", c[3]);
      assert_interval (o, c[1] + c[2], c[0]);
    }
  assert_counts (json_object_get_object_member (s, "missing_fields"), e->missing);
  assert_counts (json_object_get_object_member (s, "invalid_fields"), e->invalid_fields);
  assert_counts (json_object_get_object_member (s, "deviation_reasons"), e->reasons);
}

static void
test_cohort (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_auto(Run) r = { 0 };

  build_cohort (&e, &folder, &jsonl);
  g_assert_cmpuint (e.on_alternative, >, 5);
  g_assert_cmpuint (e.n_files, >, 10);
  {
    const char *args[] = { "audit", folder, jsonl, "--format", "json", NULL };

    run_argv (&r, args);
  }
  g_assert_cmpstr (r.err, ==, ""); /* not a terminal: no progress bar */
  g_assert_cmpint (r.status, ==, 0);
  s = parse_object (r.out);
  assert_int (s, "input_errors", 0);
  check_summary (s, &e);
}

/* On several threads the batch gives the same rows, in the same order, the same messages and
 * the same summary: the cohort's lines ten times over (blocks of 256 lines go to the
 * threads), with broken lines among them. */
static void
test_cohort_jobs (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *big = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) rows = NULL;
  guint n_lines = 0;
  const char *jobs[] = { "1", "2", "3", "0" };
  Run csv[G_N_ELEMENTS (jobs)] = { { 0 } }, json[G_N_ELEMENTS (jobs)] = { { 0 } };

  build_cohort (&e, &folder, &jsonl);
  for (guint k = 0; k < 10; k++)
    {
      g_string_append (text, e.jsonl->str);
      g_string_append (text, "{\"format\": \"npc-pathway-case/1\", \"fields\": \n");
    }
  for (const char *p = text->str; *p; p++)
    n_lines += *p == '\n';
  big = write_tmp ("cohort-big.jsonl", text->str);
  g_assert_cmpuint (n_lines, >, 3 * 256);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      const char *a[] = { "audit", big, "--format", "csv", "--jobs", jobs[i], NULL };
      const char *b[] = { "audit", big, "--format", "json", "--jobs", jobs[i], NULL };

      run_argv (&csv[i], a);
      run_argv (&json[i], b);
      g_assert_cmpint (csv[i].status, ==, 1); /* the broken lines */
      g_assert_cmpint (json[i].status, ==, 1);
    }
  /* a header, then one row per patient: every line but the ten broken ones */
  rows = g_strsplit (csv[0].out, "\n", -1);
  /* the last line ends in a newline: an empty string after it */
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + n_lines - 10 + 1);
  g_assert_cmpstr (rows[n_lines - 10 + 1], ==, "");
  {
    g_auto(GStrv) messages = g_strsplit (csv[0].err, "\n", -1);

    g_assert_cmpuint (g_strv_length (messages), ==, 10 + 1);
  }
  {
    g_autoptr(JsonObject) s = parse_object (json[0].out);

    assert_int (s, "patients", (gint64) (n_lines - 10));
    assert_int (s, "input_errors", 10);
  }
  for (guint i = 1; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_cmpstr (csv[i].out, ==, csv[0].out);
      g_assert_cmpstr (csv[i].err, ==, csv[0].err);
      g_assert_cmpstr (json[i].out, ==, json[0].out);
      g_assert_cmpstr (json[i].err, ==, json[0].err);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      run_clear (&csv[i]);
      run_clear (&json[i]);
    }
}

/* The same cohort, as one batch on standard input, gives the same counts. */
static void
test_cohort_stdin (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  GString *all = NULL;
  const char *name;
  int status;

  build_cohort (&e, &folder, &jsonl);
  /* one stream: the batch and the files' objects, a line each */
  all = g_string_new (e.jsonl->str);
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_string_append_printf (all, "%s\n", text);
    }
  g_free (jsonl);
  jsonl = write_tmp ("cohort-all.jsonl", all->str);
  g_string_free (all, TRUE);
  command = g_strdup_printf ("sh -c '\"$0\" audit - --format json < \"$1\"' '%s' '%s'",
                             g_getenv ("NPC_PATHWAY_CLI"), jsonl);
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  s = parse_object (out);
  check_summary (s, &e);
}

/* No output, report or message names a patient. */
static void
test_no_identifiers (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *html = tmp_path ("ids.html");
  g_autofree char *pdf = tmp_path ("ids.pdf");
  g_autofree char *bad = NULL;
  const char *formats[] = { "json", "text", "csv" };

  build_cohort (&e, &folder, &jsonl);
  /* a broken line and a bad decision carry identifiers too; the messages must not */
  bad = write_tmp ("ids-bad.jsonl",
                   "{\"meta\": {\"patient\": {\"name\": \"Zebedee Quux\", \"id\": \"MRN-99999\"},"
                   " \"decision\": {\"outcome\": \"NO-SUCH\"}}, \"fields\": {}}\n"
                   "{\"meta\": {\"patient\": {\"name\": \"Zebedee Quux\"\n"
                   /* no patient at all, off the pathway with a reason */
                   "{\"format\": \"npc-pathway-case/1\", \"meta\": {\"decision\": "
                   "{\"outcome\": \"M-1L-ALT\", \"reason\": \"cost\"}}, \"fields\": "
                   "{\"disease_setting\": \"metastatic\", \"metastatic_presentation\": "
                   "\"de_novo\", \"oligometastatic\": false, \"performance_status\": \"good\", "
                   "\"fit_for_combination_chemo\": true, \"prior_systemic_therapy_rm\": \"none\", "
                   "\"gem_cis_eligible\": true}}\n");
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_auto(Run) r = { 0 };
      const char *args[] = { "audit", folder, jsonl, bad, "--format", formats[f], "--report",
                             f == 0 ? html : pdf, NULL };
      const char *streams[2];

      run_argv (&r, args);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "ids-bad.jsonl:1"));
      g_assert_nonnull (strstr (r.err, "ids-bad.jsonl:2"));
      g_assert_cmpuint (strlen (r.out), >, 100);
      streams[0] = r.out;
      streams[1] = r.err;
      for (guint k = 0; k < 2; k++)
        {
          g_assert_null (strstr (streams[k], "Zebedee"));
          g_assert_null (strstr (streams[k], "Quux"));
          g_assert_null (strstr (streams[k], "MRN-"));
          g_assert_null (strstr (streams[k], "1931-02"));
        }
      if (f == 2)
        {
          /* one row per patient and the header; the read errors are not rows */
          guint lines = 0;

          for (const char *p = r.out; *p; p++)
            lines += *p == '\n';
          g_assert_cmpuint (lines, ==, e.patients + 2);
        }
    }
  {
    g_autofree char *text = NULL;
    g_autofree char *pdf_text = NULL;
    g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "<svg"));
    g_assert_nonnull (strstr (text, "[…] declined surgery"));
    g_assert_null (strstr (text, "Zebedee"));
    g_assert_null (strstr (text, "Quux"));
    g_assert_null (strstr (text, "MRN-"));
    g_assert_null (strstr (text, "1931-02"));

    if (pdftotext == NULL)
      {
        g_test_fail_printf ("pdftotext not found: install Debian's poppler-utils");
        return;
      }
    {
      const char *argv[] = { pdftotext, pdf, "-", NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &pdf_text, NULL, &status, &error));
      g_assert_no_error (error);
    }
    g_assert_nonnull (strstr (pdf_text, "Pathway audit"));
    g_assert_nonnull (strstr (pdf_text, "declined surgery"));
    g_assert_null (strstr (pdf_text, "Zebedee"));
    g_assert_null (strstr (pdf_text, "Quux"));
    g_assert_null (strstr (pdf_text, "MRN-"));
    g_assert_null (strstr (pdf_text, "1931-02"));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* CSV with a map */

static const char *map_json =
  "{\"format\": \"npc-pathway-audit-map/1\", \"columns\": {\n"
  " \"record_id\": {\"role\": \"patient_key\"},\n"
  " \"pt_name\": {\"role\": \"patient_name\"},\n"
  " \"dob\": {\"role\": \"patient_birth_date\"},\n"
  " \"site_code\": {\"role\": \"ignore\"},\n"
  " \"setting\": {\"field\": \"disease_setting\", \"codes\": {\"1\": \"locoregional_recurrence\","
  "   \"2\": \"metastatic\"}},\n"
  " \"pres\": {\"field\": \"metastatic_presentation\", \"codes\": {\"1\": \"de_novo\", "
  "   \"2\": \"metachronous\"}},\n"
  " \"oligo\": {\"field\": \"oligometastatic\", \"codes\": {\"Y\": true, \"N\": false}},\n"
  " \"ps\": {\"field\": \"performance_status\", \"codes\": {\"g\": \"good\", \"p\": \"poor\"}},\n"
  " \"fit\": {\"field\": \"fit_for_combination_chemo\", \"codes\": {\"Y\": true, \"N\": false}},\n"
  " \"prior\": {\"field\": \"prior_systemic_therapy_rm\", \"codes\": {\"0\": \"none\"}},\n"
  " \"gemcis\": {\"field\": \"gem_cis_eligible\", \"codes\": {\"Y\": true, \"N\": false}},\n"
  " \"ecog\": {\"field\": \"ecog\", \"type\": \"integer\"},\n"
  " \"dec\": {\"role\": \"decision_outcome\", \"codes\": {\"1\": \"M-1L-GP\", \"2\": \"M-1L-ALT\","
  "   \"3\": \"M-1L-SINGLE\", \"9\": null, \"\": null}},\n"
  " \"dec_tx\": {\"role\": \"decision_treatment\"},\n"
  " \"dec_why\": {\"role\": \"decision_reason\"}\n"
  "}}\n";

static const char *csv_header =
  "\xef\xbb\xbfrecord_id,pt_name,dob,site_code,setting,pres,oligo,ps,fit,prior,gemcis,ecog,dec,"
  "dec_tx,dec_why\r\n";

/* Metastatic, de novo, good performance, fit, eligible for GP: the pathway's primary is
 * M-1L-GP (vignette npc-09). */
#define GP_ROW(id, dec, tx, why) \
  id ",\"Quux, Zebedee\",1931-02-03,S1,2,1,N,g,Y,0,Y,0," dec "," tx "," why "\r\n"

static void
test_csv (void)
{
  g_autofree char *map = write_tmp ("map.json", map_json);
  g_autofree char *csv = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_auto(Run) r = { 0 };
  g_autoptr(GString) text = g_string_new (csv_header);
  const char *args[] = { "audit", "--map", NULL, NULL, "--format", "json", NULL };

  g_string_append (text, GP_ROW ("MRN-1", "1", "GP", ""));
  g_string_append (text, GP_ROW ("MRN-2", "1", "\"gemcitabine, cisplatin\"", ""));
  g_string_append (text, GP_ROW ("MRN-3", "3", "", "\"frail, \"\"per\"\" family\nsecond line\""));
  g_string_append (text, GP_ROW ("MRN-4", "9", "herbal", ""));
  g_string_append (text, GP_ROW ("MRN-5", "", "", ""));
  /* nothing about fitness: needs input */
  g_string_append (text, "MRN-6,Zebedee Quux,1931-02-03,S1,2,1,N,g,,0,Y,0,1,,\r\n");
  g_string_append (text, "\r\n");
  csv = write_tmp ("cohort.csv", text->str);
  args[2] = map;
  args[3] = csv;
  run_argv (&r, args);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  s = parse_object (r.out);
  assert_int (s, "patients", 6);
  assert_int (s, "on_primary", 2);
  assert_int (s, "off_pathway", 2);
  assert_int (s, "not_assessable", 2);
  assert_int (json_object_get_object_member (s, "not_assessable_reasons"), "no_decision", 1);
  assert_int (json_object_get_object_member (s, "not_assessable_reasons"), "needs_input", 1);
  assert_int (json_object_get_object_member (s, "missing_fields"), "fit_for_combination_chemo",
              1);
  assert_int (json_object_get_object_member (s, "deviation_reasons"),
              "frail, \"per\" family\nsecond line", 1);
  assert_int (json_object_get_object_member (json_object_get_object_member (s, "by_outcome"),
                                             "M-1L-GP"), "patients", 4);
  g_assert_null (strstr (r.out, "MRN"));
  g_assert_null (strstr (r.out, "Zebedee"));
}

static void
test_csv_errors (void)
{
  g_autofree char *map = write_tmp ("map-e.json", map_json);
  g_autofree char *unmapped = NULL;
  g_autofree char *code = NULL;
  g_autofree char *number = NULL;
  g_autofree char *bad_map = write_tmp ("map-bad.json",
                                        "{\"format\": \"npc-pathway-audit-map/1\", \"columns\": "
                                        "{\"x\": {\"field\": \"no_such_field\"}}}");
  g_autoptr(GString) text = g_string_new (NULL);

  /* a column the map does not know: the file is refused, naming it */
  g_string_append (text, "record_id,pt_name,dob,site_code,setting,pres,oligo,ps,fit,prior,"
                         "gemcis,ecog,dec,dec_tx,dec_why,lab_value\n");
  unmapped = write_tmp ("unmapped.csv", text->str);
  {
    g_auto(Run) r = { 0 };
    g_autoptr(JsonObject) s = NULL;
    const char *args[] = { "audit", "--map", map, unmapped, "--format", "json", NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "unmapped.csv:1:"));
    g_assert_nonnull (strstr (r.err, "“lab_value”"));
    g_assert_nonnull (strstr (r.err, "not in the map"));
    s = parse_object (r.out);
    assert_int (s, "patients", 0);
  }

  /* an unknown code: that row is refused, naming the column, the line and the value; the
   * other rows are counted */
  g_string_assign (text, csv_header);
  g_string_append (text, GP_ROW ("MRN-1", "1", "", ""));
  g_string_append (text, "MRN-2,Zebedee Quux,1931-02-03,S1,2,1,N,g,maybe,0,Y,0,1,,\r\n");
  g_string_append (text, GP_ROW ("MRN-3", "7", "", ""));
  code = write_tmp ("code.csv", text->str);
  {
    g_auto(Run) r = { 0 };
    g_autoptr(JsonObject) s = NULL;
    const char *args[] = { "audit", "--map", map, code, "--format", "json", NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "code.csv:3: column “fit”: the code “maybe” is not in the map"));
    g_assert_nonnull (strstr (r.err, "code.csv:4: column “dec”: the code “7” is not in the map"));
    s = parse_object (r.out);
    assert_int (s, "patients", 1);
    assert_int (s, "input_errors", 2);
  }

  /* a number that is not one, a row of the wrong width, a quote left open */
  g_string_assign (text, csv_header);
  g_string_append (text, "MRN-1,Zebedee Quux,1931-02-03,S1,2,1,N,g,Y,0,Y,two,1,,\r\n");
  g_string_append (text, "MRN-2,short\r\n");
  g_string_append (text, "MRN-3,\"Zebedee Quux,1931-02-03,S1,2,1,N,g,Y,0,Y,0,1,,\r\n");
  number = write_tmp ("number.csv", text->str);
  {
    g_auto(Run) r = { 0 };
    const char *args[] = { "audit", "--map", map, number, "--format", "json", NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "number.csv:2: column “ecog”: “two” is not a whole number"));
    g_assert_nonnull (strstr (r.err, "number.csv:3: the row has 2 cells, the header 15"));
    g_assert_nonnull (strstr (r.err, "number.csv:4: a quoted cell is not closed"));
  }

  /* usage: a CSV without a map, a map naming no field, no input */
  {
    g_auto(Run) r = { 0 };
    const char *args[] = { "audit", number, NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--map"));
  }
  {
    g_auto(Run) r = { 0 };
    const char *args[] = { "audit", "--map", bad_map, number, NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "column “x”"));
  }
  {
    g_auto(Run) r = { 0 };
    const char *args[] = { "audit", NULL };

    run_argv (&r, args);
    g_assert_cmpint (r.status, ==, 2);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The HTML report, opened in a browser: it renders, and its figures are the summary's. */

static gint64
dom_int (const char *dom,
         const char *pattern)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  g_autofree char *v = NULL;

  g_assert_nonnull (re);
  if (!g_regex_match (re, dom, 0, &m))
    g_error ("not in the page: %s", pattern);
  v = g_match_info_fetch (m, 1);
  return g_ascii_strtoll (v, NULL, 10);
}

static void
test_html_chromium (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *html = tmp_path ("report.html");
  g_autofree char *chromium = g_find_program_in_path ("chromium");
  g_autofree char *uri = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_auto(Run) r = { 0 };
  JsonObject *by;
  g_autoptr(GList) ids = NULL;
  const char *keys[] = { "patients", "assessable", "on_primary", "on_alternative", "off_pathway",
                         "not_assessable", "input_errors" };
  int status;

  if (chromium == NULL)
    {
      g_test_fail_printf ("chromium not found: install Debian's chromium (build-aux/dev test "
                          "does)");
      return;
    }
  build_cohort (&e, &folder, &jsonl);
  {
    const char *args[] = { "audit", folder, jsonl, "--format", "json", "--report", html, NULL };

    run_argv (&r, args);
  }
  g_assert_cmpint (r.status, ==, 0);
  s = parse_object (r.out);

  uri = g_filename_to_uri (html, NULL, &error);
  g_assert_no_error (error);
  profile = g_dir_make_tmp ("npc-test-audit-XXXXXX", &error);
  g_assert_no_error (error);
  flag = g_strdup_printf ("--user-data-dir=%s", profile);
  {
    const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", flag, "--dump-dom", uri, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &dom,
                                 &err, &status, &error));
    g_assert_no_error (error);
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
      g_error ("chromium: %s", err);
  }
  g_assert_nonnull (strstr (dom, "<svg id=\"chart-concordance\""));
  g_assert_nonnull (strstr (dom, "<svg id=\"chart-missing\""));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("id=\"%s\">(\\d+)<", keys[i]);

      g_assert_cmpint (dom_int (dom, pattern), ==, json_object_get_int_member (s, keys[i]));
    }
  {
    g_autofree char *pct = g_strdup_printf ("%.1f %%",
                                            100 * json_object_get_double_member (s, "concordance"));

    g_assert_nonnull (strstr (dom, pct));
  }
  /* one bar per outcome and one for all; each row of the table is the summary's */
  by = json_object_get_object_member (s, "by_outcome");
  ids = json_object_get_members (by);
  {
    g_autoptr(GRegex) bar = g_regex_new ("<g class=\"bar\"", 0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    guint n = 0;

    for (g_regex_match (bar, dom, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
      n++;
    g_assert_cmpuint (n, ==, g_list_length (ids) + 1);
  }
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *o = json_object_get_object_member (by, l->data);
      g_autofree char *escaped = g_regex_escape_string (l->data, -1);
      const char *cols[] = { "patients", "on_primary", "on_alternative", "off_pathway" };

      for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
        {
          g_autofree char *pattern =
            g_strdup_printf ("data-outcome=\"%s\">.*?class=\"num %s\">(\\d+)<", escaped, cols[k]);

          g_assert_cmpint (dom_int (dom, pattern), ==, json_object_get_int_member (o, cols[k]));
        }
      {
        g_autofree char *pattern =
          g_strdup_printf ("class=\"bar\" data-label=\"%s\" data-n=\"(\\d+)\"", escaped);

        g_assert_cmpint (dom_int (dom, pattern), ==, json_object_get_int_member (o, "patients"));
      }
    }
  g_assert_cmpint (dom_int (dom, "data-label=\"missing: disease_setting\" data-count=\"(\\d+)\""),
                   ==, json_object_get_int_member (json_object_get_object_member (s, "missing_fields"),
                                                   "disease_setting"));
}

/* On a terminal, a progress bar on stderr, wiped at the end; not on a pipe (test_cohort). */
static void
test_progress_tty (void)
{
  g_auto(Expected) e = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *script = g_find_program_in_path ("script");
  g_autofree char *inner = NULL;
  g_autofree char *out_path = tmp_path ("progress.json");
  g_autofree char *out = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) s = NULL;
  int status;

  if (script == NULL)
    {
      g_test_fail_printf ("script not found: install Debian's bsdutils");
      return;
    }
  build_cohort (&e, &folder, &jsonl);
  /* stderr (and stdin) on the pseudo-terminal script makes; the summary to a file */
  inner = g_strdup_printf ("'%s' audit '%s' --format json > '%s'", g_getenv ("NPC_PATHWAY_CLI"),
                           jsonl, out_path);
  {
    const char *argv[] = { script, "-qec", inner, "/dev/null", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_nonnull (strstr (out, "%"));
  g_assert_nonnull (strstr (out, " patients"));
  g_assert_nonnull (strstr (out, "\r\033[K"));
  g_assert_true (g_file_get_contents (out_path, &summary, NULL, NULL));
  s = parse_object (summary);
  assert_int (s, "patients", e.patients - e.n_files);
}

/* The window's verdict and the audit's are one function: check it on a second-line case
 * (primary M-2L-IO, alternative M-2L-CHEMO) and on the same case with its line of therapy
 * unknown. */
static void
test_classify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"),
                                                           &error);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", "examples",
                                            "second-line-immunotherapy.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NpcCase) c = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  g_autoptr(NpcEvaluation) open_eval = NULL;
  NpcDecision primary = { .outcome = (char *) "M-2L-IO" };
  NpcDecision alternative = { .outcome = (char *) "M-2L-CHEMO" };
  NpcDecision other = { .outcome = (char *) "LR-RT-REIRR", .reason = (char *) "trial" };
  NpcDecision words = { .treatment = (char *) "capecitabine" };
  NpcDecision blank = { .treatment = (char *) "  ", .date = (char *) "2026-12-01" };
  NpcAuditBlock block;

  g_assert_no_error (error);
  c = npc_case_new_from_file (file, &error);
  g_assert_no_error (error);
  engine = npc_engine_new (g);
  eval = npc_engine_evaluate (engine, c);
  g_assert_cmpstr (npc_evaluation_get_primary (eval)->id, ==, "M-2L-IO");

  g_assert_cmpint (npc_decision_classify (&primary, eval, &block), ==, NPC_AUDIT_ON_PRIMARY);
  g_assert_cmpint (block, ==, NPC_AUDIT_ASSESSABLE);
  g_assert_cmpint (npc_decision_classify (&alternative, eval, NULL), ==,
                   NPC_AUDIT_ON_ALTERNATIVE);
  g_assert_cmpint (npc_decision_classify (&other, eval, NULL), ==, NPC_AUDIT_OFF_PATHWAY);
  g_assert_cmpint (npc_decision_classify (&words, eval, NULL), ==, NPC_AUDIT_OFF_PATHWAY);
  g_assert_cmpint (npc_decision_classify (&blank, eval, &block), ==, NPC_AUDIT_NOT_ASSESSABLE);
  g_assert_cmpint (block, ==, NPC_AUDIT_NO_DECISION);
  g_assert_cmpint (npc_decision_classify (NULL, eval, &block), ==, NPC_AUDIT_NOT_ASSESSABLE);
  g_assert_cmpint (block, ==, NPC_AUDIT_NO_DECISION);

  npc_case_unset (c, "prior_systemic_therapy_rm");
  open_eval = npc_engine_evaluate (engine, c);
  g_assert_cmpint (npc_evaluation_get_outcome (open_eval), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_cmpint (npc_decision_classify (&primary, open_eval, &block), ==,
                   NPC_AUDIT_NOT_ASSESSABLE);
  g_assert_cmpint (block, ==, NPC_AUDIT_NEEDS_INPUT);
}

/* The summary's JSON, to compare two audits. */
static char *
audit_json (NpcAudit *audit)
{
  g_autoptr(JsonNode) root = npc_audit_to_json (audit);

  return json_to_string (root, FALSE);
}

/* Whole case lines of the common kind are read straight (npc_audit_evaluate_line()); what
 * they give is what the case made of the same line gives, and the audit counts the same.
 * Any other line is left to the case reader. */
static void
test_straight_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"),
                                                           &error);
  g_autoptr(NpcEngine) engine = NULL;
  g_autoptr(NpcAudit) straight = NULL;
  g_autoptr(NpcAudit) full = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *fields[] = {
    "{\"disease_setting\": \"metastatic\", \"prior_systemic_therapy_rm\": "
    "\"platinum_based_chemo\", \"response_to_initial_chemo\": \"PD\", "
    "\"immunotherapy_eligible\": true, \"pd_l1_status\": \"positive\", "
    "\"histology\": \"keratinizing_scc_who1\", \"available_checkpoint_inhibitors\": "
    "[\"pembrolizumab\"]}",
    "{\"disease_setting\": \"metastatic\", \"prior_systemic_therapy_rm\": \"none\"}",
    /* out of range: a validation error the case reports */
    "{\"disease_setting\": \"metastatic\", \"ecog\": 7, \"nope\": null}",
    "{\"disease_setting\": \"metastatic\", \"ecog\": 7, \"nope\": 1}",
  };
  const char *metas[] = {
    "{\"label\": \"a \\\"b\\\"\", \"patient\": {\"name\": \"Zebedee Quux\", \"id\": \"MRN-1\", "
    "\"birth_date\": \"1931-02-03\"}, \"decision\": {\"outcome\": \"M-2L-IO\"}}",
    "{\"patient\": {\"name\": \"Zebedee Quux\", \"id\": \"MRN-1\"}, \"decision\": "
    "{\"outcome\": \"LR-RT-REIRR\", \"reason\": \" Quux said \\\"no\\\"\\n\\t(MRN-1) \"}}",
    "{\"decision\": {\"outcome\": null, \"treatment\": \" capecitabine \", \"reason\": "
    "\"zebedee\", \"date\": \"2024-02-29\", \"agents\": [\"a\", \"b\"]}, \"patient\": null}",
    "{\"decision\": {\"outcome\": \"M-2L-CHEMO\"}, \"patient\": {}}",
    "{\"decision\": null}",
    "null",
  };
  const char *others[] = {
    /* not plain, not this guideline's, not the format, not one case: the case reader's */
    "{\"format\": \"npc-pathway-case/1\", \"meta\": {\"decision\": {\"outcome\": "
    "\"M-2L-IO\", \"reason\": \"caf\\u00e9\"}}, \"fields\": {}}",
    "{\"format\": \"npc-pathway-case/1\", \"meta\": {\"decision\": {\"reason\": \"café\"}}, "
    "\"fields\": {}}",
    "{\"guideline\": \"other\", \"fields\": {}}",
    "{\"format\": \"npc-pathway-case/2\", \"fields\": {}}",
    "{\"meta\": {\"decision\": {\"outcome\": 5}}, \"fields\": {}}",
    "{\"meta\": {\"decision\": {\"outcome\": \"M-2L-IO\", \"date\": \"2024-02-30\"}}, "
    "\"fields\": {}}",
    "{\"meta\": {\"patient\": {\"birth_date\": \"31-2-3\"}}, \"fields\": {}}",
    "{\"meta\": {\"decision\": {\"outcome\": \"M-2L-IO\"}, \"decision\": null}, \"fields\": {}}",
    "{\"meta\": {\"unknown\": 1}, \"fields\": {}}",
    "{\"fields\": {}, \"fields\": {}}",
    "{\"fields\": {\"disease_setting\": \"metastatic\", \"disease_setting\": \"metastatic\"}}",
    "{\"fields\": {\"ecog\": 1.5}}",
    "{\"fields\": {\"format\": 1}}",
    "{\"fields\": {\"a\": {\"b\": 1}}}",
    "{\"fields\": {}} x",
    "{\"fields\": {}",
    "{\"disease_setting\": \"metastatic\"}",
    "{}",
  };

  g_assert_no_error (error);
  engine = npc_engine_new (g);
  straight = npc_audit_new (g);
  full = npc_audit_new (g);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    for (guint m = 0; m < G_N_ELEMENTS (metas); m++)
      {
        g_autofree char *line = g_strdup_printf ("{\"format\": \"npc-pathway-case/1\", "
                                                 "\"guideline\": \"%s\", \"meta\": %s, "
                                                 "\"fields\": %s}",
                                                 npc_guideline_get_id (g), metas[m], fields[f]);
        NpcAuditRecord record = { 0 };
        NpcEvaluation *eval = NULL;
        g_autoptr(NpcEvaluation) expected = NULL;
        g_autoptr(NpcCase) kase = NULL;
        g_autoptr(JsonNode) root = json_from_string (line, &error);
        JsonObject *meta;
        const NpcDecision *decision;
        const NpcPatient *patient;
        NpcAuditVerdict v1, v2;
        NpcAuditBlock b1, b2;
        guint n1, n2;
        gboolean ok1, ok2;

        g_assert_no_error (error);
        eval = npc_audit_evaluate_line (straight, engine, line, strlen (line), &record);
        g_assert_nonnull (eval);
        kase = npc_case_new_from_line (line, -1, "line", &error);
        g_assert_no_error (error);
        expected = npc_engine_evaluate (engine, kase);
        g_assert_cmpint (npc_evaluation_get_outcome (eval), ==,
                         npc_evaluation_get_outcome (expected));
        g_assert_true (npc_evaluation_get_primary (eval) == npc_evaluation_get_primary (expected));
        {
          /* the audit's lean evaluation holds what the classification reads, as the whole
           * one has it */
          const NpcEvalAlternative *alt1 = npc_evaluation_get_alternatives (eval, &n1);
          const NpcEvalAlternative *alt2 = npc_evaluation_get_alternatives (expected, &n2);
          const NpcField *const *need1, *const *need2;
          const NpcValidationError *const *err1, *const *err2;

          g_assert_cmpuint (n1, ==, n2);
          for (guint i = 0; i < n1; i++)
            {
              g_assert_true (alt1[i].node == alt2[i].node);
              g_assert_true (alt1[i].modifier == alt2[i].modifier);
            }
          err1 = npc_evaluation_get_validation_errors (eval, &n1);
          err2 = npc_evaluation_get_validation_errors (expected, &n2);
          g_assert_cmpuint (n1, ==, n2);
          for (guint i = 0; i < n1; i++)
            g_assert_cmpstr (err1[i]->field, ==, err2[i]->field);
          need1 = npc_evaluation_get_needs_input (eval, &n1);
          need2 = npc_evaluation_get_needs_input (expected, &n2);
          g_assert_cmpuint (n1, ==, n2);
          for (guint i = 0; i < n1; i++)
            g_assert_true (need1[i] == need2[i]);
        }

        decision = npc_case_get_decision (kase);
        patient = npc_case_get_patient (kase);
        g_assert_cmpstr (record.outcome, ==, decision ? decision->outcome : NULL);
        g_assert_cmpstr (record.treatment, ==, decision ? decision->treatment : NULL);
        g_assert_cmpstr (record.reason, ==, decision ? decision->reason : NULL);
        g_assert_cmpint (record.has_patient, ==, patient != NULL);
        g_assert_cmpstr (record.patient_name, ==, patient ? patient->name : NULL);
        g_assert_cmpstr (record.patient_id, ==, patient ? patient->id : NULL);
        g_assert_cmpstr (record.patient_birth_date, ==, patient ? patient->birth_date : NULL);

        meta = json_object_get_object_member (json_node_get_object (root), "meta");
        ok1 = npc_audit_add_record (straight, eval, &record, &v1, &b1, NULL);
        ok2 = npc_audit_add (full, expected, meta, &v2, &b2, NULL);
        g_assert_cmpint (ok1, ==, ok2);
        if (ok1)
          {
            g_assert_cmpint (v1, ==, v2);
            g_assert_cmpint (b1, ==, b2);
          }
        npc_audit_record_clear (&record);
        /* kept, and made again for the next line */
        npc_audit_give_back (straight, engine, eval);
      }
  a = audit_json (straight);
  b = audit_json (full);
  g_assert_cmpstr (a, ==, b);
  /* the cohort met every kind: on the primary, off with a redacted reason, not assessable */
  g_assert_cmpuint (npc_audit_get_count (straight, NPC_AUDIT_ON_PRIMARY), >, 0);
  g_assert_cmpuint (npc_audit_get_count (straight, NPC_AUDIT_OFF_PATHWAY), >, 0);
  g_assert_cmpuint (npc_audit_get_count (straight, NPC_AUDIT_NOT_ASSESSABLE), >, 0);
  g_assert_nonnull (strstr (a, "[…] said \\\"no\\\"\\n\\t([…])"));

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      NpcAuditRecord record = { 0 };
      NpcEvaluation *eval = npc_audit_evaluate_line (straight, engine, others[i],
                                                     strlen (others[i]), &record);

      if (eval != NULL)
        g_error ("read straight: %s", others[i]);
      g_assert_null (record.outcome);
      g_assert_null (record.reason);
      g_assert_false (record.has_patient);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("npc-test-audit-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/audit/wilson", test_wilson);
  g_test_add_func ("/audit/redact", test_redact);
  g_test_add_func ("/audit/classify", test_classify);
  g_test_add_func ("/audit/straight-line", test_straight_line);
  g_test_add_func ("/audit/cohort", test_cohort);
  g_test_add_func ("/audit/cohort-stdin", test_cohort_stdin);
  g_test_add_func ("/audit/cohort-jobs", test_cohort_jobs);
  g_test_add_func ("/audit/no-identifiers", test_no_identifiers);
  g_test_add_func ("/audit/csv", test_csv);
  g_test_add_func ("/audit/csv-errors", test_csv_errors);
  g_test_add_func ("/audit/html-chromium", test_html_chromium);
  g_test_add_func ("/audit/progress-tty", test_progress_tty);
  status = g_test_run ();
  if (status == 0)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
  return status;
}
