#define G_LOG_DOMAIN "test-camera"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <libsoup/soup.h>

#include "sl-camera-poster.h"
#include "sl-clock.h"
#include "sl-error.h"
#include "sl-ingest.h"
#include "sl-json.h"
#include "sl-plate.h"
#include "sl-plate-render.h"
#include "sl-rtsp.h"
#include "sl-scene.h"

/* 2026-03-01T12:00:00.250Z: readers stamp milliseconds. */
#define CAPTURED_US (G_GINT64_CONSTANT (1772366400250) * 1000)

/* Helpers ----------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->size - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  PngReader reader = { 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (png, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

typedef struct
{
  guint white, blue, red, other;
} PixelCount;

static void
count_pixels (cairo_surface_t *surface,
              PixelCount      *count)
{
  const guint8 *data;
  int stride, width, height;

  memset (count, 0, sizeof *count);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (r > 220 && g > 220 && b > 220)
          count->white++;
        else if (b > 80 && b > r + 40 && b > g + 30)
          count->blue++;
        else if (r > 140 && r > g + 80 && r > b + 80)
          count->red++;
        else
          count->other++;
      }
}

static SlRead *
new_read (SlScene    *scene,
          const char *plate,
          gint64      captured_us)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 180);
  cairo_t *cr = cairo_create (frame);
  SlRead *read = sl_read_new ();

  read->plate = g_strdup (plate);
  read->plate_raw = g_strdup (plate);
  g_free (read->region);
  read->region = g_strdup ("CA");
  read->confidence = 91.5;
  read->captured_us = captured_us;
  read->lat = 37.8044;
  read->lon = -122.2712;
  read->heading = 180;
  sl_read_add_candidate (read, "7A8C123", 72.25);
  read->make = g_strdup ("Honda");
  read->model = g_strdup ("Civic");
  read->color = g_strdup ("silver");
  read->vehicle_type = g_strdup ("sedan");
  read->plate_image = sl_plate_render_png (plate, "CA", 120, &error);
  g_assert_no_error (error);

  sl_scene_draw (scene, cr, 320, 180, sl_scene_get_time_us (scene));
  sl_scene_draw_overlay (scene, cr, 320, 180, "Broadway & 14th St", captured_us);
  cairo_destroy (cr);
  read->overview_image = sl_plate_render_encode_png (frame, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (frame);
  return read;
}

static void
assert_same_bytes (GBytes *a,
                   GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_bytes_equal (a, b));
}

/* Collects the plates of the first @n cars a scene reads. */
static GPtrArray *
first_reads (SlScene *scene,
             guint    n)
{
  GPtrArray *cars = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_scene_car_free);
  gint64 time_us = 0;

  while (cars->len < n)
    {
      g_autoptr(GPtrArray) crossed = NULL;

      time_us += 250 * 1000;
      crossed = sl_scene_advance (scene, time_us);
      for (guint i = 0; i < crossed->len && cars->len < n; i++)
        g_ptr_array_add (cars, sl_scene_car_copy (g_ptr_array_index (crossed, i)));
    }

  return cars;
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sightline-camera-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* The plate renderer -------------------------------------------------------- */

static void
test_plate_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sl_plate_render_png ("7ABC123", "CA", 240, &error);
  cairo_surface_t *surface;
  PixelCount count;
  const guint8 *data;
  gsize size;

  g_assert_no_error (error);
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  surface = decode_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 240);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 120);

  /* A white plate with dark-blue characters and the state in red script. */
  count_pixels (surface, &count);
  g_assert_cmpuint (count.white, >, 240 * 120 / 3);
  g_assert_cmpuint (count.blue, >, 240 * 120 / 30);
  g_assert_cmpuint (count.red, >, 100);
  cairo_surface_destroy (surface);
}

static void
test_plate_text_differs (void)
{
  g_autoptr(GBytes) a = sl_plate_render_png ("7ABC123", "CA", 160, NULL);
  g_autoptr(GBytes) b = sl_plate_render_png ("8XYZ999", "CA", 160, NULL);
  g_autoptr(GBytes) c = sl_plate_render_png ("7ABC123", "CA", 160, NULL);

  /* The characters are drawn, not a stock picture: another plate, another image. */
  g_assert_false (g_bytes_equal (a, b));
  g_assert_true (g_bytes_equal (a, c));
}

/* The scene ------------------------------------------------------------------ */

static void
test_scene_deterministic (void)
{
  g_autoptr(SlScene) a = sl_scene_new (42, 2.0);
  g_autoptr(SlScene) b = sl_scene_new (42, 2.0);
  g_autoptr(SlScene) c = sl_scene_new (43, 2.0);
  g_autoptr(GPtrArray) reads_a = first_reads (a, 50);
  g_autoptr(GPtrArray) reads_b = NULL;
  g_autoptr(GPtrArray) reads_c = first_reads (c, 50);
  gint64 time_us = 0;
  guint same_as_c = 0;

  /* Another stepping of the clock must not change the cars either. */
  reads_b = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_scene_car_free);
  while (reads_b->len < 50)
    {
      g_autoptr(GPtrArray) crossed = NULL;

      time_us += 37 * 1000;
      crossed = sl_scene_advance (b, time_us);
      for (guint i = 0; i < crossed->len && reads_b->len < 50; i++)
        g_ptr_array_add (reads_b, sl_scene_car_copy (g_ptr_array_index (crossed, i)));
    }

  for (guint i = 0; i < 50; i++)
    {
      const SlSceneCar *car_a = g_ptr_array_index (reads_a, i);
      const SlSceneCar *car_b = g_ptr_array_index (reads_b, i);
      const SlSceneCar *car_c = g_ptr_array_index (reads_c, i);

      g_assert_cmpstr (car_a->plate, ==, car_b->plate);
      g_assert_cmpstr (car_a->make, ==, car_b->make);
      g_assert_cmpstr (car_a->model, ==, car_b->model);
      g_assert_cmpstr (car_a->color, ==, car_b->color);
      g_assert_cmpint (car_a->enter_us, ==, car_b->enter_us);
      g_assert_cmpint (car_a->cross_us, ==, car_b->cross_us);
      g_assert_cmpfloat (car_a->confidence, ==, car_b->confidence);
      g_assert_cmpuint (car_a->n_candidates, ==, car_b->n_candidates);
      if (strcmp (car_a->plate, car_c->plate) == 0)
        same_as_c++;
    }

  g_assert_cmpuint (same_as_c, <, 3);
}

static gboolean
is_california_plate (const char *plate)
{
  return strlen (plate) == 7 && plate[0] >= '1' && plate[0] <= '9' &&
         g_ascii_isupper (plate[1]) && g_ascii_isupper (plate[2]) && g_ascii_isupper (plate[3]) &&
         g_ascii_isdigit (plate[4]) && g_ascii_isdigit (plate[5]) && g_ascii_isdigit (plate[6]);
}

static void
test_scene_reads (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (7, 4.0);
  g_autoptr(GPtrArray) cars = first_reads (scene, 400);
  const SlSceneCar *first = g_ptr_array_index (cars, 0);
  const SlSceneCar *last = g_ptr_array_index (cars, cars->len - 1);
  double seconds = (last->cross_us - first->cross_us) / (double) G_USEC_PER_SEC;
  double rate = (cars->len - 1) / seconds;
  guint with_candidates = 0;
  gint64 previous_us = 0;

  /* R reads per second on average. */
  g_assert_cmpfloat (rate, >, 4.0 * 0.85);
  g_assert_cmpfloat (rate, <, 4.0 * 1.15);

  for (guint i = 0; i < cars->len; i++)
    {
      const SlSceneCar *car = g_ptr_array_index (cars, i);
      g_autofree char *normalized = sl_plate_normalize (car->plate, NULL);

      g_assert_true (is_california_plate (car->plate));
      g_assert_cmpstr (normalized, ==, car->plate);
      g_assert_cmpstr (car->region, ==, "CA");
      g_assert_false (car->listed);
      g_assert_cmpfloat (car->confidence, >=, 80);
      g_assert_cmpfloat (car->confidence, <=, 99);
      g_assert_nonnull (car->make);
      g_assert_nonnull (car->model);
      g_assert_nonnull (car->color);
      g_assert_nonnull (car->type);
      g_assert_cmpint (car->cross_us, >, car->enter_us);
      g_assert_cmpint (car->cross_us, >=, previous_us);
      previous_us = car->cross_us;

      /* An OCR alternative differs from the plate in one look-alike character. */
      for (guint j = 0; j < car->n_candidates; j++)
        {
          const char *candidate = car->candidates[j];
          guint differing = 0;

          g_assert_cmpuint (strlen (candidate), ==, strlen (car->plate));
          for (guint k = 0; candidate[k] != '\0'; k++)
            differing += candidate[k] != car->plate[k];
          g_assert_cmpuint (differing, ==, 1);
          g_assert_cmpfloat (car->candidate_confidence[j], <, car->confidence);
        }
      with_candidates += car->n_candidates > 0;
    }

  /* Sometimes, not always. */
  g_assert_cmpuint (with_candidates, >, cars->len / 10);
  g_assert_cmpuint (with_candidates, <, cars->len * 8 / 10);
}

static GPtrArray *
strings (const char *first,
         ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (s));
  va_end (args);
  return array;
}

static guint
count_listed (SlScene    *scene,
              GHashTable *listed,
              guint       n)
{
  g_autoptr(GPtrArray) cars = first_reads (scene, n);
  guint hits = 0;

  for (guint i = 0; i < cars->len; i++)
    {
      const SlSceneCar *car = g_ptr_array_index (cars, i);

      g_assert_cmpint (car->listed, ==, g_hash_table_contains (listed, car->plate));
      hits += car->listed;
    }

  return hits;
}

static void
test_scene_hit_rate (void)
{
  g_autoptr(GPtrArray) plates = strings ("7ABC123", "5XYZ987", "ABC1234", "6TRJ244", NULL);
  g_autoptr(GPtrArray) regions = strings ("CA", "CA", "NV", "", NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SlScene) all = sl_scene_new (1, 5.0);
  g_autoptr(SlScene) none = sl_scene_new (1, 5.0);
  g_autoptr(SlScene) some = sl_scene_new (1, 5.0);
  g_autoptr(SlScene) twin = sl_scene_new (1, 5.0);
  g_autoptr(GPtrArray) cars = NULL;
  guint hits;

  for (guint i = 0; i < plates->len; i++)
    g_hash_table_add (listed, g_ptr_array_index (plates, i));

  sl_scene_set_hit_list (all, plates, regions, 1.0);
  sl_scene_set_hit_list (none, plates, regions, 0.0);
  sl_scene_set_hit_list (some, plates, regions, 0.3);
  g_assert_cmpuint (sl_scene_get_n_listed (all), ==, 4);

  g_assert_cmpuint (count_listed (all, listed, 200), ==, 200);
  g_assert_cmpuint (count_listed (none, listed, 200), ==, 0);
  hits = count_listed (some, listed, 300);
  g_assert_cmpuint (hits, >, 300 * 0.2);
  g_assert_cmpuint (hits, <, 300 * 0.4);

  /* A listed plate keeps its state; "" in the list is read as California. */
  sl_scene_set_hit_list (twin, plates, regions, 1.0);
  cars = first_reads (twin, 100);
  for (guint i = 0; i < cars->len; i++)
    {
      const SlSceneCar *car = g_ptr_array_index (cars, i);

      g_assert_cmpstr (car->region, ==, strcmp (car->plate, "ABC1234") == 0 ? "NV" : "CA");
    }
}

static void
test_scene_hit_list_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlScene) scene = sl_scene_new (3, 1.0);
  g_autoptr(SlScene) patterns = sl_scene_new (3, 1.0);
  g_autofree char *demo = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR"), "data", "demo",
                                            "hotlist.csv", NULL);
  g_autofree char *only_patterns = write_temp ("patterns.csv", "LIC;LIS\n7AB*;CA\n*K12*;CA\n");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) case_number = g_regex_new ("^[0-9]{2}-[0-9]{6}$", 0, 0, NULL);
  guint n_rows = 0;

  /* The demo list: about 40 California plates with case numbers in the
   * demo profile's format, every one a plate a car can carry. */
  g_assert_true (sl_scene_load_hit_list (scene, demo, 0.5, &error));
  g_assert_no_error (error);
  g_file_get_contents (demo, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "plate,state,category,case_number"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      g_assert_true (is_california_plate (fields[0]));
      g_assert_true (sl_scene_is_listed (scene, fields[0]));
      g_assert_cmpstr (fields[1], ==, "CA");
      g_assert_true (g_regex_match (case_number, fields[3], 0, NULL));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >=, 35);
  g_assert_cmpuint (sl_scene_get_n_listed (scene), ==, n_rows);

  /* Patterns cannot be driven past a camera: a list of only those is refused. */
  g_assert_false (sl_scene_load_hit_list (patterns, only_patterns, 0.5, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no plate"));
  g_clear_error (&error);

  g_assert_false (sl_scene_load_hit_list (patterns, "/nonexistent/hotlist.csv", 0.5, &error));
  g_assert_nonnull (error);
  remove_temp (only_patterns);
}

static void
test_scene_draw (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (11, 3.0);
  g_autoptr(GPtrArray) crossed = NULL;
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360);
  cairo_surface_t *later = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360);
  cairo_t *cr;
  gint64 time_us = 0;
  const SlSceneCar *car = NULL;
  PixelCount count;

  while (car == NULL)
    {
      time_us += 100 * 1000;
      g_clear_pointer (&crossed, g_ptr_array_unref);
      crossed = sl_scene_advance (scene, time_us);
      if (crossed->len > 0)
        car = g_ptr_array_index (crossed, 0);
    }
  g_assert_nonnull (sl_scene_get_last_crossed (scene));
  g_assert_cmpstr (sl_scene_get_last_crossed (scene)->plate, ==,
                   ((SlSceneCar *) g_ptr_array_index (crossed, crossed->len - 1))->plate);

  cr = cairo_create (frame);
  sl_scene_draw (scene, cr, 640, 360, car->cross_us);
  sl_scene_draw_overlay (scene, cr, 640, 360, "Broadway & 14th St", CAPTURED_US);
  cairo_destroy (cr);

  /* The car at the plate line shows its white plate in front of the road. */
  count_pixels (frame, &count);
  g_assert_cmpuint (count.white, >, 100);
  g_assert_cmpuint (count.other, >, 640 * 360 / 2);

  /* The traffic moves. */
  g_clear_pointer (&crossed, g_ptr_array_unref);
  crossed = sl_scene_advance (scene, time_us + 500 * 1000);
  cr = cairo_create (later);
  sl_scene_draw (scene, cr, 640, 360, time_us + 500 * 1000);
  cairo_destroy (cr);
  cairo_surface_flush (frame);
  cairo_surface_flush (later);
  g_assert_true (memcmp (cairo_image_surface_get_data (frame), cairo_image_surface_get_data (later),
                         (gsize) cairo_image_surface_get_stride (frame) * 360) != 0);

  cairo_surface_destroy (frame);
  cairo_surface_destroy (later);
}

/* The vendor formats, parsed back by the service's own parsers ------------- */

static void
test_payload_native (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (5, 1.0);
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  const SlRead *sent, *parsed;
  gsize length;
  const char *data;

  g_ptr_array_add (reads, new_read (scene, "7ABC123", CAPTURED_US));
  g_ptr_array_add (reads, new_read (scene, "5XYZ987", CAPTURED_US + 1500));
  body = sl_camera_payload_build (SL_CAMERA_FORMAT_NATIVE, "Broadway & 14th St", reads, &content_type);
  g_assert_cmpstr (content_type, ==, "application/json");

  data = g_bytes_get_data (body, &length);
  batch = sl_ingest_parse_native (data, length, CAPTURED_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->rejected->len, ==, 0);
  g_assert_cmpuint (batch->reads->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      sent = g_ptr_array_index (reads, i);
      parsed = g_ptr_array_index (batch->reads, i);
      g_assert_cmpstr (parsed->plate, ==, sent->plate);
      g_assert_cmpstr (parsed->region, ==, "CA");
      g_assert_cmpint (parsed->captured_us, ==, sent->captured_us);
      g_assert_cmpfloat_with_epsilon (parsed->confidence, 91.5, 0.001);
      g_assert_cmpfloat_with_epsilon (parsed->lat, 37.8044, 1e-9);
      g_assert_cmpfloat_with_epsilon (parsed->lon, -122.2712, 1e-9);
      g_assert_cmpfloat_with_epsilon (parsed->heading, 180, 1e-9);
      g_assert_cmpuint (parsed->candidates->len, ==, 1);
      g_assert_cmpstr (g_array_index (parsed->candidates, SlCandidate, 0).plate, ==, "7A8C123");
      g_assert_cmpstr (parsed->make, ==, "Honda");
      g_assert_cmpstr (parsed->model, ==, "Civic");
      g_assert_cmpstr (parsed->color, ==, "silver");
      g_assert_cmpstr (parsed->vehicle_type, ==, "sedan");
      assert_same_bytes (parsed->plate_image, sent->plate_image);
      assert_same_bytes (parsed->overview_image, sent->overview_image);
    }
}

static void
test_payload_openalpr (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (5, 1.0);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  g_autoptr(GPtrArray) three = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  g_autoptr(GError) error = NULL;
  const char *plates[] = { "7ABC123", "6TRJ244", "8KLM001" };

  g_ptr_array_add (one, new_read (scene, "7ABC123", CAPTURED_US));
  for (guint i = 0; i < G_N_ELEMENTS (plates); i++)
    g_ptr_array_add (three, new_read (scene, plates[i], CAPTURED_US + i * 1000));

  /* One alpr_group a request, as the agent posts; a backlog as an array. */
  for (guint round = 0; round < 2; round++)
    {
      GPtrArray *reads = round == 0 ? one : three;
      g_autoptr(SlIngestBatch) batch = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autofree char *content_type = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data;

      body = sl_camera_payload_build (SL_CAMERA_FORMAT_OPENALPR, "Broadway & 14th St", reads, &content_type);
      data = g_bytes_get_data (body, &length);
      g_assert_true (json_parser_load_from_data (parser, data, length, NULL));
      g_assert_cmpint (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)), ==, round == 1);
      if (round == 0)
        {
          JsonObject *group = json_node_get_object (json_parser_get_root (parser));

          g_assert_cmpstr (json_object_get_string_member (group, "data_type"), ==, "alpr_group");
          g_assert_cmpstr (json_object_get_string_member (group, "best_plate_number"), ==, "7ABC123");
          g_assert_cmpint (json_object_get_int_member (group, "epoch_end"), ==, CAPTURED_US / 1000);
        }

      batch = sl_ingest_parse_openalpr (data, length, CAPTURED_US, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (batch->rejected->len, ==, 0);
      g_assert_cmpuint (batch->reads->len, ==, reads->len);

      for (guint i = 0; i < reads->len; i++)
        {
          const SlRead *sent = g_ptr_array_index (reads, i);
          const SlRead *parsed = g_ptr_array_index (batch->reads, i);

          g_assert_cmpstr (parsed->plate, ==, sent->plate);
          g_assert_cmpstr (parsed->region, ==, "CA");
          g_assert_cmpint (parsed->captured_us, ==, sent->captured_us);
          g_assert_cmpfloat_with_epsilon (parsed->confidence, 91.5, 0.001);
          g_assert_cmpfloat_with_epsilon (parsed->lat, 37.8044, 1e-9);
          g_assert_cmpfloat_with_epsilon (parsed->heading, 180, 1e-9);
          g_assert_cmpuint (parsed->candidates->len, ==, 1);
          g_assert_cmpstr (g_array_index (parsed->candidates, SlCandidate, 0).plate, ==, "7A8C123");
          g_assert_cmpstr (parsed->color, ==, "silver");
          g_assert_cmpstr (parsed->make, ==, "honda");
          g_assert_cmpstr (parsed->model, ==, "civic");
          assert_same_bytes (parsed->plate_image, sent->plate_image);
          assert_same_bytes (parsed->overview_image, sent->overview_image);
        }
    }
}

static void
test_payload_platerecognizer (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (5, 1.0);
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_read_free);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *filename = NULL;
  GBytes *json = NULL, *upload = NULL;
  const SlRead *sent, *parsed;

  g_ptr_array_add (reads, new_read (scene, "7ABC123", CAPTURED_US));
  sent = g_ptr_array_index (reads, 0);
  body = sl_camera_payload_build (SL_CAMERA_FORMAT_PLATERECOGNIZER, "Broadway & 14th St", reads,
                                  &content_type);
  g_assert_true (g_str_has_prefix (content_type, "multipart/form-data"));

  /* Multipart: the webhook JSON in "json", the overview frame in "upload". */
  soup_message_headers_replace (headers, "Content-Type", content_type);
  multipart = soup_multipart_new_from_message (headers, body);
  g_assert_nonnull (multipart);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;

      g_assert_true (soup_multipart_get_part (multipart, i, &part_headers, &part_body));
      g_assert_true (soup_message_headers_get_content_disposition (part_headers, NULL, &params));
      if (g_strcmp0 (g_hash_table_lookup (params, "name"), "json") == 0)
        json = part_body;
      else if (g_strcmp0 (g_hash_table_lookup (params, "name"), "upload") == 0)
        {
          upload = part_body;
          filename = g_strdup (g_hash_table_lookup (params, "filename"));
        }
    }
  g_assert_nonnull (json);
  g_assert_nonnull (upload);
  g_assert_cmpstr (filename, ==, "frame.png");

  batch = sl_ingest_parse_platerecognizer (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                           upload, CAPTURED_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->rejected->len, ==, 0);
  g_assert_cmpuint (batch->reads->len, ==, 1);
  parsed = g_ptr_array_index (batch->reads, 0);
  g_assert_cmpstr (parsed->plate, ==, "7ABC123");
  g_assert_cmpstr (parsed->region, ==, "CA");
  g_assert_cmpint (parsed->captured_us, ==, CAPTURED_US);
  g_assert_cmpfloat_with_epsilon (parsed->confidence, 91.5, 0.001);
  g_assert_cmpfloat_with_epsilon (parsed->heading, 180, 1e-9);
  g_assert_cmpuint (parsed->candidates->len, ==, 1);
  g_assert_cmpstr (parsed->make, ==, "Honda");
  g_assert_cmpstr (parsed->model, ==, "Civic");
  g_assert_cmpstr (parsed->vehicle_type, ==, "Sedan");
  assert_same_bytes (parsed->overview_image, sent->overview_image);
}

/* Posting ------------------------------------------------------------------ */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       failures_left;   /* answer 503 this many times first */
  guint       n_requests;
  guint       n_reads;
  GPtrArray  *plates;          /* in order of arrival */
  GPtrArray  *paths;
  char       *authorization;
} FakeService;

static void
fake_handler_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeService *fake = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autofree char *answer = NULL;

  fake->n_requests++;
  g_ptr_array_add (fake->paths, g_strdup (path));
  g_free (fake->authorization);
  fake->authorization = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                "Authorization"));

  if (strcmp (path, "/api/v1/ingest/heartbeat") == 0)
    {
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }

  if (fake->failures_left > 0)
    {
      const char *busy = "{\"error\": {\"code\": \"unavailable\", \"message\": \"The database is busy\"}}";

      fake->failures_left--;
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, busy, strlen (busy));
      return;
    }

  batch = sl_ingest_parse_native (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  g_get_real_time (), NULL);
  g_assert_nonnull (batch);
  for (guint i = 0; i < batch->reads->len; i++)
    g_ptr_array_add (fake->plates, g_strdup (((SlRead *) g_ptr_array_index (batch->reads, i))->plate));
  fake->n_reads += batch->reads->len;

  answer = g_strdup_printf ("{\"accepted\": %u, \"rejected\": []}", batch->reads->len);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
fake_service_start (FakeService *fake,
                    guint        failures)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (fake, 0, sizeof *fake);
  fake->failures_left = failures;
  fake->plates = g_ptr_array_new_with_free_func (g_free);
  fake->paths = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/api/v1", fake_handler_cb, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_service_stop (FakeService *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->plates, g_ptr_array_unref);
  g_clear_pointer (&fake->paths, g_ptr_array_unref);
  g_free (fake->url);
  g_free (fake->authorization);
}

static gboolean
contains_string (GPtrArray  *array,
                 const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), s) == 0)
      return TRUE;
  return FALSE;
}

static void
test_poster_retries (void)
{
  g_autoptr(SlScene) scene = sl_scene_new (5, 1.0);
  g_autoptr(SlCameraPoster) poster = NULL;
  g_autoptr(GError) error = NULL;
  const char *plates[] = { "7ABC123", "6TRJ244", "8KLM001", "4DEF567" };
  FakeService fake;
  gint64 deadline;

  fake_service_start (&fake, 2);
  poster = sl_camera_poster_new (fake.url, "c0ffee", SL_CAMERA_FORMAT_NATIVE, "Test camera", &error);
  g_assert_no_error (error);
  sl_camera_poster_start (poster);
  for (guint i = 0; i < G_N_ELEMENTS (plates); i++)
    sl_camera_poster_add_read (poster, new_read (scene, plates[i], CAPTURED_US + i * 1000));

  /* Twice "busy": kept, sent again after 1 s and 2 s, in order, each once. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((fake.n_reads < G_N_ELEMENTS (plates) || sl_camera_poster_get_n_queued (poster) > 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (fake.n_reads, ==, G_N_ELEMENTS (plates));
  for (guint i = 0; i < G_N_ELEMENTS (plates); i++)
    g_assert_cmpstr (g_ptr_array_index (fake.plates, i), ==, plates[i]);
  g_assert_cmpuint (sl_camera_poster_get_n_queued (poster), ==, 0);
  g_assert_cmpuint (sl_camera_poster_get_n_accepted (poster), ==, G_N_ELEMENTS (plates));
  g_assert_cmpuint (sl_camera_poster_get_n_dropped (poster), ==, 0);
  g_assert_cmpstr (fake.authorization, ==, "Bearer c0ffee");
  g_assert_true (contains_string (fake.paths, "/api/v1/ingest/heartbeat"));
  g_assert_true (contains_string (fake.paths, "/api/v1/ingest/native"));

  sl_camera_poster_stop (poster);
  fake_service_stop (&fake);
}

static void
test_poster_bounded_queue (void)
{
  g_autoptr(SlCameraPoster) poster = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bind_address = g_inet_socket_address_new (loopback, 0);
  g_autofree char *url = NULL;

  /* A port nobody answers on: bound, never listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, bind_address, FALSE, &error);
  g_assert_no_error (error);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));

  poster = sl_camera_poster_new (url, "c0ffee", SL_CAMERA_FORMAT_OPENALPR, "Test camera", &error);
  g_assert_no_error (error);
  sl_camera_poster_start (poster);

  for (guint i = 0; i < SL_CAMERA_POSTER_MAX_QUEUED + 50; i++)
    {
      SlRead *read = sl_read_new ();

      read->plate = g_strdup_printf ("7ABC%03u", i % 1000);
      read->captured_us = CAPTURED_US + i * 1000;
      sl_camera_poster_add_read (poster, read);
      g_main_context_iteration (NULL, FALSE);
    }

  g_assert_cmpuint (sl_camera_poster_get_n_queued (poster), ==, SL_CAMERA_POSTER_MAX_QUEUED);
  g_assert_cmpuint (sl_camera_poster_get_n_dropped (poster), ==, 50);
  g_assert_cmpuint (sl_camera_poster_get_n_accepted (poster), ==, 0);
  sl_camera_poster_stop (poster);
}

static void
test_poster_bad_arguments (void)
{
  g_autoptr(GError) error = NULL;
  SlCameraFormat format = SL_CAMERA_FORMAT_NATIVE;

  g_assert_null (sl_camera_poster_new ("ftp://example.org", "t", SL_CAMERA_FORMAT_NATIVE, "c", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sl_camera_poster_new ("http://127.0.0.1:8787", "", SL_CAMERA_FORMAT_NATIVE, "c", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sl_camera_format_parse ("openalpr", &format, &error));
  g_assert_cmpint (format, ==, SL_CAMERA_FORMAT_OPENALPR);
  g_assert_false (sl_camera_format_parse ("genetec", &format, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "platerecognizer"));
}

/* RTSP ---------------------------------------------------------------------- */

typedef struct
{
  SlRtsp          *rtsp;
  SlScene         *scene;
  cairo_surface_t *frame;
  guint            n_pushed;
} Feeder;

static gboolean
feed_cb (gpointer user_data)
{
  Feeder *feeder = user_data;
  gint64 time_us = sl_scene_get_time_us (feeder->scene) + 100 * 1000;
  cairo_t *cr;

  g_ptr_array_unref (sl_scene_advance (feeder->scene, time_us));

  if (!sl_rtsp_is_streaming (feeder->rtsp))
    return G_SOURCE_CONTINUE;

  cr = cairo_create (feeder->frame);
  sl_scene_draw (feeder->scene, cr, 640, 360, time_us);
  sl_scene_draw_overlay (feeder->scene, cr, 640, 360, "RTSP test", g_get_real_time ());
  cairo_destroy (cr);
  sl_rtsp_push_frame (feeder->rtsp, feeder->frame);
  feeder->n_pushed++;
  return G_SOURCE_CONTINUE;
}

static void
assert_no_bus_error (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (message != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_error ("the RTSP client failed: %s (%s)", error->message, debug);
    }
}

static void
test_rtsp_serves (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlRtsp) rtsp = sl_rtsp_new ("127.0.0.1", 0, 640, 360, 10);
  g_autoptr(SlScene) scene = sl_scene_new (9, 2.0);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *url = NULL;
  g_autofree char *description = NULL;
  Feeder feeder = { rtsp, scene, cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360), 0 };
  guint feed_id;
  guint n_frames = 0;
  gint64 deadline;

  g_assert_true (sl_rtsp_start (rtsp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_rtsp_get_port (rtsp), >, 0);
  url = sl_rtsp_dup_url (rtsp);
  g_assert_true (g_str_has_prefix (url, "rtsp://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/live"));
  g_assert_false (sl_rtsp_is_streaming (rtsp));

  feed_id = g_timeout_add (100, feed_cb, &feeder);

  description = g_strdup_printf ("rtspsrc location=%s protocols=tcp latency=0 ! rtpjpegdepay ! jpegdec "
                                 "! appsink name=sink sync=false max-buffers=4 drop=true", url);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  /* A few frames of the street, decoded at the camera's size. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (n_frames < 3 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GstSample) sample = NULL;

      g_main_context_iteration (NULL, FALSE);
      assert_no_bus_error (pipeline);
      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 20 * GST_MSECOND);
      if (sample != NULL)
        {
          GstStructure *structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
          int width = 0, height = 0;

          g_assert_true (gst_structure_get_int (structure, "width", &width));
          g_assert_true (gst_structure_get_int (structure, "height", &height));
          g_assert_cmpint (width, ==, 640);
          g_assert_cmpint (height, ==, 360);
          g_assert_cmpuint (gst_buffer_get_size (gst_sample_get_buffer (sample)), >=, 640 * 360);
          n_frames++;
        }
    }

  g_assert_cmpuint (n_frames, ==, 3);
  g_assert_true (sl_rtsp_is_streaming (rtsp));

  /* Nobody watching: the camera stops drawing frames. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (sl_rtsp_is_streaming (rtsp) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sl_rtsp_is_streaming (rtsp));

  g_source_remove (feed_id);
  sl_rtsp_stop (rtsp);
  cairo_surface_destroy (feeder.frame);
}

/* End to end: sightlined and sightline-camera ------------------------------ */

static char *
program_path (const char *name)
{
  const char *sightlined = g_getenv ("SIGHTLINED");
  g_autofree char *dir = NULL;

  if (sightlined == NULL)
    return NULL;
  dir = g_path_get_dirname (sightlined);
  return g_build_filename (dir, name, NULL);
}

/* A failed assertion aborts the test: the children must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char *asan = g_getenv ("ASAN_OPTIONS");

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  /* See tests/service/sl-test-harness.c: LeakSanitizer and GnuTLS's TLS. */
  if (asan != NULL && strstr (asan, "intercept_tls_get_addr") == NULL)
    {
      g_autofree char *options = g_strconcat (asan, ":intercept_tls_get_addr=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }

  return launcher;
}

static char *
run (const char  *input,
     const char  *program,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, g_strdup (program));
  va_start (args, program);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s %s failed: %s", program, (char *) argv->pdata[1], err);
  return out;
}

static char *
read_line (GDataInputStream *lines)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static JsonObject *
get_json (SoupSession *session,
          const char  *url,
          const char  *method,
          const char  *token,
          const char  *body)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != 200)
    g_error ("%s %s: HTTP %u: %.*s", method, url, soup_message_get_status (message),
             (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  object = sl_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return object;
}

/* SIGTERM must end it cleanly: exit status 0. Returns its standard error
 * when it was piped. */
static char *
stop_process (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  GInputStream *stderr_pipe = g_subprocess_get_stderr_pipe (process);
  g_autoptr(GByteArray) err = g_byte_array_new ();

  g_subprocess_send_signal (process, SIGTERM);
  if (stderr_pipe != NULL)
    {
      guint8 buffer[4096];
      gssize n;

      while ((n = g_input_stream_read (stderr_pipe, buffer, sizeof buffer, NULL, &error)) > 0)
        g_byte_array_append (err, buffer, n);
      g_assert_no_error (error);
    }
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_byte_array_append (err, (const guint8 *) "", 1);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("the process did not end cleanly (%s %d): %s",
             g_subprocess_get_if_exited (process) ? "exit status" : "signal",
             g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                  : g_subprocess_get_term_sig (process),
             (const char *) err->data);

  return g_strdup ((const char *) err->data);
}

static void
test_end_to_end (void)
{
  g_autofree char *sightlined = program_path ("sightlined");
  g_autofree char *camera = program_path ("sightline-camera");
  g_autofree char *hotlist = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR"), "data", "demo",
                                               "hotlist.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *trained_on = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rtsp_line = NULL;
  g_autofree char *cameras_url = NULL;
  g_autofree char *alerts_url = NULL;
  g_autofree char *session_url = NULL;
  g_autofree char *camera_err = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) trained = g_date_time_add_days (now, -10);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) login = NULL;
  g_autoptr(JsonObject) cameras = NULL;
  g_autoptr(JsonObject) alerts = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GSubprocess) camera_process = NULL;
  g_autoptr(GDataInputStream) serve_lines = NULL;
  g_autoptr(GDataInputStream) camera_lines = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(GRegex) plate_format = g_regex_new ("^[0-9A-Z]{1,10}$", 0, 0, NULL);
  JsonObject *status = NULL, *latest;
  JsonArray *list;
  const char *token;
  guint n_posted_lines = 0;
  gint64 camera_id, deadline;
  gboolean from_camera = FALSE;

  if (sightlined == NULL || !g_file_test (sightlined, G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test (camera, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("SIGHTLINED does not name a build with sightlined and sightline-camera");
      return;
    }

  dir = g_dir_make_tmp ("sightline-camera-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "sightline.db", NULL);
  trained_on = g_date_time_format (trained, "%Y-%m-%d");

  g_free (run ("", sightlined, "init", "--db", db, "--policy", "demo", NULL));
  g_free (run ("Copper kettle river\n", sightlined, "user", "add", "--db", db, "--username", "olga",
               "--full-name", "Olga Officer", "--role", "officer", "--trained-on", trained_on,
               "--password-stdin", NULL));
  g_free (run ("", sightlined, "hotlist", "import", "--db", db, "--list", "Demo Stolen Vehicles",
               "--file", hotlist, "--source", "SFR", "--priority", "10", NULL));
  out = run ("", sightlined, "camera", "add", "--db", db, "--name", "Broadway & 14th St",
             "--lat", "37.8044", "--lon", "-122.2712", "--stream", "rtsp://127.0.0.1:8554/live", NULL);
  added = sl_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  token = json_object_get_string_member (added, "token");
  camera_id = json_object_get_int_member (added, "id");
  g_assert_cmpuint (strlen (token), ==, 64);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  serve = g_subprocess_launcher_spawn (launcher, &error, sightlined, "serve", "--db", db,
                                       "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  serve_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve));
  line = read_line (serve_lines);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  server_url = g_strdup (line + strlen ("Listening on "));
  g_clear_object (&launcher);

  /* Many cars a second, half of them on the hot list. */
  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  camera_process = g_subprocess_launcher_spawn (launcher, &error, camera, "--server", server_url,
                                                "--token", token, "--rtsp-port", "0",
                                                "--name", "Broadway & 14th St", "--format", "openalpr",
                                                "--rate", "6", "--seed", "77", "--hit-list", hotlist,
                                                "--hit-rate", "0.5", "--lat", "37.8044",
                                                "--lon", "-122.2712", NULL);
  g_assert_no_error (error);
  camera_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camera_process));
  rtsp_line = read_line (camera_lines);
  g_assert_true (g_str_has_prefix (rtsp_line, "RTSP rtsp://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (rtsp_line, "/live"));

  session_url = g_strconcat (server_url, "/api/v1/session", NULL);
  login = get_json (session, session_url, "POST", NULL,
                    "{\"username\": \"olga\", \"password\": \"Copper kettle river\", "
                    "\"acknowledged_notice\": true}");
  cameras_url = g_strconcat (server_url, "/api/v1/cameras", NULL);
  alerts_url = g_strconcat (server_url, "/api/v1/alerts", NULL);

  /* The service shows the camera online with a read, and alerts from it. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&cameras, json_object_unref);
      g_clear_pointer (&alerts, json_object_unref);
      cameras = get_json (session, cameras_url, "GET", json_object_get_string_member (login, "token"), NULL);
      alerts = get_json (session, alerts_url, "GET", json_object_get_string_member (login, "token"), NULL);
      list = json_object_get_array_member (cameras, "cameras");
      status = NULL;
      for (guint i = 0; i < json_array_get_length (list); i++)
        if (json_object_get_int_member (json_array_get_object_element (list, i), "id") == camera_id)
          status = json_array_get_object_element (list, i);
      g_assert_nonnull (status);
      if (!json_object_get_null_member (status, "latest_read") &&
          json_array_get_length (json_object_get_array_member (alerts, "alerts")) > 0)
        break;
      g_usleep (250 * 1000);
    }

  g_assert_true (json_object_get_boolean_member (status, "online"));
  g_assert_false (json_object_get_null_member (status, "last_read_at"));
  g_assert_false (json_object_get_null_member (status, "latest_read"));
  latest = json_object_get_object_member (status, "latest_read");
  g_assert_true (g_regex_match (plate_format, json_object_get_string_member (latest, "plate"), 0, NULL));
  g_assert_cmpstr (json_object_get_string_member (latest, "region"), ==, "CA");

  list = json_object_get_array_member (alerts, "alerts");
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *read = json_object_get_object_member (json_array_get_object_element (list, i), "read");

      if (json_object_get_int_member (json_object_get_object_member (read, "camera"), "id") == camera_id)
        from_camera = TRUE;
    }
  g_assert_true (from_camera);

  /* SIGTERM ends it cleanly; stderr has a line per posted batch. */
  camera_err = stop_process (camera_process);
  {
    g_auto(GStrv) err_lines = g_strsplit (camera_err, "\n", -1);

    for (guint i = 0; err_lines[i] != NULL; i++)
      {
        if (strstr (err_lines[i], "posted ") != NULL && strstr (err_lines[i], " accepted") != NULL)
          n_posted_lines++;
        g_assert_null (strstr (err_lines[i], "rejected: "));
      }
  }
  g_assert_cmpuint (n_posted_lines, >, 0);

  g_free (stop_process (serve));

  g_unlink (db);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera/plate/png", test_plate_png);
  g_test_add_func ("/camera/plate/text-differs", test_plate_text_differs);
  g_test_add_func ("/camera/scene/deterministic", test_scene_deterministic);
  g_test_add_func ("/camera/scene/reads", test_scene_reads);
  g_test_add_func ("/camera/scene/hit-rate", test_scene_hit_rate);
  g_test_add_func ("/camera/scene/hit-list-csv", test_scene_hit_list_csv);
  g_test_add_func ("/camera/scene/draw", test_scene_draw);
  g_test_add_func ("/camera/payload/native", test_payload_native);
  g_test_add_func ("/camera/payload/openalpr", test_payload_openalpr);
  g_test_add_func ("/camera/payload/platerecognizer", test_payload_platerecognizer);
  g_test_add_func ("/camera/poster/retries", test_poster_retries);
  g_test_add_func ("/camera/poster/bounded-queue", test_poster_bounded_queue);
  g_test_add_func ("/camera/poster/bad-arguments", test_poster_bad_arguments);
  g_test_add_func ("/camera/rtsp/serves", test_rtsp_serves);
  g_test_add_func ("/camera/end-to-end", test_end_to_end);

  return g_test_run ();
}
