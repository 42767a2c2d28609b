/* npc-renderer.c — draws a laid-out pathway and its highlight
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * States are told apart by line weight and dash, by a tag in words on the box, and by the
 * text on the edges (why a branch was not taken), so the picture reads in greyscale and on
 * a washed-out projector; colour only adds to that.
 */

#define G_LOG_DOMAIN "npc-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "npc-renderer-private.h"
#include "npc-scene.h"
#include "npc-symbolic.h"
#include "npc-text-metrics.h"

/* Text sizes and spacing, in model units (pixels at zoom 1). */
#define LABEL_SIZE   13.0
#define HEADER_SIZE  9.0
#define BADGE_SIZE   10.0
#define EDGE_SIZE    10.5
#define REASON_SIZE  9.5
#define TAG_SIZE     9.0
#define PAD_X        12.0
#define PAD_Y        8.0
#define LABEL_WIDTH  200.0 /* where labels wrap */
#define MIN_WIDTH    120.0
#define HEX_INSET    12.0  /* the points of a decision's hexagon */
#define BUS          18.0  /* from a parent to the line its edges branch from */
#define LINK_WIDTH   150.0
#define MIN_TEXT_PX  7.0   /* below this many device pixels a box's words are not drawn... */
#define SHORT_TITLE_PX 11.0 /* ...but its id is, at least this many pixels high where it fits */

typedef enum {
  SHAPE_DECISION,
  SHAPE_RECOMMENDATION,
  SHAPE_EVALUATION_STEP,
  SHAPE_NO_RECOMMENDATION,
  SHAPE_NOT_COVERED,
  SHAPE_OUT_OF_SCOPE,
  SHAPE_REDIRECT,
  SHAPE_LINK,
} Shape;

/* The text of one box, made once per layout. */
typedef struct {
  PangoLayout *header;
  PangoLayout *label;
  PangoLayout *badges[2];
  PangoLayout *branch; /* the label of the edge leading here */
} BoxText;

typedef struct {
  guint owner;    /* the id of the renderer that made it */
  BoxText *texts; /* by box index */
  guint n;
  double max_box; /* the widest or tallest box */
} TextCache;

/* A layout keeps the text caches of the last few renderers that drew it, under one key. */
#define MAX_TEXT_CACHES 4

static G_DEFINE_QUARK (npc-renderer-text-caches, text_caches)

struct _NpcRenderer {
  GObject parent_instance;

  NpcPalette palette;
  char *font_family;
  PangoContext *pango;
  NpcTextMetrics *metrics; /* box sizes for the layout, cached */
  guint id;     /* this renderer among all of the process, from 1: never reused */

  const NpcLayoutBox *selected;
  NpcEvaluation *previous;
  double progress;
  double draw_scale; /* device pixels per model unit of the drawing under way */
  GHashTable *words; /* badge words made for a case: one stable copy of each */

  GArray *edges;    /* guint: the edges a draw looks at, kept to save allocating */
  GHashTable *tags; /* tag -> PangoLayout: every box on the path has one */

  NpcScene *scene;  /* the picture a draw call describes, kept to save allocating */

  gboolean recording; /* keep the record at all (tests, debugging) */
  GArray *records;  /* NpcRenderRecord by box index */
  GArray *serials;  /* guint by box index: the draw that made the record */
  guint serial;
  guint n_drawn;
};

G_DEFINE_FINAL_TYPE (NpcRenderer, npc_renderer, G_TYPE_OBJECT)

/* NPC_PATHWAY_DEBUG=render-record: every renderer keeps its record of what it drew. */
static gboolean
recording_by_default (void)
{
  static gsize once = 0;
  static gboolean on = FALSE;

  if (g_once_init_enter (&once))
    {
      static const GDebugKey keys[] = { { "render-record", 1 } };

      on = g_parse_debug_string (g_getenv ("NPC_PATHWAY_DEBUG"), keys, G_N_ELEMENTS (keys)) != 0;
      g_once_init_leave (&once, 1);
    }
  return on;
}

static const NpcPalette light_palette = {
  .background   = { 1.00, 1.00, 1.00, 1 },
  .foreground   = { 0.09, 0.09, 0.11, 1 },
  .muted        = { 0.40, 0.40, 0.44, 1 },
  .dimmed       = { 0.42, 0.42, 0.45, 1 },
  .box          = { 0.98, 0.98, 0.98, 1 },
  .decision     = { 0.95, 0.96, 0.98, 1 },
  .outcome      = { 0.97, 0.97, 0.95, 1 },
  .accent       = { 0.08, 0.33, 0.70, 1 },
  .accent_fill  = { 0.89, 0.93, 0.99, 1 },
  .primary_fill = { 0.78, 0.87, 0.99, 1 },
  .alternative  = { 0.40, 0.20, 0.55, 1 },
  .undetermined = { 0.55, 0.35, 0.00, 1 },
  .warning      = { 0.70, 0.30, 0.00, 1 },
  .selection    = { 0.80, 0.10, 0.30, 1 },
};

static const NpcPalette dark_palette = {
  .background   = { 0.14, 0.14, 0.15, 1 },
  .foreground   = { 0.96, 0.96, 0.96, 1 },
  .muted        = { 0.70, 0.70, 0.73, 1 },
  .dimmed       = { 0.66, 0.66, 0.69, 1 },
  .box          = { 0.19, 0.19, 0.21, 1 },
  .decision     = { 0.18, 0.20, 0.24, 1 },
  .outcome      = { 0.21, 0.21, 0.19, 1 },
  .accent       = { 0.47, 0.68, 1.00, 1 },
  .accent_fill  = { 0.13, 0.22, 0.36, 1 },
  .primary_fill = { 0.12, 0.29, 0.55, 1 },
  .alternative  = { 0.80, 0.62, 0.95, 1 },
  .undetermined = { 0.98, 0.78, 0.35, 1 },
  .warning      = { 1.00, 0.64, 0.30, 1 },
  .selection    = { 1.00, 0.45, 0.60, 1 },
};

static void
text_cache_free (gpointer data)
{
  TextCache *cache = data;

  for (guint i = 0; i < cache->n; i++)
    {
      BoxText *t = &cache->texts[i];

      g_clear_object (&t->header);
      g_clear_object (&t->label);
      g_clear_object (&t->badges[0]);
      g_clear_object (&t->badges[1]);
      g_clear_object (&t->branch);
    }
  g_free (cache->texts);
  g_free (cache);
}

static void
npc_renderer_finalize (GObject *object)
{
  NpcRenderer *self = NPC_RENDERER (object);

  g_clear_pointer (&self->metrics, npc_text_metrics_free);
  g_clear_object (&self->pango);
  g_clear_object (&self->previous);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_clear_pointer (&self->words, g_hash_table_unref);
  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->serials, g_array_unref);
  g_clear_pointer (&self->scene, npc_scene_free);

  G_OBJECT_CLASS (npc_renderer_parent_class)->finalize (object);
}

static void
npc_renderer_class_init (NpcRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = npc_renderer_finalize;
}

/* Unhinted metrics: text measures the same at every zoom, on every surface and with every
 * font map. */
static PangoContext *
create_context (PangoFontMap *map)
{
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  npc_text_context_set_language (context);
  return context;
}

static void
npc_renderer_init (NpcRenderer *self)
{
  static gint ids;

  self->id = (guint) g_atomic_int_add (&ids, 1) + 1;
  self->palette = light_palette;
  self->font_family = g_strdup ("Sans");
  self->progress = 1.0;
  self->edges = g_array_new (FALSE, FALSE, sizeof (guint));
  self->tags = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->recording = recording_by_default ();
  self->records = g_array_new (FALSE, TRUE, sizeof (NpcRenderRecord));
  self->serials = g_array_new (FALSE, TRUE, sizeof (guint));
  self->scene = npc_scene_new ();

  self->pango = create_context (pango_cairo_font_map_get_default ());
  self->metrics = npc_text_metrics_new (self->pango, self->font_family);
}

NpcRenderer *
npc_renderer_new (void)
{
  return g_object_new (NPC_TYPE_RENDERER, NULL);
}

void
npc_renderer_get_default_palette (gboolean    dark,
                                  NpcPalette *palette)
{
  g_return_if_fail (palette != NULL);

  *palette = dark ? dark_palette : light_palette;
}

void
npc_renderer_set_palette (NpcRenderer      *self,
                          const NpcPalette *palette)
{
  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (palette != NULL);

  self->palette = *palette;
}

const NpcPalette *
npc_renderer_get_palette (NpcRenderer *self)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);

  return &self->palette;
}

void
npc_renderer_set_font_family (NpcRenderer *self,
                              const char  *family)
{
  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (family != NULL);

  g_free (self->font_family);
  self->font_family = g_strdup (family);
  npc_text_metrics_free (self->metrics);
  self->metrics = npc_text_metrics_new (self->pango, self->font_family);
  g_hash_table_remove_all (self->tags);
}

PangoFontMap *
npc_renderer_get_font_map (NpcRenderer *self)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);

  return pango_context_get_font_map (self->pango);
}

void
npc_renderer_set_font_map (NpcRenderer  *self,
                           PangoFontMap *map)
{
  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (PANGO_IS_FONT_MAP (map));

  if (pango_context_get_font_map (self->pango) == map)
    return;
  g_object_unref (self->pango);
  self->pango = create_context (map);
  npc_text_metrics_free (self->metrics);
  self->metrics = npc_text_metrics_new (self->pango, self->font_family);
  g_hash_table_remove_all (self->tags);
}

void
npc_renderer_set_selected (NpcRenderer        *self,
                           const NpcLayoutBox *box)
{
  g_return_if_fail (NPC_IS_RENDERER (self));

  self->selected = box;
}

void
npc_renderer_set_transition (NpcRenderer   *self,
                             NpcEvaluation *previous,
                             double         progress)
{
  g_return_if_fail (NPC_IS_RENDERER (self));

  g_set_object (&self->previous, previous);
  self->progress = CLAMP (progress, 0.0, 1.0);
}

const char *
npc_render_style_to_string (NpcRenderStyle style)
{
  static const char *const names[] = {
    "neutral", "not-reached", "path", "primary", "alternative", "excluded",
    "undetermined", "stopped",
  };

  g_return_val_if_fail (style < G_N_ELEMENTS (names), NULL);
  return names[style];
}

/* ------------------------------------------------------------------------------------------ */
/* Text */

static PangoLayout *
make_layout (NpcRenderer        *self,
             const char         *text,
             const NpcTextStyle *style)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  npc_text_metrics_set_font (self->metrics, style, font);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, style->align);
  if (style->width > 0)
    {
      pango_layout_set_width (layout, (int) (style->width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (style->max_lines > 0)
    {
      pango_layout_set_height (layout, -style->max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static PangoLayout *
make_text (NpcRenderer *self,
           const char  *text,
           double       size,
           PangoWeight  weight,
           PangoStyle   style,
           double       width,
           int          max_lines,
           PangoAlignment align)
{
  NpcTextStyle ts = { size, weight, style, width, max_lines, align };

  return make_layout (self, text, &ts);
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static Shape
box_shape (const NpcLayoutBox *box)
{
  if (box->kind == NPC_LAYOUT_BOX_LINK)
    return SHAPE_LINK;
  if (box->node == NULL)
    return SHAPE_DECISION;

  switch (box->node->kind)
    {
    case NPC_NODE_DECISION:
      return SHAPE_DECISION;
    case NPC_NODE_REDIRECT:
      return SHAPE_REDIRECT;
    case NPC_NODE_OUTCOME:
    default:
      switch (box->node->type)
        {
        case NPC_OUTCOME_EVALUATION_STEP:
          return SHAPE_EVALUATION_STEP;
        case NPC_OUTCOME_NO_RECOMMENDATION:
          return SHAPE_NO_RECOMMENDATION;
        case NPC_OUTCOME_NOT_COVERED:
          return SHAPE_NOT_COVERED;
        case NPC_OUTCOME_OUT_OF_SCOPE:
          return SHAPE_OUT_OF_SCOPE;
        case NPC_OUTCOME_RECOMMENDATION:
        default:
          return SHAPE_RECOMMENDATION;
        }
    }
}

static const char *
shape_word (Shape shape)
{
  switch (shape)
    {
    case SHAPE_DECISION:          return C_("diagram", "DECISION");
    case SHAPE_RECOMMENDATION:    return C_("diagram", "RECOMMENDATION");
    case SHAPE_EVALUATION_STEP:   return C_("diagram", "EVALUATION STEP");
    case SHAPE_NO_RECOMMENDATION: return C_("diagram", "NO RECOMMENDATION");
    case SHAPE_NOT_COVERED:       return C_("diagram", "NOT COVERED");
    case SHAPE_OUT_OF_SCOPE:      return C_("diagram", "OUT OF SCOPE");
    case SHAPE_REDIRECT:          return C_("diagram", "REDIRECT");
    case SHAPE_LINK:              return C_("diagram", "CONTINUE AT");
    default:                      return "";
    }
}

/* "suggest" -> "Suggested": the wording of the strength in a badge (core's table); an id
 * it does not know as it is. */
static const char *
strength_words (const char *strength)
{
  const char *words = npc_strength_get_short_label (npc_strength_from_string (strength));

  return words != NULL ? words : strength;
}

/* What a box says, and in which style: one description for measuring and for drawing. */
enum { PART_HEADER, PART_LABEL, PART_BADGE_0, PART_BADGE_1, N_PARTS };

typedef struct {
  const char *text[N_PARTS]; /* NULL: the part is not there (badges) */
  NpcTextStyle style[N_PARTS];
  char *owned[N_PARTS];      /* texts made for the box */
} BoxSpec;

static void
box_spec_clear (BoxSpec *spec)
{
  for (guint i = 0; i < N_PARTS; i++)
    g_free (spec->owned[i]);
}

static void
spec_set (BoxSpec       *spec,
          guint          part,
          const char    *text,
          char          *owned,
          double         size,
          PangoWeight    weight,
          PangoStyle     style,
          double         width,
          int            max_lines,
          PangoAlignment align)
{
  spec->owned[part] = owned;
  spec->text[part] = owned != NULL ? owned : text;
  spec->style[part] = (NpcTextStyle) { size, weight, style, width, max_lines, align };
}

static void
box_spec_init (BoxSpec            *spec,
               const NpcLayoutBox *box)
{
  Shape shape = box_shape (box);
  const NpcNode *node = box->node;
  double wrap = shape == SHAPE_LINK ? LINK_WIDTH - 2 * PAD_X : LABEL_WIDTH;

  memset (spec, 0, sizeof *spec);
  if (shape == SHAPE_LINK)
    {
      spec_set (spec, PART_HEADER, NULL,
                g_strdup_printf ("↪ %s %s", shape_word (shape), box->id),
                HEADER_SIZE + 0.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, wrap, 1,
                PANGO_ALIGN_CENTER);
      spec_set (spec, PART_LABEL, box->label, NULL, BADGE_SIZE, PANGO_WEIGHT_NORMAL,
                PANGO_STYLE_NORMAL, wrap, 2, PANGO_ALIGN_CENTER);
    }
  else
    {
      if (node != NULL)
        spec_set (spec, PART_HEADER, NULL,
                  g_strdup_printf ("%s · %s", box->id, shape_word (shape)),
                  HEADER_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, wrap, 1,
                  PANGO_ALIGN_CENTER);
      else
        spec_set (spec, PART_HEADER, box->id, NULL, HEADER_SIZE, PANGO_WEIGHT_BOLD,
                  PANGO_STYLE_NORMAL, wrap, 1, PANGO_ALIGN_CENTER);
      spec_set (spec, PART_LABEL, box->label, NULL, LABEL_SIZE,
                shape == SHAPE_DECISION ? PANGO_WEIGHT_SEMIBOLD : PANGO_WEIGHT_NORMAL,
                PANGO_STYLE_NORMAL, wrap, 6, PANGO_ALIGN_CENTER);
    }

  if (node != NULL && box->kind == NPC_LAYOUT_BOX_NODE)
    {
      const char *strength = strength_words (node->strength);

      if (node->kind == NPC_NODE_REDIRECT && node->target != NULL)
        spec_set (spec, PART_BADGE_0, NULL,
                  g_strdup_printf (_("↪ continue at %s"), node->target->id),
                  BADGE_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
      else if (node->kind == NPC_NODE_OUTCOME)
        {
          if (strength != NULL)
            spec_set (spec, PART_BADGE_0, strength, NULL, BADGE_SIZE, PANGO_WEIGHT_BOLD,
                      PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
          if (node->grade != NULL)
            spec_set (spec, PART_BADGE_1, NULL, g_strdup_printf (_("Grade %s"), node->grade),
                      BADGE_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1, 0,
                      PANGO_ALIGN_LEFT);
          else if (node->type == NPC_OUTCOME_RECOMMENDATION)
            spec_set (spec, PART_BADGE_1, _("ungraded"), NULL, BADGE_SIZE, PANGO_WEIGHT_NORMAL,
                      PANGO_STYLE_ITALIC, -1, 0, PANGO_ALIGN_LEFT);
        }
    }
}

static void
make_box_text (NpcRenderer        *self,
               const NpcLayoutBox *box,
               BoxText            *t)
{
  BoxSpec spec;

  box_spec_init (&spec, box);
  t->header = make_layout (self, spec.text[PART_HEADER], &spec.style[PART_HEADER]);
  t->label = make_layout (self, spec.text[PART_LABEL], &spec.style[PART_LABEL]);
  for (guint i = 0; i < 2; i++)
    if (spec.text[PART_BADGE_0 + i] != NULL)
      t->badges[i] = make_layout (self, spec.text[PART_BADGE_0 + i],
                                  &spec.style[PART_BADGE_0 + i]);
  box_spec_clear (&spec);
}

#define BADGE_PAD_X 6.0
#define BADGE_PAD_Y 2.0
#define BADGE_GAP   6.0

/* The badges side by side: widths and heights of the texts in, of the row out. */
static void
badges_row_size (const double *widths,
                 const double *heights,
                 double       *width,
                 double       *height)
{
  double w = 0, h = 0;

  for (guint i = 0; i < 2; i++)
    {
      if (widths[i] < 0)
        continue;
      w += (w > 0 ? BADGE_GAP : 0) + widths[i] + 2 * BADGE_PAD_X;
      h = MAX (h, heights[i] + 2 * BADGE_PAD_Y);
    }
  *width = w;
  *height = h;
}

static void
badges_size (BoxText *t,
             double  *width,
             double  *height)
{
  double w[2] = { -1, -1 }, h[2] = { 0, 0 };

  for (guint i = 0; i < 2; i++)
    if (t->badges[i] != NULL)
      text_size (t->badges[i], &w[i], &h[i]);
  badges_row_size (w, h, width, height);
}

/* Text narrower than this does not change the width of a box (but for a link, no text does). */
#define NARROW_TEXT (MIN_WIDTH - 2 * PAD_X)

/* The size of a box from the size of its texts. */
static void
box_size (const NpcLayoutBox *box,
          double              hw,
          double              hh,
          double              lw,
          double              lh,
          double              bw,
          double              bh,
          double             *width,
          double             *height)
{
  Shape shape = box_shape (box);
  double w, h;

  w = MAX (MAX (hw, lw), bw) + 2 * PAD_X;
  h = PAD_Y + hh + 3 + lh + (bh > 0 ? 6 + bh : 0) + PAD_Y;

  if (shape == SHAPE_LINK)
    w = LINK_WIDTH;
  else
    w = MAX (w, MIN_WIDTH);
  if (shape == SHAPE_DECISION || shape == SHAPE_REDIRECT)
    w += 2 * HEX_INSET;
  if (shape == SHAPE_EVALUATION_STEP)
    w += 12;

  *width = ceil (w);
  *height = ceil (h);
}

void
npc_renderer_measure (const NpcLayoutBox *box,
                      double             *width,
                      double             *height,
                      gpointer            user_data)
{
  NpcRenderer *self = user_data;
  int narrow = box_shape (box) == SHAPE_LINK ? G_MAXINT : (int) (NARROW_TEXT * PANGO_SCALE);
  double w[N_PARTS], h[N_PARTS], bw, bh;
  BoxSpec spec;

  g_return_if_fail (NPC_IS_RENDERER (self));

  /* Sizes only, through the text cache: no PangoLayout per box. */
  box_spec_init (&spec, box);
  for (guint i = 0; i < N_PARTS; i++)
    {
      int pw, ph;

      w[i] = -1;
      h[i] = 0;
      if (spec.text[i] == NULL)
        continue;
      npc_text_metrics_measure (self->metrics, &spec.style[i], spec.text[i],
                                i < PART_BADGE_0 ? narrow : -1, &pw, &ph);
      w[i] = (double) pw / PANGO_SCALE;
      h[i] = (double) ph / PANGO_SCALE;
    }
  box_spec_clear (&spec);

  badges_row_size (&w[PART_BADGE_0], &h[PART_BADGE_0], &bw, &bh);
  box_size (box, w[PART_HEADER], h[PART_HEADER], w[PART_LABEL], h[PART_LABEL], bw, bh,
            width, height);
}

void
npc_renderer_measure_with_layouts (const NpcLayoutBox *box,
                                   double             *width,
                                   double             *height,
                                   gpointer            user_data)
{
  NpcRenderer *self = user_data;
  BoxText t = { 0 };
  double hw, hh, lw, lh, bw, bh;

  g_return_if_fail (NPC_IS_RENDERER (self));

  make_box_text (self, box, &t);
  text_size (t.header, &hw, &hh);
  text_size (t.label, &lw, &lh);
  badges_size (&t, &bw, &bh);
  box_size (box, hw, hh, lw, lh, bw, bh, width, height);
  g_clear_object (&t.header);
  g_clear_object (&t.label);
  g_clear_object (&t.badges[0]);
  g_clear_object (&t.badges[1]);
}

NpcLayout *
npc_renderer_layout_guideline (NpcRenderer          *self,
                               NpcGuideline         *guideline,
                               NpcLayoutOrientation  orientation)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);
  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);

  return npc_layout_new (guideline, orientation, npc_renderer_measure, self);
}

/* What the renderer keeps about a layout, on the layout. */
static TextCache *
get_cache (NpcRenderer *self,
           NpcLayout   *layout)
{
  GPtrArray *caches = g_object_get_qdata (G_OBJECT (layout), text_caches_quark ());
  TextCache *cache;
  guint n;
  const NpcLayoutBox *const *boxes;

  if (caches == NULL)
    {
      caches = g_ptr_array_new_with_free_func (text_cache_free);
      g_object_set_qdata_full (G_OBJECT (layout), text_caches_quark (), caches,
                               (GDestroyNotify) g_ptr_array_unref);
    }
  for (guint i = 0; i < caches->len; i++)
    {
      cache = caches->pdata[i];
      if (cache->owner == self->id)
        return cache;
    }

  boxes = npc_layout_get_boxes (layout, &n);
  cache = g_new0 (TextCache, 1);
  cache->owner = self->id;
  cache->n = n;
  cache->texts = g_new0 (BoxText, n);
  for (guint i = 0; i < n; i++)
    cache->max_box = MAX (cache->max_box, MAX (boxes[i]->width, boxes[i]->height));
  /* the oldest goes: its renderer has most likely gone */
  if (caches->len >= MAX_TEXT_CACHES)
    g_ptr_array_remove_index (caches, 0);
  g_ptr_array_add (caches, cache);
  return cache;
}

static BoxText *
get_text (NpcRenderer        *self,
          NpcLayout          *layout,
          const NpcLayoutBox *box)
{
  TextCache *cache = get_cache (self, layout);
  BoxText *t;

  g_assert (box->index < cache->n);
  t = &cache->texts[box->index];
  if (t->header == NULL)
    make_box_text (self, box, t);
  return t;
}

/* ------------------------------------------------------------------------------------------ */
/* States */

static NpcRenderStyle
style_of_state (NpcNodeState state)
{
  switch (state)
    {
    case NPC_NODE_STATE_ON_PATH:      return NPC_RENDER_PATH;
    case NPC_NODE_STATE_PRIMARY:      return NPC_RENDER_PRIMARY;
    case NPC_NODE_STATE_STOPPED:      return NPC_RENDER_STOPPED;
    case NPC_NODE_STATE_ALTERNATIVE:  return NPC_RENDER_ALTERNATIVE;
    case NPC_NODE_STATE_EXCLUDED:     return NPC_RENDER_EXCLUDED;
    case NPC_NODE_STATE_UNDETERMINED: return NPC_RENDER_UNDETERMINED;
    case NPC_NODE_STATE_NOT_REACHED:
    default:                          return NPC_RENDER_NOT_REACHED;
    }
}

/* The style of the edge into box (and of a link box, which stands for that edge), as the
 * evaluation states the branch: a branch after the one taken is drawn as not taken, with the
 * branch that applies as the reason; one after the open one that an answer could still take
 * as undetermined. */
static NpcRenderStyle
entry_style_full (const NpcLayoutBox *box,
                  NpcEvaluation      *evaluation,
                  const char        **reason_out)
{
  if (reason_out != NULL)
    *reason_out = NULL;
  if (evaluation == NULL || box->parent == NULL || box->parent->node == NULL)
    return NPC_RENDER_NEUTRAL;

  switch (npc_evaluation_get_branch_state (evaluation, box->parent->node, box->branch,
                                           reason_out, NULL))
    {
    case NPC_BRANCH_TAKEN:        return NPC_RENDER_PATH;
    case NPC_BRANCH_EXCLUDED:
    case NPC_BRANCH_PREEMPTED:    return NPC_RENDER_EXCLUDED;
    case NPC_BRANCH_UNDETERMINED:
    case NPC_BRANCH_POSSIBLE:     return NPC_RENDER_UNDETERMINED;
    case NPC_BRANCH_NOT_LOOKED_AT:
    default:                      return NPC_RENDER_NOT_REACHED;
    }
}

static NpcRenderStyle
entry_style (const NpcLayoutBox *box,
             NpcEvaluation      *evaluation,
             const NpcStep     **step_out)
{
  if (step_out != NULL)
    *step_out = NULL;
  return entry_style_full (box, evaluation, NULL);
}

/* Why the edge into box was not taken, or what would decide it; NULL when nothing to say. */
static char *
entry_reason (const NpcLayoutBox *box,
              NpcEvaluation      *evaluation,
              NpcRenderStyle     *style_out)
{
  const char *reason = NULL;
  NpcRenderStyle style = entry_style_full (box, evaluation, &reason);

  if (style_out != NULL)
    *style_out = style;
  if (reason == NULL || *reason == '\0')
    return NULL;
  if (style == NPC_RENDER_EXCLUDED || style == NPC_RENDER_UNDETERMINED)
    return g_strdup (reason);
  return NULL;
}

NpcRenderStyle
npc_renderer_get_box_style (NpcRenderer        *self,
                            const NpcLayoutBox *box,
                            NpcEvaluation      *evaluation,
                            NpcNodeState       *state)
{
  NpcNodeState s = NPC_NODE_STATE_NOT_REACHED;
  NpcRenderStyle style;

  g_return_val_if_fail (NPC_IS_RENDERER (self), NPC_RENDER_NEUTRAL);
  g_return_val_if_fail (box != NULL, NPC_RENDER_NEUTRAL);

  if (evaluation == NULL || box->node == NULL)
    style = NPC_RENDER_NEUTRAL;
  else if (box->kind == NPC_LAYOUT_BOX_LINK)
    {
      style = entry_style (box, evaluation, NULL);
      switch (style)
        {
        case NPC_RENDER_PATH:         s = NPC_NODE_STATE_ON_PATH; break;
        case NPC_RENDER_EXCLUDED:     s = NPC_NODE_STATE_EXCLUDED; break;
        case NPC_RENDER_UNDETERMINED: s = NPC_NODE_STATE_UNDETERMINED; break;
        default:                      s = NPC_NODE_STATE_NOT_REACHED; break;
        }
    }
  else
    {
      /* the evaluation's state: a possible outcome while input is needed is undetermined */
      s = npc_evaluation_get_node_state (evaluation, box->node);
      style = style_of_state (s);
    }

  if (state != NULL)
    *state = s;
  return style;
}

static const char *
style_tag (NpcRenderStyle style,
           const NpcLayoutBox *box)
{
  switch (style)
    {
    case NPC_RENDER_PATH:
      return box->kind == NPC_LAYOUT_BOX_LINK ? _("✓ PATH CONTINUES") : _("✓ ON PATH");
    case NPC_RENDER_PRIMARY:      return _("★ THIS PATIENT");
    case NPC_RENDER_ALTERNATIVE:  return _("◇ ALTERNATIVE");
    case NPC_RENDER_EXCLUDED:     return _("✗ NOT TAKEN");
    case NPC_RENDER_UNDETERMINED:
      /* an outcome some answer to what is still unknown would reach */
      if (box->node != NULL && box->node->kind == NPC_NODE_OUTCOME)
        return _("? POSSIBLE OUTCOME");
      return _("? UNDETERMINED");
    case NPC_RENDER_STOPPED:      return _("! NEEDS INPUT HERE");
    case NPC_RENDER_NEUTRAL:
    case NPC_RENDER_NOT_REACHED:
    default:                      return NULL;
    }
}

typedef struct {
  const NpcColor *stroke;
  const NpcColor *fill;
  const NpcColor *text;
  double width;
  const double *dash;
  int n_dash;
} LineStyle;

static const double dash_alt[] = { 7, 4 };
static const double dash_excluded[] = { 2, 3 };
static const double dash_undetermined[] = { 8, 3, 2, 3 };

static LineStyle
line_style (NpcRenderer   *self,
            NpcRenderStyle style,
            Shape          shape)
{
  const NpcPalette *p = &self->palette;
  const NpcColor *fill = shape == SHAPE_DECISION ? &p->decision
                         : shape == SHAPE_LINK   ? &p->box
                                                 : &p->outcome;
  LineStyle ls = { &p->muted, fill, &p->foreground, 1.5, NULL, 0 };

  switch (style)
    {
    case NPC_RENDER_NEUTRAL:
      ls.stroke = &p->foreground;
      ls.width = 1.5;
      break;
    case NPC_RENDER_NOT_REACHED:
      ls.width = 1.2;
      break;
    case NPC_RENDER_PATH:
      ls.stroke = &p->accent;
      ls.fill = &p->accent_fill;
      ls.width = 3.5;
      break;
    case NPC_RENDER_PRIMARY:
      ls.stroke = &p->accent;
      ls.fill = &p->primary_fill;
      ls.width = 5.0;
      break;
    case NPC_RENDER_ALTERNATIVE:
      ls.stroke = &p->alternative;
      ls.width = 2.5;
      ls.dash = dash_alt;
      ls.n_dash = G_N_ELEMENTS (dash_alt);
      break;
    case NPC_RENDER_EXCLUDED:
      ls.stroke = &p->dimmed;
      ls.fill = &p->background;
      ls.text = &p->dimmed;
      ls.width = 1.2;
      ls.dash = dash_excluded;
      ls.n_dash = G_N_ELEMENTS (dash_excluded);
      break;
    case NPC_RENDER_UNDETERMINED:
      ls.stroke = &p->undetermined;
      ls.width = 2.0;
      ls.dash = dash_undetermined;
      ls.n_dash = G_N_ELEMENTS (dash_undetermined);
      break;
    case NPC_RENDER_STOPPED:
      ls.stroke = &p->warning;
      ls.width = 3.5;
      break;
    default:
      break;
    }
  return ls;
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

/* How a picture is described: for the screen, with the layouts the renderer keeps for the
 * texts of boxes, or for a file, with texts as descriptions (laid out only by the writer that
 * needs them) and each box in a group with its words. */
typedef struct {
  NpcScene *scene;
  gboolean layouts;
  gboolean describe;
  cairo_line_join_t join; /* as cairo's state would be: an edge leaves it round */
} Build;

/* A text: a layout, or a description. */
typedef struct {
  PangoLayout *layout;
  PangoLayout *owned;     /* made for this text */
  const char *text;
  NpcTextStyle style;
} Text;

static Text
text_of_layout (PangoLayout *layout)
{
  return (Text) { .layout = layout };
}

static Text
text_described (const char    *text,
                double         size,
                PangoWeight    weight,
                PangoStyle     style,
                double         width,
                int            max_lines,
                PangoAlignment align)
{
  return (Text) { .text = text, .style = { size, weight, style, width, max_lines, align } };
}

/* A description, or its layout when the picture is for the screen. */
static Text
make_text_for (NpcRenderer   *self,
               Build         *b,
               const char    *text,
               double         size,
               PangoWeight    weight,
               PangoStyle     style,
               double         width,
               int            max_lines,
               PangoAlignment align)
{
  Text t = text_described (text, size, weight, style, width, max_lines, align);

  if (b->layouts)
    t.layout = t.owned = make_layout (self, text, &t.style);
  return t;
}

static void
text_clear (Text *t)
{
  g_clear_object (&t->owned);
}

static gboolean
text_present (const Text *t)
{
  return t->layout != NULL || t->text != NULL;
}

static void
text_get_size (NpcRenderer *self,
               const Text  *t,
               double      *width,
               double      *height)
{
  int w, h;

  if (t->layout != NULL)
    {
      text_size (t->layout, width, height);
      return;
    }
  npc_text_metrics_measure (self->metrics, &t->style, t->text, -1, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
}

/* The height alone: for a description, the text metrics need not find the exact width. */
static double
text_get_height (NpcRenderer *self,
                 const Text  *t)
{
  double h;
  int w, ph;

  if (t->layout != NULL)
    {
      text_size (t->layout, NULL, &h);
      return h;
    }
  npc_text_metrics_measure (self->metrics, &t->style, t->text, G_MAXINT, &w, &ph);
  return (double) ph / PANGO_SCALE;
}

/* The wrap width as pango has it (-1/PANGO_SCALE when not set): centred texts are placed
 * by it. */
static double
text_get_wrap_width (const Text *t)
{
  int w;

  if (t->layout != NULL)
    w = pango_layout_get_width (t->layout);
  else
    w = t->style.width > 0 ? (int) (t->style.width * PANGO_SCALE) : -1;
  return (double) w / PANGO_SCALE;
}

static void
add_text (Build          *b,
          const char     *role,
          const Text     *t,
          double          x,
          double          y,
          const NpcColor *color)
{
  NpcSceneItem *item = npc_scene_add (b->scene, NPC_SCENE_TEXT, role);

  if (t->layout != NULL)
    item->text.layout = g_object_ref (t->layout);
  else
    {
      item->text.text = npc_scene_intern (b->scene, t->text);
      item->text.style = t->style;
    }
  item->text.x = x;
  item->text.y = y;
  item->text.color = *color;
}

static void
paint_fill (NpcSceneItem   *item,
            const NpcColor *color,
            double          alpha)
{
  item->shape.fill = TRUE;
  item->shape.fill_color = *color;
  item->shape.fill_color.alpha *= alpha;
}

static void
paint_stroke (NpcSceneItem   *item,
              const NpcColor *color,
              double          alpha,
              double          width,
              const double   *dash,
              int             n_dash)
{
  item->shape.stroke = TRUE;
  item->shape.stroke_color = *color;
  item->shape.stroke_color.alpha *= alpha;
  item->shape.line_width = width;
  item->shape.dash = n_dash > 0 ? dash : NULL;
  item->shape.n_dash = n_dash;
}

static NpcSceneItem *
add_rect (Build           *b,
          const char      *role,
          NpcSceneGeometry geometry,
          double           x,
          double           y,
          double           w,
          double           h,
          double           r)
{
  NpcSceneItem *item = npc_scene_add_shape (b->scene, role, geometry);

  item->shape.x = x;
  item->shape.y = y;
  item->shape.width = w;
  item->shape.height = h;
  item->shape.radius = MIN (r, MIN (w, h) / 2);
  item->shape.join = b->join;
  return item;
}

static NpcSceneItem *
add_points (Build           *b,
            const char      *role,
            NpcSceneGeometry geometry,
            const double    *xy,
            guint            n)
{
  NpcSceneItem *item = npc_scene_add_points (b->scene, role, geometry, xy, n);

  item->shape.join = b->join;
  return item;
}

/* The outline of a box's shape; the item's rectangle is the box, polygons or not. */
static NpcSceneItem *
add_shape (Build      *b,
           const char *role,
           Shape       shape,
           double      x,
           double      y,
           double      w,
           double      h)
{
  NpcSceneItem *item;
  double c;

  switch (shape)
    {
    case SHAPE_DECISION: /* hexagon: the flowchart's decision, roomy for text */
      {
        double pt[] = { x + HEX_INSET, y, x + w - HEX_INSET, y, x + w, y + h / 2,
                        x + w - HEX_INSET, y + h, x + HEX_INSET, y + h, x, y + h / 2 };
        item = add_points (b, role, NPC_SCENE_POLYGON, pt, 6);
      }
      break;
    case SHAPE_REDIRECT: /* off-page connector: an arrow pointing on */
      {
        double pt[] = { x, y, x + w - HEX_INSET * 1.5, y, x + w, y + h / 2,
                        x + w - HEX_INSET * 1.5, y + h, x, y + h };
        item = add_points (b, role, NPC_SCENE_POLYGON, pt, 5);
      }
      break;
    case SHAPE_NO_RECOMMENDATION: /* chamfered corners */
      {
        c = 10;
        double pt[] = { x + c, y, x + w - c, y, x + w, y + c, x + w, y + h - c,
                        x + w - c, y + h, x + c, y + h, x, y + h - c, x, y + c };
        item = add_points (b, role, NPC_SCENE_POLYGON, pt, 8);
      }
      break;
    case SHAPE_NOT_COVERED: /* a note with a folded corner */
      {
        c = 14;
        double pt[] = { x, y, x + w - c, y, x + w, y + c, x + w, y + h, x, y + h };
        item = add_points (b, role, NPC_SCENE_POLYGON, pt, 5);
      }
      break;
    case SHAPE_OUT_OF_SCOPE: /* terminator */
    case SHAPE_LINK:
      return add_rect (b, role, NPC_SCENE_ROUNDED_RECT, x, y, w, h, h / 2);
    case SHAPE_EVALUATION_STEP:
      return add_rect (b, role, NPC_SCENE_RECT, x, y, w, h, 0);
    case SHAPE_RECOMMENDATION:
    default:
      return add_rect (b, role, NPC_SCENE_ROUNDED_RECT, x, y, w, h, 9);
    }
  item->shape.x = x;
  item->shape.y = y;
  item->shape.width = w;
  item->shape.height = h;
  return item;
}

/* Marks inside a shape that set it apart in greyscale. */
static void
add_shape_details (Build          *b,
                   const char     *role,
                   Shape           shape,
                   double          x,
                   double          y,
                   double          w,
                   double          h,
                   const NpcColor *color,
                   double          width)
{
  NpcSceneItem *item;

  switch (shape)
    {
    case SHAPE_EVALUATION_STEP: /* the "predefined process" side bars */
      {
        double pt[] = { x + 6, y, x + 6, y + h, x + w - 6, y, x + w - 6, y + h };
        item = add_points (b, role, NPC_SCENE_SEGMENTS, pt, 4);
      }
      break;
    case SHAPE_NOT_COVERED:
      {
        double pt[] = { x + w - 14, y, x + w - 14, y + 14, x + w, y + 14 };
        item = add_points (b, role, NPC_SCENE_POLYLINE, pt, 3);
      }
      break;
    default:
      return;
    }
  paint_stroke (item, color, 1, width, NULL, 0);
}

/* A pill with a text in it; x, y is its top-left corner. */
static void
draw_pill (NpcRenderer    *self,
           Build          *b,
           const char     *role,
           const char     *text_role,
           const Text     *text,
           double          x,
           double          y,
           const NpcColor *fill,
           const NpcColor *stroke,
           const NpcColor *ink,
           double          line_width)
{
  NpcSceneItem *item;
  double tw, th;

  text_get_size (self, text, &tw, &th);
  item = add_rect (b, role, NPC_SCENE_ROUNDED_RECT, x, y, tw + 2 * BADGE_PAD_X,
                   th + 2 * BADGE_PAD_Y, (th + 2 * BADGE_PAD_Y) / 2);
  paint_fill (item, fill, 1);
  if (line_width > 0)
    paint_stroke (item, stroke, 1, line_width, NULL, 0);
  add_text (b, text_role, text, x + BADGE_PAD_X, y + BADGE_PAD_Y, ink);
}

/* One copy of each of the few words badges are made of, for as long as the renderer lives
 * (records and the layout cache point at them). */
static const char *
stable_words (NpcRenderer *self,
              const char  *text)
{
  const char *kept = g_hash_table_lookup (self->words, text);

  if (kept == NULL)
    {
      char *copy = g_strdup (text);

      g_hash_table_add (self->words, copy);
      kept = copy;
    }
  return kept;
}

/* A badge whose words depend on the case; a handful of fixed strings, kept like tags. */
static PangoLayout *
badge_layout (NpcRenderer *self,
              const char  *text,
              PangoWeight  weight)
{
  PangoLayout *tl;

  text = stable_words (self, text);
  tl = g_hash_table_lookup (self->tags, text);
  if (tl == NULL)
    {
      tl = make_text (self, text, BADGE_SIZE, weight, PANGO_STYLE_NORMAL, -1, 0,
                      PANGO_ALIGN_LEFT);
      g_hash_table_insert (self->tags, (gpointer) text, tl);
    }
  return tl;
}

static gboolean
get_halo (NpcRenderer        *self,
          const NpcLayoutBox *box,
          NpcEvaluation      *evaluation,
          NpcRenderStyle      style,
          NpcRendererHalo    *halo)
{
  double grow;

  if (self->previous == NULL || self->progress >= 1.0 || evaluation == NULL ||
      npc_renderer_get_box_style (self, box, self->previous, NULL) == style)
    return FALSE;
  grow = 4 + 10 * (1 - self->progress);
  halo->outline = (NpcLayoutRect) { box->x - grow, box->y - grow, box->width + 2 * grow,
                                    box->height + 2 * grow };
  halo->radius = 12 + grow;
  halo->line_width = 6;
  halo->color = self->palette.accent;
  halo->color.alpha = 0.45 * (1 - self->progress);
  return TRUE;
}

gboolean
npc_renderer_get_halo (NpcRenderer        *self,
                       const NpcLayoutBox *box,
                       NpcEvaluation      *evaluation,
                       NpcRendererHalo    *halo)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (box != NULL && halo != NULL, FALSE);

  return get_halo (self, box, evaluation,
                   npc_renderer_get_box_style (self, box, evaluation, NULL), halo);
}

/* CSS classes of the SVG, by style: the highlight's names. */
static const char *const box_roles[] = {
  "box neutral", "box not-reached", "box path", "box primary", "box alternative",
  "box excluded", "box undetermined", "box stopped",
};
static const char *const edge_roles[] = {
  "edge neutral", "edge not-reached", "edge path", "edge primary", "edge alternative",
  "edge excluded", "edge undetermined", "edge stopped",
};
static const char *const arrow_roles[] = {
  "arrow neutral", "arrow not-reached", "arrow path", "arrow primary", "arrow alternative",
  "arrow excluded", "arrow undetermined", "arrow stopped",
};

static Text
spec_text (BoxSpec *spec,
           guint    part)
{
  if (spec->text[part] == NULL)
    return (Text) { 0 };
  return (Text) { .text = spec->text[part], .style = spec->style[part] };
}

static void
draw_box (NpcRenderer        *self,
          Build              *b,
          NpcLayout          *layout,
          const NpcLayoutBox *box,
          NpcEvaluation      *evaluation,
          gboolean            with_text)
{
  const NpcPalette *p = &self->palette;
  Shape shape = box_shape (box);
  NpcNodeState state;
  NpcRenderStyle style = npc_renderer_get_box_style (self, box, evaluation, &state);
  LineStyle ls = line_style (self, style, shape);
  double x = box->x, y = box->y, w = box->width, h = box->height;
  NpcRenderRecord *record;
  NpcSceneItem *item;
  const char *tag = style_tag (style, box);
  const char *grade_badge = NULL;

  /* halo on boxes whose state just changed */
  {
    NpcRendererHalo halo;

    if (get_halo (self, box, evaluation, style, &halo))
      {
        item = add_rect (b, "halo", NPC_SCENE_ROUNDED_RECT, halo.outline.x, halo.outline.y,
                         halo.outline.width, halo.outline.height, halo.radius);
        paint_stroke (item, &p->accent, 0.45 * (1 - self->progress), halo.line_width, NULL, 0);
      }
  }

  item = add_shape (b, box_roles[style], shape, x, y, w, h);
  paint_fill (item, ls.fill, 1);
  paint_stroke (item, ls.stroke, 1, ls.width, ls.dash, ls.n_dash);
  add_shape_details (b, "mark", shape, x, y, w, h, ls.stroke, MIN (ls.width, 1.5));

  if (style == NPC_RENDER_STOPPED)
    {
      /* a second, inner outline: "stop here" */
      item = add_shape (b, "stop", shape, x, y, w, h);
      item->shape.scale_x = (w - 10) / w;
      item->shape.scale_y = (h - 10) / h;
      paint_stroke (item, &p->warning, 1, 1.5, NULL, 0);
    }

  if (with_text)
    {
      BoxSpec spec = { 0 };
      Text header, label, badges[2];
      double hh, lh, bw, bh;
      double cx = x + w / 2;
      double ty = y + PAD_Y;
      const NpcColor *header_ink = style == NPC_RENDER_EXCLUDED ? &p->dimmed : &p->muted;

      if (style == NPC_RENDER_PATH || style == NPC_RENDER_PRIMARY)
        header_ink = &p->accent;

      if (b->layouts)
        {
          BoxText *t = get_text (self, layout, box);

          header = text_of_layout (t->header);
          label = text_of_layout (t->label);
          for (guint i = 0; i < 2; i++)
            badges[i] = text_of_layout (t->badges[i]);
        }
      else
        {
          box_spec_init (&spec, box);
          header = spec_text (&spec, PART_HEADER);
          label = spec_text (&spec, PART_LABEL);
          for (guint i = 0; i < 2; i++)
            badges[i] = spec_text (&spec, PART_BADGE_0 + i);
        }

      /* The badges say what holds for this patient: a strength a redirect lowered, a grade
       * the review states for another population. */
      if (evaluation != NULL && box->node != NULL && box->node->kind == NPC_NODE_OUTCOME &&
          box->kind == NPC_LAYOUT_BOX_NODE &&
          (state == NPC_NODE_STATE_PRIMARY || state == NPC_NODE_STATE_ALTERNATIVE))
        {
          NpcRating r;

          npc_evaluation_get_rating (evaluation, box->node, &r);
          if (r.strength != NULL && g_strcmp0 (r.strength, box->node->strength) != 0)
            badges[0] = text_of_layout (badge_layout (self, strength_words (r.strength),
                                                      PANGO_WEIGHT_BOLD));
          if (box->node->grade != NULL && r.grade == NULL && r.stated_grade != NULL)
            {
              g_autofree char *text = g_strdup_printf (_("Graded %s for others"), r.stated_grade);

              badges[1] = text_of_layout (badge_layout (self, text, PANGO_WEIGHT_NORMAL));
              grade_badge = stable_words (self, text);
            }
        }
      if (grade_badge == NULL && box->node != NULL && box->node->grade != NULL &&
          box->kind == NPC_LAYOUT_BOX_NODE)
        {
          g_autofree char *text = g_strdup_printf (_("Grade %s"), box->node->grade);

          grade_badge = stable_words (self, text);
        }

      hh = text_get_height (self, &header);
      lh = text_get_height (self, &label);
      {
        double bwi[2] = { -1, -1 }, bhi[2] = { 0, 0 };

        for (guint i = 0; i < 2; i++)
          if (text_present (&badges[i]))
            text_get_size (self, &badges[i], &bwi[i], &bhi[i]);
        badges_row_size (bwi, bhi, &bw, &bh);
      }

      /* Centred layouts have their width set; place them by that width. */
      add_text (b, "header", &header, cx - text_get_wrap_width (&header) / 2, ty, header_ink);
      ty += hh + 3;
      add_text (b, "label", &label, cx - text_get_wrap_width (&label) / 2, ty, ls.text);
      ty += lh + 6;

      if (bw > 0)
        {
          double bx = cx - bw / 2;

          for (guint i = 0; i < 2; i++)
            {
              double tw, th;
              gboolean strong = style == NPC_RENDER_PRIMARY;

              if (!text_present (&badges[i]))
                continue;
              text_get_size (self, &badges[i], &tw, &th);
              draw_pill (self, b, "badge", "badge-text", &badges[i], bx, ty,
                         strong ? &p->accent : &p->background,
                         style == NPC_RENDER_EXCLUDED ? &p->dimmed : ls.stroke,
                         strong ? &p->background : ls.text,
                         strong ? 0 : 1.0);
              bx += tw + 2 * BADGE_PAD_X + BADGE_GAP;
            }
        }

      if (tag != NULL)
        {
          PangoLayout *tl = g_hash_table_lookup (self->tags, tag);
          Text tt;
          double tw, th;

          if (tl == NULL)
            {
              /* tags are a handful of fixed strings */
              tl = make_text (self, tag, TAG_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1, 0,
                              PANGO_ALIGN_LEFT);
              g_hash_table_insert (self->tags, (gpointer) tag, tl);
            }
          const NpcColor *tag_fill = ls.stroke;

          tt = text_of_layout (tl);
          text_size (tl, &tw, &th);
          if (style == NPC_RENDER_EXCLUDED || style == NPC_RENDER_NOT_REACHED)
            tag_fill = &p->dimmed;
          draw_pill (self, b, "tag", "tag-text", &tt, x + 8, y + h - (th + 2 * BADGE_PAD_Y) / 2,
                     tag_fill, tag_fill, &p->background, 0);
        }
      box_spec_clear (&spec);
    }
  else
    {
      /* Too small for its words: the box's id, as large as the box allows and at least
       * large enough to read where it fits, so that the tree stays readable zoomed out. */
      const char *id = box->kind == NPC_LAYOUT_BOX_LINK && box->target ? box->target->id : box->id;
      double scale = self->draw_scale > 0 ? self->draw_scale : 1.0;

      item = npc_scene_add (b->scene, NPC_SCENE_ID_TEXT, "short-title");
      item->id_text.text = npc_scene_intern (b->scene, id);
      item->id_text.family = self->font_family ? self->font_family : "Sans";
      item->id_text.size = SHORT_TITLE_PX / scale;
      item->id_text.x = x;
      item->id_text.y = y;
      item->id_text.width = w;
      item->id_text.height = h;
      item->id_text.color = *ls.text;
    }

  if (self->selected == box)
    {
      item = add_rect (b, "focus", NPC_SCENE_ROUNDED_RECT, x - 6, y - 6, w + 12, h + 12, 12);
      paint_stroke (item, &p->selection, 1, 3, NULL, 0);
    }

  if (!self->recording)
    return;
  record = &g_array_index (self->records, NpcRenderRecord, box->index);
  record->box = box;
  record->state = state;
  record->style = style;
  record->line_width = ls.width;
  record->dashed = ls.n_dash > 0;
  record->selected = self->selected == box;
  record->text_drawn = with_text;
  record->tag = tag;
  record->grade_badge = grade_badge;
  /* a box across two pieces of a picture drawn in pieces counts once */
  if (g_array_index (self->serials, guint, box->index) != self->serial)
    self->n_drawn++;
  g_array_index (self->serials, guint, box->index) = self->serial;
}

/* The reason under a branch label, with its mark. */
static char *
edge_reason (const NpcLayoutBox *child,
             NpcEvaluation      *evaluation)
{
  NpcRenderStyle style;
  g_autofree char *reason = entry_reason (child, evaluation, &style);

  if (reason == NULL)
    return NULL;
  if (style == NPC_RENDER_EXCLUDED)
    return g_strdup_printf (_("✗ not taken: %s"), reason);
  if (style == NPC_RENDER_UNDETERMINED)
    return g_strdup_printf (_("? possible if known: %s"), reason);
  return NULL;
}

typedef struct {
  double x0, y0, xb, yb, x1, y1; /* start, the bend on the bus, end */
} EdgeGeom;

static EdgeGeom
edge_geometry (gboolean            td,
               const NpcLayoutBox *a,
               const NpcLayoutBox *b)
{
  EdgeGeom g;

  if (td)
    {
      g.x0 = a->x + a->width / 2;
      g.y0 = a->y + a->height;
      g.yb = g.y0 + BUS;
      g.xb = b->x + b->width / 2;
      g.x1 = g.xb;
      g.y1 = b->y;
    }
  else
    {
      g.x0 = a->x + a->width;
      g.y0 = a->y + a->height / 2;
      g.xb = g.x0 + BUS;
      g.yb = b->y + b->height / 2;
      g.x1 = b->x;
      g.y1 = g.yb;
    }
  return g;
}

static void
draw_edge_line (NpcRenderer         *self,
                Build               *b,
                gboolean             td,
                const NpcLayoutEdge *edge,
                NpcRenderStyle       style)
{
  const NpcPalette *p = &self->palette;
  LineStyle ls = line_style (self, style, SHAPE_RECOMMENDATION);
  EdgeGeom g = edge_geometry (td, edge->parent, edge->child);
  const NpcColor *color = style == NPC_RENDER_NOT_REACHED ? &p->muted : ls.stroke;
  NpcSceneItem *item;

  if (td)
    {
      double pt[] = { g.x0, g.y0, g.x0, g.yb, g.xb, g.yb, g.x1, g.y1 };
      item = add_points (b, edge_roles[style], NPC_SCENE_POLYLINE, pt, 4);
    }
  else
    {
      double pt[] = { g.x0, g.y0, g.xb, g.y0, g.xb, g.yb, g.x1, g.y1 };
      item = add_points (b, edge_roles[style], NPC_SCENE_POLYLINE, pt, 4);
    }
  paint_stroke (item, color, 1, style == NPC_RENDER_PATH ? 4.0 : ls.width, ls.dash, ls.n_dash);
  b->join = item->shape.join = CAIRO_LINE_JOIN_ROUND;

  /* an arrow head into the child */
  if (td)
    {
      double pt[] = { g.x1, g.y1, g.x1 - 5, g.y1 - 8, g.x1 + 5, g.y1 - 8 };
      item = add_points (b, arrow_roles[style], NPC_SCENE_POLYGON, pt, 3);
    }
  else
    {
      double pt[] = { g.x1, g.y1, g.x1 - 8, g.y1 - 5, g.x1 - 8, g.y1 + 5 };
      item = add_points (b, arrow_roles[style], NPC_SCENE_POLYGON, pt, 3);
    }
  paint_fill (item, color, 1);
}

static void
draw_edge_label (NpcRenderer         *self,
                 Build               *b,
                 NpcLayout           *layout,
                 gboolean             td,
                 const NpcLayoutEdge *edge,
                 NpcRenderStyle       style,
                 NpcEvaluation       *evaluation)
{
  const NpcPalette *p = &self->palette;
  const NpcLayoutBox *child = edge->child;
  EdgeGeom g = edge_geometry (td, edge->parent, child);
  g_autofree char *reason = edge_reason (child, evaluation);
  Text label = { 0 }, reason_text = { 0 };
  double width, lw = 0, lh = 0, rw = 0, rh = 0, total_w, total_h, x, y;
  const NpcColor *ink = &p->foreground;
  NpcSceneItem *item;

  width = td ? child->width + NPC_LAYOUT_SIBLING_GAP - 8
             : NPC_LAYOUT_LEVEL_GAP_LEFT_RIGHT - BUS - 16;

  if (edge->label != NULL && b->layouts)
    {
      BoxText *t = get_text (self, layout, child);

      if (t->branch == NULL)
        t->branch = make_text (self, edge->label, EDGE_SIZE, PANGO_WEIGHT_NORMAL,
                               PANGO_STYLE_NORMAL, width, 2, PANGO_ALIGN_CENTER);
      /* the path's branch labels in bold */
      if (style == NPC_RENDER_PATH)
        {
          PangoAttrList *attrs = pango_attr_list_new ();
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (t->branch, attrs);
          pango_attr_list_unref (attrs);
        }
      else
        pango_layout_set_attributes (t->branch, NULL);
      label = text_of_layout (t->branch);
    }
  else if (edge->label != NULL)
    label = text_described (edge->label, EDGE_SIZE,
                            style == NPC_RENDER_PATH ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                            PANGO_STYLE_NORMAL, width, 2, PANGO_ALIGN_CENTER);
  if (text_present (&label))
    text_get_size (self, &label, &lw, &lh);
  if (reason != NULL)
    {
      reason_text = make_text_for (self, b, reason, REASON_SIZE, PANGO_WEIGHT_NORMAL,
                                   PANGO_STYLE_ITALIC, width, td ? 2 : 3, PANGO_ALIGN_CENTER);
      text_get_size (self, &reason_text, &rw, &rh);
    }
  if (!text_present (&label) && reason == NULL)
    return;

  if (style == NPC_RENDER_PATH)
    ink = &p->accent;
  else if (style == NPC_RENDER_EXCLUDED)
    ink = &p->dimmed;
  else if (style == NPC_RENDER_UNDETERMINED)
    ink = &p->undetermined;

  total_w = MAX (lw, rw);
  total_h = lh + rh;
  if (td)
    {
      x = g.x1;
      y = g.y1 - 10 - total_h;
      y = MAX (y, g.yb + 3);
    }
  else
    {
      x = (g.xb + g.x1) / 2;
      y = g.y1 - lh - 2;
    }

  /* a background so the edge line does not run through the text */
  item = add_rect (b, "edge-label", NPC_SCENE_ROUNDED_RECT, x - total_w / 2 - 3, y - 1,
                   total_w + 6, total_h + 2, 3);
  paint_fill (item, &p->background, 0.92);
  if (text_present (&label))
    add_text (b, "branch", &label, x - width / 2, y, ink);
  if (reason != NULL)
    add_text (b, "reason", &reason_text, x - width / 2, td ? y + lh : g.y1 + 3, ink);
  text_clear (&reason_text);
}

static void
record_reset (NpcRenderer *self,
              guint        n)
{
  if (self->records->len != n)
    {
      g_array_set_size (self->records, n);
      g_array_set_size (self->serials, n);
      memset (self->serials->data, 0, sizeof (guint) * n);
    }
  self->serial++;
  if (self->serial == 0) /* wrapped: 0 means "never drawn" */
    {
      memset (self->serials->data, 0, sizeof (guint) * n);
      self->serial = 1;
    }
  self->n_drawn = 0;
}

typedef struct {
  NpcRenderer *self;
  Build *b;
  NpcLayout *layout;
  NpcEvaluation *evaluation;
  gboolean with_text;
} DrawData;

static void
draw_box_cb (const NpcLayoutBox *box,
             gpointer            user_data)
{
  DrawData *d = user_data;

  if (d->b->describe)
    {
      /* each box a group named by its id, with its description for screen readers */
      NpcSceneItem *item;
      g_autofree char *id = NULL;
      g_autofree char *title = npc_renderer_describe_box (d->self, box, d->evaluation);

      if (box->kind == NPC_LAYOUT_BOX_LINK)
        id = g_strdup_printf ("link-%u-%s", box->index, box->id);
      else
        id = g_strconcat ("node-", box->id, NULL);
      item = npc_scene_add (d->b->scene, NPC_SCENE_GROUP,
                            box->kind == NPC_LAYOUT_BOX_LINK ? "link" : "node");
      item->group.id = npc_scene_intern (d->b->scene, id);
      item->group.title = npc_scene_intern (d->b->scene, title);
    }
  draw_box (d->self, d->b, d->layout, box, d->evaluation, d->with_text);
  if (d->b->describe)
    npc_scene_add (d->b->scene, NPC_SCENE_END, NULL);
}

static gboolean
edge_visible (gboolean             td,
              const NpcLayoutEdge *edge,
              const NpcLayoutRect *clip)
{
  EdgeGeom g;
  NpcLayoutRect r;

  if (clip == NULL)
    return TRUE;
  g = edge_geometry (td, edge->parent, edge->child);
  r.x = MIN (MIN (g.x0, g.xb), g.x1) - NPC_LAYOUT_SUBTREE_GAP - edge->child->width / 2;
  r.y = MIN (MIN (g.y0, g.yb), g.y1) - NPC_LAYOUT_SUBTREE_GAP;
  r.width = fabs (MAX (MAX (g.x0, g.xb), g.x1) - r.x) + NPC_LAYOUT_SUBTREE_GAP + edge->child->width;
  r.height = fabs (MAX (MAX (g.y0, g.yb), g.y1) - r.y) + NPC_LAYOUT_SUBTREE_GAP + 8;
  return npc_layout_rect_intersects (&r, clip);
}

/* Describes the picture into b's scene. */
static void
build (NpcRenderer         *self,
       Build               *b,
       NpcLayout           *layout,
       NpcEvaluation       *evaluation,
       const NpcLayoutRect *clip,
       double               scale,
       gboolean             piece)
{
  const NpcLayoutEdge *edges;
  guint n_edges, n_boxes;
  gboolean td, with_text;
  DrawData d;

  npc_layout_get_boxes (layout, &n_boxes);
  if (!piece || self->records->len != n_boxes)
    record_reset (self, n_boxes);
  edges = npc_layout_get_edges (layout, &n_edges);
  td = npc_layout_get_orientation (layout) == NPC_LAYOUT_TOP_DOWN;
  with_text = scale <= 0 || scale * LABEL_SIZE >= MIN_TEXT_PX;
  self->draw_scale = scale;

  /* The edges to look at: all, or those near the clip. edge_visible's rectangle reaches
   * beyond the hull of an edge's boxes by its margins and a box's size at most. */
  g_array_set_size (self->edges, 0);
  if (clip != NULL)
    {
      double reach = NPC_LAYOUT_SUBTREE_GAP + 8 + get_cache (self, layout)->max_box;
      NpcLayoutRect near = { clip->x - reach, clip->y - reach, clip->width + 2 * reach,
                             clip->height + 2 * reach };
      guint n = 0;

      npc_layout_get_edges_in_rect (layout, &near, self->edges);
      for (guint i = 0; i < self->edges->len; i++)
        {
          guint e = g_array_index (self->edges, guint, i);

          if (edge_visible (td, &edges[e], clip))
            g_array_index (self->edges, guint, n++) = e;
        }
      g_array_set_size (self->edges, n);
    }
  else
    for (guint e = 0; e < n_edges; e++)
      g_array_append_val (self->edges, e);

  if (b->describe)
    npc_scene_add (b->scene, NPC_SCENE_GROUP, "edges");

  /* Edges off the path first, so the path is drawn over the shared bus lines. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->edges->len; i++)
      {
        const NpcLayoutEdge *edge = &edges[g_array_index (self->edges, guint, i)];
        NpcRenderStyle style = entry_style (edge->child, evaluation, NULL);

        if ((style == NPC_RENDER_PATH) != (pass == 1))
          continue;
        draw_edge_line (self, b, td, edge, style);
      }

  if (with_text)
    for (guint i = 0; i < self->edges->len; i++)
      {
        const NpcLayoutEdge *edge = &edges[g_array_index (self->edges, guint, i)];
        NpcRenderStyle style = entry_style (edge->child, evaluation, NULL);

        draw_edge_label (self, b, layout, td, edge, style, evaluation);
      }

  if (b->describe)
    npc_scene_add (b->scene, NPC_SCENE_END, NULL);

  d.self = self;
  d.b = b;
  d.layout = layout;
  d.evaluation = evaluation;
  d.with_text = with_text;
  if (clip != NULL)
    {
      /* room for tags, halos and focus rings that stick out of a box */
      NpcLayoutRect grown = { clip->x - 20, clip->y - 20, clip->width + 40, clip->height + 40 };
      npc_layout_foreach_in_rect (layout, &grown, draw_box_cb, &d);
    }
  else
    {
      const NpcLayoutBox *const *boxes = npc_layout_get_boxes (layout, NULL);

      for (guint i = 0; i < n_boxes; i++)
        draw_box_cb (boxes[i], &d);
    }
}

/* The screen's way: the scene made with the layouts the renderer keeps, drawn at once. */
static void
draw (NpcRenderer         *self,
      cairo_t             *cr,
      NpcLayout           *layout,
      NpcEvaluation       *evaluation,
      const NpcLayoutRect *clip,
      double               scale,
      gboolean             piece)
{
  Build b = { self->scene, TRUE, FALSE, CAIRO_LINE_JOIN_MITER };

  npc_scene_clear (self->scene);
  build (self, &b, layout, evaluation, clip, scale, piece);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  npc_scene_draw_cairo (self->scene, cr, self->metrics);
  cairo_restore (cr);
  npc_scene_clear (self->scene);
}

void
npc_renderer_build_scene (NpcRenderer   *self,
                          NpcScene      *scene,
                          NpcLayout     *layout,
                          NpcEvaluation *evaluation,
                          gboolean       describe)
{
  /* For cairo the layouts the screen keeps serve: they are made once per text and drawn. */
  Build b = { scene, !describe, describe, CAIRO_LINE_JOIN_MITER };
  guint n_boxes;

  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (scene != NULL);
  g_return_if_fail (NPC_IS_LAYOUT (layout));
  g_return_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation));

  /* a box, its texts, its edge, arrow and branch label: about ten items */
  npc_layout_get_boxes (layout, &n_boxes);
  npc_scene_reserve (scene, 10 * n_boxes);
  build (self, &b, layout, evaluation, NULL, 0, FALSE);
}

NpcTextMetrics *
npc_renderer_get_metrics (NpcRenderer *self)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);

  return self->metrics;
}

void
npc_renderer_draw (NpcRenderer         *self,
                   cairo_t             *cr,
                   NpcLayout           *layout,
                   NpcEvaluation       *evaluation,
                   const NpcLayoutRect *clip,
                   double               scale)
{
  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (NPC_IS_LAYOUT (layout));
  g_return_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation));

  draw (self, cr, layout, evaluation, clip, scale, FALSE);
}

void
npc_renderer_draw_piece (NpcRenderer         *self,
                         cairo_t             *cr,
                         NpcLayout           *layout,
                         NpcEvaluation       *evaluation,
                         const NpcLayoutRect *clip,
                         double               scale)
{
  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (NPC_IS_LAYOUT (layout));
  g_return_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation));
  g_return_if_fail (clip != NULL);

  draw (self, cr, layout, evaluation, clip, scale, TRUE);
}

void
npc_renderer_set_recording (NpcRenderer *self,
                            gboolean     recording)
{
  g_return_if_fail (NPC_IS_RENDERER (self));

  self->recording = !!recording;
  record_reset (self, self->records->len);
}

void
npc_renderer_forget_drawn (NpcRenderer *self)
{
  g_return_if_fail (NPC_IS_RENDERER (self));

  record_reset (self, self->records->len);
}

const NpcRenderRecord *
npc_renderer_get_record (NpcRenderer        *self,
                         const NpcLayoutBox *box)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);
  g_return_val_if_fail (box != NULL, NULL);

  if (box->index >= self->records->len ||
      g_array_index (self->serials, guint, box->index) != self->serial)
    return NULL;
  return &g_array_index (self->records, NpcRenderRecord, box->index);
}

guint
npc_renderer_get_n_drawn (NpcRenderer *self)
{
  g_return_val_if_fail (NPC_IS_RENDERER (self), 0);

  return self->n_drawn;
}

/* ------------------------------------------------------------------------------------------ */
/* Legend */

/* The legend into b (NULL: measure only). */
static void
build_legend (NpcRenderer *self,
              Build       *b,
              double       x,
              double       y,
              double      *width,
              double      *height)
{
  static const struct { NpcRenderStyle style; const char *text; } rows[] = {
    { NPC_RENDER_PATH, N_("On this patient's path (thick line, branch label in bold)") },
    { NPC_RENDER_PRIMARY, N_("The outcome reached, with strength and grade") },
    { NPC_RENDER_ALTERNATIVE, N_("An alternative to the outcome reached (dashed)") },
    { NPC_RENDER_EXCLUDED, N_("Branch not taken, with the reason on its edge (dotted)") },
    { NPC_RENDER_UNDETERMINED, N_("Undetermined: possible if a missing field is known") },
    { NPC_RENDER_STOPPED, N_("Evaluation stopped: input needed here (double line)") },
    { NPC_RENDER_NOT_REACHED, N_("Not reached (thin line)") },
  };
  static const char *const sample_roles[] = {
    "legend neutral", "legend not-reached", "legend path", "legend primary",
    "legend alternative", "legend excluded", "legend undetermined", "legend stopped",
  };
  const NpcPalette *p = &self->palette;
  const double sample_w = 150, row_h = 30, gap = 12;
  g_autoptr(PangoLayout) title = make_text (self, _("Legend"), BADGE_SIZE + 1, PANGO_WEIGHT_BOLD,
                                            PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
  double max_text = 0, th;

  text_size (title, NULL, &th);
  if (b != NULL && b->describe)
    npc_scene_add (b->scene, NPC_SCENE_GROUP, "legend");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PangoLayout) text = make_text (self, _(rows[i].text), BADGE_SIZE,
                                               PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1, 0,
                                               PANGO_ALIGN_LEFT);
      double tw, tth;
      double ry = y + th + 8 + i * (row_h + 6);

      text_size (text, &tw, &tth);
      max_text = MAX (max_text, tw);
      if (b == NULL)
        continue;

      {
        LineStyle ls = line_style (self, rows[i].style, SHAPE_RECOMMENDATION);
        const char *tag = style_tag (rows[i].style, &(NpcLayoutBox) { .kind = NPC_LAYOUT_BOX_NODE });
        NpcSceneItem *item;
        Text words = text_of_layout (text);

        item = add_rect (b, sample_roles[rows[i].style], NPC_SCENE_ROUNDED_RECT, x, ry, sample_w,
                         row_h - 6, 6);
        paint_fill (item, ls.fill, 1);
        paint_stroke (item, ls.stroke, 1, ls.width, ls.dash, ls.n_dash);
        if (tag != NULL)
          {
            g_autoptr(PangoLayout) tl = make_text (self, tag, TAG_SIZE, PANGO_WEIGHT_BOLD,
                                                   PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
            Text tt = text_of_layout (tl);
            double gw, gh;
            const NpcColor *fill = rows[i].style == NPC_RENDER_EXCLUDED ? &p->dimmed : ls.stroke;

            text_size (tl, &gw, &gh);
            draw_pill (self, b, "tag", "tag-text", &tt, x + (sample_w - gw) / 2 - BADGE_PAD_X,
                       ry + (row_h - 6 - gh) / 2 - BADGE_PAD_Y, fill, fill, &p->background, 0);
          }
        add_text (b, "legend-text", &words, x + sample_w + gap, ry + (row_h - 6 - tth) / 2,
                  &p->foreground);
      }
    }

  if (b != NULL)
    {
      Text words = text_of_layout (title);

      add_text (b, "legend-title", &words, x, y, &p->foreground);
      if (b->describe)
        npc_scene_add (b->scene, NPC_SCENE_END, NULL);
    }
  if (width != NULL)
    *width = sample_w + gap + max_text;
  if (height != NULL)
    *height = th + 8 + G_N_ELEMENTS (rows) * (row_h + 6);
}

void
npc_renderer_draw_legend (NpcRenderer *self,
                          cairo_t     *cr,
                          double       x,
                          double       y,
                          double      *width,
                          double      *height)
{
  Build b = { self->scene, TRUE, FALSE, CAIRO_LINE_JOIN_MITER };

  g_return_if_fail (NPC_IS_RENDERER (self));

  if (cr == NULL)
    {
      build_legend (self, NULL, x, y, width, height);
      return;
    }
  npc_scene_clear (self->scene);
  build_legend (self, &b, x, y, width, height);
  npc_scene_draw_cairo (self->scene, cr, self->metrics);
  npc_scene_clear (self->scene);
}

void
npc_renderer_build_legend (NpcRenderer *self,
                           NpcScene    *scene,
                           double       x,
                           double       y)
{
  Build b = { scene, FALSE, TRUE, CAIRO_LINE_JOIN_MITER };

  g_return_if_fail (NPC_IS_RENDERER (self));
  g_return_if_fail (scene != NULL);

  build_legend (self, &b, x, y, NULL, NULL);
}


/* ------------------------------------------------------------------------------------------ */
/* Words */

char *
npc_renderer_describe_box (NpcRenderer        *self,
                           const NpcLayoutBox *box,
                           NpcEvaluation      *evaluation)
{
  GString *s;
  NpcNodeState state;
  NpcRenderStyle style;
  g_autofree char *reason = NULL;
  Shape shape;

  g_return_val_if_fail (NPC_IS_RENDERER (self), NULL);
  g_return_val_if_fail (box != NULL, NULL);

  s = g_string_new (NULL);
  shape = box_shape (box);
  style = npc_renderer_get_box_style (self, box, evaluation, &state);

  if (box->kind == NPC_LAYOUT_BOX_LINK)
    g_string_append_printf (s, _("Continue at %s, %s"), box->id, box->label);
  else
    {
      g_autofree char *kind = g_ascii_strdown (shape_word (shape), -1);

      g_string_append_printf (s, "%s — ", box->label);
      if (box->node != NULL && box->node->kind == NPC_NODE_OUTCOME && box->node->strength != NULL)
        {
          NpcRating r = { .strength = box->node->strength };
          g_autofree char *words = NULL;

          if (evaluation != NULL)
            npc_evaluation_get_rating (evaluation, box->node, &r);
          words = g_utf8_strdown (strength_words (r.strength ? r.strength : box->node->strength), -1);
          g_string_append (s, words);
        }
      else
        g_string_append (s, kind);
      if (box->node != NULL && box->node->grade != NULL)
        {
          NpcRating r = { 0 };
          g_autofree char *grade = NULL;

          if (evaluation != NULL)
            npc_evaluation_get_rating (evaluation, box->node, &r);
          else
            npc_rating_init_stated (&r, box->node);
          grade = npc_rating_dup_grade_text (&r);
          if (grade != NULL)
            g_string_append_printf (s, ", %s", grade);
        }
    }

  if (box->kind == NPC_LAYOUT_BOX_LINK || style == NPC_RENDER_EXCLUDED ||
      style == NPC_RENDER_UNDETERMINED || style == NPC_RENDER_NOT_REACHED)
    {
      NpcRenderStyle entry;

      reason = entry_reason (box, evaluation, &entry);
      if (box->kind == NPC_LAYOUT_BOX_LINK || style == NPC_RENDER_NOT_REACHED)
        style = entry == NPC_RENDER_NEUTRAL ? style : entry;
    }

  switch (style)
    {
    case NPC_RENDER_PATH:
      g_string_append (s, _(", on this patient's path"));
      break;
    case NPC_RENDER_PRIMARY:
      g_string_append (s, _(", the outcome reached for this patient"));
      break;
    case NPC_RENDER_ALTERNATIVE:
      g_string_append (s, _(", an alternative for this patient"));
      break;
    case NPC_RENDER_EXCLUDED:
      g_string_append (s, _(", not taken"));
      if (reason != NULL)
        g_string_append_printf (s, ": %s", reason);
      break;
    case NPC_RENDER_UNDETERMINED:
      g_string_append (s, _(", undetermined"));
      if (reason != NULL)
        g_string_append_printf (s, _(": possible if known: %s"), reason);
      break;
    case NPC_RENDER_STOPPED:
      {
        guint n = 0;
        const NpcField *const *fields = npc_evaluation_get_needs_input (evaluation, &n);

        g_string_append (s, _(", evaluation stopped here: needs input"));
        for (guint i = 0; i < n; i++)
          g_string_append_printf (s, "%s%s", i == 0 ? ": " : ", ", fields[i]->label);
      }
      break;
    case NPC_RENDER_NOT_REACHED:
      g_string_append (s, _(", not reached"));
      break;
    case NPC_RENDER_NEUTRAL:
    default:
      break;
    }

  return g_string_free (s, FALSE);
}

double
npc_renderer_add_text (NpcRenderer *self,
                       NpcScene    *scene,
                       const char  *role,
                       const char  *text,
                       double       x,
                       double       y,
                       double       width,
                       double       size,
                       gboolean     bold,
                       gboolean     muted)
{
  Text t;
  double h;

  g_return_val_if_fail (NPC_IS_RENDERER (self), 0);

  t = text_described (text, size, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      PANGO_STYLE_NORMAL, width, 0, PANGO_ALIGN_LEFT);
  text_get_size (self, &t, NULL, &h);
  if (scene != NULL)
    {
      Build b = { scene, FALSE, TRUE, CAIRO_LINE_JOIN_MITER };

      add_text (&b, role, &t, x, y, muted ? &self->palette.muted : &self->palette.foreground);
    }
  return h;
}
