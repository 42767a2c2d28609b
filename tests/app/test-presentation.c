/* test-presentation.c — the presentation for educators, driven by its keys
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "npc-application.h"
#include "npc-presentation.h"
#include "npc-window.h"
#include "app-test-util.h"

static NpcApplication *app;
static JsonParser *vignette_parser;

/* Helpers */

static JsonObject *
find_vignette (const char *id)
{
  JsonArray *vignettes = json_node_get_array (json_parser_get_root (vignette_parser));

  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      JsonObject *v = json_array_get_object_element (vignettes, i);

      if (g_strcmp0 (json_object_get_string_member (v, "id"), id) == 0)
        return v;
    }
  g_error ("no vignette %s", id);
  return NULL;
}

/* A window showing the vignette's case, as if opened from a file. */
static NpcWindow *
window_for_vignette (const char *id)
{
  JsonObject *vignette = find_vignette (id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(NpcCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("npc-present-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  NpcWindow *window;

  g_assert_no_error (error);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "npc-pathway-case/1");
  json_builder_set_member_name (builder, "guideline");
  json_builder_add_string_value (builder, "npc-recurrent-metastatic");
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (vignette, "case")));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  path = g_build_filename (dir, "case.json", NULL);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  window = npc_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  file = g_file_new_for_path (path);
  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));

  g_unlink (path);
  g_rmdir (dir);
  return window;
}

static void
show_at (NpcPresentation *presentation,
         int              width,
         int              height)
{
  /* Unmapped, the window leaves full screen at once (no window manager needed), and a
   * size request lets it be larger than Xvfb's screen. */
  gtk_widget_set_visible (GTK_WIDGET (presentation), FALSE);
  spin_until_idle ();
  gtk_window_unfullscreen (GTK_WINDOW (presentation));
  gtk_widget_set_size_request (GTK_WIDGET (presentation), width, height);
  gtk_window_set_default_size (GTK_WINDOW (presentation), width, height);
  gtk_window_present (GTK_WINDOW (presentation));
  wait_for_frame (GTK_WIDGET (presentation));
  wait_for_frame (GTK_WIDGET (presentation));
}

/* Xvfb has no window manager to make the presentation full screen: give its content the
 * projector's size (the frame the client draws around a window comes on top). */
static void
resize (NpcPresentation *presentation,
        int              width,
        int              height)
{
  int rw = width, rh = height;

  /* The frame's size is only known once the window is shown, and a loaded X server may take
   * a few frames to apply a new size: adjust until the content has the projector's size. */
  show_at (presentation, rw, rh);
  for (int attempt = 0; attempt < 10; attempt++)
    {
      int dw = width - gtk_widget_get_width (GTK_WIDGET (presentation));
      int dh = height - gtk_widget_get_height (GTK_WIDGET (presentation));

      if (dw == 0 && dh == 0)
        break;
      rw += dw;
      rh += dh;
      show_at (presentation, rw, rh);
    }
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (presentation)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (presentation)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (presentation)), ==, height);
}

/* Opens the presentation the way the user does, and sizes it like a projector. */
static NpcPresentation *
present (NpcWindow *window,
         int        width,
         int        height)
{
  NpcPresentation *presentation;

  g_assert_null (npc_window_get_presentation (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  spin_until_idle ();
  presentation = npc_window_get_presentation (window);
  g_assert_nonnull (presentation);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (presentation)));
  /* Full screen from the start (here as asked for: Xvfb has no window manager). */
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (presentation)));

  wait_for_frame (GTK_WIDGET (presentation));
  resize (presentation, width, height);
  return presentation;
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0;
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval);
  return FALSE;
}

static gboolean
run_shortcuts (GtkWidget *widget,
               guint      keyval,
               GtkPropagationPhase phase)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                            GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

/* A key press as the window dispatches it: its capture-phase shortcuts first (they take
 * the key whatever has the focus), then its own. */
static void
press_key (NpcPresentation *presentation,
           guint            keyval)
{
  GtkWidget *widget = GTK_WIDGET (presentation);

  if (!run_shortcuts (widget, keyval, GTK_PHASE_CAPTURE) &&
      !run_shortcuts (widget, keyval, GTK_PHASE_BUBBLE))
    g_error ("no shortcut took %s", gdk_keyval_name (keyval));
  spin_until_idle ();
}

static guint
count_path_slides (NpcEvaluation *evaluation)
{
  guint n = 0, count = 0;
  const NpcNode *const *path = npc_evaluation_get_path (evaluation, &n);

  for (guint i = 0; i < n; i++)
    count += path[i]->kind == NPC_NODE_DECISION || path[i]->kind == NPC_NODE_REDIRECT;
  return count;
}

static guint
find_slide (NpcPresentation *presentation,
            const char      *key)
{
  for (guint i = 0; i < npc_presentation_get_n_slides (presentation); i++)
    if (g_strcmp0 (npc_presentation_get_slide_key (presentation, i), key) == 0)
      return i;
  g_error ("no slide %s", key);
  return 0;
}

static void
collect_with_class (GtkWidget  *widget,
                    const char *css_class,
                    GPtrArray  *found)
{
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_with_class (child, css_class, found);
}

static GtkWidget *
find_first (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
append_text (GtkWidget *widget,
             GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_text (child, text);
}

/* The labels under a widget, in order. */
static char *
dup_widget_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  append_text (widget, text);
  return g_string_free (text, FALSE);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
close_window (NpcWindow *window)
{
  close_test_window (GTK_WINDOW (window));
}

static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (menu_has_action (link, action))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
shortcuts_have_action (GtkWidget  *widget,
                       const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;

      g_object_get (widget, "action-name", &name, NULL);
      if (g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shortcuts_have_action (child, action))
      return TRUE;
  return FALSE;
}

/* Tests */

static void
test_shortcut_and_menu (void)
{
  g_auto(GStrv) accels = NULL;
  NpcWindow *window = window_for_vignette ("npc-16");

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.present");
  g_assert_true (g_strv_contains ((const char *const *) accels, "F5"));

  /* In the primary menu, and in the shortcuts window. */
  {
    GtkWidget *button = find_primary_menu_button (GTK_WIDGET (window));
    GtkShortcutsWindow *overlay;

    g_assert_nonnull (button);
    /* the menu is made as it first opens */
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    spin_until_idle ();
    g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
    g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)),
                                    "win.present"));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    spin_until_idle ();
    overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
    g_assert_nonnull (overlay);
    g_assert_true (shortcuts_have_action (GTK_WIDGET (overlay), "win.present"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  spin_until_idle ();
  g_assert_nonnull (npc_window_get_presentation (window));
  /* Pressing it again brings the same presentation back, not a second one. */
  {
    NpcPresentation *first = npc_window_get_presentation (window);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
    spin_until_idle ();
    g_assert_true (npc_window_get_presentation (window) == first);
  }
  close_window (window);
}

static double
font_px (GtkWidget *label)
{
  const PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  /* Absolute sizes are in device units (px); others in points at 96 dpi. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

static void
check_type_sizes (GtkWidget  *widget,
                  const char *where)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget))
    {
      double px = font_px (widget);

      if (px < (gtk_widget_has_css_class (widget, "slide-title") ? 40 : 24) - 0.01)
        g_error ("%s: “%.40s” is set in %.1f px", where, gtk_label_get_text (GTK_LABEL (widget)),
                 px);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_type_sizes (child, where);
}

/* Large type (titles at least 40 px, text at least 24), and yet every slide fits the screen:
 * nothing to scroll. */
static void
check_fit (NpcPresentation *presentation,
           const char      *id,
           gboolean         must_fit)
{
  wait_for_frame (GTK_WIDGET (presentation));
  for (guint i = 0; i < npc_presentation_get_n_slides (presentation); i++)
    {
      GtkWidget *box = npc_presentation_get_slide_widget (presentation, i);
      GtkWidget *scroller = gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      g_autofree char *where = g_strdup_printf ("%s slide %u (%s) at %d×%d", id, i + 1,
                                                npc_presentation_get_slide_key (presentation, i),
                                                gtk_widget_get_width (GTK_WIDGET (presentation)),
                                                gtk_widget_get_height (GTK_WIDGET (presentation)));

      check_type_sizes (box, where);
      g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), >, 400);
      if (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 1)
        {
          g_test_message ("%s overflows: %.0f > %.0f", where, gtk_adjustment_get_upper (adjustment),
                          gtk_adjustment_get_page_size (adjustment));
          g_assert_false (must_fit);
        }
    }
}

/* The deck: a title, one slide per decision or redirect on the path, the outcome, one per
 * trial behind it, one per ambiguity the path raises. */
static void
check_deck (const char *id,
            guint       expected_slides)
{
  NpcWindow *window = window_for_vignette (id);
  NpcEvaluation *evaluation = npc_window_get_evaluation (window);
  NpcPresentation *presentation = present (window, 1280, 720);
  guint n_evidence = 0, n_flags = 0, n_path = 0, slide = 0;
  const NpcEvidence *const *evidence = npc_evaluation_get_evidence (evaluation, &n_evidence);
  const NpcAmbiguity *const *flags = npc_evaluation_get_flags (evaluation, &n_flags);
  const NpcNode *const *path = npc_evaluation_get_path (evaluation, &n_path);
  guint n = npc_presentation_get_n_slides (presentation);

  g_test_message ("%s: %u slides (%u on the path, %u trials, %u ambiguities)", id, n,
                  count_path_slides (evaluation), n_evidence, n_flags);
  g_assert_true (npc_presentation_get_evaluation (presentation) == evaluation);
  if (expected_slides > 0)
    g_assert_cmpuint (n, ==, expected_slides);

  g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide++), ==, NPC_SLIDE_TITLE);
  g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide++), ==, NPC_SLIDE_FACTS);
  for (guint i = 0; i < n_path; i++)
    {
      if (path[i]->kind == NPC_NODE_OUTCOME)
        continue;
      g_assert_cmpstr (npc_presentation_get_slide_key (presentation, slide), ==, path[i]->id);
      g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide), ==,
                       path[i]->kind == NPC_NODE_DECISION ? NPC_SLIDE_DECISION
                                                          : NPC_SLIDE_REDIRECT);
      slide++;
    }
  g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide++), ==, NPC_SLIDE_OUTCOME);

  /* Options, alternatives and agents follow the outcome, when it has any. */
  {
    const NpcNode *primary = npc_evaluation_get_primary (evaluation);
    guint n_alternatives = 0, n_agents = 0;
    const NpcEvalAlternative *alternatives = npc_evaluation_get_alternatives (evaluation,
                                                                              &n_alternatives);
    const NpcEvalAgent *agents = npc_evaluation_get_agents (evaluation, &n_agents);

    if (primary != NULL && (primary->n_options > 0 || n_alternatives > 0 || n_agents > 0))
      {
        g_autofree char *text = npc_presentation_dup_slide_text (presentation, slide);

        g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide), ==,
                         NPC_SLIDE_OUTCOME_DETAILS);
        for (guint i = 0; i < primary->n_options; i++)
          g_assert_nonnull (strstr (text, primary->options[i].text));
        for (guint i = 0; i < n_alternatives; i++)
          g_assert_nonnull (strstr (text, alternatives[i].node ? alternatives[i].node->label
                                                               : alternatives[i].modifier->label));
        for (guint i = 0; i < n_agents; i++)
          {
            g_assert_nonnull (strstr (text, agents[i].agent->label));
            if (agents[i].excluded)
              g_assert_nonnull (strstr (text, agents[i].reason));
            for (guint j = 0; agents[i].caveats && agents[i].caveats[j]; j++)
              g_assert_nonnull (strstr (text, agents[i].caveats[j]));
          }
        slide++;
      }
  }

  for (guint i = 0; i < n_evidence; i++, slide++)
    {
      g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide), ==,
                       NPC_SLIDE_EVIDENCE);
      g_assert_cmpstr (npc_presentation_get_slide_key (presentation, slide), ==, evidence[i]->id);
    }
  for (guint i = 0; i < n_flags; i++, slide++)
    {
      g_autofree char *text = npc_presentation_dup_slide_text (presentation, slide);

      g_assert_cmpint (npc_presentation_get_slide_kind (presentation, slide), ==,
                       NPC_SLIDE_AMBIGUITY);
      g_assert_nonnull (strstr (text, flags[i]->id));
      g_assert_nonnull (strstr (text, flags[i]->title));
    }
  g_assert_cmpuint (slide, ==, n);

  /* The title slide: the case, the source, its date and the disclaimer; then the facts. */
  {
    g_autofree char *text = npc_presentation_dup_slide_text (presentation, 0);
    g_autofree char *facts = npc_presentation_dup_slide_text (presentation, 1);
    const NpcMetadata *meta = npc_guideline_get_metadata (npc_application_get_guideline (app));

    g_assert_nonnull (strstr (facts, "Key facts"));
    g_assert_nonnull (strstr (facts, "Disease setting:"));
    g_assert_nonnull (strstr (text, id));
    g_assert_nonnull (strstr (text, meta->source_title));
    g_assert_nonnull (strstr (text, "literature review current through Dec 2022"));
    g_assert_nonnull (strstr (text, "last updated Jun 08, 2022"));
    g_assert_nonnull (strstr (text, meta->disclaimer));
  }

  /* The outcome slide says the outcome in plain words. */
  {
    g_autofree char *text = npc_presentation_dup_slide_text (presentation,
                                                            find_slide (presentation, "outcome"));
    g_autofree char *summary = npc_evaluation_dup_summary (evaluation);

    g_assert_nonnull (strstr (text, summary));
  }

  check_fit (presentation, id, expected_slides > 0 || g_getenv ("NPC_TEST_ALL_DECKS") == NULL);

  /* Every slide, to look at. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("deck-%s-%02u-%s.png", id, i + 1,
                                               npc_presentation_get_slide_key (presentation, i));

      npc_presentation_set_slide (presentation, i);
      save_screenshot (GTK_WIDGET (presentation), name);
    }

  /* The densest deck at 1080p too. */
  if (g_str_equal (id, "npc-27"))
    {
      resize (presentation, 1920, 1080);
      check_fit (presentation, id, TRUE);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("deck-%s-%02u-%s-1920x1080.png", id, i + 1,
                                                   npc_presentation_get_slide_key (presentation, i));

          npc_presentation_set_slide (presentation, i);
          save_screenshot (GTK_WIDGET (presentation), name);
        }
    }

  /* The presentation goes with its window. */
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &presentation);
  close_window (window);
  g_assert_null (presentation);
}

static void
test_deck_npc03 (void)
{
  /* Title and facts; D1 D2 D3 D4 D5 D6 D8 D9: 8 decisions; the outcome and its
   * procedure and alternative; E01 and E02 behind the surgery and its alternative; no
   * ambiguity flagged. */
  check_deck ("npc-03", 2 + 8 + 2 + 2);
}

static void
test_deck_npc34 (void)
{
  /* Stops at D8 for want of the rT stage: 7 decisions, then "needs input". */
  check_deck ("npc-34", 2 + 7 + 1);
}

static void
test_deck_others (void)
{
  /* A redirect (npc-09), agents and ambiguities (npc-27), an invalid case (npc-38). */
  check_deck ("npc-09", 0);
  check_deck ("npc-27", 0);
  check_deck ("npc-38", 2 + 0 + 1);
  /* Every visible vignette, when asked for (NPC_TEST_ALL_DECKS=1): a survey of the whole
   * guideline's slides, to look at. */
  if (g_getenv ("NPC_TEST_ALL_DECKS") != NULL)
    {
      JsonArray *all = json_node_get_array (json_parser_get_root (vignette_parser));

      for (guint i = 0; i < json_array_get_length (all); i++)
        check_deck (json_object_get_string_member (json_array_get_object_element (all, i), "id"),
                    0);
    }
}

/* The branch taken is marked by an icon, bold type and the words "this patient". */
static void
test_decision_marks_taken (void)
{
  NpcWindow *window = window_for_vignette ("npc-03");
  NpcEvaluation *evaluation = npc_window_get_evaluation (window);
  NpcPresentation *presentation = present (window, 1280, 720);
  NpcGuideline *guideline = npc_application_get_guideline (app);
  const char *decisions[] = { "D1", "D5", "D6", "D9" };

  for (guint d = 0; d < G_N_ELEMENTS (decisions); d++)
    {
      const NpcNode *node = npc_guideline_lookup_node (guideline, decisions[d]);
      guint index = find_slide (presentation, decisions[d]);
      GtkWidget *box = npc_presentation_get_slide_widget (presentation, index);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GPtrArray) taken = g_ptr_array_new ();
      g_autofree char *text = npc_presentation_dup_slide_text (presentation, index);

      collect_with_class (box, "branch", rows);
      collect_with_class (box, "taken", taken);
      /* Every branch, in order, and exactly one taken. */
      g_assert_cmpuint (rows->len, ==, node->n_branches);
      g_assert_cmpuint (taken->len, ==, 1);
      g_assert_nonnull (strstr (text, node->label));
      for (guint b = 0; b < node->n_branches; b++)
        {
          const NpcStep *step = npc_evaluation_get_branch_step (evaluation, node, b);
          const char *reason = NULL;
          NpcBranchState state = npc_evaluation_get_branch_state (evaluation, node, b,
                                                                  &reason, NULL);
          GtkWidget *row = g_ptr_array_index (rows, b);
          g_autofree char *row_text = dup_widget_text (row);
          GtkWidget *label = find_first (row, GTK_TYPE_LABEL);

          g_assert_true (g_str_has_prefix (row_text, node->branches[b].label));
          if (step != NULL && step->state == NPC_BRANCH_TAKEN)
            {
              GtkWidget *image = find_first (row, GTK_TYPE_IMAGE);

              g_assert_true (row == g_ptr_array_index (taken, 0));
              g_assert_nonnull (strstr (row_text, "This patient"));
              g_assert_nonnull (strstr (row_text, step->reason));
              g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "<b>"));
              g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==,
                               "object-select-symbolic");
            }
          else
            {
              g_assert_null (strstr (row_text, "This patient"));
              g_assert_nonnull (strstr (row_text, "Not taken"));
              g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (label)), "<b>"));
            }
          if (step != NULL && step->state == NPC_BRANCH_EXCLUDED)
            g_assert_nonnull (strstr (row_text, step->reason));
          /* after the one taken: the branch that applies, in the evaluation's words */
          if (state == NPC_BRANCH_PREEMPTED)
            {
              g_assert_nonnull (strstr (reason, "earlier branch"));
              g_assert_nonnull (strstr (row_text, reason));
            }
        }
    }

  /* Screen readers: every slide is a named group, its text in labels. */
  {
    GtkWidget *box = npc_presentation_get_slide_widget (presentation, find_slide (presentation, "D9"));

    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (box),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));
  }

  /* The decision slide and the outcome, at projector sizes, light and dark. */
  npc_presentation_set_slide (presentation, find_slide (presentation, "D9"));
  save_screenshot (GTK_WIDGET (presentation), "present-decision-1280x720.png");
  npc_presentation_set_slide (presentation, find_slide (presentation, "outcome"));
  save_screenshot (GTK_WIDGET (presentation), "present-outcome-1280x720.png");
  npc_presentation_set_slide (presentation, find_slide (presentation, "outcome-details"));
  save_screenshot (GTK_WIDGET (presentation), "present-outcome-details-1280x720.png");
  npc_presentation_set_slide (presentation, 0);
  save_screenshot (GTK_WIDGET (presentation), "present-title-1280x720.png");
  npc_presentation_set_slide (presentation, 1);
  save_screenshot (GTK_WIDGET (presentation), "present-facts-1280x720.png");
  npc_presentation_set_slide (presentation, find_slide (presentation, "E01"));
  save_screenshot (GTK_WIDGET (presentation), "present-evidence-1280x720.png");

  resize (presentation, 1920, 1080);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (presentation), "large"));
  npc_presentation_set_slide (presentation, find_slide (presentation, "D9"));
  save_screenshot (GTK_WIDGET (presentation), "present-decision-1920x1080.png");
  npc_presentation_set_slide (presentation, find_slide (presentation, "outcome"));
  save_screenshot (GTK_WIDGET (presentation), "present-outcome-1920x1080.png");
  npc_presentation_set_slide (presentation, 0);
  save_screenshot (GTK_WIDGET (presentation), "present-title-1920x1080.png");
  npc_presentation_set_slide (presentation, 1);
  save_screenshot (GTK_WIDGET (presentation), "present-facts-1920x1080.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  npc_presentation_set_slide (presentation, find_slide (presentation, "D9"));
  save_screenshot (GTK_WIDGET (presentation), "present-decision-dark-1920x1080.png");
  resize (presentation, 1280, 720);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (presentation), "large"));
  npc_presentation_set_slide (presentation, find_slide (presentation, "outcome"));
  save_screenshot (GTK_WIDGET (presentation), "present-outcome-dark-1280x720.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_LIGHT);
  spin_until_idle ();

  close_window (window);
}

/* Where input is needed: the undetermined branch says what would decide it. */
static void
test_needs_input (void)
{
  NpcWindow *window = window_for_vignette ("npc-34");
  NpcPresentation *presentation = present (window, 1280, 720);
  guint index = find_slide (presentation, "D8");
  g_autoptr(GPtrArray) undetermined = g_ptr_array_new ();
  g_autofree char *text = npc_presentation_dup_slide_text (presentation, index);
  g_autofree char *outcome = NULL;

  collect_with_class (npc_presentation_get_slide_widget (presentation, index), "undetermined",
                      undetermined);
  g_assert_cmpuint (undetermined->len, ==, 1);
  g_assert_nonnull (strstr (text, "Possible if Recurrent T stage is known"));
  g_assert_null (strstr (text, "This patient"));

  outcome = npc_presentation_dup_slide_text (presentation, find_slide (presentation, "outcome"));
  g_assert_nonnull (strstr (outcome, "Needs input"));
  g_assert_nonnull (strstr (outcome, "Recurrent T stage"));

  npc_presentation_set_slide (presentation, index);
  save_screenshot (GTK_WIDGET (presentation), "present-needs-input-decision-1280x720.png");
  npc_presentation_set_slide (presentation, find_slide (presentation, "outcome"));
  save_screenshot (GTK_WIDGET (presentation), "present-needs-input-1280x720.png");
  close_window (window);
}

static void
test_keyboard (void)
{
  NpcWindow *window = window_for_vignette ("npc-03");
  NpcPresentation *presentation = present (window, 1280, 720);
  guint n = npc_presentation_get_n_slides (presentation);
  const struct {
    guint keyval;
    guint slide;
  } steps[] = {
    { GDK_KEY_Right, 1 }, { GDK_KEY_space, 2 }, { GDK_KEY_Page_Down, 3 }, { GDK_KEY_Return, 4 },
    { GDK_KEY_KP_Enter, 5 }, { GDK_KEY_Left, 4 }, { GDK_KEY_BackSpace, 3 }, { GDK_KEY_Page_Up, 2 },
    { GDK_KEY_End, G_MAXUINT }, { GDK_KEY_Right, G_MAXUINT }, { GDK_KEY_Home, 0 },
    { GDK_KEY_Left, 0 },
  };

  g_assert_cmpuint (npc_presentation_get_slide (presentation), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      guint want = steps[i].slide == G_MAXUINT ? n - 1 : steps[i].slide;

      press_key (presentation, steps[i].keyval);
      g_assert_cmpuint (npc_presentation_get_slide (presentation), ==, want);
      /* At either end the button that would go further is off. */
      g_assert_true (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (presentation),
                                                                   "presentation.next")) ==
                     (want + 1 < n));
      g_assert_true (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (presentation),
                                                                   "presentation.previous")) ==
                     (want > 0));
      wait_for_frame (GTK_WIDGET (presentation));
    }

  /* The on-screen buttons do the same, and say where we are. */
  {
    GtkWidget *position = NULL;
    g_autoptr(GPtrArray) found = g_ptr_array_new ();
    g_autofree char *expected = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (presentation), "presentation.next", NULL));
    spin_until_idle ();
    collect_with_class (GTK_WIDGET (presentation), "presentation-position", found);
    g_assert_cmpuint (found->len, ==, 1);
    position = g_ptr_array_index (found, 0);
    expected = g_strdup_printf ("Slide 2 of %u", n);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (position)), ==, expected);
  }

  /* Esc leaves the presentation, and the window can present again. */
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &presentation);
  press_key (presentation, GDK_KEY_Escape);
  spin_until_idle ();
  g_assert_null (presentation);
  g_assert_null (npc_window_get_presentation (window));

  presentation = present (window, 1280, 720);
  g_assert_cmpuint (npc_presentation_get_n_slides (presentation), ==, n);
  close_window (window);
}

/* Guess first: the first press shows the branch taken, the second moves on. */
static void
test_guess_first (void)
{
  NpcWindow *window = window_for_vignette ("npc-03");
  NpcPresentation *presentation = present (window, 1280, 720);
  guint d1 = find_slide (presentation, "D1");
  g_autofree char *hidden = NULL;
  g_autofree char *shown = NULL;

  g_assert_false (npc_presentation_get_guess_first (presentation));
  g_assert_true (npc_presentation_get_revealed (presentation, d1));
  press_key (presentation, GDK_KEY_g);
  g_assert_true (npc_presentation_get_guess_first (presentation));
  g_assert_false (npc_presentation_get_revealed (presentation, d1));

  /* From the facts, on to the first decision: its branches, none marked. */
  npc_presentation_set_slide (presentation, d1 - 1);
  press_key (presentation, GDK_KEY_Right);
  g_assert_cmpuint (npc_presentation_get_slide (presentation), ==, d1);
  hidden = npc_presentation_dup_slide_text (presentation, d1);
  g_assert_null (strstr (hidden, "This patient"));
  g_assert_null (strstr (hidden, "Not taken"));
  {
    g_autoptr(GPtrArray) taken = g_ptr_array_new ();

    collect_with_class (npc_presentation_get_slide_widget (presentation, d1), "taken", taken);
    g_assert_cmpuint (taken->len, ==, 0);
  }
  save_screenshot (GTK_WIDGET (presentation), "present-guess-hidden-1280x720.png");

  press_key (presentation, GDK_KEY_space);
  g_assert_cmpuint (npc_presentation_get_slide (presentation), ==, d1);
  g_assert_true (npc_presentation_get_revealed (presentation, d1));
  shown = npc_presentation_dup_slide_text (presentation, d1);
  g_assert_nonnull (strstr (shown, "This patient"));

  press_key (presentation, GDK_KEY_Right);
  g_assert_cmpuint (npc_presentation_get_slide (presentation), ==, d1 + 1);
  g_assert_false (npc_presentation_get_revealed (presentation, d1 + 1));

  /* Back to a slide already revealed: it stays revealed. */
  press_key (presentation, GDK_KEY_Left);
  g_assert_true (npc_presentation_get_revealed (presentation, d1));

  /* Off again: everything shows. */
  press_key (presentation, GDK_KEY_g);
  g_assert_true (npc_presentation_get_revealed (presentation, d1 + 1));
  close_window (window);
}

/* The presentation follows the case when it changes while open. */
static void
test_follows_case (void)
{
  NpcWindow *window = window_for_vignette ("npc-03");
  NpcPresentation *presentation = present (window, 1280, 720);
  NpcCase *kase = npc_window_get_case (window);
  guint d9 = find_slide (presentation, "D9");
  g_autofree char *outcome = NULL;

  npc_presentation_set_slide (presentation, d9);
  g_assert_cmpstr (npc_evaluation_get_primary (npc_presentation_get_evaluation (presentation))->id,
                   ==, "LR-RT-SURG-T12");

  /* As npc-04: the patient wishes to avoid surgery and can be reirradiated. */
  npc_case_set_boolean (kase, "declines_surgery", TRUE);
  npc_case_set_boolean (kase, "reirradiation_candidate", TRUE);
  spin_until_idle ();

  g_assert_true (npc_presentation_get_evaluation (presentation) ==
                 npc_window_get_evaluation (window));
  g_assert_cmpstr (npc_evaluation_get_primary (npc_presentation_get_evaluation (presentation))->id,
                   ==, "LR-RT-REIRR-ALT");
  /* Still on D9, which now leads elsewhere; D10 has joined the path. */
  g_assert_cmpstr (npc_presentation_get_slide_key (presentation,
                                                   npc_presentation_get_slide (presentation)),
                   ==, "D9");
  find_slide (presentation, "D10");
  outcome = npc_presentation_dup_slide_text (presentation, find_slide (presentation, "outcome"));
  g_assert_nonnull (strstr (outcome,
                            npc_evaluation_get_primary (npc_window_get_evaluation (window))->label));
  save_screenshot (GTK_WIDGET (presentation), "present-followed-1280x720.png");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Moves between slides land at once, so that a screenshot never catches one halfway. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = test_application_new ();

  vignette_parser = json_parser_new ();
  g_assert_nonnull (g_getenv ("NPC_PATHWAY_VIGNETTES"));
  json_parser_load_from_file (vignette_parser, g_getenv ("NPC_PATHWAY_VIGNETTES"), &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/presentation/shortcut-and-menu", test_shortcut_and_menu);
  g_test_add_func ("/app/presentation/deck/npc-03", test_deck_npc03);
  g_test_add_func ("/app/presentation/deck/npc-34", test_deck_npc34);
  g_test_add_func ("/app/presentation/deck/others", test_deck_others);
  g_test_add_func ("/app/presentation/decision-marks-taken", test_decision_marks_taken);
  g_test_add_func ("/app/presentation/needs-input", test_needs_input);
  g_test_add_func ("/app/presentation/keyboard", test_keyboard);
  g_test_add_func ("/app/presentation/guess-first", test_guess_first);
  g_test_add_func ("/app/presentation/follows-case", test_follows_case);

  status = g_test_run ();
  g_object_unref (vignette_parser);
  g_object_unref (app);
  return status;
}
