/* sl-hotlists-page.h: the Hot Lists page: lists, their entries, the approval queue */
#pragma once

#include <adwaita.h>

#include "sl-client-hotlist-lists.h"
#include "sl-client-hotlists.h"
#include "sl-hotlist-entry-dialog.h"
#include "sl-hotlist-import-dialog.h"
#include "sl-hotlist-list-dialog.h"

G_BEGIN_DECLS

#define SL_TYPE_HOTLISTS_PAGE (sl_hotlists_page_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistsPage, sl_hotlists_page, SL, HOTLISTS_PAGE, GtkWidget)

GtkWidget             *sl_hotlists_page_new                 (void);
void                   sl_hotlists_page_set_client          (SlHotlistsPage *self,
                                                             SlClient       *client);
void                   sl_hotlists_page_set_session         (SlHotlistsPage *self,
                                                             SlSession      *session);
void                   sl_hotlists_page_refresh             (SlHotlistsPage *self);
gboolean               sl_hotlists_page_is_busy             (SlHotlistsPage *self);
gboolean               sl_hotlists_page_has_policy          (SlHotlistsPage *self);
const char            *sl_hotlists_page_get_error           (SlHotlistsPage *self);

guint                  sl_hotlists_page_get_n_lists         (SlHotlistsPage *self);
gboolean               sl_hotlists_page_select_list         (SlHotlistsPage *self,
                                                             const char     *name);
SlHotlist             *sl_hotlists_page_get_list            (SlHotlistsPage *self);
void                   sl_hotlists_page_set_filter          (SlHotlistsPage *self,
                                                             const char     *query,
                                                             const char     *status,
                                                             SlHotlistEntryOrder order);
GListModel            *sl_hotlists_page_get_entries         (SlHotlistsPage *self);
guint                  sl_hotlists_page_get_total           (SlHotlistsPage *self);
gboolean               sl_hotlists_page_select_entry        (SlHotlistsPage *self,
                                                             guint           position);
SlHotlistEntry        *sl_hotlists_page_get_selected_entry  (SlHotlistsPage *self);
guint                  sl_hotlists_page_get_n_versions_shown (SlHotlistsPage *self);

guint                  sl_hotlists_page_get_n_approvals     (SlHotlistsPage *self);
gboolean               sl_hotlists_page_select_approval     (SlHotlistsPage *self,
                                                             guint           position);
SlHotlistApproval     *sl_hotlists_page_get_selected_approval (SlHotlistsPage *self);
void                   sl_hotlists_page_approve             (SlHotlistsPage *self,
                                                             const char     *note);
void                   sl_hotlists_page_reject              (SlHotlistsPage *self,
                                                             const char     *reason);

SlHotlistEntryDialog  *sl_hotlists_page_get_entry_dialog    (SlHotlistsPage *self);
SlHotlistImportDialog *sl_hotlists_page_get_import_dialog   (SlHotlistsPage *self);
SlHotlistListDialog   *sl_hotlists_page_get_list_dialog     (SlHotlistsPage *self);

G_END_DECLS
