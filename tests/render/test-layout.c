/* test-layout.c — properties of the tidy-tree layout
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-layout"

#include "config.h"

#include <math.h>

#include "npc-layout.h"
#include "npc-test-tree.h"

#define EPS 1e-6

/* Boxes of varying size, so separation by size is exercised. */
static void
measure_by_label (const NpcLayoutBox *box,
                  double             *width,
                  double             *height,
                  gpointer            user_data)
{
  gsize len = strlen (box->label);

  *width = 20 + 6.5 * MIN (len, 24);
  *height = box->kind == NPC_LAYOUT_BOX_LINK ? 24 : 30 + 14 * (len / 24);
}

static void
assert_no_overlap (NpcLayout *layout)
{
  const NpcLayoutBox *const *boxes;
  guint n;

  boxes = npc_layout_get_boxes (layout, &n);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        const NpcLayoutBox *a = boxes[i], *b = boxes[j];
        NpcLayoutRect ra = { a->x, a->y, a->width, a->height };
        NpcLayoutRect rb = { b->x, b->y, b->width, b->height };

        if (npc_layout_rect_intersects (&ra, &rb))
          g_error ("boxes %s (%g,%g %gx%g) and %s (%g,%g %gx%g) overlap", a->id, a->x, a->y,
                   a->width, a->height, b->id, b->x, b->y, b->width, b->height);
      }
}

static void
assert_parents_centred (NpcLayout *layout)
{
  gboolean td = npc_layout_get_orientation (layout) == NPC_LAYOUT_TOP_DOWN;
  const NpcLayoutBox *const *boxes;
  guint n;

  boxes = npc_layout_get_boxes (layout, &n);
  for (guint i = 0; i < n; i++)
    {
      const NpcLayoutBox *v = boxes[i];
      const NpcLayoutBox *first, *last;
      double centre, mid;

      if (v->n_children == 0)
        continue;
      first = v->children[0];
      last = v->children[v->n_children - 1];
      if (td)
        {
          centre = v->x + v->width / 2;
          mid = (first->x + first->width / 2 + last->x + last->width / 2) / 2;
          g_assert_cmpfloat (first->y, >, v->y + v->height);
        }
      else
        {
          centre = v->y + v->height / 2;
          mid = (first->y + first->height / 2 + last->y + last->height / 2) / 2;
          g_assert_cmpfloat (first->x, >, v->x + v->width);
        }
      g_assert_cmpfloat_with_epsilon (centre, mid, 1e-6);

      /* children keep branch order along the breadth axis */
      for (guint c = 1; c < v->n_children; c++)
        {
          const NpcLayoutBox *a = v->children[c - 1], *b = v->children[c];

          if (td)
            g_assert_cmpfloat (a->x + a->width, <=, b->x + EPS);
          else
            g_assert_cmpfloat (a->y + a->height, <=, b->y + EPS);
        }
    }
}

static void
assert_in_bounds (NpcLayout *layout)
{
  const NpcLayoutBox *const *boxes;
  NpcLayoutRect bounds;
  guint n;

  npc_layout_get_bounds (layout, &bounds);
  boxes = npc_layout_get_boxes (layout, &n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (boxes[i]->x, >=, bounds.x - EPS);
      g_assert_cmpfloat (boxes[i]->y, >=, bounds.y - EPS);
      g_assert_cmpfloat (boxes[i]->x + boxes[i]->width, <=, bounds.x + bounds.width + EPS);
      g_assert_cmpfloat (boxes[i]->y + boxes[i]->height, <=, bounds.y + bounds.height + EPS);
    }
}

static void
test_layout_single (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcLayout) layout = NULL;
  NpcLayoutRect bounds;
  guint n;

  npc_layout_graph_add_node (graph, "R", "Root");
  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN, NULL, NULL);
  npc_layout_get_boxes (layout, &n);
  g_assert_cmpuint (n, ==, 1);
  npc_layout_get_bounds (layout, &bounds);
  g_assert_cmpfloat (bounds.width, ==, 120);
  g_assert_cmpfloat (bounds.height, ==, 40);
  g_assert_null (npc_layout_get_neighbour (layout, npc_layout_get_boxes (layout, NULL)[0],
                                           NPC_LAYOUT_PARENT));
}

static void
check_random (guint n_nodes, guint32 seed, NpcLayoutOrientation orientation)
{
  g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (n_nodes, seed);
  g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, orientation,
                                                          measure_by_label, NULL);
  guint n;

  npc_layout_get_boxes (layout, &n);
  g_assert_cmpuint (n, ==, n_nodes);
  assert_no_overlap (layout);
  assert_parents_centred (layout);
  assert_in_bounds (layout);
}

static void
test_layout_random_trees (void)
{
  for (guint32 seed = 1; seed <= 40; seed++)
    {
      check_random (1 + seed * 7, seed, NPC_LAYOUT_TOP_DOWN);
      check_random (1 + seed * 7, seed, NPC_LAYOUT_LEFT_RIGHT);
    }
  check_random (800, 4242, NPC_LAYOUT_TOP_DOWN);
}

/* Walker's classic case: small subtrees between two big ones are spaced out evenly. */
static void
test_layout_tidy_spacing (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcLayout) layout = NULL;
  const NpcLayoutBox *root;
  guint r, a, e;

  r = npc_layout_graph_add_node (graph, "R", "R");
  a = npc_layout_graph_add_node (graph, "A", "A");
  npc_layout_graph_add_edge (graph, r, a, NULL);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("a%u", i);
      guint c = npc_layout_graph_add_node (graph, id, id);

      npc_layout_graph_add_edge (graph, a, c, NULL);
      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *gid = g_strdup_printf ("a%u%u", i, j);
          npc_layout_graph_add_edge (graph, c, npc_layout_graph_add_node (graph, gid, gid), NULL);
        }
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);
      npc_layout_graph_add_edge (graph, r, npc_layout_graph_add_node (graph, id, id), NULL);
    }
  e = npc_layout_graph_add_node (graph, "E", "E");
  npc_layout_graph_add_edge (graph, r, e, NULL);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      guint c = npc_layout_graph_add_node (graph, id, id);

      npc_layout_graph_add_edge (graph, e, c, NULL);
      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *gid = g_strdup_printf ("e%u%u", i, j);
          npc_layout_graph_add_edge (graph, c, npc_layout_graph_add_node (graph, gid, gid), NULL);
        }
    }

  layout = npc_layout_new_for_graph (graph, r, NPC_LAYOUT_TOP_DOWN, NULL, NULL);
  assert_no_overlap (layout);
  assert_parents_centred (layout);

  /* the three middle leaves are evenly spaced between A and E */
  root = npc_layout_get_boxes (layout, NULL)[0];
  g_assert_cmpuint (root->n_children, ==, 5);
  {
    double gaps[4];

    for (guint i = 0; i < 4; i++)
      gaps[i] = root->children[i + 1]->x - root->children[i]->x;
    g_assert_cmpfloat_with_epsilon (gaps[0], gaps[1], 1e-6);
    g_assert_cmpfloat_with_epsilon (gaps[1], gaps[2], 1e-6);
    g_assert_cmpfloat_with_epsilon (gaps[2], gaps[3], 1e-6);
  }
}

static void
test_layout_deterministic (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (300, 99);
  g_autoptr(NpcLayout) a = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN,
                                                     measure_by_label, NULL);
  g_autoptr(NpcLayout) b = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN,
                                                     measure_by_label, NULL);
  const NpcLayoutBox *const *ba, *const *bb;
  guint na, nb;

  ba = npc_layout_get_boxes (a, &na);
  bb = npc_layout_get_boxes (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpstr (ba[i]->id, ==, bb[i]->id);
      g_assert_cmpfloat (ba[i]->x, ==, bb[i]->x);
      g_assert_cmpfloat (ba[i]->y, ==, bb[i]->y);
      g_assert_cmpfloat (ba[i]->width, ==, bb[i]->width);
      g_assert_cmpfloat (ba[i]->height, ==, bb[i]->height);
    }
}

/* R ─┬─ A ── X ── T ── U
 *    ├─ T                 (T reached from R and X: drawn under R, a link under X)
 *    └─ B ─┬─ C
 *          └─ C           (two branches of B to C: one node, one link) */
static void
test_layout_shared_nodes (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcLayout) layout = NULL;
  const NpcLayoutBox *const *boxes;
  const NpcLayoutBox *t, *c;
  guint r, a, x, tt, u, b, cc, n, n_links = 0, n_t = 0, n_c = 0;
  const NpcLayoutEdge *edges;
  guint n_edges;

  r = npc_layout_graph_add_node (graph, "R", "Root question");
  a = npc_layout_graph_add_node (graph, "A", "A");
  x = npc_layout_graph_add_node (graph, "X", "X");
  tt = npc_layout_graph_add_node (graph, "T", "Shared target");
  u = npc_layout_graph_add_node (graph, "U", "U");
  b = npc_layout_graph_add_node (graph, "B", "B");
  cc = npc_layout_graph_add_node (graph, "C", "C");
  npc_layout_graph_add_edge (graph, r, a, "to A");
  npc_layout_graph_add_edge (graph, r, tt, "to T");
  npc_layout_graph_add_edge (graph, r, b, "to B");
  npc_layout_graph_add_edge (graph, a, x, NULL);
  npc_layout_graph_add_edge (graph, x, tt, "deep");
  npc_layout_graph_add_edge (graph, tt, u, NULL);
  npc_layout_graph_add_edge (graph, b, cc, "yes");
  npc_layout_graph_add_edge (graph, b, cc, "no");

  layout = npc_layout_new_for_graph (graph, r, NPC_LAYOUT_TOP_DOWN, measure_by_label, NULL);
  assert_no_overlap (layout);
  assert_parents_centred (layout);

  boxes = npc_layout_get_boxes (layout, &n);
  g_assert_cmpuint (n, ==, 9); /* 7 nodes + 2 links */
  for (guint i = 0; i < n; i++)
    {
      if (boxes[i]->kind == NPC_LAYOUT_BOX_LINK)
        {
          n_links++;
          g_assert_nonnull (boxes[i]->target);
          g_assert_cmpuint (boxes[i]->target->kind, ==, NPC_LAYOUT_BOX_NODE);
          g_assert_cmpstr (boxes[i]->target->id, ==, boxes[i]->id);
          g_assert_cmpuint (boxes[i]->n_children, ==, 0);
        }
      else
        {
          n_t += g_str_equal (boxes[i]->id, "T");
          n_c += g_str_equal (boxes[i]->id, "C");
        }
    }
  g_assert_cmpuint (n_links, ==, 2);
  g_assert_cmpuint (n_t, ==, 1);
  g_assert_cmpuint (n_c, ==, 1);

  /* T is drawn at its shallowest entry, under R; the link sits under X */
  t = npc_layout_find_id (layout, "T");
  g_assert_nonnull (t);
  g_assert_cmpstr (t->parent->id, ==, "R");
  g_assert_cmpuint (t->n_children, ==, 1);
  g_assert_cmpstr (npc_layout_find_id (layout, "X")->children[0]->id, ==, "T");
  g_assert_cmpuint (npc_layout_find_id (layout, "X")->children[0]->kind, ==, NPC_LAYOUT_BOX_LINK);
  g_assert_true (npc_layout_find_id (layout, "X")->children[0]->target == t);
  g_assert_cmpstr (npc_layout_find_id (layout, "X")->children[0]->branch_label, ==, "deep");

  /* the first branch to C draws it, the second is a link */
  c = npc_layout_find_id (layout, "C");
  g_assert_cmpuint (c->branch, ==, 0);
  g_assert_cmpuint (c->parent->children[1]->kind, ==, NPC_LAYOUT_BOX_LINK);
  g_assert_cmpuint (c->parent->children[1]->branch, ==, 1);

  /* navigation: a link's first child is its target */
  g_assert_true (npc_layout_get_neighbour (layout, c->parent->children[1],
                                           NPC_LAYOUT_FIRST_CHILD) == c);

  /* edges: one per box but the root, with labels and branch numbers */
  edges = npc_layout_get_edges (layout, &n_edges);
  g_assert_cmpuint (n_edges, ==, n - 1);
  for (guint i = 0; i < n_edges; i++)
    {
      g_assert_true (edges[i].child->parent == edges[i].parent);
      g_assert_cmpuint (edges[i].branch, ==, edges[i].child->branch);
      if (edges[i].child == t)
        g_assert_cmpstr (edges[i].label, ==, "to T");
    }
}

static void
test_layout_hit_test (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (200, 7);

  for (int o = 0; o < 2; o++)
    {
      g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, o, measure_by_label, NULL);
      const NpcLayoutBox *const *boxes;
      NpcLayoutRect bounds;
      guint n;

      boxes = npc_layout_get_boxes (layout, &n);
      for (guint i = 0; i < n; i++)
        {
          const NpcLayoutBox *b = boxes[i];

          g_assert_true (npc_layout_hit_test (layout, b->x + b->width / 2,
                                              b->y + b->height / 2) == b);
          g_assert_true (npc_layout_hit_test (layout, b->x + 0.5, b->y + 0.5) == b);
          g_assert_true (npc_layout_find_id (layout, b->id) == b);
        }

      /* empty space between two levels, and outside */
      npc_layout_get_bounds (layout, &bounds);
      g_assert_null (npc_layout_hit_test (layout, -10, -10));
      g_assert_null (npc_layout_hit_test (layout, bounds.width + 10, bounds.height / 2));
      if (o == NPC_LAYOUT_TOP_DOWN)
        g_assert_null (npc_layout_hit_test (layout, boxes[0]->x + 1,
                                            boxes[0]->y + boxes[0]->height + 2));
    }
}

typedef struct {
  GPtrArray *seen;
} CollectData;

static void
collect_cb (const NpcLayoutBox *box, gpointer user_data)
{
  g_ptr_array_add (user_data, (gpointer) box);
}

static void
test_layout_cull (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (500, 11);
  g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN,
                                                          measure_by_label, NULL);
  NpcLayoutRect bounds;
  const NpcLayoutBox *const *boxes;
  guint n;

  npc_layout_get_bounds (layout, &bounds);
  boxes = npc_layout_get_boxes (layout, &n);
  for (guint k = 0; k < 20; k++)
    {
      NpcLayoutRect rect = { bounds.width * k / 20.0, bounds.height * (k % 5) / 5.0, 800, 600 };
      g_autoptr(GPtrArray) got = g_ptr_array_new ();
      guint expected = 0;

      npc_layout_foreach_in_rect (layout, &rect, collect_cb, got);
      for (guint i = 0; i < n; i++)
        {
          NpcLayoutRect r = { boxes[i]->x, boxes[i]->y, boxes[i]->width, boxes[i]->height };

          if (npc_layout_rect_intersects (&r, &rect))
            {
              expected++;
              g_assert_true (g_ptr_array_find (got, boxes[i], NULL));
            }
        }
      g_assert_cmpuint (got->len, ==, expected);
    }
}

/* The edges in a rectangle are exactly those whose boxes' hull meets it, in edge order. */
static void
test_layout_cull_edges (void)
{
  for (int o = NPC_LAYOUT_TOP_DOWN; o <= NPC_LAYOUT_LEFT_RIGHT; o++)
    {
      g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (800, 5 + o);
      g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, o, measure_by_label,
                                                              NULL);
      g_autoptr(GRand) rand = g_rand_new_with_seed (3);
      const NpcLayoutEdge *edges;
      NpcLayoutRect bounds;
      guint n;

      npc_layout_get_bounds (layout, &bounds);
      edges = npc_layout_get_edges (layout, &n);
      for (guint k = 0; k < 200; k++)
        {
          NpcLayoutRect rect = { g_rand_double_range (rand, -200, bounds.width),
                                 g_rand_double_range (rand, -200, bounds.height),
                                 g_rand_double_range (rand, 1, 1500),
                                 g_rand_double_range (rand, 1, 1500) };
          g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
          guint expected = 0;

          if (k == 0)
            rect = bounds;
          npc_layout_get_edges_in_rect (layout, &rect, got);
          for (guint i = 1; i < got->len; i++)
            g_assert_cmpuint (g_array_index (got, guint, i - 1), <,
                              g_array_index (got, guint, i));
          for (guint i = 0; i < n; i++)
            {
              const NpcLayoutBox *p = edges[i].parent, *c = edges[i].child;
              double x0 = MIN (p->x, c->x), y0 = MIN (p->y, c->y);
              NpcLayoutRect hull = { x0, y0,
                                     MAX (p->x + p->width, c->x + c->width) - x0,
                                     MAX (p->y + p->height, c->y + c->height) - y0 };

              if (npc_layout_rect_intersects (&hull, &rect))
                {
                  g_assert_cmpuint (expected, <, got->len);
                  g_assert_cmpuint (g_array_index (got, guint, expected), ==, i);
                  expected++;
                }
            }
          g_assert_cmpuint (got->len, ==, expected);
          if (k == 0)
            g_assert_cmpuint (expected, ==, n);
        }
    }
}

static void
test_layout_neighbours (void)
{
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcLayout) layout = NULL;
  const NpcLayoutBox *r, *a, *b, *a1, *b1;

  npc_layout_graph_add_node (graph, "R", "R");
  npc_layout_graph_add_node (graph, "A", "A");
  npc_layout_graph_add_node (graph, "B", "B");
  npc_layout_graph_add_node (graph, "A1", "A1");
  npc_layout_graph_add_node (graph, "B1", "B1");
  npc_layout_graph_add_edge (graph, 0, 1, NULL);
  npc_layout_graph_add_edge (graph, 0, 2, NULL);
  npc_layout_graph_add_edge (graph, 1, 3, NULL);
  npc_layout_graph_add_edge (graph, 2, 4, NULL);
  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_LEFT_RIGHT, NULL, NULL);

  r = npc_layout_find_id (layout, "R");
  a = npc_layout_find_id (layout, "A");
  b = npc_layout_find_id (layout, "B");
  a1 = npc_layout_find_id (layout, "A1");
  b1 = npc_layout_find_id (layout, "B1");
  g_assert_true (npc_layout_get_neighbour (layout, r, NPC_LAYOUT_FIRST_CHILD) == a);
  g_assert_true (npc_layout_get_neighbour (layout, a, NPC_LAYOUT_PARENT) == r);
  g_assert_true (npc_layout_get_neighbour (layout, a, NPC_LAYOUT_NEXT_SIBLING) == b);
  g_assert_true (npc_layout_get_neighbour (layout, b, NPC_LAYOUT_PREV_SIBLING) == a);
  g_assert_null (npc_layout_get_neighbour (layout, a, NPC_LAYOUT_PREV_SIBLING));
  g_assert_null (npc_layout_get_neighbour (layout, b, NPC_LAYOUT_NEXT_SIBLING));
  /* cousins: the level continues past the last sibling */
  g_assert_true (npc_layout_get_neighbour (layout, a1, NPC_LAYOUT_NEXT_SIBLING) == b1);
  g_assert_null (npc_layout_get_neighbour (layout, a1, NPC_LAYOUT_FIRST_CHILD));
  /* left-right: depth is x */
  g_assert_cmpfloat (a->x, >, r->x + r->width);
  g_assert_cmpfloat (b->y, >, a->y + a->height);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/single", test_layout_single);
  g_test_add_func ("/layout/random-trees", test_layout_random_trees);
  g_test_add_func ("/layout/tidy-spacing", test_layout_tidy_spacing);
  g_test_add_func ("/layout/deterministic", test_layout_deterministic);
  g_test_add_func ("/layout/shared-nodes", test_layout_shared_nodes);
  g_test_add_func ("/layout/hit-test", test_layout_hit_test);
  g_test_add_func ("/layout/cull", test_layout_cull);
  g_test_add_func ("/layout/cull-edges", test_layout_cull_edges);
  g_test_add_func ("/layout/neighbours", test_layout_neighbours);

  return g_test_run ();
}
