/* bench-diagram.c — layout and full redraw of the NPC tree and of a 5,000-node tree
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints one line per measurement: name, median and best time over the runs.
 * Budgets (DESIGN.md and the diagram issue): layout of 5,000 nodes under 10 ms.
 *
 * Box sizes come from the renderer's text cache: "first" is a layout by a new renderer (an
 * empty cache, as when the application starts or the font changes), "again" a layout by a
 * renderer that has laid the tree out before (a new case, a change of orientation). "pango
 * per text" is how boxes were measured before the cache, for comparison.
 */

#define G_LOG_DOMAIN "bench-diagram"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "npc-core.h"
#include "npc-layout.h"
#include "npc-renderer.h"
#include "npc-renderer-private.h"
#include "npc-test-tree.h"

#define RUNS 21

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *name, double *ms, guint n, double budget)
{
  qsort (ms, n, sizeof (double), cmp_double);
  printf ("%-44s median %8.3f ms   best %8.3f ms   worst %8.3f ms%s\n", name, ms[n / 2], ms[0],
          ms[n - 1], budget > 0 ? (ms[n / 2] <= budget ? "   (within budget)" : "   OVER BUDGET")
                                : "");
}

/* renderer NULL: a new renderer for every run, made outside the time measured. */
static void
bench_layout_graph (NpcRenderer *renderer, NpcLayoutGraph *graph, const char *name,
                    NpcLayoutMeasureFunc measure, double budget)
{
  double ms[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(NpcRenderer) fresh = renderer == NULL ? npc_renderer_new () : NULL;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN,
                                                              measure,
                                                              fresh != NULL ? fresh : renderer);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  report (name, ms, RUNS, budget);
}

/* A fixed size per box: the layout algorithm alone, without text measurement. */
static void
measure_fixed (const NpcLayoutBox *box, double *w, double *h, gpointer data)
{
  *w = 60 + 7 * (strlen (box->label) % 24);
  *h = 48;
}

static void
bench_draw (NpcRenderer *renderer, NpcLayout *layout, NpcEvaluation *evaluation,
            const char *name, double view_w, double view_h, double zoom, double budget)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view_w,
                                                         (int) view_h);
  NpcLayoutRect bounds;
  double ms[RUNS];

  npc_layout_get_bounds (layout, &bounds);
  for (guint i = 0; i < RUNS; i++)
    {
      cairo_t *cr = cairo_create (surface);
      /* zoom 0: the whole diagram in the view */
      double z = zoom > 0 ? zoom : MIN (view_w / bounds.width, view_h / bounds.height);
      NpcLayoutRect clip = { bounds.width / 2 + i * 40, bounds.height / 3, view_w / z,
                             view_h / z };
      gint64 t0;

      if (zoom <= 0)
        clip = bounds;
      t0 = g_get_monotonic_time ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, z, z);
      cairo_translate (cr, -clip.x, -clip.y);
      npc_renderer_draw (renderer, cr, layout, evaluation, &clip, z);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  report (name, ms, RUNS, budget);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_autoptr(NpcRenderer) renderer = npc_renderer_new ();
  g_autoptr(NpcLayoutGraph) big = npc_test_random_tree (5000, 2026);
  g_autoptr(NpcLayout) big_layout = NULL;
  const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");

  printf ("# diagram benchmarks, %d runs each\n", RUNS);

  bench_layout_graph (renderer, big, "layout 5000 nodes (fixed sizes)", measure_fixed, 10);
  bench_layout_graph (NULL, big, "layout 5000 nodes (text measured, first)",
                      npc_renderer_measure, 10);
  bench_layout_graph (renderer, big, "layout 5000 nodes (text measured, again)",
                      npc_renderer_measure, 10);
  bench_layout_graph (renderer, big, "layout 5000 nodes (pango per text, before)",
                      npc_renderer_measure_with_layouts, 0);

  big_layout = npc_layout_new_for_graph (big, 0, NPC_LAYOUT_TOP_DOWN, npc_renderer_measure,
                                         renderer);
  bench_draw (renderer, big_layout, NULL, "draw 5000 nodes, 1280x800 view at zoom 1", 1280,
              800, 1.0, 8);
  bench_draw (renderer, big_layout, NULL, "draw 5000 nodes, whole tree in 1280x800", 1280, 800,
              0, 0);

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcGuideline) guideline = npc_guideline_new_from_path (path, &error);
      g_autoptr(NpcLayout) layout = NULL;
      g_autoptr(NpcCase) kase = npc_case_new (npc_guideline_get_id (guideline));
      g_autoptr(NpcEngine) engine = npc_engine_new (guideline);
      g_autoptr(NpcEvaluation) evaluation = NULL;
      double ms[RUNS];

      g_assert_no_error (error);
      for (guint i = 0; i < RUNS; i++)
        {
          g_autoptr(NpcRenderer) fresh = npc_renderer_new ();
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(NpcLayout) l = npc_renderer_layout_guideline (fresh, guideline,
                                                                   NPC_LAYOUT_TOP_DOWN);
          ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      report ("layout NPC guideline (text measured, first)", ms, RUNS, 10);
      for (guint i = 0; i < RUNS; i++)
        {
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(NpcLayout) l = npc_renderer_layout_guideline (renderer, guideline,
                                                                   NPC_LAYOUT_TOP_DOWN);
          ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      report ("layout NPC guideline (text measured, again)", ms, RUNS, 10);
      for (guint i = 0; i < RUNS; i++)
        {
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(NpcLayout) l = npc_layout_new (guideline, NPC_LAYOUT_TOP_DOWN,
                                                   npc_renderer_measure_with_layouts, renderer);
          ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      report ("layout NPC guideline (pango per text, before)", ms, RUNS, 0);

      npc_case_set_string (kase, "disease_setting", "metastatic");
      npc_case_set_string (kase, "prior_systemic_therapy_rm", "platinum_based_chemo");
      npc_case_set_string (kase, "response_to_initial_chemo", "PD");
      evaluation = npc_engine_evaluate (engine, kase);
      layout = npc_renderer_layout_guideline (renderer, guideline, NPC_LAYOUT_TOP_DOWN);
      bench_draw (renderer, layout, evaluation, "draw NPC guideline, whole tree at zoom 1",
                  3900, 1700, 1.0, 0);
      bench_draw (renderer, layout, evaluation, "draw NPC guideline, 1280x800 view at zoom 1",
                  1280, 800, 1.0, 8);
    }
  else
    {
      /* the bundled guideline is always there */
      g_printerr ("NPC guideline not found (NPC_PATHWAY_GUIDELINE)\n");
      return 1;
    }

  return 0;
}
