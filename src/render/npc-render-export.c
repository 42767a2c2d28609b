/* npc-render-export.c — the pathway diagram as an SVG, PNG or PDF file
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "npc-render-export"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <glib/gi18n-lib.h>

#include "npc-error.h"
#include "npc-file-util.h"
#include "npc-render-export-private.h"
#include "npc-renderer-private.h"
#include "npc-scene.h"

#define MARGIN     36.0
#define GAP        28.0
#define MIN_HEADER 640.0
#define MAX_PIXELS 32000.0 /* cairo image surfaces stop at 32767 */

gboolean
npc_export_format_from_path (const char      *path,
                             NpcExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".svg"))
    *format = NPC_EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".png"))
    *format = NPC_EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = NPC_EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

typedef struct {
  char *title;
  char *source;
  char *case_line;
  char *summary;
  char *path;
} Header;

static void
header_clear (Header *h)
{
  g_free (h->title);
  g_free (h->source);
  g_free (h->case_line);
  g_free (h->summary);
  g_free (h->path);
}

static void
header_init (Header        *h,
             NpcLayout     *layout,
             NpcEvaluation *evaluation,
             const char    *case_label)
{
  NpcGuideline *guideline = npc_layout_get_guideline (layout);
  const NpcMetadata *meta = guideline != NULL ? npc_guideline_get_metadata (guideline) : NULL;

  h->title = g_strdup (meta != NULL ? meta->title : _("Decision pathway"));
  if (meta != NULL)
    h->source = g_strdup_printf (_("Source: %s. Literature review current through %s; "
                                   "last updated %s. This diagram supports, and does not "
                                   "replace, clinical judgement."),
                                 meta->source_title, meta->literature_review_through,
                                 meta->last_updated);
  if (evaluation != NULL)
    {
      g_auto(GStrv) ids = npc_evaluation_dup_path_ids (evaluation);
      g_autofree char *joined = g_strjoinv (" → ", ids);

      h->case_line = g_strdup_printf (_("Case: %s"), case_label != NULL && *case_label
                                                       ? case_label : _("(unnamed)"));
      h->summary = npc_evaluation_dup_summary (evaluation);
      h->path = g_strdup_printf (_("Path: %s"), joined);
    }
  else
    h->case_line = g_strdup (_("No case: the whole pathway, nothing highlighted."));
}

/* Adds the header to scene, or measures it when scene is NULL; returns its height. */
static double
header_draw (NpcRenderer *renderer,
             NpcScene    *scene,
             Header      *h,
             double       x,
             double       y,
             double       width)
{
  double y0 = y;

  y += npc_renderer_add_text (renderer, scene, "title", h->title, x, y, width, 22, TRUE,
                              FALSE) + 4;
  if (h->source != NULL)
    y += npc_renderer_add_text (renderer, scene, "source", h->source, x, y, width, 11, FALSE,
                                TRUE) + 12;
  y += npc_renderer_add_text (renderer, scene, "case", h->case_line, x, y, width, 12, FALSE,
                              FALSE) + 2;
  if (h->summary != NULL)
    y += npc_renderer_add_text (renderer, scene, "summary", h->summary, x, y, width, 17, TRUE,
                                FALSE) + 4;
  if (h->path != NULL)
    y += npc_renderer_add_text (renderer, scene, "path-line", h->path, x, y, width, 11, FALSE,
                                TRUE);
  return y - y0;
}

/* The page as one scene: every format is written from it. */
static void
build_page (NpcRenderer   *renderer,
            NpcScene      *scene,
            NpcLayout     *layout,
            NpcEvaluation *evaluation,
            Header        *header,
            double         page_w,
            double         page_h,
            double         header_w,
            double         header_h,
            double         legend_w,
            gboolean       describe)
{
  const NpcPalette *p = npc_renderer_get_palette (renderer);
  NpcSceneItem *item;

  npc_scene_set_size (scene, page_w, page_h);
  item = npc_scene_add (scene, NPC_SCENE_PAINT, "page");
  item->paint = p->background;
  item->paint.alpha = 1;

  npc_scene_add (scene, NPC_SCENE_GROUP, "page-header");
  header_draw (renderer, scene, header, MARGIN, MARGIN, header_w);
  npc_scene_add (scene, NPC_SCENE_END, NULL);
  if (evaluation != NULL)
    npc_renderer_build_legend (renderer, scene, page_w - MARGIN - legend_w, MARGIN);

  item = npc_scene_add (scene, NPC_SCENE_GROUP, "diagram");
  item->group.dx = MARGIN;
  item->group.dy = MARGIN + header_h + GAP;
  npc_renderer_build_scene (renderer, scene, layout, evaluation, describe);
  npc_scene_add (scene, NPC_SCENE_END, NULL);
}

static gboolean
check_status (cairo_status_t status,
              const char    *path,
              GError       **error)
{
  g_autofree char *display = NULL;

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the diagram: %s"), display,
               cairo_status_to_string (status));
  return FALSE;
}

static cairo_status_t
append_to_buffer (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

void
npc_render_export_build_page (NpcRenderer   *renderer,
                              NpcLayout     *layout,
                              NpcEvaluation *evaluation,
                              const char    *case_label,
                              gboolean       for_svg,
                              NpcScene      *scene)
{
  Header header = { 0 };
  NpcLayoutRect bounds;
  double legend_w = 0, legend_h = 0, header_w, header_h, page_w, page_h;

  g_return_if_fail (NPC_IS_RENDERER (renderer));
  g_return_if_fail (NPC_IS_LAYOUT (layout));
  g_return_if_fail (scene != NULL);

  header_init (&header, layout, evaluation, case_label);
  npc_layout_get_bounds (layout, &bounds);
  if (evaluation != NULL)
    npc_renderer_draw_legend (renderer, NULL, 0, 0, &legend_w, &legend_h);

  /* the header takes what the legend leaves of the diagram's width */
  header_w = MAX (bounds.width - legend_w - GAP, MIN_HEADER);
  header_h = MAX (header_draw (renderer, NULL, &header, 0, 0, header_w), legend_h);
  page_w = 2 * MARGIN + MAX (bounds.width, header_w + (legend_w > 0 ? GAP + legend_w : 0));
  page_h = 2 * MARGIN + header_h + GAP + bounds.height;

  npc_scene_set_title (scene, header.title);
  build_page (renderer, scene, layout, evaluation, &header, page_w, page_h, header_w, header_h,
              legend_w, for_svg);
  header_clear (&header);
}

gboolean
npc_render_export_to_file (NpcRenderer    *renderer,
                           NpcLayout      *layout,
                           NpcEvaluation  *evaluation,
                           const char     *case_label,
                           NpcExportFormat format,
                           double          scale,
                           const char     *path,
                           GError        **error)
{
  double page_w, page_h;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(NpcScene) scene = NULL;

  g_return_val_if_fail (NPC_IS_RENDERER (renderer), FALSE);
  g_return_val_if_fail (NPC_IS_LAYOUT (layout), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  scene = npc_scene_new ();
  npc_render_export_build_page (renderer, layout, evaluation, case_label,
                                format == NPC_EXPORT_SVG, scene);
  npc_scene_get_size (scene, &page_w, &page_h);

  /* The file is made in memory and written in one atomic replace: a failure never leaves a
   * partial file under the target's name. */
  if (format == NPC_EXPORT_SVG)
    {
      g_autoptr(GString) svg = g_string_new (NULL);

      npc_scene_write_svg (scene, npc_renderer_get_metrics (renderer), svg);
      return npc_file_replace_contents (path, svg->str, svg->len, _("the diagram"), NULL, error);
    }

  bytes = g_byte_array_new ();
  switch (format)
    {
    case NPC_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_buffer, bytes, page_w, page_h);
      break;
    case NPC_EXPORT_PNG:
    default:
      if (scale <= 0)
        scale = 1;
      if (page_w * scale > MAX_PIXELS || page_h * scale > MAX_PIXELS)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                       _("%s: the diagram is too large for a PNG at this scale "
                         "(%.0f × %.0f pixels); use SVG or PDF, or a smaller scale"),
                       display, page_w * scale, page_h * scale);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (page_w * scale),
                                            (int) ceil (page_h * scale));
      break;
    }

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return check_status (status, path, error);
    }

  cr = cairo_create (surface);
  if (format == NPC_EXPORT_PNG)
    cairo_scale (cr, scale, scale);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  npc_scene_draw_cairo (scene, cr, npc_renderer_get_metrics (renderer));
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == NPC_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_buffer, bytes);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (!check_status (status, path, error))
    return FALSE;
  return npc_file_replace_contents (path, (const char *) bytes->data, bytes->len,
                                    _("the diagram"), NULL, error);
}
