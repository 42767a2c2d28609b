/* npc-engine.h — evaluates cases against a guideline
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-case.h"
#include "npc-evaluation.h"
#include "npc-guideline.h"

G_BEGIN_DECLS

#define NPC_TYPE_ENGINE (npc_engine_get_type ())
G_DECLARE_FINAL_TYPE (NpcEngine, npc_engine, NPC, ENGINE, GObject)

NpcEngine     *npc_engine_new       (NpcGuideline *guideline);
NpcGuideline  *npc_engine_get_guideline (NpcEngine *self);
/* Whether the JSON of its evaluations lists the possible outcomes (default TRUE). A batch
 * that does not need them runs faster without; the evaluation still computes them when
 * asked through npc_evaluation_get_possible_outcomes(). */
void           npc_engine_set_json_possible_outcomes (NpcEngine *self,
                                                      gboolean   include);
/* A pure function of the guideline and the case: the same case gives the same result. */
NpcEvaluation *npc_engine_evaluate  (NpcEngine    *self,
                                     NpcCase      *kase);

G_END_DECLS
