/* npc-report-pdf.c — the report as a PDF file, written whole or not at all
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "npc-report"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "npc-engine.h"
#include "npc-error.h"
#include "npc-file-util.h"
#include "npc-report-private.h"
#include <cairo-pdf.h>

/* ------------------------------------------------------------------------------------------ */
/* PDF                                                                                         */

static void
pdf_metadata (NpcReport       *self,
              cairo_surface_t *surface)
{
  g_autofree char *title = g_strdup_printf (_("Case report: %s"),
                                          _npc_report_case_label (self));
  g_autofree char *creator = g_strdup_printf ("NPC Pathway %s", PACKAGE_VERSION);
  g_autofree char *date = g_date_time_format (self->date, "%Y-%m-%dT%H:%M:%S%:z");
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);
  int parents[3] = { CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT };

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, meta->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);

  /* Bookmarks: the sections, and the trials under the evidence. */
  for (guint i = 0; i < self->outline->len; i++)
    {
      const OutlineEntry *e = &g_array_index (self->outline, OutlineEntry, i);
      g_autofree char *link = g_strdup_printf ("page=%u pos=[%d %d]", e->page + 1,
                                               (int) MARGIN_X, (int) floor (e->y));
      int level = CLAMP (e->level, 1, 2);
      int id;

      id = cairo_pdf_surface_add_outline (surface, parents[level - 1], e->title, link, 0);
      if (level == 1)
        parents[1] = id;
    }
}

static gboolean
write_pdf_surface (NpcReport       *self,
                   cairo_surface_t *surface)
{
  cairo_t *cr;
  cairo_status_t status;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return FALSE;
  pdf_metadata (self, surface);
  cr = cairo_create (surface);
  status = cairo_status (cr);
  /* Stop at the first error: a surface in error is not drawn on, and it is finished once,
   * by its owner, only when it is still good. */
  for (guint i = 0; status == CAIRO_STATUS_SUCCESS && i < self->pages->len; i++)
    {
      double w, h;

      npc_report_get_page_size (self, i, &w, &h);
      cairo_pdf_surface_set_size (surface, w, h);
      npc_report_draw_page (self, cr, i);
      cairo_show_page (cr);
      status = cairo_status (cr);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return FALSE;
  cairo_surface_finish (surface);
  return cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS;
}

typedef struct {
  GOutputStream *stream;
  GCancellable *cancellable;
  GError *error;
} StreamClosure;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  StreamClosure *c = closure;

  if (c->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (c->stream, data, length, NULL, c->cancellable, &c->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
npc_report_write_pdf_to_stream (NpcReport     *self,
                                GOutputStream *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  StreamClosure closure = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (NPC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!self->paginated || self->page_width != NPC_REPORT_A4_WIDTH ||
      self->page_height != NPC_REPORT_A4_HEIGHT)
    npc_report_paginate (self, NPC_REPORT_A4_WIDTH, NPC_REPORT_A4_HEIGHT);

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, &closure,
                                                 NPC_REPORT_A4_WIDTH, NPC_REPORT_A4_HEIGHT);
  status = cairo_surface_status (surface);
  ok = status == CAIRO_STATUS_SUCCESS && write_pdf_surface (self, surface);
  if (ok)
    ok = closure.error == NULL;
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (closure.error != NULL)
    {
      g_propagate_error (error, closure.error);
      return FALSE;
    }
  if (!ok)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("Cannot draw the report: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
npc_report_save_pdf (NpcReport  *self,
                     const char *path,
                     GError    **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (NPC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The PDF is made in memory and then written in one atomic replace: a failed report never
   * leaves a partial file where a good one was, or under the new name. */
  out = g_memory_output_stream_new_resizable ();
  if (!npc_report_write_pdf_to_stream (self, out, NULL, &local_error) ||
      !g_output_stream_close (out, NULL, &local_error))
    {
      display = g_filename_display_name (path);
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"),
                   display, local_error->message);
      return FALSE;
    }
  return npc_file_replace_contents (path,
                                    g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                    g_memory_output_stream_get_data_size (
                                      G_MEMORY_OUTPUT_STREAM (out)),
                                    _("the report"), NULL, error);
}

gboolean
npc_report_write_pdf (NpcGuideline  *guideline,
                      NpcCase       *kase,
                      NpcEvaluation *evaluation,
                      const char    *path,
                      GError       **error)
{
  g_autoptr(NpcReport) report = NULL;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), FALSE);
  g_return_val_if_fail (NPC_IS_CASE (kase), FALSE);
  g_return_val_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  report = npc_report_new (guideline, kase, evaluation);
  return npc_report_save_pdf (report, path, error);
}
