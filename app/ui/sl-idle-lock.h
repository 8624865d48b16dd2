/* sl-idle-lock.h: when the window locks itself, computed without a display */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_IDLE_LOCK_MIN_MINUTES 1
#define SL_IDLE_LOCK_MAX_MINUTES 240

guint     sl_idle_lock_clamp_minutes  (guint   minutes);
gboolean  sl_idle_lock_is_due         (gint64  last_activity_us,
                                       gint64  now_us,
                                       guint   minutes);

G_END_DECLS
