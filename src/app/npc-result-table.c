/* npc-result-table.c — a trial's results: a table where it fits, one block per result where not
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The results of a trial are a table: a row per measure, a column per arm, the hazard ratio
 * with its confidence interval and the follow-up. Where the pane is too narrow for the table's
 * words to stand whole, the same results are shown as one block per measure, each arm on a
 * line of its own. Words are never broken inside, and there is no scrolling area of its own:
 * the pane around it scrolls. Each cell tells a screen reader its column and row, so that a
 * value is never read without what it measures.
 */
#define G_LOG_DOMAIN "npc-result-table"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-result-table.h"

struct _NpcResultTable
{
  GtkWidget  parent_instance;

  GtkWidget *table;
  GtkWidget *blocks;
  gboolean   showing_table;
};

G_DEFINE_FINAL_TYPE (NpcResultTable, npc_result_table, GTK_TYPE_WIDGET)

/* The hazard ratio in core's words, or the result's summary where it gives none. */
static char *
dup_hazard_ratio (const NpcResult *result)
{
  char *hr = npc_result_dup_hazard_ratio (result, FALSE);

  return hr != NULL ? hr : g_strdup (result->summary ? result->summary : "—");
}

static const char *
value_of (const NpcEvidence *ev,
          const NpcResult   *result,
          guint              arm)
{
  for (guint v = 0; v < result->n_values; v++)
    if (result->values[v].arm == &ev->arms[arm])
      return result->values[v].text;
  return "—";
}

static GtkWidget *
make_label (const char     *text,
            GtkAccessibleRole role,
            const char     *accessible_label)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "accessible-role", role,
                                   "xalign", 0.0f,
                                   "yalign", 0.0f,
                                   "wrap", TRUE,
                                   /* whole words only: a narrow cell never splits one */
                                   "wrap-mode", PANGO_WRAP_WORD,
                                   "selectable", FALSE,
                                   NULL);

  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                    -1);
  return label;
}

static void
attach_cell (GtkGrid    *grid,
             const char *text,
             const char *column,
             const char *row,
             int         c,
             int         r)
{
  /* TRANSLATORS: what a screen reader says for a table cell: the row (a measure), the column
   * (an arm, "Hazard ratio"), the value */
  g_autofree char *spoken = g_strdup_printf (_("%s, %s: %s"), row, column, text);
  GtkWidget *cell = make_label (text, GTK_ACCESSIBLE_ROLE_CELL, spoken);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (cell),
                                  GTK_ACCESSIBLE_RELATION_ROW_INDEX, r + 1,
                                  GTK_ACCESSIBLE_RELATION_COL_INDEX, c + 1,
                                  -1);
  gtk_grid_attach (grid, cell, c, r, 1, 1);
}

static GtkWidget *
build_table (const NpcEvidence *ev)
{
  GtkWidget *grid = g_object_new (GTK_TYPE_GRID,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_TABLE,
                                  "column-spacing", 12,
                                  "row-spacing", 4,
                                  NULL);
  const char *hr_header = _("Hazard ratio");
  const char *follow_header = _("Follow-up");
  int col = 0;

  gtk_widget_add_css_class (grid, "trial-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results"),
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_RELATION_ROW_COUNT, (int) ev->n_results + 1,
                                  GTK_ACCESSIBLE_RELATION_COL_COUNT, (int) ev->n_arms + 3,
                                  -1);

#define HEADER(text) G_STMT_START {                                                     \
    GtkWidget *h = make_label ((text), GTK_ACCESSIBLE_ROLE_COLUMN_HEADER, NULL);        \
    gtk_widget_add_css_class (h, "heading");                                            \
    gtk_grid_attach (GTK_GRID (grid), h, col++, 0, 1, 1);                               \
  } G_STMT_END

  HEADER (_("Measure"));
  for (guint a = 0; a < ev->n_arms; a++)
    HEADER (ev->arms[a].label);
  HEADER (hr_header);
  HEADER (follow_header);
#undef HEADER

  for (guint r = 0; r < ev->n_results; r++)
    {
      const NpcResult *result = &ev->results[r];
      g_autofree char *hr = dup_hazard_ratio (result);
      const char *follow = result->follow_up ? result->follow_up
                           : ev->follow_up ? ev->follow_up : "—";
      GtkWidget *measure = make_label (result->measure, GTK_ACCESSIBLE_ROLE_ROW_HEADER, NULL);

      col = 0;
      gtk_widget_add_css_class (measure, "measure");
      gtk_grid_attach (GTK_GRID (grid), measure, col++, (int) r + 1, 1, 1);
      for (guint a = 0; a < ev->n_arms; a++)
        attach_cell (GTK_GRID (grid), value_of (ev, result, a), ev->arms[a].label,
                     result->measure, col++, (int) r + 1);
      attach_cell (GTK_GRID (grid), hr, hr_header, result->measure, col++, (int) r + 1);
      attach_cell (GTK_GRID (grid), follow, follow_header, result->measure, col++, (int) r + 1);
    }
  return grid;
}

static void
add_block_line (GtkWidget  *block,
                const char *name,
                const char *value)
{
  /* TRANSLATORS: one line of a result: an arm or "Hazard ratio", then its value */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), name, value);

  gtk_box_append (GTK_BOX (block), make_label (text, GTK_ACCESSIBLE_ROLE_LABEL, NULL));
}

static GtkWidget *
build_blocks (const NpcEvidence *ev)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_add_css_class (box, "trial-results");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results"),
                                  -1);
  for (guint r = 0; r < ev->n_results; r++)
    {
      const NpcResult *result = &ev->results[r];
      GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *heading = make_label (result->measure, GTK_ACCESSIBLE_ROLE_LABEL, NULL);
      g_autofree char *hr = dup_hazard_ratio (result);
      const char *follow = result->follow_up ? result->follow_up : ev->follow_up;

      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (block), heading);
      for (guint a = 0; a < ev->n_arms; a++)
        add_block_line (block, ev->arms[a].label, value_of (ev, result, a));
      add_block_line (block, _("Hazard ratio"), hr);
      if (follow != NULL)
        add_block_line (block, _("Follow-up"), follow);
      gtk_box_append (GTK_BOX (box), block);
    }
  return box;
}

static int
table_min_width (NpcResultTable *self)
{
  int min = 0;

  gtk_widget_measure (self->table, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static void
npc_result_table_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  NpcResultTable *self = NPC_RESULT_TABLE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int block_min = 0, block_nat = 0, table_nat = 0;

      gtk_widget_measure (self->blocks, orientation, -1, &block_min, &block_nat, NULL, NULL);
      gtk_widget_measure (self->table, orientation, -1, NULL, &table_nat, NULL, NULL);
      *minimum = block_min;
      *natural = MAX (block_nat, table_nat);
    }
  else
    {
      /* the height of the layout that this width gets */
      GtkWidget *child = for_size < 0 || for_size >= table_min_width (self)
                         ? self->table : self->blocks;

      gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
    }
  *minimum_baseline = *natural_baseline = -1;
}

static GtkSizeRequestMode
npc_result_table_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
npc_result_table_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  NpcResultTable *self = NPC_RESULT_TABLE (widget);
  gboolean table = width >= table_min_width (self);
  GtkWidget *shown = table ? self->table : self->blocks;
  GtkWidget *hidden = table ? self->blocks : self->table;

  if (table != self->showing_table)
    {
      self->showing_table = table;
      gtk_accessible_update_state (GTK_ACCESSIBLE (shown), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (hidden), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    }
  gtk_widget_set_child_visible (shown, TRUE);
  gtk_widget_set_child_visible (hidden, FALSE);
  gtk_widget_allocate (shown, width, height, baseline, NULL);
}

static void
npc_result_table_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  NpcResultTable *self = NPC_RESULT_TABLE (widget);

  gtk_widget_snapshot_child (widget, self->showing_table ? self->table : self->blocks, snapshot);
}

static void
npc_result_table_dispose (GObject *object)
{
  NpcResultTable *self = NPC_RESULT_TABLE (object);

  g_clear_pointer (&self->table, gtk_widget_unparent);
  g_clear_pointer (&self->blocks, gtk_widget_unparent);

  G_OBJECT_CLASS (npc_result_table_parent_class)->dispose (object);
}

static void
npc_result_table_class_init (NpcResultTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_result_table_dispose;
  widget_class->measure = npc_result_table_measure;
  widget_class->get_request_mode = npc_result_table_get_request_mode;
  widget_class->size_allocate = npc_result_table_size_allocate;
  widget_class->snapshot = npc_result_table_snapshot;
  gtk_widget_class_set_css_name (widget_class, "resulttable");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
npc_result_table_init (NpcResultTable *self)
{
}

GtkWidget *
npc_result_table_new (const NpcEvidence *evidence)
{
  NpcResultTable *self;

  g_return_val_if_fail (evidence != NULL, NULL);

  self = g_object_new (NPC_TYPE_RESULT_TABLE, NULL);
  self->table = build_table (evidence);
  self->blocks = build_blocks (evidence);
  gtk_widget_set_parent (self->table, GTK_WIDGET (self));
  gtk_widget_set_parent (self->blocks, GTK_WIDGET (self));
  self->showing_table = TRUE;
  gtk_widget_set_child_visible (self->blocks, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->blocks), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return GTK_WIDGET (self);
}

gboolean
npc_result_table_is_table (NpcResultTable *self)
{
  g_return_val_if_fail (NPC_IS_RESULT_TABLE (self), FALSE);
  return self->showing_table;
}

GtkWidget *
npc_result_table_get_table (NpcResultTable *self)
{
  g_return_val_if_fail (NPC_IS_RESULT_TABLE (self), NULL);
  return self->table;
}

GtkWidget *
npc_result_table_get_blocks (NpcResultTable *self)
{
  g_return_val_if_fail (NPC_IS_RESULT_TABLE (self), NULL);
  return self->blocks;
}
