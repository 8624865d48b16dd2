/* sl-clock.h: the time service; tests replace it with a manual clock */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_CLOCK (sl_clock_get_type ())
G_DECLARE_FINAL_TYPE (SlClock, sl_clock, SL, CLOCK, GObject)

#define SL_USEC_PER_MINUTE (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define SL_USEC_PER_DAY    (SL_USEC_PER_MINUTE * G_GINT64_CONSTANT (60 * 24))

SlClock  *sl_clock_get_system        (void);
SlClock  *sl_clock_new_manual        (gint64   start_us);
gint64    sl_clock_now_us            (SlClock *self);
void      sl_clock_advance           (SlClock *self,
                                      gint64   delta_us);
void      sl_clock_set_us            (SlClock *self,
                                      gint64   now_us);
char     *sl_clock_format_iso8601    (gint64   time_us);
gboolean  sl_clock_parse_iso8601     (const char *text,
                                      gint64     *time_us,
                                      GError    **error);
gboolean  sl_date_parse              (const char *text,
                                      GDate      *date,
                                      GError    **error);
char     *sl_clock_format_local      (const char *iso,
                                      const char *format);
char     *sl_clock_local_date_to_iso8601 (const char *text,
                                      gboolean    end_of_day);

G_END_DECLS
