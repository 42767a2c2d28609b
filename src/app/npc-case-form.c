/* npc-case-form.c — the case form, generated from the guideline's fields
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per field, grouped by section. The form writes what the user enters into the
 * NpcCase and shows what the NpcEvaluation says about each field (needed, in error); it
 * never judges a value itself.
 */
#define G_LOG_DOMAIN "npc-case-form"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "npc-case-form.h"
#include "npc-decision-group.h"
#include "npc-paragraph.h"
#include "npc-field-row.h"


struct _NpcCaseForm
{
  GtkWidget      parent_instance;

  AdwPreferencesPage *page;
  AdwEntryRow    *label_row;
  NpcDecisionGroup *decision_group; /* made with the rows; a child of the page */

  NpcGuideline   *guideline;
  NpcCase        *kase;
  NpcEvaluation  *evaluation;
  GPtrArray      *groups;
  GPtrArray      *rows;      /* NpcFieldRow *, in field order */
  GHashTable     *by_id;     /* field id -> NpcFieldRow * */
  guint           updating;
  gulong          after_paint_id;
  guint           idle_id;
  guint           painted : 1;
  guint           pending_build : 1;
};

G_DEFINE_FINAL_TYPE (NpcCaseForm, npc_case_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GUIDELINE,
  PROP_CASE,
  PROP_EVALUATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ensure_rows (NpcCaseForm *self);


GtkWidget *
npc_case_form_new (void)
{
  return g_object_new (NPC_TYPE_CASE_FORM, NULL);
}

NpcGuideline *
npc_case_form_get_guideline (NpcCaseForm *self)
{
  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  return self->guideline;
}

NpcCase *
npc_case_form_get_case (NpcCaseForm *self)
{
  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  return self->kase;
}

NpcEvaluation *
npc_case_form_get_evaluation (NpcCaseForm *self)
{
  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  return self->evaluation;
}

static void
on_label_changed (GtkEditable *entry,
                  NpcCaseForm *self)
{
  if (self->updating > 0 || self->kase == NULL)
    return;
  npc_case_set_label (self->kase, gtk_editable_get_text (entry));
}

/* From the user into the case: the row's typed value, as the case file holds it. */
static void
on_row_changed (NpcFieldRow *row,
                GVariant    *value,
                NpcCaseForm *self)
{
  const char *id = npc_field_row_get_field (row)->id;

  if (self->updating > 0 || self->kase == NULL)
    return;
  if (value == NULL)
    npc_case_unset (self->kase, id);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    npc_case_set_boolean (self->kase, id, g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    npc_case_set_int (self->kase, id, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    npc_case_set_string (self->kase, id, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **items = g_variant_get_strv (value, NULL);

      npc_case_set_strv (self->kase, id, items);
    }
  else
    g_critical ("field %s: a value of type %s", id, g_variant_get_type_string (value));
}

/* From the case into the rows: the case file's value, typed as the field is. */
static GVariant *
typed_value (const NpcField *field,
             JsonNode       *node,
             gboolean       *foreign)
{
  *foreign = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  switch (field->type)
    {
    case NPC_FIELD_BOOLEAN:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_variant_ref_sink (g_variant_new_boolean (json_node_get_boolean (node)));
      break;
    case NPC_FIELD_INTEGER:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        return g_variant_ref_sink (g_variant_new_int64 (json_node_get_int (node)));
      break;
    case NPC_FIELD_ENUM:
    case NPC_FIELD_TEXT:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return g_variant_ref_sink (g_variant_new_string (json_node_get_string (node)));
      break;
    case NPC_FIELD_SET:
    case NPC_FIELD_TEXT_LIST:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) items = NULL;

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (element) &&
                  json_node_get_value_type (element) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (element));
              else
                *foreign = TRUE;
            }
          items = g_strv_builder_end (builder);
          return g_variant_ref_sink (g_variant_new_strv ((const char * const *) items, -1));
        }
      break;
    default:
      break;
    }
  *foreign = TRUE;
  return NULL;
}

static void
field_row_load (NpcCaseForm *self,
                NpcFieldRow *row)
{
  const NpcField *field = npc_field_row_get_field (row);
  JsonNode *node = self->kase ? npc_case_get_value (self->kase, field->id) : NULL;
  gboolean foreign = FALSE;
  g_autoptr(GVariant) value = typed_value (field, node, &foreign);

  self->updating++;
  npc_field_row_set_value (row, value, foreign);
  self->updating--;
}

static void
load_all (NpcCaseForm *self)
{
  const char *label;

  self->updating++;
  label = self->kase ? npc_case_get_label (self->kase) : NULL;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->label_row)), label ? label : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), label ? label : "");
  self->updating--;

  for (guint i = 0; self->rows && i < self->rows->len; i++)
    field_row_load (self, g_ptr_array_index (self->rows, i));
}

static void
on_case_changed (NpcCaseForm *self,
                 const char  *field_id,
                 NpcCase     *kase)
{
  NpcFieldRow *row = field_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;

  if (row != NULL)
    field_row_load (self, row);
  else
    load_all (self);
}

/* Building the rows */

static void
clear_rows (NpcCaseForm *self)
{
  for (guint i = 0; self->groups && i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
}

static void
build_rows (NpcCaseForm *self)
{
  const NpcSection *const *sections;
  const NpcField *const *fields;
  guint n_sections = 0, n_fields = 0;
  g_autoptr(GHashTable) group_of = g_hash_table_new (NULL, NULL);
  AdwPreferencesGroup *other = NULL;

  clear_rows (self);
  if (self->guideline == NULL)
    return;

  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  sections = npc_guideline_get_sections (self->guideline, &n_sections);
  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), sections[i]->label);
      if (sections[i]->help)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), sections[i]->help);
      g_hash_table_insert (group_of, (gpointer) sections[i], group);
      g_ptr_array_add (self->groups, group);
    }

  fields = npc_guideline_get_fields (self->guideline, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      NpcFieldRow *row = npc_field_row_new (fields[i]);
      AdwPreferencesGroup *group = fields[i]->section
                                   ? g_hash_table_lookup (group_of, fields[i]->section) : NULL;

      if (group == NULL)
        {
          if (other == NULL)
            {
              other = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (other, _("Other"));
              g_ptr_array_add (self->groups, other);
            }
          group = other;
        }
      g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), self, 0);
      adw_preferences_group_add (group, npc_field_row_get_widget (row));
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->by_id, (gpointer) fields[i]->id, row);
    }

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_add (self->page, g_ptr_array_index (self->groups, i));

  /* The board's decision comes last, after the case it is about; made with the rows, not
   * before the first frame. */
  if (self->decision_group == NULL)
    {
      self->decision_group = NPC_DECISION_GROUP (npc_decision_group_new ());
      npc_decision_group_set_guideline (self->decision_group, self->guideline);
      npc_decision_group_set_case (self->decision_group, self->kase);
      npc_decision_group_set_evaluation (self->decision_group, self->evaluation);
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->decision_group));
    }
  else
    {
      g_object_ref (self->decision_group);
      adw_preferences_page_remove (self->page, ADW_PREFERENCES_GROUP (self->decision_group));
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->decision_group));
      g_object_unref (self->decision_group);
    }
}

void
npc_case_form_set_guideline (NpcCaseForm  *self,
                             NpcGuideline *guideline)
{
  g_return_if_fail (NPC_IS_CASE_FORM (self));
  g_return_if_fail (!guideline || NPC_IS_GUIDELINE (guideline));

  if (!g_set_object (&self->guideline, guideline))
    return;

  if (self->decision_group != NULL)
    npc_decision_group_set_guideline (self->decision_group, guideline);
  self->pending_build = TRUE;
  if (self->painted)
    ensure_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDELINE]);
}

void
npc_case_form_set_case (NpcCaseForm *self,
                        NpcCase     *kase)
{
  g_return_if_fail (NPC_IS_CASE_FORM (self));
  g_return_if_fail (!kase || NPC_IS_CASE (kase));

  if (self->kase == kase)
    return;

  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_func (self->kase, on_case_changed, self);
  g_set_object (&self->kase, kase);
  if (self->kase != NULL)
    g_signal_connect_object (self->kase, "changed", G_CALLBACK (on_case_changed), self,
                             G_CONNECT_SWAPPED);

  load_all (self);
  if (self->decision_group != NULL)
    npc_decision_group_set_case (self->decision_group, kase);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

static void
apply_evaluation (NpcCaseForm *self)
{
  g_autoptr(GPtrArray) needed = NULL;
  const NpcValidationError *const *errors = NULL;
  guint n_needed = 0, n_errors = 0;

  /* needed: what the pathway asks for, or, where it stops to complete the work-up, the
   * answers to revisit once it is done */
  if (self->evaluation != NULL)
    {
      needed = npc_evaluation_dup_fields_to_complete (self->evaluation);
      n_needed = needed->len;
      errors = npc_evaluation_get_validation_errors (self->evaluation, &n_errors);
    }

  for (guint i = 0; self->rows && i < self->rows->len; i++)
    {
      NpcFieldRow *row = g_ptr_array_index (self->rows, i);
      const NpcField *field = npc_field_row_get_field (row);
      g_autoptr(GString) error = NULL;
      gboolean is_needed = FALSE;

      for (guint j = 0; j < n_needed; j++)
        if (g_ptr_array_index (needed, j) == field)
          is_needed = TRUE;

      for (guint j = 0; j < n_errors; j++)
        {
          if (g_strcmp0 (errors[j]->field, field->id) != 0)
            continue;
          if (error == NULL)
            error = g_string_new (NULL);
          else
            g_string_append (error, "\n");
          g_string_append_printf (error, "%s: %s", errors[j]->rule, errors[j]->message);
        }

      npc_field_row_set_marks (row, is_needed, error ? error->str : NULL);
    }
}

/* Thirty-odd rows cost more than the rest of the window: before the window's first frame
 * they wait, so that the window and its diagram appear first and the form a frame later.
 * Anything that needs a row builds them at once. */
static void
ensure_rows (NpcCaseForm *self)
{
  if (!self->pending_build)
    return;
  self->pending_build = FALSE;
  /* Building sets each widget's initial state: none of that is an edit of the case. */
  self->updating++;
  build_rows (self);
  self->updating--;
  load_all (self);
  apply_evaluation (self);
}

static gboolean
build_idle (gpointer data)
{
  NpcCaseForm *self = data;

  self->idle_id = 0;
  ensure_rows (self);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                NpcCaseForm   *self)
{
  self->painted = TRUE;
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->pending_build && self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, build_idle, self, NULL);
}

static void
npc_case_form_map (GtkWidget *widget)
{
  NpcCaseForm *self = NPC_CASE_FORM (widget);

  GTK_WIDGET_CLASS (npc_case_form_parent_class)->map (widget);

  if (!self->painted && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (on_after_paint), self);
}

static void
npc_case_form_unmap (GtkWidget *widget)
{
  NpcCaseForm *self = NPC_CASE_FORM (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (npc_case_form_parent_class)->unmap (widget);
}

void
npc_case_form_set_evaluation (NpcCaseForm   *self,
                              NpcEvaluation *evaluation)
{
  g_return_if_fail (NPC_IS_CASE_FORM (self));
  g_return_if_fail (!evaluation || NPC_IS_EVALUATION (evaluation));

  if (!g_set_object (&self->evaluation, evaluation))
    return;

  apply_evaluation (self);
  if (self->decision_group != NULL)
    npc_decision_group_set_evaluation (self->decision_group, evaluation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

/* Focus alone may leave the row at the very edge of the view: bring it wholly into sight,
 * with its section title above it where there is room. */
static void
scroll_now (GtkWidget *target)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_point_t point;
  double view, value, height;

  if (scroller == NULL)
    return;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (content == NULL ||
      !gtk_widget_compute_point (target, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  view = gtk_widget_get_height (scroller);
  height = gtk_widget_get_height (target);
  value = point.y - view / 3.0;
  /* the whole row, its lower edge included */
  if (point.y + height > value + view)
    value = point.y + height - view + 12;
  if (point.y < value)
    value = point.y - 12;
  gtk_adjustment_set_value (adjustment, MAX (0, value));
}

/* The rows may still move in this frame (an answer changes what is needed, and the
 * subtitles with it): place the row once more after the frame is laid out. */
static void
on_scroll_after_paint (GdkFrameClock *clock,
                       GtkWidget     *target)
{
  g_signal_handlers_disconnect_by_func (clock, on_scroll_after_paint, target);
  scroll_now (target);
  g_object_unref (target);
}

static void
scroll_to_row (NpcFieldRow *field_row)
{
  GtkWidget *row = npc_field_row_get_widget (field_row);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (row);

  scroll_now (row);
  if (clock != NULL)
    {
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_scroll_after_paint),
                        g_object_ref (row));
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
}

gboolean
npc_case_form_focus_field (NpcCaseForm *self,
                           const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);

  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  if (row == NULL || !npc_field_row_focus (row))
    return FALSE;
  scroll_to_row (row);
  return TRUE;
}

gboolean
npc_case_form_focus_next_needed (NpcCaseForm *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  const NpcField *const *needed;
  guint n = 0;
  GtkRoot *root;
  GtkWidget *focus = NULL;
  guint start = 0;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);

  if (self->evaluation == NULL)
    return FALSE;
  ensure_rows (self);
  fields = npc_evaluation_dup_fields_to_complete (self->evaluation);
  needed = (const NpcField *const *) fields->pdata;
  n = fields->len;
  if (n == 0)
    return FALSE;

  /* Go on from the needed field that has focus, if any. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    focus = gtk_root_get_focus (root);
  for (guint i = 0; focus != NULL && i < n; i++)
    {
      NpcFieldRow *row = g_hash_table_lookup (self->by_id, needed[i]->id);

      if (row != NULL && npc_field_row_contains (row, focus))
        {
          start = i + 1;
          break;
        }
    }

  for (guint k = 0; k < n; k++)
    if (npc_case_form_focus_field (self, needed[(start + k) % n]->id))
      return TRUE;
  return FALSE;
}

NpcDecisionGroup *
npc_case_form_get_decision_group (NpcCaseForm *self)
{
  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  return self->decision_group;
}

GtkWidget *
npc_case_form_get_row (NpcCaseForm *self,
                       const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row ? npc_field_row_get_widget (row) : NULL;
}

GtkWidget *
npc_case_form_get_editor (NpcCaseForm *self,
                          const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row ? npc_field_row_get_editor (row) : NULL;
}

gboolean
npc_case_form_field_is_marked_needed (NpcCaseForm *self,
                                      const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row != NULL && npc_field_row_get_needed (row);
}

const char *
npc_case_form_get_field_error (NpcCaseForm *self,
                               const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row ? npc_field_row_get_error (row) : NULL;
}

/* F1: the help of the field that has the focus, beside it. */
static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NpcCaseForm *self = NPC_CASE_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (guint i = 0; focus != NULL && self->rows && i < self->rows->len; i++)
    {
      NpcFieldRow *row = g_ptr_array_index (self->rows, i);

      if (!npc_field_row_contains (row, focus))
        continue;
      /* a drop-down's open list would be covered: close it first */
      {
        GtkWidget *list = gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER);

        if (list != NULL)
          gtk_popover_popdown (GTK_POPOVER (list));
      }
      if (npc_field_row_show_help (row))
        return;
      break;
    }
  gtk_widget_error_bell (widget);
}

gboolean
npc_case_form_show_help (NpcCaseForm *self,
                         const char  *field_id)
{
  NpcFieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row != NULL && npc_field_row_show_help (row);
}

static void
npc_case_form_dispose (GObject *object)
{
  NpcCaseForm *self = NPC_CASE_FORM (object);

  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_func (self->kase, on_case_changed, self);
  g_clear_handle_id (&self->idle_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_CASE_FORM);
  self->decision_group = NULL; /* went with the page */

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->kase);
  g_clear_object (&self->guideline);

  G_OBJECT_CLASS (npc_case_form_parent_class)->dispose (object);
}

static void
npc_case_form_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NpcCaseForm *self = NPC_CASE_FORM (object);

  switch (prop_id)
    {
    case PROP_GUIDELINE:
      g_value_set_object (value, self->guideline);
      break;
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_case_form_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  NpcCaseForm *self = NPC_CASE_FORM (object);

  switch (prop_id)
    {
    case PROP_GUIDELINE:
      npc_case_form_set_guideline (self, g_value_get_object (value));
      break;
    case PROP_CASE:
      npc_case_form_set_case (self, g_value_get_object (value));
      break;
    case PROP_EVALUATION:
      npc_case_form_set_evaluation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_case_form_class_init (NpcCaseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_case_form_dispose;
  object_class->get_property = npc_case_form_get_property;
  object_class->set_property = npc_case_form_set_property;
  widget_class->map = npc_case_form_map;
  widget_class->unmap = npc_case_form_unmap;

  properties[PROP_GUIDELINE] =
    g_param_spec_object ("guideline", NULL, NULL, NPC_TYPE_GUIDELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, NPC_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-case-form.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcCaseForm, page);
  gtk_widget_class_bind_template_child (widget_class, NpcCaseForm, label_row);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed);
  gtk_widget_class_install_action (widget_class, "form.help", NULL, help_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "form.help", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "caseform");
  g_type_ensure (NPC_TYPE_DECISION_GROUP);
  g_type_ensure (NPC_TYPE_PARAGRAPH);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_FORM);
}

static void
npc_case_form_init (NpcCaseForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Case form"),
                                  -1);
}
