/* npc-decision-group.c — the tumour board's decision, at the end of the case form
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes meta.patient, meta.clinician and meta.decision of the case as they are typed, and
 * reads them back when the case changes from elsewhere. The decision is chosen among the
 * pathway's primary, the alternatives it shows, every other outcome of the guideline, or a
 * treatment in words; the list follows the evaluation, but what is recorded is an outcome id
 * and changes only when the user chooses another. How a decision stands against the pathway
 * is the core's npc_decision_classify(), as for the audit and the banner.
 */
#define G_LOG_DOMAIN "npc-decision-group"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-audit.h"
#include "npc-decision-group.h"

struct _NpcDecisionGroup
{
  AdwPreferencesGroup parent_instance;

  /* Template children */
  AdwActionRow   *name_row;
  GtkEditable    *name_entry;
  AdwActionRow   *id_row;
  GtkEditable    *id_entry;
  AdwActionRow   *birth_row;
  GtkWidget      *birth_status;
  GtkEditable    *birth_entry;
  AdwActionRow   *clinician_row;
  GtkEditable    *clinician_entry;
  AdwComboRow    *outcome_row;
  AdwActionRow   *treatment_row;
  GtkWidget      *treatment_status;
  GtkEditable    *treatment_entry;
  AdwActionRow   *date_row;
  GtkWidget      *date_status;
  GtkEditable    *date_entry;
  GtkWidget      *today_button;
  AdwActionRow   *reason_row;
  GtkWidget      *reason_status;
  GtkEditable    *reason_entry;

  NpcGuideline   *guideline;
  NpcCase        *kase;
  NpcEvaluation  *evaluation;

  /* The choices of the decision row: outcome ids (NULL for "Not recorded", first, and for
   * "Other treatment", last) and what the list shows for each. */
  GPtrArray      *choice_ids;
  GPtrArray      *choice_labels;
  GtkStringList  *choices;

  char           *birth_error;
  char           *date_error;
  guint           updating;
  guint           other_chosen : 1;
  guint           reason_needed : 1;
  guint           treatment_needed : 1;
};

G_DEFINE_FINAL_TYPE (NpcDecisionGroup, npc_decision_group, ADW_TYPE_PREFERENCES_GROUP)

GtkWidget *
npc_decision_group_new (void)
{
  return g_object_new (NPC_TYPE_DECISION_GROUP, NULL);
}

/* NULL for blank text; else the text without surrounding spaces. */
static char *
dup_text (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_text (GtkEditable *editable,
          const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text ? text : "") != 0)
    gtk_editable_set_text (editable, text ? text : "");
}

/* A date as typed: NULL and no error when blank; the date when valid; else NULL and the
 * error to show. A wrong date is never recorded. */
static char *
dup_date (GtkEditable  *editable,
          char        **error)
{
  g_autofree char *text = dup_text (editable);

  g_clear_pointer (error, g_free);
  if (text == NULL || npc_date_is_valid (text))
    return g_steal_pointer (&text);
  /* TRANSLATORS: shown at a date field; %s is what was typed. Keep YYYY-MM-DD as it is. */
  *error = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD. Not recorded until "
                              "it is."), text);
  return NULL;
}

/* The choices */

static const char *
outcome_label (NpcDecisionGroup *self,
               const char       *id)
{
  const NpcNode *node = npc_guideline_lookup_node (self->guideline, id);
  const NpcModifier *modifier;

  if (node != NULL && node->kind == NPC_NODE_OUTCOME)
    return node->label;
  modifier = npc_guideline_lookup_modifier (self->guideline, id);
  return modifier != NULL ? modifier->label : NULL;
}

static gboolean
has_choice (GPtrArray  *ids,
            const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

static void
add_choice (GPtrArray  *ids,
            GPtrArray  *labels,
            const char *id,
            char       *label)
{
  g_ptr_array_add (ids, g_strdup (id));
  g_ptr_array_add (labels, label);
}

static guint
current_position (NpcDecisionGroup *self)
{
  const NpcDecision *decision = self->kase ? npc_case_get_decision (self->kase) : NULL;
  guint other = self->choice_ids->len - 1;

  if (decision != NULL && decision->outcome != NULL)
    {
      for (guint i = 1; i < other; i++)
        if (g_strcmp0 (g_ptr_array_index (self->choice_ids, i), decision->outcome) == 0)
          return i;
    }
  if (self->other_chosen || !npc_decision_is_empty (decision))
    return other;
  return 0;
}

static void
select_current (NpcDecisionGroup *self)
{
  guint position = current_position (self);

  self->other_chosen = position == self->choice_ids->len - 1;
  self->updating++;
  if (adw_combo_row_get_selected (self->outcome_row) != position)
    adw_combo_row_set_selected (self->outcome_row, position);
  self->updating--;
}

/* The pathway's primary and alternatives first, as the evaluation has them now; then every
 * other outcome in the guideline's order; the recorded outcome always, even one the guideline
 * does not know, so that it is shown and never lost. */
static void
rebuild_choices (NpcDecisionGroup *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const NpcDecision *decision = self->kase ? npc_case_get_decision (self->kase) : NULL;
  gboolean same;

  add_choice (ids, labels, NULL, g_strdup (_("Not recorded")));
  if (self->guideline != NULL)
    {
      const NpcNode *primary = NULL;
      const NpcNode *const *nodes;
      guint n = 0;

      if (self->evaluation != NULL &&
          npc_evaluation_get_outcome (self->evaluation) != NPC_OUTCOME_VALIDATION_ERROR &&
          npc_evaluation_get_outcome (self->evaluation) != NPC_OUTCOME_NEEDS_INPUT)
        primary = npc_evaluation_get_primary (self->evaluation);
      if (primary != NULL)
        {
          const NpcEvalAlternative *alts = npc_evaluation_get_alternatives (self->evaluation, &n);

          /* TRANSLATORS: a choice of the board's decision; %s is the outcome */
          add_choice (ids, labels, primary->id,
                      g_strdup_printf (_("The pathway’s recommendation: %s"), primary->label));
          for (guint i = 0; i < n; i++)
            {
              const char *id = alts[i].node ? alts[i].node->id
                             : alts[i].modifier ? alts[i].modifier->id : NULL;
              const char *label = alts[i].node ? alts[i].node->label
                                : alts[i].modifier ? alts[i].modifier->label : NULL;

              if (id == NULL || label == NULL || has_choice (ids, id))
                continue;
              /* TRANSLATORS: a choice of the board's decision; %s is the outcome */
              add_choice (ids, labels, id,
                          g_strdup_printf (_("An alternative of the pathway: %s"), label));
            }
        }

      nodes = npc_guideline_get_nodes (self->guideline, &n);
      for (guint i = 0; i < n; i++)
        if (nodes[i]->kind == NPC_NODE_OUTCOME && !has_choice (ids, nodes[i]->id))
          add_choice (ids, labels, nodes[i]->id, g_strdup (nodes[i]->label));
    }
  if (decision != NULL && decision->outcome != NULL && !has_choice (ids, decision->outcome))
    {
      const char *label = self->guideline ? outcome_label (self, decision->outcome) : NULL;

      add_choice (ids, labels, decision->outcome,
                  label != NULL ? g_strdup (label)
                  /* TRANSLATORS: a recorded decision names an outcome id the guideline lacks */
                  : g_strdup_printf (_("Not in this guideline: %s"), decision->outcome));
    }
  add_choice (ids, labels, NULL, g_strdup (_("Other treatment, in words")));

  same = self->choice_ids != NULL && self->choice_ids->len == ids->len;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_strcmp0 (g_ptr_array_index (ids, i), g_ptr_array_index (self->choice_ids, i)) == 0 &&
           g_strcmp0 (g_ptr_array_index (labels, i),
                      g_ptr_array_index (self->choice_labels, i)) == 0;
  if (!same)
    {
      g_ptr_array_add (labels, NULL);
      self->updating++;
      gtk_string_list_splice (self->choices, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->choices)),
                              (const char *const *) labels->pdata);
      self->updating--;
      g_ptr_array_set_size (labels, labels->len - 1);
      g_clear_pointer (&self->choice_ids, g_ptr_array_unref);
      g_clear_pointer (&self->choice_labels, g_ptr_array_unref);
      self->choice_ids = g_steal_pointer (&ids);
      self->choice_labels = g_steal_pointer (&labels);
    }
  select_current (self);
}

/* The marks: a date that is not one, a reason the pathway asks for, a treatment to name */

static void
set_mark (AdwActionRow *row,
          GtkWidget    *status,
          GtkEditable  *entry,
          const char   *error,
          const char   *needed)
{
  const char *text = error ? error : needed;

  adw_action_row_set_subtitle (row, text ? text : "");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "field-error");
  if (needed != NULL && error == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "needed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "needed");
  if (status != NULL)
    {
      gtk_widget_set_opacity (status, text ? 1.0 : 0.0);
      gtk_widget_set_tooltip_text (status, text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "",
                                  -1);
}

static void
update_marks (NpcDecisionGroup *self)
{
  const NpcDecision *decision = self->kase ? npc_case_get_decision (self->kase) : NULL;
  g_autofree char *reason = dup_text (self->reason_entry);
  g_autofree char *treatment = dup_text (self->treatment_entry);

  self->reason_needed = FALSE;
  if (self->evaluation != NULL && decision != NULL && reason == NULL)
    self->reason_needed = npc_decision_classify (decision, self->evaluation, NULL)
                          == NPC_AUDIT_OFF_PATHWAY;
  self->treatment_needed = self->other_chosen && treatment == NULL;

  set_mark (self->birth_row, self->birth_status, self->birth_entry, self->birth_error, NULL);
  set_mark (self->date_row, self->date_status, self->date_entry, self->date_error, NULL);
  set_mark (self->reason_row, self->reason_status, self->reason_entry, NULL,
            self->reason_needed ? _("Needed: the decision is off the pathway") : NULL);
  set_mark (self->treatment_row, self->treatment_status, self->treatment_entry, NULL,
            self->treatment_needed ? _("Needed: the treatment the guideline does not name")
                                   : NULL);
}

/* From the case into the widgets */

static void
load_patient (NpcDecisionGroup *self)
{
  const NpcPatient *patient = self->kase ? npc_case_get_patient (self->kase) : NULL;

  self->updating++;
  set_text (self->name_entry, patient ? patient->name : NULL);
  set_text (self->id_entry, patient ? patient->id : NULL);
  set_text (self->birth_entry, patient ? patient->birth_date : NULL);
  g_clear_pointer (&self->birth_error, g_free);
  self->updating--;
}

static void
load_clinician (NpcDecisionGroup *self)
{
  self->updating++;
  set_text (self->clinician_entry, self->kase ? npc_case_get_clinician (self->kase) : NULL);
  self->updating--;
}

static void
load_decision (NpcDecisionGroup *self)
{
  const NpcDecision *decision = self->kase ? npc_case_get_decision (self->kase) : NULL;

  self->updating++;
  set_text (self->treatment_entry, decision ? decision->treatment : NULL);
  set_text (self->date_entry, decision ? decision->date : NULL);
  set_text (self->reason_entry, decision ? decision->reason : NULL);
  g_clear_pointer (&self->date_error, g_free);
  self->other_chosen = FALSE;
  self->updating--;
  rebuild_choices (self);
}

static void
load_all (NpcDecisionGroup *self)
{
  load_patient (self);
  load_clinician (self);
  load_decision (self);
  update_marks (self);
}

static void
on_case_patient (NpcDecisionGroup *self)
{
  if (self->updating == 0)
    {
      load_patient (self);
      update_marks (self);
    }
}

static void
on_case_clinician (NpcDecisionGroup *self)
{
  if (self->updating == 0)
    load_clinician (self);
}

static void
on_case_decision (NpcDecisionGroup *self)
{
  if (self->updating == 0)
    {
      load_decision (self);
      update_marks (self);
    }
}

/* From the widgets into the case */

static void
on_patient_changed (NpcDecisionGroup *self)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *birth = NULL;
  NpcPatient patient;

  if (self->updating > 0 || self->kase == NULL)
    return;
  name = dup_text (self->name_entry);
  id = dup_text (self->id_entry);
  birth = dup_date (self->birth_entry, &self->birth_error);
  patient = (NpcPatient) { .name = name, .id = id, .birth_date = birth };
  self->updating++;
  npc_case_set_patient (self->kase, &patient);
  self->updating--;
  update_marks (self);
}

static void
on_clinician_changed (NpcDecisionGroup *self)
{
  g_autofree char *clinician = NULL;

  if (self->updating > 0 || self->kase == NULL)
    return;
  clinician = dup_text (self->clinician_entry);
  self->updating++;
  npc_case_set_clinician (self->kase, clinician);
  self->updating--;
}

static void
write_decision (NpcDecisionGroup *self)
{
  const NpcDecision *old = npc_case_get_decision (self->kase);
  guint position = adw_combo_row_get_selected (self->outcome_row);
  g_autofree char *treatment = dup_text (self->treatment_entry);
  g_autofree char *reason = dup_text (self->reason_entry);
  g_autofree char *date = dup_date (self->date_entry, &self->date_error);
  NpcDecision decision = {
    .outcome = position < self->choice_ids->len ? g_ptr_array_index (self->choice_ids, position)
                                                : NULL,
    .treatment = treatment,
    /* the agents are not edited here: they are kept as recorded */
    .agents = old ? old->agents : NULL,
    .date = date,
    .reason = reason,
  };
  g_autoptr(NpcDecision) copy = npc_decision_copy (&decision);

  self->updating++;
  npc_case_set_decision (self->kase, copy);
  self->updating--;
  /* a treatment without an outcome is "Other treatment" */
  select_current (self);
  update_marks (self);
}

static void
on_outcome_selected (NpcDecisionGroup *self)
{
  guint position = adw_combo_row_get_selected (self->outcome_row);

  if (self->updating > 0 || self->kase == NULL || self->choice_ids == NULL)
    return;
  self->other_chosen = position == self->choice_ids->len - 1;
  write_decision (self);
}

static void
on_decision_changed (NpcDecisionGroup *self)
{
  if (self->updating > 0 || self->kase == NULL || self->choice_ids == NULL)
    return;
  write_decision (self);
}

static void
on_today_clicked (NpcDecisionGroup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_editable_set_text (self->date_entry, today);
}

/* The list of choices shows each whole, wrapped, as the form's other drop-downs do. */
static void
on_item_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
on_item_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

/* Public */

void
npc_decision_group_set_guideline (NpcDecisionGroup *self,
                                  NpcGuideline     *guideline)
{
  g_return_if_fail (NPC_IS_DECISION_GROUP (self));
  g_return_if_fail (!guideline || NPC_IS_GUIDELINE (guideline));

  if (!g_set_object (&self->guideline, guideline))
    return;
  rebuild_choices (self);
}

void
npc_decision_group_set_case (NpcDecisionGroup *self,
                             NpcCase          *kase)
{
  g_return_if_fail (NPC_IS_DECISION_GROUP (self));
  g_return_if_fail (!kase || NPC_IS_CASE (kase));

  if (self->kase == kase)
    return;
  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_data (self->kase, self);
  g_set_object (&self->kase, kase);
  if (self->kase != NULL)
    {
      g_signal_connect_object (self->kase, "notify::patient", G_CALLBACK (on_case_patient), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->kase, "notify::clinician", G_CALLBACK (on_case_clinician),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->kase, "notify::decision", G_CALLBACK (on_case_decision),
                               self, G_CONNECT_SWAPPED);
    }
  load_all (self);
}

void
npc_decision_group_set_evaluation (NpcDecisionGroup *self,
                                   NpcEvaluation    *evaluation)
{
  g_return_if_fail (NPC_IS_DECISION_GROUP (self));
  g_return_if_fail (!evaluation || NPC_IS_EVALUATION (evaluation));

  if (!g_set_object (&self->evaluation, evaluation))
    return;
  rebuild_choices (self);
  update_marks (self);
}

GtkWidget *
npc_decision_group_get_control (NpcDecisionGroup *self,
                                const char       *name)
{
  static const struct { const char *name; goffset offset; } controls[] = {
    { "patient-name", G_STRUCT_OFFSET (NpcDecisionGroup, name_entry) },
    { "patient-id", G_STRUCT_OFFSET (NpcDecisionGroup, id_entry) },
    { "birth-date", G_STRUCT_OFFSET (NpcDecisionGroup, birth_entry) },
    { "clinician", G_STRUCT_OFFSET (NpcDecisionGroup, clinician_entry) },
    { "outcome", G_STRUCT_OFFSET (NpcDecisionGroup, outcome_row) },
    { "treatment", G_STRUCT_OFFSET (NpcDecisionGroup, treatment_entry) },
    { "date", G_STRUCT_OFFSET (NpcDecisionGroup, date_entry) },
    { "today", G_STRUCT_OFFSET (NpcDecisionGroup, today_button) },
    { "reason", G_STRUCT_OFFSET (NpcDecisionGroup, reason_entry) },
  };

  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (g_str_equal (controls[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, controls[i].offset);
  return NULL;
}

const char *
npc_decision_group_get_error (NpcDecisionGroup *self,
                              const char       *name)
{
  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), NULL);

  if (g_strcmp0 (name, "birth-date") == 0)
    return self->birth_error;
  if (g_strcmp0 (name, "date") == 0)
    return self->date_error;
  return NULL;
}

gboolean
npc_decision_group_get_reason_needed (NpcDecisionGroup *self)
{
  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), FALSE);
  return self->reason_needed && gtk_widget_get_opacity (self->reason_status) > 0.5;
}

const char *
npc_decision_group_get_choice_id (NpcDecisionGroup *self,
                                  guint             position)
{
  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), NULL);
  return position < self->choice_ids->len ? g_ptr_array_index (self->choice_ids, position) : NULL;
}

int
npc_decision_group_find_choice (NpcDecisionGroup *self,
                                const char       *outcome_id)
{
  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), -1);

  for (guint i = 0; outcome_id != NULL && i < self->choice_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->choice_ids, i), outcome_id) == 0)
      return (int) i;
  return -1;
}

guint
npc_decision_group_get_other_position (NpcDecisionGroup *self)
{
  g_return_val_if_fail (NPC_IS_DECISION_GROUP (self), 0);
  return self->choice_ids->len - 1;
}

static void
npc_decision_group_dispose (GObject *object)
{
  NpcDecisionGroup *self = NPC_DECISION_GROUP (object);

  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_data (self->kase, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_DECISION_GROUP);
  g_clear_object (&self->kase);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->guideline);
  g_clear_object (&self->choices);
  g_clear_pointer (&self->choice_ids, g_ptr_array_unref);
  g_clear_pointer (&self->choice_labels, g_ptr_array_unref);
  g_clear_pointer (&self->birth_error, g_free);
  g_clear_pointer (&self->date_error, g_free);

  G_OBJECT_CLASS (npc_decision_group_parent_class)->dispose (object);
}

static void
npc_decision_group_class_init (NpcDecisionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_decision_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-decision-group.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, name_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, id_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, id_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, birth_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, birth_status);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, birth_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, clinician_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, clinician_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, treatment_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, treatment_status);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, treatment_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, date_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, date_status);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, date_entry);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, today_button);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, reason_row);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, reason_status);
  gtk_widget_class_bind_template_child (widget_class, NpcDecisionGroup, reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_patient_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_clinician_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_decision_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked);
}

static void
npc_decision_group_init (NpcDecisionGroup *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->choices = gtk_string_list_new (NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_item_bind), NULL);
  adw_combo_row_set_list_factory (self->outcome_row, factory);
  g_object_unref (factory);
  self->updating++;
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (self->choices));
  self->updating--;
  rebuild_choices (self);
  update_marks (self);
}
