#define G_LOG_DOMAIN "sl-api-users"

#include "config.h"

#include <math.h>
#include <string.h>

#include <sodium.h>

#include "sl-accounts.h"
#include "sl-csv.h"
#include "sl-server-private.h"

/* Disabling an account needs a reason at least this long. */
#define MIN_REASON 10

/* An account as GET /users lists it. */
static JsonNode *
user_to_json (const SlUser *user)
{
  JsonNode *node = sl_user_to_public_json (user);
  JsonObject *object = json_node_get_object (node);

  json_object_set_boolean_member (object, "locked", user->locked_at_us != 0);
  json_object_set_boolean_member (object, "disabled", user->disabled_at_us != 0);
  return node;
}

/* The account the route names; NULL, having replied, when there is none. */
static SlUser *
find_target (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  SlUser *target = sl_store_find_user (req->server->store, req->path_arg, &error);

  if (target == NULL && (error == NULL || g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND)))
    _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no user “%s”", req->path_arg);
  else if (target == NULL)
    _sl_reply_gerror (req->msg, error);
  return target;
}

/* Logs that a change its record announced did not happen after all. */
static void
log_failure (SlRequest           *req,
             const SlAuditRecord *record)
{
  g_autoptr(SlAuditRecord) failed = _sl_server_new_record (req->server, req->msg, record->action, "failed",
                                                           req->user);

  failed->data = g_strdup (record->data);
  if (!sl_store_audit_append (req->server->store, failed, NULL))
    g_message ("Could not log that %s failed", record->action);
}

/* An administrator's request about the account the route names: its body
 * and the account; NULL, having replied, when either is missing or the
 * caller is no administrator. */
static SlUser *
start_account_change (SlRequest   *req,
                      const char  *action,
                      JsonObject **body)
{
  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, action))
    return NULL;

  *body = _sl_request_parse_body (req);
  if (*body == NULL)
    return NULL;

  return find_target (req);
}

/* Writes @record, then @user as it is now; FALSE, having replied, when either fails. */
static gboolean
log_and_update (SlRequest     *req,
                SlAuditRecord *record,
                const SlUser  *user)
{
  g_autoptr(GError) error = NULL;

  if (!_sl_server_append_record (req->server, req->msg, record))
    return FALSE;

  if (!sl_store_update_user (req->server->store, user, &error))
    {
      log_failure (req, record);
      _sl_reply_gerror (req->msg, error);
      return FALSE;
    }

  return TRUE;
}

/* Request bodies ---------------------------------------------------------- */

static void
note_unknown_members (JsonObject         *body,
                      const char * const *known,
                      const char         *what,
                      JsonObject         *fields)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      _sl_field_error (fields, l->data, "%s has no member “%s”", what, (const char *) l->data);
}

/* The text of @member; NULL when it is absent or null, and (noted in
 * @fields) when it is of another type. */
static const char *
text_member (JsonObject *body,
             const char *member,
             JsonObject *fields)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  _sl_field_error (fields, member, "%s must be text", member);
  return NULL;
}

/* Like text_member(), for a member that "" leaves out (or clears). */
static const char *
optional_text_member (JsonObject *body,
                      const char *member,
                      JsonObject *fields)
{
  const char *text = text_member (body, member, fields);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* A number, or NAN when @member is absent or (noted in @fields) not a number. */
static double
number_member (JsonObject *body,
               const char *member,
               JsonObject *fields)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;
  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64))
    return json_node_get_double (node);

  _sl_field_error (fields, member, "%s must be a number", member);
  return NAN;
}

/* "roles": an array of role names; none when it is wrong (noted in @fields). */
static SlRoles
roles_member (JsonObject *body,
              JsonObject *fields)
{
  JsonNode *node = json_object_get_member (body, "roles");
  JsonArray *array;
  SlRoles roles = SL_ROLE_NONE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return SL_ROLE_NONE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto not_names;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      SlRoles role;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        goto not_names;
      if (!sl_roles_parse (json_node_get_string (element), &role, &error))
        {
          _sl_field_error (fields, "roles", "%s", error->message);
          return SL_ROLE_NONE;
        }
      roles |= role;
    }
  return roles;

not_names:
  _sl_field_error (fields, "roles", "roles is an array of role names, such as [\"officer\"]");
  return SL_ROLE_NONE;
}

/* Notes a member's change for the access log; FALSE when it did not change. */
static gboolean
add_change (JsonBuilder *data,
            const char  *member,
            const char  *before,
            const char  *after)
{
  if (g_strcmp0 (before, after) == 0)
    return FALSE;

  json_builder_set_member_name (data, member);
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "before", before);
  sl_json_builder_add_string_member (data, "after", after);
  json_builder_end_object (data);
  return TRUE;
}

static void
replace_text (char       **field,
              const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Accounts ---------------------------------------------------------------- */

/* GET /users: the administrator's list of accounts. */
void
_sl_api_users_list (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, NULL))
    return;

  users = sl_store_list_users (req->server->store, &error);
  if (users == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    json_builder_add_value (builder, user_to_json (g_ptr_array_index (users, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* POST /users/{username}/unlock: undoes a lockout; the change stands only if it is logged. */
void
_sl_api_users_unlock (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) target = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 locked_at_us;

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "user.unlock"))
    return;

  target = find_target (req);
  if (target == NULL)
    return;

  locked_at_us = target->locked_at_us;
  target->locked_at_us = 0;
  if (!sl_store_update_user (self->store, target, &error) ||
      !sl_store_clear_login_failures (self->store, target->id, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = _sl_server_new_record (self, req->msg, "user.unlock", "ok", req->user);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, target->username);
  json_builder_set_member_name (builder, "was_locked");
  json_builder_add_boolean_value (builder, locked_at_us != 0);
  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);
  if (!_sl_server_append_record (self, req->msg, record))
    {
      target->locked_at_us = locked_at_us;
      if (!sl_store_update_user (self->store, target, NULL))
        g_message ("Could not restore the lock of %s after the access log failed", target->username);
      return;
    }

  _sl_reply_no_content (req->msg);
}

/* POST /users/{username}/enable: an administrator enables an account disabled
 * for disuse; its inactivity counts again from now. */
void
_sl_api_users_enable (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) target = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "user.enable"))
    return;

  target = find_target (req);
  if (target == NULL)
    return;

  record = _sl_server_new_record (self, req->msg, "user.enable", "ok", req->user);
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "target", target->username);
  json_builder_set_member_name (builder, "was_disabled");
  json_builder_add_boolean_value (builder, target->disabled_at_us != 0);
  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  target->disabled_at_us = 0;
  target->last_login_us = req->now_us;
  if (!sl_store_update_user (self->store, target, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_reply_no_content (req->msg);
}

/* The review as a spreadsheet, one row per account, logged before it is sent. */
static void
reply_review_csv (SlRequest *req,
                  JsonArray *users)
{
  static const char *columns[] = {
    "username", "full_name", "badge", "roles", "supervisor", "created_at", "last_login_at",
    "training_completed_on", "training_expires_on", "training_status", "locked", "disabled_at",
  };
  GString *csv = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SlAuditRecord) record = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    sl_csv_append (csv, c == 0, columns[c], FALSE);
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      JsonObject *training = json_object_get_object_member (user, "training");
      JsonArray *roles = json_object_get_array_member (user, "roles");
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) role_names = NULL;
      g_autofree char *roles_text = NULL;

      for (guint r = 0; r < json_array_get_length (roles); r++)
        g_strv_builder_add (names, json_array_get_string_element (roles, r));
      role_names = g_strv_builder_end (names);
      roles_text = g_strjoinv (",", role_names);

      sl_csv_append (csv, TRUE, json_object_get_string_member (user, "username"), TRUE);
      sl_csv_append (csv, FALSE, json_object_get_string_member (user, "full_name"), TRUE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (user, "badge", NULL), TRUE);
      sl_csv_append (csv, FALSE, roles_text, TRUE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (user, "supervisor", NULL), TRUE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (user, "created_at", NULL), FALSE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (user, "last_login_at", NULL), FALSE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (training, "completed_on", NULL), FALSE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (training, "expires_on", NULL), FALSE);
      sl_csv_append (csv, FALSE, json_object_get_string_member (training, "status"), FALSE);
      sl_csv_append (csv, FALSE, json_object_get_boolean_member (user, "locked") ? "yes" : "no", FALSE);
      sl_csv_append (csv, FALSE, json_object_get_string_member_with_default (user, "disabled_at", NULL), FALSE);
      g_string_append (csv, "\r\n");
    }
  bytes = g_string_free_to_bytes (csv);

  record = _sl_server_new_record (req->server, req->msg, "users.review.export", "ok", req->user);
  record->result_count = json_array_get_length (users);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  _sl_reply_attachment (req->msg, "text/csv; charset=utf-8", "account-review.csv", bytes);
}

/* GET /users/review: the annual account review: who has which role, their
 * last login, training and state. */
void
_sl_api_users_review (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint interval = sl_policy_get_training_interval_days (req->server->policy);
  static const char * const formats[] = { "json", "csv", NULL };
  gboolean csv = g_strcmp0 (_sl_query_get (req->query, "format"), "csv") == 0;

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR, csv ? "users.review.export" : NULL) ||
      !_sl_request_parse_format (req, formats, NULL))
    return;

  users = sl_store_list_users (req->server->store, &error);
  if (users == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      const SlUser *user = g_ptr_array_index (users, i);
      g_auto(GStrv) roles = sl_roles_to_strv (user->roles);
      GDate expires;
      SlTrainingStatus training;
      const char *state;

      g_date_clear (&expires, 1);
      training = sl_user_training_status (user, interval, req->now_us, &expires);
      if (training == SL_TRAINING_CURRENT)
        {
          g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (req->now_us / G_USEC_PER_SEC);
          GDate today;

          g_date_clear (&today, 1);
          g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                          g_date_time_get_year (now));
          state = g_date_days_between (&today, &expires) <= SL_TRAINING_WARNING_DAYS ? "expiring" : "current";
        }
      else
        state = sl_training_status_to_string (training);

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "username", user->username);
      sl_json_builder_add_string_member (builder, "full_name", user->full_name);
      sl_json_builder_add_string_member (builder, "badge", user->badge);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);
      for (guint r = 0; roles[r] != NULL; r++)
        json_builder_add_string_value (builder, roles[r]);
      json_builder_end_array (builder);
      _sl_json_add_nullable_string (builder, "supervisor", user->supervisor);
      _sl_json_add_time_member (builder, "created_at", user->created_at_us);
      _sl_json_add_time_member (builder, "last_login_at", user->last_login_us);
      json_builder_set_member_name (builder, "training");
      json_builder_begin_object (builder);
      _sl_json_add_nullable_string (builder, "completed_on", user->trained_on);
      if (g_date_valid (&expires))
        {
          char text[16];

          g_date_strftime (text, sizeof text, "%Y-%m-%d", &expires);
          sl_json_builder_add_string_member (builder, "expires_on", text);
        }
      else
        _sl_json_add_nullable_string (builder, "expires_on", NULL);
      sl_json_builder_add_string_member (builder, "status", state);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "locked");
      json_builder_add_boolean_value (builder, user->locked_at_us != 0);
      _sl_json_add_time_member (builder, "disabled_at", user->disabled_at_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (csv)
    reply_review_csv (req, json_object_get_array_member (json_node_get_object (root), "users"));
  else
    _sl_reply_json (req->msg, SOUP_STATUS_OK, g_steal_pointer (&root));
}

static void
reply_user_exists (SlRequest  *req,
                   const char *username)
{
  _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "user_exists",
                   "There is a user “%s” already; choose another username", username);
}

/* POST /users: an account, by the rules of `sightlined user add`. */
void
_sl_api_users_create (SlRequest *req)
{
  static const char * const members[] = {
    "username", "full_name", "roles", "badge", "organization", "supervisor", "trained_on", "password", NULL
  };
  SlServer *self = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) existing = NULL;
  g_autoptr(SlUser) user = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  SlAccountSpec spec = { 0 };
  JsonNode *node;

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "user.add"))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  note_unknown_members (body, members, "An account", fields);
  spec.username = text_member (body, "username", fields);
  spec.full_name = text_member (body, "full_name", fields);
  spec.roles = roles_member (body, fields);
  spec.badge = optional_text_member (body, "badge", fields);
  spec.organization = optional_text_member (body, "organization", fields);
  spec.supervisor = optional_text_member (body, "supervisor", fields);
  spec.trained_on = optional_text_member (body, "trained_on", fields);
  spec.password = text_member (body, "password", fields);
  if (spec.password == NULL)
    _sl_field_error (fields, "password", "A password is required");
  if (!sl_accounts_check_user (self->store, &spec, req->now_us, fields, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_user", "The account cannot be added", fields);
      return;
    }

  existing = sl_store_find_user (self->store, spec.username, &error);
  if (existing == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  g_clear_error (&error);
  if (existing != NULL)
    {
      reply_user_exists (req, spec.username);
      return;
    }

  user = sl_accounts_new_user (&spec, self->policy, req->now_us, &error);
  if (user == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = _sl_server_new_record (self, req->msg, "user.add", "ok", req->user);
  sl_accounts_describe_user (data, user);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  if (!sl_store_add_user (self->store, user, &error))
    {
      log_failure (req, record);
      if (g_error_matches (error, SL_ERROR, SL_ERROR_EXISTS))
        reply_user_exists (req, spec.username);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  /* the secret leaves the service this once, for the user's authenticator app */
  node = user_to_json (user);
  if (user->totp_secret != NULL)
    {
      g_autofree char *uri = sl_totp_uri (user->totp_secret, sl_policy_get_agency (self->policy),
                                          user->username);

      json_object_set_string_member (json_node_get_object (node), "totp_secret", user->totp_secret);
      json_object_set_string_member (json_node_get_object (node), "totp_uri", uri);
    }
  _sl_reply_json (req->msg, SOUP_STATUS_CREATED, node);
}

/* PATCH /users/{username}: name, badge, roles, supervisor; the log holds
 * each changed member before and after. */
void
_sl_api_users_update (SlRequest *req)
{
  static const char * const members[] = { "full_name", "badge", "roles", "supervisor", NULL };
  SlServer *self = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) before = NULL;
  g_autoptr(SlUser) after = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autofree char *roles_before = NULL;
  g_autofree char *roles_after = NULL;
  SlAccountSpec spec = { 0 };
  guint n_changed = 0;

  before = start_account_change (req, "user.update", &body);
  if (before == NULL)
    return;

  after = sl_user_copy (before);
  note_unknown_members (body, members, "An account's change", fields);
  if (json_object_has_member (body, "full_name"))
    replace_text (&after->full_name, text_member (body, "full_name", fields));
  if (json_object_has_member (body, "badge"))
    replace_text (&after->badge, optional_text_member (body, "badge", fields));
  if (json_object_has_member (body, "roles"))
    after->roles = roles_member (body, fields);
  if (json_object_has_member (body, "supervisor"))
    replace_text (&after->supervisor, optional_text_member (body, "supervisor", fields));

  if (g_str_equal (before->username, req->user->username) &&
      sl_user_has_role (before, SL_ROLE_ADMINISTRATOR) && !sl_user_has_role (after, SL_ROLE_ADMINISTRATOR))
    _sl_field_error (fields, "roles", "You cannot take the administrator role from your own account; "
                     "another administrator must, so that the agency is never left without one");

  spec.username = after->username;
  spec.full_name = after->full_name;
  spec.roles = after->roles;
  spec.supervisor = after->supervisor;
  if (!sl_accounts_check_user (self->store, &spec, req->now_us, fields, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_user", "The account cannot be changed", fields);
      return;
    }

  roles_before = sl_roles_to_string (before->roles);
  roles_after = sl_roles_to_string (after->roles);
  record = _sl_server_new_record (self, req->msg, "user.update", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "target", before->username);
  json_builder_set_member_name (data, "changed");
  json_builder_begin_object (data);
  n_changed += add_change (data, "full_name", before->full_name, after->full_name);
  n_changed += add_change (data, "badge", before->badge, after->badge);
  n_changed += add_change (data, "roles", roles_before, roles_after);
  n_changed += add_change (data, "supervisor", before->supervisor, after->supervisor);
  json_builder_end_object (data);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  /* nothing changed, nothing to log */
  if (n_changed == 0)
    {
      _sl_reply_json (req->msg, SOUP_STATUS_OK, user_to_json (before));
      return;
    }

  if (!log_and_update (req, record, after))
    return;

  _sl_reply_json (req->msg, SOUP_STATUS_OK, user_to_json (after));
}

/* POST /users/{username}/training: a completed ALPR training. An earlier
 * date than one on record is kept too; the latest counts. */
void
_sl_api_users_training (SlRequest *req)
{
  static const char * const members[] = { "completed_on", NULL };
  SlServer *self = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) target = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  const char *completed_on;

  target = start_account_change (req, "user.training", &body);
  if (target == NULL)
    return;

  note_unknown_members (body, members, "A training", fields);
  completed_on = text_member (body, "completed_on", fields);
  if (completed_on == NULL)
    _sl_field_error (fields, "completed_on", "completed_on is required: the day the training was completed, "
                     "YYYY-MM-DD");
  else if (!sl_accounts_check_date (completed_on, req->now_us, &error))
    _sl_field_error (fields, "completed_on", "%s", error->message);
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_user", "The training cannot be recorded", fields);
      return;
    }

  record = _sl_server_new_record (self, req->msg, "user.training", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "target", target->username);
  sl_json_builder_add_string_member (data, "completed_on", completed_on);
  sl_json_builder_add_string_member (data, "previous", target->trained_on);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  if (!sl_store_add_training (self->store, target->username, completed_on, NULL, &error))
    {
      log_failure (req, record);
      _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_reply_no_content (req->msg);
}

/* POST /users/{username}/disable: an administrator disables an account at
 * once, saying why; its sessions and alert streams end with it. */
void
_sl_api_users_disable (SlRequest *req)
{
  static const char * const members[] = { "reason", NULL };
  SlServer *self = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlUser) target = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autofree char *reason = NULL;
  const char *text;

  target = start_account_change (req, "user.disable", &body);
  if (target == NULL)
    return;

  if (g_str_equal (target->username, req->user->username))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "own_account",
                       "You cannot disable your own account; another administrator must");
      return;
    }
  if (target->disabled_at_us != 0)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "already_disabled",
                       "The account “%s” is disabled already", target->username);
      return;
    }

  note_unknown_members (body, members, "A disabling", fields);
  text = text_member (body, "reason", fields);
  reason = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (g_utf8_strlen (reason, -1) < MIN_REASON)
    _sl_field_error (fields, "reason", "Say why the account is disabled, in at least %d characters", MIN_REASON);
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_user", "The account cannot be disabled", fields);
      return;
    }

  record = _sl_server_new_record (self, req->msg, "user.disable", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "target", target->username);
  sl_json_builder_add_string_member (data, "reason", reason);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  target->disabled_at_us = req->now_us;
  if (!log_and_update (req, record, target))
    return;

  _sl_server_end_user_sessions (self, target->username);
  _sl_reply_no_content (req->msg);
}

/* Cameras ----------------------------------------------------------------- */

static void
reply_camera_exists (SlRequest  *req,
                     const char *name)
{
  _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "camera_exists",
                   "There is a camera named “%s” already; name this one apart", name);
}

/* POST /cameras: a camera, by the rules of `sightlined camera add`, and the
 * token it posts with, shown this once. */
void
_sl_api_cameras_create (SlRequest *req)
{
  static const char * const members[] = { "name", "lat", "lon", "kind", "stream", NULL };
  SlServer *self = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCamera) camera = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  SlCameraSpec spec = { 0 };

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "camera.add"))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  note_unknown_members (body, members, "A camera", fields);
  spec.name = text_member (body, "name", fields);
  spec.lat = number_member (body, "lat", fields);
  spec.lon = number_member (body, "lon", fields);
  spec.kind = optional_text_member (body, "kind", fields);
  spec.stream = optional_text_member (body, "stream", fields);
  sl_accounts_check_camera (&spec, fields);
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_camera", "The camera cannot be added", fields);
      return;
    }

  cameras = sl_store_list_cameras (self->store, TRUE, &error);
  if (cameras == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  for (guint i = 0; i < cameras->len; i++)
    if (g_str_equal (((SlCamera *) g_ptr_array_index (cameras, i))->name, spec.name))
      {
        reply_camera_exists (req, spec.name);
        return;
      }

  camera = sl_accounts_new_camera (&spec, req->now_us, &token, &hash);
  record = _sl_server_new_record (self, req->msg, "camera.add", "ok", req->user);
  sl_accounts_describe_camera (data, camera);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  if (!sl_store_add_camera (self->store, camera, hash, &error))
    {
      log_failure (req, record);
      if (g_error_matches (error, SL_ERROR, SL_ERROR_EXISTS))
        reply_camera_exists (req, spec.name);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _sl_json_add_camera_members (builder, camera, req->now_us);
  sl_json_builder_add_string_member (builder, "token", token);
  json_builder_end_object (builder);
  sodium_memzero (token, strlen (token));
  _sl_reply_json (req->msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

/* POST /cameras/{id}/token: a new token for a camera whose token was lost
 * or exposed; the old one stops working at once. */
void
_sl_api_cameras_token (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  const SlCamera *camera = NULL;
  gint64 id;

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "camera.token") ||
      !_sl_request_parse_id (req, "a camera's id", &id))
    return;

  cameras = sl_store_list_cameras (self->store, TRUE, &error);
  if (cameras == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  for (guint i = 0; i < cameras->len && camera == NULL; i++)
    if (((SlCamera *) g_ptr_array_index (cameras, i))->id == id)
      camera = g_ptr_array_index (cameras, i);
  if (camera == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no camera %" G_GINT64_FORMAT, id);
      return;
    }

  sl_accounts_new_camera_token (&token, &hash);
  record = _sl_server_new_record (self, req->msg, "camera.token", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "camera_id", id);
  sl_json_builder_add_string_member (data, "name", camera->name);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  if (!sl_store_set_camera_token (self->store, id, hash, &error))
    {
      log_failure (req, record);
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  _sl_json_add_camera_members (builder, camera, req->now_us);
  sl_json_builder_add_string_member (builder, "token", token);
  json_builder_end_object (builder);
  sodium_memzero (token, strlen (token));
  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
