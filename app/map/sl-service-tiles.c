#define G_LOG_DOMAIN "sl-service-tiles"

#include "config.h"

#include "sl-service-tiles.h"
#include "sl-tile-task.h"

struct _SlServiceTiles
{
  ShumateDataSource  parent_instance;

  /* owned */
  SlClient          *client;
  SlTileSet         *tile_set;
};

G_DEFINE_FINAL_TYPE (SlServiceTiles, sl_service_tiles, SHUMATE_TYPE_DATA_SOURCE)

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError *error = NULL;
  GBytes *bytes = sl_client_fetch_image_finish (SL_CLIENT (object), result, NULL, &error);

  sl_tile_task_return (user_data, bytes, error);
}

static void
sl_service_tiles_get_tile_data_async (ShumateDataSource   *source,
                                      int                  x,
                                      int                  y,
                                      int                  zoom,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SlServiceTiles *self = SL_SERVICE_TILES (source);
  g_autofree char *url = NULL;
  GTask *task;

  task = sl_tile_task_new (source, x, y, zoom, cancellable, callback, user_data,
                           sl_service_tiles_get_tile_data_async);
  url = sl_tile_set_dup_tile_url (self->tile_set, zoom, x, y);
  sl_client_fetch_image_async (self->client, url, cancellable, fetched_cb, task);
}

static void
sl_service_tiles_finalize (GObject *object)
{
  SlServiceTiles *self = SL_SERVICE_TILES (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->tile_set, sl_tile_set_unref);

  G_OBJECT_CLASS (sl_service_tiles_parent_class)->finalize (object);
}

static void
sl_service_tiles_class_init (SlServiceTilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = sl_service_tiles_finalize;
  source_class->get_tile_data_async = sl_service_tiles_get_tile_data_async;
  source_class->get_tile_data_finish = sl_tile_task_finish;
}

static void
sl_service_tiles_init (SlServiceTiles *self)
{
}

/**
 * sl_service_tiles_new:
 * @client: a logged-in client
 * @tile_set: what `GET /tiles` said of the service's offline map
 *
 * Returns: (transfer full): the service's tiles as a data source
 */
SlServiceTiles *
sl_service_tiles_new (SlClient  *client,
                      SlTileSet *tile_set)
{
  SlServiceTiles *self;

  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (tile_set != NULL, NULL);

  self = g_object_new (SL_TYPE_SERVICE_TILES, NULL);
  self->client = g_object_ref (client);
  self->tile_set = sl_tile_set_ref (tile_set);
  return self;
}

SlTileSet *
sl_service_tiles_get_tile_set (SlServiceTiles *self)
{
  g_return_val_if_fail (SL_IS_SERVICE_TILES (self), NULL);
  return self->tile_set;
}

/**
 * sl_service_tiles_new_map_source:
 *
 * Returns: (transfer full): the tiles as a map source, with the map's name,
 *   attribution and zoom levels
 */
ShumateMapSource *
sl_service_tiles_new_map_source (SlServiceTiles *self)
{
  g_autofree char *key = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *id = NULL;
  const char *name;

  g_return_val_if_fail (SL_IS_SERVICE_TILES (self), NULL);

  /* Shumate caches tiles by source id: one id per service and map. */
  name = sl_tile_set_get_name (self->tile_set);
  key = g_strconcat (sl_client_get_server (self->client), "\n", name, NULL);
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  id = g_strdup_printf ("sightline-service-%.16s", checksum);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id, name,
                                                               sl_tile_set_get_attribution (self->tile_set), NULL,
                                                               sl_tile_set_get_min_zoom (self->tile_set),
                                                               sl_tile_set_get_max_zoom (self->tile_set), 256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
