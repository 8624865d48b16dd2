/* sl-plate.h: licence plate normalization */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_PLATE_MAX_LENGTH 10

char     *sl_plate_normalize        (const char  *raw,
                                     GError     **error);
char     *sl_plate_pattern_normalize (const char  *raw,
                                     GError     **error);
gboolean  sl_plate_is_pattern        (const char  *plate);
gboolean  sl_region_is_valid        (const char  *region);

G_END_DECLS
