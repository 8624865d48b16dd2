/* sl-camera-tile-state.h: what a camera tile says, computed without a display */
#pragma once

#include "sl-video-paintable.h"

G_BEGIN_DECLS

char        *sl_camera_describe_status       (gboolean      online,
                                              gint64        last_seen_us,
                                              gint64        now_us);
char        *sl_camera_describe_latest_read  (const char   *plate,
                                              gint64        captured_us,
                                              gint64        now_us);
const char  *sl_camera_describe_video        (SlVideoState  state,
                                              gboolean      has_stream,
                                              gboolean      can_play);

G_END_DECLS
