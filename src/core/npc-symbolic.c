/* npc-symbolic.c — the tree walked over sets of values
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A condition is evaluated over a region to the set of results it can have there (false,
 * unknown, true). Where that set has more than one member, the region is split on one atom
 * of the condition into the parts where that atom is empty, true and false, and each part is
 * looked at again; a part in which every atom has one result has one result. Redirects give
 * a field a value in the part they are reached in; the validation rules read the values as
 * the case gives them, never the derived ones.
 */
#define G_LOG_DOMAIN "npc-symbolic"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "npc-condition.h"
#include "npc-symbolic.h"

/* Results as a set: one bit per NpcTri. */
#define R_F (1u << NPC_TRI_FALSE)
#define R_U (1u << NPC_TRI_UNKNOWN)
#define R_T (1u << NPC_TRI_TRUE)

typedef struct {
  guint8 may_empty;
  guint8 may_known;
  guint8 derived;   /* a redirect set it: `value` is what the tree reads */
  guint8 narrowed;  /* the walk constrained it (what a possible outcome reports) */
  guint64 mask;
  guint64 excl;
  gint64 min, max;
  NpcValue value;   /* the derived value */
} Dom;

typedef struct {
  NpcGuideline *guideline;
  const NpcField *const *fields;
  guint n_fields;
  const NpcRule *const *rules;
  guint n_rules;
  gsize size; /* bytes of one region */
  gboolean ignore_rules; /* every value of a field's type counts, allowed or not */
} Ctx;

typedef Dom Region; /* an array of n_fields */

static guint64
all_values (const NpcField *f)
{
  guint64 mask = 0;

  if (f->type == NPC_FIELD_BOOLEAN)
    return 3;
  /* A value that records "not known" is the field left empty, not a value of its own. */
  for (guint i = 0; i < f->n_values && i < 64; i++)
    if (!f->values[i].means_unknown)
      mask |= G_GUINT64_CONSTANT (1) << i;
  return mask;
}

static void
dom_init_free (Dom *d, const NpcField *f, gboolean may_empty)
{
  memset (d, 0, sizeof *d);
  d->may_empty = may_empty;
  d->may_known = TRUE;
  d->mask = f->type == NPC_FIELD_SET ? 0 : all_values (f);
  d->min = f->min;
  d->max = f->max;
  if (f->type == NPC_FIELD_INTEGER && f->min == 0 && f->max == 0)
    {
      d->min = G_MININT64;
      d->max = G_MAXINT64;
    }
}

static void
dom_init_value (Dom *d, const NpcField *f, const NpcValue *v)
{
  memset (d, 0, sizeof *d);
  if (v == NULL || !v->known)
    {
      d->may_empty = TRUE;
      return;
    }
  d->may_known = TRUE;
  switch (f->type)
    {
    case NPC_FIELD_ENUM: d->mask = G_GUINT64_CONSTANT (1) << v->v.enum_index; break;
    case NPC_FIELD_BOOLEAN: d->mask = v->v.boolean ? 2 : 1; break;
    case NPC_FIELD_SET:
      d->mask = v->v.set_mask;
      d->excl = all_values (f) & ~v->v.set_mask;
      break;
    case NPC_FIELD_INTEGER: d->min = d->max = v->v.integer; break;
    default: d->value = *v; d->derived = FALSE; break;
    }
}

static Region *
region_new (Ctx *ctx)
{
  return g_malloc (ctx->size);
}

static Region *
region_dup (Ctx *ctx, const Region *r)
{
  return g_memdup2 (r, ctx->size);
}

/* ------------------------------------------------------------------------------------------ */
/* evaluation over a region                                                                    */

static gboolean
cmp_holds (gint64 a, NpcCompareOp op, gint64 b)
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

/* The interval [lo, hi] of values for which `x op v` holds, for the ops that give one. */
static void
cmp_interval (NpcCompareOp op, gint64 v, gint64 *lo, gint64 *hi)
{
  *lo = G_MININT64;
  *hi = G_MAXINT64;
  switch (op)
    {
    case NPC_CMP_LT:
      /* Nothing is below the smallest integer: an empty interval. */
      if (v == G_MININT64)
        *lo = G_MAXINT64, *hi = G_MININT64;
      else
        *hi = v - 1;
      break;
    case NPC_CMP_LE: *hi = v; break;
    case NPC_CMP_GT:
      if (v == G_MAXINT64)
        *lo = G_MAXINT64, *hi = G_MININT64;
      else
        *lo = v + 1;
      break;
    case NPC_CMP_GE: *lo = v; break;
    case NPC_CMP_EQ: *lo = *hi = v; break;
    default: break;
    }
}

/* Results of a field atom on the known part of a domain. */
static guint
atom_known (const NpcCondition *c, const Dom *d)
{
  const NpcField *f = c->field;
  guint r = 0;

  if (d->derived || (f->type == NPC_FIELD_TEXT || f->type == NPC_FIELD_TEXT_LIST))
    {
      /* One value: the ordinary evaluation decides. Text is never split (its values are not
       * a finite set), so an entered text is read as it is and a free one may be anything. */
      if (d->derived || d->value.known)
        {
          const NpcValue *v = &d->value;

          switch (c->kind)
            {
            case NPC_COND_KNOWN: return R_T;
            case NPC_COND_EQUALS:
              if (f->type == NPC_FIELD_TEXT)
                return g_strcmp0 (v->v.text, c->value.v.text) == 0 ? R_T : R_F;
              if (f->type == NPC_FIELD_ENUM)
                return v->v.enum_index == c->value.v.enum_index ? R_T : R_F;
              if (f->type == NPC_FIELD_BOOLEAN)
                return !v->v.boolean == !c->value.v.boolean ? R_T : R_F;
              if (f->type == NPC_FIELD_INTEGER)
                return v->v.integer == c->value.v.integer ? R_T : R_F;
              return R_U;
            case NPC_COND_IN: return ((c->mask >> v->v.enum_index) & 1) ? R_T : R_F;
            case NPC_COND_CONTAINS:
              return ((v->v.set_mask >> c->value.v.enum_index) & 1) ? R_T : R_F;
            case NPC_COND_COMPARE:
              return cmp_holds (v->v.integer, c->op, c->value.v.integer) ? R_T : R_F;
            default: return R_U;
            }
        }
      return c->kind == NPC_COND_KNOWN ? R_T : R_T | R_F;
    }

  switch (c->kind)
    {
    case NPC_COND_KNOWN:
      return R_T;
    case NPC_COND_EQUALS:
    case NPC_COND_IN:
      if (f->type == NPC_FIELD_INTEGER)
        {
          gint64 v = c->value.v.integer;

          if (d->min <= v && v <= d->max)
            r |= R_T;
          if (d->min != v || d->max != v)
            r |= R_F;
          return r;
        }
      {
        guint64 want = c->kind == NPC_COND_IN ? c->mask
                       : f->type == NPC_FIELD_BOOLEAN ? (c->value.v.boolean ? 2 : 1)
                       : G_GUINT64_CONSTANT (1) << c->value.v.enum_index;

        if (d->mask & want)
          r |= R_T;
        if (d->mask & ~want)
          r |= R_F;
        return r;
      }
    case NPC_COND_CONTAINS:
      {
        guint64 bit = G_GUINT64_CONSTANT (1) << c->value.v.enum_index;

        if (d->mask & bit)
          return R_T;
        if (d->excl & bit)
          return R_F;
        return R_T | R_F;
      }
    case NPC_COND_COMPARE:
      {
        gint64 v = c->value.v.integer;

        if (c->op == NPC_CMP_NE)
          {
            if (d->min != v || d->max != v)
              r |= R_T;
            if (d->min <= v && v <= d->max)
              r |= R_F;
            return r;
          }
        else
          {
            gint64 lo, hi;

            cmp_interval (c->op, v, &lo, &hi);
            if (MAX (lo, d->min) <= MIN (hi, d->max))
              r |= R_T;
            if (d->min < lo || d->max > hi)
              r |= R_F;
            return r;
          }
      }
    default:
      return R_U;
    }
}

static guint
atom_results (const NpcCondition *c, const Dom *d)
{
  guint r = 0;

  if (d->derived)
    return atom_known (c, d);
  if (d->may_empty)
    r |= c->kind == NPC_COND_KNOWN ? R_F : R_U;
  if (d->may_known)
    r |= atom_known (c, d);
  return r;
}

static guint
set_and (guint a, guint b)
{
  guint r = 0;

  for (guint x = 0; x < 3; x++)
    for (guint y = 0; y < 3; y++)
      if ((a >> x & 1) && (b >> y & 1))
        r |= 1u << MIN (x, y);
  return r;
}

static guint
set_or (guint a, guint b)
{
  guint r = 0;

  for (guint x = 0; x < 3; x++)
    for (guint y = 0; y < 3; y++)
      if ((a >> x & 1) && (b >> y & 1))
        r |= 1u << MAX (x, y);
  return r;
}

static guint
set_not (guint a)
{
  return ((a & R_F) ? R_T : 0) | (a & R_U) | ((a & R_T) ? R_F : 0);
}

/* "not false": an agent requirement that is unknown does not exclude the agent. */
static guint
set_not_false (guint a)
{
  return ((a & R_F) ? R_F : 0) | ((a & (R_U | R_T)) ? R_T : 0);
}

static guint cond_results (Ctx *ctx, const NpcCondition *c, const Region *r, gboolean entered);

static const Dom *
dom_of (const Region *r, const NpcField *f)
{
  return &r[f->index];
}

/* `entered`: read the values as the case gives them, ignoring derived ones (for rules). */
static guint
field_atom (const NpcCondition *c, const Region *r, gboolean entered)
{
  const Dom *d = dom_of (r, c->field);

  if (entered && d->derived)
    {
      Dom copy = *d;

      copy.derived = FALSE;
      return atom_results (c, &copy);
    }
  return atom_results (c, d);
}

static guint
agent_available (const NpcAgentList *list, const NpcAgent *agent, const Region *r)
{
  const Dom *d;
  int idx;
  guint res = 0;

  if (list->availability_field == NULL)
    return R_T;
  d = dom_of (r, list->availability_field);
  idx = npc_field_find_value (list->availability_field, agent->id);
  if (d->derived)
    return idx >= 0 && ((d->value.v.set_mask >> idx) & 1) ? R_T : R_F;
  if (d->may_empty)
    res |= R_T;
  if (d->may_known)
    {
      if (idx < 0)
        res |= R_F;
      else
        {
          guint64 bit = G_GUINT64_CONSTANT (1) << idx;

          if (d->mask & bit)
            res |= R_T;
          else if (d->excl & bit)
            res |= R_F;
          else
            res |= R_T | R_F;
        }
    }
  return res;
}

static guint
agents_results (Ctx *ctx, const NpcNode *outcome, const Region *r)
{
  const NpcAgentList *list = outcome->agents;
  guint any = R_F;

  if (list == NULL)
    return R_F;
  for (guint i = 0; i < list->n_agents; i++)
    {
      const NpcAgent *agent = &list->agents[i];
      guint kept = agent_available (list, agent, r);

      for (guint k = 0; k < agent->n_requirements; k++)
        kept = set_and (kept, set_not_false (cond_results (ctx, agent->requirements[k].condition,
                                                           r, FALSE)));
      any = set_or (any, kept);
    }
  return any;
}

static guint
cond_results (Ctx *ctx, const NpcCondition *c, const Region *r, gboolean entered)
{
  guint acc;

  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
      return R_T;
    case NPC_COND_ALL:
      acc = R_T;
      for (guint i = 0; i < c->n_children && acc != R_F; i++)
        acc = set_and (acc, cond_results (ctx, c->children[i], r, entered));
      return acc;
    case NPC_COND_ANY:
      acc = R_F;
      for (guint i = 0; i < c->n_children && acc != R_T; i++)
        acc = set_or (acc, cond_results (ctx, c->children[i], r, entered));
      return acc;
    case NPC_COND_NOT:
      return set_not (cond_results (ctx, c->children[0], r, entered));
    case NPC_COND_AGENTS_QUALIFY:
      return agents_results (ctx, c->outcome, r);
    default:
      return field_atom (c, r, entered);
    }
}

static gboolean
single (guint set)
{
  return set != 0 && (set & (set - 1)) == 0;
}

static NpcTri
only (guint set)
{
  return set == R_T ? NPC_TRI_TRUE : set == R_F ? NPC_TRI_FALSE : NPC_TRI_UNKNOWN;
}

/* ------------------------------------------------------------------------------------------ */
/* splitting                                                                                   */

/* An atom (or availability test) that has more than one result in r: what to split on. */
typedef struct {
  const NpcCondition *atom;      /* a field atom, or NULL */
  const NpcAgentList *list;      /* availability of `agent` */
  const NpcAgent *agent;
} Pivot;

static gboolean find_pivot (Ctx *ctx, const NpcCondition *c, const Region *r, gboolean entered,
                            Pivot *out);

static gboolean
find_agents_pivot (Ctx *ctx, const NpcNode *outcome, const Region *r, Pivot *out)
{
  const NpcAgentList *list = outcome->agents;

  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->n_agents; i++)
    {
      const NpcAgent *agent = &list->agents[i];

      if (list->availability_field != NULL && !single (agent_available (list, agent, r)))
        {
          out->atom = NULL;
          out->list = list;
          out->agent = agent;
          return TRUE;
        }
      for (guint k = 0; k < agent->n_requirements; k++)
        if (find_pivot (ctx, agent->requirements[k].condition, r, FALSE, out))
          return TRUE;
    }
  return FALSE;
}

/* `only` (nullable): consider only atoms on the fields it marks. One per thread: batches
 * evaluate cases on several threads at once. */
static _Thread_local const guint8 *pivot_only;

static gboolean
find_pivot (Ctx *ctx, const NpcCondition *c, const Region *r, gboolean entered, Pivot *out)
{
  switch (c->kind)
    {
    case NPC_COND_ALWAYS:
      return FALSE;
    case NPC_COND_ALL:
    case NPC_COND_ANY:
    case NPC_COND_NOT:
      for (guint i = 0; i < c->n_children; i++)
        if (find_pivot (ctx, c->children[i], r, entered, out))
          return TRUE;
      return FALSE;
    case NPC_COND_AGENTS_QUALIFY:
      return find_agents_pivot (ctx, c->outcome, r, out);
    default:
      {
        const NpcField *f = c->field;

        if (pivot_only != NULL && !pivot_only[f->index])
          return FALSE;
        if (f->type == NPC_FIELD_TEXT || f->type == NPC_FIELD_TEXT_LIST)
          {
            /* Only its emptiness can be split. */
            const Dom *d = dom_of (r, f);

            if (d->derived || !(d->may_empty && d->may_known))
              return FALSE;
          }
        else if (single (field_atom (c, r, entered)))
          return FALSE;
        out->atom = c;
        out->list = NULL;
        out->agent = NULL;
        return TRUE;
      }
    }
}

typedef void (*PartFunc) (Ctx *ctx, Region *part, gpointer data);

static void
emit (Ctx *ctx, const Region *r, const NpcField *f, const Dom *d, PartFunc func, gpointer data)
{
  /* On the stack: a walk splits often, and each part lives only as long as this call. */
  Region *part = g_alloca (ctx->size);

  memcpy (part, r, ctx->size);
  part[f->index] = *d;
  /* Splitting the entered value keeps what a redirect derived over it. */
  part[f->index].derived = r[f->index].derived;
  part[f->index].value = r[f->index].value;
  part[f->index].narrowed = TRUE;
  func (ctx, part, data);
}

/* Calls func on each part of r in which the pivot has one result; `entered` as above. */
static void
split (Ctx *ctx, const Region *r, const Pivot *p, gboolean entered, PartFunc func, gpointer data)
{
  const NpcField *f = p->atom ? p->atom->field : p->list->availability_field;
  Dom d = r[f->index];
  Dom e;

  d.derived = FALSE;
  g_assert (entered || !r[f->index].derived);

  /* The empty part, then the known part whole when the pivot has one result there. */
  if (d.may_empty && d.may_known)
    {
      gboolean known_single;

      e = d;
      e.may_known = FALSE;
      emit (ctx, r, f, &e, func, data);
      d.may_empty = FALSE;
      if (f->type == NPC_FIELD_TEXT || f->type == NPC_FIELD_TEXT_LIST)
        known_single = TRUE;
      else if (p->atom != NULL)
        known_single = single (atom_known (p->atom, &d));
      else
        {
          int idx = npc_field_find_value (f, p->agent->id);

          known_single = idx < 0 || ((d.mask | d.excl) >> idx & 1);
        }
      if (known_single)
        {
          emit (ctx, r, f, &d, func, data);
          return;
        }
    }

  if (!d.may_known)
    return;

  if (p->atom == NULL)
    {
      int idx = npc_field_find_value (f, p->agent->id);
      guint64 bit = G_GUINT64_CONSTANT (1) << idx;

      g_assert (idx >= 0);
      e = d;
      e.mask |= bit;
      emit (ctx, r, f, &e, func, data);
      e = d;
      e.excl |= bit;
      emit (ctx, r, f, &e, func, data);
      return;
    }

  switch (f->type)
    {
    case NPC_FIELD_INTEGER:
      {
        const NpcCondition *c = p->atom;
        gint64 v = c->value.v.integer;
        NpcCompareOp op = c->kind == NPC_COND_COMPARE ? c->op : NPC_CMP_EQ;

        if (op == NPC_CMP_NE || op == NPC_CMP_EQ)
          {
            /* below v, v, above v */
            if (d.min < v)
              {
                e = d;
                e.max = MIN (d.max, v - 1);
                emit (ctx, r, f, &e, func, data);
              }
            if (d.min <= v && v <= d.max)
              {
                e = d;
                e.min = e.max = v;
                emit (ctx, r, f, &e, func, data);
              }
            if (d.max > v)
              {
                e = d;
                e.min = MAX (d.min, v + 1);
                emit (ctx, r, f, &e, func, data);
              }
          }
        else
          {
            gint64 lo, hi;

            cmp_interval (op, v, &lo, &hi);
            if (MAX (lo, d.min) <= MIN (hi, d.max))
              {
                e = d;
                e.min = MAX (lo, d.min);
                e.max = MIN (hi, d.max);
                emit (ctx, r, f, &e, func, data);
              }
            if (d.min < lo)
              {
                e = d;
                e.max = MIN (d.max, lo - 1);
                emit (ctx, r, f, &e, func, data);
              }
            if (d.max > hi)
              {
                e = d;
                e.min = MAX (d.min, hi + 1);
                emit (ctx, r, f, &e, func, data);
              }
          }
        return;
      }
    case NPC_FIELD_SET:
      {
        guint64 bit = G_GUINT64_CONSTANT (1) << p->atom->value.v.enum_index;

        e = d;
        e.mask |= bit;
        emit (ctx, r, f, &e, func, data);
        e = d;
        e.excl |= bit;
        emit (ctx, r, f, &e, func, data);
        return;
      }
    default:
      {
        const NpcCondition *c = p->atom;
        guint64 want = c->kind == NPC_COND_IN ? c->mask
                       : f->type == NPC_FIELD_BOOLEAN ? (c->value.v.boolean ? 2 : 1)
                       : G_GUINT64_CONSTANT (1) << c->value.v.enum_index;

        if (d.mask & want)
          {
            e = d;
            e.mask &= want;
            emit (ctx, r, f, &e, func, data);
          }
        if (d.mask & ~want)
          {
            e = d;
            e.mask &= ~want;
            emit (ctx, r, f, &e, func, data);
          }
        return;
      }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* validity                                                                                    */

/* Whether some completion in r breaks no validation rule; `valid_parts` (nullable) receives a
 * copy of every part of r in which no rule can fire. */
typedef struct {
  guint rule;
  gboolean any;
  GPtrArray *parts;
  gboolean stop_at_first;
} Valid;

static void valid_from (Ctx *ctx, Region *r, gpointer data);

static void
valid_from (Ctx *ctx, Region *r, gpointer data)
{
  Valid *v = data;
  guint saved = v->rule;

  if (v->any && v->stop_at_first)
    return;
  for (; v->rule < ctx->n_rules; v->rule++)
    {
      const NpcRule *rule = ctx->rules[v->rule];
      guint res = cond_results (ctx, rule->when, r, TRUE);
      Pivot p;

      if (!(res & R_T))
        continue;
      if (res == R_T)
        {
          v->rule = saved;
          return;
        }
      if (!find_pivot (ctx, rule->when, r, TRUE, &p))
        continue; /* only text, which may always avoid the rule */
      split (ctx, r, &p, TRUE, valid_from, v);
      v->rule = saved;
      return;
    }
  v->rule = saved;
  v->any = TRUE;
  if (v->parts != NULL)
    g_ptr_array_add (v->parts, region_dup (ctx, r));
}

static gboolean region_valid (Ctx *ctx, const Region *r);

typedef struct {
  const guint8 *narrowed;
  GPtrArray *parts;
} ValidParts;

/* The parts of r, split only on the fields `narrowed` marks, in which some completion of the
 * other fields breaks no rule. Within a part every rule atom on a marked field has one
 * result, so whether a completion exists does not depend on the marked fields' values. */
static void
valid_parts_from (Ctx *ctx, Region *r, gpointer data)
{
  ValidParts *vp = data;

  for (guint i = 0; i < ctx->n_rules; i++)
    {
      const NpcRule *rule = ctx->rules[i];
      guint res = cond_results (ctx, rule->when, r, TRUE);
      Pivot p;
      gboolean found;

      if (!(res & R_T) || single (res))
        continue;
      pivot_only = vp->narrowed;
      found = find_pivot (ctx, rule->when, r, TRUE, &p);
      pivot_only = NULL;
      if (found)
        {
          split (ctx, r, &p, TRUE, valid_parts_from, vp);
          return;
        }
    }
  if (region_valid (ctx, r))
    g_ptr_array_add (vp->parts, region_dup (ctx, r));
}

static gboolean
region_valid (Ctx *ctx, const Region *r)
{
  Valid v = { 0, FALSE, NULL, TRUE };

  if (ctx->ignore_rules)
    return TRUE;
  valid_from (ctx, (Region *) r, &v);
  return v.any;
}

/* ------------------------------------------------------------------------------------------ */
/* context                                                                                     */

static void
ctx_init (Ctx *ctx, NpcGuideline *g)
{
  ctx->guideline = g;
  ctx->fields = npc_guideline_get_fields (g, &ctx->n_fields);
  ctx->rules = npc_guideline_get_rules (g, &ctx->n_rules);
  ctx->size = sizeof (Dom) * MAX (ctx->n_fields, 1);
  ctx->ignore_rules = FALSE;
}

/* The region of a case: known values fixed, unknown ones free (or empty). */
static Region *
region_from_values (Ctx *ctx, const NpcValue *entered, const NpcValue *effective,
                    const gboolean *derived)
{
  Region *r = region_new (ctx);

  for (guint i = 0; i < ctx->n_fields; i++)
    {
      const NpcField *f = ctx->fields[i];

      if (entered[i].known || f->type == NPC_FIELD_TEXT || f->type == NPC_FIELD_TEXT_LIST)
        dom_init_value (&r[i], f, &entered[i]);
      else
        dom_init_free (&r[i], f, TRUE);
      if (f->type == NPC_FIELD_TEXT || f->type == NPC_FIELD_TEXT_LIST)
        {
          r[i].value = entered[i];
          if (!entered[i].known)
            r[i].may_known = TRUE;
        }
      if (derived != NULL && derived[i])
        {
          r[i].derived = TRUE;
          r[i].value = effective[i];
        }
    }
  return r;
}

/* ------------------------------------------------------------------------------------------ */
/* the walk                                                                                    */

typedef struct _Walk Walk;
typedef void (*LeafFunc) (Walk *w, Region *r, const NpcNode *node, const NpcNode *at);
typedef void (*HookFunc) (Walk *w, Region *r, const NpcNode *decision);

struct _Walk {
  Ctx *ctx;
  LeafFunc leaf;       /* an outcome reached (node), or a gap (node NULL, at the decision) */
  HookFunc hook;       /* nullable: each decision as it is reached */
  gpointer data;
  guint depth;
  /* lint */
  guint8 *reached;     /* per node */
  guint8 *taken;       /* per node * max branches: bit per branch */
};

typedef struct {
  Walk *w;
  const NpcNode *node;
  guint branch;
  guint derived;      /* redirect: how many derived values are decided */
  guint8 *when;       /* redirect: the results of each derived value's condition */
} At;

static void walk_node (Walk *w, Region *r, const NpcNode *node);
static void walk_decision (Ctx *ctx, Region *r, gpointer data);
static void walk_redirect (Ctx *ctx, Region *r, gpointer data);

static void
walk_node (Walk *w, Region *r, const NpcNode *node)
{
  guint n_nodes;

  npc_guideline_get_nodes (w->ctx->guideline, &n_nodes);
  if (++w->depth > n_nodes + 1)
    {
      w->depth--;
      return;
    }
  if (w->reached != NULL)
    w->reached[node->index] = TRUE;

  if (node->kind == NPC_NODE_OUTCOME)
    w->leaf (w, r, node, node);
  else if (node->kind == NPC_NODE_REDIRECT)
    {
      g_autofree guint8 *when = g_new0 (guint8, MAX (node->n_derived, 1));
      At at = { w, node, 0, 0, when };

      walk_redirect (w->ctx, r, &at);
    }
  else
    {
      At at = { w, node, 0, 0, NULL };

      if (w->hook != NULL)
        w->hook (w, r, node);
      walk_decision (w->ctx, r, &at);
    }
  w->depth--;
}

static void
walk_decision (Ctx *ctx, Region *r, gpointer data)
{
  At *at = data;
  const NpcNode *node = at->node;

  for (guint b = at->branch; b < node->n_branches; b++)
    {
      const NpcBranch *branch = &node->branches[b];
      guint res = cond_results (ctx, branch->condition, r, FALSE);

      if (!single (res))
        {
          Pivot p;
          At next = *at;

          next.branch = b;
          if (find_pivot (ctx, branch->condition, r, FALSE, &p))
            {
              split (ctx, r, &p, FALSE, walk_decision, &next);
              return;
            }
          /* Text that cannot be split: follow both answers. */
          if (res & R_T)
            {
              if (at->w->taken != NULL)
                at->w->taken[node->index * 8 + MIN (b, 63) / 8] |= 1u << (MIN (b, 63) % 8);
              walk_node (at->w, r, branch->target);
            }
          if (!(res & R_F))
            return;
          continue;
        }
      if (res == R_T)
        {
          if (at->w->taken != NULL && region_valid (ctx, r))
            at->w->taken[node->index * 8 + MIN (b, 63) / 8] |= 1u << (MIN (b, 63) % 8);
          walk_node (at->w, r, branch->target);
          return;
        }
      if (res == R_U)
        return; /* stays unknown: the completions that know it are other parts */
    }
  /* No branch holds. */
  at->w->leaf (at->w, r, NULL, node);
}

static void
walk_redirect (Ctx *ctx, Region *r, gpointer data)
{
  At *at = data;
  const NpcNode *node = at->node;

  /* Decide every derived value's condition on arrival first. */
  for (guint i = at->derived; i < node->n_derived; i++)
    {
      const NpcDerivedValue *d = &node->derived[i];
      guint res = d->when ? cond_results (ctx, d->when, r, FALSE) : R_T;
      const Dom *fd = dom_of (r, d->field);

      if (!single (res))
        {
          Pivot p;
          At next = *at;

          next.derived = i;
          if (find_pivot (ctx, d->when, r, FALSE, &p))
            {
              split (ctx, r, &p, FALSE, walk_redirect, &next);
              return;
            }
          res = R_U;
        }
      if (res == R_U)
        return;
      if (res == R_T && !d->override && !fd->derived && fd->may_empty && fd->may_known)
        {
          /* Set only when unknown: split on whether it is. */
          Pivot p = { NULL, NULL, NULL };
          NpcCondition known = { .kind = NPC_COND_KNOWN, .field = d->field };
          At next = *at;

          p.atom = &known;
          next.derived = i;
          split (ctx, r, &p, FALSE, walk_redirect, &next);
          return;
        }
      at->when[i] = res == R_T;
    }

  {
    Region *out = region_dup (ctx, r);

    for (guint i = 0; i < node->n_derived; i++)
      {
        const NpcDerivedValue *d = &node->derived[i];
        Dom *fd = &out[d->field->index];

        if (!at->when[i])
          continue;
        if (!d->override && (fd->derived || fd->may_known))
          continue;
        fd->derived = TRUE;
        fd->value = d->value;
      }
    walk_node (at->w, out, node->target);
    g_free (out);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* constraints and words                                                                       */

static void
constraint_from_dom (NpcConstraint *c, const NpcField *f, const Dom *d)
{
  c->field = f;
  c->may_be_empty = d->may_empty;
  c->may_be_known = d->may_known;
  c->mask = d->mask;
  c->excl = d->excl;
  c->min = d->min;
  c->max = d->max;
}

char *
npc_constraint_to_text (const NpcConstraint *c)
{
  const NpcField *f = c->field;
  GString *s = g_string_new (NULL);

  if (!c->may_be_known)
    {
      g_string_append_printf (s, _("%s is left empty"), f->label);
      return g_string_free (s, FALSE);
    }
  switch (f->type)
    {
    case NPC_FIELD_ENUM:
    case NPC_FIELD_BOOLEAN:
      {
        GString *v = g_string_new (NULL);
        guint n = f->type == NPC_FIELD_BOOLEAN ? 2 : f->n_values;
        guint count = 0, seen = 0;

        for (guint i = 0; i < n; i++)
          count += (c->mask >> i) & 1;
        for (guint i = 0; i < n; i++)
          {
            const char *label;

            if (!((c->mask >> i) & 1))
              continue;
            label = f->type == NPC_FIELD_BOOLEAN ? (i ? _("yes") : _("no")) : f->values[i].label;
            if (seen > 0)
              g_string_append (v, seen + 1 == count ? _(" or ") : ", ");
            g_string_append (v, label);
            seen++;
          }
        g_string_append_printf (s, _("%s is %s"), f->label, v->str);
        g_string_free (v, TRUE);
        break;
      }
    case NPC_FIELD_INTEGER:
      if (c->min == c->max)
        g_string_append_printf (s, _("%s is %lld"), f->label, (long long) c->min);
      else if (c->min == f->min && f->min != f->max)
        g_string_append_printf (s, _("%s is at most %lld"), f->label, (long long) c->max);
      else if (c->max == f->max && f->min != f->max)
        g_string_append_printf (s, _("%s is at least %lld"), f->label, (long long) c->min);
      else
        g_string_append_printf (s, _("%s is %lld to %lld"), f->label, (long long) c->min,
                                (long long) c->max);
      break;
    case NPC_FIELD_SET:
      {
        g_autofree char *in = NULL, *out = NULL;
        GString *v;

        v = g_string_new (NULL);
        for (guint i = 0; i < f->n_values; i++)
          if ((c->mask >> i) & 1)
            g_string_append_printf (v, "%s%s", v->len ? _(" and ") : "", f->values[i].label);
        in = g_string_free (v, FALSE);
        v = g_string_new (NULL);
        for (guint i = 0; i < f->n_values; i++)
          if ((c->excl >> i) & 1)
            g_string_append_printf (v, "%s%s", v->len ? ", " : "", f->values[i].label);
        out = g_string_free (v, FALSE);
        if (*in && *out)
          g_string_append_printf (s, _("%s includes %s but not %s"), f->label, in, out);
        else if (*in)
          g_string_append_printf (s, _("%s includes %s"), f->label, in);
        else if (*out && strchr (out, ',') == NULL)
          g_string_append_printf (s, _("%s does not include %s"), f->label, out);
        else if (*out)
          g_string_append_printf (s, _("%s includes none of %s"), f->label, out);
        else
          g_string_append_printf (s, _("%s is known"), f->label);
        break;
      }
    default:
      g_string_append_printf (s, _("%s is known"), f->label);
      break;
    }
  if (c->may_be_empty)
    g_string_append_printf (s, _(" or left empty"));
  return g_string_free (s, FALSE);
}

void
npc_possible_outcome_free (NpcPossibleOutcome *po)
{
  if (po == NULL)
    return;
  g_free (po->when);
  g_free (po->text);
  g_free (po);
}

/* ------------------------------------------------------------------------------------------ */
/* possible outcomes                                                                           */

typedef struct {
  const NpcNode *outcome;
  GPtrArray *boxes;  /* Region*: the ways to reach it */
  guint8 *narrowed;  /* per field: read on some way to it */
} Reach;

typedef struct {
  const Region *start;
  GPtrArray *reaches; /* Reach*, in the order first reached */
} Possible;

static gboolean
dom_equal (const NpcField *f, const Dom *a, const Dom *b)
{
  if (a->may_empty != b->may_empty || a->may_known != b->may_known)
    return FALSE;
  if (!a->may_known)
    return TRUE;
  if (f->type == NPC_FIELD_INTEGER)
    return a->min == b->min && a->max == b->max;
  return a->mask == b->mask && a->excl == b->excl;
}

/* Joins b into a where the union of the two domains is one domain. */
static gboolean
dom_join (const NpcField *f, Dom *a, const Dom *b)
{
  if (!b->may_known)
    {
      a->may_empty |= b->may_empty;
      return TRUE;
    }
  if (!a->may_known)
    {
      gboolean empty = a->may_empty;

      *a = *b;
      a->may_empty |= empty;
      return TRUE;
    }
  switch (f->type)
    {
    case NPC_FIELD_ENUM:
    case NPC_FIELD_BOOLEAN:
      a->mask |= b->mask;
      a->may_empty |= b->may_empty;
      return TRUE;
    case NPC_FIELD_INTEGER:
      if (b->min > a->max && b->min - a->max > 1)
        return FALSE;
      if (a->min > b->max && a->min - b->max > 1)
        return FALSE;
      a->min = MIN (a->min, b->min);
      a->max = MAX (a->max, b->max);
      a->may_empty |= b->may_empty;
      return TRUE;
    case NPC_FIELD_SET:
      {
        guint64 da = (a->mask ^ b->mask), de = (a->excl ^ b->excl);

        if (da == 0 && de == 0)
          {
            a->may_empty |= b->may_empty;
            return TRUE;
          }
        /* One value required by one and refused by the other: it no longer matters. */
        if (da == de && da != 0 && (da & (da - 1)) == 0 &&
            ((a->mask & da) ? (b->excl & da) : (a->excl & da)) && a->may_empty == b->may_empty)
          {
            a->mask &= ~da;
            a->excl &= ~da;
            return TRUE;
          }
        return FALSE;
      }
    default:
      return dom_equal (f, a, b);
    }
}

static NpcPossibleOutcome *
possible_new (Ctx *ctx, const NpcNode *outcome, const Region *start, const Region *part)
{
  NpcPossibleOutcome *po = g_new0 (NpcPossibleOutcome, 1);
  GString *text = g_string_new (NULL);

  po->outcome = outcome;
  po->when = g_new0 (NpcConstraint, MAX (ctx->n_fields, 1));
  for (guint i = 0; i < ctx->n_fields; i++)
    {
      if (!part[i].narrowed || dom_equal (ctx->fields[i], &part[i], &start[i]))
        continue;
      constraint_from_dom (&po->when[po->n_when++], ctx->fields[i], &part[i]);
    }
  for (guint i = 0; i < po->n_when; i++)
    {
      g_autofree char *c = npc_constraint_to_text (&po->when[i]);

      if (i > 0)
        g_string_append (text, po->n_when == i + 1 ? _(" and ") : "; ");
      g_string_append (text, c);
    }
  if (po->n_when == 0)
    po->text = g_strdup_printf (_("%s: reached with the values as they are."), outcome->label);
  else
    po->text = g_strdup_printf (_("%s: reached when %s."), outcome->label, text->str);
  g_string_free (text, TRUE);
  return po;
}

static void
reach_free (Reach *reach)
{
  g_ptr_array_unref (reach->boxes);
  g_free (reach->narrowed);
  g_free (reach);
}

static void
possible_leaf (Walk *w, Region *r, const NpcNode *node, const NpcNode *at)
{
  Possible *p = w->data;
  Ctx *ctx = w->ctx;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint8 *narrowed = g_new0 (guint8, MAX (ctx->n_fields, 1));
  ValidParts vp = { narrowed, parts };
  Reach *reach = NULL;

  if (node == NULL)
    return;
  for (guint i = 0; i < ctx->n_fields; i++)
    narrowed[i] = r[i].narrowed;
  valid_parts_from (ctx, r, &vp);
  if (parts->len == 0)
    return;

  for (guint i = 0; i < p->reaches->len && reach == NULL; i++)
    if (((Reach *) p->reaches->pdata[i])->outcome == node)
      reach = p->reaches->pdata[i];
  if (reach == NULL)
    {
      reach = g_new0 (Reach, 1);
      reach->outcome = node;
      reach->boxes = g_ptr_array_new_with_free_func (g_free);
      reach->narrowed = g_new0 (guint8, MAX (ctx->n_fields, 1));
      g_ptr_array_add (p->reaches, reach);
    }

  /* Each valid part, seen only on what the walk constrained: the fields the validation
   * rules split without the tree reading them do not belong in "when". */
  for (guint k = 0; k < parts->len; k++)
    {
      Region *part = parts->pdata[k];

      for (guint i = 0; i < ctx->n_fields; i++)
        {
          if (!r[i].narrowed)
            part[i] = p->start[i];
          else
            reach->narrowed[i] = TRUE;
          part[i].derived = FALSE;
          part[i].narrowed = FALSE;
        }
      g_ptr_array_add (reach->boxes, g_steal_pointer (&parts->pdata[k]));
    }
}

/* Joins the ways to one outcome where they differ in one field, until none does. */
static void
merge_boxes (Ctx *ctx, GPtrArray *boxes, const guint8 *narrowed)
{
  gboolean again = TRUE;
  g_autofree guint *idx = g_new (guint, MAX (ctx->n_fields, 1));
  guint n_idx = 0;

  /* The other fields are as the case has them in every box. */
  for (guint i = 0; i < ctx->n_fields; i++)
    if (narrowed[i])
      idx[n_idx++] = i;

  while (again)
    {
      again = FALSE;
      for (guint a = 0; a < boxes->len; a++)
        for (guint b = a + 1; b < boxes->len; b++)
          {
            Region *x = boxes->pdata[a], *y = boxes->pdata[b];
            guint differ = 0, where = 0;

            for (guint k = 0; k < n_idx && differ < 2; k++)
              {
                guint i = idx[k];

                if (!dom_equal (ctx->fields[i], &x[i], &y[i]))
                  {
                    differ++;
                    where = i;
                  }
              }
            if (differ >= 2)
              continue;
            if (differ == 1)
              {
                Dom joined = x[where];

                if (!dom_join (ctx->fields[where], &joined, &y[where]))
                  continue;
                x[where] = joined;
              }
            g_ptr_array_remove_index (boxes, b);
            b--;
            again = TRUE;
          }
    }
}

GPtrArray *
npc_symbolic_possible_outcomes (NpcGuideline   *guideline,
                                const NpcValue *values)
{
  Ctx ctx;
  Walk w = { 0 };
  g_autofree Region *start = NULL;
  Possible p;
  GPtrArray *result;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);
  g_return_val_if_fail (values != NULL, NULL);

  ctx_init (&ctx, guideline);
  start = region_from_values (&ctx, values, values, NULL);
  p.start = start;
  p.reaches = g_ptr_array_new_with_free_func ((GDestroyNotify) reach_free);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) npc_possible_outcome_free);
  w.ctx = &ctx;
  w.leaf = possible_leaf;
  w.data = &p;

  /* A case that breaks a rule stays broken whatever is added to it. */
  if (region_valid (&ctx, start))
    walk_node (&w, start, npc_guideline_get_root (guideline));

  for (guint i = 0; i < p.reaches->len; i++)
    {
      Reach *reach = p.reaches->pdata[i];

      merge_boxes (&ctx, reach->boxes, reach->narrowed);
      for (guint b = 0; b < reach->boxes->len; b++)
        {
          Region *box = reach->boxes->pdata[b];

          for (guint f = 0; f < ctx.n_fields; f++)
            box[f].narrowed = reach->narrowed[f];
          g_ptr_array_add (result, possible_new (&ctx, reach->outcome, start, box));
        }
    }
  g_ptr_array_unref (p.reaches);
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* one decision over the values its unknown fields may take                                   */

static void
collect_fields (const NpcCondition *c, GPtrArray *out)
{
  if (c->kind == NPC_COND_AGENTS_QUALIFY || c->kind == NPC_COND_ALWAYS)
    return;
  if (c->field != NULL && !g_ptr_array_find (out, c->field, NULL))
    g_ptr_array_add (out, (gpointer) c->field);
  for (guint i = 0; i < c->n_children; i++)
    collect_fields (c->children[i], out);
}

/* Frees the fields read by `conds` that are unknown in r to any value (not empty): what
 * the question "whatever the answer" ranges over. */
static void
refine (Ctx *ctx, Region *r, const NpcCondition *const *conds, guint n)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    collect_fields (conds[i], fields);
  for (guint i = 0; i < fields->len; i++)
    {
      const NpcField *f = fields->pdata[i];
      Dom *d = &r[f->index];

      /* Known fields have one value and cannot be empty. */
      if (d->derived || !d->may_empty || f->type == NPC_FIELD_TEXT ||
          f->type == NPC_FIELD_TEXT_LIST)
        continue;
      dom_init_free (d, f, FALSE);
    }
}

typedef struct {
  const NpcCondition *cond;
  guint results;
} Decide;

static void
decide_part (Ctx *ctx, Region *r, gpointer data)
{
  Decide *d = data;
  guint res = cond_results (ctx, d->cond, r, FALSE);
  Pivot p;

  if (!single (res) && find_pivot (ctx, d->cond, r, FALSE, &p))
    {
      split (ctx, r, &p, FALSE, decide_part, d);
      return;
    }
  if (region_valid (ctx, r))
    d->results |= res;
}

NpcTri
npc_symbolic_decide (NpcGuideline       *guideline,
                     const NpcCondition *condition,
                     const NpcValue     *entered,
                     const NpcValue     *effective,
                     const gboolean     *derived)
{
  Ctx ctx;
  g_autofree Region *r = NULL;
  Decide d = { condition, 0 };

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NPC_TRI_UNKNOWN);
  ctx_init (&ctx, guideline);
  /* The engine deduces nothing from the rules: a value they forbid is still an answer the
   * user could give (and be told it is invalid). */
  ctx.ignore_rules = TRUE;
  r = region_from_values (&ctx, entered, effective, derived);
  refine (&ctx, r, &condition, 1);
  decide_part (&ctx, r, &d);
  return single (d.results) ? only (d.results) : NPC_TRI_UNKNOWN;
}

typedef struct {
  const NpcNode *target;  /* the one next node so far */
  guint8 *effect;         /* the results of its redirect's derived-value conditions */
  gboolean differ;
  gboolean any;
  GPtrArray *leaves;      /* nullable: Leaf* of every part, to tell which field matters */
  guint n_derived_max;
} Sole;

typedef struct {
  Region *region;
  const NpcNode *target;  /* NULL: no branch holds */
  guint8 *effect;
  guint n_effect;
} Leaf;

static void
leaf_free (Leaf *leaf)
{
  g_free (leaf->region);
  g_free (leaf->effect);
  g_free (leaf);
}

static void
add_leaf (Ctx *ctx, Sole *s, const Region *r, const NpcNode *target, const guint8 *when, guint n)
{
  Leaf *leaf;

  if (s->leaves == NULL)
    return;
  leaf = g_new0 (Leaf, 1);
  leaf->region = region_dup (ctx, r);
  leaf->target = target;
  leaf->effect = n > 0 ? g_memdup2 (when, n) : NULL;
  leaf->n_effect = n;
  g_ptr_array_add (s->leaves, leaf);
}

typedef struct {
  Sole *sole;
  const NpcNode *node;
  guint index;            /* branch of the decision, or derived value of the redirect */
  guint8 *when;
} SoleAt;

static void
sole_found (Ctx *ctx, Region *r, Sole *s, const NpcNode *target, const guint8 *when, guint n)
{
  if (!region_valid (ctx, r))
    return;
  add_leaf (ctx, s, r, target, when, n);
  if (!s->any)
    {
      s->any = TRUE;
      s->target = target;
      s->effect = n > 0 ? g_memdup2 (when, n) : NULL;
      return;
    }
  if (s->target != target || (n > 0 && memcmp (s->effect, when, n) != 0))
    s->differ = TRUE;
}

static void
sole_effect (Ctx *ctx, Region *r, gpointer data)
{
  SoleAt *at = data;
  const NpcNode *node = at->node;

  if (at->sole->differ && at->sole->leaves == NULL)
    return;
  for (guint i = at->index; i < node->n_derived; i++)
    {
      const NpcDerivedValue *d = &node->derived[i];
      guint res = d->when ? cond_results (ctx, d->when, r, FALSE) : R_T;
      Pivot p;

      if (!single (res) && find_pivot (ctx, d->when, r, FALSE, &p))
        {
          SoleAt next = *at;

          next.index = i;
          split (ctx, r, &p, FALSE, sole_effect, &next);
          return;
        }
      at->when[i] = (guint8) res;
    }
  sole_found (ctx, r, at->sole, node, at->when, node->n_derived);
}

static void
sole_part (Ctx *ctx, Region *r, gpointer data)
{
  SoleAt *at = data;
  const NpcNode *node = at->node;

  if (at->sole->differ && at->sole->leaves == NULL)
    return;
  for (guint b = at->index; b < node->n_branches; b++)
    {
      const NpcBranch *branch = &node->branches[b];
      guint res = cond_results (ctx, branch->condition, r, FALSE);
      Pivot p;

      if (!single (res) && find_pivot (ctx, branch->condition, r, FALSE, &p))
        {
          SoleAt next = *at;

          next.index = b;
          split (ctx, r, &p, FALSE, sole_part, &next);
          return;
        }
      if (res == R_F)
        continue;
      if (res != R_T)
        {
          /* Still open for a reason the question does not range over (free text). */
          if (region_valid (ctx, r))
            {
              at->sole->differ = TRUE;
              add_leaf (ctx, at->sole, r, NULL, NULL, 0);
            }
          return;
        }
      if (branch->target->kind == NPC_NODE_REDIRECT && branch->target->n_derived > 0)
        {
          g_autofree guint8 *when = g_new0 (guint8, branch->target->n_derived);
          SoleAt next = { at->sole, branch->target, 0, when };

          sole_effect (ctx, r, &next);
          return;
        }
      sole_found (ctx, r, at->sole, branch->target, NULL, 0);
      return;
    }
  /* No branch holds for these values: an answer of its own. */
  if (region_valid (ctx, r))
    {
      at->sole->differ = TRUE;
      add_leaf (ctx, at->sole, r, NULL, NULL, 0);
    }
}

const NpcNode *
npc_symbolic_sole_next (NpcGuideline   *guideline,
                        const NpcNode  *decision,
                        const NpcValue *entered,
                        const NpcValue *effective,
                        const gboolean *derived)
{
  Ctx ctx;
  g_autofree Region *r = NULL;
  g_autofree const NpcCondition **conds = NULL;
  Sole s = { NULL, NULL, FALSE, FALSE, NULL, 0 };
  SoleAt at = { &s, decision, 0, NULL };
  const NpcNode *result;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);
  g_return_val_if_fail (decision != NULL && decision->kind == NPC_NODE_DECISION, NULL);

  ctx_init (&ctx, guideline);
  ctx.ignore_rules = TRUE;
  r = region_from_values (&ctx, entered, effective, derived);
  conds = g_new0 (const NpcCondition *, MAX (decision->n_branches, 1));
  for (guint b = 0; b < decision->n_branches; b++)
    conds[b] = decision->branches[b].condition;
  refine (&ctx, r, conds, decision->n_branches);
  sole_part (&ctx, r, &at);
  result = s.any && !s.differ ? s.target : NULL;
  g_free (s.effect);
  return result;
}

static gboolean
dom_meets (const NpcField *f, const Dom *a, const Dom *b)
{
  if (a->derived || b->derived)
    return TRUE;
  if (a->may_empty && b->may_empty)
    return TRUE;
  if (!a->may_known || !b->may_known)
    return FALSE;
  switch (f->type)
    {
    case NPC_FIELD_ENUM:
    case NPC_FIELD_BOOLEAN:
      return (a->mask & b->mask) != 0;
    case NPC_FIELD_INTEGER:
      return MAX (a->min, b->min) <= MIN (a->max, b->max);
    case NPC_FIELD_SET:
      return (a->mask & b->excl) == 0 && (b->mask & a->excl) == 0;
    default:
      return TRUE;
    }
}

static gboolean
leaves_differ (const Leaf *x, const Leaf *y)
{
  return x->target != y->target || x->n_effect != y->n_effect ||
         (x->n_effect > 0 && memcmp (x->effect, y->effect, x->n_effect) != 0);
}

/* Those of `candidates` that alone tell apart two leaves leading to different places. */
static GPtrArray *
matter_of (Ctx                   *ctx,
           GPtrArray             *leaves,
           const NpcField *const *candidates,
           guint                  n_candidates)
{
  GPtrArray *out = g_ptr_array_new ();

  /* A field matters when two parts that lead to different places can be joined by changing
   * that field alone: they meet on every other field. */
  for (guint c = 0; c < n_candidates; c++)
    {
      const NpcField *f = candidates[c];
      gboolean matters = FALSE;

      for (guint i = 0; i < leaves->len && !matters; i++)
        for (guint k = i + 1; k < leaves->len && !matters; k++)
          {
            const Leaf *x = leaves->pdata[i], *y = leaves->pdata[k];
            gboolean meet = TRUE;

            if (!leaves_differ (x, y))
              continue;
            for (guint g = 0; g < ctx->n_fields && meet; g++)
              if (g != f->index)
                meet = dom_meets (ctx->fields[g], &x->region[g], &y->region[g]);
            matters = meet;
          }
      if (matters)
        g_ptr_array_add (out, (gpointer) f);
    }
  return out;
}

struct _NpcSymbolicAnswers {
  Ctx ctx;
  GPtrArray *leaves;
  const NpcNode *sole;
};

NpcSymbolicAnswers *
npc_symbolic_answers_new (NpcGuideline   *guideline,
                          const NpcNode  *decision,
                          const NpcValue *entered,
                          const NpcValue *effective,
                          const gboolean *derived)
{
  NpcSymbolicAnswers *a;
  g_autofree Region *r = NULL;
  g_autofree const NpcCondition **conds = NULL;
  Sole s = { NULL, NULL, FALSE, FALSE, NULL, 0 };
  SoleAt at = { &s, decision, 0, NULL };

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);
  g_return_val_if_fail (decision != NULL && decision->kind == NPC_NODE_DECISION, NULL);

  a = g_new0 (NpcSymbolicAnswers, 1);
  a->leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) leaf_free);
  s.leaves = a->leaves;
  ctx_init (&a->ctx, guideline);
  a->ctx.ignore_rules = TRUE;
  r = region_from_values (&a->ctx, entered, effective, derived);
  conds = g_new0 (const NpcCondition *, MAX (decision->n_branches, 1));
  for (guint b = 0; b < decision->n_branches; b++)
    conds[b] = decision->branches[b].condition;
  refine (&a->ctx, r, conds, decision->n_branches);
  sole_part (&a->ctx, r, &at);
  a->sole = s.any && !s.differ ? s.target : NULL;
  g_free (s.effect);
  return a;
}

const NpcNode *
npc_symbolic_answers_sole (const NpcSymbolicAnswers *answers)
{
  g_return_val_if_fail (answers != NULL, NULL);
  return answers->sole;
}

GPtrArray *
npc_symbolic_answers_fields_that_matter (NpcSymbolicAnswers    *answers,
                                         const NpcField *const *candidates,
                                         guint                  n_candidates)
{
  g_return_val_if_fail (answers != NULL, g_ptr_array_new ());
  return matter_of (&answers->ctx, answers->leaves, candidates, n_candidates);
}

void
npc_symbolic_answers_free (NpcSymbolicAnswers *answers)
{
  if (answers == NULL)
    return;
  g_ptr_array_unref (answers->leaves);
  g_free (answers);
}

GPtrArray *
npc_symbolic_fields_that_matter (NpcGuideline          *guideline,
                                 const NpcNode         *decision,
                                 const NpcField *const *candidates,
                                 guint                  n_candidates,
                                 const NpcValue        *entered,
                                 const NpcValue        *effective,
                                 const gboolean        *derived)
{
  g_autoptr(NpcSymbolicAnswers) answers = NULL;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), g_ptr_array_new ());
  g_return_val_if_fail (decision != NULL && decision->kind == NPC_NODE_DECISION,
                        g_ptr_array_new ());

  answers = npc_symbolic_answers_new (guideline, decision, entered, effective, derived);
  return npc_symbolic_answers_fields_that_matter (answers, candidates, n_candidates);
}

/* ------------------------------------------------------------------------------------------ */
/* lint                                                                                        */

const char *
npc_lint_kind_to_string (NpcLintKind kind)
{
  switch (kind)
    {
    case NPC_LINT_UNREACHABLE: return "unreachable";
    case NPC_LINT_GAP: return "gap";
    case NPC_LINT_SHADOWED: return "shadowed";
    case NPC_LINT_DEAD_RULE: return "dead-rule";
    case NPC_LINT_UNUSED_FIELD: return "unused-field";
    case NPC_LINT_UNREACHED: return "unreached";
    default: return "?";
    }
}

void
npc_lint_finding_free (NpcLintFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->id);
  g_free (f->text);
  g_free (f->accepted);
  g_free (f);
}

typedef struct {
  GPtrArray *findings;
  guint8 *gap_seen;      /* per node */
  guint8 *can_hold;      /* per node * 64 branches */
} Lint;

static char *
region_words (Ctx *ctx, const Region *r, const Region *start)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ctx->n_fields; i++)
    {
      NpcConstraint c;
      g_autofree char *t = NULL;

      if (!r[i].narrowed || dom_equal (ctx->fields[i], &r[i], &start[i]))
        continue;
      constraint_from_dom (&c, ctx->fields[i], &r[i]);
      t = npc_constraint_to_text (&c);
      g_string_append_printf (s, "%s%s", s->len ? "; " : "", t);
    }
  if (s->len == 0)
    g_string_append (s, _("any case that reaches it"));
  return g_string_free (s, FALSE);
}

static const char *
accepted (const char *accept, const char *reason, NpcLintKind kind)
{
  g_auto(GStrv) kinds = NULL;

  if (accept == NULL)
    return NULL;
  kinds = g_strsplit_set (accept, " ,", -1);
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], npc_lint_kind_to_string (kind)))
      return reason != NULL ? reason : _("accepted in the guideline");
  return NULL;
}

static void
add_finding (Lint *l, NpcLintKind kind, char *id, char *text, const char *accept)
{
  NpcLintFinding *f = g_new0 (NpcLintFinding, 1);

  f->kind = kind;
  f->id = id;
  f->text = text;
  f->accepted = g_strdup (accept);
  g_ptr_array_add (l->findings, f);
}

typedef struct {
  Lint *lint;
  const Region *start;
} LintData;

typedef struct {
  Ctx *ctx;
  const NpcCondition *cond;
  gboolean holds;
} Holds;

static void
holds_part (Ctx *ctx, Region *r, gpointer data)
{
  Holds *h = data;
  guint res = cond_results (ctx, h->cond, r, FALSE);
  Pivot p;

  if (h->holds || !(res & R_T))
    return;
  if (!single (res) && find_pivot (ctx, h->cond, r, FALSE, &p))
    {
      split (ctx, r, &p, FALSE, holds_part, h);
      return;
    }
  if (region_valid (ctx, r))
    h->holds = TRUE;
}

static void
lint_leaf (Walk *w, Region *r, const NpcNode *node, const NpcNode *at)
{
  LintData *ld = w->data;
  Lint *l = ld->lint;
  g_autofree char *words = NULL;

  if (node != NULL || l->gap_seen[at->index] || !region_valid (w->ctx, r))
    return;
  l->gap_seen[at->index] = TRUE;
  words = region_words (w->ctx, r, ld->start);
  add_finding (l, NPC_LINT_GAP, g_strdup (at->id),
               g_strdup_printf (_("no branch of %s (“%s”) holds when %s"), at->id, at->label,
                                words),
               accepted (at->lint_accept, at->lint_reason, NPC_LINT_GAP));
}

/* Lint walks also record, at each decision reached, which branches can hold at all there. */
static void
lint_decision_hook (Walk *w, Region *r, const NpcNode *node)
{
  Lint *l = ((LintData *) w->data)->lint;

  if (!region_valid (w->ctx, r))
    return;
  for (guint b = 0; b < node->n_branches && b < 64; b++)
    {
      Holds h = { w->ctx, node->branches[b].condition, FALSE };
      guint8 *slot = &l->can_hold[node->index * 8 + b / 8];

      if (*slot & (1u << (b % 8)))
        continue;
      holds_part (w->ctx, r, &h);
      if (h.holds)
        *slot |= 1u << (b % 8);
    }
}

static gboolean
condition_reads (const NpcCondition *c, const NpcField *f)
{
  if (c == NULL)
    return FALSE;
  if (c->field == f && c->kind != NPC_COND_AGENTS_QUALIFY && c->kind != NPC_COND_ALWAYS)
    return TRUE;
  if (c->kind == NPC_COND_AGENTS_QUALIFY && c->outcome->agents != NULL)
    {
      const NpcAgentList *list = c->outcome->agents;

      if (list->availability_field == f)
        return TRUE;
      for (guint i = 0; i < list->n_agents; i++)
        for (guint k = 0; k < list->agents[i].n_requirements; k++)
          if (condition_reads (list->agents[i].requirements[k].condition, f))
            return TRUE;
    }
  for (guint i = 0; i < c->n_children; i++)
    if (condition_reads (c->children[i], f))
      return TRUE;
  return FALSE;
}

static gboolean
links_read (const NpcLinks *links, const NpcField *f)
{
  for (guint i = 0; i < links->n_notes; i++)
    if (condition_reads (links->notes[i]->when, f))
      return TRUE;
  return FALSE;
}

static gboolean
field_is_read (NpcGuideline *g, const NpcField *f)
{
  const NpcNode *const *nodes;
  const NpcModifier *const *mods;
  guint n_nodes, n_mods;

  nodes = npc_guideline_get_nodes (g, &n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *n = nodes[i];

      for (guint b = 0; b < n->n_branches; b++)
        if (condition_reads (n->branches[b].condition, f))
          return TRUE;
      for (guint d = 0; d < n->n_derived; d++)
        if (condition_reads (n->derived[d].when, f))
          return TRUE;
      for (guint a = 0; a < n->n_alternatives; a++)
        if (condition_reads (n->alternatives[a].when, f))
          return TRUE;
      if (condition_reads (n->scope, f) || n->options_exclude_given == f)
        return TRUE;
      for (guint o = 0; o < n->n_options; o++)
        for (guint k = 0; k < n->options[o].n_requirements; k++)
          if (condition_reads (n->options[o].requirements[k]->condition, f))
            return TRUE;
      if (n->agents != NULL)
        {
          if (n->agents->availability_field == f)
            return TRUE;
          for (guint a = 0; a < n->agents->n_agents; a++)
            if (links_read (&n->agents->agents[a].links, f))
              return TRUE;
          for (guint a = 0; a < n->agents->n_agents; a++)
            for (guint k = 0; k < n->agents->agents[a].n_requirements; k++)
              if (condition_reads (n->agents->agents[a].requirements[k].condition, f))
                return TRUE;
        }
      if (links_read (&n->links, f))
        return TRUE;
    }
  mods = npc_guideline_get_modifiers (g, &n_mods);
  for (guint i = 0; i < n_mods; i++)
    if (condition_reads (mods[i]->when, f) || links_read (&mods[i]->links, f))
      return TRUE;
  /* A validation rule is a condition too: a field it checks is not idle. */
  {
    const NpcRule *const *rules;
    guint n_rules;

    rules = npc_guideline_get_rules (g, &n_rules);
    for (guint i = 0; i < n_rules; i++)
      if (condition_reads (rules[i]->when, f))
        return TRUE;
  }
  return FALSE;
}

static gboolean
is_alternative_or_see_also (NpcGuideline *g, const NpcNode *target)
{
  const NpcNode *const *nodes;
  guint n_nodes;

  nodes = npc_guideline_get_nodes (g, &n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      for (guint a = 0; a < nodes[i]->n_alternatives; a++)
        if (nodes[i]->alternatives[a].node == target)
          return TRUE;
      for (guint a = 0; a < nodes[i]->n_see_also; a++)
        if (nodes[i]->see_also[a] == target)
          return TRUE;
    }
  return FALSE;
}

GPtrArray *
npc_symbolic_lint (NpcGuideline *guideline)
{
  Ctx ctx;
  Walk w = { 0 };
  Lint l;
  LintData ld;
  g_autofree Region *start = NULL;
  const NpcNode *const *nodes;
  guint n_nodes;

  g_return_val_if_fail (NPC_IS_GUIDELINE (guideline), NULL);

  ctx_init (&ctx, guideline);
  nodes = npc_guideline_get_nodes (guideline, &n_nodes);
  l.findings = g_ptr_array_new_with_free_func ((GDestroyNotify) npc_lint_finding_free);
  l.gap_seen = g_new0 (guint8, MAX (n_nodes, 1));
  l.can_hold = g_new0 (guint8, MAX (n_nodes, 1) * 8);

  /* The empty case, with the defaults free as well: a default is only what absence means. */
  start = region_new (&ctx);
  for (guint i = 0; i < ctx.n_fields; i++)
    {
      const NpcField *f = ctx.fields[i];

      dom_init_free (&start[i], f, !f->default_value.known);
      start[i].value.known = FALSE;
    }

  ld.lint = &l;
  ld.start = start;
  w.ctx = &ctx;
  w.leaf = lint_leaf;
  w.hook = lint_decision_hook;
  w.data = &ld;
  w.reached = g_new0 (guint8, MAX (n_nodes, 1));
  w.taken = g_new0 (guint8, MAX (n_nodes, 1) * 8);
  walk_node (&w, start, npc_guideline_get_root (guideline));

  for (guint i = 0; i < n_nodes; i++)
    {
      const NpcNode *n = nodes[i];

      if (!w.reached[n->index])
        {
          if (n->kind == NPC_NODE_OUTCOME && is_alternative_or_see_also (guideline, n))
            continue;
          add_finding (&l, NPC_LINT_UNREACHED, g_strdup (n->id),
                       g_strdup_printf (_("no case reaches %s (“%s”)"), n->id, n->label),
                       accepted (n->lint_accept, n->lint_reason, NPC_LINT_UNREACHED));
          continue;
        }
      if (n->kind != NPC_NODE_DECISION)
        continue;
      for (guint b = 0; b < n->n_branches && b < 64; b++)
        {
          const NpcBranch *br = &n->branches[b];
          gboolean taken = (w.taken[n->index * 8 + b / 8] >> (b % 8)) & 1;
          gboolean holds = (l.can_hold[n->index * 8 + b / 8] >> (b % 8)) & 1;

          if (taken)
            continue;
          if (!holds)
            add_finding (&l, NPC_LINT_UNREACHABLE, g_strdup_printf ("%s#%u", n->id, b + 1),
                         g_strdup_printf (_("branch %u of %s (“%s”) can never be taken: its "
                                            "condition never holds on the way to it"),
                                          b + 1, n->id, br->label),
                         accepted (n->lint_accept, n->lint_reason, NPC_LINT_UNREACHABLE));
          else
            add_finding (&l, NPC_LINT_SHADOWED, g_strdup_printf ("%s#%u", n->id, b + 1),
                         g_strdup_printf (_("branch %u of %s (“%s”) can never be taken: "
                                            "whenever it holds, an earlier branch holds too"),
                                          b + 1, n->id, br->label),
                         accepted (n->lint_accept, n->lint_reason, NPC_LINT_SHADOWED));
        }
    }

  for (guint i = 0; i < ctx.n_rules; i++)
    {
      const NpcRule *rule = ctx.rules[i];
      Holds h = { &ctx, rule->when, FALSE };

      /* A rule is looked at on its own: whether it can be true, whatever the others say. */
      ctx.ignore_rules = TRUE;
      holds_part (&ctx, start, &h);
      ctx.ignore_rules = FALSE;
      if (!h.holds)
        add_finding (&l, NPC_LINT_DEAD_RULE, g_strdup (rule->id),
                     g_strdup_printf (_("rule %s (on %s) can never fire: its condition never "
                                        "holds"), rule->id, rule->field->id),
                     accepted (rule->lint_accept, rule->lint_reason, NPC_LINT_DEAD_RULE));
    }

  for (guint i = 0; i < ctx.n_fields; i++)
    {
      const NpcField *f = ctx.fields[i];

      if (field_is_read (guideline, f))
        continue;
      add_finding (&l, NPC_LINT_UNUSED_FIELD, g_strdup (f->id),
                   g_strdup_printf (_("no condition reads %s (“%s”)"), f->id, f->label),
                   accepted (f->lint_accept, f->lint_reason, NPC_LINT_UNUSED_FIELD));
    }

  g_free (l.gap_seen);
  g_free (l.can_hold);
  g_free (w.reached);
  g_free (w.taken);
  return l.findings;
}
