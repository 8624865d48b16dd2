/* sl-audit-page.h: the Audit page: the whole access log, its chain and its export,
 * compliance audits and anomaly signals */
#pragma once

#include <adwaita.h>

#include "sl-audit-list.h"
#include "sl-client.h"
#include "sl-compliance-panel.h"
#include "sl-signals-panel.h"

G_BEGIN_DECLS

/**
 * SlAuditTime:
 *
 * The time ranges the filter bar offers.
 */
typedef enum
{
  SL_AUDIT_TIME_ANY,
  SL_AUDIT_TIME_LAST_HOUR,
  SL_AUDIT_TIME_LAST_DAY,
  SL_AUDIT_TIME_LAST_WEEK,
  SL_AUDIT_TIME_LAST_MONTH,
  SL_AUDIT_TIME_CUSTOM,
} SlAuditTime;

#define SL_TYPE_AUDIT_PAGE (sl_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (SlAuditPage, sl_audit_page, SL, AUDIT_PAGE, GtkWidget)

GtkWidget           *sl_audit_page_new             (void);
void                 sl_audit_page_set_client      (SlAuditPage   *self,
                                                    SlClient      *client);
void                 sl_audit_page_set_session     (SlAuditPage   *self,
                                                    SlSession     *session);
SlAuditList         *sl_audit_page_get_list        (SlAuditPage   *self);
void                 sl_audit_page_show            (SlAuditPage   *self,
                                                    const char    *view);
SlCompliancePanel   *sl_audit_page_get_compliance  (SlAuditPage   *self);
SlSignalsPanel      *sl_audit_page_get_signals     (SlAuditPage   *self);
void                 sl_audit_page_set_filters     (SlAuditPage   *self,
                                                    const char    *username,
                                                    const char    *action,
                                                    const char    *case_number,
                                                    const char    *plate,
                                                    SlAuditTime    time);
gboolean             sl_audit_page_apply_filters   (SlAuditPage   *self);
void                 sl_audit_page_verify          (SlAuditPage   *self);
gboolean             sl_audit_page_is_verifying    (SlAuditPage   *self);
void                 sl_audit_page_export          (SlAuditPage   *self,
                                                    const SlAuditFilter *filter,
                                                    GFile         *file);
gboolean             sl_audit_page_is_exporting    (SlAuditPage   *self);
const SlAuditChain  *sl_audit_page_get_chain       (SlAuditPage   *self);
const char          *sl_audit_page_get_error       (SlAuditPage   *self);

G_END_DECLS
