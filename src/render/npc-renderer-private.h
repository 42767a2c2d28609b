/* npc-renderer-private.h — what the renderer's files share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-renderer.h"

G_BEGIN_DECLS

/* Draws wrapped text at (x, y) in the palette's foreground (muted when muted is TRUE),
 * width wide; returns its height. cr NULL: measure only. */
double npc_renderer_draw_text (NpcRenderer *self,
                               cairo_t     *cr,
                               const char  *text,
                               double       x,
                               double       y,
                               double       width,
                               double       size,
                               gboolean     bold,
                               gboolean     muted);

/* An NpcLayoutMeasureFunc that lays out every text of the box with pango, as drawing does:
 * the reference that npc_renderer_measure must equal, for tests and benchmarks. */
void   npc_renderer_measure_with_layouts (const NpcLayoutBox *box,
                                          double             *width,
                                          double             *height,
                                          gpointer            user_data);

G_END_DECLS
