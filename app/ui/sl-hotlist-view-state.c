#define G_LOG_DOMAIN "sl-hotlist-view-state"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-clock.h"
#include "sl-hotlist-view-state.h"
#include "sl-plate.h"
#include "sl-search.h"

/* The fields an update may change, in the order the difference shows them. */
static const struct
{
  const char *field;
  const char *label;
} entry_fields[] = {
  { "plate",       N_("Plate") },
  { "region",      N_("State") },
  { "reason",      N_("Reason") },
  { "case_number", N_("Case Number") },
  { "synopsis",    N_("Synopsis") },
  { "expires_at",  N_("Expires") },
  { "make",        N_("Make") },
  { "model",       N_("Model") },
  { "color",       N_("Color") },
};

/* Header names of sl_hotlist_csv_parse(), lower case with '_' for spaces and dashes. */
static const struct
{
  const char *name;
  const char *role;
} csv_roles[] = {
  { "plate",       N_("Plate") },
  { "lic",         N_("Plate") },
  { "state",       N_("State") },
  { "lis",         N_("State") },
  { "category",    N_("Category") },
  { "case_number", N_("Case number") },
  { "oca",         N_("Case number") },
  { "effective",   N_("Effective") },
  { "expiry",      N_("Expiry") },
};

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
add_line (GString    *lines,
          const char *line)
{
  if (lines->len > 0)
    g_string_append_c (lines, '\n');
  g_string_append (lines, line);
}

/* ---- plates and patterns ---- */

static guint
count_known (const char *pattern)
{
  guint n = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    if (*p != '?' && *p != '*')
      n++;
  return n;
}

/**
 * sl_hotlist_describe_pattern:
 * @plate: a normalized plate or pattern
 *
 * Returns: (transfer full): what it matches, in words, to follow the
 *   pattern: "exactly this plate", "starts with 7AB", "contains K12",
 *   "6 characters, any one at positions 2, 5", …
 */
char *
sl_hotlist_describe_pattern (const char *plate)
{
  gsize length;
  const char *star;
  g_autoptr(GString) positions = NULL;
  guint n_any = 0;

  g_return_val_if_fail (plate != NULL, NULL);

  length = strlen (plate);
  star = strchr (plate, '*');

  if (!sl_plate_is_pattern (plate))
    return g_strdup (_("exactly this plate"));

  /* One run of known characters with a star before, after or both. */
  if (strchr (plate, '?') == NULL && length >= 2)
    {
      gboolean leading = plate[0] == '*';
      gboolean trailing = plate[length - 1] == '*';
      g_autofree char *inner = g_strndup (plate + leading, length - leading - trailing);

      if (strchr (inner, '*') == NULL)
        {
          if (leading && trailing)
            /* Translators: %s is the known part of a plate pattern, e.g. K12 */
            return g_strdup_printf (_("contains %s"), inner);
          if (trailing)
            /* Translators: %s is the known start of a plate pattern, e.g. 7AB */
            return g_strdup_printf (_("starts with %s"), inner);
          /* Translators: %s is the known end of a plate pattern, e.g. 123 */
          return g_strdup_printf (_("ends with %s"), inner);
        }
    }

  positions = g_string_new (NULL);
  for (gsize i = 0; i < length; i++)
    if (plate[i] == '?')
      {
        g_string_append_printf (positions, "%s%" G_GSIZE_FORMAT, n_any > 0 ? ", " : "", i + 1);
        n_any++;
      }

  if (star == NULL)
    /* Translators: the first %u is a plate's length, then the positions of
     * its unknown characters, e.g. "6 characters, any one at 2, 5" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u characters, any one at position %s",
                                         "%u characters, any one at positions %s", n_any),
                            (guint) length, positions->str);

  return g_strdup (_("? is any one character, * any run of characters"));
}

/* A plausible plate the pattern matches: '?' and '*' filled from @filler. */
static char *
fill_pattern (const char *pattern,
              const char *filler,
              guint       star_length)
{
  GString *text = g_string_new (NULL);
  guint f = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == '?')
        g_string_append_c (text, filler[f++ % strlen (filler)]);
      else if (*p == '*')
        for (guint i = 0; i < star_length; i++)
          g_string_append_c (text, filler[f++ % strlen (filler)]);
      else
        g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

/**
 * sl_hotlist_pattern_examples:
 * @plate: a normalized pattern
 *
 * Returns: (transfer full) (nullable): two plates it matches, e.g.
 *   "7AB1234, 7ABX9", or %NULL for an exact plate
 */
char *
sl_hotlist_pattern_examples (const char *plate)
{
  guint known;
  guint stars = 0;
  guint fill;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_return_val_if_fail (plate != NULL, NULL);

  if (!sl_plate_is_pattern (plate))
    return NULL;

  known = strlen (plate);
  for (const char *p = plate; *p != '\0'; p++)
    if (*p == '*')
      stars++, known--;

  /* Stars stretch the first example to a common plate length of 7. */
  fill = stars > 0 && known < 7 ? MAX (1, (7 - known) / stars) : 1;
  first = fill_pattern (plate, "4821935", fill);
  second = fill_pattern (plate, "XK7", stars > 0 ? MAX (1, fill / 2) : 1);
  if (g_str_equal (first, second))
    return g_steal_pointer (&first);

  /* Translators: two example plates a pattern matches */
  return g_strdup_printf (_("%s, %s"), first, second);
}

/* ---- expiry ---- */

static GDateTime *
local_day_end (GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 23, 59, 0);
}

/**
 * sl_hotlist_default_expiry:
 * @policy: (nullable): the agency's profile
 * @now_us: the time now
 *
 * Returns: (transfer full): the local date 30 days from now, or the
 *   profile's limit when that is shorter, as YYYY-MM-DD
 */
char *
sl_hotlist_default_expiry (SlPolicy *policy,
                           gint64    now_us)
{
  guint max_days = policy != NULL ? sl_policy_get_hotlist_max_days (policy) : 100;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, MIN (SL_HOTLIST_DEFAULT_DAYS, max_days));

  return g_date_time_format (then, "%Y-%m-%d");
}

/**
 * sl_hotlist_expiry_from_date:
 * @date: a local date as typed, YYYY-MM-DD
 * @max_days: the profile's limit
 * @now_us: the time now
 * @expires_at_us: (out): the expiry to send: the end of that day, or the
 *   limit on its last day
 * @error: (out) (transfer full) (optional): why it cannot be, for a person
 *
 * Returns: whether @date is after today and within @max_days of now
 */
gboolean
sl_hotlist_expiry_from_date (const char  *date,
                             guint        max_days,
                             gint64       now_us,
                             gint64      *expires_at_us,
                             char       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) last = g_date_time_add_days (now, max_days);
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (date));
  GDate day;
  gint64 limit_us = now_us + (gint64) max_days * SL_USEC_PER_DAY;
  gint64 end_us;

  g_return_val_if_fail (date != NULL, FALSE);

  *expires_at_us = 0;
  last_text = g_date_time_format (last, "%Y-%m-%d");

  if (!sl_date_parse (stripped, &day, NULL) ||
      (end = local_day_end (&day)) == NULL)
    {
      if (error != NULL)
        /* Translators: %s is an example date */
        *error = g_strdup_printf (_("Not a date. Write it as YYYY-MM-DD, e.g. %s."), last_text);
      return FALSE;
    }

  end_us = g_date_time_to_unix (end) * G_USEC_PER_SEC;
  if (end_us <= now_us ||
      (g_date_time_get_year (end) == g_date_time_get_year (now) &&
       g_date_time_get_day_of_year (end) == g_date_time_get_day_of_year (now)))
    {
      if (error != NULL)
        *error = g_strdup (_("The expiry must be after today."));
      return FALSE;
    }

  if (end_us > limit_us)
    {
      /* The limit's own day is allowed: the entry ends at the limit then. */
      if (g_date_time_get_year (end) != g_date_time_get_year (last) ||
          g_date_time_get_day_of_year (end) != g_date_time_get_day_of_year (last))
        {
          if (error != NULL)
            /* Translators: %u is the profile's limit in days, %s the last date it allows */
            *error = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "At most %u day from today: %s or earlier.",
                                                   "At most %u days from today: %s or earlier.",
                                                   max_days), max_days, last_text);
          return FALSE;
        }
      /* A minute's margin for the clocks of client and service. */
      end_us = limit_us - SL_USEC_PER_MINUTE;
    }

  *expires_at_us = end_us;
  return TRUE;
}

/**
 * sl_hotlist_entry_check:
 * @policy: the agency's profile, as GET /policy serves it
 * @form: the form as typed
 * @now_us: the time now
 * @check: (out caller-allocates): the result; clear it with
 *   sl_hotlist_entry_check_clear()
 *
 * Applies the rules the service applies to a proposed entry, field by
 * field, so the form can say what is wrong while the user types.
 */
void
sl_hotlist_entry_check (SlPolicy                   *policy,
                        const SlHotlistEntryForm   *form,
                        gint64                      now_us,
                        SlHotlistEntryCheck        *check)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *region = NULL;
  SlSearchContextCheck case_check;
  guint max_days;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (form != NULL);
  g_return_if_fail (check != NULL);

  memset (check, 0, sizeof *check);
  max_days = sl_policy_get_hotlist_max_days (policy);

  /* Plate or pattern */
  if (is_blank (form->plate))
    add_line (missing, _("Enter the plate, or a pattern with ? and *."));
  else if ((check->plate = sl_plate_pattern_normalize (form->plate, &error)) == NULL)
    {
      check->plate_error = g_strdup_printf (_("Not a plate: %s."), error->message);
      add_line (missing, check->plate_error);
    }
  else
    {
      g_autofree char *description = sl_hotlist_describe_pattern (check->plate);
      g_autofree char *examples = sl_hotlist_pattern_examples (check->plate);

      check->is_pattern = sl_plate_is_pattern (check->plate);
      if (examples != NULL)
        /* Translators: a pattern, what it matches and two examples, e.g.
         * "7AB* — starts with 7AB, e.g. 7AB4821, 7ABXK" */
        check->plate_preview = g_strdup_printf (_("%s — %s, e.g. %s"), check->plate, description, examples);
      else
        /* Translators: a plate and "exactly this plate" */
        check->plate_preview = g_strdup_printf (_("%s — %s"), check->plate, description);

      if (check->is_pattern && count_known (check->plate) < SL_HOTLIST_PATTERN_MIN_KNOWN)
        {
          check->plate_error = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Too broad: a pattern names at least %u character.",
                                                             "Too broad: a pattern names at least %u characters.",
                                                             SL_HOTLIST_PATTERN_MIN_KNOWN),
                                                SL_HOTLIST_PATTERN_MIN_KNOWN);
          add_line (missing, check->plate_error);
        }
    }
  g_clear_error (&error);

  /* State: may be empty */
  region = g_ascii_strup (form->region != NULL ? form->region : "", -1);
  g_strstrip (region);
  if (!sl_region_is_valid (region))
    {
      check->region_error = g_strdup (_("Not a state or province code, such as CA or NV."));
      add_line (missing, check->region_error);
    }

  /* Reason */
  if (is_blank (form->reason))
    add_line (missing, _("Choose the reason for the entry."));
  else if (sl_policy_find_hotlist_reason (policy, form->reason) == NULL)
    {
      check->reason_error = g_strdup (_("Not a reason the agency’s policy names."));
      add_line (missing, check->reason_error);
    }

  /* Case number: the profile's format, checked as the Search page checks it */
  sl_search_context_check (policy, form->case_number, NULL, NULL, &case_check);
  if (is_blank (form->case_number))
    {
      /* Translators: %s is an example case number, e.g. 26-012345 */
      g_autofree char *line = g_strdup_printf (_("Enter the related case number, such as %s."),
                                               sl_policy_get_case_number_example (policy));
      add_line (missing, line);
    }
  else if (case_check.case_number_error != NULL)
    {
      check->case_number_error = g_strdup (case_check.case_number_error);
      add_line (missing, check->case_number_error);
    }
  sl_search_context_check_clear (&case_check);

  /* Synopsis */
  if (is_blank (form->synopsis))
    add_line (missing, _("Write a short synopsis: why the vehicle is wanted."));
  else if (g_utf8_strlen (form->synopsis, -1) > SL_HOTLIST_SYNOPSIS_MAX)
    {
      check->synopsis_error = g_strdup_printf (_("Too long: at most %d characters."), SL_HOTLIST_SYNOPSIS_MAX);
      add_line (missing, check->synopsis_error);
    }

  /* Expiry */
  if (is_blank (form->expires_on))
    add_line (missing, _("Choose when the entry expires."));
  else if (!sl_hotlist_expiry_from_date (form->expires_on, max_days, now_us,
                                         &check->expires_at_us, &check->expiry_error))
    add_line (missing, check->expiry_error);

  check->can_submit = missing->len == 0;
  if (missing->len > 0)
    {
      check->missing = g_strdup (missing->str);
      return;
    }

  check->fields = sl_hotlist_entry_fields_new ();
  check->fields->plate = g_strdup (check->plate);
  check->fields->region = g_steal_pointer (&region);
  check->fields->reason = g_strdup (form->reason);
  check->fields->case_number = g_strstrip (g_strdup (form->case_number));
  check->fields->synopsis = g_strstrip (g_strdup (form->synopsis));
  check->fields->make = g_strstrip (g_strdup (form->make != NULL ? form->make : ""));
  check->fields->model = g_strstrip (g_strdup (form->model != NULL ? form->model : ""));
  check->fields->color = g_strstrip (g_strdup (form->color != NULL ? form->color : ""));
  check->fields->expires_at_us = check->expires_at_us;
}

void
sl_hotlist_entry_check_clear (SlHotlistEntryCheck *check)
{
  g_return_if_fail (check != NULL);

  g_clear_pointer (&check->plate, g_free);
  g_clear_pointer (&check->plate_preview, g_free);
  g_clear_pointer (&check->fields, sl_hotlist_entry_fields_free);
  g_clear_pointer (&check->plate_error, g_free);
  g_clear_pointer (&check->region_error, g_free);
  g_clear_pointer (&check->reason_error, g_free);
  g_clear_pointer (&check->case_number_error, g_free);
  g_clear_pointer (&check->synopsis_error, g_free);
  g_clear_pointer (&check->expiry_error, g_free);
  g_clear_pointer (&check->missing, g_free);
}

/* ---- the table and the sidebar ---- */

/**
 * sl_hotlist_expires_soon:
 *
 * Returns: whether an entry expiring at @expires_at_us ends within
 *   %SL_HOTLIST_SOON_DAYS and has not ended yet
 */
gboolean
sl_hotlist_expires_soon (gint64 expires_at_us,
                         gint64 now_us)
{
  return expires_at_us > now_us &&
         expires_at_us - now_us <= SL_HOTLIST_SOON_DAYS * SL_USEC_PER_DAY;
}

/**
 * sl_hotlist_format_date:
 *
 * Returns: (transfer full): the local date of @time_us, YYYY-MM-DD, or "—"
 */
char *
sl_hotlist_format_date (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us <= 0 || (time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC)) == NULL)
    return g_strdup ("—");

  return g_date_time_format (time, "%Y-%m-%d");
}

/**
 * sl_hotlist_format_expiry:
 *
 * Returns: (transfer full): e.g. "2026-04-01 · in 3 days", "2026-03-01 ·
 *   expired", or the date alone when it is further off
 */
char *
sl_hotlist_format_expiry (gint64 expires_at_us,
                          gint64 now_us)
{
  g_autofree char *date = sl_hotlist_format_date (expires_at_us);
  gint64 days;

  if (expires_at_us <= 0)
    return g_steal_pointer (&date);

  if (expires_at_us <= now_us)
    /* Translators: %s is a date */
    return g_strdup_printf (_("%s · expired"), date);

  if (!sl_hotlist_expires_soon (expires_at_us, now_us))
    return g_steal_pointer (&date);

  days = (expires_at_us - now_us) / SL_USEC_PER_DAY;
  if (days == 0)
    /* Translators: %s is a date */
    return g_strdup_printf (_("%s · today"), date);

  /* Translators: %s is a date, %d a number of days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · in %d day", "%s · in %d days", days),
                          date, (int) days);
}

/**
 * sl_hotlist_describe_counts:
 *
 * Returns: (transfer full): the list's entries by status, e.g.
 *   "1,204 active · 3 pending"; the zero counts are left out
 */
char *
sl_hotlist_describe_counts (SlHotlist *list)
{
  GString *text;
  gint64 counts[3];

  g_return_val_if_fail (SL_IS_HOTLIST (list), NULL);

  text = g_string_new (NULL);
  counts[0] = sl_hotlist_get_n_active (list);
  counts[1] = sl_hotlist_get_n_pending (list);
  counts[2] = sl_hotlist_get_n_expired (list);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *number = NULL;

      if (counts[i] <= 0)
        continue;
      number = g_strdup_printf ("%'" G_GINT64_FORMAT, counts[i]);
      if (text->len > 0)
        g_string_append (text, " · ");
      switch (i)
        {
        case 0:
          /* Translators: %s is a number of entries */
          g_string_append_printf (text, _("%s active"), number);
          break;
        case 1:
          /* Translators: %s is a number of entries */
          g_string_append_printf (text, _("%s pending"), number);
          break;
        default:
          /* Translators: %s is a number of entries */
          g_string_append_printf (text, _("%s expired"), number);
          break;
        }
    }

  if (text->len == 0)
    g_string_append (text, _("No entries"));

  return g_string_free (text, FALSE);
}

static char *
format_when (gint64 time_us,
             gint64 now_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *clock = NULL;

  if (time == NULL || now == NULL)
    return g_strdup ("—");

  clock = g_date_time_format (time, "%H:%M");
  tomorrow = g_date_time_add_days (now, 1);
  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* Translators: %s is a time of day */
    return g_strdup_printf (_("today %s"), clock);
  if (g_date_time_get_year (time) == g_date_time_get_year (tomorrow) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (tomorrow))
    /* Translators: %s is a time of day */
    return g_strdup_printf (_("tomorrow %s"), clock);

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

/**
 * sl_hotlist_describe_import:
 * @list: a general list
 * @now_us: the time now
 *
 * Returns: (transfer full) (nullable): its import state for the sidebar,
 *   e.g. "Imported today 04:00 · next tomorrow 04:00", "Import failed: …",
 *   or %NULL for a specific list
 */
char *
sl_hotlist_describe_import (SlHotlist *list,
                            gint64     now_us)
{
  GString *text;
  gint64 last_us;
  gint64 next_us;

  g_return_val_if_fail (SL_IS_HOTLIST (list), NULL);

  if (sl_hotlist_get_kind (list) != SL_HOTLIST_KIND_GENERAL)
    return NULL;

  text = g_string_new (NULL);
  last_us = sl_hotlist_get_last_import_at_us (list);
  next_us = sl_hotlist_get_next_import_at_us (list);

  switch (sl_hotlist_get_import_state (list))
    {
    case SL_HOTLIST_IMPORT_FAILED:
      {
        const char *error = sl_hotlist_get_import_error (list);

        /* Translators: %s is why the scheduled import failed */
        g_string_append_printf (text, _("Import failed: %s"),
                                error != NULL && *error != '\0' ? error : _("no reason given"));
      }
      break;
    case SL_HOTLIST_IMPORT_OK:
      if (last_us > 0)
        {
          g_autofree char *when = format_when (last_us, now_us);
          /* Translators: %s is when, e.g. "today 04:00" */
          g_string_append_printf (text, _("Imported %s"), when);
        }
      else
        g_string_append (text, _("Imported"));
      break;
    case SL_HOTLIST_IMPORT_NEVER:
    default:
      g_string_append (text, _("Never imported"));
      break;
    }

  if (next_us > 0)
    {
      g_autofree char *when = format_when (next_us, now_us);
      /* Translators: the next scheduled import; %s is when, e.g. "tomorrow 04:00" */
      g_string_append_printf (text, _(" · next %s"), when);
    }

  return g_string_free (text, FALSE);
}

/* ---- an update as a difference ---- */

const char *
sl_hotlist_field_label (const char *field)
{
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (entry_fields); i++)
    if (g_str_equal (entry_fields[i].field, field))
      return _(entry_fields[i].label);

  return field;
}

static char *
field_text (const SlHotlistEntryFields *fields,
            const char                 *field,
            SlPolicy                   *policy)
{
  g_autofree char *text = NULL;

  if (fields == NULL)
    return NULL;

  if (g_str_equal (field, "expires_at"))
    return fields->expires_at_us > 0 ? sl_hotlist_format_date (fields->expires_at_us) : NULL;

  text = sl_hotlist_entry_fields_dup_value (fields, field);
  if (text == NULL || *text == '\0')
    return NULL;

  if (g_str_equal (field, "reason") && policy != NULL)
    {
      const SlHotlistReason *reason = sl_policy_find_hotlist_reason (policy, text);

      if (reason != NULL)
        return g_strdup (reason->label);
    }

  return g_steal_pointer (&text);
}

static void
diff_row_free (gpointer data)
{
  SlHotlistDiffRow *row = data;

  g_free (row->old_value);
  g_free (row->new_value);
  g_free (row);
}

/**
 * sl_hotlist_diff_fields:
 * @active: (nullable): the fields of the version in force, %NULL for a new entry
 * @proposed: the fields of the pending version
 * @policy: (nullable): the agency's profile, to show reasons by label
 *
 * Lines up an update with the version it would replace, field by field, as
 * shown to the person approving it. Fields both leave empty are left out.
 *
 * Returns: (transfer container) (element-type SlHotlistDiffRow): the lines
 */
GPtrArray *
sl_hotlist_diff_fields (const SlHotlistEntryFields *active,
                        const SlHotlistEntryFields *proposed,
                        SlPolicy                   *policy)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (diff_row_free);

  g_return_val_if_fail (proposed != NULL, rows);

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      SlHotlistDiffRow *row;
      char *old_value = field_text (active, entry_fields[i].field, policy);
      char *new_value = field_text (proposed, entry_fields[i].field, policy);

      if (old_value == NULL && new_value == NULL)
        continue;

      row = g_new0 (SlHotlistDiffRow, 1);
      row->field = entry_fields[i].field;
      row->label = _(entry_fields[i].label);
      row->old_value = old_value;
      row->new_value = new_value;
      row->changed = active != NULL && g_strcmp0 (old_value, new_value) != 0;
      g_ptr_array_add (rows, row);
    }

  return rows;
}

guint
sl_hotlist_diff_count_changed (GPtrArray *rows)
{
  guint n = 0;

  g_return_val_if_fail (rows != NULL, 0);

  for (guint i = 0; i < rows->len; i++)
    n += ((SlHotlistDiffRow *) g_ptr_array_index (rows, i))->changed;
  return n;
}

/* ---- list settings ---- */

static gboolean
is_import_time (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && text[2] == ':' &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 && text[3] < '6';
}

/**
 * sl_hotlist_list_check:
 * @name: (nullable): as typed
 * @source: (nullable): as typed, e.g. "NCIC-SVS"
 * @general: the list is imported in bulk
 * @import_source: (nullable): a file path on the service's machine or an
 *   https:// URL, for a daily import; empty for none
 * @import_time: (nullable): "HH:MM"; empty for none
 * @check: (out caller-allocates): clear it with sl_hotlist_list_check_clear()
 */
void
sl_hotlist_list_check (const char         *name,
                       const char         *source,
                       gboolean            general,
                       const char         *import_source,
                       const char         *import_time,
                       SlHotlistListCheck *check)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *path = g_strstrip (g_strdup (import_source != NULL ? import_source : ""));
  g_autofree char *time = g_strstrip (g_strdup (import_time != NULL ? import_time : ""));

  g_return_if_fail (check != NULL);

  memset (check, 0, sizeof *check);

  if (is_blank (name))
    add_line (missing, _("Name the list."));
  else if (g_utf8_strlen (name, -1) > SL_HOTLIST_NAME_MAX)
    {
      check->name_error = g_strdup_printf (_("The name is at most %d characters."), SL_HOTLIST_NAME_MAX);
      add_line (missing, check->name_error);
    }

  if (is_blank (source))
    add_line (missing, _("Say where the list comes from, e.g. NCIC-SVS or local."));
  else if (g_utf8_strlen (source, -1) > SL_HOTLIST_SOURCE_MAX)
    {
      check->source_error = g_strdup_printf (_("The source is at most %d characters."), SL_HOTLIST_SOURCE_MAX);
      add_line (missing, check->source_error);
    }

  if (general)
    {
      if (*path != '\0' && path[0] != '/' && !g_str_has_prefix (path, "https://"))
        {
          check->import_source_error = g_strdup (_("A file path on the service’s machine, starting with /, "
                                                   "or an https:// address."));
          add_line (missing, check->import_source_error);
        }
      if (*time != '\0' && !is_import_time (time))
        {
          check->import_time_error = g_strdup (_("A time of day as HH:MM, e.g. 05:30."));
          add_line (missing, check->import_time_error);
        }
      if (*path != '\0' && *time == '\0')
        add_line (missing, _("Give the time of the daily import too."));
      else if (*time != '\0' && *path == '\0')
        add_line (missing, _("Give the file or address of the daily import too."));
    }

  check->can_submit = missing->len == 0;
  if (missing->len > 0)
    check->missing = g_strdup (missing->str);
}

void
sl_hotlist_list_check_clear (SlHotlistListCheck *check)
{
  g_return_if_fail (check != NULL);

  g_clear_pointer (&check->name_error, g_free);
  g_clear_pointer (&check->source_error, g_free);
  g_clear_pointer (&check->import_source_error, g_free);
  g_clear_pointer (&check->import_time_error, g_free);
  g_clear_pointer (&check->missing, g_free);
}

/* ---- imports ---- */

/**
 * sl_hotlist_csv_column_role:
 * @header: a column's name as the file's header has it
 *
 * Returns: (nullable): what the import takes from the column, translated,
 *   or %NULL when it ignores it
 */
const char *
sl_hotlist_csv_column_role (const char *header)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, NULL);

  key = g_ascii_strdown (header, -1);
  g_strstrip (key);
  for (char *c = key; *c != '\0'; c++)
    if (*c == ' ' || *c == '-')
      *c = '_';

  for (guint i = 0; i < G_N_ELEMENTS (csv_roles); i++)
    if (g_str_equal (key, csv_roles[i].name))
      return _(csv_roles[i].role);

  return NULL;
}

/**
 * sl_hotlist_csv_describe_mapping:
 *
 * Returns: (transfer full): the file's columns and what the import takes
 *   from each, e.g. "LIC → Plate, LIS → State, NOTES → ignored"; a name the
 *   header repeats counts the first time only
 */
char *
sl_hotlist_csv_describe_mapping (const SlHotlistCsv *csv)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  g_return_val_if_fail (csv != NULL, NULL);

  for (guint i = 0; i < csv->columns->len; i++)
    {
      const char *header = g_ptr_array_index (csv->columns, i);
      const char *role = sl_hotlist_csv_column_role (header);
      gboolean repeated = FALSE;

      for (guint j = 0; role != NULL && j < taken->len; j++)
        repeated |= g_str_equal (g_ptr_array_index (taken, j), role);
      if (role != NULL && !repeated)
        g_ptr_array_add (taken, (gpointer) role);

      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: a CSV column and what the import takes from it, e.g. "LIC → Plate" */
      g_string_append_printf (text, _("%s → %s"), header,
                              role != NULL && !repeated ? role : _("ignored"));
    }

  return g_string_free (text, FALSE);
}

const char *
sl_hotlist_csv_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':  return _("Comma");
    case ';':  return _("Semicolon");
    case '\t': return _("Tab");
    default:   return _("Unknown");
    }
}

/**
 * sl_hotlist_describe_summary:
 *
 * Returns: (transfer full): what an import did, e.g. "1,200 added, 14
 *   removed, 3 rows rejected", and whether the old list was kept
 */
char *
sl_hotlist_describe_summary (const SlHotlistImportSummary *summary)
{
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *rejected = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (summary != NULL, NULL);

  added = g_strdup_printf ("%'" G_GINT64_FORMAT, summary->added);
  removed = g_strdup_printf ("%'" G_GINT64_FORMAT, summary->removed);
  rejected = g_strdup_printf ("%'" G_GINT64_FORMAT, summary->rejected);

  if (summary->kept_old)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "The file has more bad rows than good ones, so the "
                                               "list was kept as it was. %s row rejected.",
                                               "The file has more bad rows than good ones, so the "
                                               "list was kept as it was. %s rows rejected.",
                                               summary->rejected), rejected);
  else
    /* Translators: the numbers of an import: entries added, removed, rows rejected */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%s added, %s removed, %s row rejected.",
                                               "%s added, %s removed, %s rows rejected.",
                                               summary->rejected), added, removed, rejected);

  return g_string_free (text, FALSE);
}
