/* npc-evaluation.c — the result of evaluating a case, and its words
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-evaluation"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-condition.h"
#include "npc-evaluation-private.h"
#include "npc-symbolic.h"
#include "npc-words-private.h"

G_DEFINE_FINAL_TYPE (NpcEvaluation, npc_evaluation, G_TYPE_OBJECT)

static void
clear_agent (NpcEvalAgent *agent)
{
  g_free (agent->reason);
  g_strfreev (agent->caveats);
}

/* A few blocks are kept: an engine evaluates one case after another, or one a thread. */
#define POOL_KEEP 16

struct _NpcEvalPool
{
  gatomicrefcount ref;
  GMutex lock;
  gsize block_size;
  guint n_free;
  gpointer free[POOL_KEEP];
};

NpcEvalPool *
_npc_eval_pool_new (gsize block_size)
{
  NpcEvalPool *pool = g_new0 (NpcEvalPool, 1);

  g_atomic_ref_count_init (&pool->ref);
  g_mutex_init (&pool->lock);
  pool->block_size = block_size;
  return pool;
}

static NpcEvalPool *
eval_pool_ref (NpcEvalPool *pool)
{
  g_atomic_ref_count_inc (&pool->ref);
  return pool;
}

void
_npc_eval_pool_unref (NpcEvalPool *pool)
{
  if (!g_atomic_ref_count_dec (&pool->ref))
    return;
  for (guint i = 0; i < pool->n_free; i++)
    g_free (pool->free[i]);
  g_mutex_clear (&pool->lock);
  g_free (pool);
}

static gpointer
eval_pool_take (NpcEvalPool *pool)
{
  gpointer block = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->n_free > 0)
    block = pool->free[--pool->n_free];
  g_mutex_unlock (&pool->lock);
  return block != NULL ? block : g_malloc (pool->block_size);
}

static void
eval_pool_give (NpcEvalPool *pool,
                gpointer     block)
{
  if (block == NULL)
    return;
  g_mutex_lock (&pool->lock);
  if (pool->n_free < POOL_KEEP)
    {
      pool->free[pool->n_free++] = block;
      block = NULL;
    }
  g_mutex_unlock (&pool->lock);
  g_free (block);
}

/* Frees what the evaluation's arrays own and the arrays that moved to the heap. */
static void
release_contents (NpcEvaluation *self)
{
  NpcVec *vecs[] = { self->alternatives, self->agents, self->references, self->steps,
                     self->derived, self->explanation, self->facts, self->step_info,
                     self->assumptions };
  NpcPtrVec *ptr_vecs[] = { self->path, self->evidence, self->needs_input, self->errors,
                            self->flags, self->modifiers, self->owned, self->option_lists };

  for (guint i = 0; i < self->agents->len; i++)
    clear_agent (&g_array_index (self->agents, NpcEvalAgent, i));
  for (guint i = 0; i < self->errors->len; i++)
    npc_validation_error_free (self->errors->pdata[i]);
  for (guint i = 0; i < self->owned->len; i++)
    g_free (self->owned->pdata[i]);
  for (guint i = 0; i < self->option_lists->len; i++)
    _npc_option_list_free (self->option_lists->pdata[i]);
  for (guint i = 0; i < G_N_ELEMENTS (vecs); i++)
    if (vecs[i]->heap)
      g_free (vecs[i]->data);
  for (guint i = 0; i < G_N_ELEMENTS (ptr_vecs); i++)
    if (ptr_vecs[i]->heap)
      g_free (ptr_vecs[i]->pdata);
  g_clear_pointer (&self->snapshots, g_ptr_array_unref);
  g_clear_pointer (&self->possible, g_ptr_array_unref);
}

static void
npc_evaluation_finalize (GObject *object)
{
  NpcEvaluation *self = NPC_EVALUATION (object);

  release_contents (self);
  eval_pool_give (self->pool, g_steal_pointer (&self->block));
  g_clear_pointer (&self->pool, _npc_eval_pool_unref);
  g_clear_object (&self->guideline);

  G_OBJECT_CLASS (npc_evaluation_parent_class)->finalize (object);
}

static void
npc_evaluation_class_init (NpcEvaluationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = npc_evaluation_finalize;
}

static void
npc_evaluation_init (NpcEvaluation *self)
{
}

void
_npc_vec_grow (NpcVec *v)
{
  guint cap = MAX (v->cap * 2, 4);
  gchar *data = g_malloc ((gsize) cap * v->elt);

  memcpy (data, v->data, (gsize) v->len * v->elt);
  if (v->heap)
    g_free (v->data);
  v->data = data;
  v->cap = cap;
  v->heap = TRUE;
}

void
_npc_ptr_vec_grow (NpcPtrVec *v)
{
  guint cap = MAX (v->cap * 2, 4);
  gpointer *pdata = g_new (gpointer, cap);

  memcpy (pdata, v->pdata, sizeof (gpointer) * v->len);
  if (v->heap)
    g_free (v->pdata);
  v->pdata = pdata;
  v->cap = cap;
  v->heap = TRUE;
}

/* The block: the array headers and the per-field and per-node tables (zeroed), then the
 * values (written whole by the engine) and the arrays' first room (not zeroed: only what is
 * appended is read). */
typedef struct {
  gsize size;
  gsize zeroed;
  gsize headers;
  gchar *at;
} Carver;

static gpointer
carve (Carver *c,
       gsize   size)
{
  gpointer p = c->at != NULL ? c->at + c->size : NULL;

  c->size += (size + 15) & ~(gsize) 15;
  return p;
}

static NpcVec *
carve_vec (Carver *c,
           guint   cap,
           guint   elt)
{
  NpcVec *v = carve (c, sizeof (NpcVec));

  if (c->at != NULL)
    *v = (NpcVec) { NULL, 0, MAX (cap, 1), elt, FALSE };
  return v;
}

static NpcPtrVec *
carve_ptr_vec (Carver *c,
               guint   cap)
{
  NpcPtrVec *v = carve (c, sizeof (NpcPtrVec));

  if (c->at != NULL)
    *v = (NpcPtrVec) { NULL, 0, MAX (cap, 1), FALSE };
  return v;
}

static void
carve_all (NpcEvaluation       *self,
           const NpcEvalLayout *l,
           Carver              *c)
{
  guint nf = MAX (l->n_fields, 1);
  NpcVec *vecs[9];
  NpcPtrVec *ptr_vecs[8];
  guint vec_room[9], ptr_room[8];
  guint k = 0, m = 0;

#define VEC(member, room, type) \
  (vec_room[k] = MAX (room, 1) * sizeof (type), \
   vecs[k++] = self->member = carve_vec (c, MAX (room, 1), sizeof (type)))
#define PTR_VEC(member, room) \
  (ptr_room[m] = MAX (room, 1) * sizeof (gpointer), \
   ptr_vecs[m++] = self->member = carve_ptr_vec (c, MAX (room, 1)))
  VEC (alternatives, l->alternatives, NpcEvalAlternative);
  VEC (agents, l->agents, NpcEvalAgent);
  VEC (references, l->references, guint);
  VEC (steps, l->steps, NpcStep);
  VEC (derived, l->derived, NpcDerived);
  VEC (explanation, l->steps, NpcStep);
  VEC (facts, l->facts, NpcFact);
  VEC (step_info, l->steps, NpcStepInfo);
  VEC (assumptions, l->assumptions, NpcAssumption);
  PTR_VEC (path, l->path);
  PTR_VEC (evidence, l->evidence);
  PTR_VEC (needs_input, l->needs_input);
  PTR_VEC (errors, l->errors);
  PTR_VEC (flags, l->flags);
  PTR_VEC (modifiers, l->modifiers);
  PTR_VEC (owned, l->owned);
  PTR_VEC (option_lists, l->option_lists);
#undef VEC
#undef PTR_VEC
  c->headers = c->size;

  self->was_entered = carve (c, sizeof (gboolean) * nf);
  self->derived_mask = carve (c, sizeof (gboolean) * nf);
  self->sources = carve (c, nf);
  self->read = carve (c, nf);
  self->fact_mark = carve (c, sizeof (guint) * nf);
  self->node_states = carve (c, MAX (l->n_nodes, 1));
  self->ref_bits = carve (c, sizeof (guint64) * MAX (l->n_ref_words, 1));
  self->n_ref_words = l->n_ref_words;
  c->zeroed = c->size;
  /* Written whole before they are read: the values by the engine's first step, the entered
   * values copied from them. */
  self->values = carve (c, sizeof (NpcValue) * nf);
  self->entered = carve (c, sizeof (NpcValue) * nf);
  self->known_fields = carve (c, sizeof (guint16) * nf);

  for (guint i = 0; i < k; i++)
    {
      gchar *data = carve (c, vec_room[i]);

      if (c->at != NULL)
        vecs[i]->data = data;
    }
  for (guint i = 0; i < m; i++)
    {
      gpointer *pdata = carve (c, ptr_room[i]);

      if (c->at != NULL)
        ptr_vecs[i]->pdata = pdata;
    }
  /* the headers as carved, copied here once they are */
  self->pristine = carve (c, c->headers);
  self->carved = l;
}

void
_npc_evaluation_layout_finish (NpcEvalLayout *layout)
{
  /* The same carving on a stand-in, only to learn the sizes. */
  NpcEvaluation stand_in;
  Carver sizing = { 0, 0, 0, NULL };

  memset (&stand_in, 0, sizeof stand_in);
  carve_all (&stand_in, layout, &sizing);
  layout->block_size = sizing.size;
  layout->zeroed_size = sizing.zeroed;
  layout->headers_size = sizing.headers;
}

NpcEvaluation *
_npc_evaluation_new (NpcGuideline        *guideline,
                     const NpcEvalLayout *layout,
                     NpcEvalPool         *pool)
{
  NpcEvaluation *self = g_object_new (NPC_TYPE_EVALUATION, NULL);
  Carver c = { 0, 0, 0, NULL };

  g_assert (layout->block_size > 0 && layout->block_size == pool->block_size);
  self->guideline = g_object_ref (guideline);
  self->fields = npc_guideline_get_fields (guideline, NULL);
  self->pool = eval_pool_ref (pool);
  c.at = eval_pool_take (pool);
  memset (c.at, 0, layout->zeroed_size);
  self->block = c.at;
  carve_all (self, layout, &c);
  memcpy (self->pristine, self->block, layout->headers_size);
  return self;
}

gboolean
_npc_evaluation_is_lean (NpcEvaluation *self)
{
  return self->lean;
}

void
_npc_evaluation_reset (NpcEvaluation       *self,
                       const NpcEvalLayout *layout)
{
  Carver c = { 0, 0, 0, NULL };

  g_assert (g_atomic_int_get (&((GObject *) self)->ref_count) == 1);
  release_contents (self);
  self->outcome = (NpcOutcomeType) 0; /* as a new one */
  self->primary = NULL;
  self->stopped_at = NULL;
  self->words_pending = FALSE;
  self->agents_of = NULL;
  self->tracking = FALSE;
  self->agents_source = NULL;
  self->n_qualify = 0;
  self->values_gen = 0;
  self->strength_limit = NULL;
  self->lean = FALSE;
  self->known_listed = FALSE;
  self->n_known_fields = 0;
  c.at = self->block;
  memset (c.at, 0, layout->zeroed_size);
  /* The same carving gives the same headers: they are copied back. */
  if (self->carved == layout)
    memcpy (self->block, self->pristine, layout->headers_size);
  else
    {
      carve_all (self, layout, &c);
      memcpy (self->pristine, self->block, layout->headers_size);
    }
}

NpcOutcomeType
npc_evaluation_get_outcome (NpcEvaluation *self)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NPC_OUTCOME_VALIDATION_ERROR);
  return self->outcome;
}

NpcGuideline *
npc_evaluation_get_guideline (NpcEvaluation *self)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  return self->guideline;
}

const NpcNode *
npc_evaluation_get_primary (NpcEvaluation *self)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  return self->primary;
}

const char *
npc_evaluation_get_strength (NpcEvaluation *self)
{
  NpcRating r;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_rate (self, self->primary, TRUE, &r);
  return r.strength;
}

const char *
npc_evaluation_get_grade (NpcEvaluation *self)
{
  NpcRating r;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_rate (self, self->primary, TRUE, &r);
  return r.grade;
}

/* ------------------------------------------------------------------------------------------ */
/* conditions in this case                                                                     */

static const NpcValue *
value_of (const NpcField *field,
          gpointer        user_data)
{
  NpcEvaluation *self = user_data;

  if (self->tracking)
    self->read[field->index] = TRUE;
  return &self->values[field->index];
}

static void judge_agent (NpcEvaluation *self, const NpcAgentList *list, const NpcAgent *agent,
                         gboolean words, NpcEvalAgent *result);

static NpcTri
agents_qualify (const NpcNode *outcome,
                gpointer       user_data)
{
  NpcEvaluation *self = user_data;
  const NpcAgentList *list = outcome != NULL ? outcome->agents : NULL;
  NpcTri result = NPC_TRI_FALSE;
  guint slot;

  for (guint i = 0; i < self->n_qualify; i++)
    if (self->qualify_node[i] == outcome && self->qualify_gen[i] == self->values_gen)
      return self->qualify_value[i];

  /* Only whether each agent is excluded: the words are not needed here. */
  for (guint i = 0; list != NULL && i < list->n_agents; i++)
    {
      NpcEvalAgent a;

      judge_agent (self, list, &list->agents[i], FALSE, &a);
      if (!a.excluded)
        result = NPC_TRI_TRUE;
    }

  slot = self->n_qualify < G_N_ELEMENTS (self->qualify_node) ? self->n_qualify++
                                                              : self->values_gen % G_N_ELEMENTS (self->qualify_node);
  self->qualify_node[slot] = outcome;
  self->qualify_value[slot] = result;
  self->qualify_gen[slot] = self->values_gen;
  return result;
}

void
_npc_evaluation_env (NpcEvaluation *self,
                     NpcEnv        *env)
{
  *env = (NpcEnv) { value_of, agents_qualify, self, self->values,
                    self->tracking ? self->read : NULL };
}

/* An agent's words as they are judged: made when there is one to keep (most agents have no
 * reason and no caveat). */
typedef struct {
  gboolean words;
  GString *reasons;
  GPtrArray *caveats;
} AgentWords;

/* Appends one reason to exclude, as "; "-separated text; `len` becomes non-zero once the
 * reasons say something. A reason that adds nothing (empty text in front of nothing)
 * leaves the agent kept. */
static void
add_reason (AgentWords *w,
            gsize      *len,
            const char *text)
{
  if (w->words)
    {
      if (w->reasons == NULL)
        w->reasons = g_string_new (NULL);
      if (w->reasons->len > 0)
        npc_words_put (w->reasons, "; ");
      npc_words_put (w->reasons, text);
    }
  /* Only whether it is still empty matters. */
  *len = *len > 0 || text[0] != '\0';
}

static void
add_caveat (AgentWords *w,
            const char *text)
{
  if (!w->words)
    return;
  if (w->caveats == NULL)
    w->caveats = g_ptr_array_new ();
  g_ptr_array_add (w->caveats, g_strdup (text));
}

/* One agent for this case: whether it is excluded, and with `words` its reason and caveats
 * (NULL otherwise). The same conditions are read in the same order either way. */
static void
judge_agent (NpcEvaluation      *self,
             const NpcAgentList *list,
             const NpcAgent     *agent,
             gboolean            words,
             NpcEvalAgent       *result)
{
  const NpcEnv env = { value_of, agents_qualify, self, self->values,
                       self->tracking ? self->read : NULL };
  const NpcValue *avail = NULL;
  AgentWords w = { words, NULL, NULL };
  gsize len = 0;

  if (list->availability_field != NULL)
    avail = &self->values[list->availability_field->index];

  *result = (NpcEvalAgent) { agent, FALSE, NULL, NULL };
  for (guint r = 0; r < agent->n_requirements; r++)
    {
      const NpcRequirement *req = &agent->requirements[r];
      NpcTri t = npc_condition_eval (req->condition, &env);

      if (t == NPC_TRI_FALSE)
        add_reason (&w, &len, req->excluded_reason ? req->excluded_reason : "");
      else if (t == NPC_TRI_UNKNOWN && req->conditional_text != NULL)
        add_caveat (&w, req->conditional_text);
    }

  if (avail != NULL)
    {
      if (avail->known)
        {
          int idx = agent->availability_index;

          if (idx < 0 || !((avail->v.set_mask >> idx) & 1))
            add_reason (&w, &len, list->unavailable_reason ? list->unavailable_reason
                                                           : NPC_TR (_("not available")));
        }
      else if (list->unknown_availability_caveat != NULL)
        add_caveat (&w, list->unknown_availability_caveat);
    }

  /* An agent's notes that hold for this patient (a preference the source states for
   * them) travel with the agent. */
  for (guint k = 0; k < agent->links.n_notes; k++)
    {
      const NpcNote *note = agent->links.notes[k];

      /* Without the words, the condition is read only for what it reads. */
      if (note->when != NULL && note->text != NULL &&
          (w.words || !note->when->no_defaults) &&
          npc_condition_eval (note->when, &env) == NPC_TRI_TRUE)
        add_caveat (&w, note->text);
    }

  result->excluded = len > 0;
  if (words)
    {
      if (w.reasons != NULL)
        result->reason = g_string_free (w.reasons, !result->excluded);
      /* no caveat: an empty list, as ever */
      if (w.caveats == NULL)
        result->caveats = g_new0 (char *, 1);
      else
        {
          g_ptr_array_add (w.caveats, NULL);
          result->caveats = (char **) g_ptr_array_free (w.caveats, FALSE);
        }
    }
}

/* Agents of an outcome for this case, kept or excluded, without the words: the reasons and
 * caveats follow in _npc_evaluation_ensure_words(), from the same values. */
void
_npc_evaluation_judge_agents_flags (NpcEvaluation *self,
                                    const NpcNode *outcome,
                                    NpcVec        *out)
{
  const NpcAgentList *list = outcome != NULL ? outcome->agents : NULL;

  for (guint i = 0; list != NULL && i < list->n_agents; i++)
    {
      NpcEvalAgent result;

      judge_agent (self, list, &list->agents[i], FALSE, &result);
      NPC_VEC_APPEND (out, NpcEvalAgent, result);
    }
}

/* Keeps a reason the evaluation wrote; freed with the evaluation. */
static const char *
own (NpcEvaluation *self,
     char          *text)
{
  if (text != NULL)
    npc_ptr_vec_add (self->owned, text);
  return text;
}

/* Where a step's reason is: a text of its own (`text`), or at `offset` in the words the
 * evaluation writes for its steps in one piece. */
#define NOT_WRITTEN G_MAXSIZE

/* Writes a step's reason into `words`, and returns its offset there, or NOT_WRITTEN with the
 * text in `*text` (the guideline's, a message, or NULL). */
static gsize
step_words (NpcEvaluation     *self,
            const NpcStep     *step,
            const NpcStepInfo *info,
            GString           *words,
            gsize             *after_taken,
            const char       **text)
{
  gsize at = words->len;
  NpcEnv env;

  *text = NULL;
  _npc_evaluation_env (self, &env);
  switch (info->words)
    {
    case NPC_STEP_WORDS_EXPLAIN:
      if (!_npc_condition_append_explanation (words, step->branch->condition, &env))
        return NOT_WRITTEN;
      break;
    case NPC_STEP_WORDS_EXPLAIN_SOLE:
      {
        g_autofree char *why = _npc_condition_explain_refreshed (step->branch->condition, &env);

        _npc_words_append_format (words, NPC_TR (_("%s; every answer leads to %s")), why,
                                  info->other->label);
        break;
      }
    case NPC_STEP_WORDS_AFTER_TAKEN:
      /* One reason for all the branches after the taken one. */
      if (*after_taken != NOT_WRITTEN)
        return *after_taken;
      _npc_words_append_format (words, NPC_TR (_("the earlier branch “%s” applies")),
                                info->taken->label, NULL);
      *after_taken = at;
      break;
    case NPC_STEP_WORDS_SOLE:
      _npc_words_append_format (words, NPC_TR (_("every answer before it leads to %s")),
                                info->other->label, NULL);
      break;
    case NPC_STEP_WORDS_OTHERWISE:
      *text = NPC_TR (_("none of the branches before it applies"));
      return NOT_WRITTEN;
    case NPC_STEP_WORDS_DONE:
    default:
      *text = step->reason;
      return NOT_WRITTEN;
    }
  g_string_append_c (words, '\0');
  return at;
}

/* ------------------------------------------------------------------------------------------ */
/* reasons kept from one case to the next                                                     */

/* A step's reason is made of what kind of words it has, the condition it explains and the
 * node or branch it names (the guideline's), the values that condition reads, and the
 * locale's messages: the same step of another case with the same values reads the same.
 * Reasons are kept per guideline under all of that, and copied. The table has a fixed number
 * of slots and only fills (an entry is never changed or removed until the guideline goes), so
 * threads read it without a lock; once it holds MEMO_MAX_ENTRIES, reasons are written as
 * before. A condition that asks whether agents qualify, or reads a text, is not kept. */
#define MEMO_SLOTS 4096 /* a power of two */
#define MEMO_MAX_ENTRIES 3072
#define MEMO_MAX_ATOMS 16
#define MEMO_MAX_TEXT 1024
#define MEMO_PROBES 8

typedef struct {
  guint64 hash;
  gint gen;
  NpcStepWords kind;
  gconstpointer cond;
  gconstpointer named;
  guint n_key;
  guint text_len;
  guint64 key[];        /* n_key words, then the text and its NUL */
} MemoEntry;

typedef struct {
  gint n_entries;
  MemoEntry *slots[MEMO_SLOTS];
} WordsMemo;

typedef struct {
  guint64 hash;
  gint gen;
  NpcStepWords kind;
  gconstpointer cond;
  gconstpointer named;
  guint n_key;
  guint64 key[2 * MEMO_MAX_ATOMS];
} MemoKey;

static void
words_memo_free (gpointer data)
{
  WordsMemo *memo = data;

  for (guint i = 0; i < MEMO_SLOTS; i++)
    g_free (memo->slots[i]);
  g_free (memo);
}

static G_DEFINE_QUARK (npc-evaluation-words-memo, words_memo)

static WordsMemo *
words_memo_get (NpcGuideline *guideline)
{
  GQuark quark = words_memo_quark ();
  WordsMemo *memo = g_object_get_qdata (G_OBJECT (guideline), quark);

  if (G_LIKELY (memo != NULL))
    return memo;
  memo = g_new0 (WordsMemo, 1);
  if (!g_object_replace_qdata (G_OBJECT (guideline), quark, NULL, memo, words_memo_free, NULL))
    {
      words_memo_free (memo);
      memo = g_object_get_qdata (G_OBJECT (guideline), quark);
    }
  return memo;
}

/* The values the condition's atoms read, two words an atom (known, then the value as the
 * words and the evaluation read it); FALSE where the reason cannot be kept. */
static gboolean
memo_key_values (const NpcCondition *c,
                 const NpcValue     *values,
                 MemoKey            *key)
{
  const NpcValue *v;
  guint64 payload = 0;

  switch (c->kind)
    {
    case NPC_COND_ALL:
    case NPC_COND_ANY:
    case NPC_COND_NOT:
      for (guint i = 0; i < c->n_children; i++)
        if (!memo_key_values (c->children[i], values, key))
          return FALSE;
      return TRUE;
    case NPC_COND_ALWAYS:
      return TRUE;
    case NPC_COND_AGENTS_QUALIFY:
      return FALSE;
    default:
      break;
    }
  if (c->field == NULL || key->n_key + 2 > G_N_ELEMENTS (key->key))
    return FALSE;
  v = &values[c->field->index];
  if (v->known)
    switch (c->field->type)
      {
      case NPC_FIELD_ENUM: payload = v->v.enum_index; break;
      case NPC_FIELD_BOOLEAN: payload = v->v.boolean ? 1 : 0; break;
      case NPC_FIELD_INTEGER: payload = (guint64) v->v.integer; break;
      case NPC_FIELD_SET: payload = v->v.set_mask; break;
      default: return FALSE;
      }
  key->key[key->n_key++] = v->known ? 1 : 0;
  key->key[key->n_key++] = payload;
  return TRUE;
}

static inline guint64
memo_mix (guint64 h,
          guint64 w)
{
  h ^= w;
  h *= G_GUINT64_CONSTANT (0x100000001b3);
  return h ^ (h >> 29);
}

/* The key of a step's reason, or FALSE where it is not kept. */
static gboolean
memo_key (NpcEvaluation     *self,
          const NpcStep     *step,
          const NpcStepInfo *info,
          MemoKey           *key)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  key->gen = g_atomic_int_get (&_npc_tr_generation);
  key->kind = info->words;
  key->cond = NULL;
  key->named = NULL;
  key->n_key = 0;
  if (key->gen == 0)
    return FALSE;
  switch (info->words)
    {
    case NPC_STEP_WORDS_EXPLAIN:
    case NPC_STEP_WORDS_EXPLAIN_SOLE:
      key->cond = step->branch->condition;
      key->named = info->words == NPC_STEP_WORDS_EXPLAIN_SOLE ? (gconstpointer) info->other
                                                              : NULL;
      if (!memo_key_values (step->branch->condition, self->values, key))
        return FALSE;
      break;
    case NPC_STEP_WORDS_AFTER_TAKEN:
      key->named = info->taken;
      break;
    case NPC_STEP_WORDS_SOLE:
      key->named = info->other;
      break;
    default:
      return FALSE;
    }
  h = memo_mix (h, (guint64) key->gen);
  h = memo_mix (h, (guint64) key->kind);
  h = memo_mix (h, (guint64) GPOINTER_TO_SIZE (key->cond));
  h = memo_mix (h, (guint64) GPOINTER_TO_SIZE (key->named));
  for (guint i = 0; i < key->n_key; i++)
    h = memo_mix (h, key->key[i]);
  key->hash = h;
  return TRUE;
}

static inline gboolean
memo_entry_is (const MemoEntry *e,
               const MemoKey   *key)
{
  return e->hash == key->hash && e->gen == key->gen && e->kind == key->kind &&
         e->cond == key->cond && e->named == key->named && e->n_key == key->n_key &&
         memcmp (e->key, key->key, sizeof (guint64) * key->n_key) == 0;
}

static const MemoEntry *
memo_find (WordsMemo     *memo,
           const MemoKey *key)
{
  for (guint p = 0; p < MEMO_PROBES; p++)
    {
      const MemoEntry *e = g_atomic_pointer_get (&memo->slots[(key->hash + p) & (MEMO_SLOTS - 1)]);

      if (e == NULL)
        return NULL;
      if (memo_entry_is (e, key))
        return e;
    }
  return NULL;
}

static void
memo_add (WordsMemo     *memo,
          const MemoKey *key,
          const char    *text,
          gsize          len)
{
  MemoEntry *e;

  if (len > MEMO_MAX_TEXT || g_atomic_int_get (&memo->n_entries) >= MEMO_MAX_ENTRIES)
    return;
  e = g_malloc (sizeof (MemoEntry) + sizeof (guint64) * key->n_key + len + 1);
  e->hash = key->hash;
  e->gen = key->gen;
  e->kind = key->kind;
  e->cond = key->cond;
  e->named = key->named;
  e->n_key = key->n_key;
  e->text_len = (guint) len;
  memcpy (e->key, key->key, sizeof (guint64) * key->n_key);
  memcpy ((char *) (e->key + key->n_key), text, len);
  ((char *) (e->key + key->n_key))[len] = '\0';

  for (guint p = 0; p < MEMO_PROBES; p++)
    {
      MemoEntry **slot = &memo->slots[(key->hash + p) & (MEMO_SLOTS - 1)];
      const MemoEntry *there;

      if (g_atomic_pointer_compare_and_exchange (slot, NULL, e))
        {
          g_atomic_int_inc (&memo->n_entries);
          return;
        }
      there = g_atomic_pointer_get (slot);
      if (memo_entry_is (there, key))
        break; /* another thread kept the same reason */
    }
  g_free (e);
}

void
_npc_evaluation_ensure_words (NpcEvaluation *self)
{
  NpcValue *values = self->values;
  guint gen = self->values_gen;
  guint n = self->explanation->len;
  const NpcNode *after_node = NULL;
  gsize after_taken = NOT_WRITTEN;
  GString *words;
  gsize *offsets;
  const char *base;
  guint k = 0;
  WordsMemo *memo;
  MemoKey key;

  if (!self->words_pending)
    return;
  self->words_pending = FALSE;
  _npc_tr_refresh ();
  memo = words_memo_get (self->guideline);

  /* Each reason from the values its step read: those before a redirect changed them. The
   * reasons written here go one after another into one string the evaluation owns, and the
   * steps point into it once it is whole. */
  /* below malloc's large requests, which would first consolidate its small free chunks */
  words = g_string_sized_new (500);
  offsets = n <= 512 ? g_newa (gsize, MAX (n, 1)) : g_new (gsize, n);
  for (guint i = 0; i < n; i++)
    {
      NpcStep *step = &g_array_index (self->explanation, NpcStep, i);
      const NpcStepInfo *info = &g_array_index (self->step_info, NpcStepInfo, i);
      const char *text;

      if (step->node != after_node)
        {
          after_node = step->node;
          after_taken = NOT_WRITTEN;
        }
      if (info->words == NPC_STEP_WORDS_EXPLAIN || info->words == NPC_STEP_WORDS_EXPLAIN_SOLE)
        {
          self->values = info->gen == gen ? values : self->snapshots->pdata[info->gen];
          self->values_gen = info->gen;
        }
      if (info->words == NPC_STEP_WORDS_AFTER_TAKEN && after_taken != NOT_WRITTEN)
        {
          offsets[i] = after_taken;
          continue;
        }
      if (memo != NULL && memo_key (self, step, info, &key))
        {
          const MemoEntry *e = memo_find (memo, &key);

          if (e != NULL)
            {
              offsets[i] = words->len;
              npc_words_put_len (words, (const char *) (e->key + e->n_key), e->text_len + 1);
              if (info->words == NPC_STEP_WORDS_AFTER_TAKEN)
                after_taken = offsets[i];
              continue;
            }
          offsets[i] = step_words (self, step, info, words, &after_taken, &text);
          if (offsets[i] != NOT_WRITTEN)
            memo_add (memo, &key, words->str + offsets[i], words->len - offsets[i] - 1);
          else
            step->reason = text;
          continue;
        }
      offsets[i] = step_words (self, step, info, words, &after_taken, &text);
      if (offsets[i] == NOT_WRITTEN)
        step->reason = text;
    }
  self->values = values;
  self->values_gen = gen;

  base = own (self, g_string_free (words, FALSE));
  for (guint i = 0; i < n; i++)
    {
      NpcStep *step = &g_array_index (self->explanation, NpcStep, i);

      if (offsets[i] != NOT_WRITTEN)
        step->reason = base + offsets[i];
      if (step->state != NPC_BRANCH_PREEMPTED)
        g_array_index (self->steps, NpcStep, k++).reason = step->reason;
    }
  if (n > 512)
    g_free (offsets);

  /* The agents' reasons and caveats, from the final values as they were judged. */
  if (self->agents->len > 0)
    {
      const NpcAgentList *list = self->agents_of->agents;

      for (guint i = 0; i < self->agents->len; i++)
        {
          NpcEvalAgent *a = &g_array_index (self->agents, NpcEvalAgent, i);
          gboolean excluded = a->excluded;

          judge_agent (self, list, a->agent, TRUE, a);
          g_warn_if_fail (a->excluded == excluded);
        }
    }
}

NpcTri
npc_evaluation_note_holds (NpcEvaluation *self,
                           const NpcNote *note)
{
  NpcEnv env;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NPC_TRI_UNKNOWN);
  g_return_val_if_fail (note != NULL, NPC_TRI_UNKNOWN);
  if (note->when == NULL)
    return NPC_TRI_TRUE;
  /* A case that did not validate has no values to speak of. */
  if (self->outcome == NPC_OUTCOME_VALIDATION_ERROR)
    return NPC_TRI_UNKNOWN;
  _npc_evaluation_env (self, &env);
  return npc_condition_eval (note->when, &env);
}

/* ------------------------------------------------------------------------------------------ */
/* strength and grade                                                                          */

static gboolean
is_reached (NpcEvaluation *self,
            const NpcNode *node)
{
  if (node == NULL)
    return FALSE;
  if (node == self->primary)
    return TRUE;
  for (guint i = 0; i < self->alternatives->len; i++)
    if (g_array_index (self->alternatives, NpcEvalAlternative, i).node == node)
      return TRUE;
  return FALSE;
}

void
npc_rating_init_stated (NpcRating     *out,
                        const NpcNode *node)
{
  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  if (node == NULL || node->kind != NPC_NODE_OUTCOME)
    return;
  out->strength = node->strength;
  out->population = node->scope_population;
  if (node->scope != NULL)
    out->stated_grade = node->grade;
  else
    out->grade = node->grade;
}

void
_npc_evaluation_rate (NpcEvaluation *self,
                      const NpcNode *node,
                      gboolean       reached,
                      NpcRating     *out)
{
  memset (out, 0, sizeof *out);
  if (node == NULL || node->kind != NPC_NODE_OUTCOME)
    return;

  out->strength = node->strength;
  out->population = node->scope_population;
  if (node->scope != NULL)
    {
      NpcTri in_scope = NPC_TRI_UNKNOWN;

      if (self->outcome != NPC_OUTCOME_VALIDATION_ERROR)
        {
          NpcEnv env;

          _npc_evaluation_env (self, &env);
          in_scope = npc_condition_eval (node->scope, &env);
        }
      /* Outside the population, or not known to be in it: the source's grade is shown as
       * the source's, not as this patient's. */
      if (in_scope != NPC_TRI_TRUE)
        {
          out->stated_grade = node->grade;
          if (node->scope_strength != NULL)
            out->strength = node->scope_strength;
        }
      else
        out->grade = node->grade;
    }
  else
    out->grade = node->grade;

  if (reached && self->strength_limit != NULL)
    {
      const char *limit = self->strength_limit->strength;
      guint rank = npc_strength_rank (out->strength);

      if (rank > 0 && rank < npc_strength_rank (limit))
        {
          out->strength = limit;
          out->limited_by = self->strength_limit;
        }
      /* Reached "by a similar approach": the grade belongs to the population the source
       * stated it for. */
      if (out->grade != NULL)
        {
          out->stated_grade = out->grade;
          out->grade = NULL;
          out->limited_by = self->strength_limit;
        }
    }
}

void
npc_evaluation_get_rating (NpcEvaluation *self,
                           const NpcNode *node,
                           NpcRating     *out)
{
  g_return_if_fail (NPC_IS_EVALUATION (self));
  g_return_if_fail (out != NULL);
  _npc_evaluation_rate (self, node, is_reached (self, node), out);
}

char *
npc_rating_dup_grade_text (const NpcRating *rating)
{
  g_return_val_if_fail (rating != NULL, NULL);
  if (rating->grade != NULL)
    /* Translators: the grade of a recommendation, "grade 2C". */
    return g_strdup_printf (_("grade %s"), rating->grade);
  if (rating->stated_grade != NULL && rating->population != NULL)
    /* Translators: "graded 2B by the review for patients with metastatic NPC". */
    return g_strdup_printf (_("graded %s by the review for %s"), rating->stated_grade,
                            rating->population);
  if (rating->stated_grade != NULL)
    return g_strdup_printf (_("graded %s by the review for another population"),
                            rating->stated_grade);
  return NULL;
}

char *
npc_rating_dup_text (const NpcRating *rating)
{
  g_autofree char *grade = NULL;
  const char *strength;

  g_return_val_if_fail (rating != NULL, NULL);
  strength = npc_strength_to_label (rating->strength);
  grade = npc_rating_dup_grade_text (rating);
  if (strength != NULL && grade != NULL)
    /* Translators: a strength, then a grade: "Suggested · grade 2C". */
    return g_strdup_printf (_("%s · %s"), strength, grade);
  if (strength != NULL && npc_strength_rank (rating->strength) > 0)
    /* Translators: a strength the source gives no grade for: "Offered · not graded". */
    return g_strdup_printf (_("%s · not graded"), strength);
  if (strength != NULL)
    return g_strdup (strength);
  return g_steal_pointer (&grade);
}

/* ------------------------------------------------------------------------------------------ */
/* options                                                                                     */

static void
clear_option (NpcEvalOption *o)
{
  g_free (o->reason);
  g_free (o->note);
}

NpcOptionList *
_npc_option_list_new (const NpcNode *node)
{
  NpcOptionList *list = g_new0 (NpcOptionList, 1);

  list->node = node;
  list->options = g_array_new (FALSE, TRUE, sizeof (NpcEvalOption));
  g_array_set_clear_func (list->options, (GDestroyNotify) clear_option);
  return list;
}

void
_npc_option_list_free (NpcOptionList *list)
{
  g_array_unref (list->options);
  g_free (list->caveat);
  g_free (list);
}

/* Whether a text-list entry names a value: its id or its label, whatever the case and the
 * surrounding spaces. */
static gboolean
is_ascii (const char *p,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) p[i] >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
entry_names (const char *entry,
             const char *id,
             const char *label)
{
  const char *start = entry, *end = entry + strlen (entry);
  g_autofree char *stripped = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize len, label_len;

  /* g_strstrip()'s spaces, without the copy */
  while (g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  len = end - start;
  if (strlen (id) == len && g_ascii_strncasecmp (start, id, len) == 0)
    return TRUE;
  if (label == NULL)
    return FALSE;
  /* Between ASCII texts, case folding is ASCII's; anything else folds the long way (a
   * Kelvin sign folds to "k"). */
  label_len = strlen (label);
  if (is_ascii (start, len) && is_ascii (label, label_len))
    return label_len == len && g_ascii_strncasecmp (start, label, len) == 0;
  stripped = g_strndup (start, len);
  a = g_utf8_casefold (stripped, -1);
  b = g_utf8_casefold (label, -1);
  return g_str_equal (a, b);
}

/* Whether an agent id is among those a field records as given: a set by value id, a text
 * list by id or label. */
static gboolean
agent_given (const NpcField *field,
             const NpcValue *value,
             const char     *agent)
{
  int idx = npc_field_find_value (field, agent);

  if (field->type == NPC_FIELD_SET)
    return idx >= 0 && ((value->v.set_mask >> idx) & 1);
  for (guint i = 0; value->v.list != NULL && value->v.list[i] != NULL; i++)
    if (entry_names (value->v.list[i], agent, idx >= 0 ? field->values[idx].label : NULL))
      return TRUE;
  return FALSE;
}

/* Text-list entries that name no known value: kept, but they cannot remove an option. */
static char *
unrecognised_entries (const NpcField *field,
                      const NpcValue *value)
{
  GString *s = g_string_new (NULL);

  if (field->type != NPC_FIELD_TEXT_LIST || field->n_values == 0)
    return g_string_free (s, TRUE);
  for (guint i = 0; value->v.list != NULL && value->v.list[i] != NULL; i++)
    {
      g_autofree char *entry = g_strstrip (g_strdup (value->v.list[i]));
      gboolean known = FALSE;

      for (guint k = 0; k < field->n_values && !known; k++)
        known = entry_names (entry, field->values[k].id, field->values[k].label);
      if (!known && *entry != '\0')
        g_string_append_printf (s, "%s“%s”", s->len ? ", " : "", entry);
    }
  return g_string_free (s, s->len == 0);
}

static NpcOptionList *
judge_options (NpcEvaluation *self,
               const NpcNode *node)
{
  NpcOptionList *list = _npc_option_list_new (node);
  const NpcField *given = node->options_exclude_given;
  const NpcValue *given_value = given ? &self->values[given->index] : NULL;
  gboolean valid = self->outcome != NPC_OUTCOME_VALIDATION_ERROR;
  gboolean any_agents = FALSE;
  NpcEnv env;

  _npc_tr_refresh ();
  _npc_evaluation_env (self, &env);
  for (guint i = 0; i < node->n_options; i++)
    {
      const NpcOption *opt = &node->options[i];
      NpcEvalOption result = { opt, FALSE, NULL, NULL };
      /* made when there is something to say: most options have neither */
      GString *reasons = NULL;
      GString *notes = NULL;

      any_agents |= opt->n_agents > 0;
      for (guint r = 0; r < opt->n_requirements; r++)
        {
          const NpcRequirement *req = opt->requirements[r];
          NpcTri t = valid ? npc_condition_eval (req->condition, &env) : NPC_TRI_UNKNOWN;

          if (t == NPC_TRI_FALSE)
            {
              if (reasons == NULL)
                reasons = g_string_new (NULL);
              else if (reasons->len > 0)
                npc_words_put (reasons, "; ");
              npc_words_put (reasons, req->excluded_reason ? req->excluded_reason : "(null)");
            }
          else if (t == NPC_TRI_UNKNOWN)
            {
              if (notes == NULL)
                notes = g_string_new (NULL);
              else if (notes->len > 0)
                npc_words_put (notes, "; ");
              npc_words_put (notes, req->conditional_text ? req->conditional_text : "(null)");
            }
        }
      if (valid && given_value != NULL && given_value->known)
        for (guint a = 0; a < opt->n_agents; a++)
          if (agent_given (given, given_value, opt->agents[a]))
            {
              if (reasons == NULL)
                reasons = g_string_new (NULL);
              /* Translators: an option is not listed because one of its drugs was given. */
              _npc_words_append_format (reasons, NPC_TR (_("%s%s given before")),
                                        reasons->len ? "; " : "", opt->agents[a]);
            }

      result.excluded = reasons != NULL && reasons->len > 0;
      if (reasons != NULL)
        result.reason = g_string_free (reasons, !result.excluded);
      if (notes != NULL)
        result.note = g_string_free (notes, notes->len == 0);
      g_array_append_val (list->options, result);
    }

  if (given != NULL && any_agents)
    {
      if (!valid || !given_value->known)
        list->caveat = g_strdup_printf (_("The agents already given are not recorded (“%s”), so "
                                          "these options have not been checked against them."),
                                        given->label);
      else
        {
          g_autofree char *odd = unrecognised_entries (given, given_value);

          if (odd != NULL)
            list->caveat = g_strdup_printf (_("Not recognised as agents, so not used to remove "
                                              "options: %s. Check these options against them "
                                              "by hand."), odd);
        }
    }
  return list;
}

const NpcEvalOption *
npc_evaluation_get_options (NpcEvaluation *self,
                            const NpcNode *node,
                            guint         *n_out,
                            const char   **caveat)
{
  NpcOptionList *list = NULL;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = 0;
  if (caveat)
    *caveat = NULL;
  if (node == NULL || node->n_options == 0)
    return NULL;

  for (guint i = 0; i < self->option_lists->len && list == NULL; i++)
    if (((NpcOptionList *) self->option_lists->pdata[i])->node == node)
      list = self->option_lists->pdata[i];
  if (list == NULL)
    {
      list = judge_options (self, node);
      npc_ptr_vec_add (self->option_lists, list);
    }
  if (n_out)
    *n_out = list->options->len;
  if (caveat)
    *caveat = list->caveat;
  return (const NpcEvalOption *) list->options->data;
}

const NpcNode *const *
npc_evaluation_get_path (NpcEvaluation *self,
                         guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->path->len;
  return (const NpcNode *const *) self->path->pdata;
}

/* An invalid case's path: the guideline's validation step, or else its root. */
static const char *
invalid_path_id (NpcEvaluation *self)
{
  const char *step = npc_guideline_get_validation_step (self->guideline);

  return step != NULL ? step : npc_guideline_get_root (self->guideline)->id;
}

GStrv
npc_evaluation_dup_path_ids (NpcEvaluation *self)
{
  GStrvBuilder *b;
  GStrv out;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  b = g_strv_builder_new ();
  if (self->outcome == NPC_OUTCOME_VALIDATION_ERROR)
    g_strv_builder_add (b, invalid_path_id (self));
  for (guint i = 0; i < self->path->len; i++)
    g_strv_builder_add (b, ((const NpcNode *) self->path->pdata[i])->id);
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

const NpcEvalAlternative *
npc_evaluation_get_alternatives (NpcEvaluation *self,
                                 guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->alternatives->len;
  return (const NpcEvalAlternative *) self->alternatives->data;
}

const NpcEvalAgent *
npc_evaluation_get_agents (NpcEvaluation *self,
                           guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  if (n_out)
    *n_out = self->agents->len;
  return (const NpcEvalAgent *) self->agents->data;
}

const NpcEvidence *const *
npc_evaluation_get_evidence (NpcEvaluation *self,
                             guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->evidence->len;
  return (const NpcEvidence *const *) self->evidence->pdata;
}

const guint *
npc_evaluation_get_references (NpcEvaluation *self,
                               guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->references->len;
  return (const guint *) self->references->data;
}

const NpcField *const *
npc_evaluation_get_needs_input (NpcEvaluation *self,
                                guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->needs_input->len;
  return (const NpcField *const *) self->needs_input->pdata;
}

const NpcNode *
npc_evaluation_get_stopped_at (NpcEvaluation *self)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  return self->stopped_at;
}

const NpcValidationError *const *
npc_evaluation_get_validation_errors (NpcEvaluation *self,
                                      guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->errors->len;
  return (const NpcValidationError *const *) self->errors->pdata;
}

const NpcAmbiguity *const *
npc_evaluation_get_flags (NpcEvaluation *self,
                          guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->flags->len;
  return (const NpcAmbiguity *const *) self->flags->pdata;
}

const NpcStep *
npc_evaluation_get_steps (NpcEvaluation *self,
                          guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  if (n_out)
    *n_out = self->steps->len;
  return (const NpcStep *) self->steps->data;
}

const NpcStep *
npc_evaluation_get_explanation (NpcEvaluation *self,
                                guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  if (n_out)
    *n_out = self->explanation->len;
  return (const NpcStep *) self->explanation->data;
}

const NpcAssumption *
npc_evaluation_get_assumptions (NpcEvaluation *self,
                                guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->assumptions->len;
  return (const NpcAssumption *) self->assumptions->data;
}

GPtrArray *
npc_evaluation_get_possible_outcomes (NpcEvaluation *self)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (self->possible == NULL)
    {
      if (self->outcome == NPC_OUTCOME_VALIDATION_ERROR)
        self->possible = g_ptr_array_new ();
      else
        self->possible = npc_symbolic_possible_outcomes (self->guideline, self->entered);
    }
  return self->possible;
}

NpcValueSource
npc_evaluation_get_value_source (NpcEvaluation  *self,
                                 const NpcField *field)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NPC_SOURCE_NONE);
  g_return_val_if_fail (field != NULL, NPC_SOURCE_NONE);
  return (NpcValueSource) self->sources[field->index];
}

const NpcValue *
npc_evaluation_get_entered_value (NpcEvaluation  *self,
                                  const NpcField *field)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  return self->was_entered[field->index] ? &self->entered[field->index] : NULL;
}

const NpcDerived *
npc_evaluation_get_derived (NpcEvaluation *self,
                            guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->derived->len;
  return (const NpcDerived *) self->derived->data;
}

const NpcModifier *const *
npc_evaluation_get_modifiers (NpcEvaluation *self,
                              guint         *n_out)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (n_out)
    *n_out = self->modifiers->len;
  return (const NpcModifier *const *) self->modifiers->pdata;
}

NpcNodeState
npc_evaluation_get_node_state (NpcEvaluation *self,
                               const NpcNode *node)
{
  NpcNodeState state;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NPC_NODE_STATE_NOT_REACHED);
  g_return_val_if_fail (node != NULL, NPC_NODE_STATE_NOT_REACHED);

  state = (NpcNodeState) self->node_states[node->index];
  /* While input is needed, an outcome that some answer would still reach is possible, not
   * "not reached" or "not taken" (it may be reached another way). */
  if (node->kind == NPC_NODE_OUTCOME && self->outcome == NPC_OUTCOME_NEEDS_INPUT &&
      (state == NPC_NODE_STATE_NOT_REACHED || state == NPC_NODE_STATE_EXCLUDED))
    {
      GPtrArray *possible = npc_evaluation_get_possible_outcomes (self);

      for (guint i = 0; i < possible->len; i++)
        if (((const NpcPossibleOutcome *) possible->pdata[i])->outcome == node)
          return NPC_NODE_STATE_UNDETERMINED;
    }
  return state;
}

const NpcStep *
npc_evaluation_get_branch_step (NpcEvaluation *self,
                                const NpcNode *node,
                                guint          branch)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const NpcStep *step = &g_array_index (self->steps, NpcStep, i);

      if (step->node == node && step->branch->index == branch)
        return step;
    }
  return NULL;
}

static gboolean branch_is_possible (NpcEvaluation *self, const NpcNode *node, guint branch);

NpcBranchState
npc_evaluation_get_branch_state (NpcEvaluation  *self,
                                 const NpcNode  *node,
                                 guint           branch,
                                 const char    **reason,
                                 const NpcStep **step)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NPC_BRANCH_NOT_LOOKED_AT);
  _npc_evaluation_ensure_words (self);
  g_return_val_if_fail (node != NULL, NPC_BRANCH_NOT_LOOKED_AT);

  if (reason != NULL)
    *reason = NULL;
  if (step != NULL)
    *step = NULL;

  if (node->kind == NPC_NODE_REDIRECT)
    return branch == 0 && self->node_states[node->index] == NPC_NODE_STATE_ON_PATH
           ? NPC_BRANCH_TAKEN : NPC_BRANCH_NOT_LOOKED_AT;
  if (node->kind != NPC_NODE_DECISION || branch >= node->n_branches)
    return NPC_BRANCH_NOT_LOOKED_AT;

  for (guint i = 0; i < self->explanation->len; i++)
    {
      const NpcStep *st = &g_array_index (self->explanation, NpcStep, i);

      if (st->node == node && st->branch == &node->branches[branch])
        {
          if (reason != NULL)
            *reason = st->reason;
          if (step != NULL)
            *step = st;
          return st->state;
        }
    }
  if (branch_is_possible (self, node, branch))
    {
      if (reason != NULL)
        /* Translators: what decides a branch after the one the case waits at */
        *reason = _("the answer asked for here");
      return NPC_BRANCH_POSSIBLE;
    }
  return NPC_BRANCH_NOT_LOOKED_AT;
}

const NpcValue *
npc_evaluation_get_value (NpcEvaluation  *self,
                          const NpcField *field)
{
  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  return &self->values[field->index];
}

/* ------------------------------------------------------------------------------------------ */
/* words                                                                                       */

char *
npc_evaluation_dup_summary (NpcEvaluation *self)
{
  GString *s;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  s = g_string_new (NULL);

  switch (self->outcome)
    {
    case NPC_OUTCOME_VALIDATION_ERROR:
      g_string_append_printf (s, g_dngettext (NULL, "Invalid case: %u error",
                                              "Invalid case: %u errors", self->errors->len),
                              self->errors->len);
      break;
    case NPC_OUTCOME_NEEDS_INPUT:
      g_string_append (s, _("Needs input: "));
      for (guint i = 0; i < self->needs_input->len; i++)
        {
          const NpcField *f = self->needs_input->pdata[i];

          g_string_append_printf (s, "%s%s", i ? ", " : "", f->label);
        }
      break;
    case NPC_OUTCOME_NOT_COVERED:
      g_string_append (s, _("Not covered by the guideline"));
      if (self->primary != NULL)
        g_string_append_printf (s, ": %s", self->primary->label);
      break;
    default:
      {
        NpcRating r;
        const char *verb;
        g_autofree char *grade = NULL;

        if (self->primary == NULL)
          break;
        _npc_evaluation_rate (self, self->primary, TRUE, &r);
        verb = npc_strength_to_label (r.strength);
        grade = npc_rating_dup_grade_text (&r);
        if (verb != NULL)
          /* Translators: a recommendation's strength, then what is recommended. */
          g_string_append_printf (s, _("%s: %s"), verb, self->primary->label);
        else
          g_string_append (s, self->primary->label);
        if (grade != NULL)
          /* Translators: after the recommendation: " — grade 2C". */
          g_string_append_printf (s, _(" — %s"), grade);
        break;
      }
    }
  return g_string_free (s, FALSE);
}

const char *
npc_branch_state_to_string (NpcBranchState state)
{
  switch (state)
    {
    case NPC_BRANCH_TAKEN: return "taken";
    case NPC_BRANCH_EXCLUDED: return "excluded";
    case NPC_BRANCH_UNDETERMINED: return "undetermined";
    case NPC_BRANCH_PREEMPTED: return "preempted";
    case NPC_BRANCH_POSSIBLE: return "possible";
    case NPC_BRANCH_NOT_LOOKED_AT:
    default: return "not-looked-at";
    }
}

const char *
npc_branch_state_to_label (NpcBranchState state)
{
  switch (state)
    {
    case NPC_BRANCH_TAKEN: return _("✓ Taken");
    case NPC_BRANCH_EXCLUDED: return _("✗ Not taken");
    case NPC_BRANCH_UNDETERMINED: return _("? Undetermined");
    /* Translators: a branch after the one taken */
    case NPC_BRANCH_PREEMPTED: return _("– Not considered");
    /* Translators: a branch after the open one, that an answer could still take */
    case NPC_BRANCH_POSSIBLE: return _("? Possible");
    case NPC_BRANCH_NOT_LOOKED_AT:
    default: return _("– Not looked at");
    }
}

const char *
npc_value_source_to_string (NpcValueSource source)
{
  switch (source)
    {
    case NPC_SOURCE_ENTERED: return "entered";
    case NPC_SOURCE_DEFAULT: return "default";
    case NPC_SOURCE_DERIVED: return "derived";
    case NPC_SOURCE_NONE:
    default: return "unknown";
    }
}

const char *
npc_node_state_to_string (NpcNodeState state)
{
  switch (state)
    {
    case NPC_NODE_STATE_ON_PATH: return "on-path";
    case NPC_NODE_STATE_PRIMARY: return "primary";
    case NPC_NODE_STATE_STOPPED: return "stopped";
    case NPC_NODE_STATE_ALTERNATIVE: return "alternative";
    case NPC_NODE_STATE_EXCLUDED: return "excluded";
    case NPC_NODE_STATE_UNDETERMINED: return "undetermined";
    case NPC_NODE_STATE_NOT_REACHED:
    default: return "not-reached";
    }
}

const char *
npc_node_state_to_label (NpcNodeState state)
{
  switch (state)
    {
    case NPC_NODE_STATE_PRIMARY: return _("The outcome reached for this case");
    case NPC_NODE_STATE_ON_PATH: return _("On this case’s path");
    case NPC_NODE_STATE_STOPPED: return _("The pathway stops here: input is needed");
    case NPC_NODE_STATE_ALTERNATIVE: return _("An alternative for this case");
    case NPC_NODE_STATE_EXCLUDED: return _("Not taken for this case");
    case NPC_NODE_STATE_UNDETERMINED: return _("Undetermined: depends on a value not entered");
    case NPC_NODE_STATE_NOT_REACHED:
    default: return _("Not reached by this case");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* the command-line contract                                                                   */

/* The JSON is written directly: evaluate --batch prints one result per case, and a builder
 * would cost more than the evaluation itself. */
/* Control characters, the quote, the backslash and the terminating NUL stop a plain run. */
/* Appends n bytes; the GString grows the way g_string_set_size() grows it. */
static void
grow (GString *s,
      gsize    n)
{
  gsize len = s->len;

  g_string_set_size (s, len + n);
  s->len = len;
}

static inline void
out_len (GString    *s,
         const char *p,
         gsize       n)
{
  if (G_UNLIKELY (s->len + n >= s->allocated_len))
    grow (s, n);
  memcpy (s->str + s->len, p, n);
  s->len += n;
  s->str[s->len] = '\0';
}

#define PUT_LIT(s, lit) out_len ((s), (lit), sizeof (lit) - 1)

static const gboolean needs_escape[256] = {
  [0x00 ... 0x1f] = TRUE,
  ['"'] = TRUE,
  ['\\'] = TRUE,
};

/* Whether one of eight bytes is below 0x20, a quote or a backslash (it may say so for a byte
 * after one that is: the caller then looks byte by byte). */
static inline gboolean
word_needs_escape (guint64 x)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');

  return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
           ((backslash - ones) & ~backslash)) & highs) != 0;
}

static void
put_string (GString    *s,
            const char *v)
{
  const char *p;
  gsize at, len;

  if (v == NULL)
    {
      PUT_LIT (s, "null");
      return;
    }

  /* Most strings need no escaping: copy eight bytes at a time while none of them does,
   * then the rest byte by byte up to the end or the first that does. */
  {
    gsize n = strlen (v), i = 0;
    char *d;

    if (G_UNLIKELY (s->len + n + 2 >= s->allocated_len))
      grow (s, n + 2);
    at = s->len;
    d = s->str + at + 1;
    s->str[at] = '"';
    for (; i + 8 <= n; i += 8)
      {
        guint64 x;

        memcpy (&x, v + i, 8);
        if (word_needs_escape (x))
          break;
        memcpy (d + i, &x, 8);
      }
    for (; !needs_escape[(guchar) v[i]]; i++)
      d[i] = v[i];
    p = v + i;
    len = i;
  }
  s->str[at + len + 1] = '"';
  s->len = at + len + 2;
  s->str[s->len] = '\0';
  if (*p == '\0')
    return;

  /* Escapes needed: continue from the first one. */
  g_string_truncate (s, at + len + 1);
  while (*p != '\0')
    {
      const char *run = p;
      guchar c;

      while (!needs_escape[c = (guchar) *p])
        p++;
      if (p > run)
        g_string_append_len (s, run, p - run);
      if (c == '\0')
        break;
      switch (c)
        {
        case '"': g_string_append (s, "\\\""); break;
        case '\\': g_string_append (s, "\\\\"); break;
        case '\n': g_string_append (s, "\\n"); break;
        case '\r': g_string_append (s, "\\r"); break;
        case '\t': g_string_append (s, "\\t"); break;
        default: g_string_append_printf (s, "\\u%04x", c); break;
        }
      p++;
    }
  g_string_append_c (s, '"');
}

/* A key the code spells out: no escaping to look for. */
#define PUT_KEY(s, key, first) put_literal_key ((s), "\"" key "\":", sizeof ("\"" key "\":") - 1, (first))

static inline void
put_literal_key (GString    *s,
                 const char *quoted,
                 gsize       len,
                 gboolean    first)
{
  if (!first)
    g_string_append_c (s, ',');
  out_len (s, quoted, len);
}

static void
put_key (GString    *s,
         const char *key,
         gboolean    first)
{
  if (!first)
    g_string_append_c (s, ',');
  put_string (s, key);
  g_string_append_c (s, ':');
}

static void
put_uint (GString *s,
          guint    v)
{
  char buf[16];
  char *p = buf + sizeof buf;

  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  out_len (s, p, buf + sizeof buf - p);
}

static void
put_value (GString        *s,
           const NpcField *f,
           const NpcValue *v)
{
  if (v == NULL || !v->known)
    {
      PUT_LIT (s, "null");
      return;
    }
  switch (f->type)
    {
    case NPC_FIELD_ENUM:
      put_string (s, f->values[v->v.enum_index].id);
      break;
    case NPC_FIELD_BOOLEAN:
      if (v->v.boolean)
        PUT_LIT (s, "true");
      else
        PUT_LIT (s, "false");
      break;
    case NPC_FIELD_INTEGER:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, v->v.integer);
      break;
    case NPC_FIELD_TEXT:
      put_string (s, v->v.text);
      break;
    case NPC_FIELD_SET:
      g_string_append_c (s, '[');
      for (guint i = 0, n = 0; i < f->n_values; i++)
        if ((v->v.set_mask >> i) & 1)
          {
            if (n++ > 0)
              g_string_append_c (s, ',');
            put_string (s, f->values[i].id);
          }
      g_string_append_c (s, ']');
      break;
    case NPC_FIELD_TEXT_LIST:
      g_string_append_c (s, '[');
      for (guint i = 0; v->v.list != NULL && v->v.list[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (s, ',');
          put_string (s, v->v.list[i]);
        }
      g_string_append_c (s, ']');
      break;
    default:
      PUT_LIT (s, "null");
      break;
    }
}

/* The values a constraint allows: enum ids, booleans, integer intervals as
 * {"min": a, "max": b}, set values as {"includes": [...], "excludes": [...]}; null stands
 * for leaving the field empty. */
static void
put_constraint_values (GString             *s,
                       const NpcConstraint *c)
{
  const NpcField *f = c->field;
  guint n = 0;

  g_string_append_c (s, '[');
  if (c->may_be_known)
    switch (f->type)
      {
      case NPC_FIELD_ENUM:
        for (guint i = 0; i < f->n_values; i++)
          if ((c->mask >> i) & 1)
            {
              if (n++ > 0)
                g_string_append_c (s, ',');
              put_string (s, f->values[i].id);
            }
        break;
      case NPC_FIELD_BOOLEAN:
        if (c->mask & 1)
          {
            PUT_LIT (s, "false");
            n++;
          }
        if (c->mask & 2)
          {
            if (n++)
              PUT_LIT (s, ",true");
            else
              PUT_LIT (s, "true");
          }
        break;
      case NPC_FIELD_INTEGER:
        g_string_append_printf (s, "{\"min\":%" G_GINT64_FORMAT ",\"max\":%" G_GINT64_FORMAT "}",
                                c->min, c->max);
        n++;
        break;
      case NPC_FIELD_SET:
        PUT_LIT (s, "{\"includes\":[");
        for (guint i = 0, k = 0; i < f->n_values; i++)
          if ((c->mask >> i) & 1)
            {
              if (k++ > 0)
                g_string_append_c (s, ',');
              put_string (s, f->values[i].id);
            }
        PUT_LIT (s, "],\"excludes\":[");
        for (guint i = 0, k = 0; i < f->n_values; i++)
          if ((c->excl >> i) & 1)
            {
              if (k++ > 0)
                g_string_append_c (s, ',');
              put_string (s, f->values[i].id);
            }
        PUT_LIT (s, "]}");
        n++;
        break;
      default:
        break;
      }
  if (c->may_be_empty && n > 0)
    PUT_LIT (s, ",null");
  else if (c->may_be_empty)
    PUT_LIT (s, "null");
  g_string_append_c (s, ']');
}

/* The parts of a result that depend only on the guideline, written once as JSON and copied:
 * the head of each step (node, branch, label, the "state" key), the reason of a taken branch,
 * the ids of nodes and fields, each fact's head and each enum value, the reference numbers.
 * They belong to the guideline (its qdata), whose nodes and fields they index, and are
 * written by the first result of a guideline; two threads may both write them, and one
 * copy is kept. */
typedef struct {
  guint32 off, len;
} Frag;

#define N_REF_FRAGS 512

typedef struct {
  char *bytes;
  guint n_nodes, n_fields;
  Frag *node_id;       /* per node index */
  guint *branch_first; /* per node index: its first branch in branch_head, branch_text */
  Frag *branch_head;   /* {"node":"D1","branch":1,"label":"…","state": */
  Frag *branch_text;   /* the condition in words, the reason of a taken branch */
  Frag *field_id;      /* per field index */
  Frag *field_head;    /* {"field":"id","value": */
  guint *value_first;  /* per field index: its first value in value_id */
  Frag *value_id;
  Frag state[NPC_BRANCH_POSSIBLE + 1];  /* "taken","reason": */
  Frag source[NPC_SOURCE_DERIVED + 1];  /* ,"source":"entered"} */
  Frag ref[N_REF_FRAGS];                /* ,7 */
} JsonFrags;

/* The fragments' bytes end in FRAG_PAD zeros, so that a short one is copied in one fixed-size
 * move (the bytes after it are written over by what follows, or by the final NUL). */
#define FRAG_PAD 16

static inline void
out_frag (GString         *s,
          const JsonFrags *f,
          Frag             frag)
{
  const char *p = f->bytes + frag.off;
  char *d;

  if (G_UNLIKELY (s->len + frag.len + FRAG_PAD >= s->allocated_len))
    grow (s, frag.len + FRAG_PAD);
  d = s->str + s->len;
  if (frag.len <= FRAG_PAD)
    memcpy (d, p, FRAG_PAD);
  else
    memcpy (d, p, frag.len);
  s->len += frag.len;
  s->str[s->len] = '\0';
}

static void
json_frags_free (gpointer data)
{
  JsonFrags *f = data;

  g_free (f->bytes);
  g_free (f->node_id);
  g_free (f->branch_first);
  g_free (f->branch_head);
  g_free (f->branch_text);
  g_free (f->field_id);
  g_free (f->field_head);
  g_free (f->value_first);
  g_free (f->value_id);
  g_free (f);
}

/* Starts a fragment at the end of `arena`; frag_end() measures it. */
static inline Frag
frag_end (GString *arena,
          gsize    start)
{
  return (Frag) { (guint32) start, (guint32) (arena->len - start) };
}

static JsonFrags *
json_frags_new (NpcGuideline *guideline)
{
  guint n_nodes, n_fields, n_branches = 0, n_values = 0;
  const NpcNode *const *nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  const NpcField *const *fields = npc_guideline_get_fields (guideline, &n_fields);
  JsonFrags *f = g_new0 (JsonFrags, 1);
  GString *a = g_string_sized_new (65536);
  gsize at;

  for (guint i = 0; i < n_nodes; i++)
    {
      /* The tables are indexed by the nodes' and fields' own indices. */
      if (nodes[i]->index != i)
        goto fail;
      n_branches += nodes[i]->branches != NULL ? nodes[i]->n_branches : 0;
    }
  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i]->index != i)
        goto fail;
      if (fields[i]->type == NPC_FIELD_ENUM)
        n_values += fields[i]->n_values;
    }

  f->n_nodes = n_nodes;
  f->n_fields = n_fields;
  f->node_id = g_new0 (Frag, MAX (n_nodes, 1));
  f->branch_first = g_new0 (guint, MAX (n_nodes, 1));
  f->branch_head = g_new0 (Frag, MAX (n_branches, 1));
  f->branch_text = g_new0 (Frag, MAX (n_branches, 1));
  f->field_id = g_new0 (Frag, MAX (n_fields, 1));
  f->field_head = g_new0 (Frag, MAX (n_fields, 1));
  f->value_first = g_new0 (guint, MAX (n_fields, 1));
  f->value_id = g_new0 (Frag, MAX (n_values, 1));

  n_branches = 0;
  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *node = nodes[i];

      at = a->len;
      put_string (a, node->id);
      f->node_id[i] = frag_end (a, at);
      f->branch_first[i] = n_branches;
      for (guint b = 0; node->branches != NULL && b < node->n_branches; b++)
        {
          const NpcBranch *branch = &node->branches[b];

          if (branch->index != b)
            goto fail;
          at = a->len;
          PUT_LIT (a, "{\"node\":");
          put_string (a, node->id);
          PUT_LIT (a, ",\"branch\":");
          put_uint (a, branch->index + 1);
          PUT_LIT (a, ",\"label\":");
          put_string (a, branch->label);
          PUT_LIT (a, ",\"state\":");
          f->branch_head[n_branches] = frag_end (a, at);
          at = a->len;
          put_string (a, branch->text);
          f->branch_text[n_branches] = frag_end (a, at);
          n_branches++;
        }
    }

  n_values = 0;
  for (guint i = 0; i < n_fields; i++)
    {
      const NpcField *field = fields[i];

      at = a->len;
      put_string (a, field->id);
      f->field_id[i] = frag_end (a, at);
      at = a->len;
      PUT_LIT (a, "{\"field\":");
      put_string (a, field->id);
      PUT_LIT (a, ",\"value\":");
      f->field_head[i] = frag_end (a, at);
      f->value_first[i] = n_values;
      for (guint v = 0; field->type == NPC_FIELD_ENUM && v < field->n_values; v++)
        {
          at = a->len;
          put_string (a, field->values[v].id);
          f->value_id[n_values++] = frag_end (a, at);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (f->state); i++)
    {
      at = a->len;
      put_string (a, npc_branch_state_to_string ((NpcBranchState) i));
      PUT_LIT (a, ",\"reason\":");
      f->state[i] = frag_end (a, at);
    }
  for (guint i = 0; i < G_N_ELEMENTS (f->source); i++)
    {
      at = a->len;
      PUT_LIT (a, ",\"source\":");
      put_string (a, npc_value_source_to_string ((NpcValueSource) i));
      PUT_LIT (a, "}");
      f->source[i] = frag_end (a, at);
    }
  for (guint i = 0; i < G_N_ELEMENTS (f->ref); i++)
    {
      at = a->len;
      PUT_LIT (a, ",");
      put_uint (a, i);
      f->ref[i] = frag_end (a, at);
    }

  for (guint i = 0; i < FRAG_PAD; i++)
    g_string_append_c (a, '\0');
  f->bytes = g_string_free (a, FALSE);
  return f;

fail:
  g_string_free (a, TRUE);
  json_frags_free (f);
  return NULL;
}

static G_DEFINE_QUARK (npc-evaluation-json-frags, json_frags)

/* The guideline's fragments, or NULL where its tables are not indexed as expected (then
 * every part is written the long way). */
static const JsonFrags *
json_frags_get (NpcGuideline *guideline)
{
  GQuark quark = json_frags_quark ();
  JsonFrags *f = g_object_get_qdata (G_OBJECT (guideline), quark);

  if (G_LIKELY (f != NULL))
    return f->bytes != NULL ? f : NULL;

  f = json_frags_new (guideline);
  if (f == NULL)
    {
      /* Remembered too: an empty set says "the long way". */
      f = g_new0 (JsonFrags, 1);
    }
  if (!g_object_replace_qdata (G_OBJECT (guideline), quark, NULL, f, json_frags_free, NULL))
    {
      json_frags_free (f);
      f = g_object_get_qdata (G_OBJECT (guideline), quark);
    }
  return f->bytes != NULL ? f : NULL;
}

/* A fact's or an assumption's value: an enum's id from the fragments. */
static inline void
put_fact_value (GString         *s,
                const JsonFrags *frags,
                const NpcField  *f,
                const NpcValue  *v)
{
  if (frags != NULL && f->type == NPC_FIELD_ENUM && v->known && v->v.enum_index < f->n_values)
    out_frag (s, frags, frags->value_id[frags->value_first[f->index] + v->v.enum_index]);
  else
    put_value (s, f, v);
}

static void
json_write (NpcEvaluation *self,
            GString       *s)
{
  const JsonFrags *frags;
  gboolean reached, first;

  _npc_evaluation_ensure_words (self);
  frags = json_frags_get (self->guideline);

  reached = self->outcome != NPC_OUTCOME_NEEDS_INPUT &&
            self->outcome != NPC_OUTCOME_VALIDATION_ERROR;

  g_string_append_c (s, '{');
  PUT_KEY (s, "guideline", TRUE);
  g_string_append_c (s, '{');
  PUT_KEY (s, "id", TRUE);
  put_string (s, npc_guideline_get_id (self->guideline));
  PUT_KEY (s, "version", FALSE);
  put_string (s, npc_guideline_get_version (self->guideline));
  g_string_append_c (s, '}');

  PUT_KEY (s, "outcome", FALSE);
  put_string (s, npc_outcome_type_to_string (self->outcome));
  PUT_KEY (s, "primary", FALSE);
  put_string (s, reached && self->primary ? self->primary->id : NULL);
  PUT_KEY (s, "strength", FALSE);
  put_string (s, reached ? npc_evaluation_get_strength (self) : NULL);
  {
    NpcRating r;

    _npc_evaluation_rate (self, reached ? self->primary : NULL, TRUE, &r);
    PUT_KEY (s, "grade", FALSE);
    put_string (s, r.grade);
    PUT_KEY (s, "stated_grade", FALSE);
    if (r.stated_grade != NULL)
      {
        g_string_append_c (s, '{');
        PUT_KEY (s, "grade", TRUE);
        put_string (s, r.stated_grade);
        PUT_KEY (s, "population", FALSE);
        put_string (s, r.population);
        g_string_append_c (s, '}');
      }
    else
      PUT_LIT (s, "null");
  }

  PUT_KEY (s, "alternatives", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->alternatives->len; i++)
    {
      const NpcEvalAlternative *a = &g_array_index (self->alternatives, NpcEvalAlternative, i);

      if (i > 0)
        g_string_append_c (s, ',');
      put_string (s, a->node ? a->node->id : a->modifier->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "agents", FALSE);
  g_string_append_c (s, '[');
  first = TRUE;
  for (guint i = 0; i < self->agents->len; i++)
    {
      const NpcEvalAgent *a = &g_array_index (self->agents, NpcEvalAgent, i);

      if (a->excluded)
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      put_string (s, a->agent->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "agent_caveats", FALSE);
  g_string_append_c (s, '{');
  first = TRUE;
  for (guint i = 0; i < self->agents->len; i++)
    {
      const NpcEvalAgent *a = &g_array_index (self->agents, NpcEvalAgent, i);

      if (a->excluded || a->caveats == NULL || a->caveats[0] == NULL)
        continue;
      put_key (s, a->agent->id, first);
      first = FALSE;
      g_string_append_c (s, '[');
      for (guint k = 0; a->caveats[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (s, ',');
          put_string (s, a->caveats[k]);
        }
      g_string_append_c (s, ']');
    }
  g_string_append_c (s, '}');

  PUT_KEY (s, "excluded_agents", FALSE);
  g_string_append_c (s, '[');
  first = TRUE;
  for (guint i = 0; i < self->agents->len; i++)
    {
      const NpcEvalAgent *a = &g_array_index (self->agents, NpcEvalAgent, i);

      if (!a->excluded)
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      g_string_append_c (s, '{');
      PUT_KEY (s, "agent", TRUE);
      put_string (s, a->agent->id);
      PUT_KEY (s, "reason", FALSE);
      put_string (s, a->reason);
      g_string_append_c (s, '}');
    }
  g_string_append_c (s, ']');

  {
    const NpcEvalOption *opts = NULL;
    const char *caveat = NULL;
    guint n_opts = 0;

    if (reached && self->primary != NULL)
      opts = npc_evaluation_get_options (self, self->primary, &n_opts, &caveat);
    PUT_KEY (s, "options", FALSE);
    g_string_append_c (s, '[');
    first = TRUE;
    for (guint i = 0; i < n_opts; i++)
      {
        if (opts[i].excluded)
          continue;
        if (!first)
          g_string_append_c (s, ',');
        first = FALSE;
        g_string_append_c (s, '{');
        PUT_KEY (s, "label", TRUE);
        put_string (s, opts[i].option->text);
        PUT_KEY (s, "agents", FALSE);
        g_string_append_c (s, '[');
        for (guint a = 0; a < opts[i].option->n_agents; a++)
          {
            if (a > 0)
              g_string_append_c (s, ',');
            put_string (s, opts[i].option->agents[a]);
          }
        g_string_append_c (s, ']');
        PUT_KEY (s, "note", FALSE);
        put_string (s, opts[i].note);
        g_string_append_c (s, '}');
      }
    g_string_append_c (s, ']');
    PUT_KEY (s, "excluded_options", FALSE);
    g_string_append_c (s, '[');
    first = TRUE;
    for (guint i = 0; i < n_opts; i++)
      {
        if (!opts[i].excluded)
          continue;
        if (!first)
          g_string_append_c (s, ',');
        first = FALSE;
        g_string_append_c (s, '{');
        PUT_KEY (s, "label", TRUE);
        put_string (s, opts[i].option->text);
        PUT_KEY (s, "reason", FALSE);
        put_string (s, opts[i].reason);
        g_string_append_c (s, '}');
      }
    g_string_append_c (s, ']');
    PUT_KEY (s, "options_caveat", FALSE);
    put_string (s, caveat);
  }

  /* The conditional notes that hold for this case, on the path and on the outcomes shown. */
  PUT_KEY (s, "notes", FALSE);
  g_string_append_c (s, '[');
  first = TRUE;
  if (self->outcome != NPC_OUTCOME_VALIDATION_ERROR)
    {
      guint n_path = self->path->len;

      /* The nodes of the path, then the alternatives' nodes not seen before. */
      for (guint i = 0; i < n_path + self->alternatives->len; i++)
        {
          const NpcNode *node;

          if (i < n_path)
            node = self->path->pdata[i];
          else
            {
              guint alt = i - n_path;
              gboolean seen;

              node = g_array_index (self->alternatives, NpcEvalAlternative, alt).node;
              if (node == NULL)
                continue;
              seen = npc_ptr_vec_find (self->path, node);
              for (guint j = 0; j < alt && !seen; j++)
                seen = g_array_index (self->alternatives, NpcEvalAlternative, j).node == node;
              if (seen)
                continue;
            }

          for (guint k = 0; k < node->links.n_notes; k++)
            {
              const NpcNote *note = node->links.notes[k];
              const char *text = note->text ? note->text
                                 : note->ambiguity ? note->ambiguity->text : NULL;

              if (note->when == NULL || text == NULL ||
                  npc_evaluation_note_holds (self, note) != NPC_TRI_TRUE)
                continue;
              if (!first)
                g_string_append_c (s, ',');
              first = FALSE;
              g_string_append_c (s, '{');
              PUT_KEY (s, "node", TRUE);
              put_string (s, node->id);
              PUT_KEY (s, "ambiguity", FALSE);
              put_string (s, note->ambiguity ? note->ambiguity->id : NULL);
              PUT_KEY (s, "text", FALSE);
              put_string (s, text);
              g_string_append_c (s, '}');
            }
        }
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "evidence", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->evidence->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      put_string (s, ((const NpcEvidence *) self->evidence->pdata[i])->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "references", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->references->len; i++)
    {
      guint ref = g_array_index (self->references, guint, i);

      if (frags != NULL && ref < N_REF_FRAGS)
        {
          /* ",7": the first without its comma */
          Frag frag = frags->ref[ref];

          if (i == 0)
            frag = (Frag) { frag.off + 1, frag.len - 1 };
          out_frag (s, frags, frag);
          continue;
        }
      if (i > 0)
        g_string_append_c (s, ',');
      put_uint (s, ref);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "path", FALSE);
  g_string_append_c (s, '[');
  if (self->outcome == NPC_OUTCOME_VALIDATION_ERROR)
    put_string (s, invalid_path_id (self));
  for (guint i = 0; i < self->path->len; i++)
    {
      const NpcNode *node = self->path->pdata[i];

      if (i > 0 || self->outcome == NPC_OUTCOME_VALIDATION_ERROR)
        g_string_append_c (s, ',');
      if (frags != NULL && node->index < frags->n_nodes)
        out_frag (s, frags, frags->node_id[node->index]);
      else
        put_string (s, node->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "needs_input", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->needs_input->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      put_string (s, ((const NpcField *) self->needs_input->pdata[i])->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "validation_errors", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->errors->len; i++)
    {
      const NpcValidationError *e = self->errors->pdata[i];

      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, '{');
      PUT_KEY (s, "rule", TRUE);
      put_string (s, e->rule);
      PUT_KEY (s, "field", FALSE);
      put_string (s, e->field);
      PUT_KEY (s, "message", FALSE);
      put_string (s, e->message);
      g_string_append_c (s, '}');
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "flags", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->flags->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      put_string (s, ((const NpcAmbiguity *) self->flags->pdata[i])->id);
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "derived", FALSE);
  g_string_append_c (s, '{');
  for (guint i = 0; i < self->derived->len; i++)
    {
      const NpcDerived *d = &g_array_index (self->derived, NpcDerived, i);
      const NpcField *f = d->field;

      put_key (s, f->id, i == 0);
      if (f->type == NPC_FIELD_ENUM)
        put_string (s, f->values[d->value.v.enum_index].id);
      else if (f->type == NPC_FIELD_BOOLEAN && d->value.v.boolean)
        PUT_LIT (s, "true");
      else if (f->type == NPC_FIELD_BOOLEAN)
        PUT_LIT (s, "false");
      else if (f->type == NPC_FIELD_INTEGER)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, d->value.v.integer);
      else
        PUT_LIT (s, "null");
    }
  g_string_append_c (s, '}');

  PUT_KEY (s, "assumptions", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->assumptions->len; i++)
    {
      const NpcAssumption *a = &g_array_index (self->assumptions, NpcAssumption, i);

      if (i > 0)
        g_string_append_c (s, ',');
      if (frags != NULL && a->field->index < frags->n_fields)
        out_frag (s, frags, frags->field_head[a->field->index]);
      else
        {
          g_string_append_c (s, '{');
          PUT_KEY (s, "field", TRUE);
          put_string (s, a->field->id);
          PUT_KEY (s, "value", FALSE);
        }
      put_fact_value (s, frags, a->field, &a->value);
      PUT_KEY (s, "source", FALSE);
      put_string (s, npc_value_source_to_string (a->source));
      PUT_KEY (s, "by", FALSE);
      put_string (s, a->by ? a->by->id : NULL);
      g_string_append_c (s, '}');
    }
  g_string_append_c (s, ']');

  PUT_KEY (s, "possible_outcomes", FALSE);
  if (!self->json_possible_outcomes)
    PUT_LIT (s, "null");
  else
  {
  g_string_append_c (s, '[');
  {
    GPtrArray *possible = npc_evaluation_get_possible_outcomes (self);

    for (guint i = 0; i < possible->len; i++)
      {
        const NpcPossibleOutcome *po = possible->pdata[i];

        if (i > 0)
          g_string_append_c (s, ',');
        g_string_append_c (s, '{');
        PUT_KEY (s, "outcome", TRUE);
        put_string (s, po->outcome->id);
        PUT_KEY (s, "when", FALSE);
        g_string_append_c (s, '[');
        for (guint k = 0; k < po->n_when; k++)
          {
            if (k > 0)
              g_string_append_c (s, ',');
            g_string_append_c (s, '{');
            PUT_KEY (s, "field", TRUE);
            put_string (s, po->when[k].field->id);
            PUT_KEY (s, "values", FALSE);
            put_constraint_values (s, &po->when[k]);
            g_string_append_c (s, '}');
          }
        g_string_append_c (s, ']');
        PUT_KEY (s, "text", FALSE);
        put_string (s, po->text);
        g_string_append_c (s, '}');
      }
  }
  g_string_append_c (s, ']');
  }

  PUT_KEY (s, "explanation", FALSE);
  g_string_append_c (s, '[');
  for (guint i = 0; i < self->explanation->len; i++)
    {
      const NpcStep *step = &g_array_index (self->explanation, NpcStep, i);
      gboolean fast = frags != NULL && step->node->index < frags->n_nodes &&
                      (guint) step->state < G_N_ELEMENTS (frags->state);
      guint b = fast ? frags->branch_first[step->node->index] + step->branch->index : 0;

      if (i > 0)
        g_string_append_c (s, ',');
      if (fast)
        {
          out_frag (s, frags, frags->branch_head[b]);
          out_frag (s, frags, frags->state[step->state]);
        }
      else
        {
          g_string_append_c (s, '{');
          PUT_KEY (s, "node", TRUE);
          put_string (s, step->node->id);
          PUT_KEY (s, "branch", FALSE);
          put_uint (s, step->branch->index + 1);
          PUT_KEY (s, "label", FALSE);
          put_string (s, step->branch->label);
          PUT_KEY (s, "state", FALSE);
          put_string (s, npc_branch_state_to_string (step->state));
          PUT_KEY (s, "reason", FALSE);
        }
      if (fast && step->reason == step->branch->text && step->reason != NULL)
        out_frag (s, frags, frags->branch_text[b]);
      else
        put_string (s, step->reason);
      PUT_LIT (s, ",\"facts\":[");
      for (guint k = 0; k < step->n_facts; k++)
        {
          const NpcFact *fact = &step->facts[k];

          if (k > 0)
            g_string_append_c (s, ',');
          if (frags != NULL && fact->field->index < frags->n_fields &&
              (guint) fact->source < G_N_ELEMENTS (frags->source))
            {
              out_frag (s, frags, frags->field_head[fact->field->index]);
              put_fact_value (s, frags, fact->field, &fact->value);
              out_frag (s, frags, frags->source[fact->source]);
              continue;
            }
          g_string_append_c (s, '{');
          PUT_KEY (s, "field", TRUE);
          put_string (s, fact->field->id);
          PUT_KEY (s, "value", FALSE);
          put_value (s, fact->field, &fact->value);
          PUT_KEY (s, "source", FALSE);
          put_string (s, npc_value_source_to_string (fact->source));
          g_string_append_c (s, '}');
        }
      PUT_LIT (s, "]}");
    }
  g_string_append_c (s, ']');

  g_string_append_c (s, '}');
}

char *
npc_evaluation_to_json_data (NpcEvaluation *self,
                             gsize         *length)
{
  GString *s;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  /* A result is some 5 kB: room for most without growing. */
  s = g_string_sized_new (8192);
  json_write (self, s);
  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

void
npc_evaluation_append_json (NpcEvaluation *self,
                            GString       *out)
{
  g_return_if_fail (NPC_IS_EVALUATION (self));
  g_return_if_fail (out != NULL);
  json_write (self, out);
}

JsonNode *
npc_evaluation_to_json (NpcEvaluation *self)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);

  data = npc_evaluation_to_json_data (self, NULL);
  node = json_from_string (data, &error);
  /* The writer above only writes valid JSON; anything else is a bug worth hearing about. */
  g_assert_no_error (error);
  return node;
}

char *
npc_evaluation_to_text (NpcEvaluation *self)
{
  GString *s;
  g_autofree char *summary = NULL;
  g_auto(GStrv) path = NULL;
  const NpcMetadata *meta;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  s = g_string_new (NULL);
  summary = npc_evaluation_dup_summary (self);
  path = npc_evaluation_dup_path_ids (self);
  meta = npc_guideline_get_metadata (self->guideline);

  g_string_append_printf (s, "%s\n", summary);
  if (self->primary != NULL && self->primary->statement != NULL)
    g_string_append_printf (s, "\n%s\n", self->primary->statement);

  joined = g_strjoinv (" → ", path);
  g_string_append_printf (s, _("\nPath: %s\n"), joined);

  for (guint i = 0; i < self->errors->len; i++)
    {
      const NpcValidationError *e = self->errors->pdata[i];

      g_string_append_printf (s, _("Error %s at %s: %s\n"), e->rule, e->field, e->message);
    }

  if (self->alternatives->len > 0)
    {
      g_string_append (s, _("Alternatives:\n"));
      for (guint i = 0; i < self->alternatives->len; i++)
        {
          const NpcEvalAlternative *a = &g_array_index (self->alternatives, NpcEvalAlternative, i);

          g_string_append_printf (s, "  - %s\n", a->node ? a->node->label : a->modifier->label);
        }
    }

  for (guint i = 0; i < self->agents->len; i++)
    {
      const NpcEvalAgent *a = &g_array_index (self->agents, NpcEvalAgent, i);

      if (a->excluded)
        g_string_append_printf (s, _("Agent not listed: %s — %s\n"), a->agent->label, a->reason);
      else
        {
          g_autofree char *caveats = a->caveats ? g_strjoinv ("; ", a->caveats) : NULL;

          g_string_append_printf (s, _("Agent: %s%s%s%s\n"), a->agent->label,
                                  caveats && *caveats ? " (" : "", caveats ? caveats : "",
                                  caveats && *caveats ? ")" : "");
        }
    }

  if (self->primary != NULL && self->primary->n_options > 0 &&
      self->outcome != NPC_OUTCOME_VALIDATION_ERROR)
    {
      const char *caveat = NULL;
      guint n = 0;
      const NpcEvalOption *opts = npc_evaluation_get_options (self, self->primary, &n, &caveat);

      g_string_append_printf (s, "%s:\n", self->primary->options_label
                                            ? self->primary->options_label : _("Options"));
      for (guint i = 0; i < n; i++)
        if (!opts[i].excluded)
          g_string_append_printf (s, "  - %s%s%s\n", opts[i].option->text,
                                  opts[i].note ? " — " : "", opts[i].note ? opts[i].note : "");
      for (guint i = 0; i < n; i++)
        if (opts[i].excluded)
          g_string_append_printf (s, _("  ✗ not listed: %s — %s\n"), opts[i].option->text,
                                  opts[i].reason);
      if (caveat != NULL)
        g_string_append_printf (s, "  %s\n", caveat);
    }

  if (self->flags->len > 0)
    {
      g_string_append (s, _("Ambiguities in the source:\n"));
      for (guint i = 0; i < self->flags->len; i++)
        {
          const NpcAmbiguity *a = self->flags->pdata[i];

          g_string_append_printf (s, "  %s %s\n", a->id, a->title);
        }
    }

  if (self->evidence->len > 0)
    {
      g_string_append (s, _("Evidence:"));
      for (guint i = 0; i < self->evidence->len; i++)
        g_string_append_printf (s, " %s", ((const NpcEvidence *) self->evidence->pdata[i])->id);
      g_string_append_c (s, '\n');
    }
  if (self->references->len > 0)
    {
      g_string_append (s, _("References:"));
      for (guint i = 0; i < self->references->len; i++)
        g_string_append_printf (s, " %u", g_array_index (self->references, guint, i));
      g_string_append_c (s, '\n');
    }

  if (self->assumptions->len > 0)
    {
      g_string_append (s, _("Assumed (not entered):\n"));
      for (guint i = 0; i < self->assumptions->len; i++)
        {
          const NpcAssumption *a = &g_array_index (self->assumptions, NpcAssumption, i);
          g_autofree char *v = npc_value_to_text (a->field, &a->value);

          if (a->source == NPC_SOURCE_DERIVED)
            g_string_append_printf (s, _("  %s: %s (derived at %s)\n"), a->field->label, v,
                                    a->by->id);
          else
            g_string_append_printf (s, _("  %s: %s (the field's default)\n"), a->field->label, v);
        }
    }

  if (self->outcome != NPC_OUTCOME_VALIDATION_ERROR)
    {
      GPtrArray *po = npc_evaluation_get_possible_outcomes (self);

      if (po->len > 1 || self->primary == NULL)
        {
          g_string_append (s, _("Possible outcomes once the rest is known:\n"));
          for (guint i = 0; i < po->len; i++)
            g_string_append_printf (s, "  - %s\n", ((NpcPossibleOutcome *) po->pdata[i])->text);
        }
    }

  if (self->explanation->len > 0)
    g_string_append (s, _("\nWhy:\n"));
  for (guint i = 0; i < self->explanation->len; i++)
    {
      const NpcStep *step = &g_array_index (self->explanation, NpcStep, i);

      /* TRANSLATORS: one line of "Why": the decision's id, the branch, its state ("✓ Taken",
       * "✗ Not taken"), and why */
      g_string_append_printf (s, _("  %1$s “%2$s”: %3$s — %4$s\n"), step->node->id,
                              step->branch->label, npc_branch_state_to_label (step->state),
                              step->reason);
    }

  g_string_append_printf (s, _("\nSource: %s (literature review current through %s; last "
                               "updated %s).\n%s\n"),
                          meta->source_title, meta->literature_review_through,
                          meta->last_updated, meta->disclaimer);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* what could happen, in a few words                                                           */

typedef struct {
  char *when;
  GPtrArray *labels; /* const char*, borrowed from the guideline */
  guint n_direct;    /* how many of them the answer leads to directly (they come first) */
} PossibleGroup;

static void
possible_group_free (PossibleGroup *g)
{
  g_free (g->when);
  g_ptr_array_unref (g->labels);
  g_free (g);
}

/* Whether an outcome lies under a node without crossing a redirect into another part of
 * the tree: an answer leads there directly. */
static gboolean
in_part_of (const NpcNode *from,
            const NpcNode *outcome,
            guint          depth)
{
  if (from == outcome)
    return TRUE;
  if (from->kind != NPC_NODE_DECISION || depth > 256)
    return FALSE;
  for (guint b = 0; b < from->n_branches; b++)
    if (in_part_of (from->branches[b].target, outcome, depth + 1))
      return TRUE;
  return FALSE;
}

/* the outcomes an answer at `from` leads to directly first, then those that need the fewest
 * further answers */
static int
by_nearness (gconstpointer a,
             gconstpointer b,
             gpointer      from)
{
  const NpcPossibleOutcome *x = *(const NpcPossibleOutcome *const *) a;
  const NpcPossibleOutcome *y = *(const NpcPossibleOutcome *const *) b;
  gboolean nx = from != NULL && in_part_of (from, x->outcome, 0);
  gboolean ny = from != NULL && in_part_of (from, y->outcome, 0);

  if (nx != ny)
    return nx ? -1 : 1;
  return x->n_when < y->n_when ? -1 : x->n_when > y->n_when;
}

char *
npc_evaluation_dup_possible_summary (NpcEvaluation *self,
                                     guint          max_per_answer)
{
  g_autoptr(GPtrArray) groups = NULL;
  const NpcField *field;
  GPtrArray *possible;
  GString *s;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (self->outcome != NPC_OUTCOME_NEEDS_INPUT || self->needs_input->len == 0)
    return NULL;
  possible = npc_evaluation_get_possible_outcomes (self);
  if (possible == NULL || possible->len == 0)
    return NULL;

  /* grouped by what the first field asked for would have to be; within an answer, the
   * outcomes it leads to directly first */
  field = self->needs_input->pdata[0];
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) possible_group_free);
  {
    GPtrArray *sorted = g_ptr_array_sized_new (possible->len);

    /* a view of the evaluation's list: borrowed, freed with it */
    for (guint i = 0; i < possible->len; i++)
      g_ptr_array_add (sorted, possible->pdata[i]);
    possible = sorted;
  }
  g_ptr_array_sort_with_data (possible, by_nearness, (gpointer) self->stopped_at);
  for (guint i = 0; i < possible->len; i++)
    {
      const NpcPossibleOutcome *po = possible->pdata[i];
      g_autofree char *when = NULL;
      PossibleGroup *group = NULL;

      for (guint k = 0; k < po->n_when && when == NULL; k++)
        if (po->when[k].field == field)
          when = npc_constraint_to_text (&po->when[k]);
      if (when == NULL)
        /* Translators: a possible outcome whatever the answer to the field asked for */
        when = g_strdup (_("whatever the answer"));
      for (guint k = 0; k < groups->len && group == NULL; k++)
        if (g_str_equal (((PossibleGroup *) groups->pdata[k])->when, when))
          group = groups->pdata[k];
      if (group == NULL)
        {
          group = g_new0 (PossibleGroup, 1);
          group->when = g_steal_pointer (&when);
          group->labels = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      if (!g_ptr_array_find_with_equal_func (group->labels, po->outcome->label, g_str_equal, NULL))
        {
          g_ptr_array_add (group->labels, (gpointer) po->outcome->label);
          if (self->stopped_at != NULL && in_part_of (self->stopped_at, po->outcome, 0))
            group->n_direct++;
        }
    }

  g_ptr_array_unref (possible);
  s = g_string_new (NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      const PossibleGroup *g = groups->pdata[i];

      if (i > 0)
        g_string_append (s, "; ");
      /* Translators: "If Recurrent T stage is rT1 or rT2: salvage surgery, …" */
      g_string_append_printf (s, _("if %s: "), g->when);
      guint shown = g->n_direct > 0 ? MIN (g->n_direct, max_per_answer)
                                     : MIN (g->labels->len, max_per_answer);

      for (guint k = 0; k < shown; k++)
        g_string_append_printf (s, "%s%s", k ? ", " : "", (const char *) g->labels->pdata[k]);
      if (g->labels->len > shown)
        /* Translators: after the outcomes an answer leads to, those further on */
        g_string_append_printf (s, g_dngettext (NULL, ", or %u more further on",
                                                ", or %u more further on",
                                                g->labels->len - shown),
                                g->labels->len - shown);
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* why, in a clinician's words                                                                 */

static const char *
source_words (NpcValueSource source)
{
  switch (source)
    {
    case NPC_SOURCE_ENTERED: return _("entered");
    case NPC_SOURCE_DEFAULT: return _("assumed; not entered");
    case NPC_SOURCE_DERIVED: return _("set by the pathway");
    case NPC_SOURCE_NONE:
    default: return _("not known");
    }
}

/* "Recurrent T stage is rT2" for the facts a branch read; NULL when it read none. */
static char *
facts_clause (const NpcStep *step)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < step->n_facts; i++)
    {
      g_autofree char *value = npc_value_to_text (step->facts[i].field, &step->facts[i].value);

      if (i > 0)
        g_string_append (s, i + 1 == step->n_facts ? _(" and ") : ", ");
      /* Translators: a fact a decision read: "Recurrent T stage is rT2" */
      g_string_append_printf (s, _("%s is %s"), step->facts[i].field->label, value);
    }
  return g_string_free (s, s->len == 0);
}

GStrv
npc_evaluation_dup_fact_words (NpcEvaluation *self,
                               const NpcNode *node)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  for (guint i = 0; i < self->explanation->len; i++)
    {
      const NpcStep *step = &g_array_index (self->explanation, NpcStep, i);

      if (step->node != node)
        continue;
      for (guint k = 0; k < step->n_facts; k++)
        {
          const NpcFact *f = &step->facts[k];
          g_autofree char *value = NULL;
          g_autofree char *line = NULL;

          if (g_ptr_array_find (seen, f->field, NULL))
            continue;
          g_ptr_array_add (seen, (gpointer) f->field);
          value = npc_value_to_text (f->field, &f->value);
          /* Translators: "Recurrent T stage: rT2 (entered)" */
          line = g_strdup_printf (_("%s: %s (%s)"), f->field->label, value,
                                  source_words (f->source));
          g_strv_builder_add (b, line);
        }
    }
  return g_strv_builder_end (b);
}

GStrv
npc_evaluation_dup_branch_words (NpcEvaluation *self,
                                 const NpcNode *node)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  if (node->kind != NPC_NODE_DECISION)
    return g_strv_builder_end (b);

  for (guint br = 0; br < node->n_branches; br++)
    {
      const NpcBranch *branch = &node->branches[br];
      const NpcStep *step = NULL;
      const char *reason = NULL;
      NpcBranchState state = npc_evaluation_get_branch_state (self, node, br, &reason, &step);
      g_autofree char *facts = NULL;
      g_autofree char *line = NULL;

      if (step != NULL)
        facts = facts_clause (step);

      switch (state)
        {
        case NPC_BRANCH_TAKEN:
          if (branch->condition->kind == NPC_COND_ALWAYS)
            /* Translators: the branch taken when none before it applies */
            line = g_strdup_printf (_("✓ “%s”, as none of the branches before it applies"),
                                    branch->label);
          else if (facts != NULL)
            /* Translators: the branch taken, because of what the case says */
            line = g_strdup_printf (_("✓ “%s”, because %s"), branch->label, facts);
          else
            line = g_strdup_printf (_("✓ “%s”"), branch->label);
          break;
        case NPC_BRANCH_EXCLUDED:
          if (facts != NULL)
            /* Translators: a branch not taken, in one clause */
            line = g_strdup_printf (_("✗ Not “%s”: %s"), branch->label, facts);
          else
            line = g_strdup_printf (_("✗ Not “%s”"), branch->label);
          break;
        case NPC_BRANCH_UNDETERMINED:
          {
            GString *fields = g_string_new (NULL);
            g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
            NpcEnv env;

            _npc_evaluation_env (self, &env);
            npc_condition_collect_unknown (branch->condition, &env, unknown);
            for (guint k = 0; k < unknown->len; k++)
              g_string_append_printf (fields, "%s%s", k ? ", " : "",
                                      ((const NpcField *) unknown->pdata[k])->label);
            /* Translators: a branch that an answer could still take */
            line = g_strdup_printf (_("? “%s” is possible: it depends on %s"), branch->label,
                                    fields->str);
            g_string_free (fields, TRUE);
          }
          break;
        case NPC_BRANCH_POSSIBLE:
          /* Translators: a branch after the open one, that an answer could still take */
          line = g_strdup_printf (_("? “%s” is possible: it depends on %s"), branch->label,
                                  reason);
          break;
        case NPC_BRANCH_PREEMPTED:
          /* Translators: a branch after the one taken; the reason names the one taken */
          line = g_strdup_printf (_("– “%s” is not considered: %s"), branch->label,
                                  reason != NULL ? reason : "");
          break;
        case NPC_BRANCH_NOT_LOOKED_AT:
        default:
          line = g_strdup_printf (_("– “%s” is not looked at yet"), branch->label);
          break;
        }
      g_strv_builder_add (b, line);
    }
  return g_strv_builder_end (b);
}

char *
npc_evaluation_dup_path_words (NpcEvaluation *self,
                               const NpcNode *until)
{
  GString *s;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);
  _npc_evaluation_ensure_words (self);
  s = g_string_new (NULL);
  for (guint i = 0; i < self->explanation->len; i++)
    {
      const NpcStep *step = &g_array_index (self->explanation, NpcStep, i);

      if (until != NULL && step->node == until)
        break;
      if (step->state != NPC_BRANCH_TAKEN)
        continue;
      /* Translators: one decision on the way, and the branch it took: "Site of recurrence? →
       * Nasopharynx, with or without neck" */
      g_string_append_printf (s, "%s%s → %s", s->len ? " · " : "", step->node->label,
                              step->branch->label);
    }
  return g_string_free (s, s->len == 0);
}

/* Whether an outcome among the possible ones lies under a node, redirects followed. */
static gboolean
leads_to_possible (const NpcNode *node,
                   GPtrArray     *possible,
                   guint          depth)
{
  if (node == NULL || depth > 256)
    return FALSE;
  if (node->kind == NPC_NODE_OUTCOME)
    {
      for (guint i = 0; i < possible->len; i++)
        if (((const NpcPossibleOutcome *) possible->pdata[i])->outcome == node)
          return TRUE;
      return FALSE;
    }
  if (node->kind == NPC_NODE_REDIRECT)
    return leads_to_possible (node->target, possible, depth + 1);
  for (guint b = 0; b < node->n_branches; b++)
    if (leads_to_possible (node->branches[b].target, possible, depth + 1))
      return TRUE;
  return FALSE;
}

static gboolean
branch_is_possible (NpcEvaluation *self,
                    const NpcNode *node,
                    guint          branch)
{
  GPtrArray *possible;
  NpcEnv env;

  if (self->outcome != NPC_OUTCOME_NEEDS_INPUT || self->stopped_at != node ||
      node->kind != NPC_NODE_DECISION || branch >= node->n_branches)
    return FALSE;
  _npc_evaluation_env (self, &env);
  /* a branch whose own condition is already false is ruled out */
  if (npc_condition_eval (node->branches[branch].condition, &env) == NPC_TRI_FALSE)
    return FALSE;
  possible = npc_evaluation_get_possible_outcomes (self);
  return possible != NULL && leads_to_possible (node->branches[branch].target, possible, 0);
}

/**
 * npc_evaluation_dup_fields_to_complete:
 *
 * Where the pathway stops at an evaluation step (complete the work-up first), the fields
 * whose answers hold it there: the fields of the atoms that ruled out the branches before
 * the one to the step, at the decision that leads to it. These are the fields to revisit
 * once the work-up is done. Where input is needed, the needed fields. Otherwise empty.
 *
 * Returns: (transfer container): a GPtrArray of const NpcField *
 */
GPtrArray *
npc_evaluation_dup_fields_to_complete (NpcEvaluation *self)
{
  GPtrArray *fields;
  const NpcNode *const *path;
  const NpcNode *decision;
  guint n_path = 0;
  NpcEnv env;

  g_return_val_if_fail (NPC_IS_EVALUATION (self), NULL);

  fields = g_ptr_array_new ();
  if (self->outcome == NPC_OUTCOME_NEEDS_INPUT)
    {
      const NpcField *const *needed;
      guint n = 0;

      needed = npc_evaluation_get_needs_input (self, &n);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (fields, (gpointer) needed[i]);
      return fields;
    }
  if (self->outcome != NPC_OUTCOME_EVALUATION_STEP)
    return fields;

  path = npc_evaluation_get_path (self, &n_path);
  if (n_path < 2)
    return fields;
  decision = path[n_path - 2];
  if (decision->kind != NPC_NODE_DECISION)
    return fields;

  _npc_evaluation_env (self, &env);
  for (guint b = 0; b < decision->n_branches; b++)
    {
      const NpcStep *step = npc_evaluation_get_branch_step (self, decision, b);

      if (step == NULL || step->state == NPC_BRANCH_TAKEN)
        break;
      if (step->state == NPC_BRANCH_EXCLUDED)
        npc_condition_collect_failing (decision->branches[b].condition, &env, fields);
    }
  return fields;
}
