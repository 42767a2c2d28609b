/* npc-guideline-private.h — what the loader fills in
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-guideline.h"

G_BEGIN_DECLS

struct _NpcGuideline
{
  GObject parent_instance;

  /* Everything below is owned here and freed with the guideline. */
  GStringChunk *strings;
  GPtrArray *allocations;

  char *id;
  char *version;
  NpcMetadata metadata;
  const NpcNode *root;
  const char *type_rule;
  const char *validation_step; /* nullable */

  GPtrArray *sections;    /* NpcSection* */
  GPtrArray *fields;      /* NpcField* */
  GPtrArray *rules;       /* NpcRule* */
  GPtrArray *nodes;       /* NpcNode* */
  GPtrArray *modifiers;   /* NpcModifier* */
  GPtrArray *ambiguities; /* NpcAmbiguity* */
  GPtrArray *infos;       /* NpcInfo* */
  GPtrArray *evidence;    /* NpcEvidence* */
  GPtrArray *references;  /* NpcReference* */

  GHashTable *by_id;      /* id -> NpcLookup* */
  GHashTable *refs_by_n;  /* GUINT_TO_POINTER(n) -> NpcReference* */

  /* The language: texts are looked up in the guideline's catalogue as they are read, unless
   * `untranslated`; the document is kept to read it again in its own language. */
  gboolean untranslated;
  guint n_translated;     /* texts the catalogue had a translation for */
  GBytes *document;
  char *display_name;
  NpcGuideline *original; /* nullable: the same document untranslated, made on request */
};

typedef enum {
  NPC_LOOKUP_SECTION,
  NPC_LOOKUP_FIELD,
  NPC_LOOKUP_NODE,
  NPC_LOOKUP_MODIFIER,
  NPC_LOOKUP_AMBIGUITY,
  NPC_LOOKUP_INFO,
  NPC_LOOKUP_EVIDENCE,
} NpcLookupKind;

typedef struct {
  NpcLookupKind kind;
  gpointer item;
  int line;
} NpcLookup;

NpcGuideline *_npc_guideline_new_empty (void);
gpointer      _npc_guideline_alloc     (NpcGuideline *self,
                                        gsize         size);
const char   *_npc_guideline_intern    (NpcGuideline *self,
                                        const char   *str);

/* Parses and checks a document into `self`. */
gboolean      _npc_guideline_load      (NpcGuideline *self,
                                        const char   *data,
                                        gsize         length,
                                        const char   *display_name,
                                        GError      **error);

G_END_DECLS
