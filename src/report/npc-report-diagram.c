/* npc-report-diagram.c — the report's diagram: the case's path and its neighbourhood, in pieces
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole tree does not read on A4, so the report draws the path in pieces that follow it
 * down the tree: each piece takes as many consecutive nodes of the path as fit at a size that
 * reads on paper, with the branches they looked at. A piece never cuts a box: its window is
 * grown to take in a box it would cut, or, where that would not fit, shrunk to leave it out.
 * The pieces flow with the text, each where there is room for it.
 */

#define G_LOG_DOMAIN "npc-report"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "npc-report-private.h"

#define WINDOW_GAP 6.0 /* model units between a window's edge and a box left out */

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

static gboolean
rect_meets (const NpcLayoutRect *a,
            const NpcLayoutRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_inside (const NpcLayoutRect *inner,
             const NpcLayoutRect *outer)
{
  return inner->x >= outer->x - 0.01 && inner->y >= outer->y - 0.01 &&
         inner->x + inner->width <= outer->x + outer->width + 0.01 &&
         inner->y + inner->height <= outer->y + outer->height + 0.01;
}

/* What belongs to a box on the page: the box with its state tag, which hangs over its
 * bottom edge, and, above it, its branch label and reason. */
static NpcLayoutRect
box_footprint (const NpcLayoutBox *box)
{
  NpcLayoutRect r = { box->x, box->y, box->width, box->height + DIAGRAM_TAG_BELOW };

  if (box->parent != NULL)
    {
      r.y -= DIAGRAM_LABEL_ZONE;
      r.height += DIAGRAM_LABEL_ZONE;
    }
  return r;
}

static NpcLayoutRect
box_rect (const NpcLayoutBox *box)
{
  return (NpcLayoutRect) { box->x, box->y, box->width, box->height + DIAGRAM_TAG_BELOW };
}

/* The window shrunk to what it shows whole: keep and the boxes inside, padded; it still cuts
 * no box, as it only shrinks. */
static void
wrap_window (NpcLayout           *layout,
             NpcLayoutRect       *window,
             const NpcLayoutRect *keep)
{
  guint n_boxes = 0;
  const NpcLayoutBox *const *boxes = npc_layout_get_boxes (layout, &n_boxes);
  NpcLayoutRect r = *keep;

  for (guint i = 0; i < n_boxes; i++)
    {
      NpcLayoutRect fp = box_footprint (boxes[i]);

      if (rect_inside (&fp, window))
        rect_union (&r, &fp);
    }
  {
    double x0 = MAX (window->x, r.x - DIAGRAM_PAD);
    double y0 = MAX (window->y, r.y - DIAGRAM_PAD);
    double x1 = MIN (window->x + window->width, r.x + r.width + DIAGRAM_PAD);
    double y1 = MIN (window->y + window->height, r.y + r.height + DIAGRAM_PAD);

    r = (NpcLayoutRect) { x0, y0, x1 - x0, y1 - y0 };
  }
  *window = r;
}

/* Whether a box is partly in the window: the box itself, not only the label zone above it. */
static gboolean
box_cut (const NpcLayoutBox  *box,
         const NpcLayoutRect *window)
{
  NpcLayoutRect r = box_rect (box);
  NpcLayoutRect fp = box_footprint (box);

  return rect_meets (&r, window) && !rect_inside (&fp, window);
}

/* Grows, then shrinks, window until no box is partly in it, keeping `keep` (the path's boxes)
 * inside and the window within max_w × max_h. FALSE when that cannot be done. */
static gboolean
settle_window (NpcLayout           *layout,
               NpcLayoutRect       *window,
               const NpcLayoutRect *keep,
               double               max_w,
               double               max_h)
{
  guint n_boxes = 0;
  const NpcLayoutBox *const *boxes = npc_layout_get_boxes (layout, &n_boxes);
  gboolean changed = TRUE;

  /* take in the boxes it cuts, while the window still fits */
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < n_boxes; i++)
        {
          NpcLayoutRect fp = box_footprint (boxes[i]);
          NpcLayoutRect grown = *window;

          if (!box_cut (boxes[i], window))
            continue;
          rect_union (&grown, &fp);
          if (grown.width <= max_w && grown.height <= max_h)
            {
              *window = grown;
              changed = TRUE;
            }
        }
    }

  /* leave out the ones still cut, on the side where each sticks out; the window only
   * shrinks, so a box once out stays out */
  changed = TRUE;
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < n_boxes; i++)
        {
          NpcLayoutRect fp = box_footprint (boxes[i]);
          double right = window->x + window->width, bottom = window->y + window->height;

          if (!box_cut (boxes[i], window))
            continue;
          /* of the sides it can be cut off on, the one that keeps the most */
          {
            NpcLayoutRect cut[4], *best = NULL;
            guint n = 0;

            if (fp.y - WINDOW_GAP >= keep->y + keep->height)
              cut[n++] = (NpcLayoutRect) { window->x, window->y, window->width,
                                           fp.y - WINDOW_GAP - window->y };
            if (fp.x - WINDOW_GAP >= keep->x + keep->width)
              cut[n++] = (NpcLayoutRect) { window->x, window->y,
                                           fp.x - WINDOW_GAP - window->x, window->height };
            if (fp.x + fp.width + WINDOW_GAP <= keep->x)
              cut[n++] = (NpcLayoutRect) { fp.x + fp.width + WINDOW_GAP, window->y,
                                           right - (fp.x + fp.width + WINDOW_GAP),
                                           window->height };
            if (fp.y + fp.height + WINDOW_GAP <= keep->y)
              cut[n++] = (NpcLayoutRect) { window->x, fp.y + fp.height + WINDOW_GAP,
                                           window->width,
                                           bottom - (fp.y + fp.height + WINDOW_GAP) };
            for (guint c = 0; c < n; c++)
              if (best == NULL || cut[c].width * cut[c].height > best->width * best->height)
                best = &cut[c];
            if (best == NULL)
              return FALSE;
            *window = *best;
          }
          changed = TRUE;
        }
    }
  return window->width <= max_w + 0.01 && window->height <= max_h + 0.01 &&
         rect_inside (keep, window);
}

/* The window for the path's nodes [first, last]: them, the branches they looked at where
 * those fit, and no box cut. */
static gboolean
piece_window (NpcReport     *self,
              const NpcNode *const *path,
              guint          first,
              guint          last,
              double         max_w,
              double         max_h,
              NpcLayoutRect *out)
{
  NpcLayoutRect core = { 0 }, window;

  for (guint i = first; i <= last; i++)
    {
      const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[i]);
      NpcLayoutRect r;

      if (box == NULL)
        return FALSE;
      r = box_rect (box);
      if (i == first)
        core = r;
      rect_union (&core, &r);
    }
  /* the first box's branch label, above it (the root has none) */
  if (npc_layout_find_node (self->layout, path[first])->parent != NULL)
    {
      core.y -= DIAGRAM_ABOVE - DIAGRAM_PAD;
      core.height += DIAGRAM_ABOVE - DIAGRAM_PAD;
    }
  if (core.width + 2 * DIAGRAM_PAD > max_w || core.height + 2 * DIAGRAM_PAD > max_h)
    return FALSE;

  /* the path's boxes alone, then the branches they looked at, one by one, as far as they fit */
  window = (NpcLayoutRect) { core.x - DIAGRAM_PAD, core.y - DIAGRAM_PAD,
                             core.width + 2 * DIAGRAM_PAD, core.height + 2 * DIAGRAM_PAD };
  if (!settle_window (self->layout, &window, &core, max_w, max_h))
    return FALSE;
  for (guint i = first; i <= last; i++)
    {
      const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[i]);

      for (guint c = 0; c < box->n_children; c++)
        {
          NpcLayoutRect fp = box_footprint (box->children[c]);
          NpcLayoutRect keep = core, grown = window;

          if (rect_inside (&fp, &window))
            continue;
          rect_union (&keep, &fp);
          rect_union (&grown, &keep);
          grown.x = MIN (grown.x, keep.x - DIAGRAM_PAD);
          grown.y = MIN (grown.y, keep.y - DIAGRAM_PAD);
          grown.width = MAX (grown.x + grown.width, keep.x + keep.width + DIAGRAM_PAD) - grown.x;
          grown.height = MAX (grown.y + grown.height, keep.y + keep.height + DIAGRAM_PAD) -
                         grown.y;
          if (grown.width > max_w || grown.height > max_h)
            continue;
          if (settle_window (self->layout, &grown, &keep, max_w, max_h))
            {
              window = grown;
              core = keep;
            }
        }
    }
  wrap_window (self->layout, &window, &core);
  *out = window;
  return TRUE;
}

/* The scale for the pieces: the largest at which every node of the path fits the page's
 * width with the branches it looked at; at least DETAIL_MIN_SCALE. */
static double
piece_scale (NpcReport            *self,
             const NpcNode *const *path,
             guint                 n_path,
             double                width)
{
  static const double scales[] = { DETAIL_MAX_SCALE, 0.70, DETAIL_MIN_SCALE };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      gboolean fits = TRUE;

      for (guint i = 0; i < n_path && fits; i++)
        {
          const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[i]);
          NpcLayoutRect ext;

          if (box == NULL)
            return DETAIL_MIN_SCALE;
          ext = box_rect (box);
          for (guint c = 0; c < box->n_children; c++)
            {
              NpcLayoutRect cr = box_rect (box->children[c]);

              rect_union (&ext, &cr);
            }
          fits = (ext.width + 2 * DIAGRAM_PAD) * scales[s] <= width;
        }
      if (fits)
        return scales[s];
    }
  return DETAIL_MIN_SCALE;
}

/* The height of the caption blocks of one piece, from `from` on. */
static double
caption_height (NpcReport *self,
                GPtrArray *captions,
                guint      from)
{
  double h = 0;

  for (guint i = from; i < captions->len; i++)
    {
      Block *b = captions->pdata[i];
      PangoRectangle logical;

      for (guint c = 0; c < b->cells->len; c++)
        {
          Cell *cell = b->cells->pdata[c];

          pango_layout_get_extents (cell->layout, NULL, &logical);
          h = MAX (h, (double) logical.height / PANGO_SCALE);
        }
      h += b->space_after + b->pad_top + b->pad_bottom;
    }
  return h;
}

static void
place_captions (Flow      *f,
                GPtrArray *captions,
                guint      from)
{
  for (guint i = from; i < captions->len; i++)
    {
      Block *b = captions->pdata[i];

      place_whole (f, b);
      f->y += b->space_after;
    }
}

static void
add_legend (Flow *f)
{
  NpcReport *self = f->self;
  double w = 0, h = 0;
  DiagramView view = { 0 };

  npc_renderer_draw_legend (self->renderer, NULL, 0, 0, &w, &h);
  w *= LEGEND_SCALE;
  h *= LEGEND_SCALE;
  if (f->y + h > flow_bottom (f))
    flow_new_page (f, FALSE);
  view.legend = TRUE;
  view.scale = LEGEND_SCALE;
  view.x = f->geom->left;
  view.y = f->y;
  view.region.width = w / LEGEND_SCALE;
  view.region.height = h / LEGEND_SCALE;
  g_array_append_val (f->page->diagrams, view);
  f->y += h + 10;
}

void
add_diagram_pieces (Flow      *f,
                    GPtrArray *captions)
{
  NpcReport *self = f->self;
  guint n_path = 0, k = 0, part = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n_path);
  double scale;

  ensure_diagram (self);
  if (!highlight_diagram (self) || n_path == 0)
    return;

  add_legend (f);
  scale = piece_scale (self, path, n_path, f->geom->width);

  while (k < n_path)
    {
      guint from = captions->len, j = k;
      double cap_h, avail_h;
      NpcLayoutRect window = { 0 }, best = { 0 };
      gboolean found = FALSE;
      DiagramView view = { 0 };

      _npc_report_build_caption (self, captions, f->geom->width, part + 1, k, k);
      cap_h = caption_height (self, captions, from);
      avail_h = flow_bottom (f) - f->y - cap_h - 12;

      /* as many nodes of the path as fit in the room left on this page */
      for (j = k; j < n_path; j++)
        {
          if (!piece_window (self, path, k, j, f->geom->width / scale, avail_h / scale,
                             &window))
            break;
          best = window;
          found = TRUE;
        }
      /* a lone node at the foot of a page at least half full goes on, with the next ones,
       * to the next page */
      if (found && j == k + 1 && j < n_path && !flow_page_empty (f) &&
          f->y - f->geom->top >= f->geom->height / 2 &&
          piece_window (self, path, k, k + 1, f->geom->width / scale,
                        (f->geom->height - cap_h - 12) / scale, &window))
        {
          g_ptr_array_set_size (captions, from);
          flow_new_page (f, FALSE);
          continue;
        }
      if (!found)
        {
          g_ptr_array_set_size (captions, from);
          if (!flow_page_empty (f) && f->y > f->geom->top + 1)
            {
              flow_new_page (f, FALSE);
              continue;
            }
          /* the node cannot be shown with what is around it: it is shown alone (the gaps
           * between boxes are wider than the padding, so this cuts none) */
          {
            const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[k]);

            if (box == NULL)
              return;
            best = (NpcLayoutRect) { box->x - DIAGRAM_PAD, box->y - DIAGRAM_ABOVE,
                                     box->width + 2 * DIAGRAM_PAD,
                                     box->height + DIAGRAM_TAG_BELOW + DIAGRAM_ABOVE +
                                     DIAGRAM_PAD };
          }
          j = k + 1;
        }

      /* the caption names the nodes the piece shows */
      g_ptr_array_set_size (captions, from);
      _npc_report_build_caption (self, captions, f->geom->width, ++part, k, j - 1);
      place_captions (f, captions, from);

      view.highlight = TRUE;
      view.region = best;
      view.scale = scale;
      view.x = f->geom->left + (f->geom->width - best.width * scale) / 2;
      view.y = f->y + 2;
      g_array_append_val (f->page->diagrams, view);
      f->y += best.height * scale + 14;
      k = j;
    }
}

void
draw_diagram (NpcReport         *self,
              cairo_t           *cr,
              const DiagramView *view)
{
  NpcEvaluation *evaluation = view->highlight ? self->evaluation : NULL;

  if (view->legend)
    {
      cairo_save (cr);
      cairo_translate (cr, view->x, view->y);
      cairo_scale (cr, view->scale, view->scale);
      npc_renderer_draw_legend (self->renderer, cr, 0, 0, NULL, NULL);
      cairo_restore (cr);
      return;
    }

  cairo_save (cr);
  /* a piece: framed, and clipped to its window (no box crosses it, only lines) */
  cairo_rectangle (cr, view->x, view->y, view->region.width * view->scale,
                   view->region.height * view->scale);
  cairo_save (cr);
  set_rgb (cr, &rule_ink);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke_preserve (cr);
  cairo_restore (cr);
  cairo_clip (cr);
  cairo_translate (cr, view->x, view->y);
  cairo_scale (cr, view->scale, view->scale);
  cairo_translate (cr, -view->region.x, -view->region.y);
  npc_renderer_draw (self->renderer, cr, self->layout, evaluation, &view->region, 0);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------------------------------ */
/* for checking what the pages show                                                           */

NpcLayout *
npc_report_get_layout (NpcReport *self)
{
  g_return_val_if_fail (NPC_IS_REPORT (self), NULL);

  npc_report_get_n_pages (self);
  return self->layout;
}

gboolean
npc_report_get_diagram_piece (NpcReport     *self,
                              guint          page,
                              guint          index,
                              NpcLayoutRect *region,
                              double        *scale,
                              double        *x,
                              double        *y)
{
  const Page *p;

  g_return_val_if_fail (NPC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (page < npc_report_get_n_pages (self), FALSE);

  p = self->pages->pdata[page];
  for (guint i = 0, n = 0; i < p->diagrams->len; i++)
    {
      const DiagramView *view = &g_array_index (p->diagrams, DiagramView, i);

      if (view->legend)
        continue;
      if (n++ != index)
        continue;
      if (region != NULL)
        *region = view->region;
      if (scale != NULL)
        *scale = view->scale;
      if (x != NULL)
        *x = view->x;
      if (y != NULL)
        *y = view->y;
      return TRUE;
    }
  return FALSE;
}
