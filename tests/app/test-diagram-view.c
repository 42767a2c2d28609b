/* test-diagram-view.c — the diagram widget under Xvfb: zoom, pan, keyboard, selection
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gestures are tested by emitting their controllers' signals, as libshumate's tests do; keys
 * through the view's own key bindings, as a key press would reach them. Screenshots go to the
 * build folder (tests/app/widget-*.png).
 */

#define G_LOG_DOMAIN "test-diagram-view"

#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <math.h>

#include "npc-core.h"
#include "npc-diagram-node.h"
#include "npc-diagram-view.h"

typedef struct {
  GtkWindow *window;
  NpcDiagramView *view;
  NpcGuideline *guideline;
  NpcEvaluation *evaluation;
  GPtrArray *selected; /* ids from ::node-selected */
} Fixture;

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

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main loop until the widget has painted a new frame (or 5 s have passed). */
static void
wait_for_frame (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_up, NULL);
  GdkFrameClock *clock;
  gint64 target;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  clock = gtk_widget_get_frame_clock (widget);
  target = gdk_frame_clock_get_frame_counter (clock) + 1;
  gtk_widget_queue_draw (widget);
  while (gdk_frame_clock_get_frame_counter (clock) < target &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* and let the frame finish painting */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (wake);
}

static void
on_node_selected (NpcDiagramView *view,
                  const char     *id,
                  Fixture        *f)
{
  g_ptr_array_add (f->selected, g_strdup (id));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                 "mini-guideline.xml", NULL);

  f->guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  f->evaluation = evaluate_file (f->guideline, "mini-surgery.json");
  f->selected = g_ptr_array_new_with_free_func (g_free);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 600);
  f->view = NPC_DIAGRAM_VIEW (npc_diagram_view_new ());
  g_signal_connect (f->view, "node-selected", G_CALLBACK (on_node_selected), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  npc_diagram_view_set_guideline (f->view, f->guideline);
  npc_diagram_view_set_evaluation (f->view, f->evaluation);
  gtk_window_present (f->window);
  wait_for_frame (GTK_WIDGET (f->view));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->evaluation);
  g_assert_finalize_object (f->guideline);
  g_ptr_array_unref (f->selected);
}

static gpointer
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller; /* owned by the widget */
    }
  g_assert_not_reached ();
}

/* A key press as the view's key bindings take it: TRUE when a binding handled it (a binding
 * whose action is disabled leaves the key to the window). */
static gboolean
send_key (NpcDiagramView  *view,
          guint            keyval,
          GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, state);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (view),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "app", name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* a drawing just invalidated has no picture until its next frame */
  for (guint tries = 0; node == NULL && tries < 200; tries++)
    {
      wait_for_frame (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The widget's picture as pixels. */
static GBytes *
render_pixels (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  guchar *data = g_malloc (w * h * 4);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_download (texture, data, w * 4);
  return g_bytes_new_take (data, w * h * 4);
}

/* What the view shows, drawn by the renderer in one piece, as the widget drew it before it
 * kept its picture in tiles. */
static GBytes *
reference_pixels (NpcDiagramView *view)
{
  NpcRenderer *renderer = npc_diagram_view_get_renderer (view);
  const NpcPalette *p = npc_renderer_get_palette (renderer);
  int w = gtk_widget_get_width (GTK_WIDGET (view)), h = gtk_widget_get_height (GTK_WIDGET (view));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  double zoom = npc_diagram_view_get_zoom (view), ox, oy;
  NpcLayoutRect clip;
  GBytes *bytes;
  cairo_t *cr;

  g_assert_cmpint (cairo_image_surface_get_stride (surface), ==, w * 4);
  npc_diagram_view_get_origin (view, &ox, &oy);
  clip = (NpcLayoutRect) { ox, oy, w / zoom, h / zoom };
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, p->background.red, p->background.green, p->background.blue);
  cairo_paint (cr);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_scale (cr, zoom, zoom);
  cairo_translate (cr, -ox, -oy);
  npc_renderer_draw (renderer, cr, npc_diagram_view_get_layout (view),
                     npc_diagram_view_get_evaluation (view), &clip, zoom);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), w * h * 4);
  cairo_surface_destroy (surface);
  return bytes;
}

/* Pixels that differ by more than a rounding (4 levels), and by how many levels at most. */
static guint
count_differences (GBytes *a,
                   GBytes *b,
                   int    *most)
{
  gsize n;
  const guchar *pa = g_bytes_get_data (a, &n), *pb = g_bytes_get_data (b, NULL);
  guint differ = 0;

  g_assert_cmpuint (n, ==, g_bytes_get_size (b));
  *most = 0;
  for (gsize i = 0; i < n; i += 4)
    {
      int m = 0;

      for (gsize c = 0; c < 4; c++)
        m = MAX (m, ABS ((int) pa[i + c] - (int) pb[i + c]));
      *most = MAX (*most, m);
      differ += m > 4;
    }
  return differ;
}

/* The picture is kept in tiles while the view pans, by whole pixels or not; after any pan
 * it must be the view drawn in one piece. Not to the bit: compositing rounds differently, so
 * pixels may differ by a few levels, and cairo strokes a path cut at a tile's edge without
 * the joins beyond it (the tip of a box's corner may lose a pixel or two); a tile out of
 * place or drawn for another position would differ in thousands of pixels. */
static void
test_pan_keeps_picture (Fixture *f, gconstpointer data)
{
  GtkGesture *drag = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_DRAG);
  const struct { double dx, dy; } steps[] = {
    { -37, 0 }, { -74, -21 }, { 120, 300 }, { 3.25, -0.5 }, { 400, 90 }, { 399, 91 },
  };
  int w = gtk_widget_get_width (GTK_WIDGET (f->view));
  int h = gtk_widget_get_height (GTK_WIDGET (f->view));
  double ox, oy;

  /* the diagram alone, as the renderer draws it */
  npc_diagram_view_set_show_controls (f->view, FALSE);
  npc_diagram_view_set_zoom (f->view, 1.3);
  npc_diagram_view_get_origin (f->view, &ox, &oy);
  npc_diagram_view_set_origin (f->view, floor (ox) + 0.37, floor (oy) - 0.81);
  wait_for_frame (GTK_WIDGET (f->view));
  g_signal_emit_by_name (drag, "drag-begin", 400.0, 300.0);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GBytes) shown = NULL;
      g_autoptr(GBytes) reference = NULL;
      guint differ;
      int most;

      g_signal_emit_by_name (drag, "drag-update", steps[i].dx, steps[i].dy);
      wait_for_frame (GTK_WIDGET (f->view));
      shown = render_pixels (GTK_WIDGET (f->view));
      reference = reference_pixels (f->view);
      differ = count_differences (shown, reference, &most);
      g_test_message ("pan by (%g, %g): %u pixels differ by more than 4 levels, by %d at most",
                      steps[i].dx,
                      steps[i].dy, differ, most);
      g_assert_cmpuint (differ, <=, (guint) (w * h) / 5000);
    }
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-panned.png");
}

static void
test_draws_highlight (Fixture *f, gconstpointer data)
{
  NpcRenderer *renderer = npc_diagram_view_get_renderer (f->view);
  NpcLayout *layout = npc_diagram_view_get_layout (f->view);
  const NpcRenderRecord *r;

  g_assert_nonnull (layout);
  npc_diagram_view_zoom_to_fit (f->view);
  wait_for_frame (GTK_WIDGET (f->view));
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-fit.png");

  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "OUT-SURG"));
  g_assert_nonnull (r);
  g_assert_cmpint (r->style, ==, NPC_RENDER_PRIMARY);
  r = npc_renderer_get_record (renderer, npc_layout_find_id (layout, "D2"));
  g_assert_cmpint (r->style, ==, NPC_RENDER_PATH);
}

static void
test_zoom (Fixture *f, gconstpointer data)
{
  double z0, z1, z2;
  GtkEventControllerScroll *scroll;

  /* a case opens on the patient; from the whole tree */
  g_assert_true (npc_diagram_view_get_following (f->view));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-fit", NULL);
  g_assert_false (npc_diagram_view_get_following (f->view));
  z0 = npc_diagram_view_get_zoom (f->view);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-in", NULL);
  z1 = npc_diagram_view_get_zoom (f->view);
  g_assert_cmpfloat (z1, >, z0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-out", NULL);
  z2 = npc_diagram_view_get_zoom (f->view);
  g_assert_cmpfloat (z2, <, z0);

  /* zoom to the path: the path fills more of the view than the whole tree did */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-path", NULL);
  g_assert_cmpfloat (npc_diagram_view_get_zoom (f->view), >, z0);
  wait_for_frame (GTK_WIDGET (f->view));
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-path.png");
  /* and back */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-fit", NULL);
  g_assert_cmpfloat_with_epsilon (npc_diagram_view_get_zoom (f->view), z0, 1e-9);

  /* the pinch gesture scales from where it began */
  {
    GtkGesture *pinch = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_ZOOM);

    g_signal_emit_by_name (pinch, "begin", NULL);
    g_signal_emit_by_name (pinch, "scale-changed", 2.0);
    g_assert_cmpfloat_with_epsilon (npc_diagram_view_get_zoom (f->view), z0 * 2, 1e-9);
    gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-fit", NULL);
  }

  /* a plain scroll pans and keeps the zoom */
  scroll = find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  {
    double x0, y0, x1, y1;
    gboolean handled = FALSE;

    npc_diagram_view_set_zoom (f->view, 1.0);
    npc_diagram_view_get_origin (f->view, &x0, &y0);
    g_signal_emit_by_name (scroll, "scroll", 0.0, 2.0, &handled);
    g_assert_true (handled);
    npc_diagram_view_get_origin (f->view, &x1, &y1);
    g_assert_cmpfloat (y1, >, y0);
    g_assert_cmpfloat (x1, ==, x0);
    g_assert_cmpfloat (npc_diagram_view_get_zoom (f->view), ==, 1.0);
  }
}

static void
test_pan (Fixture *f, gconstpointer data)
{
  GtkGesture *drag = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_DRAG);
  double x0, y0, x1, y1;

  npc_diagram_view_set_zoom (f->view, 1.0);
  npc_diagram_view_get_origin (f->view, &x0, &y0);
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (drag, "drag-update", -50.0, -20.0);
  npc_diagram_view_get_origin (f->view, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1, x0 + 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (y1, y0 + 20, 1e-9);
  g_signal_emit_by_name (drag, "drag-end", -50.0, -20.0);

  /* arrow keys pan when no node is selected */
  g_assert_null (npc_diagram_view_get_selected_node (f->view));
  g_assert_true (send_key (f->view, GDK_KEY_Right, 0));
  npc_diagram_view_get_origin (f->view, &x0, &y0);
  g_assert_cmpfloat (x0, >, x1);
  g_assert_cmpfloat_with_epsilon (y0, y1, 1e-9);
  g_assert_true (send_key (f->view, GDK_KEY_KP_Down, 0));
  npc_diagram_view_get_origin (f->view, NULL, &y0);
  g_assert_cmpfloat (y0, >, y1);
  g_assert_null (npc_diagram_view_get_selected_node (f->view));
  g_assert_false (npc_diagram_view_get_following (f->view));

  /* the pan action moves by pixels */
  npc_diagram_view_get_origin (f->view, &x0, &y0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.pan", "(dd)", -30.0, 0.0);
  npc_diagram_view_get_origin (f->view, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1, x0 - 30 / npc_diagram_view_get_zoom (f->view), 1e-9);
  g_assert_cmpfloat_with_epsilon (y1, y0, 1e-9);
}

static void
press_key (Fixture *f, guint keyval, GdkModifierType state)
{
  g_assert_true (send_key (f->view, keyval, state));
}

/* Selects a box (a node, or a "continue at" link, which select_node cannot name). */
static void
select_box_at (Fixture            *f,
               const NpcLayoutBox *box)
{
  npc_diagram_view_select_node (f->view, NULL);
  /* from the first box in reading order, Tab by Tab */
  g_assert_true (send_key (f->view, GDK_KEY_Tab, 0));
  while (npc_diagram_view_get_selected_box (f->view) != box)
    g_assert_true (send_key (f->view, GDK_KEY_Tab, 0));
}

static void
test_keyboard (Fixture *f, gconstpointer data)
{
  /* Tab starts at the root, Down goes to the first child, Right to its sibling */
  press_key (f, GDK_KEY_Tab, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D1");
  press_key (f, GDK_KEY_Down, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  press_key (f, GDK_KEY_Right, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D5");
  press_key (f, GDK_KEY_Left, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  press_key (f, GDK_KEY_Up, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D1");
  press_key (f, GDK_KEY_Tab, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  press_key (f, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D1");

  /* every move told the evidence pane */
  g_assert_cmpuint (f->selected->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (f->selected, 2), ==, "D5");

  /* Enter on a "continue at" link goes to the node it continues at */
  npc_diagram_view_select_node (f->view, "REDIRECT-SYS");
  press_key (f, GDK_KEY_Down, 0);
  g_assert_cmpint (npc_diagram_view_get_selected_box (f->view)->kind, ==, NPC_LAYOUT_BOX_LINK);
  press_key (f, GDK_KEY_Return, 0);
  g_assert_cmpint (npc_diagram_view_get_selected_box (f->view)->kind, ==, NPC_LAYOUT_BOX_NODE);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D5");

  /* Enter on a node emits node-selected again */
  g_ptr_array_set_size (f->selected, 0);
  press_key (f, GDK_KEY_Return, 0);
  g_assert_cmpuint (f->selected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->selected, 0), ==, "D5");

  press_key (f, GDK_KEY_Escape, 0);
  g_assert_null (npc_diagram_view_get_selected_node (f->view));
  /* with nothing selected, Escape is the window's */
  g_assert_false (send_key (f->view, GDK_KEY_Escape, 0));

  /* past the last box, Tab leaves the diagram; before the first, Shift+Tab does */
  {
    guint n = 0;
    const NpcLayoutBox *const *boxes = npc_layout_get_boxes (npc_diagram_view_get_layout (f->view),
                                                             &n);

    select_box_at (f, boxes[n - 1]);
    g_assert_false (send_key (f->view, GDK_KEY_Tab, 0));
    g_assert_true (send_key (f->view, GDK_KEY_Tab, GDK_SHIFT_MASK));
    g_assert_true (npc_diagram_view_get_selected_box (f->view) == boxes[n - 2]);
    select_box_at (f, boxes[0]);
    g_assert_false (send_key (f->view, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
    g_assert_true (npc_diagram_view_get_selected_box (f->view) == boxes[0]);
    /* Ctrl+Tab is never the diagram's */
    g_assert_false (send_key (f->view, GDK_KEY_Tab, GDK_CONTROL_MASK));
  }

  /* the neighbours by name, whatever the orientation */
  npc_diagram_view_select_node (f->view, "D2");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.next-sibling", NULL);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D5");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.parent", NULL);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D1");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.child", NULL);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.previous-sibling", NULL);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");

  /* left to right, the arrows turn: Right goes to the child, Up to the previous sibling */
  npc_diagram_view_set_orientation (f->view, NPC_LAYOUT_LEFT_RIGHT);
  npc_diagram_view_select_node (f->view, "D1");
  press_key (f, GDK_KEY_Right, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  press_key (f, GDK_KEY_Down, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D5");
  press_key (f, GDK_KEY_Up, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D2");
  press_key (f, GDK_KEY_Left, 0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D1");
  npc_diagram_view_set_orientation (f->view, NPC_LAYOUT_TOP_DOWN);
  wait_for_frame (GTK_WIDGET (f->view));
}

static void
test_click (Fixture *f, gconstpointer data)
{
  GtkGesture *click = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_CLICK);
  NpcLayout *layout = npc_diagram_view_get_layout (f->view);
  const NpcLayoutBox *box = npc_layout_find_id (layout, "OUT-SURG");
  double zoom = npc_diagram_view_get_zoom (f->view), ox, oy;

  npc_diagram_view_get_origin (f->view, &ox, &oy);
  g_signal_emit_by_name (click, "released", 1,
                         (box->x + box->width / 2 - ox) * zoom,
                         (box->y + box->height / 2 - oy) * zoom);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "OUT-SURG");
  g_assert_cmpuint (f->selected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->selected, 0), ==, "OUT-SURG");
  wait_for_frame (GTK_WIDGET (f->view));
  g_assert_true (npc_renderer_get_record (npc_diagram_view_get_renderer (f->view), box)->selected);
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-selected.png");

  /* empty space selects nothing new */
  g_signal_emit_by_name (click, "released", 1, 2.0, 2.0);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "OUT-SURG");
}

static void
test_accessible (Fixture *f, gconstpointer data)
{
  char *message;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->view)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Pathway diagram");

  npc_diagram_view_select_node (f->view, "OUT-SURG");
  message = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
    "Pathway diagram: Endoscopic nasopharyngectomy — suggested, grade 2C, the outcome reached "
    "for this patient");
  g_assert_null (message);

  npc_diagram_view_select_node (f->view, "D2");
  message = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
    "Pathway diagram: Prior radiation therapy? — decision, on this patient's path");
  g_assert_null (message);

  message = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
    "Suggested: Endoscopic nasopharyngectomy — grade 2C");
  g_assert_null (message);
}

static void
test_evaluation_change (Fixture *f, gconstpointer data)
{
  g_autoptr(NpcEvaluation) other = evaluate_file (f->guideline, "mini-redirect.json");
  NpcRenderer *renderer = npc_diagram_view_get_renderer (f->view);
  NpcLayout *layout = npc_diagram_view_get_layout (f->view);
  const NpcLayoutBox *d6 = npc_layout_find_id (layout, "D6");

  npc_diagram_view_select_node (f->view, "D6");
  npc_diagram_view_set_evaluation (f->view, other);
  /* the layout does not move; the selection stays */
  g_assert_true (npc_diagram_view_get_layout (f->view) == layout);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D6");
  npc_diagram_view_zoom_to_fit (f->view);
  wait_for_frame (GTK_WIDGET (f->view));
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-changed.png");
  g_assert_cmpint (npc_renderer_get_record (renderer, d6)->style, ==, NPC_RENDER_EXCLUDED);

  /* orientation: a new layout, left to right */
  npc_diagram_view_set_orientation (f->view, NPC_LAYOUT_LEFT_RIGHT);
  g_assert_cmpint (npc_layout_get_orientation (npc_diagram_view_get_layout (f->view)), ==,
                   NPC_LAYOUT_LEFT_RIGHT);
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, "D6");
  wait_for_frame (GTK_WIDGET (f->view));
  save_screenshot (GTK_WIDGET (f->view), "widget-mini-left-right.png");
}

/* The shipped guideline in the dark style. */
static void
test_npc_dark (Fixture *f, gconstpointer data)
{
  const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autoptr(NpcGuideline) guideline = NULL;
  g_autoptr(NpcEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  AdwStyleManager *manager = adw_style_manager_get_default ();

  /* the bundled guideline is always there */
  g_assert_true (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS));
  guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  evaluation = evaluate_file (guideline, "npc-rt2-surgery.json");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  npc_diagram_view_set_guideline (f->view, guideline);
  npc_diagram_view_set_evaluation (f->view, evaluation);
  gtk_window_set_default_size (f->window, 1280, 800);
  wait_for_frame (GTK_WIDGET (f->view));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-path", NULL);
  wait_for_frame (GTK_WIDGET (f->view));
  g_assert_cmpfloat (npc_renderer_get_palette (npc_diagram_view_get_renderer (f->view))
                       ->background.red, <, 0.5);
  save_screenshot (GTK_WIDGET (f->view), "widget-npc-path-dark.png");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  npc_diagram_view_set_guideline (f->view, f->guideline);
}

/* Zoom to path never makes the labels too small to read: on a small view a long path is
 * shown from its end (the outcome) at a readable size. */
static void
test_npc_path_readable (Fixture *f, gconstpointer data)
{
  const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autoptr(NpcGuideline) guideline = NULL;
  g_autoptr(NpcEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  const NpcLayoutBox *outcome;
  double ox, oy, zoom, vw, vh;

  guideline = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  evaluation = evaluate_file (guideline, "npc-rt2-surgery.json");

  npc_diagram_view_set_guideline (f->view, guideline);
  npc_diagram_view_set_evaluation (f->view, evaluation);
  gtk_window_set_default_size (f->window, 640, 400);
  wait_for_frame (GTK_WIDGET (f->view));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.zoom-path", NULL);
  wait_for_frame (GTK_WIDGET (f->view));

  zoom = npc_diagram_view_get_zoom (f->view);
  g_assert_cmpfloat (zoom, >=, NPC_DIAGRAM_VIEW_READABLE_ZOOM - 1e-9);
  npc_diagram_view_get_origin (f->view, &ox, &oy);
  vw = gtk_widget_get_width (GTK_WIDGET (f->view)) / zoom;
  vh = gtk_widget_get_height (GTK_WIDGET (f->view)) / zoom;
  outcome = npc_layout_find_node (npc_diagram_view_get_layout (f->view),
                                  npc_evaluation_get_primary (evaluation));
  g_assert_nonnull (outcome);
  g_assert_cmpfloat (outcome->x, >=, ox);
  g_assert_cmpfloat (outcome->x + outcome->width, <=, ox + vw);
  g_assert_cmpfloat (outcome->y, >=, oy);
  g_assert_cmpfloat (outcome->y + outcome->height, <=, oy + vh);
  npc_diagram_view_set_guideline (f->view, f->guideline);
}

/* Spins the main loop for a while: long enough for the view's animations to end. */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (10, wake_up, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static gboolean
box_in_view (NpcDiagramView     *view,
             const NpcLayoutBox *box)
{
  double zoom = npc_diagram_view_get_zoom (view), ox, oy;
  double vw = gtk_widget_get_width (GTK_WIDGET (view)) / zoom;
  double vh = gtk_widget_get_height (GTK_WIDGET (view)) / zoom;

  npc_diagram_view_get_origin (view, &ox, &oy);
  return box->x >= ox - 0.5 && box->y >= oy - 0.5 && box->x + box->width <= ox + vw + 0.5 &&
         box->y + box->height <= oy + vh + 0.5;
}

static GtkWidget *
back_button (NpcDiagramView *view)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_BUTTON (c) &&
        g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), "Back to the patient") == 0)
      return c;
  g_assert_not_reached ();
}

/* The end of the path (and the decision before it) on screen and legible after every change
 * of the case, until the user moves the view; then the way back is offered. */
static void
test_follow_patient (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline =
    npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"), &error);
  g_autoptr(NpcEvaluation) surgery = NULL;
  g_autoptr(NpcEvaluation) immunotherapy = NULL;
  g_autoptr(NpcEvaluation) needs = NULL;
  NpcEvaluation *cases[3];
  NpcLayout *layout;
  GtkGesture *drag = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_DRAG);
  double ox, oy, ox2, oy2;

  g_assert_no_error (error);
  surgery = evaluate_file (guideline, "npc-rt2-surgery.json");
  immunotherapy = evaluate_file (guideline, "npc-2l-io.json");
  needs = evaluate_file (guideline, "npc-needs-input.json");
  cases[0] = surgery;
  cases[1] = immunotherapy;
  cases[2] = needs;

  gtk_window_set_default_size (f->window, 720, 480);
  npc_diagram_view_set_guideline (f->view, guideline);
  layout = npc_diagram_view_get_layout (f->view);

  /* edits that move the patient across the tree: locoregional, metastatic, input needed */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n = 0;
      const NpcNode *const *path = npc_evaluation_get_path (cases[i], &n);
      const NpcLayoutBox *end = npc_layout_find_node (layout, path[n - 1]);
      const NpcLayoutBox *before = npc_layout_find_node (layout, path[n - 2]);

      npc_diagram_view_set_evaluation (f->view, cases[i]);
      spin_for (500);
      wait_for_frame (GTK_WIDGET (f->view));
      g_assert_true (npc_diagram_view_get_following (f->view));
      {
        double zx, zy;

        npc_diagram_view_get_origin (f->view, &zx, &zy);
        g_test_message ("case %u: %s at %g,%g %gx%g; view %g,%g zoom %g, %dx%d", i, end->id,
                        end->x, end->y, end->width, end->height, zx, zy,
                        npc_diagram_view_get_zoom (f->view),
                        gtk_widget_get_width (GTK_WIDGET (f->view)),
                        gtk_widget_get_height (GTK_WIDGET (f->view)));
      }
      g_assert_true (box_in_view (f->view, end));
      g_assert_true (box_in_view (f->view, before));
      /* box text at 13 units: at least 9 pt on screen */
      g_assert_cmpfloat (npc_diagram_view_get_zoom (f->view), >=, NPC_DIAGRAM_VIEW_READABLE_ZOOM - 1e-9);
      g_assert_false (gtk_widget_get_visible (back_button (f->view)));
    }
  save_screenshot (GTK_WIDGET (f->view), "widget-npc-follow.png");

  /* the user pans away: the next change does not move the view, and offers the way back */
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (drag, "drag-update", 2000.0, 900.0);
  g_signal_emit_by_name (drag, "drag-end", 2000.0, 900.0);
  g_assert_false (npc_diagram_view_get_following (f->view));
  npc_diagram_view_get_origin (f->view, &ox, &oy);
  npc_diagram_view_set_evaluation (f->view, surgery);
  spin_for (400);
  npc_diagram_view_get_origin (f->view, &ox2, &oy2);
  g_assert_cmpfloat_with_epsilon (ox, ox2, 1e-9);
  g_assert_cmpfloat_with_epsilon (oy, oy2, 1e-9);
  g_assert_true (gtk_widget_get_visible (back_button (f->view)));
  wait_for_frame (GTK_WIDGET (f->view));
  save_screenshot (GTK_WIDGET (f->view), "widget-npc-back-to-patient.png");

  gtk_widget_activate_action (GTK_WIDGET (f->view), "diagram.follow", NULL);
  spin_for (500);
  wait_for_frame (GTK_WIDGET (f->view));
  g_assert_true (npc_diagram_view_get_following (f->view));
  g_assert_true (box_in_view (f->view,
                              npc_layout_find_node (layout, npc_evaluation_get_primary (surgery))));
  g_assert_false (gtk_widget_get_visible (back_button (f->view)));
  npc_diagram_view_set_guideline (f->view, f->guideline);
}

/* After an edit the view starts to move to the patient in the first frame, and once it has
 * arrived it shows the picture drawn at its own zoom (the animation's tiles, drawn at a zoom
 * near it, and the halos are gone). */
static void
test_follow_animation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline =
    npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"), &error);
  g_autoptr(NpcEvaluation) surgery = NULL;
  g_autoptr(NpcEvaluation) immunotherapy = NULL;
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GBytes) reference = NULL;
  NpcEvaluation *cases[2];
  gboolean enabled = FALSE;
  int w, h, most;
  guint differ;

  g_assert_no_error (error);
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (f->view)), "gtk-enable-animations",
                &enabled, NULL);
  g_assert_true (enabled);
  surgery = evaluate_file (guideline, "npc-rt2-surgery.json");
  immunotherapy = evaluate_file (guideline, "npc-2l-io.json");
  cases[0] = immunotherapy;
  cases[1] = surgery;
  npc_diagram_view_set_show_controls (f->view, FALSE);
  npc_diagram_view_set_guideline (f->view, guideline);
  npc_diagram_view_set_evaluation (f->view, surgery);
  spin_for (800);
  wait_for_frame (GTK_WIDGET (f->view));
  w = gtk_widget_get_width (GTK_WIDGET (f->view));
  h = gtk_widget_get_height (GTK_WIDGET (f->view));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double zoom = npc_diagram_view_get_zoom (f->view), ox, oy, x, y;

      npc_diagram_view_get_origin (f->view, &ox, &oy);
      npc_diagram_view_set_evaluation (f->view, cases[i]);
      wait_for_frame (GTK_WIDGET (f->view));
      npc_diagram_view_get_origin (f->view, &x, &y);
      g_assert_true (x != ox || y != oy || npc_diagram_view_get_zoom (f->view) != zoom);

      spin_for (900);
      wait_for_frame (GTK_WIDGET (f->view));
      wait_for_frame (GTK_WIDGET (f->view));
      g_clear_pointer (&shown, g_bytes_unref);
      g_clear_pointer (&reference, g_bytes_unref);
      shown = render_pixels (GTK_WIDGET (f->view));
      reference = reference_pixels (f->view);
      differ = count_differences (shown, reference, &most);
      g_test_message ("after the move to case %u: %u pixels differ by more than 4 levels, "
                      "by %d at most", i, differ, most);
      g_assert_cmpuint (differ, <=, (guint) (w * h) / 5000);
    }
  npc_diagram_view_set_guideline (f->view, f->guideline);
}

/* Every box drawn in the view is a child widget with a name and its state for the case;
 * the keyboard focus follows the selection onto it. */
static void
test_accessible_nodes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline =
    npc_guideline_new_from_path (g_getenv ("NPC_PATHWAY_GUIDELINE"), &error);
  g_autoptr(NpcEvaluation) surgery = NULL;
  g_autoptr(GHashTable) widgets = g_hash_table_new (NULL, NULL);
  const NpcLayoutBox *const *boxes;
  const NpcLayoutBox *outcome;
  NpcLayout *layout;
  GtkWidget *focus;
  guint n = 0, n_in_view = 0;

  g_assert_no_error (error);
  surgery = evaluate_file (guideline, "npc-rt2-surgery.json");
  npc_diagram_view_set_guideline (f->view, guideline);
  npc_diagram_view_set_evaluation (f->view, surgery);
  spin_for (500);
  wait_for_frame (GTK_WIDGET (f->view));
  layout = npc_diagram_view_get_layout (f->view);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (f->view)); c;
       c = gtk_widget_get_next_sibling (c))
    if (NPC_IS_DIAGRAM_NODE (c))
      {
        const NpcLayoutBox *box = npc_diagram_node_get_box (NPC_DIAGRAM_NODE (c));

        g_hash_table_insert (widgets, (gpointer) box, c);
        gtk_test_accessible_assert_role (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_ROLE_BUTTON);
        g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (c),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL));
        g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (c),
                                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
        g_assert_true (gtk_widget_get_focusable (c));
      }
  boxes = npc_layout_get_boxes (layout, &n);
  for (guint i = 0; i < n; i++)
    if (box_in_view (f->view, boxes[i]))
      {
        n_in_view++;
        g_assert_true (g_hash_table_contains (widgets, boxes[i]));
      }
  g_assert_cmpuint (n_in_view, >, 2);

  /* the outcome's node says what it is and that it is this patient's */
  outcome = npc_layout_find_node (layout, npc_evaluation_get_primary (surgery));
  g_assert_true (g_hash_table_contains (widgets, outcome));
  {
    GtkWidget *w = g_hash_table_lookup (widgets, outcome);
    g_autofree char *want = g_strdup_printf ("%s %s", outcome->id, outcome->label);
    char *message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (w),
                                                        GTK_ACCESSIBLE_PROPERTY_LABEL, want);

    g_assert_null (message);
    graphene_rect_t bounds;
    g_assert_true (gtk_widget_compute_bounds (w, GTK_WIDGET (f->view), &bounds));
    g_assert_cmpfloat (bounds.origin.x, >=, -1);
    g_assert_cmpfloat (bounds.origin.y, >=, -1);
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                       gtk_widget_get_width (GTK_WIDGET (f->view)) + 1);
  }

  /* Tab selects a node; the focus is on that node's widget */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (send_key (f->view, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (NPC_IS_DIAGRAM_NODE (focus));
  g_assert_true (npc_diagram_node_get_box (NPC_DIAGRAM_NODE (focus)) ==
                 npc_diagram_view_get_selected_box (f->view));
  g_assert_true (send_key (f->view, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (npc_diagram_node_get_box (NPC_DIAGRAM_NODE (focus)) ==
                 npc_diagram_view_get_selected_box (f->view));
  g_assert_cmpstr (npc_diagram_view_get_selected_node (f->view), ==, boxes[1]->id);
  npc_diagram_view_set_guideline (f->view, f->guideline);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

/* The view's zoom and origin are its viewport's: a property is told of only when it changes,
 * the zoom stays within its bounds, and the view draws what the viewport says. */
static void
test_viewport (Fixture *f, gconstpointer data)
{
  NpcDiagramViewport *viewport = npc_diagram_view_get_viewport (f->view);
  g_autoptr(GPtrArray) heard = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) view_heard = g_ptr_array_new_with_free_func (g_free);
  NpcDiagramViewport *fresh = npc_diagram_viewport_new ();
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->view));
  double x, y;
  gint64 frame;

  g_assert_true (NPC_IS_DIAGRAM_VIEWPORT (viewport));
  g_signal_connect (viewport, "notify", G_CALLBACK (count_notify), heard);
  g_signal_connect (f->view, "notify::zoom", G_CALLBACK (count_notify), view_heard);

  /* the same values again: nothing to tell */
  npc_diagram_viewport_set (viewport, npc_diagram_viewport_get_zoom (viewport),
                            npc_diagram_viewport_get_origin_x (viewport),
                            npc_diagram_viewport_get_origin_y (viewport));
  g_assert_cmpuint (heard->len, ==, 0);

  /* a new zoom: the viewport's and the view's */
  npc_diagram_viewport_set_zoom (viewport, 0.5);
  g_assert_cmpuint (heard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (heard, 0), ==, "zoom");
  g_assert_cmpuint (view_heard->len, ==, 1);
  g_assert_cmpfloat (npc_diagram_view_get_zoom (f->view), ==, 0.5);

  /* only the coordinate that moved */
  g_ptr_array_set_size (heard, 0);
  npc_diagram_viewport_set_origin (viewport, 12.5, npc_diagram_viewport_get_origin_y (viewport));
  g_assert_cmpuint (heard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (heard, 0), ==, "origin-x");
  npc_diagram_view_get_origin (f->view, &x, &y);
  g_assert_cmpfloat (x, ==, 12.5);
  g_assert_cmpfloat (y, ==, npc_diagram_viewport_get_origin_y (viewport));

  /* setting the viewport redraws the view */
  wait_for_frame (GTK_WIDGET (f->view));
  frame = gdk_frame_clock_get_frame_counter (clock);
  npc_diagram_viewport_set_origin (viewport, 40, 30);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  {
    gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (gdk_frame_clock_get_frame_counter (clock) == frame &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (gdk_frame_clock_get_frame_counter (clock), >, frame);

  /* the zoom stays within its bounds, and the bounds bring it along */
  npc_diagram_viewport_set_zoom (viewport, 1000);
  g_assert_cmpfloat (npc_diagram_viewport_get_zoom (viewport), ==,
                     npc_diagram_viewport_get_max_zoom (viewport));
  npc_diagram_viewport_set_zoom (viewport, 1e-6);
  g_assert_cmpfloat (npc_diagram_viewport_get_zoom (viewport), ==,
                     npc_diagram_viewport_get_min_zoom (viewport));
  g_assert_cmpfloat (npc_diagram_viewport_get_zoom (fresh), ==, 1.0);
  npc_diagram_viewport_set_max_zoom (fresh, 0.5);
  g_assert_cmpfloat (npc_diagram_viewport_get_zoom (fresh), ==, 0.5);
  npc_diagram_viewport_set_min_zoom (fresh, 0.25);
  npc_diagram_viewport_set_zoom (fresh, 0.1);
  g_assert_cmpfloat (npc_diagram_viewport_get_zoom (fresh), ==, 0.25);
  g_object_set (fresh, "origin-y", 7.0, NULL);
  g_assert_cmpfloat (npc_diagram_viewport_get_origin_y (fresh), ==, 7.0);
  g_assert_finalize_object (fresh);

  g_signal_handlers_disconnect_by_data (viewport, heard);
  g_signal_handlers_disconnect_by_data (f->view, view_heard);
}

/* A layout made elsewhere (the application's loader thread makes the first window's) is
 * taken as it is when it has the view's guideline and orientation, and never otherwise. */
static void
test_given_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                 "mini-guideline.xml", NULL);
  g_autoptr(NpcGuideline) guideline = npc_guideline_new_from_path (path, &error);
  g_autoptr(NpcGuideline) other = NULL;
  g_autoptr(NpcLayout) given = NULL;
  g_autoptr(NpcLayout) given_other = NULL;
  NpcDiagramView *view;
  NpcLayout *layout;
  const NpcLayoutBox *const *boxes;
  guint n;

  g_assert_no_error (error);
  other = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  /* Without a measure every box is 120 × 40, which no text the renderer measures gives: a
   * layout of the view's own would show. */
  given = npc_layout_new (guideline, NPC_LAYOUT_TOP_DOWN, NULL, NULL);
  given_other = npc_layout_new (other, NPC_LAYOUT_TOP_DOWN, NULL, NULL);

  view = g_object_ref_sink (NPC_DIAGRAM_VIEW (npc_diagram_view_new ()));
  npc_diagram_view_set_guideline_with_layout (view, guideline, given);
  g_assert_true (npc_diagram_view_get_layout (view) == given);
  /* another orientation is laid out anew, by the view */
  npc_diagram_view_set_orientation (view, NPC_LAYOUT_LEFT_RIGHT);
  layout = npc_diagram_view_get_layout (view);
  g_assert_true (layout != given);
  g_assert_cmpint (npc_layout_get_orientation (layout), ==, NPC_LAYOUT_LEFT_RIGHT);
  boxes = npc_layout_get_boxes (layout, &n);
  g_assert_cmpuint (n, >, 0);
  g_assert_false (boxes[0]->width == 120.0 && boxes[0]->height == 40.0);
  g_object_unref (view);

  /* a view turned the other way lays out its own */
  view = g_object_ref_sink (NPC_DIAGRAM_VIEW (npc_diagram_view_new ()));
  npc_diagram_view_set_orientation (view, NPC_LAYOUT_LEFT_RIGHT);
  npc_diagram_view_set_guideline_with_layout (view, guideline, given);
  layout = npc_diagram_view_get_layout (view);
  g_assert_true (layout != given);
  g_assert_cmpint (npc_layout_get_orientation (layout), ==, NPC_LAYOUT_LEFT_RIGHT);
  g_object_unref (view);

  /* and so does a view given the layout of another guideline */
  view = g_object_ref_sink (NPC_DIAGRAM_VIEW (npc_diagram_view_new ()));
  npc_diagram_view_set_guideline_with_layout (view, guideline, given_other);
  layout = npc_diagram_view_get_layout (view);
  g_assert_true (layout != given_other);
  g_assert_true (npc_layout_get_guideline (layout) == guideline);
  g_object_unref (view);

  /* the view keeps no reference to a layout it did not take */
  g_assert_finalize_object (g_steal_pointer (&given_other));
}

int
main (int argc, char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* the renderer's record of each box drawn, which the tests read */
  g_setenv ("NPC_PATHWAY_DEBUG", "render-record", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/diagram-view/draws-highlight", test_draws_highlight);
  ADD ("/diagram-view/zoom", test_zoom);
  ADD ("/diagram-view/viewport", test_viewport);
  ADD ("/diagram-view/pan", test_pan);
  ADD ("/diagram-view/pan-keeps-picture", test_pan_keeps_picture);
  ADD ("/diagram-view/keyboard", test_keyboard);
  ADD ("/diagram-view/click", test_click);
  ADD ("/diagram-view/accessible", test_accessible);
  ADD ("/diagram-view/evaluation-change", test_evaluation_change);
  ADD ("/diagram-view/npc-dark", test_npc_dark);
  ADD ("/diagram-view/npc-path-readable", test_npc_path_readable);
  ADD ("/diagram-view/follow-patient", test_follow_patient);
  ADD ("/diagram-view/follow-animation", test_follow_animation);
  ADD ("/diagram-view/accessible-nodes", test_accessible_nodes);
  g_test_add_func ("/diagram-view/given-layout", test_given_layout);

  return g_test_run ();
}
