/* sl-camera-poster.h: reads to the service in a vendor's format, retried while it is away */
#pragma once

#include <gio/gio.h>

#include "sl-read.h"

G_BEGIN_DECLS

/**
 * SlCameraFormat:
 * @SL_CAMERA_FORMAT_NATIVE: Sightline's own `{"reads": [...]}`
 * @SL_CAMERA_FORMAT_OPENALPR: the OpenALPR agent's `alpr_group`
 * @SL_CAMERA_FORMAT_PLATERECOGNIZER: the Plate Recognizer Stream webhook,
 *   multipart with the overview frame as `upload`
 */
typedef enum
{
  SL_CAMERA_FORMAT_NATIVE,
  SL_CAMERA_FORMAT_OPENALPR,
  SL_CAMERA_FORMAT_PLATERECOGNIZER,
} SlCameraFormat;

/* Reads kept while the service is away; older ones are dropped past this. */
#define SL_CAMERA_POSTER_MAX_QUEUED 200
#define SL_CAMERA_POSTER_HEARTBEAT_SECONDS 30
#define SL_CAMERA_POSTER_MAX_BACKOFF_SECONDS 60

#define SL_TYPE_CAMERA_POSTER (sl_camera_poster_get_type ())
G_DECLARE_FINAL_TYPE (SlCameraPoster, sl_camera_poster, SL, CAMERA_POSTER, GObject)

gboolean        sl_camera_format_parse          (const char      *text,
                                                 SlCameraFormat  *format,
                                                 GError         **error);
const char     *sl_camera_format_to_string      (SlCameraFormat   format);
guint           sl_camera_format_max_batch      (SlCameraFormat   format);
GBytes         *sl_camera_payload_build         (SlCameraFormat   format,
                                                 const char      *camera_name,
                                                 GPtrArray       *reads,
                                                 char           **content_type);

SlCameraPoster *sl_camera_poster_new            (const char      *server,
                                                 const char      *token,
                                                 SlCameraFormat   format,
                                                 const char      *camera_name,
                                                 GError         **error);
gboolean        sl_camera_poster_set_ca_file    (SlCameraPoster  *self,
                                                 const char      *path,
                                                 GError         **error);
void            sl_camera_poster_start          (SlCameraPoster  *self);
void            sl_camera_poster_stop           (SlCameraPoster  *self);
void            sl_camera_poster_add_read       (SlCameraPoster  *self,
                                                 SlRead          *read);
guint           sl_camera_poster_get_n_queued   (SlCameraPoster  *self);
guint64         sl_camera_poster_get_n_accepted (SlCameraPoster  *self);
guint64         sl_camera_poster_get_n_dropped  (SlCameraPoster  *self);

G_END_DECLS
