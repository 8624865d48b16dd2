#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "sl-bench.h"
#include "sl-sqlite-store.h"

/* Searches over reads generated straight into the store: 200 cameras around
 * Oakland, 30 days, about one distinct plate per five reads. */

#define N_CAMERAS      200
#define N_MOBILE       20        /* of the cameras: their reads are anywhere in the city */
#define DAYS           30
#define INSERT_BATCH   20000
#define N_EXACT        300
#define N_PATTERN      60
#define N_TOLERANT     60
#define N_CANVASS      100
#define PAGE           100

/* The area the cameras cover: Oakland, from the estuary to the hills. */
#define MIN_LAT   37.74
#define MAX_LAT   37.84
#define MIN_LON  -122.29
#define MAX_LON  -122.17

typedef struct
{
  double lat;
  double lon;
  gboolean mobile;
} Place;

/* 85 % California "7ABC123", 10 % older "7AB123", 5 % other states' "ABC1234". */
static void
random_plate (GRand *rand,
              char   plate[12])
{
  guint kind = g_rand_int_range (rand, 0, 100);
  guint n = 0;

  if (kind < 85)
    {
      plate[n++] = '1' + g_rand_int_range (rand, 0, 9);
      for (guint i = 0; i < 3; i++)
        plate[n++] = 'A' + g_rand_int_range (rand, 0, 26);
      for (guint i = 0; i < 3; i++)
        plate[n++] = '0' + g_rand_int_range (rand, 0, 10);
    }
  else if (kind < 95)
    {
      plate[n++] = '1' + g_rand_int_range (rand, 0, 9);
      for (guint i = 0; i < 2; i++)
        plate[n++] = 'A' + g_rand_int_range (rand, 0, 26);
      for (guint i = 0; i < 3; i++)
        plate[n++] = '0' + g_rand_int_range (rand, 0, 10);
    }
  else
    {
      for (guint i = 0; i < 3; i++)
        plate[n++] = 'A' + g_rand_int_range (rand, 0, 26);
      for (guint i = 0; i < 4; i++)
        plate[n++] = '0' + g_rand_int_range (rand, 0, 10);
    }
  plate[n] = '\0';
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
add_sample (GArray *samples,
            double  ms)
{
  g_array_append_val (samples, ms);
}

static double
p95 (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (0.95 * samples->len)));
}

/* Plain batched inserts, as fast as SQLite takes them. */
static void
generate (const char *path,
          guint       n_reads,
          gint64      start_us,
          Place      *cameras,
          char       *pool,
          guint       pool_size,
          GRand      *rand)
{
  static const char * const makes[] = { "Toyota", "Honda", "Ford", "Chevrolet", "Nissan", "Tesla", "BMW", "Kia" };
  static const char * const colors[] = { "white", "black", "silver", "gray", "blue", "red" };
  static const char * const types[] = { "sedan", "suv", "pickup", "van", "hatchback" };
  static const char * const regions[] = { "CA", "CA", "CA", "CA", "CA", "CA", "CA", "CA", "NV", "OR" };
  gint64 span_us = G_GINT64_CONSTANT (86400000000) * DAYS;
  g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;"
                    " PRAGMA threads = 2", NULL, NULL, NULL);

  /* The indexes of reads, as the migrations made them, are built after the rows: sorting beats inserting. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                           " AND tbl_name = 'reads' AND sql IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drop, g_strdup_printf ("DROP INDEX %s", sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < drop->len; i++)
    if (sqlite3_exec (db, g_ptr_array_index (drop, i), NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s: %s", (char *) g_ptr_array_index (drop, i), sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO reads (camera_id, plate, plate_raw, region, confidence, captured_us,"
                                       " received_us, lat, lon, heading, make, color, vehicle_type)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < n_reads; i++)
    {
      guint c = g_rand_int_range (rand, 0, N_CAMERAS);
      const char *plate = &pool[g_rand_int_range (rand, 0, pool_size) * 12];
      gint64 at = start_us + (gint64) ((double) i / n_reads * span_us) + g_rand_int_range (rand, 0, 1000000);
      double lat = cameras[c].lat;
      double lon = cameras[c].lon;

      if (cameras[c].mobile)
        {
          lat = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
          lon = g_rand_double_range (rand, MIN_LON, MAX_LON);
        }

      if (i % INSERT_BATCH == 0)
        sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_bind_int64 (stmt, 1, c + 1);
      sqlite3_bind_text (stmt, 2, plate, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, plate, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, plate[0] > '9' ? regions[i % G_N_ELEMENTS (regions)] : "CA",
                         -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 5, 80 + g_rand_double_range (rand, 0, 19));
      sqlite3_bind_int64 (stmt, 6, at);
      sqlite3_bind_int64 (stmt, 7, at + 300000);
      sqlite3_bind_double (stmt, 8, lat);
      sqlite3_bind_double (stmt, 9, lon);
      sqlite3_bind_double (stmt, 10, g_rand_int_range (rand, 0, 360));
      if (i % 3 == 0)
        {
          sqlite3_bind_text (stmt, 11, makes[i % G_N_ELEMENTS (makes)], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 12, colors[i % G_N_ELEMENTS (colors)], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 13, types[i % G_N_ELEMENTS (types)], -1, SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_null (stmt, 11);
          sqlite3_bind_null (stmt, 12);
          sqlite3_bind_null (stmt, 13);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("generating reads: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      if (i % INSERT_BATCH == INSERT_BATCH - 1 || i == n_reads - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < indexes->len; i++)
    if (sqlite3_exec (db, g_ptr_array_index (indexes, i), NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s: %s", (char *) g_ptr_array_index (indexes, i), sqlite3_errmsg (db));

  if (sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_close (db);

  g_print ("(%u reads generated in %.1f s)\n", n_reads, sl_bench_seconds_since (start));
}

/* Times one search: the first page of PAGE with the total, as POST /searches asks for it. */
static double
time_search (SlStore           *store,
             const SlReadQuery *query,
             gint64            *total)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  page = sl_store_search_reads (store, query, 0, PAGE, total, NULL, &error);
  if (page == NULL)
    g_error ("search: %s", error->message);
  return sl_bench_seconds_since (start) * 1000;
}

/* @fresh: whether to make the database (else the one left at @dir by an earlier run) */
static void
measure (Figures    *figures,
         const char *dir,
         guint       n_reads,
         const char *suffix,
         gboolean    fresh)
{
  g_autofree char *path = g_build_filename (dir, "search.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711 + n_reads);
  g_autoptr(SlOcrClasses) classes = sl_ocr_classes_new_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GArray) exact = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pattern = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tolerant = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) canvass = g_array_new (FALSE, FALSE, sizeof (double));
  guint pool_size = n_reads / 5;
  g_autofree char *pool = g_malloc0 ((gsize) pool_size * 12);
  Place cameras[N_CAMERAS];
  gint64 start_us = G_GINT64_CONSTANT (1772366400) * G_USEC_PER_SEC;
  gint64 span_us = G_GINT64_CONSTANT (86400000000) * DAYS;
  gint64 total;
  gint64 found = 0;
  gint64 start;
  char name[64];

  if (fresh)
    store = sl_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autoptr(SlCamera) camera = sl_camera_new ();
      g_autofree char *token = g_strdup_printf ("bench-search-%u", i);

      cameras[i].lat = g_rand_double_range (rand, MIN_LAT, MAX_LAT);
      cameras[i].lon = g_rand_double_range (rand, MIN_LON, MAX_LON);
      cameras[i].mobile = i < N_MOBILE;
      camera->name = g_strdup_printf ("Camera %u", i + 1);
      camera->kind = g_strdup (cameras[i].mobile ? "mobile" : "fixed");
      camera->lat = cameras[i].lat;
      camera->lon = cameras[i].lon;
      if (store != NULL)
        sl_store_add_camera (store, camera, token, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  for (guint i = 0; i < pool_size; i++)
    random_plate (rand, &pool[i * 12]);

  if (fresh)
    generate (path, n_reads, start_us, cameras, pool, pool_size, rand);

  /* as the service opens it */
  store = sl_sqlite_store_open (path, &error);
  g_assert_no_error (error);

  /* Exact plates: some read, some never seen. */
  for (guint i = 0; i < N_EXACT; i++)
    {
      SlReadQuery query = { .plate = &pool[g_rand_int_range (rand, 0, pool_size) * 12], .direction = -1 };

      add_sample (exact, time_search (store, &query, &total));
      found += total;
    }
  g_assert (found > 0);

  /* Patterns: the first fills the plates in memory. */
  {
    SlReadQuery query = { .plate = "*Q7*", .direction = -1 };

    start = g_get_monotonic_time ();
    time_search (store, &query, &total);
    g_snprintf (name, sizeof name, "search_plate_cache_fill_s%s", suffix);
    sl_bench_record (figures, name, sl_bench_seconds_since (start));
  }
  for (guint i = 0; i < N_PATTERN; i++)
    {
      char digit = '1' + g_rand_int_range (rand, 0, 9);
      char a = 'A' + g_rand_int_range (rand, 0, 26);
      char b = 'A' + g_rand_int_range (rand, 0, 26);
      char d1 = '0' + g_rand_int_range (rand, 0, 10);
      char d2 = '0' + g_rand_int_range (rand, 0, 10);
      char glob[16];
      SlReadQuery query = { .plate = glob, .direction = -1 };

      switch (i % 3)
        {
        case 0:
          g_snprintf (glob, sizeof glob, "%c%c%c*", digit, a, b);         /* 7AB* */
          break;
        case 1:
          g_snprintf (glob, sizeof glob, "*%c%c%c*", a, d1, d2);          /* *K12* */
          break;
        default:
          g_snprintf (glob, sizeof glob, "%c?%c%c?%c", digit, b, d1, d2); /* 7?C1?3 */
          break;
        }
      add_sample (pattern, time_search (store, &query, &total));
    }

  /* Look-alikes, one and two positions. */
  for (guint i = 0; i < N_TOLERANT; i++)
    {
      SlReadQuery query = { .plate = &pool[g_rand_int_range (rand, 0, pool_size) * 12], .direction = -1,
                            .tolerance = 1 + i % 2, .classes = classes };

      add_sample (tolerant, time_search (store, &query, &total));
    }

  /* The canvass of a scene: 500 m around a camera, two hours. */
  found = 0;
  for (guint i = 0; i < N_CANVASS; i++)
    {
      const Place *at = &cameras[N_MOBILE + g_rand_int_range (rand, 0, N_CAMERAS - N_MOBILE)];
      gint64 since = start_us + (gint64) (g_rand_double (rand) * (span_us - 2 * G_GINT64_CONSTANT (3600000000)));
      SlReadQuery query = { .circle = TRUE, .lat = at->lat + 0.001, .lon = at->lon - 0.001, .radius_m = 500,
                            .since_us = since, .until_us = since + 2 * G_GINT64_CONSTANT (3600000000),
                            .direction = -1 };

      add_sample (canvass, time_search (store, &query, &total));
      found += total;
    }
  g_assert (found > 0);

  g_snprintf (name, sizeof name, "search_reads%s", suffix);
  sl_bench_record (figures, name, n_reads);
  g_snprintf (name, sizeof name, "search_exact_p95_ms%s", suffix);
  sl_bench_record (figures, name, p95 (exact));
  g_snprintf (name, sizeof name, "search_pattern_p95_ms%s", suffix);
  sl_bench_record (figures, name, p95 (pattern));
  g_snprintf (name, sizeof name, "search_tolerant_p95_ms%s", suffix);
  sl_bench_record (figures, name, p95 (tolerant));
  g_snprintf (name, sizeof name, "search_canvass_p95_ms%s", suffix);
  sl_bench_record (figures, name, p95 (canvass));
  g_snprintf (name, sizeof name, "search_canvass_reads_avg%s", suffix);
  sl_bench_record (figures, name, (double) found / N_CANVASS);

  g_clear_object (&store);
}

static void
remove_database (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "search.db", NULL);

  for (const char *end = ""; end != NULL; end = g_str_equal (end, "") ? "-wal" : g_str_equal (end, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, end, NULL);

      g_remove (file);
    }
}

void
bench_search (Figures    *figures,
              const char *dir)
{
  measure (figures, dir, 1000000, "_1m", TRUE);
  remove_database (dir);
  measure (figures, dir, 10000000, "", TRUE);
  remove_database (dir);
}
