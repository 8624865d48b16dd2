#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-sqlite-store-private.h"

/* Searches of reads. Each search is driven by one index (the plate's, the
 * cameras', or time's, which also holds the position); the other filters check
 * what that index yields. Patterns and look-alikes first become plates, so that
 * their reads, too, are found by plate. */

#define EARTH_RADIUS_M      6371008.8
#define SLOT_SIZE           12       /* a plate, its NUL, and its length in the last byte */
/* With more plates than this, another filter's index drives when there is one. */
#define MAX_DRIVING_PLATES  20000
/* The plate cache catches up read by read, or is filled again after this many. */
#define CACHE_REFILL_READS  500000
#define CACHE_MAX_ADDED     100000

G_STATIC_ASSERT (SL_PLATE_MAX_LENGTH + 1 < SLOT_SIZE);

/* Every plate read, in memory, for patterns that no index serves ("*K12*"):
 * a scan of two million plates here takes some 20 ms, one of the index of
 * ten million reads half a second. */
struct _SlPlateCache
{
  char       *slots;          /* n_slots × SLOT_SIZE, in byte order */
  gsize       n_slots;
  GHashTable *added;          /* plates first read after the slots were filled */
  gint64      last_read_id;   /* the plates of the reads up to this id are in */
};

typedef enum
{
  BIND_INT,
  BIND_DOUBLE,
  BIND_TEXT,
  BIND_QUERY,
} BindKind;

typedef struct
{
  BindKind  kind;
  gint64    number;
  double    real;
  char     *text;             /* owned */
} Bind;

/* A search as SQL: the conditions on reads r and the values they bind, in order. */
typedef struct
{
  const SlReadQuery *query;
  const char        *index;   /* the index that drives, or NULL to let SQLite choose */
  GString           *where;
  GArray            *binds;
  gboolean           empty;   /* nothing can match: no need to ask */
} Filter;

/* Plates and patterns -------------------------------------------------------- */

/* `?` is one character, `*` any run, possibly empty. */
static gboolean
glob_match (const char *glob,
            const char *text)
{
  const char *star = NULL;
  const char *resume = NULL;

  while (*text != '\0')
    {
      if (*glob == '?' || (*glob != '*' && *glob == *text))
        {
          glob++;
          text++;
        }
      else if (*glob == '*')
        {
          star = glob++;
          resume = text;
        }
      else if (star != NULL)
        {
          glob = star + 1;
          text = ++resume;
        }
      else
        return FALSE;
    }

  while (*glob == '*')
    glob++;

  return *glob == '\0';
}

void
_sl_plate_cache_free (SlPlateCache *cache)
{
  if (cache == NULL)
    return;

  g_free (cache->slots);
  g_clear_pointer (&cache->added, g_hash_table_unref);
  g_free (cache);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPlateCache, _sl_plate_cache_free)

static const char *
slot (const SlPlateCache *cache,
      gsize               index)
{
  return cache->slots + index * SLOT_SIZE;
}

/* The first slot not before @key. */
static gsize
lower_bound (const SlPlateCache *cache,
             const char         *key)
{
  gsize low = 0;
  gsize high = cache->n_slots;

  while (low < high)
    {
      gsize mid = low + (high - low) / 2;

      if (strcmp (slot (cache, mid), key) < 0)
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

static gboolean
plate_cache_contains (const SlPlateCache *cache,
                      const char         *plate)
{
  gsize index = lower_bound (cache, plate);

  if (index < cache->n_slots && strcmp (slot (cache, index), plate) == 0)
    return TRUE;

  return g_hash_table_contains (cache->added, plate);
}

/* Fills the cache with the plates of the reads up to @max_read_id, in the
 * transaction of the search that needs it. */
static gboolean
plate_cache_fill (SlSqliteStore  *self,
                  gint64          max_read_id,
                  GError        **error)
{
  g_autoptr(SlPlateCache) cache = g_new0 (SlPlateCache, 1);
  gsize allocated = 1 << 16;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT DISTINCT plate FROM reads INDEXED BY reads_plate"
                                   " WHERE id <= ? ORDER BY plate", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, max_read_id);

  cache->slots = g_malloc (allocated * SLOT_SIZE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *plate = (const char *) sqlite3_column_text (stmt, 0);
      int length = sqlite3_column_bytes (stmt, 0);
      char *to;

      if (plate == NULL || length > SL_PLATE_MAX_LENGTH)
        continue;
      if (cache->n_slots == allocated)
        {
          allocated *= 2;
          cache->slots = g_realloc (cache->slots, allocated * SLOT_SIZE);
        }
      to = cache->slots + cache->n_slots++ * SLOT_SIZE;
      memset (to, 0, SLOT_SIZE);
      memcpy (to, plate, length);
      to[SLOT_SIZE - 1] = (char) length;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  cache->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->last_read_id = max_read_id;
  g_clear_pointer (&self->plate_cache, _sl_plate_cache_free);
  self->plate_cache = g_steal_pointer (&cache);
  g_debug ("%" G_GSIZE_FORMAT " plates in memory for searches", self->plate_cache->n_slots);
  return TRUE;
}

/* Brings the cache up to @max_read_id; runs inside the search's read transaction. */
static gboolean
plate_cache_update (SlSqliteStore  *self,
                    gint64          max_read_id,
                    GError        **error)
{
  SlPlateCache *cache = self->plate_cache;
  sqlite3_stmt *stmt;
  int rc;

  if (cache != NULL && cache->last_read_id >= max_read_id)
    return TRUE;

  if (cache == NULL || max_read_id - cache->last_read_id > CACHE_REFILL_READS ||
      g_hash_table_size (cache->added) > CACHE_MAX_ADDED)
    return plate_cache_fill (self, max_read_id, error);

  stmt = _sl_sqlite_prepare (self, "SELECT plate FROM reads WHERE id > ? AND id <= ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, cache->last_read_id);
  sqlite3_bind_int64 (stmt, 2, max_read_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *plate = (const char *) sqlite3_column_text (stmt, 0);

      if (plate != NULL && !plate_cache_contains (cache, plate))
        g_hash_table_add (cache->added, g_strdup (plate));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  cache->last_read_id = max_read_id;
  return TRUE;
}

/* Adds every plate of the cache that @pattern matches to @plates. */
static void
plate_cache_match (const SlPlateCache *cache,
                   const char         *pattern,
                   GPtrArray          *plates)
{
  gsize prefix = strcspn (pattern, "?*");
  int length = strchr (pattern, '*') == NULL ? (int) strlen (pattern) : -1;
  const char *rest = pattern + prefix;
  GHashTableIter iter;
  const char *plate;
  gsize first = 0;

  if (prefix > 0)
    {
      g_autofree char *key = g_strndup (pattern, prefix);

      first = lower_bound (cache, key);
    }

  for (gsize i = first; i < cache->n_slots; i++)
    {
      const char *candidate = slot (cache, i);

      if (prefix > 0 && strncmp (candidate, pattern, prefix) != 0)
        break;
      if (length >= 0 && candidate[SLOT_SIZE - 1] != length)
        continue;
      if (glob_match (rest, candidate + prefix))
        g_ptr_array_add (plates, g_strdup (candidate));
    }

  g_hash_table_iter_init (&iter, cache->added);
  while (g_hash_table_iter_next (&iter, (gpointer *) &plate, NULL))
    if (glob_match (pattern, plate))
      g_ptr_array_add (plates, g_strdup (plate));
}

/* Adds @plate and every plate that differs from it in at most @k positions
 * after @from, each only by a look-alike. */
static void
add_lookalikes (SlOcrClasses *classes,
                char         *plate,
                gsize         from,
                guint         k,
                GPtrArray    *variants)
{
  static const char symbols[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  g_ptr_array_add (variants, g_strdup (plate));
  if (k == 0)
    return;

  for (gsize i = from; plate[i] != '\0'; i++)
    {
      char original = plate[i];

      for (const char *s = symbols; *s != '\0'; s++)
        {
          if (*s == original || !sl_ocr_classes_are_lookalike (classes, original, *s))
            continue;
          plate[i] = *s;
          add_lookalikes (classes, plate, i + 1, k - 1, variants);
        }
      plate[i] = original;
    }
}

static char *
plates_to_json (GPtrArray *plates)
{
  GString *json = g_string_sized_new (plates->len * 12 + 2);

  g_string_append_c (json, '[');
  for (guint i = 0; i < plates->len; i++)
    {
      /* normalized plates are A–Z and 0–9: nothing to escape */
      g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "", (const char *) g_ptr_array_index (plates, i));
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Areas ---------------------------------------------------------------------- */

static double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

static double
distance_m (double lat1,
            double lon1,
            double lat2,
            double lon2)
{
  double dlat = radians (lat2 - lat1);
  double dlon = radians (lon2 - lon1);
  double a = sin (dlat / 2) * sin (dlat / 2) +
             cos (radians (lat1)) * cos (radians (lat2)) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}

/* Crossing number, in the plane of latitude and longitude. */
static gboolean
in_polygon (const SlGeoPoint *polygon,
            guint             n,
            double            lat,
            double            lon)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      const SlGeoPoint *a = &polygon[i];
      const SlGeoPoint *b = &polygon[j];

      if ((a->lat > lat) != (b->lat > lat) &&
          lon < (b->lon - a->lon) * (lat - a->lat) / (b->lat - a->lat) + a->lon)
        inside = !inside;
    }

  return inside;
}

static gboolean
in_area (const SlReadQuery *query,
         double             lat,
         double             lon)
{
  if (query->circle && distance_m (query->lat, query->lon, lat, lon) > query->radius_m)
    return FALSE;
  if (query->polygon != NULL && !in_polygon (query->polygon, query->n_polygon, lat, lon))
    return FALSE;

  return TRUE;
}

/* sl_in_area (lat, lon, query): the exact test after the bounding box. */
static void
in_area_func (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const SlReadQuery *query = sqlite3_value_pointer (argv[2], "sl-read-query");

  if (query == NULL || sqlite3_value_type (argv[0]) == SQLITE_NULL || sqlite3_value_type (argv[1]) == SQLITE_NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }

  sqlite3_result_int (context, in_area (query, sqlite3_value_double (argv[0]), sqlite3_value_double (argv[1])));
}

gboolean
_sl_sqlite_search_prepare_connection (SlSqliteStore *self)
{
  return sqlite3_create_function (self->db, "sl_in_area", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                  in_area_func, NULL, NULL) == SQLITE_OK;
}

typedef struct
{
  double min_lat;
  double max_lat;
  double min_lon;
  double max_lon;
} Box;

static Box
area_box (const SlReadQuery *query)
{
  Box box = { 90, -90, 180, -180 };

  if (query->circle)
    {
      double angle = query->radius_m / EARTH_RADIUS_M;
      double dlat = angle * 180.0 / G_PI;
      double c = cos (radians (query->lat));
      double dlon = c > sin (angle) ? asin (sin (angle) / c) * 180.0 / G_PI : 180.0;

      box.min_lat = query->lat - dlat;
      box.max_lat = query->lat + dlat;
      box.min_lon = query->lon - dlon;
      box.max_lon = query->lon + dlon;
    }

  if (query->polygon != NULL)
    {
      Box outline = { 90, -90, 180, -180 };

      for (guint i = 0; i < query->n_polygon; i++)
        {
          outline.min_lat = MIN (outline.min_lat, query->polygon[i].lat);
          outline.max_lat = MAX (outline.max_lat, query->polygon[i].lat);
          outline.min_lon = MIN (outline.min_lon, query->polygon[i].lon);
          outline.max_lon = MAX (outline.max_lon, query->polygon[i].lon);
        }

      if (query->circle)
        {
          box.min_lat = MAX (box.min_lat, outline.min_lat);
          box.max_lat = MIN (box.max_lat, outline.max_lat);
          box.min_lon = MAX (box.min_lon, outline.min_lon);
          box.max_lon = MIN (box.max_lon, outline.max_lon);
        }
      else
        box = outline;
    }

  box.min_lat = CLAMP (box.min_lat, -90, 90);
  box.max_lat = CLAMP (box.max_lat, -90, 90);
  box.min_lon = CLAMP (box.min_lon, -180, 180);
  box.max_lon = CLAMP (box.max_lon, -180, 180);
  return box;
}

/* Building the SQL ------------------------------------------------------------- */

static void
bind_clear (gpointer data)
{
  Bind *bind = data;

  g_free (bind->text);
}

static void
filter_init (Filter            *filter,
             const SlReadQuery *query)
{
  memset (filter, 0, sizeof *filter);
  filter->query = query;
  filter->where = g_string_new ("1");
  filter->binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_array_set_clear_func (filter->binds, bind_clear);
}

static void
filter_clear (Filter *filter)
{
  g_string_free (filter->where, TRUE);
  g_array_unref (filter->binds);
}

static void
filter_add (Filter     *filter,
            const char *clause)
{
  g_string_append_printf (filter->where, " AND %s", clause);
}

static void
bind_int (Filter *filter,
          gint64  value)
{
  Bind bind = { BIND_INT, .number = value };

  g_array_append_val (filter->binds, bind);
}

static void
bind_double (Filter *filter,
             double  value)
{
  Bind bind = { BIND_DOUBLE, .real = value };

  g_array_append_val (filter->binds, bind);
}

static void
bind_text (Filter *filter,
           char   *text)   /* taken */
{
  Bind bind = { BIND_TEXT, .text = text };

  g_array_append_val (filter->binds, bind);
}

static void
bind_query (Filter *filter)
{
  Bind bind = { BIND_QUERY };

  g_array_append_val (filter->binds, bind);
}

static void
filter_bind (const Filter *filter,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; i < filter->binds->len; i++)
    {
      const Bind *bind = &g_array_index (filter->binds, Bind, i);

      switch (bind->kind)
        {
        case BIND_INT:
          sqlite3_bind_int64 (stmt, i + 1, bind->number);
          break;
        case BIND_DOUBLE:
          sqlite3_bind_double (stmt, i + 1, bind->real);
          break;
        case BIND_TEXT:
          sqlite3_bind_text (stmt, i + 1, bind->text, -1, SQLITE_STATIC);
          break;
        case BIND_QUERY:
          sqlite3_bind_pointer (stmt, i + 1, (gpointer) filter->query, "sl-read-query", NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* The plates a pattern or a tolerance stands for, among those ever read. */
static GPtrArray *
expand_plate (SlSqliteStore      *self,
              const SlReadQuery  *query,
              GError            **error)
{
  g_autoptr(GPtrArray) variants = NULL;
  g_autofree char *plate = NULL;
  sqlite3_stmt *stmt;
  gint64 newest = 0;

  /* a plate's look-alikes are few (some hundreds at k = 2): each is looked up */
  if (!sl_plate_is_pattern (query->plate))
    {
      variants = g_ptr_array_new_with_free_func (g_free);
      plate = g_strdup (query->plate);
      add_lookalikes (query->classes, plate, 0, query->tolerance, variants);
      return g_steal_pointer (&variants);
    }

  stmt = _sl_sqlite_prepare (self, "SELECT coalesce (max (id), 0) FROM reads", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    newest = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!plate_cache_update (self, newest, error))
    return NULL;

  variants = g_ptr_array_new_with_free_func (g_free);
  plate_cache_match (self->plate_cache, query->plate, variants);
  return g_steal_pointer (&variants);
}

static gboolean
filter_build (SlSqliteStore      *self,
              Filter             *filter,
              gint64              max_read_id,
              GError            **error)
{
  const SlReadQuery *query = filter->query;
  g_autoptr(GPtrArray) plates = NULL;
  gboolean area = query->circle || query->polygon != NULL;
  gboolean exact = query->plate != NULL && !sl_plate_is_pattern (query->plate) && query->tolerance == 0;
  gboolean time = query->since_us != 0 || query->until_us != 0;
  guint n_plates = 0;

  if (query->read_id != 0)
    {
      filter_add (filter, "r.id = ?");
      bind_int (filter, query->read_id);
    }

  if (query->plate != NULL && exact)
    {
      filter_add (filter, "r.plate = ?");
      bind_text (filter, g_strdup (query->plate));
    }
  else if (query->plate != NULL && query->read_id != 0 && sl_plate_is_pattern (query->plate))
    {
      /* one read: its plate is tested, no need to list every plate that fits */
      filter_add (filter, "r.plate GLOB ?");
      bind_text (filter, g_strdup (query->plate));
    }
  else if (query->plate != NULL)
    {
      plates = expand_plate (self, query, error);
      if (plates == NULL)
        return FALSE;
      if (plates->len == 0)
        filter->empty = TRUE;
      n_plates = plates->len;
      filter_add (filter, "r.plate IN (SELECT value FROM json_each (?))");
      bind_text (filter, plates_to_json (plates));
    }

  if (query->plates != NULL)
    {
      if (query->plates->len == 0)
        filter->empty = TRUE;
      n_plates = n_plates > 0 ? MIN (n_plates, query->plates->len) : query->plates->len;
      filter_add (filter, "r.plate IN (SELECT value FROM json_each (?))");
      bind_text (filter, plates_to_json (query->plates));
    }

  /* the index that drives */
  if (query->read_id != 0)
    filter->index = NULL;
  else if (exact || (n_plates > 0 && (n_plates <= MAX_DRIVING_PLATES ||
                                      (!area && query->n_camera_ids == 0 && !time))))
    filter->index = "reads_plate";
  else if (query->n_camera_ids > 0)
    filter->index = "reads_once";
  else if (time || area)
    filter->index = "reads_time";

  if (area)
    {
      Box box = area_box (query);

      filter_add (filter, "r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?");
      bind_double (filter, box.min_lat);
      bind_double (filter, box.max_lat);
      bind_double (filter, box.min_lon);
      bind_double (filter, box.max_lon);
      filter_add (filter, "sl_in_area (r.lat, r.lon, ?)");
      bind_query (filter);
    }

  if (query->since_us != 0)
    {
      filter_add (filter, "r.captured_us >= ?");
      bind_int (filter, query->since_us);
    }
  if (query->until_us != 0)
    {
      filter_add (filter, "r.captured_us < ?");
      bind_int (filter, query->until_us);
    }

  if (query->n_camera_ids > 0)
    {
      GString *json = g_string_new ("[");

      for (guint i = 0; i < query->n_camera_ids; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", query->camera_ids[i]);
      g_string_append_c (json, ']');
      filter_add (filter, "r.camera_id IN (SELECT value FROM json_each (?))");
      bind_text (filter, g_string_free (json, FALSE));
    }

  if (query->region != NULL)
    {
      filter_add (filter, "r.region = ?");
      bind_text (filter, g_strdup (query->region));
    }

  if (query->direction >= 0)
    {
      double low = query->direction - 22.5;
      double high = query->direction + 22.5;

      if (low < 0)
        filter_add (filter, "r.heading IS NOT NULL AND (r.heading >= ? OR r.heading <= ?)");
      else
        filter_add (filter, "r.heading BETWEEN ? AND ?");
      bind_double (filter, low < 0 ? low + 360 : low);
      bind_double (filter, high);
    }

  if (query->make != NULL)
    {
      filter_add (filter, "r.make = ? COLLATE NOCASE");
      bind_text (filter, g_strdup (query->make));
    }
  if (query->color != NULL)
    {
      filter_add (filter, "r.color = ? COLLATE NOCASE");
      bind_text (filter, g_strdup (query->color));
    }
  if (query->vehicle_type != NULL)
    {
      filter_add (filter, "r.vehicle_type = ? COLLATE NOCASE");
      bind_text (filter, g_strdup (query->vehicle_type));
    }

  filter_add (filter, "r.id <= ?");
  bind_int (filter, max_read_id);

  return TRUE;
}

static char *
from_clause (const Filter *filter)
{
  if (filter->index == NULL)
    return g_strdup ("reads r");

  return g_strdup_printf ("reads r INDEXED BY %s", filter->index);
}

static const char *
order_clause (SlSearchOrder order)
{
  switch (order)
    {
    case SL_SEARCH_ORDER_OLDEST:
      return "r.captured_us, r.id";
    case SL_SEARCH_ORDER_PLATE:
      return "r.plate, r.captured_us DESC, r.id DESC";
    case SL_SEARCH_ORDER_CAMERA:
      return "c.name, r.captured_us DESC, r.id DESC";
    case SL_SEARCH_ORDER_NEWEST:
    default:
      return "r.captured_us DESC, r.id DESC";
    }
}

static sqlite3_stmt *
prepare_filtered (SlSqliteStore  *self,
                  const Filter   *filter,
                  const char     *sql,
                  GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_debug ("search: %s", sql);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  filter_bind (filter, stmt);
  return stmt;
}

static gboolean
count_matches (SlSqliteStore  *self,
               const Filter   *filter,
               gint64         *total,
               GError        **error)
{
  g_autofree char *from = from_clause (filter);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE %s", from, filter->where->str);
  sqlite3_stmt *stmt = prepare_filtered (self, filter, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *total = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

static GPtrArray *
fetch_page (SlSqliteStore  *self,
            const Filter   *filter,
            guint           offset,
            guint           limit,
            GError        **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_found_read_free);
  g_autofree char *from = from_clause (filter);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* The page's ids first: ordering them often needs only the driving index,
   * and only the rows of the page are read. Cameras come after reads, so that
   * the driving index stays the one chosen. */
  sql = g_strdup_printf ("WITH page (id) AS MATERIALIZED"
                         " (SELECT r.id FROM %s%s WHERE %s ORDER BY %s LIMIT %u OFFSET %u)"
                         " SELECT " READ_COLUMNS ", c.name,"
                         " EXISTS (SELECT 1 FROM alerts a WHERE a.read_id = r.id AND (a.covert = 0 OR %d))"
                         " FROM page p CROSS JOIN reads r ON r.id = p.id CROSS JOIN cameras c ON c.id = r.camera_id"
                         " ORDER BY %s",
                         from, filter->query->order == SL_SEARCH_ORDER_CAMERA ? " CROSS JOIN cameras c ON c.id = r.camera_id" : "",
                         filter->where->str, order_clause (filter->query->order), limit, offset,
                         filter->query->include_covert ? 1 : 0, order_clause (filter->query->order));
  stmt = prepare_filtered (self, filter, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlFoundRead *found = g_new0 (SlFoundRead, 1);
      int images = 0;

      found->read = _sl_sqlite_read_from_row (stmt, 0, &images);
      found->has_plate_image = (images & IMAGE_PLATE) != 0;
      found->has_overview_image = (images & IMAGE_OVERVIEW) != 0;
      found->camera_name = _sl_sqlite_column_dup (stmt, N_READ_COLUMNS);
      found->hit = sqlite3_column_int (stmt, N_READ_COLUMNS + 1) != 0;
      g_ptr_array_add (page, found);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&page);
}

/* Starts the read transaction that makes the count and the page agree, and
 * returns the last read it sees in @newest. */
static gboolean
begin_snapshot (SlSqliteStore  *self,
                gint64         *newest,
                GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!_sl_sqlite_exec (self, "BEGIN", error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self, "SELECT coalesce (max (id), 0) FROM reads", error);
  if (stmt == NULL)
    {
      _sl_sqlite_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *newest = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _sl_sqlite_set_error (self, rc, error);
      _sl_sqlite_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
end_snapshot (SlSqliteStore *self,
              gboolean       ok)
{
  _sl_sqlite_exec (self, ok ? "COMMIT" : "ROLLBACK", NULL);
  return ok;
}

static GPtrArray *
store_search_reads (SlStore            *store,
                    const SlReadQuery  *query,
                    guint               offset,
                    guint               limit,
                    gint64             *total,
                    gint64             *max_read_id,
                    GError            **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) page = NULL;
  Filter filter;
  gint64 newest = 0;
  gint64 frozen;
  gint64 count = 0;

  if (!begin_snapshot (self, &newest, error))
    return NULL;

  frozen = query->max_read_id > 0 ? MIN (query->max_read_id, newest) : newest;
  filter_init (&filter, query);

  if (!filter_build (self, &filter, frozen, error))
    {
      filter_clear (&filter);
      end_snapshot (self, FALSE);
      return NULL;
    }

  if (filter.empty)
    page = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_found_read_free);
  else if ((total == NULL || count_matches (self, &filter, &count, error)))
    page = fetch_page (self, &filter, offset, limit, error);

  filter_clear (&filter);
  if (!end_snapshot (self, page != NULL))
    return NULL;

  if (total != NULL)
    *total = count;
  if (max_read_id != NULL)
    *max_read_id = query->max_read_id > 0 ? query->max_read_id : frozen;
  return g_steal_pointer (&page);
}

typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gpointer      data);

/* Runs "SELECT @columns FROM reads … WHERE <the query> @tail" in a snapshot
 * and hands each row to @func; an empty query has no rows. */
static gboolean
foreach_match (SlSqliteStore      *self,
               const SlReadQuery  *query,
               const char         *columns,
               const char         *tail,
               RowFunc             func,
               gpointer            data,
               GError            **error)
{
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  Filter filter;
  gint64 newest = 0;
  gboolean ok;
  int rc = SQLITE_DONE;

  if (!begin_snapshot (self, &newest, error))
    return FALSE;

  filter_init (&filter, query);
  ok = filter_build (self, &filter, query->max_read_id > 0 ? MIN (query->max_read_id, newest) : newest, error);
  if (ok && !filter.empty)
    {
      from = from_clause (&filter);
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s %s", columns, from, filter.where->str, tail);
      stmt = prepare_filtered (self, &filter, sql, error);
      ok = stmt != NULL;
    }

  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        func (stmt, data);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        ok = _sl_sqlite_set_error (self, rc, error);
    }

  filter_clear (&filter);
  return end_snapshot (self, ok);
}

static void
add_plate (sqlite3_stmt *stmt,
           gpointer      data)
{
  g_ptr_array_add (data, _sl_sqlite_column_dup (stmt, 0));
}

static GPtrArray *
store_search_plates (SlStore            *store,
                     const SlReadQuery  *query,
                     guint               max,
                     GError            **error)
{
  g_autoptr(GPtrArray) plates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tail = g_strdup_printf ("LIMIT %u", max);

  if (!foreach_match (SL_SQLITE_STORE (store), query, "DISTINCT r.plate", tail, add_plate, plates, error))
    return NULL;

  return g_steal_pointer (&plates);
}

static void
add_point (sqlite3_stmt *stmt,
           gpointer      data)
{
  SlReadPoint point = { 0, };

  point.id = sqlite3_column_int64 (stmt, 0);
  point.captured_us = sqlite3_column_int64 (stmt, 1);
  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL || sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    point.flags |= SL_READ_POINT_NO_POSITION;
  else
    {
      point.lat = sqlite3_column_double (stmt, 2);
      point.lon = sqlite3_column_double (stmt, 3);
    }
  point.camera_id = (guint32) sqlite3_column_int64 (stmt, 4);
  if (sqlite3_column_int (stmt, 5) != 0)
    point.flags |= SL_READ_POINT_HIT;
  g_array_append_val ((GArray *) data, point);
}

static GArray *
store_search_points (SlStore            *store,
                     const SlReadQuery  *query,
                     guint               max,
                     GError            **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (SlReadPoint));
  g_autofree char *columns = NULL;
  g_autofree char *tail = g_strdup_printf ("ORDER BY r.captured_us DESC, r.id DESC LIMIT %u", max);

  columns = g_strdup_printf ("r.id, r.captured_us, r.lat, r.lon, r.camera_id,"
                             " EXISTS (SELECT 1 FROM alerts a WHERE a.read_id = r.id AND (a.covert = 0 OR %d))",
                             query->include_covert ? 1 : 0);
  if (!foreach_match (SL_SQLITE_STORE (store), query, columns, tail, add_point, points, error))
    return NULL;

  return g_steal_pointer (&points);
}

/* The searches table ------------------------------------------------------------ */

#define SEARCH_COLUMNS \
  "id, kind, created_us, username, case_number, purpose_code, purpose_note, plate, filters, max_read_id, total," \
  " result_plates"

/* @data (a JSON object, or NULL) with `search_id` first. */
static char *
data_with_search_id (const char *data,
                     gint64      search_id)
{
  g_autoptr(JsonObject) given = data != NULL ? sl_json_parse_object (data, -1, NULL) : NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "search_id", search_id);
  if (given != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (given);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "search_id"))
          json_object_set_member (object, l->data, json_node_copy (json_object_get_member (given, l->data)));
    }

  json_node_set_object (node, object);
  return sl_json_to_string (node, FALSE);
}

static gboolean
store_add_search (SlStore        *store,
                  SlSearch       *search,
                  SlAuditRecord  *record,
                  GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO searches (kind, created_us, username, case_number, purpose_code,"
                             " purpose_note, plate, filters, max_read_id, total, result_plates)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             &local_error);
  if (stmt != NULL)
    {
      _sl_sqlite_bind_text (stmt, 1, search->kind);
      sqlite3_bind_int64 (stmt, 2, search->created_us);
      _sl_sqlite_bind_text (stmt, 3, search->username);
      _sl_sqlite_bind_text (stmt, 4, search->case_number != NULL ? search->case_number : "");
      _sl_sqlite_bind_text (stmt, 5, search->purpose_code != NULL ? search->purpose_code : "");
      _sl_sqlite_bind_text (stmt, 6, search->purpose_note != NULL ? search->purpose_note : "");
      _sl_sqlite_bind_text (stmt, 7, search->plate);
      _sl_sqlite_bind_text (stmt, 8, search->filters != NULL ? search->filters : "{}");
      sqlite3_bind_int64 (stmt, 9, search->max_read_id);
      sqlite3_bind_int64 (stmt, 10, search->total);
      _sl_sqlite_bind_text (stmt, 11, search->result_plates);
    }

  if (stmt != NULL && _sl_sqlite_step_done (self, stmt, &local_error))
    {
      char *data;

      search->id = sqlite3_last_insert_rowid (self->db);
      data = data_with_search_id (record->data, search->id);
      g_free (record->data);
      record->data = data;

      if (_sl_sqlite_audit_append_locked (self, record, &local_error) &&
          _sl_sqlite_exec (self, "COMMIT", &local_error))
        return TRUE;
    }

  _sl_sqlite_exec (self, "ROLLBACK", NULL);
  search->id = 0;
  g_clear_pointer (&record->hash, g_free);
  g_set_error (error, SL_ERROR, SL_ERROR_STORE,
               "The search and its access-log record could not be written: %s", local_error->message);
  return FALSE;
}

static SlSearch *
store_find_search (SlStore  *store,
                   gint64    search_id,
                   GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  SlSearch *search = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " SEARCH_COLUMNS " FROM searches WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, search_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      search = g_new0 (SlSearch, 1);
      search->id = sqlite3_column_int64 (stmt, 0);
      search->kind = _sl_sqlite_column_dup (stmt, 1);
      search->created_us = sqlite3_column_int64 (stmt, 2);
      search->username = _sl_sqlite_column_dup (stmt, 3);
      search->case_number = _sl_sqlite_column_dup (stmt, 4);
      search->purpose_code = _sl_sqlite_column_dup (stmt, 5);
      search->purpose_note = _sl_sqlite_column_dup (stmt, 6);
      search->plate = _sl_sqlite_column_dup (stmt, 7);
      search->filters = _sl_sqlite_column_dup (stmt, 8);
      search->max_read_id = sqlite3_column_int64 (stmt, 9);
      search->total = sqlite3_column_int64 (stmt, 10);
      search->result_plates = _sl_sqlite_column_dup (stmt, 11);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no search %" G_GINT64_FORMAT, search_id);
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return search;
}

void
_sl_sqlite_store_search_iface_init (SlStoreInterface *iface)
{
  iface->search_reads = store_search_reads;
  iface->search_plates = store_search_plates;
  iface->search_points = store_search_points;
  iface->add_search = store_add_search;
  iface->find_search = store_find_search;
}
