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
/* The same for one line of a batch, read without making a case, where the line is the
 * common simple one: a flat object of field values, its strings ASCII without escapes, every
 * value of its field's type (or null). Gives what npc_case_new_from_line() and
 * npc_engine_evaluate() give for it. NULL for any other line (a whole case object, an
 * unknown field, a wrong type, a syntax error…): the caller then reads it as a case, which
 * reports what is wrong. */
NpcEvaluation *npc_engine_evaluate_flat_line (NpcEngine  *self,
                                              const char *data,
                                              gsize       length);

G_END_DECLS
