/* npc-scene-svg.c — a scene as an SVG document, with text as text
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes become SVG's own primitives (rect, polygon, polyline, path), texts <text> elements
 * with a <tspan> per line, placed where pango puts each line, in the font family, size,
 * weight and style pango lays them out in, so that the text can be searched, selected,
 * copied and read aloud. Paint and fonts are CSS classes in one <style>, named after what
 * the items are ("box-path", "edge-excluded", "label"), so the highlight's styles are
 * classes too. Groups become <g>, a box's with id="node-ID" and a <title>.
 *
 * Numbers are written with two decimals at most, by hand: printf's float formatting was
 * most of the time cairo's SVG surface took.
 */

#define G_LOG_DOMAIN "npc-scene-svg"

#include "config.h"

#include <math.h>
#include <string.h>

#include "npc-scene.h"

/* Appending in place while there is room: most of the file is short pieces, and a call to
 * GString for each was a good part of the time. */
static inline void
put_bytes (GString    *out,
           const char *bytes,
           gsize       n)
{
  if (G_UNLIKELY (out->len + n >= out->allocated_len))
    {
      g_string_append_len (out, bytes, n);
      return;
    }
  memcpy (out->str + out->len, bytes, n);
  out->len += n;
  out->str[out->len] = '\0';
}

static inline void
put_char (GString *out,
          char     c)
{
  put_bytes (out, &c, 1);
}

static inline void
put_str (GString    *out,
         const char *s)
{
  put_bytes (out, s, strlen (s));
}

/* A string literal, its length known when compiling. */
#define put_lit(out, lit) put_bytes ((out), "" lit, sizeof (lit) - 1)

/* What a CSS class says: an item's role and paint, or its role and font. */
typedef struct {
  const char *role;
  NpcSceneKind kind;
  gboolean fill, stroke;
  guint32 fill_rgb, stroke_rgb;
  int fill_alpha, stroke_alpha; /* per thousand */
  int line_width;               /* hundredths */
  const double *dash;
  int n_dash;
  int join;
  const char *family;           /* interned */
  int size;                     /* hundredths */
  int weight;
  int style;
  gboolean middle;              /* lines given by their centre */
} Paint;

#define N_RECENT 64

typedef struct {
  Paint paint;
  const char *name;
} Recent;

typedef struct {
  GHashTable *classes;  /* Paint -> class number + 1 */
  Recent recent[N_RECENT]; /* by role: most items have the paint of the last of their role */
  GHashTable *by_role;  /* role -> how many classes it has */
  GPtrArray *names;     /* class names */
  GString *css;
} Classes;

static guint
paint_hash (gconstpointer key)
{
  const Paint *p = key;
  const guchar *bytes = (const guchar *) &p->kind;
  guint h = p->role != NULL ? g_str_hash (p->role) : 0;

  /* everything after the role, padding zeroed when it was made */
  for (gsize i = 0; i < sizeof (Paint) - G_STRUCT_OFFSET (Paint, kind); i++)
    h = (h ^ bytes[i]) * 16777619u;
  return h;
}

static gboolean
paint_equal (gconstpointer a,
             gconstpointer b)
{
  const Paint *p = a, *q = b;

  return g_strcmp0 (p->role, q->role) == 0 &&
         memcmp (&p->kind, &q->kind, sizeof (Paint) - G_STRUCT_OFFSET (Paint, kind)) == 0;
}

static guint32
rgb (const NpcColor *c)
{
  guint r = (guint) lround (CLAMP (c->red, 0, 1) * 255);
  guint g = (guint) lround (CLAMP (c->green, 0, 1) * 255);
  guint b = (guint) lround (CLAMP (c->blue, 0, 1) * 255);

  return (r << 16) | (g << 8) | b;
}

static int
alpha (const NpcColor *c)
{
  return (int) lround (CLAMP (c->alpha, 0, 1) * 1000);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing */

/* Two decimals at most, no exponent. */
static void
put_num (GString *out,
         double   v)
{
  char buf[32];
  char *p = buf + sizeof buf;
  long long n;
  int frac;
  gboolean negative;

  if (!isfinite (v))
    v = 0;
  n = (long long) (v * 100 + (v < 0 ? -0.5 : 0.5));
  negative = n < 0;
  if (negative)
    n = -n;
  frac = (int) (n % 100);
  n /= 100;
  if (frac != 0)
    {
      if (frac % 10 != 0)
        *--p = '0' + frac % 10;
      *--p = '0' + frac / 10;
      *--p = '.';
    }
  do
    {
      *--p = '0' + (int) (n % 10);
      n /= 10;
    }
  while (n > 0);
  if (negative)
    *--p = '-';
  put_bytes (out, p, buf + sizeof buf - p);
}

static void
put_attr_num (GString    *out,
              const char *name,
              double      v)
{
  put_char (out, ' ');
  put_str (out, name);
  put_lit (out, "=\"");
  put_num (out, v);
  put_char (out, '"');
}

/* Text content and attribute values: & < > and " escaped. */
static void
put_escaped (GString    *out,
             const char *text)
{
  const char *run = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        default: continue;
        }
      put_bytes (out, run, p - run);
      put_str (out, entity);
      run = p + 1;
    }
  put_str (out, run);
}

static void
put_color (GString *out,
           guint32  c)
{
  g_string_append_printf (out, "#%06x", c);
}

static void
put_css_family (GString    *out,
                const char *family)
{
  put_lit (out, "font-family:'");
  for (const char *p = family; *p != '\0'; p++)
    if (*p != '\'' && *p != '\\' && *p != '<' && *p != '>' && *p != '&')
      put_char (out, *p);
  put_lit (out, "',sans-serif");
}

static void
css_rule (GString     *css,
          const char  *name,
          const Paint *p)
{
  g_string_append_printf (css, ".%s{", name);
  if (p->kind == NPC_SCENE_TEXT || p->kind == NPC_SCENE_ID_TEXT)
    {
      put_css_family (css, p->family);
      put_lit (css, ";font-size:");
      put_num (css, p->size / 100.0);
      put_lit (css, "px");
      /* all of the font, so that nothing comes from a group's class */
      g_string_append_printf (css, ";font-weight:%d;font-style:%s", p->weight,
                              p->style == PANGO_STYLE_ITALIC    ? "italic"
                              : p->style == PANGO_STYLE_OBLIQUE ? "oblique"
                                                                : "normal");
      put_lit (css, ";fill:");
      put_color (css, p->fill_rgb);
      if (p->fill_alpha < 1000)
        {
          put_lit (css, ";fill-opacity:");
          put_num (css, p->fill_alpha / 1000.0);
        }
      if (p->kind == NPC_SCENE_ID_TEXT)
        put_lit (css, ";text-anchor:middle;dominant-baseline:central");
      else if (p->middle)
        put_lit (css, ";text-anchor:middle");
      put_lit (css, "}\n");
      return;
    }

  put_lit (css, "fill:");
  if (p->fill)
    {
      put_color (css, p->fill_rgb);
      if (p->fill_alpha < 1000)
        {
          put_lit (css, ";fill-opacity:");
          put_num (css, p->fill_alpha / 1000.0);
        }
    }
  else
    put_lit (css, "none");
  if (p->stroke)
    {
      put_lit (css, ";stroke:");
      put_color (css, p->stroke_rgb);
      if (p->stroke_alpha < 1000)
        {
          put_lit (css, ";stroke-opacity:");
          put_num (css, p->stroke_alpha / 1000.0);
        }
      put_lit (css, ";stroke-width:");
      put_num (css, p->line_width / 100.0);
      if (p->n_dash > 0)
        {
          put_lit (css, ";stroke-dasharray:");
          for (int i = 0; i < p->n_dash; i++)
            {
              if (i > 0)
                g_string_append_c (css, ',');
              put_num (css, p->dash[i]);
            }
        }
      if (p->join == CAIRO_LINE_JOIN_ROUND)
        put_lit (css, ";stroke-linejoin:round");
      else if (p->join == CAIRO_LINE_JOIN_BEVEL)
        put_lit (css, ";stroke-linejoin:bevel");
      else
        put_lit (css, ";stroke-miterlimit:10"); /* cairo's */
    }
  put_lit (css, "}\n");
}

/* The class of an item's paint: made the first time that paint is met for that role, named
 * after the role ("box path" -> "box-path"; "box-path-2" for the role's second paint). */
static const char *
class_of (Classes     *c,
          const Paint *p)
{
  gpointer found;
  g_autoptr(GString) name = NULL;
  const char *role;
  guint n;

  Recent *recent = &c->recent[(GPOINTER_TO_SIZE (p->role) >> 3) % N_RECENT];

  if (recent->name != NULL && recent->paint.role == p->role &&
      memcmp (&recent->paint, p, sizeof *p) == 0)
    return recent->name;
  recent->paint = *p;
  found = g_hash_table_lookup (c->classes, p);
  if (found != NULL)
    return recent->name = g_ptr_array_index (c->names, GPOINTER_TO_UINT (found) - 1);

  role = p->role != NULL ? p->role : "item";
  n = GPOINTER_TO_UINT (g_hash_table_lookup (c->by_role, role)) + 1;
  g_hash_table_insert (c->by_role, (gpointer) role, GUINT_TO_POINTER (n));
  name = g_string_new (NULL);
  for (const char *q = role; *q != '\0'; q++)
    g_string_append_c (name, g_ascii_isalnum (*q) || *q == '-' ? *q : '-');
  if (n > 1)
    g_string_append_printf (name, "-%u", n);
  css_rule (c->css, name->str, p);
  g_ptr_array_add (c->names, g_string_free (g_steal_pointer (&name), FALSE));
  g_hash_table_insert (c->classes, g_memdup2 (p, sizeof *p), GUINT_TO_POINTER (c->names->len));
  return recent->name = g_ptr_array_index (c->names, c->names->len - 1);
}

static void
font_of_layout (PangoLayout *layout,
                Paint       *p)
{
  const PangoFontDescription *font = pango_layout_get_font_description (layout);

  p->family = g_intern_string (font != NULL && pango_font_description_get_family (font) != NULL
                                ? pango_font_description_get_family (font) : "Sans");
  p->size = font != NULL ? (int) lround (pango_font_description_get_size (font) * 100.0 /
                                         PANGO_SCALE)
                         : 1000;
  p->weight = font != NULL ? pango_font_description_get_weight (font) : PANGO_WEIGHT_NORMAL;
  p->style = font != NULL ? pango_font_description_get_style (font) : PANGO_STYLE_NORMAL;
}

static void
paint_of (const NpcSceneItem *item,
          const char         *family,
          Paint              *p)
{
  memset (p, 0, sizeof *p);
  p->role = item->role;
  p->kind = item->kind;
  switch (item->kind)
    {
    case NPC_SCENE_SHAPE:
      {
        const NpcSceneShape *s = &item->shape;

        p->fill = s->fill;
        p->stroke = s->stroke;
        if (s->fill)
          {
            p->fill_rgb = rgb (&s->fill_color);
            p->fill_alpha = alpha (&s->fill_color);
          }
        if (s->stroke)
          {
            p->stroke_rgb = rgb (&s->stroke_color);
            p->stroke_alpha = alpha (&s->stroke_color);
            p->line_width = (int) lround (s->line_width * 100);
            p->dash = s->n_dash > 0 ? s->dash : NULL;
            p->n_dash = s->n_dash;
            p->join = s->join;
          }
      }
      break;
    case NPC_SCENE_TEXT:
      p->fill = TRUE;
      p->fill_rgb = rgb (&item->text.color);
      p->fill_alpha = alpha (&item->text.color);
      if (item->text.layout != NULL)
        {
          font_of_layout (item->text.layout, p);
          p->middle = pango_layout_get_alignment (item->text.layout) == PANGO_ALIGN_CENTER &&
                      pango_layout_get_width (item->text.layout) > 0;
        }
      else
        {
          p->family = family;
          p->size = (int) lround (item->text.style.size * 100);
          p->weight = item->text.style.weight;
          p->style = item->text.style.style;
          p->middle = item->text.style.align == PANGO_ALIGN_CENTER && item->text.style.width > 0;
        }
      break;
    case NPC_SCENE_ID_TEXT:
      p->fill = TRUE;
      p->fill_rgb = rgb (&item->id_text.color);
      p->fill_alpha = alpha (&item->id_text.color);
      p->family = g_intern_string (item->id_text.family);
      p->size = (int) lround (item->id_text.size * 100);
      p->weight = PANGO_WEIGHT_BOLD;
      break;
    case NPC_SCENE_PAINT:
      p->fill = TRUE;
      p->fill_rgb = rgb (&item->paint);
      p->fill_alpha = alpha (&item->paint);
      break;
    case NPC_SCENE_GROUP:
    case NPC_SCENE_END:
    default:
      break;
    }
}

static void
put_class (GString    *out,
           const char *name)
{
  put_lit (out, " class=\"");
  put_str (out, name);
  put_char (out, '"');
}

static void
put_points (GString      *out,
            const double *pt,
            guint         n,
            double        cx,
            double        cy,
            double        sx,
            double        sy)
{
  put_lit (out, " points=\"");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        put_char (out, ' ');
      put_num (out, cx + (pt[2 * i] - cx) * sx);
      put_char (out, ',');
      put_num (out, cy + (pt[2 * i + 1] - cy) * sy);
    }
  put_char (out, '"');
}

static void
put_arc (GString *out,
         double   rx,
         double   ry,
         double   x,
         double   y)
{
  put_lit (out, "A");
  put_num (out, rx);
  put_lit (out, " ");
  put_num (out, ry);
  put_lit (out, " 0 0 1 ");
  put_num (out, x);
  put_lit (out, " ");
  put_num (out, y);
}

static void
put_line (GString *out,
          double   x,
          double   y)
{
  put_lit (out, "L");
  put_num (out, x);
  put_lit (out, " ");
  put_num (out, y);
}

/* A rounded rectangle as cairo draws it: from the top right corner's arc, clockwise. */
static void
write_rounded_path (GString    *out,
                    const char *cls,
                    double      x,
                    double      y,
                    double      w,
                    double      h,
                    double      rx,
                    double      ry)
{
  put_lit (out, "<path");
  put_class (out, cls);
  put_lit (out, " d=\"M");
  put_num (out, x + w - rx);
  put_lit (out, " ");
  put_num (out, y);
  put_arc (out, rx, ry, x + w, y + ry);
  put_line (out, x + w, y + h - ry);
  put_arc (out, rx, ry, x + w - rx, y + h);
  put_line (out, x + rx, y + h);
  put_arc (out, rx, ry, x, y + h - ry);
  put_line (out, x, y + ry);
  put_arc (out, rx, ry, x + rx, y);
  put_lit (out, "Z\"/>\n");
}

static void
write_shape (GString             *out,
             const NpcSceneShape *s,
             const double        *points,
             const char          *cls)
{
  const double *pt = points + 2 * s->first_point;
  double cx = s->x + s->width / 2, cy = s->y + s->height / 2;

  switch (s->geometry)
    {
    case NPC_SCENE_RECT:
    case NPC_SCENE_ROUNDED_RECT:
      {
        double w = s->width * s->scale_x, h = s->height * s->scale_y;
        double r = s->geometry == NPC_SCENE_ROUNDED_RECT
                     ? MIN (s->radius, MIN (s->width, s->height) / 2) : 0;

        if (r > 0 && s->stroke && s->n_dash > 0)
          {
            /* a <rect>'s outline starts elsewhere than cairo's: the dashes would not fall
             * where they fall on the screen */
            write_rounded_path (out, cls, cx - w / 2, cy - h / 2, w, h, r * s->scale_x,
                                r * s->scale_y);
            break;
          }

        put_lit (out, "<rect");
        put_class (out, cls);
        put_attr_num (out, "x", cx - w / 2);
        put_attr_num (out, "y", cy - h / 2);
        put_attr_num (out, "width", w);
        put_attr_num (out, "height", h);
        if (r > 0)
          {
            put_attr_num (out, "rx", r * s->scale_x);
            if (s->scale_x != s->scale_y)
              put_attr_num (out, "ry", r * s->scale_y);
          }
        put_lit (out, "/>\n");
      }
      break;
    case NPC_SCENE_POLYGON:
    case NPC_SCENE_POLYLINE:
      put_str (out, s->geometry == NPC_SCENE_POLYGON ? "<polygon" : "<polyline");
      put_class (out, cls);
      put_points (out, pt, s->n_points, cx, cy, s->scale_x, s->scale_y);
      put_lit (out, "/>\n");
      break;
    case NPC_SCENE_SEGMENTS:
    default:
      put_lit (out, "<path");
      put_class (out, cls);
      put_lit (out, " d=\"");
      for (guint i = 0; i + 1 < s->n_points; i += 2)
        {
          put_char (out, 'M');
          put_num (out, cx + (pt[2 * i] - cx) * s->scale_x);
          put_char (out, ' ');
          put_num (out, cy + (pt[2 * i + 1] - cy) * s->scale_y);
          put_char (out, 'L');
          put_num (out, cx + (pt[2 * i + 2] - cx) * s->scale_x);
          put_char (out, ' ');
          put_num (out, cy + (pt[2 * i + 3] - cy) * s->scale_y);
        }
      put_lit (out, "\"/>\n");
      break;
    }
}

static void
write_text (GString            *out,
            const NpcSceneText *t,
            NpcTextMetrics     *metrics,
            const char         *cls)
{
  const NpcTextLine *lines;
  guint n, n_shown = 0;

  if (t->layout != NULL)
    lines = npc_text_metrics_get_layout_lines (metrics, t->layout, &n);
  else
    lines = npc_text_metrics_get_lines (metrics, &t->style, t->text, &n);
  for (guint i = 0; i < n; i++)
    n_shown += lines[i].text[0] != '\0';
  if (n_shown == 0)
    return;

  put_lit (out, "<text");
  put_class (out, cls);
  if (n_shown == 1)
    for (guint i = 0; i < n; i++)
      {
        if (lines[i].text[0] == '\0')
          continue;
        put_attr_num (out, "x", t->x + (double) lines[i].x / PANGO_SCALE);
        put_attr_num (out, "y", t->y + (double) lines[i].baseline / PANGO_SCALE);
        put_char (out, '>');
        put_escaped (out, lines[i].text);
      }
  else
    {
      put_char (out, '>');
      for (guint i = 0; i < n; i++)
        {
          if (lines[i].text[0] == '\0')
            continue;
          put_lit (out, "<tspan");
          put_attr_num (out, "x", t->x + (double) lines[i].x / PANGO_SCALE);
          put_attr_num (out, "y", t->y + (double) lines[i].baseline / PANGO_SCALE);
          put_char (out, '>');
          put_escaped (out, lines[i].text);
          put_lit (out, "</tspan>");
        }
    }
  put_lit (out, "</text>\n");
}

void
npc_scene_write_svg (NpcScene       *self,
                     NpcTextMetrics *metrics,
                     GString        *out)
{
  const char *title = npc_scene_get_title (self);
  g_autoptr(GHashTable) classes = g_hash_table_new_full (paint_hash, paint_equal, g_free, NULL);
  g_autoptr(GHashTable) by_role = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) css = g_string_new (NULL);
  g_autoptr(GString) id = g_string_new (NULL);
  g_autofree const char **item_classes = NULL;
  Classes c = { classes, { { { 0 } } }, by_role, names, css };
  const NpcSceneItem *items;
  const double *points;
  const char *family = "Sans";
  double width, height;
  gsize start;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (out != NULL);

  items = npc_scene_get_items (self, &n);
  points = npc_scene_get_points (self);
  npc_scene_get_size (self, &width, &height);
  {
    g_autoptr(PangoFontDescription) font = pango_font_description_new ();
    NpcTextStyle probe = { 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT };

    npc_text_metrics_set_font (metrics, &probe, font);
    family = g_intern_string (pango_font_description_get_family (font));
  }

  /* the classes first: the <style> goes before what uses them */
  item_classes = g_new0 (const char *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (items[i].kind != NPC_SCENE_GROUP && items[i].kind != NPC_SCENE_END)
      {
        Paint paint;

        paint_of (&items[i], family, &paint);
        item_classes[i] = class_of (&c, &paint);
      }

  /* room for the whole file at once, near enough */
  start = out->len;
  g_string_set_size (out, start + 512 + css->len + (gsize) n * 96);
  g_string_truncate (out, start);

  put_lit (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  put_attr_num (out, "width", width);
  put_attr_num (out, "height", height);
  put_lit (out, " viewBox=\"0 0 ");
  put_num (out, width);
  put_char (out, ' ');
  put_num (out, height);
  /* spaces inside a line are the line's, as pango laid it out */
  put_lit (out, "\" xml:space=\"preserve\">\n");
  if (title != NULL)
    {
      put_lit (out, "<title>");
      put_escaped (out, title);
      put_lit (out, "</title>\n");
    }
  put_lit (out, "<style>\n"
                "text{white-space:pre}\n");
  put_bytes (out, css->str, css->len);
  put_lit (out, "</style>\n");

  for (guint i = 0; i < n; i++)
    {
      const NpcSceneItem *item = &items[i];
      const char *cls = item_classes[i];

      switch (item->kind)
        {
        case NPC_SCENE_SHAPE:
          write_shape (out, &item->shape, points, cls);
          break;
        case NPC_SCENE_TEXT:
          write_text (out, &item->text, metrics, cls);
          break;
        case NPC_SCENE_ID_TEXT:
          put_lit (out, "<text");
          put_class (out, cls);
          put_attr_num (out, "x", item->id_text.x + item->id_text.width / 2);
          put_attr_num (out, "y", item->id_text.y + item->id_text.height / 2);
          put_char (out, '>');
          put_escaped (out, item->id_text.text);
          put_lit (out, "</text>\n");
          break;
        case NPC_SCENE_PAINT:
          put_lit (out, "<rect");
          put_class (out, cls);
          put_lit (out, " width=\"100%\" height=\"100%\"/>\n");
          break;
        case NPC_SCENE_GROUP:
          put_lit (out, "<g");
          if (item->group.id != NULL)
            {
              g_string_truncate (id, 0);
              npc_scene_append_xml_id (id, "", item->group.id);
              put_lit (out, " id=\"");
              put_bytes (out, id->str, id->len);
              put_char (out, '"');
            }
          if (item->role != NULL)
            put_class (out, item->role);
          if (item->group.dx != 0 || item->group.dy != 0)
            {
              put_lit (out, " transform=\"translate(");
              put_num (out, item->group.dx);
              put_char (out, ' ');
              put_num (out, item->group.dy);
              put_lit (out, ")\"");
            }
          put_char (out, '>');
          if (item->group.title != NULL)
            {
              put_lit (out, "<title>");
              put_escaped (out, item->group.title);
              put_lit (out, "</title>");
            }
          put_char (out, '\n');
          break;
        case NPC_SCENE_END:
          put_lit (out, "</g>\n");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  put_lit (out, "</svg>\n");
}
