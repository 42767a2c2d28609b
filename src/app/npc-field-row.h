/* npc-field-row.h — the editor of one field of the case form
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_FIELD_ROW (npc_field_row_get_type ())
G_DECLARE_FINAL_TYPE (NpcFieldRow, npc_field_row, NPC, FIELD_ROW, GObject)

NpcFieldRow    *npc_field_row_new        (const NpcField *field);
const NpcField *npc_field_row_get_field  (NpcFieldRow    *row);
/* The row to put in a list (an AdwActionRow, AdwComboRow or AdwExpanderRow). */
GtkWidget      *npc_field_row_get_widget (NpcFieldRow    *row);
/* The widget that edits the value: the combo row, the NpcChoiceGroup, the spin button,
 * the expander row, the entry. */
GtkWidget      *npc_field_row_get_editor (NpcFieldRow    *row);

/* Shows a value, typed by the field: "b" for yes or no, "s" for a choice's id or a text,
 * "x" for a number, "as" for a set or a list; NULL for unknown. `foreign`: the case holds
 * a value of another type, which the row cannot show (it is kept in the case). */
void            npc_field_row_set_value  (NpcFieldRow    *row,
                                          GVariant       *value,
                                          gboolean        foreign);
/* What the evaluation says of the field: needed to go on, and the error, if any. */
void            npc_field_row_set_marks  (NpcFieldRow    *row,
                                          gboolean        needed,
                                          const char     *error);
gboolean        npc_field_row_get_needed (NpcFieldRow    *row);
/* The error shown at the field: a number typed that cannot be taken, or the evaluation's. */
const char     *npc_field_row_get_error  (NpcFieldRow    *row);

gboolean        npc_field_row_contains   (NpcFieldRow    *row,
                                          GtkWidget      *widget);
gboolean        npc_field_row_focus      (NpcFieldRow    *row);
gboolean        npc_field_row_show_help  (NpcFieldRow    *row);

G_END_DECLS
