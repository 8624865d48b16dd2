/* sl-rtsp.h: the camera's video, served as MJPEG over RTSP at /live */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define SL_TYPE_RTSP (sl_rtsp_get_type ())
G_DECLARE_FINAL_TYPE (SlRtsp, sl_rtsp, SL, RTSP, GObject)

#define SL_RTSP_MOUNT "/live"

SlRtsp   *sl_rtsp_new            (const char       *address,
                                  guint             port,
                                  int               width,
                                  int               height,
                                  int               fps);
gboolean  sl_rtsp_start          (SlRtsp           *self,
                                  GError          **error);
void      sl_rtsp_stop           (SlRtsp           *self);
guint     sl_rtsp_get_port       (SlRtsp           *self);
char     *sl_rtsp_dup_url        (SlRtsp           *self);
gboolean  sl_rtsp_is_streaming   (SlRtsp           *self);
void      sl_rtsp_push_frame     (SlRtsp           *self,
                                  cairo_surface_t  *frame);

G_END_DECLS
