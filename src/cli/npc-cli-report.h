/* npc-cli-report.h — npc-pathway-cli report
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the program and command name; returns the exit status:
 * 0 written, 1 written for a case that breaks a validation rule (the report shows the
 * errors), 2 usage error or unreadable, malformed or unwritable file (the message names
 * the file). */
int npc_cli_report (int    argc,
                    char **argv);

G_END_DECLS
