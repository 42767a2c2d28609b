/* npc-evidence-pane.h — the evidence behind a node, for this case
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_EVIDENCE_PANE (npc_evidence_pane_get_type ())
G_DECLARE_FINAL_TYPE (NpcEvidencePane, npc_evidence_pane, NPC, EVIDENCE_PANE, GtkWidget)

GtkWidget     *npc_evidence_pane_new            (void);
NpcEvaluation *npc_evidence_pane_get_evaluation (NpcEvidencePane *self);
void           npc_evidence_pane_set_evaluation (NpcEvidencePane *self,
                                                 NpcEvaluation   *evaluation);
/* The node shown; NULL follows the evaluation (its primary, or where it stopped). */
const char    *npc_evidence_pane_get_node_id    (NpcEvidencePane *self);
void           npc_evidence_pane_set_node_id    (NpcEvidencePane *self,
                                                 const char      *node_id);
/* The node actually shown, after following the evaluation. */
const NpcNode *npc_evidence_pane_get_shown_node (NpcEvidencePane *self);

G_END_DECLS
