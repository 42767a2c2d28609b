/* npc-window-export.c — exports from the window: the diagram, the case report, printing
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-diagram-view.h"
#include "npc-render-export.h"
#include "npc-report.h"
#include "npc-window-private.h"

/* Through the render layer, as the command line does: the file shows what the screen shows. */
gboolean
npc_window_export_diagram (NpcWindow  *self,
                           GFile      *file,
                           GError    **error)
{
  g_autoptr(NpcRenderer) renderer = NULL;
  g_autoptr(NpcLayout) layout = NULL;
  NpcLayoutOrientation orientation = NPC_LAYOUT_TOP_DOWN;
  NpcExportFormat format;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = app ? npc_application_get_settings (NPC_APPLICATION (app)) : NULL;
  g_autofree char *path = g_file_get_path (file);
  const char *label = npc_case_get_label (npc_document_get_case (self->document));

  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The diagram can only be exported to a local file"));
      return FALSE;
    }
  if (!npc_export_format_from_path (path, &format))
    {
      g_autofree char *with_ext = g_strconcat (path, ".png", NULL);

      g_free (path);
      path = g_steal_pointer (&with_ext);
      format = NPC_EXPORT_PNG;
    }
  if (settings != NULL && g_settings_get_enum (settings, "diagram-orientation") == 1)
    orientation = NPC_LAYOUT_LEFT_RIGHT;

  renderer = npc_renderer_new ();
  layout = npc_renderer_layout_guideline (renderer, self->guideline, orientation);
  return npc_render_export_to_file (renderer, layout, npc_document_get_evaluation (self->document),
                                    label && *label ? label : NULL,
                                    format, 2.0, path, error);
}

static void
export_dialog_response (GtkNativeDialog *dialog,
                        int              response,
                        NpcWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!npc_window_export_diagram (self, file, &error))
        _npc_window_show_error (self, _("Could Not Export the Diagram"), error->message);
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Diagram exported")));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_diagram_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  dialog = gtk_file_chooser_native_new (_("Export Diagram"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("pathway.png"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_dialog_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------------------------------ */
/* the case report                                                                             */

/* The same report as npc-pathway-cli report writes. */
gboolean
npc_window_export_report (NpcWindow  *self,
                          GFile      *file,
                          GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The report can only be written to a local file"));
      return FALSE;
    }
  if (!g_str_has_suffix (path, ".pdf"))
    {
      char *with_ext = g_strconcat (path, ".pdf", NULL);

      g_free (path);
      path = with_ext;
    }
  return npc_report_write_pdf (self->guideline, npc_document_get_case (self->document), npc_document_get_evaluation (self->document), path, error);
}

static void
report_dialog_response (GtkNativeDialog *dialog,
                        int              response,
                        NpcWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!npc_window_export_report (self, file, &error))
        _npc_window_show_error (self, _("Could Not Write the Report"), error->message);
      else
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Case report written")));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;
  const char *label = npc_case_get_label (npc_document_get_case (self->document));
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Export Case Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* Translators: the default file name of a case report; %s is the case's label. */
  name = label && *label ? g_strdup_printf (_("%s — report.pdf"), label) : g_strdup (_("report.pdf"));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (report_dialog_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Printing lays the same report out on the printer's page: one layout, paper or PDF. */
static void
print_begin (GtkPrintOperation *op,
             GtkPrintContext   *context,
             NpcReport         *report)
{
  guint pages = npc_report_paginate (report, gtk_print_context_get_width (context),
                                     gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (op, (int) MAX (pages, 1));
}

static void
print_request_page_setup (GtkPrintOperation *op,
                          GtkPrintContext   *context,
                          int                page_nr,
                          GtkPageSetup      *setup,
                          NpcReport         *report)
{
  double w, h;

  /* Diagram pages are landscape. */
  if (npc_report_get_page_size (report, (guint) page_nr, &w, &h))
    gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
}

static void
print_draw_page (GtkPrintOperation *op,
                 GtkPrintContext   *context,
                 int                page_nr,
                 NpcReport         *report)
{
  npc_report_draw_page (report, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static void
print_done (GtkPrintOperation       *op,
            GtkPrintOperationResult  result,
            NpcWindow               *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      _npc_window_show_error (self, _("Could Not Print"), error ? error->message : "");
    }
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(NpcReport) report = npc_report_new (self->guideline, npc_document_get_case (self->document), npc_document_get_evaluation (self->document));
  g_autoptr(GError) error = NULL;
  const char *label = npc_case_get_label (npc_document_get_case (self->document));

  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  gtk_print_operation_set_job_name (op, label && *label ? label : _("Case report"));
  g_signal_connect_object (op, "begin-print", G_CALLBACK (print_begin), report, 0);
  g_signal_connect_object (op, "request-page-setup", G_CALLBACK (print_request_page_setup),
                           report, 0);
  g_signal_connect_object (op, "draw-page", G_CALLBACK (print_draw_page), report, 0);
  g_signal_connect_object (op, "done", G_CALLBACK (print_done), self, 0);
  /* The report lives as long as the operation needs it. */
  g_object_set_data_full (G_OBJECT (op), "npc-report", g_object_ref (report), g_object_unref);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    _npc_window_show_error (self, _("Could Not Print"), error->message);
}

void
_npc_window_class_add_export_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-diagram", NULL,
                                   export_diagram_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL,
                                   export_report_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
}
