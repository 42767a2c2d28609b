/* npc-case-form.h — the case form, generated from the guideline's fields
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"
#include "npc-decision-group.h"

G_BEGIN_DECLS

#define NPC_TYPE_CASE_FORM (npc_case_form_get_type ())
G_DECLARE_FINAL_TYPE (NpcCaseForm, npc_case_form, NPC, CASE_FORM, GtkWidget)

GtkWidget     *npc_case_form_new             (void);

NpcGuideline  *npc_case_form_get_guideline   (NpcCaseForm  *self);
void           npc_case_form_set_guideline   (NpcCaseForm  *self,
                                              NpcGuideline *guideline);
NpcCase       *npc_case_form_get_case        (NpcCaseForm  *self);
void           npc_case_form_set_case        (NpcCaseForm  *self,
                                              NpcCase      *kase);
NpcEvaluation *npc_case_form_get_evaluation  (NpcCaseForm  *self);
void           npc_case_form_set_evaluation  (NpcCaseForm  *self,
                                              NpcEvaluation *evaluation);

/* Moves focus to the next field the engine needs (after the focused one, wrapping).
 * Returns FALSE when no field is needed. */
gboolean       npc_case_form_focus_next_needed (NpcCaseForm *self);
gboolean       npc_case_form_focus_field     (NpcCaseForm  *self,
                                              const char   *field_id);

/* Opens the help of a field beside it, as F1 does for the focused field. */
gboolean       npc_case_form_show_help       (NpcCaseForm  *self,
                                              const char   *field_id);

/* The tumour board's decision, the form's last group. */
NpcDecisionGroup *npc_case_form_get_decision_group (NpcCaseForm *self);

/* For tests and accessibility checks: a field's row, and the widget that edits it
 * (AdwComboRow, NpcChoiceGroup of "Yes"/"No"/"Unknown", GtkSpinButton, AdwExpanderRow,
 * AdwEntryRow). */
GtkWidget     *npc_case_form_get_row         (NpcCaseForm  *self,
                                              const char   *field_id);
GtkWidget     *npc_case_form_get_editor      (NpcCaseForm  *self,
                                              const char   *field_id);
gboolean       npc_case_form_field_is_marked_needed (NpcCaseForm *self,
                                                     const char  *field_id);
/* The error text shown at a field, or NULL. */
const char    *npc_case_form_get_field_error (NpcCaseForm  *self,
                                              const char   *field_id);

G_END_DECLS
