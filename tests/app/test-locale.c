/* test-locale.c — the window, a slide and a report page in one translation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run once per translation (LANGUAGE=zh_CN, zh_TW, zh_HK; see meson.build). Each test checks
 * that the text shown is in that language and that every glyph of it was found in a font
 * (no empty boxes), and saves a picture to look at: locale-LANG-window.png,
 * locale-LANG-slide.png and locale-LANG-report-1.png in the screenshots folder.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "npc-application.h"
#include "npc-presentation.h"
#include "npc-window.h"
#include "app-test-util.h"

static NpcApplication *app;
static const char *language;

static gboolean
has_han (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* Three or more English words (ids and units the guideline keeps as they are, PD-L1, ECOG,
 * EBV, rT3, mg/m², are not words of lower-case letters): a label left untranslated. The
 * numbered citations ("75. Hsu C, …") and the case file's name and folder stay as they are. */
static gboolean
is_english_sentence (const char *text)
{
  guint words = 0, run = 0;

  if (has_han (text) || g_regex_match_simple ("^[0-9]+\\. ", text, 0, 0) ||
      g_str_has_suffix (text, ".json") || text[0] == '/')
    return FALSE;
  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_islower (c))
        run++;
      else
        {
          if (run >= 3)
            words++;
          run = 0;
        }
      if (c == 0)
        break;
    }
  return words >= 3;
}

typedef struct {
  guint labels;
  guint han;
  guint unknown_glyphs;
  GPtrArray *english;
} Census;

static void
census_walk (GtkWidget *widget,
             Census    *census)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && *text != '\0')
        {
          PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
          int unknown = pango_layout_get_unknown_glyphs_count (layout);

          census->labels++;
          if (has_han (text))
            census->han++;
          if (is_english_sentence (text))
            g_ptr_array_add (census->english, g_strdup (text));
          if (unknown > 0)
            {
              g_test_message ("no glyph for %d characters of “%s”", unknown, text);
              census->unknown_glyphs += unknown;
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    census_walk (child, census);
}

/* Every label shown: in the language (most of them with Han characters, none an English
 * sentence), and every character drawn with a glyph. */
static void
assert_in_language (GtkWidget *root,
                    guint      min_han)
{
  Census census = { .english = g_ptr_array_new_with_free_func (g_free) };

  census_walk (root, &census);
  g_test_message ("%u labels, %u with Chinese text", census.labels, census.han);
  for (guint i = 0; i < census.english->len; i++)
    g_test_message ("English left: “%s”", (char *) census.english->pdata[i]);
  g_assert_cmpuint (census.unknown_glyphs, ==, 0);
  g_assert_cmpuint (census.english->len, ==, 0);
  g_assert_cmpuint (census.han, >=, min_han);
  g_ptr_array_unref (census.english);
}

static char *
example_path (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "examples", name, NULL);
}

static NpcWindow *
open_window (const char *example)
{
  g_autofree char *path = example_path (example);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NpcWindow *window = npc_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));
  return window;
}

static void
close_window (NpcWindow *window)
{
  close_test_window (GTK_WINDOW (window));
}

static void
test_window (void)
{
  NpcWindow *window = open_window ("second-line-immunotherapy.json");
  g_autofree char *name = g_strdup_printf ("locale-%s-window.png", language);

  /* the form's labels, the banner, the evidence pane: dozens of them */
  assert_in_language (GTK_WIDGET (window), 40);
  save_screenshot (GTK_WIDGET (window), name);
  close_window (window);
}

static void
test_slide (void)
{
  NpcWindow *window = open_window ("rt3-reirradiation.json");
  NpcPresentation *presentation;
  g_autofree char *name = g_strdup_printf ("locale-%s-slide.png", language);
  guint slide = G_MAXUINT;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  spin_until_idle ();
  presentation = npc_window_get_presentation (window);
  g_assert_nonnull (presentation);
  /* No window manager under Xvfb: leave full screen and give it a projector's size. */
  gtk_window_unfullscreen (GTK_WINDOW (presentation));
  gtk_window_set_default_size (GTK_WINDOW (presentation), 1280, 720);
  for (guint i = 0; i < npc_presentation_get_n_slides (presentation); i++)
    if (npc_presentation_get_slide_kind (presentation, i) == NPC_SLIDE_DECISION)
      {
        slide = i;
        break;
      }
  g_assert_cmpuint (slide, !=, G_MAXUINT);
  npc_presentation_set_slide (presentation, slide);
  wait_for_frame (GTK_WIDGET (presentation));
  wait_for_frame (GTK_WIDGET (presentation));

  {
    g_autofree char *text = npc_presentation_dup_slide_text (presentation, slide);

    g_test_message ("slide %u: %s", slide, text);
    g_assert_true (has_han (text));
    g_assert_false (is_english_sentence (text));
  }
  assert_in_language (npc_presentation_get_slide_widget (presentation, slide), 3);
  save_screenshot (GTK_WIDGET (presentation), name);
  gtk_window_destroy (GTK_WINDOW (presentation));
  close_window (window);
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s", argv[0], error->message, err);
  return out;
}

/* The report's first page: in the language, with the Chinese font of the region embedded
 * (Noto Sans CJK SC for zh_CN, TC for zh_TW, HK for zh_HK: their glyph forms differ). */
static void
test_report_page (void)
{
  g_autofree char *case_path = example_path ("metastatic-first-line.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("npc-locale-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *region = NULL;
  const char *shots = g_getenv ("NPC_TEST_SCREENSHOT_DIR");

  g_assert_no_error (error);
  g_free (run ((const char *const[]) { g_getenv ("NPC_PATHWAY_CLI"), "report", case_path,
                                       "--guideline", g_getenv ("NPC_PATHWAY_GUIDELINE"),
                                       "--output", pdf, NULL }));
  text = run ((const char *const[]) { "pdftotext", "-f", "1", "-l", "1", "-layout", pdf, "-",
                                      NULL });
  g_assert_true (has_han (text));
  g_clear_pointer (&text, g_free);
  /* the grade, the regimen's doses and the trial stay as the review gives them */
  text = run ((const char *const[]) { "pdftotext", "-layout", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "2B"));
  g_assert_nonnull (strstr (text, "1000 mg/m"));
  g_assert_nonnull (strstr (text, "JUPITER-02"));

  fonts = run ((const char *const[]) { "pdffonts", "-f", "1", "-l", "1", pdf, NULL });
  g_test_message ("%s", fonts);
  if (g_str_equal (language, "zh_CN"))
    region = g_strdup ("NotoSansCJKsc");
  else if (g_str_equal (language, "zh_TW"))
    region = g_strdup ("NotoSansCJKtc");
  else
    region = g_strdup ("NotoSansCJKhk");
  g_assert_nonnull (strstr (fonts, region));

  g_free (run ((const char *const[]) { "pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png",
                                       "-singlefile", pdf, prefix, NULL }));
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  if (shots != NULL)
    {
      g_autofree char *name = g_strdup_printf ("locale-%s-report-1.png", language);
      g_autofree char *target = g_build_filename (shots, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_mkdir_with_parents (shots, 0755);
      g_assert_true (g_file_get_contents (png, &data, &length, NULL));
      g_assert_true (g_file_set_contents (target, data, length, NULL));
      g_test_message ("screenshot: %s", target);
    }
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  language = g_getenv ("LANGUAGE");
  g_assert_nonnull (language);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() sets a fixed locale: take the environment's, as the application does. */
  setlocale (LC_ALL, "");
  adw_init ();
  npc_bind_text_domains ();
  textdomain (GETTEXT_PACKAGE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* the catalogue of this language is the one in use */
  g_assert_cmpstr (npc_get_translation_language (), ==, language);

  app = test_application_new ();

  g_test_add_func ("/locale/window", test_window);
  g_test_add_func ("/locale/slide", test_slide);
  g_test_add_func ("/locale/report-page", test_report_page);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
