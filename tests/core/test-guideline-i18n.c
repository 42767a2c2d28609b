/* test-guideline-i18n.c — the guideline's text is translatable data, looked up as it is read
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Extracts the bundled guideline's text with xgettext and the ITS rules of data/its, as the
 * npc-pathway-guideline-pot target does, makes a catalogue in which every message is marked
 * (⟪text⟫), loads the guideline in that language and walks the model: every text shown to
 * people is the marked translation, and nothing that is not text for people (ids, sources,
 * the references' citations) was translated. So the extraction rules and the loader agree.
 */
#include "config.h"

#include <locale.h>
#include <libintl.h>
#include <string.h>

#include "npc-core.h"

#define OPEN  "\xe2\x9f\xaa" /* ⟪ */
#define CLOSE "\xe2\x9f\xab" /* ⟫ */

static guint n_checked;
static GPtrArray *untranslated;

static void
expect (const char *what,
        const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  n_checked++;
  if (!g_str_has_prefix (text, OPEN) || !g_str_has_suffix (text, CLOSE))
    g_ptr_array_add (untranslated, g_strdup_printf ("%s: “%s”", what, text));
}

static void
expect_not (const char *what,
            const char *text)
{
  if (text != NULL && strstr (text, OPEN) != NULL)
    g_ptr_array_add (untranslated, g_strdup_printf ("%s was translated: “%s”", what, text));
}

static void
run (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("%s: %s (Debian's gettext has it)", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s", argv[0], error->message, err);
}

/* A catalogue of the language "xx" in which every message is marked. */
static char *
make_marked_catalogue (const char *guideline,
                       guint      *n_messages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("npc-guideline-i18n-XXXXXX", &error);
  const char *its = g_getenv ("NPC_TEST_ITS");
  g_autofree char *pot = g_build_filename (dir, "guideline.pot", NULL);
  g_autofree char *po = g_build_filename (dir, "xx.po", NULL);
  g_autofree char *modir = g_build_filename (dir, "xx", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (modir, GUIDELINE_GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *its_arg = g_strconcat ("--its=", its, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new ("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n");
  const char *xgettext[] = { "xgettext", its_arg, "--from-code=UTF-8", "-o", pot, guideline, NULL };
  const char *msgfmt[] = { "msgfmt", "-o", mo, po, NULL };

  g_assert_no_error (error);
  g_assert_nonnull (its);
  g_assert_true (g_file_test (its, G_FILE_TEST_IS_REGULAR));
  run (xgettext);
  g_assert_true (g_file_get_contents (pot, &contents, NULL, &error));
  g_assert_no_error (error);

  /* msgid "…" with continuation lines; the escaped text is copied as it is */
  *n_messages = 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      GString *id;

      if (!g_str_has_prefix (lines[i], "msgid \""))
        continue;
      id = g_string_new (NULL);
      g_string_append_len (id, lines[i] + 7, strlen (lines[i]) - 8);
      while (lines[i + 1] != NULL && lines[i + 1][0] == '"')
        {
          i++;
          g_string_append_len (id, lines[i] + 1, strlen (lines[i]) - 2);
        }
      if (id->len > 0)
        {
          g_string_append_printf (out, "msgid \"%s\"\nmsgstr \"" OPEN "%s" CLOSE "\"\n\n",
                                  id->str, id->str);
          (*n_messages)++;
        }
      g_string_free (id, TRUE);
    }
  g_assert_true (g_file_set_contents (po, out->str, -1, &error));
  g_assert_no_error (error);
  g_string_free (out, TRUE);
  g_assert_cmpint (g_mkdir_with_parents (modir, 0700), ==, 0);
  run (msgfmt);
  return g_steal_pointer (&dir);
}

static void
test_text_is_translated_as_read (void)
{
  const char *path = g_getenv ("NPC_PATHWAY_GUIDELINE");
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autofree char *dir = NULL;
  const NpcMetadata *meta;
  guint n, n_messages = 0;

  g_assert_nonnull (path);
  dir = make_marked_catalogue (path, &n_messages);
  g_test_message ("%u messages extracted", n_messages);
  g_assert_cmpuint (n_messages, >, 500);

  bindtextdomain (GUIDELINE_GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GUIDELINE_GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "xx", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g = npc_guideline_new_from_path (path, &error);
  g_assert_no_error (error);
  untranslated = g_ptr_array_new_with_free_func (g_free);

  meta = npc_guideline_get_metadata (g);
  expect ("title", meta->title);

  {
    const NpcSection *const *sections = npc_guideline_get_sections (g, &n);

    for (guint i = 0; i < n; i++)
      {
        expect (sections[i]->id, sections[i]->label);
        expect (sections[i]->id, sections[i]->help);
        expect_not ("section id", sections[i]->id);
      }
  }
  {
    const NpcField *const *fields = npc_guideline_get_fields (g, &n);

    for (guint i = 0; i < n; i++)
      {
        expect (fields[i]->id, fields[i]->label);
        expect (fields[i]->id, fields[i]->help);
        expect (fields[i]->id, fields[i]->unit);
        expect_not ("field id", fields[i]->id);
        expect_not ("field source", fields[i]->source);
        for (guint v = 0; v < fields[i]->n_values; v++)
          {
            expect (fields[i]->values[v].id, fields[i]->values[v].label);
            expect_not ("value id", fields[i]->values[v].id);
          }
      }
  }
  {
    const NpcNode *const *nodes = npc_guideline_get_nodes (g, &n);

    for (guint i = 0; i < n; i++)
      {
        const NpcNode *node = nodes[i];

        expect (node->id, node->label);
        expect (node->id, node->help);
        expect (node->id, node->statement);
        expect_not ("node id", node->id);
        expect_not ("node source", node->source);
        for (guint b = 0; b < node->n_branches; b++)
          expect (node->id, node->branches[b].label);
        expect (node->id, node->options_label);
        for (guint o = 0; o < node->n_options; o++)
          expect (node->id, node->options[o].text);
        for (guint k = 0; k < node->links.n_notes; k++)
          expect (node->id, node->links.notes[k]->text);
      }
  }
  {
    const NpcAmbiguity *const *ambiguities = npc_guideline_get_ambiguities (g, &n);

    for (guint i = 0; i < n; i++)
      {
        expect (ambiguities[i]->id, ambiguities[i]->title);
        expect (ambiguities[i]->id, ambiguities[i]->text);
      }
  }
  {
    const NpcModifier *const *modifiers = npc_guideline_get_modifiers (g, &n);

    for (guint i = 0; i < n; i++)
      {
        expect (modifiers[i]->id, modifiers[i]->label);
        expect (modifiers[i]->id, modifiers[i]->statement);
      }
  }
  {
    const NpcEvidence *const *evidence = npc_guideline_get_evidence (g, &n);

    for (guint i = 0; i < n; i++)
      {
        const NpcEvidence *ev = evidence[i];

        expect (ev->id, ev->name);
        expect (ev->id, ev->design);
        expect (ev->id, ev->population);
        expect (ev->id, ev->follow_up);
        for (guint a = 0; a < ev->n_arms; a++)
          {
            expect (ev->id, ev->arms[a].label);
            expect (ev->id, ev->arms[a].regimen);
          }
        for (guint r = 0; r < ev->n_results; r++)
          {
            expect (ev->id, ev->results[r].measure);
            expect (ev->id, ev->results[r].summary);
            expect (ev->id, ev->results[r].follow_up);
            for (guint v = 0; v < ev->results[r].n_values; v++)
              expect (ev->id, ev->results[r].values[v].text);
            /* numbers given as attributes are data, not text */
            expect_not ("hazard ratio", ev->results[r].hazard_ratio);
          }
        for (guint t = 0; ev->toxicity && ev->toxicity[t]; t++)
          expect (ev->id, ev->toxicity[t]);
        for (guint t = 0; ev->limitations && ev->limitations[t]; t++)
          expect (ev->id, ev->limitations[t]);
      }
  }
  {
    const NpcRule *const *rules = npc_guideline_get_rules (g, &n);

    (void) rules;
  }
  {
    const NpcReference *const *refs = npc_guideline_get_references (g, &n);

    g_assert_cmpuint (n, ==, 112);
    for (guint i = 0; i < n; i++)
      expect_not ("a reference's citation", refs[i]->citation);
  }

  /* the English original, beside the translation */
  g_assert_true (npc_guideline_is_translated (g));
  {
    NpcGuideline *original = npc_guideline_get_original (g);
    const NpcNode *node = npc_guideline_lookup_node (g, "M-1L-GP");
    const NpcNode *source = npc_guideline_lookup_node (original, "M-1L-GP");
    g_autofree char *marked = NULL;

    g_assert_true (original != g);
    g_assert_false (npc_guideline_is_translated (original));
    g_assert_true (npc_guideline_get_original (g) == original);
    g_assert_nonnull (node);
    g_assert_nonnull (source);
    marked = g_strconcat (OPEN, source->statement, CLOSE, NULL);
    g_assert_cmpstr (node->statement, ==, marked);
    g_assert_null (strstr (source->label, OPEN));
  }

  for (guint i = 0; i < untranslated->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (untranslated, i));
  g_test_message ("%u texts checked", n_checked);
  g_assert_cmpuint (n_checked, >, 400);
  g_assert_cmpuint (untranslated->len, ==, 0);
  g_ptr_array_unref (untranslated);
  g_unsetenv ("LANGUAGE");
  /* gettext keeps what it found until the locale changes */
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, "C.UTF-8");

  /* in English, nothing is translated and the original is the guideline itself */
  {
    g_autoptr(NpcGuideline) english = npc_guideline_new_from_path (path, &error);

    g_assert_no_error (error);
    g_assert_false (npc_guideline_is_translated (english));
    g_assert_true (npc_guideline_get_original (english) == english);
  }
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    run (rm);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guideline-i18n/text-translated-as-read", test_text_is_translated_as_read);
  return g_test_run ();
}
