/* npc-report-private.h — what the report's files share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * npc-report.c lays pages out and draws them; npc-report-sections.c writes the words, as a
 * flow of blocks: paragraphs and table rows, each a row of pango layouts.
 */
#pragma once

#include <pango/pangocairo.h>

#include "npc-layout.h"
#include "npc-renderer.h"
#include "npc-report.h"

G_BEGIN_DECLS

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

/* The diagram: the scales tried for the pieces of the path, largest first; at the smallest a
 * box's label (13 units) is still 8.5 pt on paper. The legend is drawn as large. */
#define DETAIL_MIN_SCALE 0.65
#define DETAIL_MAX_SCALE 0.75
#define LEGEND_SCALE     0.72
#define DIAGRAM_PAD      12.0  /* model units around a piece */
#define DIAGRAM_ABOVE    60.0  /* model units above a piece's first box: its branch label */
#define DIAGRAM_TAG_BELOW 10.0 /* model units of a box's state tag below its bottom edge */
#define DIAGRAM_LABEL_ZONE 52.0 /* model units above every box that belong to it: the branch
                                 * label and the reason written over it */

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

/* A piece of the diagram on a page, or its legend. */
typedef struct {
  NpcLayoutRect region;  /* model units */
  double scale;
  double x, y;           /* where region's top-left lands on the page */
  gboolean legend;       /* the legend alone, at (x, y) */
  gboolean highlight;    /* draw the evaluation */
} DiagramView;

typedef struct {
  gboolean landscape;
  GArray *placements;   /* Placement */
  GArray *diagrams;     /* DiagramView */
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

/* npc-report.c */
/* A block for the flow: free with the report's block arrays. */
Block      *_npc_report_block_new      (BlockKind    kind,
                                        double       width);
Cell       *_npc_report_cell_new       (NpcReport   *self,
                                        TextStyle    style,
                                        const char  *markup,
                                        double       x,
                                        double       width,
                                        double       inset);

/* npc-report-sections.c */
/* Appends the report's sections to blocks, for a body this wide. */
void        _npc_report_build_flow     (NpcReport   *self,
                                        GPtrArray   *blocks,
                                        double       width);
/* Appends the caption of one piece of the diagram: part `part` (from 1), the path's nodes
 * [first, last]. */
void        _npc_report_build_caption  (NpcReport   *self,
                                        GPtrArray   *blocks,
                                        double       width,
                                        guint        part,
                                        guint        first,
                                        guint        last);
const char *_npc_report_case_label     (NpcReport   *self);
char       *_npc_report_header_markup  (NpcReport   *self);
char       *_npc_report_footer_markup  (NpcReport   *self);
char       *_npc_report_written_text   (NpcReport   *self);


/* The flow of blocks onto pages, while the report is paginated. */
typedef struct {
  NpcReport *self;
  Page *page;
  const PageGeom *geom;
  double y;
} Flow;

/* Shared by the report's files (npc-report-flow.c, npc-report-diagram.c, npc-report.c). */
G_GNUC_INTERNAL PangoLayout * make_layout (NpcReport *self, TextStyle style, const char *markup, double width);
G_GNUC_INTERNAL char * page_number_text (NpcReport *self, guint page);
G_GNUC_INTERNAL double flow_bottom (Flow *f);
G_GNUC_INTERNAL double layout_height (PangoLayout *layout);
G_GNUC_INTERNAL gboolean flow_page_empty (Flow *f);
G_GNUC_INTERNAL void add_diagram_pieces (Flow *f, GPtrArray *captions);
G_GNUC_INTERNAL void block_free (Block *block);
G_GNUC_INTERNAL void cell_free (Cell *cell);
G_GNUC_INTERNAL void close_boxes (Page *page);
G_GNUC_INTERNAL void compute_geometry (NpcReport *self, PageGeom *geom, double page_w, double page_h);
G_GNUC_INTERNAL void draw_diagram (NpcReport *self, cairo_t *cr, const DiagramView *view);
G_GNUC_INTERNAL void flow_new_page (Flow *f, gboolean landscape);
G_GNUC_INTERNAL void outline_entry_clear (gpointer data);
G_GNUC_INTERNAL void page_free (Page *page);
G_GNUC_INTERNAL void place_block (Flow *f, GPtrArray *blocks, guint index);
G_GNUC_INTERNAL void place_whole (Flow *f, Block *b);
G_GNUC_INTERNAL void placement_clear (gpointer data);
G_GNUC_INTERNAL void set_rgb (cairo_t *cr, const Rgb *c);

G_END_DECLS
