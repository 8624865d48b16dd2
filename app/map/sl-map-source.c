#define G_LOG_DOMAIN "sl-map-source"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-demo-tiles.h"
#include "sl-error.h"
#include "sl-map-source.h"
#include "sl-service-tiles.h"

#define XYZ_MAX_ZOOM 19

/* libshumate 1.0 fills in #X#, #Y# and #Z#; users know {x}, {y} and {z}. */
static char *
shumate_template (const char *url)
{
  GString *template = g_string_new (url);

  g_string_replace (template, "{x}", "#X#", 0);
  g_string_replace (template, "{y}", "#Y#", 0);
  g_string_replace (template, "{z}", "#Z#", 0);
  return g_string_free (template, FALSE);
}

/**
 * sl_map_source_check_xyz_url:
 * @url: (nullable): an XYZ address template such as
 *   https://tiles.example.org/{z}/{x}/{y}.png
 *
 * Returns: whether @url is an http(s) address with {x}, {y} and {z} and no
 *   other placeholder; if not, @error says what to change
 */
gboolean
sl_map_source_check_xyz_url (const char  *url,
                             GError     **error)
{
  g_autoptr(GString) sample = NULL;
  g_autoptr(GUri) uri = NULL;
  gboolean has_x = FALSE, has_y = FALSE, has_z = FALSE;
  const char *p;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, _("Enter the address of the tile server"));
      return FALSE;
    }
  if (g_ascii_strncasecmp (url, "https://", 8) != 0 && g_ascii_strncasecmp (url, "http://", 7) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   _("The tile address must start with https:// or http://"));
      return FALSE;
    }
  for (p = url; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == '#')
      {
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                     _("The tile address may not contain spaces or “#”"));
        return FALSE;
      }

  for (p = strchr (url, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      if (end == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID, _("The tile address has a “{” without its “}”"));
          return FALSE;
        }
      name = g_strndup (p, end - p + 1);
      if (g_str_equal (name, "{x}"))
        has_x = TRUE;
      else if (g_str_equal (name, "{y}"))
        has_y = TRUE;
      else if (g_str_equal (name, "{z}"))
        has_z = TRUE;
      else
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       _("The tile address contains “%s”, which Sightline cannot fill in; "
                         "use only {x}, {y} and {z}"), name);
          return FALSE;
        }
    }

  if (!has_x || !has_y || !has_z)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   _("The tile address must contain {x}, {y} and {z}; it lacks %s"),
                   !has_x ? "{x}" : !has_y ? "{y}" : "{z}");
      return FALSE;
    }

  sample = g_string_new (url);
  g_string_replace (sample, "{x}", "1", 0);
  g_string_replace (sample, "{y}", "2", 0);
  g_string_replace (sample, "{z}", "3", 0);
  uri = g_uri_parse (sample->str, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, _("“%s” is not a valid web address"), url);
      return FALSE;
    }

  return TRUE;
}

/**
 * sl_map_source_new_xyz:
 * @url: an XYZ address template, checked with sl_map_source_check_xyz_url()
 *
 * Returns: (transfer full) (nullable): a map source fetching tiles from @url
 */
ShumateMapSource *
sl_map_source_new_xyz (const char  *url,
                       GError     **error)
{
  g_autofree char *template = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *id = NULL;
  g_autofree char *license = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!sl_map_source_check_xyz_url (url, error))
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
  /* Translators: %s is a host name such as tiles.example.org */
  license = g_strdup_printf (_("Map tiles from %s"), uri != NULL ? g_uri_get_host (uri) : url);
  template = shumate_template (url);
  /* Shumate caches tiles by source id: one id per address. */
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  id = g_strdup_printf ("sightline-xyz-%.16s", checksum);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (id, _("Agency tile server"),
                                                                        license, NULL, 0, XYZ_MAX_ZOOM, 256,
                                                                        SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                        template));
}

static void
tile_set_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SlTileSet) tile_set = NULL;
  g_autoptr(SlServiceTiles) tiles = NULL;
  GError *error = NULL;

  tile_set = sl_client_get_tile_set_finish (SL_CLIENT (object), result, &error);
  if (tile_set == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tiles = sl_service_tiles_new (SL_CLIENT (object), tile_set);
  g_task_return_pointer (task, sl_service_tiles_new_map_source (tiles), g_object_unref);
}

/**
 * sl_map_source_new_from_settings_async:
 * @settings: the application's settings, with map-source and map-xyz-url
 * @client: (nullable): the logged-in client, for the service's offline map
 *
 * Makes the chosen map source; asks the service about its offline map
 * when that is the choice.
 */
void
sl_map_source_new_from_settings_async (GSettings           *settings,
                                       SlClient            *client,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *choice = NULL;
  GError *error = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_map_source_new_from_settings_async);

  choice = g_settings_get_string (settings, "map-source");
  if (g_str_equal (choice, SL_MAP_SOURCE_DEMO))
    g_task_return_pointer (task, sl_demo_tiles_new_map_source (), g_object_unref);
  else if (g_str_equal (choice, SL_MAP_SOURCE_XYZ))
    {
      g_autofree char *url = g_settings_get_string (settings, "map-xyz-url");
      ShumateMapSource *source = sl_map_source_new_xyz (url, &error);

      if (source != NULL)
        g_task_return_pointer (task, source, g_object_unref);
      else
        g_task_return_error (task, error);
    }
  else if (g_str_equal (choice, SL_MAP_SOURCE_SERVICE) && client != NULL)
    sl_client_get_tile_set_async (client, cancellable, tile_set_cb, g_steal_pointer (&task));
  else if (g_str_equal (choice, SL_MAP_SOURCE_SERVICE))
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_INVALID, _("Not connected to the Sightline service"));
  else
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_INVALID, _("There is no map source “%s”"), choice);
}

/**
 * sl_map_source_new_from_settings_finish:
 *
 * Returns: (transfer full) (nullable): the chosen map source; or the demo
 *   map, with @error saying why the chosen one cannot be used; %NULL only
 *   when cancelled
 */
ShumateMapSource *
sl_map_source_new_from_settings_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  ShumateMapSource *source;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (source != NULL)
    return source;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Showing the demo map instead. "));
  return sl_demo_tiles_new_map_source ();
}
