/* npc-condition.c — Kleene three-valued conditions and their explanation
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-condition"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "npc-condition.h"
#include "npc-words-private.h"

NpcTri
npc_tri_and (NpcTri a,
             NpcTri b)
{
  return MIN (a, b);
}

NpcTri
npc_tri_or (NpcTri a,
            NpcTri b)
{
  return MAX (a, b);
}

NpcTri
npc_tri_not (NpcTri a)
{
  return (NpcTri) (NPC_TRI_TRUE - a);
}

const char *
npc_tri_to_string (NpcTri t)
{
  switch (t)
    {
    case NPC_TRI_FALSE: return "false";
    case NPC_TRI_TRUE: return "true";
    case NPC_TRI_UNKNOWN:
    default: return "unknown";
    }
}

static inline NpcTri
tri (gboolean b)
{
  return b ? NPC_TRI_TRUE : NPC_TRI_FALSE;
}

static gboolean
compare (gint64       a,
         NpcCompareOp op,
         gint64       b)
{
  switch (op)
    {
    case NPC_CMP_LT: return a < b;
    case NPC_CMP_LE: return a <= b;
    case NPC_CMP_GT: return a > b;
    case NPC_CMP_GE: return a >= b;
    case NPC_CMP_EQ: return a == b;
    case NPC_CMP_NE: return a != b;
    default: return FALSE;
    }
}

static inline G_GNUC_UNUSED NpcTri eval_atom (const NpcCondition *c, const NpcValue *v)
  __attribute__ ((always_inline));

static inline NpcTri
eval_atom (const NpcCondition *c,
           const NpcValue     *v)
{
  switch (c->kind)
    {
    case NPC_COND_KNOWN:
      return tri (v != NULL && v->known);
    case NPC_COND_EQUALS:
      if (v == NULL || !v->known)
        return NPC_TRI_UNKNOWN;
      switch (c->field->type)
        {
        case NPC_FIELD_ENUM: return tri (v->v.enum_index == c->value.v.enum_index);
        case NPC_FIELD_BOOLEAN: return tri (!v->v.boolean == !c->value.v.boolean);
        case NPC_FIELD_INTEGER: return tri (v->v.integer == c->value.v.integer);
        case NPC_FIELD_TEXT: return tri (g_strcmp0 (v->v.text, c->value.v.text) == 0);
        default: return NPC_TRI_UNKNOWN;
        }
    case NPC_COND_IN:
      if (v == NULL || !v->known)
        return NPC_TRI_UNKNOWN;
      return tri ((c->mask >> v->v.enum_index) & 1);
    case NPC_COND_CONTAINS:
      if (v == NULL || !v->known)
        return NPC_TRI_UNKNOWN;
      return tri ((v->v.set_mask >> c->value.v.enum_index) & 1);
    case NPC_COND_COMPARE:
      if (v == NULL || !v->known)
        return NPC_TRI_UNKNOWN;
      return tri (compare (v->v.integer, c->op, c->value.v.integer));
    default:
      g_assert_not_reached ();
    }
}

void
npc_condition_compile_atom (NpcCondition *c)
{
  c->atom_op = NPC_ATOM_NONE;
  if (c->field == NULL)
    return;
  c->slot = c->field->index;
  switch (c->kind)
    {
    case NPC_COND_KNOWN:
      c->atom_op = NPC_ATOM_KNOWN;
      break;
    case NPC_COND_EQUALS:
      switch (c->field->type)
        {
        case NPC_FIELD_ENUM: c->atom_op = NPC_ATOM_EQUALS_ENUM; break;
        case NPC_FIELD_BOOLEAN: c->atom_op = NPC_ATOM_EQUALS_BOOLEAN; break;
        case NPC_FIELD_INTEGER: c->atom_op = NPC_ATOM_EQUALS_INTEGER; break;
        case NPC_FIELD_TEXT: c->atom_op = NPC_ATOM_EQUALS_TEXT; break;
        default: break;
        }
      break;
    case NPC_COND_IN:
      c->atom_op = NPC_ATOM_IN;
      break;
    case NPC_COND_CONTAINS:
      c->atom_op = NPC_ATOM_CONTAINS;
      break;
    case NPC_COND_COMPARE:
      c->atom_op = NPC_ATOM_COMPARE;
      break;
    default:
      break;
    }
}

/* A compiled atom on the values by field index: the same answers as eval_atom(). */
static inline NpcTri
atom_fast (const NpcCondition *c,
           const NpcValue     *values,
           guint8             *read)
{
  const NpcValue *v = &values[c->slot];

  if (read != NULL)
    read[c->slot] = 1;
  if (!v->known)
    return c->atom_op == NPC_ATOM_KNOWN ? NPC_TRI_FALSE : NPC_TRI_UNKNOWN;
  switch ((NpcAtomOp) c->atom_op)
    {
    case NPC_ATOM_KNOWN: return NPC_TRI_TRUE;
    case NPC_ATOM_EQUALS_ENUM: return tri (v->v.enum_index == c->value.v.enum_index);
    case NPC_ATOM_EQUALS_BOOLEAN: return tri (!v->v.boolean == !c->value.v.boolean);
    case NPC_ATOM_EQUALS_INTEGER: return tri (v->v.integer == c->value.v.integer);
    case NPC_ATOM_EQUALS_TEXT: return tri (g_strcmp0 (v->v.text, c->value.v.text) == 0);
    case NPC_ATOM_IN: return tri ((c->mask >> v->v.enum_index) & 1);
    case NPC_ATOM_CONTAINS: return tri ((v->v.set_mask >> c->value.v.enum_index) & 1);
    case NPC_ATOM_COMPARE: return tri (compare (v->v.integer, c->op, c->value.v.integer));
    case NPC_ATOM_NONE:
    default: return NPC_TRI_UNKNOWN;
    }
}

/* npc_condition_eval() when the values are at hand (the engine's case): compiled atoms are
 * evaluated in their parent's loop rather than through a call each. */
static NpcTri
eval_values (const NpcCondition *c,
             const NpcEnv       *env)
{
  NpcTri acc, t;

  if (c->atom_op != NPC_ATOM_NONE)
    return atom_fast (c, env->values, env->read);
  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
      return NPC_TRI_TRUE;
    case NPC_COND_ALL:
      acc = NPC_TRI_TRUE;
      for (guint i = 0; i < c->n_children; i++)
        {
          const NpcCondition *k = c->children[i];

          t = k->atom_op != NPC_ATOM_NONE ? atom_fast (k, env->values, env->read)
                                          : eval_values (k, env);
          if (t < acc && (acc = t) == NPC_TRI_FALSE)
            break;
        }
      return acc;
    case NPC_COND_ANY:
      acc = NPC_TRI_FALSE;
      for (guint i = 0; i < c->n_children; i++)
        {
          const NpcCondition *k = c->children[i];

          t = k->atom_op != NPC_ATOM_NONE ? atom_fast (k, env->values, env->read)
                                          : eval_values (k, env);
          if (t > acc && (acc = t) == NPC_TRI_TRUE)
            break;
        }
      return acc;
    case NPC_COND_NOT:
      {
        const NpcCondition *k = c->children[0];

        return npc_tri_not (k->atom_op != NPC_ATOM_NONE ? atom_fast (k, env->values, env->read)
                                                        : eval_values (k, env));
      }
    case NPC_COND_AGENTS_QUALIFY:
      return env->agents != NULL ? env->agents (c->outcome, env->user_data) : NPC_TRI_UNKNOWN;
    default:
      if (env->read != NULL)
        env->read[c->field->index] = 1;
      return eval_atom (c, &env->values[c->field->index]);
    }
}

/* Whether c evaluates to `want` (TRUE or FALSE), from the values at hand. */
static gboolean
holds_values (const NpcCondition *c,
              const NpcEnv       *env,
              NpcTri              want)
{
  gboolean all;

  if (c->atom_op != NPC_ATOM_NONE)
    return atom_fast (c, env->values, env->read) == want;
  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
      return want == NPC_TRI_TRUE;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      /* all: true when every part is; false when one part is (and the reverse for any) */
      all = (c->kind == NPC_COND_ALL) == (want == NPC_TRI_TRUE);
      for (guint i = 0; i < c->n_children; i++)
        {
          const NpcCondition *k = c->children[i];
          gboolean h = k->atom_op != NPC_ATOM_NONE
                         ? atom_fast (k, env->values, env->read) == want
                         : holds_values (k, env, want);

          if (h != all)
            return !all;
        }
      return all;
    case NPC_COND_NOT:
      return holds_values (c->children[0], env, npc_tri_not (want));
    default:
      return eval_values (c, env) == want;
    }
}

gboolean
npc_condition_holds (const NpcCondition *c,
                     const NpcEnv       *env)
{
  if (env->values == NULL)
    return npc_condition_eval (c, env) == NPC_TRI_TRUE;
  return holds_values (c, env, NPC_TRI_TRUE);
}

NpcTri
npc_condition_eval (const NpcCondition *c,
                    const NpcEnv       *env)
{
  NpcTri acc;

  if (env->values != NULL)
    return eval_values (c, env);

  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
      return NPC_TRI_TRUE;
    case NPC_COND_ALL:
      acc = NPC_TRI_TRUE;
      for (guint i = 0; i < c->n_children && acc != NPC_TRI_FALSE; i++)
        acc = npc_tri_and (acc, npc_condition_eval (c->children[i], env));
      return acc;
    case NPC_COND_ANY:
      acc = NPC_TRI_FALSE;
      for (guint i = 0; i < c->n_children && acc != NPC_TRI_TRUE; i++)
        acc = npc_tri_or (acc, npc_condition_eval (c->children[i], env));
      return acc;
    case NPC_COND_NOT:
      return npc_tri_not (npc_condition_eval (c->children[0], env));
    case NPC_COND_AGENTS_QUALIFY:
      return env->agents != NULL ? env->agents (c->outcome, env->user_data) : NPC_TRI_UNKNOWN;
    default:
      if (env->values != NULL)
        {
          if (env->read != NULL)
            env->read[c->field->index] = 1;
          return eval_atom (c, &env->values[c->field->index]);
        }
      return eval_atom (c, env->value (c->field, env->user_data));
    }
}

static void
add_field (GPtrArray      *fields,
           const NpcField *field)
{
  if (!g_ptr_array_find (fields, field, NULL))
    g_ptr_array_add (fields, (gpointer) field);
}

void
npc_condition_collect_unknown (const NpcCondition *c,
                               const NpcEnv       *env,
                               GPtrArray          *fields)
{
  NpcTri t = npc_condition_eval (c, env);

  if (t != NPC_TRI_UNKNOWN)
    return;

  switch (c->kind)
    {
    case NPC_COND_ALL:
    case NPC_COND_ANY:
    case NPC_COND_NOT:
      /* Only unknown children can change an unknown result. */
      for (guint i = 0; i < c->n_children; i++)
        npc_condition_collect_unknown (c->children[i], env, fields);
      break;
    case NPC_COND_AGENTS_QUALIFY:
    case NPC_COND_ALWAYS:
      break;
    default:
      add_field (fields, c->field);
      break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* translations kept per locale (npc-words-private.h)                                          */

gint _npc_tr_generation = 0;

/* gettext's count of catalogue changes: glibc's and GNU libintl's, absent elsewhere. */
extern int _nl_msg_cat_cntr __attribute__ ((weak));

/* The locale the current generation was looked up in. A stamp is never changed once it is
 * seen, nor freed: a thread may still be comparing with it (a few bytes a locale change); the
 * current one holds the one it replaced. */
typedef struct _TrStamp TrStamp;
struct _TrStamp {
  char *language;
  char *messages;
  int counter;
  TrStamp *older;
};

static GMutex tr_lock;
static TrStamp *tr_stamp;

static inline gboolean
tr_stamp_is (const TrStamp *st,
             const char    *language,
             const char    *messages,
             int            counter)
{
  return st != NULL && st->counter == counter && g_strcmp0 (st->language, language) == 0 &&
         g_strcmp0 (st->messages, messages) == 0;
}

void
_npc_tr_refresh (void)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *messages = setlocale (LC_MESSAGES, NULL);
  int counter = &_nl_msg_cat_cntr != NULL ? _nl_msg_cat_cntr : 0;
  TrStamp *st;

  if (tr_stamp_is (g_atomic_pointer_get (&tr_stamp), language, messages, counter))
    return;

  g_mutex_lock (&tr_lock);
  if (!tr_stamp_is (tr_stamp, language, messages, counter))
    {
      st = g_new0 (TrStamp, 1);
      st->language = g_strdup (language);
      st->messages = g_strdup (messages);
      st->counter = counter;
      st->older = tr_stamp;
      g_atomic_pointer_set (&tr_stamp, st);
      g_atomic_int_inc (&_npc_tr_generation);
    }
  g_mutex_unlock (&tr_lock);
}

const char *
_npc_tr_site_fill (NpcTrSite  *site,
                   gint        gen,
                   const char *text)
{
  /* The text first: a reader that sees the generation sees its text. */
  if (gen != 0)
    {
      g_atomic_pointer_set (&site->text, text);
      g_atomic_int_set (&site->gen, gen);
    }
  return text;
}

/* ------------------------------------------------------------------------------------------ */
/* words                                                                                       */

static char *
value_text (const NpcField *field,
            const NpcValue *value)
{
  if (value == NULL || !value->known)
    return g_strdup (NPC_TR (_("unknown")));

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      return g_strdup (npc_field_value_label (field, value->v.enum_index));
    case NPC_FIELD_BOOLEAN:
      return g_strdup (value->v.boolean ? NPC_TR (_("yes")) : NPC_TR (_("no")));
    case NPC_FIELD_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->v.integer);
    case NPC_FIELD_TEXT:
      return g_strdup (value->v.text);
    case NPC_FIELD_SET:
      {
        GString *s = g_string_new (NULL);

        for (guint i = 0; i < field->n_values; i++)
          if ((value->v.set_mask >> i) & 1)
            g_string_append_printf (s, "%s%s", s->len ? ", " : "", field->values[i].label);
        if (s->len == 0)
          npc_words_put (s, NPC_TR (_("none")));
        return g_string_free (s, FALSE);
      }
    case NPC_FIELD_TEXT_LIST:
      return value->v.list ? g_strjoinv (", ", (char **) value->v.list)
                           : g_strdup (NPC_TR (_("none")));
    default:
      return g_strdup ("?");
    }
}

char *
npc_value_to_text (const NpcField *field,
                   const NpcValue *value)
{
  _npc_tr_refresh ();
  return value_text (field, value);
}

/* One argument of a message: a text (NULL reads "(null)", as printf writes it), a value of a
 * field in words, or the values of a mask joined by `joiner`. */
typedef struct {
  const char *text;
  const NpcField *field;
  const NpcValue *value;
  guint64 mask;
  const char *joiner;
} WordArg;

#define TEXT_ARG(t) ((WordArg) { (t), NULL, NULL, 0, NULL })
#define VALUE_ARG(f, v) ((WordArg) { NULL, (f), (v), 0, NULL })
#define MASK_ARG(f, m, j) ((WordArg) { NULL, (f), NULL, (m), (j) })

static inline void
append_or_null (GString    *s,
                const char *text)
{
  npc_words_put (s, text != NULL ? text : "(null)");
}

/* npc_value_to_text() written into `s`, as printf's %s would write it. */
static void
append_value_text (GString        *s,
                   const NpcField *field,
                   const NpcValue *value)
{
  if (value == NULL || !value->known)
    {
      npc_words_put (s, NPC_TR (_("unknown")));
      return;
    }

  switch (field->type)
    {
    case NPC_FIELD_ENUM:
      append_or_null (s, npc_field_value_label (field, value->v.enum_index));
      break;
    case NPC_FIELD_BOOLEAN:
      npc_words_put (s, value->v.boolean ? NPC_TR (_("yes")) : NPC_TR (_("no")));
      break;
    case NPC_FIELD_INTEGER:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, value->v.integer);
      break;
    case NPC_FIELD_TEXT:
      append_or_null (s, value->v.text);
      break;
    case NPC_FIELD_SET:
      {
        gsize start = s->len;

        for (guint i = 0; i < field->n_values; i++)
          if ((value->v.set_mask >> i) & 1)
            {
              if (s->len > start)
                npc_words_put (s, ", ");
              append_or_null (s, field->values[i].label);
            }
        if (s->len == start)
          npc_words_put (s, NPC_TR (_("none")));
        break;
      }
    case NPC_FIELD_TEXT_LIST:
      if (value->v.list == NULL)
        npc_words_put (s, NPC_TR (_("none")));
      else
        for (guint i = 0; value->v.list[i] != NULL; i++)
          {
            if (i > 0)
              npc_words_put (s, ", ");
            npc_words_put (s, value->v.list[i]);
          }
      break;
    default:
      g_string_append_c (s, '?');
      break;
    }
}

static void
append_mask_text (GString        *s,
                  const NpcField *field,
                  guint64         mask,
                  const char     *joiner)
{
  gsize start = s->len;

  for (guint i = 0; i < field->n_values; i++)
    if ((mask >> i) & 1)
      {
        if (s->len > start)
          npc_words_put (s, joiner);
        append_or_null (s, field->values[i].label);
      }
}

static void
append_arg (GString       *s,
            const WordArg *arg)
{
  if (arg->field == NULL)
    append_or_null (s, arg->text);
  else if (arg->joiner != NULL)
    append_mask_text (s, arg->field, arg->mask, arg->joiner);
  else
    append_value_text (s, arg->field, arg->value);
}

/* Appends `format` (a translated message) with its arguments, the way
 * g_string_append_printf() would: a format of %s and %% only is copied in pieces, without
 * printf and without making the arguments' text first; any other goes to printf. */
static void
append_words (GString       *s,
              const char    *format,
              const WordArg *args,
              guint          n_args)
{
  gsize start = s->len;
  const char *p = format;
  guint n = 0;

  for (;;)
    {
      const char *pct = strchr (p, '%');

      if (pct == NULL)
        {
          npc_words_put (s, p);
          return;
        }
      npc_words_put_len (s, p, pct - p);
      if (pct[1] == '%')
        g_string_append_c (s, '%');
      else if (pct[1] == 's' && n < n_args)
        append_arg (s, &args[n++]);
      else
        break;
      p = pct + 2;
    }

  /* Another format: printf writes it, from the arguments' text. */
  g_string_truncate (s, start);
  {
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    g_assert (n_args <= 2);
    for (guint i = 0; i < n_args; i++)
      {
        GString *t = g_string_new (NULL);

        append_arg (t, &args[i]);
        if (args[i].field == NULL && args[i].text == NULL)
          g_string_free (t, TRUE);
        else if (i == 0)
          a = g_string_free (t, FALSE);
        else
          b = g_string_free (t, FALSE);
      }
    NPC_TR_PRINTF_BEGIN
    g_string_append_printf (s, format, a, b);
    NPC_TR_PRINTF_END
  }
}

/* g_string_append_printf (s, format, a, b) for a format of %s and %% only, without the cost
 * of printf; any other format (positions, widths) goes to printf. */
void
_npc_words_append_format (GString    *s,
                          const char *format,
                          const char *a,
                          const char *b)
{
  const WordArg args[2] = { { .text = a }, { .text = b } };

  append_words (s, format, args, G_N_ELEMENTS (args));
}

static const char *
op_text (NpcCompareOp op)
{
  switch (op)
    {
    case NPC_CMP_LT: return "<";
    case NPC_CMP_LE: return "≤";
    case NPC_CMP_GT: return ">";
    case NPC_CMP_GE: return "≥";
    case NPC_CMP_EQ: return "=";
    case NPC_CMP_NE: return "≠";
    default: return "?";
    }
}

static void append_text (GString *s, const NpcCondition *c, gboolean negated, gboolean nested);

static void
append_atom (GString            *s,
             const NpcCondition *c,
             gboolean            negated)
{
  const char *label = c->field ? c->field->label : "";

  switch (c->kind)
    {
    case NPC_COND_KNOWN:
      append_words (s, negated ? NPC_TR (_("%s is not known")) : NPC_TR (_("%s is known")),
                    &TEXT_ARG (label), 1);
      break;
    case NPC_COND_EQUALS:
      append_words (s, negated ? NPC_TR (_("%s is not %s")) : NPC_TR (_("%s is %s")),
                    (WordArg[]) { TEXT_ARG (label), VALUE_ARG (c->field, &c->value) }, 2);
      break;
    case NPC_COND_IN:
      append_words (s, negated ? NPC_TR (_("%s is neither %s")) : NPC_TR (_("%s is %s")),
                    (WordArg[]) { TEXT_ARG (label),
                                  MASK_ARG (c->field, c->mask, NPC_TR (_(" or "))) }, 2);
      break;
    case NPC_COND_CONTAINS:
      {
        NpcValue one = { TRUE, { .set_mask = G_GUINT64_CONSTANT (1) << c->value.v.enum_index } };

        append_words (s, negated ? NPC_TR (_("%s does not include %s"))
                                 : NPC_TR (_("%s includes %s")),
                      (WordArg[]) { TEXT_ARG (label), VALUE_ARG (c->field, &one) }, 2);
        break;
      }
    case NPC_COND_COMPARE:
      /* Message ids cannot hold G_GINT64_FORMAT (xgettext cuts them there): long long. */
      NPC_TR_PRINTF_BEGIN
      g_string_append_printf (s, negated ? NPC_TR (_("not %s %s %lld")) : "%s %s %lld", label,
                              op_text (c->op), (long long) c->value.v.integer);
      NPC_TR_PRINTF_END
      break;
    case NPC_COND_AGENTS_QUALIFY:
      append_words (s, negated ? NPC_TR (_("no agent of “%s” qualifies"))
                               : NPC_TR (_("at least one agent of “%s” qualifies")),
                    &TEXT_ARG (c->outcome->label), 1);
      break;
    case NPC_COND_ALWAYS:
      npc_words_put (s, negated ? NPC_TR (_("never")) : NPC_TR (_("otherwise")));
      break;
    default:
      break;
    }
}

static void
append_text (GString            *s,
             const NpcCondition *c,
             gboolean            negated,
             gboolean            nested)
{
  const char *joiner;

  switch (c->kind)
    {
    case NPC_COND_NOT:
      append_text (s, c->children[0], !negated, nested);
      return;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      if (c->n_children == 1)
        {
          append_text (s, c->children[0], negated, nested);
          return;
        }
      /* De Morgan keeps negations on the atoms, where they read naturally. */
      joiner = (c->kind == NPC_COND_ALL) != negated ? NPC_TR (_(" and ")) : NPC_TR (_(" or "));
      if (nested)
        g_string_append_c (s, '(');
      for (guint i = 0; i < c->n_children; i++)
        {
          if (i > 0)
            npc_words_put (s, joiner);
          append_text (s, c->children[i], negated, TRUE);
        }
      if (nested)
        g_string_append_c (s, ')');
      return;
    default:
      append_atom (s, c, negated);
      return;
    }
}

char *
npc_condition_to_text (const NpcCondition *c)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (c != NULL, NULL);
  _npc_tr_refresh ();
  append_text (s, c, FALSE, FALSE);
  return g_string_free (s, FALSE);
}

/* Appends why `c` (negated when `negated`) is not true: the atoms that fail, with the case's
 * values, or the fields that are unknown. The text starts at `start` in `s`. */
static void
append_why_not (GString            *s,
                gsize               start,
                const NpcCondition *c,
                const NpcEnv       *env,
                gboolean            negated)
{
  NpcTri t = npc_condition_eval (c, env);

  if (negated)
    t = npc_tri_not (t);
  if (t == NPC_TRI_TRUE)
    return;

  switch (c->kind)
    {
    case NPC_COND_NOT:
      append_why_not (s, start, c->children[0], env, !negated);
      return;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      {
        /* A conjunction fails through its failing parts; a disjunction through all of them. */
        gboolean conj = (c->kind == NPC_COND_ALL) != negated;

        for (guint i = 0; i < c->n_children; i++)
          {
            NpcTri ct = npc_condition_eval (c->children[i], env);

            if (negated)
              ct = npc_tri_not (ct);
            if (ct == NPC_TRI_TRUE)
              continue;
            /* In a failed conjunction, show false parts; unknown parts only if none is false. */
            if (conj && t == NPC_TRI_FALSE && ct != NPC_TRI_FALSE)
              continue;
            append_why_not (s, start, c->children[i], env, negated);
          }
        return;
      }
    default:
      break;
    }

  if (s->len > start)
    npc_words_put (s, "; ");

  if (c->kind == NPC_COND_AGENTS_QUALIFY || c->kind == NPC_COND_ALWAYS)
    {
      append_atom (s, c, !negated);
      return;
    }

  {
    const NpcValue *v = env->value (c->field, env->user_data);
    WordArg args[2] = { TEXT_ARG (c->field->label), VALUE_ARG (c->field, v) };

    if ((v == NULL || !v->known) && c->kind != NPC_COND_KNOWN)
      {
        append_words (s, NPC_TR (_("%s is not known")), args, 1);
        return;
      }
    switch (c->kind)
      {
      case NPC_COND_KNOWN:
        append_atom (s, c, !negated);
        break;
      case NPC_COND_COMPARE:
        append_words (s, NPC_TR (_("%s is %s (needs ")), args, 2);
        append_atom (s, c, negated);
        g_string_append_c (s, ')');
        break;
      default:
        /* For a yes/no field the value says it all; otherwise say what was needed. */
        if (c->kind == NPC_COND_EQUALS && c->field->type == NPC_FIELD_BOOLEAN)
          {
            append_words (s, NPC_TR (_("%s is %s")), args, 2);
            break;
          }
        append_words (s, NPC_TR (_("%s is %s (needs: ")), args, 2);
        append_atom (s, c, negated);
        g_string_append_c (s, ')');
        break;
      }
  }
}

/* The fields of the atoms that make the condition fail: the same atoms that
 * npc_condition_explain() names. */
static void
collect_failing (const NpcCondition *c,
                 const NpcEnv       *env,
                 gboolean            negated,
                 GPtrArray          *fields)
{
  NpcTri t = npc_condition_eval (c, env);

  if (negated)
    t = npc_tri_not (t);
  if (t == NPC_TRI_TRUE)
    return;

  switch (c->kind)
    {
    case NPC_COND_NOT:
      collect_failing (c->children[0], env, !negated, fields);
      return;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      {
        gboolean conj = (c->kind == NPC_COND_ALL) != negated;

        for (guint i = 0; i < c->n_children; i++)
          {
            NpcTri ct = npc_condition_eval (c->children[i], env);

            if (negated)
              ct = npc_tri_not (ct);
            if (ct == NPC_TRI_TRUE || (conj && t == NPC_TRI_FALSE && ct != NPC_TRI_FALSE))
              continue;
            collect_failing (c->children[i], env, negated, fields);
          }
        return;
      }
    default:
      break;
    }
  if (c->field != NULL && !g_ptr_array_find (fields, c->field, NULL))
    g_ptr_array_add (fields, (gpointer) c->field);
}

void
npc_condition_collect_failing (const NpcCondition *cond,
                               const NpcEnv       *env,
                               GPtrArray          *fields)
{
  g_return_if_fail (cond != NULL && env != NULL && fields != NULL);
  collect_failing (cond, env, FALSE, fields);
}

/* append_why_not() without its words: the same evaluations and reads. */
static void
visit_why_not (const NpcCondition *c,
               const NpcEnv       *env,
               gboolean            negated)
{
  NpcTri t = npc_condition_eval (c, env);

  if (negated)
    t = npc_tri_not (t);
  if (t == NPC_TRI_TRUE)
    return;

  switch (c->kind)
    {
    case NPC_COND_NOT:
      visit_why_not (c->children[0], env, !negated);
      return;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
      {
        gboolean conj = (c->kind == NPC_COND_ALL) != negated;

        for (guint i = 0; i < c->n_children; i++)
          {
            NpcTri ct = npc_condition_eval (c->children[i], env);

            if (negated)
              ct = npc_tri_not (ct);
            if (ct == NPC_TRI_TRUE || (conj && t == NPC_TRI_FALSE && ct != NPC_TRI_FALSE))
              continue;
            visit_why_not (c->children[i], env, negated);
          }
        return;
      }
    case NPC_COND_AGENTS_QUALIFY:
    case NPC_COND_ALWAYS:
      return;
    default:
      if (env->values != NULL)
        {
          if (env->read != NULL)
            env->read[c->field->index] = 1;
        }
      else
        env->value (c->field, env->user_data);
      return;
    }
}

void
npc_condition_visit_explained (const NpcCondition *c,
                               const NpcEnv       *env)
{
  g_return_if_fail (c != NULL && env != NULL);
  if (npc_condition_eval (c, env) == NPC_TRI_TRUE)
    return;
  visit_why_not (c, env, FALSE);
}

gboolean
_npc_condition_append_explanation (GString            *s,
                                   const NpcCondition *c,
                                   const NpcEnv       *env)
{
  if (npc_condition_eval (c, env) == NPC_TRI_TRUE)
    return FALSE;
  append_why_not (s, s->len, c, env, FALSE);
  return TRUE;
}

char *
_npc_condition_explain_refreshed (const NpcCondition *c,
                                  const NpcEnv       *env)
{
  GString *s;

  if (npc_condition_eval (c, env) == NPC_TRI_TRUE)
    return NULL;
  s = g_string_sized_new (64);
  append_why_not (s, 0, c, env, FALSE);
  return g_string_free (s, FALSE);
}

char *
npc_condition_explain (const NpcCondition *c,
                       const NpcEnv       *env)
{
  g_return_val_if_fail (c != NULL, NULL);
  _npc_tr_refresh ();
  return _npc_condition_explain_refreshed (c, env);
}
