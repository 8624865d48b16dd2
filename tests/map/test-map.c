#define G_LOG_DOMAIN "test-map"

#include "config.h"

#include <cairo.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-demo-tiles.h"
#include "sl-error.h"
#include "sl-map-source-dialog.h"
#include "sl-map-source.h"
#include "sl-reads-layer.h"
#include "sl-test-mbtiles.h"
#include "sl-test-service.h"

static gboolean have_display;

/* Tiles and pixels */

typedef struct
{
  int x;
  int y;
  int px;   /* the point's pixel inside the tile */
  int py;
} TilePoint;

static TilePoint
tile_point (double lat,
            double lon,
            int    zoom)
{
  double n = 1 << zoom;
  double s = sin (lat * G_PI / 180);
  double wx = (lon + 180) / 360 * n * 256;
  double wy = (0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI)) * n * 256;
  TilePoint point = { (int) (wx / 256), (int) (wy / 256), (int) fmod (wx, 256), (int) fmod (wy, 256) };

  return point;
}

typedef struct
{
  GBytes *bytes;
  gsize   offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (reader->bytes, &size);

  if (reader->offset + length > size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  PngReader reader = { png, 0 };
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static guint
pixel_rgb (cairo_surface_t *surface,
           int              x,
           int              y)
{
  const guint8 *row;

  cairo_surface_flush (surface);
  row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  return ((const guint32 *) row)[x] & 0xffffff;
}

static guint
demo_color_at (double lat,
               double lon,
               int    zoom)
{
  TilePoint point = tile_point (lat, lon, zoom);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sl_demo_tiles_render (point.x, point.y, zoom, &error);
  cairo_surface_t *surface;
  guint rgb;

  g_assert_no_error (error);
  surface = decode_png (png);
  rgb = pixel_rgb (surface, point.px, point.py);
  cairo_surface_destroy (surface);
  return rgb;
}

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
solid_png (double r,
           double g,
           double b)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, write_png_cb, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
run_until (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*done);
}

/* The demo map */

static void
test_demo_water_and_land (void)
{
  /* Lake Merritt, south of the Lakeside Park peninsula */
  g_assert_cmphex (demo_color_at (37.8015, -122.2590, 15), ==, SL_DEMO_TILES_WATER_RGB);
  /* the Estuary between Jack London Square and Alameda */
  g_assert_cmphex (demo_color_at (37.7932, -122.2850, 15), ==, SL_DEMO_TILES_WATER_RGB);
  /* the open bay off the Port */
  g_assert_cmphex (demo_color_at (37.7900, -122.3500, 12), ==, SL_DEMO_TILES_WATER_RGB);
  /* inside a downtown block, and in Alameda */
  g_assert_cmphex (demo_color_at (37.8060, -122.2740, 15), ==, SL_DEMO_TILES_LAND_RGB);
  g_assert_cmphex (demo_color_at (37.7680, -122.2600, 15), ==, SL_DEMO_TILES_LAND_RGB);
}

static void
test_demo_cameras_on_streets (void)
{
  /* the demo cameras: Broadway & 14th St, International Blvd & 98th Ave */
  for (int zoom = 13; zoom <= 17; zoom++)
    {
      g_assert_cmphex (demo_color_at (37.8044, -122.2712, zoom), ==, 0xffffff);
      g_assert_cmphex (demo_color_at (37.7469, -122.1706, zoom), ==, 0xffffff);
    }
}

static void
test_demo_tile_format (void)
{
  const int zooms[] = { 0, 10, 19 };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      TilePoint point = tile_point (37.8044, -122.2712, zooms[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = sl_demo_tiles_render (point.x, point.y, zooms[i], &error);
      cairo_surface_t *surface;

      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (png), >, 8);
      g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
      surface = decode_png (png);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 256);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 256);
      cairo_surface_destroy (surface);
    }
}

static void
test_demo_outside_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sl_demo_tiles_render (4, 0, 2, &error);

  g_assert_null (png);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  png = sl_demo_tiles_render (0, 0, 20, &error);
  g_assert_null (png);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

static void
test_demo_map_source (void)
{
  g_autoptr(ShumateMapSource) source = sl_demo_tiles_new_map_source ();

  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (source), ==, 0);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (source), ==, 19);
  g_assert_cmpuint (shumate_map_source_get_tile_size (source), ==, 256);
  g_assert_nonnull (strstr (shumate_map_source_get_license (source), "not for navigation"));
}

static void
tile_filled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Fills a tile the way the map does and returns the texture's pixel at (x, y). */
static guint
fill_tile (ShumateMapSource *source,
           int               x,
           int               y,
           int               zoom,
           int               px,
           int               py)
{
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (x, y, 256, zoom);
  g_autofree guint32 *pixels = g_new0 (guint32, 256 * 256);
  GdkPaintable *texture;
  gboolean done = FALSE;

  shumate_map_source_fill_tile_async (source, tile, NULL, tile_filled_cb, &done);
  run_until (&done);

  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  texture = shumate_tile_get_paintable (tile);
  g_assert_true (GDK_IS_TEXTURE (texture));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (texture)), ==, 256);
  gdk_texture_download (GDK_TEXTURE (texture), (guchar *) pixels, 256 * 4);
  return pixels[py * 256 + px] & 0xffffff;
}

static void
test_demo_async_fills_tiles (void)
{
  g_autoptr(ShumateMapSource) source = sl_demo_tiles_new_map_source ();
  TilePoint lake = tile_point (37.8015, -122.2590, 15);

  g_assert_cmphex (fill_tile (source, lake.x, lake.y, 15, lake.px, lake.py), ==, SL_DEMO_TILES_WATER_RGB);
}

/* XYZ templates and settings */

static void
test_xyz_templates (void)
{
  const char *good[] = {
    "https://tiles.example.org/{z}/{x}/{y}.png",
    "http://10.20.0.5:8080/basemap/{z}/{y}/{x}.jpg?key=abc123",
  };
  const struct { const char *url; const char *why; } bad[] = {
    { "", "Enter" },
    { "ftp://tiles.example.org/{z}/{x}/{y}.png", "https://" },
    { "tiles.example.org/{z}/{x}/{y}.png", "https://" },
    { "https://tiles.example.org/{z}/{x}.png", "lacks {y}" },
    { "https://tiles.example.org/{x}/{y}.png", "lacks {z}" },
    { "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "{s}" },
    { "https://tiles.example.org/{z}/{x}/{y.png", "without its" },
    { "https://tiles.example.org/{z}/{x}/{y}.png#top", "#" },
    { "https://tiles example.org/{z}/{x}/{y}.png", "spaces" },
    { "https:///{z}/{x}/{y}.png", "not a valid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sl_map_source_check_xyz_url (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sl_map_source_check_xyz_url (bad[i].url, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
      if (strstr (error->message, bad[i].why) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad[i].url, error->message, bad[i].why);
    }
}

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend ("org.sightline.Sightline", backend);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* The map source the settings choose, made as the Map page makes it. */
static ShumateMapSource *
source_from_settings (GSettings  *settings,
                      SlClient   *client,
                      GError    **error)
{
  Wait wait = { NULL };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  ShumateMapSource *source;

  sl_map_source_new_from_settings_async (settings, client, NULL, wait_cb, &wait);
  while (wait.result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (wait.result);
  source = sl_map_source_new_from_settings_finish (wait.result, error);
  g_object_unref (wait.result);
  return source;
}

/* A sightlined serving an offline map of red and blue tiles, and a client
 * logged in to it. */
typedef struct
{
  char          *dir;
  char          *tiles;
  SlTestService *service;
  SlClient      *client;
} Served;

static void
serve_tiles (Served   *served,
             gboolean  with_tiles)
{
  const SlTestUser users[] = { { "olga", "Olga Officer", "officer", "2026-01-10", NULL } };
  SlTestSetup setup = { NULL };
  g_autoptr(GBytes) red = solid_png (1, 0, 0);
  g_autoptr(GBytes) blue = solid_png (0, 0, 1);
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  served->dir = g_dir_make_tmp ("test-map-XXXXXX", NULL);
  if (with_tiles)
    served->tiles = sl_test_make_mbtiles (served->dir, "oakland.mbtiles", "png", red, blue);
  setup.tiles_file = served->tiles;
  served->service = sl_test_service_start_full (users, G_N_ELEMENTS (users), FALSE, &setup, &error);
  g_assert_no_error (error);

  served->client = sl_client_new ();
  g_assert_true (sl_client_set_server (served->client, sl_test_service_get_url (served->service), &error));
  sl_client_login_async (served->client, "olga", SL_TEST_PASSWORD, NULL, TRUE, NULL, wait_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  session = sl_client_login_finish (served->client, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
}

static void
served_stop (Served *served)
{
  g_clear_object (&served->client);
  g_clear_pointer (&served->service, sl_test_service_stop);
  if (served->tiles != NULL)
    g_remove (served->tiles);
  g_rmdir (served->dir);
  g_free (served->tiles);
  g_free (served->dir);
}

static void
test_settings_choose_source (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  /* the demo map by default */
  source = source_from_settings (settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_clear_object (&source);

  g_settings_set_string (settings, "map-xyz-url", "https://tiles.example.org/{z}/{x}/{y}.png");
  g_settings_set_string (settings, "map-source", "xyz");
  source = source_from_settings (settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (shumate_map_source_get_id (source), "sightline-xyz-"));
  g_assert_nonnull (strstr (shumate_map_source_get_license (source), "tiles.example.org"));
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (source), ==, 19);
}

static void
test_settings_fall_back_to_demo (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  /* a template the tile downloader could not fill in */
  g_settings_set_string (settings, "map-xyz-url", "https://{s}.tiles.example.org/{z}/{x}/{y}.png");
  g_settings_set_string (settings, "map-source", "xyz");
  source = source_from_settings (settings, NULL, &error);
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "demo map"));
  g_assert_nonnull (strstr (error->message, "{s}"));
  g_clear_error (&error);
  g_clear_object (&source);

  /* the server chosen, no address yet */
  g_settings_set_string (settings, "map-xyz-url", "");
  source = source_from_settings (settings, NULL, &error);
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&source);

  /* the service's map, before there is a service to ask */
  g_settings_set_string (settings, "map-source", "service");
  source = source_from_settings (settings, NULL, &error);
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
}

static void
missing_tile_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_false (shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &error));
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOT_FOUND);
  *done = TRUE;
}

static void
test_service_tiles (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (0, 0, 256, 2);
  g_autoptr(GError) error = NULL;
  Served served = { NULL };
  gboolean done = FALSE;

  if (!g_file_test (sl_test_service_program (), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sightlined is not built");
      return;
    }

  serve_tiles (&served, TRUE);
  g_settings_set_string (settings, "map-source", "service");
  source = source_from_settings (settings, served.client, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (shumate_map_source_get_id (source), "sightline-service-"));
  g_assert_cmpstr (shumate_map_source_get_name (source), ==, "Test Oakland");
  g_assert_cmpstr (shumate_map_source_get_license (source), ==, "© Example Maps");
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (source), ==, 3);

  /* the tiles come through the service, rows counted from the top */
  g_assert_cmphex (fill_tile (source, SL_TEST_MBTILES_X, 0, SL_TEST_MBTILES_ZOOM, 10, 10), ==, 0xff0000);
  g_assert_cmphex (fill_tile (source, SL_TEST_MBTILES_X, 3, SL_TEST_MBTILES_ZOOM, 10, 10), ==, 0x0000ff);

  /* the map is told there is no tile, and nothing breaks */
  shumate_map_source_fill_tile_async (source, tile, NULL, missing_tile_cb, &done);
  run_until (&done);
  g_assert_null (shumate_tile_get_paintable (tile));

  g_clear_object (&source);
  served_stop (&served);
}

static void
test_service_without_tiles (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  Served served = { NULL };

  if (!g_file_test (sl_test_service_program (), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sightlined is not built");
      return;
    }

  serve_tiles (&served, FALSE);
  g_settings_set_string (settings, "map-source", "service");
  source = source_from_settings (settings, served.client, &error);
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "sightline-demo");
  g_assert_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "demo map"));
  g_assert_nonnull (strstr (error->message, "--tiles"));

  g_clear_object (&source);
  served_stop (&served);
}

/* The dialog, under a display */

static SlMapSourceDialog *
open_dialog (GSettings *settings,
             SlClient  *client)
{
  SlMapSourceDialog *dialog = sl_map_source_dialog_new (NULL, settings, client);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sl_map_source_dialog_is_asking (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sl_map_source_dialog_is_asking (dialog));
  return g_object_ref (dialog);
}

static void
close_dialog (SlMapSourceDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
source_changed_cb (GSettings  *settings,
                   const char *key,
                   gpointer    user_data)
{
  char **url_seen = user_data;

  g_free (*url_seen);
  *url_seen = g_settings_get_string (settings, "map-xyz-url");
}

static void
test_dialog_xyz (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url_seen = NULL;
  SlMapSourceDialog *dialog;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  settings = memory_settings ();
  dialog = open_dialog (settings, NULL);
  g_assert_cmpstr (sl_map_source_dialog_get_choice (dialog), ==, "demo");
  g_assert_null (sl_map_source_dialog_get_problem (dialog));

  /* checked as typed; typing an address chooses the server */
  sl_map_source_dialog_set_xyz_url (dialog, "https://tiles.example.org/{z}/{x}.png");
  g_assert_cmpstr (sl_map_source_dialog_get_choice (dialog), ==, "xyz");
  g_assert_nonnull (strstr (sl_map_source_dialog_get_problem (dialog), "{y}"));
  g_assert_false (sl_map_source_dialog_apply (dialog));
  assert_setting (settings, "map-source", "demo");

  /* whoever listens to the choice finds the address already written */
  g_signal_connect (settings, "changed::map-source", G_CALLBACK (source_changed_cb), &url_seen);
  sl_map_source_dialog_set_xyz_url (dialog, "https://tiles.example.org/{z}/{x}/{y}.png");
  g_assert_null (sl_map_source_dialog_get_problem (dialog));
  g_assert_true (sl_map_source_dialog_apply (dialog));
  while (url_seen == NULL && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (url_seen, ==, "https://tiles.example.org/{z}/{x}/{y}.png");
  assert_setting (settings, "map-source", "xyz");

  close_dialog (dialog);

  /* opened again, it shows the choice */
  dialog = open_dialog (settings, NULL);
  g_assert_cmpstr (sl_map_source_dialog_get_choice (dialog), ==, "xyz");
  close_dialog (dialog);
}

static void
test_dialog_service (void)
{
  g_autoptr(GSettings) settings = NULL;
  SlMapSourceDialog *dialog;
  Served served = { NULL };
  Served bare = { NULL };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  if (!g_file_test (sl_test_service_program (), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sightlined is not built");
      return;
    }

  settings = memory_settings ();

  /* a service without an offline map: the choice says so and cannot be applied */
  serve_tiles (&bare, FALSE);
  dialog = open_dialog (settings, bare.client);
  sl_map_source_dialog_set_choice (dialog, "service");
  g_assert_nonnull (strstr (sl_map_source_dialog_get_problem (dialog), "no offline map"));
  g_assert_false (sl_map_source_dialog_apply (dialog));
  assert_setting (settings, "map-source", "demo");
  close_dialog (dialog);
  served_stop (&bare);

  /* without a connection */
  dialog = open_dialog (settings, NULL);
  sl_map_source_dialog_set_choice (dialog, "service");
  g_assert_nonnull (sl_map_source_dialog_get_problem (dialog));
  close_dialog (dialog);

  serve_tiles (&served, TRUE);
  dialog = open_dialog (settings, served.client);
  sl_map_source_dialog_set_choice (dialog, "service");
  g_assert_null (sl_map_source_dialog_get_problem (dialog));
  g_assert_true (sl_map_source_dialog_apply (dialog));
  assert_setting (settings, "map-source", "service");
  close_dialog (dialog);

  dialog = open_dialog (settings, served.client);
  g_assert_cmpstr (sl_map_source_dialog_get_choice (dialog), ==, "service");
  close_dialog (dialog);
  served_stop (&served);
}

/* The reads layer */

#define BROADWAY_LAT  37.8044
#define BROADWAY_LON -122.2712
#define EAST_LAT      37.7469
#define EAST_LON     -122.1706

typedef struct
{
  GtkWindow     *window;
  ShumateMap    *map;
  SlReadsLayer  *layer;
  guint          frames;
} ReadsMap;

static void
after_paint_cb (GdkFrameClock *clock,
                ReadsMap      *fixture)
{
  fixture->frames++;
}

/* Draws one frame and waits for it. */
static void
draw_frame (ReadsMap *fixture)
{
  guint frames = fixture->frames;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (fixture->layer));
  while (fixture->frames == frames && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->frames, >, frames);
}

static void
reads_map_open (ReadsMap *fixture,
                double    zoom)
{
  g_autoptr(ShumateMapSource) source = sl_demo_tiles_new_map_source ();
  ShumateViewport *viewport;
  GdkFrameClock *clock;

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 600);
  fixture->map = shumate_map_new ();
  shumate_map_set_map_source (fixture->map, source);
  viewport = shumate_map_get_viewport (fixture->map);
  fixture->layer = sl_reads_layer_new (viewport);
  shumate_map_add_layer (fixture->map, SHUMATE_LAYER (fixture->layer));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->map));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (fixture->map, BROADWAY_LAT, BROADWAY_LON);
  gtk_window_present (fixture->window);

  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->layer)) || gtk_widget_get_width (GTK_WIDGET (fixture->layer)) == 0)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), fixture);
}

static void
reads_map_close (ReadsMap *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));

  g_signal_handlers_disconnect_by_data (clock, fixture);
  gtk_window_destroy (fixture->window);
}

static void
add_points (GArray *points,
            double  lat,
            double  lon,
            guint   n,
            guint   n_hits,
            gint64  first_us)
{
  for (guint i = 0; i < n; i++)
    {
      SlReadPoint point = {
        .id = points->len + 1,
        .captured_us = first_us + (gint64) i * G_USEC_PER_SEC,
        .lat = lat,
        .lon = lon,
        .camera_id = 1,
        .flags = i < n_hits ? SL_READ_POINT_HIT : 0,
      };

      g_array_append_val (points, point);
    }
}

/* Reads at one place are one mark with their count; a click finds them all. */
static void
test_reads_cluster_and_pick (void)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (SlReadPoint));
  g_autoptr(SlMapCluster) cluster = NULL;
  g_autoptr(SlMapCluster) nothing = NULL;
  SlReadPoint unplaced = { .id = 999, .captured_us = 1, .flags = SL_READ_POINT_NO_POSITION };
  ReadsMap fixture = { 0 };
  double x;
  double y;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  add_points (points, BROADWAY_LAT, BROADWAY_LON, 50, 1, (gint64) 1000 * G_USEC_PER_SEC);
  add_points (points, EAST_LAT, EAST_LON, 30, 0, (gint64) 2000 * G_USEC_PER_SEC);
  g_array_append_val (points, unplaced);

  reads_map_open (&fixture, 14);
  sl_reads_layer_set_points (fixture.layer, points);
  draw_frame (&fixture);

  /* at zoom 14 only Broadway is in the window */
  g_assert_cmpuint (sl_reads_layer_get_n_drawn (fixture.layer), ==, 1);
  g_assert_cmpuint (sl_reads_layer_count_shown (fixture.layer), ==, 80);

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (fixture.map), GTK_WIDGET (fixture.layer),
                                              BROADWAY_LAT, BROADWAY_LON, &x, &y);
  g_assert_cmpfloat (fabs (x - gtk_widget_get_width (GTK_WIDGET (fixture.layer)) / 2.0), <, 2);
  cluster = sl_reads_layer_pick (fixture.layer, x + 3, y - 3);
  g_assert_nonnull (cluster);
  g_assert_cmpuint (cluster->n_reads, ==, 50);
  g_assert_cmpuint (cluster->n_hits, ==, 1);
  g_assert_cmpuint (cluster->reads->len, ==, 50);
  g_assert_cmpfloat_with_epsilon (cluster->lat, BROADWAY_LAT, 1e-4);
  g_assert_cmpfloat_with_epsilon (cluster->lon, BROADWAY_LON, 1e-4);
  nothing = sl_reads_layer_pick (fixture.layer, x + 200, y + 200);
  g_assert_null (nothing);

  /* zoomed out, both places */
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (fixture.map), 11);
  draw_frame (&fixture);
  g_assert_cmpuint (sl_reads_layer_get_n_drawn (fixture.layer), ==, 2);

  reads_map_close (&fixture);
}

/* The time slider's end hides what came later; the track and the area draw with the reads. */
static void
test_reads_until_track_and_area (void)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (SlReadPoint));
  g_autoptr(GArray) track = g_array_new (FALSE, FALSE, sizeof (SlReadPoint));
  static const double square[] = { 37.81, -122.28, 37.81, -122.26, 37.80, -122.26 };
  ReadsMap fixture = { 0 };
  gint64 first_us;
  gint64 last_us;
  double min_lat, min_lon, max_lat, max_lon;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  add_points (points, BROADWAY_LAT, BROADWAY_LON, 10, 0, (gint64) 1000 * G_USEC_PER_SEC);
  add_points (points, EAST_LAT, EAST_LON, 10, 0, (gint64) 5000 * G_USEC_PER_SEC);
  add_points (track, BROADWAY_LAT, BROADWAY_LON, 1, 0, (gint64) 1000 * G_USEC_PER_SEC);
  add_points (track, EAST_LAT, EAST_LON, 1, 0, (gint64) 5000 * G_USEC_PER_SEC);

  reads_map_open (&fixture, 11);
  sl_reads_layer_set_points (fixture.layer, points);
  sl_reads_layer_get_time_range (fixture.layer, &first_us, &last_us);
  g_assert_cmpint (first_us, ==, (gint64) 1000 * G_USEC_PER_SEC);
  g_assert_cmpint (last_us, ==, (gint64) 5009 * G_USEC_PER_SEC);
  g_assert_true (sl_reads_layer_get_bounds (fixture.layer, &min_lat, &min_lon, &max_lat, &max_lon));
  g_assert_cmpfloat (min_lat, ==, EAST_LAT);
  g_assert_cmpfloat (max_lon, ==, EAST_LON);

  sl_reads_layer_set_until (fixture.layer, (gint64) 2000 * G_USEC_PER_SEC);
  g_assert_cmpuint (sl_reads_layer_count_shown (fixture.layer), ==, 10);
  draw_frame (&fixture);
  g_assert_cmpuint (sl_reads_layer_get_n_drawn (fixture.layer), ==, 1);

  sl_reads_layer_set_until (fixture.layer, G_MAXINT64);
  sl_reads_layer_set_track (fixture.layer, track);
  sl_reads_layer_set_polygon (fixture.layer, square, 3, TRUE);
  g_assert_cmpint (sl_reads_layer_get_area_kind (fixture.layer), ==, SL_MAP_AREA_POLYGON);
  draw_frame (&fixture);
  g_assert_cmpuint (sl_reads_layer_get_n_drawn (fixture.layer), ==, 2);

  sl_reads_layer_set_circle (fixture.layer, BROADWAY_LAT, BROADWAY_LON, 500);
  g_assert_cmpint (sl_reads_layer_get_area_kind (fixture.layer), ==, SL_MAP_AREA_CIRCLE);
  sl_reads_layer_clear_area (fixture.layer);
  g_assert_cmpint (sl_reads_layer_get_area_kind (fixture.layer), ==, SL_MAP_AREA_NONE);

  /* no reads: nothing drawn, nothing to pick */
  sl_reads_layer_set_points (fixture.layer, NULL);
  draw_frame (&fixture);
  g_assert_cmpuint (sl_reads_layer_get_n_drawn (fixture.layer), ==, 0);
  g_assert_null (sl_reads_layer_pick (fixture.layer, 400, 300));

  reads_map_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/map/demo/water-and-land", test_demo_water_and_land);
  g_test_add_func ("/map/demo/cameras-on-streets", test_demo_cameras_on_streets);
  g_test_add_func ("/map/demo/tile-format", test_demo_tile_format);
  g_test_add_func ("/map/demo/outside-world", test_demo_outside_world);
  g_test_add_func ("/map/demo/map-source", test_demo_map_source);
  g_test_add_func ("/map/demo/async-fills-tiles", test_demo_async_fills_tiles);
  g_test_add_func ("/map/xyz/templates", test_xyz_templates);
  g_test_add_func ("/map/settings/choose-source", test_settings_choose_source);
  g_test_add_func ("/map/settings/fall-back-to-demo", test_settings_fall_back_to_demo);
  g_test_add_func ("/map/service/tiles", test_service_tiles);
  g_test_add_func ("/map/service/without-tiles", test_service_without_tiles);
  g_test_add_func ("/map/dialog/xyz", test_dialog_xyz);
  g_test_add_func ("/map/dialog/service", test_dialog_service);
  g_test_add_func ("/map/reads/cluster-and-pick", test_reads_cluster_and_pick);
  g_test_add_func ("/map/reads/until-track-and-area", test_reads_until_track_and_area);

  return g_test_run ();
}
