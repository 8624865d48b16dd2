/* sl-ingest.h: the camera formats (native, OpenALPR, Plate Recognizer) read into SlReads */
#pragma once

#include "sl-read.h"

G_BEGIN_DECLS

/* Reads captured further ahead of the service's clock than this are refused. */
#define SL_INGEST_MAX_FUTURE_US (5 * 60 * G_USEC_PER_SEC)
/* More reads than this in one request is a malformed request. */
#define SL_INGEST_MAX_READS 5000
/* A plate crop or overview image larger than this, decoded, is refused. */
#define SL_INGEST_MAX_IMAGE_BYTES (2 * 1024 * 1024)
/* Vehicle make, model, color and type longer than this (bytes) are refused. */
#define SL_INGEST_MAX_TEXT 100

typedef struct
{
  guint  index;     /* position in the request's list of reads */
  char  *code;      /* e.g. "invalid_plate", "invalid_field", "captured_in_future" */
  char  *message;
} SlIngestRejection;

typedef struct
{
  GPtrArray *reads;       /* SlRead, in request order */
  GArray    *indexes;     /* guint: each accepted read's index in the request */
  GArray    *rejected;    /* SlIngestRejection */
} SlIngestBatch;

SlIngestBatch *sl_ingest_batch_new             (void);
void           sl_ingest_batch_free            (SlIngestBatch *batch);
void           sl_ingest_batch_reject          (SlIngestBatch *batch,
                                                guint          index,
                                                const char    *code,
                                                const char    *message);

/* Each returns NULL with an SL_ERROR_INVALID when the body as a whole is not
 * the format; a read that breaks a rule lands in ->rejected instead, and
 * never costs the others. @now_us is the service's clock. */
SlIngestBatch *sl_ingest_parse_native          (const char    *data,
                                                gsize          length,
                                                gint64         now_us,
                                                GError       **error);
SlIngestBatch *sl_ingest_parse_openalpr        (const char    *data,
                                                gsize          length,
                                                gint64         now_us,
                                                GError       **error);
/* @upload: the multipart "upload" image, or NULL; it becomes the overview image. */
SlIngestBatch *sl_ingest_parse_platerecognizer (const char    *data,
                                                gsize          length,
                                                GBytes        *upload,
                                                gint64         now_us,
                                                GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlIngestBatch, sl_ingest_batch_free)

G_END_DECLS
