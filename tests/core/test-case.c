/* test-case.c — case files: reading, errors, round trip, atomic save, notification
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "npc-core.h"

static NpcGuideline *
mini (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mini.xml", NULL);
  g_autoptr(GError) error = NULL;
  NpcGuideline *g = npc_guideline_new_from_path (path, &error);

  g_assert_no_error (error);
  return g;
}

static NpcCase *
parse (const char *json,
       GError    **error)
{
  return npc_case_new_from_data (json, -1, "case.json", error);
}

static void
expect_case_error (const char *json,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse (json, &error);

  g_assert_null (c);
  g_assert_error (error, NPC_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in “%s”", fragment, error->message);
  g_assert_true (g_str_has_prefix (error->message, "case.json"));
}

static void
test_syntax_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse ("{\n  \"format\": \"npc-pathway-case/1\",\n  \"fields\": {,}\n}",
                                &error);

  g_assert_null (c);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_MALFORMED);
  /* file:line:column */
  g_assert_true (g_regex_match_simple ("^case\\.json:3:[0-9]+", error->message, 0, 0));
}

static void
test_structure_errors (void)
{
  expect_case_error ("[1, 2]", NPC_ERROR_SCHEMA, "one JSON object");
  expect_case_error ("{\"format\": \"other/9\", \"fields\": {}}", NPC_ERROR_SCHEMA, "format");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\"}", NPC_ERROR_SCHEMA, "fields");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {}, \"meta\": 3}",
                     NPC_ERROR_SCHEMA, "meta");
  expect_case_error ("{\"disease_setting\": \"metastatic\"}", NPC_ERROR_SCHEMA, "no “format”");
}

static void
test_binary_garbage (void)
{
  g_autoptr(GError) error = NULL;
  const char garbage[] = "{\"fields\": {\"a\": \"\xff\xfe\x00\x01\"}}";
  g_autoptr(NpcCase) c = npc_case_new_from_data (garbage, sizeof garbage - 1, "case.json",
                                                 &error);

  g_assert_null (c);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "case.json:1:"));
}

static void
test_huge_and_deep (void)
{
  g_autoptr(GError) error = NULL;
  gsize size = NPC_CASE_MAX_BYTES + 10;
  g_autofree char *big = g_malloc (size + 1);
  GString *deep = g_string_new ("{\"fields\": {\"a\": ");
  NpcCase *c;

  memset (big, ' ', size);
  big[size] = '\0';
  c = npc_case_new_from_data (big, (gssize) size, "case.json", &error);
  g_assert_null (c);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE);
  g_clear_error (&error);

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  c = npc_case_new_from_data (deep->str, (gssize) deep->len, "case.json", &error);
  g_assert_null (c);
  g_assert_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE);
  g_string_free (deep, TRUE);
}

static void
test_type_errors_name_the_field (void)
{
  g_autoptr(NpcGuideline) g = mini ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse ("{\"format\": \"npc-pathway-case/1\", \"fields\": {"
                                "\"setting\": \"nowhere\", \"fit\": \"yes\", \"score\": 9,"
                                "\"available\": [\"drug_z\"], \"colour\": \"blue\","
                                "\"stage\": null}}", &error);
  g_autoptr(NpcEngine) engine = npc_engine_new (g);
  g_autoptr(NpcEvaluation) eval = NULL;
  const NpcValidationError *const *errors;
  guint n_errors = 0;
  const char *expect[][2] = {
    { "setting", "setting must be one of: local, distant" },
    { "fit", "fit must be true or false" },
    { "score", "score must be an integer 0-4" },
    { "available", "available must be a list of: drug_a, drug_b" },
    { "colour", "colour is not a field of this guideline" },
  };

  g_assert_no_error (error);
  /* null is unknown, like an absent member. */
  g_assert_false (npc_case_has_value (c, "stage"));
  eval = npc_engine_evaluate (engine, c);
  g_assert_cmpint (npc_evaluation_get_outcome (eval), ==, NPC_OUTCOME_VALIDATION_ERROR);
  errors = npc_evaluation_get_validation_errors (eval, &n_errors);
  g_assert_cmpuint (n_errors, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < n_errors; i++)
    {
      const NpcValidationError *e = errors[i];

      g_assert_cmpstr (e->rule, ==, "VAL-1");
      g_assert_cmpstr (e->field, ==, expect[i][0]);
      g_assert_cmpstr (e->message, ==, expect[i][1]);
    }
}

static void
test_round_trip_keeps_unknown_keys (void)
{
  const char *json = "{\"format\": \"npc-pathway-case/1\", \"guideline\": \"mini\","
                     "\"meta\": {\"label\": \"Board\", \"reviewer\": \"Dr X\"},"
                     "\"fields\": {\"setting\": \"local\", \"score\": 2, \"prior\": [\"a\"]},"
                     "\"x-extension\": {\"keep\": [1, 2, 3]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse (json, &error);
  g_autoptr(NpcCase) again = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("npc-case-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *text = NULL;
  JsonNode *v;

  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_label (c), ==, "Board");
  g_assert_cmpstr (npc_case_get_guideline_id (c), ==, "mini");

  npc_case_set_boolean (c, "fit", TRUE);
  file = g_file_new_for_path (path);
  g_assert_true (npc_case_save (c, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "x-extension"));
  g_assert_nonnull (strstr (text, "reviewer"));
  g_assert_nonnull (strstr (text, "\"modified\""));

  again = npc_case_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_label (again), ==, "Board");
  v = npc_case_get_value (again, "score");
  g_assert_cmpint (json_node_get_int (v), ==, 2);
  g_assert_true (json_node_get_boolean (npc_case_get_value (again, "fit")));
  g_assert_cmpstr (json_array_get_string_element (
                     json_node_get_array (npc_case_get_value (again, "prior")), 0), ==, "a");

  /* No temporary file is left beside the saved one. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint count = 0;

    while (g_dir_read_name (d) != NULL)
      count++;
    g_assert_cmpuint (count, ==, 1);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_failure_keeps_old_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = npc_case_new ("mini");
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-dir/case.json");

  npc_case_set_string (c, "setting", "local");
  g_assert_false (npc_case_save (c, file, &error));
  g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/case.json"));
}

static void
on_changed (NpcCase    *c,
            const char *field,
            gpointer    user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strdup (field));
}

static void
test_notifies_only_on_change (void)
{
  g_autoptr(NpcCase) c = npc_case_new ("mini");
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) ids = NULL;

  g_signal_connect (c, "changed", G_CALLBACK (on_changed), seen);
  npc_case_set_string (c, "setting", "local");
  npc_case_set_string (c, "setting", "local");
  npc_case_set_int (c, "score", 1);
  npc_case_set_string (c, "setting", "distant");
  npc_case_unset (c, "score");
  npc_case_unset (c, "score");
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpstr (seen->pdata[0], ==, "setting");
  g_assert_cmpstr (seen->pdata[1], ==, "score");
  g_assert_cmpstr (seen->pdata[3], ==, "score");
  ids = npc_case_dup_field_ids (c);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, "setting");
  g_assert_finalize_object (g_steal_pointer (&c));
}


/* Batch lines are read by a fast scanner when they are flat; the result must be exactly what
 * the full JSON parser gives, and anything unusual must still be read correctly. */
static void
test_batch_lines_match_parser (void)
{
  const char *lines[] = {
    "{\"setting\": \"local\", \"fit\": true, \"declines\": false, \"score\": 3}",
    "  {\"available\": [\"drug_a\", \"drug_b\"], \"prior\": [], \"stage\": null}  ",
    "{\"score\": -2, \"region\": \"Hong Kong\"}",
    "{\"region\": \"a \\\"quoted\\\" name \\u00e9\"}",
    "{\"score\": 1.5}",
    "{\"score\": 9223372036854775807, \"low\": -9223372036854775808}",
    "{\"nested\": {\"a\": [1, {\"b\": 2}]}}",
    "{\"format\": \"npc-pathway-case/1\", \"fields\": {\"setting\": \"distant\"}}",
    "{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcCase) fast = npc_case_new_from_line (lines[i], -1, "line", &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(NpcCase) slow = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      slow = npc_case_new_from_object (json_node_get_object (json_parser_get_root (parser)),
                                       "line", &error);
      g_assert_no_error (error);
      a = npc_case_to_data (fast, NULL);
      b = npc_case_to_data (slow, NULL);
      g_assert_cmpstr (a, ==, b);
    }

  /* Malformed lines get the parser's message with the line's name. */
  {
    const char *bad[] = { "{\"a\": tru}", "{\"a\" 1}", "{\"a\": 1,}", "[1]" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(NpcCase) c = npc_case_new_from_line (bad[i], -1, "cases.jsonl:7", &error);

        g_assert_null (c);
        g_assert_nonnull (error);
        g_assert_true (g_str_has_prefix (error->message, "cases.jsonl:7"));
      }
  }
}

/* What json-glib would read wrongly is refused with the file, line, column and path. */
static void
test_refuses_what_cannot_round_trip (void)
{
  const struct { const char *json; const char *fragments[3]; } cases[] = {
    { "{\"format\": \"npc-pathway-case/1\",\n \"fields\": {\"age\": 1e999}}",
      { "case.json:2:20:", "1e999", "“fields.age”" } },
    { "{\"format\": \"npc-pathway-case/1\", \"fields\": {},\n\"x\": {\"d\": [1, -1e999]}}",
      { "case.json:2:16:", "-1e999", "“x.d[1]”" } },
    { "{\"format\": \"npc-pathway-case/1\", \"fields\": {\"n\": 99999999999999999999}}",
      { "case.json:1:50:", "integer", "“fields.n”" } },
    { "{\"format\": \"npc-pathway-case/1\", \"fields\": {\"s\": \"rT2\\u0000ZZZ\"}}",
      { "case.json:1:", "NUL", "“fields.s”" } },
    { "{\"format\": \"npc-pathway-case/1\", \"fields\": {\"s\": \"a\\ud800b\"}}",
      { "case.json:1:", "\\uD800", "surrogate" } },
    { "{\"format\": \"npc-pathway-case/1\",\n \"fields\": {\"a\": 1},\n \"fields\": {\"b\": 2}}",
      { "case.json:3:2:", "“fields” appears twice", "line 2" } },
    { "{\"format\": \"npc-pathway-case/1\", \"fields\": {\"a\": 1, \"\\u0061\": 2}}",
      { "case.json:1:", "“a” appears twice", "“fields”" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcCase) c = parse (cases[i].json, &error);

      g_assert_null (c);
      g_assert_error (error, NPC_ERROR, NPC_ERROR_MALFORMED);
      for (guint k = 0; k < 3; k++)
        if (strstr (error->message, cases[i].fragments[k]) == NULL)
          g_error ("case %u: expected “%s” in “%s”", i, cases[i].fragments[k], error->message);
      /* The message is text, whatever the input held. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  /* A duplicate key among many is found too (the scan switches to a table). */
  {
    g_autoptr(GString) json = g_string_new ("{\"format\": \"npc-pathway-case/1\", \"fields\": {");
    g_autoptr(GError) error = NULL;
    g_autoptr(NpcCase) c = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append_printf (json, "\"f%u\": %u, ", i, i);
    g_string_append (json, "\"f42\": 0}}");
    c = parse (json->str, &error);
    g_assert_null (c);
    g_assert_nonnull (strstr (error->message, "“f42” appears twice"));
  }
}

/* Every value that loads saves to text that loads to the same value: numbers with exponents
 * (json-glib writes 1e+20 as "1e+20.0"), the int64 limits, escapes, unknown members. */
static void
test_values_round_trip (void)
{
  const char *json = "{\"format\": \"npc-pathway-case/1\", \"fields\": {"
                     "\"a\": 1e20, \"b\": 1e-300, \"c\": 1e+308, \"d\": -0.0, \"e\": 0.1,"
                     "\"f\": 9223372036854775807, \"g\": -9223372036854775808,"
                     "\"h\": \"tab\\t \\\"q\\\" \\u00e9 \\ud83d\\ude00\","
                     "\"i\": [1e300, {\"j\": 5e-324}]},"
                     "\"x\": {\"k\": 1e22}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse (json, &error);
  g_autoptr(NpcCase) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;

  g_assert_no_error (error);
  saved = npc_case_to_data (c, NULL);
  g_assert_null (strstr (saved, "e+20.0"));
  again = parse (saved, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_node_get_double (npc_case_get_value (again, "a")), ==, 1e20);
  g_assert_cmpfloat (json_node_get_double (npc_case_get_value (again, "c")), ==, 1e308);
  g_assert_cmpint (json_node_get_int (npc_case_get_value (again, "g")), ==, G_MININT64);
  for (const char *const *id = (const char *[]) { "a", "b", "c", "d", "e", "f", "g", "h", "i",
                                                   NULL }; *id; id++)
    g_assert_true (json_node_equal (npc_case_get_value (c, *id), npc_case_get_value (again, *id)));
  resaved = npc_case_to_data (again, NULL);
  g_assert_cmpstr (resaved, ==, saved);
}

/* The fuzz corpus, crash inputs included: each file loads and round-trips, or is refused. */
static void
test_corpus_round_trip (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus-case", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint loaded = 0, refused = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcCase) c = npc_case_new_from_file (file, &error);
      g_autofree char *saved = NULL;
      g_autofree char *resaved = NULL;
      g_autoptr(NpcCase) again = NULL;

      if (c == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          refused++;
          continue;
        }
      loaded++;
      saved = npc_case_to_data (c, NULL);
      again = npc_case_new_from_data (saved, -1, name, &error);
      g_assert_no_error (error);
      resaved = npc_case_to_data (again, NULL);
      g_assert_cmpstr (resaved, ==, saved);
    }
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (refused, >, 0);
}


static void
count_notify (guint *count)
{
  (*count)++;
}

/* meta.patient, meta.clinician and meta.decision: read, checked, set, kept with what is not
 * understood, and refused with the member named when malformed. */
static void
test_board_record (void)
{
  const char *json = "{\"format\": \"npc-pathway-case/1\", \"guideline\": \"mini\","
                     "\"meta\": {\"label\": \"Board\", \"clinician\": \"Dr Lee\","
                     "\"patient\": {\"name\": \"Ada Wong\", \"id\": \"MRN-1\","
                     "\"birth_date\": \"1960-02-29\", \"ward\": \"5B\"},"
                     "\"decision\": {\"outcome\": \"SURG\", \"treatment\": \"endoscopic\","
                     "\"agents\": [\"a1\", \"a2\"], \"date\": \"2026-11-30\","
                     "\"x-vote\": 7}},"
                     "\"fields\": {}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) c = parse (json, &error);
  g_autoptr(NpcCase) again = NULL;
  g_autoptr(NpcCase) copy = NULL;
  g_autoptr(NpcGuideline) g = mini ();
  g_autofree char *data = NULL;
  const NpcDecision *d;
  NpcDecision edited = { 0 };
  NpcDecision other = { .outcome = (char *) "Q1" };
  guint notified = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_clinician (c), ==, "Dr Lee");
  g_assert_cmpstr (npc_case_get_patient (c)->name, ==, "Ada Wong");
  g_assert_cmpstr (npc_case_get_patient (c)->id, ==, "MRN-1");
  g_assert_cmpstr (npc_case_get_patient (c)->birth_date, ==, "1960-02-29");
  d = npc_case_get_decision (c);
  g_assert_cmpstr (d->outcome, ==, "SURG");
  g_assert_cmpstr (d->treatment, ==, "endoscopic");
  g_assert_cmpuint (g_strv_length (d->agents), ==, 2);
  g_assert_cmpstr (d->agents[1], ==, "a2");
  g_assert_cmpstr (d->date, ==, "2026-11-30");
  g_assert_null (d->reason);
  g_assert_true (npc_decision_check (d, g, &error));
  g_assert_no_error (error);
  g_assert_false (npc_decision_check (&other, g, &error));
  g_assert_error (error, NPC_ERROR, NPC_ERROR_INTEGRITY);
  g_assert_nonnull (strstr (error->message, "“Q1”"));
  g_clear_error (&error);

  /* An edit keeps the members the program does not know. */
  g_signal_connect_swapped (c, "notify::decision", G_CALLBACK (count_notify), &notified);
  edited.outcome = NULL;
  edited.treatment = (char *) "best supportive care";
  edited.reason = (char *) "patient declined surgery";
  npc_case_set_decision (c, &edited);
  npc_case_set_decision (c, &edited);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (npc_decision_is_empty (npc_case_get_decision (c)));
  copy = npc_case_copy (c);
  data = npc_case_to_data (copy, NULL);
  g_assert_nonnull (strstr (data, "x-vote"));
  g_assert_nonnull (strstr (data, "\"ward\""));
  g_assert_nonnull (strstr (data, "\"outcome\" : null"));
  g_assert_null (strstr (data, "endoscopic"));
  again = parse (data, &error);
  g_assert_no_error (error);
  g_assert_null (npc_case_get_decision (again)->outcome);
  g_assert_cmpstr (npc_case_get_decision (again)->reason, ==, "patient declined surgery");
  g_assert_cmpstr (npc_case_get_patient (again)->id, ==, "MRN-1");
  g_assert_cmpstr (npc_case_get_clinician (again), ==, "Dr Lee");

  /* Clearing removes the record from the file. */
  npc_case_set_patient (again, NULL);
  npc_case_set_decision (again, NULL);
  npc_case_set_clinician (again, "");
  g_clear_pointer (&data, g_free);
  data = npc_case_to_data (again, NULL);
  g_assert_null (strstr (data, "patient"));
  g_assert_null (strstr (data, "decision"));
  g_assert_null (strstr (data, "clinician"));

  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"decision\": {\"date\": \"2026-02-30\"}}}",
                     NPC_ERROR_SCHEMA, "“meta.decision.date” must be a date");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"decision\": {\"date\": \"30/11/2026\"}}}",
                     NPC_ERROR_SCHEMA, "“30/11/2026”");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"decision\": {\"outcome\": 3}}}",
                     NPC_ERROR_SCHEMA, "“meta.decision.outcome” must be an outcome id");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"decision\": {\"agents\": \"a1\"}}}",
                     NPC_ERROR_SCHEMA, "“meta.decision.agents”");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"patient\": \"Ada\"}}",
                     NPC_ERROR_SCHEMA, "“meta.patient” must be an object");
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"patient\": {\"birth_date\": \"1960-2-3\"}}}",
                     NPC_ERROR_SCHEMA, "“meta.patient.birth_date”");
  /* the birth date is not repeated in the message, which may go to a log */
  {
    g_autoptr(GError) date_error = NULL;
    g_autoptr(NpcCase) bad = parse ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                                    "\"meta\": {\"patient\": {\"birth_date\": \"1960-2-3\"}}}",
                                    &date_error);

    g_assert_null (bad);
    g_assert_error (date_error, NPC_ERROR, NPC_ERROR_SCHEMA);
    g_assert_null (strstr (date_error->message, "1960-2-3"));
  }
  expect_case_error ("{\"format\": \"npc-pathway-case/1\", \"fields\": {},"
                     "\"meta\": {\"clinician\": 1}}",
                     NPC_ERROR_SCHEMA, "“meta.clinician” must be a string");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case/syntax-error", test_syntax_error);
  g_test_add_func ("/case/structure-errors", test_structure_errors);
  g_test_add_func ("/case/binary-garbage", test_binary_garbage);
  g_test_add_func ("/case/huge-and-deep", test_huge_and_deep);
  g_test_add_func ("/case/type-errors", test_type_errors_name_the_field);
  g_test_add_func ("/case/round-trip", test_round_trip_keeps_unknown_keys);
  g_test_add_func ("/case/save-failure", test_save_failure_keeps_old_file);
  g_test_add_func ("/case/notify", test_notifies_only_on_change);
  g_test_add_func ("/case/batch-lines", test_batch_lines_match_parser);
  g_test_add_func ("/case/refused", test_refuses_what_cannot_round_trip);
  g_test_add_func ("/case/values-round-trip", test_values_round_trip);
  g_test_add_func ("/case/corpus-round-trip", test_corpus_round_trip);
  g_test_add_func ("/case/board-record", test_board_record);
  return g_test_run ();
}
