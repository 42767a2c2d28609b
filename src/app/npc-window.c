/* npc-window.c
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-window-private.h"

#include "npc-diagram-view.h"

G_DEFINE_FINAL_TYPE (NpcWindow, npc_window, ADW_TYPE_APPLICATION_WINDOW)

static void npc_window_setup (NpcWindow *self);

NpcWindow *
npc_window_new (NpcApplication *application)
{
  NpcWindow *self;

  g_return_val_if_fail (NPC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (npc_application_get_guideline (application) != NULL, NULL);

  /* "application" is not a construct property: set-up needs it, so it runs after. */
  self = g_object_new (NPC_TYPE_WINDOW, "application", application, NULL);
  npc_window_setup (self);
  return self;
}

NpcDocument *
npc_window_get_document (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->document;
}

NpcCase *
npc_window_get_case (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return npc_document_get_case (self->document);
}

NpcEvaluation *
npc_window_get_evaluation (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return npc_document_get_evaluation (self->document);
}

GFile *
npc_window_get_file (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return npc_document_get_file (self->document);
}

gboolean
npc_window_get_modified (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  return npc_document_get_modified (self->document);
}

gboolean
npc_window_is_pristine (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), FALSE);
  return npc_document_is_pristine (self->document);
}

NpcCaseForm *
npc_window_get_case_form (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->case_form;
}

NpcOutcomeBanner *
npc_window_get_banner (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->banner;
}

NpcEvidencePane *
npc_window_get_evidence_pane (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->evidence_pane;
}

GtkWidget *
npc_window_get_diagram (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->diagram;
}

NpcPresentation *
npc_window_get_presentation (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->presentation;
}

const char *
npc_window_get_source_text (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->source_text;
}

const char *
npc_window_get_last_error (NpcWindow *self)
{
  g_return_val_if_fail (NPC_IS_WINDOW (self), NULL);
  return self->last_error;
}

void
_npc_window_show_error (NpcWindow  *self,
                        const char *heading,
                        const char *body)
{
  GtkWidget *dialog;

  g_free (self->last_error);
  self->last_error = g_strdup_printf ("%s\n%s", heading, body);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

char *
_npc_window_dup_display_name (NpcWindow *self)
{
  return npc_document_dup_display_name (self->document);
}

void
_npc_window_update_title (NpcWindow *self)
{
  g_autofree char *name = _npc_window_dup_display_name (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GFile *file = npc_document_get_file (self->document);

  /* The mark is a symbol and a word, so that it is not lost on anyone. */
  if (npc_document_get_modified (self->document))
    {
      title = g_strdup_printf ("• %s", name);
      subtitle = g_strdup (_("Unsaved changes"));
    }
  else
    {
      title = g_strdup (name);
      if (file != NULL)
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          subtitle = parent ? g_file_get_parse_name (parent) : NULL;
        }
      else
        subtitle = g_strdup (_("Not saved"));
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");

  {
    g_autofree char *window_title = g_strdup_printf (_("%s — NPC Pathway"), title);
    gtk_window_set_title (GTK_WINDOW (self), window_title);
  }
}

void
_npc_window_update_actions (NpcWindow *self)
{
  NpcEvaluation *evaluation = npc_document_get_evaluation (self->document);
  gboolean have_needed = FALSE;

  if (evaluation != NULL)
    {
      g_autoptr(GPtrArray) fields = npc_evaluation_dup_fields_to_complete (evaluation);

      have_needed = fields->len > 0;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-needed", have_needed);
}


/* An open presentation follows the case: its slides are rebuilt from each evaluation. */
static void
update_presentation (NpcWindow *self)
{
  g_autofree char *name = NULL;

  if (self->presentation == NULL)
    return;
  name = _npc_window_dup_display_name (self);
  npc_presentation_set_evaluation (self->presentation,
                                   npc_document_get_evaluation (self->document),
                                   npc_document_get_case (self->document), name);
}

/* The views take the evaluation through their bindings; the window has its actions and an
 * open presentation to follow. */
static void
on_evaluation_changed (NpcWindow   *self,
                       GParamSpec  *pspec,
                       NpcDocument *document)
{
  update_presentation (self);
  _npc_window_update_actions (self);
}

/* A new case starts at its own outcome, not at a node picked for the last one. */
static void
on_case_replaced (NpcWindow   *self,
                  GParamSpec  *pspec,
                  NpcDocument *document)
{
  g_binding_group_set_source (self->case_bindings, npc_document_get_case (document));
  g_clear_pointer (&self->selected_node_id, g_free);
  npc_evidence_pane_set_node_id (self->evidence_pane, NULL);
  npc_diagram_view_select_node (NPC_DIAGRAM_VIEW (self->diagram), NULL);
}

static void
on_title_changed (NpcWindow   *self,
                  GParamSpec  *pspec,
                  NpcDocument *document)
{
  _npc_window_update_title (self);
}

static void
on_node_selected (NpcWindow      *self,
                  const char     *node_id,
                  NpcDiagramView *view)
{
  g_free (self->selected_node_id);
  self->selected_node_id = g_strdup (node_id);
  npc_evidence_pane_set_node_id (self->evidence_pane, node_id);
}

static void
build_source_text (NpcWindow *self)
{
  const NpcMetadata *meta = npc_guideline_get_metadata (self->guideline);
  GString *s = g_string_new (NULL);

  if (meta->source_title != NULL)
    g_string_append_printf (s, _("Source: “%s”"), meta->source_title);
  if (meta->literature_review_through != NULL && meta->last_updated != NULL)
    {
      if (s->len)
        g_string_append (s, " — ");
      g_string_append_printf (s, _("literature review current through %s, last updated %s"),
                              meta->literature_review_through, meta->last_updated);
    }
  g_string_append_printf (s, _(" (guideline %s, version %s)."),
                          npc_guideline_get_id (self->guideline),
                          npc_guideline_get_version (self->guideline));
  if (meta->disclaimer != NULL)
    {
      g_string_append_c (s, ' ');
      g_string_append (s, meta->disclaimer);
    }
  else
    {
      g_string_append_c (s, ' ');
      g_string_append (s, _("Decision support only: it supports, and does not replace, "
                            "clinical judgement."));
    }

  g_free (self->source_text);
  self->source_text = g_string_free (s, FALSE);
  npc_paragraph_set_text (self->source_label, self->source_text);
}

/* Actions */

static void
next_needed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);

  adw_flap_set_reveal_flap (self->form_flap, TRUE);
  if (!npc_case_form_focus_next_needed (self->case_form))
    gtk_widget_error_bell (widget);
}

static void
forward_to_diagram (NpcWindow  *self,
                    const char *action_name)
{
  gtk_widget_activate_action (self->diagram, action_name, NULL);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    forward_to_diagram (self, "diagram.zoom-in");
  else if (g_str_equal (action_name, "win.zoom-out"))
    forward_to_diagram (self, "diagram.zoom-out");
  else if (g_str_equal (action_name, "win.zoom-fit"))
    forward_to_diagram (self, "diagram.zoom-fit");
  else if (g_str_equal (action_name, "win.zoom-path"))
    forward_to_diagram (self, "diagram.zoom-path");
}

static void
toggle_form_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);

  adw_flap_set_reveal_flap (self->form_flap, !adw_flap_get_reveal_flap (self->form_flap));
}

static void
toggle_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);

  gtk_toggle_button_set_active (self->evidence_toggle,
                                !gtk_toggle_button_get_active (self->evidence_toggle));
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  NpcWindow *self = NPC_WINDOW (widget);

  if (self->presentation == NULL)
    {
      self->presentation = npc_presentation_new (GTK_WINDOW (self));
      g_object_add_weak_pointer (G_OBJECT (self->presentation),
                                 (gpointer *) &self->presentation);
      update_presentation (self);
    }
  gtk_window_present (GTK_WINDOW (self->presentation));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The start-up benchmark: main() to the first frame painted with the diagram in it. */
static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static void
bench_after_paint (GdkFrameClock *clock,
                   NpcWindow     *self)
{
  NpcApplication *app;
  gint64 now = g_get_monotonic_time ();

  if (self->bench_reported || !gtk_widget_get_mapped (self->diagram) ||
      gtk_widget_get_width (self->diagram) <= 0)
    return;

  self->bench_reported = TRUE;
  app = NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  npc_application_bench_mark (app, "first frame with diagram");
  g_print ("startup-ms: %.1f\npeak-rss-mb: %.1f\n",
           (now - npc_application_get_start_time (app)) / 1000.0,
           peak_rss_kb () / 1024.0);
  if (g_strcmp0 (g_getenv ("NPC_PATHWAY_BENCH_STARTUP"), "2") == 0)
    {
      g_autofree char *status = NULL;

      if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
        g_printerr ("%s", status);
    }
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint, self);
  g_application_quit (G_APPLICATION (app));
}

/* The phases of the frames before the first one with the diagram. */
static void
bench_phase (NpcWindow  *self,
             const char *phase)
{
  NpcApplication *app = NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  g_autofree char *what = NULL;

  if (self->bench_reported || clock == NULL)
    return;
  what = g_strdup_printf ("frame %" G_GINT64_FORMAT ": %s",
                          gdk_frame_clock_get_frame_counter (clock), phase);
  npc_application_bench_mark (app, what);
}

static void
bench_layout (GdkFrameClock *clock,
              NpcWindow     *self)
{
  bench_phase (self, "layout");
}

static void
bench_paint (GdkFrameClock *clock,
             NpcWindow     *self)
{
  bench_phase (self, "paint");
}

/* The shortcuts window: dozens of widgets that nobody sees at start, built once the window
 * has drawn its first frame (GTK would build it with the window, before that frame); and the
 * window's icon, which GTK would load before it. */
static gboolean
build_help_overlay (gpointer data)
{
  NpcWindow *self = data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GtkBuilder) builder = NULL;

  self->help_overlay_id = 0;
  if (app != NULL)
    npc_application_ensure_icon (NPC_APPLICATION (app));
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) != NULL)
    return G_SOURCE_REMOVE;
  builder = gtk_builder_new_from_resource ("/io/github/npcpathway/NpcPathway/npc-shortcuts.ui");
  gtk_application_window_set_help_overlay (
    GTK_APPLICATION_WINDOW (self),
    GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  return G_SOURCE_REMOVE;
}

static void
help_overlay_after_paint (GdkFrameClock *clock,
                          NpcWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, help_overlay_after_paint, self);
  if (self->help_overlay_id == 0 &&
      gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) == NULL)
    self->help_overlay_id = g_idle_add_full (G_PRIORITY_LOW, build_help_overlay, self, NULL);
}

static void
npc_window_map (GtkWidget *widget)
{
  NpcWindow *self = NPC_WINDOW (widget);

  GTK_WIDGET_CLASS (npc_window_parent_class)->map (widget);

  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (help_overlay_after_paint), self, 0);

  if (g_getenv ("NPC_PATHWAY_BENCH_STARTUP") != NULL && !self->bench_reported)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

      npc_application_bench_mark (NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                  "window mapped");
      g_signal_connect_object (clock, "layout", G_CALLBACK (bench_layout), self, 0);
      g_signal_connect_object (clock, "paint", G_CALLBACK (bench_paint), self, 0);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_after_paint), self, 0);
    }
}

static void
restore_state (NpcWindow *self)
{
  NpcApplication *app = NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = npc_application_get_settings (app);
  int width, height, position;

  if (settings == NULL)
    return;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (settings, "changed::recent-cases",
                           G_CALLBACK (_npc_window_update_recent), self, G_CONNECT_SWAPPED);

  position = g_settings_get_int (settings, "evidence-pane-position");
  if (position > 0)
    gtk_paned_set_position (self->content_paned, position);
  g_settings_bind (settings, "show-case-form", self->form_flap, "reveal-flap",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (settings, "show-evidence", self->evidence_toggle, "active",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
}

static void
save_state (NpcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings;
  int width, height;

  if (app == NULL || (settings = npc_application_get_settings (NPC_APPLICATION (app))) == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_int (settings, "evidence-pane-position",
                      gtk_paned_get_position (self->content_paned));
}

static gboolean
npc_window_close_request (GtkWindow *window)
{
  NpcWindow *self = NPC_WINDOW (window);

  save_state (self);
  if (_npc_window_close_request (self))
    return TRUE;
  return GTK_WINDOW_CLASS (npc_window_parent_class)->close_request (window);
}

static void
npc_window_setup (NpcWindow *self)
{
  NpcApplication *app = NPC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(NpcLayout) layout = NULL;
  g_autoptr(PangoFontMap) font_map = NULL;
  NpcDiagramView *diagram;
  GSettings *settings;

  g_assert (NPC_IS_APPLICATION (app));
  self->guideline = g_object_ref (npc_application_get_guideline (app));
  self->engine = g_object_ref (npc_application_get_engine (app));

  npc_application_bench_mark (app, "window template built");
  npc_case_form_set_guideline (self->case_form, self->guideline);
  npc_application_bench_mark (app, "case form built");
  /* The orientation first, so that the diagram is laid out once, in it; the first window
   * finds that layout made already, on the thread that read the guideline. */
  settings = npc_application_get_settings (app);
  if (settings != NULL)
    g_settings_bind (settings, "diagram-orientation", self->diagram, "orientation",
                     G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  diagram = NPC_DIAGRAM_VIEW (self->diagram);
  layout = npc_application_take_layout (app, self->guideline,
                                        npc_diagram_view_get_orientation (diagram), &font_map);
  /* and draws with the fonts that layout loaded */
  if (font_map != NULL)
    npc_renderer_set_font_map (npc_diagram_view_get_renderer (diagram), font_map);
  npc_diagram_view_set_guideline_with_layout (diagram, self->guideline, layout);
  build_source_text (self);

  restore_state (self);
  _npc_window_update_recent (self);

  /* The document starts with a new case; the views take it, and its evaluation, from here. */
  self->document = npc_document_new (self->engine);
  npc_session_add_document (npc_application_get_session (app), self->document);
  g_signal_group_set_target (self->document_signals, self->document);
  g_binding_group_set_source (self->document_bindings, self->document);
  g_binding_group_set_source (self->case_bindings, npc_document_get_case (self->document));
  _npc_window_update_title (self);
  _npc_window_update_actions (self);
}

static void
npc_window_dispose (GObject *object)
{
  NpcWindow *self = NPC_WINDOW (object);

  g_clear_handle_id (&self->help_overlay_id, g_source_remove);
  if (self->presentation != NULL)
    {
      GtkWindow *presentation = GTK_WINDOW (self->presentation);

      g_object_remove_weak_pointer (G_OBJECT (presentation), (gpointer *) &self->presentation);
      self->presentation = NULL;
      gtk_window_destroy (presentation);
    }
  if (self->document_bindings != NULL)
    g_binding_group_set_source (self->document_bindings, NULL);
  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  if (self->case_bindings != NULL)
    g_binding_group_set_source (self->case_bindings, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_WINDOW);

  g_clear_object (&self->document_bindings);
  g_clear_object (&self->case_bindings);
  g_clear_object (&self->document_signals);
  /* An unsaved document that goes keeps its last autosave; nothing more is written. */
  g_clear_object (&self->document);
  g_clear_object (&self->engine);
  g_clear_object (&self->guideline);

  G_OBJECT_CLASS (npc_window_parent_class)->dispose (object);
}

static void
npc_window_finalize (GObject *object)
{
  NpcWindow *self = NPC_WINDOW (object);

  g_free (self->selected_node_id);
  g_free (self->source_text);
  g_free (self->last_error);

  G_OBJECT_CLASS (npc_window_parent_class)->finalize (object);
}

static void
npc_window_class_init (NpcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = npc_window_dispose;
  object_class->finalize = npc_window_finalize;
  widget_class->map = npc_window_map;
  window_class->close_request = npc_window_close_request;

  g_type_ensure (NPC_TYPE_CASE_FORM);
  g_type_ensure (NPC_TYPE_DIAGRAM_VIEW);
  g_type_ensure (NPC_TYPE_EVIDENCE_PANE);
  g_type_ensure (NPC_TYPE_PARAGRAPH);
  g_type_ensure (NPC_TYPE_OUTCOME_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, form_flap);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, case_form);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, diagram);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, evidence_pane);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, evidence_toggle);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, source_label);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, NpcWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_node_selected);

  gtk_widget_class_install_action (widget_class, "win.next-needed", NULL, next_needed_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-path", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-form", NULL, toggle_form_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-evidence", NULL,
                                   toggle_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  _npc_window_class_add_file_actions (widget_class);
}

/* "Assumes … · Answer": the field, in the form, ready to be answered. */
static void
on_banner_answer (NpcWindow  *self,
                  const char *field_id)
{
  if (self->case_form != NULL)
    npc_case_form_focus_field (self->case_form, field_id);
}

/* The main menu's popover is made the first time it opens (F10 or a click). Made with the
 * window, its model buttons were an eighth of all the window built before it first showed,
 * for a menu that is closed then. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  NpcWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
npc_window_init (NpcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu, self,
                                         NULL);

  g_signal_connect_object (self->banner, "answer", G_CALLBACK (on_banner_answer), self,
                           G_CONNECT_SWAPPED);

  /* Every view follows the document's case and evaluation. */
  self->document_bindings = g_binding_group_new ();
  g_binding_group_bind (self->document_bindings, "case", self->case_form, "case",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->document_bindings, "evaluation", self->banner, "evaluation",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->document_bindings, "evaluation", self->case_form, "evaluation",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->document_bindings, "evaluation", self->evidence_pane, "evaluation",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->document_bindings, "evaluation", self->diagram, "evaluation",
                        G_BINDING_SYNC_CREATE);
  self->case_bindings = g_binding_group_new ();
  g_binding_group_bind (self->case_bindings, "decision", self->banner, "decision",
                        G_BINDING_SYNC_CREATE);
  self->document_signals = g_signal_group_new (NPC_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "notify::case",
                                 G_CALLBACK (on_case_replaced), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::evaluation",
                                 G_CALLBACK (on_evaluation_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::title",
                                 G_CALLBACK (on_title_changed), self, G_CONNECT_SWAPPED);

  _npc_window_init_files (self);
}
