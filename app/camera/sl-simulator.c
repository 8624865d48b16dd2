#define G_LOG_DOMAIN "sl-simulator"

#include "config.h"

#include <math.h>

#include "sl-error.h"
#include "sl-plate-render.h"
#include "sl-rtsp.h"
#include "sl-scene.h"
#include "sl-simulator.h"

#define TICK_MS (1000 / SL_SIMULATOR_FPS)
/* The traffic runs this long before the camera starts, so the street is
 * busy from the first frame; cars read during it are not posted. */
#define PREROLL_US (6 * G_USEC_PER_SEC)

struct _SlSimulator
{
  GObject          parent_instance;

  /* owned */
  SlScene         *scene;
  SlRtsp          *rtsp;
  SlCameraPoster  *poster;
  cairo_surface_t *frame;
  char            *name;

  double           lat;
  double           lon;
  double           heading;
  guint            tick_id;
  gint64           monotonic_origin;
  gint64           wall_origin;
  guint64          n_reads;
};

G_DEFINE_FINAL_TYPE (SlSimulator, sl_simulator, G_TYPE_OBJECT)

/* The frame at scene time @time_us, with what the camera burns in. */
static void
render (SlSimulator *self,
        gint64       time_us)
{
  cairo_t *cr = cairo_create (self->frame);

  sl_scene_draw (self->scene, cr, SL_SIMULATOR_WIDTH, SL_SIMULATOR_HEIGHT, time_us);
  sl_scene_draw_overlay (self->scene, cr, SL_SIMULATOR_WIDTH, SL_SIMULATOR_HEIGHT,
                         self->name, self->wall_origin + time_us);
  cairo_destroy (cr);
}

static SlRead *
read_from_car (SlSimulator      *self,
               const SlSceneCar *car)
{
  g_autoptr(GError) error = NULL;
  SlRead *read = sl_read_new ();

  read->plate = g_strdup (car->plate);
  read->plate_raw = g_strdup (car->plate);
  g_free (read->region);
  read->region = g_strdup (car->region);
  read->confidence = car->confidence;
  /* Readers stamp milliseconds, and OpenALPR carries no more. */
  read->captured_us = (self->wall_origin + car->cross_us) / 1000 * 1000;
  read->lat = self->lat;
  read->lon = self->lon;
  read->heading = self->heading;
  for (guint i = 0; i < car->n_candidates; i++)
    sl_read_add_candidate (read, car->candidates[i], car->candidate_confidence[i]);
  read->make = g_strdup (car->make);
  read->model = g_strdup (car->model);
  read->color = g_strdup (car->color);
  read->vehicle_type = g_strdup (car->type);

  read->plate_image = sl_plate_render_png (car->plate, car->region, SL_SIMULATOR_PLATE_WIDTH, &error);
  if (read->plate_image == NULL)
    g_message ("error: the plate image of %s: %s", car->plate, error->message);
  g_clear_error (&error);

  render (self, car->cross_us);
  read->overview_image = sl_plate_render_encode_png (self->frame, &error);
  if (read->overview_image == NULL)
    g_message ("error: the overview image of %s: %s", car->plate, error->message);

  return read;
}

static gboolean
tick_cb (gpointer user_data)
{
  SlSimulator *self = user_data;
  g_autoptr(GPtrArray) crossed = NULL;
  gint64 time_us = g_get_monotonic_time () - self->monotonic_origin;

  crossed = sl_scene_advance (self->scene, MAX (time_us, sl_scene_get_time_us (self->scene)));
  for (guint i = 0; i < crossed->len; i++)
    {
      const SlSceneCar *car = g_ptr_array_index (crossed, i);

      self->n_reads++;
      g_debug ("read %s (%s %s %s)", car->plate, car->color, car->make, car->model);
      sl_camera_poster_add_read (self->poster, read_from_car (self, car));
    }

  if (sl_rtsp_is_streaming (self->rtsp))
    {
      render (self, sl_scene_get_time_us (self->scene));
      sl_rtsp_push_frame (self->rtsp, self->frame);
    }

  return G_SOURCE_CONTINUE;
}

static void
sl_simulator_dispose (GObject *object)
{
  SlSimulator *self = SL_SIMULATOR (object);

  sl_simulator_stop (self);
  g_clear_object (&self->poster);
  g_clear_object (&self->rtsp);
  g_clear_object (&self->scene);

  G_OBJECT_CLASS (sl_simulator_parent_class)->dispose (object);
}

static void
sl_simulator_finalize (GObject *object)
{
  SlSimulator *self = SL_SIMULATOR (object);

  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_free (self->name);

  G_OBJECT_CLASS (sl_simulator_parent_class)->finalize (object);
}

static void
sl_simulator_class_init (SlSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_simulator_dispose;
  object_class->finalize = sl_simulator_finalize;
}

static void
sl_simulator_init (SlSimulator *self)
{
  self->frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SL_SIMULATOR_WIDTH, SL_SIMULATOR_HEIGHT);
}

/**
 * sl_simulator_new:
 *
 * Checks @options, reads the hit list and the CA file. Call gst_init() first.
 *
 * Returns: (transfer full): a camera, not yet serving or posting.
 */
SlSimulator *
sl_simulator_new (const SlSimulatorOptions  *options,
                  GError                   **error)
{
  g_autoptr(SlSimulator) self = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->server == NULL || options->token == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "--server and --token are required: the service's address and the "
                           "token `sightlined camera add` printed");
      return NULL;
    }

  if (!(options->rate > 0 && options->rate <= 1000))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "--rate must be reads per second above 0 and at most 1000, not %g", options->rate);
      return NULL;
    }

  if (!(options->hit_rate >= 0 && options->hit_rate <= 1))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "--hit-rate must be a fraction from 0 to 1, not %g", options->hit_rate);
      return NULL;
    }

  if (options->rtsp_port > 65535)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "--rtsp-port must be a port from 0 to 65535, not %u", options->rtsp_port);
      return NULL;
    }

  if (isnan (options->lat) != isnan (options->lon) ||
      (!isnan (options->lat) && (fabs (options->lat) > 90 || fabs (options->lon) > 180)))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "--lat and --lon come together: a latitude from -90 to 90 and a "
                           "longitude from -180 to 180");
      return NULL;
    }

  self = g_object_new (SL_TYPE_SIMULATOR, NULL);
  self->name = g_strdup (options->name != NULL ? options->name : "Sightline test camera");
  self->lat = options->lat;
  self->lon = options->lon;
  self->heading = options->heading;

  self->scene = sl_scene_new (options->seed, options->rate);
  if (options->hit_list != NULL &&
      !sl_scene_load_hit_list (self->scene, options->hit_list, options->hit_rate, error))
    return NULL;

  self->poster = sl_camera_poster_new (options->server, options->token, options->format,
                                       self->name, error);
  if (self->poster == NULL)
    return NULL;
  if (options->ca_file != NULL && !sl_camera_poster_set_ca_file (self->poster, options->ca_file, error))
    return NULL;

  self->rtsp = sl_rtsp_new (options->rtsp_address != NULL ? options->rtsp_address : "127.0.0.1",
                            options->rtsp_port, SL_SIMULATOR_WIDTH, SL_SIMULATOR_HEIGHT,
                            SL_SIMULATOR_FPS);

  return g_steal_pointer (&self);
}

/* Serves the video, starts the traffic and the posting. */
gboolean
sl_simulator_start (SlSimulator  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) crossed = NULL;

  g_return_val_if_fail (SL_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (self->tick_id == 0, FALSE);

  if (!sl_rtsp_start (self->rtsp, error))
    return FALSE;

  crossed = sl_scene_advance (self->scene, PREROLL_US);
  self->monotonic_origin = g_get_monotonic_time () - PREROLL_US;
  self->wall_origin = g_get_real_time () - PREROLL_US;
  sl_camera_poster_start (self->poster);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return TRUE;
}

void
sl_simulator_stop (SlSimulator *self)
{
  g_return_if_fail (SL_IS_SIMULATOR (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->poster != NULL)
    sl_camera_poster_stop (self->poster);
  if (self->rtsp != NULL)
    sl_rtsp_stop (self->rtsp);
}

char *
sl_simulator_dup_rtsp_url (SlSimulator *self)
{
  g_return_val_if_fail (SL_IS_SIMULATOR (self), NULL);

  return sl_rtsp_dup_url (self->rtsp);
}

/* Cars that crossed the plate line so far. */
guint64
sl_simulator_get_n_reads (SlSimulator *self)
{
  g_return_val_if_fail (SL_IS_SIMULATOR (self), 0);

  return self->n_reads;
}

/**
 * sl_simulator_get_poster:
 *
 * Returns: (transfer none): what posts the reads.
 */
SlCameraPoster *
sl_simulator_get_poster (SlSimulator *self)
{
  g_return_val_if_fail (SL_IS_SIMULATOR (self), NULL);

  return self->poster;
}
