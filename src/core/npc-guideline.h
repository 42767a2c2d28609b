/* npc-guideline.h — a guideline document, loaded, validated and immutable
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "npc-types.h"

G_BEGIN_DECLS

#define NPC_TYPE_GUIDELINE (npc_guideline_get_type ())
G_DECLARE_FINAL_TYPE (NpcGuideline, npc_guideline, NPC, GUIDELINE, GObject)

/* Caps on what the loader reads; a larger or deeper document is refused. */
#define NPC_GUIDELINE_MAX_BYTES (8 * 1024 * 1024)
#define NPC_GUIDELINE_MAX_DEPTH 256

NpcGuideline *npc_guideline_new_from_file  (GFile        *file,
                                            GError      **error);
/* Sets the XML parser up. libxml2 wants that done once, before two threads can use it (GTK's
 * image loaders use it too): a program that loads a guideline on a thread calls this on the
 * main thread first. Loading calls it anyway. */
void          npc_guideline_init_parser    (void);
NpcGuideline *npc_guideline_new_from_path  (const char   *path,
                                            GError      **error);
/* display_name names the document in error messages. */
NpcGuideline *npc_guideline_new_from_data  (const char   *data,
                                            gsize         length,
                                            const char   *display_name,
                                            GError      **error);
/* The default guideline: NPC_PATHWAY_GUIDELINE, or else the one installed (chosen at build
 * time with -Ddefault_guideline). */
NpcGuideline *npc_guideline_new_default    (GError      **error);
char         *npc_guideline_default_path   (void);
/* Binds the program's catalogue and the guideline's (NPC_PATHWAY_LOCALEDIR when set, for
 * an uninstalled build; the install prefix's otherwise). */
void          npc_bind_text_domains        (void);
/* The language of the interface's catalogue in use ("zh_HK"), from the catalogue's own
 * header; NULL when the interface is not translated. Text drawn by the program (diagrams,
 * reports) is set in this language, so Chinese takes the glyph forms of its region whatever
 * the environment's locale says. Call after setlocale() and npc_bind_text_domains(). */
const char   *npc_get_translation_language (void);

gboolean           npc_guideline_is_translated (NpcGuideline *self);
NpcGuideline      *npc_guideline_get_original  (NpcGuideline *self);

const char        *npc_guideline_get_id        (NpcGuideline *self);
const char        *npc_guideline_get_version   (NpcGuideline *self);
const NpcMetadata *npc_guideline_get_metadata  (NpcGuideline *self);
const NpcNode     *npc_guideline_get_root      (NpcGuideline *self);
const char        *npc_guideline_get_type_rule (NpcGuideline *self);
/* The id an invalid case's path names for the validation rules (the `step` of
 * <validation>), or NULL: then that path is the root's id alone. */
const char        *npc_guideline_get_validation_step (NpcGuideline *self);

/* Arrays in document order; n_out receives the length. */
const NpcSection   *const *npc_guideline_get_sections    (NpcGuideline *self, guint *n_out);
const NpcField     *const *npc_guideline_get_fields      (NpcGuideline *self, guint *n_out);
const NpcRule      *const *npc_guideline_get_rules       (NpcGuideline *self, guint *n_out);
const NpcNode      *const *npc_guideline_get_nodes       (NpcGuideline *self, guint *n_out);
const NpcModifier  *const *npc_guideline_get_modifiers   (NpcGuideline *self, guint *n_out);
const NpcAmbiguity *const *npc_guideline_get_ambiguities (NpcGuideline *self, guint *n_out);
const NpcInfo      *const *npc_guideline_get_infos       (NpcGuideline *self, guint *n_out);
const NpcEvidence  *const *npc_guideline_get_evidence    (NpcGuideline *self, guint *n_out);
const NpcReference *const *npc_guideline_get_references  (NpcGuideline *self, guint *n_out);

/* Lookup by id (or number); NULL when absent. */
const NpcField     *npc_guideline_lookup_field       (NpcGuideline *self, const char *id);
const NpcNode      *npc_guideline_lookup_node        (NpcGuideline *self, const char *id);
const NpcModifier  *npc_guideline_lookup_modifier    (NpcGuideline *self, const char *id);
const NpcAmbiguity *npc_guideline_lookup_ambiguity   (NpcGuideline *self, const char *id);
const NpcInfo      *npc_guideline_lookup_info        (NpcGuideline *self, const char *id);
const NpcEvidence  *npc_guideline_lookup_evidence    (NpcGuideline *self, const char *id);
const NpcReference *npc_guideline_lookup_reference   (NpcGuideline *self, guint n);

G_END_DECLS
