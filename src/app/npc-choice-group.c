/* npc-choice-group.c — a row of mutually exclusive choices, one keyboard stop
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked buttons that behave as a radio group: Tab reaches only the chosen button, the arrow
 * keys (and Home, End) move the choice, a click chooses. A screen reader meets a radio group
 * named after the field, with radio buttons that say their own choice and whether it is the
 * chosen one.
 */
#define G_LOG_DOMAIN "npc-choice-group"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-choice-group.h"

struct _NpcChoiceGroup
{
  GtkWidget  parent_instance;

  GPtrArray *buttons; /* GtkToggleButton *, unowned (children) */
  guint      selected;
  guint      updating : 1;
};

G_DEFINE_FINAL_TYPE (NpcChoiceGroup, npc_choice_group, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_buttons (NpcChoiceGroup *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      gboolean on = i == self->selected;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), on);
      /* one stop: only the chosen button takes focus from Tab */
      gtk_widget_set_focusable (button, on);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                                   GTK_ACCESSIBLE_STATE_CHECKED,
                                   on ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }
  self->updating = FALSE;
}

void
npc_choice_group_set_selected (NpcChoiceGroup *self,
                               guint           index)
{
  gboolean had_focus;

  g_return_if_fail (NPC_IS_CHOICE_GROUP (self));
  g_return_if_fail (index < self->buttons->len);

  had_focus = gtk_widget_has_focus (g_ptr_array_index (self->buttons, self->selected));
  if (self->selected == index)
    {
      sync_buttons (self);
      return;
    }
  self->selected = index;
  sync_buttons (self);
  if (had_focus)
    gtk_widget_grab_focus (g_ptr_array_index (self->buttons, index));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
npc_choice_group_get_selected (NpcChoiceGroup *self)
{
  g_return_val_if_fail (NPC_IS_CHOICE_GROUP (self), 0);
  return self->selected;
}

guint
npc_choice_group_get_n_choices (NpcChoiceGroup *self)
{
  g_return_val_if_fail (NPC_IS_CHOICE_GROUP (self), 0);
  return self->buttons->len;
}

GtkWidget *
npc_choice_group_get_button (NpcChoiceGroup *self,
                             guint           index)
{
  g_return_val_if_fail (NPC_IS_CHOICE_GROUP (self), NULL);
  return index < self->buttons->len ? g_ptr_array_index (self->buttons, index) : NULL;
}

static void
on_toggled (GtkToggleButton *button,
            NpcChoiceGroup  *self)
{
  guint index;

  if (self->updating)
    return;
  if (!g_ptr_array_find (self->buttons, button, &index))
    return;
  if (!gtk_toggle_button_get_active (button))
    {
      /* a click on the chosen button keeps it chosen */
      if (index == self->selected)
        sync_buttons (self);
      return;
    }
  self->selected = index;
  sync_buttons (self);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
npc_choice_group_append (NpcChoiceGroup *self,
                         const char     *label,
                         const char     *accessible_label,
                         const char     *tooltip)
{
  GtkWidget *button;

  g_return_val_if_fail (NPC_IS_CHOICE_GROUP (self), 0);
  g_return_val_if_fail (label != NULL, 0);

  button = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                         "label", label,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                         NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label ? accessible_label : label,
                                  -1);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_toggled), self, 0);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  g_ptr_array_add (self->buttons, button);
  sync_buttons (self);
  return self->buttons->len - 1;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (widget);
  int delta = g_variant_get_int32 (parameter);
  guint n = self->buttons->len;
  guint target;

  if (n == 0)
    return;
  if (delta == G_MININT32)
    target = 0;
  else if (delta == G_MAXINT32)
    target = n - 1;
  else
    target = (self->selected + n + (guint) (delta % (int) n + (int) n)) % n;
  npc_choice_group_set_selected (self, target);
  gtk_widget_grab_focus (g_ptr_array_index (self->buttons, self->selected));
}

static gboolean
npc_choice_group_grab_focus (GtkWidget *widget)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (widget);

  if (self->buttons->len == 0)
    return FALSE;
  return gtk_widget_grab_focus (g_ptr_array_index (self->buttons, self->selected));
}

static void
npc_choice_group_dispose (GObject *object)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_ptr_array_set_size (self->buttons, 0);

  G_OBJECT_CLASS (npc_choice_group_parent_class)->dispose (object);
}

static void
npc_choice_group_finalize (GObject *object)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (object);

  g_ptr_array_unref (self->buttons);

  G_OBJECT_CLASS (npc_choice_group_parent_class)->finalize (object);
}

static void
npc_choice_group_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_choice_group_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NpcChoiceGroup *self = NPC_CHOICE_GROUP (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      if (g_value_get_uint (value) < self->buttons->len)
        npc_choice_group_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_choice_group_class_init (NpcChoiceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; int delta; } keys[] = {
    { GDK_KEY_Left, -1 }, { GDK_KEY_KP_Left, -1 }, { GDK_KEY_Up, -1 }, { GDK_KEY_KP_Up, -1 },
    { GDK_KEY_Right, 1 }, { GDK_KEY_KP_Right, 1 }, { GDK_KEY_Down, 1 }, { GDK_KEY_KP_Down, 1 },
    { GDK_KEY_Home, G_MININT32 }, { GDK_KEY_End, G_MAXINT32 },
  };

  object_class->dispose = npc_choice_group_dispose;
  object_class->finalize = npc_choice_group_finalize;
  object_class->get_property = npc_choice_group_get_property;
  object_class->set_property = npc_choice_group_set_property;
  widget_class->grab_focus = npc_choice_group_grab_focus;

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "choice.move", "i", move_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, 0, "choice.move",
                                         "i", keys[i].delta);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "choicegroup");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
}

static void
npc_choice_group_init (NpcChoiceGroup *self)
{
  self->buttons = g_ptr_array_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
npc_choice_group_new (const char *accessible_label)
{
  GtkWidget *self = g_object_new (NPC_TYPE_CHOICE_GROUP, NULL);

  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                    -1);
  return self;
}
