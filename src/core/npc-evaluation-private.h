/* npc-evaluation-private.h — what the engine fills in
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-condition.h"
#include "npc-evaluation.h"

G_BEGIN_DECLS

struct _NpcEvaluation
{
  GObject parent_instance;

  NpcGuideline *guideline;
  NpcOutcomeType outcome;
  const NpcNode *primary;
  const NpcNode *stopped_at;

  GPtrArray *path;              /* const NpcNode* */
  GArray *alternatives;         /* NpcEvalAlternative */
  GArray *agents;               /* NpcEvalAgent */
  GPtrArray *evidence;          /* const NpcEvidence* */
  GArray *references;           /* guint, ascending */
  GPtrArray *needs_input;       /* const NpcField* */
  GPtrArray *errors;            /* NpcValidationError* */
  GPtrArray *flags;             /* const NpcAmbiguity* */
  GArray *steps;                /* NpcStep */
  GArray *derived;              /* NpcDerived */
  GPtrArray *modifiers;         /* const NpcModifier* */

  GArray *explanation;          /* NpcStep, preempted ones too */
  GArray *facts;                /* NpcFact, of all steps */
  GArray *fact_offsets;         /* guint per explanation step: its first fact */
  GArray *assumptions;          /* NpcAssumption */
  GPtrArray *possible;          /* NpcPossibleOutcome*, computed on first use */

  NpcValue *values;             /* effective value per field index */
  NpcValue *entered;            /* entered values and defaults, before any redirect */
  guint8 *sources;              /* NpcValueSource per field index */
  gboolean *was_entered;        /* per field index: the case entered it */
  gboolean *derived_mask;       /* per field index: a redirect set it */
  guint8 *read;                 /* per field index: read after validation */
  gboolean tracking;            /* mark reads */
  gboolean json_possible_outcomes; /* FALSE: the JSON says null instead */
  guint8 *node_states;          /* NpcNodeState per node index */
  GPtrArray *owned;             /* strings the values point at */
  const NpcNode *agents_source; /* outcome whose agents a taken branch judged */
  guint8 *ref_seen;             /* bitmap by reference number */
  guint n_ref_seen;

  /* Whether an outcome's agents qualify, remembered until a redirect changes the values:
   * decisions, notes and the JSON ask it several times. */
  const NpcNode *qualify_node[4];
  NpcTri qualify_value[4];
  guint qualify_gen[4];
  guint n_qualify;
  guint values_gen;

  const NpcNode *strength_limit; /* the redirect on the path that limits strength, or NULL */
  GPtrArray *option_lists;       /* NpcOptionList*, for the primary and its alternatives */
};

/* The options of one outcome for this case. */
typedef struct {
  const NpcNode *node;
  GArray *options; /* NpcEvalOption */
  char *caveat;    /* nullable */
} NpcOptionList;

/* The environment conditions are evaluated in: the evaluation's values and agents. */
void _npc_evaluation_env (NpcEvaluation *self, NpcEnv *env);
/* Judges the agents of `outcome` for this case into `out` (NpcEvalAgent). */
void _npc_evaluation_judge_agents (NpcEvaluation *self, const NpcNode *outcome, GArray *out);
void _npc_evaluation_rate (NpcEvaluation *self, const NpcNode *node, gboolean reached,
                           NpcRating *out);
NpcOptionList *_npc_option_list_new (const NpcNode *node);
void           _npc_option_list_free (NpcOptionList *list);

NpcEvaluation *_npc_evaluation_new (NpcGuideline *guideline);

G_END_DECLS
