#define G_LOG_DOMAIN "sl-test-ui-logic"

#include "config.h"

#include <string.h>

#include "sl-alert-view-state.h"
#include "sl-camera-tile-state.h"
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

/* ---- alerts ---- */

static JsonObject *
alert_json (const char *state,
            const char *kind,
            const char *read_plate,
            const char *matched,
            const char *differing,
            const char *entry_plate)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":17,\"created_at\":\"2026-11-23T14:50:01Z\",\"state\":\"%s\",\"retro\":false,"
    "\"disposition\":null,"
    "\"match\":{\"kind\":\"%s\",\"matched_plate\":\"%s\",\"differing\":%s},"
    "\"read\":{\"id\":991,\"plate\":\"%s\",\"region\":\"CA\",\"captured_at\":\"2026-11-23T14:50:00Z\","
    "\"confidence\":88,\"camera\":{\"id\":1,\"name\":\"Broadway & 14th St\"},"
    "\"plate_image_url\":\"/api/v1/reads/991/images/plate\",\"overview_image_url\":null,"
    "\"vehicle\":{\"make\":\"Honda\",\"model\":\"Civic\",\"color\":\"silver\",\"type\":\"sedan\"}},"
    "\"entry\":{\"id\":5,\"plate\":\"%s\",\"region\":\"CA\",\"category\":\"stolen_vehicle\","
    "\"case_number\":\"26-000123\",\"synopsis\":null,\"entered_by\":null,"
    "\"list\":{\"id\":1,\"name\":\"Stolen Vehicles (NCIC)\",\"alert_level\":\"high\",\"priority\":0,\"covert\":false}},"
    "\"history\":[{\"state\":\"new\",\"at\":\"2026-11-23T14:50:01Z\",\"by\":null,\"note\":null}]}",
    state, kind, matched, differing, read_plate, entry_plate);
  JsonObject *object = sl_json_parse_object (json, -1, NULL);

  g_assert_nonnull (object);
  return object;
}

static SlAlert *
make_alert (const char *state,
            const char *kind,
            const char *read_plate,
            const char *matched,
            const char *differing,
            const char *entry_plate)
{
  g_autoptr(JsonObject) object = alert_json (state, kind, read_plate, matched, differing, entry_plate);
  g_autoptr(GError) error = NULL;
  SlAlert *alert = sl_alert_new_from_json (object, &error);

  g_assert_no_error (error);
  return alert;
}

static void
test_alert_rejects_bad_payloads (void)
{
  static const struct {
    const char *member;   /* a path: "read.camera" */
    const char *json;     /* its new value, or NULL to remove it */
  } cases[] = {
    { "state", "\"lost\"" },
    { "id", "\"17\"" },
    { "created_at", "\"yesterday\"" },
    { "match.kind", "\"fuzzy\"" },
    { "match.differing", "[99]" },
    { "match.differing", "[-1]" },
    { "match.differing", "[\"3\"]" },
    { "read", NULL },
    { "read.plate", "\"\"" },
    { "read.camera", NULL },
    { "read.confidence", "\"high\"" },
    { "read.plate_image_url", "\"https://elsewhere.example/p.png\"" },
    { "read.plate_image_url", "\"//elsewhere.example/p.png\"" },
    { "entry.list.alert_level", "\"urgent\"" },
    { "entry.list", NULL },
    { "history", "[{\"state\":\"gone\",\"at\":\"2026-11-23T14:50:01Z\"}]" },
    { "history", "[1]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = alert_json ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
      g_auto(GStrv) path = g_strsplit (cases[i].member, ".", -1);
      g_autoptr(SlAlert) alert = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *parent = object;
      guint depth = g_strv_length (path);

      for (guint d = 0; d + 1 < depth; d++)
        parent = json_object_get_object_member (parent, path[d]);

      if (cases[i].json == NULL)
        json_object_remove_member (parent, path[depth - 1]);
      else
        json_object_set_member (parent, path[depth - 1], json_from_string (cases[i].json, NULL));

      alert = sl_alert_new_from_json (object, &error);
      g_assert_null (alert);
      g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
    }
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_alert_update_from (void)
{
  g_autoptr(SlAlert) alert = make_alert ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  g_autoptr(SlAlert) newer = NULL;
  g_autoptr(SlAlert) stale = NULL;
  g_autoptr(JsonObject) object = alert_json ("visually_verified", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  g_autoptr(JsonObject) stale_object = alert_json ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  JsonArray *history = json_object_get_array_member (object, "history");
  guint notified = 0;

  json_array_add_element (history, json_from_string ("{\"state\":\"visually_verified\","
                                                     "\"at\":\"2026-11-23T14:51:00Z\",\"by\":\"officer\",\"note\":null}", NULL));
  newer = sl_alert_new_from_json (object, NULL);
  json_object_remove_member (stale_object, "history");
  stale = sl_alert_new_from_json (stale_object, NULL);

  g_signal_connect (alert, "notify::state", G_CALLBACK (notified_cb), &notified);

  /* Rows bound to the alert follow a step taken elsewhere. */
  g_assert_true (sl_alert_update_from (alert, newer));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (sl_alert_get_state (alert), ==, SL_ALERT_VISUALLY_VERIFIED);
  g_assert_cmpuint (sl_alert_get_n_steps (alert), ==, 2);
  g_assert_cmpstr (sl_alert_get_step (alert, 1)->by, ==, "officer");

  /* A copy from a list, without history, in an earlier state is older news. */
  g_assert_false (sl_alert_update_from (alert, stale));
  g_assert_cmpint (sl_alert_get_state (alert), ==, SL_ALERT_VISUALLY_VERIFIED);

  /* One in a later state is news, history or not. */
  {
    g_autoptr(JsonObject) later_object = alert_json ("validated", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
    g_autoptr(SlAlert) later = NULL;

    json_object_remove_member (later_object, "history");
    later = sl_alert_new_from_json (later_object, NULL);
    g_assert_false (sl_alert_has_history (later));
    g_assert_true (sl_alert_update_from (alert, later));
    g_assert_cmpint (sl_alert_get_state (alert), ==, SL_ALERT_VALIDATED);
    g_assert_cmpuint (notified, ==, 2);
  }
}

static void
test_alert_view_new_for_officer (void)
{
  g_autoptr(SlAlert) alert = make_alert ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  SlAlertViewState state;
  const SlAlertAction *verify;
  const SlAlertAction *misread;

  sl_alert_view_state_init (&state, alert, SL_ROLE_OFFICER, "");

  /* Only the next states of "new", in the state machine's order. */
  g_assert_cmpuint (state.n_actions, ==, 2);
  g_assert_cmpint (state.actions[0].to, ==, SL_ALERT_VISUALLY_VERIFIED);
  g_assert_cmpint (state.actions[1].to, ==, SL_ALERT_MISREAD);
  g_assert_null (sl_alert_view_state_find_action (&state, SL_ALERT_CLOSED));
  g_assert_true (state.can_work);
  g_assert_false (state.finished);

  verify = sl_alert_view_state_find_action (&state, SL_ALERT_VISUALLY_VERIFIED);
  g_assert_true (verify->sensitive);
  g_assert_true (verify->suggested);
  g_assert_false (verify->needs_note);

  /* A misread needs a note, and the button says so until there is one. */
  misread = sl_alert_view_state_find_action (&state, SL_ALERT_MISREAD);
  g_assert_true (misread->needs_note);
  g_assert_false (misread->sensitive);
  g_assert_cmpstr (misread->tooltip, ==, "Write a note first: say what was found");

  g_assert_nonnull (strstr (state.reminder, "not grounds for a stop"));
  g_assert_nonnull (strstr (state.reminder, "CLETS or dispatch"));
  g_assert_cmpstr (state.level_css_class, ==, "alert-high");
  g_assert_cmpstr (state.match_description, ==, "Exact match");
  sl_alert_view_state_clear (&state);

  sl_alert_view_state_init (&state, alert, SL_ROLE_OFFICER, "  \t ");
  g_assert_false (sl_alert_view_state_find_action (&state, SL_ALERT_MISREAD)->sensitive);
  sl_alert_view_state_clear (&state);

  sl_alert_view_state_init (&state, alert, SL_ROLE_OFFICER, "Plate reads 7ABC128");
  g_assert_true (sl_alert_view_state_find_action (&state, SL_ALERT_MISREAD)->sensitive);
  sl_alert_view_state_clear (&state);
}

static void
test_alert_view_analyst_cannot_work (void)
{
  g_autoptr(SlAlert) alert = make_alert ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  SlAlertViewState state;

  sl_alert_view_state_init (&state, alert, SL_ROLE_ANALYST, "a note");
  g_assert_false (state.can_work);
  g_assert_nonnull (strstr (state.cannot_work_reason, "Analysts"));
  g_assert_cmpuint (state.n_actions, ==, 2);
  for (guint i = 0; i < state.n_actions; i++)
    {
      g_assert_false (state.actions[i].sensitive);
      g_assert_cmpstr (state.actions[i].tooltip, ==, state.cannot_work_reason);
    }
  sl_alert_view_state_clear (&state);

  /* A supervisor who is also an analyst works it. */
  sl_alert_view_state_init (&state, alert, SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR, NULL);
  g_assert_true (state.can_work);
  sl_alert_view_state_clear (&state);
}

static void
test_alert_view_closing (void)
{
  g_autoptr(SlAlert) validated = make_alert ("validated", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  g_autoptr(SlAlert) closed = make_alert ("closed", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  g_autoptr(SlAlert) not_active = make_alert ("not_active", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  SlAlertViewState state;
  const SlAlertAction *close;

  sl_alert_view_state_init (&state, validated, SL_ROLE_OFFICER, NULL);
  g_assert_cmpuint (state.n_actions, ==, 2);
  g_assert_cmpint (state.actions[0].to, ==, SL_ALERT_CONFIRMED);
  close = sl_alert_view_state_find_action (&state, SL_ALERT_CLOSED);
  g_assert_nonnull (close);
  /* Closing asks for disposition and note in its dialog: pressable now. */
  g_assert_true (close->needs_disposition);
  g_assert_false (close->needs_note);
  g_assert_true (close->sensitive);
  sl_alert_view_state_clear (&state);

  sl_alert_view_state_init (&state, not_active, SL_ROLE_OFFICER, NULL);
  g_assert_cmpuint (state.n_actions, ==, 1);
  g_assert_true (state.actions[0].suggested);
  g_assert_true (state.actions[0].needs_disposition);
  sl_alert_view_state_clear (&state);

  sl_alert_view_state_init (&state, closed, SL_ROLE_OFFICER, NULL);
  g_assert_cmpuint (state.n_actions, ==, 0);
  g_assert_true (state.finished);
  sl_alert_view_state_clear (&state);
}

static void
test_alert_view_marks_and_words (void)
{
  g_autoptr(SlAlert) tolerant = make_alert ("new", "tolerant", "7A8C123", "7A8C123", "[2]", "7ABC123");
  g_autoptr(SlAlert) two = make_alert ("new", "tolerant", "7A8C12E", "7A8C12E", "[2,6]", "7ABC12F");
  g_autoptr(SlAlert) candidate = make_alert ("new", "candidate", "7ABC12B", "7ABC128", "[]", "7ABC128");
  g_autoptr(SlAlert) pattern = make_alert ("new", "pattern", "7ABX999", "7ABX999", "[]", "7AB*");
  SlAlertViewState state;
  g_autofree char *two_words = NULL;
  g_autofree char *pattern_words = NULL;

  sl_alert_view_state_init (&state, tolerant, SL_ROLE_OFFICER, NULL);
  g_assert_cmpstr (state.match_description, ==, "Look-alike character at position 3");
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpint (state.read_marked[i], ==, i == 2);
      g_assert_cmpint (state.entry_marked[i], ==, i == 2);
    }
  sl_alert_view_state_clear (&state);

  two_words = sl_alert_describe_match (two);
  g_assert_cmpstr (two_words, ==, "Look-alike characters at positions 3 and 7");

  /* The read differs from the alternative that hit, which is the entry. */
  sl_alert_view_state_init (&state, candidate, SL_ROLE_OFFICER, NULL);
  g_assert_cmpstr (state.match_description, ==, "Matched the reader’s alternative reading 7ABC128");
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpint (state.read_marked[i], ==, i == 6);
      g_assert_false (state.entry_marked[i]);
    }
  sl_alert_view_state_clear (&state);

  pattern_words = sl_alert_describe_match (pattern);
  g_assert_cmpstr (pattern_words, ==, "Matches the pattern 7AB*");
  sl_alert_view_state_init (&state, pattern, SL_ROLE_OFFICER, NULL);
  for (guint i = 0; i < SL_ALERT_VIEW_MAX_CHARS; i++)
    g_assert_false (state.read_marked[i]);
  sl_alert_view_state_clear (&state);
}

static void
test_alert_plate_markup (void)
{
  gboolean marked[SL_ALERT_VIEW_MAX_CHARS] = { FALSE };
  g_autofree char *plain = NULL;
  g_autofree char *highlighted = NULL;
  g_autofree char *escaped = NULL;

  plain = sl_alert_plate_markup ("7ABC123", marked);
  g_assert_cmpstr (plain, ==, "7ABC123");

  marked[2] = TRUE;
  highlighted = sl_alert_plate_markup ("7A8C123", marked);
  g_assert_true (g_str_has_prefix (highlighted, "7A<span "));
  g_assert_nonnull (strstr (highlighted, ">8</span>C123"));
  g_assert_true (pango_parse_markup (highlighted, -1, 0, NULL, NULL, NULL, NULL));

  /* Whatever a pattern holds, the markup stays markup. */
  escaped = sl_alert_plate_markup ("<&>", marked);
  g_assert_true (pango_parse_markup (escaped, -1, 0, NULL, NULL, NULL, NULL));
  g_assert_nonnull (strstr (escaped, "&amp;"));
}

static void
test_alert_texts (void)
{
  g_autoptr(SlAlert) alert = make_alert ("new", "exact", "7ABC123", "7ABC123", "[]", "7ABC123");
  g_autoptr(GDateTime) read_at = g_date_time_new_utc (2026, 11, 23, 14, 50, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 11, 23, 20, 0, 0);
  g_autoptr(GDateTime) next_day = g_date_time_new_utc (2026, 11, 24, 16, 0, 0);
  g_autofree char *title = sl_alert_notification_title (alert);
  g_autofree char *body = sl_alert_notification_body (alert);
  g_autofree char *vehicle = sl_alert_format_vehicle (alert);
  g_autofree char *today = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *category = sl_alert_category_to_label ("wanted_for_questioning");
  gint64 read_us = g_date_time_to_unix (read_at) * G_USEC_PER_SEC;

  g_assert_cmpstr (title, ==, "Stolen vehicle: 7ABC123 (CA)");
  g_assert_nonnull (strstr (body, "Stolen Vehicles (NCIC) · Broadway & 14th St"));
  g_assert_nonnull (strstr (body, "CLETS"));
  g_assert_cmpstr (vehicle, ==, "Silver Honda Civic, sedan");
  g_assert_cmpstr (category, ==, "Wanted for questioning");

  /* TZ is America/Los_Angeles: 14:50 UTC is 06:50 there. */
  today = sl_alert_format_time (read_us, g_date_time_to_unix (later) * G_USEC_PER_SEC);
  g_assert_cmpstr (today, ==, "06:50:00");
  yesterday = sl_alert_format_time (read_us, g_date_time_to_unix (next_day) * G_USEC_PER_SEC);
  g_assert_cmpstr (yesterday, ==, "Nov 23, 06:50");
  g_assert_true (sl_note_is_blank (" \n\t"));
  g_assert_false (sl_note_is_blank (" x "));
}

static void
test_camera_texts (void)
{
  g_autoptr(GDateTime) seen = g_date_time_new_utc (2026, 11, 23, 14, 12, 30);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 15, 0, 0);
  gint64 seen_us = g_date_time_to_unix (seen) * G_USEC_PER_SEC;
  gint64 now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  g_autofree char *online = sl_camera_describe_status (TRUE, seen_us, now_us);
  g_autofree char *offline = sl_camera_describe_status (FALSE, seen_us, now_us);
  g_autofree char *never = sl_camera_describe_status (FALSE, 0, now_us);
  g_autofree char *latest = sl_camera_describe_latest_read ("7ABC123", seen_us, now_us);
  g_autofree char *none = sl_camera_describe_latest_read (NULL, 0, now_us);

  g_assert_cmpstr (online, ==, "Online");
  g_assert_cmpstr (offline, ==, "Offline since 06:12");
  g_assert_cmpstr (never, ==, "Offline, never heard from");
  g_assert_cmpstr (latest, ==, "7ABC123 at 06:12");
  g_assert_cmpstr (none, ==, "No reads yet");

  g_assert_null (sl_camera_describe_video (SL_VIDEO_PLAYING, TRUE, TRUE));
  g_assert_cmpstr (sl_camera_describe_video (SL_VIDEO_RETRYING, TRUE, TRUE), ==, "No video — reconnecting");
  g_assert_cmpstr (sl_camera_describe_video (SL_VIDEO_PLAYING, FALSE, FALSE), ==, "No video stream");
  g_assert_true (sl_media_can_play ("rtsp://camera.example:8554/live"));
  g_assert_false (sl_media_can_play ("ftp://camera.example/live"));
  g_assert_false (sl_media_can_play (NULL));
}

static void
test_alert_settings_default_on (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Officers hear and see every alert unless they turn it off. */
  g_assert_true (g_settings_get_boolean (settings, "alert-sound"));
  g_assert_true (g_settings_get_boolean (settings, "alert-notifications"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui-logic/alert/rejects-bad-payloads", test_alert_rejects_bad_payloads);
  g_test_add_func ("/ui-logic/alert/update-from", test_alert_update_from);
  g_test_add_func ("/ui-logic/alert-view/new-for-officer", test_alert_view_new_for_officer);
  g_test_add_func ("/ui-logic/alert-view/analyst", test_alert_view_analyst_cannot_work);
  g_test_add_func ("/ui-logic/alert-view/closing", test_alert_view_closing);
  g_test_add_func ("/ui-logic/alert-view/marks-and-words", test_alert_view_marks_and_words);
  g_test_add_func ("/ui-logic/alert-view/plate-markup", test_alert_plate_markup);
  g_test_add_func ("/ui-logic/alert-view/texts", test_alert_texts);
  g_test_add_func ("/ui-logic/camera/texts", test_camera_texts);
  g_test_add_func ("/ui-logic/settings/alert-defaults", test_alert_settings_default_on);

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
