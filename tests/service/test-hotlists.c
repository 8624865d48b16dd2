#define G_LOG_DOMAIN "test-hotlists"

#include "config.h"

#include <string.h>

#include "sl-test-harness.h"

/* Entries of specific hot lists over HTTP: proposing, the refusals, two-person
 * approval, versions, renewal, removal, expiry and retro hits. */

#define CAMERA_TOKEN "ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34"

/* Sergeant Sam leads Oscar and Anna; Sergeant Sue leads Tom. */
#define SAM    "sam"
#define SUE    "sue"
#define OSCAR  "oscar"
#define ANNA   "anna"
#define TOM    "tom"
#define RITA   "rita"
#define PASSWORD "Harbor-Lights-Quietly"

typedef struct
{
  Fixture  f;
  gint64   list_id;      /* specific */
  gint64   covert_id;    /* specific, covert */
  gint64   general_id;
} HotlistFixture;

static gint64
add_list (Fixture    *f,
          const char *name,
          const char *kind,
          gboolean    covert)
{
  SlHotlistSpec spec = {
    .name = name, .source = "local", .kind = kind, .priority = 10,
    .alert_level = "high", .covert = covert, .tolerance = 1,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = sl_store_ensure_hotlist (f->store, &spec, TEST_START_US, &error);

  g_assert_no_error (error);
  return id;
}

static void
set_supervisor (Fixture    *f,
                const char *username,
                const char *supervisor)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE users SET supervisor_id = (SELECT id FROM users WHERE username = '%s')"
                                          " WHERE username = '%s'", supervisor, username);

  db_exec (f, sql);
}

static void
hotlist_setup (HotlistFixture *hf,
               gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CAMERA_TOKEN, -1);
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  add_user (f->store, SAM, PASSWORD, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR, "2026-01-15", NULL);
  add_user (f->store, SUE, PASSWORD, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR, "2026-01-15", NULL);
  add_user (f->store, OSCAR, PASSWORD, SL_ROLE_OFFICER, "2026-01-15", NULL);
  add_user (f->store, ANNA, PASSWORD, SL_ROLE_ANALYST, "2026-01-15", NULL);
  add_user (f->store, TOM, PASSWORD, SL_ROLE_OFFICER, "2026-01-15", NULL);
  add_user (f->store, RITA, PASSWORD, SL_ROLE_RECORDS, "2026-01-15", NULL);
  set_supervisor (f, OSCAR, SAM);
  set_supervisor (f, ANNA, SAM);
  set_supervisor (f, TOM, SUE);

  hf->list_id = add_list (f, "Major crimes", "specific", FALSE);
  hf->covert_id = add_list (f, "Narcotics (covert)", "specific", TRUE);
  hf->general_id = add_list (f, "SVS", "general", FALSE);

  camera->name = g_strdup ("Broadway & 14th St");
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8044;
  camera->lon = -122.2712;
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
  g_assert_no_error (error);
}

static void
hotlist_teardown (HotlistFixture *hf,
                  gconstpointer   data)
{
  fixture_teardown (&hf->f, data);
}

static char *
token (Fixture    *f,
       const char *username)
{
  if (g_str_equal (username, ADMIN_USER))
    return login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  if (g_str_equal (username, AUDITOR_USER))
    return login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  return login_token (f, username, PASSWORD);
}

static gint64
now_us (Fixture *f)
{
  return sl_clock_now_us (f->clock);
}

/* An ISO 8601 time @days from the clock's now. */
static char *
days_from_now (Fixture *f,
               double   days)
{
  return sl_clock_format_iso8601 (now_us (f) + (gint64) (days * G_TIME_SPAN_DAY));
}

/* A complete entry for @plate; @extra adds or replaces members ("\"a\": 1"). */
static char *
entry_body (Fixture    *f,
            const char *plate,
            const char *extra)
{
  g_autofree char *expires = days_from_now (f, 30);

  return g_strdup_printf ("{\"plate\": \"%s\", \"region\": \"CA\", \"reason\": \"stolen_vehicle\","
                          " \"case_number\": \"26-000123\", \"synopsis\": \"Taken from a driveway on Elm St\","
                          " \"expires_at\": \"%s\", \"make\": \"Honda\"%s%s}",
                          plate, expires, extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

static Response *
post_entry (Fixture    *f,
            gint64      list_id,
            const char *tok,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/entries", list_id);

  return api_request (f, "POST", path, tok, body);
}

static gint64
create_entry (Fixture    *f,
              gint64      list_id,
              const char *tok,
              const char *plate)
{
  g_autofree char *body = entry_body (f, plate, NULL);
  g_autoptr(Response) response = post_entry (f, list_id, tok, body);

  if (response->status != 201)
    g_test_message ("%s", response->text);
  g_assert_cmpuint (response->status, ==, 201);
  return json_object_get_int_member (response->body, "id");
}

static Response *
entry_action (Fixture    *f,
              gint64      id,
              const char *action,
              const char *tok,
              const char *body)
{
  g_autofree char *path = NULL;

  if (action == NULL)
    path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT, id);
  else
    path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT "/%s", id, action);
  return api_request (f, body != NULL && action == NULL ? "PATCH" : action == NULL ? "GET" : "POST",
                      path, tok, body);
}

static void
approve (Fixture    *f,
         gint64      id,
         const char *tok)
{
  g_autoptr(Response) response = entry_action (f, id, "approve", tok, "{}");

  if (response->status != 200)
    g_test_message ("%s", response->text);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response->body, "status"), ==, "active");
}

/* Posts one read captured @offset_s from the clock's now; returns the alerts it raised. */
static gint64
post_read (Fixture    *f,
           const char *plate,
           gint64      offset_s)
{
  g_autofree char *at = sl_clock_format_iso8601 (now_us (f) + offset_s * G_USEC_PER_SEC);
  g_autofree char *body = g_strdup_printf ("{\"reads\": [{\"plate\": \"%s\", \"region\": \"CA\", \"captured_at\": \"%s\","
                                           " \"confidence\": 92}]}", plate, at);
  g_autoptr(Response) response = api_request (f, "POST", "/ingest/native", CAMERA_TOKEN, body);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response->body, "accepted"), ==, 1);
  sql = g_strdup_printf ("SELECT count (*) FROM alerts a JOIN reads r ON r.id = a.read_id"
                         " WHERE r.plate = '%s' AND r.captured_us = %" G_GINT64_FORMAT,
                         plate, now_us (f) + offset_s * G_USEC_PER_SEC);
  return db_count (f, sql);
}

static JsonObject *
error_fields (Response *response)
{
  JsonObject *error = json_object_get_object_member (response->body, "error");

  g_assert_true (json_object_has_member (error, "fields"));
  return json_object_get_object_member (error, "fields");
}

static JsonObject *
record_data (const SlAuditRecord *record)
{
  g_assert_nonnull (record);
  g_assert_nonnull (record->data);
  return sl_json_parse_object (record->data, -1, NULL);
}

static JsonArray *
versions_of (Fixture    *f,
             gint64      id,
             const char *tok,
             Response  **response)
{
  *response = entry_action (f, id, NULL, tok, NULL);
  g_assert_cmpuint ((*response)->status, ==, 200);
  return json_object_get_array_member ((*response)->body, "versions");
}

/* Proposing ---------------------------------------------------------------- */

static void
test_create_pending (HotlistFixture *hf,
                     gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *body = entry_body (f, "7abc 123", "\"model\": \"Civic\", \"color\": \"silver\"");
  g_autoptr(Response) response = post_entry (f, hf->list_id, oscar, body);
  g_autoptr(Response) got = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) data_object = NULL;
  JsonArray *versions;
  JsonObject *version;
  JsonObject *entry;
  gint64 id;

  g_assert_cmpuint (response->status, ==, 201);
  entry = response->body;
  id = json_object_get_int_member (entry, "id");
  g_assert_cmpstr (json_object_get_string_member (entry, "plate"), ==, "7ABC123");
  g_assert_false (json_object_get_boolean_member (entry, "is_pattern"));
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (entry, "list_name"), ==, "Major crimes");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason_label"), ==, "Stolen vehicle");
  /* the author is the session's user, never a field */
  g_assert_cmpstr (json_object_get_string_member (entry, "entered_by"), ==, OSCAR);
  g_assert_cmpstr (json_object_get_string_member (entry, "entered_by_name"), ==, "Test oscar");
  g_assert_true (json_object_get_null_member (entry, "approved_by"));
  g_assert_true (json_object_get_null_member (entry, "pending_update"));
  g_assert_false (json_object_has_member (entry, "versions"));

  versions = versions_of (f, id, oscar, &got);
  g_assert_cmpuint (json_array_get_length (versions), ==, 1);
  version = json_array_get_object_element (versions, 0);
  g_assert_cmpint (json_object_get_int_member (version, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (version, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (version, "author"), ==, OSCAR);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (version, "fields"), "color"),
                   ==, "silver");

  record = last_record (f, "hotlist.entry.create");
  g_assert_cmpstr (record->username, ==, OSCAR);
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  g_assert_cmpstr (record->case_number, ==, "26-000123");
  g_assert_cmpstr (record->outcome, ==, "ok");
  data_object = record_data (record);
  g_assert_cmpint (json_object_get_int_member (data_object, "entry_id"), ==, id);
  g_assert_cmpint (count_records (f, "hotlist.entry.view", OSCAR, "ok"), ==, 1);

  /* pending never matches */
  g_assert_cmpint (post_read (f, "7ABC123", -10), ==, 0);
}

static void
test_profile_reasons (HotlistFixture *hf,
                      gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autoptr(Response) policy = api_request (f, "GET", "/policy", oscar, NULL);
  g_autofree char *body = entry_body (f, "7ABC123", "\"reason\": \"feather_alert\"");
  g_autoptr(Response) created = NULL;
  JsonArray *reasons;

  g_assert_cmpuint (policy->status, ==, 200);
  reasons = json_object_get_array_member (policy->body, "hotlist_reasons");
  g_assert_nonnull (reasons);
  g_assert_cmpuint (json_array_get_length (reasons), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0), "code"),
                   ==, "stolen_vehicle");

  created = post_entry (f, hf->list_id, oscar, body);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (created->body, "reason_label"), ==, "Feather Alert");
}

static void
test_missing_fields_named (HotlistFixture *hf,
                           gconstpointer   data)
{
  static const char * const required[] = { "plate", "region", "reason", "case_number", "synopsis", "expires_at" };
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autoptr(Response) response = post_entry (f, hf->list_id, oscar, "{}");
  JsonObject *fields;

  assert_api_error (response, 422, "invalid_entry");
  fields = error_fields (response);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_assert_true (json_object_has_member (fields, required[i]));
      g_assert_nonnull (strstr (error_message (response), required[i]));
    }
  g_assert_false (json_object_has_member (fields, "make"));
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries"), ==, 0);
}

static void
test_invalid_fields_named (HotlistFixture *hf,
                           gconstpointer   data)
{
  static const struct
  {
    const char *member;
    const char *extra;
  } cases[] = {
    { "case_number", "\"case_number\": \"ABC\"" },
    { "case_number", "\"case_number\": \"\"" },
    { "reason", "\"reason\": \"looks_suspicious\"" },
    { "region", "\"region\": \"XX\"" },
    { "plate", "\"plate\": \"7AB$123\"" },
    { "plate", "\"plate\": \"*\"" },
    { "synopsis", "\"synopsis\": \"   \"" },
    { "expires_at", "\"expires_at\": \"2026-02-01T00:00:00Z\"" },
    { "expires_at", "\"expires_at\": \"next week\"" },
    { "make", "\"make\": 12" },
  };
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* a later member replaces the default of the same name */
      g_autofree char *body = entry_body (f, "7ABC123", cases[i].extra);
      g_autoptr(Response) response = post_entry (f, hf->list_id, oscar, body);
      JsonObject *fields;

      assert_api_error (response, 422, "invalid_entry");
      fields = error_fields (response);
      g_assert_cmpuint (json_object_get_size (fields), ==, 1);
      if (!json_object_has_member (fields, cases[i].member))
        g_test_message ("%s: %s", cases[i].extra, response->text);
      g_assert_true (json_object_has_member (fields, cases[i].member));
    }

  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries"), ==, 0);
  /* the case-number message shows the agency's format */
  {
    g_autofree char *body = entry_body (f, "7ABC123", "\"case_number\": \"ABC\"");
    g_autoptr(Response) response = post_entry (f, hf->list_id, oscar, body);

    g_assert_nonnull (strstr (json_object_get_string_member (error_fields (response), "case_number"), "26-012345"));
  }
}

static void
test_expiry_cap (HotlistFixture *hf,
                 gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *too_far = days_from_now (f, 100.01);
  g_autofree char *limit = days_from_now (f, 100);
  g_autofree char *extra_far = g_strdup_printf ("\"expires_at\": \"%s\"", too_far);
  g_autofree char *extra_limit = g_strdup_printf ("\"expires_at\": \"%s\"", limit);
  g_autofree char *far_body = entry_body (f, "7ABC123", extra_far);
  g_autofree char *limit_body = entry_body (f, "7ABC123", extra_limit);
  g_autoptr(Response) refused = post_entry (f, hf->list_id, oscar, far_body);
  g_autoptr(Response) accepted = NULL;
  const char *message;

  assert_api_error (refused, 422, "invalid_entry");
  message = json_object_get_string_member (error_fields (refused), "expires_at");
  g_assert_nonnull (strstr (message, "100 days"));

  accepted = post_entry (f, hf->list_id, oscar, limit_body);
  g_assert_cmpuint (accepted->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (accepted->body, "expires_at"), ==, limit);
}

static void
test_unknown_fields_named (HotlistFixture *hf,
                           gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *body = entry_body (f, "7ABC123", "\"name\": \"John Doe\", \"address\": \"1 Elm St\","
                                      " \"date_of_birth\": \"1980-01-01\", \"nickname\": \"JD\"");
  g_autoptr(Response) response = post_entry (f, hf->list_id, oscar, body);
  JsonObject *fields;

  assert_api_error (response, 422, "unknown_fields");
  fields = error_fields (response);
  g_assert_cmpuint (json_object_get_size (fields), ==, 4);
  g_assert_true (json_object_has_member (fields, "name"));
  g_assert_true (json_object_has_member (fields, "address"));
  g_assert_true (json_object_has_member (fields, "date_of_birth"));
  g_assert_true (json_object_has_member (fields, "nickname"));
  g_assert_nonnull (strstr (json_object_get_string_member (fields, "date_of_birth"), "vehicle identifiers only"));
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries"), ==, 0);
  g_assert_cmpint (count_records (f, "hotlist.entry.create", NULL, NULL), ==, 0);
}

static void
test_lists_refused (HotlistFixture *hf,
                    gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *body = entry_body (f, "7ABC123", NULL);
  g_autoptr(Response) general = post_entry (f, hf->general_id, oscar, body);
  g_autoptr(Response) unknown = post_entry (f, 9999, oscar, body);
  g_autoptr(Response) covert_officer = post_entry (f, hf->covert_id, oscar, body);
  g_autoptr(Response) covert_list = NULL;
  g_autoptr(Response) covert_sergeant = NULL;

  assert_api_error (general, 409, "general_list");
  assert_api_error (unknown, 404, "not_found");
  /* a covert list does not exist for an officer */
  assert_api_error (covert_officer, 404, "not_found");
  {
    g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/entries", hf->covert_id);

    covert_list = api_request (f, "GET", path, oscar, NULL);
  }
  assert_api_error (covert_list, 404, "not_found");

  covert_sergeant = post_entry (f, hf->covert_id, sam, body);
  g_assert_cmpuint (covert_sergeant->status, ==, 201);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries"), ==, 1);
}

static void
test_roles_refused (HotlistFixture *hf,
                    gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *anna = token (f, ANNA);
  g_autofree char *auditor = token (f, AUDITOR_USER);
  g_autofree char *rita = token (f, RITA);
  g_autofree char *body = entry_body (f, "7ABC123", NULL);
  g_autoptr(Response) by_analyst = post_entry (f, hf->list_id, anna, body);
  g_autoptr(Response) by_auditor = post_entry (f, hf->list_id, auditor, body);
  g_autoptr(Response) by_records = post_entry (f, hf->list_id, rita, body);
  g_autoptr(Response) list_auditor = api_request (f, "GET", "/hotlists/1/entries", auditor, NULL);
  g_autoptr(Response) get_records = NULL;
  g_autoptr(Response) approvals_records = api_request (f, "GET", "/hotlist-approvals", rita, NULL);
  gint64 id;

  /* analysts propose entries too */
  g_assert_cmpuint (by_analyst->status, ==, 201);
  id = json_object_get_int_member (by_analyst->body, "id");

  assert_api_error (by_auditor, 403, "forbidden");
  assert_api_error (by_records, 403, "forbidden");
  assert_api_error (list_auditor, 403, "forbidden");
  assert_api_error (approvals_records, 403, "forbidden");
  get_records = entry_action (f, id, NULL, rita, NULL);
  assert_api_error (get_records, 403, "forbidden");

  g_assert_cmpint (count_records (f, "hotlist.entry.create", AUDITOR_USER, "denied"), ==, 1);
  g_assert_cmpint (count_records (f, "hotlist.entry.create", RITA, "denied"), ==, 1);
  g_assert_cmpint (count_records (f, "hotlist.entry.view", RITA, "denied"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries"), ==, 1);
}

/* Deciding ------------------------------------------------------------------ */

static void
test_self_approval_refused (HotlistFixture *hf,
                            gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *sam = token (f, SAM);
  g_autofree char *admin = token (f, ADMIN_USER);
  gint64 by_sam = create_entry (f, hf->list_id, sam, "7ABC123");
  gint64 by_admin = create_entry (f, hf->list_id, admin, "8DEF456");
  g_autoptr(Response) sam_self = entry_action (f, by_sam, "approve", sam, "{}");
  g_autoptr(Response) admin_self = entry_action (f, by_admin, "approve", admin, "{}");
  g_autoptr(Response) admin_reject_self = entry_action (f, by_admin, "reject", admin, "{\"reason\": \"Changed my mind\"}");
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *reason = NULL;

  assert_api_error (sam_self, 403, "self_approval");
  /* even the administrator never approves their own entry */
  assert_api_error (admin_self, 403, "self_approval");
  assert_api_error (admin_reject_self, 403, "self_approval");
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries WHERE status = 'pending'"), ==, 2);

  record = last_record (f, "hotlist.entry.approve");
  g_assert_cmpstr (record->outcome, ==, "denied");
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  reason = record_reason (record);
  g_assert_cmpstr (reason, ==, "self_approval");

  /* the administrator approves the sergeant's entry; the administrator's
   * own waits for another administrator, not for a sergeant */
  approve (f, by_sam, admin);
  {
    g_autoptr(Response) sam_other = entry_action (f, by_admin, "approve", sam, "{}");

    assert_api_error (sam_other, 403, "not_your_team");
  }
}

static void
test_other_team_refused (HotlistFixture *hf,
                         gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sue = token (f, SUE);
  g_autofree char *tom = token (f, TOM);
  g_autofree char *anna = token (f, ANNA);
  g_autofree char *auditor = token (f, AUDITOR_USER);
  g_autofree char *sam = token (f, SAM);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) by_sue = entry_action (f, id, "approve", sue, "{}");
  g_autoptr(Response) by_tom = entry_action (f, id, "approve", tom, "{}");
  g_autoptr(Response) by_anna = entry_action (f, id, "reject", anna, "{\"reason\": \"Wrong plate\"}");
  g_autoptr(Response) by_auditor = entry_action (f, id, "approve", auditor, "{}");
  g_autoptr(Response) by_sam = NULL;

  assert_api_error (by_sue, 403, "not_your_team");
  g_assert_nonnull (strstr (error_message (by_sue), SAM));
  /* an officer approves nothing, not even a teammate's */
  assert_api_error (by_tom, 403, "forbidden");
  assert_api_error (by_anna, 403, "forbidden");
  assert_api_error (by_auditor, 403, "forbidden");
  g_assert_cmpint (count_records (f, "hotlist.entry.approve", SUE, "denied"), ==, 1);
  g_assert_cmpint (count_records (f, "hotlist.entry.approve", TOM, "denied"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM hotlist_entries WHERE status = 'pending'"), ==, 1);

  by_sam = entry_action (f, id, "approve", sam, "{\"note\": \"Checked against the report\"}");
  g_assert_cmpuint (by_sam->status, ==, 200);
}

static void
test_approve_activates (HotlistFixture *hf,
                        gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) approved = entry_action (f, id, "approve", sam, "{\"note\": \"Report 26-000123 read\"}");
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) got = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) record_object = NULL;
  g_autofree char *effective = NULL;
  JsonArray *versions;
  JsonObject *version;

  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (approved->body, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (approved->body, "approved_by"), ==, SAM);
  effective = sl_clock_format_iso8601 (now_us (f));
  g_assert_cmpstr (json_object_get_string_member (approved->body, "effective_at"), ==, effective);

  versions = versions_of (f, id, oscar, &got);
  version = json_array_get_object_element (versions, 0);
  g_assert_cmpstr (json_object_get_string_member (version, "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (version, "decided_by"), ==, SAM);
  g_assert_cmpstr (json_object_get_string_member (version, "decision_note"), ==, "Report 26-000123 read");

  record = last_record (f, "hotlist.entry.approve");
  g_assert_cmpstr (record->username, ==, SAM);
  g_assert_cmpstr (record->outcome, ==, "ok");
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  record_object = record_data (record);
  g_assert_cmpint (json_object_get_int_member (record_object, "entry_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (record_object, "author"), ==, OSCAR);

  /* active now: the next read raises an alert */
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 1);

  again = entry_action (f, id, "approve", sam, "{}");
  assert_api_error (again, 409, "nothing_pending");
}

static void
test_reject (HotlistFixture *hf,
             gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) no_reason = entry_action (f, id, "reject", sam, "{}");
  g_autoptr(Response) blank_reason = entry_action (f, id, "reject", sam, "{\"reason\": \"  \"}");
  g_autoptr(Response) rejected = NULL;
  g_autoptr(Response) got = NULL;
  g_autoptr(Response) queue = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *reason = NULL;
  JsonObject *version;

  assert_api_error (no_reason, 422, "reason_required");
  g_assert_true (json_object_has_member (error_fields (no_reason), "reason"));
  assert_api_error (blank_reason, 422, "reason_required");

  rejected = entry_action (f, id, "reject", sam, "{\"reason\": \"No report filed under this case\"}");
  g_assert_cmpuint (rejected->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (rejected->body, "status"), ==, "rejected");

  version = json_array_get_object_element (versions_of (f, id, oscar, &got), 0);
  g_assert_cmpstr (json_object_get_string_member (version, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (version, "decision_note"), ==, "No report filed under this case");

  record = last_record (f, "hotlist.entry.reject");
  g_assert_cmpstr (record->username, ==, SAM);
  reason = record_reason (record);
  g_assert_cmpstr (reason, ==, "No report filed under this case");

  queue = api_request (f, "GET", "/hotlist-approvals", sam, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (queue->body, "approvals")), ==, 0);
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 0);
}

/* Versions ------------------------------------------------------------------ */

static void
test_update_waits_for_approval (HotlistFixture *hf,
                                gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) updated = NULL;
  g_autoptr(Response) approved = NULL;
  g_autoptr(Response) got = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) record_object = NULL;
  JsonObject *pending;
  JsonObject *plate_change;
  JsonArray *changed;
  JsonArray *versions;

  approve (f, id, sam);
  updated = entry_action (f, id, NULL, oscar, "{\"plate\": \"7ABC124\", \"color\": \"blue\"}");
  g_assert_cmpuint (updated->status, ==, 200);

  /* the version in force stays until the update is approved */
  g_assert_cmpstr (json_object_get_string_member (updated->body, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (updated->body, "plate"), ==, "7ABC123");
  pending = json_object_get_object_member (updated->body, "pending_update");
  g_assert_nonnull (pending);
  g_assert_cmpint (json_object_get_int_member (pending, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pending, "fields"), "plate"),
                   ==, "7ABC124");
  changed = json_object_get_array_member (pending, "changed");
  g_assert_cmpuint (json_array_get_length (changed), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (changed, 0), ==, "plate");
  g_assert_cmpstr (json_array_get_string_element (changed, 1), ==, "color");
  g_assert_cmpint (post_read (f, "7ABC123", -5), ==, 1);
  g_assert_cmpint (post_read (f, "7ABC124", -4), ==, 0);

  record = last_record (f, "hotlist.entry.update");
  g_assert_cmpstr (record->username, ==, OSCAR);
  record_object = record_data (record);
  g_assert_cmpint (json_object_get_int_member (record_object, "version"), ==, 2);
  plate_change = json_object_get_object_member (json_object_get_object_member (record_object, "changed"), "plate");
  g_assert_cmpstr (json_object_get_string_member (plate_change, "before"), ==, "7ABC123");
  g_assert_cmpstr (json_object_get_string_member (plate_change, "after"), ==, "7ABC124");

  approved = entry_action (f, id, "approve", sam, "{}");
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (approved->body, "plate"), ==, "7ABC124");
  g_assert_cmpstr (json_object_get_string_member (approved->body, "color"), ==, "blue");
  g_assert_true (json_object_get_null_member (approved->body, "pending_update"));
  g_assert_cmpint (post_read (f, "7ABC124", -3), ==, 1);
  g_assert_cmpint (post_read (f, "7ABC123", -2), ==, 0);

  versions = versions_of (f, id, sam, &got);
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, i), "status"),
                     ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (versions, 0), "fields"), "plate"), ==, "7ABC123");
}

static void
test_update_rejected_keeps_active (HotlistFixture *hf,
                                   gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *tom = token (f, TOM);
  g_autofree char *sue = token (f, SUE);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) by_tom = NULL;
  g_autoptr(Response) by_sue = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) empty = NULL;
  g_autoptr(Response) rejected = NULL;
  g_autoptr(Response) got = NULL;
  JsonArray *versions;

  approve (f, id, sam);

  /* another team's officer and sergeant may not change it */
  by_tom = entry_action (f, id, NULL, tom, "{\"synopsis\": \"Not mine to change\"}");
  assert_api_error (by_tom, 403, "forbidden");
  by_sue = entry_action (f, id, NULL, sue, "{\"synopsis\": \"Not mine to change\"}");
  assert_api_error (by_sue, 403, "forbidden");
  unknown = entry_action (f, id, NULL, oscar, "{\"owner_name\": \"J. Doe\"}");
  assert_api_error (unknown, 422, "unknown_fields");
  empty = entry_action (f, id, NULL, oscar, "{}");
  assert_api_error (empty, 422, "invalid_entry");

  /* a second proposal replaces the first while it waits */
  first = entry_action (f, id, NULL, oscar, "{\"synopsis\": \"Seen near the marina\"}");
  g_assert_cmpuint (first->status, ==, 200);
  second = entry_action (f, id, NULL, sam, "{\"case_number\": \"26-000999\"}");
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second->body, "pending_update"),
                                               "version"), ==, 3);

  /* Sam proposed version 3 himself: the administrator decides it */
  rejected = entry_action (f, id, "reject", sam, "{\"reason\": \"Mine\"}");
  assert_api_error (rejected, 403, "self_approval");
  g_clear_pointer (&rejected, response_free);
  {
    g_autofree char *admin = token (f, ADMIN_USER);

    rejected = entry_action (f, id, "reject", admin, "{\"reason\": \"The case number belongs to another incident\"}");
  }
  g_assert_cmpuint (rejected->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (rejected->body, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (rejected->body, "case_number"), ==, "26-000123");
  g_assert_true (json_object_get_null_member (rejected->body, "pending_update"));

  versions = versions_of (f, id, oscar, &got);
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 1), "decision_note"),
                   ==, "Replaced by version 3");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 2), "status"),
                   ==, "rejected");
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 1);
}

static void
test_renew (HotlistFixture *hf,
            gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *later = days_from_now (f, 60);
  g_autofree char *body = g_strdup_printf ("{\"expires_at\": \"%s\"}", later);
  g_autofree char *too_far_time = days_from_now (f, 120);
  g_autofree char *too_far = g_strdup_printf ("{\"expires_at\": \"%s\"}", too_far_time);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) renewed = NULL;
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) approved = NULL;
  g_autoptr(Response) expired = NULL;
  g_autoptr(Response) patched = NULL;
  JsonArray *changed;

  approve (f, id, sam);

  refused = entry_action (f, id, "renew", oscar, too_far);
  assert_api_error (refused, 422, "invalid_entry");
  g_assert_true (json_object_has_member (error_fields (refused), "expires_at"));

  renewed = entry_action (f, id, "renew", oscar, body);
  g_assert_cmpuint (renewed->status, ==, 200);
  changed = json_object_get_array_member (json_object_get_object_member (renewed->body, "pending_update"), "changed");
  g_assert_cmpuint (json_array_get_length (changed), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (changed, 0), ==, "expires_at");
  g_assert_cmpint (count_records (f, "hotlist.entry.renew", OSCAR, "ok"), ==, 1);

  approved = entry_action (f, id, "approve", sam, "{}");
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (approved->body, "expires_at"), ==, later);

  /* after the expiry it cannot be renewed or changed */
  sl_clock_advance (f->clock, 61 * G_TIME_SPAN_DAY);
  g_free (oscar);
  oscar = token (f, OSCAR);
  g_free (body);
  g_free (later);
  later = days_from_now (f, 10);
  body = g_strdup_printf ("{\"expires_at\": \"%s\"}", later);
  expired = entry_action (f, id, "renew", oscar, body);
  assert_api_error (expired, 409, "expired");
  patched = entry_action (f, id, NULL, oscar, "{\"synopsis\": \"Still wanted\"}");
  assert_api_error (patched, 409, "expired");
}

/* Matching ends ------------------------------------------------------------- */

static void
test_expiry_stops_matching (HotlistFixture *hf,
                            gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = NULL;
  g_autofree char *tomorrow = days_from_now (f, 1);
  g_autofree char *extra = g_strdup_printf ("\"expires_at\": \"%s\"", tomorrow);
  g_autofree char *body = entry_body (f, "7ABC123", extra);
  g_autoptr(Response) created = post_entry (f, hf->list_id, oscar, body);
  g_autoptr(Response) got = NULL;
  g_autoptr(Response) expired_list = NULL;
  g_autoptr(Response) active_list = NULL;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = json_object_get_int_member (created->body, "id");
  sam = token (f, SAM);
  approve (f, id, sam);
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 1);

  sl_clock_advance (f->clock, G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE);
  g_free (oscar);
  oscar = token (f, OSCAR);

  /* at once: no import, no job, the very next read */
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 0);
  got = entry_action (f, id, NULL, oscar, NULL);
  g_assert_cmpstr (json_object_get_string_member (got->body, "status"), ==, "expired");

  expired_list = api_request (f, "GET", "/hotlists/1/entries?status=expired", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (expired_list->body, "total"), ==, 1);
  active_list = api_request (f, "GET", "/hotlists/1/entries?status=active", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (active_list->body, "total"), ==, 0);
}

static void
test_remove (HotlistFixture *hf,
             gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *tom = token (f, TOM);
  gint64 id = create_entry (f, hf->list_id, oscar, "7ABC123");
  g_autoptr(Response) no_reason = NULL;
  g_autoptr(Response) by_tom = NULL;
  g_autoptr(Response) removed = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) update = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *reason = NULL;

  approve (f, id, sam);
  g_assert_cmpint (post_read (f, "7ABC123", -1), ==, 1);

  no_reason = entry_action (f, id, "remove", oscar, "{}");
  assert_api_error (no_reason, 422, "reason_required");
  by_tom = entry_action (f, id, "remove", tom, "{\"reason\": \"Recovered\"}");
  assert_api_error (by_tom, 403, "forbidden");
  g_assert_cmpint (count_records (f, "hotlist.entry.remove", TOM, "denied"), ==, 1);

  removed = entry_action (f, id, "remove", oscar, "{\"reason\": \"Vehicle recovered by Alameda PD\"}");
  g_assert_cmpuint (removed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (removed->body, "status"), ==, "removed");
  g_assert_cmpstr (json_object_get_string_member (removed->body, "removed_by"), ==, OSCAR);

  /* stops matching at once */
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 0);

  again = entry_action (f, id, "remove", sam, "{\"reason\": \"Twice\"}");
  assert_api_error (again, 409, "conflict");
  update = entry_action (f, id, NULL, oscar, "{\"synopsis\": \"Wanted again\"}");
  assert_api_error (update, 409, "conflict");

  record = last_record (f, "hotlist.entry.remove");
  g_assert_cmpstr (record->username, ==, OSCAR);
  g_assert_cmpstr (record->plate, ==, "7ABC123");
  reason = record_reason (record);
  g_assert_cmpstr (reason, ==, "Vehicle recovered by Alameda PD");
}

/* Retro hits ------------------------------------------------------------------ */

static void
test_retro_hits (HotlistFixture *hf,
                 gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = NULL;
  g_autofree char *sam = NULL;
  g_autoptr(Response) alerts = NULL;
  g_autoptr(Response) pattern_alerts = NULL;
  g_autoptr(Response) live_alerts = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) record_object = NULL;
  JsonArray *found;
  JsonObject *alert;
  gint64 id;
  gint64 pattern_id;

  /* read 200 days ago (beyond the 182 days reads are kept) and 2 days ago */
  g_assert_cmpint (post_read (f, "7ABC123", -10), ==, 0);
  sl_clock_advance (f->clock, 198 * G_TIME_SPAN_DAY);
  g_assert_cmpint (post_read (f, "7ABC123", -10), ==, 0);
  g_assert_cmpint (post_read (f, "6XYZ987", -20), ==, 0);
  sl_clock_advance (f->clock, 2 * G_TIME_SPAN_DAY);

  oscar = token (f, OSCAR);
  sam = token (f, SAM);
  id = create_entry (f, hf->list_id, oscar, "7ABC123");
  pattern_id = create_entry (f, hf->list_id, oscar, "6XY*");
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM alerts"), ==, 0);

  approve (f, id, sam);
  alerts = api_request (f, "GET", "/alerts?plate=7abc123", oscar, NULL);
  g_assert_cmpuint (alerts->status, ==, 200);
  found = json_object_get_array_member (alerts->body, "alerts");
  /* the read within retention, not the older one */
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  alert = json_array_get_object_element (found, 0);
  g_assert_true (json_object_get_boolean_member (alert, "retro"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (alert, "entry"), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "match"), "kind"),
                   ==, "exact");

  record = last_record (f, "alert.raised");
  record_object = record_data (record);
  g_assert_true (json_object_get_boolean_member (record_object, "retro"));
  g_assert_cmpint (json_object_get_int_member (record_object, "entry_id"), ==, id);

  approve (f, pattern_id, sam);
  pattern_alerts = api_request (f, "GET", "/alerts?plate=6XYZ987", oscar, NULL);
  found = json_object_get_array_member (pattern_alerts->body, "alerts");
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  alert = json_array_get_object_element (found, 0);
  g_assert_true (json_object_get_boolean_member (alert, "retro"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "match"), "kind"),
                   ==, "pattern");

  /* a live hit afterwards is no retro hit, and no read is hit twice */
  g_assert_cmpint (post_read (f, "7ABC123", 0), ==, 1);
  live_alerts = api_request (f, "GET", "/alerts?plate=7ABC123", oscar, NULL);
  found = json_object_get_array_member (live_alerts->body, "alerts");
  g_assert_cmpuint (json_array_get_length (found), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (found, 0), "retro"));
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM alerts WHERE retro = 1"), ==, 2);
}

/* The queue and the list ----------------------------------------------------- */

static void
test_approval_queue (HotlistFixture *hf,
                     gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *anna = token (f, ANNA);
  g_autofree char *tom = token (f, TOM);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *sue = token (f, SUE);
  g_autofree char *admin = token (f, ADMIN_USER);
  gint64 by_oscar = create_entry (f, hf->list_id, oscar, "7ABC123");
  gint64 by_anna = create_entry (f, hf->list_id, anna, "8DEF456");
  gint64 by_tom = create_entry (f, hf->list_id, tom, "9GHI789");
  gint64 by_sam = create_entry (f, hf->list_id, sam, "1JKL234");
  g_autoptr(Response) updated = NULL;
  g_autoptr(Response) sam_queue = NULL;
  g_autoptr(Response) sue_queue = NULL;
  g_autoptr(Response) admin_queue = NULL;
  g_autoptr(Response) officer_queue = NULL;
  JsonArray *items;
  JsonObject *update;

  approve (f, by_anna, sam);
  updated = entry_action (f, by_anna, NULL, anna, "{\"plate\": \"8DEF457\"}");
  g_assert_cmpuint (updated->status, ==, 200);

  /* Sam: Oscar's new entry and Anna's update, not Tom's nor his own */
  sam_queue = api_request (f, "GET", "/hotlist-approvals", sam, NULL);
  g_assert_cmpuint (sam_queue->status, ==, 200);
  items = json_object_get_array_member (sam_queue->body, "approvals");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (items, 0),
                                                                              "entry"), "id"), ==, by_oscar);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (items, 0), "active"));
  update = json_array_get_object_element (items, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (update, "entry"), "id"), ==, by_anna);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (update, "active"), "fields"), "plate"), ==, "8DEF456");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (update, "version"), "fields"), "plate"), ==, "8DEF457");
  g_assert_cmpint (count_records (f, "hotlist.approvals.list", SAM, "ok"), ==, 1);

  sue_queue = api_request (f, "GET", "/hotlist-approvals", sue, NULL);
  items = json_object_get_array_member (sue_queue->body, "approvals");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (items, 0),
                                                                              "entry"), "id"), ==, by_tom);

  /* the administrator sees everything waiting */
  admin_queue = api_request (f, "GET", "/hotlist-approvals", admin, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (admin_queue->body, "approvals")), ==, 4);
  g_assert_cmpint (by_sam, >, 0);

  officer_queue = api_request (f, "GET", "/hotlist-approvals", oscar, NULL);
  assert_api_error (officer_queue, 403, "forbidden");
}

static void
test_list_entries (HotlistFixture *hf,
                   gconstpointer   data)
{
  Fixture *f = &hf->f;
  g_autofree char *oscar = token (f, OSCAR);
  g_autofree char *sam = token (f, SAM);
  g_autofree char *case_body = entry_body (f, "5MNO111", "\"case_number\": \"26-000777\"");
  g_autoptr(Response) case_entry = post_entry (f, hf->list_id, oscar, case_body);
  g_autoptr(Response) by_plate = NULL;
  g_autoptr(Response) by_prefix = NULL;
  g_autoptr(Response) by_case = NULL;
  g_autoptr(Response) pending = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) last = NULL;
  g_autoptr(Response) bad_order = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  JsonArray *entries;
  gint64 active;

  g_assert_cmpuint (case_entry->status, ==, 201);
  create_entry (f, hf->list_id, oscar, "7ABC123");
  active = create_entry (f, hf->list_id, oscar, "3ZZZ999");
  sl_clock_advance (f->clock, G_TIME_SPAN_MINUTE);
  create_entry (f, hf->list_id, oscar, "7ABD000");
  approve (f, active, sam);

  by_plate = api_request (f, "GET", "/hotlists/1/entries?order=plate", oscar, NULL);
  g_assert_cmpuint (by_plate->status, ==, 200);
  entries = json_object_get_array_member (by_plate->body, "entries");
  g_assert_cmpint (json_object_get_int_member (by_plate->body, "total"), ==, 4);
  g_assert_true (json_object_get_null_member (by_plate->body, "next_offset"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "plate"), ==, "3ZZZ999");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 3), "plate"), ==, "7ABD000");

  by_prefix = api_request (f, "GET", "/hotlists/1/entries?q=7ab", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (by_prefix->body, "total"), ==, 2);
  /* created: newest first */
  entries = json_object_get_array_member (by_prefix->body, "entries");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "plate"), ==, "7ABD000");

  by_case = api_request (f, "GET", "/hotlists/1/entries?q=26-000777", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (by_case->body, "total"), ==, 1);

  pending = api_request (f, "GET", "/hotlists/1/entries?status=pending&order=status", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (pending->body, "total"), ==, 3);

  first = api_request (f, "GET", "/hotlists/1/entries?order=plate&limit=3", oscar, NULL);
  g_assert_cmpint (json_object_get_int_member (first->body, "next_offset"), ==, 3);
  last = api_request (f, "GET", "/hotlists/1/entries?order=plate&limit=3&offset=3", oscar, NULL);
  entries = json_object_get_array_member (last->body, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_true (json_object_get_null_member (last->body, "next_offset"));

  bad_order = api_request (f, "GET", "/hotlists/1/entries?order=colour", oscar, NULL);
  assert_api_error (bad_order, 400, "invalid_request");

  record = last_record (f, "hotlist.entries.list");
  g_assert_cmpstr (record->username, ==, OSCAR);
  g_assert_cmpint (record->result_count, ==, 1);
}

void
add_hotlist_tests (void)
{
#define ADD(path, func) \
  g_test_add ("/service/hotlists/" path, HotlistFixture, NULL, hotlist_setup, func, hotlist_teardown)

  ADD ("entries/create-pending", test_create_pending);
  ADD ("entries/profile-reasons", test_profile_reasons);
  ADD ("entries/missing-fields", test_missing_fields_named);
  ADD ("entries/invalid-fields", test_invalid_fields_named);
  ADD ("entries/expiry-cap", test_expiry_cap);
  ADD ("entries/unknown-fields", test_unknown_fields_named);
  ADD ("entries/lists-refused", test_lists_refused);
  ADD ("entries/roles-refused", test_roles_refused);
  ADD ("entries/list", test_list_entries);
  ADD ("approval/self-refused", test_self_approval_refused);
  ADD ("approval/other-team-refused", test_other_team_refused);
  ADD ("approval/activates", test_approve_activates);
  ADD ("approval/reject", test_reject);
  ADD ("approval/queue", test_approval_queue);
  ADD ("versions/update-waits", test_update_waits_for_approval);
  ADD ("versions/rejected-update", test_update_rejected_keeps_active);
  ADD ("versions/renew", test_renew);
  ADD ("matching/expiry", test_expiry_stops_matching);
  ADD ("matching/remove", test_remove);
  ADD ("matching/retro-hits", test_retro_hits);

#undef ADD
}
