#define G_LOG_DOMAIN "sl-rtsp"

#include "config.h"

#include <string.h>

#include <gst/app/gstappsrc.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "sl-error.h"
#include "sl-rtsp.h"

/* Everything in gst-plugins-base and -good: MJPEG over RTP. */
#define PIPELINE \
  "( appsrc name=src is-live=true format=time do-timestamp=true " \
  "max-buffers=3 leaky-type=downstream caps=video/x-raw,format=%s,width=%d,height=%d,framerate=%d/1 " \
  "! videoconvert ! video/x-raw,format=I420 ! jpegenc quality=80 ! rtpjpegpay name=pay0 pt=26 )"

struct _SlRtsp
{
  GObject        parent_instance;

  /* owned */
  GstRTSPServer *server;
  GSource       *source;
  char          *address;
  GPtrArray     *sources;      /* GstAppSrc of each prepared media, under mutex */
  GMutex         mutex;

  guint          port;
  int            width;
  int            height;
  int            fps;
};

G_DEFINE_FINAL_TYPE (SlRtsp, sl_rtsp, G_TYPE_OBJECT)

/* Called from the media's thread when its last client has gone. */
static void
media_unprepared_cb (GstRTSPMedia *media,
                     SlRtsp       *self)
{
  GstElement *appsrc = g_object_get_data (G_OBJECT (media), "sl-appsrc");

  g_mutex_lock (&self->mutex);
  g_ptr_array_remove (self->sources, appsrc);
  g_mutex_unlock (&self->mutex);
  g_debug ("a stream ended");
}

static void
media_configure_cb (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    SlRtsp              *self)
{
  g_autoptr(GstElement) element = gst_rtsp_media_get_element (media);
  GstElement *appsrc = gst_bin_get_by_name_recurse_up (GST_BIN (element), "src");

  g_return_if_fail (appsrc != NULL);

  g_object_set_data_full (G_OBJECT (media), "sl-appsrc", appsrc, gst_object_unref);
  g_signal_connect_object (media, "unprepared", G_CALLBACK (media_unprepared_cb), self, 0);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->sources, gst_object_ref (appsrc));
  g_mutex_unlock (&self->mutex);
  g_debug ("a stream started");
}

static GstRTSPFilterResult
remove_client_cb (GstRTSPServer *server,
                  GstRTSPClient *client,
                  gpointer       user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static void
sl_rtsp_finalize (GObject *object)
{
  SlRtsp *self = SL_RTSP (object);

  sl_rtsp_stop (self);
  g_clear_object (&self->server);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_free (self->address);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sl_rtsp_parent_class)->finalize (object);
}

static void
sl_rtsp_class_init (SlRtspClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_rtsp_finalize;
}

static void
sl_rtsp_init (SlRtsp *self)
{
  g_mutex_init (&self->mutex);
  self->sources = g_ptr_array_new_with_free_func (gst_object_unref);
}

/**
 * sl_rtsp_new:
 * @address: where to listen, e.g. "127.0.0.1"
 * @port: the RTSP port, 0 to pick a free one
 *
 * Call gst_init() first.
 *
 * Returns: (transfer full): a server not listening yet.
 */
SlRtsp *
sl_rtsp_new (const char *address,
             guint       port,
             int         width,
             int         height,
             int         fps)
{
  SlRtsp *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (port <= 65535, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0, NULL);
  g_return_val_if_fail (fps > 0 && fps <= 60, NULL);

  self = g_object_new (SL_TYPE_RTSP, NULL);
  self->address = g_strdup (address);
  self->port = port;
  self->width = width;
  self->height = height;
  self->fps = fps;
  return self;
}

/**
 * sl_rtsp_start:
 *
 * Listens on the thread-default main context; sl_rtsp_get_port() then
 * tells the port.
 */
gboolean
sl_rtsp_start (SlRtsp  *self,
               GError **error)
{
  g_autoptr(GstRTSPMediaFactory) factory = NULL;
  g_autoptr(GstRTSPMountPoints) mounts = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *service = NULL;
  g_autofree char *launch = NULL;

  g_return_val_if_fail (SL_IS_RTSP (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  /* A cairo RGB24 surface is 32-bit native-endian xRGB. */
  launch = g_strdup_printf (PIPELINE, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRx" : "xRGB",
                            self->width, self->height, self->fps);
  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  g_signal_connect_object (factory, "media-configure", G_CALLBACK (media_configure_cb), self, 0);

  self->server = gst_rtsp_server_new ();
  service = g_strdup_printf ("%u", self->port);
  gst_rtsp_server_set_address (self->server, self->address);
  gst_rtsp_server_set_service (self->server, service);

  mounts = gst_rtsp_server_get_mount_points (self->server);
  gst_rtsp_mount_points_add_factory (mounts, SL_RTSP_MOUNT, g_steal_pointer (&factory));

  self->source = gst_rtsp_server_create_source (self->server, NULL, &local_error);
  if (self->source == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "Could not serve RTSP on %s port %u: %s", self->address, self->port,
                   local_error != NULL ? local_error->message : "unknown error");
      g_clear_object (&self->server);
      return FALSE;
    }

  g_source_attach (self->source, g_main_context_get_thread_default ());
  self->port = gst_rtsp_server_get_bound_port (self->server);
  return TRUE;
}

/* Stops listening and drops the clients; safe to call twice. */
void
sl_rtsp_stop (SlRtsp *self)
{
  g_return_if_fail (SL_IS_RTSP (self));

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }

  if (self->server != NULL)
    gst_rtsp_server_client_filter (self->server, remove_client_cb, NULL);

  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->sources, 0);
  g_mutex_unlock (&self->mutex);
}

guint
sl_rtsp_get_port (SlRtsp *self)
{
  g_return_val_if_fail (SL_IS_RTSP (self), 0);

  return self->port;
}

/* "rtsp://127.0.0.1:8554/live" */
char *
sl_rtsp_dup_url (SlRtsp *self)
{
  g_return_val_if_fail (SL_IS_RTSP (self), NULL);

  return g_strdup_printf ("rtsp://%s:%u" SL_RTSP_MOUNT,
                          strcmp (self->address, "0.0.0.0") == 0 ? "127.0.0.1" : self->address,
                          self->port);
}

/* Whether anyone watches: frames are only worth drawing then. */
gboolean
sl_rtsp_is_streaming (SlRtsp *self)
{
  gboolean streaming;

  g_return_val_if_fail (SL_IS_RTSP (self), FALSE);

  g_mutex_lock (&self->mutex);
  streaming = self->sources->len > 0;
  g_mutex_unlock (&self->mutex);
  return streaming;
}

/**
 * sl_rtsp_push_frame:
 * @frame: a CAIRO_FORMAT_RGB24 image surface of the server's size
 *
 * Sends @frame to every stream; each frame is stamped with the time it
 * was pushed.
 */
void
sl_rtsp_push_frame (SlRtsp          *self,
                    cairo_surface_t *frame)
{
  g_autoptr(GPtrArray) sources = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  const guint8 *data;
  int stride;
  gsize row = (gsize) self->width * 4;

  g_return_if_fail (SL_IS_RTSP (self));
  g_return_if_fail (cairo_image_surface_get_format (frame) == CAIRO_FORMAT_RGB24);
  g_return_if_fail (cairo_image_surface_get_width (frame) == self->width);
  g_return_if_fail (cairo_image_surface_get_height (frame) == self->height);

  sources = g_ptr_array_new_with_free_func (gst_object_unref);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->sources->len; i++)
    g_ptr_array_add (sources, gst_object_ref (g_ptr_array_index (self->sources, i)));
  g_mutex_unlock (&self->mutex);

  if (sources->len == 0)
    return;

  cairo_surface_flush (frame);
  data = cairo_image_surface_get_data (frame);
  stride = cairo_image_surface_get_stride (frame);

  buffer = gst_buffer_new_allocate (NULL, row * self->height, NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (int y = 0; y < self->height; y++)
    memcpy (map.data + y * row, data + (gsize) y * stride, row);
  gst_buffer_unmap (buffer, &map);

  for (guint i = 0; i < sources->len; i++)
    gst_app_src_push_buffer (g_ptr_array_index (sources, i), gst_buffer_ref (buffer));

  gst_buffer_unref (buffer);
}
