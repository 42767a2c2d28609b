/* npc-application.h
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"
#include "npc-layout.h"
#include "npc-session.h"

G_BEGIN_DECLS

#define NPC_TYPE_APPLICATION (npc_application_get_type ())
G_DECLARE_FINAL_TYPE (NpcApplication, npc_application, NPC, APPLICATION, AdwApplication)

NpcApplication *npc_application_new           (void);
/* The guideline (--guideline FILE, or the default one) and its engine; NULL before startup
 * or when it failed to load. */
NpcGuideline   *npc_application_get_guideline (NpcApplication *self);
NpcEngine      *npc_application_get_engine    (NpcApplication *self);
/* The guideline's diagram, laid out for `orientation` on the loader thread while GTK
 * started: the first caller whose guideline and orientation match takes it, and the font map
 * it was measured with in *font_map (both transfer full); NULL for every other. */
NpcLayout      *npc_application_take_layout   (NpcApplication       *self,
                                               NpcGuideline         *guideline,
                                               NpcLayoutOrientation  orientation,
                                               PangoFontMap        **font_map);
/* The open documents and the crash recovery of their autosaves. */
NpcSession     *npc_application_get_session   (NpcApplication *self);
/* NULL when the schema is not installed (an uninstalled run without GSETTINGS_SCHEMA_DIR). */
GSettings      *npc_application_get_settings  (NpcApplication *self);

/* Gives the windows the application's icon (once a first window is shown). */
void            npc_application_ensure_icon   (NpcApplication *self);

/* Most recent first, as URIs. */
void            npc_application_add_recent    (NpcApplication *self,
                                               GFile          *file);
GStrv           npc_application_dup_recent    (NpcApplication *self);

/* The start-up benchmark: the monotonic time main() began. */
void            npc_application_set_start_time (NpcApplication *self,
                                                gint64          monotonic_us);
gint64          npc_application_get_start_time (NpcApplication *self);
void            npc_application_bench_mark     (NpcApplication *self,
                                                const char     *what);

G_END_DECLS
