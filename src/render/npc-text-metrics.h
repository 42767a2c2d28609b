/* npc-text-metrics.h — the size of a text as pango lays it out, without pango where possible
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout measures every box, and pango takes 8–15 µs a text however short: 5,000 boxes
 * took 100 ms. Most labels are words from a small vocabulary, separated by single spaces.
 * For those, a line is as wide as its words plus its spaces, and pango wraps greedily at the
 * spaces, so the size follows from the width of each word, learnt once from pango. Anything
 * else (punctuation, other scripts, ellipsized text, a font that kerns around spaces) is
 * measured by pango and the result kept. Sizes are in pango units and equal pango's.
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct _NpcTextMetrics NpcTextMetrics;

/* How a text is laid out: what make_text in npc-renderer.c sets on a PangoLayout. */
typedef struct {
  double size;          /* absolute font size, model units */
  PangoWeight weight;
  PangoStyle style;
  double width;         /* wrap width in model units; <= 0: no wrapping */
  int max_lines;        /* > 0: at most this many lines, then an ellipsis */
  PangoAlignment align;
} NpcTextStyle;

NpcTextMetrics *npc_text_metrics_new     (PangoContext *context,
                                          const char   *font_family);
void            npc_text_metrics_free    (NpcTextMetrics *self);

/* Sets `context` to the interface's language (npc_get_translation_language()), so that
 * Chinese text drawn in diagrams and reports takes the glyph forms of zh_CN, zh_TW or zh_HK
 * rather than the environment's guess. Does nothing for an untranslated interface. */
void            npc_text_context_set_language (PangoContext *context);

/* Fills a font description for style (the family is the one given to new). */
void            npc_text_metrics_set_font (NpcTextMetrics       *self,
                                           const NpcTextStyle   *style,
                                           PangoFontDescription *font);

/* The logical size of text laid out in style, in pango units. When the text is certainly
 * narrower than narrow (pango units), *width may be any value up to narrow instead of the
 * exact width: callers that only use the width above a minimum pass that minimum, and
 * -1 for the exact width. The height is always exact. */
void            npc_text_metrics_measure (NpcTextMetrics     *self,
                                          const NpcTextStyle *style,
                                          const char         *text,
                                          int                 narrow,
                                          int                *width,
                                          int                *height);

/* A PangoLayout of text set up as style says (what the renderer draws with). */
PangoLayout    *npc_text_metrics_new_layout (NpcTextMetrics     *self,
                                             const NpcTextStyle *style,
                                             const char         *text);

/* One line of a text as pango lays it out: its text (trailing spaces left out, an ellipsis
 * where pango puts one), where it is from the layout's left edge and where its baseline is
 * from the layout's top, in pango units. x is where the line starts, or its centre when
 * centred: the lines of a text centred in a wrap width are (their widths are then not needed,
 * and a renderer centres them with its own measure of the text). */
typedef struct {
  const char *text;
  int x;
  int baseline;
  gboolean centred;
} NpcTextLine;

/* The lines of text laid out in style, valid until the next call. For the texts the size
 * model knows (words and single spaces) no PangoLayout is made: word widths come from
 * HarfBuzz, shaped once per word. */
const NpcTextLine *npc_text_metrics_get_lines        (NpcTextMetrics     *self,
                                                      const NpcTextStyle *style,
                                                      const char         *text,
                                                      guint              *n_lines);
/* The lines of a layout, from pango. */
const NpcTextLine *npc_text_metrics_get_layout_lines (NpcTextMetrics *self,
                                                      PangoLayout    *layout,
                                                      guint          *n_lines);

/* For tests: measure everything with pango (the reference), or not. */
void            npc_text_metrics_set_pango_only (NpcTextMetrics *self,
                                                 gboolean        pango_only);

/* For tests: how many texts pango has laid out, of all those measured. */
guint           npc_text_metrics_get_n_pango    (NpcTextMetrics *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcTextMetrics, npc_text_metrics_free)

G_END_DECLS
