/* npc-diagram-node.c — one node of the pathway diagram, as assistive technologies see it
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 exposes only widgets to the accessibility bus, so each box the diagram shows has
 * a widget of its own. It is not drawn and takes no pointer events (the diagram draws the
 * box and handles the pointer); it has a role, a name, a description and keyboard focus.
 */
#define G_LOG_DOMAIN "npc-diagram-node"

#include "config.h"

#include "npc-diagram-node.h"

struct _NpcDiagramNode
{
  GtkWidget parent_instance;

  const NpcLayoutBox *box; /* owned by the diagram's layout, which outlives this widget */
  char *name;
  char *description;
};

G_DEFINE_FINAL_TYPE (NpcDiagramNode, npc_diagram_node, GTK_TYPE_WIDGET)

static void
npc_diagram_node_finalize (GObject *object)
{
  NpcDiagramNode *self = NPC_DIAGRAM_NODE (object);

  g_free (self->name);
  g_free (self->description);
  G_OBJECT_CLASS (npc_diagram_node_parent_class)->finalize (object);
}

static void
npc_diagram_node_class_init (NpcDiagramNodeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = npc_diagram_node_finalize;
  gtk_widget_class_set_css_name (widget_class, "npc-diagram-node");
  /* Activating a node selects it and shows its evidence. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
npc_diagram_node_init (NpcDiagramNode *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
npc_diagram_node_new (const NpcLayoutBox *box)
{
  NpcDiagramNode *self;

  g_return_val_if_fail (box != NULL, NULL);
  self = g_object_new (NPC_TYPE_DIAGRAM_NODE, NULL);
  self->box = box;
  return GTK_WIDGET (self);
}

const NpcLayoutBox *
npc_diagram_node_get_box (NpcDiagramNode *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_NODE (self), NULL);
  return self->box;
}

void
npc_diagram_node_describe (NpcDiagramNode *self,
                           const char     *name,
                           const char     *description)
{
  g_return_if_fail (NPC_IS_DIAGRAM_NODE (self));

  /* Only what changed goes to the accessibility bus. */
  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name ? name : "",
                                      -1);
    }
  if (g_strcmp0 (self->description, description) != 0)
    {
      g_free (self->description);
      self->description = g_strdup (description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description ? description : "",
                                      -1);
    }
}
