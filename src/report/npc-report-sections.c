/* npc-report-sections.c — the words of a case report, section by section
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every word comes from the guideline, the case or the evaluation: the report formats, it
 * does not decide. A value that is missing is said to be missing, never left blank.
 */

#define G_LOG_DOMAIN "npc-report"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "npc-audit.h"
#include "npc-condition.h"
#include "npc-report-private.h"

static Cell *
cell_new (NpcReport  *self,
          TextStyle   style,
          const char *markup,
          double      x,
          double      width,
          double      inset)
{
  return _npc_report_cell_new (self, style, markup, x, width, inset);
}

/* ------------------------------------------------------------------------------------------ */
/* building the flow                                                                           */

typedef struct {
  NpcReport *self;
  GPtrArray *blocks;
  double width;          /* the body's width */
  Block *box_open;       /* the last block of an open box */
} Builder;

static Block *
block_add (Builder  *bld,
           BlockKind kind)
{
  Block *b = _npc_report_block_new (kind, bld->width);

  g_ptr_array_add (bld->blocks, b);
  return b;
}

/* A paragraph of pango markup. */
static Block *
para (Builder    *bld,
      TextStyle   style,
      double      indent,
      const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->indent = indent;
  b->width = bld->width - indent;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, 0, b->width, 0));
  b->space_after = 3;
  return b;
}

static Block *
para_text (Builder    *bld,
           TextStyle   style,
           const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);

  return para (bld, style, 0, markup);
}

/* A paragraph with a hanging mark ("•", "1."). */
static Block *
item (Builder    *bld,
      TextStyle   style,
      double      indent,
      const char *mark,
      const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  g_autofree char *m = g_markup_escape_text (mark, -1);
  /* numbers ("112.") get a column of their own width, so that a list of them aligns */
  double mark_w = g_ascii_isdigit (mark[0]) ? 24 : BULLET_INDENT;

  b->indent = indent;
  b->width = bld->width - indent;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, m, 0, mark_w, 0));
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, mark_w, b->width - mark_w, 0));
  b->space_after = 2;
  return b;
}

static Block *
heading (Builder    *bld,
         TextStyle   style,
         const char *text)
{
  Block *b = para_text (bld, style, text);

  b->keep_with_next = TRUE;
  switch (style)
    {
    case STYLE_H1:
      b->space_before = 16;
      b->space_after = 6;
      b->outline_level = 1;
      break;
    case STYLE_H2:
      b->space_before = 10;
      b->space_after = 4;
      b->outline_level = 2;
      break;
    default:
      b->space_before = 7;
      b->space_after = 2;
      break;
    }
  if (b->outline_level > 0)
    b->outline_title = g_strdup (text);
  return b;
}

/* Opens a box that the following blocks join until box_end(). */
static void
box_begin (Builder    *bld,
           const Rgb  *fill,
           const Rgb  *border,
           double      border_width)
{
  Block *b;

  /* An empty block that carries the box's top edge and padding. */
  b = block_add (bld, BLOCK_TEXT);
  b->frame = FRAME_BOX;
  b->fill = fill;
  b->border = border;
  b->border_width = border_width;
  b->box_top = TRUE;
  b->pad_top = BOX_PAD - 2;
  b->keep_with_next = TRUE;
  b->space_before = 6;
  bld->box_open = b;
}

static void
box_join (Builder *bld,
          Block   *b)
{
  Block *open = bld->box_open;

  b->frame = FRAME_BOX;
  b->fill = open->fill;
  b->border = open->border;
  b->border_width = open->border_width;
  b->pad_x = BOX_PAD;
  b->space_before = 0;
  b->space_after = 0;
  b->pad_bottom = 3;
  /* a box moves whole to the next page, unless it is taller than a page */
  b->keep_with_next = TRUE;
}

static void
box_end (Builder *bld)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  Block *open = bld->box_open;

  b->frame = FRAME_BOX;
  b->fill = open->fill;
  b->border = open->border;
  b->border_width = open->border_width;
  b->box_bottom = TRUE;
  b->pad_bottom = BOX_PAD - 3;
  b->space_after = 8;
  bld->box_open = NULL;
}

/* A paragraph inside the open box: laid out for the box's inner width. */
static Block *
box_para (Builder    *bld,
          TextStyle   style,
          const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->width = bld->width;
  b->pad_x = BOX_PAD;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, 0, b->width - 2 * BOX_PAD, 0));
  box_join (bld, b);
  return b;
}

static Block *
box_item (Builder    *bld,
          TextStyle   style,
          const char *mark,
          const char *markup)
{
  Block *b = block_add (bld, BLOCK_TEXT);
  g_autofree char *m = g_markup_escape_text (mark, -1);
  double inner = bld->width - 2 * BOX_PAD;

  b->width = bld->width;
  b->pad_x = BOX_PAD;
  g_ptr_array_add (b->cells, cell_new (bld->self, style, m, 0, BULLET_INDENT, 0));
  g_ptr_array_add (b->cells, cell_new (bld->self, style, markup, BULLET_INDENT,
                                       inner - BULLET_INDENT, 0));
  box_join (bld, b);
  return b;
}

typedef struct {
  guint n_cols;
  double x[16], w[16];
  Block *header;
} Table;

/* Column widths as fractions of the body width (they are scaled to sum to 1). */
static void
table_init (Builder      *bld,
            Table        *t,
            const double *fractions,
            guint         n_cols)
{
  double sum = 0, x = 0;

  g_assert (n_cols > 0 && n_cols <= G_N_ELEMENTS (t->x));
  t->n_cols = n_cols;
  t->header = NULL;
  for (guint i = 0; i < n_cols; i++)
    sum += fractions[i];
  for (guint i = 0; i < n_cols; i++)
    {
      t->x[i] = x;
      t->w[i] = bld->width * fractions[i] / sum;
      x += t->w[i];
    }
}

/* A row of markup cells; n_cells may be fewer than the columns: the last cell spans the rest. */
static Block *
table_row (Builder           *bld,
           Table             *t,
           gboolean           header,
           const char *const *markups,
           guint              n_cells)
{
  Block *b = block_add (bld, BLOCK_TEXT);

  b->frame = FRAME_ROW;
  b->border = &rule_ink;
  b->border_width = 0.5;
  b->pad_top = CELL_PAD_Y;
  b->pad_bottom = CELL_PAD_Y + 0.5;
  b->is_header_row = header;
  /* a row moves whole to the next page, unless it is taller than a page */
  b->keep_together = TRUE;
  if (header)
    {
      b->fill = &head_fill;
      b->keep_with_next = TRUE;
      t->header = b;
    }
  else
    b->repeat_header = t->header;

  for (guint i = 0; i < n_cells && i < t->n_cols; i++)
    {
      double w = i + 1 == n_cells ? bld->width - t->x[i] : t->w[i];

      g_ptr_array_add (b->cells, cell_new (bld->self, header ? STYLE_CELL_HEAD : STYLE_CELL,
                                           markups[i], t->x[i], w, CELL_PAD_X));
    }
  return b;
}

/* A two-column row: a bold key and a value. */
static Block *
table_kv (Builder    *bld,
          Table      *t,
          const char *key,
          const char *value_markup)
{
  g_autofree char *k = g_markup_printf_escaped ("<b>%s</b>", key);
  const char *cells[2] = { k, value_markup };

  return table_row (bld, t, FALSE, cells, 2);
}

static Block *
table_kv_text (Builder    *bld,
               Table      *t,
               const char *key,
               const char *value)
{
  g_autofree char *v = g_markup_escape_text (value, -1);

  return table_kv (bld, t, key, v);
}

static void
page_break (Builder *bld)
{
  block_add (bld, BLOCK_PAGE_BREAK);
}

/* ------------------------------------------------------------------------------------------ */
/* words                                                                                       */

static const char *
or_not_given (const char *text)
{
  return text != NULL && *text ? text : _("not given");
}

static const char *
or_not_recorded (const char *text)
{
  return text != NULL && *text ? text : _("not recorded");
}

/* The full stop a sentence ending in text needs, if any. */
static const char *
full_stop (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len > 0 && strchr (".?!", text[len - 1]) != NULL)
    return "";
  return ".";
}

static const char *
node_kind_text (const NpcNode *node)
{
  switch (node->kind)
    {
    case NPC_NODE_DECISION: return _("decision");
    case NPC_NODE_REDIRECT: return _("continue at another branch");
    case NPC_NODE_OUTCOME:
    default: return _("outcome");
    }
}

/* "Suggested · grade 2C", "Offered · graded 2B by the review for …": what holds for this
 * patient, never with a blank. */
static char *
strength_text (NpcReport     *self,
               const NpcNode *node)
{
  NpcRating r;
  g_autofree char *text = NULL;

  npc_evaluation_get_rating (self->evaluation, node, &r);
  text = npc_rating_dup_text (&r);
  if (text == NULL)
    return g_strdup (_("No strength or grade stated"));
  return g_steal_pointer (&text);
}

static char *
refs_text (const guint *refs,
           guint        n_refs)
{
  GString *s = g_string_new (NULL);

  if (n_refs == 0)
    return g_string_free (s, FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < n_refs; i++)
    g_string_append_printf (s, "%s%u", i ? ", " : "", refs[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static char *
people_text (const NpcMetadata *meta,
             const char        *role)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < meta->n_people; i++)
    if (g_strcmp0 (meta->people[i].role, role) == 0)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", meta->people[i].name);
  return g_string_free (s, s->len == 0);
}

static char *
date_text (GDateTime *date)
{
  g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M");
  g_autofree char *zone = g_date_time_format (date, "%:z");

  return g_strdup_printf (_("%s (UTC%s)"), when, zone);
}

/* A case value as the file holds it, for entries the guideline could not use. */
static char *
raw_value_text (const NpcField *field,
                JsonNode       *node)
{
  if (node == NULL)
    return g_strdup (_("nothing"));
  if (field != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      (field->type == NPC_FIELD_ENUM || field->type == NPC_FIELD_SET))
    {
      int index = npc_field_find_value (field, json_node_get_string (node));

      if (index >= 0)
        return g_strdup (field->values[index].label);
    }
  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* the sections                                                                                */

static const char *
case_label (NpcReport *self)
{
  const char *label = npc_case_get_label (self->kase);

  return label != NULL && *label ? label : _("Unnamed case");
}

static void
build_needs_input (NpcReport *self,
                   Builder   *bld)
{
  guint n = 0;
  const NpcField *const *fields = npc_evaluation_get_needs_input (self->evaluation, &n);
  const NpcNode *stopped = npc_evaluation_get_stopped_at (self->evaluation);
  g_autofree char *summary = npc_evaluation_dup_summary (self->evaluation);
  g_autofree char *m = NULL;

  box_begin (bld, &needs_fill, &needs_ink, 2.0);
  m = g_markup_printf_escaped ("%s", summary);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b>",
                               _("No recommendation is shown until these are known:"));
  box_para (bld, STYLE_BODY, m)->pad_top = 4;
  for (guint i = 0; i < n; i++)
    {
      g_clear_pointer (&m, g_free);
      if (fields[i]->help != NULL)
        m = g_markup_printf_escaped ("<b>%s</b> (%s)\n<span size=\"smaller\">%s</span>",
                                     fields[i]->label, fields[i]->section->label,
                                     fields[i]->help);
      else
        m = g_markup_printf_escaped ("<b>%s</b> (%s)", fields[i]->label,
                                     fields[i]->section->label);
      box_item (bld, STYLE_BODY, "•", m);
    }
  if (stopped != NULL)
    {
      g_clear_pointer (&m, g_free);
      m = g_markup_printf_escaped (_("The pathway stops at %s · %s%s"), stopped->id,
                                   stopped->label, full_stop (stopped->label));
      box_para (bld, STYLE_BODY, m)->pad_top = 4;
    }
  /* what each answer can lead to, as the outcome banner says it */
  {
    g_autofree char *possible = npc_evaluation_dup_possible_summary (self->evaluation, 3);

    if (possible != NULL)
      {
        g_autofree char *line = NULL;

        g_clear_pointer (&m, g_free);
        /* TRANSLATORS: followed by the outcomes each answer can lead to */
        line = g_strdup_printf (_("Possible: %s"), possible);
        m = g_markup_escape_text (line, -1);
        box_para (bld, STYLE_BODY, m)->pad_top = 4;
      }
  }
  box_end (bld);
}

static void
build_validation_errors (NpcReport *self,
                         Builder   *bld)
{
  guint n = 0;
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (self->evaluation, &n);
  g_autofree char *summary = npc_evaluation_dup_summary (self->evaluation);
  g_autofree char *m = NULL;
  const double cols[] = { 0.12, 0.30, 0.58 };
  Table t;

  box_begin (bld, &error_fill, &error_ink, 2.0);
  m = g_markup_printf_escaped ("%s", summary);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b>",
                               _("The case is not valid: no recommendation is shown until "
                                 "every error below is corrected."));
  box_para (bld, STYLE_BODY, m)->pad_top = 4;
  box_end (bld);

  table_init (bld, &t, cols, 3);
  {
    const char *head[] = { _("Rule"), _("Field"), _("Message") };

    table_row (bld, &t, TRUE, head, 3);
  }
  for (guint i = 0; i < n; i++)
    {
      const NpcField *field = npc_guideline_lookup_field (self->guideline, errors[i]->field);
      g_autofree char *rule = g_markup_escape_text (errors[i]->rule, -1);
      g_autofree char *f = field != NULL
                           ? g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                                      field->label, errors[i]->field)
                           : g_markup_escape_text (errors[i]->field, -1);
      g_autofree char *msg = g_markup_escape_text (errors[i]->message, -1);
      const char *row[] = { rule, f, msg };

      table_row (bld, &t, FALSE, row, 3);
    }
}

static void
build_outcome (NpcReport *self,
               Builder   *bld)
{
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
  NpcOutcomeType outcome = npc_evaluation_get_outcome (self->evaluation);
  g_autofree char *summary = NULL;
  g_autofree char *m = NULL;
  g_autofree char *strength = NULL;

  heading (bld, STYLE_H1, _("1 Outcome"));

  if (outcome == NPC_OUTCOME_NEEDS_INPUT)
    {
      build_needs_input (self, bld);
      return;
    }
  if (outcome == NPC_OUTCOME_VALIDATION_ERROR || primary == NULL)
    {
      build_validation_errors (self, bld);
      return;
    }

  summary = npc_evaluation_dup_summary (self->evaluation);
  strength = strength_text (self, primary);
  box_begin (bld, &outcome_fill, &accent_ink, 1.5);
  m = g_markup_escape_text (summary, -1);
  box_para (bld, STYLE_SUMMARY, m);
  g_clear_pointer (&m, g_free);
  m = g_markup_printf_escaped ("<b>%s</b> · %s · %s %s", npc_outcome_type_to_label (outcome), strength,
                               primary->id, primary->label);
  box_para (bld, STYLE_BODY, m)->pad_top = 3;
  if (primary->statement != NULL)
    {
      g_clear_pointer (&m, g_free);
      m = g_markup_escape_text (primary->statement, -1);
      box_para (bld, STYLE_BODY, m)->pad_top = 4;
    }
  box_end (bld);
}

/* The source review and its people, as the last section lists them. */
static void
build_source (NpcReport *self,
              Builder   *bld)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);
  g_autofree char *date = date_text (self->date);
  g_autofree char *authors = people_text (meta, "author");
  g_autofree char *editors = people_text (meta, "section-editor");
  g_autofree char *deputy = people_text (meta, "deputy-editor");
  g_autofree char *m = NULL;
  Table t;
  const double cols[] = { 0.3, 0.7 };

  heading (bld, STYLE_H2, _("The source review and this report"));
  table_init (bld, &t, cols, 2);
  table_kv_text (bld, &t, _("Source review"), meta->source_title);
  table_kv_text (bld, &t, _("Authors"), or_not_given (authors));
  if (editors != NULL)
    table_kv_text (bld, &t, _("Section editors"), editors);
  if (deputy != NULL)
    table_kv_text (bld, &t, _("Deputy editor"), deputy);
  table_kv_text (bld, &t, _("Literature review current through"),
                 or_not_given (meta->literature_review_through));
  table_kv_text (bld, &t, _("Last updated"), or_not_given (meta->last_updated));
  if (meta->topic_version != NULL)
    table_kv_text (bld, &t, _("Topic version"), meta->topic_version);
  m = g_strdup_printf (_("%s, version %s"), npc_guideline_get_id (self->guideline),
                       npc_guideline_get_version (self->guideline));
  table_kv_text (bld, &t, _("Guideline"), m);
  table_kv_text (bld, &t, _("Report written"), date);
}

/* Who the patient is, as the case file records it; every identifier that is missing is said
 * to be missing. */
static void
build_patient (NpcReport *self,
               Builder   *bld)
{
  const NpcPatient *patient = npc_case_get_patient (self->kase);
  const char *clinician = npc_case_get_clinician (self->kase);
  const double cols[] = { 0.25, 0.75 };
  Table t;

  table_init (bld, &t, cols, 2);
  if (patient == NULL || npc_patient_is_empty (patient))
    table_kv_text (bld, &t, _("Patient"), _("no identifiers recorded in the case file"));
  else
    {
      table_kv_text (bld, &t, _("Patient"), or_not_recorded (patient->name));
      table_kv_text (bld, &t, _("Patient ID"), or_not_recorded (patient->id));
      table_kv_text (bld, &t, _("Date of birth"), or_not_recorded (patient->birth_date));
    }
  table_kv_text (bld, &t, _("Clinician"), or_not_recorded (clinician));
}

/* What the outcome rests on that nobody entered, in the outcome banner's words. */
static void
build_assumptions (NpcReport *self,
                   Builder   *bld)
{
  guint n = 0;
  const NpcAssumption *assumptions = NULL;

  if (npc_evaluation_get_outcome (self->evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
    return;
  assumptions = npc_evaluation_get_assumptions (self->evaluation, &n);
  heading (bld, STYLE_H3, _("Assumptions"));
  if (n == 0)
    para_text (bld, STYLE_BODY, _("None: every value the pathway read was entered."));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = npc_value_to_text (assumptions[i].field, &assumptions[i].value);
      g_autofree char *line = NULL;
      g_autofree char *m = NULL;

      /* TRANSLATORS: a value the outcome rests on that was not entered: the field's label and
         * the value taken, as in "Assumes “Declines surgery” is no (not entered)" */
      line = g_strdup_printf (assumptions[i].source == NPC_SOURCE_DERIVED
                                ? _("Assumes “%s” is %s (set by the pathway)")
                                : _("Assumes “%s” is %s (not entered)"),
                              assumptions[i].field->label, value);
      m = g_markup_escape_text (line, -1);
      item (bld, STYLE_BODY, 0, "•", m);
    }
}

/* An outcome id as the guideline names it: "M-1L-GP · Gemcitabine + cisplatin". */
static char *
outcome_name (NpcReport  *self,
              const char *id)
{
  const NpcNode *node = npc_guideline_lookup_node (self->guideline, id);
  const NpcModifier *modifier = node == NULL ? npc_guideline_lookup_modifier (self->guideline, id)
                                             : NULL;

  if (node != NULL)
    return g_strdup_printf ("%s · %s", node->id, node->label);
  if (modifier != NULL)
    return g_strdup_printf ("%s · %s", id, modifier->label);
  return g_strdup (id);
}

static char *
agents_text (NpcReport         *self,
             const char *const *ids)
{
  guint n_agents = 0;
  const NpcEvalAgent *agents = npc_evaluation_get_agents (self->evaluation, &n_agents);
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *label = ids[i];

      for (guint k = 0; k < n_agents; k++)
        if (g_strcmp0 (agents[k].agent->id, ids[i]) == 0)
          label = agents[k].agent->label;
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", label);
    }
  return g_string_free (s, s->len == 0);
}

/* The board's decision and how it stands against the pathway, as the audit classifies it. */
static void
build_decision (NpcReport *self,
                Builder   *bld)
{
  const NpcDecision *decision = npc_case_get_decision (self->kase);
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
  NpcAuditBlock block = NPC_AUDIT_ASSESSABLE;
  NpcAuditVerdict verdict = npc_decision_classify (decision, self->evaluation, &block);
  const double cols[] = { 0.25, 0.75 };
  g_autofree char *concordance = NULL;
  g_autofree char *m = NULL;
  g_autoptr(GError) error = NULL;
  Table t;
  Block *b;

  heading (bld, STYLE_H1, _("2 Tumour board decision"));
  if (decision == NULL || npc_decision_is_empty (decision))
    {
      b = para_text (bld, STYLE_BODY, _("No decision recorded in the case file."));
      b->keep_with_next = TRUE;
    }
  else
    {
      g_autofree char *outcome = decision->outcome != NULL
                                 ? outcome_name (self, decision->outcome) : NULL;
      g_autofree char *agents = agents_text (self, (const char *const *) decision->agents);
      /* an empty list records that no drug was given: it is not a missing one */
      gboolean no_agents = decision->agents != NULL && decision->agents[0] == NULL;

      table_init (bld, &t, cols, 2);
      table_kv_text (bld, &t, _("Decision"),
                     outcome != NULL ? outcome : _("no outcome of the pathway named"));
      table_kv_text (bld, &t, _("Treatment"), or_not_recorded (decision->treatment));
      table_kv_text (bld, &t, _("Agents"), no_agents ? _("none") : or_not_recorded (agents));
      table_kv_text (bld, &t, _("Date of the decision"), or_not_recorded (decision->date));
      table_kv_text (bld, &t, _("Reason"), or_not_recorded (decision->reason));
    }

  if (decision != NULL && !npc_decision_check (decision, self->guideline, &error))
    concordance = g_strdup_printf (_("Concordance cannot be assessed: %s"), error->message);
  else if (verdict == NPC_AUDIT_ON_PRIMARY)
    concordance = g_strdup_printf (_("On the pathway: the decision is the pathway’s outcome, "
                                     "%s · %s."), primary->id, primary->label);
  else if (verdict == NPC_AUDIT_ON_ALTERNATIVE)
    {
      g_autofree char *name = outcome_name (self, decision->outcome);

      concordance = g_strdup_printf (_("On the pathway: the decision is an alternative shown "
                                       "with the pathway’s outcome, %s."), name);
    }
  else if (verdict == NPC_AUDIT_OFF_PATHWAY)
    {
      if (decision->reason != NULL && *decision->reason)
        concordance = g_strdup_printf (_("Off the pathway. The reason recorded: %s"),
                                       decision->reason);
      else
        concordance = g_strdup (_("Off the pathway. No reason is recorded: a decision off "
                                  "the pathway should say why."));
    }
  else if (block == NPC_AUDIT_NEEDS_INPUT)
    concordance = g_strdup (_("Concordance cannot be assessed: the pathway needs input "
                              "before it reaches an outcome."));
  else if (block == NPC_AUDIT_INVALID)
    concordance = g_strdup (_("Concordance cannot be assessed: the case is not valid."));
  else
    concordance = g_strdup (_("Concordance: no decision recorded."));

  m = g_markup_printf_escaped ("<b>%s</b>", concordance);
  b = para (bld, STYLE_BODY, 0, m);
  b->space_before = 5;
}

/* Lines to sign on, with the clinician's name when the case file gives it. */
static void
build_signature (NpcReport *self,
                 Builder   *bld)
{
  const char *clinician = npc_case_get_clinician (self->kase);
  const double cols[] = { 0.25, 0.75 };
  const char *keys[] = { N_("Clinician"), N_("Signature"), N_("Date") };
  Table t;
  Block *b;

  b = para_text (bld, STYLE_H3, _("Reviewed and signed"));
  b->space_before = 10;
  b->keep_with_next = TRUE;
  table_init (bld, &t, cols, 2);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = g_markup_escape_text (i == 0 && clinician != NULL ? clinician
                                                                                 : "", -1);
      b = table_kv (bld, &t, _(keys[i]), value);
      /* room to write by hand */
      b->pad_top = 9;
      b->pad_bottom = 9;
      b->keep_with_next = i + 1 < G_N_ELEMENTS (keys);
    }
}

/* Page 1: what a clinician reads and signs. */
static void
build_summary (NpcReport *self,
               Builder   *bld)
{
  Block *b;

  b = para_text (bld, STYLE_PRODUCT, _("NPC Pathway · Case report"));
  b->space_after = 2;
  b = para_text (bld, STYLE_TITLE, case_label (self));
  /* a label of more than three lines is set smaller, so that the page keeps room to sign */
  if (((Cell *) b->cells->pdata[0])->n_lines > 3)
    {
      g_autofree char *m = g_markup_escape_text (case_label (self), -1);

      g_ptr_array_set_size (b->cells, 0);
      g_ptr_array_add (b->cells, cell_new (bld->self, STYLE_SUMMARY, m, 0, b->width, 0));
    }
  b->space_after = 8;
  b->outline_level = 1;
  b->outline_title = g_strdup (case_label (self));

  build_patient (self, bld);
  build_outcome (self, bld);
  build_assumptions (self, bld);
  build_decision (self, bld);
  build_signature (self, bld);

  /* the source review and its dates are in the header, the disclaimer in the footer, of
   * this page as of every page */
}

static void
build_alternatives (NpcReport *self,
                    Builder   *bld)
{
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
  guint n_alts = 0, n_agents = 0, n_flags = 0;
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n_alts);
  const NpcEvalAgent *agents = npc_evaluation_get_agents (self->evaluation, &n_agents);
  const NpcAmbiguity *const *flags = npc_evaluation_get_flags (self->evaluation, &n_flags);
  guint n_kept = 0, n_excluded = 0;

  heading (bld, STYLE_H1, _("3 Alternatives, options and agents"));

  if (primary == NULL)
    para_text (bld, STYLE_BODY, _("None: no outcome has been reached, so no alternatives, "
                                  "options or agents are shown."));
  else
    {
      heading (bld, STYLE_H3, _("Alternatives"));
      if (n_alts == 0)
        para_text (bld, STYLE_BODY, _("None given for this outcome."));
      for (guint i = 0; i < n_alts; i++)
        {
          g_autofree char *m = NULL;

          if (alts[i].node != NULL)
            {
              const NpcNode *alt = alts[i].node;
              g_autofree char *strength = strength_text (self, alt);

              m = g_markup_printf_escaped ("<b>%s · %s</b> — %s. %s%s%s", alt->id, alt->label,
                                           npc_outcome_type_to_label (alt->type), strength,
                                           alt->statement ? "\n" : "",
                                           alt->statement ? alt->statement : "");
            }
          else
            m = g_markup_printf_escaped ("<b>%s</b> — %s", alts[i].modifier->label,
                                         alts[i].modifier->statement);
          item (bld, STYLE_BODY, 0, "•", m);
        }

      heading (bld, STYLE_H3, primary->options_label ? primary->options_label : _("Options"));
      {
        const char *caveat = NULL;
        guint n_opts = 0, n_out = 0;
        const NpcEvalOption *opts = npc_evaluation_get_options (self->evaluation, primary,
                                                                &n_opts, &caveat);

        if (primary->n_options == 0)
          para_text (bld, STYLE_BODY, _("None listed for this outcome."));
        for (guint i = 0; i < n_opts; i++)
          {
            g_autofree char *refs = NULL;
            g_autofree char *m = NULL;

            if (opts[i].excluded)
              {
                n_out++;
                continue;
              }
            refs = refs_text (opts[i].option->refs, opts[i].option->n_refs);
            m = g_markup_printf_escaped ("%s%s%s%s%s", opts[i].option->text,
                                         opts[i].note ? " — " : "",
                                         opts[i].note ? opts[i].note : "",
                                         *refs ? " " : "", refs);
            item (bld, STYLE_BODY, 0, "•", m);
          }
        if (caveat != NULL)
          para_text (bld, STYLE_BODY, caveat);
        if (n_out > 0)
          {
            heading (bld, STYLE_H3, _("Options not listed, for this case"));
            for (guint i = 0; i < n_opts; i++)
              {
                g_autofree char *m = NULL;

                if (!opts[i].excluded)
                  continue;
                m = g_markup_printf_escaped ("<b>%s</b> — %s", opts[i].option->text,
                                             opts[i].reason);
                item (bld, STYLE_BODY, 0, "✗", m);
              }
          }
      }

      for (guint i = 0; i < n_agents; i++)
        if (agents[i].excluded)
          n_excluded++;
        else
          n_kept++;

      heading (bld, STYLE_H3, _("Agents"));
      if (n_agents == 0)
        para_text (bld, STYLE_BODY, _("None listed for this outcome."));
      else if (n_kept == 0)
        para_text (bld, STYLE_BODY, _("No listed agent remains for this case; see the "
                                      "excluded agents below."));
      for (guint i = 0; i < n_agents; i++)
        {
          g_autoptr(GString) m = g_string_new (NULL);
          g_autofree char *label = NULL;

          if (agents[i].excluded)
            continue;
          label = g_markup_printf_escaped ("<b>%s</b>", agents[i].agent->label);
          g_string_append (m, label);
          if (agents[i].agent->qualifier != NULL)
            {
              g_autofree char *q = g_markup_printf_escaped (" (%s)", agents[i].agent->qualifier);
              g_string_append (m, q);
            }
          for (guint c = 0; agents[i].caveats != NULL && agents[i].caveats[c] != NULL; c++)
            {
              g_autofree char *cv = g_markup_printf_escaped ("%s%s", c ? "; " : " — ",
                                                             agents[i].caveats[c]);
              g_string_append (m, cv);
            }
          item (bld, STYLE_BODY, 0, "•", m->str);
        }

      if (n_excluded > 0)
        {
          heading (bld, STYLE_H3, _("Excluded agents, for this case"));
          for (guint i = 0; i < n_agents; i++)
            {
              g_autofree char *m = NULL;

              if (!agents[i].excluded)
                continue;
              m = g_markup_printf_escaped ("<b>%s</b> — %s", agents[i].agent->label,
                                           agents[i].reason ? agents[i].reason
                                                            : _("no reason recorded"));
              item (bld, STYLE_BODY, 0, "✗", m);
            }
        }
    }

  heading (bld, STYLE_H3, _("Ambiguities in the source that this case touches"));
  if (n_flags == 0)
    para_text (bld, STYLE_BODY, _("None flagged."));
  for (guint i = 0; i < n_flags; i++)
    {
      g_autofree char *m = g_markup_printf_escaped ("<b>%s %s.</b> %s", flags[i]->id,
                                                    flags[i]->title, flags[i]->text);

      item (bld, STYLE_BODY, 0, "!", m);
    }
}

static const NpcDerived *
find_derived (NpcReport      *self,
              const NpcField *field)
{
  guint n = 0;
  const NpcDerived *derived = npc_evaluation_get_derived (self->evaluation, &n);
  const NpcDerived *found = NULL;

  /* the last redirect to set it wins */
  for (guint i = 0; i < n; i++)
    if (derived[i].field == field)
      found = &derived[i];
  return found;
}

/* The fields the case's path read (the facts of its steps, the values assumed or derived,
 * the fields it waits for) and the fields entered or named by a validation error: the
 * others played no part in this evaluation. */
static GHashTable *
fields_shown (NpcReport *self)
{
  GHashTable *shown = g_hash_table_new (NULL, NULL);
  guint n_fields = 0, n = 0;
  const NpcField *const *fields = npc_guideline_get_fields (self->guideline, &n_fields);
  const NpcStep *steps = npc_evaluation_get_explanation (self->evaluation, &n);
  const NpcAssumption *assumptions;
  const NpcDerived *derived;
  const NpcField *const *needed;
  const NpcValidationError *const *errors;

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < steps[i].n_facts; k++)
      g_hash_table_add (shown, (gpointer) steps[i].facts[k].field);
  assumptions = npc_evaluation_get_assumptions (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (shown, (gpointer) assumptions[i].field);
  derived = npc_evaluation_get_derived (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (shown, (gpointer) derived[i].field);
  needed = npc_evaluation_get_needs_input (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (shown, (gpointer) needed[i]);
  errors = npc_evaluation_get_validation_errors (self->evaluation, &n);
  for (guint i = 0; i < n; i++)
    {
      const NpcField *field = npc_guideline_lookup_field (self->guideline, errors[i]->field);

      if (field != NULL)
        g_hash_table_add (shown, (gpointer) field);
    }
  for (guint i = 0; i < n_fields; i++)
    if (npc_case_has_value (self->kase, fields[i]->id))
      g_hash_table_add (shown, (gpointer) fields[i]);
  return shown;
}

static void
build_case (NpcReport *self,
            Builder   *bld)
{
  guint n_sections = 0, n_fields = 0, n_errors = 0;
  const NpcSection *const *sections = npc_guideline_get_sections (self->guideline, &n_sections);
  const NpcField *const *fields = npc_guideline_get_fields (self->guideline, &n_fields);
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (self->evaluation, &n_errors);
  g_auto(GStrv) ids = npc_case_dup_field_ids (self->kase);
  const double cols[] = { 0.34, 0.33, 0.33 };
  gboolean any_other = FALSE;
  Table other;
  g_autoptr(GHashTable) shown = fields_shown (self);

  heading (bld, STYLE_H1, _("4 The case: what the pathway read"));
  {
    const char *notes = npc_case_get_notes (self->kase);
    const double kv[] = { 0.25, 0.75 };
    Table nt;

    table_init (bld, &nt, kv, 2);
    table_kv_text (bld, &nt, _("Case notes"),
                   notes != NULL && *notes ? notes : _("none entered"));
  }
  para_text (bld, STYLE_SMALL, _("The fields this case’s path read and the fields entered, by "
                                 "section of the form, each with where its value came from: "
                                 "entered, derived by the pathway at a step, or assumed from "
                                 "the guideline’s default because it was not entered. The "
                                 "other fields of the form played no part."))->space_before = 6;

  for (guint s = 0; s < n_sections; s++)
    {
      Table t;
      const char *head[] = { _("Field"), _("Value"), _("Where the value came from") };
      gboolean any = FALSE;

      for (guint f = 0; f < n_fields && !any; f++)
        any = fields[f]->section == sections[s] && g_hash_table_contains (shown, fields[f]);
      if (!any)
        continue;

      heading (bld, STYLE_H3, sections[s]->label);
      table_init (bld, &t, cols, 3);
      table_row (bld, &t, TRUE, head, 3);

      for (guint f = 0; f < n_fields; f++)
        {
          const NpcField *field = fields[f];
          const NpcValue *value = npc_evaluation_get_value (self->evaluation, field);
          const NpcDerived *derived = find_derived (self, field);
          NpcValueSource source = npc_evaluation_get_value_source (self->evaluation, field);
          JsonNode *raw = npc_case_get_value (self->kase, field->id);
          g_autofree char *value_text = NULL;
          g_autoptr(GString) how = g_string_new (NULL);
          g_autofree char *label_m = NULL;
          g_autofree char *value_m = NULL;
          g_autofree char *how_m = NULL;
          const char *row[3];

          if (field->section != sections[s] || !g_hash_table_contains (shown, field))
            continue;

          if (value != NULL && value->known)
            {
              value_text = npc_value_to_text (field, value);
              if (field->type == NPC_FIELD_INTEGER && field->unit != NULL)
                {
                  char *with_unit = g_strdup_printf ("%s %s", value_text, field->unit);

                  g_free (value_text);
                  value_text = with_unit;
                }
            }
          else
            value_text = g_strdup (_("not known"));

          if (derived != NULL)
            {
              g_string_append_printf (how, _("Derived at %s · %s"), derived->by->id,
                                      derived->by->label);
              if (raw != NULL)
                {
                  g_autofree char *entered = raw_value_text (field, raw);

                  g_string_append_printf (how, _("; entered as “%s”"), entered);
                }
            }
          else if (raw != NULL && value != NULL && value->known)
            g_string_append (how, _("Entered"));
          else if (raw != NULL)
            {
              g_autofree char *entered = raw_value_text (field, raw);

              g_string_append_printf (how, _("Entered as “%s”"), entered);
            }
          else if (value != NULL && value->known && source == NPC_SOURCE_DEFAULT)
            g_string_append (how, _("Assumed: the guideline’s default, not entered"));
          else
            g_string_append (how, _("Not entered"));

          for (guint e = 0; e < n_errors; e++)
            if (g_strcmp0 (errors[e]->field, field->id) == 0)
              g_string_append_printf (how, _("; error %s"), errors[e]->rule);

          label_m = g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                             field->label, field->id);
          if (value != NULL && value->known)
            value_m = g_markup_printf_escaped ("%s%s", value_text,
                                               derived != NULL ? _(" (derived)") : "");
          else
            value_m = g_markup_printf_escaped ("<i>%s</i>", value_text);
          how_m = g_markup_escape_text (how->str, -1);
          row[0] = label_m;
          row[1] = value_m;
          row[2] = how_m;
          table_row (bld, &t, FALSE, row, 3);
        }
    }

  /* What the file holds that the guideline does not know: shown, never dropped. */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *id_m = NULL;
      g_autofree char *value_m = NULL;
      const char *row[3];

      if (npc_guideline_lookup_field (self->guideline, ids[i]) != NULL)
        continue;
      if (!any_other)
        {
          const char *head[] = { _("Entry"), _("Value"), _("How it is known") };

          heading (bld, STYLE_H3, _("Entries that are not fields of this guideline"));
          table_init (bld, &other, cols, 3);
          table_row (bld, &other, TRUE, head, 3);
          any_other = TRUE;
        }
      value = raw_value_text (NULL, npc_case_get_value (self->kase, ids[i]));
      id_m = g_markup_escape_text (ids[i], -1);
      value_m = g_markup_escape_text (value, -1);
      row[0] = id_m;
      row[1] = value_m;
      row[2] = _("Entered; not used by the guideline");
      table_row (bld, &other, FALSE, row, 3);
    }
}

static void
build_why (NpcReport *self,
           Builder   *bld)
{
  guint n_path = 0, n_derived = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n_path);
  const NpcDerived *derived = npc_evaluation_get_derived (self->evaluation, &n_derived);
  const NpcNode *stopped = npc_evaluation_get_stopped_at (self->evaluation);
  g_autoptr(GString) ids = g_string_new (NULL);
  const double cols[] = { 0.14, 0.30, 0.20, 0.36 };

  heading (bld, STYLE_H1, _("5 Why: the path through the pathway"));

  if (n_path == 0)
    {
      para_text (bld, STYLE_BODY, _("No path: the case is not valid, so the pathway was not "
                                    "followed past the validation rules."));
      return;
    }

  for (guint i = 0; i < n_path; i++)
    g_string_append_printf (ids, "%s%s", i ? " → " : "", path[i]->id);
  {
    g_autofree char *m = g_markup_printf_escaped ("<b>%s</b> %s", _("Path:"), ids->str);

    para (bld, STYLE_BODY, 0, m);
  }

  for (guint i = 0; i < n_path; i++)
    {
      const NpcNode *node = path[i];
      g_autofree char *title = g_strdup_printf ("%u. %s · %s (%s)", i + 1, node->id,
                                                node->label, node_kind_text (node));

      heading (bld, STYLE_H3, title);

      if (node->kind == NPC_NODE_DECISION)
        {
          Table t;
          const char *head[] = { _("State"), _("Branch"), _("Leads to"), _("Why") };
          g_auto(GStrv) facts = npc_evaluation_dup_fact_words (self->evaluation, node);
          g_auto(GStrv) words = npc_evaluation_dup_branch_words (self->evaluation, node);

          /* the facts the decision read, with where each came from, as the pane says them */
          if (facts != NULL && facts[0] != NULL)
            {
              g_autofree char *joined = g_strjoinv ("; ", facts);
              g_autofree char *m = g_markup_printf_escaped ("<b>%s</b> %s",
                                                            _("Facts read:"), joined);

              para (bld, STYLE_BODY, 0, m);
            }
          table_init (bld, &t, cols, 4);
          table_row (bld, &t, TRUE, head, 4);
          for (guint b = 0; b < node->n_branches; b++)
            {
              const NpcBranch *branch = &node->branches[b];
              NpcBranchState state = npc_evaluation_get_branch_state (self->evaluation, node,
                                                                      b, NULL, NULL);
              const char *reason = words != NULL && b < g_strv_length (words) ? words[b] : "";
              g_autofree char *state_m = NULL;
              g_autofree char *branch_m = NULL;
              g_autofree char *target_m = NULL;
              g_autofree char *reason_m = NULL;
              const char *row[4];

              state_m = g_markup_printf_escaped (state == NPC_BRANCH_TAKEN ? "<b>%s</b>" : "%s",
                                                 npc_branch_state_to_label (state));
              if (branch->text != NULL)
                branch_m = g_markup_printf_escaped ("%s\n<span size=\"smaller\">%s</span>",
                                                    branch->label, branch->text);
              else
                branch_m = g_markup_escape_text (branch->label, -1);
              target_m = g_markup_printf_escaped ("%s · %s", branch->target->id,
                                                  branch->target->label);
              reason_m = g_markup_escape_text (reason, -1);
              row[0] = state_m;
              row[1] = branch_m;
              row[2] = target_m;
              row[3] = reason_m;
              table_row (bld, &t, FALSE, row, 4);
            }
          if (node == stopped)
            {
              g_autofree char *m = NULL;
              guint n = 0;
              const NpcField *const *fields =
                npc_evaluation_get_needs_input (self->evaluation, &n);
              g_autoptr(GString) names = g_string_new (NULL);

              for (guint k = 0; k < n; k++)
                g_string_append_printf (names, "%s%s", k ? ", " : "", fields[k]->label);
              m = g_markup_printf_escaped (_("<b>The pathway stops here</b> until these are "
                                             "known: %s."), names->str);
              para (bld, STYLE_BODY, 0, m)->space_before = 3;
            }
        }
      else if (node->kind == NPC_NODE_REDIRECT)
        {
          g_autofree char *m = g_markup_printf_escaped (_("Continues at %s · %s%s"),
                                                        node->target->id, node->target->label,
                                                        full_stop (node->target->label));

          para (bld, STYLE_BODY, 0, m);
          for (guint k = 0; k < n_derived; k++)
            {
              g_autofree char *value = NULL;
              g_autofree char *dm = NULL;

              if (derived[k].by != node)
                continue;
              value = npc_value_to_text (derived[k].field, &derived[k].value);
              dm = g_markup_printf_escaped (_("Sets “%s” to %s for the rest of the pathway."),
                                            derived[k].field->label, value);
              item (bld, STYLE_BODY, 0, "•", dm);
            }
        }
      else
        {
          g_autofree char *strength = strength_text (self, node);
          g_autofree char *m = g_markup_printf_escaped (_("The outcome reached: %s. %s."),
                                                        npc_outcome_type_to_label (node->type),
                                                        strength);

          para (bld, STYLE_BODY, 0, m);
        }
    }
}

static char *
citation_markup (NpcReport *self,
                 guint      n)
{
  const NpcReference *ref = npc_guideline_lookup_reference (self->guideline, n);
  g_autofree char *citation = ref != NULL ? npc_reference_dup_citation (ref)
                                          : g_strdup (_("(not in the guideline’s reference "
                                                        "list)"));

  return g_markup_escape_text (citation, -1);
}

static void
build_trial (NpcReport         *self,
             Builder           *bld,
             const NpcEvidence *ev)
{
  g_autofree char *title = NULL;
  g_autofree char *n_text = NULL;
  g_autoptr(GArray) refs = npc_links_dup_references (&ev->links);
  const double kv_cols[] = { 0.22, 0.78 };
  Table t;

  if (ev->named_in_source)
    title = g_strdup_printf ("%s · %s", ev->id, ev->name);
  else
    title = g_strdup_printf (_("%s · %s (not named in the review)"), ev->id, ev->name);
  heading (bld, STYLE_H2, title);

  table_init (bld, &t, kv_cols, 2);
  table_kv_text (bld, &t, _("Design"), or_not_given (ev->design));
  table_kv_text (bld, &t, _("Phase"), or_not_given (ev->phase));
  n_text = ev->n ? g_strdup_printf ("%u", ev->n) : g_strdup (_("not given"));
  table_kv_text (bld, &t, _("Patients (n)"), n_text);
  table_kv_text (bld, &t, _("Population"), or_not_given (ev->population));
  for (guint a = 0; a < ev->n_arms; a++)
    {
      const NpcArm *arm = &ev->arms[a];
      g_autofree char *key = g_strdup_printf (_("Arm: %s"), arm->label);
      g_autofree char *arm_n = arm->n ? g_strdup_printf ("%u", arm->n) : g_strdup (_("not given"));
      g_autofree char *v = g_strdup_printf (_("Regimen: %s · n = %s"),
                                            or_not_given (arm->regimen), arm_n);

      table_kv_text (bld, &t, key, v);
    }
  if (ev->n_arms == 0)
    table_kv_text (bld, &t, _("Arms"), _("not given"));
  table_kv_text (bld, &t, _("Follow-up"), or_not_given (ev->follow_up));
  if (ev->toxicity == NULL || ev->toxicity[0] == NULL)
    table_kv_text (bld, &t, _("Toxicity"), _("not given"));
  for (guint i = 0; ev->toxicity != NULL && ev->toxicity[i] != NULL; i++)
    table_kv_text (bld, &t, _("Toxicity"), ev->toxicity[i]);
  if (ev->limitations == NULL || ev->limitations[0] == NULL)
    table_kv_text (bld, &t, _("Limitations"), _("none stated"));
  for (guint i = 0; ev->limitations != NULL && ev->limitations[i] != NULL; i++)
    table_kv_text (bld, &t, _("Limitation"), ev->limitations[i]);

  if (refs->len == 0)
    table_kv_text (bld, &t, _("References"), _("none given"));
  for (guint i = 0; i < refs->len; i++)
    {
      guint n = g_array_index (refs, guint, i);
      g_autofree char *key = g_strdup_printf (_("Reference %u"), n);
      g_autofree char *citation = citation_markup (self, n);

      table_kv (bld, &t, key, citation);
    }

  /* The results: one row per measure, one column per arm. */
  {
    Table rt;
    double fractions[16];
    const char *head[16];
    guint n_cols = 0, n_arms = MIN (ev->n_arms, 12);
    g_autofree char *hr_head = g_strdup (_("Hazard ratio (CI)"));
    Block *b;

    fractions[n_cols] = 0.25;
    head[n_cols++] = _("Result");
    for (guint a = 0; a < n_arms; a++)
      {
        fractions[n_cols] = 0.36 / MAX (n_arms, 1);
        head[n_cols++] = ev->arms[a].label;
      }
    fractions[n_cols] = 0.22;
    head[n_cols++] = hr_head;
    fractions[n_cols] = 0.17;
    head[n_cols++] = _("Follow-up");

    if (ev->n_results == 0)
      {
        b = para_text (bld, STYLE_BODY, _("Results: none given in the review."));
        b->space_before = 4;
        return;
      }

    table_init (bld, &rt, fractions, n_cols);
    b = table_row (bld, &rt, TRUE, head, n_cols);
    b->space_before = 5;
    for (guint r = 0; r < ev->n_results; r++)
      {
        const NpcResult *result = &ev->results[r];
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GString) hr = g_string_new (NULL);

        g_ptr_array_add (cells, g_markup_escape_text (result->measure, -1));
        for (guint a = 0; a < n_arms; a++)
          {
            const char *value = NULL;

            for (guint v = 0; v < result->n_values; v++)
              if (result->values[v].arm == &ev->arms[a])
                value = result->values[v].text;
            g_ptr_array_add (cells, value != NULL ? g_markup_escape_text (value, -1)
                                                  : g_markup_printf_escaped ("<i>%s</i>",
                                                                             _("not given")));
          }
        {
          g_autofree char *ratio = npc_result_dup_hazard_ratio (result, FALSE);

          if (ratio != NULL)
            /* Translators: a hazard ratio in words: "HR 0.47 (95% CI 0.29–0.76)" */
            g_string_append_printf (hr, _("HR %s"), ratio);
          else
            g_string_append (hr, _("not given"));
        }
        {
          g_autofree char *hr_m = result->summary != NULL
                                  ? g_markup_printf_escaped ("%s\n<i>%s</i>", hr->str,
                                                             result->summary)
                                  : g_markup_escape_text (hr->str, -1);

          g_ptr_array_add (cells, g_steal_pointer (&hr_m));
        }
        g_ptr_array_add (cells, g_markup_escape_text (result->follow_up ? result->follow_up
                                                      : or_not_given (ev->follow_up), -1));
        table_row (bld, &rt, FALSE, (const char *const *) cells->pdata, cells->len);
      }
  }
}

static void
add_info (GPtrArray     *infos,
          const NpcNode *node)
{
  for (guint i = 0; node != NULL && i < node->links.n_infos; i++)
    if (!g_ptr_array_find (infos, node->links.infos[i], NULL))
      g_ptr_array_add (infos, (gpointer) node->links.infos[i]);
}

static void
build_evidence (NpcReport *self,
                Builder   *bld)
{
  guint n_evidence = 0, n_alts = 0;
  const NpcEvidence *const *evidence = npc_evaluation_get_evidence (self->evaluation, &n_evidence);
  const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n_alts);
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();

  heading (bld, STYLE_H1, _("7 Evidence"));
  if (npc_evaluation_get_primary (self->evaluation) == NULL)
    {
      para_text (bld, STYLE_BODY, _("None: no outcome has been reached."));
      return;
    }
  if (n_evidence == 0)
    para_text (bld, STYLE_BODY, _("The guideline links no trial or study to this outcome."));
  else
    para_text (bld, STYLE_SMALL, _("The trials and studies behind the outcome and its "
                                   "alternatives, with the numbers the review gives."));

  for (guint i = 0; i < n_evidence; i++)
    {
      build_trial (self, bld, evidence[i]);
    }

  add_info (infos, npc_evaluation_get_primary (self->evaluation));
  for (guint i = 0; i < n_alts; i++)
    add_info (infos, alts[i].node);
  for (guint i = 0; i < infos->len; i++)
    {
      const NpcInfo *info = infos->pdata[i];

      heading (bld, STYLE_H2, info->title);
      for (guint p = 0; p < info->n_parts; p++)
        {
          const NpcInfoPart *part = &info->parts[p];
          g_autofree char *r = refs_text (part->refs, part->n_refs);
          g_autofree char *m = NULL;

          if (part->label != NULL)
            m = g_markup_printf_escaped ("<b>%s</b> %s%s%s", part->label, part->text,
                                         *r ? " " : "", r);
          else
            m = g_markup_printf_escaped ("%s%s%s", part->text, *r ? " " : "", r);
          para (bld, STYLE_BODY, 0, m);
        }
    }
}

/* The evaluation's references: those of the outcome, its alternatives, options, agents,
 * evidence and information, as the evidence section cites them. */
static void
build_references (NpcReport *self,
                  Builder   *bld)
{
  guint n = 0;
  const guint *numbers = npc_evaluation_get_references (self->evaluation, &n);
  const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);

  heading (bld, STYLE_H1, _("8 References"));
  if (n == 0)
    {
      para_text (bld, STYLE_BODY, primary == NULL
                                  ? _("None: no outcome has been reached.")
                                  : _("The guideline links no reference to this outcome."));
      return;
    }
  para_text (bld, STYLE_SMALL, _("Numbered as in the review."));
  for (guint i = 0; i < n; i++)
    {
      guint number = numbers[i];
      g_autofree char *mark = g_strdup_printf ("%u.", number);
      g_autofree char *m = citation_markup (self, number);

      item (bld, STYLE_BODY, 0, mark, m);
    }
}

/* A report in a translation ends with the English original of what it recommends: the
 * outcome and the decisions on the path, as the guideline is written, for checking the
 * translation against its source. */
static void
build_original (NpcReport *self,
                Builder   *bld)
{
  NpcGuideline *guideline = npc_evaluation_get_guideline (self->evaluation);
  NpcGuideline *original;
  const NpcNode *const *path;
  guint n = 0;

  if (guideline == NULL || !npc_guideline_is_translated (guideline))
    return;
  original = npc_guideline_get_original (guideline);
  path = npc_evaluation_get_path (self->evaluation, &n);
  if (original == guideline || n == 0)
    return;

  /* TRANSLATORS: the report's appendix, in the language of the guideline's source */
  heading (bld, STYLE_H1, _("Appendix: the English original"));
  para_text (bld, STYLE_SMALL, _("The text of the guideline as it is written, for the outcome "
                                 "and the decisions on this case's path."));
  for (guint i = n; i > 0; i--)
    {
      const NpcNode *node = npc_guideline_lookup_node (original, path[i - 1]->id);
      g_autofree char *title = NULL;

      if (node == NULL)
        continue;
      title = g_strdup_printf ("%s · %s", node->id, node->label);
      heading (bld, STYLE_H3, title);
      if (node->statement != NULL)
        para_text (bld, STYLE_BODY, node->statement);
      if (node->help != NULL)
        para_text (bld, STYLE_SMALL, node->help);
    }
}

/* The diagram's section: the pieces themselves are laid out with the pages. */
static void
build_diagram (NpcReport *self,
               Builder   *bld)
{
  heading (bld, STYLE_H1, _("6 Pathway diagram"));
  if (npc_evaluation_get_outcome (self->evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
    {
      para_text (bld, STYLE_BODY, _("The case is not valid, so no path is drawn."));
      return;
    }
  para_text (bld, STYLE_SMALL, _("This case’s path, drawn in parts that follow it down the "
                                 "pathway at a size that reads on paper: each part shows the "
                                 "boxes on the path and the branches they looked at, which "
                                 "also say in words how they stand for this case. The whole "
                                 "pathway is in the application."))->keep_with_next = TRUE;
  block_add (bld, BLOCK_DIAGRAM);
}

void
_npc_report_build_flow (NpcReport *self,
                        GPtrArray *blocks,
                        double     width)
{
  Builder bld = { self, blocks, width, NULL };

  build_summary (self, &bld);
  page_break (&bld);
  build_alternatives (self, &bld);
  build_case (self, &bld);
  build_why (self, &bld);
  build_diagram (self, &bld);
  build_evidence (self, &bld);
  build_references (self, &bld);
  build_source (self, &bld);
  build_original (self, &bld);
}

void
_npc_report_build_caption (NpcReport *self,
                           GPtrArray *blocks,
                           double     width,
                           guint      part,
                           guint      first,
                           guint      last)
{
  Builder bld = { self, blocks, width, NULL };
  guint n = 0;
  const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n);
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *text = NULL;
  Block *b;

  for (guint k = first; k <= last && k < n; k++)
    g_string_append_printf (ids, "%s%s", k > first ? " → " : "", path[k]->id);
  /* TRANSLATORS: a part of the diagram: "Part 2 of the path: D14 → D15 → M-1L-GP" */
  text = g_strdup_printf (_("Part %u of the path: %s"), part, ids->str);
  b = para_text (&bld, STYLE_SMALL, text);
  b->space_after = 2;
}

const char *
_npc_report_case_label (NpcReport *self)
{
  return case_label (self);
}

/* ------------------------------------------------------------------------------------------ */
/* page furniture: header and footer                                                           */

char *
_npc_report_header_markup (NpcReport *self)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);
  const NpcPatient *patient = npc_case_get_patient (self->kase);

  /* a page that comes loose from the others still says whose it is */
  if (patient != NULL && !npc_patient_is_empty (patient))
    return g_markup_printf_escaped (_("<b>NPC Pathway · Case report: %s</b>\n"
                                      "<b>Patient: %s · ID %s · born %s</b>\n"
                                      "Source: %s · literature review current through %s · "
                                      "last updated %s · guideline %s, version %s"),
                                    case_label (self), or_not_recorded (patient->name),
                                    or_not_recorded (patient->id),
                                    or_not_recorded (patient->birth_date), meta->source_title,
                                    or_not_given (meta->literature_review_through),
                                    or_not_given (meta->last_updated),
                                    npc_guideline_get_id (self->guideline),
                                    npc_guideline_get_version (self->guideline));
  return g_markup_printf_escaped (_("<b>NPC Pathway · Case report: %s</b>\n"
                                    "Source: %s · literature review current through %s · "
                                    "last updated %s · guideline %s, version %s"),
                                  case_label (self), meta->source_title,
                                  or_not_given (meta->literature_review_through),
                                  or_not_given (meta->last_updated),
                                  npc_guideline_get_id (self->guideline),
                                  npc_guideline_get_version (self->guideline));
}

char *
_npc_report_footer_markup (NpcReport *self)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);

  return g_markup_escape_text (meta->disclaimer, -1);
}

char *
_npc_report_written_text (NpcReport *self)
{
  g_autofree char *date = date_text (self->date);

  return g_strdup_printf (_("Written %s"), date);
}
