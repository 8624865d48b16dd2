/* sl-map-source-dialog.h: chooses the Map page's base map */
#pragma once

#include <adwaita.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_MAP_SOURCE_DIALOG (sl_map_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlMapSourceDialog, sl_map_source_dialog, SL, MAP_SOURCE_DIALOG, AdwWindow)

SlMapSourceDialog *sl_map_source_dialog_new              (GtkWindow         *parent,
                                                          GSettings         *settings,
                                                          SlClient          *client);
gboolean           sl_map_source_dialog_is_asking        (SlMapSourceDialog *self);
void               sl_map_source_dialog_set_choice       (SlMapSourceDialog *self,
                                                          const char        *choice);
const char        *sl_map_source_dialog_get_choice       (SlMapSourceDialog *self);
void               sl_map_source_dialog_set_xyz_url      (SlMapSourceDialog *self,
                                                          const char        *url);
const char        *sl_map_source_dialog_get_problem      (SlMapSourceDialog *self);
gboolean           sl_map_source_dialog_apply            (SlMapSourceDialog *self);

G_END_DECLS
