/* sl-search.h: what a search carries: its case and purpose, its filters, its pages */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-policy.h"
#include "sl-search-read.h"

G_BEGIN_DECLS

/* Rows per page of results; the service allows up to 500. */
#define SL_SEARCH_PAGE_SIZE 200
/* The widest circle the service accepts, in metres. */
#define SL_SEARCH_MAX_RADIUS_M 50000
/* The longest time range that narrows a search by itself. */
#define SL_SEARCH_MAX_RANGE_US (7 * G_TIME_SPAN_DAY)

typedef enum
{
  SL_SEARCH_ORDER_NEWEST,
  SL_SEARCH_ORDER_OLDEST,
  SL_SEARCH_ORDER_PLATE,
  SL_SEARCH_ORDER_CAMERA,
} SlSearchOrder;

typedef enum
{
  SL_SEARCH_FIELD_NONE,
  SL_SEARCH_FIELD_CASE_NUMBER,
  SL_SEARCH_FIELD_PURPOSE,
  SL_SEARCH_FIELD_NOTE,
} SlSearchField;

typedef enum
{
  SL_SEARCH_TIME_ANY,
  SL_SEARCH_TIME_LAST_HOUR,
  SL_SEARCH_TIME_LAST_DAY,
  SL_SEARCH_TIME_LAST_WEEK,
  SL_SEARCH_TIME_CUSTOM,
} SlSearchTimePreset;

/* ---- the case and purpose every search carries ---- */

#define SL_TYPE_SEARCH_CONTEXT (sl_search_context_get_type ())
typedef struct _SlSearchContext SlSearchContext;

/**
 * SlSearchContextCheck:
 * @can_submit: every field passes the profile's rules
 * @case_number_error: (nullable): what is wrong with the case number as typed
 * @purpose_error: (nullable): what is wrong with the purpose
 * @note_error: (nullable): what is wrong with the note
 * @missing: (nullable): what the user still has to do, for the button's tooltip
 *
 * The purpose dialog's state, computed without a display. An empty field
 * is missing, not wrong: it has no error, only a @missing line.
 */
typedef struct
{
  gboolean  can_submit;
  char     *case_number_error;
  char     *purpose_error;
  char     *note_error;
  char     *missing;
} SlSearchContextCheck;

GType             sl_search_context_get_type         (void) G_GNUC_CONST;
SlSearchContext  *sl_search_context_new              (const char       *case_number,
                                                      const char       *purpose_code,
                                                      const char       *purpose_label,
                                                      const char       *note);
SlSearchContext  *sl_search_context_ref              (SlSearchContext  *self);
void              sl_search_context_unref            (SlSearchContext  *self);
const char       *sl_search_context_get_case_number  (SlSearchContext  *self);
const char       *sl_search_context_get_purpose_code (SlSearchContext  *self);
const char       *sl_search_context_get_purpose_label (SlSearchContext *self);
const char       *sl_search_context_get_note         (SlSearchContext  *self);
char             *sl_search_context_describe         (SlSearchContext  *self);
void              sl_search_context_add_members      (SlSearchContext  *self,
                                                      JsonBuilder      *builder);

void              sl_search_context_check            (SlPolicy              *policy,
                                                      const char            *case_number,
                                                      const char            *purpose_code,
                                                      const char            *note,
                                                      SlSearchContextCheck  *check);
void              sl_search_context_check_clear      (SlSearchContextCheck  *check);
SlSearchField     sl_search_field_for_error          (const GError          *error);

/* ---- the filters ---- */

/* The most corners a drawn area may have; the service takes up to 100. */
#define SL_SEARCH_MAX_POLYGON 100

typedef struct
{
  double lat;
  double lon;
} SlSearchVertex;

/**
 * SlSearchFilter:
 * @plate: (nullable): an exact plate or a pattern with `?` and `*`
 * @tolerance: 0–2 OCR look-alikes, exact plates only
 * @region: (nullable): a state code
 * @from_us: reads at or after this UTC time, or 0
 * @to_us: reads before this UTC time, or 0
 * @cameras: (element-type gint64) (nullable): only these cameras
 * @has_area: whether @lat, @lon and @radius_m name a circle
 * @polygon: (element-type SlSearchVertex) (nullable): the corners of an
 *   area drawn on the map, instead of a circle
 * @direction: (nullable): "N", "NE", … "NW"
 * @make: (nullable): vehicle make
 * @color: (nullable): vehicle color
 * @type: (nullable): vehicle type
 */
typedef struct
{
  char    *plate;
  guint    tolerance;
  char    *region;
  gint64   from_us;
  gint64   to_us;
  GArray  *cameras;
  gboolean has_area;
  double   lat;
  double   lon;
  double   radius_m;
  GArray  *polygon;
  char    *direction;
  char    *make;
  char    *color;
  char    *type;
} SlSearchFilter;

SlSearchFilter   *sl_search_filter_new               (void);
void              sl_search_filter_free              (SlSearchFilter   *filter);
gboolean          sl_search_filter_check             (const SlSearchFilter *filter,
                                                      GError          **error);
JsonNode         *sl_search_filter_to_json           (const SlSearchFilter *filter,
                                                      SlSearchContext  *context,
                                                      SlSearchOrder     order,
                                                      guint             limit);
void              sl_search_time_preset_get_range    (SlSearchTimePreset preset,
                                                      gint64            now_us,
                                                      gint64           *from_us,
                                                      gint64           *to_us);
const char       *sl_search_order_to_string          (SlSearchOrder     order);

/* ---- what the service answers ---- */

/**
 * SlSearchAnswer:
 * @search_id: the search, as recorded in the access log
 * @total: how many reads the search found
 * @offset: the position of the first of @results
 * @results: (element-type SlSearchRead): the reads of this page
 * @next_offset: where the next page starts, or -1 after the last
 * @plate: (nullable): the plate of a track
 * @leads: (nullable): a track's signs of a cloned or switched plate, each
 *   a sentence for people; leads only, never alerts
 */
typedef struct
{
  gint64     search_id;
  guint      total;
  guint      offset;
  GPtrArray *results;
  gint64     next_offset;
  char      *plate;
  GStrv      leads;
} SlSearchAnswer;

SlSearchAnswer     *sl_search_answer_new_from_json       (JsonObject       *object,
                                                      GError          **error);
SlSearchAnswer     *sl_search_answer_new_from_track_json (JsonObject       *object,
                                                      GError          **error);
void              sl_search_answer_free                (SlSearchAnswer     *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchContext, sl_search_context_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchFilter, sl_search_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchAnswer, sl_search_answer_free)

G_END_DECLS
