#define G_LOG_DOMAIN "sl-api-alerts"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-server-private.h"

#define ALERT_ROLES   (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
/* Hits on covert lists reach these roles only. */
#define COVERT_ROLES  (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
/* Analysts see alerts but do not work them in the field. */
#define WORKING_ROLES (SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)

#define DEFAULT_LIMIT 100
#define MAX_LIMIT     500

typedef struct
{
  SoupWebsocketConnection *connection;
  char                    *username;
  char                    *token;       /* the session it was opened with; it ends with it */
  SlRoles                  roles;
} SlAlertSocket;

static void
alert_socket_free (SlAlertSocket *socket)
{
  g_signal_handlers_disconnect_by_data (socket->connection, socket);
  if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (socket->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (socket->connection);
  g_free (socket->username);
  g_free (socket->token);
  g_free (socket);
}

/* JSON ----------------------------------------------------------------------- */

static void
add_alert (JsonBuilder       *builder,
           const SlAlertInfo *info)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", info->id);
  _sl_json_add_time_member (builder, "created_at", info->created_us);
  sl_json_builder_add_string_member (builder, "state", sl_alert_state_to_string (info->state));
  json_builder_set_member_name (builder, "retro");
  json_builder_add_boolean_value (builder, info->retro);
  _sl_json_add_nullable_string (builder, "disposition", info->disposition);

  json_builder_set_member_name (builder, "match");
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "kind", sl_match_kind_to_string (info->kind));
  sl_json_builder_add_string_member (builder, "matched_plate", info->matched_plate);
  json_builder_set_member_name (builder, "differing");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 32; i++)
    if (info->differing & (1u << i))
      json_builder_add_int_value (builder, i);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "read");
  _sl_json_add_read (builder, info->read, info->camera_name, info->has_plate_image, info->has_overview_image);

  /* the entry as it was when the alert fired */
  json_builder_set_member_name (builder, "entry");
  if (info->entry_json != NULL && json_parser_load_from_data (parser, info->entry_json, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);

  if (info->history != NULL)
    {
      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint i = 0; i < info->history->len; i++)
        {
          const SlAlertEvent *event = g_ptr_array_index (info->history, i);

          json_builder_begin_object (builder);
          sl_json_builder_add_string_member (builder, "state", sl_alert_state_to_string (event->state));
          _sl_json_add_time_member (builder, "at", event->at_us);
          _sl_json_add_nullable_string (builder, "by", event->username);
          _sl_json_add_nullable_string (builder, "note", event->note);
          _sl_json_add_nullable_string (builder, "disposition", event->disposition);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static JsonNode *
alert_to_json (const SlAlertInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_alert (builder, info);
  return json_builder_get_root (builder);
}

static char *
alert_message (const char        *type,
               const SlAlertInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "type", type);
  json_builder_set_member_name (builder, "alert");
  add_alert (builder, info);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

/* Logs one access to ALPR data; returns FALSE having replied 503 when it cannot. */
static gboolean
log_access (SlRequest  *req,
            const char *action,
            const char *plate,
            gint64      result_count,
            const char *data_member,
            gint64      data_id)
{
  g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, action, "ok", req->user);

  g_free (record->plate);
  record->plate = g_strdup (plate);
  record->result_count = result_count;
  if (data_member != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sl_json_builder_add_int_member (builder, data_member, data_id);
      json_builder_end_object (builder);
      _sl_record_take_data (record, builder);
    }

  return _sl_server_append_record (req->server, req->msg, record);
}

/* Whether the caller may see alerts at all; replies when not. */
static gboolean
gate (SlRequest  *req,
      SlRoles     roles,
      const char *audit_action)
{
  return _sl_request_require_role (req, roles, audit_action) &&
         !_sl_request_training_expired (req, audit_action);
}

static gboolean
may_see (const SlUser      *user,
         const SlAlertInfo *info)
{
  return !info->covert || sl_user_has_role (user, COVERT_ROLES);
}

/* Alerts ------------------------------------------------------------------ */

void
_sl_api_alerts_list (SlRequest *req)
{
  static const char * const parameters[] = {
    "state", "plate", "camera", "read", "since", "until", "before", "limit", NULL,
  };
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *plate = NULL;
  SlAlertQuery query = { 0 };
  gint64 limit = DEFAULT_LIMIT;
  gint64 camera = 0;
  gint64 read = 0;
  gint64 before = 0;
  SlAlertState state;

  if (!gate (req, ALERT_ROLES, "alerts.list"))
    return;

  if (req->query != NULL)
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        if (!g_strv_contains (parameters, name))
          {
            g_autofree char *known = g_strjoinv (", ", (char **) parameters);

            _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                             "Unknown filter “%s”; alerts are filtered by %s", name, known);
            return;
          }
    }

  query.state = _sl_query_get (req->query, "state");
  if (query.state != NULL && !sl_alert_state_from_string (query.state, &state))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "“%s” is not an alert state", query.state);
      return;
    }

  if (_sl_query_get (req->query, "plate") != NULL)
    {
      plate = sl_plate_normalize (_sl_query_get (req->query, "plate"), &error);
      if (plate == NULL)
        {
          _sl_reply_gerror (req->msg, error);
          return;
        }
      query.plate = plate;
    }

  if (!_sl_query_time (req->query, "since", &query.since_us, &error) ||
      !_sl_query_time (req->query, "until", &query.until_us, &error) ||
      !_sl_query_number (req->query, "camera", 1, G_MAXINT64, &camera, &error) ||
      !_sl_query_number (req->query, "read", 1, G_MAXINT64, &read, &error) ||
      !_sl_query_number (req->query, "before", 1, G_MAXINT64, &before, &error) ||
      !_sl_query_number (req->query, "limit", 1, MAX_LIMIT, &limit, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  query.camera_id = camera;
  query.read_id = read;
  query.before_id = before;
  query.limit = limit;
  query.include_covert = sl_user_has_role (req->user, COVERT_ROLES);

  alerts = sl_store_list_alerts (req->server->store, &query, &error);
  if (alerts == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (!log_access (req, "alerts.list", query.plate, alerts->len, NULL, 0))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alerts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < alerts->len; i++)
    add_alert (builder, g_ptr_array_index (alerts, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static SlAlertInfo *
find_visible_alert (SlRequest *req,
                    gint64     id)
{
  g_autoptr(SlAlertInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = sl_store_find_alert (req->server->store, id, &error);
  if (info == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return NULL;
    }

  /* a covert hit does not exist for those who may not see it */
  if (!may_see (req->user, info))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no alert %" G_GINT64_FORMAT, id);
      return NULL;
    }

  return g_steal_pointer (&info);
}

void
_sl_api_alerts_get (SlRequest *req)
{
  g_autoptr(SlAlertInfo) info = NULL;
  gint64 id;

  if (!gate (req, ALERT_ROLES, "alert.view") || !_sl_request_parse_id (req, "an id", &id))
    return;

  info = find_visible_alert (req, id);
  if (info == NULL)
    return;

  if (!log_access (req, "alert.view", info->read->plate, 1, "alert_id", id))
    return;

  _sl_reply_json (req->msg, SOUP_STATUS_OK, alert_to_json (info));
}

/* Re-reads the account behind a stream; FALSE when it may no longer receive alerts. */
static gboolean
refresh_socket_user (SlServer      *self,
                     SlAlertSocket *socket,
                     gint64         now_us)
{
  g_autoptr(SlUser) user = sl_store_find_user (self->store, socket->username, NULL);

  if (user == NULL || user->locked_at_us != 0 || user->disabled_at_us != 0 ||
      !sl_user_has_role (user, ALERT_ROLES) ||
      sl_user_training_status (user, sl_policy_get_training_interval_days (self->policy), now_us, NULL)
        != SL_TRAINING_CURRENT)
    return FALSE;

  socket->roles = user->roles;
  return TRUE;
}

static void
broadcast (SlServer          *self,
           const char        *type,
           const SlAlertInfo *info)
{
  g_autofree char *message = NULL;
  gint64 now_us = sl_clock_now_us (self->clock);
  guint recipients = 0;

  for (guint i = 0; i < self->alert_sockets->len; i++)
    {
      SlAlertSocket *socket = g_ptr_array_index (self->alert_sockets, i);

      /* a session that ended takes its stream with it, and so does an
       * account that lost its role, its training or was locked since */
      if (!_sl_server_session_is_live (self, socket->token, now_us) ||
          !refresh_socket_user (self, socket, now_us))
        {
          g_ptr_array_remove_index_fast (self->alert_sockets, i--);
          continue;
        }
      if (info->covert && (socket->roles & COVERT_ROLES) == 0)
        continue;
      if (message == NULL)
        message = alert_message (type, info);
      soup_websocket_connection_send_text (socket->connection, message);
      recipients++;
    }

  g_debug ("%s %" G_GINT64_FORMAT " sent to %u clients", type, info->id, recipients);
}

void
_sl_api_alerts_set_state (SlRequest *req)
{
  g_autoptr(SlAlertInfo) info = NULL;
  g_autoptr(SlAlertInfo) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  const char *state_name = NULL;
  const char *note = NULL;
  const char *disposition = NULL;
  SlAlertState to;
  gint64 id;

  if (!gate (req, WORKING_ROLES, "alert.state") || !_sl_request_parse_id (req, "an id", &id))
    return;

  body = sl_json_parse_object (request_body->data, request_body->length, &error);
  if (body == NULL ||
      !sl_json_get_string (body, "state", TRUE, &state_name, &error) ||
      !sl_json_get_string (body, "note", FALSE, &note, &error) ||
      !sl_json_get_string (body, "disposition", FALSE, &disposition, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (!sl_alert_state_from_string (state_name, &to))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_state",
                       "“%s” is not an alert state", state_name);
      return;
    }

  info = find_visible_alert (req, id);
  if (info == NULL)
    return;

  if (!sl_alert_state_check_step (info->state, to, note, disposition, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_RULE))
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "illegal_step", "%s", error->message);
      else
        _sl_reply_error (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing_field", "%s", error->message);
      return;
    }

  /* written in the step's own transaction: no step without its record */
  record = _sl_server_new_record (req->server, req->msg, "alert.state", "ok", req->user);
  record->plate = g_strdup (info->read->plate);
  data = json_builder_new ();
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "alert_id", id);
  sl_json_builder_add_string_member (data, "from", sl_alert_state_to_string (info->state));
  sl_json_builder_add_string_member (data, "to", state_name);
  _sl_json_add_nullable_string (data, "note", note);
  _sl_json_add_nullable_string (data, "disposition", disposition);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  if (!sl_store_set_alert_state (req->server->store, id, info->state, to, req->user->username,
                                 note, disposition, record, req->now_us, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_RULE))
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "illegal_step", "%s", error->message);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  updated = sl_store_find_alert (req->server->store, id, &error);
  if (updated == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_reply_json (req->msg, SOUP_STATUS_OK, alert_to_json (updated));
  broadcast (req->server, "alert_updated", updated);
}

/* Cameras and images ---------------------------------------------------- */

/* The list shows each camera's latest plate: the record says which. */
static gboolean
log_cameras_list (SlRequest *req,
                  GPtrArray *cameras)
{
  g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, "cameras.list", "ok", req->user);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  record->result_count = cameras->len;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "latest_reads");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cameras->len; i++)
    {
      const SlCamera *camera = g_ptr_array_index (cameras, i);

      if (camera->latest_read == NULL)
        continue;
      json_builder_begin_object (builder);
      sl_json_builder_add_int_member (builder, "camera_id", camera->id);
      sl_json_builder_add_int_member (builder, "read_id", camera->latest_read->id);
      sl_json_builder_add_string_member (builder, "plate", camera->latest_read->plate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);

  return _sl_server_append_record (req->server, req->msg, record);
}

void
_sl_api_cameras_list (SlRequest *req)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!gate (req, ALERT_ROLES, "cameras.list"))
    return;

  cameras = sl_store_list_cameras (req->server->store, sl_user_has_role (req->user, COVERT_ROLES), &error);
  if (cameras == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (!log_cameras_list (req, cameras))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cameras->len; i++)
    {
      const SlCamera *camera = g_ptr_array_index (cameras, i);

      json_builder_begin_object (builder);
      _sl_json_add_camera_members (builder, camera, req->now_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
_sl_api_read_image (SlRequest *req)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (req->msg));
  const char *kind = g_str_has_suffix (path, "/plate") ? "plate" : "overview";
  g_autoptr(SlRead) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  gint64 id;

  /* the image of a search's result, under the search's case and purpose */
  if (_sl_query_get (req->query, "search_id") != NULL)
    {
      _sl_api_search_read_image (req, kind);
      return;
    }

  if (!gate (req, ALERT_ROLES, "image.view") || !_sl_request_parse_id (req, "an id", &id))
    return;

  /* Without a search (and its case and purpose), only the images of an
   * alert the caller may see are shown; every other read has none, with
   * one answer for all, so nothing can be learned from asking. */
  if (sl_store_read_has_alert (req->server->store, id, sl_user_has_role (req->user, COVERT_ROLES), &error))
    read = sl_store_find_read (req->server->store, id, &error);
  if (read != NULL)
    bytes = sl_store_get_read_image (req->server->store, id, kind, &mime, &error);
  if (bytes == NULL)
    {
      if (error != NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
        _sl_reply_gerror (req->msg, error);
      else
        _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                         "There is no %s image of read %" G_GINT64_FORMAT " that you may see here; "
                         "search for it with a case number and purpose", kind, id);
      return;
    }

  if (!log_access (req, "image.view", read->plate, 1, "read_id", id))
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "private, no-store");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, mime, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Matching --------------------------------------------------------------- */

static gboolean
add_entry_cb (const SlMatchEntry *entry,
              gpointer            data)
{
  g_autoptr(GError) error = NULL;

  if (!sl_matcher_add (data, entry, &error))
    g_message ("Hot-list entry %" G_GINT64_FORMAT " cannot be matched: %s", entry->id, error->message);

  return TRUE;
}

/* Builds the matcher from the active entries of every active list. */
gboolean
_sl_server_reload_matcher (SlServer  *self,
                           GError   **error)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (self->ocr_classes);
  gint64 generation = sl_store_get_hotlist_generation (self->store);

  if (!sl_store_foreach_hotlist_entry (self->store, add_entry_cb, matcher, error))
    return FALSE;

  g_clear_pointer (&self->matcher, sl_matcher_free);
  self->matcher = g_steal_pointer (&matcher);
  self->hotlist_generation = generation;
  g_debug ("Matching against %u hot-list entries", sl_matcher_get_n_entries (self->matcher));
  return TRUE;
}

typedef struct
{
  SlStore   *store;      /* a connection of the builder's own */
  SlMatcher *matcher;
  gint64     generation;
} MatcherBuild;

static void
matcher_build_free (MatcherBuild *build)
{
  g_clear_object (&build->store);
  g_clear_pointer (&build->matcher, sl_matcher_free);
  g_free (build);
}

static void
build_matcher_thread (GTask        *task,
                      gpointer      source,
                      gpointer      data,
                      GCancellable *cancellable)
{
  MatcherBuild *build = data;
  GError *error = NULL;

  build->generation = sl_store_get_hotlist_generation (build->store);
  if (!sl_store_foreach_hotlist_entry (build->store, add_entry_cb, build->matcher, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
matcher_built_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  SlServer *self = SL_SERVER (source);
  MatcherBuild *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->reloading_matcher = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_pointer (&self->matcher, sl_matcher_free);
      self->matcher = g_steal_pointer (&build->matcher);
      self->hotlist_generation = build->generation;
      g_debug ("Matching against %u hot-list entries", sl_matcher_get_n_entries (self->matcher));
    }
  else
    g_message ("Hot lists could not be reloaded; the old ones go on matching: %s", error->message);

  _sl_server_resume_ingest (self);
}

/* Rebuilds the matcher in a thread; until it is done the old one matches. */
void
_sl_server_reload_matcher_async (SlServer *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MatcherBuild *build;

  if (self->reloading_matcher)
    return;

  build = g_new0 (MatcherBuild, 1);
  build->store = sl_store_open_sibling (self->store, &error);
  if (build->store == NULL)
    {
      g_message ("Hot lists could not be reloaded: %s", error->message);
      matcher_build_free (build);
      return;
    }
  build->matcher = sl_matcher_new (self->ocr_classes);

  self->reloading_matcher = TRUE;
  task = g_task_new (self, NULL, matcher_built_cb, NULL);
  g_task_set_source_tag (task, _sl_server_reload_matcher_async);
  g_task_set_task_data (task, build, (GDestroyNotify) matcher_build_free);
  g_task_run_in_thread (task, build_matcher_thread);
}

void
_sl_server_broadcast_alerts (SlServer *self,
                             GArray   *alerts)
{
  if (self->alert_sockets->len == 0)
    return;

  for (guint i = 0; i < alerts->len; i++)
    {
      const SlNewAlert *alert = &g_array_index (alerts, SlNewAlert, i);
      g_autoptr(SlAlertInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      if (alert->id == 0)
        continue;

      info = sl_store_find_alert (self->store, alert->id, &error);
      if (info == NULL)
        {
          g_message ("Alert %" G_GINT64_FORMAT " could not be sent: %s", alert->id, error->message);
          continue;
        }

      broadcast (self, "alert", info);
    }
}

/* The alert stream ------------------------------------------------------- */

/* Runs before the WebSocket handshake: a refusal here ends it with that status. */
void
_sl_api_alerts_stream_check (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data)
{
  SlServer *self = user_data;
  SlRequest req = { .server = self, .msg = msg, .query = query, .now_us = sl_clock_now_us (self->clock) };

  if (_sl_server_authenticate (&req) && gate (&req, ALERT_ROLES, "alerts.subscribe") &&
      log_access (&req, "alerts.subscribe", NULL, 0, NULL, 0))
    {
      g_object_set_data_full (G_OBJECT (msg), "sl-username", g_strdup (req.user->username), g_free);
      g_object_set_data_full (G_OBJECT (msg), "sl-token", g_strdup (req.session->token), g_free);
      g_object_set_data (G_OBJECT (msg), "sl-roles", GUINT_TO_POINTER (req.user->roles));
    }

  g_clear_pointer (&req.user, sl_user_free);
}

static void
socket_closed_cb (SoupWebsocketConnection *connection,
                  SlAlertSocket           *socket)
{
  SlServer *self = g_object_get_data (G_OBJECT (connection), "sl-server");

  g_ptr_array_remove_fast (self->alert_sockets, socket);
}

void
_sl_api_alerts_stream (SoupServer              *server,
                       SoupServerMessage       *msg,
                       const char              *path,
                       SoupWebsocketConnection *connection,
                       gpointer                 user_data)
{
  SlServer *self = user_data;
  SlAlertSocket *socket;
  const char *username = g_object_get_data (G_OBJECT (msg), "sl-username");

  /* the check above refused, or was not reached */
  if (username == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "not logged in");
      return;
    }

  socket = g_new0 (SlAlertSocket, 1);
  socket->connection = g_object_ref (connection);
  socket->username = g_strdup (username);
  socket->token = g_strdup (g_object_get_data (G_OBJECT (msg), "sl-token"));
  socket->roles = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "sl-roles"));
  g_object_set_data (G_OBJECT (connection), "sl-server", self);
  soup_websocket_connection_set_keepalive_interval (connection, 20);
  g_signal_connect (connection, "closed", G_CALLBACK (socket_closed_cb), socket);
  g_ptr_array_add (self->alert_sockets, socket);
}

/* @token: (nullable): the streams of this session only; NULL for all */
void
_sl_server_close_alert_sockets (SlServer   *self,
                                const char *token)
{
  for (guint i = self->alert_sockets->len; i > 0; i--)
    {
      SlAlertSocket *socket = g_ptr_array_index (self->alert_sockets, i - 1);

      if (token == NULL || g_strcmp0 (socket->token, token) == 0)
        g_ptr_array_remove_index_fast (self->alert_sockets, i - 1);
    }
}

GPtrArray *
_sl_alert_sockets_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) alert_socket_free);
}
