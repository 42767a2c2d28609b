/* npc-report-flow.c — the report's text flow: blocks measured and cut into pages between lines
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


/* ------------------------------------------------------------------------------------------ */
/* cells and blocks                                                                            */

void
cell_free (Cell *cell)
{
  g_clear_object (&cell->layout);
  g_free (cell->line_top);
  g_free (cell->line_bottom);
  g_free (cell->line_x);
  g_free (cell->baseline);
  g_free (cell);
}

void
block_free (Block *block)
{
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block->outline_title);
  g_free (block);
}

Block *
_npc_report_block_new (BlockKind kind,
                       double    width)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  b->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  b->width = width;
  return b;
}

void
placement_clear (gpointer data)
{
  Placement *p = data;

  g_free (p->start);
  g_free (p->end);
}

void
page_free (Page *page)
{
  g_array_unref (page->placements);
  g_array_unref (page->diagrams);
  g_free (page);
}

void
outline_entry_clear (gpointer data)
{
  OutlineEntry *e = data;

  g_free (e->title);
}

PangoLayout *
make_layout (NpcReport  *self,
             TextStyle   style,
             const char *markup,
             double      width)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, styles[style].size * PANGO_SCALE);
  pango_font_description_set_weight (font, styles[style].weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) floor (MAX (width, 10) * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
cell_measure (Cell *cell)
{
  PangoLayoutIter *iter;
  guint i = 0;

  cell->n_lines = pango_layout_get_line_count (cell->layout);
  cell->line_top = g_new0 (double, cell->n_lines + 1);
  cell->line_bottom = g_new0 (double, cell->n_lines + 1);
  cell->line_x = g_new0 (double, cell->n_lines + 1);
  cell->baseline = g_new0 (double, cell->n_lines + 1);

  iter = pango_layout_get_iter (cell->layout);
  do
    {
      PangoRectangle logical;

      g_assert (i < cell->n_lines);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cell->line_top[i] = (double) logical.y / PANGO_SCALE;
      cell->line_bottom[i] = (double) (logical.y + logical.height) / PANGO_SCALE;
      cell->line_x[i] = (double) logical.x / PANGO_SCALE;
      cell->baseline[i] = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

Cell *
_npc_report_cell_new (NpcReport  *self,
                      TextStyle   style,
                      const char *markup,
                      double      x,
                      double      width,
                      double      inset)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->style = style;
  cell->x = x;
  cell->width = width;
  cell->inset = inset;
  cell->layout = make_layout (self, style, markup ? markup : "", width - 2 * inset);
  cell_measure (cell);
  return cell;
}

/* The height of lines [start, end) of a cell. */
static double
cell_span (const Cell *cell,
           guint       start,
           guint       end)
{
  if (end <= start)
    return 0;
  return cell->line_bottom[end - 1] - cell->line_top[start];
}

static double
block_height (const Block *b)
{
  double h = 0;

  for (guint i = 0; i < b->cells->len; i++)
    {
      const Cell *cell = b->cells->pdata[i];

      h = MAX (h, cell_span (cell, 0, cell->n_lines));
    }
  return h + b->pad_top + b->pad_bottom;
}

/* What must fit for the block to start on a page: two lines, or the whole block. */
static double
block_min_height (const Block *b)
{
  double h = 0;

  if (b->keep_together)
    return block_height (b);
  for (guint i = 0; i < b->cells->len; i++)
    {
      const Cell *cell = b->cells->pdata[i];

      h = MAX (h, cell_span (cell, 0, MIN (cell->n_lines, 2)));
    }
  return h + b->pad_top + b->pad_bottom;
}

/* ------------------------------------------------------------------------------------------ */
/* page furniture: header and footer                                                           */

char *
page_number_text (NpcReport *self,
                  guint      page)
{
  return g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
}

double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

void
compute_geometry (NpcReport *self,
                  PageGeom  *geom,
                  double     page_w,
                  double     page_h)
{
  double width = page_w - 2 * MARGIN_X;
  g_autofree char *header = _npc_report_header_markup (self);
  g_autofree char *footer = _npc_report_footer_markup (self);
  g_autoptr(PangoLayout) h = make_layout (self, STYLE_HEADER, header, width);
  g_autoptr(PangoLayout) f = make_layout (self, STYLE_FOOTER, footer, width);
  g_autoptr(PangoLayout) n = make_layout (self, STYLE_HEADER, "Page 1", width);

  geom->left = MARGIN_X;
  geom->width = width;
  geom->header_h = layout_height (h) + 4;
  geom->footer_h = layout_height (f) + 3 + layout_height (n);
  geom->top = MARGIN_TOP + geom->header_h + HEADER_GAP;
  geom->height = page_h - MARGIN_BOTTOM - geom->footer_h - FOOTER_GAP - geom->top;
}

/* ------------------------------------------------------------------------------------------ */
/* pagination                                                                                  */

void
flow_new_page (Flow    *f,
               gboolean landscape)
{
  Page *page = g_new0 (Page, 1);

  page->landscape = landscape;
  page->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  g_array_set_clear_func (page->placements, placement_clear);
  page->diagrams = g_array_new (FALSE, TRUE, sizeof (DiagramView));
  g_ptr_array_add (f->self->pages, page);
  f->page = page;
  f->geom = &f->self->geom[landscape ? 1 : 0];
  f->y = f->geom->top;
}

gboolean
flow_page_empty (Flow *f)
{
  return f->page == NULL || f->page->placements->len == 0;
}

double
flow_bottom (Flow *f)
{
  return f->geom->top + f->geom->height;
}

static void
flow_place (Flow        *f,
            Block       *b,
            const guint *start,
            const guint *end,
            gboolean     first,
            gboolean     last)
{
  Placement p = { 0 };
  double h = 0;
  guint n = b->cells->len;

  p.block = b;
  p.start = g_memdup2 (start, sizeof (guint) * MAX (n, 1));
  p.end = g_memdup2 (end, sizeof (guint) * MAX (n, 1));
  for (guint i = 0; i < n; i++)
    h = MAX (h, cell_span (b->cells->pdata[i], start[i], end[i]));
  p.height = h + b->pad_top + b->pad_bottom;
  p.y = f->y;
  p.first_slice = first;
  p.last_slice = last;
  p.draw_top = b->box_top && first;
  p.draw_bottom = b->box_bottom && last;

  if (first && b->outline_level > 0 && b->outline_title != NULL)
    {
      OutlineEntry e = { b->outline_level, g_strdup (b->outline_title),
                         f->self->pages->len - 1, p.y };

      g_array_append_val (f->self->outline, e);
    }

  g_array_append_val (f->page->placements, p);
  f->y += p.height;
}

void
place_whole (Flow  *f,
             Block *b)
{
  guint n = b->cells->len;
  g_autofree guint *start = g_new0 (guint, MAX (n, 1));
  g_autofree guint *end = g_new0 (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    end[i] = ((Cell *) b->cells->pdata[i])->n_lines;
  flow_place (f, b, start, end, TRUE, TRUE);
}

/* The height of a chain of keep-with-next blocks and the start of the block after it. */
static double
chain_height (GPtrArray *blocks,
              guint      i)
{
  double h = 0;
  guint j = i;

  while (j < blocks->len)
    {
      Block *b = blocks->pdata[j];

      if (b->kind != BLOCK_TEXT)
        break;
      if (j > i)
        h += b->space_before;
      if (!b->keep_with_next)
        {
          h += block_min_height (b);
          break;
        }
      h += block_height (b) + b->space_after;
      j++;
    }
  return h;
}

void
place_block (Flow      *f,
             GPtrArray *blocks,
             guint      index)
{
  Block *b = blocks->pdata[index];
  guint n = b->cells->len;
  g_autofree guint *start = g_new0 (guint, MAX (n, 1));
  g_autofree guint *end = g_new0 (guint, MAX (n, 1));
  double full = block_height (b);
  gboolean first = TRUE;

  if (b->keep_with_next && !flow_page_empty (f))
    {
      double chain = chain_height (blocks, index);

      if (f->y + b->space_before + chain > flow_bottom (f) && chain <= f->geom->height)
        flow_new_page (f, FALSE);
    }
  if (b->keep_together && !flow_page_empty (f) &&
      f->y + b->space_before + full > flow_bottom (f) && full <= f->geom->height)
    flow_new_page (f, FALSE);

  for (;;)
    {
      double space, avail;
      gboolean all_fit = TRUE;
      guint placed = 0;

      /* a table row at the top of a page brings its header along */
      if (flow_page_empty (f) && b->repeat_header != NULL)
        place_whole (f, b->repeat_header);

      space = flow_page_empty (f) || !first ? 0 : b->space_before;
      avail = flow_bottom (f) - f->y - space - b->pad_top - b->pad_bottom;

      for (guint i = 0; i < n; i++)
        {
          const Cell *cell = b->cells->pdata[i];
          guint e = start[i];

          while (e < cell->n_lines && cell_span (cell, start[i], e + 1) <= avail + 0.01)
            e++;
          end[i] = e;
          if (e < cell->n_lines)
            all_fit = FALSE;
        }

      if (all_fit && (avail >= 0 || flow_page_empty (f)))
        {
          f->y += space;
          flow_place (f, b, start, end, first, TRUE);
          f->y += b->space_after;
          return;
        }

      /* No widows or orphans; and a bullet never leaves its text behind. */
      for (guint i = 0; i < n; i++)
        {
          const Cell *cell = b->cells->pdata[i];
          guint here = end[i] - start[i], rest = cell->n_lines - end[i];

          if (here < 2 && cell->n_lines - start[i] >= 2 && !flow_page_empty (f))
            end[i] = start[i];
          else if (rest == 1 && here >= 3)
            end[i]--;
        }
      for (guint i = 0; i < n; i++)
        {
          const Cell *cell = b->cells->pdata[i];

          if (end[i] == start[i] && start[i] < cell->n_lines && !flow_page_empty (f))
            memcpy (end, start, sizeof (guint) * n);
        }
      for (guint i = 0; i < n; i++)
        placed += end[i] - start[i];

      if (placed == 0 && !flow_page_empty (f))
        {
          flow_new_page (f, FALSE);
          continue;
        }
      if (placed == 0)
        {
          /* taller than a page: a line must go somewhere, so the page gets one */
          for (guint i = 0; i < n; i++)
            {
              const Cell *cell = b->cells->pdata[i];

              end[i] = MIN (start[i] + 1, cell->n_lines);
            }
        }

      f->y += space;
      flow_place (f, b, start, end, first, FALSE);
      first = FALSE;
      memcpy (start, end, sizeof (guint) * n);
      flow_new_page (f, FALSE);
    }
}

/* Closes boxes at page breaks, so every slice of a box is drawn closed. */
void
close_boxes (Page *page)
{
  for (guint i = 0; i < page->placements->len; i++)
    {
      Placement *p = &g_array_index (page->placements, Placement, i);

      if (p->block->frame != FRAME_BOX)
        continue;
      if (i == 0)
        p->draw_top = TRUE;
      if (i + 1 == page->placements->len)
        p->draw_bottom = TRUE;
    }
}
