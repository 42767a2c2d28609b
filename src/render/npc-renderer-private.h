/* npc-renderer-private.h — what the renderer's files share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-renderer.h"
#include "npc-scene.h"
#include "npc-text-metrics.h"

G_BEGIN_DECLS

/* Adds wrapped text at (x, y) in the palette's foreground (muted when muted is TRUE),
 * width wide, to scene as a description; returns its height. scene NULL: measure only. */
double npc_renderer_add_text (NpcRenderer *self,
                              NpcScene    *scene,
                              const char  *role,
                              const char  *text,
                              double       x,
                              double       y,
                              double       width,
                              double       size,
                              gboolean     bold,
                              gboolean     muted);

/* Adds what npc_renderer_draw (with no clip) draws to scene. describe (for SVG): texts as
 * descriptions, each box in a group with its id and its description, edges in a group;
 * otherwise texts are the layouts the renderer keeps, as on the screen (for cairo). */
void   npc_renderer_build_scene  (NpcRenderer   *self,
                                  NpcScene      *scene,
                                  NpcLayout     *layout,
                                  NpcEvaluation *evaluation,
                                  gboolean       describe);
/* Adds the legend at (x, y), in a group. */
void   npc_renderer_build_legend (NpcRenderer *self,
                                  NpcScene    *scene,
                                  double       x,
                                  double       y);
/* The text metrics the renderer measures with: the writers lay out texts with them. */
NpcTextMetrics *npc_renderer_get_metrics (NpcRenderer *self);

/* An NpcLayoutMeasureFunc that lays out every text of the box with pango, as drawing does:
 * the reference that npc_renderer_measure must equal, for tests and benchmarks. */
void   npc_renderer_measure_with_layouts (const NpcLayoutBox *box,
                                          double             *width,
                                          double             *height,
                                          gpointer            user_data);

G_END_DECLS
