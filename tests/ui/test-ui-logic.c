#define G_LOG_DOMAIN "sl-test-ui-logic"

#include "config.h"

#include <string.h>

#include "sl-client.h"
#include "sl-json.h"
#include "sl-idle-lock.h"
#include "sl-login-state.h"
#include "sl-pages.h"
#include "sl-role.h"

/* Pure logic of the client and the windows; no display, no network. */

static SlLoginState
filled_state (void)
{
  SlLoginState state = {
    .server = "https://sightline.example.org",
    .username = "officer",
    .password = "Correct-Horse-42",
    .totp = "",
    .totp_required = FALSE,
    .notice_acknowledged = TRUE,
    .busy = FALSE,
  };
  return state;
}

static void
test_login_ready_when_filled_and_acknowledged (void)
{
  SlLoginState state = filled_state ();

  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_READY);
  g_assert_true (sl_login_state_can_submit (&state));
}

static void
test_login_needs_notice (void)
{
  SlLoginState state = filled_state ();

  state.notice_acknowledged = FALSE;
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_NOTICE);
  g_assert_false (sl_login_state_can_submit (&state));
  g_assert_cmpstr (sl_login_blocker_describe (SL_LOGIN_NEEDS_NOTICE), !=, "");
}

static void
test_login_needs_each_field (void)
{
  SlLoginState state = filled_state ();

  state.server = "   ";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_SERVER);
  state.server = "ftp://example.org";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_INVALID_SERVER);
  state = filled_state ();
  state.username = " \t";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_USERNAME);
  state = filled_state ();
  state.password = "";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_PASSWORD);
  state = filled_state ();
  state.password = NULL;
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_PASSWORD);

  /* A password of spaces is still a password: it is not trimmed. */
  state = filled_state ();
  state.password = "        ";
  g_assert_true (sl_login_state_can_submit (&state));
}

static void
test_login_busy_blocks (void)
{
  SlLoginState state = filled_state ();

  state.busy = TRUE;
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_BUSY);
}

static void
test_login_totp_only_when_asked (void)
{
  SlLoginState state = filled_state ();

  state.totp = "";
  g_assert_true (sl_login_state_can_submit (&state));

  state.totp_required = TRUE;
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_TOTP);
  state.totp = "12345";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_TOTP);
  state.totp = "12a456";
  g_assert_cmpint (sl_login_state_check (&state), ==, SL_LOGIN_NEEDS_TOTP);
  state.totp = "123 456";
  g_assert_true (sl_login_state_can_submit (&state));
  state.totp = "287082";
  g_assert_true (sl_login_state_can_submit (&state));
}

static void
test_pages_officer (void)
{
  SlPages pages = sl_pages_for_roles (SL_ROLE_OFFICER);

  g_assert_true (sl_pages_contains (pages, SL_PAGE_LIVE));
  g_assert_true (sl_pages_contains (pages, SL_PAGE_SEARCH));
  g_assert_true (sl_pages_contains (pages, SL_PAGE_MAP));
  g_assert_true (sl_pages_contains (pages, SL_PAGE_HOTLISTS));
  g_assert_true (sl_pages_contains (pages, SL_PAGE_REQUESTS));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_AUDIT));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_ADMIN));
  g_assert_cmpuint (sl_pages_count (pages), ==, 5);
}

static void
test_pages_auditor_no_detections (void)
{
  SlPages pages = sl_pages_for_roles (SL_ROLE_AUDITOR);

  g_assert_true (sl_pages_contains (pages, SL_PAGE_AUDIT));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_LIVE));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_SEARCH));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_MAP));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_ADMIN));
  g_assert_cmpuint (sl_pages_count (pages), ==, 1);
}

static void
test_pages_records_and_administrator (void)
{
  SlPages records = sl_pages_for_roles (SL_ROLE_RECORDS);
  SlPages admin = sl_pages_for_roles (SL_ROLE_ADMINISTRATOR);

  g_assert_true (sl_pages_contains (records, SL_PAGE_REQUESTS));
  g_assert_false (sl_pages_contains (records, SL_PAGE_SEARCH));
  g_assert_false (sl_pages_contains (records, SL_PAGE_ADMIN));

  g_assert_true (sl_pages_contains (admin, SL_PAGE_ADMIN));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_AUDIT));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_HOTLISTS));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_REQUESTS));
}

static void
test_pages_roles_combine (void)
{
  SlPages both = sl_pages_for_roles (SL_ROLE_OFFICER | SL_ROLE_AUDITOR);

  g_assert_cmpuint (both, ==, sl_pages_for_roles (SL_ROLE_OFFICER) | SL_PAGE_BIT (SL_PAGE_AUDIT));
  g_assert_cmpuint (sl_pages_for_roles (SL_ROLE_NONE), ==, 0);
  g_assert_cmpuint (sl_pages_for_roles (SL_ROLE_SUPERVISOR), ==,
                    sl_pages_for_roles (SL_ROLE_OFFICER));
  g_assert_cmpuint (sl_pages_for_roles (SL_ROLE_ANALYST), ==,
                    sl_pages_for_roles (SL_ROLE_OFFICER));
}

static void
test_pages_names_and_roles_display (void)
{
  g_autofree char *roles = sl_roles_to_display (SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR);

  for (guint i = 0; i < SL_N_PAGES; i++)
    {
      const SlPageInfo *info = sl_page_get_info (i);

      g_assert_cmpint (info->page, ==, i);
      g_assert_true (sl_page_find (info->name) == info);
      g_assert_true (g_str_has_suffix (info->icon_name, "-symbolic"));
      g_assert_true (g_str_has_suffix (info->description, "."));
    }
  g_assert_null (sl_page_find ("nonsense"));
  g_assert_cmpstr (roles, ==, "Officer, Supervisor");
}

static void
test_error_mapping_by_code (void)
{
  static const struct {
    guint status;
    const char *code;
    SlClientError expected;
  } cases[] = {
    { 401, "invalid_credentials", SL_CLIENT_ERROR_INVALID_CREDENTIALS },
    { 401, "totp_required", SL_CLIENT_ERROR_TOTP_REQUIRED },
    { 401, "totp_invalid", SL_CLIENT_ERROR_TOTP_INVALID },
    { 422, "notice_not_acknowledged", SL_CLIENT_ERROR_NOTICE_REQUIRED },
    { 423, "account_locked", SL_CLIENT_ERROR_LOCKED },
    { 401, "session_expired", SL_CLIENT_ERROR_SESSION_EXPIRED },
    { 401, "unauthorized", SL_CLIENT_ERROR_UNAUTHORIZED },
    { 403, "training_expired", SL_CLIENT_ERROR_TRAINING_EXPIRED },
    { 403, "forbidden", SL_CLIENT_ERROR_FORBIDDEN },
    { 400, "invalid_request", SL_CLIENT_ERROR_INVALID_REQUEST },
    { 503, "audit_unavailable", SL_CLIENT_ERROR_UNAVAILABLE },
    /* unknown codes fall back to the status */
    { 401, "something_new", SL_CLIENT_ERROR_UNAUTHORIZED },
    { 403, NULL, SL_CLIENT_ERROR_FORBIDDEN },
    { 423, NULL, SL_CLIENT_ERROR_LOCKED },
    { 422, NULL, SL_CLIENT_ERROR_RULE },
    { 404, NULL, SL_CLIENT_ERROR_NOT_FOUND },
    { 409, NULL, SL_CLIENT_ERROR_CONFLICT },
    { 413, NULL, SL_CLIENT_ERROR_INVALID_REQUEST },
    { 500, NULL, SL_CLIENT_ERROR_SERVER },
    { 502, "", SL_CLIENT_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (sl_client_error_to_string (sl_client_error_from_response (cases[i].status, cases[i].code)),
                     ==, sl_client_error_to_string (cases[i].expected));
}

static void
test_error_body_message_is_the_servers (void)
{
  const char *body = "{\"error\":{\"code\":\"account_locked\",\"message\":\"This account is locked. Ask the Bureau of Services Deputy Chief.\"}}";
  g_autoptr(GError) error = sl_client_error_new_from_body (423, "Locked", body, strlen (body));
  g_autoptr(GError) garbage = sl_client_error_new_from_body (502, "Bad Gateway", "<html>", 6);
  g_autoptr(GError) wrong_type = NULL;
  const char *typed = "{\"error\":{\"code\":7,\"message\":[\"x\"]}}";

  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==, "This account is locked. Ask the Bureau of Services Deputy Chief.");
  g_assert_cmpstr (sl_login_error_title (error), ==, "Account Locked");

  /* Not JSON: our own message with the status, never a crash. */
  g_assert_error (garbage, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SERVER);
  g_assert_nonnull (strstr (garbage->message, "502"));

  /* Wrong types in the error object: the status decides, our message shows. */
  wrong_type = sl_client_error_new_from_body (403, "Forbidden", typed, strlen (typed));
  g_assert_error (wrong_type, SL_CLIENT_ERROR, SL_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpstr (wrong_type->message, !=, "");
}

static void
test_error_transport_messages (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "bad");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autoptr(GError) a = sl_client_error_new_from_transport (refused, "sightline.example.org", 8443, 0);
  g_autoptr(GError) b = sl_client_error_new_from_transport (tls, "sightline.example.org", 8443,
                                                            G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_autoptr(GError) c = sl_client_error_new_from_transport (tls, "sightline.example.org", 8443,
                                                            G_TLS_CERTIFICATE_EXPIRED);
  g_autoptr(GError) d = sl_client_error_new_from_transport (cancelled, "x", 1, 0);

  g_assert_error (a, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (a->message, "sightline.example.org"));
  g_assert_nonnull (strstr (a->message, "8443"));
  g_assert_error (b, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (b->message, "The certificate of sightline.example.org is not signed by the agency’s certificate authority"));
  g_assert_error (c, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (c->message, "expired"));
  g_assert_error (d, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_normalize_url (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "sightline.example.org", "https://sightline.example.org" },
    { "  https://sightline.example.org:8443/  ", "https://sightline.example.org:8443" },
    { "http://127.0.0.1:8787/api/v1/", "http://127.0.0.1:8787" },
    { "https://proxy.example.org/sightline/api/v1", "https://proxy.example.org/sightline" },
    { "http://[::1]:8787", "http://[::1]:8787" },
    { "", NULL },
    { "ftp://example.org", NULL },
    { "https://", NULL },
    { "https://user:pw@example.org", NULL },
    { "https://example.org/?a=b", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = sl_client_normalize_url (cases[i].in, &error);

      g_assert_cmpstr (url, ==, cases[i].out);
      if (cases[i].out == NULL)
        g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL);
    }

  g_assert_true (sl_server_url_is_insecure ("http://sightline.example.org"));
  g_assert_false (sl_server_url_is_insecure ("http://127.0.0.1:8787"));
  g_assert_false (sl_server_url_is_insecure ("https://sightline.example.org"));
}

static JsonObject *
parse (const char *text)
{
  JsonObject *object = sl_json_parse_object (text, -1, NULL);

  g_assert_nonnull (object);
  return object;
}

static void
test_session_parses_login_answer (void)
{
  g_autoptr(JsonObject) object = parse (
    "{\"token\":\"abc\",\"expires_at\":\"2026-11-22T19:46:01.507789Z\",\"idle_timeout_seconds\":1800,"
    "\"user\":{\"username\":\"sergeant\",\"full_name\":\"Sam Sergeant\",\"badge\":null,"
    "\"organization\":\"CA0010900\",\"roles\":[\"officer\",\"supervisor\",\"future_role\"],\"supervisor\":null},"
    "\"training\":{\"status\":\"expired\",\"completed_on\":\"2024-01-01\",\"expires_on\":\"2025-01-01\",\"interval_days\":365}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) session = sl_session_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sl_session_get_token (session), ==, "abc");
  g_assert_cmpstr (sl_session_get_full_name (session), ==, "Sam Sergeant");
  g_assert_cmpstr (sl_session_get_badge (session), ==, "");
  g_assert_null (sl_session_get_supervisor (session));
  g_assert_cmpuint (sl_session_get_roles (session), ==, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR);
  g_assert_cmpint (sl_session_get_training_status (session), ==, SL_TRAINING_EXPIRED);
  g_assert_cmpstr (sl_session_get_training_expires_on (session), ==, "2025-01-01");
  g_assert_cmpuint (sl_session_get_idle_timeout_seconds (session), ==, 1800);
  g_assert_cmpint (sl_session_get_expires_at_us (session), >, 0);
}

static void
test_session_rejects_bad_payloads (void)
{
  static const char *bad[] = {
    "{}",
    "{\"token\":\"abc\",\"user\":{\"username\":\"a\",\"roles\":[]},\"training\":{\"status\":\"current\"}}",
    "{\"user\":{\"username\":\"a\",\"roles\":\"officer\"},\"training\":{\"status\":\"current\"}}",
    "{\"user\":{\"username\":\"a\",\"roles\":[1]},\"training\":{\"status\":\"current\"}}",
    "{\"user\":{\"username\":\"\",\"roles\":[]},\"training\":{\"status\":\"current\"}}",
    "{\"user\":{\"username\":\"a\",\"roles\":[]},\"training\":{\"status\":\"lapsed\"}}",
    "{\"user\":{\"username\":\"a\",\"roles\":[]}}",
    "{\"user\":[],\"training\":{\"status\":\"current\"}}",
    "{\"token\":\"abc\",\"expires_at\":\"tomorrow\",\"user\":{\"username\":\"a\",\"roles\":[]},\"training\":{\"status\":\"current\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlSession) session = sl_session_new_from_json (object, &error);

      g_assert_null (session);
      g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
    }
}

static void
test_server_info (void)
{
  g_autoptr(JsonObject) good = parse ("{\"status\":\"ok\",\"version\":\"0.1.0\",\"agency\":\"Vallejo PD\",\"notice\":\"Restricted.\"}");
  g_autoptr(JsonObject) bad = parse ("{\"status\":1}");
  g_autoptr(SlServerInfo) info = sl_server_info_new_from_json (good, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sl_server_info_get_agency (info), ==, "Vallejo PD");
  g_assert_cmpstr (sl_server_info_get_notice (info), ==, "Restricted.");
  g_assert_cmpstr (sl_server_info_get_policy (info), ==, "");
  g_assert_null (sl_server_info_new_from_json (bad, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
}

static void
test_idle_lock (void)
{
  gint64 minute = 60 * G_USEC_PER_SEC;

  g_assert_false (sl_idle_lock_is_due (0, 29 * minute, 30));
  g_assert_true (sl_idle_lock_is_due (0, 30 * minute, 30));
  g_assert_true (sl_idle_lock_is_due (10 * minute, 45 * minute, 30));
  /* 0 is out of range: it locks soonest, it never means "never" */
  g_assert_cmpuint (sl_idle_lock_clamp_minutes (0), ==, SL_IDLE_LOCK_MIN_MINUTES);
  g_assert_true (sl_idle_lock_is_due (0, minute, 0));
  g_assert_cmpuint (sl_idle_lock_clamp_minutes (100000), ==, SL_IDLE_LOCK_MAX_MINUTES);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui-logic/login/ready", test_login_ready_when_filled_and_acknowledged);
  g_test_add_func ("/ui-logic/login/needs-notice", test_login_needs_notice);
  g_test_add_func ("/ui-logic/login/needs-fields", test_login_needs_each_field);
  g_test_add_func ("/ui-logic/login/busy", test_login_busy_blocks);
  g_test_add_func ("/ui-logic/login/totp", test_login_totp_only_when_asked);
  g_test_add_func ("/ui-logic/pages/officer", test_pages_officer);
  g_test_add_func ("/ui-logic/pages/auditor", test_pages_auditor_no_detections);
  g_test_add_func ("/ui-logic/pages/records-administrator", test_pages_records_and_administrator);
  g_test_add_func ("/ui-logic/pages/combine", test_pages_roles_combine);
  g_test_add_func ("/ui-logic/pages/names", test_pages_names_and_roles_display);
  g_test_add_func ("/ui-logic/errors/codes", test_error_mapping_by_code);
  g_test_add_func ("/ui-logic/errors/body", test_error_body_message_is_the_servers);
  g_test_add_func ("/ui-logic/errors/transport", test_error_transport_messages);
  g_test_add_func ("/ui-logic/client/normalize-url", test_normalize_url);
  g_test_add_func ("/ui-logic/session/parse", test_session_parses_login_answer);
  g_test_add_func ("/ui-logic/session/reject", test_session_rejects_bad_payloads);
  g_test_add_func ("/ui-logic/server-info", test_server_info);
  g_test_add_func ("/ui-logic/idle-lock", test_idle_lock);

  return g_test_run ();
}
