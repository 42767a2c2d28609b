/* npc-session.c — the open documents, and what a crashed session left of them
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-session"

#include "config.h"

#include <string.h>

#include "npc-session.h"

struct _NpcSession
{
  GObject    parent_instance;

  GPtrArray *documents; /* NpcDocument*, weak */
};

G_DEFINE_FINAL_TYPE (NpcSession, npc_session, G_TYPE_OBJECT)

void
npc_leftover_free (NpcLeftover *leftover)
{
  if (leftover == NULL)
    return;
  g_clear_object (&leftover->autosave);
  g_clear_object (&leftover->original);
  g_free (leftover);
}

char *
npc_session_dup_autosave_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "npc-pathway", "autosave", NULL);
}

static void
document_gone (gpointer  data,
               GObject  *where_the_object_was)
{
  NpcSession *self = data;

  g_ptr_array_remove (self->documents, where_the_object_was);
}

void
npc_session_add_document (NpcSession  *self,
                          NpcDocument *document)
{
  g_return_if_fail (NPC_IS_SESSION (self));
  g_return_if_fail (NPC_IS_DOCUMENT (document));

  if (g_ptr_array_find (self->documents, document, NULL))
    return;
  g_ptr_array_add (self->documents, document);
  g_object_weak_ref (G_OBJECT (document), document_gone, self);
}

/* Whether an open document is writing this autosave: it is then no crash's leftover. */
static gboolean
autosave_in_use (NpcSession *self,
                 const char *name)
{
  for (guint i = 0; i < self->documents->len; i++)
    {
      const char *id = npc_document_get_autosave_id (self->documents->pdata[i]);

      if (id != NULL && g_str_has_prefix (name, id) && g_str_equal (name + strlen (id), ".json"))
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
npc_session_find_leftovers (NpcSession *self,
                            GFile      *only)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) npc_leftover_free);
  g_autofree char *dir_path = npc_session_dup_autosave_dir ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (NPC_IS_SESSION (self), found);
  g_return_val_if_fail (!only || G_IS_FILE (only), found);

  /* Temporary files of autosaves cut short by a crash go first. */
  npc_file_remove_stale_temps (dir_path);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return found;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *uri_path = NULL;
      g_autofree char *uri = NULL;
      g_autoptr(GFile) original = NULL;
      NpcLeftover *leftover;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.' || autosave_in_use (self, name))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      uri_path = g_strconcat (path, ".uri", NULL);
      if (g_file_get_contents (uri_path, &uri, NULL, NULL) && g_strstrip (uri)[0] != '\0')
        original = g_file_new_for_uri (uri);
      if (only != NULL && (original == NULL || !g_file_equal (original, only)))
        continue;

      leftover = g_new0 (NpcLeftover, 1);
      leftover->autosave = g_file_new_for_path (path);
      leftover->original = g_steal_pointer (&original);
      g_ptr_array_add (found, leftover);
    }
  return found;
}

void
npc_session_discard_leftover (NpcSession *self,
                              GFile      *autosave)
{
  g_autofree char *basename = NULL;
  g_autofree char *uri_name = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) uri_file = NULL;

  g_return_if_fail (NPC_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (autosave));

  basename = g_file_get_basename (autosave);
  uri_name = g_strconcat (basename, ".uri", NULL);
  dir = g_file_get_parent (autosave);
  uri_file = g_file_get_child (dir, uri_name);
  g_file_delete (autosave, NULL, NULL);
  g_file_delete (uri_file, NULL, NULL);
}

static void
npc_session_dispose (GObject *object)
{
  NpcSession *self = NPC_SESSION (object);

  for (guint i = 0; self->documents != NULL && i < self->documents->len; i++)
    g_object_weak_unref (self->documents->pdata[i], document_gone, self);
  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (npc_session_parent_class)->dispose (object);
}

static void
npc_session_class_init (NpcSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = npc_session_dispose;
}

static void
npc_session_init (NpcSession *self)
{
  self->documents = g_ptr_array_new ();
}

NpcSession *
npc_session_new (void)
{
  return g_object_new (NPC_TYPE_SESSION, NULL);
}
