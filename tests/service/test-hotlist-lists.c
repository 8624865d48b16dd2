#define G_LOG_DOMAIN "test-hotlist-lists"

#include "config.h"

#include <string.h>

#include "sl-test-harness.h"

/* Hot lists as a whole over HTTP: who may create and change them, imports
 * (uploaded, and daily on the service's clock), exports, covert lists. */

#define SUPERVISOR_USER     "sam"
#define SUPERVISOR_PASSWORD "Harbor-Lantern-Seven"
#define CAMERA_TOKEN        "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"

/* 2026-03-01T04:00 in Los Angeles (TZ is pinned by test-service.c) */
#define HOUR_US (60 * SL_USEC_PER_MINUTE)

static const char good_csv[] =
  "plate,state,category,case_number,expiry\n"
  "7ABC123,CA,stolen_vehicle,26-000101,2026-06-01T00:00:00Z\n"
  "6TRJ244,NV,felony_vehicle,26-000102,\n"
  "bad plate!,CA,stolen_vehicle,26-000103,\n"
  "8XYZ999,CA,stolen_plate,26-000104,\n";

/* Helpers --------------------------------------------------------------------- */

static void
add_supervisor (Fixture *f)
{
  add_user (f->store, SUPERVISOR_USER, SUPERVISOR_PASSWORD, SL_ROLE_SUPERVISOR, "2026-01-15", NULL);
}

static Response *
send_body (Fixture    *f,
           const char *method,
           const char *path,
           const char *token,
           const char *content_type,
           const char *body)
{
  g_autofree char *uri = g_strconcat (f->url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Response *response;
  gsize length;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_set_request_body_from_bytes (msg, content_type, request);
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (Response, 1);
  response->status = soup_message_get_status (msg);
  response->text = g_strndup (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  if (length > 0)
    response->body = sl_json_parse_object (response->text, length, NULL);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->bytes = g_steal_pointer (&bytes);
  return response;
}

static Response *
import_csv (Fixture    *f,
            const char *token,
            gint64      id,
            const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import", id);

  return send_body (f, "POST", path, token, "text/csv", csv);
}

/* Creates a list as the administrator; returns its id. */
static gint64
create_list (Fixture    *f,
             const char *admin,
             const char *body)
{
  g_autoptr(Response) response = api_request (f, "POST", "/hotlists", admin, body);

  if (response->status != 201)
    g_test_message ("%s", response->text);
  g_assert_cmpuint (response->status, ==, 201);
  return json_object_get_int_member (response->body, "id");
}

static Response *
get_list (Fixture    *f,
          const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT, id);

  return api_request (f, "GET", path, token, NULL);
}

static Response *
patch_list (Fixture    *f,
            const char *token,
            gint64      id,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT, id);

  return api_request (f, "PATCH", path, token, body);
}

static JsonObject *
import_of (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_object_member (response->body, "import");
}

static gint64
count_entries (Fixture *f,
               gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM hotlist_entries WHERE list_id = %" G_GINT64_FORMAT, id);

  return db_count (f, sql);
}

static gboolean
has_entry (Fixture    *f,
           gint64      id,
           const char *plate)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM hotlist_entries WHERE list_id = %" G_GINT64_FORMAT
                                          " AND plate = '%s'", id, plate);

  return db_count (f, sql) == 1;
}

static JsonObject *
record_data (SlAuditRecord *record)
{
  JsonObject *data;

  g_assert_nonnull (record);
  data = sl_json_parse_object (record->data, -1, NULL);
  g_assert_nonnull (data);
  return data;
}

/* The service's clock is manual; its schedule looks at it every second. */
static void
wait_for_records (Fixture    *f,
                  const char *action,
                  const char *username,
                  gint64      count)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (count_records (f, action, username, NULL) < count && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpint (count_records (f, action, username, NULL), ==, count);
}

/* Sessions end after 30 idle minutes of the manual clock too. */
static void
relogin (Fixture  *f,
         char    **admin)
{
  g_free (*admin);
  *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
}

/* Long enough for the schedule to have looked at the clock twice. */
static void
let_schedule_look (void)
{
  g_usleep (2200 * 1000);
}

/* Times as the API writes them, compared as times. */
static void
assert_time (const char *text,
             const char *expected)
{
  gint64 time_us = 0, expected_us = 0;

  g_assert_nonnull (text);
  g_assert_true (sl_clock_parse_iso8601 (text, &time_us, NULL));
  g_assert_true (sl_clock_parse_iso8601 (expected, &expected_us, NULL));
  if (time_us != expected_us)
    g_test_message ("%s is not %s", text, expected);
  g_assert_cmpint (time_us, ==, expected_us);
}

static char *
iso (gint64 time_us)
{
  return sl_clock_format_iso8601 (time_us);
}

/* A plain-HTTP server on 127.0.0.1 in its own thread: an agency's list server. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  char         *url;
  char         *body;     /* what /list.csv answers; under the mutex */
  guint         hits;
} ListServer;

static void
list_handler_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  ListServer *ls = user_data;

  g_mutex_lock (&ls->mutex);
  ls->hits++;
  if (g_str_equal (path, "/list.csv"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/csv", SOUP_MEMORY_COPY, ls->body, strlen (ls->body));
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  g_mutex_unlock (&ls->mutex);
}

static gpointer
list_server_thread (gpointer data)
{
  ListServer *ls = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (ls->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, list_handler_cb, ls, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);

  g_mutex_lock (&ls->mutex);
  ls->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  ls->ready = TRUE;
  g_cond_signal (&ls->cond);
  g_mutex_unlock (&ls->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (ls->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (ls->context);
  return NULL;
}

static ListServer *
list_server_start (const char *body)
{
  ListServer *ls = g_new0 (ListServer, 1);

  g_mutex_init (&ls->mutex);
  g_cond_init (&ls->cond);
  ls->body = g_strdup (body);
  ls->context = g_main_context_new ();
  ls->loop = g_main_loop_new (ls->context, FALSE);
  ls->thread = g_thread_new ("list-server", list_server_thread, ls);

  g_mutex_lock (&ls->mutex);
  while (!ls->ready)
    g_cond_wait (&ls->cond, &ls->mutex);
  g_mutex_unlock (&ls->mutex);
  return ls;
}

static void
list_server_set_body (ListServer *ls,
                      const char *body)
{
  g_mutex_lock (&ls->mutex);
  g_free (ls->body);
  ls->body = g_strdup (body);
  g_mutex_unlock (&ls->mutex);
}

static void
list_server_stop (ListServer *ls)
{
  g_main_loop_quit (ls->loop);
  g_thread_join (ls->thread);
  g_main_loop_unref (ls->loop);
  g_main_context_unref (ls->context);
  g_mutex_clear (&ls->mutex);
  g_cond_clear (&ls->cond);
  g_free (ls->url);
  g_free (ls->body);
  g_free (ls);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListServer, list_server_stop)

/* Creating lists -------------------------------------------------------------- */

static void
test_create_roles (Fixture       *f,
                   gconstpointer  data)
{
  static const char body[] = "{\"name\": \"Major crimes\", \"kind\": \"specific\", \"source\": \"local\","
                             " \"priority\": 5, \"alert_level\": \"high\", \"covert\": false, \"tolerance\": 0}";
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *supervisor = NULL;
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) by_officer = NULL;
  g_autoptr(Response) by_supervisor = NULL;
  g_autoptr(Response) created = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  JsonObject *counts, *import;
  g_autofree char *location = NULL;

  add_supervisor (f);
  supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);

  /* only the ALPR Administrator approves (creates) a list */
  by_officer = api_request (f, "POST", "/hotlists", officer, body);
  assert_api_error (by_officer, 403, "forbidden");
  by_supervisor = api_request (f, "POST", "/hotlists", supervisor, body);
  assert_api_error (by_supervisor, 403, "forbidden");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM hotlists"), ==, 0);
  g_assert_cmpint (count_records (f, "hotlist.create", OFFICER_USER, "denied"), ==, 1);
  g_assert_cmpint (count_records (f, "hotlist.create", SUPERVISOR_USER, "denied"), ==, 1);

  created = api_request (f, "POST", "/hotlists", admin, body);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (created->body, "name"), ==, "Major crimes");
  g_assert_cmpstr (json_object_get_string_member (created->body, "kind"), ==, "specific");
  g_assert_cmpint (json_object_get_int_member (created->body, "priority"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (created->body, "tolerance"), ==, 0);
  g_assert_true (json_object_get_boolean_member (created->body, "active"));
  assert_time (json_object_get_string_member (created->body, "created_at"), "2026-03-01T12:00:00Z");
  counts = json_object_get_object_member (created->body, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "active"), ==, 0);
  import = json_object_get_object_member (created->body, "import");
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "never");
  g_assert_true (json_object_get_null_member (import, "source"));
  location = g_strdup_printf ("/api/v1/hotlists/%" G_GINT64_FORMAT, json_object_get_int_member (created->body, "id"));
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, location);

  record = last_record (f, "hotlist.create");
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_cmpstr (record->outcome, ==, "ok");
  logged = record_data (record);
  g_assert_cmpstr (json_object_get_string_member (logged, "name"), ==, "Major crimes");
  g_assert_cmpstr (json_object_get_string_member (logged, "kind"), ==, "specific");
}

static void
assert_field (Response   *response,
              const char *member)
{
  JsonObject *error = json_object_get_object_member (response->body, "error");
  JsonObject *fields = json_object_get_object_member (error, "fields");

  if (fields == NULL || !json_object_has_member (fields, member))
    g_test_message ("%s lacks field %s", response->text, member);
  g_assert_nonnull (fields);
  g_assert_true (json_object_has_member (fields, member));
  g_assert_cmpuint (strlen (json_object_get_string_member (fields, member)), >, 10);
}

static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) invalid = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) taken = NULL;
  g_autoptr(Response) specific_import = NULL;
  g_autoptr(Response) plain_http = NULL;
  g_autoptr(Response) half_schedule = NULL;

  /* every wrong member is named at once, unknown ones too */
  invalid = api_request (f, "POST", "/hotlists", admin,
                         "{\"name\": \"  \", \"kind\": \"general\", \"priority\": 101, \"alert_level\": \"urgent\","
                         " \"tolerance\": 3, \"covert\": \"yes\", \"owner\": \"ada\"}");
  assert_api_error (invalid, 422, "invalid_hotlist");
  assert_field (invalid, "name");
  assert_field (invalid, "priority");
  assert_field (invalid, "alert_level");
  assert_field (invalid, "tolerance");
  assert_field (invalid, "covert");
  assert_field (invalid, "owner");

  missing = api_request (f, "POST", "/hotlists", admin, "{\"source\": \"SFR\"}");
  assert_api_error (missing, 422, "invalid_hotlist");
  assert_field (missing, "name");
  assert_field (missing, "kind");

  create_list (f, admin, "{\"name\": \"SFR stolen\", \"kind\": \"general\", \"source\": \"SFR\"}");
  taken = api_request (f, "POST", "/hotlists", admin, "{\"name\": \"SFR stolen\", \"kind\": \"specific\"}");
  assert_api_error (taken, 409, "name_taken");

  /* a specific list's entries are entered by members, never imported */
  specific_import = api_request (f, "POST", "/hotlists", admin,
                                 "{\"name\": \"Gangs\", \"kind\": \"specific\", \"import_source\": \"/srv/gangs.csv\","
                                 " \"import_time\": \"05:30\"}");
  assert_api_error (specific_import, 422, "invalid_hotlist");
  assert_field (specific_import, "import_source");

  /* a list fetched in the clear could be altered on its way */
  plain_http = api_request (f, "POST", "/hotlists", admin,
                            "{\"name\": \"DOJ\", \"kind\": \"general\", \"import_source\": \"http://doj.example/list.csv\","
                            " \"import_time\": \"25:00\"}");
  assert_api_error (plain_http, 422, "invalid_hotlist");
  assert_field (plain_http, "import_source");
  assert_field (plain_http, "import_time");

  half_schedule = api_request (f, "POST", "/hotlists", admin,
                               "{\"name\": \"DOJ\", \"kind\": \"general\", \"import_source\": \"https://doj.example/list.csv\"}");
  assert_api_error (half_schedule, 422, "invalid_hotlist");
  assert_field (half_schedule, "import_time");

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM hotlists"), ==, 1);
  g_assert_cmpint (count_records (f, "hotlist.create", NULL, NULL), ==, 1);
}

/* Changing lists -------------------------------------------------------------- */

static void
test_update_logged (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) changed = NULL;
  g_autoptr(Response) by_officer = NULL;
  g_autoptr(Response) kind = NULL;
  g_autoptr(Response) taken = NULL;
  g_autoptr(Response) same = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  JsonObject *members, *priority;
  gint64 id;

  id = create_list (f, admin, "{\"name\": \"SFR stolen\", \"kind\": \"general\", \"source\": \"SFR\", \"priority\": 40}");
  create_list (f, admin, "{\"name\": \"Local BOLO\", \"kind\": \"specific\"}");

  by_officer = patch_list (f, officer, id, "{\"priority\": 1}");
  assert_api_error (by_officer, 403, "forbidden");
  g_assert_cmpint (count_records (f, "hotlist.update", OFFICER_USER, "denied"), ==, 1);

  changed = patch_list (f, admin, id, "{\"priority\": 10, \"alert_level\": \"medium\", \"source\": \"SFR\"}");
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (changed->body, "priority"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (changed->body, "alert_level"), ==, "medium");
  g_assert_cmpint (db_count (f, "SELECT priority FROM hotlists WHERE name = 'SFR stolen'"), ==, 10);

  /* the record says what changed, before and after; unchanged members are not in it */
  record = last_record (f, "hotlist.update");
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  logged = record_data (record);
  g_assert_cmpint (json_object_get_int_member (logged, "list_id"), ==, id);
  members = json_object_get_object_member (logged, "changed");
  g_assert_cmpuint (json_object_get_size (members), ==, 2);
  priority = json_object_get_object_member (members, "priority");
  g_assert_cmpint (json_object_get_int_member (priority, "before"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (priority, "after"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (members, "alert_level"), "before"),
                   ==, "high");
  g_assert_false (json_object_has_member (members, "source"));

  kind = patch_list (f, admin, id, "{\"kind\": \"specific\"}");
  assert_api_error (kind, 422, "invalid_hotlist");
  assert_field (kind, "kind");

  taken = patch_list (f, admin, id, "{\"name\": \"Local BOLO\"}");
  assert_api_error (taken, 409, "name_taken");

  /* a request that changes nothing is no change to log */
  same = patch_list (f, admin, id, "{\"priority\": 10}");
  g_assert_cmpuint (same->status, ==, 200);
  g_assert_cmpint (count_records (f, "hotlist.update", ADMIN_USER, "ok"), ==, 1);
}

static gboolean
lists_have (Response   *response,
            const char *name)
{
  JsonArray *lists = json_object_get_array_member (response->body, "hotlists");

  for (guint i = 0; i < json_array_get_length (lists); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (lists, i), "name"), name))
      return TRUE;
  return FALSE;
}

static void
test_covert_hidden (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *supervisor = NULL;
  g_autoptr(Response) as_officer = NULL;
  g_autoptr(Response) as_supervisor = NULL;
  g_autoptr(Response) one = NULL;
  g_autoptr(Response) export = NULL;
  g_autoptr(Response) as_auditor = NULL;
  g_autofree char *path = NULL;
  gint64 covert;

  add_supervisor (f);
  supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);
  create_list (f, admin, "{\"name\": \"SFR stolen\", \"kind\": \"general\", \"priority\": 20}");
  covert = create_list (f, admin, "{\"name\": \"Task force\", \"kind\": \"specific\", \"covert\": true, \"priority\": 1}");

  as_officer = api_request (f, "GET", "/hotlists", officer, NULL);
  g_assert_cmpuint (as_officer->status, ==, 200);
  g_assert_true (lists_have (as_officer, "SFR stolen"));
  g_assert_false (lists_have (as_officer, "Task force"));

  as_supervisor = api_request (f, "GET", "/hotlists", supervisor, NULL);
  g_assert_true (lists_have (as_supervisor, "Task force"));
  /* by priority: 0 first */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (as_supervisor->body, "hotlists"), 0), "name"), ==, "Task force");

  one = get_list (f, officer, covert);
  assert_api_error (one, 404, "not_found");
  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/export.csv", covert);
  export = api_request (f, "GET", path, officer, NULL);
  assert_api_error (export, 404, "not_found");

  /* auditors and records staff have no hot-list access */
  as_auditor = api_request (f, "GET", "/hotlists", auditor, NULL);
  assert_api_error (as_auditor, 403, "forbidden");
}

/* Imports --------------------------------------------------------------------- */

static void
test_import_api (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) mostly_bad = NULL;
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) after_refusal = NULL;
  g_autoptr(Response) read = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CAMERA_TOKEN, -1);
  g_autofree char *captured = iso (TEST_START_US);
  g_autofree char *reads = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary, *import, *line;
  gint64 id;

  id = create_list (f, admin, "{\"name\": \"DOJ stolen\", \"kind\": \"general\", \"source\": \"DOJ\"}");

  first = import_csv (f, admin, id, good_csv);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (first->body, "added"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (first->body, "removed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (first->body, "rejected"), ==, 1);
  g_assert_false (json_object_get_boolean_member (first->body, "kept_old"));
  line = json_array_get_object_element (json_object_get_array_member (first->body, "rejected_lines"), 0);
  g_assert_cmpint (json_object_get_int_member (line, "line"), ==, 4);
  g_assert_cmpuint (strlen (json_object_get_string_member (line, "message")), >, 5);
  g_assert_cmpint (count_entries (f, id), ==, 3);

  /* the summary is in the access log and on the list */
  record = last_record (f, "hotlist.import");
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_cmpstr (record->outcome, ==, "ok");
  g_assert_cmpint (record->result_count, ==, 3);
  logged = record_data (record);
  g_assert_cmpint (json_object_get_int_member (logged, "added"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (logged, "rejected"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (logged, "source"), ==, "upload");

  listed = get_list (f, admin, id);
  import = import_of (listed);
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "ok");
  assert_time (json_object_get_string_member (import, "last_at"), "2026-03-01T12:00:00Z");
  summary = json_object_get_object_member (import, "last_summary");
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 3);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (summary, "rejected_lines")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (listed->body, "counts"), "active"), ==, 3);

  /* the running service matches the imported list at once */
  camera->name = g_strdup ("Broadway & 14th");
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8044;
  camera->lon = -122.2712;
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
  g_assert_no_error (error);
  reads = g_strdup_printf ("{\"reads\": [{\"plate\": \"8XYZ999\", \"region\": \"CA\", \"captured_at\": \"%s\","
                           " \"confidence\": 91}]}", captured);
  read = api_request (f, "POST", "/ingest/native", CAMERA_TOKEN, reads);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM alerts"), ==, 1);

  /* the next file keeps one plate, adds one and drops two */
  second = import_csv (f, admin, id, "LIC;LIS\n7ABC123;CA\n5NEW555;CA\n");
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (second->body, "added"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (second->body, "removed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (second->body, "rejected"), ==, 0);
  g_assert_cmpint (count_entries (f, id), ==, 2);

  /* more bad rows than good: a wrong file, so the old list stays */
  mostly_bad = import_csv (f, admin, id, "plate,state\n!!,CA\n#1,CA\n9GOOD99,CA\n");
  g_assert_cmpuint (mostly_bad->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (mostly_bad->body, "kept_old"));
  g_assert_cmpint (json_object_get_int_member (mostly_bad->body, "rejected"), ==, 2);
  g_assert_cmpint (count_entries (f, id), ==, 2);
  g_assert_true (has_entry (f, id, "5NEW555"));
  g_assert_false (has_entry (f, id, "9GOOD99"));
  g_assert_cmpint (count_records (f, "hotlist.import", ADMIN_USER, "refused"), ==, 1);

  after_refusal = get_list (f, admin, id);
  import = import_of (after_refusal);
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (import, "error"), "2 bad rows"));
  /* the last summary is still the last import that replaced the list */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (import, "last_summary"), "added"), ==, 1);
}

static void
test_import_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) specific = NULL;
  g_autoptr(Response) by_officer = NULL;
  g_autoptr(Response) empty = NULL;
  g_autoptr(Response) not_csv = NULL;
  g_autoptr(Response) now_without_source = NULL;
  g_autoptr(Response) specific_now = NULL;
  g_autofree char *now_path = NULL;
  g_autofree char *specific_now_path = NULL;
  gint64 general, bolo;

  general = create_list (f, admin, "{\"name\": \"DOJ stolen\", \"kind\": \"general\"}");
  bolo = create_list (f, admin, "{\"name\": \"Local BOLO\", \"kind\": \"specific\"}");

  /* a specific list is never replaced from a file */
  specific = import_csv (f, admin, bolo, good_csv);
  assert_api_error (specific, 409, "specific_list");
  specific_now_path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import-now", bolo);
  specific_now = api_request (f, "POST", specific_now_path, admin, NULL);
  assert_api_error (specific_now, 409, "specific_list");

  by_officer = import_csv (f, officer, general, good_csv);
  assert_api_error (by_officer, 403, "forbidden");
  g_assert_cmpint (count_records (f, "hotlist.import", OFFICER_USER, "denied"), ==, 1);

  empty = import_csv (f, admin, general, "");
  assert_api_error (empty, 422, "invalid_csv");
  {
    g_autofree char *path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import", general);
    g_autoptr(Response) typed = send_body (f, "POST", path, admin, "application/json", "{\"plate\": \"7ABC123\"}");

    assert_api_error (typed, 415, "unsupported_media_type");
  }

  not_csv = import_csv (f, admin, general, "make,model\nFord,Focus\n");
  assert_api_error (not_csv, 422, "invalid_csv");
  g_assert_cmpint (count_entries (f, general), ==, 0);

  now_path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import-now", general);
  now_without_source = api_request (f, "POST", now_path, admin, NULL);
  assert_api_error (now_without_source, 409, "no_import_source");
}

/* A state's daily list is larger than the 1 MiB other bodies may be, but only an administrator sends one. */
static void
test_import_large (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(GString) csv = g_string_new ("plate,state,category\n");
  g_autoptr(Response) large = NULL;
  g_autoptr(Response) by_officer = NULL;
  gint64 id;

  id = create_list (f, admin, "{\"name\": \"DOJ stolen\", \"kind\": \"general\"}");
  for (guint i = 0; csv->len <= 2 * 1024 * 1024; i++)
    g_string_append_printf (csv, "%c%06u,CA,stolen_vehicle\n", 'A' + i % 26, i);

  by_officer = import_csv (f, officer, id, csv->str);
  assert_api_error (by_officer, 413, "too_large");

  large = import_csv (f, admin, id, csv->str);
  g_assert_cmpuint (large->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (large->body, "rejected"), ==, 0);
  g_assert_cmpint (count_entries (f, id), ==, json_object_get_int_member (large->body, "added"));
  g_assert_cmpint (count_entries (f, id), >, 80000);
}

/* Export ---------------------------------------------------------------------- */

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) imported = NULL;
  g_autoptr(Response) export = NULL;
  g_autoptr(Response) specific = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  g_autofree char *path = NULL;
  g_autofree char *specific_path = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 id, bolo, copy;

  id = create_list (f, admin, "{\"name\": \"DOJ stolen\", \"kind\": \"general\"}");
  bolo = create_list (f, admin, "{\"name\": \"Local BOLO\", \"kind\": \"specific\"}");
  imported = import_csv (f, admin, id, good_csv);
  g_assert_cmpuint (imported->status, ==, 200);

  /* an entry past its expiry is exported as expired */
  sl_clock_set_us (f->clock, TEST_START_US + 120 * SL_USEC_PER_DAY);
  g_free (officer);
  g_free (admin);
  officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/export.csv", id);
  export = api_request (f, "GET", path, officer, NULL);
  g_assert_cmpuint (export->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (export->headers, NULL), ==, "text/csv");
  g_assert_nonnull (strstr (soup_message_headers_get_one (export->headers, "Content-Disposition"), "attachment"));
  lines = g_strsplit (export->text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "plate,state,category,case_number,effective,expiry,status");
  g_assert_cmpstr (lines[1], ==, "7ABC123,CA,stolen_vehicle,26-000101,,2026-06-01T00:00:00.000000Z,expired");
  g_assert_cmpstr (lines[2], ==, "6TRJ244,NV,felony_vehicle,26-000102,,,active");
  g_assert_cmpstr (lines[4], ==, "");

  /* logged with the number of rows that left */
  record = last_record (f, "hotlist.export");
  g_assert_cmpstr (record->username, ==, OFFICER_USER);
  g_assert_cmpint (record->result_count, ==, 3);
  logged = record_data (record);
  g_assert_cmpint (json_object_get_int_member (logged, "list_id"), ==, id);

  /* an export can be imported again as it is */
  copy = create_list (f, admin, "{\"name\": \"DOJ copy\", \"kind\": \"general\"}");
  again = import_csv (f, admin, copy, export->text);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (again->body, "added"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (again->body, "rejected"), ==, 0);

  /* a specific list says who entered each entry */
  specific_path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/export.csv", bolo);
  specific = api_request (f, "GET", specific_path, admin, NULL);
  g_assert_cmpuint (specific->status, ==, 200);
  g_assert_true (g_str_has_prefix (specific->text, "plate,state,category,case_number,effective,expiry,status,entered_by\r\n"));
}

/* The daily import ------------------------------------------------------------ */

static void
test_schedule_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *file = fixture_path (f, "doj-daily.csv");
  g_autofree char *missing = fixture_path (f, "not-there.csv");
  g_autofree char *body = NULL;
  g_autofree char *patch = NULL;
  g_autoptr(Response) created = NULL;
  g_autoptr(Response) after_first = NULL;
  g_autoptr(Response) after_second = NULL;
  g_autoptr(Response) after_dst = NULL;
  g_autoptr(Response) after_failure = NULL;
  g_autoptr(Response) switched = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  JsonObject *import;
  gint64 id;

  g_assert_true (g_file_set_contents (file, good_csv, -1, NULL));
  body = g_strdup_printf ("{\"name\": \"DOJ daily\", \"kind\": \"general\", \"source\": \"DOJ\","
                          " \"import_source\": \"%s\", \"import_time\": \"05:30\"}", file);
  created = api_request (f, "POST", "/hotlists", admin, body);
  g_assert_cmpuint (created->status, ==, 201);
  id = json_object_get_int_member (created->body, "id");
  import = json_object_get_object_member (created->body, "import");
  g_assert_cmpstr (json_object_get_string_member (import, "source"), ==, file);
  g_assert_cmpstr (json_object_get_string_member (import, "time"), ==, "05:30");
  /* 05:30 in Los Angeles is 13:30 UTC in winter */
  assert_time (json_object_get_string_member (import, "next_at"), "2026-03-01T13:30:00Z");

  /* not before its time */
  sl_clock_advance (f->clock, HOUR_US);
  let_schedule_look ();
  g_assert_cmpint (count_records (f, "hotlist.import", NULL, NULL), ==, 0);
  g_assert_cmpint (count_entries (f, id), ==, 0);

  /* at its time, by the service */
  sl_clock_advance (f->clock, 30 * SL_USEC_PER_MINUTE);
  wait_for_records (f, "hotlist.import", "sightlined", 1);
  g_assert_cmpint (count_entries (f, id), ==, 3);
  record = last_record (f, "hotlist.import");
  g_assert_cmpstr (record->outcome, ==, "ok");
  logged = record_data (record);
  g_assert_cmpstr (json_object_get_string_member (logged, "source"), ==, file);
  g_assert_cmpint (json_object_get_int_member (logged, "added"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (logged, "rejected"), ==, 1);

  relogin (f, &admin);
  after_first = get_list (f, admin, id);
  import = import_of (after_first);
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "ok");
  assert_time (json_object_get_string_member (import, "last_at"), "2026-03-01T13:30:00Z");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (import, "last_summary"), "added"), ==, 3);
  assert_time (json_object_get_string_member (import, "next_at"), "2026-03-02T13:30:00Z");

  /* once a day */
  g_assert_true (g_file_set_contents (file, "plate,state\n7ABC123,CA\n1DAY222,CA\n", -1, NULL));
  sl_clock_advance (f->clock, 6 * HOUR_US);
  let_schedule_look ();
  g_assert_cmpint (count_records (f, "hotlist.import", "sightlined", NULL), ==, 1);

  sl_clock_set_us (f->clock, TEST_START_US + SL_USEC_PER_DAY + 90 * SL_USEC_PER_MINUTE);
  wait_for_records (f, "hotlist.import", "sightlined", 2);
  g_assert_cmpint (count_entries (f, id), ==, 2);
  g_assert_true (has_entry (f, id, "1DAY222"));
  relogin (f, &admin);
  after_second = get_list (f, admin, id);
  import = import_of (after_second);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (import, "last_summary"), "removed"), ==, 2);

  /* across the change to daylight saving time (2026-03-08), still 05:30 on the wall */
  sl_clock_set_us (f->clock, TEST_START_US + 6 * SL_USEC_PER_DAY + 90 * SL_USEC_PER_MINUTE);
  wait_for_records (f, "hotlist.import", "sightlined", 3);
  relogin (f, &admin);
  after_dst = get_list (f, admin, id);
  assert_time (json_object_get_string_member (import_of (after_dst), "next_at"), "2026-03-08T12:30:00Z");

  /* a source that fails: state failed with the reason, the old list stays */
  patch = g_strdup_printf ("{\"import_source\": \"%s\"}", missing);
  relogin (f, &admin);
  switched = patch_list (f, admin, id, patch);
  g_assert_cmpuint (switched->status, ==, 200);
  sl_clock_set_us (f->clock, TEST_START_US + 7 * SL_USEC_PER_DAY + 30 * SL_USEC_PER_MINUTE);
  wait_for_records (f, "hotlist.import", "sightlined", 4);
  g_assert_cmpint (count_records (f, "hotlist.import", "sightlined", "failed"), ==, 1);
  g_assert_cmpint (count_entries (f, id), ==, 2);
  relogin (f, &admin);
  after_failure = get_list (f, admin, id);
  import = import_of (after_failure);
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (import, "error"), "not-there.csv"));
}

static void
test_schedule_url (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ListServer) ls = list_server_start (good_csv);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *body = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *now_path = NULL;
  g_autoptr(Response) now = NULL;
  g_autoptr(Response) failing_now = NULL;
  g_autoptr(Response) switched = NULL;
  g_autoptr(Response) listed = NULL;
  JsonObject *import;
  gint64 id;

  body = g_strdup_printf ("{\"name\": \"NCIC\", \"kind\": \"general\", \"source\": \"NCIC-SVS\","
                          " \"import_source\": \"%s/list.csv\", \"import_time\": \"04:15\"}", ls->url);
  id = create_list (f, admin, body);

  sl_clock_advance (f->clock, 15 * SL_USEC_PER_MINUTE);
  wait_for_records (f, "hotlist.import", "sightlined", 1);
  g_assert_cmpint (count_entries (f, id), ==, 3);
  g_assert_cmpuint (ls->hits, ==, 1);

  /* import-now runs it at once, whatever the time */
  list_server_set_body (ls, "plate,state\n3NOW333,CA\n");
  now_path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import-now", id);
  now = api_request (f, "POST", now_path, admin, NULL);
  g_assert_cmpuint (now->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (now->body, "added"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (now->body, "removed"), ==, 3);
  g_assert_cmpint (count_records (f, "hotlist.import", ADMIN_USER, "ok"), ==, 1);
  g_assert_true (has_entry (f, id, "3NOW333"));

  /* a server that answers 404 fails the import; the entries stay */
  patch = g_strdup_printf ("{\"import_source\": \"%s/missing.csv\"}", ls->url);
  switched = patch_list (f, admin, id, patch);
  g_assert_cmpuint (switched->status, ==, 200);
  failing_now = api_request (f, "POST", now_path, admin, NULL);
  assert_api_error (failing_now, 422, "import_failed");
  g_assert_nonnull (strstr (error_message (failing_now), "404"));
  g_assert_true (has_entry (f, id, "3NOW333"));
  g_assert_cmpint (count_records (f, "hotlist.import", ADMIN_USER, "failed"), ==, 1);

  listed = get_list (f, admin, id);
  import = import_of (listed);
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (import, "error"), "404"));
}

void
add_hotlist_list_tests (void)
{
#define ADD(name, func) \
  g_test_add ("/service/hotlist-lists/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("create/roles", test_create_roles);
  ADD ("create/refusals", test_create_refusals);
  ADD ("update/logged", test_update_logged);
  ADD ("covert-hidden", test_covert_hidden);
  ADD ("import/api", test_import_api);
  ADD ("import/refusals", test_import_refusals);
  ADD ("import/large", test_import_large);
  ADD ("export", test_export);
  ADD ("schedule/file", test_schedule_file);
  ADD ("schedule/url", test_schedule_url);

#undef ADD
}
