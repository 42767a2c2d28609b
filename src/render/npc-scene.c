/* npc-scene.c — what the renderer draws, and its cairo writer
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cairo writer makes the calls the renderer made when it drew directly, in the same
 * order, so the screen, PNG and PDF output did not change when the scene came between.
 */

#define G_LOG_DOMAIN "npc-scene"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "npc-scene.h"

struct _NpcScene {
  GArray *items;   /* NpcSceneItem */
  GArray *points;  /* double: x, y pairs */
  GStringChunk *strings;
  double width, height;
  char *title;
};

NpcScene *
npc_scene_new (void)
{
  NpcScene *self = g_new0 (NpcScene, 1);

  self->items = g_array_new (FALSE, FALSE, sizeof (NpcSceneItem));
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->strings = g_string_chunk_new (4096);
  return self;
}

void
npc_scene_clear (NpcScene *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      NpcSceneItem *item = &g_array_index (self->items, NpcSceneItem, i);

      if (item->kind == NPC_SCENE_TEXT)
        g_clear_object (&item->text.layout);
    }
  g_array_set_size (self->items, 0);
  g_array_set_size (self->points, 0);
  g_string_chunk_clear (self->strings);
  self->width = self->height = 0;
  g_clear_pointer (&self->title, g_free);
}

void
npc_scene_reserve (NpcScene *self,
                   guint     n_items)
{
  guint len;

  g_return_if_fail (self != NULL);

  len = self->items->len;
  g_array_set_size (self->items, len + n_items);
  g_array_set_size (self->items, len);
  len = self->points->len;
  g_array_set_size (self->points, len + 8 * n_items);
  g_array_set_size (self->points, len);
}

void
npc_scene_free (NpcScene *self)
{
  if (self == NULL)
    return;
  npc_scene_clear (self);
  g_array_unref (self->items);
  g_array_unref (self->points);
  g_string_chunk_free (self->strings);
  g_free (self);
}

void
npc_scene_set_size (NpcScene *self,
                    double    width,
                    double    height)
{
  g_return_if_fail (self != NULL);

  self->width = width;
  self->height = height;
}

void
npc_scene_get_size (NpcScene *self,
                    double   *width,
                    double   *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

void
npc_scene_set_title (NpcScene   *self,
                     const char *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
}

const char *
npc_scene_get_title (NpcScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

NpcSceneItem *
npc_scene_add (NpcScene     *self,
               NpcSceneKind  kind,
               const char   *role)
{
  NpcSceneItem *item;

  g_return_val_if_fail (self != NULL, NULL);

  g_array_set_size (self->items, self->items->len + 1);
  item = &g_array_index (self->items, NpcSceneItem, self->items->len - 1);
  memset (item, 0, sizeof *item);
  item->kind = kind;
  item->role = role;
  return item;
}

NpcSceneItem *
npc_scene_add_shape (NpcScene        *self,
                     const char      *role,
                     NpcSceneGeometry geometry)
{
  NpcSceneItem *item = npc_scene_add (self, NPC_SCENE_SHAPE, role);

  item->shape.geometry = geometry;
  item->shape.scale_x = item->shape.scale_y = 1;
  item->shape.join = CAIRO_LINE_JOIN_MITER;
  return item;
}

NpcSceneItem *
npc_scene_add_points (NpcScene        *self,
                      const char      *role,
                      NpcSceneGeometry geometry,
                      const double    *xy,
                      guint            n)
{
  NpcSceneItem *item = npc_scene_add_shape (self, role, geometry);

  item->shape.first_point = self->points->len / 2;
  item->shape.n_points = n;
  g_array_append_vals (self->points, xy, 2 * n);
  return item;
}

const char *
npc_scene_intern (NpcScene   *self,
                  const char *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  return text != NULL ? g_string_chunk_insert (self->strings, text) : NULL;
}

const NpcSceneItem *
npc_scene_get_items (NpcScene *self,
                     guint    *n_items)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_items != NULL)
    *n_items = self->items->len;
  return (const NpcSceneItem *) (gpointer) self->items->data;
}

const double *
npc_scene_get_points (NpcScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const double *) (gpointer) self->points->data;
}

void
npc_scene_append_xml_id (GString    *out,
                         const char *prefix,
                         const char *id)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append (out, prefix);
  for (const guchar *p = (const guchar *) id; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.')
        g_string_append_c (out, *p);
      else if (*p == '_')
        g_string_append (out, "__");
      else
        {
          g_string_append_c (out, '_');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 15]);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* cairo */

static void
set_color (cairo_t        *cr,
           const NpcColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
shape_path (cairo_t             *cr,
            const NpcSceneShape *s,
            const double        *points)
{
  const double *pt = points + 2 * s->first_point;

  switch (s->geometry)
    {
    case NPC_SCENE_RECT:
      cairo_rectangle (cr, s->x, s->y, s->width, s->height);
      break;
    case NPC_SCENE_ROUNDED_RECT:
      rounded_rect (cr, s->x, s->y, s->width, s->height, s->radius);
      break;
    case NPC_SCENE_POLYGON:
    case NPC_SCENE_POLYLINE:
      for (guint i = 0; i < s->n_points; i++)
        if (i == 0)
          cairo_move_to (cr, pt[0], pt[1]);
        else
          cairo_line_to (cr, pt[2 * i], pt[2 * i + 1]);
      if (s->geometry == NPC_SCENE_POLYGON)
        cairo_close_path (cr);
      break;
    case NPC_SCENE_SEGMENTS:
    default:
      for (guint i = 0; i + 1 < s->n_points; i += 2)
        {
          cairo_move_to (cr, pt[2 * i], pt[2 * i + 1]);
          cairo_line_to (cr, pt[2 * i + 2], pt[2 * i + 3]);
        }
      break;
    }
}

static void
draw_shape (cairo_t             *cr,
            const NpcSceneShape *s,
            const double        *points)
{
  if (s->scale_x != 1 || s->scale_y != 1)
    {
      /* scaled about the centre; the line keeps its width */
      double cx = s->x + s->width / 2, cy = s->y + s->height / 2;
      NpcSceneShape centred = *s;

      centred.x = -s->width / 2;
      centred.y = -s->height / 2;
      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_scale (cr, s->scale_x, s->scale_y);
      shape_path (cr, &centred, points);
      cairo_restore (cr);
    }
  else
    shape_path (cr, s, points);

  if (s->fill)
    {
      set_color (cr, &s->fill_color);
      if (s->stroke)
        cairo_fill_preserve (cr);
      else
        cairo_fill (cr);
    }
  if (s->stroke)
    {
      set_color (cr, &s->stroke_color);
      cairo_set_line_width (cr, s->line_width);
      cairo_set_dash (cr, s->dash, s->n_dash, 0);
      cairo_set_line_join (cr, s->join);
      cairo_stroke (cr);
    }
}

static void
draw_id_text (cairo_t              *cr,
              const NpcSceneIdText *t)
{
  cairo_text_extents_t ext;
  double size = t->size;

  cairo_save (cr);
  cairo_select_font_face (cr, t->family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, t->text, &ext);
  if (ext.width > t->width * 0.9 || ext.height > t->height * 0.7)
    {
      double k = MIN (t->width * 0.9 / MAX (ext.width, 1e-6),
                      t->height * 0.7 / MAX (ext.height, 1e-6));

      size *= k;
      cairo_set_font_size (cr, size);
      cairo_text_extents (cr, t->text, &ext);
    }
  set_color (cr, &t->color);
  cairo_move_to (cr, t->x + (t->width - ext.width) / 2 - ext.x_bearing,
                 t->y + (t->height - ext.height) / 2 - ext.y_bearing);
  cairo_show_text (cr, t->text);
  cairo_restore (cr);
}

void
npc_scene_draw_cairo (NpcScene       *self,
                      cairo_t        *cr,
                      NpcTextMetrics *metrics)
{
  const double *points;
  g_autoptr(GArray) saved = NULL; /* gboolean per open group: translated, the state saved */

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  saved = g_array_new (FALSE, FALSE, sizeof (gboolean));
  points = npc_scene_get_points (self);
  for (guint i = 0; i < self->items->len; i++)
    {
      const NpcSceneItem *item = &g_array_index (self->items, NpcSceneItem, i);

      switch (item->kind)
        {
        case NPC_SCENE_SHAPE:
          draw_shape (cr, &item->shape, points);
          break;
        case NPC_SCENE_TEXT:
          {
            g_autoptr(PangoLayout) made = NULL;
            PangoLayout *layout = item->text.layout;

            if (layout == NULL)
              layout = made = npc_text_metrics_new_layout (metrics, &item->text.style,
                                                           item->text.text);
            cairo_move_to (cr, item->text.x, item->text.y);
            set_color (cr, &item->text.color);
            pango_cairo_show_layout (cr, layout);
          }
          break;
        case NPC_SCENE_ID_TEXT:
          draw_id_text (cr, &item->id_text);
          break;
        case NPC_SCENE_PAINT:
          set_color (cr, &item->paint);
          cairo_paint (cr);
          break;
        case NPC_SCENE_GROUP:
          {
            gboolean moved = item->group.dx != 0 || item->group.dy != 0;

            if (moved)
              {
                cairo_save (cr);
                cairo_translate (cr, item->group.dx, item->group.dy);
              }
            g_array_append_val (saved, moved);
          }
          break;
        case NPC_SCENE_END:
          g_assert (saved->len > 0);
          if (g_array_index (saved, gboolean, saved->len - 1))
            cairo_restore (cr);
          g_array_set_size (saved, saved->len - 1);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}
