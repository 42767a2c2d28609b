/* npc-session.h — the open documents, and what a crashed session left of them
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "npc-document.h"

G_BEGIN_DECLS

#define NPC_TYPE_SESSION (npc_session_get_type ())
G_DECLARE_FINAL_TYPE (NpcSession, npc_session, NPC, SESSION, GObject)

/* An autosave a crashed session left behind, and the file its case belongs to (or NULL). */
typedef struct {
  GFile *autosave;
  GFile *original;
} NpcLeftover;

void           npc_leftover_free             (NpcLeftover *leftover);

NpcSession    *npc_session_new               (void);
/* The folder of the autosaves: the user's cache, npc-pathway/autosave. */
char          *npc_session_dup_autosave_dir  (void);
/* The session knows its documents for as long as they live. */
void           npc_session_add_document      (NpcSession  *self,
                                              NpcDocument *document);
/* The autosaves no open document is writing: all of them, or (with `only`)
 * those of that file, in the folder's order. Temporary files of autosaves cut short by a
 * crash are removed first.
 * NpcLeftover*, freed with the array. */
GPtrArray     *npc_session_find_leftovers    (NpcSession  *self,
                                              GFile       *only);
/* The user discarded a leftover: both of its files go. */
void           npc_session_discard_leftover  (NpcSession  *self,
                                              GFile       *autosave);

G_END_DECLS
