/* npc-report.c — a case report: the evaluation of one case as a paginated document
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is a flow of blocks (paragraphs and table rows, each a row of pango layouts)
 * that are cut into pages between lines, then the diagram pages. Every word comes from the
 * guideline, the case or the evaluation: the report formats, it does not decide.
 */

#define G_LOG_DOMAIN "npc-report"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "npc-condition.h"
#include "npc-engine.h"
#include "npc-error.h"
#include "npc-layout.h"
#include "npc-renderer.h"
#include "npc-report.h"

/* Geometry, in points. */
#define MARGIN_X        48.0
#define MARGIN_TOP      30.0
#define MARGIN_BOTTOM   28.0
#define HEADER_GAP      12.0  /* between the header rule and the body */
#define FOOTER_GAP      10.0  /* between the body and the footer rule */
#define CELL_PAD_X      4.0
#define CELL_PAD_Y      2.5
#define BOX_PAD         8.0
#define BULLET_INDENT   12.0
#define FONT_FAMILY     "Sans"

/* The diagram: the smallest scale at which the detail pages still read on paper (the
 * renderer's smallest text is 9 units), and the scale of the legend. */
#define DETAIL_MIN_SCALE 0.56
#define DETAIL_MAX_SCALE 1.0
#define LEGEND_SCALE     0.5
#define DIAGRAM_PAD      16.0  /* model units around a detail */
#define DIAGRAM_ABOVE    60.0  /* model units above a detail's first box: its branch label */

typedef enum {
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_PRODUCT,
  STYLE_TITLE,
  STYLE_H1,
  STYLE_H2,
  STYLE_H3,
  STYLE_SUMMARY,
  STYLE_CELL,
  STYLE_CELL_HEAD,
  STYLE_HEADER,
  STYLE_FOOTER,
  N_STYLES
} TextStyle;

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

typedef struct {
  double r, g, b;
} Rgb;

/* Dark enough to print; every distinction is in words as well. */
static const Rgb ink = { 0.10, 0.10, 0.10 };
static const Rgb muted_ink = { 0.33, 0.33, 0.33 };
static const Rgb accent_ink = { 0.10, 0.27, 0.47 };
static const Rgb rule_ink = { 0.55, 0.55, 0.55 };
static const Rgb head_fill = { 0.90, 0.90, 0.90 };
static const Rgb outcome_fill = { 0.92, 0.95, 0.98 };
static const Rgb needs_fill = { 1.00, 0.96, 0.84 };
static const Rgb needs_ink = { 0.55, 0.36, 0.00 };
static const Rgb error_fill = { 0.99, 0.91, 0.91 };
static const Rgb error_ink = { 0.62, 0.09, 0.09 };

typedef enum {
  FRAME_NONE,
  FRAME_BOX, /* a box around one or more consecutive blocks */
  FRAME_ROW, /* a table row: each cell boxed */
} Frame;

typedef enum {
  BLOCK_TEXT,
  BLOCK_PAGE_BREAK,
  BLOCK_DIAGRAM,
} BlockKind;

typedef struct {
  PangoLayout *layout;
  TextStyle style;
  double x, width;    /* the cell's box, from the block's inner left */
  double inset;       /* text inset inside the box */
  guint n_lines;
  double *line_top;   /* logical extents of each line, from the layout's top */
  double *line_bottom;
  double *line_x;
  double *baseline;
} Cell;

typedef struct _Block Block;
struct _Block {
  BlockKind kind;
  GPtrArray *cells;       /* Cell* */
  double indent;          /* from the body's left edge */
  double width;           /* outer width */
  double pad_top, pad_bottom, pad_x;
  double space_before, space_after;
  Frame frame;
  const Rgb *fill;        /* nullable */
  const Rgb *border;      /* nullable */
  double border_width;
  gboolean box_top, box_bottom; /* FRAME_BOX: this block opens / closes the box */
  gboolean keep_with_next;
  gboolean keep_together;
  gboolean is_header_row;
  Block *repeat_header;   /* a table row: the header row to repeat on a new page */
  int outline_level;      /* 0: none */
  char *outline_title;
};

typedef struct {
  Block *block;
  double y;            /* top of the slice on the page */
  double height;
  guint *start, *end;  /* per cell: the lines [start, end) on this slice */
  gboolean first_slice, last_slice;
  gboolean draw_top, draw_bottom;
} Placement;

typedef struct {
  gboolean present;
  NpcLayoutRect region;  /* model units */
  double scale;
  double x, y;           /* where region's top-left lands on the page */
  gboolean whole;        /* the overview: no clip, no frame */
  gboolean legend;
  double legend_x, legend_y;
  gboolean highlight;    /* draw the evaluation */
} DiagramView;

typedef struct {
  gboolean landscape;
  GArray *placements;   /* Placement */
  DiagramView diagram;
} Page;

typedef struct {
  int level;
  char *title;
  guint page;
  double y;
} OutlineEntry;

typedef struct {
  double left, top, width, height;
  double header_h, footer_h;
} PageGeom;

struct _NpcReport
{
  GObject parent_instance;

  NpcGuideline *guideline;
  NpcCase *kase;
  NpcEvaluation *evaluation;
  GDateTime *date;

  PangoContext *pango;
  NpcRenderer *renderer;
  NpcLayout *layout;

  double page_width, page_height;
  gboolean paginated;
  GPtrArray *blocks;    /* Block*, the flow */
  GPtrArray *extra;     /* Block*, on diagram pages */
  GPtrArray *pages;     /* Page* */
  GArray *outline;      /* OutlineEntry */
  PageGeom geom[2];     /* portrait, landscape */
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

static Cell *
cell_new (NpcReport  *self,
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
/* building the flow                                                                           */

typedef struct {
  NpcReport *self;
  GPtrArray *blocks;
  double width;          /* the body's width */
  Block *box_open;       /* the last block of an open box */
} Builder;

static Block *
block_add (Builder  *bld,
           BlockKind kind)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  b->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  b->width = bld->width;
  g_ptr_array_add (bld->blocks, b);
  return b;
}

/* A paragraph of pango markup. */
static Block *
para (Builder    *bld,
      TextStyle   style,
      double      indent,
      const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->indent = indent;
  b->width = bld->width - indent;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, 0, b->width, 0));
  b->space_after = 3;
  return b;
}

static Block *
para_text (Builder    *bld,
           TextStyle   style,
           const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);

  return para (bld, style, 0, markup);
}

/* A paragraph with a hanging mark ("•", "1."). */
static Block *
item (Builder    *bld,
      TextStyle   style,
      double      indent,
      const char *mark,
      const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  g_autofree char *m = g_markup_escape_text (mark, -1);
  /* numbers ("112.") get a column of their own width, so that a list of them aligns */
  double mark_w = g_ascii_isdigit (mark[0]) ? 24 : BULLET_INDENT;

  b->indent = indent;
  b->width = bld->width - indent;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, m, 0, mark_w, 0));
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, mark_w, b->width - mark_w, 0));
  b->space_after = 2;
  return b;
}

static Block *
heading (Builder    *bld,
         TextStyle   style,
         const char *text)
{
  Block *b = para_text (bld, style, text);

  b->keep_with_next = TRUE;
  switch (style)
    {
    case STYLE_H1:
      b->space_before = 16;
      b->space_after = 6;
      b->outline_level = 1;
      break;
    case STYLE_H2:
      b->space_before = 10;
      b->space_after = 4;
      b->outline_level = 2;
      break;
    default:
      b->space_before = 7;
      b->space_after = 2;
      break;
    }
  if (b->outline_level > 0)
    b->outline_title = g_strdup (text);
  return b;
}

/* Opens a box that the following blocks join until box_end(). */
static void
box_begin (Builder    *bld,
           const Rgb  *fill,
           const Rgb  *border,
           double      border_width)
{
  Block *b;

  /* An empty block that carries the box's top edge and padding. */
  b = block_add (bld, BLOCK_TEXT);
  b->frame = FRAME_BOX;
  b->fill = fill;
  b->border = border;
  b->border_width = border_width;
  b->box_top = TRUE;
  b->pad_top = BOX_PAD - 2;
  b->keep_with_next = TRUE;
  b->space_before = 6;
  bld->box_open = b;
}

static void
box_join (Builder *bld,
          Block   *b)
{
  Block *open = bld->box_open;

  b->frame = FRAME_BOX;
  b->fill = open->fill;
  b->border = open->border;
  b->border_width = open->border_width;
  b->pad_x = BOX_PAD;
  b->space_before = 0;
  b->space_after = 0;
  b->pad_bottom = 3;
  /* a box moves whole to the next page, unless it is taller than a page */
  b->keep_with_next = TRUE;
}

static void
box_end (Builder *bld)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  Block *open = bld->box_open;

  b->frame = FRAME_BOX;
  b->fill = open->fill;
  b->border = open->border;
  b->border_width = open->border_width;
  b->box_bottom = TRUE;
  b->pad_bottom = BOX_PAD - 3;
  b->space_after = 8;
  bld->box_open = NULL;
}

/* A paragraph inside the open box: laid out for the box's inner width. */
static Block *
box_para (Builder    *bld,
          TextStyle   style,
          const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->width = bld->width;
  b->pad_x = BOX_PAD;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, 0, b->width - 2 * BOX_PAD, 0));
  box_join (bld, b);
  return b;
}

static Block *
box_item (Builder    *bld,
          TextStyle   style,
          const char *mark,
          const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  g_autofree char *m = g_markup_escape_text (mark, -1);
  double inner = bld->width - 2 * BOX_PAD;

  b->width = bld->width;
  b->pad_x = BOX_PAD;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, m, 0, BULLET_INDENT, 0));
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, BULLET_INDENT,
                                       inner - BULLET_INDENT, 0));
  box_join (bld, b);
  return b;
}

typedef struct {
  guint n_cols;
  double x[16], w[16];
  Block *header;
} Table;

/* Column widths as fractions of the body width (they are scaled to sum to 1). */
static void
table_init (Builder      *bld,
            Table        *t,
            const double *fractions,
            guint         n_cols)
{
  double sum = 0, x = 0;

  g_assert (n_cols > 0 && n_cols <= G_N_ELEMENTS (t->x));
  t->n_cols = n_cols;
  t->header = NULL;
  for (guint i = 0; i < n_cols; i++)
    sum += fractions[i];
  for (guint i = 0; i < n_cols; i++)
    {
      t->x[i] = x;
      t->w[i] = bld->width * fractions[i] / sum;
      x += t->w[i];
    }
}

/* A row of markup cells; n_cells may be fewer than the columns: the last cell spans the rest. */
static Block *
table_row (Builder           *bld,
           Table             *t,
           gboolean           header,
           const char *const *markups,
           guint              n_cells)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->frame = FRAME_ROW;
  b->border = &rule_ink;
  b->border_width = 0.5;
  b->pad_top = CELL_PAD_Y;
  b->pad_bottom = CELL_PAD_Y + 0.5;
  b->is_header_row = header;
  /* a row moves whole to the next page, unless it is taller than a page */
  b->keep_together = TRUE;
  if (header)
    {
      b->fill = &head_fill;
      b->keep_with_next = TRUE;
      t->header = b;
    }
  else
    b->repeat_header = t->header;

  for (guint i = 0; i < n_cells && i < t->n_cols; i++)
    {
      double w = i + 1 == n_cells ? bld->width - t->x[i] : t->w[i];

      g_ptr_array_add (b->cells, cell_new (bld->self, header ? STYLE_CELL_HEAD : STYLE_CELL,
                                           markups[i], t->x[i], w, CELL_PAD_X));
    }
  return b;
}

/* A two-column row: a bold key and a value. */
static Block *
table_kv (Builder    *bld,
          Table      *t,
          const char *key,
          const char *value_markup)
{
  g_autofree char *k = g_markup_printf_escaped ("<b>%s</b>", key);
  const char *cells[2] = { k, value_markup };

  return table_row (bld, t, FALSE, cells, 2);
}

static Block *
table_kv_text (Builder    *bld,
               Table      *t,
               const char *key,
               const char *value)
{
  g_autofree char *v = g_markup_escape_text (value, -1);

  return table_kv (bld, t, key, v);
}

static void
page_break (Builder *bld)
{
  block_add (bld, BLOCK_PAGE_BREAK);
}

/* ------------------------------------------------------------------------------------------ */
/* words                                                                                       */

static const char *
or_not_given (const char *text)
{
  return text != NULL && *text ? text : _("not given");
}

/* The full stop a sentence ending in text needs, if any. */
static const char *
full_stop (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len > 0 && strchr (".?!", text[len - 1]) != NULL)
    return "";
  return ".";
}

static const char *
outcome_type_text (NpcOutcomeType type)
{
  switch (type)
    {
    case NPC_OUTCOME_RECOMMENDATION: return _("Recommendation");
    case NPC_OUTCOME_EVALUATION_STEP: return _("Evaluation step");
    case NPC_OUTCOME_NO_RECOMMENDATION: return _("No recommendation in the source");
    case NPC_OUTCOME_OUT_OF_SCOPE: return _("Outside the scope of this guideline");
    case NPC_OUTCOME_NOT_COVERED: return _("Not covered by the source");
    case NPC_OUTCOME_NEEDS_INPUT: return _("Needs input");
    case NPC_OUTCOME_VALIDATION_ERROR: return _("Invalid case");
    default: return "";
    }
}

static const char *
node_kind_text (const NpcNode *node)
{
  switch (node->kind)
    {
    case NPC_NODE_DECISION: return _("decision");
    case NPC_NODE_REDIRECT: return _("continue at another branch");
    case NPC_NODE_OUTCOME:
    default: return _("outcome");
    }
}

static const char *
branch_state_text (NpcBranchState state)
{
  switch (state)
    {
    case NPC_BRANCH_TAKEN: return _("✓ Taken");
    case NPC_BRANCH_EXCLUDED: return _("✗ Not taken");
    case NPC_BRANCH_UNDETERMINED: return _("? Undetermined");
    case NPC_BRANCH_NOT_LOOKED_AT:
    default: return _("– Not looked at");
    }
}

/* "Strength: suggest · Grade: 2C", never with a blank. */
static char *
strength_text (const NpcNode *node)
{
  return g_strdup_printf (_("Strength: %s · Grade: %s"),
                          node->strength ? node->strength : _("none stated"),
                          node->grade ? node->grade : _("not given in the source"));
}

/* "Authors. Title. Journal Year;Volume:Pages." */
static char *
format_reference (const NpcReference *ref)
{
  GString *s = g_string_new (NULL);

  if (ref->authors && *ref->authors)
    {
      g_string_append (s, ref->authors);
      if (!g_str_has_suffix (ref->authors, "."))
        g_string_append_c (s, '.');
      g_string_append_c (s, ' ');
    }
  if (ref->title && *ref->title)
    {
      g_string_append (s, ref->title);
      if (!g_str_has_suffix (ref->title, ".") && !g_str_has_suffix (ref->title, "?"))
        g_string_append_c (s, '.');
      g_string_append_c (s, ' ');
    }
  if (ref->journal && *ref->journal)
    g_string_append (s, ref->journal);
  if (ref->year)
    g_string_append_printf (s, " %u", ref->year);
  if (ref->volume && *ref->volume)
    g_string_append_printf (s, ";%s", ref->volume);
  if (ref->pages && *ref->pages)
    g_string_append_printf (s, ":%s", ref->pages);
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  if (s->len > 0 && s->str[s->len - 1] != '.')
    g_string_append_c (s, '.');

  if (s->len == 0 && ref->citation != NULL)
    g_string_append (s, ref->citation);
  return g_string_free (s, FALSE);
}

static char *
refs_text (const guint *refs,
           guint        n_refs)
{
  GString *s = g_string_new (NULL);

  if (n_refs == 0)
    return g_string_free (s, FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < n_refs; i++)
    g_string_append_printf (s, "%s%u", i ? ", " : "", refs[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static char *
people_text (const NpcMetadata *meta,
             const char        *role)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < meta->n_people; i++)
    if (g_strcmp0 (meta->people[i].role, role) == 0)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", meta->people[i].name);
  return g_string_free (s, s->len == 0);
}

static char *
date_text (GDateTime *date)
{
  g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M");
  g_autofree char *zone = g_date_time_format (date, "%:z");

  return g_strdup_printf (_("%s (UTC%s)"), when, zone);
}

/* A case value as the file holds it, for entries the guideline could not use. */
static char *
raw_value_text (const NpcField *field,
                JsonNode       *node)
{
  if (node == NULL)
    return g_strdup (_("nothing"));
  if (field != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      (field->type == NPC_FIELD_ENUM || field->type == NPC_FIELD_SET))
    {
      int index = npc_field_find_value (field, json_node_get_string (node));

      if (index >= 0)
        return g_strdup (field->values[index].label);
    }
  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* the sections                                                                                */

static const char *
case_label (NpcReport *self)
{
  const char *label = npc_case_get_label (self->kase);

  return label != NULL && *label ? label : _("Unnamed case");
}

static void
build_title (NpcReport *self,
             Builder   *bld)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);
  const char *notes = npc_case_get_notes (self->kase);
  g_autofree char *date = date_text (self->date);
  g_autofree char *authors = people_text (meta, "author");
  g_autofree char *editors = people_text (meta, "section-editor");
  g_autofree char *deputy = people_text (meta, "deputy-editor");
  g_autofree char *m = NULL;
  Table t;
  const double cols[] = { 0.3, 0.7 };
  Block *b;

  b = para_text (bld, STYLE_PRODUCT, _("NPC Pathway · Case report"));
  b->space_after = 2;
  b = para_text (bld, STYLE_TITLE, case_label (self));
  b->space_after = 8;
  b->outline_level = 1;
  b->outline_title = g_strdup (case_label (self));

  table_init (bld, &t, cols, 2);
  table_kv_text (bld, &t, _("Case notes"),
                 notes != NULL && *notes ? notes : _("none entered"));
  table_kv_text (bld, &t, _("Report written"), date);
  m = g_strdup_printf (_("%s, version %s"), npc_guideline_get_id (self->guideline),
                       npc_guideline_get_version (self->guideline));
  table_kv_text (bld, &t, _("Guideline"), m);
  table_kv_text (bld, &t, _("Source review"), meta->source_title);
  table_kv_text (bld, &t, _("Authors"), or_not_given (authors));
  if (editors != NULL)
    table_kv_text (bld, &t, _("Section editors"), editors);
  if (deputy != NULL)
    table_kv_text (bld, &t, _("Deputy editor"), deputy);
  table_kv_text (bld, &t, _("Literature review current through"),
                 or_not_given (meta->literature_review_through));
  table_kv_text (bld, &t, _("Last updated"), or_not_given (meta->last_updated));
  if (meta->topic_version != NULL)
    table_kv_text (bld, &t, _("Topic version"), meta->topic_version);

  b = para_text (bld, STYLE_SMALL, meta->disclaimer);
  b->space_before = 6;
}

static void
build_needs_input (NpcReport *self,
                   Builder   *bld)
{
  guint n = 0;
  const NpcField *const *fields = npc_evaluation_get_needs_input (self->evaluation, &n);
  const NpcNode *stopped = npc_evaluation_get_stopped_at (self->evaluation);
  g_autofree char *summary = npc_evaluation_dup_summary (self->evaluation);
  g_autofree char *m = NULL;

  box_begin (bld, &needs_fill, &needs_ink, 2.0);
  m = g_markup_printf_escaped ("%s", summary);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b>",
                               _("No recommendation is shown until these are known:"));
  box_para (bld, STYLE_BODY, m)->pad_top = 4;
  for (guint i = 0; i < n; i++)
    {
      g_clear_pointer (&m, g_free);
      if (fields[i]->help != NULL)
        m = g_markup_printf_escaped ("<b>%s</b> (%s)\n<span size=\"smaller\">%s</span>",
                                     fields[i]->label, fields[i]->section->label,
                                     fields[i]->help);
      else
        m = g_markup_printf_escaped ("<b>%s</b> (%s)", fields[i]->label,
                                     fields[i]->section->label);
      box_item (bld, STYLE_BODY, "•", m);
    }
  if (stopped != NULL)
    {
      g_clear_pointer (&m, g_free);
      m = g_markup_printf_escaped (_("The pathway stops at %s · %s%s"), stopped->id,
                                   stopped->label, full_stop (stopped->label));
      box_para (bld, STYLE_BODY, m)->pad_top = 4;
    }
  box_end (bld);
}

static void
build_validation_errors (NpcReport *self,
                         Builder   *bld)
{
  guint n = 0;
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (self->evaluation, &n);
  g_autofree char *summary = npc_evaluation_dup_summary (self->evaluation);
  g_autofree char *m = NULL;
  const double cols[] = { 0.12, 0.30, 0.58 };
  Table t;

  box_begin (bld, &error_fill, &error_ink, 2.0);
  m = g_markup_printf_escaped ("%s", summary);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b>",
                               _("The case is not valid: no recommendation is shown until "
                                 "every error below is corrected."));
  box_para (bld, STYLE_BODY, m)->pad_top = 4;
  box_end (bld);

  table_init (bld, &t, cols, 3);
  {
    const char *head[] = { _("Rule"), _("Field"), _("Message") };

    table_row (bld, &t, TRUE, head, 3);
  }
  for (guint i = 0; i < n; i++)
    {
      const NpcField *field = npc_guideline_lookup_field (self->guideline, errors[i]->field);
      g_autofree char *rule = g_markup_escape_text (errors[i]->rule, -1);
      g_autofree char *f = field != NULL
                           ? g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                                      field->label, errors[i]->field)
                           : g_markup_escape_text (errors[i]->field, -1);
      g_autofree char *msg = g_markup_escape_text (errors[i]->message, -1);
      const char *row[] = { rule, f, msg };

      table_row (bld, &t, FALSE, row, 3);
    }
}

static void
build_outcome (NpcReport *self,
               Builder   *bld)
{
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
  NpcOutcomeType outcome = npc_evaluation_get_outcome (self->evaluation);
  g_autofree char *summary = NULL;
  g_autofree char *m = NULL;
  g_autofree char *strength = NULL;

  heading (bld, STYLE_H1, _("1 Outcome"));

  if (outcome == NPC_OUTCOME_NEEDS_INPUT)
    {
      build_needs_input (self, bld);
      return;
    }
  if (outcome == NPC_OUTCOME_VALIDATION_ERROR || primary == NULL)
    {
      build_validation_errors (self, bld);
      return;
    }

  summary = npc_evaluation_dup_summary (self->evaluation);
  strength = strength_text (primary);
  box_begin (bld, &outcome_fill, &accent_ink, 1.5);
  m = g_markup_escape_text (summary, -1);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b> · %s · %s %s", outcome_type_text (outcome), strength,
                               primary->id, primary->label);
  box_para (bld, STYLE_BODY, m)->pad_top = 3;
  if (primary->statement != NULL)
    {
      g_clear_pointer (&m, g_free);
      m = g_markup_escape_text (primary->statement, -1);
      box_para (bld, STYLE_BODY, m)->pad_top = 4;
    }
  box_end (bld);
}

static void
build_alternatives (NpcReport *self,
                    Builder   *bld)
{
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
  guint n_alts = 0, n_agents = 0, n_flags = 0;
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n_alts);
  const NpcEvalAgent *agents = npc_evaluation_get_agents (self->evaluation, &n_agents);
  const NpcAmbiguity *const *flags = npc_evaluation_get_flags (self->evaluation, &n_flags);
  guint n_kept = 0, n_excluded = 0;

  heading (bld, STYLE_H1, _("2 Alternatives, options and agents"));

  if (primary == NULL)
    para_text (bld, STYLE_BODY, _("None: no outcome has been reached, so no alternatives, "
                                  "options or agents are shown."));
  else
    {
      heading (bld, STYLE_H3, _("Alternatives"));
      if (n_alts == 0)
        para_text (bld, STYLE_BODY, _("None given for this outcome."));
      for (guint i = 0; i < n_alts; i++)
        {
          g_autofree char *m = NULL;

          if (alts[i].node != NULL)
            {
              const NpcNode *alt = alts[i].node;
              g_autofree char *strength = strength_text (alt);

              m = g_markup_printf_escaped ("<b>%s · %s</b> — %s. %s%s%s", alt->id, alt->label,
                                           outcome_type_text (alt->type), strength,
                                           alt->statement ? "\n" : "",
                                           alt->statement ? alt->statement : "");
            }
          else
            m = g_markup_printf_escaped ("<b>%s</b> — %s", alts[i].modifier->label,
                                         alts[i].modifier->statement);
          item (bld, STYLE_BODY, 0, "•", m);
        }

      heading (bld, STYLE_H3, primary->options_label ? primary->options_label : _("Options"));
      if (primary->n_options == 0)
        para_text (bld, STYLE_BODY, _("None listed for this outcome."));
      for (guint i = 0; i < primary->n_options; i++)
        {
          g_autofree char *refs = refs_text (primary->options[i].refs,
                                             primary->options[i].n_refs);
          g_autofree char *m = g_markup_printf_escaped ("%s%s%s", primary->options[i].text,
                                                        *refs ? " " : "", refs);

          item (bld, STYLE_BODY, 0, "•", m);
        }

      for (guint i = 0; i < n_agents; i++)
        if (agents[i].excluded)
          n_excluded++;
        else
          n_kept++;

      heading (bld, STYLE_H3, _("Agents"));
      if (n_agents == 0)
        para_text (bld, STYLE_BODY, _("None listed for this outcome."));
      else if (n_kept == 0)
        para_text (bld, STYLE_BODY, _("No listed agent remains for this case; see the "
                                      "excluded agents below."));
      for (guint i = 0; i < n_agents; i++)
        {
          g_autoptr(GString) m = g_string_new (NULL);
          g_autofree char *label = NULL;

          if (agents[i].excluded)
            continue;
          label = g_markup_printf_escaped ("<b>%s</b>", agents[i].agent->label);
          g_string_append (m, label);
          if (agents[i].agent->qualifier != NULL)
            {
              g_autofree char *q = g_markup_printf_escaped (" (%s)", agents[i].agent->qualifier);
              g_string_append (m, q);
            }
          for (guint c = 0; agents[i].caveats != NULL && agents[i].caveats[c] != NULL; c++)
            {
              g_autofree char *cv = g_markup_printf_escaped ("%s%s", c ? "; " : " — ",
                                                             agents[i].caveats[c]);
              g_string_append (m, cv);
            }
          item (bld, STYLE_BODY, 0, "•", m->str);
        }

      if (n_excluded > 0)
        {
          heading (bld, STYLE_H3, _("Excluded agents, for this case"));
          for (guint i = 0; i < n_agents; i++)
            {
              g_autofree char *m = NULL;

              if (!agents[i].excluded)
                continue;
              m = g_markup_printf_escaped ("<b>%s</b> — %s", agents[i].agent->label,
                                           agents[i].reason ? agents[i].reason
                                                            : _("no reason recorded"));
              item (bld, STYLE_BODY, 0, "✗", m);
            }
        }
    }

  heading (bld, STYLE_H3, _("Ambiguities in the source that this case touches"));
  if (n_flags == 0)
    para_text (bld, STYLE_BODY, _("None flagged."));
  for (guint i = 0; i < n_flags; i++)
    {
      g_autofree char *m = g_markup_printf_escaped ("<b>%s %s.</b> %s", flags[i]->id,
                                                    flags[i]->title, flags[i]->text);

      item (bld, STYLE_BODY, 0, "!", m);
    }
}

static const NpcDerived *
find_derived (NpcReport      *self,
              const NpcField *field)
{
  guint n = 0;
  const NpcDerived *derived = npc_evaluation_get_derived (self->evaluation, &n);
  const NpcDerived *found = NULL;

  /* the last redirect to set it wins */
  for (guint i = 0; i < n; i++)
    if (derived[i].field == field)
      found = &derived[i];
  return found;
}

static void
build_case (NpcReport *self,
            Builder   *bld)
{
  guint n_sections = 0, n_fields = 0, n_errors = 0;
  const NpcSection *const *sections = npc_guideline_get_sections (self->guideline, &n_sections);
  const NpcField *const *fields = npc_guideline_get_fields (self->guideline, &n_fields);
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (self->evaluation, &n_errors);
  g_auto(GStrv) ids = npc_case_dup_field_ids (self->kase);
  const double cols[] = { 0.34, 0.33, 0.33 };
  gboolean any_other = FALSE;
  Table other;

  heading (bld, STYLE_H1, _("3 The case as entered"));
  para_text (bld, STYLE_SMALL, _("Every field of the guideline, by section of the form. "
                                 "“not known” marks a field without a value; a value the "
                                 "pathway set on the way is marked as derived, with the "
                                 "step that set it."));

  for (guint s = 0; s < n_sections; s++)
    {
      Table t;
      const char *head[] = { _("Field"), _("Value"), _("How it is known") };
      gboolean any = FALSE;

      for (guint f = 0; f < n_fields && !any; f++)
        any = fields[f]->section == sections[s];
      if (!any)
        continue;

      heading (bld, STYLE_H3, sections[s]->label);
      table_init (bld, &t, cols, 3);
      table_row (bld, &t, TRUE, head, 3);

      for (guint f = 0; f < n_fields; f++)
        {
          const NpcField *field = fields[f];
          const NpcValue *value = npc_evaluation_get_value (self->evaluation, field);
          const NpcDerived *derived = find_derived (self, field);
          JsonNode *raw = npc_case_get_value (self->kase, field->id);
          g_autofree char *value_text = NULL;
          g_autoptr(GString) how = g_string_new (NULL);
          g_autofree char *label_m = NULL;
          g_autofree char *value_m = NULL;
          g_autofree char *how_m = NULL;
          const char *row[3];

          if (field->section != sections[s])
            continue;

          if (value != NULL && value->known)
            {
              value_text = npc_value_to_text (field, value);
              if (field->type == NPC_FIELD_INTEGER && field->unit != NULL)
                {
                  char *with_unit = g_strdup_printf ("%s %s", value_text, field->unit);

                  g_free (value_text);
                  value_text = with_unit;
                }
            }
          else
            value_text = g_strdup (_("not known"));

          if (derived != NULL)
            {
              g_string_append_printf (how, _("Derived at %s · %s"), derived->by->id,
                                      derived->by->label);
              if (raw != NULL)
                {
                  g_autofree char *entered = raw_value_text (field, raw);

                  g_string_append_printf (how, _("; entered as “%s”"), entered);
                }
            }
          else if (raw != NULL && value != NULL && value->known)
            g_string_append (how, _("Entered"));
          else if (raw != NULL)
            {
              g_autofree char *entered = raw_value_text (field, raw);

              g_string_append_printf (how, _("Entered as “%s”"), entered);
            }
          else if (value != NULL && value->known)
            g_string_append (how, _("Not entered: the guideline’s default"));
          else
            g_string_append (how, _("Not entered"));

          for (guint e = 0; e < n_errors; e++)
            if (g_strcmp0 (errors[e]->field, field->id) == 0)
              g_string_append_printf (how, _("; error %s"), errors[e]->rule);

          label_m = g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                             field->label, field->id);
          if (value != NULL && value->known)
            value_m = g_markup_printf_escaped ("%s%s", value_text,
                                               derived != NULL ? _(" (derived)") : "");
          else
            value_m = g_markup_printf_escaped ("<i>%s</i>", value_text);
          how_m = g_markup_escape_text (how->str, -1);
          row[0] = label_m;
          row[1] = value_m;
          row[2] = how_m;
          table_row (bld, &t, FALSE, row, 3);
        }
    }

  /* What the file holds that the guideline does not know: shown, never dropped. */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *id_m = NULL;
      g_autofree char *value_m = NULL;
      const char *row[3];

      if (npc_guideline_lookup_field (self->guideline, ids[i]) != NULL)
        continue;
      if (!any_other)
        {
          const char *head[] = { _("Entry"), _("Value"), _("How it is known") };

          heading (bld, STYLE_H3, _("Entries that are not fields of this guideline"));
          table_init (bld, &other, cols, 3);
          table_row (bld, &other, TRUE, head, 3);
          any_other = TRUE;
        }
      value = raw_value_text (NULL, npc_case_get_value (self->kase, ids[i]));
      id_m = g_markup_escape_text (ids[i], -1);
      value_m = g_markup_escape_text (value, -1);
      row[0] = id_m;
      row[1] = value_m;
      row[2] = _("Entered; not used by the guideline");
      table_row (bld, &other, FALSE, row, 3);
    }
}

static void
build_why (NpcReport *self,
           Builder   *bld)
{
  guint n_path = 0, n_derived = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n_path);
  const NpcDerived *derived = npc_evaluation_get_derived (self->evaluation, &n_derived);
  const NpcNode *stopped = npc_evaluation_get_stopped_at (self->evaluation);
  g_autoptr(GString) ids = g_string_new (NULL);
  const double cols[] = { 0.14, 0.30, 0.20, 0.36 };

  heading (bld, STYLE_H1, _("4 Why: the path through the pathway"));

  if (n_path == 0)
    {
      para_text (bld, STYLE_BODY, _("No path: the case is not valid, so the pathway was not "
                                    "followed past the validation rules."));
      return;
    }

  for (guint i = 0; i < n_path; i++)
    g_string_append_printf (ids, "%s%s", i ? " → " : "", path[i]->id);
  {
    g_autofree char *m = g_markup_printf_escaped ("<b>%s</b> %s", _("Path:"), ids->str);

    para (bld, STYLE_BODY, 0, m);
  }

  for (guint i = 0; i < n_path; i++)
    {
      const NpcNode *node = path[i];
      g_autofree char *title = g_strdup_printf ("%u. %s · %s (%s)", i + 1, node->id,
                                                node->label, node_kind_text (node));

      heading (bld, STYLE_H3, title);

      if (node->kind == NPC_NODE_DECISION)
        {
          Table t;
          const char *head[] = { _("State"), _("Branch"), _("Leads to"), _("Reason") };
          gboolean after_taken = FALSE, after_stop = FALSE;

          table_init (bld, &t, cols, 4);
          table_row (bld, &t, TRUE, head, 4);
          for (guint b = 0; b < node->n_branches; b++)
            {
              const NpcBranch *branch = &node->branches[b];
              const NpcStep *step = npc_evaluation_get_branch_step (self->evaluation, node, b);
              NpcBranchState state = step ? step->state : NPC_BRANCH_NOT_LOOKED_AT;
              const char *reason;
              g_autofree char *state_m = NULL;
              g_autofree char *branch_m = NULL;
              g_autofree char *target_m = NULL;
              g_autofree char *reason_m = NULL;
              const char *row[4];

              if (step != NULL && step->reason != NULL)
                reason = step->reason;
              else if (after_taken)
                reason = _("An earlier branch was taken.");
              else if (after_stop)
                reason = _("The pathway stops at the undetermined branch above.");
              else
                reason = _("no reason recorded");

              state_m = g_markup_printf_escaped (state == NPC_BRANCH_TAKEN ? "<b>%s</b>" : "%s",
                                                 branch_state_text (state));
              if (branch->text != NULL)
                branch_m = g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                                    branch->label, branch->text);
              else
                branch_m = g_markup_escape_text (branch->label, -1);
              target_m = g_markup_printf_escaped ("%s · %s", branch->target->id,
                                                  branch->target->label);
              reason_m = g_markup_escape_text (reason, -1);
              row[0] = state_m;
              row[1] = branch_m;
              row[2] = target_m;
              row[3] = reason_m;
              table_row (bld, &t, FALSE, row, 4);

              if (state == NPC_BRANCH_TAKEN)
                after_taken = TRUE;
              if (state == NPC_BRANCH_UNDETERMINED && node == stopped)
                after_stop = TRUE;
            }
          if (node == stopped)
            {
              g_autofree char *m = NULL;
              guint n = 0;
              const NpcField *const *fields =
                npc_evaluation_get_needs_input (self->evaluation, &n);
              g_autoptr(GString) names = g_string_new (NULL);

              for (guint k = 0; k < n; k++)
                g_string_append_printf (names, "%s%s", k ? ", " : "", fields[k]->label);
              m = g_markup_printf_escaped (_("<b>The pathway stops here</b> until these are "
                                             "known: %s."), names->str);
              para (bld, STYLE_BODY, 0, m)->space_before = 3;
            }
        }
      else if (node->kind == NPC_NODE_REDIRECT)
        {
          g_autofree char *m = g_markup_printf_escaped (_("Continues at %s · %s%s"),
                                                        node->target->id, node->target->label,
                                                        full_stop (node->target->label));

          para (bld, STYLE_BODY, 0, m);
          for (guint k = 0; k < n_derived; k++)
            {
              g_autofree char *value = NULL;
              g_autofree char *dm = NULL;

              if (derived[k].by != node)
                continue;
              value = npc_value_to_text (derived[k].field, &derived[k].value);
              dm = g_markup_printf_escaped (_("Sets “%s” to %s for the rest of the pathway."),
                                            derived[k].field->label, value);
              item (bld, STYLE_BODY, 0, "•", dm);
            }
        }
      else
        {
          g_autofree char *strength = strength_text (node);
          g_autofree char *m = g_markup_printf_escaped (_("The outcome reached: %s. %s."),
                                                        outcome_type_text (node->type),
                                                        strength);

          para (bld, STYLE_BODY, 0, m);
        }
    }
}

static void
collect_refs (GArray      *refs,
              const guint *numbers,
              guint        n)
{
  for (guint i = 0; i < n; i++)
    g_array_append_val (refs, numbers[i]);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
sort_unique (GArray *refs)
{
  guint out = 0;

  g_array_sort (refs, compare_uint);
  for (guint i = 0; i < refs->len; i++)
    if (out == 0 || g_array_index (refs, guint, i) != g_array_index (refs, guint, out - 1))
      g_array_index (refs, guint, out++) = g_array_index (refs, guint, i);
  g_array_set_size (refs, out);
}

static char *
citation_markup (NpcReport *self,
                 guint      n)
{
  const NpcReference *ref = npc_guideline_lookup_reference (self->guideline, n);
  g_autofree char *citation = ref != NULL ? format_reference (ref)
                                          : g_strdup (_("(not in the guideline’s reference "
                                                        "list)"));

  return g_markup_escape_text (citation, -1);
}

static void
build_trial (NpcReport         *self,
             Builder           *bld,
             const NpcEvidence *ev)
{
  g_autofree char *title = NULL;
  g_autofree char *n_text = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (guint));
  const double kv_cols[] = { 0.22, 0.78 };
  Table t;

  if (ev->named_in_source)
    title = g_strdup_printf ("%s · %s", ev->id, ev->name);
  else
    title = g_strdup_printf (_("%s · %s (not named in the review)"), ev->id, ev->name);
  heading (bld, STYLE_H2, title);

  table_init (bld, &t, kv_cols, 2);
  table_kv_text (bld, &t, _("Design"), or_not_given (ev->design));
  table_kv_text (bld, &t, _("Phase"), or_not_given (ev->phase));
  n_text = ev->n ? g_strdup_printf ("%u", ev->n) : g_strdup (_("not given"));
  table_kv_text (bld, &t, _("Patients (n)"), n_text);
  table_kv_text (bld, &t, _("Population"), or_not_given (ev->population));
  for (guint a = 0; a < ev->n_arms; a++)
    {
      const NpcArm *arm = &ev->arms[a];
      g_autofree char *key = g_strdup_printf (_("Arm: %s"), arm->label);
      g_autofree char *arm_n = arm->n ? g_strdup_printf ("%u", arm->n) : g_strdup (_("not given"));
      g_autofree char *v = g_strdup_printf (_("Regimen: %s · n = %s"),
                                            or_not_given (arm->regimen), arm_n);

      table_kv_text (bld, &t, key, v);
    }
  if (ev->n_arms == 0)
    table_kv_text (bld, &t, _("Arms"), _("not given"));
  table_kv_text (bld, &t, _("Follow-up"), or_not_given (ev->follow_up));
  if (ev->toxicity == NULL || ev->toxicity[0] == NULL)
    table_kv_text (bld, &t, _("Toxicity"), _("not given"));
  for (guint i = 0; ev->toxicity != NULL && ev->toxicity[i] != NULL; i++)
    table_kv_text (bld, &t, _("Toxicity"), ev->toxicity[i]);
  if (ev->limitations == NULL || ev->limitations[0] == NULL)
    table_kv_text (bld, &t, _("Limitations"), _("none stated"));
  for (guint i = 0; ev->limitations != NULL && ev->limitations[i] != NULL; i++)
    table_kv_text (bld, &t, _("Limitation"), ev->limitations[i]);

  for (guint i = 0; i < ev->links.n_cites; i++)
    collect_refs (refs, ev->links.cites[i].refs, ev->links.cites[i].n_refs);
  sort_unique (refs);
  if (refs->len == 0)
    table_kv_text (bld, &t, _("References"), _("none given"));
  for (guint i = 0; i < refs->len; i++)
    {
      guint n = g_array_index (refs, guint, i);
      g_autofree char *key = g_strdup_printf (_("Reference %u"), n);
      g_autofree char *citation = citation_markup (self, n);

      table_kv (bld, &t, key, citation);
    }

  /* The results: one row per measure, one column per arm. */
  {
    Table rt;
    double fractions[16];
    const char *head[16];
    guint n_cols = 0, n_arms = MIN (ev->n_arms, 12);
    g_autofree char *hr_head = g_strdup (_("Hazard ratio (CI)"));
    Block *b;

    fractions[n_cols] = 0.25;
    head[n_cols++] = _("Result");
    for (guint a = 0; a < n_arms; a++)
      {
        fractions[n_cols] = 0.36 / MAX (n_arms, 1);
        head[n_cols++] = ev->arms[a].label;
      }
    fractions[n_cols] = 0.22;
    head[n_cols++] = hr_head;
    fractions[n_cols] = 0.17;
    head[n_cols++] = _("Follow-up");

    if (ev->n_results == 0)
      {
        b = para_text (bld, STYLE_BODY, _("Results: none given in the review."));
        b->space_before = 4;
        return;
      }

    table_init (bld, &rt, fractions, n_cols);
    b = table_row (bld, &rt, TRUE, head, n_cols);
    b->space_before = 5;
    for (guint r = 0; r < ev->n_results; r++)
      {
        const NpcResult *result = &ev->results[r];
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GString) hr = g_string_new (NULL);

        g_ptr_array_add (cells, g_markup_escape_text (result->measure, -1));
        for (guint a = 0; a < n_arms; a++)
          {
            const char *value = NULL;

            for (guint v = 0; v < result->n_values; v++)
              if (result->values[v].arm == &ev->arms[a])
                value = result->values[v].text;
            g_ptr_array_add (cells, value != NULL ? g_markup_escape_text (value, -1)
                                                  : g_markup_printf_escaped ("<i>%s</i>",
                                                                             _("not given")));
          }
        if (result->hazard_ratio != NULL && result->ci_lower != NULL && result->ci_upper != NULL)
          g_string_append_printf (hr, _("HR %s (%s CI %s–%s)"), result->hazard_ratio,
                                  result->ci_level ? result->ci_level : "95%",
                                  result->ci_lower, result->ci_upper);
        else if (result->hazard_ratio != NULL)
          g_string_append_printf (hr, _("HR %s (no CI given)"), result->hazard_ratio);
        else
          g_string_append (hr, _("not given"));
        {
          g_autofree char *hr_m = result->summary != NULL
                                  ? g_markup_printf_escaped ("%s\n<i>%s</i>", hr->str,
                                                             result->summary)
                                  : g_markup_escape_text (hr->str, -1);

          g_ptr_array_add (cells, g_steal_pointer (&hr_m));
        }
        g_ptr_array_add (cells, g_markup_escape_text (result->follow_up ? result->follow_up
                                                      : or_not_given (ev->follow_up), -1));
        table_row (bld, &rt, FALSE, (const char *const *) cells->pdata, cells->len);
      }
  }
}

static void
add_info (GPtrArray     *infos,
          const NpcNode *node)
{
  for (guint i = 0; node != NULL && i < node->links.n_infos; i++)
    if (!g_ptr_array_find (infos, node->links.infos[i], NULL))
      g_ptr_array_add (infos, (gpointer) node->links.infos[i]);
}

static void
build_evidence (NpcReport *self,
                Builder   *bld,
                GArray    *refs)
{
  guint n_evidence = 0, n_alts = 0;
  const NpcEvidence *const *evidence = npc_evaluation_get_evidence (self->evaluation, &n_evidence);
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n_alts);
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();

  heading (bld, STYLE_H1, _("5 Evidence"));
  if (npc_evaluation_get_primary (self->evaluation) == NULL)
    {
      para_text (bld, STYLE_BODY, _("None: no outcome has been reached."));
      return;
    }
  if (n_evidence == 0)
    para_text (bld, STYLE_BODY, _("The guideline links no trial or study to this outcome."));
  else
    para_text (bld, STYLE_SMALL, _("The trials and studies behind the outcome and its "
                                   "alternatives, with the numbers the review gives."));

  for (guint i = 0; i < n_evidence; i++)
    {
      build_trial (self, bld, evidence[i]);
      for (guint c = 0; c < evidence[i]->links.n_cites; c++)
        collect_refs (refs, evidence[i]->links.cites[c].refs, evidence[i]->links.cites[c].n_refs);
    }

  add_info (infos, npc_evaluation_get_primary (self->evaluation));
  for (guint i = 0; i < n_alts; i++)
    add_info (infos, alts[i].node);
  for (guint i = 0; i < infos->len; i++)
    {
      const NpcInfo *info = infos->pdata[i];

      heading (bld, STYLE_H2, info->title);
      for (guint p = 0; p < info->n_parts; p++)
        {
          const NpcInfoPart *part = &info->parts[p];
          g_autofree char *r = refs_text (part->refs, part->n_refs);
          g_autofree char *m = NULL;

          if (part->label != NULL)
            m = g_markup_printf_escaped ("<b>%s</b> %s%s%s", part->label, part->text,
                                         *r ? " " : "", r);
          else
            m = g_markup_printf_escaped ("%s%s%s", part->text, *r ? " " : "", r);
          para (bld, STYLE_BODY, 0, m);
          collect_refs (refs, part->refs, part->n_refs);
        }
    }
}

static void
build_references (NpcReport *self,
                  Builder   *bld,
                  GArray    *refs)
{
  guint n = 0;
  const guint *numbers = npc_evaluation_get_references (self->evaluation, &n);
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);

  heading (bld, STYLE_H1, _("6 References"));
  collect_refs (refs, numbers, n);
  for (guint i = 0; primary != NULL && i < primary->n_options; i++)
    collect_refs (refs, primary->options[i].refs, primary->options[i].n_refs);
  sort_unique (refs);

  if (refs->len == 0)
    {
      para_text (bld, STYLE_BODY, primary == NULL
                                  ? _("None: no outcome has been reached.")
                                  : _("The guideline links no reference to this outcome."));
      return;
    }
  para_text (bld, STYLE_SMALL, _("Numbered as in the review."));
  for (guint i = 0; i < refs->len; i++)
    {
      guint number = g_array_index (refs, guint, i);
      g_autofree char *mark = g_strdup_printf ("%u.", number);
      g_autofree char *m = citation_markup (self, number);

      item (bld, STYLE_BODY, 0, mark, m);
    }
}

static void
build_flow (NpcReport *self,
            double     width)
{
  Builder bld = { self, self->blocks, width, NULL };
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (guint));

  build_title (self, &bld);
  build_outcome (self, &bld);
  build_alternatives (self, &bld);
  build_case (self, &bld);
  build_why (self, &bld);
  build_evidence (self, &bld, refs);
  build_references (self, &bld, refs);
  page_break (&bld);
  block_add (&bld, BLOCK_DIAGRAM);
}

/* ------------------------------------------------------------------------------------------ */
/* page furniture: header and footer                                                           */

static char *
header_markup (NpcReport *self)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);

  return g_markup_printf_escaped (_("<b>NPC Pathway · Case report: %s</b>\n"
                                    "Source: %s · literature review current through %s · "
                                    "last updated %s · guideline %s, version %s"),
                                  case_label (self), meta->source_title,
                                  or_not_given (meta->literature_review_through),
                                  or_not_given (meta->last_updated),
                                  npc_guideline_get_id (self->guideline),
                                  npc_guideline_get_version (self->guideline));
}

static char *
footer_markup (NpcReport *self)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);

  return g_markup_escape_text (meta->disclaimer, -1);
}

static char *
page_number_text (NpcReport *self,
                  guint      page)
{
  return g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
}

static char *
written_text (NpcReport *self)
{
  g_autofree char *date = date_text (self->date);

  return g_strdup_printf (_("Written %s"), date);
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
  g_autofree char *header = header_markup (self);
  g_autofree char *footer = footer_markup (self);
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
  Builder bld = { self, self->extra, f->geom->width, NULL };
  guint first = self->extra->len;

  if (heading_text != NULL)
    heading (&bld, STYLE_H1, heading_text);
  if (caption != NULL)
    para_text (&bld, STYLE_SMALL, caption);
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

  build_flow (self, self->geom[0].width);

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
  g_autofree char *header = header_markup (self);
  g_autofree char *footer = footer_markup (self);
  g_autofree char *number = page_number_text (self, page);
  g_autofree char *written = written_text (self);
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

  header = header_markup (self);
  {
    g_autoptr(PangoLayout) h = make_layout (self, STYLE_HEADER, header, geom->width);

    append_layout (s, h);
  }

  append_page_body (s, p);

  footer = footer_markup (self);
  {
    g_autoptr(PangoLayout) f = make_layout (self, STYLE_FOOTER, footer, geom->width);

    append_layout (s, f);
  }
  written = written_text (self);
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
  g_autofree char *title = g_strdup_printf (_("Case report: %s"), case_label (self));
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

  pdf_metadata (self, surface);
  cr = cairo_create (surface);
  for (guint i = 0; i < self->pages->len; i++)
    {
      double w, h;

      npc_report_get_page_size (self, i, &w, &h);
      cairo_pdf_surface_set_size (surface, w, h);
      npc_report_draw_page (self, cr, i);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  return status == CAIRO_STATUS_SUCCESS && cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS;
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
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (NPC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);

  /* g_file_replace writes beside the target and renames on close: a failed report never
   * leaves half a file where a good one was. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                        &local_error);
  if (out == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"), path,
                   local_error->message);
      return FALSE;
    }
  if (!npc_report_write_pdf_to_stream (self, G_OUTPUT_STREAM (out), NULL, &local_error))
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* closing a cancelled replace stream keeps the old file */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"), path,
                   local_error->message);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local_error))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
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
