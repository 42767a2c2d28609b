/* npc-document.h — the case behind a window: its file, its changes, its evaluation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_DOCUMENT (npc_document_get_type ())
G_DECLARE_FINAL_TYPE (NpcDocument, npc_document, NPC, DOCUMENT, GObject)

/* A document with a new, empty case for the engine's guideline. */
NpcDocument   *npc_document_new              (NpcEngine    *engine);
NpcGuideline  *npc_document_get_guideline    (NpcDocument  *self);
/* The case, its file (NULL when never saved), whether it has changes not saved, and its
 * evaluation, recomputed on every change of the case: all properties that notify. */
NpcCase       *npc_document_get_case         (NpcDocument  *self);
GFile         *npc_document_get_file         (NpcDocument  *self);
gboolean       npc_document_get_modified     (NpcDocument  *self);
NpcEvaluation *npc_document_get_evaluation   (NpcDocument  *self);
/* The file's name, else the case's label, else "New Case". */
char          *npc_document_dup_display_name (NpcDocument  *self);
/* An unmodified new case with nothing entered. */
gboolean       npc_document_is_pristine      (NpcDocument  *self);

/* Shows another case (evaluated at once); its changes from now on mark the document modified
 * and are autosaved. */
void           npc_document_set_case         (NpcDocument  *self,
                                              NpcCase      *kase,
                                              GFile        *file,
                                              gboolean      modified);
/* Reads a case file for this guideline; on error the document is untouched. The autosave of
 * the case it replaces is dropped. */
gboolean       npc_document_load_file        (NpcDocument  *self,
                                              GFile        *file,
                                              GError      **error);
/* Saves atomically (npc_case_save_full()); the document then belongs to `file`, is not
 * modified and has no autosave. `notice` as for npc_case_save_full(). */
gboolean       npc_document_save_to_file     (NpcDocument  *self,
                                              GFile        *file,
                                              char        **notice,
                                              GError      **error);
/* The changes are given up: no autosave, not modified. */
void           npc_document_discard_changes  (NpcDocument  *self);

/* The autosave: two seconds after a change, the case goes to ID.json (and the file it
 * belongs to, as a URI, to ID.json.uri) in npc_session_dup_autosave_dir(). */
const char    *npc_document_get_autosave_id  (NpcDocument  *self);
/* Goes on writing to a recovered autosave (ID.json in the autosave folder). */
void           npc_document_adopt_autosave   (NpcDocument  *self,
                                              GFile        *autosave);
void           npc_document_drop_autosave    (NpcDocument  *self);

G_END_DECLS
