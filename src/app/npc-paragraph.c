/* npc-paragraph.c — a paragraph of wrapped text that lays itself out once a width
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A wrapping GtkLabel answers a request for its width at a given height by trying widths
 * (a search, each try a layout of the whole text), and the window's size negotiation asks
 * that of the long lines it holds (the source and disclaimer under the diagram, the form's
 * introduction) a few dozen times before the first frame: that was most of the first frame's
 * layout. A paragraph is height-for-width only: its width request is fixed by its text (the
 * longest word at least, the whole text on one line at best), and its height is laid out once
 * for each width it is given, and remembered. It reads as a label to a screen reader, takes
 * the label's CSS (name "label", so classes such as .caption and .dim-label apply) and
 * wraps between words, or within a word longer than the line.
 */
#include "config.h"

#include "npc-paragraph.h"

struct _NpcParagraph
{
  GtkWidget parent_instance;

  char *text;
  PangoLayout *layout;
  guint context_serial; /* of the pango context the layout was made for */
  int min_width, nat_width; /* pixels; -1 until measured */
  int for_width, height;    /* the last width laid out, and its height */
};

G_DEFINE_FINAL_TYPE (NpcParagraph, npc_paragraph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget_layout (NpcParagraph *self)
{
  g_clear_object (&self->layout);
  self->min_width = self->nat_width = -1;
  self->for_width = -1;
}

/* The layout, made anew when the widget's font (its pango context) changed. */
static PangoLayout *
ensure_layout (NpcParagraph *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));

  if (self->layout != NULL && pango_context_get_serial (context) != self->context_serial)
    forget_layout (self);
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_auto_dir (self->layout, TRUE);
      self->context_serial = pango_context_get_serial (context);
    }
  return self->layout;
}

static int
height_for_width (NpcParagraph *self,
                  int           width)
{
  PangoLayout *layout = ensure_layout (self);

  if (width != self->for_width)
    {
      pango_layout_set_width (layout, width > 0 ? width * PANGO_SCALE : -1);
      pango_layout_get_pixel_size (layout, NULL, &self->height);
      self->for_width = width;
    }
  return self->height;
}

static void
measure_widths (NpcParagraph *self)
{
  PangoLayout *layout = ensure_layout (self);
  const PangoLogAttr *attrs;
  const char *text;
  int n_attrs = 0;

  if (self->min_width >= 0)
    return;
  /* the whole text on one line */
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &self->nat_width, NULL);
  /* As narrow as it goes: every word on its own line, the longest setting the width. The
   * words are measured on that one line, between the places a line may break (less the
   * spaces that would end a line), rather than by laying the text out again a word to a
   * line: each new layout shapes the whole text anew, and for the window's two paragraphs
   * that second layout was a third of what measuring them cost before the first frame. */
  self->min_width = 0;
  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  text = pango_layout_get_text (layout);
  if (n_attrs > 1)
    {
      int n_chars = n_attrs - 1;
      g_autofree int *widths = g_new0 (int, n_chars); /* of each character, pango units */
      int word = 0, word_to_last = 0; /* the word's width so far, and to its last letter */
      gboolean in_word = FALSE;

      /* what each character takes on the line, whichever order its runs are drawn in */
      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r != NULL; r = r->next)
          {
            PangoGlyphItem *run = r->data;
            long first = g_utf8_pointer_to_offset (text, text + run->item->offset);

            if (first + run->item->num_chars > n_chars)
              continue;
            pango_glyph_string_get_logical_widths (run->glyphs, text + run->item->offset,
                                                   run->item->length,
                                                   run->item->analysis.level,
                                                   widths + first);
          }
      /* attrs[i] is the position before the i-th character; the last one, the text's end */
      for (int i = 0; i <= n_chars; i++)
        {
          if (in_word && (i == n_chars || attrs[i].is_line_break ||
                          attrs[i].is_mandatory_break))
            {
              self->min_width = MAX (self->min_width, PANGO_PIXELS_CEIL (word_to_last));
              word = word_to_last = 0;
              in_word = FALSE;
            }
          if (i == n_chars)
            break;
          if (!attrs[i].is_white)
            in_word = TRUE;
          if (in_word)
            {
              word += widths[i];
              if (!attrs[i].is_white)
                word_to_last = word;
            }
        }
    }
  self->min_width = MIN (self->min_width, self->nat_width);
  self->for_width = -1;
}

static GtkSizeRequestMode
npc_paragraph_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
npc_paragraph_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  NpcParagraph *self = NPC_PARAGRAPH (widget);

  measure_widths (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->min_width;
      *natural = self->nat_width;
    }
  else
    *minimum = *natural = height_for_width (self, for_size >= 0 ? for_size : self->nat_width);
}

static void
npc_paragraph_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  NpcParagraph *self = NPC_PARAGRAPH (widget);
  GdkRGBA color;

  height_for_width (self, gtk_widget_get_width (widget));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
}

static void
npc_paragraph_finalize (GObject *object)
{
  NpcParagraph *self = NPC_PARAGRAPH (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (npc_paragraph_parent_class)->finalize (object);
}

static void
npc_paragraph_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NpcParagraph *self = NPC_PARAGRAPH (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_paragraph_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  NpcParagraph *self = NPC_PARAGRAPH (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      npc_paragraph_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_paragraph_class_init (NpcParagraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = npc_paragraph_finalize;
  object_class->get_property = npc_paragraph_get_property;
  object_class->set_property = npc_paragraph_set_property;
  widget_class->get_request_mode = npc_paragraph_get_request_mode;
  widget_class->measure = npc_paragraph_measure;
  widget_class->snapshot = npc_paragraph_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
npc_paragraph_init (NpcParagraph *self)
{
  /* A change of font reaches the widget as a new serial of its pango context, with a
   * request for a new size (ensure_layout()). */
  self->min_width = self->nat_width = self->for_width = -1;
}

GtkWidget *
npc_paragraph_new (const char *text)
{
  return g_object_new (NPC_TYPE_PARAGRAPH, "text", text, NULL);
}

const char *
npc_paragraph_get_text (NpcParagraph *self)
{
  g_return_val_if_fail (NPC_IS_PARAGRAPH (self), NULL);
  return self->text;
}

void
npc_paragraph_set_text (NpcParagraph *self,
                        const char   *text)
{
  g_return_if_fail (NPC_IS_PARAGRAPH (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  forget_layout (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
