#define G_LOG_DOMAIN "sl-alert-sound"

#include "config.h"

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <math.h>

#include "sl-alert-sound.h"
#include "sl-video-paintable.h"

#define RATE 44100

/* The sink can be replaced, e.g. by fakesink where there is no sound card. */
#define SINK_VARIABLE "SIGHTLINE_AUDIO_SINK"

static GstElement *playing;
static guint n_played;

/* Two rising notes, each fading out: audible, short, not shrill. */
static GBytes *
synthesize_chime (void)
{
  static const struct { double hz; double seconds; } notes[] = {
    { 880.0, 0.14 },
    { 1318.5, 0.30 },
  };
  gsize n_samples = 0;
  gint16 *samples;
  gsize at = 0;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    n_samples += (gsize) (notes[i].seconds * RATE);

  samples = g_new0 (gint16, n_samples);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      gsize length = (gsize) (notes[i].seconds * RATE);

      for (gsize s = 0; s < length; s++, at++)
        {
          double t = (double) s / RATE;
          double attack = MIN (1.0, t / 0.005);
          double envelope = attack * exp (-t * 9.0);

          samples[at] = (gint16) (0.35 * 32767.0 * envelope * sin (2.0 * G_PI * notes[i].hz * t));
        }
    }

  return g_bytes_new_take (samples, n_samples * sizeof (gint16));
}

static void
finish (void)
{
  if (playing == NULL)
    return;

  gst_element_set_state (playing, GST_STATE_NULL);
  gst_clear_object (&playing);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_EOS:
      finish ();
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

/**
 * sl_alert_sound_play:
 *
 * Plays the chime, unless it is playing already. Without GStreamer or a
 * sound device nothing is heard and nothing fails.
 */
void
sl_alert_sound_play (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GBytes) chime = NULL;
  g_autofree char *description = NULL;
  const char *sink = g_getenv (SINK_VARIABLE);

  n_played++;
  sl_media_init ();

  if (playing != NULL || !gst_is_initialized ())
    return;

  description = g_strdup_printf ("appsrc name=src format=time "
                                 "caps=audio/x-raw,format=S16LE,rate=%d,channels=1,layout=interleaved "
                                 "! audioconvert ! audioresample ! %s",
                                 RATE, sink != NULL && *sink != '\0' ? sink : "autoaudiosink");
  playing = gst_parse_launch (description, &error);
  if (playing == NULL)
    {
      g_debug ("No alert sound: %s", error->message);
      return;
    }
  gst_object_ref_sink (playing);

  bus = gst_element_get_bus (playing);
  gst_bus_add_watch (bus, bus_cb, NULL);

  chime = synthesize_chime ();
  buffer = gst_buffer_new_wrapped_bytes (chime);
  source = gst_bin_get_by_name (GST_BIN (playing), "src");
  gst_app_src_push_buffer (GST_APP_SRC (source), g_steal_pointer (&buffer));
  gst_app_src_end_of_stream (GST_APP_SRC (source));

  if (gst_element_set_state (playing, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_bus_remove_watch (bus);
      finish ();
    }
}

/* How often the chime was asked for; the tests count it. */
guint
sl_alert_sound_get_n_played (void)
{
  return n_played;
}
