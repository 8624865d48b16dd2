#define G_LOG_DOMAIN "sl-login-state"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-client.h"
#include "sl-login-state.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/**
 * sl_totp_code_is_well_formed:
 * @code: (nullable): a one-time code as typed
 *
 * Returns: whether @code is 6 to 8 digits; spaces are ignored
 */
gboolean
sl_totp_code_is_well_formed (const char *code)
{
  guint digits = 0;

  if (code == NULL)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      digits++;
    }

  return digits >= 6 && digits <= 8;
}

/**
 * sl_login_state_check:
 * @state: the form
 *
 * Returns: why the form cannot be sent, or %SL_LOGIN_READY
 */
SlLoginBlocker
sl_login_state_check (const SlLoginState *state)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (state != NULL, SL_LOGIN_BUSY);

  if (state->busy)
    return SL_LOGIN_BUSY;
  if (is_blank (state->server))
    return SL_LOGIN_NEEDS_SERVER;
  url = sl_client_normalize_url (state->server, NULL);
  if (url == NULL)
    return SL_LOGIN_INVALID_SERVER;
  if (is_blank (state->username))
    return SL_LOGIN_NEEDS_USERNAME;
  if (state->password == NULL || *state->password == '\0')
    return SL_LOGIN_NEEDS_PASSWORD;
  if (state->totp_required && !sl_totp_code_is_well_formed (state->totp))
    return SL_LOGIN_NEEDS_TOTP;
  if (!state->notice_acknowledged)
    return SL_LOGIN_NEEDS_NOTICE;

  return SL_LOGIN_READY;
}

gboolean
sl_login_state_can_submit (const SlLoginState *state)
{
  return sl_login_state_check (state) == SL_LOGIN_READY;
}

/**
 * sl_login_blocker_describe:
 *
 * Returns: what the person still has to do, translated; "" when ready
 */
const char *
sl_login_blocker_describe (SlLoginBlocker blocker)
{
  switch (blocker)
    {
    case SL_LOGIN_READY:          return "";
    case SL_LOGIN_BUSY:           return _("Logging in…");
    case SL_LOGIN_NEEDS_SERVER:   return _("Enter the server address");
    case SL_LOGIN_INVALID_SERVER: return _("The server address is not valid");
    case SL_LOGIN_NEEDS_USERNAME: return _("Enter your username");
    case SL_LOGIN_NEEDS_PASSWORD: return _("Enter your password");
    case SL_LOGIN_NEEDS_TOTP:     return _("Enter the 6-digit code from your authenticator app");
    case SL_LOGIN_NEEDS_NOTICE:   return _("Acknowledge the use notice to log in");
    default:                      g_return_val_if_reached ("");
    }
}

/**
 * sl_login_error_title:
 * @error: why a login failed
 *
 * Returns: a short heading for @error, translated; the error's own message
 *   says the rest
 */
const char *
sl_login_error_title (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SL_CLIENT_ERROR)
    return _("Login Failed");

  switch ((SlClientError) error->code)
    {
    case SL_CLIENT_ERROR_INVALID_URL:         return _("Invalid Server Address");
    case SL_CLIENT_ERROR_UNREACHABLE:         return _("Cannot Reach the Server");
    case SL_CLIENT_ERROR_TLS:                 return _("Server Certificate Not Trusted");
    case SL_CLIENT_ERROR_INVALID_RESPONSE:    return _("Not a Sightline Server");
    case SL_CLIENT_ERROR_INVALID_CREDENTIALS: return _("Wrong Username or Password");
    case SL_CLIENT_ERROR_TOTP_REQUIRED:       return _("One-Time Code Required");
    case SL_CLIENT_ERROR_TOTP_INVALID:        return _("Wrong One-Time Code");
    case SL_CLIENT_ERROR_NOTICE_REQUIRED:     return _("Use Notice Not Acknowledged");
    case SL_CLIENT_ERROR_LOCKED:              return _("Account Locked");
    case SL_CLIENT_ERROR_TRAINING_EXPIRED:    return _("Training Expired");
    case SL_CLIENT_ERROR_UNAVAILABLE:         return _("Service Unavailable");
    case SL_CLIENT_ERROR_FORBIDDEN:           return _("Access Denied");
    case SL_CLIENT_ERROR_SESSION_EXPIRED:
    case SL_CLIENT_ERROR_UNAUTHORIZED:        return _("Session Ended");
    case SL_CLIENT_ERROR_INVALID_REQUEST:
    case SL_CLIENT_ERROR_RULE:
    case SL_CLIENT_ERROR_NOT_FOUND:
    case SL_CLIENT_ERROR_CONFLICT:
    case SL_CLIENT_ERROR_SERVER:
    default:                                  return _("Login Failed");
    }
}

/**
 * sl_server_url_is_insecure:
 * @url: (nullable): a server address as typed
 *
 * Returns: whether @url would send passwords unencrypted over a network:
 *   plain http to a host other than this computer
 */
gboolean
sl_server_url_is_insecure (const char *url)
{
  g_autofree char *normalized = sl_client_normalize_url (url, NULL);
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (normalized == NULL)
    return FALSE;

  uri = g_uri_parse (normalized, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !g_str_equal (g_uri_get_scheme (uri), "http"))
    return FALSE;

  host = g_uri_get_host (uri);
  return !(g_str_equal (host, "localhost") ||
           g_str_has_prefix (host, "127.") ||
           g_str_equal (host, "::1"));
}
