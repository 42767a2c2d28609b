/* npc-text-metrics.c — the size of a text as pango lays it out, without pango where possible
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per text style, a probe shapes every ASCII letter and digit between spaces. When they come
 * from one font and every glyph is as wide as the font says (nothing kerns against a space),
 * a text of those characters and single spaces measures as the sum of its words: pango
 * shapes each word alike wherever it stands, and breaks lines only at spaces, a word going
 * on the line when the line with it still fits. The word widths are learnt from the texts
 * pango measures anyway, or shaped by HarfBuzz with pango's font where a word is new. Where
 * the model is not sure (a line exactly as wide as the wrap width, a word wider than a line,
 * more lines than allowed) pango measures.
 */

#define G_LOG_DOMAIN "npc-text-metrics"

#include "config.h"

#include <hb.h>
#include <string.h>

#include "npc-guideline.h"
#include "npc-text-metrics.h"

#define N_ASCII     128
#define MAX_WORD    64   /* longer words go to pango */
#define MAX_RUN     512  /* longer runs are not learnt from */
#define FIT_MARGIN  2    /* pango units: closer than this to the wrap width, ask pango */

typedef struct {
  int width, height;
} Size;

typedef struct {
  NpcTextStyle style;
  PangoLayout *layout;   /* set up as make_text would, reused for every text */

  gboolean probed;
  gboolean model_ok;     /* words add up: the model may be used */
  int space;             /* width of a space */
  int line_height;
  int slack;             /* per character: what kerning could add, at most */
  int advance[N_ASCII];  /* width of a letter or digit alone; 0: not one */

  GHashTable *words;     /* word -> width + 1 (a pointer-sized int) */
  GHashTable *texts;     /* text -> Size, what pango said */

  int ascent;            /* of a line: its baseline from its top */
  PangoFont *font;       /* the probe's font, and its HarfBuzz font: shapes unknown words */
  hb_font_t *hb;
} StyleState;

typedef struct {
  gsize offset;          /* in lines_text */
  int x, baseline;
} LineSpan;

struct _NpcTextMetrics {
  PangoContext *context;
  char *font_family;
  GPtrArray *styles; /* StyleState */
  gboolean pango_only;
  guint n_pango;

  GString *lines_text;   /* the lines of the last get_lines, each ending in a NUL */
  GArray *spans;         /* LineSpan */
  GArray *lines;         /* NpcTextLine */
  gboolean centred;      /* the lines of the last get_lines have their centres as x */
  hb_buffer_t *buffer;
};

static void
style_state_free (gpointer data)
{
  StyleState *st = data;

  g_clear_object (&st->layout);
  g_clear_pointer (&st->words, g_hash_table_unref);
  g_clear_pointer (&st->texts, g_hash_table_unref);
  g_clear_pointer (&st->hb, hb_font_destroy);
  g_clear_object (&st->font);
  g_free (st);
}

NpcTextMetrics *
npc_text_metrics_new (PangoContext *context,
                      const char   *font_family)
{
  NpcTextMetrics *self = g_new0 (NpcTextMetrics, 1);

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  self->context = g_object_ref (context);
  self->font_family = g_strdup (font_family != NULL ? font_family : "Sans");
  self->styles = g_ptr_array_new_with_free_func (style_state_free);
  self->lines_text = g_string_new (NULL);
  self->spans = g_array_new (FALSE, FALSE, sizeof (LineSpan));
  self->lines = g_array_new (FALSE, FALSE, sizeof (NpcTextLine));
  self->buffer = hb_buffer_create ();
  return self;
}

void
npc_text_metrics_free (NpcTextMetrics *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->context);
  g_free (self->font_family);
  g_ptr_array_unref (self->styles);
  g_string_free (self->lines_text, TRUE);
  g_array_unref (self->spans);
  g_array_unref (self->lines);
  hb_buffer_destroy (self->buffer);
  g_free (self);
}

void
npc_text_metrics_set_pango_only (NpcTextMetrics *self,
                                 gboolean        pango_only)
{
  g_return_if_fail (self != NULL);

  self->pango_only = pango_only;
  g_ptr_array_set_size (self->styles, 0);
}

guint
npc_text_metrics_get_n_pango (NpcTextMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pango;
}

void
npc_text_metrics_set_font (NpcTextMetrics       *self,
                           const NpcTextStyle   *style,
                           PangoFontDescription *font)
{
  pango_font_description_set_family (font, self->font_family);
  pango_font_description_set_absolute_size (font, style->size * PANGO_SCALE);
  pango_font_description_set_weight (font, style->weight);
  pango_font_description_set_style (font, style->style);
}

static gboolean
style_equal (const NpcTextStyle *a,
             const NpcTextStyle *b)
{
  return a->size == b->size && a->weight == b->weight && a->style == b->style &&
         a->width == b->width && a->max_lines == b->max_lines && a->align == b->align;
}

static PangoLayout *
new_layout (NpcTextMetrics     *self,
            const NpcTextStyle *style,
            gboolean            wrapped)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  npc_text_metrics_set_font (self, style, font);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, style->align);
  if (wrapped && style->width > 0)
    {
      pango_layout_set_width (layout, (int) (style->width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (wrapped && style->max_lines > 0)
    {
      pango_layout_set_height (layout, -style->max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static StyleState *
get_style (NpcTextMetrics     *self,
           const NpcTextStyle *style)
{
  StyleState *st;

  for (guint i = 0; i < self->styles->len; i++)
    {
      st = g_ptr_array_index (self->styles, i);
      if (style_equal (&st->style, style))
        return st;
    }

  st = g_new0 (StyleState, 1);
  st->style = *style;
  st->layout = new_layout (self, style, TRUE);
  st->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_ptr_array_add (self->styles, st);
  return st;
}

static inline gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c);
}

/* Letters and digits in words, one space between words, nothing else. */
static gboolean
is_simple (const char *text)
{
  const char *p = text;

  if (*p == '\0' || *p == ' ')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (is_word_char (*p))
        continue;
      if (*p == ' ' && p[1] != ' ' && p[1] != '\0')
        continue;
      return FALSE;
    }
  return TRUE;
}

/* Learns the font's line height and widths, and whether words add up in it: every letter
 * and digit between spaces, shaped once. The model holds when they all come from one font
 * and shaping left every glyph as wide as the font says it is (nothing kerned against a
 * space). One layout: a few tens of microseconds. */
static void
probe (NpcTextMetrics *self,
       StyleState     *st)
{
  g_autoptr(PangoLayout) layout = new_layout (self, &st->style, FALSE);
  g_autoptr(GString) spaced = g_string_new (" ");
  PangoLayoutLine *line;
  PangoGlyphItem *run;
  PangoRectangle logical;
  hb_font_t *hb;
  int x_scale, y_scale;

  st->probed = TRUE;
  st->model_ok = FALSE;
  st->slack = (int) (st->style.size * PANGO_SCALE / 2);

  for (int c = 0; c < N_ASCII; c++)
    if (is_word_char (c))
      {
        g_string_append_c (spaced, c);
        g_string_append_c (spaced, ' ');
      }
  pango_layout_set_text (layout, spaced->str, spaced->len);
  pango_layout_get_extents (layout, NULL, &logical);
  st->line_height = logical.height;
  st->ascent = pango_layout_get_baseline (layout);
  if (pango_layout_get_line_count (layout) != 1)
    return;
  line = pango_layout_get_line_readonly (layout, 0);
  if (line->runs == NULL || line->runs->next != NULL)
    return; /* more than one font, or script */
  run = line->runs->data;
  if (run->item->num_chars != (int) spaced->len || run->glyphs->num_glyphs != (int) spaced->len)
    return;

  /* pango's hb_font is scaled in pango units, as the glyph widths are */
  hb = pango_font_get_hb_font (run->item->analysis.font);
  if (hb == NULL)
    return;
  hb_font_get_scale (hb, &x_scale, &y_scale);

  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *g = &run->glyphs->glyphs[i];
      int cluster = run->glyphs->log_clusters[i];
      char c;

      if (cluster != i || (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || g->glyph == PANGO_GLYPH_EMPTY ||
          g->geometry.width <= 0 ||
          g->geometry.width != hb_font_get_glyph_h_advance (hb, g->glyph))
        return;
      c = spaced->str[i];
      if (c == ' ')
        {
          if (st->space != 0 && st->space != g->geometry.width)
            return;
          st->space = g->geometry.width;
        }
      else
        st->advance[(guchar) c] = g->geometry.width;
    }

  st->model_ok = st->space > 0 && st->line_height > 0;
  if (st->model_ok)
    {
      st->font = g_object_ref (run->item->analysis.font);
      st->hb = hb_font_reference (hb);
    }
}

/* Keeps the width of every whole word of text that pango laid out in one run. */
static void
learn_words (StyleState  *st,
             PangoLayout *layout,
             const char  *text)
{
  PangoLayoutIter *iter;

  if (pango_layout_is_ellipsized (layout))
    return;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      int widths[MAX_RUN];
      const char *p, *end, *word = NULL;
      int w = 0;

      if (run == NULL || run->item->num_chars > MAX_RUN ||
          run->item->num_chars != run->item->length) /* ASCII: a byte a character */
        continue;
      pango_glyph_item_get_logical_widths (run, text, widths);
      p = text + run->item->offset;
      end = p + run->item->length;
      for (int i = 0; p <= end; p++, i++)
        {
          if (p < end && *p != ' ')
            {
              if (word == NULL)
                {
                  word = p;
                  w = 0;
                }
              w += widths[i];
              continue;
            }
          /* a word counts when a space or an end of the text is on both sides */
          if (word != NULL && (word == text || word[-1] == ' ') && (*p == ' ' || *p == '\0') &&
              p - word < MAX_WORD)
            {
              char key[MAX_WORD];

              memcpy (key, word, p - word);
              key[p - word] = '\0';
              if (!g_hash_table_contains (st->words, key))
                g_hash_table_insert (st->words, g_strdup (key), GINT_TO_POINTER (w + 1));
            }
          word = NULL;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* The model; FALSE when it cannot tell. */
static int word_width (NpcTextMetrics *self,
                       StyleState     *st,
                       const char     *word,
                       gsize           len);

static gboolean
measure_model (NpcTextMetrics *self,
               StyleState *st,
               const char *text,
               int         narrow,
               int        *width,
               int        *height)
{
  int limit = st->style.width > 0 ? (int) (st->style.width * PANGO_SCALE) : -1;
  int lines = 1, line = -1, widest = 0;
  const char *p = text;

  /* Narrower than narrow for certain: the width does not matter, one line does. */
  if (narrow > 0)
    {
      int bound = 0;

      for (const char *q = text; *q != '\0'; q++)
        bound += (*q == ' ' ? st->space : st->advance[(guchar) *q]) + st->slack;
      if (bound <= narrow && (limit < 0 || bound < limit - FIT_MARGIN))
        {
          *width = bound;
          *height = st->line_height;
          return TRUE;
        }
    }

  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      int w = word_width (self, st, p, len);

      if (w < 0)
        return FALSE;
      if (limit >= 0 && w >= limit - FIT_MARGIN)
        return FALSE; /* pango would break inside the word */
      if (line < 0)
        line = w;
      else if (limit < 0 || line + st->space + w < limit - FIT_MARGIN)
        line += st->space + w;
      else if (line + st->space + w > limit + FIT_MARGIN)
        {
          /* the space at the end of a wrapped line takes no room */
          widest = MAX (widest, line);
          line = w;
          lines++;
        }
      else
        return FALSE;

      p += len;
      if (*p == ' ')
        p++;
    }

  if (st->style.max_lines > 0 && lines > st->style.max_lines)
    return FALSE; /* ellipsized */
  *width = MAX (widest, line);
  *height = lines * st->line_height;
  return TRUE;
}

void
npc_text_metrics_measure (NpcTextMetrics     *self,
                          const NpcTextStyle *style,
                          const char         *text,
                          int                 narrow,
                          int                *width,
                          int                *height)
{
  StyleState *st;
  PangoRectangle logical;
  Size *size;
  gboolean simple;
  int w, h;

  g_return_if_fail (self != NULL);
  g_return_if_fail (style != NULL);

  if (text == NULL)
    text = "";
  st = get_style (self, style);

  if (self->pango_only)
    {
      self->n_pango++;
      pango_layout_set_text (st->layout, text, -1);
      pango_layout_get_extents (st->layout, NULL, &logical);
      *width = logical.width;
      *height = logical.height;
      return;
    }

  size = g_hash_table_lookup (st->texts, text);
  if (size != NULL)
    {
      *width = size->width;
      *height = size->height;
      return;
    }

  simple = is_simple (text);
  if (simple)
    {
      if (!st->probed)
        {
          probe (self, st);
          if (!st->model_ok)
            g_debug ("Words do not add up in %s %g px: pango measures every text",
                     self->font_family, st->style.size);
        }
      if (st->model_ok && measure_model (self, st, text, narrow, &w, &h))
        {
          *width = w;
          *height = h;
          return;
        }
    }

  self->n_pango++;
  pango_layout_set_text (st->layout, text, -1);
  pango_layout_get_extents (st->layout, NULL, &logical);
  if (simple && st->model_ok)
    learn_words (st, st->layout, text);

  size = g_new (Size, 1);
  size->width = logical.width;
  size->height = logical.height;
  g_hash_table_insert (st->texts, g_strdup (text), size);
  *width = size->width;
  *height = size->height;
}

PangoLayout *
npc_text_metrics_new_layout (NpcTextMetrics     *self,
                             const NpcTextStyle *style,
                             const char         *text)
{
  PangoLayout *layout;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  layout = new_layout (self, style, TRUE);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* ------------------------------------------------------------------------------------------ */
/* Lines */

static void
lines_begin (NpcTextMetrics *self,
             gboolean        centred)
{
  g_string_truncate (self->lines_text, 0);
  g_array_set_size (self->spans, 0);
  self->centred = centred;
}

/* Lines are given by their centre where the text is centred in a wrap width. */
static gboolean
style_centres (const NpcTextStyle *style)
{
  return style->align == PANGO_ALIGN_CENTER && style->width > 0;
}

static void
lines_add (NpcTextMetrics *self,
           const char     *text,
           gsize           len,
           int             x,
           int             baseline)
{
  LineSpan span = { self->lines_text->len, x, baseline };

  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r'))
    len--;
  g_string_append_len (self->lines_text, text, len);
  g_string_append_c (self->lines_text, '\0');
  g_array_append_val (self->spans, span);
}

static const NpcTextLine *
lines_end (NpcTextMetrics *self,
           guint          *n_lines)
{
  g_array_set_size (self->lines, self->spans->len);
  for (guint i = 0; i < self->spans->len; i++)
    {
      const LineSpan *span = &g_array_index (self->spans, LineSpan, i);
      NpcTextLine *line = &g_array_index (self->lines, NpcTextLine, i);

      line->text = self->lines_text->str + span->offset;
      line->x = span->x;
      line->baseline = span->baseline;
      line->centred = self->centred;
    }
  if (n_lines != NULL)
    *n_lines = self->lines->len;
  return (const NpcTextLine *) (gpointer) self->lines->data;
}

/* As pango places a line of a layout layout_width wide. */
static int
align_line (PangoAlignment align,
            int            layout_width,
            int            line_width)
{
  int x;

  if (align == PANGO_ALIGN_RIGHT)
    return layout_width - line_width;
  if (align != PANGO_ALIGN_CENTER)
    return 0;
  x = (layout_width - line_width) / 2;
  if (((layout_width | line_width) & (PANGO_SCALE - 1)) == 0)
    x = PANGO_UNITS_ROUND (x);
  return x;
}

/* The width of a word: learnt from pango, or shaped by HarfBuzz with the font pango uses
 * (the probe found that words add up in it), which gives what pango gives (pango shapes
 * with HarfBuzz; the tests compare every size and line with pango's); -1 when neither can
 * tell. */
static int
word_width (NpcTextMetrics *self,
            StyleState     *st,
            const char     *word,
            gsize           len)
{
  char key[MAX_WORD];
  gpointer found;
  guint n;
  hb_glyph_position_t *pos;
  int w = 0;

  if (len >= MAX_WORD)
    return -1;
  memcpy (key, word, len);
  key[len] = '\0';
  found = g_hash_table_lookup (st->words, key);
  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;
  if (st->hb == NULL)
    return -1;

  hb_buffer_clear_contents (self->buffer);
  hb_buffer_add_utf8 (self->buffer, word, len, 0, len);
  hb_buffer_set_direction (self->buffer, HB_DIRECTION_LTR);
  hb_buffer_set_script (self->buffer, HB_SCRIPT_LATIN);
  hb_buffer_set_language (self->buffer, hb_language_from_string (
    pango_language_to_string (pango_context_get_language (self->context)), -1));
  hb_shape (st->hb, self->buffer, NULL, 0);
  pos = hb_buffer_get_glyph_positions (self->buffer, &n);
  for (guint i = 0; i < n; i++)
    w += pos[i].x_advance;
  g_hash_table_insert (st->words, g_strdup (key), GINT_TO_POINTER (w + 1));
  return w;
}

/* The model's lines, as measure_model breaks them; FALSE when it cannot tell. */
static gboolean
model_lines (NpcTextMetrics *self,
             StyleState     *st,
             const char     *text)
{
  int limit = st->style.width > 0 ? (int) (st->style.width * PANGO_SCALE) : -1;
  int starts[64], widths[64];
  int n = 0, line = -1, widest = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      int w = word_width (self, st, p, len);

      if (w < 0 || (limit >= 0 && w >= limit - FIT_MARGIN))
        return FALSE;
      if (line < 0)
        {
          starts[n] = p - text;
          line = w;
        }
      else if (limit < 0 || line + st->space + w < limit - FIT_MARGIN)
        line += st->space + w;
      else if (line + st->space + w > limit + FIT_MARGIN)
        {
          if (n + 1 >= (int) G_N_ELEMENTS (starts))
            return FALSE;
          widths[n++] = line;
          widest = MAX (widest, line);
          starts[n] = p - text;
          line = w;
        }
      else
        return FALSE;

      p += len;
      if (*p == ' ')
        p++;
    }
  if (line < 0)
    return FALSE;
  widths[n++] = line;
  widest = MAX (widest, line);
  if (st->style.max_lines > 0 && n > st->style.max_lines)
    return FALSE; /* ellipsized */

  lines_begin (self, style_centres (&st->style));
  for (int i = 0; i < n; i++)
    {
      gsize end = i + 1 < n ? (gsize) starts[i + 1] : strlen (text);
      int x = align_line (st->style.align, limit >= 0 ? limit : widest, widths[i]);

      lines_add (self, text + starts[i], end - starts[i], self->centred ? x + widths[i] / 2 : x,
                 i * st->line_height + st->ascent);
    }
  return TRUE;
}

static void
layout_lines (NpcTextMetrics *self,
              PangoLayout    *layout)
{
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  g_autoptr(GString) s = g_string_new (NULL);

  lines_begin (self, pango_layout_get_alignment (layout) == PANGO_ALIGN_CENTER &&
                       pango_layout_get_width (layout) > 0);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      g_string_truncate (s, 0);
      for (GSList *l = line->runs; l != NULL; l = l->next)
        {
          const PangoGlyphItem *run = l->data;

          if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
            g_string_append (s, "…");
          else
            g_string_append_len (s, text + run->item->offset, run->item->length);
        }
      lines_add (self, s->str, s->len, self->centred ? logical.x + logical.width / 2 : logical.x,
                 pango_layout_iter_get_baseline (iter));
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

const NpcTextLine *
npc_text_metrics_get_lines (NpcTextMetrics     *self,
                            const NpcTextStyle *style,
                            const char         *text,
                            guint              *n_lines)
{
  StyleState *st;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  if (text == NULL)
    text = "";
  st = get_style (self, style);
  if (!self->pango_only && is_simple (text))
    {
      int limit = style->width > 0 ? (int) (style->width * PANGO_SCALE) : -1;

      if (!st->probed)
        probe (self, st);
      /* One line for certain, left or centred: no width is needed. */
      if (st->model_ok && (style->align == PANGO_ALIGN_LEFT || style_centres (style)))
        {
          int bound = 0;

          if (limit >= 0)
            for (const char *q = text; *q != '\0'; q++)
              bound += (*q == ' ' ? st->space : st->advance[(guchar) *q]) + st->slack;
          if (limit < 0 || bound < limit - FIT_MARGIN)
            {
              lines_begin (self, style_centres (style));
              lines_add (self, text, strlen (text), self->centred ? limit / 2 : 0, st->ascent);
              return lines_end (self, n_lines);
            }
        }
      if (st->model_ok && model_lines (self, st, text))
        return lines_end (self, n_lines);
    }

  self->n_pango++;
  pango_layout_set_text (st->layout, text, -1);
  layout_lines (self, st->layout);
  return lines_end (self, n_lines);
}

const NpcTextLine *
npc_text_metrics_get_layout_lines (NpcTextMetrics *self,
                                   PangoLayout    *layout,
                                   guint          *n_lines)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), NULL);

  layout_lines (self, layout);
  return lines_end (self, n_lines);
}

void
npc_text_context_set_language (PangoContext *context)
{
  const char *language = npc_get_translation_language ();

  g_return_if_fail (PANGO_IS_CONTEXT (context));
  if (language != NULL)
    pango_context_set_language (context, pango_language_from_string (language));
}
