/* bare-window.c — the floor of a start-up: a libadwaita window with one label
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/bench-startup races NPC Pathway against this program on the same Xvfb: the same
 * AdwApplicationWindow, the same GSK renderer and environment, and nothing of its own, so
 * that the difference is what NPC Pathway does before its window shows.
 */
#include "config.h"

#include <adwaita.h>

/* With NPC_PATHWAY_BENCH_STARTUP=2 it prints the same phases the application prints. */
static gint64 start_time;

static void
mark (const char *what)
{
  if (g_strcmp0 (g_getenv ("NPC_PATHWAY_BENCH_STARTUP"), "2") == 0)
    g_printerr ("bench: %-28s %7.1f ms\n", what, (g_get_monotonic_time () - start_time) / 1000.0);
}

static void
on_map (GtkWidget *window)
{
  mark ("window mapped");
}

static gboolean
on_frame (GtkWidget     *window,
          GdkFrameClock *clock,
          gpointer       data)
{
  mark ("first frame");
  return G_SOURCE_REMOVE;
}

static void
on_startup (GApplication *app)
{
  mark ("GTK and Adwaita started");
}

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_widget_add_tick_callback (window, on_frame, NULL, NULL);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("A bare libadwaita window"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;

  start_time = g_get_monotonic_time ();

  /* the same shortcut the application takes: no GL stack for the cairo renderer */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  app = adw_application_new ("io.github.npcpathway.BareWindow", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
