/* npc-choice-group.h — a row of mutually exclusive choices, one keyboard stop
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NPC_TYPE_CHOICE_GROUP (npc_choice_group_get_type ())
G_DECLARE_FINAL_TYPE (NpcChoiceGroup, npc_choice_group, NPC, CHOICE_GROUP, GtkWidget)

GtkWidget  *npc_choice_group_new          (const char *accessible_label);
/* Adds a choice: `label` is shown, `accessible_label` (nullable: the label) is what a
 * screen reader says, `tooltip` is nullable. Returns its index. */
guint       npc_choice_group_append       (NpcChoiceGroup *self,
                                           const char     *label,
                                           const char     *accessible_label,
                                           const char     *tooltip);
guint       npc_choice_group_get_n_choices (NpcChoiceGroup *self);
guint       npc_choice_group_get_selected (NpcChoiceGroup *self);
void        npc_choice_group_set_selected (NpcChoiceGroup *self,
                                           guint           index);
/* The button of a choice, for tests. */
GtkWidget  *npc_choice_group_get_button   (NpcChoiceGroup *self,
                                           guint           index);

G_END_DECLS
