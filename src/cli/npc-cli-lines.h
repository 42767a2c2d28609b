/* npc-cli-lines.h — the lines of a stream, worked on by several threads, finished in order
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-cli-common.h"

G_BEGIN_DECLS

/* One line of a batch, its surrounding white space taken off. Blank lines are not passed. */
typedef struct
{
  guint       lineno;   /* 1 for the first line of the stream */
  guint64     consumed; /* bytes of the stream read when it was read (for progress) */
  gboolean    too_long; /* over NPC_CASE_MAX_BYTES: `text` is empty */
  const char *text;     /* not NUL-terminated */
  gsize       len;
} NpcCliLine;

/* Works on one line, in any thread; returns what `done` needs (nullable). It must not touch
 * anything another line's work touches, other than what is safe to share (a guideline, an
 * engine). */
typedef gpointer (*NpcCliLineWork) (const NpcCliLine *line,
                                    gpointer          user_data);
/* Finishes one line in the calling thread, in the order of the input, and frees `result`. */
typedef void     (*NpcCliLineDone) (const NpcCliLine *line,
                                    gpointer          result,
                                    gpointer          user_data);

/* Reads `reader` to its end. With jobs ≤ 1 every line is worked on and finished in turn, in
 * this thread; with more, `jobs` threads work on blocks of lines while this one reads, and
 * finishes them in order: what is held at any time is a few blocks per thread, however long
 * the stream. Returns 0 at the end, -1 on a read error (errno in *err), with *lineno the
 * number of the last line read. */
int npc_cli_lines_run (NpcCliLineReader *reader,
                       guint             jobs,
                       NpcCliLineWork    work,
                       NpcCliLineDone    done,
                       gpointer          user_data,
                       guint            *lineno,
                       int              *err);

/* The number of threads for --jobs N: N, or with 0 the number of processors. */
guint npc_cli_jobs (int requested);

G_END_DECLS
