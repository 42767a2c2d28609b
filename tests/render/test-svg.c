/* test-svg.c — the SVG export: valid, text as text, and the picture cairo draws
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page of the NPC guideline with a case is made as one scene and written both ways: as
 * SVG, and with cairo as a PNG. The SVG must validate against the grammar of what the writer
 * may write (tests/render/data/svg-export.rng, with xmllint), hold every node's label as text
 * in the node's group, open in headless Chromium, and look, drawn by librsvg's rsvg-convert,
 * like cairo's PNG pixel for pixel within a tolerance (fonts are hinted a little apart).
 *
 * xmllint (libxml2-utils), rsvg-convert (librsvg2-bin) and chromium are Debian packages that
 * build-aux/dev installs; a test whose tool is missing fails and says which package to
 * install. The files stay in the build folder (tests/render/svg-*), to be looked at.
 */

#define G_LOG_DOMAIN "test-svg"

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "npc-core.h"
#include "npc-layout.h"
#include "npc-render-export-private.h"
#include "npc-renderer-private.h"
#include "npc-scene.h"

/* What a test draws: a case, and the orientation and palette. */
typedef struct {
  const char *case_file;
  NpcLayoutOrientation orientation;
  gboolean dark;
} Picture;

static const Picture rt2 = { "npc-rt2-surgery.json", NPC_LAYOUT_TOP_DOWN, FALSE };
static const Picture needs_input = { "npc-needs-input.json", NPC_LAYOUT_TOP_DOWN, FALSE };
static const Picture needs_input_dark_lr = { "npc-needs-input.json", NPC_LAYOUT_LEFT_RIGHT,
                                             TRUE };

typedef struct {
  NpcGuideline *guideline;
  NpcEvaluation *evaluation;
  NpcRenderer *renderer;
  NpcLayout *layout;
} Fixture;

static char *
out_file (const char *name)
{
  return g_test_build_filename (G_TEST_BUILT, "render", name, NULL);
}

/* The tool's path, or NULL and the test failed, saying what to install. */
static char *
find_tool (const char *name,
           const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_fail_printf ("%s not found: install Debian's %s (build-aux/dev test does)", name,
                        package);
  return path;
}

/* Runs argv; TRUE when it exits with 0. */
static gboolean
run (const char *const *argv,
     char              **out,
     char              **err)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                     &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return FALSE;
    }
  return g_spawn_check_wait_status (status, NULL);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  const Picture *picture = data;
  const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autofree char *case_path = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                      picture->case_file, NULL);
  NpcPalette palette;
  g_autoptr(GFile) file = g_file_new_for_path (case_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEngine) engine = NULL;

  g_assert_nonnull (path);
  f->guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  kase = npc_case_new_from_file (file, &error);
  g_assert_no_error (error);
  engine = npc_engine_new (f->guideline);
  f->evaluation = npc_engine_evaluate (engine, kase);
  f->renderer = npc_renderer_new ();
  npc_renderer_get_default_palette (picture->dark, &palette);
  npc_renderer_set_palette (f->renderer, &palette);
  f->layout = npc_renderer_layout_guideline (f->renderer, f->guideline, picture->orientation);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->layout);
  g_clear_object (&f->renderer);
  g_clear_object (&f->evaluation);
  g_clear_object (&f->guideline);
}

/* The page as the SVG export makes it, written to the build folder. */
static char *
write_svg (Fixture    *f,
           NpcScene   *scene,
           const char *name)
{
  g_autoptr(GString) svg = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = out_file (name);

  npc_render_export_build_page (f->renderer, f->layout, f->evaluation, "test case", TRUE, scene);
  npc_scene_write_svg (scene, npc_renderer_get_metrics (f->renderer), svg);
  g_file_set_contents (path, svg->str, svg->len, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_valid (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(NpcScene) scene = npc_scene_new ();
  g_autofree char *svg = write_svg (f, scene, "svg-valid.svg");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                   "svg-export.rng", NULL);
  g_autofree char *xmllint = find_tool ("xmllint", "libxml2-utils");
  g_autofree char *contents = NULL;
  g_autofree char *bad_path = out_file ("svg-bad-id.svg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) bad = NULL;
  g_autofree char *err = NULL;

  if (xmllint == NULL)
    return;
  {
    const char *argv[] = { xmllint, "--noout", "--relaxng", schema, svg, NULL };
    g_autofree char *err_ok = NULL;

    g_assert_true (run (argv, NULL, &err_ok));
    g_assert_nonnull (strstr (err_ok, "validates"));
  }

  /* the grammar does check ids: two boxes with one id fail */
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  bad = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (bad, "id=\"node-D2\"", "id=\"node-D1\"", 1), ==, 1);
  g_file_set_contents (bad_path, bad->str, bad->len, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { xmllint, "--noout", "--relaxng", schema, bad_path, NULL };

    g_assert_false (run (argv, NULL, &err));
    g_assert_nonnull (strstr (err, "fails to validate"));
  }
}

/* The text in each box's group, lines joined by spaces. */
typedef struct {
  GHashTable *texts;  /* group id -> GString */
  GString *current;   /* the group's text, or NULL outside a box's group */
  int depth;          /* of elements inside the current group */
  gboolean in_text;
  gboolean in_title;
  guint n_title;
} TextScan;

static void
scan_start (GMarkupParseContext *context,
            const char          *element,
            const char         **names,
            const char         **values,
            gpointer             user_data,
            GError             **error)
{
  TextScan *scan = user_data;

  if (scan->current != NULL)
    {
      scan->depth++;
      if (g_str_equal (element, "text") || g_str_equal (element, "tspan"))
        {
          if (scan->current->len > 0)
            g_string_append_c (scan->current, ' ');
          scan->in_text = TRUE;
        }
      else if (g_str_equal (element, "title"))
        scan->in_title = TRUE;
      return;
    }
  if (!g_str_equal (element, "g"))
    return;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "id") && g_str_has_prefix (values[i], "node-"))
      {
        scan->current = g_string_new (NULL);
        scan->depth = 0;
        g_hash_table_insert (scan->texts, g_strdup (values[i] + 5), scan->current);
      }
}

static void
scan_end (GMarkupParseContext *context,
          const char          *element,
          gpointer             user_data,
          GError             **error)
{
  TextScan *scan = user_data;

  if (scan->current == NULL)
    return;
  if (scan->depth-- == 0)
    {
      scan->current = NULL;
      return;
    }
  if (g_str_equal (element, "text"))
    scan->in_text = FALSE;
  if (g_str_equal (element, "title"))
    {
      scan->in_title = FALSE;
      scan->n_title++;
    }
}

static void
scan_text (GMarkupParseContext *context,
           const char          *text,
           gsize                len,
           gpointer             user_data,
           GError             **error)
{
  TextScan *scan = user_data;

  if (scan->current != NULL && scan->in_text && !scan->in_title)
    g_string_append_len (scan->current, text, len);
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

/* text without its white space: lines may break inside a word ("PET/" "CT") */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* Every node's label is in its group as text, whole, in the order of its words. */
static void
test_labels_are_text (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(NpcScene) scene = npc_scene_new ();
  g_autofree char *svg = write_svg (f, scene, "svg-text.svg");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { scan_start, scan_end, scan_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       string_free);
  TextScan scan = { texts, NULL, 0, FALSE, FALSE, 0 };
  const NpcLayoutBox *const *boxes;
  guint n, n_nodes = 0;
  gsize len;

  g_file_get_contents (svg, &contents, &len, &error);
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));

  boxes = npc_layout_get_boxes (f->layout, &n);
  for (guint i = 0; i < n; i++)
    {
      GString *text;
      g_autofree char *label = NULL;
      g_autofree char *squeezed = NULL;

      if (boxes[i]->kind != NPC_LAYOUT_BOX_NODE)
        continue;
      n_nodes++;
      text = g_hash_table_lookup (texts, boxes[i]->id);
      if (text == NULL)
        {
          g_test_fail_printf ("no <g id=\"node-%s\"> in %s", boxes[i]->id, svg);
          continue;
        }
      squeezed = squeeze (text->str);

      label = squeeze (boxes[i]->label);
      if (strstr (squeezed, label) == NULL)
        g_test_fail_printf ("%s: “%s” is not in the text of its group: “%s”", boxes[i]->id,
                            label, text->str);
      if (strstr (text->str, boxes[i]->id) == NULL)
        g_test_fail_printf ("%s: its id is not in the text of its group", boxes[i]->id);
    }
  g_assert_cmpuint (n_nodes, >, 40);
  g_assert_cmpuint (g_hash_table_size (texts), ==, n_nodes);
  g_assert_cmpuint (scan.n_title, ==, n_nodes);
  /* no glyph as a path: the labels are text, not outlines */
  g_assert_null (strstr (contents, "<symbol"));
  g_assert_null (strstr (contents, "<use"));
}

/* The share of pixels whose colour differs by more than limit levels in a channel once both
 * pictures are blurred over 3 × 3 pixels (antialiasing and hinting move edges by less). */
static double
differing_share (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              limit)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guchar *da, *db;
  guint64 differ = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);

  for (int y = 1; y < h - 1; y++)
    for (int x = 1; x < w - 1; x++)
      for (int c = 0; c < 3; c++)
        {
          int suma = 0, sumb = 0;

          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                suma += da[(y + dy) * sa + (x + dx) * 4 + c];
                sumb += db[(y + dy) * sb + (x + dx) * 4 + c];
              }
          if (ABS (suma - sumb) > limit * 9)
            {
              differ++;
              break;
            }
        }
  return (double) differ / ((double) (w - 2) * (h - 2));
}

static cairo_surface_t *
rsvg_png (const char *rsvg,
          const char *svg,
          const char *png)
{
  const char *argv[] = { rsvg, "--format", "png", "--output", png, svg, NULL };
  g_autofree char *err = NULL;
  cairo_surface_t *image;

  if (!run (argv, NULL, &err))
    g_error ("rsvg-convert %s: %s", svg, err);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  return image;
}

#define DIFF_LEVELS 48   /* of 255, after the blur */
#define MAX_SHARE   0.001

static void
test_rsvg_matches_cairo (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(NpcScene) scene = npc_scene_new ();
  g_autofree char *svg = write_svg (f, scene, "svg-compare.svg");
  g_autofree char *cairo_png = out_file ("svg-compare-cairo.png");
  g_autofree char *rsvg_out = out_file ("svg-compare-rsvg.png");
  g_autofree char *no_text = out_file ("svg-compare-no-text.svg");
  g_autofree char *no_text_png = out_file ("svg-compare-no-text-rsvg.png");
  g_autofree char *rsvg = find_tool ("rsvg-convert", "librsvg2-bin");
  g_autofree char *contents = NULL;
  g_autoptr(GString) stripped = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *drawn, *converted, *textless;
  double width, height, share, share_no_text;
  cairo_t *cr;

  if (rsvg == NULL)
    return;

  /* the same scene through the cairo writer, at one pixel per unit as rsvg-convert draws */
  npc_scene_get_size (scene, &width, &height);
  drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                      (int) ceil (height));
  cr = cairo_create (drawn);
  npc_scene_draw_cairo (scene, cr, npc_renderer_get_metrics (f->renderer));
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (drawn, cairo_png), ==, CAIRO_STATUS_SUCCESS);

  converted = rsvg_png (rsvg, svg, rsvg_out);
  share = differing_share (drawn, converted, DIFF_LEVELS);
  g_test_message ("%.3f%% of %s's pixels differ from cairo's (at most %.1f%%)", 100 * share,
                  rsvg_out, 100 * MAX_SHARE);
  g_assert_cmpfloat (share, <=, MAX_SHARE);

  /* the comparison sees the text: without its <text> elements the SVG does not match */
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  stripped = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (stripped, "<text ", "<text display=\"none\" ", 0), >,
                    100);
  g_file_set_contents (no_text, stripped->str, stripped->len, &error);
  g_assert_no_error (error);
  textless = rsvg_png (rsvg, no_text, no_text_png);
  share_no_text = differing_share (drawn, textless, DIFF_LEVELS);
  g_test_message ("without text: %.3f%% differ", 100 * share_no_text);
  g_assert_cmpfloat (share_no_text, >, 5 * MAX_SHARE);

  cairo_surface_destroy (textless);
  cairo_surface_destroy (converted);
  cairo_surface_destroy (drawn);
}

static void
test_chromium (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(NpcScene) scene = npc_scene_new ();
  g_autofree char *svg = write_svg (f, scene, "svg-chromium.svg");
  g_autofree char *chromium = find_tool ("chromium", "chromium");
  g_autofree char *uri = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const NpcLayoutBox *root;

  if (chromium == NULL)
    return;
  uri = g_filename_to_uri (svg, NULL, &error);
  g_assert_no_error (error);
  profile = g_dir_make_tmp ("npc-test-svg-XXXXXX", &error);
  g_assert_no_error (error);
  flag = g_strdup_printf ("--user-data-dir=%s", profile);
  {
    const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", flag, "--dump-dom", uri, NULL };

    if (!run (argv, &out, &err))
      g_error ("chromium: %s", err);
  }
  /* an XML error shows as a page saying so; the document is the SVG, its text text */
  g_assert_null (strstr (out, "parsererror"));
  g_assert_nonnull (strstr (out, "<svg"));
  g_assert_nonnull (strstr (out, "id=\"node-D1\""));
  root = npc_layout_get_boxes (f->layout, NULL)[0];
  g_assert_nonnull (strstr (out, root->label));
}

/* Ids from any node id are valid XML names and stay apart. */
static void
test_xml_ids (void)
{
  static const struct { const char *id, *expected; } cases[] = {
    { "D0", "node-D0" },
    { "LR-RT-SURG-T12", "node-LR-RT-SURG-T12" },
    { "a.b", "node-a.b" },
    { "a_b", "node-a__b" },
    { "a b", "node-a_20b" },
    { "a_20b", "node-a__20b" },
    { "<&\">", "node-_3C_26_22_3E" },
    { "é", "node-_C3_A9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      npc_scene_append_xml_id (s, "node-", cases[i].id);
      g_assert_cmpstr (s->str, ==, cases[i].expected);
    }
}

/* Text and titles are escaped; a tree of odd ids and labels is still a valid document. */
static void
test_escaping (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcRenderer) renderer = npc_renderer_new ();
  g_autoptr(NpcLayout) layout = NULL;
  g_autoptr(NpcScene) scene = npc_scene_new ();
  g_autoptr(GString) svg = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  GMarkupParser parser = { 0 };
  guint root = npc_layout_graph_add_node (graph, "R&D <1>", "Is \"a\" < b & c > d?");

  npc_layout_graph_add_edge (graph, root, npc_layout_graph_add_node (graph, "x y", "a  b"),
                             "<yes> & \"no\"");
  npc_layout_graph_add_edge (graph, root, npc_layout_graph_add_node (graph, "x_y", "鼻咽癌"),
                             NULL);
  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN, npc_renderer_measure,
                                     renderer);
  npc_render_export_build_page (renderer, layout, NULL, NULL, TRUE, scene);
  npc_scene_write_svg (scene, npc_renderer_get_metrics (renderer), svg);

  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, svg->str, svg->len, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg->str, "id=\"node-R_26D_20_3C1_3E\""));
  g_assert_nonnull (strstr (svg->str, "id=\"node-x_20y\""));
  g_assert_nonnull (strstr (svg->str, "id=\"node-x__y\""));
  g_assert_nonnull (strstr (svg->str, "Is &quot;a&quot; &lt; b &amp; c &gt; d?"));
  g_assert_nonnull (strstr (svg->str, "&lt;yes&gt; &amp; &quot;no&quot;"));
  g_assert_nonnull (strstr (svg->str, ">鼻咽癌<"));
  /* two spaces stay two: the document keeps white space */
  g_assert_nonnull (strstr (svg->str, ">a  b<"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/svg/valid", Fixture, &rt2, fixture_setup, test_valid, fixture_teardown);
  g_test_add ("/svg/labels-are-text", Fixture, &rt2, fixture_setup, test_labels_are_text,
              fixture_teardown);
  g_test_add ("/svg/labels-are-text/needs-input", Fixture, &needs_input, fixture_setup,
              test_labels_are_text, fixture_teardown);
  g_test_add ("/svg/rsvg-matches-cairo", Fixture, &rt2, fixture_setup, test_rsvg_matches_cairo,
              fixture_teardown);
  g_test_add ("/svg/rsvg-matches-cairo/needs-input", Fixture, &needs_input, fixture_setup,
              test_rsvg_matches_cairo, fixture_teardown);
  g_test_add ("/svg/rsvg-matches-cairo/needs-input-dark-left-right", Fixture,
              &needs_input_dark_lr, fixture_setup, test_rsvg_matches_cairo, fixture_teardown);
  g_test_add ("/svg/chromium", Fixture, &rt2, fixture_setup, test_chromium, fixture_teardown);
  g_test_add_func ("/svg/xml-ids", test_xml_ids);
  g_test_add_func ("/svg/escaping", test_escaping);

  return g_test_run ();
}
