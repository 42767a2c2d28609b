/* npc-report.c — a case report: the evaluation of one case as a paginated document
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is a flow of blocks (paragraphs and table rows, each a row of pango layouts,
 * written by npc-report-sections.c) that is cut into pages between lines, never through
 * one; then come the diagram pages, drawn by the renderer. Every page gets a header and a
 * footer: the source and its dates, the disclaimer, "Page N of M".
 */

#define G_LOG_DOMAIN "npc-report"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "npc-engine.h"
#include "npc-error.h"
#include "npc-file-util.h"
#include "npc-report-private.h"

/* The text styles: sizes in points. */
static const struct {
  double size;
  PangoWeight weight;
  gboolean muted;
  gboolean accent;
} styles[N_STYLES] = {
  [STYLE_BODY]      = { 9.0,  PANGO_WEIGHT_NORMAL, FALSE, FALSE },
  [STYLE_SMALL]     = { 8.0,  PANGO_WEIGHT_NORMAL, TRUE,  FALSE },
  [STYLE_PRODUCT]   = { 10.0, PANGO_WEIGHT_BOLD,   FALSE, TRUE },
  [STYLE_TITLE]     = { 19.0, PANGO_WEIGHT_BOLD,   FALSE, FALSE },
  [STYLE_H1]        = { 13.0, PANGO_WEIGHT_BOLD,   FALSE, TRUE },
  [STYLE_H2]        = { 10.5, PANGO_WEIGHT_BOLD,   FALSE, FALSE },
  [STYLE_H3]        = { 9.0,  PANGO_WEIGHT_BOLD,   FALSE, FALSE },
  [STYLE_SUMMARY]   = { 12.5, PANGO_WEIGHT_BOLD,   FALSE, FALSE },
  [STYLE_CELL]      = { 8.0,  PANGO_WEIGHT_NORMAL, FALSE, FALSE },
  [STYLE_CELL_HEAD] = { 8.0,  PANGO_WEIGHT_BOLD,   FALSE, FALSE },
  [STYLE_HEADER]    = { 7.5,  PANGO_WEIGHT_NORMAL, TRUE,  FALSE },
  [STYLE_FOOTER]    = { 6.8,  PANGO_WEIGHT_NORMAL, TRUE,  FALSE },
};

G_DEFINE_FINAL_TYPE (NpcReport, npc_report, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------------------------ */
/* cells and blocks                                                                            */

static void
cell_free (Cell *cell)
{
  g_clear_object (&cell->layout);
  g_free (cell->line_top);
  g_free (cell->line_bottom);
  g_free (cell->line_x);
  g_free (cell->baseline);
  g_free (cell);
}

static void
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

static void
placement_clear (gpointer data)
{
  Placement *p = data;

  g_free (p->start);
  g_free (p->end);
}

static void
page_free (Page *page)
{
  g_array_unref (page->placements);
  g_free (page);
}

static void
outline_entry_clear (gpointer data)
{
  OutlineEntry *e = data;

  g_free (e->title);
}

static PangoLayout *
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

static char *
page_number_text (NpcReport *self,
                  guint      page)
{
  return g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static void
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

typedef struct {
  NpcReport *self;
  Page *page;
  const PageGeom *geom;
  double y;
} Flow;

static void
flow_new_page (Flow    *f,
               gboolean landscape)
{
  Page *page = g_new0 (Page, 1);

  page->landscape = landscape;
  page->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  g_array_set_clear_func (page->placements, placement_clear);
  g_ptr_array_add (f->self->pages, page);
  f->page = page;
  f->geom = &f->self->geom[landscape ? 1 : 0];
  f->y = f->geom->top;
}

static gboolean
flow_page_empty (Flow *f)
{
  return f->page == NULL || f->page->placements->len == 0;
}

static double
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

static void
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

static void
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
static void
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

/* ------------------------------------------------------------------------------------------ */
/* the diagram pages                                                                           */

static void
ensure_diagram (NpcReport *self)
{
  NpcPalette palette;

  if (self->layout != NULL)
    return;
  self->renderer = npc_renderer_new ();
  npc_renderer_get_default_palette (FALSE, &palette);
  npc_renderer_set_palette (self->renderer, &palette);
  self->layout = npc_renderer_layout_guideline (self->renderer, self->guideline,
                                                NPC_LAYOUT_TOP_DOWN);
}

static gboolean
highlight_diagram (NpcReport *self)
{
  return npc_evaluation_get_outcome (self->evaluation) != NPC_OUTCOME_VALIDATION_ERROR;
}

static void
hit_cb (const NpcLayoutBox *box,
        gpointer            user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Heading and caption of a diagram page, laid out for its width. */
static void
diagram_caption (Flow       *f,
                 const char *heading_text,
                 const char *caption)
{
  NpcReport *self = f->self;
  guint first = self->extra->len;

  _npc_report_build_caption (self, self->extra, f->geom->width, heading_text, caption);
  for (guint i = first; i < self->extra->len; i++)
    {
      Block *b = self->extra->pdata[i];

      if (i > first)
        f->y += b->space_before;
      place_whole (f, b);
      f->y += b->space_after;
    }
}

/* The fit of a w × h model rectangle into an area. */
static double
fit_scale (double w,
           double h,
           double area_w,
           double area_h)
{
  return MIN (area_w / MAX (w, 1), area_h / MAX (h, 1));
}

static char *
path_caption (NpcReport *self)
{
  guint n = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? " → " : "", path[i]->id);
  return g_string_free (s, FALSE);
}

static void
add_overview_page (Flow *f)
{
  NpcReport *self = f->self;
  NpcLayoutRect bounds;
  double legend_w = 0, legend_h = 0, best = -1;
  gboolean best_landscape = TRUE;
  g_autofree char *caption = NULL;
  g_autofree char *path = NULL;
  DiagramView *view;
  double area_w, area_h, scale, dw;

  npc_layout_get_bounds (self->layout, &bounds);
  npc_renderer_draw_legend (self->renderer, NULL, 0, 0, &legend_w, &legend_h);
  legend_w *= LEGEND_SCALE;
  legend_h *= LEGEND_SCALE;

  /* the orientation that shows the diagram larger */
  for (int landscape = 0; landscape < 2; landscape++)
    {
      const PageGeom *g = &self->geom[landscape];
      double s = fit_scale (bounds.width, bounds.height, g->width, g->height - 60);

      if (s > best)
        {
          best = s;
          best_landscape = landscape;
        }
    }

  flow_new_page (f, best_landscape);
  if (highlight_diagram (self))
    {
      path = path_caption (self);
      caption = g_strdup_printf (_("The whole pathway, scaled to fit the page, with this "
                                   "case’s path highlighted: %s. The boxes on the path and "
                                   "the branches looked at also say in words how they "
                                   "stand for this case."), path);
    }
  else
    caption = g_strdup (_("The whole pathway, scaled to fit the page. The case is not "
                          "valid, so no path is highlighted."));
  diagram_caption (f, _("7 Pathway diagram"), caption);

  area_w = f->geom->width;
  area_h = flow_bottom (f) - f->y - 6;
  view = &f->page->diagram;
  view->present = TRUE;
  view->whole = TRUE;
  view->highlight = highlight_diagram (self);
  view->region = bounds;

  /* The legend goes in an empty top corner of the diagram if there is one, else below;
   * without a highlight there is nothing to explain. */
  scale = fit_scale (bounds.width, bounds.height, area_w, area_h);
  for (int corner = 0; corner < 2 && !view->legend && view->highlight; corner++)
    {
      NpcLayoutRect r;
      gboolean hit = FALSE;

      r.width = (legend_w + 12) / scale;
      r.height = (legend_h + 12) / scale;
      r.y = bounds.y;
      r.x = corner == 0 ? bounds.x + bounds.width - r.width : bounds.x;
      npc_layout_foreach_in_rect (self->layout, &r, hit_cb, &hit);
      if (!hit)
        {
          view->legend = TRUE;
          dw = bounds.width * scale;
          view->legend_x = (area_w - dw) / 2 + (r.x - bounds.x) * scale + (corner == 0 ? 12 : 0);
          view->legend_y = 0;
        }
    }
  if (!view->legend && view->highlight)
    {
      scale = fit_scale (bounds.width, bounds.height, area_w, area_h - legend_h - 10);
      view->legend = TRUE;
      view->legend_x = area_w - legend_w;
      view->legend_y = bounds.height * scale + 10;
    }

  dw = bounds.width * scale;
  view->scale = scale;
  view->x = f->geom->left + (area_w - dw) / 2;
  view->y = f->y;
  view->legend_x += f->geom->left;
  view->legend_y += f->y;
}

typedef struct {
  NpcLayoutRect window; /* model units */
  guint first, last;    /* the path's nodes on it */
} Tile;

static void
rect_union (NpcLayoutRect       *a,
            const NpcLayoutRect *b)
{
  double x0 = MIN (a->x, b->x), y0 = MIN (a->y, b->y);
  double x1 = MAX (a->x + a->width, b->x + b->width);
  double y1 = MAX (a->y + a->height, b->y + b->height);

  a->x = x0;
  a->y = y0;
  a->width = x1 - x0;
  a->height = y1 - y0;
}

/* Windows of win_w × win_h model units that follow the case's path down the diagram: each
 * takes as many consecutive nodes of the path as fit, centred on them and the branches
 * they looked at. NULL when the path is not in the layout. */
static GArray *
path_tiles (NpcReport *self,
            double     win_w,
            double     win_h)
{
  guint n_path = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n_path);
  g_autofree NpcLayoutRect *core = g_new0 (NpcLayoutRect, MAX (n_path, 1));
  g_autofree NpcLayoutRect *ext = g_new0 (NpcLayoutRect, MAX (n_path, 1));
  GArray *tiles;
  guint k = 0;

  for (guint i = 0; i < n_path; i++)
    {
      const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[i]);

      if (box == NULL)
        return NULL;
      core[i] = (NpcLayoutRect) { box->x, box->y, box->width, box->height };
      ext[i] = core[i];
      for (guint c = 0; c < box->n_children; c++)
        {
          const NpcLayoutBox *child = box->children[c];
          NpcLayoutRect r = { child->x, child->y, child->width, child->height };

          rect_union (&ext[i], &r);
        }
    }

  tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  while (k < n_path)
    {
      NpcLayoutRect c = core[k], e = ext[k];
      guint j = k + 1;
      Tile tile;
      double cx;

      while (j < n_path)
        {
          NpcLayoutRect c2 = c;
          double bottom = MAX (c.y + c.height, ext[j].y + ext[j].height);

          /* the node, and below it the branches it looked at, must fit */
          rect_union (&c2, &core[j]);
          if (c2.width > win_w - 2 * DIAGRAM_PAD ||
              bottom - c2.y > win_h - DIAGRAM_ABOVE - DIAGRAM_PAD)
            break;
          c = c2;
          rect_union (&e, &ext[j]);
          j++;
        }

      /* Centred on the branches looked at when they fit, else on the path's own boxes;
       * from just above the first box (where its branch label is) down. */
      cx = e.width <= win_w - 2 * DIAGRAM_PAD ? e.x + e.width / 2 : c.x + c.width / 2;
      tile.window.width = MIN (win_w, MAX (e.width, c.width) + 2 * DIAGRAM_PAD);
      tile.window.x = cx - tile.window.width / 2;
      tile.window.y = c.y - DIAGRAM_ABOVE;
      tile.window.height = MIN (win_h, e.y + e.height + DIAGRAM_PAD - tile.window.y);
      tile.first = k;
      tile.last = j - 1;
      g_array_append_val (tiles, tile);
      k = j;
    }
  return tiles;
}

static void
add_detail_pages (Flow   *f,
                  double  overview_scale)
{
  static const double scales[] = { 1.0, 0.86, 0.74, 0.64, DETAIL_MIN_SCALE };
  NpcReport *self = f->self;
  g_autoptr(GArray) best = NULL;
  gboolean landscape = FALSE;
  double scale = 0, caption_h = 40;
  guint n_path = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n_path);

  if (!highlight_diagram (self) || n_path == 0)
    return;

  /* The fewest pages; then the larger scale; then portrait, like the pages before. */
  for (int l = 0; l < 2; l++)
    for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
      {
        const PageGeom *g = &self->geom[l];
        double s = scales[i];
        GArray *tiles = path_tiles (self, g->width / s, (g->height - caption_h) / s);

        if (tiles == NULL)
          return;
        if (best == NULL || tiles->len < best->len || (tiles->len == best->len && s > scale))
          {
            g_clear_pointer (&best, g_array_unref);
            best = tiles;
            scale = s;
            landscape = l;
          }
        else
          g_array_unref (tiles);
      }

  /* No gain over the overview: leave it at that. */
  if (best == NULL || scale < overview_scale * 1.4)
    return;

  for (guint t = 0; t < best->len; t++)
    {
      const Tile *tile = &g_array_index (best, Tile, t);
      g_autoptr(GString) ids = g_string_new (NULL);
      g_autofree char *caption = NULL;
      DiagramView *view;

      for (guint k = tile->first; k <= tile->last; k++)
        g_string_append_printf (ids, "%s%s", k > tile->first ? " → " : "", path[k]->id);

      flow_new_page (f, landscape);
      if (best->len == 1)
        caption = g_strdup_printf (_("Detail: this case’s path (%s) with the branches looked "
                                     "at on the way, at a readable size."), ids->str);
      else
        caption = g_strdup_printf (_("Detail %u of %u: this case’s path, %s, with the branches "
                                     "looked at on the way, at a readable size."), t + 1,
                                   best->len, ids->str);
      diagram_caption (f, NULL, caption);

      view = &f->page->diagram;
      view->present = TRUE;
      view->highlight = TRUE;
      view->region = tile->window;
      view->scale = scale;
      view->x = f->geom->left + (f->geom->width - tile->window.width * scale) / 2;
      view->y = f->y + 4;
    }
}

static void
add_diagram_pages (Flow *f)
{
  ensure_diagram (f->self);
  add_overview_page (f);
  add_detail_pages (f, f->page->diagram.scale);
}

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
          if (!flow_page_empty (&f))
            flow_new_page (&f, FALSE);
          break;
        case BLOCK_DIAGRAM:
          /* the page break before it left an empty page: the diagram takes its place */
          if (flow_page_empty (&f))
            g_ptr_array_remove_index (self->pages, self->pages->len - 1);
          add_diagram_pages (&f);
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

static void
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

static void
draw_diagram (NpcReport         *self,
              cairo_t           *cr,
              const DiagramView *view)
{
  NpcEvaluation *evaluation = view->highlight ? self->evaluation : NULL;

  cairo_save (cr);
  if (!view->whole)
    {
      /* a tile: clip to it and frame it, so the cut edges read as cut */
      cairo_rectangle (cr, view->x, view->y, view->region.width * view->scale,
                       view->region.height * view->scale);
      cairo_save (cr);
      set_rgb (cr, &rule_ink);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke_preserve (cr);
      cairo_restore (cr);
      cairo_clip (cr);
    }
  cairo_translate (cr, view->x, view->y);
  cairo_scale (cr, view->scale, view->scale);
  cairo_translate (cr, -view->region.x, -view->region.y);
  npc_renderer_draw (self->renderer, cr, self->layout, evaluation,
                     view->whole ? NULL : &view->region, 0);
  cairo_restore (cr);

  if (view->legend)
    {
      cairo_save (cr);
      cairo_translate (cr, view->legend_x, view->legend_y);
      cairo_scale (cr, LEGEND_SCALE, LEGEND_SCALE);
      npc_renderer_draw_legend (self->renderer, cr, 0, 0, NULL, NULL);
      cairo_restore (cr);
    }
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
  if (p->diagram.present)
    draw_diagram (self, cr, &p->diagram);
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
  cairo_font_options_destroy (options);
}
