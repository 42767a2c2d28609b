/* npc-test-tree.c — generated trees for the layout tests and the diagram benchmarks
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "npc-test-tree.h"

NpcLayoutGraph *
npc_test_random_tree (guint   n_nodes,
                      guint32 seed)
{
  static const char *const words[] = {
    "recurrence", "resectable", "reirradiation", "candidate", "platinum", "response",
    "metastatic", "oligometastatic", "performance", "status", "good", "surgery",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  NpcLayoutGraph *graph = npc_layout_graph_new ();
  guint next_parent = 0;

  g_return_val_if_fail (n_nodes > 0, graph);

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autofree char *id = g_strdup_printf ("N%u", i);
      g_autoptr(GString) label = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 6);

      for (guint w = 0; w < n_words; w++)
        {
          if (w > 0)
            g_string_append_c (label, ' ');
          g_string_append (label, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      npc_layout_graph_add_node (graph, id, label->str);
    }

  /* Breadth first: each parent takes 1–4 of the next nodes. */
  for (guint child = 1; child < n_nodes; next_parent++)
    {
      guint k = g_rand_int_range (rand, 1, 5);

      for (guint j = 0; j < k && child < n_nodes; j++, child++)
        {
          g_autofree char *label = g_strdup_printf ("branch %u", j + 1);

          npc_layout_graph_add_edge (graph, next_parent, child, label);
        }
    }

  return graph;
}
