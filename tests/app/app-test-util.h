/* app-test-util.h — helpers shared by the application tests
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "npc-application.h"
#include "npc-window.h"

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

/* The application the tests open their windows in: not unique, registered, its guideline
 * loaded (asserted). */
NpcApplication *test_application_new (void);
/* A new window of 1440 × 900 with an empty case, shown, after its first frame. */
NpcWindow *test_window_new (NpcApplication *app);
/* Destroys a window and asserts that nothing keeps it alive. */
void close_test_window (GtkWindow *window);
/* The path of the autosave (under the user's cache folder) that holds `text`, waiting for it
 * as long as `timeout_ms`; NULL when none came in time. */
char *wait_for_autosave_with (const char *text,
                              guint       timeout_ms);

G_END_DECLS
