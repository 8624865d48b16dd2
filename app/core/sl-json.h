/* sl-json.h: reading untrusted JSON without asserting on it */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *sl_json_parse_object      (const char  *data,
                                       gssize       length,
                                       GError     **error);
gboolean    sl_json_get_string        (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       const char **value,
                                       GError     **error);
gboolean    sl_json_get_boolean       (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gboolean    *value,
                                       GError     **error);
gboolean    sl_json_get_int           (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gint64      *value,
                                       GError     **error);
gboolean    sl_json_get_object        (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       JsonObject **value,
                                       GError     **error);
gboolean    sl_json_get_array         (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       JsonArray  **value,
                                       GError     **error);
char       *sl_json_to_string         (JsonNode    *node,
                                       gboolean     pretty);
char       *sl_json_object_to_string  (JsonObject  *object);
void        sl_json_builder_add_string_member (JsonBuilder *builder,
                                       const char  *member,
                                       const char  *value);
void        sl_json_builder_add_int_member    (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       value);

const char *sl_json_lookup_string     (JsonObject  *object,
                                       const char  *member);
gint64      sl_json_lookup_int        (JsonObject  *object,
                                       const char  *member);
gboolean    sl_json_lookup_boolean    (JsonObject  *object,
                                       const char  *member);
JsonObject *sl_json_array_lookup_object (JsonArray *array,
                                       guint        index);

G_END_DECLS
