#define G_LOG_DOMAIN "sl-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <sodium.h>

#include "sl-hotlist-schedule.h"
#include "sl-password.h"
#include "sl-server-private.h"
#include "sl-service-resources.h"

#define API_PREFIX "/api/v1"

typedef struct
{
  const char   *method;
  const char   *pattern;     /* below API_PREFIX; "{}" matches one path segment */
  SlAuth        auth;
  SlApiHandler  handler;
} SlRoute;

static const SlRoute routes[] = {
  { "GET",    "/health",                    SL_AUTH_NONE,   _sl_api_health },
  { "POST",   "/session",                   SL_AUTH_NONE,   _sl_api_session_create },
  { "GET",    "/session",                   SL_AUTH_USER,   _sl_api_session_get },
  { "DELETE", "/session",                   SL_AUTH_USER,   _sl_api_session_delete },
  { "GET",    "/policy",                    SL_AUTH_USER,   _sl_api_policy_get },
  { "GET",    "/audit",                     SL_AUTH_USER,   _sl_api_audit_list },
  { "GET",    "/audit/mine",                SL_AUTH_USER,   _sl_api_audit_mine },
  { "GET",    "/audit/verify",              SL_AUTH_USER,   _sl_api_audit_verify },
  { "GET",    "/audit/export.csv",          SL_AUTH_USER,   _sl_api_audit_export },
  { "GET",    "/users",                     SL_AUTH_USER,   _sl_api_users_list },
  { "POST",   "/users",                     SL_AUTH_USER,   _sl_api_users_create },
  { "GET",    "/users/review",              SL_AUTH_USER,   _sl_api_users_review },
  { "PATCH",  "/users/{}",                  SL_AUTH_USER,   _sl_api_users_update },
  { "POST",   "/users/{}/unlock",           SL_AUTH_USER,   _sl_api_users_unlock },
  { "POST",   "/users/{}/enable",           SL_AUTH_USER,   _sl_api_users_enable },
  { "POST",   "/users/{}/disable",          SL_AUTH_USER,   _sl_api_users_disable },
  { "POST",   "/users/{}/training",         SL_AUTH_USER,   _sl_api_users_training },
  { "POST",   "/ingest/native",             SL_AUTH_CAMERA, _sl_api_ingest_native },
  { "POST",   "/ingest/openalpr",           SL_AUTH_CAMERA, _sl_api_ingest_openalpr },
  { "POST",   "/ingest/platerecognizer",    SL_AUTH_CAMERA, _sl_api_ingest_platerecognizer },
  { "POST",   "/ingest/heartbeat",          SL_AUTH_CAMERA, _sl_api_ingest_heartbeat },
  { "GET",    "/cameras",                   SL_AUTH_USER,   _sl_api_cameras_list },
  { "POST",   "/cameras",                   SL_AUTH_USER,   _sl_api_cameras_create },
  { "POST",   "/cameras/{}/token",          SL_AUTH_USER,   _sl_api_cameras_token },
  { "GET",    "/alerts",                    SL_AUTH_USER,   _sl_api_alerts_list },
  { "GET",    "/alerts/{}",                 SL_AUTH_USER,   _sl_api_alerts_get },
  { "POST",   "/alerts/{}/state",           SL_AUTH_USER,   _sl_api_alerts_set_state },
  { "GET",    "/reads/{}/images/plate",     SL_AUTH_USER,   _sl_api_read_image },
  { "GET",    "/reads/{}/images/overview",  SL_AUTH_USER,   _sl_api_read_image },
  { "POST",   "/searches",                  SL_AUTH_USER,   _sl_api_searches_create },
  { "POST",   "/searches/multi-place",      SL_AUTH_USER,   _sl_api_searches_multi_place },
  { "GET",    "/searches/{}",               SL_AUTH_USER,   _sl_api_searches_get },
  { "GET",    "/searches/{}/results",       SL_AUTH_USER,   _sl_api_searches_results },
  { "GET",    "/searches/{}/points",        SL_AUTH_USER,   _sl_api_searches_points },
  { "GET",    "/searches/{}/export.csv",    SL_AUTH_USER,   _sl_api_searches_export },
  { "GET",    "/searches/{}/export.pdf",    SL_AUTH_USER,   _sl_api_searches_export },
  { "GET",    "/searches/{}/evidence.zip",  SL_AUTH_USER,   _sl_api_searches_evidence },
  { "POST",   "/tracks",                    SL_AUTH_USER,   _sl_api_tracks_create },
  { "GET",    "/hotlists",                  SL_AUTH_USER,   _sl_api_hotlists_list },
  { "POST",   "/hotlists",                  SL_AUTH_USER,   _sl_api_hotlists_create },
  { "GET",    "/hotlists/{}",               SL_AUTH_USER,   _sl_api_hotlists_get },
  { "PATCH",  "/hotlists/{}",               SL_AUTH_USER,   _sl_api_hotlists_update },
  { "POST",   "/hotlists/{}/import",        SL_AUTH_USER,   _sl_api_hotlists_import },
  { "POST",   "/hotlists/{}/import-now",    SL_AUTH_USER,   _sl_api_hotlists_import_now },
  { "GET",    "/hotlists/{}/export.csv",    SL_AUTH_USER,   _sl_api_hotlists_export },
  { "GET",    "/hotlists/{}/entries",       SL_AUTH_USER,   _sl_api_hotlist_entries_list },
  { "POST",   "/hotlists/{}/entries",       SL_AUTH_USER,   _sl_api_hotlist_entries_create },
  { "GET",    "/hotlist-entries/{}",        SL_AUTH_USER,   _sl_api_hotlist_entry_get },
  { "PATCH",  "/hotlist-entries/{}",        SL_AUTH_USER,   _sl_api_hotlist_entry_update },
  { "POST",   "/hotlist-entries/{}/renew",  SL_AUTH_USER,   _sl_api_hotlist_entry_renew },
  { "POST",   "/hotlist-entries/{}/approve", SL_AUTH_USER,  _sl_api_hotlist_entry_approve },
  { "POST",   "/hotlist-entries/{}/reject", SL_AUTH_USER,   _sl_api_hotlist_entry_reject },
  { "POST",   "/hotlist-entries/{}/remove", SL_AUTH_USER,   _sl_api_hotlist_entry_remove },
  { "GET",    "/hotlist-approvals",         SL_AUTH_USER,   _sl_api_hotlist_approvals_list },
  { "GET",    "/sharing-requests",          SL_AUTH_USER,   _sl_api_sharing_list },
  { "POST",   "/sharing-requests",          SL_AUTH_USER,   _sl_api_sharing_create },
  { "GET",    "/sharing-requests/export.csv", SL_AUTH_USER,  _sl_api_sharing_export },
  { "GET",    "/sharing-requests/export.pdf", SL_AUTH_USER,  _sl_api_sharing_export },
  { "GET",    "/sharing-requests/{}",       SL_AUTH_USER,   _sl_api_sharing_get },
  { "GET",    "/sharing-requests/{}/attachment", SL_AUTH_USER, _sl_api_sharing_attachment },
  { "POST",   "/sharing-requests/{}/decision", SL_AUTH_USER, _sl_api_sharing_decide },
  { "GET",    "/sharing-requests/{}/preview", SL_AUTH_USER,  _sl_api_sharing_preview },
  { "POST",   "/sharing-requests/{}/package", SL_AUTH_USER,  _sl_api_sharing_package_build },
  { "GET",    "/sharing-requests/{}/package", SL_AUTH_USER,  _sl_api_sharing_package_get },
  { "GET",    "/anomalies",                 SL_AUTH_USER,   _sl_api_anomalies_list },
  { "GET",    "/compliance-audits",         SL_AUTH_USER,   _sl_api_compliance_list },
  { "POST",   "/compliance-audits",         SL_AUTH_USER,   _sl_api_compliance_create },
  { "GET",    "/compliance-audits/{}",      SL_AUTH_USER,   _sl_api_compliance_get },
  { "POST",   "/compliance-audits/{}/review", SL_AUTH_USER, _sl_api_compliance_review },
  { "POST",   "/compliance-audits/{}/close", SL_AUTH_USER,  _sl_api_compliance_close },
  { "GET",    "/compliance-audits/{}/memo.pdf", SL_AUTH_USER, _sl_api_compliance_memo },
  { "GET",    "/reports/transparency",      SL_AUTH_USER,   _sl_api_reports_transparency },
  { "GET",    "/reports/surveillance",      SL_AUTH_USER,   _sl_api_reports_surveillance },
  { "GET",    "/holds",                     SL_AUTH_USER,   _sl_api_holds_list },
  { "POST",   "/holds",                     SL_AUTH_USER,   _sl_api_holds_create },
  { "POST",   "/holds/{}/renew",            SL_AUTH_USER,   _sl_api_holds_renew },
  { "POST",   "/holds/{}/release",          SL_AUTH_USER,   _sl_api_holds_release },
  { "GET",    "/purges",                    SL_AUTH_USER,   _sl_api_purges_list },
  { "GET",    "/tiles",                     SL_AUTH_USER,   _sl_api_tiles_get },
  { "GET",    "/tiles/tile",                SL_AUTH_USER,   _sl_api_tiles_tile },
};

G_DEFINE_FINAL_TYPE (SlServer, sl_server, G_TYPE_OBJECT)

static void
sl_session_free (SlSession *session)
{
  sodium_memzero (session->token, strlen (session->token));
  g_free (session->token);
  g_free (session->username);
  g_free (session);
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Matches @path against @pattern; on a match, *arg holds the decoded "{}" segment. */
static gboolean
match_route (const char  *pattern,
             const char  *path,
             char       **arg)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  g_autofree char *found = NULL;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (g_str_equal (want[i], "{}"))
        {
          g_clear_pointer (&found, g_free);
          found = g_uri_unescape_string (have[i], "/");
          if (found == NULL || *found == '\0')
            return FALSE;
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }

  *arg = g_steal_pointer (&found);
  return TRUE;
}

static const char *
session_end_reason (SlServer        *self,
                    const SlSession *session,
                    gint64           now_us)
{
  if (now_us - session->created_us >= SL_SESSION_MAX_US)
    return "The session reached its 12-hour limit; log in again";
  if (now_us - session->last_seen_us >= SL_SESSION_IDLE_US)
    return "The session ended after 30 minutes without activity; log in again";
  return NULL;
}

static void
reply_unauthorized (SoupServerMessage *msg,
                    const char        *code,
                    const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"sightline\"");
  _sl_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, code, "%s", message);
}

static char *
bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  return g_strstrip (g_strdup (header + 7));
}

/* Cameras send their own token; only its hash is stored. */
static gboolean
authenticate_camera (SlRequest *req)
{
  g_autofree char *token = bearer_token (req->msg);
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;

  if (token == NULL)
    {
      reply_unauthorized (req->msg, "unauthorized",
                          "Cameras post with their token as “Authorization: Bearer TOKEN” "
                          "(sightlined camera add prints it)");
      return FALSE;
    }

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  req->camera = sl_store_find_camera_by_token (req->server->store, hash, &error);
  if (req->camera != NULL)
    return TRUE;

  if (!g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return FALSE;
    }

  /* a person's session token is no camera's */
  if (g_hash_table_contains (req->server->sessions, token))
    _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "Only cameras post reads; a user's session cannot");
  else
    reply_unauthorized (req->msg, "unauthorized", "The camera token is not valid");
  return FALSE;
}

/* Finds the caller's session and re-reads the user; replies and returns FALSE if none. */
gboolean
_sl_server_authenticate (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bearer_token (req->msg);
  SlSession *session;
  const char *ended;

  if (token == NULL)
    {
      reply_unauthorized (req->msg, "unauthorized",
                          "This request needs a session: log in and send the token as “Authorization: Bearer TOKEN”");
      return FALSE;
    }

  session = g_hash_table_lookup (self->sessions, token);
  if (session == NULL)
    {
      reply_unauthorized (req->msg, "unauthorized",
                          "The session token is not valid (sessions end at logout and when the service restarts); log in again");
      return FALSE;
    }

  ended = session_end_reason (self, session, req->now_us);
  if (ended != NULL)
    {
      g_hash_table_remove (self->sessions, token);
      reply_unauthorized (req->msg, "session_expired", ended);
      return FALSE;
    }

  req->user = sl_store_find_user (self->store, session->username, &error);
  if (req->user == NULL && error != NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return FALSE;
    }
  if (req->user == NULL)
    {
      g_hash_table_remove (self->sessions, token);
      reply_unauthorized (req->msg, "unauthorized", "The account of this session no longer exists");
      return FALSE;
    }
  if (req->user->locked_at_us != 0)
    {
      g_hash_table_remove (self->sessions, token);
      _sl_reply_error (req->msg, SOUP_STATUS_LOCKED, "account_locked",
                       "The account is locked after too many failed logins; an administrator must unlock it");
      return FALSE;
    }
  if (req->user->disabled_at_us != 0)
    {
      g_hash_table_remove (self->sessions, token);
      _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "account_disabled",
                       "The account is disabled; an administrator can enable it again");
      return FALSE;
    }

  session->last_seen_us = req->now_us;
  req->session = session;
  return TRUE;
}

static void
dispatch (SlServer          *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *api_path;
  g_autoptr(GString) allowed = g_string_new (NULL);
  SlRequest req = { .server = self, .msg = msg, .query = query, .now_us = sl_clock_now_us (self->clock) };
  const SlRoute *route = NULL;

  if (!g_str_has_prefix (path, API_PREFIX "/"))
    {
      _sl_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is nothing at %s; the API is under " API_PREFIX, path);
      return;
    }
  api_path = path + strlen (API_PREFIX);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *arg = NULL;

      if (!match_route (routes[i].pattern, api_path, &arg))
        continue;

      if (g_str_equal (routes[i].method, method))
        {
          route = &routes[i];
          req.path_arg = g_steal_pointer (&arg);
          break;
        }

      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", routes[i].method);
    }

  if (route == NULL && allowed->len == 0)
    {
      _sl_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no API endpoint %s", path);
      return;
    }

  if (route == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed->str);
      _sl_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                       "%s does not accept %s; use %s", path, method, allowed->str);
      return;
    }

  if (route->auth == SL_AUTH_NONE ||
      (route->auth == SL_AUTH_USER && _sl_server_authenticate (&req)) ||
      (route->auth == SL_AUTH_CAMERA && authenticate_camera (&req)))
    route->handler (&req);

  g_free (req.path_arg);
  g_clear_pointer (&req.user, sl_user_free);
  g_clear_pointer (&req.camera, sl_camera_free);
}

/* Bytes of a body without a declared length received so far. */
#define BODY_RECEIVED_KEY "sl-body-received"
/* The larger limit of a body that may be large: an administrator's upload
 * of a hot list, a sharing request with its written request attached. */
#define LARGE_BODY_KEY "sl-large-body"

/* The most the body of @msg may hold. */
static goffset
body_limit (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_has_prefix (path, API_PREFIX "/ingest/"))
    return SL_SERVER_MAX_INGEST_BODY;
  if (g_object_get_data (G_OBJECT (msg), LARGE_BODY_KEY) != NULL)
    return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), LARGE_BODY_KEY));

  return SL_SERVER_MAX_BODY;
}

static gboolean
body_too_large (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > body_limit (msg))
    return TRUE;

  return soup_server_message_get_request_body (msg)->length > body_limit (msg);
}

static void
reply_too_large (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  _sl_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                   "The request body is larger than %" G_GOFFSET_FORMAT " bytes", body_limit (msg));
}

/* Answers 413 on the connection itself and closes it: libsoup would answer
 * only once the whole body was in, and a chunked body has no end in sight. */
static void
refuse_body_now (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  const char *data;
  gsize length;

  reply_too_large (msg);
  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  data = g_bytes_get_data (body, &length);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Server: sightlined/" PACKAGE_VERSION "\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n\r\n",
                          SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                          soup_status_get_phrase (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE), length);

  /* The unread rest makes the close a reset; the answer is in the client's buffer by then. */
  out = g_io_stream_get_output_stream (stream);
  if (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Counts a body without a declared length as it arrives. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize received = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_RECEIVED_KEY));

  received += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), BODY_RECEIVED_KEY, GSIZE_TO_POINTER (received));

  if (received > (gsize) body_limit (msg))
    {
      g_signal_handlers_disconnect_by_func (msg, got_chunk_cb, user_data);
      refuse_body_now (msg);
    }
}

/* The member whose live session sent @msg, or NULL. */
static SlUser *
session_user (SlServer          *self,
              SoupServerMessage *msg)
{
  g_autofree char *token = bearer_token (msg);
  SlSession *session = token != NULL ? g_hash_table_lookup (self->sessions, token) : NULL;
  SlUser *user = NULL;

  if (session != NULL && _sl_server_session_is_live (self, token, sl_clock_now_us (self->clock)))
    user = sl_store_find_user (self->store, session->username, NULL);
  if (user != NULL && (user->locked_at_us != 0 || user->disabled_at_us != 0))
    g_clear_pointer (&user, sl_user_free);
  return user;
}

/* Runs once the headers are in, before libsoup reads (and buffers) the body. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  GSocket *socket = soup_server_message_get_socket (msg);

  /* Answers go out in more than one write; without this the second waits
   * for the client's delayed acknowledgement of the first (tens of ms). */
  if (socket != NULL && g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  /* up to 16 MiB of camera batch is read only for a camera */
  if (g_str_has_prefix (path, API_PREFIX "/ingest/"))
    {
      SlRequest req = { .server = user_data, .msg = msg };

      if (!authenticate_camera (&req))
        {
          soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
          return;
        }
      g_clear_pointer (&req.camera, sl_camera_free);
    }

  /* a state's daily list is tens of megabytes: taken only from an administrator */
  if (g_str_has_prefix (path, API_PREFIX "/hotlists/") && g_str_has_suffix (path, "/import") &&
      g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      g_autoptr(SlUser) user = session_user (user_data, msg);

      if (user != NULL && sl_user_has_role (user, SL_ROLE_ADMINISTRATOR))
        g_object_set_data (G_OBJECT (msg), LARGE_BODY_KEY, GSIZE_TO_POINTER (SL_HOTLIST_IMPORT_MAX_BYTES));
    }
  /* a written request, scanned, comes with the request: from a member logged in */
  if (g_str_equal (path, API_PREFIX "/sharing-requests") &&
      g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      g_autoptr(SlUser) user = session_user (user_data, msg);

      if (user != NULL)
        g_object_set_data (G_OBJECT (msg), LARGE_BODY_KEY, GSIZE_TO_POINTER (SL_SHARING_MAX_BODY));
    }

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > body_limit (msg))
    {
      /* The client sends it all before it reads the 413: read it without keeping it. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      reply_too_large (msg);
    }
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SlServer *self = user_data;

  if (self->stopping)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _sl_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "stopping", "The service is stopping; try again shortly");
      return;
    }

  if (body_too_large (msg))
    {
      reply_too_large (msg);
      return;
    }

  dispatch (self, msg, path, query);
}

static void
sl_server_dispose (GObject *object)
{
  SlServer *self = SL_SERVER (object);

  if (self->alert_sockets != NULL)
    _sl_server_close_alert_sockets (self, NULL);
  g_clear_pointer (&self->writer, sl_ingest_writer_free);
  g_clear_pointer (&self->hotlist_schedule, _sl_hotlist_schedule_free);
  _sl_server_cancel_purge (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->policy, sl_policy_unref);

  G_OBJECT_CLASS (sl_server_parent_class)->dispose (object);
}

static void
sl_server_finalize (GObject *object)
{
  SlServer *self = SL_SERVER (object);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->alert_sockets, g_ptr_array_unref);
  g_clear_pointer (&self->matcher, sl_matcher_free);
  g_clear_pointer (&self->ocr_classes, sl_ocr_classes_free);
  g_clear_pointer (&self->tiles, sl_mbtiles_free);
  g_clear_pointer (&self->searches, _sl_search_runner_free);

  G_OBJECT_CLASS (sl_server_parent_class)->finalize (object);
}

static void
sl_server_class_init (SlServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_server_dispose;
  object_class->finalize = sl_server_finalize;
}

static void
sl_server_init (SlServer *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) sl_session_free);
  self->soup = soup_server_new ("server-header", "sightlined/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);

  /* One path, two handlers: the first may refuse before the handshake. */
  self->alert_sockets = _sl_alert_sockets_new ();
  soup_server_add_handler (self->soup, API_PREFIX "/alerts/stream", _sl_api_alerts_stream_check, self, NULL);
  soup_server_add_websocket_handler (self->soup, API_PREFIX "/alerts/stream", NULL, NULL,
                                     _sl_api_alerts_stream, self, NULL);
}

/* Replies ----------------------------------------------------------------- */

void
_sl_reply_json (SoupServerMessage *msg,
                guint              status,
                JsonNode          *node)
{
  char *text = sl_json_to_string (node, FALSE);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
  json_node_unref (node);
}

void
_sl_reply_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *format,
                 ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  _sl_reply_json (msg, status, json_builder_get_root (builder));
}

void
_sl_reply_gerror (SoupServerMessage *msg,
                  const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == SL_ERROR)
    {
      switch ((SlError) error->code)
        {
        case SL_ERROR_INVALID:
          status = SOUP_STATUS_BAD_REQUEST;
          break;
        case SL_ERROR_RULE:
        case SL_ERROR_CASE_NUMBER_REQUIRED:
        case SL_ERROR_CASE_NUMBER_FORMAT:
        case SL_ERROR_PURPOSE_REQUIRED:
        case SL_ERROR_PURPOSE_NOT_AUTHORIZED:
        case SL_ERROR_PURPOSE_TOO_GENERIC:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          break;
        case SL_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND;
          break;
        case SL_ERROR_EXISTS:
          status = SOUP_STATUS_CONFLICT;
          break;
        case SL_ERROR_STORE:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          break;
        case SL_ERROR_CORRUPT:
        default:
          break;
        }
    }

  if (status >= 500)
    g_message ("%s", error->message);

  _sl_reply_error (msg, status, sl_error_get_code (error), "%s", error->message);
}

void
_sl_reply_no_content (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* A file to save: an export or a report, never cached. */
void
_sl_reply_attachment (SoupServerMessage *msg,
                      const char        *content_type,
                      const char        *filename,
                      GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", filename);
  gconstpointer content;
  gsize size;

  soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  content = g_bytes_get_data (bytes, &size);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, content, size);
}

/* The access log ---------------------------------------------------------- */

/**
 * _sl_server_new_record:
 * @msg: (nullable): the request, for the client's address
 * @user: (nullable): who acted, when known
 *
 * Returns: (transfer full): a record stamped with the time, address and policy version.
 */
SlAuditRecord *
_sl_server_new_record (SlServer          *self,
                       SoupServerMessage *msg,
                       const char        *action,
                       const char        *outcome,
                       const SlUser      *user)
{
  SlAuditRecord *record = sl_audit_record_new (action, outcome);

  record->time_us = sl_clock_now_us (self->clock);
  if (user != NULL)
    sl_audit_record_set_user (record, user);
  if (msg != NULL)
    replace_string (&record->client_address, soup_server_message_get_remote_host (msg));
  replace_string (&record->policy_version, sl_policy_get_version_tag (self->policy));
  return record;
}

/* Sets the record's data elements from a builder holding one finished object. */
void
_sl_record_take_data (SlAuditRecord *record,
                      JsonBuilder   *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_free (record->data);
  record->data = sl_json_to_string (root, FALSE);
}

/* Returns FALSE, having answered 503, when the record could not be written. */
gboolean
_sl_server_append_record (SlServer          *self,
                          SoupServerMessage *msg,
                          SlAuditRecord     *record)
{
  g_autoptr(GError) error = NULL;

  if (sl_store_audit_append (self->store, record, &error))
    return TRUE;

  g_message ("Could not write the access-log record %s: %s", record->action, error->message);
  _sl_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "audit_unavailable",
                   "The access log cannot be written (%s), so the request was not carried out; "
                   "tell the system administrator", error->message);
  return FALSE;
}

/* Sessions ---------------------------------------------------------------- */

static void
forget_ended_sessions (SlServer *self,
                       gint64    now_us)
{
  GHashTableIter iter;
  SlSession *session;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    {
      if (session_end_reason (self, session, now_us) != NULL)
        g_hash_table_iter_remove (&iter);
    }
}

SlSession *
_sl_server_add_session (SlServer   *self,
                        const char *username)
{
  guint8 bytes[32];
  char hex[sizeof bytes * 2 + 1];
  SlSession *session;
  gint64 now_us = sl_clock_now_us (self->clock);

  forget_ended_sessions (self, now_us);

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);

  session = g_new0 (SlSession, 1);
  session->token = g_strdup (hex);
  session->username = g_strdup (username);
  session->created_us = now_us;
  session->last_seen_us = now_us;
  sodium_memzero (hex, sizeof hex);

  g_hash_table_replace (self->sessions, session->token, session);
  return session;
}

void
_sl_server_remove_session (SlServer   *self,
                           const char *token)
{
  _sl_server_close_alert_sockets (self, token);
  g_hash_table_remove (self->sessions, token);
}

/* Ends every session of @username, and the alert streams they hold. */
void
_sl_server_end_user_sessions (SlServer   *self,
                              const char *username)
{
  GHashTableIter iter;
  SlSession *session;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    {
      if (!g_str_equal (session->username, username))
        continue;
      _sl_server_close_alert_sockets (self, session->token);
      g_hash_table_iter_remove (&iter);
    }
}

gboolean
_sl_server_session_is_live (SlServer   *self,
                            const char *token,
                            gint64      now_us)
{
  SlSession *session = token != NULL ? g_hash_table_lookup (self->sessions, token) : NULL;

  return session != NULL && session_end_reason (self, session, now_us) == NULL;
}

char *
_sl_session_dup_expires_at (const SlSession *session)
{
  return sl_clock_format_iso8601 (session->created_us + SL_SESSION_MAX_US);
}

/* Gates ------------------------------------------------------------------- */

static gboolean
log_refusal (SlRequest  *req,
             const char *audit_action,
             const char *reason)
{
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (audit_action == NULL)
    return TRUE;

  record = _sl_server_new_record (req->server, req->msg, audit_action, "denied", req->user);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  _sl_record_take_data (record, builder);
  return _sl_server_append_record (req->server, req->msg, record);
}

gboolean
_sl_request_parse_id (SlRequest  *req,
                      const char *what,
                      gint64     *id)
{
  guint64 value;

  if (req->path_arg == NULL || !g_ascii_string_to_unsigned (req->path_arg, 10, 1, G_MAXINT64, &value, NULL))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "“%s” is not %s",
                       req->path_arg != NULL ? req->path_arg : "", what);
      return FALSE;
    }

  *id = (gint64) value;
  return TRUE;
}

gboolean
_sl_request_parse_format (SlRequest          *req,
                          const char * const *formats,
                          const char        **format)
{
  const char *asked = _sl_query_get (req->query, "format");
  g_autoptr(GString) known = NULL;
  guint n = g_strv_length ((GStrv) formats);

  if (asked == NULL)
    asked = formats[0];
  if (g_strv_contains (formats, asked))
    {
      if (format != NULL)
        *format = asked;
      return TRUE;
    }

  known = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (known, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", formats[i]);
  _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "format is %s", known->str);
  return FALSE;
}

JsonObject *
_sl_request_parse_body (SlRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GError) error = NULL;
  JsonObject *object = sl_json_parse_object (body->data, body->length, &error);

  if (object == NULL)
    _sl_reply_gerror (req->msg, error);
  return object;
}

gboolean
_sl_request_require_role (SlRequest  *req,
                          SlRoles     any_of,
                          const char *audit_action)
{
  g_auto(GStrv) roles = NULL;
  g_autofree char *names = NULL;

  g_assert (req->user != NULL);

  if (sl_user_has_role (req->user, any_of))
    return TRUE;

  if (!log_refusal (req, audit_action, "forbidden"))
    return FALSE;

  roles = sl_roles_to_strv (any_of);
  names = g_strjoinv (" or ", roles);
  _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                   "Your role does not allow this; it needs the %s role. "
                   "Ask the %s if your duties require it",
                   names, sl_policy_get_administrator_title (req->server->policy));
  return FALSE;
}

gboolean
_sl_request_training_expired (SlRequest  *req,
                              const char *audit_action)
{
  SlPolicy *policy = req->server->policy;
  guint interval = sl_policy_get_training_interval_days (policy);
  SlTrainingStatus status;
  GDate expires_on;

  g_assert (req->user != NULL);

  g_date_clear (&expires_on, 1);
  status = sl_user_training_status (req->user, interval, req->now_us, &expires_on);
  if (status == SL_TRAINING_CURRENT)
    return FALSE;

  if (!log_refusal (req, audit_action, "training_expired"))
    return TRUE;

  if (status == SL_TRAINING_EXPIRED && g_date_valid (&expires_on))
    {
      char date[16];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &expires_on);
      _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "training_expired",
                       "Your ALPR training expired on %s (it must be renewed every %u days); "
                       "ALPR data is available again once the %s records a new training",
                       date, interval, sl_policy_get_administrator_title (policy));
    }
  else
    _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "training_expired",
                     "There is no record of your ALPR training; ALPR data is available once "
                     "the %s records that you completed it",
                     sl_policy_get_administrator_title (policy));
  return TRUE;
}

JsonNode *
_sl_server_training_json (SlServer     *self,
                          const SlUser *user,
                          gint64        now_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint interval = sl_policy_get_training_interval_days (self->policy);
  SlTrainingStatus status;
  GDate expires_on;

  g_date_clear (&expires_on, 1);
  status = sl_user_training_status (user, interval, now_us, &expires_on);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, sl_training_status_to_string (status));
  json_builder_set_member_name (builder, "completed_on");
  if (user->trained_on != NULL)
    json_builder_add_string_value (builder, user->trained_on);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "expires_on");
  if (g_date_valid (&expires_on))
    {
      char date[16];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &expires_on);
      json_builder_add_string_value (builder, date);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "interval_days");
  json_builder_add_int_value (builder, interval);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Public API -------------------------------------------------------------- */

/**
 * sl_server_new:
 * @store: the database; used only from the thread that runs the server's main context
 * @policy: the active policy profile
 * @clock: the time service
 *
 * Returns: (transfer full): a server that is not yet listening.
 */
/* The classes of data/ocr-classes.txt travel inside the program. */
static SlOcrClasses *
load_default_ocr_classes (void)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (sl_service_get_resource (),
                                                    "/org/sightline/service/ocr-classes.txt", 0, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  SlOcrClasses *classes;

  g_assert (bytes != NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  classes = sl_ocr_classes_new_from_text (text, &error);
  g_assert_no_error (error);
  return classes;
}

SlServer *
sl_server_new (SlStore  *store,
               SlPolicy *policy,
               SlClock  *clock)
{
  g_autoptr(GError) error = NULL;
  SlServer *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (SL_IS_CLOCK (clock), NULL);

  if (!sl_password_init (NULL))
    g_error ("libsodium could not be initialized");
  /* Made now, so that the first login of an unknown user is not the slow one. */
  sl_password_get_dummy_hash ();

  self = g_object_new (SL_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->policy = sl_policy_ref (policy);
  self->clock = g_object_ref (clock);

  self->ocr_classes = load_default_ocr_classes ();
  self->writer = sl_ingest_writer_new (store, &error);
  if (self->writer == NULL)
    g_error ("The database cannot be opened for camera reads: %s", error->message);

  if (!_sl_server_reload_matcher (self, &error))
    g_warning ("Hot lists could not be loaded; no alerts until they can: %s", error->message);
  self->hotlist_schedule = _sl_hotlist_schedule_new (self);
  _sl_server_schedule_purge (self);
  return self;
}

/**
 * sl_server_set_tiles:
 * @tiles: (transfer full) (nullable): the agency's offline map
 *
 * Serves @tiles to the clients as their base map (GET /tiles).
 */
void
sl_server_set_tiles (SlServer  *self,
                     SlMbtiles *tiles)
{
  g_return_if_fail (SL_IS_SERVER (self));

  g_clear_pointer (&self->tiles, sl_mbtiles_free);
  self->tiles = tiles;
}

/**
 * sl_server_set_ocr_classes:
 * @classes: (transfer full): the agency's look-alike characters
 *
 * Replaces the classes OCR-tolerant matching uses and rebuilds the matcher.
 */
gboolean
sl_server_set_ocr_classes (SlServer      *self,
                           SlOcrClasses  *classes,
                           GError       **error)
{
  g_return_val_if_fail (SL_IS_SERVER (self), FALSE);
  g_return_val_if_fail (classes != NULL, FALSE);

  g_clear_pointer (&self->ocr_classes, sl_ocr_classes_free);
  self->ocr_classes = classes;
  return _sl_server_reload_matcher (self, error);
}

static GInetAddress *
resolve_host (const char  *host,
              GError     **error)
{
  g_autoptr(GResolver) resolver = NULL;
  GList *addresses;
  GInetAddress *address;

  if (host == NULL || *host == '\0')
    return g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);

  if (g_str_equal (host, "localhost"))
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  address = g_inet_address_new_from_string (host);
  if (address != NULL)
    return address;

  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);
  if (addresses == NULL)
    return NULL;

  address = g_object_ref (addresses->data);
  g_resolver_free_addresses (addresses);
  return address;
}

/**
 * sl_server_listen:
 * @host: an address or host name to listen on
 * @port: the TCP port, 0 for any free one
 * @certificate: (nullable): serve HTTPS with this certificate and key
 *
 * Listens in the thread-default main context; requests are handled there.
 */
gboolean
sl_server_listen (SlServer         *self,
                  const char       *host,
                  guint             port,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (SL_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), FALSE);

  address = resolve_host (host, error);
  if (address == NULL)
    return FALSE;

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  socket_address = g_inet_socket_address_new (address, port);
  return soup_server_listen (self->soup, socket_address, options, error);
}

/**
 * sl_server_stop:
 *
 * Stops taking requests, writes the camera batches that are waiting and
 * answers them, so a stop loses nothing a camera was told it has.
 */
void
sl_server_stop (SlServer *self)
{
  GMainContext *context;
  gint64 deadline;

  g_return_if_fail (SL_IS_SERVER (self));

  context = g_main_context_get_thread_default ();

  /* new requests are refused; the writer finishes what waits */
  self->stopping = TRUE;
  _sl_server_cancel_purge (self);
  _sl_server_close_alert_sockets (self, NULL);
  g_clear_pointer (&self->writer, sl_ingest_writer_free);

  /* its answers were handed to this context: let them reach the cameras */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (10 * 1000);

  soup_server_disconnect (self->soup);
}

/**
 * sl_server_dup_url:
 *
 * Returns: (transfer full) (nullable): the base URL clients use, such as
 *   `http://127.0.0.1:40211`, or %NULL when not listening.
 */
char *
sl_server_dup_url (SlServer *self)
{
  GSList *uris;
  GUri *uri;
  const char *host;
  char *url;

  g_return_val_if_fail (SL_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    return NULL;

  uri = uris->data;
  host = g_uri_get_host (uri);
  if (strchr (host, ':') != NULL && host[0] != '[')
    url = g_strdup_printf ("%s://[%s]:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));
  else
    url = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}
