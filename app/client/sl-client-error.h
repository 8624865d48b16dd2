/* sl-client-error.h: what can go wrong talking to the service */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_CLIENT_ERROR (sl_client_error_quark ())

/**
 * SlClientError:
 * @SL_CLIENT_ERROR_INVALID_URL: the server address is not an http(s) URL
 * @SL_CLIENT_ERROR_UNREACHABLE: no connection to the service (refused, unknown host, timeout)
 * @SL_CLIENT_ERROR_TLS: the service's certificate is not trusted, or TLS failed
 * @SL_CLIENT_ERROR_INVALID_RESPONSE: the service answered something that is not the API
 * @SL_CLIENT_ERROR_INVALID_REQUEST: the service refused the request as malformed (400)
 * @SL_CLIENT_ERROR_RULE: the request breaks a rule of the service or the policy (422)
 * @SL_CLIENT_ERROR_NOT_FOUND: no such object (404)
 * @SL_CLIENT_ERROR_CONFLICT: the object exists or changed meanwhile (409)
 * @SL_CLIENT_ERROR_UNAUTHORIZED: no valid session (401)
 * @SL_CLIENT_ERROR_SESSION_EXPIRED: the session ended (idle or too old); log in again
 * @SL_CLIENT_ERROR_INVALID_CREDENTIALS: wrong username or password
 * @SL_CLIENT_ERROR_TOTP_REQUIRED: the account needs a one-time code
 * @SL_CLIENT_ERROR_TOTP_INVALID: the one-time code was wrong
 * @SL_CLIENT_ERROR_NOTICE_REQUIRED: the use notice was not acknowledged
 * @SL_CLIENT_ERROR_LOCKED: the account is locked (423)
 * @SL_CLIENT_ERROR_FORBIDDEN: the user's roles or the policy do not allow this (403)
 * @SL_CLIENT_ERROR_TRAINING_EXPIRED: the user's ALPR training lapsed (403)
 * @SL_CLIENT_ERROR_UNAVAILABLE: the service cannot serve now, e.g. the access log failed (503)
 * @SL_CLIENT_ERROR_SERVER: any other failure on the service's side
 *
 * Cancelled operations report %G_IO_ERROR_CANCELLED, not a code of this domain.
 */
typedef enum
{
  SL_CLIENT_ERROR_INVALID_URL,
  SL_CLIENT_ERROR_UNREACHABLE,
  SL_CLIENT_ERROR_TLS,
  SL_CLIENT_ERROR_INVALID_RESPONSE,
  SL_CLIENT_ERROR_INVALID_REQUEST,
  SL_CLIENT_ERROR_RULE,
  SL_CLIENT_ERROR_NOT_FOUND,
  SL_CLIENT_ERROR_CONFLICT,
  SL_CLIENT_ERROR_UNAUTHORIZED,
  SL_CLIENT_ERROR_SESSION_EXPIRED,
  SL_CLIENT_ERROR_INVALID_CREDENTIALS,
  SL_CLIENT_ERROR_TOTP_REQUIRED,
  SL_CLIENT_ERROR_TOTP_INVALID,
  SL_CLIENT_ERROR_NOTICE_REQUIRED,
  SL_CLIENT_ERROR_LOCKED,
  SL_CLIENT_ERROR_FORBIDDEN,
  SL_CLIENT_ERROR_TRAINING_EXPIRED,
  SL_CLIENT_ERROR_UNAVAILABLE,
  SL_CLIENT_ERROR_SERVER,
} SlClientError;

GQuark         sl_client_error_quark          (void);
SlClientError  sl_client_error_from_response  (guint        status,
                                               const char  *code);
GError        *sl_client_error_new_from_body  (guint        status,
                                               const char  *reason,
                                               const char  *body,
                                               gsize        length);
GError        *sl_client_error_new_from_transport (const GError *error,
                                                   const char   *host,
                                                   guint         port,
                                                   GTlsCertificateFlags tls_errors);
const char    *sl_client_error_to_string      (SlClientError code);

/* What the service's error body said beyond its message: its `code`
 * (e.g. "self_approval") and, for refused fields, `fields` (member name →
 * message, e.g. "case_number" → "…"). Both %NULL for other errors. */
const char    *sl_client_error_get_code       (const GError *error);
GHashTable    *sl_client_error_get_fields     (const GError *error);

G_END_DECLS
