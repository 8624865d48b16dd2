/* sl-search-context-dialog.h: asks for the case number, purpose and note of searches */
#pragma once

#include <adwaita.h>

#include "sl-search.h"

G_BEGIN_DECLS

#define SL_TYPE_SEARCH_CONTEXT_DIALOG (sl_search_context_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlSearchContextDialog, sl_search_context_dialog, SL, SEARCH_CONTEXT_DIALOG, AdwWindow)

SlSearchContextDialog *sl_search_context_dialog_new          (GtkWindow             *parent,
                                                              SlPolicy              *policy,
                                                              SlSearchContext       *current);
void                   sl_search_context_dialog_show_refusal (SlSearchContextDialog *self,
                                                              const GError          *error);
void                   sl_search_context_dialog_set_fields   (SlSearchContextDialog *self,
                                                              const char            *case_number,
                                                              const char            *purpose_code,
                                                              const char            *note);
gboolean               sl_search_context_dialog_can_submit   (SlSearchContextDialog *self);
const char            *sl_search_context_dialog_get_missing  (SlSearchContextDialog *self);
gboolean               sl_search_context_dialog_submit       (SlSearchContextDialog *self);

G_END_DECLS
