/* npc-outcome-banner.c — the outcome of the evaluation, in plain words
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-outcome-banner"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-audit.h"
#include "npc-condition.h"
#include "npc-outcome-banner.h"

struct _NpcOutcomeBanner
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkImage      *icon;
  GtkLabel      *summary_label;
  GtkLabel      *details_label;
  GtkScrolledWindow *details_scroller;
  GtkWidget     *expand_button;
  GtkWidget     *needed_button;
  GtkLabel      *decision_label;

  NpcEvaluation *evaluation;
  NpcDecision   *decision;
  char          *summary;
  char          *details;
  char          *decision_text;
};

G_DEFINE_FINAL_TYPE (NpcOutcomeBanner, npc_outcome_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVALUATION,
  PROP_DECISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ANSWER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *kind_classes[] = {
  "recommendation", "evaluation-step", "no-recommendation", "out-of-scope", "not-covered",
  "needs-input", "validation-error",
};

GtkWidget *
npc_outcome_banner_new (void)
{
  return g_object_new (NPC_TYPE_OUTCOME_BANNER, NULL);
}

NpcEvaluation *
npc_outcome_banner_get_evaluation (NpcOutcomeBanner *self)
{
  g_return_val_if_fail (NPC_IS_OUTCOME_BANNER (self), NULL);
  return self->evaluation;
}

const char *
npc_outcome_banner_get_summary (NpcOutcomeBanner *self)
{
  g_return_val_if_fail (NPC_IS_OUTCOME_BANNER (self), NULL);
  return self->summary;
}

const char *
npc_outcome_banner_get_details (NpcOutcomeBanner *self)
{
  g_return_val_if_fail (NPC_IS_OUTCOME_BANNER (self), NULL);
  return self->details;
}

const NpcDecision *
npc_outcome_banner_get_decision (NpcOutcomeBanner *self)
{
  g_return_val_if_fail (NPC_IS_OUTCOME_BANNER (self), NULL);
  return self->decision;
}

const char *
npc_outcome_banner_get_decision_text (NpcOutcomeBanner *self)
{
  g_return_val_if_fail (NPC_IS_OUTCOME_BANNER (self), NULL);
  return self->decision_text;
}

static const char *verdict_classes[] = {
  "decision-on", "decision-alternative", "decision-off", "decision-unassessable",
};

/* The recorded decision against the pathway, in one sentence, classified as the audit
 * classifies it. */
static char *
dup_decision_text (NpcOutcomeBanner *self,
                   const char      **css_class)
{
  NpcGuideline *guideline;
  NpcAuditBlock block = NPC_AUDIT_ASSESSABLE;
  g_autofree char *reason = NULL;

  *css_class = NULL;
  if (self->evaluation == NULL || npc_decision_is_empty (self->decision))
    return NULL;

  guideline = npc_evaluation_get_guideline (self->evaluation);
  if (guideline != NULL && !npc_decision_check (self->decision, guideline, NULL))
    {
      *css_class = "decision-unassessable";
      /* TRANSLATORS: %s is the outcome id a case file records, unknown to the guideline */
      return g_strdup_printf (_("Decision: “%s” is not an outcome of this guideline"),
                              self->decision->outcome);
    }

  switch (npc_decision_classify (self->decision, self->evaluation, &block))
    {
    case NPC_AUDIT_ON_PRIMARY:
      *css_class = "decision-on";
      return g_strdup (_("Decision: on the pathway"));
    case NPC_AUDIT_ON_ALTERNATIVE:
      *css_class = "decision-alternative";
      return g_strdup (_("Decision: an alternative of the pathway"));
    case NPC_AUDIT_OFF_PATHWAY:
      *css_class = "decision-off";
      reason = self->decision->reason ? g_strstrip (g_strdup (self->decision->reason)) : NULL;
      if (reason != NULL && *reason != '\0')
        /* TRANSLATORS: %s is the reason the board gave for leaving the pathway */
        return g_strdup_printf (_("Decision: off the pathway (%s)"), reason);
      return g_strdup (_("Decision: off the pathway — reason not given"));
    case NPC_AUDIT_NOT_ASSESSABLE:
    default:
      *css_class = "decision-unassessable";
      if (block == NPC_AUDIT_INVALID)
        return g_strdup (_("Decision: not assessable while the case has errors"));
      if (block == NPC_AUDIT_NEEDS_INPUT)
        return g_strdup (_("Decision: not assessable while the case needs input"));
      return NULL;
    }
}

static void
update_decision (NpcOutcomeBanner *self)
{
  const char *css_class = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->decision_label), verdict_classes[i]);
  g_clear_pointer (&self->decision_text, g_free);
  self->decision_text = dup_decision_text (self, &css_class);
  gtk_label_set_text (self->decision_label, self->decision_text ? self->decision_text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->decision_label), self->decision_text);
  gtk_widget_set_visible (GTK_WIDGET (self->decision_label), self->decision_text != NULL);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->decision_label), css_class);
}

static void
update_accessible (NpcOutcomeBanner *self)
{
  g_autofree char *description = g_strdup_printf ("%s%s%s%s%s",
                                                  self->summary ? self->summary : "",
                                                  self->decision_text ? "\n" : "",
                                                  self->decision_text ? self->decision_text : "",
                                                  self->details ? "\n" : "",
                                                  self->details ? self->details : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static const char *
icon_for (NpcOutcomeType type)
{
  switch (type)
    {
    case NPC_OUTCOME_RECOMMENDATION:
      return "emblem-ok-symbolic";
    case NPC_OUTCOME_EVALUATION_STEP:
      return "system-search-symbolic";
    case NPC_OUTCOME_NO_RECOMMENDATION:
    case NPC_OUTCOME_NOT_COVERED:
      return "dialog-question-symbolic";
    case NPC_OUTCOME_OUT_OF_SCOPE:
      return "go-jump-symbolic";
    case NPC_OUTCOME_NEEDS_INPUT:
      return "document-edit-symbolic";
    case NPC_OUTCOME_VALIDATION_ERROR:
    default:
      return "dialog-error-symbolic";
    }
}

static void
update (NpcOutcomeBanner *self)
{
  NpcOutcomeType type;
  GString *details;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    gtk_widget_remove_css_class (self->box, kind_classes[i]);

  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->details, g_free);

  update_decision (self);
  if (self->evaluation == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      gtk_label_set_text (self->details_label, "");
      gtk_widget_set_visible (self->needed_button, FALSE);
      update_accessible (self);
      return;
    }

  type = npc_evaluation_get_outcome (self->evaluation);
  if ((guint) type < G_N_ELEMENTS (kind_classes))
    gtk_widget_add_css_class (self->box, kind_classes[type]);
  gtk_image_set_from_icon_name (self->icon, icon_for (type));

  self->summary = npc_evaluation_dup_summary (self->evaluation);
  gtk_label_set_text (self->summary_label, self->summary);
  /* the whole sentence, where two lines cut it */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), self->summary);

  details = g_string_new (NULL);

  {
    const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n);
    GString *names = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        const char *label = alts[i].node ? alts[i].node->label
                          : alts[i].modifier ? alts[i].modifier->label : NULL;
        if (label == NULL)
          continue;
        g_string_append_printf (names, "%s%s", names->len ? "; " : "", label);
      }
    if (names->len > 0)
      g_string_append_printf (details, _("Also: %s"), names->str);
    g_string_free (names, TRUE);
  }

  {
    /* The agents the recommendation names, with what each rests on or what the review says
     * of it for this patient ("may be preferred"). */
    const NpcEvalAgent *agents = npc_evaluation_get_agents (self->evaluation, &n);
    GString *names = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        if (agents[i].excluded)
          continue;
        g_string_append_printf (names, "%s%s", names->len ? "; " : "", agents[i].agent->label);
        for (guint k = 0; agents[i].caveats && agents[i].caveats[k]; k++)
          g_string_append_printf (names, "%s%s", k ? ", " : " — ", agents[i].caveats[k]);
      }
    if (names->len > 0)
      {
        if (details->len)
          g_string_append_c (details, '\n');
        /* TRANSLATORS: followed by the agents of the recommendation */
        g_string_append_printf (details, _("Agents: %s"), names->str);
      }
    g_string_free (names, TRUE);
  }

  {
    const NpcField *const *needed = npc_evaluation_get_needs_input (self->evaluation, &n);
    GString *names = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      g_string_append_printf (names, "%s%s", i ? ", " : "", needed[i]->label);
    /* The summary already says it when input is all that is missing. */
    if (n > 0 && type != NPC_OUTCOME_NEEDS_INPUT)
      {
        if (details->len)
          g_string_append_c (details, '\n');
        /* TRANSLATORS: followed by the names of form fields */
        g_string_append_printf (details, _("Needs input: %s"), names->str);
      }
    g_string_free (names, TRUE);
  }

  /* Where the work-up is to be completed first, the answers to revisit are one key away too. */
  {
    g_autoptr(GPtrArray) to_complete = npc_evaluation_dup_fields_to_complete (self->evaluation);

    if (type == NPC_OUTCOME_EVALUATION_STEP && to_complete->len > 0)
      {
        GString *names = g_string_new (NULL);

        for (guint i = 0; i < to_complete->len; i++)
          g_string_append_printf (names, "%s%s", i ? ", " : "",
                                  ((const NpcField *) g_ptr_array_index (to_complete, i))->label);
        if (details->len)
          g_string_append_c (details, '\n');
        /* TRANSLATORS: followed by the names of form fields to update once the work-up is done */
        g_string_append_printf (details, _("Update once done: %s"), names->str);
        g_string_free (names, TRUE);
      }
    gtk_widget_set_visible (self->needed_button, to_complete->len > 0);
  }

  {
    const NpcValidationError *const *errors =
      npc_evaluation_get_validation_errors (self->evaluation, &n);
    NpcGuideline *guideline = npc_evaluation_get_guideline (self->evaluation);

    for (guint i = 0; i < n; i++)
      {
        const NpcField *field = errors[i]->field && guideline
                                ? npc_guideline_lookup_field (guideline, errors[i]->field) : NULL;

        g_string_append_printf (details, "%s%s (%s): %s", details->len ? "\n" : "",
                                errors[i]->rule,
                                field ? field->label : errors[i]->field ? errors[i]->field : "—",
                                errors[i]->message);
      }
  }

  /* While input is needed: what each answer can lead to. */
  if (type == NPC_OUTCOME_NEEDS_INPUT)
    {
      g_autofree char *possible = npc_evaluation_dup_possible_summary (self->evaluation, 3);

      if (possible != NULL)
        {
          if (details->len)
            g_string_append_c (details, '\n');
          /* TRANSLATORS: followed by the outcomes each answer can lead to */
          g_string_append_printf (details, _("Possible: %s"), possible);
        }
    }

  self->details = g_string_free (details, FALSE);

  /* What the outcome rests on that nobody entered, each with a way to answer it. */
  {
    g_autoptr(GString) markup = g_string_new (NULL);
    g_autofree char *escaped = g_markup_escape_text (self->details, -1);
    const NpcAssumption *assumptions = NULL;
    guint n_assumptions = 0;

    g_string_append (markup, escaped);
    if (type != NPC_OUTCOME_VALIDATION_ERROR)
      assumptions = npc_evaluation_get_assumptions (self->evaluation, &n_assumptions);
    for (guint i = 0; i < n_assumptions; i++)
      {
        g_autofree char *value = npc_value_to_text (assumptions[i].field, &assumptions[i].value);
        g_autofree char *line = NULL;
        g_autofree char *line_markup = NULL;
        g_autofree char *link = NULL;
        char *joined;

        /* TRANSLATORS: a value the outcome rests on that was not entered: the field's label and
         * the value taken, as in "Assumes “Declines surgery” is no (not entered)" */
        line = g_strdup_printf (assumptions[i].source == NPC_SOURCE_DERIVED
                                  ? _("Assumes “%s” is %s (set by the pathway)")
                                  : _("Assumes “%s” is %s (not entered)"),
                                assumptions[i].field->label, value);
        line_markup = g_markup_escape_text (line, -1);
        link = g_markup_printf_escaped ("<a href=\"answer:%s\">%s</a>",
                                        assumptions[i].field->id, _("Answer"));
        g_string_append_printf (markup, "%s%s · %s", markup->len ? "\n" : "", line_markup, link);
        joined = g_strconcat (self->details, *self->details ? "\n" : "", line, NULL);
        g_free (self->details);
        self->details = joined;
      }
    gtk_label_set_markup (self->details_label, markup->str);
  }
  gtk_widget_set_sensitive (self->expand_button, self->details[0] != '\0');

  update_accessible (self);
}

void
npc_outcome_banner_set_evaluation (NpcOutcomeBanner *self,
                                   NpcEvaluation    *evaluation)
{
  g_return_if_fail (NPC_IS_OUTCOME_BANNER (self));
  g_return_if_fail (!evaluation || NPC_IS_EVALUATION (evaluation));

  if (!g_set_object (&self->evaluation, evaluation))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

static gboolean
decision_equal (const NpcDecision *a,
                const NpcDecision *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->outcome, b->outcome) == 0 && g_strcmp0 (a->treatment, b->treatment) == 0 &&
         g_strcmp0 (a->date, b->date) == 0 && g_strcmp0 (a->reason, b->reason) == 0 &&
         ((a->agents == NULL || b->agents == NULL)
            ? a->agents == b->agents
            : g_strv_equal ((const char *const *) a->agents, (const char *const *) b->agents));
}

void
npc_outcome_banner_set_decision (NpcOutcomeBanner  *self,
                                 const NpcDecision *decision)
{
  g_return_if_fail (NPC_IS_OUTCOME_BANNER (self));

  if (decision_equal (self->decision, decision))
    return;
  g_clear_pointer (&self->decision, npc_decision_free);
  self->decision = decision ? npc_decision_copy (decision) : NULL;
  update_decision (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
}

static void
npc_outcome_banner_dispose (GObject *object)
{
  NpcOutcomeBanner *self = NPC_OUTCOME_BANNER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_OUTCOME_BANNER);
  g_clear_object (&self->evaluation);
  g_clear_pointer (&self->decision, npc_decision_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->decision_text, g_free);

  G_OBJECT_CLASS (npc_outcome_banner_parent_class)->dispose (object);
}

static void
npc_outcome_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  NpcOutcomeBanner *self = NPC_OUTCOME_BANNER (object);

  switch (prop_id)
    {
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    case PROP_DECISION:
      g_value_set_boxed (value, self->decision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_outcome_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  NpcOutcomeBanner *self = NPC_OUTCOME_BANNER (object);

  switch (prop_id)
    {
    case PROP_EVALUATION:
      npc_outcome_banner_set_evaluation (self, g_value_get_object (value));
      break;
    case PROP_DECISION:
      npc_outcome_banner_set_decision (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_outcome_banner_class_init (NpcOutcomeBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_outcome_banner_dispose;
  object_class->get_property = npc_outcome_banner_get_property;
  object_class->set_property = npc_outcome_banner_set_property;

  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the case's meta.decision, shown against the evaluation */
  properties[PROP_DECISION] =
    g_param_spec_boxed ("decision", NULL, NULL, NPC_TYPE_DECISION,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NpcOutcomeBanner::answer:
   * @field_id: a field the outcome rests on that nobody entered
   *
   * The user asked to answer it.
   */
  signals[ANSWER] = g_signal_new ("answer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-outcome-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, box);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, details_label);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, needed_button);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, details_scroller);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, expand_button);
  gtk_widget_class_bind_template_child (widget_class, NpcOutcomeBanner, decision_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "outcomebanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static gboolean
on_activate_link (GtkLabel         *label,
                  const char       *uri,
                  NpcOutcomeBanner *self)
{
  if (!g_str_has_prefix (uri, "answer:"))
    return FALSE;
  g_signal_emit (self, signals[ANSWER], 0, uri + strlen ("answer:"));
  return TRUE;
}

/* The details take two lines whatever their length; all of them on request. */
static void
on_expand_toggled (GtkToggleButton  *button,
                   NpcOutcomeBanner *self)
{
  gboolean all = gtk_toggle_button_get_active (button);

  gtk_scrolled_window_set_max_content_height (self->details_scroller, all ? 480 : 64);
  gtk_button_set_icon_name (GTK_BUTTON (button), all ? "pan-up-symbolic" : "pan-down-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), all ? _("Show Fewer Details")
                                                        : _("Show All Details"));
}

static void
npc_outcome_banner_init (NpcOutcomeBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->expand_button, "toggled", G_CALLBACK (on_expand_toggled), self);
  g_signal_connect (self->details_label, "activate-link", G_CALLBACK (on_activate_link), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->expand_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show all details"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Outcome"),
                                  -1);
}
