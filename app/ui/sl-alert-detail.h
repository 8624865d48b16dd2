/* sl-alert-detail.h: one alert in full, with the buttons for its next steps */
#pragma once

#include <gtk/gtk.h>

#include "sl-alert-image-cache.h"
#include "sl-alert.h"
#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_ALERT_DETAIL (sl_alert_detail_get_type ())
G_DECLARE_FINAL_TYPE (SlAlertDetail, sl_alert_detail, SL, ALERT_DETAIL, GtkWidget)

GtkWidget  *sl_alert_detail_new                (void);
void        sl_alert_detail_set_cache          (SlAlertDetail     *self,
                                                SlAlertImageCache *cache);
void        sl_alert_detail_set_roles          (SlAlertDetail     *self,
                                                SlRoles            roles);
void        sl_alert_detail_set_alert          (SlAlertDetail     *self,
                                                SlAlert           *alert);
SlAlert    *sl_alert_detail_get_alert          (SlAlertDetail     *self);
void        sl_alert_detail_set_busy           (SlAlertDetail     *self,
                                                gboolean           busy);
void        sl_alert_detail_clear_note         (SlAlertDetail     *self);
GtkWidget  *sl_alert_detail_get_action_button  (SlAlertDetail     *self,
                                                SlAlertState       to);
guint       sl_alert_detail_get_n_action_buttons (SlAlertDetail   *self);
GtkWindow  *sl_alert_detail_get_dialog         (SlAlertDetail     *self);

G_END_DECLS
