#define G_LOG_DOMAIN "sl-camera-tile-state"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-camera-tile-state.h"

/* Local time of day, with the date when it is not today. */
static char *
format_short_time (gint64 time_us,
                   gint64 now_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);

  if (time == NULL || now == NULL)
    return g_strdup ("—");

  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M");

  if (g_date_time_get_year (time) == g_date_time_get_year (now))
    /* Translators: a date and time of this year, see g_date_time_format() */
    return g_date_time_format (time, _("%b %-d, %H:%M"));

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

/**
 * sl_camera_describe_status:
 * @online: whether the service heard from the camera lately
 * @last_seen_us: its last read or heartbeat, 0 for never
 * @now_us: the time now
 *
 * Returns: (transfer full): "Online", "Offline since 06:12" or
 *   "Offline, never heard from"
 */
char *
sl_camera_describe_status (gboolean online,
                           gint64   last_seen_us,
                           gint64   now_us)
{
  g_autofree char *since = NULL;

  if (online)
    return g_strdup (_("Online"));

  if (last_seen_us <= 0)
    return g_strdup (_("Offline, never heard from"));

  since = format_short_time (last_seen_us, now_us);
  /* Translators: %s is a time, e.g. "06:12", or a date and time */
  return g_strdup_printf (_("Offline since %s"), since);
}

/**
 * sl_camera_describe_latest_read:
 * @plate: (nullable): the plate of the camera's latest read, or %NULL
 * @captured_us: when it was read
 * @now_us: the time now
 *
 * Returns: (transfer full): e.g. "7ABC123 at 06:11", or "No reads yet"
 */
char *
sl_camera_describe_latest_read (const char *plate,
                                gint64      captured_us,
                                gint64      now_us)
{
  g_autofree char *at = NULL;

  if (plate == NULL || *plate == '\0')
    return g_strdup (_("No reads yet"));

  at = format_short_time (captured_us, now_us);
  /* Translators: a plate and the time it was read, e.g. "7ABC123 at 06:11" */
  return g_strdup_printf (_("%s at %s"), plate, at);
}

/**
 * sl_camera_describe_video:
 * @state: the video's state
 * @has_stream: whether the camera has a stream address
 * @can_play: whether the address is of a kind the client plays
 *
 * Returns: (nullable): what to say over the picture, or %NULL while video plays
 */
const char *
sl_camera_describe_video (SlVideoState state,
                          gboolean     has_stream,
                          gboolean     can_play)
{
  if (!has_stream)
    return _("No video stream");

  if (!can_play)
    return _("This kind of video stream cannot be shown");

  switch (state)
    {
    case SL_VIDEO_PLAYING:
      return NULL;
    case SL_VIDEO_CONNECTING:
      return _("Connecting…");
    case SL_VIDEO_RETRYING:
      return _("No video — reconnecting");
    case SL_VIDEO_STOPPED:
    default:
      return _("Video paused");
    }
}
