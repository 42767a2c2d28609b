/* npc-diagram-view.c — the pathway diagram: zoom, pan, select, keyboard navigation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws through the renderer (the same code path as export). Hit-testing returns layout
 * boxes, which name model nodes. What is in view (a zoom and the model point at the
 * top-left corner) is the view's NpcDiagramViewport: whatever moves the view sets it, and the
 * view follows what it says.
 *
 * The keys are bindings of the view's actions (diagram.move, diagram.next-node, …); an action
 * that has nothing to do is disabled, so that its key goes on to the window (Tab past the
 * last node leaves the diagram).
 *
 * The picture at the current zoom is kept as render nodes, in tiles of TILE_SIZE pixels,
 * so that a frame while panning only replays the tiles in view at a new offset and draws
 * the few that come into view (as Sysprof keeps its expensive scenes as render nodes; as a
 * map keeps tiles). Whatever changes what is drawn (zoom, scale factor, layout, evaluation,
 * selection, palette, the highlight animation) drops the tiles; the size of the view does
 * not matter to them.
 *
 * While the view animates to follow the patient, its zoom changes every frame: the tiles are
 * then drawn at one of a few zooms an octave and scaled to the view's, so that most frames
 * replay them and draw only the tiles that come into view; once the animation is over, the
 * tiles at the view's own zoom are drawn between frames. The halos on the boxes whose state
 * changed are drawn over the tiles as they fade, so the tiles stay.
 */

#define G_LOG_DOMAIN "npc-diagram-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "npc-diagram-node.h"
#include "npc-diagram-view.h"
#include "npc-diagram-viewport.h"

#define MIN_ZOOM      0.02
#define MAX_ZOOM      4.0
#define ZOOM_STEP     1.25
#define FIT_MARGIN    24.0
/* Below this zoom labels are too small to read; zoom to path never goes lower. */
#define READABLE_ZOOM NPC_DIAGRAM_VIEW_READABLE_ZOOM
#define FOLLOW_US     (320 * 1000)
#define MAX_NODE_WIDGETS 400 /* accessible children at most; the nearest to the view's centre */
#define PAN_STEP      64.0   /* pixels per arrow key */
#define WHEEL_STEP    48.0   /* pixels per wheel notch */
#define ANIMATION_US  (450 * 1000)
#define TILE_SIZE     256    /* pixels: a few dozen tiles fill a view */
/* While the view animates, its tiles are drawn at one of ANIMATION_STEPS zooms an octave,
 * used while within ANIMATION_SLACK of an octave of the view's; between zooms at most twice
 * ANIMATION_SPAN apart, at the one between them. */
#define ANIMATION_STEPS 4
#define ANIMATION_SLACK 0.125
#define ANIMATION_SPAN  0.25
/* While following the patient, the time a frame spends on drawing new tiles before it shows
 * the old picture's in the rest. */
#define FRAME_TILES_US 1000
/* At rest tiles sit on whole pixels, where the filter changes nothing; while the view zooms
 * the nearest pixel is cheap where resampling the whole view was most of a frame. */
#define TILE_FILTER CAIRO_FILTER_FAST
#define HALO_REACH      17.0 /* model units a halo reaches out of its box */

struct _NpcDiagramView {
  GtkWidget parent_instance;

  NpcGuideline *guideline;
  NpcEvaluation *evaluation;
  NpcEvaluation *previous;
  NpcLayout *layout;
  NpcLayout *given_layout; /* made elsewhere for the next relayout, when it matches */
  NpcRenderer *renderer;
  NpcLayoutOrientation orientation;

  const NpcLayoutBox *selected;

  NpcDiagramViewport *viewport;
  gboolean fit_pending;
  gboolean path_pending; /* zoom to the path once the widget has a size */

  double drag_origin_x, drag_origin_y;
  double pinch_zoom;
  double pointer_x, pointer_y;
  gboolean has_pointer;

  guint tick_id;
  gint64 animation_start;

  /* Following the patient: the view moves to the outcome after every change of the path,
   * unless the user has moved it since the last change. */
  gboolean user_moved;
  char *pending_node;   /* show_node() before the view has a size */
  int last_width, last_height;
  char *patient_key;      /* the path's end and outcome the view last followed */
  guint follow_tick_id;
  gint64 follow_start;    /* -1: from the first frame */
  gboolean animating_by_request; /* npc_diagram_view_animate_to(), not following */
  double follow_from_zoom, follow_from_cx, follow_from_cy;
  double follow_to_zoom, follow_to_cx, follow_to_cy;

  /* On the canvas: zoom controls, "Back to the patient", the overview map */
  GtkWidget *controls;
  gboolean show_controls;
  GtkWidget *zoom_label;
  GtkWidget *back_button;
  GtkWidget *overview;
  GtkWidget *overview_button;

  /* One accessible child per box in or near the view: a screen reader's way to the nodes */
  GHashTable *node_widgets; /* box index -> NpcDiagramNode */
  guint nodes_idle_id;

  GHashTable *tiles;  /* gint64 column << 32 | row -> Tile */
  double tiles_zoom;  /* what the tiles were drawn for */
  int tiles_scale;
  double tiles_phase_x, tiles_phase_y;
  guint settle_id;    /* the tiles at the view's zoom, after an animation */
  GHashTable *settled; /* those drawn so far, for settled_zoom and phase */
  /* The tiles of the picture before the case changed, shown where the new ones are not drawn
   * yet while the view moves to follow the patient (see snapshot_stale()). */
  GHashTable *stale;
  double stale_zoom, stale_phase_x, stale_phase_y;
  int stale_scale;
  double settled_zoom, settled_phase_x, settled_phase_y;
  double follow_tiles_zoom; /* the animation's, or 0 */
  gint64 moved_frame;    /* the last frame the animation that follows the patient moved */
  double halo_progress;  /* of the halos on what changed, 0 to 1 */
};

G_DEFINE_FINAL_TYPE (NpcDiagramView, npc_diagram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GUIDELINE,
  PROP_EVALUATION,
  PROP_ORIENTATION,
  PROP_SELECTED_NODE,
  PROP_ZOOM,
  PROP_VIEWPORT,
  N_PROPS
};

enum {
  NODE_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void view_changed (NpcDiagramView *self);
static void update_canvas_controls (NpcDiagramView *self);
static void select_box (NpcDiagramView *self, const NpcLayoutBox *box, gboolean emit);
static gboolean animations_enabled (NpcDiagramView *self);
static void sync_nodes (NpcDiagramView *self);
static gboolean sync_nodes_idle (gpointer data);
static void describe_nodes (NpcDiagramView *self);
static void focus_selected_node (NpcDiagramView *self);
static gboolean follow_target (NpcDiagramView *self, double *zoom, double *cx, double *cy,
                               NpcLayoutRect *rect);
static void update_actions (NpcDiagramView *self);
static void stop_settling (NpcDiagramView *self);

static inline double
view_zoom (NpcDiagramView *self)
{
  return npc_diagram_viewport_get_zoom (self->viewport);
}

static inline double
view_x (NpcDiagramView *self)
{
  return npc_diagram_viewport_get_origin_x (self->viewport);
}

static inline double
view_y (NpcDiagramView *self)
{
  return npc_diagram_viewport_get_origin_y (self->viewport);
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

/* The case changed (the same boxes in the same places, other colours): the tiles of the old
 * picture are kept aside, so that while the view moves to follow the patient a frame that
 * has drawn its share of the new tiles shows the old ones in the rest (see
 * snapshot_stale()). */
static void
keep_stale (NpcDiagramView *self)
{
  GHashTable *t;

  g_hash_table_remove_all (self->stale);
  if (g_hash_table_size (self->tiles) == 0 || self->tiles_zoom <= 0)
    return;
  t = self->stale;
  self->stale = self->tiles;
  self->tiles = t;
  self->stale_zoom = self->tiles_zoom;
  self->stale_scale = self->tiles_scale;
  self->stale_phase_x = self->tiles_phase_x;
  self->stale_phase_y = self->tiles_phase_y;
}

/* Something that is drawn changed: the tiles go, and the renderer's record with them; with
 * `keep_old`, the old picture's tiles stay aside while the view follows the patient. */
static void
drop_scene_full (NpcDiagramView *self,
                 gboolean        keep_old)
{
  if (self->tiles == NULL) /* disposed */
    return;
  if (keep_old)
    keep_stale (self);
  else
    g_hash_table_remove_all (self->stale);
  forget_tiles (self);
  if (self->settled != NULL)
    g_hash_table_remove_all (self->settled);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drop_scene (NpcDiagramView *self)
{
  drop_scene_full (self, FALSE);
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
           int             scale,
           double          zoom,
           double          phase_x,
           double          phase_y)
{
  Tile *tile = g_new0 (Tile, 1);
  double k = zoom * scale; /* device pixels per model unit */
  int size = TILE_SIZE * scale;
  double x0 = column * (double) size + phase_x;
  double y0 = row * (double) size + phase_y;
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

  /* Only the ink is kept, on the view's background: an opaque image is copied, not blended,
   * each time the tile is shown. */
  ink_image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, ink.width, ink.height);
  cr = cairo_create (ink_image);
  {
    const NpcPalette *p = npc_renderer_get_palette (self->renderer);

    cairo_set_source_rgb (cr, p->background.red, p->background.green, p->background.blue);
    cairo_paint (cr);
  }
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
  cairo_pattern_set_filter (cairo_get_source (cr), TILE_FILTER);
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

/* Moves an origin (x, y) at zoom so that at least a quarter of the view is on the diagram. */
static void
clamp_origin (NpcDiagramView *self,
              double          zoom,
              double         *x,
              double         *y)
{
  NpcLayoutRect b;
  double vw, vh;

  if (self->layout == NULL)
    return;

  npc_layout_get_bounds (self->layout, &b);
  vw = gtk_widget_get_width (GTK_WIDGET (self)) / zoom;
  vh = gtk_widget_get_height (GTK_WIDGET (self)) / zoom;
  *x = CLAMP (*x, b.x - vw * 0.75, b.x + b.width - vw * 0.25);
  *y = CLAMP (*y, b.y - vh * 0.75, b.y + b.height - vh * 0.25);
}

/* Zooms keeping the model point under (px, py) (widget pixels) where it is. */
static void
zoom_at (NpcDiagramView *self,
         double          zoom,
         double          px,
         double          py)
{
  double mx, my, x, y;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == view_zoom (self))
    return;

  mx = view_x (self) + px / view_zoom (self);
  my = view_y (self) + py / view_zoom (self);
  x = mx - px / zoom;
  y = my - py / zoom;
  self->fit_pending = FALSE;
  clamp_origin (self, zoom, &x, &y);
  npc_diagram_viewport_set (self->viewport, zoom, x, y);
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
  else if (self->selected != NULL)
    {
      /* about the focused node, so that it stays where the eye is */
      px = (self->selected->x + self->selected->width / 2 - view_x (self)) * view_zoom (self);
      py = (self->selected->y + self->selected->height / 2 - view_y (self)) * view_zoom (self);
      px = CLAMP (px, 0, gtk_widget_get_width (GTK_WIDGET (self)));
      py = CLAMP (py, 0, gtk_widget_get_height (GTK_WIDGET (self)));
    }
  zoom_at (self, zoom, px, py);
}

static void
pan_by (NpcDiagramView *self,
        double          dx_pixels,
        double          dy_pixels)
{
  double x = view_x (self) + dx_pixels / view_zoom (self);
  double y = view_y (self) + dy_pixels / view_zoom (self);

  clamp_origin (self, view_zoom (self), &x, &y);
  npc_diagram_viewport_set_origin (self->viewport, x, y);
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
  npc_diagram_viewport_set (self->viewport, zoom,
                            rect->x + rect->width / 2 - w / zoom / 2,
                            rect->y + rect->height / 2 - h / zoom / 2);
}

void
npc_diagram_view_zoom_to_fit (NpcDiagramView *self)
{
  NpcLayoutRect bounds;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (self->layout == NULL)
    return;
  if (self->follow_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick_id);
      self->follow_tick_id = 0;
    }
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

/* The width the zoom buttons take at the right of the view: what follows the patient keeps
 * clear of them. */
static double
controls_width (NpcDiagramView *self)
{
  GtkRequisition nat;

  if (!self->show_controls || self->controls == NULL)
    return 0;
  gtk_widget_get_preferred_size (self->controls, NULL, &nat);
  return nat.width + 12;
}

static double
fit_zoom_for (NpcDiagramView      *self,
              const NpcLayoutRect *rect)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - controls_width (self);
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  return MIN ((w - 2 * FIT_MARGIN) / MAX (rect->width, 1),
              (h - 2 * FIT_MARGIN) / MAX (rect->height, 1));
}

/* Where following the patient puts the view: the whole path (with the alternatives, and the
 * branches an answer could take where input is needed) when it can be read whole; else the
 * end of the path (the outcome, or the decision that needs input) with as many of the
 * decisions before it as fit at a size that can be read. */
static gboolean
follow_target (NpcDiagramView *self,
               double         *zoom,
               double         *cx,
               double         *cy,
               NpcLayoutRect  *rect_out)
{
  NpcLayoutRect rect = { 0 }, end_rect = { 0 };
  gboolean empty = TRUE, end_empty = TRUE;
  const NpcNode *const *path;
  const NpcEvalAlternative *alternatives;
  const NpcLayoutBox *end;
  guint n = 0, n_alt = 0;
  double z;

  if (self->layout == NULL || self->evaluation == NULL ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return FALSE;
  path = npc_evaluation_get_path (self->evaluation, &n);
  if (n == 0)
    return FALSE;
  end = npc_layout_find_node (self->layout, path[n - 1]);
  if (end == NULL)
    return FALSE;

  rect_union (&end_rect, &end_empty, end);
  if (npc_evaluation_get_outcome (self->evaluation) == NPC_OUTCOME_NEEDS_INPUT)
    for (guint i = 0; i < end->n_children; i++)
      rect_union (&end_rect, &end_empty, end->children[i]);

  rect = end_rect;
  empty = FALSE;
  for (guint i = 0; i < n; i++)
    rect_union (&rect, &empty, npc_layout_find_node (self->layout, path[i]));
  alternatives = npc_evaluation_get_alternatives (self->evaluation, &n_alt);
  for (guint i = 0; i < n_alt; i++)
    rect_union (&rect, &empty, npc_layout_find_node (self->layout, alternatives[i].node));

  z = fit_zoom_for (self, &rect);
  if (z < READABLE_ZOOM)
    {
      /* The end first, then the decision before it, then the branches an answer could take,
       * then the decisions further back, as long as all of it can still be read. */
      gboolean none = FALSE;
      NpcLayoutRect more;

      rect = (NpcLayoutRect) { end->x, end->y, end->width, end->height };
      if (n >= 2 && npc_layout_find_node (self->layout, path[n - 2]) != NULL)
        {
          more = rect;
          rect_union (&more, &none, npc_layout_find_node (self->layout, path[n - 2]));
          if (fit_zoom_for (self, &more) >= READABLE_ZOOM)
            rect = more;
        }
      more = rect;
      for (guint i = 0; i < end->n_children; i++)
        rect_union (&more, &none, end->children[i]);
      if (end->n_children > 0 && fit_zoom_for (self, &more) >= READABLE_ZOOM)
        rect = more;
      for (int k = (int) n - 3; k >= 0; k--)
        {
          const NpcLayoutBox *box = npc_layout_find_node (self->layout, path[k]);

          if (box == NULL)
            continue;
          more = rect;
          rect_union (&more, &none, box);
          if (fit_zoom_for (self, &more) < READABLE_ZOOM)
            break;
          rect = more;
        }
      z = MAX (fit_zoom_for (self, &rect), READABLE_ZOOM);
      /* an empty case: the first decision, at a readable size, with what it leads to
       * below it as far as the view reaches */
      if (n == 1 && end->n_children > 0 && fit_zoom_for (self, &end_rect) < READABLE_ZOOM)
        z = READABLE_ZOOM;
    }
  z = CLAMP (z, MIN_ZOOM, 1.2);

  *zoom = z;
  /* centred in the room the zoom buttons leave */
  *cx = rect.x + rect.width / 2 + controls_width (self) / z / 2;
  *cy = rect.y + rect.height / 2;
  if (rect_out != NULL)
    *rect_out = rect;
  /* A view too small for the rectangle shows its end, a little below the middle, so the way
   * there shows above it; where input is needed, high in the view, so that the branches an
   * answer could take show below it. */
  if (n == 1 && end->n_children > 0 && fit_zoom_for (self, &end_rect) < READABLE_ZOOM)
    *cy = end->y + gtk_widget_get_height (GTK_WIDGET (self)) / z * 0.3;
  else if (rect.height * z > gtk_widget_get_height (GTK_WIDGET (self)) - 2 * FIT_MARGIN)
    *cy = end->y + end->height / 2 -
          gtk_widget_get_height (GTK_WIDGET (self)) / z * 0.1;
  return TRUE;
}

static void
set_view (NpcDiagramView *self,
          double          zoom,
          double          cx,
          double          cy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  npc_diagram_viewport_set (self->viewport, zoom, cx - w / zoom / 2, cy - h / zoom / 2);
}

static gboolean
follow_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t, e, zoom;

  self->moved_frame = gdk_frame_clock_get_frame_counter (clock);
  /* the user took over */
  if (self->user_moved && !self->animating_by_request)
    {
      self->follow_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* The first frame after the change already moves, by a frame's worth of the way: the
   * animation counts from the frame before it, not from whenever the change came. */
  if (self->follow_start < 0)
    {
      gint64 interval = 0;

      gdk_frame_clock_get_refresh_info (clock, now, &interval, NULL);
      self->follow_start = now - (interval > 0 ? interval : G_USEC_PER_SEC / 60);
    }
  t = (double) (now - self->follow_start) / FOLLOW_US;
  t = CLAMP (t, 0.0, 1.0);
  e = 1 - pow (1 - t, 3);
  zoom = exp (log (self->follow_from_zoom) +
              (log (self->follow_to_zoom) - log (self->follow_from_zoom)) * e);
  set_view (self, zoom,
            self->follow_from_cx + (self->follow_to_cx - self->follow_from_cx) * e,
            self->follow_from_cy + (self->follow_to_cy - self->follow_from_cy) * e);
  if (t >= 1.0)
    {
      self->follow_tick_id = 0;
      self->animating_by_request = FALSE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Moves the view to zoom around the model point (cx, cy), in the animation that follows the
 * patient, from the next frame on. */
static void
animate_to (NpcDiagramView *self,
            double          zoom,
            double          cx,
            double          cy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  self->follow_from_zoom = view_zoom (self);
  self->follow_from_cx = view_x (self) + w / view_zoom (self) / 2;
  self->follow_from_cy = view_y (self) + h / view_zoom (self) / 2;
  self->follow_to_zoom = zoom;
  self->follow_to_cx = cx;
  self->follow_to_cy = cy;
  self->follow_start = -1; /* the first frame's */
  stop_settling (self);
  /* between zooms less than half an octave apart, the tiles are drawn at the one between
   * them, so that no frame of the animation draws the view anew at another zoom */
  self->follow_tiles_zoom =
    fabs (log2 (zoom / self->follow_from_zoom)) <= 2 * ANIMATION_SPAN
      ? sqrt (zoom * self->follow_from_zoom) : 0;
  if (self->follow_tick_id == 0)
    self->follow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick,
                                                         NULL, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * npc_diagram_view_animate_to:
 * @zoom: the zoom at the end
 * @cx: (in model units) the point in the middle of the view at the end
 * @cy: likewise
 *
 * Moves the view there as it moves to follow the patient (at once when animations are
 * off). For benchmarks of the animation on diagrams without a case.
 */
void
npc_diagram_view_animate_to (NpcDiagramView *self,
                             double          zoom,
                             double          cx,
                             double          cy)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  if (!animations_enabled (self))
    {
      set_view (self, CLAMP (zoom, MIN_ZOOM, MAX_ZOOM), cx, cy);
      return;
    }
  self->animating_by_request = TRUE;
  animate_to (self, CLAMP (zoom, MIN_ZOOM, MAX_ZOOM), cx, cy);
}

/**
 * npc_diagram_view_follow_patient:
 * @animate: move there in a short animation rather than at once
 *
 * Shows the outcome reached (or the decision where input is needed) with the decisions
 * before it, legibly, and follows the patient again after every change of the path.
 */
void
npc_diagram_view_follow_patient (NpcDiagramView *self,
                                 gboolean        animate)
{
  double zoom, cx, cy;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->user_moved = FALSE;
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
  self->fit_pending = FALSE;
  if (!follow_target (self, &zoom, &cx, &cy, NULL))
    {
      npc_diagram_view_zoom_to_fit (self);
      return;
    }

  if (animate && animations_enabled (self))
    {
      self->animating_by_request = FALSE;
      animate_to (self, zoom, cx, cy);
      return;
    }
  if (self->follow_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick_id);
      self->follow_tick_id = 0;
    }
  set_view (self, zoom, cx, cy);
}

void
npc_diagram_view_zoom_to_path (NpcDiagramView *self)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  npc_diagram_view_follow_patient (self, FALSE);
}

/* The zoom buttons, the overview and the way back to the patient, over the diagram; a
 * presentation or a picture of the diagram alone goes without. */
void
npc_diagram_view_set_show_controls (NpcDiagramView *self,
                                    gboolean        show)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->show_controls = !!show;
  update_canvas_controls (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
center_on_box (NpcDiagramView     *self,
               const NpcLayoutBox *box)
{
  double zoom = MAX (view_zoom (self), READABLE_ZOOM);

  zoom = MIN (zoom, 1.0);
  set_view (self, zoom, box->x + box->width / 2, box->y + box->height / 2);
}

/**
 * npc_diagram_view_show_node:
 * @node_id: the node to show
 *
 * Shows a node in the middle of the view at a size that can be read, selected, and stops
 * following the patient.
 */
void
npc_diagram_view_show_node (NpcDiagramView *self,
                            const char     *node_id)
{
  const NpcLayoutBox *box;

  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->user_moved = TRUE;
  self->fit_pending = FALSE;
  box = self->layout != NULL ? npc_layout_find_id (self->layout, node_id) : NULL;
  if (box == NULL)
    return;
  select_box (self, box, FALSE);
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      g_free (self->pending_node);
      self->pending_node = g_strdup (node_id);
      return;
    }
  center_on_box (self, box);
}

gboolean
npc_diagram_view_get_following (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), FALSE);

  return !self->user_moved;
}

/* Pans the least that shows the box whole. */
static void
scroll_to_box (NpcDiagramView     *self,
               const NpcLayoutBox *box)
{
  double vw = gtk_widget_get_width (GTK_WIDGET (self)) / view_zoom (self);
  double vh = gtk_widget_get_height (GTK_WIDGET (self)) / view_zoom (self);
  double m = FIT_MARGIN / view_zoom (self);
  double x = view_x (self), y = view_y (self);

  if (box == NULL || vw <= 0 || vh <= 0)
    return;
  if (box->x - m < x)
    x = box->x - m;
  else if (box->x + box->width + m > x + vw)
    x = MIN (box->x - m, box->x + box->width + m - vw);
  if (box->y - m < y)
    y = box->y - m;
  else if (box->y + box->height + m > y + vh)
    y = MIN (box->y - m, box->y + box->height + m - vh);
  npc_diagram_viewport_set_origin (self->viewport, x, y);
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
  update_actions (self);
  drop_scene (self);
  scroll_to_box (self, box);
  update_accessible (self);
  focus_selected_node (self);
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

/* Before the layout goes: the node widgets point at its boxes. */
static void
clear_nodes (NpcDiagramView *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->node_widgets == NULL)
    return;
  g_hash_table_iter_init (&iter, self->node_widgets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gtk_widget_unparent (value);
      g_hash_table_iter_remove (&iter);
    }
}

static void
relayout (NpcDiagramView *self)
{
  g_autofree char *selected_id = g_strdup (npc_diagram_view_get_selected_node (self));

  self->selected = NULL;
  npc_renderer_set_selected (self->renderer, NULL);
  clear_nodes (self);
  g_clear_object (&self->layout);
  drop_scene (self);
  if (self->given_layout != NULL && self->guideline != NULL &&
      npc_layout_get_guideline (self->given_layout) == self->guideline &&
      npc_layout_get_orientation (self->given_layout) == self->orientation)
    self->layout = g_steal_pointer (&self->given_layout);
  else if (self->guideline != NULL)
    self->layout = npc_renderer_layout_guideline (self->renderer, self->guideline,
                                                  self->orientation);
  g_clear_object (&self->given_layout);
  if (self->layout != NULL && selected_id != NULL)
    {
      self->selected = npc_layout_find_id (self->layout, selected_id);
      npc_renderer_set_selected (self->renderer, self->selected);
    }
  update_actions (self);
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
  clear_nodes (self);
  g_set_object (&self->layout, layout);
  update_actions (self);
  drop_scene (self);
  view_changed (self);
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
  npc_diagram_view_set_guideline_with_layout (self, guideline, NULL);
}

void
npc_diagram_view_set_guideline_with_layout (NpcDiagramView *self,
                                            NpcGuideline   *guideline,
                                            NpcLayout      *layout)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (guideline == NULL || NPC_IS_GUIDELINE (guideline));
  g_return_if_fail (layout == NULL || NPC_IS_LAYOUT (layout));

  if (!g_set_object (&self->guideline, guideline))
    return;
  g_set_object (&self->given_layout, layout);
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
  self->halo_progress = progress;
  gtk_widget_queue_draw (widget);
  if (progress >= 1.0)
    {
      g_clear_object (&self->previous);
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
      self->halo_progress = 0.0;
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick, NULL,
                                                      NULL);
    }

  drop_scene_full (self, TRUE);
  update_accessible (self);
  describe_nodes (self);

  /* Follow the patient when the path's end or the outcome changed; a user who moved the
   * view keeps it, and is offered the way back. */
  {
    g_autofree char *key = NULL;

    if (evaluation != NULL)
      {
        guint n = 0;
        const NpcNode *const *path = npc_evaluation_get_path (evaluation, &n);

        key = g_strdup_printf ("%s/%s", n > 0 ? path[n - 1]->id : "",
                               npc_outcome_type_to_string (npc_evaluation_get_outcome (evaluation)));
      }
    if (g_strcmp0 (key, self->patient_key) != 0)
      {
        g_free (self->patient_key);
        self->patient_key = g_steal_pointer (&key);
        if (!self->user_moved && evaluation != NULL)
          npc_diagram_view_follow_patient (self, old != NULL);
      }
  }
  view_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

double
npc_diagram_view_get_zoom (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), 1.0);

  return view_zoom (self);
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
    *x = view_x (self);
  if (y != NULL)
    *y = view_y (self);
}

void
npc_diagram_view_set_origin (NpcDiagramView *self,
                             double          x,
                             double          y)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEW (self));

  self->fit_pending = FALSE;
  npc_diagram_viewport_set_origin (self->viewport, x, y);
}

/* ------------------------------------------------------------------------------------------ */
/* What is on the canvas besides the diagram */

static gboolean
rect_in_view (NpcDiagramView      *self,
              const NpcLayoutRect *r)
{
  double vw = gtk_widget_get_width (GTK_WIDGET (self)) / view_zoom (self);
  double vh = gtk_widget_get_height (GTK_WIDGET (self)) / view_zoom (self);

  return r->x >= view_x (self) && r->y >= view_y (self) &&
         r->x + r->width <= view_x (self) + vw && r->y + r->height <= view_y (self) + vh;
}

static void
update_canvas_controls (NpcDiagramView *self)
{
  g_autofree char *percent = NULL;
  gboolean show_back = FALSE;
  gboolean show_overview = FALSE;

  if (self->zoom_label == NULL)
    return;
  /* TRANSLATORS: the diagram's zoom level */
  percent = g_strdup_printf (_("%d %%"), (int) round (view_zoom (self) * 100));
  gtk_label_set_text (GTK_LABEL (self->zoom_label), percent);

  if (self->user_moved && self->evaluation != NULL && self->layout != NULL)
    {
      guint n = 0;
      const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n);
      const NpcLayoutBox *end = n > 0 ? npc_layout_find_node (self->layout, path[n - 1]) : NULL;

      if (end != NULL)
        {
          NpcLayoutRect r = { end->x, end->y, end->width, end->height };

          show_back = !rect_in_view (self, &r) || view_zoom (self) < READABLE_ZOOM;
        }
    }
  gtk_widget_set_visible (self->controls, self->show_controls);
  gtk_widget_set_visible (self->back_button, show_back && self->show_controls);

  if (self->layout != NULL)
    {
      NpcLayoutRect b;

      npc_layout_get_bounds (self->layout, &b);
      show_overview = !rect_in_view (self, &b);
    }
  /* on request only: over the drawing it could hide a box of the path */
  show_overview &= self->show_controls &&
                   gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->overview_button));
  gtk_widget_set_visible (self->overview, show_overview);
  if (show_overview)
    gtk_widget_queue_draw (self->overview);
}

/* Everything that follows a change of zoom or origin. */
static void
view_changed (NpcDiagramView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_canvas_controls (self);
  if (self->nodes_idle_id == 0)
    self->nodes_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 15,
                                           sync_nodes_idle,
                                           self, NULL);
}

/* The viewport moved: whatever set it, the view follows. */
static void
on_viewport_notify (NpcDiagramView *self,
                    GParamSpec     *pspec)
{
  if (g_strcmp0 (pspec->name, "zoom") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (self->tiles != NULL) /* not disposed */
    view_changed (self);
}

/**
 * npc_diagram_view_get_viewport:
 *
 * Returns: (transfer none): what is in view; setting it moves the view
 */
NpcDiagramViewport *
npc_diagram_view_get_viewport (NpcDiagramView *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEW (self), NULL);

  return self->viewport;
}

static void
overview_draw (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  NpcDiagramView *self = user_data;
  const NpcPalette *p = npc_renderer_get_palette (self->renderer);
  const NpcLayoutBox *const *boxes;
  NpcLayoutRect b;
  double k, ox, oy;
  guint n = 0;

  if (self->layout == NULL)
    return;
  npc_layout_get_bounds (self->layout, &b);
  k = MIN ((width - 8) / MAX (b.width, 1), (height - 8) / MAX (b.height, 1));
  ox = (width - b.width * k) / 2 - b.x * k;
  oy = (height - b.height * k) / 2 - b.y * k;

  cairo_set_source_rgba (cr, p->background.red, p->background.green, p->background.blue, 0.92);
  cairo_paint (cr);

  boxes = npc_layout_get_boxes (self->layout, &n);
  for (guint i = 0; i < n; i++)
    {
      NpcNodeState state = self->evaluation && boxes[i]->node
                             ? npc_evaluation_get_node_state (self->evaluation, boxes[i]->node)
                             : NPC_NODE_STATE_NOT_REACHED;
      gboolean on = state == NPC_NODE_STATE_ON_PATH || state == NPC_NODE_STATE_PRIMARY ||
                    state == NPC_NODE_STATE_STOPPED;
      const NpcColor *c = on ? &p->accent : &p->muted;

      cairo_set_source_rgba (cr, c->red, c->green, c->blue, on ? 1.0 : 0.45);
      cairo_rectangle (cr, ox + boxes[i]->x * k, oy + boxes[i]->y * k,
                       MAX (boxes[i]->width * k, 1.5), MAX (boxes[i]->height * k, 1.5));
      cairo_fill (cr);
    }

  /* where the view is */
  cairo_set_source_rgba (cr, p->selection.red, p->selection.green, p->selection.blue, 1);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, ox + view_x (self) * k, oy + view_y (self) * k,
                   gtk_widget_get_width (GTK_WIDGET (self)) / view_zoom (self) * k,
                   gtk_widget_get_height (GTK_WIDGET (self)) / view_zoom (self) * k);
  cairo_stroke (cr);
}

/* A click or drag on the overview centres the view there. */
static void
overview_move_to (NpcDiagramView *self,
                  double          x,
                  double          y)
{
  NpcLayoutRect b;
  double k, ox, oy;
  int width = gtk_widget_get_width (self->overview);
  int height = gtk_widget_get_height (self->overview);

  if (self->layout == NULL)
    return;
  npc_layout_get_bounds (self->layout, &b);
  k = MIN ((width - 8) / MAX (b.width, 1), (height - 8) / MAX (b.height, 1));
  ox = (width - b.width * k) / 2 - b.x * k;
  oy = (height - b.height * k) / 2 - b.y * k;
  self->user_moved = TRUE;
  set_view (self, view_zoom (self), (x - ox) / k, (y - oy) / k);
}

static void
on_overview_pressed (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     NpcDiagramView  *self)
{
  overview_move_to (self, x, y);
}

static void
on_overview_drag (GtkGestureDrag *gesture,
                  double          dx,
                  double          dy,
                  NpcDiagramView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  overview_move_to (self, x + dx, y + dy);
}

static GtkWidget *
canvas_button (const char *icon,
               const char *tooltip,
               const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "osd");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static void
build_canvas_controls (NpcDiagramView *self)
{
  GtkGesture *gesture;

  self->controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->controls, "diagram-controls");
  gtk_box_append (GTK_BOX (self->controls),
                  canvas_button ("zoom-in-symbolic", _("Zoom in"), "diagram.zoom-in"));
  self->zoom_label = gtk_label_new ("100 %");
  gtk_widget_add_css_class (self->zoom_label, "diagram-zoom-level");
  gtk_widget_add_css_class (self->zoom_label, "numeric");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Zoom level"),
                                  -1);
  gtk_box_append (GTK_BOX (self->controls), self->zoom_label);
  gtk_box_append (GTK_BOX (self->controls),
                  canvas_button ("zoom-out-symbolic", _("Zoom out"), "diagram.zoom-out"));
  gtk_box_append (GTK_BOX (self->controls),
                  canvas_button ("find-location-symbolic", _("Show the patient’s path"),
                                 "diagram.zoom-path"));
  gtk_box_append (GTK_BOX (self->controls),
                  canvas_button ("zoom-fit-best-symbolic", _("Show the whole tree"),
                                 "diagram.zoom-fit"));
  self->overview_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->overview_button), "view-grid-symbolic");
  gtk_widget_set_tooltip_text (self->overview_button, _("Overview of the whole tree"));
  gtk_widget_add_css_class (self->overview_button, "osd");
  gtk_widget_add_css_class (self->overview_button, "circular");
  gtk_widget_set_focus_on_click (self->overview_button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overview_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show the overview"),
                                  -1);
  g_signal_connect_swapped (self->overview_button, "toggled",
                            G_CALLBACK (update_canvas_controls), self);
  gtk_box_append (GTK_BOX (self->controls), self->overview_button);
  gtk_widget_set_parent (self->controls, GTK_WIDGET (self));

  self->back_button = gtk_button_new_with_label (_("Back to the patient"));
  gtk_widget_add_css_class (self->back_button, "pill");
  gtk_widget_add_css_class (self->back_button, "suggested-action");
  gtk_widget_set_focus_on_click (self->back_button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "diagram.follow");
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_parent (self->back_button, GTK_WIDGET (self));

  self->overview = gtk_drawing_area_new ();
  gtk_widget_add_css_class (self->overview, "diagram-overview");
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->overview), 168);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->overview), 112);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->overview), overview_draw, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Overview of the whole tree"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The frame shows where the view is; click to move there"),
                                  -1);
  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_overview_pressed), self);
  gtk_widget_add_controller (self->overview, GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_overview_drag), self);
  gtk_widget_add_controller (self->overview, GTK_EVENT_CONTROLLER (gesture));
  gtk_widget_set_visible (self->overview, FALSE);
  gtk_widget_set_parent (self->overview, GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Accessible nodes */

static void
describe_node (NpcDiagramView *self,
               NpcDiagramNode *node)
{
  const NpcLayoutBox *box = npc_diagram_node_get_box (node);
  g_autofree char *name = NULL;
  g_autofree char *description = npc_renderer_describe_box (self->renderer, box,
                                                            self->evaluation);

  if (box->kind == NPC_LAYOUT_BOX_LINK)
    /* TRANSLATORS: a link box of the diagram: "continue at D10 Reirradiation candidate?" */
    name = g_strdup_printf (_("Continue at %s %s"), box->id, box->label ? box->label : "");
  else
    name = g_strdup_printf ("%s %s", box->id, box->label ? box->label : "");
  npc_diagram_node_describe (node, name, description);
}

static void
describe_nodes (NpcDiagramView *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->node_widgets == NULL)
    return;
  g_hash_table_iter_init (&iter, self->node_widgets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    describe_node (self, value);
}

static void
collect_box (const NpcLayoutBox *box,
             gpointer            user_data)
{
  g_ptr_array_add (user_data, (gpointer) box);
}

static int
by_distance_to_centre (gconstpointer a,
                       gconstpointer b,
                       gpointer      data)
{
  NpcDiagramView *sort_view = data;
  const NpcLayoutBox *x = *(const NpcLayoutBox *const *) a;
  const NpcLayoutBox *y = *(const NpcLayoutBox *const *) b;
  double cx = view_x (sort_view) + gtk_widget_get_width (GTK_WIDGET (sort_view)) / view_zoom (sort_view) / 2;
  double cy = view_y (sort_view) + gtk_widget_get_height (GTK_WIDGET (sort_view)) / view_zoom (sort_view) / 2;
  double dx = hypot (x->x + x->width / 2 - cx, x->y + x->height / 2 - cy);
  double dy = hypot (y->x + y->width / 2 - cx, y->y + y->height / 2 - cy);

  return dx < dy ? -1 : dx > dy;
}

static int
by_index (gconstpointer a,
          gconstpointer b)
{
  const NpcLayoutBox *x = *(const NpcLayoutBox *const *) a;
  const NpcLayoutBox *y = *(const NpcLayoutBox *const *) b;

  return x->index < y->index ? -1 : x->index > y->index;
}

/* One widget for each box in or near the view (and for the selected box), in reading order. */
static void
sync_nodes (NpcDiagramView *self)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  GtkWidget *focus = NULL;
  GHashTableIter iter;
  gpointer key, value;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  if (self->layout != NULL && w > 0 && h > 0)
    {
      double vw = w / view_zoom (self), vh = h / view_zoom (self);
      NpcLayoutRect near = { view_x (self) - vw / 4, view_y (self) - vh / 4,
                             vw * 1.5, vh * 1.5 };

      npc_layout_foreach_in_rect (self->layout, &near, collect_box, boxes);
      if (boxes->len > MAX_NODE_WIDGETS)
        {
          g_ptr_array_sort_with_data (boxes, by_distance_to_centre, self);
          g_ptr_array_set_size (boxes, MAX_NODE_WIDGETS);
        }
      if (self->selected != NULL && !g_ptr_array_find (boxes, self->selected, NULL))
        g_ptr_array_add (boxes, (gpointer) self->selected);
      g_ptr_array_sort (boxes, by_index);
    }
  for (guint i = 0; i < boxes->len; i++)
    g_hash_table_add (wanted, GUINT_TO_POINTER (((NpcLayoutBox *) boxes->pdata[i])->index + 1));

  /* a node that holds the focus stays until the focus leaves it */
  g_hash_table_iter_init (&iter, self->node_widgets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key) && value != (gpointer) focus)
      {
        gtk_widget_unparent (value);
        g_hash_table_iter_remove (&iter);
      }

  for (guint i = 0; i < boxes->len; i++)
    {
      const NpcLayoutBox *box = boxes->pdata[i];
      gpointer k = GUINT_TO_POINTER (box->index + 1);
      GtkWidget *node = g_hash_table_lookup (self->node_widgets, k);

      if (node == NULL)
        {
          node = npc_diagram_node_new (box);
          g_hash_table_insert (self->node_widgets, k, node);
          describe_node (self, NPC_DIAGRAM_NODE (node));
        }
      /* reading order: the boxes in layout order, before the canvas controls */
      gtk_widget_insert_before (node, GTK_WIDGET (self), self->controls);
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
sync_nodes_idle (gpointer data)
{
  NpcDiagramView *self = data;

  self->nodes_idle_id = 0;
  sync_nodes (self);
  return G_SOURCE_REMOVE;
}

static gboolean
focus_is_inside (NpcDiagramView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus == GTK_WIDGET (self) ||
         (NPC_IS_DIAGRAM_NODE (focus) && gtk_widget_get_parent (focus) == GTK_WIDGET (self));
}

/* The keyboard focus goes with the selection, so that a screen reader reads the node. */
static void
focus_selected_node (NpcDiagramView *self)
{
  GtkWidget *node;

  if (!focus_is_inside (self))
    return;
  if (self->selected == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return;
    }
  sync_nodes (self);
  node = g_hash_table_lookup (self->node_widgets, GUINT_TO_POINTER (self->selected->index + 1));
  if (node != NULL)
    gtk_widget_grab_focus (node);
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

/* The zoom the tiles are drawn at: the view's at rest; while it animates between zooms
 * less than half an octave apart, the one between them, so that no frame of the animation
 * draws the view anew at another zoom; else the zoom of the tiles there are, while they are
 * near enough, or the nearest of the steps. */
static double
tile_zoom (NpcDiagramView *self,
           gboolean        animating)
{
  double zoom = view_zoom (self);

  if (!animating)
    return zoom;
  if (self->follow_tiles_zoom > 0)
    return self->follow_tiles_zoom;
  if (self->tiles_zoom > 0 && fabs (log2 (zoom / self->tiles_zoom)) <= ANIMATION_SLACK)
    return self->tiles_zoom;
  return exp2 (round (log2 (zoom) * ANIMATION_STEPS) / ANIMATION_STEPS);
}

/* Where the view is in the scene (the diagram at the tiles' zoom tz), in device pixels, for a
 * view of w × h pixels at that zoom: through sx, sy the whole pixels, where the tiles are
 * placed, and through fx, fy the fraction left over. At rest the fraction is the tiles'
 * phase, at which they are drawn, so that the tiles meet without seams and show what one
 * drawing of the view would; panning by whole pixels (a drag, the keys, a wheel notch) keeps
 * it, and rounding to 1/4096 of a pixel keeps it from changing by rounding errors alone.
 * While the view animates the tiles keep their phase and move by the fraction. The tiles
 * drawn for another zoom or phase go. Gives the columns and rows in view. */
static void
tile_range (NpcDiagramView *self,
            double          tz,
            double          w,
            double          h,
            int             scale,
            gboolean        animating,
            double         *sx,
            double         *sy,
            double         *fx,
            double         *fy,
            int            *c0,
            int            *c1,
            int            *r0,
            int            *r1)
{
  int size = TILE_SIZE * scale;
  double x = round (view_x (self) * tz * scale * 4096) / 4096;
  double y = round (view_y (self) * tz * scale * 4096) / 4096;
  double phase_x = x - floor (x), phase_y = y - floor (y);

  if (self->tiles_zoom != tz || self->tiles_scale != scale ||
      (!animating && (self->tiles_phase_x != phase_x || self->tiles_phase_y != phase_y)))
    {
      forget_tiles (self);
      self->tiles_zoom = tz;
      self->tiles_scale = scale;
      self->tiles_phase_x = phase_x;
      self->tiles_phase_y = phase_y;
    }
  *sx = floor (x - self->tiles_phase_x);
  *sy = floor (y - self->tiles_phase_y);
  *fx = MAX (x - self->tiles_phase_x - *sx, 0);
  *fy = MAX (y - self->tiles_phase_y - *sy, 0);
  if (*fx < 1.0 / 4096)
    *fx = 0;
  if (*fy < 1.0 / 4096)
    *fy = 0;

  *c0 = (int) floor (*sx / size);
  *r0 = (int) floor (*sy / size);
  *c1 = (int) floor ((*sx + ceil (w * scale + *fx) - 1) / size);
  *r1 = (int) floor ((*sy + ceil (h * scale + *fy) - 1) / size);
}

/* The animation is over: the tiles at the view's own zoom, drawn between frames a few at
 * a time into a table of their own while the frames still show the animation's; once they
 * are all there they take over, in a frame of their own. A move of the view starts them
 * afresh; the next animation drops them. */
#define SETTLE_TILES 4 /* a call */

static void
stop_settling (NpcDiagramView *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->settled != NULL)
    g_hash_table_remove_all (self->settled);
}

static gboolean
settle_tiles (gpointer data)
{
  NpcDiagramView *self = data;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int size = TILE_SIZE * scale;
  double zoom = view_zoom (self);
  double x = round (view_x (self) * zoom * scale * 4096) / 4096;
  double y = round (view_y (self) * zoom * scale * 4096) / 4096;
  double phase_x = x - floor (x), phase_y = y - floor (y);
  guint drawn = 0;
  int c0, c1, r0, r1;

  if (self->layout == NULL || w <= 0 || h <= 0 || self->follow_tick_id != 0)
    {
      self->settle_id = 0;
      g_hash_table_remove_all (self->settled);
      return G_SOURCE_REMOVE;
    }
  if (self->settled_zoom != zoom || self->settled_phase_x != phase_x ||
      self->settled_phase_y != phase_y)
    {
      g_hash_table_remove_all (self->settled);
      self->settled_zoom = zoom;
      self->settled_phase_x = phase_x;
      self->settled_phase_y = phase_y;
    }
  c0 = (int) floor (floor (x) / size);
  r0 = (int) floor (floor (y) / size);
  c1 = (int) floor ((floor (x) + w * scale - 1) / size);
  r1 = (int) floor ((floor (y) + h * scale - 1) / size);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        gint64 k = tile_key (c, r);

        if (g_hash_table_contains (self->settled, &k))
          continue;
        if (drawn++ == SETTLE_TILES)
          return G_SOURCE_CONTINUE;
        g_hash_table_insert (self->settled, g_memdup2 (&k, sizeof k),
                             draw_tile (self, c, r, scale, zoom, phase_x, phase_y));
      }

  /* all there: they are the tiles now */
  {
    GHashTable *old = self->tiles;

    self->tiles = self->settled;
    self->settled = old;
    g_hash_table_remove_all (self->settled);
    npc_renderer_forget_drawn (self->renderer);
    self->tiles_zoom = zoom;
    self->tiles_scale = scale;
    self->tiles_phase_x = phase_x;
    self->tiles_phase_y = phase_y;
  }
  self->follow_tiles_zoom = 0;
  self->settle_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* Where the tiles in `missing` (keys of the tiles at the tiles' zoom) are not drawn yet, the
 * stale tiles of the picture before the case changed, moved and scaled from their zoom to
 * the tiles'. The snapshot is in the tiles' pixels; (x, y) is the view's corner in device
 * pixels of the scene at the tiles' zoom. */
static void
snapshot_stale (NpcDiagramView *self,
                GtkSnapshot    *snapshot,
                GArray         *missing,
                double          x,
                double          y,
                int             scale)
{
  double ratio = self->tiles_zoom / self->stale_zoom; /* stale pixels to the tiles' */
  double stale_size = (double) TILE_SIZE * scale * ratio / scale; /* in the snapshot's units */

  for (guint i = 0; i < missing->len; i++)
    {
      gint64 k = g_array_index (missing, gint64, i);
      int c = (gint32) (guint32) ((guint64) k >> 32), r = (gint32) (guint32) (guint64) k;
      graphene_rect_t clip = GRAPHENE_RECT_INIT ((c * (double) TILE_SIZE * scale +
                                                  self->tiles_phase_x - x) / scale,
                                                 (r * (double) TILE_SIZE * scale +
                                                  self->tiles_phase_y - y) / scale,
                                                 TILE_SIZE, TILE_SIZE);
      GHashTableIter iter;
      gpointer key, value;

      gtk_snapshot_push_clip (snapshot, &clip);
      g_hash_table_iter_init (&iter, self->stale);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint64 sk = *(guint64 *) key;
          int sc = (gint32) (guint32) (sk >> 32), sr = (gint32) (guint32) sk;
          Tile *tile = value;
          /* the stale tile's corner, in device pixels of the scene at the tiles' zoom */
          double cx = (sc * (double) TILE_SIZE * scale + self->stale_phase_x) * ratio;
          double cy = (sr * (double) TILE_SIZE * scale + self->stale_phase_y) * ratio;
          graphene_rect_t at = GRAPHENE_RECT_INIT ((cx - x) / scale, (cy - y) / scale,
                                                   stale_size, stale_size);

          if (tile->node == NULL || !graphene_rect_intersection (&at, &clip, NULL))
            continue;
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &at.origin);
          if (ratio != 1)
            gtk_snapshot_scale (snapshot, ratio, ratio);
          gtk_snapshot_append_node (snapshot, tile->node);
          gtk_snapshot_restore (snapshot);
        }
      gtk_snapshot_pop (snapshot);
    }
}

/* The halos of the boxes whose state just changed, over the tiles, which are drawn without
 * them and so stay while they fade. A halo is an outline GTK draws itself, so that a frame
 * paints the halos, not the view. */
static void
snapshot_halos (NpcDiagramView *self,
                GtkSnapshot    *snapshot,
                double          w,
                double          h)
{
  double zoom = view_zoom (self);
  NpcLayoutRect view = { view_x (self) - HALO_REACH, view_y (self) - HALO_REACH,
                         w / zoom + 2 * HALO_REACH, h / zoom + 2 * HALO_REACH };
  g_autoptr(GPtrArray) boxes = NULL;

  if (self->previous == NULL || self->evaluation == NULL || self->halo_progress >= 1.0)
    return;
  boxes = g_ptr_array_new ();
  npc_layout_foreach_in_rect (self->layout, &view, collect_box, boxes);
  npc_renderer_set_transition (self->renderer, self->previous, self->halo_progress);
  for (guint i = 0; i < boxes->len; i++)
    {
      NpcRendererHalo halo;
      GskRoundedRect outline;
      GdkRGBA color;
      float width;
      double half;

      if (!npc_renderer_get_halo (self->renderer, boxes->pdata[i], self->evaluation, &halo))
        continue;
      /* the stroke straddles the outline; a border lies inside its rectangle */
      half = halo.line_width / 2;
      gsk_rounded_rect_init_from_rect (
        &outline,
        &GRAPHENE_RECT_INIT ((halo.outline.x - half - view_x (self)) * zoom,
                             (halo.outline.y - half - view_y (self)) * zoom,
                             (halo.outline.width + 2 * half) * zoom,
                             (halo.outline.height + 2 * half) * zoom),
        (halo.radius + half) * zoom);
      color = (GdkRGBA) { halo.color.red, halo.color.green, halo.color.blue, halo.color.alpha };
      width = halo.line_width * zoom;
      gtk_snapshot_append_border (snapshot, &outline,
                                  (float[4]) { width, width, width, width },
                                  (GdkRGBA[4]) { color, color, color, color });
    }
  npc_renderer_set_transition (self->renderer, NULL, 1.0);
}

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
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  double sx, sy, fx, fy, tz, f;
  int c0, c1, r0, r1, size = TILE_SIZE * scale;
  GHashTableIter iter;
  gpointer key, value;
  double ring_bytes = 0;
  gboolean animating, may_defer;
  gint64 start = g_get_monotonic_time ();
  GArray *deferred = NULL;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->layout == NULL || w <= 0 || h <= 0)
    goto over;

  /* the view moves to follow the patient, or its last step is being drawn (the halos alone
   * change nothing the tiles hold) */
  animating = self->follow_tick_id != 0 || self->settle_id != 0 ||
              (clock != NULL && gdk_frame_clock_get_frame_counter (clock) == self->moved_frame);
  tz = tile_zoom (self, animating);
  f = view_zoom (self) / tz; /* from the tiles to the view */
  tile_range (self, tz, w / f, h / f, scale, animating, &sx, &sy, &fx, &fy,
              &c0, &c1, &r0, &r1);
  if (animating && self->settle_id == 0 && self->follow_tick_id == 0)
    self->settle_id = g_idle_add_full (G_PRIORITY_LOW, settle_tiles, self, NULL);
  /* a picture drawn anew while they settle (another case, another palette) is drawn at the
   * view's zoom at once */
  if (self->settle_id != 0 && g_hash_table_size (self->tiles) == 0 && self->follow_tick_id == 0)
    {
      stop_settling (self);
      self->follow_tiles_zoom = 0;
      tz = view_zoom (self);
      f = 1;
      tile_range (self, tz, w, h, scale, FALSE, &sx, &sy, &fx, &fy, &c0, &c1, &r0, &r1);
    }

  /* While the view follows the patient, a frame draws new tiles for FRAME_TILES_US at most and
   * shows the old picture's in the rest; the next frames draw them. */
  may_defer = self->follow_tick_id != 0 && g_hash_table_size (self->stale) > 0 &&
              self->stale_scale == scale;
  gtk_snapshot_save (snapshot);
  if (f != 1)
    gtk_snapshot_scale (snapshot, f, f);
  for (int r = r0; r <= r1; r++)
    {
      GskRenderNode **row = g_newa (GskRenderNode *, c1 - c0 + 1);
      guint n = 0;

      for (int c = c0; c <= c1; c++)
        {
          gint64 k = tile_key (c, r);
          Tile *tile = g_hash_table_lookup (self->tiles, &k);

          if (tile == NULL && may_defer && g_get_monotonic_time () - start > FRAME_TILES_US)
            {
              if (deferred == NULL)
                deferred = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_array_append_val (deferred, k);
              continue;
            }
          if (tile == NULL)
            {
              tile = draw_tile (self, c, r, scale, self->tiles_zoom, self->tiles_phase_x,
                                self->tiles_phase_y);
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
        g_autoptr(GskRenderNode) moved = translated (tiles,
                                                     (c0 * (double) size - sx - fx) / scale,
                                                     (r * (double) size - sy - fy) / scale);

        gtk_snapshot_append_node (snapshot, moved);
      }
      for (guint i = 0; i < n; i++)
        gsk_render_node_unref (row[i]);
    }
  if (deferred != NULL)
    {
      snapshot_stale (self, snapshot, deferred, sx + fx + self->tiles_phase_x,
                      sy + fy + self->tiles_phase_y, scale);
      g_array_unref (deferred);
      gtk_widget_queue_draw (widget);
    }
  else if (g_hash_table_size (self->stale) > 0 && self->follow_tick_id == 0)
    g_hash_table_remove_all (self->stale);
  gtk_snapshot_restore (snapshot);
  snapshot_halos (self, snapshot, w, h);

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

over:
  if (gtk_widget_has_visible_focus (widget) && self->selected == NULL)
    {
      GdkRGBA ring = { p->selection.red, p->selection.green, p->selection.blue, 1 };
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { ring, ring, ring, ring };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, w - 2, h - 2), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  /* over the diagram; the node widgets draw nothing */
  gtk_widget_snapshot_child (widget, self->overview, snapshot);
  gtk_widget_snapshot_child (widget, self->controls, snapshot);
  gtk_widget_snapshot_child (widget, self->back_button, snapshot);
}

static void
npc_diagram_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  if (self->pending_node != NULL && width > 0 && height > 0 && self->layout != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_node);
      const NpcLayoutBox *box = npc_layout_find_id (self->layout, id);

      if (box != NULL)
        center_on_box (self, box);
    }
  else if (self->fit_pending && width > 0 && height > 0)
    {
      self->fit_pending = FALSE;
      /* A case opens on the patient: its outcome, or the first decision and its branches
       * for an empty case; without a case, the whole tree. */
      if (self->evaluation != NULL && !self->user_moved)
        npc_diagram_view_follow_patient (self, FALSE);
      else
        npc_diagram_view_zoom_to_fit (self);
    }
  else if ((width != self->last_width || height != self->last_height) &&
           self->evaluation != NULL && !self->user_moved && width > 0 && height > 0)
    /* a pane resized: the patient stays in view */
    npc_diagram_view_follow_patient (self, FALSE);
  self->last_width = width;
  self->last_height = height;
  /* which controls show, before they are given their places */
  update_canvas_controls (self);

  /* the canvas controls: zoom at the bottom right, the overview at the bottom left, the way
   * back to the patient at the top */
  {
    GtkRequisition nat;
    GtkAllocation a;

    gtk_widget_get_preferred_size (self->controls, NULL, &nat);
    a = (GtkAllocation) { width - nat.width - 12, height - nat.height - 12, nat.width, nat.height };
    gtk_widget_size_allocate (self->controls, &a, -1);

    gtk_widget_get_preferred_size (self->back_button, NULL, &nat);
    a = (GtkAllocation) { (width - nat.width) / 2, 12, nat.width, nat.height };
    gtk_widget_size_allocate (self->back_button, &a, -1);

    gtk_widget_get_preferred_size (self->overview, NULL, &nat);
    a = (GtkAllocation) { 12, height - nat.height - 12, nat.width, nat.height };
    gtk_widget_size_allocate (self->overview, &a, -1);
  }

  /* each accessible node where its box is drawn */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->node_widgets);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        const NpcLayoutBox *box = npc_diagram_node_get_box (value);
        GtkAllocation a = {
          (int) floor ((box->x - view_x (self)) * view_zoom (self)),
          (int) floor ((box->y - view_y (self)) * view_zoom (self)),
          MAX (1, (int) ceil (box->width * view_zoom (self))),
          MAX (1, (int) ceil (box->height * view_zoom (self))),
        };

        gtk_widget_size_allocate (value, &a, -1);
      }
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
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  /* Without its controls (on a slide) the diagram takes what room the words leave. */
  *minimum = self->show_controls ? 120 : 0;
  *natural = self->show_controls ? 640 : 0;
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
  return npc_layout_hit_test (self->layout, view_x (self) + x / view_zoom (self),
                              view_y (self) + y / view_zoom (self));
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
  self->drag_origin_x = view_x (self);
  self->drag_origin_y = view_y (self);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                NpcDiagramView *self)
{
  double x = self->drag_origin_x - dx / view_zoom (self);
  double y = self->drag_origin_y - dy / view_zoom (self);

  if (dx == 0 && dy == 0)
    return;
  self->fit_pending = FALSE;
  self->user_moved = TRUE;
  clamp_origin (self, view_zoom (self), &x, &y);
  npc_diagram_viewport_set_origin (self->viewport, x, y);
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

  self->user_moved = TRUE;
  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy / 100.0);
      zoom_centre (self, view_zoom (self) * factor);
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
  self->pinch_zoom = view_zoom (self);
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
  self->user_moved = TRUE;
  zoom_at (self, self->pinch_zoom * scale, cx, cy);
}

/* The keys' actions can do nothing without a layout, or at the ends of the reading order:
 * disabled, they leave their keys to the window (Tab past the last node leaves the diagram,
 * Escape with nothing selected closes what the window closes). */
static void
update_actions (NpcDiagramView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_layout = self->layout != NULL;
  gboolean has_selection = has_layout && self->selected != NULL;
  guint n = 0;

  if (has_layout)
    npc_layout_get_boxes (self->layout, &n);
  gtk_widget_action_set_enabled (widget, "diagram.move", has_layout);
  gtk_widget_action_set_enabled (widget, "diagram.pan", has_layout);
  gtk_widget_action_set_enabled (widget, "diagram.activate", has_layout);
  gtk_widget_action_set_enabled (widget, "diagram.next-node",
                                 n > 0 && (!has_selection || self->selected->index + 1 < n));
  gtk_widget_action_set_enabled (widget, "diagram.previous-node",
                                 n > 0 && (!has_selection || self->selected->index > 0));
  gtk_widget_action_set_enabled (widget, "diagram.unselect", has_selection);
  gtk_widget_action_set_enabled (widget, "diagram.parent", has_selection);
  gtk_widget_action_set_enabled (widget, "diagram.child", has_selection);
  gtk_widget_action_set_enabled (widget, "diagram.next-sibling", has_selection);
  gtk_widget_action_set_enabled (widget, "diagram.previous-sibling", has_selection);
}

static void
move_selection (NpcDiagramView     *self,
                NpcLayoutDirection  direction)
{
  const NpcLayoutBox *next;

  if (self->selected == NULL || self->layout == NULL)
    return;
  next = npc_layout_get_neighbour (self->layout, self->selected, direction);
  if (next != NULL)
    select_box (self, next, TRUE);
}

/* diagram.parent, diagram.child, diagram.next-sibling, diagram.previous-sibling */
static void
neighbour_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  if (g_str_equal (action_name, "diagram.parent"))
    move_selection (self, NPC_LAYOUT_PARENT);
  else if (g_str_equal (action_name, "diagram.child"))
    move_selection (self, NPC_LAYOUT_FIRST_CHILD);
  else if (g_str_equal (action_name, "diagram.next-sibling"))
    move_selection (self, NPC_LAYOUT_NEXT_SIBLING);
  else if (g_str_equal (action_name, "diagram.previous-sibling"))
    move_selection (self, NPC_LAYOUT_PREV_SIBLING);
}

/* diagram.pan((dd)): moves the view by so many pixels; the user has taken over. */
static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  double dx = 0, dy = 0;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  self->user_moved = TRUE;
  pan_by (self, dx, dy);
}

/* diagram.move(s), the arrow keys: "up", "down", "left" or "right" moves to the neighbour
 * on that side (the parent is above in a tree drawn top-down, to the left in one drawn left
 * to right); with no node selected it pans. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  gboolean td = self->orientation == NPC_LAYOUT_TOP_DOWN;
  const char *side = g_variant_get_string (parameter, NULL);
  NpcLayoutDirection direction;
  double dx = 0, dy = 0;

  if (g_str_equal (side, "up"))
    direction = td ? NPC_LAYOUT_PARENT : NPC_LAYOUT_PREV_SIBLING, dy = -PAN_STEP;
  else if (g_str_equal (side, "down"))
    direction = td ? NPC_LAYOUT_FIRST_CHILD : NPC_LAYOUT_NEXT_SIBLING, dy = PAN_STEP;
  else if (g_str_equal (side, "left"))
    direction = td ? NPC_LAYOUT_PREV_SIBLING : NPC_LAYOUT_PARENT, dx = -PAN_STEP;
  else if (g_str_equal (side, "right"))
    direction = td ? NPC_LAYOUT_NEXT_SIBLING : NPC_LAYOUT_FIRST_CHILD, dx = PAN_STEP;
  else
    {
      g_warning ("diagram.move: no side “%s”", side);
      return;
    }

  if (self->selected == NULL)
    {
      self->user_moved = TRUE;
      pan_by (self, dx, dy);
    }
  else
    move_selection (self, direction);
}

/* diagram.next-node, diagram.previous-node (Tab, Shift+Tab): through the boxes in reading
 * order, from the first (or the last) when none is selected. */
static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  gboolean back = g_str_equal (action_name, "diagram.previous-node");
  const NpcLayoutBox *const *boxes;
  guint n = 0;

  if (self->layout == NULL)
    return;
  boxes = npc_layout_get_boxes (self->layout, &n);
  if (n == 0)
    return;
  if (self->selected == NULL)
    select_box (self, boxes[back ? n - 1 : 0], TRUE);
  else if (back ? self->selected->index > 0 : self->selected->index + 1 < n)
    select_box (self, boxes[self->selected->index + (back ? -1 : 1)], TRUE);
}

/* diagram.activate (Enter, space): a "continue at" link goes to the node it continues at;
 * a node is told again to whoever shows its details; with none selected, the first. */
static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);
  const NpcLayoutBox *const *boxes;
  guint n = 0;

  if (self->layout == NULL)
    return;
  boxes = npc_layout_get_boxes (self->layout, &n);
  if (self->selected == NULL)
    {
      if (n > 0)
        select_box (self, boxes[0], TRUE);
    }
  else if (self->selected->kind == NPC_LAYOUT_BOX_LINK && self->selected->target != NULL)
    select_box (self, self->selected->target, TRUE);
  else
    g_signal_emit (self, signals[NODE_SELECTED], 0, self->selected->id);
}

/* diagram.unselect (Escape) */
static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  select_box (NPC_DIAGRAM_VIEW (widget), NULL, TRUE);
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
    {
      self->user_moved = TRUE;
      zoom_centre (self, view_zoom (self) * ZOOM_STEP);
    }
  else if (g_str_equal (action_name, "diagram.zoom-out"))
    {
      self->user_moved = TRUE;
      zoom_centre (self, view_zoom (self) / ZOOM_STEP);
    }
  else if (g_str_equal (action_name, "diagram.zoom-fit"))
    {
      self->user_moved = TRUE;
      npc_diagram_view_zoom_to_fit (self);
    }
  else if (g_str_equal (action_name, "diagram.zoom-path"))
    npc_diagram_view_zoom_to_path (self);
  else if (g_str_equal (action_name, "diagram.follow"))
    npc_diagram_view_follow_patient (self, TRUE);
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
  if (self->follow_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick_id);
      self->follow_tick_id = 0;
    }
  g_clear_handle_id (&self->nodes_idle_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->settled, g_hash_table_unref);
  g_clear_pointer (&self->stale, g_hash_table_unref);
  clear_nodes (self);
  g_clear_pointer (&self->node_widgets, g_hash_table_unref);
  g_clear_pointer (&self->controls, gtk_widget_unparent);
  g_clear_pointer (&self->back_button, gtk_widget_unparent);
  g_clear_pointer (&self->overview, gtk_widget_unparent);
  self->zoom_label = NULL;
  g_clear_pointer (&self->patient_key, g_free);
  g_clear_pointer (&self->pending_node, g_free);
  self->selected = NULL;
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->given_layout);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->previous);
  g_clear_object (&self->guideline);
  g_clear_object (&self->renderer);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_object (&self->viewport);

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
      g_value_set_double (value, view_zoom (self));
      break;
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
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

/* The diagram is one stop in the window's focus chain: inside it, Tab and the arrow keys
 * move from node to node (the key bindings), and the focus sits on the selected node. */
static gboolean
npc_diagram_view_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  NpcDiagramView *self = NPC_DIAGRAM_VIEW (widget);

  if (focus_is_inside (self))
    return FALSE;
  gtk_widget_grab_focus (widget);
  focus_selected_node (self);
  return TRUE;
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
  widget_class->focus = npc_diagram_view_focus;

  properties[PROP_GUIDELINE] =
    g_param_spec_object ("guideline", NULL, NULL, NPC_TYPE_GUIDELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIENTATION] =
    g_param_spec_enum ("orientation", NULL, NULL, NPC_TYPE_LAYOUT_ORIENTATION,
                       NPC_LAYOUT_TOP_DOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_string ("selected-node", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, NPC_TYPE_DIAGRAM_VIEWPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_install_action (widget_class, "diagram.follow", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "diagram.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "diagram.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "diagram.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "diagram.zoom-path", NULL);

  gtk_widget_class_install_action (widget_class, "diagram.move", "s", move_action);
  gtk_widget_class_install_action (widget_class, "diagram.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "diagram.parent", NULL, neighbour_action);
  gtk_widget_class_install_action (widget_class, "diagram.child", NULL, neighbour_action);
  gtk_widget_class_install_action (widget_class, "diagram.next-sibling", NULL,
                                   neighbour_action);
  gtk_widget_class_install_action (widget_class, "diagram.previous-sibling", NULL,
                                   neighbour_action);
  gtk_widget_class_install_action (widget_class, "diagram.next-node", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "diagram.previous-node", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "diagram.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "diagram.unselect", NULL, unselect_action);

  {
    static const struct {
      guint keyval;
      const char *side;
    } arrows[] = {
      { GDK_KEY_Up, "up" }, { GDK_KEY_KP_Up, "up" },
      { GDK_KEY_Down, "down" }, { GDK_KEY_KP_Down, "down" },
      { GDK_KEY_Left, "left" }, { GDK_KEY_KP_Left, "left" },
      { GDK_KEY_Right, "right" }, { GDK_KEY_KP_Right, "right" },
    };
    static const guint enter[] = {
      GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space, GDK_KEY_KP_Space,
    };

    for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
      gtk_widget_class_add_binding_action (widget_class, arrows[i].keyval, 0, "diagram.move",
                                           "s", arrows[i].side);
    for (guint i = 0; i < G_N_ELEMENTS (enter); i++)
      gtk_widget_class_add_binding_action (widget_class, enter[i], 0, "diagram.activate", NULL);
  }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "diagram.next-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Tab, 0, "diagram.next-node",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK,
                                       "diagram.previous-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Tab, GDK_SHIFT_MASK,
                                       "diagram.previous-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK,
                                       "diagram.previous-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "diagram.unselect",
                                       NULL);

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
  self->settled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_free);
  self->stale = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_free);
  self->moved_frame = -1;
  self->viewport = npc_diagram_viewport_new ();
  npc_diagram_viewport_set_min_zoom (self->viewport, MIN_ZOOM);
  npc_diagram_viewport_set_max_zoom (self->viewport, MAX_ZOOM);
  g_signal_connect_object (self->viewport, "notify", G_CALLBACK (on_viewport_notify), self,
                           G_CONNECT_SWAPPED);
  self->fit_pending = TRUE;
  self->node_widgets = g_hash_table_new (NULL, NULL);
  self->show_controls = TRUE;
  build_canvas_controls (self);

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

  update_actions (self);
  update_accessible (self);
}

GtkWidget *
npc_diagram_view_new (void)
{
  return g_object_new (NPC_TYPE_DIAGRAM_VIEW, NULL);
}
