/* npc-types.h — the immutable guideline model
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These structures are owned by an NpcGuideline and never change after it is loaded:
 * read them freely, never modify or free them. Pointers between them (a branch's target,
 * a condition's field, an outcome's evidence) are resolved at load time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpcGuideline NpcGuideline;

typedef enum {
  NPC_TRI_FALSE = 0,
  NPC_TRI_UNKNOWN = 1,
  NPC_TRI_TRUE = 2,
} NpcTri;

typedef enum {
  NPC_FIELD_ENUM,
  NPC_FIELD_SET,
  NPC_FIELD_BOOLEAN,
  NPC_FIELD_INTEGER,
  NPC_FIELD_TEXT,
  NPC_FIELD_TEXT_LIST,
} NpcFieldType;

typedef enum {
  NPC_NODE_DECISION,
  NPC_NODE_REDIRECT,
  NPC_NODE_OUTCOME,
} NpcNodeKind;

/* The outcome of an evaluation. The first five are also the types of outcome nodes. */
typedef enum {
  NPC_OUTCOME_RECOMMENDATION,
  NPC_OUTCOME_EVALUATION_STEP,
  NPC_OUTCOME_NO_RECOMMENDATION,
  NPC_OUTCOME_OUT_OF_SCOPE,
  NPC_OUTCOME_NOT_COVERED,
  NPC_OUTCOME_NEEDS_INPUT,
  NPC_OUTCOME_VALIDATION_ERROR,
} NpcOutcomeType;

typedef enum {
  NPC_COND_ALL,
  NPC_COND_ANY,
  NPC_COND_NOT,
  NPC_COND_EQUALS,
  NPC_COND_IN,
  NPC_COND_CONTAINS,
  NPC_COND_COMPARE,
  NPC_COND_KNOWN,
  NPC_COND_AGENTS_QUALIFY,
  NPC_COND_ALWAYS,
} NpcConditionKind;

typedef enum {
  NPC_CMP_LT,
  NPC_CMP_LE,
  NPC_CMP_GT,
  NPC_CMP_GE,
  NPC_CMP_EQ,
  NPC_CMP_NE,
} NpcCompareOp;

typedef struct _NpcEnumValue NpcEnumValue;
typedef struct _NpcField NpcField;
typedef struct _NpcSection NpcSection;
typedef struct _NpcCondition NpcCondition;
typedef struct _NpcNote NpcNote;
typedef struct _NpcCite NpcCite;
typedef struct _NpcBranch NpcBranch;
typedef struct _NpcDerivedValue NpcDerivedValue;
typedef struct _NpcAlternative NpcAlternative;
typedef struct _NpcOption NpcOption;
typedef struct _NpcAgent NpcAgent;
typedef struct _NpcRequirement NpcRequirement;
typedef struct _NpcAgentList NpcAgentList;
typedef struct _NpcNode NpcNode;
typedef struct _NpcRule NpcRule;
typedef struct _NpcAmbiguity NpcAmbiguity;
typedef struct _NpcModifier NpcModifier;
typedef struct _NpcInfo NpcInfo;
typedef struct _NpcInfoPart NpcInfoPart;
typedef struct _NpcArm NpcArm;
typedef struct _NpcArmValue NpcArmValue;
typedef struct _NpcResult NpcResult;
typedef struct _NpcEvidence NpcEvidence;
typedef struct _NpcReference NpcReference;
typedef struct _NpcPerson NpcPerson;
typedef struct _NpcMetadata NpcMetadata;
typedef struct _NpcLinks NpcLinks;

/* A value of a field in a case. For enums `v.enum_index` indexes field->values;
 * for sets `v.set_mask` has bit i set for field->values[i]. */
typedef struct {
  gboolean known;
  union {
    gboolean boolean;
    gint64 integer;
    guint enum_index;
    guint64 set_mask;
    const char *text;        /* NPC_FIELD_TEXT, borrowed */
    const char *const *list; /* NPC_FIELD_TEXT_LIST, NULL-terminated, borrowed */
  } v;
} NpcValue;

struct _NpcEnumValue {
  const char *id;
  const char *label;
  const char *help; /* nullable */
  gboolean means_unknown; /* choosing it records that the answer is not known */
};

struct _NpcSection {
  const char *id;
  const char *label;
  const char *help; /* nullable */
  guint index;
};

struct _NpcNote {
  const NpcAmbiguity *ambiguity; /* nullable */
  gboolean flag;                 /* reported in the evaluation's flags */
  const NpcCondition *when;      /* nullable: always */
  const char *text;              /* nullable: the ambiguity's own text applies */
};

struct _NpcCite {
  const guint *refs; /* reference numbers */
  guint n_refs;
  const char *purpose; /* nullable */
};

/* What any node, modifier, agent, info block or evidence item links to. */
struct _NpcLinks {
  const NpcNote *const *notes;
  guint n_notes;
  const NpcEvidence *const *evidence;
  guint n_evidence;
  const NpcCite *cites;
  guint n_cites;
  const NpcInfo *const *infos;
  guint n_infos;
};

struct _NpcField {
  const char *id;
  const char *label;
  const char *help; /* nullable */
  const char *source; /* nullable */
  const NpcSection *section;
  NpcFieldType type;
  const NpcEnumValue *values; /* ENUM and SET; TEXT_LIST: known entries offered in the form */
  guint n_values;
  gint64 min, max; /* INTEGER */
  const char *unit; /* nullable */
  NpcValue default_value; /* .known is FALSE when there is no default */
  const NpcNote *const *notes; /* raised when the engine asks for this field */
  guint n_notes;
  guint index; /* position in npc_guideline_get_fields() */
  const char *lint_accept; /* nullable: lint findings accepted here, "unused-field" */
  const char *lint_reason; /* nullable: why */
};

struct _NpcCondition {
  NpcConditionKind kind;
  const NpcField *field;         /* atoms */
  NpcValue value;                /* EQUALS, CONTAINS (enum_index), COMPARE (integer) */
  guint64 mask;                  /* IN: enum indices */
  NpcCompareOp op;               /* COMPARE */
  const NpcNode *outcome;        /* AGENTS_QUALIFY */
  const NpcCondition *const *children; /* ALL, ANY, NOT (one child) */
  guint n_children;
  /* Set by the loader when no atom under it reads a field with a default and it holds no
   * agents-qualify: which of its fields an evaluation reads then cannot change the
   * assumptions, so the engine need not visit it only to mark them. */
  gboolean no_defaults;
  /* Set by the loader for an atom: how it is evaluated (an NpcAtomOp of npc-condition.h)
   * and its field's index, so that evaluating it reads no field; 0 when not set. */
  guint8 atom_op;
  guint slot;
  /* Set by the loader with the two above (`compiled`): the distinct fields of its atoms, in
   * the order a walk from the root meets them, not looking into agents-qualify. */
  gboolean compiled;
  const guint *fact_slots;
  guint n_fact_slots;
};

struct _NpcBranch {
  const char *label;
  const NpcNode *target;
  const NpcCondition *condition;
  const char *text; /* the condition in words */
  guint index;
};

struct _NpcDerivedValue {
  const NpcField *field;
  NpcValue value;
  gboolean override; /* FALSE: only when the field is unknown */
  const NpcCondition *when; /* nullable */
};

struct _NpcAlternative {
  const NpcNode *node;
  const NpcCondition *when; /* nullable */
};

/* One regimen or choice of an outcome. `agents` names its drugs by lower-case INN ids
 * ("cisplatin"; a class the source names as a class gets one id, "anthracycline"). */
struct _NpcOption {
  const char *text;
  const guint *refs;
  guint n_refs;
  const char *const *agents; /* NULL-terminated; empty for a procedure or a choice of care */
  guint n_agents;
  const NpcRequirement *const *requirements; /* the list's requirements this option names */
  guint n_requirements;
};

struct _NpcRequirement {
  const char *id;               /* nullable: named requirements of an option list */
  const NpcCondition *condition;
  const char *excluded_reason;  /* when the condition is false */
  const char *conditional_text; /* when it is unknown */
};

struct _NpcAgent {
  const char *id;
  const char *label;
  const char *qualifier; /* nullable: the qualifier in words, "if PD-L1 positive" */
  const NpcRequirement *requirements;
  guint n_requirements;
  NpcLinks links;
  int availability_index; /* its value in the list's availability field; -1 without one */
};

struct _NpcAgentList {
  const NpcField *availability_field; /* nullable: a SET field */
  const char *unavailable_reason;     /* nullable */
  const char *unknown_availability_caveat; /* nullable */
  const NpcAgent *agents;
  guint n_agents;
};

struct _NpcNode {
  NpcNodeKind kind;
  const char *id;
  const char *label;
  const char *help;      /* nullable (decision) */
  const char *statement; /* nullable (decision) */
  const char *source;    /* nullable */
  guint index;           /* position in npc_guideline_get_nodes() */

  /* NPC_NODE_DECISION */
  const NpcBranch *branches;
  guint n_branches;

  /* NPC_NODE_REDIRECT */
  const NpcNode *target;
  const NpcDerivedValue *derived;
  guint n_derived;

  /* NPC_NODE_OUTCOME (strength also on redirects, where it limits the strength of every
   * outcome reached through the redirect) */
  NpcOutcomeType type;
  const char *strength; /* nullable */
  const char *grade;    /* nullable */
  /* The population the source states the grade (and the strength) for; outside it the
   * grade is reported as stated for that population, and the strength as scope_strength. */
  const NpcCondition *scope;      /* nullable: the grade holds wherever the outcome is reached */
  const char *scope_population;   /* words: "patients with metastatic NPC" */
  const char *scope_strength;     /* nullable: the strength outside the scope */
  const char *scope_source;       /* nullable */
  const NpcAlternative *alternatives;
  guint n_alternatives;
  const char *options_label; /* nullable */
  const NpcOption *options;
  guint n_options;
  /* A field (text-list or set of agent ids) of agents already given: an option holding one
   * of them is not listed. */
  const NpcField *options_exclude_given; /* nullable */
  const NpcAgentList *agents; /* nullable */
  const NpcNode *const *see_also;
  guint n_see_also;

  NpcLinks links;
  const char *lint_accept; /* nullable: lint findings accepted here, "shadowed gap" */
  const char *lint_reason; /* nullable: why */
};

struct _NpcRule {
  const char *id;
  const NpcField *field;
  const NpcCondition *when;
  const char *message;
  const char *source; /* nullable */
  const char *lint_accept; /* nullable */
  const char *lint_reason; /* nullable */
};

struct _NpcAmbiguity {
  const char *id;
  const char *title;
  const char *text;
  const char *source; /* nullable */
};

struct _NpcModifier {
  const char *id;
  const char *label;
  const NpcNode *scope;
  const NpcCondition *when; /* nullable */
  const char *statement;
  const char *source; /* nullable */
  NpcLinks links;
};

struct _NpcInfoPart {
  const char *label; /* nullable: a paragraph; else a labelled item */
  const char *text;
  const guint *refs;
  guint n_refs;
};

struct _NpcInfo {
  const char *id;
  const char *title;
  const char *source; /* nullable */
  const NpcInfoPart *parts;
  guint n_parts;
  NpcLinks links;
};

struct _NpcArm {
  const char *id;
  const char *label;
  guint n; /* 0: not given */
  const char *regimen; /* nullable */
};

struct _NpcArmValue {
  const NpcArm *arm;
  const char *text;
};

struct _NpcResult {
  const char *measure;
  const char *follow_up; /* nullable */
  const NpcArmValue *values;
  guint n_values;
  const char *hazard_ratio; /* nullable, as printed: "0.47" */
  const char *ci_lower;     /* nullable */
  const char *ci_upper;     /* nullable */
  const char *ci_level;     /* nullable: "95%" when NULL and a CI is given */
  const char *summary;      /* nullable */
};

struct _NpcEvidence {
  const char *id;
  const char *name;
  gboolean named_in_source;
  const char *design;
  const char *phase; /* nullable */
  guint n;           /* 0: not given */
  const char *source; /* nullable */
  const char *population; /* nullable */
  const NpcArm *arms;
  guint n_arms;
  const NpcResult *results;
  guint n_results;
  const char *follow_up; /* nullable */
  const char *const *toxicity; /* NULL-terminated */
  const char *const *limitations; /* NULL-terminated */
  NpcLinks links;
};

struct _NpcReference {
  guint n;
  const char *kind;
  const char *authors;
  const char *title;
  const char *journal;
  guint year; /* 0: none */
  const char *volume; /* nullable */
  const char *pages;  /* nullable */
  const char *citation; /* nullable: the citation as printed */
};

struct _NpcPerson {
  const char *role;
  const char *name;
};

struct _NpcMetadata {
  const char *title;
  const char *short_title; /* nullable */
  const char *source_title;
  const NpcPerson *people;
  guint n_people;
  const char *literature_review_through;
  const char *last_updated;
  const char *topic_version; /* nullable */
  const char *disclaimer;
  const char *description; /* nullable */
};

const char *npc_outcome_type_to_string (NpcOutcomeType type);
/* The outcome type in words, translated: "No recommendation in the source". */
const char *npc_outcome_type_to_label (NpcOutcomeType type);
gboolean    npc_outcome_type_from_string (const char *str, NpcOutcomeType *out);
const char *npc_field_type_to_string (NpcFieldType type);

/* The strengths the grammar knows (strength.type); the model keeps them as the ids read. */
typedef enum {
  NPC_STRENGTH_NONE, /* none, or an id the grammar does not know */
  NPC_STRENGTH_SUGGEST,
  NPC_STRENGTH_INDICATED,
  NPC_STRENGTH_OFFER,
  NPC_STRENGTH_OPTION,
  NPC_STRENGTH_ALTERNATIVE,
  NPC_STRENGTH_INVESTIGATIONAL,
  NPC_STRENGTH_EVALUATION_STEP,
  NPC_STRENGTH_NO_RECOMMENDATION,
  NPC_STRENGTH_OUT_OF_SCOPE,
} NpcStrength;

NpcStrength npc_strength_from_string (const char *id);
const char *npc_strength_to_string (NpcStrength strength);
/* From the strongest: 1 for suggest and indicated, 2 offer, 3 option and alternative,
 * 4 investigational; 0 for those that do not rate a recommendation. */
guint       npc_strength_get_rank (NpcStrength strength);
/* As a clinician reads it, translated: "Suggested", "A reasonable alternative"; NULL for
 * NONE. */
const char *npc_strength_get_label (NpcStrength strength);
/* The same in a badge's few words: "Suggested", "Alternative"; NULL for NONE. */
const char *npc_strength_get_short_label (NpcStrength strength);

/* The same for a strength's id, as the model holds it. */
guint       npc_strength_rank (const char *strength);
const char *npc_strength_to_label (const char *strength);

/* The citation as the source prints it, or, without one, "Authors. Title. Journal Year;
 * Volume:Pages." from the structured parts. */
char *npc_reference_dup_citation (const NpcReference *ref);

/* A result's hazard ratio with its confidence interval, translated: "0.47 (95% CI 0.29–0.76)",
 * "0.47 (no CI given)"; NULL when it gives none. With `unbroken` a word joiner after the dash
 * keeps the interval on one line. */
char *npc_result_dup_hazard_ratio (const NpcResult *result,
                                   gboolean         unbroken);

/* The reference numbers links cite themselves, ascending, each once. */
GArray *npc_links_dup_references (const NpcLinks *links);
/* Every reference a node rests on: its own citations, those of the evidence and information it
 * links to, of its options and of its agents; ascending, each once (guint). */
GArray *npc_node_dup_references (const NpcNode *node);

/* Children of a node in the tree: a decision's branch targets, a redirect's target. */
guint npc_node_get_n_children (const NpcNode *node);
const NpcNode *npc_node_get_child (const NpcNode *node, guint i);

/* The label of an enum or set value; NULL if out of range. */
const char *npc_field_value_label (const NpcField *field, guint index);
/* The index of value id in an enum or set field; -1 if not found. */
int npc_field_find_value (const NpcField *field, const char *id);


G_END_DECLS
