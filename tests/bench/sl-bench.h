/* sl-bench.h: what the parts of sightline-bench share */
#pragma once

#include "sl-core.h"

G_BEGIN_DECLS

/* Figures are written as one flat JSON object, name → number, so runs compare line by line. */
typedef struct
{
  JsonBuilder *builder;
} Figures;

void    sl_bench_record         (Figures    *figures,
                                 const char *name,
                                 double      value);
double  sl_bench_seconds_since  (gint64      start);

void    bench_ingest            (Figures    *figures,
                                 const char *dir);
void    bench_search            (Figures    *figures,
                                 const char *dir);
void    bench_map               (Figures    *figures);

G_END_DECLS
