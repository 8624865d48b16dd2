#define G_LOG_DOMAIN "sl-ingest"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sl-clock.h"
#include "sl-error.h"
#include "sl-ingest.h"
#include "sl-json-scan.h"
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

/* Batches */

static void
rejection_clear (gpointer data)
{
  SlIngestRejection *rejection = data;

  g_clear_pointer (&rejection->code, g_free);
  g_clear_pointer (&rejection->message, g_free);
}

SlIngestBatch *
sl_ingest_batch_new (void)
{
  SlIngestBatch *batch = g_new0 (SlIngestBatch, 1);

  batch->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  batch->indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  batch->rejected = g_array_new (FALSE, TRUE, sizeof (SlIngestRejection));
  g_array_set_clear_func (batch->rejected, rejection_clear);
  return batch;
}

void
sl_ingest_batch_free (SlIngestBatch *batch)
{
  if (batch == NULL)
    return;

  g_ptr_array_unref (batch->reads);
  g_array_unref (batch->indexes);
  g_array_unref (batch->rejected);
  g_free (batch);
}

void
sl_ingest_batch_reject (SlIngestBatch *batch,
                        guint          index,
                        const char    *code,
                        const char    *message)
{
  SlIngestRejection rejection;

  g_return_if_fail (batch != NULL);
  g_return_if_fail (code != NULL);

  rejection.index = index;
  rejection.code = g_strdup (code);
  rejection.message = g_strdup (message != NULL ? message : "");
  g_array_append_val (batch->rejected, rejection);
}

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

/* sl_plate_normalize() without its Unicode tables for the plain ASCII
 * plates readers send; anything else (and every error) is left to it. */
static char *
normalize_plate (const char  *raw,
                 GError     **error)
{
  char plate[SL_PLATE_MAX_LENGTH];
  guint n = 0;

  for (const char *p = raw; *p != '\0'; p++)
    {
      char c = *p;

      if (c >= 'a' && c <= 'z')
        c = (char) (c - 'a' + 'A');
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        {
          if (n == sizeof plate)
            return sl_plate_normalize (raw, error);
          plate[n++] = c;
        }
      else if (c != ' ' && c != '-' && c != '.' && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        return sl_plate_normalize (raw, error);
    }

  if (n == 0)
    return sl_plate_normalize (raw, error);
  return g_strndup (plate, n);
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

  read->plate = normalize_plate (raw, &local_error);
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
set_time_ms (SlRead      *read,
             const char  *name,
             double       ms,
             GError     **error)
{
  if (isnan (ms))
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s” (the capture time) is required", name);
      return FALSE;
    }

  /* 1970 to the end of 9999 */
  if (ms < 0 || ms > 253402300799999.0)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                   "“%s” must be milliseconds since 1970-01-01 UTC, not %.0f", name, ms);
      return FALSE;
    }

  read->captured_us = (gint64) (ms * 1000);
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

#define XX 0xff

/* Each byte's value in the base64 alphabet, XX when it has none. */
static const guint8 base64_values[256] = {
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  62,  XX,  XX,  XX,  63,
  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  XX,  XX,  XX,  XX,  XX,
  XX,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
  41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
};

#undef XX

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

/* The usual image: one unbroken run of the alphabet, then up to two "=".
 * Returns NULL for anything else, which decode_base64() then looks at. */
static GBytes *
decode_base64_unbroken (const guchar *text,
                        gsize         length)
{
  gsize n_data = length, size, o = 0, i = 0;
  guint n_pad = 0;
  guint8 *out;

  while (n_data > 0 && text[n_data - 1] == '=' && n_pad < 2)
    {
      n_data--;
      n_pad++;
    }

  if (n_data % 4 == 1 || (n_pad > 0 && length % 4 != 0))
    return NULL;
  size = n_data / 4 * 3 + (n_data % 4 == 0 ? 0 : n_data % 4 - 1);
  if (size == 0 || size > SL_INGEST_MAX_IMAGE_BYTES)
    return NULL;

  out = g_malloc (size);
  for (; i + 4 <= n_data; i += 4)
    {
      guint32 a = base64_values[text[i]], b = base64_values[text[i + 1]];
      guint32 c = base64_values[text[i + 2]], d = base64_values[text[i + 3]];

      if ((a | b | c | d) & 0x80)
        goto not_unbroken;
      out[o++] = (guint8) (a << 2 | b >> 4);
      out[o++] = (guint8) (b << 4 | c >> 2);
      out[o++] = (guint8) (c << 6 | d);
    }

  if (i < n_data)
    {
      guint32 bits = 0;
      guint n_bits = 0;

      for (; i < n_data; i++)
        {
          guint32 v = base64_values[text[i]];

          if (v & 0x80)
            goto not_unbroken;
          bits = (bits << 6) | v;
          n_bits += 6;
          if (n_bits >= 8)
            {
              n_bits -= 8;
              out[o++] = (guint8) (bits >> n_bits);
            }
        }
    }

  g_assert (o == size);
  return g_bytes_new_take (out, size);

not_unbroken:
  g_free (out);
  return NULL;
}

/* Strict base64 (standard alphabet, padding optional, whitespace skipped,
 * a "data:...;base64," prefix allowed); "" leaves *image NULL. @text (NULL
 * when absent) holds no NUL. */
static gboolean
set_image (GBytes     **image,
           const char  *name,
           const char  *text,
           gsize        length,
           GError     **error)
{
  const guchar *p, *end;
  gsize n_data = 0;
  guint n_pad = 0;
  gsize size;
  guint8 *out;
  gsize o = 0;
  guint32 bits = 0;
  guint n_bits = 0;
  GBytes *bytes;

  if (text == NULL)
    return TRUE;

  if (length >= 5 && memcmp (text, "data:", 5) == 0)
    {
      const char *comma = memchr (text, ',', length);

      if (comma == NULL || comma - text < 12 || strncmp (comma - 7, ";base64", 7) != 0)
        {
          g_set_error (error, REJECT, REJECT_INVALID_IMAGE,
                       "“%s” is a data URL without base64 content", name);
          return FALSE;
        }
      length -= (gsize) (comma + 1 - text);
      text = comma + 1;
    }

  bytes = decode_base64_unbroken ((const guchar *) text, length);
  if (bytes != NULL)
    {
      g_clear_pointer (image, g_bytes_unref);
      *image = bytes;
      return TRUE;
    }

  end = (const guchar *) text + length;
  for (p = (const guchar *) text; p < end; p++)
    {
      guchar c = *p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (c == '=' && n_pad < 2)
        {
          n_pad++;
          continue;
        }
      if (n_pad > 0 || base64_values[c] == 0xff)
        {
          g_set_error (error, REJECT, REJECT_INVALID_IMAGE,
                       "“%s” is not base64: unexpected character at offset %" G_GSIZE_FORMAT,
                       name, (gsize) (p - (const guchar *) text));
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
  for (p = (const guchar *) text; p < end && *p != '='; p++)
    {
      guint8 v = base64_values[*p];

      if (v == 0xff)
        continue;
      bits = (bits << 6) | v;
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

/* set_image() for a string member json-glib gave. */
static gboolean
set_image_string (GBytes     **image,
                  const char  *name,
                  const char  *text,
                  GError     **error)
{
  return set_image (image, name, text, text != NULL ? strlen (text) : 0, error);
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
      if (raw == NULL || (plate = normalize_plate (raw, NULL)) == NULL)
        continue;

      sl_read_add_candidate (read, plate, confidence);
    }

  return TRUE;
}

/* Native, read straight from the text: no tree, no copies of what is skipped */

/* A member's value as json-glib would see it: null is as good as absent. */
typedef enum
{
  VALUE_ABSENT,
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_BOOLEAN,
  VALUE_OBJECT,
  VALUE_ARRAY,
} ValueKind;

typedef struct
{
  ValueKind   kind;
  gboolean    valid;      /* STRING: see SL_JSON_SCAN_TOLERATE_BAD_ESCAPES */
  gboolean    escaped;
  const char *text;       /* STRING: between the quotes, as sent */
  gsize       length;
  double      number;
} Value;

typedef struct
{
  const char *name;
  gsize       length;
} Name;

#define NAME(n) { n, sizeof n - 1 }

enum
{
  FIELD_PLATE,
  FIELD_CAPTURED_AT,
  FIELD_REGION,
  FIELD_CONFIDENCE,
  FIELD_LAT,
  FIELD_LON,
  FIELD_HEADING,
  FIELD_CANDIDATES,
  FIELD_VEHICLE,
  FIELD_PLATE_IMAGE,
  FIELD_OVERVIEW_IMAGE,
  N_FIELDS,
};

static const Name field_names[N_FIELDS] = {
  NAME ("plate"), NAME ("captured_at"), NAME ("region"), NAME ("confidence"), NAME ("lat"),
  NAME ("lon"), NAME ("heading"), NAME ("candidates"), NAME ("vehicle"), NAME ("plate_image"),
  NAME ("overview_image"),
};

enum { VEHICLE_MAKE, VEHICLE_MODEL, VEHICLE_COLOR, VEHICLE_TYPE, N_VEHICLE_FIELDS };

static const Name vehicle_names[N_VEHICLE_FIELDS] = {
  NAME ("make"), NAME ("model"), NAME ("color"), NAME ("type"),
};

enum { CANDIDATE_PLATE, CANDIDATE_CONFIDENCE, N_CANDIDATE_FIELDS };

static const Name candidate_names[N_CANDIDATE_FIELDS] = {
  NAME ("plate"), NAME ("confidence"),
};

#undef NAME

typedef struct
{
  ValueKind kind;                         /* the entry itself: an object is expected */
  Value     fields[N_CANDIDATE_FIELDS];
} NativeCandidate;

/* One read's members; a member sent twice counts once, as the last. */
typedef struct
{
  Value   fields[N_FIELDS];
  Value   vehicle[N_VEHICLE_FIELDS];
  GArray *candidates;                     /* NativeCandidate, kept from read to read */
} NativeRead;

/* Which of @names the current key is, as json-glib names members (decoded,
 * up to a NUL); -1 for none. */
static int
key_index (SlJsonScan *scan,
           const Name *names,
           guint       n_names)
{
  char buffer[64];
  g_autofree char *heap = NULL;
  const char *key = scan->text;
  gsize length = scan->length;

  if (scan->escaped)
    {
      char *out;

      if (!scan->valid)
        return -1;
      out = scan->length < sizeof buffer ? buffer : (heap = g_malloc (scan->length + 1));
      sl_json_scan_decode (scan->text, scan->length, out);
      key = out;
      length = strlen (out);
    }

  for (guint i = 0; i < n_names; i++)
    if (names[i].length == length && memcmp (names[i].name, key, length) == 0)
      return (int) i;
  return -1;
}

/* Takes the value the current token starts, skipping what it holds. */
static gboolean
take_value (SlJsonScan *scan,
            Value      *value)
{
  memset (value, 0, sizeof *value);

  switch (scan->token)
    {
    case SL_JSON_TOKEN_STRING:
      value->kind = VALUE_STRING;
      value->valid = scan->valid;
      value->escaped = scan->escaped;
      value->text = scan->text;
      value->length = scan->length;
      return TRUE;

    case SL_JSON_TOKEN_NUMBER:
      value->kind = VALUE_NUMBER;
      value->number = scan->number;
      return TRUE;

    case SL_JSON_TOKEN_TRUE:
    case SL_JSON_TOKEN_FALSE:
      value->kind = VALUE_BOOLEAN;
      return TRUE;

    case SL_JSON_TOKEN_NULL:
      return TRUE;

    case SL_JSON_TOKEN_BEGIN_OBJECT:
      value->kind = VALUE_OBJECT;
      return sl_json_scan_skip (scan);

    case SL_JSON_TOKEN_BEGIN_ARRAY:
      value->kind = VALUE_ARRAY;
      return sl_json_scan_skip (scan);

    case SL_JSON_TOKEN_ERROR:
    case SL_JSON_TOKEN_END:
    case SL_JSON_TOKEN_END_OBJECT:
    case SL_JSON_TOKEN_END_ARRAY:
    case SL_JSON_TOKEN_KEY:
    default:
      return FALSE;
    }
}

/* After BEGIN_OBJECT: the members named in @names into @values, up to END_OBJECT. */
static gboolean
scan_members (SlJsonScan *scan,
              const Name *names,
              guint       n_names,
              Value      *values)
{
  memset (values, 0, n_names * sizeof *values);

  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);
      int i;

      if (token == SL_JSON_TOKEN_END_OBJECT)
        return TRUE;
      if (token != SL_JSON_TOKEN_KEY)
        return FALSE;

      i = key_index (scan, names, n_names);
      if (i < 0)
        {
          if (!sl_json_scan_skip (scan))
            return FALSE;
        }
      else
        {
          sl_json_scan_next (scan);
          if (!take_value (scan, &values[i]))
            return FALSE;
        }
    }
}

/* After BEGIN_ARRAY of "candidates", up to END_ARRAY. */
static gboolean
scan_candidates (SlJsonScan *scan,
                 GArray     *candidates)
{
  g_array_set_size (candidates, 0);

  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);
      NativeCandidate *candidate;
      Value entry;

      if (token == SL_JSON_TOKEN_END_ARRAY)
        return TRUE;

      g_array_set_size (candidates, candidates->len + 1);
      candidate = &g_array_index (candidates, NativeCandidate, candidates->len - 1);
      if (token == SL_JSON_TOKEN_BEGIN_OBJECT)
        {
          candidate->kind = VALUE_OBJECT;
          if (!scan_members (scan, candidate_names, N_CANDIDATE_FIELDS, candidate->fields))
            return FALSE;
        }
      else
        {
          if (!take_value (scan, &entry))
            return FALSE;
          candidate->kind = entry.kind;
        }
    }
}

/* After BEGIN_OBJECT of a read, up to END_OBJECT. */
static gboolean
scan_native_read (SlJsonScan *scan,
                  NativeRead *native)
{
  memset (native->fields, 0, sizeof native->fields);
  memset (native->vehicle, 0, sizeof native->vehicle);
  g_array_set_size (native->candidates, 0);

  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);
      int i;

      if (token == SL_JSON_TOKEN_END_OBJECT)
        return TRUE;
      if (token != SL_JSON_TOKEN_KEY)
        return FALSE;

      i = key_index (scan, field_names, N_FIELDS);
      if (i < 0)
        {
          if (!sl_json_scan_skip (scan))
            return FALSE;
          continue;
        }

      token = sl_json_scan_next (scan);
      if (i == FIELD_CANDIDATES)
        g_array_set_size (native->candidates, 0);
      else if (i == FIELD_VEHICLE)
        memset (native->vehicle, 0, sizeof native->vehicle);

      if (i == FIELD_CANDIDATES && token == SL_JSON_TOKEN_BEGIN_ARRAY)
        {
          native->fields[i] = (Value) { .kind = VALUE_ARRAY };
          if (!scan_candidates (scan, native->candidates))
            return FALSE;
        }
      else if (i == FIELD_VEHICLE && token == SL_JSON_TOKEN_BEGIN_OBJECT)
        {
          native->fields[i] = (Value) { .kind = VALUE_OBJECT };
          if (!scan_members (scan, vehicle_names, N_VEHICLE_FIELDS, native->vehicle))
            return FALSE;
        }
      else if (!take_value (scan, &native->fields[i]))
        return FALSE;
    }
}

/* Checks the kind of a member that holds more than a scalar. */
static gboolean
value_check_kind (const Value  *value,
                  const char   *name,
                  ValueKind     kind,
                  const char   *expected,
                  GError      **error)
{
  if (value->kind == VALUE_ABSENT || value->kind == kind)
    return TRUE;
  return wrong_type (name, expected, error);
}

/* get_string() for a Value: *text is NULL when absent, else the decoded
 * string up to a NUL, in @buffer when it fits or else in *heap. */
static gboolean
value_get_string (const Value  *value,
                  const char   *name,
                  char         *buffer,
                  gsize         size,
                  char        **heap,
                  const char  **text,
                  GError      **error)
{
  char *out;

  *text = NULL;
  if (value->kind == VALUE_ABSENT)
    return TRUE;
  if (value->kind != VALUE_STRING)
    return wrong_type (name, "a string", error);
  if (!value->valid)
    {
      g_set_error (error, REJECT, REJECT_INVALID_FIELD, "“%s” is not valid UTF-8 text", name);
      return FALSE;
    }

  out = value->length < size ? buffer : (*heap = g_malloc (value->length + 1));
  if (value->escaped)
    sl_json_scan_decode (value->text, value->length, out);
  else
    {
      memcpy (out, value->text, value->length);
      out[value->length] = '\0';
    }
  *text = out;
  return TRUE;
}

/* value_get_string() for images, which need no copy unless escaped. */
static gboolean
value_get_span (const Value  *value,
                const char   *name,
                char        **heap,
                const char  **text,
                gsize        *length,
                GError      **error)
{
  *length = 0;
  if (value->kind == VALUE_STRING && value->valid && !value->escaped)
    {
      *text = value->text;
      *length = value->length;
      return TRUE;
    }

  if (!value_get_string (value, name, NULL, 0, heap, text, error))
    return FALSE;
  if (*text != NULL)
    *length = strlen (*text);
  return TRUE;
}

/* get_number() for a Value: absent leaves *number NAN. */
static gboolean
value_get_number (const Value  *value,
                  const char   *name,
                  double       *number,
                  GError      **error)
{
  *number = NAN;
  if (value->kind == VALUE_ABSENT)
    return TRUE;
  if (value->kind != VALUE_NUMBER)
    return wrong_type (name, "a number", error);
  if (!isfinite (value->number))
    return wrong_type (name, "a finite number", error);

  *number = value->number;
  return TRUE;
}

static gboolean
add_native_candidates (SlRead   *read,
                       GArray   *candidates,
                       GError  **error)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const NativeCandidate *candidate = &g_array_index (candidates, NativeCandidate, i);
      char buffer[64];
      g_autofree char *heap = NULL;
      g_autofree char *plate = NULL;
      const char *raw;
      double score;
      double confidence = 0;

      if (candidate->kind != VALUE_OBJECT)
        {
          g_set_error (error, REJECT, REJECT_INVALID_FIELD,
                       "“candidates” must be an array of objects with “plate” and “%s”", "confidence");
          return FALSE;
        }

      if (!value_get_string (&candidate->fields[CANDIDATE_PLATE], "plate", buffer, sizeof buffer, &heap, &raw, error) ||
          !value_get_number (&candidate->fields[CANDIDATE_CONFIDENCE], "confidence", &score, error) ||
          !check_confidence ("confidence", score, 100, &confidence, error))
        {
          g_prefix_error (error, "Candidate %u: ", i);
          return FALSE;
        }

      /* An alternative that is not a plate is noise, not a reason to refuse the read. */
      if (raw == NULL || (plate = normalize_plate (raw, NULL)) == NULL)
        continue;

      sl_read_add_candidate (read, plate, confidence);
    }

  return TRUE;
}

/* parse_native_read() of the json-glib days, check for check. */
static gboolean
take_native_read (NativeRead  *native,
                  SlRead      *read,
                  GError     **error)
{
  const Value *fields = native->fields;
  char plate_buffer[64], time_buffer[64], region_buffer[16];
  g_autofree char *plate_heap = NULL, *time_heap = NULL, *region_heap = NULL;
  g_autofree char *plate_image_heap = NULL, *overview_image_heap = NULL;
  const char *plate, *captured_at, *region, *plate_image, *overview_image;
  gsize plate_image_length = 0, overview_image_length = 0;
  double confidence, lat, lon, heading;

  if (!value_get_string (&fields[FIELD_PLATE], "plate", plate_buffer, sizeof plate_buffer, &plate_heap, &plate, error) ||
      !set_plate (read, "plate", plate, error) ||
      !value_get_string (&fields[FIELD_CAPTURED_AT], "captured_at", time_buffer, sizeof time_buffer,
                         &time_heap, &captured_at, error) ||
      !set_time_iso8601 (read, "captured_at", captured_at, error) ||
      !value_get_string (&fields[FIELD_REGION], "region", region_buffer, sizeof region_buffer,
                         &region_heap, &region, error) ||
      !value_get_number (&fields[FIELD_CONFIDENCE], "confidence", &confidence, error) ||
      !check_confidence ("confidence", confidence, 100, &read->confidence, error) ||
      !value_get_number (&fields[FIELD_LAT], "lat", &lat, error) ||
      !value_get_number (&fields[FIELD_LON], "lon", &lon, error) ||
      !set_position (read, "lat", lat, "lon", lon, error) ||
      !value_get_number (&fields[FIELD_HEADING], "heading", &heading, error) ||
      !set_heading (read, "heading", heading, error) ||
      !value_check_kind (&fields[FIELD_CANDIDATES], "candidates", VALUE_ARRAY, "an array", error) ||
      !add_native_candidates (read, native->candidates, error) ||
      !value_check_kind (&fields[FIELD_VEHICLE], "vehicle", VALUE_OBJECT, "an object", error) ||
      !value_get_span (&fields[FIELD_PLATE_IMAGE], "plate_image", &plate_image_heap,
                       &plate_image, &plate_image_length, error) ||
      !set_image (&read->plate_image, "plate_image", plate_image, plate_image_length, error) ||
      !value_get_span (&fields[FIELD_OVERVIEW_IMAGE], "overview_image", &overview_image_heap,
                       &overview_image, &overview_image_length, error) ||
      !set_image (&read->overview_image, "overview_image", overview_image, overview_image_length, error))
    return FALSE;

  if (region != NULL)
    {
      g_free (read->region);
      read->region = sl_region_from_code (region, NULL);
    }

  if (fields[FIELD_VEHICLE].kind == VALUE_OBJECT)
    {
      char **texts[] = { &read->make, &read->model, &read->color, &read->vehicle_type };

      for (guint i = 0; i < N_VEHICLE_FIELDS; i++)
        {
          char buffer[SL_INGEST_MAX_TEXT + 2];
          g_autofree char *heap = NULL;
          const char *value;

          if (!value_get_string (&native->vehicle[i], vehicle_names[i].name, buffer, sizeof buffer,
                                 &heap, &value, error) ||
              !set_text (texts[i], vehicle_names[i].name, value, error))
            {
              g_prefix_error (error, "In “vehicle”: ");
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Why a body the scanner refused is refused, in the order the json-glib
 * parser found out: encoding, nesting, then syntax. */
static void
set_body_error (const char        *data,
                gsize              length,
                const SlJsonScan  *scan,
                GError           **error)
{
  g_autofree char *why = NULL;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is not UTF-8 text");
      return;
    }

  if (!check_depth (data, length, error))
    return;

  if (scan->error == SL_JSON_SCAN_ERROR_EMPTY)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body holds no JSON value");
      return;
    }

  why = sl_json_scan_describe_error (scan);
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "The request body is not valid JSON: %s", why);
}

/* After BEGIN_ARRAY of "reads", up to END_ARRAY: every read into @batch. */
static gboolean
scan_native_reads (SlJsonScan    *scan,
                   NativeRead    *native,
                   SlIngestBatch *batch,
                   guint         *n_reads,
                   gint64         now_us)
{
  *n_reads = 0;

  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);
      guint index = (*n_reads)++;
      SlRead *read;
      GError *read_error = NULL;

      if (token == SL_JSON_TOKEN_END_ARRAY)
        {
          (*n_reads)--;
          return TRUE;
        }

      /* Past the limit the request is refused: only count. */
      if (index >= SL_INGEST_MAX_READS)
        {
          if (token == SL_JSON_TOKEN_ERROR || !sl_json_scan_skip (scan))
            return FALSE;
          continue;
        }

      read = sl_read_new ();
      if (token == SL_JSON_TOKEN_BEGIN_OBJECT)
        {
          if (!scan_native_read (scan, native))
            {
              sl_read_free (read);
              return FALSE;
            }
          take_native_read (native, read, &read_error);
        }
      else
        {
          if (token == SL_JSON_TOKEN_ERROR || !sl_json_scan_skip (scan))
            {
              sl_read_free (read);
              return FALSE;
            }
          g_set_error_literal (&read_error, REJECT, REJECT_INVALID_FIELD, "A read must be a JSON object");
        }

      batch_take (batch, index, read, now_us, read_error);
    }
}

/**
 * sl_ingest_parse_native:
 *
 * `{"reads": [{"plate", "captured_at", ...}]}`, Sightline's own format.
 * Read in one pass with sl_json_scan, strictly as RFC 8259 has it; what
 * json-glib took beyond that (comments, "01", "[1] [2]") is refused, and a
 * string with a bad escape or a lone surrogate refuses only the read that
 * needs it, as json-glib's bytes that were not UTF-8 did.
 */
SlIngestBatch *
sl_ingest_parse_native (const char  *data,
                        gsize        length,
                        gint64       now_us,
                        GError     **error)
{
  static const Name reads_name[] = { { "reads", 5 } };
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GArray) candidates = NULL;
  SlJsonScan scan;
  NativeRead native;
  guint n_reads = 0;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is empty; JSON was expected");
      return NULL;
    }

  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The request body is not UTF-8 text");
      return NULL;
    }

  candidates = g_array_sized_new (FALSE, TRUE, sizeof (NativeCandidate), 4);
  native.candidates = candidates;

  /* RFC 8259 lets a parser ignore a byte order mark, and json-glib did. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    sl_json_scan_init (&scan, data + 3, length - 3, SL_JSON_SCAN_TOLERATE_BAD_ESCAPES);
  else
    sl_json_scan_init (&scan, data, length, SL_JSON_SCAN_TOLERATE_BAD_ESCAPES);
  if (sl_json_scan_next (&scan) == SL_JSON_TOKEN_BEGIN_OBJECT)
    {
      for (;;)
        {
          SlJsonToken token = sl_json_scan_next (&scan);

          if (token == SL_JSON_TOKEN_END_OBJECT)
            break;
          if (token != SL_JSON_TOKEN_KEY)
            goto malformed;

          if (key_index (&scan, reads_name, 1) < 0)
            {
              if (!sl_json_scan_skip (&scan))
                goto malformed;
              continue;
            }

          /* json-glib kept the last "reads" */
          g_clear_pointer (&batch, sl_ingest_batch_free);
          if (sl_json_scan_next (&scan) == SL_JSON_TOKEN_BEGIN_ARRAY)
            {
              batch = sl_ingest_batch_new ();
              if (!scan_native_reads (&scan, &native, batch, &n_reads, now_us))
                goto malformed;
            }
          else if (scan.token == SL_JSON_TOKEN_ERROR || !sl_json_scan_skip (&scan))
            goto malformed;
        }
    }
  else if (!sl_json_scan_skip (&scan))
    goto malformed;

  if (sl_json_scan_next (&scan) != SL_JSON_TOKEN_END)
    goto malformed;

  if (batch == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "A JSON object with an array “reads” was expected: {\"reads\": [{\"plate\": …, \"captured_at\": …}]}");
      return NULL;
    }

  if (too_many_reads (n_reads, error))
    return NULL;

  return g_steal_pointer (&batch);

malformed:
  set_body_error (data, length, &scan, error);
  return NULL;
}

/* OpenALPR agent */

/* The most confident entry of a ranked attribute such as OpenALPR's
 * [{"name", "confidence"}]; @best_entry (optional) is that entry. */
static gboolean
get_best_name (JsonObject  *vehicle,
               const char  *name,
               const char  *name_key,
               const char  *score_key,
               const char **value,
               JsonObject **best_entry,
               GError     **error)
{
  JsonArray *array;
  double best = -INFINITY;
  guint n;

  *value = NULL;
  if (best_entry != NULL)
    *best_entry = NULL;
  if (!get_array (vehicle, name, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *candidate;
      double score;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (name, "an array of objects", error);

      if (!get_string (json_node_get_object (node), name_key, &candidate, error) ||
          !get_number (json_node_get_object (node), score_key, &score, error))
        {
          g_prefix_error (error, "In “%s”: ", name);
          return FALSE;
        }

      if (isnan (score))
        score = 0;
      if (candidate != NULL && *candidate != '\0' && score > best)
        {
          best = score;
          *value = candidate;
          if (best_entry != NULL)
            *best_entry = json_node_get_object (node);
        }
    }

  return TRUE;
}

static gboolean
parse_openalpr_vehicle (JsonObject  *object,
                        SlRead      *read,
                        GError     **error)
{
  JsonObject *vehicle;
  const char *make, *make_model, *color, *body_type;

  if (!get_object (object, "vehicle", &vehicle, error))
    return FALSE;
  if (vehicle == NULL)
    return TRUE;

  if (!get_best_name (vehicle, "make", "name", "confidence", &make, NULL, error) ||
      !get_best_name (vehicle, "make_model", "name", "confidence", &make_model, NULL, error) ||
      !get_best_name (vehicle, "color", "name", "confidence", &color, NULL, error) ||
      !get_best_name (vehicle, "body_type", "name", "confidence", &body_type, NULL, error))
    {
      g_prefix_error (error, "In “vehicle”: ");
      return FALSE;
    }

  /* make_model names are "make_model" ("ford_f-150"): keep the model part */
  if (make != NULL && make_model != NULL &&
      g_ascii_strncasecmp (make_model, make, strlen (make)) == 0 &&
      make_model[strlen (make)] == '_' && make_model[strlen (make) + 1] != '\0')
    make_model += strlen (make) + 1;

  return set_text (&read->make, "make", make, error) &&
         set_text (&read->model, "make_model", make_model, error) &&
         set_text (&read->color, "color", color, error) &&
         set_text (&read->vehicle_type, "body_type", body_type, error);
}

/* The agent sends 0, 0 when it has no GPS. */
static gboolean
set_openalpr_position (SlRead      *read,
                       JsonObject  *object,
                       GError     **error)
{
  double lat, lon;

  if (!get_number (object, "gps_latitude", &lat, error) ||
      !get_number (object, "gps_longitude", &lon, error))
    return FALSE;

  if (lat == 0 && lon == 0)
    return TRUE;

  return set_position (read, "gps_latitude", lat, "gps_longitude", lon, error);
}

static gboolean
set_openalpr_region (SlRead      *read,
                     JsonObject  *object,
                     const char  *name,
                     const char  *country,
                     GError     **error)
{
  const char *region;

  if (!get_string (object, name, &region, error))
    return FALSE;

  if (region != NULL)
    {
      g_free (read->region);
      read->region = sl_region_from_code (region, country);
    }

  return TRUE;
}

/* One entry of an alpr_results "results" array; @message is the whole message. */
static gboolean
parse_openalpr_result (JsonObject  *message,
                       JsonObject  *object,
                       SlRead      *read,
                       GError     **error)
{
  const char *plate, *country, *plate_crop;
  double confidence, epoch_time;
  JsonArray *candidates;

  return get_string (object, "plate", &plate, error) &&
         set_plate (read, "plate", plate, error) &&
         get_number (message, "epoch_time", &epoch_time, error) &&
         set_time_ms (read, "epoch_time", epoch_time, error) &&
         get_string (message, "country", &country, error) &&
         set_openalpr_region (read, object, "region", country, error) &&
         get_number (object, "confidence", &confidence, error) &&
         check_confidence ("confidence", confidence, 100, &read->confidence, error) &&
         set_openalpr_position (read, message, error) &&
         get_array (object, "candidates", &candidates, error) &&
         add_candidates (read, candidates, "confidence", 100, error) &&
         parse_openalpr_vehicle (object, read, error) &&
         get_string (object, "plate_crop_jpeg", &plate_crop, error) &&
         set_image_string (&read->plate_image, "plate_crop_jpeg", plate_crop, error);
}

static gboolean
parse_openalpr_group (JsonObject  *object,
                      SlRead      *read,
                      GError     **error)
{
  const char *plate, *country, *vehicle_crop, *overview, *plate_crop = NULL;
  double confidence, epoch_end, heading;
  JsonArray *candidates;
  JsonObject *best_plate;

  if (!get_string (object, "best_plate_number", &plate, error) ||
      !set_plate (read, "best_plate_number", plate, error) ||
      !get_number (object, "epoch_end", &epoch_end, error) ||
      !set_time_ms (read, "epoch_end", epoch_end, error) ||
      !get_string (object, "country", &country, error) ||
      !set_openalpr_region (read, object, "best_region", country, error) ||
      !get_number (object, "best_confidence", &confidence, error) ||
      !check_confidence ("best_confidence", confidence, 100, &read->confidence, error) ||
      !set_openalpr_position (read, object, error) ||
      !get_number (object, "travel_direction", &heading, error) ||
      !set_heading (read, "travel_direction", heading, error) ||
      !get_array (object, "candidates", &candidates, error) ||
      !add_candidates (read, candidates, "confidence", 100, error) ||
      !parse_openalpr_vehicle (object, read, error) ||
      !get_object (object, "best_plate", &best_plate, error) ||
      (best_plate != NULL && !get_string (best_plate, "plate_crop_jpeg", &plate_crop, error)) ||
      !set_image_string (&read->plate_image, "best_plate.plate_crop_jpeg", plate_crop, error) ||
      !get_string (object, "vehicle_crop_jpeg", &vehicle_crop, error) ||
      !get_string (object, "overview_jpeg", &overview, error) ||
      !set_image_string (&read->overview_image, "overview_jpeg", overview, error) ||
      !set_image_string (&read->overview_image, "vehicle_crop_jpeg", vehicle_crop, error))
    return FALSE;

  return TRUE;
}

typedef enum
{
  OPENALPR_RESULTS,
  OPENALPR_GROUP,
  OPENALPR_OTHER,   /* heartbeats and vehicle-only messages carry no read */
} OpenalprKind;

static gboolean
openalpr_kind (JsonNode      *node,
               OpenalprKind  *kind,
               guint         *n_reads,
               GError       **error)
{
  JsonObject *object;
  JsonNode *type_node, *results;
  const char *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "An OpenALPR message must be a JSON object (or an array of them)");
      return FALSE;
    }

  object = json_node_get_object (node);
  type_node = json_object_get_member (object, "data_type");
  type = type_node != NULL && JSON_NODE_HOLDS_VALUE (type_node) &&
         json_node_get_value_type (type_node) == G_TYPE_STRING
         ? json_node_get_string (type_node) : NULL;

  if (g_strcmp0 (type, "alpr_results") == 0)
    {
      results = json_object_get_member (object, "results");
      if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                               "An alpr_results message needs an array “results”");
          return FALSE;
        }
      *kind = OPENALPR_RESULTS;
      *n_reads = json_array_get_length (json_node_get_array (results));
      return TRUE;
    }

  if (g_strcmp0 (type, "alpr_group") == 0)
    {
      *kind = OPENALPR_GROUP;
      *n_reads = 1;
      return TRUE;
    }

  if (g_strcmp0 (type, "heartbeat") == 0 || g_strcmp0 (type, "vehicle") == 0)
    {
      *kind = OPENALPR_OTHER;
      *n_reads = 0;
      return TRUE;
    }

  if (type == NULL)
    g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                         "“data_type” is missing: an OpenALPR message is “alpr_results” or “alpr_group”");
  else
    {
      g_autofree char *shown = g_utf8_make_valid (type, -1);

      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“data_type” “%s” carries no reads: send “alpr_results” or “alpr_group”", shown);
    }
  return FALSE;
}

/**
 * sl_ingest_parse_openalpr:
 *
 * An OpenALPR agent message (`alpr_results`: every entry of "results" is a
 * read; `alpr_group`: one read), or an array of them. Heartbeats are
 * accepted and carry no read.
 */
SlIngestBatch *
sl_ingest_parse_openalpr (const char  *data,
                          gsize        length,
                          gint64       now_us,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GArray) kinds = NULL;
  JsonNode *root;
  JsonArray *messages = NULL;
  guint n_messages, n_reads = 0, index = 0;

  parser = parse_body (data, length, error);
  if (parser == NULL)
    return NULL;

  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      messages = json_node_get_array (root);
      n_messages = json_array_get_length (messages);
    }
  else
    n_messages = 1;

  kinds = g_array_sized_new (FALSE, FALSE, sizeof (OpenalprKind), n_messages);
  for (guint i = 0; i < n_messages; i++)
    {
      JsonNode *node = messages != NULL ? json_array_get_element (messages, i) : root;
      OpenalprKind kind;
      guint n = 0;

      if (!openalpr_kind (node, &kind, &n, error))
        {
          if (messages != NULL)
            g_prefix_error (error, "Message %u: ", i);
          return NULL;
        }
      g_array_append_val (kinds, kind);
      n_reads += n;
      if (too_many_reads (n_reads, error))
        return NULL;
    }

  batch = sl_ingest_batch_new ();
  for (guint i = 0; i < n_messages; i++)
    {
      JsonNode *node = messages != NULL ? json_array_get_element (messages, i) : root;
      JsonObject *message = json_node_get_object (node);
      OpenalprKind kind = g_array_index (kinds, OpenalprKind, i);

      if (kind == OPENALPR_GROUP)
        {
          SlRead *read = sl_read_new ();
          GError *read_error = NULL;

          parse_openalpr_group (message, read, &read_error);
          batch_take (batch, index++, read, now_us, read_error);
        }
      else if (kind == OPENALPR_RESULTS)
        {
          JsonArray *results = json_object_get_array_member (message, "results");
          guint n = json_array_get_length (results);

          for (guint j = 0; j < n; j++)
            {
              JsonNode *result = json_array_get_element (results, j);
              SlRead *read = sl_read_new ();
              GError *read_error = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (result))
                g_set_error_literal (&read_error, REJECT, REJECT_INVALID_FIELD,
                                     "An entry of “results” must be a JSON object");
              else
                parse_openalpr_result (message, json_node_get_object (result), read, &read_error);

              batch_take (batch, index++, read, now_us, read_error);
            }
        }
    }

  return g_steal_pointer (&batch);
}

/* Plate Recognizer Stream */

static gboolean
parse_platerecognizer_result (JsonObject  *data,
                              JsonObject  *object,
                              GBytes      *upload,
                              SlRead      *read,
                              GError     **error)
{
  const char *plate, *timestamp, *region = NULL, *make = NULL, *model = NULL, *color, *type = NULL;
  double score, direction;
  JsonArray *candidates;
  JsonObject *region_object, *vehicle, *best_model_make;

  if (!get_string (object, "plate", &plate, error) ||
      !set_plate (read, "plate", plate, error) ||
      !get_string (data, "timestamp", &timestamp, error))
    return FALSE;

  if (timestamp == NULL && !get_string (data, "timestamp_local", &timestamp, error))
    return FALSE;

  if (!set_time_iso8601 (read, "timestamp", timestamp, error) ||
      !get_number (object, "score", &score, error) ||
      !check_confidence ("score", score, 1, &read->confidence, error) ||
      !get_object (object, "region", &region_object, error) ||
      (region_object != NULL && !get_string (region_object, "code", &region, error)) ||
      !get_array (object, "candidates", &candidates, error) ||
      !add_candidates (read, candidates, "score", 1, error) ||
      !get_best_name (object, "model_make", "make", "score", &make, &best_model_make, error) ||
      !get_best_name (object, "color", "color", "score", &color, NULL, error) ||
      !get_object (object, "vehicle", &vehicle, error) ||
      (vehicle != NULL && !get_string (vehicle, "type", &type, error)) ||
      !get_number (object, "direction", &direction, error) ||
      !set_heading (read, "direction", direction, error))
    return FALSE;

  if (best_model_make != NULL && !get_string (best_model_make, "model", &model, error))
    {
      g_prefix_error (error, "In “model_make”: ");
      return FALSE;
    }

  if (!set_text (&read->make, "model_make.make", make, error) ||
      !set_text (&read->model, "model_make.model", model, error) ||
      !set_text (&read->color, "color", color, error) ||
      !set_text (&read->vehicle_type, "vehicle.type", type, error))
    return FALSE;

  if (region != NULL)
    {
      g_free (read->region);
      read->region = sl_region_from_code (region, NULL);
    }

  if (upload != NULL && g_bytes_get_size (upload) > 0)
    {
      if (image_too_large ("upload", g_bytes_get_size (upload), error))
        return FALSE;
      read->overview_image = g_bytes_ref (upload);
    }

  return TRUE;
}

/**
 * sl_ingest_parse_platerecognizer:
 *
 * A Plate Recognizer Stream webhook: `{"hook": {...}, "data": {"timestamp",
 * "results": [...]}}`; the bare `data` object (Snapshot's shape) is taken too.
 */
SlIngestBatch *
sl_ingest_parse_platerecognizer (const char  *data,
                                 gsize        length,
                                 GBytes      *upload,
                                 gint64       now_us,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  JsonNode *root, *data_node, *results_node;
  JsonObject *object;
  JsonArray *results;
  guint n;

  parser = parse_body (data, length, error);
  if (parser == NULL)
    return NULL;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "A Plate Recognizer webhook must be a JSON object with “data”");
      return NULL;
    }

  object = json_node_get_object (root);
  data_node = json_object_get_member (object, "data");
  if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node))
    object = json_node_get_object (data_node);
  else if (data_node != NULL || !json_object_has_member (object, "results"))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "A Plate Recognizer webhook must have an object “data” with “results”");
      return NULL;
    }

  results_node = json_object_get_member (object, "results");
  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "A Plate Recognizer webhook must have an array “data.results”");
      return NULL;
    }

  results = json_node_get_array (results_node);
  n = json_array_get_length (results);
  if (too_many_reads (n, error))
    return NULL;

  batch = sl_ingest_batch_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      SlRead *read = sl_read_new ();
      GError *read_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_set_error_literal (&read_error, REJECT, REJECT_INVALID_FIELD,
                             "An entry of “results” must be a JSON object");
      else
        parse_platerecognizer_result (object, json_node_get_object (node), upload, read, &read_error);

      batch_take (batch, i, read, now_us, read_error);
    }

  return g_steal_pointer (&batch);
}
