/* npc-audit.c — how often patients were treated on the pathway
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-audit"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-audit.h"
#include "npc-case-private.h"
#include "npc-error.h"
#include "npc-evaluation-private.h"
#include "npc-scan-private.h"

typedef struct {
  guint patients;
  guint counts[3]; /* on_primary, on_alternative, off_pathway */
} OutcomeCounts;

struct _NpcAudit
{
  GObject parent_instance;

  NpcGuideline *guideline;
  guint counts[4];       /* by NpcAuditVerdict */
  guint blocks[4];       /* by NpcAuditBlock */
  OutcomeCounts *by_outcome; /* by node index */
  guint *missing;        /* by field index: needed and unknown */
  guint *invalid;        /* by field index: a validation error reported at it */
  GHashTable *reasons;   /* reason text → count (a guint of its own) */
  guint off_without_reason;
  /* Lean evaluations given back (npc_audit_give_back()), for the next lines: made again in
   * place rather than anew. Of spare_engine, which they hold a reference to. */
  GMutex spare_lock;
  NpcEngine *spare_engine;
  NpcEvaluation *spares[2048]; /* as many as a run of several jobs has in flight */
  guint n_spares;
};

G_DEFINE_FINAL_TYPE (NpcAudit, npc_audit, G_TYPE_OBJECT)

/* (with the spare lock held, or in finalize) */
static void
drop_spares (NpcAudit *self)
{
  while (self->n_spares > 0)
    g_object_unref (self->spares[--self->n_spares]);
}

static void
npc_audit_finalize (GObject *object)
{
  NpcAudit *self = NPC_AUDIT (object);

  g_clear_object (&self->guideline);
  g_clear_pointer (&self->by_outcome, g_free);
  g_clear_pointer (&self->missing, g_free);
  g_clear_pointer (&self->invalid, g_free);
  g_clear_pointer (&self->reasons, g_hash_table_unref);
  drop_spares (self);
  g_clear_object (&self->spare_engine);
  g_mutex_clear (&self->spare_lock);
  G_OBJECT_CLASS (npc_audit_parent_class)->finalize (object);
}

static void
npc_audit_class_init (NpcAuditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = npc_audit_finalize;
}

static void
npc_audit_init (NpcAudit *self)
{
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

NpcAudit *
npc_audit_new (NpcGuideline *guideline)
{
  NpcAudit *self;
  guint n_nodes, n_fields;

  g_return_val_if_fail (guideline != NULL, NULL);

  self = g_object_new (NPC_TYPE_AUDIT, NULL);
  self->guideline = g_object_ref (guideline);
  npc_guideline_get_nodes (guideline, &n_nodes);
  npc_guideline_get_fields (guideline, &n_fields);
  self->by_outcome = g_new0 (OutcomeCounts, MAX (n_nodes, 1));
  self->missing = g_new0 (guint, MAX (n_fields, 1));
  self->invalid = g_new0 (guint, MAX (n_fields, 1));
  g_mutex_init (&self->spare_lock);
  return self;
}

static NpcEvaluation *
take_spare (NpcAudit  *self,
            NpcEngine *engine)
{
  NpcEvaluation *spare = NULL;

  g_mutex_lock (&self->spare_lock);
  if (self->spare_engine == engine && self->n_spares > 0)
    spare = self->spares[--self->n_spares];
  g_mutex_unlock (&self->spare_lock);
  return spare;
}

void
npc_audit_give_back (NpcAudit      *self,
                     NpcEngine     *engine,
                     NpcEvaluation *evaluation)
{
  g_return_if_fail (NPC_IS_AUDIT (self));
  g_return_if_fail (NPC_IS_ENGINE (engine));

  if (evaluation == NULL)
    return;
  /* Only the audit's own kind, held by nobody else, can be made again. */
  if (!_npc_evaluation_is_lean (evaluation) ||
      g_atomic_int_get (&((GObject *) evaluation)->ref_count) != 1)
    {
      g_object_unref (evaluation);
      return;
    }
  g_mutex_lock (&self->spare_lock);
  if (self->spare_engine != engine)
    {
      drop_spares (self);
      g_set_object (&self->spare_engine, engine);
    }
  if (self->n_spares < G_N_ELEMENTS (self->spares))
    {
      self->spares[self->n_spares++] = evaluation;
      evaluation = NULL;
    }
  g_mutex_unlock (&self->spare_lock);
  if (evaluation != NULL)
    g_object_unref (evaluation);
}

NpcGuideline *
npc_audit_get_guideline (NpcAudit *self)
{
  g_return_val_if_fail (NPC_IS_AUDIT (self), NULL);
  return self->guideline;
}

const char *
npc_audit_verdict_to_string (NpcAuditVerdict klass)
{
  switch (klass)
    {
    case NPC_AUDIT_ON_PRIMARY: return "on_primary";
    case NPC_AUDIT_ON_ALTERNATIVE: return "on_alternative";
    case NPC_AUDIT_OFF_PATHWAY: return "off_pathway";
    case NPC_AUDIT_NOT_ASSESSABLE: return "not_assessable";
    default: g_assert_not_reached ();
    }
}

const char *
npc_audit_block_to_string (NpcAuditBlock block)
{
  switch (block)
    {
    case NPC_AUDIT_ASSESSABLE: return NULL;
    case NPC_AUDIT_NEEDS_INPUT: return "needs_input";
    case NPC_AUDIT_INVALID: return "invalid";
    case NPC_AUDIT_NO_DECISION: return "no_decision";
    default: g_assert_not_reached ();
    }
}

gboolean
npc_wilson_interval (guint   x,
                     guint   n,
                     double *low,
                     double *high)
{
  double p, z2, denom, centre, half;

  g_return_val_if_fail (x <= n, FALSE);
  if (n == 0)
    return FALSE;
  p = (double) x / n;
  z2 = NPC_WILSON_Z * NPC_WILSON_Z;
  denom = 1.0 + z2 / n;
  centre = (p + z2 / (2.0 * n)) / denom;
  half = NPC_WILSON_Z / denom * sqrt (p * (1.0 - p) / n + z2 / (4.0 * n * (double) n));
  *low = MAX (0.0, centre - half);
  *high = MIN (1.0, centre + half);
  return TRUE;
}

static char *
member_text (JsonObject *o,
             const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  switch (json_node_get_value_type (n))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (n));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
    default:
      return NULL;
    }
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Whether the `n` bytes at `needle`, ASCII, occur in the ASCII `text`, ignoring case: compared where
 * the first letter is, in either case. */
static gboolean
contains_ascii_len (const char *text,
                    const char *needle,
                    gsize       n)
{
  char first = g_ascii_tolower (needle[0]);
  char other = g_ascii_toupper (needle[0]);

  for (const char *p = text; *p; p++)
    if ((*p == first || *p == other) && g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Whether `needle` may occur in `text`, ignoring case. For ASCII text and needle it says so
 * exactly; otherwise (where caseless matching is Unicode's) it says it may. */
static gboolean
may_contain (const char *text,
             const char *needle)
{
  if (!is_ascii (text) || !is_ascii (needle))
    return TRUE;
  if (*needle == '\0')
    return TRUE;
  return contains_ascii_len (text, needle, strlen (needle));
}

static void
redact_one (GString    *text,
            const char *needle)
{
  g_autofree char *escaped = NULL;
  g_autoptr(GRegex) re = NULL;
  g_autofree char *replaced = NULL;

  if (needle == NULL || g_utf8_strlen (needle, -1) < 2)
    return;
  /* Compiling the pattern is most of the cost: not where it cannot match. */
  if (!may_contain (text->str, needle))
    return;
  escaped = g_regex_escape_string (needle, -1);
  re = g_regex_new (escaped, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  if (re == NULL)
    return;
  replaced = g_regex_replace_literal (re, text->str, -1, 0, "[…]", 0, NULL);
  if (replaced != NULL)
    g_string_assign (text, replaced);
}

/* What nothing_to_redact() looks for: the identifiers and the words of the name, with the
 * first letters they begin with (lowercase, a bit each). */
typedef struct {
  const char *p[16];
  gsize len[16];
  guchar first[16];
  guint n;
  guint64 firsts[4];
} Needles;

/* Adds the `n` bytes at `p`, unless redact_one() would skip them (fewer than two); FALSE
 * when there is no room left. */
static gboolean
add_needle (Needles    *needles,
            const char *p,
            gsize       n)
{
  guchar c;

  if (n < 2)
    return TRUE;
  if (needles->n == G_N_ELEMENTS (needles->p))
    return FALSE;
  c = (guchar) g_ascii_tolower (p[0]);
  needles->firsts[c >> 6] |= G_GUINT64_CONSTANT (1) << (c & 63);
  needles->p[needles->n] = p;
  needles->len[needles->n] = n;
  needles->first[needles->n] = c;
  needles->n++;
  return TRUE;
}

/* Whether the redaction below leaves `text` as it is, known without building anything: ASCII
 * text and identifiers, none of them (nor a word of the name) in the text. Otherwise FALSE,
 * which says nothing. */
static gboolean
nothing_to_redact (const char *text,
                   const char *name,
                   const char *id,
                   const char *birth)
{
  Needles needles = { .n = 0 };
  const char *ids[] = { name, id, birth };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i] != NULL && (!is_ascii (ids[i]) || !add_needle (&needles, ids[i], strlen (ids[i]))))
      return FALSE;
  /* the words of the name, split where g_strsplit_set() below splits it */
  for (const char *p = name; p != NULL && *p != '\0';)
    {
      gsize n = strcspn (p, " \t\n\v\f\r,.;");

      if (!add_needle (&needles, p, n))
        return FALSE;
      p += n;
      if (*p != '\0')
        p++;
    }

  /* one pass over the text: compared where its letter, in either case, begins a needle */
  for (const char *t = text; *t != '\0'; t++)
    {
      guchar c = (guchar) *t;

      if (c >= 0x80)
        return FALSE;
      c = (guchar) g_ascii_tolower (c);
      if ((needles.firsts[c >> 6] >> (c & 63) & 1) == 0)
        continue;
      for (guint k = 0; k < needles.n; k++)
        if (needles.first[k] == c && g_ascii_strncasecmp (t, needles.p[k], needles.len[k]) == 0)
          return FALSE;
    }
  return TRUE;
}

/* The redaction of npc_audit_redact(), from the identifiers as text (each nullable). */
static char *
redact_identifiers (const char *text,
                    const char *name,
                    const char *id,
                    const char *birth)
{
  GString *out;

  /* the common reason, which names nobody */
  if (nothing_to_redact (text, name, id, birth))
    return g_strdup (text);
  out = g_string_new (text);

  redact_one (out, name);
  if (name != NULL && is_ascii (name))
    {
      /* The same words as the split below, without compiling it. */
      g_auto(GStrv) words = g_strsplit_set (name, " \t\n\v\f\r,.;", -1);

      for (guint i = 0; words[i] != NULL; i++)
        redact_one (out, words[i]);
    }
  else if (name != NULL)
    {
      g_auto(GStrv) words = g_regex_split_simple ("[\\s,.;]+", name, 0, 0);

      for (guint i = 0; words[i] != NULL; i++)
        redact_one (out, words[i]);
    }
  redact_one (out, id);
  redact_one (out, birth);
  return g_string_free (out, FALSE);
}

char *
npc_audit_redact (const char *text,
                  JsonObject *patient)
{
  g_autofree char *name = member_text (patient, "name");
  g_autofree char *id = member_text (patient, "id");
  g_autofree char *birth = member_text (patient, "birth_date");

  if (patient == NULL)
    return g_strdup (text);
  return redact_identifiers (text, name, id, birth);
}

/* Whether `id` is an alternative the evaluation shows beside its primary. */
static gboolean
is_alternative (NpcEvaluation *evaluation,
                const char    *id)
{
  guint n;
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (evaluation, &n);

  for (guint i = 0; i < n; i++)
    if ((alts[i].node != NULL && g_str_equal (alts[i].node->id, id)) ||
        (alts[i].modifier != NULL && g_str_equal (alts[i].modifier->id, id)))
      return TRUE;
  return FALSE;
}

/* The one classification of a decision against the pathway: the audit's and the window's. */
static NpcAuditVerdict
classify (NpcEvaluation *evaluation,
          const char    *outcome,
          gboolean       has_treatment,
          NpcAuditBlock *block_out)
{
  NpcOutcomeType type = npc_evaluation_get_outcome (evaluation);
  const NpcNode *primary = npc_evaluation_get_primary (evaluation);
  NpcAuditBlock block = NPC_AUDIT_ASSESSABLE;
  NpcAuditVerdict klass;

  if (type == NPC_OUTCOME_VALIDATION_ERROR)
    block = NPC_AUDIT_INVALID;
  else if (type == NPC_OUTCOME_NEEDS_INPUT || primary == NULL)
    block = NPC_AUDIT_NEEDS_INPUT;
  else if (outcome == NULL && !has_treatment)
    block = NPC_AUDIT_NO_DECISION;

  if (block != NPC_AUDIT_ASSESSABLE)
    klass = NPC_AUDIT_NOT_ASSESSABLE;
  else if (outcome != NULL && g_str_equal (outcome, primary->id))
    klass = NPC_AUDIT_ON_PRIMARY;
  else if (outcome != NULL && is_alternative (evaluation, outcome))
    klass = NPC_AUDIT_ON_ALTERNATIVE;
  else
    klass = NPC_AUDIT_OFF_PATHWAY;
  if (block_out != NULL)
    *block_out = block;
  return klass;
}

NpcAuditVerdict
npc_decision_classify (const NpcDecision *decision,
                       NpcEvaluation     *evaluation,
                       NpcAuditBlock     *block_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (evaluation), NPC_AUDIT_NOT_ASSESSABLE);

  return classify (evaluation, decision != NULL ? decision->outcome : NULL,
                   !npc_decision_is_empty (decision) && decision->outcome == NULL,
                   block_out);
}

void
npc_audit_record_clear (NpcAuditRecord *record)
{
  char **texts[] = { &record->outcome, &record->treatment, &record->reason,
                     &record->patient_name, &record->patient_id, &record->patient_birth_date };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char *text = g_steal_pointer (texts[i]);

      /* what is in the record's room is not allocated */
      if (text != NULL && (text < record->room || text >= record->room + sizeof record->room))
        g_free (text);
    }
  record->room_used = 0;
  record->has_patient = FALSE;
}

/* Whether text holds more than the white space g_strstrip() takes off. */
static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

gboolean
npc_audit_add_record (NpcAudit             *self,
                      NpcEvaluation        *evaluation,
                      const NpcAuditRecord *record,
                      NpcAuditVerdict      *verdict_out,
                      NpcAuditBlock        *block_out,
                      GError              **error)
{
  const char *outcome = record != NULL ? record->outcome : NULL;
  NpcAuditVerdict klass;
  NpcAuditBlock block = NPC_AUDIT_ASSESSABLE;
  const NpcNode *primary;

  g_return_val_if_fail (NPC_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (NPC_IS_EVALUATION (evaluation), FALSE);

  /* The decision is checked first: a malformed one is an input error whatever the case. */
  if (outcome != NULL)
    {
      const NpcNode *node = npc_guideline_lookup_node (self->guideline, outcome);

      if ((node == NULL || node->kind != NPC_NODE_OUTCOME) &&
          npc_guideline_lookup_modifier (self->guideline, outcome) == NULL)
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_INTEGRITY,
                       _("meta.decision.outcome “%s” is not an outcome of the guideline "
                         "“%s”"), outcome, npc_guideline_get_id (self->guideline));
          return FALSE;
        }
    }

  primary = npc_evaluation_get_primary (evaluation);
  klass = classify (evaluation, outcome, record != NULL && has_text (record->treatment), &block);

  self->blocks[block]++;
  if (block == NPC_AUDIT_NEEDS_INPUT)
    {
      guint n;
      const NpcField *const *needed = npc_evaluation_get_needs_input (evaluation, &n);

      for (guint i = 0; i < n; i++)
        self->missing[needed[i]->index]++;
    }
  else if (block == NPC_AUDIT_INVALID)
    {
      guint n;
      const NpcValidationError *const *errors =
        npc_evaluation_get_validation_errors (evaluation, &n);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < n; i++)
        {
          const NpcField *f = errors[i]->field != NULL
                              ? npc_guideline_lookup_field (self->guideline, errors[i]->field)
                              : NULL;

          if (f != NULL && g_hash_table_add (seen, (gpointer) f))
            self->invalid[f->index]++;
        }
    }

  self->counts[klass]++;
  if (klass != NPC_AUDIT_NOT_ASSESSABLE)
    {
      OutcomeCounts *oc = &self->by_outcome[primary->index];

      oc->patients++;
      oc->counts[klass]++;
    }
  if (klass == NPC_AUDIT_OFF_PATHWAY)
    {
      g_autofree char *reason = record != NULL ? g_strdup (record->reason) : NULL;

      if (reason != NULL)
        g_strstrip (reason);
      if (reason == NULL || *reason == '\0')
        self->off_without_reason++;
      else
        {
          char *clean;
          guint *count;

          clean = record->has_patient
                  ? redact_identifiers (reason, record->patient_name, record->patient_id,
                                        record->patient_birth_date)
                  : g_strdup (reason);
          count = g_hash_table_lookup (self->reasons, clean);
          if (count != NULL)
            {
              (*count)++;
              g_free (clean);
            }
          else
            {
              count = g_new (guint, 1);
              *count = 1;
              g_hash_table_insert (self->reasons, clean, count);
            }
        }
    }

  if (verdict_out != NULL)
    *verdict_out = klass;
  if (block_out != NULL)
    *block_out = block;
  return TRUE;
}

gboolean
npc_audit_add (NpcAudit       *self,
               NpcEvaluation  *evaluation,
               JsonObject     *meta,
               NpcAuditVerdict *verdict_out,
               NpcAuditBlock  *block_out,
               GError        **error)
{
  JsonNode *dnode = meta != NULL ? json_object_get_member (meta, "decision") : NULL;
  NpcAuditRecord record = { 0 };
  gboolean ok;

  g_return_val_if_fail (NPC_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (NPC_IS_EVALUATION (evaluation), FALSE);

  if (dnode != NULL && !JSON_NODE_HOLDS_NULL (dnode))
    {
      JsonObject *decision;
      JsonNode *onode, *tnode, *pnode;

      if (!JSON_NODE_HOLDS_OBJECT (dnode))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                       _("meta.decision must be an object"));
          return FALSE;
        }
      decision = json_node_get_object (dnode);
      onode = json_object_get_member (decision, "outcome");
      if (onode != NULL && !JSON_NODE_HOLDS_NULL (onode))
        {
          if (!JSON_NODE_HOLDS_VALUE (onode) || json_node_get_value_type (onode) != G_TYPE_STRING)
            {
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("meta.decision.outcome must be an outcome id or null"));
              return FALSE;
            }
          record.outcome = g_strdup (json_node_get_string (onode));
        }
      tnode = json_object_get_member (decision, "treatment");
      if (tnode != NULL && JSON_NODE_HOLDS_VALUE (tnode) &&
          json_node_get_value_type (tnode) == G_TYPE_STRING)
        record.treatment = g_strdup (json_node_get_string (tnode));
      record.reason = member_text (decision, "reason");
      /* a non-object "patient" is left to the case format; only objects are read */
      pnode = json_object_get_member (meta, "patient");
      if (record.reason != NULL && pnode != NULL && JSON_NODE_HOLDS_OBJECT (pnode))
        {
          JsonObject *patient = json_node_get_object (pnode);

          record.has_patient = TRUE;
          record.patient_name = member_text (patient, "name");
          record.patient_id = member_text (patient, "id");
          record.patient_birth_date = member_text (patient, "birth_date");
        }
    }
  ok = npc_audit_add_record (self, evaluation, &record, verdict_out, block_out, error);
  npc_audit_record_clear (&record);
  return ok;
}

guint
npc_audit_get_count (NpcAudit      *self,
                     NpcAuditVerdict  klass)
{
  g_return_val_if_fail (NPC_IS_AUDIT (self), 0);
  g_return_val_if_fail (klass <= NPC_AUDIT_NOT_ASSESSABLE, 0);
  return self->counts[klass];
}

guint
npc_audit_get_patients (NpcAudit *self)
{
  g_return_val_if_fail (NPC_IS_AUDIT (self), 0);
  return self->counts[0] + self->counts[1] + self->counts[2] + self->counts[3];
}

guint
npc_audit_get_assessable (NpcAudit *self)
{
  g_return_val_if_fail (NPC_IS_AUDIT (self), 0);
  return self->counts[0] + self->counts[1] + self->counts[2];
}

static void
add_concordance (JsonBuilder *b,
                 guint        on,
                 guint        n)
{
  double lo, hi;

  json_builder_set_member_name (b, "concordance");
  if (n == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, (double) on / n);
  json_builder_set_member_name (b, "concordance_ci95");
  if (!npc_wilson_interval (on, n, &lo, &hi))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, lo);
      json_builder_add_double_value (b, hi);
      json_builder_end_array (b);
    }
}

typedef struct {
  const char *key;
  guint count;
} KeyCount;

static int
key_count_cmp (gconstpointer a,
               gconstpointer b)
{
  const KeyCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->key, y->key);
}

static void
add_counts_object (JsonBuilder *b,
                   GArray      *items)
{
  g_array_sort (items, key_count_cmp);
  json_builder_begin_object (b);
  for (guint i = 0; i < items->len; i++)
    {
      const KeyCount *kc = &g_array_index (items, KeyCount, i);

      json_builder_set_member_name (b, kc->key);
      json_builder_add_int_value (b, kc->count);
    }
  json_builder_end_object (b);
}

static void
add_field_counts (NpcAudit    *self,
                  JsonBuilder *b,
                  const guint *counts)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (KeyCount));
  guint n_fields;
  const NpcField *const *fields = npc_guideline_get_fields (self->guideline, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    if (counts[fields[i]->index] > 0)
      {
        KeyCount kc = { fields[i]->id, counts[fields[i]->index] };

        g_array_append_val (items, kc);
      }
  add_counts_object (b, items);
}

JsonNode *
npc_audit_to_json (NpcAudit *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (KeyCount));
  guint assessable, n_nodes;
  const NpcNode *const *nodes;
  GHashTableIter iter;
  gpointer key, value;
  static const char *const class_names[] = { "on_primary", "on_alternative", "off_pathway",
                                             "not_assessable" };

  g_return_val_if_fail (NPC_IS_AUDIT (self), NULL);

  assessable = npc_audit_get_assessable (self);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "guideline");
  json_builder_add_string_value (b, npc_guideline_get_id (self->guideline));
  json_builder_set_member_name (b, "guideline_version");
  json_builder_add_string_value (b, npc_guideline_get_version (self->guideline));
  json_builder_set_member_name (b, "patients");
  json_builder_add_int_value (b, npc_audit_get_patients (self));
  json_builder_set_member_name (b, "assessable");
  json_builder_add_int_value (b, assessable);
  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    {
      json_builder_set_member_name (b, class_names[i]);
      json_builder_add_int_value (b, self->counts[i]);
    }
  add_concordance (b, self->counts[0] + self->counts[1], assessable);

  json_builder_set_member_name (b, "not_assessable_reasons");
  json_builder_begin_object (b);
  for (guint i = NPC_AUDIT_NEEDS_INPUT; i <= NPC_AUDIT_NO_DECISION; i++)
    {
      json_builder_set_member_name (b, npc_audit_block_to_string (i));
      json_builder_add_int_value (b, self->blocks[i]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "by_outcome");
  json_builder_begin_object (b);
  nodes = npc_guideline_get_nodes (self->guideline, &n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const OutcomeCounts *oc = &self->by_outcome[nodes[i]->index];

      if (oc->patients == 0)
        continue;
      json_builder_set_member_name (b, nodes[i]->id);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "patients");
      json_builder_add_int_value (b, oc->patients);
      for (guint k = 0; k < 3; k++)
        {
          json_builder_set_member_name (b, class_names[k]);
          json_builder_add_int_value (b, oc->counts[k]);
        }
      add_concordance (b, oc->counts[0] + oc->counts[1], oc->patients);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "missing_fields");
  add_field_counts (self, b, self->missing);
  json_builder_set_member_name (b, "invalid_fields");
  add_field_counts (self, b, self->invalid);

  g_hash_table_iter_init (&iter, self->reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KeyCount kc = { key, *(const guint *) value };

      g_array_append_val (reasons, kc);
    }
  json_builder_set_member_name (b, "deviation_reasons");
  add_counts_object (b, reasons);
  json_builder_set_member_name (b, "off_pathway_without_reason");
  json_builder_add_int_value (b, self->off_without_reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------------------------ */
/* a batch line read straight                                                                  */

typedef struct {
  const char *p;
  const char *end;
} Scan;

static inline void
scan_ws (Scan *sc)
{
  sc->p = _npc_scan_ws (sc->p, sc->end);
}

static inline gboolean
scan_char (Scan *sc,
           char  c)
{
  /* most often the very next byte */
  if (G_LIKELY (sc->p < sc->end && *sc->p == c))
    {
      sc->p++;
      return TRUE;
    }
  scan_ws (sc);
  if (sc->p >= sc->end || *sc->p != c)
    return FALSE;
  sc->p++;
  return TRUE;
}

/* scan_string_escaped() past its common case: from the string's first byte. */
static G_GNUC_NO_INLINE gboolean
scan_string_rest (Scan        *sc,
                  const char **start,
                  gsize       *len,
                  gboolean    *escaped)
{
  while (sc->p < sc->end && *sc->p != '"')
    {
      guchar c = (guchar) *sc->p;

      if (c < 0x20 || c >= 0x7f)
        return FALSE;
      if (c == '\\')
        {
          if (sc->p + 1 >= sc->end || strchr ("\"\\/bfnrt", sc->p[1]) == NULL ||
              sc->p[1] == '\0')
            return FALSE;
          *escaped = TRUE;
          sc->p++;
        }
      sc->p++;
    }
  if (sc->p >= sc->end)
    return FALSE;
  *len = (gsize) (sc->p++ - *start);
  return TRUE;
}

/* A string of printable ASCII: its text as written in [*start, *start + *len), with
 * *escaped when it holds an escape. A \u escape is left to json-glib. */
static inline gboolean
scan_string_escaped (Scan        *sc,
                     const char **start,
                     gsize       *len,
                     gboolean    *escaped)
{
  const char *q;

  scan_ws (sc);
  if (sc->p >= sc->end || *sc->p != '"')
    return FALSE;
  *start = ++sc->p;
  *escaped = FALSE;
  /* The common string, plain to its closing quote, in one pass over its bytes: printable
   * ASCII but for the quote and the backslash. */
  q = _npc_scan_plain (sc->p, sc->end);
  if (G_LIKELY (q < sc->end && *q == '"'))
    {
      *len = (gsize) (q - *start);
      sc->p = q + 1;
      return TRUE;
    }
  return scan_string_rest (sc, start, len, escaped);
}

/* The same without escapes (keys and ids). */
static gboolean
scan_string (Scan        *sc,
             const char **start,
             gsize       *len)
{
  gboolean escaped;

  return scan_string_escaped (sc, start, len, &escaped) && !escaped;
}

static gboolean
scan_null (Scan *sc)
{
  scan_ws (sc);
  if (sc->end - sc->p >= 4 && memcmp (sc->p, "null", 4) == 0)
    {
      sc->p += 4;
      return TRUE;
    }
  return FALSE;
}

/* A string or null: its text, the escapes read as json-glib reads them, in *out (left NULL
 * for null). */
static G_GNUC_NO_INLINE gboolean
scan_text_slow (Scan           *sc,
                char          **out,
                NpcAuditRecord *room)
{
  const char *start;
  gsize len;
  gboolean escaped;

  if (scan_null (sc))
    return TRUE;
  if (!scan_string_escaped (sc, &start, &len, &escaped))
    return FALSE;
  if (!escaped && room != NULL && room->room_used + len + 1 <= sizeof room->room)
    {
      /* in the record's room: no allocation */
      char *text = room->room + room->room_used;

      memcpy (text, start, len);
      text[len] = '\0';
      room->room_used += (guint) len + 1;
      *out = text;
    }
  else if (!escaped)
    *out = g_strndup (start, len);
  else
    {
      char *text = g_malloc (len + 1), *q = text;

      for (const char *p = start; p < start + len; p++)
        {
          if (*p != '\\')
            {
              *q++ = *p;
              continue;
            }
          switch (*++p)
            {
            case 'b': *q++ = '\b'; break;
            case 'f': *q++ = '\f'; break;
            case 'n': *q++ = '\n'; break;
            case 'r': *q++ = '\r'; break;
            case 't': *q++ = '\t'; break;
            default: *q++ = *p; break; /* " \ / */
            }
        }
      *q = '\0';
      *out = text;
    }
  return TRUE;
}

/* The same, the common plain string that fits the record's room at once. */
static inline gboolean
scan_text_in (Scan           *sc,
              char          **out,
              NpcAuditRecord *room)
{
  const char *p = _npc_scan_ws (sc->p, sc->end);

  if (room != NULL && p < sc->end && *p == '"')
    {
      const char *q = _npc_scan_plain (p + 1, sc->end);
      gsize len = (gsize) (q - p - 1);

      if (q < sc->end && *q == '"' && room->room_used + len + 1 <= sizeof room->room)
        {
          char *text = room->room + room->room_used;

          memcpy (text, p + 1, len);
          text[len] = '\0';
          room->room_used += (guint) len + 1;
          *out = text;
          sc->p = q + 1;
          return TRUE;
        }
    }
  return scan_text_slow (sc, out, room);
}

static gboolean
scan_text (Scan  *sc,
           char **out)
{
  return scan_text_in (sc, out, NULL);
}

/* A date written YYYY-MM-DD, as _npc_is_iso_date() says, without its sscanf() where the
 * text is ten digits and dashes. */
static gboolean
is_iso_date (const char *text)
{
  guint year, month, day;

#define D(i) ((guint) ((guchar) text[i] - '0') <= 9)
  /* (a NUL fails the test it is met in, and nothing after it is read) */
  if (!(D (0) && D (1) && D (2) && D (3) && text[4] == '-' && D (5) && D (6) &&
        text[7] == '-' && D (8) && D (9)))
    return _npc_is_iso_date (text);
#undef D
  if (text[10] != '\0')
    return FALSE;
#define DIGITS(i, n) (n == 4 ? (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + \
                               (text[i + 2] - '0') * 10 + (text[i + 3] - '0') \
                             : (text[i] - '0') * 10 + (text[i + 1] - '0'))
  year = (guint) DIGITS (0, 4);
  month = (guint) DIGITS (5, 2);
  day = (guint) DIGITS (8, 2);
#undef DIGITS
  /* every month has a 28th: GDate's own check only for the days after it */
  if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 28)
    return TRUE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* A key an object may have, with its length, and as the line writes it after its opening
 * quote: the name and the closing quote, zero-padded to two words. */
typedef struct {
  const char *name;
  gsize len;
  char quoted[16];
  guint64 mask[2];   /* of the bytes of `quoted` that count, in the two words */
} ScanKey;

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define SCAN_MASK_OF(n) ((n) >= 8 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << (8 * ((n) & 7))) - 1)
#else
#define SCAN_MASK_OF(n) ((n) >= 8 ? G_MAXUINT64 : ~(G_MAXUINT64 >> (8 * ((n) & 7))))
#endif
/* (sizeof name: the name's bytes and one for its closing quote) */
#define SCAN_KEY(name) \
  { name, sizeof name - 1, name "\"", \
    { SCAN_MASK_OF (sizeof name), sizeof name <= 8 ? 0 : SCAN_MASK_OF (sizeof name - 8) } }

/* Whether the line at `p` (past a key's opening quote, with 16 bytes to read) is `key` and
 * its closing quote: two words compared under a mask of the key's length. */
static inline gboolean
key_at (const char    *p,
        const ScanKey *key)
{
  guint64 l0, l1, k0, k1;

  memcpy (&l0, p, 8);
  memcpy (&l1, p + 8, 8);
  memcpy (&k0, key->quoted, 8);
  memcpy (&k1, key->quoted + 8, 8);
  return (((l0 ^ k0) & key->mask[0]) | ((l1 ^ k1) & key->mask[1])) == 0;
}

/* The members of an object, each key once among `keys`: calls `member` at each value, with
 * the key's index. The object's '{' is next. */
typedef gboolean (*ScanMember) (Scan *sc, guint key, gpointer data);

static gboolean
scan_object (Scan              *sc,
             const ScanKey     *keys,
             guint              n_keys,
             ScanMember         member,
             gpointer           data)
{
  guint seen = 0;

  if (!scan_char (sc, '{'))
    return FALSE;
  scan_ws (sc);
  if (sc->p < sc->end && *sc->p == '}')
    {
      sc->p++;
      return TRUE;
    }
  for (guint next = 0;;)
    {
      const char *key;
      gsize len;
      guint k = n_keys;

      scan_ws (sc);
      /* The common line: a key written plain, most often the one after the last in the
       * order of `keys`, matched in place. */
      if (G_LIKELY (sc->end - sc->p >= 17 && *sc->p == '"'))
        for (guint i = 0; i < n_keys; i++)
          {
            guint c = next + i < n_keys ? next + i : next + i - n_keys;

            if (key_at (sc->p + 1, &keys[c]))
              {
                k = c;
                sc->p += keys[c].len + 2;
                break;
              }
          }
      if (k == n_keys)
        {
          /* the first byte tells the keys of an object apart but for a few */
          if (!scan_string (sc, &key, &len))
            return FALSE;
          for (k = 0; k < n_keys; k++)
            if (len == keys[k].len && key[0] == keys[k].name[0] &&
                memcmp (key, keys[k].name, len) == 0)
              break;
        }
      if (k == n_keys || (seen & (1u << k)) != 0)
        return FALSE;
      next = k + 1 < n_keys ? k + 1 : 0;
      seen |= 1u << k;
      if (!scan_char (sc, ':') || !member (sc, k, data))
        return FALSE;
      scan_ws (sc);
      if (sc->p < sc->end && *sc->p == ',')
        {
          sc->p++;
          continue;
        }
      return scan_char (sc, '}');
    }
}

/* Skips a flat object of plain values (what the engine reads as a flat line). */
static gboolean
scan_skip_flat (Scan *sc)
{
  if (!scan_char (sc, '{'))
    return FALSE;
  scan_ws (sc);
  if (sc->p < sc->end && *sc->p == '}')
    {
      sc->p++;
      return TRUE;
    }
  for (;;)
    {
      const char *text;
      gsize len;

      if (!scan_string (sc, &text, &len) || !scan_char (sc, ':'))
        return FALSE;
      scan_ws (sc);
      if (sc->p >= sc->end)
        return FALSE;
      if (*sc->p == '"')
        {
          if (!scan_string (sc, &text, &len))
            return FALSE;
        }
      else if (*sc->p == '[')
        {
          sc->p++;
          scan_ws (sc);
          if (sc->p < sc->end && *sc->p == ']')
            sc->p++;
          else
            for (;;)
              {
                if (!scan_string (sc, &text, &len))
                  return FALSE;
                if (scan_char (sc, ','))
                  continue;
                if (!scan_char (sc, ']'))
                  return FALSE;
                break;
              }
        }
      else
        {
          /* true, false, null, integers: the engine checks them */
          while (sc->p < sc->end && (g_ascii_isalnum (*sc->p) || *sc->p == '-'))
            sc->p++;
        }
      scan_ws (sc);
      if (sc->p < sc->end && *sc->p == ',')
        {
          sc->p++;
          continue;
        }
      return scan_char (sc, '}');
    }
}

typedef struct {
  NpcAudit *audit;
  NpcAuditRecord *record;
  const char *fields;   /* the fields object's text */
  gsize fields_len;
  NpcEngine *engine;
  NpcEvaluation *eval;  /* lean, its values read from the fields when `read` */
  gboolean read;
} LineScan;

static const ScanKey patient_keys[] = {
  SCAN_KEY ("name"), SCAN_KEY ("id"), SCAN_KEY ("birth_date")
};

static gboolean
scan_patient_member (Scan    *sc,
                     guint    key,
                     gpointer data)
{
  NpcAuditRecord *r = ((LineScan *) data)->record;

  switch (key)
    {
    case 0: return scan_text_in (sc, &r->patient_name, r);
    case 1: return scan_text_in (sc, &r->patient_id, r);
    default:
      /* the case reader's check: a date written YYYY-MM-DD */
      return scan_text_in (sc, &r->patient_birth_date, r) &&
             (r->patient_birth_date == NULL || is_iso_date (r->patient_birth_date));
    }
}

static const ScanKey decision_keys[] = {
  SCAN_KEY ("outcome"), SCAN_KEY ("treatment"), SCAN_KEY ("reason"), SCAN_KEY ("date"),
  SCAN_KEY ("agents")
};

static gboolean
scan_decision_member (Scan    *sc,
                      guint    key,
                      gpointer data)
{
  NpcAuditRecord *r = ((LineScan *) data)->record;

  switch (key)
    {
    case 0: return scan_text_in (sc, &r->outcome, r);
    case 1: return scan_text_in (sc, &r->treatment, r);
    case 2: return scan_text_in (sc, &r->reason, r);
    case 3:
      {
        g_autofree char *date = NULL;

        return scan_text (sc, &date) && (date == NULL || is_iso_date (date));
      }
    default:
      {
        const char *text;
        gsize len;

        if (scan_null (sc))
          return TRUE;
        if (!scan_char (sc, '['))
          return FALSE;
        scan_ws (sc);
        if (sc->p < sc->end && *sc->p == ']')
          {
            sc->p++;
            return TRUE;
          }
        for (;;)
          {
            gboolean escaped;

            if (!scan_string_escaped (sc, &text, &len, &escaped))
              return FALSE;
            if (scan_char (sc, ','))
              continue;
            return scan_char (sc, ']');
          }
      }
    }
}

static const ScanKey meta_keys[] = {
  SCAN_KEY ("label"), SCAN_KEY ("notes"), SCAN_KEY ("modified"), SCAN_KEY ("clinician"),
  SCAN_KEY ("patient"), SCAN_KEY ("decision")
};

static gboolean
scan_meta_member (Scan    *sc,
                  guint    key,
                  gpointer data)
{
  LineScan *ls = data;

  switch (key)
    {
    case 4:
      if (scan_null (sc))
        return TRUE;
      ls->record->has_patient = TRUE;
      return scan_object (sc, patient_keys, G_N_ELEMENTS (patient_keys), scan_patient_member,
                          data);
    case 5:
      return scan_null (sc) ||
             scan_object (sc, decision_keys, G_N_ELEMENTS (decision_keys), scan_decision_member,
                          data);
    default:
      {
        const char *text;
        gsize len;
        gboolean escaped;

        return scan_null (sc) || scan_string_escaped (sc, &text, &len, &escaped);
      }
    }
}

static const ScanKey case_keys[] = {
  SCAN_KEY ("format"), SCAN_KEY ("guideline"), SCAN_KEY ("meta"), SCAN_KEY ("fields")
};

static gboolean
scan_case_member (Scan    *sc,
                  guint    key,
                  gpointer data)
{
  LineScan *ls = data;
  const char *text;
  gsize len;

  switch (key)
    {
    case 0:
      return scan_string (sc, &text, &len) && len == strlen (NPC_CASE_FORMAT) &&
             memcmp (text, NPC_CASE_FORMAT, len) == 0;
    case 1:
      {
        const char *id = npc_guideline_get_id (ls->audit->guideline);

        /* another guideline's case is the case reader's to report */
        return scan_string (sc, &text, &len) && len == strlen (id) && memcmp (text, id, len) == 0;
      }
    case 2:
      return scan_null (sc) ||
             scan_object (sc, meta_keys, G_N_ELEMENTS (meta_keys), scan_meta_member, data);
    default:
      scan_ws (sc);
      ls->fields = sc->p;
      /* Read straight into the values as it is scanned; a member out of the ordinary is the
       * case's to report, after the rest of the line is known to be plain. */
      ls->read = ls->eval != NULL &&
                 _npc_engine_lean_read (ls->engine, ls->eval, sc->p, (gsize) (sc->end - sc->p),
                                        &ls->fields_len);
      if (ls->read)
        sc->p += ls->fields_len;
      else if (!scan_skip_flat (sc))
        return FALSE;
      ls->fields_len = (gsize) (sc->p - ls->fields);
      return TRUE;
    }
}

NpcEvaluation *
npc_audit_evaluate_line (NpcAudit       *self,
                         NpcEngine      *engine,
                         const char     *data,
                         gsize           length,
                         NpcAuditRecord *record)
{
  Scan sc = { data, data + length };
  LineScan ls = { self, record, NULL, 0, engine, NULL, FALSE };
  NpcEvaluation *eval = NULL;

  g_return_val_if_fail (NPC_IS_AUDIT (self), NULL);
  g_return_val_if_fail (NPC_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (data != NULL && record != NULL, NULL);

  memset (record, 0, sizeof *record);
  if (length <= NPC_CASE_MAX_BYTES)
    {
      NpcEvaluation *spare = take_spare (self, engine);

      ls.eval = _npc_engine_lean_begin (engine, &spare);
    }
  if (length <= NPC_CASE_MAX_BYTES &&
      scan_object (&sc, case_keys, G_N_ELEMENTS (case_keys), scan_case_member, &ls) &&
      (scan_ws (&sc), sc.p == sc.end) && ls.fields != NULL)
    {
      if (ls.read)
        {
          _npc_engine_lean_finish (engine, ls.eval);
          eval = g_steal_pointer (&ls.eval);
        }
      else
        {
          /* A value of the wrong type, an unknown field: the case says what is wrong. */
          g_autoptr(NpcCase) kase = _npc_case_new_from_flat (ls.fields, ls.fields_len);

          if (kase != NULL)
            eval = npc_engine_evaluate (engine, kase);
        }
    }
  npc_audit_give_back (self, engine, ls.eval);
  if (eval == NULL)
    npc_audit_record_clear (record);
  return eval;
}
