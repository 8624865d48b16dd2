/* sl-service-tiles.h: the agency's offline map, fetched from the Sightline service */
#pragma once

#include <shumate/shumate.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_SERVICE_TILES (sl_service_tiles_get_type ())
G_DECLARE_FINAL_TYPE (SlServiceTiles, sl_service_tiles, SL, SERVICE_TILES, ShumateDataSource)

SlServiceTiles   *sl_service_tiles_new            (SlClient       *client,
                                                   SlTileSet      *tile_set);
SlTileSet        *sl_service_tiles_get_tile_set   (SlServiceTiles *self);
ShumateMapSource *sl_service_tiles_new_map_source (SlServiceTiles *self);

G_END_DECLS
