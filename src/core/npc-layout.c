/* npc-layout.c — tidy-tree layout of a guideline's decision tree
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The algorithm is the linear-time Walker layout of Buchheim, Jünger and Leipert
 * ("Improving Walker's algorithm to run in linear time", 2002), with the separation between
 * two neighbours computed from their own sizes so that boxes of any width fit. It works on
 * one axis ("breadth": x when top-down, y when left-right); levels are placed along the other
 * axis ("depth") one after another, each as deep as its deepest box.
 */

#define G_LOG_DOMAIN "npc-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "npc-layout.h"

/* ------------------------------------------------------------------------------------------ */
/* Generic graphs */

typedef struct {
  guint child;
  guint id; /* global edge number */
  char *label;
} GraphEdge;

typedef struct {
  char *id;
  char *label;
  const NpcNode *node;
  GArray *edges; /* GraphEdge */
} GraphNode;

struct _NpcLayoutGraph {
  GArray *nodes; /* GraphNode */
  guint n_edges;
};

static void
graph_node_clear (gpointer data)
{
  GraphNode *gn = data;

  g_free (gn->id);
  g_free (gn->label);
  if (gn->edges != NULL)
    {
      for (guint i = 0; i < gn->edges->len; i++)
        g_free (g_array_index (gn->edges, GraphEdge, i).label);
      g_array_unref (gn->edges);
    }
}

NpcLayoutGraph *
npc_layout_graph_new (void)
{
  NpcLayoutGraph *graph = g_new0 (NpcLayoutGraph, 1);

  graph->nodes = g_array_new (FALSE, TRUE, sizeof (GraphNode));
  g_array_set_clear_func (graph->nodes, graph_node_clear);
  return graph;
}

void
npc_layout_graph_free (NpcLayoutGraph *graph)
{
  if (graph == NULL)
    return;
  g_array_unref (graph->nodes);
  g_free (graph);
}

static guint
graph_add (NpcLayoutGraph *graph,
           const char     *id,
           const char     *label,
           const NpcNode  *node)
{
  GraphNode gn = { 0 };

  gn.id = g_strdup (id);
  gn.label = g_strdup (label != NULL ? label : id);
  gn.node = node;
  gn.edges = g_array_new (FALSE, TRUE, sizeof (GraphEdge));
  g_array_append_val (graph->nodes, gn);
  return graph->nodes->len - 1;
}

guint
npc_layout_graph_add_node (NpcLayoutGraph *graph,
                           const char     *id,
                           const char     *label)
{
  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (id != NULL, 0);

  return graph_add (graph, id, label, NULL);
}

void
npc_layout_graph_add_edge (NpcLayoutGraph *graph,
                           guint           parent,
                           guint           child,
                           const char     *label)
{
  GraphEdge edge;

  g_return_if_fail (graph != NULL);
  g_return_if_fail (parent < graph->nodes->len);
  g_return_if_fail (child < graph->nodes->len);

  edge.child = child;
  edge.id = graph->n_edges++;
  edge.label = g_strdup (label);
  g_array_append_val (g_array_index (graph->nodes, GraphNode, parent).edges, edge);
}

guint
npc_layout_graph_get_n_nodes (NpcLayoutGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);

  return graph->nodes->len;
}

/* ------------------------------------------------------------------------------------------ */
/* The layout */

typedef struct _LBox LBox;

struct _LBox {
  NpcLayoutBox pub; /* first: an LBox * is an NpcLayoutBox * */

  /* Buchheim–Walker state, breadth axis */
  double size;   /* extent along the breadth axis */
  double prelim;
  double mod;
  double change;
  double shift;
  LBox *thread;
  LBox *ancestor;
  guint number;  /* 1-based position among siblings */
  guint level_pos; /* position in its level */
};

typedef struct {
  double start, extent; /* along the depth axis */
  GPtrArray *boxes;     /* LBox, left to right (preorder) */
  double edge_span;     /* the widest hull of an edge into this level, along the breadth axis */
} Level;

struct _NpcLayout {
  GObject parent_instance;

  NpcGuideline *guideline;
  NpcLayoutOrientation orientation;

  LBox *boxes;
  guint n_boxes;
  const NpcLayoutBox **box_ptrs;
  const NpcLayoutBox **child_ptrs;
  NpcLayoutEdge *edges;
  guint n_edges;
  GStringChunk *strings;

  Level *levels;
  guint n_levels;

  GHashTable *by_node; /* NpcNode -> LBox */
  GHashTable *by_id;   /* id -> LBox */

  NpcLayoutRect bounds;
};

G_DEFINE_FINAL_TYPE (NpcLayout, npc_layout, G_TYPE_OBJECT)

static void
npc_layout_finalize (GObject *object)
{
  NpcLayout *self = NPC_LAYOUT (object);

  for (guint i = 0; i < self->n_levels; i++)
    g_ptr_array_unref (self->levels[i].boxes);
  g_free (self->levels);
  g_free (self->boxes);
  g_free (self->box_ptrs);
  g_free (self->child_ptrs);
  g_free (self->edges);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->by_node, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->guideline);

  G_OBJECT_CLASS (npc_layout_parent_class)->finalize (object);
}

static void
npc_layout_class_init (NpcLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = npc_layout_finalize;
}

static void
npc_layout_init (NpcLayout *self)
{
  self->strings = g_string_chunk_new (4096);
  self->by_node = g_hash_table_new (NULL, NULL);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- building the box tree ---- */

typedef struct {
  NpcLayout *self;
  NpcLayoutGraph *graph;
  guint *home_edge;   /* graph node -> edge id of the entry where it is drawn */
  guint next_box;
  guint next_child;
  NpcLayoutMeasureFunc measure;
  gpointer user_data;
} Builder;

#define NO_EDGE G_MAXUINT

static const char *
intern (NpcLayout  *self,
        const char *str)
{
  return str != NULL ? g_string_chunk_insert_const (self->strings, str) : NULL;
}

static void
measure_box (Builder *b,
             LBox    *box)
{
  double w = 120, h = 40;

  if (b->measure != NULL)
    b->measure (&box->pub, &w, &h, b->user_data);
  box->pub.width = MAX (w, 1.0);
  box->pub.height = MAX (h, 1.0);
}

/* Preorder; returns the box made for graph node g. */
static LBox *
build_box (Builder      *b,
           guint         g,
           LBox         *parent,
           guint         depth,
           guint         branch,
           const char   *branch_label,
           gboolean      link)
{
  NpcLayout *self = b->self;
  GraphNode *gn = &g_array_index (b->graph->nodes, GraphNode, g);
  LBox *box = &self->boxes[b->next_box];

  box->pub.index = b->next_box++;
  box->pub.kind = link ? NPC_LAYOUT_BOX_LINK : NPC_LAYOUT_BOX_NODE;
  box->pub.id = intern (self, gn->id);
  box->pub.label = intern (self, gn->label);
  box->pub.node = gn->node;
  box->pub.graph_node = g;
  box->pub.parent = parent != NULL ? &parent->pub : NULL;
  box->pub.depth = depth;
  box->pub.branch = branch;
  box->pub.branch_label = intern (self, branch_label);
  box->ancestor = box;
  self->box_ptrs[box->pub.index] = &box->pub;
  measure_box (b, box);

  if (link)
    return box;

  g_hash_table_insert (self->by_id, (gpointer) box->pub.id, box);
  if (gn->node != NULL)
    g_hash_table_insert (self->by_node, (gpointer) gn->node, box);

  box->pub.n_children = gn->edges->len;
  box->pub.children = self->child_ptrs + b->next_child;
  b->next_child += gn->edges->len;

  for (guint i = 0; i < gn->edges->len; i++)
    {
      GraphEdge *e = &g_array_index (gn->edges, GraphEdge, i);
      gboolean is_link = b->home_edge[e->child] != e->id;
      LBox *child = build_box (b, e->child, box, depth + 1, i, e->label, is_link);

      child->pub.sibling_index = i;
      child->number = i + 1;
      ((const NpcLayoutBox **) box->pub.children)[i] = &child->pub;
    }

  return box;
}

static void
resolve_links (NpcLayout *self)
{
  for (guint i = 0; i < self->n_boxes; i++)
    {
      LBox *box = &self->boxes[i];

      if (box->pub.kind == NPC_LAYOUT_BOX_LINK)
        box->pub.target = g_hash_table_lookup (self->by_id, box->pub.id);
    }
}

/* ---- Buchheim, Jünger, Leipert ---- */

#define CHILD(v, i) ((LBox *) (v)->pub.children[(i)])
#define PARENT(v) ((LBox *) (v)->pub.parent)

static inline gboolean
is_leaf (LBox *v)
{
  return v->pub.n_children == 0;
}

static inline LBox *
left_sibling (LBox *v)
{
  if (v->pub.parent == NULL || v->pub.sibling_index == 0)
    return NULL;
  return CHILD (PARENT (v), v->pub.sibling_index - 1);
}

static inline LBox *
leftmost_sibling (LBox *v)
{
  if (v->pub.parent == NULL)
    return v;
  return CHILD (PARENT (v), 0);
}

static inline LBox *
next_left (LBox *v)
{
  return is_leaf (v) ? v->thread : CHILD (v, 0);
}

static inline LBox *
next_right (LBox *v)
{
  return is_leaf (v) ? v->thread : CHILD (v, v->pub.n_children - 1);
}

/* Distance between the centres of two neighbours on one level. */
static inline double
separation (LBox *left,
            LBox *right)
{
  double gap = left->pub.parent == right->pub.parent ? NPC_LAYOUT_SIBLING_GAP
                                                     : NPC_LAYOUT_SUBTREE_GAP;
  return (left->size + right->size) / 2 + gap;
}

static void
move_subtree (LBox  *wm,
              LBox  *wp,
              double shift)
{
  double subtrees = (double) wp->number - (double) wm->number;

  g_assert (subtrees > 0);
  wp->change -= shift / subtrees;
  wp->shift += shift;
  wm->change += shift / subtrees;
  wp->prelim += shift;
  wp->mod += shift;
}

static void
execute_shifts (LBox *v)
{
  double shift = 0, change = 0;

  for (guint i = v->pub.n_children; i-- > 0;)
    {
      LBox *w = CHILD (v, i);

      w->prelim += shift;
      w->mod += shift;
      change += w->change;
      shift += w->shift + change;
    }
}

static inline LBox *
ancestor_of (LBox *vim,
             LBox *v,
             LBox *default_ancestor)
{
  if (vim->ancestor->pub.parent == v->pub.parent)
    return vim->ancestor;
  return default_ancestor;
}

static LBox *
apportion (LBox *v,
           LBox *default_ancestor)
{
  LBox *w = left_sibling (v);
  LBox *vip, *vop, *vim, *vom;
  double sip, sop, sim, som;

  if (w == NULL)
    return default_ancestor;

  vip = vop = v;
  vim = w;
  vom = leftmost_sibling (vip);
  sip = vip->mod;
  sop = vop->mod;
  sim = vim->mod;
  som = vom->mod;

  while (next_right (vim) != NULL && next_left (vip) != NULL)
    {
      double shift;

      vim = next_right (vim);
      vip = next_left (vip);
      vom = next_left (vom);
      vop = next_right (vop);
      vop->ancestor = v;
      shift = (vim->prelim + sim) - (vip->prelim + sip) + separation (vim, vip);
      if (shift > 0)
        {
          move_subtree (ancestor_of (vim, v, default_ancestor), v, shift);
          sip += shift;
          sop += shift;
        }
      sim += vim->mod;
      sip += vip->mod;
      som += vom->mod;
      sop += vop->mod;
    }

  if (next_right (vim) != NULL && next_right (vop) == NULL)
    {
      vop->thread = next_right (vim);
      vop->mod += sim - sop;
    }
  if (next_left (vip) != NULL && next_left (vom) == NULL)
    {
      vom->thread = next_left (vip);
      vom->mod += sip - som;
      default_ancestor = v;
    }

  return default_ancestor;
}

static void
first_walk (LBox *v)
{
  LBox *w = left_sibling (v);

  if (is_leaf (v))
    {
      v->prelim = w != NULL ? w->prelim + separation (w, v) : 0;
      return;
    }

  {
    LBox *default_ancestor = CHILD (v, 0);
    double midpoint;

    for (guint i = 0; i < v->pub.n_children; i++)
      {
        first_walk (CHILD (v, i));
        default_ancestor = apportion (CHILD (v, i), default_ancestor);
      }
    execute_shifts (v);
    midpoint = (CHILD (v, 0)->prelim + CHILD (v, v->pub.n_children - 1)->prelim) / 2;
    if (w != NULL)
      {
        v->prelim = w->prelim + separation (w, v);
        v->mod = v->prelim - midpoint;
      }
    else
      {
        v->prelim = midpoint;
      }
  }
}

/* Final breadth centres, stored in prelim. Iterative: preorder means parents come first. */
static void
second_walk (NpcLayout *self)
{
  g_autofree double *acc = g_new0 (double, self->n_boxes); /* sum of ancestors' mods */

  for (guint i = 0; i < self->n_boxes; i++)
    {
      LBox *v = &self->boxes[i];
      double m = v->pub.parent != NULL ? acc[v->pub.parent->index] : 0;

      v->prelim += m;
      acc[i] = m + v->mod;
    }
}

static void
place (NpcLayout *self)
{
  gboolean td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  double level_gap = td ? NPC_LAYOUT_LEVEL_GAP_TOP_DOWN : NPC_LAYOUT_LEVEL_GAP_LEFT_RIGHT;
  double min_start = G_MAXDOUBLE, max_end = -G_MAXDOUBLE;
  double depth_pos = 0;

  for (guint i = 0; i < self->n_boxes; i++)
    {
      LBox *v = &self->boxes[i];
      min_start = MIN (min_start, v->prelim - v->size / 2);
      max_end = MAX (max_end, v->prelim + v->size / 2);
    }

  for (guint d = 0; d < self->n_levels; d++)
    {
      self->levels[d].start = depth_pos;
      depth_pos += self->levels[d].extent + level_gap;
    }

  for (guint i = 0; i < self->n_boxes; i++)
    {
      LBox *v = &self->boxes[i];
      double breadth = v->prelim - v->size / 2 - min_start;
      double depth = self->levels[v->pub.depth].start;

      if (td)
        {
          v->pub.x = breadth;
          v->pub.y = depth;
        }
      else
        {
          v->pub.x = depth;
          v->pub.y = breadth;
        }
    }

  /* For npc_layout_get_edges_in_rect: an edge lies in the hull of its two boxes. */
  for (guint i = 1; i < self->n_boxes; i++)
    {
      LBox *v = &self->boxes[i];
      const NpcLayoutBox *p = v->pub.parent;
      double b0 = td ? MIN (p->x, v->pub.x) : MIN (p->y, v->pub.y);
      double b1 = td ? MAX (p->x + p->width, v->pub.x + v->pub.width)
                     : MAX (p->y + p->height, v->pub.y + v->pub.height);
      Level *level = &self->levels[v->pub.depth];

      level->edge_span = MAX (level->edge_span, b1 - b0);
    }

  self->bounds.x = 0;
  self->bounds.y = 0;
  if (td)
    {
      self->bounds.width = max_end - min_start;
      self->bounds.height = depth_pos - level_gap;
    }
  else
    {
      self->bounds.width = depth_pos - level_gap;
      self->bounds.height = max_end - min_start;
    }
}

static void
run (NpcLayout            *self,
     NpcLayoutGraph       *graph,
     guint                 root,
     NpcLayoutMeasureFunc  measure,
     gpointer              user_data)
{
  g_autofree guint *home_edge = g_new (guint, graph->nodes->len);
  g_autofree gboolean *seen = g_new0 (gboolean, graph->nodes->len);
  g_autofree guint *queue = g_new (guint, graph->nodes->len);
  guint head = 0, tail = 0;
  guint n_boxes = 1;
  gboolean td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  Builder b = { 0 };

  /* Breadth first from the root: a node is drawn at its shallowest entry (the first one
   * in branch order among equals); D13, reached from D1 and from deep redirects, stays
   * at the head of the metastatic branch. */
  for (guint i = 0; i < graph->nodes->len; i++)
    home_edge[i] = NO_EDGE;
  seen[root] = TRUE;
  queue[tail++] = root;
  while (head < tail)
    {
      GraphNode *gn = &g_array_index (graph->nodes, GraphNode, queue[head++]);

      n_boxes += gn->edges->len;
      for (guint i = 0; i < gn->edges->len; i++)
        {
          GraphEdge *e = &g_array_index (gn->edges, GraphEdge, i);

          if (!seen[e->child])
            {
              seen[e->child] = TRUE;
              home_edge[e->child] = e->id;
              queue[tail++] = e->child;
            }
        }
    }

  self->n_boxes = n_boxes;
  self->boxes = g_new0 (LBox, n_boxes);
  self->box_ptrs = g_new0 (const NpcLayoutBox *, n_boxes);
  self->child_ptrs = g_new0 (const NpcLayoutBox *, MAX (n_boxes - 1, 1));

  b.self = self;
  b.graph = graph;
  b.home_edge = home_edge;
  b.measure = measure;
  b.user_data = user_data;
  build_box (&b, root, NULL, 0, 0, NULL, FALSE);
  g_assert (b.next_box == n_boxes);
  resolve_links (self);

  /* Levels and edges */
  for (guint i = 0; i < n_boxes; i++)
    self->n_levels = MAX (self->n_levels, self->boxes[i].pub.depth + 1);
  self->levels = g_new0 (Level, self->n_levels);
  for (guint d = 0; d < self->n_levels; d++)
    self->levels[d].boxes = g_ptr_array_new ();

  self->n_edges = n_boxes - 1;
  self->edges = g_new0 (NpcLayoutEdge, MAX (self->n_edges, 1));
  for (guint i = 0; i < n_boxes; i++)
    {
      LBox *v = &self->boxes[i];
      Level *level = &self->levels[v->pub.depth];

      v->size = td ? v->pub.width : v->pub.height;
      level->extent = MAX (level->extent, td ? v->pub.height : v->pub.width);
      v->level_pos = level->boxes->len;
      g_ptr_array_add (level->boxes, v);
      if (i > 0)
        {
          NpcLayoutEdge *edge = &self->edges[i - 1];

          edge->parent = v->pub.parent;
          edge->child = &v->pub;
          edge->label = v->pub.branch_label;
          edge->branch = v->pub.branch;
        }
    }

  first_walk (&self->boxes[0]);
  second_walk (self);
  place (self);
}

NpcLayout *
npc_layout_new_for_graph (NpcLayoutGraph       *graph,
                          guint                 root,
                          NpcLayoutOrientation  orientation,
                          NpcLayoutMeasureFunc  measure,
                          gpointer              user_data)
{
  NpcLayout *self;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (root < graph->nodes->len, NULL);

  self = g_object_new (NPC_TYPE_LAYOUT, NULL);
  self->orientation = orientation;
  run (self, graph, root, measure, user_data);
  return self;
}

static guint
graph_add_guideline_node (NpcLayoutGraph *graph,
                          GHashTable     *seen,
                          const NpcNode  *node)
{
  gpointer found;
  guint g;

  if (g_hash_table_lookup_extended (seen, node, NULL, &found))
    return GPOINTER_TO_UINT (found);

  g = graph_add (graph, node->id, node->label, node);
  g_hash_table_insert (seen, (gpointer) node, GUINT_TO_POINTER (g));

  if (node->kind == NPC_NODE_DECISION)
    {
      for (guint i = 0; i < node->n_branches; i++)
        {
          const NpcBranch *branch = &node->branches[i];
          guint c = graph_add_guideline_node (graph, seen, branch->target);

          npc_layout_graph_add_edge (graph, g, c, branch->label);
        }
    }
  else if (node->kind == NPC_NODE_REDIRECT && node->target != NULL)
    {
      guint c = graph_add_guideline_node (graph, seen, node->target);

      npc_layout_graph_add_edge (graph, g, c, NULL);
    }

  return g;
}

NpcLayout *
npc_layout_new (NpcGuideline         *guideline,
                NpcLayoutOrientation  orientation,
                NpcLayoutMeasureFunc  measure,
                gpointer              user_data)
{
  g_autoptr(NpcLayoutGraph) graph = NULL;
  g_autoptr(GHashTable) seen = NULL;
  const NpcNode *root;
  NpcLayout *self;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);

  root = npc_guideline_get_root (guideline);
  g_return_val_if_fail (root != NULL, NULL);

  graph = npc_layout_graph_new ();
  seen = g_hash_table_new (NULL, NULL);
  graph_add_guideline_node (graph, seen, root);

  self = g_object_new (NPC_TYPE_LAYOUT, NULL);
  self->guideline = g_object_ref (guideline);
  self->orientation = orientation;
  run (self, graph, 0, measure, user_data);
  return self;
}

NpcGuideline *
npc_layout_get_guideline (NpcLayout *self)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  return self->guideline;
}

NpcLayoutOrientation
npc_layout_get_orientation (NpcLayout *self)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NPC_LAYOUT_TOP_DOWN);

  return self->orientation;
}

const NpcLayoutBox *const *
npc_layout_get_boxes (NpcLayout *self,
                      guint     *n_out)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  if (n_out != NULL)
    *n_out = self->n_boxes;
  return self->box_ptrs;
}

const NpcLayoutEdge *
npc_layout_get_edges (NpcLayout *self,
                      guint     *n_out)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  if (n_out != NULL)
    *n_out = self->n_edges;
  return self->edges;
}

void
npc_layout_get_bounds (NpcLayout     *self,
                       NpcLayoutRect *bounds)
{
  g_return_if_fail (NPC_IS_LAYOUT (self));
  g_return_if_fail (bounds != NULL);

  *bounds = self->bounds;
}

gboolean
npc_layout_rect_intersects (const NpcLayoutRect *a,
                            const NpcLayoutRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Boxes of a level are sorted along the breadth axis, levels along the depth axis:
 * a rectangle query is two binary searches per level it crosses. */
void
npc_layout_foreach_in_rect (NpcLayout           *self,
                            const NpcLayoutRect *rect,
                            NpcLayoutBoxFunc     func,
                            gpointer             user_data)
{
  gboolean td;
  double d0, d1, b0, b1;

  g_return_if_fail (NPC_IS_LAYOUT (self));
  g_return_if_fail (rect != NULL);
  g_return_if_fail (func != NULL);

  td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  d0 = td ? rect->y : rect->x;
  d1 = d0 + (td ? rect->height : rect->width);
  b0 = td ? rect->x : rect->y;
  b1 = b0 + (td ? rect->width : rect->height);

  for (guint d = 0; d < self->n_levels; d++)
    {
      Level *level = &self->levels[d];
      guint lo = 0, hi = level->boxes->len;

      if (level->start >= d1)
        break;
      if (level->start + level->extent <= d0)
        continue;

      /* first box whose breadth end is past b0 */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          LBox *v = g_ptr_array_index (level->boxes, mid);
          double end = td ? v->pub.x + v->pub.width : v->pub.y + v->pub.height;

          if (end <= b0)
            lo = mid + 1;
          else
            hi = mid;
        }

      for (guint i = lo; i < level->boxes->len; i++)
        {
          LBox *v = g_ptr_array_index (level->boxes, i);
          NpcLayoutRect r = { v->pub.x, v->pub.y, v->pub.width, v->pub.height };

          if ((td ? v->pub.x : v->pub.y) >= b1)
            break;
          if (npc_layout_rect_intersects (&r, rect))
            func (&v->pub, user_data);
        }
    }
}

static int
cmp_uint (gconstpointer a,
          gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* An edge lies in the hull of its parent's and its child's boxes; a level knows its widest
 * hull, so the candidates are the children near the rectangle in the levels it crosses. */
void
npc_layout_get_edges_in_rect (NpcLayout           *self,
                              const NpcLayoutRect *rect,
                              GArray              *indices)
{
  gboolean td;
  double d0, d1, b0, b1;
  guint first = indices != NULL ? indices->len : 0;

  g_return_if_fail (NPC_IS_LAYOUT (self));
  g_return_if_fail (rect != NULL);
  g_return_if_fail (indices != NULL && g_array_get_element_size (indices) == sizeof (guint));

  td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  d0 = td ? rect->y : rect->x;
  d1 = d0 + (td ? rect->height : rect->width);
  b0 = td ? rect->x : rect->y;
  b1 = b0 + (td ? rect->width : rect->height);

  for (guint d = 1; d < self->n_levels; d++)
    {
      Level *level = &self->levels[d];
      double span = level->edge_span;
      guint lo = 0, hi = level->boxes->len;

      /* the hulls of this level's edges reach from the level above to the end of this one */
      if (self->levels[d - 1].start >= d1)
        break;
      if (level->start + level->extent <= d0)
        continue;

      /* a hull holds its child and is at most span wide */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          LBox *v = g_ptr_array_index (level->boxes, mid);
          double start = td ? v->pub.x : v->pub.y;

          if (start + span <= b0)
            lo = mid + 1;
          else
            hi = mid;
        }

      for (guint i = lo; i < level->boxes->len; i++)
        {
          LBox *v = g_ptr_array_index (level->boxes, i);
          const NpcLayoutBox *p = v->pub.parent;
          NpcLayoutRect hull;

          if ((td ? v->pub.x + v->pub.width : v->pub.y + v->pub.height) - span >= b1)
            break;
          hull.x = MIN (p->x, v->pub.x);
          hull.y = MIN (p->y, v->pub.y);
          hull.width = MAX (p->x + p->width, v->pub.x + v->pub.width) - hull.x;
          hull.height = MAX (p->y + p->height, v->pub.y + v->pub.height) - hull.y;
          if (npc_layout_rect_intersects (&hull, rect))
            {
              guint edge = v->pub.index - 1;
              g_array_append_val (indices, edge);
            }
        }
    }

  /* in the order of the edges, as a full drawing takes them */
  if (indices->len > first)
    qsort (&g_array_index (indices, guint, first), indices->len - first, sizeof (guint),
           cmp_uint);
}

static void
hit_cb (const NpcLayoutBox *box,
        gpointer            user_data)
{
  const NpcLayoutBox **out = user_data;

  if (*out == NULL)
    *out = box;
}

const NpcLayoutBox *
npc_layout_hit_test (NpcLayout *self,
                     double     x,
                     double     y)
{
  NpcLayoutRect rect = { x, y, 1e-6, 1e-6 };
  const NpcLayoutBox *found = NULL;

  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  npc_layout_foreach_in_rect (self, &rect, hit_cb, &found);
  return found;
}

const NpcLayoutBox *
npc_layout_find_node (NpcLayout     *self,
                      const NpcNode *node)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  if (node == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_node, node);
}

const NpcLayoutBox *
npc_layout_find_id (NpcLayout  *self,
                    const char *id)
{
  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

const NpcLayoutBox *
npc_layout_get_neighbour (NpcLayout          *self,
                          const NpcLayoutBox *box,
                          NpcLayoutDirection  direction)
{
  GPtrArray *level;
  guint pos;

  g_return_val_if_fail (NPC_IS_LAYOUT (self), NULL);
  g_return_val_if_fail (box != NULL, NULL);

  switch (direction)
    {
    case NPC_LAYOUT_PARENT:
      return box->parent;

    case NPC_LAYOUT_FIRST_CHILD:
      if (box->kind == NPC_LAYOUT_BOX_LINK)
        return box->target;
      return box->n_children > 0 ? box->children[0] : NULL;

    case NPC_LAYOUT_PREV_SIBLING:
    case NPC_LAYOUT_NEXT_SIBLING:
      /* Siblings are neighbours in their level; past the last sibling, go on to the
       * cousin beside it, so the arrow keys walk a whole level. */
      level = self->levels[box->depth].boxes;
      pos = ((const LBox *) box)->level_pos;
      if (direction == NPC_LAYOUT_PREV_SIBLING)
        return pos > 0 ? g_ptr_array_index (level, pos - 1) : NULL;
      return pos + 1 < level->len ? g_ptr_array_index (level, pos + 1) : NULL;

    default:
      g_return_val_if_reached (NULL);
    }
}
