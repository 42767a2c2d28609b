/* npc-case-private.h — what the case file reader and the batch line reader share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-case.h"
#include "npc-types.h"

G_BEGIN_DECLS

/* What the scanner knows of the text: the name for messages, and the line number of its first
 * line (a batch line is line N of its file). */
typedef struct
{
  const char *data;
  gsize       length;
  const char *name;
  guint       first_line;
  const char *what;       /* "the case file" or "the line" */
} Source;

/* Refuses what json-glib would read wrongly (see npc-case.c). */
gboolean _npc_case_precheck   (const Source  *src,
                               GError       **error);
/* json-glib's parse, its messages naming the source and its lines. */
gboolean _npc_case_parse_json (const Source  *src,
                               JsonParser    *parser,
                               GError       **error);
/* Adds a value the case does not have yet, taking both; FALSE (and both freed) when it has
 * one. No ::changed: for building a case as it is read. */
gboolean _npc_case_take_value (NpcCase       *self,
                               char          *field_id,
                               JsonNode      *value);

/* npc-case-line.c: a flat object of plain values (strings without escapes, integers, true,
 * false, null, lists of strings) as a case, without a parser; NULL for anything else. */
NpcCase    *_npc_case_new_from_flat    (const char        *data,
                                        gsize              length);

/* npc-decision.c */
gboolean    _npc_is_iso_date           (const char        *text);
NpcPatient *_npc_patient_new_from_json (JsonObject        *object,
                                        const char        *where,
                                        GError           **error);
JsonObject *_npc_patient_to_json       (const NpcPatient  *patient,
                                        JsonObject        *old);
JsonObject *_npc_decision_to_json      (const NpcDecision *decision,
                                        JsonObject        *old);

/* A value of the case, with the engine's reading of it kept beside it: an engine reads a
 * case's values anew only where they changed since it last read them (an entry is made anew
 * whenever its value is set). `engine` is the serial of the engine that read it (0: none),
 * `field` the field's index in its guideline and `value` what it read; guarded by
 * _npc_case_lock_entries(). */
typedef struct {
  JsonNode *node;
  guint engine;
  guint field;
  NpcValue value;
} NpcCaseEntry;

/* The entries by field id, for reading them all without a lookup each (in no order). */
GHashTable *_npc_case_get_table      (NpcCase *self);
void        _npc_case_lock_entries   (NpcCase *self);
void        _npc_case_unlock_entries (NpcCase *self);

G_END_DECLS
