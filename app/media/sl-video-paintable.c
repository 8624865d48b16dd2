#define G_LOG_DOMAIN "sl-video-paintable"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "sl-media-enums.h"
#include "sl-video-paintable.h"

#define DEFAULT_RETRY_MS 4000
#define DEFAULT_STALL_MS 10000
#define WATCHDOG_MS      1000

/* RTSP cameras send Motion JPEG over RTP (DESIGN.md, the test camera). */
#define RTSP_PIPELINE \
  "rtspsrc name=src latency=200 ! rtpjpegdepay ! jpegdec ! videoconvert " \
  "! video/x-raw,format=RGBA ! appsink name=sink"
#define SINK_BIN "videoconvert ! video/x-raw,format=RGBA ! appsink name=sink"

/* Frames go from the streaming thread to the main loop through this: the
 * newest sample waits here, older ones are dropped, and a queue outlives
 * neither its pipeline's use nor the paintable by accident. */
typedef struct
{
  GMutex        lock;
  GstSample    *sample;
  gboolean      scheduled;
  GMainContext *context;
  GWeakRef      paintable;
} FrameQueue;

struct _SlVideoPaintable
{
  GObject       parent_instance;

  /* owned references */
  char         *uri;
  GstElement   *pipeline;
  FrameQueue   *queue;        /* of the current pipeline */
  GdkTexture   *texture;
  char         *error;

  guint         bus_watch;
  guint         retry_source;
  guint         watchdog_source;
  guint         retry_ms;
  guint         stall_ms;
  gint64        last_frame_us; /* or when the pipeline started */
  guint64       n_frames;
  SlVideoState  state;
  guint         wanted : 1;    /* play() called and not stop() */
};

static void sl_video_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlVideoPaintable, sl_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      sl_video_paintable_paintable_init))

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static gboolean gst_available;

static void start_pipeline (SlVideoPaintable *self);

static FrameQueue *
frame_queue_new (SlVideoPaintable *self)
{
  FrameQueue *queue = g_atomic_rc_box_new0 (FrameQueue);

  g_mutex_init (&queue->lock);
  queue->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&queue->paintable, self);
  return queue;
}

static void
frame_queue_clear (FrameQueue *queue)
{
  g_clear_pointer (&queue->sample, gst_sample_unref);
  g_main_context_unref (queue->context);
  g_weak_ref_clear (&queue->paintable);
  g_mutex_clear (&queue->lock);
}

static FrameQueue *
frame_queue_ref (FrameQueue *queue)
{
  return g_atomic_rc_box_acquire (queue);
}

static void
frame_queue_unref (gpointer queue)
{
  g_atomic_rc_box_release_full (queue, (GDestroyNotify) frame_queue_clear);
}

static void
set_state (SlVideoPaintable *self,
           SlVideoState      state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (SlVideoPaintable *self,
           const char       *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_texture (SlVideoPaintable *self,
             GdkTexture       *texture)
{
  gboolean size_changed;

  if (self->texture == texture)
    return;

  size_changed = texture == NULL || self->texture == NULL ||
                 gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture) ||
                 gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);

  g_set_object (&self->texture, texture);

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static void
unmap_frame (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* The sample's first plane, without a copy: the texture keeps the buffer mapped. */
static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstVideoFrame *frame;
  GstVideoInfo info;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  g_autoptr(GBytes) bytes = NULL;
  gsize stride;
  int width;
  int height;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps) ||
      GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGBA)
    return NULL;

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  width = GST_VIDEO_FRAME_WIDTH (frame);
  height = GST_VIDEO_FRAME_HEIGHT (frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  if (width <= 0 || height <= 0 || stride < (gsize) width * 4)
    {
      unmap_frame (frame);
      return NULL;
    }

  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      stride * (gsize) height, unmap_frame, frame);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
}

static gboolean
deliver_frame_cb (gpointer user_data)
{
  FrameQueue *queue = user_data;
  g_autoptr(SlVideoPaintable) self = g_weak_ref_get (&queue->paintable);
  g_autoptr(GdkTexture) texture = NULL;
  GstSample *sample;

  g_mutex_lock (&queue->lock);
  sample = g_steal_pointer (&queue->sample);
  queue->scheduled = FALSE;
  g_mutex_unlock (&queue->lock);

  /* A frame of a pipeline that was stopped meanwhile is not shown. */
  if (self != NULL && self->queue == queue && sample != NULL)
    texture = texture_from_sample (sample);

  g_clear_pointer (&sample, gst_sample_unref);

  if (texture == NULL)
    return G_SOURCE_REMOVE;

  self->n_frames++;
  self->last_frame_us = g_get_monotonic_time ();
  set_texture (self, texture);
  set_error (self, NULL);
  set_state (self, SL_VIDEO_PLAYING);
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  FrameQueue *queue = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstSample *dropped;
  gboolean schedule;

  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&queue->lock);
  dropped = queue->sample;
  queue->sample = sample;
  schedule = !queue->scheduled;
  queue->scheduled = TRUE;
  g_mutex_unlock (&queue->lock);

  g_clear_pointer (&dropped, gst_sample_unref);

  /* At default priority: at idle priority frames starve under load. */
  if (schedule)
    g_main_context_invoke_full (queue->context, G_PRIORITY_DEFAULT, deliver_frame_cb,
                                frame_queue_ref (queue), frame_queue_unref);

  return GST_FLOW_OK;
}

static void
stop_pipeline (SlVideoPaintable *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->watchdog_source, g_source_remove);

  if (self->pipeline != NULL)
    {
      /* Returns once the streaming threads stopped: no callback runs after. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }

  g_clear_pointer (&self->queue, frame_queue_unref);
}

static gboolean
retry_cb (gpointer user_data)
{
  SlVideoPaintable *self = user_data;

  self->retry_source = 0;
  start_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
fail (SlVideoPaintable *self,
      const char       *message)
{
  g_debug ("Video %s: %s", self->uri, message);

  stop_pipeline (self);
  set_texture (self, NULL);
  set_error (self, message);

  if (!self->wanted)
    {
      set_state (self, SL_VIDEO_STOPPED);
      return;
    }

  set_state (self, SL_VIDEO_RETRYING);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  SlVideoPaintable *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Video %s: %s", self->uri, debug != NULL ? debug : "");
        /* The bus watch goes away with the pipeline: leave the source first. */
        self->bus_watch = 0;
        fail (self, error->message);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      fail (self, _("The stream ended"));
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
watchdog_cb (gpointer user_data)
{
  SlVideoPaintable *self = user_data;
  gint64 silent_ms = (g_get_monotonic_time () - self->last_frame_us) / 1000;

  if (silent_ms < self->stall_ms)
    return G_SOURCE_CONTINUE;

  /* A camera that stops sending without closing the stream. */
  self->watchdog_source = 0;
  fail (self, self->n_frames > 0 ? _("The camera stopped sending video")
                                 : _("The camera sent no video"));
  return G_SOURCE_REMOVE;
}

static GstElement *
build_pipeline (const char  *uri,
                GError     **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  g_autoptr(GstElement) pipeline = NULL;

  if (scheme != NULL && g_str_has_prefix (scheme, "rtsp"))
    {
      g_autoptr(GstElement) source = NULL;

      pipeline = gst_parse_launch (RTSP_PIPELINE, error);
      if (pipeline == NULL)
        return NULL;
      source = gst_bin_get_by_name (GST_BIN (pipeline), "src");
      /* Set as a property, never spliced into the description. */
      g_object_set (source, "location", uri, "tcp-timeout", (guint64) 5 * G_USEC_PER_SEC, NULL);
    }
  else
    {
      GstElement *sink_bin;

      pipeline = gst_element_factory_make ("playbin", NULL);
      sink_bin = gst_parse_bin_from_description (SINK_BIN, TRUE, error);
      if (pipeline == NULL || sink_bin == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                                 _("GStreamer’s playback elements are missing"));
          return NULL;
        }
      /* Video only: 1 is GST_PLAY_FLAG_VIDEO. */
      g_object_set (pipeline, "uri", uri, "video-sink", sink_bin, "flags", 1, NULL);
    }

  gst_object_ref_sink (pipeline);
  return g_steal_pointer (&pipeline);
}

static void
start_pipeline (SlVideoPaintable *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  stop_pipeline (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (!self->wanted || self->uri == NULL)
    {
      set_state (self, SL_VIDEO_STOPPED);
      return;
    }

  if (!gst_available)
    {
      fail (self, _("GStreamer is not available"));
      return;
    }

  self->pipeline = build_pipeline (self->uri, &error);
  if (self->pipeline == NULL)
    {
      fail (self, error != NULL ? error->message : _("The video pipeline cannot be built"));
      return;
    }

  self->queue = frame_queue_new (self);
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_object_set (sink, "max-buffers", 2, "drop", TRUE, "sync", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
                              frame_queue_ref (self->queue), frame_queue_unref);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  self->last_frame_us = g_get_monotonic_time ();
  self->watchdog_source = g_timeout_add (WATCHDOG_MS, watchdog_cb, self);
  set_state (self, SL_VIDEO_CONNECTING);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    fail (self, _("The video cannot be started"));
}

static void
sl_video_paintable_snapshot (GdkPaintable *paintable,
                             GdkSnapshot  *snapshot,
                             double        width,
                             double        height)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
sl_video_paintable_get_current_image (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (0, 0);
}

static int
sl_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
sl_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
sl_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 16.0 / 9.0;

  return (double) gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
sl_video_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = sl_video_paintable_snapshot;
  iface->get_current_image = sl_video_paintable_get_current_image;
  iface->get_intrinsic_width = sl_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = sl_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = sl_video_paintable_get_intrinsic_aspect_ratio;
}

static void
sl_video_paintable_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_video_paintable_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_URI:
      sl_video_paintable_set_uri (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_video_paintable_dispose (GObject *object)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (object);

  self->wanted = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  stop_pipeline (self);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sl_video_paintable_parent_class)->dispose (object);
}

static void
sl_video_paintable_finalize (GObject *object)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (object);

  g_free (self->uri);
  g_free (self->error);

  G_OBJECT_CLASS (sl_video_paintable_parent_class)->finalize (object);
}

static void
sl_video_paintable_class_init (SlVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_video_paintable_get_property;
  object_class->set_property = sl_video_paintable_set_property;
  object_class->dispose = sl_video_paintable_dispose;
  object_class->finalize = sl_video_paintable_finalize;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SL_TYPE_VIDEO_STATE, SL_VIDEO_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_media_init ();
}

static void
sl_video_paintable_init (SlVideoPaintable *self)
{
  self->retry_ms = DEFAULT_RETRY_MS;
  self->stall_ms = DEFAULT_STALL_MS;
}

/**
 * sl_media_init:
 *
 * Initializes GStreamer once; without it videos only say they cannot play.
 */
void
sl_media_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;

      gst_available = gst_init_check (NULL, NULL, &error);
      if (!gst_available)
        g_message ("No live video: %s", error->message);
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * sl_media_can_play:
 * @uri: a camera's stream address
 *
 * Returns: whether the address is of a kind the video plays
 */
gboolean
sl_media_can_play (const char *uri)
{
  static const char * const schemes[] = { "rtsp", "rtsps", "rtspt", "http", "https", "file", NULL };
  g_autofree char *scheme = NULL;

  if (uri == NULL)
    return FALSE;

  scheme = g_uri_parse_scheme (uri);
  return scheme != NULL && g_strv_contains (schemes, scheme);
}

SlVideoPaintable *
sl_video_paintable_new (void)
{
  return g_object_new (SL_TYPE_VIDEO_PAINTABLE, NULL);
}

/**
 * sl_video_paintable_set_uri:
 * @uri: (nullable): the stream, e.g. "rtsp://camera:8554/live"
 *
 * A playing video switches to the new address.
 */
void
sl_video_paintable_set_uri (SlVideoPaintable *self,
                            const char       *uri)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  if (uri != NULL && *uri == '\0')
    uri = NULL;

  if (g_strcmp0 (self->uri, uri) == 0)
    return;

  g_free (self->uri);
  self->uri = g_strdup (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);

  set_texture (self, NULL);
  set_error (self, NULL);
  if (self->wanted)
    start_pipeline (self);
}

const char *
sl_video_paintable_get_uri (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->uri;
}

/**
 * sl_video_paintable_play:
 *
 * Starts the video and keeps it going: when it stops or fails, it starts
 * again after the retry interval, until sl_video_paintable_stop().
 */
void
sl_video_paintable_play (SlVideoPaintable *self)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  if (self->wanted)
    return;

  self->wanted = TRUE;
  start_pipeline (self);
}

void
sl_video_paintable_stop (SlVideoPaintable *self)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  self->wanted = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  stop_pipeline (self);
  set_texture (self, NULL);
  set_state (self, SL_VIDEO_STOPPED);
}

SlVideoState
sl_video_paintable_get_state (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), SL_VIDEO_STOPPED);
  return self->state;
}

/**
 * sl_video_paintable_get_error:
 *
 * Returns: (nullable): why the video stopped last, cleared by the next frame
 */
const char *
sl_video_paintable_get_error (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->error;
}

/* Frames shown since the paintable was made. */
guint64
sl_video_paintable_get_n_frames (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), 0);
  return self->n_frames;
}

/**
 * sl_video_paintable_get_texture:
 *
 * Returns: (transfer none) (nullable): the frame shown now
 */
GdkTexture *
sl_video_paintable_get_texture (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->texture;
}

/**
 * sl_video_paintable_set_retry_interval:
 * @retry_ms: the wait before starting a stopped stream again
 * @stall_ms: how long without a frame counts as stopped
 */
void
sl_video_paintable_set_retry_interval (SlVideoPaintable *self,
                                       guint             retry_ms,
                                       guint             stall_ms)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (retry_ms > 0 && stall_ms > 0);

  self->retry_ms = retry_ms;
  self->stall_ms = stall_ms;
}
