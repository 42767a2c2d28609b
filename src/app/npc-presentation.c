/* npc-presentation.c — the case's evaluation as slides, for teaching on a projector
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window: the deck of slides in a carousel, moving through it, fitting each slide to
 * the screen, and following the case. The slides themselves are built in
 * npc-presentation-slides.c.
 */
#define G_LOG_DOMAIN "npc-presentation"

#include "config.h"

#include <glib/gi18n.h>

#include "npc-presentation-private.h"

/* A slide too long for the screen is set tighter, step by step, down to the smallest
 * type a room can still read (titles 40 px, text 24 px); beyond that it scrolls. */
#define N_FIT_LEVELS 3
static const char *fit_classes[N_FIT_LEVELS] = { NULL, "fit-1", "fit-2" };

G_DEFINE_FINAL_TYPE (NpcPresentation, npc_presentation, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_EVALUATION,
  PROP_SLIDE,
  PROP_N_SLIDES,
  PROP_GUESS_FIRST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void queue_fit (NpcPresentation *self);
static void fit_slide (NpcPresentation *self,
                       NpcSlide        *slide);

static void
slide_free (gpointer data)
{
  NpcSlide *slide = data;

  g_free (slide->key);
  g_free (slide);
}

static NpcSlide *
get_slide (NpcPresentation *self,
           guint            i)
{
  return i < self->slides->len ? g_ptr_array_index (self->slides, i) : NULL;
}

static NpcSlide *
add_slide (NpcPresentation *self,
           NpcSlideKind     kind,
           const char      *key)
{
  NpcSlide *slide = g_new0 (NpcSlide, 1);

  slide->kind = kind;
  slide->key = g_strdup (key);
  slide->revealed = TRUE;
  g_ptr_array_add (self->slides, slide);
  return slide;
}

static void
add_page (NpcPresentation *self)
{
  /* Spacing in the style sheet (border-spacing): it grows with the type. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *page = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (box, "slide");
  /* the whole page: a slide's diagram takes the room its words leave */
  gtk_widget_set_valign (box, GTK_ALIGN_FILL);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1760);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1400);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (page), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* A slide that still does not fit shows it: the scroll bar stays in view. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (page), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (page), clamp);
  gtk_widget_set_hexpand (page, TRUE);
  gtk_widget_set_vexpand (page, TRUE);

  g_ptr_array_add (self->pages, page);
  g_ptr_array_add (self->boxes, box);
  adw_carousel_append (self->carousel, page);
}

static void
update_position (NpcPresentation *self)
{
  g_autofree char *text = NULL;

  if (self->slides->len == 0)
    text = g_strdup (_("No slides"));
  else
    /* TRANSLATORS: "Slide 3 of 12" */
    text = g_strdup_printf (_("Slide %u of %u"), self->current + 1, self->slides->len);
  gtk_label_set_text (self->position_label, text);
}

static void
update_actions (NpcPresentation *self)
{
  NpcSlide *slide = get_slide (self, self->current);
  gboolean hidden = slide != NULL && !slide->revealed;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.previous", self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.first", self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.next",
                                 hidden || self->current + 1 < self->slides->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.last",
                                 self->current + 1 < self->slides->len);
}

static void
go_to (NpcPresentation *self,
       guint            index,
       gboolean         animate)
{
  NpcSlide *slide = get_slide (self, index);

  if (slide == NULL)
    return;

  if (self->current != index)
    {
      self->current = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLIDE]);
    }
  adw_carousel_scroll_to (self->carousel, slide->page, animate);
  update_position (self);
  update_actions (self);
}

static void
on_page_changed (NpcPresentation *self,
                 guint            index,
                 AdwCarousel     *carousel)
{
  /* A swipe, or the end of a move by key. */
  if (self->restoring || index == self->current || index >= self->slides->len)
    return;
  self->current = index;
  update_position (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLIDE]);
}

/* A page added to the carousel has its place only once the carousel has laid it out: go
 * there then, before the frame is painted (the clock repeats its layout phase for it).
 * Until then the carousel would clamp any move to its old extent. */
static void
on_layout_restore (NpcPresentation *self,
                   GdkFrameClock   *clock)
{
  NpcSlide *slide = get_slide (self, self->current);

  g_clear_signal_handler (&self->restore_id, clock);
  self->restoring = FALSE;
  if (slide != NULL)
    adw_carousel_scroll_to (self->carousel, slide->page, FALSE);
}

static void
restore_later (NpcPresentation *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->carousel));

  if (clock == NULL || self->restore_id != 0)
    return;
  self->restoring = TRUE;
  self->restore_id = g_signal_connect_object (clock, "layout", G_CALLBACK (on_layout_restore),
                                              self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_queue_allocate (GTK_WIDGET (self->carousel));
}

static void
rebuild (NpcPresentation *self)
{
  g_autofree char *old_key = NULL;
  g_autoptr(GHashTable) was_revealed = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);
  guint old_n = self->slides->len;
  guint old_pages = self->pages->len;
  guint old_current = self->current;
  guint target = 0;
  const NpcNode *const *path;
  guint n_path = 0, n_decisions = 0, n = 0;

  for (guint i = 0; i < self->slides->len; i++)
    {
      NpcSlide *slide = get_slide (self, i);

      if (i == self->current)
        old_key = g_strdup (slide->key);
      if (slide->kind == NPC_SLIDE_DECISION && slide->revealed)
        g_hash_table_add (was_revealed, g_strdup (slide->key));
    }
  g_ptr_array_set_size (self->slides, 0);

  if (self->evaluation != NULL)
    {
      const NpcEvidence *const *evidence;
      const NpcAmbiguity *const *flags;

      add_slide (self, NPC_SLIDE_TITLE, "title");
      add_slide (self, NPC_SLIDE_FACTS, "facts");

      path = npc_evaluation_get_path (self->evaluation, &n_path);
      for (guint i = 0; i < n_path; i++)
        n_decisions += path[i]->kind == NPC_NODE_DECISION;
      for (guint i = 0, d = 0; i < n_path; i++)
        {
          NpcSlide *slide;

          if (path[i]->kind == NPC_NODE_DECISION)
            {
              slide = add_slide (self, NPC_SLIDE_DECISION, path[i]->id);
              slide->number = ++d;
              slide->count = n_decisions;
              /* Guessing first: what was revealed stays revealed as the case changes. */
              slide->revealed = !self->guess_first ||
                                g_hash_table_contains (was_revealed, path[i]->id);
            }
          else if (path[i]->kind == NPC_NODE_REDIRECT)
            slide = add_slide (self, NPC_SLIDE_REDIRECT, path[i]->id);
          else
            continue;
          slide->node = path[i];
        }

      add_slide (self, NPC_SLIDE_OUTCOME, "outcome");
      if (_npc_presentation_has_outcome_details (self->evaluation))
        add_slide (self, NPC_SLIDE_OUTCOME_DETAILS, "outcome-details");

      evidence = npc_evaluation_get_evidence (self->evaluation, &n);
      for (guint i = 0; i < n; i++)
        {
          NpcSlide *slide = add_slide (self, NPC_SLIDE_EVIDENCE, evidence[i]->id);

          slide->evidence = evidence[i];
          slide->number = i + 1;
          slide->count = n;
        }

      flags = npc_evaluation_get_flags (self->evaluation, &n);
      for (guint i = 0; i < n; i++)
        {
          NpcSlide *slide = add_slide (self, NPC_SLIDE_AMBIGUITY, flags[i]->id);

          slide->ambiguity = flags[i];
          slide->number = i + 1;
          slide->count = n;
        }
    }

  /* The same pages, as many as there are slides now: the carousel keeps its place. */
  while (self->pages->len < self->slides->len)
    add_page (self);
  while (self->pages->len > self->slides->len)
    {
      adw_carousel_remove (self->carousel, g_ptr_array_index (self->pages,
                                                              self->pages->len - 1));
      g_ptr_array_set_size (self->boxes, self->pages->len - 1);
      g_ptr_array_set_size (self->pages, self->pages->len - 1);
    }

  for (guint i = 0; i < self->slides->len; i++)
    {
      NpcSlide *slide = get_slide (self, i);
      GtkAdjustment *vadjustment;

      slide->page = g_ptr_array_index (self->pages, i);
      slide->box = g_ptr_array_index (self->boxes, i);
      _npc_presentation_build_slide (self, slide);
      vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (slide->page));
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
      if (old_key != NULL && g_str_equal (slide->key, old_key))
        target = i;
    }
  /* The slide shown stays if the new case has it; else the same place in the deck. */
  if (old_key != NULL && target == 0 && !g_str_equal (old_key, "title"))
    target = MIN (old_current, self->slides->len ? self->slides->len - 1 : 0);

  if (self->slides->len == 0)
    self->current = 0;
  else if (self->pages->len <= old_pages || !gtk_widget_get_mapped (GTK_WIDGET (self->carousel)))
    go_to (self, target, FALSE);
  else
    {
      /* Pages just added: the carousel knows their places (and so its own extent) only
       * after its next layout. */
      if (self->current != target)
        {
          self->current = target;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLIDE]);
        }
      restore_later (self);
    }
  update_position (self);
  update_actions (self);
  queue_fit (self);

  if (old_n != self->slides->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SLIDES]);
}

static void
update_source (NpcPresentation *self)
{
  NpcGuideline *guideline;
  const NpcMetadata *meta;
  g_autofree char *text = NULL;

  if (self->evaluation == NULL)
    return;
  guideline = npc_evaluation_get_guideline (self->evaluation);
  meta = npc_guideline_get_metadata (guideline);
  /* TRANSLATORS: the footer of every slide: the source, its review date, and that the
   * program supports and does not replace clinical judgement */
  text = g_strdup_printf (_("%s · review current through %s · Decision support, not a "
                            "substitute for clinical judgement"),
                          meta->short_title ? meta->short_title
                          : meta->source_title ? meta->source_title
                          : npc_guideline_get_id (guideline),
                          meta->literature_review_through ? meta->literature_review_through
                                                           : "—");
  gtk_label_set_text (self->source_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), text);
}

/* Public API */

NpcPresentation *
npc_presentation_new (GtkWindow *parent)
{
  NpcPresentation *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (NPC_TYPE_PRESENTATION,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  /* A projector shows the slides alone; Esc leaves, F11 gives a window back. */
  gtk_window_fullscreen (GTK_WINDOW (self));
  return self;
}

void
npc_presentation_set_evaluation (NpcPresentation *self,
                                 NpcEvaluation   *evaluation,
                                 NpcCase         *kase,
                                 const char      *title)
{
  gboolean had_evaluation;

  g_return_if_fail (NPC_IS_PRESENTATION (self));
  g_return_if_fail (evaluation == NULL || NPC_IS_EVALUATION (evaluation));
  g_return_if_fail (kase == NULL || NPC_IS_CASE (kase));

  if (self->evaluation == evaluation && self->kase == kase && g_strcmp0 (self->title, title) == 0)
    return;

  had_evaluation = self->evaluation != NULL;
  g_set_object (&self->kase, kase);
  g_free (self->title);
  self->title = g_strdup (title);
  if (g_set_object (&self->evaluation, evaluation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);

  update_source (self);
  rebuild (self);

  /* The slides follow the case as it is edited: say so, once at a time. */
  if (had_evaluation && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->toast != NULL)
        adw_toast_dismiss (self->toast);
      g_clear_object (&self->toast);
      self->toast = adw_toast_new (_("The case changed: the slides now show it"));
      adw_toast_set_timeout (self->toast, 4);
      g_object_ref (self->toast);
      adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
    }
}

NpcEvaluation *
npc_presentation_get_evaluation (NpcPresentation *self)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), NULL);
  return self->evaluation;
}

guint
npc_presentation_get_n_slides (NpcPresentation *self)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), 0);
  return self->slides->len;
}

guint
npc_presentation_get_slide (NpcPresentation *self)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), 0);
  return self->current;
}

void
npc_presentation_set_slide (NpcPresentation *self,
                            guint            slide)
{
  g_return_if_fail (NPC_IS_PRESENTATION (self));
  g_return_if_fail (slide < self->slides->len);

  go_to (self, slide, FALSE);
}

NpcSlideKind
npc_presentation_get_slide_kind (NpcPresentation *self,
                                 guint            slide)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), NPC_SLIDE_TITLE);
  g_return_val_if_fail (slide < self->slides->len, NPC_SLIDE_TITLE);
  return get_slide (self, slide)->kind;
}

const char *
npc_presentation_get_slide_key (NpcPresentation *self,
                                guint            slide)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), NULL);
  g_return_val_if_fail (slide < self->slides->len, NULL);
  return get_slide (self, slide)->key;
}

GtkWidget *
npc_presentation_get_slide_widget (NpcPresentation *self,
                                   guint            slide)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), NULL);
  g_return_val_if_fail (slide < self->slides->len, NULL);
  return get_slide (self, slide)->box;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *t = gtk_label_get_text (GTK_LABEL (widget));

      if (t != NULL && *t)
        g_string_append_printf (text, "%s\n", t);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
npc_presentation_dup_slide_text (NpcPresentation *self,
                                 guint            slide)
{
  GString *text;

  g_return_val_if_fail (NPC_IS_PRESENTATION (self), NULL);
  g_return_val_if_fail (slide < self->slides->len, NULL);

  text = g_string_new (NULL);
  collect_text (get_slide (self, slide)->box, text);
  return g_string_free (text, FALSE);
}

gboolean
npc_presentation_get_guess_first (NpcPresentation *self)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), FALSE);
  return self->guess_first;
}

void
npc_presentation_set_guess_first (NpcPresentation *self,
                                  gboolean         guess_first)
{
  g_return_if_fail (NPC_IS_PRESENTATION (self));

  guess_first = !!guess_first;
  if (self->guess_first == guess_first)
    return;

  self->guess_first = guess_first;
  for (guint i = 0; i < self->slides->len; i++)
    {
      NpcSlide *slide = get_slide (self, i);

      if (slide->kind != NPC_SLIDE_DECISION)
        continue;
      slide->revealed = !guess_first;
      _npc_presentation_build_slide (self, slide);
      fit_slide (self, slide);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUESS_FIRST]);
}

gboolean
npc_presentation_get_revealed (NpcPresentation *self,
                               guint            slide)
{
  g_return_val_if_fail (NPC_IS_PRESENTATION (self), FALSE);
  g_return_val_if_fail (slide < self->slides->len, FALSE);
  return get_slide (self, slide)->revealed;
}

/* Actions */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);
  NpcSlide *slide = get_slide (self, self->current);

  /* Guessing first: the first press reveals the branch taken, the second moves on. */
  if (slide != NULL && !slide->revealed)
    {
      slide->revealed = TRUE;
      _npc_presentation_build_slide (self, slide);
      fit_slide (self, slide);
      update_actions (self);
      return;
    }
  if (self->current + 1 < self->slides->len)
    go_to (self, self->current + 1, TRUE);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);

  if (self->current > 0)
    go_to (self, self->current - 1, TRUE);
}

static void
first_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  go_to (NPC_PRESENTATION (widget), 0, FALSE);
}

static void
last_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);

  if (self->slides->len > 0)
    go_to (self, self->slides->len - 1, FALSE);
}

/* Up and Down scroll a slide that is still too long for the screen. */
static void
scroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);
  NpcSlide *slide = get_slide (self, self->current);
  GtkAdjustment *adjustment;
  double step;

  if (slide == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (slide->page));
  step = gtk_adjustment_get_page_size (adjustment) / 3;
  if (g_str_equal (action_name, "presentation.scroll-up"))
    step = -step;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
}

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
on_fullscreen_toggled (NpcPresentation *self,
                       GtkToggleButton *button)
{
  gboolean active = gtk_toggle_button_get_active (button);

  if (active != gtk_window_is_fullscreen (GTK_WINDOW (self)))
    toggle_fullscreen_action (GTK_WIDGET (self), NULL, NULL);
}

/* Space and Enter move on, as the arrows do; but a button the user reached with Tab
 * (its focus ring shown) takes them first, as everywhere else. */
static gboolean
on_step_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && gtk_window_get_focus_visible (GTK_WINDOW (widget)) &&
      gtk_widget_get_mapped (focus))
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

static void
add_step_keys (NpcPresentation *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct {
    const char *trigger;
    const char *action;
  } keys[] = {
    { "space|KP_Space|Return|KP_Enter|ISO_Enter", "presentation.next" },
    { "BackSpace", "presentation.previous" },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_callback_action_new (on_step_key,
                                                                                     (gpointer) keys[i].action,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Fitting each slide to the screen
 *
 * A new style class takes effect at the next layout, so fitting runs in the frame clock's
 * layout phase, after the window's own layout: a slide whose scroller overflows goes one
 * step tighter, and the clock lays the window out again before anything is painted. */

static void
set_fit (NpcSlide *slide,
         guint  fit)
{
  for (guint i = 1; i < N_FIT_LEVELS; i++)
    if (i == fit)
      gtk_widget_add_css_class (slide->box, fit_classes[i]);
    else
      gtk_widget_remove_css_class (slide->box, fit_classes[i]);
  slide->fit = fit;
}

/* Starts a slide afresh: it is fitted at the next layout. */
static void
fit_slide (NpcPresentation *self,
           NpcSlide        *slide)
{
  set_fit (slide, 0);
  self->fitting = TRUE;
  gtk_widget_queue_resize (slide->box);
}

static void
queue_fit (NpcPresentation *self)
{
  for (guint i = 0; i < self->slides->len; i++)
    set_fit (get_slide (self, i), 0);
  self->fitting = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self->carousel));
}

static void
on_layout_fit (NpcPresentation *self,
               GdkFrameClock   *clock)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean tightened = FALSE;

  /* A new size: larger type for a 1080p screen, and every slide fitted again. */
  if (width != self->fitted_width || height != self->fitted_height)
    {
      gboolean large = width >= 1600 && height >= 900;

      self->fitted_width = width;
      self->fitted_height = height;
      if (large != self->large)
        {
          self->large = large;
          if (large)
            gtk_widget_add_css_class (GTK_WIDGET (self), "large");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (self), "large");
        }
      queue_fit (self);
      return;
    }

  if (!self->fitting)
    return;

  for (guint i = 0; i < self->slides->len; i++)
    {
      NpcSlide *slide = get_slide (self, i);
      GtkAdjustment *adjustment;

      if (gtk_widget_get_height (slide->page) <= 0 || slide->fit + 1 >= N_FIT_LEVELS)
        continue;
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (slide->page));
      if (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 0.5)
        {
          set_fit (slide, slide->fit + 1);
          gtk_widget_queue_resize (slide->box);
          tightened = TRUE;
        }
    }
  self->fitting = tightened;
}

static void
npc_presentation_map (GtkWidget *widget)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);

  GTK_WIDGET_CLASS (npc_presentation_parent_class)->map (widget);
  self->fit_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "layout",
                                          G_CALLBACK (on_layout_fit), self,
                                          G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
npc_presentation_unmap (GtkWidget *widget)
{
  NpcPresentation *self = NPC_PRESENTATION (widget);

  g_clear_signal_handler (&self->fit_id, gtk_widget_get_frame_clock (widget));
  /* Shown again, perhaps at another size: fit again. */
  self->fitted_width = self->fitted_height = 0;
  GTK_WIDGET_CLASS (npc_presentation_parent_class)->unmap (widget);
}

/* GObject */

static void
npc_presentation_dispose (GObject *object)
{
  NpcPresentation *self = NPC_PRESENTATION (object);

  if (self->restore_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->carousel));

      if (clock != NULL)
        g_signal_handler_disconnect (clock, self->restore_id);
      self->restore_id = 0;
    }
  g_clear_object (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), NPC_TYPE_PRESENTATION);
  /* The pages went with the carousel. */
  if (self->slides != NULL)
    g_ptr_array_set_size (self->slides, 0);
  if (self->pages != NULL)
    g_ptr_array_set_size (self->pages, 0);
  if (self->boxes != NULL)
    g_ptr_array_set_size (self->boxes, 0);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->kase);

  G_OBJECT_CLASS (npc_presentation_parent_class)->dispose (object);
}

static void
npc_presentation_finalize (GObject *object)
{
  NpcPresentation *self = NPC_PRESENTATION (object);

  g_clear_pointer (&self->slides, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->boxes, g_ptr_array_unref);
  g_free (self->title);

  G_OBJECT_CLASS (npc_presentation_parent_class)->finalize (object);
}

static void
npc_presentation_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NpcPresentation *self = NPC_PRESENTATION (object);

  switch (prop_id)
    {
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    case PROP_SLIDE:
      g_value_set_uint (value, self->current);
      break;
    case PROP_N_SLIDES:
      g_value_set_uint (value, self->slides->len);
      break;
    case PROP_GUESS_FIRST:
      g_value_set_boolean (value, self->guess_first);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_presentation_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NpcPresentation *self = NPC_PRESENTATION (object);

  switch (prop_id)
    {
    case PROP_SLIDE:
      if (g_value_get_uint (value) < self->slides->len)
        go_to (self, g_value_get_uint (value), FALSE);
      break;
    case PROP_GUESS_FIRST:
      npc_presentation_set_guess_first (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_presentation_class_init (NpcPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = npc_presentation_dispose;
  object_class->finalize = npc_presentation_finalize;
  object_class->get_property = npc_presentation_get_property;
  object_class->set_property = npc_presentation_set_property;
  widget_class->map = npc_presentation_map;
  widget_class->unmap = npc_presentation_unmap;

  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLIDE] =
    g_param_spec_uint ("slide", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SLIDES] =
    g_param_spec_uint ("n-slides", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUESS_FIRST] =
    g_param_spec_boolean ("guess-first", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/npcpathway/NpcPathway/npc-presentation.ui");
  gtk_widget_class_bind_template_child (widget_class, NpcPresentation, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NpcPresentation, carousel);
  gtk_widget_class_bind_template_child (widget_class, NpcPresentation, position_label);
  gtk_widget_class_bind_template_child (widget_class, NpcPresentation, source_label);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_fullscreen_toggled);

  gtk_widget_class_install_action (widget_class, "presentation.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "presentation.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "presentation.first", NULL, first_action);
  gtk_widget_class_install_action (widget_class, "presentation.last", NULL, last_action);
  gtk_widget_class_install_action (widget_class, "presentation.scroll-down", NULL, scroll_action);
  gtk_widget_class_install_action (widget_class, "presentation.scroll-up", NULL, scroll_action);
  gtk_widget_class_install_action (widget_class, "presentation.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_install_property_action (widget_class, "presentation.guess-first",
                                            "guess-first");
}

static void
npc_presentation_init (NpcPresentation *self)
{
  static GtkCssProvider *provider;

  self->slides = g_ptr_array_new_with_free_func (slide_free);
  self->pages = g_ptr_array_new ();
  self->boxes = g_ptr_array_new ();

  /* The large type lives in its own sheet, scoped to this window. */
  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (provider,
                                           "/io/github/npcpathway/NpcPathway/npc-presentation.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

  gtk_widget_init_template (GTK_WIDGET (self));
  add_step_keys (self);
  update_position (self);
  update_actions (self);
}
