/* npc-evaluation.h — the immutable result of evaluating a case
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "npc-case.h"
#include "npc-guideline.h"

G_BEGIN_DECLS

#define NPC_TYPE_EVALUATION (npc_evaluation_get_type ())
G_DECLARE_FINAL_TYPE (NpcEvaluation, npc_evaluation, NPC, EVALUATION, GObject)

/* How a branch stands in an evaluation (npc_evaluation_get_branch_state). */
typedef enum {
  NPC_BRANCH_NOT_LOOKED_AT, /* not reached: its decision is off the path, or waits before it */
  NPC_BRANCH_TAKEN,
  NPC_BRANCH_EXCLUDED,      /* its condition is false: the reason names the false atoms */
  NPC_BRANCH_UNDETERMINED,  /* its condition is unknown: the reason names the unknown fields */
  NPC_BRANCH_PREEMPTED,     /* after the taken branch: the reason names the one that applies */
  NPC_BRANCH_POSSIBLE,      /* after the open one where input is needed: an answer could
                             * still take it */
} NpcBranchState;

/* Where a value the engine used came from. */
typedef enum {
  NPC_SOURCE_NONE,    /* unknown */
  NPC_SOURCE_ENTERED,
  NPC_SOURCE_DEFAULT, /* the field's default: what absence means */
  NPC_SOURCE_DERIVED, /* set by a redirect */
} NpcValueSource;

/* A value a branch's condition read. */
typedef struct {
  const NpcField *field;
  NpcValue value;
  NpcValueSource source;
} NpcFact;

/* A value the outcome rests on that nobody entered. */
typedef struct {
  const NpcField *field;
  NpcValue value;
  NpcValueSource source; /* DEFAULT or DERIVED */
  const NpcNode *by;     /* DERIVED: the redirect */
} NpcAssumption;

/* How a node stands in this evaluation; what the diagram draws. */
typedef enum {
  NPC_NODE_STATE_NOT_REACHED,
  NPC_NODE_STATE_ON_PATH,
  NPC_NODE_STATE_PRIMARY,      /* the outcome reached */
  NPC_NODE_STATE_STOPPED,      /* the decision where input is needed */
  NPC_NODE_STATE_ALTERNATIVE,  /* an alternative of the primary */
  NPC_NODE_STATE_EXCLUDED,     /* target of a branch found false */
  NPC_NODE_STATE_UNDETERMINED, /* target of a branch found unknown */
} NpcNodeState;

/* One branch the engine looked at. */
typedef struct {
  const NpcNode *node;
  const NpcBranch *branch;
  NpcBranchState state;
  const char *reason; /* why: the atoms that were false, the fields unknown, or what held */
  const NpcFact *facts; /* the known values its condition read */
  guint n_facts;
} NpcStep;

typedef struct {
  const NpcNode *node;         /* an alternative outcome, or NULL */
  const NpcModifier *modifier; /* an active modifier, or NULL */
} NpcEvalAlternative;

typedef struct {
  const NpcAgent *agent;
  gboolean excluded;
  char *reason;   /* when excluded */
  GStrv caveats;  /* when kept: "conditional on PD-L1 positive", "where available" */
} NpcEvalAgent;

typedef struct {
  const NpcField *field;
  NpcValue value;
  const NpcNode *by; /* the redirect that set it */
} NpcDerived;

/* The strength and grade of an outcome for this patient. */
typedef struct {
  const char *strength;     /* as it applies here; NULL where none */
  const char *grade;        /* NULL unless the source grades it for a population this patient is in */
  const char *stated_grade; /* the source's grade, when it is stated for another population */
  const char *population;   /* the population the grade is stated for; nullable */
  const NpcNode *limited_by; /* a redirect that lowered the strength, or NULL */
} NpcRating;

/* One regimen of an outcome, as it stands for this patient. */
typedef struct {
  const NpcOption *option;
  gboolean excluded;
  char *reason; /* when excluded: "gemcitabine given before" */
  char *note;   /* when kept: what it is conditional on; nullable */
} NpcEvalOption;

NpcOutcomeType npc_evaluation_get_outcome      (NpcEvaluation *self);
NpcGuideline  *npc_evaluation_get_guideline    (NpcEvaluation *self);
/* The outcome node; NULL for NEEDS_INPUT and VALIDATION_ERROR. */
const NpcNode *npc_evaluation_get_primary      (NpcEvaluation *self);
const char    *npc_evaluation_get_strength     (NpcEvaluation *self);
const char    *npc_evaluation_get_grade        (NpcEvaluation *self);
/* Nodes visited in order, redirects included, ending in the outcome (or the decision
 * where input is needed). Empty for VALIDATION_ERROR. */
const NpcNode *const *npc_evaluation_get_path  (NpcEvaluation *self, guint *n_out);
/* The path as ids, as the command line prints it. For VALIDATION_ERROR the guideline's
 * validation step alone (npc_guideline_get_validation_step), or else the root's id. */
GStrv          npc_evaluation_dup_path_ids     (NpcEvaluation *self);
const NpcEvalAlternative *npc_evaluation_get_alternatives (NpcEvaluation *self, guint *n_out);
const NpcEvalAgent *npc_evaluation_get_agents  (NpcEvaluation *self, guint *n_out);
const NpcEvidence *const *npc_evaluation_get_evidence (NpcEvaluation *self, guint *n_out);
const guint   *npc_evaluation_get_references   (NpcEvaluation *self, guint *n_out);
/* Fields that must be known to go on, and the decision that needs them. */
const NpcField *const *npc_evaluation_get_needs_input (NpcEvaluation *self, guint *n_out);
const NpcNode *npc_evaluation_get_stopped_at   (NpcEvaluation *self);
const NpcValidationError *const *npc_evaluation_get_validation_errors (NpcEvaluation *self, guint *n_out);
const NpcAmbiguity *const *npc_evaluation_get_flags (NpcEvaluation *self, guint *n_out);
/* The branches looked at: taken, excluded, undetermined. */
const NpcStep *npc_evaluation_get_steps        (NpcEvaluation *self, guint *n_out);
/* Every branch of every decision on the path, in order: the steps above and the branches
 * after the taken one (PREEMPTED, the reason naming the taken one). */
const NpcStep *npc_evaluation_get_explanation  (NpcEvaluation *self, guint *n_out);
/* Defaults the evaluation read after validation and values redirects derived. */
const NpcAssumption *npc_evaluation_get_assumptions (NpcEvaluation *self, guint *n_out);
/* Every outcome a valid completion of the unknown fields reaches (NpcPossibleOutcome, see
 * npc-symbolic.h); for a complete case only the primary; none for an invalid case.
 * Computed on first use. */
GPtrArray     *npc_evaluation_get_possible_outcomes (NpcEvaluation *self);
NpcValueSource npc_evaluation_get_value_source (NpcEvaluation *self, const NpcField *field);
/* The value as the case entered it, before defaults and redirects (also for an invalid
 * case, where the type was right); NULL when the case did not enter it. */
const NpcValue *npc_evaluation_get_entered_value (NpcEvaluation *self, const NpcField *field);
/* Why, in a clinician's words. The facts a decision read, each with where it came from:
 * "Recurrent T stage: rT2 (entered)", "Declines surgery: no (assumed; not entered)". */
GStrv          npc_evaluation_dup_fact_words   (NpcEvaluation *self, const NpcNode *node);
/* One line per branch of a decision, in its state (npc_evaluation_get_branch_state): "✓
 * “rT1-rT2 (small)”, because Recurrent T stage is rT2", "✗ Not “rT3-rT4 (larger)”: Recurrent
 * T stage is rT2", "? … is possible: it depends on …", "– … is not considered: the earlier
 * branch “…” applies", "– … is not looked at yet". */
GStrv          npc_evaluation_dup_branch_words (NpcEvaluation *self, const NpcNode *node);
/* The decisions on the path before `until` (all of them for NULL), each with the branch it
 * took, on one line: "Disease setting? → Locoregional recurrence · …"; NULL for none. */
char          *npc_evaluation_dup_path_words   (NpcEvaluation *self, const NpcNode *until);
/* While input is needed, what each answer to the first field asked for can lead to:
 * "if Recurrent T stage is rT1 or rT2: Salvage endoscopic nasopharyngectomy, …; if …".
 * At most max_per_answer outcomes named per answer. NULL when nothing is needed. */
char          *npc_evaluation_dup_possible_summary (NpcEvaluation *self,
                                                    guint          max_per_answer);
GPtrArray     *npc_evaluation_dup_fields_to_complete (NpcEvaluation *self);
const NpcDerived *npc_evaluation_get_derived   (NpcEvaluation *self, guint *n_out);
/* Modifiers whose scope the path passes through, whatever their condition. */
const NpcModifier *const *npc_evaluation_get_modifiers (NpcEvaluation *self, guint *n_out);

/* Strength and grade of an outcome node for this patient: the primary and its alternatives
 * as reached (a redirect on the path may limit the strength); any other outcome as the
 * source states it, with its grade's scope checked against the case. */
void           npc_evaluation_get_rating       (NpcEvaluation *self, const NpcNode *node,
                                                NpcRating *out);
/* An outcome's strength and grade as the review states them, without a case: a scoped
 * grade is a stated grade, for its population. */
void           npc_rating_init_stated          (NpcRating *out, const NpcNode *node);
/* "Suggested · grade 2C", "Offered · graded 2B by the review for patients with metastatic
 * NPC", "Suggested · not graded": the rating in words, translated. */
char          *npc_rating_dup_text             (const NpcRating *rating);
/* The grade part alone: "grade 2C", "graded 2B by the review for …", or NULL. */
char          *npc_rating_dup_grade_text       (const NpcRating *rating);

/* The options of an outcome node for this patient, kept and excluded (NULL when it has none).
 * `caveat` receives what the list could not be checked against, or NULL. */
const NpcEvalOption *npc_evaluation_get_options (NpcEvaluation *self, const NpcNode *node,
                                                 guint *n_out, const char **caveat);

/* Whether one note holds for this case. */
NpcTri         npc_evaluation_note_holds       (NpcEvaluation *self, const NpcNote *note);

/* How a node stands: the path, the primary, the decision that waits, alternatives, targets of
 * branches found false (EXCLUDED) or unknown (UNDETERMINED); while input is needed, an
 * outcome some answer would still reach is UNDETERMINED too. */
NpcNodeState   npc_evaluation_get_node_state   (NpcEvaluation *self, const NpcNode *node);
/* The recorded step of a branch, or NULL if the engine did not look at it. */
const NpcStep *npc_evaluation_get_branch_step  (NpcEvaluation *self, const NpcNode *node, guint branch);
/* How any branch of any node stands for this case, the one answer every view shows: TAKEN,
 * EXCLUDED and UNDETERMINED as the engine found them, PREEMPTED after the taken branch,
 * POSSIBLE after the open one where an answer could still take it, NOT_LOOKED_AT otherwise.
 * A redirect's branch 0 is the way to its target (TAKEN when the redirect is on the path).
 * `reason` (nullable) receives why in words, owned by the evaluation, or NULL where there is
 * nothing to say; `step` (nullable) the explanation's step, or NULL. */
NpcBranchState npc_evaluation_get_branch_state (NpcEvaluation  *self,
                                                const NpcNode  *node,
                                                guint           branch,
                                                const char    **reason,
                                                const NpcStep **step);

/* The value the engine used for a field (case value, derived, or default). */
const NpcValue *npc_evaluation_get_value       (NpcEvaluation *self, const NpcField *field);

/* "Suggested: endoscopic nasopharyngectomy — grade 2C", "Needs input: rT stage". */
char          *npc_evaluation_dup_summary      (NpcEvaluation *self);

/* The command-line JSON contract of DESIGN.md. */
JsonNode      *npc_evaluation_to_json          (NpcEvaluation *self);
/* The same object as compact JSON text, written directly (fast, for batches). */
char          *npc_evaluation_to_json_data     (NpcEvaluation *self,
                                                gsize         *length);
/* The same text appended to `out`, for a caller that gathers many results in one buffer. */
void           npc_evaluation_append_json      (NpcEvaluation *self,
                                                GString       *out);
char          *npc_evaluation_to_text          (NpcEvaluation *self);

const char    *npc_branch_state_to_string      (NpcBranchState state);
/* In words, with a mark that does not rely on colour: "✓ Taken", "✗ Not taken",
 * "? Undetermined", "– Not considered", "? Possible", "– Not looked at"; translated. */
const char    *npc_branch_state_to_label       (NpcBranchState state);
const char    *npc_value_source_to_string      (NpcValueSource source);
const char    *npc_node_state_to_string        (NpcNodeState state);
/* In words, translated: "The outcome reached for this case", "Not taken for this case". */
const char    *npc_node_state_to_label         (NpcNodeState state);

G_END_DECLS
