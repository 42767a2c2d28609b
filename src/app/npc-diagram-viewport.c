/* npc-diagram-viewport.c — what part of the diagram is in view: a zoom and an origin
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The diagram view draws what its viewport says and moves by changing it: a drag, the keys,
 * the zoom buttons and the animation that follows the patient all set the viewport, and the
 * view redraws when it tells of a change. A property is notified only when its value
 * changes, so that a frame that does not move the view costs nothing.
 */

#define G_LOG_DOMAIN "npc-diagram-viewport"

#include "config.h"

#include <math.h>

#include "npc-diagram-viewport.h"

#define DEFAULT_MIN_ZOOM 0.02
#define DEFAULT_MAX_ZOOM 4.0

struct _NpcDiagramViewport {
  GObject parent_instance;

  double zoom;
  double min_zoom;
  double max_zoom;
  double origin_x;
  double origin_y;
};

G_DEFINE_FINAL_TYPE (NpcDiagramViewport, npc_diagram_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_MIN_ZOOM,
  PROP_MAX_ZOOM,
  PROP_ORIGIN_X,
  PROP_ORIGIN_Y,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

NpcDiagramViewport *
npc_diagram_viewport_new (void)
{
  return g_object_new (NPC_TYPE_DIAGRAM_VIEWPORT, NULL);
}

double
npc_diagram_viewport_get_zoom (NpcDiagramViewport *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self), 1.0);

  return self->zoom;
}

void
npc_diagram_viewport_set_zoom (NpcDiagramViewport *self,
                               double              zoom)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self));
  g_return_if_fail (zoom > 0 && isfinite (zoom));

  zoom = CLAMP (zoom, self->min_zoom, self->max_zoom);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
npc_diagram_viewport_get_min_zoom (NpcDiagramViewport *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self), DEFAULT_MIN_ZOOM);

  return self->min_zoom;
}

void
npc_diagram_viewport_set_min_zoom (NpcDiagramViewport *self,
                                   double              min_zoom)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self));
  g_return_if_fail (min_zoom > 0 && min_zoom <= self->max_zoom);

  if (min_zoom == self->min_zoom)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->min_zoom = min_zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ZOOM]);
  if (self->zoom < min_zoom)
    npc_diagram_viewport_set_zoom (self, min_zoom);
  g_object_thaw_notify (G_OBJECT (self));
}

double
npc_diagram_viewport_get_max_zoom (NpcDiagramViewport *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self), DEFAULT_MAX_ZOOM);

  return self->max_zoom;
}

void
npc_diagram_viewport_set_max_zoom (NpcDiagramViewport *self,
                                   double              max_zoom)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self));
  g_return_if_fail (max_zoom >= self->min_zoom && isfinite (max_zoom));

  if (max_zoom == self->max_zoom)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->max_zoom = max_zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ZOOM]);
  if (self->zoom > max_zoom)
    npc_diagram_viewport_set_zoom (self, max_zoom);
  g_object_thaw_notify (G_OBJECT (self));
}

double
npc_diagram_viewport_get_origin_x (NpcDiagramViewport *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self), 0);

  return self->origin_x;
}

double
npc_diagram_viewport_get_origin_y (NpcDiagramViewport *self)
{
  g_return_val_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self), 0);

  return self->origin_y;
}

void
npc_diagram_viewport_set_origin (NpcDiagramViewport *self,
                                 double              x,
                                 double              y)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self));
  g_return_if_fail (isfinite (x) && isfinite (y));

  if (x == self->origin_x && y == self->origin_y)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (x != self->origin_x)
    {
      self->origin_x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN_X]);
    }
  if (y != self->origin_y)
    {
      self->origin_y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN_Y]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
npc_diagram_viewport_set (NpcDiagramViewport *self,
                          double              zoom,
                          double              x,
                          double              y)
{
  g_return_if_fail (NPC_IS_DIAGRAM_VIEWPORT (self));

  g_object_freeze_notify (G_OBJECT (self));
  npc_diagram_viewport_set_zoom (self, zoom);
  npc_diagram_viewport_set_origin (self, x, y);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
npc_diagram_viewport_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  NpcDiagramViewport *self = NPC_DIAGRAM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_MIN_ZOOM:
      g_value_set_double (value, self->min_zoom);
      break;
    case PROP_MAX_ZOOM:
      g_value_set_double (value, self->max_zoom);
      break;
    case PROP_ORIGIN_X:
      g_value_set_double (value, self->origin_x);
      break;
    case PROP_ORIGIN_Y:
      g_value_set_double (value, self->origin_y);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_diagram_viewport_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  NpcDiagramViewport *self = NPC_DIAGRAM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      npc_diagram_viewport_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_MIN_ZOOM:
      npc_diagram_viewport_set_min_zoom (self, g_value_get_double (value));
      break;
    case PROP_MAX_ZOOM:
      npc_diagram_viewport_set_max_zoom (self, g_value_get_double (value));
      break;
    case PROP_ORIGIN_X:
      npc_diagram_viewport_set_origin (self, g_value_get_double (value), self->origin_y);
      break;
    case PROP_ORIGIN_Y:
      npc_diagram_viewport_set_origin (self, self->origin_x, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
npc_diagram_viewport_class_init (NpcDiagramViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = npc_diagram_viewport_get_property;
  object_class->set_property = npc_diagram_viewport_set_property;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, G_MINDOUBLE, G_MAXDOUBLE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_ZOOM] =
    g_param_spec_double ("min-zoom", NULL, NULL, G_MINDOUBLE, G_MAXDOUBLE, DEFAULT_MIN_ZOOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ZOOM] =
    g_param_spec_double ("max-zoom", NULL, NULL, G_MINDOUBLE, G_MAXDOUBLE, DEFAULT_MAX_ZOOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN_X] =
    g_param_spec_double ("origin-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN_Y] =
    g_param_spec_double ("origin-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
npc_diagram_viewport_init (NpcDiagramViewport *self)
{
  self->zoom = 1.0;
  self->min_zoom = DEFAULT_MIN_ZOOM;
  self->max_zoom = DEFAULT_MAX_ZOOM;
}
