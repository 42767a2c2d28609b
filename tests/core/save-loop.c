/* save-loop.c — saves one case over and over, for the kill -9 test
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: save-loop CASE.json
 * Each save is generation N: the label says "generation N" and the notes hold a payload whose
 * length depends on N, so that a file cut short or mixed from two saves is told apart from a
 * complete one. Prints nothing; runs until killed.
 */
#include "config.h"

#include <string.h>

#include "npc-core.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  guint64 generation = 0;

  if (argc != 2)
    return 2;
  file = g_file_new_for_path (argv[1]);
  kase = npc_case_new_from_file (file, &error);
  if (kase == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!g_ascii_string_to_unsigned (npc_case_get_label (kase) + strlen ("generation "), 10, 0,
                                   G_MAXUINT64, &generation, NULL))
    return 2;

  for (;;)
    {
      g_autofree char *label = NULL;
      g_autofree char *notes = NULL;

      generation++;
      label = g_strdup_printf ("generation %" G_GUINT64_FORMAT, generation);
      /* 1 to 40 KB: some saves fit one write, some take many. */
      notes = g_strnfill (1024 * (1 + generation % 40), 'a' + generation % 26);
      npc_case_set_label (kase, label);
      npc_case_set_notes (kase, notes);
      npc_case_set_int (kase, "generation", (gint64) generation);
      if (!npc_case_save (kase, file, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
}
