#define G_LOG_DOMAIN "sl-search"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-client-error.h"
#include "sl-clock.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-plate.h"
#include "sl-search.h"

/* The service's minimum for a purpose note (sl_policy_check_purpose()). */
#define NOTE_MIN_LENGTH 10

struct _SlSearchContext
{
  char *case_number;
  char *purpose_code;
  char *purpose_label;
  char *note;
};

G_DEFINE_BOXED_TYPE (SlSearchContext, sl_search_context,
                     sl_search_context_ref, sl_search_context_unref)

static const char * const order_names[] = {
  [SL_SEARCH_ORDER_NEWEST] = "newest",
  [SL_SEARCH_ORDER_OLDEST] = "oldest",
  [SL_SEARCH_ORDER_PLATE]  = "plate",
  [SL_SEARCH_ORDER_CAMERA] = "camera",
};

static const char * const directions[] = { "N", "NE", "E", "SE", "S", "SW", "W", "NW" };

static void
sl_search_context_clear (SlSearchContext *self)
{
  g_free (self->case_number);
  g_free (self->purpose_code);
  g_free (self->purpose_label);
  g_free (self->note);
}

/**
 * sl_search_context_new:
 * @case_number: the case or incident number
 * @purpose_code: a purpose code of the profile, e.g. "stolen_vehicle"
 * @purpose_label: (nullable): its label, for display
 * @note: what the search is for, in the user's words
 *
 * Returns: (transfer full): the case and purpose searches are made under
 */
SlSearchContext *
sl_search_context_new (const char *case_number,
                       const char *purpose_code,
                       const char *purpose_label,
                       const char *note)
{
  SlSearchContext *self;

  g_return_val_if_fail (case_number != NULL, NULL);
  g_return_val_if_fail (purpose_code != NULL, NULL);
  g_return_val_if_fail (note != NULL, NULL);

  self = g_atomic_rc_box_new0 (SlSearchContext);
  self->case_number = g_strstrip (g_strdup (case_number));
  self->purpose_code = g_strdup (purpose_code);
  self->purpose_label = g_strdup (purpose_label != NULL ? purpose_label : purpose_code);
  self->note = g_strstrip (g_strdup (note));
  return self;
}

SlSearchContext *
sl_search_context_ref (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
sl_search_context_unref (SlSearchContext *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sl_search_context_clear);
}

const char *
sl_search_context_get_case_number (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_number;
}

const char *
sl_search_context_get_purpose_code (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->purpose_code;
}

const char *
sl_search_context_get_purpose_label (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->purpose_label;
}

const char *
sl_search_context_get_note (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->note;
}

/**
 * sl_search_context_describe:
 *
 * Returns: (transfer full): the context in one line, e.g.
 *   "Case 26-012345 · Locate a stolen vehicle · Grey Civic taken at gunpoint"
 */
char *
sl_search_context_describe (SlSearchContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Translators: the active case of the Search page: case number, purpose, note */
  return g_strdup_printf (_("Case %s · %s · %s"), self->case_number, self->purpose_label,
                          self->note);
}

/* The gate members every search-like request carries. */
void
sl_search_context_add_members (SlSearchContext *self,
                               JsonBuilder     *builder)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  sl_json_builder_add_string_member (builder, "case_number", self->case_number);
  sl_json_builder_add_string_member (builder, "purpose_code", self->purpose_code);
  sl_json_builder_add_string_member (builder, "purpose_note", self->note);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
add_missing (GString    *missing,
             const char *line)
{
  if (missing->len > 0)
    g_string_append_c (missing, '\n');
  g_string_append (missing, line);
}

/**
 * sl_search_context_check:
 * @policy: the agency's profile, as GET /policy serves it
 * @case_number: (nullable): as typed
 * @purpose_code: (nullable): as chosen
 * @note: (nullable): as typed
 * @check: (out caller-allocates): the result; clear it with
 *   sl_search_context_check_clear()
 *
 * Applies the profile's rules as the service will, field by field, so a
 * dialog can say what is wrong while the user types.
 */
void
sl_search_context_check (SlPolicy             *policy,
                         const char           *case_number,
                         const char           *purpose_code,
                         const char           *note,
                         SlSearchContextCheck *check)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_stripped = g_strstrip (g_strdup (case_number != NULL ? case_number : ""));
  g_autofree char *note_stripped = g_strstrip (g_strdup (note != NULL ? note : ""));
  const char *example = sl_policy_get_case_number_example (policy);
  const SlPurpose *purposes;
  const char *probe_code;
  guint n_purposes = 0;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (check != NULL);

  memset (check, 0, sizeof *check);

  if (*case_stripped == '\0')
    {
      /* Translators: %s is an example case number, e.g. 26-012345 */
      g_autofree char *line = g_strdup_printf (_("Enter the case number, such as %s."), example);

      add_missing (missing, line);
    }
  else if (!sl_policy_check_case_number (policy, case_stripped, &error))
    {
      /* Translators: %s is an example case number, e.g. 26-012345 */
      check->case_number_error = g_strdup_printf (_("Not a case number of this agency. "
                                                    "The format is like %s."), example);
      add_missing (missing, check->case_number_error);
    }
  g_clear_error (&error);

  purposes = sl_policy_get_purposes (policy, &n_purposes);
  if (is_blank (purpose_code))
    add_missing (missing, _("Choose the purpose of the search."));
  else if (sl_policy_find_purpose (policy, purpose_code) == NULL ||
           sl_purpose_is_forbidden (purpose_code))
    {
      check->purpose_error = g_strdup (_("This purpose is not one the agency’s policy authorizes."));
      add_missing (missing, check->purpose_error);
    }

  /* The note is judged on its own, under any authorized purpose. */
  probe_code = check->purpose_error == NULL && !is_blank (purpose_code) ? purpose_code
               : n_purposes > 0 ? purposes[0].code : NULL;
  if (*note_stripped == '\0')
    {
      g_autofree char *line = g_strdup_printf (_("Say what the search is for, in at least %d characters."),
                                               NOTE_MIN_LENGTH);

      add_missing (missing, line);
    }
  else if (probe_code != NULL &&
           !sl_policy_check_purpose (policy, probe_code, note_stripped, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED))
        check->note_error = g_strdup (_("Immigration enforcement is never an authorized purpose."));
      else if (g_utf8_strlen (note_stripped, -1) < NOTE_MIN_LENGTH)
        check->note_error = g_strdup_printf (_("Too short: at least %d characters."), NOTE_MIN_LENGTH);
      else
        check->note_error = g_strdup (_("Too generic. Name the offense and what you are looking "
                                        "for, e.g. “Grey Civic taken at gunpoint”."));
      add_missing (missing, check->note_error);
    }

  check->can_submit = missing->len == 0;
  if (missing->len > 0)
    check->missing = g_strdup (missing->str);
}

void
sl_search_context_check_clear (SlSearchContextCheck *check)
{
  g_return_if_fail (check != NULL);

  g_clear_pointer (&check->case_number_error, g_free);
  g_clear_pointer (&check->purpose_error, g_free);
  g_clear_pointer (&check->note_error, g_free);
  g_clear_pointer (&check->missing, g_free);
}

/**
 * sl_search_field_for_error:
 * @error: a refusal of the service
 *
 * Returns: which field of the purpose dialog the refusal is about, or
 *   %SL_SEARCH_FIELD_NONE
 */
SlSearchField
sl_search_field_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, SL_SEARCH_FIELD_NONE);

  if (error->domain != SL_ERROR)
    return SL_SEARCH_FIELD_NONE;

  switch (error->code)
    {
    case SL_ERROR_CASE_NUMBER_REQUIRED:
    case SL_ERROR_CASE_NUMBER_FORMAT:
      return SL_SEARCH_FIELD_CASE_NUMBER;
    case SL_ERROR_PURPOSE_REQUIRED:
    case SL_ERROR_PURPOSE_NOT_AUTHORIZED:
      return SL_SEARCH_FIELD_PURPOSE;
    case SL_ERROR_PURPOSE_TOO_GENERIC:
      return SL_SEARCH_FIELD_NOTE;
    default:
      return SL_SEARCH_FIELD_NONE;
    }
}

/* ---- filters ---- */

SlSearchFilter *
sl_search_filter_new (void)
{
  SlSearchFilter *filter = g_new0 (SlSearchFilter, 1);

  filter->lat = NAN;
  filter->lon = NAN;
  return filter;
}

void
sl_search_filter_free (SlSearchFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->plate);
  g_free (filter->region);
  g_clear_pointer (&filter->cameras, g_array_unref);
  g_clear_pointer (&filter->polygon, g_array_unref);
  g_free (filter->direction);
  g_free (filter->make);
  g_free (filter->color);
  g_free (filter->type);
  g_free (filter);
}

static gboolean
has_text (const char *text)
{
  return !is_blank (text);
}

/**
 * sl_search_filter_check:
 *
 * Refuses, before anything is sent, what the service would refuse: no
 * narrowing filter, a tolerance with a pattern, a bad pattern, a time range
 * backwards, a circle out of range.
 *
 * Returns: whether the filter may be sent; else @error (%SL_ERROR_RULE or
 *   %SL_ERROR_INVALID) says why, for the user
 */
gboolean
sl_search_filter_check (const SlSearchFilter  *filter,
                        GError               **error)
{
  gboolean narrow = FALSE;

  g_return_val_if_fail (filter != NULL, FALSE);

  if (has_text (filter->plate))
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *normalized = sl_plate_pattern_normalize (filter->plate, &local_error);

      if (normalized == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       _("“%s” is not a plate or a pattern: use letters, digits, ? for one "
                         "character and * for any run."), filter->plate);
          return FALSE;
        }
      if (filter->tolerance > 0 && sl_plate_is_pattern (normalized))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                               _("Look-alike tolerance applies to an exact plate, not to a pattern."));
          return FALSE;
        }
      narrow = TRUE;
    }

  if (filter->tolerance > 2)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           _("The tolerance is 0, 1 or 2 characters."));
      return FALSE;
    }

  if (filter->from_us > 0 && filter->to_us > 0)
    {
      if (filter->to_us <= filter->from_us)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                               _("The time range ends before it starts."));
          return FALSE;
        }
      if (filter->to_us - filter->from_us <= SL_SEARCH_MAX_RANGE_US)
        narrow = TRUE;
    }

  if (filter->has_area)
    {
      if (!isfinite (filter->lat) || filter->lat < -90 || filter->lat > 90 ||
          !isfinite (filter->lon) || filter->lon < -180 || filter->lon > 180)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                               _("The area’s centre needs a latitude (−90 to 90) and a longitude (−180 to 180)."));
          return FALSE;
        }
      if (!(filter->radius_m > 0) || filter->radius_m > SL_SEARCH_MAX_RADIUS_M)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       _("The area’s radius is more than 0 and at most %d m."), SL_SEARCH_MAX_RADIUS_M);
          return FALSE;
        }
      narrow = TRUE;
    }

  if (filter->polygon != NULL)
    {
      if (filter->polygon->len < 3 || filter->polygon->len > SL_SEARCH_MAX_POLYGON)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       _("An area drawn on the map has 3 to %d corners."), SL_SEARCH_MAX_POLYGON);
          return FALSE;
        }
      for (guint i = 0; i < filter->polygon->len; i++)
        {
          const SlSearchVertex *vertex = &g_array_index (filter->polygon, SlSearchVertex, i);

          if (!isfinite (vertex->lat) || fabs (vertex->lat) > 90 || !isfinite (vertex->lon) || fabs (vertex->lon) > 180)
            {
              g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                                   _("A corner of the area drawn on the map lies outside the earth."));
              return FALSE;
            }
        }
      narrow = TRUE;
    }

  if (filter->cameras != NULL && filter->cameras->len > 0)
    narrow = TRUE;

  if (!narrow)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                           _("Narrow the search: give a plate, cameras, an area, or a time "
                             "range of at most 7 days."));
      return FALSE;
    }

  return TRUE;
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  g_autofree char *stripped = NULL;

  if (!has_text (value))
    return;

  stripped = g_strstrip (g_strdup (value));
  sl_json_builder_add_string_member (builder, member, stripped);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time_us)
{
  g_autofree char *text = NULL;

  if (time_us <= 0)
    return;

  text = sl_clock_format_iso8601 (time_us);
  sl_json_builder_add_string_member (builder, member, text);
}

/**
 * sl_search_filter_to_json:
 * @context: the case and purpose
 * @limit: the size of the first page, or 0 for the service's default
 *
 * Returns: (transfer full): the body of POST /searches; empty filters are
 *   left out
 */
JsonNode *
sl_search_filter_to_json (const SlSearchFilter *filter,
                          SlSearchContext      *context,
                          SlSearchOrder         order,
                          guint                 limit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  json_builder_begin_object (builder);
  sl_search_context_add_members (context, builder);

  add_optional_string (builder, "plate", filter->plate);
  if (has_text (filter->plate) && filter->tolerance > 0)
    sl_json_builder_add_int_member (builder, "tolerance", filter->tolerance);
  add_optional_string (builder, "region", filter->region);
  add_time (builder, "from", filter->from_us);
  add_time (builder, "to", filter->to_us);

  if (filter->cameras != NULL && filter->cameras->len > 0)
    {
      json_builder_set_member_name (builder, "cameras");
      json_builder_begin_array (builder);
      for (guint i = 0; i < filter->cameras->len; i++)
        json_builder_add_int_value (builder, g_array_index (filter->cameras, gint64, i));
      json_builder_end_array (builder);
    }

  if (filter->has_area)
    {
      json_builder_set_member_name (builder, "area");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lat");
      json_builder_add_double_value (builder, filter->lat);
      json_builder_set_member_name (builder, "lon");
      json_builder_add_double_value (builder, filter->lon);
      json_builder_set_member_name (builder, "radius_m");
      json_builder_add_double_value (builder, filter->radius_m);
      json_builder_end_object (builder);
    }
  else if (filter->polygon != NULL)
    {
      json_builder_set_member_name (builder, "area");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "polygon");
      json_builder_begin_array (builder);
      for (guint i = 0; i < filter->polygon->len; i++)
        {
          const SlSearchVertex *vertex = &g_array_index (filter->polygon, SlSearchVertex, i);

          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, vertex->lat);
          json_builder_add_double_value (builder, vertex->lon);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  for (guint i = 0; filter->direction != NULL && i < G_N_ELEMENTS (directions); i++)
    if (g_str_equal (filter->direction, directions[i]))
      sl_json_builder_add_string_member (builder, "direction", directions[i]);

  add_optional_string (builder, "make", filter->make);
  add_optional_string (builder, "color", filter->color);
  add_optional_string (builder, "type", filter->type);

  if (order != SL_SEARCH_ORDER_NEWEST)
    sl_json_builder_add_string_member (builder, "order", sl_search_order_to_string (order));
  if (limit > 0)
    sl_json_builder_add_int_member (builder, "limit", limit);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * sl_search_time_preset_get_range:
 * @now_us: the clock's time, UTC
 * @from_us: (out): the start, or 0 for none
 * @to_us: (out): the end, or 0 for none
 *
 * The range a preset names; %SL_SEARCH_TIME_ANY and
 * %SL_SEARCH_TIME_CUSTOM name none.
 */
void
sl_search_time_preset_get_range (SlSearchTimePreset  preset,
                                 gint64              now_us,
                                 gint64             *from_us,
                                 gint64             *to_us)
{
  GTimeSpan span = 0;

  switch (preset)
    {
    case SL_SEARCH_TIME_LAST_HOUR: span = G_TIME_SPAN_HOUR; break;
    case SL_SEARCH_TIME_LAST_DAY:  span = G_TIME_SPAN_DAY; break;
    case SL_SEARCH_TIME_LAST_WEEK: span = 7 * G_TIME_SPAN_DAY; break;
    case SL_SEARCH_TIME_ANY:
    case SL_SEARCH_TIME_CUSTOM:
    default:
      break;
    }

  *from_us = span > 0 ? now_us - span : 0;
  /* The end is a moment from now: reads of the next seconds are included. */
  *to_us = span > 0 ? now_us + G_TIME_SPAN_MINUTE : 0;
}

const char *
sl_search_order_to_string (SlSearchOrder order)
{
  g_return_val_if_fail (order < G_N_ELEMENTS (order_names), NULL);
  return order_names[order];
}

/* ---- answers ---- */

void
sl_search_answer_free (SlSearchAnswer *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->results, g_ptr_array_unref);
  g_free (page->plate);
  g_strfreev (page->leads);
  g_free (page);
}

static gboolean
parse_reads (JsonArray  *array,
             GPtrArray  *reads,
             GError    **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlSearchRead *read;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                       "read %u is not an object", i);
          return FALSE;
        }

      read = sl_search_read_new_from_json (json_node_get_object (node), error);
      if (read == NULL)
        return FALSE;
      g_ptr_array_add (reads, read);
    }

  return TRUE;
}

static SlSearchAnswer *
invalid_answer (GError     **error,
              const char  *message)
{
  g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent invalid search results: %s"), message);
  return NULL;
}

/**
 * sl_search_answer_new_from_json:
 * @object: the answer of POST /searches or GET /searches/{id}/results
 *
 * Returns: (transfer full) (nullable): the page
 */
SlSearchAnswer *
sl_search_answer_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(SlSearchAnswer) page = g_new0 (SlSearchAnswer, 1);
  g_autoptr(GError) local_error = NULL;
  JsonArray *results = NULL;
  gint64 total = 0;
  gint64 offset = 0;

  page->next_offset = -1;
  page->results = g_ptr_array_new_with_free_func (g_object_unref);

  if (!sl_json_get_int (object, "search_id", TRUE, &page->search_id, &local_error) ||
      !sl_json_get_int (object, "total", TRUE, &total, &local_error) ||
      !sl_json_get_int (object, "offset", FALSE, &offset, &local_error) ||
      !sl_json_get_int (object, "next_offset", FALSE, &page->next_offset, &local_error) ||
      !sl_json_get_array (object, "results", TRUE, &results, &local_error) ||
      !parse_reads (results, page->results, &local_error))
    return invalid_answer (error, local_error->message);

  if (page->search_id <= 0 || total < 0 || total > G_MAXUINT32 || offset < 0 ||
      offset + (gint64) page->results->len > total)
    return invalid_answer (error, "the counts do not add up");

  page->total = (guint) total;
  page->offset = (guint) offset;
  return g_steal_pointer (&page);
}

/* The leads of a track as sentences; a lead the client cannot read is left out. */
static GStrv
parse_leads (JsonObject *object)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *leads = NULL;

  if (!sl_json_get_array (object, "leads", FALSE, &leads, NULL) || leads == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (leads); i++)
    {
      JsonNode *node = json_array_get_element (leads, i);
      JsonObject *lead = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *kind = NULL;
      const char *usual = NULL;
      const char *seen = NULL;
      g_autofree char *text = NULL;

      if (lead == NULL || !sl_json_get_string (lead, "kind", TRUE, &kind, NULL))
        continue;
      if (g_str_equal (kind, "possible_clone"))
        {
          double km = json_object_get_double_member_with_default (lead, "distance_km", 0);
          gint64 speed = json_object_get_int_member_with_default (lead, "speed_kmh", 0);

          if (speed > 0)
            /* Translators: a distance, then an implied speed */
            text = g_strdup_printf (_("Possible cloned plate: read %.0f km from the read before it, an implied "
                                      "%u km/h"), km, (guint) speed);
          else
            text = g_strdup_printf (_("Possible cloned plate: read %.0f km apart at the same moment"), km);
        }
      else if (g_str_equal (kind, "possible_switch") &&
               sl_json_get_string (lead, "usual", TRUE, &usual, NULL) &&
               sl_json_get_string (lead, "seen", TRUE, &seen, NULL))
        /* Translators: two vehicles, such as "blue toyota" and "silver honda" */
        text = g_strdup_printf (_("Possible switched plate: on a %s, where it is usually on a %s"), seen, usual);

      if (text != NULL)
        g_strv_builder_add (builder, text);
    }

  return g_strv_builder_end (builder);
}

/**
 * sl_search_answer_new_from_track_json:
 * @object: the answer of POST /tracks
 *
 * Returns: (transfer full) (nullable): the track's reads as one page,
 *   oldest first
 */
SlSearchAnswer *
sl_search_answer_new_from_track_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(SlSearchAnswer) page = g_new0 (SlSearchAnswer, 1);
  g_autoptr(GError) local_error = NULL;
  JsonArray *reads = NULL;
  const char *plate = NULL;

  page->next_offset = -1;
  page->results = g_ptr_array_new_with_free_func (g_object_unref);

  if (!sl_json_get_int (object, "search_id", TRUE, &page->search_id, &local_error) ||
      !sl_json_get_string (object, "plate", TRUE, &plate, &local_error) ||
      !sl_json_get_array (object, "reads", TRUE, &reads, &local_error) ||
      !parse_reads (reads, page->results, &local_error))
    return invalid_answer (error, local_error->message);

  page->plate = g_strdup (plate);
  page->total = page->results->len;
  page->leads = parse_leads (object);
  return g_steal_pointer (&page);
}
