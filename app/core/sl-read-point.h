/* sl-read-point.h: a read as the map draws it, and the compact form a search's points travel in */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The media type of GET /searches/{id}/points. */
#define SL_READ_POINTS_CONTENT_TYPE "application/vnd.sightline.points"

/* Bytes per point on the wire. */
#define SL_READ_POINT_SIZE 32

typedef enum
{
  SL_READ_POINT_HIT         = 1 << 0,   /* the read raised an alert */
  SL_READ_POINT_NO_POSITION = 1 << 1,   /* the reader sent no position */
} SlReadPointFlags;

/**
 * SlReadPoint:
 * @id: the read
 * @captured_us: when, UTC
 * @lat: latitude in degrees
 * @lon: longitude in degrees
 * @camera_id: the camera that read it
 * @flags: #SlReadPointFlags
 *
 * Positions travel as 1e-7 degrees (about a centimetre), which is finer
 * than any reader's GPS.
 */
typedef struct
{
  gint64  id;
  gint64  captured_us;
  double  lat;
  double  lon;
  guint32 camera_id;
  guint32 flags;
} SlReadPoint;

GBytes  *sl_read_points_encode (const GArray  *points);
GArray  *sl_read_points_decode (GBytes        *bytes,
                                GError       **error);

G_END_DECLS
