/* fuzz-guideline.c — the guideline loader on arbitrary bytes
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built as a libFuzzer target with -Dfuzzing=true (clang); otherwise as a test that replays
 * the corpus. Either way: any input loads or fails with an error naming the document, and
 * nothing crashes or leaks.
 */
#include "config.h"

#include "npc-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;

  g = npc_guideline_new_from_data ((const char *) data, size, "fuzz.xml", &error);
  g_assert ((g == NULL) == (error != NULL));
  if (g != NULL)
    {
      g_autoptr(NpcEngine) engine = npc_engine_new (g);
      g_autoptr(NpcCase) c = npc_case_new (NULL);
      g_autoptr(NpcEvaluation) e = npc_engine_evaluate (engine, c);
      g_autofree char *json = npc_evaluation_to_json_data (e, NULL);

      g_assert (json != NULL);
    }
  else
    g_assert (g_str_has_prefix (error->message, "fuzz.xml"));
  return 0;
}
