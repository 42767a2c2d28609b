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
#include "npc-choice-group.h"

typedef struct
{
  NpcCaseForm     *form;   /* unowned */
  const NpcField  *field;
  GtkWidget       *row;
  GtkWidget       *editor;
  GtkWidget       *status;     /* one slot of fixed width: needed, in error, or blank */
  GtkWidget       *help;       /* the ⓘ button, or NULL */
  /* BOOLEAN: choices 0 yes, 1 no, 2 unknown */
  NpcChoiceGroup  *choices;
  /* INTEGER: a spin button cannot be empty, so "unknown" is kept beside it */
  GtkSpinButton   *spin;
  gboolean         spin_known;
  char            *typed_error; /* what is wrong with the text as typed, kept as typed */
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
  g_free (row->typed_error);
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
  const char *error = row->typed_error ? row->typed_error : row->error;
  const char *subtitle = error ? error : row->summary;

  if (ADW_IS_COMBO_ROW (w))
    {
      /* the chosen value is the subtitle, unless there is something to say about it */
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (w), subtitle == NULL);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (w), subtitle);
    }
  else if (ADW_IS_ACTION_ROW (w))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (w), subtitle ? subtitle : "");
  else if (ADW_IS_EXPANDER_ROW (w))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (w), subtitle ? subtitle : "");

  if (error)
    gtk_widget_add_css_class (w, "field-error");
  else
    gtk_widget_remove_css_class (w, "field-error");

  /* The slot keeps its width whatever it shows, so the label never reflows. */
  if (error)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (row->status), "dialog-error-symbolic");
      gtk_widget_set_tooltip_text (row->status, _("This value is not valid"));
    }
  else if (row->needed)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (row->status), "document-edit-symbolic");
      gtk_widget_set_tooltip_text (row->status, _("Needed to go on"));
    }
  else
    gtk_widget_set_tooltip_text (row->status, NULL);
  gtk_widget_set_opacity (row->status, error || row->needed ? 1.0 : 0.0);
  if (error)
    gtk_widget_add_css_class (row->status, "error");
  else
    gtk_widget_remove_css_class (row->status, "error");
}

static void
update_accessible (FieldRow *row)
{
  GString *desc = g_string_new (NULL);

  if (row->needed)
    g_string_append (desc, _("Needed to go on. "));
  if (row->typed_error)
    g_string_append_printf (desc, "%s ", row->typed_error);
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
on_choice_selected (NpcChoiceGroup *group,
                    GParamSpec     *pspec,
                    FieldRow       *row)
{
  if (is_updating (row))
    return;

  switch (npc_choice_group_get_selected (group))
    {
    case 0:
      npc_case_set_boolean (row->form->kase, row->field->id, TRUE);
      break;
    case 1:
      npc_case_set_boolean (row->form->kase, row->field->id, FALSE);
      break;
    default:
      npc_case_unset (row->form->kase, row->field->id);
      break;
    }
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
  if (is_updating (row) || row->typed_error != NULL)
    return;
  row->spin_known = TRUE;
  commit_spin (row);
}

/* Returns what is wrong with `text` as a value of the field, or NULL and the value. */
static char *
parse_typed_integer (const NpcField *field,
                     const char     *text,
                     gint64         *value)
{
  const char *start = text;
  char *end = NULL;

  while (g_ascii_isspace (*start))
    start++;
  errno = 0;
  *value = g_ascii_strtoll (start, &end, 10);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == start || *end != '\0' || errno == ERANGE)
    /* TRANSLATORS: %s is the text typed into a number field */
    return g_strdup_printf (_("“%s” is not a whole number"), text);
  if (field->min < field->max && (*value < field->min || *value > field->max))
    /* TRANSLATORS: a number typed into a field, then the field's smallest and largest value */
    return g_strdup_printf (_("%s is outside the range %lld to %lld"), start,
                            (long long) field->min, (long long) field->max);
  return NULL;
}

/* The spin button's own reading of the text: refused while it is not a valid value, so
 * that the button neither clamps it nor puts the last good number back. */
static int
on_spin_input (GtkSpinButton *spin,
               double        *new_value,
               FieldRow      *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *error = NULL;
  gint64 value = 0;

  if (text == NULL || *text == '\0')
    return GTK_INPUT_ERROR;
  error = parse_typed_integer (row->field, text, &value);
  if (error != NULL)
    return GTK_INPUT_ERROR;
  *new_value = (double) value;
  return TRUE;
}

/* Typing commits at once, as every other field does; an emptied box is unknown. */
static void
on_spin_text_changed (GtkEditable *editable,
                      FieldRow    *row)
{
  const char *text = gtk_editable_get_text (editable);
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

  /* What cannot be taken is said at the field and left as typed: the case keeps no value
   * for it (the pathway asks for it again), and the text stays for the user to correct. */
  g_clear_pointer (&row->typed_error, g_free);
  row->typed_error = parse_typed_integer (row->field, text, &value);
  if (row->typed_error != NULL)
    {
      row->spin_known = FALSE;
      npc_case_unset (row->form->kase, row->field->id);
      update_subtitle (row);
      update_accessible (row);
      return;
    }

  row->spin_known = TRUE;
  npc_case_set_int (row->form->kase, row->field->id, value);
  update_subtitle (row);
  update_accessible (row);
}

/* An unknown integer shows an empty box instead of a number nobody entered. */
static gboolean
on_spin_output (GtkSpinButton *spin,
                FieldRow      *row)
{
  /* text that could not be taken stays as typed */
  if (row->typed_error != NULL)
    return TRUE;
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
  g_clear_pointer (&row->typed_error, g_free);
  gtk_editable_set_text (GTK_EDITABLE (row->spin), "");
  npc_case_unset (row->form->kase, row->field->id);
  update_subtitle (row);
  update_accessible (row);
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
      npc_choice_group_set_selected (row->choices,
                                     !node_is (node, G_TYPE_BOOLEAN) ? 2
                                     : json_node_get_boolean (node) ? 0 : 1);
      break;

    case NPC_FIELD_INTEGER:
      if (node_is (node, G_TYPE_INT64))
        {
          g_clear_pointer (&row->typed_error, g_free);
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
      else if (row->typed_error == NULL)
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
  /* Not a stop of its own on the way through the form: F1 opens it from the field, and a
   * screen reader gets the help as the field's description. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_focusable (button, FALSE);
  for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_focusable (child, FALSE);
      gtk_widget_set_focus_on_click (child, FALSE);
    }
  a11y = g_strdup_printf (_("About “%s”"), field->label);
  {
    /* TRANSLATORS: the tooltip of a field's help button; F1 is the key */
    g_autofree char *tooltip = g_strdup_printf (_("About “%s” (F1)"), field->label);

    gtk_widget_set_tooltip_text (button, tooltip);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return button;
}

/* The mark of a needed field, or of one in error: an icon in a slot that is always there,
 * beside the accent bar the row's style draws, so the label keeps its width. */
static void
add_prefixes (FieldRow *row)
{
  row->status = gtk_image_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_add_css_class (row->status, "field-status");
  gtk_widget_set_valign (row->status, GTK_ALIGN_CENTER);
  gtk_widget_set_opacity (row->status, 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->status), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);

  if (ADW_IS_EXPANDER_ROW (row->row))
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row->row), row->status);
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->status);
}

/* The row's title wraps between words only, and keeps a width where words fit: by default
 * a narrow row breaks words into syllables. The title is the row's own label. */
static void
set_title_wrap (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "title"))
        {
          gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD);
          gtk_label_set_width_chars (GTK_LABEL (child), 12);
          return;
        }
      /* the rows listed inside an expander have titles of their own */
      if (GTK_IS_LIST_BOX (child))
        continue;
      set_title_wrap (child);
    }
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* A drop-down's list shows each choice whole, wrapped, with a mark on the chosen one. */
static void
on_combo_item_setup (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
update_combo_item_check (GtkListItem *item,
                         AdwComboRow *combo)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = box ? gtk_widget_get_last_child (box) : NULL;

  if (check != NULL)
    gtk_widget_set_opacity (check, adw_combo_row_get_selected (combo)
                                   == gtk_list_item_get_position (item) ? 1.0 : 0.0);
}

static void
on_combo_selected_for_item (AdwComboRow *combo,
                            GParamSpec  *pspec,
                            GtkListItem *item)
{
  update_combo_item_check (item, combo);
}

static void
on_combo_item_bind (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    AdwComboRow              *combo)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)),
                      gtk_string_object_get_string (string));
  update_combo_item_check (item, combo);
  g_signal_connect_object (combo, "notify::selected", G_CALLBACK (on_combo_selected_for_item),
                           item, 0);
}

static void
on_combo_item_unbind (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      AdwComboRow              *combo)
{
  g_signal_handlers_disconnect_by_func (combo, on_combo_selected_for_item, item);
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
        GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

        row->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row->row), G_LIST_MODEL (model));
        g_object_unref (model);
        g_signal_connect (factory, "setup", G_CALLBACK (on_combo_item_setup), NULL);
        g_signal_connect_object (factory, "bind", G_CALLBACK (on_combo_item_bind), row->row, 0);
        g_signal_connect_object (factory, "unbind", G_CALLBACK (on_combo_item_unbind), row->row, 0);
        adw_combo_row_set_list_factory (ADW_COMBO_ROW (row->row), factory);
        g_object_unref (factory);
        /* the chosen value is shown whole, under the field's name */
        adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row->row), TRUE);
        row->editor = row->row;
        g_signal_connect (row->row, "notify::selected", G_CALLBACK (on_combo_selected), row);
      }
      break;

    case NPC_FIELD_BOOLEAN:
      {
        GtkWidget *group = npc_choice_group_new (field->label);

        row->choices = NPC_CHOICE_GROUP (group);
        npc_choice_group_append (row->choices, _("Yes"), NULL, NULL);
        npc_choice_group_append (row->choices, _("No"), NULL, NULL);
        /* A field with a default is not unknown to the engine: say "Not set". */
        npc_choice_group_append (row->choices,
                                 field->default_value.known ? _("Not set") : _("Unknown"),
                                 unknown, unknown);
        npc_choice_group_set_selected (row->choices, 2);
        g_signal_connect (group, "notify::selected", G_CALLBACK (on_choice_selected), row);
        row->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), group);
        row->editor = group;
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
        /* Anything may be typed: what is not a valid value is kept and shown as an error. */
        gtk_spin_button_set_numeric (row->spin, FALSE);
        gtk_spin_button_set_update_policy (row->spin, GTK_UPDATE_IF_VALID);
        g_signal_connect (row->spin, "input", G_CALLBACK (on_spin_input), row);
        gtk_widget_set_valign (GTK_WIDGET (row->spin), GTK_ALIGN_CENTER);
        g_signal_connect (row->spin, "output", G_CALLBACK (on_spin_output), row);
        g_signal_connect (row->spin, "value-changed", G_CALLBACK (on_spin_value_changed), row);
        g_signal_connect (row->spin, "changed", G_CALLBACK (on_spin_text_changed), row);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->spin),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                        -1);

        gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (clear, "flat");
        /* emptying the box does the same from the keyboard */
        gtk_widget_set_focusable (clear, FALSE);
        gtk_widget_set_focus_on_click (clear, FALSE);
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
            /* one stop, the check box, named once: the row around it only takes clicks */
            gtk_widget_set_focusable (child, FALSE);
            /* named by the row's title, which the row lends it: a label of its own would
             * be said a second time */
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
        {
          GtkWidget *toggle = find_descendant (row->row, GTK_TYPE_SWITCH);
          /* TRANSLATORS: the switch that says whether a list field is known */
          g_autofree char *name = g_strdup_printf (_("“%s” known"), field->label);

          g_autofree char *choices = g_strdup_printf (_("%s: entries"), field->label);
          GPtrArray *stack = g_ptr_array_new ();

          if (toggle != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                            -1);
          /* the expander's own lists: named after the field, not after their class */
          g_ptr_array_add (stack, row->row);
          while (stack->len > 0)
            {
              GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

              if (GTK_IS_LIST_BOX (w))
                gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, choices,
                                                -1);
              for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
                   c = gtk_widget_get_next_sibling (c))
                if (!ADW_IS_ACTION_ROW (c))
                  g_ptr_array_add (stack, c);
            }
          g_ptr_array_unref (stack);
          /* the row around the expander's header: the header is the stop */
          gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                          -1);
          gtk_widget_set_focusable (row->row, FALSE);
        }
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

      row->help = help;
      if (ADW_IS_EXPANDER_ROW (row->row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row->row), help);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), help);
    }
  add_prefixes (row);
  set_title_wrap (row->row);
  /* A row that only holds its editor is no stop of its own: Tab goes to the editor. */
  if (ADW_IS_ACTION_ROW (row->row) && !ADW_IS_COMBO_ROW (row->row))
    gtk_widget_set_focusable (row->row, FALSE);
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
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autoptr(GString) error = NULL;
      gboolean is_needed = FALSE;

      for (guint j = 0; j < n_needed; j++)
        if (g_ptr_array_index (needed, j) == row->field)
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
scroll_to_row (FieldRow *row)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (row->row);

  scroll_now (row->row);
  if (clock != NULL)
    {
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_scroll_after_paint),
                        g_object_ref (row->row));
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
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
  return row != NULL && row->needed && gtk_widget_get_opacity (row->status) > 0.5;
}

const char *
npc_case_form_get_field_error (NpcCaseForm *self,
                               const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), NULL);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  if (row == NULL)
    return NULL;
  return row->typed_error ? row->typed_error : row->error;
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
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->help == NULL || (focus != row->row && !gtk_widget_is_ancestor (focus, row->row)))
        continue;
      /* a drop-down's open list would be covered: close it first */
      {
        GtkWidget *list = gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER);

        if (list != NULL)
          gtk_popover_popdown (GTK_POPOVER (list));
      }
      gtk_menu_button_popup (GTK_MENU_BUTTON (row->help));
      return;
    }
  gtk_widget_error_bell (widget);
}

gboolean
npc_case_form_show_help (NpcCaseForm *self,
                         const char  *field_id)
{
  FieldRow *row;

  g_return_val_if_fail (NPC_IS_CASE_FORM (self), FALSE);
  ensure_rows (self);
  row = self->by_id ? g_hash_table_lookup (self->by_id, field_id) : NULL;
  if (row == NULL || row->help == NULL)
    return FALSE;
  gtk_menu_button_popup (GTK_MENU_BUTTON (row->help));
  return gtk_menu_button_get_popover (GTK_MENU_BUTTON (row->help)) != NULL;
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
  gtk_widget_class_install_action (widget_class, "form.help", NULL, help_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "form.help", NULL);
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
