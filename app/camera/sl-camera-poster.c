#define G_LOG_DOMAIN "sl-camera-poster"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-camera-poster.h"
#include "sl-clock.h"
#include "sl-error.h"
#include "sl-json.h"

#define REQUEST_TIMEOUT_SECONDS 30

struct _SlCameraPoster
{
  GObject         parent_instance;

  /* owned */
  SoupSession    *soup;
  GCancellable   *cancellable;
  char           *server;        /* without a trailing slash */
  char           *token;
  char           *camera_name;
  GQueue          queue;         /* SlRead, oldest first */
  GPtrArray      *in_flight;     /* SlRead: the batch being sent */
  guint           retry_id;
  guint           heartbeat_id;

  SlCameraFormat  format;
  guint           backoff_seconds;
  gboolean        running;
  gboolean        heartbeat_failing;
  guint64         n_accepted;
  guint64         n_dropped;
};

G_DEFINE_FINAL_TYPE (SlCameraPoster, sl_camera_poster, G_TYPE_OBJECT)

static const char * const format_names[] = {
  [SL_CAMERA_FORMAT_NATIVE] = "native",
  [SL_CAMERA_FORMAT_OPENALPR] = "openalpr",
  [SL_CAMERA_FORMAT_PLATERECOGNIZER] = "platerecognizer",
};

static void send_next (SlCameraPoster *self);

/* Payloads ---------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_image (JsonBuilder *builder,
           const char  *name,
           GBytes      *image)
{
  g_autofree char *base64 = NULL;
  gsize size;
  const guint8 *data;

  if (image == NULL)
    return;

  data = g_bytes_get_data (image, &size);
  base64 = g_base64_encode (data, size);
  add_string (builder, name, base64);
}

/* A ranked attribute as OpenALPR sends it: [{"name", "confidence"}]. */
static void
add_ranked (JsonBuilder *builder,
            const char  *member,
            const char  *name_key,
            const char  *name,
            const char  *score_key,
            double       score)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, name_key, name);
  add_double (builder, score_key, score);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_box (JsonBuilder *builder,
         const char  *name,
         int          xmin,
         int          ymin,
         int          xmax,
         int          ymax)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_int (builder, "xmin", xmin);
  add_int (builder, "ymin", ymin);
  add_int (builder, "xmax", xmax);
  add_int (builder, "ymax", ymax);
  json_builder_end_object (builder);
}

static void
build_native_read (JsonBuilder  *builder,
                   const SlRead *read)
{
  g_autofree char *captured_at = sl_clock_format_iso8601 (read->captured_us);

  json_builder_begin_object (builder);
  add_string (builder, "plate", read->plate_raw != NULL ? read->plate_raw : read->plate);
  add_string (builder, "region", read->region);
  add_string (builder, "captured_at", captured_at);
  add_double (builder, "confidence", read->confidence);
  if (!isnan (read->lat) && !isnan (read->lon))
    {
      add_double (builder, "lat", read->lat);
      add_double (builder, "lon", read->lon);
    }
  if (!isnan (read->heading))
    add_double (builder, "heading", read->heading);

  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < read->candidates->len; i++)
    {
      const SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, i);

      json_builder_begin_object (builder);
      add_string (builder, "plate", candidate->plate);
      add_double (builder, "confidence", candidate->confidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "vehicle");
  json_builder_begin_object (builder);
  if (read->make != NULL)
    add_string (builder, "make", read->make);
  if (read->model != NULL)
    add_string (builder, "model", read->model);
  if (read->color != NULL)
    add_string (builder, "color", read->color);
  if (read->vehicle_type != NULL)
    add_string (builder, "type", read->vehicle_type);
  json_builder_end_object (builder);

  add_image (builder, "plate_image", read->plate_image);
  add_image (builder, "overview_image", read->overview_image);
  json_builder_end_object (builder);
}

static const char *
openalpr_body_type (const char *type)
{
  if (g_strcmp0 (type, "suv") == 0)
    return "suv-standard";
  if (g_strcmp0 (type, "pickup") == 0)
    return "truck-standard";
  if (g_strcmp0 (type, "van") == 0)
    return "van-full";
  if (g_strcmp0 (type, "wagon") == 0)
    return "sedan-wagon";
  return "sedan-standard";
}

static const char *
platerecognizer_type (const char *type)
{
  if (g_strcmp0 (type, "suv") == 0)
    return "SUV";
  if (g_strcmp0 (type, "pickup") == 0)
    return "Pickup Truck";
  if (g_strcmp0 (type, "van") == 0)
    return "Van";
  return "Sedan";
}

/* "oakland-broadway-14th" from "Oakland: Broadway & 14th" */
static char *
slug (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static char *
openalpr_region (const SlRead *read)
{
  g_autofree char *lower = g_ascii_strdown (read->region, -1);

  return *lower != '\0' ? g_strconcat ("us-", lower, NULL) : g_strdup ("");
}

/* One alpr_group as the OpenALPR agent (alprd) posts it to a web server. */
static void
build_openalpr_group (JsonBuilder  *builder,
                      const SlRead *read,
                      const char   *camera_name)
{
  g_autofree char *agent = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *region = openalpr_region (read);
  g_autofree char *make = g_ascii_strdown (read->make != NULL ? read->make : "", -1);
  g_autofree char *make_model = NULL;
  g_autofree char *name_slug = slug (camera_name);
  gint64 epoch_ms = read->captured_us / 1000;
  guint camera_id = g_str_hash (camera_name) & 0x7fffffff;

  agent = g_strconcat ("sightline-camera-", name_slug, NULL);
  uuid = g_strdup_printf ("%s-%u-%" G_GINT64_FORMAT, agent, camera_id, epoch_ms);
  /* "honda_cr-v": the agent's make_model names, lower case, spaces as dashes */
  make_model = g_strdup_printf ("%s_%s", make, read->model != NULL ? read->model : "");
  g_strdelimit (make_model, " ", '-');
  for (char *p = make_model; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);

  json_builder_begin_object (builder);
  add_string (builder, "data_type", "alpr_group");
  add_int (builder, "version", 2);
  add_int (builder, "epoch_start", epoch_ms - 600);
  add_int (builder, "epoch_end", epoch_ms);
  add_int (builder, "frame_start", epoch_ms / 100 - 6);
  add_int (builder, "frame_end", epoch_ms / 100);
  add_string (builder, "company_id", "sightline-demo");
  add_string (builder, "agent_uid", agent);
  add_string (builder, "agent_version", PACKAGE_VERSION);
  add_string (builder, "agent_type", "alprd");
  add_int (builder, "camera_id", camera_id);
  add_string (builder, "country", "us");
  if (!isnan (read->lat) && !isnan (read->lon))
    {
      add_double (builder, "gps_latitude", read->lat);
      add_double (builder, "gps_longitude", read->lon);
    }

  json_builder_set_member_name (builder, "uuids");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, uuid);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "plate_indexes");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 0);
  json_builder_end_array (builder);

  /* The agent lists the best plate first among the candidates. */
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "plate", read->plate);
  add_double (builder, "confidence", read->confidence);
  add_int (builder, "matches_template", 1);
  add_int (builder, "plate_index", 0);
  json_builder_end_object (builder);
  for (guint i = 0; i < read->candidates->len; i++)
    {
      const SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, i);

      json_builder_begin_object (builder);
      add_string (builder, "plate", candidate->plate);
      add_double (builder, "confidence", candidate->confidence);
      add_int (builder, "matches_template", 0);
      add_int (builder, "plate_index", 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string (builder, "best_plate_number", read->plate);
  add_double (builder, "best_confidence", read->confidence);
  add_string (builder, "best_region", region);
  add_double (builder, "best_region_confidence", 92.0);
  add_string (builder, "best_uuid", uuid);

  json_builder_set_member_name (builder, "best_plate");
  json_builder_begin_object (builder);
  add_string (builder, "plate", read->plate);
  add_double (builder, "confidence", read->confidence);
  add_int (builder, "matches_template", 1);
  add_int (builder, "plate_index", 0);
  add_string (builder, "region", region);
  add_double (builder, "region_confidence", 92.0);
  add_double (builder, "processing_time_ms", 21.5);
  add_int (builder, "requested_topn", 10);
  add_image (builder, "plate_crop_jpeg", read->plate_image);
  json_builder_end_object (builder);

  add_int (builder, "best_image_width", 640);
  add_int (builder, "best_image_height", 360);
  if (!isnan (read->heading))
    add_double (builder, "travel_direction", read->heading);
  add_boolean (builder, "is_parked", FALSE);
  add_boolean (builder, "is_preview", FALSE);
  add_image (builder, "vehicle_crop_jpeg", read->overview_image);

  json_builder_set_member_name (builder, "vehicle");
  json_builder_begin_object (builder);
  if (read->color != NULL)
    add_ranked (builder, "color", "name", read->color, "confidence", 88.0);
  if (*make != '\0')
    add_ranked (builder, "make", "name", make, "confidence", 85.0);
  if (read->model != NULL)
    add_ranked (builder, "make_model", "name", make_model, "confidence", 80.0);
  add_ranked (builder, "body_type", "name", openalpr_body_type (read->vehicle_type), "confidence", 90.0);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

/* The Stream webhook's JSON for one read: its "timestamp" is per message. */
static void
build_platerecognizer (JsonBuilder  *builder,
                       const SlRead *read,
                       const char   *camera_name)
{
  g_autofree char *timestamp = sl_clock_format_iso8601 (read->captured_us);
  g_autofree char *plate = g_ascii_strdown (read->plate, -1);
  g_autofree char *region = openalpr_region (read);
  g_autofree char *name_slug = slug (camera_name);
  g_autofree char *filename = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (read->captured_us / G_USEC_PER_SEC);
  g_autofree char *timestamp_local = local != NULL ? g_date_time_format_iso8601 (local) : g_strdup ("");

  filename = g_strdup_printf ("%s_screenshots/%" G_GINT64_FORMAT ".png", name_slug, read->captured_us / 1000);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hook");
  json_builder_begin_object (builder);
  add_string (builder, "target", "sightline");
  add_string (builder, "id", name_slug);
  add_string (builder, "event", "recognition");
  add_string (builder, "filename", filename);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_string (builder, "camera_id", name_slug);
  add_string (builder, "filename", filename);
  add_string (builder, "timestamp", timestamp);
  add_string (builder, "timestamp_local", timestamp_local);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);

  add_string (builder, "plate", plate);
  add_double (builder, "score", read->confidence / 100.0);
  add_double (builder, "dscore", 0.9);
  json_builder_set_member_name (builder, "region");
  json_builder_begin_object (builder);
  add_string (builder, "code", region);
  add_double (builder, "score", 0.92);
  json_builder_end_object (builder);
  add_box (builder, "box", 280, 250, 320, 270);

  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "plate", plate);
  add_double (builder, "score", read->confidence / 100.0);
  json_builder_end_object (builder);
  for (guint i = 0; i < read->candidates->len; i++)
    {
      const SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, i);
      g_autofree char *lower = g_ascii_strdown (candidate->plate, -1);

      json_builder_begin_object (builder);
      add_string (builder, "plate", lower);
      add_double (builder, "score", candidate->confidence / 100.0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "vehicle");
  json_builder_begin_object (builder);
  add_string (builder, "type", platerecognizer_type (read->vehicle_type));
  add_double (builder, "score", 0.85);
  add_box (builder, "box", 220, 150, 380, 300);
  json_builder_end_object (builder);

  if (read->make != NULL)
    {
      json_builder_set_member_name (builder, "model_make");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "make", read->make);
      add_string (builder, "model", read->model != NULL ? read->model : "");
      add_double (builder, "score", 0.8);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  if (read->color != NULL)
    add_ranked (builder, "color", "color", read->color, "score", 0.82);
  add_ranked (builder, "orientation", "orientation", "Front", "score", 0.94);
  if (!isnan (read->heading))
    add_double (builder, "direction", read->heading);

  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = sl_json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static const char *
image_type (GBytes *image,
            const char **extension)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (image, &size);

  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      *extension = "jpg";
      return "image/jpeg";
    }

  *extension = "png";
  return "image/png";
}

gboolean
sl_camera_format_parse (const char      *text,
                        SlCameraFormat  *format,
                        GError         **error)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (strcmp (text, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               "“%s” is not a camera format: use native, openalpr or platerecognizer",
               text != NULL ? text : "");
  return FALSE;
}

/* The format's name, which is also the last part of its ingest path. */
const char *
sl_camera_format_to_string (SlCameraFormat format)
{
  g_return_val_if_fail (format <= SL_CAMERA_FORMAT_PLATERECOGNIZER, NULL);

  return format_names[format];
}

/* How many reads one request carries at most: a Plate Recognizer webhook
 * has a single timestamp and a single upload, so one. */
guint
sl_camera_format_max_batch (SlCameraFormat format)
{
  return format == SL_CAMERA_FORMAT_PLATERECOGNIZER ? 1 : 50;
}

/**
 * sl_camera_payload_build:
 * @reads: (element-type SlRead): at most sl_camera_format_max_batch() reads
 * @content_type: (out): the body's Content-Type
 *
 * Returns: (transfer full): the request body that posts @reads in @format.
 */
GBytes *
sl_camera_payload_build (SlCameraFormat   format,
                         const char      *camera_name,
                         GPtrArray       *reads,
                         char           **content_type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) json = NULL;
  const SlRead *read;
  const char *extension;
  GBytes *body = NULL;

  g_return_val_if_fail (camera_name != NULL, NULL);
  g_return_val_if_fail (reads != NULL && reads->len > 0, NULL);
  g_return_val_if_fail (reads->len <= sl_camera_format_max_batch (format), NULL);
  g_return_val_if_fail (content_type != NULL, NULL);

  switch (format)
    {
    case SL_CAMERA_FORMAT_NATIVE:
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reads");
      json_builder_begin_array (builder);
      for (guint i = 0; i < reads->len; i++)
        build_native_read (builder, g_ptr_array_index (reads, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      *content_type = g_strdup ("application/json");
      return builder_to_bytes (builder);

    case SL_CAMERA_FORMAT_OPENALPR:
      /* The agent posts one group a request; a backlog goes as an array. */
      if (reads->len > 1)
        json_builder_begin_array (builder);
      for (guint i = 0; i < reads->len; i++)
        build_openalpr_group (builder, g_ptr_array_index (reads, i), camera_name);
      if (reads->len > 1)
        json_builder_end_array (builder);
      *content_type = g_strdup ("application/json");
      return builder_to_bytes (builder);

    case SL_CAMERA_FORMAT_PLATERECOGNIZER:
      read = g_ptr_array_index (reads, 0);
      build_platerecognizer (builder, read, camera_name);
      json = builder_to_bytes (builder);
      if (read->overview_image == NULL)
        {
          *content_type = g_strdup ("application/json");
          return g_steal_pointer (&json);
        }

      multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
      soup_multipart_append_form_string (multipart, "json", g_bytes_get_data (json, NULL));
      {
        const char *type = image_type (read->overview_image, &extension);
        g_autofree char *filename = g_strdup_printf ("frame.%s", extension);

        soup_multipart_append_form_file (multipart, "upload", filename, type, read->overview_image);
      }
      headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
      soup_multipart_to_message (multipart, headers, &body);
      *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
      return body;

    default:
      g_return_val_if_reached (NULL);
    }
}

/* Posting ----------------------------------------------------------------- */

static SoupMessage *
new_post (SlCameraPoster *self,
          const char     *path,
          GBytes         *body,
          const char     *content_type)
{
  g_autofree char *url = g_strconcat (self->server, "/api/v1", path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (message, content_type, body);
  return message;
}

/* The service's own words from an {"error": {"code", "message"}} body. */
static char *
describe_failure (SoupMessage *message,
                  GBytes      *body)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error = NULL;
  const char *code = NULL, *text = NULL;
  guint status = soup_message_get_status (message);
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if (data != NULL && length > 0)
    object = sl_json_parse_object (data, length, NULL);
  if (object != NULL && sl_json_get_object (object, "error", TRUE, &error, NULL) &&
      sl_json_get_string (error, "code", FALSE, &code, NULL) &&
      sl_json_get_string (error, "message", TRUE, &text, NULL))
    return g_strdup_printf ("HTTP %u %s: %s", status, code != NULL ? code : "", text);

  return g_strdup_printf ("HTTP %u %s", status, soup_message_get_reason_phrase (message));
}

/* Worth sending again: the service is away, busy or failing for now. */
static gboolean
is_transient (guint status)
{
  return status == 0 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429 /* Too Many Requests */ ||
         status >= 500;
}

static gboolean
retry_cb (gpointer user_data)
{
  SlCameraPoster *self = user_data;

  self->retry_id = 0;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
requeue_in_flight (SlCameraPoster *self)
{
  /* Back at the head, in their order, ahead of newer reads. */
  for (guint i = self->in_flight->len; i > 0; i--)
    g_queue_push_head (&self->queue, g_ptr_array_steal_index (self->in_flight, i - 1));

  while (g_queue_get_length (&self->queue) > SL_CAMERA_POSTER_MAX_QUEUED)
    {
      sl_read_free (g_queue_pop_head (&self->queue));
      self->n_dropped++;
    }
}

static void
log_accepted (SlCameraPoster *self,
              guint           n_sent,
              GBytes         *body)
{
  g_autoptr(JsonObject) object = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  gint64 accepted = 0;
  JsonArray *rejected = NULL;
  guint n_rejected;

  if (data != NULL && length > 0)
    object = sl_json_parse_object (data, length, NULL);
  if (object != NULL && !sl_json_get_int (object, "accepted", FALSE, &accepted, NULL))
    accepted = 0;
  if (object != NULL && !sl_json_get_array (object, "rejected", FALSE, &rejected, NULL))
    rejected = NULL;

  n_rejected = rejected != NULL ? json_array_get_length (rejected) : 0;
  self->n_accepted += accepted;

  g_message ("posted %u read%s (%s): %" G_GINT64_FORMAT " accepted, %u rejected, %u queued",
             n_sent, n_sent == 1 ? "" : "s", format_names[self->format], accepted, n_rejected,
             g_queue_get_length (&self->queue));

  for (guint i = 0; i < n_rejected && i < 3; i++)
    {
      JsonNode *node = json_array_get_element (rejected, i);
      JsonObject *rejection = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = NULL, *message = NULL;

      if (rejection != NULL &&
          sl_json_get_string (rejection, "code", FALSE, &code, NULL) &&
          sl_json_get_string (rejection, "message", FALSE, &message, NULL))
        g_message ("  rejected: %s: %s", code != NULL ? code : "?", message != NULL ? message : "");
    }
}

static void
ingest_sent_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlCameraPoster) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message;
  guint status;

  message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  status = error != NULL ? 0 : soup_message_get_status (message);

  if (status == SOUP_STATUS_OK)
    {
      self->backoff_seconds = 0;
      log_accepted (self, self->in_flight->len, body);
      g_ptr_array_set_size (self->in_flight, 0);
      send_next (self);
      return;
    }

  if (is_transient (status))
    {
      g_autofree char *why = error != NULL ? g_strdup (error->message) : describe_failure (message, body);

      self->backoff_seconds = self->backoff_seconds == 0
        ? 1 : MIN (self->backoff_seconds * 2, SL_CAMERA_POSTER_MAX_BACKOFF_SECONDS);
      requeue_in_flight (self);
      g_message ("error: posting %s reads failed: %s; retrying in %u s (%u queued)",
                 format_names[self->format], why, self->backoff_seconds,
                 g_queue_get_length (&self->queue));
      self->retry_id = g_timeout_add_seconds (self->backoff_seconds, retry_cb, self);
      return;
    }

  /* The service refused the reads themselves: sending them again cannot help. */
  {
    g_autofree char *why = describe_failure (message, body);

    g_message ("error: the service refused %u %s read%s, dropped: %s", self->in_flight->len,
               format_names[self->format], self->in_flight->len == 1 ? "" : "s", why);
    self->n_dropped += self->in_flight->len;
    g_ptr_array_set_size (self->in_flight, 0);
    send_next (self);
  }
}

static void
send_next (SlCameraPoster *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *path = NULL;
  guint max = sl_camera_format_max_batch (self->format);

  if (!self->running || self->in_flight->len > 0 || self->retry_id != 0 ||
      g_queue_is_empty (&self->queue))
    return;

  while (self->in_flight->len < max && !g_queue_is_empty (&self->queue))
    g_ptr_array_add (self->in_flight, g_queue_pop_head (&self->queue));

  body = sl_camera_payload_build (self->format, self->camera_name, self->in_flight, &content_type);
  path = g_strconcat ("/ingest/", format_names[self->format], NULL);
  message = new_post (self, path, body, content_type);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    ingest_sent_cb, g_object_ref (self));
}

static void
heartbeat_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlCameraPoster) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message;
  guint status;

  message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  status = error != NULL ? 0 : soup_message_get_status (message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (self->heartbeat_failing)
        g_message ("heartbeat: the service answers again");
      self->heartbeat_failing = FALSE;
      g_debug ("heartbeat sent");
      return;
    }

  {
    g_autofree char *why = error != NULL ? g_strdup (error->message) : describe_failure (message, body);

    g_message ("error: heartbeat failed: %s", why);
    self->heartbeat_failing = TRUE;
  }
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  SlCameraPoster *self = user_data;
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(SoupMessage) message = new_post (self, "/ingest/heartbeat", body, "application/json");

  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    heartbeat_sent_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* GObject ----------------------------------------------------------------- */

static void
sl_camera_poster_dispose (GObject *object)
{
  SlCameraPoster *self = SL_CAMERA_POSTER (object);

  sl_camera_poster_stop (self);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (sl_camera_poster_parent_class)->dispose (object);
}

static void
sl_camera_poster_finalize (GObject *object)
{
  SlCameraPoster *self = SL_CAMERA_POSTER (object);

  g_queue_clear_full (&self->queue, (GDestroyNotify) sl_read_free);
  g_clear_pointer (&self->in_flight, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->server);
  g_free (self->token);
  g_free (self->camera_name);

  G_OBJECT_CLASS (sl_camera_poster_parent_class)->finalize (object);
}

static void
sl_camera_poster_class_init (SlCameraPosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_camera_poster_dispose;
  object_class->finalize = sl_camera_poster_finalize;
}

static void
sl_camera_poster_init (SlCameraPoster *self)
{
  g_queue_init (&self->queue);
  self->in_flight = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  self->cancellable = g_cancellable_new ();
}

/* Public API -------------------------------------------------------------- */

/**
 * sl_camera_poster_new:
 * @server: the service, e.g. "https://sightline.example:8787"
 * @token: the camera's token from `sightlined camera add`
 * @camera_name: names the camera in the vendor formats that carry one
 *
 * Returns: (transfer full): a poster, idle until sl_camera_poster_start().
 */
SlCameraPoster *
sl_camera_poster_new (const char      *server,
                      const char      *token,
                      SlCameraFormat   format,
                      const char      *camera_name,
                      GError         **error)
{
  g_autoptr(GUri) uri = NULL;
  SlCameraPoster *self;
  const char *scheme;
  gsize length;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (camera_name != NULL, NULL);
  g_return_val_if_fail (format <= SL_CAMERA_FORMAT_PLATERECOGNIZER, NULL);

  uri = g_uri_parse (server, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” is not the address of a Sightline service, such as http://127.0.0.1:8787",
                   server);
      return NULL;
    }

  if (*token == '\0' || strpbrk (token, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "The token is empty or has spaces: use the token `sightlined camera add` printed");
      return NULL;
    }

  self = g_object_new (SL_TYPE_CAMERA_POSTER, NULL);
  self->server = g_strdup (server);
  length = strlen (self->server);
  while (length > 0 && self->server[length - 1] == '/')
    self->server[--length] = '\0';
  if (g_str_has_suffix (self->server, "/api/v1"))
    self->server[length - strlen ("/api/v1")] = '\0';
  self->token = g_strdup (token);
  self->camera_name = g_strdup (camera_name);
  self->format = format;
  self->soup = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                              "user-agent", "sightline-camera/" PACKAGE_VERSION,
                                              NULL);
  return self;
}

/**
 * sl_camera_poster_set_ca_file:
 * @path: PEM certificates of the agency's CA
 *
 * Trusts only that CA for https; there is no way to accept any certificate.
 */
gboolean
sl_camera_poster_set_ca_file (SlCameraPoster  *self,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (SL_IS_CAMERA_POSTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, error);
  if (database == NULL)
    {
      g_prefix_error (error, "The CA file %s cannot be used: ", path);
      return FALSE;
    }

  soup_session_set_tls_database (self->soup, database);
  return TRUE;
}

/* Sends a heartbeat now and every SL_CAMERA_POSTER_HEARTBEAT_SECONDS, and
 * the reads queued so far. */
void
sl_camera_poster_start (SlCameraPoster *self)
{
  g_return_if_fail (SL_IS_CAMERA_POSTER (self));

  if (self->running)
    return;

  self->running = TRUE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  heartbeat_cb (self);
  self->heartbeat_id = g_timeout_add_seconds (SL_CAMERA_POSTER_HEARTBEAT_SECONDS, heartbeat_cb, self);
  send_next (self);
}

/* Cancels what is in flight and stops the timers; queued reads stay. */
void
sl_camera_poster_stop (SlCameraPoster *self)
{
  g_return_if_fail (SL_IS_CAMERA_POSTER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->in_flight != NULL)
    requeue_in_flight (self);
}

/**
 * sl_camera_poster_add_read:
 * @read: (transfer full): a read with its plate and capture time
 *
 * Queues @read and posts it as soon as the service takes it; past
 * %SL_CAMERA_POSTER_MAX_QUEUED waiting reads the oldest is dropped.
 */
void
sl_camera_poster_add_read (SlCameraPoster *self,
                           SlRead         *read)
{
  g_return_if_fail (SL_IS_CAMERA_POSTER (self));
  g_return_if_fail (read != NULL && read->plate != NULL);

  g_queue_push_tail (&self->queue, read);
  if (g_queue_get_length (&self->queue) + self->in_flight->len > SL_CAMERA_POSTER_MAX_QUEUED)
    {
      sl_read_free (g_queue_pop_head (&self->queue));
      if (self->n_dropped++ % 100 == 0)
        g_message ("error: %d reads wait for the service; dropping the oldest (%" G_GUINT64_FORMAT " so far)",
                   SL_CAMERA_POSTER_MAX_QUEUED, self->n_dropped);
    }

  send_next (self);
}

/* Reads waiting, including those in flight. */
guint
sl_camera_poster_get_n_queued (SlCameraPoster *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_POSTER (self), 0);

  return g_queue_get_length (&self->queue) + self->in_flight->len;
}

guint64
sl_camera_poster_get_n_accepted (SlCameraPoster *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_POSTER (self), 0);

  return self->n_accepted;
}

guint64
sl_camera_poster_get_n_dropped (SlCameraPoster *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_POSTER (self), 0);

  return self->n_dropped;
}
