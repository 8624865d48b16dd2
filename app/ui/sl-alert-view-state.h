/* sl-alert-view-state.h: what the alert detail shows and allows, computed without a display */
#pragma once

#include "sl-alert.h"
#include "sl-types.h"

G_BEGIN_DECLS

/* Plates are at most 10 characters, patterns a few more. */
#define SL_ALERT_VIEW_MAX_CHARS 32

/**
 * SlAlertAction:
 * @to: the state the button moves the alert to
 * @label: the button's label, translated
 * @sensitive: whether it can be pressed now
 * @tooltip: why it cannot, or what it does
 * @needs_note: the step takes a note (sl_alert_state_needs_note())
 * @needs_disposition: the step closes the alert: the disposition dialog asks
 * @suggested: the usual next step, shown as the suggested action
 *
 * One button for a next state of the alert.
 */
typedef struct
{
  SlAlertState  to;
  const char   *label;
  gboolean      sensitive;
  const char   *tooltip;
  gboolean      needs_note;
  gboolean      needs_disposition;
  gboolean      suggested;
} SlAlertAction;

/**
 * SlAlertViewState:
 *
 * A plain copy of what the detail of one alert shows. The widget fills it
 * with sl_alert_view_state_init() and shows it; it never decides itself.
 */
typedef struct
{
  /* the buttons, in the order of sl_alert_state_get_next() */
  SlAlertAction  actions[SL_ALERT_N_STATES];
  guint          n_actions;
  gboolean       can_work;           /* the roles allow moving the alert */
  const char    *cannot_work_reason; /* when not, why */
  gboolean       finished;           /* closed: no next step */

  /* the read beside the entry, with the characters that differ */
  char          *read_plate;
  gboolean       read_marked[SL_ALERT_VIEW_MAX_CHARS];
  char          *matched_plate;      /* the reader's alternative that hit, or NULL */
  gboolean       matched_marked[SL_ALERT_VIEW_MAX_CHARS];
  char          *entry_plate;
  gboolean       entry_marked[SL_ALERT_VIEW_MAX_CHARS];
  char          *match_description;  /* "Exact match", "Matches the pattern 7AB*", … */
  const char    *level_css_class;    /* "alert-high", "alert-medium", "alert-low" */
  const char    *reminder;           /* the stop reminder, every time */
} SlAlertViewState;

void        sl_alert_view_state_init      (SlAlertViewState *state,
                                           SlAlert          *alert,
                                           SlRoles           roles,
                                           const char       *note);
void        sl_alert_view_state_clear     (SlAlertViewState *state);
const SlAlertAction *sl_alert_view_state_find_action (const SlAlertViewState *state,
                                           SlAlertState      to);

char       *sl_alert_describe_match       (SlAlert          *alert);
char       *sl_alert_plate_markup         (const char       *plate,
                                           const gboolean   *marked);
const char *sl_alert_level_css_class      (SlAlertLevel      level);
const char *sl_alert_stop_reminder        (void);
char       *sl_alert_format_time          (gint64            time_us,
                                           gint64            now_us);
char       *sl_alert_format_vehicle       (SlAlert          *alert);
char       *sl_alert_notification_title   (SlAlert          *alert);
char       *sl_alert_notification_body    (SlAlert          *alert);
gboolean    sl_note_is_blank              (const char       *note);

G_END_DECLS
