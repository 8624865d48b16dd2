/* sl-activity-window.h: "My Activity": the user's own records of the access log */
#pragma once

#include <adwaita.h>

#include "sl-audit-list.h"
#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_ACTIVITY_WINDOW (sl_activity_window_get_type ())
G_DECLARE_FINAL_TYPE (SlActivityWindow, sl_activity_window, SL, ACTIVITY_WINDOW, AdwWindow)

SlActivityWindow *sl_activity_window_new      (GtkWindow        *parent,
                                               SlClient         *client);
SlAuditList      *sl_activity_window_get_list (SlActivityWindow *self);
void              sl_activity_window_reload   (SlActivityWindow *self);

G_END_DECLS
