/* npc-paragraph.h — a paragraph of wrapped text that lays itself out once a width
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NPC_TYPE_PARAGRAPH (npc_paragraph_get_type ())
G_DECLARE_FINAL_TYPE (NpcParagraph, npc_paragraph, NPC, PARAGRAPH, GtkWidget)

GtkWidget  *npc_paragraph_new      (const char   *text);
const char *npc_paragraph_get_text (NpcParagraph *self);
void        npc_paragraph_set_text (NpcParagraph *self,
                                    const char   *text);

G_END_DECLS
