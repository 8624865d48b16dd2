/* sl-hotlist-entry.h: an entry of a specific hot list, as the service sends it */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sl-hotlist-version.h"

G_BEGIN_DECLS

/**
 * SlHotlistEntryStatus:
 * @SL_HOTLIST_ENTRY_STATUS_PENDING: proposed, not yet approved; never matches
 * @SL_HOTLIST_ENTRY_STATUS_ACTIVE: approved and matching reads
 * @SL_HOTLIST_ENTRY_STATUS_EXPIRED: its expiry passed; no longer matches
 * @SL_HOTLIST_ENTRY_STATUS_REMOVED: removed by its author, their supervisor
 *   or an administrator
 * @SL_HOTLIST_ENTRY_STATUS_REJECTED: the proposal was rejected
 */
typedef enum
{
  SL_HOTLIST_ENTRY_STATUS_PENDING,
  SL_HOTLIST_ENTRY_STATUS_ACTIVE,
  SL_HOTLIST_ENTRY_STATUS_EXPIRED,
  SL_HOTLIST_ENTRY_STATUS_REMOVED,
  SL_HOTLIST_ENTRY_STATUS_REJECTED,
} SlHotlistEntryStatus;

#define SL_TYPE_HOTLIST_ENTRY (sl_hotlist_entry_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistEntry, sl_hotlist_entry, SL, HOTLIST_ENTRY, GObject)

/* Properties, for expressions in list views: "id", "list-name", "plate",
 * "region", "reason-label", "case-number", "status", "status-label",
 * "expires-at" (gint64 µs), "entered-by", "entered-by-name", "created-at"
 * (gint64 µs), "has-pending-update". */

SlHotlistEntry       *sl_hotlist_entry_new_from_json      (JsonObject      *object,
                                                           GError         **error);

gint64                sl_hotlist_entry_get_id             (SlHotlistEntry  *self);
gint64                sl_hotlist_entry_get_list_id        (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_list_name      (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_plate          (SlHotlistEntry  *self);
gboolean              sl_hotlist_entry_get_is_pattern     (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_region         (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_reason         (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_reason_label   (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_case_number    (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_synopsis       (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_make           (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_model          (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_color          (SlHotlistEntry  *self);
SlHotlistEntryStatus  sl_hotlist_entry_get_status         (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_status_label   (SlHotlistEntry  *self);
gint64                sl_hotlist_entry_get_effective_at_us (SlHotlistEntry *self);
gint64                sl_hotlist_entry_get_expires_at_us  (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_entered_by     (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_entered_by_name (SlHotlistEntry *self);
gint64                sl_hotlist_entry_get_created_at_us  (SlHotlistEntry  *self);
const char           *sl_hotlist_entry_get_approved_by    (SlHotlistEntry  *self);
gint64                sl_hotlist_entry_get_approved_at_us (SlHotlistEntry  *self);

/* The entry's fields as they are in force (for a pending entry: as proposed). */
const SlHotlistEntryFields *sl_hotlist_entry_get_fields   (SlHotlistEntry  *self);

/* The proposed update waiting for approval, or %NULL. */
SlHotlistVersion     *sl_hotlist_entry_get_pending_update (SlHotlistEntry  *self);

/* Every version, oldest first; only an entry fetched on its own carries
 * them (sl_client_get_hotlist_entry_async()): check has_versions. */
gboolean              sl_hotlist_entry_has_versions       (SlHotlistEntry  *self);
GListModel           *sl_hotlist_entry_get_versions       (SlHotlistEntry  *self);

const char           *sl_hotlist_entry_status_to_string   (SlHotlistEntryStatus status);
gboolean              sl_hotlist_entry_status_from_string (const char           *text,
                                                           SlHotlistEntryStatus *status);
const char           *sl_hotlist_entry_status_get_label   (SlHotlistEntryStatus status);

G_END_DECLS
