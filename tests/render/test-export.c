/* test-export.c — export-diagram writes valid SVG, PNG and PDF files
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first argument is the npc-pathway-cli executable. The files stay in the build folder
 * (tests/render/export-*), to be looked at.
 */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

static const char *cli;

static char *
data_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "render", "data", name, NULL);
}

static char *
out_file (const char *name)
{
  return g_test_build_filename (G_TEST_BUILT, "render", name, NULL);
}

/* Runs the command line; returns its exit status, stderr in err_out. */
static int
run_cli (char **err_out, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "export-diagram");
  va_start (ap, err_out);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err_out,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, NULL);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

typedef struct {
  gboolean saw_svg_root;
  guint n_elements;
} SvgCheck;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             user_data,
           GError             **error)
{
  SvgCheck *check = user_data;

  if (check->n_elements++ == 0 && g_str_equal (element, "svg"))
    check->saw_svg_root = TRUE;
}

static void
assert_svg (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgCheck check = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &check, NULL);
  g_markup_parse_context_parse (context, contents, len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_true (check.saw_svg_root);
  g_assert_cmpuint (check.n_elements, >, 50);
}

static void
assert_magic (const char *path,
              const char *magic,
              gsize       magic_len,
              gsize       min_size)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, min_size);
  g_assert_cmpmem (contents, magic_len, magic, magic_len);
}

static void
assert_png (const char *path,
            int         min_width)
{
  cairo_surface_t *surface;

  assert_magic (path, "\x89PNG\r\n\x1a\n", 8, 1000);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >=, min_width);
  cairo_surface_destroy (surface);
}

static void
test_export_formats (void)
{
  g_autofree char *guideline = data_file ("mini-guideline.xml");
  g_autofree char *kase = data_file ("mini-surgery.json");
  g_autofree char *svg = out_file ("export-mini.svg");
  g_autofree char *png = out_file ("export-mini.png");
  g_autofree char *pdf = out_file ("export-mini.pdf");
  g_autofree char *png_lr = out_file ("export-mini-left-right-dark.png");

  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--output", svg,
                            NULL), ==, 0);
  assert_svg (svg);
  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--output", png,
                            NULL), ==, 0);
  assert_png (png, 800);
  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--output", pdf,
                            NULL), ==, 0);
  assert_magic (pdf, "%PDF-", 5, 1000);
  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--dark",
                            "--orientation", "left-right", "--output", png_lr, NULL), ==, 0);
  assert_png (png_lr, 800);
}

static void
test_export_no_case (void)
{
  g_autofree char *guideline = data_file ("mini-guideline.xml");
  g_autofree char *svg = out_file ("export-mini-no-case.svg");

  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--output", svg, NULL), ==, 0);
  assert_svg (svg);
}

static void
test_export_errors (void)
{
  g_autofree char *guideline = data_file ("mini-guideline.xml");
  g_autofree char *invalid = data_file ("mini-invalid.json");
  g_autofree char *missing = data_file ("no-such-case.json");
  g_autofree char *png = out_file ("export-should-not-exist.png");
  g_autofree char *err = NULL;

  g_unlink (png);

  /* a case that breaks a rule: 1, and no file */
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--case", invalid, "--output", png,
                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "mini-invalid.json"));
  g_assert_nonnull (strstr (err, "VAL-1"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* unreadable files: 2, naming the file */
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--case", missing, "--output", png,
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-case.json"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--guideline", invalid, "--output", png, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "mini-invalid.json"));
  g_clear_pointer (&err, g_free);

  /* usage */
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--output", "x.gif", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "x.gif"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--orientation", "diagonal",
                            "--output", png, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--output",
                            "/nonexistent-dir/x.svg", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent-dir/x.svg"));
}

/* The shipped guideline, with a vignette-like case. */
static void
test_export_npc (void)
{
  const char *guideline = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autofree char *kase = data_file ("npc-rt2-surgery.json");
  g_autofree char *png = out_file ("export-npc-rt2-surgery.png");
  g_autofree char *svg = out_file ("export-npc-rt2-surgery.svg");
  g_autofree char *pdf = out_file ("export-npc-rt2-surgery.pdf");
  g_autofree char *err = NULL;

  /* the bundled guideline is always there */
  g_assert_true (guideline != NULL && g_file_test (guideline, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli (&err, "--guideline", guideline, "--case", kase, "--output", png,
                            NULL), ==, 0);
  assert_png (png, 1000);
  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--output", svg,
                            NULL), ==, 0);
  assert_svg (svg);
  g_assert_cmpint (run_cli (NULL, "--guideline", guideline, "--case", kase, "--output", pdf,
                            NULL), ==, 0);
  assert_magic (pdf, "%PDF-", 5, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s NPC-PATHWAY-CLI\n", argv[0]);
      return 2;
    }
  cli = argv[1];

  g_test_add_func ("/export/formats", test_export_formats);
  g_test_add_func ("/export/no-case", test_export_no_case);
  g_test_add_func ("/export/errors", test_export_errors);
  g_test_add_func ("/export/npc", test_export_npc);

  return g_test_run ();
}
