/* npc-evaluation-private.h — what the engine fills in
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "npc-condition.h"
#include "npc-engine.h"
#include "npc-evaluation.h"

G_BEGIN_DECLS

/* The evaluation's arrays live in one block allocated with it, sized from the guideline
 * (npc_engine_new()); one that outgrows its room moves to the heap. The members are named
 * as GArray's and GPtrArray's, so g_array_index() and ->pdata[i] read them. */
typedef struct {
  gpointer *pdata;
  guint len;
  guint cap;
  gboolean heap;
} NpcPtrVec;

typedef struct {
  gchar *data;
  guint len;
  guint cap;
  guint elt;
  gboolean heap;
} NpcVec;

void _npc_vec_grow     (NpcVec    *v);
void _npc_ptr_vec_grow (NpcPtrVec *v);

static inline gpointer
npc_vec_push (NpcVec *v)
{
  if (G_UNLIKELY (v->len == v->cap))
    _npc_vec_grow (v);
  return v->data + (gsize) v->elt * v->len++;
}

static inline void
npc_vec_append (NpcVec        *v,
                gconstpointer  element)
{
  memcpy (npc_vec_push (v), element, v->elt);
}

/* npc_vec_push() with the element's size known to the compiler (v->elt == size). */
static inline gpointer
npc_vec_push_sized (NpcVec *v,
                    gsize   size)
{
  if (G_UNLIKELY (v->len == v->cap))
    _npc_vec_grow (v);
  return v->data + size * v->len++;
}

/* Appends `value`, of type `type`, the array's element type: a copy the compiler sees. */
#define NPC_VEC_APPEND(v, type, value) (*(type *) npc_vec_push_sized (v, sizeof (type)) = (value))

static inline void
npc_ptr_vec_add (NpcPtrVec *v,
                 gpointer   p)
{
  if (G_UNLIKELY (v->len == v->cap))
    _npc_ptr_vec_grow (v);
  v->pdata[v->len++] = p;
}

static inline gboolean
npc_ptr_vec_find (const NpcPtrVec *v,
                  gconstpointer    p)
{
  for (guint i = 0; i < v->len; i++)
    if (v->pdata[i] == p)
      return TRUE;
  return FALSE;
}

/* How much room each array of an evaluation starts with, and the sizes of the rest. */
typedef struct {
  guint n_fields;
  guint n_nodes;
  guint n_ref_words;
  guint path, steps, facts, references, evidence, flags, alternatives, modifiers,
        assumptions, derived, needs_input, errors, owned, agents, option_lists;
  gsize block_size, zeroed_size; /* set by _npc_evaluation_layout_finish() */
  gsize headers_size;            /* the arrays' headers, at the block's start */
} NpcEvalLayout;

void _npc_evaluation_layout_finish (NpcEvalLayout *layout);

/* Blocks of one size kept for the next evaluation, shared by an engine and the evaluations it
 * made (which may outlive it), safe to use from several threads. */
typedef struct _NpcEvalPool NpcEvalPool;

NpcEvalPool *_npc_eval_pool_new   (gsize        block_size);
void         _npc_eval_pool_unref (NpcEvalPool *pool);

struct _NpcEvaluation
{
  GObject parent_instance;

  NpcGuideline *guideline;
  NpcOutcomeType outcome;
  const NpcNode *primary;
  const NpcNode *stopped_at;

  gpointer block;               /* the arrays below and their first room */
  gpointer pristine;            /* in the block: its headers as carved, for a reset */
  const NpcEvalLayout *carved;  /* the layout the block is carved for */
  NpcEvalPool *pool;            /* where the block goes back to */
  NpcPtrVec *path;              /* const NpcNode* */
  NpcVec *alternatives;         /* NpcEvalAlternative */
  NpcVec *agents;               /* NpcEvalAgent */
  NpcPtrVec *evidence;          /* const NpcEvidence* */
  NpcVec *references;           /* guint, ascending */
  NpcPtrVec *needs_input;       /* const NpcField* */
  NpcPtrVec *errors;            /* NpcValidationError*, owned */
  NpcPtrVec *flags;             /* const NpcAmbiguity* */
  NpcVec *steps;                /* NpcStep */
  NpcVec *derived;              /* NpcDerived */
  NpcPtrVec *modifiers;         /* const NpcModifier* */

  NpcVec *explanation;          /* NpcStep, preempted ones too */
  NpcVec *facts;                /* NpcFact, of all steps */
  NpcVec *step_info;            /* NpcStepInfo per explanation step */
  GPtrArray *snapshots;         /* NpcValue* by values_gen: the values a generation read,
                                 * kept where a step's words are still to be written;
                                 * nullable */
  gboolean words_pending;       /* reasons of steps and agents not written yet */
  const NpcNode *agents_of;     /* the outcome whose agents `agents` judges */
  NpcVec *assumptions;          /* NpcAssumption */
  GPtrArray *possible;          /* NpcPossibleOutcome*, computed on first use */

  NpcValue *values;             /* effective value per field index */
  NpcValue *entered;            /* entered values and defaults, before any redirect */
  guint16 *known_fields;        /* with known_listed: the fields values holds, as read */
  guint n_known_fields;
  gboolean known_listed;
  guint8 *sources;              /* NpcValueSource per field index */
  gboolean *was_entered;        /* per field index: the case entered it */
  gboolean *derived_mask;       /* per field index: a redirect set it */
  guint8 *read;                 /* per field index: read after validation */
  guint *fact_mark;             /* per field index: the step that last listed it as a fact */
  gboolean tracking;            /* mark reads */
  gboolean json_possible_outcomes; /* FALSE: the JSON says null instead */
  guint8 *node_states;          /* NpcNodeState per node index */
  NpcPtrVec *owned;             /* strings the values and reasons point at, owned */
  const NpcNode *agents_source; /* outcome whose agents a taken branch judged */
  guint64 *ref_bits;            /* bit per reference number */
  guint n_ref_words;

  /* Whether an outcome's agents qualify, remembered until a redirect changes the values:
   * decisions, notes and the JSON ask it several times. */
  const NpcNode *qualify_node[4];
  NpcTri qualify_value[4];
  guint qualify_gen[4];
  guint n_qualify;
  guint values_gen;

  const NpcNode *strength_limit; /* the redirect on the path that limits strength, or NULL */
  NpcPtrVec *option_lists;       /* NpcOptionList*, for the primary and its alternatives, owned */
  const NpcField *const *fields; /* the guideline's, by index */
  /* Only what a classification reads (the audit's): the outcome, the primary, the
   * alternatives, the fields needed and the validation errors; no steps, facts, flags,
   * agents, evidence or assumptions. Never handed out. */
  gboolean lean;
};

/* How a step's reason is written when it is first asked for. */
typedef enum {
  NPC_STEP_WORDS_DONE,           /* written already */
  NPC_STEP_WORDS_EXPLAIN,        /* why the condition is false or unknown */
  NPC_STEP_WORDS_EXPLAIN_SOLE,   /* the same; every answer leads to `other` */
  NPC_STEP_WORDS_AFTER_TAKEN,    /* an earlier branch, `taken`, applies */
  NPC_STEP_WORDS_SOLE,           /* every answer before it leads to `other` */
  NPC_STEP_WORDS_OTHERWISE,      /* taken: none of the branches before it applies */
} NpcStepWords;

/* What the engine records of a step besides NpcStep, to write its reason later from the
 * values it read. */
typedef struct {
  guint first_fact;
  guint gen;               /* values_gen when it was looked at */
  NpcStepWords words;
  const NpcNode *other;
  const NpcBranch *taken;
} NpcStepInfo;

/* The options of one outcome for this case. */
typedef struct {
  const NpcNode *node;
  GArray *options; /* NpcEvalOption */
  char *caveat;    /* nullable */
} NpcOptionList;

/* The environment conditions are evaluated in: the evaluation's values and agents. */
void _npc_evaluation_env (NpcEvaluation *self, NpcEnv *env);
/* Judges the agents of `outcome` for this case into `out` (NpcEvalAgent): which are excluded;
 * their reasons and caveats are NULL until _npc_evaluation_ensure_words(). */
void _npc_evaluation_judge_agents_flags (NpcEvaluation *self, const NpcNode *outcome, NpcVec *out);
/* Writes the reasons of the steps and agents the engine recorded without them. */
void _npc_evaluation_ensure_words (NpcEvaluation *self);
void _npc_evaluation_rate (NpcEvaluation *self, const NpcNode *node, gboolean reached,
                           NpcRating *out);
NpcOptionList *_npc_option_list_new (const NpcNode *node);
void           _npc_option_list_free (NpcOptionList *list);

NpcEvaluation *_npc_evaluation_new (NpcGuideline *guideline, const NpcEvalLayout *layout,
                                    NpcEvalPool *pool);
/* npc_engine_evaluate_flat_line() for a classification, in three steps: a lean evaluation
 * (see `lean`) made in *spare when it holds one of the same engine that the caller alone
 * holds (taken: *spare becomes NULL), or anew; the values read from the flat object at
 * `data` (FALSE when it is not one of valid values; `consumed`: its length); the evaluation. */
NpcEvaluation *_npc_engine_lean_begin  (NpcEngine *self, NpcEvaluation **spare);
gboolean       _npc_engine_lean_read   (NpcEngine *self, NpcEvaluation *eval, const char *data,
                                        gsize length, gsize *consumed);
void           _npc_engine_lean_finish (NpcEngine *self, NpcEvaluation *eval);
gboolean       _npc_evaluation_is_lean (NpcEvaluation *self);
/* Empties an evaluation the caller alone holds, for the next case of the same engine. */
void           _npc_evaluation_reset (NpcEvaluation *self, const NpcEvalLayout *layout);

G_END_DECLS
