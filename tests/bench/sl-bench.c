#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include "sl-bench.h"

void
sl_bench_record (Figures    *figures,
                 const char *name,
                 double      value)
{
  g_print ("%-36s %14.3f\n", name, value);
  json_builder_set_member_name (figures->builder, name);
  json_builder_add_double_value (figures->builder, value);
}

double
sl_bench_seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}
