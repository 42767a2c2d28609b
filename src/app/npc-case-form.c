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

#include <glib/gi18n.h>

#include "npc-case-form.h"

typedef struct
{
  NpcCaseForm     *form;   /* unowned */
  const NpcField  *field;
  GtkWidget       *row;
  GtkWidget       *editor;
  GtkWidget       *needed_box;
  GtkWidget       *error_icon;
  /* BOOLEAN */
  GtkToggleButton *yes, *no, *unknown;
  /* INTEGER: a spin button cannot be empty, so "unknown" is kept beside it */
  GtkSpinButton   *spin;
  gboolean         spin_known;
  /* SET */
  GtkCheckButton **checks;
  /* TEXT, TEXT_LIST */
  GtkEditable     *entry;
  char            *summary;
  char            *error;
  gboolean         needed;
} FieldRow;

struct _NpcCaseForm
{
  GtkWidget      parent_instance;

  AdwPreferencesPage *page;
  AdwEntryRow    *label_row;

  NpcGuideline   *guideline;
  NpcCase        *kase;
  NpcEvaluation  *evaluation;
  GPtrArray      *groups;
  GPtrArray      *rows;      /* FieldRow *, in field order */
  GHashTable     *by_id;     /* field id -> FieldRow * */
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

static void
field_row_free (FieldRow *row)
{
  g_free (row->checks);
  g_free (row->summary);
  g_free (row->error);
  g_free (row);
}

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

/* How a field is edited: a set, and a text list with known entries, are check lists. */
static NpcFieldType
editor_kind (const NpcField *field)
{
  if (field->type == NPC_FIELD_TEXT_LIST && field->n_values > 0)
    return NPC_FIELD_SET;
  return field->type;
}

/* Labels for "no value": a field with a default is not unknown to the engine. */
static char *
unknown_label (const NpcField *field)
{
  if (field->default_value.known)
    {
      switch (field->type)
        {
        case NPC_FIELD_BOOLEAN:
          return g_strdup (field->default_value.v.boolean ? _("Not set (default: Yes)")
                                                          : _("Not set (default: No)"));
        case NPC_FIELD_ENUM:
          return g_strdup_printf (_("Not set (default: %s)"),
                                  npc_field_value_label (field,
                                                         field->default_value.v.enum_index));
        case NPC_FIELD_INTEGER:
          return g_strdup_printf (_("Not set (default: %lld)"),
                                  (long long) field->default_value.v.integer);
        case NPC_FIELD_SET:
        case NPC_FIELD_TEXT:
        case NPC_FIELD_TEXT_LIST:
        default:
          break;
        }
    }
  return g_strdup (_("Unknown"));
}

static void
update_subtitle (FieldRow *row)
{
  GtkWidget *w = row->row;
  const char *subtitle = row->error ? row->error : row->summary;

  if (ADW_IS_ACTION_ROW (w))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (w), subtitle ? subtitle : "");
  else if (ADW_IS_EXPANDER_ROW (w))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (w), subtitle ? subtitle : "");

  if (row->error)
    gtk_widget_add_css_class (w, "field-error");
  else
    gtk_widget_remove_css_class (w, "field-error");
  gtk_widget_set_visible (row->error_icon, row->error != NULL);
}

static void
update_accessible (FieldRow *row)
{
  GString *desc = g_string_new (NULL);

  if (row->needed)
    g_string_append (desc, _("Needed to go on. "));
  if (row->error)
    g_string_append_printf (desc, "%s ", row->error);
  if (row->field->help)
    g_string_append (desc, row->field->help);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc->str,
                                  -1);
  g_string_free (desc, TRUE);
}

/* From the user into the case */

static gboolean
is_updating (FieldRow *row)
{
  return row->form->updating > 0 || row->form->kase == NULL;
}

static void
on_combo_selected (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   FieldRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (is_updating (row))
    return;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    npc_case_unset (row->form->kase, row->field->id);
  else
    npc_case_set_string (row->form->kase, row->field->id, row->field->values[selected - 1].id);
}

static void
on_bool_toggled (GtkToggleButton *button,
                 FieldRow        *row)
{
  if (is_updating (row) || !gtk_toggle_button_get_active (button))
    return;

  if (button == row->yes)
    npc_case_set_boolean (row->form->kase, row->field->id, TRUE);
  else if (button == row->no)
    npc_case_set_boolean (row->form->kase, row->field->id, FALSE);
  else
    npc_case_unset (row->form->kase, row->field->id);
}

static void
commit_spin (FieldRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row->spin));

  if (is_updating (row))
    return;

  if (text == NULL || *text == '\0')
    {
      npc_case_unset (row->form->kase, row->field->id);
      return;
    }

  row->spin_known = TRUE;
  npc_case_set_int (row->form->kase, row->field->id,
                    (gint64) gtk_spin_button_get_value (row->spin));
}

static void
on_spin_value_changed (GtkSpinButton *spin,
                       FieldRow      *row)
{
  if (is_updating (row))
    return;
  row->spin_known = TRUE;
  commit_spin (row);
}

/* Typing commits at once, as every other field does; an emptied box is unknown. */
static void
on_spin_text_changed (GtkEditable *editable,
                      FieldRow    *row)
{
  const char *text = gtk_editable_get_text (editable);
  char *end = NULL;
  gint64 value;

  if (is_updating (row))
    return;

  if (text == NULL || *text == '\0')
    {
      if (row->spin_known)
        {
          row->spin_known = FALSE;
          npc_case_unset (row->form->kase, row->field->id);
        }
      return;
    }

  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return;
  if (row->field->min < row->field->max && (value < row->field->min || value > row->field->max))
    return;

  row->spin_known = TRUE;
  npc_case_set_int (row->form->kase, row->field->id, value);
}

/* An unknown integer shows an empty box instead of a number nobody entered. */
static gboolean
on_spin_output (GtkSpinButton *spin,
                FieldRow      *row)
{
  if (!row->spin_known)
    {
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (spin), "");
      return TRUE;
    }
  return FALSE;
}

static void
on_spin_clear (GtkButton *button,
               FieldRow  *row)
{
  if (is_updating (row))
    return;
  row->spin_known = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (row->spin), "");
  npc_case_unset (row->form->kase, row->field->id);
}

static void
commit_set (FieldRow *row)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;

  if (is_updating (row))
    return;

  if (!adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row->row)))
    {
      npc_case_unset (row->form->kase, row->field->id);
      return;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < row->field->n_values; i++)
    if (gtk_check_button_get_active (row->checks[i]))
      g_strv_builder_add (builder, row->field->values[i].id);
  /* A list of known entries with others beside them: the others are kept as typed. */
  if (row->entry != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (row->entry), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            g_strv_builder_add (builder, parts[i]);
        }
    }
  ids = g_strv_builder_end (builder);
  npc_case_set_strv (row->form->kase, row->field->id, (const char * const *) ids);
}

static void
on_set_check_toggled (GtkCheckButton *check,
                      FieldRow       *row)
{
  commit_set (row);
}

static void
on_set_enabled (AdwExpanderRow *expander,
                GParamSpec     *pspec,
                FieldRow       *row)
{
  commit_set (row);
}

static void
on_entry_changed (GtkEditable *entry,
                  FieldRow    *row)
{
  const char *text = gtk_editable_get_text (entry);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (is_updating (row))
    return;

  if (row->checks != NULL)
    {
      commit_set (row);
      return;
    }

  if (*stripped == '\0')
    {
      npc_case_unset (row->form->kase, row->field->id);
      return;
    }

  if (row->field->type == NPC_FIELD_TEXT)
    {
      npc_case_set_string (row->form->kase, row->field->id, text);
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) items = NULL;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            g_strv_builder_add (builder, parts[i]);
        }
      items = g_strv_builder_end (builder);
      npc_case_set_strv (row->form->kase, row->field->id, (const char * const *) items);
    }
}

static void
on_label_changed (GtkEditable *entry,
                  NpcCaseForm *self)
{
  if (self->updating > 0 || self->kase == NULL)
    return;
  npc_case_set_label (self->kase, gtk_editable_get_text (entry));
}

/* From the case into the widgets */

static GStrv
node_to_strv (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static void
field_row_load (FieldRow *row)
{
  NpcCaseForm *self = row->form;
  JsonNode *node = self->kase ? npc_case_get_value (self->kase, row->field->id) : NULL;
  const NpcField *field = row->field;

  self->updating++;

  g_clear_pointer (&row->summary, g_free);

  switch (editor_kind (field))
    {
    case NPC_FIELD_ENUM:
      {
        int index = node_is (node, G_TYPE_STRING)
                    ? npc_field_find_value (field, json_node_get_string (node)) : -1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (row->row), index < 0 ? 0 : (guint) index + 1);
        if (index < 0 && node != NULL)
          row->summary = g_strdup (_("The file holds a value this form does not offer"));
      }
      break;

    case NPC_FIELD_BOOLEAN:
      if (node_is (node, G_TYPE_BOOLEAN))
        gtk_toggle_button_set_active (json_node_get_boolean (node) ? row->yes : row->no, TRUE);
      else
        gtk_toggle_button_set_active (row->unknown, TRUE);
      break;

    case NPC_FIELD_INTEGER:
      if (node_is (node, G_TYPE_INT64))
        {
          row->spin_known = TRUE;
          gtk_spin_button_set_value (row->spin, (double) json_node_get_int (node));
          /* set_value does not redraw when the value is unchanged */
          gtk_spin_button_update (row->spin);
          {
            g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     json_node_get_int (node));
            gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
          }
        }
      else
        {
          row->spin_known = FALSE;
          gtk_editable_set_text (GTK_EDITABLE (row->spin), "");
        }
      break;

    case NPC_FIELD_SET:
      {
        g_auto(GStrv) ids = node_to_strv (node);
        g_autoptr(GString) summary = g_string_new (NULL);

        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row->row), node != NULL);
        for (guint i = 0; i < field->n_values; i++)
          {
            gboolean on = g_strv_contains ((const char * const *) ids, field->values[i].id);

            gtk_check_button_set_active (row->checks[i], on);
            if (on)
              g_string_append_printf (summary, "%s%s", summary->len ? ", " : "",
                                      field->values[i].label);
          }
        /* Entries that are not among the known values stay visible, never dropped. */
        if (row->entry != NULL)
          {
            g_autoptr(GString) others = g_string_new (NULL);

            for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
              if (npc_field_find_value (field, ids[i]) < 0)
                {
                  g_string_append_printf (others, "%s%s", others->len ? ", " : "", ids[i]);
                  g_string_append_printf (summary, "%s%s", summary->len ? ", " : "", ids[i]);
                }
            if (g_strcmp0 (gtk_editable_get_text (row->entry), others->str) != 0)
              {
                g_auto(GStrv) typed = g_strsplit (gtk_editable_get_text (row->entry), ",", -1);
                g_autoptr(GString) norm = g_string_new (NULL);

                for (guint i = 0; typed[i] != NULL; i++)
                  {
                    g_strstrip (typed[i]);
                    if (typed[i][0] != '\0')
                      g_string_append_printf (norm, "%s%s", norm->len ? ", " : "", typed[i]);
                  }
                /* Leave the text alone while the user is typing the same list. */
                if (!g_str_equal (norm->str, others->str))
                  gtk_editable_set_text (row->entry, others->str);
              }
          }
        if (node == NULL)
          row->summary = g_strdup (_("Unknown — switch on to record"));
        else if (summary->len == 0)
          row->summary = g_strdup (_("None"));
        else
          row->summary = g_strdup (summary->str);
      }
      break;

    case NPC_FIELD_TEXT:
      {
        const char *text = node_is (node, G_TYPE_STRING) ? json_node_get_string (node) : "";
        if (g_strcmp0 (gtk_editable_get_text (row->entry), text) != 0)
          gtk_editable_set_text (row->entry, text);
      }
      break;

    case NPC_FIELD_TEXT_LIST:
      {
        g_auto(GStrv) items = node_to_strv (node);
        g_autofree char *joined = g_strjoinv (", ", items);
        g_autofree char *current = g_strdup (gtk_editable_get_text (row->entry));
        g_auto(GStrv) current_items = g_strsplit (current, ",", -1);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) normalised = NULL;

        /* Leave the text alone while the user is typing the same list. */
        for (guint i = 0; current_items[i]; i++)
          {
            g_strstrip (current_items[i]);
            if (current_items[i][0])
              g_strv_builder_add (builder, current_items[i]);
          }
        normalised = g_strv_builder_end (builder);
        if (!g_strv_equal ((const char * const *) normalised, (const char * const *) items))
          gtk_editable_set_text (row->entry, joined);
      }
      break;

    default:
      break;
    }

  update_subtitle (row);
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
    field_row_load (g_ptr_array_index (self->rows, i));
}

static void
on_case_changed (NpcCaseForm *self,
                 const char  *field_id,
                 NpcCase     *kase)
{
  FieldRow *row = field_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;

  if (row != NULL)
    field_row_load (row);
  else
    load_all (self);
}

/* Building the rows */

/* The popover is made on first use: a form of thirty-odd fields would otherwise build
 * thirty-odd popovers before its first frame. */
static void
create_help_popover (GtkMenuButton *button,
                     gpointer       user_data)
{
  const NpcField *field = user_data;
  GtkWidget *popover, *label;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  label = gtk_label_new (field->help);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  gtk_menu_button_set_popover (button, popover);
}

static GtkWidget *
make_help_button (const NpcField *field)
{
  GtkWidget *button;
  g_autofree char *a11y = NULL;

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_help_popover,
                                         (gpointer) field, NULL);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, field->help);
  a11y = g_strdup_printf (_("About “%s”"), field->label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return button;
}

static GtkWidget *
make_needed_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  /* TRANSLATORS: the mark on a form field the pathway needs in order to go on */
  GtkWidget *label = gtk_label_new (_("needed"));

  gtk_widget_add_css_class (box, "needed-tag");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
add_prefixes (FieldRow *row)
{
  row->needed_box = make_needed_box ();
  row->error_icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (row->error_icon, "error");
  gtk_widget_set_tooltip_text (row->error_icon, _("This value is not valid"));
  gtk_widget_set_visible (row->error_icon, FALSE);

  if (ADW_IS_EXPANDER_ROW (row->row))
    {
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row->row), row->needed_box);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row->row), row->error_icon);
    }
  else
    {
      adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->needed_box);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->error_icon);
    }
}

static FieldRow *
build_row (NpcCaseForm    *self,
           const NpcField *field)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  g_autofree char *unknown = unknown_label (field);

  row->form = self;
  row->field = field;

  switch (editor_kind (field))
    {
    case NPC_FIELD_ENUM:
      {
        GtkStringList *model = gtk_string_list_new (NULL);

        gtk_string_list_append (model, unknown);
        for (guint i = 0; i < field->n_values; i++)
          gtk_string_list_append (model, field->values[i].label);
        row->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row->row), G_LIST_MODEL (model));
        g_object_unref (model);
        row->editor = row->row;
        g_signal_connect (row->row, "notify::selected", G_CALLBACK (on_combo_selected), row);
      }
      break;

    case NPC_FIELD_BOOLEAN:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
        const char *names[3] = { _("Yes"), _("No"), unknown };
        GtkToggleButton *buttons[3];

        gtk_widget_add_css_class (box, "linked");
        gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
        for (guint i = 0; i < 3; i++)
          {
            g_autofree char *a11y = g_strdup_printf ("%s: %s", field->label, names[i]);

            /* A field with a default is not unknown to the engine: say "Not set". */
            buttons[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (
              i < 2 ? names[i] : field->default_value.known ? _("Not set") : _("Unknown")));
            if (i == 2)
              gtk_widget_set_tooltip_text (GTK_WIDGET (buttons[i]), unknown);
            if (i > 0)
              gtk_toggle_button_set_group (buttons[i], buttons[0]);
            gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                            -1);
            g_signal_connect (buttons[i], "toggled", G_CALLBACK (on_bool_toggled), row);
            gtk_box_append (GTK_BOX (box), GTK_WIDGET (buttons[i]));
          }
        row->yes = buttons[0];
        row->no = buttons[1];
        row->unknown = buttons[2];
        gtk_toggle_button_set_active (row->unknown, TRUE);
        row->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), box);
        row->editor = GTK_WIDGET (row->yes);
      }
      break;

    case NPC_FIELD_INTEGER:
      {
        GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
        g_autofree char *clear_label = g_strdup_printf (_("Clear “%s” (make it unknown)"),
                                                        field->label);
        gint64 min = field->min, max = field->max;

        if (min >= max)
          {
            min = G_MININT32;
            max = G_MAXINT32;
          }
        row->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range ((double) min, (double) max, 1));
        gtk_spin_button_set_numeric (row->spin, TRUE);
        gtk_widget_set_valign (GTK_WIDGET (row->spin), GTK_ALIGN_CENTER);
        g_signal_connect (row->spin, "output", G_CALLBACK (on_spin_output), row);
        g_signal_connect (row->spin, "value-changed", G_CALLBACK (on_spin_value_changed), row);
        g_signal_connect (row->spin, "changed", G_CALLBACK (on_spin_text_changed), row);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->spin),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                        -1);

        gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (clear, "flat");
        gtk_widget_set_tooltip_text (clear, clear_label);
        gtk_accessible_update_property (GTK_ACCESSIBLE (clear),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, clear_label,
                                        -1);
        g_signal_connect (clear, "clicked", G_CALLBACK (on_spin_clear), row);

        row->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), GTK_WIDGET (row->spin));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), clear);
        row->editor = GTK_WIDGET (row->spin);
        if (field->unit != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), field->unit);
      }
      break;

    case NPC_FIELD_SET:
      {
        row->row = adw_expander_row_new ();
        adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (row->row), TRUE);
        row->checks = g_new0 (GtkCheckButton *, field->n_values + 1);
        for (guint i = 0; i < field->n_values; i++)
          {
            GtkWidget *child = adw_action_row_new ();

            row->checks[i] = GTK_CHECK_BUTTON (gtk_check_button_new ());
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), field->values[i].label);
            adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (child), FALSE);
            if (field->values[i].help)
              adw_action_row_set_subtitle (ADW_ACTION_ROW (child), field->values[i].help);
            adw_action_row_add_prefix (ADW_ACTION_ROW (child), GTK_WIDGET (row->checks[i]));
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (child),
                                                   GTK_WIDGET (row->checks[i]));
            gtk_accessible_update_property (GTK_ACCESSIBLE (row->checks[i]),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL,
                                            field->values[i].label,
                                            -1);
            g_signal_connect (row->checks[i], "toggled", G_CALLBACK (on_set_check_toggled), row);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row->row), child);
          }
        if (field->type == NPC_FIELD_TEXT_LIST)
          {
            GtkWidget *other = adw_action_row_new ();
            GtkWidget *entry = gtk_entry_new ();

            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), _("Others"));
            gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
            gtk_widget_set_hexpand (entry, TRUE);
            gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comma-separated"));
            /* TRANSLATORS: the accessible name of the entry for entries not in the list */
            {
              g_autofree char *name = g_strdup_printf (_("%s: others"), field->label);

              gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                              -1);
            }
            adw_action_row_add_suffix (ADW_ACTION_ROW (other), entry);
            adw_action_row_set_subtitle (ADW_ACTION_ROW (other),
                                         _("Kept as typed; only the entries above are matched"));
            row->entry = GTK_EDITABLE (entry);
            g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), row);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row->row), other);
          }
        g_signal_connect (row->row, "notify::enable-expansion", G_CALLBACK (on_set_enabled), row);
        row->editor = row->row;
      }
      break;

    case NPC_FIELD_TEXT:
    case NPC_FIELD_TEXT_LIST:
    default:
      {
        GtkWidget *entry = gtk_entry_new ();

        gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
        gtk_widget_set_hexpand (entry, TRUE);
        if (field->type == NPC_FIELD_TEXT_LIST)
          gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comma-separated"));
        else
          gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Unknown"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                        -1);
        row->entry = GTK_EDITABLE (entry);
        g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), row);
        row->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), entry);
        row->editor = entry;
      }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), field->label);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row->row), FALSE);
  gtk_widget_set_name (row->row, field->id);
  if (field->help != NULL)
    {
      GtkWidget *help = make_help_button (field);

      gtk_widget_set_tooltip_text (row->row, field->help);
      if (ADW_IS_EXPANDER_ROW (row->row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row->row), help);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), help);
    }
  add_prefixes (row);
  if (row->editor != row->row && field->type != NPC_FIELD_BOOLEAN)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                    -1);
  update_accessible (row);

  return row;
}

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
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);
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
      FieldRow *row = build_row (self, fields[i]);
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
      adw_preferences_group_add (group, row->row);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->by_id, (gpointer) fields[i]->id, row);
    }

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_add (self->page, g_ptr_array_index (self->groups, i));
}

void
npc_case_form_set_guideline (NpcCaseForm  *self,
                             NpcGuideline *guideline)
{
  g_return_if_fail (NPC_IS_CASE_FORM (self));
  g_return_if_fail (!guideline || NPC_IS_GUIDELINE (guideline));

  if (!g_set_object (&self->guideline, guideline))
    return;

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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

static void
apply_evaluation (NpcCaseForm *self)
{
  const NpcField *const *needed = NULL;
  const NpcValidationError *const *errors = NULL;
  guint n_needed = 0, n_errors = 0;

  if (self->evaluation != NULL)
    {
      needed = npc_evaluation_get_needs_input (self->evaluation, &n_needed);
      errors = npc_evaluation_get_validation_errors (self->evaluation, &n_errors);
    }

  for (guint i = 0; self->rows && i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autoptr(GString) error = NULL;
      gboolean is_needed = FALSE;

      for (guint j = 0; j < n_needed; j++)
        if (needed[j] == row->field)
          is_needed = TRUE;

      for (guint j = 0; j < n_errors; j++)
        {
          if (g_strcmp0 (errors[j]->field, row->field->id) != 0)
            continue;
          if (error == NULL)
            error = g_string_new (NULL);
          else
            g_string_append (error, "\n");
          g_string_append_printf (error, "%s: %s", errors[j]->rule, errors[j]->message);
        }

      row->needed = is_needed;
      gtk_widget_set_visible (row->needed_box, is_needed);
      if (is_needed)
        gtk_widget_add_css_class (row->row, "needed");
      else
        gtk_widget_remove_css_class (row->row, "needed");

      g_free (row->error);
      row->error = error ? g_string_free (g_steal_pointer (&error), FALSE) : NULL;
      update_subtitle (row);
      update_accessible (row);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

/* Focus alone may leave the row at the very edge of the view: bring it well into sight,
 * with its section title above it. */
static void
scroll_to_row (FieldRow *row)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (row->row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_point_t point;

  if (scroller == NULL)
    return;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (content == NULL ||
      !gtk_widget_compute_point (row->row, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, MAX (0, point.y - gtk_widget_get_height (scroller) / 3.0));
}

gboolean
npc_case_form_focus_field (NpcCaseForm *self,
                           const char  *field_id)
{
  FieldRow *row;
  GtkWidget *target;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);

  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  if (row == NULL)
    return FALSE;

  target = row->editor;
  if (row->field->type == NPC_FIELD_BOOLEAN)
    {
      if (gtk_toggle_button_get_active (row->no))
        target = GTK_WIDGET (row->no);
      else if (gtk_toggle_button_get_active (row->unknown))
        target = GTK_WIDGET (row->yes);
    }
  if (ADW_IS_EXPANDER_ROW (row->row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row->row), TRUE);

  if (!gtk_widget_grab_focus (target))
    return FALSE;
  scroll_to_row (row);
  return TRUE;
}

gboolean
npc_case_form_focus_next_needed (NpcCaseForm *self)
{
  const NpcField *const *needed;
  guint n = 0;
  GtkRoot *root;
  GtkWidget *focus = NULL;
  guint start = 0;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);

  if (self->evaluation == NULL)
    return FALSE;
  ensure_rows (self);
  needed = npc_evaluation_get_needs_input (self->evaluation, &n);
  if (n == 0)
    return FALSE;

  /* Go on from the needed field that has focus, if any. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    focus = gtk_root_get_focus (root);
  for (guint i = 0; focus != NULL && i < n; i++)
    {
      FieldRow *row = g_hash_table_lookup (self->by_id, needed[i]->id);

      if (row != NULL && (focus == row->row || gtk_widget_is_ancestor (focus, row->row)))
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

GtkWidget *
npc_case_form_get_row (NpcCaseForm *self,
                       const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row ? row->row : NULL;
}

GtkWidget *
npc_case_form_get_editor (NpcCaseForm *self,
                          const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  if (row == NULL)
    return NULL;
  if (row->field->type == NPC_FIELD_BOOLEAN)
    return gtk_widget_get_parent (GTK_WIDGET (row->yes));
  return row->editor;
}

gboolean
npc_case_form_field_is_marked_needed (NpcCaseForm *self,
                                      const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row != NULL && row->needed && gtk_widget_get_visible (row->needed_box);
}

const char *
npc_case_form_get_field_error (NpcCaseForm *self,
                               const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  return row ? row->error : NULL;
}

static void
npc_case_form_dispose (GObject *object)
{
  NpcCaseForm *self = NPC_CASE_FORM (object);

  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_func (self->kase, on_case_changed, self);
  g_clear_handle_id (&self->idle_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_CASE_FORM);

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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "caseform");
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
