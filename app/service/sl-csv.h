/* sl-csv.h: the CSV the service's exports write */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void sl_csv_append (GString    *csv,
                    gboolean    first,
                    const char *text,
                    gboolean    is_text);

G_END_DECLS
