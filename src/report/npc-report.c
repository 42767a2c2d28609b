/* npc-report.c — a case report: the evaluation of one case as a paginated document
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is a flow of blocks (paragraphs and table rows, each a row of pango layouts,
 * written by npc-report-sections.c) that is cut into pages between lines, never through
 * one; the pieces of the diagram along the case's path, drawn by the renderer, take their
 * place in the flow. Every page gets a header and a footer: the source and its dates, the
 * disclaimer, "Page N of M".
 *
 * This file holds the object, the pagination's order, the drawing of a page and the
 * pages' text; the flow of blocks onto pages is in npc-report-flow.c, the diagram's pieces in
 * npc-report-diagram.c, the PDF file in npc-report-pdf.c.
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
#include "npc-text-metrics.h"

G_DEFINE_FINAL_TYPE (NpcReport, npc_report, G_TYPE_OBJECT)

static void
clear_pages (NpcReport *self)
{
  g_ptr_array_set_size (self->blocks, 0);
  g_ptr_array_set_size (self->extra, 0);
  g_ptr_array_set_size (self->pages, 0);
  g_array_set_size (self->outline, 0);
  self->paginated = FALSE;
}

guint
npc_report_paginate (NpcReport *self,
                     double     page_width,
                     double     page_height)
{
  Flow f = { self, NULL, NULL, 0 };

  g_return_val_if_fail (NPC_IS_REPORT (self), 0);
  g_return_val_if_fail (page_width > 4 * MARGIN_X && page_height > 4 * MARGIN_TOP, 0);

  clear_pages (self);
  self->page_width = page_width;
  self->page_height = page_height;
  compute_geometry (self, &self->geom[0], page_width, page_height);
  compute_geometry (self, &self->geom[1], page_height, page_width);

  _npc_report_build_flow (self, self->blocks, self->geom[0].width);

  flow_new_page (&f, FALSE);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = self->blocks->pdata[i];

      switch (b->kind)
        {
        case BLOCK_PAGE_BREAK:
          /* a break never leaves a page less than a third full: the next section then
           * follows on it */
          if (!flow_page_empty (&f) && f.y - f.geom->top >= f.geom->height / 3)
            flow_new_page (&f, FALSE);
          break;
        case BLOCK_DIAGRAM:
          add_diagram_pieces (&f, self->extra);
          break;
        case BLOCK_TEXT:
        default:
          place_block (&f, self->blocks, i);
          break;
        }
    }

  for (guint i = 0; i < self->pages->len; i++)
    close_boxes (self->pages->pdata[i]);

  self->paginated = TRUE;
  return self->pages->len;
}

static void
ensure_paginated (NpcReport *self)
{
  if (!self->paginated)
    npc_report_paginate (self, NPC_REPORT_A4_WIDTH, NPC_REPORT_A4_HEIGHT);
}

guint
npc_report_get_n_pages (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), 0);

  ensure_paginated (self);
  return self->pages->len;
}

gboolean
npc_report_get_page_size (NpcReport *self,
                          guint      page,
                          double    *width,
                          double    *height)
{
  const Page *p;

  g_return_val_if_fail (NPC_IS_REPORT (self), FALSE);

  ensure_paginated (self);
  g_return_val_if_fail (page < self->pages->len, FALSE);
  p = self->pages->pdata[page];
  if (width != NULL)
    *width = p->landscape ? self->page_height : self->page_width;
  if (height != NULL)
    *height = p->landscape ? self->page_width : self->page_height;
  return p->landscape;
}

/* ------------------------------------------------------------------------------------------ */
/* drawing                                                                                     */

void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static const Rgb *
style_ink (TextStyle style)
{
  if (styles[style].accent)
    return &accent_ink;
  if (styles[style].muted)
    return &muted_ink;
  return &ink;
}

static void
draw_lines (cairo_t    *cr,
            const Cell *cell,
            guint       start,
            guint       end,
            double      x,
            double      y)
{
  set_rgb (cr, style_ink (cell->style));
  for (guint i = start; i < end; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (cell->layout, i);

      cairo_move_to (cr, x + cell->line_x[i], y + cell->baseline[i] - cell->line_top[start]);
      pango_cairo_show_layout_line (cr, line);
    }
}

static void
draw_placement (NpcReport       *self,
                cairo_t         *cr,
                const PageGeom  *geom,
                const Placement *p)
{
  const Block *b = p->block;
  double x = geom->left + b->indent;
  double y = p->y;

  if (b->frame == FRAME_BOX)
    {
      double lw = b->border_width;

      if (b->fill != NULL)
        {
          set_rgb (cr, b->fill);
          cairo_rectangle (cr, x, y, b->width, p->height);
          cairo_fill (cr);
        }
      set_rgb (cr, b->border != NULL ? b->border : &rule_ink);
      cairo_set_line_width (cr, lw);
      cairo_move_to (cr, x + lw / 2, y);
      cairo_line_to (cr, x + lw / 2, y + p->height);
      cairo_move_to (cr, x + b->width - lw / 2, y);
      cairo_line_to (cr, x + b->width - lw / 2, y + p->height);
      cairo_stroke (cr);
      if (p->draw_top)
        {
          cairo_move_to (cr, x, y + lw / 2);
          cairo_line_to (cr, x + b->width, y + lw / 2);
          cairo_stroke (cr);
        }
      if (p->draw_bottom)
        {
          cairo_move_to (cr, x, y + p->height - lw / 2);
          cairo_line_to (cr, x + b->width, y + p->height - lw / 2);
          cairo_stroke (cr);
        }
    }
  else if (b->frame == FRAME_ROW)
    {
      if (b->fill != NULL)
        {
          set_rgb (cr, b->fill);
          cairo_rectangle (cr, x, y, b->width, p->height);
          cairo_fill (cr);
        }
      set_rgb (cr, b->border != NULL ? b->border : &rule_ink);
      cairo_set_line_width (cr, b->border_width);
      cairo_rectangle (cr, x, y, b->width, p->height);
      for (guint i = 1; i < b->cells->len; i++)
        {
          const Cell *cell = b->cells->pdata[i];

          cairo_move_to (cr, x + cell->x, y);
          cairo_line_to (cr, x + cell->x, y + p->height);
        }
      cairo_stroke (cr);
    }

  for (guint i = 0; i < b->cells->len; i++)
    {
      const Cell *cell = b->cells->pdata[i];

      draw_lines (cr, cell, p->start[i], p->end[i], x + b->pad_x + cell->x + cell->inset,
                  y + b->pad_top);
    }
}

static void
draw_furniture (NpcReport *self,
                cairo_t   *cr,
                guint      page,
                double     page_w,
                double     page_h)
{
  const PageGeom *geom = &self->geom[page_w > page_h ? 1 : 0];
  g_autofree char *header = _npc_report_header_markup (self);
  g_autofree char *footer = _npc_report_footer_markup (self);
  g_autofree char *number = page_number_text (self, page);
  g_autofree char *written = _npc_report_written_text (self);
  g_autofree char *written_m = g_markup_escape_text (written, -1);
  g_autofree char *number_m = g_markup_escape_text (number, -1);
  g_autoptr(PangoLayout) h = make_layout (self, STYLE_HEADER, header, geom->width);
  g_autoptr(PangoLayout) f = make_layout (self, STYLE_FOOTER, footer, geom->width);
  g_autoptr(PangoLayout) w = make_layout (self, STYLE_HEADER, written_m, geom->width - 90);
  g_autoptr(PangoLayout) n = make_layout (self, STYLE_HEADER, number_m, geom->width);
  double y;

  set_rgb (cr, &muted_ink);
  cairo_move_to (cr, geom->left, MARGIN_TOP);
  pango_cairo_show_layout (cr, h);

  cairo_set_line_width (cr, 0.6);
  set_rgb (cr, &rule_ink);
  cairo_move_to (cr, geom->left, MARGIN_TOP + geom->header_h);
  cairo_line_to (cr, geom->left + geom->width, MARGIN_TOP + geom->header_h);
  y = page_h - MARGIN_BOTTOM - geom->footer_h;
  cairo_move_to (cr, geom->left, y - 3);
  cairo_line_to (cr, geom->left + geom->width, y - 3);
  cairo_stroke (cr);

  set_rgb (cr, &muted_ink);
  cairo_move_to (cr, geom->left, y);
  pango_cairo_show_layout (cr, f);
  y += layout_height (f) + 3;

  cairo_move_to (cr, geom->left, y);
  pango_cairo_show_layout (cr, w);
  pango_layout_set_alignment (n, PANGO_ALIGN_RIGHT);
  set_rgb (cr, &ink);
  cairo_move_to (cr, geom->left, y);
  pango_cairo_show_layout (cr, n);
}


void
npc_report_draw_page (NpcReport *self,
                      cairo_t   *cr,
                      guint      page)
{
  const Page *p;
  const PageGeom *geom;
  double w, h;

  g_return_if_fail (NPC_IS_REPORT (self));
  g_return_if_fail (cr != NULL);

  ensure_paginated (self);
  g_return_if_fail (page < self->pages->len);

  p = self->pages->pdata[page];
  geom = &self->geom[p->landscape ? 1 : 0];
  npc_report_get_page_size (self, page, &w, &h);

  cairo_save (cr);
  draw_furniture (self, cr, page, w, h);
  for (guint i = 0; i < p->placements->len; i++)
    draw_placement (self, cr, geom, &g_array_index (p->placements, Placement, i));
  for (guint i = 0; i < p->diagrams->len; i++)
    draw_diagram (self, cr, &g_array_index (p->diagrams, DiagramView, i));
  cairo_restore (cr);
}

/* ------------------------------------------------------------------------------------------ */
/* text of the pages                                                                           */

/* Lines [start, end) of a layout, one per line, without the spaces a wrap leaves; or run
 * together on one line. */
static void
append_lines (GString     *s,
              PangoLayout *layout,
              guint        start,
              guint        end,
              gboolean     one_line)
{
  const char *text = pango_layout_get_text (layout);

  for (guint i = start; i < end; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      g_autofree char *part = g_strndup (text + line->start_index, line->length);

      g_strchomp (part);
      if (one_line)
        g_string_append_printf (s, "%s%s", i > start && part[0] != '\0' ? " " : "", part);
      else
        g_string_append_printf (s, "%s\n", part);
    }
}

static void
append_layout (GString     *s,
               PangoLayout *layout)
{
  append_lines (s, layout, 0, pango_layout_get_line_count (layout), FALSE);
}

static void
append_page_body (GString    *s,
                  const Page *p)
{
  for (guint i = 0; i < p->placements->len; i++)
    {
      const Placement *pl = &g_array_index (p->placements, Placement, i);
      const Block *b = pl->block;

      if (b->cells->len == 1)
        append_lines (s, ((Cell *) b->cells->pdata[0])->layout, pl->start[0], pl->end[0],
                      FALSE);
      else if (b->cells->len > 1)
        {
          gboolean any = FALSE;

          /* a cell with no line on this slice adds no separator, so that the rest of a row
           * cut by a page break reads on */
          for (guint c = 0; c < b->cells->len; c++)
            {
              if (pl->end[c] <= pl->start[c])
                continue;
              if (any)
                g_string_append (s, b->frame == FRAME_ROW ? " | " : " ");
              append_lines (s, ((Cell *) b->cells->pdata[c])->layout, pl->start[c], pl->end[c],
                            TRUE);
              any = TRUE;
            }
          g_string_append_c (s, '\n');
        }
    }
}

char *
npc_report_dup_page_text (NpcReport *self,
                          guint      page)
{
  GString *s;
  const Page *p;
  const PageGeom *geom;
  g_autofree char *header = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *number = NULL;
  g_autofree char *written = NULL;

  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);

  ensure_paginated (self);
  g_return_val_if_fail (page < self->pages->len, NULL);

  p = self->pages->pdata[page];
  geom = &self->geom[p->landscape ? 1 : 0];
  s = g_string_new (NULL);

  header = _npc_report_header_markup (self);
  {
    g_autoptr(PangoLayout) h = make_layout (self, STYLE_HEADER, header, geom->width);

    append_layout (s, h);
  }

  append_page_body (s, p);

  footer = _npc_report_footer_markup (self);
  {
    g_autoptr(PangoLayout) f = make_layout (self, STYLE_FOOTER, footer, geom->width);

    append_layout (s, f);
  }
  written = _npc_report_written_text (self);
  number = page_number_text (self, page);
  g_string_append_printf (s, "%s\n%s\n", written, number);
  return g_string_free (s, FALSE);
}

char *
npc_report_dup_text (NpcReport *self)
{
  GString *s;

  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);

  ensure_paginated (self);
  s = g_string_new (NULL);
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_autofree char *page = npc_report_dup_page_text (self, i);

      g_string_append (s, page);
      g_string_append_c (s, '\f');
    }
  return g_string_free (s, FALSE);
}

char *
npc_report_dup_body_text (NpcReport *self)
{
  GString *s;

  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);

  ensure_paginated (self);
  s = g_string_new (NULL);
  for (guint i = 0; i < self->pages->len; i++)
    append_page_body (s, self->pages->pdata[i]);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* the object                                                                                  */

NpcReport *
npc_report_new (NpcGuideline  *guideline,
                NpcCase       *kase,
                NpcEvaluation *evaluation)
{
  NpcReport *self;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);
  g_return_val_if_fail (NPC_IS_CASE (kase), NULL);
  g_return_val_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation), NULL);
  g_return_val_if_fail (evaluation == NULL ||
                        npc_evaluation_get_guideline (evaluation) == guideline, NULL);

  self = g_object_new (NPC_TYPE_REPORT, NULL);
  self->guideline = g_object_ref (guideline);
  self->kase = g_object_ref (kase);
  if (evaluation != NULL)
    self->evaluation = g_object_ref (evaluation);
  else
    {
      g_autoptr(NpcEngine) engine = npc_engine_new (guideline);

      self->evaluation = npc_engine_evaluate (engine, kase);
    }
  return self;
}

NpcGuideline *
npc_report_get_guideline (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);
  return self->guideline;
}

NpcCase *
npc_report_get_case (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);
  return self->kase;
}

NpcEvaluation *
npc_report_get_evaluation (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);
  return self->evaluation;
}

void
npc_report_set_date (NpcReport *self,
                     GDateTime *date)
{
  g_return_if_fail (NPC_IS_REPORT (self));
  g_return_if_fail (date != NULL);

  g_date_time_unref (self->date);
  self->date = g_date_time_ref (date);
  if (self->paginated)
    npc_report_paginate (self, self->page_width, self->page_height);
}

GDateTime *
npc_report_get_date (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);
  return self->date;
}

static void
npc_report_finalize (GObject *object)
{
  NpcReport *self = NPC_REPORT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->extra, g_ptr_array_unref);
  g_clear_pointer (&self->outline, g_array_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->renderer);
  g_clear_object (&self->pango);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->kase);
  g_clear_object (&self->guideline);

  G_OBJECT_CLASS (npc_report_parent_class)->finalize (object);
}

static void
npc_report_class_init (NpcReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = npc_report_finalize;
}

static void
npc_report_init (NpcReport *self)
{
  cairo_font_options_t *options;

  self->date = g_date_time_new_now_local ();
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  self->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->outline = g_array_new (FALSE, TRUE, sizeof (OutlineEntry));
  g_array_set_clear_func (self->outline, outline_entry_clear);

  /* Text is laid out in points, without hinting, so the page is the same on any surface:
   * a PDF file, a printer, a preview. */
  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  pango_cairo_context_set_resolution (self->pango, 72);
  npc_text_context_set_language (self->pango);
  cairo_font_options_destroy (options);
}
