#define G_LOG_DOMAIN "sl-idle-lock"

#include "config.h"

#include "sl-idle-lock.h"

/**
 * sl_idle_lock_clamp_minutes:
 * @minutes: a setting, possibly out of range
 *
 * Returns: @minutes within the range the policy allows; 0 is taken as the
 *   shortest delay, never as "never lock"
 */
guint
sl_idle_lock_clamp_minutes (guint minutes)
{
  return CLAMP (minutes, SL_IDLE_LOCK_MIN_MINUTES, SL_IDLE_LOCK_MAX_MINUTES);
}

/**
 * sl_idle_lock_is_due:
 * @last_activity_us: monotonic time of the person's last input
 * @now_us: monotonic time now
 * @minutes: the idle-lock setting
 *
 * Returns: whether the window must lock now
 */
gboolean
sl_idle_lock_is_due (gint64 last_activity_us,
                     gint64 now_us,
                     guint  minutes)
{
  gint64 limit_us = (gint64) sl_idle_lock_clamp_minutes (minutes) * 60 * G_USEC_PER_SEC;

  return now_us - last_activity_us >= limit_us;
}
