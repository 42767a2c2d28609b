/* npc-window-files.c — case files: new, open, save, recent, recovery, unsaved changes
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-window-private.h"

#include "npc-diagram-view.h"

/* What to do once unsaved changes are dealt with. */
typedef void (*Continuation) (NpcWindow *self,
                              GFile     *file);

typedef struct
{
  NpcWindow    *self;
  Continuation  then;
  GFile        *file;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->self);
  g_clear_object (&pending->file);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Pending *
pending_new (NpcWindow    *self,
             Continuation  then,
             GFile        *file)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->then = then;
  pending->file = file ? g_object_ref (file) : NULL;
  return pending;
}

static void
pending_run (Pending *pending)
{
  if (pending->then != NULL)
    pending->then (pending->self, pending->file);
}

static GtkFileFilter *
case_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("NPC Pathway Cases"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

/* Loading and saving */

gboolean
npc_window_load_file (NpcWindow  *self,
                      GFile      *file,
                      GError    **error)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!npc_document_load_file (self->document, file, error))
    return FALSE;
  /* A case from a file is read for its path: show it. */
  npc_diagram_view_zoom_to_path (NPC_DIAGRAM_VIEW (self->diagram));
  npc_application_add_recent (NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                              file);
  return TRUE;
}

typedef struct
{
  NpcWindow *self;
  GFile     *autosave;
  GFile     *original;
  NpcCase   *kase;
} Recovery;

static void
recovery_free (Recovery *r)
{
  g_clear_object (&r->self);
  g_clear_object (&r->autosave);
  g_clear_object (&r->original);
  g_clear_object (&r->kase);
  g_free (r);
}

static void
recovery_closure_free (gpointer  data,
                       GClosure *closure)
{
  recovery_free (data);
}

static void
recovery_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Recovery         *r)
{
  NpcWindow *self = r->self;
  NpcApplication *app = NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (g_str_equal (response, "keep"))
    {
      /* Keep writing to the same autosave until the user saves or discards. */
      npc_document_adopt_autosave (self->document, r->autosave);
      npc_document_set_case (self->document, r->kase, r->original, TRUE);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Recovered the unsaved changes")));
    }
  else if (g_str_equal (response, "discard") && app != NULL)
    npc_session_discard_leftover (npc_application_get_session (app), r->autosave);
  /* Any other answer (the dialog closed) leaves the autosave for the next start. */
}

gboolean
npc_window_recover (NpcWindow  *self,
                    GFile      *autosave,
                    GFile      *original,
                    GError    **error)
{
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GFileInfo) info = NULL;
  Recovery *r;
  GtkWidget *dialog;

  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (autosave), FALSE);

  kase = npc_case_new_from_file (autosave, error);
  if (kase == NULL)
    return FALSE;

  /* The file as it is on disk first; the recovered changes only if the user says so. */
  if (original != NULL && !npc_window_load_file (self, original, &load_error))
    {
      g_autoptr(NpcCase) empty = npc_case_new (npc_guideline_get_id (self->guideline));

      g_debug ("%s", load_error->message);
      npc_document_set_case (self->document, empty, original, FALSE);
    }

  name = original != NULL ? g_file_get_basename (original) : g_strdup (_("an unsaved case"));
  info = g_file_query_info (autosave, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL)
    {
      g_autoptr(GDateTime) when = g_file_info_get_modification_date_time (info);
      g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
      g_autofree char *time = local ? g_date_time_format (local, "%x %X") : NULL;

      /* Translators: %s is a file name, then a date and time. */
      body = g_strdup_printf (_("The last session ended before the changes to %s were saved. "
                                "They were saved automatically at %s. Keep them, or discard "
                                "them and keep the case as it is on disk?"),
                              name, time ? time : "?");
    }
  else
    body = g_strdup_printf (_("The last session ended before the changes to %s were saved. "
                              "Keep them, or discard them and keep the case as it is on "
                              "disk?"), name);

  r = g_new0 (Recovery, 1);
  r->self = g_object_ref (self);
  r->autosave = g_object_ref (autosave);
  r->original = original ? g_object_ref (original) : NULL;
  r->kase = g_steal_pointer (&kase);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Recover Unsaved Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "keep", _("_Keep Changes"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (recovery_response), r,
                         recovery_closure_free, 0);
  /* A window closed under its question takes the question along; the autosave stays. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

const char *
npc_window_get_autosave_id (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return npc_document_get_autosave_id (self->document);
}

gboolean
npc_window_save_to_file (NpcWindow  *self,
                         GFile      *file,
                         GError    **error)
{
  g_autofree char *notice = NULL;
  gboolean ok;

  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  ok = npc_document_save_to_file (self->document, file, &notice, error);
  if (!ok)
    return FALSE;
  if (notice != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (notice));

  npc_application_add_recent (NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                              file);
  return TRUE;
}

static void
show_open_error (NpcWindow    *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  g_autofree char *body = g_strdup_printf (_("%s\n\nThe current case is unchanged."),
                                           error->message);

  _npc_window_show_error (self, heading, body);
}

static void
load_now (NpcWindow *self,
          GFile     *file)
{
  g_autoptr(GError) error = NULL;

  if (!npc_window_load_file (self, file, &error))
    show_open_error (self, file, error);
}

/* Returns TRUE on success; shows the error otherwise. */
static gboolean
save_now (NpcWindow *self,
          GFile     *file)
{
  g_autoptr(GError) error = NULL;

  if (!npc_window_save_to_file (self, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      _npc_window_show_error (self, heading, error->message);
      return FALSE;
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Case saved")));
  return TRUE;
}

static void
save_dialog_response (GtkNativeDialog *dialog,
                      int              response,
                      Pending         *pending)
{
  g_autoptr(Pending) owned = pending;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (save_now (pending->self, file))
        pending_run (pending);
    }
  g_object_unref (dialog);
}

static void
run_save_dialog (NpcWindow *self,
                 Pending   *pending)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Save Case As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), case_filter ());
  if (npc_document_get_file (self->document) != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), npc_document_get_file (self->document), NULL);
  else
    {
      const char *label = npc_case_get_label (npc_document_get_case (self->document));

      name = g_strdup_printf ("%s.json", label && *label ? label : _("case"));
      g_strdelimit (name, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (save_dialog_response), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Saves to the case's file, or asks for one; then runs the pending work. */
static void
save_then (NpcWindow *self,
           Pending   *pending)
{
  if (npc_document_get_file (self->document) == NULL)
    {
      run_save_dialog (self, pending);
      return;
    }

  if (save_now (self, npc_document_get_file (self->document)))
    pending_run (pending);
  pending_free (pending);
}

static gboolean
pending_idle (gpointer data)
{
  Pending *pending = data;
  const char *response = g_object_get_data (G_OBJECT (pending->self), "npc-response");

  if (g_strcmp0 (response, "save") == 0)
    {
      g_object_set_data (G_OBJECT (pending->self), "npc-response", NULL);
      save_then (pending->self, pending);
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (response, "discard") == 0)
    {
      npc_document_discard_changes (pending->self->document);
      g_object_set_data (G_OBJECT (pending->self), "npc-response", NULL);
      pending_run (pending);
    }
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

static void
discard_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Pending          *pending)
{
  /* Go on once the dialog is gone: closing the window under its own dialog would
   * leave the dialog with a dead parent. */
  g_object_set_data_full (G_OBJECT (pending->self), "npc-response", g_strdup (response), g_free);
  g_idle_add (pending_idle, pending);
}

/* Runs `then` at once if nothing is unsaved; otherwise asks first. */
static void
confirm_unsaved (NpcWindow    *self,
                 Continuation  then,
                 GFile        *file)
{
  Pending *pending = pending_new (self, then, file);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *name = _npc_window_dup_display_name (self);

  if (!npc_document_get_modified (self->document))
    {
      pending_run (pending);
      pending_free (pending);
      return;
    }

  body = g_strdup_printf (_("“%s” has unsaved changes. Changes which are not saved will be "
                            "permanently lost."), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
npc_window_open_file (NpcWindow *self,
                      GFile     *file)
{
  g_return_if_fail (NPC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  confirm_unsaved (self, load_now, file);
}

static void
do_new (NpcWindow *self,
        GFile     *unused)
{
  g_autoptr(NpcCase) kase = npc_case_new (npc_guideline_get_id (self->guideline));

  npc_document_drop_autosave (self->document);
  npc_document_set_case (self->document, kase, NULL, FALSE);
}

static void
do_close (NpcWindow *self,
          GFile     *unused)
{
  npc_document_drop_autosave (self->document);
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
_npc_window_close_request (NpcWindow *self)
{
  if (npc_document_get_modified (self->document))
    {
      confirm_unsaved (self, do_close, NULL);
      return TRUE;
    }
  npc_document_drop_autosave (self->document);
  return FALSE;
}

static void
open_dialog_response (GtkNativeDialog *dialog,
                      int              response,
                      NpcWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      load_now (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
do_open_dialog (NpcWindow *self,
                GFile     *unused)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Case"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), case_filter ());
  g_signal_connect (dialog, "response", G_CALLBACK (open_dialog_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
_npc_window_update_recent (NpcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_auto(GStrv) recent = NULL;

  if (app == NULL)
    return;

  g_menu_remove_all (self->recent_menu);
  recent = npc_application_dup_recent (NPC_APPLICATION (app));
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
    }
}

void
_npc_window_init_files (NpcWindow *self)
{
  _npc_window_init_drop (self);
}

/* What the file actions (npc-window-actions.c) do. */

void
_npc_window_new_case (NpcWindow *self)
{
  confirm_unsaved (self, do_new, NULL);
}

void
_npc_window_open_with_dialog (NpcWindow *self)
{
  confirm_unsaved (self, do_open_dialog, NULL);
}

void
_npc_window_save (NpcWindow *self)
{
  save_then (self, pending_new (self, NULL, NULL));
}

void
_npc_window_save_as (NpcWindow *self)
{
  run_save_dialog (self, pending_new (self, NULL, NULL));
}
