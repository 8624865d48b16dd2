#define G_LOG_DOMAIN "test-api"

#include "config.h"

#include <string.h>

#include "sl-ingest.h"
#include "sl-password.h"
#include "sl-test-harness.h"

#define MINUTE_US SL_USEC_PER_MINUTE

static gint64
audit_total (Fixture *f)
{
  return db_count (f, "SELECT count (*) FROM audit_log");
}

static gint64
failures_of (Fixture    *f,
             const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM login_failures f JOIN users u"
                                          " ON u.id = f.user_id WHERE u.username = '%s'", username);

  return db_count (f, sql);
}

static gboolean
is_locked (Fixture    *f,
           const char *username)
{
  g_autoptr(SlUser) user = sl_store_find_user (f->store, username, NULL);

  g_assert_nonnull (user);
  return user->locked_at_us != 0;
}

/* Health and login -------------------------------------------------------- */

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Response) response = api_request (f, "GET", "/health", NULL, NULL);
  const char *notice;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response->body, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (response->body, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (response->body, "policy"), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (response->body, "agency"), ==,
                   "Sightline Demonstration Police Department");
  /* The login window shows this before anyone logs in. */
  notice = json_object_get_string_member (response->body, "notice");
  g_assert_nonnull (strstr (notice, "monitored"));
  g_assert_nonnull (strstr (notice, "consent"));
}

static void
test_login_ok (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Response) response = api_login (f, ADMIN_USER, ADMIN_PASSWORD, NULL);
  g_autoptr(SlAuditRecord) login = NULL;
  g_autoptr(SlAuditRecord) notice = NULL;
  JsonObject *user;
  JsonObject *training;
  JsonArray *roles;
  const char *token;

  g_assert_cmpuint (response->status, ==, 200);
  token = json_object_get_string_member (response->body, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpstr (json_object_get_string_member (response->body, "expires_at"), ==, "2026-03-02T00:00:00.000000Z");
  g_assert_cmpint (json_object_get_int_member (response->body, "idle_timeout_seconds"), ==, 1800);

  user = json_object_get_object_member (response->body, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, ADMIN_USER);
  g_assert_cmpstr (json_object_get_string_member (user, "full_name"), ==, "Test " ADMIN_USER);
  g_assert_false (json_object_has_member (user, "password_hash"));
  roles = json_object_get_array_member (user, "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "administrator");

  training = json_object_get_object_member (response->body, "training");
  g_assert_cmpstr (json_object_get_string_member (training, "status"), ==, "current");
  g_assert_cmpstr (json_object_get_string_member (training, "completed_on"), ==, "2026-01-15");
  g_assert_cmpstr (json_object_get_string_member (training, "expires_on"), ==, "2027-01-15");
  g_assert_cmpint (json_object_get_int_member (training, "interval_days"), ==, 365);

  /* The acknowledgement and the login are both in the access log, fully stamped. */
  notice = last_record (f, "notice.acknowledge");
  login = last_record (f, "session.login");
  g_assert_nonnull (notice);
  g_assert_nonnull (login);
  g_assert_cmpint (notice->seq + 1, ==, login->seq);
  g_assert_cmpstr (login->username, ==, ADMIN_USER);
  g_assert_cmpstr (login->outcome, ==, "ok");
  g_assert_cmpstr (login->role, ==, "administrator");
  g_assert_cmpstr (login->organization, ==, "demo");
  g_assert_cmpstr (login->client_address, ==, "127.0.0.1");
  g_assert_cmpstr (login->policy_version, ==, "demo/2026.1");
  g_assert_cmpint (login->time_us, ==, TEST_START_US);
}

static void
test_login_notice_required (Fixture       *f,
                            gconstpointer  data)
{
  const char *bodies[] = {
    "{\"username\": \"" ADMIN_USER "\", \"password\": \"" ADMIN_PASSWORD "\"}",
    "{\"username\": \"" ADMIN_USER "\", \"password\": \"" ADMIN_PASSWORD "\", \"acknowledged_notice\": false}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = api_request (f, "POST", "/session", NULL, bodies[i]);
      g_autoptr(SlAuditRecord) record = NULL;
      g_autofree char *reason = NULL;

      assert_api_error (response, 422, "notice_not_acknowledged");
      g_assert_nonnull (strstr (error_message (response), "notice"));

      /* The refusal itself is on record. */
      record = last_record (f, "session.login");
      g_assert_nonnull (record);
      g_assert_cmpstr (record->username, ==, ADMIN_USER);
      g_assert_cmpstr (record->outcome, ==, "denied");
      reason = record_reason (record);
      g_assert_cmpstr (reason, ==, "notice_not_acknowledged");
    }

  g_assert_cmpint (count_records (f, "session.login", NULL, "denied"), ==, 2);
  g_assert_cmpint (count_records (f, "notice.acknowledge", NULL, NULL), ==, 0);
  g_assert_cmpint (failures_of (f, ADMIN_USER), ==, 0);
}

static void
test_login_wrong_password (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Response) wrong = api_login (f, OFFICER_USER, "Not-the-password-1", NULL);
  g_autoptr(Response) unknown = api_login (f, "nobody", OFFICER_PASSWORD, NULL);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *reason = NULL;

  assert_api_error (wrong, 401, "invalid_credentials");
  assert_api_error (unknown, 401, "invalid_credentials");
  /* Nothing tells an unknown user from a wrong password. */
  g_assert_cmpstr (error_message (wrong), ==, error_message (unknown));

  g_assert_cmpint (count_records (f, "session.login", OFFICER_USER, "failed"), ==, 1);
  record = last_record (f, "session.login");
  g_assert_cmpstr (record->username, ==, "nobody");
  g_assert_cmpstr (record->outcome, ==, "failed");
  reason = record_reason (record);
  g_assert_cmpstr (reason, ==, "unknown_user");
  g_assert_cmpint (failures_of (f, OFFICER_USER), ==, 1);
}

static void
test_login_lockout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Response) locked = NULL;
  g_autoptr(Response) right = NULL;
  g_autoptr(SlAuditRecord) lock = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Response) response = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

      assert_api_error (response, 401, "invalid_credentials");
      sl_clock_advance (f->clock, 2 * MINUTE_US);
    }
  g_assert_false (is_locked (f, OFFICER_USER));

  locked = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);
  assert_api_error (locked, 423, "account_locked");
  g_assert_true (is_locked (f, OFFICER_USER));

  lock = last_record (f, "user.lock");
  g_assert_nonnull (lock);
  g_assert_cmpstr (lock->username, ==, OFFICER_USER);

  /* Even the right password and a day's wait do not open it. */
  sl_clock_advance (f->clock, 24 * 60 * MINUTE_US);
  right = api_login (f, OFFICER_USER, OFFICER_PASSWORD, NULL);
  assert_api_error (right, 423, "account_locked");
  g_assert_nonnull (strstr (error_message (right), "administrator"));
  g_assert_cmpint (count_records (f, "session.login", OFFICER_USER, "ok"), ==, 0);
  g_assert_cmpint (count_records (f, "session.login", OFFICER_USER, "denied"), ==, 1);
}

/* Logins that race the lockout ---------------------------------------------- */

#define RACE_WRONG_GUESSES 6

typedef struct _Race Race;

typedef struct
{
  Race        *race;
  SoupMessage *msg;
  guint        status;
  char        *text;
} RacingLogin;

struct _Race
{
  GMainLoop   *loop;
  guint        pending;
  gboolean     delay_over;
  RacingLogin  logins[RACE_WRONG_GUESSES + 1];   /* the right password last */
};

static void
racing_login_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RacingLogin *login = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  login->status = soup_message_get_status (login->msg);
  login->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (--login->race->pending == 0)
    g_main_loop_quit (login->race->loop);
}

static void
start_racing_login (Fixture     *f,
                    SoupSession *session,
                    Race        *race,
                    guint        i,
                    const char  *password)
{
  RacingLogin *login = &race->logins[i];
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/session", NULL);
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\","
                                           " \"acknowledged_notice\": true}", OFFICER_USER, password);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  login->race = race;
  login->msg = soup_message_new ("POST", uri);
  soup_message_set_request_body_from_bytes (login->msg, "application/json", bytes);
  race->pending++;
  soup_session_send_and_read_async (session, login->msg, G_PRIORITY_DEFAULT, NULL,
                                    racing_login_done_cb, login);
}

static gboolean
race_delay_over_cb (gpointer data)
{
  Race *race = data;

  race->delay_over = TRUE;
  g_main_loop_quit (race->loop);
  return G_SOURCE_REMOVE;
}

/* Guesses still being checked when the account locks must not log in: the
 * password check is slow, and the lock is read again once it is done. */
static void
test_login_lockout_race (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 16,
                                                                  "timeout", 60, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RacingLogin *right;
  Race race = { .loop = loop };
  gint64 started = g_get_monotonic_time ();
  gint64 lock_seq;
  gint64 last_ok_seq;
  guint delay_ms;

  /* How long one password check takes on this machine, from another account. */
  g_free (login_token (f, ADMIN_USER, ADMIN_PASSWORD));
  delay_ms = MAX (1, (g_get_monotonic_time () - started) * 3 / 4 / 1000);

  /* The right password follows while the wrong ones are being checked, so
   * that it is most likely decided after the lock; nothing can force that. */
  for (guint i = 0; i < RACE_WRONG_GUESSES; i++)
    start_racing_login (f, session, &race, i, "Guessing-again-1");
  g_timeout_add (delay_ms, race_delay_over_cb, &race);
  while (!race.delay_over)
    g_main_loop_run (loop);
  start_racing_login (f, session, &race, RACE_WRONG_GUESSES, OFFICER_PASSWORD);
  while (race.pending > 0)
    g_main_loop_run (loop);

  right = &race.logins[RACE_WRONG_GUESSES];
  g_test_message ("the right password, sent %u ms after %d wrong ones, was answered %u",
                  delay_ms, RACE_WRONG_GUESSES, right->status);
  for (guint i = 0; i < RACE_WRONG_GUESSES; i++)
    g_assert_true (race.logins[i].status == 401 || race.logins[i].status == 423);
  g_assert_true (right->status == 200 || right->status == 423);

  /* Whatever the order, no login succeeds once the lock is recorded. */
  lock_seq = db_count (f, "SELECT coalesce (min (seq), 0) FROM audit_log WHERE action = 'user.lock'");
  last_ok_seq = db_count (f, "SELECT coalesce (max (seq), 0) FROM audit_log WHERE action = 'session.login'"
                             " AND outcome = 'ok' AND username = '" OFFICER_USER "'");
  g_assert_cmpint (count_records (f, "session.login", OFFICER_USER, "ok"), ==, right->status == 200 ? 1 : 0);
  if (lock_seq != 0)
    g_assert_cmpint (last_ok_seq, <, lock_seq);
  if (right->status == 423)
    {
      g_assert_nonnull (strstr (right->text, "\"account_locked\""));
      g_assert_null (strstr (right->text, "\"token\""));
      g_assert_cmpint (lock_seq, >, 0);
      g_assert_true (is_locked (f, OFFICER_USER));
    }

  for (guint i = 0; i <= RACE_WRONG_GUESSES; i++)
    {
      g_clear_object (&race.logins[i].msg);
      g_free (race.logins[i].text);
    }
}

static void
test_login_failure_window (Fixture       *f,
                           gconstpointer  data)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Response) response = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

      assert_api_error (response, 401, "invalid_credentials");
    }

  /* Failures older than 15 minutes no longer count. */
  sl_clock_advance (f->clock, 16 * MINUTE_US);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Response) response = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

      assert_api_error (response, 401, "invalid_credentials");
    }
  g_assert_false (is_locked (f, OFFICER_USER));
}

static void
test_login_success_clears_failures (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *token = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Response) response = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

      assert_api_error (response, 401, "invalid_credentials");
    }

  token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_assert_cmpint (failures_of (f, OFFICER_USER), ==, 0);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Response) response = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

      assert_api_error (response, 401, "invalid_credentials");
    }
  g_assert_false (is_locked (f, OFFICER_USER));
}

static void
lock_account (Fixture    *f,
              const char *username)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Response) response = api_login (f, username, "Guessing-again-1", NULL);

      g_assert_cmpuint (response->status, ==, i < 4 ? 401 : 423);
    }
  g_assert_true (is_locked (f, username));
}

static void
test_unlock_api (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *admin = NULL;
  g_autofree char *officer = NULL;
  g_autoptr(Response) unlock = NULL;
  g_autoptr(SlAuditRecord) record = NULL;

  lock_account (f, OFFICER_USER);

  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  unlock = api_request (f, "POST", "/users/" OFFICER_USER "/unlock", admin, NULL);
  g_assert_cmpuint (unlock->status, ==, 204);
  g_assert_false (is_locked (f, OFFICER_USER));
  g_assert_cmpint (failures_of (f, OFFICER_USER), ==, 0);

  record = last_record (f, "user.unlock");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_nonnull (strstr (record->data, "\"" OFFICER_USER "\""));

  officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_assert_nonnull (officer);
}

static void
test_unlock_unknown_user (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) response = api_request (f, "POST", "/users/nobody/unlock", admin, NULL);

  assert_api_error (response, 404, "not_found");
  g_assert_nonnull (strstr (error_message (response), "nobody"));
  g_assert_cmpint (count_records (f, "user.unlock", NULL, NULL), ==, 0);
}

static void
test_users_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *admin = NULL;
  g_autoptr(Response) response = NULL;
  JsonArray *users;
  gboolean seen_locked = FALSE;

  lock_account (f, OFFICER_USER);
  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  response = api_request (f, "GET", "/users", admin, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  users = json_object_get_array_member (response->body, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 6);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *name = json_object_get_string_member (user, "username");

      g_assert_false (json_object_has_member (user, "password_hash"));
      g_assert_false (json_object_has_member (user, "totp_secret"));
      g_assert_true (json_object_has_member (user, "roles"));
      if (g_str_equal (name, OFFICER_USER))
        seen_locked = json_object_get_boolean_member (user, "locked");
      else
        g_assert_false (json_object_get_boolean_member (user, "locked"));
    }
  g_assert_true (seen_locked);
}

/* Sessions ---------------------------------------------------------------- */

static void
test_session_get (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) response = api_request (f, "GET", "/session", token, NULL);
  JsonObject *user;

  g_assert_cmpuint (response->status, ==, 200);
  user = json_object_get_object_member (response->body, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, AUDITOR_USER);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (response->body, "training"),
                                                  "status"), ==, "current");
}

static void
test_session_idle_expiry (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);

  /* Activity keeps the session: 29 minutes, then 29 more. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Response) response = NULL;

      sl_clock_advance (f->clock, 29 * MINUTE_US);
      response = api_request (f, "GET", "/session", token, NULL);
      g_assert_cmpuint (response->status, ==, 200);
    }

  sl_clock_advance (f->clock, 30 * MINUTE_US);
  {
    g_autoptr(Response) expired = api_request (f, "GET", "/session", token, NULL);

    assert_api_error (expired, 401, "session_expired");
    g_assert_nonnull (strstr (error_message (expired), "30 minutes"));
  }
}

static void
test_session_max_lifetime (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) expired = NULL;

  /* Busy all day: a request every 20 minutes for just under 12 hours. */
  for (guint i = 0; i < 35; i++)
    {
      g_autoptr(Response) response = NULL;

      sl_clock_advance (f->clock, 20 * MINUTE_US);
      response = api_request (f, "GET", "/session", token, NULL);
      g_assert_cmpuint (response->status, ==, 200);
    }

  sl_clock_advance (f->clock, 20 * MINUTE_US);
  expired = api_request (f, "GET", "/session", token, NULL);
  assert_api_error (expired, 401, "session_expired");
  g_assert_nonnull (strstr (error_message (expired), "12-hour"));
}

static void
test_session_logout (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) logout = api_request (f, "DELETE", "/session", token, NULL);
  g_autoptr(Response) after = NULL;

  g_assert_cmpuint (logout->status, ==, 204);
  g_assert_cmpint (count_records (f, "session.logout", OFFICER_USER, "ok"), ==, 1);

  after = api_request (f, "GET", "/session", token, NULL);
  assert_api_error (after, 401, "unauthorized");
}

static void
test_session_restart (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *fresh = NULL;
  g_autoptr(Response) after = NULL;

  fixture_stop_server (f);
  fixture_start_server (f);

  /* Sessions live only in the service's memory. */
  after = api_request (f, "GET", "/session", token, NULL);
  assert_api_error (after, 401, "unauthorized");

  fresh = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_assert_cmpstr (fresh, !=, token);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Response) none = api_request (f, "GET", "/audit", NULL, NULL);
  g_autoptr(Response) unknown = api_request (f, "GET", "/audit", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
  g_autoptr(Response) policy = api_request (f, "GET", "/policy", NULL, NULL);

  assert_api_error (none, 401, "unauthorized");
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
  assert_api_error (unknown, 401, "unauthorized");
  assert_api_error (policy, 401, "unauthorized");
  /* Nobody was identified, so nothing was read and nothing logged. */
  g_assert_cmpint (audit_total (f), ==, 0);
}

/* Roles, training, policy ------------------------------------------------- */

static void
test_roles_officer_forbidden (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) audit = api_request (f, "GET", "/audit", token, NULL);
  g_autoptr(Response) users = api_request (f, "GET", "/users", token, NULL);
  g_autoptr(Response) unlock = api_request (f, "POST", "/users/" ADMIN_USER "/unlock", token, NULL);
  g_autoptr(SlAuditRecord) record = NULL;

  assert_api_error (audit, 403, "forbidden");
  g_assert_false (json_object_has_member (audit->body, "records"));
  assert_api_error (users, 403, "forbidden");
  g_assert_false (json_object_has_member (users->body, "users"));
  assert_api_error (unlock, 403, "forbidden");
  g_assert_cmpint (count_records (f, "user.unlock", OFFICER_USER, "denied"), ==, 1);

  /* The attempt to read the log is itself in the log. */
  record = last_record (f, "audit.read");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, OFFICER_USER);
  g_assert_cmpstr (record->outcome, ==, "denied");
}

static void
test_roles_auditor_allowed (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) by_auditor = api_request (f, "GET", "/audit", auditor, NULL);
  g_autoptr(Response) by_admin = api_request (f, "GET", "/audit", admin, NULL);
  g_autoptr(Response) users = api_request (f, "GET", "/users", auditor, NULL);

  g_assert_cmpuint (by_auditor->status, ==, 200);
  g_assert_cmpuint (by_admin->status, ==, 200);
  /* Auditors read the log but do not manage accounts. */
  assert_api_error (users, 403, "forbidden");
}

static void
test_training_expired (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Response) login = api_login (f, LAPSED_USER, LAPSED_PASSWORD, NULL);
  g_autoptr(Response) audit = NULL;
  g_autoptr(Response) untrained_audit = NULL;
  g_autofree char *untrained = NULL;
  const char *token;

  /* Lapsed users still log in, and see why they cannot search. */
  g_assert_cmpuint (login->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (login->body, "training"),
                                                  "status"), ==, "expired");
  token = json_object_get_string_member (login->body, "token");

  audit = api_request (f, "GET", "/audit", token, NULL);
  assert_api_error (audit, 403, "training_expired");
  g_assert_nonnull (strstr (error_message (audit), "2025-06-01"));
  g_assert_false (json_object_has_member (audit->body, "records"));

  untrained = login_token (f, UNTRAINED_USER, UNTRAINED_PASSWORD);
  untrained_audit = api_request (f, "GET", "/audit", untrained, NULL);
  assert_api_error (untrained_audit, 403, "training_expired");
  g_assert_cmpint (count_records (f, "audit.read", NULL, "denied"), ==, 2);
  g_assert_cmpint (count_records (f, "audit.read", NULL, "ok"), ==, 0);
}

static void
test_training_expires_by_clock (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(Response) later = NULL;
  g_autoptr(Response) audit = NULL;
  const char *token;

  /* Trained 2026-01-15 with a 365-day interval: good through 2027-01-15. */
  sl_clock_set_us (f->clock, TEST_START_US + 321 * SL_USEC_PER_DAY);
  later = api_login (f, AUDITOR_USER, AUDITOR_PASSWORD, NULL);
  g_assert_cmpuint (later->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (later->body, "training"),
                                                  "status"), ==, "expired");
  token = json_object_get_string_member (later->body, "token");
  audit = api_request (f, "GET", "/audit", token, NULL);
  assert_api_error (audit, 403, "training_expired");
}

static void
test_policy (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = api_request (f, "GET", "/policy", token, NULL);
  g_autofree char *text = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response->body, "id"), ==, "demo");
  g_assert_nonnull (strstr (json_object_get_string_member (response->body, "notice"), "restricted"));
  /* The client builds its search form from these. */
  text = g_strdup (response->text);
  g_assert_nonnull (strstr (text, "criminal_investigation"));
  g_assert_nonnull (strstr (text, "^[0-9]{2}-[0-9]{6}$"));
  g_assert_null (strstr (text, "password_hash"));
}

/* Bad input --------------------------------------------------------------- */

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  const char *bodies[] = { "{not json", "[1, 2, 3]", "", "\"username\"" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = api_request (f, "POST", "/session", NULL, bodies[i]);

      assert_api_error (response, 400, "invalid_request");
    }

  g_assert_cmpint (audit_total (f), ==, 0);
}

static void
test_wrong_types (Fixture       *f,
                  gconstpointer  data)
{
  const char *bodies[] = {
    "{\"username\": 42, \"password\": \"x\", \"acknowledged_notice\": true}",
    "{\"username\": \"" OFFICER_USER "\", \"password\": [\"x\"], \"acknowledged_notice\": true}",
    "{\"username\": \"" OFFICER_USER "\", \"password\": \"x\", \"acknowledged_notice\": \"yes\"}",
    "{\"username\": \"" OFFICER_USER "\", \"password\": \"x\", \"acknowledged_notice\": true, \"totp\": 123456}",
    "{\"username\": \"" OFFICER_USER "\", \"acknowledged_notice\": true}",
    "{\"password\": \"x\", \"acknowledged_notice\": true}",
  };
  const char *fields[] = { "username", "password", "acknowledged_notice", "totp", "password", "username" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = api_request (f, "POST", "/session", NULL, bodies[i]);

      assert_api_error (response, 400, "invalid_request");
      /* The message names the field to fix. */
      g_assert_nonnull (strstr (error_message (response), fields[i]));
    }

  /* Nothing changed: no log records, no failed logins counted. */
  g_assert_cmpint (audit_total (f), ==, 0);
  g_assert_cmpint (failures_of (f, OFFICER_USER), ==, 0);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  gsize size = 2 * 1024 * 1024;
  g_autofree char *body = g_malloc (size + 1);
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) health = NULL;

  memset (body, ' ', size);
  body[0] = '{';
  body[size - 1] = '}';
  body[size] = '\0';

  response = api_request (f, "POST", "/session", NULL, body);
  assert_api_error (response, 413, "too_large");
  g_assert_cmpint (audit_total (f), ==, 0);

  /* The service carries on. */
  health = api_request (f, "GET", "/health", NULL, NULL);
  g_assert_cmpuint (health->status, ==, 200);
}

/* A chunked body declares no length: it is counted as it arrives and cut off
 * just past the limit, not read to its end. */
static void
test_too_large_chunked (Fixture       *f,
                        gconstpointer  data)
{
  const gsize chunk_size = 64 * 1024;
  const gsize most = 64 * 1024 * 1024;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GString) frame = g_string_new (NULL);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) health = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  GInputStream *in;
  gsize sent = 0;
  char buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 30);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  head = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                          g_uri_get_port (uri));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);

  g_string_append_printf (frame, "%" G_GSIZE_MODIFIER "x\r\n", chunk_size);
  for (gsize i = 0; i < chunk_size; i++)
    g_string_append_c (frame, ' ');
  g_string_append (frame, "\r\n");

  /* Sends until the service hangs up (or, were it still reading, 64 MiB and the end). */
  while (sent < most)
    {
      gsize written = 0;

      if (!g_output_stream_write_all (out, frame->str, frame->len, &written, NULL, &error))
        break;
      sent += written;
    }
  g_test_message ("sent %" G_GSIZE_FORMAT " bytes: %s", sent, error != NULL ? error->message : "no error");
  if (error == NULL)
    g_output_stream_write_all (out, "0\r\n\r\n", 5, NULL, NULL, NULL);
  g_clear_error (&error);

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);

  g_assert_cmpuint (sent, <, most / 4);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (answer->str, "Connection: close\r\n"));
  g_assert_nonnull (strstr (answer->str, "\"too_large\""));
  g_assert_cmpint (audit_total (f), ==, 0);

  /* The service carries on. */
  health = api_request (f, "GET", "/health", NULL, NULL);
  g_assert_cmpuint (health->status, ==, 200);
}

static void
test_not_found_and_method (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) missing = api_request (f, "GET", "/no-such-thing", token, NULL);
  g_autoptr(Response) method = api_request (f, "PUT", "/session", NULL, "{}");
  g_autoptr(Response) unlock_get = api_request (f, "GET", "/users/" OFFICER_USER "/unlock", token, NULL);
  g_autofree char *root_uri = g_strconcat (f->url, "/", NULL);
  g_autoptr(SoupMessage) root = soup_message_new ("GET", root_uri);
  g_autoptr(GBytes) root_body = NULL;
  g_autoptr(GError) error = NULL;

  assert_api_error (missing, 404, "not_found");
  assert_api_error (method, 405, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (method->headers, "Allow"), ==, "POST, GET, DELETE");
  assert_api_error (unlock_get, 405, "method_not_allowed");

  root_body = soup_session_send_and_read (f->session, root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (root), ==, 404);
  g_assert_nonnull (strstr (g_bytes_get_data (root_body, NULL), "\"not_found\""));
}

/* The access log ---------------------------------------------------------- */

static void
test_audit_read_logged (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) response = api_request (f, "GET", "/audit?action=session.login&limit=5", token, NULL);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) filters = NULL;
  JsonArray *records;

  g_assert_cmpuint (response->status, ==, 200);
  records = json_object_get_array_member (response->body, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);

  record = last_record (f, "audit.read");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, AUDITOR_USER);
  g_assert_cmpstr (record->role, ==, "auditor");
  g_assert_cmpstr (record->outcome, ==, "ok");
  g_assert_cmpint (record->result_count, ==, 1);
  filters = sl_json_parse_object (record->data, -1, NULL);
  g_assert_nonnull (filters);
  g_assert_cmpstr (json_object_get_string_member (filters, "action"), ==, "session.login");
  g_assert_cmpint (json_object_get_int_member (filters, "limit"), ==, 5);

  /* The next reader sees the earlier reading. */
  {
    g_autoptr(Response) again = api_request (f, "GET", "/audit?action=audit.read", token, NULL);
    JsonObject *first;

    records = json_object_get_array_member (again->body, "records");
    g_assert_cmpuint (json_array_get_length (records), ==, 1);
    first = json_array_get_object_element (records, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "username"), ==, AUDITOR_USER);
    g_assert_cmpint (json_object_get_int_member (first, "result_count"), ==, 1);
    g_assert_cmpuint (strlen (json_object_get_string_member (first, "hash")), ==, 64);
  }
}

static guint
audit_count (Fixture    *f,
             const char *token,
             const char *query)
{
  g_autofree char *path = g_strconcat ("/audit?", query, NULL);
  g_autoptr(Response) response = api_request (f, "GET", path, token, NULL);

  if (response->status != 200)
    g_test_message ("%s: %s", query, response->text);
  g_assert_cmpuint (response->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (response->body, "records"));
}

static void
test_audit_filters (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *officer = NULL;

  /* 12:00 officer fails once, 12:10 officer logs in, 12:20 the auditor logs in. */
  {
    g_autoptr(Response) failed = api_login (f, OFFICER_USER, "Guessing-again-1", NULL);

    g_assert_cmpuint (failed->status, ==, 401);
  }
  sl_clock_advance (f->clock, 10 * MINUTE_US);
  officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  sl_clock_advance (f->clock, 10 * MINUTE_US);
  token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);

  g_assert_cmpuint (audit_count (f, token, "username=" OFFICER_USER), ==, 3);
  g_assert_cmpuint (audit_count (f, token, "username=" OFFICER_USER "&action=session.login"), ==, 2);
  g_assert_cmpuint (audit_count (f, token, "action=session."), ==, 3 + 0);
  g_assert_cmpuint (audit_count (f, token, "action=notice.acknowledge"), ==, 2);
  g_assert_cmpuint (audit_count (f, token, "since=2026-03-01T12:05:00Z&until=2026-03-01T12:15:00Z"), ==, 2);
  g_assert_cmpuint (audit_count (f, token, "since=2026-03-01T12:15:00Z&action=session.login"), ==, 1);
  g_assert_cmpuint (audit_count (f, token, "case_number=26-000001"), ==, 0);
  g_assert_cmpuint (audit_count (f, token, "plate=7ABC123"), ==, 0);
  g_assert_cmpuint (audit_count (f, token, "limit=1"), ==, 1);
}

/* A plate is found however it is typed: "7abc-123" is 7ABC123. */
static void
test_audit_plate_normalized (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(SlAuditRecord) record = sl_audit_record_new ("search.plate", "ok");
  g_autoptr(SlAuditRecord) reading = NULL;
  g_autoptr(Response) found = NULL;
  g_autoptr(Response) spaced = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *records;
  gint64 before;

  record->time_us = TEST_START_US;
  record->username = g_strdup (OFFICER_USER);
  record->plate = g_strdup ("7ABC123");
  sl_store_audit_append (f->store, record, &error);
  g_assert_no_error (error);

  found = api_request (f, "GET", "/audit?plate=7abc-123", token, NULL);
  g_assert_cmpuint (found->status, ==, 200);
  records = json_object_get_array_member (found->body, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "plate"),
                   ==, "7ABC123");

  /* The reading is logged with the plate as stored, so it is found the same way. */
  reading = last_record (f, "audit.read");
  g_assert_cmpstr (reading->plate, ==, "7ABC123");
  spaced = api_request (f, "GET", "/audit?plate=%207abc%20123&action=search.plate", token, NULL);
  g_assert_cmpuint (spaced->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (spaced->body, "records")), ==, 1);

  before = audit_total (f);
  bad = api_request (f, "GET", "/audit?plate=7ABC%2F123", token, NULL);
  assert_api_error (bad, 400, "invalid_request");
  g_assert_nonnull (strstr (error_message (bad), "plate"));
  g_assert_cmpint (audit_total (f), ==, before);
}

static void
test_audit_bad_filters (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  const char *queries[] = {
    "limit=0", "limit=501", "limit=ten", "before=-3", "since=yesterday",
    "until=2026-13-45T00:00:00Z", "usre=" OFFICER_USER,
    "since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z",
  };
  gint64 before = audit_total (f);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strconcat ("/audit?", queries[i], NULL);
      g_autoptr(Response) response = api_request (f, "GET", path, token, NULL);

      assert_api_error (response, 400, "invalid_request");
    }

  /* Refused before anything was read: no audit.read records. */
  g_assert_cmpint (audit_total (f), ==, before);
}

static void
test_audit_paging (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 before = 0;
  gint64 total;
  guint pages = 0;

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(Response) failed = api_login (f, "nobody", "Guessing-again-1", NULL);

      g_assert_cmpuint (failed->status, ==, 401);
    }
  token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  total = audit_total (f);
  g_assert_cmpint (total, ==, 8);

  do
    {
      g_autofree char *path = NULL;
      g_autoptr(Response) response = NULL;
      JsonArray *records;
      JsonNode *next;

      path = before == 0 ? g_strdup ("/audit?limit=3&before=9")
                         : g_strdup_printf ("/audit?limit=3&before=%" G_GINT64_FORMAT, before);
      response = api_request (f, "GET", path, token, NULL);
      g_assert_cmpuint (response->status, ==, 200);
      records = json_object_get_array_member (response->body, "records");
      g_assert_cmpuint (json_array_get_length (records), <=, 3);
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (records, i), "seq");

          g_array_append_val (seqs, seq);
        }

      next = json_object_get_member (response->body, "next_before");
      g_assert_nonnull (next);
      before = JSON_NODE_HOLDS_NULL (next) ? 0 : json_node_get_int (next);
      pages++;
    }
  while (before != 0);

  /* 8 records, newest first, in pages of 3, 3 and 2; none twice, none left out. */
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seqs->len, ==, 8);
  for (guint i = 0; i < seqs->len; i++)
    {
      gint64 *seq = &g_array_index (seqs, gint64, i);

      g_assert_cmpint (*seq, ==, 8 - (gint64) i);
      g_assert_false (g_hash_table_contains (seen, seq));
      g_hash_table_add (seen, seq);
    }
}

static void
test_audit_unavailable (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) login = NULL;
  g_autoptr(Response) audit = NULL;
  g_autoptr(Response) notice = NULL;
  gint64 before = audit_total (f);

  db_exec (f, "CREATE TRIGGER audit_log_full BEFORE INSERT ON audit_log"
              " BEGIN SELECT RAISE (ABORT, 'disk full'); END;");

  /* No record, no token. */
  login = api_login (f, ADMIN_USER, ADMIN_PASSWORD, NULL);
  assert_api_error (login, 503, "audit_unavailable");

  /* No record, no data. */
  audit = api_request (f, "GET", "/audit", token, NULL);
  assert_api_error (audit, 503, "audit_unavailable");
  g_assert_false (json_object_has_member (audit->body, "records"));

  /* Refusals must be logged too. */
  notice = api_request (f, "POST", "/session", NULL,
                        "{\"username\": \"" ADMIN_USER "\", \"password\": \"x\"}");
  assert_api_error (notice, 503, "audit_unavailable");

  g_assert_cmpint (audit_total (f), ==, before);

  db_exec (f, "DROP TRIGGER audit_log_full;");
  {
    g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);

    g_assert_nonnull (admin);
  }
}

static void
test_audit_chain_from_api (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(Response) response = NULL;
  SlAuditVerification result = { 0 };
  g_autoptr(GError) error = NULL;

  lock_account (f, OFFICER_USER);
  response = api_request (f, "GET", "/audit", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  /* Whatever the API wrote forms one intact chain. */
  sl_store_audit_verify (f->store, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result.first_bad_seq, ==, 0);
  g_assert_cmpint (result.n_records, ==, audit_total (f));
  g_assert_cmpint (result.n_records, ==, 2 + 5 + 1 + 1);
  sl_audit_verification_clear (&result);
}

/* One-time codes ---------------------------------------------------------- */

static void
test_totp_required (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Response) response = api_login (f, MFA_USER, MFA_PASSWORD, NULL);
  g_autoptr(Response) wrong_password = NULL;

  assert_api_error (response, 401, "totp_required");
  g_assert_cmpint (count_records (f, "session.login", MFA_USER, "denied"), ==, 1);

  /* A wrong password is still just a wrong password. */
  wrong_password = api_login (f, MFA_USER, "Guessing-again-1", NULL);
  assert_api_error (wrong_password, 401, "invalid_credentials");
}

static void
test_totp_invalid (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code = totp_now (MFA_SECRET, TEST_START_US);
  g_autofree char *stale = totp_now (MFA_SECRET, TEST_START_US - 5 * MINUTE_US);
  char wrong[7];

  g_strlcpy (wrong, code, sizeof wrong);
  wrong[5] = wrong[5] == '9' ? '0' : wrong[5] + 1;

  {
    g_autoptr(Response) response = api_login (f, MFA_USER, MFA_PASSWORD, wrong);

    assert_api_error (response, 401, "totp_invalid");
  }
  {
    g_autoptr(Response) response = api_login (f, MFA_USER, MFA_PASSWORD, stale);

    assert_api_error (response, 401, "totp_invalid");
  }
  {
    g_autoptr(Response) response = api_login (f, MFA_USER, MFA_PASSWORD, "12ab56");

    assert_api_error (response, 401, "totp_invalid");
  }

  /* Wrong codes count towards the lockout. */
  g_assert_cmpint (failures_of (f, MFA_USER), ==, 3);
}

static void
test_totp_valid_and_replay (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *code = totp_now (MFA_SECRET, TEST_START_US);
  g_autofree char *next = NULL;
  g_autoptr(Response) ok = api_login (f, MFA_USER, MFA_PASSWORD, code);
  g_autoptr(Response) replay = NULL;
  g_autoptr(Response) later = NULL;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (strlen (json_object_get_string_member (ok->body, "token")), ==, 64);

  /* The same code cannot be used twice. */
  replay = api_login (f, MFA_USER, MFA_PASSWORD, code);
  assert_api_error (replay, 401, "totp_invalid");

  sl_clock_advance (f->clock, SL_TOTP_STEP_SECONDS * G_USEC_PER_SEC);
  next = totp_now (MFA_SECRET, TEST_START_US + SL_TOTP_STEP_SECONDS * G_USEC_PER_SEC);
  later = api_login (f, MFA_USER, MFA_PASSWORD, next);
  g_assert_cmpuint (later->status, ==, 200);
}

static void
test_totp_not_needed_without_mfa (Fixture       *f,
                                  gconstpointer  data)
{
  /* The demo profile does not require MFA: enrolled or not, the password suffices. */
  g_autofree char *token = login_token (f, MFA_USER, MFA_PASSWORD);

  g_assert_nonnull (token);
}

/* Passwords ----------------------------------------------------------------- */

static void
test_password_rules (Fixture       *f,
                     gconstpointer  data)
{
  struct { const char *password; const char *username; int code; } cases[] = {
    { "Seven-Lanterns-Glow", "olga", -1 },
    { "ünïcödé-8", "olga", -1 },                 /* eight characters, more bytes */
    { "Sh0rt!x", "olga", SL_ERROR_RULE },        /* seven */
    { "PASSWORD123", "olga", SL_ERROR_RULE },    /* common, whatever the case */
    { "Trustno1", "olga", SL_ERROR_RULE },
    { "Olga.Petrova", "olga.petrova", SL_ERROR_RULE },
    { "Olga.Petrova", "olga", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = sl_password_check_rules (cases[i].password, cases[i].username, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, SL_ERROR, cases[i].code);
          g_assert_false (ok);
        }
    }
}

static void
test_password_hash (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sl_password_hash ("Seven-Lanterns-Glow", &error);
  g_autofree char *again = sl_password_hash ("Seven-Lanterns-Glow", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  /* Salted: the same password never hashes alike. */
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (sl_password_verify (hash, "Seven-Lanterns-Glow"));
  g_assert_false (sl_password_verify (hash, "seven-lanterns-glow"));
  g_assert_false (sl_password_verify (NULL, "Seven-Lanterns-Glow"));
  g_assert_false (sl_password_verify ("not a hash", "Seven-Lanterns-Glow"));
  g_assert_false (sl_password_verify (sl_password_get_dummy_hash (), ""));
  g_assert_true (g_str_has_prefix (sl_password_get_dummy_hash (), "$argon2id$"));
}

/* The lines of @text that document @path (such as "/alerts/{id}"), up to the next path. */
static char *
path_section (const char *text,
              const char *path)
{
  g_autofree char *key = g_strdup_printf ("\n  %s:\n", path);
  const char *start = strstr (text, key);
  const char *end, *components;

  if (start == NULL)
    return NULL;

  start++;
  end = strstr (start + 1, "\n  /");
  components = strstr (start, "\ncomponents:");
  if (end == NULL || (components != NULL && components < end))
    end = components;
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

/* "GET /alerts/{}" for every operation of @text, with path parameters as the routes write them. */
static GHashTable *
documented_operations (const char *text)
{
  static const char * const methods[] = { "get", "post", "put", "patch", "delete" };
  g_autoptr(GRegex) path_line = g_regex_new ("^  (/[^:\\n]*):$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) parameter = g_regex_new ("\\{[a-z_]+\\}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *operations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_regex_match (path_line, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *path = g_match_info_fetch (match, 1);
      g_autofree char *pattern = g_regex_replace_literal (parameter, path, -1, 0, "{}", 0, NULL);
      g_autofree char *section = path_section (text, path);

      g_assert_nonnull (section);
      for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
        {
          g_autofree char *line = g_strdup_printf ("\n    %s:\n", methods[i]);
          g_autofree char *upper = g_ascii_strup (methods[i], -1);

          if (strstr (section, line) != NULL)
            g_hash_table_add (operations, g_strdup_printf ("%s %s", upper, pattern));
        }
    }

  return operations;
}

/* The routes of app/service/sl-server.c, the WebSocket ones too, as "GET /alerts/{}". */
static GHashTable *
served_operations (const char *source_dir)
{
  g_autofree char *path = g_build_filename (source_dir, "app", "service", "sl-server.c", NULL);
  g_autofree char *source = NULL;
  g_autoptr(GRegex) route = g_regex_new ("^  \\{ \"([A-Z]+)\", +\"(/[^\"]*)\",", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) socket = g_regex_new ("add_websocket_handler \\([^,]+, API_PREFIX \"(/[^\"]*)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GMatchInfo) socket_match = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *operations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);

  g_regex_match (route, source, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *method = g_match_info_fetch (match, 1);
      g_autofree char *pattern = g_match_info_fetch (match, 2);

      g_hash_table_add (operations, g_strdup_printf ("%s %s", method, pattern));
    }

  g_regex_match (socket, source, 0, &socket_match);
  for (; g_match_info_matches (socket_match); g_match_info_next (socket_match, NULL))
    {
      g_autofree char *pattern = g_match_info_fetch (socket_match, 1);

      g_hash_table_add (operations, g_strdup_printf ("GET %s", pattern));
    }

  return operations;
}

static void
test_documented (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const documented[] = {
    "  /health:", "  /session:", "  /policy:", "  /audit:", "  /users:", "  /users/{username}/unlock:",
    "  /ingest/native:", "  /ingest/openalpr:", "  /ingest/platerecognizer:", "  /ingest/heartbeat:",
    "  /cameras:", "  /alerts:", "  /alerts/{id}:", "  /alerts/{id}/state:", "  /alerts/stream:",
    "  /reads/{id}/images/plate:", "  /reads/{id}/images/overview:",
    "  /searches:", "  /searches/multi-place:", "  /searches/{id}:", "  /searches/{id}/results:",
    "  /searches/{id}/export.csv:", "  /searches/{id}/export.pdf:", "  /tracks:",
    "case_number_required", "case_number_format", "purpose_required", "purpose_not_authorized",
    "purpose_too_generic", "search_too_broad", "export_too_large", "    SearchPage:", "    SearchResult:",
    "invalid_request", "unauthorized", "session_expired", "invalid_credentials", "totp_required",
    "totp_invalid", "totp_not_enrolled", "forbidden", "training_expired", "not_found",
    "method_not_allowed", "too_large", "notice_not_acknowledged", "account_locked",
    "audit_unavailable", "store_unavailable", "next_before", "idle_timeout_seconds",
    "illegal_step", "missing_field", "invalid_state",
    "invalid_plate", "invalid_field", "invalid_image", "image_too_large", "captured_in_future",
    "    camera:\n      type: http\n      scheme: bearer",
    "    Read:", "    Alert:", "    AlertEntry:", "    Camera:", "    IngestResult:", "    Rejection:",
    "    AlertMessage:", "alert_updated",
  };
  /* Each endpoint documents every status it can answer. */
  static const struct
  {
    const char *path;
    const char *needs[16];   /* NULL-terminated */
  } endpoints[] = {
    { "/ingest/native", { "- camera: []", "\"200\":", "\"400\":", "\"401\":", "\"403\":", "\"413\":", "\"503\":",
                          "IngestTooLarge" } },
    { "/ingest/openalpr", { "- camera: []", "\"200\":", "\"400\":", "\"401\":", "\"403\":", "\"413\":", "\"503\":",
                            "IngestTooLarge" } },
    { "/ingest/platerecognizer", { "- camera: []", "multipart/form-data:", "upload:", "\"200\":", "\"400\":",
                                   "\"401\":", "\"403\":", "\"413\":", "\"503\":", "IngestTooLarge" } },
    { "/ingest/heartbeat", { "- camera: []", "\"204\":", "\"401\":", "\"403\":", "\"413\":", "\"503\":" } },
    { "/cameras", { "\"200\":", "\"401\":", "\"403\":", "ForbiddenOrTraining", "\"423\":", "\"503\":" } },
    { "/alerts", { "\"200\":", "\"400\":", "\"401\":", "\"403\":", "ForbiddenOrTraining", "\"423\":", "\"503\":",
                   "name: state", "name: camera", "name: since", "name: before" } },
    { "/alerts/{id}", { "\"200\":", "\"401\":", "\"403\":", "\"404\":", "\"423\":", "\"503\":" } },
    { "/alerts/{id}/state", { "\"200\":", "\"400\":", "\"401\":", "\"403\":", "\"404\":", "\"409\":",
                              "\"413\":", "\"422\":", "\"423\":", "\"503\":", "`illegal_step`",
                              "`missing_field`" } },
    { "/alerts/stream", { "\"101\":", "\"401\":", "\"403\":", "\"423\":", "\"503\":", "alert_updated" } },
    { "/reads/{id}/images/plate", { "\"200\":", "\"401\":", "\"403\":", "\"404\":", "\"423\":", "\"503\":" } },
    { "/reads/{id}/images/overview", { "\"200\":", "\"401\":", "\"403\":", "\"404\":", "\"423\":", "\"503\":" } },
    { "/searches", { "\"201\":", "\"400\":", "\"401\":", "\"403\":", "\"413\":", "\"422\":", "\"423\":",
                     "\"503\":", "search.refused", "search.plate" } },
    { "/searches/{id}/results", { "\"200\":", "\"400\":", "\"401\":", "\"403\":", "\"404\":", "\"503\":",
                                  "name: offset", "name: order" } },
    { "/searches/{id}/export.pdf", { "\"200\":", "application/pdf:", "\"404\":", "\"422\":", "search.export" } },
    { "/tracks", { "\"201\":", "\"400\":", "\"422\":", "search.track" } },
  };
  const char *source_dir = g_getenv ("SIGHTLINE_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) limits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) operations = NULL;
  g_autoptr(GHashTable) routes = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  const char *operation;

  if (source_dir == NULL)
    {
      g_test_skip ("SIGHTLINE_SOURCE_DIR is not set");
      return;
    }

  /* data/openapi.yaml describes every endpoint and error code the service has. */
  path = g_build_filename (source_dir, "data", "openapi.yaml", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "openapi: 3.0"));
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    {
      if (strstr (text, documented[i]) == NULL)
        g_test_message ("data/openapi.yaml lacks %s", documented[i]);
      g_assert_nonnull (strstr (text, documented[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *section = path_section (text, endpoints[i].path);

      g_assert_nonnull (section);
      for (guint j = 0; endpoints[i].needs[j] != NULL; j++)
        {
          if (strstr (section, endpoints[i].needs[j]) == NULL)
            g_test_message ("data/openapi.yaml: %s lacks %s", endpoints[i].path, endpoints[i].needs[j]);
          g_assert_nonnull (strstr (section, endpoints[i].needs[j]));
        }
    }

  /* The limits as the code has them. */
  g_ptr_array_add (limits, g_strdup_printf ("%d MiB", SL_SERVER_MAX_BODY / (1024 * 1024)));
  g_ptr_array_add (limits, g_strdup_printf ("%d MiB", SL_SERVER_MAX_INGEST_BODY / (1024 * 1024)));
  g_ptr_array_add (limits, g_strdup_printf ("%d MiB", SL_INGEST_MAX_IMAGE_BYTES / (1024 * 1024)));
  g_ptr_array_add (limits, g_strdup_printf ("maxItems: %d", SL_INGEST_MAX_READS));
  g_ptr_array_add (limits, g_strdup_printf ("%d minutes after the service's clock",
                                            (int) (SL_INGEST_MAX_FUTURE_US / SL_USEC_PER_MINUTE)));
  g_ptr_array_add (limits, g_strdup_printf ("within the last %d minutes",
                                            (int) (SL_CAMERA_ONLINE_US / SL_USEC_PER_MINUTE)));
  for (guint i = 0; i < limits->len; i++)
    {
      const char *limit = g_ptr_array_index (limits, i);

      if (strstr (text, limit) == NULL)
        g_test_message ("data/openapi.yaml lacks “%s”", limit);
      g_assert_nonnull (strstr (text, limit));
    }

  /* Every route the service has is documented, and nothing else is. */
  operations = documented_operations (text);
  routes = served_operations (source_dir);
  g_assert_cmpuint (g_hash_table_size (routes), >=, 19);
  g_hash_table_iter_init (&iter, routes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &operation, NULL))
    {
      if (!g_hash_table_contains (operations, operation))
        g_test_message ("data/openapi.yaml lacks %s", operation);
      g_assert_true (g_hash_table_contains (operations, operation));
    }
  g_hash_table_iter_init (&iter, operations);
  while (g_hash_table_iter_next (&iter, (gpointer *) &operation, NULL))
    {
      if (!g_hash_table_contains (routes, operation))
        g_test_message ("data/openapi.yaml documents %s, which the service does not have", operation);
      g_assert_true (g_hash_table_contains (routes, operation));
    }
}

void
add_api_tests (void)
{
#define ADD(path, func) g_test_add ("/service/api/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_MFA(path, func) g_test_add ("/service/api/" path, Fixture, NULL, fixture_setup_mfa, func, fixture_teardown)
  ADD ("health", test_health);
  g_test_add ("/service/api/documented", Fixture, NULL, fixture_setup_bare, test_documented, fixture_teardown);
  g_test_add ("/service/password/rules", Fixture, NULL, fixture_setup_bare, test_password_rules, fixture_teardown);
  g_test_add ("/service/password/hash", Fixture, NULL, fixture_setup_bare, test_password_hash, fixture_teardown);
  ADD ("login/ok", test_login_ok);
  ADD ("login/notice-required", test_login_notice_required);
  ADD ("login/wrong-password", test_login_wrong_password);
  ADD ("login/lockout", test_login_lockout);
  ADD ("login/lockout-race", test_login_lockout_race);
  ADD ("login/failure-window", test_login_failure_window);
  ADD ("login/success-clears-failures", test_login_success_clears_failures);
  ADD ("users/unlock", test_unlock_api);
  ADD ("users/unlock-unknown", test_unlock_unknown_user);
  ADD ("users/list", test_users_list);
  ADD ("session/get", test_session_get);
  ADD ("session/idle-expiry", test_session_idle_expiry);
  ADD ("session/max-lifetime", test_session_max_lifetime);
  ADD ("session/logout", test_session_logout);
  ADD ("session/restart", test_session_restart);
  ADD ("session/unauthorized", test_unauthorized);
  ADD ("roles/officer-forbidden", test_roles_officer_forbidden);
  ADD ("roles/auditor-allowed", test_roles_auditor_allowed);
  ADD ("training/expired", test_training_expired);
  ADD ("training/expires-by-clock", test_training_expires_by_clock);
  ADD ("policy", test_policy);
  ADD ("bad-input/json", test_bad_json);
  ADD ("bad-input/wrong-types", test_wrong_types);
  ADD ("bad-input/too-large", test_too_large);
  ADD ("bad-input/too-large-chunked", test_too_large_chunked);
  ADD ("bad-input/not-found-and-method", test_not_found_and_method);
  ADD ("audit/read-logged", test_audit_read_logged);
  ADD ("audit/filters", test_audit_filters);
  ADD ("audit/plate-normalized", test_audit_plate_normalized);
  ADD ("audit/bad-filters", test_audit_bad_filters);
  ADD ("audit/paging", test_audit_paging);
  ADD ("audit/unavailable", test_audit_unavailable);
  ADD ("audit/chain", test_audit_chain_from_api);
  ADD ("totp/not-needed-without-mfa", test_totp_not_needed_without_mfa);
  ADD_MFA ("totp/required", test_totp_required);
  ADD_MFA ("totp/invalid", test_totp_invalid);
  ADD_MFA ("totp/valid-and-replay", test_totp_valid_and_replay);
#undef ADD
#undef ADD_MFA
}
