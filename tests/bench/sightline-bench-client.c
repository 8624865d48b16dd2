#define G_LOG_DOMAIN "sightline-bench-client"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <shumate/shumate.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "sl-bench.h"
#include "sl-client.h"
#include "sl-demo-tiles.h"
#include "sl-reads-layer.h"
#include "sl-search-results.h"

/*
 * The desktop client's figures, under Xvfb:
 *
 *   sightline-bench-client OUTPUT [map] [rss]
 *
 * adds them to the flat JSON object in OUTPUT (written by sightline-bench),
 * replacing figures of the same name. The same program, re-executed, also
 * makes the database (--generate DIR) and is the client whose memory is
 * measured (--client URL), so that process has never opened SQLite.
 */

/* The area of the reads: Oakland. */
#define MIN_LAT   37.70
#define MAX_LAT   37.86
#define MIN_LON  -122.32
#define MAX_LON  -122.14

#define WIDTH     1280
#define HEIGHT    800

#define MAP_POINTS    100000
#define MAP_CAMERAS   150
#define MAP_MOBILE    60          /* of the cameras: their reads are anywhere */
#define MAP_WARMUP    20          /* frames panned before measuring */
#define MAP_FRAMES    120         /* measured, per zoom level */
#define MAP_PAN_PX    24.0        /* the radius of the circle the centre pans along */
#define MAP_SETTLE_MS 2500        /* for the tiles of a new zoom level */

#define RSS_READS     1000000
#define RSS_CAMERAS   12
#define RSS_SPAN_US   (G_TIME_SPAN_DAY * 13 / 2)
#define RSS_PAGES     4           /* of the results list, fetched before measuring */
#define INSERT_BATCH  20000

#define USERNAME      "bench"
#define PASSWORD      "Bench-Mark-Orchard-9"

/* ---- waiting on the main loop ---- */

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
p95 (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (0.95 * samples->len)));
}

static double
mean (GArray *samples)
{
  double sum = 0;

  for (guint i = 0; i < samples->len; i++)
    sum += g_array_index (samples, double, i);
  return sum / MAX (samples->len, 1);
}

/* A window with the map as the Map page has it: the demo base map and the reads layer. */
static GtkWidget *
map_new (SlReadsLayer **layer)
{
  g_autoptr(ShumateMapSource) source = sl_demo_tiles_new_map_source ();
  ShumateSimpleMap *simple = shumate_simple_map_new ();
  ShumateViewport *viewport;

  shumate_simple_map_set_map_source (simple, source);
  viewport = shumate_simple_map_get_viewport (simple);
  *layer = sl_reads_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (simple, SHUMATE_LAYER (*layer));
  gtk_widget_set_hexpand (GTK_WIDGET (simple), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (simple), TRUE);
  return GTK_WIDGET (simple);
}

/* ---- map_frame_100k_ms ---- */

typedef struct
{
  ShumateMap    *map;
  SlReadsLayer  *layer;
  GdkDisplay    *display;
  GArray        *samples;     /* double, ms */
  guint          n_frames;
  guint          frame;
  guint          max_drawn;
  double         lat;         /* the centre the pan circles around */
  double         lon;
  double         radius_lat;
  double         radius_lon;
  gint64         frame_start;
  gint64         cpu_start;   /* of this thread, µs */
  gint64         cpu_us;      /* of the measured frames */
  gboolean       running;
} Panning;

/* Which reads a week of 150 cameras, 60 of them mobile, took over the city. */
static GArray *
synthetic_points (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (SlReadPoint), n);
  gint64 newest_us = G_GINT64_CONSTANT (1772366400) * G_USEC_PER_SEC;
  double camera_lat[MAP_CAMERAS];
  double camera_lon[MAP_CAMERAS];

  for (guint c = 0; c < MAP_CAMERAS; c++)
    {
      camera_lat[c] = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
      camera_lon[c] = g_rand_double_range (rand, MIN_LON, MAX_LON);
    }

  for (guint i = 0; i < n; i++)
    {
      guint c = g_rand_int_range (rand, 0, MAP_CAMERAS);
      SlReadPoint point = {
        .id = n - i,
        .captured_us = newest_us - (gint64) ((double) i / n * 7 * G_TIME_SPAN_DAY) - g_rand_int_range (rand, 0, 1000000),
        .camera_id = c + 1,
        .flags = g_rand_int_range (rand, 0, 100) == 0 ? SL_READ_POINT_HIT : 0,
      };

      if (c < MAP_MOBILE)
        {
          point.lat = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
          point.lon = g_rand_double_range (rand, MIN_LON, MAX_LON);
        }
      else
        {
          point.lat = camera_lat[c] + g_rand_double_range (rand, -0.0003, 0.0003);
          point.lon = camera_lon[c] + g_rand_double_range (rand, -0.0003, 0.0003);
        }
      g_array_append_val (points, point);
    }

  return points;
}

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Panning       *panning)
{
  if (!panning->running)
    return;

  panning->frame_start = g_get_monotonic_time ();
  panning->cpu_start = thread_cpu_us ();
}

/* Each frame moves the centre a little along a circle, so the frame has
 * everything a pan costs while the tiles it needs stay the same. */
static void
update_cb (GdkFrameClock *clock,
           Panning       *panning)
{
  double angle;

  if (!panning->running)
    return;

  angle = 2 * G_PI * panning->frame / 60.0;
  shumate_map_center_on (panning->map,
                         panning->lat + panning->radius_lat * sin (angle),
                         panning->lon + panning->radius_lon * cos (angle));
  panning->frame++;
}

/* The X server draws what cairo sends it: the frame ends when it has. */
static void
after_paint_cb (GdkFrameClock *clock,
                Panning       *panning)
{
  if (!panning->running || panning->frame_start == 0)
    return;

  gdk_display_sync (panning->display);
  if (panning->frame > MAP_WARMUP)
    {
      double ms = (g_get_monotonic_time () - panning->frame_start) / 1000.0;

      g_array_append_val (panning->samples, ms);
      panning->cpu_us += thread_cpu_us () - panning->cpu_start;
      panning->max_drawn = MAX (panning->max_drawn, sl_reads_layer_get_n_drawn (panning->layer));
    }
  panning->frame_start = 0;

  if (panning->samples->len >= panning->n_frames)
    {
      panning->running = FALSE;
      gdk_frame_clock_end_updating (clock);
    }
}

/* Pans MAP_FRAMES frames at @zoom once its tiles are in.
 * Returns: (transfer full): the frames' times in ms */
static GArray *
pan_at (Panning       *panning,
        GdkFrameClock *clock,
        int            zoom)
{
  double degrees_per_px = 360.0 / (SL_DEMO_TILES_SIZE * pow (2, zoom));

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (panning->map), zoom);
  shumate_map_center_on (panning->map, panning->lat, panning->lon);
  spin (MAP_SETTLE_MS);

  panning->radius_lon = MAP_PAN_PX * degrees_per_px;
  panning->radius_lat = MAP_PAN_PX * degrees_per_px * cos (panning->lat * G_PI / 180);
  panning->samples = g_array_new (FALSE, FALSE, sizeof (double));
  panning->n_frames = MAP_FRAMES;
  panning->frame = 0;
  panning->max_drawn = 0;
  panning->cpu_us = 0;
  panning->running = TRUE;
  gdk_frame_clock_begin_updating (clock);
  while (panning->running)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (&panning->samples);
}

static void
bench_map_frame (Figures *figures)
{
  g_autoptr(GArray) points = synthetic_points (MAP_POINTS);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty = NULL;
  const int zooms[] = { 12, 14, 16 };
  GtkWidget *window = gtk_window_new ();
  SlReadsLayer *layer;
  GtkWidget *map = map_new (&layer);
  GdkFrameClock *clock;
  Panning panning = { 0 };
  gint64 cpu_us = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), map);
  sl_reads_layer_set_points (layer, points);
  gtk_window_present (GTK_WINDOW (window));

  panning.map = shumate_simple_map_get_map (SHUMATE_SIMPLE_MAP (map));
  panning.layer = layer;
  panning.display = gtk_widget_get_display (window);
  panning.lat = (MIN_LAT + MAX_LAT) / 2;
  panning.lon = (MIN_LON + MAX_LON) / 2;

  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &panning);
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &panning);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &panning);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(GArray) samples = pan_at (&panning, clock, zooms[z]);
      char name[64];

      if (panning.max_drawn == 0)
        g_error ("zoom %d: the reads layer drew nothing", zooms[z]);
      g_print ("(zoom %d: %u marks; frame mean %.1f ms, %.1f ms of it this thread's CPU)\n", zooms[z],
               panning.max_drawn, mean (samples), panning.cpu_us / 1000.0 / samples->len);
      cpu_us += panning.cpu_us;
      g_array_append_vals (all, samples->data, samples->len);
      g_snprintf (name, sizeof name, "map_frame_100k_z%d_ms", zooms[z]);
      sl_bench_record (figures, name, p95 (samples));
    }

  /* The same pans without reads: what the base map costs by itself. */
  sl_reads_layer_set_points (layer, NULL);
  empty = pan_at (&panning, clock, 14);

  sl_bench_record (figures, "map_frame_empty_ms", p95 (empty));
  sl_bench_record (figures, "map_frame_100k_cpu_ms", cpu_us / 1000.0 / all->len);
  sl_bench_record (figures, "map_frame_100k_mean_ms", mean (all));
  sl_bench_record (figures, "map_frame_100k_ms", p95 (all));

  g_signal_handlers_disconnect_by_data (clock, &panning);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- client_rss_mb: the database (--generate) ---- */

static const char *
sightlined_program (void)
{
  static char *program = NULL;

  if (program == NULL && g_getenv ("SIGHTLINED") != NULL)
    program = g_strdup (g_getenv ("SIGHTLINED"));
  if (program == NULL)
    {
      g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : g_strdup (".");

      program = g_build_filename (dir, "..", "..", "app", "sightlined", NULL);
    }
  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("no sightlined at %s (set SIGHTLINED)", program);
  return program;
}

/* Runs a sightlined subcommand to its end; returns its output. */
static char *
run_sightlined (const char *input,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) sightlined_program ());
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error))
    g_error ("sightlined %s: %s", (const char *) argv->pdata[1], error->message);
  if (!g_subprocess_get_successful (process))
    g_error ("sightlined %s %s failed: %s%s", (const char *) argv->pdata[1],
             (const char *) argv->pdata[2], out, err);
  return out;
}

static void
random_plate (GRand *rand,
              char   plate[8])
{
  plate[0] = '1' + g_rand_int_range (rand, 0, 9);
  for (guint i = 1; i < 4; i++)
    plate[i] = 'A' + g_rand_int_range (rand, 0, 26);
  for (guint i = 4; i < 7; i++)
    plate[i] = '0' + g_rand_int_range (rand, 0, 10);
  plate[7] = '\0';
}

/* Batched inserts, the indexes built after the rows, as bench-search.c does. */
static void
generate_reads (const char *path,
                gint64     *camera_ids,
                double     *camera_lat,
                double     *camera_lon,
                GRand      *rand)
{
  g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  gint64 newest_us = g_get_real_time () - 120 * G_USEC_PER_SEC;
  gint64 start = g_get_monotonic_time ();
  sqlite3 *db;
  sqlite3_stmt *stmt;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -500000",
                NULL, NULL, NULL);

  if (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                              " AND tbl_name = 'reads' AND sql IS NOT NULL", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drop, g_strdup_printf ("DROP INDEX %s", sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < drop->len; i++)
    if (sqlite3_exec (db, g_ptr_array_index (drop, i), NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s: %s", (char *) g_ptr_array_index (drop, i), sqlite3_errmsg (db));

  if (sqlite3_prepare_v2 (db, "INSERT INTO reads (camera_id, plate, plate_raw, region, confidence, captured_us,"
                              " received_us, lat, lon, heading) VALUES (?, ?, ?, 'CA', ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));

  for (guint i = 0; i < RSS_READS; i++)
    {
      guint c = g_rand_int_range (rand, 0, RSS_CAMERAS);
      gint64 at = newest_us - RSS_SPAN_US + (gint64) ((double) i / RSS_READS * RSS_SPAN_US);
      double lat = camera_lat[c];
      double lon = camera_lon[c];
      char plate[8];

      /* half the cameras are mobile: their reads are anywhere */
      if (c % 2 == 0)
        {
          lat = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
          lon = g_rand_double_range (rand, MIN_LON, MAX_LON);
        }
      random_plate (rand, plate);

      if (i % INSERT_BATCH == 0)
        sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_bind_int64 (stmt, 1, camera_ids[c]);
      sqlite3_bind_text (stmt, 2, plate, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, plate, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 4, 80 + g_rand_double_range (rand, 0, 19));
      sqlite3_bind_int64 (stmt, 5, at);
      sqlite3_bind_int64 (stmt, 6, at + 300000);
      sqlite3_bind_double (stmt, 7, lat);
      sqlite3_bind_double (stmt, 8, lon);
      sqlite3_bind_double (stmt, 9, g_rand_int_range (rand, 0, 360));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("generating reads: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      if (i % INSERT_BATCH == INSERT_BATCH - 1 || i == RSS_READS - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < indexes->len; i++)
    if (sqlite3_exec (db, g_ptr_array_index (indexes, i), NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s: %s", (char *) g_ptr_array_index (indexes, i), sqlite3_errmsg (db));
  if (sqlite3_exec (db, "ANALYZE; PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_close (db);

  g_printerr ("(%u reads generated in %.1f s)\n", RSS_READS, sl_bench_seconds_since (start));
}

/* A database as `sightlined init` makes it, with an officer trained today,
 * a dozen cameras and RSS_READS reads of the last week. */
static int
generate_main (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "sightline.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  g_autofree char *out = NULL;
  gint64 camera_ids[RSS_CAMERAS];
  double camera_lat[RSS_CAMERAS];
  double camera_lon[RSS_CAMERAS];

  g_free (run_sightlined (NULL, "init", "--db", db, "--policy", "demo", NULL));
  g_free (run_sightlined (PASSWORD "\n", "user", "add", "--db", db, "--username", USERNAME,
                          "--full-name", "Bench Officer", "--role", "officer",
                          "--trained-on", today, "--password-stdin", NULL));

  for (guint c = 0; c < RSS_CAMERAS; c++)
    {
      g_autofree char *name = g_strdup_printf ("Bench camera %u", c + 1);
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      char lon[G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonNode *root;

      camera_lat[c] = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
      camera_lon[c] = g_rand_double_range (rand, MIN_LON, MAX_LON);
      g_ascii_dtostr (lat, sizeof lat, camera_lat[c]);
      g_ascii_dtostr (lon, sizeof lon, camera_lon[c]);
      g_free (out);
      out = run_sightlined (NULL, "camera", "add", "--db", db, "--name", name, "--lat", lat, "--lon", lon,
                            "--kind", c % 2 == 0 ? "mobile" : "fixed", NULL);
      if (!json_parser_load_from_data (parser, out, -1, &error))
        g_error ("camera add: %s", error->message);
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), "id"))
        g_error ("camera add said: %s", out);
      camera_ids[c] = json_object_get_int_member (json_node_get_object (root), "id");
    }

  generate_reads (db, camera_ids, camera_lat, camera_lon, rand);
  return 0;
}

/* ---- client_rss_mb: the client (--client URL) ---- */

/* VmRSS or VmHWM of this process, in MB. */
static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (at = strstr (status, key)) == NULL)
    g_error ("no %s in /proc/self/status", field);
  return g_ascii_strtod (at + strlen (key), NULL) / 1024.0;
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  SlSearchRead *read = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      sl_search_read_is_placeholder (read) ? "…" : sl_search_read_get_plate (read));
}

/* Logs in, searches the week, pages the list and puts every point on the
 * map, then prints its figures as JSON on standard output. */
static int
client_main (const char *url)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlSearchContext) context = NULL;
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(SlSearchResults) results = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *scrolled;
  GtkWidget *list;
  GtkWidget *map;
  SlReadsLayer *layer;
  gint64 now = g_get_real_time ();
  gint64 start;
  double fetch_s;
  guint total;

  if (!gtk_init_check ())
    g_error ("no display");
  adw_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_window_set_child (GTK_WINDOW (window), box);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_size_request (scrolled, 360, -1);
  gtk_box_append (GTK_BOX (box), scrolled);
  map = map_new (&layer);
  gtk_box_append (GTK_BOX (box), map);
  shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (map)), 12);
  shumate_map_center_on (shumate_simple_map_get_map (SHUMATE_SIMPLE_MAP (map)),
                         (MIN_LAT + MAX_LAT) / 2, (MIN_LON + MAX_LON) / 2);
  gtk_window_present (GTK_WINDOW (window));

  if (!sl_client_set_server (client, url, &error))
    g_error ("%s: %s", url, error->message);
  sl_client_login_async (client, USERNAME, PASSWORD, NULL, TRUE, NULL, got_result_cb, &result);
  session = sl_client_login_finish (client, wait_result (&result), &error);
  if (session == NULL)
    g_error ("login: %s", error->message);
  g_clear_object (&result);

  /* A time range alone narrows a search when it is at most 7 days. */
  context = sl_search_context_new ("26-012345", "crime_scene_canvass", "Canvass of a crime scene",
                                    "Reads in the week of the Fruitvale shootings");
  filter->from_us = now - SL_SEARCH_MAX_RANGE_US + 60 * G_USEC_PER_SEC;
  filter->to_us = now + 60 * G_USEC_PER_SEC;
  sl_client_create_search_async (client, context, filter, SL_SEARCH_ORDER_NEWEST, SL_SEARCH_PAGE_SIZE,
                                 NULL, got_result_cb, &result);
  answer = sl_client_create_search_finish (client, wait_result (&result), &error);
  if (answer == NULL)
    g_error ("search: %s", error->message);
  g_clear_object (&result);
  total = answer->total;
  if (total != RSS_READS)
    g_printerr ("(the search found %u reads, not %u)\n", total, RSS_READS);

  /* The results list as the Search page shows it, and its first pages. */
  results = sl_search_results_new (client, SL_SEARCH_ORDER_NEWEST, answer);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (results)))),
                            g_object_ref (factory));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  for (guint page = 1; page < RSS_PAGES; page++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (results), page * SL_SEARCH_PAGE_SIZE);
    }
  while (sl_search_results_get_n_loaded (results) < MIN (total, RSS_PAGES * SL_SEARCH_PAGE_SIZE) &&
         sl_search_results_get_error (results) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (sl_search_results_get_error (results) != NULL)
    g_error ("paging: %s", sl_search_results_get_error (results)->message);

  start = g_get_monotonic_time ();
  sl_client_get_search_points_async (client, answer->search_id, NULL, got_result_cb, &result);
  points = sl_client_get_search_points_finish (client, wait_result (&result), &error);
  fetch_s = sl_bench_seconds_since (start);
  if (points == NULL)
    g_error ("points: %s", error->message);
  g_clear_object (&result);
  if (points->len != total)
    g_error ("%u points for %u results", points->len, total);

  sl_reads_layer_set_points (layer, points);
  g_clear_pointer (&points, g_array_unref);
  while (sl_reads_layer_get_n_drawn (layer) == 0)
    g_main_context_iteration (NULL, TRUE);
  spin (1000);

  g_print ("{\"client_rss_mb\": %.1f, \"client_rss_peak_mb\": %.1f, \"client_points_fetch_1m_s\": %.3f,"
           " \"client_rss_reads\": %u}\n",
           status_mb ("VmRSS"), status_mb ("VmHWM"), fetch_s, total);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ---- client_rss_mb: the parent ---- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
bench_client_rss (Figures    *figures,
           const char *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sightline-bench-client-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) generator = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GList) members = NULL;

  if (dir == NULL)
    g_error ("%s", error->message);
  db = g_build_filename (dir, "sightline.db", NULL);

  generator = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--generate", dir, NULL);
  if (generator == NULL || !g_subprocess_wait_check (generator, NULL, &error))
    g_error ("generating: %s", error->message);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  service = g_subprocess_launcher_spawn (launcher, &error, sightlined_program (), "serve", "--db", db,
                                         "--listen", "127.0.0.1:0", NULL);
  if (service == NULL)
    g_error ("sightlined serve: %s", error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "Listening on "))
    g_error ("sightlined serve did not say where it listens: %s", line != NULL ? line : "(nothing)");

  client = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             self, "--client", line + strlen ("Listening on "), NULL);
  if (client == NULL || !g_subprocess_communicate_utf8 (client, NULL, NULL, &out, NULL, &error))
    g_error ("client: %s", error->message);
  if (!g_subprocess_get_successful (client) || (answer = sl_json_parse_object (out, -1, &error)) == NULL)
    g_error ("the measured client failed: %s", out);

  members = json_object_get_members (answer);
  for (GList *l = members; l != NULL; l = l->next)
    sl_bench_record (figures, l->data, json_object_get_double_member (answer, l->data));

  g_subprocess_send_signal (service, SIGTERM);
  g_subprocess_wait (service, NULL, NULL);
  remove_tree (dir);
}

/* ---- the figures file ---- */

/* Adds @figures to the object in @output, replacing members of the same name. */
static void
merge_figures (const char *output,
               JsonNode   *figures)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *json = NULL;
  JsonObject *mine = json_node_get_object (figures);
  JsonObject *object;

  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      if (!json_parser_load_from_file (parser, output, &error))
        g_error ("%s: %s", output, error->message);
      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        g_error ("%s holds no JSON object", output);
      root = json_node_copy (json_parser_get_root (parser));
    }
  else
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      root = json_node_init_object (json_node_alloc (), empty);
    }

  object = json_node_get_object (root);
  members = json_object_get_members (mine);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data, json_node_copy (json_object_get_member (mine, l->data)));

  json = sl_json_to_string (root, TRUE);
  if (!g_file_set_contents (output, json, -1, &error))
    g_error ("%s", error->message);
}

static gboolean
wanted (int         argc,
        char       *argv[],
        const char *group)
{
  if (argc <= 2)
    return TRUE;

  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], group))
      return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  Figures figures = { builder };
  const char *output = argc > 1 ? argv[1] : "results.json";

  /* A bench that hangs must not hang `make bench`. */
  alarm (900);

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_USE_PORTAL", "0", FALSE);

  if (argc == 3 && g_str_equal (argv[1], "--generate"))
    return generate_main (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--client"))
    return client_main (argv[2]);

  json_builder_begin_object (builder);
  if (wanted (argc, argv, "map"))
    {
      if (!gtk_init_check ())
        g_error ("no display: run under xvfb-run");
      adw_init ();
      bench_map_frame (&figures);
    }
  if (wanted (argc, argv, "rss"))
    bench_client_rss (&figures, self != NULL ? self : argv[0]);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  merge_figures (output, root);
  g_print ("Figures added to %s\n", output);
  return 0;
}
