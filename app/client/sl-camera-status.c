#define G_LOG_DOMAIN "sl-camera-status"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-camera-status.h"
#include "sl-client-error.h"
#include "sl-client-json.h"
#include "sl-clock.h"
#include "sl-json.h"

struct _SlCameraStatus
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  char    *kind;
  double   lat;
  double   lon;
  char    *stream_url;
  gboolean online;
  gint64   last_read_at_us;
  gint64   last_heartbeat_at_us;

  /* the latest read; latest_read_id is 0 when there is none */
  gint64   latest_read_id;
  char    *latest_plate;
  char    *latest_region;
  gint64   latest_captured_at_us;
  char    *latest_plate_image_url;
};

G_DEFINE_FINAL_TYPE (SlCameraStatus, sl_camera_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STREAM_URL,
  PROP_ONLINE,
  PROP_LAST_SEEN,
  PROP_LATEST_PLATE,
  PROP_LATEST_CAPTURED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Only video the pipeline knows how to open; never file:// from the network. */
static gboolean
stream_url_is_acceptable (const char *url)
{
  static const char * const schemes[] = { "rtsp", "rtsps", "rtspt", "http", "https", NULL };
  g_autofree char *scheme = g_uri_parse_scheme (url);

  return scheme != NULL && g_strv_contains (schemes, scheme) &&
         g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL);
}

static gboolean
parse_camera (SlCameraStatus  *self,
              JsonObject      *object,
              GError         **error)
{
  const char *name = NULL;
  const char *kind = NULL;
  const char *stream_url = NULL;
  JsonObject *latest = NULL;

  self->lat = NAN;
  self->lon = NAN;

  if (!sl_json_get_int (object, "id", TRUE, &self->id, error) ||
      !sl_json_get_string (object, "name", TRUE, &name, error) ||
      !sl_json_get_string (object, "kind", FALSE, &kind, error) ||
      !_sl_client_json_get_double (object, "lat", &self->lat, error) ||
      !_sl_client_json_get_double (object, "lon", &self->lon, error) ||
      !sl_json_get_string (object, "stream_url", FALSE, &stream_url, error) ||
      !sl_json_get_boolean (object, "online", FALSE, &self->online, error) ||
      !_sl_client_json_get_time (object, "last_read_at", FALSE, &self->last_read_at_us, error) ||
      !_sl_client_json_get_time (object, "last_heartbeat_at", FALSE, &self->last_heartbeat_at_us, error) ||
      !sl_json_get_object (object, "latest_read", FALSE, &latest, error))
    return FALSE;

  if (stream_url != NULL && *stream_url != '\0' && !stream_url_is_acceptable (stream_url))
    return _sl_client_json_invalid (error, "“%s” is not an RTSP or HTTP address", stream_url);

  self->name = g_strdup (name);
  self->kind = g_strdup (kind != NULL ? kind : "fixed");
  self->stream_url = stream_url != NULL && *stream_url != '\0' ? g_strdup (stream_url) : NULL;

  if (latest != NULL)
    {
      const char *plate = NULL;
      const char *region = NULL;
      const char *image = NULL;

      if (!sl_json_get_int (latest, "id", TRUE, &self->latest_read_id, error) ||
          !sl_json_get_string (latest, "plate", TRUE, &plate, error) ||
          !sl_json_get_string (latest, "region", FALSE, &region, error) ||
          !_sl_client_json_get_time (latest, "captured_at", TRUE, &self->latest_captured_at_us, error) ||
          !sl_json_get_string (latest, "plate_image_url", FALSE, &image, error))
        return FALSE;

      if (image != NULL && (image[0] != '/' || image[1] == '/' || strstr (image, "..") != NULL))
        return _sl_client_json_invalid (error, "“%s” must be a path on the service", "plate_image_url");

      self->latest_plate = g_strdup (plate);
      self->latest_region = g_strdup (region != NULL ? region : "");
      self->latest_plate_image_url = g_strdup (image);
    }

  return TRUE;
}

static void
sl_camera_status_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlCameraStatus *self = SL_CAMERA_STATUS (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STREAM_URL:
      g_value_set_string (value, self->stream_url);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, sl_camera_status_get_last_seen_us (self));
      break;
    case PROP_LATEST_PLATE:
      g_value_set_string (value, self->latest_plate);
      break;
    case PROP_LATEST_CAPTURED_AT:
      g_value_set_int64 (value, self->latest_captured_at_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_camera_status_finalize (GObject *object)
{
  SlCameraStatus *self = SL_CAMERA_STATUS (object);

  g_free (self->name);
  g_free (self->kind);
  g_free (self->stream_url);
  g_free (self->latest_plate);
  g_free (self->latest_region);
  g_free (self->latest_plate_image_url);

  G_OBJECT_CLASS (sl_camera_status_parent_class)->finalize (object);
}

static void
sl_camera_status_class_init (SlCameraStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = sl_camera_status_get_property;
  object_class->finalize = sl_camera_status_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STREAM_URL] =
    g_param_spec_string ("stream-url", NULL, NULL, NULL, flags);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LATEST_PLATE] =
    g_param_spec_string ("latest-plate", NULL, NULL, NULL, flags);
  properties[PROP_LATEST_CAPTURED_AT] =
    g_param_spec_int64 ("latest-captured-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_camera_status_init (SlCameraStatus *self)
{
}

/**
 * sl_camera_status_new_from_json:
 * @object: a camera object of `GET /cameras`, untrusted
 *
 * Returns: (transfer full) (nullable): the camera, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE naming what is wrong
 */
SlCameraStatus *
sl_camera_status_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(SlCameraStatus) self = g_object_new (SL_TYPE_CAMERA_STATUS, NULL);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!parse_camera (self, object, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an invalid camera: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
replace_string (char       **field,
                const char  *value,
                gboolean    *changed)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  *changed = TRUE;
}

/**
 * sl_camera_status_update_from:
 * @newer: the same camera as a later `GET /cameras` reports it
 *
 * Returns: whether anything changed; bound views follow the notifications
 */
gboolean
sl_camera_status_update_from (SlCameraStatus *self,
                              SlCameraStatus *newer)
{
  gboolean name_changed = FALSE;
  gboolean url_changed = FALSE;
  gboolean plate_changed = FALSE;
  gboolean changed = FALSE;
  gint64 last_seen;

  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), FALSE);
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (newer), FALSE);
  g_return_val_if_fail (self->id == newer->id, FALSE);

  last_seen = sl_camera_status_get_last_seen_us (self);

  g_object_freeze_notify (G_OBJECT (self));

  replace_string (&self->name, newer->name, &name_changed);
  replace_string (&self->kind, newer->kind, &changed);
  replace_string (&self->stream_url, newer->stream_url, &url_changed);
  replace_string (&self->latest_plate, newer->latest_plate, &plate_changed);
  replace_string (&self->latest_region, newer->latest_region, &changed);
  replace_string (&self->latest_plate_image_url, newer->latest_plate_image_url, &changed);
  self->lat = newer->lat;
  self->lon = newer->lon;
  self->last_read_at_us = newer->last_read_at_us;
  self->last_heartbeat_at_us = newer->last_heartbeat_at_us;
  self->latest_read_id = newer->latest_read_id;

  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (url_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM_URL]);
  if (plate_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_PLATE]);
  if (self->online != newer->online)
    {
      self->online = newer->online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
      changed = TRUE;
    }
  if (last_seen != sl_camera_status_get_last_seen_us (self))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
      changed = TRUE;
    }
  if (self->latest_captured_at_us != newer->latest_captured_at_us)
    {
      self->latest_captured_at_us = newer->latest_captured_at_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_CAPTURED_AT]);
      changed = TRUE;
    }

  g_object_thaw_notify (G_OBJECT (self));

  return changed || name_changed || url_changed || plate_changed;
}

gint64
sl_camera_status_get_id (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return self->id;
}

const char *
sl_camera_status_get_name (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->name;
}

/* "fixed", "mobile" or "trailer". */
const char *
sl_camera_status_get_kind (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->kind;
}

double
sl_camera_status_get_lat (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NAN);
  return self->lat;
}

double
sl_camera_status_get_lon (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NAN);
  return self->lon;
}

/* An rtsp:// or http(s):// address, or NULL when the camera has no video. */
const char *
sl_camera_status_get_stream_url (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->stream_url;
}

/* Whether the service heard from it within the last two minutes. */
gboolean
sl_camera_status_get_online (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), FALSE);
  return self->online;
}

gint64
sl_camera_status_get_last_read_at_us (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return self->last_read_at_us;
}

gint64
sl_camera_status_get_last_heartbeat_at_us (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return self->last_heartbeat_at_us;
}

/* The later of the last read and the last heartbeat, 0 when never heard from. */
gint64
sl_camera_status_get_last_seen_us (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return MAX (self->last_read_at_us, self->last_heartbeat_at_us);
}

gint64
sl_camera_status_get_latest_read_id (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return self->latest_read_id;
}

const char *
sl_camera_status_get_latest_plate (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->latest_plate;
}

const char *
sl_camera_status_get_latest_region (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->latest_region;
}

gint64
sl_camera_status_get_latest_captured_at_us (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), 0);
  return self->latest_captured_at_us;
}

const char *
sl_camera_status_get_latest_plate_image_url (SlCameraStatus *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_STATUS (self), NULL);
  return self->latest_plate_image_url;
}
