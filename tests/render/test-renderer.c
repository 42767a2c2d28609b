/* test-renderer.c — the renderer on image surfaces, asserted through its own record
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "npc-core.h"
#include "npc-layout.h"
#include "npc-renderer.h"

typedef struct {
  NpcGuideline *guideline;
  NpcRenderer *renderer;
  NpcLayout *layout;
} Fixture;

static NpcGuideline *
load_mini (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                 "mini-guideline.xml", NULL);
  NpcGuideline *guideline = npc_guideline_new_from_path (path, &error);

  g_assert_no_error (error);
  return guideline;
}

static NpcEvaluation *
evaluate_file (NpcGuideline *guideline,
               const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "render", "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NpcCase) kase = npc_case_new_from_file (file, &error);
  g_autoptr(NpcEngine) engine = NULL;

  g_assert_no_error (error);
  engine = npc_engine_new (guideline);
  return npc_engine_evaluate (engine, kase);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->guideline = load_mini ();
  f->renderer = npc_renderer_new ();
  npc_renderer_set_recording (f->renderer, TRUE);
  f->layout = npc_renderer_layout_guideline (f->renderer, f->guideline,
                                             GPOINTER_TO_INT (data));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->layout);
  g_assert_finalize_object (f->renderer);
  g_assert_finalize_object (f->guideline);
}

/* Draws everything at scale 1 on an image surface; returns the surface. */
static cairo_surface_t *
draw_all (Fixture       *f,
          NpcEvaluation *evaluation,
          const char    *save_as)
{
  NpcLayoutRect bounds;
  cairo_surface_t *surface;
  cairo_t *cr;

  npc_layout_get_bounds (f->layout, &bounds);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) bounds.width + 40,
                                        (int) bounds.height + 40);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 20, 20);
  npc_renderer_draw (f->renderer, cr, f->layout, evaluation, NULL, 1.0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (save_as != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "render", save_as, NULL);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    }
  return surface;
}

static guint
count_ink (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        if ((px & 0xffffff) != 0xffffff)
          n++;
      }
  return n;
}

static const NpcRenderRecord *
record_of (Fixture *f, const char *id)
{
  const NpcLayoutBox *box = npc_layout_find_id (f->layout, id);

  g_assert_nonnull (box);
  return npc_renderer_get_record (f->renderer, box);
}

static void
test_guideline_layout (Fixture *f, gconstpointer data)
{
  const NpcLayoutBox *const *boxes;
  const NpcLayoutBox *d5, *d7;
  guint n, n_nodes, links_to_d7 = 0, links_to_d5 = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  boxes = npc_layout_get_boxes (f->layout, &n);
  npc_guideline_get_nodes (f->guideline, &n_nodes);
  for (guint i = 0; i < n; i++)
    {
      const NpcLayoutBox *b = boxes[i];

      g_assert_nonnull (b->node);
      if (b->kind == NPC_LAYOUT_BOX_NODE)
        {
          /* every node drawn once */
          g_assert_false (g_hash_table_contains (seen, b->node));
          g_hash_table_add (seen, (gpointer) b->node);
          g_assert_true (npc_layout_find_node (f->layout, b->node) == b);
        }
      else
        {
          links_to_d7 += g_str_equal (b->id, "D7");
          links_to_d5 += g_str_equal (b->id, "D5");
          g_assert_true (b->target->node == b->node);
        }
      for (guint j = i + 1; j < n; j++)
        {
          NpcLayoutRect ra = { b->x, b->y, b->width, b->height };
          NpcLayoutRect rb = { boxes[j]->x, boxes[j]->y, boxes[j]->width, boxes[j]->height };
          g_assert_false (npc_layout_rect_intersects (&ra, &rb));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_nodes);
  g_assert_cmpuint (links_to_d7, ==, 1);
  g_assert_cmpuint (links_to_d5, ==, 1);

  /* D5 heads the metastatic branch under D1, not the redirect deep in the tree */
  d5 = npc_layout_find_id (f->layout, "D5");
  g_assert_cmpstr (d5->parent->id, ==, "D1");
  g_assert_cmpstr (d5->branch_label, ==, "Distant metastases");
  /* D7 is drawn at its shallowest entry: under D3 (rT3–rT4), with a link under D6 */
  d7 = npc_layout_find_id (f->layout, "D7");
  g_assert_cmpstr (d7->parent->id, ==, "D3");
  g_assert_cmpuint (npc_layout_find_id (f->layout, "D6")->children[1]->kind, ==,
                    NPC_LAYOUT_BOX_LINK);
}

static void
test_draw_neutral (Fixture *f, gconstpointer data)
{
  cairo_surface_t *surface = draw_all (f, NULL, NULL);
  const NpcLayoutBox *const *boxes;
  guint n;

  g_assert_cmpuint (count_ink (surface), >, 5000);
  boxes = npc_layout_get_boxes (f->layout, &n);
  g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const NpcRenderRecord *r = npc_renderer_get_record (f->renderer, boxes[i]);

      g_assert_nonnull (r);
      g_assert_cmpint (r->style, ==, NPC_RENDER_NEUTRAL);
      g_assert_null (r->tag);
      g_assert_true (r->text_drawn);
    }
  cairo_surface_destroy (surface);
}

static void
test_draw_path (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-surgery.json");
  cairo_surface_t *surface;
  const char *path_ids[] = { "D1", "D2", "D3", "D6" };
  const NpcRenderRecord *r;
  guint n_path;
  const NpcNode *const *path;

  g_assert_cmpint (npc_evaluation_get_outcome (eval), ==, NPC_OUTCOME_RECOMMENDATION);
  surface = draw_all (f, eval, GPOINTER_TO_INT (data) == NPC_LAYOUT_TOP_DOWN
                                 ? "renderer-mini-path.png" : "renderer-mini-path-lr.png");
  g_assert_cmpuint (count_ink (surface), >, 5000);

  /* every node of the evaluation's path is drawn highlighted */
  path = npc_evaluation_get_path (eval, &n_path);
  g_assert_cmpuint (n_path, ==, 5);
  for (guint i = 0; i < n_path; i++)
    {
      r = npc_renderer_get_record (f->renderer, npc_layout_find_node (f->layout, path[i]));
      g_assert_nonnull (r);
      g_assert_true (r->style == NPC_RENDER_PATH || r->style == NPC_RENDER_PRIMARY);
      g_assert_cmpfloat (r->line_width, >=, 3.0);
      g_assert_false (r->dashed);
      g_assert_nonnull (r->tag);
    }
  for (guint i = 0; i < G_N_ELEMENTS (path_ids); i++)
    {
      r = record_of (f, path_ids[i]);
      g_assert_cmpint (r->style, ==, NPC_RENDER_PATH);
      g_assert_cmpint (r->state, ==, NPC_NODE_STATE_ON_PATH);
    }

  r = record_of (f, "OUT-SURG");
  g_assert_cmpint (r->style, ==, NPC_RENDER_PRIMARY);
  g_assert_cmpint (r->state, ==, NPC_NODE_STATE_PRIMARY);
  g_assert_cmpfloat (r->line_width, >, record_of (f, "D1")->line_width);

  r = record_of (f, "OUT-REIRR");
  g_assert_cmpint (r->style, ==, NPC_RENDER_ALTERNATIVE);
  g_assert_true (r->dashed);

  /* off the path: thin, no tag, unless it is a branch not taken */
  r = record_of (f, "OUT-CHEMO");
  g_assert_cmpint (r->style, ==, NPC_RENDER_NOT_REACHED);
  g_assert_cmpfloat (r->line_width, <, 2.0);
  g_assert_null (r->tag);

  cairo_surface_destroy (surface);
}

static void
test_draw_excluded_and_links (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-redirect.json");
  cairo_surface_t *surface = draw_all (f, eval, "renderer-mini-redirect.png");
  const NpcLayoutBox *redirect = npc_layout_find_id (f->layout, "REDIRECT-SYS");
  const NpcRenderRecord *r;
  g_autofree char *words = NULL;

  /* D6 was looked at and found false */
  r = record_of (f, "D6");
  g_assert_cmpint (r->style, ==, NPC_RENDER_EXCLUDED);
  g_assert_true (r->dashed);
  g_assert_nonnull (r->tag);
  words = npc_renderer_describe_box (f->renderer, npc_layout_find_id (f->layout, "D6"), eval);
  g_assert_nonnull (strstr (words, "not taken"));
  g_assert_nonnull (strstr (words, "rT3"));

  /* the redirect's link is on the path; D5, drawn under D1, too */
  g_assert_cmpuint (redirect->n_children, ==, 1);
  r = npc_renderer_get_record (f->renderer, redirect->children[0]);
  g_assert_cmpint (r->box->kind, ==, NPC_LAYOUT_BOX_LINK);
  g_assert_cmpint (r->style, ==, NPC_RENDER_PATH);
  g_assert_cmpint (record_of (f, "D5")->style, ==, NPC_RENDER_PATH);
  g_assert_cmpint (record_of (f, "OUT-NOREC")->style, ==, NPC_RENDER_PRIMARY);

  /* the branch of D1 after the one taken is drawn as not taken, with the reason */
  g_clear_pointer (&words, g_free);
  words = npc_renderer_describe_box (f->renderer, redirect->children[0], eval);
  g_assert_nonnull (strstr (words, "Continue at D5"));
  g_assert_nonnull (strstr (words, "path"));

  cairo_surface_destroy (surface);
}

static void
test_draw_needs_input (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-needs-input.json");
  cairo_surface_t *surface = draw_all (f, eval, "renderer-mini-needs-input.png");
  const NpcRenderRecord *r;
  g_autofree char *words = NULL;

  g_assert_cmpint (npc_evaluation_get_outcome (eval), ==, NPC_OUTCOME_NEEDS_INPUT);
  r = record_of (f, "D3");
  g_assert_cmpint (r->style, ==, NPC_RENDER_STOPPED);
  g_assert_cmpstr (r->tag, ==, "! NEEDS INPUT HERE");
  r = record_of (f, "D6");
  g_assert_cmpint (r->style, ==, NPC_RENDER_UNDETERMINED);
  g_assert_true (r->dashed);
  words = npc_renderer_describe_box (f->renderer, npc_layout_find_id (f->layout, "D3"), eval);
  g_assert_nonnull (strstr (words, "Recurrent T stage"));
  g_assert_nonnull (strstr (words, "needs input"));

  cairo_surface_destroy (surface);
}

static void
test_describe (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-surgery.json");
  g_autofree char *words = NULL;

  words = npc_renderer_describe_box (f->renderer, npc_layout_find_id (f->layout, "OUT-SURG"),
                                     eval);
  g_assert_cmpstr (words, ==,
                   "Endoscopic nasopharyngectomy — suggested, grade 2C, the outcome reached "
                   "for this patient");
  g_clear_pointer (&words, g_free);
  words = npc_renderer_describe_box (f->renderer, npc_layout_find_id (f->layout, "D2"), eval);
  g_assert_cmpstr (words, ==, "Prior radiation therapy? — decision, on this patient's path");
  g_clear_pointer (&words, g_free);
  words = npc_renderer_describe_box (f->renderer, npc_layout_find_id (f->layout, "D5"), eval);
  g_assert_nonnull (strstr (words, "not taken"));
  g_assert_nonnull (strstr (words, "Local recurrence"));
}

static void
test_draw_culled (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-surgery.json");
  const NpcLayoutBox *root = npc_layout_find_id (f->layout, "D1");
  NpcLayoutRect clip = { root->x, root->y, root->width, root->height };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 100, 100);
  cairo_t *cr = cairo_create (surface);
  guint n;

  npc_layout_get_boxes (f->layout, &n);
  npc_renderer_draw (f->renderer, cr, f->layout, eval, &clip, 1.0);
  g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), >=, 1);
  g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), <, n);
  g_assert_nonnull (record_of (f, "D1"));
  g_assert_null (record_of (f, "OUT-SURG"));

  /* zoomed far out, text is left out */
  npc_renderer_draw (f->renderer, cr, f->layout, eval, NULL, 0.05);
  g_assert_false (record_of (f, "D1")->text_drawn);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The picture drawn in 128-pixel tiles, each culled to its clip and recorded apart, as the
 * widget draws it, is the picture drawn whole: culling loses nothing and the tiles meet
 * without seams. Not to the bit: cairo rasterizes a clipped path (a dashed outline, a glyph
 * across a tile's edge) a shade differently, so a few pixels may differ by a few levels; a
 * missing line, box or glyph would differ by far more. */
static void
test_draw_pieces (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) eval = evaluate_file (f->guideline, "mini-redirect.json");
  const double scales[] = { 1.0, 0.61, 1.7 };
  NpcLayoutRect bounds;
  guint n_boxes;

  npc_layout_get_bounds (f->layout, &bounds);
  npc_layout_get_boxes (f->layout, &n_boxes);
  npc_renderer_set_selected (f->renderer, npc_layout_find_id (f->layout, "D6"));
  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      double z = scales[k];
      int w = (int) ceil ((bounds.width + 40) * z), h = (int) ceil ((bounds.height + 40) * z);
      cairo_surface_t *whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_surface_t *tiled = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (whole);
      const int tile = 128;
      guint differ = 0;
      int most = 0;

      /* the model's (-20, -20) at the top-left pixel */
      cairo_scale (cr, z, z);
      cairo_translate (cr, 20, 20);
      npc_renderer_draw (f->renderer, cr, f->layout, eval, NULL, z);
      cairo_destroy (cr);
      g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), ==, n_boxes);

      npc_renderer_forget_drawn (f->renderer);
      g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), ==, 0);
      for (int ty = 0; ty < h; ty += tile)
        for (int tx = 0; tx < w; tx += tile)
          {
            NpcLayoutRect clip = { tx / z - 20, ty / z - 20, tile / z, tile / z };
            cairo_surface_t *recording =
              cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                              &(cairo_rectangle_t) { 0, 0, tile, tile });

            cr = cairo_create (recording);
            cairo_scale (cr, z, z);
            cairo_translate (cr, -clip.x, -clip.y);
            npc_renderer_draw_piece (f->renderer, cr, f->layout, eval, &clip, z);
            cairo_destroy (cr);

            cr = cairo_create (tiled);
            cairo_set_source_surface (cr, recording, tx, ty);
            cairo_paint (cr);
            cairo_destroy (cr);
            cairo_surface_destroy (recording);
          }
      /* every box was drawn, counted once, and the record still knows the selection */
      g_assert_cmpuint (npc_renderer_get_n_drawn (f->renderer), ==, n_boxes);
      g_assert_true (record_of (f, "D6")->selected);

      cairo_surface_flush (whole);
      cairo_surface_flush (tiled);
      for (int y = 0; y < h; y++)
        {
          const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (whole) +
                                                y * cairo_image_surface_get_stride (whole));
          const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (tiled) +
                                                y * cairo_image_surface_get_stride (tiled));

          for (int x = 0; x < w; x++)
            if (a[x] != b[x])
              {
                differ++;
                for (int c = 0; c < 32; c += 8)
                  most = MAX (most, ABS ((int) ((a[x] >> c) & 0xff) -
                                         (int) ((b[x] >> c) & 0xff)));
              }
        }
      g_test_message ("scale %g: %u of %d pixels differ, by %d levels at most", z, differ,
                      w * h, most);
      if (most > 48)
        {
          g_autofree char *pa = g_test_build_filename (G_TEST_BUILT, "render",
                                                       "renderer-pieces-whole.png", NULL);
          g_autofree char *pb = g_test_build_filename (G_TEST_BUILT, "render",
                                                       "renderer-pieces-tiled.png", NULL);

          cairo_surface_write_to_png (whole, pa);
          cairo_surface_write_to_png (tiled, pb);
        }
      g_assert_cmpint (most, <=, 48);
      g_assert_cmpuint (differ, <, (guint) (w * h) / 2000);
      cairo_surface_destroy (whole);
      cairo_surface_destroy (tiled);
    }
}

static void
test_selection_and_palette (Fixture *f, gconstpointer data)
{
  const NpcLayoutBox *d2 = npc_layout_find_id (f->layout, "D2");
  NpcPalette dark;
  cairo_surface_t *surface;

  npc_renderer_set_selected (f->renderer, d2);
  npc_renderer_get_default_palette (TRUE, &dark);
  npc_renderer_set_palette (f->renderer, &dark);
  g_assert_cmpfloat (npc_renderer_get_palette (f->renderer)->background.red, <, 0.3);
  g_assert_cmpfloat (npc_renderer_get_palette (f->renderer)->foreground.red, >, 0.7);
  surface = draw_all (f, NULL, "renderer-mini-dark.png");
  g_assert_true (npc_renderer_get_record (f->renderer, d2)->selected);
  g_assert_false (record_of (f, "D1")->selected);
  cairo_surface_destroy (surface);
}

static void
test_legend (Fixture *f, gconstpointer data)
{
  double w = 0, h = 0;

  npc_renderer_draw_legend (f->renderer, NULL, 0, 0, &w, &h);
  g_assert_cmpfloat (w, >, 200);
  g_assert_cmpfloat (h, >, 100);
}

/* The badges of an outcome say what holds for this patient: a grade the review states for
 * another population is not drawn as the patient's grade. */
static void
test_badges_for_the_patient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline = npc_guideline_new_default (&error);
  g_autoptr(NpcRenderer) renderer = npc_renderer_new ();
  g_autoptr(NpcLayout) layout = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  const char *examples = g_getenv ("NPC_PATHWAY_EXAMPLES");
  struct {
    const char *file;
    const char *badge;
  } cases[] = {
    { "rt4-not-reirradiable.json", "Graded 2B for others" },
    { "metastatic-first-line.json", "Grade 2B" },
  };

  g_assert_no_error (error);
  g_assert_nonnull (examples);
  npc_renderer_set_recording (renderer, TRUE);
  engine = npc_engine_new (guideline);
  layout = npc_renderer_layout_guideline (renderer, guideline, NPC_LAYOUT_TOP_DOWN);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (examples, cases[i].file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(NpcCase) kase = npc_case_new_from_file (file, &error);
      g_autoptr(NpcEvaluation) eval = NULL;
      g_autofree char *description = NULL;
      cairo_surface_t *surface;
      cairo_t *cr;
      const NpcLayoutBox *box;
      const NpcRenderRecord *r;

      g_assert_no_error (error);
      eval = npc_engine_evaluate (engine, kase);
      g_assert_cmpstr (npc_evaluation_get_primary (eval)->id, ==, "M-1L-GP");
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
      cr = cairo_create (surface);
      npc_renderer_draw (renderer, cr, layout, eval, NULL, 1.0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);

      box = npc_layout_find_id (layout, "M-1L-GP");
      r = npc_renderer_get_record (renderer, box);
      g_assert_cmpint (r->style, ==, NPC_RENDER_PRIMARY);
      g_assert_cmpstr (r->grade_badge, ==, cases[i].badge);
      description = npc_renderer_describe_box (renderer, box, eval);
      if (i == 0)
        {
          g_assert_nonnull (strstr (description, "graded 2B by the review for"));
          g_assert_nonnull (strstr (description, "offered"));
        }
      else
        g_assert_nonnull (strstr (description, "grade 2B"));
    }
}

/* While input is needed, the outcomes some answer would still reach are drawn as possible;
 * those no answer can reach any more are not. */
static void
test_possible_outcomes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline = npc_guideline_new_default (&error);
  g_autoptr(NpcRenderer) renderer = npc_renderer_new ();
  g_autoptr(NpcLayout) layout = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  const NpcRenderRecord *r;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_no_error (error);
  eval = evaluate_file (guideline, "npc-needs-input.json");
  g_assert_cmpint (npc_evaluation_get_outcome (eval), ==, NPC_OUTCOME_NEEDS_INPUT);
  npc_renderer_set_recording (renderer, TRUE);
  layout = npc_renderer_layout_guideline (renderer, guideline, NPC_LAYOUT_TOP_DOWN);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cr = cairo_create (surface);
  npc_renderer_draw (renderer, cr, layout, eval, NULL, 1.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* rT3-rT4 would lead to reirradiation, rT1-rT2 to surgery */
  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "LR-RT-REIRR"));
  g_assert_cmpint (r->style, ==, NPC_RENDER_UNDETERMINED);
  g_assert_cmpstr (r->tag, ==, "? POSSIBLE OUTCOME");
  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "LR-RT-SURG-T12"));
  g_assert_cmpint (r->style, ==, NPC_RENDER_UNDETERMINED);
  /* the rT3-rT4 branch after the open one: some answer would still take it */
  {
    const NpcLayoutBox *d8 = npc_layout_find_id (layout, "D8");
    gboolean found = FALSE;

    g_assert_nonnull (d8);
    for (guint i = 0; i < d8->n_children; i++)
      if (d8->children[i]->branch == 1)
        {
          r = npc_renderer_get_record (renderer, d8->children[i]);
          g_assert_cmpint (r->style, ==, NPC_RENDER_UNDETERMINED);
          found = TRUE;
        }
    g_assert_true (found);
  }
  /* prior RT is known: what follows "no prior RT" is out of reach */
  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "LR-NORT-DECLINED"));
  g_assert_cmpint (r->style, !=, NPC_RENDER_UNDETERMINED);
  /* the resection is known to be possible, so neck dissection for a neck-only relapse is not */
  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "LR-RT-NECK"));
  g_assert_cmpint (r->style, !=, NPC_RENDER_UNDETERMINED);
}

/* The record is for tests: a renderer keeps none unless asked (NPC_PATHWAY_DEBUG is not set
 * here), and draws the same without it. */
static void
test_no_record_by_default (void)
{
  g_autoptr(NpcGuideline) guideline = load_mini ();
  g_autoptr(NpcRenderer) renderer = npc_renderer_new ();
  g_autoptr(NpcLayout) layout = npc_renderer_layout_guideline (renderer, guideline,
                                                               NPC_LAYOUT_TOP_DOWN);
  const NpcLayoutBox *const *boxes;
  cairo_surface_t *plain, *recorded;
  guint n = 0;
  cairo_t *cr;

  g_assert_null (g_getenv ("NPC_PATHWAY_DEBUG"));
  boxes = npc_layout_get_boxes (layout, &n);
  g_assert_cmpuint (n, >, 0);
  plain = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (plain);
  npc_renderer_draw (renderer, cr, layout, NULL, NULL, 1.0);
  cairo_destroy (cr);
  g_assert_cmpuint (npc_renderer_get_n_drawn (renderer), ==, 0);
  for (guint i = 0; i < n; i++)
    g_assert_null (npc_renderer_get_record (renderer, boxes[i]));

  npc_renderer_set_recording (renderer, TRUE);
  recorded = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (recorded);
  npc_renderer_draw (renderer, cr, layout, NULL, NULL, 1.0);
  cairo_destroy (cr);
  g_assert_cmpuint (npc_renderer_get_n_drawn (renderer), ==, n);
  g_assert_nonnull (npc_renderer_get_record (renderer, boxes[0]));
  cairo_surface_flush (plain);
  cairo_surface_flush (recorded);
  g_assert_cmpmem (cairo_image_surface_get_data (plain),
                   cairo_image_surface_get_stride (plain) * 300,
                   cairo_image_surface_get_data (recorded),
                   cairo_image_surface_get_stride (recorded) * 300);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (recorded);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, o) \
  g_test_add (path, Fixture, GINT_TO_POINTER (o), fixture_setup, func, fixture_teardown)

  ADD ("/renderer/guideline-layout", test_guideline_layout, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/guideline-layout-lr", test_guideline_layout, NPC_LAYOUT_LEFT_RIGHT);
  ADD ("/renderer/neutral", test_draw_neutral, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/path", test_draw_path, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/path-lr", test_draw_path, NPC_LAYOUT_LEFT_RIGHT);
  ADD ("/renderer/excluded-and-links", test_draw_excluded_and_links, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/needs-input", test_draw_needs_input, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/describe", test_describe, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/culled", test_draw_culled, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/pieces", test_draw_pieces, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/pieces-lr", test_draw_pieces, NPC_LAYOUT_LEFT_RIGHT);
  ADD ("/renderer/selection-and-palette", test_selection_and_palette, NPC_LAYOUT_TOP_DOWN);
  ADD ("/renderer/legend", test_legend, NPC_LAYOUT_TOP_DOWN);
  g_test_add_func ("/renderer/badges-for-the-patient", test_badges_for_the_patient);
  g_test_add_func ("/renderer/possible-outcomes", test_possible_outcomes);
  g_test_add_func ("/renderer/no-record-by-default", test_no_record_by_default);

  return g_test_run ();
}
