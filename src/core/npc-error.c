/* npc-error.c
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-error"

#include "config.h"

#include "npc-error.h"

G_DEFINE_QUARK (npc-error-quark, npc_error)
