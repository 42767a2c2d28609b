/* npc-cli-json.h — a plain JSON line read into a tree without a parser object
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The tree json_parser_new_immutable() would read from `data`, sealed, where the text is
 * plain: objects, arrays, strings of printable ASCII without escapes, integers without a
 * fraction, exponent or leading zero, true, false and null, no key twice in an object, at
 * most 32 levels deep. NULL for anything else: the caller then uses json-glib's parser, which
 * also says what is wrong. */
JsonNode *npc_cli_json_read_plain (const char *data,
                                   gsize       length);

G_END_DECLS
