/* sl-live-page.h: the Live page: alerts as they arrive, and the cameras */
#pragma once

#include <adwaita.h>

#include "sl-alert-detail.h"
#include "sl-alert-stream.h"
#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_LIVE_PAGE (sl_live_page_get_type ())
G_DECLARE_FINAL_TYPE (SlLivePage, sl_live_page, SL, LIVE_PAGE, GtkWidget)

GtkWidget      *sl_live_page_new                (void);
void            sl_live_page_set_client         (SlLivePage   *self,
                                                 SlClient     *client);
void            sl_live_page_set_session        (SlLivePage   *self,
                                                 SlSession    *session);
GActionGroup   *sl_live_page_get_actions        (SlLivePage   *self);
guint           sl_live_page_get_unseen_alerts  (SlLivePage   *self);
GListModel     *sl_live_page_get_alerts         (SlLivePage   *self);
GListModel     *sl_live_page_get_cameras        (SlLivePage   *self);
SlAlertStream  *sl_live_page_get_stream         (SlLivePage   *self);
SlAlertDetail  *sl_live_page_get_detail         (SlLivePage   *self);
gboolean        sl_live_page_select_alert       (SlLivePage   *self,
                                                 gint64        id);
void            sl_live_page_show_view          (SlLivePage   *self,
                                                 const char   *name);
guint           sl_live_page_get_n_notified     (SlLivePage   *self);

G_END_DECLS
