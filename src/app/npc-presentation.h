/* npc-presentation.h — the case's evaluation as slides, for teaching on a projector
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "npc-core.h"

G_BEGIN_DECLS

#define NPC_TYPE_PRESENTATION (npc_presentation_get_type ())
G_DECLARE_FINAL_TYPE (NpcPresentation, npc_presentation, NPC, PRESENTATION, AdwWindow)

/* The deck, in order: the title (case, source, review date, disclaimer), the key facts,
 * one slide per decision or redirect on the path, the outcome, its options, alternatives
 * and agents when it has any, one slide per trial behind it, one per ambiguity flagged.
 * Each fits a 1280×720 screen in large type. */
typedef enum {
  NPC_SLIDE_TITLE,
  NPC_SLIDE_FACTS,
  NPC_SLIDE_DECISION,
  NPC_SLIDE_REDIRECT,
  NPC_SLIDE_OUTCOME,
  NPC_SLIDE_OUTCOME_DETAILS,
  NPC_SLIDE_EVIDENCE,
  NPC_SLIDE_AMBIGUITY,
} NpcSlideKind;

/* A window on top of parent (which may be NULL), not yet shown; present it to start. */
NpcPresentation *npc_presentation_new             (GtkWindow       *parent);

/* Shows the slides of evaluation. kase supplies the facts as entered and the label;
 * title names the case when it has no label. Slides already seen stay in place where
 * they still exist, so that the presentation follows a case edited while it is open. */
void             npc_presentation_set_evaluation  (NpcPresentation *self,
                                                   NpcEvaluation   *evaluation,
                                                   NpcCase         *kase,
                                                   const char      *title);
NpcEvaluation   *npc_presentation_get_evaluation  (NpcPresentation *self);

guint            npc_presentation_get_n_slides    (NpcPresentation *self);
/* The slide shown (or being moved to). */
guint            npc_presentation_get_slide       (NpcPresentation *self);
void             npc_presentation_set_slide       (NpcPresentation *self,
                                                   guint            slide);
NpcSlideKind     npc_presentation_get_slide_kind  (NpcPresentation *self,
                                                   guint            slide);
/* The node, evidence item or ambiguity a slide is about ("D3", "E01", "AMBIG-4"), or
 * "title", "facts", "outcome", "outcome-details". */
const char      *npc_presentation_get_slide_key   (NpcPresentation *self,
                                                   guint            slide);
GtkWidget       *npc_presentation_get_slide_widget (NpcPresentation *self,
                                                    guint            slide);
/* The text of a slide as a screen reader reads it: its labels, in order, one a line. */
char            *npc_presentation_dup_slide_text  (NpcPresentation *self,
                                                   guint            slide);

/* Guess first: a decision slide hides the branch taken until the next press. */
gboolean         npc_presentation_get_guess_first (NpcPresentation *self);
void             npc_presentation_set_guess_first (NpcPresentation *self,
                                                   gboolean         guess_first);
/* Whether a decision slide shows which branch was taken. */
gboolean         npc_presentation_get_revealed    (NpcPresentation *self,
                                                   guint            slide);

G_END_DECLS
