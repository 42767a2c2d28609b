/* npc-result-table.h — a trial's results: a table where it fits, one block per result where not
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_RESULT_TABLE (npc_result_table_get_type ())
G_DECLARE_FINAL_TYPE (NpcResultTable, npc_result_table, NPC, RESULT_TABLE, GtkWidget)

GtkWidget *npc_result_table_new          (const NpcEvidence *evidence);
/* TRUE while the results are laid out as a table, FALSE as blocks. */
gboolean   npc_result_table_is_table     (NpcResultTable *self);
/* The two layouts, for tests. */
GtkWidget *npc_result_table_get_table    (NpcResultTable *self);
GtkWidget *npc_result_table_get_blocks   (NpcResultTable *self);

G_END_DECLS
