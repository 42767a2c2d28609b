/* npc-file-util.c — writing a file so that the old one survives any failure
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-file-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "npc-error.h"
#include "npc-file-util.h"

static gssize write_limit = -1;

void
npc_file_set_write_limit_for_testing (gssize limit)
{
  write_limit = limit;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           int         *saved_errno)
{
  while (length > 0)
    {
      gsize chunk = MIN (length, 1024 * 1024);
      gssize n;

      if (write_limit >= 0)
        {
          if (write_limit == 0)
            {
              *saved_errno = ENOSPC;
              return FALSE;
            }
          chunk = MIN (chunk, (gsize) write_limit);
        }
      n = write (fd, data, chunk);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      if (n == 0)
        {
          *saved_errno = ENOSPC;
          return FALSE;
        }
      if (write_limit >= 0)
        write_limit -= n;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

const char *
npc_file_describe_not_regular (const char *path,
                               GFileType   type)
{
  struct stat st;

  if (type == G_FILE_TYPE_SYMBOLIC_LINK)
    {
      if (path != NULL && stat (path, &st) != 0 && errno == ELOOP)
        return _("a symbolic link loop");
      return _("a symbolic link to nothing");
    }
  if (type == G_FILE_TYPE_DIRECTORY)
    return _("a folder");
  return _("not a regular file");
}

/* ".NAME.XXXXXX.npc-tmp": a dot, anything, a dot, six characters, the suffix. */
static gboolean
is_temp_name (const char *name)
{
  gsize len = strlen (name);
  gsize suffix = strlen (NPC_FILE_TEMP_SUFFIX);

  return name[0] == '.' && len >= 1 + 1 + 6 + suffix + 1 &&
         g_str_has_suffix (name, NPC_FILE_TEMP_SUFFIX) && name[len - suffix - 7] == '.';
}

guint
npc_file_remove_stale_temps (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (dir != NULL, 0);

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      int fd;

      if (!is_temp_name (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0)
        continue;
      /* A save in progress holds a lock on its temporary file; a killed one no longer does. */
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          if (g_unlink (path) == 0)
            removed++;
        }
      close (fd);
    }
  return removed;
}

/* The file a save really replaces: a symbolic link is followed, so that the link stays. */
static char *
resolve_target (const char  *path,
                const char  *display,
                const char  *what,
                GError     **error)
{
  struct stat st;
  char *real;

  if (lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    return g_strdup (path);
  real = realpath (path, NULL);
  if (real == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          /* A dangling link: write where it points. */
          g_autofree char *target = g_file_read_link (path, NULL);
          g_autofree char *dir = g_path_get_dirname (path);

          if (target != NULL)
            return g_path_is_absolute (target) ? g_steal_pointer (&target)
                                               : g_build_filename (dir, target, NULL);
        }
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                   saved_errno == ELOOP
                     ? _("%s: cannot save %s: it is part of a symbolic link loop")
                     : _("%s: cannot save %s: %s"),
                   display, what, g_strerror (saved_errno));
      return NULL;
    }
  {
    char *dup = g_strdup (real);

    free (real);
    return dup;
  }
}

gboolean
npc_file_replace_contents (const char  *path,
                           const char  *data,
                           gsize        length,
                           const char  *what,
                           char       **notice,
                           GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *note = NULL;
  struct stat st;
  gboolean exists;
  mode_t mode = 0600;
  int fd = -1, lock_fd = -1, saved_errno = 0;
  const char *step;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (notice != NULL)
    *notice = NULL;
  if (what == NULL)
    what = _("the file");
  display = g_filename_display_name (path);

  target = resolve_target (path, display, what, error);
  if (target == NULL)
    return FALSE;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);

  exists = stat (target, &st) == 0;
  if (!exists && errno != ENOENT)
    {
      saved_errno = errno;
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                   saved_errno == ELOOP
                     ? _("%s: cannot save %s: a symbolic link loop")
                     : _("%s: cannot save %s: %s"),
                   display, what, g_strerror (saved_errno));
      return FALSE;
    }
  if (exists)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                       _("%s: cannot save %s: there is something there that is not a regular "
                         "file"), display, what);
          return FALSE;
        }
      mode = st.st_mode & 07777;
    }

  npc_file_remove_stale_temps (dir);

  {
    g_autofree char *name = g_strdup_printf (".%s.XXXXXX%s", base, NPC_FILE_TEMP_SUFFIX);

    tmp = g_build_filename (dir, name, NULL);
  }
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      saved_errno = errno;
      if (saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM)
        g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                     _("%s: cannot save %s: the folder %s is read-only (%s); nothing was "
                       "changed — save it in another folder"),
                     display, what, dir_display, g_strerror (saved_errno));
      else
        g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
                     _("%s: cannot save %s: cannot create a temporary file in %s: %s; nothing "
                       "was changed"),
                     display, what, dir_display, g_strerror (saved_errno));
      return FALSE;
    }

  /* The lock lives on a second descriptor, so that the first can be closed (and its error
   * checked) before the rename while the temporary file stays marked as in use. */
  lock_fd = dup (fd);
  if (lock_fd >= 0)
    flock (lock_fd, LOCK_EX | LOCK_NB);

  step = _("cannot set the file's mode");
  if (fchmod (fd, mode) != 0)
    goto fail;
  if (exists && (st.st_uid != geteuid () || st.st_gid != getegid ()))
    {
      if (fchown (fd, st.st_uid, st.st_gid) != 0 && st.st_uid != geteuid ())
        note = g_strdup_printf (_("%s belonged to another user; it was saved as a new file "
                                  "owned by you"), display);
    }
  if (exists && st.st_nlink > 1 && note == NULL)
    note = g_strdup_printf (_("%s had another hard link; it was saved as a new file, and the "
                              "other link keeps the previous version"), display);

  step = _("cannot write");
  if (!write_all (fd, data, length, &saved_errno))
    goto fail_errno;
  step = _("cannot flush to disk");
  if (fsync (fd) != 0)
    goto fail;
  step = _("cannot close");
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  step = _("cannot replace the old file");
  if (rename (tmp, target) != 0)
    goto fail;
  if (lock_fd >= 0)
    close (lock_fd);

  /* The rename itself reaches the disk with the folder. */
  {
    int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir_fd >= 0)
      {
        fsync (dir_fd);
        close (dir_fd);
      }
  }

  if (notice != NULL)
    *notice = g_steal_pointer (&note);
  return TRUE;

fail:
  saved_errno = errno;
fail_errno:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  if (lock_fd >= 0)
    close (lock_fd);
  g_set_error (error, NPC_ERROR, NPC_ERROR_IO,
               exists ? _("%s: cannot save %s: %s: %s; the file on disk is unchanged")
                      : _("%s: cannot save %s: %s: %s; no file was created"),
               display, what, step, g_strerror (saved_errno));
  return FALSE;
}
