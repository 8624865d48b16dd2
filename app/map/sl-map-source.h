/* sl-map-source.h: the Map page's base map, as chosen in the settings */
#pragma once

#include <gio/gio.h>
#include <shumate/shumate.h>

#include "sl-client.h"

G_BEGIN_DECLS

/* Values of the map-source setting. */
#define SL_MAP_SOURCE_DEMO    "demo"
#define SL_MAP_SOURCE_XYZ     "xyz"
#define SL_MAP_SOURCE_SERVICE "service"

void              sl_map_source_new_from_settings_async  (GSettings            *settings,
                                                          SlClient             *client,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ShumateMapSource *sl_map_source_new_from_settings_finish (GAsyncResult         *result,
                                                          GError              **error);
ShumateMapSource *sl_map_source_new_xyz           (const char  *url,
                                                   GError     **error);
gboolean          sl_map_source_check_xyz_url     (const char  *url,
                                                   GError     **error);

G_END_DECLS
