/* test-first-layout.c — what the first window leaves out of its start-up
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application lays the guideline's diagram out on the thread that reads the guideline,
 * in the orientation the settings hold, and the first window takes that layout instead of
 * making its own; the windows get their icon once the first one has drawn a frame. Each
 * case runs in a process of its own: a process has one application.
 */
#include "config.h"

#include <pango/pangocairo.h>

#include "npc-application.h"
#include "npc-diagram-view.h"
#include "npc-renderer.h"
#include "npc-window.h"
#include "app-test-util.h"

static void
assert_same_layout (NpcLayout *a,
                    NpcLayout *b)
{
  const NpcLayoutBox *const *boxes_a, *const *boxes_b;
  const NpcLayoutEdge *edges_a, *edges_b;
  guint n_a, n_b;
  NpcLayoutRect bounds_a, bounds_b;

  g_assert_true (npc_layout_get_guideline (a) == npc_layout_get_guideline (b));
  g_assert_cmpint (npc_layout_get_orientation (a), ==, npc_layout_get_orientation (b));
  boxes_a = npc_layout_get_boxes (a, &n_a);
  boxes_b = npc_layout_get_boxes (b, &n_b);
  g_assert_cmpuint (n_a, ==, n_b);
  g_assert_cmpuint (n_a, >, 1);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpstr (boxes_a[i]->id, ==, boxes_b[i]->id);
      g_assert_cmpfloat (boxes_a[i]->x, ==, boxes_b[i]->x);
      g_assert_cmpfloat (boxes_a[i]->y, ==, boxes_b[i]->y);
      g_assert_cmpfloat (boxes_a[i]->width, ==, boxes_b[i]->width);
      g_assert_cmpfloat (boxes_a[i]->height, ==, boxes_b[i]->height);
    }
  edges_a = npc_layout_get_edges (a, &n_a);
  edges_b = npc_layout_get_edges (b, &n_b);
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpuint (edges_a[i].parent->index, ==, edges_b[i].parent->index);
      g_assert_cmpuint (edges_a[i].child->index, ==, edges_b[i].child->index);
    }
  npc_layout_get_bounds (a, &bounds_a);
  npc_layout_get_bounds (b, &bounds_b);
  g_assert_cmpfloat (bounds_a.x, ==, bounds_b.x);
  g_assert_cmpfloat (bounds_a.y, ==, bounds_b.y);
  g_assert_cmpfloat (bounds_a.width, ==, bounds_b.width);
  g_assert_cmpfloat (bounds_a.height, ==, bounds_b.height);
}

static NpcLayout *
window_layout (NpcWindow *window)
{
  return npc_diagram_view_get_layout (NPC_DIAGRAM_VIEW (npc_window_get_diagram (window)));
}

static PangoFontMap *
window_font_map (NpcWindow *window)
{
  GtkWidget *diagram = npc_window_get_diagram (window);

  return npc_renderer_get_font_map (npc_diagram_view_get_renderer (NPC_DIAGRAM_VIEW (diagram)));
}

/* Takes nothing: asserts that nothing is there to take. */
static void
assert_nothing_to_take (NpcApplication       *app,
                        NpcGuideline         *guideline,
                        NpcLayoutOrientation  orientation)
{
  g_autoptr(PangoFontMap) font_map = NULL;

  g_assert_null (npc_application_take_layout (app, guideline, orientation, &font_map));
  g_assert_null (font_map);
}

static void
check_first_layout (NpcLayoutOrientation orientation)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(NpcApplication) app = NULL;
  g_autoptr(NpcRenderer) renderer = NULL;
  g_autoptr(NpcLayout) own = NULL;
  NpcLayoutOrientation other = orientation == NPC_LAYOUT_TOP_DOWN ? NPC_LAYOUT_LEFT_RIGHT
                                                                  : NPC_LAYOUT_TOP_DOWN;
  NpcGuideline *guideline;
  NpcWindow *window, *second;

  /* before the application starts, as a user's last session left it */
  g_settings_set_enum (settings, "diagram-orientation", orientation);
  app = test_application_new ();
  guideline = npc_application_get_guideline (app);

  /* not for another orientation, nor for another guideline */
  assert_nothing_to_take (app, guideline, other);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NpcGuideline) copy = npc_guideline_new_default (&error);

    g_assert_no_error (error);
    assert_nothing_to_take (app, copy, orientation);
  }

  /* no icon to load before the first window is shown */
  g_assert_null (gtk_window_get_default_icon_name ());
  window = test_window_new (app);
  spin_until_idle ();
  /* then the shown window has it, and so has every later one */
  g_assert_cmpstr (gtk_window_get_icon_name (GTK_WINDOW (window)), ==, APP_ID);
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APP_ID);

  /* the window took it ... */
  assert_nothing_to_take (app, guideline, orientation);
  g_assert_cmpint (npc_layout_get_orientation (window_layout (window)), ==, orientation);
  /* ... and it is box for box the layout the window's own renderer makes on this thread */
  renderer = npc_renderer_new ();
  own = npc_renderer_layout_guideline (renderer, guideline, orientation);
  assert_same_layout (window_layout (window), own);

  /* ... and the window draws with the fonts the loader's layout loaded, not this thread's */
  g_assert_true (window_font_map (window) != pango_cairo_font_map_get_default ());
  g_assert_true (window_font_map (window) != npc_renderer_get_font_map (renderer));

  /* the next window lays out its own, with this thread's fonts */
  second = test_window_new (app);
  g_assert_true (window_layout (second) != window_layout (window));
  assert_same_layout (window_layout (second), own);
  g_assert_true (window_font_map (second) == pango_cairo_font_map_get_default ());

  close_test_window (GTK_WINDOW (second));
  close_test_window (GTK_WINDOW (window));
}

static void
test_top_down (void)
{
  if (g_test_subprocess ())
    {
      check_first_layout (NPC_LAYOUT_TOP_DOWN);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_left_right (void)
{
  if (g_test_subprocess ())
    {
      check_first_layout (NPC_LAYOUT_LEFT_RIGHT);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/first-layout/top-down", test_top_down);
  g_test_add_func ("/app/first-layout/left-right", test_left_right);
  return g_test_run ();
}
