/* main.c
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-pathway"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "npc-application.h"

int
main (int   argc,
      char *argv[])
{
  /* Taken first, so that the start-up benchmark counts everything main() does. */
  gint64 start = g_get_monotonic_time ();
  g_autoptr(NpcApplication) app = NULL;

  /* Asked to draw with cairo, GTK would still load the GL stack to pick a visual: tens of
   * megabytes and tens of milliseconds for nothing. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  setlocale (LC_ALL, "");
  npc_bind_text_domains ();
  textdomain (GETTEXT_PACKAGE);

  app = npc_application_new ();
  npc_application_set_start_time (app, start);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
