/* app-test-util.c — helpers shared by the application tests
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"

void
spin_until_idle (void)
{
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

gboolean
set_flag_on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for_frame (GtkWidget *window)
{
  gboolean painted = FALSE, timed_out = FALSE;
  GdkFrameClock *clock;
  gulong id;
  guint timeout;

  spin_until_idle ();
  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (window);
  timeout = g_timeout_add (5000, set_flag_on_timeout, &timed_out);
  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
  spin_until_idle ();
}

void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("NPC_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  wait_for_frame (window);
  /* A widget whose drawing was just invalidated (the diagram moving to the patient) has no
   * picture until its next frame: take the picture of a frame that has one. */
  for (guint tries = 0; node == NULL && tries < 200; tries++)
    {
      wait_for_frame (window);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d×%d)", path, width, height);
}


NpcApplication *
test_application_new (void)
{
  g_autoptr(GError) error = NULL;
  NpcApplication *app = npc_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (npc_application_get_guideline (app));
  return app;
}

NpcWindow *
test_window_new (NpcApplication *app)
{
  NpcWindow *window = npc_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));
  return window;
}

void
close_test_window (GtkWindow *window)
{
  /* No prompt: tests close their windows as they are. Nothing may keep a closed window
   * alive: a timer, a signal or a view that still holds it would leak the case with it. */
  g_object_ref (window);
  gtk_window_destroy (window);
  spin_until_idle ();
  g_assert_finalize_object (window);
}

char *
wait_for_autosave_with (const char *text,
                        guint       timeout_ms)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave",
                                           NULL);
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (timeout_ms, set_flag_on_timeout, &timed_out);
  char *found = NULL;

  while (found == NULL && !timed_out)
    {
      g_autoptr(GDir) d = NULL;
      const char *name;

      g_main_context_iteration (NULL, TRUE);
      d = g_dir_open (dir, 0, NULL);
      while (found == NULL && d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;

          if (g_str_has_suffix (name, ".json") &&
              g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text))
            found = g_steal_pointer (&path);
        }
    }
  if (!timed_out)
    g_source_remove (timeout);
  return found;
}
