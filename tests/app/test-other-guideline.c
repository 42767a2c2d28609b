/* test-other-guideline.c — the application started on another guideline (--guideline FILE)
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "npc-application.h"
#include "npc-case-form.h"
#include "npc-window.h"
#include "app-test-util.h"

static NpcApplication *app;
static char *case_path;
static gboolean checked;

static void
append_text (GtkWidget *widget,
             GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_text (child, text);
}

static char *
dup_widget_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  append_text (widget, text);
  return g_string_free (text, FALSE);
}

/* Nothing of the bundled guideline: the program's own name is all that is left of it. */
static void
assert_no_npc (const char *what,
               const char *text)
{
  const char *forbidden[] = { "nasophar", "carcinoma", "metastatic", "recurrent t stage",
                              "cisplatin", "npc-recurrent" };
  g_auto(GStrv) parts = g_strsplit (text, "NPC Pathway", -1);
  g_autofree char *rest = g_strjoinv ("", parts);
  g_autofree char *lower = g_ascii_strdown (rest, -1);

  if (strstr (rest, "NPC") != NULL)
    g_error ("%s names NPC: %s", what, text);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (lower, forbidden[i]) != NULL)
      g_error ("%s holds “%s”: %s", what, forbidden[i], text);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gboolean
check_window (gpointer data)
{
  NpcWindow *window = NPC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  NpcGuideline *guideline = npc_application_get_guideline (app);
  g_autofree char *form = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *everything = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *pane = NULL;
  NpcDocument *document;
  GtkWindow *about;

  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  wait_for_frame (GTK_WIDGET (window));
  spin_until_idle ();

  /* the guideline named on the command line, and the case opened with it */
  g_assert_nonnull (guideline);
  g_assert_cmpstr (npc_guideline_get_id (guideline), ==, "mini");
  g_assert_nonnull (npc_window_get_file (window));
  g_assert_cmpint (npc_evaluation_get_outcome (npc_window_get_evaluation (window)), ==,
                   NPC_OUTCOME_RECOMMENDATION);

  /* title, form, banner and source line: the mini guideline's words only */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "mini-case.json"));
  assert_no_npc ("the title", gtk_window_get_title (GTK_WINDOW (window)));
  form = dup_widget_text (GTK_WIDGET (npc_window_get_case_form (window)));
  g_assert_nonnull (strstr (form, "Setting"));
  g_assert_nonnull (strstr (form, "Available drugs"));
  assert_no_npc ("the form", form);
  banner = dup_widget_text (GTK_WIDGET (npc_window_get_banner (window)));
  g_assert_nonnull (strstr (banner, "Surgery"));
  assert_no_npc ("the banner", banner);
  g_assert_nonnull (strstr (npc_window_get_source_text (window), "A test source"));
  assert_no_npc ("the source line", npc_window_get_source_text (window));
  everything = dup_widget_text (GTK_WIDGET (window));
  assert_no_npc ("the window", everything);
  save_screenshot (GTK_WIDGET (window), "other-guideline-window.png");

  /* the About window tells what the guideline says it is */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin_until_idle ();
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_object_get (about, "comments", &comments, NULL);
  g_assert_nonnull (strstr (comments, "Mini guideline"));
  g_assert_nonnull (strstr (comments, "A test source"));
  assert_no_npc ("the About window", comments);
  gtk_window_destroy (about);

  /* Where input is needed, the pane says how an outcome is still reached. */
  npc_case_unset (npc_window_get_case (window), "fit");
  spin_until_idle ();
  g_assert_cmpint (npc_evaluation_get_outcome (npc_window_get_evaluation (window)), ==,
                   NPC_OUTCOME_NEEDS_INPUT);
  g_assert_true (npc_window_get_modified (window));
  npc_evidence_pane_set_node_id (npc_window_get_evidence_pane (window), "DRUGS");
  wait_for_frame (GTK_WIDGET (window));
  spin_until_idle ();
  pane = dup_widget_text (GTK_WIDGET (npc_window_get_evidence_pane (window)));
  g_assert_nonnull (strstr (pane, "Undetermined"));
  g_assert_nonnull (strstr (pane, "Drug therapy: reached when Fit is no"));
  assert_no_npc ("the evidence pane", pane);

  /* nothing keeps the closed window (and its document, with an autosave pending) alive */
  document = npc_window_get_document (window);
  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &document);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_until_idle ();
  g_assert_finalize_object (window);
  g_assert_null (document);
  checked = TRUE;
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window)
{
  static gboolean scheduled;

  if (NPC_IS_WINDOW (window) && !scheduled)
    {
      scheduled = TRUE;
      g_idle_add (check_window, NULL);
    }
}

static gboolean
give_up (gpointer data)
{
  g_error ("no window on the other guideline after 60 s");
  return G_SOURCE_REMOVE;
}

static void
test_other_guideline (void)
{
  g_autofree char *mini = g_test_build_filename (G_TEST_DIST, "core", "data", "mini.xml", NULL);
  char *argv[] = { (char *) "npc-pathway", (char *) "--guideline", mini, case_path, NULL };
  int status;

  app = npc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  g_timeout_add_seconds (60, give_up, NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (checked);
  g_clear_object (&app);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  dir = g_dir_make_tmp ("npc-other-XXXXXX", NULL);
  case_path = g_build_filename (dir, "mini-case.json", NULL);
  g_assert_true (g_file_set_contents (case_path,
                                      "{\"format\": \"npc-pathway-case/1\", \"guideline\": \"mini\","
                                      " \"meta\": {\"label\": \"Mini case\"},"
                                      " \"fields\": {\"setting\": \"local\", \"fit\": true,"
                                      " \"stage\": \"s1\"}}\n", -1, NULL));

  g_test_add_func ("/app/other-guideline", test_other_guideline);
  status = g_test_run ();

  g_unlink (case_path);
  g_rmdir (dir);
  g_free (case_path);
  return status;
}
