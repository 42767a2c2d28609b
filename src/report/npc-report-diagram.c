/* npc-report-diagram.c — the report's diagram pages: the whole tree, then the path in detail
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

void
add_diagram_pages (Flow *f)
{
  ensure_diagram (f->self);
  add_overview_page (f);
  add_detail_pages (f, f->page->diagram.scale);
}


void
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
