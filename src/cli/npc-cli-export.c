/* npc-cli-export.c — npc-pathway-cli export-diagram: the pathway as SVG, PNG or PDF
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same renderer as the application's diagram, no display: PNG and PDF through cairo's
 * surfaces, SVG written with text as text.
 */
#define G_LOG_DOMAIN "npc-cli-export"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-cli-common.h"
#include "npc-cli-export.h"
#include "npc-core.h"
#include "npc-layout.h"
#include "npc-render-export.h"
#include "npc-renderer.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

int
npc_cli_export_diagram (int    argc,
                        char **argv)
{
  g_autofree char *guideline_path = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *orientation = NULL;
  g_autofree char *output = NULL;
  gboolean dark = FALSE;
  double scale = 1.5;
  GOptionEntry entries[] = {
    { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, &guideline_path,
      N_("The guideline document (default: the installed one)"), N_("FILE.xml") },
    { "case", 'c', 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Highlight this case's path"), N_("CASE.json") },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, &orientation,
      N_("top-down (default) or left-right"), N_("ORIENTATION") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Use the dark palette"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      N_("Pixels per unit for PNG (default 1.5)"), N_("SCALE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write: FILE.svg, FILE.png or FILE.pdf"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) guideline = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) evaluation = NULL;
  g_autoptr(NpcRenderer) renderer = NULL;
  g_autoptr(NpcLayout) layout = NULL;
  NpcLayoutOrientation layout_orientation = NPC_LAYOUT_TOP_DOWN;
  NpcExportFormat format;
  NpcPalette palette;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Draw the pathway diagram, with a case's path "
                                           "highlighted, to an SVG, PNG or PDF file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), argv[0], argv[1]);
      return EXIT_USAGE;
    }
  if (output == NULL)
    {
      g_printerr (_("%s: --output FILE.svg|FILE.png|FILE.pdf is required\n"), argv[0]);
      return EXIT_USAGE;
    }
  if (!npc_export_format_from_path (output, &format))
    {
      g_printerr (_("%s: %s: the output must end in .svg, .png or .pdf\n"), argv[0], output);
      return EXIT_USAGE;
    }
  if (orientation != NULL)
    {
      if (g_str_equal (orientation, "top-down"))
        layout_orientation = NPC_LAYOUT_TOP_DOWN;
      else if (g_str_equal (orientation, "left-right"))
        layout_orientation = NPC_LAYOUT_LEFT_RIGHT;
      else
        {
          g_printerr (_("%s: --orientation must be top-down or left-right, not “%s”\n"),
                      argv[0], orientation);
          return EXIT_USAGE;
        }
    }
  if (scale <= 0 || scale > 16)
    {
      g_printerr (_("%s: --scale must be above 0 and at most 16\n"), argv[0]);
      return EXIT_USAGE;
    }

  guideline = npc_cli_load_guideline (argv[0], guideline_path);
  if (guideline == NULL)
    return EXIT_USAGE;

  if (case_path != NULL)
    {
      g_autoptr(NpcEngine) engine = NULL;

      kase = npc_cli_load_case (argv[0], case_path, guideline);
      if (kase == NULL)
        return EXIT_USAGE;
      engine = npc_engine_new (guideline);
      evaluation = npc_engine_evaluate (engine, kase);
      if (npc_evaluation_get_outcome (evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
        {
          g_printerr (_("%s: %s: the case is not valid; no diagram written\n"), argv[0],
                      case_path);
          npc_cli_print_errors (evaluation);
          return EXIT_INVALID;
        }
    }

  renderer = npc_renderer_new ();
  npc_renderer_get_default_palette (dark, &palette);
  npc_renderer_set_palette (renderer, &palette);
  layout = npc_renderer_layout_guideline (renderer, guideline, layout_orientation);

  if (!npc_render_export_to_file (renderer, layout, evaluation,
                                  kase != NULL ? npc_case_get_label (kase) : NULL,
                                  format, scale, output, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return EXIT_USAGE;
    }

  return EXIT_OK;
}
