/* npc-window.h
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-application.h"
#include "npc-case-form.h"
#include "npc-document.h"
#include "npc-evidence-pane.h"
#include "npc-outcome-banner.h"
#include "npc-presentation.h"

G_BEGIN_DECLS

#define NPC_TYPE_WINDOW (npc_window_get_type ())
G_DECLARE_FINAL_TYPE (NpcWindow, npc_window, NPC, WINDOW, AdwApplicationWindow)

NpcWindow        *npc_window_new               (NpcApplication *application);

/* The case behind the window, its file, changes and evaluation. */
NpcDocument      *npc_window_get_document      (NpcWindow      *self);
NpcCase          *npc_window_get_case          (NpcWindow      *self);
NpcEvaluation    *npc_window_get_evaluation    (NpcWindow      *self);
/* NULL for a case never saved. */
GFile            *npc_window_get_file          (NpcWindow      *self);
gboolean          npc_window_get_modified      (NpcWindow      *self);
/* An unmodified new case: a file opened from the desktop may replace it. */
gboolean          npc_window_is_pristine       (NpcWindow      *self);

/* Asks about unsaved changes first, then loads; errors are shown in the window. */
void              npc_window_open_file         (NpcWindow      *self,
                                                GFile          *file);
/* Loads without asking. On error the current case is untouched. */
gboolean          npc_window_load_file         (NpcWindow      *self,
                                                GFile          *file,
                                                GError        **error);
gboolean          npc_window_save_to_file      (NpcWindow      *self,
                                                GFile          *file,
                                                GError        **error);
/* Writes the diagram with the case's highlight; the format follows the extension
 * (.png, .svg, .pdf; anything else gets .png). */
gboolean          npc_window_export_diagram    (NpcWindow      *self,
                                                GFile          *file,
                                                GError        **error);
gboolean          npc_window_export_report     (NpcWindow      *self,
                                                GFile          *file,
                                                GError        **error);
/* Offers an autosaved case: shows original as it is on disk (a new case when there is none)
 * and asks whether to keep the autosaved changes (then the case is the autosave, modified,
 * belonging to original) or discard them (the autosave is removed). FALSE when the autosave
 * cannot be read. */
gboolean          npc_window_recover           (NpcWindow      *self,
                                                GFile          *autosave,
                                                GFile          *original,
                                                GError        **error);
/* The name of the window's autosave in the cache (without .json), or NULL before the first. */
const char       *npc_window_get_autosave_id   (NpcWindow      *self);

NpcCaseForm      *npc_window_get_case_form     (NpcWindow      *self);
NpcOutcomeBanner *npc_window_get_banner        (NpcWindow      *self);
NpcEvidencePane  *npc_window_get_evidence_pane (NpcWindow      *self);
/* The diagram view (an NpcDiagramView). */
GtkWidget        *npc_window_get_diagram       (NpcWindow      *self);
/* The presentation of the case (win.present), or NULL when none is open. */
NpcPresentation  *npc_window_get_presentation  (NpcWindow      *self);
/* The text of the status line under the panes: source, review date, disclaimer. */
const char       *npc_window_get_source_text   (NpcWindow      *self);
/* The last error shown to the user (a file that would not open or save), or NULL. */
const char       *npc_window_get_last_error    (NpcWindow      *self);

G_END_DECLS
