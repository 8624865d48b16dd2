#define G_LOG_DOMAIN "sl-test-ui-logic"

#include "config.h"

#include <string.h>

#include "sl-alert-view-state.h"
#include "sl-camera-tile-state.h"
#include "sl-client.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-hotlist-view-state.h"
#include "sl-idle-lock.h"
#include "sl-login-state.h"
#include "sl-pages.h"
#include "sl-plate.h"
#include "sl-role.h"
#include "sl-error.h"
#include "sl-search-results.h"

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
  g_assert_true (sl_pages_contains (pages, SL_PAGE_REPORTS));
  g_assert_false (sl_pages_contains (pages, SL_PAGE_ADMIN));
  g_assert_cmpuint (sl_pages_count (pages), ==, 2);
}

static void
test_pages_records_and_administrator (void)
{
  SlPages records = sl_pages_for_roles (SL_ROLE_RECORDS);
  SlPages admin = sl_pages_for_roles (SL_ROLE_ADMINISTRATOR);

  g_assert_true (sl_pages_contains (records, SL_PAGE_REQUESTS));
  g_assert_true (sl_pages_contains (records, SL_PAGE_REPORTS));
  g_assert_false (sl_pages_contains (records, SL_PAGE_SEARCH));
  g_assert_false (sl_pages_contains (records, SL_PAGE_ADMIN));

  g_assert_true (sl_pages_contains (admin, SL_PAGE_ADMIN));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_AUDIT));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_HOTLISTS));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_REQUESTS));
  g_assert_true (sl_pages_contains (admin, SL_PAGE_REPORTS));
}

static void
test_pages_roles_combine (void)
{
  SlPages both = sl_pages_for_roles (SL_ROLE_OFFICER | SL_ROLE_AUDITOR);

  g_assert_cmpuint (both, ==, sl_pages_for_roles (SL_ROLE_OFFICER) | SL_PAGE_BIT (SL_PAGE_AUDIT) |
                              SL_PAGE_BIT (SL_PAGE_REPORTS));
  g_assert_cmpuint (sl_pages_for_roles (SL_ROLE_NONE), ==, 0);
  /* supervisors answer for the reports; officers do not */
  g_assert_cmpuint (sl_pages_for_roles (SL_ROLE_SUPERVISOR), ==,
                    sl_pages_for_roles (SL_ROLE_OFFICER) | SL_PAGE_BIT (SL_PAGE_REPORTS));
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
  /* 8XY2999 is the reader's second guess; the entry has Z where it has 2 */
  g_autoptr(SlAlert) lookalike = make_alert ("new", "candidate", "ZZZ0000", "8XY2999", "[3]", "8XYZ999");
  g_autoptr(SlAlert) pattern = make_alert ("new", "pattern", "7ABX999", "7ABX999", "[]", "7AB*");
  SlAlertViewState state;
  g_autofree char *two_words = NULL;
  g_autofree char *pattern_words = NULL;

  sl_alert_view_state_init (&state, tolerant, SL_ROLE_OFFICER, NULL);
  g_assert_cmpstr (state.match_description, ==, "Look-alike character at position 3");
  /* the read's own plate hit: no alternative to show */
  g_assert_null (state.matched_plate);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpint (state.read_marked[i], ==, i == 2);
      g_assert_cmpint (state.entry_marked[i], ==, i == 2);
    }
  sl_alert_view_state_clear (&state);

  two_words = sl_alert_describe_match (two);
  g_assert_cmpstr (two_words, ==, "Look-alike characters at positions 3 and 7");

  /* The alternative that hit is shown beside the entry; it is the entry. */
  sl_alert_view_state_init (&state, candidate, SL_ROLE_OFFICER, NULL);
  g_assert_cmpstr (state.match_description, ==, "Matched the reader’s alternative reading 7ABC128");
  g_assert_cmpstr (state.read_plate, ==, "7ABC12B");
  g_assert_cmpstr (state.matched_plate, ==, "7ABC128");
  for (guint i = 0; i < SL_ALERT_VIEW_MAX_CHARS; i++)
    {
      g_assert_false (state.read_marked[i]);
      g_assert_false (state.matched_marked[i]);
      g_assert_false (state.entry_marked[i]);
    }
  sl_alert_view_state_clear (&state);

  /* The look-alike is in the alternative, not in the read. */
  sl_alert_view_state_init (&state, lookalike, SL_ROLE_OFFICER, NULL);
  g_assert_cmpstr (state.match_description, ==,
                   "Matched the reader’s alternative reading 8XY2999, with a look-alike character at position 4");
  g_assert_cmpstr (state.matched_plate, ==, "8XY2999");
  for (guint i = 0; i < SL_ALERT_VIEW_MAX_CHARS; i++)
    {
      g_assert_false (state.read_marked[i]);
      g_assert_cmpint (state.matched_marked[i], ==, i == 3);
      g_assert_cmpint (state.entry_marked[i], ==, i == 3);
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

/* ---- search ---- */

static SlPolicy *
load_policy (const char *name)
{
  const char *source_dir = g_getenv ("SIGHTLINE_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  SlPolicy *policy;

  g_assert_nonnull (source_dir);
  path = g_build_filename (source_dir, "data", "policies", name, NULL);
  policy = sl_policy_new_from_file (path, &error);
  g_assert_no_error (error);
  return policy;
}

static void
test_search_gate_checks_as_typed (void)
{
  g_autoptr(SlPolicy) policy = load_policy ("oakland.json");
  SlSearchContextCheck check;

  /* Nothing typed: nothing is wrong yet, everything is missing. */
  sl_search_context_check (policy, "", NULL, "", &check);
  g_assert_false (check.can_submit);
  g_assert_null (check.case_number_error);
  g_assert_null (check.purpose_error);
  g_assert_null (check.note_error);
  g_assert_nonnull (strstr (check.missing, "26-012345"));
  g_assert_nonnull (strstr (check.missing, "purpose"));
  sl_search_context_check_clear (&check);

  /* A case number half typed is not in the format; the example says how. */
  sl_search_context_check (policy, "26-01", "stolen_vehicle", "Grey Civic taken at gunpoint", &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.case_number_error, "26-012345"));
  g_assert_null (check.note_error);
  g_assert_cmpstr (check.missing, ==, check.case_number_error);
  sl_search_context_check_clear (&check);

  /* Generic and short notes are refused, each with its reason. */
  sl_search_context_check (policy, "26-012345", "stolen_vehicle", "investigation", &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.note_error, "generic"));
  sl_search_context_check_clear (&check);
  sl_search_context_check (policy, "26-012345", "stolen_vehicle", "Civic", &check);
  g_assert_nonnull (strstr (check.note_error, "at least 10"));
  sl_search_context_check_clear (&check);

  /* Immigration enforcement, in the note or as a code, never passes. */
  sl_search_context_check (policy, "26-012345", "stolen_vehicle", "ICE detainer for the driver", &check);
  g_assert_nonnull (strstr (check.note_error, "Immigration"));
  sl_search_context_check_clear (&check);
  sl_search_context_check (policy, "26-012345", "immigration_enforcement", "Grey Civic taken at gunpoint", &check);
  g_assert_nonnull (check.purpose_error);
  g_assert_false (check.can_submit);
  sl_search_context_check_clear (&check);

  sl_search_context_check (policy, " 26-012345 ", "stolen_vehicle", "Grey Civic taken at gunpoint", &check);
  g_assert_true (check.can_submit);
  g_assert_null (check.missing);
  sl_search_context_check_clear (&check);
}

static void
test_search_context_describes_and_maps_refusals (void)
{
  g_autoptr(SlSearchContext) context =
    sl_search_context_new (" 26-012345", "stolen_vehicle", "Stolen vehicle", "Grey Civic taken at gunpoint ");
  g_autofree char *line = sl_search_context_describe (context);
  g_autoptr(GError) format = g_error_new_literal (SL_ERROR, SL_ERROR_CASE_NUMBER_FORMAT, "x");
  g_autoptr(GError) generic = g_error_new_literal (SL_ERROR, SL_ERROR_PURPOSE_TOO_GENERIC, "x");
  g_autoptr(GError) purpose = g_error_new_literal (SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED, "x");
  g_autoptr(GError) broad = g_error_new_literal (SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE, "x");

  g_assert_cmpstr (line, ==, "Case 26-012345 · Stolen vehicle · Grey Civic taken at gunpoint");
  g_assert_cmpint (sl_search_field_for_error (format), ==, SL_SEARCH_FIELD_CASE_NUMBER);
  g_assert_cmpint (sl_search_field_for_error (generic), ==, SL_SEARCH_FIELD_NOTE);
  g_assert_cmpint (sl_search_field_for_error (purpose), ==, SL_SEARCH_FIELD_PURPOSE);
  g_assert_cmpint (sl_search_field_for_error (broad), ==, SL_SEARCH_FIELD_NONE);
}

static void
test_search_filter_to_json (void)
{
  g_autoptr(SlSearchContext) context =
    sl_search_context_new ("26-012345", "stolen_vehicle", NULL, "Grey Civic taken at gunpoint");
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 camera = 3;

  /* Nothing narrows it: refused before it is sent. */
  g_assert_false (sl_search_filter_check (filter, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
  g_clear_error (&error);

  /* A fortnight is no narrowing filter; a week is. */
  filter->from_us = 1000 * G_TIME_SPAN_DAY;
  filter->to_us = filter->from_us + 14 * G_TIME_SPAN_DAY;
  g_assert_false (sl_search_filter_check (filter, NULL));
  filter->to_us = filter->from_us + 7 * G_TIME_SPAN_DAY;
  g_assert_true (sl_search_filter_check (filter, NULL));

  /* Tolerance is for exact plates. */
  filter->plate = g_strdup ("7AB*");
  filter->tolerance = 1;
  g_assert_false (sl_search_filter_check (filter, &error));
  g_assert_nonnull (strstr (error->message, "pattern"));
  g_clear_error (&error);

  g_free (filter->plate);
  filter->plate = g_strdup (" 7abc123 ");
  filter->cameras = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (filter->cameras, camera);
  filter->has_area = TRUE;
  filter->lat = 37.75;
  filter->lon = -122.25;
  filter->radius_m = 500;
  filter->direction = g_strdup ("NE");
  filter->color = g_strdup ("grey");
  filter->make = g_strdup ("");
  g_assert_true (sl_search_filter_check (filter, NULL));

  node = sl_search_filter_to_json (filter, context, SL_SEARCH_ORDER_PLATE, 200);
  text = sl_json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"case_number\":\"26-012345\",\"purpose_code\":\"stolen_vehicle\","
                   "\"purpose_note\":\"Grey Civic taken at gunpoint\",\"plate\":\"7abc123\","
                   "\"tolerance\":1,\"from\":\"1972-09-27T00:00:00.000000Z\",\"to\":\"1972-10-04T00:00:00.000000Z\","
                   "\"cameras\":[3],\"area\":{\"lat\":37.75,\"lon\":-122.25,\"radius_m\":500.0},"
                   "\"direction\":\"NE\",\"color\":\"grey\",\"order\":\"plate\",\"limit\":200}");

  /* A circle wider than the service allows is refused here already. */
  filter->radius_m = 60000;
  g_assert_false (sl_search_filter_check (filter, NULL));
}

static void
test_search_time_presets (void)
{
  gint64 now = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  gint64 from, to;

  sl_search_time_preset_get_range (SL_SEARCH_TIME_LAST_HOUR, now, &from, &to);
  g_assert_cmpint (from, ==, now - G_TIME_SPAN_HOUR);
  g_assert_cmpint (to, >=, now);
  sl_search_time_preset_get_range (SL_SEARCH_TIME_LAST_WEEK, now, &from, &to);
  g_assert_cmpint (from, ==, now - 7 * G_TIME_SPAN_DAY);
  sl_search_time_preset_get_range (SL_SEARCH_TIME_ANY, now, &from, &to);
  g_assert_cmpint (from, ==, 0);
  g_assert_cmpint (to, ==, 0);
}

#define READ_JSON(id, hit) \
  "{\"id\":" #id ",\"plate\":\"7ABC123\",\"plate_raw\":\"7ABC 123\",\"region\":\"CA\"," \
  "\"captured_at\":\"2026-11-23T06:50:00Z\",\"confidence\":91.5," \
  "\"camera\":{\"id\":1,\"name\":\"Broadway & 14th St\"},\"lat\":37.8,\"lon\":-122.27,\"heading\":45," \
  "\"vehicle\":{\"make\":\"Honda\",\"model\":\"Civic\",\"color\":\"grey\",\"type\":\"sedan\"}," \
  "\"plate_image_url\":\"/api/v1/reads/" #id "/images/plate\",\"overview_image_url\":null,\"hit\":" hit "}"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = sl_json_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static void
test_search_page_parsing (void)
{
  g_autoptr(JsonObject) good = parse_object ("{\"search_id\":12,\"total\":5234,\"results\":["
                                             READ_JSON (7, "true") "," READ_JSON (8, "false")
                                             "],\"next_offset\":2}");
  g_autoptr(JsonObject) track = parse_object ("{\"search_id\":13,\"plate\":\"7ABC123\",\"reads\":["
                                              READ_JSON (7, "true") "]}");
  g_autoptr(JsonObject) counts = parse_object ("{\"search_id\":12,\"total\":1,\"results\":["
                                               READ_JSON (7, "true") "," READ_JSON (8, "false") "]}");
  g_autoptr(JsonObject) away = parse_object ("{\"search_id\":12,\"total\":1,\"results\":["
                                             "{\"id\":1,\"plate\":\"A\",\"captured_at\":\"2026-11-23T06:50:00Z\","
                                             "\"camera\":{\"id\":1},\"plate_image_url\":\"https://evil.example/x\"}]}");
  g_autoptr(SlSearchAnswer) page = NULL;
  g_autoptr(SlSearchAnswer) track_page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vehicle = NULL;
  SlSearchRead *read;

  page = sl_search_answer_new_from_json (good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->search_id, ==, 12);
  g_assert_cmpuint (page->total, ==, 5234);
  g_assert_cmpint (page->next_offset, ==, 2);
  g_assert_cmpuint (page->results->len, ==, 2);
  read = g_ptr_array_index (page->results, 0);
  g_assert_true (sl_search_read_get_hit (read));
  g_assert_false (sl_search_read_get_hit (g_ptr_array_index (page->results, 1)));
  g_assert_cmpstr (sl_search_read_get_plate_raw (read), ==, "7ABC 123");
  g_assert_cmpstr (sl_search_read_get_camera_name (read), ==, "Broadway & 14th St");
  g_assert_cmpfloat (sl_search_read_get_heading (read), ==, 45);
  g_assert_cmpstr (sl_search_read_get_plate_image_url (read), ==, "/api/v1/reads/7/images/plate");
  vehicle = sl_search_read_describe_vehicle (read);
  g_assert_cmpstr (vehicle, ==, "grey Honda Civic · sedan");

  track_page = sl_search_answer_new_from_track_json (track, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (track_page->plate, ==, "7ABC123");
  g_assert_cmpuint (track_page->total, ==, 1);

  /* More rows than the total, and images elsewhere, are broken payloads. */
  g_assert_null (sl_search_answer_new_from_json (counts, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (sl_search_answer_new_from_json (away, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE);
}

/* A page source that answers every request with made-up reads. */
typedef struct
{
  GArray *offsets;    /* guint */
  guint   total;
  guint   answered;
} FakePages;

static FakePages fake_pages;

static void
fake_fetch (GObject             *source,
            gint64               search_id,
            guint                offset,
            guint                limit,
            SlSearchOrder        order,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  g_autoptr(JsonObject) read = parse_object (READ_JSON (1, "false"));
  SlSearchAnswer *page = g_new0 (SlSearchAnswer, 1);

  g_assert_cmpint (search_id, ==, 12);
  g_assert_cmpuint (limit, ==, SL_SEARCH_PAGE_SIZE);
  g_assert_cmpint (order, ==, SL_SEARCH_ORDER_OLDEST);
  g_array_append_val (fake_pages.offsets, offset);

  page->search_id = search_id;
  page->total = fake_pages.total;
  page->offset = offset;
  page->results = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = offset; i < MIN (offset + limit, fake_pages.total); i++)
    g_ptr_array_add (page->results, sl_search_read_new_from_json (read, NULL));
  g_task_return_pointer (task, page, (GDestroyNotify) sl_search_answer_free);
}

static SlSearchAnswer *
fake_finish (GObject       *source,
             GAsyncResult  *result,
             GError       **error)
{
  fake_pages.answered++;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const SlSearchAnswerSource fake_source = { fake_fetch, fake_finish };

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->n_signals++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

/* What a list view does when it shows rows: asks for their items. */
static void
show_rows (GListModel *model,
           guint       first,
           guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(SlSearchRead) read = g_list_model_get_item (model, i);

      g_assert_nonnull (read);
    }
}

static void
wait_answers (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fake_pages.answered < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fake_pages.answered, ==, n);
  /* Let a late flush happen, if one was (wrongly) pending. */
  for (int i = 0; i < 3; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_search_results_pages_on_demand (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(SlSearchResults) results = NULL;
  g_autoptr(JsonObject) first = parse_object ("{\"search_id\":12,\"total\":1000000,\"results\":["
                                              READ_JSON (1, "false") "," READ_JSON (2, "true")
                                              "],\"next_offset\":2}");
  g_autoptr(SlSearchAnswer) first_page = sl_search_answer_new_from_json (first, NULL);
  g_autoptr(SlSearchRead) row = NULL;
  g_autoptr(SlSearchRead) placeholder = NULL;
  ItemsChanged changed = { 0 };
  gint64 start;

  fake_pages.offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  fake_pages.total = 1000000;
  fake_pages.answered = 0;

  results = sl_search_results_new_with_source (&fake_source, source, 12, 1000000,
                                               SL_SEARCH_ORDER_OLDEST, first_page);
  g_signal_connect (results, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* A million rows, two objects: the first answer's. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 1000000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (results)) == SL_TYPE_SEARCH_READ);
  g_assert_cmpuint (sl_search_results_get_n_loaded (results), ==, 2);
  row = g_list_model_get_item (G_LIST_MODEL (results), 1);
  g_assert_true (sl_search_read_get_hit (row));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (results), 1000000));

  /* Jumping to the middle: a placeholder at once, one page fetched, one signal. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (results), 500010);
  g_assert_true (sl_search_read_is_placeholder (placeholder));
  show_rows (G_LIST_MODEL (results), 500000, 40);
  wait_answers (1);
  g_assert_cmpuint (fake_pages.offsets->len, ==, 1);
  g_assert_cmpuint (g_array_index (fake_pages.offsets, guint, 0), ==, 500000);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 500000);
  g_assert_cmpuint (changed.removed, ==, SL_SEARCH_PAGE_SIZE);
  g_assert_cmpuint (changed.added, ==, SL_SEARCH_PAGE_SIZE);
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (results), 500010);
  g_assert_false (sl_search_read_is_placeholder (row));

  /* Rows in view across a page boundary: the two pages. */
  show_rows (G_LIST_MODEL (results), 700190, 20);
  wait_answers (3);
  g_assert_cmpuint (fake_pages.offsets->len, ==, 3);

  /* A fast scroll over 1,000 pages fetches what it stops at, not what it passed. */
  start = g_get_monotonic_time ();
  for (guint page = 0; page < 1000; page++)
    show_rows (G_LIST_MODEL (results), page * 997, 30);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  wait_answers (6);
  g_assert_cmpuint (fake_pages.offsets->len, ==, 6);
  g_assert_cmpuint (g_array_index (fake_pages.offsets, guint, 3), ==, (999 * 997 + 20) / 200 * 200);

  /* The last page is short, and memory stays bounded however far one goes. */
  show_rows (G_LIST_MODEL (results), 999990, 10);
  wait_answers (7);
  for (guint page = 0; page < 60; page++)
    {
      show_rows (G_LIST_MODEL (results), 300000 + page * SL_SEARCH_PAGE_SIZE, 1);
      wait_answers (8 + page);
    }
  g_assert_cmpuint (sl_search_results_get_n_loaded (results), <=, 40 * SL_SEARCH_PAGE_SIZE);
  g_assert_cmpuint (sl_search_results_get_n_fetches (results), ==, 67);

  g_clear_pointer (&fake_pages.offsets, g_array_unref);
}

/* ---- hot lists ---- */

/* 2026-03-01 12:00 in Los Angeles (PST); DST starts a week later. */
#define HOTLIST_NOW_US (G_GINT64_CONSTANT (1772395200) * G_USEC_PER_SEC)

static void
test_hotlist_pattern_preview (void)
{
  const struct
  {
    const char *pattern;
    const char *description;
  } cases[] = {
    { "7ABC123", "exactly this plate" },
    { "7AB*",    "starts with 7AB" },
    { "*K12*",   "contains K12" },
    { "*123",    "ends with 123" },
    { "7?C1?3",  "6 characters, any one at positions 2, 5" },
    { "7AB?123", "7 characters, any one at position 4" },
    { "7?C*",    "? is any one character, * any run of characters" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *description = sl_hotlist_describe_pattern (cases[i].pattern);
      g_autofree char *examples = sl_hotlist_pattern_examples (cases[i].pattern);

      g_assert_cmpstr (description, ==, cases[i].description);
      if (i == 0)
        {
          g_assert_null (examples);
          continue;
        }

      /* Every example is a plate the pattern matches, as the matcher reads it. */
      {
        g_auto(GStrv) plates = g_strsplit (examples, ", ", -1);

        g_assert_cmpuint (g_strv_length (plates), >=, 1);
        for (guint j = 0; plates[j] != NULL; j++)
          {
            g_assert_true (g_pattern_match_simple (cases[i].pattern, plates[j]));
            g_assert_null (strpbrk (plates[j], "?*"));
            g_assert_cmpuint (strlen (plates[j]), <=, SL_PLATE_MAX_LENGTH);
          }
      }
    }
}

static void
fill_form (SlHotlistEntryForm *form)
{
  form->plate = "7abc 123";
  form->region = "ca";
  form->reason = "stolen_vehicle";
  form->case_number = " 26-012345 ";
  form->synopsis = "Grey Civic taken at gunpoint on Broadway";
  form->expires_on = "2026-03-31";
  form->make = "Honda";
  form->model = NULL;
  form->color = "grey";
}

static void
test_hotlist_form_checks_as_typed (void)
{
  g_autoptr(SlPolicy) policy = load_policy ("demo.json");
  SlHotlistEntryForm form = { 0 };
  SlHotlistEntryCheck check;
  g_autofree char *long_synopsis = g_strnfill (SL_HOTLIST_SYNOPSIS_MAX + 1, 'x');

  /* Nothing typed: nothing wrong, everything missing, the case format named. */
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_false (check.can_submit);
  g_assert_null (check.plate_error);
  g_assert_null (check.case_number_error);
  g_assert_null (check.fields);
  g_assert_nonnull (strstr (check.missing, "plate"));
  g_assert_nonnull (strstr (check.missing, "26-012345"));
  g_assert_nonnull (strstr (check.missing, "reason"));
  g_assert_nonnull (strstr (check.missing, "synopsis"));
  g_assert_nonnull (strstr (check.missing, "expires"));
  sl_hotlist_entry_check_clear (&check);

  /* Filled: the fields to send, normalized as the service stores them. */
  fill_form (&form);
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_true (check.can_submit);
  g_assert_null (check.missing);
  g_assert_nonnull (check.fields);
  g_assert_cmpstr (check.fields->plate, ==, "7ABC123");
  g_assert_cmpstr (check.fields->region, ==, "CA");
  g_assert_cmpstr (check.fields->case_number, ==, "26-012345");
  g_assert_cmpstr (check.fields->reason, ==, "stolen_vehicle");
  g_assert_cmpstr (check.fields->make, ==, "Honda");
  g_assert_cmpstr (check.fields->model, ==, "");
  g_assert_false (check.is_pattern);
  g_assert_cmpstr (check.plate_preview, ==, "7ABC123 — exactly this plate");
  /* the end of that day in Los Angeles, after the change to PDT */
  g_assert_cmpint (check.fields->expires_at_us, ==, G_GINT64_CONSTANT (1775026740) * G_USEC_PER_SEC);
  sl_hotlist_entry_check_clear (&check);

  /* A pattern: what it matches while typing. */
  form.plate = "7ab*";
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_true (check.can_submit);
  g_assert_true (check.is_pattern);
  g_assert_true (g_str_has_prefix (check.plate_preview, "7AB* — starts with 7AB, e.g. 7AB"));
  sl_hotlist_entry_check_clear (&check);

  /* Too broad, or no plate at all. */
  form.plate = "7*";
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.plate_error, "Too broad"));
  sl_hotlist_entry_check_clear (&check);
  form.plate = "**";
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_nonnull (check.plate_error);
  g_assert_null (check.plate_preview);
  sl_hotlist_entry_check_clear (&check);

  /* Each wrong field has its own reason; the tooltip lists them all. */
  form.plate = "7ABC123";
  form.region = "XX";
  form.reason = "immigration_enforcement";
  form.case_number = "CASE-1";
  form.synopsis = long_synopsis;
  sl_hotlist_entry_check (policy, &form, HOTLIST_NOW_US, &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.region_error, "CA"));
  g_assert_nonnull (check.reason_error);
  g_assert_nonnull (strstr (check.case_number_error, "26-012345"));
  g_assert_nonnull (strstr (check.synopsis_error, "1000"));
  g_assert_nonnull (strstr (check.missing, check.region_error));
  g_assert_nonnull (strstr (check.missing, check.case_number_error));
  g_assert_nonnull (strstr (check.missing, check.synopsis_error));
  g_assert_null (check.fields);
  sl_hotlist_entry_check_clear (&check);
}

static void
test_hotlist_expiry_limit (void)
{
  g_autoptr(SlPolicy) policy = load_policy ("demo.json");
  g_autofree char *default_day = sl_hotlist_default_expiry (policy, HOTLIST_NOW_US);
  gint64 limit_us = HOTLIST_NOW_US + 100 * SL_USEC_PER_DAY;
  gint64 expires_us = 0;
  char *error = NULL;

  g_assert_cmpuint (sl_policy_get_hotlist_max_days (policy), ==, 100);
  g_assert_cmpstr (default_day, ==, "2026-03-31");

  /* Today is not an expiry; a date is a date. */
  g_assert_false (sl_hotlist_expiry_from_date ("2026-03-01", 100, HOTLIST_NOW_US, &expires_us, &error));
  g_assert_nonnull (strstr (error, "after today"));
  g_clear_pointer (&error, g_free);
  g_assert_false (sl_hotlist_expiry_from_date ("2026-13-01", 100, HOTLIST_NOW_US, &expires_us, &error));
  g_assert_nonnull (strstr (error, "YYYY-MM-DD"));
  g_clear_pointer (&error, g_free);

  /* The profile's last day is allowed, ending at the limit itself; a day later is not. */
  g_assert_true (sl_hotlist_expiry_from_date ("2026-06-09", 100, HOTLIST_NOW_US, &expires_us, &error));
  g_assert_null (error);
  g_assert_cmpint (expires_us, <=, limit_us);
  g_assert_cmpint (expires_us, >, limit_us - SL_USEC_PER_DAY / 2);
  g_assert_false (sl_hotlist_expiry_from_date ("2026-06-10", 100, HOTLIST_NOW_US, &expires_us, &error));
  g_assert_nonnull (strstr (error, "At most 100 days"));
  g_assert_nonnull (strstr (error, "2026-06-09"));
  g_assert_cmpint (expires_us, ==, 0);
  g_clear_pointer (&error, g_free);

  /* A shorter profile limit is the default too. */
  g_assert_false (sl_hotlist_expiry_from_date ("2026-03-31", 10, HOTLIST_NOW_US, &expires_us, NULL));

  /* Soon-to-expire entries are marked, expired ones say so. */
  g_assert_true (sl_hotlist_expires_soon (HOTLIST_NOW_US + 3 * SL_USEC_PER_DAY, HOTLIST_NOW_US));
  g_assert_false (sl_hotlist_expires_soon (HOTLIST_NOW_US + 10 * SL_USEC_PER_DAY, HOTLIST_NOW_US));
  g_assert_false (sl_hotlist_expires_soon (HOTLIST_NOW_US - 1, HOTLIST_NOW_US));
  {
    g_autofree char *soon = sl_hotlist_format_expiry (HOTLIST_NOW_US + 2 * SL_USEC_PER_DAY + 60 * G_USEC_PER_SEC,
                                                      HOTLIST_NOW_US);
    g_autofree char *far = sl_hotlist_format_expiry (HOTLIST_NOW_US + 30 * SL_USEC_PER_DAY, HOTLIST_NOW_US);
    g_autofree char *past = sl_hotlist_format_expiry (HOTLIST_NOW_US - SL_USEC_PER_DAY, HOTLIST_NOW_US);

    g_assert_cmpstr (soon, ==, "2026-03-03 · in 2 days");
    g_assert_cmpstr (far, ==, "2026-03-31");
    g_assert_cmpstr (past, ==, "2026-02-28 · expired");
  }
}

static void
test_hotlist_update_difference (void)
{
  g_autoptr(SlPolicy) policy = load_policy ("demo.json");
  g_autoptr(SlHotlistEntryFields) active = sl_hotlist_entry_fields_new ();
  g_autoptr(SlHotlistEntryFields) proposed = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  gboolean seen_plate = FALSE;
  gboolean seen_synopsis = FALSE;
  gboolean seen_expiry = FALSE;

  active->plate = g_strdup ("7ABC123");
  active->region = g_strdup ("CA");
  active->reason = g_strdup ("stolen_vehicle");
  active->case_number = g_strdup ("26-012345");
  active->synopsis = g_strdup ("Grey Civic taken at gunpoint");
  active->expires_at_us = HOTLIST_NOW_US + 10 * SL_USEC_PER_DAY;
  proposed = sl_hotlist_entry_fields_copy (active);
  g_free (proposed->synopsis);
  proposed->synopsis = g_strdup ("Grey Civic taken at gunpoint; dent on the left door");
  proposed->expires_at_us = HOTLIST_NOW_US + 40 * SL_USEC_PER_DAY;

  rows = sl_hotlist_diff_fields (active, proposed, policy);
  g_assert_cmpuint (sl_hotlist_diff_count_changed (rows), ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      SlHotlistDiffRow *row = g_ptr_array_index (rows, i);

      /* Fields neither version has are left out. */
      g_assert_cmpstr (row->field, !=, "make");
      if (g_str_equal (row->field, "plate"))
        {
          seen_plate = TRUE;
          g_assert_false (row->changed);
          g_assert_cmpstr (row->old_value, ==, row->new_value);
        }
      else if (g_str_equal (row->field, "synopsis"))
        {
          seen_synopsis = TRUE;
          g_assert_true (row->changed);
          g_assert_cmpstr (row->label, ==, "Synopsis");
          g_assert_cmpstr (row->old_value, ==, "Grey Civic taken at gunpoint");
          g_assert_nonnull (strstr (row->new_value, "dent"));
        }
      else if (g_str_equal (row->field, "expires_at"))
        {
          seen_expiry = TRUE;
          g_assert_true (row->changed);
          g_assert_cmpstr (row->old_value, ==, "2026-03-11");
          g_assert_cmpstr (row->new_value, ==, "2026-04-10");
        }
      else if (g_str_equal (row->field, "reason"))
        g_assert_cmpstr (row->new_value, ==, "Stolen vehicle");
    }
  g_assert_true (seen_plate && seen_synopsis && seen_expiry);

  /* A new entry has nothing to differ from. */
  fresh = sl_hotlist_diff_fields (NULL, proposed, policy);
  g_assert_cmpuint (sl_hotlist_diff_count_changed (fresh), ==, 0);
  g_assert_cmpuint (fresh->len, ==, rows->len);
}

static void
test_hotlist_list_settings_check (void)
{
  SlHotlistListCheck check;

  sl_hotlist_list_check ("", "", FALSE, NULL, NULL, &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.missing, "Name"));
  g_assert_null (check.name_error);
  sl_hotlist_list_check_clear (&check);

  /* A specific list has no daily import to check. */
  sl_hotlist_list_check ("Major Crimes", "local", FALSE, "ftp://x", "99", &check);
  g_assert_true (check.can_submit);
  sl_hotlist_list_check_clear (&check);

  sl_hotlist_list_check ("DOJ SVS", "CA-DOJ", TRUE, "ftp://doj.example/svs.csv", "25:00", &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.import_source_error, "https://"));
  g_assert_nonnull (strstr (check.import_time_error, "HH:MM"));
  sl_hotlist_list_check_clear (&check);

  /* Source and time go together. */
  sl_hotlist_list_check ("DOJ SVS", "CA-DOJ", TRUE, "/srv/doj/svs.csv", "", &check);
  g_assert_false (check.can_submit);
  g_assert_nonnull (strstr (check.missing, "time"));
  sl_hotlist_list_check_clear (&check);
  sl_hotlist_list_check ("DOJ SVS", "CA-DOJ", TRUE, "https://doj.example/svs.csv", "05:30", &check);
  g_assert_true (check.can_submit);
  g_assert_null (check.missing);
  sl_hotlist_list_check_clear (&check);
}

static SlHotlist *
hotlist_from_json (const char *json)
{
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  SlHotlist *list;

  g_assert_nonnull (object);
  list = sl_hotlist_new_from_json (object, &error);
  g_assert_no_error (error);
  return list;
}

static void
test_hotlist_sidebar_texts (void)
{
  /* Last import at 04:00 today, next at 04:00 tomorrow, local time. */
  g_autoptr(SlHotlist) general = hotlist_from_json (
    "{\"id\": 1, \"name\": \"SVS\", \"kind\": \"general\", \"source\": \"NCIC-SVS\", \"priority\": 10,"
    " \"alert_level\": \"high\", \"covert\": false, \"tolerance\": 1, \"active\": true,"
    " \"created_at\": \"2026-01-01T00:00:00Z\","
    " \"counts\": {\"pending\": 0, \"active\": 1204, \"expired\": 0, \"removed\": 3, \"rejected\": 0},"
    " \"import\": {\"source\": \"/srv/svs.csv\", \"time\": \"04:00\", \"last_at\": \"2026-03-01T12:00:00Z\","
    " \"last_summary\": null, \"next_at\": \"2026-03-02T12:00:00Z\", \"state\": \"ok\", \"error\": null}}");
  g_autoptr(SlHotlist) failed = hotlist_from_json (
    "{\"id\": 2, \"name\": \"DOJ\", \"kind\": \"general\", \"source\": \"DOJ\", \"priority\": 20,"
    " \"alert_level\": \"medium\", \"covert\": false, \"tolerance\": 0, \"active\": true,"
    " \"counts\": {\"pending\": 0, \"active\": 0, \"expired\": 0, \"removed\": 0, \"rejected\": 0},"
    " \"import\": {\"source\": \"https://doj.example/x.csv\", \"time\": \"05:30\", \"last_at\": null,"
    " \"last_summary\": null, \"next_at\": null, \"state\": \"failed\", \"error\": \"Connection refused\"}}");
  g_autoptr(SlHotlist) specific = hotlist_from_json (
    "{\"id\": 3, \"name\": \"Major Crimes\", \"kind\": \"specific\", \"source\": \"local\", \"priority\": 0,"
    " \"alert_level\": \"high\", \"covert\": true, \"tolerance\": 0, \"active\": true,"
    " \"counts\": {\"pending\": 3, \"active\": 12, \"expired\": 1, \"removed\": 0, \"rejected\": 2},"
    " \"import\": {\"source\": null, \"time\": null, \"last_at\": null, \"last_summary\": null,"
    " \"next_at\": null, \"state\": \"never\", \"error\": null}}");
  g_autofree char *general_import = sl_hotlist_describe_import (general, HOTLIST_NOW_US);
  g_autofree char *failed_import = sl_hotlist_describe_import (failed, HOTLIST_NOW_US);
  g_autofree char *general_counts = sl_hotlist_describe_counts (general);
  g_autofree char *specific_counts = sl_hotlist_describe_counts (specific);
  g_autofree char *empty_counts = sl_hotlist_describe_counts (failed);

  g_assert_cmpstr (general_import, ==, "Imported today 04:00 · next tomorrow 04:00");
  g_assert_cmpstr (failed_import, ==, "Import failed: Connection refused");
  g_assert_null (sl_hotlist_describe_import (specific, HOTLIST_NOW_US));
  g_assert_cmpstr (general_counts, ==, "1204 active");
  g_assert_cmpstr (specific_counts, ==, "12 active · 3 pending · 1 expired");
  g_assert_cmpstr (empty_counts, ==, "No entries");
}

static void
test_hotlist_import_preview (void)
{
  static const char data[] =
    "LIC;LIS;NOTES;lic;OCA\r\n"
    "7abc 123;CA;x;y;26-000123\r\n"
    "7AB*;NV;;;26-000124\r\n"
    "!!;CA;;;\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlHotlistCsv) csv = sl_hotlist_csv_parse (data, strlen (data), &error);
  g_autofree char *mapping = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (SlHotlistRejectedLine));
  SlHotlistImportSummary done = { 1200, 14, 3, lines, FALSE };

  g_assert_no_error (error);
  g_assert_cmpstr (sl_hotlist_csv_delimiter_name (csv->delimiter), ==, "Semicolon");
  g_assert_cmpstr (sl_hotlist_csv_delimiter_name ('\t'), ==, "Tab");
  mapping = sl_hotlist_csv_describe_mapping (csv);
  g_assert_cmpstr (mapping, ==, "LIC → Plate, LIS → State, NOTES → ignored, lic → ignored, OCA → Case number");
  g_assert_cmpstr (sl_hotlist_csv_column_role ("Case Number"), ==, "Case number");
  g_assert_null (sl_hotlist_csv_column_role ("driver_name"));
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpuint (csv->bad_rows->len, ==, 1);

  summary = sl_hotlist_describe_summary (&done);
  g_assert_cmpstr (summary, ==, "1200 added, 14 removed, 3 rows rejected.");
  done.kept_old = TRUE;
  kept = sl_hotlist_describe_summary (&done);
  g_assert_nonnull (strstr (kept, "kept as it was"));
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
  g_test_add_func ("/ui-logic/search/gate", test_search_gate_checks_as_typed);
  g_test_add_func ("/ui-logic/search/context", test_search_context_describes_and_maps_refusals);
  g_test_add_func ("/ui-logic/search/filter-json", test_search_filter_to_json);
  g_test_add_func ("/ui-logic/search/time-presets", test_search_time_presets);
  g_test_add_func ("/ui-logic/search/page-parsing", test_search_page_parsing);
  g_test_add_func ("/ui-logic/search/paged-model", test_search_results_pages_on_demand);
  g_test_add_func ("/ui-logic/hotlists/pattern-preview", test_hotlist_pattern_preview);
  g_test_add_func ("/ui-logic/hotlists/form", test_hotlist_form_checks_as_typed);
  g_test_add_func ("/ui-logic/hotlists/expiry", test_hotlist_expiry_limit);
  g_test_add_func ("/ui-logic/hotlists/update-difference", test_hotlist_update_difference);
  g_test_add_func ("/ui-logic/hotlists/list-settings", test_hotlist_list_settings_check);
  g_test_add_func ("/ui-logic/hotlists/sidebar", test_hotlist_sidebar_texts);
  g_test_add_func ("/ui-logic/hotlists/import-preview", test_hotlist_import_preview);

  return g_test_run ();
}
