/* sl-hotlist-entry-dialog.h: proposes a hot-list entry, or an update of one, checked as typed */
#pragma once

#include <adwaita.h>

#include "sl-client-hotlists.h"
#include "sl-hotlist-view-state.h"

G_BEGIN_DECLS

#define SL_TYPE_HOTLIST_ENTRY_DIALOG (sl_hotlist_entry_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistEntryDialog, sl_hotlist_entry_dialog, SL, HOTLIST_ENTRY_DIALOG, AdwWindow)

SlHotlistEntryDialog *sl_hotlist_entry_dialog_new          (GtkWindow                *parent,
                                                            SlClient                 *client,
                                                            SlPolicy                 *policy,
                                                            SlHotlist                *list,
                                                            SlHotlistEntry           *entry);
void                  sl_hotlist_entry_dialog_set_form     (SlHotlistEntryDialog     *self,
                                                            const SlHotlistEntryForm *form);
gboolean              sl_hotlist_entry_dialog_can_save     (SlHotlistEntryDialog     *self);
const char           *sl_hotlist_entry_dialog_get_missing  (SlHotlistEntryDialog     *self);
gboolean              sl_hotlist_entry_dialog_save         (SlHotlistEntryDialog     *self);
gboolean              sl_hotlist_entry_dialog_is_busy      (SlHotlistEntryDialog     *self);
void                  sl_hotlist_entry_dialog_show_refusal (SlHotlistEntryDialog     *self,
                                                            const GError             *error);
const char           *sl_hotlist_entry_dialog_get_field_error (SlHotlistEntryDialog  *self,
                                                            const char               *field);

G_END_DECLS
