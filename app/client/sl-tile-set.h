/* sl-tile-set.h: the offline map a Sightline service serves (GET /tiles) */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_TYPE_TILE_SET (sl_tile_set_get_type ())

typedef struct _SlTileSet SlTileSet;

GType        sl_tile_set_get_type        (void) G_GNUC_CONST;
SlTileSet   *sl_tile_set_new_from_json   (JsonObject  *object,
                                          GError     **error);
SlTileSet   *sl_tile_set_ref             (SlTileSet   *self);
void         sl_tile_set_unref           (SlTileSet   *self);
const char  *sl_tile_set_get_name        (SlTileSet   *self);
const char  *sl_tile_set_get_attribution (SlTileSet   *self);
int          sl_tile_set_get_min_zoom    (SlTileSet   *self);
int          sl_tile_set_get_max_zoom    (SlTileSet   *self);
char        *sl_tile_set_dup_tile_url    (SlTileSet   *self,
                                          int          zoom,
                                          int          x,
                                          int          y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTileSet, sl_tile_set_unref)

G_END_DECLS
