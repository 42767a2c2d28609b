/* npc-cli-report.c — npc-pathway-cli report: a case report as a PDF file
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An invalid case still gets its report: the report shows every error, and the exit status
 * says the case is not valid.
 */
#define G_LOG_DOMAIN "npc-cli-report"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-cli-common.h"
#include "npc-cli-report.h"
#include "npc-core.h"
#include "npc-report.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

int
npc_cli_report (int    argc,
                char **argv)
{
  g_autofree char *guideline_path = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, &guideline_path,
      N_("The guideline document (default: the installed one)"), N_("FILE.xml") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the report"), N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  g_autoptr(NpcEvaluation) evaluation = NULL;
  g_autofree char *lower = NULL;
  const char *case_path;

  context = g_option_context_new (_("CASE.json — write a case report"));
  g_option_context_set_summary (context, _("Writes an A4 PDF report of the case for the "
                                           "patient’s record: a first page to sign with the "
                                           "patient, the outcome (or the input still needed, "
                                           "or the validation errors), the assumptions and the "
                                           "tumour board’s decision (meta.decision) against "
                                           "the pathway; then alternatives and agents, the "
                                           "fields the path read, why each branch was or was "
                                           "not taken, the diagram around the case’s path, the "
                                           "evidence and the references."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (argc < 2 ? _("%s: give one case file\n")
                           : _("%s: give one case file, not several\n"), argv[0]);
      return EXIT_USAGE;
    }
  case_path = argv[1];
  if (output == NULL)
    {
      g_printerr (_("%s: --output FILE.pdf is required\n"), argv[0]);
      return EXIT_USAGE;
    }
  lower = g_ascii_strdown (output, -1);
  if (!g_str_has_suffix (lower, ".pdf"))
    {
      g_printerr (_("%s: %s: the report is a PDF file; the name must end in .pdf\n"), argv[0],
                  output);
      return EXIT_USAGE;
    }

  guideline = npc_cli_load_guideline (argv[0], guideline_path);
  if (guideline == NULL)
    return EXIT_USAGE;
  kase = npc_cli_load_case (argv[0], case_path, guideline);
  if (kase == NULL)
    return EXIT_USAGE;

  engine = npc_engine_new (guideline);
  evaluation = npc_engine_evaluate (engine, kase);

  if (!npc_report_write_pdf (guideline, kase, evaluation, output, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return EXIT_USAGE;
    }

  if (npc_evaluation_get_outcome (evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
    {
      g_printerr (_("%s: %s: the case is not valid; the report %s shows the errors\n"),
                  argv[0], case_path, output);
      npc_cli_print_errors (evaluation);
      return EXIT_INVALID;
    }
  return EXIT_OK;
}
