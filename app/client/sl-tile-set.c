#define G_LOG_DOMAIN "sl-tile-set"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-error.h"
#include "sl-json.h"
#include "sl-tile-set.h"

/* As the service: deeper than any tile set in use, and 1 << zoom fits an int. */
#define MAX_ZOOM 30

struct _SlTileSet
{
  char *name;
  char *attribution;
  int   min_zoom;
  int   max_zoom;
};

G_DEFINE_BOXED_TYPE (SlTileSet, sl_tile_set, sl_tile_set_ref, sl_tile_set_unref)

static void
sl_tile_set_free (SlTileSet *self)
{
  g_free (self->name);
  g_free (self->attribution);
}

/**
 * sl_tile_set_new_from_json:
 * @object: the body of `GET /tiles`, untrusted
 *
 * Returns: (transfer full) (nullable): the offline map, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE
 */
SlTileSet *
sl_tile_set_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *name = NULL;
  const char *attribution = NULL;
  gint64 min_zoom = 0;
  gint64 max_zoom = 0;
  SlTileSet *self;

  g_return_val_if_fail (object != NULL, NULL);

  if (!sl_json_get_string (object, "name", TRUE, &name, &local_error) ||
      !sl_json_get_string (object, "attribution", FALSE, &attribution, &local_error) ||
      !sl_json_get_int (object, "min_zoom", TRUE, &min_zoom, &local_error) ||
      !sl_json_get_int (object, "max_zoom", TRUE, &max_zoom, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service’s offline map is not described properly: %s"), local_error->message);
      return NULL;
    }
  if (min_zoom < 0 || max_zoom > MAX_ZOOM || min_zoom > max_zoom)
    {
      g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, min_zoom);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, max_zoom);

      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service’s offline map has zoom levels %s–%s, which cannot be shown"), min, max);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (SlTileSet);
  self->name = g_strdup (name);
  self->attribution = g_strdup (attribution);
  self->min_zoom = (int) min_zoom;
  self->max_zoom = (int) max_zoom;
  return self;
}

SlTileSet *
sl_tile_set_ref (SlTileSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
sl_tile_set_unref (SlTileSet *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sl_tile_set_free);
}

const char *
sl_tile_set_get_name (SlTileSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/* Plain text, or %NULL when the map has none. */
const char *
sl_tile_set_get_attribution (SlTileSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}

int
sl_tile_set_get_min_zoom (SlTileSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_zoom;
}

int
sl_tile_set_get_max_zoom (SlTileSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_zoom;
}

/**
 * sl_tile_set_dup_tile_url:
 *
 * Returns: (transfer full): the API path of one tile, for
 *   sl_client_fetch_image_async()
 */
char *
sl_tile_set_dup_tile_url (SlTileSet *self,
                          int        zoom,
                          int        x,
                          int        y)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_strdup_printf ("/api/v1/tiles/tile?z=%d&x=%d&y=%d", zoom, x, y);
}
