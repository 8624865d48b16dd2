/* sl-hotlist-list-dialog.h: creates a hot list, or changes one's settings (administrator) */
#pragma once

#include <adwaita.h>

#include "sl-client-hotlist-lists.h"

G_BEGIN_DECLS

#define SL_TYPE_HOTLIST_LIST_DIALOG (sl_hotlist_list_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistListDialog, sl_hotlist_list_dialog, SL, HOTLIST_LIST_DIALOG, AdwWindow)

SlHotlistListDialog *sl_hotlist_list_dialog_new         (GtkWindow               *parent,
                                                         SlClient                *client,
                                                         SlHotlist               *list);
void                 sl_hotlist_list_dialog_set_settings (SlHotlistListDialog     *self,
                                                         const SlHotlistSettings *settings);
gboolean             sl_hotlist_list_dialog_can_save     (SlHotlistListDialog     *self);
const char          *sl_hotlist_list_dialog_get_missing  (SlHotlistListDialog     *self);
gboolean             sl_hotlist_list_dialog_save         (SlHotlistListDialog     *self);
gboolean             sl_hotlist_list_dialog_is_busy      (SlHotlistListDialog     *self);
const char          *sl_hotlist_list_dialog_get_error    (SlHotlistListDialog     *self);

G_END_DECLS
