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

/* Streams (batch files, CSV exports) are read in blocks, a line at a time, with a cap: a line
 * past the cap is skipped to its end without being kept, so no input (not even /dev/zero
 * behind a pipe) can make memory grow. */
#define NPC_CLI_BLOCK (64 * 1024)

typedef struct
{
  int      fd;
  char    *buf;      /* NPC_CLI_BLOCK bytes */
  gsize    pos;
  gsize    len;
  gboolean eof;
  guint64  consumed; /* bytes read so far */
} NpcCliLineReader;

/* Returns 1 with a line in `line` (without its newline; empty and *too_long when it was over
 * NPC_CASE_MAX_BYTES), 0 at the end, -1 on a read error (errno in *err). */
int           npc_cli_read_line      (NpcCliLineReader *r,
                                      GByteArray       *line,
                                      gboolean         *too_long,
                                      int              *err);

/* The same without a copy: *text is the line where it lies in the reader's buffer, or in
 * `scratch` when it came in more than one read; valid until the next call. */
int           npc_cli_read_line_in_place (NpcCliLineReader *r,
                                          GByteArray       *scratch,
                                          const char      **text,
                                          gsize            *len,
                                          gboolean         *too_long,
                                          int              *err);

/* Opens a regular file, a pipe, or standard input for "-", for npc_cli_read_line(); -1 with
 * an error naming `name` for a folder, a device or an unreadable file. */
int           npc_cli_open_stream    (const char  *path,
                                      const char  *name,
                                      GError     **error);

G_END_DECLS
