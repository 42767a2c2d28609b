/* npc-cli-common.c — what the commands of npc-pathway-cli share
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "npc-cli-common.h"

NpcGuideline *
npc_cli_load_guideline (const char *prog,
                        const char *path)
{
  g_autoptr(GError) error = NULL;
  NpcGuideline *g;

  g = path ? npc_guideline_new_from_path (path, &error) : npc_guideline_new_default (&error);
  if (g == NULL)
    g_printerr ("%s: %s\n", prog, error->message);
  return g;
}

NpcCase *
npc_cli_load_case (const char   *prog,
                   const char   *path,
                   NpcGuideline *guideline)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NpcCase) kase = npc_case_new_from_file (file, &error);

  if (kase == NULL)
    {
      g_printerr ("%s: %s\n", prog, error->message);
      return NULL;
    }
  if (npc_case_get_guideline_id (kase) != NULL &&
      g_strcmp0 (npc_case_get_guideline_id (kase), npc_guideline_get_id (guideline)) != 0)
    {
      g_printerr (_("%s: %s: the case is for the guideline “%s”, not “%s”\n"), prog, path,
                  npc_case_get_guideline_id (kase), npc_guideline_get_id (guideline));
      return NULL;
    }
  return g_steal_pointer (&kase);
}

void
npc_cli_print_errors (NpcEvaluation *evaluation)
{
  guint n = 0;
  const NpcValidationError *const *errors =
    npc_evaluation_get_validation_errors (evaluation, &n);

  for (guint i = 0; i < n; i++)
    g_printerr ("  %s (%s): %s\n", errors[i]->rule, errors[i]->field, errors[i]->message);
}

int
npc_cli_read_line_in_place (NpcCliLineReader *r,
                            GByteArray       *scratch,
                            const char      **text,
                            gsize            *len,
                            gboolean         *too_long,
                            int              *err)
{
  gboolean any = FALSE;

  g_byte_array_set_size (scratch, 0);
  *too_long = FALSE;
  for (;;)
    {
      if (r->pos < r->len)
        {
          const char *start = r->buf + r->pos;
          const char *nl = memchr (start, '\n', r->len - r->pos);
          gsize n = nl != NULL ? (gsize) (nl - start) : r->len - r->pos;

          if (nl != NULL && !any)
            {
              /* The common line, whole in the buffer: given where it is. */
              r->pos += n + 1;
              *too_long = n > NPC_CASE_MAX_BYTES;
              *text = start;
              *len = *too_long ? 0 : n;
              return 1;
            }
          any = TRUE;
          if (!*too_long && scratch->len + n > NPC_CASE_MAX_BYTES)
            {
              *too_long = TRUE;
              g_byte_array_set_size (scratch, 0);
            }
          if (!*too_long)
            g_byte_array_append (scratch, (const guint8 *) start, (guint) n);
          r->pos += n + (nl != NULL);
          if (nl != NULL)
            break;
        }
      if (r->eof)
        {
          if (!any)
            return 0;
          break;
        }
      {
        gssize n = read (r->fd, r->buf, NPC_CLI_BLOCK);

        if (n < 0)
          {
            if (errno == EINTR)
              continue;
            if (errno == EAGAIN)
              {
                /* Still non-blocking somehow: wait for data. */
                g_usleep (1000);
                continue;
              }
            *err = errno;
            return -1;
          }
        r->pos = 0;
        r->len = (gsize) n;
        r->consumed += (guint64) n;
        if (n == 0)
          r->eof = TRUE;
      }
    }
  /* a line across reads, put together in scratch */
  *text = (const char *) scratch->data;
  *len = scratch->len;
  return 1;
}

int
npc_cli_read_line (NpcCliLineReader *r,
                   GByteArray       *line,
                   gboolean         *too_long,
                   int              *err)
{
  const char *text = NULL;
  gsize len = 0;
  int rc = npc_cli_read_line_in_place (r, line, &text, &len, too_long, err);

  /* `line` holds it already when it was put together there; it is empty otherwise */
  if (rc > 0 && len > 0 && text != (const char *) line->data)
    g_byte_array_append (line, (const guint8 *) text, (guint) len);
  return rc;
}

/* A fifo is opened without waiting for a writer (a plain open
 * would block until one comes), then read as a stream. */
int
npc_cli_open_stream (const char  *path,
                     const char  *name,
                     GError     **error)
{
  struct stat st;
  int fd, flags;

  if (g_str_equal (path, "-"))
    fd = dup (STDIN_FILENO);
  else
    fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   saved_errno == ELOOP ? _("%s: cannot read the batch: a symbolic link loop")
                                        : _("%s: cannot read the batch: %s"),
                   name, g_strerror (saved_errno));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !(S_ISREG (st.st_mode) || S_ISFIFO (st.st_mode) ||
                                S_ISSOCK (st.st_mode) || g_str_equal (path, "-")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   S_ISDIR (st.st_mode) ? _("%s: cannot read the batch: it is a folder")
                                        : _("%s: cannot read the batch: not a regular file "
                                            "or a pipe"),
                   name);
      close (fd);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}
