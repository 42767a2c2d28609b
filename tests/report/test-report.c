/* test-report.c — the case report: valid PDF files, with everything the evaluation says
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports are made for real cases (the examples/ folder and the vignettes) and checked through the
 * text the report laid out (npc_report_dup_text), the PDF's own page objects, and, where it
 * is installed, pdftotext. The PDF files stay in the build folder (tests/report/report-*.pdf),
 * to be looked at.
 */

#define G_LOG_DOMAIN "test-report"

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "npc-condition.h"
#include "npc-core.h"
#include "npc-report.h"

static NpcGuideline *guideline;
static NpcEngine *engine;
static JsonParser *vignettes;

/* ------------------------------------------------------------------------------------------ */
/* helpers                                                                                     */

static char *
out_file (const char *name)
{
  return g_test_build_filename (G_TEST_BUILT, "report", name, NULL);
}

static char *
example_file (const char *name)
{
  const char *dir = g_getenv ("NPC_PATHWAY_EXAMPLES");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static NpcCase *
load_example (const char *name)
{
  g_autofree char *path = example_file (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NpcCase *kase = npc_case_new_from_file (file, &error);

  g_assert_no_error (error);
  return kase;
}

static NpcCase *
load_vignette (const char *id)
{
  JsonArray *array = json_node_get_array (json_parser_get_root (vignettes));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        {
          g_autoptr(GError) error = NULL;
          NpcCase *kase = npc_case_new_from_object (json_object_get_object_member (item, "case"),
                                                    id, &error);

          g_assert_no_error (error);
          npc_case_set_label (kase, id);
          npc_case_set_notes (kase, json_object_get_string_member (item, "description"));
          return kase;
        }
    }
  g_error ("no vignette %s", id);
  return NULL;
}

/* Text without any whitespace: a phrase is found wherever the lines broke it. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static gboolean
has_phrase (const char *haystack,
            const char *phrase)
{
  g_autofree char *h = squeeze (haystack);
  g_autofree char *p = squeeze (phrase);

  return strstr (h, p) != NULL;
}

#define assert_phrase(haystack, phrase) G_STMT_START {                               \
    if (!has_phrase ((haystack), (phrase)))                                         \
      g_error ("the report does not say “%.200s”", (phrase));                      \
  } G_STMT_END

static guint
count_phrase (const char *haystack,
              const char *phrase)
{
  g_autofree char *h = squeeze (haystack);
  g_autofree char *p = squeeze (phrase);
  guint n = 0;

  for (const char *at = strstr (h, p); at != NULL; at = strstr (at + 1, p))
    n++;
  return n;
}

/* Inflates a FlateDecode stream; NULL if it is not one. */
static GBytes *
inflate (const guint8 *data,
         gsize         len)
{
  g_autoptr(GConverter) z = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  g_autoptr(GInputStream) mem = g_memory_input_stream_new_from_data (data, len, NULL);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (mem, z);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* PDF files hold NUL bytes, which end the g_str* searches. */
static const char *
find_bytes (const char *data,
            const char *end,
            const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = data; p != NULL && end - p >= (gssize) n; p++)
    {
      p = memchr (p, needle[0], end - p - n + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

static guint
count_page_objects (const char *data,
                    gsize       len)
{
  const char *end = data + len;
  guint n = 0;

  for (const char *p = data; (p = find_bytes (p, end, "/Type")) != NULL; p++)
    {
      const char *q = p + 5;

      while (q < end && (*q == ' ' || *q == '\n' || *q == '\r'))
        q++;
      if (end - q >= 5 && memcmp (q, "/Page", 5) == 0 && (q + 5 == end || !g_ascii_isalnum (q[5])))
        n++;
    }
  return n;
}

/* The number of /Type /Page objects, also inside compressed object streams (newer cairo
 * writes those). */
static guint
pdf_page_count (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *end;
  gsize len;
  guint n;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
  end = contents + len;
  g_assert_nonnull (find_bytes (end - MIN (len, 64), end, "%%EOF"));

  n = count_page_objects (contents, len);
  for (const char *p = contents; (p = find_bytes (p, end, "stream")) != NULL; p++)
    {
      const char *start = p + 6, *stop;
      g_autoptr(GBytes) bytes = NULL;

      if (p > contents && p[-1] == 'd') /* endstream */
        continue;
      if (start < end && *start == '\r')
        start++;
      if (start >= end || *start != '\n')
        continue;
      start++;
      stop = find_bytes (start, end, "endstream");
      if (stop == NULL)
        break;
      bytes = inflate ((const guint8 *) start, stop - start);
      if (bytes != NULL)
        n += count_page_objects (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      p = stop;
    }
  return n;
}

/* Runs a program; its standard output, or NULL when it failed. */
static char *
run_program (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

/* The text pdftotext reads on one page (from 1) of a PDF file. */
static char *
pdf_page_text (const char *pdf,
               guint       page)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { pdftotext, "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-", NULL };
  char *text;

  /* build-aux/dev installs poppler-utils: the PDF is read back as a reader's tool reads it */
  g_assert_nonnull (pdftotext);
  text = run_program (argv);
  g_assert_nonnull (text);
  return text;
}

/* How full a page is: the fraction of the page's height, from top to bottom, covered by
 * rows of pixels that hold ink, the gaps between lines of text (under a thirtieth of the
 * page) counted as covered. Read from the page as pdftoppm renders it (a binary PGM). */
static double
pgm_fill (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  guint width = 0, height = 0, maxval = 0, covered = 0, last = G_MAXUINT;
  const guchar *pixels;
  int consumed = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (data, "P5 %u %u %u%n", &width, &height, &maxval, &consumed), ==, 3);
  g_assert_cmpuint (maxval, ==, 255);
  pixels = (const guchar *) data + consumed + 1;
  g_assert_cmpuint (len, >=, (gsize) consumed + 1 + (gsize) width * height);
  for (guint y = 0; y < height; y++)
    {
      gboolean ink = FALSE;

      for (guint x = 0; x < width && !ink; x++)
        ink = pixels[(gsize) y * width + x] < 220;
      if (!ink)
        continue;
      if (last != G_MAXUINT && y - last <= height / 30)
        covered += y - last;
      else
        covered++;
      last = y;
    }
  return (double) covered / height;
}

/* Every page but the last at least a third full, as printed. */
static void
assert_pages_filled (const char *pdf,
                     guint       n_pages)
{
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *dir = g_dir_make_tmp ("npc-report-XXXXXX", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  const char *argv[] = { pdftoppm, "-gray", "-r", "30", pdf, prefix, NULL };
  g_autofree char *out = NULL;

  g_assert_nonnull (pdftoppm);
  g_assert_nonnull (dir);
  out = run_program (argv);
  g_assert_nonnull (out);
  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *name = g_strdup_printf (n_pages >= 10 ? "page-%02u.pgm" : "page-%u.pgm", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      double fill = pgm_fill (path);

      g_test_message ("%s: page %u is %.0f%% full", pdf, i, fill * 100);
      if (i < n_pages && fill < 1.0 / 3)
        g_error ("%s: page %u of %u is only %.0f%% full", pdf, i, n_pages, fill * 100);
      g_assert_cmpfloat (fill, >, 0.1);
      g_remove (path);
    }
  g_rmdir (dir);
}

typedef struct {
  NpcCase *kase;
  NpcEvaluation *evaluation;
  NpcReport *report;
  char *text;   /* the body of all pages, without headers and footers */
  char *all;    /* every page, headers and footers included, pages ended by \f */
  char **pages;
  guint n_pages;
  char *pdf;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->report);
  g_clear_object (&f->evaluation);
  g_clear_object (&f->kase);
  g_clear_pointer (&f->text, g_free);
  g_clear_pointer (&f->all, g_free);
  g_clear_pointer (&f->pages, g_strfreev);
  g_clear_pointer (&f->pdf, g_free);
}

/* The diagram's pieces: the whole path is drawn, at a size that reads on paper (a box's
 * label, 13 model units, at least 8 pt), on the page, and no box is cut at a piece's edge. */
static void
assert_diagram (Fixture *f)
{
  NpcLayout *layout = npc_report_get_layout (f->report);
  guint n_path = 0, n_boxes = 0, n_pieces = 0;
  const NpcNode *const *path = npc_evaluation_get_path (f->evaluation, &n_path);
  const NpcLayoutBox *const *boxes;
  g_autofree gboolean *drawn = NULL;

  if (npc_evaluation_get_outcome (f->evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
    {
      for (guint p = 0; p < f->n_pages; p++)
        g_assert_false (npc_report_get_diagram_piece (f->report, p, 0, NULL, NULL, NULL, NULL));
      return;
    }
  g_assert_nonnull (layout);
  boxes = npc_layout_get_boxes (layout, &n_boxes);
  drawn = g_new0 (gboolean, MAX (n_path, 1));

  for (guint p = 0; p < f->n_pages; p++)
    {
      double page_w, page_h;

      npc_report_get_page_size (f->report, p, &page_w, &page_h);
      for (guint i = 0;; i++)
        {
          NpcLayoutRect r;
          double scale, x, y;

          if (!npc_report_get_diagram_piece (f->report, p, i, &r, &scale, &x, &y))
            break;
          n_pieces++;
          g_assert_cmpfloat (scale * 13.0, >=, 8.0);
          /* on the page, inside its margins */
          g_assert_cmpfloat (x, >=, 30);
          g_assert_cmpfloat (y, >=, 30);
          g_assert_cmpfloat (x + r.width * scale, <=, page_w - 30);
          g_assert_cmpfloat (y + r.height * scale, <=, page_h - 30);

          for (guint b = 0; b < n_boxes; b++)
            {
              const NpcLayoutBox *box = boxes[b];
              gboolean meets = box->x < r.x + r.width && r.x < box->x + box->width &&
                               box->y < r.y + r.height && r.y < box->y + box->height;
              gboolean inside = box->x >= r.x - 0.01 && box->y >= r.y - 0.01 &&
                                box->x + box->width <= r.x + r.width + 0.01 &&
                                box->y + box->height <= r.y + r.height + 0.01;

              if (meets && !inside)
                g_error ("page %u: the box of %s is cut at the edge of the diagram", p + 1,
                         box->id);
              for (guint k = 0; k < n_path && inside; k++)
                if (box->kind == NPC_LAYOUT_BOX_NODE && box->node == path[k])
                  drawn[k] = TRUE;
            }
        }
    }
  g_assert_cmpuint (n_pieces, >, 0);
  for (guint k = 0; k < n_path; k++)
    if (!drawn[k])
      g_error ("the path's %s is on no diagram page", path[k]->id);
}

/* Makes the report, writes its PDF and checks what every report must have. */
static void
make_report (Fixture    *f,
             NpcCase    *kase,
             const char *name)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (guideline);
  g_autofree char *file = g_strdup_printf ("report-%s.pdf", name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 3, 12, 9, 30, 0);
  g_autofree char *summary = NULL;

  f->kase = kase;
  f->evaluation = npc_engine_evaluate (engine, kase);
  f->report = npc_report_new (guideline, kase, f->evaluation);
  npc_report_set_date (f->report, date);
  f->n_pages = npc_report_get_n_pages (f->report);
  f->all = npc_report_dup_text (f->report);
  f->text = npc_report_dup_body_text (f->report);
  f->pages = g_strsplit (f->all, "\f", -1);
  f->pdf = out_file (file);

  g_assert_true (npc_report_save_pdf (f->report, f->pdf, &error));
  g_assert_no_error (error);

  /* A valid PDF with the pages the report laid out; title, outcome, ... and the diagram. */
  g_assert_cmpuint (f->n_pages, >=, 3);
  g_assert_cmpuint (pdf_page_count (f->pdf), ==, f->n_pages);
  g_assert_cmpuint (g_strv_length (f->pages), ==, f->n_pages + 1);

  /* Every page: the source and its dates in the header, the disclaimer, "Page N of M". */
  for (guint i = 0; i < f->n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("Page %u of %u", i + 1, f->n_pages);
      g_autofree char *expected = npc_report_dup_page_text (f->report, i);

      g_assert_cmpstr (f->pages[i], ==, expected);
      assert_phrase (f->pages[i], meta->source_title);
      assert_phrase (f->pages[i], meta->literature_review_through);
      assert_phrase (f->pages[i], meta->last_updated);
      assert_phrase (f->pages[i], meta->disclaimer);
      assert_phrase (f->pages[i], number);
      assert_phrase (f->pages[i], "Written 2026-03-12 09:30 (UTC+00:00)");
    }

  /* The title block. */
  assert_phrase (f->pages[0], "NPC Pathway");
  assert_phrase (f->pages[0], npc_case_get_label (kase));
  assert_phrase (f->pages[0], npc_guideline_get_id (guideline));
  assert_phrase (f->pages[0], npc_guideline_get_version (guideline));
  for (guint i = 0; i < meta->n_people; i++)
    if (g_str_equal (meta->people[i].role, "author"))
      assert_phrase (f->text, meta->people[i].name);
  if (npc_case_get_notes (kase) != NULL)
    assert_phrase (f->text, npc_case_get_notes (kase));

  /* The outcome in plain words, in its own section. */
  summary = npc_evaluation_dup_summary (f->evaluation);
  assert_phrase (f->text, summary);
  g_assert_true (has_phrase (f->text, "1 Outcome"));
  g_assert_true (has_phrase (f->text, "2 Tumour board decision"));
  g_assert_true (has_phrase (f->text, "4 The case: what the pathway read"));
  g_assert_true (has_phrase (f->text, "6 Pathway diagram"));

  /* Page 1 is the summary to sign: the outcome and the lines to sign on. */
  assert_phrase (f->pages[0], summary);
  assert_phrase (f->pages[0], "Clinician |");
  assert_phrase (f->pages[0], "Signature");
  assert_phrase (f->pages[0], "Date");
  g_assert_false (has_phrase (f->pages[0], "3 Alternatives, options and agents"));

  assert_pages_filled (f->pdf, f->n_pages);
  assert_diagram (f);
}

/* The row of a field in "The case as entered": "Label id | value | how". */
static const char *
find_row (char      **lines,
          const char *prefix)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return lines[i];
  return NULL;
}

/* The fields the report lists: those the path read (facts, assumptions, derived values, the
 * fields it waits for), those a validation error names, and those entered. */
static gboolean
field_is_shown (Fixture        *f,
                const NpcField *field)
{
  guint n = 0;
  const NpcStep *steps = npc_evaluation_get_explanation (f->evaluation, &n);
  const NpcAssumption *assumptions;
  const NpcDerived *derived;
  const NpcField *const *needed;
  const NpcValidationError *const *errors;

  if (npc_case_has_value (f->kase, field->id))
    return TRUE;
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < steps[i].n_facts; k++)
      if (steps[i].facts[k].field == field)
        return TRUE;
  assumptions = npc_evaluation_get_assumptions (f->evaluation, &n);
  for (guint i = 0; i < n; i++)
    if (assumptions[i].field == field)
      return TRUE;
  derived = npc_evaluation_get_derived (f->evaluation, &n);
  for (guint i = 0; i < n; i++)
    if (derived[i].field == field)
      return TRUE;
  needed = npc_evaluation_get_needs_input (f->evaluation, &n);
  for (guint i = 0; i < n; i++)
    if (needed[i] == field)
      return TRUE;
  errors = npc_evaluation_get_validation_errors (f->evaluation, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (errors[i]->field, field->id) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_case_fields (Fixture *f)
{
  guint n_fields = 0, n_derived = 0, n_shown = 0;
  const NpcField *const *fields = npc_guideline_get_fields (guideline, &n_fields);
  const NpcDerived *derived = npc_evaluation_get_derived (f->evaluation, &n_derived);
  g_auto(GStrv) lines = g_strsplit (f->text, "\n", -1);

  for (guint i = 0; i < n_fields; i++)
    {
      const NpcField *field = fields[i];
      const NpcValue *value = npc_evaluation_get_value (f->evaluation, field);
      NpcValueSource source = npc_evaluation_get_value_source (f->evaluation, field);
      g_autofree char *prefix = g_strdup_printf ("%s %s | ", field->label, field->id);
      g_autofree char *expected = NULL;
      g_autofree char *cell = NULL;
      const char *row = find_row (lines, prefix);
      const char *rest, *bar;
      gboolean is_derived = FALSE;

      if (!field_is_shown (f, field))
        {
          /* a field the path did not read and nobody entered played no part */
          if (row != NULL)
            g_error ("the field %s is listed, but the path did not read it", field->id);
          continue;
        }
      n_shown++;
      if (row == NULL)
        g_error ("no row for the field %s", field->id);
      rest = row + strlen (prefix);
      bar = strstr (rest, " | ");
      g_assert_nonnull (bar);
      cell = g_strndup (rest, bar - rest);
      g_assert_cmpstr (cell, !=, "");

      for (guint k = 0; k < n_derived; k++)
        if (derived[k].field == field)
          is_derived = TRUE;

      if (value == NULL || !value->known)
        expected = g_strdup ("not known");
      else
        {
          g_autofree char *text = npc_value_to_text (field, value);

          if (field->type == NPC_FIELD_INTEGER && field->unit != NULL)
            expected = g_strdup_printf ("%s %s%s", text, field->unit,
                                        is_derived ? " (derived)" : "");
          else
            expected = g_strdup_printf ("%s%s", text, is_derived ? " (derived)" : "");
        }
      g_assert_cmpstr (cell, ==, expected);

      /* where the value came from, as the evaluation knows it */
      if (is_derived)
        g_assert_nonnull (strstr (bar, "Derived at "));
      else if (source == NPC_SOURCE_ENTERED)
        g_assert_nonnull (strstr (bar, "| Entered"));
      else if (source == NPC_SOURCE_DEFAULT)
        g_assert_nonnull (strstr (bar, "| Assumed: the guideline’s default, not entered"));
      else if (npc_evaluation_get_entered_value (f->evaluation, field) == NULL &&
               !npc_case_has_value (f->kase, field->id))
        g_assert_nonnull (strstr (bar, "| Not entered"));
    }
  g_assert_cmpuint (n_shown, >, 0);
}

static void
assert_why (Fixture *f)
{
  guint n_steps = 0, n_path = 0;
  const NpcStep *steps = npc_evaluation_get_steps (f->evaluation, &n_steps);
  const NpcNode *const *path = npc_evaluation_get_path (f->evaluation, &n_path);
  g_autoptr(GString) ids = g_string_new ("Path: ");

  for (guint i = 0; i < n_path; i++)
    g_string_append_printf (ids, "%s%s", i ? " → " : "", path[i]->id);
  if (n_path > 0)
    assert_phrase (f->text, ids->str);

  for (guint i = 0; i < n_steps; i++)
    {
      const char *state = steps[i].state == NPC_BRANCH_TAKEN ? "✓ Taken"
                          : steps[i].state == NPC_BRANCH_EXCLUDED ? "✗ Not taken"
                          : "? Undetermined";
      g_autofree char *row = g_strdup_printf ("%s | %s", state, steps[i].branch->label);

      assert_phrase (f->text, row);
    }
  /* the why of every decision in the evidence pane's words, each branch in one line */
  for (guint i = 0; i < n_path; i++)
    {
      g_auto(GStrv) words = npc_evaluation_dup_branch_words (f->evaluation, path[i]);

      for (guint k = 0; words != NULL && words[k] != NULL; k++)
        assert_phrase (f->text, words[k]);
    }
}

static void
assert_references (Fixture *f)
{
  guint n = 0;
  const guint *refs = npc_evaluation_get_references (f->evaluation, &n);

  for (guint i = 0; i < n; i++)
    {
      const NpcReference *ref = npc_guideline_lookup_reference (guideline, refs[i]);
      g_autofree char *start = NULL;

      g_assert_nonnull (ref);
      /* "n. Authors. Title. Journal Year;Volume:Pages." */
      start = g_strdup_printf ("%u. %s%s %s", ref->n, ref->authors,
                               g_str_has_suffix (ref->authors, ".") ? "" : ".", ref->title);
      if (ref->citation == NULL)
        assert_phrase (f->text, start);
      /* Volume and pages as the review prints them ("2022; 40; 36S"). */
      if (ref->citation != NULL)
        {
          g_autofree char *whole = g_strdup_printf ("%u. %s", ref->n, ref->citation);

          assert_phrase (f->text, whole);
        }
    }
}

static void
assert_evidence (Fixture *f)
{
  guint n = 0;
  const NpcEvidence *const *evidence = npc_evaluation_get_evidence (f->evaluation, &n);

  for (guint i = 0; i < n; i++)
    {
      const NpcEvidence *ev = evidence[i];
      g_autofree char *title = g_strdup_printf ("%s · %s", ev->id, ev->name);

      assert_phrase (f->text, title);
      if (ev->design != NULL)
        assert_phrase (f->text, ev->design);
      if (ev->population != NULL)
        assert_phrase (f->text, ev->population);
      for (guint a = 0; a < ev->n_arms; a++)
        {
          assert_phrase (f->text, ev->arms[a].label);
          if (ev->arms[a].regimen != NULL)
            assert_phrase (f->text, ev->arms[a].regimen);
        }
      for (guint r = 0; r < ev->n_results; r++)
        {
          const NpcResult *res = &ev->results[r];

          assert_phrase (f->text, res->measure);
          for (guint v = 0; v < res->n_values; v++)
            assert_phrase (f->text, res->values[v].text);
          if (res->hazard_ratio != NULL && res->ci_lower != NULL && res->ci_upper != NULL)
            {
              g_autofree char *hr = g_strdup_printf ("HR %s (%s CI %s–%s)", res->hazard_ratio,
                                                     res->ci_level ? res->ci_level : "95%",
                                                     res->ci_lower, res->ci_upper);

              assert_phrase (f->text, hr);
            }
        }
      for (guint t = 0; ev->toxicity != NULL && ev->toxicity[t] != NULL; t++)
        assert_phrase (f->text, ev->toxicity[t]);
      for (guint t = 0; ev->limitations != NULL && ev->limitations[t] != NULL; t++)
        assert_phrase (f->text, ev->limitations[t]);
    }
}

static void
assert_ink_on_pages (NpcReport *report)
{
  guint n = npc_report_get_n_pages (report);

  for (guint i = 0; i < n; i++)
    {
      double w, h, x0, y0, iw, ih;
      cairo_surface_t *surface;
      cairo_t *cr;

      npc_report_get_page_size (report, i, &w, &h);
      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cr = cairo_create (surface);
      npc_report_draw_page (report, cr, i);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_recording_surface_ink_extents (surface, &x0, &y0, &iw, &ih);
      cairo_surface_destroy (surface);

      /* Nothing is drawn in the outer margins: no text or diagram runs off a page. */
      g_assert_cmpfloat (x0, >=, 20);
      g_assert_cmpfloat (y0, >=, 20);
      g_assert_cmpfloat (x0 + iw, <=, w - 20);
      g_assert_cmpfloat (y0 + ih, <=, h - 20);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* the tests                                                                                   */

static void
test_examples (void)
{
  const char *names[] = {
    "metastatic-first-line", "neck-recurrence", "oligometastatic-consolidation",
    "rt2-resectable", "rt3-reirradiation", "second-line-immunotherapy",
    "rt4-not-reirradiable", "second-line-chemotherapy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.json", names[i]);
      Fixture f = { 0 };
      const NpcNode *primary;

      make_report (&f, load_example (file), names[i]);
      primary = npc_evaluation_get_primary (f.evaluation);
      g_assert_nonnull (primary);
      if (primary->statement != NULL)
        assert_phrase (f.text, primary->statement);
      if (primary->grade != NULL)
        {
          NpcRating r;
          g_autofree char *own = g_strdup_printf ("grade %s", primary->grade);
          g_autofree char *stated = g_strdup_printf ("graded %s by the review for",
                                                     primary->grade);

          /* The patient's grade, or the review's for another population: never the one
           * written as the other. */
          npc_evaluation_get_rating (f.evaluation, primary, &r);
          if (r.grade != NULL)
            assert_phrase (f.text, own);
          else
            {
              assert_phrase (f.text, stated);
              g_assert_null (strstr (f.text, own));
            }
        }
      /* Options removed for this case are said to be removed, with the reason. */
      {
        guint n = 0;
        const NpcEvalOption *opts = npc_evaluation_get_options (f.evaluation, primary, &n, NULL);

        for (guint k = 0; k < n; k++)
          if (opts[k].excluded)
            assert_phrase (f.text, opts[k].reason);
      }
      assert_case_fields (&f);
      assert_why (&f);
      assert_evidence (&f);
      assert_references (&f);
      assert_ink_on_pages (f.report);
      fixture_clear (&f);
    }
}

/* D20: the agents kept with their caveats and the agents excluded with their reasons. */
static void
test_agents (void)
{
  Fixture f = { 0 };
  guint n_agents = 0, n_flags = 0, n_alts = 0, n_excluded = 0;
  const NpcEvalAgent *agents;
  const NpcAmbiguity *const *flags;
  const NpcEvalAlternative *alts;

  make_report (&f, load_example ("second-line-immunotherapy.json"), "agents");
  g_assert_cmpstr (npc_evaluation_get_primary (f.evaluation)->id, ==, "M-2L-IO");

  agents = npc_evaluation_get_agents (f.evaluation, &n_agents);
  g_assert_cmpuint (n_agents, >, 0);
  for (guint i = 0; i < n_agents; i++)
    {
      if (agents[i].excluded)
        {
          g_autofree char *line = g_strdup_printf ("✗ %s — %s", agents[i].agent->label,
                                                   agents[i].reason);

          assert_phrase (f.text, line);
          n_excluded++;
        }
      else
        {
          assert_phrase (f.text, agents[i].agent->label);
          if (agents[i].agent->qualifier != NULL)
            assert_phrase (f.text, agents[i].agent->qualifier);
          for (guint c = 0; agents[i].caveats != NULL && agents[i].caveats[c] != NULL; c++)
            assert_phrase (f.text, agents[i].caveats[c]);
        }
    }
  g_assert_cmpuint (n_excluded, >, 0);
  assert_phrase (f.text, "Excluded agents, for this case");

  flags = npc_evaluation_get_flags (f.evaluation, &n_flags);
  g_assert_cmpuint (n_flags, >, 0);
  for (guint i = 0; i < n_flags; i++)
    {
      assert_phrase (f.text, flags[i]->title);
      assert_phrase (f.text, flags[i]->text);
    }

  alts = npc_evaluation_get_alternatives (f.evaluation, &n_alts);
  g_assert_cmpuint (n_alts, >, 0);
  for (guint i = 0; i < n_alts; i++)
    assert_phrase (f.text, alts[i].node ? alts[i].node->label : alts[i].modifier->label);
  fixture_clear (&f);
}

/* The vignettes that reach an outcome through the agents at D20. */
static void
test_vignette_agents (void)
{
  const char *ids[] = { "npc-27", "npc-28", "npc-29" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      Fixture f = { 0 };
      g_autofree char *name = g_strdup_printf ("vignette-%s", ids[i]);

      make_report (&f, load_vignette (ids[i]), name);
      assert_case_fields (&f);
      assert_why (&f);
      assert_evidence (&f);
      assert_references (&f);
      fixture_clear (&f);
    }
}

static void
test_needs_input (void)
{
  const char *ids[] = { "npc-34", "npc-35" };

  for (guint v = 0; v < G_N_ELEMENTS (ids); v++)
    {
      Fixture f = { 0 };
      g_autofree char *name = g_strdup_printf ("needs-input-%s", ids[v]);
      guint n = 0;
      const NpcField *const *fields;

      make_report (&f, load_vignette (ids[v]), name);
      g_assert_cmpint (npc_evaluation_get_outcome (f.evaluation), ==, NPC_OUTCOME_NEEDS_INPUT);
      fields = npc_evaluation_get_needs_input (f.evaluation, &n);
      g_assert_cmpuint (n, >, 0);

      /* The box, on the first page, with every field still needed by its label. */
      assert_phrase (f.pages[0], "No recommendation is shown until these are known:");
      for (guint i = 0; i < n; i++)
        assert_phrase (f.pages[0], fields[i]->label);
      assert_phrase (f.text, npc_evaluation_get_stopped_at (f.evaluation)->id);

      /* Nothing that reads as a recommendation. */
      g_assert_false (has_phrase (f.text, "Strength:"));
      g_assert_false (has_phrase (f.text, "The outcome reached"));
      g_assert_false (has_phrase (f.text, "Suggested:"));
      assert_phrase (f.text, "None: no outcome has been reached");
      assert_case_fields (&f);
      assert_why (&f);
      fixture_clear (&f);
    }
}

static void
test_validation_error (void)
{
  const char *ids[] = { "npc-38", "npc-39", "npc-42" };

  for (guint v = 0; v < G_N_ELEMENTS (ids); v++)
    {
      Fixture f = { 0 };
      g_autofree char *name = g_strdup_printf ("invalid-%s", ids[v]);
      guint n = 0;
      const NpcValidationError *const *errors;

      make_report (&f, load_vignette (ids[v]), name);
      g_assert_cmpint (npc_evaluation_get_outcome (f.evaluation), ==,
                       NPC_OUTCOME_VALIDATION_ERROR);
      errors = npc_evaluation_get_validation_errors (f.evaluation, &n);
      g_assert_cmpuint (n, >, 0);

      assert_phrase (f.pages[0], "The case is not valid");
      for (guint i = 0; i < n; i++)
        {
          const NpcField *field = npc_guideline_lookup_field (guideline, errors[i]->field);
          g_autofree char *row = g_strdup_printf ("%s | %s %s | %s", errors[i]->rule,
                                                  field ? field->label : "", errors[i]->field,
                                                  errors[i]->message);

          assert_phrase (f.text, field ? row : errors[i]->message);
          assert_phrase (f.text, errors[i]->rule);
          assert_phrase (f.text, errors[i]->field);
        }
      g_assert_false (has_phrase (f.text, "Strength:"));
      assert_phrase (f.text, "No path: the case is not valid");
      assert_case_fields (&f);
      fixture_clear (&f);
    }
}

/* A field the guideline does not know, and a value of the wrong type: shown, never dropped. */
static void
test_invalid_entries (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  const char *json =
    "{ \"format\": \"npc-pathway-case/1\", \"guideline\": \"npc-recurrent-metastatic\","
    "  \"meta\": { \"label\": \"Typing errors\" },"
    "  \"fields\": { \"disease_setting\": \"metastatic\", \"ecog\": \"zero\","
    "              \"favourite_colour\": \"blue\" } }";
  NpcCase *kase = npc_case_new_from_data (json, -1, "typing-errors.json", &error);
  g_auto(GStrv) lines = NULL;
  const char *row;

  g_assert_no_error (error);
  make_report (&f, kase, "invalid-entries");
  g_assert_cmpint (npc_evaluation_get_outcome (f.evaluation), ==, NPC_OUTCOME_VALIDATION_ERROR);
  lines = g_strsplit (f.text, "\n", -1);

  assert_phrase (f.text, "Entries that are not fields of this guideline");
  row = find_row (lines, "favourite_colour | ");
  g_assert_nonnull (row);
  assert_phrase (row, "\"blue\"");

  row = find_row (lines, "ECOG performance status ecog | ");
  g_assert_nonnull (row);
  assert_phrase (row, "not known");
  assert_phrase (row, "Entered as “\"zero\"”");
  assert_phrase (row, "error VAL-1");
  fixture_clear (&f);
}

/* A value the pathway set on the way is marked as derived, with the redirect. */
static void
test_derived (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  const char *json =
    "{ \"format\": \"npc-pathway-case/1\", \"guideline\": \"npc-recurrent-metastatic\","
    "  \"meta\": { \"label\": \"Recurrence with distant metastases\" },"
    "  \"fields\": { \"disease_setting\": \"locoregional_recurrence\","
    "    \"mri_head_neck_done\": true, \"pet_ct_done\": true,"
    "    \"distant_metastases_on_imaging\": true, \"prior_rt\": true,"
    "    \"prior_systemic_therapy_rm\": \"none\", \"performance_status\": \"good\","
    "    \"fit_for_combination_chemo\": true, \"gem_cis_eligible\": true,"
    "    \"oligometastatic\": false } }";
  NpcCase *kase = npc_case_new_from_data (json, -1, "derived.json", &error);
  g_auto(GStrv) lines = NULL;
  guint n_derived = 0;
  const NpcDerived *derived;

  g_assert_no_error (error);
  make_report (&f, kase, "derived");
  derived = npc_evaluation_get_derived (f.evaluation, &n_derived);
  g_assert_cmpuint (n_derived, >, 0);
  lines = g_strsplit (f.text, "\n", -1);

  for (guint i = 0; i < n_derived; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s %s | ", derived[i].field->label,
                                                 derived[i].field->id);
      g_autofree char *by = g_strdup_printf ("Derived at %s", derived[i].by->id);
      g_autofree char *value = npc_value_to_text (derived[i].field, &derived[i].value);
      g_autofree char *sets = g_strdup_printf ("Sets “%s” to %s", derived[i].field->label,
                                               value);
      const char *row = find_row (lines, prefix);

      g_assert_nonnull (row);
      assert_phrase (row, "(derived)");
      assert_phrase (row, by);
      assert_phrase (f.text, sets);
    }
  assert_case_fields (&f);
  assert_why (&f);
  fixture_clear (&f);
}

/* A paragraph longer than pages: every line lands once, in order, and no page overflows. */
static void
test_long_notes (void)
{
  g_autoptr(NpcCase) short_case = load_example ("rt2-resectable.json");
  g_autoptr(NpcReport) short_report = npc_report_new (guideline, short_case, NULL);
  NpcCase *kase = load_example ("rt2-resectable.json");
  g_autoptr(GString) notes = g_string_new (NULL);
  Fixture f = { 0 };
  g_autofree char *squeezed = NULL;
  gssize last = -1;

  for (guint i = 1; i <= 400; i++)
    g_string_append_printf (notes, "Sentence number %03u of the notes. ", i);
  npc_case_set_notes (kase, notes->str);
  make_report (&f, kase, "long-notes");
  g_assert_cmpuint (f.n_pages, >=, npc_report_get_n_pages (short_report) + 2);

  squeezed = squeeze (f.text);
  for (guint i = 1; i <= 400; i++)
    {
      g_autofree char *sentence = g_strdup_printf ("Sentence number %03u of the notes.", i);
      g_autofree char *s = squeeze (sentence);
      const char *at = strstr (squeezed, s);

      g_assert_nonnull (at);
      g_assert_null (strstr (at + 1, s));
      g_assert_cmpint (at - squeezed, >, last);
      last = at - squeezed;
    }
  assert_ink_on_pages (f.report);
  fixture_clear (&f);
}

/* Any page size for printing; every page is portrait, the diagram's pieces too. */
static void
test_page_sizes (void)
{
  g_autoptr(NpcCase) kase = load_example ("metastatic-first-line.json");
  g_autoptr(NpcReport) report = npc_report_new (guideline, kase, NULL);
  guint a4, letter;

  a4 = npc_report_get_n_pages (report);
  letter = npc_report_paginate (report, 612, 792);
  g_assert_cmpuint (letter, ==, npc_report_get_n_pages (report));
  g_assert_cmpuint (letter, >=, 3);
  for (guint i = 0; i < letter; i++)
    {
      double w, h;
      gboolean landscape = npc_report_get_page_size (report, i, &w, &h);

      g_assert_false (landscape);
      g_assert_cmpfloat (w, ==, 612);
      g_assert_cmpfloat (h, ==, 792);
    }
  g_assert_true (npc_report_get_diagram_piece (report, letter - 1, 0, NULL, NULL, NULL, NULL) ||
                 letter > 3);
  assert_ink_on_pages (report);

  g_assert_cmpuint (npc_report_paginate (report, NPC_REPORT_A4_WIDTH, NPC_REPORT_A4_HEIGHT), ==,
                    a4);
}

/* Page 1, read back from the PDF file: what a clinician signs. */
static char *
first_page (Fixture    *f,
            NpcCase    *kase,
            const char *name)
{
  make_report (f, kase, name);
  return pdf_page_text (f->pdf, 1);
}

/* The patient, the outcome with its grade, the board's decision on the pathway's outcome,
 * and the lines to sign on, all on page 1; the long label whole, wrapped, not cut. */
static void
test_summary_on_primary (void)
{
  Fixture f = { 0 };
  NpcCase *kase = load_example ("signed-salvage-surgery.json");
  g_autofree char *page = first_page (&f, kase, "signed-salvage-surgery");
  g_autofree char *summary = npc_evaluation_dup_summary (f.evaluation);
  const NpcNode *primary = npc_evaluation_get_primary (f.evaluation);
  NpcRating r;
  g_autofree char *grade = NULL;

  g_assert_cmpstr (primary->id, ==, "LR-RT-SURG-T12");
  npc_evaluation_get_rating (f.evaluation, primary, &r);
  grade = npc_rating_dup_grade_text (&r);
  g_assert_nonnull (grade);

  assert_phrase (page, npc_case_get_label (kase));
  assert_phrase (page, summary);
  assert_phrase (page, grade);
  assert_phrase (page, "Example Patient A");
  assert_phrase (page, "EX-0001");
  assert_phrase (page, "1968-05-14");
  assert_phrase (page, "Dr Example Oncologist");
  assert_phrase (page, "Endoscopic nasopharyngectomy");
  assert_phrase (page, "2026-03-04");
  /* "agents": [] records that no drug was given */
  assert_phrase (f.pages[0], "Agents | none");
  assert_phrase (page, "On the pathway: the decision is the pathway’s outcome, LR-RT-SURG-T12");
  assert_phrase (page, "Reviewed and signed");
  assert_phrase (page, "Signature");
  assert_phrase (page, "Date");
  assert_phrase (page, npc_guideline_get_metadata (guideline)->source_title);
  assert_phrase (page, npc_guideline_get_metadata (guideline)->disclaimer);
  /* the assumptions the outcome rests on */
  {
    guint n = 0;
    const NpcAssumption *a = npc_evaluation_get_assumptions (f.evaluation, &n);

    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *line = g_strdup_printf ("Assumes “%s” is", a[i].field->label);

        assert_phrase (page, line);
      }
  }
  /* every page says whose it is */
  for (guint i = 0; i < f.n_pages; i++)
    assert_phrase (f.pages[i], "Patient: Example Patient A · ID EX-0001 · born 1968-05-14");
  /* the label wraps in the title: every word of it, in order, on page 1 */
  g_assert_cmpuint (strlen (npc_case_get_label (kase)), >, 100);
  fixture_clear (&f);
}

static void
test_summary_alternative (void)
{
  Fixture f = { 0 };
  g_autofree char *page = first_page (&f, load_example ("signed-metastatic-first-line.json"),
                                      "signed-metastatic-first-line");

  g_assert_cmpstr (npc_evaluation_get_primary (f.evaluation)->id, ==, "M-1L-GP");
  assert_phrase (page, "EX-0002");
  assert_phrase (page, "On the pathway: the decision is an alternative shown with the pathway’s "
                       "outcome, M-1L-CHEMOIO");
  assert_phrase (page, "The patient chose chemotherapy with immunotherapy after discussion.");
  assert_phrase (page, "gemcitabine");
  fixture_clear (&f);
}

/* A case that needs input: no outcome to agree with, and no decision recorded. */
static void
test_summary_needs_input (void)
{
  Fixture f = { 0 };
  g_autofree char *page = first_page (&f, load_example ("signed-needs-input.json"),
                                      "signed-needs-input");
  guint n = 0;
  const NpcField *const *fields;

  g_assert_cmpint (npc_evaluation_get_outcome (f.evaluation), ==, NPC_OUTCOME_NEEDS_INPUT);
  fields = npc_evaluation_get_needs_input (f.evaluation, &n);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    assert_phrase (page, fields[i]->label);
  assert_phrase (page, "EX-0003");
  /* what each answer can lead to, in the banner's words */
  {
    g_autofree char *possible = npc_evaluation_dup_possible_summary (f.evaluation, 3);

    g_assert_nonnull (possible);
    assert_phrase (f.pages[0], possible);
  }
  assert_phrase (page, "No decision recorded in the case file.");
  assert_phrase (page, "Concordance cannot be assessed: the pathway needs input");
  g_assert_false (has_phrase (page, "On the pathway:"));
  assert_case_fields (&f);
  fixture_clear (&f);
}

/* A decision off the pathway, with its reason; and a case file without patient or decision. */
static void
test_summary_off_pathway (void)
{
  g_autoptr(GError) error = NULL;
  const char *json =
    "{ \"format\": \"npc-pathway-case/1\", \"guideline\": \"npc-recurrent-metastatic\","
    "  \"meta\": { \"label\": \"Off the pathway\", \"clinician\": \"Dr Example\","
    "    \"patient\": { \"id\": \"EX-0009\" },"
    "    \"decision\": { \"outcome\": null, \"treatment\": \"Proton reirradiation\","
    "                    \"date\": \"2026-04-01\","
    "                    \"reason\": \"The patient asked for proton therapy abroad.\" } },"
    "  \"fields\": { \"disease_setting\": \"locoregional_recurrence\","
    "    \"mri_head_neck_done\": true, \"pet_ct_done\": true,"
    "    \"distant_metastases_on_imaging\": false, \"prior_rt\": true,"
    "    \"recurrence_site\": \"local\", \"recurrent_t_stage\": \"rT2\", \"resectable\": true,"
    "    \"surgical_candidate\": true, \"declines_surgery\": false } }";
  NpcCase *kase = npc_case_new_from_data (json, -1, "off-pathway.json", &error);
  Fixture f = { 0 }, g = { 0 };
  g_autofree char *page = NULL;
  g_autofree char *bare = NULL;

  g_assert_no_error (error);
  page = first_page (&f, kase, "off-pathway");
  assert_phrase (page, "EX-0009");
  assert_phrase (page, "Proton reirradiation");
  assert_phrase (page, "Off the pathway. The reason recorded: The patient asked for proton "
                       "therapy abroad.");
  fixture_clear (&f);

  bare = first_page (&g, load_example ("rt2-resectable.json"), "no-decision");
  assert_phrase (bare, "no identifiers recorded in the case file");
  assert_phrase (bare, "Concordance: no decision recorded.");
  assert_phrase (bare, "Signature");
  fixture_clear (&g);
}

/* A label longer than a line wraps, in the title and in every page's header, never cut. */
static void
test_long_title (void)
{
  NpcCase *kase = load_example ("signed-needs-input.json");
  g_autoptr(GString) label = g_string_new (NULL);
  Fixture f = { 0 };
  g_autofree char *page = NULL;

  for (guint i = 1; i <= 12; i++)
    g_string_append_printf (label, "%swordy phrase number %02u", i > 1 ? " " : "", i);
  g_string_append (label, " Supercalifragilisticexpialidociousunbrokenwordthatrunslongerthananylineofthepage");
  npc_case_set_label (kase, label->str);
  page = first_page (&f, kase, "long-title");
  assert_phrase (page, label->str);
  for (guint i = 0; i < f.n_pages; i++)
    assert_phrase (f.pages[i], label->str);
  assert_ink_on_pages (f.report);
  fixture_clear (&f);
}

/* A metastatic case: the fields of a locoregional recurrence's work-up are not listed. */
static void
test_metastatic_fields (void)
{
  Fixture f = { 0 };
  const char *locoregional[] = { "mri_head_neck_done", "pet_ct_done", "recurrent_t_stage",
                                 "resectable", "recurrence_site" };

  make_report (&f, load_example ("metastatic-first-line.json"), "metastatic-fields");
  for (guint i = 0; i < G_N_ELEMENTS (locoregional); i++)
    {
      const NpcField *field = npc_guideline_lookup_field (guideline, locoregional[i]);
      g_autofree char *row = NULL;

      g_assert_nonnull (field);
      row = g_strdup_printf ("%s %s |", field->label, field->id);
      g_assert_false (has_phrase (f.text, row));
    }
  assert_phrase (f.text, "Disease setting");
  assert_case_fields (&f);
  fixture_clear (&f);
}

static void
test_stream (void)
{
  g_autoptr(NpcCase) kase = load_example ("neck-recurrence.json");
  g_autoptr(NpcReport) report = npc_report_new (guideline, kase, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (npc_report_write_pdf_to_stream (report, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  g_assert_cmpuint (count_page_objects (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)),
                    ==, npc_report_get_n_pages (report));
}

static void
test_unwritable (void)
{
  g_autoptr(NpcCase) kase = load_example ("neck-recurrence.json");
  g_autoptr(GError) error = NULL;
  const char *path = "/nonexistent-npc-folder/report.pdf";

  g_assert_false (npc_report_write_pdf (guideline, kase, NULL, path, &error));
  g_assert_error (error, NPC_ERROR, NPC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
}

/* pdftotext, where installed, reads the same words out of the file. */
static void
test_pdftotext (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *summary = NULL;
  Fixture f = { 0 };
  int status;

  /* build-aux/dev installs poppler-utils: the PDF is read back as a reader's tool reads it */
  g_assert_nonnull (pdftotext);

  make_report (&f, load_example ("second-line-immunotherapy.json"), "pdftotext");
  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", f.pdf, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  summary = npc_evaluation_dup_summary (f.evaluation);
  assert_phrase (out, summary);
  assert_phrase (out, "Page 1 of");
  assert_phrase (out, npc_guideline_get_metadata (guideline)->source_title);
  g_assert_cmpuint (count_phrase (out, "Page "), >=, f.n_pages);
  fixture_clear (&f);
}

/* ------------------------------------------------------------------------------------------ */
/* the command line                                                                            */

static int
run_cli (char      **err_out,
         const char *first,
         ...)
{
  const char *cli = g_getenv ("NPC_PATHWAY_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "report");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                err_out, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* In Chinese, the report's first page speaks Chinese: the command line run with LANGUAGE, from
 * the catalogues compiled in the build folder (NPC_PATHWAY_LOCALEDIR). */
static void
test_cli_chinese (void)
{
  const char *cli = g_getenv ("NPC_PATHWAY_CLI");
  g_autofree char *kase = example_file ("signed-metastatic-first-line.json");
  const struct {
    const char *language, *signature, *clinician, *decision;
  } languages[] = {
    { "zh_CN", "签名", "临床医生", "2 肿瘤多学科会诊决策" },
    { "zh_TW", "簽名", "臨床醫師", "2 多專科腫瘤會議決策" },
    { "zh_HK", "簽名", "臨床醫生", "2 多專科腫瘤會議決策" },
  };

  g_assert_nonnull (cli);
  g_assert_nonnull (g_getenv ("NPC_PATHWAY_LOCALEDIR"));
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("report-cli-%s.pdf", languages[i].language);
      g_autofree char *pdf = out_file (name);
      g_auto(GStrv) env = g_get_environ ();
      const char *argv[] = { cli, "report", kase, "--output", pdf, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *page = NULL;
      int status = -1;

      env = g_environ_setenv (env, "LANGUAGE", languages[i].language, TRUE);
      env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
      env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
      g_remove (pdf);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      page = pdf_page_text (pdf, 1);
      assert_phrase (page, languages[i].signature);
      assert_phrase (page, languages[i].clinician);
      assert_phrase (page, languages[i].decision);
      assert_phrase (page, "EX-0002");
      g_assert_false (has_phrase (page, "Signature"));
      assert_pages_filled (pdf, pdf_page_count (pdf));
    }
}

static void
test_cli (void)
{
  g_autofree char *kase = example_file ("metastatic-first-line.json");
  g_autofree char *pdf = out_file ("report-cli.pdf");
  g_autofree char *invalid_pdf = out_file ("report-cli-invalid.pdf");
  g_autofree char *invalid = out_file ("cli-invalid.json");
  g_autofree char *malformed = out_file ("cli-malformed.json");
  g_autofree char *err = NULL;

  g_remove (pdf);
  g_assert_cmpint (run_cli (&err, kase, "--output", pdf, NULL), ==, 0);
  g_assert_cmpuint (pdf_page_count (pdf), >=, 3);
  g_clear_pointer (&err, g_free);

  /* An invalid case: the report is written and shows the errors; the status says so. */
  g_assert_true (g_file_set_contents (invalid,
                                      "{\"format\": \"npc-pathway-case/1\", \"fields\": "
                                      "{\"disease_setting\": \"metastatic\", "
                                      "\"recurrent_t_stage\": \"rT3\"}}", -1, NULL));
  g_remove (invalid_pdf);
  g_assert_cmpint (run_cli (&err, invalid, "-o", invalid_pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "VAL-"));
  g_assert_cmpuint (pdf_page_count (invalid_pdf), >=, 2);
  g_clear_pointer (&err, g_free);

  /* Usage errors and bad files: status 2, the file named. */
  g_assert_cmpint (run_cli (&err, kase, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--output", pdf, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, kase, kase, "--output", pdf, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, kase, "--output", "report.txt", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "report.txt"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "/nonexistent-case.json", "--output", pdf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nonexistent-case.json"));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (malformed, "{\"format\": ", -1, NULL));
  g_assert_cmpint (run_cli (&err, malformed, "--output", pdf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "cli-malformed.json"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, kase, "--output", "/nonexistent-npc-folder/r.pdf", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent-npc-folder/r.pdf"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, kase, "--guideline", "/nonexistent-guideline.xml",
                            "--output", pdf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nonexistent-guideline.xml"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--no-such-option", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, "--help", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  guideline = npc_guideline_new_default (&error);
  g_assert_no_error (error);
  engine = npc_engine_new (guideline);
  vignettes = json_parser_new ();
  json_parser_load_from_file (vignettes, g_getenv ("NPC_PATHWAY_VIGNETTES"), &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/examples", test_examples);
  g_test_add_func ("/report/agents", test_agents);
  g_test_add_func ("/report/vignette-agents", test_vignette_agents);
  g_test_add_func ("/report/needs-input", test_needs_input);
  g_test_add_func ("/report/validation-error", test_validation_error);
  g_test_add_func ("/report/invalid-entries", test_invalid_entries);
  g_test_add_func ("/report/derived", test_derived);
  g_test_add_func ("/report/long-notes", test_long_notes);
  g_test_add_func ("/report/page-sizes", test_page_sizes);
  g_test_add_func ("/report/summary-on-primary", test_summary_on_primary);
  g_test_add_func ("/report/summary-alternative", test_summary_alternative);
  g_test_add_func ("/report/summary-needs-input", test_summary_needs_input);
  g_test_add_func ("/report/summary-off-pathway", test_summary_off_pathway);
  g_test_add_func ("/report/metastatic-fields", test_metastatic_fields);
  g_test_add_func ("/report/long-title", test_long_title);
  g_test_add_func ("/report/stream", test_stream);
  g_test_add_func ("/report/unwritable", test_unwritable);
  g_test_add_func ("/report/pdftotext", test_pdftotext);
  g_test_add_func ("/report/cli", test_cli);
  g_test_add_func ("/report/cli-chinese", test_cli_chinese);

  status = g_test_run ();

  g_clear_object (&vignettes);
  g_clear_object (&engine);
  g_clear_object (&guideline);
  return status;
}
