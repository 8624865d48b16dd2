/* sl-mbtiles-source.h: raster tiles from an MBTiles file the user chose, for offline maps */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define SL_TYPE_MBTILES_SOURCE (sl_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (SlMbtilesSource, sl_mbtiles_source, SL, MBTILES_SOURCE, ShumateDataSource)

SlMbtilesSource  *sl_mbtiles_source_new             (const char       *path,
                                                     GError          **error);
const char       *sl_mbtiles_source_get_path        (SlMbtilesSource  *self);
const char       *sl_mbtiles_source_get_name        (SlMbtilesSource  *self);
const char       *sl_mbtiles_source_get_attribution (SlMbtilesSource  *self);
const char       *sl_mbtiles_source_get_format      (SlMbtilesSource  *self);
int               sl_mbtiles_source_get_min_zoom    (SlMbtilesSource  *self);
int               sl_mbtiles_source_get_max_zoom    (SlMbtilesSource  *self);
GBytes           *sl_mbtiles_source_read_tile       (SlMbtilesSource  *self,
                                                     int               x,
                                                     int               y,
                                                     int               zoom,
                                                     GError          **error);
ShumateMapSource *sl_mbtiles_source_new_map_source  (SlMbtilesSource  *self);

G_END_DECLS
