/* npc-render-export.h — the pathway diagram as an SVG, PNG or PDF file
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-renderer.h"

G_BEGIN_DECLS

typedef enum {
  NPC_EXPORT_SVG,
  NPC_EXPORT_PNG,
  NPC_EXPORT_PDF,
} NpcExportFormat;

/* Guesses the format from a file name's extension; FALSE when it is none of the three. */
gboolean npc_export_format_from_path (const char      *path,
                                      NpcExportFormat *format);

/* Writes a page: a header (guideline title, source and review date, the case's outcome), a
 * legend, and the diagram, described by the renderer as for the screen, so the file shows
 * what the screen shows. SVG keeps text as text. scale applies to PNG only (pixels per model
 * unit). */
gboolean npc_render_export_to_file (NpcRenderer    *renderer,
                                    NpcLayout      *layout,
                                    NpcEvaluation  *evaluation,
                                    const char     *case_label,
                                    NpcExportFormat format,
                                    double          scale,
                                    const char     *path,
                                    GError        **error);

G_END_DECLS
