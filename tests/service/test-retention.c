#define G_LOG_DOMAIN "test-retention"

#include "config.h"

#include <string.h>

#include "sl-server-private.h"
#include "sl-test-harness.h"

/* Retention: the purge by `sightlined purge` across the classes, what it
 * leaves in the files, legal holds that keep and that lapse, the report. */

#define CAMERA_TOKEN "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e"
#define TINY_PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
#define SUPERVISOR_USER     "sam"
#define SUPERVISOR_PASSWORD "Harbor-Lantern-Seven"
/* The demo profile keeps reads 182 days and hits, alerts, entries and sharing records 730. */
#define AS_OF "2026-03-01T12:00:00Z"

static void
add_camera (Fixture *f)
{
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CAMERA_TOKEN, -1);
  g_autoptr(GError) error = NULL;

  camera->name = g_strdup ("Broadway & 14th St");
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8044;
  camera->lon = -122.2712;
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
}

static gint64
post_read (Fixture    *f,
           const char *plate,
           const char *captured_at,
           gboolean    with_image)
{
  g_autofree char *body = g_strdup_printf ("{\"reads\": [{\"plate\": \"%s\", \"region\": \"CA\", \"captured_at\": \"%s\","
                                           " \"confidence\": 91%s}]}", plate, captured_at,
                                           with_image ? ", \"plate_image\": \"" TINY_PNG "\"" : "");
  g_autoptr(Response) response = api_request (f, "POST", "/ingest/native", CAMERA_TOKEN, body);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM reads WHERE plate = '%s'", plate);

  g_assert_cmpuint (response->status, ==, 200);
  return db_count (f, sql);
}

static void
add_alert (Fixture    *f,
           const char *plate)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO alerts (read_id, entry_id, entry, kind, matched_plate, created_us)"
                                          " SELECT id, 1, '{\"plate\": \"%s\"}', 'exact', plate, captured_us"
                                          " FROM reads WHERE plate = '%s'", plate, plate);

  db_exec (f, sql);
}

static RunResult *
purge (Fixture    *f,
       const char *as_of,
       gboolean    dry_run)
{
  return run_sightlined (NULL, "purge", "--db", f->db_path, "--as-of", as_of, dry_run ? "--dry-run" : NULL, NULL);
}

/* The database's files as bytes, to look for what must be gone. */
static GByteArray *
file_bytes (Fixture *f)
{
  const char *suffixes[] = { "", "-wal" };
  GByteArray *bytes = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db_path, suffixes[i], NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &data, &length, NULL))
        g_byte_array_append (bytes, (const guint8 *) data, length);
    }
  return bytes;
}

static gboolean
files_contain (Fixture    *f,
               const char *text)
{
  g_autoptr(GByteArray) bytes = file_bytes (f);
  gsize length = strlen (text);

  for (gsize i = 0; i + length <= bytes->len; i++)
    if (bytes->data[i] == (guint8) text[0] && memcmp (bytes->data + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

static gint64
reads_of (Fixture    *f,
          const char *plate)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM reads WHERE plate = '%s'", plate);

  return db_count (f, sql);
}

static void
test_purge_classes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  JsonObject *counts;
  const char *gone[] = { "4OLD001", "4HIT002", "4EXP001", "4SHR001" };
  const char *kept[] = { "4NEW001", "4HIT001" };
  gint64 reads_before;

  if (!require_sightlined ())
    return;

  add_camera (f);
  post_read (f, "4OLD001", "2025-06-01T10:00:00Z", TRUE);     /* past the reads' 182 days */
  post_read (f, "4NEW001", "2026-02-28T10:00:00Z", TRUE);     /* recent */
  post_read (f, "4HIT001", "2025-06-01T11:00:00Z", TRUE);     /* a hit, kept; its image is not */
  post_read (f, "4HIT002", "2023-01-01T11:00:00Z", FALSE);    /* a hit past the 730 days */
  add_alert (f, "4HIT001");
  add_alert (f, "4HIT002");
  db_exec (f, "INSERT INTO hotlists (name, source, kind, created_us) VALUES ('Old list', 'local', 'specific', 0);"
              "INSERT INTO hotlist_entries (list_id, plate, status, expires_us, created_us)"
              " SELECT id, '4EXP001', 'expired', 1672531200000000, 1640995200000000 FROM hotlists WHERE name = 'Old list';"
              "INSERT INTO hotlist_entries (list_id, plate, status, expires_us, created_us)"
              " SELECT id, '4EXP002', 'active', 1800000000000000, 1640995200000000 FROM hotlists WHERE name = 'Old list';"
              "INSERT INTO sharing_requests (received_us, entered_by, agency_name, agency_type, jurisdiction,"
              " requester_name, requester_contact, purpose, case_number, scope, status, rule, rule_reason,"
              " rule_basis, checks) VALUES (1672531200000000, 'olga', 'Hayward PD', 'law_enforcement',"
              " 'california_local', 'Det. Lopez', 'x', 'Robbery', 'H-1', '{\"plates\": [\"4SHR001\"]}',"
              " 'denied', 'law_enforcement', 'r', 'b', '[]')");
  reads_before = db_count (f, "SELECT COUNT(*) FROM reads");

  /* a dry run tells, and keeps everything */
  {
    g_autoptr(RunResult) run = purge (f, AS_OF, TRUE);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Would purge"));
    g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM reads"), ==, reads_before);
  }

  {
    g_autoptr(RunResult) run = purge (f, AS_OF, FALSE);

    g_assert_cmpint (run->status, ==, 0);
    g_test_message ("%s", run->out);
  }

  /* the alert of 4HIT002 went with the alerts' time, and then its read as a read without a hit */
  g_assert_cmpint (reads_of (f, "4OLD001"), ==, 0);
  g_assert_cmpint (reads_of (f, "4HIT002"), ==, 0);
  g_assert_cmpint (reads_of (f, "4NEW001"), ==, 1);
  g_assert_cmpint (reads_of (f, "4HIT001"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM alerts"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT images FROM reads WHERE plate = '4HIT001'"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM read_images"), ==, 1);   /* 4NEW001's */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM hotlist_entries"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM sharing_requests"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM read_images WHERE read_id NOT IN (SELECT id FROM reads)"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM alerts WHERE read_id NOT IN (SELECT id FROM reads)"), ==, 0);

  /* the counts are in the access log */
  record = last_record (f, "retention.purge");
  g_assert_nonnull (record);
  g_assert_true (g_str_has_prefix (record->username, "console:"));
  logged = sl_json_parse_object (record->data, -1, NULL);
  counts = json_object_get_object_member (logged, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "reads"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "hits"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "alerts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "images"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "hotlist_entries"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "sharing_records"), ==, 1);
  g_assert_cmpint (record->result_count, ==, 6);
  g_assert_cmpint (count_records (f, "retention.purge.dry_run", NULL, "ok"), ==, 1);

  /* what went cannot be read back from the files; what stays can */
  g_clear_pointer (&f->db, sqlite3_close);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_test_message ("looking for %s", gone[i]);
      g_assert_false (files_contain (f, gone[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_true (files_contain (f, kept[i]));

  /* and the chain of the access log is whole */
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);

    g_assert_cmpint (run->status, ==, 0);
  }
}

static Response *
place_hold (Fixture    *f,
            const char *token,
            const char *covers,
            const char *review_at)
{
  g_autofree char *body = g_strdup_printf ("{\"case_number\": \"26-000123\", \"reason\": \"Homicide investigation, "
                                           "evidence of the suspect vehicle\", \"review_at\": \"%s\", %s}",
                                           review_at, covers);

  return api_request (f, "POST", "/holds", token, body);
}

static void
test_holds (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *covers_id = NULL;
  g_autofree char *release_path = NULL;
  g_autofree char *renew_path = NULL;
  gint64 by_id, by_plate;

  if (!require_sightlined ())
    return;

  add_camera (f);
  post_read (f, "4OLD002", "2025-06-01T10:00:00Z", FALSE);
  by_id = post_read (f, "4OLD003", "2025-06-01T10:00:00Z", TRUE);
  post_read (f, "4OLD004", "2025-06-01T10:00:00Z", FALSE);
  post_read (f, "4OLD005", "2025-06-01T10:00:00Z", FALSE);

  /* who may, and what a hold needs */
  {
    g_autoptr(Response) as_officer = place_hold (f, officer, "\"read_ids\": [1]", "2026-06-01T00:00:00Z");
    g_autoptr(Response) no_case = api_request (f, "POST", "/holds", admin,
                                               "{\"reason\": \"Homicide investigation, evidence\","
                                               " \"review_at\": \"2026-06-01T00:00:00Z\", \"read_ids\": [1]}");
    g_autoptr(Response) two_ways = place_hold (f, admin, "\"read_ids\": [1], \"plate\": \"4OLD002\","
                                               " \"from\": \"2025-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"",
                                               "2026-06-01T00:00:00Z");
    g_autoptr(Response) past = place_hold (f, admin, "\"read_ids\": [1]", "2026-01-01T00:00:00Z");

    assert_api_error (as_officer, 403, "forbidden");
    assert_api_error (no_case, 422, "invalid_hold");
    assert_api_error (two_ways, 422, "invalid_hold");
    assert_api_error (past, 422, "invalid_hold");
    g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM holds"), ==, 0);
  }

  covers_id = g_strdup_printf ("\"read_ids\": [%" G_GINT64_FORMAT "]", by_id);
  {
    g_autoptr(Response) r1 = place_hold (f, admin, covers_id, "2027-01-01T00:00:00Z");
    g_autoptr(Response) r2 = place_hold (f, admin, "\"plate\": \"4old002\", \"from\": \"2025-05-01T00:00:00Z\","
                                         " \"to\": \"2025-07-01T00:00:00Z\"", "2027-01-01T00:00:00Z");
    g_autoptr(Response) r3 = place_hold (f, admin, "\"plate\": \"4OLD004\", \"from\": \"2025-05-01T00:00:00Z\","
                                         " \"to\": \"2025-07-01T00:00:00Z\"", "2026-04-01T00:00:00Z");

    g_assert_cmpuint (r1->status, ==, 201);
    g_assert_cmpuint (r2->status, ==, 201);
    g_assert_cmpuint (r3->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (r1->body, "reads"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (r2->body, "reads"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (r2->body, "state"), ==, "in_force");
    by_id = json_object_get_int_member (r1->body, "id");
    by_plate = json_object_get_int_member (r2->body, "id");
    g_assert_cmpint (count_records (f, "hold.create", ADMIN_USER, "ok"), ==, 3);
  }

  /* held reads stay; the one nobody holds goes */
  {
    g_autoptr(RunResult) run = purge (f, AS_OF, FALSE);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Kept by legal holds past their time: 3 reads"));
  }
  g_assert_cmpint (reads_of (f, "4OLD002"), ==, 1);
  g_assert_cmpint (reads_of (f, "4OLD003"), ==, 1);
  g_assert_cmpint (reads_of (f, "4OLD004"), ==, 1);
  g_assert_cmpint (reads_of (f, "4OLD005"), ==, 0);

  /* the purge report names them with their case */
  {
    g_autoptr(Response) report = api_request (f, "GET", "/purges", admin, NULL);
    JsonArray *purges = json_object_get_array_member (report->body, "purges");
    JsonArray *held = json_object_get_array_member (report->body, "held");

    g_assert_cmpuint (report->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (purges), ==, 1);
    g_assert_cmpuint (json_array_get_length (held), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (held, 0), "case_number"), ==,
                     "26-000123");
  }

  /* and exports as a spreadsheet: a line per purge and per hold, logged */
  {
    g_autoptr(Response) csv = api_request (f, "GET", "/purges?format=csv", admin, NULL);
    g_autoptr(Response) bad = api_request (f, "GET", "/purges?format=xlsx", admin, NULL);
    g_autoptr(Response) backwards = api_request (f, "GET", "/purges?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z",
                                                 admin, NULL);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpuint (csv->status, ==, 200);
    lines = g_strsplit (csv->text, "\r\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "kind,at,by,"));
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1 + 3 + 1);
    g_assert_true (g_str_has_prefix (lines[1], "purge,"));
    g_assert_true (g_str_has_prefix (lines[2], "hold,"));
    g_assert_nonnull (strstr (csv->text, "26-000123"));
    g_assert_cmpint (count_records (f, "report.purges", ADMIN_USER, "ok"), ==, 1);
    assert_api_error (bad, 400, "invalid_request");
    assert_api_error (backwards, 400, "invalid_request");
    g_assert_cmpint (count_records (f, "report.purges", ADMIN_USER, "ok"), ==, 1);
  }

  /* a hold not renewed lapses at its review; a released one keeps nothing */
  release_path = g_strdup_printf ("/holds/%" G_GINT64_FORMAT "/release", by_id);
  renew_path = g_strdup_printf ("/holds/%" G_GINT64_FORMAT "/renew", by_plate);
  {
    g_autoptr(Response) released = api_request (f, "POST", release_path, admin,
                                                "{\"reason\": \"The case closed; the evidence was booked\"}");
    g_autoptr(Response) again = api_request (f, "POST", release_path, admin,
                                             "{\"reason\": \"The case closed; the evidence was booked\"}");
    g_autoptr(Response) renewed = api_request (f, "POST", renew_path, admin,
                                               "{\"review_at\": \"2027-02-01T00:00:00Z\"}");

    g_assert_cmpuint (released->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (released->body, "state"), ==, "released");
    assert_api_error (again, 409, "released");
    g_assert_cmpuint (renewed->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (renewed->body, "review_at"), ==, "2027-02-01T00:00:00.000000Z");
  }
  {
    g_autoptr(RunResult) run = purge (f, "2026-05-01T00:00:00Z", FALSE);

    g_assert_cmpint (run->status, ==, 0);
  }
  g_assert_cmpint (reads_of (f, "4OLD002"), ==, 1);   /* renewed */
  g_assert_cmpint (reads_of (f, "4OLD003"), ==, 0);   /* released */
  g_assert_cmpint (reads_of (f, "4OLD004"), ==, 0);   /* lapsed */
}

static void
test_holds_search (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *covers = NULL;
  gint64 search_id;

  if (!require_sightlined ())
    return;

  /* two old reads of the plate, and one of another plate, all past the reads' time */
  add_camera (f);
  post_read (f, "4SRC001", "2025-06-01T10:00:00Z", TRUE);
  post_read (f, "4SRC001", "2025-06-15T10:00:00Z", FALSE);
  post_read (f, "4OTH001", "2025-06-01T10:00:00Z", FALSE);

  {
    g_autoptr(Response) search = api_request (f, "POST", "/searches", officer,
                                              "{\"case_number\": \"26-000123\", \"purpose_code\": \"stolen_vehicle\","
                                              " \"purpose_note\": \"Grey Civic taken at gunpoint on 14th St\","
                                              " \"plate\": \"4SRC001\"}");

    g_assert_cmpuint (search->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (search->body, "total"), ==, 2);
    search_id = json_object_get_int_member (search->body, "search_id");
  }

  /* a read of the plate that arrives after the search is not among its results */
  post_read (f, "4SRC001", "2025-07-01T10:00:00Z", FALSE);
  g_assert_cmpint (reads_of (f, "4SRC001"), ==, 3);

  /* a search that does not exist holds nothing */
  {
    g_autoptr(Response) unknown = place_hold (f, admin, "\"search_id\": 999999", "2027-01-01T00:00:00Z");
    JsonObject *fields;

    assert_api_error (unknown, 422, "invalid_hold");
    fields = json_object_get_object_member (json_object_get_object_member (unknown->body, "error"), "fields");
    g_assert_true (json_object_has_member (fields, "search_id"));
    g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM holds"), ==, 0);
  }

  covers = g_strdup_printf ("\"search_id\": %" G_GINT64_FORMAT, search_id);
  {
    g_autoptr(Response) hold = place_hold (f, admin, covers, "2027-01-01T00:00:00Z");

    g_assert_cmpuint (hold->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (hold->body, "search_id"), ==, search_id);
    g_assert_cmpint (json_object_get_int_member (hold->body, "reads"), ==, 2);
    g_assert_true (json_object_get_null_member (hold->body, "plate"));
    g_assert_cmpstr (json_object_get_string_member (hold->body, "state"), ==, "in_force");
  }
  {
    g_autoptr(SlAuditRecord) record = last_record (f, "hold.create");
    g_autoptr(JsonObject) logged = NULL;

    g_assert_nonnull (record);
    g_assert_cmpstr (record->username, ==, ADMIN_USER);
    g_assert_cmpstr (record->case_number, ==, "26-000123");
    logged = sl_json_parse_object (record->data, -1, NULL);
    g_assert_cmpint (json_object_get_int_member (logged, "search_id"), ==, search_id);
    g_assert_cmpint (json_object_get_int_member (logged, "read_ids"), ==, 2);
  }

  /* the search's results stay; the later read and the other plate go */
  {
    g_autoptr(RunResult) run = purge (f, AS_OF, FALSE);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Kept by legal holds past their time: 2 reads"));
  }
  g_assert_cmpint (reads_of (f, "4SRC001"), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM reads WHERE plate = '4SRC001'"
                                " AND captured_us = 1751364000000000"), ==, 0);   /* 2025-07-01T10:00Z */
  g_assert_cmpint (reads_of (f, "4OTH001"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM read_images"), ==, 1);      /* the held read's image */
}

/* Accounts ------------------------------------------------------------------ */

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static void
test_accounts_inactive (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *as_of = sl_clock_format_iso8601 (TEST_START_US + 100 * DAY_US);
  g_autofree char *admin = NULL;
  g_autoptr(SlAuditRecord) record = NULL;

  if (!require_sightlined ())
    return;

  /* the officer logs in today; the administrator too, and again 100 days later */
  g_free (login_token (f, OFFICER_USER, OFFICER_PASSWORD));
  sl_clock_advance (f->clock, 100 * DAY_US - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);

  {
    g_autoptr(RunResult) run = purge (f, as_of, FALSE);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Accounts disabled after 90 days without a login"));
  }

  /* the officer, unused for 100 days, is disabled, and told so only with the right password */
  {
    g_autoptr(Response) refused = api_login (f, OFFICER_USER, OFFICER_PASSWORD, NULL);
    g_autoptr(Response) wrong = api_login (f, OFFICER_USER, "Not-the-password-9", NULL);

    assert_api_error (refused, 403, "account_disabled");
    assert_api_error (wrong, 401, "invalid_credentials");
  }
  g_assert_cmpint (db_count (f, "SELECT disabled_at_us > 0 FROM users WHERE username = '" ADMIN_USER "'"), ==, 0);
  record = last_record (f, "user.disable");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->data, "\"reason\":\"inactive\""));

  /* the account review says who is disabled, with roles, last login and training */
  {
    g_autoptr(Response) review = api_request (f, "GET", "/users/review", admin, NULL);
    JsonArray *users = json_object_get_array_member (review->body, "users");
    gboolean seen = FALSE;

    g_assert_cmpuint (review->status, ==, 200);
    for (guint i = 0; i < json_array_get_length (users); i++)
      {
        JsonObject *user = json_array_get_object_element (users, i);
        JsonObject *training = json_object_get_object_member (user, "training");

        if (g_str_equal (json_object_get_string_member (user, "username"), OFFICER_USER))
          {
            seen = TRUE;
            g_assert_false (json_object_get_null_member (user, "disabled_at"));
            g_assert_false (json_object_get_null_member (user, "last_login_at"));
            g_assert_cmpstr (json_object_get_string_member (training, "status"), ==, "current");
          }
        if (g_str_equal (json_object_get_string_member (user, "username"), LAPSED_USER))
          g_assert_cmpstr (json_object_get_string_member (training, "status"), ==, "expired");
      }
    g_assert_true (seen);
  }

  /* an administrator enables it again, logged */
  {
    g_autoptr(Response) enabled = api_request (f, "POST", "/users/" OFFICER_USER "/enable", admin, "{}");
    g_autoptr(Response) login = api_login (f, OFFICER_USER, OFFICER_PASSWORD, NULL);

    g_assert_cmpuint (enabled->status, ==, 204);
    g_assert_cmpuint (login->status, ==, 200);
    g_assert_cmpint (count_records (f, "user.enable", ADMIN_USER, "ok"), ==, 1);
  }
}

/* Compliance audits ------------------------------------------------------- */

static JsonArray *
sample_seqs (Response *audit)
{
  return json_object_get_array_member (audit->body, "items");
}

static void
test_compliance_audit (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *auditor = NULL;
  g_autofree char *path = NULL;
  g_autofree char *review_path = NULL;
  g_autofree char *close_path = NULL;
  g_autofree char *memo_path = NULL;
  g_autofree char *again_body = NULL;
  g_autoptr(Response) audit = NULL;
  g_autoptr(Response) again = NULL;
  JsonArray *items;

  /* twelve searches by the officer over two hours, and one the gate refused */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"case_number\": \"26-004711\", \"purpose_code\": \"stolen_vehicle\","
                                               " \"purpose_note\": \"Grey Civic taken at gunpoint on 14th St\","
                                               " \"plate\": \"7ABC%03u\"}", i);
      g_autoptr(Response) search = api_request (f, "POST", "/searches", officer, body);

      g_assert_cmpuint (search->status, ==, 201);
      sl_clock_advance (f->clock, G_GINT64_CONSTANT (600) * G_USEC_PER_SEC);
    }
  {
    g_autoptr(Response) refused = api_request (f, "POST", "/searches", officer, "{\"plate\": \"7ABC123\"}");

    g_assert_cmpuint (refused->status, ==, 422);
  }

  auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);

  /* an officer does not audit */
  {
    g_autoptr(Response) as_officer = api_request (f, "POST", "/compliance-audits", officer, "{}");

    assert_api_error (as_officer, 403, "forbidden");
  }

  audit = api_request (f, "POST", "/compliance-audits", auditor, "{\"seed\": 42}");
  g_assert_cmpuint (audit->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (audit->body, "population"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (audit->body, "sample_size"), ==, 10);
  items = sample_seqs (audit);
  g_assert_cmpuint (json_array_get_length (items), ==, 10);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *search = json_object_get_object_member (json_array_get_object_element (items, i), "search");

      g_assert_cmpstr (json_object_get_string_member (search, "action"), ==, "search.plate");
      g_assert_cmpstr (json_object_get_string_member (search, "case_number"), ==, "26-004711");
    }

  /* the same seed and window draw the same sample */
  again_body = g_strdup_printf ("{\"seed\": 42, \"from\": \"%s\", \"to\": \"%s\"}",
                                json_object_get_string_member (audit->body, "from"),
                                json_object_get_string_member (audit->body, "to"));
  again = api_request (f, "POST", "/compliance-audits", auditor, again_body);
  g_assert_cmpuint (again->status, ==, 201);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "seq"), ==,
                     json_object_get_int_member (json_array_get_object_element (sample_seqs (again), i), "seq"));

  path = g_strdup_printf ("/compliance-audits/%" G_GINT64_FORMAT, json_object_get_int_member (audit->body, "id"));
  review_path = g_strconcat (path, "/review", NULL);
  close_path = g_strconcat (path, "/close", NULL);
  memo_path = g_strconcat (path, "/memo.pdf", NULL);

  {
    g_autoptr(Response) early = api_request (f, "POST", close_path, auditor, "{\"summary\": \"All searches compliant\"}");
    g_autoptr(Response) no_note = api_request (f, "POST", review_path, auditor, "{\"position\": 0, \"compliant\": false}");

    assert_api_error (early, 409, "audit_incomplete");
    assert_api_error (no_note, 422, "invalid_review");
  }
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = i == 0
        ? g_strdup ("{\"position\": 0, \"compliant\": false, \"data_error\": true,"
                    " \"note\": \"The note names no offense that the case number matches\"}")
        : g_strdup_printf ("{\"position\": %u, \"compliant\": true}", i);
      g_autoptr(Response) reviewed = api_request (f, "POST", review_path, auditor, body);

      g_assert_cmpuint (reviewed->status, ==, 200);
    }

  {
    g_autoptr(Response) closed = api_request (f, "POST", close_path, auditor,
                                              "{\"summary\": \"Nine of ten searches were compliant; one note "
                                              "did not state the offense, and the user was retrained\"}");
    g_autoptr(Response) memo = api_request (f, "GET", memo_path, auditor, NULL);
    g_autoptr(Response) late = api_request (f, "POST", review_path, auditor, "{\"position\": 1, \"compliant\": true}");
    g_autoptr(Response) list = api_request (f, "GET", "/compliance-audits", auditor, NULL);
    JsonObject *due;

    g_assert_cmpuint (closed->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (closed->body, "status"), ==, "closed");
    g_assert_cmpint (json_object_get_int_member (closed->body, "reviewed"), ==, 10);
    g_assert_cmpuint (memo->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (memo->headers, NULL), ==, "application/pdf");
    g_assert_true (memcmp (g_bytes_get_data (memo->bytes, NULL), "%PDF-", 5) == 0);
    assert_api_error (late, 409, "audit_closed");

    due = json_object_get_object_member (list->body, "due");
    g_assert_false (json_object_get_boolean_member (due, "overdue"));
    g_assert_cmpint (json_object_get_int_member (due, "cadence_days"), ==, 90);
  }

  /* the same searches as patterns: made at night (the service's zone), one case */
  {
    g_autoptr(Response) anomalies = api_request (f, "GET", "/anomalies", auditor, NULL);
    g_autoptr(Response) as_officer = api_request (f, "GET", "/anomalies", officer, NULL);
    JsonArray *list = json_object_get_array_member (anomalies->body, "anomalies");
    gboolean night = FALSE;

    g_assert_cmpuint (anomalies->status, ==, 200);
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *anomaly = json_array_get_object_element (list, i);

        if (g_str_equal (json_object_get_string_member (anomaly, "kind"), "off_hours") &&
            g_strcmp0 (json_object_get_string_member (anomaly, "username"), OFFICER_USER) == 0)
          night = json_object_get_int_member (anomaly, "count") == 12;
        g_assert_cmpstr (json_object_get_string_member (anomaly, "kind"), !=, "reused_note");
      }
    g_assert_true (night);
    assert_api_error (as_officer, 403, "forbidden");
  }

  g_assert_cmpint (count_records (f, "compliance.audit.create", AUDITOR_USER, "ok"), ==, 2);
  g_assert_cmpint (count_records (f, "compliance.audit.review", AUDITOR_USER, "ok"), ==, 10);
  g_assert_cmpint (count_records (f, "compliance.audit.close", AUDITOR_USER, "ok"), ==, 1);
}

static void
test_compliance_window (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  const char *refused[] = {
    /* from and to the same instant */
    "{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}",
    /* from after to */
    "{\"from\": \"2026-02-15T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}",
    /* only from, after the default to (now) */
    "{\"from\": \"2026-03-01T12:00:01Z\"}",
    /* a window that ends after now */
    "{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-03-02T00:00:00Z\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Response) audit = api_request (f, "POST", "/compliance-audits", auditor, refused[i]);

      g_test_message ("%s", refused[i]);
      assert_api_error (audit, 400, "invalid_request");
      g_assert_nonnull (strstr (error_message (audit), "before"));
    }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM compliance_audits"), ==, 0);
  g_assert_cmpint (count_records (f, "compliance.audit.create", NULL, NULL), ==, 0);

  /* a window that ends now is drawn */
  {
    g_autoptr(Response) audit = api_request (f, "POST", "/compliance-audits", auditor,
                                             "{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-03-01T12:00:00Z\"}");

    g_assert_cmpuint (audit->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (audit->body, "to"), ==, "2026-03-01T12:00:00.000000Z");
  }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM compliance_audits"), ==, 1);
  g_assert_cmpint (count_records (f, "compliance.audit.create", AUDITOR_USER, "ok"), ==, 1);
}

static void
test_compliance_sample (void)
{
  g_autoptr(GArray) population = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) all = NULL;

  for (gint64 seq = 100; seq < 200; seq++)
    g_array_append_val (population, seq);

  first = _sl_compliance_sample (population, 10, 7);
  second = _sl_compliance_sample (population, 10, 7);
  g_assert_cmpuint (first->len, ==, 10);
  g_assert_cmpmem (first->data, first->len * sizeof (gint64), second->data, second->len * sizeof (gint64));
  for (guint i = 1; i < first->len; i++)
    g_assert_cmpint (g_array_index (first, gint64, i - 1), <, g_array_index (first, gint64, i));

  /* a sample larger than the population is all of it */
  all = _sl_compliance_sample (population, 500, 7);
  g_assert_cmpuint (all->len, ==, 100);
}

/* Reports ------------------------------------------------------------------- */

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  const char *range = "from=2026-02-26T00:00:00Z&to=2026-03-02T00:00:00Z";
  g_autofree char *json_path = g_strdup_printf ("/reports/transparency?%s", range);
  g_autofree char *html_path = g_strdup_printf ("/reports/transparency?%s&format=html", range);
  g_autofree char *pdf_path = g_strdup_printf ("/reports/transparency?%s&format=pdf", range);
  g_autofree char *annual_path = g_strdup_printf ("/reports/surveillance?%s", range);

  /* a known dataset: five reads over three days, one a hit whose alert was closed */
  add_camera (f);
  post_read (f, "5RPT001", "2026-02-27T10:00:00Z", FALSE);
  post_read (f, "5RPT002", "2026-02-27T11:00:00Z", FALSE);
  post_read (f, "5RPT003", "2026-02-28T10:00:00Z", FALSE);
  post_read (f, "5RPT004", "2026-03-01T09:00:00Z", FALSE);
  post_read (f, "5RPT005", "2026-03-01T10:00:00Z", FALSE);
  post_read (f, "5OLD009", "2025-12-01T10:00:00Z", FALSE);   /* outside the period */
  add_alert (f, "5RPT004");
  db_exec (f, "UPDATE alerts SET state = 'closed', disposition = 'arrest'");
  {
    g_autoptr(Response) search = api_request (f, "POST", "/searches", officer,
                                              "{\"case_number\": \"26-004711\", \"purpose_code\": \"stolen_vehicle\","
                                              " \"purpose_note\": \"Grey Civic taken at gunpoint on 14th St\","
                                              " \"plate\": \"5RPT001\"}");

    g_assert_cmpuint (search->status, ==, 201);
  }

  {
    g_autoptr(Response) as_officer = api_request (f, "GET", json_path, officer, NULL);

    assert_api_error (as_officer, 403, "forbidden");
  }
  {
    g_autoptr(Response) report = api_request (f, "GET", json_path, admin, NULL);
    JsonArray *dispositions;

    g_assert_cmpuint (report->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (report->body, "cameras"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (report->body, "reads"), ==, 5);
    g_assert_cmpint (json_object_get_int_member (report->body, "hits"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (report->body, "searches"), ==, 1);
    dispositions = json_object_get_array_member (report->body, "dispositions");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (dispositions, 0), "name"), ==,
                     "arrest");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report->body, "retention_days"),
                                                 "reads"), ==, 182);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report->body, "privacy_policy")), ==, 7);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report->body, "prohibited_uses")), >, 0);
  }
  {
    g_autoptr(Response) annual = api_request (f, "GET", annual_path, admin, NULL);
    JsonArray *days = json_object_get_array_member (annual->body, "reads_per_day");

    g_assert_cmpuint (annual->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (days), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0), "name"), ==, "2026-02-27");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, 0), "count"), ==, 2);
  }
  {
    g_autoptr(Response) html = api_request (f, "GET", html_path, admin, NULL);
    g_autoptr(Response) pdf = api_request (f, "GET", pdf_path, admin, NULL);

    g_assert_cmpuint (html->status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (html->headers, NULL), "text/html"));
    g_assert_nonnull (strstr (html->text, "<h2>Usage and privacy policy"));
    g_assert_nonnull (strstr (html->text, "Immigration enforcement"));
    g_assert_cmpuint (pdf->status, ==, 200);
    g_assert_true (memcmp (g_bytes_get_data (pdf->bytes, NULL), "%PDF-", 5) == 0);
  }
  g_assert_cmpint (count_records (f, "report.transparency", ADMIN_USER, "ok"), ==, 3);
}

static void
test_reports_format (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  const char *reports[] = { "transparency", "surveillance" };
  /* an empty format=, like every empty parameter, is no format: the default json */
  const char *formats[] = { "csv", "xml", "docx" };

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (formats); j++)
        {
          g_autofree char *path = g_strdup_printf ("/reports/%s?from=2026-02-26T00:00:00Z&to=2026-03-01T00:00:00Z"
                                                   "&format=%s", reports[i], formats[j]);
          g_autoptr(Response) report = api_request (f, "GET", path, admin, NULL);

          g_test_message ("%s", path);
          assert_api_error (report, 400, "invalid_request");
          g_assert_nonnull (strstr (error_message (report), "json, html or pdf"));
        }
    }
  /* a report refused is not a report made */
  g_assert_cmpint (count_records (f, "report.transparency", NULL, NULL), ==, 0);
  g_assert_cmpint (count_records (f, "report.surveillance", NULL, NULL), ==, 0);

  /* the same request with a format the service writes is answered */
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reports/%s?from=2026-02-26T00:00:00Z&to=2026-03-01T00:00:00Z"
                                               "&format=html", reports[i]);
      g_autoptr(Response) report = api_request (f, "GET", path, admin, NULL);

      g_assert_cmpuint (report->status, ==, 200);
      g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (report->headers, NULL), "text/html"));
    }
  g_assert_cmpint (count_records (f, "report.surveillance", ADMIN_USER, "ok"), ==, 1);
}

void
add_retention_tests (void)
{
#define ADD(name, func) \
  g_test_add ("/service/retention/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("purge/classes", test_purge_classes);
  ADD ("holds", test_holds);
  ADD ("holds/search", test_holds_search);
  ADD ("accounts/inactive", test_accounts_inactive);
  g_test_add ("/service/compliance/audit", Fixture, NULL, fixture_setup, test_compliance_audit, fixture_teardown);
  g_test_add ("/service/compliance/audit/window", Fixture, NULL, fixture_setup, test_compliance_window,
              fixture_teardown);
  g_test_add_func ("/service/compliance/sample", test_compliance_sample);
  g_test_add ("/service/reports/transparency", Fixture, NULL, fixture_setup, test_reports, fixture_teardown);
  g_test_add ("/service/reports/format", Fixture, NULL, fixture_setup, test_reports_format, fixture_teardown);

#undef ADD
}
