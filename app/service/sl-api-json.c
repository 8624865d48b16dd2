#define G_LOG_DOMAIN "sl-api-json"

#include "config.h"

#include <math.h>

#include "sl-server-private.h"

/* JSON the API handlers share: the Read object is the same in alerts, camera
 * lists and search results. */

void
_sl_json_add_time_member (JsonBuilder *builder,
                          const char  *member,
                          gint64       time_us)
{
  json_builder_set_member_name (builder, member);
  if (time_us != 0)
    {
      g_autofree char *text = sl_clock_format_iso8601 (time_us);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

void
_sl_json_add_nullable_string (JsonBuilder *builder,
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
_sl_json_add_image_url (JsonBuilder  *builder,
                        const char   *member,
                        const SlRead *read,
                        const char   *kind,
                        gboolean      present)
{
  json_builder_set_member_name (builder, member);
  if (present)
    {
      g_autofree char *url = g_strdup_printf ("/api/v1/reads/%" G_GINT64_FORMAT "/images/%s", read->id, kind);
      json_builder_add_string_value (builder, url);
    }
  else
    json_builder_add_null_value (builder);
}

/* The members of a Read, for an object the caller has begun. */
void
_sl_json_add_read_members (JsonBuilder  *builder,
                           const SlRead *read,
                           const char   *camera_name,
                           gboolean      has_plate_image,
                           gboolean      has_overview_image)
{
  sl_json_builder_add_int_member (builder, "id", read->id);
  sl_json_builder_add_string_member (builder, "plate", read->plate);
  sl_json_builder_add_string_member (builder, "plate_raw", read->plate_raw);
  sl_json_builder_add_string_member (builder, "region", read->region);
  _sl_json_add_time_member (builder, "captured_at", read->captured_us);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, read->confidence);
  json_builder_set_member_name (builder, "camera");
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", read->camera_id);
  _sl_json_add_nullable_string (builder, "name", camera_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_double_value (builder, read->lat);
  json_builder_set_member_name (builder, "lon");
  json_builder_add_double_value (builder, read->lon);
  json_builder_set_member_name (builder, "heading");
  if (isnan (read->heading))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, read->heading);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; read->candidates != NULL && i < read->candidates->len; i++)
    {
      const SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, i);

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "plate", candidate->plate);
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_double_value (builder, candidate->confidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "vehicle");
  json_builder_begin_object (builder);
  _sl_json_add_nullable_string (builder, "make", read->make);
  _sl_json_add_nullable_string (builder, "model", read->model);
  _sl_json_add_nullable_string (builder, "color", read->color);
  _sl_json_add_nullable_string (builder, "type", read->vehicle_type);
  json_builder_end_object (builder);
  _sl_json_add_image_url (builder, "plate_image_url", read, "plate", has_plate_image);
  _sl_json_add_image_url (builder, "overview_image_url", read, "overview", has_overview_image);
}

void
_sl_json_add_read (JsonBuilder  *builder,
                   const SlRead *read,
                   const char   *camera_name,
                   gboolean      has_plate_image,
                   gboolean      has_overview_image)
{
  json_builder_begin_object (builder);
  _sl_json_add_read_members (builder, read, camera_name, has_plate_image, has_overview_image);
  json_builder_end_object (builder);
}

/* The members of a Camera as GET /cameras lists it, for an object the caller has begun. */
void
_sl_json_add_camera_members (JsonBuilder    *builder,
                             const SlCamera *camera,
                             gint64          now_us)
{
  sl_json_builder_add_int_member (builder, "id", camera->id);
  sl_json_builder_add_string_member (builder, "name", camera->name);
  sl_json_builder_add_string_member (builder, "kind", camera->kind);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_double_value (builder, camera->lat);
  json_builder_set_member_name (builder, "lon");
  json_builder_add_double_value (builder, camera->lon);
  _sl_json_add_nullable_string (builder, "stream_url", camera->stream_url);
  json_builder_set_member_name (builder, "online");
  json_builder_add_boolean_value (builder, sl_camera_is_online (camera, now_us));
  _sl_json_add_time_member (builder, "last_read_at", camera->last_read_us);
  _sl_json_add_time_member (builder, "last_heartbeat_at", camera->last_heartbeat_us);
  json_builder_set_member_name (builder, "latest_read");
  if (camera->latest_read != NULL)
    {
      const SlRead *read = camera->latest_read;

      json_builder_begin_object (builder);
      sl_json_builder_add_int_member (builder, "id", read->id);
      sl_json_builder_add_string_member (builder, "plate", read->plate);
      sl_json_builder_add_string_member (builder, "region", read->region);
      _sl_json_add_time_member (builder, "captured_at", read->captured_us);
      _sl_json_add_image_url (builder, "plate_image_url", read, "plate", camera->latest_has_plate_image);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

/* Notes why @member is wrong, unless it has a note already. */
void
_sl_field_error (JsonObject *fields,
                 const char *member,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (json_object_has_member (fields, member))
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_string_member (fields, member, message);
}

/* 422 naming every field that is wrong, and why: @lead, then each note. */
void
_sl_reply_invalid_fields (SoupServerMessage *msg,
                          const char        *code,
                          const char        *lead,
                          JsonObject        *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) names = json_object_get_members (fields);
  g_autoptr(GString) message = g_string_new (lead);

  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (message, "%s%s", l != names ? "; " : ": ",
                            json_object_get_string_member (fields, l->data));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "code", code);
  sl_json_builder_add_string_member (builder, "message", message->str);
  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), fields));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  _sl_reply_json (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, json_builder_get_root (builder));
}
