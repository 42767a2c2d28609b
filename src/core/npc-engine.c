/* npc-engine.c — guideline + case → evaluation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics are those of DESIGN.md: validation first; at each decision the branches are
 * tried in order and the first true one is taken; an unknown branch before any true one stops
 * the evaluation with the fields that would decide it. Nothing is ever guessed.
 */
#define G_LOG_DOMAIN "npc-engine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-case-private.h"
#include "npc-condition.h"
#include "npc-engine.h"
#include "npc-evaluation-private.h"
#include "npc-scan-private.h"
#include "npc-symbolic.h"
#include "npc-words-private.h"

/* The evidence and references a node, modifier or agent links to, with everything its
 * evidence and info blocks link to in turn: the same for every case, so gathered once. */
typedef struct {
  const NpcEvidence **evidence; /* in the order they are first met */
  guint n_evidence;
  guint64 *refs;                /* bit per reference number */
} Closure;

/* An id's length and its first and last eight bytes (id_words()). */
typedef struct {
  guint64 head;
  guint64 tail;
  gsize len;
} IdWords;

struct _NpcEngine
{
  GObject parent_instance;

  NpcGuideline *guideline;
  guint max_reference;
  /* Per modifier, the nodes of its scope's part of the tree (bit per node index): the
   * subtree under the scope node, not crossing a redirect into another part. */
  guint8 **modifier_parts;
  guint n_modifiers;
  gboolean json_possible_outcomes;
  NpcEvalLayout layout;
  NpcEvalPool *pool;            /* the evaluations' blocks, kept for the next ones */
  /* The fields by id, open addressing: a case's ids are looked up here, not in the
   * guideline's table of every id. */
  const NpcField **field_table;
  IdWords *field_words;         /* the ids' words, beside them */
  IdWords **value_words;        /* by field index: its values' ids' words, or NULL */
  guint field_mask;
  guint n_ref_words;
  GPtrArray *closures;          /* Closure*, owned */
  Closure **outcome_closure;    /* by node index: an outcome's links */
  Closure ***agent_closures;    /* by node index, then agent */
  Closure **modifier_closure;   /* by modifier */
  guint *default_fields;        /* the indices of the fields with a default */
  guint n_default_fields;
  guint *text_fields;           /* the indices of the text and text-list fields */
  guint n_text_fields;
  /* Per validation rule, the fields that must all be known for it to fire (bit per field
   * index), when the guideline has at most 64 fields: a rule on a field the case leaves
   * unknown is passed over without evaluating its condition. */
  guint64 *rule_needs;
  guint serial;                 /* this engine among all of the process, from 1 */
};

G_DEFINE_FINAL_TYPE (NpcEngine, npc_engine, G_TYPE_OBJECT)

static void
npc_engine_finalize (GObject *object)
{
  NpcEngine *self = NPC_ENGINE (object);

  for (guint i = 0; i < self->n_modifiers; i++)
    g_free (self->modifier_parts[i]);
  g_free (self->modifier_parts);
  g_free (self->field_table);
  g_free (self->field_words);
  if (self->value_words != NULL)
    {
      guint n;

      npc_guideline_get_fields (self->guideline, &n);
      for (guint i = 0; i < n; i++)
        g_free (self->value_words[i]);
      g_free (self->value_words);
    }
  g_free (self->default_fields);
  g_free (self->rule_needs);
  g_free (self->text_fields);
  if (self->agent_closures != NULL)
    {
      guint n_nodes;

      npc_guideline_get_nodes (self->guideline, &n_nodes);
      for (guint i = 0; i < n_nodes; i++)
        g_free (self->agent_closures[i]);
    }
  g_free (self->agent_closures);
  g_free (self->outcome_closure);
  g_free (self->modifier_closure);
  g_clear_pointer (&self->closures, g_ptr_array_unref);
  g_clear_pointer (&self->pool, _npc_eval_pool_unref);
  g_clear_object (&self->guideline);
  G_OBJECT_CLASS (npc_engine_parent_class)->finalize (object);
}

static void
npc_engine_class_init (NpcEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = npc_engine_finalize;
}

static void
npc_engine_init (NpcEngine *self)
{
}

static guint
count_atoms (const NpcCondition *c)
{
  guint n = c->n_children > 0 ? 0 : 1;

  for (guint i = 0; i < c->n_children; i++)
    n += count_atoms (c->children[i]);
  return n;
}

/* The most a path from `node` can pass: nodes, branches looked at, and facts (atoms read).
 * The loader refuses cycles; `busy` keeps a bug from recursing forever. */
typedef struct { guint nodes, branches, atoms; gboolean done, busy; } Reach;

static Reach
reach_of (const NpcNode *node,
          Reach         *memo)
{
  Reach *r = &memo[node->index];
  Reach best = { 0 };

  if (r->done || r->busy)
    return *r;
  r->busy = TRUE;
  if (node->kind == NPC_NODE_REDIRECT && node->target != NULL)
    best = reach_of (node->target, memo);
  else if (node->kind == NPC_NODE_DECISION)
    {
      guint atoms = 0;

      for (guint b = 0; b < node->n_branches; b++)
        {
          Reach t = reach_of (node->branches[b].target, memo);

          atoms += count_atoms (node->branches[b].condition);
          best.nodes = MAX (best.nodes, t.nodes);
          best.branches = MAX (best.branches, t.branches);
          best.atoms = MAX (best.atoms, t.atoms);
        }
      best.branches += node->n_branches;
      best.atoms += atoms;
    }
  best.nodes += 1;
  best.done = TRUE;
  best.busy = FALSE;
  *r = best;
  return best;
}

/* Room for an evaluation's arrays: what the guideline allows where that is small, a start
 * elsewhere (an array that needs more grows). */
static void
plan_layout (NpcEngine *self)
{
  NpcGuideline *g = self->guideline;
  NpcEvalLayout *l = &self->layout;
  const NpcNode *const *nodes;
  guint n_nodes, n_evidence, n_ambiguities, max_alternatives = 0, max_agents = 0;
  g_autofree Reach *memo = NULL;
  Reach root;

  nodes = npc_guideline_get_nodes (g, &n_nodes);
  npc_guideline_get_fields (g, &l->n_fields);
  npc_guideline_get_evidence (g, &n_evidence);
  npc_guideline_get_ambiguities (g, &n_ambiguities);
  l->n_nodes = n_nodes;
  l->n_ref_words = self->n_ref_words;
  for (guint i = 0; i < n_nodes; i++)
    {
      max_alternatives = MAX (max_alternatives, nodes[i]->n_alternatives);
      if (nodes[i]->agents != NULL)
        max_agents = MAX (max_agents, nodes[i]->agents->n_agents);
    }
  memo = g_new0 (Reach, MAX (n_nodes, 1));
  root = reach_of (npc_guideline_get_root (g), memo);

  l->path = MIN (root.nodes, 64);
  l->steps = MIN (root.branches, 128);
  l->facts = MIN (root.atoms, 128);
  l->references = MIN (self->max_reference + 1, 256);
  l->evidence = MIN (n_evidence, 32);
  l->flags = MIN (n_ambiguities, 16);
  l->alternatives = MIN (max_alternatives + self->n_modifiers, 16);
  l->modifiers = MIN (self->n_modifiers, 16);
  l->assumptions = 8;
  l->derived = 4;
  l->needs_input = 4;
  l->errors = 2;
  l->owned = 4;
  l->agents = MIN (max_agents, 16);
  l->option_lists = 2;
  _npc_evaluation_layout_finish (l);
}

/* An id's length and its first and last eight bytes (zero-padded when it is shorter): two
 * ids of at most sixteen bytes are the same when these are, and longer ones differ in them
 * but for the rarest cases, which a comparison of the middle settles. */
static inline IdWords
id_words (const char *id,
          gsize       len)
{
  IdWords w = { 0, 0, len };

  if (len >= 8)
    {
      memcpy (&w.head, id, 8);
      memcpy (&w.tail, id + len - 8, 8);
    }
  else
    for (gsize i = 0; i < len; i++)
      w.head |= (guint64) (guchar) id[i] << (8 * i);
  return w;
}

/* The same for text in a line that goes on to `end`: a short id in one masked load. */
static inline G_ALWAYS_INLINE IdWords
id_words_in (const char *id,
             gsize       len,
             const char *end)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (len < 8 && end - id >= 8)
    {
      IdWords w = { 0, 0, len };

      memcpy (&w.head, id, 8);
      w.head &= (G_GUINT64_CONSTANT (1) << (8 * len)) - 1;
      return w;
    }
#endif
  return id_words (id, len);
}

/* Whether `text` with words `w` is the id `id` with words `k`. */
static inline gboolean
id_words_equal (const IdWords *w,
                const char    *text,
                const IdWords *k,
                const char    *id)
{
  if (w->len != k->len || w->head != k->head || w->tail != k->tail)
    return FALSE;
  /* the middle, a word at a time: the tail covers what is left after the last one */
  for (gsize i = 8; i + 8 < w->len; i += 8)
    {
      guint64 a, b;

      memcpy (&a, text + i, 8);
      memcpy (&b, id + i, 8);
      if (a != b)
        return FALSE;
    }
  return TRUE;
}

/* From the words: ids are short, they differ in those, and only the guideline's fields are
 * in the table (a collision only costs a probe). */
static inline guint
id_hash (const IdWords *w)
{
  guint64 h = w->len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  h = (h ^ w->head) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h = (h ^ w->tail) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  return (guint) (h >> 32);
}

static void
build_field_table (NpcEngine *self)
{
  const NpcField *const *fields;
  guint n, size = 8;

  fields = npc_guideline_get_fields (self->guideline, &n);
  while (size < 2 * n + 2)
    size *= 2;
  self->field_mask = size - 1;
  self->field_table = g_new0 (const NpcField *, size);
  self->field_words = g_new0 (IdWords, size);
  self->value_words = g_new0 (IdWords *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      IdWords w = id_words (fields[i]->id, strlen (fields[i]->id));
      guint h = id_hash (&w) & self->field_mask;

      while (self->field_table[h] != NULL)
        h = (h + 1) & self->field_mask;
      self->field_table[h] = fields[i];
      self->field_words[h] = w;
      if (fields[i]->n_values > 0)
        {
          self->value_words[i] = g_new (IdWords, fields[i]->n_values);
          for (guint k = 0; k < fields[i]->n_values; k++)
            self->value_words[i][k] = id_words (fields[i]->values[k].id,
                                                strlen (fields[i]->values[k].id));
        }
    }
}

static inline const NpcField *
find_field_len (NpcEngine  *self,
                const char *id,
                gsize       len,
                const char *end)
{
  IdWords w = id_words_in (id, len, end);
  guint h = id_hash (&w) & self->field_mask;

  for (const NpcField *f; (f = self->field_table[h]) != NULL; h = (h + 1) & self->field_mask)
    if (id_words_equal (&w, id, &self->field_words[h], f->id))
      return f;
  return NULL;
}

static const NpcField *
find_field (NpcEngine  *self,
            const char *id)
{
  gsize len = strlen (id);

  return find_field_len (self, id, len, id + len);
}

/* npc_field_find_value(), the first letter compared before the rest. */
static int
find_value (const NpcField *field,
            const char     *id)
{
  if (id == NULL)
    return -1;
  for (guint i = 0; i < field->n_values; i++)
    if (field->values[i].id[0] == id[0] && strcmp (field->values[i].id, id) == 0)
      return (int) i;
  return -1;
}

static void build_closures (NpcEngine *self);

/* The fields that must all be known for `c` to evaluate to TRUE (`want_true`) or FALSE, bit
 * per field index: Kleene logic gives an atom on an unknown field neither answer (but for
 * "known", which is FALSE then), a conjunction TRUE only when every part is and FALSE when
 * one part is, a disjunction the reverse. Agents-qualify atoms need nothing that shows here. */
static guint64
needed_fields (const NpcCondition *c,
               gboolean            want_true)
{
  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
    case NPC_COND_AGENTS_QUALIFY:
      return 0;
    case NPC_COND_KNOWN:
      return want_true ? G_GUINT64_CONSTANT (1) << c->field->index : 0;
    case NPC_COND_NOT:
      return needed_fields (c->children[0], !want_true);
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      {
        /* every part must give the answer, or only one of them */
        gboolean every = (c->kind == NPC_COND_ALL) == want_true;
        guint64 need = every ? 0 : ~G_GUINT64_CONSTANT (0);

        for (guint i = 0; i < c->n_children; i++)
          {
            guint64 k = needed_fields (c->children[i], want_true);

            need = every ? need | k : need & k;
          }
        return need;
      }
    case NPC_COND_EQUALS:
    case NPC_COND_IN:
    case NPC_COND_CONTAINS:
    case NPC_COND_COMPARE:
    default:
      return G_GUINT64_CONSTANT (1) << c->field->index;
    }
}

NpcEngine *
npc_engine_new (NpcGuideline *guideline)
{
  NpcEngine *self;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);
  self = g_object_new (NPC_TYPE_ENGINE, NULL);
  self->guideline = g_object_ref (guideline);
  self->json_possible_outcomes = TRUE;
  {
    static gint serials;

    /* A case keeps what the last engine read of its values, under this number. */
    self->serial = (guint) g_atomic_int_add (&serials, 1) + 1;
  }
  {
    const NpcField *const *fields;
    guint n;

    fields = npc_guideline_get_fields (guideline, &n);
    self->default_fields = g_new (guint, MAX (n, 1));
    self->text_fields = g_new (guint, MAX (n, 1));
    for (guint i = 0; i < n; i++)
      {
        if (fields[i]->default_value.known)
          self->default_fields[self->n_default_fields++] = i;
        if (fields[i]->type == NPC_FIELD_TEXT || fields[i]->type == NPC_FIELD_TEXT_LIST)
          self->text_fields[self->n_text_fields++] = i;
      }
  }
  {
    const NpcRule *const *rules;
    guint n, n_rules;

    npc_guideline_get_fields (guideline, &n);
    rules = npc_guideline_get_rules (guideline, &n_rules);
    if (n <= 64)
      {
        self->rule_needs = g_new (guint64, MAX (n_rules, 1));
        for (guint i = 0; i < n_rules; i++)
          self->rule_needs[i] = needed_fields (rules[i]->when, TRUE);
      }
  }
  {
    const NpcReference *const *refs;
    guint n;

    refs = npc_guideline_get_references (guideline, &n);
    for (guint i = 0; i < n; i++)
      self->max_reference = MAX (self->max_reference, refs[i]->n);
  }
  {
    const NpcModifier *const *mods = npc_guideline_get_modifiers (guideline, &self->n_modifiers);
    guint n_nodes;

    npc_guideline_get_nodes (guideline, &n_nodes);
    self->modifier_parts = g_new0 (guint8 *, MAX (self->n_modifiers, 1));
    for (guint i = 0; i < self->n_modifiers; i++)
      {
        guint8 *part = g_new0 (guint8, MAX (n_nodes, 1));
        g_autoptr(GPtrArray) stack = g_ptr_array_new ();

        self->modifier_parts[i] = part;
        g_ptr_array_add (stack, (gpointer) mods[i]->scope);
        while (stack->len > 0)
          {
            const NpcNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

            if (part[node->index])
              continue;
            part[node->index] = 1;
            /* A redirect belongs to the part it leaves; what it continues at does not. */
            if (node->kind != NPC_NODE_DECISION)
              continue;
            for (guint b = 0; b < node->n_branches; b++)
              g_ptr_array_add (stack, (gpointer) node->branches[b].target);
          }
      }
  }
  build_closures (self);
  plan_layout (self);
  self->pool = _npc_eval_pool_new (self->layout.block_size);
  build_field_table (self);
  return self;
}

NpcGuideline *
npc_engine_get_guideline (NpcEngine *self)
{
  g_return_val_if_fail (NPC_IS_ENGINE (self), NULL);
  return self->guideline;
}

void
npc_engine_set_json_possible_outcomes (NpcEngine *self,
                                       gboolean   include)
{
  g_return_if_fail (NPC_IS_ENGINE (self));
  self->json_possible_outcomes = !!include;
}

/* ------------------------------------------------------------------------------------------ */

static void
add_flag (NpcEvaluation      *eval,
          const NpcAmbiguity *amb)
{
  if (amb != NULL && !npc_ptr_vec_find (eval->flags, amb))
    npc_ptr_vec_add (eval->flags, (gpointer) amb);
}

static void
add_note_flags (NpcEvaluation        *eval,
                const NpcNote *const *notes,
                guint                 n_notes,
                const NpcEnv         *env)
{
  if (eval->lean)
    return;
  for (guint i = 0; i < n_notes; i++)
    {
      const NpcNote *note = notes[i];

      if (!note->flag)
        continue;
      /* What a condition without defaults reads does not matter: it may stop early. */
      if (note->when != NULL &&
          (note->when->no_defaults ? !npc_condition_holds (note->when, env)
                                   : npc_condition_eval (note->when, env) != NPC_TRI_TRUE))
        continue;
      add_flag (eval, note->ambiguity);
    }
}

typedef struct {
  GPtrArray *evidence;
  guint64 *refs;
  guint max_reference;
} Gather;

static void
gather_reference (Gather *g,
                  guint   n)
{
  if (n <= g->max_reference)
    g->refs[n / 64] |= G_GUINT64_CONSTANT (1) << (n % 64);
}

static void gather_links (Gather *g, const NpcLinks *links);

static void
gather_evidence (Gather            *g,
                 const NpcEvidence *ev)
{
  if (g_ptr_array_find (g->evidence, ev, NULL))
    return;
  g_ptr_array_add (g->evidence, (gpointer) ev);
  gather_links (g, &ev->links);
}

static void
gather_links (Gather         *g,
              const NpcLinks *links)
{
  for (guint i = 0; i < links->n_evidence; i++)
    gather_evidence (g, links->evidence[i]);
  for (guint i = 0; i < links->n_cites; i++)
    for (guint k = 0; k < links->cites[i].n_refs; k++)
      gather_reference (g, links->cites[i].refs[k]);
  for (guint i = 0; i < links->n_infos; i++)
    {
      const NpcInfo *info = links->infos[i];

      for (guint p = 0; p < info->n_parts; p++)
        for (guint k = 0; k < info->parts[p].n_refs; k++)
          gather_reference (g, info->parts[p].refs[k]);
      for (guint k = 0; k < info->links.n_cites; k++)
        for (guint r = 0; r < info->links.cites[k].n_refs; r++)
          gather_reference (g, info->links.cites[k].refs[r]);
      for (guint k = 0; k < info->links.n_evidence; k++)
        gather_evidence (g, info->links.evidence[k]);
    }
}

/* `node` NULL: the links alone; otherwise an outcome's links and its options' references. */
static Closure *
make_closure (NpcEngine      *self,
              const NpcLinks *links,
              const NpcNode  *node)
{
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  g_autofree guint64 *refs = g_new0 (guint64, self->n_ref_words);
  Gather g = { evidence, refs, self->max_reference };
  Closure *c;

  gather_links (&g, links);
  if (node != NULL)
    for (guint i = 0; i < node->n_options; i++)
      for (guint k = 0; k < node->options[i].n_refs; k++)
        gather_reference (&g, node->options[i].refs[k]);
  c = g_malloc (sizeof (Closure) + sizeof (guint64) * self->n_ref_words +
                sizeof (gpointer) * MAX (evidence->len, 1));
  c->refs = (guint64 *) (c + 1);
  c->evidence = (const NpcEvidence **) (c->refs + self->n_ref_words);
  c->n_evidence = evidence->len;
  memcpy (c->refs, refs, sizeof (guint64) * self->n_ref_words);
  if (evidence->len > 0)
    memcpy (c->evidence, evidence->pdata, sizeof (gpointer) * evidence->len);
  g_ptr_array_add (self->closures, c);
  return c;
}

static void
build_closures (NpcEngine *self)
{
  const NpcNode *const *nodes;
  const NpcModifier *const *mods;
  guint n_nodes, n_mods;

  self->n_ref_words = self->max_reference / 64 + 1;
  self->closures = g_ptr_array_new_with_free_func (g_free);
  nodes = npc_guideline_get_nodes (self->guideline, &n_nodes);
  mods = npc_guideline_get_modifiers (self->guideline, &n_mods);
  self->outcome_closure = g_new0 (Closure *, MAX (n_nodes, 1));
  self->agent_closures = g_new0 (Closure **, MAX (n_nodes, 1));
  self->modifier_closure = g_new0 (Closure *, MAX (n_mods, 1));
  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *node = nodes[i];

      if (node->kind != NPC_NODE_OUTCOME)
        continue;
      self->outcome_closure[i] = make_closure (self, &node->links, node);
      if (node->agents != NULL && node->agents->n_agents > 0)
        {
          self->agent_closures[i] = g_new0 (Closure *, node->agents->n_agents);
          for (guint a = 0; a < node->agents->n_agents; a++)
            self->agent_closures[i][a] = make_closure (self, &node->agents->agents[a].links,
                                                       NULL);
        }
    }
  for (guint i = 0; i < n_mods; i++)
    self->modifier_closure[i] = make_closure (self, &mods[i]->links, NULL);
}

/* Adds what a closure links to: evidence not listed yet, in its order, and its references. */
static void
add_closure (NpcEvaluation *eval,
             const Closure *c)
{
  for (guint i = 0; i < c->n_evidence; i++)
    if (!npc_ptr_vec_find (eval->evidence, c->evidence[i]))
      npc_ptr_vec_add (eval->evidence, (gpointer) c->evidence[i]);
  for (guint w = 0; w < eval->n_ref_words; w++)
    eval->ref_bits[w] |= c->refs[w];
}

/* The references in ascending order, from the bitmap. */
static void
list_references (NpcEvaluation *eval)
{
  for (guint w = 0; w < eval->n_ref_words; w++)
    for (guint64 bits = eval->ref_bits[w]; bits != 0; bits &= bits - 1)
      NPC_VEC_APPEND (eval->references, guint, w * 64 + (guint) __builtin_ctzll (bits));
}

static void
set_state (NpcEvaluation *eval,
           const NpcNode *node,
           NpcNodeState   state)
{
  eval->node_states[node->index] = state;
}

/* ------------------------------------------------------------------------------------------ */
/* the case's values, for this guideline                                                       */

static void
add_type_error (NpcPtrVec    *errors,
                NpcGuideline *guideline,
                const char   *field_id,
                char         *message)
{
  NpcValidationError *e = g_new0 (NpcValidationError, 1);

  e->rule = g_strdup (npc_guideline_get_type_rule (guideline));
  e->field = g_strdup (field_id);
  e->message = message;
  npc_ptr_vec_add (errors, e);
}

static void
append_values_list (GString        *s,
                    const NpcField *field)
{
  for (guint i = 0; i < field->n_values; i++)
    {
      if (i > 0)
        g_string_append_len (s, ", ", 2);
      g_string_append (s, field->values[i].id);
    }
}

/* What a value of the wrong type for `field` is told: it depends on the field's type only.
 * The messages are looked up once per locale (a cohort can hold many such values). */
static char *
type_error_message (const NpcField *field)
{
  const char *id = field->id;
  GString *s, *list = NULL;
  const char *format;

  _npc_tr_refresh ();
  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      format = NPC_TR (_("%s must be one of: %s"));
      list = g_string_sized_new (64);
      append_values_list (list, field);
      break;
    case NPC_FIELD_BOOLEAN:
      format = NPC_TR (_("%s must be true or false"));
      break;
    case NPC_FIELD_INTEGER:
      return g_strdup_printf (_("%s must be an integer %lld-%lld"), id, (long long) field->min,
                              (long long) field->max);
    case NPC_FIELD_TEXT:
      format = NPC_TR (_("%s must be text"));
      break;
    case NPC_FIELD_SET:
      format = NPC_TR (_("%s must be a list of: %s"));
      list = g_string_sized_new (64);
      append_values_list (list, field);
      break;
    case NPC_FIELD_TEXT_LIST:
    default:
      format = NPC_TR (_("%s must be a list of text"));
      break;
    }
  s = g_string_sized_new (64);
  _npc_words_append_format (s, format, id, list != NULL ? list->str : NULL);
  if (list != NULL)
    g_string_free (list, TRUE);
  return g_string_free (s, FALSE);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* One value of the case into eval->values. FALSE when it is wrong: with `report`, the error
 * is added under the guideline's type rule; without, nothing is. */
static gboolean
resolve_one (NpcEngine     *self,
             NpcEvaluation *eval,
             const char    *id,
             JsonNode      *node,
             gboolean       report,
             const NpcField **found)
{
  NpcGuideline *guideline = self->guideline;
  NpcValue *values = eval->values;
  NpcPtrVec *errors = eval->errors;
  const NpcField *field = find_field (self, id);
  NpcValue *v;

  *found = field;

  if (field == NULL)
    {
      if (!report)
        return FALSE;
      add_type_error (errors, guideline, id,
                      g_strdup_printf (_("%s is not a field of this guideline"), id));
      return FALSE;
    }
  v = &values[field->index];

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      {
        int idx = is_string (node) ? find_value (field, json_node_get_string (node))
                                   : -1;

        if (idx < 0)
          {
            if (!report)
              return FALSE;
            add_type_error (errors, guideline, id, type_error_message (field));
            return FALSE;
          }
        /* An explicit "not known" answer is unknown to the engine, like an absent one. */
        if (field->values[idx].means_unknown)
          return TRUE;
        v->v.enum_index = (guint) idx;
        break;
      }
    case NPC_FIELD_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          if (!report)
            return FALSE;
          add_type_error (errors, guideline, id, type_error_message (field));
          return FALSE;
        }
      v->v.boolean = json_node_get_boolean (node);
      break;
    case NPC_FIELD_INTEGER:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < field->min || json_node_get_int (node) > field->max)
        {
          if (!report)
            return FALSE;
          add_type_error (errors, guideline, id, type_error_message (field));
          return FALSE;
        }
      v->v.integer = json_node_get_int (node);
      break;
    case NPC_FIELD_TEXT:
      if (!is_string (node))
        {
          if (!report)
            return FALSE;
          add_type_error (errors, guideline, id, type_error_message (field));
          return FALSE;
        }
      v->v.text = json_node_get_string (node);
      break;
    case NPC_FIELD_SET:
    case NPC_FIELD_TEXT_LIST:
      {
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
        guint64 mask = 0;
        gboolean ok = array != NULL;

        for (guint k = 0; ok && k < json_array_get_length (array); k++)
          {
            JsonNode *el = json_array_get_element (array, k);
            int idx;

            if (!is_string (el))
              ok = FALSE;
            else if (field->type == NPC_FIELD_SET)
              {
                idx = find_value (field, json_node_get_string (el));
                ok = idx >= 0;
                if (ok)
                  mask |= G_GUINT64_CONSTANT (1) << idx;
              }
          }
        if (!ok)
          {
            if (!report)
              return FALSE;
            add_type_error (errors, guideline, id, type_error_message (field));
            return FALSE;
          }
        if (field->type == NPC_FIELD_SET)
          v->v.set_mask = mask;
        else
          {
            const char **list = g_new0 (const char *, json_array_get_length (array) + 1);

            for (guint k = 0; k < json_array_get_length (array); k++)
              list[k] = json_array_get_string_element (array, k);
            npc_ptr_vec_add (eval->owned, list);
            v->v.list = list;
          }
        break;
      }
    default:
      return TRUE;
    }
  v->known = TRUE;
  return TRUE;
}

/* Converts the case's values for the guideline into eval->values (indexed by field->index),
 * with an error under the guideline's type rule for every unknown field, wrong type or
 * out-of-range value; values that fail are left unknown. Text points into the case until
 * copy_owned_values(). */
static void
resolve_case (NpcEngine     *self,
              NpcEvaluation *eval,
              NpcCase       *kase)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *const *ids;
  guint n_ids = 0;
  gboolean ok = TRUE;

  memset (eval->values, 0, sizeof (NpcValue) * MAX (self->layout.n_fields, 1));

  /* Every value as the table holds it, read again only where it changed since this engine
   * last read it; the errors, when there are any, in the case's order. */
  _npc_case_lock_entries (kase);
  g_hash_table_iter_init (&iter, _npc_case_get_table (kase));
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      NpcCaseEntry *entry = value;
      const NpcField *field;

      if (entry->engine == self->serial)
        {
          if (entry->value.known)
            eval->values[entry->field] = entry->value;
          continue;
        }
      ok = resolve_one (self, eval, key, entry->node, FALSE, &field);
      /* A list is made for each evaluation: it is not kept. */
      if (ok && field->type != NPC_FIELD_TEXT_LIST)
        {
          entry->engine = self->serial;
          entry->field = field->index;
          entry->value = eval->values[field->index];
        }
    }
  _npc_case_unlock_entries (kase);
  if (ok)
    return;

  memset (eval->values, 0, sizeof (NpcValue) * MAX (self->layout.n_fields, 1));
  ids = npc_case_get_field_ids (kase, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      const NpcField *field;

      resolve_one (self, eval, ids[i], npc_case_get_value (kase, ids[i]), TRUE, &field);
    }
}


static void
copy_owned_values (NpcEngine     *self,
                   NpcEvaluation *eval)
{
  const NpcField *const *fields = eval->fields;

  /* Text values point into the case, which may change after this evaluation: copy them. */
  for (guint k = 0; k < self->n_text_fields; k++)
    {
      guint i = self->text_fields[k];
      NpcValue *v = &eval->values[i];

      if (!v->known)
        continue;
      if (fields[i]->type == NPC_FIELD_TEXT)
        {
          char *copy = g_strdup (v->v.text);

          npc_ptr_vec_add (eval->owned, copy);
          v->v.text = copy;
        }
      else if (fields[i]->type == NPC_FIELD_TEXT_LIST)
        {
          guint len = v->v.list ? g_strv_length ((char **) v->v.list) : 0;
          char **copy = g_new0 (char *, len + 1);

          npc_ptr_vec_add (eval->owned, copy);
          for (guint j = 0; j < len; j++)
            {
              copy[j] = g_strdup (v->v.list[j]);
              npc_ptr_vec_add (eval->owned, copy[j]);
            }
          v->v.list = (const char *const *) copy;
        }
    }
}

static void
validate (NpcEngine     *self,
          NpcEvaluation *eval,
          const NpcEnv  *env,
          guint64        known)
{
  const NpcRule *const *rules;
  guint n_rules;

  rules = npc_guideline_get_rules (self->guideline, &n_rules);
  for (guint i = 0; i < n_rules; i++)
    {
      const NpcRule *rule = rules[i];
      NpcValidationError *e;

      /* Unknown is not a violation: a rule fires only on what the case says. */
      if (self->rule_needs != NULL && (self->rule_needs[i] & ~known) != 0)
        continue;
      if (!npc_condition_holds (rule->when, env))
        continue;
      e = g_new0 (NpcValidationError, 1);
      e->rule = g_strdup (rule->id);
      e->field = g_strdup (rule->field->id);
      e->message = g_strdup (rule->message);
      npc_ptr_vec_add (eval->errors, e);
    }
}

static void
apply_derived (NpcEvaluation *eval,
               const NpcNode *redirect,
               const NpcEnv  *env)
{
  /* All conditions of one redirect read the values as they were on arrival. */
  g_autoptr(GArray) pending = g_array_new (FALSE, TRUE, sizeof (NpcDerived));
  g_autoptr(GPtrArray) unsure = g_ptr_array_new ();

  for (guint i = 0; i < redirect->n_derived; i++)
    {
      const NpcDerivedValue *d = &redirect->derived[i];
      NpcDerived result = { d->field, d->value, redirect };
      NpcTri t = d->when != NULL ? npc_condition_eval (d->when, env) : NPC_TRI_TRUE;

      if (!d->override && eval->values[d->field->index].known)
        continue;
      /* Reached with something unknown (the decision before did not need it): the value is
       * derived only if every answer agrees; otherwise the field is not known. */
      if (t == NPC_TRI_UNKNOWN)
        t = npc_symbolic_decide (eval->guideline, d->when, eval->entered, eval->values,
                                 eval->derived_mask);
      if (t == NPC_TRI_FALSE)
        continue;
      if (t == NPC_TRI_UNKNOWN)
        {
          g_ptr_array_add (unsure, (gpointer) d->field);
          continue;
        }
      g_array_append_val (pending, result);
    }
  for (guint i = 0; i < unsure->len; i++)
    {
      const NpcField *f = unsure->pdata[i];

      eval->values[f->index].known = FALSE;
      eval->sources[f->index] = NPC_SOURCE_NONE;
    }
  for (guint i = 0; i < pending->len; i++)
    {
      const NpcDerived *d = &g_array_index (pending, NpcDerived, i);

      eval->values[d->field->index] = d->value;
      eval->sources[d->field->index] = NPC_SOURCE_DERIVED;
      eval->derived_mask[d->field->index] = TRUE;
      NPC_VEC_APPEND (eval->derived, NpcDerived, *d);
    }
}

/* The known values a condition reads, each field once per step: eval->fact_mark holds, by
 * field index, the step (counted from 1) that last listed it. */
static void
collect_facts (NpcEvaluation      *eval,
               const NpcCondition *c,
               guint               mark)
{
  if (c->compiled)
    {
      for (guint k = 0; k < c->n_fact_slots; k++)
        {
          guint i = c->fact_slots[k];

          if (eval->values[i].known && eval->fact_mark[i] != mark)
            {
              NpcFact fact = { eval->fields[i], eval->values[i],
                               (NpcValueSource) eval->sources[i] };

              eval->fact_mark[i] = mark;
              NPC_VEC_APPEND (eval->facts, NpcFact, fact);
            }
        }
      return;
    }
  if (c->kind == NPC_COND_AGENTS_QUALIFY || c->kind == NPC_COND_ALWAYS)
    return;
  if (c->field != NULL && eval->values[c->field->index].known &&
      eval->fact_mark[c->field->index] != mark)
    {
      NpcFact fact = { c->field, eval->values[c->field->index],
                       (NpcValueSource) eval->sources[c->field->index] };

      eval->fact_mark[c->field->index] = mark;
      NPC_VEC_APPEND (eval->facts, NpcFact, fact);
    }
  for (guint i = 0; i < c->n_children; i++)
    collect_facts (eval, c->children[i], mark);
}

/* Records a step with the values its condition read. The facts go into one array for the
 * whole evaluation; the steps point into it once it stops growing (fix_facts). */
static G_GNUC_NO_INLINE void
add_step_kept (NpcEvaluation   *eval,
               NpcStep         *step,
               NpcStepWords     words,
               const NpcNode   *other,
               const NpcBranch *taken)
{
  guint first = eval->facts->len;
  NpcStepInfo info = { first, eval->values_gen, words, other, taken };

  if (step->state != NPC_BRANCH_PREEMPTED)
    {
      collect_facts (eval, step->branch->condition, eval->explanation->len + 1);
      step->n_facts = eval->facts->len - first;
      NPC_VEC_APPEND (eval->steps, NpcStep, *step);
    }
  NPC_VEC_APPEND (eval->explanation, NpcStep, *step);
  NPC_VEC_APPEND (eval->step_info, NpcStepInfo, info);
  if (words != NPC_STEP_WORDS_DONE)
    eval->words_pending = TRUE;
}

/* The same where a lean evaluation keeps no steps: at once. */
static inline G_ALWAYS_INLINE void
add_step (NpcEvaluation   *eval,
          NpcStep         *step,
          NpcStepWords     words,
          const NpcNode   *other,
          const NpcBranch *taken)
{
  if (!eval->lean)
    add_step_kept (eval, step, words, other, taken);
}

/* Before a redirect changes the values: keeps those the steps so far read, when some of
 * their words are still to be written. */
static void
keep_values (NpcEvaluation *eval,
             guint          n_fields)
{
  gboolean needed = FALSE;

  if (eval->lean)
    return;
  for (guint i = eval->step_info->len; i > 0 && !needed; i--)
    {
      const NpcStepInfo *info = &g_array_index (eval->step_info, NpcStepInfo, i - 1);

      if (info->gen != eval->values_gen)
        break;
      needed = info->words == NPC_STEP_WORDS_EXPLAIN || info->words == NPC_STEP_WORDS_EXPLAIN_SOLE;
    }
  if (!needed)
    return;
  if (eval->snapshots == NULL)
    eval->snapshots = g_ptr_array_new_with_free_func (g_free);
  while (eval->snapshots->len <= eval->values_gen)
    g_ptr_array_add (eval->snapshots, NULL);
  eval->snapshots->pdata[eval->values_gen] = g_memdup2 (eval->values,
                                                        sizeof (NpcValue) * MAX (n_fields, 1));
}

static void
fix_facts (NpcEvaluation *eval)
{
  guint k = 0;

  for (guint i = 0; i < eval->explanation->len; i++)
    {
      NpcStep *step = &g_array_index (eval->explanation, NpcStep, i);
      guint first = g_array_index (eval->step_info, NpcStepInfo, i).first_fact;

      step->facts = step->n_facts > 0 ? &g_array_index (eval->facts, NpcFact, first) : NULL;
      if (step->state != NPC_BRANCH_PREEMPTED)
        g_array_index (eval->steps, NpcStep, k++).facts = step->facts;
    }
}

static void
collect_assumptions (NpcEngine     *self,
                     NpcEvaluation *eval)
{
  const NpcField *const *fields;
  guint n_fields;

  if (eval->lean)
    return;
  /* Only a field with a default can have been assumed: they are listed, in field order. */
  fields = npc_guideline_get_fields (eval->guideline, &n_fields);
  for (guint k = 0; k < self->n_default_fields; k++)
    {
      guint i = self->default_fields[k];

      if (!eval->read[i] || eval->sources[i] != NPC_SOURCE_DEFAULT)
        continue;
      {
        NpcAssumption a = { fields[i], eval->values[i], NPC_SOURCE_DEFAULT, NULL };

        NPC_VEC_APPEND (eval->assumptions, NpcAssumption, a);
      }
    }
  for (guint i = 0; i < eval->derived->len; i++)
    {
      const NpcDerived *d = &g_array_index (eval->derived, NpcDerived, i);
      NpcAssumption a = { d->field, d->value, NPC_SOURCE_DERIVED, d->by };

      NPC_VEC_APPEND (eval->assumptions, NpcAssumption, a);
    }
}

static void
finish_outcome (NpcEngine     *self,
                NpcEvaluation *eval,
                const NpcEnv  *env)
{
  const NpcNode *primary = eval->primary;
  const NpcModifier *const *modifiers;
  guint n_modifiers;

  set_state (eval, primary, NPC_NODE_STATE_PRIMARY);
  if (!eval->lean)
    add_closure (eval, self->outcome_closure[primary->index]);

  for (guint i = 0; i < primary->n_alternatives; i++)
    {
      const NpcAlternative *alt = &primary->alternatives[i];
      NpcEvalAlternative a = { alt->node, NULL };

      if (alt->when != NULL && npc_condition_eval (alt->when, env) != NPC_TRI_TRUE)
        continue;
      NPC_VEC_APPEND (eval->alternatives, NpcEvalAlternative, a);
      if (eval->node_states[alt->node->index] != NPC_NODE_STATE_PRIMARY)
        set_state (eval, alt->node, NPC_NODE_STATE_ALTERNATIVE);
      if (!eval->lean)
        add_closure (eval, self->outcome_closure[alt->node->index]);
    }

  modifiers = npc_guideline_get_modifiers (eval->guideline, &n_modifiers);
  for (guint i = 0; i < n_modifiers; i++)
    {
      const NpcModifier *mod = modifiers[i];
      NpcEvalAlternative a = { NULL, mod };

      /* A modifier speaks for the part of the tree the outcome is in, not for every part
       * the path passed through on its way there. */
      if (!self->modifier_parts[i][primary->index])
        continue;
      npc_ptr_vec_add (eval->modifiers, (gpointer) mod);
      if (mod->when != NULL && npc_condition_eval (mod->when, env) != NPC_TRI_TRUE)
        continue;
      NPC_VEC_APPEND (eval->alternatives, NpcEvalAlternative, a);
      if (!eval->lean)
        add_closure (eval, self->modifier_closure[i]);
    }
  if (eval->lean)
    return;

  /* The primary's own agents; or, when the path was decided by whether another outcome's
   * agents qualify (none did), those agents, so every exclusion is shown with its reason. */
  eval->agents_of = primary->agents != NULL ? primary : eval->agents_source;
  _npc_evaluation_judge_agents_flags (eval, eval->agents_of, eval->agents);
  if (eval->agents->len > 0)
    eval->words_pending = TRUE;
  for (guint i = 0; i < eval->agents->len; i++)
    {
      const NpcEvalAgent *a = &g_array_index (eval->agents, NpcEvalAgent, i);

      if (!a->excluded)
        add_closure (eval, self->agent_closures[eval->agents_of->index][i]);
    }

  list_references (eval);
}

static const NpcNode *
find_agents_qualify (const NpcCondition *c)
{
  if (c->kind == NPC_COND_AGENTS_QUALIFY)
    return c->outcome;
  for (guint i = 0; i < c->n_children; i++)
    {
      const NpcNode *found = find_agents_qualify (c->children[i]);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static NpcEvaluation *evaluate_values (NpcEngine *self, NpcEvaluation *eval);

/* A batch line read straight into eval->values: a flat object of field values, every
 * value plain and of its field's type. FALSE for anything else (escapes, bytes outside
 * ASCII, a key that is not a field or comes twice, a wrong type, a number out of range),
 * which the case reader and resolve_case() then read and report as they do. */
typedef struct {
  const char *p;
  const char *end;
} Line;

static inline void
line_ws (Line *l)
{
  l->p = _npc_scan_ws (l->p, l->end);
}

/* A string of printable ASCII without escapes; its text in [*start, *start + *len). */
static inline G_ALWAYS_INLINE gboolean
line_string (Line        *l,
             const char **start,
             gsize       *len)
{
  if (l->p >= l->end || *l->p != '"')
    return FALSE;
  *start = ++l->p;
  /* printable ASCII but for the quote and the backslash, to the closing quote */
  l->p = _npc_scan_plain (l->p, l->end);
  if (l->p >= l->end || *l->p != '"')
    return FALSE;
  *len = (gsize) (l->p++ - *start);
  return TRUE;
}

static inline G_ALWAYS_INLINE gboolean
line_word (Line       *l,
           const char *word,
           gsize       len)
{
  if ((gsize) (l->end - l->p) < len || *l->p != word[0] || memcmp (l->p, word, len) != 0)
    return FALSE;
  l->p += len;
  return TRUE;
}

/* An integer as the case reader takes it: no fraction, exponent or leading zero. */
static gboolean
line_integer (Line   *l,
              gint64 *out)
{
  const char *start = l->p;
  char buf[24];

  if (l->p < l->end && *l->p == '-')
    l->p++;
  while (l->p < l->end && g_ascii_isdigit (*l->p))
    l->p++;
  if ((l->p < l->end && (*l->p == '.' || *l->p == 'e' || *l->p == 'E')) ||
      l->p - start >= (int) sizeof buf || l->p == start ||
      (start[0] == '-' && l->p == start + 1) ||
      (start[start[0] == '-'] == '0' && l->p - start > 1 + (start[0] == '-')))
    return FALSE;
  /* up to 18 digits cannot overflow: read at once */
  if (l->p - start - (start[0] == '-') <= 18)
    {
      gint64 v = 0;

      for (const char *d = start + (start[0] == '-'); d < l->p; d++)
        v = v * 10 + (*d - '0');
      *out = start[0] == '-' ? -v : v;
      return TRUE;
    }
  memcpy (buf, start, l->p - start);
  buf[l->p - start] = '\0';
  return g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, out, NULL);
}

/* An enum value's index, or -1. */
static inline int
line_value_index (NpcEngine      *self,
                  const NpcField *field,
                  const char     *text,
                  gsize           len,
                  const char     *end)
{
  const IdWords *words = self->value_words[field->index];
  IdWords w = id_words_in (text, len, end);

  for (guint i = 0; i < field->n_values; i++)
    if (id_words_equal (&w, text, &words[i], field->values[i].id))
      return (int) i;
  return -1;
}

/* Skips a value the flat case reader takes (npc-case-line.c), of whatever type: a plain
 * string, true or false, an integer it reads, a list of plain strings. FALSE for anything
 * else, which is then the case reader's to read and report. */
static gboolean
line_skip_value (Line *l)
{
  const char *text;
  gsize len;
  gint64 integer;

  if (l->p >= l->end)
    return FALSE;
  switch (*l->p)
    {
    case '"':
      return line_string (l, &text, &len);
    case 't':
      return line_word (l, "true", 4);
    case 'f':
      return line_word (l, "false", 5);
    case '[':
      l->p++;
      line_ws (l);
      if (l->p < l->end && *l->p == ']')
        {
          l->p++;
          return TRUE;
        }
      for (;;)
        {
          line_ws (l);
          if (!line_string (l, &text, &len))
            return FALSE;
          line_ws (l);
          if (l->p < l->end && *l->p == ',')
            l->p++;
          else if (l->p < l->end && *l->p == ']')
            {
              l->p++;
              return TRUE;
            }
          else
            return FALSE;
        }
    default:
      return line_integer (l, &integer);
    }
}

typedef enum {
  LINE_READ,        /* into the value */
  LINE_WRONG_TYPE,  /* read, of a type the field does not take */
  LINE_REFUSED,     /* the case reader's to read */
} LineValue;

/* A field's value, known or null, into *v (zeroed). */
static LineValue
line_value (NpcEngine      *self,
            NpcEvaluation  *eval,
            Line           *l,
            const NpcField *field,
            NpcValue       *v)
{
  const char *text;
  gsize len;

  if (line_word (l, "null", 4))
    return LINE_READ; /* unknown, as if absent */
  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      {
        int idx;

        if (!line_string (l, &text, &len) ||
            (idx = line_value_index (self, field, text, len, l->end)) < 0)
          return LINE_WRONG_TYPE;
        /* An explicit "not known" answer is unknown, like an absent one. */
        if (!field->values[idx].means_unknown)
          {
            v->v.enum_index = (guint) idx;
            v->known = TRUE;
          }
        break;
      }
    case NPC_FIELD_BOOLEAN:
      if (line_word (l, "true", 4))
        v->v.boolean = TRUE;
      else if (line_word (l, "false", 5))
        v->v.boolean = FALSE;
      else
        return LINE_WRONG_TYPE;
      v->known = TRUE;
      break;
    case NPC_FIELD_INTEGER:
      if (!line_integer (l, &v->v.integer) ||
          v->v.integer < field->min || v->v.integer > field->max)
        return LINE_WRONG_TYPE;
      v->known = TRUE;
      break;
    case NPC_FIELD_TEXT:
      {
        char *copy;

        if (!line_string (l, &text, &len))
          return LINE_WRONG_TYPE;
        copy = g_strndup (text, len);
        npc_ptr_vec_add (eval->owned, copy);
        v->v.text = copy;
        v->known = TRUE;
        break;
      }
    case NPC_FIELD_SET:
    case NPC_FIELD_TEXT_LIST:
      {
        GPtrArray *list = field->type == NPC_FIELD_TEXT_LIST ? g_ptr_array_new () : NULL;
        guint64 mask = 0;
        gboolean ok = TRUE;

        if (l->p >= l->end || *l->p++ != '[')
          ok = FALSE;
        line_ws (l);
        if (ok && l->p < l->end && *l->p == ']')
          l->p++;
        else
          while (ok)
            {
              line_ws (l);
              if (!line_string (l, &text, &len))
                ok = FALSE;
              else if (list == NULL)
                {
                  int idx = line_value_index (self, field, text, len, l->end);

                  if (idx < 0)
                    ok = FALSE;
                  else
                    mask |= G_GUINT64_CONSTANT (1) << idx;
                }
              else
                {
                  char *copy = g_strndup (text, len);

                  npc_ptr_vec_add (eval->owned, copy);
                  g_ptr_array_add (list, copy);
                }
              line_ws (l);
              if (ok && l->p < l->end && *l->p == ',')
                l->p++;
              else if (ok && l->p < l->end && *l->p == ']')
                {
                  l->p++;
                  break;
                }
              else
                ok = FALSE;
            }
        if (!ok)
          {
            if (list != NULL)
              g_ptr_array_unref (list);
            return LINE_WRONG_TYPE;
          }
        if (list == NULL)
          v->v.set_mask = mask;
        else
          {
            gpointer *strv;

            g_ptr_array_add (list, NULL);
            strv = g_ptr_array_free (list, FALSE);
            npc_ptr_vec_add (eval->owned, strv);
            v->v.list = (const char *const *) strv;
          }
        v->known = TRUE;
        break;
      }
    default:
      return LINE_REFUSED;
    }
  return LINE_READ;
}

static gboolean
resolve_object (NpcEngine     *self,
                NpcEvaluation *eval,
                const char    *data,
                gsize          length,
                gsize         *consumed)
{
  Line l = { data, data + length };
  guint8 seen[512];
  guint n_fields = self->layout.n_fields;

  /* (which also keeps a field's index within the guint16 of known_fields) */
  if (n_fields > sizeof seen)
    return FALSE;
  memset (seen, 0, n_fields);
  memset (eval->values, 0, sizeof (NpcValue) * MAX (n_fields, 1));
  eval->n_known_fields = 0;
  eval->known_listed = TRUE;

  line_ws (&l);
  if (l.p >= l.end || *l.p++ != '{')
    return FALSE;
  line_ws (&l);
  if (l.p < l.end && *l.p == '}')
    l.p++;
  else
    for (;;)
      {
        const char *key, *value_start;
        gsize key_len;
        const NpcField *field;
        NpcValue *v;

        line_ws (&l);
        if (!line_string (&l, &key, &key_len) || key_len >= 128)
          return FALSE;
        /* whole case objects are the case reader's */
        if ((key_len == 6 && memcmp (key, "format", 6) == 0) ||
            (key_len == 6 && memcmp (key, "fields", 6) == 0))
          return FALSE;
        field = find_field_len (self, key, key_len, l.end);
        if (field == NULL || seen[field->index])
          return FALSE;
        seen[field->index] = 1;
        v = &eval->values[field->index];
        line_ws (&l);
        if (l.p >= l.end || *l.p++ != ':')
          return FALSE;
        line_ws (&l);
        value_start = l.p;

        switch (line_value (self, eval, &l, field, v))
          {
          case LINE_READ:
            if (v->known)
              eval->known_fields[eval->n_known_fields++] = (guint16) field->index;
            break;
          case LINE_WRONG_TYPE:
            /* A value the case reader reads but the field does not take: reported under the
             * guideline's type rule as resolve_one() does, in the line's order, and left
             * unknown. */
            l.p = value_start;
            if (!line_skip_value (&l))
              return FALSE;
            memset (v, 0, sizeof *v);
            add_type_error (eval->errors, self->guideline, field->id,
                            type_error_message (field));
            break;
          case LINE_REFUSED:
          default:
            return FALSE;
          }

        line_ws (&l);
        if (l.p < l.end && *l.p == ',')
          {
            l.p++;
            continue;
          }
        if (l.p < l.end && *l.p == '}')
          {
            l.p++;
            break;
          }
        return FALSE;
      }
  *consumed = (gsize) (l.p - data);
  return TRUE;
}

static gboolean
resolve_line (NpcEngine     *self,
              NpcEvaluation *eval,
              const char    *data,
              gsize          length)
{
  gsize consumed;

  if (!resolve_object (self, eval, data, length, &consumed))
    return FALSE;
  {
    Line l = { data + consumed, data + length };

    line_ws (&l);
    return l.p == l.end;
  }
}

NpcEvaluation *
npc_engine_evaluate (NpcEngine *self,
                     NpcCase   *kase)
{
  NpcEvaluation *eval;

  g_return_val_if_fail (NPC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (NPC_IS_CASE (kase), NULL);

  eval = _npc_evaluation_new (self->guideline, &self->layout, self->pool);
  eval->json_possible_outcomes = self->json_possible_outcomes;
  resolve_case (self, eval, kase);
  copy_owned_values (self, eval);
  return evaluate_values (self, eval);
}

NpcEvaluation *
npc_engine_evaluate_flat_line (NpcEngine  *self,
                               const char *data,
                               gsize       length)
{
  NpcEvaluation *eval;

  g_return_val_if_fail (NPC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (length > NPC_CASE_MAX_BYTES)
    return NULL;
  eval = _npc_evaluation_new (self->guideline, &self->layout, self->pool);
  eval->json_possible_outcomes = self->json_possible_outcomes;
  /* Text it keeps is copied as it is read. */
  if (!resolve_line (self, eval, data, length))
    {
      g_object_unref (eval);
      return NULL;
    }
  return evaluate_values (self, eval);
}

NpcEvaluation *
_npc_engine_lean_begin (NpcEngine      *self,
                        NpcEvaluation **spare)
{
  NpcEvaluation *eval = g_steal_pointer (spare);

  if (eval != NULL)
    _npc_evaluation_reset (eval, &self->layout);
  else
    eval = _npc_evaluation_new (self->guideline, &self->layout, self->pool);
  eval->lean = TRUE;
  eval->json_possible_outcomes = FALSE;
  return eval;
}

gboolean
_npc_engine_lean_read (NpcEngine     *self,
                       NpcEvaluation *eval,
                       const char    *data,
                       gsize          length,
                       gsize         *consumed)
{
  if (length > NPC_CASE_MAX_BYTES)
    return FALSE;
  return resolve_object (self, eval, data, length, consumed);
}

void
_npc_engine_lean_finish (NpcEngine     *self,
                         NpcEvaluation *eval)
{
  evaluate_values (self, eval);
}

/* The evaluation proper, once eval->values holds the case's values. */
static NpcEvaluation *
evaluate_values (NpcEngine     *self,
                 NpcEvaluation *eval)
{
  NpcGuideline *g = self->guideline;
  const NpcField *const *fields;
  guint n_fields, n_nodes;
  const NpcNode *node;
  guint guard = 0;
  NpcEnv env;
  /* the fields known once the defaults are in, for the rules (used only with 64 or fewer) */
  guint64 known = 0;

  _npc_evaluation_env (eval, &env);
  fields = npc_guideline_get_fields (g, &n_fields);
  npc_guideline_get_nodes (g, &n_nodes);

  /* Defaults only where absence has a meaning the guideline states. */
  /* Without a branch: which values are known follows no pattern. */
  if (eval->known_listed)
    {
      /* Read straight: the fields it holds are listed, and the tables are as new (zero:
       * NPC_SOURCE_NONE, not entered). */
      G_STATIC_ASSERT (NPC_SOURCE_NONE == 0);
      for (guint k = 0; k < eval->n_known_fields; k++)
        {
          guint i = eval->known_fields[k];

          eval->sources[i] = NPC_SOURCE_ENTERED;
          eval->was_entered[i] = TRUE;
          known |= G_GUINT64_CONSTANT (1) << (i & 63);
        }
    }
  else
    for (guint i = 0; i < n_fields; i++)
      {
        gboolean is_known = eval->values[i].known != FALSE;

        eval->sources[i] = is_known ? NPC_SOURCE_ENTERED : NPC_SOURCE_NONE;
        eval->was_entered[i] = is_known;
        known |= (guint64) is_known << (i & 63);
      }
  for (guint k = 0; k < self->n_default_fields; k++)
    {
      guint i = self->default_fields[k];

      if (!eval->values[i].known)
        {
          eval->values[i] = fields[i]->default_value;
          eval->sources[i] = NPC_SOURCE_DEFAULT;
          known |= G_GUINT64_CONSTANT (1) << (i & 63);
        }
    }
  memcpy (eval->entered, eval->values, sizeof (NpcValue) * n_fields);

  validate (self, eval, &env, known);
  if (eval->errors->len > 0)
    {
      eval->outcome = NPC_OUTCOME_VALIDATION_ERROR;
      return eval;
    }
  /* From here on, what is read is what the outcome rests on. */
  eval->tracking = !eval->lean;
  _npc_evaluation_env (eval, &env);

  node = npc_guideline_get_root (g);
  while (node != NULL)
    {
      /* The loader refuses cycles; the guard keeps a bug from looping forever. */
      if (++guard > n_nodes + 1)
        {
          g_critical ("evaluation passed more nodes than the guideline has");
          eval->outcome = NPC_OUTCOME_NOT_COVERED;
          break;
        }

      npc_ptr_vec_add (eval->path, (gpointer) node);
      set_state (eval, node, NPC_NODE_STATE_ON_PATH);
      add_note_flags (eval, node->links.notes, node->links.n_notes, &env);

      if (node->kind == NPC_NODE_OUTCOME)
        {
          eval->primary = node;
          eval->outcome = node->type;
          finish_outcome (self, eval, &env);
          collect_assumptions (self, eval);
          break;
        }

      if (node->kind == NPC_NODE_REDIRECT)
        {
          keep_values (eval, n_fields);
          apply_derived (eval, node, &env);
          eval->values_gen++;
          /* "Can be offered": what follows is at most as strong as the redirect allows. */
          if (npc_strength_rank (node->strength) > 0 &&
              (eval->strength_limit == NULL ||
               npc_strength_rank (node->strength) > npc_strength_rank (eval->strength_limit->strength)))
            eval->strength_limit = node;
          node = node->target;
          continue;
        }

      {
        const NpcNode *next = NULL;
        const NpcNode *sole = NULL;
        const NpcBranch *taken = NULL;
        g_autoptr(NpcSymbolicAnswers) answers = NULL;

        for (guint b = 0; b < node->n_branches; b++)
          {
            const NpcBranch *branch = &node->branches[b];
            NpcStep step = { node, branch, NPC_BRANCH_NOT_LOOKED_AT, NULL, NULL, 0 };
            NpcTri t;

            if (taken != NULL)
              {
                step.state = NPC_BRANCH_PREEMPTED;
                add_step (eval, &step, NPC_STEP_WORDS_AFTER_TAKEN, NULL, taken);
                continue;
              }

            t = npc_condition_eval (branch->condition, &env);
            if (t == NPC_TRI_UNKNOWN && sole == NULL)
              {
                /* Ask only what matters: when every answer leads to the same place, go on. */
                answers = npc_symbolic_answers_new (g, node, eval->entered, eval->values,
                                                    eval->derived_mask);
                sole = npc_symbolic_answers_sole (answers);
              }

            if (t == NPC_TRI_TRUE)
              {
                const NpcNode *source = find_agents_qualify (branch->condition);

                if (sole != NULL && branch->target != sole)
                  {
                    /* No answer to the branches before reaches it: they all lead on. */
                    step.state = NPC_BRANCH_PREEMPTED;
                    add_step (eval, &step, NPC_STEP_WORDS_SOLE, sole, NULL);
                    continue;
                  }
                if (source != NULL)
                  eval->agents_source = source;
                step.state = NPC_BRANCH_TAKEN;
                next = branch->target;
                taken = branch;
                if (branch->condition->kind == NPC_COND_ALWAYS)
                  add_step (eval, &step, NPC_STEP_WORDS_OTHERWISE, NULL, NULL);
                else
                  {
                    step.reason = branch->text;
                    add_step (eval, &step, NPC_STEP_WORDS_DONE, NULL, NULL);
                  }
              }
            else if (t == NPC_TRI_FALSE)
              {
                step.state = NPC_BRANCH_EXCLUDED;
                /* The reason is written when it is asked for; what it reads counts now
                 * (for the assumptions: only defaults matter). */
                if (!branch->condition->no_defaults && !eval->lean)
                  npc_condition_visit_explained (branch->condition, &env);
                if (eval->node_states[branch->target->index] == NPC_NODE_STATE_NOT_REACHED)
                  set_state (eval, branch->target, NPC_NODE_STATE_EXCLUDED);
                add_step (eval, &step, NPC_STEP_WORDS_EXPLAIN, NULL, NULL);
              }
            else
              {
                if (!branch->condition->no_defaults && !eval->lean)
                  npc_condition_visit_explained (branch->condition, &env);
                step.state = NPC_BRANCH_UNDETERMINED;
                if (sole == NULL)
                  {
                    g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
                    g_autoptr(GPtrArray) matter = NULL;

                    /* Of the fields that would decide this branch, name those whose answer
                     * can change where the case goes next. */
                    npc_condition_collect_unknown (branch->condition, &env, unknown);
                    /* from the walk that found no sole next node */
                    matter = npc_symbolic_answers_fields_that_matter (
                      answers, (const NpcField *const *) unknown->pdata, unknown->len);
                    {
                      GPtrArray *add = matter->len == 0 ? unknown : matter;

                      for (guint i = 0; i < add->len; i++)
                        npc_ptr_vec_add (eval->needs_input, add->pdata[i]);
                    }
                  }
                if (eval->node_states[branch->target->index] == NPC_NODE_STATE_NOT_REACHED ||
                    eval->node_states[branch->target->index] == NPC_NODE_STATE_EXCLUDED)
                  if (branch->target != sole)
                    set_state (eval, branch->target, NPC_NODE_STATE_UNDETERMINED);
                add_step (eval, &step, sole == NULL ? NPC_STEP_WORDS_EXPLAIN
                                                    : NPC_STEP_WORDS_EXPLAIN_SOLE, sole, NULL);
              }

            if (t == NPC_TRI_UNKNOWN && sole == NULL)
              break;
          }
        if (next == NULL && sole != NULL)
          next = sole;

        if (next != NULL)
          {
            /* The branches after the taken one are not looked at, but the diagram shows
             * them as not taken: an earlier branch applied. */
            for (guint b = 0; b < node->n_branches; b++)
              {
                const NpcNode *t = node->branches[b].target;

                if (t != next && eval->node_states[t->index] == NPC_NODE_STATE_NOT_REACHED)
                  set_state (eval, t, NPC_NODE_STATE_EXCLUDED);
              }
            node = next;
            continue;
          }

        eval->stopped_at = node;
        set_state (eval, node, NPC_NODE_STATE_STOPPED);
        if (eval->needs_input->len > 0)
          {
            eval->outcome = NPC_OUTCOME_NEEDS_INPUT;
            for (guint i = 0; i < eval->needs_input->len; i++)
              {
                const NpcField *f = eval->needs_input->pdata[i];

                add_note_flags (eval, f->notes, f->n_notes, &env);
              }
          }
        else
          {
            /* Every branch is false: the guideline has no answer for this case. */
            eval->outcome = NPC_OUTCOME_NOT_COVERED;
          }
        collect_assumptions (self, eval);
        break;
      }
    }

  eval->tracking = FALSE;
  fix_facts (eval);
  return eval;
}
