/* npc-audit.h — how often patients were treated on the pathway
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An audit takes, patient by patient, the evaluation of the case and the decision recorded in
 * its meta.decision, classifies the decision against the pathway and keeps the counts. It
 * never keeps a patient's identifiers: only counts, field ids and (redacted) reason texts.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "npc-case.h"
#include "npc-engine.h"
#include "npc-evaluation.h"
#include "npc-guideline.h"

G_BEGIN_DECLS

#define NPC_WILSON_Z 1.959964

typedef enum {
  NPC_AUDIT_ON_PRIMARY,
  NPC_AUDIT_ON_ALTERNATIVE,
  NPC_AUDIT_OFF_PATHWAY,
  NPC_AUDIT_NOT_ASSESSABLE,
} NpcAuditVerdict;

/* Why a patient is not assessable. */
typedef enum {
  NPC_AUDIT_ASSESSABLE,
  NPC_AUDIT_NEEDS_INPUT, /* the case lacks fields the pathway needs */
  NPC_AUDIT_INVALID,     /* the case breaks the guideline's validation rules */
  NPC_AUDIT_NO_DECISION, /* no meta.decision, or one with neither outcome nor treatment */
} NpcAuditBlock;

#define NPC_TYPE_AUDIT (npc_audit_get_type ())
G_DECLARE_FINAL_TYPE (NpcAudit, npc_audit, NPC, AUDIT, GObject)

NpcAudit      *npc_audit_new          (NpcGuideline  *guideline);
NpcGuideline  *npc_audit_get_guideline (NpcAudit     *self);

/* Classifies one patient and counts it. `meta` is the case's meta object (nullable): its
 * "decision" member is read, and its "patient" member only to strip the patient's name, id
 * and birth date from the reason text before it is counted. A malformed decision (a
 * non-string outcome, an outcome id that is neither an outcome node nor a modifier of the
 * guideline) is an error and nothing is counted. */
gboolean       npc_audit_add          (NpcAudit       *self,
                                       NpcEvaluation  *evaluation,
                                       JsonObject     *meta,
                                       NpcAuditVerdict *verdict_out,
                                       NpcAuditBlock  *block_out,
                                       GError        **error);

/* What the audit reads of a case's meta: the decision's outcome (an id or NULL), treatment
 * and reason, and the patient's identifiers, which are read only to be taken out of the
 * reason (has_patient: meta.patient is an object). Strings nullable, owned. */
typedef struct {
  char *outcome;
  char *treatment;
  char *reason;
  gboolean has_patient;
  char *patient_name;
  char *patient_id;
  char *patient_birth_date;
  /* Room for the strings above as npc_audit_evaluate_line() reads them, so that a common
   * line allocates none; a record is not copied by value. */
  char room[384];
  guint room_used;
} NpcAuditRecord;

void           npc_audit_record_clear (NpcAuditRecord *record);

/* npc_audit_add() with the decision as a record (nullable: none recorded). */
gboolean       npc_audit_add_record   (NpcAudit             *self,
                                       NpcEvaluation        *evaluation,
                                       const NpcAuditRecord *record,
                                       NpcAuditVerdict      *verdict_out,
                                       NpcAuditBlock        *block_out,
                                       GError              **error);

/* One line of a batch in its common form, a whole case object for the audit's guideline
 * (format, guideline, meta with its label, notes, clinician, patient and decision, fields),
 * every string ASCII without escapes, each member once, every value of its type: evaluated
 * as npc_engine_evaluate_flat_line() evaluates its fields, with what the audit reads of its
 * meta in `record`. NULL (and `record` left empty) for any other line: the caller then reads
 * it as a case, which says what is wrong.
 *
 * The evaluation holds only what the audit reads (the outcome, the primary, the alternatives,
 * the fields needed, the validation errors): no steps, flags, agents or evidence. It is given
 * back with npc_audit_give_back(), which keeps it to be made again for a later line. */
NpcEvaluation *npc_audit_evaluate_line (NpcAudit       *self,
                                        NpcEngine      *engine,
                                        const char     *data,
                                        gsize           length,
                                        NpcAuditRecord *record);

/* Takes `evaluation` (nullable): one of npc_audit_evaluate_line() is kept for the next lines
 * of `engine` when nothing else holds it; any other is released. Thread-safe. */
void           npc_audit_give_back    (NpcAudit       *self,
                                       NpcEngine      *engine,
                                       NpcEvaluation  *evaluation);

guint          npc_audit_get_count    (NpcAudit       *self,
                                       NpcAuditVerdict  verdict);
guint          npc_audit_get_patients (NpcAudit       *self);
guint          npc_audit_get_assessable (NpcAudit     *self);

/* The summary of the documented audit contract (docs/audit.md). */
JsonNode      *npc_audit_to_json      (NpcAudit       *self);

/* The Wilson score interval of x successes in n trials, with z = NPC_WILSON_Z; FALSE (and
 * nothing set) for n = 0. */
gboolean       npc_wilson_interval    (guint           x,
                                       guint           n,
                                       double         *low,
                                       double         *high);

/* Classifies a case's recorded decision (nullable: none recorded) against its evaluation, as
 * the audit does: the case must be assessable and the decision name an outcome or a
 * treatment. `block_out` (nullable) says why a case is not assessable. */
NpcAuditVerdict npc_decision_classify (const NpcDecision *decision,
                                       NpcEvaluation     *evaluation,
                                       NpcAuditBlock     *block_out);

const char    *npc_audit_verdict_to_string (NpcAuditVerdict klass);
const char    *npc_audit_block_to_string (NpcAuditBlock block);

/* Replaces, case-insensitively, every occurrence of the patient's name (and of each word of
 * it of two characters or more), id and birth date in text. Newly allocated. */
char          *npc_audit_redact       (const char     *text,
                                       JsonObject     *patient);

G_END_DECLS
