#define G_LOG_DOMAIN "sl-alert-view-state"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-alert-view-state.h"

/* Analysts see alerts but do not work them in the field (DESIGN.md section 1). */
#define WORKING_ROLES (SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)

static const struct
{
  const char *label;
  const char *tooltip;
} step_texts[SL_ALERT_N_STATES] = {
  [SL_ALERT_NEW]               = { NULL, NULL },
  [SL_ALERT_VISUALLY_VERIFIED] = { N_("_Visually Verified"),
                                   N_("You compared the image, the characters and the state with the entry") },
  [SL_ALERT_MISREAD]           = { N_("_Misread"),
                                   N_("The reader misread the plate; the note says what it shows") },
  [SL_ALERT_VALIDATED]         = { N_("Va_lidated"),
                                   N_("Still wanted: confirmed through CLETS or dispatch") },
  [SL_ALERT_NOT_ACTIVE]        = { N_("_Not Active"),
                                   N_("CLETS or dispatch says the entry is no longer active") },
  [SL_ALERT_CONFIRMED]         = { N_("C_onfirmed"),
                                   N_("Confirmed by the entering agency") },
  [SL_ALERT_CLOSED]            = { N_("_Close…"),
                                   N_("Close the alert with a disposition and a note") },
};

/**
 * sl_note_is_blank:
 * @note: (nullable): what the user typed
 *
 * Returns: whether @note says nothing: absent, empty or only spaces
 */
gboolean
sl_note_is_blank (const char *note)
{
  if (note == NULL)
    return TRUE;

  for (const char *p = note; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/**
 * sl_alert_stop_reminder:
 *
 * Returns: the reminder every alert shows, translated
 */
const char *
sl_alert_stop_reminder (void)
{
  return _("An alert alone is not grounds for a stop. Confirm the vehicle and plate visually "
           "and verify the hit through CLETS or dispatch before acting.");
}

const char *
sl_alert_level_css_class (SlAlertLevel level)
{
  switch (level)
    {
    case SL_ALERT_LEVEL_HIGH:
      return "alert-high";
    case SL_ALERT_LEVEL_MEDIUM:
      return "alert-medium";
    case SL_ALERT_LEVEL_LOW:
    default:
      return "alert-low";
    }
}

static char *
format_positions (const guint *positions,
                  guint        n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && i == n - 1)
        /* Translators: joins the last two positions, e.g. "4 and 6" */
        g_string_append (text, _(" and "));
      else if (i > 0)
        g_string_append (text, ", ");
      /* Positions count from 1 for people. */
      g_string_append_printf (text, "%u", positions[i] + 1);
    }

  return g_string_free (text, FALSE);
}

/**
 * sl_alert_describe_match:
 *
 * Returns: (transfer full): why the alert fired, in words: "Exact match",
 *   "Matched the reader’s alternative reading 7ABC128", "Look-alike
 *   characters at positions 4 and 6", "Matches the pattern 7AB*"
 */
char *
sl_alert_describe_match (SlAlert *alert)
{
  const char *matched = sl_alert_get_matched_plate (alert);
  g_autofree char *positions = NULL;
  const guint *differing;
  guint n_differing = 0;

  g_return_val_if_fail (SL_IS_ALERT (alert), NULL);

  differing = sl_alert_get_differing (alert, &n_differing);
  if (n_differing > 0)
    positions = format_positions (differing, n_differing);

  switch (sl_alert_get_kind (alert))
    {
    case SL_MATCH_CANDIDATE:
      if (matched == NULL)
        matched = "?";
      if (positions != NULL)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Matched the reader’s alternative reading %s, with a look-alike character at position %s",
                                             "Matched the reader’s alternative reading %s, with look-alike characters at positions %s",
                                             n_differing),
                                matched, positions);
      return g_strdup_printf (_("Matched the reader’s alternative reading %s"), matched);

    case SL_MATCH_TOLERANT:
      if (positions == NULL)
        return g_strdup (_("Look-alike characters"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Look-alike character at position %s",
                                           "Look-alike characters at positions %s",
                                           n_differing),
                              positions);

    case SL_MATCH_PATTERN:
      return g_strdup_printf (_("Matches the pattern %s"), sl_alert_get_entry_plate (alert));

    case SL_MATCH_EXACT:
    default:
      return g_strdup (_("Exact match"));
    }
}

/**
 * sl_alert_plate_markup:
 * @plate: a plate
 * @marked: one flag per character, %TRUE where it differs
 *
 * Returns: (transfer full): Pango markup of @plate with the marked
 *   characters highlighted
 */
char *
sl_alert_plate_markup (const char     *plate,
                       const gboolean *marked)
{
  GString *markup = g_string_new (NULL);
  guint i = 0;

  for (const char *p = plate; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      g_autofree char *one = g_markup_escape_text (p, g_utf8_next_char (p) - p);

      if (i < SL_ALERT_VIEW_MAX_CHARS && marked[i])
        g_string_append_printf (markup,
                                "<span background=\"#f6d32d\" foreground=\"#000000\" "
                                "underline=\"single\">%s</span>", one);
      else
        g_string_append (markup, one);
    }

  return g_string_free (markup, FALSE);
}

static void
mark_positions (gboolean    *marked,
                const char  *plate,
                const guint *positions,
                guint        n)
{
  guint length = (guint) g_utf8_strlen (plate, -1);

  for (guint i = 0; i < n; i++)
    if (positions[i] < length && positions[i] < SL_ALERT_VIEW_MAX_CHARS)
      marked[positions[i]] = TRUE;
}

/**
 * sl_alert_view_state_init:
 * @state: (out caller-allocates): the state to fill
 * @alert: the alert shown
 * @roles: the user's roles
 * @note: (nullable): the note typed so far
 *
 * Free with sl_alert_view_state_clear().
 */
void
sl_alert_view_state_init (SlAlertViewState *state,
                          SlAlert          *alert,
                          SlRoles           roles,
                          const char       *note)
{
  const int *next;
  const guint *differing;
  guint n_differing = 0;
  const char *matched;
  gboolean have_note = !sl_note_is_blank (note);

  g_return_if_fail (state != NULL);
  g_return_if_fail (SL_IS_ALERT (alert));

  memset (state, 0, sizeof *state);

  state->can_work = (roles & WORKING_ROLES) != 0;
  if (!state->can_work)
    state->cannot_work_reason = _("Analysts see alerts but do not work them. An officer or "
                                  "supervisor moves an alert to its next step.");

  next = sl_alert_state_get_next (sl_alert_get_state (alert));
  for (guint i = 0; next[i] != -1; i++)
    {
      SlAlertAction *action = &state->actions[state->n_actions++];
      SlAlertState to = next[i];

      action->to = to;
      action->label = _(step_texts[to].label);
      action->needs_disposition = to == SL_ALERT_CLOSED;
      /* Closing asks for its note in the disposition dialog. */
      action->needs_note = sl_alert_state_needs_note (to) && !action->needs_disposition;
      action->suggested = i == 0;

      if (!state->can_work)
        {
          action->sensitive = FALSE;
          action->tooltip = state->cannot_work_reason;
        }
      else if (action->needs_note && !have_note)
        {
          action->sensitive = FALSE;
          action->tooltip = _("Write a note first: say what was found");
        }
      else
        {
          action->sensitive = TRUE;
          action->tooltip = _(step_texts[to].tooltip);
        }
    }
  state->finished = state->n_actions == 0;

  state->read_plate = g_strdup (sl_alert_get_plate (alert));
  state->entry_plate = g_strdup (sl_alert_get_entry_plate (alert));
  differing = sl_alert_get_differing (alert, &n_differing);
  /* A hit through an alternative reading shows that reading beside the entry. */
  matched = sl_alert_get_matched_plate (alert);
  if (matched != NULL && g_strcmp0 (matched, state->read_plate) != 0)
    state->matched_plate = g_strdup (matched);

  switch (sl_alert_get_kind (alert))
    {
    case SL_MATCH_TOLERANT:
      mark_positions (state->read_marked, state->read_plate, differing, n_differing);
      mark_positions (state->entry_marked, state->entry_plate, differing, n_differing);
      break;
    case SL_MATCH_CANDIDATE:
      /* The positions are the alternative's, not the read's. */
      if (state->matched_plate != NULL)
        mark_positions (state->matched_marked, state->matched_plate, differing, n_differing);
      mark_positions (state->entry_marked, state->entry_plate, differing, n_differing);
      break;
    case SL_MATCH_PATTERN:
    case SL_MATCH_EXACT:
    default:
      break;
    }

  state->match_description = sl_alert_describe_match (alert);
  state->level_css_class = sl_alert_level_css_class (sl_alert_get_level (alert));
  state->reminder = sl_alert_stop_reminder ();
}

void
sl_alert_view_state_clear (SlAlertViewState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->read_plate, g_free);
  g_clear_pointer (&state->matched_plate, g_free);
  g_clear_pointer (&state->entry_plate, g_free);
  g_clear_pointer (&state->match_description, g_free);
}

/**
 * sl_alert_view_state_find_action:
 *
 * Returns: (nullable): the button that moves the alert to @to, or %NULL
 *   when that is not a next step
 */
const SlAlertAction *
sl_alert_view_state_find_action (const SlAlertViewState *state,
                                 SlAlertState            to)
{
  g_return_val_if_fail (state != NULL, NULL);

  for (guint i = 0; i < state->n_actions; i++)
    if (state->actions[i].to == to)
      return &state->actions[i];

  return NULL;
}

/**
 * sl_alert_format_time:
 * @time_us: a UTC time
 * @now_us: the time now
 *
 * Returns: (transfer full): @time_us in local time: the time of day when it
 *   is today, else with the date
 */
char *
sl_alert_format_time (gint64 time_us,
                      gint64 now_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);

  if (time == NULL || now == NULL)
    return g_strdup ("—");

  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M:%S");

  if (g_date_time_get_year (time) == g_date_time_get_year (now))
    /* Translators: a date and time of this year, see g_date_time_format() */
    return g_date_time_format (time, _("%b %-d, %H:%M"));

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

/**
 * sl_alert_format_vehicle:
 *
 * Returns: (transfer full) (nullable): e.g. "Silver Honda Civic, sedan",
 *   or %NULL when the reader described nothing
 */
char *
sl_alert_format_vehicle (SlAlert *alert)
{
  const char *parts[] = {
    sl_alert_get_vehicle_color (alert),
    sl_alert_get_vehicle_make (alert),
    sl_alert_get_vehicle_model (alert),
  };
  const char *type = sl_alert_get_vehicle_type (alert);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, parts[i]);
    }

  if (type != NULL && *type != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", type);

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  /* Capitalize the first word: "Silver Honda Civic". */
  if (g_ascii_islower (text->str[0]))
    text->str[0] = g_ascii_toupper (text->str[0]);

  return g_string_free (text, FALSE);
}

/**
 * sl_alert_notification_title:
 *
 * Returns: (transfer full): e.g. "Stolen vehicle: 7ABC123 (CA)"
 */
char *
sl_alert_notification_title (SlAlert *alert)
{
  const char *region = sl_alert_get_region (alert);

  if (region != NULL && *region != '\0')
    /* Translators: reason, plate and state, e.g. "Stolen vehicle: 7ABC123 (CA)" */
    return g_strdup_printf (_("%s: %s (%s)"), sl_alert_get_category_label (alert),
                            sl_alert_get_plate (alert), region);

  /* Translators: reason and plate, e.g. "Stolen vehicle: 7ABC123" */
  return g_strdup_printf (_("%s: %s"), sl_alert_get_category_label (alert),
                          sl_alert_get_plate (alert));
}

/**
 * sl_alert_notification_body:
 *
 * Returns: (transfer full): list, camera and the reminder to verify
 */
char *
sl_alert_notification_body (SlAlert *alert)
{
  /* Translators: hot list, then camera, e.g. "Stolen Vehicles (NCIC) · Broadway & 14th St" */
  return g_strdup_printf (_("%s · %s\nVerify through CLETS or dispatch before acting."),
                          sl_alert_get_list_name (alert), sl_alert_get_camera_name (alert));
}
