#define G_LOG_DOMAIN "sl-client-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-client-error.h"
#include "sl-client-json.h"
#include "sl-core.h"

gboolean
_sl_client_json_invalid (GError     **error,
                         const char  *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* A number that JSON may spell as an integer or with a fraction. */
gboolean
_sl_client_json_get_double (JsonObject  *object,
                            const char  *member,
                            double      *value,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return _sl_client_json_invalid (error, "“%s” must be a number", member);

  if (!isfinite (*value))
    return _sl_client_json_invalid (error, "“%s” must be a finite number", member);

  return TRUE;
}

gboolean
_sl_client_json_dup_string (JsonObject  *object,
                            const char  *member,
                            gboolean     required,
                            char       **out,
                            GError     **error)
{
  const char *value = NULL;

  if (!sl_json_get_string (object, member, required, &value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

gboolean
_sl_client_json_get_time (JsonObject  *object,
                          const char  *member,
                          gboolean     required,
                          gint64      *time_us,
                          GError     **error)
{
  const char *text = NULL;

  if (!sl_json_get_string (object, member, required, &text, error))
    return FALSE;

  return text == NULL || sl_clock_parse_iso8601 (text, time_us, error);
}

/* Image URLs point into this service's API, never elsewhere. */
gboolean
_sl_client_json_dup_image_url (JsonObject  *object,
                               const char  *member,
                               char       **out,
                               GError     **error)
{
  const char *value = NULL;

  if (!sl_json_get_string (object, member, FALSE, &value, error))
    return FALSE;

  if (value != NULL && (value[0] != '/' || value[1] == '/' || strstr (value, "..") != NULL))
    return _sl_client_json_invalid (error, "“%s” must be a path on the service", member);

  *out = g_strdup (value);
  return TRUE;
}
