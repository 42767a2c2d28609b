/* npc-diagram-viewport.h — what part of the diagram is in view: a zoom and an origin
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define NPC_TYPE_DIAGRAM_VIEWPORT (npc_diagram_viewport_get_type ())
G_DECLARE_FINAL_TYPE (NpcDiagramViewport, npc_diagram_viewport, NPC, DIAGRAM_VIEWPORT, GObject)

NpcDiagramViewport *npc_diagram_viewport_new          (void);

/* Pixels per model unit, within [min-zoom, max-zoom]. */
double              npc_diagram_viewport_get_zoom     (NpcDiagramViewport *self);
void                npc_diagram_viewport_set_zoom     (NpcDiagramViewport *self,
                                                       double              zoom);
double              npc_diagram_viewport_get_min_zoom (NpcDiagramViewport *self);
void                npc_diagram_viewport_set_min_zoom (NpcDiagramViewport *self,
                                                       double              min_zoom);
double              npc_diagram_viewport_get_max_zoom (NpcDiagramViewport *self);
void                npc_diagram_viewport_set_max_zoom (NpcDiagramViewport *self,
                                                       double              max_zoom);

/* The model point at the top-left corner of the view. */
double              npc_diagram_viewport_get_origin_x (NpcDiagramViewport *self);
double              npc_diagram_viewport_get_origin_y (NpcDiagramViewport *self);
void                npc_diagram_viewport_set_origin   (NpcDiagramViewport *self,
                                                       double              x,
                                                       double              y);

/* Zoom and origin at once: whoever listens hears of each property that changed, after all
 * of them have. */
void                npc_diagram_viewport_set          (NpcDiagramViewport *self,
                                                       double              zoom,
                                                       double              x,
                                                       double              y);

G_END_DECLS
