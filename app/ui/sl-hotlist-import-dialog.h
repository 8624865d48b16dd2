/* sl-hotlist-import-dialog.h: replaces a general hot list with a CSV file, previewed first */
#pragma once

#include <adwaita.h>

#include "sl-client-hotlist-lists.h"
#include "sl-hotlist-csv.h"

G_BEGIN_DECLS

/* Rows of the file shown before the import. */
#define SL_HOTLIST_IMPORT_PREVIEW_ROWS 8
/* Rejected lines listed after it; the count says the rest. */
#define SL_HOTLIST_IMPORT_MAX_REJECTED_SHOWN 200

#define SL_TYPE_HOTLIST_IMPORT_DIALOG (sl_hotlist_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistImportDialog, sl_hotlist_import_dialog, SL, HOTLIST_IMPORT_DIALOG, AdwWindow)

SlHotlistImportDialog        *sl_hotlist_import_dialog_new         (GtkWindow             *parent,
                                                                    SlClient              *client,
                                                                    SlHotlist             *list);
void                          sl_hotlist_import_dialog_load_file   (SlHotlistImportDialog *self,
                                                                    GFile                 *file);
const char                   *sl_hotlist_import_dialog_get_stage   (SlHotlistImportDialog *self);
gboolean                      sl_hotlist_import_dialog_is_busy     (SlHotlistImportDialog *self);
const SlHotlistCsv           *sl_hotlist_import_dialog_get_csv     (SlHotlistImportDialog *self);
gboolean                      sl_hotlist_import_dialog_start       (SlHotlistImportDialog *self);
const SlHotlistImportSummary *sl_hotlist_import_dialog_get_summary (SlHotlistImportDialog *self);
const char                   *sl_hotlist_import_dialog_get_error   (SlHotlistImportDialog *self);

G_END_DECLS
