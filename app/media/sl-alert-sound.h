/* sl-alert-sound.h: the short chime of a new alert */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     sl_alert_sound_play          (void);
guint    sl_alert_sound_get_n_played  (void);

G_END_DECLS
