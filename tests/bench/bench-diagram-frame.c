/* bench-diagram-frame.c — frame time while panning a 5,000-node diagram (cairo renderer)
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb with GSK_RENDERER=cairo. A frame is timed from the frame clock's "before-paint"
 * to its "after-paint": snapshot, culling, the renderer and GSK's cairo renderer, which under
 * X11 includes copying what changed to the window. Budget: a frame under 8 ms.
 *
 * The first three lines pan from the top of the tree, where the view at zoom 1 holds little
 * but the long lines between the widely spread upper levels; they are the measurements made
 * before the view kept its picture in tiles. The lines "over the leaves" pan where boxes and
 * text fill the view, so that every pixel changes in every frame. "zoom steps" changes the
 * zoom in every frame, so every frame draws the whole view anew (as a change of evaluation,
 * selection or style does once). The last line pans across the NPC guideline with a case's
 * path highlighted, where boxes and text fill the view.
 *
 * An argument runs only the lines whose name contains it ("leaves", "zoom 1.0"), for profiling.
 */

#define G_LOG_DOMAIN "bench-diagram-frame"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npc-core.h"
#include "npc-diagram-view.h"
#include "npc-test-tree.h"

#define N_FRAMES 120
#define BUDGET   8.0

static const char *only;
static gint64 frame_start;
static double frame_ms[N_FRAMES + 8];
static guint n_frames;
static guint n_painted;
static gboolean recording;

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  n_painted++;
  if (recording && n_frames < G_N_ELEMENTS (frame_ms))
    frame_ms[n_frames++] = (g_get_monotonic_time () - frame_start) / 1000.0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for the next frame without spinning: a busy loop would take a core from Xvfb. */
static void
spin_frame (GtkWidget *widget)
{
  guint start = n_painted;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (100, wake_up, NULL);

  gtk_widget_queue_draw (widget);
  while (n_painted == start && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
report (const char *name)
{
  qsort (frame_ms, n_frames, sizeof (double), cmp_double);
  printf ("%-50s %u frames: median %6.2f ms  p95 %6.2f ms  worst %6.2f ms%s\n", name, n_frames,
          frame_ms[n_frames / 2], frame_ms[n_frames * 95 / 100], frame_ms[n_frames - 1],
          frame_ms[n_frames / 2] <= BUDGET ? "  (within budget)" : "  OVER BUDGET");
}

/* Pans from (x, y) (model units at the view's top-left) 24 pixels a frame to the right and
 * a little up and down. */
static void
pan (GtkWidget  *view,
     const char *name,
     double      zoom,
     double      x,
     double      y)
{
  if (only != NULL && strstr (name, only) == NULL)
    return;
  npc_diagram_view_set_zoom (NPC_DIAGRAM_VIEW (view), zoom);
  npc_diagram_view_set_origin (NPC_DIAGRAM_VIEW (view), x, y);
  for (guint i = 0; i < 5; i++)
    spin_frame (view);

  n_frames = 0;
  recording = TRUE;
  for (guint i = 0; i < N_FRAMES; i++)
    {
      x += 24 / zoom;
      y += (i % 40 < 20 ? 6 : -6) / zoom;
      npc_diagram_view_set_origin (NPC_DIAGRAM_VIEW (view), x, y);
      spin_frame (view);
    }
  recording = FALSE;
  report (name);
}

/* Zooms in and out by 5 % a frame around the middle of the view, over the leaves. */
static void
zoom_steps (GtkWidget  *view,
            const char *name,
            double      x,
            double      y)
{
  double zoom = 1.0;

  if (only != NULL && strstr (name, only) == NULL)
    return;
  npc_diagram_view_set_zoom (NPC_DIAGRAM_VIEW (view), zoom);
  npc_diagram_view_set_origin (NPC_DIAGRAM_VIEW (view), x, y);
  for (guint i = 0; i < 5; i++)
    spin_frame (view);

  n_frames = 0;
  recording = TRUE;
  for (guint i = 0; i < N_FRAMES; i++)
    {
      zoom *= i % 40 < 20 ? 1.05 : 1 / 1.05;
      npc_diagram_view_set_zoom (NPC_DIAGRAM_VIEW (view), zoom);
      spin_frame (view);
    }
  recording = FALSE;
  report (name);
}

int
main (int argc, char **argv)
{
  GtkWidget *window, *view;
  GdkFrameClock *clock;
  g_autoptr(NpcLayoutGraph) graph = NULL;
  g_autoptr(NpcLayout) layout = NULL;
  NpcLayoutRect bounds;
  double leaves;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE); /* no session bus under Xvfb */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  only = argc > 1 ? argv[1] : NULL;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = npc_diagram_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_width (view) <= 0)
    g_main_context_iteration (NULL, TRUE);

  graph = npc_test_random_tree (5000, 2026);
  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN, npc_renderer_measure,
                                     npc_diagram_view_get_renderer (NPC_DIAGRAM_VIEW (view)));
  npc_diagram_view_set_layout (NPC_DIAGRAM_VIEW (view), layout);
  npc_layout_get_bounds (layout, &bounds);

  clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  printf ("# frame time in a %dx%d view of a 5000-node diagram, GSK_RENDERER=%s; budget %g ms\n",
          gtk_widget_get_width (view), gtk_widget_get_height (view), g_getenv ("GSK_RENDERER"),
          BUDGET);
  pan (view, "pan at zoom 1.0 (text drawn)", 1.0, bounds.width / 2, 0);
  pan (view, "pan at zoom 0.5 (text drawn)", 0.5, bounds.width / 2, 0);
  pan (view, "pan at zoom 0.2 (boxes only)", 0.2, bounds.width / 2, 0);

  /* the deepest levels, a third of the way along */
  leaves = bounds.height - 800;
  pan (view, "pan at zoom 1.0 over the leaves", 1.0, bounds.width / 3, leaves);
  pan (view, "pan at zoom 0.5 over the leaves", 0.5, bounds.width / 3, leaves - 800);
  zoom_steps (view, "zoom steps of 5% over the leaves (redrawn)", bounds.width / 3, leaves);

  if (g_getenv ("NPC_PATHWAY_GUIDELINE") != NULL &&
      g_file_test (g_getenv ("NPC_PATHWAY_GUIDELINE"), G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcGuideline) guideline =
        npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"), &error);
      g_autoptr(NpcCase) kase = NULL;
      g_autoptr(NpcEngine) engine = NULL;
      g_autoptr(NpcEvaluation) evaluation = NULL;

      g_assert_no_error (error);
      kase = npc_case_new (npc_guideline_get_id (guideline));
      engine = npc_engine_new (guideline);
      npc_case_set_string (kase, "disease_setting", "metastatic");
      npc_case_set_string (kase, "prior_systemic_therapy_rm", "platinum_based_chemo");
      npc_case_set_string (kase, "response_to_initial_chemo", "PD");
      evaluation = npc_engine_evaluate (engine, kase);
      npc_diagram_view_set_guideline (NPC_DIAGRAM_VIEW (view), guideline);
      npc_diagram_view_set_evaluation (NPC_DIAGRAM_VIEW (view), evaluation);
      pan (view, "pan at zoom 1.0 across the NPC guideline", 1.0, 0, 300);
    }
  else
    printf ("# NPC guideline not found (NPC_PATHWAY_GUIDELINE); its line skipped\n");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
