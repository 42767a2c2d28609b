/* test-window.c — the application window, driven through its widgets
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "npc-application.h"
#include "npc-case-form.h"
#include "npc-choice-group.h"
#include "npc-result-table.h"
#include "npc-diagram-view.h"
#include "npc-paragraph.h"
#include "npc-window.h"
#include "app-test-util.h"

static NpcApplication *app;

/* Helpers */

static NpcWindow *
new_window (void)
{
  return test_window_new (app);
}

static void
close_window (NpcWindow *window)
{
  close_test_window (GTK_WINDOW (window));
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
  spin_until_idle ();
}

static guint
count_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      n += ADW_IS_MESSAGE_DIALOG (window);
    }
  return n;
}

static JsonArray *
load_vignettes (JsonParser **parser_out)
{
  const char *path = g_getenv ("NPC_PATHWAY_VIGNETTES");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_array (json_parser_get_root (*parser_out));
}

static JsonObject *
find_vignette (JsonArray  *vignettes,
               const char *id)
{
  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      JsonObject *v = json_array_get_object_element (vignettes, i);
      if (g_strcmp0 (json_object_get_string_member (v, "id"), id) == 0)
        return v;
    }
  g_assert_not_reached ();
  return NULL;
}

/* Can the form express this value? (The form offers only valid values; a vignette that
 * holds an invalid one, such as an ECOG of 7, is tested by the core.) */
static gboolean
form_can_express (NpcGuideline *guideline,
                  const char   *field_id,
                  JsonNode     *value)
{
  const NpcField *field = npc_guideline_lookup_field (guideline, field_id);

  if (field == NULL)
    return FALSE;

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
             npc_field_find_value (field, json_node_get_string (value)) >= 0;
    case NPC_FIELD_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
    case NPC_FIELD_INTEGER:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64 &&
             json_node_get_int (value) >= field->min && json_node_get_int (value) <= field->max;
    case NPC_FIELD_SET:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
        if (npc_field_find_value (field, json_array_get_string_element (json_node_get_array (value), i)) < 0)
          return FALSE;
      return TRUE;
    case NPC_FIELD_TEXT:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING;
    case NPC_FIELD_TEXT_LIST:
      return JSON_NODE_HOLDS_ARRAY (value);
    default:
      return FALSE;
    }
}

/* Lists whose order carries no meaning (sets, lists of agents) compare by their members. */
static gboolean
same_members (JsonNode *a,
              JsonNode *b)
{
  JsonArray *x, *y;

  if (!JSON_NODE_HOLDS_ARRAY (a) || !JSON_NODE_HOLDS_ARRAY (b))
    return FALSE;
  x = json_node_get_array (a);
  y = json_node_get_array (b);
  if (json_array_get_length (x) != json_array_get_length (y))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (x); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < json_array_get_length (y) && !found; k++)
        found = json_node_equal (json_array_get_element (x, i), json_array_get_element (y, k));
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static GtkWidget *
nth_child (GtkWidget *parent,
           guint      n)
{
  GtkWidget *child = gtk_widget_get_first_child (parent);

  while (n-- > 0 && child != NULL)
    child = gtk_widget_get_next_sibling (child);
  g_assert_nonnull (child);
  return child;
}

/* Sets a field the way a user would: through its widget. */
static void
set_through_form (NpcWindow  *window,
                  const char *field_id,
                  JsonNode   *value)
{
  NpcCaseForm *form = npc_window_get_case_form (window);
  NpcGuideline *guideline = npc_case_form_get_guideline (form);
  const NpcField *field = npc_guideline_lookup_field (guideline, field_id);
  GtkWidget *editor = npc_case_form_get_editor (form, field_id);

  g_assert_nonnull (field);
  g_assert_nonnull (editor);

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      g_assert_true (ADW_IS_COMBO_ROW (editor));
      adw_combo_row_set_selected (ADW_COMBO_ROW (editor),
                                  npc_field_find_value (field, json_node_get_string (value)) + 1);
      break;

    case NPC_FIELD_BOOLEAN:
      {
        /* Yes, No, Unknown: activated like a click (the click lands after the press
         * animation, so wait for it). */
        GtkWidget *button = nth_child (editor, json_node_get_boolean (value) ? 0 : 1);
        gboolean timed_out = FALSE;
        guint timeout = g_timeout_add (2000, set_flag_on_timeout, &timed_out);

        g_assert_true (gtk_widget_activate (button));
        while (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)) && !timed_out)
          g_main_context_iteration (NULL, TRUE);
        g_assert_false (timed_out);
        g_source_remove (timeout);
      }
      break;

    case NPC_FIELD_INTEGER:
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
        gtk_editable_set_text (GTK_EDITABLE (editor), text);
      }
      break;

    case NPC_FIELD_TEXT_LIST:
      if (field->n_values == 0)
        {
          JsonArray *array = json_node_get_array (value);
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_string_append_printf (text, "%s%s", i ? ", " : "",
                                    json_array_get_string_element (array, i));
          gtk_editable_set_text (GTK_EDITABLE (editor), text->str);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case NPC_FIELD_SET:
      {
        JsonArray *array = json_node_get_array (value);
        g_autoptr(GString) others = g_string_new (NULL);

        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (editor), TRUE);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            int index = npc_field_find_value (field, json_array_get_string_element (array, i));
            g_autofree char *name = g_strdup_printf ("%s:%s", field_id, field->values[index].id);
            (void) name;
            /* the check buttons are in the rows of the expander, in value order */
            g_assert_cmpint (index, >=, 0);
          }
        {
          /* find the check buttons through the accessible labels of the value rows */
          GtkWidget *w = editor;
          GPtrArray *checks = g_ptr_array_new ();
          GQueue queue = G_QUEUE_INIT;

          GtkWidget *other_entry = NULL;

          g_queue_push_tail (&queue, w);
          while (!g_queue_is_empty (&queue))
            {
              GtkWidget *cur = g_queue_pop_head (&queue);
              for (GtkWidget *c = gtk_widget_get_first_child (cur); c; c = gtk_widget_get_next_sibling (c))
                {
                  if (GTK_IS_CHECK_BUTTON (c))
                    g_ptr_array_add (checks, c);
                  else if (GTK_IS_ENTRY (c))
                    other_entry = c;
                  else
                    g_queue_push_tail (&queue, c);
                }
            }
          g_assert_cmpuint (checks->len, ==, field->n_values);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              const char *id = json_array_get_string_element (array, i);
              int index = npc_field_find_value (field, id);

              if (index < 0)
                g_string_append_printf (others, "%s%s", others->len ? ", " : "", id);
              else
                gtk_check_button_set_active (g_ptr_array_index (checks, index), TRUE);
            }
          if (others->len > 0)
            {
              g_assert_nonnull (other_entry);
              gtk_editable_set_text (GTK_EDITABLE (other_entry), others->str);
            }
          g_ptr_array_unref (checks);
        }
      }
      break;

    case NPC_FIELD_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (editor), json_node_get_string (value));
      break;

    default:
      g_assert_not_reached ();
    }
  spin_until_idle ();
}

static char **
json_strv (JsonObject *object,
           const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return g_strv_builder_end (builder);
  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_strv_builder_add (builder, json_object_get_string_member (json_node_get_object (node),
                                                                     "rule"));
      else
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/* Tests */

static void
test_window_builds (void)
{
  NpcWindow *window = new_window ();
  NpcOutcomeBanner *banner = npc_window_get_banner (window);
  NpcEvaluation *evaluation = npc_window_get_evaluation (window);
  const char *source = npc_window_get_source_text (window);
  guint n = 0;

  g_assert_nonnull (evaluation);
  /* An empty case asks for its first field: nothing is guessed. */
  g_assert_cmpint (npc_evaluation_get_outcome (evaluation), ==, NPC_OUTCOME_NEEDS_INPUT);
  g_assert_null (npc_evaluation_get_primary (evaluation));
  npc_evaluation_get_needs_input (evaluation, &n);
  g_assert_cmpuint (n, >, 0);
  g_assert_nonnull (strstr (npc_outcome_banner_get_summary (banner), "Needs input:"));

  /* The source, review date and disclaimer are always on screen. */
  g_assert_nonnull (strstr (source, "literature review current through Dec 2022"));
  g_assert_nonnull (strstr (source, "last updated Jun 08, 2022"));
  g_assert_nonnull (npc_guideline_get_metadata (npc_application_get_guideline (app))->disclaimer);
  g_assert_nonnull (strstr (source, npc_guideline_get_metadata (npc_application_get_guideline (app))->disclaimer));
  g_assert_false (npc_window_get_modified (window));
  g_assert_true (npc_window_is_pristine (window));
  g_assert_true (gtk_widget_get_mapped (npc_window_get_diagram (window)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (npc_window_get_evidence_pane (window))));

  save_screenshot (GTK_WIDGET (window), "app-new-case.png");
  close_window (window);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
check_vignette (JsonObject *vignette,
                gboolean   *checked)
{
  const char *id = json_object_get_string_member (vignette, "id");
  JsonObject *fields = json_object_get_object_member (vignette, "case");
  JsonObject *expected = json_object_get_object_member (vignette, "expected");
  const char *type = json_object_get_string_member (expected, "outcome_type");
  NpcGuideline *guideline = npc_application_get_guideline (app);
  g_autoptr(GList) members = json_object_get_members (fields);
  NpcWindow *window;
  NpcEvaluation *evaluation;
  NpcOutcomeBanner *banner;
  int banner_height;
  g_auto(GStrv) path = NULL;
  g_auto(GStrv) expected_path = json_strv (expected, "path");
  const NpcNode *const *nodes;
  guint n_nodes = 0;

  *checked = FALSE;
  for (GList *l = members; l; l = l->next)
    if (!form_can_express (guideline, l->data, json_object_get_member (fields, l->data)))
      {
        g_test_message ("%s: %s cannot be entered in the form; left to the core tests",
                        id, (const char *) l->data);
        return;
      }

  window = new_window ();
  wait_for_frame (GTK_WIDGET (window));
  banner_height = gtk_widget_get_height (GTK_WIDGET (npc_window_get_banner (window)));
  for (GList *l = members; l; l = l->next)
    {
      set_through_form (window, l->data, json_object_get_member (fields, l->data));
      /* nothing above the form moves while the case is entered */
      wait_for_frame (GTK_WIDGET (window));
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (npc_window_get_banner (window))), ==,
                       banner_height);
    }

  /* The form wrote exactly the vignette's values. */
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *want = json_object_get_member (fields, l->data);
      JsonNode *got = npc_case_get_value (npc_window_get_case (window), l->data);

      if (got == NULL)
        g_error ("%s: field %s is unknown after entry", id, (const char *) l->data);
      if (!json_node_equal (want, got) && !same_members (want, got))
        g_error ("%s: field %s differs after entry", id, (const char *) l->data);
    }

  evaluation = npc_window_get_evaluation (window);
  banner = npc_window_get_banner (window);
  g_test_message ("%s: %s | %s", id, npc_outcome_banner_get_summary (banner),
                  npc_outcome_banner_get_details (banner));

  g_assert_cmpstr (npc_outcome_type_to_string (npc_evaluation_get_outcome (evaluation)), ==, type);
  g_assert_true (npc_window_get_modified (window));

  if (g_str_equal (type, "NEEDS_INPUT"))
    {
      g_auto(GStrv) needs = json_strv (expected, "needs_input");

      g_assert_null (npc_evaluation_get_primary (evaluation));
      for (guint i = 0; needs[i]; i++)
        {
          const NpcField *field = npc_guideline_lookup_field (guideline, needs[i]);

          g_autofree char *shown = g_strdup_printf ("%s\n%s",
                                                    npc_outcome_banner_get_summary (banner),
                                                    npc_outcome_banner_get_details (banner));

          g_assert_nonnull (strstr (shown, "Needs input"));
          g_assert_nonnull (strstr (shown, field->label));
          g_assert_true (npc_case_form_field_is_marked_needed (npc_window_get_case_form (window),
                                                                needs[i]));
        }
    }
  else if (g_str_equal (type, "VALIDATION_ERROR"))
    {
      g_auto(GStrv) rules = json_strv (expected, "validation_errors");
      JsonArray *errors = json_object_get_array_member (expected, "validation_errors");

      g_assert_null (npc_evaluation_get_primary (evaluation));
      for (guint i = 0; rules[i]; i++)
        {
          const char *field = json_object_get_string_member (json_array_get_object_element (errors, i),
                                                             "field");
          const char *shown = npc_case_form_get_field_error (npc_window_get_case_form (window),
                                                             field);

          g_assert_nonnull (strstr (npc_outcome_banner_get_details (banner), rules[i]));
          /* and at the field it concerns */
          g_assert_nonnull (shown);
          g_assert_nonnull (strstr (shown, rules[i]));
        }
    }
  else
    {
      const NpcNode *primary = npc_evaluation_get_primary (evaluation);
      const char *grade = json_object_get_null_member (expected, "grade")
                          ? NULL : json_object_get_string_member (expected, "grade");

      g_assert_nonnull (primary);
      g_assert_cmpstr (primary->id, ==, json_object_get_string_member (expected, "primary"));
      /* The banner names the outcome and its grade in words. */
      g_assert_nonnull (strstr (npc_outcome_banner_get_summary (banner), primary->label));
      if (grade != NULL)
        {
          g_autofree char *with_grade = g_strdup_printf ("grade %s", grade);
          g_assert_nonnull (strstr (npc_outcome_banner_get_summary (banner), with_grade));
        }
      /* A grade stated for another population is said to be the review's, for them. */
      if (json_object_has_member (expected, "stated_grade"))
        {
          g_autofree char *stated = g_strdup_printf ("graded %s by the review for",
                                                     json_object_get_string_member (expected,
                                                                                    "stated_grade"));
          g_autofree char *own = g_strdup_printf ("grade %s",
                                                  json_object_get_string_member (expected,
                                                                                 "stated_grade"));

          g_assert_nonnull (strstr (npc_outcome_banner_get_summary (banner), stated));
          g_assert_null (strstr (npc_outcome_banner_get_summary (banner), own));
        }
      /* The evidence pane follows the primary outcome by default. */
      g_assert_true (npc_evidence_pane_get_shown_node (npc_window_get_evidence_pane (window)) ==
                     primary);
    }

  /* The highlighted path: the path the evaluation reports, node states as the diagram
   * draws them. */
  path = npc_evaluation_dup_path_ids (evaluation);
  g_assert_cmpstrv (path, expected_path);
  nodes = npc_evaluation_get_path (evaluation, &n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      NpcNodeState state = npc_evaluation_get_node_state (evaluation, nodes[i]);

      if (i + 1 == n_nodes && g_str_equal (type, "NEEDS_INPUT"))
        g_assert_cmpint (state, ==, NPC_NODE_STATE_STOPPED);
      else if (i + 1 == n_nodes)
        g_assert_cmpint (state, ==, NPC_NODE_STATE_PRIMARY);
      else
        g_assert_cmpint (state, ==, NPC_NODE_STATE_ON_PATH);
    }
  /* The diagram followed the patient: the end of the path and the decision before it are on
   * screen, at a size that can be read. */
  {
    NpcDiagramView *view = NPC_DIAGRAM_VIEW (npc_window_get_diagram (window));
    NpcLayout *layout = npc_diagram_view_get_layout (view);
    double zoom, ox, oy, vw, vh;
    guint n = 0;
    const NpcNode *const *on_path = npc_evaluation_get_path (evaluation, &n);
    gint64 until = g_get_monotonic_time () + 600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    zoom = npc_diagram_view_get_zoom (view);
    npc_diagram_view_get_origin (view, &ox, &oy);
    vw = gtk_widget_get_width (GTK_WIDGET (view)) / zoom;
    vh = gtk_widget_get_height (GTK_WIDGET (view)) / zoom;
    for (guint k = n >= 2 ? n - 2 : 0; k < n; k++)
      {
        const NpcLayoutBox *box = npc_layout_find_node (layout, on_path[k]);
        const NpcLayoutBox *end = npc_layout_find_node (layout, on_path[n - 1]);

        g_assert_nonnull (box);
        /* the decision before the end, where the two can be read together in this view */
        if (box != end)
          {
            double x0 = MIN (box->x, end->x), x1 = MAX (box->x + box->width, end->x + end->width);
            double y0 = MIN (box->y, end->y), y1 = MAX (box->y + box->height, end->y + end->height);

            if ((x1 - x0) * NPC_DIAGRAM_VIEW_READABLE_ZOOM > gtk_widget_get_width (GTK_WIDGET (view)) - 48 ||
                (y1 - y0) * NPC_DIAGRAM_VIEW_READABLE_ZOOM > gtk_widget_get_height (GTK_WIDGET (view)) - 48)
              {
                g_test_message ("%s: %s and %s are too far apart to be read together here", id,
                                box->id, end->id);
                continue;
              }
          }
        if (box->x < ox - 1 || box->y < oy - 1 || box->x + box->width > ox + vw + 1 ||
            box->y + box->height > oy + vh + 1)
          g_error ("%s: %s at %g,%g %gx%g is not on screen (view %g,%g %gx%g at zoom %g)", id,
                   box->id, box->x, box->y, box->width, box->height, ox, oy, vw, vh, zoom);
      }
    /* an invalid case has no path: the whole tree */
    if (n > 0)
      g_assert_cmpfloat (zoom, >=, 0.79);
  }

  {
    GtkWidget *diagram = npc_window_get_diagram (window);
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (diagram), "evaluation");

    /* The diagram shows this very evaluation. */
    if (pspec != NULL)
      {
        g_autoptr(NpcEvaluation) shown = NULL;
        g_object_get (diagram, "evaluation", &shown, NULL);
        g_assert_true (shown == evaluation);
      }
  }

  if (g_str_equal (id, "npc-03") || g_str_equal (id, "npc-34") || g_str_equal (id, "npc-38") ||
      g_str_equal (id, "npc-27"))
    {
      g_autofree char *name = g_strdup_printf ("app-vignette-%s.png", id);
      save_screenshot (GTK_WIDGET (window), name);
    }

  close_window (window);
  *checked = TRUE;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Every visible vignette opened in the window as a case file (which holds values the form
 * would not offer, so none is left out): the diagram shows the end of the path and the
 * decision before it, inside the view, with box text of 13 units drawn at 10.4 pixels or
 * more. */
static void
test_vignettes_opened (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  g_autofree char *dir = g_dir_make_tmp ("npc-vignettes-XXXXXX", NULL);
  guint with_path = 0, apart = 0;

  g_assert_nonnull (dir);
  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      JsonObject *vignette = json_array_get_object_element (vignettes, i);
      const char *id = json_object_get_string_member (vignette, "id");
      g_autofree char *name = g_strdup_printf ("%s.json", id);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      NpcWindow *window;
      NpcEvaluation *evaluation;
      NpcDiagramView *view;
      NpcLayout *layout;
      const NpcNode *const *on_path;
      double zoom, ox, oy, vw, vh;
      guint n = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "npc-pathway-case/1");
      json_builder_set_member_name (builder, "guideline");
      json_builder_add_string_value (builder, "npc-recurrent-metastatic");
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (vignette, "case")));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      g_assert_true (json_generator_to_file (generator, path, &error));
      g_assert_no_error (error);

      window = new_window ();
      g_assert_true (npc_window_load_file (window, file, &error));
      g_assert_no_error (error);
      wait_for_frame (GTK_WIDGET (window));
      {
        gint64 until = g_get_monotonic_time () + 600 * 1000;
        guint wake = g_timeout_add (10, wake_up, NULL);

        while (g_get_monotonic_time () < until)
          g_main_context_iteration (NULL, TRUE);
        g_source_remove (wake);
      }
      wait_for_frame (GTK_WIDGET (window));

      evaluation = npc_window_get_evaluation (window);
      view = NPC_DIAGRAM_VIEW (npc_window_get_diagram (window));
      layout = npc_diagram_view_get_layout (view);
      g_assert_true (npc_diagram_view_get_evaluation (view) == evaluation);
      on_path = npc_evaluation_get_path (evaluation, &n);
      g_assert_cmpstr (npc_outcome_type_to_string (npc_evaluation_get_outcome (evaluation)), ==,
                       json_object_get_string_member (json_object_get_object_member (vignette,
                                                                                     "expected"),
                                                      "outcome_type"));
      zoom = npc_diagram_view_get_zoom (view);
      npc_diagram_view_get_origin (view, &ox, &oy);
      vw = gtk_widget_get_width (GTK_WIDGET (view)) / zoom;
      vh = gtk_widget_get_height (GTK_WIDGET (view)) / zoom;
      if (npc_evaluation_get_outcome (evaluation) == NPC_OUTCOME_VALIDATION_ERROR)
        {
          /* no path to follow: the banner says what is wrong */
          g_assert_cmpuint (n, ==, 0);
          g_assert_cmpuint (strlen (npc_outcome_banner_get_summary (npc_window_get_banner (window))),
                            >, 0);
          close_window (window);
          continue;
        }
      g_assert_cmpuint (n, >=, 2);
      for (guint k = n - 2; k < n; k++)
        {
          const NpcLayoutBox *box = npc_layout_find_node (layout, on_path[k]);
          const NpcLayoutBox *end = npc_layout_find_node (layout, on_path[n - 1]);

          g_assert_nonnull (box);
          if (box->x >= ox - 1 && box->y >= oy - 1 && box->x + box->width <= ox + vw + 1 &&
              box->y + box->height <= oy + vh + 1)
            continue;
          /* The decision before the end may be left out only where the two cannot both be
           * shown at a legible zoom in this view (its margins and zoom buttons aside). */
          if (box != end)
            {
              double x0 = MIN (box->x, end->x), x1 = MAX (box->x + box->width, end->x + end->width);
              double y0 = MIN (box->y, end->y), y1 = MAX (box->y + box->height, end->y + end->height);

              if ((x1 - x0) * NPC_DIAGRAM_VIEW_READABLE_ZOOM > gtk_widget_get_width (GTK_WIDGET (view)) - 48 ||
                  (y1 - y0) * NPC_DIAGRAM_VIEW_READABLE_ZOOM > gtk_widget_get_height (GTK_WIDGET (view)) - 48)
                {
                  g_test_message ("%s opened: %s and %s are %.0f × %.0f units apart; the view "
                                  "is %d × %d pixels", id, box->id, end->id, x1 - x0, y1 - y0,
                                  gtk_widget_get_width (GTK_WIDGET (view)),
                                  gtk_widget_get_height (GTK_WIDGET (view)));
                  apart++;
                  continue;
                }
            }
          g_error ("%s opened: %s at %g,%g %gx%g is not on screen (view %g,%g %gx%g at zoom %g)",
                   id, box->id, box->x, box->y, box->width, box->height, ox, oy, vw, vh, zoom);
        }
      g_assert_cmpfloat (zoom, >=, NPC_DIAGRAM_VIEW_READABLE_ZOOM - 1e-9);
      g_assert_true (npc_diagram_view_get_following (view));
      with_path++;
      close_window (window);
    }
  g_test_message ("%u vignettes opened, %u with a path followed; in %u the decision before the "
                  "end is too far from it to be shown with it", json_array_get_length (vignettes),
                  with_path, apart);
  g_assert_cmpuint (with_path, >, 0);
  {
    g_autoptr(GFile) d = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (d, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                              0, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (d, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (d, NULL, NULL);
  }
}

static void
test_vignettes (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  guint checked = 0;

  for (guint i = 0; i < json_array_get_length (vignettes); i++)
    {
      gboolean ok = FALSE;

      check_vignette (json_array_get_object_element (vignettes, i), &ok);
      checked += ok;
    }
  g_test_message ("%u vignettes entered through the form", checked);
  g_assert_cmpuint (checked, >=, 5);
}

static gboolean
focus_is_in (NpcWindow  *window,
             const char *field_id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = npc_case_form_get_row (npc_window_get_case_form (window), field_id);

  return focus != NULL && row != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static void
test_next_needed (void)
{
  NpcWindow *window = new_window ();
  NpcCaseForm *form = npc_window_get_case_form (window);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.next-needed");
  const NpcField *const *needed;
  guint n = 0;
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);

  /* One key, two spellings. */
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>j"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "F6"));

  needed = npc_evaluation_get_needs_input (npc_window_get_evaluation (window), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (needed[0]->id, ==, "disease_setting");
  g_assert_true (npc_case_form_field_is_marked_needed (form, "disease_setting"));
  g_assert_false (npc_case_form_field_is_marked_needed (form, "prior_rt"));

  gtk_widget_grab_focus (GTK_WIDGET (npc_window_get_banner (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-needed", NULL));
  spin_until_idle ();
  g_assert_true (focus_is_in (window, "disease_setting"));

  /* Answer it: the next question is the next needed field. */
  json_node_set_string (value, "metastatic");
  set_through_form (window, "disease_setting", value);
  needed = npc_evaluation_get_needs_input (npc_window_get_evaluation (window), &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_false (npc_case_form_field_is_marked_needed (form, "disease_setting"));
  g_assert_true (npc_case_form_field_is_marked_needed (form, needed[0]->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-needed", NULL));
  spin_until_idle ();
  g_assert_true (focus_is_in (window, needed[0]->id));
  g_test_message ("after disease_setting, focus went to %s", needed[0]->id);

  save_screenshot (GTK_WIDGET (window), "app-needs-input.png");
  close_window (window);
}

static char *
write_vignette_case (JsonObject *vignette,
                     const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("npc-app-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "npc-pathway-case/1");
  json_builder_set_member_name (builder, "guideline");
  json_builder_add_string_value (builder, "npc-recurrent-metastatic");
  json_builder_set_member_name (builder, "x-kept");
  json_builder_add_string_value (builder, "a key this program does not know");
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, json_object_get_string_member (vignette, "id"));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (vignette, "case")));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  path = g_build_filename (dir, name, NULL);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_round_trip (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  g_autofree char *path = write_vignette_case (find_vignette (vignettes, "npc-03"), "case.json");
  g_autofree char *saved_path = g_strconcat (path, ".saved.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) saved = g_file_new_for_path (saved_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) yes = json_node_new (JSON_NODE_VALUE);
  g_autofree char *contents = NULL;
  NpcWindow *window = new_window ();
  NpcEvaluation *evaluation;

  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (npc_window_get_modified (window));
  g_assert_true (g_file_equal (npc_window_get_file (window), file));
  evaluation = npc_window_get_evaluation (window);
  g_assert_cmpstr (npc_evaluation_get_primary (evaluation)->id, ==, "LR-RT-SURG-T12");

  save_screenshot (GTK_WIDGET (window), "app-case-file.png");

  /* The form shows what was read. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (npc_case_form_get_editor (npc_window_get_case_form (window), "recurrence_site"))), >, 0);

  /* Edit: the patient wishes to avoid surgery and can be reirradiated (as npc-04). */
  json_node_set_boolean (yes, TRUE);
  set_through_form (window, "declines_surgery", yes);
  set_through_form (window, "reirradiation_candidate", yes);
  g_assert_true (npc_window_get_modified (window));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  evaluation = npc_window_get_evaluation (window);
  g_assert_nonnull (npc_evaluation_get_primary (evaluation));
  g_assert_cmpstr (npc_evaluation_get_primary (evaluation)->id, ==, "LR-RT-REIRR-ALT");

  g_assert_true (npc_window_save_to_file (window, saved, &error));
  g_assert_no_error (error);
  g_assert_false (npc_window_get_modified (window));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  close_window (window);

  /* Reopen in a new window: the edit and the unknown key survived. */
  window = new_window ();
  g_assert_true (npc_window_load_file (window, saved, &error));
  g_assert_no_error (error);
  g_assert_true (json_node_get_boolean (npc_case_get_value (npc_window_get_case (window),
                                                            "declines_surgery")));
  g_assert_nonnull (npc_evaluation_get_primary (npc_window_get_evaluation (window)));
  g_assert_cmpstr (npc_evaluation_get_primary (npc_window_get_evaluation (window))->id, ==,
                   "LR-RT-REIRR-ALT");
  g_assert_true (g_file_get_contents (saved_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "x-kept"));
  {
    GtkWidget *editor = npc_case_form_get_editor (npc_window_get_case_form (window),
                                                  "declines_surgery");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (nth_child (editor, 0))));
  }
  /* The case report of the reopened case: a PDF, written through the report module. */
  {
    g_autofree char *report_path = g_strconcat (path, ".report.pdf", NULL);
    g_autoptr(GFile) report = g_file_new_for_path (report_path);
    g_autofree char *pdf = NULL;
    gsize len = 0;

    g_assert_true (npc_window_export_report (window, report, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (report_path, &pdf, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
    g_unlink (report_path);
  }
  close_window (window);

  g_unlink (saved_path);
  g_unlink (path);
}

/* As from the command line: the file is loaded before the window's first frame, while the
 * form is still to be built. Building it must not touch the case. */
static void
test_open_before_first_frame (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  JsonObject *vignette = find_vignette (vignettes, "npc-27");
  g_autofree char *path = write_vignette_case (vignette, "early.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *fields = json_object_get_object_member (vignette, "case");
  NpcWindow *window = npc_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));

  g_assert_false (npc_window_get_modified (window));
  members = json_object_get_members (fields);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *got = npc_case_get_value (npc_window_get_case (window), l->data);

      if (got == NULL || !json_node_equal (got, json_object_get_member (fields, l->data)))
        g_error ("%s changed while the form was built", (const char *) l->data);
    }
  g_assert_cmpstr (npc_evaluation_get_primary (npc_window_get_evaluation (window))->id, ==,
                   "M-2L-IO");
  /* and the form shows the file's values */
  g_assert_true (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (nth_child (npc_case_form_get_editor (npc_window_get_case_form (window),
                                                            "immunotherapy_eligible"), 0))));

  /* The evidence pane follows the diagram's selection, and keeps it as the case changes. */
  g_signal_emit_by_name (npc_window_get_diagram (window), "node-selected", "D13");
  spin_until_idle ();
  g_assert_cmpstr (npc_evidence_pane_get_shown_node (npc_window_get_evidence_pane (window))->id,
                   ==, "D13");
  {
    g_autoptr(JsonNode) no = json_node_new (JSON_NODE_VALUE);

    json_node_set_boolean (no, FALSE);
    set_through_form (window, "immunotherapy_eligible", no);
    g_assert_cmpstr (npc_evidence_pane_get_shown_node (npc_window_get_evidence_pane (window))->id,
                     ==, "D13");
  }
  save_screenshot (GTK_WIDGET (window), "app-node-selected.png");

  close_window (window);
  g_unlink (path);
}

static void
test_bad_file (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  g_autofree char *path = write_vignette_case (find_vignette (vignettes, "npc-16"), "good.json");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NpcWindow *window = new_window ();
  NpcCase *kase;
  NpcEvaluation *evaluation;
  const struct {
    const char *name;
    const char *contents;
  } bad[] = {
    { "malformed.json", "{ \"format\": \"npc-pathway-case/1\", \"fields\": { \"disease_setting\": " },
    { "not-a-case.json", "[1, 2, 3]" },
    { "other-guideline.json", "{ \"format\": \"npc-pathway-case/1\", \"guideline\": \"another\", \"fields\": {} }" },
    { "missing.json", NULL },
  };

  g_assert_true (npc_window_load_file (window, file, &error));
  g_assert_no_error (error);
  kase = npc_window_get_case (window);
  evaluation = npc_window_get_evaluation (window);
  g_assert_cmpstr (npc_evaluation_get_primary (evaluation)->id, ==, "M-1L-GP");
  save_screenshot (GTK_WIDGET (window), "app-main-window.png");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *bad_path = g_build_filename (dir, bad[i].name, NULL);
      g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
      const char *message;

      if (bad[i].contents != NULL)
        g_assert_true (g_file_set_contents (bad_path, bad[i].contents, -1, NULL));

      /* The way the user opens it: the window shows an error naming the file. */
      npc_window_open_file (window, bad_file);
      spin_until_idle ();
      message = npc_window_get_last_error (window);
      g_assert_nonnull (message);
      g_test_message ("%s: %s", bad[i].name, message);
      g_assert_nonnull (strstr (message, bad[i].name));
      g_assert_cmpuint (count_message_dialogs (), ==, 1);
      if (i == 0)
        save_screenshot (GTK_WIDGET (window), "app-bad-file.png");
      close_dialogs ();

      /* The current case is untouched. */
      g_assert_true (npc_window_get_case (window) == kase);
      g_assert_true (npc_window_get_evaluation (window) == evaluation);
      g_assert_true (g_file_equal (npc_window_get_file (window), file));
      g_assert_false (npc_window_get_modified (window));
      g_unlink (bad_path);
    }

  close_window (window);
  g_unlink (path);
}

static void
test_unsaved_prompt_and_drop (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *vignettes = load_vignettes (&parser);
  g_autofree char *path = write_vignette_case (find_vignette (vignettes, "npc-16"), "drop.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  NpcWindow *window = new_window ();
  NpcCase *kase;
  AdwMessageDialog *dialog;
  GtkDropTarget *target = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GValue drop_value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  json_node_set_string (value, "metastatic");
  set_through_form (window, "disease_setting", value);
  g_assert_true (npc_window_get_modified (window));
  kase = npc_window_get_case (window);

  /* A case file dropped on the window, with unsaved changes: it asks first. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_value_init (&drop_value, G_TYPE_FILE);
  g_value_set_object (&drop_value, file);
  g_signal_emit_by_name (target, "drop", &drop_value, 10.0, 10.0, &accepted);
  g_value_unset (&drop_value);
  g_assert_true (accepted);
  spin_until_idle ();

  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  save_screenshot (GTK_WIDGET (dialog), "app-unsaved-prompt.png");
  g_assert_true (npc_window_get_case (window) == kase);

  /* Cancel keeps the edited case. */
  adw_message_dialog_response (dialog, "cancel");
  close_dialogs ();
  g_assert_true (npc_window_get_case (window) == kase);
  g_assert_true (npc_window_get_modified (window));

  /* Discard loads the dropped file. */
  npc_window_open_file (window, file);
  spin_until_idle ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  close_dialogs ();
  g_assert_false (npc_window_get_case (window) == kase);
  g_assert_false (npc_window_get_modified (window));
  g_assert_true (g_file_equal (npc_window_get_file (window), file));
  g_assert_cmpstr (npc_evaluation_get_primary (npc_window_get_evaluation (window))->id, ==,
                   "M-1L-GP");

  close_window (window);
  g_unlink (path);
}

/* The autosave comes 2 s after an edit; a build with sanitizers, busy drawing, may need
 * much longer to get there. */
#define AUTOSAVE_WAIT_MS 30000

/* Windows that tests destroy without closing leave autosaves, as a crash would. */
static void
clear_autosaves (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave",
                                           NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;

  /* Only ever inside the build dir. */
  g_assert_nonnull (g_getenv ("XDG_CACHE_HOME"));
  g_assert_true (g_str_has_prefix (dir, g_getenv ("XDG_CACHE_HOME")));
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

static void
test_autosave_recovery (void)
{
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave",
                                           NULL);
  g_autofree char *found = NULL;
  g_autoptr(GFile) autosave = NULL;
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;
  NpcWindow *window = new_window ();
  NpcWindow *recovered;
  guint timeout;

  clear_autosaves ();

  json_node_set_string (value, "metastatic");
  set_through_form (window, "disease_setting", value);
  json_node_set_string (value, "none");
  set_through_form (window, "prior_systemic_therapy_rm", value);

  /* An unsaved case is written to the cache within a few seconds... */
  timeout = g_timeout_add (AUTOSAVE_WAIT_MS, set_flag_on_timeout, &timed_out);
  while (found == NULL && !timed_out)
    {
      g_autoptr(GDir) d = NULL;
      const char *name;

      g_main_context_iteration (NULL, TRUE);
      d = g_dir_open (dir, 0, NULL);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, ".json"))
          found = g_build_filename (dir, name, NULL);
    }
  g_assert_false (timed_out);
  g_source_remove (timeout);

  /* ...and after a crash (the window is gone without closing), recovered from there. */
  autosave = g_file_new_for_path (found);
  recovered = npc_window_new (app);
  gtk_window_present (GTK_WINDOW (recovered));
  g_assert_true (npc_window_recover (recovered, autosave, NULL, &error));
  wait_for_frame (GTK_WIDGET (recovered));
  g_assert_no_error (error);
  /* Offered, not applied, until the user answers. */
  g_assert_false (npc_window_get_modified (recovered));
  g_assert_false (npc_case_has_value (npc_window_get_case (recovered),
                                      "prior_systemic_therapy_rm"));
  spin_until_idle ();
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "keep");
  close_dialogs ();
  g_assert_true (npc_window_get_modified (recovered));
  g_assert_cmpstr (json_node_get_string (npc_case_get_value (npc_window_get_case (recovered),
                                                             "prior_systemic_therapy_rm")), ==,
                   "none");

  /* Discarding the changes removes the autosave. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL);
  spin_until_idle ();
  adw_message_dialog_response (find_message_dialog (), "discard");
  close_dialogs ();
  gtk_widget_activate_action (GTK_WIDGET (recovered), "win.close", NULL);
  spin_until_idle ();
  adw_message_dialog_response (find_message_dialog (), "discard");
  close_dialogs ();
  g_assert_false (g_file_test (found, G_FILE_TEST_EXISTS));
}

/* The label is an edit like any other: the case is modified, autosaved, and closing asks. */
static void
test_label_edit_is_an_edit (void)
{
  NpcWindow *window = new_window ();
  g_autofree char *found = NULL;

  clear_autosaves ();
  g_assert_false (npc_window_get_modified (window));
  npc_case_set_label (npc_window_get_case (window), "Tumour board 12 March");
  g_assert_true (npc_window_get_modified (window));
  found = wait_for_autosave_with ("Tumour board 12 March", AUTOSAVE_WAIT_MS);
  g_assert_nonnull (found);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL);
  spin_until_idle ();
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "discard");
  close_dialogs ();
  g_assert_false (g_file_test (found, G_FILE_TEST_EXISTS));
}

static void
write_autosave (const char *id,
                const char *label,
                GFile      *original)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave",
                                           NULL);
  g_autofree char *path = NULL;
  g_autofree char *uri_path = NULL;
  g_autofree char *uri = original ? g_file_get_uri (original) : g_strdup ("");
  g_autoptr(NpcCase) kase = npc_case_new ("npc-recurrent-metastatic");
  g_autofree char *data = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = g_strdup_printf ("%s/%s.json", dir, id);
  uri_path = g_strdup_printf ("%s/%s.json.uri", dir, id);
  npc_case_set_label (kase, label);
  npc_case_set_string (kase, "disease_setting", "metastatic");
  data = npc_case_to_data (kase, NULL);
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
  g_assert_true (g_file_set_contents (uri_path, uri, -1, NULL));
}

static NpcWindow *
window_of_file (GFile *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (NPC_IS_WINDOW (l->data) && npc_window_get_file (l->data) != NULL &&
        g_file_equal (npc_window_get_file (l->data), file))
      return l->data;
  return NULL;
}

/* After a crash, opening the application with the file offers its autosaved changes (and
 * applies them only when kept); starting without a file offers the untitled ones. */
static void
test_recovery_offered_with_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("npc-recover-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autofree char *stale = g_build_filename (dir, ".case.json.k1ll3d.npc-tmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NpcCase) on_disk = npc_case_new ("npc-recurrent-metastatic");
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "npc-pathway",
                                             "autosave", NULL);
  g_autofree char *autosave_path = g_build_filename (cache, "crash-1.json", NULL);
  NpcWindow *window;

  clear_autosaves ();
  npc_case_set_label (on_disk, "on disk");
  g_assert_true (npc_case_save (on_disk, file, &error));
  g_assert_true (g_file_set_contents (stale, "{\"half", -1, NULL));

  /* Keep. */
  write_autosave ("crash-1", "recovered", file);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  spin_until_idle ();
  window = window_of_file (file);
  g_assert_nonnull (window);
  g_assert_cmpstr (npc_case_get_label (npc_window_get_case (window)), ==, "on disk");
  g_assert_false (npc_window_get_modified (window));
  /* Opening the case removed what a killed save had left beside it. */
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "keep");
  close_dialogs ();
  g_assert_cmpstr (npc_case_get_label (npc_window_get_case (window)), ==, "recovered");
  g_assert_true (npc_window_get_modified (window));
  g_assert_true (g_file_equal (npc_window_get_file (window), file));
  close_window (window);
  clear_autosaves ();

  /* Discard. */
  write_autosave ("crash-1", "recovered", file);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  spin_until_idle ();
  window = window_of_file (file);
  g_assert_nonnull (window);
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "discard");
  close_dialogs ();
  g_assert_cmpstr (npc_case_get_label (npc_window_get_case (window)), ==, "on disk");
  g_assert_false (npc_window_get_modified (window));
  g_assert_false (g_file_test (autosave_path, G_FILE_TEST_EXISTS));
  close_window (window);

  /* Without a file: the untitled case is offered too. */
  write_autosave ("crash-2", "untitled crash", NULL);
  g_application_activate (G_APPLICATION (app));
  spin_until_idle ();
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "keep");
  close_dialogs ();
  window = NPC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_cmpstr (npc_case_get_label (npc_window_get_case (window)), ==, "untitled crash");
  g_assert_true (npc_window_get_modified (window));
  close_window (window);
  clear_autosaves ();

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_dark_style (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  NpcWindow *window = new_window ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  spin_until_idle ();
  g_assert_true (adw_style_manager_get_dark (manager));
  save_screenshot (GTK_WIDGET (window), "app-dark.png");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_PREFER_LIGHT);
  spin_until_idle ();
  close_window (window);
}

static void
test_accessibility (void)
{
  NpcWindow *window = new_window ();
  NpcCaseForm *form = npc_window_get_case_form (window);
  NpcGuideline *guideline = npc_case_form_get_guideline (form);
  const NpcField *const *fields;
  guint n_fields = 0;
  GtkWidget *banner = GTK_WIDGET (npc_window_get_banner (window));

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Outcome");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (banner),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (form), GTK_ACCESSIBLE_ROLE_FORM);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (form), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Case form");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (npc_window_get_evidence_pane (window)),
                                   GTK_ACCESSIBLE_ROLE_GROUP);

  /* Every field's editor is named after the field, and says it is needed. */
  fields = npc_guideline_get_fields (guideline, &n_fields);
  g_assert_cmpuint (n_fields, >, 10);
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *editor = npc_case_form_get_editor (form, fields[i]->id);

      g_assert_nonnull (editor);
      switch (fields[i]->type)
        {
        case NPC_FIELD_BOOLEAN:
          {
            /* a radio group named after the field, whose radios say only their choice */
            GtkWidget *yes = nth_child (editor, 0);

            gtk_test_accessible_assert_role (GTK_ACCESSIBLE (editor),
                                             GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
            gtk_test_accessible_assert_property (GTK_ACCESSIBLE (editor),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, fields[i]->label);
            gtk_test_accessible_assert_role (GTK_ACCESSIBLE (yes), GTK_ACCESSIBLE_ROLE_RADIO);
            gtk_test_accessible_assert_property (GTK_ACCESSIBLE (yes),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "Yes");
          }
          break;
        case NPC_FIELD_INTEGER:
          gtk_test_accessible_assert_role (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_ROLE_SPIN_BUTTON);
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (editor),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL, fields[i]->label);
          break;
        case NPC_FIELD_TEXT_LIST:
          if (fields[i]->n_values > 0)
            break; /* a check list, named by its title like a set */
          G_GNUC_FALLTHROUGH;
        case NPC_FIELD_TEXT:
          gtk_test_accessible_assert_role (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_ROLE_TEXT_BOX);
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (editor),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL, fields[i]->label);
          break;
        case NPC_FIELD_ENUM:
        case NPC_FIELD_SET:
        default:
          /* rows named by their title */
          break;
        }
    }

  {
    GtkWidget *editor = npc_case_form_get_editor (form, "disease_setting");
    g_autofree char *description = NULL;

    /* needed, in words, for the screen reader too */
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (editor),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
    description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (editor),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                      "Needed to go on. ");
    (void) description;
  }

  close_window (window);
}

/* Where the focus goes on Tab from a widget. */
static GtkWidget *
tab_from (NpcWindow *window,
          GtkWidget *from)
{
  g_assert_true (gtk_widget_grab_focus (from));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  return gtk_root_get_focus (GTK_ROOT (window));
}

static void
test_form_daily_use (void)
{
  NpcWindow *window = new_window ();
  NpcCaseForm *form = npc_window_get_case_form (window);
  NpcGuideline *guideline = npc_case_form_get_guideline (form);
  const NpcField *ecog = npc_guideline_lookup_field (guideline, "ecog");
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  GtkWidget *mri, *pet, *focus, *spin;
  NpcCase *kase;

  json_node_set_string (value, "locoregional_recurrence");
  set_through_form (window, "disease_setting", value);
  spin_until_idle ();

  /* One stop per Yes / No / Unknown field: Tab goes from one field to the next. */
  mri = npc_case_form_get_editor (form, "mri_head_neck_done");
  pet = npc_case_form_get_editor (form, "pet_ct_done");
  g_assert_true (NPC_IS_CHOICE_GROUP (mri));
  focus = tab_from (window, mri);
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, pet));
  focus = tab_from (window, pet);
  g_assert_true (focus != NULL &&
                 gtk_widget_is_ancestor (focus, npc_case_form_get_editor (form,
                                                                          "distant_metastases_on_imaging")));

  /* The arrow keys choose within the group; the choice is the case's value. */
  kase = npc_window_get_case (window);
  g_assert_true (gtk_widget_grab_focus (mri));
  g_assert_true (gtk_widget_activate_action (mri, "choice.move", "i", 1));
  spin_until_idle ();
  g_assert_cmpuint (npc_choice_group_get_selected (NPC_CHOICE_GROUP (mri)), ==, 0);
  g_assert_true (json_node_get_boolean (npc_case_get_value (kase, "mri_head_neck_done")));
  g_assert_true (gtk_widget_activate_action (mri, "choice.move", "i", 1));
  spin_until_idle ();
  g_assert_false (json_node_get_boolean (npc_case_get_value (kase, "mri_head_neck_done")));
  /* the focus followed the choice, so the group is still one stop */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == npc_choice_group_get_button (NPC_CHOICE_GROUP (mri), 1));
  g_assert_false (gtk_widget_get_focusable (npc_choice_group_get_button (NPC_CHOICE_GROUP (mri), 0)));

  /* MRI not done: the pathway stops to complete the work-up, and the answers to revisit are
   * marked and one key away. */
  g_assert_cmpint (npc_evaluation_get_outcome (npc_window_get_evaluation (window)), ==,
                   NPC_OUTCOME_EVALUATION_STEP);
  g_assert_true (npc_case_form_field_is_marked_needed (form, "mri_head_neck_done"));
  g_assert_true (npc_case_form_field_is_marked_needed (form, "pet_ct_done"));
  g_assert_false (npc_case_form_field_is_marked_needed (form, "distant_metastases_on_imaging"));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (npc_window_get_diagram (window))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-needed", NULL));
  spin_until_idle ();
  g_assert_true (focus_is_in (window, "mri_head_neck_done"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-needed", NULL));
  spin_until_idle ();
  g_assert_true (focus_is_in (window, "pet_ct_done"));
  save_screenshot (GTK_WIDGET (window), "app-form-complete-imaging.png");

  /* F1 opens the focused field's help; the ⓘ button is no stop of its own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.help", NULL));
  spin_until_idle ();
  {
    GtkWidget *row = npc_case_form_get_row (form, "pet_ct_done");
    GPtrArray *stack = g_ptr_array_new ();
    GtkPopover *help = NULL;

    /* the row's help button: a menu button that Tab passes by */
    g_ptr_array_add (stack, row);
    while (stack->len > 0 && help == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_MENU_BUTTON (w))
          {
            g_assert_false (gtk_widget_get_focusable (w));
            help = gtk_menu_button_get_popover (GTK_MENU_BUTTON (w));
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_ptr_array_unref (stack);
    g_assert_nonnull (help);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
    gtk_popover_popdown (help);
  }

  /* A number that cannot be taken stays as typed, with the error at the field. */
  g_assert_nonnull (ecog);
  spin = npc_case_form_get_editor (form, "ecog");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), "2a");
  spin_until_idle ();
  g_assert_null (npc_case_get_value (kase, "ecog"));
  g_assert_nonnull (npc_case_form_get_field_error (form, "ecog"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "2a");
  /* leaving the field does not put another number in its place */
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  spin_until_idle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "2a");
  g_assert_null (npc_case_get_value (kase, "ecog"));
  gtk_editable_set_text (GTK_EDITABLE (spin), "7");
  spin_until_idle ();
  g_assert_nonnull (strstr (npc_case_form_get_field_error (form, "ecog"), "0 to 4"));
  g_assert_null (npc_case_get_value (kase, "ecog"));
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "7");
  save_screenshot (GTK_WIDGET (window), "app-form-typed-error.png");
  gtk_editable_set_text (GTK_EDITABLE (spin), "3");
  spin_until_idle ();
  g_assert_null (npc_case_form_get_field_error (form, "ecog"));
  g_assert_cmpint (json_node_get_int (npc_case_get_value (kase, "ecog")), ==, 3);

  close_window (window);
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_type (c, type, out);
}

/* A wrapped label's lines start only where a line may break between words. */
static gboolean
label_breaks_between_words (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  int n_attrs = 0;
  GSList *lines = pango_layout_get_lines_readonly (layout);

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (GSList *l = lines ? lines->next : NULL; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      if (offset > 0 && offset < n_attrs && !attrs[offset].is_line_break)
        {
          g_test_message ("“%s” is broken inside a word at %ld", text, offset);
          return FALSE;
        }
    }
  return TRUE;
}

static void
test_trial_tables (void)
{
  NpcWindow *window = new_window ();
  GtkWidget *pane = GTK_WIDGET (npc_window_get_evidence_pane (window));
  GtkWidget *paned = gtk_widget_get_ancestor (pane, GTK_TYPE_PANED);
  const int widths[] = { 280, 340, 420, 560, 760, 1000, 360 };
  gboolean saw_table = FALSE, saw_blocks = FALSE;

  g_assert_nonnull (paned);
  g_signal_emit_by_name (npc_window_get_diagram (window), "node-selected", "M-1L-GP");
  spin_until_idle ();
  wait_for_frame (GTK_WIDGET (window));

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GPtrArray) tables = g_ptr_array_new ();
      int total = gtk_widget_get_width (paned);

      gtk_paned_set_position (GTK_PANED (paned), MAX (0, total - widths[w]));
      wait_for_frame (GTK_WIDGET (window));
      spin_until_idle ();
      wait_for_frame (GTK_WIDGET (window));

      collect_type (pane, NPC_TYPE_RESULT_TABLE, tables);
      g_assert_cmpuint (tables->len, >=, 1);
      for (guint i = 0; i < tables->len; i++)
        {
          NpcResultTable *table = g_ptr_array_index (tables, i);
          gboolean is_table = npc_result_table_is_table (table);
          GtkWidget *shown = is_table ? npc_result_table_get_table (table)
                                      : npc_result_table_get_blocks (table);
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();
          int scrollers = 0;

          /* never blank: the layout shown has its size and its words */
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (table)), >, 0);
          g_assert_cmpint (gtk_widget_get_height (shown), >, 0);
          g_assert_cmpint (gtk_widget_get_width (shown), <=, gtk_widget_get_width (GTK_WIDGET (table)));
          collect_type (shown, GTK_TYPE_LABEL, labels);
          g_assert_cmpuint (labels->len, >, 2);
          for (guint k = 0; k < labels->len; k++)
            {
              g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (labels, k)), >, 0);
              g_assert_true (label_breaks_between_words (g_ptr_array_index (labels, k)));
            }
          /* the wheel scrolls the pane: nothing in between scrolls on its own */
          for (GtkWidget *a = GTK_WIDGET (table); a != NULL && a != pane; a = gtk_widget_get_parent (a))
            scrollers += GTK_IS_SCROLLED_WINDOW (a);
          g_assert_cmpint (scrollers, ==, 1);
          if (is_table)
            {
              /* a table for a screen reader: each cell says its row and column */
              GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (shown), 1, 1);

              gtk_test_accessible_assert_role (GTK_ACCESSIBLE (shown), GTK_ACCESSIBLE_ROLE_TABLE);
              gtk_test_accessible_assert_role (GTK_ACCESSIBLE (gtk_grid_get_child_at (GTK_GRID (shown), 1, 0)),
                                               GTK_ACCESSIBLE_ROLE_COLUMN_HEADER);
              g_assert_nonnull (cell);
              gtk_test_accessible_assert_role (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_ROLE_CELL);
            }
          saw_table |= is_table;
          saw_blocks |= !is_table;
        }
      {
        g_autofree char *name = g_strdup_printf ("app-trials-%d.png", widths[w]);

        if (w == 0 || w == 4)
          {
            /* the first trial at the top of the pane, to be looked at */
            GtkWidget *first = g_ptr_array_index (tables, 0);
            GtkWidget *scroller = gtk_widget_get_ancestor (first, GTK_TYPE_SCROLLED_WINDOW);
            graphene_point_t p;

            for (int k = 0; k < 2; k++)
              {
                g_assert_true (gtk_widget_compute_point (first,
                                                         gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                                         &GRAPHENE_POINT_INIT (0, 0), &p));
                gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                                          gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)))
                                          + p.y - 200);
                wait_for_frame (GTK_WIDGET (window));
              }
            save_screenshot (GTK_WIDGET (window), name);
          }
      }
    }
  g_assert_true (saw_table);
  g_assert_true (saw_blocks);
  close_window (window);
}

/* The source and disclaimer line under the diagram: a paragraph that wraps to the window's
 * width, is never cut, reads as one label, and lays out each width once. */
static void
test_source_paragraph (void)
{
  NpcWindow *window = new_window ();
  GtkWidget *paragraph = NULL;
  int narrow_height, wide_height, min, nat;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (window)); w != NULL; )
    {
      if (NPC_IS_PARAGRAPH (w) &&
          g_strcmp0 (npc_paragraph_get_text (NPC_PARAGRAPH (w)),
                     npc_window_get_source_text (window)) == 0)
        {
          paragraph = w;
          break;
        }
      /* depth first */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (paragraph);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (paragraph)), ==,
                   GTK_ACCESSIBLE_ROLE_LABEL);

  gtk_widget_measure (paragraph, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, >, 0);
  g_assert_cmpint (min, <, nat);
  /* Its minimum is its widest word: what pango makes of it laid out a word to a line (the
   * paragraph measures the words on one line instead). */
  {
    g_autoptr(PangoLayout) layout =
      gtk_widget_create_pango_layout (paragraph, npc_paragraph_get_text (NPC_PARAGRAPH (paragraph)));
    PangoLayoutIter *iter;
    int widest = 0;

    pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    pango_layout_set_width (layout, 0);
    iter = pango_layout_get_iter (layout);
    do
      {
        PangoRectangle logical;

        pango_layout_iter_get_line_extents (iter, NULL, &logical);
        widest = MAX (widest, PANGO_PIXELS_CEIL (logical.width));
      }
    while (pango_layout_iter_next_line (iter));
    pango_layout_iter_free (iter);
    g_test_message ("source line: minimum %d px, widest word %d px", min, widest);
    g_assert_cmpint (widest, >, 0);
    g_assert_cmpint (min, ==, widest);
  }

  gtk_window_set_default_size (GTK_WINDOW (window), 2200, 900);
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));
  wide_height = gtk_widget_get_height (paragraph);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 900);
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));
  narrow_height = gtk_widget_get_height (paragraph);
  g_test_message ("source line: %d px high at 2200 px, %d px at 1300 px", wide_height,
                  narrow_height);
  g_assert_cmpint (narrow_height, >, wide_height);
  /* never cut: it has the height its text needs at its width */
  gtk_widget_measure (paragraph, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (paragraph),
                      &min, &nat, NULL, NULL);
  g_assert_cmpint (narrow_height, >=, min);
  /* the size is remembered for the next window: leave the usual one */
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  wait_for_frame (GTK_WIDGET (window));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = test_application_new ();
  g_assert_nonnull (npc_application_get_settings (app));

  g_test_add_func ("/app/window/builds", test_window_builds);
  g_test_add_func ("/app/window/source-paragraph", test_source_paragraph);
  g_test_add_func ("/app/window/vignettes", test_vignettes);
  g_test_add_func ("/app/window/vignettes-opened", test_vignettes_opened);
  g_test_add_func ("/app/window/next-needed", test_next_needed);
  g_test_add_func ("/app/window/round-trip", test_round_trip);
  g_test_add_func ("/app/window/open-before-first-frame", test_open_before_first_frame);
  g_test_add_func ("/app/window/bad-file", test_bad_file);
  g_test_add_func ("/app/window/accessibility", test_accessibility);
  g_test_add_func ("/app/window/form-daily-use", test_form_daily_use);
  g_test_add_func ("/app/window/trial-tables", test_trial_tables);
  g_test_add_func ("/app/window/unsaved-prompt-and-drop", test_unsaved_prompt_and_drop);
  g_test_add_func ("/app/window/autosave-recovery", test_autosave_recovery);
  g_test_add_func ("/app/window/label-edit", test_label_edit_is_an_edit);
  g_test_add_func ("/app/window/recovery-with-file", test_recovery_offered_with_file);
  g_test_add_func ("/app/window/dark-style", test_dark_style);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
