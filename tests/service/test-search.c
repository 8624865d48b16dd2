#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <string.h>

#include "sl-test-harness.h"

/* Searches over HTTP on 127.0.0.1: the purpose gate, every filter on a known
 * set of reads posted by cameras, frozen results, tracks, multi-place
 * searches, exports, image views, and what the access log says of each. */

#define BROADWAY_TOKEN  "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
#define LAKE_TOKEN      "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
#define FRUITVALE_TOKEN "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
#define OTHER_USER      "otto"
#define OTHER_PASSWORD  "Pebble-Lantern-Quay-8"

#define BROADWAY_LAT   37.8044
#define BROADWAY_LON  -122.2712
#define LAKE_LAT       37.8000
#define LAKE_LON      -122.2580
#define FRUITVALE_LAT  37.7750
#define FRUITVALE_LON -122.2240

#define CASE    "\"case_number\": \"26-004711\""
#define PURPOSE "\"purpose_code\": \"stolen_vehicle\""
#define NOTE    "\"purpose_note\": \"Grey Civic taken at gunpoint on 14th St\""
#define GATE    CASE ", " PURPOSE ", " NOTE

/* A 1×1 PNG, base64. */
#define TINY_PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

static gint64 broadway_id;
static gint64 lake_id;

static gint64
add_camera (Fixture    *f,
            const char *name,
            const char *token,
            double      lat,
            double      lon)
{
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autoptr(GError) error = NULL;

  camera->name = g_strdup (name);
  camera->kind = g_strdup ("fixed");
  camera->lat = lat;
  camera->lon = lon;
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
  g_assert_no_error (error);
  return camera->id;
}

static char *
iso (gint64 offset_s)
{
  return sl_clock_format_iso8601 (TEST_START_US + offset_s * G_USEC_PER_SEC);
}

static void
post_read (Fixture    *f,
           const char *token,
           const char *plate,
           const char *region,
           gint64      offset_s,
           int         heading,
           const char *extra)
{
  g_autofree char *at = iso (offset_s);
  g_autofree char *body = g_strdup_printf ("{\"reads\": [{\"plate\": \"%s\", \"region\": \"%s\", \"captured_at\": \"%s\","
                                           " \"confidence\": 91, \"heading\": %d%s%s}]}",
                                           plate, region, at, heading, extra != NULL ? ", " : "",
                                           extra != NULL ? extra : "");
  g_autoptr(Response) response = api_request (f, "POST", "/ingest/native", token, body);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
}

/* Ten reads at three cameras:
 *
 *   7ABC123  Broadway −1 h N, Lake −30 min E, Fruitvale −10 min S
 *   7ABC128  Broadway −50 min NE      (one look-alike from 7ABC123)
 *   7A8C128  Lake −42 min W           (two look-alikes)
 *   7XYZ123  Broadway −33 min NW      (raised an alert)
 *   6TRK123  Fruitvale −17 min, Nevada, a white Ford pickup
 *   8DEF456  Broadway two days ago
 *   5K12XYZ  Lake −8 min E
 *   7QC1Z3   Fruitvale −7 min SE
 */
static void
search_setup (Fixture       *f,
              gconstpointer  data)
{
  fixture_setup (f, data);
  add_user (f->store, OTHER_USER, OTHER_PASSWORD, SL_ROLE_OFFICER, "2026-01-15", NULL);
  broadway_id = add_camera (f, "Broadway & 14th St", BROADWAY_TOKEN, BROADWAY_LAT, BROADWAY_LON);
  lake_id = add_camera (f, "Lake Merritt", LAKE_TOKEN, LAKE_LAT, LAKE_LON);
  add_camera (f, "Fruitvale", FRUITVALE_TOKEN, FRUITVALE_LAT, FRUITVALE_LON);

  post_read (f, BROADWAY_TOKEN, "7ABC123", "CA", -3600, 0,
             "\"vehicle\": {\"make\": \"Honda\", \"model\": \"Civic\", \"color\": \"silver\", \"type\": \"sedan\"},"
             " \"plate_image\": \"" TINY_PNG "\"");
  post_read (f, LAKE_TOKEN, "7ABC123", "CA", -1800, 90, NULL);
  post_read (f, FRUITVALE_TOKEN, "7ABC123", "CA", -600, 180, NULL);
  post_read (f, BROADWAY_TOKEN, "7ABC128", "CA", -3000, 45, NULL);
  post_read (f, LAKE_TOKEN, "7A8C128", "CA", -2500, 270, NULL);
  post_read (f, BROADWAY_TOKEN, "7XYZ123", "CA", -2000, 315, NULL);
  post_read (f, FRUITVALE_TOKEN, "6TRK123", "NV", -1000, 200,
             "\"vehicle\": {\"make\": \"Ford\", \"model\": \"F-150\", \"color\": \"white\", \"type\": \"pickup\"}");
  post_read (f, BROADWAY_TOKEN, "8DEF456", "CA", -172800, 10, NULL);
  post_read (f, LAKE_TOKEN, "5K12XYZ", "CA", -500, 100, NULL);
  post_read (f, FRUITVALE_TOKEN, "7QC1Z3", "CA", -400, 135, NULL);

  /* the alert of 7XYZ123, as matching would have stored it */
  db_exec (f, "INSERT INTO alerts (read_id, entry_id, entry, kind, matched_plate, created_us)"
              " SELECT id, 1, '{}', 'exact', plate, captured_us FROM reads WHERE plate = '7XYZ123'");
}

static Response *
post_search (Fixture    *f,
             const char *path,
             const char *token,
             const char *members)
{
  g_autofree char *body = g_strdup_printf ("{%s}", members);

  return api_request (f, "POST", path, token, body);
}

/* POST /searches under the gate; asserts it was made. */
static Response *
search (Fixture    *f,
        const char *token,
        const char *filters)
{
  g_autofree char *members = g_strdup_printf (GATE ", %s", filters);
  Response *response = post_search (f, "/searches", token, members);

  if (response->status != 201)
    g_test_message ("unexpected answer: %s", response->text);
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (response->body, "search_id"), >, 0);
  return response;
}

static JsonArray *
results_of (Response *response)
{
  return json_object_get_array_member (response->body, "results");
}

/* The plates of @reads, comma-separated, in order. */
static char *
plates_of (JsonArray *reads)
{
  GString *plates = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (reads); i++)
    g_string_append_printf (plates, "%s%s", i > 0 ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (reads, i), "plate"));
  return g_string_free (plates, FALSE);
}

/* The plates a search finds, as plates_of(). */
static char *
found (Fixture    *f,
       const char *token,
       const char *filters)
{
  g_autoptr(Response) response = search (f, token, filters);
  JsonArray *results = results_of (response);

  g_assert_cmpint (json_object_get_int_member (response->body, "total"), ==, json_array_get_length (results));
  return plates_of (results);
}

static gint64
read_id_of (Fixture    *f,
            const char *plate,
            gint64      offset_s)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM reads WHERE plate = '%s' AND captured_us = %" G_GINT64_FORMAT,
                                          plate, TEST_START_US + offset_s * G_USEC_PER_SEC);

  return db_count (f, sql);
}

static JsonObject *
record_data (const SlAuditRecord *record)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = sl_json_parse_object (record->data, -1, &error);

  g_assert_no_error (error);
  return data;
}

/* A refusal: its status and code, and one search.refused record saying why. */
static void
assert_refused (Fixture    *f,
                Response   *response,
                guint       status,
                const char *code,
                const char *username)
{
  g_autoptr(SlAuditRecord) record = last_record (f, "search.refused");
  g_autofree char *reason = NULL;

  assert_api_error (response, status, code);
  g_assert_nonnull (record);
  reason = record_reason (record);
  g_assert_cmpstr (reason, ==, code);
  g_assert_cmpstr (record->username, ==, username);
  g_assert_cmpstr (record->outcome, ==, "denied");
}

/* The gate ------------------------------------------------------------------- */

static void
test_case_number_required (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) missing = post_search (f, "/searches", token, PURPOSE ", " NOTE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) blank = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) record_filters = NULL;

  assert_refused (f, missing, 422, "case_number_required", OFFICER_USER);
  record = last_record (f, "search.refused");
  record_filters = record_data (record);
  /* what was asked is on record, though nothing was searched */
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  g_assert_cmpstr (record->purpose_code, ==, "stolen_vehicle");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record_filters, "filters"), "plate"),
                   ==, "7ABC123");
  g_assert_nonnull (strstr (error_message (missing), "26-012345"));

  blank = post_search (f, "/searches", token, "\"case_number\": \"   \", " PURPOSE ", " NOTE ", \"plate\": \"7ABC123\"");
  assert_refused (f, blank, 422, "case_number_required", OFFICER_USER);
  g_assert_cmpint (count_records (f, "search.refused", OFFICER_USER, "denied"), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM searches"), ==, 0);
}

static void
test_case_number_format (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = post_search (f, "/searches", token,
                                              "\"case_number\": \"4711\", " PURPOSE ", " NOTE ", \"plate\": \"7ABC123\"");
  g_autoptr(SlAuditRecord) record = NULL;

  assert_refused (f, response, 422, "case_number_format", OFFICER_USER);
  record = last_record (f, "search.refused");
  g_assert_cmpstr (record->case_number, ==, "4711");
}

static void
test_purpose_required_and_authorized (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) missing = post_search (f, "/searches", token, CASE ", " NOTE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) immigration = NULL;
  g_autoptr(Response) audit = NULL;

  assert_refused (f, missing, 422, "purpose_required", OFFICER_USER);

  unknown = post_search (f, "/searches", token,
                         CASE ", \"purpose_code\": \"curiosity\", " NOTE ", \"plate\": \"7ABC123\"");
  assert_refused (f, unknown, 422, "purpose_not_authorized", OFFICER_USER);

  immigration = post_search (f, "/searches", token,
                             CASE ", \"purpose_code\": \"immigration_enforcement\", " NOTE ", \"plate\": \"7ABC123\"");
  assert_refused (f, immigration, 422, "purpose_not_authorized", OFFICER_USER);
  g_assert_nonnull (strstr (error_message (immigration), "never"));

  /* the purpose "audit" is the auditors' */
  audit = post_search (f, "/searches", token, CASE ", \"purpose_code\": \"audit\", " NOTE ", \"plate\": \"7ABC123\"");
  assert_refused (f, audit, 422, "purpose_not_authorized", OFFICER_USER);
  g_assert_cmpint (count_records (f, "search.refused", OFFICER_USER, "denied"), ==, 4);
}

static void
test_purpose_too_generic (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const notes[] = { "investigation", "Test", "official business", "stolen", "" };
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *members = g_strdup_printf (CASE ", " PURPOSE ", \"purpose_note\": \"%s\", \"plate\": \"7ABC123\"",
                                                  notes[i]);
      g_autoptr(Response) response = post_search (f, "/searches", token, members);

      assert_refused (f, response, 422, "purpose_too_generic", OFFICER_USER);
    }
  g_assert_cmpint (count_records (f, "search.refused", OFFICER_USER, "denied"), ==, G_N_ELEMENTS (notes));
}

static void
test_too_broad (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *week_ago = iso (-8 * 86400);
  g_autofree char *three_days_ago = iso (-3 * 86400);
  g_autofree char *now = iso (0);
  g_autofree char *long_range = g_strdup_printf (GATE ", \"from\": \"%s\", \"to\": \"%s\"", week_ago, now);
  g_autofree char *open_range = g_strdup_printf (GATE ", \"from\": \"%s\"", three_days_ago);
  g_autofree char *short_range = g_strdup_printf ("\"from\": \"%s\", \"to\": \"%s\"", three_days_ago, now);
  g_autoptr(Response) nothing = post_search (f, "/searches", token, GATE);
  g_autoptr(Response) region = post_search (f, "/searches", token, GATE ", \"region\": \"CA\", \"make\": \"Honda\"");
  g_autoptr(Response) eight_days = post_search (f, "/searches", token, long_range);
  g_autoptr(Response) unbounded = post_search (f, "/searches", token, open_range);
  g_autoptr(Response) three_days = NULL;

  assert_refused (f, nothing, 422, "search_too_broad", OFFICER_USER);
  assert_refused (f, region, 422, "search_too_broad", OFFICER_USER);
  assert_refused (f, eight_days, 422, "search_too_broad", OFFICER_USER);
  assert_refused (f, unbounded, 422, "search_too_broad", OFFICER_USER);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM searches"), ==, 0);

  /* three days are narrow enough: every read of them */
  three_days = search (f, token, short_range);
  g_assert_cmpint (json_object_get_int_member (three_days->body, "total"), ==, 10);
}

static void
test_training_expired (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *untrained = login_token (f, UNTRAINED_USER, UNTRAINED_PASSWORD);
  g_autofree char *lapsed = login_token (f, LAPSED_USER, LAPSED_PASSWORD);
  g_autoptr(Response) response = post_search (f, "/searches", untrained, GATE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) track = NULL;
  g_autoptr(Response) audit = NULL;
  g_autoptr(SlAuditRecord) record = NULL;

  assert_refused (f, response, 403, "training_expired", UNTRAINED_USER);
  track = post_search (f, "/tracks", untrained, GATE ", \"plate\": \"7ABC123\"");
  assert_refused (f, track, 403, "training_expired", UNTRAINED_USER);
  record = last_record (f, "search.refused");
  g_assert_nonnull (strstr (record->data, "\"kind\":\"track\""));
  audit = post_search (f, "/searches", lapsed,
                       CASE ", \"purpose_code\": \"audit\", \"purpose_note\": \"Quarterly audit"
                       " sample of plate searches\", \"plate\": \"7ABC123\"");
  assert_refused (f, audit, 403, "training_expired", LAPSED_USER);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM searches"), ==, 0);
}

static void
test_auditor_only_in_audit (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) browsing = post_search (f, "/searches", token, GATE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) audit = post_search (f, "/searches", token,
                                           CASE ", \"purpose_code\": \"audit\", \"purpose_note\": \"Quarterly audit"
                                           " sample of plate searches\", \"plate\": \"7ABC123\"");
  g_autoptr(SlAuditRecord) record = NULL;

  assert_refused (f, browsing, 403, "forbidden", AUDITOR_USER);
  g_assert_nonnull (strstr (error_message (browsing), "audit"));

  g_assert_cmpuint (audit->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (audit->body, "total"), ==, 3);
  record = last_record (f, "search.plate");
  g_assert_cmpstr (record->username, ==, AUDITOR_USER);
  g_assert_cmpstr (record->purpose_code, ==, "audit");
}

static void
test_malformed_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) not_json = api_request (f, "POST", "/searches", token, "{\"plate\": ");
  g_autoptr(Response) unknown = post_search (f, "/searches", token, GATE ", \"plate\": \"7ABC123\", \"colour\": \"red\"");
  g_autoptr(Response) bad_plate = post_search (f, "/searches", token, GATE ", \"plate\": \"7AB$123\"");
  g_autoptr(Response) pattern_tolerance = post_search (f, "/searches", token,
                                                       GATE ", \"plate\": \"7AB*\", \"tolerance\": 1");
  g_autoptr(Response) radius = post_search (f, "/searches", token,
                                            GATE ", \"area\": {\"lat\": 37.8, \"lon\": -122.27, \"radius_m\": 60000}");
  g_autoptr(Response) polygon = post_search (f, "/searches", token,
                                             GATE ", \"area\": {\"polygon\": [[37.8, -122.27], [37.81, -122.27]]}");
  g_autoptr(Response) direction = post_search (f, "/searches", token,
                                               GATE ", \"plate\": \"7ABC123\", \"direction\": \"up\"");
  g_autoptr(Response) anonymous = post_search (f, "/searches", NULL, GATE ", \"plate\": \"7ABC123\"");

  assert_refused (f, not_json, 400, "invalid_request", OFFICER_USER);
  assert_refused (f, unknown, 400, "invalid_request", OFFICER_USER);
  g_assert_nonnull (strstr (error_message (unknown), "colour"));
  assert_refused (f, bad_plate, 400, "invalid_request", OFFICER_USER);
  assert_refused (f, pattern_tolerance, 400, "invalid_request", OFFICER_USER);
  assert_refused (f, radius, 400, "invalid_request", OFFICER_USER);
  g_assert_nonnull (strstr (error_message (radius), "50000"));
  assert_refused (f, polygon, 400, "invalid_request", OFFICER_USER);
  assert_refused (f, direction, 400, "invalid_request", OFFICER_USER);
  assert_api_error (anonymous, 401, "unauthorized");
  g_assert_cmpint (count_records (f, "search.refused", NULL, NULL), ==, 7);
}

static void
test_tracks_and_places_gated (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) track = post_search (f, "/tracks", token, PURPOSE ", " NOTE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) places = NULL;
  g_autoptr(SlAuditRecord) record = NULL;

  assert_refused (f, track, 422, "case_number_required", OFFICER_USER);
  record = last_record (f, "search.refused");
  g_assert_nonnull (strstr (record->data, "\"kind\":\"track\""));
  places = post_search (f, "/searches/multi-place", token, CASE ", " NOTE ", \"places\": []");
  assert_refused (f, places, 422, "purpose_required", OFFICER_USER);
  g_clear_pointer (&record, sl_audit_record_free);
  record = last_record (f, "search.refused");
  g_assert_nonnull (strstr (record->data, "\"kind\":\"multi_place\""));
}

/* Filters -------------------------------------------------------------------- */

static void
test_exact_plate (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = search (f, token, "\"plate\": \"7abc-123\"");
  JsonArray *results = results_of (response);
  JsonObject *newest = json_array_get_object_element (results, 0);
  g_autofree char *plates = plates_of (results);
  g_autofree char *newest_at = iso (-600);

  g_assert_cmpstr (plates, ==, "7ABC123,7ABC123,7ABC123");
  g_assert_cmpint (json_object_get_int_member (response->body, "total"), ==, 3);
  g_assert_true (json_object_get_null_member (response->body, "next_offset"));
  /* newest first, the Read of GET /alerts with "hit" */
  g_assert_cmpstr (json_object_get_string_member (newest, "captured_at"), ==, newest_at);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (newest, "camera"), "name"), ==,
                   "Fruitvale");
  g_assert_cmpstr (json_object_get_string_member (newest, "region"), ==, "CA");
  g_assert_true (json_object_has_member (newest, "candidates"));
  g_assert_true (json_object_has_member (newest, "vehicle"));
  g_assert_false (json_object_get_boolean_member (newest, "hit"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (results, 2), "plate_image_url"),
                            "/images/plate"));
}

static void
test_pattern (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *prefix = found (f, token, "\"plate\": \"7abc*\", \"order\": \"plate\"");
  g_autofree char *inside = found (f, token, "\"plate\": \"*Z12*\"");
  g_autofree char *k12 = found (f, token, "\"plate\": \"*K12*\"");
  g_autofree char *one = found (f, token, "\"plate\": \"7?C1?3\"");
  g_autofree char *last = found (f, token, "\"plate\": \"7ABC12?\", \"order\": \"plate\"");
  g_autofree char *nothing = found (f, token, "\"plate\": \"9*\"");
  g_autoptr(SlAuditRecord) record = last_record (f, "search.plate");

  g_assert_cmpstr (prefix, ==, "7ABC123,7ABC123,7ABC123,7ABC128");
  g_assert_cmpstr (inside, ==, "7XYZ123");
  /* anywhere in the plate */
  g_assert_cmpstr (k12, ==, "5K12XYZ,6TRK123");
  /* six characters: not 7ABC123 */
  g_assert_cmpstr (one, ==, "7QC1Z3");
  g_assert_cmpstr (last, ==, "7ABC123,7ABC123,7ABC123,7ABC128");
  g_assert_cmpstr (nothing, ==, "");
  /* the pattern itself is on record */
  g_assert_cmpstr (record->plate, ==, "9*");
  g_assert_cmpint (record->result_count, ==, 0);
}

static void
test_tolerant (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *exact = found (f, token, "\"plate\": \"7ABC123\", \"tolerance\": 0, \"order\": \"plate\"");
  g_autofree char *one = found (f, token, "\"plate\": \"7ABC123\", \"tolerance\": 1, \"order\": \"plate\"");
  g_autofree char *two = found (f, token, "\"plate\": \"7ABC123\", \"tolerance\": 2, \"order\": \"plate\"");
  g_autoptr(Response) three = post_search (f, "/searches", token, GATE ", \"plate\": \"7ABC123\", \"tolerance\": 3");
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) record_data_object = NULL;

  g_assert_cmpstr (exact, ==, "7ABC123,7ABC123,7ABC123");
  /* 3 and 8 look alike; so do B and 8 */
  g_assert_cmpstr (one, ==, "7ABC123,7ABC123,7ABC123,7ABC128");
  g_assert_cmpstr (two, ==, "7A8C128,7ABC123,7ABC123,7ABC123,7ABC128");
  assert_refused (f, three, 400, "invalid_request", OFFICER_USER);

  record = last_record (f, "search.plate");
  record_data_object = record_data (record);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (record_data_object, "filters"),
                                               "tolerance"), ==, 2);
}

static void
test_region_and_vehicle (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *nevada = found (f, token, "\"plate\": \"*123\", \"region\": \"nv\"");
  g_autofree char *ford = found (f, token, "\"cameras\": [1, 2, 3], \"make\": \"FORD\"");
  g_autofree char *silver = found (f, token, "\"plate\": \"7ABC123\", \"color\": \"Silver\"");
  g_autofree char *pickup = found (f, token, "\"plate\": \"*1*\", \"type\": \"pickup\", \"make\": \"ford\"");
  g_autofree char *sedan_ford = found (f, token, "\"plate\": \"*1*\", \"type\": \"sedan\", \"make\": \"ford\"");

  g_assert_cmpstr (nevada, ==, "6TRK123");
  g_assert_cmpstr (ford, ==, "6TRK123");
  g_assert_cmpstr (silver, ==, "7ABC123");
  g_assert_cmpstr (pickup, ==, "6TRK123");
  g_assert_cmpstr (sedan_ford, ==, "");
}

static void
test_time_and_cameras (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *from = iso (-3 * 86400);
  g_autofree char *to = iso (-86400);
  g_autofree char *days = g_strdup_printf ("\"from\": \"%s\", \"to\": \"%s\"", from, to);
  g_autofree char *old = found (f, token, days);
  g_autofree char *lake_filter = g_strdup_printf ("\"cameras\": [%" G_GINT64_FORMAT "], \"order\": \"plate\"", lake_id);
  g_autofree char *lake = found (f, token, lake_filter);
  g_autofree char *hour_from = iso (-3700);
  g_autofree char *hour_to = iso (-1900);
  g_autofree char *plate_hour = g_strdup_printf ("\"plate\": \"7ABC123\", \"from\": \"%s\", \"to\": \"%s\"",
                                                 hour_from, hour_to);
  g_autofree char *in_hour = found (f, token, plate_hour);

  g_assert_cmpstr (old, ==, "8DEF456");
  g_assert_cmpstr (lake, ==, "5K12XYZ,7A8C128,7ABC123");
  /* 7ABC123 at Broadway only: Lake's was at −30 min */
  g_assert_cmpstr (in_hour, ==, "7ABC123");
}

static void
test_circle_and_polygon (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *circle = g_strdup_printf ("\"area\": {\"lat\": %f, \"lon\": %f, \"radius_m\": 300}, \"order\": \"oldest\"",
                                             BROADWAY_LAT + 0.001, BROADWAY_LON);
  g_autofree char *at_broadway = found (f, token, circle);
  g_autofree char *polygon = g_strdup_printf ("\"area\": {\"polygon\": [[%f, %f], [%f, %f], [%f, %f], [%f, %f]]},"
                                              " \"order\": \"plate\"",
                                              LAKE_LAT - 0.002, LAKE_LON - 0.002, LAKE_LAT - 0.002, LAKE_LON + 0.002,
                                              LAKE_LAT + 0.002, LAKE_LON + 0.002, LAKE_LAT + 0.002, LAKE_LON - 0.002);
  g_autofree char *at_lake = found (f, token, polygon);
  g_autofree char *triangle = g_strdup_printf ("\"area\": {\"polygon\": [[%f, %f], [%f, %f], [%f, %f]]}",
                                               LAKE_LAT - 0.004, LAKE_LON - 0.004, LAKE_LAT + 0.003, LAKE_LON - 0.004,
                                               LAKE_LAT - 0.004, LAKE_LON + 0.003);
  g_autofree char *beside_lake = found (f, token, triangle);
  g_autofree char *small = g_strdup_printf ("\"area\": {\"lat\": %f, \"lon\": %f, \"radius_m\": 50}",
                                            BROADWAY_LAT + 0.001, BROADWAY_LON);
  g_autofree char *too_far = found (f, token, small);

  /* 111 m north of the camera, within 300 m; two days ago too */
  g_assert_cmpstr (at_broadway, ==, "8DEF456,7ABC123,7ABC128,7XYZ123");
  g_assert_cmpstr (at_lake, ==, "5K12XYZ,7A8C128,7ABC123");
  /* a triangle beside the camera holds none of its reads, though its outline box does */
  g_assert_cmpstr (beside_lake, ==, "");
  g_assert_cmpstr (too_far, ==, "");
}

static void
test_direction (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *from = iso (-3 * 86400);
  g_autofree char *now = iso (0);
  g_autofree char *north_filter = g_strdup_printf ("\"from\": \"%s\", \"to\": \"%s\", \"direction\": \"N\","
                                                   " \"order\": \"plate\"", from, now);
  g_autofree char *north = found (f, token, north_filter);
  g_autofree char *east = found (f, token, "\"plate\": \"*1*\", \"direction\": \"e\", \"order\": \"plate\"");
  g_autofree char *south = found (f, token, "\"plate\": \"*1*\", \"direction\": \"S\", \"order\": \"plate\"");
  g_autofree char *north_west = found (f, token, "\"plate\": \"*1*\", \"direction\": \"NW\"");

  /* within 22.5° either side: 0° and 10° are north, 45° is not */
  g_assert_cmpstr (north, ==, "7ABC123,8DEF456");
  g_assert_cmpstr (east, ==, "5K12XYZ,7ABC123");
  g_assert_cmpstr (south, ==, "6TRK123,7ABC123");
  g_assert_cmpstr (north_west, ==, "7XYZ123");
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *newest = found (f, token, "\"plate\": \"7*\"");
  g_autofree char *oldest = found (f, token, "\"plate\": \"7*\", \"order\": \"oldest\"");
  g_autoptr(Response) by_camera = search (f, token, "\"plate\": \"7ABC*\", \"order\": \"camera\"");
  JsonArray *results = results_of (by_camera);
  GString *cameras = g_string_new (NULL);
  g_autofree char *camera_order = NULL;
  g_autoptr(Response) bad = post_search (f, "/searches", token, GATE ", \"plate\": \"7*\", \"order\": \"random\"");

  g_assert_cmpstr (newest, ==, "7QC1Z3,7ABC123,7ABC123,7XYZ123,7A8C128,7ABC128,7ABC123");
  g_assert_cmpstr (oldest, ==, "7ABC123,7ABC128,7A8C128,7XYZ123,7ABC123,7ABC123,7QC1Z3");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *read = json_array_get_object_element (results, i);

      g_string_append_printf (cameras, "%s%s %s", i > 0 ? "," : "",
                              json_object_get_string_member (json_object_get_object_member (read, "camera"), "name"),
                              json_object_get_string_member (read, "plate"));
    }
  camera_order = g_string_free (cameras, FALSE);
  /* by camera name, newest first at each */
  g_assert_cmpstr (camera_order, ==, "Broadway & 14th St 7ABC128,Broadway & 14th St 7ABC123,Fruitvale 7ABC123,"
                                     "Lake Merritt 7ABC123");
  assert_refused (f, bad, 400, "invalid_request", OFFICER_USER);
}

static void
test_hit_flag (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) hit = search (f, token, "\"plate\": \"7XYZ123\"");
  g_autoptr(Response) others = search (f, token, "\"plate\": \"7ABC*\"");
  JsonArray *results = results_of (others);

  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results_of (hit), 0), "hit"));
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (results, i), "hit"));
}

/* Results ---------------------------------------------------------------------- */

/* The map's points are the results' reads, newest first, without plates. */
static void
test_points (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autoptr(Response) found = search (f, token, "\"plate\": \"7ABC*\", \"limit\": 10");
  gint64 id = json_object_get_int_member (found->body, "search_id");
  g_autofree char *path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/points", id);
  g_autofree char *bad_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/points?limit=3", id);
  JsonArray *results = results_of (found);
  g_autoptr(Response) points = NULL;
  g_autoptr(Response) others = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(GArray) decoded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 records;

  /* a later read is not among them: the points are the search's */
  post_read (f, BROADWAY_TOKEN, "7ABC999", "CA", -100, 0, NULL);
  records = db_count (f, "SELECT count (*) FROM audit_log");

  points = api_request (f, "GET", path, token, NULL);
  g_assert_cmpuint (points->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (points->headers, NULL), ==, SL_READ_POINTS_CONTENT_TYPE);
  decoded = sl_read_points_decode (points->bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->len, ==, json_array_get_length (results));

  for (guint i = 0; i < decoded->len; i++)
    {
      const SlReadPoint *point = &g_array_index (decoded, SlReadPoint, i);
      JsonObject *read = json_array_get_object_element (results, i);
      gint64 captured_us = 0;

      g_assert_cmpint (point->id, ==, json_object_get_int_member (read, "id"));
      g_assert_true (sl_clock_parse_iso8601 (json_object_get_string_member (read, "captured_at"), &captured_us, NULL));
      g_assert_cmpint (point->captured_us, ==, captured_us);
      g_assert_cmpfloat_with_epsilon (point->lat, json_object_get_double_member (read, "lat"), 1e-6);
      g_assert_cmpfloat_with_epsilon (point->lon, json_object_get_double_member (read, "lon"), 1e-6);
      g_assert_cmpint (point->camera_id, ==,
                       json_object_get_int_member (json_object_get_object_member (read, "camera"), "id"));
      g_assert_cmpint ((point->flags & SL_READ_POINT_HIT) != 0, ==, json_object_get_boolean_member (read, "hit"));
      if (i > 0)
        g_assert_cmpint (point->captured_us, <=, g_array_index (decoded, SlReadPoint, i - 1).captured_us);
    }

  /* drawing the map writes no record: the search's covers it */
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM audit_log"), ==, records);

  others = api_request (f, "GET", path, other, NULL);
  g_assert_cmpuint (others->status, ==, 404);
  bad = api_request (f, "GET", bad_path, token, NULL);
  assert_api_error (bad, 400, "invalid_request");
}

static void
test_paging_frozen (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) first = search (f, token, "\"plate\": \"7ABC*\", \"limit\": 2");
  gint64 id = json_object_get_int_member (first->body, "search_id");
  g_autofree char *page_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results?offset=2&limit=2", id);
  g_autofree char *all_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results?offset=0&limit=10&order=oldest", id);
  g_autofree char *beyond_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results?offset=40", id);
  g_autofree char *bad_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results?limit=501", id);
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) all = NULL;
  g_autoptr(Response) beyond = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) again = NULL;
  g_autofree char *first_plates = plates_of (results_of (first));
  g_autofree char *second_plates = NULL;
  g_autofree char *all_plates = NULL;
  gint64 records;

  g_assert_cmpint (json_object_get_int_member (first->body, "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (first->body, "next_offset"), ==, 2);
  g_assert_cmpstr (first_plates, ==, "7ABC123,7ABC123");

  /* a read that comes after the search is not among its results */
  post_read (f, BROADWAY_TOKEN, "7ABC999", "CA", -100, 0, NULL);
  records = db_count (f, "SELECT count (*) FROM audit_log");

  second = api_request (f, "GET", page_path, token, NULL);
  g_assert_cmpuint (second->status, ==, 200);
  second_plates = plates_of (results_of (second));
  g_assert_cmpstr (second_plates, ==, "7ABC128,7ABC123");
  g_assert_cmpint (json_object_get_int_member (second->body, "offset"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (second->body, "total"), ==, 4);
  g_assert_true (json_object_get_null_member (second->body, "next_offset"));

  all = api_request (f, "GET", all_path, token, NULL);
  all_plates = plates_of (results_of (all));
  g_assert_cmpstr (all_plates, ==, "7ABC123,7ABC128,7ABC123,7ABC123");

  beyond = api_request (f, "GET", beyond_path, token, NULL);
  g_assert_cmpuint (beyond->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (results_of (beyond)), ==, 0);
  bad = api_request (f, "GET", bad_path, token, NULL);
  assert_api_error (bad, 400, "invalid_request");

  /* paging writes no record */
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM audit_log"), ==, records);

  /* a new search sees it */
  again = search (f, token, "\"plate\": \"7ABC*\"");
  g_assert_cmpint (json_object_get_int_member (again->body, "total"), ==, 5);
}

static void
test_results_owner_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *owner = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) made = search (f, owner, "\"plate\": \"7ABC123\"");
  gint64 id = json_object_get_int_member (made->body, "search_id");
  g_autofree char *results_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results", id);
  g_autofree char *search_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT, id);
  g_autoptr(Response) others_results = api_request (f, "GET", results_path, other, NULL);
  g_autoptr(Response) others_search = api_request (f, "GET", search_path, other, NULL);
  g_autoptr(Response) auditors_results = api_request (f, "GET", results_path, auditor, NULL);
  g_autoptr(Response) auditors_search = api_request (f, "GET", search_path, auditor, NULL);
  g_autoptr(Response) owners = api_request (f, "GET", results_path, owner, NULL);
  g_autoptr(Response) missing = api_request (f, "GET", "/searches/999/results", owner, NULL);
  g_autoptr(SlAuditRecord) view = NULL;

  assert_api_error (others_results, 404, "not_found");
  assert_api_error (others_search, 404, "not_found");
  assert_api_error (auditors_results, 404, "not_found");
  assert_api_error (missing, 404, "not_found");
  g_assert_cmpuint (owners->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (owners->body, "total"), ==, 3);

  /* auditors read the search as recorded, and that is logged */
  g_assert_cmpuint (auditors_search->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (auditors_search->body, "username"), ==, OFFICER_USER);
  view = last_record (f, "search.view");
  g_assert_nonnull (view);
  g_assert_cmpstr (view->username, ==, AUDITOR_USER);
}

static void
test_search_record (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *from = iso (-7200);
  g_autofree char *to = iso (0);
  g_autofree char *filters = g_strdup_printf ("\"plate\": \"7abc 12?\", \"region\": \"ca\", \"from\": \"%s\", \"to\": \"%s\","
                                              " \"area\": {\"lat\": 37.79, \"lon\": -122.25, \"radius_m\": 5000},"
                                              " \"direction\": \"n\", \"order\": \"oldest\", \"limit\": 50", from, to);
  g_autoptr(Response) made = search (f, token, filters);
  gint64 id = json_object_get_int_member (made->body, "search_id");
  g_autofree char *path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT, id);
  g_autoptr(Response) kept = api_request (f, "GET", path, token, NULL);
  g_autoptr(SlAuditRecord) record = last_record (f, "search.plate");
  g_autoptr(JsonObject) logged = record_data (record);
  JsonObject *kept_filters;
  JsonObject *logged_filters;

  g_assert_cmpint (json_object_get_int_member (made->body, "total"), ==, 1);
  g_assert_cmpuint (kept->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (kept->body, "search_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (kept->body, "username"), ==, OFFICER_USER);
  g_assert_cmpstr (json_object_get_string_member (kept->body, "case_number"), ==, "26-004711");
  g_assert_cmpstr (json_object_get_string_member (kept->body, "purpose_code"), ==, "stolen_vehicle");
  g_assert_cmpstr (json_object_get_string_member (kept->body, "purpose_note"), ==, "Grey Civic taken at gunpoint on 14th St");
  g_assert_cmpint (json_object_get_int_member (kept->body, "total"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (kept->body, "created_at"));
  kept_filters = json_object_get_object_member (kept->body, "filters");
  g_assert_cmpstr (json_object_get_string_member (kept_filters, "plate"), ==, "7ABC12?");
  g_assert_cmpstr (json_object_get_string_member (kept_filters, "region"), ==, "CA");
  g_assert_cmpstr (json_object_get_string_member (kept_filters, "direction"), ==, "N");
  g_assert_cmpstr (json_object_get_string_member (kept_filters, "from"), ==, from);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (kept_filters, "area"), "radius_m"), ==, 5000);

  /* one record with everything: who, case, purpose, note, plate, filters, count */
  g_assert_cmpint (count_records (f, "search.plate", OFFICER_USER, "ok"), ==, 1);
  g_assert_cmpstr (record->case_number, ==, "26-004711");
  g_assert_cmpstr (record->purpose_code, ==, "stolen_vehicle");
  g_assert_cmpstr (record->purpose_note, ==, "Grey Civic taken at gunpoint on 14th St");
  g_assert_cmpstr (record->plate, ==, "7ABC12?");
  g_assert_cmpstr (record->role, ==, "officer");
  g_assert_cmpint (record->result_count, ==, 1);
  g_assert_cmpint (json_object_get_int_member (logged, "search_id"), ==, id);
  logged_filters = json_object_get_object_member (logged, "filters");
  g_assert_cmpstr (json_object_get_string_member (logged_filters, "order"), ==, "oldest");
  g_assert_cmpstr (json_object_get_string_member (logged_filters, "to"), ==, to);
  g_assert_true (json_object_has_member (logged_filters, "area"));
  g_assert_false (json_object_has_member (logged_filters, "limit"));
}

/* Tracks and places --------------------------------------------------------------- */

/* A plate read in Oakland and in Los Angeles ten minutes apart is a possible
 * clone; a read of it on another vehicle, a possible switch: leads only. */
static void
test_track_leads (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) quiet = NULL;
  g_autoptr(Response) track = NULL;
  JsonArray *leads;
  JsonObject *lead;

  /* 7ABC123's own reads, across Oakland within the hour, raise nothing */
  quiet = post_search (f, "/tracks", token, GATE ", \"plate\": \"7ABC123\"");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (quiet->body, "leads")), ==, 0);

  add_camera (f, "Los Angeles, 5th & Main", "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4",
              34.0470, -118.2480);
  post_read (f, "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", "7ABC123", "CA", -3000, 0,
             "\"vehicle\": {\"make\": \"Toyota\", \"color\": \"blue\", \"type\": \"sedan\"}");
  post_read (f, LAKE_TOKEN, "7ABC123", "CA", -1200, 90,
             "\"vehicle\": {\"make\": \"Honda\", \"color\": \"silver\", \"type\": \"sedan\"}");
  post_read (f, FRUITVALE_TOKEN, "7ABC123", "CA", -300, 90,
             "\"vehicle\": {\"make\": \"Honda\", \"color\": \"silver\", \"type\": \"sedan\"}");

  track = post_search (f, "/tracks", token, GATE ", \"plate\": \"7ABC123\"");
  g_assert_cmpuint (track->status, ==, 201);
  leads = json_object_get_array_member (track->body, "leads");
  g_assert_cmpuint (json_array_get_length (leads), >=, 2);

  /* Broadway at −60 min, Los Angeles at −50: about 550 km in ten minutes */
  lead = json_array_get_object_element (leads, 0);
  g_assert_cmpstr (json_object_get_string_member (lead, "kind"), ==, "possible_clone");
  g_assert_cmpfloat (json_object_get_double_member (lead, "distance_km"), >, 500);
  g_assert_cmpint (json_object_get_int_member (lead, "speed_kmh"), >, 200);

  /* the blue Toyota among silver Hondas */
  for (guint i = 0; i < json_array_get_length (leads); i++)
    {
      lead = json_array_get_object_element (leads, i);
      if (g_str_equal (json_object_get_string_member (lead, "kind"), "possible_switch"))
        break;
      lead = NULL;
    }
  g_assert_nonnull (lead);
  g_assert_cmpstr (json_object_get_string_member (lead, "usual"), ==, "silver honda");
  g_assert_cmpstr (json_object_get_string_member (lead, "seen"), ==, "blue toyota");

  /* leads are not alerts */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM alerts WHERE matched_plate = '7ABC123'"), ==, 0);
}

/* The results as a package for booking into evidence: reads, images, the
 * chain-of-custody sheet and a manifest that verifies; logged with its hash. */
static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autoptr(Response) search = post_search (f, "/searches", token, GATE ", \"plate\": \"7ABC123\"");
  g_autofree char *path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/evidence.zip",
                                           json_object_get_int_member (search->body, "search_id"));
  g_autoptr(Response) package = api_request (f, "GET", path, token, NULL);
  g_autoptr(Response) not_theirs = api_request (f, "GET", path, other, NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *sha = NULL;
  GBytes *sheet;

  g_assert_cmpuint (package->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (package->headers, NULL), ==, "application/zip");
  entries = unzip_stored (package->bytes);
  manifest = verified_manifest (entries);
  g_assert_cmpint (json_object_get_int_member (manifest, "reads"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (manifest, "images"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (manifest, "case_number"), ==, "26-004711");
  sheet = g_hash_table_lookup (entries, "chain-of-custody.pdf");
  g_assert_nonnull (sheet);
  g_assert_true (memcmp (g_bytes_get_data (sheet, NULL), "%PDF-", 5) == 0);

  /* logged with the package's hash, before it left */
  record = last_record (f, "evidence.export");
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, package->bytes);
  g_assert_nonnull (strstr (record->data, sha));
  g_assert_cmpint (record->result_count, ==, 3);
  g_assert_cmpstr (record->case_number, ==, "26-004711");

  /* a search is its maker's */
  g_assert_cmpuint (not_theirs->status, !=, 200);
}

static void
test_track (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) track = post_search (f, "/tracks", token, GATE ", \"plate\": \"7ABC123\"");
  g_autoptr(Response) pattern = post_search (f, "/tracks", token, GATE ", \"plate\": \"7ABC*\"");
  g_autoptr(Response) no_plate = post_search (f, "/tracks", token, GATE);
  g_autoptr(SlAuditRecord) record = NULL;
  JsonArray *reads;
  GString *where = g_string_new (NULL);
  g_autofree char *route = NULL;
  g_autofree char *results_path = NULL;
  g_autoptr(Response) results = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpuint (track->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (track->body, "plate"), ==, "7ABC123");
  reads = json_object_get_array_member (track->body, "reads");
  for (guint i = 0; i < json_array_get_length (reads); i++)
    g_string_append_printf (where, "%s%s", i > 0 ? " → " : "",
                            json_object_get_string_member (json_object_get_object_member (
                              json_array_get_object_element (reads, i), "camera"), "name"));
  route = g_string_free (where, FALSE);
  /* in time order, oldest first */
  g_assert_cmpstr (route, ==, "Broadway & 14th St → Lake Merritt → Fruitvale");

  record = last_record (f, "search.track");
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  g_assert_cmpint (record->result_count, ==, 3);
  g_assert_cmpstr (record->case_number, ==, "26-004711");

  /* its results page like a search's */
  results_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results",
                                  json_object_get_int_member (track->body, "search_id"));
  results = api_request (f, "GET", results_path, token, NULL);
  g_assert_cmpuint (results->status, ==, 200);
  again = plates_of (results_of (results));
  g_assert_cmpstr (again, ==, "7ABC123,7ABC123,7ABC123");

  assert_refused (f, pattern, 400, "invalid_request", OFFICER_USER);
  assert_refused (f, no_plate, 400, "invalid_request", OFFICER_USER);
}

static char *
place (double lat,
       double lon,
       gint64 from_s,
       gint64 to_s)
{
  g_autofree char *from = iso (from_s);
  g_autofree char *to = iso (to_s);

  return g_strdup_printf ("{\"area\": {\"lat\": %f, \"lon\": %f, \"radius_m\": 300}, \"from\": \"%s\", \"to\": \"%s\"}",
                          lat, lon, from, to);
}

static void
test_multi_place (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *broadway = place (BROADWAY_LAT, BROADWAY_LON, -4000, 0);
  g_autofree char *fruitvale = place (FRUITVALE_LAT, FRUITVALE_LON, -4000, 0);
  g_autofree char *lake = place (LAKE_LAT, LAKE_LON, -4000, 0);
  g_autofree char *day_long = place (LAKE_LAT, LAKE_LON, -90000, 0);
  g_autofree char *two = g_strdup_printf (GATE ", \"places\": [%s, %s]", broadway, fruitvale);
  g_autofree char *three = g_strdup_printf (GATE ", \"places\": [%s, %s, %s]", broadway, lake, fruitvale);
  g_autofree char *one = g_strdup_printf (GATE ", \"places\": [%s]", broadway);
  g_autofree char *too_long = g_strdup_printf (GATE ", \"places\": [%s, %s]", broadway, day_long);
  g_autoptr(Response) both = post_search (f, "/searches/multi-place", token, two);
  g_autoptr(Response) all = post_search (f, "/searches/multi-place", token, three);
  g_autoptr(Response) single = NULL;
  g_autoptr(Response) longer = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(Response) results = NULL;
  g_autofree char *results_path = NULL;
  g_autofree char *result_plates = NULL;
  JsonArray *plates;
  JsonObject *plate;

  g_assert_cmpuint (both->status, ==, 201);
  plates = json_object_get_array_member (both->body, "plates");
  g_assert_cmpuint (json_array_get_length (plates), ==, 1);
  plate = json_array_get_object_element (plates, 0);
  g_assert_cmpstr (json_object_get_string_member (plate, "plate"), ==, "7ABC123");
  g_assert_cmpstr (json_object_get_string_member (plate, "region"), ==, "CA");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plate, "places")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plate, "reads")), ==, 2);

  g_assert_cmpuint (all->status, ==, 201);
  plates = json_object_get_array_member (all->body, "plates");
  g_assert_cmpuint (json_array_get_length (plates), ==, 1);
  plate = json_array_get_object_element (plates, 0);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (plate, "places"), 2), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plate, "reads")), ==, 3);

  record = last_record (f, "search.multi_place");
  g_assert_cmpint (record->result_count, ==, 1);
  g_assert_nonnull (strstr (record->data, "\"places\""));
  g_assert_cmpint (count_records (f, "search.multi_place", OFFICER_USER, "ok"), ==, 2);

  /* the reads of the plates found, in the places */
  results_path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results",
                                  json_object_get_int_member (all->body, "search_id"));
  results = api_request (f, "GET", results_path, token, NULL);
  g_assert_cmpuint (results->status, ==, 200);
  result_plates = plates_of (results_of (results));
  g_assert_cmpstr (result_plates, ==, "7ABC123,7ABC123,7ABC123");

  single = post_search (f, "/searches/multi-place", token, one);
  assert_refused (f, single, 400, "invalid_request", OFFICER_USER);
  longer = post_search (f, "/searches/multi-place", token, too_long);
  assert_refused (f, longer, 422, "search_too_broad", OFFICER_USER);
}

/* Exports and images ----------------------------------------------------------- */

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autoptr(Response) made = search (f, token, "\"plate\": \"7*\", \"direction\": \"NW\"");
  gint64 id = json_object_get_int_member (made->body, "search_id");
  g_autofree char *path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/export.csv", id);
  g_autoptr(Response) csv = api_request (f, "GET", path, token, NULL);
  g_autoptr(Response) others = api_request (f, "GET", path, other, NULL);
  g_autoptr(SlAuditRecord) record = last_record (f, "search.export");
  g_autoptr(JsonObject) logged = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *captured = iso (-2000);

  g_assert_cmpuint (csv->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (csv->headers, NULL), "text/csv"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (csv->headers, "Content-Disposition"), ".csv"));
  lines = g_strsplit (csv->text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "time,plate,region,camera,lat,lon,heading,confidence,vehicle,hit");
  g_assert_true (g_str_has_prefix (lines[1], captured));
  g_assert_nonnull (strstr (lines[1], ",7XYZ123,CA,Broadway & 14th St,37.804400,-122.271200,315,91.0,,true"));
  g_assert_cmpstr (lines[2], ==, "");

  assert_api_error (others, 404, "not_found");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, OFFICER_USER);
  g_assert_cmpstr (record->case_number, ==, "26-004711");
  g_assert_cmpint (record->result_count, ==, 1);
  logged = record_data (record);
  g_assert_cmpint (json_object_get_int_member (logged, "search_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (logged, "format"), ==, "csv");
  g_assert_cmpint (count_records (f, "search.export", NULL, NULL), ==, 1);
}

static void
test_export_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *untrained = login_token (f, UNTRAINED_USER, UNTRAINED_PASSWORD);
  g_autoptr(Response) made = search (f, token, "\"plate\": \"7ABC123\", \"tolerance\": 1");
  gint64 id = json_object_get_int_member (made->body, "search_id");
  g_autofree char *path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/export.pdf", id);
  g_autoptr(Response) pdf = api_request (f, "GET", path, token, NULL);
  g_autoptr(Response) refused = api_request (f, "GET", path, untrained, NULL);
  g_autoptr(SlAuditRecord) record = last_record (f, "search.export");
  g_autoptr(JsonObject) logged = record_data (record);

  g_assert_cmpuint (pdf->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (pdf->headers, NULL), ==, "application/pdf");
  g_assert_true (g_str_has_prefix (pdf->text, "%PDF-"));
  g_assert_cmpint (soup_message_headers_get_content_length (pdf->headers), >, 1000);
  g_assert_cmpstr (json_object_get_string_member (logged, "format"), ==, "pdf");
  g_assert_cmpint (json_object_get_int_member (logged, "search_id"), ==, id);
  g_assert_cmpint (record->result_count, ==, 4);
  g_assert_cmpstr (record->purpose_code, ==, "stolen_vehicle");
  /* another's search is not there for the untrained either */
  assert_api_error (refused, 404, "not_found");
}

static void
test_image_with_search (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autoptr(Response) made = search (f, token, "\"plate\": \"7ABC1?3\"");
  gint64 id = json_object_get_int_member (made->body, "search_id");
  gint64 with_image = read_id_of (f, "7ABC123", -3600);
  gint64 elsewhere = read_id_of (f, "7XYZ123", -2000);
  g_autofree char *path = g_strdup_printf ("/reads/%" G_GINT64_FORMAT "/images/plate?search_id=%" G_GINT64_FORMAT,
                                           with_image, id);
  g_autofree char *outside = g_strdup_printf ("/reads/%" G_GINT64_FORMAT "/images/plate?search_id=%" G_GINT64_FORMAT,
                                              elsewhere, id);
  g_autofree char *bare = g_strdup_printf ("/reads/%" G_GINT64_FORMAT "/images/plate", with_image);
  g_autoptr(Response) image = api_request (f, "GET", path, token, NULL);
  g_autoptr(Response) not_in_search = api_request (f, "GET", outside, token, NULL);
  g_autoptr(Response) others = api_request (f, "GET", path, other, NULL);
  g_autoptr(Response) without = api_request (f, "GET", bare, token, NULL);
  g_autoptr(SlAuditRecord) record = last_record (f, "image.view");
  g_autoptr(JsonObject) logged = NULL;

  g_assert_cmpuint (image->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (image->headers, NULL), ==, "image/png");
  g_assert_true (g_str_has_prefix (image->text, "\x89PNG"));
  assert_api_error (not_in_search, 404, "not_found");
  assert_api_error (others, 404, "not_found");
  /* without a search, a read that raised no alert shows no image */
  assert_api_error (without, 404, "not_found");

  /* the view is on record with the search's case and purpose */
  g_assert_cmpint (count_records (f, "image.view", OFFICER_USER, "ok"), ==, 1);
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  g_assert_cmpstr (record->case_number, ==, "26-004711");
  g_assert_cmpstr (record->purpose_code, ==, "stolen_vehicle");
  logged = record_data (record);
  g_assert_cmpint (json_object_get_int_member (logged, "search_id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (logged, "read_id"), ==, with_image);
}

void
add_search_tests (void)
{
#define ADD(path, func) g_test_add ("/search/" path, Fixture, NULL, search_setup, func, fixture_teardown)
  ADD ("gate/case-number-required", test_case_number_required);
  ADD ("gate/case-number-format", test_case_number_format);
  ADD ("gate/purpose-required-and-authorized", test_purpose_required_and_authorized);
  ADD ("gate/purpose-too-generic", test_purpose_too_generic);
  ADD ("gate/too-broad", test_too_broad);
  ADD ("gate/training-expired", test_training_expired);
  ADD ("gate/auditor-only-in-audit", test_auditor_only_in_audit);
  ADD ("gate/malformed", test_malformed_refused);
  ADD ("gate/tracks-and-places", test_tracks_and_places_gated);
  ADD ("filter/exact", test_exact_plate);
  ADD ("filter/pattern", test_pattern);
  ADD ("filter/tolerant", test_tolerant);
  ADD ("filter/region-and-vehicle", test_region_and_vehicle);
  ADD ("filter/time-and-cameras", test_time_and_cameras);
  ADD ("filter/circle-and-polygon", test_circle_and_polygon);
  ADD ("filter/direction", test_direction);
  ADD ("filter/order", test_order);
  ADD ("filter/hit", test_hit_flag);
  ADD ("results/paging-frozen", test_paging_frozen);
  ADD ("results/owner-only", test_results_owner_only);
  ADD ("results/points", test_points);
  ADD ("record/contents", test_search_record);
  ADD ("track/time-order", test_track);
  ADD ("track/leads", test_track_leads);
  ADD ("export/evidence", test_evidence);
  ADD ("multi-place/intersection", test_multi_place);
  ADD ("export/csv", test_export_csv);
  ADD ("export/pdf", test_export_pdf);
  ADD ("image/with-search", test_image_with_search);
#undef ADD
}
