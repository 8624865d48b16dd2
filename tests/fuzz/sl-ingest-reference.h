/* sl-ingest-reference.h: the json-glib native parser, to compare with */
#pragma once

#include "sl-core.h"

G_BEGIN_DECLS

SlIngestBatch *sl_ingest_reference_parse_native (const char  *data,
                                                 gsize        length,
                                                 gint64       now_us,
                                                 GError     **error);

G_END_DECLS
