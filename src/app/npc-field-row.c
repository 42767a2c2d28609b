/* npc-field-row.c — the editor of one field of the case form
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per field, built from the field's type: a drop-down for a choice, Yes / No /
 * Unknown for a yes-or-no question, a number box, a check list for a set, an entry for text.
 * The row shows a typed value (a GVariant: "b", "x", "s", "as"; NULL for unknown) and says
 * what the user entered through ::changed with a value of the same types; it never touches
 * the case itself, and it never judges a value the engine has not judged (the marks for
 * needed and in error come from the evaluation, through npc_field_row_set_marks()), except a
 * number that cannot be read as one, which is kept as typed and shown as an error.
 */
#define G_LOG_DOMAIN "npc-field-row"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "npc-choice-group.h"
#include "npc-field-row.h"

struct _NpcFieldRow
{
  GObject          parent_instance;

  const NpcField  *field;
  GtkWidget       *row;        /* owned */
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
  guint            updating;
};

G_DEFINE_FINAL_TYPE (NpcFieldRow, npc_field_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (NpcFieldRow *row,
              GVariant    *value)
{
  if (value != NULL)
    g_variant_ref_sink (value);
  g_signal_emit (row, signals[CHANGED], 0, value);
  g_clear_pointer (&value, g_variant_unref);
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
update_subtitle (NpcFieldRow *row)
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
update_accessible (NpcFieldRow *row)
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
is_updating (NpcFieldRow *row)
{
  return row->updating > 0;
}

static void
on_combo_selected (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   NpcFieldRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (is_updating (row))
    return;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    emit_changed (row, NULL);
  else
    emit_changed (row, g_variant_new_string (row->field->values[selected - 1].id));
}

static void
on_choice_selected (NpcChoiceGroup *group,
                    GParamSpec     *pspec,
                    NpcFieldRow       *row)
{
  if (is_updating (row))
    return;

  switch (npc_choice_group_get_selected (group))
    {
    case 0:
      emit_changed (row, g_variant_new_boolean (TRUE));
      break;
    case 1:
      emit_changed (row, g_variant_new_boolean (FALSE));
      break;
    default:
      emit_changed (row, NULL);
      break;
    }
}

static void
commit_spin (NpcFieldRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row->spin));

  if (is_updating (row))
    return;

  if (text == NULL || *text == '\0')
    {
      emit_changed (row, NULL);
      return;
    }

  row->spin_known = TRUE;
  emit_changed (row, g_variant_new_int64 ((gint64) gtk_spin_button_get_value (row->spin)));
}

static void
on_spin_value_changed (GtkSpinButton *spin,
                       NpcFieldRow      *row)
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
               NpcFieldRow      *row)
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
                      NpcFieldRow    *row)
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
          emit_changed (row, NULL);
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
      emit_changed (row, NULL);
      update_subtitle (row);
      update_accessible (row);
      return;
    }

  row->spin_known = TRUE;
  emit_changed (row, g_variant_new_int64 (value));
  update_subtitle (row);
  update_accessible (row);
}

/* An unknown integer shows an empty box instead of a number nobody entered. */
static gboolean
on_spin_output (GtkSpinButton *spin,
                NpcFieldRow      *row)
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
               NpcFieldRow  *row)
{
  if (is_updating (row))
    return;
  row->spin_known = FALSE;
  g_clear_pointer (&row->typed_error, g_free);
  gtk_editable_set_text (GTK_EDITABLE (row->spin), "");
  emit_changed (row, NULL);
  update_subtitle (row);
  update_accessible (row);
}

static void
commit_set (NpcFieldRow *row)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;

  if (is_updating (row))
    return;

  if (!adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row->row)))
    {
      emit_changed (row, NULL);
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
  emit_changed (row, g_variant_new_strv ((const char * const *) ids, -1));
}

static void
on_set_check_toggled (GtkCheckButton *check,
                      NpcFieldRow       *row)
{
  commit_set (row);
}

static void
on_set_enabled (AdwExpanderRow *expander,
                GParamSpec     *pspec,
                NpcFieldRow       *row)
{
  commit_set (row);
}

static void
on_entry_changed (GtkEditable *entry,
                  NpcFieldRow    *row)
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
      emit_changed (row, NULL);
      return;
    }

  if (row->field->type == NPC_FIELD_TEXT)
    {
      emit_changed (row, g_variant_new_string (text));
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
      emit_changed (row, g_variant_new_strv ((const char * const *) items, -1));
    }
}

/* From the case into the widgets */

/* From the case into the widgets */

void
npc_field_row_set_value (NpcFieldRow *row,
                         GVariant    *value,
                         gboolean     foreign)
{
  const NpcField *field;

  g_return_if_fail (NPC_IS_FIELD_ROW (row));
  field = row->field;

  row->updating++;
  g_clear_pointer (&row->summary, g_free);

  switch (editor_kind (field))
    {
    case NPC_FIELD_ENUM:
      {
        int index = value ? npc_field_find_value (field, g_variant_get_string (value, NULL)) : -1;

        adw_combo_row_set_selected (ADW_COMBO_ROW (row->row), index < 0 ? 0 : (guint) index + 1);
        if ((index < 0 && value != NULL) || foreign)
          row->summary = g_strdup (_("The file holds a value this form does not offer"));
      }
      break;

    case NPC_FIELD_BOOLEAN:
      npc_choice_group_set_selected (row->choices,
                                     value == NULL ? 2 : g_variant_get_boolean (value) ? 0 : 1);
      if (foreign)
        row->summary = g_strdup (_("The file holds a value this form does not offer"));
      break;

    case NPC_FIELD_INTEGER:
      if (value != NULL)
        {
          gint64 n = g_variant_get_int64 (value);
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, n);

          g_clear_pointer (&row->typed_error, g_free);
          row->spin_known = TRUE;
          gtk_spin_button_set_value (row->spin, (double) n);
          /* set_value does not redraw when the value is unchanged */
          gtk_spin_button_update (row->spin);
          gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
        }
      else if (row->typed_error == NULL)
        {
          row->spin_known = FALSE;
          gtk_editable_set_text (GTK_EDITABLE (row->spin), "");
        }
      if (foreign)
        row->summary = g_strdup (_("The file holds a value this form does not offer"));
      break;

    case NPC_FIELD_SET:
      {
        g_autofree const char **ids = value ? g_variant_get_strv (value, NULL) : NULL;
        g_autoptr(GString) summary = g_string_new (NULL);

        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row->row), value != NULL);
        for (guint i = 0; i < field->n_values; i++)
          {
            gboolean on = ids != NULL && g_strv_contains (ids, field->values[i].id);

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
        if (foreign)
          row->summary = g_strdup (_("The file holds a value this form does not offer"));
        else if (value == NULL)
          row->summary = g_strdup (_("Unknown — switch on to record"));
        else if (summary->len == 0)
          row->summary = g_strdup (_("None"));
        else
          row->summary = g_strdup (summary->str);
      }
      break;

    case NPC_FIELD_TEXT:
      {
        const char *text = value ? g_variant_get_string (value, NULL) : "";

        if (g_strcmp0 (gtk_editable_get_text (row->entry), text) != 0)
          gtk_editable_set_text (row->entry, text);
      }
      break;

    case NPC_FIELD_TEXT_LIST:
      {
        g_autofree const char **items = value ? g_variant_get_strv (value, NULL) : NULL;
        g_autofree char *joined = items ? g_strjoinv (", ", (char **) items) : g_strdup ("");
        g_autofree char *current = g_strdup (gtk_editable_get_text (row->entry));
        g_auto(GStrv) current_items = g_strsplit (current, ",", -1);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) normalised = NULL;
        const char *const none[] = { NULL };

        /* Leave the text alone while the user is typing the same list. */
        for (guint i = 0; current_items[i]; i++)
          {
            g_strstrip (current_items[i]);
            if (current_items[i][0])
              g_strv_builder_add (builder, current_items[i]);
          }
        normalised = g_strv_builder_end (builder);
        if (!g_strv_equal ((const char * const *) normalised, items ? items : none))
          gtk_editable_set_text (row->entry, joined);
      }
      break;

    default:
      break;
    }

  update_subtitle (row);
  row->updating--;
}

/* Building the rows */

/* The parts every row has around its editor come from npc-field-row.ui. The popover is
 * made on first use: a form of thirty-odd fields would otherwise build thirty-odd popovers. */
#define FIELD_ROW_UI "/io/github/npcpathway/NpcPathway/npc-field-row.ui"

static void
create_help_popover (GtkMenuButton *button,
                     gpointer       user_data)
{
  const NpcField *field = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  const char *objects[] = { "help_popover", NULL };
  g_autoptr(GError) error = NULL;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  builder = gtk_builder_new ();
  if (!gtk_builder_add_objects_from_resource (builder, FIELD_ROW_UI, objects, &error))
    g_error ("%s", error->message);
  gtk_label_set_text (GTK_LABEL (gtk_builder_get_object (builder, "help_label")), field->help);
  gtk_menu_button_set_popover (button,
                               GTK_WIDGET (gtk_builder_get_object (builder, "help_popover")));
}

static void
build_parts (NpcFieldRow *row)
{
  const NpcField *field = row->field;
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  const char *objects[] = { "status", "help", NULL };
  g_autoptr(GError) error = NULL;

  if (!gtk_builder_add_objects_from_resource (builder, FIELD_ROW_UI, objects, &error))
    g_error ("%s", error->message);
  /* held until the row adopts them: the builder lets go of its objects with it */
  row->status = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "status")));

  if (field->help != NULL)
    {
      GtkWidget *button = GTK_WIDGET (gtk_builder_get_object (builder, "help"));
      g_autofree char *a11y = g_strdup_printf (_("About “%s”"), field->label);
      /* TRANSLATORS: the tooltip of a field's help button; F1 is the key */
      g_autofree char *tooltip = g_strdup_printf (_("About “%s” (F1)"), field->label);

      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_help_popover,
                                             (gpointer) field, NULL);
      /* the menu button's own button is no stop either */
      for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          gtk_widget_set_focusable (child, FALSE);
          gtk_widget_set_focus_on_click (child, FALSE);
        }
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      row->help = g_object_ref (button);
    }
}

/* The mark of a needed field, or of one in error: an icon in a slot that is always there,
 * beside the accent bar the row's style draws, so the label keeps its width. */
static void
add_prefixes (NpcFieldRow *row)
{
  if (ADW_IS_EXPANDER_ROW (row->row))
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row->row), row->status);
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->status);
  /* the row holds it now */
  g_object_unref (row->status);
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

NpcFieldRow *
npc_field_row_new (const NpcField *field)
{
  NpcFieldRow *row;
  g_autofree char *unknown = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  row = g_object_new (NPC_TYPE_FIELD_ROW, NULL);
  row->field = field;
  unknown = unknown_label (field);
  /* building sets each widget's first state: none of that is an edit */
  row->updating++;

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
        g_signal_connect_object (row->row, "notify::selected", G_CALLBACK (on_combo_selected), row, 0);
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
        g_signal_connect_object (group, "notify::selected", G_CALLBACK (on_choice_selected), row, 0);
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
        g_signal_connect_object (row->spin, "input", G_CALLBACK (on_spin_input), row, 0);
        gtk_widget_set_valign (GTK_WIDGET (row->spin), GTK_ALIGN_CENTER);
        g_signal_connect_object (row->spin, "output", G_CALLBACK (on_spin_output), row, 0);
        g_signal_connect_object (row->spin, "value-changed", G_CALLBACK (on_spin_value_changed), row, 0);
        g_signal_connect_object (row->spin, "changed", G_CALLBACK (on_spin_text_changed), row, 0);
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
        g_signal_connect_object (clear, "clicked", G_CALLBACK (on_spin_clear), row, 0);

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
            g_signal_connect_object (row->checks[i], "toggled", G_CALLBACK (on_set_check_toggled), row, 0);
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
            g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), row, 0);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row->row), other);
          }
        g_signal_connect_object (row->row, "notify::enable-expansion", G_CALLBACK (on_set_enabled), row, 0);
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
        g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), row, 0);
        row->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), entry);
        row->editor = entry;
      }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), field->label);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row->row), FALSE);
  gtk_widget_set_name (row->row, field->id);
  build_parts (row);
  if (row->help != NULL)
    {
      if (ADW_IS_EXPANDER_ROW (row->row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row->row), row->help);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->help);
      g_object_unref (row->help);
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
  /* the row lives as long as its widget is in the form */
  row->row = g_object_ref_sink (row->row);
  row->updating--;

  return row;
}
/* The marks the evaluation gives the field. */
void
npc_field_row_set_marks (NpcFieldRow *row,
                         gboolean     needed,
                         const char  *error)
{
  g_return_if_fail (NPC_IS_FIELD_ROW (row));

  row->needed = needed;
  if (needed)
    gtk_widget_add_css_class (row->row, "needed");
  else
    gtk_widget_remove_css_class (row->row, "needed");
  if (g_strcmp0 (row->error, error) != 0)
    {
      g_free (row->error);
      row->error = g_strdup (error);
    }
  update_subtitle (row);
  update_accessible (row);
}

const NpcField *
npc_field_row_get_field (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), NULL);
  return row->field;
}

GtkWidget *
npc_field_row_get_widget (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), NULL);
  return row->row;
}

GtkWidget *
npc_field_row_get_editor (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), NULL);
  return row->editor;
}

gboolean
npc_field_row_get_needed (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), FALSE);
  return row->needed && gtk_widget_get_opacity (row->status) > 0.5;
}

const char *
npc_field_row_get_error (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), NULL);
  return row->typed_error ? row->typed_error : row->error;
}

gboolean
npc_field_row_contains (NpcFieldRow *row,
                        GtkWidget   *widget)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), FALSE);
  return widget != NULL && (widget == row->row || gtk_widget_is_ancestor (widget, row->row));
}

gboolean
npc_field_row_focus (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), FALSE);

  if (ADW_IS_EXPANDER_ROW (row->row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row->row), TRUE);
  return gtk_widget_grab_focus (row->editor);
}

gboolean
npc_field_row_show_help (NpcFieldRow *row)
{
  g_return_val_if_fail (NPC_IS_FIELD_ROW (row), FALSE);

  if (row->help == NULL)
    return FALSE;
  gtk_menu_button_popup (GTK_MENU_BUTTON (row->help));
  return gtk_menu_button_get_popover (GTK_MENU_BUTTON (row->help)) != NULL;
}

static void
npc_field_row_dispose (GObject *object)
{
  NpcFieldRow *row = NPC_FIELD_ROW (object);

  /* the widgets' handlers are connected with g_signal_connect_object: none outlives the row */
  g_clear_object (&row->row);

  G_OBJECT_CLASS (npc_field_row_parent_class)->dispose (object);
}

static void
npc_field_row_finalize (GObject *object)
{
  NpcFieldRow *row = NPC_FIELD_ROW (object);

  g_free (row->checks);
  g_free (row->summary);
  g_free (row->error);
  g_free (row->typed_error);

  G_OBJECT_CLASS (npc_field_row_parent_class)->finalize (object);
}

static void
npc_field_row_class_init (NpcFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = npc_field_row_dispose;
  object_class->finalize = npc_field_row_finalize;

  /**
   * NpcFieldRow::changed:
   * @value: (nullable): what the user entered, typed by the field ("b", "x", "s", "as"),
   *   or %NULL for unknown
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

static void
npc_field_row_init (NpcFieldRow *row)
{
}
