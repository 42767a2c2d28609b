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
  BoxText *texts; /* by box index */
  guint n;
  double max_box; /* the widest or tallest box */
} TextCache;

struct _NpcRenderer {
  GObject parent_instance;

  NpcPalette palette;
  char *font_family;
  PangoContext *pango;
  NpcTextMetrics *metrics; /* box sizes for the layout, cached */
  GQuark cache_quark;

  const NpcLayoutBox *selected;
  NpcEvaluation *previous;
  double progress;
  double draw_scale; /* device pixels per model unit of the drawing under way */
  GHashTable *words; /* badge words made for a case: one stable copy of each */

  GArray *edges;    /* guint: the edges a draw looks at, kept to save allocating */
  GHashTable *tags; /* tag -> PangoLayout: every box on the path has one */

  GArray *records;  /* NpcRenderRecord by box index */
  GArray *serials;  /* guint by box index: the draw that made the record */
  guint serial;
  guint n_drawn;
};

G_DEFINE_FINAL_TYPE (NpcRenderer, npc_renderer, G_TYPE_OBJECT)

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

  G_OBJECT_CLASS (npc_renderer_parent_class)->finalize (object);
}

static void
npc_renderer_class_init (NpcRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = npc_renderer_finalize;
}

static void
npc_renderer_init (NpcRenderer *self)
{
  cairo_font_options_t *options;
  g_autofree char *quark = g_strdup_printf ("npc-renderer-text-%p", (void *) self);

  self->palette = light_palette;
  self->font_family = g_strdup ("Sans");
  self->progress = 1.0;
  self->cache_quark = g_quark_from_string (quark);
  self->edges = g_array_new (FALSE, FALSE, sizeof (guint));
  self->tags = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->records = g_array_new (FALSE, TRUE, sizeof (NpcRenderRecord));
  self->serials = g_array_new (FALSE, TRUE, sizeof (guint));

  /* Unhinted metrics: text measures the same at every zoom and on every surface. */
  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->pango, FALSE);
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
  TextCache *cache = g_object_get_qdata (G_OBJECT (layout), self->cache_quark);

  if (cache == NULL)
    {
      guint n;
      const NpcLayoutBox *const *boxes = npc_layout_get_boxes (layout, &n);

      cache = g_new0 (TextCache, 1);
      cache->n = n;
      cache->texts = g_new0 (BoxText, n);
      for (guint i = 0; i < n; i++)
        cache->max_box = MAX (cache->max_box, MAX (boxes[i]->width, boxes[i]->height));
      g_object_set_qdata_full (G_OBJECT (layout), self->cache_quark, cache, text_cache_free);
    }
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

static void
set_color (cairo_t        *cr,
           const NpcColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static void
set_color_alpha (cairo_t        *cr,
                 const NpcColor *c,
                 double          alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
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
shape_path (cairo_t *cr,
            Shape    shape,
            double   x,
            double   y,
            double   w,
            double   h)
{
  double c;

  switch (shape)
    {
    case SHAPE_DECISION: /* hexagon: the flowchart's decision, roomy for text */
      cairo_move_to (cr, x + HEX_INSET, y);
      cairo_line_to (cr, x + w - HEX_INSET, y);
      cairo_line_to (cr, x + w, y + h / 2);
      cairo_line_to (cr, x + w - HEX_INSET, y + h);
      cairo_line_to (cr, x + HEX_INSET, y + h);
      cairo_line_to (cr, x, y + h / 2);
      cairo_close_path (cr);
      break;
    case SHAPE_REDIRECT: /* off-page connector: an arrow pointing on */
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + w - HEX_INSET * 1.5, y);
      cairo_line_to (cr, x + w, y + h / 2);
      cairo_line_to (cr, x + w - HEX_INSET * 1.5, y + h);
      cairo_line_to (cr, x, y + h);
      cairo_close_path (cr);
      break;
    case SHAPE_NO_RECOMMENDATION: /* chamfered corners */
      c = 10;
      cairo_move_to (cr, x + c, y);
      cairo_line_to (cr, x + w - c, y);
      cairo_line_to (cr, x + w, y + c);
      cairo_line_to (cr, x + w, y + h - c);
      cairo_line_to (cr, x + w - c, y + h);
      cairo_line_to (cr, x + c, y + h);
      cairo_line_to (cr, x, y + h - c);
      cairo_line_to (cr, x, y + c);
      cairo_close_path (cr);
      break;
    case SHAPE_NOT_COVERED: /* a note with a folded corner */
      c = 14;
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + w - c, y);
      cairo_line_to (cr, x + w, y + c);
      cairo_line_to (cr, x + w, y + h);
      cairo_line_to (cr, x, y + h);
      cairo_close_path (cr);
      break;
    case SHAPE_OUT_OF_SCOPE: /* terminator */
    case SHAPE_LINK:
      rounded_rect (cr, x, y, w, h, h / 2);
      break;
    case SHAPE_EVALUATION_STEP:
      cairo_rectangle (cr, x, y, w, h);
      break;
    case SHAPE_RECOMMENDATION:
    default:
      rounded_rect (cr, x, y, w, h, 9);
      break;
    }
}

/* Marks inside a shape that set it apart in greyscale. */
static void
shape_details (cairo_t *cr,
               Shape    shape,
               double   x,
               double   y,
               double   w,
               double   h)
{
  switch (shape)
    {
    case SHAPE_EVALUATION_STEP: /* the "predefined process" side bars */
      cairo_move_to (cr, x + 6, y);
      cairo_line_to (cr, x + 6, y + h);
      cairo_move_to (cr, x + w - 6, y);
      cairo_line_to (cr, x + w - 6, y + h);
      cairo_stroke (cr);
      break;
    case SHAPE_NOT_COVERED:
      cairo_move_to (cr, x + w - 14, y);
      cairo_line_to (cr, x + w - 14, y + 14);
      cairo_line_to (cr, x + w, y + 14);
      cairo_stroke (cr);
      break;
    default:
      break;
    }
}

static void
draw_layout_at (cairo_t        *cr,
                PangoLayout    *layout,
                double          x,
                double          y,
                const NpcColor *color)
{
  cairo_move_to (cr, x, y);
  set_color (cr, color);
  pango_cairo_show_layout (cr, layout);
}

/* A pill with a text in it; x, y is its top-left corner. */
static void
draw_pill (cairo_t        *cr,
           PangoLayout    *text,
           double          x,
           double          y,
           const NpcColor *fill,
           const NpcColor *stroke,
           const NpcColor *ink,
           double          line_width)
{
  double tw, th;

  text_size (text, &tw, &th);
  rounded_rect (cr, x, y, tw + 2 * BADGE_PAD_X, th + 2 * BADGE_PAD_Y, (th + 2 * BADGE_PAD_Y) / 2);
  set_color (cr, fill);
  cairo_fill_preserve (cr);
  if (line_width > 0)
    {
      set_color (cr, stroke);
      cairo_set_line_width (cr, line_width);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_stroke (cr);
    }
  else
    cairo_new_path (cr);
  draw_layout_at (cr, text, x + BADGE_PAD_X, y + BADGE_PAD_Y, ink);
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

static void
draw_box (NpcRenderer        *self,
          cairo_t            *cr,
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
  const char *tag = style_tag (style, box);
  const char *grade_badge = NULL;

  /* halo on boxes whose state just changed */
  if (self->previous != NULL && self->progress < 1.0 && evaluation != NULL)
    {
      NpcRenderStyle before = npc_renderer_get_box_style (self, box, self->previous, NULL);

      if (before != style)
        {
          double grow = 4 + 10 * (1 - self->progress);

          rounded_rect (cr, x - grow, y - grow, w + 2 * grow, h + 2 * grow, 12 + grow);
          set_color_alpha (cr, &p->accent, 0.45 * (1 - self->progress));
          cairo_set_line_width (cr, 6);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_stroke (cr);
        }
    }

  shape_path (cr, shape, x, y, w, h);
  set_color (cr, ls.fill);
  cairo_fill_preserve (cr);
  set_color (cr, ls.stroke);
  cairo_set_line_width (cr, ls.width);
  cairo_set_dash (cr, ls.dash, ls.n_dash, 0);
  cairo_stroke (cr);
  cairo_set_line_width (cr, MIN (ls.width, 1.5));
  cairo_set_dash (cr, NULL, 0, 0);
  shape_details (cr, shape, x, y, w, h);

  if (style == NPC_RENDER_STOPPED)
    {
      /* a second, inner outline: "stop here" */
      cairo_save (cr);
      cairo_translate (cr, x + w / 2, y + h / 2);
      cairo_scale (cr, (w - 10) / w, (h - 10) / h);
      shape_path (cr, shape, -w / 2, -h / 2, w, h);
      cairo_restore (cr);
      set_color (cr, &p->warning);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  if (with_text)
    {
      BoxText *t = get_text (self, layout, box);
      double hw, hh, lw, lh, bw, bh;
      double cx = x + w / 2;
      double ty = y + PAD_Y;
      const NpcColor *header_ink = style == NPC_RENDER_EXCLUDED ? &p->dimmed : &p->muted;

      if (style == NPC_RENDER_PATH || style == NPC_RENDER_PRIMARY)
        header_ink = &p->accent;

      PangoLayout *badges[2] = { t->badges[0], t->badges[1] };

      /* The badges say what holds for this patient: a strength a redirect lowered, a grade
       * the review states for another population. */
      if (evaluation != NULL && box->node != NULL && box->node->kind == NPC_NODE_OUTCOME &&
          box->kind == NPC_LAYOUT_BOX_NODE &&
          (state == NPC_NODE_STATE_PRIMARY || state == NPC_NODE_STATE_ALTERNATIVE))
        {
          NpcRating r;

          npc_evaluation_get_rating (evaluation, box->node, &r);
          if (r.strength != NULL && g_strcmp0 (r.strength, box->node->strength) != 0)
            badges[0] = badge_layout (self, strength_words (r.strength), PANGO_WEIGHT_BOLD);
          if (box->node->grade != NULL && r.grade == NULL && r.stated_grade != NULL)
            {
              g_autofree char *text = g_strdup_printf (_("Graded %s for others"), r.stated_grade);

              badges[1] = badge_layout (self, text, PANGO_WEIGHT_NORMAL);
              grade_badge = stable_words (self, text);
            }
        }
      if (grade_badge == NULL && box->node != NULL && box->node->grade != NULL &&
          box->kind == NPC_LAYOUT_BOX_NODE)
        {
          g_autofree char *text = g_strdup_printf (_("Grade %s"), box->node->grade);

          grade_badge = stable_words (self, text);
        }

      text_size (t->header, &hw, &hh);
      text_size (t->label, &lw, &lh);
      {
        double bwi[2] = { -1, -1 }, bhi[2] = { 0, 0 };

        for (guint i = 0; i < 2; i++)
          if (badges[i] != NULL)
            text_size (badges[i], &bwi[i], &bhi[i]);
        badges_row_size (bwi, bhi, &bw, &bh);
      }

      /* Centred layouts have their width set; place them by that width. */
      draw_layout_at (cr, t->header,
                      cx - (double) pango_layout_get_width (t->header) / PANGO_SCALE / 2, ty,
                      header_ink);
      ty += hh + 3;
      draw_layout_at (cr, t->label,
                      cx - (double) pango_layout_get_width (t->label) / PANGO_SCALE / 2, ty,
                      ls.text);
      ty += lh + 6;

      if (bw > 0)
        {
          double bx = cx - bw / 2;

          for (guint i = 0; i < 2; i++)
            {
              double tw, th;
              gboolean strong = style == NPC_RENDER_PRIMARY;

              if (badges[i] == NULL)
                continue;
              text_size (badges[i], &tw, &th);
              draw_pill (cr, badges[i], bx, ty,
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
          double tw, th;

          if (tl == NULL)
            {
              /* tags are a handful of fixed strings */
              tl = make_text (self, tag, TAG_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1, 0,
                              PANGO_ALIGN_LEFT);
              g_hash_table_insert (self->tags, (gpointer) tag, tl);
            }
          const NpcColor *tag_fill = ls.stroke;

          text_size (tl, &tw, &th);
          if (style == NPC_RENDER_EXCLUDED || style == NPC_RENDER_NOT_REACHED)
            tag_fill = &p->dimmed;
          draw_pill (cr, tl, x + 8, y + h - (th + 2 * BADGE_PAD_Y) / 2, tag_fill, tag_fill,
                     &p->background, 0);
        }
    }
  else
    {
      /* Too small for its words: the box's id, as large as the box allows and at least
       * large enough to read where it fits, so that the tree stays readable zoomed out. */
      const char *id = box->kind == NPC_LAYOUT_BOX_LINK && box->target ? box->target->id : box->id;
      double scale = self->draw_scale > 0 ? self->draw_scale : 1.0;
      double size = SHORT_TITLE_PX / scale;
      cairo_text_extents_t ext;

      cairo_save (cr);
      cairo_select_font_face (cr, self->font_family ? self->font_family : "Sans",
                              CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, size);
      cairo_text_extents (cr, id, &ext);
      if (ext.width > w * 0.9 || ext.height > h * 0.7)
        {
          double k = MIN (w * 0.9 / MAX (ext.width, 1e-6), h * 0.7 / MAX (ext.height, 1e-6));

          size *= k;
          cairo_set_font_size (cr, size);
          cairo_text_extents (cr, id, &ext);
        }
      set_color (cr, ls.text);
      cairo_move_to (cr, x + (w - ext.width) / 2 - ext.x_bearing,
                     y + (h - ext.height) / 2 - ext.y_bearing);
      cairo_show_text (cr, id);
      cairo_restore (cr);
    }

  if (self->selected == box)
    {
      rounded_rect (cr, x - 6, y - 6, w + 12, h + 12, 12);
      set_color (cr, &p->selection);
      cairo_set_line_width (cr, 3);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_stroke (cr);
    }

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
                cairo_t             *cr,
                gboolean             td,
                const NpcLayoutEdge *edge,
                NpcRenderStyle       style)
{
  const NpcPalette *p = &self->palette;
  LineStyle ls = line_style (self, style, SHAPE_RECOMMENDATION);
  EdgeGeom g = edge_geometry (td, edge->parent, edge->child);

  if (td)
    {
      cairo_move_to (cr, g.x0, g.y0);
      cairo_line_to (cr, g.x0, g.yb);
      cairo_line_to (cr, g.xb, g.yb);
      cairo_line_to (cr, g.x1, g.y1);
    }
  else
    {
      cairo_move_to (cr, g.x0, g.y0);
      cairo_line_to (cr, g.xb, g.y0);
      cairo_line_to (cr, g.xb, g.yb);
      cairo_line_to (cr, g.x1, g.y1);
    }
  set_color (cr, style == NPC_RENDER_NOT_REACHED ? &p->muted : ls.stroke);
  cairo_set_line_width (cr, style == NPC_RENDER_PATH ? 4.0 : ls.width);
  cairo_set_dash (cr, ls.dash, ls.n_dash, 0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* an arrow head into the child */
  cairo_set_dash (cr, NULL, 0, 0);
  if (td)
    {
      cairo_move_to (cr, g.x1, g.y1);
      cairo_line_to (cr, g.x1 - 5, g.y1 - 8);
      cairo_line_to (cr, g.x1 + 5, g.y1 - 8);
    }
  else
    {
      cairo_move_to (cr, g.x1, g.y1);
      cairo_line_to (cr, g.x1 - 8, g.y1 - 5);
      cairo_line_to (cr, g.x1 - 8, g.y1 + 5);
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_edge_label (NpcRenderer         *self,
                 cairo_t             *cr,
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
  g_autoptr(PangoLayout) reason_layout = NULL;
  PangoLayout *label = NULL;
  BoxText *t = get_text (self, layout, child);
  double width, lw = 0, lh = 0, rw = 0, rh = 0, total_w, total_h, x, y;
  const NpcColor *ink = &p->foreground;

  width = td ? child->width + NPC_LAYOUT_SIBLING_GAP - 8
             : NPC_LAYOUT_LEVEL_GAP_LEFT_RIGHT - BUS - 16;

  if (edge->label != NULL)
    {
      if (t->branch == NULL)
        t->branch = make_text (self, edge->label, EDGE_SIZE, PANGO_WEIGHT_NORMAL,
                               PANGO_STYLE_NORMAL, width, 2, PANGO_ALIGN_CENTER);
      label = t->branch;
      /* the path's branch labels in bold */
      if (style == NPC_RENDER_PATH)
        {
          PangoAttrList *attrs = pango_attr_list_new ();
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (label, attrs);
          pango_attr_list_unref (attrs);
        }
      else
        pango_layout_set_attributes (label, NULL);
      text_size (label, &lw, &lh);
    }
  if (reason != NULL)
    {
      reason_layout = make_text (self, reason, REASON_SIZE, PANGO_WEIGHT_NORMAL,
                                 PANGO_STYLE_ITALIC, width, td ? 2 : 3, PANGO_ALIGN_CENTER);
      text_size (reason_layout, &rw, &rh);
    }
  if (label == NULL && reason_layout == NULL)
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
  rounded_rect (cr, x - total_w / 2 - 3, y - 1, total_w + 6, total_h + 2, 3);
  set_color_alpha (cr, &p->background, 0.92);
  cairo_fill (cr);
  if (label != NULL)
    draw_layout_at (cr, label, x - width / 2, y, ink);
  if (reason_layout != NULL)
    draw_layout_at (cr, reason_layout, x - width / 2, td ? y + lh : g.y1 + 3, ink);
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
  cairo_t *cr;
  NpcLayout *layout;
  NpcEvaluation *evaluation;
  gboolean with_text;
} DrawData;

static void
draw_box_cb (const NpcLayoutBox *box,
             gpointer            user_data)
{
  DrawData *d = user_data;

  draw_box (d->self, d->cr, d->layout, box, d->evaluation, d->with_text);
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

static void
draw (NpcRenderer         *self,
      cairo_t             *cr,
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

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Edges off the path first, so the path is drawn over the shared bus lines. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->edges->len; i++)
      {
        const NpcLayoutEdge *edge = &edges[g_array_index (self->edges, guint, i)];
        NpcRenderStyle style = entry_style (edge->child, evaluation, NULL);

        if ((style == NPC_RENDER_PATH) != (pass == 1))
          continue;
        draw_edge_line (self, cr, td, edge, style);
      }

  if (with_text)
    for (guint i = 0; i < self->edges->len; i++)
      {
        const NpcLayoutEdge *edge = &edges[g_array_index (self->edges, guint, i)];
        NpcRenderStyle style = entry_style (edge->child, evaluation, NULL);

        draw_edge_label (self, cr, layout, td, edge, style, evaluation);
      }

  d.self = self;
  d.cr = cr;
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

  cairo_restore (cr);
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

void
npc_renderer_draw_legend (NpcRenderer *self,
                          cairo_t     *cr,
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
  const NpcPalette *p = &self->palette;
  const double sample_w = 150, row_h = 30, gap = 12;
  g_autoptr(PangoLayout) title = make_text (self, _("Legend"), BADGE_SIZE + 1, PANGO_WEIGHT_BOLD,
                                            PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
  double max_text = 0, th;

  text_size (title, NULL, &th);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PangoLayout) text = make_text (self, _(rows[i].text), BADGE_SIZE,
                                               PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1, 0,
                                               PANGO_ALIGN_LEFT);
      double tw, tth;
      double ry = y + th + 8 + i * (row_h + 6);

      text_size (text, &tw, &tth);
      max_text = MAX (max_text, tw);
      if (cr == NULL)
        continue;

      {
        LineStyle ls = line_style (self, rows[i].style, SHAPE_RECOMMENDATION);
        const char *tag = style_tag (rows[i].style, &(NpcLayoutBox) { .kind = NPC_LAYOUT_BOX_NODE });

        rounded_rect (cr, x, ry, sample_w, row_h - 6, 6);
        set_color (cr, ls.fill);
        cairo_fill_preserve (cr);
        set_color (cr, ls.stroke);
        cairo_set_line_width (cr, ls.width);
        cairo_set_dash (cr, ls.dash, ls.n_dash, 0);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        if (tag != NULL)
          {
            g_autoptr(PangoLayout) tl = make_text (self, tag, TAG_SIZE, PANGO_WEIGHT_BOLD,
                                                   PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT);
            double gw, gh;
            const NpcColor *fill = rows[i].style == NPC_RENDER_EXCLUDED ? &p->dimmed : ls.stroke;

            text_size (tl, &gw, &gh);
            draw_pill (cr, tl, x + (sample_w - gw) / 2 - BADGE_PAD_X,
                       ry + (row_h - 6 - gh) / 2 - BADGE_PAD_Y, fill, fill, &p->background, 0);
          }
        draw_layout_at (cr, text, x + sample_w + gap, ry + (row_h - 6 - tth) / 2, &p->foreground);
      }
    }

  if (cr != NULL)
    draw_layout_at (cr, title, x, y, &p->foreground);
  if (width != NULL)
    *width = sample_w + gap + max_text;
  if (height != NULL)
    *height = th + 8 + G_N_ELEMENTS (rows) * (row_h + 6);
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
npc_renderer_draw_text (NpcRenderer *self,
                        cairo_t     *cr,
                        const char  *text,
                        double       x,
                        double       y,
                        double       width,
                        double       size,
                        gboolean     bold,
                        gboolean     muted)
{
  g_autoptr(PangoLayout) layout = NULL;
  double h;

  g_return_val_if_fail (NPC_IS_RENDERER (self), 0);

  layout = make_text (self, text, size, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      PANGO_STYLE_NORMAL, width, 0, PANGO_ALIGN_LEFT);
  text_size (layout, NULL, &h);
  if (cr != NULL)
    draw_layout_at (cr, layout, x, y, muted ? &self->palette.muted : &self->palette.foreground);
  return h;
}
