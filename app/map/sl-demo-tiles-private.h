/* sl-demo-tiles-private.h: the demo map's geography, shared by its drawing code */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double lat;
  double lon;
} SlGeoPoint;

/* In drawing order: water, then islands over it, lakes and parks over the land. */
typedef enum
{
  SL_DEMO_WATER,
  SL_DEMO_ISLAND,
  SL_DEMO_LAKE,
  SL_DEMO_PARK,
  SL_DEMO_SECONDARY,
  SL_DEMO_MAJOR,
  SL_DEMO_FREEWAY,
  SL_DEMO_N_KINDS
} SlDemoKind;

typedef struct
{
  SlDemoKind        kind;
  const char       *name;       /* drawn along roads at high zoom; NULL for none */
  const SlGeoPoint *points;
  guint             n_points;
} SlDemoFeature;

/* A district of minor streets: two families of parallel streets, the first
 * running at @bearing (degrees clockwise from north) through @origin. */
typedef struct
{
  const SlGeoPoint *outline;
  guint             n_outline;
  SlGeoPoint        origin;
  double            bearing;
  double            spacing_m;      /* between streets running at @bearing */
  double            cross_spacing_m;
  gboolean          on_island;      /* drawn after the islands, inside them */
} SlDemoGrid;

typedef enum
{
  SL_DEMO_PLACE_CITY,
  SL_DEMO_PLACE_DISTRICT,
  SL_DEMO_PLACE_WATER,
} SlDemoPlaceStyle;

typedef struct
{
  const char       *text;
  SlGeoPoint        at;
  int               min_zoom;
  int               max_zoom;
  SlDemoPlaceStyle  style;
  double            angle;          /* degrees, clockwise on screen */
} SlDemoPlace;

extern const SlDemoFeature _sl_demo_features[];
extern const guint         _sl_demo_n_features;
extern const SlDemoGrid    _sl_demo_grids[];
extern const guint         _sl_demo_n_grids;
extern const SlDemoPlace   _sl_demo_places[];
extern const guint         _sl_demo_n_places;

G_END_DECLS
