/* npc-evidence-pane.c — the evidence behind a node, for this case
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything shown comes from the guideline model and the evaluation: the pane formats,
 * it does not decide.
 */
#define G_LOG_DOMAIN "npc-evidence-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-evidence-pane.h"
#include "npc-result-table.h"

struct _NpcEvidencePane
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkWidget     *content;

  NpcEvaluation *evaluation;
  char          *node_id;
  const NpcNode *shown;
  GHashTable    *ref_widgets; /* reference number -> GtkLabel */
  gulong         after_paint_id;
  guint          idle_id;
  guint          painted : 1;
  guint          pending : 1;
};

G_DEFINE_FINAL_TYPE (NpcEvidencePane, npc_evidence_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVALUATION,
  PROP_NODE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
npc_evidence_pane_new (void)
{
  return g_object_new (NPC_TYPE_EVIDENCE_PANE, NULL);
}

NpcEvaluation *
npc_evidence_pane_get_evaluation (NpcEvidencePane *self)
{
  g_return_val_if_fail (NPC_IS_EVIDENCE_PANE (self), NULL);
  return self->evaluation;
}

const char *
npc_evidence_pane_get_node_id (NpcEvidencePane *self)
{
  g_return_val_if_fail (NPC_IS_EVIDENCE_PANE (self), NULL);
  return self->node_id;
}

static const NpcNode *find_node (NpcEvidencePane *self);

const NpcNode *
npc_evidence_pane_get_shown_node (NpcEvidencePane *self)
{
  g_return_val_if_fail (NPC_IS_EVIDENCE_PANE (self), NULL);
  return self->pending ? find_node (self) : self->shown;
}

/* Building blocks */

static GtkWidget *
add_label (NpcEvidencePane *self,
           GtkWidget       *box,
           const char      *text,
           const char      *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* between words only, never inside one */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
add_heading (NpcEvidencePane *self,
             GtkWidget       *box,
             const char      *text)
{
  GtkWidget *label = add_label (self, box, text, "heading");

  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_top (label, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2,
                                  -1);
  return label;
}

static GtkWidget *
add_section (NpcEvidencePane *self,
             const char      *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  add_heading (self, box, title);
  gtk_box_append (GTK_BOX (self->content), box);
  return box;
}

static void
append_refs_markup (GString     *markup,
                    const guint *refs,
                    guint        n_refs)
{
  for (guint i = 0; i < n_refs; i++)
    g_string_append_printf (markup, "%s<a href=\"ref:%u\">[%u]</a>", i ? "" : " ",
                            refs[i], refs[i]);
}

static GtkWidget *add_markup (NpcEvidencePane *self, GtkWidget *box, const char *markup);

static gboolean
on_activate_link (GtkLabel        *label,
                  const char      *uri,
                  NpcEvidencePane *self)
{
  guint64 n;
  GtkWidget *target;

  if (!g_str_has_prefix (uri, "ref:"))
    return TRUE; /* nothing here opens the network */

  n = g_ascii_strtoull (uri + 4, NULL, 10);
  target = g_hash_table_lookup (self->ref_widgets, GUINT_TO_POINTER ((guint) n));
  if (target != NULL)
    gtk_widget_grab_focus (target);
  return TRUE;
}

static GtkWidget *
add_markup (NpcEvidencePane *self,
            GtkWidget       *box,
            const char      *markup)
{
  GtkWidget *label = add_label (self, box, NULL, NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  g_signal_connect_object (label, "activate-link", G_CALLBACK (on_activate_link), self, 0);
  return label;
}

static void
add_text_with_refs (NpcEvidencePane *self,
                    GtkWidget       *box,
                    const char      *prefix,
                    const char      *text,
                    const guint     *refs,
                    guint            n_refs)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  if (prefix != NULL)
    {
      g_autofree char *p = g_markup_escape_text (prefix, -1);
      g_string_append_printf (markup, "<b>%s</b> ", p);
    }
  g_string_append (markup, escaped);
  append_refs_markup (markup, refs, n_refs);
  add_markup (self, box, markup->str);
}

/* "Authors. Title. Journal Year;Volume:Pages." */
/* The parts of the pane */

static const char *
state_text (NpcNodeState state,
            const char **icon)
{
  switch (state)
    {
    case NPC_NODE_STATE_PRIMARY:      *icon = "emblem-ok-symbolic"; break;
    case NPC_NODE_STATE_ON_PATH:      *icon = "go-down-symbolic"; break;
    case NPC_NODE_STATE_STOPPED:      *icon = "document-edit-symbolic"; break;
    case NPC_NODE_STATE_ALTERNATIVE:  *icon = "view-more-horizontal-symbolic"; break;
    case NPC_NODE_STATE_EXCLUDED:     *icon = "action-unavailable-symbolic"; break;
    case NPC_NODE_STATE_UNDETERMINED: *icon = "dialog-question-symbolic"; break;
    case NPC_NODE_STATE_NOT_REACHED:
    default:                          *icon = "radio-symbolic"; break;
    }
  return npc_node_state_to_label (state);
}

static void
add_header (NpcEvidencePane *self,
            const NpcNode   *node)
{
  g_autofree char *kind = NULL;
  const char *icon = NULL;
  const char *state;
  GtkWidget *row, *image;

  add_label (self, self->content, node->label ? node->label : node->id, "title-2");

  if (node->kind == NPC_NODE_DECISION)
    kind = g_strdup_printf (_("%s · Decision"), node->id);
  else if (node->kind == NPC_NODE_REDIRECT)
    kind = g_strdup_printf (_("%s · Continue at another branch"), node->id);
  else
    kind = g_strdup_printf ("%s · %s", node->id, npc_outcome_type_to_label (node->type));
  add_label (self, self->content, kind, "dim-label");

  if (self->evaluation == NULL)
    return;

  state = state_text (npc_evaluation_get_node_state (self->evaluation, node), &icon);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row, "node-state");
  image = gtk_image_new_from_icon_name (icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state,
                                  -1);
  gtk_box_append (GTK_BOX (row), image);
  gtk_widget_set_hexpand (add_label (self, row, state, "heading"), TRUE);
  gtk_box_append (GTK_BOX (self->content), row);
}

/* A translated recommendation keeps its English original one click away, for checking the
 * translation against the source. */
static void
add_original (NpcEvidencePane *self,
              GtkWidget       *box,
              const NpcNode   *node)
{
  NpcGuideline *guideline = self->evaluation ? npc_evaluation_get_guideline (self->evaluation) : NULL;
  NpcGuideline *original;
  const NpcNode *source;
  GtkWidget *expander, *inner;

  if (guideline == NULL || !npc_guideline_is_translated (guideline))
    return;
  original = npc_guideline_get_original (guideline);
  source = original != guideline ? npc_guideline_lookup_node (original, node->id) : NULL;
  if (source == NULL)
    return;

  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  add_label (self, inner, source->label, "heading");
  if (source->statement)
    add_label (self, inner, source->statement, NULL);
  if (source->help)
    add_label (self, inner, source->help, NULL);
  /* TRANSLATORS: an expander under a translated recommendation */
  expander = gtk_expander_new (_("Show the English text"));
  gtk_expander_set_child (GTK_EXPANDER (expander), inner);
  gtk_widget_add_css_class (expander, "original-text");
  gtk_box_append (GTK_BOX (box), expander);
}

static void
add_recommendation (NpcEvidencePane *self,
                    const NpcNode   *node)
{
  GtkWidget *box;
  g_autofree char *strength = NULL;

  if (node->statement == NULL && node->help == NULL && node->strength == NULL &&
      node->grade == NULL)
    return;

  box = add_section (self, node->kind == NPC_NODE_DECISION ? _("Question")
                                                           : _("Recommendation"));
  if (node->statement)
    add_label (self, box, node->statement, "statement");
  if (node->help)
    add_label (self, box, node->help, NULL);
  add_original (self, box, node);

  if (node->kind == NPC_NODE_OUTCOME && (node->strength || node->grade))
    {
      NpcRating r = { 0 };

      /* For this patient when there is a case; otherwise as the review states it, with the
       * population its grade is stated for. */
      if (self->evaluation != NULL)
        npc_evaluation_get_rating (self->evaluation, node, &r);
      else
        npc_rating_init_stated (&r, node);
      strength = npc_rating_dup_text (&r);
      if (strength != NULL)
        add_label (self, box, strength, "strength");
      if (r.limited_by != NULL)
        {
          g_autofree char *why = NULL;

          /* TRANSLATORS: a redirect's label; the strength it allows */
          why = g_strdup_printf (_("Reached through “%s”: the review allows this approach as "
                                   "“%s”, and its grades are stated for another population."),
                                 r.limited_by->label,
                                 npc_strength_to_label (r.limited_by->strength));
          add_label (self, box, why, NULL);
        }
    }
  else if (node->kind == NPC_NODE_REDIRECT && node->strength != NULL)
    {
      strength = g_strdup_printf (_("Outcomes reached through it are at most: %s"),
                                  npc_strength_to_label (node->strength));
      add_label (self, box, strength, "strength");
    }
}

static void
add_why (NpcEvidencePane *self,
         const NpcNode   *node)
{
  GtkWidget *box;
  NpcNodeState state;
  guint n_derived = 0;
  const NpcDerived *derived;
  g_autofree char *path = NULL;
  gboolean said = FALSE;

  if (self->evaluation == NULL)
    return;

  state = npc_evaluation_get_node_state (self->evaluation, node);
  box = add_section (self, (state == NPC_NODE_STATE_EXCLUDED || state == NPC_NODE_STATE_NOT_REACHED)
                           ? _("Why not, for this case") : _("Why, for this case"));

  /* The way here, collapsed to one line; this node's own decision in full. */
  if (state == NPC_NODE_STATE_ON_PATH || state == NPC_NODE_STATE_STOPPED ||
      state == NPC_NODE_STATE_PRIMARY)
    {
      path = npc_evaluation_dup_path_words (self->evaluation,
                                            node->kind == NPC_NODE_DECISION ? node : NULL);
      if (path != NULL)
        {
          g_autofree char *line = g_strdup_printf (_("The way here: %s"), path);

          add_label (self, box, line, "why-path");
          said = TRUE;
        }
    }

  if (node->kind == NPC_NODE_DECISION &&
      (state == NPC_NODE_STATE_ON_PATH || state == NPC_NODE_STATE_STOPPED))
    {
      g_auto(GStrv) facts = npc_evaluation_dup_fact_words (self->evaluation, node);
      g_auto(GStrv) branches = npc_evaluation_dup_branch_words (self->evaluation, node);

      if (facts != NULL && facts[0] != NULL)
        {
          add_label (self, box, _("What this decision read:"), "why-heading");
          for (guint i = 0; facts[i] != NULL; i++)
            add_text_with_refs (self, box, "•", facts[i], NULL, 0);
        }
      for (guint i = 0; branches != NULL && branches[i] != NULL; i++)
        add_label (self, box, branches[i], "branch-step");
      said = TRUE;
    }
  else if (state != NPC_NODE_STATE_ON_PATH && state != NPC_NODE_STATE_STOPPED &&
           state != NPC_NODE_STATE_PRIMARY)
    {
      /* off the path: what the decision that leads here said of it */
      guint n_path = 0;
      const NpcNode *const *on_path = npc_evaluation_get_path (self->evaluation, &n_path);

      for (guint i = 0; i < n_path; i++)
        {
          const NpcNode *d = on_path[i];
          g_auto(GStrv) branches = NULL;

          if (d->kind != NPC_NODE_DECISION)
            continue;
          branches = npc_evaluation_dup_branch_words (self->evaluation, d);
          for (guint b = 0; b < d->n_branches && branches != NULL && branches[b] != NULL; b++)
            if (d->branches[b].target == node)
              {
                /* TRANSLATORS: a decision, then what it said of this branch */
                g_autofree char *line = g_strdup_printf (_("At “%s”: %s"), d->label,
                                                         branches[b]);

                add_label (self, box, line, "branch-step");
                said = TRUE;
              }
        }
    }

  if (state == NPC_NODE_STATE_STOPPED)
    {
      guint n = 0;
      const NpcField *const *needed = npc_evaluation_get_needs_input (self->evaluation, &n);
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", needed[i]->label);
      {
        g_autofree char *line = g_strdup_printf (_("The pathway waits here for: %s"),
                                                 names->str);

        add_label (self, box, line, NULL);
      }
      g_string_free (names, TRUE);
      said = TRUE;
    }
  if (state == NPC_NODE_STATE_ALTERNATIVE)
    {
      const NpcNode *primary = npc_evaluation_get_primary (self->evaluation);
      g_autofree char *line = g_strdup_printf (_("An alternative to %s for this case."),
                                               primary ? primary->label : "");

      add_label (self, box, line, NULL);
      said = TRUE;
    }
  if (state == NPC_NODE_STATE_UNDETERMINED && node->kind == NPC_NODE_OUTCOME)
    {
      /* an outcome some answer still reaches: the answers that lead here */
      GPtrArray *possible = npc_evaluation_get_possible_outcomes (self->evaluation);

      for (guint i = 0; i < possible->len; i++)
        {
          const NpcPossibleOutcome *po = possible->pdata[i];

          if (po->outcome == node && po->text != NULL)
            {
              add_label (self, box, po->text, NULL);
              said = TRUE;
            }
        }
    }
  if (!said)
    add_label (self, box, _("This case does not reach it."), NULL);

  derived = npc_evaluation_get_derived (self->evaluation, &n_derived);
  for (guint i = 0; i < n_derived; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *line = NULL;

      if (derived[i].by != node)
        continue;
      value = npc_value_to_text (derived[i].field, &derived[i].value);
      line = g_strdup_printf (_("Sets “%s” to %s for the rest of the pathway."),
                              derived[i].field->label, value);
      add_label (self, box, line, NULL);
    }
}

static void
add_notes (NpcEvidencePane *self,
           const NpcNode   *node)
{
  GtkWidget *box = NULL;

  for (guint i = 0; i < node->links.n_notes; i++)
    {
      const NpcNote *note = node->links.notes[i];
      const char *text = note->text ? note->text : note->ambiguity ? note->ambiguity->text : NULL;
      g_autofree char *prefix = NULL;
      NpcTri holds = NPC_TRI_TRUE;

      if (text == NULL)
        continue;
      /* A note written for other patients is not this patient's. */
      if (self->evaluation != NULL)
        holds = npc_evaluation_note_holds (self->evaluation, note);
      if (holds == NPC_TRI_FALSE)
        continue;
      if (box == NULL)
        box = add_section (self, _("Notes and ambiguities"));
      if (note->ambiguity)
        prefix = g_strdup_printf ("%s%s %s:", holds == NPC_TRI_UNKNOWN ? _("Perhaps, ") : "",
                                  note->ambiguity->id,
                                  note->ambiguity->title ? note->ambiguity->title : "");
      else if (holds == NPC_TRI_UNKNOWN)
        prefix = g_strdup (_("Perhaps, depending on what is not yet entered:"));
      add_text_with_refs (self, box, prefix, text, NULL, 0);
    }
}

static gboolean
is_primary (NpcEvidencePane *self,
            const NpcNode   *node)
{
  return self->evaluation != NULL && npc_evaluation_get_primary (self->evaluation) == node;
}

static void
add_agents (NpcEvidencePane *self,
            const NpcNode   *node)
{
  GtkWidget *box;
  guint n = 0;
  const NpcEvalAgent *agents = NULL;

  if (node->agents == NULL || node->agents->n_agents == 0)
    return;

  box = add_section (self, _("Agents"));

  if (is_primary (self, node))
    agents = npc_evaluation_get_agents (self->evaluation, &n);

  if (agents != NULL && n > 0)
    {
      GtkWidget *excluded_box = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GString) line = g_string_new (NULL);

          if (agents[i].excluded)
            continue;
          g_string_append_printf (line, "• %s", agents[i].agent->label);
          if (agents[i].agent->qualifier)
            g_string_append_printf (line, " (%s)", agents[i].agent->qualifier);
          for (guint j = 0; agents[i].caveats && agents[i].caveats[j]; j++)
            g_string_append_printf (line, "%s%s", j ? "; " : " — ", agents[i].caveats[j]);
          add_label (self, box, line->str, NULL);
        }
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = NULL;

          if (!agents[i].excluded)
            continue;
          if (excluded_box == NULL)
            excluded_box = add_section (self, _("Excluded agents, for this case"));
          line = g_strdup_printf ("✗ %s — %s", agents[i].agent->label,
                                  agents[i].reason ? agents[i].reason : "");
          add_label (self, excluded_box, line, NULL);
        }
      return;
    }

  for (guint i = 0; i < node->agents->n_agents; i++)
    {
      const NpcAgent *agent = &node->agents->agents[i];
      g_autofree char *line = agent->qualifier
                              ? g_strdup_printf ("• %s (%s)", agent->label, agent->qualifier)
                              : g_strdup_printf ("• %s", agent->label);
      add_label (self, box, line, NULL);
    }
  if (node->agents->unknown_availability_caveat)
    add_label (self, box, node->agents->unknown_availability_caveat, "dim-label");
}

static void
add_options (NpcEvidencePane *self,
             const NpcNode   *node)
{
  GtkWidget *box;

  if (node->n_options == 0)
    return;

  box = add_section (self, node->options_label ? node->options_label : _("Options"));
  if (self->evaluation != NULL)
    {
      const char *caveat = NULL;
      guint n = 0;
      const NpcEvalOption *opts = npc_evaluation_get_options (self->evaluation, node, &n, &caveat);
      GtkWidget *excluded_box = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = NULL;

          if (opts[i].excluded)
            continue;
          text = opts[i].note ? g_strdup_printf ("%s — %s", opts[i].option->text, opts[i].note)
                              : g_strdup (opts[i].option->text);
          add_text_with_refs (self, box, "•", text, opts[i].option->refs,
                              opts[i].option->n_refs);
        }
      if (caveat != NULL)
        add_label (self, box, caveat, "caveat");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = NULL;

          if (!opts[i].excluded)
            continue;
          if (excluded_box == NULL)
            excluded_box = add_section (self, _("Not listed, for this case"));
          line = g_strdup_printf ("✗ %s — %s", opts[i].option->text, opts[i].reason);
          add_label (self, excluded_box, line, NULL);
        }
      return;
    }
  for (guint i = 0; i < node->n_options; i++)
    add_text_with_refs (self, box, "•", node->options[i].text, node->options[i].refs,
                        node->options[i].n_refs);
}

static void
add_alternatives (NpcEvidencePane *self,
                  const NpcNode   *node)
{
  GtkWidget *box = NULL;
  guint n = 0;

  for (guint i = 0; i < node->n_alternatives; i++)
    {
      g_autofree char *line = NULL;

      if (box == NULL)
        box = add_section (self, _("Alternatives"));
      line = g_strdup_printf ("• %s (%s)", node->alternatives[i].node->label,
                              node->alternatives[i].node->id);
      add_label (self, box, line, NULL);
    }

  if (is_primary (self, node))
    {
      const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n);

      for (guint i = 0; i < n; i++)
        {
          if (alts[i].modifier == NULL)
            continue;
          if (box == NULL)
            box = add_section (self, _("Alternatives"));
          add_text_with_refs (self, box, alts[i].modifier->label, alts[i].modifier->statement,
                              NULL, 0);
        }
    }
}

static void
add_result_table (NpcEvidencePane   *self,
                  GtkWidget         *box,
                  const NpcEvidence *ev)
{
  if (ev->n_results == 0)
    return;
  gtk_box_append (GTK_BOX (box), npc_result_table_new (ev));
}

static void
add_trials (NpcEvidencePane *self,
            const NpcNode   *node)
{
  GtkWidget *section;

  if (node->links.n_evidence == 0)
    return;

  section = add_section (self, _("Trials and studies"));
  for (guint i = 0; i < node->links.n_evidence; i++)
    {
      const NpcEvidence *ev = node->links.evidence[i];
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      g_autoptr(GString) facts = g_string_new (NULL);
      g_autofree char *title = g_strdup_printf ("%s — %s", ev->id, ev->name);
      g_autoptr(GArray) refs = npc_links_dup_references (&ev->links);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "trial");
      add_label (self, card, title, "heading");

      g_string_append (facts, ev->design ? ev->design : "");
      if (ev->phase)
        g_string_append_printf (facts, _(", phase %s"), ev->phase);
      if (ev->n)
        g_string_append_printf (facts, _(", n = %u"), ev->n);
      if (facts->len)
        add_text_with_refs (self, card, _("Design:"), facts->str, NULL, 0);
      if (ev->population)
        add_text_with_refs (self, card, _("Population:"), ev->population, NULL, 0);

      for (guint a = 0; a < ev->n_arms; a++)
        {
          const NpcArm *arm = &ev->arms[a];
          g_autoptr(GString) line = g_string_new (arm->label);

          if (arm->n)
            g_string_append_printf (line, _(" (n = %u)"), arm->n);
          if (arm->regimen)
            g_string_append_printf (line, ": %s", arm->regimen);
          add_text_with_refs (self, card, _("Arm:"), line->str, NULL, 0);
        }

      add_result_table (self, card, ev);

      if (ev->follow_up)
        add_text_with_refs (self, card, _("Follow-up:"), ev->follow_up, NULL, 0);
      for (guint t = 0; ev->toxicity && ev->toxicity[t]; t++)
        add_text_with_refs (self, card, _("Toxicity:"), ev->toxicity[t], NULL, 0);
      for (guint t = 0; ev->limitations && ev->limitations[t]; t++)
        add_text_with_refs (self, card, _("Limitation:"), ev->limitations[t], NULL, 0);
      if (refs->len > 0)
        add_text_with_refs (self, card, _("References:"), "", (const guint *) refs->data,
                            refs->len);

      gtk_box_append (GTK_BOX (section), card);
    }
}

static void
add_infos (NpcEvidencePane *self,
           const NpcNode   *node)
{
  for (guint i = 0; i < node->links.n_infos; i++)
    {
      const NpcInfo *info = node->links.infos[i];
      GtkWidget *box = add_section (self, info->title);

      for (guint j = 0; j < info->n_parts; j++)
        add_text_with_refs (self, box, info->parts[j].label, info->parts[j].text,
                            info->parts[j].refs, info->parts[j].n_refs);
    }
}

static void
add_references (NpcEvidencePane *self,
                const NpcNode   *node)
{
  g_autoptr(GArray) refs = npc_node_dup_references (node);
  NpcGuideline *guideline = npc_evaluation_get_guideline (self->evaluation);
  GtkWidget *box;
  guint last = 0;

  if (refs->len == 0)
    return;

  box = add_section (self, _("References"));
  for (guint i = 0; i < refs->len; i++)
    {
      guint n = g_array_index (refs, guint, i);
      const NpcReference *ref;
      g_autofree char *citation = NULL;
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (n == last)
        continue;
      last = n;
      ref = npc_guideline_lookup_reference (guideline, n);
      citation = ref ? npc_reference_dup_citation (ref) : g_strdup (_("(not in the reference list)"));
      line = g_strdup_printf ("%u. %s", n, citation);
      label = add_label (self, box, line, "reference");
      g_hash_table_insert (self->ref_widgets, GUINT_TO_POINTER (n), label);
    }
}

static void
clear_content (NpcEvidencePane *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->ref_widgets);
  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
}

static const NpcNode *
find_node (NpcEvidencePane *self)
{
  NpcGuideline *guideline;
  const NpcNode *node = NULL;

  if (self->evaluation == NULL)
    return NULL;

  guideline = npc_evaluation_get_guideline (self->evaluation);
  if (self->node_id != NULL)
    node = npc_guideline_lookup_node (guideline, self->node_id);
  if (node == NULL)
    node = npc_evaluation_get_primary (self->evaluation);
  if (node == NULL)
    node = npc_evaluation_get_stopped_at (self->evaluation);
  if (node == NULL)
    node = npc_guideline_get_root (guideline);
  return node;
}

static void
rebuild (NpcEvidencePane *self)
{
  const NpcNode *node = find_node (self);

  clear_content (self);
  self->shown = node;
  if (node == NULL)
    return;

  add_header (self, node);
  add_recommendation (self, node);
  add_why (self, node);
  add_agents (self, node);
  add_options (self, node);
  add_alternatives (self, node);
  add_notes (self, node);
  add_trials (self, node);
  add_infos (self, node);
  add_references (self, node);
}

static gboolean
rebuild_idle (gpointer data)
{
  NpcEvidencePane *self = data;

  self->idle_id = 0;
  if (self->pending)
    {
      self->pending = FALSE;
      rebuild (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock   *clock,
                NpcEvidencePane *self)
{
  self->painted = TRUE;
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->pending && self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, rebuild_idle, self, NULL);
}

/* The pane is text-heavy: before the window's first frame it waits, so that the window
 * (and the diagram) appear first and the evidence a frame later. */
static void
queue_rebuild (NpcEvidencePane *self)
{
  if (self->painted)
    {
      self->pending = FALSE;
      rebuild (self);
    }
  else
    self->pending = TRUE;
}

static void
npc_evidence_pane_map (GtkWidget *widget)
{
  NpcEvidencePane *self = NPC_EVIDENCE_PANE (widget);

  GTK_WIDGET_CLASS (npc_evidence_pane_parent_class)->map (widget);

  if (!self->painted && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (on_after_paint), self);
}

static void
npc_evidence_pane_unmap (GtkWidget *widget)
{
  NpcEvidencePane *self = NPC_EVIDENCE_PANE (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (npc_evidence_pane_parent_class)->unmap (widget);
}

void
npc_evidence_pane_set_evaluation (NpcEvidencePane *self,
                                  NpcEvaluation   *evaluation)
{
  g_return_if_fail (NPC_IS_EVIDENCE_PANE (self));
  g_return_if_fail (!evaluation || NPC_IS_EVALUATION (evaluation));

  if (!g_set_object (&self->evaluation, evaluation))
    return;

  queue_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

void
npc_evidence_pane_set_node_id (NpcEvidencePane *self,
                               const char      *node_id)
{
  g_return_if_fail (NPC_IS_EVIDENCE_PANE (self));

  if (g_strcmp0 (self->node_id, node_id) == 0)
    return;

  g_free (self->node_id);
  self->node_id = g_strdup (node_id);
  queue_rebuild (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE_ID]);
}

static void
npc_evidence_pane_dispose (GObject *object)
{
  NpcEvidencePane *self = NPC_EVIDENCE_PANE (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_EVIDENCE_PANE);
  g_clear_object (&self->evaluation);
  g_clear_pointer (&self->node_id, g_free);
  g_clear_pointer (&self->ref_widgets, g_hash_table_unref);
  self->shown = NULL;

  G_OBJECT_CLASS (npc_evidence_pane_parent_class)->dispose (object);
}

static void
npc_evidence_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NpcEvidencePane *self = NPC_EVIDENCE_PANE (object);

  switch (prop_id)
    {
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    case PROP_NODE_ID:
      g_value_set_string (value, self->node_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_evidence_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NpcEvidencePane *self = NPC_EVIDENCE_PANE (object);

  switch (prop_id)
    {
    case PROP_EVALUATION:
      npc_evidence_pane_set_evaluation (self, g_value_get_object (value));
      break;
    case PROP_NODE_ID:
      npc_evidence_pane_set_node_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_evidence_pane_class_init (NpcEvidencePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_evidence_pane_dispose;
  object_class->get_property = npc_evidence_pane_get_property;
  object_class->set_property = npc_evidence_pane_set_property;
  widget_class->map = npc_evidence_pane_map;
  widget_class->unmap = npc_evidence_pane_unmap;

  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE_ID] =
    g_param_spec_string ("node-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-evidence-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcEvidencePane, scroller);
  gtk_widget_class_bind_template_child (widget_class, NpcEvidencePane, content);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "evidencepane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
npc_evidence_pane_init (NpcEvidencePane *self)
{
  self->ref_widgets = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Evidence"),
                                  -1);
}
