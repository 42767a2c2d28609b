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
/* What the banner shows, for tests. */
const char    *npc_outcome_banner_get_summary     (NpcOutcomeBanner *self);
const char    *npc_outcome_banner_get_details     (NpcOutcomeBanner *self);

G_END_DECLS
