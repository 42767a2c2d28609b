/* npc-diagram-view.c — the pathway diagram: zoom, pan, select, keyboard navigation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws through the renderer (the same code path as export). Hit-testing returns layout
 * boxes, which name model nodes. The view state is a zoom and the model point at the
 * top-left corner.
 *
 * The picture at the current zoom is kept as render nodes, in tiles of TILE_SIZE pixels,
 * so that a frame while panning only replays the tiles in view at a new offset and draws
 * the few that come into view (as Sysprof keeps its expensive scenes as render nodes; as a
 * map keeps tiles). Whatever changes what is drawn (zoom, scale factor, layout, evaluation,
 * selection, palette, the highlight animation) drops the tiles; the size of the view does
 * not matter to them.
 */

#define G_LOG_DOMAIN "npc-diagram-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "npc-diagram-view.h"

#define MIN_ZOOM      0.02
#define MAX_ZOOM      4.0
#define ZOOM_STEP     1.25
#define FIT_MARGIN    24.0
/* Below this zoom labels are too small to read; zoom to path never goes lower. */
#define READABLE_ZOOM 0.8
#define PAN_STEP      64.0   /* pixels per arrow key */
#define WHEEL_STEP    48.0   /* pixels per wheel notch */
#define ANIMATION_US  (450 * 1000)
#define TILE_SIZE     256    /* pixels: a few dozen tiles fill a view */

struct _NpcDiagramView {
  GtkWidget parent_instance;

  NpcGuideline *guideline;
  NpcEvaluation *evaluation;
  NpcEvaluation *previous;
  NpcLayout *layout;
  NpcRenderer *renderer;
  NpcLayoutOrientation orientation;

  const NpcLayoutBox *selected;

  double zoom;
  double origin_x, origin_y;
  gboolean fit_pending;
  gboolean path_pending; /* zoom to the path once the widget has a size */

  double drag_origin_x, drag_origin_y;
  double pinch_zoom;
  double pointer_x, pointer_y;
  gboolean has_pointer;

  guint tick_id;
  gint64 animation_start;

  GHashTable *tiles;  /* gint64 column << 32 | row -> Tile */
  double tiles_zoom;  /* what the tiles were drawn for */
  int tiles_scale;
  double tiles_phase_x, tiles_phase_y;
};

G_DEFINE_FINAL_TYPE (NpcDiagramView, npc_diagram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GUIDELINE,
  PROP_EVALUATION,
  PROP_ORIENTATION,
  PROP_SELECTED_NODE,
  PROP_ZOOM,
  N_PROPS
};

enum {
  NODE_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
npc_diagram_orientation_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { NPC_LAYOUT_TOP_DOWN, "NPC_LAYOUT_TOP_DOWN", "top-down" },
        { NPC_LAYOUT_LEFT_RIGHT, "NPC_LAYOUT_LEFT_RIGHT", "left-right" },
        { 0, NULL, NULL },
      };
      GType t = g_enum_register_static (g_intern_static_string ("NpcDiagramOrientation"), values);
      g_once_init_leave (&type, t);
    }
  return type;
}

/* ------------------------------------------------------------------------------------------ */
/* Accessibility */

static void
update_accessible (NpcDiagramView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *summary = NULL;

  if (self->selected != NULL)
    {
      g_autofree char *words = npc_renderer_describe_box (self->renderer, self->selected,
                                                          self->evaluation);
      label = g_strdup_printf (_("Pathway diagram: %s"), words);
    }
  else
    label = g_strdup (_("Pathway diagram"));

  if (self->evaluation != NULL)
    summary = npc_evaluation_dup_summary (self->evaluation);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary != NULL ? summary
                                                  : _("Use the arrow keys to move from node "
                                                      "to node, plus and minus to zoom"),
                                  -1);
}

/* ------------------------------------------------------------------------------------------ */
/* The scene */

static void
forget_tiles (NpcDiagramView *self)
{
  g_hash_table_remove_all (self->tiles);
  npc_renderer_forget_drawn (self->renderer);
}

/* Something that is drawn changed: the tiles go, and the renderer's record with them. */
static void
drop_scene (NpcDiagramView *self)
{
  if (self->tiles == NULL) /* disposed */
    return;
  forget_tiles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct {
  GskRenderNode *node; /* NULL: nothing is drawn there */
  gsize bytes;         /* of the image it paints */
} Tile;

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_clear_pointer (&tile->node, gsk_render_node_unref);
  g_free (tile);
}

static inline gint64
tile_key (int column,
          int row)
{
  return (gint64) (((guint64) (guint32) column << 32) | (guint32) row);
}

/* The smallest rectangle of an image that holds all that was drawn on it; FALSE when
 * nothing was. */
static gboolean
image_ink (cairo_surface_t       *image,
           cairo_rectangle_int_t *ink)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guchar *data = cairo_image_surface_get_data (image);
  int x0 = w, x1 = -1, y0 = -1, y1 = -1;

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);
      int first = 0, last = w - 1;

      while (first < w && row[first] == 0)
        first++;
      if (first == w)
        continue;
      while (row[last] == 0)
        last--;
      if (y0 < 0)
        y0 = y;
      y1 = y;
      x0 = MIN (x0, first);
      x1 = MAX (x1, last);
    }
  if (y0 < 0)
    return FALSE;
  *ink = (cairo_rectangle_int_t) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
  return TRUE;
}

/* The tile at (column, row) of the scene (the diagram at the current zoom, in pixels), as a
 * node placed from the tile's corner, or none when nothing is drawn there. The tile is drawn
 * once into an image in device pixels and the node paints the part with ink: replaying a
 * tile is a copy, not drawing its paths and text again, and what a frame of panning changes
 * on screen (what GTK repaints and sends to the display) is the ink, not whole tiles. */
static Tile *
draw_tile (NpcDiagramView *self,
           int             column,
           int             row,
           int             scale)
{
  Tile *tile = g_new0 (Tile, 1);
  double k = self->zoom * scale; /* device pixels per model unit */
  int size = TILE_SIZE * scale;
  double x0 = column * (double) size + self->tiles_phase_x;
  double y0 = row * (double) size + self->tiles_phase_y;
  NpcLayoutRect clip = { x0 / k, y0 / k, size / k, size / k };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_surface_t *ink_image;
  cairo_rectangle_int_t ink;
  GskRenderNode *node;
  cairo_t *cr;

  cr = cairo_create (image);
  cairo_translate (cr, -x0, -y0);
  cairo_scale (cr, k, k);
  npc_renderer_draw_piece (self->renderer, cr, self->layout, self->evaluation, &clip, k);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  if (!image_ink (image, &ink))
    {
      cairo_surface_destroy (image);
      return tile;
    }

  /* only the ink is kept */
  ink_image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ink.width, ink.height);
  cr = cairo_create (ink_image);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, image, -ink.x, -ink.y);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cairo_surface_set_device_scale (ink_image, scale, scale);

  node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT ((double) ink.x / scale,
                                                  (double) ink.y / scale,
                                                  (double) ink.width / scale,
                                                  (double) ink.height / scale));
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, ink_image, (double) ink.x / scale, (double) ink.y / scale);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (ink_image);
  tile->node = node;
  tile->bytes = (gsize) ink.width * ink.height * 4;
  return tile;
}

/* node moved by (dx, dy), a new reference */
static GskRenderNode *
translated (GskRenderNode *node,
            double         dx,
            double         dy)
{
  g_autoptr(GskTransform) transform = NULL;

  if (dx == 0 && dy == 0)
    return gsk_render_node_ref (node);
  transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (dx, dy));
  return gsk_transform_node_new (node, transform);
}

/* ------------------------------------------------------------------------------------------ */
/* View state */

static void
clamp_origin (NpcDiagramView *self)
{
  NpcLayoutRect b;
  double vw, vh;

  if (self->layout == NULL)
    return;

  /* keep at least a quarter of the view on the diagram */
  npc_layout_get_bounds (self->layout, &b);
  vw = gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom;
  vh = gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom;
  self->origin_x = CLAMP (self->origin_x, b.x - vw * 0.75, b.x + b.width - vw * 0.25);
  self->origin_y = CLAMP (self->origin_y, b.y - vh * 0.75, b.y + b.height - vh * 0.25);
}

/* Zooms keeping the model point under (px, py) (widget pixels) where it is. */
static void
zoom_at (NpcDiagramView *self,
         double          zoom,
         double          px,
         double          py)
{
  double mx, my;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  mx = self->origin_x + px / self->zoom;
  my = self->origin_y + py / self->zoom;
  self->zoom = zoom;
  self->origin_x = mx - px / zoom;
  self->origin_y = my - py / zoom;
  self->fit_pending = FALSE;
  clamp_origin (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_centre (NpcDiagramView *self,
             double          zoom)
{
  double px = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double py = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->has_pointer)
    {
      px = self->pointer_x;
      py = self->pointer_y;
    }
  zoom_at (self, zoom, px, py);
}

static void
pan_by (NpcDiagramView *self,
        double          dx_pixels,
        double          dy_pixels)
{
  self->origin_x += dx_pixels / self->zoom;
  self->origin_y += dy_pixels / self->zoom;
  clamp_origin (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fit_rect (NpcDiagramView      *self,
          const NpcLayoutRect *rect,
          double               max_zoom)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom;

  if (w <= 0 || h <= 0)
    {
      self->fit_pending = TRUE;
      return;
    }

  zoom = MIN ((w - 2 * FIT_MARGIN) / MAX (rect->width, 1),
              (h - 2 * FIT_MARGIN) / MAX (rect->height, 1));
  zoom = CLAMP (zoom, MIN_ZOOM, max_zoom);
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  self->origin_x = rect->x + rect->width / 2 - w / zoom / 2;
  self->origin_y = rect->y + rect->height / 2 - h / zoom / 2;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
npc_diagram_view_zoom_to_fit (NpcDiagramView *self)
{
  NpcLayoutRect bounds;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (self->layout == NULL)
    return;
  npc_layout_get_bounds (self->layout, &bounds);
  fit_rect (self, &bounds, 1.5);
}

static void
rect_union (NpcLayoutRect      *r,
            gboolean           *empty,
            const NpcLayoutBox *box)
{
  double x0, y0, x1, y1;

  if (box == NULL)
    return;
  if (*empty)
    {
      *r = (NpcLayoutRect) { box->x, box->y, box->width, box->height };
      *empty = FALSE;
      return;
    }
  x0 = MIN (r->x, box->x);
  y0 = MIN (r->y, box->y);
  x1 = MAX (r->x + r->width, box->x + box->width);
  y1 = MAX (r->y + r->height, box->y + box->height);
  *r = (NpcLayoutRect) { x0, y0, x1 - x0, y1 - y0 };
}

void
npc_diagram_view_zoom_to_path (NpcDiagramView *self)
{
  NpcLayoutRect rect = { 0 };
  gboolean empty = TRUE;
  const NpcNode *const *path;
  const NpcEvalAlternative *alternatives;
  guint n = 0;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (self->layout == NULL)
    return;
  if (self->evaluation == NULL)
    {
      npc_diagram_view_zoom_to_fit (self);
      return;
    }
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    {
      self->fit_pending = TRUE;
      self->path_pending = TRUE;
      return;
    }
  self->path_pending = FALSE;

  path = npc_evaluation_get_path (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    rect_union (&rect, &empty, npc_layout_find_node (self->layout, path[i]));
  alternatives = npc_evaluation_get_alternatives (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    rect_union (&rect, &empty, npc_layout_find_node (self->layout, alternatives[i].node));

  if (empty)
    {
      npc_diagram_view_zoom_to_fit (self);
      return;
    }
  fit_rect (self, &rect, 1.2);

  /* A long path fitted whole would be drawn too small to read: show instead, at a readable
   * size, where the path ends (the outcome, or the decision that needs input). */
  if (!self->fit_pending && self->zoom < READABLE_ZOOM)
    {
      double w = gtk_widget_get_width (GTK_WIDGET (self));
      double h = gtk_widget_get_height (GTK_WIDGET (self));
      const NpcLayoutBox *end;

      path = npc_evaluation_get_path (self->evaluation, &n);
      end = n > 0 ? npc_layout_find_node (self->layout, path[n - 1]) : NULL;
      if (end == NULL)
        return;
      self->zoom = READABLE_ZOOM;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      /* The end of the path a little below the middle, so the way there shows above it. */
      self->origin_x = end->x + end->width / 2 - w / self->zoom / 2;
      self->origin_y = end->y + end->height / 2 - h / self->zoom * 0.6;
      drop_scene (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Pans the least that shows the box whole. */
static void
scroll_to_box (NpcDiagramView     *self,
               const NpcLayoutBox *box)
{
  double vw = gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom;
  double vh = gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom;
  double m = FIT_MARGIN / self->zoom;

  if (box == NULL || vw <= 0 || vh <= 0)
    return;
  if (box->x - m < self->origin_x)
    self->origin_x = box->x - m;
  else if (box->x + box->width + m > self->origin_x + vw)
    self->origin_x = MIN (box->x - m, box->x + box->width + m - vw);
  if (box->y - m < self->origin_y)
    self->origin_y = box->y - m;
  else if (box->y + box->height + m > self->origin_y + vh)
    self->origin_y = MIN (box->y - m, box->y + box->height + m - vh);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Selection */

static void
select_box (NpcDiagramView     *self,
            const NpcLayoutBox *box,
            gboolean            emit)
{
  if (self->selected == box)
    return;

  self->selected = box;
  npc_renderer_set_selected (self->renderer, box);
  drop_scene (self);
  scroll_to_box (self, box);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
  if (emit)
    g_signal_emit (self, signals[NODE_SELECTED], 0, box != NULL ? box->id : NULL);
}

const NpcLayoutBox *
npc_diagram_view_get_selected_box (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->selected;
}

const char *
npc_diagram_view_get_selected_node (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->selected != NULL ? self->selected->id : NULL;
}

void
npc_diagram_view_select_node (NpcDiagramView *self,
                              const char     *node_id)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  select_box (self, self->layout != NULL ? npc_layout_find_id (self->layout, node_id) : NULL,
              TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* Layout */

static void
relayout (NpcDiagramView *self)
{
  g_autofree char *selected_id = g_strdup (npc_diagram_view_get_selected_node (self));

  self->selected = NULL;
  npc_renderer_set_selected (self->renderer, NULL);
  g_clear_object (&self->layout);
  drop_scene (self);
  if (self->guideline != NULL)
    self->layout = npc_renderer_layout_guideline (self->renderer, self->guideline,
                                                  self->orientation);
  if (self->layout != NULL && selected_id != NULL)
    {
      self->selected = npc_layout_find_id (self->layout, selected_id);
      npc_renderer_set_selected (self->renderer, self->selected);
    }
  self->fit_pending = TRUE;
  npc_diagram_view_zoom_to_fit (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

NpcLayout *
npc_diagram_view_get_layout (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->layout;
}

void
npc_diagram_view_set_layout (NpcDiagramView *self,
                             NpcLayout      *layout)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->selected = NULL;
  npc_renderer_set_selected (self->renderer, NULL);
  g_set_object (&self->layout, layout);
  drop_scene (self);
}

NpcRenderer *
npc_diagram_view_get_renderer (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->renderer;
}

NpcGuideline *
npc_diagram_view_get_guideline (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->guideline;
}

void
npc_diagram_view_set_guideline (NpcDiagramView *self,
                                NpcGuideline   *guideline)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (guideline == NULL || NPC_IS_GUIDELINE (guideline));

  if (!g_set_object (&self->guideline, guideline))
    return;
  g_clear_object (&self->evaluation);
  g_clear_object (&self->previous);
  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDELINE]);
}

NpcLayoutOrientation
npc_diagram_view_get_orientation (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NPC_LAYOUT_TOP_DOWN);

  return self->orientation;
}

void
npc_diagram_view_set_orientation (NpcDiagramView       *self,
                                  NpcLayoutOrientation  orientation)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (self->orientation == orientation)
    return;
  self->orientation = orientation;
  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIENTATION]);
}

/* ------------------------------------------------------------------------------------------ */
/* Evaluation and its highlight animation */

static gboolean
animation_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  double progress = (double) (gdk_frame_clock_get_frame_time (clock) - self->animation_start)
                    / ANIMATION_US;

  progress = CLAMP (progress, 0.0, 1.0);
  npc_renderer_set_transition (self->renderer, self->previous, progress);
  drop_scene (self);
  if (progress >= 1.0)
    {
      g_clear_object (&self->previous);
      npc_renderer_set_transition (self->renderer, NULL, 1.0);
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
animations_enabled (NpcDiagramView *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled,
                NULL);
  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

NpcEvaluation *
npc_diagram_view_get_evaluation (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->evaluation;
}

void
npc_diagram_view_set_evaluation (NpcDiagramView *self,
                                 NpcEvaluation  *evaluation)
{
  g_autoptr(NpcEvaluation) old = NULL;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation));

  if (self->evaluation == evaluation)
    return;

  old = g_steal_pointer (&self->evaluation);
  self->evaluation = evaluation != NULL ? g_object_ref (evaluation) : NULL;

  /* A brief halo on the boxes whose state changed, so the eye finds what moved. */
  if (old != NULL && evaluation != NULL && animations_enabled (self))
    {
      g_set_object (&self->previous, old);
      self->animation_start = gdk_frame_clock_get_frame_time (
        gtk_widget_get_frame_clock (GTK_WIDGET (self)));
      npc_renderer_set_transition (self->renderer, self->previous, 0.0);
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick, NULL,
                                                      NULL);
    }

  drop_scene (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

double
npc_diagram_view_get_zoom (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), 1.0);

  return self->zoom;
}

void
npc_diagram_view_set_zoom (NpcDiagramView *self,
                           double          zoom)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  zoom_centre (self, zoom);
}

void
npc_diagram_view_get_origin (NpcDiagramView *self,
                             double         *x,
                             double         *y)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (x != NULL)
    *x = self->origin_x;
  if (y != NULL)
    *y = self->origin_y;
}

void
npc_diagram_view_set_origin (NpcDiagramView *self,
                             double          x,
                             double          y)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->origin_x = x;
  self->origin_y = y;
  self->fit_pending = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

static void
npc_diagram_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  const NpcPalette *p = npc_renderer_get_palette (self->renderer);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  GdkRGBA bg = { p->background.red, p->background.green, p->background.blue, 1 };
  double sx, sy, phase_x, phase_y;
  int c0, c1, r0, r1, size = TILE_SIZE * scale;
  GHashTableIter iter;
  gpointer key, value;
  double ring_bytes = 0;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->layout == NULL || w <= 0 || h <= 0)
    return;

  /* The view's corner in the scene (the diagram at this zoom), in device pixels: a whole
   * number of pixels, where the tiles are placed, and the fraction left over, at which they
   * are drawn, so that the tiles meet without seams and show what one drawing of the view
   * would. Panning by whole pixels (a drag, the keys, a wheel notch) keeps the fraction;
   * rounding to 1/4096 of a pixel keeps it from changing by rounding errors alone. */
  sx = round (self->origin_x * self->zoom * scale * 4096) / 4096;
  sy = round (self->origin_y * self->zoom * scale * 4096) / 4096;
  phase_x = sx - floor (sx);
  phase_y = sy - floor (sy);
  sx = floor (sx);
  sy = floor (sy);
  if (self->tiles_zoom != self->zoom || self->tiles_scale != scale ||
      self->tiles_phase_x != phase_x || self->tiles_phase_y != phase_y)
    {
      forget_tiles (self);
      self->tiles_zoom = self->zoom;
      self->tiles_scale = scale;
      self->tiles_phase_x = phase_x;
      self->tiles_phase_y = phase_y;
    }

  c0 = (int) floor (sx / size);
  r0 = (int) floor (sy / size);
  c1 = (int) floor ((sx + w * scale - 1) / size);
  r1 = (int) floor ((sy + h * scale - 1) / size);

  for (int r = r0; r <= r1; r++)
    {
      GskRenderNode **row = g_newa (GskRenderNode *, c1 - c0 + 1);
      guint n = 0;

      for (int c = c0; c <= c1; c++)
        {
          gint64 k = tile_key (c, r);
          Tile *tile = g_hash_table_lookup (self->tiles, &k);

          if (tile == NULL)
            {
              tile = draw_tile (self, c, r, scale);
              g_hash_table_insert (self->tiles, g_memdup2 (&k, sizeof k), tile);
            }
          if (tile->node != NULL)
            row[n++] = translated (tile->node, (c - c0) * (double) TILE_SIZE, 0);
        }
      if (n == 0)
        continue;

      /* A row of tiles is moved as one node. GTK compares the nodes of two frames to find
       * what to repaint, and gives up on a node with more than about ten changed children,
       * repainting all of its area; row by row, it repaints the rows' ink, where it was and
       * where it is. (A container would be merged into the parent's; a transform is not.) */
      {
        g_autoptr(GskRenderNode) tiles = gsk_container_node_new (row, n);
        g_autoptr(GskRenderNode) moved = translated (tiles, (c0 * (double) size - sx) / scale,
                                                     (r * (double) size - sy) / scale);

        gtk_snapshot_append_node (snapshot, moved);
      }
      for (guint i = 0; i < n; i++)
        gsk_render_node_unref (row[i]);
    }

  /* Keep a ring of tiles around the view for a pan that turns back, as long as it holds no
   * more than a view's worth of images (16 MB at twice the pixels); forget the rest. */
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 k = *(guint64 *) key;
      int c = (gint32) (guint32) (k >> 32), r = (gint32) (guint32) k;

      if (c < c0 - 1 || c > c1 + 1 || r < r0 - 1 || r > r1 + 1)
        g_hash_table_iter_remove (&iter);
      else if (c < c0 || c > c1 || r < r0 || r > r1)
        ring_bytes += ((Tile *) value)->bytes;
    }
  if (ring_bytes > w * h * scale * scale * 4)
    {
      g_hash_table_iter_init (&iter, self->tiles);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint64 k = *(guint64 *) key;
          int c = (gint32) (guint32) (k >> 32), r = (gint32) (guint32) k;

          if (c < c0 || c > c1 || r < r0 || r > r1)
            g_hash_table_iter_remove (&iter);
        }
    }

  if (gtk_widget_has_visible_focus (widget) && self->selected == NULL)
    {
      GdkRGBA ring = { p->selection.red, p->selection.green, p->selection.blue, 1 };
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { ring, ring, ring, ring };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, w - 2, h - 2), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
npc_diagram_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  if (self->fit_pending && width > 0 && height > 0)
    {
      self->fit_pending = FALSE;
      /* A case opens on its own path; an empty case on the whole tree. */
      if (self->evaluation != NULL && npc_evaluation_get_path (self->evaluation, NULL) != NULL &&
          self->path_pending)
        npc_diagram_view_zoom_to_path (self);
      else
        npc_diagram_view_zoom_to_fit (self);
    }
}

static void
npc_diagram_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 120;
  *natural = 640;
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
to_npc_color (NpcColor      *out,
              const GdkRGBA *in)
{
  out->red = in->red;
  out->green = in->green;
  out->blue = in->blue;
  out->alpha = 1;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
npc_diagram_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA fg, color;
  NpcPalette palette;
  gboolean dark;

  GTK_WIDGET_CLASS (npc_diagram_view_parent_class)->css_changed (widget, change);

  /* The theme's own colours: dark style and high contrast follow by themselves. */
  gtk_style_context_get_color (context, &fg);
  dark = luminance (&fg) > 0.5;
  npc_renderer_get_default_palette (dark, &palette);
  to_npc_color (&palette.foreground, &fg);
  if (gtk_style_context_lookup_color (context, "view_bg_color", &color))
    to_npc_color (&palette.background, &color);
  if (gtk_style_context_lookup_color (context, "accent_color", &color))
    to_npc_color (&palette.accent, &color);
  if (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    {
      /* no greys: secondary text in the full foreground colour */
      palette.muted = palette.foreground;
      palette.dimmed = palette.foreground;
    }
  npc_renderer_set_palette (self->renderer, &palette);
  drop_scene (self);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* ------------------------------------------------------------------------------------------ */
/* Input */

static const NpcLayoutBox *
box_at (NpcDiagramView *self,
        double          x,
        double          y)
{
  if (self->layout == NULL)
    return NULL;
  return npc_layout_hit_test (self->layout, self->origin_x + x / self->zoom,
                              self->origin_y + y / self->zoom);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   NpcDiagramView  *self)
{
  const NpcLayoutBox *box = box_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (box == NULL)
    return;
  /* a double click on "continue at" goes there */
  if (n_press == 2 && box->kind == NPC_LAYOUT_BOX_LINK && box->target != NULL)
    box = box->target;
  select_box (self, box, TRUE);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               NpcDiagramView *self)
{
  self->drag_origin_x = self->origin_x;
  self->drag_origin_y = self->origin_y;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                NpcDiagramView *self)
{
  self->origin_x = self->drag_origin_x - dx / self->zoom;
  self->origin_y = self->drag_origin_y - dy / self->zoom;
  self->fit_pending = FALSE;
  clamp_origin (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           NpcDiagramView           *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GdkModifierType state = 0;
  gboolean wheel = TRUE;

  /* no event when the signal is emitted directly (tests): a plain wheel notch */
  if (event != NULL)
    {
      state = gdk_event_get_modifier_state (event);
      wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
    }

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy / 100.0);
      zoom_centre (self, self->zoom * factor);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  pan_by (self, dx * (wheel ? WHEEL_STEP : 1), dy * (wheel ? WHEEL_STEP : 1));
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           NpcDiagramView           *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
}

static void
on_leave (GtkEventControllerMotion *controller,
          NpcDiagramView           *self)
{
  self->has_pointer = FALSE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               NpcDiagramView   *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       NpcDiagramView *self)
{
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (gtk_gesture_is_active (GTK_GESTURE (gesture)))
    gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy);
  zoom_at (self, self->pinch_zoom * scale, cx, cy);
}

static gboolean
move_selection (NpcDiagramView     *self,
                NpcLayoutDirection  direction)
{
  const NpcLayoutBox *next;

  if (self->selected == NULL || self->layout == NULL)
    return FALSE;
  next = npc_layout_get_neighbour (self->layout, self->selected, direction);
  if (next != NULL)
    select_box (self, next, TRUE);
  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                NpcDiagramView        *self)
{
  gboolean td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  const NpcLayoutBox *const *boxes;
  guint n = 0;

  if (self->layout == NULL)
    return FALSE;
  boxes = npc_layout_get_boxes (self->layout, &n);
  state &= gtk_accelerator_get_default_mod_mask ();

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (self->selected == NULL)
        return pan_by (self, 0, -PAN_STEP), TRUE;
      return move_selection (self, td ? NPC_LAYOUT_PARENT : NPC_LAYOUT_PREV_SIBLING);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (self->selected == NULL)
        return pan_by (self, 0, PAN_STEP), TRUE;
      return move_selection (self, td ? NPC_LAYOUT_FIRST_CHILD : NPC_LAYOUT_NEXT_SIBLING);
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (self->selected == NULL)
        return pan_by (self, -PAN_STEP, 0), TRUE;
      return move_selection (self, td ? NPC_LAYOUT_PREV_SIBLING : NPC_LAYOUT_PARENT);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (self->selected == NULL)
        return pan_by (self, PAN_STEP, 0), TRUE;
      return move_selection (self, td ? NPC_LAYOUT_NEXT_SIBLING : NPC_LAYOUT_FIRST_CHILD);

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);

        if (state & GDK_CONTROL_MASK)
          return FALSE;
        /* through the boxes in reading order; past the ends, focus leaves the diagram */
        if (self->selected == NULL)
          {
            if (n == 0)
              return FALSE;
            select_box (self, boxes[back ? n - 1 : 0], TRUE);
            return TRUE;
          }
        if (back ? self->selected->index == 0 : self->selected->index + 1 >= n)
          return FALSE;
        select_box (self, boxes[self->selected->index + (back ? -1 : 1)], TRUE);
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (self->selected == NULL)
        {
          if (n > 0)
            select_box (self, boxes[0], TRUE);
          return TRUE;
        }
      if (self->selected->kind == NPC_LAYOUT_BOX_LINK && self->selected->target != NULL)
        select_box (self, self->selected->target, TRUE);
      else
        g_signal_emit (self, signals[NODE_SELECTED], 0, self->selected->id);
      return TRUE;

    case GDK_KEY_Escape:
      if (self->selected == NULL)
        return FALSE;
      select_box (self, NULL, TRUE);
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
on_query_tooltip (GtkWidget      *widget,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip,
                  NpcDiagramView *self)
{
  const NpcLayoutBox *box = keyboard ? self->selected : box_at (self, x, y);
  g_autofree char *words = NULL;

  if (box == NULL)
    return FALSE;
  words = npc_renderer_describe_box (self->renderer, box, self->evaluation);
  gtk_tooltip_set_text (tooltip, words);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Actions */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  if (g_str_equal (action_name, "diagram.zoom-in"))
    zoom_centre (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "diagram.zoom-out"))
    zoom_centre (self, self->zoom / ZOOM_STEP);
  else if (g_str_equal (action_name, "diagram.zoom-fit"))
    npc_diagram_view_zoom_to_fit (self);
  else if (g_str_equal (action_name, "diagram.zoom-path"))
    npc_diagram_view_zoom_to_path (self);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
npc_diagram_view_dispose (GObject *object)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  self->selected = NULL;
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->previous);
  g_clear_object (&self->guideline);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (npc_diagram_view_parent_class)->dispose (object);
}

static void
npc_diagram_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDELINE:
      g_value_set_object (value, self->guideline);
      break;
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    case PROP_SELECTED_NODE:
      g_value_set_string (value, npc_diagram_view_get_selected_node (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_diagram_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDELINE:
      npc_diagram_view_set_guideline (self, g_value_get_object (value));
      break;
    case PROP_EVALUATION:
      npc_diagram_view_set_evaluation (self, g_value_get_object (value));
      break;
    case PROP_ORIENTATION:
      npc_diagram_view_set_orientation (self, g_value_get_enum (value));
      break;
    case PROP_SELECTED_NODE:
      npc_diagram_view_select_node (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      npc_diagram_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_diagram_view_class_init (NpcDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_diagram_view_dispose;
  object_class->get_property = npc_diagram_view_get_property;
  object_class->set_property = npc_diagram_view_set_property;

  widget_class->snapshot = npc_diagram_view_snapshot;
  widget_class->size_allocate = npc_diagram_view_size_allocate;
  widget_class->measure = npc_diagram_view_measure;
  widget_class->css_changed = npc_diagram_view_css_changed;

  properties[PROP_GUIDELINE] =
    g_param_spec_object ("guideline", NULL, NULL, NPC_TYPE_GUIDELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIENTATION] =
    g_param_spec_enum ("orientation", NULL, NULL, NPC_TYPE_DIAGRAM_ORIENTATION,
                       NPC_LAYOUT_TOP_DOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_string ("selected-node", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NpcDiagramView::node-selected:
   * @node_id: (nullable): the id of the node selected, NULL when the selection is cleared
   */
  signals[NODE_SELECTED] =
    g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "diagram.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-path", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "diagram.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "diagram.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "diagram.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "diagram.zoom-path", NULL);

  gtk_widget_class_set_css_name (widget_class, "npc-diagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
npc_diagram_view_init (NpcDiagramView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->renderer = npc_renderer_new ();
  self->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_free);
  self->zoom = 1.0;
  self->fit_pending = TRUE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);

  update_accessible (self);
}

GtkWidget *
npc_diagram_view_new (void)
{
  return g_object_new (NPC_TYPE_DIAGRAM_VIEW, NULL);
}
