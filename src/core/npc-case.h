/* npc-case.h — a patient's case: field values that notify on change
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case holds raw JSON values by field id, exactly as read or set. It does not judge them:
 * the engine checks them against a guideline (npc_engine_evaluate()), so a case with an
 * unknown field or a wrong type loads, shows its errors, and loses nothing on save.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "npc-guideline.h"

G_BEGIN_DECLS

#define NPC_CASE_FORMAT "npc-pathway-case/1"
#define NPC_CASE_MAX_BYTES (1024 * 1024)

#define NPC_TYPE_CASE (npc_case_get_type ())
G_DECLARE_FINAL_TYPE (NpcCase, npc_case, NPC, CASE, GObject)

typedef struct {
  char *rule;     /* "VAL-1" ... */
  char *field;    /* the field the error is reported at */
  char *message;
} NpcValidationError;

void npc_validation_error_free (NpcValidationError *error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcValidationError, npc_validation_error_free)

/* Who the case is about (meta.patient). Every member may be NULL. These are identifiers:
 * they go into the case file and the signed report, never into file names, logs or exported
 * diagrams. */
typedef struct {
  char *name;
  char *id;
  char *birth_date;  /* "YYYY-MM-DD" */
} NpcPatient;

#define NPC_TYPE_PATIENT (npc_patient_get_type ())
GType       npc_patient_get_type     (void) G_GNUC_CONST;
NpcPatient *npc_patient_copy         (const NpcPatient *patient);
void        npc_patient_free         (NpcPatient       *patient);
gboolean    npc_patient_is_empty     (const NpcPatient *patient);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcPatient, npc_patient_free)

/* What the tumour board decided (meta.decision): an outcome id of the guideline (the primary,
 * an alternative or any other outcome; NULL for a treatment the guideline does not name),
 * the treatment in words, the agents' ids, the date ("YYYY-MM-DD") and the reason (wanted
 * when the decision leaves the pathway). Every member may be NULL. */
typedef struct {
  char  *outcome;
  char  *treatment;
  char **agents;
  char  *date;
  char  *reason;
} NpcDecision;

#define NPC_TYPE_DECISION (npc_decision_get_type ())
GType        npc_decision_get_type   (void) G_GNUC_CONST;
NpcDecision *npc_decision_copy       (const NpcDecision *decision);
void         npc_decision_free       (NpcDecision       *decision);
/* TRUE when neither an outcome nor a treatment is recorded: no decision was taken. */
gboolean     npc_decision_is_empty   (const NpcDecision *decision);
/* Reads a meta.decision object; `where` names it in messages ("case.json"). Types and the
 * date are checked; whether the outcome belongs to a guideline is not (see
 * npc_decision_check()). */
NpcDecision *npc_decision_new_from_json (JsonObject    *object,
                                         const char    *where,
                                         GError       **error);
/* FALSE, with an error naming the id, when decision->outcome is neither an outcome node nor
 * a modifier of `guideline`. */
gboolean     npc_decision_check      (const NpcDecision *decision,
                                      NpcGuideline      *guideline,
                                      GError           **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcDecision, npc_decision_free)

/* TRUE when text is a calendar date written YYYY-MM-DD, as the case file's dates must be. */
gboolean     npc_date_is_valid       (const char *text);

NpcCase    *npc_case_new             (const char  *guideline_id);
/* Reads a case file. Errors name the file and, for syntax errors, line and column. */
NpcCase    *npc_case_new_from_file   (GFile       *file,
                                      GError     **error);
NpcCase    *npc_case_new_from_data   (const char  *data,
                                      gssize       length,
                                      const char  *display_name,
                                      GError     **error);
/* A case object: either a whole case file object (with "fields") or a bare object of
 * field values, as one line of a batch file. */
NpcCase    *npc_case_new_from_object (JsonObject  *object,
                                      const char  *display_name,
                                      GError     **error);
/* One line of a batch file: a bare object of field values or a whole case object. The common
 * flat line is read without a JSON parser; anything else goes through json-glib. */
NpcCase    *npc_case_new_from_line   (const char  *data,
                                      gssize       length,
                                      const char  *display_name,
                                      GError     **error);
/* The same for line `line` of a batch file: messages say "NAME:LINE:COL". */
NpcCase    *npc_case_new_from_line_at (const char *data,
                                       gssize      length,
                                       const char *display_name,
                                       guint       line,
                                       GError    **error);
NpcCase    *npc_case_copy            (NpcCase     *self);

/* Atomic: writes a temporary file beside the target (npc_file_replace_contents()), then
 * renames it; on failure the old file is left byte for byte. Keeps the top-level
 * keys and meta keys that were read but not understood. Sets the "modified" time. */
gboolean    npc_case_save            (NpcCase     *self,
                                      GFile       *file,
                                      GError     **error);
/* The same; `notice` receives a sentence when the save had to break a hard link or could
 * not keep the file's owner (NULL otherwise). Only local files are saved. */
gboolean    npc_case_save_full       (NpcCase     *self,
                                      GFile       *file,
                                      char       **notice,
                                      GError     **error);
char       *npc_case_to_data         (NpcCase     *self,
                                      gsize       *length);

const char *npc_case_get_guideline_id (NpcCase    *self);
const char *npc_case_get_label       (NpcCase     *self);
void        npc_case_set_label       (NpcCase     *self,
                                      const char  *label);
const char *npc_case_get_notes       (NpcCase     *self);
void        npc_case_set_notes       (NpcCase     *self,
                                      const char  *notes);
/* meta.patient, meta.clinician and meta.decision; NULL when not recorded. Setting one
 * notifies its property ("patient", "clinician", "decision"); an empty patient or decision
 * is removed. Members of these objects that are not understood are kept on save. */
const NpcPatient  *npc_case_get_patient   (NpcCase           *self);
void               npc_case_set_patient   (NpcCase           *self,
                                           const NpcPatient  *patient);
const char        *npc_case_get_clinician (NpcCase           *self);
void               npc_case_set_clinician (NpcCase           *self,
                                           const char        *clinician);
const NpcDecision *npc_case_get_decision  (NpcCase           *self);
void               npc_case_set_decision  (NpcCase           *self,
                                           const NpcDecision *decision);

/* Field ids that have a value, in insertion order. */
GStrv       npc_case_dup_field_ids   (NpcCase     *self);
/* The same, borrowed: valid until the case changes. */
const char *const *npc_case_get_field_ids (NpcCase *self,
                                           guint   *n_out);
gboolean    npc_case_has_value       (NpcCase     *self,
                                      const char  *field_id);
/* Borrowed; NULL when the field is unknown. */
JsonNode   *npc_case_get_value       (NpcCase     *self,
                                      const char  *field_id);
/* Takes a copy; value NULL (or a JSON null) makes the field unknown. Emits
 * ::changed with the field id as detail when the value really changes. */
void        npc_case_set_value       (NpcCase     *self,
                                      const char  *field_id,
                                      JsonNode    *value);
void        npc_case_set_string      (NpcCase *self, const char *field_id, const char *value);
void        npc_case_set_boolean     (NpcCase *self, const char *field_id, gboolean value);
void        npc_case_set_int         (NpcCase *self, const char *field_id, gint64 value);
void        npc_case_set_strv        (NpcCase *self, const char *field_id, const char *const *values);
void        npc_case_unset           (NpcCase *self, const char *field_id);
void        npc_case_clear           (NpcCase *self);

G_END_DECLS
