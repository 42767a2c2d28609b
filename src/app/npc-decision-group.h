/* npc-decision-group.h — the tumour board's decision, at the end of the case form
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_DECISION_GROUP (npc_decision_group_get_type ())
G_DECLARE_FINAL_TYPE (NpcDecisionGroup, npc_decision_group, NPC, DECISION_GROUP,
                      AdwPreferencesGroup)

GtkWidget     *npc_decision_group_new            (void);

void           npc_decision_group_set_guideline  (NpcDecisionGroup *self,
                                                  NpcGuideline     *guideline);
void           npc_decision_group_set_case       (NpcDecisionGroup *self,
                                                  NpcCase          *kase);
void           npc_decision_group_set_evaluation (NpcDecisionGroup *self,
                                                  NpcEvaluation    *evaluation);

/* For tests and accessibility checks: a control by name ("patient-name", "patient-id",
 * "birth-date", "clinician", "outcome" (an AdwComboRow), "treatment", "date", "today",
 * "reason"), the error shown at a date ("birth-date", "date") and whether the reason is
 * marked needed. */
GtkWidget     *npc_decision_group_get_control    (NpcDecisionGroup *self,
                                                  const char       *name);
const char    *npc_decision_group_get_error      (NpcDecisionGroup *self,
                                                  const char       *name);
gboolean       npc_decision_group_get_reason_needed (NpcDecisionGroup *self);
/* The outcome id behind the decision's choice `position` (NULL for "Not recorded" and
 * "Other treatment"), and the position of an outcome id (-1 when it is not listed). */
const char    *npc_decision_group_get_choice_id  (NpcDecisionGroup *self,
                                                  guint             position);
int            npc_decision_group_find_choice    (NpcDecisionGroup *self,
                                                  const char       *outcome_id);
/* The position of "Other treatment". */
guint          npc_decision_group_get_other_position (NpcDecisionGroup *self);

G_END_DECLS
