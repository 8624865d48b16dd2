#define G_LOG_DOMAIN "test-admin"

#include "config.h"

#include <string.h>

#include "sl-test-harness.h"

/* The administrator's accounts and cameras over HTTP: what `sightlined user
 * add` and `camera add` do, and changing, training, disabling accounts. */

#define NEW_USER      "oscar"
#define NEW_PASSWORD  "Amber-Meadow-Lantern-5"

#define NEW_USER_BODY \
  "{\"username\": \"" NEW_USER "\", \"full_name\": \"Oscar Diaz\", \"roles\": [\"officer\", \"analyst\"]," \
  " \"badge\": \"2207\", \"supervisor\": \"" ADMIN_USER "\", \"trained_on\": \"2026-02-10\"," \
  " \"password\": \"" NEW_PASSWORD "\"}"

/* error.fields of a 422 */
static JsonObject *
fields_of (Response *response)
{
  JsonObject *error = json_object_get_object_member (response->body, "error");

  g_assert_true (json_object_has_member (error, "fields"));
  return json_object_get_object_member (error, "fields");
}

static void
assert_fields (Response           *response,
               const char         *code,
               const char * const *names)
{
  JsonObject *fields;

  assert_api_error (response, 422, code);
  fields = fields_of (response);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!json_object_has_member (fields, names[i]))
        g_test_message ("%s is not named in %s", names[i], response->text);
      g_assert_true (json_object_has_member (fields, names[i]));
    }
  g_assert_cmpuint (json_object_get_size (fields), ==, g_strv_length ((char **) names));
}

/* The item of GET /users/review for @username. */
static JsonObject *
review_of (Fixture    *f,
           const char *token,
           const char *username)
{
  g_autoptr(Response) review = api_request (f, "GET", "/users/review", token, NULL);
  JsonArray *users;

  g_assert_cmpuint (review->status, ==, 200);
  users = json_object_get_array_member (review->body, "users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_str_equal (json_object_get_string_member (user, "username"), username))
        return json_object_ref (user);
    }
  return NULL;
}

static gboolean
roles_are (JsonObject         *user,
           const char * const *expected)
{
  JsonArray *roles = json_object_get_array_member (user, "roles");

  if (json_array_get_length (roles) != g_strv_length ((char **) expected))
    return FALSE;
  for (guint i = 0; expected[i] != NULL; i++)
    if (g_strcmp0 (json_array_get_string_element (roles, i), expected[i]) != 0)
      return FALSE;
  return TRUE;
}

/* Accounts ---------------------------------------------------------------- */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  static const char * const roles[] = { "officer", "analyst", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *token = NULL;
  g_autoptr(Response) created = api_request (f, "POST", "/users", admin, NEW_USER_BODY);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(SlUser) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (created->body, "username"), ==, NEW_USER);
  g_assert_cmpstr (json_object_get_string_member (created->body, "full_name"), ==, "Oscar Diaz");
  g_assert_cmpstr (json_object_get_string_member (created->body, "badge"), ==, "2207");
  g_assert_cmpstr (json_object_get_string_member (created->body, "supervisor"), ==, ADMIN_USER);
  g_assert_nonnull (json_object_get_string_member (created->body, "organization"));
  g_assert_true (roles_are (created->body, roles));
  g_assert_false (json_object_get_boolean_member (created->body, "locked"));
  g_assert_false (json_object_get_boolean_member (created->body, "disabled"));
  g_assert_false (json_object_has_member (created->body, "password_hash"));
  g_assert_false (json_object_has_member (created->body, "totp_secret"));

  /* the account works with the password it was given, and has its training */
  token = login_token (f, NEW_USER, NEW_PASSWORD);
  g_assert_nonnull (token);
  stored = sl_store_find_user (f->store, NEW_USER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->trained_on, ==, "2026-02-10");
  g_assert_true (g_str_has_prefix (stored->password_hash, "$argon2id$"));

  /* logged as the command line logs it, without the password */
  record = last_record (f, "user.add");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_cmpstr (record->outcome, ==, "ok");
  g_assert_nonnull (strstr (record->data, "\"target\":\"" NEW_USER "\""));
  g_assert_nonnull (strstr (record->data, "\"roles\":\"officer,analyst\""));
  g_assert_nonnull (strstr (record->data, "\"totp\":false"));
  g_assert_null (strstr (record->data, NEW_PASSWORD));
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM audit_log WHERE data LIKE '%" NEW_PASSWORD "%'"), ==, 0);
}

static void
test_create_invalid (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const every[] = {
    "username", "full_name", "roles", "supervisor", "trained_on", "password", "colour", NULL
  };
  static const char * const typed[] = { "full_name", "roles", "badge", "password", NULL };
  static const char * const own[] = { "supervisor", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  gint64 users = db_count (f, "SELECT count (*) FROM users");

  /* every wrong member at once; the clock says 2026-03-01 */
  {
    g_autoptr(Response) response = api_request (f, "POST", "/users", admin,
                                                "{\"username\": \"Oscar Diaz\", \"full_name\": \"  \","
                                                " \"roles\": [\"sheriff\"], \"supervisor\": \"nobody\","
                                                " \"trained_on\": \"2026-03-02\", \"password\": \"short\","
                                                " \"colour\": \"blue\"}");

    assert_fields (response, "invalid_user", every);
    g_assert_nonnull (strstr (json_object_get_string_member (fields_of (response), "roles"), "sheriff"));
    g_assert_nonnull (strstr (json_object_get_string_member (fields_of (response), "supervisor"), "nobody"));
    g_assert_nonnull (strstr (json_object_get_string_member (fields_of (response), "trained_on"), "future"));
    g_assert_nonnull (strstr (json_object_get_string_member (fields_of (response), "password"), "too short"));
  }

  /* members of the wrong type, and none at all for the password */
  {
    g_autoptr(Response) response = api_request (f, "POST", "/users", admin,
                                                "{\"username\": \"oscar\", \"full_name\": 5,"
                                                " \"roles\": \"officer\", \"badge\": 2207}");

    assert_fields (response, "invalid_user", typed);
  }

  /* nobody supervises themselves */
  {
    g_autoptr(Response) response = api_request (f, "POST", "/users", admin,
                                                "{\"username\": \"oscar\", \"full_name\": \"Oscar Diaz\","
                                                " \"roles\": [\"officer\"], \"supervisor\": \"oscar\","
                                                " \"password\": \"" NEW_PASSWORD "\"}");

    assert_fields (response, "invalid_user", own);
  }

  /* and no account came of any of them, nor a record */
  {
    g_autoptr(Response) response = api_request (f, "POST", "/users", admin, "[1, 2]");

    assert_api_error (response, 400, "invalid_request");
  }
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM users"), ==, users);
  g_assert_cmpint (count_records (f, "user.add", NULL, NULL), ==, 0);
}

static void
test_create_duplicate (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) response = api_request (f, "POST", "/users", admin,
                                              "{\"username\": \"" OFFICER_USER "\", \"full_name\": \"Olga Again\","
                                              " \"roles\": [\"officer\"], \"password\": \"" NEW_PASSWORD "\"}");

  assert_api_error (response, 409, "user_exists");
  g_assert_nonnull (strstr (error_message (response), OFFICER_USER));
  g_assert_cmpint (count_records (f, "user.add", NULL, NULL), ==, 0);

  /* the existing account is as it was */
  g_free (login_token (f, OFFICER_USER, OFFICER_PASSWORD));
}

static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    const char *action;
  } calls[] = {
    { "POST",  "/users", NEW_USER_BODY, "user.add" },
    { "PATCH", "/users/" ADMIN_USER, "{\"roles\": [\"officer\"]}", "user.update" },
    { "POST",  "/users/" OFFICER_USER "/training", "{\"completed_on\": \"2026-02-01\"}", "user.training" },
    { "POST",  "/users/" ADMIN_USER "/disable", "{\"reason\": \"Not an administrator's doing\"}", "user.disable" },
    { "POST",  "/cameras", "{\"name\": \"Rogue\", \"lat\": 37.8, \"lon\": -122.2}", "camera.add" },
  };
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(Response) by_officer = api_request (f, calls[i].method, calls[i].path, officer, calls[i].body);
      g_autoptr(Response) by_auditor = api_request (f, calls[i].method, calls[i].path, auditor, calls[i].body);

      g_test_message ("%s %s", calls[i].method, calls[i].path);
      assert_api_error (by_officer, 403, "forbidden");
      assert_api_error (by_auditor, 403, "forbidden");
      g_assert_cmpint (count_records (f, calls[i].action, OFFICER_USER, "denied"), ==, 1);
      g_assert_cmpint (count_records (f, calls[i].action, NULL, "ok"), ==, 0);
    }

  g_assert_cmpint (db_count (f, "SELECT count (*) FROM users WHERE username = '" NEW_USER "'"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM cameras"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT disabled_at_us FROM users WHERE username = '" ADMIN_USER "'"), ==, 0);
}

static void
test_create_mfa (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *code = totp_now (MFA_SECRET, sl_clock_now_us (f->clock));
  g_autoptr(Response) admin_login = NULL;
  g_autoptr(Response) created = NULL;
  g_autoptr(Response) without_code = NULL;
  g_autoptr(Response) with_code = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *new_code = NULL;
  const char *admin;
  const char *secret;

  /* the fixture's administrator has no secret: enroll one to log in */
  db_exec (f, "UPDATE users SET totp_secret = '" MFA_SECRET "' WHERE username = '" ADMIN_USER "'");
  admin_login = api_login (f, ADMIN_USER, ADMIN_PASSWORD, code);
  g_assert_cmpuint (admin_login->status, ==, 200);
  admin = json_object_get_string_member (admin_login->body, "token");

  created = api_request (f, "POST", "/users", admin, NEW_USER_BODY);
  g_assert_cmpuint (created->status, ==, 201);
  secret = json_object_get_string_member (created->body, "totp_secret");
  g_assert_nonnull (secret);
  g_assert_cmpuint (strlen (secret), >=, 16);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (created->body, "totp_uri"), "otpauth://totp/"));
  g_assert_nonnull (strstr (json_object_get_string_member (created->body, "totp_uri"), secret));

  /* the new account logs in with a code from that secret, and only with one */
  without_code = api_login (f, NEW_USER, NEW_PASSWORD, NULL);
  assert_api_error (without_code, 401, "totp_required");
  new_code = totp_now (secret, sl_clock_now_us (f->clock));
  with_code = api_login (f, NEW_USER, NEW_PASSWORD, new_code);
  g_assert_cmpuint (with_code->status, ==, 200);

  record = last_record (f, "user.add");
  g_assert_nonnull (strstr (record->data, "\"totp\":true"));
  g_assert_null (strstr (record->data, secret));
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  static const char * const two_roles[] = { "officer", "analyst", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonObject) logged = NULL;
  JsonObject *changed;

  /* roles and supervisor, logged before and after */
  {
    g_autoptr(Response) response = api_request (f, "PATCH", "/users/" OFFICER_USER, admin,
                                                "{\"roles\": [\"officer\", \"analyst\"], \"supervisor\": \""
                                                ADMIN_USER "\", \"badge\": \"9001\"}");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_true (roles_are (response->body, two_roles));
    g_assert_cmpstr (json_object_get_string_member (response->body, "supervisor"), ==, ADMIN_USER);
    g_assert_cmpstr (json_object_get_string_member (response->body, "badge"), ==, "9001");
    g_assert_cmpstr (json_object_get_string_member (response->body, "full_name"), ==, "Test " OFFICER_USER);
  }
  record = last_record (f, "user.update");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  logged = sl_json_parse_object (record->data, -1, NULL);
  g_assert_cmpstr (json_object_get_string_member (logged, "target"), ==, OFFICER_USER);
  changed = json_object_get_object_member (logged, "changed");
  g_assert_cmpuint (json_object_get_size (changed), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (changed, "roles"), "before"),
                   ==, "officer");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (changed, "roles"), "after"),
                   ==, "officer,analyst");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (changed, "supervisor"), "before"));

  /* the change holds for the next request of the account itself */
  {
    g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
    g_autoptr(Response) session = api_request (f, "GET", "/session", officer, NULL);

    g_assert_true (roles_are (json_object_get_object_member (session->body, "user"), two_roles));
  }

  /* null clears the supervisor, "" too */
  {
    g_autoptr(Response) cleared = api_request (f, "PATCH", "/users/" OFFICER_USER, admin, "{\"supervisor\": null}");
    g_autoptr(Response) again = NULL;

    g_assert_cmpuint (cleared->status, ==, 200);
    g_assert_true (json_object_get_null_member (cleared->body, "supervisor"));
    g_assert_cmpint (count_records (f, "user.update", ADMIN_USER, "ok"), ==, 2);

    db_exec (f, "UPDATE users SET supervisor_id = (SELECT id FROM users WHERE username = '" ADMIN_USER "')"
                " WHERE username = '" OFFICER_USER "'");
    again = api_request (f, "PATCH", "/users/" OFFICER_USER, admin, "{\"supervisor\": \"\"}");
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_true (json_object_get_null_member (again->body, "supervisor"));
  }

  /* a change to nothing new is not logged */
  {
    g_autoptr(Response) same = api_request (f, "PATCH", "/users/" OFFICER_USER, admin, "{\"badge\": \"9001\"}");

    g_assert_cmpuint (same->status, ==, 200);
    g_assert_cmpint (count_records (f, "user.update", ADMIN_USER, "ok"), ==, 3);
  }

  /* refused: a supervisor who does not exist, or the account itself; no roles; unknown members */
  {
    static const char * const bad[] = { "supervisor", "roles", "username", NULL };
    static const char * const own[] = { "supervisor", NULL };
    g_autoptr(Response) response = api_request (f, "PATCH", "/users/" OFFICER_USER, admin,
                                                "{\"supervisor\": \"nobody\", \"roles\": [], \"username\": \"x\"}");
    g_autoptr(Response) self_supervised = api_request (f, "PATCH", "/users/" OFFICER_USER, admin,
                                                       "{\"supervisor\": \"" OFFICER_USER "\"}");
    g_autoptr(Response) unknown = api_request (f, "PATCH", "/users/nobody", admin, "{\"badge\": \"1\"}");

    assert_fields (response, "invalid_user", bad);
    assert_fields (self_supervised, "invalid_user", own);
    assert_api_error (unknown, 404, "not_found");
    g_assert_cmpint (count_records (f, "user.update", ADMIN_USER, "ok"), ==, 3);
  }
}

/* A supervisor holds the supervisor (or administrator) role, and the chain
 * of supervisors has no loop. */
static void
test_supervisor_rules (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const supervisor[] = { "supervisor", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) sam = api_request (f, "POST", "/users", admin,
                                         "{\"username\": \"sam\", \"full_name\": \"Sam Sergeant\","
                                         " \"roles\": [\"officer\", \"supervisor\"], \"password\": \"" NEW_PASSWORD "\"}");
  g_autoptr(Response) not_one = NULL;
  g_autoptr(Response) olga_up = NULL;
  g_autoptr(Response) sam_under = NULL;
  g_autoptr(Response) loop = NULL;

  g_assert_cmpuint (sam->status, ==, 201);

  /* an officer supervises no one */
  not_one = api_request (f, "PATCH", "/users/sam", admin, "{\"supervisor\": \"" OFFICER_USER "\"}");
  assert_fields (not_one, "invalid_user", supervisor);
  g_assert_nonnull (strstr (json_object_get_string_member (fields_of (not_one), "supervisor"), "not a supervisor"));

  /* olga becomes a supervisor, sam reports to her; she cannot then report to sam */
  olga_up = api_request (f, "PATCH", "/users/" OFFICER_USER, admin, "{\"roles\": [\"officer\", \"supervisor\"]}");
  g_assert_cmpuint (olga_up->status, ==, 200);
  sam_under = api_request (f, "PATCH", "/users/sam", admin, "{\"supervisor\": \"" OFFICER_USER "\"}");
  g_assert_cmpuint (sam_under->status, ==, 200);
  loop = api_request (f, "PATCH", "/users/" OFFICER_USER, admin, "{\"supervisor\": \"sam\"}");
  assert_fields (loop, "invalid_user", supervisor);
  g_assert_nonnull (strstr (json_object_get_string_member (fields_of (loop), "supervisor"), "already reports"));
}

static void
test_update_own_admin_role (Fixture       *f,
                            gconstpointer  data)
{
  static const char * const roles[] = { "roles", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) refused = api_request (f, "PATCH", "/users/" ADMIN_USER, admin, "{\"roles\": [\"auditor\"]}");
  g_autoptr(Response) added = NULL;
  g_autoptr(Response) still = NULL;

  assert_fields (refused, "invalid_user", roles);
  g_assert_nonnull (strstr (json_object_get_string_member (fields_of (refused), "roles"), "administrator role"));
  g_assert_cmpint (count_records (f, "user.update", NULL, NULL), ==, 0);

  /* adding a role to one's own account, keeping the administrator's, is fine */
  added = api_request (f, "PATCH", "/users/" ADMIN_USER, admin, "{\"roles\": [\"administrator\", \"auditor\"]}");
  g_assert_cmpuint (added->status, ==, 200);
  still = api_request (f, "GET", "/users", admin, NULL);
  g_assert_cmpuint (still->status, ==, 200);
}

static void
test_training (Fixture       *f,
               gconstpointer  data)
{
  static const char * const completed_on[] = { "completed_on", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(JsonObject) before = review_of (f, admin, LAPSED_USER);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  JsonObject *training;

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (before, "training"), "status"),
                   ==, "expired");

  {
    g_autoptr(Response) response = api_request (f, "POST", "/users/" LAPSED_USER "/training", admin,
                                                "{\"completed_on\": \"2026-02-20\"}");

    g_assert_cmpuint (response->status, ==, 204);
  }

  after = review_of (f, admin, LAPSED_USER);
  training = json_object_get_object_member (after, "training");
  g_assert_cmpstr (json_object_get_string_member (training, "status"), ==, "current");
  g_assert_cmpstr (json_object_get_string_member (training, "completed_on"), ==, "2026-02-20");

  record = last_record (f, "user.training");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_nonnull (strstr (record->data, "\"target\":\"" LAPSED_USER "\""));
  g_assert_nonnull (strstr (record->data, "\"previous\":\"2024-06-01\""));

  /* the lapsed auditor may read the access log again */
  {
    g_autofree char *lapsed = login_token (f, LAPSED_USER, LAPSED_PASSWORD);
    g_autoptr(Response) audit = api_request (f, "GET", "/audit", lapsed, NULL);

    g_assert_cmpuint (audit->status, ==, 200);
  }

  /* refused: tomorrow, no date, an unknown account */
  {
    g_autoptr(Response) tomorrow = api_request (f, "POST", "/users/" LAPSED_USER "/training", admin,
                                                "{\"completed_on\": \"2026-03-02\"}");
    g_autoptr(Response) no_date = api_request (f, "POST", "/users/" LAPSED_USER "/training", admin,
                                               "{\"completed_on\": \"20 Feb 2026\"}");
    g_autoptr(Response) nobody = api_request (f, "POST", "/users/nobody/training", admin,
                                              "{\"completed_on\": \"2026-02-20\"}");

    assert_fields (tomorrow, "invalid_user", completed_on);
    assert_fields (no_date, "invalid_user", completed_on);
    assert_api_error (nobody, 404, "not_found");
    g_assert_cmpint (count_records (f, "user.training", NULL, NULL), ==, 1);
  }
}

static void
test_disable (Fixture       *f,
              gconstpointer  data)
{
  static const char * const reason[] = { "reason", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(SlAuditRecord) record = NULL;

  /* a reason is needed */
  {
    g_autoptr(Response) short_reason = api_request (f, "POST", "/users/" OFFICER_USER "/disable", admin,
                                                    "{\"reason\": \"  left   \"}");

    assert_fields (short_reason, "invalid_user", reason);
    g_assert_cmpint (count_records (f, "user.disable", NULL, NULL), ==, 0);
  }

  {
    g_autoptr(Response) disabled = api_request (f, "POST", "/users/" OFFICER_USER "/disable", admin,
                                                "{\"reason\": \"Left the agency on 2026-02-28\"}");

    g_assert_cmpuint (disabled->status, ==, 204);
  }
  record = last_record (f, "user.disable");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_nonnull (strstr (record->data, "\"target\":\"" OFFICER_USER "\""));
  g_assert_nonnull (strstr (record->data, "\"reason\":\"Left the agency on 2026-02-28\""));

  /* the session ended with it, and logging in again is refused */
  {
    g_autoptr(Response) next = api_request (f, "GET", "/session", officer, NULL);
    g_autoptr(Response) login = api_login (f, OFFICER_USER, OFFICER_PASSWORD, NULL);
    g_autoptr(Response) again = api_request (f, "POST", "/users/" OFFICER_USER "/disable", admin,
                                             "{\"reason\": \"Left the agency on 2026-02-28\"}");
    g_autoptr(JsonObject) review = review_of (f, admin, OFFICER_USER);

    assert_api_error (next, 401, "unauthorized");
    assert_api_error (login, 403, "account_disabled");
    assert_api_error (again, 409, "already_disabled");
    g_assert_false (json_object_get_null_member (review, "disabled_at"));
  }

  /* enabling brings it back */
  {
    g_autoptr(Response) enabled = api_request (f, "POST", "/users/" OFFICER_USER "/enable", admin, "{}");

    g_assert_cmpuint (enabled->status, ==, 204);
    g_free (login_token (f, OFFICER_USER, OFFICER_PASSWORD));
  }
  g_assert_cmpint (count_records (f, "user.disable", ADMIN_USER, "ok"), ==, 1);
}

static void
test_disable_self (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) refused = api_request (f, "POST", "/users/" ADMIN_USER "/disable", admin,
                                             "{\"reason\": \"Testing what happens\"}");
  g_autoptr(Response) session = api_request (f, "GET", "/session", admin, NULL);
  g_autoptr(Response) unknown = api_request (f, "POST", "/users/nobody/disable", admin,
                                             "{\"reason\": \"Testing what happens\"}");

  assert_api_error (refused, 409, "own_account");
  g_assert_cmpuint (session->status, ==, 200);
  assert_api_error (unknown, 404, "not_found");
  g_assert_cmpint (db_count (f, "SELECT disabled_at_us FROM users WHERE username = '" ADMIN_USER "'"), ==, 0);
  g_assert_cmpint (count_records (f, "user.disable", NULL, NULL), ==, 0);
}

static void
test_review_badge (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autoptr(JsonObject) officer = review_of (f, auditor, OFFICER_USER);

  g_assert_nonnull (officer);
  g_assert_cmpstr (json_object_get_string_member (officer, "badge"), ==, "4711");
}

/* The review as a spreadsheet for the annual review: a row per account, logged. */
static void
test_review_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) csv = api_request (f, "GET", "/users/review?format=csv", auditor, NULL);
  g_autoptr(Response) refused = api_request (f, "GET", "/users/review?format=csv", officer, NULL);
  g_autoptr(Response) bad = api_request (f, "GET", "/users/review?format=xlsx", auditor, NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (csv->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (csv->headers, NULL), "text/csv"));
  lines = g_strsplit (csv->text, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "username,full_name,badge,roles,supervisor,"));
  g_assert_cmpuint (g_strv_length (lines), ==, db_count (f, "SELECT count(*) FROM users") + 2);
  g_assert_nonnull (strstr (csv->text, OFFICER_USER ","));

  g_assert_cmpint (count_records (f, "users.review.export", AUDITOR_USER, "ok"), ==, 1);
  g_assert_cmpint (refused->status, ==, 403);
  g_assert_cmpint (count_records (f, "users.review.export", OFFICER_USER, "denied"), ==, 1);
  g_assert_cmpint (bad->status, ==, 400);
}

/* Cameras ----------------------------------------------------------------- */

/* A new token for a camera: the old one stops at once, the new one works,
 * and the log has the change but not the token. */
static void
test_camera_token (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) created = api_request (f, "POST", "/cameras", admin,
                                             "{\"name\": \"Grand Ave\", \"lat\": 37.81, \"lon\": -122.25}");
  g_autoptr(Response) renewed = NULL;
  g_autoptr(Response) old_one = NULL;
  g_autoptr(Response) new_one = NULL;
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old_token = NULL;
  const char *new_token;

  g_assert_cmpuint (created->status, ==, 201);
  old_token = g_strdup (json_object_get_string_member (created->body, "token"));
  path = g_strdup_printf ("/cameras/%" G_GINT64_FORMAT "/token", json_object_get_int_member (created->body, "id"));

  refused = api_request (f, "POST", path, officer, NULL);
  assert_api_error (refused, 403, "forbidden");
  g_assert_cmpint (count_records (f, "camera.token", OFFICER_USER, "denied"), ==, 1);

  renewed = api_request (f, "POST", path, admin, NULL);
  g_assert_cmpuint (renewed->status, ==, 200);
  new_token = json_object_get_string_member (renewed->body, "token");
  g_assert_cmpuint (strlen (new_token), ==, 64);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_cmpstr (json_object_get_string_member (renewed->body, "name"), ==, "Grand Ave");

  old_one = api_request (f, "POST", "/ingest/heartbeat", old_token, NULL);
  assert_api_error (old_one, 401, "unauthorized");
  new_one = api_request (f, "POST", "/ingest/heartbeat", new_token, NULL);
  g_assert_cmpuint (new_one->status, ==, 204);

  record = last_record (f, "camera.token");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->outcome, ==, "ok");
  g_assert_null (strstr (record->data, new_token));
  g_assert_nonnull (strstr (record->data, "Grand Ave"));

  missing = api_request (f, "POST", "/cameras/999/token", admin, NULL);
  assert_api_error (missing, 404, "not_found");
}

static void
test_camera_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) created = api_request (f, "POST", "/cameras", admin,
                                             "{\"name\": \"Broadway & 14th St\", \"lat\": 37.8044,"
                                             " \"lon\": -122, \"kind\": \"mobile\","
                                             " \"stream\": \"rtsp://10.0.4.21/stream1\"}");
  g_autoptr(Response) heartbeat = NULL;
  g_autoptr(Response) wrong = NULL;
  g_autoptr(Response) cameras = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  const char *token;
  JsonArray *list;
  JsonObject *camera;

  g_assert_cmpuint (created->status, ==, 201);
  token = json_object_get_string_member (created->body, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_cmpint (json_object_get_int_member (created->body, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (created->body, "name"), ==, "Broadway & 14th St");
  g_assert_cmpstr (json_object_get_string_member (created->body, "kind"), ==, "mobile");
  g_assert_cmpfloat (json_object_get_double_member (created->body, "lon"), ==, -122);
  g_assert_cmpstr (json_object_get_string_member (created->body, "stream_url"), ==, "rtsp://10.0.4.21/stream1");
  g_assert_false (json_object_get_boolean_member (created->body, "online"));
  g_assert_true (json_object_get_null_member (created->body, "latest_read"));

  /* only the token's hash is kept */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  sql = g_strdup_printf ("SELECT count (*) FROM cameras WHERE token_hash = '%s'", hash);
  g_assert_cmpint (db_count (f, sql), ==, 1);

  /* the camera posts with it, and is then online in the list */
  heartbeat = api_request (f, "POST", "/ingest/heartbeat", token, NULL);
  g_assert_cmpuint (heartbeat->status, ==, 204);
  wrong = api_request (f, "POST", "/ingest/heartbeat",
                       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
  assert_api_error (wrong, 401, "unauthorized");

  cameras = api_request (f, "GET", "/cameras", admin, NULL);
  g_assert_cmpuint (cameras->status, ==, 200);
  list = json_object_get_array_member (cameras->body, "cameras");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  camera = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (camera, "id"), ==, json_object_get_int_member (created->body, "id"));
  g_assert_true (json_object_get_boolean_member (camera, "online"));
  g_assert_false (json_object_has_member (camera, "token"));

  /* names tell cameras apart */
  {
    g_autoptr(Response) same_name = api_request (f, "POST", "/cameras", admin,
                                                 "{\"name\": \"Broadway & 14th St\", \"lat\": 37.8, \"lon\": -122.2}");

    assert_api_error (same_name, 409, "camera_exists");
    g_assert_cmpint (db_count (f, "SELECT count (*) FROM cameras"), ==, 1);
  }

  g_assert_cmpint (count_records (f, "camera.add", ADMIN_USER, "ok"), ==, 1);
  record = last_record (f, "camera.add");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->username, ==, ADMIN_USER);
  g_assert_nonnull (strstr (record->data, "\"name\":\"Broadway & 14th St\""));
  g_assert_nonnull (strstr (record->data, "\"kind\":\"mobile\""));
  g_assert_null (strstr (record->data, token));
}

static void
test_camera_invalid (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const every[] = { "name", "lat", "lon", "kind", "stream", "token", NULL };
  static const char * const missing[] = { "name", "lat", "lon", NULL };
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) wrong = api_request (f, "POST", "/cameras", admin,
                                           "{\"name\": \"\", \"lat\": 123, \"lon\": \"west\", \"kind\": \"drone\","
                                           " \"stream\": \"ftp://10.0.4.21/\", \"token\": \"mine\"}");
  g_autoptr(Response) empty = api_request (f, "POST", "/cameras", admin, "{}");

  assert_fields (wrong, "invalid_camera", every);
  g_assert_nonnull (strstr (json_object_get_string_member (fields_of (wrong), "lat"), "-90 to 90"));
  assert_fields (empty, "invalid_camera", missing);
  g_assert_cmpint (db_count (f, "SELECT count (*) FROM cameras"), ==, 0);
  g_assert_cmpint (count_records (f, "camera.add", NULL, NULL), ==, 0);
}

void
add_admin_tests (void)
{
#define ADD(name, func) \
  g_test_add ("/service/admin/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("users/create", test_create);
  ADD ("users/create-invalid", test_create_invalid);
  ADD ("users/create-duplicate", test_create_duplicate);
  ADD ("users/forbidden", test_forbidden);
  g_test_add ("/service/admin/users/create-mfa", Fixture, NULL, fixture_setup_mfa, test_create_mfa,
              fixture_teardown);
  ADD ("users/update", test_update);
  ADD ("users/update-own-admin-role", test_update_own_admin_role);
  ADD ("users/training", test_training);
  ADD ("users/disable", test_disable);
  ADD ("users/disable-self", test_disable_self);
  ADD ("users/review-badge", test_review_badge);
  ADD ("users/supervisor-rules", test_supervisor_rules);
  ADD ("users/review-csv", test_review_csv);
  ADD ("cameras/create", test_camera_create);
  ADD ("cameras/token", test_camera_token);
  ADD ("cameras/create-invalid", test_camera_invalid);

#undef ADD
}
