/* sl-client-hotlists.h: the client's calls for hot-list entries and their approval */
#pragma once

#include "sl-client.h"
#include "sl-hotlist-approval.h"
#include "sl-hotlist-entry.h"
#include "sl-hotlist-version.h"

G_BEGIN_DECLS

/* Rows per page of entries; the service allows up to 500. */
#define SL_HOTLIST_ENTRY_PAGE_SIZE 200

typedef enum
{
  SL_HOTLIST_ENTRY_ORDER_PLATE,
  SL_HOTLIST_ENTRY_ORDER_EXPIRES,
  SL_HOTLIST_ENTRY_ORDER_CREATED,  /* newest first */
  SL_HOTLIST_ENTRY_ORDER_STATUS,
} SlHotlistEntryOrder;

/**
 * SlHotlistEntryFilter:
 * @status: (nullable): only entries in this status ("pending", "active",
 *   "expired", "removed", "rejected"), or all
 * @query: (nullable): a plate prefix or a case number, as typed
 * @order: the order of the rows
 * @offset: the first row (paging)
 * @limit: how many at most, or 0 for the service's default
 */
typedef struct
{
  const char          *status;
  const char          *query;
  SlHotlistEntryOrder  order;
  guint                offset;
  guint                limit;
} SlHotlistEntryFilter;

/**
 * SlHotlistEntryPage:
 * @entries: (element-type SlHotlistEntry): the entries of this page
 * @total: how many entries the filter selects
 * @next_offset: where the next page starts, or -1 after the last
 */
typedef struct
{
  GPtrArray *entries;
  guint      total;
  gint64     next_offset;
} SlHotlistEntryPage;

void                sl_hotlist_entry_page_free       (SlHotlistEntryPage *page);
const char         *sl_hotlist_entry_order_to_string (SlHotlistEntryOrder order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistEntryPage, sl_hotlist_entry_page_free)

/* GET /hotlists/{id}/entries */
void                sl_client_list_hotlist_entries_async   (SlClient                   *self,
                                                            gint64                      list_id,
                                                            const SlHotlistEntryFilter *filter,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntryPage *sl_client_list_hotlist_entries_finish  (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* POST /hotlists/{id}/entries: a new pending entry. Refusals of fields
 * fail with %SL_CLIENT_ERROR_RULE; sl_client_error_get_fields() names
 * each field with its message ("invalid_entry", or "unknown_fields"). */
void                sl_client_create_hotlist_entry_async   (SlClient                   *self,
                                                            gint64                      list_id,
                                                            const SlHotlistEntryFields *fields,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_create_hotlist_entry_finish  (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* GET /hotlist-entries/{id}: the entry with every version. */
void                sl_client_get_hotlist_entry_async      (SlClient                   *self,
                                                            gint64                      id,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_get_hotlist_entry_finish     (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* PATCH /hotlist-entries/{id}: proposes a new version with @changes (set
 * fields only); the version in force stays until it is approved. Field
 * refusals as for creating. */
void                sl_client_update_hotlist_entry_async   (SlClient                   *self,
                                                            gint64                      id,
                                                            const SlHotlistEntryFields *changes,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_update_hotlist_entry_finish  (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* POST /hotlist-entries/{id}/renew: a pending version with a new expiry;
 * %SL_CLIENT_ERROR_CONFLICT once the entry expired. */
void                sl_client_renew_hotlist_entry_async    (SlClient                   *self,
                                                            gint64                      id,
                                                            gint64                      expires_at_us,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_renew_hotlist_entry_finish   (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* POST /hotlist-entries/{id}/approve: approves the pending entry or its
 * pending update. %SL_CLIENT_ERROR_FORBIDDEN with sl_client_error_get_code()
 * "self_approval" for the author, "not_your_team" for another supervisor. */
void                sl_client_approve_hotlist_entry_async  (SlClient                   *self,
                                                            gint64                      id,
                                                            const char                 *note,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_approve_hotlist_entry_finish (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* POST /hotlist-entries/{id}/reject: @reason is required. */
void                sl_client_reject_hotlist_entry_async   (SlClient                   *self,
                                                            gint64                      id,
                                                            const char                 *reason,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_reject_hotlist_entry_finish  (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* POST /hotlist-entries/{id}/remove: stops matching at once; @reason is required. */
void                sl_client_remove_hotlist_entry_async   (SlClient                   *self,
                                                            gint64                      id,
                                                            const char                 *reason,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SlHotlistEntry     *sl_client_remove_hotlist_entry_finish  (SlClient                   *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* GET /hotlist-approvals: the user's queue, oldest proposal first. */
void                sl_client_list_hotlist_approvals_async (SlClient                   *self,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
GPtrArray          *sl_client_list_hotlist_approvals_finish (SlClient                  *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

G_END_DECLS
