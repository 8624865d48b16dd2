/* sl-login-state.h: what the login form may do, computed without a display */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SlLoginState:
 *
 * A plain copy of the login form. The window fills it from its widgets and
 * shows what sl_login_state_check() answers.
 */
typedef struct
{
  const char *server;
  const char *username;
  const char *password;
  const char *totp;
  gboolean    totp_required;
  gboolean    notice_acknowledged;
  gboolean    busy;
} SlLoginState;

/**
 * SlLoginBlocker:
 *
 * The first thing that keeps the form from being sent, in the order a
 * person fills it in.
 */
typedef enum
{
  SL_LOGIN_READY,
  SL_LOGIN_BUSY,
  SL_LOGIN_NEEDS_SERVER,
  SL_LOGIN_INVALID_SERVER,
  SL_LOGIN_NEEDS_USERNAME,
  SL_LOGIN_NEEDS_PASSWORD,
  SL_LOGIN_NEEDS_TOTP,
  SL_LOGIN_NEEDS_NOTICE,
} SlLoginBlocker;

SlLoginBlocker  sl_login_state_check        (const SlLoginState *state);
gboolean        sl_login_state_can_submit   (const SlLoginState *state);
const char     *sl_login_blocker_describe   (SlLoginBlocker      blocker);
gboolean        sl_totp_code_is_well_formed (const char         *code);
const char     *sl_login_error_title        (const GError       *error);
gboolean        sl_server_url_is_insecure   (const char         *url);

G_END_DECLS
