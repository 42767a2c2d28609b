/* npc-decision.c — who the case is about and what the tumour board decided
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meta.patient and meta.decision of a case file, read into plain structs. The objects as read
 * are kept by the case, so members this version does not understand survive a save: the
 * structs are merged back into them (npc_case_set_patient(), npc_case_set_decision()).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-case-private.h"
#include "npc-error.h"

G_DEFINE_BOXED_TYPE (NpcPatient, npc_patient, npc_patient_copy, npc_patient_free)
G_DEFINE_BOXED_TYPE (NpcDecision, npc_decision, npc_decision_copy, npc_decision_free)

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

NpcPatient *
npc_patient_copy (const NpcPatient *patient)
{
  NpcPatient *copy;

  if (patient == NULL)
    return NULL;
  copy = g_new0 (NpcPatient, 1);
  copy->name = g_strdup (patient->name);
  copy->id = g_strdup (patient->id);
  copy->birth_date = g_strdup (patient->birth_date);
  return copy;
}

void
npc_patient_free (NpcPatient *patient)
{
  if (patient == NULL)
    return;
  g_free (patient->name);
  g_free (patient->id);
  g_free (patient->birth_date);
  g_free (patient);
}

gboolean
npc_patient_is_empty (const NpcPatient *patient)
{
  return patient == NULL ||
         (is_blank (patient->name) && is_blank (patient->id) && is_blank (patient->birth_date));
}

NpcDecision *
npc_decision_copy (const NpcDecision *decision)
{
  NpcDecision *copy;

  if (decision == NULL)
    return NULL;
  copy = g_new0 (NpcDecision, 1);
  copy->outcome = g_strdup (decision->outcome);
  copy->treatment = g_strdup (decision->treatment);
  copy->agents = g_strdupv (decision->agents);
  copy->date = g_strdup (decision->date);
  copy->reason = g_strdup (decision->reason);
  return copy;
}

void
npc_decision_free (NpcDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->outcome);
  g_free (decision->treatment);
  g_strfreev (decision->agents);
  g_free (decision->date);
  g_free (decision->reason);
  g_free (decision);
}

gboolean
npc_decision_is_empty (const NpcDecision *decision)
{
  return decision == NULL || (decision->outcome == NULL && is_blank (decision->treatment));
}

/* A calendar date written YYYY-MM-DD, nothing else. */
gboolean
_npc_is_iso_date (const char *text)
{
  int y, m, d, used = 0;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
      text[4] != '-' || text[7] != '-' || !g_ascii_isdigit (text[0]) ||
      !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[8]))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
npc_date_is_valid (const char *text)
{
  return _npc_is_iso_date (text);
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out,
             const char  *where,
             const char  *path,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA, _("%s: “%s.%s” must be a string"), where,
                   path, member);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_date (JsonObject  *object,
           const char  *member,
           char       **out,
           const char  *where,
           const char  *path,
           GError     **error)
{
  if (!read_string (object, member, out, where, path, error))
    return FALSE;
  if (*out != NULL && !_npc_is_iso_date (*out) && g_str_equal (path, "meta.patient"))
    {
      /* The patient's birth date is an identifier: messages go to logs, so it is not repeated. */
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   /* Translators: the second %s is a member such as “meta.patient.birth_date” */
                   _("%s: “%s.%s” must be a date written YYYY-MM-DD"), where, path, member);
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  if (*out != NULL && !_npc_is_iso_date (*out))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                   /* Translators: the second %s is a member such as “meta.decision.date”, the
                    * third the text found there. */
                   _("%s: “%s.%s” must be a date written YYYY-MM-DD, not “%s”"), where, path,
                   member, *out);
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

NpcPatient *
_npc_patient_new_from_json (JsonObject  *object,
                            const char  *where,
                            GError     **error)
{
  g_autoptr(NpcPatient) patient = g_new0 (NpcPatient, 1);

  if (!read_string (object, "name", &patient->name, where, "meta.patient", error) ||
      !read_string (object, "id", &patient->id, where, "meta.patient", error) ||
      !read_date (object, "birth_date", &patient->birth_date, where, "meta.patient", error))
    return NULL;
  return g_steal_pointer (&patient);
}

NpcDecision *
npc_decision_new_from_json (JsonObject  *object,
                            const char  *where,
                            GError     **error)
{
  g_autoptr(NpcDecision) decision = g_new0 (NpcDecision, 1);
  JsonNode *agents;

  g_return_val_if_fail (object != NULL, NULL);

  if (where == NULL)
    where = "<case>";
  {
    JsonNode *onode = json_object_get_member (object, "outcome");

    if (onode != NULL && !JSON_NODE_HOLDS_NULL (onode) &&
        (!JSON_NODE_HOLDS_VALUE (onode) || json_node_get_value_type (onode) != G_TYPE_STRING))
      {
        g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                     _("%s: “meta.decision.outcome” must be an outcome id or null"), where);
        return NULL;
      }
  }
  if (!read_string (object, "outcome", &decision->outcome, where, "meta.decision", error) ||
      !read_string (object, "treatment", &decision->treatment, where, "meta.decision", error) ||
      !read_date (object, "date", &decision->date, where, "meta.decision", error) ||
      !read_string (object, "reason", &decision->reason, where, "meta.decision", error))
    return NULL;

  agents = json_object_get_member (object, "agents");
  if (agents != NULL && !JSON_NODE_HOLDS_NULL (agents))
    {
      JsonArray *a;
      GPtrArray *ids;

      if (!JSON_NODE_HOLDS_ARRAY (agents))
        {
          g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                       _("%s: “meta.decision.agents” must be a list of agent ids"), where);
          return NULL;
        }
      a = json_node_get_array (agents);
      ids = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_ptr_array_free (ids, TRUE);
              g_set_error (error, NPC_ERROR, NPC_ERROR_SCHEMA,
                           _("%s: “meta.decision.agents” must be a list of agent ids"), where);
              return NULL;
            }
          g_ptr_array_add (ids, g_strdup (json_node_get_string (e)));
        }
      g_ptr_array_add (ids, NULL);
      decision->agents = (char **) g_ptr_array_free (ids, FALSE);
    }
  return g_steal_pointer (&decision);
}

gboolean
npc_decision_check (const NpcDecision *decision,
                    NpcGuideline      *guideline,
                    GError           **error)
{
  const NpcNode *node;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), FALSE);

  if (decision == NULL || decision->outcome == NULL)
    return TRUE;
  node = npc_guideline_lookup_node (guideline, decision->outcome);
  if ((node == NULL || node->kind != NPC_NODE_OUTCOME) &&
      npc_guideline_lookup_modifier (guideline, decision->outcome) == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_INTEGRITY,
                   _("meta.decision.outcome “%s” is not an outcome of the guideline “%s”"),
                   decision->outcome, npc_guideline_get_id (guideline));
      return FALSE;
    }
  return TRUE;
}

static void
set_or_remove (JsonObject *object,
               const char *member,
               const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

/* A new object with the members of `old` (nullable). */
static JsonObject *
copy_members (JsonObject *old)
{
  JsonObject *o = json_object_new ();

  if (old != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (old);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (o, l->data, json_node_copy (json_object_get_member (old, l->data)));
    }
  return o;
}

/* The object to save: `old` (the object as read, nullable) with the struct's members put
 * over it, so members not understood stay. */
JsonObject *
_npc_patient_to_json (const NpcPatient *patient,
                      JsonObject       *old)
{
  JsonObject *o = copy_members (old);

  set_or_remove (o, "name", patient->name);
  set_or_remove (o, "id", patient->id);
  set_or_remove (o, "birth_date", patient->birth_date);
  return o;
}

JsonObject *
_npc_decision_to_json (const NpcDecision *decision,
                       JsonObject        *old)
{
  JsonObject *o = copy_members (old);

  /* The outcome is always written: null says "a treatment the guideline does not name". */
  if (decision->outcome != NULL)
    json_object_set_string_member (o, "outcome", decision->outcome);
  else
    json_object_set_null_member (o, "outcome");
  set_or_remove (o, "treatment", decision->treatment);
  if (decision->agents != NULL && decision->agents[0] != NULL)
    {
      JsonArray *a = json_array_new ();

      for (guint i = 0; decision->agents[i] != NULL; i++)
        json_array_add_string_element (a, decision->agents[i]);
      json_object_set_array_member (o, "agents", a);
    }
  else if (json_object_has_member (o, "agents"))
    json_object_remove_member (o, "agents");
  set_or_remove (o, "date", decision->date);
  set_or_remove (o, "reason", decision->reason);
  return o;
}
