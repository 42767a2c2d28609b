/* npc-presentation-slides.c — the content of each slide, from the evaluation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every slide is read from the evaluation and the guideline model: the presentation
 * formats what the engine decided, it never tests a condition itself. The text is in
 * labels, so that a screen reader reads the slides as the room sees them.
 */
#define G_LOG_DOMAIN "npc-presentation"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-diagram-view.h"
#include "npc-presentation-private.h"

/* Building blocks */

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
add_markup (GtkWidget  *box,
            const char *markup,
            const char *css_class)
{
  GtkWidget *label = add_label (box, NULL, css_class);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  return label;
}

/* "<b>Name:</b> text", escaped. */
static GtkWidget *
add_named (GtkWidget  *box,
           const char *name,
           const char *text,
           const char *css_class)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> %s", name, text);

  return add_markup (box, markup, css_class);
}

static GtkWidget *
add_heading (GtkWidget  *box,
             const char *text)
{
  return add_label (box, text, "slide-heading");
}

/* Icons take their size from the style sheet, so that they grow with the type. */
static GtkWidget *
add_icon (GtkWidget  *box,
          const char *icon_name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  /* The words beside it say the same: the icon is not read out twice. */
  gtk_widget_add_css_class (image, "slide-icon");
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  gtk_box_append (GTK_BOX (box), image);
  return image;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static char *
join_field_labels (const NpcField *const *fields,
                   guint                  n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the names of fields in a list */
        g_string_append (s, i + 1 == n ? _(" and ") : _(", "));
      g_string_append (s, fields[i]->label);
    }
  return g_string_free (s, FALSE);
}

/* The title slide */

static void
collect_condition_fields (const NpcCondition *condition,
                          GPtrArray          *fields)
{
  if (condition == NULL)
    return;
  if (condition->field != NULL && !g_ptr_array_find (fields, condition->field, NULL))
    g_ptr_array_add (fields, (gpointer) condition->field);
  for (guint i = 0; i < condition->n_children; i++)
    collect_condition_fields (condition->children[i], fields);
}

static gboolean
is_derived (NpcEvaluation  *evaluation,
            const NpcField *field)
{
  guint n = 0;
  const NpcDerived *derived = npc_evaluation_get_derived (evaluation, &n);

  for (guint i = 0; i < n; i++)
    if (derived[i].field == field)
      return TRUE;
  return FALSE;
}

/* The facts the decisions on the path read, as entered; the ones the case leaves out say
 * what the engine used instead. */
static void
add_key_facts (NpcPresentation *self,
               GtkWidget       *box,
               const NpcNode   *only)
{
  NpcGuideline *guideline = npc_evaluation_get_guideline (self->evaluation);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  const NpcStep *steps;
  guint n_steps = 0, n_fields = 0;
  GtkWidget *grid;

  npc_guideline_get_fields (guideline, &n_fields);

  steps = npc_evaluation_get_steps (self->evaluation, &n_steps);
  for (guint i = 0; i < n_steps; i++)
    if (only == NULL || steps[i].node == only)
      collect_condition_fields (steps[i].branch->condition, fields);

  /* a decision's own facts: none to show is nothing to say */
  if (only != NULL && fields->len == 0)
    return;

  /* An invalid case has no path: then every value entered is a key fact. */
  if (fields->len == 0)
    {
      const NpcField *const *all = npc_guideline_get_fields (guideline, NULL);

      for (guint i = 0; i < n_fields; i++)
        if (npc_evaluation_get_entered_value (self->evaluation, all[i]) != NULL)
          g_ptr_array_add (fields, (gpointer) all[i]);
    }

  if (fields->len == 0)
    {
      add_label (box, _("Nothing entered yet."), "slide-body");
      return;
    }

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 48);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), fields->len > 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Key facts"),
                                  -1);
  for (guint i = 0; i < fields->len; i++)
    {
      const NpcField *field = g_ptr_array_index (fields, i);
      const NpcValue *used = npc_evaluation_get_value (self->evaluation, field);
      const NpcValue *entered = npc_evaluation_get_entered_value (self->evaluation, field);
      g_autofree char *value = NULL;
      g_autofree char *text = NULL;
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label;

      if (entered != NULL)
        value = npc_value_to_text (field, entered);
      else if (used != NULL && used->known && is_derived (self->evaluation, field))
        {
          g_autofree char *v = npc_value_to_text (field, used);
          /* TRANSLATORS: a value the pathway set itself, such as "metastatic" */
          value = g_strdup_printf (_("not entered (set by the pathway: %s)"), v);
        }
      else if (used != NULL && used->known)
        {
          g_autofree char *v = npc_value_to_text (field, used);
          value = g_strdup_printf (_("%s (not entered: default)"), v);
        }
      else
        value = g_strdup (_("not known"));

      text = g_strdup_printf (_("%s:"), field->label);
      label = add_named (cell, text, value, "fact-value");
      gtk_widget_set_hexpand (label, TRUE);
      /* One column for a few facts, two when there are many, to fit one screen. */
      if (fields->len > 6)
        gtk_grid_attach (GTK_GRID (grid), cell, i % 2, i / 2, 1, 1);
      else
        gtk_grid_attach (GTK_GRID (grid), cell, 0, i, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);
}

static char *
dup_source_text (NpcGuideline *guideline)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (guideline);
  GString *s = g_string_new (NULL);

  if (meta->source_title != NULL)
    g_string_append_printf (s, _("“%s”"), meta->source_title);
  if (meta->literature_review_through != NULL && meta->last_updated != NULL)
    {
      if (s->len)
        g_string_append (s, " — ");
      g_string_append_printf (s, _("literature review current through %s, last updated %s"),
                              meta->literature_review_through, meta->last_updated);
    }
  g_string_append_printf (s, _(". Guideline %s, version %s."),
                          npc_guideline_get_id (guideline),
                          npc_guideline_get_version (guideline));
  return g_string_free (s, FALSE);
}

static const char *
case_name (NpcPresentation *self)
{
  const char *label = self->kase ? npc_case_get_label (self->kase) : NULL;

  if (label != NULL && *label)
    return label;
  return self->title ? self->title : _("New Case");
}

static void
build_title (NpcPresentation *self,
             NpcSlide        *slide)
{
  NpcGuideline *guideline = npc_evaluation_get_guideline (self->evaluation);
  const NpcMetadata *meta = npc_guideline_get_metadata (guideline);
  const char *notes = self->kase ? npc_case_get_notes (self->kase) : NULL;
  g_autofree char *source = dup_source_text (guideline);
  GtkWidget *disclaimer;

  add_label (slide->box, _("Case presentation"), "slide-kicker");
  add_label (slide->box, case_name (self), "slide-title");
  if (notes != NULL && *notes)
    add_label (slide->box, notes, "slide-body");

  add_named (slide->box, _("Source:"), source, "slide-body");

  disclaimer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  gtk_widget_add_css_class (disclaimer, "disclaimer");
  add_icon (disclaimer, "dialog-information-symbolic");
  gtk_widget_set_hexpand (add_label (disclaimer,
                                     meta->disclaimer ? meta->disclaimer
                                     : _("Decision support only: it supports, and does not "
                                         "replace, clinical judgement."),
                                     NULL),
                          TRUE);
  gtk_box_append (GTK_BOX (slide->box), disclaimer);
}

/* The facts have a slide of their own: with the disclaimer they would not fit one screen
 * in large type. */
static void
build_facts (NpcPresentation *self,
             NpcSlide        *slide)
{
  g_autofree char *kicker = g_strdup_printf (_("The case · %s"), case_name (self));

  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, _("Key facts"), "slide-title");
  /* Guessing first, the class learns the facts one decision at a time. */
  if (self->guess_first)
    {
      guint n = 0;
      const NpcNode *const *path = npc_evaluation_get_path (self->evaluation, &n);

      add_label (slide->box, _("Each decision shows the facts it reads, one at a time."),
                 "slide-hint");
      if (n > 0)
        add_key_facts (self, slide->box, path[0]);
      return;
    }
  add_key_facts (self, slide->box, NULL);
}

/* The diagram around a decision, with the patient's path so far once it is revealed. */
static void
add_diagram (NpcPresentation *self,
             NpcSlide        *slide)
{
  GtkWidget *view = npc_diagram_view_new ();
  NpcDiagramView *diagram = NPC_DIAGRAM_VIEW (view);

  npc_diagram_view_set_show_controls (diagram, FALSE);
  npc_diagram_view_set_guideline (diagram, npc_evaluation_get_guideline (self->evaluation));
  /* before the answer, the tree without the patient's highlight, so nothing is given away */
  npc_diagram_view_set_evaluation (diagram, slide->revealed || !self->guess_first
                                              ? self->evaluation : NULL);
  npc_diagram_view_show_node (diagram, slide->node->id);
  gtk_widget_set_focusable (view, FALSE);
  gtk_widget_set_can_target (view, FALSE);
  /* whatever room the slide leaves: the words come first, in type a room can read */
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_set_size_request (view, -1, 0);
  gtk_widget_add_css_class (view, "slide-diagram");
  gtk_box_append (GTK_BOX (slide->box), view);
}

/* A decision */

static void
build_decision (NpcPresentation *self,
                NpcSlide        *slide)
{
  const NpcNode *node = slide->node;
  g_autofree char *kicker = NULL;

  /* TRANSLATORS: "Decision 3 of 8 · D3" */
  kicker = g_strdup_printf (_("Decision %u of %u · %s"), slide->number, slide->count, node->id);
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, node->label ? node->label : node->id, "slide-title");

  if (!slide->revealed)
    add_label (slide->box, _("Which branch applies to this patient? Press Next to reveal it."),
               "slide-hint");

  for (guint b = 0; b < node->n_branches; b++)
    {
      const NpcBranch *branch = &node->branches[b];
      const char *reason = NULL;
      NpcBranchState state = npc_evaluation_get_branch_state (self->evaluation, node, b,
                                                              &reason, NULL);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 20);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      const char *blabel = branch->label ? branch->label : "";
      g_autofree char *status = NULL;
      const char *icon = "radio-symbolic";
      const char *css = NULL;
      GtkWidget *label;

      gtk_widget_add_css_class (row, "branch");
      if (slide->revealed)
        switch (state)
          {
          case NPC_BRANCH_TAKEN:
            icon = "object-select-symbolic";
            css = "taken";
            /* TRANSLATORS: the branch a decision took for the patient, then why */
            status = g_strdup_printf (_("This patient: %s"), reason ? reason : "");
            break;
          case NPC_BRANCH_EXCLUDED:
          case NPC_BRANCH_PREEMPTED:
            icon = "action-unavailable-symbolic";
            css = "excluded";
            status = g_strdup_printf (_("Not taken: %s"), reason ? reason : "");
            break;
          case NPC_BRANCH_UNDETERMINED:
          case NPC_BRANCH_POSSIBLE:
            {
              guint n = 0;
              const NpcField *const *needed = npc_evaluation_get_needs_input (self->evaluation, &n);

              icon = "dialog-question-symbolic";
              /* the open branch, and those after it that an answer could still take */
              css = state == NPC_BRANCH_UNDETERMINED ? "undetermined" : "possible";
              if (npc_evaluation_get_stopped_at (self->evaluation) == node && n > 0)
                {
                  g_autofree char *names = join_field_labels (needed, n);
                  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Possible if %s is known",
                                                         "Possible if %s are known", n),
                                            names);
                }
              else
                status = g_strdup_printf (_("Possible once known: %s"), reason ? reason : "");
            }
            break;
          case NPC_BRANCH_NOT_LOOKED_AT:
          default:
            css = "not-looked-at";
            status = g_strdup (_("Not considered yet: the branch above must be decided first"));
            break;
          }

      if (css != NULL)
        gtk_widget_add_css_class (row, css);
      add_icon (row, icon);

      if (state == NPC_BRANCH_TAKEN && slide->revealed)
        {
          g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", blabel);
          label = add_markup (text, markup, "branch-label");
        }
      else
        label = add_label (text, blabel, "branch-label");
      (void) label;
      if (status != NULL)
        add_label (text, status, "branch-status");
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (GTK_BOX (slide->box), row);
    }

  /* guessing first, what this decision reads comes with the question, not all at the start */
  if (self->guess_first)
    {
      GtkWidget *heading = add_heading (slide->box, _("What the decision reads"));
      GtkWidget *last = gtk_widget_get_last_child (slide->box);

      add_key_facts (self, slide->box, node);
      /* a decision that read nothing known has no facts to show */
      if (gtk_widget_get_last_child (slide->box) == last)
        gtk_box_remove (GTK_BOX (slide->box), heading);
    }
  add_diagram (self, slide);
}

/* A redirect: "continue at" another part of the tree */

static void
build_redirect (NpcPresentation *self,
                NpcSlide        *slide)
{
  const NpcNode *node = slide->node;
  g_autofree char *kicker = NULL;
  guint n_derived = 0;
  const NpcDerived *derived = npc_evaluation_get_derived (self->evaluation, &n_derived);
  gboolean any = FALSE;
  GtkWidget *row;

  kicker = g_strdup_printf (_("Continue at another branch · %s"), node->id);
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, node->label ? node->label : node->id, "slide-title");

  if (node->target != NULL)
    {
      g_autofree char *text = NULL;

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
      add_icon (row, "go-jump-symbolic");
      /* TRANSLATORS: followed by the question the pathway goes on with, and its id */
      text = g_strdup_printf (_("Continues at “%s” (%s)"),
                              node->target->label ? node->target->label : node->target->id,
                              node->target->id);
      gtk_widget_set_hexpand (add_label (row, text, "slide-subtitle"), TRUE);
      gtk_box_append (GTK_BOX (slide->box), row);
    }

  if (node->statement != NULL)
    add_label (slide->box, node->statement, "slide-body");
  if (node->strength != NULL && node->kind == NPC_NODE_REDIRECT)
    add_named (slide->box, _("Outcomes reached through it are at most:"),
               npc_strength_to_label (node->strength), "slide-body");
  else if (node->strength != NULL)
    add_named (slide->box, _("Strength:"), npc_strength_to_label (node->strength), "slide-body");

  for (guint i = 0; i < n_derived; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *name = NULL;

      if (derived[i].by != node)
        continue;
      if (!any)
        add_heading (slide->box, _("Set for the rest of the pathway"));
      any = TRUE;
      value = npc_value_to_text (derived[i].field, &derived[i].value);
      name = g_strdup_printf (_("%s:"), derived[i].field->label);
      add_named (slide->box, name, value, "slide-body");
    }
}

/* The outcome */

static void
add_bullets_heading (GtkWidget  *box,
                     gboolean   *started,
                     const char *heading)
{
  if (!*started)
    add_heading (box, heading);
  *started = TRUE;
}

static void
build_outcome (NpcPresentation *self,
               NpcSlide        *slide)
{
  NpcEvaluation *ev = self->evaluation;
  NpcOutcomeType type = npc_evaluation_get_outcome (ev);
  const NpcNode *primary = npc_evaluation_get_primary (ev);
  g_autofree char *summary = npc_evaluation_dup_summary (ev);
  g_autofree char *kicker = NULL;
  guint n = 0;

  if (primary != NULL)
    {
      NpcRating r;
      g_autofree char *rating = NULL;

      npc_evaluation_get_rating (ev, primary, &r);
      rating = npc_rating_dup_text (&r);

      /* TRANSLATORS: "Outcome LR-RT-SURG-T12 · Recommendation · strength: suggest, grade 2C" */
      kicker = rating ? g_strdup_printf (_("Outcome %s · %s · %s"), primary->id,
                                         npc_outcome_type_to_label (type), rating)
                      : g_strdup_printf (_("Outcome %s · %s"), primary->id,
                                         npc_outcome_type_to_label (type));
    }
  else
    kicker = g_strdup_printf (_("Outcome · %s"), npc_outcome_type_to_label (type));
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, summary, "slide-title");

  if (type == NPC_OUTCOME_NEEDS_INPUT)
    {
      const NpcField *const *needed = npc_evaluation_get_needs_input (ev, &n);
      const NpcNode *stopped = npc_evaluation_get_stopped_at (ev);
      g_autofree char *text = NULL;

      if (stopped != NULL)
        text = g_strdup_printf (_("The pathway stops at “%s” until these are known:"),
                                stopped->label ? stopped->label : stopped->id);
      add_label (slide->box, text ? text : _("The pathway stops until these are known:"),
                 "slide-body");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = g_strdup_printf ("• %s", needed[i]->label);

          add_label (slide->box, line, "slide-subtitle");
          if (needed[i]->help != NULL)
            gtk_widget_set_margin_start (add_label (slide->box, needed[i]->help, "slide-body"),
                                         28);
        }
      add_label (slide->box, _("No recommendation is shown until then: the pathway never "
                               "guesses a missing value."), "slide-body");
      return;
    }

  if (type == NPC_OUTCOME_VALIDATION_ERROR)
    {
      const NpcValidationError *const *errors = npc_evaluation_get_validation_errors (ev, &n);
      NpcGuideline *guideline = npc_evaluation_get_guideline (ev);

      add_label (slide->box, _("The case cannot be evaluated until these are corrected:"),
                 "slide-body");
      for (guint i = 0; i < n; i++)
        {
          const NpcField *field = errors[i]->field
                                  ? npc_guideline_lookup_field (guideline, errors[i]->field)
                                  : NULL;
          g_autofree char *name = g_strdup_printf ("%s · %s:", errors[i]->rule,
                                                   field ? field->label
                                                   : errors[i]->field ? errors[i]->field : "—");
          add_named (slide->box, name, errors[i]->message, "slide-body");
        }
      return;
    }

  if (primary == NULL)
    {
      const NpcNode *stopped = npc_evaluation_get_stopped_at (ev);

      if (stopped != NULL)
        {
          g_autofree char *text =
            g_strdup_printf (_("No branch of “%s” applies to this case: the source does not "
                               "cover it."), stopped->label ? stopped->label : stopped->id);
          add_label (slide->box, text, "slide-body");
        }
      return;
    }

  if (primary->statement != NULL)
    add_label (slide->box, primary->statement, "slide-body");
}

gboolean
_npc_presentation_has_outcome_details (NpcEvaluation *ev)
{
  const NpcNode *primary = npc_evaluation_get_primary (ev);
  guint n_alternatives = 0, n_agents = 0;

  if (primary == NULL)
    return FALSE;
  npc_evaluation_get_alternatives (ev, &n_alternatives);
  npc_evaluation_get_agents (ev, &n_agents);
  return primary->n_options > 0 || n_alternatives > 0 || n_agents > 0;
}

/* What else the outcome says: its options, the alternatives, the agents kept with their
 * caveats and the agents set aside with their reasons. */
static void
build_outcome_details (NpcPresentation *self,
                       NpcSlide        *slide)
{
  NpcEvaluation *ev = self->evaluation;
  const NpcNode *primary = npc_evaluation_get_primary (ev);
  g_autofree char *kicker = NULL;
  guint n = 0;

  g_assert (primary != NULL);

  /* TRANSLATORS: "Outcome LR-RT-SURG-T12 · options and alternatives" */
  kicker = g_strdup_printf (_("Outcome %s · options and alternatives"), primary->id);
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, primary->label, "slide-title");

  if (primary->n_options > 0)
    {
      add_heading (slide->box, primary->options_label ? primary->options_label : _("Options"));
      const char *caveat = NULL;
      guint n_opts = 0;
      const NpcEvalOption *opts = npc_evaluation_get_options (ev, primary, &n_opts, &caveat);

      for (guint i = 0; i < n_opts; i++)
        {
          g_autofree char *line = NULL;

          if (opts[i].excluded)
            line = g_strdup_printf ("✗ %s — %s", opts[i].option->text, opts[i].reason);
          else
            line = g_strdup_printf ("• %s", opts[i].option->text);
          add_label (slide->box, line, "slide-body");
        }
      if (caveat != NULL)
        add_label (slide->box, caveat, "slide-body");
    }

  {
    const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (ev, &n);
    gboolean started = FALSE;

    for (guint i = 0; i < n; i++)
      {
        add_bullets_heading (slide->box, &started, _("Alternatives"));
        if (alts[i].node != NULL)
          {
            g_autofree char *line = g_strdup_printf ("• %s", alts[i].node->label);
            add_label (slide->box, line, "slide-body");
          }
        else if (alts[i].modifier != NULL)
          {
            g_autofree char *name = g_strdup_printf ("• %s:", alts[i].modifier->label);
            add_named (slide->box, name, alts[i].modifier->statement, "slide-body");
          }
      }
  }

  {
    const NpcEvalAgent *agents = npc_evaluation_get_agents (ev, &n);
    gboolean started = FALSE;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GString) line = g_string_new (NULL);

        if (agents[i].excluded)
          continue;
        add_bullets_heading (slide->box, &started, _("Agents"));
        g_string_append_printf (line, "• %s", agents[i].agent->label);
        if (agents[i].agent->qualifier)
          g_string_append_printf (line, " (%s)", agents[i].agent->qualifier);
        for (guint j = 0; agents[i].caveats && agents[i].caveats[j]; j++)
          g_string_append_printf (line, "%s%s", j ? "; " : " — ", agents[i].caveats[j]);
        add_label (slide->box, line->str, "slide-body");
      }

    started = FALSE;
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *name = NULL;

        if (!agents[i].excluded)
          continue;
        add_bullets_heading (slide->box, &started, _("Not for this patient"));
        name = g_strdup_printf ("✗ %s:", agents[i].agent->label);
        add_named (slide->box, name, agents[i].reason ? agents[i].reason : "", "slide-body");
      }
  }
}

/* Evidence: one trial a slide, with its numbers */

static GtkWidget *
cell (GtkWidget  *grid,
      const char *text,
      int         column,
      int         row,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  /* Whole words: a column grows rather than split "nasopharyngectomy". */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (label), column == 0 ? 30 : 16);
  /* The measures take the room left; the numbers keep to their natural width. */
  gtk_widget_set_hexpand (label, column == 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (GTK_GRID (grid), label, column, row, 1, 1);
  return label;
}

static void
add_results (GtkWidget         *box,
             const NpcEvidence *ev)
{
  GtkWidget *grid;
  gboolean any_hr = FALSE, any_value = FALSE;
  int row = 1;

  for (guint r = 0; r < ev->n_results; r++)
    {
      any_hr |= ev->results[r].hazard_ratio != NULL;
      any_value |= ev->results[r].n_values > 0;
    }

  if (any_value || any_hr)
    {
      int col = 0;

      grid = gtk_grid_new ();
      gtk_grid_set_column_spacing (GTK_GRID (grid), 28);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_widget_add_css_class (grid, "trial-table");
      gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results"),
                                      -1);

      cell (grid, _("Result"), col++, 0, "heading");
      for (guint a = 0; a < ev->n_arms; a++)
        {
          g_autofree char *head = ev->arms[a].n
                                  ? g_strdup_printf (_("%s (n = %u)"), ev->arms[a].label,
                                                     ev->arms[a].n)
                                  : g_strdup (ev->arms[a].label);
          cell (grid, head, col++, 0, "heading");
        }
      if (any_hr)
        cell (grid, _("Hazard ratio"), col++, 0, "heading");

      for (guint r = 0; r < ev->n_results; r++)
        {
          const NpcResult *result = &ev->results[r];

          if (result->n_values == 0 && result->hazard_ratio == NULL)
            continue;
          col = 0;
          cell (grid, result->measure, col++, row, NULL);
          for (guint a = 0; a < ev->n_arms; a++)
            {
              const char *value = "—";

              for (guint v = 0; v < result->n_values; v++)
                if (result->values[v].arm == &ev->arms[a])
                  value = result->values[v].text;
              cell (grid, value, col++, row, NULL);
            }
          if (any_hr)
            {
              g_autofree char *hr = npc_result_dup_hazard_ratio (result, TRUE);
              cell (grid, hr ? hr : "—", col++, row, "hr");
            }
          row++;
        }
      gtk_box_append (GTK_BOX (box), grid);
    }

  for (guint r = 0; r < ev->n_results; r++)
    if (ev->results[r].summary != NULL)
      {
        g_autofree char *line = g_strdup_printf ("• %s", ev->results[r].summary);
        add_label (box, line, "slide-body");
      }
}

static void
build_evidence (NpcPresentation *self,
                NpcSlide        *slide)
{
  const NpcEvidence *ev = slide->evidence;
  g_autofree char *kicker = NULL;
  g_autoptr(GString) facts = g_string_new (NULL);

  /* TRANSLATORS: "Evidence 1 of 2 · E01" */
  kicker = g_strdup_printf (_("Evidence %u of %u · %s"), slide->number, slide->count, ev->id);
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, ev->name, "slide-title");

  if (ev->design != NULL)
    g_string_append (facts, ev->design);
  if (ev->phase != NULL)
    g_string_append_printf (facts, _(", phase %s"), ev->phase);
  if (ev->n)
    g_string_append_printf (facts, _(", n = %u"), ev->n);
  if (ev->follow_up != NULL)
    g_string_append_printf (facts, _("; follow-up %s"), ev->follow_up);
  if (facts->len > 0)
    {
      facts->str[0] = g_ascii_toupper (facts->str[0]);
      add_label (slide->box, facts->str, "slide-body");
    }
  if (ev->population != NULL)
    add_named (slide->box, _("Population:"), ev->population, "slide-body");

  add_results (slide->box, ev);
}

/* Ambiguities the path raises */

static void
build_ambiguity (NpcPresentation *self,
                 NpcSlide        *slide)
{
  const NpcAmbiguity *amb = slide->ambiguity;
  g_autofree char *kicker = NULL;

  /* TRANSLATORS: "Where the source is unclear · AMBIG-4 · 1 of 2" */
  kicker = g_strdup_printf (_("Where the source is unclear · %s · %u of %u"), amb->id,
                            slide->number, slide->count);
  add_label (slide->box, kicker, "slide-kicker");
  add_label (slide->box, amb->title ? amb->title : amb->id, "slide-title");
  if (amb->text != NULL)
    add_label (slide->box, amb->text, "slide-body");
}

/* The slides */

void
_npc_presentation_build_slide (NpcPresentation *self,
                               NpcSlide        *slide)
{
  g_autofree char *name = NULL;

  clear_box (slide->box);
  switch (slide->kind)
    {
    case NPC_SLIDE_TITLE: build_title (self, slide); break;
    case NPC_SLIDE_FACTS: build_facts (self, slide); break;
    case NPC_SLIDE_DECISION: build_decision (self, slide); break;
    case NPC_SLIDE_REDIRECT: build_redirect (self, slide); break;
    case NPC_SLIDE_OUTCOME: build_outcome (self, slide); break;
    case NPC_SLIDE_OUTCOME_DETAILS: build_outcome_details (self, slide); break;
    case NPC_SLIDE_EVIDENCE: build_evidence (self, slide); break;
    case NPC_SLIDE_AMBIGUITY: build_ambiguity (self, slide); break;
    default: g_assert_not_reached ();
    }

  /* The slide's name: its position and the first lines of its text. */
  {
    GtkWidget *kicker = gtk_widget_get_first_child (slide->box);
    GtkWidget *title = kicker ? gtk_widget_get_next_sibling (kicker) : NULL;
    guint index = 0;

    g_ptr_array_find (self->slides, slide, &index);
    name = g_strdup_printf (_("Slide %u of %u: %s"), index + 1, self->slides->len,
                            title && GTK_IS_LABEL (title)
                            ? gtk_label_get_text (GTK_LABEL (title)) : "");
    gtk_accessible_update_property (GTK_ACCESSIBLE (slide->box),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  }
}
