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
#include "npc-error.h"

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
  GHashTable *reasons;   /* reason text → count (GUINT_TO_POINTER) */
  guint off_without_reason;
};

G_DEFINE_FINAL_TYPE (NpcAudit, npc_audit, G_TYPE_OBJECT)

static void
npc_audit_finalize (GObject *object)
{
  NpcAudit *self = NPC_AUDIT (object);

  g_clear_object (&self->guideline);
  g_clear_pointer (&self->by_outcome, g_free);
  g_clear_pointer (&self->missing, g_free);
  g_clear_pointer (&self->invalid, g_free);
  g_clear_pointer (&self->reasons, g_hash_table_unref);
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
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  return self;
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

/* Whether `needle` may occur in `text`, ignoring case. For ASCII text and needle it says so
 * exactly; otherwise (where caseless matching is Unicode's) it says it may. */
static gboolean
may_contain (const char *text,
             const char *needle)
{
  gsize n = strlen (needle);

  if (!is_ascii (text) || !is_ascii (needle))
    return TRUE;
  for (const char *p = text; *p; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
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

char *
npc_audit_redact (const char *text,
                  JsonObject *patient)
{
  GString *out = g_string_new (text);
  g_autofree char *name = member_text (patient, "name");
  g_autofree char *id = member_text (patient, "id");
  g_autofree char *birth = member_text (patient, "birth_date");

  if (patient == NULL)
    return g_string_free (out, FALSE);
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

gboolean
npc_audit_add (NpcAudit       *self,
               NpcEvaluation  *evaluation,
               JsonObject     *meta,
               NpcAuditVerdict *verdict_out,
               NpcAuditBlock  *block_out,
               GError        **error)
{
  JsonNode *dnode = meta != NULL ? json_object_get_member (meta, "decision") : NULL;
  JsonObject *decision = NULL;
  JsonNode *onode = NULL;
  const char *outcome = NULL;
  gboolean has_treatment = FALSE;
  NpcAuditVerdict klass;
  NpcAuditBlock block = NPC_AUDIT_ASSESSABLE;
  const NpcNode *primary;

  g_return_val_if_fail (NPC_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (NPC_IS_EVALUATION (evaluation), FALSE);

  /* The decision is checked first: a malformed one is an input error whatever the case. */
  if (dnode != NULL && !JSON_NODE_HOLDS_NULL (dnode))
    {
      JsonNode *tnode;

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
          outcome = json_node_get_string (onode);
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
        }
      tnode = json_object_get_member (decision, "treatment");
      if (tnode != NULL && JSON_NODE_HOLDS_VALUE (tnode) &&
          json_node_get_value_type (tnode) == G_TYPE_STRING)
        {
          g_autofree char *treatment = g_strdup (json_node_get_string (tnode));

          has_treatment = *g_strstrip (treatment) != '\0';
        }
    }

  primary = npc_evaluation_get_primary (evaluation);
  klass = classify (evaluation, outcome, has_treatment, &block);

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
      g_autofree char *reason = member_text (decision, "reason");

      if (reason != NULL)
        g_strstrip (reason);
      if (reason == NULL || *reason == '\0')
        self->off_without_reason++;
      else
        {
          JsonNode *pnode = json_object_get_member (meta, "patient");
          /* a non-object "patient" is left to the case format; only objects are read */
          JsonObject *patient = pnode != NULL && JSON_NODE_HOLDS_OBJECT (pnode)
                                ? json_node_get_object (pnode) : NULL;
          char *clean;
          gpointer old;

          clean = npc_audit_redact (reason, patient);
          old = g_hash_table_lookup (self->reasons, clean);
          g_hash_table_replace (self->reasons, clean, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
        }
    }

  if (verdict_out != NULL)
    *verdict_out = klass;
  if (block_out != NULL)
    *block_out = block;
  return TRUE;
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
      KeyCount kc = { key, GPOINTER_TO_UINT (value) };

      g_array_append_val (reasons, kc);
    }
  json_builder_set_member_name (b, "deviation_reasons");
  add_counts_object (b, reasons);
  json_builder_set_member_name (b, "off_pathway_without_reason");
  json_builder_add_int_value (b, self->off_without_reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
