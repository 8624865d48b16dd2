/* sl-ingest-writer.h: durable storage of camera reads off the main thread, in group commits */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

typedef struct _SlIngestWriter SlIngestWriter;

/* Called in the writer's main context once the reads are durable (or not: @error). */
typedef void (*SlIngestDoneFunc) (gpointer      data,
                                  const GError *error);

SlIngestWriter *sl_ingest_writer_new   (SlStore          *store,
                                        GError          **error);
void            sl_ingest_writer_free  (SlIngestWriter   *self);
void            sl_ingest_writer_push  (SlIngestWriter   *self,
                                        GPtrArray        *reads,
                                        GArray           *alerts,
                                        SlIngestDoneFunc  done,
                                        gpointer          data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlIngestWriter, sl_ingest_writer_free)

G_END_DECLS
