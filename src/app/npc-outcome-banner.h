/* npc-outcome-banner.h — the outcome of the evaluation, in plain words
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_OUTCOME_BANNER (npc_outcome_banner_get_type ())
G_DECLARE_FINAL_TYPE (NpcOutcomeBanner, npc_outcome_banner, NPC, OUTCOME_BANNER, GtkWidget)

GtkWidget     *npc_outcome_banner_new             (void);
NpcEvaluation *npc_outcome_banner_get_evaluation  (NpcOutcomeBanner *self);
void           npc_outcome_banner_set_evaluation  (NpcOutcomeBanner *self,
                                                   NpcEvaluation    *evaluation);
/* The board's decision (meta.decision; NULL: none recorded), shown against the evaluation:
 * "Decision: on the pathway", "… an alternative of the pathway", "… off the pathway (REASON)",
 * or not assessable while the case needs input or has errors. */
const NpcDecision *npc_outcome_banner_get_decision (NpcOutcomeBanner  *self);
void           npc_outcome_banner_set_decision    (NpcOutcomeBanner  *self,
                                                   const NpcDecision *decision);
/* What the banner shows, for tests; the decision's sentence is NULL when none is shown. */
const char    *npc_outcome_banner_get_decision_text (NpcOutcomeBanner *self);
const char    *npc_outcome_banner_get_summary     (NpcOutcomeBanner *self);
const char    *npc_outcome_banner_get_details     (NpcOutcomeBanner *self);

G_END_DECLS
