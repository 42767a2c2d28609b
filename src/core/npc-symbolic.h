/* npc-symbolic.h — walking the guideline over sets of values instead of one case
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A region gives every field the set of values it may still take: a field that is known has
 * one value; a field that is unknown may take any value of its type or stay empty. The walk
 * follows the tree with a region, splitting it where a branch condition holds for some of its
 * values and not for others, so each part it follows is decided at every node it passes.
 * Nothing is enumerated: a region is split only on the atoms the tree reads.
 */
#pragma once

#include "npc-guideline.h"

G_BEGIN_DECLS

/* What a completion must give one field: empty, or a value from the set. */
typedef struct {
  const NpcField *field;
  gboolean may_be_empty;
  gboolean may_be_known;
  guint64 mask;   /* ENUM: allowed value indices; BOOLEAN: bit 0 no, bit 1 yes; SET: must include */
  guint64 excl;   /* SET: must not include */
  gint64 min, max; /* INTEGER: allowed interval */
} NpcConstraint;

/* One way a partial case can end at an outcome: the conditions on its unknown fields. */
typedef struct {
  const NpcNode *outcome;
  NpcConstraint *when; /* only the fields the path constrains */
  guint n_when;
  char *text;          /* the conditions in words */
} NpcPossibleOutcome;

void npc_possible_outcome_free (NpcPossibleOutcome *po);

/* Every outcome some valid completion of the unknown fields reaches. `values` holds the
 * values entered and the defaults (indexed by field->index); the unknown ones are free.
 * A GPtrArray of NpcPossibleOutcome*, in the order of the tree. */
GPtrArray *npc_symbolic_possible_outcomes (NpcGuideline   *guideline,
                                           const NpcValue *values);

/* At a decision where an unknown atom stops the evaluation: the one node to go to when every
 * value its unknown fields can take leads there, with the same values derived on the way in.
 * NULL when the answer matters. Values the validation rules forbid count too: the engine
 * deduces no value from the rules. `entered` are the
 * values before any redirect; `effective` what the engine uses now; `derived[i]` is TRUE for
 * the fields a redirect set. */
const NpcNode *npc_symbolic_sole_next (NpcGuideline   *guideline,
                                       const NpcNode  *decision,
                                       const NpcValue *entered,
                                       const NpcValue *effective,
                                       const gboolean *derived);

/* Of `candidates` (unknown fields a stopped decision reads), those whose value alone can
 * change where the case goes next: two answers differing only in that field lead to
 * different places. A new GPtrArray of const NpcField *, in the candidates' order. */
GPtrArray *npc_symbolic_fields_that_matter (NpcGuideline          *guideline,
                                            const NpcNode         *decision,
                                            const NpcField *const *candidates,
                                            guint                  n_candidates,
                                            const NpcValue        *entered,
                                            const NpcValue        *effective,
                                            const gboolean        *derived);

/* The answers a stopped decision's unknown fields can give, walked once: the sole next node
 * (npc_symbolic_sole_next()) and the fields that matter (npc_symbolic_fields_that_matter())
 * from the same walk. */
typedef struct _NpcSymbolicAnswers NpcSymbolicAnswers;

NpcSymbolicAnswers *npc_symbolic_answers_new  (NpcGuideline   *guideline,
                                               const NpcNode  *decision,
                                               const NpcValue *entered,
                                               const NpcValue *effective,
                                               const gboolean *derived);
const NpcNode      *npc_symbolic_answers_sole (const NpcSymbolicAnswers *answers);
GPtrArray          *npc_symbolic_answers_fields_that_matter (NpcSymbolicAnswers    *answers,
                                                             const NpcField *const *candidates,
                                                             guint                  n_candidates);
void                npc_symbolic_answers_free (NpcSymbolicAnswers *answers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcSymbolicAnswers, npc_symbolic_answers_free)

/* A condition that is unknown, decided over every value its unknown fields may take: TRUE or
 * FALSE when they all agree, else UNKNOWN. */
NpcTri npc_symbolic_decide (NpcGuideline       *guideline,
                            const NpcCondition *condition,
                            const NpcValue     *entered,
                            const NpcValue     *effective,
                            const gboolean     *derived);

/* The constraint in words: "Recurrent T stage is rT1 or rT2". */
char *npc_constraint_to_text (const NpcConstraint *c);

typedef enum {
  NPC_LINT_UNREACHABLE,  /* a branch whose condition never holds on the way to it */
  NPC_LINT_GAP,          /* a situation in which no branch of a node holds */
  NPC_LINT_SHADOWED,     /* a branch that holds only where an earlier one already does */
  NPC_LINT_DEAD_RULE,    /* a validation rule that can never fire */
  NPC_LINT_UNUSED_FIELD, /* a field no condition reads */
  NPC_LINT_UNREACHED,    /* a node (outcome or decision) no path reaches */
} NpcLintKind;

typedef struct {
  NpcLintKind kind;
  char *id;        /* node, "node#branch", rule or field id */
  char *text;      /* the situation in words */
  char *accepted;  /* nullable: the guideline's reason for accepting it */
} NpcLintFinding;

void        npc_lint_finding_free   (NpcLintFinding *f);
const char *npc_lint_kind_to_string (NpcLintKind kind);

/* Checks a guideline's structure with the walk from the empty case. A GPtrArray of
 * NpcLintFinding*, accepted ones included. */
GPtrArray  *npc_symbolic_lint       (NpcGuideline *guideline);

G_END_DECLS
