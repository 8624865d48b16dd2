#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include <math.h>

#include "sl-bench.h"
#include "sl-demo-tiles.h"

/* 200 different tiles around Lake Merritt at zoom 15, the Map page's street
 * zoom, drawn one after another as one rendering thread would. */
void
bench_map (Figures *figures)
{
  const int zoom = 15, n = 200, columns = 20;
  double lat = 37.8044 * G_PI / 180, lon = -122.2712;
  int x0 = (int) ((lon + 180) / 360 * (1 << zoom)) - columns / 2;
  int y0 = (int) ((1 - asinh (tan (lat)) / G_PI) / 2 * (1 << zoom)) - n / columns / 2;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  gint64 start;

  /* the first tile also builds the shared geography */
  first = sl_demo_tiles_render (x0, y0, zoom, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GBytes) png = sl_demo_tiles_render (x0 + i % columns, y0 + i / columns, zoom, &error);

      if (png == NULL)
        g_error ("%s", error->message);
    }
  sl_bench_record (figures, "map_demo_tile_ms", sl_bench_seconds_since (start) * 1000 / n);
}
