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
