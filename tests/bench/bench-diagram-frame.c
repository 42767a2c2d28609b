/* bench-diagram-frame.c — frame time while panning, zooming and following the patient
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb with GSK_RENDERER=cairo. A frame is timed from the frame clock's "before-paint"
 * to its "after-paint": snapshot, culling, the renderer and GSK's cairo renderer, which under
 * X11 includes copying what changed to the window. Each line gives the time on the clock and
 * the CPU time of the thread (what the frame costs, whatever else runs on the machine), the
 * median, the 95th percentile and the worst. Budget: a frame under 8 ms (judged on the CPU
 * time of 95 % of the frames).
 *
 * The first three lines pan from the top of the tree, where the view at zoom 1 holds little
 * but the long lines between the widely spread upper levels; they are the measurements made
 * before the view kept its picture in tiles. The lines "over the leaves" pan where boxes and
 * text fill the view, so that every pixel changes in every frame. "zoom steps" changes the
 * zoom in every frame, so every frame draws the whole view anew (as a change of evaluation,
 * selection or style does once). The line "across the NPC guideline" pans across it with a
 * case's path highlighted, where boxes and text fill the view.
 *
 * The "follow" lines time the frames while the view moves to follow the patient: on the NPC
 * guideline, after each edit of a case from examples/ that moves its path between the
 * locoregional and the metastatic part (the view zooms and pans, and the boxes whose state
 * changed get their halo, so that every frame draws the whole view anew); on the 5,000-node
 * tree, the same animation between two leaves far apart. Each also gives how many frames
 * were painted after the change up to and including the first in which the view had moved
 * (the budget: the first one) and the time from the change to that frame.
 *
 * An argument runs only the lines whose name contains it ("leaves", "zoom 1.0"), for profiling.
 */

#define G_LOG_DOMAIN "bench-diagram-frame"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "npc-core.h"
#include "npc-diagram-view.h"
#include "npc-test-tree.h"

#define N_FRAMES 120
#define BUDGET   8.0

static const char *only;
static gint64 frame_start;
static double frame_cpu_start;
static double frame_ms[N_FRAMES + 8];
static double frame_cpu_ms[N_FRAMES + 8];
static guint n_frames;
static guint n_painted;
static gboolean recording;

/* following: the view before the change, and when the view was first seen moved */
static NpcDiagramViewport *watched;
static double watched_zoom, watched_x, watched_y;
static gboolean waiting_for_move;
static guint frames_to_move;
static gint64 change_time;
static double move_ms;

/* The CPU time of this thread, in ms: what a frame costs whatever else the machine runs. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  frame_start = g_get_monotonic_time ();
  frame_cpu_start = thread_cpu_ms ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  n_painted++;
  if (recording && n_frames < G_N_ELEMENTS (frame_ms))
    {
      frame_cpu_ms[n_frames] = thread_cpu_ms () - frame_cpu_start;
      frame_ms[n_frames++] = (g_get_monotonic_time () - frame_start) / 1000.0;
    }
  if (waiting_for_move)
    {
      frames_to_move++;
      if (npc_diagram_viewport_get_zoom (watched) != watched_zoom ||
          npc_diagram_viewport_get_origin_x (watched) != watched_x ||
          npc_diagram_viewport_get_origin_y (watched) != watched_y)
        {
          waiting_for_move = FALSE;
          move_ms = (g_get_monotonic_time () - change_time) / 1000.0;
        }
    }
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
  qsort (frame_cpu_ms, n_frames, sizeof (double), cmp_double);
  printf ("%-50s %u frames: median %6.2f ms  p95 %6.2f ms  worst %6.2f ms; "
          "CPU median %5.2f  p95 %5.2f  worst %5.2f ms%s\n", name, n_frames,
          frame_ms[n_frames / 2], frame_ms[n_frames * 95 / 100], frame_ms[n_frames - 1],
          frame_cpu_ms[n_frames / 2], frame_cpu_ms[n_frames * 95 / 100],
          frame_cpu_ms[n_frames - 1],
          frame_cpu_ms[n_frames * 95 / 100] <= BUDGET ? "  (within budget)" : "  OVER BUDGET");
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

/* Frames for the next ms milliseconds (the frame clock paces them). */
static void
spin_for (GtkWidget *view,
          guint      ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    spin_frame (view);
}

typedef void (*ChangeFunc) (GtkWidget *view, guint i, gpointer data);

#define N_CHANGES   12
#define ANIMATE_MS  500 /* the move takes 320 ms, the halo 450 ms */

/* Times the frames while the view animates after each of N_CHANGES changes, and the delay
 * from a change to the first frame in which the view has moved. */
static void
follow (GtkWidget  *view,
        const char *name,
        ChangeFunc  change,
        gpointer    data)
{
  NpcDiagramViewport *viewport = npc_diagram_view_get_viewport (NPC_DIAGRAM_VIEW (view));
  guint most_frames = 0, late = 0;
  double most_ms = 0;
  char line[128];

  if (only != NULL && strstr (name, only) == NULL)
    return;
  change (view, 0, data);
  spin_for (view, ANIMATE_MS + 200);

  watched = viewport;
  n_frames = 0;
  for (guint i = 1; i <= N_CHANGES; i++)
    {
      watched_zoom = npc_diagram_viewport_get_zoom (viewport);
      watched_x = npc_diagram_viewport_get_origin_x (viewport);
      watched_y = npc_diagram_viewport_get_origin_y (viewport);
      frames_to_move = 0;
      move_ms = -1;
      change_time = g_get_monotonic_time ();
      waiting_for_move = TRUE;
      change (view, i, data);
      recording = TRUE;
      spin_for (view, ANIMATE_MS);
      recording = FALSE;
      if (waiting_for_move)
        {
          g_printerr ("%s: change %u did not move the view\n", name, i);
          exit (1);
        }
      most_frames = MAX (most_frames, frames_to_move);
      most_ms = MAX (most_ms, move_ms);
      late += frames_to_move > 1;
      /* the view comes to rest before the next change */
      spin_for (view, 200);
    }
  watched = NULL;
  report (name);
  g_snprintf (line, sizeof line, "  %s: first frame that moved", name);
  printf ("%-50s after %u changes: at most frame %u after the change, %.1f ms%s\n", line,
          N_CHANGES, most_frames, most_ms,
          late == 0 ? "  (within budget)" : "  OVER BUDGET");
}

/* The generated tree: the view goes between a leaf at zoom 1 and one far off at zoom 0.8, as
 * following the patient goes from one outcome to another. */
typedef struct {
  const NpcLayoutBox *from, *to;
} TreeMove;

static void
tree_change (GtkWidget *view,
             guint      i,
             gpointer   data)
{
  TreeMove *move = data;
  const NpcLayoutBox *box = i % 2 == 0 ? move->from : move->to;

  npc_diagram_view_animate_to (NPC_DIAGRAM_VIEW (view), i % 2 == 0 ? 1.0 : 0.8,
                               box->x + box->width / 2, box->y + box->height / 2);
}

/* The NPC guideline: the case as it is, and edited into the metastatic part. */
static void
case_change (GtkWidget *view,
             guint      i,
             gpointer   data)
{
  NpcEvaluation **evaluations = data;

  npc_diagram_view_set_evaluation (NPC_DIAGRAM_VIEW (view), evaluations[i % 2]);
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
  {
    const NpcLayoutBox *const *boxes;
    TreeMove move;
    guint n = 0;

    /* the last box (a deep leaf at the right) and the leaf at the left of its level */
    boxes = npc_layout_get_boxes (layout, &n);
    move.to = boxes[n - 1];
    move.from = move.to;
    for (guint i = 0; i < n; i++)
      if (boxes[i]->y == move.to->y && boxes[i]->x < move.from->x)
        move.from = boxes[i];
    g_assert_true (move.from != move.to);
    follow (view, "follow on the 5000-node tree (animated)", tree_change, &move);
  }

  {
    const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");
    const char *examples = g_getenv ("NPC_PATHWAY_EXAMPLES");
    g_autoptr(GError) error = NULL;
    g_autoptr(NpcGuideline) guideline = NULL;
    g_autoptr(NpcCase) kase = NULL;
    g_autoptr(NpcCase) edited = NULL;
    g_autoptr(NpcEngine) engine = NULL;
    g_autoptr(NpcEvaluation) evaluation = NULL;
    g_autofree char *case_path = NULL;
    g_autoptr(GFile) file = NULL;
    NpcEvaluation *evaluations[2];

    /* the bundled guideline and the examples are always there */
    if (path == NULL || examples == NULL)
      {
        g_printerr ("NPC_PATHWAY_GUIDELINE and NPC_PATHWAY_EXAMPLES must be set\n");
        return 1;
      }
    guideline = npc_guideline_new_from_path (path, &error);
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

    /* rT2 resectable (locoregional, surgery), then the same patient found metastatic */
    case_path = g_build_filename (examples, "rt2-resectable.json", NULL);
    file = g_file_new_for_path (case_path);
    g_clear_object (&kase);
    kase = npc_case_new_from_file (file, &error);
    g_assert_no_error (error);
    edited = npc_case_copy (kase);
    {
      static const char *const locoregional[] = {
        "recurrence_site", "recurrent_t_stage", "resectable", "surgical_candidate",
        "declines_surgery", "reirradiation_candidate",
      };

      for (guint i = 0; i < G_N_ELEMENTS (locoregional); i++)
        npc_case_unset (edited, locoregional[i]);
    }
    npc_case_set_string (edited, "disease_setting", "metastatic");
    npc_case_set_string (edited, "metastatic_presentation", "metachronous");
    npc_case_set_boolean (edited, "oligometastatic", FALSE);
    npc_case_set_string (edited, "performance_status", "good");
    npc_case_set_string (edited, "prior_systemic_therapy_rm", "none");
    npc_case_set_boolean (edited, "fit_for_combination_chemo", TRUE);
    npc_case_set_boolean (edited, "gem_cis_eligible", TRUE);
    npc_case_set_boolean (edited, "interested_in_chemo_immunotherapy", TRUE);
    evaluations[0] = npc_engine_evaluate (engine, kase);
    evaluations[1] = npc_engine_evaluate (engine, edited);
    {
      guint n0 = 0, n1 = 0;
      const NpcNode *const *p0 = npc_evaluation_get_path (evaluations[0], &n0);
      const NpcNode *const *p1 = npc_evaluation_get_path (evaluations[1], &n1);

      g_assert_true (n0 > 0 && n1 > 0 && p0[n0 - 1] != p1[n1 - 1]);
      printf ("# NPC guideline: %s (%s) and, edited, %s (%s)\n", p0[n0 - 1]->id,
              npc_outcome_type_to_string (npc_evaluation_get_outcome (evaluations[0])),
              p1[n1 - 1]->id,
              npc_outcome_type_to_string (npc_evaluation_get_outcome (evaluations[1])));
    }
    npc_diagram_view_follow_patient (NPC_DIAGRAM_VIEW (view), FALSE);
    follow (view, "follow on the NPC guideline after an edit", case_change, evaluations);
    g_object_unref (evaluations[0]);
    g_object_unref (evaluations[1]);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
