/* sl-sharing-request-dialog.h: enters a written request from an outside agency */
#pragma once

#include <adwaita.h>

#include "sl-client-sharing.h"

G_BEGIN_DECLS

#define SL_TYPE_SHARING_REQUEST_DIALOG (sl_sharing_request_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlSharingRequestDialog, sl_sharing_request_dialog, SL, SHARING_REQUEST_DIALOG, AdwWindow)

SlSharingRequestDialog *sl_sharing_request_dialog_new        (GtkWindow              *parent,
                                                              SlClient               *client,
                                                              const char             *area_json);
void                    sl_sharing_request_dialog_set_fields (SlSharingRequestDialog *self,
                                                              const char             *agency_name,
                                                              SlAgencyType            agency_type,
                                                              SlJurisdiction          jurisdiction,
                                                              const char             *requester_name,
                                                              const char             *requester_contact,
                                                              const char             *case_number,
                                                              const char             *purpose,
                                                              const char             *plates,
                                                              const char             *from,
                                                              const char             *to);
void                    sl_sharing_request_dialog_set_attachment (SlSharingRequestDialog *self,
                                                              const char             *name,
                                                              GBytes                 *pdf);
void                    sl_sharing_request_dialog_submit     (SlSharingRequestDialog *self);
gboolean                sl_sharing_request_dialog_is_busy    (SlSharingRequestDialog *self);
const char             *sl_sharing_request_dialog_get_error  (SlSharingRequestDialog *self);
SlSharingRequest       *sl_sharing_request_dialog_get_result (SlSharingRequestDialog *self);

G_END_DECLS
