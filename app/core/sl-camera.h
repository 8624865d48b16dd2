/* sl-camera.h: a reader at the roadside or on a car, and what it last did */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

/* A camera is online while it sent a read or a heartbeat this recently. */
#define SL_CAMERA_ONLINE_US (2 * 60 * G_USEC_PER_SEC)

typedef struct
{
  gint64  id;
  char   *name;
  char   *kind;               /* "fixed", "mobile" or "trailer" */
  double  lat;
  double  lon;
  char   *stream_url;         /* NULL when it has no video */
  gint64  created_us;
  gint64  last_read_us;       /* 0: never */
  gint64  last_heartbeat_us;  /* 0: never */
  SlRead *latest_read;        /* NULL when none; without images */
  gboolean latest_has_plate_image;
} SlCamera;

SlCamera *sl_camera_new             (void);
void      sl_camera_free            (SlCamera   *camera);
gboolean  sl_camera_kind_is_valid   (const char *kind);
gboolean  sl_camera_is_online       (const SlCamera *camera,
                                     gint64      now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCamera, sl_camera_free)

G_END_DECLS
