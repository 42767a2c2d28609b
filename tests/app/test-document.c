/* test-document.c — the document behind a window and the session's crash recovery, without
 * a window
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "npc-document.h"
#include "npc-session.h"

static NpcEngine *engine;
static char *tmpdir;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
wait_for_path (const char *path,
               gboolean    exists)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_file_test (path, G_FILE_TEST_EXISTS) != exists && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  return g_file_test (path, G_FILE_TEST_EXISTS) == exists;
}

/* The autosave, once the document has written one (two seconds after a change). */
static char *
autosave_path (NpcDocument *document)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (npc_document_get_autosave_id (document) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_nonnull (npc_document_get_autosave_id (document));

  g_autofree char *dir = npc_session_dup_autosave_dir ();
  g_autofree char *name = g_strconcat (npc_document_get_autosave_id (document), ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
test_changes_saves_and_autosave (void)
{
  g_autoptr(NpcDocument) document = npc_document_new (engine);
  g_autofree char *path = g_build_filename (tmpdir, "case.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *autosave = NULL;
  g_autofree char *data = NULL;
  g_autofree char *title = NULL;
  NpcEvaluation *first;
  guint evaluations = 0, titles = 0;

  /* a new case, evaluated at once */
  g_assert_true (npc_document_is_pristine (document));
  g_assert_false (npc_document_get_modified (document));
  g_assert_null (npc_document_get_file (document));
  first = npc_document_get_evaluation (document);
  g_assert_nonnull (first);
  g_assert_cmpint (npc_evaluation_get_outcome (first), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_signal_connect (document, "notify::evaluation", G_CALLBACK (count_notify), &evaluations);
  g_signal_connect (document, "notify::title", G_CALLBACK (count_notify), &titles);

  /* a change: a new evaluation, modified, and an autosave two seconds later */
  npc_case_set_string (npc_document_get_case (document), "setting", "distant");
  g_assert_cmpuint (evaluations, ==, 1);
  g_assert_true (npc_document_get_evaluation (document) != first);
  g_assert_cmpstr (npc_evaluation_get_path (npc_document_get_evaluation (document), NULL)[1]->id,
                   ==, "Q3");
  g_assert_true (npc_document_get_modified (document));
  g_assert_false (npc_document_is_pristine (document));
  g_assert_cmpuint (titles, >=, 1);
  g_assert_null (npc_document_get_autosave_id (document));
  autosave = autosave_path (document);
  g_assert_true (wait_for_path (autosave, TRUE));
  g_assert_true (g_file_get_contents (autosave, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "distant"));

  /* saved: belongs to the file, not modified, no autosave */
  g_assert_true (npc_document_save_to_file (document, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (npc_document_get_file (document), file));
  g_assert_false (npc_document_get_modified (document));
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_object_get (document, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "case.json");

  /* the label is an edit too; discarding gives the changes up */
  titles = 0;
  npc_case_set_label (npc_document_get_case (document), "Board");
  g_assert_true (npc_document_get_modified (document));
  g_assert_cmpuint (titles, >=, 1);
  npc_document_discard_changes (document);
  g_assert_false (npc_document_get_modified (document));

  /* a case for another guideline is refused, and nothing changes */
  {
    g_autofree char *other = g_build_filename (tmpdir, "other.json", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);
    NpcCase *before = npc_document_get_case (document);

    g_assert_true (g_file_set_contents (other, "{\"format\": \"npc-pathway-case/1\", "
                                        "\"guideline\": \"elsewhere\", \"fields\": {}}", -1,
                                        NULL));
    g_assert_false (npc_document_load_file (document, other_file, &error));
    g_assert_error (error, NPC_ERROR, NPC_ERROR_SCHEMA);
    g_clear_error (&error);
    g_assert_true (npc_document_get_case (document) == before);
    g_unlink (other);
  }

  /* loading the saved case back: not modified, the file's values */
  g_assert_true (npc_document_load_file (document, file, &error));
  g_assert_no_error (error);
  g_assert_false (npc_document_get_modified (document));
  g_assert_true (npc_case_has_value (npc_document_get_case (document), "setting"));
  g_unlink (path);
}

static void
test_session_leftovers (void)
{
  g_autoptr(NpcSession) session = npc_session_new ();
  g_autoptr(NpcDocument) document = npc_document_new (engine);
  g_autofree char *dir = npc_session_dup_autosave_dir ();
  g_autofree char *crash = g_build_filename (dir, "crash-1.json", NULL);
  g_autofree char *crash_uri = g_build_filename (dir, "crash-1.json.uri", NULL);
  g_autofree char *own = NULL;
  g_autofree char *case_path = g_build_filename (tmpdir, "crashed.json", NULL);
  g_autoptr(GFile) original = g_file_new_for_path (case_path);
  g_autofree char *uri = g_file_get_uri (original);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_file = NULL;
  g_autoptr(GPtrArray) of_other = NULL;
  g_autoptr(GFile) elsewhere = g_file_new_for_path ("/nonexistent/case.json");

  npc_session_add_document (session, document);
  /* the open document's own autosave is no leftover */
  npc_case_set_string (npc_document_get_case (document), "setting", "local");
  own = autosave_path (document);
  g_assert_true (wait_for_path (own, TRUE));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (crash, "{\"format\": \"npc-pathway-case/1\", "
                                      "\"fields\": {}}", -1, NULL));
  g_assert_true (g_file_set_contents (crash_uri, uri, -1, NULL));

  all = npc_session_find_leftovers (session, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (g_file_peek_path (((NpcLeftover *) all->pdata[0])->autosave), ==, crash);
  g_assert_true (g_file_equal (((NpcLeftover *) all->pdata[0])->original, original));
  of_file = npc_session_find_leftovers (session, original);
  g_assert_cmpuint (of_file->len, ==, 1);
  of_other = npc_session_find_leftovers (session, elsewhere);
  g_assert_cmpuint (of_other->len, ==, 0);

  npc_session_discard_leftover (session, ((NpcLeftover *) all->pdata[0])->autosave);
  g_assert_false (g_file_test (crash, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (crash_uri, G_FILE_TEST_EXISTS));

  /* once the document is gone, what it autosaved is a leftover */
  g_clear_object (&document);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = npc_session_find_leftovers (session, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (g_file_peek_path (((NpcLeftover *) all->pdata[0])->autosave), ==, own);
  g_assert_null (((NpcLeftover *) all->pdata[0])->original);
  npc_session_discard_leftover (session, ((NpcLeftover *) all->pdata[0])->autosave);
  g_assert_false (g_file_test (own, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mini = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("npc-document-XXXXXX", NULL);
  /* the autosaves of this test go to its own cache */
  g_setenv ("XDG_CACHE_HOME", tmpdir, TRUE);
  mini = g_test_build_filename (G_TEST_DIST, "core", "data", "mini.xml", NULL);
  guideline = npc_guideline_new_from_path (mini, &error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);

  g_test_add_func ("/app/document/changes-saves-autosave", test_changes_saves_and_autosave);
  g_test_add_func ("/app/document/session-leftovers", test_session_leftovers);
  status = g_test_run ();

  g_clear_object (&engine);
  {
    g_autofree char *dir = g_build_filename (tmpdir, "npc-pathway", "autosave", NULL);
    g_autofree char *parent = g_build_filename (tmpdir, "npc-pathway", NULL);

    g_rmdir (dir);
    g_rmdir (parent);
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
