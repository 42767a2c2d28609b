/* npc-diagram-node.h — one node of the pathway diagram, as assistive technologies see it
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "npc-layout.h"

G_BEGIN_DECLS

#define NPC_TYPE_DIAGRAM_NODE (npc_diagram_node_get_type ())
G_DECLARE_FINAL_TYPE (NpcDiagramNode, npc_diagram_node, NPC, DIAGRAM_NODE, GtkWidget)

/* A child of the diagram that draws nothing: it stands where its box is drawn, so that a
 * screen reader can find the node, read its name and state, and focus it. */
GtkWidget          *npc_diagram_node_new      (const NpcLayoutBox *box);
const NpcLayoutBox *npc_diagram_node_get_box  (NpcDiagramNode     *self);
/* The node's name ("D9 Resectable, candidate, willing? — decision") and its state for
 * this case ("on this patient's path"). */
void                npc_diagram_node_describe (NpcDiagramNode     *self,
                                               const char         *name,
                                               const char         *description);

G_END_DECLS
