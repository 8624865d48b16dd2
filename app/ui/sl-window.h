/* sl-window.h: the main window of a session */
#pragma once

#include <adwaita.h>

#include "sl-activity-window.h"
#include "sl-application.h"
#include "sl-client.h"
#include "sl-pages.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

SlWindow   *sl_window_new                (SlApplication *application,
                                          SlClient      *client,
                                          SlSession     *session);
SlSession  *sl_window_get_session        (SlWindow      *self);
SlPages     sl_window_get_visible_pages  (SlWindow      *self);
void        sl_window_lock               (SlWindow      *self,
                                          const char    *reason);
gboolean    sl_window_get_locked         (SlWindow      *self);
SlActivityWindow *sl_window_get_activity_window (SlWindow *self);

G_END_DECLS
