#define G_LOG_DOMAIN "sl-client-error"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-error.h"
#include "sl-json.h"

/* The error body's code and refused fields ride along with the error. */
typedef struct
{
  char       *code;
  GHashTable *fields;
} SlClientErrorPrivate;

static void
sl_client_error_private_init (SlClientErrorPrivate *priv)
{
  priv->code = NULL;
  priv->fields = NULL;
}

static void
sl_client_error_private_copy (const SlClientErrorPrivate *src,
                              SlClientErrorPrivate       *dest)
{
  dest->code = g_strdup (src->code);
  dest->fields = src->fields != NULL ? g_hash_table_ref (src->fields) : NULL;
}

static void
sl_client_error_private_clear (SlClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->fields, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (SlClientError, sl_client_error)

static const struct {
  const char    *code;
  SlClientError  error;
} known_codes[] = {
  { "invalid_credentials",     SL_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "totp_required",           SL_CLIENT_ERROR_TOTP_REQUIRED },
  { "totp_invalid",            SL_CLIENT_ERROR_TOTP_INVALID },
  { "notice_not_acknowledged", SL_CLIENT_ERROR_NOTICE_REQUIRED },
  { "account_locked",          SL_CLIENT_ERROR_LOCKED },
  { "session_expired",         SL_CLIENT_ERROR_SESSION_EXPIRED },
  { "unauthorized",            SL_CLIENT_ERROR_UNAUTHORIZED },
  { "training_expired",        SL_CLIENT_ERROR_TRAINING_EXPIRED },
  { "forbidden",               SL_CLIENT_ERROR_FORBIDDEN },
  { "invalid_request",         SL_CLIENT_ERROR_INVALID_REQUEST },
  { "not_found",               SL_CLIENT_ERROR_NOT_FOUND },
  { "conflict",                SL_CLIENT_ERROR_CONFLICT },
  { "audit_unavailable",       SL_CLIENT_ERROR_UNAVAILABLE },
};

static const char * const error_names[] = {
  [SL_CLIENT_ERROR_INVALID_URL]         = "invalid-url",
  [SL_CLIENT_ERROR_UNREACHABLE]         = "unreachable",
  [SL_CLIENT_ERROR_TLS]                 = "tls",
  [SL_CLIENT_ERROR_INVALID_RESPONSE]    = "invalid-response",
  [SL_CLIENT_ERROR_INVALID_REQUEST]     = "invalid-request",
  [SL_CLIENT_ERROR_RULE]                = "rule",
  [SL_CLIENT_ERROR_NOT_FOUND]           = "not-found",
  [SL_CLIENT_ERROR_CONFLICT]            = "conflict",
  [SL_CLIENT_ERROR_UNAUTHORIZED]        = "unauthorized",
  [SL_CLIENT_ERROR_SESSION_EXPIRED]     = "session-expired",
  [SL_CLIENT_ERROR_INVALID_CREDENTIALS] = "invalid-credentials",
  [SL_CLIENT_ERROR_TOTP_REQUIRED]       = "totp-required",
  [SL_CLIENT_ERROR_TOTP_INVALID]        = "totp-invalid",
  [SL_CLIENT_ERROR_NOTICE_REQUIRED]     = "notice-required",
  [SL_CLIENT_ERROR_LOCKED]              = "locked",
  [SL_CLIENT_ERROR_FORBIDDEN]           = "forbidden",
  [SL_CLIENT_ERROR_TRAINING_EXPIRED]    = "training-expired",
  [SL_CLIENT_ERROR_UNAVAILABLE]         = "unavailable",
  [SL_CLIENT_ERROR_SERVER]              = "server",
};

static const char *
message_for_status (guint status)
{
  switch (status)
    {
    case 400: return _("The service refused the request as malformed.");
    case 401: return _("You are not logged in. Log in again.");
    case 403: return _("You are not allowed to do this.");
    case 404: return _("The service does not know this object.");
    case 409: return _("The object was changed meanwhile. Reload and try again.");
    case 413: return _("The request is too large for the service.");
    case 422: return _("The service refused the request.");
    case 423: return _("This account is locked. Ask your ALPR Administrator to unlock it.");
    case 503: return _("The service is unavailable right now. Try again in a moment.");
    default:  return NULL;
    }
}

/**
 * sl_client_error_from_response:
 * @status: the HTTP status of an unsuccessful response
 * @code: (nullable): the `error.code` of its body
 *
 * Maps an error answer of the service to an #SlClientError code. The code
 * in the body wins where it is known; otherwise the status decides.
 */
SlClientError
sl_client_error_from_response (guint       status,
                               const char *code)
{
  if (code != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (known_codes); i++)
        if (g_str_equal (code, known_codes[i].code))
          return known_codes[i].error;
    }

  switch (status)
    {
    case 400: return SL_CLIENT_ERROR_INVALID_REQUEST;
    case 401: return SL_CLIENT_ERROR_UNAUTHORIZED;
    case 403: return SL_CLIENT_ERROR_FORBIDDEN;
    case 404: return SL_CLIENT_ERROR_NOT_FOUND;
    case 409: return SL_CLIENT_ERROR_CONFLICT;
    case 413: return SL_CLIENT_ERROR_INVALID_REQUEST;
    case 422: return SL_CLIENT_ERROR_RULE;
    case 423: return SL_CLIENT_ERROR_LOCKED;
    case 503: return SL_CLIENT_ERROR_UNAVAILABLE;
    default:
      if (status >= 400 && status < 500)
        return SL_CLIENT_ERROR_INVALID_REQUEST;
      return SL_CLIENT_ERROR_SERVER;
    }
}

/* Members whose value is not a string are named with an empty message. */
static GHashTable *
fields_to_table (JsonObject *fields)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = json_node_get_string (node);
      g_hash_table_replace (table, g_strdup (name), g_strdup (text != NULL ? text : ""));
    }

  return table;
}

/**
 * sl_client_error_new_from_body:
 * @status: the HTTP status
 * @reason: (nullable): the HTTP reason phrase
 * @body: (nullable): the response body, untrusted
 * @length: its length
 *
 * Builds the error for an unsuccessful response. The message is the
 * service's own when the body is a well-formed error object.
 *
 * Returns: (transfer full): a new error in the %SL_CLIENT_ERROR domain
 */
GError *
sl_client_error_new_from_body (guint       status,
                               const char *reason,
                               const char *body,
                               gsize       length)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error_object = NULL;
  const char *code = NULL;
  const char *message = NULL;
  JsonObject *fields = NULL;
  SlClientErrorPrivate *priv;
  SlClientError error_code;
  GError *error;

  if (body != NULL && length > 0)
    object = sl_json_parse_object (body, length, NULL);

  if (object != NULL &&
      sl_json_get_object (object, "error", TRUE, &error_object, NULL))
    {
      if (!sl_json_get_string (error_object, "code", FALSE, &code, NULL))
        code = NULL;
      if (!sl_json_get_string (error_object, "message", FALSE, &message, NULL))
        message = NULL;
    }

  error_code = sl_client_error_from_response (status, code);

  if (message != NULL && *message != '\0')
    error = g_error_new_literal (SL_CLIENT_ERROR, error_code, message);
  else if (message_for_status (status) != NULL)
    error = g_error_new_literal (SL_CLIENT_ERROR, error_code, message_for_status (status));
  else
    error = g_error_new (SL_CLIENT_ERROR, error_code,
                         /* Translators: %u is an HTTP status, %s its reason phrase */
                         _("The service failed (%u %s)."),
                         status, reason != NULL ? reason : "");

  priv = sl_client_error_get_private (error);
  priv->code = g_strdup (code);
  if (error_object != NULL &&
      sl_json_get_object (error_object, "fields", FALSE, &fields, NULL) && fields != NULL)
    priv->fields = fields_to_table (fields);

  return error;
}

static char *
describe_certificate_problem (const char           *host,
                              GTlsCertificateFlags  flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup_printf (_("The certificate of %s is not signed by the agency’s certificate "
                              "authority. Choose the agency’s CA file, or ask your ALPR "
                              "Administrator."), host);
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup_printf (_("The certificate presented by %s was issued for a different "
                              "server name. Check the server address."), host);
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup_printf (_("The certificate of %s has expired. Ask your ALPR Administrator "
                              "to renew it."), host);
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup_printf (_("The certificate of %s is not valid yet. Check this computer’s "
                              "date and time."), host);
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup_printf (_("The certificate of %s has been revoked."), host);
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup_printf (_("The certificate of %s uses an insecure algorithm."), host);

  return g_strdup_printf (_("The certificate of %s is not valid."), host);
}

/**
 * sl_client_error_new_from_transport:
 * @error: the error libsoup or GIO reported
 * @host: the server's host name
 * @port: its port
 * @tls_errors: the certificate problems seen during the handshake, or 0
 *
 * Turns a network or TLS failure into a message a person can act on.
 * Cancellation is passed through unchanged.
 *
 * Returns: (transfer full): a new error
 */
GError *
sl_client_error_new_from_transport (const GError         *error,
                                    const char           *host,
                                    guint                 port,
                                    GTlsCertificateFlags  tls_errors)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (host == NULL)
    host = "?";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (tls_errors != 0)
    {
      message = describe_certificate_problem (host, tls_errors);
      return g_error_new_literal (SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS, message);
    }

  if (error->domain == G_TLS_ERROR)
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS,
                            _("%s:%u does not speak TLS. Check whether the address should "
                              "begin with http:// or https://."), host, port);
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          message = describe_certificate_problem (host, G_TLS_CERTIFICATE_GENERIC_ERROR);
          return g_error_new_literal (SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS, message);
        }
      return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS,
                          _("The secure connection to %s failed: %s"), host, error->message);
    }

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE,
                        _("The server name %s is not known. Check the server address and "
                          "this computer’s network connection."), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE,
                        _("%s did not answer in time. Check the network connection and try "
                          "again."), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE,
                        _("Cannot connect to %s on port %u. Check the server address, and "
                          "that the Sightline service is running."), host, port);

  if (error->domain == G_IO_ERROR)
    return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE,
                        _("Cannot reach %s: %s"), host, error->message);

  return g_error_new (SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                      _("%s answered something that is not the Sightline service: %s"),
                      host, error->message);
}

/**
 * sl_client_error_to_string:
 * @code: an error code
 *
 * Returns: a stable nickname of @code, for logs and tests
 */
const char *
sl_client_error_to_string (SlClientError code)
{
  if ((guint) code < G_N_ELEMENTS (error_names))
    return error_names[code];
  return "unknown";
}

/**
 * sl_client_error_get_code:
 * @error: an error
 *
 * Returns: (nullable): the `code` of the service's error body, e.g.
 *   "self_approval", or %NULL when @error did not come from one
 */
const char *
sl_client_error_get_code (const GError *error)
{
  if (error == NULL || error->domain != SL_CLIENT_ERROR)
    return NULL;

  return sl_client_error_get_private (error)->code;
}

/**
 * sl_client_error_get_fields:
 * @error: an error
 *
 * The fields a 422 answer refused, for showing each message at its field.
 *
 * Returns: (transfer none) (nullable) (element-type utf8 utf8): member
 *   name → message, or %NULL when the answer named no fields
 */
GHashTable *
sl_client_error_get_fields (const GError *error)
{
  if (error == NULL || error->domain != SL_CLIENT_ERROR)
    return NULL;

  return sl_client_error_get_private (error)->fields;
}
