/* bench-diagram-frame.c — frame time while panning a 5,000-node diagram (cairo renderer)
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb with GSK_RENDERER=cairo. A frame is timed from the frame clock's "before-paint"
 * to its "after-paint": snapshot, culling, the renderer and GSK's cairo renderer.
 * Budget: a frame under 8 ms.
 */

#define G_LOG_DOMAIN "bench-diagram-frame"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "npc-diagram-view.h"

#define N_FRAMES 120

static gint64 frame_start;
static double frame_ms[N_FRAMES + 8];
static guint n_frames;
static gboolean recording;

static void
on_layout (GdkFrameClock *clock, gpointer data)
{
  frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  if (recording && n_frames < G_N_ELEMENTS (frame_ms))
    frame_ms[n_frames++] = (g_get_monotonic_time () - frame_start) / 1000.0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
spin_frame (GtkWidget *widget)
{
  guint start = n_frames;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (n_frames == start && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
run (GtkWidget *view, const char *name, double zoom)
{
  NpcLayoutRect bounds;
  double x, y;

  npc_layout_get_bounds (npc_diagram_view_get_layout (NPC_DIAGRAM_VIEW (view)), &bounds);
  npc_diagram_view_set_zoom (NPC_DIAGRAM_VIEW (view), zoom);
  x = bounds.width / 2;
  y = 0;
  npc_diagram_view_set_origin (NPC_DIAGRAM_VIEW (view), x, y);
  for (guint i = 0; i < 5; i++)
    spin_frame (view);

  n_frames = 0;
  recording = TRUE;
  for (guint i = 0; i < N_FRAMES; i++)
    {
      /* pan: 24 pixels a frame to the right and a little down */
      x += 24 / zoom;
      y += (i % 40 < 20 ? 6 : -6) / zoom;
      npc_diagram_view_set_origin (NPC_DIAGRAM_VIEW (view), x, y);
      spin_frame (view);
    }
  recording = FALSE;

  qsort (frame_ms, n_frames, sizeof (double), cmp_double);
  printf ("%-46s %u frames: median %6.2f ms  p95 %6.2f ms  worst %6.2f ms%s\n", name, n_frames,
          frame_ms[n_frames / 2], frame_ms[n_frames * 95 / 100], frame_ms[n_frames - 1],
          frame_ms[n_frames / 2] <= 8 ? "  (within budget)" : "  OVER BUDGET");
}

int
main (int argc, char **argv)
{
  GtkWidget *window, *view;
  GdkFrameClock *clock;
  g_autoptr(NpcLayoutGraph) graph = NULL;
  g_autoptr(NpcLayout) layout = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE); /* no session bus under Xvfb */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = npc_diagram_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_width (view) <= 0)
    g_main_context_iteration (NULL, TRUE);

  graph = npc_layout_graph_new_random_tree (5000, 2026);
  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN, npc_renderer_measure,
                                     npc_diagram_view_get_renderer (NPC_DIAGRAM_VIEW (view)));
  npc_diagram_view_set_layout (NPC_DIAGRAM_VIEW (view), layout);

  clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_layout), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  printf ("# frame time while panning a 5000-node diagram in a %dx%d view, GSK_RENDERER=%s\n",
          gtk_widget_get_width (view), gtk_widget_get_height (view), g_getenv ("GSK_RENDERER"));
  run (view, "pan at zoom 1.0 (text drawn)", 1.0);
  run (view, "pan at zoom 0.5 (text drawn)", 0.5);
  run (view, "pan at zoom 0.2 (boxes only)", 0.2);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
