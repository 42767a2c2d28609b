/* npc-cli-audit-report.c — the audit report: HTML with inline SVG, or PDF
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are drawn from the JSON summary alone, so that the report shows exactly what the
 * summary says and can hold nothing the summary does not (no patient identifier).
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "npc-cli-audit.h"
#include "npc-text-metrics.h"
#include "npc-core.h"

static guint
count_of (JsonObject *o,
          const char *member)
{
  return (guint) json_object_get_int_member (o, member);
}

static const char *const class_keys[] = { "on_primary", "on_alternative", "off_pathway" };

/* ------------------------------------------------------------------------------------------ */
/* HTML */

static void
esc (GString    *out,
     const char *text)
{
  g_autofree char *e = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, e);
}

static void G_GNUC_PRINTF (2, 3)
escf (GString    *out,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  esc (out, text);
}

static char *
percent (double v)
{
  return g_strdup_printf ("%.1f %%", 100 * v);
}

typedef struct {
  const char *label;
  guint n;
  gboolean has;
  double value, low, high;
} Bar;

static Bar
bar_from (const char *label,
          JsonObject *o,
          const char *n_key)
{
  Bar b = { label, count_of (o, n_key), FALSE, 0, 0, 0 };

  if (!json_object_get_null_member (o, "concordance"))
    {
      JsonArray *ci = json_object_get_array_member (o, "concordance_ci95");

      b.has = TRUE;
      b.value = json_object_get_double_member (o, "concordance");
      b.low = json_array_get_double_element (ci, 0);
      b.high = json_array_get_double_element (ci, 1);
    }
  return b;
}

static GArray *
concordance_bars (JsonObject *s)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  JsonObject *by = json_object_get_object_member (s, "by_outcome");
  g_autoptr(GList) ids = json_object_get_members (by);
  Bar all = bar_from (_("All assessable"), s, "assessable");

  g_array_append_val (bars, all);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      Bar b = bar_from (l->data, json_object_get_object_member (by, l->data), "patients");

      g_array_append_val (bars, b);
    }
  return bars;
}

#define SVG_LABEL 190.0
#define SVG_PLOT 420.0
#define SVG_ROW 26.0

static void
svg_concordance (GString *out,
                 GArray  *bars)
{
  double height = 40 + bars->len * SVG_ROW;
  double width = SVG_LABEL + SVG_PLOT + 120;

  g_string_append_printf (out, "<svg id=\"chart-concordance\" xmlns=\"http://www.w3.org/2000/svg\" "
                          "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                          "aria-labelledby=\"chart-concordance-title\">\n", width, height, width,
                          height);
  g_string_append (out, "<title id=\"chart-concordance-title\">");
  /* xgettext:no-c-format */
  esc (out, _("Concordance by outcome of the pathway, with Wilson 95 % intervals"));
  g_string_append (out, "</title>\n");
  for (int t = 0; t <= 100; t += 25)
    {
      double x = SVG_LABEL + SVG_PLOT * t / 100.0;

      g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke=\"#ccc\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                              "text-anchor=\"middle\">%d %%</text>\n",
                              x, x, height - 22, x, height - 8, t);
    }
  for (guint i = 0; i < bars->len; i++)
    {
      const Bar *b = &g_array_index (bars, Bar, i);
      double y = 14 + i * SVG_ROW;

      g_string_append_printf (out, "<g class=\"bar\" data-label=\"");
      esc (out, b->label);
      g_string_append_printf (out, "\" data-n=\"%u\"", b->n);
      if (b->has)
        g_string_append_printf (out, " data-value=\"%.6f\" data-low=\"%.6f\" data-high=\"%.6f\"",
                                b->value, b->low, b->high);
      g_string_append (out, ">\n<text x=\"");
      g_string_append_printf (out, "%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">",
                              SVG_LABEL - 8, y + 13);
      esc (out, b->label);
      g_string_append (out, "</text>\n");
      if (b->has)
        {
          double x0 = SVG_LABEL, x1 = SVG_LABEL + SVG_PLOT * b->value;
          double lo = SVG_LABEL + SVG_PLOT * b->low, hi = SVG_LABEL + SVG_PLOT * b->high;
          double cy = y + 9;
          g_autofree char *v = percent (b->value);

          g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" "
                                  "fill=\"%s\"/>\n", x0, y, x1 - x0, i == 0 ? "#1c71d8" : "#62a0ea");
          g_string_append_printf (out, "<path class=\"whisker\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f"
                                  "M%.1f %.1fV%.1f\" stroke=\"#000\" stroke-width=\"1.5\" "
                                  "fill=\"none\"/>\n", lo, cy, hi, lo, cy - 5, cy + 5, hi, cy - 5,
                                  cy + 5);
          g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">", 
                                  SVG_LABEL + SVG_PLOT + 8, y + 13);
          esc (out, v);
          g_string_append_printf (out, " (n=%u)</text>\n", b->n);
        }
      else
        {
          g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">",
                                  SVG_LABEL + 4, y + 13);
          esc (out, _("no assessable patient"));
          g_string_append (out, "</text>\n");
        }
      g_string_append (out, "</g>\n");
    }
  g_string_append (out, "</svg>\n");
}

typedef struct {
  char *label;
  guint count;
} Count;

static void
count_clear (Count *c)
{
  g_free (c->label);
}

/* Why patients could not be assessed: the reasons, then each field that blocked them. */
static GArray *
missing_counts (JsonObject *s)
{
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (Count));
  JsonObject *na = json_object_get_object_member (s, "not_assessable_reasons");
  JsonObject *mf = json_object_get_object_member (s, "missing_fields");
  JsonObject *inv = json_object_get_object_member (s, "invalid_fields");
  g_autoptr(GList) fields = json_object_get_members (mf);
  g_autoptr(GList) bad = json_object_get_members (inv);
  const struct { const char *key; const char *label; } reasons[] = {
    { "needs_input", N_("Needs input") },
    { "invalid", N_("Invalid case") },
    { "no_decision", N_("No decision recorded") },
  };

  g_array_set_clear_func (counts, (GDestroyNotify) count_clear);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      Count c = { g_strdup (_(reasons[i].label)), count_of (na, reasons[i].key) };

      g_array_append_val (counts, c);
    }
  for (GList *l = fields; l != NULL; l = l->next)
    {
      Count c = { g_strdup_printf (_("missing: %s"), (const char *) l->data),
                  count_of (mf, l->data) };

      g_array_append_val (counts, c);
    }
  for (GList *l = bad; l != NULL; l = l->next)
    {
      Count c = { g_strdup_printf (_("invalid: %s"), (const char *) l->data),
                  count_of (inv, l->data) };

      g_array_append_val (counts, c);
    }
  return counts;
}

static void
svg_missing (GString *out,
             GArray  *counts)
{
  double height = 20 + counts->len * 22;
  double width = SVG_LABEL + 60 + SVG_PLOT + 60;
  guint max = 1;

  for (guint i = 0; i < counts->len; i++)
    max = MAX (max, g_array_index (counts, Count, i).count);
  g_string_append_printf (out, "<svg id=\"chart-missing\" xmlns=\"http://www.w3.org/2000/svg\" "
                          "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                          "aria-labelledby=\"chart-missing-title\">\n", width, height, width,
                          height);
  g_string_append (out, "<title id=\"chart-missing-title\">");
  esc (out, _("Patients not assessable, and the fields that blocked them"));
  g_string_append (out, "</title>\n");
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *c = &g_array_index (counts, Count, i);
      double y = 10 + i * 22, x0 = SVG_LABEL + 60;
      double w = SVG_PLOT * c->count / (double) max;

      g_string_append (out, "<g class=\"count\" data-label=\"");
      esc (out, c->label);
      g_string_append_printf (out, "\" data-count=\"%u\">\n", c->count);
      g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
                              "text-anchor=\"end\">", x0 - 8, y + 12);
      esc (out, c->label);
      g_string_append_printf (out, "</text>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                              "height=\"15\" fill=\"%s\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
                              "font-size=\"12\">%u</text>\n</g>\n",
                              x0, y, w, i < 3 ? "#e66100" : "#ffa348", x0 + w + 6, y + 12,
                              c->count);
    }
  g_string_append (out, "</svg>\n");
}

static void
html_count_table (GString    *out,
                  const char *id,
                  const char *heading,
                  const char *column,
                  JsonObject *o)
{
  g_autoptr(GList) keys = json_object_get_members (o);

  g_string_append (out, "<h2>");
  esc (out, heading);
  g_string_append_printf (out, "</h2>\n");
  if (keys == NULL)
    {
      g_string_append (out, "<p>");
      esc (out, _("None."));
      g_string_append (out, "</p>\n");
      return;
    }
  g_string_append_printf (out, "<table id=\"%s\">\n<tr><th>", id);
  esc (out, column);
  g_string_append (out, "</th><th>");
  esc (out, _("Patients"));
  g_string_append (out, "</th></tr>\n");
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_string_append (out, "<tr><td class=\"key\">");
      esc (out, l->data);
      g_string_append_printf (out, "</td><td class=\"count\">%u</td></tr>\n",
                              count_of (o, l->data));
    }
  g_string_append (out, "</table>\n");
}

char *
npc_cli_audit_report_html (JsonObject *s)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GArray) bars = concordance_bars (s);
  g_autoptr(GArray) missing = missing_counts (s);
  JsonObject *by = json_object_get_object_member (s, "by_outcome");
  g_autoptr(GList) ids = json_object_get_members (by);
  const struct { const char *key; const char *label; } rows[] = {
    { "patients", N_("Patients") },
    { "assessable", N_("Assessable") },
    { "on_primary", N_("On the primary outcome") },
    { "on_alternative", N_("On an alternative shown") },
    { "off_pathway", N_("Off the pathway") },
    { "not_assessable", N_("Not assessable") },
    { "input_errors", N_("Inputs that could not be read") },
  };

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<title>");
  escf (out, _("Pathway audit — %s"), json_object_get_string_member (s, "guideline"));
  g_string_append (out, "</title>\n<style>\n"
                        "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}\n"
                        "table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
                        "td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left}\n"
                        "td.count,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
                        "svg text{font-family:sans-serif;fill:#222}\n"
                        "</style>\n</head>\n<body>\n<h1>");
  esc (out, _("Pathway audit"));
  g_string_append (out, "</h1>\n<p>");
  escf (out, _("Guideline %s, version %s."), json_object_get_string_member (s, "guideline"),
        json_object_get_string_member (s, "guideline_version"));
  g_string_append (out, "</p>\n<table id=\"summary\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append (out, "<tr><th>");
      esc (out, _(rows[i].label));
      g_string_append_printf (out, "</th><td class=\"num\" id=\"%s\">%u</td></tr>\n", rows[i].key,
                              count_of (s, rows[i].key));
    }
  g_string_append (out, "<tr><th>");
  esc (out, _("Concordance (on primary or alternative, of assessable)"));
  g_string_append (out, "</th><td class=\"num\" id=\"concordance\"");
  if (json_object_get_null_member (s, "concordance"))
    {
      g_string_append (out, ">");
      esc (out, _("none"));
    }
  else
    {
      JsonArray *ci = json_object_get_array_member (s, "concordance_ci95");
      g_autofree char *v = percent (json_object_get_double_member (s, "concordance"));
      g_autofree char *lo = percent (json_array_get_double_element (ci, 0));
      g_autofree char *hi = percent (json_array_get_double_element (ci, 1));

      g_string_append_printf (out, " data-value=\"%.6f\">", json_object_get_double_member (s, "concordance"));
      escf (out, _("%s (95 %% CI %s – %s)"), v, lo, hi);
    }
  g_string_append (out, "</td></tr>\n</table>\n<h2>");
  esc (out, _("Concordance by outcome of the pathway"));
  g_string_append (out, "</h2>\n<p>");
  /* xgettext:no-c-format */
  esc (out, _("Bars: the share of assessable patients treated on the primary outcome or an "
              "alternative shown; whiskers: the Wilson 95 % interval."));
  g_string_append (out, "</p>\n<figure>\n");
  svg_concordance (out, bars);
  g_string_append (out, "</figure>\n<table id=\"by-outcome\">\n<tr><th>");
  esc (out, _("Outcome"));
  g_string_append (out, "</th><th>");
  esc (out, _("Patients"));
  g_string_append (out, "</th><th>");
  esc (out, _("On primary"));
  g_string_append (out, "</th><th>");
  esc (out, _("On alternative"));
  g_string_append (out, "</th><th>");
  esc (out, _("Off pathway"));
  g_string_append (out, "</th><th>");
  esc (out, _("Concordance"));
  g_string_append (out, "</th></tr>\n");
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *o = json_object_get_object_member (by, l->data);
      g_autofree char *v = percent (json_object_get_double_member (o, "concordance"));

      g_string_append (out, "<tr class=\"outcome\" data-outcome=\"");
      esc (out, l->data);
      g_string_append (out, "\"><td class=\"key\">");
      esc (out, l->data);
      g_string_append_printf (out, "</td><td class=\"num patients\">%u</td>",
                              count_of (o, "patients"));
      for (guint k = 0; k < G_N_ELEMENTS (class_keys); k++)
        g_string_append_printf (out, "<td class=\"num %s\">%u</td>",
                                class_keys[k], count_of (o, class_keys[k]));
      g_string_append (out, "<td class=\"num concordance\">");
      esc (out, v);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n<h2>");
  esc (out, _("Missing data"));
  g_string_append (out, "</h2>\n<figure>\n");
  svg_missing (out, missing);
  g_string_append (out, "</figure>\n");
  html_count_table (out, "missing-fields", _("Fields needed and unknown"), _("Field"),
                    json_object_get_object_member (s, "missing_fields"));
  html_count_table (out, "invalid-fields", _("Fields with a validation error"), _("Field"),
                    json_object_get_object_member (s, "invalid_fields"));
  html_count_table (out, "deviation-reasons", _("Reasons recorded for off-pathway decisions"),
                    _("Reason"), json_object_get_object_member (s, "deviation_reasons"));
  g_string_append (out, "<p id=\"no-reason\">");
  escf (out, _("Off-pathway decisions without a reason: %u."),
        count_of (s, "off_pathway_without_reason"));
  g_string_append (out, "</p>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* PDF: A4, the same figures and charts drawn with cairo and pango. */

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 50.0

typedef struct {
  cairo_t *cr;
  double y;
} Pdf;

static double
pdf_text (Pdf        *p,
          double      x,
          double      y,
          double      width,
          const char *text,
          const char *font,
          gboolean    right)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  npc_text_context_set_language (pango_layout_get_context (layout));
  pango_layout_context_changed (layout);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      /* a chart's label stays on its row; a line of text wraps */
      if (right)
        {
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
        }
      else
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_get_size (layout, &w, &h);
  cairo_set_source_rgb (p->cr, 0.13, 0.13, 0.13);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
  return h / (double) PANGO_SCALE;
}

static void
pdf_room (Pdf    *p,
          double  need)
{
  if (p->y + need > PAGE_H - MARGIN)
    {
      cairo_show_page (p->cr);
      p->y = MARGIN;
    }
}

static void
pdf_line (Pdf        *p,
          const char *text,
          const char *font)
{
  pdf_room (p, 16);
  p->y += pdf_text (p, MARGIN, p->y, PAGE_W - 2 * MARGIN, text, font, FALSE) + 3;
}

gboolean
npc_cli_audit_report_pdf (JsonObject  *s,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX" NPC_FILE_TEMP_SUFFIX, path);
  g_autoptr(GArray) bars = concordance_bars (s);
  g_autoptr(GArray) missing = missing_counts (s);
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf p = { NULL, MARGIN };
  double label_w = 190, plot_w = PAGE_W - 2 * MARGIN - label_w - 90;
  guint max = 1;
  int fd;

  /* drawn to a temporary file beside the target, then renamed over it */
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"), path,
                   g_strerror (errno));
      return FALSE;
    }
  close (fd);
  surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Pathway audit"));
  p.cr = cairo_create (surface);

  pdf_line (&p, _("Pathway audit"), "Sans Bold 18");
  {
    g_autofree char *t = g_strdup_printf (_("Guideline %s, version %s"),
                                          json_object_get_string_member (s, "guideline"),
                                          json_object_get_string_member (s, "guideline_version"));
    g_autofree char *counts = g_strdup_printf (
      _("Patients %u · assessable %u · on primary %u"
        " · on alternative %u · off pathway %u · not assessable %u"),
      count_of (s, "patients"), count_of (s, "assessable"),
      count_of (s, "on_primary"),
      count_of (s, "on_alternative"),
      count_of (s, "off_pathway"),
      count_of (s, "not_assessable"));
    g_autofree char *conc = NULL;

    if (json_object_get_null_member (s, "concordance"))
      conc = g_strdup (_("Concordance: none (no assessable patient)"));
    else
      {
        JsonArray *ci = json_object_get_array_member (s, "concordance_ci95");

        conc = g_strdup_printf (_("Concordance %.1f %% (Wilson 95 %% CI %.1f – %.1f %%)"),
                                100 * json_object_get_double_member (s, "concordance"),
                                100 * json_array_get_double_element (ci, 0),
                                100 * json_array_get_double_element (ci, 1));
      }
    pdf_line (&p, t, "Sans 10");
    pdf_line (&p, counts, "Sans 10");
    pdf_line (&p, conc, "Sans Bold 11");
  }

  p.y += 12;
  /* xgettext:no-c-format */
  pdf_line (&p, _("Concordance by outcome of the pathway (bars; whiskers: Wilson 95 % interval)"),
            "Sans Bold 12");
  for (guint i = 0; i < bars->len; i++)
    {
      const Bar *b = &g_array_index (bars, Bar, i);
      double x0 = MARGIN + label_w + 6, cy;

      pdf_room (&p, 18);
      cy = p.y + 7;
      pdf_text (&p, MARGIN, p.y, label_w, b->label, "Sans 9", TRUE);
      cairo_set_source_rgb (p.cr, 0.85, 0.85, 0.85);
      cairo_rectangle (p.cr, x0, p.y + 1, plot_w, 12);
      cairo_fill (p.cr);
      if (b->has)
        {
          g_autofree char *v = g_strdup_printf ("%.1f %% (n=%u)",
                                                100 * b->value, b->n);

          cairo_set_source_rgb (p.cr, 0.11, 0.44, 0.85);
          cairo_rectangle (p.cr, x0, p.y + 1, plot_w * b->value, 12);
          cairo_fill (p.cr);
          cairo_set_source_rgb (p.cr, 0, 0, 0);
          cairo_set_line_width (p.cr, 1);
          cairo_move_to (p.cr, x0 + plot_w * b->low, cy);
          cairo_line_to (p.cr, x0 + plot_w * b->high, cy);
          cairo_move_to (p.cr, x0 + plot_w * b->low, cy - 4);
          cairo_line_to (p.cr, x0 + plot_w * b->low, cy + 4);
          cairo_move_to (p.cr, x0 + plot_w * b->high, cy - 4);
          cairo_line_to (p.cr, x0 + plot_w * b->high, cy + 4);
          cairo_stroke (p.cr);
          pdf_text (&p, x0 + plot_w + 6, p.y, 0, v, "Sans 9", FALSE);
        }
      else
        pdf_text (&p, x0 + 4, p.y, 0, _("no assessable patient"), "Sans 9", FALSE);
      p.y += 18;
    }

  p.y += 12;
  pdf_line (&p, _("Missing data: patients not assessable and the fields that blocked them"),
            "Sans Bold 12");
  for (guint i = 0; i < missing->len; i++)
    max = MAX (max, g_array_index (missing, Count, i).count);
  for (guint i = 0; i < missing->len; i++)
    {
      const Count *c = &g_array_index (missing, Count, i);
      double x0 = MARGIN + label_w + 6, w = plot_w * c->count / (double) max;
      g_autofree char *n = g_strdup_printf ("%u", c->count);

      pdf_room (&p, 16);
      pdf_text (&p, MARGIN, p.y, label_w, c->label, "Sans 9", TRUE);
      cairo_set_source_rgb (p.cr, 0.9, 0.38, 0);
      cairo_rectangle (p.cr, x0, p.y + 1, w, 11);
      cairo_fill (p.cr);
      pdf_text (&p, x0 + w + 6, p.y, 0, n, "Sans 9", FALSE);
      p.y += 16;
    }

  {
    JsonObject *reasons = json_object_get_object_member (s, "deviation_reasons");
    g_autoptr(GList) keys = json_object_get_members (reasons);
    g_autofree char *none = g_strdup_printf (_("Off-pathway decisions without a reason: %u"),
                                             count_of (s,
                                                                         "off_pathway_without_reason"));

    p.y += 12;
    pdf_line (&p, _("Reasons recorded for off-pathway decisions"), "Sans Bold 12");
    for (GList *l = keys; l != NULL; l = l->next)
      {
        g_autofree char *t = g_strdup_printf ("%u  %s",
                                              count_of (reasons, l->data),
                                              (const char *) l->data);

        pdf_line (&p, t, "Sans 9");
      }
    pdf_line (&p, none, "Sans 9");
  }

  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, _("%s: cannot write the report: %s"), path,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status)
                                                  : g_strerror (errno));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
