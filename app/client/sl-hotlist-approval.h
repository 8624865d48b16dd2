/* sl-hotlist-approval.h: one item of a supervisor's approval queue */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-hotlist-entry.h"
#include "sl-hotlist-version.h"

G_BEGIN_DECLS

#define SL_TYPE_HOTLIST_APPROVAL (sl_hotlist_approval_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistApproval, sl_hotlist_approval, SL, HOTLIST_APPROVAL, GObject)

SlHotlistApproval *sl_hotlist_approval_new_from_json (JsonObject         *object,
                                                      GError            **error);

/* The entry as it is now (status pending for a new entry). */
SlHotlistEntry    *sl_hotlist_approval_get_entry     (SlHotlistApproval  *self);
/* The version waiting for a decision. */
SlHotlistVersion  *sl_hotlist_approval_get_version   (SlHotlistApproval  *self);
/* The version in force, which an update is shown against; %NULL for a new entry. */
SlHotlistVersion  *sl_hotlist_approval_get_active    (SlHotlistApproval  *self);
gboolean           sl_hotlist_approval_is_update     (SlHotlistApproval  *self);

G_END_DECLS
