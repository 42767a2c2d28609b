/* npc-cli-common.c — what the commands of npc-pathway-cli share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-cli-common.h"

NpcGuideline *
npc_cli_load_guideline (const char *prog,
                        const char *path)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g;

  g = path ? npc_guideline_new_from_path (path, &error) : npc_guideline_new_default (&error);
  if (g == NULL)
    g_printerr ("%s: %s\n", prog, error->message);
  return g;
}

NpcCase *
npc_cli_load_case (const char   *prog,
                   const char   *path,
                   NpcGuideline *guideline)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = npc_case_new_from_file (file, &error);

  if (kase == NULL)
    {
      g_printerr ("%s: %s\n", prog, error->message);
      return NULL;
    }
  if (npc_case_get_guideline_id (kase) != NULL &&
      g_strcmp0 (npc_case_get_guideline_id (kase), npc_guideline_get_id (guideline)) != 0)
    {
      g_printerr (_("%s: %s: the case is for the guideline “%s”, not “%s”\n"), prog, path,
                  npc_case_get_guideline_id (kase), npc_guideline_get_id (guideline));
      return NULL;
    }
  return g_steal_pointer (&kase);
}

void
npc_cli_print_errors (NpcEvaluation *evaluation)
{
  guint n = 0;
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (evaluation, &n);

  for (guint i = 0; i < n; i++)
    g_printerr ("  %s (%s): %s\n", errors[i]->rule, errors[i]->field, errors[i]->message);
}
