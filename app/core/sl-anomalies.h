/* sl-anomalies.h: patterns in the searches an auditor should look at */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *kind;        /* "off_hours", "volume", "repeated_plate", "reused_note" */
  char   *username;    /* NULL for a note several users wrote */
  char   *subject;     /* the day, the plate or the note it is about, or NULL */
  gint64  count;       /* searches that make it up */
  gint64  first_seq;   /* the first of them in the access log */
  char   *detail;      /* for people */
} SlAnomaly;

void       sl_anomaly_free    (SlAnomaly  *anomaly);
GPtrArray *sl_anomalies_find  (GPtrArray  *records,
                               GTimeZone  *tz);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAnomaly, sl_anomaly_free)

G_END_DECLS
