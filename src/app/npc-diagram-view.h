/* npc-diagram-view.h — the pathway diagram: zoom, pan, select, keyboard navigation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "npc-app-enums.h"
#include "npc-diagram-viewport.h"
#include "npc-evaluation.h"
#include "npc-guideline.h"
#include "npc-layout.h"
#include "npc-renderer.h"

G_BEGIN_DECLS

/* The smallest zoom at which a box's words (13 pixels high at zoom 1) are 9 points, 12
 * pixels at 96 dpi, on screen: the view never follows the patient to a smaller zoom. */
#define NPC_DIAGRAM_VIEW_READABLE_ZOOM (12.0 / 13.0)

#define NPC_TYPE_DIAGRAM_VIEW (npc_diagram_view_get_type ())
G_DECLARE_FINAL_TYPE (NpcDiagramView, npc_diagram_view, NPC, DIAGRAM_VIEW, GtkWidget)

GtkWidget     *npc_diagram_view_new             (void);

NpcGuideline  *npc_diagram_view_get_guideline   (NpcDiagramView *self);
void           npc_diagram_view_set_guideline   (NpcDiagramView *self,
                                                 NpcGuideline   *guideline);
/* The same, with the guideline's layout made already (by a renderer of the same font, as
 * npc_renderer_layout_guideline() does): the view uses it if it has the view's orientation,
 * and lays the guideline out itself otherwise. */
void           npc_diagram_view_set_guideline_with_layout (NpcDiagramView *self,
                                                           NpcGuideline   *guideline,
                                                           NpcLayout      *layout);
NpcEvaluation *npc_diagram_view_get_evaluation  (NpcDiagramView *self);
void           npc_diagram_view_set_evaluation  (NpcDiagramView *self,
                                                 NpcEvaluation  *evaluation);
NpcLayoutOrientation npc_diagram_view_get_orientation (NpcDiagramView *self);
void           npc_diagram_view_set_orientation (NpcDiagramView       *self,
                                                 NpcLayoutOrientation  orientation);

/* The selected node's id (for a "continue at" link, the id it continues at), or NULL. */
const char    *npc_diagram_view_get_selected_node (NpcDiagramView *self);
/* Selects the box of a node and shows it; NULL clears. Emits ::node-selected on change. */
void           npc_diagram_view_select_node     (NpcDiagramView *self,
                                                 const char     *node_id);
const NpcLayoutBox *npc_diagram_view_get_selected_box (NpcDiagramView *self);

/* What is in view; setting it moves the view (the zoom and origin below are its). */
NpcDiagramViewport *npc_diagram_view_get_viewport (NpcDiagramView *self);

/* View state: pixels per model unit and the model point at the widget's top-left. */
double         npc_diagram_view_get_zoom        (NpcDiagramView *self);
void           npc_diagram_view_set_zoom        (NpcDiagramView *self,
                                                 double          zoom);
void           npc_diagram_view_get_origin      (NpcDiagramView *self,
                                                 double         *x,
                                                 double         *y);
void           npc_diagram_view_set_origin      (NpcDiagramView *self,
                                                 double          x,
                                                 double          y);
void           npc_diagram_view_zoom_to_fit     (NpcDiagramView *self);
void           npc_diagram_view_zoom_to_path    (NpcDiagramView *self);
/* Shows the patient's outcome with the decisions before it, legibly, and keeps doing so
 * after every change of the path until the user moves the view. */
void           npc_diagram_view_follow_patient  (NpcDiagramView *self,
                                                 gboolean        animate);
/* The zoom buttons, the overview and "Back to the patient" over the diagram (shown). */
void           npc_diagram_view_set_show_controls (NpcDiagramView *self,
                                                   gboolean        show);
/* Shows one node, selected, in the middle of the view at a readable size. */
void           npc_diagram_view_show_node       (NpcDiagramView *self,
                                                 const char     *node_id);
/* Whether the view follows the patient (the user has not moved it since). */
gboolean       npc_diagram_view_get_following   (NpcDiagramView *self);

/* For tests and benchmarks. */
NpcLayout     *npc_diagram_view_get_layout      (NpcDiagramView *self);
void           npc_diagram_view_set_layout      (NpcDiagramView *self,
                                                 NpcLayout      *layout);
NpcRenderer   *npc_diagram_view_get_renderer    (NpcDiagramView *self);
void           npc_diagram_view_animate_to      (NpcDiagramView *self,
                                                 double          zoom,
                                                 double          cx,
                                                 double          cy);

G_END_DECLS
