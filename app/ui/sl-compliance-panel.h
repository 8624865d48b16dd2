/* sl-compliance-panel.h: compliance audits on the Audit page: the sample, its review, the memo */
#pragma once

#include <adwaita.h>

#include "sl-client.h"
#include "sl-session.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPLIANCE_PANEL (sl_compliance_panel_get_type ())
G_DECLARE_FINAL_TYPE (SlCompliancePanel, sl_compliance_panel, SL, COMPLIANCE_PANEL, GtkWidget)

void        sl_compliance_panel_set_client      (SlCompliancePanel *self,
                                                 SlClient          *client);
void        sl_compliance_panel_set_session     (SlCompliancePanel *self,
                                                 SlSession         *session);
void        sl_compliance_panel_refresh         (SlCompliancePanel *self);
gboolean    sl_compliance_panel_is_busy         (SlCompliancePanel *self);
const char *sl_compliance_panel_get_error       (SlCompliancePanel *self);
const char *sl_compliance_panel_get_due_text    (SlCompliancePanel *self);
guint       sl_compliance_panel_get_n_audits    (SlCompliancePanel *self);
JsonObject *sl_compliance_panel_get_audit       (SlCompliancePanel *self);

void        sl_compliance_panel_start_audit     (SlCompliancePanel *self,
                                                 const char        *from,
                                                 const char        *to,
                                                 const char        *seed);
void        sl_compliance_panel_review          (SlCompliancePanel *self,
                                                 gint64             position,
                                                 gboolean           compliant,
                                                 const char        *note,
                                                 gboolean           data_error);
void        sl_compliance_panel_close_audit     (SlCompliancePanel *self,
                                                 const char        *summary);
void        sl_compliance_panel_save_memo       (SlCompliancePanel *self,
                                                 GFile             *destination);
gboolean    sl_compliance_panel_get_memo_saved  (SlCompliancePanel *self);

G_END_DECLS
