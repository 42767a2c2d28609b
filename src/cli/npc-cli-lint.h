/* npc-cli-lint.h — npc-pathway-cli lint
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int npc_cli_lint (int argc, char **argv);

G_END_DECLS
