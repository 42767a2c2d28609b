/* npc-guideline.c — the guideline model and its lookups
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-guideline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-error.h"
#include "npc-file-util.h"
#include "npc-guideline-private.h"

G_DEFINE_FINAL_TYPE (NpcGuideline, npc_guideline, G_TYPE_OBJECT)

static void
npc_guideline_finalize (GObject *object)
{
  NpcGuideline *self = NPC_GUIDELINE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->refs_by_n, g_hash_table_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->modifiers, g_ptr_array_unref);
  g_clear_pointer (&self->ambiguities, g_ptr_array_unref);
  g_clear_pointer (&self->infos, g_ptr_array_unref);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_pointer (&self->allocations, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->document, g_bytes_unref);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (npc_guideline_parent_class)->finalize (object);
}

static void
npc_guideline_class_init (NpcGuidelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = npc_guideline_finalize;
}

static void
npc_guideline_init (NpcGuideline *self)
{
  self->strings = g_string_chunk_new (16 * 1024);
  self->allocations = g_ptr_array_new_with_free_func (g_free);
  self->sections = g_ptr_array_new ();
  self->fields = g_ptr_array_new ();
  self->rules = g_ptr_array_new ();
  self->nodes = g_ptr_array_new ();
  self->modifiers = g_ptr_array_new ();
  self->ambiguities = g_ptr_array_new ();
  self->infos = g_ptr_array_new ();
  self->evidence = g_ptr_array_new ();
  self->references = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->refs_by_n = g_hash_table_new (NULL, NULL);
}

NpcGuideline *
_npc_guideline_new_empty (void)
{
  return g_object_new (NPC_TYPE_GUIDELINE, NULL);
}

gpointer
_npc_guideline_alloc (NpcGuideline *self,
                      gsize         size)
{
  gpointer p = g_malloc0 (MAX (size, 1));

  g_ptr_array_add (self->allocations, p);
  return p;
}

const char *
_npc_guideline_intern (NpcGuideline *self,
                       const char   *str)
{
  if (str == NULL)
    return NULL;
  return g_string_chunk_insert_const (self->strings, str);
}

NpcGuideline *
npc_guideline_new_from_data (const char  *data,
                             gsize        length,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(NpcGuideline) self = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (display_name == NULL)
    display_name = "<guideline>";

  self = _npc_guideline_new_empty ();
  if (!_npc_guideline_load (self, data, length, display_name, error))
    return NULL;
  self->document = g_bytes_new (data, length);
  self->display_name = g_strdup (display_name);

  return g_steal_pointer (&self);
}

/**
 * npc_guideline_is_translated:
 *
 * Whether the guideline's catalogue gave any of its texts in the user's language.
 */
gboolean
npc_guideline_is_translated (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), FALSE);
  return self->n_translated > 0;
}

/**
 * npc_guideline_get_original:
 *
 * The same document in the language it is written in, for checking a translation against
 * its source: the guideline itself when nothing of it was translated.
 *
 * Returns: (transfer none): the untranslated guideline
 */
NpcGuideline *
npc_guideline_get_original (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);

  if (self->n_translated == 0 || self->document == NULL)
    return self;
  if (self->original == NULL)
    {
      g_autoptr(NpcGuideline) original = _npc_guideline_new_empty ();
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      const char *data = g_bytes_get_data (self->document, &length);

      original->untranslated = TRUE;
      /* the document loaded once already: it loads again */
      if (!_npc_guideline_load (original, data, length, self->display_name, &error))
        {
          g_critical ("%s", error->message);
          return self;
        }
      self->original = g_steal_pointer (&original);
    }
  return self->original;
}

NpcGuideline *
npc_guideline_new_from_file (GFile   *file,
                             GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, "%s: cannot read the guideline: %s", name,
                   local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *path = g_file_get_path (file);

      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, "%s: cannot read the guideline: %s", name,
                   npc_file_describe_not_regular (path, g_file_info_get_file_type (info)));
      return NULL;
    }
  if (g_file_info_get_size (info) > NPC_GUIDELINE_MAX_BYTES)
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_TOO_LARGE,
                   "%s: the guideline is %" G_GOFFSET_FORMAT " bytes; the limit is %d bytes", name,
                   g_file_info_get_size (info), NPC_GUIDELINE_MAX_BYTES);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_set_error (error, NPC_ERROR, NPC_ERROR_IO, "%s: cannot read the guideline: %s", name,
                   local_error->message);
      return NULL;
    }

  return npc_guideline_new_from_data (data, length, name, error);
}

NpcGuideline *
npc_guideline_new_from_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  return npc_guideline_new_from_file (file, error);
}

char *
npc_guideline_default_path (void)
{
  const char *env = g_getenv ("NPC_PATHWAY_GUIDELINE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* The installed one, chosen at build time; an uninstalled build is given its path by its
   * environment (meson devenv, build-aux/dev, the tests), never by the source tree. */
  return g_strdup (NPC_DEFAULT_GUIDELINE);
}

void
npc_bind_text_domains (void)
{
  /* An uninstalled build (build-aux/dev run, meson devenv, the tests) is pointed at the
   * catalogues compiled in its build folder; an installed program reads its prefix's. */
  const char *dir = g_getenv ("NPC_PATHWAY_LOCALEDIR");

  if (dir == NULL || *dir == '\0')
    dir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* the guideline's own text, looked up as the document is read */
  bindtextdomain (GUIDELINE_GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GUIDELINE_GETTEXT_PACKAGE, "UTF-8");
}

const char *
npc_get_translation_language (void)
{
  static char *language = NULL;

  if (g_once_init_enter (&language))
    {
      /* The header of the catalogue gettext really uses, not the environment's wish. */
      const char *header = g_dgettext (GETTEXT_PACKAGE, "");
      const char *line = header != NULL ? strstr (header, "Language: ") : NULL;
      char *found = g_strdup ("");

      if (line != NULL && header[0] != '\0')
        {
          line += strlen ("Language: ");
          g_free (found);
          found = g_strndup (line, strcspn (line, "\n"));
          g_strstrip (found);
        }
      g_once_init_leave (&language, found);
    }
  return language[0] != '\0' ? language : NULL;
}

NpcGuideline *
npc_guideline_new_default (GError **error)
{
  g_autofree char *path = npc_guideline_default_path ();

  return npc_guideline_new_from_path (path, error);
}

const char *
npc_guideline_get_id (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return self->id;
}

const char *
npc_guideline_get_version (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return self->version;
}

const NpcMetadata *
npc_guideline_get_metadata (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return &self->metadata;
}

const NpcNode *
npc_guideline_get_root (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return self->root;
}

const char *
npc_guideline_get_validation_step (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return self->validation_step;
}

const char *
npc_guideline_get_type_rule (NpcGuideline *self)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return self->type_rule;
}

#define DEFINE_ARRAY_GETTER(Type, name, member)                              \
  const Type *const *npc_guideline_get_##name (NpcGuideline *self,           \
                                               guint        *n_out)          \
  {                                                                          \
    g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);                    \
    if (n_out != NULL)                                                       \
      *n_out = self->member->len;                                            \
    return (const Type *const *) self->member->pdata;                        \
  }

DEFINE_ARRAY_GETTER (NpcSection, sections, sections)
DEFINE_ARRAY_GETTER (NpcField, fields, fields)
DEFINE_ARRAY_GETTER (NpcRule, rules, rules)
DEFINE_ARRAY_GETTER (NpcNode, nodes, nodes)
DEFINE_ARRAY_GETTER (NpcModifier, modifiers, modifiers)
DEFINE_ARRAY_GETTER (NpcAmbiguity, ambiguities, ambiguities)
DEFINE_ARRAY_GETTER (NpcInfo, infos, infos)
DEFINE_ARRAY_GETTER (NpcEvidence, evidence, evidence)
DEFINE_ARRAY_GETTER (NpcReference, references, references)

static gpointer
lookup (NpcGuideline  *self,
        const char    *id,
        NpcLookupKind  kind)
{
  NpcLookup *l;

  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  if (id == NULL)
    return NULL;
  l = g_hash_table_lookup (self->by_id, id);
  return l != NULL && l->kind == kind ? l->item : NULL;
}

const NpcField *
npc_guideline_lookup_field (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_FIELD);
}

const NpcNode *
npc_guideline_lookup_node (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_NODE);
}

const NpcModifier *
npc_guideline_lookup_modifier (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_MODIFIER);
}

const NpcAmbiguity *
npc_guideline_lookup_ambiguity (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_AMBIGUITY);
}

const NpcInfo *
npc_guideline_lookup_info (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_INFO);
}

const NpcEvidence *
npc_guideline_lookup_evidence (NpcGuideline *self, const char *id)
{
  return lookup (self, id, NPC_LOOKUP_EVIDENCE);
}

const NpcReference *
npc_guideline_lookup_reference (NpcGuideline *self, guint n)
{
  g_return_val_if_fail (NPC_IS_GUIDELINE (self), NULL);
  return g_hash_table_lookup (self->refs_by_n, GUINT_TO_POINTER (n));
}

guint
npc_node_get_n_children (const NpcNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  switch (node->kind)
    {
    case NPC_NODE_DECISION:
      return node->n_branches;
    case NPC_NODE_REDIRECT:
      return 1;
    case NPC_NODE_OUTCOME:
    default:
      return 0;
    }
}

const NpcNode *
npc_node_get_child (const NpcNode *node,
                    guint          i)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (i < npc_node_get_n_children (node), NULL);

  if (node->kind == NPC_NODE_DECISION)
    return node->branches[i].target;
  return node->target;
}

const char *
npc_field_value_label (const NpcField *field,
                       guint           index)
{
  g_return_val_if_fail (field != NULL, NULL);
  if (index >= field->n_values)
    return NULL;
  return field->values[index].label;
}

int
npc_field_find_value (const NpcField *field,
                      const char     *id)
{
  g_return_val_if_fail (field != NULL, -1);
  if (id == NULL)
    return -1;
  for (guint i = 0; i < field->n_values; i++)
    if (field->values[i].id != NULL && field->values[i].id[0] == id[0] &&
        strcmp (field->values[i].id, id) == 0)
      return (int) i;
  return -1;
}

static const char *const outcome_names[] = {
  [NPC_OUTCOME_RECOMMENDATION] = "RECOMMENDATION",
  [NPC_OUTCOME_EVALUATION_STEP] = "EVALUATION_STEP",
  [NPC_OUTCOME_NO_RECOMMENDATION] = "NO_RECOMMENDATION",
  [NPC_OUTCOME_OUT_OF_SCOPE] = "OUT_OF_SCOPE",
  [NPC_OUTCOME_NOT_COVERED] = "NOT_COVERED",
  [NPC_OUTCOME_NEEDS_INPUT] = "NEEDS_INPUT",
  [NPC_OUTCOME_VALIDATION_ERROR] = "VALIDATION_ERROR",
};

const char *
npc_outcome_type_to_string (NpcOutcomeType type)
{
  if ((guint) type >= G_N_ELEMENTS (outcome_names))
    return NULL;
  return outcome_names[type];
}

const char *
npc_outcome_type_to_label (NpcOutcomeType type)
{
  switch (type)
    {
    case NPC_OUTCOME_RECOMMENDATION: return _("Recommendation");
    case NPC_OUTCOME_EVALUATION_STEP: return _("Evaluation step");
    case NPC_OUTCOME_NO_RECOMMENDATION: return _("No recommendation in the source");
    case NPC_OUTCOME_OUT_OF_SCOPE: return _("Outside the scope of this guideline");
    case NPC_OUTCOME_NOT_COVERED: return _("Not covered by the source");
    case NPC_OUTCOME_NEEDS_INPUT: return _("Needs input");
    case NPC_OUTCOME_VALIDATION_ERROR: return _("Invalid case");
    default: return "";
    }
}

gboolean
npc_outcome_type_from_string (const char     *str,
                              NpcOutcomeType *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (outcome_names[i], str) == 0)
      {
        *out = (NpcOutcomeType) i;
        return TRUE;
      }
  return FALSE;
}

const char *
npc_field_type_to_string (NpcFieldType type)
{
  switch (type)
    {
    case NPC_FIELD_ENUM: return "enum";
    case NPC_FIELD_SET: return "set";
    case NPC_FIELD_BOOLEAN: return "boolean";
    case NPC_FIELD_INTEGER: return "integer";
    case NPC_FIELD_TEXT: return "text";
    case NPC_FIELD_TEXT_LIST: return "text-list";
    default: return NULL;
    }
}

/* The one table of the strengths' words, indexed by NpcStrength. */
static const struct {
  const char *id;
  guint rank;
  const char *label;
  const char *short_label;
} strengths[] = {
  [NPC_STRENGTH_NONE] = { NULL, 0, NULL, NULL },
  [NPC_STRENGTH_SUGGEST] = { "suggest", 1, N_("Suggested"), N_("Suggested") },
  [NPC_STRENGTH_INDICATED] = { "indicated", 1, N_("Indicated"), N_("Indicated") },
  [NPC_STRENGTH_OFFER] = { "offer", 2, N_("Offered"), N_("Offered") },
  [NPC_STRENGTH_OPTION] = { "option", 3, N_("An option"), N_("An option") },
  [NPC_STRENGTH_ALTERNATIVE] = { "alternative", 3, N_("A reasonable alternative"),
                                 N_("Alternative") },
  [NPC_STRENGTH_INVESTIGATIONAL] = { "investigational", 4, N_("Investigational"),
                                     N_("Investigational") },
  [NPC_STRENGTH_EVALUATION_STEP] = { "evaluation_step", 0, N_("Evaluate first"),
                                     N_("Evaluation step") },
  [NPC_STRENGTH_NO_RECOMMENDATION] = { "no_recommendation", 0, N_("No recommendation"),
                                       N_("No recommendation") },
  [NPC_STRENGTH_OUT_OF_SCOPE] = { "out_of_scope", 0, N_("Outside this guideline"),
                                  N_("Out of scope") },
};

NpcStrength
npc_strength_from_string (const char *id)
{
  for (guint i = 1; id != NULL && i < G_N_ELEMENTS (strengths); i++)
    if (g_str_equal (strengths[i].id, id))
      return (NpcStrength) i;
  return NPC_STRENGTH_NONE;
}

const char *
npc_strength_to_string (NpcStrength strength)
{
  return (guint) strength < G_N_ELEMENTS (strengths) ? strengths[strength].id : NULL;
}

guint
npc_strength_get_rank (NpcStrength strength)
{
  return (guint) strength < G_N_ELEMENTS (strengths) ? strengths[strength].rank : 0;
}

const char *
npc_strength_get_label (NpcStrength strength)
{
  if ((guint) strength >= G_N_ELEMENTS (strengths) || strengths[strength].label == NULL)
    return NULL;
  return _(strengths[strength].label);
}

const char *
npc_strength_get_short_label (NpcStrength strength)
{
  if ((guint) strength >= G_N_ELEMENTS (strengths) || strengths[strength].short_label == NULL)
    return NULL;
  return _(strengths[strength].short_label);
}

guint
npc_strength_rank (const char *strength)
{
  return npc_strength_get_rank (npc_strength_from_string (strength));
}

const char *
npc_strength_to_label (const char *strength)
{
  return npc_strength_get_label (npc_strength_from_string (strength));
}

char *
npc_result_dup_hazard_ratio (const NpcResult *result,
                             gboolean         unbroken)
{
  g_return_val_if_fail (result != NULL, NULL);
  if (result->hazard_ratio == NULL)
    return NULL;
  if (result->ci_lower != NULL && result->ci_upper != NULL)
    /* Translators: a hazard ratio, the level and bounds of its confidence interval:
     * "0.47 (95% CI 0.29–0.76)" */
    return g_strdup_printf (_("%s (%s CI %s–%s%s)"), result->hazard_ratio,
                            result->ci_level != NULL ? result->ci_level : "95%",
                            result->ci_lower, unbroken ? "\u2060" : "", result->ci_upper);
  /* Translators: a hazard ratio the source gives without its confidence interval */
  return g_strdup_printf (_("%s (no CI given)"), result->hazard_ratio);
}

static void
add_numbers (GArray      *refs,
             const guint *numbers,
             guint        n)
{
  g_array_append_vals (refs, numbers, n);
}

static void
add_links_numbers (GArray         *refs,
                   const NpcLinks *links,
                   gboolean        deep)
{
  for (guint i = 0; i < links->n_cites; i++)
    add_numbers (refs, links->cites[i].refs, links->cites[i].n_refs);
  if (!deep)
    return;
  for (guint i = 0; i < links->n_evidence; i++)
    add_links_numbers (refs, &links->evidence[i]->links, TRUE);
  for (guint i = 0; i < links->n_infos; i++)
    {
      const NpcInfo *info = links->infos[i];

      for (guint j = 0; j < info->n_parts; j++)
        add_numbers (refs, info->parts[j].refs, info->parts[j].n_refs);
      add_links_numbers (refs, &info->links, FALSE);
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static GArray *
sort_unique (GArray *refs)
{
  guint out = 0;

  g_array_sort (refs, compare_uint);
  for (guint i = 0; i < refs->len; i++)
    if (out == 0 || g_array_index (refs, guint, i) != g_array_index (refs, guint, out - 1))
      g_array_index (refs, guint, out++) = g_array_index (refs, guint, i);
  g_array_set_size (refs, out);
  return refs;
}

GArray *
npc_links_dup_references (const NpcLinks *links)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (links != NULL, refs);
  add_links_numbers (refs, links, FALSE);
  return sort_unique (refs);
}

GArray *
npc_node_dup_references (const NpcNode *node)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (node != NULL, refs);
  add_links_numbers (refs, &node->links, TRUE);
  for (guint i = 0; i < node->n_options; i++)
    add_numbers (refs, node->options[i].refs, node->options[i].n_refs);
  if (node->agents != NULL)
    for (guint i = 0; i < node->agents->n_agents; i++)
      add_links_numbers (refs, &node->agents->agents[i].links, TRUE);
  return sort_unique (refs);
}

char *
npc_reference_dup_citation (const NpcReference *ref)
{
  GString *s;

  g_return_val_if_fail (ref != NULL, NULL);

  /* The citation as the source prints it wins: volume and pages are not printed the same
   * way in every reference ("2022; 40; 36S"). */
  if (ref->citation != NULL && *ref->citation)
    return g_strdup (ref->citation);

  s = g_string_new (NULL);
  if (ref->authors && *ref->authors)
    {
      g_string_append (s, ref->authors);
      /* "et al." already ends the authors. */
      if (!g_str_has_suffix (ref->authors, "."))
        g_string_append_c (s, '.');
      g_string_append_c (s, ' ');
    }
  if (ref->title && *ref->title)
    {
      g_string_append (s, ref->title);
      if (!g_str_has_suffix (ref->title, ".") && !g_str_has_suffix (ref->title, "?"))
        g_string_append_c (s, '.');
      g_string_append_c (s, ' ');
    }
  if (ref->journal && *ref->journal)
    g_string_append (s, ref->journal);
  if (ref->year)
    g_string_append_printf (s, " %u", ref->year);
  if (ref->volume && *ref->volume)
    g_string_append_printf (s, "; %s", ref->volume);
  if (ref->pages && *ref->pages)
    g_string_append_printf (s, ":%s", ref->pages);
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  if (s->len > 0 && s->str[s->len - 1] != '.')
    g_string_append_c (s, '.');
  if (s->len == 0 && ref->citation != NULL)
    g_string_append (s, ref->citation);
  return g_string_free (s, FALSE);
}
