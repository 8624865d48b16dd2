#define G_LOG_DOMAIN "sl-api-session"

#include "config.h"

#include <string.h>

#include "sl-password.h"
#include "sl-server-private.h"

/* Failed logins within this window that lock an account. */
#define LOCK_FAILURES   5
#define LOCK_WINDOW_US  (15 * SL_USEC_PER_MINUTE)

/* Longest username kept in a record of a failed login by someone unknown. */
#define LOGGED_NAME_MAX 64

typedef struct
{
  SlServer          *server;     /* owned */
  SoupServerMessage *msg;        /* owned */
  SlUser            *user;       /* owned; NULL when no such user */
  char              *username;   /* as given */
  char              *password;   /* wiped when freed */
  char              *totp;
} LoginAttempt;

static void
login_attempt_free (LoginAttempt *attempt)
{
  sl_password_wipe (attempt->password);
  g_free (attempt->password);
  g_free (attempt->username);
  g_free (attempt->totp);
  g_clear_pointer (&attempt->user, sl_user_free);
  g_clear_object (&attempt->msg);
  g_clear_object (&attempt->server);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginAttempt, login_attempt_free)

static JsonBuilder *
reason_builder (const char *reason)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  return builder;
}

/* A session.login record for @attempt; the user fields come from the account when known. */
static SlAuditRecord *
new_login_record (LoginAttempt *attempt,
                  const char   *outcome)
{
  SlAuditRecord *record = _sl_server_new_record (attempt->server, attempt->msg,
                                                 "session.login", outcome, attempt->user);

  if (attempt->user == NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (attempt->username, -1);

      g_free (record->username);
      record->username = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), LOGGED_NAME_MAX));
    }

  return record;
}

/* Logs a refused login (data: {"reason": @reason}) and answers @status/@code. */
static void
refuse_login (LoginAttempt *attempt,
              const char   *outcome,
              const char   *reason,
              guint         status,
              const char   *code,
              const char   *message)
{
  g_autoptr(SlAuditRecord) record = new_login_record (attempt, outcome);
  g_autoptr(JsonBuilder) builder = reason_builder (reason);

  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);
  if (!_sl_server_append_record (attempt->server, attempt->msg, record))
    return;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (attempt->msg),
                                  "WWW-Authenticate", "Bearer realm=\"sightline\"");
  _sl_reply_error (attempt->msg, status, code, "%s", message);
}

/* Counts a failed login against a known account, locking it at the fifth within the window. */
static void
count_failure (LoginAttempt *attempt,
               gint64        now_us,
               const char   *reason,
               const char   *code,
               const char   *message)
{
  SlServer *self = attempt->server;
  SlUser *user = attempt->user;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(SlAuditRecord) lock_record = NULL;
  g_autoptr(JsonBuilder) builder = reason_builder (reason);
  gint64 failures;

  if (!sl_store_add_login_failure (self->store, user->id, now_us, &error))
    {
      _sl_reply_gerror (attempt->msg, error);
      return;
    }

  failures = sl_store_count_login_failures (self->store, user->id, now_us - LOCK_WINDOW_US, &error);
  if (failures < 0)
    {
      if (error == NULL)
        g_set_error_literal (&error, SL_ERROR, SL_ERROR_STORE, "The failed logins could not be counted");
      _sl_reply_gerror (attempt->msg, error);
      return;
    }

  record = new_login_record (attempt, "failed");
  json_builder_set_member_name (builder, "failures");
  json_builder_add_int_value (builder, failures);
  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);
  if (!_sl_server_append_record (self, attempt->msg, record))
    return;

  if (failures < LOCK_FAILURES)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (attempt->msg),
                                    "WWW-Authenticate", "Bearer realm=\"sightline\"");
      _sl_reply_error (attempt->msg, SOUP_STATUS_UNAUTHORIZED, code, "%s", message);
      return;
    }

  /* Only the lock: the rest of @user may be older than what an administrator just saved. */
  if (!sl_store_lock_user (self->store, user->id, now_us, &error))
    {
      _sl_reply_gerror (attempt->msg, error);
      return;
    }
  user->locked_at_us = now_us;

  lock_record = _sl_server_new_record (self, attempt->msg, "user.lock", "ok", user);
  g_clear_object (&builder);
  builder = reason_builder ("too_many_failed_logins");
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, user->username);
  json_builder_set_member_name (builder, "failures");
  json_builder_add_int_value (builder, failures);
  json_builder_end_object (builder);
  _sl_record_take_data (lock_record, builder);
  if (!_sl_server_append_record (self, attempt->msg, lock_record))
    return;

  _sl_reply_error (attempt->msg, SOUP_STATUS_LOCKED, "account_locked",
                   "Too many failed logins: the account is now locked. "
                   "An administrator must unlock it before you can log in");
}

static void
reply_session (SlServer          *self,
               SoupServerMessage *msg,
               const SlSession   *session,
               const SlUser      *user,
               gint64             now_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires_at = _sl_session_dup_expires_at (session);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, session->token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "idle_timeout_seconds");
  json_builder_add_int_value (builder, SL_SESSION_IDLE_US / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, sl_user_to_public_json (user));
  json_builder_set_member_name (builder, "training");
  json_builder_add_value (builder, _sl_server_training_json (self, user, now_us));
  json_builder_end_object (builder);

  _sl_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Re-reads the account: other logins may have locked it (or an administrator
 * changed it) while the password was being checked. */
static gboolean
refresh_user (LoginAttempt  *attempt,
              gboolean      *password_ok,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SlUser *fresh;

  if (attempt->user == NULL)
    return TRUE;

  fresh = sl_store_find_user (attempt->server->store, attempt->user->username, &local_error);
  if (fresh == NULL && !g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The password checked was the one the account had when the request came. */
  if (fresh == NULL || g_strcmp0 (fresh->password_hash, attempt->user->password_hash) != 0)
    *password_ok = FALSE;

  sl_user_free (attempt->user);
  attempt->user = fresh;
  return TRUE;
}

/* The password has been checked (off the main loop); decide the login. */
static void
finish_login (LoginAttempt *attempt,
              gboolean      password_ok)
{
  SlServer *self = attempt->server;
  SlUser *user;
  gint64 now_us = sl_clock_now_us (self->clock);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) notice_record = NULL;
  g_autoptr(SlAuditRecord) login_record = NULL;
  SlSession *session;

  if (!refresh_user (attempt, &password_ok, &error))
    {
      _sl_reply_gerror (attempt->msg, error);
      return;
    }
  user = attempt->user;

  if (user == NULL)
    {
      refuse_login (attempt, "failed", "unknown_user", SOUP_STATUS_UNAUTHORIZED,
                    "invalid_credentials", "The username or password is not correct");
      return;
    }

  if (user->locked_at_us != 0)
    {
      refuse_login (attempt, "denied", "account_locked", SOUP_STATUS_LOCKED, "account_locked",
                    "The account is locked after too many failed logins; "
                    "an administrator must unlock it before you can log in");
      return;
    }

  if (user->disabled_at_us != 0 && password_ok)
    {
      refuse_login (attempt, "denied", "account_disabled", SOUP_STATUS_FORBIDDEN, "account_disabled",
                    "The account is disabled (by an administrator, or after 90 days without a login); "
                    "an administrator can enable it again");
      return;
    }

  if (!password_ok)
    {
      count_failure (attempt, now_us, "wrong_password", "invalid_credentials",
                     "The username or password is not correct");
      return;
    }

  if (sl_policy_get_mfa_required (self->policy))
    {
      gint64 last_step;
      gint64 step = 0;

      if (user->totp_secret == NULL)
        {
          refuse_login (attempt, "denied", "totp_not_enrolled", SOUP_STATUS_FORBIDDEN,
                        "totp_not_enrolled",
                        "This agency requires a one-time code at login, but no authenticator is "
                        "set up for this account; ask an administrator to enroll you");
          return;
        }

      if (attempt->totp == NULL || *attempt->totp == '\0')
        {
          refuse_login (attempt, "denied", "totp_required", SOUP_STATUS_UNAUTHORIZED,
                        "totp_required",
                        "Enter the 6-digit code from your authenticator app");
          return;
        }

      last_step = sl_store_get_totp_last_step (self->store, user->id);
      if (!sl_totp_verify (user->totp_secret, attempt->totp, now_us / G_USEC_PER_SEC,
                           last_step, &step))
        {
          count_failure (attempt, now_us, "totp_invalid", "totp_invalid",
                         "The one-time code is not correct or was already used; "
                         "wait for the next code and try again");
          return;
        }

      if (!sl_store_set_totp_last_step (self->store, user->id, step, &error))
        {
          _sl_reply_gerror (attempt->msg, error);
          return;
        }
    }

  if (!sl_store_clear_login_failures (self->store, user->id, &error))
    {
      _sl_reply_gerror (attempt->msg, error);
      return;
    }

  notice_record = _sl_server_new_record (self, attempt->msg, "notice.acknowledge", "ok", user);
  if (!_sl_server_append_record (self, attempt->msg, notice_record))
    return;

  login_record = _sl_server_new_record (self, attempt->msg, "session.login", "ok", user);
  if (!_sl_server_append_record (self, attempt->msg, login_record))
    return;

  /* what keeps the account from being disabled for disuse */
  user->last_login_us = now_us;
  if (!sl_store_update_user (self->store, user, &error))
    g_message ("Could not note the login of %s: %s", user->username, error->message);

  session = _sl_server_add_session (self, user->username);
  reply_session (self, attempt->msg, session, user, now_us);
}

static void
verify_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LoginAttempt *attempt = task_data;
  const char *hash = NULL;
  gboolean ok;

  if (attempt->user != NULL)
    hash = attempt->user->password_hash;
  if (hash == NULL)
    hash = sl_password_get_dummy_hash ();

  ok = sl_password_verify (hash, attempt->password);
  g_task_return_boolean (task, ok && attempt->user != NULL);
}

static void
password_verified_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = G_TASK (result);
  LoginAttempt *attempt = g_task_get_task_data (task);
  gboolean ok = g_task_propagate_boolean (task, NULL);

  finish_login (attempt, ok);
  soup_server_message_unpause (attempt->msg);
}

/* GET /health: no login; the login window shows the notice from here. */
void
_sl_api_health (SlRequest *req)
{
  SlPolicy *policy = req->server->policy;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, sl_policy_get_agency (policy));
  json_builder_set_member_name (builder, "policy");
  json_builder_add_string_value (builder, sl_policy_get_id (policy));
  json_builder_set_member_name (builder, "notice");
  json_builder_add_string_value (builder, sl_policy_get_notice (policy));
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* POST /session: the login. */
void
_sl_api_session_create (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoginAttempt) attempt = NULL;
  g_autoptr(GTask) task = NULL;
  const char *username = NULL;
  const char *password = NULL;
  const char *totp = NULL;
  gboolean acknowledged = FALSE;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  object = sl_json_parse_object (data, length, &error);
  if (object == NULL ||
      !sl_json_get_string (object, "username", TRUE, &username, &error) ||
      !sl_json_get_string (object, "password", TRUE, &password, &error) ||
      !sl_json_get_boolean (object, "acknowledged_notice", FALSE, &acknowledged, &error) ||
      !sl_json_get_string (object, "totp", FALSE, &totp, &error))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "%s", error->message);
      return;
    }

  attempt = g_new0 (LoginAttempt, 1);
  attempt->server = g_object_ref (self);
  attempt->msg = g_object_ref (req->msg);
  attempt->username = g_strdup (username);
  attempt->password = g_strdup (password);
  attempt->totp = g_strdup (totp);

  if (!acknowledged)
    {
      refuse_login (attempt, "denied", "notice_not_acknowledged", SOUP_STATUS_UNPROCESSABLE_ENTITY,
                    "notice_not_acknowledged",
                    "Acknowledge the use notice to log in: this is a restricted system, use is "
                    "monitored and audited, unauthorized use is punishable, and use means consent");
      return;
    }

  attempt->user = sl_store_find_user (self->store, username, &error);
  if (attempt->user == NULL && error != NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  /* Argon2id takes a while; the loop keeps serving others meanwhile. */
  soup_server_message_pause (req->msg);
  task = g_task_new (self, NULL, password_verified_cb, NULL);
  g_task_set_source_tag (task, _sl_api_session_create);
  g_task_set_task_data (task, g_steal_pointer (&attempt), (GDestroyNotify) login_attempt_free);
  g_task_run_in_thread (task, verify_password_thread);
}

/* GET /session: who is logged in, for a client that restarts its window. */
void
_sl_api_session_get (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, sl_user_to_public_json (req->user));
  json_builder_set_member_name (builder, "training");
  json_builder_add_value (builder, _sl_server_training_json (req->server, req->user, req->now_us));
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* DELETE /session: the session ends even if the access log then fails. */
void
_sl_api_session_delete (SlRequest *req)
{
  g_autoptr(SlAuditRecord) record = NULL;

  _sl_server_remove_session (req->server, req->session->token);
  req->session = NULL;

  record = _sl_server_new_record (req->server, req->msg, "session.logout", "ok", req->user);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  _sl_reply_no_content (req->msg);
}

/* GET /policy: what the client needs to build search forms and show the notice. */
void
_sl_api_policy_get (SlRequest *req)
{
  _sl_reply_json (req->msg, SOUP_STATUS_OK, sl_policy_to_public_json (req->server->policy));
}
