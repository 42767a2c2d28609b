/* app-test-util.h — helpers shared by the application tests
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lets resizes, relayouts and idle handlers settle. */
void spin_until_idle (void);
/* Waits (at most 5 s) until the widget's frame clock has painted a frame. */
void wait_for_frame  (GtkWidget *widget);
/* A GSourceFunc that sets the gboolean it is given and stops. */
gboolean set_flag_on_timeout (gpointer data);
/* Saves a PNG of the widget into $NPC_TEST_SCREENSHOT_DIR, when that is set. */
void save_screenshot (GtkWidget  *widget,
                      const char *name);

G_END_DECLS
