/* npc-window-private.h — what npc-window.c and npc-window-files.c share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-document.h"
#include "npc-paragraph.h"
#include "npc-window.h"

G_BEGIN_DECLS

struct _NpcWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  NpcOutcomeBanner     *banner;
  AdwFlap              *form_flap;
  NpcCaseForm          *case_form;
  GtkPaned             *content_paned;
  NpcEvidencePane      *evidence_pane;
  GtkToggleButton      *evidence_toggle;
  NpcParagraph         *source_label;
  GMenu                *recent_menu;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;

  GtkWidget            *diagram;
  NpcPresentation      *presentation; /* weak: open while presenting */

  NpcGuideline         *guideline;
  NpcEngine            *engine;
  /* The case, its file, its changes, its autosave and its evaluation; the views follow it
   * through the bindings, the window through the signals. */
  NpcDocument          *document;
  GBindingGroup        *document_bindings;
  /* The banner follows the board's decision of the document's case. */
  GBindingGroup        *case_bindings;
  GSignalGroup         *document_signals;
  char                 *selected_node_id;
  char                 *source_text;
  char                 *last_error;

  guint                 help_overlay_id;
  guint                 bench_reported : 1;
};

/* npc-window.c */
void     _npc_window_update_title      (NpcWindow  *self);
char    *_npc_window_dup_display_name  (NpcWindow  *self);
void     _npc_window_update_actions    (NpcWindow  *self);
void     _npc_window_show_error        (NpcWindow  *self,
                                        const char *heading,
                                        const char *body);

/* npc-window-files.c */
void     _npc_window_class_add_file_actions (GtkWidgetClass *widget_class);
void     _npc_window_init_files        (NpcWindow  *self);
void     _npc_window_update_recent     (NpcWindow  *self);
gboolean _npc_window_close_request     (NpcWindow  *self);

/* npc-window-files.c: what the file actions do */
void _npc_window_new_case         (NpcWindow *self);
void _npc_window_open_with_dialog (NpcWindow *self);
void _npc_window_save             (NpcWindow *self);
void _npc_window_save_as          (NpcWindow *self);
/* npc-window-export.c */
void _npc_window_class_add_export_actions (GtkWidgetClass *widget_class);
/* npc-window-dnd.c */
void _npc_window_init_drop        (NpcWindow *self);

G_END_DECLS
