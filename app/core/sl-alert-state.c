#define G_LOG_DOMAIN "sl-alert-state"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-alert-state.h"
#include "sl-error.h"

static const struct
{
  const char *name;
  const char *label;
  gboolean    needs_note;
  int         next[3];
} states[SL_ALERT_N_STATES] = {
  [SL_ALERT_NEW]               = { "new",               N_("New"),               FALSE,
                                   { SL_ALERT_VISUALLY_VERIFIED, SL_ALERT_MISREAD, -1 } },
  [SL_ALERT_VISUALLY_VERIFIED] = { "visually_verified", N_("Visually verified"), FALSE,
                                   { SL_ALERT_VALIDATED, SL_ALERT_NOT_ACTIVE, -1 } },
  [SL_ALERT_MISREAD]           = { "misread",           N_("Misread"),           TRUE,
                                   { SL_ALERT_CLOSED, -1 } },
  [SL_ALERT_VALIDATED]         = { "validated",         N_("Validated"),         FALSE,
                                   { SL_ALERT_CONFIRMED, SL_ALERT_CLOSED, -1 } },
  [SL_ALERT_NOT_ACTIVE]        = { "not_active",        N_("Not active"),        TRUE,
                                   { SL_ALERT_CLOSED, -1 } },
  [SL_ALERT_CONFIRMED]         = { "confirmed",         N_("Confirmed"),         FALSE,
                                   { SL_ALERT_CLOSED, -1 } },
  [SL_ALERT_CLOSED]            = { "closed",            N_("Closed"),            TRUE,
                                   { -1 } },
};

static const char * const dispositions[] = {
  "arrest", "vehicle_recovered", "citation", "field_interview",
  "unable_to_locate", "no_action", "misread", NULL,
};

static const char * const disposition_labels[] = {
  N_("Arrest"), N_("Vehicle recovered"), N_("Citation"), N_("Field interview"),
  N_("Unable to locate"), N_("No action"), N_("Misread"),
};

const char *
sl_alert_state_to_string (SlAlertState state)
{
  g_return_val_if_fail (state < SL_ALERT_N_STATES, NULL);

  return states[state].name;
}

gboolean
sl_alert_state_from_string (const char   *text,
                            SlAlertState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < SL_ALERT_N_STATES; i++)
    if (g_str_equal (text, states[i].name))
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

const char *
sl_alert_state_get_label (SlAlertState state)
{
  g_return_val_if_fail (state < SL_ALERT_N_STATES, NULL);

  return _(states[state].label);
}

const int *
sl_alert_state_get_next (SlAlertState from)
{
  g_return_val_if_fail (from < SL_ALERT_N_STATES, states[SL_ALERT_CLOSED].next);

  return states[from].next;
}

gboolean
sl_alert_state_can_move (SlAlertState from,
                         SlAlertState to)
{
  if (from >= SL_ALERT_N_STATES || to >= SL_ALERT_N_STATES)
    return FALSE;

  for (const int *n = states[from].next; *n != -1; n++)
    if (*n == (int) to)
      return TRUE;

  return FALSE;
}

gboolean
sl_alert_state_needs_note (SlAlertState to)
{
  g_return_val_if_fail (to < SL_ALERT_N_STATES, FALSE);

  return states[to].needs_note;
}

const char * const *
sl_alert_dispositions (void)
{
  return dispositions;
}

gboolean
sl_alert_disposition_is_valid (const char *disposition)
{
  return disposition != NULL && g_strv_contains (dispositions, disposition);
}

const char *
sl_alert_disposition_get_label (const char *disposition)
{
  for (guint i = 0; dispositions[i] != NULL; i++)
    if (g_strcmp0 (dispositions[i], disposition) == 0)
      return _(disposition_labels[i]);

  return disposition;
}

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

gboolean
sl_alert_state_check_step (SlAlertState   from,
                           SlAlertState   to,
                           const char    *note,
                           const char    *disposition,
                           GError       **error)
{
  if (!sl_alert_state_can_move (from, to))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "An alert that is “%s” cannot become “%s”",
                   states[MIN (from, SL_ALERT_CLOSED)].name, states[MIN (to, SL_ALERT_CLOSED)].name);
      return FALSE;
    }

  if (states[to].needs_note && is_blank (note))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "note: say what was found when an alert becomes “%s”", states[to].name);
      return FALSE;
    }

  if (to == SL_ALERT_CLOSED && !sl_alert_disposition_is_valid (disposition))
    {
      g_autofree char *choices = g_strjoinv (", ", (char **) dispositions);

      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "disposition: closing an alert takes one of %s", choices);
      return FALSE;
    }

  if (to != SL_ALERT_CLOSED && disposition != NULL && *disposition != '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "disposition: only a closing step takes a disposition");
      return FALSE;
    }

  return TRUE;
}
