#define G_LOG_DOMAIN "test-ingest"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-core.h"

/* 2026-11-22T07:30:00Z, the service's clock in every test */
#define NOW_US G_GINT64_CONSTANT (1795332600000000)

/* The start of a JPEG file, and the same in base64. */
static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01 };
#define JPEG_BASE64 "/9j/4AAQSkZJRgAB"
static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
#define PNG_BASE64 "iVBORw0KGgo="

typedef SlIngestBatch *(*ParseFunc) (const char *data, gsize length, gint64 now_us, GError **error);

static SlIngestBatch *
parse_platerecognizer (const char  *data,
                       gsize        length,
                       gint64       now_us,
                       GError     **error)
{
  return sl_ingest_parse_platerecognizer (data, length, NULL, now_us, error);
}

static SlIngestBatch *
parse_ok (ParseFunc   parse,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  SlIngestBatch *batch = parse (body, strlen (body), NOW_US, &error);

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->reads->len, ==, batch->indexes->len);
  return batch;
}

static SlRead *
read_at (SlIngestBatch *batch,
         guint          i)
{
  g_assert_cmpuint (i, <, batch->reads->len);
  return g_ptr_array_index (batch->reads, i);
}

static void
assert_bytes (GBytes       *bytes,
              const guint8 *expected,
              gsize         size)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, size);
}

static void
assert_candidate (SlRead     *read,
                  guint       i,
                  const char *plate,
                  double      confidence)
{
  SlCandidate *candidate;

  g_assert_cmpuint (i, <, read->candidates->len);
  candidate = &g_array_index (read->candidates, SlCandidate, i);
  g_assert_cmpstr (candidate->plate, ==, plate);
  g_assert_cmpfloat_with_epsilon (candidate->confidence, confidence, 1e-9);
}

/* The batch refused exactly one read, at @index, with @code and a message holding @says. */
static void
assert_rejected (SlIngestBatch *batch,
                 guint          index,
                 const char    *code,
                 const char    *says)
{
  SlIngestRejection *rejection;

  g_assert_cmpuint (batch->rejected->len, ==, 1);
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 0);
  g_assert_cmpuint (rejection->index, ==, index);
  g_assert_cmpstr (rejection->code, ==, code);
  if (strstr (rejection->message, says) == NULL)
    g_error ("“%s” does not say “%s”", rejection->message, says);
}

/* One native read with @fields added to a valid minimal read. */
static SlIngestBatch *
parse_native_read (const char *fields)
{
  g_autofree char *body = g_strdup_printf ("{\"reads\": [{\"plate\": \"7ABC123\", "
                                           "\"captured_at\": \"2026-11-22T07:29:58Z\"%s%s}]}",
                                           *fields != '\0' ? ", " : "", fields);
  g_autoptr(GError) error = NULL;
  SlIngestBatch *batch = sl_ingest_parse_native (body, strlen (body), NOW_US, &error);

  g_assert_no_error (error);
  return batch;
}

static void
assert_native_refused (const char *fields,
                       const char *code,
                       const char *says)
{
  g_autoptr(SlIngestBatch) batch = parse_native_read (fields);

  g_assert_cmpuint (batch->reads->len, ==, 0);
  assert_rejected (batch, 0, code, says);
}

/* Native format */

static void
test_native_all_fields (void)
{
  const char *body =
    "{\"reads\": [{"
    "  \"plate\": \"7abc-123\", \"region\": \"CA\", \"captured_at\": \"2026-11-22T07:29:58.25Z\","
    "  \"confidence\": 91.5, \"lat\": 37.8044, \"lon\": -122.2712, \"heading\": 270,"
    "  \"candidates\": [{\"plate\": \"7ABC123\", \"confidence\": 91.5},"
    "                  {\"plate\": \"7A8C123\", \"confidence\": 80},"
    "                  {\"plate\": \"7 A8C 123\", \"confidence\": 85},"
    "                  {\"plate\": \"TABC123\", \"confidence\": 60}],"
    "  \"vehicle\": {\"make\": \"Toyota\", \"model\": \"Camry\", \"color\": \"silver\", \"type\": \"sedan\"},"
    "  \"plate_image\": \"" JPEG_BASE64 "\", \"overview_image\": \"" PNG_BASE64 "\""
    "}]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);
  SlRead *read = read_at (batch, 0);

  g_assert_cmpuint (batch->rejected->len, ==, 0);
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 0), ==, 0);
  g_assert_cmpint (read->id, ==, 0);
  g_assert_cmpstr (read->plate, ==, "7ABC123");
  g_assert_cmpstr (read->plate_raw, ==, "7abc-123");
  g_assert_cmpstr (read->region, ==, "CA");
  g_assert_cmpfloat (read->confidence, ==, 91.5);
  g_assert_cmpint (read->captured_us, ==, NOW_US - 1750000);
  g_assert_cmpint (read->received_us, ==, NOW_US);
  g_assert_cmpint (read->camera_id, ==, 0);
  g_assert_cmpfloat (read->lat, ==, 37.8044);
  g_assert_cmpfloat (read->lon, ==, -122.2712);
  g_assert_cmpfloat (read->heading, ==, 270);
  /* The plate itself and the repeat of 7A8C123 are dropped; the repeat's higher confidence stays. */
  g_assert_cmpuint (read->candidates->len, ==, 2);
  assert_candidate (read, 0, "7A8C123", 85);
  assert_candidate (read, 1, "TABC123", 60);
  g_assert_cmpstr (read->make, ==, "Toyota");
  g_assert_cmpstr (read->model, ==, "Camry");
  g_assert_cmpstr (read->color, ==, "silver");
  g_assert_cmpstr (read->vehicle_type, ==, "sedan");
  assert_bytes (read->plate_image, jpeg, sizeof jpeg);
  assert_bytes (read->overview_image, png, sizeof png);
}

static void
test_native_optional_absent (void)
{
  g_autoptr(SlIngestBatch) batch = parse_native_read ("\"lat\": null, \"vehicle\": {}, \"plate_image\": \"\"");
  SlRead *read = read_at (batch, 0);

  g_assert_cmpstr (read->region, ==, "");
  g_assert_true (isnan (read->lat));
  g_assert_true (isnan (read->lon));
  g_assert_true (isnan (read->heading));
  g_assert_cmpuint (read->candidates->len, ==, 0);
  g_assert_null (read->make);
  g_assert_null (read->vehicle_type);
  g_assert_null (read->plate_image);
  g_assert_null (read->overview_image);
}

static void
test_native_bad_among_good (void)
{
  const char *body =
    "{\"reads\": ["
    "  {\"plate\": \"AAA111\", \"captured_at\": \"2026-11-22T07:00:00Z\"},"
    "  {\"plate\": \"B$B222\", \"captured_at\": \"2026-11-22T07:00:01Z\"},"
    "  {\"plate\": \"CCC333\", \"captured_at\": \"2026-11-22T07:00:02Z\"}"
    "]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);

  g_assert_cmpuint (batch->reads->len, ==, 2);
  g_assert_cmpstr (read_at (batch, 0)->plate, ==, "AAA111");
  g_assert_cmpstr (read_at (batch, 1)->plate, ==, "CCC333");
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 1), ==, 2);
  assert_rejected (batch, 1, "invalid_plate", "“$”");
}

static void
test_native_future (void)
{
  /* Six minutes ahead is refused, four are a camera clock's drift. */
  assert_native_refused ("\"captured_at\": \"2026-11-22T07:36:00Z\"", "captured_in_future", "clock");

  {
    g_autoptr(SlIngestBatch) batch = parse_native_read ("\"captured_at\": \"2026-11-22T07:34:00Z\"");

    g_assert_cmpuint (batch->reads->len, ==, 1);
    g_assert_cmpint (read_at (batch, 0)->captured_us, ==, NOW_US + 4 * SL_USEC_PER_MINUTE);
  }
}

static void
test_native_time_required (void)
{
  const char *body = "{\"reads\": [{\"plate\": \"7ABC123\"}]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);

  assert_rejected (batch, 0, "invalid_field", "“captured_at” (the capture time) is required");
  assert_native_refused ("\"captured_at\": \"yesterday\"", "invalid_field", "ISO 8601");
  /* A time without a zone could be any of 24 hours. */
  assert_native_refused ("\"captured_at\": \"2026-11-22T07:29:58\"", "invalid_field", "time zone");
}

static void
test_native_bad_base64 (void)
{
  assert_native_refused ("\"plate_image\": \"/9j/4AAQ!kZJRgAB\"", "invalid_image", "not base64");
  assert_native_refused ("\"overview_image\": \"/9j/4\"", "invalid_image", "not base64");
  assert_native_refused ("\"plate_image\": \"/9j/4A==AAQSkZJRgAB\"", "invalid_image", "not base64");

  /* Line breaks, missing padding and data URLs are base64 too. */
  {
    g_autoptr(SlIngestBatch) batch =
      parse_native_read ("\"plate_image\": \"/9j/4AAQ\\nSkZJRgAB\", "
                         "\"overview_image\": \"data:image/png;base64,iVBORw0KGgo\"");
    SlRead *read = read_at (batch, 0);

    assert_bytes (read->plate_image, jpeg, sizeof jpeg);
    assert_bytes (read->overview_image, png, sizeof png);
  }
}

static void
test_native_image_too_large (void)
{
  gsize limit = SL_INGEST_MAX_IMAGE_BYTES;
  g_autofree guint8 *image = g_malloc0 (limit + 3);
  g_autofree char *at_limit = NULL, *over_limit = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  image[0] = 0xff;
  at_limit = g_base64_encode (image, limit);
  over_limit = g_base64_encode (image, limit + 3);
  body = g_strdup_printf ("{\"reads\": ["
                          "{\"plate\": \"AAA111\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"overview_image\": \"%s\"},"
                          "{\"plate\": \"BBB222\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"plate_image\": \"%s\"}]}",
                          at_limit, over_limit);

  batch = sl_ingest_parse_native (body, strlen (body), NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->reads->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (read_at (batch, 0)->overview_image), ==, limit);
  assert_rejected (batch, 1, "image_too_large", "at most 2 MiB");
}

static void
test_native_ranges (void)
{
  assert_native_refused ("\"lat\": 91, \"lon\": 0", "invalid_field", "“lat”");
  assert_native_refused ("\"lat\": 0, \"lon\": -180.5", "invalid_field", "“lon”");
  assert_native_refused ("\"lat\": 37.8", "invalid_field", "both");
  assert_native_refused ("\"confidence\": 100.5", "invalid_field", "between 0 and 100");
  assert_native_refused ("\"confidence\": -1", "invalid_field", "between 0 and 100");
  assert_native_refused ("\"candidates\": [{\"plate\": \"7ABC128\", \"confidence\": 250}]",
                         "invalid_field", "Candidate 0");
  assert_native_refused ("\"heading\": 400", "invalid_field", "“heading”");

  {
    g_autoptr(SlIngestBatch) batch = parse_native_read ("\"confidence\": 0, \"heading\": -90, \"lat\": -90, \"lon\": 180");
    SlRead *read = read_at (batch, 0);

    g_assert_cmpfloat (read->confidence, ==, 0);
    g_assert_cmpfloat (read->heading, ==, 270);
    g_assert_cmpfloat (read->lat, ==, -90);
  }
}

static void
test_native_wrong_types (void)
{
  const char *body =
    "{\"reads\": ["
    "  {\"plate\": 7123, \"captured_at\": \"2026-11-22T07:00:00Z\"},"
    "  {\"plate\": \"AAA111\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"confidence\": \"high\"},"
    "  {\"plate\": \"BBB222\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"candidates\": {\"plate\": \"X\"}},"
    "  {\"plate\": \"CCC333\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"vehicle\": {\"make\": [\"Ford\"]}},"
    "  \"DDD444\","
    "  {\"plate\": \"EEE555\", \"captured_at\": 1795333800},"
    "  {\"plate\": \"FFF666\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"plate_image\": 12},"
    "  {\"plate\": \"GGG777\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"region\": true},"
    "  {\"plate\": \"HHH888\", \"captured_at\": \"2026-11-22T07:00:00Z\"}"
    "]}";
  const char *says[] = {
    "“plate” must be a string",
    "“confidence” must be a number",
    "“candidates” must be an array",
    "In “vehicle”: “make” must be a string",
    "must be a JSON object",
    "“captured_at” must be a string",
    "“plate_image” must be a string",
    "“region” must be a string",
  };
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);

  /* Each read with a wrong type is refused alone; the good one stays. */
  g_assert_cmpuint (batch->reads->len, ==, 1);
  g_assert_cmpstr (read_at (batch, 0)->plate, ==, "HHH888");
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 0), ==, 8);
  g_assert_cmpuint (batch->rejected->len, ==, G_N_ELEMENTS (says));
  for (guint i = 0; i < G_N_ELEMENTS (says); i++)
    {
      SlIngestRejection *rejection = &g_array_index (batch->rejected, SlIngestRejection, i);

      g_assert_cmpuint (rejection->index, ==, i);
      g_assert_cmpstr (rejection->code, ==, "invalid_field");
      if (strstr (rejection->message, says[i]) == NULL)
        g_error ("read %u: “%s” does not say “%s”", i, rejection->message, says[i]);
    }
}

static void
test_native_bad_escape (void)
{
  /* json-glib 1.6 reads "\222" as the byte 0x92, which is not UTF-8: it must
   * reach neither the database nor an error message that goes out as JSON. */
  const char *body = "{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T\\222\"},"
                     "{\"plate\": \"7ABC124\", \"captured_at\": \"2026-11-22T07:00:00Z\", "
                     "\"vehicle\": {\"make\": \"Ford\\222\"}}]}";
  const char *bad_key = "{\"read\\222\" \"x\": []}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) none = sl_ingest_parse_native (bad_key, strlen (bad_key), NOW_US, &error);

  g_assert_cmpuint (batch->reads->len, ==, 0);
  g_assert_cmpuint (batch->rejected->len, ==, 2);
  for (guint i = 0; i < batch->rejected->len; i++)
    {
      SlIngestRejection *rejection = &g_array_index (batch->rejected, SlIngestRejection, i);

      g_assert_cmpstr (rejection->code, ==, "invalid_field");
      g_assert_nonnull (strstr (rejection->message, "not valid UTF-8"));
    }

  g_assert_null (none);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_native_duplicates (void)
{
  /* A member sent twice counts as the last, as json-glib had it. */
  const char *body =
    "{\"reads\": [{\"plate\": \"ZZZ999\"}], \"reads\": ["
    "  {\"plate\": 7, \"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"lat\": 1, \"lat\": null,"
    "   \"candidates\": [1], \"candidates\": [{\"plate\": \"7ABC128\", \"plate\": \"7ABC129\", \"confidence\": 50}],"
    "   \"vehicle\": {\"make\": \"Ford\", \"color\": \"red\"}, \"vehicle\": {\"make\": [\"x\"], \"make\": \"Kia\"}},"
    "  {\"plate\": \"AAA111\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"heading\": 10, \"heading\": \"north\"}"
    "]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);
  SlRead *read = read_at (batch, 0);

  g_assert_cmpuint (batch->reads->len, ==, 1);
  g_assert_cmpstr (read->plate, ==, "7ABC123");
  g_assert_true (isnan (read->lat));
  g_assert_cmpuint (read->candidates->len, ==, 1);
  assert_candidate (read, 0, "7ABC129", 50);
  g_assert_cmpstr (read->make, ==, "Kia");
  g_assert_null (read->color);
  assert_rejected (batch, 1, "invalid_field", "“heading” must be a number");
}

static void
test_native_escapes (void)
{
  const char *body =
    "{\"re\\u0061ds\": [{\"pl\\u0061te\": \"7\\u0061bc\\u002d123\", \"captured_at\": \"2026-11-22T07:29:58\\u005a\","
    " \"vehicle\": {\"m\\u0061ke\": \"Citro\\u00ebn\", \"type\": \"\\tpick-up \\n\"},"
    " \"plate_image\": \"/9j/4AAQ\\r\\nSkZJRgAB\", \"candidates\": [{\"plate\": \"\\uff17ABC128\"}]}]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);
  SlRead *read = read_at (batch, 0);

  g_assert_cmpstr (read->plate, ==, "7ABC123");
  g_assert_cmpstr (read->plate_raw, ==, "7abc-123");
  g_assert_cmpint (read->captured_us, ==, NOW_US - 2000000);
  g_assert_cmpstr (read->make, ==, "Citroën");
  g_assert_cmpstr (read->vehicle_type, ==, "pick-up");
  assert_bytes (read->plate_image, jpeg, sizeof jpeg);
  /* a full-width digit is folded like any plate */
  assert_candidate (read, 0, "7ABC128", 0);
}

static void
test_native_lone_surrogate (void)
{
  /* Half a surrogate pair is no text: it costs its read, not the request,
   * and nothing where nobody reads it. */
  const char *body =
    "{\"reads\": ["
    "  {\"plate\": \"7ABC\\ud800\", \"captured_at\": \"2026-11-22T07:00:00Z\"},"
    "  {\"plate\": \"AAA111\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"note\": \"\\udc00\"},"
    "  {\"plate\": \"BBB222\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"vehicle\": {\"make\": \"\\ude00\\ud83d\"}}"
    "]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, body);
  SlIngestRejection *rejection;

  g_assert_cmpuint (batch->reads->len, ==, 1);
  g_assert_cmpstr (read_at (batch, 0)->plate, ==, "AAA111");
  g_assert_cmpuint (batch->rejected->len, ==, 2);
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 0);
  g_assert_cmpuint (rejection->index, ==, 0);
  g_assert_cmpstr (rejection->message, ==, "“plate” is not valid UTF-8 text");
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 1);
  g_assert_cmpuint (rejection->index, ==, 2);
  g_assert_cmpstr (rejection->message, ==, "In “vehicle”: “make” is not valid UTF-8 text");
}

static void
test_native_strict_json (void)
{
  /* What json-glib took beyond JSON is refused as a whole. */
  static const char * const bodies[] = {
    "{\"reads\": [/* one */ {\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\"}]}",
    "{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"heading\": 090}]}",
    "{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\", \"lat\": .5, \"lon\": 1}]}",
    "{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\"}]} {\"reads\": []}",
    "{\"reads\": [{\"plate\": \"7ABC\t123\", \"captured_at\": \"2026-11-22T07:00:00Z\"}]}",
    "{\"reads\": [{'plate': '7ABC123', \"captured_at\": \"2026-11-22T07:00:00Z\"}]}",
    "var x = {\"reads\": []}",
    "{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\"},]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlIngestBatch) batch = sl_ingest_parse_native (bodies[i], strlen (bodies[i]), NOW_US, &error);

      g_assert_null (batch);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, "The request body is not valid JSON: "))
        g_error ("body %u: “%s”", i, error->message);
    }

  /* A byte order mark may stand before the JSON, as RFC 8259 allows. */
  {
    const char *bom = "\xef\xbb\xbf{\"reads\": [{\"plate\": \"7ABC123\", \"captured_at\": \"2026-11-22T07:00:00Z\"}]}";
    g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_native, bom);

    g_assert_cmpuint (batch->reads->len, ==, 1);
  }

  /* Whitespace alone holds no value. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlIngestBatch) batch = sl_ingest_parse_native (" \r\n", 3, NOW_US, &error);

    g_assert_null (batch);
    g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "The request body holds no JSON value");
  }
}

static void
test_native_large_image (void)
{
  gsize size = 1024 * 1024 + 2;
  g_autofree guint8 *image = g_malloc (size);
  g_autofree char *encoded = NULL;
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(SlIngestBatch) bad = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  SlRead *read;

  for (gsize i = 0; i < size; i++)
    image[i] = (guint8) g_rand_int_range (rand, 0, 256);
  encoded = g_base64_encode (image, size);
  /* MIME's line breaks, escaped as JSON has them */
  for (gsize i = 0, n = strlen (encoded); i < n; i += 76)
    g_string_append_printf (wrapped, "%.76s\\r\\n", encoded + i);

  g_string_printf (fields, "\"plate_image\": \"%s\", \"overview_image\": \"%s\"", encoded, wrapped->str);
  batch = parse_native_read (fields->str);
  read = read_at (batch, 0);
  assert_bytes (read->plate_image, image, size);
  assert_bytes (read->overview_image, image, size);

  /* A bad character late in the text is found where it is. */
  encoded[1000001] = '*';
  g_string_printf (fields, "\"plate_image\": \"%s\"", encoded);
  bad = parse_native_read (fields->str);
  assert_rejected (bad, 0, "invalid_image", "unexpected character at offset 1000001");
}

static void
test_native_plates (void)
{
  /* The ASCII shortcut names plates and refuses them as sl_plate_normalize() does. */
  static const char * const raws[] = {
    "7abc-123", " 7.ABC\t123 \n", "ABCDEFGHIJ", "abcdefghijk", "7AB_123", "---", ".", "7AB\x0b" "123",
    "7ABC123\f", "Ö7ABC", "７ＡＢＣ１２３", "7—ABC", "z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (raws); i++)
    {
      g_autoptr(GString) fields = g_string_new ("\"plate\": \"");
      g_autoptr(SlIngestBatch) batch = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = sl_plate_normalize (raws[i], &error);

      for (const char *p = raws[i]; *p != '\0'; p++)
        if ((guchar) *p < 0x20)
          g_string_append_printf (fields, "\\u%04x", *p);
        else
          g_string_append_c (fields, *p);
      g_string_append_c (fields, '"');
      /* parse_native_read() sets a plate of its own first: the last counts */
      batch = parse_native_read (fields->str);
      if (expected != NULL)
        {
          g_assert_cmpuint (batch->reads->len, ==, 1);
          g_assert_cmpstr (read_at (batch, 0)->plate, ==, expected);
          g_assert_cmpstr (read_at (batch, 0)->plate_raw, ==, raws[i]);
        }
      else
        {
          g_autofree char *says = g_strdup_printf ("“plate”: %s", error->message);

          g_assert_cmpuint (batch->reads->len, ==, 0);
          assert_rejected (batch, 0, "invalid_plate", says);
        }
    }
}

static void
test_candidates (void)
{
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GString) fields = g_string_new ("\"candidates\": [{\"plate\": \"7-abc-123\"}, {\"plate\": \"\"}, "
                                            "{\"plate\": \"7AB$123\", \"confidence\": 50}, "
                                            "{\"plate\": \"7ABC12\", \"confidence\": 40}, "
                                            "{\"plate\": \"7abc12\", \"confidence\": 45}");
  SlRead *read;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (fields, ", {\"plate\": \"X%u\", \"confidence\": 10}", i);
  g_string_append (fields, "]");

  batch = parse_native_read (fields->str);
  read = read_at (batch, 0);

  /* The plate itself, an empty and an impossible plate are dropped; a
   * repeat keeps the higher confidence; the list stops at its cap. */
  g_assert_cmpuint (read->candidates->len, ==, SL_READ_MAX_CANDIDATES);
  assert_candidate (read, 0, "7ABC12", 45);
  assert_candidate (read, 1, "X0", 10);
  for (guint i = 0; i < read->candidates->len; i++)
    g_assert_cmpstr (g_array_index (read->candidates, SlCandidate, i).plate, !=, read->plate);
}

static void
test_region (void)
{
  const struct { const char *code, *country, *expected; } cases[] = {
    { "us-ca", NULL, "CA" }, { "ca", NULL, "CA" }, { "CA", NULL, "CA" }, { "US-NV", NULL, "NV" },
    { "ca-on", NULL, "ON" }, { "ca-qc", NULL, "QC" }, { "ny", "us", "NY" }, { "bc", "ca", "BC" },
    { "us", NULL, "" }, { "mx-nle", NULL, "" }, { "eu-de", NULL, "" }, { "xx", NULL, "" },
    { "", NULL, "" }, { "cal", NULL, "" }, { "c", NULL, "" }, { "ca", "mx", "" }, { "-", NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *region = sl_region_from_code (cases[i].code, cases[i].country);

      g_assert_cmpstr (region, ==, cases[i].expected);
    }

  /* An unknown region is not a reason to lose the read. */
  {
    g_autoptr(SlIngestBatch) batch = parse_native_read ("\"region\": \"zz-top\"");

    g_assert_cmpuint (batch->reads->len, ==, 1);
    g_assert_cmpstr (read_at (batch, 0)->region, ==, "");
  }
}

static void
test_malformed_bodies (void)
{
  const struct { ParseFunc parse; const char *body; const char *says; } cases[] = {
    { sl_ingest_parse_native, "", "empty" },
    { sl_ingest_parse_native, "plate=7ABC123", "not valid JSON" },
    { sl_ingest_parse_native, "{\"reads\": [", "not valid JSON" },
    { sl_ingest_parse_native, "[{\"plate\": \"7ABC123\"}]", "“reads”" },
    { sl_ingest_parse_native, "{\"read\": []}", "“reads”" },
    { sl_ingest_parse_native, "{\"reads\": {\"plate\": \"7ABC123\"}}", "“reads”" },
    { sl_ingest_parse_native, "{\"reads\": [\xff]}", "UTF-8" },
    { sl_ingest_parse_openalpr, "{\"plate\": \"7ABC123\"}", "data_type" },
    { sl_ingest_parse_openalpr, "{\"data_type\": \"alpr_results\"}", "“results”" },
    { sl_ingest_parse_openalpr, "{\"data_type\": \"alpr_results\", \"results\": {}}", "“results”" },
    { sl_ingest_parse_openalpr, "[{\"data_type\": \"alpr_group\"}, 7]", "Message 1" },
    { sl_ingest_parse_openalpr, "{\"data_type\": \"alpr_fancy\"}", "alpr_fancy" },
    { sl_ingest_parse_openalpr, "\"alpr_group\"", "JSON object" },
    { parse_platerecognizer, "{\"hook\": {}, \"data\": \"none\"}", "“data”" },
    { parse_platerecognizer, "{\"hook\": {}}", "“data”" },
    { parse_platerecognizer, "{\"data\": {\"results\": null}}", "data.results" },
    { parse_platerecognizer, "[]", "JSON object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlIngestBatch) batch = cases[i].parse (cases[i].body, strlen (cases[i].body), NOW_US, &error);

      g_assert_null (batch);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }
}

static void
test_too_many_reads (void)
{
  g_autoptr(GString) body = g_string_new ("{\"reads\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(SlIngestBatch) batch_at_limit = NULL;

  for (guint i = 0; i < SL_INGEST_MAX_READS; i++)
    g_string_append_printf (body, "%s{\"plate\": \"A%u\", \"captured_at\": \"2026-11-22T07:00:00Z\"}",
                            i > 0 ? "," : "", i);
  g_string_append (body, "]}");
  batch_at_limit = parse_ok (sl_ingest_parse_native, body->str);
  g_assert_cmpuint (batch_at_limit->reads->len, ==, SL_INGEST_MAX_READS);

  g_string_truncate (body, body->len - 2);
  g_string_append (body, ",{}]}");
  batch = sl_ingest_parse_native (body->str, body->len, NOW_US, &error);
  g_assert_null (batch);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at most 5000"));
}

static void
test_deep_nesting (void)
{
  gsize depth = 100000;
  g_autofree char *body = g_malloc (2 * depth + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;

  /* A body of brackets must not exhaust the parser's stack. */
  memset (body, '[', depth);
  memset (body + depth, ']', depth);
  body[2 * depth] = '\0';
  batch = sl_ingest_parse_openalpr (body, 2 * depth, NOW_US, &error);
  g_assert_null (batch);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nested"));
}

/* OpenALPR agent */

static void
test_openalpr_results (void)
{
  const char *body =
    "{\"version\": 2, \"data_type\": \"alpr_results\", \"epoch_time\": 1795332598250,"
    " \"img_width\": 1280, \"img_height\": 720, \"processing_time_ms\": 52.1,"
    " \"uuid\": \"agent-1-cam-1-1795332598250\", \"camera_id\": 1, \"agent_uid\": \"agent-1\","
    " \"results\": ["
    "  {\"plate\": \"8XYZ456\", \"confidence\": 94.2, \"matches_template\": 1, \"plate_index\": 0,"
    "   \"region\": \"us-ca\", \"region_confidence\": 88, \"processing_time_ms\": 12.5, \"requested_topn\": 10,"
    "   \"coordinates\": [{\"x\": 1, \"y\": 2}, {\"x\": 30, \"y\": 2}, {\"x\": 30, \"y\": 12}, {\"x\": 1, \"y\": 12}],"
    "   \"plate_crop_jpeg\": \"" JPEG_BASE64 "\","
    "   \"candidates\": [{\"plate\": \"8XYZ456\", \"confidence\": 94.2, \"matches_template\": 1},"
    "                    {\"plate\": \"8XYZ4S6\", \"confidence\": 81.0, \"matches_template\": 0}],"
    "   \"vehicle\": {\"color\": [{\"name\": \"red\", \"confidence\": 70}, {\"name\": \"maroon\", \"confidence\": 75}]}},"
    "  {\"plate\": \"5DEF789\", \"confidence\": 77, \"region\": \"nv\"}"
    " ]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, body);
  SlRead *read = read_at (batch, 0);

  g_assert_cmpuint (batch->reads->len, ==, 2);
  g_assert_cmpuint (batch->rejected->len, ==, 0);
  g_assert_cmpstr (read->plate, ==, "8XYZ456");
  g_assert_cmpstr (read->plate_raw, ==, "8XYZ456");
  g_assert_cmpstr (read->region, ==, "CA");
  g_assert_cmpfloat_with_epsilon (read->confidence, 94.2, 1e-9);
  g_assert_cmpint (read->captured_us, ==, NOW_US - 1750000);
  g_assert_cmpint (read->received_us, ==, NOW_US);
  g_assert_true (isnan (read->lat));
  g_assert_cmpuint (read->candidates->len, ==, 1);
  assert_candidate (read, 0, "8XYZ4S6", 81);
  g_assert_cmpstr (read->color, ==, "maroon");
  assert_bytes (read->plate_image, jpeg, sizeof jpeg);
  g_assert_null (read->overview_image);

  read = read_at (batch, 1);
  g_assert_cmpstr (read->plate, ==, "5DEF789");
  g_assert_cmpstr (read->region, ==, "NV");
  g_assert_cmpint (read->captured_us, ==, NOW_US - 1750000);
  g_assert_null (read->plate_image);
}

static const char openalpr_group[] =
  "{\"version\": 2, \"data_type\": \"alpr_group\", \"epoch_start\": 1795332590000, \"epoch_end\": 1795332597500,"
  " \"frame_start\": 100, \"frame_end\": 160, \"company_id\": \"c0ffee\", \"agent_uid\": \"agent-1\","
  " \"agent_version\": \"2.8.101\", \"agent_type\": \"alprd\", \"camera_id\": 1,"
  " \"gps_latitude\": 38.1041, \"gps_longitude\": -122.2566, \"country\": \"us\","
  " \"uuids\": [\"a\", \"b\"], \"plate_indexes\": [0, 0],"
  " \"candidates\": [{\"plate\": \"6TRJ244\", \"confidence\": 92.1, \"matches_template\": 1},"
  "                  {\"plate\": \"6TRJ2A4\", \"confidence\": 79.5, \"matches_template\": 0},"
  "                  {\"plate\": \"GTRJ244\", \"confidence\": 75.0, \"matches_template\": 0}],"
  " \"vehicle_crop_jpeg\": \"" PNG_BASE64 "\","
  " \"best_plate\": {\"plate\": \"6TRJ244\", \"confidence\": 92.1, \"region\": \"us-ca\","
  "                  \"plate_crop_jpeg\": \"" JPEG_BASE64 "\"},"
  " \"best_confidence\": 92.1, \"best_uuid\": \"b\", \"best_plate_number\": \"6TRJ244\","
  " \"best_region\": \"us-ca\", \"best_region_confidence\": 90, \"matches_template\": true,"
  " \"best_image_width\": 1280, \"best_image_height\": 720, \"travel_direction\": 182.5,"
  " \"is_parked\": false, \"is_preview\": false,"
  " \"vehicle\": {"
  "   \"color\": [{\"name\": \"white\", \"confidence\": 81.2}, {\"name\": \"silver-gray\", \"confidence\": 10.1}],"
  "   \"make\": [{\"name\": \"honda\", \"confidence\": 60.0}, {\"name\": \"acura\", \"confidence\": 20.0}],"
  "   \"make_model\": [{\"name\": \"honda_accord\", \"confidence\": 40.0}, {\"name\": \"honda_civic\", \"confidence\": 44.0}],"
  "   \"body_type\": [{\"name\": \"sedan-standard\", \"confidence\": 90.5}],"
  "   \"year\": [{\"name\": \"2010-2014\", \"confidence\": 50.0}]}"
  "}";

static void
test_openalpr_group (void)
{
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, openalpr_group);
  SlRead *read = read_at (batch, 0);

  g_assert_cmpuint (batch->reads->len, ==, 1);
  g_assert_cmpstr (read->plate, ==, "6TRJ244");
  g_assert_cmpstr (read->region, ==, "CA");
  g_assert_cmpfloat_with_epsilon (read->confidence, 92.1, 1e-9);
  /* The group's capture time is its end. */
  g_assert_cmpint (read->captured_us, ==, NOW_US - 2500000);
  g_assert_cmpfloat (read->lat, ==, 38.1041);
  g_assert_cmpfloat (read->lon, ==, -122.2566);
  g_assert_cmpfloat (read->heading, ==, 182.5);
  g_assert_cmpuint (read->candidates->len, ==, 2);
  assert_candidate (read, 0, "6TRJ2A4", 79.5);
  assert_candidate (read, 1, "GTRJ244", 75);
  g_assert_cmpstr (read->make, ==, "honda");
  g_assert_cmpstr (read->model, ==, "civic");
  g_assert_cmpstr (read->color, ==, "white");
  g_assert_cmpstr (read->vehicle_type, ==, "sedan-standard");
  assert_bytes (read->plate_image, jpeg, sizeof jpeg);
  assert_bytes (read->overview_image, png, sizeof png);
}

static void
test_openalpr_array (void)
{
  g_autofree char *body = g_strdup_printf (
    "[{\"data_type\": \"heartbeat\", \"agent_uid\": \"agent-1\"},"
    " %s,"
    " {\"data_type\": \"alpr_results\", \"epoch_time\": 1795332598000, \"results\": ["
    "   {\"plate\": \"1AAA111\", \"confidence\": 90},"
    "   {\"plate\": \"\", \"confidence\": 90},"
    "   {\"plate\": \"2BBB222\", \"confidence\": 190}]},"
    " {\"data_type\": \"alpr_group\", \"best_plate_number\": \"3CCC333\", \"epoch_start\": 1795332598000,"
    "  \"gps_latitude\": 0, \"gps_longitude\": 0}]",
    openalpr_group);
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, body);
  SlIngestRejection *rejection;

  /* Reads are numbered across the messages; the heartbeat carries none. */
  g_assert_cmpuint (batch->reads->len, ==, 2);
  g_assert_cmpstr (read_at (batch, 0)->plate, ==, "6TRJ244");
  g_assert_cmpstr (read_at (batch, 1)->plate, ==, "1AAA111");
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (batch->indexes, guint, 1), ==, 1);

  g_assert_cmpuint (batch->rejected->len, ==, 3);
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 0);
  g_assert_cmpuint (rejection->index, ==, 2);
  g_assert_cmpstr (rejection->code, ==, "invalid_plate");
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 1);
  g_assert_cmpuint (rejection->index, ==, 3);
  g_assert_cmpstr (rejection->code, ==, "invalid_field");
  g_assert_nonnull (strstr (rejection->message, "between 0 and 100"));
  /* A group without epoch_end has no capture time. */
  rejection = &g_array_index (batch->rejected, SlIngestRejection, 2);
  g_assert_cmpuint (rejection->index, ==, 4);
  g_assert_cmpstr (rejection->code, ==, "invalid_field");
  g_assert_nonnull (strstr (rejection->message, "epoch_end"));
}

static void
test_openalpr_no_gps (void)
{
  const char *body =
    "{\"data_type\": \"alpr_group\", \"best_plate_number\": \"3CCC333\", \"epoch_end\": 1795332598000,"
    " \"gps_latitude\": 0, \"gps_longitude\": 0, \"best_region\": \"mx-nle\", \"best_confidence\": 88,"
    " \"vehicle_crop_jpeg\": \"\", \"vehicle\": {\"make\": []}}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, body);
  SlRead *read = read_at (batch, 0);

  /* The agent sends 0, 0 when it has no GPS fix: no position, not the Gulf of Guinea. */
  g_assert_true (isnan (read->lat));
  g_assert_true (isnan (read->lon));
  g_assert_true (isnan (read->heading));
  g_assert_cmpstr (read->region, ==, "");
  g_assert_null (read->make);
  g_assert_null (read->overview_image);
}

static void
test_openalpr_future (void)
{
  const char *body =
    "{\"data_type\": \"alpr_results\", \"epoch_time\": 1795332960000, \"results\": ["
    " {\"plate\": \"1AAA111\", \"confidence\": 90}]}";
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, body);

  g_assert_cmpuint (batch->reads->len, ==, 0);
  assert_rejected (batch, 0, "captured_in_future", "2026-11-22T07:36:00");
}

/* Plate Recognizer Stream */

static const char platerecognizer_webhook[] =
  "{\"hook\": {\"target\": \"https://sightline.example/api/v1/ingest/platerecognizer\","
  "            \"id\": \"camera-1\", \"event\": \"recognition\", \"filename\": \"camera-1_screenshots/x.jpg\"},"
  " \"data\": {\"camera_id\": \"camera-1\", \"filename\": \"camera-1_screenshots/x.jpg\","
  "  \"timestamp\": \"2026-11-22T07:29:58.250000Z\","
  "  \"timestamp_local\": \"2026-11-21 23:29:58.250000-08:00\","
  "  \"results\": [{"
  "   \"box\": {\"xmin\": 847, \"ymin\": 80, \"xmax\": 944, \"ymax\": 105},"
  "   \"plate\": \"7kpc451\", \"score\": 0.903, \"dscore\": 0.698,"
  "   \"region\": {\"code\": \"us-ca\", \"score\": 0.87},"
  "   \"candidates\": [{\"plate\": \"7kpc451\", \"score\": 0.903}, {\"plate\": \"7kpc45l\", \"score\": 0.85},"
  "                    {\"plate\": \"7kpc46l\"}],"
  "   \"model_make\": [{\"make\": \"Ford\", \"model\": \"Focus\", \"score\": 0.009},"
  "                    {\"make\": \"Volkswagen\", \"model\": \"Golf\", \"score\": 0.61}],"
  "   \"color\": [{\"color\": \"white\", \"score\": 0.672}, {\"color\": \"silver\", \"score\": 0.201}],"
  "   \"orientation\": [{\"orientation\": \"Front\", \"score\": 0.623}],"
  "   \"vehicle\": {\"score\": 0.33, \"type\": \"Big Truck\", \"box\": {\"xmin\": 1, \"ymin\": 2, \"xmax\": 3, \"ymax\": 4}},"
  "   \"direction\": 225, \"position_sec\": 4.0, \"source_url\": \"rtsp://camera-1/stream\""
  "  }, {"
  "   \"plate\": \"4abc999\", \"score\": 1.5, \"region\": {\"code\": \"us-ca\", \"score\": 0.9}"
  "  }]}}";

static void
test_platerecognizer_webhook (void)
{
  g_autoptr(GBytes) upload = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = sl_ingest_parse_platerecognizer (platerecognizer_webhook,
                                                                    strlen (platerecognizer_webhook),
                                                                    upload, NOW_US, &error);
  SlRead *read;

  g_assert_no_error (error);
  read = read_at (batch, 0);
  g_assert_cmpstr (read->plate, ==, "7KPC451");
  g_assert_cmpstr (read->plate_raw, ==, "7kpc451");
  g_assert_cmpstr (read->region, ==, "CA");
  /* Scores of 0–1 become confidences of 0–100. */
  g_assert_cmpfloat_with_epsilon (read->confidence, 90.3, 1e-9);
  g_assert_cmpint (read->captured_us, ==, NOW_US - 1750000);
  g_assert_cmpint (read->received_us, ==, NOW_US);
  g_assert_cmpint (read->camera_id, ==, 0);
  g_assert_cmpuint (read->candidates->len, ==, 2);
  assert_candidate (read, 0, "7KPC45L", 85);
  assert_candidate (read, 1, "7KPC46L", 0);
  g_assert_cmpstr (read->make, ==, "Volkswagen");
  g_assert_cmpstr (read->model, ==, "Golf");
  g_assert_cmpstr (read->color, ==, "white");
  g_assert_cmpstr (read->vehicle_type, ==, "Big Truck");
  g_assert_cmpfloat (read->heading, ==, 225);
  g_assert_true (isnan (read->lat));
  g_assert_null (read->plate_image);
  /* The multipart upload is the overview image. */
  g_assert_true (read->overview_image == upload || g_bytes_equal (read->overview_image, upload));

  g_assert_cmpuint (batch->reads->len, ==, 1);
  assert_rejected (batch, 1, "invalid_field", "“score” must be between 0 and 1");
}

static void
test_platerecognizer_variants (void)
{
  /* Stream's local timestamp when "timestamp" is absent, and Snapshot's bare shape. */
  const char *local =
    "{\"hook\": {\"event\": \"recognition\"}, \"data\": {\"timestamp_local\": \"2026-11-21 23:29:58-08:00\","
    " \"results\": [{\"plate\": \"7KPC451\", \"score\": 0.5, \"region\": {\"code\": \"ca-on\"}, \"direction\": null}]}}";
  const char *bare =
    "{\"timestamp\": \"2026-11-22T07:29:58Z\", \"camera_id\": null, \"results\": [{\"plate\": \"7KPC451\", \"score\": 1}]}";
  const char *no_time =
    "{\"data\": {\"results\": [{\"plate\": \"7KPC451\", \"score\": 1}]}}";
  g_autoptr(SlIngestBatch) batch1 = parse_ok (parse_platerecognizer, local);
  g_autoptr(SlIngestBatch) batch2 = parse_ok (parse_platerecognizer, bare);
  g_autoptr(SlIngestBatch) batch3 = parse_ok (parse_platerecognizer, no_time);

  g_assert_cmpint (read_at (batch1, 0)->captured_us, ==, NOW_US - 2000000);
  g_assert_cmpstr (read_at (batch1, 0)->region, ==, "ON");
  g_assert_true (isnan (read_at (batch1, 0)->heading));
  g_assert_null (read_at (batch1, 0)->overview_image);
  g_assert_cmpfloat (read_at (batch2, 0)->confidence, ==, 100);
  assert_rejected (batch3, 0, "invalid_field", "“timestamp” (the capture time) is required");
}

static void
test_platerecognizer_upload_too_large (void)
{
  g_autoptr(GBytes) upload = g_bytes_new_take (g_malloc0 (SL_INGEST_MAX_IMAGE_BYTES + 1),
                                               SL_INGEST_MAX_IMAGE_BYTES + 1);
  const char *body = "{\"data\": {\"timestamp\": \"2026-11-22T07:29:58Z\", \"results\": [{\"plate\": \"7KPC451\"}]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = sl_ingest_parse_platerecognizer (body, strlen (body), upload, NOW_US, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (batch->reads->len, ==, 0);
  assert_rejected (batch, 0, "image_too_large", "“upload”");
}

static void
test_read_copy (void)
{
  g_autoptr(SlIngestBatch) batch = parse_ok (sl_ingest_parse_openalpr, openalpr_group);
  g_autoptr(SlRead) copy = sl_read_copy (read_at (batch, 0));

  g_ptr_array_set_size (batch->reads, 0);
  g_assert_cmpstr (copy->plate, ==, "6TRJ244");
  g_assert_cmpstr (copy->model, ==, "civic");
  g_assert_cmpuint (copy->candidates->len, ==, 2);
  assert_candidate (copy, 1, "GTRJ244", 75);
  assert_bytes (copy->plate_image, jpeg, sizeof jpeg);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingest/native/all-fields", test_native_all_fields);
  g_test_add_func ("/ingest/native/optional-absent", test_native_optional_absent);
  g_test_add_func ("/ingest/native/bad-among-good", test_native_bad_among_good);
  g_test_add_func ("/ingest/native/future", test_native_future);
  g_test_add_func ("/ingest/native/time-required", test_native_time_required);
  g_test_add_func ("/ingest/native/bad-base64", test_native_bad_base64);
  g_test_add_func ("/ingest/native/image-too-large", test_native_image_too_large);
  g_test_add_func ("/ingest/native/ranges", test_native_ranges);
  g_test_add_func ("/ingest/native/wrong-types", test_native_wrong_types);
  g_test_add_func ("/ingest/native/bad-escape", test_native_bad_escape);
  g_test_add_func ("/ingest/native/duplicates", test_native_duplicates);
  g_test_add_func ("/ingest/native/escapes", test_native_escapes);
  g_test_add_func ("/ingest/native/lone-surrogate", test_native_lone_surrogate);
  g_test_add_func ("/ingest/native/strict-json", test_native_strict_json);
  g_test_add_func ("/ingest/native/large-image", test_native_large_image);
  g_test_add_func ("/ingest/native/plates", test_native_plates);
  g_test_add_func ("/ingest/candidates", test_candidates);
  g_test_add_func ("/ingest/region", test_region);
  g_test_add_func ("/ingest/malformed", test_malformed_bodies);
  g_test_add_func ("/ingest/too-many-reads", test_too_many_reads);
  g_test_add_func ("/ingest/deep-nesting", test_deep_nesting);
  g_test_add_func ("/ingest/openalpr/results", test_openalpr_results);
  g_test_add_func ("/ingest/openalpr/group", test_openalpr_group);
  g_test_add_func ("/ingest/openalpr/array", test_openalpr_array);
  g_test_add_func ("/ingest/openalpr/no-gps", test_openalpr_no_gps);
  g_test_add_func ("/ingest/openalpr/future", test_openalpr_future);
  g_test_add_func ("/ingest/platerecognizer/webhook", test_platerecognizer_webhook);
  g_test_add_func ("/ingest/platerecognizer/variants", test_platerecognizer_variants);
  g_test_add_func ("/ingest/platerecognizer/upload-too-large", test_platerecognizer_upload_too_large);
  g_test_add_func ("/ingest/read/copy", test_read_copy);

  return g_test_run ();
}
