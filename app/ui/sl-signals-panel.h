/* sl-signals-panel.h: anomaly signals on the Audit page, leads for an auditor */
#pragma once

#include <adwaita.h>

#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_SIGNALS_PANEL (sl_signals_panel_get_type ())
G_DECLARE_FINAL_TYPE (SlSignalsPanel, sl_signals_panel, SL, SIGNALS_PANEL, GtkWidget)

void        sl_signals_panel_set_client   (SlSignalsPanel *self,
                                           SlClient       *client);
void        sl_signals_panel_refresh      (SlSignalsPanel *self);
gboolean    sl_signals_panel_is_busy      (SlSignalsPanel *self);
const char *sl_signals_panel_get_error    (SlSignalsPanel *self);
guint       sl_signals_panel_count        (SlSignalsPanel *self,
                                           const char     *kind);

G_END_DECLS
