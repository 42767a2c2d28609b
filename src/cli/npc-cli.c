/* npc-cli.c — npc-pathway-cli: validate, evaluate, coverage, export-diagram, report
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "npc-core.h"

#include "npc-cli-audit.h"
#include "npc-cli-common.h"
#include "npc-cli-export.h"
#include "npc-cli-lines.h"
#include "npc-cli-lint.h"
#include "npc-cli-report.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           _("Usage: npc-pathway-cli COMMAND [OPTIONS]\n"
             "\n"
             "Commands:\n"
             "  validate GUIDELINE.xml           check a guideline document\n"
             "  evaluate CASE.json               evaluate a case against the guideline\n"
             "  evaluate --batch CASES.jsonl     evaluate one case object per line\n"
             "  coverage CASES.json...           which nodes the given test cases reach\n"
             "  export-diagram --output FILE     draw the pathway (SVG, PNG or PDF)\n"
             "  report CASE.json --output F.pdf  write a case report (PDF)\n"
             "  lint GUIDELINE.xml               check the decision tree for unreachable,\n"
             "                                   shadowed and missing branches, dead rules\n"
             "                                   and fields, unreached nodes\n"
             "  audit INPUT...                   how often the recorded decisions follow the\n"
             "                                   pathway (case files, folders, .jsonl, .csv\n"
             "                                   with --map); exit 1 when an input could\n"
             "                                   not be read\n"
             "\n"
             "Run 'npc-pathway-cli COMMAND --help' for the options of a command.\n"
             "Exit status: 0 outcome reached or input needed, 1 invalid case (in a\n"
             "batch: any line invalid or unreadable), 2 usage error or unreadable or\n"
             "malformed file, or a file that could not be written.\n"));
}

static void
print_json (JsonNode *node,
            gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* ------------------------------------------------------------------------------------------ */

static int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("GUIDELINE.xml — check a guideline"));
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  guint n_nodes, n_fields, n_refs, n_evidence;

  g_option_context_set_summary (ctx, _("Parses the document safely, validates it against the "
                                       "guideline grammar and checks that every id resolves, "
                                       "that the tree has no cycle and that every node is "
                                       "reachable."));
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("npc-pathway-cli validate: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("npc-pathway-cli validate: give one guideline file\n"));
      return EXIT_USAGE;
    }
  g = npc_guideline_new_from_path (argv[1], &error);
  if (g == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }
  npc_guideline_get_nodes (g, &n_nodes);
  npc_guideline_get_fields (g, &n_fields);
  npc_guideline_get_references (g, &n_refs);
  npc_guideline_get_evidence (g, &n_evidence);
  g_print (_("%s: valid guideline “%s” version %s: %u nodes, %u fields, %u evidence items, "
             "%u references\n"),
           argv[1], npc_guideline_get_id (g), npc_guideline_get_version (g), n_nodes, n_fields,
           n_evidence, n_refs);
  return EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */

static JsonNode *
line_error_object (guint       lineno,
                   const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, lineno);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* One line's result, made in any thread: its JSON text, and the message when the line
 * could not be read. */
typedef struct {
  char *text;
  char *message;
  gboolean invalid; /* a validation error */
} BatchLine;

/* The results go out through one buffer, written to stdout in writes of some 64 kB rather
 * than a few kB a line; to a terminal, line by line as stdout would. */
#define BATCH_OUT_FLUSH (64 * 1024)

typedef struct {
  NpcEngine *engine;
  const char *name;
  int status;
  GString *out;
  gboolean direct;     /* one thread: a result is written into `out` as it is made */
  gboolean each_line;  /* stdout is a terminal */
} Batch;

static void
batch_out_flush (Batch *batch)
{
  if (batch->out->len > 0)
    fwrite (batch->out->str, 1, batch->out->len, stdout);
  g_string_truncate (batch->out, 0);
}

static void
batch_out_line_end (Batch *batch)
{
  g_string_append_c (batch->out, '\n');
  if (batch->each_line || batch->out->len >= BATCH_OUT_FLUSH)
    batch_out_flush (batch);
}

static gpointer
batch_line_work (const NpcCliLine *line,
                 gpointer          data)
{
  Batch *batch = data;
  BatchLine *out;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(GError) line_error = NULL;
  const char *guideline_id = npc_guideline_get_id (npc_engine_get_guideline (batch->engine));

  if (!line->too_long)
    {
      /* The common line, a flat object of valid values, is evaluated without a case. */
      g_autoptr(NpcEvaluation) eval = npc_engine_evaluate_flat_line (batch->engine, line->text,
                                                                     line->len);

      if (eval != NULL && batch->direct)
        {
          /* Nothing to hand to batch_line_done(): the result is out already. */
          npc_evaluation_append_json (eval, batch->out);
          batch_out_line_end (batch);
          if (npc_evaluation_get_outcome (eval) == NPC_OUTCOME_VALIDATION_ERROR)
            batch->status = EXIT_INVALID;
          return NULL;
        }
      if (eval != NULL)
        {
          out = g_new0 (BatchLine, 1);
          out->text = npc_evaluation_to_json_data (eval, NULL);
          out->invalid = npc_evaluation_get_outcome (eval) == NPC_OUTCOME_VALIDATION_ERROR;
          return out;
        }
    }
  out = g_new0 (BatchLine, 1);
  if (line->too_long)
    out->message = g_strdup_printf (_("%s:%u: the line is longer than %d bytes, the limit for "
                                      "one case; it was skipped"),
                                    batch->name, line->lineno, NPC_CASE_MAX_BYTES);
  else if ((kase = npc_case_new_from_line_at (line->text, (gssize) line->len, batch->name,
                                              line->lineno, &line_error)) == NULL)
    out->message = g_strdup (line_error->message);
  else if (npc_case_get_guideline_id (kase) != NULL &&
           g_strcmp0 (npc_case_get_guideline_id (kase), guideline_id) != 0)
    out->message = g_strdup_printf (_("%s:%u: the case is for the guideline “%s”, not “%s”"),
                                    batch->name, line->lineno, npc_case_get_guideline_id (kase),
                                    guideline_id);

  if (out->message != NULL)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) result = line_error_object (line->lineno, out->message);

      json_generator_set_root (gen, result);
      out->text = json_generator_to_data (gen, NULL);
    }
  else
    {
      g_autoptr(NpcEvaluation) eval = npc_engine_evaluate (batch->engine, kase);

      out->text = npc_evaluation_to_json_data (eval, NULL);
      out->invalid = npc_evaluation_get_outcome (eval) == NPC_OUTCOME_VALIDATION_ERROR;
    }
  return out;
}

static void
batch_line_done (const NpcCliLine *line,
                 gpointer          result,
                 gpointer          data)
{
  Batch *batch = data;
  BatchLine *out = result;

  if (out == NULL)
    return;
  if (out->message != NULL)
    {
      /* The results before it are handed to stdout first: a message is never further ahead
       * of them than stdout's own buffer lets it be. */
      batch_out_flush (batch);
      g_printerr ("%s\n", out->message);
      batch->status = EXIT_INVALID;
    }
  else if (out->invalid)
    batch->status = EXIT_INVALID;
  g_string_append (batch->out, out->text);
  batch_out_line_end (batch);
  g_free (out->text);
  g_free (out->message);
  g_free (out);
}

static int
evaluate_batch (NpcEngine  *engine,
                const char *path,
                guint       jobs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *buf = g_malloc (NPC_CLI_BLOCK);
  g_autofree char *name = g_str_equal (path, "-") ? g_strdup (_("standard input"))
                                                 : g_filename_display_name (path);
  g_autoptr(GString) out = g_string_sized_new (BATCH_OUT_FLUSH + 16 * 1024);
  NpcCliLineReader reader = { -1, buf, 0, 0, FALSE, 0 };
  Batch batch = { engine, name, EXIT_OK, out, jobs <= 1, isatty (STDOUT_FILENO) };
  guint lineno = 0;
  int rc, err = 0;

  reader.fd = npc_cli_open_stream (path, name, &error);
  if (reader.fd < 0)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }

  rc = npc_cli_lines_run (&reader, jobs, batch_line_work, batch_line_done, &batch, &lineno,
                          &err);
  close (reader.fd);
  batch_out_flush (&batch);
  if (rc < 0)
    {
      g_printerr (_("%s:%u: cannot read the batch: %s\n"), name, lineno + 1, g_strerror (err));
      return EXIT_USAGE;
    }
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr (_("npc-pathway-cli evaluate: cannot write the results: %s\n"),
                  g_strerror (errno));
      return EXIT_USAGE;
    }
  return batch.status;
}

static int
cmd_evaluate (int    argc,
              char **argv)
{
  g_autofree char *guideline_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *batch = NULL;
  gboolean possible_outcomes = FALSE;
  int jobs = 1;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  GOptionEntry entries[] = {
    { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, &guideline_path,
      N_("Guideline document (default: the installed one)"), N_("FILE.xml") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: json (default) or text"),
      N_("FORMAT") },
    { "batch", 'b', 0, G_OPTION_ARG_FILENAME, &batch,
      N_("Evaluate one case object per line; print one result per line"), N_("CASES.jsonl") },
    { "possible-outcomes", 0, 0, G_OPTION_ARG_NONE, &possible_outcomes,
      N_("With --batch: list the possible outcomes of each case too (slower; without it "
         "possible_outcomes is null)"), NULL },
    /* "N" is a number's name in every language: not translated */
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Evaluate the lines of batches on N threads (0: one per processor); the output is "
         "the same"), "N" },
    { NULL }
  };

  ctx = g_option_context_new (_("CASE.json — evaluate a case"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Prints the outcome, the path, alternatives, agents, "
                                       "evidence, references, the fields still needed and why "
                                       "every branch was or was not taken."));
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("npc-pathway-cli evaluate: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "text"))
    {
      g_printerr (_("npc-pathway-cli evaluate: --format is json or text, not “%s”\n"), format);
      return EXIT_USAGE;
    }
  if (jobs < 0)
    {
      g_printerr (_("%s: --jobs is a number of threads, 0 or more\n"),
                  "npc-pathway-cli evaluate");
      return EXIT_USAGE;
    }
  if ((batch == NULL && argc != 2) || (batch != NULL && argc != 1))
    {
      g_printerr (_("npc-pathway-cli evaluate: give one case file, or --batch CASES.jsonl\n"));
      return EXIT_USAGE;
    }

  g = npc_cli_load_guideline ("npc-pathway-cli", guideline_path);
  if (g == NULL)
    return EXIT_USAGE;
  engine = npc_engine_new (g);

  if (batch != NULL)
    {
      npc_engine_set_json_possible_outcomes (engine, possible_outcomes);
      return evaluate_batch (engine, batch, npc_cli_jobs (jobs));
    }

  kase = npc_cli_load_case ("npc-pathway-cli", argv[1], g);
  if (kase == NULL)
    return EXIT_USAGE;

  eval = npc_engine_evaluate (engine, kase);
  if (format != NULL && g_str_equal (format, "text"))
    {
      g_autofree char *text = npc_evaluation_to_text (eval);

      fputs (text, stdout);
    }
  else
    {
      g_autoptr(JsonNode) json = npc_evaluation_to_json (eval);

      print_json (json, TRUE);
    }
  return npc_evaluation_get_outcome (eval) == NPC_OUTCOME_VALIDATION_ERROR ? EXIT_INVALID
                                                                           : EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */

/* Reads the test-case files (JSON arrays of {id, case, ...}, the vignette format) and prints
 * which nodes they reach, and which outcomes no case reaches. */
static int
cmd_coverage (int    argc,
              char **argv)
{
  g_autofree char *guideline_path = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  g_autofree guint *hits = NULL;
  g_autofree guint *alt_hits = NULL;
  const NpcNode *const *nodes;
  guint n_nodes, n_cases = 0, missing = 0;
  GOptionEntry entries[] = {
    { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, &guideline_path,
      N_("Guideline document (default: the installed one)"), N_("FILE.xml") },
    { NULL }
  };

  ctx = g_option_context_new (_("CASES.json… — which nodes the test cases reach"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("npc-pathway-cli coverage: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc < 2)
    {
      g_printerr (_("npc-pathway-cli coverage: give one or more case-list files\n"));
      return EXIT_USAGE;
    }
  g = npc_cli_load_guideline ("npc-pathway-cli", guideline_path);
  if (g == NULL)
    return EXIT_USAGE;
  engine = npc_engine_new (g);
  nodes = npc_guideline_get_nodes (g, &n_nodes);
  hits = g_new0 (guint, n_nodes);
  alt_hits = g_new0 (guint, n_nodes);

  for (int a = 1; a < argc; a++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonArray *array;

      if (!json_parser_load_from_file (parser, argv[a], &error))
        {
          g_printerr ("%s: %s\n", argv[a], error->message);
          return EXIT_USAGE;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          g_printerr (_("%s: a list of test cases must be a JSON array\n"), argv[a]);
          return EXIT_USAGE;
        }
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          JsonObject *fields = item ? json_object_get_object_member (item, "case") : NULL;
          g_autoptr(NpcCase) kase = NULL;
          g_autoptr(NpcEvaluation) eval = NULL;
          const NpcNode *const *path;
          const NpcEvalAlternative *alts;
          guint n_path, n_alts;

          if (fields == NULL)
            continue;
          kase = npc_case_new_from_object (fields, argv[a], NULL);
          if (kase == NULL)
            continue;
          eval = npc_engine_evaluate (engine, kase);
          n_cases++;
          path = npc_evaluation_get_path (eval, &n_path);
          for (guint k = 0; k < n_path; k++)
            hits[path[k]->index]++;
          alts = npc_evaluation_get_alternatives (eval, &n_alts);
          for (guint k = 0; k < n_alts; k++)
            if (alts[k].node != NULL)
              alt_hits[alts[k].node->index]++;
        }
    }

  g_print (_("%u cases\n"), n_cases);
  g_print ("%-18s %-9s %7s %12s\n", _("node"), _("kind"), _("reached"), _("alternative"));
  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *n = nodes[i];
      const char *kind = n->kind == NPC_NODE_DECISION ? "decision"
                         : n->kind == NPC_NODE_REDIRECT ? "redirect" : "outcome";

      g_print ("%-18s %-9s %7u %12u%s\n", n->id, kind, hits[i], alt_hits[i],
               hits[i] == 0 ? _("   ← not reached") : "");
      if (hits[i] == 0)
        missing++;
    }
  g_print (_("%u of %u nodes reached\n"), n_nodes - missing, n_nodes);
  return missing == 0 ? EXIT_OK : EXIT_INVALID;
}

/* ------------------------------------------------------------------------------------------ */

int
main (int    argc,
      char **argv)
{
  const char *cmd;

  setlocale (LC_ALL, "");
  npc_bind_text_domains ();
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  cmd = argv[1];
  if (g_str_equal (cmd, "--help") || g_str_equal (cmd, "-h") || g_str_equal (cmd, "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (cmd, "--version"))
    {
      g_print ("npc-pathway-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  /* Each command parses its own options; argv[1] becomes the program name. */
  argv[1] = g_strdup_printf ("npc-pathway-cli %s", cmd);
  argc--;
  argv++;

  if (g_str_equal (cmd, "validate"))
    return cmd_validate (argc, argv);
  if (g_str_equal (cmd, "evaluate"))
    return cmd_evaluate (argc, argv);
  if (g_str_equal (cmd, "coverage"))
    return cmd_coverage (argc, argv);
  if (g_str_equal (cmd, "export-diagram"))
    return npc_cli_export_diagram (argc, argv);
  if (g_str_equal (cmd, "report"))
    return npc_cli_report (argc, argv);
  if (g_str_equal (cmd, "lint"))
    return npc_cli_lint (argc, argv);
  if (g_str_equal (cmd, "audit"))
    return npc_cli_audit (argc, argv);

  g_printerr (_("npc-pathway-cli: unknown command “%s”\n\n"), cmd);
  print_usage (stderr);
  return EXIT_USAGE;
}
