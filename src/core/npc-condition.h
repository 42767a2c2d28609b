/* npc-condition.h — three-valued conditions and their explanation in words
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-types.h"

G_BEGIN_DECLS

/* Looks up the current value of a field: case value, derived value or default. */
typedef const NpcValue *(*NpcValueFunc) (const NpcField *field, gpointer user_data);
/* Answers an agents-qualify atom for an outcome. */
typedef NpcTri (*NpcAgentsFunc) (const NpcNode *outcome, gpointer user_data);

typedef struct {
  NpcValueFunc value;
  NpcAgentsFunc agents;
  gpointer user_data;
  /* Optional: the values by field index, read directly instead of through `value`; and
   * where set, a byte per field index set to 1 when the value is read. */
  const NpcValue *values;
  guint8 *read;
} NpcEnv;

/* How an atom is evaluated, chosen once from its kind and its field's type
 * (npc_condition_compile_atom()); NPC_ATOM_NONE: not chosen, evaluated from the kind. */
typedef enum {
  NPC_ATOM_NONE,
  NPC_ATOM_KNOWN,
  NPC_ATOM_EQUALS_ENUM,
  NPC_ATOM_EQUALS_BOOLEAN,
  NPC_ATOM_EQUALS_INTEGER,
  NPC_ATOM_EQUALS_TEXT,
  NPC_ATOM_IN,
  NPC_ATOM_CONTAINS,
  NPC_ATOM_COMPARE,
} NpcAtomOp;

void npc_condition_compile_atom (NpcCondition *cond);

NpcTri npc_tri_and (NpcTri a, NpcTri b);
NpcTri npc_tri_or  (NpcTri a, NpcTri b);
NpcTri npc_tri_not (NpcTri a);
const char *npc_tri_to_string (NpcTri t);

/* Kleene evaluation. */
NpcTri npc_condition_eval (const NpcCondition *cond, const NpcEnv *env);
/* Whether the condition is true: npc_condition_eval() == NPC_TRI_TRUE, stopping at the first
 * part that settles it (so it may read fewer fields). */
gboolean npc_condition_holds (const NpcCondition *cond, const NpcEnv *env);

/* Adds to `fields` (a GPtrArray of const NpcField *, no duplicates) the fields whose
 * atoms are unknown and could change the result. */
void npc_condition_collect_unknown (const NpcCondition *cond, const NpcEnv *env, GPtrArray *fields);

/* Adds to `fields` (no duplicates) the fields of the atoms that make the condition false or
 * unknown: the atoms npc_condition_explain() names. */
void npc_condition_collect_failing (const NpcCondition *cond, const NpcEnv *env, GPtrArray *fields);

/* "rT stage is rT1 or rT2 and the disease is resectable" */
char *npc_condition_to_text (const NpcCondition *cond);

/* Why the condition is false or unknown for this case, naming the atoms that are false
 * (with the case's values) or the fields that are unknown. NULL when it is true. */
char *npc_condition_explain (const NpcCondition *cond, const NpcEnv *env);

/* Reads through `env` every value npc_condition_explain() reads, in the same order, and writes
 * nothing: a reason can then be written later without changing what the evaluation read. */
void npc_condition_visit_explained (const NpcCondition *cond, const NpcEnv *env);

/* Formats a value for display: the enum label, "yes"/"no", the number. */
char *npc_value_to_text (const NpcField *field, const NpcValue *value);

G_END_DECLS
