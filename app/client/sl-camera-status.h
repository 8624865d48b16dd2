/* sl-camera-status.h: a camera as the service reports it (GET /cameras) */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_TYPE_CAMERA_STATUS (sl_camera_status_get_type ())
G_DECLARE_FINAL_TYPE (SlCameraStatus, sl_camera_status, SL, CAMERA_STATUS, GObject)

SlCameraStatus *sl_camera_status_new_from_json        (JsonObject      *object,
                                                       GError         **error);
gboolean        sl_camera_status_update_from          (SlCameraStatus  *self,
                                                       SlCameraStatus  *newer);

gint64          sl_camera_status_get_id               (SlCameraStatus  *self);
const char     *sl_camera_status_get_name             (SlCameraStatus  *self);
const char     *sl_camera_status_get_kind             (SlCameraStatus  *self);
double          sl_camera_status_get_lat              (SlCameraStatus  *self);
double          sl_camera_status_get_lon              (SlCameraStatus  *self);
const char     *sl_camera_status_get_stream_url       (SlCameraStatus  *self);
gboolean        sl_camera_status_get_online           (SlCameraStatus  *self);
gint64          sl_camera_status_get_last_read_at_us  (SlCameraStatus  *self);
gint64          sl_camera_status_get_last_heartbeat_at_us (SlCameraStatus *self);
gint64          sl_camera_status_get_last_seen_us     (SlCameraStatus  *self);
gint64          sl_camera_status_get_latest_read_id   (SlCameraStatus  *self);
const char     *sl_camera_status_get_latest_plate     (SlCameraStatus  *self);
const char     *sl_camera_status_get_latest_region    (SlCameraStatus  *self);
gint64          sl_camera_status_get_latest_captured_at_us (SlCameraStatus *self);
const char     *sl_camera_status_get_latest_plate_image_url (SlCameraStatus *self);

G_END_DECLS
