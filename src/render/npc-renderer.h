/* npc-renderer.h — draws a laid-out pathway and its highlight with cairo and pango
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One description of the picture, a scene (npc-scene.h), for the screen (the widget hands
 * npc_renderer_draw the cairo context of gtk_snapshot_append_cairo) and for export (PNG and
 * PDF through the same cairo writer, SVG through the SVG writer). Geometry is in model units;
 * text is laid out with hinting off, so the picture is the same at any scale.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <pango/pango.h>

#include "npc-evaluation.h"
#include "npc-layout.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue, alpha;
} NpcColor;

/* The colours of the diagram. Every state is told apart by line, dash and text as well. */
typedef struct {
  NpcColor background;
  NpcColor foreground;    /* text and normal lines */
  NpcColor muted;         /* secondary text, not-reached lines */
  NpcColor dimmed;        /* excluded: readable, quieter */
  NpcColor box;           /* box fill */
  NpcColor decision;      /* decision box fill */
  NpcColor outcome;       /* outcome box fill */
  NpcColor accent;        /* the path */
  NpcColor accent_fill;   /* fill of boxes on the path */
  NpcColor primary_fill;  /* fill of the outcome reached */
  NpcColor alternative;   /* alternatives */
  NpcColor undetermined;  /* undetermined branches */
  NpcColor warning;       /* where input is needed */
  NpcColor selection;     /* the selected box's focus ring */
} NpcPalette;

/* How a box was drawn, as the renderer's record says. */
typedef enum {
  NPC_RENDER_NEUTRAL,      /* no evaluation */
  NPC_RENDER_NOT_REACHED,
  NPC_RENDER_PATH,
  NPC_RENDER_PRIMARY,
  NPC_RENDER_ALTERNATIVE,
  NPC_RENDER_EXCLUDED,
  NPC_RENDER_UNDETERMINED,
  NPC_RENDER_STOPPED,
} NpcRenderStyle;

typedef struct {
  const NpcLayoutBox *box;
  NpcNodeState state;    /* NOT_REACHED when there is no evaluation */
  NpcRenderStyle style;
  double line_width;     /* model units */
  gboolean dashed;
  gboolean selected;
  gboolean text_drawn;   /* FALSE when the scale was too small for text */
  const char *tag;       /* the state in words on the box, or NULL */
  const char *grade_badge; /* the grade badge as drawn ("Grade 2C", "Graded 2B for others") */
} NpcRenderRecord;

#define NPC_TYPE_RENDERER (npc_renderer_get_type ())
G_DECLARE_FINAL_TYPE (NpcRenderer, npc_renderer, NPC, RENDERER, GObject)

NpcRenderer *npc_renderer_new             (void);

void         npc_renderer_get_default_palette (gboolean    dark,
                                               NpcPalette *palette);
void         npc_renderer_set_palette     (NpcRenderer      *self,
                                           const NpcPalette *palette);
const NpcPalette *npc_renderer_get_palette (NpcRenderer     *self);
/* Font family for all text ("Sans" by default); changes box sizes, so lay out again. */
void         npc_renderer_set_font_family (NpcRenderer *self,
                                           const char  *family);
/* The font map text is measured and drawn with: pango's default for the thread that made
 * the renderer, unless set. Sizes do not depend on it; a map that loaded the fonts already
 * (another renderer's, once that one is done with it) saves loading them again. */
PangoFontMap *npc_renderer_get_font_map   (NpcRenderer  *self);
void         npc_renderer_set_font_map    (NpcRenderer  *self,
                                           PangoFontMap *map);

/* An NpcLayoutMeasureFunc; user_data is the renderer. Sizes are pango's, from a cache of
 * texts and word widths that the renderer keeps until its font changes: laying out again,
 * or a tree whose labels share words, costs little. */
void         npc_renderer_measure         (const NpcLayoutBox *box,
                                           double             *width,
                                           double             *height,
                                           gpointer            user_data);
/* Lays out a guideline with this renderer's text sizes. */
NpcLayout   *npc_renderer_layout_guideline (NpcRenderer          *self,
                                            NpcGuideline         *guideline,
                                            NpcLayoutOrientation  orientation);

/* Draws the layout in model units on cr (the caller sets the transform). Only boxes and
 * edges that meet clip (model units; NULL: everything) are drawn. scale is how many
 * device pixels a model unit covers: below a legible size, text is left out. */
void         npc_renderer_draw            (NpcRenderer         *self,
                                           cairo_t             *cr,
                                           NpcLayout           *layout,
                                           NpcEvaluation       *evaluation,
                                           const NpcLayoutRect *clip,
                                           double               scale);

/* A picture drawn in pieces (the widget draws tiles and keeps them): draws the part of the
 * picture in clip as npc_renderer_draw would, and adds what it drew to the record instead of
 * starting the record afresh. npc_renderer_forget_drawn starts it afresh. */
void         npc_renderer_draw_piece      (NpcRenderer         *self,
                                           cairo_t             *cr,
                                           NpcLayout           *layout,
                                           NpcEvaluation       *evaluation,
                                           const NpcLayoutRect *clip,
                                           double               scale);
void         npc_renderer_forget_drawn    (NpcRenderer *self);

/* The selected box gets a focus ring; NULL for none. */
void         npc_renderer_set_selected    (NpcRenderer        *self,
                                           const NpcLayoutBox *box);
/* Highlight change animation: boxes whose state differs from the previous evaluation
 * get a fading halo; progress goes from 0 (just changed) to 1 (done). */
void         npc_renderer_set_transition  (NpcRenderer   *self,
                                           NpcEvaluation *previous,
                                           double         progress);

/* The halo of the transition on a box whose state just changed: a rounded outline stroked
 * with line_width (model units) in color; FALSE when the box has none. A view that keeps its
 * picture while the halos fade draws them itself, over a picture drawn without a transition. */
typedef struct {
  NpcLayoutRect outline;
  double radius;
  double line_width;
  NpcColor color;
} NpcRendererHalo;

gboolean     npc_renderer_get_halo        (NpcRenderer        *self,
                                           const NpcLayoutBox *box,
                                           NpcEvaluation      *evaluation,
                                           NpcRendererHalo    *halo);

/* The state and style of a box, as npc_renderer_draw would draw it. */
NpcRenderStyle npc_renderer_get_box_style (NpcRenderer        *self,
                                           const NpcLayoutBox *box,
                                           NpcEvaluation      *evaluation,
                                           NpcNodeState       *state);

/* For tests and debugging: whether the renderer keeps a record of each box it draws (off
 * unless NPC_PATHWAY_DEBUG has render-record). */
void         npc_renderer_set_recording   (NpcRenderer *self,
                                           gboolean     recording);
/* What the last npc_renderer_draw drew (or the pieces since npc_renderer_forget_drawn):
 * NULL when the box was not drawn (culled) or no record is kept. */
const NpcRenderRecord *npc_renderer_get_record   (NpcRenderer        *self,
                                                  const NpcLayoutBox *box);
guint        npc_renderer_get_n_drawn     (NpcRenderer *self);

/* A legend of the styles, drawn at (x, y); returns its size through width and height
 * (measure only when cr is NULL). */
void         npc_renderer_draw_legend     (NpcRenderer *self,
                                           cairo_t     *cr,
                                           double       x,
                                           double       y,
                                           double      *width,
                                           double      *height);

/* A box's description for assistive technologies and tooltips:
 * "D7 Resectable? — decision, on this patient's path". Free with g_free(). */
char        *npc_renderer_describe_box    (NpcRenderer        *self,
                                           const NpcLayoutBox *box,
                                           NpcEvaluation      *evaluation);

const char  *npc_render_style_to_string   (NpcRenderStyle style);

G_END_DECLS
