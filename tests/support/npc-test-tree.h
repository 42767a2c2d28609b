/* npc-test-tree.h — generated trees for the layout tests and the diagram benchmarks
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-layout.h"

G_BEGIN_DECLS

/* A reproducible random tree of n nodes (each parent has 1–4 children, breadth first), with
 * labels of one to five words of the field: the same seed gives the same tree. */
NpcLayoutGraph *npc_test_random_tree (guint   n_nodes,
                                      guint32 seed);

G_END_DECLS
