/* npc-words-private.h — translations of the words' messages, looked up once per locale
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reasons of a result are written from a few dozen messages, each asked of gettext many
 * times a case: a lookup costs more than the writing it serves. A message's translation is
 * kept where it is used, for the locale it was looked up in: _npc_tr_refresh() notes the
 * locale (the LANGUAGE variable, the messages locale and gettext's catalogue counter, which
 * setlocale(), textdomain() and bindtextdomain() move) and starts a new generation when it
 * changed, and NPC_TR() looks up again what was kept for an older one. Every public function
 * that writes words calls _npc_tr_refresh() before its first NPC_TR().
 */
#pragma once

#include <string.h>

#include "npc-condition.h"

G_BEGIN_DECLS

typedef struct {
  const char *text;
  gint gen;
} NpcTrSite;

/* The generation of the locale; 0 before the first _npc_tr_refresh(). */
extern gint _npc_tr_generation;

void        _npc_tr_refresh   (void);
const char *_npc_tr_site_fill (NpcTrSite  *site,
                               gint        gen,
                               const char *text);

/* `lookup`, an expression such as _("…"), evaluated only when this place has no translation
 * for the current locale. A locale changed while another thread writes words is as
 * undefined here as it is for gettext. */
#define NPC_TR(lookup) \
  (G_GNUC_EXTENSION ({ \
    static NpcTrSite npc_tr_site_; \
    gint npc_tr_gen_ = g_atomic_int_get (&_npc_tr_generation); \
    npc_tr_gen_ != 0 && g_atomic_int_get (&npc_tr_site_.gen) == npc_tr_gen_ \
      ? (const char *) g_atomic_pointer_get (&npc_tr_site_.text) \
      : _npc_tr_site_fill (&npc_tr_site_, npc_tr_gen_, (lookup)); \
  }))

/* g_string_append_len() and g_string_append() without GLib's general insertion: the words
 * are written in dozens of short pieces a case. */
static inline void
npc_words_put_len (GString    *s,
                   const char *p,
                   gsize       n)
{
  if (G_UNLIKELY (s->len + n >= s->allocated_len))
    {
      gsize len = s->len;

      g_string_set_size (s, len + n);
      s->len = len;
    }
  memcpy (s->str + s->len, p, n);
  s->len += n;
  s->str[s->len] = '\0';
}

static inline void
npc_words_put (GString    *s,
               const char *p)
{
  npc_words_put_len (s, p, strlen (p));
}

/* Around printf of a message NPC_TR() gave: the compiler cannot see the literal _() would
 * have shown it, and msgfmt --check (the i18n tests) checks the translations' formats. */
#define NPC_TR_PRINTF_BEGIN \
  _Pragma ("GCC diagnostic push") _Pragma ("GCC diagnostic ignored \"-Wformat-nonliteral\"")
#define NPC_TR_PRINTF_END _Pragma ("GCC diagnostic pop")

/* g_string_append_printf (s, format, a, b) for the messages of the words: without printf when
 * the format has only %s and %%. */
void _npc_words_append_format (GString    *s,
                               const char *format,
                               const char *a,
                               const char *b);

/* npc_condition_explain() for a caller that called _npc_tr_refresh(). */
char *_npc_condition_explain_refreshed (const NpcCondition *c,
                                        const NpcEnv       *env);
/* The same appended to `s`; FALSE (nothing appended) where the condition holds. */
gboolean _npc_condition_append_explanation (GString            *s,
                                            const NpcCondition *c,
                                            const NpcEnv       *env);

G_END_DECLS
