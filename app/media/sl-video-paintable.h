/* sl-video-paintable.h: a camera's live video as a GdkPaintable, reconnecting by itself */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * SlVideoState:
 * @SL_VIDEO_STOPPED: not playing: no address, or stopped
 * @SL_VIDEO_CONNECTING: starting the stream, no frame yet
 * @SL_VIDEO_PLAYING: frames arrive
 * @SL_VIDEO_RETRYING: the stream stopped or failed; trying again shortly
 */
typedef enum /*< prefix=SL_VIDEO >*/
{
  SL_VIDEO_STOPPED,
  SL_VIDEO_CONNECTING,
  SL_VIDEO_PLAYING,
  SL_VIDEO_RETRYING,
} SlVideoState;

#define SL_TYPE_VIDEO_PAINTABLE (sl_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SlVideoPaintable, sl_video_paintable, SL, VIDEO_PAINTABLE, GObject)

void               sl_media_init                        (void);
gboolean           sl_media_can_play                    (const char       *uri);

SlVideoPaintable  *sl_video_paintable_new               (void);
void               sl_video_paintable_set_uri           (SlVideoPaintable *self,
                                                         const char       *uri);
const char        *sl_video_paintable_get_uri           (SlVideoPaintable *self);
void               sl_video_paintable_play              (SlVideoPaintable *self);
void               sl_video_paintable_stop              (SlVideoPaintable *self);
SlVideoState       sl_video_paintable_get_state         (SlVideoPaintable *self);
const char        *sl_video_paintable_get_error         (SlVideoPaintable *self);
guint64            sl_video_paintable_get_n_frames      (SlVideoPaintable *self);
GdkTexture        *sl_video_paintable_get_texture       (SlVideoPaintable *self);
void               sl_video_paintable_set_retry_interval (SlVideoPaintable *self,
                                                         guint             retry_ms,
                                                         guint             stall_ms);

G_END_DECLS
