/* sl-requests-page.h: the Requests page: the share register, intake, review, release */
#pragma once

#include <adwaita.h>

#include "sl-client-sharing.h"
#include "sl-map-page.h"
#include "sl-sharing-request-dialog.h"

G_BEGIN_DECLS

#define SL_TYPE_REQUESTS_PAGE (sl_requests_page_get_type ())
G_DECLARE_FINAL_TYPE (SlRequestsPage, sl_requests_page, SL, REQUESTS_PAGE, GtkWidget)

GtkWidget              *sl_requests_page_new               (void);
void                    sl_requests_page_set_client        (SlRequestsPage  *self,
                                                            SlClient        *client);
void                    sl_requests_page_set_session       (SlRequestsPage  *self,
                                                            SlSession       *session);
void                    sl_requests_page_set_map_page      (SlRequestsPage  *self,
                                                            SlMapPage       *map_page);
void                    sl_requests_page_refresh           (SlRequestsPage  *self);
gboolean                sl_requests_page_is_busy           (SlRequestsPage  *self);
const char             *sl_requests_page_get_error         (SlRequestsPage  *self);

guint                   sl_requests_page_get_n_requests    (SlRequestsPage  *self);
gint64                  sl_requests_page_get_count         (SlRequestsPage  *self,
                                                            SlSharingStatus  status);
gboolean                sl_requests_page_select            (SlRequestsPage  *self,
                                                            gint64           id);
SlSharingRequest       *sl_requests_page_get_selected      (SlRequestsPage  *self);
gint64                  sl_requests_page_get_preview_reads (SlRequestsPage  *self);
gboolean                sl_requests_page_can_review        (SlRequestsPage  *self);
void                    sl_requests_page_decide            (SlRequestsPage  *self,
                                                            gboolean         approve,
                                                            const char      *reason,
                                                            const char      *plates,
                                                            const char      *ends);
void                    sl_requests_page_build_package     (SlRequestsPage  *self,
                                                            GFile           *destination);
const char             *sl_requests_page_get_manifest      (SlRequestsPage  *self);

SlSharingRequestDialog *sl_requests_page_open_intake       (SlRequestsPage  *self);

G_END_DECLS
