#define G_LOG_DOMAIN "sl-api-users"

#include "config.h"

#include "sl-server-private.h"

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
    {
      const SlUser *user = g_ptr_array_index (users, i);
      JsonNode *node = sl_user_to_public_json (user);

      json_object_set_boolean_member (json_node_get_object (node), "locked", user->locked_at_us != 0);
      json_object_set_boolean_member (json_node_get_object (node), "disabled", user->disabled_at_us != 0);
      json_builder_add_value (builder, node);
    }
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

  target = sl_store_find_user (self->store, req->path_arg, &error);
  if (target == NULL && error != NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (target == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no user “%s”", req->path_arg);
      return;
    }

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

  target = sl_store_find_user (self->store, req->path_arg, &error);
  if (target == NULL)
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND) || error == NULL)
        _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no user “%s”", req->path_arg);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

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

/* GET /users/review: the annual account review: who has which role, their
 * last login, training and state. */
void
_sl_api_users_review (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint interval = sl_policy_get_training_interval_days (req->server->policy);

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR, NULL))
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

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
