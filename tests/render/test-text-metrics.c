/* test-text-metrics.c — box sizes from the text cache equal pango's, box for box
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * npc_renderer_measure sizes boxes through NpcTextMetrics (learnt word widths, cached texts);
 * npc_renderer_measure_with_layouts lays out every text with pango as drawing does. A box of
 * a different size would move the picture, so they must agree exactly.
 */

#define G_LOG_DOMAIN "test-text-metrics"

#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "npc-core.h"
#include "npc-layout.h"
#include "npc-renderer-private.h"
#include "npc-text-metrics.h"
#include "npc-test-tree.h"

/* Measures every box of layout both ways with a fresh renderer; returns how many differ. */
static guint
compare_boxes (NpcLayout  *layout,
               const char *family)
{
  g_autoptr(NpcRenderer) fast = npc_renderer_new ();
  g_autoptr(NpcRenderer) slow = npc_renderer_new ();
  const NpcLayoutBox *const *boxes;
  guint n, differ = 0;

  if (family != NULL)
    {
      npc_renderer_set_font_family (fast, family);
      npc_renderer_set_font_family (slow, family);
    }
  boxes = npc_layout_get_boxes (layout, &n);
  /* twice: the second round comes from the caches */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n; i++)
      {
        double fw, fh, sw, sh;

        npc_renderer_measure (boxes[i], &fw, &fh, fast);
        npc_renderer_measure_with_layouts (boxes[i], &sw, &sh, slow);
        if (fw != sw || fh != sh)
          {
            if (differ++ < 5)
              g_test_message ("%s “%s” (%s): %g × %g, pango %g × %g", boxes[i]->id,
                              boxes[i]->label, family != NULL ? family : "Sans", fw, fh, sw,
                              sh);
          }
      }
  return differ;
}

static void
test_random_trees (void)
{
  const char *families[] = { NULL, "Serif", "Monospace" };

  for (guint seed = 1; seed <= 3; seed++)
    {
      g_autoptr(NpcLayoutGraph) graph = npc_test_random_tree (3000, seed);
      g_autoptr(NpcLayout) layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_TOP_DOWN,
                                                              NULL, NULL);

      for (guint f = 0; f < G_N_ELEMENTS (families); f++)
        g_assert_cmpuint (compare_boxes (layout, families[f]), ==, 0);
    }
}

/* Labels that wrap to many lines, words wider than a line, words that kern inside. */
static void
test_hard_labels (void)
{
  static const char *const words[] = {
    "a", "AV", "To", "Ty", "Wa", "LTA", "x7", "11", "fi", "office", "ffl", "rT3", "N2",
    "nasopharyngectomy", "reirradiation", "chemoradiotherapy", "iiiiiiii", "WWWWWW",
    "oligometastaticpresentationwithoutanybreakopportunityatall",
  };
  static const char *const others[] = {
    "", "Prior radiation therapy?", "rT3–rT4", "≥ 2 lines", "EBV DNA (copies/mL)",
    "émigré café", "鼻咽癌 复发", "tab\there", "two  spaces", " leading", "trailing ",
    "new\nline", "PD-1 / PD-L1",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(NpcLayoutGraph) graph = npc_layout_graph_new ();
  g_autoptr(NpcLayout) layout = NULL;
  guint root = npc_layout_graph_add_node (graph, "root", "root");

  for (guint i = 0; i < 4000; i++)
    {
      g_autoptr(GString) label = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("%s%u", i % 3 ? "N" : "WWWWW", i);
      guint n_words = g_rand_int_range (rand, 1, 40);

      for (guint w = 0; w < n_words; w++)
        {
          if (w > 0)
            g_string_append_c (label, ' ');
          g_string_append (label, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      npc_layout_graph_add_edge (graph, root,
                                 npc_layout_graph_add_node (graph, id, label->str), NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    npc_layout_graph_add_edge (graph, root, npc_layout_graph_add_node (graph, others[i],
                                                                       others[i]), NULL);

  layout = npc_layout_new_for_graph (graph, 0, NPC_LAYOUT_LEFT_RIGHT, NULL, NULL);
  g_assert_cmpuint (compare_boxes (layout, NULL), ==, 0);
  g_assert_cmpuint (compare_boxes (layout, "Serif"), ==, 0);
}

static void
test_guidelines (void)
{
  const char *npc = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autofree char *mini = g_test_build_filename (G_TEST_DIST, "render", "data",
                                                 "mini-guideline.xml", NULL);
  const char *paths[] = { mini, npc };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcGuideline) guideline = NULL;

      /* the bundled guideline is always there */
      g_assert_nonnull (paths[i]);
      g_assert_true (g_file_test (paths[i], G_FILE_TEST_EXISTS));
      guideline = npc_guideline_new_from_path (paths[i], &error);
      g_assert_no_error (error);
      for (int o = NPC_LAYOUT_TOP_DOWN; o <= NPC_LAYOUT_LEFT_RIGHT; o++)
        {
          g_autoptr(NpcLayout) layout = npc_layout_new (guideline, o, NULL, NULL);

          /* links, redirects, badges and headers with ids of every kind */
          g_assert_cmpuint (compare_boxes (layout, NULL), ==, 0);
        }
    }
}

/* The metrics alone against pango alone, in every style the renderer uses and more; with
 * unhinted metrics as the renderer has them (words add up), and hinted (they need not). */
static void
test_metrics_strings (gconstpointer data)
{
  gboolean hinted = GPOINTER_TO_INT (data);
  static const NpcTextStyle styles[] = {
    { 13, PANGO_WEIGHT_SEMIBOLD, PANGO_STYLE_NORMAL, 200, 6, PANGO_ALIGN_CENTER },
    { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 200, 6, PANGO_ALIGN_CENTER },
    { 9, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 200, 1, PANGO_ALIGN_CENTER },
    { 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 126, 2, PANGO_ALIGN_CENTER },
    { 10, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1, 0, PANGO_ALIGN_LEFT },
    { 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, 60, 3, PANGO_ALIGN_LEFT },
  };
  static const char *const words[] = {
    "recurrence", "resectable", "AV", "To", "a", "Wy", "9", "office", "ffi", "L", "T",
    "metastatic", "performance", "status", "good", "surgery", "chemoradiotherapy",
  };
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();
  NpcTextMetrics *fast = npc_text_metrics_new (context, "Sans");
  NpcTextMetrics *slow = npc_text_metrics_new (context, "Sans");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint differ = 0, lines_differ = 0, n_pango_lines = 0;

  cairo_font_options_set_hint_metrics (options, hinted ? CAIRO_HINT_METRICS_ON
                                                      : CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, hinted ? CAIRO_HINT_STYLE_FULL
                                                     : CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, hinted);
  cairo_font_options_destroy (options);

  npc_text_metrics_set_pango_only (slow, TRUE);
  for (guint i = 0; i < 6000; i++)
    {
      const NpcTextStyle *style = &styles[i % G_N_ELEMENTS (styles)];
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 12);
      int fw, fh, sw, sh;

      for (guint w = 0; w < n_words; w++)
        {
          if (w > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      npc_text_metrics_measure (fast, style, text->str, -1, &fw, &fh);
      npc_text_metrics_measure (slow, style, text->str, -1, &sw, &sh);
      if (fw != sw || fh != sh)
        {
          if (differ++ < 5)
            g_test_message ("“%s”: %d × %d, pango %d × %d", text->str, fw, fh, sw, sh);
        }

      /* the lines the SVG writer places, as pango breaks and places them */
      {
        guint before = npc_text_metrics_get_n_pango (fast), nf, ns;
        const NpcTextLine *lf = npc_text_metrics_get_lines (fast, style, text->str, &nf);
        const NpcTextLine *ls = npc_text_metrics_get_lines (slow, style, text->str, &ns);
        gboolean same = nf == ns;

        n_pango_lines += npc_text_metrics_get_n_pango (fast) - before;
        /* a centred line whose width is not known is centred in the wrap width; pango
         * rounds its start to a pixel when the line is a whole number of pixels wide */
        for (guint l = 0; same && l < nf; l++)
          same = g_str_equal (lf[l].text, ls[l].text) && lf[l].centred == ls[l].centred &&
                 ABS (lf[l].x - ls[l].x) <= (lf[l].centred ? PANGO_SCALE / 2 : 0) &&
                 lf[l].baseline == ls[l].baseline;
        if (!same && lines_differ++ < 5)
          g_test_message ("“%s”: %u lines, first “%s” at %d, %d; pango %u, “%s” at %d, %d",
                          text->str, nf, nf ? lf[0].text : "", nf ? lf[0].x : 0,
                          nf ? lf[0].baseline : 0, ns, ns ? ls[0].text : "",
                          ns ? ls[0].x : 0, ns ? ls[0].baseline : 0);
      }

      /* a width that may be anything below narrow is below narrow, and the height exact */
      npc_text_metrics_measure (fast, style, text->str, 96 * PANGO_SCALE, &fw, &fh);
      g_assert_cmpint (fh, ==, sh);
      if (sw > 96 * PANGO_SCALE)
        g_assert_cmpint (fw, ==, sw);
      else
        g_assert_cmpint (fw, <=, 96 * PANGO_SCALE);
    }
  g_assert_cmpuint (differ, ==, 0);
  g_assert_cmpuint (lines_differ, ==, 0);
  g_test_message ("pango laid out %u texts of 6000 for their lines", n_pango_lines);
  /* unhinted, the lines of texts of words are the model's: pango only where a word is wider
   * than a line or the lines run out */
  if (!hinted)
    g_assert_cmpuint (n_pango_lines, <, 2000);
  /* unhinted, words add up: pango lays out the texts it learns words from, those that wrap
   * inside a word or run out of lines, and no others */
  g_test_message ("pango laid out %u texts of %u for their size",
                  npc_text_metrics_get_n_pango (fast) - n_pango_lines, 12000);
  if (!hinted)
    g_assert_cmpuint (npc_text_metrics_get_n_pango (fast) - n_pango_lines, <, 3000);

  npc_text_metrics_free (fast);
  npc_text_metrics_free (slow);
  g_object_unref (context);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-metrics/random-trees", test_random_trees);
  g_test_add_func ("/text-metrics/hard-labels", test_hard_labels);
  g_test_add_func ("/text-metrics/guidelines", test_guidelines);
  g_test_add_data_func ("/text-metrics/strings", GINT_TO_POINTER (FALSE), test_metrics_strings);
  g_test_add_data_func ("/text-metrics/strings-hinted", GINT_TO_POINTER (TRUE),
                        test_metrics_strings);

  return g_test_run ();
}
