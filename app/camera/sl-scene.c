#define G_LOG_DOMAIN "sl-scene"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-hotlist-csv.h"
#include "sl-plate.h"
#include "sl-plate-render.h"
#include "sl-scene.h"

/* The street in metres, seen from a camera CAMERA_HEIGHT above the road:
 * cars enter at Z_ENTER and are read when their front crosses Z_LINE. */
#define CAMERA_HEIGHT   2.0
#define Z_ENTER         60.0
#define Z_LINE          6.0
#define Z_GONE          2.0
#define LANE_WIDTH      3.6
#define SIDEWALK_WIDTH  2.8
#define PLATE_WIDTH_M   0.305

struct _SlScene
{
  GObject      parent_instance;

  /* owned */
  GRand       *rand;
  GPtrArray   *cars;            /* SlSceneCar, on the road, in order of entry */
  SlSceneCar  *last_crossed;
  GPtrArray   *listed_plates;   /* char* */
  GPtrArray   *listed_regions;  /* char* */
  GHashTable  *listed_set;      /* plate → itself, borrowed from listed_plates */

  double       rate;            /* cars per second */
  double       hit_rate;
  guint        next_index;
  gint64       next_enter_us;
  gint64       time_us;
};

G_DEFINE_FINAL_TYPE (SlScene, sl_scene, G_TYPE_OBJECT)

typedef struct
{
  const char *make;
  const char *model;
  const char *type;
} Vehicle;

static const Vehicle vehicles[] = {
  { "Toyota",    "Camry",     "sedan"  },
  { "Toyota",    "Prius",     "sedan"  },
  { "Toyota",    "RAV4",      "suv"    },
  { "Toyota",    "Tacoma",    "pickup" },
  { "Honda",     "Civic",     "sedan"  },
  { "Honda",     "Accord",    "sedan"  },
  { "Honda",     "CR-V",      "suv"    },
  { "Ford",      "F-150",     "pickup" },
  { "Ford",      "Transit",   "van"    },
  { "Ford",      "Explorer",  "suv"    },
  { "Chevrolet", "Silverado", "pickup" },
  { "Chevrolet", "Malibu",    "sedan"  },
  { "Tesla",     "Model 3",   "sedan"  },
  { "Tesla",     "Model Y",   "suv"    },
  { "Nissan",    "Altima",    "sedan"  },
  { "Subaru",    "Outback",   "wagon"  },
  { "Hyundai",   "Elantra",   "sedan"  },
  { "Jeep",      "Wrangler",  "suv"    },
  { "Dodge",     "Caravan",   "van"    },
  { "BMW",       "3 Series",  "sedan"  },
};

typedef struct
{
  const char *name;
  double      r, g, b;
} Color;

static const Color colors[] = {
  { "white",  0.92, 0.92, 0.90 },
  { "black",  0.09, 0.09, 0.11 },
  { "silver", 0.70, 0.72, 0.75 },
  { "gray",   0.44, 0.45, 0.48 },
  { "red",    0.70, 0.10, 0.10 },
  { "blue",   0.13, 0.26, 0.60 },
  { "green",  0.16, 0.40, 0.26 },
  { "tan",    0.78, 0.71, 0.56 },
};

/* Characters a reader confuses (DESIGN.md section 3). */
static const char *const lookalike_classes[] = {
  "0ODQ", "1IL", "2Z", "5S", "8B3", "6G", "EFP", "HKMR", "TVY7", "UV", "CG",
};

/* California leaves I, O and Q out of the letters. */
static const char plate_letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";

/* Buildings along the far end of the street: x, width, height as fractions
 * of the frame, and a shade of grey. */
static const double buildings[][4] = {
  { 0.00, 0.10, 0.20, 0.55 }, { 0.09, 0.08, 0.13, 0.62 }, { 0.16, 0.12, 0.24, 0.50 },
  { 0.27, 0.07, 0.10, 0.66 }, { 0.33, 0.09, 0.16, 0.58 }, { 0.41, 0.05, 0.07, 0.70 },
  { 0.54, 0.06, 0.08, 0.68 }, { 0.59, 0.10, 0.18, 0.52 }, { 0.68, 0.08, 0.12, 0.64 },
  { 0.75, 0.11, 0.22, 0.48 }, { 0.85, 0.07, 0.14, 0.60 }, { 0.91, 0.09, 0.26, 0.54 },
};

SlSceneCar *
sl_scene_car_copy (const SlSceneCar *car)
{
  SlSceneCar *copy;

  g_return_val_if_fail (car != NULL, NULL);

  copy = g_memdup2 (car, sizeof *car);
  copy->plate = g_strdup (car->plate);
  copy->region = g_strdup (car->region);
  for (guint i = 0; i < car->n_candidates; i++)
    copy->candidates[i] = g_strdup (car->candidates[i]);
  return copy;
}

void
sl_scene_car_free (SlSceneCar *car)
{
  if (car == NULL)
    return;

  g_free (car->plate);
  g_free (car->region);
  for (guint i = 0; i < car->n_candidates; i++)
    g_free (car->candidates[i]);
  g_free (car);
}

static char *
random_plate (SlScene *self)
{
  char plate[8];

  plate[0] = '1' + g_rand_int_range (self->rand, 0, 9);
  for (guint i = 1; i <= 3; i++)
    plate[i] = plate_letters[g_rand_int_range (self->rand, 0, sizeof plate_letters - 1)];
  for (guint i = 4; i <= 6; i++)
    plate[i] = '0' + g_rand_int_range (self->rand, 0, 10);
  plate[7] = '\0';

  return g_strdup (plate);
}

/* A plate with one character swapped for a look-alike, or NULL when none has one. */
static char *
misread (SlScene    *self,
         const char *plate)
{
  guint length = strlen (plate);
  guint start = g_rand_int_range (self->rand, 0, length);

  for (guint n = 0; n < length; n++)
    {
      guint position = (start + n) % length;
      char alternatives[16];
      guint n_alternatives = 0;

      for (guint i = 0; i < G_N_ELEMENTS (lookalike_classes); i++)
        {
          const char *class = lookalike_classes[i];

          if (strchr (class, plate[position]) == NULL)
            continue;
          for (const char *c = class; *c != '\0' && n_alternatives < sizeof alternatives; c++)
            if (*c != plate[position])
              alternatives[n_alternatives++] = *c;
        }

      if (n_alternatives > 0)
        {
          char *copy = g_strdup (plate);

          copy[position] = alternatives[g_rand_int_range (self->rand, 0, n_alternatives)];
          return copy;
        }
    }

  return NULL;
}

/* Every draw from the random generator happens here, in order of entry,
 * so a seed fixes the whole sequence of cars whatever the frame rate. */
static SlSceneCar *
create_car (SlScene *self,
            gint64   enter_us)
{
  SlSceneCar *car = g_new0 (SlSceneCar, 1);
  const Vehicle *vehicle;
  const Color *color;
  double u;
  guint wanted;

  car->index = self->next_index++;
  car->enter_us = enter_us;

  if (self->listed_plates->len > 0 && g_rand_double (self->rand) < self->hit_rate)
    {
      guint i = g_rand_int_range (self->rand, 0, self->listed_plates->len);

      car->plate = g_strdup (g_ptr_array_index (self->listed_plates, i));
      car->region = g_strdup (g_ptr_array_index (self->listed_regions, i));
      car->listed = TRUE;
    }
  else
    {
      do
        {
          g_free (car->plate);
          car->plate = random_plate (self);
        }
      while (g_hash_table_contains (self->listed_set, car->plate));
      car->region = g_strdup ("CA");
    }

  car->confidence = round ((80.0 + g_rand_double (self->rand) * 19.0) * 10) / 10;

  u = g_rand_double (self->rand);
  wanted = u < 0.15 ? 2 : u < 0.45 ? 1 : 0;
  for (guint i = 0; i < wanted; i++)
    {
      g_autofree char *candidate = misread (self, car->plate);
      double confidence = car->confidence - 5.0 - g_rand_double (self->rand) * 20.0;

      if (candidate == NULL || (i == 1 && strcmp (candidate, car->candidates[0]) == 0))
        continue;
      car->candidates[car->n_candidates] = g_steal_pointer (&candidate);
      car->candidate_confidence[car->n_candidates] = round (MAX (confidence, 40.0) * 10) / 10;
      car->n_candidates++;
    }

  vehicle = &vehicles[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (vehicles))];
  color = &colors[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (colors))];
  car->make = vehicle->make;
  car->model = vehicle->model;
  car->type = vehicle->type;
  car->color = color->name;

  car->lane = g_rand_int_range (self->rand, 0, 2);
  car->speed = 9.0 + g_rand_double (self->rand) * 7.0;
  car->cross_us = enter_us + (gint64) ((Z_ENTER - Z_LINE) / car->speed * G_USEC_PER_SEC);

  return car;
}

static gint64
next_gap_us (SlScene *self)
{
  /* Arrivals of a Poisson process: exponential gaps of mean 1/rate. */
  double u = g_rand_double (self->rand);

  return (gint64) (-log1p (-u) / self->rate * G_USEC_PER_SEC);
}

static double
car_distance (const SlSceneCar *car,
              gint64            time_us)
{
  return Z_ENTER - car->speed * (time_us - car->enter_us) / G_USEC_PER_SEC;
}

static int
compare_cross_time (gconstpointer a,
                    gconstpointer b)
{
  const SlSceneCar *car_a = *(SlSceneCar **) a;
  const SlSceneCar *car_b = *(SlSceneCar **) b;

  return (car_a->cross_us > car_b->cross_us) - (car_a->cross_us < car_b->cross_us);
}

static const Color *
find_color (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (strcmp (colors[i].name, name) == 0)
      return &colors[i];

  return &colors[0];
}

/* Drawing --------------------------------------------------------------- */

typedef struct
{
  cairo_t *cr;
  double   width;
  double   horizon;
  double   focal;       /* pixels per metre at one metre */
} View;

static void
view_init (View    *view,
           cairo_t *cr,
           int      width,
           int      height)
{
  view->cr = cr;
  view->width = width;
  view->horizon = height * 0.30;
  view->focal = height * 1.40;
}

/* Where a point @x metres right of the road's centre, @h above the road and
 * @z ahead of the camera lands on the frame. */
static void
view_project (const View *view,
              double      x,
              double      h,
              double      z,
              double     *sx,
              double     *sy)
{
  *sx = view->width / 2 + view->focal * x / z;
  *sy = view->horizon + view->focal * (CAMERA_HEIGHT - h) / z;
}

static void
ground_quad (const View *view,
             double      x1,
             double      x2,
             double      z_near,
             double      z_far)
{
  double sx, sy;

  view_project (view, x1, 0, z_near, &sx, &sy);
  cairo_move_to (view->cr, sx, sy);
  view_project (view, x2, 0, z_near, &sx, &sy);
  cairo_line_to (view->cr, sx, sy);
  view_project (view, x2, 0, z_far, &sx, &sy);
  cairo_line_to (view->cr, sx, sy);
  view_project (view, x1, 0, z_far, &sx, &sy);
  cairo_line_to (view->cr, sx, sy);
  cairo_close_path (view->cr);
}

static void
draw_street (const View *view,
             int         height)
{
  cairo_t *cr = view->cr;
  double edge = LANE_WIDTH + SIDEWALK_WIDTH;

  /* Sky, buildings, and the ground they stand on. */
  cairo_set_source_rgb (cr, 0.64, 0.76, 0.87);
  cairo_paint (cr);

  for (guint i = 0; i < G_N_ELEMENTS (buildings); i++)
    {
      double shade = buildings[i][3];

      cairo_set_source_rgb (cr, shade, shade * 0.97, shade * 0.92);
      cairo_rectangle (cr, buildings[i][0] * view->width, view->horizon - buildings[i][2] * height,
                       buildings[i][1] * view->width, buildings[i][2] * height + 1);
      cairo_fill (cr);
    }

  cairo_set_source_rgb (cr, 0.52, 0.52, 0.49);
  cairo_rectangle (cr, 0, view->horizon, view->width, height - view->horizon);
  cairo_fill (cr);

  /* Sidewalks, then the road over them. */
  cairo_set_source_rgb (cr, 0.68, 0.67, 0.63);
  ground_quad (view, -edge, edge, 1.0, 400.0);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.26, 0.26, 0.28);
  ground_quad (view, -LANE_WIDTH, LANE_WIDTH, 1.0, 400.0);
  cairo_fill (cr);

  /* Curbs and the dashed line between the lanes. */
  cairo_set_source_rgb (cr, 0.90, 0.90, 0.88);
  ground_quad (view, -LANE_WIDTH, -LANE_WIDTH + 0.15, 1.0, 400.0);
  ground_quad (view, LANE_WIDTH - 0.15, LANE_WIDTH, 1.0, 400.0);
  cairo_fill (cr);
  for (double z = 2.0; z < 150.0; z += 9.0)
    ground_quad (view, -0.08, 0.08, z, z + 3.0);
  cairo_fill (cr);

  /* Street lights on both sidewalks. */
  for (double z = 12.0; z < 80.0; z += 18.0)
    for (int side = -1; side <= 1; side += 2)
      {
        double x1, y1, x2, y2;

        view_project (view, side * (edge - 0.6), 0, z, &x1, &y1);
        view_project (view, side * (edge - 0.6), 6.0, z, &x2, &y2);
        cairo_set_source_rgb (cr, 0.30, 0.31, 0.33);
        cairo_set_line_width (cr, MAX (view->focal * 0.15 / z, 1.0));
        cairo_move_to (cr, x1, y1);
        cairo_line_to (cr, x2, y2);
        cairo_line_to (cr, x2 - side * view->focal * 1.2 / z, y2);
        cairo_stroke (cr);
      }

  /* The reader's plate line, as its configuration screen shows it. */
  {
    double x1, x2, y;
    const double dashes[] = { 8.0, 6.0 };

    view_project (view, -LANE_WIDTH, 0, Z_LINE, &x1, &y);
    view_project (view, LANE_WIDTH, 0, Z_LINE, &x2, &y);
    cairo_set_source_rgba (cr, 1.0, 0.85, 0.1, 0.7);
    cairo_set_line_width (cr, 2.0);
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    cairo_move_to (cr, x1, y);
    cairo_line_to (cr, x2, y);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
}

static void
box_at (const View *view,
        double      cx,
        double      z,
        double      x1,
        double      x2,
        double      h1,
        double      h2)
{
  double sx1, sy1, sx2, sy2;

  view_project (view, cx + x1, h2, z, &sx1, &sy1);
  view_project (view, cx + x2, h1, z, &sx2, &sy2);
  cairo_rectangle (view->cr, sx1, sy1, sx2 - sx1, sy2 - sy1);
}

/* A car seen from the front, its front face @z metres from the camera. */
static void
draw_car (const View       *view,
          const SlSceneCar *car,
          double            z)
{
  cairo_t *cr = view->cr;
  const Color *color = find_color (car->color);
  double cx = car->lane == 0 ? -LANE_WIDTH / 2 : LANE_WIDTH / 2;
  double half = 0.9, hood = 0.95, roof = 1.45;
  double sx, sy, sx2, sy2, plate_x, plate_y;

  /* Half width, bonnet and roof heights in metres, by body type. */
  if (strcmp (car->type, "suv") == 0)
    {
      hood = 1.10;
      roof = 1.75;
    }
  else if (strcmp (car->type, "pickup") == 0)
    {
      half = 1.0;
      hood = 1.20;
      roof = 1.90;
    }
  else if (strcmp (car->type, "van") == 0)
    {
      half = 1.0;
      hood = 1.05;
      roof = 2.10;
    }
  else if (strcmp (car->type, "wagon") == 0)
    {
      hood = 1.0;
      roof = 1.60;
    }

  /* Shadow and tyres. */
  view_project (view, cx, 0, z, &sx, &sy);
  cairo_save (cr);
  cairo_translate (cr, sx, sy);
  cairo_scale (cr, view->focal * (half + 0.2) / z, view->focal * 0.12 / z);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.06, 0.06, 0.06);
  box_at (view, cx, z, -half + 0.05, -half + 0.35, 0, 0.4);
  box_at (view, cx, z, half - 0.35, half - 0.05, 0, 0.4);
  cairo_fill (cr);

  /* Cabin with its windscreen, then the body over its lower edge. */
  view_project (view, cx - half * 0.92, hood, z, &sx, &sy);
  view_project (view, cx - half * 0.72, roof, z, &sx2, &sy2);
  cairo_move_to (cr, sx, sy);
  cairo_line_to (cr, sx2, sy2);
  view_project (view, cx + half * 0.72, roof, z, &sx2, &sy2);
  cairo_line_to (cr, sx2, sy2);
  view_project (view, cx + half * 0.92, hood, z, &sx, &sy);
  cairo_line_to (cr, sx, sy);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, color->r, color->g, color->b);
  cairo_fill (cr);

  view_project (view, cx - half * 0.82, hood, z, &sx, &sy);
  view_project (view, cx - half * 0.66, roof - 0.08, z, &sx2, &sy2);
  cairo_move_to (cr, sx, sy);
  cairo_line_to (cr, sx2, sy2);
  view_project (view, cx + half * 0.66, roof - 0.08, z, &sx2, &sy2);
  cairo_line_to (cr, sx2, sy2);
  view_project (view, cx + half * 0.82, hood, z, &sx, &sy);
  cairo_line_to (cr, sx, sy);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.16, 0.21, 0.27);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, color->r, color->g, color->b);
  box_at (view, cx, z, -half, half, 0.22, hood);
  cairo_fill (cr);

  /* Bumper, grille, headlights. */
  cairo_set_source_rgb (cr, color->r * 0.7, color->g * 0.7, color->b * 0.7);
  box_at (view, cx, z, -half, half, 0.22, 0.50);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.13);
  box_at (view, cx, z, -0.38, 0.38, 0.56, hood - 0.18);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1.0, 0.97, 0.82);
  box_at (view, cx, z, -half + 0.10, -half + 0.42, hood - 0.26, hood - 0.12);
  box_at (view, cx, z, half - 0.42, half - 0.10, hood - 0.26, hood - 0.12);
  cairo_fill (cr);

  /* The plate, in the middle of the bumper. */
  view_project (view, cx - PLATE_WIDTH_M / 2, 0.47, z, &plate_x, &plate_y);
  sl_plate_render_draw (cr, car->plate, car->region, plate_x, plate_y,
                        view->focal * PLATE_WIDTH_M / z);
}

static int
compare_distance_far_first (gconstpointer a,
                            gconstpointer b,
                            gpointer      user_data)
{
  gint64 time_us = *(gint64 *) user_data;
  double za = car_distance (*(SlSceneCar **) a, time_us);
  double zb = car_distance (*(SlSceneCar **) b, time_us);

  return (za < zb) - (za > zb);
}

/* GObject ---------------------------------------------------------------- */

static void
sl_scene_finalize (GObject *object)
{
  SlScene *self = SL_SCENE (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->cars, g_ptr_array_unref);
  g_clear_pointer (&self->last_crossed, sl_scene_car_free);
  g_clear_pointer (&self->listed_set, g_hash_table_unref);
  g_clear_pointer (&self->listed_plates, g_ptr_array_unref);
  g_clear_pointer (&self->listed_regions, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_scene_parent_class)->finalize (object);
}

static void
sl_scene_class_init (SlSceneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_scene_finalize;
}

static void
sl_scene_init (SlScene *self)
{
  self->cars = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_scene_car_free);
  self->listed_plates = g_ptr_array_new_with_free_func (g_free);
  self->listed_regions = g_ptr_array_new_with_free_func (g_free);
  self->listed_set = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Public API ------------------------------------------------------------- */

/**
 * sl_scene_new:
 * @seed: the same seed gives the same cars, plates and gaps between cars
 * @rate: cars per second on average
 *
 * Returns: (transfer full): an empty street at scene time 0.
 */
SlScene *
sl_scene_new (guint64 seed,
              double  rate)
{
  SlScene *self;

  g_return_val_if_fail (rate > 0 && rate <= 1000, NULL);

  self = g_object_new (SL_TYPE_SCENE, NULL);
  self->rate = rate;
  self->rand = g_rand_new_with_seed_array ((const guint32[]) { (guint32) seed, (guint32) (seed >> 32) }, 2);
  self->next_enter_us = next_gap_us (self);
  return self;
}

/**
 * sl_scene_set_hit_list:
 * @plates: (element-type utf8): normalized plates
 * @regions: (element-type utf8): their state codes, "" for California
 * @hit_rate: 0–1: the share of cars that carry one of @plates
 *
 * Set before the first car enters; cars already on the road keep their plates.
 */
void
sl_scene_set_hit_list (SlScene   *self,
                       GPtrArray *plates,
                       GPtrArray *regions,
                       double     hit_rate)
{
  g_return_if_fail (SL_IS_SCENE (self));
  g_return_if_fail (plates != NULL && regions != NULL && plates->len == regions->len);
  g_return_if_fail (hit_rate >= 0 && hit_rate <= 1);

  g_hash_table_remove_all (self->listed_set);
  g_ptr_array_set_size (self->listed_plates, 0);
  g_ptr_array_set_size (self->listed_regions, 0);

  for (guint i = 0; i < plates->len; i++)
    {
      const char *plate = g_ptr_array_index (plates, i);
      const char *region = g_ptr_array_index (regions, i);
      char *copy;

      if (g_hash_table_contains (self->listed_set, plate))
        continue;
      copy = g_strdup (plate);
      g_ptr_array_add (self->listed_plates, copy);
      g_ptr_array_add (self->listed_regions, g_strdup (*region != '\0' ? region : "CA"));
      g_hash_table_add (self->listed_set, copy);
    }

  self->hit_rate = hit_rate;
}

/**
 * sl_scene_load_hit_list:
 * @path: a hot-list CSV file, as `sightlined hotlist import` reads it
 *
 * Takes the file's exact plates (patterns cannot be driven past a camera).
 */
gboolean
sl_scene_load_hit_list (SlScene     *self,
                        const char  *path,
                        double       hit_rate,
                        GError     **error)
{
  g_autoptr(GPtrArray) plates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SlHotlistCsv) csv = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SL_IS_SCENE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  csv = sl_hotlist_csv_parse (data, length, error);
  if (csv == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  for (guint i = 0; i < csv->rows->len; i++)
    {
      const SlHotlistRow *row = &g_array_index (csv->rows, SlHotlistRow, i);

      if (sl_plate_is_pattern (row->plate))
        continue;
      g_ptr_array_add (plates, g_strdup (row->plate));
      g_ptr_array_add (regions, g_strdup (row->region != NULL ? row->region : ""));
    }

  if (plates->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "%s holds no plate a car could carry (only patterns or bad rows)", path);
      return FALSE;
    }

  sl_scene_set_hit_list (self, plates, regions, hit_rate);
  return TRUE;
}

guint
sl_scene_get_n_listed (SlScene *self)
{
  g_return_val_if_fail (SL_IS_SCENE (self), 0);

  return self->listed_plates->len;
}

gboolean
sl_scene_is_listed (SlScene    *self,
                    const char *plate)
{
  g_return_val_if_fail (SL_IS_SCENE (self), FALSE);

  return plate != NULL && g_hash_table_contains (self->listed_set, plate);
}

gint64
sl_scene_get_time_us (SlScene *self)
{
  g_return_val_if_fail (SL_IS_SCENE (self), 0);

  return self->time_us;
}

/**
 * sl_scene_advance:
 * @time_us: the new scene time, not before the current one
 *
 * Moves the traffic on.
 *
 * Returns: (transfer container) (element-type SlSceneCar): copies of the cars
 *   whose front crossed the plate line since the last call, in order of crossing.
 */
GPtrArray *
sl_scene_advance (SlScene *self,
                  gint64   time_us)
{
  g_autoptr(GPtrArray) crossed = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_scene_car_free);
  gint64 previous_us;

  g_return_val_if_fail (SL_IS_SCENE (self), NULL);
  g_return_val_if_fail (time_us >= self->time_us, NULL);

  previous_us = self->time_us;
  self->time_us = time_us;

  while (self->next_enter_us <= time_us)
    {
      g_ptr_array_add (self->cars, create_car (self, self->next_enter_us));
      self->next_enter_us += MAX (next_gap_us (self), 1);
    }

  for (guint i = 0; i < self->cars->len; i++)
    {
      const SlSceneCar *car = g_ptr_array_index (self->cars, i);

      if (car->cross_us > previous_us && car->cross_us <= time_us)
        g_ptr_array_add (crossed, sl_scene_car_copy (car));
    }
  g_ptr_array_sort (crossed, compare_cross_time);

  if (crossed->len > 0)
    {
      g_clear_pointer (&self->last_crossed, sl_scene_car_free);
      self->last_crossed = sl_scene_car_copy (g_ptr_array_index (crossed, crossed->len - 1));
    }

  for (guint i = self->cars->len; i > 0; i--)
    if (car_distance (g_ptr_array_index (self->cars, i - 1), time_us) < Z_GONE)
      g_ptr_array_remove_index (self->cars, i - 1);

  return g_steal_pointer (&crossed);
}

/**
 * sl_scene_get_last_crossed:
 *
 * Returns: (nullable) (transfer none): the car read last.
 */
const SlSceneCar *
sl_scene_get_last_crossed (SlScene *self)
{
  g_return_val_if_fail (SL_IS_SCENE (self), NULL);

  return self->last_crossed;
}

/**
 * sl_scene_draw:
 * @time_us: the scene time to show, at most the current one; a car read
 *   earlier in the last step is drawn where it was read
 *
 * Draws the street and its traffic onto @cr, @width by @height pixels.
 */
void
sl_scene_draw (SlScene *self,
               cairo_t *cr,
               int      width,
               int      height,
               gint64   time_us)
{
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();
  View view;

  g_return_if_fail (SL_IS_SCENE (self));
  g_return_if_fail (cr != NULL);

  view_init (&view, cr, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  draw_street (&view, height);

  for (guint i = 0; i < self->cars->len; i++)
    {
      SlSceneCar *car = g_ptr_array_index (self->cars, i);
      double z = car_distance (car, time_us);

      if (car->enter_us <= time_us && z >= Z_GONE)
        g_ptr_array_add (visible, car);
    }

  g_ptr_array_sort_with_data (visible, compare_distance_far_first, &time_us);
  for (guint i = 0; i < visible->len; i++)
    {
      SlSceneCar *car = g_ptr_array_index (visible, i);

      draw_car (&view, car, car_distance (car, time_us));
    }

  cairo_restore (cr);
}

static void
label (cairo_t    *cr,
       const char *text,
       double      x,
       double      y,
       double      size,
       gboolean    align_right,
       double      r,
       double      g,
       double      b)
{
  cairo_text_extents_t extents;
  double pad = size * 0.35;

  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &extents);
  if (align_right)
    x -= extents.x_advance + 2 * pad;

  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_rectangle (cr, x, y, extents.x_advance + 2 * pad, size + 2 * pad);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_move_to (cr, x + pad, y + pad + size * 0.82);
  cairo_show_text (cr, text);
}

/**
 * sl_scene_draw_overlay:
 * @camera_name: shown at the top left
 * @wall_us: the clock at the top right, local time
 *
 * Draws what a camera burns into its video: name, clock, the last read.
 */
void
sl_scene_draw_overlay (SlScene    *self,
                       cairo_t    *cr,
                       int         width,
                       int         height,
                       const char *camera_name,
                       gint64      wall_us)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);
  g_autofree char *clock = NULL;
  double size = height / 24.0;
  double margin = height / 45.0;

  g_return_if_fail (SL_IS_SCENE (self));
  g_return_if_fail (cr != NULL);

  clock = now != NULL ? g_date_time_format (now, "%Y-%m-%d %H:%M:%S %Z") : g_strdup ("");

  cairo_save (cr);
  cairo_select_font_face (cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  label (cr, camera_name != NULL ? camera_name : "", margin, margin, size, FALSE, 1, 1, 1);
  label (cr, clock, width - margin, margin, size, TRUE, 1, 1, 1);

  if (self->last_crossed != NULL)
    {
      g_autofree char *text = g_strdup_printf ("LPR %s %s %.1f%%", self->last_crossed->plate,
                                               self->last_crossed->region,
                                               self->last_crossed->confidence);

      label (cr, text, margin, height - margin - size * 1.7, size, FALSE, 1.0, 0.82, 0.2);
    }

  cairo_restore (cr);
}
