/* test-lint.c — lint finds each kind of planted defect and passes the NPC guideline
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "npc-core.h"

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* "kind id" of every finding, sorted; accepted ones marked with a '+'. */
static char *
lint_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = npc_guideline_new_from_path (path, &error);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  findings = npc_symbolic_lint (g);
  for (guint i = 0; i < findings->len; i++)
    {
      const NpcLintFinding *f = findings->pdata[i];

      g_assert_nonnull (f->text);
      g_assert_nonnull (strstr (f->text, strchr (f->id, '#') ? "branch" : f->id));
      g_ptr_array_add (lines, g_strdup_printf ("%s%s %s", f->accepted ? "+" : "",
                                               npc_lint_kind_to_string (f->kind), f->id));
    }
  g_ptr_array_sort (lines, cmp_str);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (", ", (char **) lines->pdata);
}

static void
test_planted (gconstpointer data)
{
  const char *const *row = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lint", row[0], NULL);
  g_autofree char *got = lint_file (path);

  g_assert_cmpstr (got, ==, row[1]);
}

static void
test_npc_guideline_clean (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "guidelines",
                                                 "npc-recurrent-metastatic.xml", NULL);
  g_autofree char *got = lint_file (path);
  g_auto(GStrv) parts = g_strsplit (got, ", ", -1);

  /* Every finding it has is one the guideline accepts, with its reason. */
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_assert_true (parts[i][0] == '+');
}

static int
run_cli (const char *arg)
{
  const char *cli = g_getenv ("NPC_PATHWAY_CLI");
  const char *argv[] = { cli, "lint", arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli_exit_status (void)
{
  g_autofree char *clean = g_test_build_filename (G_TEST_DIST, "data", "lint", "clean.xml", NULL);
  g_autofree char *gap = g_test_build_filename (G_TEST_DIST, "data", "lint", "gap.xml", NULL);
  g_autofree char *accepted = g_test_build_filename (G_TEST_DIST, "data", "lint", "accepted.xml",
                                                     NULL);
  g_autofree char *dir = g_dir_make_tmp ("npc-lint-XXXXXX", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.xml", NULL);

  g_assert_true (g_file_set_contents (broken, "<guideline><nodes>", -1, NULL));
  g_assert_cmpint (run_cli (clean), ==, 0);
  g_assert_cmpint (run_cli (accepted), ==, 0);
  g_assert_cmpint (run_cli (gap), ==, 1);
  g_assert_cmpint (run_cli (broken), ==, 2);
  g_assert_cmpint (run_cli ("/nonexistent/guideline.xml"), ==, 2);
  g_remove (broken);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  static const char *const planted[][2] = {
    { "clean.xml", "" },
    { "unreachable.xml", "unreachable Q2#2, unreached B" },
    { "unreached.xml", "unreachable Q2#2, unreached B" },
    { "gap.xml", "gap Q1" },
    { "shadowed.xml", "shadowed Q1#2" },
    { "dead-rule.xml", "dead-rule VAL-3" },
    { "unused-field.xml", "unused-field note" },
    { "accepted.xml", "+shadowed Q1#2" },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    {
      g_autofree char *name = g_strdup_printf ("/lint/planted/%s", planted[i][0]);

      g_test_add_data_func (name, planted[i], test_planted);
    }
  g_test_add_func ("/lint/npc-guideline", test_npc_guideline_clean);
  g_test_add_func ("/lint/cli-exit-status", test_cli_exit_status);
  return g_test_run ();
}
