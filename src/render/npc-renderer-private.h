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

G_END_DECLS
