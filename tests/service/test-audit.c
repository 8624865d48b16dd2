#define G_LOG_DOMAIN "test-audit"

#include "config.h"

#include <string.h>

#include "sl-test-harness.h"

/* The access-log pages over HTTP on 127.0.0.1: one's own records for
 * everyone, chain verification and CSV export for auditors, who may do what,
 * and what each of them writes to the log. */

#define OTHER_USER      "otto"
#define OTHER_PASSWORD  "Pebble-Lantern-Quay-8"

#define GATE "\"case_number\": \"26-004711\", \"purpose_code\": \"stolen_vehicle\", " \
             "\"purpose_note\": \"Grey Civic taken at gunpoint on 14th St\""

static void
audit_setup (Fixture       *f,
             gconstpointer  data)
{
  fixture_setup (f, data);
  add_user (f->store, OTHER_USER, OTHER_PASSWORD, SL_ROLE_OFFICER, "2026-01-15", NULL);
}

/* POST /searches for @plate under the gate; asserts it was made. */
static void
search_plate (Fixture    *f,
              const char *token,
              const char *plate)
{
  g_autofree char *body = g_strdup_printf ("{" GATE ", \"plate\": \"%s\"}", plate);
  g_autoptr(Response) response = api_request (f, "POST", "/searches", token, body);

  if (response->status != 201)
    g_test_message ("unexpected answer: %s", response->text);
  g_assert_cmpuint (response->status, ==, 201);
}

static JsonArray *
records_of (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_array_member (response->body, "records");
}

static JsonObject *
find_action (JsonArray  *records,
             const char *action)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0)
        return record;
    }
  return NULL;
}

static JsonObject *
record_data (const SlAuditRecord *record)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = sl_json_parse_object (record->data, -1, &error);

  g_assert_no_error (error);
  return data;
}

/* Drops the store's guards, as someone editing the file would. */
static void
unguard_log (Fixture *f)
{
  db_exec (f, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

/* /audit/mine ------------------------------------------------------------- */

static void
test_mine_holds_own_records_only (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *other = login_token (f, OTHER_USER, OTHER_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) audit = NULL;
  g_autoptr(Response) mine = NULL;
  g_autoptr(Response) searches = NULL;
  g_autoptr(SlAuditRecord) logged = NULL;
  JsonArray *records;
  JsonObject *search;
  gint64 n_own;

  search_plate (f, officer, "7ABC123");
  search_plate (f, other, "8DEF456");
  audit = api_request (f, "GET", "/audit", auditor, NULL);
  g_assert_cmpuint (audit->status, ==, 200);

  n_own = db_count (f, "SELECT count (*) FROM audit_log WHERE username = '" OFFICER_USER "'");
  mine = api_request (f, "GET", "/audit/mine", officer, NULL);
  records = records_of (mine);
  /* the officer's login and search, nobody else's */
  g_assert_cmpint (n_own, >=, 2);
  g_assert_cmpuint (json_array_get_length (records), ==, n_own);
  for (guint i = 0; i < json_array_get_length (records); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, i), "username"),
                     ==, OFFICER_USER);
  search = find_action (records, "search.plate");
  g_assert_nonnull (search);
  g_assert_cmpstr (json_object_get_string_member (search, "plate"), ==, "7ABC123");
  g_assert_cmpstr (json_object_get_string_member (search, "case_number"), ==, "26-004711");
  g_assert_cmpstr (json_object_get_string_member (search, "purpose_code"), ==, "stolen_vehicle");
  g_assert_cmpstr (json_object_get_string_member (search, "purpose_note"), ==, "Grey Civic taken at gunpoint on 14th St");
  g_assert_null (find_action (records, "audit.read"));

  /* Reading one's own log is an access like any other: it is logged. */
  logged = last_record (f, "audit.read_own");
  g_assert_nonnull (logged);
  g_assert_cmpstr (logged->username, ==, OFFICER_USER);
  g_assert_cmpstr (logged->outcome, ==, "ok");
  g_assert_cmpint (logged->result_count, ==, json_array_get_length (records));

  /* The filters narrow, within one's own records. */
  searches = api_request (f, "GET", "/audit/mine?action=search.&plate=8def456", officer, NULL);
  g_assert_cmpuint (json_array_get_length (records_of (searches)), ==, 0);
  g_clear_pointer (&searches, response_free);
  searches = api_request (f, "GET", "/audit/mine?action=search.&case_number=26-004711", officer, NULL);
  g_assert_cmpuint (json_array_get_length (records_of (searches)), ==, 1);
}

static void
test_mine_pages_and_refuses_username (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) someone = NULL;
  g_autofree char *path = NULL;
  JsonArray *records;
  gint64 next;

  search_plate (f, officer, "7ABC123");
  search_plate (f, officer, "7ABC128");

  /* newest first, one at a time */
  first = api_request (f, "GET", "/audit/mine?limit=1", officer, NULL);
  records = records_of (first);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "plate"), ==, "7ABC128");
  next = json_object_get_int_member (first->body, "next_before");
  g_assert_cmpint (next, >, 0);

  path = g_strdup_printf ("/audit/mine?limit=1&before=%" G_GINT64_FORMAT, next);
  second = api_request (f, "GET", path, officer, NULL);
  records = records_of (second);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "plate"), ==, "7ABC123");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "seq"), <, next);

  /* Another user's records are not one's own to ask for. */
  someone = api_request (f, "GET", "/audit/mine?username=" AUDITOR_USER, officer, NULL);
  assert_api_error (someone, 400, "invalid_request");
  g_assert_null (strstr (error_message (someone), "username,"));
}

static void
test_mine_needs_training (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *lapsed = login_token (f, LAPSED_USER, LAPSED_PASSWORD);
  g_autoptr(Response) mine = api_request (f, "GET", "/audit/mine", lapsed, NULL);
  g_autoptr(Response) anonymous = api_request (f, "GET", "/audit/mine", NULL, NULL);

  assert_api_error (mine, 403, "training_expired");
  g_assert_false (json_object_has_member (mine->body, "records"));
  g_assert_cmpint (count_records (f, "audit.read_own", LAPSED_USER, "denied"), ==, 1);
  assert_api_error (anonymous, 401, "unauthorized");
}

/* Who may verify and export ------------------------------------------------ */

static void
test_officer_refused_and_logged (Fixture       *f,
                                 gconstpointer  data)
{
  static const struct {
    const char *path;
    const char *action;
  } refused[] = {
    { "/audit", "audit.read" },
    { "/audit/verify", "audit.verify" },
    { "/audit/export.csv", "audit.export" },
    { "/audit/export.csv?username=" AUDITOR_USER, "audit.export" },
  };
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Response) response = api_request (f, "GET", refused[i].path, officer, NULL);
      g_autoptr(SlAuditRecord) record = last_record (f, refused[i].action);
      g_autofree char *reason = NULL;

      assert_api_error (response, 403, "forbidden");
      g_assert_null (strstr (response->text, "seq"));
      g_assert_nonnull (record);
      g_assert_cmpstr (record->username, ==, OFFICER_USER);
      g_assert_cmpstr (record->outcome, ==, "denied");
      reason = record_reason (record);
      g_assert_cmpstr (reason, ==, "forbidden");
    }

  g_assert_cmpint (count_records (f, "audit.export", OFFICER_USER, "denied"), ==, 2);
  g_assert_cmpint (count_records (f, "audit.verify", NULL, "ok"), ==, 0);
  g_assert_cmpint (count_records (f, "audit.export", NULL, "ok"), ==, 0);
}

static void
test_lapsed_auditor_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *lapsed = login_token (f, LAPSED_USER, LAPSED_PASSWORD);
  g_autoptr(Response) verify = api_request (f, "GET", "/audit/verify", lapsed, NULL);
  g_autoptr(Response) export = api_request (f, "GET", "/audit/export.csv", lapsed, NULL);

  assert_api_error (verify, 403, "training_expired");
  assert_api_error (export, 403, "training_expired");
  g_assert_cmpint (count_records (f, "audit.verify", LAPSED_USER, "denied"), ==, 1);
  g_assert_cmpint (count_records (f, "audit.export", LAPSED_USER, "denied"), ==, 1);
}

/* /audit/export.csv ------------------------------------------------------- */

static void
test_export_holds_records_and_logs (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) export = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(SlAuditRecord) logged = NULL;
  g_autoptr(JsonObject) logged_data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *search_seq = NULL;
  gint64 n_officer;
  gint64 previous_seq = 0;
  guint n_rows = 0;
  gboolean found_search = FALSE;

  search_plate (f, officer, "7ABC123");
  n_officer = db_count (f, "SELECT count (*) FROM audit_log WHERE username = '" OFFICER_USER "'");
  search_seq = g_strdup_printf ("%" G_GINT64_FORMAT ",",
                                db_count (f, "SELECT seq FROM audit_log WHERE action = 'search.plate'"));

  export = api_request (f, "GET", "/audit/export.csv?username=" OFFICER_USER, auditor, NULL);
  g_assert_cmpuint (export->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (export->headers, NULL), ==, "text/csv");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (export->headers, "Content-Disposition"),
                                   "attachment; filename=\"access-log-"));

  lines = g_strsplit (export->text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "seq,time,username,organization,role,action,plate,case_number,purpose_code,"
                                 "purpose_note,result_count,outcome,client_address,policy_version,data,prev_hash,hash");
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      gint64 seq = g_ascii_strtoll (lines[i], NULL, 10);

      /* oldest first, as the chain runs, and only the officer's */
      g_assert_cmpint (seq, >, previous_seq);
      previous_seq = seq;
      g_assert_nonnull (strstr (lines[i], "," OFFICER_USER ","));
      if (g_str_has_prefix (lines[i], search_seq))
        {
          found_search = TRUE;
          g_assert_nonnull (strstr (lines[i], ",search.plate,7ABC123,26-004711,stolen_vehicle,"
                                              "Grey Civic taken at gunpoint on 14th St,0,ok,127.0.0.1,"));
          /* the data elements as JSON, quoted */
          g_assert_nonnull (strstr (lines[i], ",\"{\"\""));
        }
      n_rows++;
    }
  g_assert_true (found_search);
  g_assert_cmpint (n_rows, ==, n_officer);

  /* The export is on record with its filters and count. */
  logged = last_record (f, "audit.export");
  g_assert_nonnull (logged);
  g_assert_cmpstr (logged->username, ==, AUDITOR_USER);
  g_assert_cmpstr (logged->outcome, ==, "ok");
  g_assert_cmpint (logged->result_count, ==, n_rows);
  logged_data = record_data (logged);
  g_assert_cmpstr (json_object_get_string_member (logged_data, "username"), ==, OFFICER_USER);
  g_assert_cmpstr (json_object_get_string_member (logged_data, "format"), ==, "csv");

  /* Paging has no place in an export. */
  unknown = api_request (f, "GET", "/audit/export.csv?limit=10", auditor, NULL);
  assert_api_error (unknown, 400, "invalid_request");
  g_assert_cmpint (count_records (f, "audit.export", NULL, "ok"), ==, 1);
}

static void
test_export_defuses_formulas (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SlAuditRecord) record = sl_audit_record_new ("search.plate", "ok");
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) export = NULL;
  g_autoptr(GError) error = NULL;

  record->time_us = TEST_START_US;
  record->username = g_strdup (OFFICER_USER);
  record->case_number = g_strdup ("26-000001");
  record->purpose_note = g_strdup ("=HYPERLINK(\"http://x\",\"y\")");
  g_assert_true (sl_store_audit_append (f->store, record, &error));
  g_assert_no_error (error);

  export = api_request (f, "GET", "/audit/export.csv?case_number=26-000001", auditor, NULL);
  g_assert_cmpuint (export->status, ==, 200);
  /* a spreadsheet shows the note as text instead of running it */
  g_assert_nonnull (strstr (export->text, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
}

/* /audit/verify ----------------------------------------------------------- */

static JsonObject *
verify (Fixture    *f,
        const char *token)
{
  g_autoptr(Response) response = api_request (f, "GET", "/audit/verify", token, NULL);

  if (response->status != 200)
    g_test_message ("unexpected answer: %s", response->text);
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_ref (response->body);
}

static void
test_verify_intact_then_tampered (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(JsonObject) intact = NULL;
  g_autoptr(JsonObject) broken = NULL;
  g_autoptr(SlAuditRecord) logged = NULL;
  g_autoptr(JsonObject) logged_data = NULL;
  g_autoptr(Response) parameters = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *head_hash = NULL;
  gint64 n_records = db_count (f, "SELECT count (*) FROM audit_log");

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  head_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  intact = verify (f, auditor);
  g_assert_true (json_object_get_boolean_member (intact, "intact"));
  g_assert_cmpint (json_object_get_int_member (intact, "records_checked"), ==, n_records);
  g_assert_true (json_object_get_null_member (intact, "first_bad_seq"));
  g_assert_true (json_object_get_null_member (intact, "reason"));
  g_assert_cmpint (json_object_get_int_member (intact, "head_seq"), ==, n_records);
  g_assert_cmpstr (json_object_get_string_member (intact, "head_hash"), ==, head_hash);
  g_assert_nonnull (json_object_get_string_member (intact, "verified_at"));

  logged = last_record (f, "audit.verify");
  g_assert_nonnull (logged);
  g_assert_cmpstr (logged->username, ==, AUDITOR_USER);
  g_assert_cmpint (logged->result_count, ==, n_records);
  logged_data = record_data (logged);
  g_assert_true (json_object_get_boolean_member (logged_data, "intact"));

  /* Someone edits record 3 in the database file. */
  unguard_log (f);
  db_exec (f, "UPDATE audit_log SET username = 'someone-else' WHERE seq = 3;");

  broken = verify (f, admin);
  g_assert_false (json_object_get_boolean_member (broken, "intact"));
  g_assert_cmpint (json_object_get_int_member (broken, "first_bad_seq"), ==, 3);
  g_assert_nonnull (strstr (json_object_get_string_member (broken, "reason"), "changed"));
  g_assert_cmpint (json_object_get_int_member (broken, "records_checked"), ==, 3);

  /* The finding is on record too. */
  g_clear_pointer (&logged, sl_audit_record_free);
  g_clear_pointer (&logged_data, json_object_unref);
  logged = last_record (f, "audit.verify");
  g_assert_cmpstr (logged->username, ==, ADMIN_USER);
  logged_data = record_data (logged);
  g_assert_false (json_object_get_boolean_member (logged_data, "intact"));
  g_assert_cmpint (json_object_get_int_member (logged_data, "first_bad_seq"), ==, 3);

  parameters = api_request (f, "GET", "/audit/verify?from=2", auditor, NULL);
  assert_api_error (parameters, 400, "invalid_request");
}

static void
test_verify_finds_removed_tail (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(JsonObject) intact = verify (f, auditor);
  g_autoptr(JsonObject) broken = NULL;
  gint64 last = db_count (f, "SELECT max (seq) FROM audit_log");

  g_assert_true (json_object_get_boolean_member (intact, "intact"));

  /* The newest record goes, and with it the verification just logged. */
  unguard_log (f);
  db_exec (f, "DELETE FROM audit_log WHERE seq = (SELECT max (seq) FROM audit_log);");

  broken = verify (f, auditor);
  g_assert_false (json_object_get_boolean_member (broken, "intact"));
  g_assert_cmpint (json_object_get_int_member (broken, "first_bad_seq"), ==, last);
  g_assert_nonnull (strstr (json_object_get_string_member (broken, "reason"), "removed"));
}

void
add_audit_tests (void)
{
#define ADD(path, func) g_test_add ("/audit/" path, Fixture, NULL, audit_setup, func, fixture_teardown)
  ADD ("mine/own-records-only", test_mine_holds_own_records_only);
  ADD ("mine/paging-and-username", test_mine_pages_and_refuses_username);
  ADD ("mine/needs-training", test_mine_needs_training);
  ADD ("roles/officer-refused-and-logged", test_officer_refused_and_logged);
  ADD ("roles/lapsed-auditor", test_lapsed_auditor_refused);
  ADD ("export/records-and-record", test_export_holds_records_and_logs);
  ADD ("export/formulas-defused", test_export_defuses_formulas);
  ADD ("verify/intact-then-tampered", test_verify_intact_then_tampered);
  ADD ("verify/removed-tail", test_verify_finds_removed_tail);
#undef ADD
}
