#define G_LOG_DOMAIN "sl-test-client"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "sl-alert-stream.h"
#include "sl-client.h"
#include "sl-client-hotlists.h"
#include "sl-clock.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-test-service.h"

/* The client against a scripted fake service (bad payloads) and against the
 * real sightlined (login, roles, logout, TLS). */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (wait->result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (wait->result);
  return wait->result;
}

/* ---- the fake service ---- */

typedef struct
{
  const char *path;
  guint       status;
  const char *body;
} Canned;

/* A hot-list entry and its versions as the service sends them. */
#define HL_VERSION_JSON(n, status, plate, changed) \
  "{\"version\":" #n ",\"status\":\"" status "\",\"fields\":{\"plate\":\"" plate "\",\"region\":\"CA\"," \
  "\"reason\":\"stolen_vehicle\",\"case_number\":\"26-000123\",\"synopsis\":\"Taken from Elm St\"," \
  "\"expires_at\":\"2026-12-01T00:00:00Z\",\"make\":\"Honda\",\"model\":null,\"color\":null}," \
  "\"changed\":" changed ",\"author\":\"officer\",\"created_at\":\"2026-11-01T08:00:00Z\"," \
  "\"decided_by\":null,\"decided_at\":null,\"decision_note\":null}"

#define HL_ENTRY_MEMBERS(status) \
  "\"id\":5,\"list_id\":4,\"list_name\":\"Major crimes\",\"plate\":\"7ABC123\",\"is_pattern\":false," \
  "\"region\":\"CA\",\"reason\":\"stolen_vehicle\",\"reason_label\":\"Stolen vehicle\"," \
  "\"case_number\":\"26-000123\",\"synopsis\":\"Taken from Elm St\",\"make\":\"Honda\",\"model\":null," \
  "\"color\":null,\"status\":\"" status "\",\"effective_at\":\"2026-11-01T09:00:00Z\"," \
  "\"expires_at\":\"2026-12-01T00:00:00Z\",\"entered_by\":\"officer\",\"entered_by_name\":\"Olivia Officer\"," \
  "\"created_at\":\"2026-11-01T08:00:00Z\",\"approved_by\":\"sergeant\",\"approved_at\":\"2026-11-01T09:00:00Z\""

#define HL_ENTRY_JSON(status, pending) "{" HL_ENTRY_MEMBERS (status) ",\"pending_update\":" pending "}"

#define HL_ENTRY_VERSIONS_JSON \
  "{" HL_ENTRY_MEMBERS ("active") ",\"pending_update\":null,\"versions\":[" \
  HL_VERSION_JSON (1, "approved", "7ABC123", "[\"plate\",\"region\"]") "," \
  HL_VERSION_JSON (2, "rejected", "7ABC124", "[\"plate\"]") "]}"

static const Canned canned[] = {
  { "/api/v1/health", 200, "{\"status\":\"ok\",\"version\":\"9.9\",\"agency\":\"Fake PD\",\"notice\":\"Fake notice.\"}" },
  { "/bad-json/api/v1/health", 200, "{\"status\":\"ok\"" },
  { "/not-object/api/v1/health", 200, "[1,2,3]" },
  { "/wrong-type/api/v1/health", 200, "{\"status\":true}" },
  { "/html/api/v1/health", 500, "<html><body>Internal error</body></html>" },
  { "/no-token/api/v1/session", 200, "{\"user\":{\"username\":\"a\",\"roles\":[\"officer\"]},\"training\":{\"status\":\"current\"}}" },
  /* hot-list entries */
  { "/hl/api/v1/hotlists/4/entries", 200, "{\"entries\":[" HL_ENTRY_JSON ("active", "null") "],\"total\":201,\"next_offset\":1}" },
  { "/hl/api/v1/hotlist-entries/5", 200, HL_ENTRY_VERSIONS_JSON },
  { "/hl/api/v1/hotlist-approvals", 200, "{\"approvals\":[{\"entry\":" HL_ENTRY_JSON ("active", HL_VERSION_JSON (2, "pending", "7ABC124", "[\"plate\"]"))
                                         ",\"version\":" HL_VERSION_JSON (2, "pending", "7ABC124", "[\"plate\"]")
                                         ",\"active\":" HL_VERSION_JSON (1, "approved", "7ABC123", "[\"plate\"]") "}]}" },
  { "/hl/api/v1/hotlist-entries/5/approve", 403, "{\"error\":{\"code\":\"self_approval\",\"message\":\"You proposed this entry yourself\"}}" },
  { "/hl/api/v1/hotlist-entries/5/renew", 409, "{\"error\":{\"code\":\"expired\",\"message\":\"The entry expired and no longer matches\"}}" },
  { "/hl-refused/api/v1/hotlists/4/entries", 422, "{\"error\":{\"code\":\"invalid_entry\",\"message\":\"The entry cannot be saved\","
                                                  "\"fields\":{\"case_number\":\"is required\",\"expires_at\":\"is more than 100 days away\"}}}" },
  { "/hl-bad/api/v1/hotlist-entries/5", 200, "{\"id\":5,\"list_id\":4,\"plate\":\"7ABC123\",\"status\":\"lost\"}" },
  { "/locked/api/v1/session", 423, "{\"error\":{\"code\":\"account_locked\",\"message\":\"Locked after five failed logins.\"}}" },
  { "/expired/api/v1/session", 401, "{\"error\":{\"code\":\"session_expired\",\"message\":\"Your session ended after 30 idle minutes.\"}}" },
  { "/bad-audit/api/v1/audit", 200, "{\"records\":[{\"seq\":\"one\",\"time\":\"2026-01-01T00:00:00Z\",\"action\":\"x\",\"outcome\":\"ok\"}]}" },
  { "/audit/api/v1/audit", 200, "{\"records\":[{\"seq\":2,\"time\":\"2026-01-01T00:00:01Z\",\"username\":\"officer\",\"action\":\"session.login\",\"outcome\":\"ok\",\"data\":{\"ip\":\"127.0.0.1\"},\"result_count\":null,\"hash\":\"ab\",\"prev_hash\":\"cd\"},{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"action\":\"session.login\",\"outcome\":\"failed\",\"data\":\"{}\"}],\"next_before\":1}" },
};

/* An alert as the service sends it: a tolerant hit, position 3 differs. */
#define ALERT_JSON(id, state) \
  "{\"id\":" #id ",\"created_at\":\"2026-11-23T06:50:01.123456Z\",\"state\":\"" state "\"," \
  "\"retro\":false,\"disposition\":null," \
  "\"match\":{\"kind\":\"tolerant\",\"matched_plate\":\"7ABC128\",\"differing\":[6]}," \
  "\"read\":{\"id\":991,\"plate\":\"7ABC128\",\"plate_raw\":\"7ABC 128\",\"region\":\"CA\"," \
  "\"captured_at\":\"2026-11-23T06:50:00.5Z\",\"confidence\":91.5," \
  "\"camera\":{\"id\":1,\"name\":\"Broadway & 14th St\"},\"lat\":37.8,\"lon\":-122.27,\"heading\":null," \
  "\"vehicle\":{\"make\":\"Honda\",\"model\":null,\"color\":\"silver\",\"type\":null}," \
  "\"plate_image_url\":\"/api/v1/reads/991/images/plate\",\"overview_image_url\":null}," \
  "\"entry\":{\"id\":5,\"plate\":\"7ABC123\",\"region\":\"CA\",\"category\":\"stolen_vehicle\"," \
  "\"case_number\":\"26-000123\",\"synopsis\":\"Taken from a driveway\",\"entered_by\":\"sergeant\"," \
  "\"list\":{\"id\":1,\"name\":\"Stolen Vehicles (NCIC)\",\"alert_level\":\"high\",\"priority\":0,\"covert\":false}}," \
  "\"history\":[{\"state\":\"new\",\"at\":\"2026-11-23T06:50:01.123456Z\",\"by\":null,\"note\":null}]}"

/* A read of a search's results: as `alert.read`, with `hit`. */
#define SEARCH_READ_JSON(id) \
  "{\"id\":" #id ",\"plate\":\"7ABC128\",\"plate_raw\":\"7ABC 128\",\"region\":\"CA\"," \
  "\"captured_at\":\"2026-11-23T06:50:00.5Z\",\"confidence\":91.5," \
  "\"camera\":{\"id\":1,\"name\":\"Broadway & 14th St\"},\"lat\":37.8,\"lon\":-122.27,\"heading\":null," \
  "\"vehicle\":null,\"plate_image_url\":\"/api/v1/reads/" #id "/images/plate\",\"overview_image_url\":null,\"hit\":true}"

static const Canned alert_canned[] = {
  { "/alerts/api/v1/alerts", 200, "{\"alerts\":[" ALERT_JSON (18, "visually_verified") "," ALERT_JSON (17, "new") "]}" },
  { "/alerts/api/v1/alerts/17", 200, ALERT_JSON (17, "new") },
  { "/alerts/api/v1/alerts/17/state", 409, "{\"error\":{\"code\":\"illegal_step\",\"message\":\"An alert that is “new” cannot become “closed”\"}}" },
  { "/alerts/api/v1/alerts/18/state", 200, ALERT_JSON (18, "validated") },
  { "/alerts/api/v1/cameras", 200, "{\"cameras\":[{\"id\":1,\"name\":\"Broadway & 14th St\",\"kind\":\"fixed\",\"lat\":37.8,\"lon\":-122.27,\"stream_url\":\"rtsp://127.0.0.1:8554/cam1\",\"online\":false,\"last_read_at\":\"2026-11-23T06:12:00Z\",\"last_heartbeat_at\":null,\"latest_read\":{\"id\":991,\"plate\":\"7ABC128\",\"region\":\"CA\",\"captured_at\":\"2026-11-23T06:11:00Z\",\"plate_image_url\":\"/api/v1/reads/991/images/plate\"}},{\"id\":2,\"name\":\"Trailer 7\",\"kind\":\"trailer\",\"lat\":null,\"lon\":null,\"stream_url\":null,\"online\":true,\"last_read_at\":null,\"last_heartbeat_at\":\"2026-11-23T06:49:00Z\",\"latest_read\":null}]}" },
  { "/bad-alerts/api/v1/alerts", 200, "{\"alerts\":[" ALERT_JSON (17, "lost") "]}" },
  { "/bad-alerts/api/v1/cameras", 200, "{\"cameras\":[{\"id\":3,\"name\":\"Home\",\"stream_url\":\"file:///etc/passwd\"}]}" },
  { "/alerts/api/v1/reads/992/images/plate", 200, "{\"not\":\"an image\"}" },
  { "/search/api/v1/searches", 201, "{\"search_id\":12,\"total\":5234,\"results\":[" SEARCH_READ_JSON (991) "],\"next_offset\":1}" },
  { "/search/api/v1/searches/12/results", 200, "{\"search_id\":12,\"total\":5234,\"offset\":200,\"results\":[" SEARCH_READ_JSON (992) "],\"next_offset\":201}" },
  { "/search/api/v1/tracks", 201, "{\"search_id\":13,\"plate\":\"7ABC128\",\"reads\":[" SEARCH_READ_JSON (991) "," SEARCH_READ_JSON (992) "]}" },
  { "/search/api/v1/searches/12/export.csv", 200, "time,plate\n2026-11-23T06:50:00.5Z,7ABC128\n" },
  { "/refused/api/v1/searches", 422, "{\"error\":{\"code\":\"case_number_format\",\"message\":\"“CASE-1” is not a case number of this agency; the format is like 26-012345\"}}" },
  { "/broad/api/v1/searches", 422, "{\"error\":{\"code\":\"search_too_broad\",\"message\":\"Narrow the search\"}}" },
  { "/broad/api/v1/searches/12/export.csv", 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"No such search\"}}" },
};

/* A 1×1 PNG. */
static const char png_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  if (g_str_equal (path, "/alerts/api/v1/reads/991/images/plate"))
    {
      gsize length = 0;
      guchar *png = g_base64_decode (png_base64, &length);

      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_TAKE, (char *) png, length);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (alert_canned); i++)
    if (g_str_equal (alert_canned[i].path, path))
      {
        soup_server_message_set_status (message, alert_canned[i].status, NULL);
        soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                          alert_canned[i].body, strlen (alert_canned[i].body));
        return;
      }

  for (guint i = 0; i < G_N_ELEMENTS (canned); i++)
    if (g_str_equal (canned[i].path, path))
      {
        soup_server_message_set_status (message, canned[i].status, NULL);
        soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                          canned[i].body, strlen (canned[i].body));
        return;
      }

  soup_server_message_set_status (message, 404, NULL);
}

typedef struct
{
  SoupServer *server;
  char       *base;
  GPtrArray  *sockets;        /* the WebSocket connections it accepted */
  char       *authorization;  /* of the last WebSocket request */
} Fake;

static void
fake_websocket_cb (SoupServer              *server,
                   SoupServerMessage       *message,
                   const char              *path,
                   SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  Fake *fake = user_data;
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Authorization");

  g_free (fake->authorization);
  fake->authorization = g_strdup (authorization);
  g_ptr_array_add (fake->sockets, g_object_ref (connection));

  /* One alert, one message it must skip, then the socket closes: the
   * client has to come back by itself for the next. */
  soup_websocket_connection_send_text (connection, "{\"type\":\"hello\"}");
  soup_websocket_connection_send_text (connection, "{\"type\":\"alert\",\"alert\":" ALERT_JSON (17, "new") "}");
  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

static void
fake_setup (Fake          *fake,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  fake->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (fake->server, NULL, fake_handler, NULL, NULL);
  soup_server_add_websocket_handler (fake->server, "/ws/api/v1/alerts/stream", NULL, NULL,
                                     fake_websocket_cb, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->server);
  fake->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (fake->base, "/"))
    fake->base[strlen (fake->base) - 1] = '\0';
}

static void
fake_teardown (Fake          *fake,
               gconstpointer  data)
{
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->sockets, g_ptr_array_unref);
  g_free (fake->authorization);
  g_free (fake->base);
}

static SlClient *
client_for (const char *base,
            const char *prefix)
{
  SlClient *client = sl_client_new ();
  g_autofree char *url = g_strconcat (base, prefix, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_client_set_server (client, url, &error));
  g_assert_no_error (error);
  return client;
}

static SlServerInfo *
health (SlClient  *client,
        GError   **error)
{
  Wait wait = { 0 };
  SlServerInfo *info;

  sl_client_health_async (client, NULL, store_result_cb, &wait);
  info = sl_client_health_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return info;
}

static void
test_fake_health (Fake          *fake,
                  gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlServerInfo) info = health (client, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sl_server_info_get_agency (info), ==, "Fake PD");
  g_assert_cmpstr (sl_server_info_get_notice (info), ==, "Fake notice.");
}

static void
test_fake_bad_payloads (Fake          *fake,
                        gconstpointer  data)
{
  static const char *prefixes[] = { "/bad-json", "/not-object", "/wrong-type" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(SlClient) client = client_for (fake->base, prefixes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlServerInfo) info = health (client, &error);

      g_assert_null (info);
      g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
    }

  {
    g_autoptr(SlClient) client = client_for (fake->base, "/html");
    g_autoptr(GError) error = NULL;
    g_autoptr(SlServerInfo) info = health (client, &error);

    g_assert_null (info);
    g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SERVER);
  }
}

static SlSession *
login (SlClient    *client,
       const char  *username,
       const char  *password,
       gboolean     acknowledged,
       GError     **error)
{
  Wait wait = { 0 };
  SlSession *session;

  sl_client_login_async (client, username, password, NULL, acknowledged, NULL,
                         store_result_cb, &wait);
  session = sl_client_login_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return session;
}

static void
test_fake_login_errors (Fake          *fake,
                        gconstpointer  data)
{
  g_autoptr(SlClient) no_token = client_for (fake->base, "/no-token");
  g_autoptr(SlClient) locked = client_for (fake->base, "/locked");
  g_autoptr(GError) error1 = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_null (login (no_token, "a", "b", TRUE, &error1));
  g_assert_error (error1, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_null (sl_client_get_token (no_token));

  g_assert_null (login (locked, "a", "b", TRUE, &error2));
  g_assert_error (error2, SL_CLIENT_ERROR, SL_CLIENT_ERROR_LOCKED);
  g_assert_cmpstr (error2->message, ==, "Locked after five failed logins.");
}

static void
session_ended_cb (SlClient     *client,
                  const GError *error,
                  gpointer      user_data)
{
  GError **out = user_data;

  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
test_fake_session_expired_signal (Fake          *fake,
                                  gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/expired");
  g_autoptr(GError) signalled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) session = NULL;
  Wait wait = { 0 };

  sl_client_set_token (client, "stale");
  g_signal_connect (client, "session-ended", G_CALLBACK (session_ended_cb), &signalled);

  sl_client_get_session_async (client, NULL, store_result_cb, &wait);
  session = sl_client_get_session_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);

  g_assert_null (session);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SESSION_EXPIRED);
  g_assert_error (signalled, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SESSION_EXPIRED);
  g_assert_null (sl_client_get_token (client));
}

static GPtrArray *
audit (SlClient            *client,
       const SlAuditFilter *filter,
       gint64              *next_before,
       GError             **error)
{
  Wait wait = { 0 };
  GPtrArray *records;

  sl_client_query_audit_async (client, filter, NULL, store_result_cb, &wait);
  records = sl_client_query_audit_finish (client, wait_result (&wait), next_before, error);
  g_clear_object (&wait.result);
  return records;
}

static void
test_fake_audit_parsing (Fake          *fake,
                         gconstpointer  data)
{
  g_autoptr(SlClient) good = client_for (fake->base, "/audit");
  g_autoptr(SlClient) bad = client_for (fake->base, "/bad-audit");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_error = NULL;
  SlAuditRecord *record;
  gint64 next_before = 0;

  sl_client_set_token (good, "t");
  sl_client_set_token (bad, "t");

  records = audit (good, NULL, &next_before, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (next_before, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->seq, ==, 2);
  g_assert_cmpstr (record->username, ==, "officer");
  g_assert_cmpstr (record->action, ==, "session.login");
  g_assert_cmpint (record->result_count, ==, -1);
  g_assert_nonnull (strstr (record->data, "127.0.0.1"));
  g_assert_cmpint (record->time_us, >, 0);

  none = audit (bad, NULL, NULL, &bad_error);
  g_assert_null (none);
  g_assert_error (bad_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
}

static void
test_unreachable (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* Take a free port, then let it go: nobody listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  client = client_for (url, "");
  info = health (client, &error);
  g_assert_null (info);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_cancelled (void)
{
  g_autoptr(SlClient) client = client_for ("http://127.0.0.1:9", "");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_cancellable_cancel (cancellable);
  sl_client_health_async (client, cancellable, store_result_cb, &wait);
  g_assert_null (sl_client_health_finish (client, wait_result (&wait), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&wait.result);
}

static void
test_ca_file_missing (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (sl_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS);
  g_assert_null (sl_client_get_ca_file (client));
}

static GPtrArray *
list_alerts (SlClient             *client,
             const SlAlertFilter  *filter,
             GError              **error)
{
  Wait wait = { 0 };
  GPtrArray *alerts;

  sl_client_list_alerts_async (client, filter, NULL, store_result_cb, &wait);
  alerts = sl_client_list_alerts_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return alerts;
}

static SlAlert *
get_alert (SlClient  *client,
           gint64     id,
           GError   **error)
{
  Wait wait = { 0 };
  SlAlert *alert;

  sl_client_get_alert_async (client, id, NULL, store_result_cb, &wait);
  alert = sl_client_get_alert_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return alert;
}

static SlAlert *
set_state (SlClient      *client,
           gint64         id,
           SlAlertState   state,
           const char    *note,
           const char    *disposition,
           GError       **error)
{
  Wait wait = { 0 };
  SlAlert *alert;

  sl_client_set_alert_state_async (client, id, state, note, disposition, NULL, store_result_cb, &wait);
  alert = sl_client_set_alert_state_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return alert;
}

static GBytes *
fetch_image (SlClient    *client,
             const char  *url,
             char       **content_type,
             GError     **error)
{
  Wait wait = { 0 };
  GBytes *bytes;

  sl_client_fetch_image_async (client, url, NULL, store_result_cb, &wait);
  bytes = sl_client_fetch_image_finish (client, wait_result (&wait), content_type, error);
  g_clear_object (&wait.result);
  return bytes;
}

static GPtrArray *
list_cameras (SlClient  *client,
              GError   **error)
{
  Wait wait = { 0 };
  GPtrArray *cameras;

  sl_client_list_cameras_async (client, NULL, store_result_cb, &wait);
  cameras = sl_client_list_cameras_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return cameras;
}

static void
test_fake_alerts (Fake          *fake,
                  gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/alerts");
  g_autoptr(SlClient) bad = client_for (fake->base, "/bad-alerts");
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(SlAlert) single = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_error = NULL;
  const SlAlertStep *step;
  const guint *differing;
  guint n_differing = 0;
  SlAlert *alert;

  sl_client_set_token (client, "t");
  sl_client_set_token (bad, "t");

  alerts = list_alerts (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 2);

  /* Newest first, as the service sent them. */
  alert = g_ptr_array_index (alerts, 0);
  g_assert_cmpint (sl_alert_get_id (alert), ==, 18);
  g_assert_cmpint (sl_alert_get_id (g_ptr_array_index (alerts, 1)), ==, 17);

  g_assert_cmpint (sl_alert_get_state (alert), ==, SL_ALERT_VISUALLY_VERIFIED);
  g_assert_cmpint (sl_alert_get_kind (alert), ==, SL_MATCH_TOLERANT);
  differing = sl_alert_get_differing (alert, &n_differing);
  g_assert_cmpuint (n_differing, ==, 1);
  g_assert_cmpuint (differing[0], ==, 6);
  g_assert_cmpstr (sl_alert_get_plate (alert), ==, "7ABC128");
  g_assert_cmpstr (sl_alert_get_plate_raw (alert), ==, "7ABC 128");
  g_assert_cmpstr (sl_alert_get_entry_plate (alert), ==, "7ABC123");
  g_assert_cmpstr (sl_alert_get_camera_name (alert), ==, "Broadway & 14th St");
  g_assert_cmpstr (sl_alert_get_list_name (alert), ==, "Stolen Vehicles (NCIC)");
  g_assert_cmpint (sl_alert_get_level (alert), ==, SL_ALERT_LEVEL_HIGH);
  g_assert_cmpstr (sl_alert_get_category_label (alert), ==, "Stolen vehicle");
  g_assert_cmpstr (sl_alert_get_case_number (alert), ==, "26-000123");
  g_assert_cmpstr (sl_alert_get_entered_by (alert), ==, "sergeant");
  g_assert_cmpfloat_with_epsilon (sl_alert_get_confidence (alert), 91.5, 0.001);
  g_assert_true (isnan (sl_alert_get_heading (alert)));
  g_assert_cmpstr (sl_alert_get_vehicle_make (alert), ==, "Honda");
  g_assert_null (sl_alert_get_vehicle_model (alert));
  g_assert_cmpstr (sl_alert_get_plate_image_url (alert), ==, "/api/v1/reads/991/images/plate");
  g_assert_null (sl_alert_get_overview_image_url (alert));
  g_assert_cmpuint (sl_alert_get_n_steps (alert), ==, 1);
  step = sl_alert_get_step (alert, 0);
  g_assert_cmpint (step->state, ==, SL_ALERT_NEW);
  g_assert_null (step->by);

  single = get_alert (client, 17, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_alert_get_state (single), ==, SL_ALERT_NEW);

  /* A state this client does not know is a broken answer, not a crash. */
  none = list_alerts (bad, NULL, &bad_error);
  g_assert_null (none);
  g_assert_error (bad_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (bad_error->message, "lost"));
}

static void
test_fake_alert_state (Fake          *fake,
                       gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/alerts");
  g_autoptr(SlAlert) moved = NULL;
  g_autoptr(SlAlert) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) conflict = NULL;

  sl_client_set_token (client, "t");

  moved = set_state (client, 18, SL_ALERT_VALIDATED, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_alert_get_state (moved), ==, SL_ALERT_VALIDATED);

  /* The service's words reach the user. */
  refused = set_state (client, 17, SL_ALERT_CLOSED, "x", "arrest", &conflict);
  g_assert_null (refused);
  g_assert_error (conflict, SL_CLIENT_ERROR, SL_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (conflict->message, ==, "An alert that is “new” cannot become “closed”");
}

static void
test_fake_images (Fake          *fake,
                  gconstpointer  data)
{
  static const char *foreign[] = {
    "https://elsewhere.example/x.png", "/api/v1/../../etc/passwd", "reads/1/images/plate",
  };
  g_autoptr(SlClient) client = client_for (fake->base, "/alerts");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) not_image = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) type_error = NULL;
  g_autofree char *content_type = NULL;
  gsize length = 0;
  g_autofree guchar *png = g_base64_decode (png_base64, &length);

  sl_client_set_token (client, "t");

  image = fetch_image (client, "/api/v1/reads/991/images/plate", &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (image, NULL), g_bytes_get_size (image), png, length);

  not_image = fetch_image (client, "/api/v1/reads/992/images/plate", NULL, &type_error);
  g_assert_null (not_image);
  g_assert_error (type_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);

  /* The token never goes anywhere but this service's API. */
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autoptr(GError) url_error = NULL;
      g_autoptr(GBytes) bytes = fetch_image (client, foreign[i], NULL, &url_error);

      g_assert_null (bytes);
      g_assert_error (url_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL);
    }
}

static void
test_fake_cameras (Fake          *fake,
                   gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/alerts");
  g_autoptr(SlClient) bad = client_for (fake->base, "/bad-alerts");
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_error = NULL;
  SlCameraStatus *fixed;
  SlCameraStatus *trailer;
  gint64 heartbeat = 0;

  sl_client_set_token (client, "t");
  sl_client_set_token (bad, "t");

  cameras = list_cameras (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 2);

  fixed = g_ptr_array_index (cameras, 0);
  g_assert_cmpstr (sl_camera_status_get_name (fixed), ==, "Broadway & 14th St");
  g_assert_false (sl_camera_status_get_online (fixed));
  g_assert_cmpstr (sl_camera_status_get_stream_url (fixed), ==, "rtsp://127.0.0.1:8554/cam1");
  g_assert_cmpstr (sl_camera_status_get_latest_plate (fixed), ==, "7ABC128");
  g_assert_cmpint (sl_camera_status_get_latest_read_id (fixed), ==, 991);
  g_assert_cmpint (sl_camera_status_get_last_seen_us (fixed), ==,
                   sl_camera_status_get_last_read_at_us (fixed));

  trailer = g_ptr_array_index (cameras, 1);
  g_assert_true (sl_camera_status_get_online (trailer));
  g_assert_null (sl_camera_status_get_stream_url (trailer));
  g_assert_null (sl_camera_status_get_latest_plate (trailer));
  g_assert_true (sl_clock_parse_iso8601 ("2026-11-23T06:49:00Z", &heartbeat, NULL));
  g_assert_cmpint (sl_camera_status_get_last_seen_us (trailer), ==, heartbeat);

  /* A stream address the video would open as a local file is refused. */
  none = list_cameras (bad, &bad_error);
  g_assert_null (none);
  g_assert_error (bad_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
}

typedef struct
{
  guint     received;
  guint     updated;
  gint64    last_id;
  char     *last_plate;
  SlAlertState last_state;
} Heard;

static void
download_progress_cb (goffset  received,
                      goffset  total,
                      gpointer user_data)
{
  goffset *last = user_data;

  *last = received;
}

static void
test_fake_searches (Fake          *fake,
                    gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/search");
  g_autoptr(SlClient) refused = client_for (fake->base, "/refused");
  g_autoptr(SlClient) broad = client_for (fake->base, "/broad");
  g_autoptr(SlSearchContext) context =
    sl_search_context_new ("26-012345", "stolen_vehicle", NULL, "Grey Civic taken at gunpoint");
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(SlSearchAnswer) page = NULL;
  g_autoptr(SlSearchAnswer) track = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-test-export-XXXXXX", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  goffset progress = 0;
  Wait wait = { 0 };

  sl_client_set_token (client, "t");
  sl_client_set_token (refused, "t");
  sl_client_set_token (broad, "t");
  filter->plate = g_strdup ("7ABC128");

  sl_client_create_search_async (client, context, filter, SL_SEARCH_ORDER_NEWEST, 200, NULL,
                                 store_result_cb, &wait);
  answer = sl_client_create_search_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (answer->search_id, ==, 12);
  g_assert_cmpuint (answer->total, ==, 5234);
  g_assert_cmpuint (answer->results->len, ==, 1);
  g_assert_true (sl_search_read_get_hit (g_ptr_array_index (answer->results, 0)));

  sl_client_get_search_results_async (client, 12, 200, 200, SL_SEARCH_ORDER_OLDEST, NULL,
                                      store_result_cb, &wait);
  page = sl_client_get_search_results_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (page->offset, ==, 200);
  g_assert_cmpint (sl_search_read_get_id (g_ptr_array_index (page->results, 0)), ==, 992);

  sl_client_create_track_async (client, context, "7ABC128", 0, 0, NULL, store_result_cb, &wait);
  track = sl_client_create_track_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (track->plate, ==, "7ABC128");
  g_assert_cmpuint (track->results->len, ==, 2);

  /* A refused case number comes back as that field's error, in the service's words. */
  sl_client_create_search_async (refused, context, filter, SL_SEARCH_ORDER_NEWEST, 0, NULL,
                                 store_result_cb, &wait);
  g_assert_null (sl_client_create_search_finish (refused, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_FORMAT);
  g_assert_cmpint (sl_search_field_for_error (error), ==, SL_SEARCH_FIELD_CASE_NUMBER);
  g_assert_nonnull (strstr (error->message, "CASE-1"));
  g_clear_error (&error);

  sl_client_create_search_async (broad, context, filter, SL_SEARCH_ORDER_NEWEST, 0, NULL,
                                 store_result_cb, &wait);
  g_assert_null (sl_client_create_search_finish (broad, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
  g_assert_cmpstr (error->message, ==, "Narrow the search");
  g_clear_error (&error);

  /* An export lands in the chosen file, with progress; a failed one leaves none. */
  path = g_build_filename (dir, "search-12.csv", NULL);
  file = g_file_new_for_path (path);
  sl_client_download_async (client, "/searches/12/export.csv", file, download_progress_cb, &progress,
                            NULL, store_result_cb, &wait);
  g_assert_cmpint (sl_client_download_finish (client, wait_result (&wait), &error), ==, 42);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (progress, ==, 42);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "time,plate\n"));
  g_unlink (path);

  sl_client_download_async (broad, "/searches/12/export.csv", file, NULL, NULL,
                            NULL, store_result_cb, &wait);
  g_assert_cmpint (sl_client_download_finish (broad, wait_result (&wait), &error), ==, -1);
  g_clear_object (&wait.result);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}


static void
heard_cb (SlAlertStream *stream,
          SlAlert       *alert,
          gpointer       user_data)
{
  Heard *heard = user_data;

  heard->received++;
  heard->last_id = sl_alert_get_id (alert);
  heard->last_state = sl_alert_get_state (alert);
  g_free (heard->last_plate);
  heard->last_plate = g_strdup (sl_alert_get_plate (alert));
}

static void
heard_update_cb (SlAlertStream *stream,
                 SlAlert       *alert,
                 gpointer       user_data)
{
  Heard *heard = user_data;

  heard->updated++;
  heard->last_id = sl_alert_get_id (alert);
  heard->last_state = sl_alert_get_state (alert);
}

static gboolean
wait_until (gboolean (*condition) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
heard_twice (gpointer data)
{
  return ((Heard *) data)->received >= 2;
}

static void
test_fake_stream_reconnects (Fake          *fake,
                             gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/ws");
  g_autoptr(SlAlertStream) stream = sl_alert_stream_new (client);
  Heard heard = { 0 };

  sl_client_set_token (client, "secret-token");
  sl_alert_stream_set_backoff (stream, 50, 200);
  g_signal_connect (stream, "alert-received", G_CALLBACK (heard_cb), &heard);

  g_assert_false (sl_alert_stream_get_connected (stream));
  sl_alert_stream_start (stream);
  g_assert_true (sl_alert_stream_get_running (stream));

  /* The server closes after each alert; the second proves the reconnect. */
  g_assert_true (wait_until (heard_twice, &heard, 10000));
  g_assert_cmpuint (fake->sockets->len, >=, 2);
  g_assert_cmpint (heard.last_id, ==, 17);
  g_assert_cmpstr (heard.last_plate, ==, "7ABC128");
  g_assert_cmpstr (fake->authorization, ==, "Bearer secret-token");

  sl_alert_stream_stop (stream);
  g_assert_false (sl_alert_stream_get_running (stream));
  g_assert_false (sl_alert_stream_get_connected (stream));
  g_free (heard.last_plate);
}

static void
test_stream_messages (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(SlAlertStream) stream = sl_alert_stream_new (client);
  static const char *bad[] = {
    "not json", "[1]", "{\"alert\":{}}", "{\"type\":\"alert\"}",
    "{\"type\":\"alert\",\"alert\":{\"id\":1}}",
  };
  const char *good = "{\"type\":\"alert_updated\",\"alert\":" ALERT_JSON (18, "closed") "}";
  Heard heard = { 0 };

  g_signal_connect (stream, "alert-received", G_CALLBACK (heard_cb), &heard);
  g_signal_connect (stream, "alert-updated", G_CALLBACK (heard_update_cb), &heard);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sl_alert_stream_handle_message (stream, bad[i], strlen (bad[i]), &error));
      g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
    }

  /* Types of a newer service are skipped, not errors. */
  g_assert_true (sl_alert_stream_handle_message (stream, "{\"type\":\"ping\"}", 15, NULL));
  g_assert_true (sl_alert_stream_handle_message (stream, good, strlen (good), NULL));
  g_assert_cmpuint (heard.received, ==, 0);
  g_assert_cmpuint (heard.updated, ==, 1);
  g_assert_cmpint (heard.last_state, ==, SL_ALERT_CLOSED);
}

/* ---- the real service ---- */

static SlTestService *service;
static SlTestService *tls_service;

static void
skip_without_service (void)
{
  if (service == NULL)
    g_test_skip ("no sightlined: set SIGHTLINED to a built service");
}

static void
test_service_login_and_session (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlSession) again = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  skip_without_service ();
  if (service == NULL)
    return;

  client = client_for (sl_test_service_get_url (service), "");
  session = login (client, "sergeant", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_session_get_full_name (session), ==, "Sam Sergeant");
  g_assert_cmpuint (sl_session_get_roles (session), ==, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR);
  g_assert_cmpint (sl_session_get_training_status (session), ==, SL_TRAINING_CURRENT);
  g_assert_nonnull (sl_client_get_token (client));
  g_assert_true (sl_client_get_current_session (client) == session);

  sl_client_get_session_async (client, NULL, store_result_cb, &wait);
  again = sl_client_get_session_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_session_get_username (again), ==, "sergeant");
}

static void
test_service_notice_required (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(GError) error = NULL;

  skip_without_service ();
  if (service == NULL)
    return;

  client = client_for (sl_test_service_get_url (service), "");
  g_assert_null (login (client, "sergeant", SL_TEST_PASSWORD, FALSE, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOTICE_REQUIRED);
  g_assert_null (sl_client_get_token (client));
}

static void
test_service_policy_and_audit_roles (void)
{
  g_autoptr(SlClient) officer = NULL;
  g_autoptr(SlClient) auditor = NULL;
  g_autoptr(SlSession) s1 = NULL;
  g_autoptr(SlSession) s2 = NULL;
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(GPtrArray) denied = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) forbidden = NULL;
  SlAuditFilter filter = { .username = "auditor", .limit = 10 };
  Wait wait = { 0 };

  skip_without_service ();
  if (service == NULL)
    return;

  officer = client_for (sl_test_service_get_url (service), "");
  auditor = client_for (sl_test_service_get_url (service), "");
  s1 = login (officer, "officer", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  s2 = login (auditor, "auditor", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);

  sl_client_get_policy_async (officer, NULL, store_result_cb, &wait);
  policy = sl_client_get_policy_finish (officer, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (policy, "id"), ==, "demo");

  /* Officers do not read the access log; auditors do, and see their login. */
  denied = audit (officer, NULL, NULL, &forbidden);
  g_assert_null (denied);
  g_assert_error (forbidden, SL_CLIENT_ERROR, SL_CLIENT_ERROR_FORBIDDEN);

  records = audit (auditor, &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >=, 1);
  for (guint i = 0; i < records->len; i++)
    {
      SlAuditRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpstr (record->username, ==, "auditor");
      g_assert_cmpuint (strlen (record->hash), ==, 64);
    }
}

static void
test_service_training_lapsed (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  skip_without_service ();
  if (service == NULL)
    return;

  /* A lapsed user logs in and learns why they cannot search. */
  client = client_for (sl_test_service_get_url (service), "");
  session = login (client, "lapsed", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_session_get_training_status (session), ==, SL_TRAINING_EXPIRED);
  g_assert_nonnull (sl_session_get_training_expires_on (session));

  sl_client_query_audit_async (client, NULL, NULL, store_result_cb, &wait);
  g_assert_null (sl_client_query_audit_finish (client, wait_result (&wait), NULL, &error));
  g_clear_object (&wait.result);
  /* An officer may not read the log at all, trained or not. */
  g_assert_true (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_FORBIDDEN) ||
                 g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TRAINING_EXPIRED));
}

static void
test_service_wrong_password_and_logout (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) after = NULL;
  Wait wait = { 0 };

  skip_without_service ();
  if (service == NULL)
    return;

  client = client_for (sl_test_service_get_url (service), "");
  g_assert_null (login (client, "records", "not-the-password", TRUE, &wrong));
  g_assert_error (wrong, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (wrong->message, !=, "");

  session = login (client, "records", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_session_get_roles (session), ==, SL_ROLE_RECORDS);

  sl_client_logout_async (client, NULL, store_result_cb, &wait);
  g_assert_true (sl_client_logout_finish (client, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_null (sl_client_get_token (client));
  g_assert_null (sl_client_get_current_session (client));

  /* The old token is dead on the service too. */
  sl_client_set_token (client, sl_session_get_token (session));
  sl_client_get_session_async (client, NULL, store_result_cb, &wait);
  g_assert_null (sl_client_get_session_finish (client, wait_result (&wait), &after));
  g_clear_object (&wait.result);
  g_assert_true (g_error_matches (after, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNAUTHORIZED) ||
                 g_error_matches (after, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SESSION_EXPIRED));
}

static void
test_service_lockout (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(GError) error = NULL;

  skip_without_service ();
  if (service == NULL)
    return;

  client = client_for (sl_test_service_get_url (service), "");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) wrong = NULL;

      g_assert_null (login (client, "unlucky", "not-the-password", TRUE, &wrong));
      g_assert_nonnull (wrong);
    }

  /* Even the right password is refused now, with who to ask. */
  g_assert_null (login (client, "unlucky", SL_TEST_PASSWORD, TRUE, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_LOCKED);
  g_assert_cmpstr (error->message, !=, "");
}

static SlClient *
logged_in (const char *username)
{
  SlClient *client = client_for (sl_test_service_get_url (service), "");
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = login (client, username, SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  return client;
}

static gboolean
stream_connected (gpointer data)
{
  return sl_alert_stream_get_connected (data);
}

static gboolean
heard_one (gpointer data)
{
  return ((Heard *) data)->received >= 1;
}

static gboolean
heard_update (gpointer data)
{
  return ((Heard *) data)->updated >= 1;
}

static void
post_read (const char *plate,
           GBytes     *image)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_test_service_post_read (service, plate, "CA", image, NULL, &error));
  g_assert_no_error (error);
}

static void
test_service_alert_flow (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlAlertStream) stream = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) posted = NULL;
  g_autoptr(SlAlert) verified = NULL;
  g_autoptr(SlAlert) backwards = NULL;
  g_autoptr(SlAlert) validated = NULL;
  g_autoptr(SlAlert) no_disposition = NULL;
  g_autoptr(SlAlert) closed = NULL;
  g_autoptr(SlAlert) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) conflict = NULL;
  g_autoptr(GError) missing = NULL;
  g_autofree char *content_type = NULL;
  SlAlertFilter filter = { .plate = "7ABC123" };
  Heard heard = { 0 };
  gsize length = 0;
  guchar *png;
  gint64 id;

  skip_without_service ();
  if (service == NULL)
    return;

  png = g_base64_decode (png_base64, &length);
  posted = g_bytes_new_take (png, length);

  client = logged_in ("officer");
  stream = sl_alert_stream_new (client);
  g_signal_connect (stream, "alert-received", G_CALLBACK (heard_cb), &heard);
  g_signal_connect (stream, "alert-updated", G_CALLBACK (heard_update_cb), &heard);
  sl_alert_stream_start (stream);
  g_assert_true (wait_until (stream_connected, stream, 10000));

  /* A read of a listed plate reaches the socket as an alert. */
  {
    gint64 posted_at = g_get_monotonic_time ();

    post_read ("7ABC123", posted);
    g_assert_true (wait_until (heard_one, &heard, 10000));
    g_test_message ("read posted to alert on the client's socket: %.1f ms",
                    (g_get_monotonic_time () - posted_at) / 1000.0);
  }
  g_assert_cmpstr (heard.last_plate, ==, "7ABC123");
  g_assert_cmpint (heard.last_state, ==, SL_ALERT_NEW);
  id = heard.last_id;

  alerts = list_alerts (client, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, >=, 1);
  {
    SlAlert *alert = g_ptr_array_index (alerts, 0);

    g_assert_cmpint (sl_alert_get_id (alert), ==, id);
    g_assert_cmpint (sl_alert_get_kind (alert), ==, SL_MATCH_EXACT);
    g_assert_cmpstr (sl_alert_get_list_name (alert), ==, "Stolen Vehicles (NCIC)");
    g_assert_cmpstr (sl_alert_get_camera_name (alert), ==, "Broadway & 14th St");
    g_assert_cmpstr (sl_alert_get_case_number (alert), ==, "26-000123");
    g_assert_nonnull (sl_alert_get_plate_image_url (alert));

    /* The plate image is the one the camera sent. */
    image = fetch_image (client, sl_alert_get_plate_image_url (alert), &content_type, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (content_type, "image/"));
    g_assert_true (g_bytes_equal (image, posted));
  }

  verified = set_state (client, id, SL_ALERT_VISUALLY_VERIFIED, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_alert_get_state (verified), ==, SL_ALERT_VISUALLY_VERIFIED);
  g_assert_true (wait_until (heard_update, &heard, 10000));
  g_assert_cmpint (heard.last_id, ==, id);
  g_assert_cmpint (heard.last_state, ==, SL_ALERT_VISUALLY_VERIFIED);

  /* No step back: 409 with the service's reason. */
  backwards = set_state (client, id, SL_ALERT_NEW, NULL, NULL, &conflict);
  g_assert_null (backwards);
  g_assert_error (conflict, SL_CLIENT_ERROR, SL_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (conflict->message, !=, "");

  validated = set_state (client, id, SL_ALERT_VALIDATED, "CLETS: still stolen", NULL, &error);
  g_assert_no_error (error);

  /* Closing takes a disposition. */
  no_disposition = set_state (client, id, SL_ALERT_CLOSED, "Driver arrested", NULL, &missing);
  g_assert_null (no_disposition);
  g_assert_error (missing, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
  g_assert_nonnull (strstr (missing->message, "disposition"));

  closed = set_state (client, id, SL_ALERT_CLOSED, "Driver arrested", "arrest", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_alert_get_state (closed), ==, SL_ALERT_CLOSED);
  g_assert_cmpstr (sl_alert_get_disposition (closed), ==, "arrest");

  /* Every step is in the history, with who and the note. */
  again = get_alert (client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_alert_get_n_steps (again), ==, 4);
  g_assert_cmpint (sl_alert_get_step (again, 3)->state, ==, SL_ALERT_CLOSED);
  g_assert_cmpstr (sl_alert_get_step (again, 3)->by, ==, "officer");
  g_assert_cmpstr (sl_alert_get_step (again, 3)->note, ==, "Driver arrested");

  sl_alert_stream_stop (stream);
  g_free (heard.last_plate);
}

static void
test_service_note_and_roles (void)
{
  g_autoptr(SlClient) officer = NULL;
  g_autoptr(SlClient) analyst = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(SlAlert) no_note = NULL;
  g_autoptr(SlAlert) by_analyst = NULL;
  g_autoptr(SlAlert) misread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) forbidden = NULL;
  SlAlertFilter filter = { .plate = "8XYZ999", .state = "new" };
  gint64 id;

  skip_without_service ();
  if (service == NULL)
    return;

  officer = logged_in ("officer");
  analyst = logged_in ("analyst");
  post_read ("8XYZ999", NULL);

  alerts = list_alerts (officer, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 1);
  id = sl_alert_get_id (g_ptr_array_index (alerts, 0));

  /* Analysts see alerts, but do not work them. */
  seen = list_alerts (analyst, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  by_analyst = set_state (analyst, id, SL_ALERT_VISUALLY_VERIFIED, NULL, NULL, &forbidden);
  g_assert_null (by_analyst);
  g_assert_error (forbidden, SL_CLIENT_ERROR, SL_CLIENT_ERROR_FORBIDDEN);

  /* A misread needs a note saying what the plate really is. */
  no_note = set_state (officer, id, SL_ALERT_MISREAD, "  ", NULL, &missing);
  g_assert_null (no_note);
  g_assert_error (missing, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
  g_assert_nonnull (strstr (missing->message, "note"));

  misread = set_state (officer, id, SL_ALERT_MISREAD, "Plate is 8XYZ989", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_alert_get_state (misread), ==, SL_ALERT_MISREAD);
}

static void
test_service_cameras (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  SlCameraStatus *camera;

  skip_without_service ();
  if (service == NULL)
    return;

  client = logged_in ("officer");
  post_read ("ZZZ0001", NULL);

  cameras = list_cameras (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);
  camera = g_ptr_array_index (cameras, 0);
  g_assert_cmpint (sl_camera_status_get_id (camera), ==, sl_test_service_get_camera_id (service));
  g_assert_cmpstr (sl_camera_status_get_name (camera), ==, "Broadway & 14th St");
  g_assert_cmpstr (sl_camera_status_get_stream_url (camera), ==, "rtsp://127.0.0.1:1/none");
  /* It just posted a read: online, and the read is its latest. */
  g_assert_true (sl_camera_status_get_online (camera));
  g_assert_nonnull (sl_camera_status_get_latest_plate (camera));
}

static void
skip_without_tls_service (void)
{
  if (tls_service == NULL)
    g_test_skip ("no sightlined or no openssl for a TLS service");
}

static void
test_tls_unknown_ca (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  skip_without_tls_service ();
  if (tls_service == NULL)
    return;

  /* Without the agency's CA the service's certificate is not trusted. */
  client = client_for (sl_test_service_get_url (tls_service), "");
  info = health (client, &error);
  g_assert_null (info);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "The certificate of 127.0.0.1 is not signed by the agency’s certificate authority"));
}

static void
test_tls_agency_ca (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlServerInfo) info = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  skip_without_tls_service ();
  if (tls_service == NULL)
    return;

  client = client_for (sl_test_service_get_url (tls_service), "");
  g_assert_true (sl_client_set_ca_file (client, sl_test_service_get_ca_file (tls_service), &error));
  g_assert_no_error (error);

  info = health (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_server_info_get_status (info), ==, "ok");

  session = login (client, "sergeant", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_session_get_username (session), ==, "sergeant");
}

static SlSearchAnswer *
create_search (SlClient         *client,
               SlSearchContext  *context,
               SlSearchFilter   *filter,
               GError          **error)
{
  Wait wait = { 0 };
  SlSearchAnswer *answer;

  sl_client_create_search_async (client, context, filter, SL_SEARCH_ORDER_NEWEST, 1, NULL,
                                 store_result_cb, &wait);
  answer = sl_client_create_search_finish (client, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return answer;
}

static void
test_service_searches (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlSearchContext) context =
    sl_search_context_new ("26-012345", "stolen_vehicle", NULL, "Grey Civic taken at gunpoint");
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(SlSearchAnswer) page = NULL;
  g_autoptr(GError) error = NULL;
  const struct {
    const char *case_number;
    const char *purpose;
    const char *note;
    int         code;
  } refusals[] = {
    { "CASE-1", "stolen_vehicle", "Grey Civic taken at gunpoint", SL_ERROR_CASE_NUMBER_FORMAT },
    { "26-012345", "stolen_vehicle", "investigation", SL_ERROR_PURPOSE_TOO_GENERIC },
    { "26-012345", "immigration_enforcement", "Grey Civic taken at gunpoint", SL_ERROR_PURPOSE_NOT_AUTHORIZED },
  };
  Wait wait = { 0 };

  skip_without_service ();
  if (service == NULL)
    return;

  for (int i = 0; i < 3; i++)
    {
      g_assert_true (sl_test_service_post_read (service, "6SRC001", "CA", NULL, NULL, &error));
      g_assert_no_error (error);
    }

  client = client_for (sl_test_service_get_url (service), "");
  session = login (client, "officer", SL_TEST_PASSWORD, TRUE, &error);
  g_assert_no_error (error);

  filter->plate = g_strdup ("6SRC001");
  answer = create_search (client, context, filter, &error);
  if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOT_FOUND))
    {
      g_test_skip ("the service has no searches yet");
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (answer->total, ==, 3);
  g_assert_cmpuint (answer->results->len, ==, 1);
  g_assert_cmpstr (sl_search_read_get_plate (g_ptr_array_index (answer->results, 0)), ==, "6SRC001");

  /* Pages go on where the first answer stopped. */
  sl_client_get_search_results_async (client, answer->search_id, 1, 200, SL_SEARCH_ORDER_OLDEST, NULL,
                                      store_result_cb, &wait);
  page = sl_client_get_search_results_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (page->offset, ==, 1);
  g_assert_cmpuint (page->results->len, ==, 2);

  /* Each gate refusal names its field. */
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(SlSearchContext) bad = sl_search_context_new (refusals[i].case_number, refusals[i].purpose,
                                                              NULL, refusals[i].note);

      g_assert_null (create_search (client, bad, filter, &error));
      g_assert_error (error, SL_ERROR, refusals[i].code);
      g_clear_error (&error);
    }

  /* No narrowing filter at all. */
  g_clear_pointer (&filter->plate, g_free);
  g_assert_null (create_search (client, context, filter, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
}


static void
test_fake_hotlist_entries (Fake          *fake,
                           gconstpointer  data)
{
  g_autoptr(SlClient) client = client_for (fake->base, "/hl");
  g_autoptr(SlClient) refused = client_for (fake->base, "/hl-refused");
  g_autoptr(SlClient) bad = client_for (fake->base, "/hl-bad");
  g_autoptr(SlHotlistEntryPage) page = NULL;
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(SlHotlistEntry) none = NULL;
  g_autoptr(GPtrArray) approvals = NULL;
  g_autoptr(SlHotlistEntryFields) fields = sl_hotlist_entry_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  SlHotlistEntryFilter filter = { .query = "7ab", .order = SL_HOTLIST_ENTRY_ORDER_PLATE, .limit = 1 };
  SlHotlistApproval *approval;
  SlHotlistVersion *version;
  GHashTable *field_errors;
  Wait wait = { 0 };

  sl_client_set_token (client, "t");
  sl_client_set_token (refused, "t");
  sl_client_set_token (bad, "t");

  sl_client_list_hotlist_entries_async (client, 4, &filter, NULL, store_result_cb, &wait);
  page = sl_client_list_hotlist_entries_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (page->total, ==, 201);
  g_assert_cmpint (page->next_offset, ==, 1);
  g_assert_cmpuint (page->entries->len, ==, 1);
  entry = g_object_ref (g_ptr_array_index (page->entries, 0));
  g_assert_cmpstr (sl_hotlist_entry_get_plate (entry), ==, "7ABC123");
  g_assert_cmpint (sl_hotlist_entry_get_status (entry), ==, SL_HOTLIST_ENTRY_STATUS_ACTIVE);
  g_assert_cmpstr (sl_hotlist_entry_get_reason_label (entry), ==, "Stolen vehicle");
  g_assert_cmpstr (sl_hotlist_entry_get_entered_by_name (entry), ==, "Olivia Officer");
  g_assert_null (sl_hotlist_entry_get_model (entry));
  g_assert_null (sl_hotlist_entry_get_pending_update (entry));
  g_assert_false (sl_hotlist_entry_has_versions (entry));
  g_clear_object (&entry);

  /* one entry with its history */
  sl_client_get_hotlist_entry_async (client, 5, NULL, store_result_cb, &wait);
  entry = sl_client_get_hotlist_entry_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (sl_hotlist_entry_has_versions (entry));
  g_assert_cmpuint (g_list_model_get_n_items (sl_hotlist_entry_get_versions (entry)), ==, 2);
  version = g_list_model_get_item (sl_hotlist_entry_get_versions (entry), 1);
  g_assert_cmpint (sl_hotlist_version_get_status (version), ==, SL_HOTLIST_VERSION_STATUS_REJECTED);
  g_assert_true (sl_hotlist_version_has_changed (version, "plate"));
  g_assert_false (sl_hotlist_version_has_changed (version, "region"));
  g_assert_cmpstr (sl_hotlist_version_get_fields (version)->plate, ==, "7ABC124");
  g_object_unref (version);

  /* the queue: an update beside the version in force */
  sl_client_list_hotlist_approvals_async (client, NULL, store_result_cb, &wait);
  approvals = sl_client_list_hotlist_approvals_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (approvals->len, ==, 1);
  approval = g_ptr_array_index (approvals, 0);
  g_assert_true (sl_hotlist_approval_is_update (approval));
  g_assert_cmpstr (sl_hotlist_version_get_fields (sl_hotlist_approval_get_active (approval))->plate, ==, "7ABC123");
  g_assert_cmpstr (sl_hotlist_version_get_fields (sl_hotlist_approval_get_version (approval))->plate, ==, "7ABC124");
  g_assert_nonnull (sl_hotlist_entry_get_pending_update (sl_hotlist_approval_get_entry (approval)));

  /* refused fields come back by name, and survive a copy of the error */
  fields->plate = g_strdup ("7ABC123");
  sl_client_create_hotlist_entry_async (refused, 4, fields, NULL, store_result_cb, &wait);
  none = sl_client_create_hotlist_entry_finish (refused, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (none);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
  g_assert_cmpstr (sl_client_error_get_code (error), ==, "invalid_entry");
  field_errors = sl_client_error_get_fields (error);
  g_assert_nonnull (field_errors);
  g_assert_cmpuint (g_hash_table_size (field_errors), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (field_errors, "case_number"), ==, "is required");
  g_assert_nonnull (g_hash_table_lookup (field_errors, "expires_at"));
  copy = g_error_copy (error);
  g_assert_nonnull (sl_client_error_get_fields (copy));
  g_assert_cmpstr (sl_client_error_get_code (copy), ==, "invalid_entry");
  g_clear_error (&error);

  sl_client_approve_hotlist_entry_async (client, 5, NULL, NULL, store_result_cb, &wait);
  none = sl_client_approve_hotlist_entry_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpstr (sl_client_error_get_code (error), ==, "self_approval");
  g_assert_null (sl_client_error_get_fields (error));
  g_clear_error (&error);

  sl_client_renew_hotlist_entry_async (client, 5, G_GINT64_CONSTANT (1800000000000000), NULL, store_result_cb, &wait);
  none = sl_client_renew_hotlist_entry_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (sl_client_error_get_code (error), ==, "expired");
  g_clear_error (&error);

  /* a status this client does not know is a broken answer */
  sl_client_get_hotlist_entry_async (bad, 5, NULL, store_result_cb, &wait);
  none = sl_client_get_hotlist_entry_finish (bad, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (none);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
}

static void
test_tls_wrong_name (void)
{
  g_autoptr(SlClient) client = NULL;
  g_autoptr(SlServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  skip_without_tls_service ();
  if (tls_service == NULL)
    return;

  /* The certificate names 127.0.0.1; reaching it as "localhost" must fail. */
  uri = g_uri_parse (sl_test_service_get_url (tls_service), G_URI_FLAGS_NONE, NULL);
  url = g_strdup_printf ("https://localhost:%d", g_uri_get_port (uri));
  client = client_for (url, "");
  g_assert_true (sl_client_set_ca_file (client, sl_test_service_get_ca_file (tls_service), NULL));

  info = health (client, &error);
  g_assert_null (info);
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "different server name"));
}

/* A track's leads become sentences; one the client cannot read is left out. */
static void
test_track_leads (void)
{
  static const char json[] =
    "{\"search_id\": 4, \"plate\": \"7ABC123\", \"total\": 0, \"reads\": [], \"leads\": ["
    "{\"kind\": \"possible_clone\", \"read_id\": 3, \"other_read_id\": 2, \"distance_km\": 558.3, \"speed_kmh\": 3350},"
    "{\"kind\": \"possible_switch\", \"read_id\": 3, \"usual\": \"silver honda\", \"seen\": \"blue toyota\"},"
    "{\"kind\": \"something_new\", \"read_id\": 3}]}";
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchAnswer) answer = sl_search_answer_new_from_track_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (answer->leads), ==, 2);
  g_assert_nonnull (strstr (answer->leads[0], "558 km"));
  g_assert_nonnull (strstr (answer->leads[0], "3350 km/h"));
  g_assert_nonnull (strstr (answer->leads[1], "blue toyota"));
  g_assert_nonnull (strstr (answer->leads[1], "silver honda"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *trained = sl_test_date_days_ago (30);
  g_autofree char *lapsed = sl_test_date_days_ago (400);
  const SlTestUser users[] = {
    { "sergeant", "Sam Sergeant", "officer,supervisor", trained, NULL },
    { "officer", "Olivia Officer", "officer", trained, "sergeant" },
    { "auditor", "Avery Auditor", "auditor", trained, NULL },
    { "records", "Rene Records", "records", trained, NULL },
    { "lapsed", "Lee Lapsed", "officer", lapsed, NULL },
    { "unlucky", "Uma Unlucky", "officer", trained, NULL },
    { "analyst", "Ann Analyst", "analyst", trained, NULL },
  };
  const SlTestSetup setup = {
    .camera_name = "Broadway & 14th St",
    .stream_url = "rtsp://127.0.0.1:1/none",
    .list_name = "Stolen Vehicles (NCIC)",
    .list_csv = "plate,state,category,case_number\n"
                "7ABC123,CA,stolen_vehicle,26-000123\n"
                "8XYZ999,CA,felony_vehicle,26-000200\n",
  };
  int status;

  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (sl_test_service_program () != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *openssl = g_find_program_in_path ("openssl");

      service = sl_test_service_start_full (users, G_N_ELEMENTS (users), FALSE, &setup, &error);
      g_assert_no_error (error);

      if (openssl != NULL)
        {
          tls_service = sl_test_service_start (users, 1, TRUE, &error);
          g_assert_no_error (error);
        }
    }

  g_test_add_func ("/client/track-leads", test_track_leads);
  g_test_add ("/client/fake/health", Fake, NULL, fake_setup, test_fake_health, fake_teardown);
  g_test_add ("/client/fake/bad-payloads", Fake, NULL, fake_setup, test_fake_bad_payloads, fake_teardown);
  g_test_add ("/client/fake/login-errors", Fake, NULL, fake_setup, test_fake_login_errors, fake_teardown);
  g_test_add ("/client/fake/session-expired", Fake, NULL, fake_setup, test_fake_session_expired_signal, fake_teardown);
  g_test_add ("/client/fake/audit", Fake, NULL, fake_setup, test_fake_audit_parsing, fake_teardown);
  g_test_add ("/client/fake/alerts", Fake, NULL, fake_setup, test_fake_alerts, fake_teardown);
  g_test_add ("/client/fake/alert-state", Fake, NULL, fake_setup, test_fake_alert_state, fake_teardown);
  g_test_add ("/client/fake/images", Fake, NULL, fake_setup, test_fake_images, fake_teardown);
  g_test_add ("/client/fake/cameras", Fake, NULL, fake_setup, test_fake_cameras, fake_teardown);
  g_test_add ("/client/fake/searches", Fake, NULL, fake_setup, test_fake_searches, fake_teardown);
  g_test_add ("/client/fake/stream-reconnects", Fake, NULL, fake_setup, test_fake_stream_reconnects, fake_teardown);
  g_test_add ("/client/fake/hotlist-entries", Fake, NULL, fake_setup, test_fake_hotlist_entries, fake_teardown);
  g_test_add_func ("/client/stream-messages", test_stream_messages);
  g_test_add_func ("/client/unreachable", test_unreachable);
  g_test_add_func ("/client/cancelled", test_cancelled);
  g_test_add_func ("/client/ca-file-missing", test_ca_file_missing);
  g_test_add_func ("/client/service/login-session", test_service_login_and_session);
  g_test_add_func ("/client/service/notice-required", test_service_notice_required);
  g_test_add_func ("/client/service/policy-audit-roles", test_service_policy_and_audit_roles);
  g_test_add_func ("/client/service/training-lapsed", test_service_training_lapsed);
  g_test_add_func ("/client/service/wrong-password-logout", test_service_wrong_password_and_logout);
  g_test_add_func ("/client/service/lockout", test_service_lockout);
  g_test_add_func ("/client/service/alert-flow", test_service_alert_flow);
  g_test_add_func ("/client/service/note-and-roles", test_service_note_and_roles);
  g_test_add_func ("/client/service/cameras", test_service_cameras);
  g_test_add_func ("/client/service/searches", test_service_searches);
  g_test_add_func ("/client/tls/unknown-ca", test_tls_unknown_ca);
  g_test_add_func ("/client/tls/agency-ca", test_tls_agency_ca);
  g_test_add_func ("/client/tls/wrong-name", test_tls_wrong_name);

  status = g_test_run ();

  sl_test_service_stop (service);
  sl_test_service_stop (tls_service);
  return status;
}
