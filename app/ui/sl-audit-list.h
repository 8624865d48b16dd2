/* sl-audit-list.h: access-log records in a column view, paged, with a detail pane */
#pragma once

#include <adwaita.h>

#include "sl-client.h"

G_BEGIN_DECLS

/**
 * SlAuditScope:
 * @SL_AUDIT_SCOPE_ALL: the whole log (auditors and administrators)
 * @SL_AUDIT_SCOPE_OWN: the user's own records ("My Activity")
 */
typedef enum
{
  SL_AUDIT_SCOPE_ALL,
  SL_AUDIT_SCOPE_OWN,
} SlAuditScope;

#define SL_TYPE_AUDIT_LIST (sl_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (SlAuditList, sl_audit_list, SL, AUDIT_LIST, GtkWidget)

GtkWidget           *sl_audit_list_new                  (void);
void                 sl_audit_list_set_client           (SlAuditList         *self,
                                                         SlClient            *client);
SlAuditScope         sl_audit_list_get_scope            (SlAuditList         *self);
void                 sl_audit_list_set_scope            (SlAuditList         *self,
                                                         SlAuditScope         scope);
void                 sl_audit_list_load                 (SlAuditList         *self,
                                                         const SlAuditFilter *filter);
void                 sl_audit_list_load_more            (SlAuditList         *self);
void                 sl_audit_list_clear                (SlAuditList         *self);
void                 sl_audit_list_set_bad_seq          (SlAuditList         *self,
                                                         gint64               seq);
guint                sl_audit_list_get_n_records        (SlAuditList         *self);
const SlAuditRecord *sl_audit_list_get_record           (SlAuditList         *self,
                                                         guint                position);
gboolean             sl_audit_list_select_row           (SlAuditList         *self,
                                                         guint                position);
const SlAuditRecord *sl_audit_list_get_selected_record  (SlAuditList         *self);
gboolean             sl_audit_list_has_more             (SlAuditList         *self);
gboolean             sl_audit_list_is_busy              (SlAuditList         *self);
const char          *sl_audit_list_get_error            (SlAuditList         *self);

/* The actions the service logs, for filters and labels. */
guint                sl_audit_actions_get_n             (void);
const char          *sl_audit_actions_get_action        (guint                index);
const char          *sl_audit_action_get_label          (const char          *action);

G_END_DECLS
