/* sl-alert-row.h: one alert in the Live page's list */
#pragma once

#include <gtk/gtk.h>

#include "sl-alert-image-cache.h"
#include "sl-alert.h"

G_BEGIN_DECLS

#define SL_TYPE_ALERT_ROW (sl_alert_row_get_type ())
G_DECLARE_FINAL_TYPE (SlAlertRow, sl_alert_row, SL, ALERT_ROW, GtkWidget)

GtkWidget  *sl_alert_row_new        (SlAlertImageCache *cache);
void        sl_alert_row_set_alert  (SlAlertRow        *self,
                                     SlAlert           *alert);
SlAlert    *sl_alert_row_get_alert  (SlAlertRow        *self);

G_END_DECLS
