#define G_LOG_DOMAIN "sl-api-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-search-report.h"
#include "sl-server-private.h"
#include "sl-sharing-package.h"

/* Searches of reads ("detection browsing inquiries", DESIGN.md section 3):
 * the purpose gate, searches by plate, pattern, look-alikes, area, time,
 * cameras, direction and vehicle, tracks, multi-place searches, results
 * frozen at the time of the search, exports and image views tied to a
 * search. Searches run in a thread, on a database connection of their own,
 * so that camera batches and alerts do not wait for them. */

#define SEARCH_ROLES   (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
#define COVERT_ROLES   (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
/* who may read any search as it was recorded */
#define RECORD_ROLES   (SL_ROLE_AUDITOR | SL_ROLE_ADMINISTRATOR)
#define AUDIT_PURPOSE  "audit"

#define DEFAULT_LIMIT        100
#define MAX_LIMIT            500
#define MAX_OPEN_RANGE_US    (7 * SL_USEC_PER_DAY)
#define MAX_RADIUS_M         50000
#define MIN_POLYGON          3
#define MAX_POLYGON          100
#define MAX_CAMERAS          500
#define MAX_TRACK_READS      5000
#define MIN_PLACES           2
#define MAX_PLACES           5
#define MAX_PLACE_WINDOW_US  (24 * 60 * SL_USEC_PER_MINUTE)
#define MAX_PLACE_PLATES     1000000
#define MAX_PLACE_READS      5000     /* of each place, in a multi-place answer */
#define MAX_CSV_ROWS         100000
/* The map draws a million reads; beyond that the newest are drawn. */
#define MAX_POINTS           2000000
#define MAX_PDF_ROWS         1000
#define MAX_EVIDENCE_READS   5000

typedef enum
{
  KIND_PLATE,
  KIND_TRACK,
  KIND_MULTI_PLACE,
  KIND_PLACE,           /* one place of a multi-place search */
} Kind;

static const char * const kind_names[] = { "plate", "track", "multi_place" };
static const char * const kind_actions[] = { "search.plate", "search.track", "search.multi_place" };

/* heading ± 22.5°: index × 45 */
static const char * const directions[] = { "N", "NE", "E", "SE", "S", "SW", "W", "NW" };
/* as SlSearchOrder */
static const char * const orders[] = { "newest", "oldest", "plate", "camera" };

static const char * const gate_members[] = { "case_number", "purpose_code", "purpose_note", NULL };
static const char * const plate_members[] = {
  "plate", "tolerance", "region", "from", "to", "cameras", "area", "direction", "make", "color", "type",
  "order", "limit", NULL,
};
static const char * const track_members[] = { "plate", "from", "to", NULL };
static const char * const multi_place_members[] = { "places", NULL };
static const char * const place_members[] = { "area", "from", "to", NULL };

/* Filters -------------------------------------------------------------------- */

/* A search's filters, parsed; the query points into the members. */
typedef struct
{
  SlReadQuery  query;
  gboolean     has_order;
  char        *plate;
  char        *region;
  char        *make;
  char        *color;
  char        *vehicle_type;
  GArray      *cameras;     /* gint64 */
  GArray      *polygon;     /* SlGeoPoint */
  GPtrArray   *plates;      /* a multi-place search's plates, or NULL */
} Filters;

static Filters *
filters_new (void)
{
  Filters *filters = g_new0 (Filters, 1);

  filters->query.direction = -1;
  return filters;
}

static void
filters_free (Filters *filters)
{
  if (filters == NULL)
    return;

  g_free (filters->plate);
  g_free (filters->region);
  g_free (filters->make);
  g_free (filters->color);
  g_free (filters->vehicle_type);
  g_clear_pointer (&filters->cameras, g_array_unref);
  g_clear_pointer (&filters->polygon, g_array_unref);
  g_clear_pointer (&filters->plates, g_ptr_array_unref);
  g_free (filters);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filters, filters_free)

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, "“%s” is required", member);

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return invalid (error, "“%s” must be a number", member);

  if (!isfinite (*value))
    return invalid (error, "“%s” must be a number", member);
  return TRUE;
}

/* An optional string; blank counts as absent. */
static gboolean
get_text (JsonObject  *object,
          const char  *member,
          char       **value,
          GError     **error)
{
  const char *text = NULL;

  if (!sl_json_get_string (object, member, FALSE, &text, error))
    return FALSE;

  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        *value = g_steal_pointer (&stripped);
    }
  return TRUE;
}

gboolean
_sl_api_check_members (JsonObject          *object,
                       const char * const  *allowed,
                       const char * const  *also,
                       const char          *what,
                       GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data) && (also == NULL || !g_strv_contains (also, l->data)))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) allowed);

        return invalid (error, "“%s” is not known here; %s takes %s", (const char *) l->data, what, known);
      }

  return TRUE;
}

static gboolean
parse_point (double   lat,
             double   lon,
             GError **error)
{
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
    return invalid (error, "area: %g, %g is not a position (latitude −90 to 90, longitude −180 to 180)", lat, lon);
  return TRUE;
}

/* Fills @query's circle or polygon from @area; the polygon's points go
 * into *@polygon, which @query points into. */
gboolean
_sl_api_parse_area (JsonObject   *area,
                    SlReadQuery  *query,
                    GArray      **polygon_points,
                    GError      **error)
{
  static const char * const circle_members[] = { "lat", "lon", "radius_m", NULL };
  static const char * const polygon_members[] = { "polygon", NULL };
  JsonArray *polygon = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!sl_json_get_array (area, "polygon", FALSE, &polygon, &local_error))
    return invalid (error, "area: %s", local_error->message);

  if (polygon != NULL)
    {
      guint n = json_array_get_length (polygon);

      if (!_sl_api_check_members (area, polygon_members, NULL, "an area with a polygon", &local_error))
        return invalid (error, "area: %s", local_error->message);
      if (n < MIN_POLYGON || n > MAX_POLYGON)
        return invalid (error, "area: a polygon has %d to %d points, not %u", MIN_POLYGON, MAX_POLYGON, n);

      (*polygon_points) = g_array_sized_new (FALSE, TRUE, sizeof (SlGeoPoint), n);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (polygon, i);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
          SlGeoPoint point;

          if (pair == NULL || json_array_get_length (pair) != 2 ||
              !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 0)) ||
              !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1)) ||
              json_node_get_value_type (json_array_get_element (pair, 0)) == G_TYPE_STRING ||
              json_node_get_value_type (json_array_get_element (pair, 1)) == G_TYPE_STRING)
            return invalid (error, "area: point %u of the polygon must be [lat, lon]", i + 1);

          point.lat = json_array_get_double_element (pair, 0);
          point.lon = json_array_get_double_element (pair, 1);
          if (!parse_point (point.lat, point.lon, error))
            return FALSE;
          g_array_append_val ((*polygon_points), point);
        }

      query->polygon = (const SlGeoPoint *) (*polygon_points)->data;
      query->n_polygon = (*polygon_points)->len;
      return TRUE;
    }

  if (!_sl_api_check_members (area, circle_members, NULL, "an area", &local_error) ||
      !get_number (area, "lat", &query->lat, &local_error) ||
      !get_number (area, "lon", &query->lon, &local_error) ||
      !get_number (area, "radius_m", &query->radius_m, &local_error))
    return invalid (error, "area: %s (an area is {\"lat\", \"lon\", \"radius_m\"} or {\"polygon\": [[lat, lon], …]})",
                    local_error->message);

  if (!parse_point (query->lat, query->lon, error))
    return FALSE;
  if (query->radius_m <= 0 || query->radius_m > MAX_RADIUS_M)
    return invalid (error, "area: the radius is more than 0 and at most %d metres", MAX_RADIUS_M);

  query->circle = TRUE;
  return TRUE;
}

gboolean
_sl_api_parse_time (JsonObject  *object,
                    const char  *member,
                    gint64      *time_us,
                    GError     **error)
{
  const char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!sl_json_get_string (object, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!sl_clock_parse_iso8601 (text, time_us, &local_error))
    return invalid (error, "%s: %s", member, local_error->message);
  return TRUE;
}

static gboolean
parse_choice (JsonObject          *object,
              const char          *member,
              const char * const  *choices,
              guint                n_choices,
              int                 *index,
              GError             **error)
{
  g_autofree char *known = NULL;
  const char *text = NULL;

  if (!sl_json_get_string (object, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  for (guint i = 0; i < n_choices; i++)
    if (g_ascii_strcasecmp (text, choices[i]) == 0)
      {
        *index = i;
        return TRUE;
      }

  known = g_strjoinv (", ", (char **) choices);
  return invalid (error, "“%s” is not a %s; use one of %s", text, member, known);
}

/* Reads the filters of a search of @kind from @object (a request's body or a
 * search as stored); the gate's members are left to the caller. */
static gboolean
parse_filters (JsonObject  *object,
               Kind         kind,
               Filters     *filters,
               GError     **error)
{
  const char * const *allowed = kind == KIND_PLATE ? plate_members : kind == KIND_TRACK ? track_members : place_members;
  SlReadQuery *query = &filters->query;
  JsonObject *area = NULL;
  JsonArray *cameras = NULL;
  const char *plate = NULL;
  gint64 tolerance = 0;
  int direction = -1;
  int order = -1;

  if (!_sl_api_check_members (object, allowed, gate_members,
                      kind == KIND_PLATE ? "a search" : kind == KIND_TRACK ? "a track" : "a place", error))
    return FALSE;

  if (!sl_json_get_string (object, "plate", FALSE, &plate, error) ||
      !sl_json_get_int (object, "tolerance", FALSE, &tolerance, error) ||
      !get_text (object, "region", &filters->region, error) ||
      !_sl_api_parse_time (object, "from", &query->since_us, error) ||
      !_sl_api_parse_time (object, "to", &query->until_us, error) ||
      !sl_json_get_array (object, "cameras", FALSE, &cameras, error) ||
      !sl_json_get_object (object, "area", FALSE, &area, error) ||
      !parse_choice (object, "direction", directions, G_N_ELEMENTS (directions), &direction, error) ||
      !get_text (object, "make", &filters->make, error) ||
      !get_text (object, "color", &filters->color, error) ||
      !get_text (object, "type", &filters->vehicle_type, error) ||
      !parse_choice (object, "order", orders, G_N_ELEMENTS (orders), &order, error))
    return FALSE;

  if (plate != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      filters->plate = sl_plate_pattern_normalize (plate, &local_error);
      if (filters->plate == NULL)
        return invalid (error, "plate: %s", local_error->message);
      if (kind == KIND_TRACK && sl_plate_is_pattern (filters->plate))
        return invalid (error, "plate: a track follows one plate; “%s” is a pattern", plate);
      query->plate = filters->plate;
    }
  else if (kind == KIND_TRACK)
    return invalid (error, "“plate” is required: a track follows one plate");

  if (tolerance < 0 || tolerance > SL_MATCH_MAX_TOLERANCE)
    return invalid (error, "tolerance: %d look-alike positions at most, not %" G_GINT64_FORMAT,
                    SL_MATCH_MAX_TOLERANCE, tolerance);
  if (tolerance > 0 && (filters->plate == NULL || sl_plate_is_pattern (filters->plate)))
    return invalid (error, "tolerance: look-alikes are for a plate, not for a pattern or no plate");
  query->tolerance = tolerance;

  if (filters->region != NULL)
    {
      g_autofree char *upper = g_ascii_strup (filters->region, -1);

      if (!sl_region_is_valid (upper))
        return invalid (error, "region: “%s” is not a state or province code such as CA", filters->region);
      g_free (filters->region);
      filters->region = g_steal_pointer (&upper);
      query->region = filters->region;
    }

  if (query->since_us != 0 && query->until_us != 0 && query->until_us <= query->since_us)
    return invalid (error, "“to” must come after “from”");

  if (cameras != NULL && json_array_get_length (cameras) > 0)
    {
      guint n = json_array_get_length (cameras);

      if (n > MAX_CAMERAS)
        return invalid (error, "cameras: at most %d", MAX_CAMERAS);
      filters->cameras = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (cameras, i);
          gint64 id;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
              (id = json_node_get_int (node)) < 1)
            return invalid (error, "cameras: camera ids are whole numbers from 1");
          g_array_append_val (filters->cameras, id);
        }
      query->camera_ids = (const gint64 *) filters->cameras->data;
      query->n_camera_ids = n;
    }

  if (area != NULL && !_sl_api_parse_area (area, &filters->query, &filters->polygon, error))
    return FALSE;

  query->direction = direction >= 0 ? direction * 45 : -1;
  query->make = filters->make;
  query->color = filters->color;
  query->vehicle_type = filters->vehicle_type;
  filters->has_order = order >= 0;
  query->order = order >= 0 ? (SlSearchOrder) order : kind == KIND_PLATE ? SL_SEARCH_ORDER_NEWEST
                                                                          : SL_SEARCH_ORDER_OLDEST;
  return TRUE;
}

/* The filters as they are kept with the search and written to the access log. */
static void
add_filters (JsonBuilder   *builder,
             const Filters *filters)
{
  const SlReadQuery *query = &filters->query;

  json_builder_begin_object (builder);
  if (filters->plate != NULL)
    sl_json_builder_add_string_member (builder, "plate", filters->plate);
  if (query->tolerance > 0)
    sl_json_builder_add_int_member (builder, "tolerance", query->tolerance);
  if (filters->region != NULL)
    sl_json_builder_add_string_member (builder, "region", filters->region);
  if (query->since_us != 0)
    _sl_json_add_time_member (builder, "from", query->since_us);
  if (query->until_us != 0)
    _sl_json_add_time_member (builder, "to", query->until_us);
  if (filters->cameras != NULL)
    {
      json_builder_set_member_name (builder, "cameras");
      json_builder_begin_array (builder);
      for (guint i = 0; i < filters->cameras->len; i++)
        json_builder_add_int_value (builder, g_array_index (filters->cameras, gint64, i));
      json_builder_end_array (builder);
    }
  if (query->circle || query->polygon != NULL)
    {
      json_builder_set_member_name (builder, "area");
      json_builder_begin_object (builder);
      if (query->polygon != NULL)
        {
          json_builder_set_member_name (builder, "polygon");
          json_builder_begin_array (builder);
          for (guint i = 0; i < query->n_polygon; i++)
            {
              json_builder_begin_array (builder);
              json_builder_add_double_value (builder, query->polygon[i].lat);
              json_builder_add_double_value (builder, query->polygon[i].lon);
              json_builder_end_array (builder);
            }
          json_builder_end_array (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "lat");
          json_builder_add_double_value (builder, query->lat);
          json_builder_set_member_name (builder, "lon");
          json_builder_add_double_value (builder, query->lon);
          json_builder_set_member_name (builder, "radius_m");
          json_builder_add_double_value (builder, query->radius_m);
        }
      json_builder_end_object (builder);
    }
  if (query->direction >= 0)
    sl_json_builder_add_string_member (builder, "direction", directions[query->direction / 45]);
  if (filters->make != NULL)
    sl_json_builder_add_string_member (builder, "make", filters->make);
  if (filters->color != NULL)
    sl_json_builder_add_string_member (builder, "color", filters->color);
  if (filters->vehicle_type != NULL)
    sl_json_builder_add_string_member (builder, "type", filters->vehicle_type);
  if (filters->has_order)
    sl_json_builder_add_string_member (builder, "order", orders[query->order]);
  json_builder_end_object (builder);
}

/* At least one filter that keeps a search from browsing the whole database. */
static gboolean
is_narrow (const SlReadQuery *query)
{
  return query->plate != NULL || query->circle || query->polygon != NULL || query->n_camera_ids > 0 ||
         (query->since_us != 0 && query->until_us != 0 && query->until_us - query->since_us <= MAX_OPEN_RANGE_US);
}

/* The places of a multi-place search, each a Filters. */
static GPtrArray *
parse_places (JsonObject  *object,
              GError     **error)
{
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func ((GDestroyNotify) filters_free);
  JsonArray *array = NULL;
  guint n;

  if (!_sl_api_check_members (object, multi_place_members, gate_members, "a multi-place search", error) ||
      !sl_json_get_array (object, "places", TRUE, &array, error))
    return NULL;

  n = json_array_get_length (array);
  if (n < MIN_PLACES || n > MAX_PLACES)
    {
      invalid (error, "places: %d to %d places, not %u", MIN_PLACES, MAX_PLACES, n);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(Filters) place = filters_new ();
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, "places: place %u must be {\"area\", \"from\", \"to\"}", i + 1);
          return NULL;
        }
      if (!parse_filters (json_node_get_object (node), KIND_PLACE, place, &local_error))
        {
          invalid (error, "place %u: %s", i + 1, local_error->message);
          return NULL;
        }
      if (!place->query.circle && place->query.polygon == NULL)
        {
          invalid (error, "place %u: “area” is required", i + 1);
          return NULL;
        }
      if (place->query.since_us == 0 || place->query.until_us == 0)
        {
          invalid (error, "place %u: “from” and “to” are required", i + 1);
          return NULL;
        }
      g_ptr_array_add (places, g_steal_pointer (&place));
    }

  return g_steal_pointer (&places);
}

static void
add_places (JsonBuilder *builder,
            GPtrArray   *places)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "places");
  json_builder_begin_array (builder);
  for (guint i = 0; i < places->len; i++)
    add_filters (builder, g_ptr_array_index (places, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The filters a search was made with, from its record; multi-place: places. */
static gboolean
parse_stored (const SlSearch  *search,
              Filters        **filters,
              GPtrArray      **places,
              GError         **error)
{
  g_autoptr(JsonObject) object = sl_json_parse_object (search->filters, -1, error);
  Kind kind;

  if (object == NULL)
    return FALSE;

  if (g_strcmp0 (search->kind, "multi_place") == 0)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      *places = parse_places (object, error);
      if (*places == NULL)
        return FALSE;

      if (search->result_plates != NULL && json_parser_load_from_data (parser, search->result_plates, -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
        {
          JsonArray *array = json_node_get_array (root);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_ptr_array_add (found, g_strdup (json_array_get_string_element (array, i)));
        }

      for (guint i = 0; i < (*places)->len; i++)
        {
          Filters *place = g_ptr_array_index (*places, i);

          place->plates = g_ptr_array_ref (found);
          place->query.plates = place->plates;
        }
      return TRUE;
    }

  kind = g_strcmp0 (search->kind, "track") == 0 ? KIND_TRACK : KIND_PLATE;
  *filters = filters_new ();
  return parse_filters (object, kind, *filters, error);
}

/* JSON answers ------------------------------------------------------------------ */

static void
add_found (JsonBuilder       *builder,
           const SlFoundRead *found)
{
  json_builder_begin_object (builder);
  _sl_json_add_read_members (builder, found->read, found->camera_name, found->has_plate_image,
                             found->has_overview_image);
  json_builder_set_member_name (builder, "hit");
  json_builder_add_boolean_value (builder, found->hit);
  json_builder_end_object (builder);
}

static void
add_found_array (JsonBuilder *builder,
                 const char  *member,
                 GPtrArray   *found)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < found->len; i++)
    add_found (builder, g_ptr_array_index (found, i));
  json_builder_end_array (builder);
}

static JsonNode *
page_to_json (gint64     search_id,
              gint64     total,
              gint64     offset,
              gboolean   with_offset,
              GPtrArray *found)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 next = offset + found->len;

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "search_id", search_id);
  sl_json_builder_add_int_member (builder, "total", total);
  if (with_offset)
    sl_json_builder_add_int_member (builder, "offset", offset);
  add_found_array (builder, "results", found);
  json_builder_set_member_name (builder, "next_offset");
  if (next < total && found->len > 0)
    json_builder_add_int_value (builder, next);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Jobs ------------------------------------------------------------------------ */

/* The searches' own connection; one search at a time uses it. */
struct _SlSearchRunner
{
  GMutex   mutex;
  SlStore *store;
};

void
_sl_search_runner_free (SlSearchRunner *runner)
{
  if (runner == NULL)
    return;

  g_mutex_clear (&runner->mutex);
  g_clear_object (&runner->store);
  g_free (runner);
}

typedef enum
{
  JOB_SEARCH,
  JOB_RESULTS,
  JOB_POINTS,
  JOB_EXPORT_CSV,
  JOB_EXPORT_PDF,
  JOB_EVIDENCE,
} JobType;

typedef struct
{
  JobType            type;
  Kind               kind;

  /* owned references */
  SlServer          *server;
  SoupServerMessage *msg;       /* paused while the job runs */
  SlSearchRunner    *runner;    /* the server's */

  /* owned */
  SlUser            *user;
  char              *case_number;
  char              *purpose_code;
  char              *purpose_note;
  Filters           *filters;   /* a search by plate, a track, or a stored search */
  GPtrArray         *places;    /* Filters: a multi-place search */
  SlAuditRecord     *record;    /* written with the search or before the export */
  SlSearch          *search;    /* an existing search */

  SlOcrClasses      *classes;   /* the server's */
  gboolean           include_covert;
  guint              offset;
  guint              limit;
  SlSearchOrder      order;
  gboolean           has_order;
  gint64             now_us;

  /* the answer */
  guint              status;
  JsonNode          *answer;
  GBytes            *body;
  const char        *content_type;
  char              *filename;
  char              *code;       /* a refusal found while running, with… */
  char              *message;
  gboolean           audit_failed;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_clear_pointer (&job->user, sl_user_free);
  g_free (job->case_number);
  g_free (job->purpose_code);
  g_free (job->purpose_note);
  g_clear_pointer (&job->filters, filters_free);
  g_clear_pointer (&job->places, g_ptr_array_unref);
  g_clear_pointer (&job->record, sl_audit_record_free);
  g_clear_pointer (&job->search, sl_search_free);
  g_clear_pointer (&job->answer, json_node_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->filename);
  g_free (job->code);
  g_free (job->message);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (SlRequest *req,
         JobType    type,
         Kind       kind)
{
  Job *job = g_new0 (Job, 1);

  job->type = type;
  job->kind = kind;
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->user = sl_user_copy (req->user);
  job->classes = req->server->ocr_classes;
  job->include_covert = sl_user_has_role (req->user, COVERT_ROLES);
  job->now_us = req->now_us;
  job->limit = DEFAULT_LIMIT;
  return job;
}

/* A refusal found in the thread, answered once back. */
static gboolean
job_refuse (Job        *job,
            guint       status,
            const char *code,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
job_refuse (Job        *job,
            guint       status,
            const char *code,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  job->status = status;
  job->code = g_strdup (code);
  job->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* The query of @filters as this job runs it. */
static SlReadQuery
job_query (Job           *job,
           const Filters *filters)
{
  SlReadQuery query = filters->query;

  query.classes = job->classes;
  query.include_covert = job->include_covert;
  if (job->search != NULL)
    query.max_read_id = job->search->max_read_id;
  if (job->has_order)
    query.order = job->order;
  return query;
}

static int
compare_found (const SlFoundRead *a,
               const SlFoundRead *b,
               SlSearchOrder      order)
{
  int by_time = (a->read->captured_us > b->read->captured_us) - (a->read->captured_us < b->read->captured_us);
  int by_id = (a->read->id > b->read->id) - (a->read->id < b->read->id);
  int first = 0;

  if (order == SL_SEARCH_ORDER_OLDEST)
    return by_time != 0 ? by_time : by_id;

  if (order == SL_SEARCH_ORDER_PLATE)
    first = g_strcmp0 (a->read->plate, b->read->plate);
  else if (order == SL_SEARCH_ORDER_CAMERA)
    first = g_strcmp0 (a->camera_name, b->camera_name);

  if (first != 0)
    return first;
  return by_time != 0 ? -by_time : -by_id;
}

static int
compare_found_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      order)
{
  return compare_found (*(SlFoundRead * const *) a, *(SlFoundRead * const *) b, GPOINTER_TO_INT (order));
}

/* The reads of the places of a multi-place search, each once, in @order. */
static GPtrArray *
place_reads (Job            *job,
             SlStore        *store,
             GPtrArray      *places,
             SlSearchOrder   order,
             guint           per_place,
             GError        **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_found_read_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < places->len; i++)
    {
      SlReadQuery query = job_query (job, g_ptr_array_index (places, i));
      g_autoptr(GPtrArray) reads = NULL;

      query.order = SL_SEARCH_ORDER_OLDEST;
      reads = sl_store_search_reads (store, &query, 0, per_place, NULL, NULL, error);
      if (reads == NULL)
        return NULL;

      for (guint j = 0; j < reads->len; j++)
        {
          SlFoundRead *found = g_ptr_array_index (reads, j);

          if (g_hash_table_contains (seen, &found->read->id))
            continue;
          g_ptr_array_add (all, g_ptr_array_steal_index (reads, j--));
          g_hash_table_add (seen, &found->read->id);
        }
    }

  g_ptr_array_sort_with_data (all, compare_found_cb, GINT_TO_POINTER (order));
  return g_steal_pointer (&all);
}

/* A page of an existing search's results. */
static GPtrArray *
stored_results (Job      *job,
                SlStore  *store,
                guint     offset,
                guint     limit,
                gint64   *total,
                GError  **error)
{
  g_autoptr(Filters) filters = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) page = NULL;
  SlReadQuery query;

  if (!parse_stored (job->search, &filters, &places, error))
    return NULL;

  if (filters != NULL)
    {
      query = job_query (job, filters);
      return sl_store_search_reads (store, &query, offset, limit, total, NULL, error);
    }

  all = place_reads (job, store, places, job->has_order ? job->order : SL_SEARCH_ORDER_OLDEST,
                     MAX_CSV_ROWS, error);
  if (all == NULL)
    return NULL;

  *total = all->len;
  page = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_found_read_free);
  for (guint i = offset; i < all->len && page->len < limit; i++)
    g_ptr_array_add (page, g_steal_pointer (&g_ptr_array_index (all, i)));
  return g_steal_pointer (&page);
}

static SlSearch *
new_search (Job        *job,
            const char *plate,
            JsonNode   *filters)
{
  SlSearch *search = g_new0 (SlSearch, 1);

  search->kind = g_strdup (kind_names[job->kind]);
  search->created_us = job->now_us;
  search->username = g_strdup (job->user->username);
  search->case_number = g_strdup (job->case_number);
  search->purpose_code = g_strdup (job->purpose_code);
  search->purpose_note = g_strdup (job->purpose_note);
  search->plate = g_strdup (plate);
  search->filters = sl_json_to_string (filters, FALSE);
  return search;
}

/* Keeps the search and its access-log record; without them, nothing is answered. */
static gboolean
record_search (Job       *job,
               SlStore   *store,
               SlSearch  *search,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) filters = sl_json_parse_object (search->filters, -1, NULL);
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_object_member (object, "filters", g_steal_pointer (&filters));
  json_node_set_object (data, object);
  g_free (job->record->data);
  job->record->data = sl_json_to_string (data, FALSE);
  job->record->result_count = search->total;

  if (sl_store_add_search (store, search, job->record, &local_error))
    return TRUE;

  job->audit_failed = TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
run_plate_search (Job      *job,
                  SlStore  *store,
                  GError  **error)
{
  SlReadQuery query = job_query (job, job->filters);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) filters = NULL;
  g_autoptr(SlSearch) search = NULL;
  gint64 total = 0;
  gint64 max_read_id = 0;

  page = sl_store_search_reads (store, &query, 0, job->limit, &total, &max_read_id, error);
  if (page == NULL)
    return FALSE;

  add_filters (builder, job->filters);
  filters = json_builder_get_root (builder);
  search = new_search (job, job->filters->plate, filters);
  search->max_read_id = max_read_id;
  search->total = total;
  if (!record_search (job, store, search, error))
    return FALSE;

  job->status = SOUP_STATUS_CREATED;
  job->answer = page_to_json (search->id, total, 0, FALSE, page);
  job->search = g_steal_pointer (&search);
  return TRUE;
}

/* Signs the plate was cloned or switched, among its track's reads. */
static void
add_leads (JsonBuilder *builder,
           GPtrArray   *reads,
           SlPolicy    *policy)
{
  g_autofree SlLeadRead *lead_reads = g_new0 (SlLeadRead, reads->len + 1);
  g_autoptr(GPtrArray) leads = NULL;

  for (guint i = 0; i < reads->len; i++)
    {
      const SlRead *read = ((SlFoundRead *) reads->pdata[i])->read;

      lead_reads[i].id = read->id;
      lead_reads[i].captured_us = read->captured_us;
      lead_reads[i].lat = read->lat;
      lead_reads[i].lon = read->lon;
      lead_reads[i].make = read->make;
      lead_reads[i].color = read->color;
      lead_reads[i].confidence = read->confidence;
    }
  leads = sl_leads_find (lead_reads, reads->len, sl_policy_get_clone_speed_kmh (policy));

  json_builder_set_member_name (builder, "leads");
  json_builder_begin_array (builder);
  for (guint i = 0; i < leads->len; i++)
    {
      const SlLead *lead = leads->pdata[i];

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "kind",
                                         lead->kind == SL_LEAD_CLONED ? "possible_clone" : "possible_switch");
      sl_json_builder_add_int_member (builder, "read_id", lead->read_id);
      if (lead->kind == SL_LEAD_CLONED)
        {
          sl_json_builder_add_int_member (builder, "other_read_id", lead->other_read_id);
          json_builder_set_member_name (builder, "distance_km");
          json_builder_add_double_value (builder, round (lead->distance_km * 10) / 10);
          json_builder_set_member_name (builder, "speed_kmh");
          if (lead->speed_kmh < G_MAXDOUBLE)
            json_builder_add_int_value (builder, (gint64) round (lead->speed_kmh));
          else
            json_builder_add_null_value (builder);
        }
      else
        {
          sl_json_builder_add_string_member (builder, "usual", lead->usual);
          sl_json_builder_add_string_member (builder, "seen", lead->seen);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
run_track (Job      *job,
           SlStore  *store,
           GError  **error)
{
  SlReadQuery query = job_query (job, job->filters);
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) answer = json_builder_new ();
  g_autoptr(JsonNode) filters = NULL;
  g_autoptr(SlSearch) search = NULL;
  gint64 total = 0;
  gint64 max_read_id = 0;

  query.order = SL_SEARCH_ORDER_OLDEST;
  reads = sl_store_search_reads (store, &query, 0, MAX_TRACK_READS, &total, &max_read_id, error);
  if (reads == NULL)
    return FALSE;

  add_filters (builder, job->filters);
  filters = json_builder_get_root (builder);
  search = new_search (job, job->filters->plate, filters);
  search->max_read_id = max_read_id;
  search->total = total;
  if (!record_search (job, store, search, error))
    return FALSE;

  json_builder_begin_object (answer);
  sl_json_builder_add_int_member (answer, "search_id", search->id);
  sl_json_builder_add_string_member (answer, "plate", job->filters->plate);
  sl_json_builder_add_int_member (answer, "total", total);
  add_found_array (answer, "reads", reads);
  add_leads (answer, reads, job->server->policy);
  json_builder_end_object (answer);

  job->status = SOUP_STATUS_CREATED;
  job->answer = json_builder_get_root (answer);
  job->search = g_steal_pointer (&search);
  return TRUE;
}

typedef struct
{
  const char *plate;       /* borrowed from the first read */
  const char *region;
  guint       places;      /* bit i: seen in place i */
  GPtrArray  *reads;       /* SlFoundRead, borrowed */
} PlateHit;

static void
plate_hit_free (PlateHit *hit)
{
  g_ptr_array_unref (hit->reads);
  g_free (hit);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(PlateHit * const *) a)->plate, (*(PlateHit * const *) b)->plate);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The last read there is now: every place of a multi-place search sees the reads up to it. */
static gboolean
freeze (Job      *job,
        SlStore  *store,
        gint64   *max_read_id,
        GError  **error)
{
  SlReadQuery query = job_query (job, g_ptr_array_index (job->places, 0));
  g_autoptr(GPtrArray) none = sl_store_search_reads (store, &query, 0, 0, NULL, max_read_id, error);

  return none != NULL;
}

static char *
strings_to_json (GPtrArray *strings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static gboolean
run_multi_place (Job      *job,
                 SlStore  *store,
                 GError  **error)
{
  g_autoptr(GPtrArray) plates = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) plate_hit_free);
  g_autoptr(GHashTable) by_plate = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) answer = json_builder_new ();
  g_autoptr(JsonNode) filters = NULL;
  g_autoptr(SlSearch) search = NULL;
  gint64 max_read_id = 0;

  if (!freeze (job, store, &max_read_id, error))
    return FALSE;

  /* each place narrows the plates of the places before it */
  for (guint i = 0; i < job->places->len; i++)
    {
      Filters *place = g_ptr_array_index (job->places, i);
      SlReadQuery query = job_query (job, place);
      GPtrArray *seen;

      query.max_read_id = max_read_id;
      query.plates = plates;
      seen = sl_store_search_plates (store, &query, MAX_PLACE_PLATES, error);
      if (seen == NULL)
        return FALSE;
      g_clear_pointer (&plates, g_ptr_array_unref);
      plates = seen;
      if (plates->len == 0)
        break;
    }
  g_ptr_array_sort (plates, compare_strings);

  for (guint i = 0; i < job->places->len; i++)
    {
      Filters *place = g_ptr_array_index (job->places, i);

      g_clear_pointer (&place->plates, g_ptr_array_unref);
      place->plates = g_ptr_array_ref (plates);
      place->query.plates = place->plates;
      place->query.max_read_id = max_read_id;
    }

  if (plates->len > 0)
    {
      reads = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_found_read_free);
      for (guint i = 0; i < job->places->len; i++)
        {
          SlReadQuery query = job_query (job, g_ptr_array_index (job->places, i));
          g_autoptr(GPtrArray) in_place = NULL;

          query.order = SL_SEARCH_ORDER_OLDEST;
          in_place = sl_store_search_reads (store, &query, 0, MAX_PLACE_READS, NULL, NULL, error);
          if (in_place == NULL)
            return FALSE;

          for (guint j = 0; j < in_place->len; j++)
            {
              SlFoundRead *read = g_ptr_array_index (in_place, j);
              PlateHit *hit = g_hash_table_lookup (by_plate, read->read->plate);

              if (hit == NULL)
                {
                  hit = g_new0 (PlateHit, 1);
                  hit->plate = read->read->plate;
                  hit->region = read->read->region;
                  hit->reads = g_ptr_array_new ();
                  g_hash_table_insert (by_plate, (gpointer) hit->plate, hit);
                  g_ptr_array_add (hits, hit);
                }
              hit->places |= 1u << i;
              g_ptr_array_add (hit->reads, read);
            }
          g_ptr_array_extend_and_steal (reads, g_steal_pointer (&in_place));
        }
    }
  g_ptr_array_sort (hits, compare_hits);

  add_places (builder, job->places);
  filters = json_builder_get_root (builder);
  search = new_search (job, NULL, filters);
  search->max_read_id = max_read_id;
  search->total = plates->len;
  search->result_plates = strings_to_json (plates);
  if (!record_search (job, store, search, error))
    return FALSE;

  json_builder_begin_object (answer);
  sl_json_builder_add_int_member (answer, "search_id", search->id);
  sl_json_builder_add_int_member (answer, "total", plates->len);
  json_builder_set_member_name (answer, "plates");
  json_builder_begin_array (answer);
  for (guint i = 0; i < hits->len; i++)
    {
      PlateHit *hit = g_ptr_array_index (hits, i);

      g_ptr_array_sort_with_data (hit->reads, compare_found_cb, GINT_TO_POINTER (SL_SEARCH_ORDER_OLDEST));
      json_builder_begin_object (answer);
      sl_json_builder_add_string_member (answer, "plate", hit->plate);
      sl_json_builder_add_string_member (answer, "region", hit->region);
      json_builder_set_member_name (answer, "places");
      json_builder_begin_array (answer);
      for (guint p = 0; p < job->places->len; p++)
        if (hit->places & (1u << p))
          json_builder_add_int_value (answer, p);
      json_builder_end_array (answer);
      add_found_array (answer, "reads", hit->reads);
      json_builder_end_object (answer);
    }
  json_builder_end_array (answer);
  json_builder_end_object (answer);

  job->status = SOUP_STATUS_CREATED;
  job->answer = json_builder_get_root (answer);
  job->search = g_steal_pointer (&search);
  return TRUE;
}

static gboolean
run_results (Job      *job,
             SlStore  *store,
             GError  **error)
{
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  page = stored_results (job, store, job->offset, job->limit, &total, error);
  if (page == NULL)
    return FALSE;

  job->status = SOUP_STATUS_OK;
  job->answer = page_to_json (job->search->id, total, job->offset, TRUE, page);
  return TRUE;
}

/* Every result's place and time, newest first, in the compact form of sl-read-point.h. */
static gboolean
run_points (Job      *job,
            SlStore  *store,
            GError  **error)
{
  g_autoptr(Filters) filters = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) points = NULL;

  if (!parse_stored (job->search, &filters, &places, error))
    return FALSE;

  if (filters != NULL)
    {
      SlReadQuery query = job_query (job, filters);

      points = sl_store_search_points (store, &query, MAX_POINTS, error);
      if (points == NULL)
        return FALSE;
    }
  else
    {
      all = place_reads (job, store, places, SL_SEARCH_ORDER_NEWEST, MAX_CSV_ROWS, error);
      if (all == NULL)
        return FALSE;

      points = g_array_sized_new (FALSE, FALSE, sizeof (SlReadPoint), all->len);
      for (guint i = 0; i < all->len; i++)
        {
          const SlFoundRead *found = g_ptr_array_index (all, i);
          SlReadPoint point = {
            .id = found->read->id,
            .captured_us = found->read->captured_us,
            .lat = found->read->lat,
            .lon = found->read->lon,
            .camera_id = (guint32) found->read->camera_id,
            .flags = found->hit ? SL_READ_POINT_HIT : 0,
          };

          g_array_append_val (points, point);
        }
    }

  job->status = SOUP_STATUS_OK;
  job->body = sl_read_points_encode (points);
  job->content_type = SL_READ_POINTS_CONTENT_TYPE;
  return TRUE;
}

typedef struct
{
  SlStore *store;
} ImageSource;

static GBytes *
report_image_cb (gint64    read_id,
                 char    **mime,
                 gpointer  data)
{
  ImageSource *source = data;

  return sl_store_get_read_image (source->store, read_id, "plate", mime, NULL);
}

static gboolean
run_export (Job      *job,
            SlStore  *store,
            GError  **error)
{
  gboolean pdf = job->type == JOB_EXPORT_PDF;
  guint max = pdf ? MAX_PDF_ROWS : MAX_CSV_ROWS;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  gint64 total = 0;

  if (job->search->total > max)
    return job_refuse (job, SOUP_STATUS_UNPROCESSABLE_ENTITY, "export_too_large",
                       "Search %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " results; a %s export holds at most %u. "
                       "Narrow the search (a shorter time, a smaller area) and export that",
                       job->search->id, job->search->total, pdf ? "PDF" : "CSV", max);

  rows = stored_results (job, store, 0, max, &total, error);
  if (rows == NULL)
    return FALSE;

  /* logged before anything leaves: without the record, no export */
  job->record->result_count = rows->len;
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "search_id", job->search->id);
  sl_json_builder_add_string_member (data, "format", pdf ? "pdf" : "csv");
  json_builder_end_object (data);
  _sl_record_take_data (job->record, data);
  if (!sl_store_audit_append (store, job->record, &local_error))
    {
      job->audit_failed = TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (pdf)
    {
      const SlPurpose *purpose = sl_policy_find_purpose (job->server->policy, job->search->purpose_code);
      SlSearchReportInfo info = {
        .agency = sl_policy_get_agency (job->server->policy),
        .search = job->search,
        .full_name = job->user->full_name,
        .purpose_label = purpose != NULL ? purpose->label : NULL,
        .exported_us = job->now_us,
      };
      ImageSource source = { store };

      job->body = sl_search_report_pdf (&info, rows, report_image_cb, &source, error);
      if (job->body == NULL)
        return FALSE;
      job->content_type = "application/pdf";
    }
  else
    {
      job->body = sl_search_report_csv (rows);
      job->content_type = "text/csv; charset=utf-8";
    }

  job->filename = g_strdup_printf ("search-%" G_GINT64_FORMAT ".%s", job->search->id, pdf ? "pdf" : "csv");
  job->status = SOUP_STATUS_OK;
  return TRUE;
}

static GBytes *
evidence_image_cb (gint64       read_id,
                   const char  *kind,
                   char       **mime,
                   gpointer     data)
{
  return sl_store_get_read_image (data, read_id, kind, mime, NULL);
}

/* The chain-of-custody sheet: what the package holds and who had it. */
static GBytes *
custody_sheet_cb (gint64    reads,
                  gint64    images,
                  gpointer  data,
                  GError  **error)
{
  Job *job = data;
  const SlSearch *search = job->search;
  g_autofree char *title = g_strdup_printf ("%s: ALPR evidence, chain of custody",
                                            sl_policy_get_agency (job->server->policy));
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, search->id);
  g_autofree char *searched = sl_report_format_time (search->created_us);
  g_autofree char *exported = sl_report_format_time (job->now_us);
  g_autofree char *counts = g_strdup_printf ("%" G_GINT64_FORMAT " reads, %" G_GINT64_FORMAT " images", reads, images);
  g_autofree char *by = g_strdup_printf ("%s (%s)", job->user->full_name, job->user->username);
  const char * const lines[] = {
    "The evidence", NULL,
    "Case number", search->case_number,
    "Purpose", search->purpose_code,
    "Purpose note", search->purpose_note,
    "Search", number,
    "Searched by", search->username,
    "Searched on", searched,
    "Contents", counts,
    "Files", "reads.csv and reads.json list the reads; images/ holds their images as the cameras sent them; "
             "manifest.json gives the SHA-256 of every file, and the package's own SHA-256 is in the access log.",
    "Custody", NULL,
    "Exported by", by,
    "Exported on", exported,
    "Received by", "______________________________   Date ____________   Signature ______________________",
    "Received by", "______________________________   Date ____________   Signature ______________________",
    "Received by", "______________________________   Date ____________   Signature ______________________",
    "Booked as item", "______________________________   Property room ________________________________",
    NULL,
  };

  return sl_report_letter_pdf (title, lines, error);
}

/* The search's results as a package for booking into evidence; logged with its hash. */
static gboolean
run_evidence (Job      *job,
              SlStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) header = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(SlSharingPackage) package = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 total = 0;

  if (job->search->total > MAX_EVIDENCE_READS)
    return job_refuse (job, SOUP_STATUS_UNPROCESSABLE_ENTITY, "export_too_large",
                       "Search %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " results; an evidence package holds at "
                       "most %u. Narrow the search to the reads that are evidence",
                       job->search->id, job->search->total, MAX_EVIDENCE_READS);

  rows = stored_results (job, store, 0, MAX_EVIDENCE_READS, &total, error);
  if (rows == NULL)
    return FALSE;

  json_builder_begin_object (header);
  sl_json_builder_add_string_member (header, "agency", sl_policy_get_agency (job->server->policy));
  sl_json_builder_add_int_member (header, "search_id", job->search->id);
  sl_json_builder_add_string_member (header, "case_number", job->search->case_number);
  sl_json_builder_add_string_member (header, "purpose_code", job->search->purpose_code);
  sl_json_builder_add_string_member (header, "exported_by", job->user->username);
  _sl_json_add_time_member (header, "exported_at", job->now_us);
  json_builder_end_object (header);
  root = json_builder_get_root (header);
  package = sl_package_write (json_node_get_object (root), job->now_us, rows, evidence_image_cb, store,
                              "chain-of-custody.pdf", custody_sheet_cb, job, error);
  if (package == NULL)
    return FALSE;

  /* logged, with the package's hash, before anything leaves */
  job->record->result_count = rows->len;
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "search_id", job->search->id);
  sl_json_builder_add_string_member (data, "format", "evidence");
  sl_json_builder_add_int_member (data, "images", package->images);
  sl_json_builder_add_string_member (data, "sha256", package->sha256);
  json_builder_end_object (data);
  _sl_record_take_data (job->record, data);
  if (!sl_store_audit_append (store, job->record, &local_error))
    {
      job->audit_failed = TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  job->body = g_bytes_ref (package->zip);
  job->content_type = "application/zip";
  job->filename = g_strdup_printf ("evidence-search-%" G_GINT64_FORMAT ".zip", job->search->id);
  job->status = SOUP_STATUS_OK;
  return TRUE;
}

static void
run_job_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&job->runner->mutex);
  if (job->runner->store == NULL)
    job->runner->store = sl_store_open_sibling (job->server->store, &error);

  if (job->runner->store != NULL)
    {
      switch (job->type)
        {
        case JOB_SEARCH:
          ok = job->kind == KIND_PLATE ? run_plate_search (job, job->runner->store, &error)
             : job->kind == KIND_TRACK ? run_track (job, job->runner->store, &error)
             : run_multi_place (job, job->runner->store, &error);
          break;
        case JOB_RESULTS:
          ok = run_results (job, job->runner->store, &error);
          break;
        case JOB_POINTS:
          ok = run_points (job, job->runner->store, &error);
          break;
        case JOB_EXPORT_CSV:
        case JOB_EXPORT_PDF:
          ok = run_export (job, job->runner->store, &error);
          break;
        case JOB_EVIDENCE:
          ok = run_evidence (job, job->runner->store, &error);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_mutex_unlock (&job->runner->mutex);

  if (!ok && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->msg);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->audit_failed)
        {
          g_message ("Could not write the access-log record of a search: %s", error->message);
          _sl_reply_error (job->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "audit_unavailable",
                           "The access log cannot be written (%s), so the search was not carried out; "
                           "tell the system administrator", error->message);
        }
      else
        _sl_reply_gerror (job->msg, error);
    }
  else if (job->code != NULL)
    _sl_reply_error (job->msg, job->status, job->code, "%s", job->message);
  else if (job->body != NULL)
    {
      soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
      if (job->filename != NULL)
        {
          g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", job->filename);

          soup_message_headers_replace (headers, "Content-Disposition", disposition);
        }
      soup_server_message_set_status (job->msg, job->status, NULL);
      soup_server_message_set_response (job->msg, job->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (job->body, NULL), g_bytes_get_size (job->body));
    }
  else
    {
      if (job->type == JOB_SEARCH)
        {
          g_autofree char *location = g_strdup_printf ("/api/v1/searches/%" G_GINT64_FORMAT, job->search->id);

          soup_message_headers_replace (headers, "Location", location);
        }
      _sl_reply_json (job->msg, job->status, g_steal_pointer (&job->answer));
    }

  soup_server_message_unpause (job->msg);
}

/* Runs @job in a thread; the request waits, paused, for its answer. */
static void
job_start (Job *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_done_cb, NULL);

  if (job->server->searches == NULL)
    {
      job->server->searches = g_new0 (SlSearchRunner, 1);
      g_mutex_init (&job->server->searches->mutex);
    }
  job->runner = job->server->searches;

  soup_server_message_pause (job->msg);
  g_task_set_source_tag (task, job_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job_thread);
}

/* The gate ----------------------------------------------------------------------- */

/* Writes the record of a refused search; FALSE, having answered 503, when it cannot. */
static gboolean
log_refusal (SlRequest  *req,
             Kind        kind,
             const char *reason,
             JsonObject *body)
{
  g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, "search.refused", "denied",
                                                           req->user);
  g_autoptr(JsonBuilder) data = json_builder_new ();
  const char *text = NULL;

  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "reason", reason);
  sl_json_builder_add_string_member (data, "kind", kind_names[kind]);
  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      if (sl_json_get_string (body, "case_number", FALSE, &text, NULL) && text != NULL)
        record->case_number = g_strdup (text);
      text = NULL;
      if (sl_json_get_string (body, "purpose_code", FALSE, &text, NULL) && text != NULL)
        record->purpose_code = g_strdup (text);
      text = NULL;
      if (sl_json_get_string (body, "purpose_note", FALSE, &text, NULL) && text != NULL)
        record->purpose_note = g_strdup (text);
      text = NULL;
      if (sl_json_get_string (body, "plate", FALSE, &text, NULL) && text != NULL)
        record->plate = g_strdup (text);

      /* the filters as they were sent */
      json_builder_set_member_name (data, "filters");
      json_builder_begin_object (data);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (gate_members, l->data))
          {
            json_builder_set_member_name (data, l->data);
            json_builder_add_value (data, json_node_copy (json_object_get_member (body, l->data)));
          }
      json_builder_end_object (data);
    }
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  return _sl_server_append_record (req->server, req->msg, record);
}

static void
refuse (SlRequest  *req,
        Kind        kind,
        JsonObject *body,
        guint       status,
        const char *code,
        const char *format,
        ...) G_GNUC_PRINTF (6, 7);

static void
refuse (SlRequest  *req,
        Kind        kind,
        JsonObject *body,
        guint       status,
        const char *code,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (log_refusal (req, kind, code, body))
    _sl_reply_error (req->msg, status, code, "%s", message);
}

static void
refuse_error (SlRequest    *req,
              Kind          kind,
              JsonObject   *body,
              const GError *error)
{
  guint status = error->code == SL_ERROR_INVALID ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_UNPROCESSABLE_ENTITY;

  refuse (req, kind, body, status, sl_error_get_code (error), "%s", error->message);
}

/* Who may search, for which purpose, with training, a case number and a
 * purpose that say what for. Replies (logged) and returns FALSE when not. */
static gboolean
check_gate (SlRequest   *req,
            Kind         kind,
            JsonObject  *body,
            Job         *job)
{
  SlPolicy *policy = req->server->policy;
  const char *case_number = NULL;
  const char *purpose_code = NULL;
  const char *purpose_note = NULL;
  g_autoptr(GError) error = NULL;
  gboolean auditor_only = !sl_user_has_role (req->user, SEARCH_ROLES);

  if (!sl_json_get_string (body, "case_number", FALSE, &case_number, &error) ||
      !sl_json_get_string (body, "purpose_code", FALSE, &purpose_code, &error) ||
      !sl_json_get_string (body, "purpose_note", FALSE, &purpose_note, &error))
    {
      refuse_error (req, kind, body, error);
      return FALSE;
    }

  if (auditor_only && !sl_user_has_role (req->user, SL_ROLE_AUDITOR))
    {
      refuse (req, kind, body, SOUP_STATUS_FORBIDDEN, "forbidden",
              "Your role does not allow searches of ALPR data; they are for officers, analysts, "
              "supervisors and the %s, and for auditors in an audit", sl_policy_get_administrator_title (policy));
      return FALSE;
    }
  if (auditor_only && purpose_code != NULL && g_strcmp0 (purpose_code, AUDIT_PURPOSE) != 0)
    {
      refuse (req, kind, body, SOUP_STATUS_FORBIDDEN, "forbidden",
              "Auditors search ALPR data only in an audit: use the purpose “%s”", AUDIT_PURPOSE);
      return FALSE;
    }

  if (sl_user_training_status (req->user, sl_policy_get_training_interval_days (policy), req->now_us, NULL)
      != SL_TRAINING_CURRENT)
    {
      /* logged here with what was asked; the shared gate then answers */
      if (log_refusal (req, kind, "training_expired", body))
        _sl_request_training_expired (req, NULL);
      return FALSE;
    }

  if (!sl_policy_check_case_number (policy, case_number, &error) ||
      !sl_policy_check_purpose (policy, purpose_code, purpose_note, &error))
    {
      refuse_error (req, kind, body, error);
      return FALSE;
    }

  if (g_strcmp0 (purpose_code, AUDIT_PURPOSE) == 0 && !sl_user_has_role (req->user, RECORD_ROLES))
    {
      refuse (req, kind, body, SOUP_STATUS_UNPROCESSABLE_ENTITY, "purpose_not_authorized",
              "The purpose “%s” is for auditors and the %s; choose the purpose of your inquiry",
              AUDIT_PURPOSE, sl_policy_get_administrator_title (policy));
      return FALSE;
    }

  job->case_number = g_strstrip (g_strdup (case_number));
  job->purpose_code = g_strdup (purpose_code);
  job->purpose_note = g_strstrip (g_strdup (purpose_note));
  return TRUE;
}

static void
start_search (SlRequest *req,
              Kind       kind)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = job_new (req, JOB_SEARCH, kind);
  gint64 limit = DEFAULT_LIMIT;

  body = sl_json_parse_object (request_body->data, request_body->length, &error);
  if (body == NULL)
    {
      refuse_error (req, kind, NULL, error);
      return;
    }

  if (!check_gate (req, kind, body, job))
    return;

  if (kind == KIND_MULTI_PLACE)
    {
      job->places = parse_places (body, &error);
      if (job->places != NULL)
        for (guint i = 0; i < job->places->len && error == NULL; i++)
          {
            const SlReadQuery *place = &((Filters *) g_ptr_array_index (job->places, i))->query;

            if (place->until_us - place->since_us > MAX_PLACE_WINDOW_US)
              g_set_error (&error, SL_ERROR, SL_ERROR_RULE, "place %u: a place's time is at most 24 hours", i + 1);
          }
    }
  else
    {
      job->filters = filters_new ();
      if (parse_filters (body, kind, job->filters, &error) &&
          sl_json_get_int (body, "limit", FALSE, &limit, &error) && (limit < 1 || limit > MAX_LIMIT))
        invalid (&error, "limit: from 1 to %d", MAX_LIMIT);
    }

  if (error != NULL)
    {
      if (error->code == SL_ERROR_RULE)
        refuse (req, kind, body, SOUP_STATUS_UNPROCESSABLE_ENTITY, "search_too_broad", "%s", error->message);
      else
        refuse_error (req, kind, body, error);
      return;
    }

  if (kind == KIND_PLATE && !is_narrow (&job->filters->query))
    {
      refuse (req, kind, body, SOUP_STATUS_UNPROCESSABLE_ENTITY, "search_too_broad",
              "A search needs a plate, an area, cameras, or a time of at most 7 days (“from” and “to”): "
              "browsing every read is not allowed");
      return;
    }

  job->limit = limit;
  job->record = _sl_server_new_record (req->server, req->msg, kind_actions[kind], "ok", req->user);
  job->record->case_number = g_strdup (job->case_number);
  job->record->purpose_code = g_strdup (job->purpose_code);
  job->record->purpose_note = g_strdup (job->purpose_note);
  job->record->plate = g_strdup (job->filters != NULL ? job->filters->plate : NULL);
  job_start (g_steal_pointer (&job));
}

void
_sl_api_searches_create (SlRequest *req)
{
  start_search (req, KIND_PLATE);
}

void
_sl_api_tracks_create (SlRequest *req)
{
  start_search (req, KIND_TRACK);
}

void
_sl_api_searches_multi_place (SlRequest *req)
{
  start_search (req, KIND_MULTI_PLACE);
}

/* Existing searches ---------------------------------------------------------------- */

static gboolean
parse_search_id (const char *text,
                 gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

/* The search @text names, if the caller may see it (@any: also others', for
 * auditors and administrators); replies 404 and returns NULL when not. */
static SlSearch *
find_search (SlRequest  *req,
             const char *text,
             gboolean    any)
{
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!parse_search_id (text, &id))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "“%s” is not a search id", text != NULL ? text : "");
      return NULL;
    }

  search = sl_store_find_search (req->server->store, id, &error);
  if (search == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return NULL;
    }

  /* another's search does not exist for those who may not read it */
  if (search == NULL ||
      (g_strcmp0 (search->username, req->user->username) != 0 && !(any && sl_user_has_role (req->user, RECORD_ROLES))))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "You have no search %" G_GINT64_FORMAT, id);
      return NULL;
    }

  return g_steal_pointer (&search);
}

/* ALPR data of a search: to its owner while they may still search, with current training. */
static gboolean
check_owner_access (SlRequest      *req,
                    const SlSearch *search,
                    const char     *audit_action)
{
  if (!sl_user_has_role (req->user, SEARCH_ROLES) &&
      !(sl_user_has_role (req->user, SL_ROLE_AUDITOR) && g_strcmp0 (search->purpose_code, AUDIT_PURPOSE) == 0))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                       "Your role no longer allows searches of ALPR data");
      return FALSE;
    }

  return !_sl_request_training_expired (req, audit_action);
}

void
_sl_api_searches_get (SlRequest *req)
{
  g_autoptr(SlSearch) search = find_search (req, req->path_arg, TRUE);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonObject) filters = NULL;

  if (search == NULL)
    return;

  /* reading another's search is reading the access log */
  if (g_strcmp0 (search->username, req->user->username) != 0)
    {
      g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, "search.view", "ok", req->user);
      g_autoptr(JsonBuilder) data = json_builder_new ();

      record->plate = g_strdup (search->plate);
      record->result_count = 1;
      json_builder_begin_object (data);
      sl_json_builder_add_int_member (data, "search_id", search->id);
      sl_json_builder_add_string_member (data, "owner", search->username);
      json_builder_end_object (data);
      _sl_record_take_data (record, data);
      if (!_sl_server_append_record (req->server, req->msg, record))
        return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "search_id", search->id);
  sl_json_builder_add_string_member (builder, "kind", search->kind);
  _sl_json_add_time_member (builder, "created_at", search->created_us);
  sl_json_builder_add_string_member (builder, "username", search->username);
  sl_json_builder_add_string_member (builder, "case_number", search->case_number);
  sl_json_builder_add_string_member (builder, "purpose_code", search->purpose_code);
  sl_json_builder_add_string_member (builder, "purpose_note", search->purpose_note);
  _sl_json_add_nullable_string (builder, "plate", search->plate);
  json_builder_set_member_name (builder, "filters");
  filters = sl_json_parse_object (search->filters, -1, NULL);
  if (filters != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, filters);
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  else
    json_builder_add_null_value (builder);
  sl_json_builder_add_int_member (builder, "total", search->total);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
_sl_api_searches_results (SlRequest *req)
{
  static const char * const parameters[] = { "offset", "limit", "order", NULL };
  g_autoptr(SlSearch) search = find_search (req, req->path_arg, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = NULL;
  gint64 offset = 0;
  gint64 limit = DEFAULT_LIMIT;
  const char *order;

  if (search == NULL || !check_owner_access (req, search, NULL))
    return;

  if (req->query != NULL)
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        if (!g_strv_contains (parameters, name))
          {
            _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                             "Unknown parameter “%s”; results take offset, limit and order", name);
            return;
          }
    }

  if (!_sl_query_number (req->query, "offset", 0, G_MAXINT32, &offset, &error) ||
      !_sl_query_number (req->query, "limit", 1, MAX_LIMIT, &limit, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  job = job_new (req, JOB_RESULTS, KIND_PLATE);
  order = _sl_query_get (req->query, "order");
  if (order != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (orders) && g_strcmp0 (order, orders[i]) != 0; i++)
        ;
      if (i == G_N_ELEMENTS (orders))
        {
          _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "“%s” is not an order; use newest, oldest, plate or camera", order);
          return;
        }
      job->order = i;
      job->has_order = TRUE;
    }

  job->search = g_steal_pointer (&search);
  job->offset = offset;
  job->limit = limit;
  job_start (g_steal_pointer (&job));
}

/* GET /searches/{id}/points: where and when each result was read, for the map. */
void
_sl_api_searches_points (SlRequest *req)
{
  g_autoptr(SlSearch) search = find_search (req, req->path_arg, FALSE);
  g_autoptr(Job) job = NULL;

  if (search == NULL || !check_owner_access (req, search, NULL))
    return;

  if (req->query != NULL && g_hash_table_size (req->query) > 0)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "The points of a search take no parameters");
      return;
    }

  job = job_new (req, JOB_POINTS, KIND_PLATE);
  job->search = g_steal_pointer (&search);
  job_start (g_steal_pointer (&job));
}

void
_sl_api_searches_export (SlRequest *req)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (req->msg));
  gboolean pdf = g_str_has_suffix (path, ".pdf");
  g_autoptr(SlSearch) search = find_search (req, req->path_arg, FALSE);
  g_autoptr(Job) job = NULL;

  if (search == NULL || !check_owner_access (req, search, "search.export"))
    return;

  job = job_new (req, pdf ? JOB_EXPORT_PDF : JOB_EXPORT_CSV, KIND_PLATE);
  job->record = _sl_server_new_record (req->server, req->msg, "search.export", "ok", req->user);
  job->record->case_number = g_strdup (search->case_number);
  job->record->purpose_code = g_strdup (search->purpose_code);
  job->record->purpose_note = g_strdup (search->purpose_note);
  job->record->plate = g_strdup (search->plate);
  job->search = g_steal_pointer (&search);
  job_start (g_steal_pointer (&job));
}

/* GET /searches/{id}/evidence.zip: the search's reads, images and a
 * chain-of-custody sheet, for booking into evidence. */
void
_sl_api_searches_evidence (SlRequest *req)
{
  g_autoptr(SlSearch) search = find_search (req, req->path_arg, FALSE);
  g_autoptr(Job) job = NULL;

  if (search == NULL || !check_owner_access (req, search, "evidence.export"))
    return;

  job = job_new (req, JOB_EVIDENCE, KIND_PLATE);
  job->record = _sl_server_new_record (req->server, req->msg, "evidence.export", "ok", req->user);
  job->record->case_number = g_strdup (search->case_number);
  job->record->purpose_code = g_strdup (search->purpose_code);
  job->record->purpose_note = g_strdup (search->purpose_note);
  job->record->plate = g_strdup (search->plate);
  job->search = g_steal_pointer (&search);
  job_start (g_steal_pointer (&job));
}

/* Whether read @read_id is among the results of @search. */
static gboolean
search_holds_read (SlRequest       *req,
                   const SlSearch  *search,
                   gint64           read_id,
                   GError         **error)
{
  g_autoptr(Filters) filters = NULL;
  g_autoptr(GPtrArray) places = NULL;
  guint n = 1;

  if (!parse_stored (search, &filters, &places, error))
    return FALSE;
  if (places != NULL)
    n = places->len;

  for (guint i = 0; i < n; i++)
    {
      SlReadQuery query = filters != NULL ? filters->query : ((Filters *) g_ptr_array_index (places, i))->query;
      g_autoptr(GPtrArray) found = NULL;

      query.classes = req->server->ocr_classes;
      query.max_read_id = search->max_read_id;
      query.read_id = read_id;
      found = sl_store_search_reads (req->server->store, &query, 0, 1, NULL, NULL, error);
      if (found == NULL)
        return FALSE;
      if (found->len > 0)
        return TRUE;
    }

  return FALSE;
}

/* The ids of a search's results as it was made (a legal hold keeps them),
 * at most @max of them; more fails with SL_ERROR_RULE. */
GArray *
_sl_api_search_read_ids (SlServer        *server,
                         const SlSearch  *search,
                         guint            max,
                         GError         **error)
{
  g_autoptr(Filters) filters = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 1;

  if (!parse_stored (search, &filters, &places, error))
    return NULL;
  if (places != NULL)
    n = places->len;

  for (guint i = 0; i < n; i++)
    {
      SlReadQuery query = filters != NULL ? filters->query : ((Filters *) g_ptr_array_index (places, i))->query;
      g_autoptr(GArray) points = NULL;

      query.classes = server->ocr_classes;
      query.max_read_id = search->max_read_id;
      points = sl_store_search_points (server->store, &query, max + 1, error);
      if (points == NULL)
        return NULL;
      for (guint j = 0; j < points->len; j++)
        g_array_append_val (ids, g_array_index (points, SlReadPoint, j).id);
      if (ids->len > max)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The search found more than %u reads; hold them by plate "
                       "and time instead", max);
          return NULL;
        }
    }

  return g_steal_pointer (&ids);
}

/* GET /reads/{id}/images/{kind}?search_id=: the image of a search's result, logged with the search. */
void
_sl_api_search_read_image (SlRequest  *req,
                           const char *kind)
{
  g_autoptr(SlSearch) search = find_search (req, _sl_query_get (req->query, "search_id"), FALSE);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  g_autoptr(SlRead) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  gint64 read_id = 0;

  if (search == NULL || !check_owner_access (req, search, "image.view"))
    return;

  if (!parse_search_id (req->path_arg, &read_id))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "“%s” is not an id",
                       req->path_arg != NULL ? req->path_arg : "");
      return;
    }

  if (search_holds_read (req, search, read_id, &error))
    read = sl_store_find_read (req->server->store, read_id, &error);
  if (read != NULL)
    bytes = sl_store_get_read_image (req->server->store, read_id, kind, &mime, &error);
  if (bytes == NULL)
    {
      if (error != NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
        _sl_reply_gerror (req->msg, error);
      else
        _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                         "Search %" G_GINT64_FORMAT " has no read %" G_GINT64_FORMAT " with a %s image",
                         search->id, read_id, kind);
      return;
    }

  record = _sl_server_new_record (req->server, req->msg, "image.view", "ok", req->user);
  record->plate = g_strdup (read->plate);
  record->case_number = g_strdup (search->case_number);
  record->purpose_code = g_strdup (search->purpose_code);
  record->purpose_note = g_strdup (search->purpose_note);
  record->result_count = 1;
  data = json_builder_new ();
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "read_id", read_id);
  sl_json_builder_add_int_member (data, "search_id", search->id);
  sl_json_builder_add_string_member (data, "image", kind);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "private, no-store");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, mime, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}
