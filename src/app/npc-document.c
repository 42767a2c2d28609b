/* npc-document.c — the case behind a window: its file, its changes, its evaluation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-document"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "npc-document.h"
#include "npc-session.h"

#define AUTOSAVE_DELAY_SECONDS 2

struct _NpcDocument
{
  GObject        parent_instance;

  NpcEngine     *engine;
  NpcCase       *kase;
  GFile         *file;
  NpcEvaluation *evaluation;
  GSignalGroup  *case_signals;

  char          *autosave_id;
  guint          autosave_source;

  guint          modified : 1;
  guint          saving : 1;
};

G_DEFINE_FINAL_TYPE (NpcDocument, npc_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_EVALUATION,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_modified (NpcDocument *self,
              gboolean     modified)
{
  if (self->modified == !!modified)
    return;
  self->modified = !!modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
evaluate (NpcDocument *self)
{
  g_autoptr(NpcEvaluation) evaluation = NULL;

  if (self->kase == NULL)
    return;
  evaluation = npc_engine_evaluate (self->engine, self->kase);
  g_set_object (&self->evaluation, evaluation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION]);
}

/* Autosave */

static GFile *
autosave_file (NpcDocument *self,
               const char  *suffix)
{
  g_autofree char *dir = npc_session_dup_autosave_dir ();
  g_autofree char *name = NULL;

  if (self->autosave_id == NULL)
    self->autosave_id = g_uuid_string_random ();
  name = g_strconcat (self->autosave_id, suffix, NULL);
  return g_file_new_build_filename (dir, name, NULL);
}

static gboolean
autosave_cb (gpointer user_data)
{
  NpcDocument *self = user_data;
  g_autoptr(GFile) data_file = autosave_file (self, ".json");
  g_autoptr(GFile) uri_file = autosave_file (self, ".json.uri");
  g_autoptr(GFile) dir = g_file_get_parent (data_file);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *uri = NULL;
  gsize length = 0;

  self->autosave_source = 0;
  if (!self->modified || self->kase == NULL)
    return G_SOURCE_REMOVE;

  data = npc_case_to_data (self->kase, &length);
  uri = self->file ? g_file_get_uri (self->file) : g_strdup ("");
  /* The same safe write as a save: an autosave cut short keeps the previous autosave. The
   * data goes first, so that a .uri file never names a case that has no autosave yet. */
  if (g_mkdir_with_parents (g_file_peek_path (dir), 0700) != 0 ||
      !npc_file_replace_contents (g_file_peek_path (data_file), data, length, _("the autosave"),
                                  NULL, &error) ||
      !npc_file_replace_contents (g_file_peek_path (uri_file), uri, strlen (uri),
                                  _("the autosave"), NULL, &error))
    g_message ("Autosave failed: %s", error ? error->message : g_strerror (errno));

  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (NpcDocument *self)
{
  if (self->autosave_source == 0)
    self->autosave_source = g_timeout_add_seconds (AUTOSAVE_DELAY_SECONDS, autosave_cb, self);
}

void
npc_document_drop_autosave (NpcDocument *self)
{
  g_autoptr(GFile) data_file = NULL;
  g_autoptr(GFile) uri_file = NULL;

  g_return_if_fail (NPC_IS_DOCUMENT (self));

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->autosave_id == NULL)
    return;

  data_file = autosave_file (self, ".json");
  uri_file = autosave_file (self, ".json.uri");
  g_file_delete (data_file, NULL, NULL);
  g_file_delete (uri_file, NULL, NULL);
}

void
npc_document_adopt_autosave (NpcDocument *self,
                             GFile       *autosave)
{
  g_autofree char *basename = NULL;

  g_return_if_fail (NPC_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (autosave));

  basename = g_file_get_basename (autosave);
  g_return_if_fail (g_str_has_suffix (basename, ".json"));
  npc_document_drop_autosave (self);
  g_free (self->autosave_id);
  self->autosave_id = g_strndup (basename, strlen (basename) - strlen (".json"));
}

const char *
npc_document_get_autosave_id (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  return self->autosave_id;
}

/* Changes */

static void
on_case_changed (NpcDocument *self,
                 const char  *field_id,
                 NpcCase     *kase)
{
  if (!self->saving)
    {
      set_modified (self, TRUE);
      schedule_autosave (self);
    }
  evaluate (self);
}

/* The label, the notes, the patient, the clinician and the board's decision are not fields:
 * they notify as properties, and are edits all the same. */
static void
on_case_meta_changed (NpcDocument *self,
                      GParamSpec  *pspec,
                      NpcCase     *kase)
{
  if (self->saving)
    return;
  set_modified (self, TRUE);
  schedule_autosave (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
npc_document_set_case (NpcDocument *self,
                       NpcCase     *kase,
                       GFile       *file,
                       gboolean     modified)
{
  g_return_if_fail (NPC_IS_DOCUMENT (self));
  g_return_if_fail (NPC_IS_CASE (kase));
  g_return_if_fail (!file || G_IS_FILE (file));

  g_set_object (&self->kase, kase);
  g_signal_group_set_target (self->case_signals, kase);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  set_modified (self, modified);
  evaluate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
npc_document_load_file (NpcDocument  *self,
                        GFile        *file,
                        GError      **error)
{
  g_autoptr(NpcCase) kase = NULL;
  NpcGuideline *guideline;
  const char *case_guideline;

  g_return_val_if_fail (NPC_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  kase = npc_case_new_from_file (file, error);
  if (kase == NULL)
    return FALSE;

  guideline = npc_engine_get_guideline (self->engine);
  case_guideline = npc_case_get_guideline_id (kase);
  if (case_guideline != NULL &&
      g_strcmp0 (case_guideline, npc_guideline_get_id (guideline)) != 0)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   _("%s: the case is for the guideline “%s”, not “%s”"),
                   name, case_guideline, npc_guideline_get_id (guideline));
      return FALSE;
    }

  npc_document_drop_autosave (self);
  npc_document_set_case (self, kase, file, FALSE);
  {
    g_autoptr(GFile) dir = g_file_get_parent (file);

    /* What a killed save left beside the case goes now, not only at the next save. */
    if (dir != NULL && g_file_peek_path (dir) != NULL)
      npc_file_remove_stale_temps (g_file_peek_path (dir));
  }
  return TRUE;
}

gboolean
npc_document_save_to_file (NpcDocument  *self,
                           GFile        *file,
                           char        **notice,
                           GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (NPC_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* Saving stamps the modified time: that is not an edit. */
  self->saving = TRUE;
  ok = npc_case_save_full (self->kase, file, notice, error);
  self->saving = FALSE;
  if (!ok)
    return FALSE;

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  set_modified (self, FALSE);
  npc_document_drop_autosave (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  return TRUE;
}

void
npc_document_discard_changes (NpcDocument *self)
{
  g_return_if_fail (NPC_IS_DOCUMENT (self));
  npc_document_drop_autosave (self);
  set_modified (self, FALSE);
}

/* Accessors */

NpcGuideline *
npc_document_get_guideline (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  return npc_engine_get_guideline (self->engine);
}

NpcCase *
npc_document_get_case (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  return self->kase;
}

GFile *
npc_document_get_file (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  return self->file;
}

gboolean
npc_document_get_modified (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

NpcEvaluation *
npc_document_get_evaluation (NpcDocument *self)
{
  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  return self->evaluation;
}

char *
npc_document_dup_display_name (NpcDocument *self)
{
  const char *label;

  g_return_val_if_fail (NPC_IS_DOCUMENT (self), NULL);
  label = self->kase ? npc_case_get_label (self->kase) : NULL;
  if (self->file != NULL)
    return g_file_get_basename (self->file);
  if (label != NULL && label[0] != '\0')
    return g_strdup (label);
  return g_strdup (_("New Case"));
}

gboolean
npc_document_is_pristine (NpcDocument *self)
{
  guint n = 0;

  g_return_val_if_fail (NPC_IS_DOCUMENT (self), FALSE);
  if (self->file != NULL || self->modified || self->kase == NULL)
    return FALSE;
  npc_case_get_field_ids (self->kase, &n);
  return n == 0;
}

/* GObject */

static void
npc_document_dispose (GObject *object)
{
  NpcDocument *self = NPC_DOCUMENT (object);

  /* A document that goes away unsaved keeps its last autosave; nothing more is written. */
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->case_signals != NULL)
    g_signal_group_set_target (self->case_signals, NULL);
  g_clear_object (&self->case_signals);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->kase);
  g_clear_object (&self->file);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (npc_document_parent_class)->dispose (object);
}

static void
npc_document_finalize (GObject *object)
{
  NpcDocument *self = NPC_DOCUMENT (object);

  g_free (self->autosave_id);

  G_OBJECT_CLASS (npc_document_parent_class)->finalize (object);
}

static void
npc_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NpcDocument *self = NPC_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_EVALUATION:
      g_value_set_object (value, self->evaluation);
      break;
    case PROP_TITLE:
      g_value_take_string (value, npc_document_dup_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_document_class_init (NpcDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = npc_document_dispose;
  object_class->finalize = npc_document_finalize;
  object_class->get_property = npc_document_get_property;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, NPC_TYPE_CASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVALUATION] =
    g_param_spec_object ("evaluation", NULL, NULL, NPC_TYPE_EVALUATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the window's title says: the name, which changes with the file and the label, and
   * whether there are unsaved changes. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
npc_document_init (NpcDocument *self)
{
  self->case_signals = g_signal_group_new (NPC_TYPE_CASE);
  g_signal_group_connect_object (self->case_signals, "changed", G_CALLBACK (on_case_changed),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->case_signals, "notify::label",
                                 G_CALLBACK (on_case_meta_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->case_signals, "notify::notes",
                                 G_CALLBACK (on_case_meta_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->case_signals, "notify::patient",
                                 G_CALLBACK (on_case_meta_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->case_signals, "notify::clinician",
                                 G_CALLBACK (on_case_meta_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->case_signals, "notify::decision",
                                 G_CALLBACK (on_case_meta_changed), self, G_CONNECT_SWAPPED);
}

NpcDocument *
npc_document_new (NpcEngine *engine)
{
  NpcDocument *self;
  g_autoptr(NpcCase) kase = NULL;

  g_return_val_if_fail (NPC_IS_ENGINE (engine), NULL);

  self = g_object_new (NPC_TYPE_DOCUMENT, NULL);
  self->engine = g_object_ref (engine);
  kase = npc_case_new (npc_guideline_get_id (npc_engine_get_guideline (engine)));
  npc_document_set_case (self, kase, NULL, FALSE);
  return self;
}
