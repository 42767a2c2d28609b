/* npc-render-export-private.h — the exported page as a scene, for tests
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-render-export.h"
#include "npc-scene.h"

G_BEGIN_DECLS

/* The page npc_render_export_to_file writes: header, legend and diagram, added to scene (its
 * size and title set). for_svg: texts as descriptions and boxes in groups with their words,
 * as the SVG is written; otherwise as PNG and PDF are drawn. */
void npc_render_export_build_page (NpcRenderer   *renderer,
                                   NpcLayout     *layout,
                                   NpcEvaluation *evaluation,
                                   const char    *case_label,
                                   gboolean       for_svg,
                                   NpcScene      *scene);

G_END_DECLS
