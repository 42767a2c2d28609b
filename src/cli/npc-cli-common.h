/* npc-cli-common.h — what the commands of npc-pathway-cli share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-core.h"

G_BEGIN_DECLS

/* The guideline at path, or the bundled one when path is NULL. On failure prints the error
 * (which names the file, line and column) after prog and returns NULL. */
NpcGuideline *npc_cli_load_guideline (const char   *prog,
                                      const char   *path);

/* A case file for the guideline. On failure (unreadable, malformed, or a case for another
 * guideline) prints the error naming the file and returns NULL. */
NpcCase      *npc_cli_load_case      (const char   *prog,
                                      const char   *path,
                                      NpcGuideline *guideline);

/* Prints every validation error of the evaluation, one per line, on stderr. */
void          npc_cli_print_errors   (NpcEvaluation *evaluation);

G_END_DECLS
