/* npc-scene.h — what the renderer draws, as a list of shapes and texts
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer describes a picture once, in drawing order: shapes with their geometry, fill
 * and line, texts with their font and position, and groups (a node's items, a translated
 * part of a page). Two writers turn the same scene into output: npc_scene_draw_cairo (the
 * screen, PNG, PDF, printing) and npc_scene_write_svg (SVG with text as text), so that
 * neither can draw something the other does not.
 *
 * A text is either a PangoLayout (the screen keeps one per text) or a description, a string
 * in an NpcTextStyle, laid out only by the writer that needs it: cairo makes the layout, SVG
 * asks npc-text-metrics for the lines, which seldom needs pango.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "npc-renderer.h"
#include "npc-text-metrics.h"

G_BEGIN_DECLS

typedef enum {
  NPC_SCENE_SHAPE,
  NPC_SCENE_TEXT,
  NPC_SCENE_ID_TEXT,     /* a box's id, fitted into the box (toy font): zoomed-out screens */
  NPC_SCENE_PAINT,       /* the whole surface in one colour */
  NPC_SCENE_GROUP,       /* items up to the matching END belong together */
  NPC_SCENE_END,
} NpcSceneKind;

typedef enum {
  NPC_SCENE_RECT,
  NPC_SCENE_ROUNDED_RECT, /* corner radius r, at most half the shorter side */
  NPC_SCENE_POLYGON,      /* closed */
  NPC_SCENE_POLYLINE,     /* open */
  NPC_SCENE_SEGMENTS,     /* separate lines: point pairs */
} NpcSceneGeometry;

typedef struct {
  NpcSceneGeometry geometry;
  double x, y, width, height, radius; /* rectangles */
  guint first_point, n_points;        /* polygons and lines: in the scene's points */
  double scale_x, scale_y;            /* scaled about the rectangle's centre (1: not) */
  gboolean fill, stroke;
  NpcColor fill_color, stroke_color;
  double line_width;
  const double *dash;                 /* static */
  int n_dash;
  cairo_line_join_t join;
} NpcSceneShape;

typedef struct {
  PangoLayout *layout;  /* owned reference; NULL: text and style describe it */
  const char *text;     /* in the scene's strings */
  NpcTextStyle style;
  double x, y;          /* top-left corner of the layout */
  NpcColor color;
} NpcSceneText;

typedef struct {
  const char *text;
  const char *family;
  double size;          /* before fitting */
  double x, y, width, height; /* the box */
  NpcColor color;
} NpcSceneIdText;

typedef struct {
  const char *id;       /* an identifier (made valid for XML by the SVG writer), or NULL */
  const char *title;    /* what the group is, in words, or NULL */
  double dx, dy;        /* a translation of its items */
} NpcSceneGroup;

typedef struct {
  NpcSceneKind kind;
  const char *role;     /* what the item is ("box path", "edge excluded"): SVG classes */
  union {
    NpcSceneShape shape;
    NpcSceneText text;
    NpcSceneIdText id_text;
    NpcColor paint;
    NpcSceneGroup group;
  };
} NpcSceneItem;

typedef struct _NpcScene NpcScene;

NpcScene     *npc_scene_new           (void);
void          npc_scene_free          (NpcScene *self);
/* Room for n_items more items, when their number is known roughly. */
void          npc_scene_reserve       (NpcScene *self,
                                       guint     n_items);
/* Empties the scene, keeping its memory for the next picture. */
void          npc_scene_clear         (NpcScene *self);

/* The page: what the writers take as the picture's size. */
void          npc_scene_set_size      (NpcScene *self,
                                       double    width,
                                       double    height);
void          npc_scene_get_size      (NpcScene *self,
                                       double   *width,
                                       double   *height);

/* The document's title (SVG's <title>); copied. */
void          npc_scene_set_title     (NpcScene   *self,
                                       const char *title);
const char   *npc_scene_get_title     (NpcScene *self);

/* Adding items: the returned item is the scene's until the next add. */
NpcSceneItem *npc_scene_add           (NpcScene     *self,
                                       NpcSceneKind  kind,
                                       const char   *role);
NpcSceneItem *npc_scene_add_shape     (NpcScene        *self,
                                       const char      *role,
                                       NpcSceneGeometry geometry);
/* A polygon or line: n points as x, y pairs. */
NpcSceneItem *npc_scene_add_points    (NpcScene        *self,
                                       const char      *role,
                                       NpcSceneGeometry geometry,
                                       const double    *xy,
                                       guint            n);
/* A copy of text kept as long as the scene's items. */
const char   *npc_scene_intern        (NpcScene   *self,
                                       const char *text);

const NpcSceneItem *npc_scene_get_items  (NpcScene *self,
                                          guint    *n_items);
const double       *npc_scene_get_points (NpcScene *self);

/* The writers. cairo: draws on cr in the caller's transform; texts without a layout are
 * laid out with metrics' fonts. */
void          npc_scene_draw_cairo    (NpcScene       *self,
                                       cairo_t        *cr,
                                       NpcTextMetrics *metrics);
/* A standalone SVG document, appended to out. */
void          npc_scene_write_svg     (NpcScene       *self,
                                       NpcTextMetrics *metrics,
                                       GString        *out);

/* An identifier made of what XML allows in one: letters, digits, '-' and '.' as they are,
 * '_' doubled, any other byte as '_' and two hex digits; prefix first. For tests too. */
void          npc_scene_append_xml_id (GString    *out,
                                       const char *prefix,
                                       const char *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NpcScene, npc_scene_free)

G_END_DECLS
