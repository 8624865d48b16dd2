/* sl-client-json.h: reading the service's answers, which are validated, never asserted */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean  _sl_client_json_invalid       (GError     **error,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (2, 3);
gboolean  _sl_client_json_get_double    (JsonObject  *object,
                                         const char  *member,
                                         double      *value,
                                         GError     **error);
gboolean  _sl_client_json_dup_string    (JsonObject  *object,
                                         const char  *member,
                                         gboolean     required,
                                         char       **out,
                                         GError     **error);
gboolean  _sl_client_json_get_time      (JsonObject  *object,
                                         const char  *member,
                                         gboolean     required,
                                         gint64      *time_us,
                                         GError     **error);
gboolean  _sl_client_json_dup_image_url (JsonObject  *object,
                                         const char  *member,
                                         char       **out,
                                         GError     **error);

G_END_DECLS
