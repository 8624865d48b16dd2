/* sl-camera-tile.h: one camera of the Live page: its video, state and latest read */
#pragma once

#include <gtk/gtk.h>

#include "sl-camera-status.h"
#include "sl-video-paintable.h"

G_BEGIN_DECLS

#define SL_TYPE_CAMERA_TILE (sl_camera_tile_get_type ())
G_DECLARE_FINAL_TYPE (SlCameraTile, sl_camera_tile, SL, CAMERA_TILE, GtkWidget)

GtkWidget         *sl_camera_tile_new           (SlCameraStatus *camera);
SlCameraStatus    *sl_camera_tile_get_camera    (SlCameraTile   *self);
SlVideoPaintable  *sl_camera_tile_get_video     (SlCameraTile   *self);
const char        *sl_camera_tile_get_video_status (SlCameraTile *self);
const char        *sl_camera_tile_get_status_text  (SlCameraTile *self);
const char        *sl_camera_tile_get_latest_text  (SlCameraTile *self);

G_END_DECLS
