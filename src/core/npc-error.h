/* npc-error.h
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NPC_ERROR (npc_error_quark ())

typedef enum {
  NPC_ERROR_IO,          /* cannot read or write a file */
  NPC_ERROR_TOO_LARGE,   /* over a size or depth cap */
  NPC_ERROR_MALFORMED,   /* not well-formed XML or JSON */
  NPC_ERROR_SCHEMA,      /* does not match the guideline grammar or case format */
  NPC_ERROR_INTEGRITY,   /* dangling id, cycle, unreachable node, bad value */
  NPC_ERROR_INVALID,     /* a case that breaks the guideline's validation rules */
} NpcError;

GQuark npc_error_quark (void);

G_END_DECLS
