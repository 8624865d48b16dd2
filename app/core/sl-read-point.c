#define G_LOG_DOMAIN "sl-read-point"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-read-point.h"

/*
 * A point on the wire, little-endian, SL_READ_POINT_SIZE bytes:
 *
 *   int64  id
 *   int64  captured_us
 *   int32  lat × 1e7
 *   int32  lon × 1e7
 *   uint32 camera_id
 *   uint32 flags
 *
 * A million points are 32 MB where JSON would be three times that, and
 * decoding them takes no allocation per point.
 */

static void
put_u64 (guint8  *out,
         guint64  value)
{
  value = GUINT64_TO_LE (value);
  memcpy (out, &value, sizeof value);
}

static void
put_u32 (guint8  *out,
         guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (out, &value, sizeof value);
}

static guint64
get_u64 (const guint8 *in)
{
  guint64 value;

  memcpy (&value, in, sizeof value);
  return GUINT64_FROM_LE (value);
}

static guint32
get_u32 (const guint8 *in)
{
  guint32 value;

  memcpy (&value, in, sizeof value);
  return GUINT32_FROM_LE (value);
}

static gint32
to_e7 (double degrees)
{
  double scaled;

  if (!isfinite (degrees))
    return 0;

  scaled = CLAMP (degrees, -180.0, 180.0) * 1e7;
  return (gint32) (scaled + (scaled >= 0 ? 0.5 : -0.5));
}

/**
 * sl_read_points_encode:
 * @points: (element-type SlReadPoint): the points
 *
 * Returns: (transfer full): @points in their wire form
 */
GBytes *
sl_read_points_encode (const GArray *points)
{
  gsize size = (gsize) points->len * SL_READ_POINT_SIZE;
  guint8 *data = g_malloc (MAX (size, 1));

  for (guint i = 0; i < points->len; i++)
    {
      const SlReadPoint *point = &g_array_index (points, SlReadPoint, i);
      guint8 *out = data + (gsize) i * SL_READ_POINT_SIZE;

      put_u64 (out, (guint64) point->id);
      put_u64 (out + 8, (guint64) point->captured_us);
      put_u32 (out + 16, (guint32) to_e7 (point->lat));
      put_u32 (out + 20, (guint32) to_e7 (point->lon));
      put_u32 (out + 24, point->camera_id);
      put_u32 (out + 28, point->flags);
    }

  return g_bytes_new_take (data, size);
}

/**
 * sl_read_points_decode:
 * @bytes: points in their wire form
 *
 * Returns: (transfer full) (element-type SlReadPoint): the points, or %NULL
 *   with %SL_ERROR_INVALID when @bytes is not a whole number of points or a
 *   position is outside the earth's
 */
GArray *
sl_read_points_decode (GBytes  *bytes,
                       GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GArray) points = NULL;
  guint n;

  if (size % SL_READ_POINT_SIZE != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The service sent %" G_GSIZE_FORMAT " bytes of points, not a whole number of %d-byte points",
                   size, SL_READ_POINT_SIZE);
      return NULL;
    }

  n = size / SL_READ_POINT_SIZE;
  points = g_array_sized_new (FALSE, FALSE, sizeof (SlReadPoint), n);
  g_array_set_size (points, n);
  for (guint i = 0; i < n; i++)
    {
      const guint8 *in = data + (gsize) i * SL_READ_POINT_SIZE;
      SlReadPoint *point = &g_array_index (points, SlReadPoint, i);
      gint32 lat_e7 = (gint32) get_u32 (in + 16);
      gint32 lon_e7 = (gint32) get_u32 (in + 20);

      if (ABS (lat_e7) > 900000000 || ABS (lon_e7) > 1800000000)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "Point %u of the service's answer lies outside the earth", i);
          return NULL;
        }

      point->id = (gint64) get_u64 (in);
      point->captured_us = (gint64) get_u64 (in + 8);
      point->lat = lat_e7 / 1e7;
      point->lon = lon_e7 / 1e7;
      point->camera_id = get_u32 (in + 24);
      point->flags = get_u32 (in + 28);
    }

  return g_steal_pointer (&points);
}
