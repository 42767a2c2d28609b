/* npc-cli-lint.c — npc-pathway-cli lint: the guideline's structure checked by the walk
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "npc-cli-lint.h"
#include "npc-core.h"

int
npc_cli_lint (int    argc,
              char **argv)
{
  g_autofree char *format = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("GUIDELINE.xml — check a guideline's "
                                                          "decision tree"));
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  guint open = 0, accepted = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or json"),
      N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Walks the tree from the empty case and reports branches "
                                       "that can never be taken (unreachable or shadowed), "
                                       "situations no branch of a node covers (gaps), "
                                       "validation rules that can never fire, fields no "
                                       "condition reads and nodes no case reaches. Findings "
                                       "the guideline accepts (lint-accept) are reported as "
                                       "accepted. Exit status: 0 clean, 1 findings, 2 "
                                       "unreadable or invalid document."));
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("npc-pathway-cli lint: %s\n", error->message);
      return 2;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "text"))
    {
      g_printerr (_("npc-pathway-cli lint: --format is text or json, not “%s”\n"), format);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr (_("npc-pathway-cli lint: give one guideline file\n"));
      return 2;
    }
  g = npc_guideline_new_from_path (argv[1], &error);
  if (g == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  findings = npc_symbolic_lint (g);
  for (guint i = 0; i < findings->len; i++)
    {
      const NpcLintFinding *f = findings->pdata[i];

      if (f->accepted != NULL)
        accepted++;
      else
        open++;
    }

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "guideline");
      json_builder_add_string_value (b, npc_guideline_get_id (g));
      json_builder_set_member_name (b, "findings");
      json_builder_begin_array (b);
      for (guint i = 0; i < findings->len; i++)
        {
          const NpcLintFinding *f = findings->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, npc_lint_kind_to_string (f->kind));
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, f->id);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, f->text);
          json_builder_set_member_name (b, "accepted");
          if (f->accepted != NULL)
            json_builder_add_string_value (b, f->accepted);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      puts (text);
    }
  else
    {
      for (guint i = 0; i < findings->len; i++)
        {
          const NpcLintFinding *f = findings->pdata[i];

          if (f->accepted != NULL)
            g_print (_("%s: %s %s (accepted: %s): %s\n"), argv[1],
                     npc_lint_kind_to_string (f->kind), f->id, f->accepted, f->text);
          else
            g_print ("%s: %s %s: %s\n", argv[1], npc_lint_kind_to_string (f->kind), f->id,
                     f->text);
        }
      g_print (_("%s: %u findings, %u accepted\n"), argv[1], open, accepted);
    }
  return open > 0 ? 1 : 0;
}
