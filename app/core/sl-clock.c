#define G_LOG_DOMAIN "sl-clock"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sl-clock.h"
#include "sl-error.h"

struct _SlClock
{
  GObject parent_instance;

  gboolean manual;
  gint64   now_us;   /* manual clocks only; read and written atomically */
};

G_DEFINE_FINAL_TYPE (SlClock, sl_clock, G_TYPE_OBJECT)

static void
sl_clock_class_init (SlClockClass *klass)
{
}

static void
sl_clock_init (SlClock *self)
{
}

/**
 * sl_clock_get_system:
 *
 * Returns: (transfer none): the wall clock, shared by the process.
 */
SlClock *
sl_clock_get_system (void)
{
  static gsize system_clock;

  if (g_once_init_enter (&system_clock))
    g_once_init_leave (&system_clock, (gsize) g_object_new (SL_TYPE_CLOCK, NULL));

  return (SlClock *) system_clock;
}

/**
 * sl_clock_new_manual:
 * @start_us: UTC microseconds
 *
 * Returns: (transfer full): a clock that only moves when told to.
 */
SlClock *
sl_clock_new_manual (gint64 start_us)
{
  SlClock *self = g_object_new (SL_TYPE_CLOCK, NULL);

  self->manual = TRUE;
  self->now_us = start_us;
  return self;
}

gint64
sl_clock_now_us (SlClock *self)
{
  g_return_val_if_fail (SL_IS_CLOCK (self), 0);

  if (!self->manual)
    return g_get_real_time ();

  return __atomic_load_n (&self->now_us, __ATOMIC_SEQ_CST);
}

void
sl_clock_advance (SlClock *self,
                  gint64   delta_us)
{
  g_return_if_fail (SL_IS_CLOCK (self));
  g_return_if_fail (self->manual);

  __atomic_add_fetch (&self->now_us, delta_us, __ATOMIC_SEQ_CST);
}

void
sl_clock_set_us (SlClock *self,
                 gint64   now_us)
{
  g_return_if_fail (SL_IS_CLOCK (self));
  g_return_if_fail (self->manual);

  __atomic_store_n (&self->now_us, now_us, __ATOMIC_SEQ_CST);
}

/* "2026-11-22T07:30:00.123456Z": UTC, microseconds always present. */
char *
sl_clock_format_iso8601 (gint64 time_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autofree char *base = NULL;
  gint64 frac = time_us % G_USEC_PER_SEC;

  if (dt == NULL)
    return g_strdup ("");

  if (frac < 0)
    {
      g_date_time_unref (dt);
      dt = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC - 1);
      frac += G_USEC_PER_SEC;
    }

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%06" G_GINT64_FORMAT "Z", base, frac);
}

/**
 * sl_clock_parse_iso8601:
 *
 * Accepts ISO 8601 date-times with a zone ("Z" or an offset); a time
 * without a zone is ambiguous and refused.
 */
gboolean
sl_clock_parse_iso8601 (const char  *text,
                        gint64      *time_us,
                        GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (time_us != NULL, FALSE);

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” is not a date and time in ISO 8601 form with a time zone, "
                   "such as 2026-11-22T07:30:00Z", text);
      return FALSE;
    }

  *time_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/* Strict YYYY-MM-DD. */
gboolean
sl_date_parse (const char  *text,
               GDate       *date,
               GError     **error)
{
  unsigned year, month, day;
  char tail;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  for (guint i = 0; i < 10; i++)
    if (text[i] == '\0' || (i != 4 && i != 7 && !g_ascii_isdigit (text[i])))
      goto invalid;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy (day, month, year))
    goto invalid;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;

invalid:
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               "“%s” is not a date in the form YYYY-MM-DD", text);
  return FALSE;
}

/**
 * sl_clock_format_local:
 * @iso: (nullable): an ISO 8601 time from the service
 * @format: a g_date_time_format() format
 *
 * Returns: (transfer full) (nullable): @iso in this computer's time zone;
 *   @iso itself when it cannot be read, %NULL for %NULL
 */
char *
sl_clock_format_local (const char *iso,
                       const char *format)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 time_us;

  if (iso == NULL)
    return NULL;
  if (!sl_clock_parse_iso8601 (iso, &time_us, NULL) ||
      (time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC)) == NULL)
    return g_strdup (iso);
  return g_date_time_format (time, format);
}

/**
 * sl_clock_local_date_to_iso8601:
 * @text: a YYYY-MM-DD a person typed on this computer
 * @end_of_day: the day's last second rather than its first
 *
 * Returns: (transfer full) (nullable): the ISO 8601 time in UTC, or %NULL
 *   when @text is not such a date
 */
char *
sl_clock_local_date_to_iso8601 (const char *text,
                                gboolean    end_of_day)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDate date;

  if (text == NULL || !sl_date_parse (text, &date, NULL))
    return NULL;
  /* the last microsecond, so a read at 23:59:59.5 is still that day's */
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                               end_of_day ? 23 : 0, end_of_day ? 59 : 0, end_of_day ? 59.999999 : 0);
  if (day == NULL)
    return NULL;
  utc = g_date_time_to_utc (day);
  return g_date_time_format_iso8601 (utc);
}
