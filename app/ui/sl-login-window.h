/* sl-login-window.h: server, credentials and the use notice */
#pragma once

#include <adwaita.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_LOGIN_WINDOW (sl_login_window_get_type ())
G_DECLARE_FINAL_TYPE (SlLoginWindow, sl_login_window, SL, LOGIN_WINDOW, AdwApplicationWindow)

SlLoginWindow  *sl_login_window_new          (GtkApplication *application,
                                              SlClient       *client);
void            sl_login_window_set_fields   (SlLoginWindow  *self,
                                              const char     *server,
                                              const char     *ca_file,
                                              const char     *username);
char           *sl_login_window_dup_server   (SlLoginWindow  *self);
const char     *sl_login_window_get_ca_file  (SlLoginWindow  *self);
const char     *sl_login_window_get_notice   (SlLoginWindow  *self);
gboolean        sl_login_window_get_busy     (SlLoginWindow  *self);

G_END_DECLS
