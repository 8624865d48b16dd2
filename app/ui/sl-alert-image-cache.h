/* sl-alert-image-cache.h: read images fetched once, decoded off the main thread */
#pragma once

#include <gtk/gtk.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_ALERT_IMAGE_CACHE (sl_alert_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (SlAlertImageCache, sl_alert_image_cache, SL, ALERT_IMAGE_CACHE, GObject)

SlAlertImageCache *sl_alert_image_cache_new          (SlClient            *client);
GdkTexture        *sl_alert_image_cache_lookup       (SlAlertImageCache   *self,
                                                      const char          *url);
void               sl_alert_image_cache_load_async   (SlAlertImageCache   *self,
                                                      const char          *url,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GdkTexture        *sl_alert_image_cache_load_finish  (SlAlertImageCache   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
guint              sl_alert_image_cache_get_n_fetches (SlAlertImageCache  *self);

G_END_DECLS
