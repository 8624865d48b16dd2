/* sl-alert.h: a hot-list alert as the service sends it */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-alert-state.h"
#include "sl-types.h"

G_BEGIN_DECLS

/**
 * SlAlertLevel:
 *
 * How urgent the hot list says its hits are; the list colors rows by it.
 */
typedef enum
{
  SL_ALERT_LEVEL_LOW,
  SL_ALERT_LEVEL_MEDIUM,
  SL_ALERT_LEVEL_HIGH,
} SlAlertLevel;

/**
 * SlAlertStep:
 * @state: the state the alert entered
 * @at_us: when, UTC microseconds
 * @by: (nullable): the username, %NULL for the service itself
 * @note: (nullable): what the user wrote
 * @disposition: (nullable): how a closing step ended, e.g. "arrest"
 *
 * One entry of an alert's history.
 */
typedef struct
{
  SlAlertState  state;
  gint64        at_us;
  char         *by;
  char         *note;
  char         *disposition;
} SlAlertStep;

#define SL_TYPE_ALERT (sl_alert_get_type ())
G_DECLARE_FINAL_TYPE (SlAlert, sl_alert, SL, ALERT, GObject)

SlAlert       *sl_alert_new_from_json          (JsonObject  *object,
                                                GError     **error);
gboolean       sl_alert_update_from            (SlAlert     *self,
                                                SlAlert     *newer);

gint64         sl_alert_get_id                 (SlAlert     *self);
gint64         sl_alert_get_created_at_us      (SlAlert     *self);
SlAlertState   sl_alert_get_state              (SlAlert     *self);
const char    *sl_alert_get_state_label        (SlAlert     *self);
gboolean       sl_alert_get_retro              (SlAlert     *self);
const char    *sl_alert_get_disposition        (SlAlert     *self);

SlMatchKind    sl_alert_get_kind               (SlAlert     *self);
const char    *sl_alert_get_matched_plate      (SlAlert     *self);
const guint   *sl_alert_get_differing          (SlAlert     *self,
                                                guint       *n_differing);

gint64         sl_alert_get_read_id            (SlAlert     *self);
const char    *sl_alert_get_plate              (SlAlert     *self);
const char    *sl_alert_get_plate_raw          (SlAlert     *self);
const char    *sl_alert_get_region             (SlAlert     *self);
gint64         sl_alert_get_captured_at_us     (SlAlert     *self);
double         sl_alert_get_confidence         (SlAlert     *self);
gint64         sl_alert_get_camera_id          (SlAlert     *self);
const char    *sl_alert_get_camera_name        (SlAlert     *self);
double         sl_alert_get_lat                (SlAlert     *self);
double         sl_alert_get_lon                (SlAlert     *self);
double         sl_alert_get_heading            (SlAlert     *self);
const char    *sl_alert_get_vehicle_make       (SlAlert     *self);
const char    *sl_alert_get_vehicle_model      (SlAlert     *self);
const char    *sl_alert_get_vehicle_color      (SlAlert     *self);
const char    *sl_alert_get_vehicle_type       (SlAlert     *self);
const char    *sl_alert_get_plate_image_url    (SlAlert     *self);
const char    *sl_alert_get_overview_image_url (SlAlert     *self);

gint64         sl_alert_get_entry_id           (SlAlert     *self);
const char    *sl_alert_get_entry_plate        (SlAlert     *self);
const char    *sl_alert_get_entry_region       (SlAlert     *self);
const char    *sl_alert_get_category           (SlAlert     *self);
const char    *sl_alert_get_category_label     (SlAlert     *self);
const char    *sl_alert_get_case_number        (SlAlert     *self);
const char    *sl_alert_get_synopsis           (SlAlert     *self);
const char    *sl_alert_get_entered_by         (SlAlert     *self);
gint64         sl_alert_get_list_id            (SlAlert     *self);
const char    *sl_alert_get_list_name          (SlAlert     *self);
SlAlertLevel   sl_alert_get_level              (SlAlert     *self);
int            sl_alert_get_priority           (SlAlert     *self);
gboolean       sl_alert_get_covert             (SlAlert     *self);

gboolean       sl_alert_has_history            (SlAlert     *self);
guint          sl_alert_get_n_steps            (SlAlert     *self);
const SlAlertStep *sl_alert_get_step           (SlAlert     *self,
                                                guint        index);

const char    *sl_alert_level_to_string        (SlAlertLevel level);
const char    *sl_alert_level_get_label        (SlAlertLevel level);
char          *sl_alert_category_to_label      (const char  *category);

G_END_DECLS
