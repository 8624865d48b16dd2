/* sl-read.h: one plate read, whichever camera format it arrived in */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

/* Alternatives kept per read; readers rank them, the rest are noise. */
#define SL_READ_MAX_CANDIDATES 16

typedef struct
{
  char   *plate;        /* normalized */
  double  confidence;   /* 0–100 */
} SlCandidate;

struct _SlRead
{
  gint64  id;             /* 0 until stored */
  char   *plate;          /* normalized */
  char   *plate_raw;      /* as the reader sent it */
  char   *region;         /* state or province code, "" when unknown */
  double  confidence;     /* 0–100 */
  gint64  captured_us;    /* UTC */
  gint64  received_us;
  gint64  camera_id;
  double  lat;            /* NAN when the reader sent no position */
  double  lon;
  double  heading;        /* degrees clockwise from north, NAN when unknown */
  GArray *candidates;     /* SlCandidate: the reader's alternatives, never the plate itself */
  char   *make;           /* vehicle attributes, NULL when unknown */
  char   *model;
  char   *color;
  char   *vehicle_type;
  GBytes *plate_image;    /* JPEG or PNG, or NULL */
  GBytes *overview_image;
};

SlRead   *sl_read_new            (void);
SlRead   *sl_read_copy           (const SlRead *read);
void      sl_read_free           (SlRead     *read);
void      sl_read_add_candidate  (SlRead     *read,
                                  const char *plate,
                                  double      confidence);
char     *sl_region_from_code    (const char *code,
                                  const char *country);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRead, sl_read_free)

G_END_DECLS
