#define G_LOG_DOMAIN "sl-api-tiles"

#include "config.h"

#include "sl-server-private.h"

/* Base-map tiles are public map data, not ALPR data: not logged, and
 * workstations may keep them. */
#define TILE_CACHE_CONTROL "private, max-age=86400"

static gboolean
require_tiles (SlRequest *req)
{
  if (req->server->tiles != NULL)
    return TRUE;

  _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "no_tiles",
                   "This service has no offline map; an administrator starts sightlined with --tiles FILE.mbtiles");
  return FALSE;
}

/* GET /tiles: the offline map's name, attribution and zoom levels. */
void
_sl_api_tiles_get (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SlMbtiles *tiles = req->server->tiles;

  if (!require_tiles (req))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sl_mbtiles_get_name (tiles));
  if (sl_mbtiles_get_attribution (tiles) != NULL)
    {
      json_builder_set_member_name (builder, "attribution");
      json_builder_add_string_value (builder, sl_mbtiles_get_attribution (tiles));
    }
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, sl_mbtiles_get_content_type (tiles));
  json_builder_set_member_name (builder, "min_zoom");
  json_builder_add_int_value (builder, sl_mbtiles_get_min_zoom (tiles));
  json_builder_set_member_name (builder, "max_zoom");
  json_builder_add_int_value (builder, sl_mbtiles_get_max_zoom (tiles));
  json_builder_set_member_name (builder, "tile_size");
  json_builder_add_int_value (builder, 256);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /tiles/tile?z=&x=&y=: one tile, rows counted from the top as in XYZ. */
void
_sl_api_tiles_tile (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 z, x, y;
  gconstpointer data;
  gsize size;

  if (!require_tiles (req))
    return;

  if (_sl_query_get (req->query, "z") == NULL || _sl_query_get (req->query, "x") == NULL ||
      _sl_query_get (req->query, "y") == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "A tile is asked for with z, x and y");
      return;
    }
  if (!_sl_query_number (req->query, "z", 0, 30, &z, &error) ||
      !_sl_query_number (req->query, "x", 0, G_MAXINT32, &x, &error) ||
      !_sl_query_number (req->query, "y", 0, G_MAXINT32, &y, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  bytes = sl_mbtiles_read_tile (req->server->tiles, (int) z, (int) x, (int) y, &error);
  if (bytes == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", TILE_CACHE_CONTROL);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, sl_mbtiles_get_content_type (req->server->tiles),
                                    SOUP_MEMORY_COPY, data, size);
}
