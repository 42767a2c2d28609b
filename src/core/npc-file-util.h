/* npc-file-util.h — writing a file so that the old one survives any failure
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file the program writes (cases, autosaves, diagrams, reports) goes through
 * npc_file_replace_contents(): the bytes go to a temporary file in the target's folder,
 * named ".NAME.XXXXXX.npc-tmp", with the target's mode (0600 for a new file); every write,
 * the fsync and the close are checked, and only then is the temporary file renamed over the
 * target. On any failure the temporary file is removed and the target is left as it was.
 * The target is never truncated or written in place.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The suffix of the program's temporary files. */
#define NPC_FILE_TEMP_SUFFIX ".npc-tmp"

/* Writes `data` to `path` atomically. `what` says what is written, for messages ("the case",
 * "the diagram"). When the save had to break a hard link or could not keep the file's owner,
 * `notice` (if not NULL) receives a sentence saying so; otherwise it is set to NULL. Errors
 * are NPC_ERROR_IO and name the file. */
gboolean npc_file_replace_contents     (const char  *path,
                                        const char  *data,
                                        gsize        length,
                                        const char  *what,
                                        char       **notice,
                                        GError     **error);

/* Removes the program's temporary files in `dir` that no running save holds (left behind by a
 * crash or kill). Returns how many were removed. */
guint    npc_file_remove_stale_temps   (const char  *dir);

/* Why a file that is to be read is not a regular file, as a phrase: "a symbolic link loop",
 * "a symbolic link to nothing", "a folder", "not a regular file". `type` is what GIO reported
 * (it follows links, and reports a link it could not follow as a link). */
const char *npc_file_describe_not_regular (const char *path,
                                           GFileType   type);

/* For tests: after `limit` more bytes of temporary file data, writes fail with ENOSPC
 * (-1 turns this off). */
void     npc_file_set_write_limit_for_testing (gssize limit);

G_END_DECLS
