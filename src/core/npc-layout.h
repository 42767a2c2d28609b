/* npc-layout.h — the pathway diagram's geometry, in model units
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tidy-tree layout (Reingold–Tilford, in the linear-time form of Buchheim, Jünger and
 * Leipert) of a guideline's decision tree from its root. The guideline is a directed
 * acyclic graph: a node reached from more than one place is drawn once, at its shallowest
 * entry, and every other entry becomes a small link box ("continue at D13"), the
 * flowchart convention, so that no edge crosses the page.
 *
 * Box sizes come from a measuring callback, so the layout knows nothing of fonts. The
 * layout does not depend on an evaluation: a new evaluation only changes how boxes are
 * drawn, never where.
 */
#pragma once

#include <glib-object.h>

#include "npc-guideline.h"

G_BEGIN_DECLS

typedef enum {
  NPC_LAYOUT_TOP_DOWN,
  NPC_LAYOUT_LEFT_RIGHT,
} NpcLayoutOrientation;

typedef enum {
  NPC_LAYOUT_BOX_NODE, /* a model node, drawn once */
  NPC_LAYOUT_BOX_LINK, /* "continue at <target>": another entry to a node drawn elsewhere */
} NpcLayoutBoxKind;

typedef enum {
  NPC_LAYOUT_PARENT,
  NPC_LAYOUT_FIRST_CHILD,
  NPC_LAYOUT_PREV_SIBLING,
  NPC_LAYOUT_NEXT_SIBLING,
} NpcLayoutDirection;

typedef struct {
  double x, y, width, height;
} NpcLayoutRect;

/* Space between levels (where branch labels go) and between neighbours, in model units. */
#define NPC_LAYOUT_LEVEL_GAP_TOP_DOWN   84.0
#define NPC_LAYOUT_LEVEL_GAP_LEFT_RIGHT 190.0
#define NPC_LAYOUT_SIBLING_GAP          28.0
#define NPC_LAYOUT_SUBTREE_GAP          44.0

typedef struct _NpcLayoutBox NpcLayoutBox;

/* Owned by the layout; read-only. */
struct _NpcLayoutBox {
  NpcLayoutBoxKind kind;
  guint index;                /* position in npc_layout_get_boxes() */
  const char *id;             /* node id; for a link, the target's id */
  const char *label;          /* node label; for a link, the target's label */
  const NpcNode *node;        /* the model node (for a link, the node it continues at);
                               * NULL in a layout of a generic graph */
  guint graph_node;           /* the graph node (generic graphs) or NpcNode drawn */
  const NpcLayoutBox *target; /* link: the box of the node it continues at */
  const NpcLayoutBox *parent; /* NULL for the root */
  const NpcLayoutBox *const *children;
  guint n_children;
  guint sibling_index;        /* position among parent->children */
  guint depth;
  guint branch;               /* the parent's branch leading here */
  const char *branch_label;   /* nullable: its label */
  double x, y, width, height; /* top-left corner and size */
};

typedef struct {
  const NpcLayoutBox *parent;
  const NpcLayoutBox *child;
  const char *label; /* nullable: the branch label */
  guint branch;      /* index of the branch in the parent node */
} NpcLayoutEdge;

/* Fills the size of a box; kind, id, label and node are set when it is called. */
typedef void (*NpcLayoutMeasureFunc) (const NpcLayoutBox *box,
                                      double             *width,
                                      double             *height,
                                      gpointer            user_data);

/* A generic directed acyclic graph, for tests and benchmarks. */
typedef struct _NpcLayoutGraph NpcLayoutGraph;

NpcLayoutGraph *npc_layout_graph_new       (void);
void            npc_layout_graph_free      (NpcLayoutGraph *graph);
/* Returns the new node's number; strings are copied. */
guint           npc_layout_graph_add_node  (NpcLayoutGraph *graph,
                                            const char     *id,
                                            const char     *label);
/* Edges of one parent keep the order they are added in (the branch order). */
void            npc_layout_graph_add_edge  (NpcLayoutGraph *graph,
                                            guint           parent,
                                            guint           child,
                                            const char     *label);
guint           npc_layout_graph_get_n_nodes (NpcLayoutGraph *graph);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcLayoutGraph, npc_layout_graph_free)

#define NPC_TYPE_LAYOUT (npc_layout_get_type ())
G_DECLARE_FINAL_TYPE (NpcLayout, npc_layout, NPC, LAYOUT, GObject)

/* measure may be NULL: every box is then 120 × 40. */
NpcLayout *npc_layout_new            (NpcGuideline         *guideline,
                                      NpcLayoutOrientation  orientation,
                                      NpcLayoutMeasureFunc  measure,
                                      gpointer              user_data);
NpcLayout *npc_layout_new_for_graph  (NpcLayoutGraph       *graph,
                                      guint                 root,
                                      NpcLayoutOrientation  orientation,
                                      NpcLayoutMeasureFunc  measure,
                                      gpointer              user_data);

NpcGuideline        *npc_layout_get_guideline   (NpcLayout *self);
NpcLayoutOrientation npc_layout_get_orientation (NpcLayout *self);

/* Boxes in preorder (parents before children, branches in order); the root is first. */
const NpcLayoutBox *const *npc_layout_get_boxes (NpcLayout *self,
                                                 guint     *n_out);
/* One edge per box but the root, in the order of the boxes. */
const NpcLayoutEdge *npc_layout_get_edges       (NpcLayout *self,
                                                 guint     *n_out);
void                 npc_layout_get_bounds      (NpcLayout     *self,
                                                 NpcLayoutRect *bounds);

/* The box under a point, or NULL. */
const NpcLayoutBox *npc_layout_hit_test         (NpcLayout *self,
                                                 double     x,
                                                 double     y);
/* The box where a node is drawn (never a link), or NULL. */
const NpcLayoutBox *npc_layout_find_node        (NpcLayout     *self,
                                                 const NpcNode *node);
const NpcLayoutBox *npc_layout_find_id          (NpcLayout  *self,
                                                 const char *id);
/* For keyboard navigation. The first child of a link is the box it continues at.
 * NULL when there is none. */
const NpcLayoutBox *npc_layout_get_neighbour    (NpcLayout          *self,
                                                 const NpcLayoutBox *box,
                                                 NpcLayoutDirection  direction);

/* Calls func for every box that intersects rect, in preorder. */
typedef void (*NpcLayoutBoxFunc) (const NpcLayoutBox *box, gpointer user_data);
void npc_layout_foreach_in_rect (NpcLayout           *self,
                                 const NpcLayoutRect *rect,
                                 NpcLayoutBoxFunc     func,
                                 gpointer             user_data);

/* Appends to indices (a GArray of guint) the index in npc_layout_get_edges() of every edge
 * whose parent and child boxes have a hull that meets rect, in ascending order. An edge's
 * line stays in that hull; what is drawn beside it (labels) is for the caller to allow for
 * by growing rect. */
void npc_layout_get_edges_in_rect (NpcLayout           *self,
                                   const NpcLayoutRect *rect,
                                   GArray              *indices);

gboolean npc_layout_rect_intersects (const NpcLayoutRect *a,
                                     const NpcLayoutRect *b);

G_END_DECLS
