#define G_LOG_DOMAIN "sl-json"

#include "config.h"

#include <string.h>

#include "sl-error.h"
#include "sl-json.h"

/**
 * sl_json_parse_object:
 *
 * Returns: (transfer full): the top-level object of @data, or %NULL with
 *   %SL_ERROR_INVALID when @data is not JSON or not an object.
 */
JsonObject *
sl_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is empty; a JSON object was expected");
      return NULL;
    }

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The body is not UTF-8 text");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "The body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "A JSON object was expected");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Returns the member's node, NULL when absent or null (an error if required). */
static JsonNode *
get_member (JsonObject  *object,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%s” is required", member);
      return NULL;
    }

  return node;
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%s” must be %s", member, expected);
  return FALSE;
}

/* Each getter leaves *value untouched when an optional member is absent. */
gboolean
sl_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    const char **value,
                    GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  node = get_member (object, member, required, error);
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, "a string", error);

  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
sl_json_get_boolean (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     gboolean    *value,
                     GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  node = get_member (object, member, required, error);
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, "true or false", error);

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sl_json_get_int (JsonObject  *object,
                 const char  *member,
                 gboolean     required,
                 gint64      *value,
                 GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  node = get_member (object, member, required, error);
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (member, "a whole number", error);

  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
sl_json_get_object (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    JsonObject **value,
                    GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  node = get_member (object, member, required, error);
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (member, "an object", error);

  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
sl_json_get_array (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **value,
                   GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  node = get_member (object, member, required, error);
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (member, "an array", error);

  *value = json_node_get_array (node);
  return TRUE;
}

char *
sl_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

char *
sl_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return sl_json_to_string (node, FALSE);
}

/* Adds "member": value, or "member": null when @value is %NULL. */
void
sl_json_builder_add_string_member (JsonBuilder *builder,
                                   const char  *member,
                                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sl_json_builder_add_int_member (JsonBuilder *builder,
                                const char  *member,
                                gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/* Reading an answer member by member, where a missing or mistyped member
 * reads as nothing (a screen shows what it can rather than failing). */

/**
 * sl_json_lookup_string:
 * @object: (nullable): untrusted JSON
 *
 * Returns: (nullable): @member's text, or %NULL when it is absent, null or
 *   not text
 */
const char *
sl_json_lookup_string (JsonObject *object,
                       const char *member)
{
  const char *value = NULL;

  if (object == NULL || !sl_json_get_string (object, member, FALSE, &value, NULL))
    return NULL;
  return value;
}

/* @member as a whole number, or 0 when it is not one. */
gint64
sl_json_lookup_int (JsonObject *object,
                    const char *member)
{
  gint64 value = 0;

  if (object == NULL || !sl_json_get_int (object, member, FALSE, &value, NULL))
    return 0;
  return value;
}

/* @member as a boolean, or %FALSE when it is not one. */
gboolean
sl_json_lookup_boolean (JsonObject *object,
                        const char *member)
{
  gboolean value = FALSE;

  if (object == NULL || !sl_json_get_boolean (object, member, FALSE, &value, NULL))
    return FALSE;
  return value;
}

/**
 * sl_json_array_lookup_object:
 *
 * Returns: (transfer none) (nullable): the element at @index when it is
 *   an object
 */
JsonObject *
sl_json_array_lookup_object (JsonArray *array,
                             guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
