#define G_LOG_DOMAIN "sl-camera"

#include "config.h"

#include "sl-camera.h"
#include "sl-read.h"

SlCamera *
sl_camera_new (void)
{
  return g_new0 (SlCamera, 1);
}

void
sl_camera_free (SlCamera *camera)
{
  if (camera == NULL)
    return;

  g_free (camera->name);
  g_free (camera->kind);
  g_free (camera->stream_url);
  g_clear_pointer (&camera->latest_read, sl_read_free);
  g_free (camera);
}

gboolean
sl_camera_kind_is_valid (const char *kind)
{
  return g_strcmp0 (kind, "fixed") == 0 ||
         g_strcmp0 (kind, "mobile") == 0 ||
         g_strcmp0 (kind, "trailer") == 0;
}

gboolean
sl_camera_is_online (const SlCamera *camera,
                     gint64          now_us)
{
  gint64 last = MAX (camera->last_read_us, camera->last_heartbeat_us);

  return last != 0 && now_us - last < SL_CAMERA_ONLINE_US;
}
