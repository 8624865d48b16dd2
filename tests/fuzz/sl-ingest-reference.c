/* sl-ingest-reference.c: the native format read through json-glib's tree, as
 * sl-ingest.c did before it read the text directly; the differential test
 * holds the two to the same results. Only the fuzz tests build it. */
#define G_LOG_DOMAIN "sl-ingest-reference"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sl-clock.h"
#include "sl-error.h"
#include "sl-ingest-reference.h"
#include "sl-plate.h"

/* JSON nested deeper than this is refused before json-glib, whose parser
 * recurses once per level. */
#define MAX_JSON_DEPTH 64

/* Why one read of a request is refused; the rest of the request goes on. */
typedef enum
{
  REJECT_INVALID_PLATE,
  REJECT_INVALID_FIELD,
  REJECT_INVALID_IMAGE,
  REJECT_IMAGE_TOO_LARGE,
  REJECT_CAPTURED_IN_FUTURE,
} Reject;

static const char * const reject_codes[] = {
  [REJECT_INVALID_PLATE]      = "invalid_plate",
  [REJECT_INVALID_FIELD]      = "invalid_field",
  [REJECT_INVALID_IMAGE]      = "invalid_image",
  [REJECT_IMAGE_TOO_LARGE]    = "image_too_large",
  [REJECT_CAPTURED_IN_FUTURE] = "captured_in_future",
};

#define REJECT (reject_quark ())
static GQuark reject_quark (void);
G_DEFINE_QUARK (sl-ingest-reject-quark, reject)

/* Checks the read's capture time, then keeps it or records why not. */
static void
batch_take (SlIngestBatch  *batch,
            guint           index,
            SlRead         *read,
            gint64          now_us,
            GError         *error)
{
  if (error == NULL && read->captured_us > now_us + SL_INGEST_MAX_FUTURE_US)
    {
      g_autofree char *captured = sl_clock_format_iso8601 (read->captured_us);
      g_autofree char *now = sl_clock_format_iso8601 (now_us);

      g_set_error (&error, REJECT, REJECT_CAPTURED_IN_FUTURE,
                   "The read was captured at %s, more than %d minutes after the service's "
                   "time (%s); set the camera's clock (NTP)",
                   captured, (int) (SL_INGEST_MAX_FUTURE_US / SL_USEC_PER_MINUTE), now);
    }

  if (error != NULL)
    {
      g_assert (error->domain == REJECT);
      sl_ingest_batch_reject (batch, index, reject_codes[error->code], error->message);
      g_error_free (error);
      sl_read_free (read);
      return;
    }

  read->received_us = now_us;
  g_ptr_array_add (batch->reads, read);
  g_array_append_val (batch->indexes, index);
}

/* Whole bodies */

static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "The JSON body is nested more than %d levels deep", MAX_JSON_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* Returns the parsed body; its root is never NULL. */
static JsonParser *
parse_body (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is empty; JSON was expected");
      return NULL;
    }

  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is not UTF-8 text");
      return NULL;
    }

  if (!check_depth (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib quotes a bad escape's bytes, which need not be UTF-8. */
      g_autofree char *why = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "The request body is not valid JSON: %s", why);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body holds no JSON value");
      return NULL;
    }

  return g_steal_pointer (&parser);
}

static gboolean
too_many_reads (guint     n_reads,
                GError  **error)
{
  if (n_reads <= SL_INGEST_MAX_READS)
    return FALSE;

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               "A request may carry at most %d reads; this one has %u: send them in smaller batches",
               SL_INGEST_MAX_READS, n_reads);
  return TRUE;
}

/* Fields of one read: each helper sets a REJECT error naming the field */

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
wrong_type (const char  *name,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s” must be %s", name, expected);
  return FALSE;
}

/* Absent or null members leave *value NULL. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            const char **value,
            GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (name, "a string", error);

  /* json-glib 1.6 turns some bad escapes ("\2") into bytes that are not UTF-8. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s” is not valid UTF-8 text", name);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

/* Absent or null members leave *value NAN. */
static gboolean
get_number (JsonObject  *object,
            const char  *name,
            double      *value,
            GError     **error)
{
  JsonNode *node = get_member (object, name);
  GType type;

  *value = NAN;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (name, "a number", error);

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return wrong_type (name, "a number", error);

  if (!isfinite (*value))
    return wrong_type (name, "a finite number", error);

  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            JsonObject **value,
            GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (name, "an object", error);

  *value = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *name,
           JsonArray  **value,
           GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (name, "an array", error);

  *value = json_node_get_array (node);
  return TRUE;
}

static gboolean
set_plate (SlRead      *read,
           const char  *name,
           const char  *raw,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (raw == NULL)
    {
      g_set_error (error, REJECT, REJECT_INVALID_PLATE, "“%s” is required", name);
      return FALSE;
    }

  read->plate = sl_plate_normalize (raw, &local_error);
  if (read->plate == NULL)
    {
      g_set_error (error, REJECT, REJECT_INVALID_PLATE, "“%s”: %s", name, local_error->message);
      return FALSE;
    }

  read->plate_raw = g_strdup (raw);
  return TRUE;
}

/* @value is on the reader's scale, 0 to @scale_max; NAN keeps @confidence. */
static gboolean
check_confidence (const char  *name,
                  double       value,
                  double       scale_max,
                  double      *confidence,
                  GError     **error)
{
  if (isnan (value))
    return TRUE;

  if (value < 0 || value > scale_max)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” must be between 0 and %g, not %g", name, scale_max, value);
      return FALSE;
    }

  *confidence = value * (100.0 / scale_max);
  return TRUE;
}

static gboolean
set_position (SlRead      *read,
              const char  *lat_name,
              double       lat,
              const char  *lon_name,
              double       lon,
              GError     **error)
{
  if (isnan (lat) && isnan (lon))
    return TRUE;

  if (isnan (lat) || isnan (lon))
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” and “%s” come together: send both or neither", lat_name, lon_name);
      return FALSE;
    }

  if (lat < -90 || lat > 90)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” must be a latitude between -90 and 90, not %g", lat_name, lat);
      return FALSE;
    }

  if (lon < -180 || lon > 180)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” must be a longitude between -180 and 180, not %g", lon_name, lon);
      return FALSE;
    }

  read->lat = lat;
  read->lon = lon;
  return TRUE;
}

static gboolean
set_heading (SlRead      *read,
             const char  *name,
             double       heading,
             GError     **error)
{
  if (isnan (heading))
    return TRUE;

  if (heading < -360 || heading > 360)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” must be degrees clockwise from north (0 to 360), not %g", name, heading);
      return FALSE;
    }

  read->heading = heading < 0 ? heading + 360 : heading;
  if (read->heading >= 360)
    read->heading -= 360;
  return TRUE;
}

static gboolean
set_time_iso8601 (SlRead      *read,
                  const char  *name,
                  const char  *text,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s” (the capture time) is required", name);
      return FALSE;
    }

  if (!sl_clock_parse_iso8601 (text, &read->captured_us, &local_error))
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s”: %s", name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Vehicle make, model, color, type: "" means unknown. */
static gboolean
set_text (char       **field,
          const char  *name,
          const char  *value,
          GError     **error)
{
  if (value == NULL)
    return TRUE;

  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return TRUE;

  if (strlen (value) > SL_INGEST_MAX_TEXT)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” may be at most %d bytes long", name, SL_INGEST_MAX_TEXT);
      return FALSE;
    }

  g_free (*field);
  *field = g_strchomp (g_strdup (value));
  return TRUE;
}

static int
base64_value (guchar c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

static gboolean
image_too_large (const char  *name,
                 gsize        size,
                 GError     **error)
{
  if (size <= SL_INGEST_MAX_IMAGE_BYTES)
    return FALSE;

  g_set_error (error, REJECT, REJECT_IMAGE_TOO_LARGE,
               "“%s” is %.1f MiB; an image may be at most %d MiB: send a smaller or more compressed JPEG",
               name, size / (1024.0 * 1024.0), SL_INGEST_MAX_IMAGE_BYTES / (1024 * 1024));
  return TRUE;
}

/* Strict base64 (standard alphabet, padding optional, whitespace skipped,
 * a "data:...;base64," prefix allowed); "" leaves *image NULL. */
static gboolean
set_image (GBytes     **image,
           const char  *name,
           const char  *text,
           GError     **error)
{
  const char *p;
  gsize n_data = 0;
  guint n_pad = 0;
  gsize size;
  guint8 *out;
  gsize o = 0;
  guint32 bits = 0;
  guint n_bits = 0;

  if (text == NULL)
    return TRUE;

  if (g_str_has_prefix (text, "data:"))
    {
      const char *comma = strchr (text, ',');

      if (comma == NULL || comma - text < 12 || strncmp (comma - 7, ";base64", 7) != 0)
        {
          g_set_error (error, REJECT, REJECT_INVALID_IMAGE,
                       "“%s” is a data URL without base64 content", name);
          return FALSE;
        }
      text = comma + 1;
    }

  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (c == '=' && n_pad < 2)
        {
          n_pad++;
          continue;
        }
      if (n_pad > 0 || base64_value (c) < 0)
        {
          g_set_error (error, REJECT, REJECT_INVALID_IMAGE,
                       "“%s” is not base64: unexpected character at offset %" G_GSIZE_FORMAT,
                       name, (gsize) (p - text));
          return FALSE;
        }
      n_data++;
    }

  if (n_data % 4 == 1 || (n_pad > 0 && (n_data + n_pad) % 4 != 0))
    {
      g_set_error (error, REJECT, REJECT_INVALID_IMAGE,
                   "“%s” is not base64: its length does not fit the encoding (cut short?)", name);
      return FALSE;
    }

  size = n_data / 4 * 3 + (n_data % 4 == 0 ? 0 : n_data % 4 - 1);
  if (image_too_large (name, size, error))
    return FALSE;
  if (size == 0)
    return TRUE;

  out = g_malloc (size);
  for (p = text; *p != '\0' && *p != '='; p++)
    {
      int v = base64_value ((guchar) *p);

      if (v < 0)
        continue;
      bits = (bits << 6) | (guint32) v;
      n_bits += 6;
      if (n_bits >= 8)
        {
          n_bits -= 8;
          out[o++] = (guint8) (bits >> n_bits);
        }
    }
  g_assert (o == size);

  g_clear_pointer (image, g_bytes_unref);
  *image = g_bytes_new_take (out, size);
  return TRUE;
}

/* Candidates of any format: objects with "plate" and @score_name. */
static gboolean
add_candidates (SlRead      *read,
                JsonArray   *candidates,
                const char  *score_name,
                double       scale_max,
                GError     **error)
{
  guint n;

  if (candidates == NULL)
    return TRUE;

  n = json_array_get_length (candidates);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (candidates, i);
      JsonObject *object;
      const char *raw;
      double score;
      double confidence = 0;
      g_autofree char *plate = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                       "“candidates” must be an array of objects with “plate” and “%s”", score_name);
          return FALSE;
        }

      object = json_node_get_object (node);
      if (!get_string (object, "plate", &raw, error) ||
          !get_number (object, score_name, &score, error) ||
          !check_confidence (score_name, score, scale_max, &confidence, error))
        {
          g_prefix_error (error, "Candidate %u: ", i);
          return FALSE;
        }

      /* An alternative that is not a plate is noise, not a reason to refuse the read. */
      if (raw == NULL || (plate = sl_plate_normalize (raw, NULL)) == NULL)
        continue;

      sl_read_add_candidate (read, plate, confidence);
    }

  return TRUE;
}

/* Native */

static gboolean
parse_native_read (JsonObject  *object,
                   SlRead      *read,
                   GError     **error)
{
  const char *plate, *captured_at, *region, *plate_image, *overview_image;
  double confidence, lat, lon, heading;
  JsonArray *candidates;
  JsonObject *vehicle;

  if (!get_string (object, "plate", &plate, error) ||
      !set_plate (read, "plate", plate, error) ||
      !get_string (object, "captured_at", &captured_at, error) ||
      !set_time_iso8601 (read, "captured_at", captured_at, error) ||
      !get_string (object, "region", &region, error) ||
      !get_number (object, "confidence", &confidence, error) ||
      !check_confidence ("confidence", confidence, 100, &read->confidence, error) ||
      !get_number (object, "lat", &lat, error) ||
      !get_number (object, "lon", &lon, error) ||
      !set_position (read, "lat", lat, "lon", lon, error) ||
      !get_number (object, "heading", &heading, error) ||
      !set_heading (read, "heading", heading, error) ||
      !get_array (object, "candidates", &candidates, error) ||
      !add_candidates (read, candidates, "confidence", 100, error) ||
      !get_object (object, "vehicle", &vehicle, error) ||
      !get_string (object, "plate_image", &plate_image, error) ||
      !set_image (&read->plate_image, "plate_image", plate_image, error) ||
      !get_string (object, "overview_image", &overview_image, error) ||
      !set_image (&read->overview_image, "overview_image", overview_image, error))
    return FALSE;

  if (region != NULL)
    {
      g_free (read->region);
      read->region = sl_region_from_code (region, NULL);
    }

  if (vehicle != NULL)
    {
      static const char * const names[] = { "make", "model", "color", "type" };
      char **fields[] = { &read->make, &read->model, &read->color, &read->vehicle_type };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          const char *value;

          if (!get_string (vehicle, names[i], &value, error) ||
              !set_text (fields[i], names[i], value, error))
            {
              g_prefix_error (error, "In “vehicle”: ");
              return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * sl_ingest_reference_parse_native:
 *
 * sl_ingest_parse_native() as it was over json-glib, kept to check the
 * scanner-based one against.
 */
SlIngestBatch *
sl_ingest_reference_parse_native (const char  *data,
                                  gsize        length,
                                  gint64       now_us,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  JsonNode *root, *reads_node;
  JsonArray *reads;
  guint n;

  parser = parse_body (data, length, error);
  if (parser == NULL)
    return NULL;

  root = json_parser_get_root (parser);
  reads_node = JSON_NODE_HOLDS_OBJECT (root)
    ? json_object_get_member (json_node_get_object (root), "reads") : NULL;
  if (reads_node == NULL || !JSON_NODE_HOLDS_ARRAY (reads_node))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "A JSON object with an array “reads” was expected: {\"reads\": [{\"plate\": …, \"captured_at\": …}]}");
      return NULL;
    }

  reads = json_node_get_array (reads_node);
  n = json_array_get_length (reads);
  if (too_many_reads (n, error))
    return NULL;

  batch = sl_ingest_batch_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (reads, i);
      SlRead *read = sl_read_new ();
      GError *read_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_set_error_literal (&read_error, REJECT, REJECT_INVALID_FIELD, "A read must be a JSON object");
      else
        parse_native_read (json_node_get_object (node), read, &read_error);

      batch_take (batch, i, read, now_us, read_error);
    }

  return g_steal_pointer (&batch);
}

