/* fuzz-case.c — case files and batch lines on arbitrary bytes, evaluated
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "npc-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static NpcGuideline *guideline;
static NpcEngine *engine;

static void
check (NpcCase *c,
       GError  *error)
{
  g_assert ((c == NULL) == (error != NULL));
  if (c != NULL)
    {
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate (engine, c);
      g_autofree char *json = npc_evaluation_to_json_data (e, NULL);
      g_autofree char *text = npc_evaluation_to_text (e);
      g_autofree char *saved = npc_case_to_data (c, NULL);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(NpcCase) again = npc_case_new_from_data (saved, -1, "saved.json", &again_error);

      /* What was read is written back whole and reads again, to the same values. */
      g_assert_no_error (again_error);
      g_assert (again != NULL);
      {
        g_autofree char *resaved = npc_case_to_data (again, NULL);

        g_assert_cmpstr (resaved, ==, saved);
      }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  if (guideline == NULL)
    {
      g_autoptr(GError) error = NULL;

      guideline = npc_guideline_new_default (&error);
      g_assert_no_error (error);
      engine = npc_engine_new (guideline);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NpcCase) c = npc_case_new_from_data ((const char *) data, (gssize) size,
                                                   "fuzz.json", &error);
    check (c, error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NpcCase) c = npc_case_new_from_line ((const char *) data, (gssize) size,
                                                   "fuzz.jsonl:1", &error);
    check (c, error);
  }
  return 0;
}
