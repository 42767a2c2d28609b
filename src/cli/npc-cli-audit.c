/* npc-cli-audit.c — npc-pathway-cli audit: on-pathway rates of a cohort
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads case files, folders of them, JSONL batches and mapped CSV exports, evaluates every
 * patient, classifies the recorded decision (npc-audit.c) and prints the summary. Patient
 * identifiers are read only to be left out: no output names a patient.
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "npc-audit.h"
#include "npc-cli-audit.h"
#include "npc-cli-common.h"
#include "npc-cli-json.h"
#include "npc-cli-lines.h"
#include "npc-core.h"

enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,
  EXIT_USAGE = 2,
};

#define MAP_FORMAT "npc-pathway-audit-map/1"

typedef enum {
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

typedef enum {
  ROLE_FIELD,
  ROLE_IGNORE,
  ROLE_PATIENT_KEY,
  ROLE_PATIENT_NAME,
  ROLE_PATIENT_BIRTH_DATE,
  ROLE_DECISION_OUTCOME,
  ROLE_DECISION_REASON,
  ROLE_DECISION_TREATMENT,
} Role;

typedef enum {
  KIND_TEXT,
  KIND_INTEGER,
} Kind;

typedef struct {
  char *column;
  Role role;
  const NpcField *field; /* ROLE_FIELD */
  JsonObject *codes;     /* nullable: code → value */
  Kind kind;             /* without codes */
  char *member;          /* nullable: a list field's entry this column ticks */
} ColumnMap;

typedef struct {
  char *name;
  GHashTable *columns; /* column name → ColumnMap */
} Map;

typedef struct {
  NpcGuideline *guideline;
  NpcEngine *engine;
  NpcAudit *audit;
  Map *map;
  Format format;
  guint input_errors;
  guint jobs;          /* threads for JSONL batches */
  /* AuditLines done with, to be used again: a line's record is not made afresh each time */
  GMutex spare_lock;
  gpointer spare_lines[2048]; /* AuditLine*: as many as --jobs has in flight (2 blocks of 256 lines a job) */
  guint n_spare_lines;
  /* progress */
  gboolean progress;
  guint64 total_bytes;
  guint64 done_bytes;
  gint64 last_draw;
} Run;

/* ------------------------------------------------------------------------------------------ */

static void
column_map_free (gpointer data)
{
  ColumnMap *c = data;

  g_free (c->column);
  g_clear_pointer (&c->codes, json_object_unref);
  g_free (c->member);
  g_free (c);
}

static void
map_free (Map *map)
{
  if (map == NULL)
    return;
  g_free (map->name);
  g_hash_table_unref (map->columns);
  g_free (map);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Map, map_free)

static const struct { const char *name; Role role; } roles[] = {
  { "ignore", ROLE_IGNORE },
  { "patient_key", ROLE_PATIENT_KEY },
  { "patient_name", ROLE_PATIENT_NAME },
  { "patient_birth_date", ROLE_PATIENT_BIRTH_DATE },
  { "decision_outcome", ROLE_DECISION_OUTCOME },
  { "decision_reason", ROLE_DECISION_REASON },
  { "decision_treatment", ROLE_DECISION_TREATMENT },
};

static Map *
map_load (const char   *path,
          NpcGuideline *guideline,
          GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Map) map = g_new0 (Map, 1);
  g_autofree char *name = g_filename_display_name (path);
  JsonNode *root;
  JsonObject *o, *columns;
  g_autoptr(GList) members = NULL;
  const char *format;

  map->name = g_strdup (name);
  map->columns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, column_map_free);
  if (!json_parser_load_from_mapped_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s: a map is a JSON object"), name);
      return NULL;
    }
  o = json_node_get_object (root);
  format = json_object_has_member (o, "format") &&
           JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "format"))
           ? json_object_get_string_member (o, "format") : NULL;
  if (g_strcmp0 (format, MAP_FORMAT) != 0)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: \"format\" must be \"%s\""), name, MAP_FORMAT);
      return NULL;
    }
  if (!json_object_has_member (o, "columns") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "columns")))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: \"columns\" must be an object of column names"), name);
      return NULL;
    }
  columns = json_object_get_object_member (o, "columns");
  members = json_object_get_members (columns);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *column = l->data;
      JsonNode *spec_node = json_object_get_member (columns, column);
      JsonObject *spec;
      ColumnMap *c;
      JsonNode *n;

      if (!JSON_NODE_HOLDS_OBJECT (spec_node))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                       _("%s: column “%s”: its map must be an object"), name, column);
          return NULL;
        }
      spec = json_node_get_object (spec_node);
      c = g_new0 (ColumnMap, 1);
      c->column = g_strdup (column);
      g_hash_table_replace (map->columns, c->column, c);

      if (json_object_has_member (spec, "field") == json_object_has_member (spec, "role"))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                       _("%s: column “%s”: give either \"field\" or \"role\""), name, column);
          return NULL;
        }
      if (json_object_has_member (spec, "field"))
        {
          n = json_object_get_member (spec, "field");
          c->role = ROLE_FIELD;
          c->field = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
                     ? npc_guideline_lookup_field (guideline, json_node_get_string (n)) : NULL;
          if (c->field == NULL)
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_INTEGRITY,
                           _("%s: column “%s”: \"field\" must name a field of the guideline "
                             "“%s”"), name, column, npc_guideline_get_id (guideline));
              return NULL;
            }
        }
      else
        {
          const char *role = NULL;

          n = json_object_get_member (spec, "role");
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
            role = json_node_get_string (n);
          c->role = ROLE_FIELD;
          for (guint i = 0; role != NULL && i < G_N_ELEMENTS (roles); i++)
            if (g_str_equal (role, roles[i].name))
              c->role = roles[i].role;
          if (c->role == ROLE_FIELD)
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("%s: column “%s”: unknown \"role\" “%s”"), name, column,
                           role != NULL ? role : "");
              return NULL;
            }
        }

      if (json_object_has_member (spec, "codes"))
        {
          n = json_object_get_member (spec, "codes");
          if (!JSON_NODE_HOLDS_OBJECT (n))
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("%s: column “%s”: \"codes\" must be an object"), name, column);
              return NULL;
            }
          c->codes = json_object_ref (json_node_get_object (n));
        }
      if (json_object_has_member (spec, "type"))
        {
          const char *type = NULL;

          n = json_object_get_member (spec, "type");
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
            type = json_node_get_string (n);
          if (g_strcmp0 (type, "integer") == 0)
            c->kind = KIND_INTEGER;
          else if (g_strcmp0 (type, "text") == 0)
            c->kind = KIND_TEXT;
          else
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("%s: column “%s”: \"type\" is \"text\" or \"integer\""),
                           name, column);
              return NULL;
            }
        }
      if (json_object_has_member (spec, "member"))
        {
          n = json_object_get_member (spec, "member");
          if (c->role != ROLE_FIELD ||
              (c->field->type != NPC_FIELD_SET && c->field->type != NPC_FIELD_TEXT_LIST) ||
              !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
              c->codes == NULL)
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("%s: column “%s”: \"member\" is a string, for a list field, "
                             "with \"codes\" to true or false"), name, column);
              return NULL;
            }
          c->member = g_strdup (json_node_get_string (n));
        }
    }
  return g_steal_pointer (&map);
}

/* ------------------------------------------------------------------------------------------ */

static void
progress_draw (Run      *run,
               gboolean  force)
{
  gint64 now;
  guint patients;

  if (!run->progress)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - run->last_draw < 100 * 1000)
    return;
  run->last_draw = now;
  patients = npc_audit_get_patients (run->audit);
  if (run->total_bytes > 0)
    {
      double share = MIN (1.0, (double) run->done_bytes / run->total_bytes);
      int filled = (int) (share * 30 + 0.5);
      char bar[31];

      memset (bar, '#', filled);
      memset (bar + filled, '-', 30 - filled);
      bar[30] = '\0';
      fprintf (stderr, "\r[%s] %3d%%  %u", bar, (int) (share * 100), patients);
    }
  else
    fprintf (stderr, "\r%u", patients);
  fprintf (stderr, _(" patients"));
  fflush (stderr);
}

static void
progress_clear (Run *run)
{
  if (run->progress && run->last_draw != 0)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
}

static void G_GNUC_PRINTF (2, 3)
input_error (Run        *run,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  progress_clear (run);
  run->last_draw = 0;
  g_printerr ("%s\n", message);
  run->input_errors++;
}

/* A JSON syntax error without the text it quotes (which may be a patient's name): where it
 * is, and what is wrong in general. */
static char *
syntax_error (const GError *error)
{
  g_autoptr(GRegex) re = g_regex_new ("^[^:]*:(\\d+):(\\d+):", 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;

  if (g_regex_match (re, error->message, 0, &m))
    {
      g_autofree char *line = g_match_info_fetch (m, 1);
      g_autofree char *col = g_match_info_fetch (m, 2);

      return g_strdup_printf (_("%s:%s: not valid JSON"), line, col);
    }
  return g_strdup (_("not valid JSON"));
}

static void
csv_cell (GString    *out,
          const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The outcome a case's meta records, or NULL. */
static const char *
meta_outcome (JsonObject *meta)
{
  JsonObject *decision = NULL;

  if (meta != NULL && json_object_has_member (meta, "decision") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (meta, "decision")))
    decision = json_object_get_object_member (meta, "decision");
  if (decision != NULL && json_object_has_member (decision, "outcome") &&
      !json_object_get_null_member (decision, "outcome"))
    return json_object_get_string_member (decision, "outcome");
  return NULL;
}

static void
print_row (NpcEvaluation   *eval,
           const char      *source,
           guint            line,
           const char      *outcome,
           NpcAuditVerdict  verdict,
           NpcAuditBlock    block)
{
  g_autoptr(GString) row = g_string_new (NULL);
  const NpcNode *primary = npc_evaluation_get_primary (eval);
  guint n;
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (eval, &n);
  const NpcField *const *needed;

  csv_cell (row, source);
  g_string_append_printf (row, ",%u,", line);
  csv_cell (row, npc_outcome_type_to_string (npc_evaluation_get_outcome (eval)));
  g_string_append_c (row, ',');
  csv_cell (row, primary != NULL ? primary->id : "");
  g_string_append_c (row, ',');
  {
    g_autoptr(GString) ids = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        const char *id = alts[i].node != NULL ? alts[i].node->id
                         : alts[i].modifier != NULL ? alts[i].modifier->id : NULL;

        if (id == NULL)
          continue;
        if (ids->len > 0)
          g_string_append_c (ids, ' ');
        g_string_append (ids, id);
      }
    csv_cell (row, ids->str);
  }
  g_string_append_c (row, ',');
  csv_cell (row, outcome != NULL ? outcome : "");
  g_string_append_c (row, ',');
  csv_cell (row, npc_audit_verdict_to_string (verdict));
  g_string_append_c (row, ',');
  csv_cell (row, npc_audit_block_to_string (block));
  g_string_append_c (row, ',');
  if (block == NPC_AUDIT_NEEDS_INPUT)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      needed = npc_evaluation_get_needs_input (eval, &n);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", needed[i]->id);
      csv_cell (row, ids->str);
    }
  g_string_append_c (row, '\n');
  fputs (row->str, stdout);
}

/* One patient: `case_object` is a case object (whole or bare) for npc_case_new_from_object(),
 * `meta` its meta (nullable). `where` names it in messages: "FILE" or "FILE:LINE". */
static void
audit_patient (Run        *run,
               JsonObject *case_object,
               JsonObject *meta,
               const char *source,
               guint       line,
               const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(NpcEvaluation) eval = NULL;
  NpcAuditVerdict verdict;
  NpcAuditBlock block;
  const char *guideline_id = npc_guideline_get_id (run->guideline);

  kase = npc_case_new_from_object (case_object, where, &error);
  if (kase == NULL)
    {
      input_error (run, "%s", error->message);
      return;
    }
  if (npc_case_get_guideline_id (kase) != NULL &&
      g_strcmp0 (npc_case_get_guideline_id (kase), guideline_id) != 0)
    {
      input_error (run, _("%s: the case is for the guideline “%s”, not “%s”"), where,
                   npc_case_get_guideline_id (kase), guideline_id);
      return;
    }
  eval = npc_engine_evaluate (run->engine, kase);
  if (!npc_audit_add (run->audit, eval, meta, &verdict, &block, &error))
    {
      input_error (run, "%s: %s", where, error->message);
      return;
    }
  if (run->format == FORMAT_CSV)
    print_row (eval, source, line, meta_outcome (meta), verdict, block);
  progress_draw (run, FALSE);
}

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* A case object as read: its meta, or NULL for a bare object of field values. */
static JsonObject *
case_meta (JsonObject *o)
{
  if (!json_object_has_member (o, "fields"))
    return NULL;
  return object_member (o, "meta");
}

static void
audit_case_file (Run        *run,
                 const char *path)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  struct stat st;
  JsonNode *root;

  if (g_stat (path, &st) == 0 && st.st_size > NPC_CASE_MAX_BYTES)
    {
      input_error (run, _("%s: the file is larger than %d bytes, the limit for one case"), name,
                   NPC_CASE_MAX_BYTES);
      run->done_bytes += st.st_size;
      return;
    }
  if (!g_file_get_contents (path, &data, &length, &error))
    {
      input_error (run, "%s", error->message);
      return;
    }
  run->done_bytes += length;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      g_autofree char *what = syntax_error (error);

      input_error (run, "%s:%s", name, what);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      input_error (run, _("%s: a case file holds one JSON object"), name);
      return;
    }
  audit_patient (run, json_node_get_object (root), case_meta (json_node_get_object (root)),
                 name, 0, name);
}

/* One line of a batch, worked on in any thread: read, made a case and evaluated, or the
 * message that says why not. The counting is left to audit_line_done(), in order. */
typedef struct {
  char *message;       /* the input error, or NULL */
  JsonObject *meta;    /* nullable: what the audit reads of the case's meta */
  gboolean straight;   /* read straight: the decision is in `record`, not in `meta` */
  NpcAuditRecord record;
  NpcEvaluation *eval;
} AuditLine;

typedef struct {
  Run *run;
  const char *name;
  guint64 base;        /* bytes of the inputs before this one */
} AuditJsonl;

static void
audit_line_free (Run       *run,
                 AuditLine *a)
{
  g_free (a->message);
  /* the audit keeps it to be made again for a later line */
  npc_audit_give_back (run->audit, run->engine, g_steal_pointer (&a->eval));
  g_clear_pointer (&a->meta, json_object_unref);
  npc_audit_record_clear (&a->record);
  a->message = NULL;
  a->straight = FALSE;
  g_mutex_lock (&run->spare_lock);
  if (run->n_spare_lines < G_N_ELEMENTS (run->spare_lines))
    {
      run->spare_lines[run->n_spare_lines++] = a;
      a = NULL;
    }
  g_mutex_unlock (&run->spare_lock);
  g_free (a);
}

/* An AuditLine as new: one done with, or a new one. */
static AuditLine *
audit_line_new (Run *run)
{
  AuditLine *a = NULL;

  g_mutex_lock (&run->spare_lock);
  if (run->n_spare_lines > 0)
    a = run->spare_lines[--run->n_spare_lines];
  g_mutex_unlock (&run->spare_lock);
  return a != NULL ? a : g_new0 (AuditLine, 1);
}

static gpointer
audit_line_work (const NpcCliLine *line,
                 gpointer          data)
{
  AuditJsonl *job = data;
  AuditLine *a = audit_line_new (job->run);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = NULL;
  JsonObject *meta;
  g_autofree char *where = NULL;
  const char *guideline_id = npc_guideline_get_id (job->run->guideline);
  JsonNode *root;

  if (line->too_long)
    {
      a->message = g_strdup_printf (_("%s:%u: the line is longer than %d bytes, the limit for "
                                      "one case; it was skipped"), job->name, line->lineno,
                                    NPC_CASE_MAX_BYTES);
      return a;
    }
  /* The common line, a whole case object of plain text, read straight into the values and
   * the decision. */
  a->eval = npc_audit_evaluate_line (job->run->audit, job->run->engine, line->text, line->len,
                                     &a->record);
  if (a->eval != NULL)
    {
      a->straight = TRUE;
      return a;
    }
  /* Another plain line is read without json-glib's parser, into the same tree. */
  plain = npc_cli_json_read_plain (line->text, line->len);
  if (plain != NULL)
    root = plain;
  else
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, line->text, (gssize) line->len, &error))
        {
          g_autofree char *what = syntax_error (error);
          const char *column = strchr (what, ':') != NULL ? strchr (what, ':') + 1 : what;

          /* a line is one line: its own line number is the batch's */
          a->message = g_strdup_printf ("%s:%u:%s", job->name, line->lineno, column);
          return a;
        }
      root = json_parser_get_root (parser);
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      a->message = g_strdup_printf (_("%s:%u: a line holds one case object"), job->name,
                                    line->lineno);
      return a;
    }
  where = g_strdup_printf ("%s:%u", job->name, line->lineno);
  kase = npc_case_new_from_object (json_node_get_object (root), where, &error);
  if (kase == NULL)
    {
      a->message = g_strdup (error->message);
      return a;
    }
  if (npc_case_get_guideline_id (kase) != NULL &&
      g_strcmp0 (npc_case_get_guideline_id (kase), guideline_id) != 0)
    {
      a->message = g_strdup_printf (_("%s: the case is for the guideline “%s”, not “%s”"), where,
                                    npc_case_get_guideline_id (kase), guideline_id);
      return a;
    }
  /* The parts of meta the audit reads (npc_audit_add()), copied: the line's tree is freed
   * here, in the thread that made it. */
  meta = case_meta (json_node_get_object (root));
  if (meta != NULL)
    {
      static const char *const members[] = { "decision", "patient" };

      a->meta = json_object_new ();
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        if (json_object_has_member (meta, members[i]))
          json_object_set_member (a->meta, members[i],
                                  json_node_copy (json_object_get_member (meta, members[i])));
    }
  a->eval = npc_engine_evaluate (job->run->engine, kase);
  return a;
}

static void
audit_line_done (const NpcCliLine *line,
                 gpointer          result,
                 gpointer          data)
{
  AuditJsonl *job = data;
  AuditLine *a = result;
  Run *run = job->run;

  run->done_bytes = job->base + line->consumed;
  if (a->message != NULL)
    input_error (run, "%s", a->message);
  else
    {
      g_autoptr(GError) error = NULL;
      NpcAuditVerdict verdict;
      NpcAuditBlock block;

      gboolean ok = a->straight
                    ? npc_audit_add_record (run->audit, a->eval, &a->record, &verdict, &block,
                                            &error)
                    : npc_audit_add (run->audit, a->eval, a->meta, &verdict, &block, &error);

      if (!ok)
        input_error (run, "%s:%u: %s", job->name, line->lineno, error->message);
      else
        {
          if (run->format == FORMAT_CSV)
            print_row (a->eval, job->name, line->lineno,
                       a->straight ? a->record.outcome : meta_outcome (a->meta), verdict, block);
          progress_draw (run, FALSE);
        }
    }
  audit_line_free (run, a);
}

static void
audit_jsonl (Run        *run,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *buf = g_malloc (NPC_CLI_BLOCK);
  g_autofree char *name = g_str_equal (path, "-") ? g_strdup (_("standard input"))
                                                 : g_filename_display_name (path);
  NpcCliLineReader reader = { -1, buf, 0, 0, FALSE, 0 };
  AuditJsonl job = { run, name, run->done_bytes };
  guint lineno = 0;
  int rc, err = 0;

  reader.fd = npc_cli_open_stream (path, name, &error);
  if (reader.fd < 0)
    {
      input_error (run, "%s", error->message);
      return;
    }
  rc = npc_cli_lines_run (&reader, run->jobs, audit_line_work, audit_line_done, &job, &lineno,
                          &err);
  close (reader.fd);
  if (rc < 0)
    input_error (run, _("%s:%u: cannot read: %s"), name, lineno + 1, g_strerror (err));
}

/* ------------------------------------------------------------------------------------------ */
/* CSV (RFC 4180): a record may span lines inside quotes. */

typedef struct {
  NpcCliLineReader reader;
  GByteArray *line;
  guint lineno;     /* the last physical line read */
  gboolean first;
} CsvReader;

/* Splits one record; FALSE with a message on bad quoting. */
static gboolean
csv_split (const char *text,
           gsize       len,
           GPtrArray  *cells,
           char      **message)
{
  gsize i = 0;

  g_ptr_array_set_size (cells, 0);
  for (;;)
    {
      GString *cell = g_string_new (NULL);

      if (i < len && text[i] == '"')
        {
          i++;
          for (;;)
            {
              if (i >= len)
                {
                  g_string_free (cell, TRUE);
                  *message = g_strdup (_("a quoted cell is not closed"));
                  return FALSE;
                }
              if (text[i] == '"')
                {
                  if (i + 1 < len && text[i + 1] == '"')
                    {
                      g_string_append_c (cell, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (cell, text[i++]);
            }
          if (i < len && text[i] != ',')
            {
              g_string_free (cell, TRUE);
              *message = g_strdup (_("text after the closing quote of a cell"));
              return FALSE;
            }
        }
      else
        {
          while (i < len && text[i] != ',')
            {
              if (text[i] == '"')
                {
                  g_string_free (cell, TRUE);
                  *message = g_strdup (_("a quote inside an unquoted cell"));
                  return FALSE;
                }
              g_string_append_c (cell, text[i++]);
            }
        }
      g_ptr_array_add (cells, g_string_free (cell, FALSE));
      if (i >= len)
        return TRUE;
      i++; /* the comma */
    }
}

/* Reads one record: 1 with it in `record` and its first line in *start, 0 at the end, -1 on
 * a read error. A record over the cap comes back empty with *too_long. */
static int
csv_read_record (CsvReader *r,
                 GString   *record,
                 guint     *start,
                 gboolean  *too_long,
                 int       *err)
{
  gboolean quoted = FALSE;
  int rc;

  g_string_truncate (record, 0);
  *too_long = FALSE;
  *start = r->lineno + 1;
  do
    {
      gboolean line_too_long;

      rc = npc_cli_read_line (&r->reader, r->line, &line_too_long, err);
      if (rc < 0)
        return -1;
      if (rc == 0)
        return record->len > 0 || quoted || *too_long ? 1 : 0;
      r->lineno++;
      if (line_too_long || record->len + r->line->len > NPC_CASE_MAX_BYTES)
        *too_long = TRUE;
      if (*too_long)
        {
          g_string_truncate (record, 0);
          /* resynchronise at the next line that ends outside quotes */
          quoted = FALSE;
          continue;
        }
      {
        const char *p = (const char *) r->line->data;
        gsize len = r->line->len;

        if (r->first && len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
          {
            p += 3;
            len -= 3;
          }
        r->first = FALSE;
        if (len > 0 && p[len - 1] == '\r')
          len--;
        if (record->len > 0 || quoted)
          g_string_append_c (record, '\n');
        g_string_append_len (record, p, (gssize) len);
        for (gsize i = 0; i < len; i++)
          if (p[i] == '"')
            quoted = !quoted;
      }
    }
  while (quoted && !*too_long);
  return 1;
}

static void
append_member (JsonObject *fields,
               const char *field,
               const char *member)
{
  JsonArray *list;

  if (!json_object_has_member (fields, field))
    json_object_set_array_member (fields, field, json_array_new ());
  list = json_object_get_array_member (fields, field);
  if (member != NULL)
    json_array_add_string_element (list, member);
}

/* One cell into the case: FALSE with a message naming the column and the value. */
static gboolean
map_cell (const ColumnMap *c,
          const char      *value,
          JsonObject      *fields,
          JsonObject      *decision,
          JsonObject      *patient,
          char           **message)
{
  JsonNode *mapped = NULL;
  g_autoptr(JsonNode) owned = NULL;

  switch (c->role)
    {
    case ROLE_IGNORE:
      return TRUE;
    case ROLE_PATIENT_KEY:
      if (*value != '\0')
        json_object_set_string_member (patient, "id", value);
      return TRUE;
    case ROLE_PATIENT_NAME:
      if (*value != '\0')
        json_object_set_string_member (patient, "name", value);
      return TRUE;
    case ROLE_PATIENT_BIRTH_DATE:
      if (*value != '\0')
        json_object_set_string_member (patient, "birth_date", value);
      return TRUE;
    case ROLE_DECISION_REASON:
      if (*value != '\0')
        json_object_set_string_member (decision, "reason", value);
      return TRUE;
    case ROLE_DECISION_TREATMENT:
      if (*value != '\0')
        json_object_set_string_member (decision, "treatment", value);
      return TRUE;
    case ROLE_DECISION_OUTCOME:
    case ROLE_FIELD:
    default:
      break;
    }

  if (c->codes != NULL)
    {
      mapped = json_object_get_member (c->codes, value);
      if (mapped == NULL && *value == '\0')
        return TRUE; /* an empty cell is unknown unless the codes say otherwise */
      if (mapped == NULL)
        {
          *message = g_strdup_printf (_("column “%s”: the code “%s” is not in the map"),
                                      c->column, value);
          return FALSE;
        }
    }
  else if (*value == '\0')
    return TRUE;
  else if (c->kind == KIND_INTEGER)
    {
      gint64 v;

      if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &v, NULL))
        {
          *message = g_strdup_printf (_("column “%s”: “%s” is not a whole number"), c->column,
                                      value);
          return FALSE;
        }
      mapped = owned = json_node_init_int (json_node_alloc (), v);
    }
  else
    mapped = owned = json_node_init_string (json_node_alloc (), value);

  if (c->role == ROLE_DECISION_OUTCOME)
    {
      if (!JSON_NODE_HOLDS_NULL (mapped) &&
          (!JSON_NODE_HOLDS_VALUE (mapped) || json_node_get_value_type (mapped) != G_TYPE_STRING))
        {
          *message = g_strdup_printf (_("column “%s”: the code “%s” must map to an outcome id "
                                        "or null"), c->column, value);
          return FALSE;
        }
      json_object_set_member (decision, "outcome", json_node_copy (mapped));
      return TRUE;
    }
  if (c->member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (mapped) ||
          json_node_get_value_type (mapped) != G_TYPE_BOOLEAN)
        {
          *message = g_strdup_printf (_("column “%s”: the code “%s” must map to true or false"),
                                      c->column, value);
          return FALSE;
        }
      append_member (fields, c->field->id,
                     json_node_get_boolean (mapped) ? c->member : NULL);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (mapped))
    return TRUE;
  if (json_object_has_member (fields, c->field->id))
    {
      *message = g_strdup_printf (_("column “%s”: the field “%s” is already set by another "
                                    "column"), c->column, c->field->id);
      return FALSE;
    }
  json_object_set_member (fields, c->field->id, json_node_copy (mapped));
  return TRUE;
}

static void
audit_csv (Run        *run,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *buf = g_malloc (NPC_CLI_BLOCK);
  g_autofree char *name = g_str_equal (path, "-") ? g_strdup (_("standard input"))
                                                 : g_filename_display_name (path);
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  CsvReader r = { { -1, buf, 0, 0, FALSE, 0 }, g_byte_array_new (), 0, TRUE };
  guint64 base = run->done_bytes;
  gboolean too_long, header_ok = TRUE;
  guint start;
  int rc, err = 0;

  r.reader.fd = npc_cli_open_stream (path, name, &error);
  if (r.reader.fd < 0)
    {
      input_error (run, "%s", error->message);
      g_byte_array_unref (r.line);
      return;
    }

  /* the header: every column must be in the map, and every column of the map here */
  rc = csv_read_record (&r, record, &start, &too_long, &err);
  if (rc == 0)
    {
      input_error (run, _("%s: the file is empty; a CSV export starts with a header line"),
                   name);
      header_ok = FALSE;
    }
  else if (rc > 0)
    {
      g_autofree char *message = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer key;

      if (too_long || !csv_split (record->str, record->len, header, &message))
        {
          input_error (run, _("%s:%u: the header cannot be read: %s"), name, start,
                       too_long ? _("it is too long") : message);
          header_ok = FALSE;
        }
      for (guint i = 0; header_ok && i < header->len; i++)
        {
          const char *column = g_ptr_array_index (header, i);
          ColumnMap *c = g_hash_table_lookup (run->map->columns, column);

          if (!g_hash_table_add (seen, (gpointer) column))
            {
              input_error (run, _("%s:%u: the column “%s” appears twice"), name, start, column);
              header_ok = FALSE;
            }
          else if (c == NULL)
            {
              input_error (run, _("%s:%u: the column “%s” is not in the map %s (map it, or "
                                  "give it the role \"ignore\")"),
                           name, start, column, run->map->name);
              header_ok = FALSE;
            }
          g_ptr_array_add (columns, c);
        }
      g_hash_table_iter_init (&iter, run->map->columns);
      while (header_ok && g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (seen, key))
          {
            input_error (run, _("%s:%u: the column “%s” of the map %s is not in the file"),
                         name, start, (const char *) key, run->map->name);
            header_ok = FALSE;
          }
    }

  while (header_ok && (rc = csv_read_record (&r, record, &start, &too_long, &err)) > 0)
    {
      g_autofree char *message = NULL;
      g_autofree char *where = NULL;
      g_autoptr(JsonObject) fields = NULL;
      g_autoptr(JsonObject) meta = NULL;
      JsonObject *decision, *patient;
      gboolean ok = TRUE;

      run->done_bytes = base + r.reader.consumed;
      if (too_long)
        {
          input_error (run, _("%s:%u: the row is longer than %d bytes; it was skipped"), name,
                       start, NPC_CASE_MAX_BYTES);
          continue;
        }
      if (record->len == 0)
        continue;
      if (!csv_split (record->str, record->len, cells, &message))
        {
          input_error (run, "%s:%u: %s", name, start, message);
          continue;
        }
      if (cells->len != header->len)
        {
          input_error (run, _("%s:%u: the row has %u cells, the header %u"), name, start,
                       cells->len, header->len);
          continue;
        }
      fields = json_object_new ();
      meta = json_object_new ();
      decision = json_object_new ();
      patient = json_object_new ();
      json_object_set_object_member (meta, "decision", decision);
      json_object_set_object_member (meta, "patient", patient);
      for (guint i = 0; ok && i < cells->len; i++)
        ok = map_cell (g_ptr_array_index (columns, i), g_ptr_array_index (cells, i), fields,
                       decision, patient, &message);
      if (!ok)
        {
          input_error (run, "%s:%u: %s", name, start, message);
          continue;
        }
      if (json_object_get_size (decision) == 0)
        json_object_remove_member (meta, "decision");
      where = g_strdup_printf ("%s:%u", name, start);
      audit_patient (run, fields, meta, name, start, where);
    }
  close (r.reader.fd);
  g_byte_array_unref (r.line);
  if (rc < 0)
    input_error (run, _("%s:%u: cannot read: %s"), name, r.lineno + 1, g_strerror (err));
}

/* ------------------------------------------------------------------------------------------ */

static gboolean
has_suffix_ci (const char *name,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, suffix);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The files of a folder and its subfolders that the audit reads, sorted; hidden files and
 * backups (an autosave, an editor's copy) are left out. */
static void
collect_folder (const char *path,
                GPtrArray  *out,
                guint       depth)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || depth > 32)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, "~"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      struct stat st;

      if (lstat (child, &st) != 0 || S_ISLNK (st.st_mode))
        continue;
      if (S_ISDIR (st.st_mode))
        collect_folder (child, out, depth + 1);
      else if (S_ISREG (st.st_mode) &&
               (has_suffix_ci (child, ".json") || has_suffix_ci (child, ".jsonl") ||
                has_suffix_ci (child, ".csv")))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

static void
audit_path (Run        *run,
            const char *path)
{
  if (g_str_equal (path, "-") || has_suffix_ci (path, ".jsonl") || has_suffix_ci (path, ".ndjson"))
    audit_jsonl (run, path);
  else if (has_suffix_ci (path, ".csv"))
    audit_csv (run, path);
  else
    audit_case_file (run, path);
}

static guint
count_of (JsonObject *o,
          const char *member)
{
  return (guint) json_object_get_int_member (o, member);
}

static void
print_text (JsonObject *s,
            guint       input_errors)
{
  JsonObject *na = json_object_get_object_member (s, "not_assessable_reasons");
  JsonObject *by = json_object_get_object_member (s, "by_outcome");
  g_autoptr(GList) ids = json_object_get_members (by);
  const char *const lists[] = { "missing_fields", "invalid_fields", "deviation_reasons" };
  const char *const titles[] = { N_("Fields that were needed and unknown"),
                                 N_("Fields with a validation error"),
                                 N_("Reasons recorded for off-pathway decisions") };

  g_print (_("Guideline: %s %s\n"), json_object_get_string_member (s, "guideline"),
           json_object_get_string_member (s, "guideline_version"));
  g_print (_("Patients: %u\n"), count_of (s, "patients"));
  g_print (_("Assessable: %u\n"), count_of (s, "assessable"));
  g_print (_("  on the primary outcome: %u\n"),
           count_of (s, "on_primary"));
  g_print (_("  on an alternative shown: %u\n"),
           count_of (s, "on_alternative"));
  g_print (_("  off the pathway: %u\n"),
           count_of (s, "off_pathway"));
  g_print (_("Not assessable: %u (needs input %u, invalid %u"
             ", no decision recorded %u)\n"),
           count_of (s, "not_assessable"),
           count_of (na, "needs_input"),
           count_of (na, "invalid"),
           count_of (na, "no_decision"));
  if (json_object_get_null_member (s, "concordance"))
    g_print (_("Concordance: none (no assessable patient)\n"));
  else
    {
      JsonArray *ci = json_object_get_array_member (s, "concordance_ci95");

      g_print (_("Concordance: %.1f %% (95 %% CI %.1f–%.1f %%, Wilson)\n"),
               100 * json_object_get_double_member (s, "concordance"),
               100 * json_array_get_double_element (ci, 0),
               100 * json_array_get_double_element (ci, 1));
    }
  if (ids != NULL)
    {
      g_print (_("\nBy outcome of the pathway:\n"));
      g_print ("  %-20s %8s %8s %11s %5s %12s\n", _("outcome"), _("patients"), _("primary"),
               _("alternative"), _("off"), _("concordance"));
      for (GList *l = ids; l != NULL; l = l->next)
        {
          JsonObject *o = json_object_get_object_member (by, l->data);

          g_print ("  %-20s %8u %8u %11u %5u %10.1f %%\n", (const char *) l->data,
                   count_of (o, "patients"),
                   count_of (o, "on_primary"),
                   count_of (o, "on_alternative"),
                   count_of (o, "off_pathway"),
                   100 * json_object_get_double_member (o, "concordance"));
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      JsonObject *o = json_object_get_object_member (s, lists[k]);
      g_autoptr(GList) keys = json_object_get_members (o);

      if (keys == NULL)
        continue;
      g_print ("\n%s:\n", _(titles[k]));
      for (GList *l = keys; l != NULL; l = l->next)
        g_print ("  %6u  %s\n", count_of (o, l->data),
                 (const char *) l->data);
    }
  if (count_of (s, "off_pathway_without_reason") > 0)
    g_print (_("  %6u  (no reason recorded)\n"),
             count_of (s, "off_pathway_without_reason"));
  if (input_errors > 0)
    g_print (_("\nInputs that could not be read (see the messages above): %u\n"), input_errors);
}

int
npc_cli_audit (int    argc,
               char **argv)
{
  g_autofree char *guideline_path = NULL;
  g_autofree char *map_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcGuideline) g = NULL;
  g_autoptr(NpcEngine) engine = NULL;
  g_autoptr(NpcAudit) audit = NULL;
  g_autoptr(Map) map = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) summary = NULL;
  JsonObject *s;
  Run run = { 0 };
  int jobs = 1;
  GOptionEntry entries[] = {
    { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, &guideline_path,
      N_("Guideline document (default: the bundled NPC guideline)"), N_("FILE.xml") },
    { "map", 'm', 0, G_OPTION_ARG_FILENAME, &map_path,
      N_("How the columns and codes of CSV inputs map to fields and values"), N_("MAP.json") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Output: text (default), json (the summary) or csv (one row per patient)"),
      N_("FORMAT") },
    { "report", 'r', 0, G_OPTION_ARG_FILENAME, &report,
      N_("Also write the report with charts: an .html or a .pdf file"), N_("FILE") },
    /* "N" is a number's name in every language: not translated */
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Evaluate the lines of batches on N threads (0: one per processor); the output is "
         "the same"), "N" },
    { NULL }
  };

  ctx = g_option_context_new (_("INPUT… — how often patients were treated on the pathway"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Inputs are case files (.json), folders of them, "
                                       "batches of one case object a line (.jsonl, or - for "
                                       "standard input) and CSV exports (.csv, with --map). "
                                       "Each patient's recorded decision (meta.decision) is "
                                       "classified on_primary, on_alternative, off_pathway "
                                       "or not_assessable.\n\nExit status: 0 the audit ran "
                                       "over every input, 1 some input could not be read "
                                       "(each is reported with its file and line; the others "
                                       "are counted), 2 usage error, unreadable guideline "
                                       "or map, or an output that could not be written."));
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("npc-pathway-cli audit: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (format == NULL || g_str_equal (format, "text"))
    run.format = FORMAT_TEXT;
  else if (g_str_equal (format, "json"))
    run.format = FORMAT_JSON;
  else if (g_str_equal (format, "csv"))
    run.format = FORMAT_CSV;
  else
    {
      g_printerr (_("npc-pathway-cli audit: --format is text, json or csv, not “%s”\n"), format);
      return EXIT_USAGE;
    }
  if (report != NULL && !has_suffix_ci (report, ".html") && !has_suffix_ci (report, ".htm") &&
      !has_suffix_ci (report, ".pdf"))
    {
      g_printerr (_("npc-pathway-cli audit: --report is an .html or a .pdf file\n"));
      return EXIT_USAGE;
    }
  if (jobs < 0)
    {
      g_printerr (_("%s: --jobs is a number of threads, 0 or more\n"), "npc-pathway-cli audit");
      return EXIT_USAGE;
    }
  run.jobs = npc_cli_jobs (jobs);
  if (argc < 2)
    {
      g_printerr (_("npc-pathway-cli audit: give one or more case files, folders, .jsonl or "
                    ".csv files\n"));
      return EXIT_USAGE;
    }

  g = npc_cli_load_guideline ("npc-pathway-cli audit", guideline_path);
  if (g == NULL)
    return EXIT_USAGE;
  if (map_path != NULL && (map = map_load (map_path, g, &error)) == NULL)
    {
      g_printerr ("npc-pathway-cli audit: %s\n", error->message);
      return EXIT_USAGE;
    }

  for (int a = 1; a < argc; a++)
    {
      struct stat st;

      if (!g_str_equal (argv[a], "-") && g_stat (argv[a], &st) == 0 && S_ISDIR (st.st_mode))
        {
          guint before = inputs->len;

          collect_folder (argv[a], inputs, 0);
          if (inputs->len == before)
            {
              g_autofree char *name = g_filename_display_name (argv[a]);

              g_printerr (_("npc-pathway-cli audit: %s: the folder holds no .json, .jsonl or "
                            ".csv file\n"), name);
              run.input_errors++;
            }
        }
      else
        g_ptr_array_add (inputs, g_strdup (argv[a]));
    }
  for (guint i = 0; i < inputs->len; i++)
    if (has_suffix_ci (g_ptr_array_index (inputs, i), ".csv") && map == NULL)
      {
        g_autofree char *name = g_filename_display_name (g_ptr_array_index (inputs, i));

        g_printerr (_("npc-pathway-cli audit: %s: a CSV input needs --map MAP.json\n"), name);
        return EXIT_USAGE;
      }

  engine = npc_engine_new (g);
  npc_engine_set_json_possible_outcomes (engine, FALSE);
  audit = npc_audit_new (g);
  run.guideline = g;
  run.engine = engine;
  run.audit = audit;
  run.map = map;
  run.progress = isatty (STDERR_FILENO);
  g_mutex_init (&run.spare_lock);
  for (guint i = 0; i < inputs->len; i++)
    {
      struct stat st;

      if (g_stat (g_ptr_array_index (inputs, i), &st) == 0 && S_ISREG (st.st_mode))
        run.total_bytes += st.st_size;
    }

  if (run.format == FORMAT_CSV)
    fputs ("source,line,outcome_type,primary,alternatives,decision,classification,"
           "not_assessable_reason,missing_fields\n", stdout);
  for (guint i = 0; i < inputs->len; i++)
    audit_path (&run, g_ptr_array_index (inputs, i));
  progress_clear (&run);
  while (run.n_spare_lines > 0)
    g_free (run.spare_lines[--run.n_spare_lines]);
  g_mutex_clear (&run.spare_lock);

  summary = npc_audit_to_json (audit);
  s = json_node_get_object (summary);
  json_object_set_int_member (s, "input_errors", run.input_errors);
  if (run.format == FORMAT_JSON)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (gen, summary);
      json_generator_set_pretty (gen, TRUE);
      json_generator_set_indent (gen, 2);
      text = json_generator_to_data (gen, NULL);
      fputs (text, stdout);
      fputc ('\n', stdout);
    }
  else if (run.format == FORMAT_TEXT)
    print_text (s, run.input_errors);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr (_("npc-pathway-cli audit: cannot write the results: %s\n"), g_strerror (errno));
      return EXIT_USAGE;
    }

  if (report != NULL)
    {
      gboolean ok;

      if (has_suffix_ci (report, ".pdf"))
        ok = npc_cli_audit_report_pdf (s, report, &error);
      else
        {
          g_autofree char *html = npc_cli_audit_report_html (s);

          ok = npc_file_replace_contents (report, html, strlen (html), _("the report"), NULL,
                                          &error);
        }
      if (!ok)
        {
          g_printerr ("npc-pathway-cli audit: %s\n", error->message);
          return EXIT_USAGE;
        }
    }
  return run.input_errors > 0 ? EXIT_INPUT : EXIT_OK;
}
