#define G_LOG_DOMAIN "sl-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sl-audit-record.h"
#include "sl-clock.h"
#include "sl-client.h"
#include "sl-client-private.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-read-point.h"

#define API_PREFIX "/api/v1"
#define REQUEST_TIMEOUT_SECONDS 30

typedef gpointer (*ParseFunc) (SlClient    *self,
                               JsonObject  *body,
                               GError     **error);

typedef struct
{
  SoupMessage          *message;
  ParseFunc             parse;
  GDestroyNotify        result_free;
  char                 *host;
  guint                 port;
  GTlsCertificateFlags  tls_errors;
  gboolean              authenticated;
} Request;

typedef struct
{
  GPtrArray *records;
  gint64     next_before;
} AuditPage;

struct _SlClient
{
  GObject       parent_instance;

  /* owned references */
  SoupSession  *soup;
  SlSession    *session;
  char         *server;     /* normalized, without the API prefix */
  char         *ca_file;
  char         *token;
};

G_DEFINE_FINAL_TYPE (SlClient, sl_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_CA_FILE,
  PROP_SESSION,
  N_PROPS
};

enum {
  SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_free (request->host);
  g_free (request);
}

static void
audit_page_free (AuditPage *page)
{
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_free (page);
}

static void
set_session (SlClient  *self,
             SlSession *session)
{
  if (self->session == session)
    return;

  g_clear_pointer (&self->session, sl_session_unref);
  if (session != NULL)
    self->session = sl_session_ref (session);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;

  /* There is no way to accept a certificate the agency's CA did not sign:
   * remember why it was refused so the error can say so. */
  request->tls_errors |= errors;
  return FALSE;
}

static void
append_query (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

/* Appends nothing for 0: every number and time the API filters by is positive. */
static void
append_query_int (GString    *query,
                  const char *name,
                  gint64      value)
{
  g_autofree char *text = NULL;

  if (value <= 0)
    return;

  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  append_query (query, name, text);
}

static void
append_query_time (GString    *query,
                   const char *name,
                   gint64      time_us)
{
  g_autofree char *text = NULL;

  if (time_us <= 0)
    return;

  text = sl_clock_format_iso8601 (time_us);
  append_query (query, name, text);
}

static GTask *
create_request (SlClient            *self,
                const char          *method,
                const char          *path_and_query,
                JsonNode            *body,
                gboolean             authenticated,
                ParseFunc            parse,
                GDestroyNotify       result_free,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->server == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL,
                               _("Enter the address of the Sightline server."));
      return NULL;
    }

  if (authenticated && self->token == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNAUTHORIZED,
                               _("You are not logged in. Log in again."));
      return NULL;
    }

  url = g_strconcat (self->server, API_PREFIX, path_and_query, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not a valid address."), url);
      return NULL;
    }

  request = g_new0 (Request, 1);
  request->message = soup_message_new_from_uri (method, uri);
  request->parse = parse;
  request->result_free = result_free;
  request->host = g_strdup (g_uri_get_host (uri));
  request->port = (guint) g_uri_get_port (uri);
  if ((gint) request->port <= 0)
    request->port = g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80;
  request->authenticated = authenticated;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_signal_connect (request->message, "accept-certificate",
                    G_CALLBACK (accept_certificate_cb), request);

  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");
  if (authenticated)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                    "Authorization", value);
    }

  if (body != NULL)
    {
      char *text = sl_json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  return g_steal_pointer (&task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *soup = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *data;
  gsize length = 0;
  guint status;
  gpointer parsed;

  bytes = soup_session_send_and_read_finish (soup, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                     request->port,
                                                                     request->tls_errors));
      return;
    }

  status = soup_message_get_status (request->message);
  data = g_bytes_get_data (bytes, &length);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      GError *response_error = sl_client_error_new_from_body (status,
                                                              soup_message_get_reason_phrase (request->message),
                                                              data, length);

      if (request->authenticated &&
          (g_error_matches (response_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNAUTHORIZED) ||
           g_error_matches (response_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SESSION_EXPIRED)))
        {
          g_clear_pointer (&self->token, g_free);
          g_signal_emit (self, signals[SESSION_ENDED], 0, response_error);
        }

      g_task_return_error (task, response_error);
      return;
    }

  if (request->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT)
    body = json_object_new ();
  else
    body = sl_json_parse_object (data, length, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               _("%s answered something that is not the Sightline service: %s"),
                               request->host, error->message);
      return;
    }

  parsed = request->parse (self, body, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, request->result_free);
}

static void
send_request (SlClient *self,
              GTask    *task)
{
  Request *request = g_task_get_task_data (task);

  soup_session_send_and_read_async (self->soup, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), send_cb, task);
}

static gpointer
parse_health (SlClient    *self,
              JsonObject  *body,
              GError     **error)
{
  return sl_server_info_new_from_json (body, error);
}

static gpointer
parse_login (SlClient    *self,
             JsonObject  *body,
             GError     **error)
{
  SlSession *session = sl_session_new_from_json (body, error);

  if (session == NULL)
    return NULL;

  if (sl_session_get_token (session) == NULL)
    {
      g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service did not send a session token."));
      sl_session_unref (session);
      return NULL;
    }

  g_free (self->token);
  self->token = g_strdup (sl_session_get_token (session));
  set_session (self, session);
  return session;
}

static gpointer
parse_session (SlClient    *self,
               JsonObject  *body,
               GError     **error)
{
  return sl_session_new_from_json (body, error);
}

static gpointer
parse_policy (SlClient    *self,
              JsonObject  *body,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *id = NULL;
  const char *text = NULL;
  JsonArray *purposes = NULL;
  JsonObject *case_number = NULL;

  if (!sl_json_get_string (body, "id", TRUE, &id, &local_error) ||
      !sl_json_get_string (body, "agency", TRUE, &text, &local_error) ||
      !sl_json_get_string (body, "version", TRUE, &text, &local_error) ||
      !sl_json_get_string (body, "notice", TRUE, &text, &local_error) ||
      !sl_json_get_object (body, "case_number", FALSE, &case_number, &local_error) ||
      !sl_json_get_array (body, "purposes", TRUE, &purposes, &local_error))
    goto invalid;

  if (case_number != NULL &&
      !sl_json_get_string (case_number, "pattern", TRUE, &text, &local_error))
    goto invalid;

  for (guint i = 0; i < json_array_get_length (purposes); i++)
    {
      JsonNode *node = json_array_get_element (purposes, i);
      JsonObject *purpose;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (&local_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               "“purposes” must hold objects");
          goto invalid;
        }
      purpose = json_node_get_object (node);
      if (!sl_json_get_string (purpose, "code", TRUE, &text, &local_error) ||
          !sl_json_get_string (purpose, "label", TRUE, &text, &local_error))
        goto invalid;
    }

  return json_object_ref (body);

invalid:
  g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent an invalid policy: %s"), local_error->message);
  return NULL;
}

static gboolean
dup_optional_string (JsonObject  *object,
                     const char  *member,
                     char       **out,
                     GError     **error)
{
  const char *value = NULL;

  if (!sl_json_get_string (object, member, FALSE, &value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

static SlAuditRecord *
parse_audit_record (JsonObject  *object,
                    GError     **error)
{
  g_autoptr(SlAuditRecord) record = NULL;
  const char *action = NULL;
  const char *outcome = NULL;
  const char *time = NULL;
  JsonNode *data;

  if (!sl_json_get_string (object, "action", TRUE, &action, error) ||
      !sl_json_get_string (object, "outcome", TRUE, &outcome, error) ||
      !sl_json_get_string (object, "time", TRUE, &time, error))
    return NULL;

  record = sl_audit_record_new (action, outcome);
  record->result_count = -1;

  if (!sl_json_get_int (object, "seq", TRUE, &record->seq, error) ||
      !sl_clock_parse_iso8601 (time, &record->time_us, error) ||
      !sl_json_get_int (object, "result_count", FALSE, &record->result_count, error) ||
      !dup_optional_string (object, "username", &record->username, error) ||
      !dup_optional_string (object, "organization", &record->organization, error) ||
      !dup_optional_string (object, "role", &record->role, error) ||
      !dup_optional_string (object, "plate", &record->plate, error) ||
      !dup_optional_string (object, "case_number", &record->case_number, error) ||
      !dup_optional_string (object, "purpose_code", &record->purpose_code, error) ||
      !dup_optional_string (object, "purpose_note", &record->purpose_note, error) ||
      !dup_optional_string (object, "client_address", &record->client_address, error) ||
      !dup_optional_string (object, "policy_version", &record->policy_version, error) ||
      !dup_optional_string (object, "prev_hash", &record->prev_hash, error) ||
      !dup_optional_string (object, "hash", &record->hash, error))
    return NULL;

  /* The other data elements: an object, or the same as JSON text. */
  data = json_object_get_member (object, "data");
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    record->data = sl_json_to_string (data, FALSE);
  else if (data != NULL && !JSON_NODE_HOLDS_NULL (data) &&
           !dup_optional_string (object, "data", &record->data, error))
    return NULL;

  return g_steal_pointer (&record);
}

static gpointer
parse_audit (SlClient    *self,
             JsonObject  *body,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonArray *array = NULL;
  gint64 next_before = 0;
  AuditPage *page;

  if (!sl_json_get_array (body, "records", TRUE, &array, &local_error) ||
      !sl_json_get_int (body, "next_before", FALSE, &next_before, &local_error))
    goto invalid;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_audit_record_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlAuditRecord *record;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (&local_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                       "record %u is not an object", i);
          goto invalid;
        }

      record = parse_audit_record (json_node_get_object (node), &local_error);
      if (record == NULL)
        goto invalid;
      g_ptr_array_add (records, record);
    }

  page = g_new0 (AuditPage, 1);
  page->records = g_steal_pointer (&records);
  page->next_before = next_before;
  return page;

invalid:
  g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent an invalid access log page: %s"), local_error->message);
  return NULL;
}

static void
sl_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SlClient *self = SL_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_SESSION:
      g_value_set_boxed (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_client_dispose (GObject *object)
{
  SlClient *self = SL_CLIENT (object);

  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->session, sl_session_unref);

  G_OBJECT_CLASS (sl_client_parent_class)->dispose (object);
}

static void
sl_client_finalize (GObject *object)
{
  SlClient *self = SL_CLIENT (object);

  g_free (self->server);
  g_free (self->ca_file);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (sl_client_parent_class)->finalize (object);
}

static void
sl_client_class_init (SlClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_client_get_property;
  object_class->dispose = sl_client_dispose;
  object_class->finalize = sl_client_finalize;

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, SL_TYPE_SESSION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlClient::session-ended:
   * @error: why: %SL_CLIENT_ERROR_UNAUTHORIZED or %SL_CLIENT_ERROR_SESSION_EXPIRED
   *
   * The service refused the session token; the user has to log in again.
   */
  signals[SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sl_client_init (SlClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Sightline/%s ", PACKAGE_VERSION);

  self->soup = soup_session_new_with_options ("user-agent", user_agent,
                                              "timeout", REQUEST_TIMEOUT_SECONDS,
                                              "idle-timeout", 60,
                                              NULL);
}

/**
 * sl_client_normalize_url:
 * @text: a server address as a person types it
 *
 * Accepts `host`, `host:port`, `https://host[:port][/prefix]` and the same
 * with `/api/v1` at the end. Without a scheme the address is https.
 *
 * Returns: (transfer full) (nullable): `scheme://host[:port][/prefix]`, or
 *   %NULL with %SL_CLIENT_ERROR_INVALID_URL
 */
char *
sl_client_normalize_url (const char  *text,
                         GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text == NULL)
    text = "";

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL,
                           _("Enter the address of the Sightline server."));
      return NULL;
    }

  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a server address. Enter it as https://server.example.org "
                     "or https://server.example.org:8443."), trimmed);
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  if (g_str_has_suffix (path, API_PREFIX))
    path[strlen (path) - strlen (API_PREFIX)] = '\0';
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}

/**
 * sl_client_new:
 *
 * Returns: (transfer full): a client without a server yet
 */
SlClient *
sl_client_new (void)
{
  return g_object_new (SL_TYPE_CLIENT, NULL);
}

/**
 * sl_client_set_server:
 * @url: the server address as typed
 *
 * Points the client at another service. The session, if any, ends.
 */
gboolean
sl_client_set_server (SlClient    *self,
                      const char  *url,
                      GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (SL_IS_CLIENT (self), FALSE);

  normalized = sl_client_normalize_url (url, error);
  if (normalized == NULL)
    return FALSE;

  if (g_strcmp0 (normalized, self->server) == 0)
    return TRUE;

  g_free (self->server);
  self->server = g_steal_pointer (&normalized);
  sl_client_set_token (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  return TRUE;
}

const char *
sl_client_get_server (SlClient *self)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  return self->server;
}

/**
 * sl_client_set_ca_file:
 * @path: (nullable): a PEM file of the agency's certificate authority, or
 *   %NULL or "" for the system's trusted authorities
 *
 * Only certificates signed by this authority are trusted from now on.
 */
gboolean
sl_client_set_ca_file (SlClient    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SL_IS_CLIENT (self), FALSE);

  if (path != NULL && *path == '\0')
    path = NULL;

  if (g_strcmp0 (path, self->ca_file) == 0)
    return TRUE;

  if (path != NULL)
    {
      database = g_tls_file_database_new (path, &local_error);
      if (database == NULL)
        {
          g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS,
                       _("Cannot use %s as the agency’s certificate authority: %s"),
                       path, local_error->message);
          return FALSE;
        }
    }
  else
    {
      database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
    }

  soup_session_set_tls_database (self->soup, database);
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
  return TRUE;
}

const char *
sl_client_get_ca_file (SlClient *self)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  return self->ca_file;
}

const char *
sl_client_get_token (SlClient *self)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  return self->token;
}

/**
 * sl_client_set_token:
 * @token: (nullable): a session token, or %NULL to forget it
 */
void
sl_client_set_token (SlClient   *self,
                     const char *token)
{
  g_return_if_fail (SL_IS_CLIENT (self));

  if (g_strcmp0 (token, self->token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  if (token == NULL)
    set_session (self, NULL);
}

/**
 * sl_client_get_current_session:
 *
 * Returns: (transfer none) (nullable): the session of the last login
 */
SlSession *
sl_client_get_current_session (SlClient *self)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  return self->session;
}

void
sl_client_health_async (SlClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/health", NULL, FALSE,
                         parse_health, (GDestroyNotify) sl_server_info_unref,
                         cancellable, callback, user_data, sl_client_health_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_health_finish:
 *
 * Returns: (transfer full) (nullable): what the service says about itself
 */
SlServerInfo *
sl_client_health_finish (SlClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_health_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_login_async:
 * @username: the username
 * @password: the password
 * @totp: (nullable): the one-time code, when the service asked for one
 * @acknowledged_notice: whether the person acknowledged the use notice
 *
 * Opens a session. On success the client uses its token from then on.
 */
void
sl_client_login_async (SlClient            *self,
                       const char          *username,
                       const char          *password,
                       const char          *totp,
                       gboolean             acknowledged_notice,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "acknowledged_notice");
  json_builder_add_boolean_value (builder, acknowledged_notice);
  if (totp != NULL && *totp != '\0')
    {
      json_builder_set_member_name (builder, "totp");
      json_builder_add_string_value (builder, totp);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = create_request (self, "POST", "/session", body, FALSE,
                         parse_login, (GDestroyNotify) sl_session_unref,
                         cancellable, callback, user_data, sl_client_login_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_login_finish:
 *
 * Returns: (transfer full) (nullable): the new session
 */
SlSession *
sl_client_login_finish (SlClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_login_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_logout_async:
 *
 * Ends the session on the service. The client forgets the token at once,
 * whether or not the service can be reached.
 */
void
sl_client_logout_async (SlClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "DELETE", "/session", NULL, TRUE, NULL, NULL,
                         cancellable, callback, user_data, sl_client_logout_async);
  if (task == NULL)
    return;

  /* The request already carries the token. */
  g_clear_pointer (&self->token, g_free);
  set_session (self, NULL);
  send_request (self, task);
}

gboolean
sl_client_logout_finish (SlClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_logout_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_client_get_session_async (SlClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/session", NULL, TRUE,
                         parse_session, (GDestroyNotify) sl_session_unref,
                         cancellable, callback, user_data, sl_client_get_session_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_get_session_finish:
 *
 * Returns: (transfer full) (nullable): the user and training as the
 *   service sees them now; the token is not part of it
 */
SlSession *
sl_client_get_session_finish (SlClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_session_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sl_client_get_policy_async (SlClient            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/policy", NULL, TRUE,
                         parse_policy, (GDestroyNotify) json_object_unref,
                         cancellable, callback, user_data, sl_client_get_policy_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_get_policy_finish:
 *
 * Returns: (transfer full) (nullable): the active policy profile's public
 *   part; `id`, `agency`, `version`, `notice` and `purposes` are checked
 */
JsonObject *
sl_client_get_policy_finish (SlClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_policy_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_tile_set (SlClient    *self,
                JsonObject  *body,
                GError     **error)
{
  return sl_tile_set_new_from_json (body, error);
}

/**
 * sl_client_get_tile_set_async:
 *
 * Asks for the offline map the service serves; a service without one
 * answers %SL_CLIENT_ERROR_NOT_FOUND.
 */
void
sl_client_get_tile_set_async (SlClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/tiles", NULL, TRUE,
                         parse_tile_set, (GDestroyNotify) sl_tile_set_unref,
                         cancellable, callback, user_data, sl_client_get_tile_set_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_get_tile_set_finish:
 *
 * Returns: (transfer full) (nullable): the service's offline map
 */
SlTileSet *
sl_client_get_tile_set_finish (SlClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_tile_set_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* @path with @filter as its query; paging only when @paged, the username
 * only when @with_username. */
static char *
audit_path (const char          *path,
            const SlAuditFilter *filter,
            gboolean             with_username,
            gboolean             paged)
{
  g_autoptr(GString) query = g_string_new (NULL);

  if (filter != NULL)
    {
      if (with_username)
        append_query (query, "username", filter->username);
      append_query (query, "action", filter->action);
      append_query (query, "case_number", filter->case_number);
      append_query (query, "plate", filter->plate);
      append_query_time (query, "since", filter->since_us);
      append_query_time (query, "until", filter->until_us);
      if (paged)
        {
          append_query_int (query, "before", filter->before);
          append_query_int (query, "limit", filter->limit);
        }
    }

  return g_strconcat (path, query->str, NULL);
}

static GPtrArray *
finish_audit_page (GTask   *task,
                   gint64  *next_before,
                   GError **error)
{
  AuditPage *page;
  GPtrArray *records;

  page = g_task_propagate_pointer (task, error);
  if (page == NULL)
    return NULL;

  if (next_before != NULL)
    *next_before = page->next_before;
  records = g_steal_pointer (&page->records);
  audit_page_free (page);
  return records;
}

/**
 * sl_client_query_audit_async:
 * @filter: (nullable): which records; %NULL for the newest page
 *
 * Reads a page of the access log, newest first (auditor and administrator).
 */
void
sl_client_query_audit_async (SlClient            *self,
                             const SlAuditFilter *filter,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = audit_path ("/audit", filter, TRUE, TRUE);
  task = create_request (self, "GET", path, NULL, TRUE,
                         parse_audit, (GDestroyNotify) audit_page_free,
                         cancellable, callback, user_data, sl_client_query_audit_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_query_audit_finish:
 * @next_before: (out) (optional): the `before` of the next older page, or 0
 *   when this was the oldest
 *
 * Returns: (transfer container) (element-type SlAuditRecord) (nullable):
 *   the records
 */
GPtrArray *
sl_client_query_audit_finish (SlClient      *self,
                              GAsyncResult  *result,
                              gint64        *next_before,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_query_audit_async, NULL);

  return finish_audit_page (G_TASK (result), next_before, error);
}

/**
 * sl_client_query_own_audit_async:
 * @filter: (nullable): which records; its @username is not used
 *
 * Reads a page of the user's own access-log records, newest first ("My
 * Activity"); any user with current training may. The service logs the read.
 */
void
sl_client_query_own_audit_async (SlClient            *self,
                                 const SlAuditFilter *filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = audit_path ("/audit/mine", filter, FALSE, TRUE);
  task = create_request (self, "GET", path, NULL, TRUE,
                         parse_audit, (GDestroyNotify) audit_page_free,
                         cancellable, callback, user_data, sl_client_query_own_audit_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_query_own_audit_finish:
 * @next_before: (out) (optional): the `before` of the next older page, or 0
 *
 * Returns: (transfer container) (element-type SlAuditRecord) (nullable):
 *   the records
 */
GPtrArray *
sl_client_query_own_audit_finish (SlClient      *self,
                                  GAsyncResult  *result,
                                  gint64        *next_before,
                                  GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_query_own_audit_async, NULL);

  return finish_audit_page (G_TASK (result), next_before, error);
}

void
sl_audit_chain_free (SlAuditChain *chain)
{
  if (chain == NULL)
    return;

  g_free (chain->reason);
  g_free (chain->head_hash);
  g_free (chain);
}

static gpointer
parse_audit_chain (SlClient    *self,
                   JsonObject  *body,
                   GError     **error)
{
  g_autoptr(SlAuditChain) chain = g_new0 (SlAuditChain, 1);
  g_autoptr(GError) local_error = NULL;
  const char *verified_at = NULL;

  if (!sl_json_get_boolean (body, "intact", TRUE, &chain->intact, &local_error) ||
      !sl_json_get_int (body, "records_checked", TRUE, &chain->records_checked, &local_error) ||
      !sl_json_get_int (body, "first_bad_seq", FALSE, &chain->first_bad_seq, &local_error) ||
      !dup_optional_string (body, "reason", &chain->reason, &local_error) ||
      !sl_json_get_int (body, "head_seq", TRUE, &chain->head_seq, &local_error) ||
      !dup_optional_string (body, "head_hash", &chain->head_hash, &local_error) ||
      !sl_json_get_string (body, "verified_at", TRUE, &verified_at, &local_error) ||
      !sl_clock_parse_iso8601 (verified_at, &chain->verified_at_us, &local_error))
    goto invalid;

  /* A broken chain names where; an intact one names nothing. */
  if (chain->intact != (chain->first_bad_seq == 0))
    {
      g_set_error_literal (&local_error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                           "“intact” and “first_bad_seq” disagree");
      goto invalid;
    }

  return g_steal_pointer (&chain);

invalid:
  g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent an invalid verification of the access log: %s"), local_error->message);
  return NULL;
}

/**
 * sl_client_verify_audit_async:
 *
 * Asks the service to walk the access log's hash chain (auditor and
 * administrator). The service logs the verification.
 */
void
sl_client_verify_audit_async (SlClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/audit/verify", NULL, TRUE,
                         parse_audit_chain, (GDestroyNotify) sl_audit_chain_free,
                         cancellable, callback, user_data, sl_client_verify_audit_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_verify_audit_finish:
 *
 * Returns: (transfer full) (nullable): the chain's state
 */
SlAuditChain *
sl_client_verify_audit_finish (SlClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_verify_audit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- alerts, images, cameras and the alert socket ---- */

typedef struct
{
  GBytes *bytes;
  char   *content_type;
} Image;

static void
image_free (Image *image)
{
  g_clear_pointer (&image->bytes, g_bytes_unref);
  g_free (image->content_type);
  g_free (image);
}

static gpointer
parse_alert (SlClient    *self,
             JsonObject  *body,
             GError     **error)
{
  return sl_alert_new_from_json (body, error);
}

static gpointer
parse_alert_list (SlClient    *self,
                  JsonObject  *body,
                  GError     **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = NULL;

  if (!sl_json_get_array (body, "alerts", TRUE, &array, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an invalid list of alerts: %s"), local_error->message);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlAlert *alert;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service sent an invalid list of alerts: item %u is not an object"), i);
          return NULL;
        }

      alert = sl_alert_new_from_json (json_node_get_object (node), error);
      if (alert == NULL)
        return NULL;
      g_ptr_array_add (alerts, alert);
    }

  return g_steal_pointer (&alerts);
}

static gpointer
parse_camera_list (SlClient    *self,
                   JsonObject  *body,
                   GError     **error)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = NULL;

  if (!sl_json_get_array (body, "cameras", TRUE, &array, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an invalid list of cameras: %s"), local_error->message);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlCameraStatus *camera;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service sent an invalid list of cameras: item %u is not an object"), i);
          return NULL;
        }

      camera = sl_camera_status_new_from_json (json_node_get_object (node), error);
      if (camera == NULL)
        return NULL;
      g_ptr_array_add (cameras, camera);
    }

  return g_steal_pointer (&cameras);
}

/* An HTTP error of an authenticated request: the session may have ended. */
static GError *
response_error (SlClient   *self,
                Request    *request,
                const char *data,
                gsize       length)
{
  GError *error = sl_client_error_new_from_body (soup_message_get_status (request->message),
                                                 soup_message_get_reason_phrase (request->message),
                                                 data, length);

  if (request->authenticated &&
      (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNAUTHORIZED) ||
       g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_SESSION_EXPIRED)))
    {
      g_clear_pointer (&self->token, g_free);
      g_signal_emit (self, signals[SESSION_ENDED], 0, error);
    }

  return error;
}

static void
fetch_image_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *data;
  gsize length = 0;
  Image *image;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                     request->port,
                                                                     request->tls_errors));
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, response_error (self, request, data, length));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (request->message),
                                                        NULL);
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/") || length == 0)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               _("%s sent no image where an image was expected."), request->host);
      return;
    }

  image = g_new0 (Image, 1);
  image->bytes = g_steal_pointer (&bytes);
  image->content_type = g_strdup (content_type);
  g_task_return_pointer (task, image, (GDestroyNotify) image_free);
}

/**
 * sl_client_list_alerts_async:
 * @filter: (nullable): which alerts; %NULL for the newest page
 *
 * Lists the alerts the user may see, newest first. Covert lists' alerts
 * reach supervisors and administrators only.
 */
void
sl_client_list_alerts_async (SlClient            *self,
                             const SlAlertFilter *filter,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/alerts");
  g_autoptr(GString) query = g_string_new (NULL);
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (filter != NULL)
    {
      append_query (query, "state", filter->state);
      append_query (query, "plate", filter->plate);
      append_query_int (query, "camera", filter->camera_id);
      append_query_int (query, "read", filter->read_id);
      append_query_time (query, "since", filter->since_us);
      append_query_time (query, "until", filter->until_us);
      append_query_int (query, "before", filter->before);
      append_query_int (query, "limit", filter->limit);
    }
  g_string_append (path, query->str);

  task = create_request (self, "GET", path->str, NULL, TRUE,
                         parse_alert_list, (GDestroyNotify) g_ptr_array_unref,
                         cancellable, callback, user_data, sl_client_list_alerts_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_list_alerts_finish:
 *
 * Returns: (transfer container) (element-type SlAlert) (nullable): the
 *   alerts, newest first
 */
GPtrArray *
sl_client_list_alerts_finish (SlClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_list_alerts_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sl_client_get_alert_async (SlClient            *self,
                           gint64               id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/alerts/%" G_GINT64_FORMAT, id);
  task = create_request (self, "GET", path, NULL, TRUE,
                         parse_alert, g_object_unref,
                         cancellable, callback, user_data, sl_client_get_alert_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_get_alert_finish:
 *
 * Returns: (transfer full) (nullable): the alert with its history
 */
SlAlert *
sl_client_get_alert_finish (SlClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_alert_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_set_alert_state_async:
 * @id: the alert
 * @state: the state it moves to; sl_alert_state_get_next() says which exist
 * @note: (nullable): what the user found; required where
 *   sl_alert_state_needs_note() says
 * @disposition: (nullable): one of sl_alert_dispositions(), when closing
 *
 * Moves an alert one step. A step that does not exist fails with
 * %SL_CLIENT_ERROR_CONFLICT, a missing note or disposition with
 * %SL_CLIENT_ERROR_RULE, each with the service's message.
 */
void
sl_client_set_alert_state_async (SlClient            *self,
                                 gint64               id,
                                 SlAlertState         state,
                                 const char          *note,
                                 const char          *disposition,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (state < SL_ALERT_N_STATES);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "state", sl_alert_state_to_string (state));
  if (note != NULL && *note != '\0')
    sl_json_builder_add_string_member (builder, "note", note);
  if (disposition != NULL && *disposition != '\0')
    sl_json_builder_add_string_member (builder, "disposition", disposition);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("/alerts/%" G_GINT64_FORMAT "/state", id);
  task = create_request (self, "POST", path, body, TRUE,
                         parse_alert, g_object_unref,
                         cancellable, callback, user_data, sl_client_set_alert_state_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_set_alert_state_finish:
 *
 * Returns: (transfer full) (nullable): the alert as it is now
 */
SlAlert *
sl_client_set_alert_state_finish (SlClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_set_alert_state_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_fetch_image_async:
 * @url: an image URL of the API, e.g. "/api/v1/reads/991/images/plate",
 *   as an alert or a camera gives it
 *
 * Fetches a read's image. The service logs every view.
 */
void
sl_client_fetch_image_async (SlClient            *self,
                             const char          *url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* Only this service's API: an image URL never sends the token elsewhere. */
  if (!g_str_has_prefix (url, API_PREFIX "/") || strstr (url, "..") != NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, sl_client_fetch_image_async);
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not an image of this service."), url);
      g_object_unref (task);
      return;
    }

  task = create_request (self, "GET", url + strlen (API_PREFIX), NULL, TRUE, NULL, NULL,
                         cancellable, callback, user_data, sl_client_fetch_image_async);
  if (task == NULL)
    return;

  {
    Request *request = g_task_get_task_data (task);

    soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                  "Accept", "image/*");
    soup_session_send_and_read_async (self->soup, request->message, G_PRIORITY_DEFAULT,
                                      cancellable, fetch_image_cb, task);
  }
}

/**
 * sl_client_fetch_image_finish:
 * @content_type: (out) (optional): the image's type, e.g. "image/jpeg"
 *
 * Returns: (transfer full) (nullable): the image bytes
 */
GBytes *
sl_client_fetch_image_finish (SlClient      *self,
                              GAsyncResult  *result,
                              char         **content_type,
                              GError       **error)
{
  Image *image;
  GBytes *bytes;

  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_fetch_image_async, NULL);

  image = g_task_propagate_pointer (G_TASK (result), error);
  if (image == NULL)
    return NULL;

  if (content_type != NULL)
    *content_type = g_steal_pointer (&image->content_type);
  bytes = g_steal_pointer (&image->bytes);
  image_free (image);
  return bytes;
}

void
sl_client_list_cameras_async (SlClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", "/cameras", NULL, TRUE,
                         parse_camera_list, (GDestroyNotify) g_ptr_array_unref,
                         cancellable, callback, user_data, sl_client_list_cameras_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_list_cameras_finish:
 *
 * Returns: (transfer container) (element-type SlCameraStatus) (nullable):
 *   the cameras with their status and latest read
 */
GPtrArray *
sl_client_list_cameras_finish (SlClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_list_cameras_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
websocket_connect_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection != NULL)
    {
      g_task_return_pointer (task, connection, g_object_unref);
      return;
    }

  status = soup_message_get_status (request->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (status >= 400)
    g_task_return_error (task, response_error (self, request, NULL, 0));
  else if (error->domain == SOUP_WEBSOCKET_ERROR)
    g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                             _("%s did not open the alert stream: %s"),
                             request->host, error->message);
  else
    g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                   request->port,
                                                                   request->tls_errors));
}

/**
 * sl_client_connect_websocket_async:
 * @path: a WebSocket endpoint of the API, e.g. "/alerts/stream"
 *
 * Opens a WebSocket with the session's token, over the same connection
 * settings (and the same trusted authority) as every other request.
 */
void
sl_client_connect_websocket_async (SlClient            *self,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", path, NULL, TRUE, NULL, NULL,
                         cancellable, callback, user_data, sl_client_connect_websocket_async);
  if (task == NULL)
    return;

  request = g_task_get_task_data (task);
  soup_session_websocket_connect_async (self->soup, request->message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, cancellable,
                                        websocket_connect_cb, task);
}

/**
 * sl_client_connect_websocket_finish:
 *
 * Returns: (transfer full) (nullable): the open connection
 */
SoupWebsocketConnection *
sl_client_connect_websocket_finish (SlClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_connect_websocket_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}


/* ---- searches ---- */

static const struct {
  const char *code;
  SlError     error;
} gate_codes[] = {
  { "case_number_required",   SL_ERROR_CASE_NUMBER_REQUIRED },
  { "case_number_format",     SL_ERROR_CASE_NUMBER_FORMAT },
  { "purpose_required",       SL_ERROR_PURPOSE_REQUIRED },
  { "purpose_not_authorized", SL_ERROR_PURPOSE_NOT_AUTHORIZED },
  { "purpose_too_generic",    SL_ERROR_PURPOSE_TOO_GENERIC },
};

/* A refusal of the purpose gate becomes the SL_ERROR code of its field, with
 * the service's message, so the user is sent to the field at fault. */
static GError *
gate_error (SlClient   *self,
            Request    *request,
            const char *data,
            gsize       length)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *error_object = NULL;
  const char *code = NULL;
  const char *message = NULL;

  if (soup_message_get_status (request->message) == SOUP_STATUS_UNPROCESSABLE_ENTITY &&
      length > 0 &&
      (body = sl_json_parse_object (data, length, NULL)) != NULL &&
      sl_json_get_object (body, "error", TRUE, &error_object, NULL) &&
      sl_json_get_string (error_object, "code", TRUE, &code, NULL) &&
      sl_json_get_string (error_object, "message", FALSE, &message, NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (gate_codes); i++)
        if (g_str_equal (code, gate_codes[i].code))
          return g_error_new_literal (SL_ERROR, gate_codes[i].error,
                                      message != NULL ? message : _("The service refused the search."));
    }

  return response_error (self, request, data, length);
}

static void
gate_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *data;
  gsize length = 0;
  gpointer parsed;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                     request->port,
                                                                     request->tls_errors));
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, gate_error (self, request, data, length));
      return;
    }

  body = sl_json_parse_object (data, length, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               _("%s answered something that is not the Sightline service: %s"),
                               request->host, error->message);
      return;
    }

  parsed = request->parse (self, body, &error);
  if (parsed == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, parsed, request->result_free);
}

static gpointer
parse_search_page (SlClient    *self,
                   JsonObject  *body,
                   GError     **error)
{
  return sl_search_answer_new_from_json (body, error);
}

static gpointer
parse_track (SlClient    *self,
             JsonObject  *body,
             GError     **error)
{
  return sl_search_answer_new_from_track_json (body, error);
}

/**
 * sl_client_create_search_async:
 * @context: the case and purpose the search is made under
 * @filter: what to look for; sl_search_filter_check() says whether the
 *   service will take it
 * @limit: the size of the first page, or 0 for the service's default
 *
 * Searches the reads. Refusals of the purpose gate fail with the %SL_ERROR
 * code of the field at fault (sl_search_field_for_error()), other refusals
 * with %SL_CLIENT_ERROR_RULE, each with the service's message.
 */
void
sl_client_create_search_async (SlClient             *self,
                               SlSearchContext      *context,
                               const SlSearchFilter *filter,
                               SlSearchOrder         order,
                               guint                 limit,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (context != NULL);
  g_return_if_fail (filter != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  body = sl_search_filter_to_json (filter, context, order, limit);
  task = create_request (self, "POST", "/searches", body, TRUE,
                         parse_search_page, (GDestroyNotify) sl_search_answer_free,
                         cancellable, callback, user_data, sl_client_create_search_async);
  if (task != NULL)
    soup_session_send_and_read_async (self->soup, ((Request *) g_task_get_task_data (task))->message,
                                      G_PRIORITY_DEFAULT, cancellable, gate_send_cb, task);
}

/**
 * sl_client_create_search_finish:
 *
 * Returns: (transfer full) (nullable): the search's id, total and first page
 */
SlSearchAnswer *
sl_client_create_search_finish (SlClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_create_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_get_search_results_async:
 * @search_id: a search of this user
 * @offset: the position of the first result
 * @limit: how many, at most 500
 * @order: the order results are counted in
 *
 * Pages through a search's results, frozen when it was made.
 */
void
sl_client_get_search_results_async (SlClient            *self,
                                    gint64               search_id,
                                    guint                offset,
                                    guint                limit,
                                    SlSearchOrder        order,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (search_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/results?offset=%u&limit=%u&order=%s",
                          search_id, offset, limit, sl_search_order_to_string (order));
  task = create_request (self, "GET", path, NULL, TRUE,
                         parse_search_page, (GDestroyNotify) sl_search_answer_free,
                         cancellable, callback, user_data, sl_client_get_search_results_async);
  if (task != NULL)
    send_request (self, task);
}

/**
 * sl_client_get_search_results_finish:
 *
 * Returns: (transfer full) (nullable): the page
 */
SlSearchAnswer *
sl_client_get_search_results_finish (SlClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_search_results_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_points_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *data;
  gsize length = 0;
  GArray *points;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                     request->port,
                                                                     request->tls_errors));
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, response_error (self, request, data, length));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (request->message),
                                                        NULL);
  points = g_strcmp0 (content_type, SL_READ_POINTS_CONTENT_TYPE) == 0 ? sl_read_points_decode (bytes, &error) : NULL;
  if (points == NULL)
    {
      g_task_return_new_error (task, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               _("%s sent no map points where they were expected%s%s"), request->host,
                               error != NULL ? ": " : ".", error != NULL ? error->message : "");
      return;
    }

  g_task_return_pointer (task, points, (GDestroyNotify) g_array_unref);
}

/**
 * sl_client_get_search_points_async:
 *
 * Fetches where and when each of a search's results was read, newest
 * first, for the map.
 */
void
sl_client_get_search_points_async (SlClient            *self,
                                   gint64               search_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (search_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/points", search_id);
  task = create_request (self, "GET", path, NULL, TRUE, NULL, NULL,
                         cancellable, callback, user_data, sl_client_get_search_points_async);
  if (task == NULL)
    return;

  request = g_task_get_task_data (task);
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", SL_READ_POINTS_CONTENT_TYPE);
  soup_session_send_and_read_async (self->soup, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, fetch_points_cb, task);
}

/**
 * sl_client_get_search_points_finish:
 *
 * Returns: (transfer full) (element-type SlReadPoint): the points, or %NULL
 */
GArray *
sl_client_get_search_points_finish (SlClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_get_search_points_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sl_client_create_track_async:
 * @context: the case and purpose
 * @plate: an exact plate
 * @from_us: reads at or after this UTC time, or 0
 * @to_us: reads before this UTC time, or 0
 *
 * Asks for the track of one plate: its reads in time order, oldest first.
 * Refusals are as for sl_client_create_search_async().
 */
void
sl_client_create_track_async (SlClient            *self,
                              SlSearchContext     *context,
                              const char          *plate,
                              gint64               from_us,
                              gint64               to_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (context != NULL);
  g_return_if_fail (plate != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  sl_search_context_add_members (context, builder);
  sl_json_builder_add_string_member (builder, "plate", plate);
  if (from_us > 0)
    {
      g_autofree char *text = sl_clock_format_iso8601 (from_us);
      sl_json_builder_add_string_member (builder, "from", text);
    }
  if (to_us > 0)
    {
      g_autofree char *text = sl_clock_format_iso8601 (to_us);
      sl_json_builder_add_string_member (builder, "to", text);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = create_request (self, "POST", "/tracks", body, TRUE,
                         parse_track, (GDestroyNotify) sl_search_answer_free,
                         cancellable, callback, user_data, sl_client_create_track_async);
  if (task != NULL)
    soup_session_send_and_read_async (self->soup, ((Request *) g_task_get_task_data (task))->message,
                                      G_PRIORITY_DEFAULT, cancellable, gate_send_cb, task);
}

/**
 * sl_client_create_track_finish:
 *
 * Returns: (transfer full) (nullable): the track as one page; its @plate
 *   is set
 */
SlSearchAnswer *
sl_client_create_track_finish (SlClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_create_track_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- downloads ---- */

#define DOWNLOAD_CHUNK 65536

typedef struct
{
  GFile            *destination;
  GInputStream     *input;
  GOutputStream    *output;
  SlClientProgress  progress;
  gpointer          progress_data;
  goffset           received;
  goffset           total;
  GError           *error;     /* the failure, reported once the file is closed */
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->destination);
  g_clear_object (&download->input);
  g_clear_object (&download->output);
  g_clear_error (&download->error);
  g_free (download);
}

static void download_read_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
download_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) &&
      download->error == NULL)
    download->error = g_steal_pointer (&error);

  if (download->error != NULL)
    g_task_return_error (task, g_steal_pointer (&download->error));
  else
    g_task_return_int (task, download->received);
}

/* Closing with a cancelled cancellable leaves no partial file behind. */
static void
download_close (GTask  *task,
                GError *error)
{
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  g_autoptr(GCancellable) abort = NULL;

  download->error = error;
  if (error != NULL)
    {
      abort = g_cancellable_new ();
      g_cancellable_cancel (abort);
    }

  g_output_stream_close_async (download->output, G_PRIORITY_DEFAULT, abort,
                               download_closed_cb, task);
}

static void
download_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      download_close (task, error);
      return;
    }

  download->received += written;
  if (download->progress != NULL)
    download->progress (download->received, download->total, download->progress_data);

  g_input_stream_read_bytes_async (download->input, DOWNLOAD_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_read_cb, task);
}

static void
download_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize length;
  gconstpointer data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      download_close (task, error);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      download_close (task, NULL);
      return;
    }

  /* The bytes live until the write is done: the task holds them. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (download->output, data, length, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_written_cb, task);
}

static void
download_replaced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  GError *error = NULL;

  download->output = G_OUTPUT_STREAM (g_file_replace_finish (G_FILE (object), result, &error));
  if (download->output == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_input_stream_read_bytes_async (download->input, DOWNLOAD_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_read_cb, task);
}

static void
download_refused_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  const char *data = NULL;
  gsize length = 0;

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &length);
  g_task_return_error (task, response_error (self, request, data, length));
}

static void
download_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  g_autoptr(GError) error = NULL;

  download->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (download->input == NULL)
    {
      g_task_return_error (task, sl_client_error_new_from_transport (error, request->host,
                                                                     request->port,
                                                                     request->tls_errors));
      g_object_unref (task);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_input_stream_read_bytes_async (download->input, DOWNLOAD_CHUNK, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), download_refused_cb, task);
      return;
    }

  download->total = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (download->total <= 0)
    download->total = -1;

  g_file_replace_async (download->destination, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                        download_replaced_cb, task);
}

/**
 * sl_client_download_async:
 * @path: an API path, e.g. "/searches/12/export.csv"
 * @destination: the file to write; replaced only once complete
 * @progress: (nullable) (scope call): called as bytes arrive
 *
 * Saves what the service answers at @path into @destination.
 */
void
sl_client_download_async (SlClient            *self,
                          const char          *path,
                          GFile               *destination,
                          SlClientProgress     progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Download *download;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = create_request (self, "GET", path, NULL, TRUE, NULL, NULL,
                         cancellable, callback, user_data, sl_client_download_async);
  if (task == NULL)
    return;

  download = g_new0 (Download, 1);
  download->destination = g_object_ref (destination);
  download->progress = progress;
  download->progress_data = progress_data;
  download->total = -1;
  g_object_set_data_full (G_OBJECT (task), "download", download, (GDestroyNotify) download_free);

  soup_message_headers_replace (soup_message_get_request_headers (((Request *) g_task_get_task_data (task))->message),
                                "Accept", "*/*");
  soup_session_send_async (self->soup, ((Request *) g_task_get_task_data (task))->message,
                           G_PRIORITY_DEFAULT, cancellable, download_sent_cb, task);
}

/**
 * sl_client_download_finish:
 *
 * Returns: the bytes written, or -1 with @error set
 */
goffset
sl_client_download_finish (SlClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_download_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

static void
audit_exported_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  goffset size;

  size = sl_client_download_finish (SL_CLIENT (object), result, &error);
  if (size < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, size);
}

/**
 * sl_client_export_audit_async:
 * @filter: (nullable): which records; its @before and @limit are not used
 * @destination: the CSV file to write; replaced only once complete
 * @progress: (nullable) (scope call): called as bytes arrive
 *
 * Saves the access log's records that @filter selects as CSV, every field,
 * oldest first (auditor and administrator). The service logs the export.
 */
void
sl_client_export_audit_async (SlClient            *self,
                              const SlAuditFilter *filter,
                              GFile               *destination,
                              SlClientProgress     progress,
                              gpointer             progress_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_client_export_audit_async);

  path = audit_path ("/audit/export.csv", filter, TRUE, FALSE);
  sl_client_download_async (self, path, destination, progress, progress_data, cancellable,
                            audit_exported_cb, task);
}

/**
 * sl_client_export_audit_finish:
 *
 * Returns: the bytes written, or -1 with @error set
 */
goffset
sl_client_export_audit_finish (SlClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_export_audit_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- shared with the other files of the client's calls (sl-client-private.h) ---- */

GTask *
_sl_client_create_request (SlClient            *self,
                           const char          *method,
                           const char          *path_and_query,
                           JsonNode            *body,
                           SlClientParseFunc    parse,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data,
                           gpointer             source_tag)
{
  return create_request (self, method, path_and_query, body, TRUE, parse, result_free,
                         cancellable, callback, user_data, source_tag);
}

SoupMessage *
_sl_client_request_get_message (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  return request->message;
}

void
_sl_client_send_request (SlClient *self,
                         GTask    *task)
{
  send_request (self, task);
}

void
_sl_client_append_query (GString    *query,
                         const char *name,
                         const char *value)
{
  append_query (query, name, value);
}

void
_sl_client_append_query_int (GString    *query,
                             const char *name,
                             gint64      value)
{
  append_query_int (query, name, value);
}
