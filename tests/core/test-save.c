/* test-save.c — saving never loses the old file: full disks, links, owners, folders, kill -9
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "npc-core.h"

static guint n_kills = 30;

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("npc-save-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

/* Names in dir that are the program's temporary files. */
static guint
count_temps (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, NPC_FILE_TEMP_SUFFIX) || g_str_has_prefix (name, ".goutput"))
      n++;
  return n;
}

static NpcCase *
sample_case (const char *label,
             gsize       notes_size)
{
  NpcCase *c = npc_case_new ("npc-recurrent-metastatic");
  g_autofree char *notes = g_strnfill (notes_size, 'n');

  npc_case_set_label (c, label);
  npc_case_set_notes (c, notes);
  npc_case_set_string (c, "disease_setting", "locoregional_recurrence");
  return c;
}

static char *
save_sample (const char *path,
             const char *label,
             gsize       notes_size)
{
  g_autoptr(NpcCase) c = sample_case (label, notes_size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (npc_case_save (c, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected);
}

/* ------------------------------------------------------------------------------------------ */

/* A write that fails half way (ENOSPC from the write hook) leaves the old file byte for byte
 * and no temporary file. Runs everywhere; the tmpfs test below does it with a real disk. */
static void
test_write_failure_keeps_old (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *old = save_sample (path, "old", 100);
  g_autoptr(NpcCase) c = sample_case ("new", 50000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  for (gssize limit = 0; limit < 40000; limit = limit * 3 + 1)
    {
      npc_file_set_write_limit_for_testing (limit);
      g_assert_false (npc_case_save (c, file, &error));
      npc_file_set_write_limit_for_testing (-1);
      g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
      g_assert_nonnull (strstr (error->message, "unchanged"));
      g_clear_error (&error);
      assert_contents (path, old);
      g_assert_cmpuint (count_temps (dir), ==, 0);
    }
  remove_tree (dir);
}

/* In a new mount namespace, so that the small filesystem goes away with the child. */
static gboolean
mount_small_tmpfs (const char *dir)
{
  if (unshare (CLONE_NEWNS) != 0)
    return FALSE;
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0700") == 0;
}

static void
fill (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  char block[512] = { 0 };

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  while (write (fd, block, 1) > 0)
    ;
  close (fd);
}

static void
run_cli (const char *const *args,
         int                 expected_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("NPC_PATHWAY_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != expected_status)
    g_error ("%s: exit %d, not %d: %s", args[0], WEXITSTATUS (status), expected_status, err);
  if (expected_status == 2)
    g_assert_nonnull (strstr (err, g_strerror (ENOSPC)));
}

/* Returns the child's exit status; everything it holds is freed before it exits. */
static int
full_disk_child (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *report = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *old = NULL;
  g_autofree char *old_report = NULL;
  g_autoptr(NpcCase) c = sample_case ("new", 40000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *formats[] = { "svg", "png", "pdf" };

  if (!mount_small_tmpfs (dir))
    {
      g_printerr ("cannot mount a tmpfs: %s\n", g_strerror (errno));
      return 77;
    }
  old = save_sample (path, "old", 2000);
  g_assert_true (g_file_set_contents (report, "%PDF-1.5 an old report\n", -1, NULL));
  old_report = g_strdup ("%PDF-1.5 an old report\n");
  fill (dir);

  /* The case. */
  g_assert_false (npc_case_save (c, file, &error));
  g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_clear_error (&error);
  assert_contents (path, old);
  g_assert_cmpuint (count_temps (dir), ==, 0);

  /* The report over an old one, and the diagram in each format: exit 2, old file kept, no
   * partial file under the new name. */
  {
    const char *args[] = { "report", path, "--output", report, NULL };

    run_cli (args, 2);
    assert_contents (report, old_report);
  }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/diagram.%s", dir, formats[i]);
      const char *args[] = { "export-diagram", "--case", path, "--output", out, NULL };

      run_cli (args, 2);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpuint (count_temps (dir), ==, 0);

  /* Room again: the same save goes through. */
  {
    g_autofree char *filler = g_build_filename (dir, "filler", NULL);

    g_unlink (filler);
    g_assert_true (npc_case_save (c, file, &error));
    g_assert_no_error (error);
  }
  return 0;
}

static void
test_full_disk (void)
{
  g_autofree char *dir = make_dir ();

  if (geteuid () != 0)
    {
      g_test_skip ("mounting a small filesystem needs root (the write-hook test covers this)");
      g_rmdir (dir);
      return;
    }
  /* fork rather than a trap subprocess: the child must stay in this process image. */
  {
    pid_t pid = fork ();
    int status;

    g_assert_cmpint (pid, >=, 0);
    if (pid == 0)
      exit (full_disk_child (dir));
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status));
    /* CI runs as root: not being able to mount is a failure there, not a skip. */
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }
  remove_tree (dir);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_mode_kept_or_private (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *text = NULL;
  struct stat st;

  text = save_sample (path, "one", 10);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_free (save_sample (path, "two", 10));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  remove_tree (dir);
}

/* A second hard link: the save goes by rename, says so, and the other name keeps the old
 * case whole (it is never truncated in place). */
static void
test_hard_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *other = g_build_filename (dir, "link.json", NULL);
  g_autofree char *old = save_sample (path, "old", 10);
  g_autoptr(NpcCase) c = sample_case ("new", 10);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(NpcCase) again = NULL;

  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_true (npc_case_save_full (c, file, &notice, &error));
  g_assert_no_error (error);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "hard link"));
  assert_contents (other, old);
  again = npc_case_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_label (again), ==, "new");
  remove_tree (dir);
}

/* A symbolic link stays a link; the file it points to gets the case. */
static void
test_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *real = g_build_filename (dir, "real.json", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.json", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop.json", NULL);
  g_autoptr(NpcCase) c = sample_case ("new", 10);
  g_autoptr(GFile) file = g_file_new_for_path (link_path);
  g_autoptr(GFile) loop_file = g_file_new_for_path (loop);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) real_file = g_file_new_for_path (real);
  g_autoptr(NpcCase) again = NULL;
  NpcCase *none;

  g_free (save_sample (real, "old", 10));
  g_assert_cmpint (symlink ("real.json", link_path), ==, 0);
  g_assert_true (npc_case_save (c, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  again = npc_case_new_from_file (real_file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_label (again), ==, "new");

  /* A loop is called a loop, on save and on load. */
  g_assert_cmpint (symlink ("loop.json", loop), ==, 0);
  g_assert_false (npc_case_save (c, loop_file, &error));
  g_assert_nonnull (strstr (error->message, "loop"));
  g_clear_error (&error);
  none = npc_case_new_from_file (loop_file, &error);
  g_assert_null (none);
  g_assert_nonnull (strstr (error->message, "loop"));
  g_assert_null (strstr (error->message, "not a regular file"));
  remove_tree (dir);
}

/* Temporary files left by a killed save go at the next save in the folder; one that a save
 * still holds (locked) stays. Other files that look alike stay too. */
static void
test_stale_temps_removed (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *stale = g_build_filename (dir, ".case.json.Ab3dEf.npc-tmp", NULL);
  g_autofree char *other_stale = g_build_filename (dir, ".other.json.q1w2e3.npc-tmp", NULL);
  g_autofree char *held = g_build_filename (dir, ".case.json.HELD00.npc-tmp", NULL);
  g_autofree char *unrelated = g_build_filename (dir, "notes.npc-tmp", NULL);
  int fd;

  g_assert_true (g_file_set_contents (stale, "{\"half", -1, NULL));
  g_assert_true (g_file_set_contents (other_stale, "{\"half", -1, NULL));
  g_assert_true (g_file_set_contents (held, "{\"in progress", -1, NULL));
  g_assert_true (g_file_set_contents (unrelated, "mine", -1, NULL));
  fd = open (held, O_RDONLY);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_free (save_sample (path, "one", 10));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (other_stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));
  close (fd);
  g_assert_cmpuint (npc_file_remove_stale_temps (dir), ==, 1);
  remove_tree (dir);
}

static int
other_user_child (const char *ro_case,
                  const char *rw_case,
                  const char *old)
{
  g_autoptr(NpcCase) c = sample_case ("new", 10);
  g_autoptr(GFile) ro_file = g_file_new_for_path (ro_case);
  g_autoptr(GFile) rw_file = g_file_new_for_path (rw_case);
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(NpcCase) again = NULL;
  struct stat st;

  if (setgid (65534) != 0 || setuid (65534) != 0)
    return 3;
  /* The file itself is writable, the folder is not: no writing in place. */
  g_assert_false (npc_case_save (c, ro_file, &error));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  assert_contents (ro_case, old);

  g_assert_true (npc_case_save_full (c, rw_file, &notice, &error));
  g_assert_no_error (error);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "another user"));
  g_assert_cmpint (g_stat (rw_case, &st), ==, 0);
  g_assert_cmpint (st.st_uid, ==, 65534);
  again = npc_case_new_from_file (rw_file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (npc_case_get_label (again), ==, "new");
  return 0;
}

/* As another user: a read-only folder is refused with the old file untouched; a file of
 * another owner in a writable folder is saved by rename, and the save says so. */
static void
test_other_user (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *ro = NULL;
  g_autofree char *rw = NULL;
  g_autofree char *ro_case = NULL;
  g_autofree char *rw_case = NULL;
  g_autofree char *old = NULL;
  pid_t pid;
  int status;

  if (geteuid () != 0)
    {
      g_test_skip ("changing user needs root");
      return;
    }
  dir = make_dir ();
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  ro = g_build_filename (dir, "ro", NULL);
  rw = g_build_filename (dir, "rw", NULL);
  g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (rw, 0777), ==, 0);
  g_assert_cmpint (g_chmod (rw, 0777), ==, 0);
  ro_case = g_build_filename (ro, "case.json", NULL);
  rw_case = g_build_filename (rw, "case.json", NULL);
  old = save_sample (ro_case, "old", 10);
  g_free (save_sample (rw_case, "old", 10));
  g_assert_cmpint (g_chmod (ro_case, 0666), ==, 0);
  g_assert_cmpint (g_chmod (rw_case, 0644), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    exit (other_user_child (ro_case, rw_case, old));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  remove_tree (dir);
}

/* As root, a file of another owner keeps its owner. */
static void
test_owner_kept (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("giving a file away needs root");
      return;
    }
  dir = make_dir ();
  path = g_build_filename (dir, "case.json", NULL);
  g_free (save_sample (path, "old", 10));
  g_assert_cmpint (chown (path, 65534, 65534), ==, 0);
  g_free (save_sample (path, "new", 10));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_uid, ==, 65534);
  g_assert_cmpint (st.st_gid, ==, 65534);
  remove_tree (dir);
}

/* ------------------------------------------------------------------------------------------ */

/* kill -9 at random moments of a process that saves in a loop: every time, the file is a
 * complete case of one generation (the old or the new), and the next save leaves no
 * temporary file. */
static void
test_kill_during_save (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "save-loop", NULL);
  g_autoptr(GRand) rand = g_rand_new ();
  guint64 last = 0;
  guint mid_save = 0;

  {
    g_autoptr(NpcCase) c = sample_case ("generation 0", 10);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    npc_case_set_int (c, "generation", 0);
    g_assert_true (npc_case_save (c, file, &error));
  }

  for (guint kill_no = 0; kill_no < n_kills; kill_no++)
    {
      const char *argv[] = { helper, path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(NpcCase) c = NULL;
      guint64 generation;
      GPid pid;
      int status;
      JsonNode *gen;
      const char *notes;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                    NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 5000, 80000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not exited with an error. */
      g_assert_true (WIFSIGNALED (status));

      if (count_temps (dir) > 0)
        mid_save++;

      c = npc_case_new_from_file (file, &error);
      g_assert_no_error (error);
      g_assert_nonnull (c);
      g_assert_true (g_str_has_prefix (npc_case_get_label (c), "generation "));
      g_assert_true (g_ascii_string_to_unsigned (npc_case_get_label (c) + 11, 10, 0,
                                                 G_MAXUINT64, &generation, NULL));
      gen = npc_case_get_value (c, "generation");
      g_assert_nonnull (gen);
      g_assert_cmpint (json_node_get_int (gen), ==, (gint64) generation);
      notes = npc_case_get_notes (c);
      if (generation > 0)
        {
          g_assert_cmpuint (strlen (notes), ==, 1024 * (1 + generation % 40));
          char fill_char = (char) ('a' + generation % 26);

          g_assert_true (notes[0] == fill_char);
          g_assert_true (notes[strlen (notes) - 1] == fill_char);
        }
      g_assert_cmpuint (generation, >=, last);
      last = generation;

      /* The next save cleans up what the kill left. */
      npc_case_set_string (c, "disease_setting", "locoregional_recurrence");
      g_assert_true (npc_case_save (c, file, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_temps (dir), ==, 0);
    }
  g_assert_cmpuint (last, >, 0);
  g_test_message ("%u kills, %u of them during a save; last generation %" G_GUINT64_FORMAT,
                  n_kills, mid_save, last);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("NPC_SAVE_KILLS") != NULL)
    n_kills = (guint) g_ascii_strtoull (g_getenv ("NPC_SAVE_KILLS"), NULL, 10);

  g_test_add_func ("/save/write-failure", test_write_failure_keeps_old);
  g_test_add_func ("/save/full-disk", test_full_disk);
  g_test_add_func ("/save/mode", test_mode_kept_or_private);
  g_test_add_func ("/save/hard-link", test_hard_link);
  g_test_add_func ("/save/symlink", test_symlink);
  g_test_add_func ("/save/stale-temps", test_stale_temps_removed);
  g_test_add_func ("/save/other-user", test_other_user);
  g_test_add_func ("/save/owner-kept", test_owner_kept);
  g_test_add_func ("/save/kill", test_kill_during_save);
  return g_test_run ();
}
