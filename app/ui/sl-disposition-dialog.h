/* sl-disposition-dialog.h: how an alert ended, asked when it is closed */
#pragma once

#include <adwaita.h>

#include "sl-alert.h"

G_BEGIN_DECLS

#define SL_TYPE_DISPOSITION_DIALOG (sl_disposition_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlDispositionDialog, sl_disposition_dialog, SL, DISPOSITION_DIALOG, AdwMessageDialog)

SlDispositionDialog *sl_disposition_dialog_new              (GtkWindow           *parent,
                                                             SlAlert             *alert,
                                                             const char          *note);
const char          *sl_disposition_dialog_get_disposition  (SlDispositionDialog *self);
void                 sl_disposition_dialog_set_disposition  (SlDispositionDialog *self,
                                                             const char          *disposition);
const char          *sl_disposition_dialog_get_note         (SlDispositionDialog *self);
gboolean             sl_disposition_dialog_can_close        (SlDispositionDialog *self);

G_END_DECLS
