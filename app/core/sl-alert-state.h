/* sl-alert-state.h: the life of an alert, as the Alameda policy defines its steps */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Order matters only for display. */
typedef enum
{
  SL_ALERT_NEW,                /* unverified */
  SL_ALERT_VISUALLY_VERIFIED,  /* image, characters and state compared by an officer */
  SL_ALERT_MISREAD,
  SL_ALERT_VALIDATED,          /* still wanted, confirmed through CLETS or dispatch */
  SL_ALERT_NOT_ACTIVE,
  SL_ALERT_CONFIRMED,          /* confirmed by the entering agency */
  SL_ALERT_CLOSED,
  SL_ALERT_N_STATES,
} SlAlertState;

const char    *sl_alert_state_to_string       (SlAlertState   state);
gboolean       sl_alert_state_from_string     (const char    *text,
                                               SlAlertState  *state);
const char    *sl_alert_state_get_label       (SlAlertState   state);
/* The states @from may move to, in the order buttons show them; ends with -1. */
const int     *sl_alert_state_get_next        (SlAlertState   from);
gboolean       sl_alert_state_can_move        (SlAlertState   from,
                                               SlAlertState   to);
gboolean       sl_alert_state_needs_note      (SlAlertState   to);

/* Dispositions of a closed alert. */
const char * const *sl_alert_dispositions     (void);
gboolean       sl_alert_disposition_is_valid  (const char    *disposition);
const char    *sl_alert_disposition_get_label (const char    *disposition);

/* Checks a step: SL_ERROR_RULE when the step does not exist (HTTP 409 at the
 * service), SL_ERROR_INVALID naming the field when a note or disposition the
 * step needs is missing (HTTP 422). */
gboolean       sl_alert_state_check_step      (SlAlertState   from,
                                               SlAlertState   to,
                                               const char    *note,
                                               const char    *disposition,
                                               GError       **error);

G_END_DECLS
