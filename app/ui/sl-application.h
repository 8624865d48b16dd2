/* sl-application.h: the Sightline desktop client */
#pragma once

#include <adwaita.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())
G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication  *sl_application_new            (void);
SlClient       *sl_application_get_client     (SlApplication *self);
GSettings      *sl_application_get_settings   (SlApplication *self);
GtkWindow      *sl_application_show_login     (SlApplication *self);
GtkWindow      *sl_application_get_main_window (SlApplication *self);
void            sl_application_log_out        (SlApplication *self);

G_END_DECLS
