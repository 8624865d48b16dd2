/* sl-mbtiles.h: read-only raster tiles from an MBTiles file, served to the clients */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlMbtiles SlMbtiles;

SlMbtiles  *sl_mbtiles_open            (const char  *path,
                                        GError     **error);
void        sl_mbtiles_free            (SlMbtiles   *self);
const char *sl_mbtiles_get_path        (SlMbtiles   *self);
const char *sl_mbtiles_get_name        (SlMbtiles   *self);
const char *sl_mbtiles_get_attribution (SlMbtiles   *self);
const char *sl_mbtiles_get_format      (SlMbtiles   *self);
const char *sl_mbtiles_get_content_type (SlMbtiles  *self);
int         sl_mbtiles_get_min_zoom    (SlMbtiles   *self);
int         sl_mbtiles_get_max_zoom    (SlMbtiles   *self);
GBytes     *sl_mbtiles_read_tile       (SlMbtiles   *self,
                                        int          zoom,
                                        int          x,
                                        int          y,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMbtiles, sl_mbtiles_free)

G_END_DECLS
