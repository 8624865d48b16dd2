#define G_LOG_DOMAIN "sl-alert"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-alert.h"
#include "sl-client-error.h"
#include "sl-client-json.h"
#include "sl-clock.h"
#include "sl-core-enums.h"
#include "sl-json.h"

/* Plates are at most 10 characters, patterns a few more; anything beyond
 * this in `differing` is a broken payload. */
#define MAX_PLATE_POSITIONS 32

/* The parsed payload; immutable once built, shared when an alert is updated. */
typedef struct
{
  gint64        id;
  gint64        created_at_us;
  SlAlertState  state;
  gboolean      retro;
  char         *disposition;

  SlMatchKind   kind;
  char         *matched_plate;
  GArray       *differing;     /* guint, 0-based positions */

  gint64        read_id;
  char         *plate;
  char         *plate_raw;
  char         *region;
  gint64        captured_at_us;
  double        confidence;
  gint64        camera_id;
  char         *camera_name;
  double        lat;
  double        lon;
  double        heading;
  char         *make;
  char         *model;
  char         *color;
  char         *vehicle_type;
  char         *plate_image_url;
  char         *overview_image_url;

  gint64        entry_id;
  char         *entry_plate;
  char         *entry_region;
  char         *category;
  char         *category_label;
  char         *case_number;
  char         *synopsis;
  char         *entered_by;

  gint64        list_id;
  char         *list_name;
  SlAlertLevel  level;
  int           priority;
  gboolean      covert;

  GPtrArray    *history;       /* SlAlertStep */
  gboolean      has_history;   /* lists leave it out; single alerts carry it */
} AlertData;

struct _SlAlert
{
  GObject    parent_instance;

  /* owned references */
  AlertData *data;
};

G_DEFINE_FINAL_TYPE (SlAlert, sl_alert, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_DISPOSITION,
  PROP_KIND,
  PROP_PLATE,
  PROP_REGION,
  PROP_CAPTURED_AT,
  PROP_CAMERA_NAME,
  PROP_LIST_NAME,
  PROP_LEVEL,
  PROP_LEVEL_NAME,
  PROP_CATEGORY,
  PROP_CATEGORY_LABEL,
  PROP_CASE_NUMBER,
  PROP_PLATE_IMAGE_URL,
  PROP_N_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *label;
} categories[] = {
  { "stolen_vehicle",   N_("Stolen vehicle") },
  { "stolen_plate",     N_("Stolen plate") },
  { "felony_vehicle",   N_("Felony vehicle") },
  { "wanted_person",    N_("Wanted person") },
  { "missing_person",   N_("Missing person") },
  { "amber",            N_("AMBER Alert") },
  { "amber_alert",      N_("AMBER Alert") },
  { "silver",           N_("Silver Alert") },
  { "silver_alert",     N_("Silver Alert") },
  { "blue",             N_("Blue Alert") },
  { "blue_alert",       N_("Blue Alert") },
  { "yellow",           N_("Yellow Alert") },
  { "yellow_alert",     N_("Yellow Alert") },
  { "feather",          N_("Feather Alert") },
  { "feather_alert",    N_("Feather Alert") },
  { "bolo",             N_("BOLO") },
  { "protective_order", N_("Protective order") },
  { "sex_offender",     N_("Sex offender") },
  { "gang",             N_("Gang member") },
  { "terrorist",        N_("Terrorist watch list") },
};

static void
alert_step_free (SlAlertStep *step)
{
  g_free (step->by);
  g_free (step->note);
  g_free (step->disposition);
  g_free (step);
}

static void
alert_data_clear (AlertData *data)
{
  g_free (data->disposition);
  g_free (data->matched_plate);
  g_clear_pointer (&data->differing, g_array_unref);
  g_free (data->plate);
  g_free (data->plate_raw);
  g_free (data->region);
  g_free (data->camera_name);
  g_free (data->make);
  g_free (data->model);
  g_free (data->color);
  g_free (data->vehicle_type);
  g_free (data->plate_image_url);
  g_free (data->overview_image_url);
  g_free (data->entry_plate);
  g_free (data->entry_region);
  g_free (data->category);
  g_free (data->category_label);
  g_free (data->case_number);
  g_free (data->synopsis);
  g_free (data->entered_by);
  g_free (data->list_name);
  g_clear_pointer (&data->history, g_ptr_array_unref);
}

static AlertData *
alert_data_ref (AlertData *data)
{
  return g_atomic_rc_box_acquire (data);
}

static void
alert_data_unref (AlertData *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) alert_data_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AlertData, alert_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAlertStep, alert_step_free)

static gboolean
parse_match (AlertData   *data,
             JsonObject  *match,
             GError     **error)
{
  g_autoptr(GEnumClass) kinds = g_type_class_ref (SL_TYPE_MATCH_KIND);
  const char *kind = NULL;
  JsonArray *differing = NULL;
  GEnumValue *value;

  if (!sl_json_get_string (match, "kind", TRUE, &kind, error) ||
      !_sl_client_json_dup_string (match, "matched_plate", FALSE, &data->matched_plate, error) ||
      !sl_json_get_array (match, "differing", FALSE, &differing, error))
    return FALSE;

  value = g_enum_get_value_by_nick (kinds, kind);
  if (value == NULL)
    return _sl_client_json_invalid (error, "“%s” is not a kind of match", kind);
  data->kind = value->value;

  data->differing = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; differing != NULL && i < json_array_get_length (differing); i++)
    {
      JsonNode *node = json_array_get_element (differing, i);
      gint64 position;
      guint stored;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        return _sl_client_json_invalid (error, "“%s” must hold whole numbers", "differing");

      position = json_node_get_int (node);
      if (position < 0 || position >= MAX_PLATE_POSITIONS)
        return _sl_client_json_invalid (error, "“%s” holds a position outside any plate", "differing");

      stored = (guint) position;
      g_array_append_val (data->differing, stored);
    }

  return TRUE;
}

static gboolean
parse_read (AlertData   *data,
            JsonObject  *read,
            GError     **error)
{
  JsonObject *camera = NULL;
  JsonObject *vehicle = NULL;

  data->lat = NAN;
  data->lon = NAN;
  data->heading = NAN;
  data->confidence = NAN;

  if (!sl_json_get_int (read, "id", TRUE, &data->read_id, error) ||
      !_sl_client_json_dup_string (read, "plate", TRUE, &data->plate, error) ||
      !_sl_client_json_dup_string (read, "plate_raw", FALSE, &data->plate_raw, error) ||
      !_sl_client_json_dup_string (read, "region", FALSE, &data->region, error) ||
      !_sl_client_json_get_time (read, "captured_at", TRUE, &data->captured_at_us, error) ||
      !_sl_client_json_get_double (read, "confidence", &data->confidence, error) ||
      !_sl_client_json_get_double (read, "lat", &data->lat, error) ||
      !_sl_client_json_get_double (read, "lon", &data->lon, error) ||
      !_sl_client_json_get_double (read, "heading", &data->heading, error) ||
      !sl_json_get_object (read, "camera", TRUE, &camera, error) ||
      !sl_json_get_object (read, "vehicle", FALSE, &vehicle, error) ||
      !_sl_client_json_dup_image_url (read, "plate_image_url", &data->plate_image_url, error) ||
      !_sl_client_json_dup_image_url (read, "overview_image_url", &data->overview_image_url, error))
    return FALSE;

  if (*data->plate == '\0')
    return _sl_client_json_invalid (error, "“%s” is empty", "plate");

  if (!sl_json_get_int (camera, "id", TRUE, &data->camera_id, error) ||
      !_sl_client_json_dup_string (camera, "name", FALSE, &data->camera_name, error))
    return FALSE;
  if (data->camera_name == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, data->camera_id);

      /* Translators: %s is a camera's number */
      data->camera_name = g_strdup_printf (_("Camera %s"), number);
    }

  if (vehicle != NULL &&
      (!_sl_client_json_dup_string (vehicle, "make", FALSE, &data->make, error) ||
       !_sl_client_json_dup_string (vehicle, "model", FALSE, &data->model, error) ||
       !_sl_client_json_dup_string (vehicle, "color", FALSE, &data->color, error) ||
       !_sl_client_json_dup_string (vehicle, "type", FALSE, &data->vehicle_type, error)))
    return FALSE;

  if (data->region == NULL)
    data->region = g_strdup ("");
  if (data->plate_raw == NULL)
    data->plate_raw = g_strdup (data->plate);

  return TRUE;
}

static gboolean
parse_level (const char   *text,
             SlAlertLevel *level)
{
  if (g_strcmp0 (text, "high") == 0)
    *level = SL_ALERT_LEVEL_HIGH;
  else if (g_strcmp0 (text, "medium") == 0)
    *level = SL_ALERT_LEVEL_MEDIUM;
  else if (g_strcmp0 (text, "low") == 0)
    *level = SL_ALERT_LEVEL_LOW;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_entry (AlertData   *data,
             JsonObject  *entry,
             GError     **error)
{
  JsonObject *list = NULL;
  const char *level = NULL;
  gint64 priority = 0;

  if (!sl_json_get_int (entry, "id", TRUE, &data->entry_id, error) ||
      !_sl_client_json_dup_string (entry, "plate", TRUE, &data->entry_plate, error) ||
      !_sl_client_json_dup_string (entry, "region", FALSE, &data->entry_region, error) ||
      !_sl_client_json_dup_string (entry, "category", FALSE, &data->category, error) ||
      !_sl_client_json_dup_string (entry, "case_number", FALSE, &data->case_number, error) ||
      !_sl_client_json_dup_string (entry, "synopsis", FALSE, &data->synopsis, error) ||
      !_sl_client_json_dup_string (entry, "entered_by", FALSE, &data->entered_by, error) ||
      !sl_json_get_object (entry, "list", TRUE, &list, error))
    return FALSE;

  if (!sl_json_get_int (list, "id", TRUE, &data->list_id, error) ||
      !_sl_client_json_dup_string (list, "name", TRUE, &data->list_name, error) ||
      !sl_json_get_string (list, "alert_level", TRUE, &level, error) ||
      !sl_json_get_int (list, "priority", FALSE, &priority, error) ||
      !sl_json_get_boolean (list, "covert", FALSE, &data->covert, error))
    return FALSE;

  if (!parse_level (level, &data->level))
    return _sl_client_json_invalid (error, "“%s” is not an alert level", level);

  data->priority = (int) CLAMP (priority, 0, 100);
  if (data->entry_region == NULL)
    data->entry_region = g_strdup ("");
  if (data->category == NULL)
    data->category = g_strdup ("");
  data->category_label = sl_alert_category_to_label (data->category);

  return TRUE;
}

static gboolean
parse_history (AlertData   *data,
               JsonArray   *history,
               GError     **error)
{
  data->history = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_step_free);
  data->has_history = history != NULL;

  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonNode *node = json_array_get_element (history, i);
      g_autoptr(SlAlertStep) step = NULL;
      JsonObject *object;
      const char *state = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _sl_client_json_invalid (error, "“%s” must hold objects", "history");
      object = json_node_get_object (node);

      step = g_new0 (SlAlertStep, 1);
      if (!sl_json_get_string (object, "state", TRUE, &state, error) ||
          !_sl_client_json_get_time (object, "at", TRUE, &step->at_us, error))
        return FALSE;
      if (!sl_alert_state_from_string (state, &step->state))
        return _sl_client_json_invalid (error, "“%s” is not an alert state", state);
      if (!_sl_client_json_dup_string (object, "by", FALSE, &step->by, error) ||
          !_sl_client_json_dup_string (object, "note", FALSE, &step->note, error) ||
          !_sl_client_json_dup_string (object, "disposition", FALSE, &step->disposition, error))
        return FALSE;

      g_ptr_array_add (data->history, g_steal_pointer (&step));
    }

  return TRUE;
}

static gboolean
parse_alert (AlertData   *data,
             JsonObject  *object,
             GError     **error)
{
  const char *state = NULL;
  JsonObject *match = NULL;
  JsonObject *read = NULL;
  JsonObject *entry = NULL;
  JsonArray *history = NULL;

  if (!sl_json_get_int (object, "id", TRUE, &data->id, error) ||
      !_sl_client_json_get_time (object, "created_at", TRUE, &data->created_at_us, error) ||
      !sl_json_get_string (object, "state", TRUE, &state, error) ||
      !sl_json_get_boolean (object, "retro", FALSE, &data->retro, error) ||
      !_sl_client_json_dup_string (object, "disposition", FALSE, &data->disposition, error) ||
      !sl_json_get_object (object, "match", TRUE, &match, error) ||
      !sl_json_get_object (object, "read", TRUE, &read, error) ||
      !sl_json_get_object (object, "entry", TRUE, &entry, error) ||
      !sl_json_get_array (object, "history", FALSE, &history, error))
    return FALSE;

  if (!sl_alert_state_from_string (state, &data->state))
    return _sl_client_json_invalid (error, "“%s” is not an alert state", state);

  return parse_match (data, match, error) &&
         parse_read (data, read, error) &&
         parse_entry (data, entry, error) &&
         parse_history (data, history, error);
}

static void
sl_alert_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SlAlert *self = SL_ALERT (object);
  AlertData *data = self->data;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, data->id);
      break;
    case PROP_STATE:
      g_value_set_uint (value, data->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, sl_alert_state_get_label (data->state));
      break;
    case PROP_DISPOSITION:
      g_value_set_string (value, data->disposition);
      break;
    case PROP_KIND:
      g_value_set_enum (value, data->kind);
      break;
    case PROP_PLATE:
      g_value_set_string (value, data->plate);
      break;
    case PROP_REGION:
      g_value_set_string (value, data->region);
      break;
    case PROP_CAPTURED_AT:
      g_value_set_int64 (value, data->captured_at_us);
      break;
    case PROP_CAMERA_NAME:
      g_value_set_string (value, data->camera_name);
      break;
    case PROP_LIST_NAME:
      g_value_set_string (value, data->list_name);
      break;
    case PROP_LEVEL:
      g_value_set_uint (value, data->level);
      break;
    case PROP_LEVEL_NAME:
      g_value_set_string (value, sl_alert_level_to_string (data->level));
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, data->category);
      break;
    case PROP_CATEGORY_LABEL:
      g_value_set_string (value, data->category_label);
      break;
    case PROP_CASE_NUMBER:
      g_value_set_string (value, data->case_number);
      break;
    case PROP_PLATE_IMAGE_URL:
      g_value_set_string (value, data->plate_image_url);
      break;
    case PROP_N_STEPS:
      g_value_set_uint (value, data->history->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_alert_finalize (GObject *object)
{
  SlAlert *self = SL_ALERT (object);

  g_clear_pointer (&self->data, alert_data_unref);

  G_OBJECT_CLASS (sl_alert_parent_class)->finalize (object);
}

static void
sl_alert_class_init (SlAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = sl_alert_get_property;
  object_class->finalize = sl_alert_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* An SlAlertState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, SL_ALERT_N_STATES - 1, 0, flags);
  properties[PROP_STATE_LABEL] =
    g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_DISPOSITION] =
    g_param_spec_string ("disposition", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SL_TYPE_MATCH_KIND, SL_MATCH_EXACT, flags);
  properties[PROP_PLATE] =
    g_param_spec_string ("plate", NULL, NULL, NULL, flags);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL, flags);
  properties[PROP_CAPTURED_AT] =
    g_param_spec_int64 ("captured-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA_NAME] =
    g_param_spec_string ("camera-name", NULL, NULL, NULL, flags);
  properties[PROP_LIST_NAME] =
    g_param_spec_string ("list-name", NULL, NULL, NULL, flags);
  /* An SlAlertLevel. */
  properties[PROP_LEVEL] =
    g_param_spec_uint ("level", NULL, NULL, 0, SL_ALERT_LEVEL_HIGH, 0, flags);
  properties[PROP_LEVEL_NAME] =
    g_param_spec_string ("level-name", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY_LABEL] =
    g_param_spec_string ("category-label", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NUMBER] =
    g_param_spec_string ("case-number", NULL, NULL, NULL, flags);
  properties[PROP_PLATE_IMAGE_URL] =
    g_param_spec_string ("plate-image-url", NULL, NULL, NULL, flags);
  /* How many steps of the history are known. */
  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_alert_init (SlAlert *self)
{
}

/**
 * sl_alert_new_from_json:
 * @object: an alert object of the API, untrusted
 *
 * Returns: (transfer full) (nullable): the alert, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE naming what is wrong
 */
SlAlert *
sl_alert_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(AlertData) data = NULL;
  g_autoptr(GError) local_error = NULL;
  SlAlert *self;

  g_return_val_if_fail (object != NULL, NULL);

  data = g_atomic_rc_box_new0 (AlertData);
  if (!parse_alert (data, object, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an invalid alert: %s"), local_error->message);
      return NULL;
    }

  self = g_object_new (SL_TYPE_ALERT, NULL);
  self->data = g_steal_pointer (&data);
  return self;
}

/* Whether steps lead from @from to @to: states only move forward. */
static gboolean
state_follows (SlAlertState from,
               SlAlertState to)
{
  const int *next = sl_alert_state_get_next (from);

  for (guint i = 0; next[i] != -1; i++)
    if ((SlAlertState) next[i] == to || state_follows (next[i], to))
      return TRUE;

  return FALSE;
}

/**
 * sl_alert_update_from:
 * @newer: the same alert as the service sent it later
 *
 * Takes over what @newer says, so views bound to @self follow a state
 * change. Older news than @self holds is ignored.
 *
 * Returns: whether @self changed
 */
gboolean
sl_alert_update_from (SlAlert *self,
                      SlAlert *newer)
{
  AlertData *old;

  g_return_val_if_fail (SL_IS_ALERT (self), FALSE);
  g_return_val_if_fail (SL_IS_ALERT (newer), FALSE);
  g_return_val_if_fail (self->data->id == newer->data->id, FALSE);

  if (self->data == newer->data)
    return FALSE;

  /* A history never shrinks: a shorter one is a stale copy. A copy
   * without history (from a list) is news only if the state moved. */
  if (newer->data->has_history && newer->data->history->len < self->data->history->len)
    return FALSE;
  if (!newer->data->has_history && self->data->has_history &&
      !state_follows (self->data->state, newer->data->state))
    return FALSE;

  old = self->data;
  self->data = alert_data_ref (newer->data);

  g_object_freeze_notify (G_OBJECT (self));
  if (old->state != self->data->state)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
    }
  if (g_strcmp0 (old->disposition, self->data->disposition) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPOSITION]);
  if (g_strcmp0 (old->list_name, self->data->list_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_NAME]);
  if (old->level != self->data->level)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_NAME]);
    }
  if (g_strcmp0 (old->case_number, self->data->case_number) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_NUMBER]);
  if (old->history->len != self->data->history->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
  g_object_thaw_notify (G_OBJECT (self));

  alert_data_unref (old);
  return TRUE;
}

gint64
sl_alert_get_id (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->id;
}

gint64
sl_alert_get_created_at_us (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->created_at_us;
}

SlAlertState
sl_alert_get_state (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), SL_ALERT_NEW);
  return self->data->state;
}

const char *
sl_alert_get_state_label (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return sl_alert_state_get_label (self->data->state);
}

/* Whether the read is older than the entry: a hit found when the entry became active. */
gboolean
sl_alert_get_retro (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), FALSE);
  return self->data->retro;
}

const char *
sl_alert_get_disposition (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->disposition;
}

SlMatchKind
sl_alert_get_kind (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), SL_MATCH_EXACT);
  return self->data->kind;
}

/**
 * sl_alert_get_matched_plate:
 *
 * Returns: (nullable): the reading that hit: the read's plate or, for a
 *   candidate match, the reader's alternative
 */
const char *
sl_alert_get_matched_plate (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->matched_plate;
}

/**
 * sl_alert_get_differing:
 * @n_differing: (out): how many
 *
 * Returns: (array length=n_differing): the 0-based positions where the
 *   matched reading and the entry differ (tolerant matches)
 */
const guint *
sl_alert_get_differing (SlAlert *self,
                        guint   *n_differing)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  g_return_val_if_fail (n_differing != NULL, NULL);

  *n_differing = self->data->differing->len;
  return (const guint *) (gpointer) self->data->differing->data;
}

gint64
sl_alert_get_read_id (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->read_id;
}

const char *
sl_alert_get_plate (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->plate;
}

const char *
sl_alert_get_plate_raw (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->plate_raw;
}

/* The read's region, "" when unknown. */
const char *
sl_alert_get_region (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->region;
}

gint64
sl_alert_get_captured_at_us (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->captured_at_us;
}

/* 0–100, NAN when the reader sent none. */
double
sl_alert_get_confidence (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NAN);
  return self->data->confidence;
}

gint64
sl_alert_get_camera_id (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->camera_id;
}

const char *
sl_alert_get_camera_name (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->camera_name;
}

double
sl_alert_get_lat (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NAN);
  return self->data->lat;
}

double
sl_alert_get_lon (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NAN);
  return self->data->lon;
}

/* Degrees clockwise from north, NAN when unknown. */
double
sl_alert_get_heading (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NAN);
  return self->data->heading;
}

const char *
sl_alert_get_vehicle_make (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->make;
}

const char *
sl_alert_get_vehicle_model (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->model;
}

const char *
sl_alert_get_vehicle_color (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->color;
}

const char *
sl_alert_get_vehicle_type (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->vehicle_type;
}

/* A path on the service, for sl_client_fetch_image_async(), or NULL. */
const char *
sl_alert_get_plate_image_url (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->plate_image_url;
}

const char *
sl_alert_get_overview_image_url (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->overview_image_url;
}

gint64
sl_alert_get_entry_id (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->entry_id;
}

/* The entry's plate, or its pattern for a pattern match. */
const char *
sl_alert_get_entry_plate (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->entry_plate;
}

const char *
sl_alert_get_entry_region (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->entry_region;
}

const char *
sl_alert_get_category (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->category;
}

const char *
sl_alert_get_category_label (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->category_label;
}

const char *
sl_alert_get_case_number (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->case_number;
}

const char *
sl_alert_get_synopsis (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->synopsis;
}

/* The member who entered it, NULL for imported lists. */
const char *
sl_alert_get_entered_by (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->entered_by;
}

gint64
sl_alert_get_list_id (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->list_id;
}

const char *
sl_alert_get_list_name (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  return self->data->list_name;
}

SlAlertLevel
sl_alert_get_level (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), SL_ALERT_LEVEL_LOW);
  return self->data->level;
}

int
sl_alert_get_priority (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->priority;
}

gboolean
sl_alert_get_covert (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), FALSE);
  return self->data->covert;
}

/* Whether the service sent the history; alerts of a list come without. */
gboolean
sl_alert_has_history (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), FALSE);
  return self->data->has_history;
}

guint
sl_alert_get_n_steps (SlAlert *self)
{
  g_return_val_if_fail (SL_IS_ALERT (self), 0);
  return self->data->history->len;
}

/**
 * sl_alert_get_step:
 * @index: 0 for the oldest
 *
 * Returns: (transfer none): a step of the alert's history
 */
const SlAlertStep *
sl_alert_get_step (SlAlert *self,
                   guint    index)
{
  g_return_val_if_fail (SL_IS_ALERT (self), NULL);
  g_return_val_if_fail (index < self->data->history->len, NULL);
  return g_ptr_array_index (self->data->history, index);
}

/* The API's name of @level: "low", "medium" or "high". */
const char *
sl_alert_level_to_string (SlAlertLevel level)
{
  switch (level)
    {
    case SL_ALERT_LEVEL_HIGH:
      return "high";
    case SL_ALERT_LEVEL_MEDIUM:
      return "medium";
    case SL_ALERT_LEVEL_LOW:
    default:
      return "low";
    }
}

const char *
sl_alert_level_get_label (SlAlertLevel level)
{
  switch (level)
    {
    case SL_ALERT_LEVEL_HIGH:
      return C_("alert level", "High");
    case SL_ALERT_LEVEL_MEDIUM:
      return C_("alert level", "Medium");
    case SL_ALERT_LEVEL_LOW:
    default:
      return C_("alert level", "Low");
    }
}

/**
 * sl_alert_category_to_label:
 * @category: a reason category as the API names it, e.g. "stolen_vehicle"
 *
 * Returns: (transfer full): the category as a person reads it; categories
 *   this client does not know are shown with spaces for underscores
 */
char *
sl_alert_category_to_label (const char *category)
{
  char *label;

  if (category == NULL || *category == '\0')
    return g_strdup (_("No reason given"));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_ascii_strcasecmp (categories[i].name, category) == 0)
      return g_strdup (_(categories[i].label));

  label = g_strdelimit (g_strdup (category), "_", ' ');
  if (g_utf8_validate (label, -1, NULL) && g_ascii_islower (label[0]))
    label[0] = g_ascii_toupper (label[0]);
  return label;
}
