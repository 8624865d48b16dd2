#define G_LOG_DOMAIN "sl-search-read"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-client-error.h"
#include "sl-client-json.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-search-read.h"

struct _SlSearchRead
{
  GObject   parent_instance;

  /* owned, immutable once parsed */
  gint64    id;
  char     *plate;
  char     *plate_raw;
  char     *region;
  gint64    captured_at_us;
  double    confidence;
  gint64    camera_id;
  char     *camera_name;
  double    lat;
  double    lon;
  double    heading;
  char     *make;
  char     *model;
  char     *color;
  char     *vehicle_type;
  char     *plate_image_url;
  char     *overview_image_url;
  gboolean  hit;
  gboolean  placeholder;
};

G_DEFINE_FINAL_TYPE (SlSearchRead, sl_search_read, G_TYPE_OBJECT)

static gboolean
parse_read (SlSearchRead  *self,
            JsonObject    *read,
            GError       **error)
{
  JsonObject *camera = NULL;
  JsonObject *vehicle = NULL;
  const char *captured_at = NULL;

  if (!sl_json_get_int (read, "id", TRUE, &self->id, error) ||
      !_sl_client_json_dup_string (read, "plate", TRUE, &self->plate, error) ||
      !_sl_client_json_dup_string (read, "plate_raw", FALSE, &self->plate_raw, error) ||
      !_sl_client_json_dup_string (read, "region", FALSE, &self->region, error) ||
      !sl_json_get_string (read, "captured_at", TRUE, &captured_at, error) ||
      !sl_clock_parse_iso8601 (captured_at, &self->captured_at_us, error) ||
      !_sl_client_json_get_double (read, "confidence", &self->confidence, error) ||
      !_sl_client_json_get_double (read, "lat", &self->lat, error) ||
      !_sl_client_json_get_double (read, "lon", &self->lon, error) ||
      !_sl_client_json_get_double (read, "heading", &self->heading, error) ||
      !sl_json_get_object (read, "camera", TRUE, &camera, error) ||
      !sl_json_get_object (read, "vehicle", FALSE, &vehicle, error) ||
      !_sl_client_json_dup_image_url (read, "plate_image_url", &self->plate_image_url, error) ||
      !_sl_client_json_dup_image_url (read, "overview_image_url", &self->overview_image_url, error) ||
      !sl_json_get_boolean (read, "hit", FALSE, &self->hit, error))
    return FALSE;

  if (*self->plate == '\0')
    return _sl_client_json_invalid (error, "“%s” is empty", "plate");

  if (!sl_json_get_int (camera, "id", TRUE, &self->camera_id, error) ||
      !_sl_client_json_dup_string (camera, "name", FALSE, &self->camera_name, error))
    return FALSE;
  if (self->camera_name == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, self->camera_id);

      /* Translators: %s is a camera's number */
      self->camera_name = g_strdup_printf (_("Camera %s"), number);
    }

  if (vehicle != NULL &&
      (!_sl_client_json_dup_string (vehicle, "make", FALSE, &self->make, error) ||
       !_sl_client_json_dup_string (vehicle, "model", FALSE, &self->model, error) ||
       !_sl_client_json_dup_string (vehicle, "color", FALSE, &self->color, error) ||
       !_sl_client_json_dup_string (vehicle, "type", FALSE, &self->vehicle_type, error)))
    return FALSE;

  if (self->region == NULL)
    self->region = g_strdup ("");
  if (self->plate_raw == NULL)
    self->plate_raw = g_strdup (self->plate);

  return TRUE;
}

static void
sl_search_read_finalize (GObject *object)
{
  SlSearchRead *self = SL_SEARCH_READ (object);

  g_free (self->plate);
  g_free (self->plate_raw);
  g_free (self->region);
  g_free (self->camera_name);
  g_free (self->make);
  g_free (self->model);
  g_free (self->color);
  g_free (self->vehicle_type);
  g_free (self->plate_image_url);
  g_free (self->overview_image_url);

  G_OBJECT_CLASS (sl_search_read_parent_class)->finalize (object);
}

static void
sl_search_read_class_init (SlSearchReadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_search_read_finalize;
}

static void
sl_search_read_init (SlSearchRead *self)
{
  self->lat = NAN;
  self->lon = NAN;
  self->heading = NAN;
  self->confidence = NAN;
}

/**
 * sl_search_read_new_from_json:
 * @object: a Read as the service sends it, e.g. `alert.read` or an item of
 *   a search's `results`
 *
 * Returns: (transfer full) (nullable): the read, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE when the payload is malformed
 */
SlSearchRead *
sl_search_read_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(SlSearchRead) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (SL_TYPE_SEARCH_READ, NULL);
  if (!parse_read (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sl_search_read_new_placeholder:
 *
 * Returns: (transfer full): a row that stands for a read still loading
 */
SlSearchRead *
sl_search_read_new_placeholder (void)
{
  SlSearchRead *self = g_object_new (SL_TYPE_SEARCH_READ, NULL);

  self->placeholder = TRUE;
  self->plate = g_strdup ("");
  self->plate_raw = g_strdup ("");
  self->region = g_strdup ("");
  self->camera_name = g_strdup ("");
  return self;
}

gboolean
sl_search_read_is_placeholder (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), TRUE);
  return self->placeholder;
}

gint64
sl_search_read_get_id (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), 0);
  return self->id;
}

const char *
sl_search_read_get_plate (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->plate;
}

/* As the reader sent it, e.g. with spaces; the plate when it sent none. */
const char *
sl_search_read_get_plate_raw (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->plate_raw;
}

/* A state or province code, "" when unknown. */
const char *
sl_search_read_get_region (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->region;
}

gint64
sl_search_read_get_captured_at_us (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), 0);
  return self->captured_at_us;
}

/* 0–100, NAN when the reader sent none. */
double
sl_search_read_get_confidence (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NAN);
  return self->confidence;
}

gint64
sl_search_read_get_camera_id (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), 0);
  return self->camera_id;
}

const char *
sl_search_read_get_camera_name (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->camera_name;
}

/* NAN when the camera sent no position. */
double
sl_search_read_get_lat (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NAN);
  return self->lat;
}

double
sl_search_read_get_lon (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NAN);
  return self->lon;
}

/* Degrees clockwise from north, NAN when unknown. */
double
sl_search_read_get_heading (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NAN);
  return self->heading;
}

const char *
sl_search_read_get_vehicle_make (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->make;
}

const char *
sl_search_read_get_vehicle_model (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->model;
}

const char *
sl_search_read_get_vehicle_color (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->color;
}

const char *
sl_search_read_get_vehicle_type (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->vehicle_type;
}

/**
 * sl_search_read_describe_vehicle:
 *
 * Returns: (transfer full): the vehicle as a person reads it, e.g.
 *   "silver Honda Civic · sedan", or "" when the camera said nothing
 */
char *
sl_search_read_describe_vehicle (SlSearchRead *self)
{
  GString *text = g_string_new (NULL);
  const char *parts[] = { self->color, self->make, self->model };

  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", parts[i]);
  if (self->vehicle_type != NULL && *self->vehicle_type != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", self->vehicle_type);

  return g_string_free (text, FALSE);
}

const char *
sl_search_read_get_plate_image_url (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->plate_image_url;
}

const char *
sl_search_read_get_overview_image_url (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), NULL);
  return self->overview_image_url;
}

/* Whether the read raised an alert. */
gboolean
sl_search_read_get_hit (SlSearchRead *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_READ (self), FALSE);
  return self->hit;
}
