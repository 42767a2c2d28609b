/* test-logic.c — three-valued logic, conditions and their words
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-core.h"
#include "npc-scan-private.h"
#include "npc-words-private.h"

static void
test_truth_tables (void)
{
  const NpcTri F = NPC_TRI_FALSE, U = NPC_TRI_UNKNOWN, T = NPC_TRI_TRUE;
  /* Kleene: rows a, columns b, in the order F U T. */
  const NpcTri and_table[3][3] = { { F, F, F }, { F, U, U }, { F, U, T } };
  const NpcTri or_table[3][3] = { { F, U, T }, { U, U, T }, { T, T, T } };
  const NpcTri values[3] = { F, U, T };

  for (guint a = 0; a < 3; a++)
    for (guint b = 0; b < 3; b++)
      {
        g_assert_cmpint (npc_tri_and (values[a], values[b]), ==, and_table[a][b]);
        g_assert_cmpint (npc_tri_or (values[a], values[b]), ==, or_table[a][b]);
      }
  g_assert_cmpint (npc_tri_not (T), ==, F);
  g_assert_cmpint (npc_tri_not (F), ==, T);
  g_assert_cmpint (npc_tri_not (U), ==, U);
}

/* A tiny environment over three boolean fields a, b, c. */
typedef struct {
  NpcField fields[3];
  NpcValue values[3];
} Env;

static const NpcValue *
env_value (const NpcField *field, gpointer user_data)
{
  Env *e = user_data;

  return &e->values[field->index];
}

static NpcTri
tri_of (int v)
{
  return v == 0 ? NPC_TRI_FALSE : v == 1 ? NPC_TRI_UNKNOWN : NPC_TRI_TRUE;
}

static void
set_tri (Env *e, guint i, int v)
{
  e->values[i].known = v != 1;
  e->values[i].v.boolean = v == 2;
}

static void
test_conditions_all_any_not (void)
{
  Env e = { 0 };
  NpcCondition atoms[2] = { 0 };
  const NpcCondition *kids[2] = { &atoms[0], &atoms[1] };
  NpcCondition all = { .kind = NPC_COND_ALL, .children = kids, .n_children = 2 };
  NpcCondition any = { .kind = NPC_COND_ANY, .children = kids, .n_children = 2 };
  const NpcCondition *not_kids[1] = { &all };
  NpcCondition not_all = { .kind = NPC_COND_NOT, .children = not_kids, .n_children = 1 };
  NpcEnv env = { env_value, NULL, &e };

  for (guint i = 0; i < 2; i++)
    {
      e.fields[i] = (NpcField) { .id = i ? "b" : "a", .label = i ? "B" : "A",
                                 .type = NPC_FIELD_BOOLEAN, .index = i };
      atoms[i] = (NpcCondition) { .kind = NPC_COND_EQUALS, .field = &e.fields[i],
                                  .value = { TRUE, { .boolean = TRUE } } };
    }

  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      {
        set_tri (&e, 0, a);
        set_tri (&e, 1, b);
        g_assert_cmpint (npc_condition_eval (&all, &env), ==, npc_tri_and (tri_of (a), tri_of (b)));
        g_assert_cmpint (npc_condition_eval (&any, &env), ==, npc_tri_or (tri_of (a), tri_of (b)));
        g_assert_cmpint (npc_condition_eval (&not_all, &env), ==,
                         npc_tri_not (npc_tri_and (tri_of (a), tri_of (b))));
      }
}

static void
test_condition_unknown_fields (void)
{
  Env e = { 0 };
  NpcCondition atoms[2] = { 0 };
  const NpcCondition *kids[2] = { &atoms[0], &atoms[1] };
  NpcCondition all = { .kind = NPC_COND_ALL, .children = kids, .n_children = 2 };
  NpcEnv env = { env_value, NULL, &e };
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 2; i++)
    {
      e.fields[i] = (NpcField) { .id = i ? "b" : "a", .label = i ? "B" : "A",
                                 .type = NPC_FIELD_BOOLEAN, .index = i };
      atoms[i] = (NpcCondition) { .kind = NPC_COND_EQUALS, .field = &e.fields[i],
                                  .value = { TRUE, { .boolean = TRUE } } };
    }

  /* a true, b unknown: only b can decide. */
  set_tri (&e, 0, 2);
  set_tri (&e, 1, 1);
  npc_condition_collect_unknown (&all, &env, unknown);
  g_assert_cmpuint (unknown->len, ==, 1);
  g_assert_true (unknown->pdata[0] == &e.fields[1]);
  why = npc_condition_explain (&all, &env);
  g_assert_cmpstr (why, ==, "B is not known");

  /* a false decides the conjunction whatever b is: nothing to ask. */
  g_ptr_array_set_size (unknown, 0);
  set_tri (&e, 0, 0);
  npc_condition_collect_unknown (&all, &env, unknown);
  g_assert_cmpuint (unknown->len, ==, 0);
  g_clear_pointer (&why, g_free);
  why = npc_condition_explain (&all, &env);
  g_assert_nonnull (strstr (why, "A is no"));
  g_assert_null (strstr (why, "B"));

  text = npc_condition_to_text (&all);
  g_assert_cmpstr (text, ==, "A is yes and B is yes");

  set_tri (&e, 0, 2);
  set_tri (&e, 1, 2);
  g_assert_null (npc_condition_explain (&all, &env));
}

static const char *
tail_of (const char *format, const char *a, const char *b)
{
  static char *tail;

  g_free (tail);
  _Pragma ("GCC diagnostic push")
  _Pragma ("GCC diagnostic ignored \"-Wformat-nonliteral\"")
  tail = g_strdup_printf (format, a, b);
  _Pragma ("GCC diagnostic pop")
  return tail;
}

/* The words' own formatting writes what printf writes, for the formats it takes and for the
 * ones it hands to printf. */
static void
test_words_format (void)
{
  const struct { const char *format, *a, *b; } cases[] = {
    { "%s is %s", "Site", "Local" },
    { "%s is %s (needs: ", "Site", "" },
    { "100%% of %s", "them", NULL },
    { "%s", NULL, NULL },
    { "%s and %s", "one", NULL },
    { "no argument", "unused", NULL },
    { "%2$s before %1$s", "first", "second" },
    { "%-6s|", "ab", NULL },
    { "“%s” applies", "D1 · 中文", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new ("before ");
      g_autofree char *expected = NULL;

      /* printf itself is the reference */
      _Pragma ("GCC diagnostic push")
      _Pragma ("GCC diagnostic ignored \"-Wformat-nonliteral\"")
      expected = g_strdup_printf ("before %s", tail_of (cases[i].format, cases[i].a, cases[i].b));
      _Pragma ("GCC diagnostic pop")
      _npc_words_append_format (s, cases[i].format, cases[i].a, cases[i].b);
      g_assert_cmpstr (s->str, ==, expected);
    }
}

/* The messages kept per locale are looked up again when the locale changes: an explanation
 * follows LANGUAGE and setlocale() as gettext does. */
static void
test_words_follow_locale (void)
{
  Env e = { 0 };
  NpcCondition atom = { 0 };
  NpcEnv env = { env_value, NULL, &e };
  const char *dir = g_getenv ("NPC_PATHWAY_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *english = NULL;
  g_autofree char *chinese = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = NULL;

  e.fields[0] = (NpcField) { .id = "a", .label = "A", .type = NPC_FIELD_BOOLEAN, .index = 0 };
  atom = (NpcCondition) { .kind = NPC_COND_EQUALS, .field = &e.fields[0],
                          .value = { TRUE, { .boolean = TRUE } } };
  set_tri (&e, 0, 1);

  mo = dir ? g_build_filename (dir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;
  if (mo == NULL || !g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no zh_CN catalogue in NPC_PATHWAY_LOCALEDIR");
      return;
    }

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
  npc_bind_text_domains ();
  textdomain (GETTEXT_PACKAGE);
  english = npc_condition_explain (&atom, &env);
  g_assert_cmpstr (english, ==, "A is not known");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  chinese = npc_condition_explain (&atom, &env);
  expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s is not known"), "A");
  g_assert_cmpstr (chinese, !=, english);
  g_assert_cmpstr (chinese, ==, expected);

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, "C.UTF-8");
  again = npc_condition_explain (&atom, &env);
  g_assert_cmpstr (again, ==, english);
}

/* The batch readers' string scan, sixteen and eight bytes at a time, stops where the byte by
 * byte one does, on every kind of byte at every position and alignment. */
static void
test_scan_plain (void)
{
  static const guchar kinds[] = { 'a', 'Z', ' ', '~', '"', '\\', 0x00, 0x1f, 0x20, 0x7e, 0x7f,
                                  0x80, 0xc3, 0xff, '!', '#', '[', ']', '\t', '\n' };
  char buf[80];
  GRand *rand = g_rand_new_with_seed (20261202);

  for (guint round = 0; round < 20000; round++)
    {
      guint start = g_rand_int_range (rand, 0, 16);
      guint len = g_rand_int_range (rand, 0, (gint32) (sizeof buf - start));
      const char *p = buf + start, *end = p + len, *want;

      /* mostly plain, with one stop at a random place, or none */
      for (guint i = 0; i < sizeof buf; i++)
        buf[i] = (char) ('a' + i % 26);
      if (len > 0 && g_rand_int_range (rand, 0, 4) != 0)
        buf[start + g_rand_int_range (rand, 0, (gint32) len)] =
          (char) kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      if (len > 0 && g_rand_int_range (rand, 0, 8) == 0)
        buf[start + g_rand_int_range (rand, 0, (gint32) len)] =
          (char) kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      want = _npc_scan_plain_bytes (p, end);
      g_assert_true (_npc_scan_plain_words (p, end) == want);
      g_assert_true (_npc_scan_plain (p, end) == want);
    }
  /* every byte value, alone in a run of plain ones, at each of the sixteen positions */
  for (guint c = 0; c < 256; c++)
    for (guint at = 0; at < 16; at++)
      {
        gboolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';

        memset (buf, 'x', sizeof buf);
        buf[at] = (char) c;
        g_assert_true (_npc_scan_plain (buf, buf + 32) == (plain ? buf + 32 : buf + at));
        g_assert_true (_npc_scan_plain_words (buf, buf + 32) == (plain ? buf + 32 : buf + at));
      }
  /* never past the end: a stop just after it is not seen */
  memset (buf, 'x', sizeof buf);
  buf[20] = '"';
  g_assert_true (_npc_scan_plain (buf, buf + 20) == buf + 20);
  g_assert_true (_npc_scan_plain_words (buf, buf + 20) == buf + 20);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/logic/scan-plain", test_scan_plain);
  g_test_add_func ("/logic/words-format", test_words_format);
  g_test_add_func ("/logic/words-follow-locale", test_words_follow_locale);
  g_test_add_func ("/logic/truth-tables", test_truth_tables);
  g_test_add_func ("/logic/all-any-not", test_conditions_all_any_not);
  g_test_add_func ("/logic/unknown-fields", test_condition_unknown_fields);
  return g_test_run ();
}
