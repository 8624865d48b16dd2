#define G_LOG_DOMAIN "test-ingest"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "sl-test-harness.h"

/* Camera ingest, hot-list matching, alerts and their stream, over HTTP on 127.0.0.1. */

#define CAMERA_TOKEN       "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define OTHER_CAMERA_TOKEN "feed0000feed0000feed0000feed0000feed0000feed0000feed0000feed0000"
#define SUPERVISOR_USER     "sam"
#define SUPERVISOR_PASSWORD "Harbor-Lights-Quietly"
#define ANALYST_USER        "anna"
#define ANALYST_PASSWORD    "Orchid.Tundra.Lamp"

/* A 1×1 PNG, base64. */
#define TINY_PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

static gint64
add_camera (Fixture    *f,
            const char *name,
            const char *token)
{
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autoptr(GError) error = NULL;

  camera->name = g_strdup (name);
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8044;
  camera->lon = -122.2712;
  camera->stream_url = g_strdup ("rtsp://127.0.0.1:8554/live");
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
  g_assert_no_error (error);
  return camera->id;
}

/* Replaces (or creates) list @name with entries "PLATE[:REGION]". */
static gint64
set_hotlist (Fixture    *f,
             const char *name,
             int         priority,
             gboolean    covert,
             guint       tolerance,
             gint64      expires_us,
             ...)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (SlHotlistRow));
  g_autoptr(GError) error = NULL;
  SlHotlistSpec spec = {
    .name = name, .source = "SFR", .kind = "general", .priority = priority,
    .alert_level = "high", .covert = covert, .tolerance = tolerance,
  };
  gint64 list_id;
  const char *plate;
  va_list args;

  list_id = sl_store_ensure_hotlist (f->store, &spec, TEST_START_US, &error);
  g_assert_no_error (error);

  va_start (args, expires_us);
  while ((plate = va_arg (args, const char *)) != NULL)
    {
      SlHotlistRow row = { 0 };

      row.line = rows->len + 2;
      row.plate = (char *) plate;
      row.region = (char *) "";
      row.category = (char *) "stolen_vehicle";
      row.case_number = (char *) "26-000123";
      row.expires_us = expires_us;
      g_array_append_val (rows, row);
    }
  va_end (args);

  g_assert_true (sl_store_replace_hotlist (f->store, list_id, rows, NULL, NULL, TEST_START_US, &error));
  g_assert_no_error (error);
  return list_id;
}

static void
ingest_setup (Fixture       *f,
              gconstpointer  data)
{
  fixture_setup (f, data);
  add_user (f->store, SUPERVISOR_USER, SUPERVISOR_PASSWORD, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR, "2026-01-15", NULL);
  add_user (f->store, ANALYST_USER, ANALYST_PASSWORD, SL_ROLE_ANALYST, "2026-01-15", NULL);
  add_camera (f, "Broadway & 14th St", CAMERA_TOKEN);
}

static char *
iso (gint64 offset_s)
{
  return sl_clock_format_iso8601 (TEST_START_US + offset_s * G_USEC_PER_SEC);
}

static char *
native_read (const char *plate,
             gint64      offset_s,
             const char *extra)
{
  g_autofree char *at = iso (offset_s);

  return g_strdup_printf ("{\"plate\": \"%s\", \"region\": \"CA\", \"captured_at\": \"%s\", \"confidence\": 92%s%s}",
                          plate, at, extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

static Response *
post_reads (Fixture    *f,
            const char *token,
            const char *first_read,
            ...)
{
  g_autoptr(GString) body = g_string_new ("{\"reads\": [");
  const char *read;
  va_list args;

  va_start (args, first_read);
  for (read = first_read; read != NULL; read = va_arg (args, const char *))
    g_string_append_printf (body, "%s%s", body->str[body->len - 1] == '[' ? "" : ", ", read);
  va_end (args);
  g_string_append (body, "]}");

  return api_request (f, "POST", "/ingest/native", token, body->str);
}

static void
post_one (Fixture    *f,
          const char *plate,
          gint64      offset_s,
          const char *extra)
{
  g_autofree char *read = native_read (plate, offset_s, extra);
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, read, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
}

static JsonArray *
get_alerts (Fixture    *f,
            const char *token,
            Response  **response)
{
  *response = api_request (f, "GET", "/alerts", token, NULL);
  g_assert_cmpuint ((*response)->status, ==, 200);
  return json_object_get_array_member ((*response)->body, "alerts");
}

static JsonObject *
only_alert (Fixture    *f,
            const char *token,
            Response  **response)
{
  JsonArray *alerts = get_alerts (f, token, response);

  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  return json_array_get_object_element (alerts, 0);
}

/* Ingest ----------------------------------------------------------------- */

static void
test_native_accepts_and_stores (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *read = native_read ("7abc 123", 0,
                                       "\"lat\": 37.81, \"lon\": -122.26, \"heading\": 90,"
                                       " \"candidates\": [{\"plate\": \"7ABC128\", \"confidence\": 60}],"
                                       " \"vehicle\": {\"make\": \"Honda\", \"model\": \"Civic\", \"color\": \"silver\", \"type\": \"sedan\"},"
                                       " \"plate_image\": \"" TINY_PNG "\"");
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, read, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->body, "rejected")), ==, 0);

  /* durable before the answer: another connection sees it at once */
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = '7ABC123' AND plate_raw = '7abc 123'"
                                " AND make = 'Honda' AND heading = 90 AND lat = 37.81"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM read_images WHERE kind = 'plate' AND mime = 'image/png'"), ==, 1);
}

static void
test_bad_read_keeps_good_ones (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *good1 = native_read ("7ABC123", 0, NULL);
  g_autofree char *bad = native_read ("7AB$123", 1, NULL);
  g_autofree char *good2 = native_read ("8DEF456", 2, NULL);
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, good1, bad, good2, NULL);
  JsonArray *rejected;
  JsonObject *rejection;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 2);
  rejected = json_object_get_array_member (response->body, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
  rejection = json_array_get_object_element (rejected, 0);
  g_assert_cmpint (json_object_get_int_member (rejection, "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (rejection, "code"), ==, "invalid_plate");
  g_assert_nonnull (strstr (json_object_get_string_member (rejection, "message"), "$"));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 2);
}

static void
test_all_refused_is_422 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *bad = native_read ("7AB$123", 0, NULL);
  g_autofree char *future = native_read ("8DEF456", 3600, NULL);
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, bad, future, NULL);

  assert_api_error (response, 422, "invalid_read");
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->body, "rejected")), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 0);
}

static void
test_future_read_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *soon = native_read ("7ABC123", 60, NULL);
  g_autofree char *future = native_read ("8DEF456", 3600, NULL);
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, soon, future, NULL);
  JsonObject *rejection;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
  rejection = json_array_get_object_element (json_object_get_array_member (response->body, "rejected"), 0);
  g_assert_cmpint (json_object_get_int_member (rejection, "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (rejection, "code"), ==, "captured_in_future");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = '8DEF456'"), ==, 0);
}

static void
test_retry_stored_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *read = native_read ("7ABC123", 0, NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, read, NULL);

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
    }

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 1);
}

static void
test_malformed_body_changes_nothing (Fixture       *f,
                                     gconstpointer  data)
{
  const char * const bodies[] = {
    "{\"reads\": [", "[1, 2]", "{\"reads\": 7}", "{\"nothing\": []}", "not json at all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = api_request (f, "POST", "/ingest/native", CAMERA_TOKEN, bodies[i]);

      assert_api_error (response, 400, "invalid_request");
    }

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 0);
}

static void
test_oversized_batch_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *image = g_strnfill (SL_SERVER_MAX_INGEST_BODY, 'A');
  g_autofree char *extra = g_strdup_printf ("\"overview_image\": \"%s\"", image);
  g_autofree char *read = native_read ("7ABC123", 0, extra);
  g_autofree char *small = g_strnfill (SL_SERVER_MAX_BODY + 1024, 'A');
  g_autofree char *small_extra = g_strdup_printf ("\"overview_image\": \"%s\"", small);
  g_autofree char *medium = native_read ("7ABC124", 0, small_extra);
  g_autoptr(Response) response = post_reads (f, CAMERA_TOKEN, read, NULL);
  g_autoptr(Response) allowed = post_reads (f, CAMERA_TOKEN, medium, NULL);

  assert_api_error (response, 413, "too_large");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = '7ABC123'"), ==, 0);
  /* past the 1 MiB of other requests, camera batches with images still go in;
   * an image over 2 MiB inside is that read's rejection */
  g_assert_cmpuint (allowed->status, ==, 200);
}

static void
test_only_cameras_post (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *read = native_read ("7ABC123", 0, NULL);
  g_autoptr(Response) as_user = post_reads (f, officer, read, NULL);
  g_autoptr(Response) anonymous = post_reads (f, NULL, read, NULL);
  g_autoptr(Response) forged = post_reads (f, OTHER_CAMERA_TOKEN, read, NULL);
  g_autoptr(Response) camera_as_user = api_request (f, "GET", "/alerts", CAMERA_TOKEN, NULL);

  assert_api_error (as_user, 403, "forbidden");
  assert_api_error (anonymous, 401, "unauthorized");
  assert_api_error (forged, 401, "unauthorized");
  assert_api_error (camera_as_user, 401, "unauthorized");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 0);
}

static void
test_openalpr_group (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf (
    "{\"data_type\": \"alpr_group\", \"epoch_start\": %" G_GINT64_FORMAT ", \"epoch_end\": %" G_GINT64_FORMAT ","
    " \"best_plate_number\": \"6TRJ244\", \"best_confidence\": 94.2, \"best_region\": \"us-ca\","
    " \"candidates\": [{\"plate\": \"6TRJ244\", \"confidence\": 94.2}, {\"plate\": \"6TRJ24A\", \"confidence\": 71.0}],"
    " \"gps_latitude\": 37.75, \"gps_longitude\": -122.17, \"travel_direction\": 182.5,"
    " \"vehicle\": {\"color\": [{\"name\": \"blue\", \"confidence\": 80}],"
    "              \"make\": [{\"name\": \"toyota\", \"confidence\": 70}],"
    "              \"make_model\": [{\"name\": \"toyota_camry\", \"confidence\": 60}],"
    "              \"body_type\": [{\"name\": \"sedan-standard\", \"confidence\": 90}]},"
    " \"vehicle_crop_jpeg\": \"" TINY_PNG "\"}",
    TEST_START_US / 1000 - 2000, TEST_START_US / 1000 - 1000);
  g_autoptr(Response) response = api_request (f, "POST", "/ingest/openalpr", CAMERA_TOKEN, body);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = '6TRJ244' AND region = 'CA'"
                                " AND lat = 37.75 AND heading = 182.5 AND candidates LIKE '6TRJ24A %'"), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM reads WHERE captured_us = %" G_GINT64_FORMAT,
                         TEST_START_US - G_USEC_PER_SEC);
  g_assert_cmpint (db_count (f, sql), ==, 1);
}

static void
test_platerecognizer_multipart (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *at = iso (-5);
  g_autofree char *json = g_strdup_printf (
    "{\"hook\": {\"target\": \"http://x\", \"id\": \"cam1\", \"event\": \"recognition\"},"
    " \"data\": {\"camera_id\": \"cam1\", \"timestamp\": \"%s\", \"results\": [{\"plate\": \"ghj921\","
    " \"score\": 0.91, \"region\": {\"code\": \"us-ca\", \"score\": 0.8},"
    " \"candidates\": [{\"plate\": \"ghj921\", \"score\": 0.91}, {\"plate\": \"ghj92l\", \"score\": 0.5}],"
    " \"vehicle\": {\"type\": \"Sedan\", \"score\": 0.7}, \"direction\": 45}]}}", at);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GBytes) upload = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/ingest/platerecognizer", NULL);
  gsize png_length;
  guchar *png = g_base64_decode (TINY_PNG, &png_length);

  upload = g_bytes_new_take (png, png_length);
  soup_multipart_append_form_string (multipart, "json", json);
  soup_multipart_append_form_file (multipart, "upload", "frame.png", "image/png", upload);
  msg = soup_message_new_from_multipart (uri, multipart);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " CAMERA_TOKEN);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = 'GHJ921' AND confidence > 90"
                                " AND vehicle_type IS NOT NULL AND heading = 45"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM read_images WHERE kind = 'overview'"), ==, 1);
}

static void
test_heartbeat_and_camera_status (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) before = api_request (f, "GET", "/cameras", officer, NULL);
  g_autoptr(Response) beat = api_request (f, "POST", "/ingest/heartbeat", CAMERA_TOKEN, "{}");
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) later = NULL;
  JsonObject *camera;

  g_assert_cmpuint (before->status, ==, 200);
  camera = json_array_get_object_element (json_object_get_array_member (before->body, "cameras"), 0);
  g_assert_false (json_object_get_boolean_member (camera, "online"));
  g_assert_true (json_object_get_null_member (camera, "latest_read"));

  g_assert_cmpuint (beat->status, ==, 204);
  post_one (f, "7ABC123", -1, "\"plate_image\": \"" TINY_PNG "\"");

  after = api_request (f, "GET", "/cameras", officer, NULL);
  camera = json_array_get_object_element (json_object_get_array_member (after->body, "cameras"), 0);
  g_assert_true (json_object_get_boolean_member (camera, "online"));
  g_assert_cmpstr (json_object_get_string_member (camera, "stream_url"), ==, "rtsp://127.0.0.1:8554/live");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (camera, "latest_read"), "plate"),
                   ==, "7ABC123");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (camera, "latest_read"),
                                                   "plate_image_url"));

  /* silent for longer than two minutes: offline */
  sl_clock_advance (f->clock, 3 * 60 * G_USEC_PER_SEC);
  later = api_request (f, "GET", "/cameras", officer, NULL);
  camera = json_array_get_object_element (json_object_get_array_member (later->body, "cameras"), 0);
  g_assert_false (json_object_get_boolean_member (camera, "online"));
}

/* Matching and alerts ---------------------------------------------------- */

static void
test_exact_hit_raises_alert (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = NULL;
  JsonObject *alert;
  JsonObject *entry;

  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", NULL);
  post_one (f, "8XYZ999", 0, NULL);
  post_one (f, "7ABC123", 1, NULL);

  alert = only_alert (f, officer, &response);
  g_assert_cmpstr (json_object_get_string_member (alert, "state"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "match"), "kind"), ==, "exact");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "read"), "plate"), ==, "7ABC123");
  entry = json_object_get_object_member (alert, "entry");
  g_assert_cmpstr (json_object_get_string_member (entry, "case_number"), ==, "26-000123");
  g_assert_cmpstr (json_object_get_string_member (entry, "category"), ==, "stolen_vehicle");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "list"), "name"), ==,
                   "Stolen vehicles");
  g_assert_cmpint (count_records (f, "alert.raised", NULL, "ok"), ==, 1);
  g_assert_cmpint (count_records (f, "alerts.list", OFFICER_USER, "ok"), ==, 1);
}

static void
test_tolerant_and_candidate_hits (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = NULL;
  JsonArray *alerts;
  JsonObject *match;

  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", "5KLM442", NULL);
  /* the reader saw B for 8 in the last position */
  post_one (f, "7ABC12B", 0, NULL);
  /* the reader's second guess is the wanted plate */
  post_one (f, "5KLM44Z", 1, "\"candidates\": [{\"plate\": \"5KLM442\", \"confidence\": 40}]");
  /* two look-alikes differ: beyond k = 1 */
  post_one (f, "7A8C12B", 2, NULL);

  alerts = get_alerts (f, officer, &response);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 2);

  match = json_object_get_object_member (json_array_get_object_element (alerts, 0), "match");
  g_assert_cmpstr (json_object_get_string_member (match, "kind"), ==, "candidate");
  g_assert_cmpstr (json_object_get_string_member (match, "matched_plate"), ==, "5KLM442");

  match = json_object_get_object_member (json_array_get_object_element (alerts, 1), "match");
  g_assert_cmpstr (json_object_get_string_member (match, "kind"), ==, "tolerant");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (match, "differing")), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (match, "differing"), 0), ==, 6);
}

static void
test_expired_entry_never_matches (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = NULL;

  set_hotlist (f, "Old list", 10, FALSE, 1, TEST_START_US - G_USEC_PER_SEC, "7ABC123", NULL);
  post_one (f, "7ABC123", 0, NULL);

  g_assert_cmpuint (json_array_get_length (get_alerts (f, officer, &response)), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads"), ==, 1);
}

static void
test_repeat_raises_no_second_alert (Fixture       *f,
                                    gconstpointer  data)
{
  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", NULL);
  post_one (f, "7ABC123", 0, NULL);
  post_one (f, "7ABC123", 0, NULL);

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 1);
}

static void
test_import_seen_by_running_service (Fixture       *f,
                                     gconstpointer  data)
{
  post_one (f, "7ABC123", 0, NULL);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 0);

  /* as `sightlined hotlist import` would, through its own connection */
  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC124", NULL);
  post_one (f, "7ABC124", 1, NULL);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 1);

  /* replaced: the old entry no longer matches */
  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "9ZZZ999", NULL);
  post_one (f, "7ABC124", 2, NULL);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 1);
}

static void
test_covert_list_privileged_only (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);
  g_autoptr(Response) as_officer = NULL;
  g_autoptr(Response) as_supervisor = NULL;
  g_autoptr(Response) direct = NULL;
  g_autofree char *path = NULL;
  JsonObject *alert;

  set_hotlist (f, "Covert", 5, TRUE, 0, 0, "4COV123", NULL);
  post_one (f, "4COV123", 0, NULL);

  g_assert_cmpuint (json_array_get_length (get_alerts (f, officer, &as_officer)), ==, 0);
  alert = only_alert (f, supervisor, &as_supervisor);
  path = g_strdup_printf ("/alerts/%" G_GINT64_FORMAT, json_object_get_int_member (alert, "id"));
  direct = api_request (f, "GET", path, officer, NULL);
  assert_api_error (direct, 404, "not_found");
}

/* A search's detail lists the alerts of one read. */
static void
test_alerts_of_read (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *path = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) bad = NULL;
  JsonArray *alerts;
  gint64 read_id;

  set_hotlist (f, "Stolen vehicles", 10, FALSE, 0, 0, "7ABC123", "8XYZ789", NULL);
  post_one (f, "7ABC123", 0, NULL);
  post_one (f, "8XYZ789", 1, NULL);
  read_id = db_count (f, "SELECT id FROM reads WHERE plate = '8XYZ789'");

  path = g_strdup_printf ("/alerts?read=%" G_GINT64_FORMAT, read_id);
  response = api_request (f, "GET", path, officer, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  alerts = json_object_get_array_member (response->body, "alerts");
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (alerts, 0),
                                                                             "read"), "id"), ==, read_id);

  bad = api_request (f, "GET", "/alerts?read=none", officer, NULL);
  assert_api_error (bad, 400, "invalid_request");
}

static void
test_covert_images_hidden (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *path = NULL;
  g_autoptr(Response) as_officer = NULL;
  g_autoptr(Response) as_admin = NULL;

  set_hotlist (f, "Covert", 5, TRUE, 0, 0, "4COV123", NULL);
  post_one (f, "4COV123", 0, "\"plate_image\": \"" TINY_PNG "\"");
  path = g_strdup_printf ("/reads/%" G_GINT64_FORMAT "/images/plate", db_count (f, "SELECT max(id) FROM reads"));

  as_officer = api_request (f, "GET", path, officer, NULL);
  as_admin = api_request (f, "GET", path, admin, NULL);
  assert_api_error (as_officer, 404, "not_found");
  g_assert_cmpuint (as_admin->status, ==, 200);
}

static void
test_cameras_hide_covert_latest (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);
  g_autoptr(Response) as_officer = NULL;
  g_autoptr(Response) as_supervisor = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  JsonObject *camera;

  set_hotlist (f, "Covert", 5, TRUE, 0, 0, "4COV123", NULL);
  post_one (f, "8OPN123", 0, NULL);
  post_one (f, "4COV123", 1, NULL);

  as_officer = api_request (f, "GET", "/cameras", officer, NULL);
  camera = json_array_get_object_element (json_object_get_array_member (as_officer->body, "cameras"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (camera, "latest_read"), "plate"),
                   ==, "8OPN123");
  as_supervisor = api_request (f, "GET", "/cameras", supervisor, NULL);
  camera = json_array_get_object_element (json_object_get_array_member (as_supervisor->body, "cameras"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (camera, "latest_read"), "plate"),
                   ==, "4COV123");

  /* the plates the list showed are in its record */
  record = last_record (f, "cameras.list");
  g_assert_nonnull (strstr (record->data, "4COV123"));
}

static void
test_images_only_of_alerts (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(Response) no_hit = NULL;
  g_autoptr(Response) no_read = NULL;

  post_one (f, "8NOHIT1", 0, "\"plate_image\": \"" TINY_PNG "\"");
  path = g_strdup_printf ("/reads/%" G_GINT64_FORMAT "/images/plate", db_count (f, "SELECT max(id) FROM reads"));
  missing = g_strdup ("/reads/999999/images/plate");

  /* browsing reads that raised no alert needs a search, with its case and purpose */
  no_hit = api_request (f, "GET", path, admin, NULL);
  no_read = api_request (f, "GET", missing, admin, NULL);
  assert_api_error (no_hit, 404, "not_found");
  assert_api_error (no_read, 404, "not_found");
  g_assert_cmpstr (error_message (no_hit) + strlen ("There is no plate image of read "), !=, "");
  g_assert_cmpint (count_records (f, "image.view", ADMIN_USER, "ok"), ==, 0);
}

static gint64
raise_alert (Fixture *f)
{
  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", NULL);
  post_one (f, "7ABC123", 0, "\"plate_image\": \"" TINY_PNG "\"");
  return db_count (f, "SELECT max(id) FROM alerts");
}

static Response *
set_state (Fixture    *f,
           const char *token,
           gint64      alert_id,
           const char *body)
{
  g_autofree char *path = g_strdup_printf ("/alerts/%" G_GINT64_FORMAT "/state", alert_id);

  return api_request (f, "POST", path, token, body);
}

static void
test_alert_state_machine (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  gint64 id = raise_alert (f);
  g_autoptr(Response) skip = set_state (f, officer, id, "{\"state\": \"confirmed\"}");
  g_autoptr(Response) verified = set_state (f, officer, id, "{\"state\": \"visually_verified\", \"note\": \"Plate and make match\"}");
  g_autoptr(Response) validated = set_state (f, officer, id, "{\"state\": \"validated\"}");
  g_autoptr(Response) no_disposition = set_state (f, officer, id, "{\"state\": \"closed\", \"note\": \"Done\"}");
  g_autoptr(Response) no_note = set_state (f, officer, id, "{\"state\": \"closed\", \"disposition\": \"arrest\"}");
  g_autoptr(Response) closed = set_state (f, officer, id,
                                          "{\"state\": \"closed\", \"note\": \"Driver booked\", \"disposition\": \"arrest\"}");
  g_autoptr(Response) reopened = set_state (f, officer, id, "{\"state\": \"new\"}");
  g_autofree char *path = g_strdup_printf ("/alerts/%" G_GINT64_FORMAT, id);
  g_autoptr(Response) fetched = api_request (f, "GET", path, officer, NULL);
  JsonArray *history;

  assert_api_error (skip, 409, "illegal_step");
  g_assert_cmpuint (verified->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (verified->body, "state"), ==, "visually_verified");
  g_assert_cmpuint (validated->status, ==, 200);
  assert_api_error (no_disposition, 422, "missing_field");
  g_assert_nonnull (strstr (error_message (no_disposition), "disposition"));
  assert_api_error (no_note, 422, "missing_field");
  g_assert_nonnull (strstr (error_message (no_note), "note"));
  g_assert_cmpuint (closed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (closed->body, "disposition"), ==, "arrest");
  assert_api_error (reopened, 409, "illegal_step");

  g_assert_cmpuint (fetched->status, ==, 200);
  history = json_object_get_array_member (fetched->body, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "by"), ==, OFFICER_USER);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "note"), ==,
                   "Driver booked");
  g_assert_cmpint (count_records (f, "alert.state", OFFICER_USER, "ok"), ==, 3);
}

static void
test_analyst_sees_but_does_not_work (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *analyst = login_token (f, ANALYST_USER, ANALYST_PASSWORD);
  gint64 id = raise_alert (f);
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) step = set_state (f, analyst, id, "{\"state\": \"visually_verified\"}");

  g_assert_cmpuint (json_array_get_length (get_alerts (f, analyst, &listed)), ==, 1);
  assert_api_error (step, 403, "forbidden");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts WHERE state = 'new'"), ==, 1);
}

static void
test_auditor_and_lapsed_get_no_alerts (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *untrained = login_token (f, UNTRAINED_USER, UNTRAINED_PASSWORD);
  g_autoptr(Response) as_auditor = NULL;
  g_autoptr(Response) as_untrained = NULL;

  raise_alert (f);
  as_auditor = api_request (f, "GET", "/alerts", auditor, NULL);
  as_untrained = api_request (f, "GET", "/alerts", untrained, NULL);
  assert_api_error (as_auditor, 403, "forbidden");
  assert_api_error (as_untrained, 403, "training_expired");
}

static void
test_image_view_logged (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) image = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) anonymous = NULL;
  JsonObject *alert;
  const char *url;

  raise_alert (f);
  alert = only_alert (f, officer, &listed);
  url = json_object_get_string_member (json_object_get_object_member (alert, "read"), "plate_image_url");
  g_assert_true (g_str_has_prefix (url, "/api/v1/reads/"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (alert, "read"), "overview_image_url"));

  image = api_request (f, "GET", url + strlen ("/api/v1"), officer, NULL);
  g_assert_cmpuint (image->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (image->headers, NULL), ==, "image/png");
  g_assert_true (g_str_has_prefix (image->text, "\x89PNG"));
  g_assert_cmpint (count_records (f, "image.view", OFFICER_USER, "ok"), ==, 1);

  missing = api_request (f, "GET", "/reads/999/images/plate", officer, NULL);
  assert_api_error (missing, 404, "not_found");
  anonymous = api_request (f, "GET", url + strlen ("/api/v1"), NULL, NULL);
  assert_api_error (anonymous, 401, "unauthorized");
}

/* The alert stream ------------------------------------------------------- */

typedef struct
{
  SoupWebsocketConnection *connection;
  GError                  *error;
  GPtrArray               *messages;
  gboolean                 done;
} StreamState;

static void
stream_message_cb (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *message,
                   StreamState             *state)
{
  g_ptr_array_add (state->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
stream_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  StreamState *state = data;

  state->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &state->error);
  if (state->connection != NULL)
    g_signal_connect (state->connection, "message", G_CALLBACK (stream_message_cb), state);
  state->done = TRUE;
}

static void
connect_stream (Fixture     *f,
                const char  *token,
                StreamState *state)
{
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/alerts/stream", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }

  state->messages = g_ptr_array_new_with_free_func (g_free);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        stream_connected_cb, state);
  while (!state->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (state->done);
}

static void
stream_state_clear (StreamState *state)
{
  if (state->connection != NULL &&
      soup_websocket_connection_get_state (state->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (state->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&state->connection);
  g_clear_error (&state->error);
  g_clear_pointer (&state->messages, g_ptr_array_unref);
}

static gboolean
wait_for_messages (StreamState *state,
                   guint        count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (state->messages->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  return state->messages->len >= count;
}

static void
test_stream_delivers_alerts (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);
  StreamState officer_stream = { 0 };
  StreamState supervisor_stream = { 0 };
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(Response) step = NULL;
  JsonObject *alert;

  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", NULL);
  set_hotlist (f, "Covert", 5, TRUE, 0, 0, "4COV123", NULL);
  connect_stream (f, officer, &officer_stream);
  connect_stream (f, supervisor, &supervisor_stream);
  g_assert_no_error (officer_stream.error);
  g_assert_no_error (supervisor_stream.error);

  post_one (f, "4COV123", 0, NULL);
  post_one (f, "7ABC123", 1, NULL);
  g_assert_true (wait_for_messages (&supervisor_stream, 2));
  g_assert_true (wait_for_messages (&officer_stream, 1));

  /* the covert hit went to the supervisor only */
  g_assert_cmpuint (officer_stream.messages->len, ==, 1);
  message = sl_json_parse_object (g_ptr_array_index (officer_stream.messages, 0), -1, NULL);
  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "alert");
  alert = json_object_get_object_member (message, "alert");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "read"), "plate"), ==, "7ABC123");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "entry"), "case_number"), ==,
                   "26-000123");

  step = set_state (f, officer, json_object_get_int_member (alert, "id"), "{\"state\": \"visually_verified\"}");
  g_assert_cmpuint (step->status, ==, 200);
  g_assert_true (wait_for_messages (&officer_stream, 2));
  g_clear_pointer (&message, json_object_unref);
  message = sl_json_parse_object (g_ptr_array_index (officer_stream.messages, 1), -1, NULL);
  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "alert_updated");
  g_assert_cmpint (count_records (f, "alerts.subscribe", OFFICER_USER, "ok"), ==, 1);

  stream_state_clear (&officer_stream);
  stream_state_clear (&supervisor_stream);
}

static void
test_stream_ends_with_session (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) logout = NULL;
  StreamState stream = { 0 };
  gint64 deadline;

  connect_stream (f, officer, &stream);
  g_assert_no_error (stream.error);
  logout = api_request (f, "DELETE", "/session", officer, NULL);
  g_assert_cmpuint (logout->status, ==, 204);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (soup_websocket_connection_get_state (stream.connection) != SOUP_WEBSOCKET_STATE_CLOSED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_cmpint (soup_websocket_connection_get_state (stream.connection), ==, SOUP_WEBSOCKET_STATE_CLOSED);

  stream_state_clear (&stream);
}

static void
test_stream_ends_when_role_lost (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  StreamState stream = { 0 };
  gint64 deadline;

  set_hotlist (f, "Stolen vehicles", 10, FALSE, 1, 0, "7ABC123", NULL);
  connect_stream (f, officer, &stream);
  g_assert_no_error (stream.error);

  /* reassigned while logged in: no more alerts for this account */
  db_exec (f, "UPDATE users SET roles = 'auditor' WHERE username = '" OFFICER_USER "'");
  post_one (f, "7ABC123", 0, NULL);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (soup_websocket_connection_get_state (stream.connection) != SOUP_WEBSOCKET_STATE_CLOSED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_cmpint (soup_websocket_connection_get_state (stream.connection), ==, SOUP_WEBSOCKET_STATE_CLOSED);
  g_assert_cmpuint (stream.messages->len, ==, 0);

  stream_state_clear (&stream);
}

static void
test_stream_refuses_without_session (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  StreamState anonymous = { 0 };
  StreamState as_auditor = { 0 };

  connect_stream (f, NULL, &anonymous);
  g_assert_null (anonymous.connection);
  g_assert_nonnull (anonymous.error);

  connect_stream (f, auditor, &as_auditor);
  g_assert_null (as_auditor.connection);
  g_assert_nonnull (as_auditor.error);

  stream_state_clear (&anonymous);
  stream_state_clear (&as_auditor);
}

/* The command line --------------------------------------------------------- */

static void
test_cli_camera_add_and_import (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *csv_path = fixture_path (f, "list.csv");
  g_autofree char *bad_path = fixture_path (f, "bad.csv");
  g_autoptr(RunResult) added = NULL;
  g_autoptr(RunResult) refused = NULL;
  g_autoptr(RunResult) imported = NULL;
  g_autoptr(RunResult) kept = NULL;
  g_autoptr(JsonObject) camera = NULL;
  g_autoptr(Response) response = NULL;
  g_autofree char *read = NULL;
  const char *token;

  if (!require_sightlined ())
    return;

  added = run_sightlined (NULL, "camera", "add", "--db", f->db_path, "--name", "International Blvd & 98th Ave",
                          "--lat", "37.7469", "--lon", "-122.1706", "--kind", "trailer", NULL);
  g_assert_cmpint (added->status, ==, 0);
  camera = sl_json_parse_object (added->out, -1, NULL);
  g_assert_nonnull (camera);
  g_assert_cmpint (json_object_get_int_member (camera, "id"), >, 0);
  token = json_object_get_string_member (camera, "token");
  g_assert_cmpuint (strlen (token), ==, 64);

  refused = run_sightlined (NULL, "camera", "add", "--db", f->db_path, "--name", "Nowhere", "--lat", "123",
                            "--lon", "0", NULL);
  g_assert_cmpint (refused->status, !=, 0);
  g_assert_nonnull (strstr (refused->err, "--lat"));

  g_assert_true (g_file_set_contents (csv_path,
                                      "LIC;LIS;OCA;category\n"
                                      "7ABC123;CA;26-000777;stolen_vehicle\n"
                                      "6TRJ244;NV;26-000778;felony_vehicle\n"
                                      "bad plate!;CA;26-000779;stolen_vehicle\n", -1, NULL));
  imported = run_sightlined (NULL, "hotlist", "import", "--db", f->db_path, "--list", "DOJ stolen",
                             "--file", csv_path, "--source", "DOJ", "--priority", "20", NULL);
  g_assert_cmpint (imported->status, ==, 0);
  g_assert_nonnull (strstr (imported->err, ":4:"));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM hotlist_entries"), ==, 2);
  g_assert_cmpint (count_records (f, "hotlist.import", NULL, "ok"), ==, 1);

  /* more bad rows than good: the old list stays */
  g_assert_true (g_file_set_contents (bad_path, "plate,state\n!!,CA\n??,CA\n8GOOD88,CA\n", -1, NULL));
  kept = run_sightlined (NULL, "hotlist", "import", "--db", f->db_path, "--list", "DOJ stolen",
                         "--file", bad_path, NULL);
  g_assert_cmpint (kept->status, !=, 0);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM hotlist_entries WHERE plate = '7ABC123'"), ==, 1);

  /* an existing list keeps its settings; a list of member entries is never replaced from a file */
  db_exec (f, "UPDATE hotlists SET covert = 1, priority = 5 WHERE name = 'DOJ stolen'");
  {
    g_autoptr(RunResult) again = run_sightlined (NULL, "hotlist", "import", "--db", f->db_path, "--list",
                                                 "DOJ stolen", "--file", csv_path, NULL);
    g_autoptr(RunResult) specific = NULL;
    SlHotlistSpec spec = { .name = "Major crimes", .source = "local", .kind = "specific", .priority = 1,
                           .alert_level = "high", .tolerance = 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (again->status, ==, 0);
    g_assert_cmpint (db_count (f, "SELECT count(*) FROM hotlists WHERE name = 'DOJ stolen' AND covert = 1 AND priority = 5"),
                     ==, 1);
    sl_store_ensure_hotlist (f->store, &spec, TEST_START_US, &error);
    g_assert_no_error (error);
    specific = run_sightlined (NULL, "hotlist", "import", "--db", f->db_path, "--list", "Major crimes",
                               "--file", csv_path, NULL);
    g_assert_cmpint (specific->status, !=, 0);
    g_assert_nonnull (strstr (specific->err, "only general lists"));
    g_assert_cmpint (count_records (f, "hotlist.import", NULL, "failed"), ==, 1);
  }
  db_exec (f, "UPDATE hotlists SET covert = 0 WHERE name = 'DOJ stolen'");

  /* the camera posts with its printed token; the running service matches the imported list */
  read = native_read ("7ABC123", 0, NULL);
  response = post_reads (f, token, read, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 1);
}

/* Crashes ------------------------------------------------------------------ */

typedef struct
{
  GSubprocess *process;
  guint        delay_ms;
} Killer;

static gpointer
killer_thread (gpointer data)
{
  Killer *killer = data;

  g_usleep (killer->delay_ms * 1000);
  g_subprocess_send_signal (killer->process, SIGKILL);
  return NULL;
}

/* Posts one batch; returns FALSE when the service went away before answering. */
static gboolean
post_batch (SoupSession *session,
            const char  *url,
            const char  *token,
            const char  *body)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/ingest/native", NULL);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  return reply != NULL && soup_message_get_status (msg) == 200;
}

static void
test_kill_loses_no_acknowledged_read (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RunResult) added = NULL;
  g_autoptr(JsonObject) camera = NULL;
  const guint rounds = 12;
  const guint batch = 40;
  guint next = 0;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  if (!require_sightlined ())
    return;

  /* the fixture's in-process service is not the one killed here */
  fixture_stop_server (f);
  added = run_sightlined (NULL, "camera", "add", "--db", f->db_path, "--name", "Crash lane",
                          "--lat", "37.8", "--lon", "-122.27", NULL);
  g_assert_cmpint (added->status, ==, 0);
  camera = sl_json_parse_object (added->out, -1, NULL);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
      g_autofree char *url = NULL;
      g_autoptr(GSubprocess) process = spawn_serve (f->db_path, &url, NULL);
      Killer killer = { process, g_rand_int_range (rand, 20, 400) };
      GThread *thread = g_thread_new ("killer", killer_thread, &killer);

      for (;;)
        {
          g_autoptr(GString) body = g_string_new ("{\"reads\": [");
          g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

          for (guint i = 0; i < batch; i++, next++)
            {
              g_autofree char *at = sl_clock_format_iso8601 (g_get_real_time () - G_GINT64_CONSTANT (3600000000) + next);
              g_autofree char *plate = g_strdup_printf ("K%06u", next);

              g_string_append_printf (body, "%s{\"plate\": \"%s\", \"captured_at\": \"%s\", \"confidence\": 90}",
                                      i > 0 ? ", " : "", plate, at);
              g_ptr_array_add (keys, g_steal_pointer (&plate));
            }
          g_string_append (body, "]}");

          if (!post_batch (session, url, json_object_get_string_member (camera, "token"), body->str))
            break;
          for (guint i = 0; i < keys->len; i++)
            g_hash_table_add (acknowledged, g_strdup (g_ptr_array_index (keys, i)));
        }

      g_thread_join (thread);
      g_subprocess_wait (process, NULL, NULL);
      g_assert_false (g_subprocess_get_if_exited (process));
    }

  g_assert_cmpuint (g_hash_table_size (acknowledged), >, 0);
  g_test_message ("%u reads acknowledged over %u crashes", g_hash_table_size (acknowledged), rounds);

  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* every acknowledged read is there, once */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM reads WHERE plate = ?", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  {
    GHashTableIter iter;
    const char *plate;

    g_hash_table_iter_init (&iter, acknowledged);
    while (g_hash_table_iter_next (&iter, (gpointer *) &plate, NULL))
      {
        sqlite3_bind_text (stmt, 1, plate, -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        if (sqlite3_column_int (stmt, 0) != 1)
          g_error ("acknowledged read %s is stored %d times", plate, sqlite3_column_int (stmt, 0));
        sqlite3_reset (stmt);
      }
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

typedef struct
{
  const char *url;
  const char *token;
  const char *body;
  gboolean    acknowledged;
} PendingPost;

static gpointer
post_thread (gpointer data)
{
  PendingPost *post = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

  post->acknowledged = post_batch (session, post->url, post->token, post->body);
  return NULL;
}

static void
test_stop_drains_waiting_batches (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RunResult) added = NULL;
  g_autoptr(JsonObject) camera = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *url = NULL;
  g_autofree char *read = native_read ("7STOP12", 0, NULL);
  g_autofree char *body = g_strdup_printf ("{\"reads\": [%s]}", read);
  PendingPost post = { 0 };
  GThread *thread;
  char *message = NULL;

  if (!require_sightlined ())
    return;

  fixture_stop_server (f);
  added = run_sightlined (NULL, "camera", "add", "--db", f->db_path, "--name", "Stop lane",
                          "--lat", "37.8", "--lon", "-122.27", NULL);
  g_assert_cmpint (added->status, ==, 0);
  camera = sl_json_parse_object (added->out, -1, NULL);
  process = spawn_serve (f->db_path, &url, NULL);

  /* another process holds the write lock: the batch waits in the writer */
  g_assert_cmpint (sqlite3_exec (f->db, "BEGIN IMMEDIATE", NULL, NULL, &message), ==, SQLITE_OK);
  post = (PendingPost) { url, json_object_get_string_member (camera, "token"), body, FALSE };
  thread = g_thread_new ("camera", post_thread, &post);
  g_usleep (300 * 1000);
  g_subprocess_send_signal (process, SIGTERM);
  g_usleep (300 * 1000);
  g_assert_cmpint (sqlite3_exec (f->db, "COMMIT", NULL, NULL, &message), ==, SQLITE_OK);

  /* the service stops only once the waiting batch is written and answered */
  g_thread_join (thread);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (post.acknowledged);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM reads WHERE plate = '7STOP12'"), ==, 1);
}

void
add_ingest_tests (void)
{
#define ADD(path, func) g_test_add ("/ingest/" path, Fixture, NULL, ingest_setup, func, fixture_teardown)
  ADD ("native/accepts-and-stores", test_native_accepts_and_stores);
  ADD ("native/bad-read-keeps-good", test_bad_read_keeps_good_ones);
  ADD ("native/future-refused", test_future_read_refused);
  ADD ("native/all-refused-422", test_all_refused_is_422);
  ADD ("native/retry-stored-once", test_retry_stored_once);
  ADD ("native/malformed", test_malformed_body_changes_nothing);
  ADD ("native/oversized", test_oversized_batch_refused);
  ADD ("auth/only-cameras-post", test_only_cameras_post);
  ADD ("openalpr/group", test_openalpr_group);
  ADD ("platerecognizer/multipart", test_platerecognizer_multipart);
  ADD ("cameras/heartbeat-and-status", test_heartbeat_and_camera_status);
  ADD ("match/exact-alert", test_exact_hit_raises_alert);
  ADD ("match/tolerant-and-candidate", test_tolerant_and_candidate_hits);
  ADD ("match/expired-never", test_expired_entry_never_matches);
  ADD ("match/repeat-no-second-alert", test_repeat_raises_no_second_alert);
  ADD ("match/import-seen-while-running", test_import_seen_by_running_service);
  ADD ("alerts/covert", test_covert_list_privileged_only);
  ADD ("alerts/of-read", test_alerts_of_read);
  ADD ("alerts/state-machine", test_alert_state_machine);
  ADD ("alerts/analyst", test_analyst_sees_but_does_not_work);
  ADD ("alerts/auditor-and-lapsed", test_auditor_and_lapsed_get_no_alerts);
  ADD ("alerts/image-view-logged", test_image_view_logged);
  ADD ("stream/delivers", test_stream_delivers_alerts);
  ADD ("stream/refuses", test_stream_refuses_without_session);
  ADD ("stream/ends-with-session", test_stream_ends_with_session);
  ADD ("stream/ends-when-role-lost", test_stream_ends_when_role_lost);
  ADD ("alerts/covert-images", test_covert_images_hidden);
  ADD ("cameras/covert-latest-hidden", test_cameras_hide_covert_latest);
  ADD ("alerts/images-only-of-alerts", test_images_only_of_alerts);
  ADD ("cli/camera-and-hotlist", test_cli_camera_add_and_import);
  ADD ("crash/sigkill-loses-nothing", test_kill_loses_no_acknowledged_read);
  ADD ("crash/stop-drains-batches", test_stop_drains_waiting_batches);
#undef ADD
}
