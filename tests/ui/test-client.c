#define G_LOG_DOMAIN "sl-test-client"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sl-client.h"
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

static const Canned canned[] = {
  { "/api/v1/health", 200, "{\"status\":\"ok\",\"version\":\"9.9\",\"agency\":\"Fake PD\",\"notice\":\"Fake notice.\"}" },
  { "/bad-json/api/v1/health", 200, "{\"status\":\"ok\"" },
  { "/not-object/api/v1/health", 200, "[1,2,3]" },
  { "/wrong-type/api/v1/health", 200, "{\"status\":true}" },
  { "/html/api/v1/health", 500, "<html><body>Internal error</body></html>" },
  { "/no-token/api/v1/session", 200, "{\"user\":{\"username\":\"a\",\"roles\":[\"officer\"]},\"training\":{\"status\":\"current\"}}" },
  { "/locked/api/v1/session", 423, "{\"error\":{\"code\":\"account_locked\",\"message\":\"Locked after five failed logins.\"}}" },
  { "/expired/api/v1/session", 401, "{\"error\":{\"code\":\"session_expired\",\"message\":\"Your session ended after 30 idle minutes.\"}}" },
  { "/bad-audit/api/v1/audit", 200, "{\"records\":[{\"seq\":\"one\",\"time\":\"2026-01-01T00:00:00Z\",\"action\":\"x\",\"outcome\":\"ok\"}]}" },
  { "/audit/api/v1/audit", 200, "{\"records\":[{\"seq\":2,\"time\":\"2026-01-01T00:00:01Z\",\"username\":\"officer\",\"action\":\"session.login\",\"outcome\":\"ok\",\"data\":{\"ip\":\"127.0.0.1\"},\"result_count\":null,\"hash\":\"ab\",\"prev_hash\":\"cd\"},{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"action\":\"session.login\",\"outcome\":\"failed\",\"data\":\"{}\"}],\"next_before\":1}" },
};

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
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
} Fake;

static void
fake_setup (Fake          *fake,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, NULL, NULL);
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
  };
  int status;

  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (sl_test_service_program () != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *openssl = g_find_program_in_path ("openssl");

      service = sl_test_service_start (users, G_N_ELEMENTS (users), FALSE, &error);
      g_assert_no_error (error);

      if (openssl != NULL)
        {
          tls_service = sl_test_service_start (users, 1, TRUE, &error);
          g_assert_no_error (error);
        }
    }

  g_test_add ("/client/fake/health", Fake, NULL, fake_setup, test_fake_health, fake_teardown);
  g_test_add ("/client/fake/bad-payloads", Fake, NULL, fake_setup, test_fake_bad_payloads, fake_teardown);
  g_test_add ("/client/fake/login-errors", Fake, NULL, fake_setup, test_fake_login_errors, fake_teardown);
  g_test_add ("/client/fake/session-expired", Fake, NULL, fake_setup, test_fake_session_expired_signal, fake_teardown);
  g_test_add ("/client/fake/audit", Fake, NULL, fake_setup, test_fake_audit_parsing, fake_teardown);
  g_test_add_func ("/client/unreachable", test_unreachable);
  g_test_add_func ("/client/cancelled", test_cancelled);
  g_test_add_func ("/client/ca-file-missing", test_ca_file_missing);
  g_test_add_func ("/client/service/login-session", test_service_login_and_session);
  g_test_add_func ("/client/service/notice-required", test_service_notice_required);
  g_test_add_func ("/client/service/policy-audit-roles", test_service_policy_and_audit_roles);
  g_test_add_func ("/client/service/training-lapsed", test_service_training_lapsed);
  g_test_add_func ("/client/service/wrong-password-logout", test_service_wrong_password_and_logout);
  g_test_add_func ("/client/service/lockout", test_service_lockout);
  g_test_add_func ("/client/tls/unknown-ca", test_tls_unknown_ca);
  g_test_add_func ("/client/tls/agency-ca", test_tls_agency_ca);
  g_test_add_func ("/client/tls/wrong-name", test_tls_wrong_name);

  status = g_test_run ();

  sl_test_service_stop (service);
  sl_test_service_stop (tls_service);
  return status;
}
