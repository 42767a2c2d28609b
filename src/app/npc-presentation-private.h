/* npc-presentation-private.h — what npc-presentation.c and npc-presentation-slides.c share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-presentation.h"

G_BEGIN_DECLS

typedef struct
{
  NpcSlideKind        kind;
  char               *key;
  const NpcNode      *node;      /* DECISION, REDIRECT */
  const NpcEvidence  *evidence;  /* EVIDENCE */
  const NpcAmbiguity *ambiguity; /* AMBIGUITY */
  guint               number;    /* among the slides of its kind, from 1 */
  guint               count;
  GtkWidget          *page;      /* the carousel's page (borrowed from the pool) */
  GtkWidget          *box;       /* the slide's content, in the page */
  gboolean            revealed;  /* DECISION: the branch taken is shown */
  guint               fit;       /* how far its type is tightened to fit the screen */
} NpcSlide;

struct _NpcPresentation
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwCarousel     *carousel;
  GtkLabel        *position_label;
  GtkLabel        *source_label;

  NpcEvaluation   *evaluation;
  NpcCase         *kase;
  char            *title;
  GPtrArray       *slides; /* NpcSlide */
  /* The carousel's pages, kept from one deck to the next so that the carousel keeps its
   * place as the case changes: a scroller each, for a slide longer than the screen. */
  GPtrArray       *pages;  /* GtkScrolledWindow */
  GPtrArray       *boxes;  /* GtkBox, one in each page */
  guint            current;
  gulong           restore_id;
  AdwToast        *toast;
  gulong           fit_id;
  int              fitted_width;
  int              fitted_height;

  guint            guess_first : 1;
  guint            large : 1;
  guint            restoring : 1;
  guint            fitting : 1;
};

/* npc-presentation-slides.c */
/* Fills slide->box with the slide's content, from the evaluation. */
void     _npc_presentation_build_slide        (NpcPresentation *self,
                                               NpcSlide        *slide);
/* Whether the outcome has options, alternatives or agents: a slide of their own. */
gboolean _npc_presentation_has_outcome_details (NpcEvaluation  *evaluation);

G_END_DECLS
