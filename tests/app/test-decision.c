/* test-decision.c — the tumour board's decision in the window, driven through its widgets
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision is entered in the case form's last group, saved and read back; the banner says
 * how it stands against the pathway and follows the case as it changes; the patient's
 * identifiers stay out of autosave names and exported diagrams.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "npc-application.h"
#include "npc-case-form.h"
#include "npc-decision-group.h"
#include "npc-outcome-banner.h"
#include "npc-window.h"
#include "app-test-util.h"

#define AUTOSAVE_WAIT_MS 30000

/* Identifiers no test file name or export may hold; each appears nowhere else. */
#define PATIENT_NAME "Quentin Xaviero"
#define PATIENT_ID "MRN-7731904"
#define PATIENT_BIRTH "1959-11-27"
#define CASE_LABEL "Board review 14"

static NpcApplication *app;

/* Helpers */

static NpcWindow *
new_window (void)
{
  return test_window_new (app);
}

static void
close_window (NpcWindow *window)
{
  npc_document_discard_changes (npc_window_get_document (window));
  close_test_window (GTK_WINDOW (window));
}

static char *
example_path (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "examples", name, NULL);
}

static NpcWindow *
open_example (const char *name)
{
  g_autofree char *path = example_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NpcWindow *window = new_window ();

  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  wait_for_frame (GTK_WIDGET (window));
  return window;
}

static NpcDecisionGroup *
group_of (NpcWindow *window)
{
  NpcDecisionGroup *group = npc_case_form_get_decision_group (npc_window_get_case_form (window));

  g_assert_nonnull (group);
  return group;
}

static GtkWidget *
control (NpcWindow  *window,
         const char *name)
{
  GtkWidget *widget = npc_decision_group_get_control (group_of (window), name);

  g_assert_nonnull (widget);
  return widget;
}

/* Typed into an entry as a user would: the whole text, then the main loop turns. */
static void
type_into (NpcWindow  *window,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (control (window, name)), text);
  spin_until_idle ();
}

/* "Today", activated as a click is (the click lands after the press animation). */
static void
press_today (NpcWindow  *window,
             const char *today)
{
  GtkEditable *date = GTK_EDITABLE (control (window, "date"));
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (2000, set_flag_on_timeout, &timed_out);

  g_assert_true (gtk_widget_activate (control (window, "today")));
  while (g_strcmp0 (gtk_editable_get_text (date), today) != 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  spin_until_idle ();
}

/* Chooses the decision's entry for an outcome id ("other" for a treatment in words, NULL for
 * "Not recorded") in the drop-down. */
static void
choose (NpcWindow  *window,
        const char *outcome_id)
{
  NpcDecisionGroup *group = group_of (window);
  AdwComboRow *row = ADW_COMBO_ROW (control (window, "outcome"));
  guint position;

  if (g_strcmp0 (outcome_id, "other") == 0)
    position = npc_decision_group_get_other_position (group);
  else if (outcome_id == NULL)
    position = 0;
  else
    {
      int found = npc_decision_group_find_choice (group, outcome_id);

      g_assert_cmpint (found, >, 0);
      position = (guint) found;
    }
  adw_combo_row_set_selected (row, position);
  spin_until_idle ();
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, position);
}

/* The label the drop-down shows for the chosen entry. */
static const char *
chosen_label (NpcWindow *window)
{
  AdwComboRow *row = ADW_COMBO_ROW (control (window, "outcome"));
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static const char *
banner_text (NpcWindow *window)
{
  return npc_outcome_banner_get_decision_text (npc_window_get_banner (window));
}

static int
banner_height (NpcWindow *window)
{
  wait_for_frame (GTK_WIDGET (window));
  return gtk_widget_get_height (GTK_WIDGET (npc_window_get_banner (window)));
}

static void
set_boolean_through_form (NpcWindow  *window,
                          const char *field_id,
                          gboolean    value)
{
  GtkWidget *editor = npc_case_form_get_editor (npc_window_get_case_form (window), field_id);
  GtkWidget *button;
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_nonnull (editor);
  button = gtk_widget_get_first_child (editor);
  if (!value)
    button = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  timeout = g_timeout_add (2000, set_flag_on_timeout, &timed_out);
  g_assert_true (gtk_widget_activate (button));
  while (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  spin_until_idle ();
}

static gboolean
holds_bytes (const char *data,
             gsize       length,
             const char *needle,
             gsize       n)
{
  for (gsize k = 0; n > 0 && k + n <= length; k++)
    if (memcmp (data + k, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_absent (const char *what,
               const char *data,
               gsize       length)
{
  const char *needles[] = { PATIENT_NAME, "Xaviero", PATIENT_ID, PATIENT_BIRTH };

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      gsize n = strlen (needles[i]);

      for (gsize k = 0; k + n <= length; k++)
        if (memcmp (data + k, needles[i], n) == 0)
          g_error ("%s holds “%s” at byte %" G_GSIZE_FORMAT, what, needles[i], k);
    }
}

/* The same in UTF-16BE, as a PDF may write its strings. */
static void
assert_absent_utf16 (const char *what,
                     const char *data,
                     gsize       length)
{
  g_autofree char *name = g_convert (PATIENT_NAME, -1, "UTF-16BE", "UTF-8", NULL, NULL, NULL);
  g_autofree char *id = g_convert (PATIENT_ID, -1, "UTF-16BE", "UTF-8", NULL, NULL, NULL);

  g_assert_nonnull (name);
  if (holds_bytes (data, length, name, 2 * strlen (PATIENT_NAME)) ||
      holds_bytes (data, length, id, 2 * strlen (PATIENT_ID)))
    g_error ("%s holds the patient's name or id in UTF-16", what);
}

static void
clear_autosaves (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave",
                                           NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;

  /* only ever inside the build folder */
  g_assert_nonnull (g_getenv ("XDG_CACHE_HOME"));
  g_assert_true (g_str_has_prefix (dir, g_getenv ("XDG_CACHE_HOME")));
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

static JsonObject *
read_meta (const char  *path,
           JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "meta"));
  *parser_out = g_steal_pointer (&parser);
  return json_object_get_object_member (root, "meta");
}

/* Tests */

/* Entered through the widgets, saved, read back into a new window: the same decision. */
static void
test_record_save_reload (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "npc-decision-case.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  NpcWindow *window = open_example ("metastatic-first-line.json");
  const NpcPatient *patient;
  const NpcDecision *decision;
  JsonObject *meta, *object;

  g_assert_cmpstr (npc_evaluation_get_primary (npc_window_get_evaluation (window))->id, ==,
                   "M-1L-GP");
  g_assert_null (banner_text (window));
  g_assert_false (npc_window_get_modified (window));

  type_into (window, "patient-name", PATIENT_NAME);
  type_into (window, "patient-id", PATIENT_ID);
  g_assert_true (npc_window_get_modified (window));

  /* A wrong date is shown at its field and never recorded. */
  type_into (window, "birth-date", "1959-02-30");
  g_assert_nonnull (npc_decision_group_get_error (group_of (window), "birth-date"));
  patient = npc_case_get_patient (npc_window_get_case (window));
  g_assert_nonnull (patient);
  g_assert_cmpstr (patient->name, ==, PATIENT_NAME);
  g_assert_null (patient->birth_date);
  type_into (window, "birth-date", PATIENT_BIRTH);
  g_assert_null (npc_decision_group_get_error (group_of (window), "birth-date"));
  patient = npc_case_get_patient (npc_window_get_case (window));
  g_assert_cmpstr (patient->birth_date, ==, PATIENT_BIRTH);
  type_into (window, "clinician", "Dr A. Example");

  choose (window, "M-1L-GP");
  g_assert_nonnull (strstr (chosen_label (window), "recommendation"));
  type_into (window, "treatment", "Gemcitabine plus cisplatin, six cycles");
  press_today (window, today);
  type_into (window, "date", "2026-13-01");
  g_assert_nonnull (npc_decision_group_get_error (group_of (window), "date"));
  g_assert_null (npc_case_get_decision (npc_window_get_case (window))->date);
  press_today (window, today);
  g_assert_null (npc_decision_group_get_error (group_of (window), "date"));

  decision = npc_case_get_decision (npc_window_get_case (window));
  g_assert_nonnull (decision);
  g_assert_cmpstr (decision->outcome, ==, "M-1L-GP");
  g_assert_cmpstr (decision->date, ==, today);
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  g_assert_false (npc_decision_group_get_reason_needed (group_of (window)));

  g_assert_true (npc_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  close_window (window);

  /* The file holds what was entered. */
  meta = read_meta (path, &parser);
  object = json_object_get_object_member (meta, "decision");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "M-1L-GP");
  g_assert_cmpstr (json_object_get_string_member (object, "treatment"), ==,
                   "Gemcitabine plus cisplatin, six cycles");
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, today);
  g_assert_false (json_object_has_member (object, "reason"));
  object = json_object_get_object_member (meta, "patient");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, PATIENT_NAME);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, PATIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (object, "birth_date"), ==, PATIENT_BIRTH);
  g_assert_cmpstr (json_object_get_string_member (meta, "clinician"), ==, "Dr A. Example");

  /* Read back: the widgets show it, the banner classifies it. */
  window = new_window ();
  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_false (npc_window_get_modified (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (window, "patient-name"))), ==,
                   PATIENT_NAME);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (window, "birth-date"))), ==,
                   PATIENT_BIRTH);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (window, "treatment"))), ==,
                   "Gemcitabine plus cisplatin, six cycles");
  g_assert_cmpint (adw_combo_row_get_selected (ADW_COMBO_ROW (control (window, "outcome"))), ==,
                   npc_decision_group_find_choice (group_of (window), "M-1L-GP"));
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  /* The title may show the label or the file, never the patient. */
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Xaviero"));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), PATIENT_ID));
  close_window (window);
  g_unlink (path);
}

/* Every verdict, in one banner that keeps its height. */
static void
test_banner_verdicts (void)
{
  NpcWindow *window = open_example ("metastatic-first-line.json");
  NpcDecisionGroup *group = group_of (window);
  int height = banner_height (window);
  const NpcDecision *decision;

  g_assert_cmpint (height, >, 0);
  save_screenshot (GTK_WIDGET (window), "decision-none.png");

  choose (window, "M-1L-GP");
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  g_assert_cmpint (banner_height (window), ==, height);
  save_screenshot (GTK_WIDGET (window), "decision-on-pathway.png");

  choose (window, "M-1L-CHEMOIO");
  g_assert_nonnull (strstr (chosen_label (window), "alternative"));
  g_assert_cmpstr (banner_text (window), ==, "Decision: an alternative of the pathway");
  g_assert_false (npc_decision_group_get_reason_needed (group));
  g_assert_cmpint (banner_height (window), ==, height);
  save_screenshot (GTK_WIDGET (window), "decision-alternative.png");

  /* Another outcome of the guideline: off the pathway, and the reason is asked for. */
  choose (window, "M-2L-CHEMO");
  g_assert_cmpstr (banner_text (window), ==, "Decision: off the pathway — reason not given");
  g_assert_true (npc_decision_group_get_reason_needed (group));
  g_assert_cmpint (banner_height (window), ==, height);
  save_screenshot (GTK_WIDGET (window), "decision-off-no-reason.png");

  type_into (window, "reason", "Patient declined cisplatin after a long discussion of the "
                               "toxicity, preferring a regimen the board considered tolerable");
  g_assert_true (g_str_has_prefix (banner_text (window),
                                   "Decision: off the pathway (Patient declined cisplatin"));
  g_assert_false (npc_decision_group_get_reason_needed (group));
  g_assert_cmpint (banner_height (window), ==, height);
  save_screenshot (GTK_WIDGET (window), "decision-off-reason.png");

  /* A treatment the guideline does not name: off the pathway too, with its reason. */
  choose (window, "other");
  type_into (window, "treatment", "Enrolment in a local phase I study");
  decision = npc_case_get_decision (npc_window_get_case (window));
  g_assert_null (decision->outcome);
  g_assert_cmpstr (decision->treatment, ==, "Enrolment in a local phase I study");
  g_assert_true (g_str_has_prefix (banner_text (window), "Decision: off the pathway ("));

  /* The case changes so that the pathway asks for input: not assessable. */
  choose (window, "M-1L-GP");
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  {
    GtkWidget *editor = npc_case_form_get_editor (npc_window_get_case_form (window),
                                                  "gem_cis_eligible");
    GtkWidget *unknown = gtk_widget_get_last_child (editor);
    gboolean timed_out = FALSE;
    guint timeout = g_timeout_add (2000, set_flag_on_timeout, &timed_out);

    g_assert_true (gtk_widget_activate (unknown));
    while (npc_case_has_value (npc_window_get_case (window), "gem_cis_eligible") && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (timed_out);
    g_source_remove (timeout);
    spin_until_idle ();
  }
  g_assert_cmpint (npc_evaluation_get_outcome (npc_window_get_evaluation (window)), ==,
                   NPC_OUTCOME_NEEDS_INPUT);
  g_assert_cmpstr (banner_text (window), ==,
                   "Decision: not assessable while the case needs input");
  /* the recorded outcome stays, listed though the pathway has no primary now */
  g_assert_cmpstr (npc_case_get_decision (npc_window_get_case (window))->outcome, ==, "M-1L-GP");
  g_assert_cmpint (npc_decision_group_find_choice (group, "M-1L-GP"), >, 0);
  g_assert_cmpint (banner_height (window), ==, height);
  save_screenshot (GTK_WIDGET (window), "decision-needs-input.png");

  /* No decision: no verdict. */
  type_into (window, "treatment", "");
  type_into (window, "reason", "");
  choose (window, NULL);
  g_assert_null (npc_case_get_decision (npc_window_get_case (window)));
  g_assert_null (banner_text (window));
  g_assert_cmpint (banner_height (window), ==, height);
  close_window (window);
}

/* A change of the case that moves the primary flips the verdict; the recorded outcome id is
 * never changed by it. */
static void
test_primary_changes (void)
{
  NpcWindow *window = open_example ("metastatic-first-line.json");
  NpcDecisionGroup *group = group_of (window);

  choose (window, "M-1L-GP");
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  g_assert_cmpint (npc_decision_group_find_choice (group, "M-1L-GP"), ==, 1);

  set_boolean_through_form (window, "gem_cis_eligible", FALSE);
  g_assert_cmpstr (npc_evaluation_get_primary (npc_window_get_evaluation (window))->id, ==,
                   "M-1L-ALT");
  g_assert_cmpstr (npc_case_get_decision (npc_window_get_case (window))->outcome, ==, "M-1L-GP");
  g_assert_cmpstr (banner_text (window), ==, "Decision: off the pathway — reason not given");
  g_assert_true (npc_decision_group_get_reason_needed (group));
  /* the list follows the evaluation; the choice stays on the recorded outcome */
  g_assert_cmpstr (npc_decision_group_get_choice_id (group, 1), ==, "M-1L-ALT");
  g_assert_cmpstr (npc_decision_group_get_choice_id (
                     group, adw_combo_row_get_selected (ADW_COMBO_ROW (control (window, "outcome")))),
                   ==, "M-1L-GP");

  set_boolean_through_form (window, "gem_cis_eligible", TRUE);
  g_assert_cmpstr (banner_text (window), ==, "Decision: on the pathway");
  g_assert_false (npc_decision_group_get_reason_needed (group));
  close_window (window);
}

/* An outcome id the guideline does not have is shown as such, kept, and not classified. */
static void
test_unknown_outcome (void)
{
  g_autofree char *example = example_path ("metastatic-first-line.json");
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "npc-decision-unknown.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *meta, *decision;
  NpcWindow *window;

  json_parser_load_from_file (parser, example, &error);
  g_assert_no_error (error);
  meta = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "meta");
  decision = json_object_new ();
  json_object_set_string_member (decision, "outcome", "NO-SUCH-OUTCOME");
  json_object_set_object_member (meta, "decision", decision);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);

  window = new_window ();
  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (banner_text (window), ==,
                   "Decision: “NO-SUCH-OUTCOME” is not an outcome of this guideline");
  g_assert_nonnull (strstr (chosen_label (window), "NO-SUCH-OUTCOME"));
  g_assert_false (npc_window_get_modified (window));
  close_window (window);
  g_unlink (path);
}

static void
export_and_check (NpcWindow  *window,
                  const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (npc_window_export_diagram (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  assert_absent (path, data, length);
  assert_absent_utf16 (path, data, length);
  /* the check can see what it looks for: the case's label is written in the SVG */
  if (g_str_has_suffix (name, ".svg"))
    g_assert_nonnull (strstr (data, CASE_LABEL));
  if (g_str_has_suffix (name, ".pdf"))
    {
      g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
      g_autofree char *text = NULL;
      int status = 0;

      g_assert_nonnull (pdftotext);
      {
        const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };

        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text,
                      NULL, &status, &error);
      }
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (text, CASE_LABEL));
      assert_absent ("pdftotext", text, strlen (text));
      {
        g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
        const char *argv[] = { pdfinfo, path, NULL };
        g_autofree char *info = NULL;

        /* poppler-utils has both: the document's metadata, as a reader shows it */
        g_assert_nonnull (pdfinfo);
          {
            g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &info,
                          NULL, &status, &error);
            g_assert_no_error (error);
            g_assert_nonnull (strstr (info, "Producer"));
            assert_absent ("pdfinfo", info, strlen (info));
          }
      }
    }
  g_unlink (path);
}

/* The patient's identifiers go into the case file only: not into the autosave's name, the
 * window's title or an exported diagram, from the window or the command line. */
static void
test_identifiers_stay_inside (void)
{
  g_autofree char *case_path = g_build_filename (g_get_tmp_dir (), "npc-decision-ids.json", NULL);
  g_autoptr(GFile) case_file = g_file_new_for_path (case_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *basename = NULL;
  NpcWindow *window = open_example ("metastatic-first-line.json");

  clear_autosaves ();
  npc_case_set_label (npc_window_get_case (window), CASE_LABEL);
  type_into (window, "patient-name", PATIENT_NAME);
  type_into (window, "patient-id", PATIENT_ID);
  type_into (window, "birth-date", PATIENT_BIRTH);
  choose (window, "M-1L-GP");

  /* The autosave holds the case, identifiers and all, under a name that holds none. */
  found = wait_for_autosave_with (PATIENT_ID, AUTOSAVE_WAIT_MS);
  g_assert_nonnull (found);
  basename = g_path_get_basename (found);
  assert_absent ("the autosave's name", basename, strlen (basename));
  {
    g_autofree char *uri_path = g_strconcat (found, ".uri", NULL);
    g_autofree char *uri = NULL;
    gsize length = 0;

    if (g_file_get_contents (uri_path, &uri, &length, NULL))
      assert_absent ("the autosave's .uri", uri, length);
  }
  assert_absent ("the window's title", gtk_window_get_title (GTK_WINDOW (window)),
                 strlen (gtk_window_get_title (GTK_WINDOW (window))));

  export_and_check (window, "npc-decision-export.svg");
  export_and_check (window, "npc-decision-export.png");
  export_and_check (window, "npc-decision-export.pdf");

  /* The same case from the command line. */
  g_assert_true (npc_window_save_to_file (window, case_file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (case_path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, PATIENT_NAME));
  }
  for (guint i = 0; i < 3; i++)
    {
      const char *ext[] = { "svg", "png", "pdf" };
      g_autofree char *out = g_strdup_printf ("%s/npc-decision-cli.%s", g_get_tmp_dir (), ext[i]);
      const char *argv[] = { g_getenv ("NPC_PATHWAY_CLI"), "export-diagram", "--case", case_path,
                             "--output", out, NULL };
      g_autofree char *data = NULL;
      gsize length = 0;
      int status = 0;

      g_assert_nonnull (argv[0]);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (g_file_get_contents (out, &data, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      assert_absent (out, data, length);
      assert_absent_utf16 (out, data, length);
      if (i == 0)
        g_assert_nonnull (strstr (data, CASE_LABEL));
      g_unlink (out);
    }

  close_window (window);
  g_unlink (case_path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = test_application_new ();

  g_test_add_func ("/app/decision/record-save-reload", test_record_save_reload);
  g_test_add_func ("/app/decision/banner-verdicts", test_banner_verdicts);
  g_test_add_func ("/app/decision/primary-changes", test_primary_changes);
  g_test_add_func ("/app/decision/unknown-outcome", test_unknown_outcome);
  g_test_add_func ("/app/decision/identifiers-stay-inside", test_identifiers_stay_inside);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
