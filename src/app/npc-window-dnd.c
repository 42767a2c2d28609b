/* npc-window-dnd.c — drag and drop: a case file dropped on the window opens
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-window-private.h"

/* A case file dropped on the window opens, as Open does. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         NpcWindow     *self)
{
  GFile *file;

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE) || (file = g_value_get_object (value)) == NULL)
    return FALSE;

  npc_window_open_file (self, file);
  return TRUE;
}

void
_npc_window_init_drop (NpcWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
