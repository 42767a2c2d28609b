/* npc-cli-audit.h — npc-pathway-cli audit: on-pathway rates of a cohort
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

int       npc_cli_audit              (int          argc,
                                      char       **argv);

/* The audit report, drawn from the JSON summary (so that it shows exactly what the summary
 * says): one self-contained HTML file with inline SVG, or a PDF. */
char     *npc_cli_audit_report_html  (JsonObject  *summary);
gboolean  npc_cli_audit_report_pdf   (JsonObject  *summary,
                                      const char  *path,
                                      GError     **error);

G_END_DECLS
