/* sl-demo-tiles.h: the built-in demo base map of Oakland, drawn offline with cairo */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define SL_DEMO_TILES_SIZE     256
#define SL_DEMO_TILES_MAX_ZOOM 19

/* Colours as 0xRRGGBB, for code that needs to tell land from water. */
#define SL_DEMO_TILES_LAND_RGB  0xebebe8
#define SL_DEMO_TILES_WATER_RGB 0xb5d0e6

#define SL_TYPE_DEMO_TILES (sl_demo_tiles_get_type ())
G_DECLARE_FINAL_TYPE (SlDemoTiles, sl_demo_tiles, SL, DEMO_TILES, ShumateDataSource)

SlDemoTiles      *sl_demo_tiles_new            (void);
GBytes           *sl_demo_tiles_render         (int      x,
                                                int      y,
                                                int      zoom,
                                                GError **error);
ShumateMapSource *sl_demo_tiles_new_map_source (void);

G_END_DECLS
