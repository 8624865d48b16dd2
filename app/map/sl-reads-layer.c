#define G_LOG_DOMAIN "sl-reads-layer"

#include "config.h"

#include <math.h>

#include "sl-reads-layer.h"

/*
 * The reads are one drawing, not one widget each: a million markers would
 * be a million widgets. Each frame bins the visible reads into a grid
 * anchored to the world, so panning never reshuffles the clusters, and draws
 * one mark per occupied cell: a dot for a single read, a disc with the count
 * for more. The work per frame is one pass over the points and a few hundred
 * marks, whatever the number of reads.
 */

#define CELL_PX          48.0
#define DOT_RADIUS        5.0
#define MAX_CLUSTER_R    21.0
#define EARTH_RADIUS_M   6378137.0
#define MAX_MERCATOR_LAT 85.05112878
#define PROBE_DEGREES    0.01
#define LABEL_FONT_SIZE  11.0
#define LABEL_HEIGHT     16

typedef struct
{
  double scale;     /* pixels per world width */
  double cos_t;     /* the map's rotation */
  double sin_t;
  double cx;        /* the centre, in widget coordinates */
  double cy;
  double wx;        /* the centre, in world coordinates (0–1) */
  double wy;
} Projection;

typedef struct
{
  double sx;        /* sums of the members' offsets from the centre, in pixels */
  double sy;
  guint  count;
  guint  hits;
} Cell;

struct _SlReadsLayer
{
  ShumateLayer   parent_instance;

  GArray        *points;        /* SlReadPoint, newest first */
  double        *world;         /* x, y per point */
  gint64         first_us;
  gint64         last_us;
  gint64         until_us;

  GArray        *track;         /* SlReadPoint, oldest first */
  double        *track_world;

  SlMapAreaKind  area_kind;
  double         area_lat;
  double         area_lon;
  double         area_radius_m;
  GArray        *polygon;       /* double lat, lon pairs */
  gboolean       polygon_closed;

  /* the last frame, for picking */
  Projection     frame;
  gboolean       have_frame;
  gint64         gx0;
  gint64         gy0;
  guint          n_cols;
  guint          n_rows;
  GArray        *cells;         /* Cell */
  guint          n_drawn;
  GHashTable    *sprites;       /* key → cairo_surface_t: discs and count labels */
};

G_DEFINE_FINAL_TYPE (SlReadsLayer, sl_reads_layer, SHUMATE_TYPE_LAYER)

void
sl_map_cluster_free (SlMapCluster *cluster)
{
  if (cluster == NULL)
    return;

  g_clear_pointer (&cluster->reads, g_array_unref);
  g_free (cluster);
}

/* ---- geometry ---- */

static void
to_world (double  lat,
          double  lon,
          double *x,
          double *y)
{
  double phi = CLAMP (lat, -MAX_MERCATOR_LAT, MAX_MERCATOR_LAT) * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0;
  *y = (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

static void
from_world (double  x,
            double  y,
            double *lat,
            double *lon)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

/* The viewport's projection, measured through the viewport itself so that
 * the marks sit where the tiles put the same places, whatever its zoom and
 * rotation. */
static gboolean
projection_init (SlReadsLayer *self,
                 Projection   *p)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double lat;
  double lon;
  double x1;
  double y1;
  double length;

  if (viewport == NULL)
    return FALSE;

  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), lat, lon, &p->cx, &p->cy);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), lat,
                                              lon < 0 ? lon + PROBE_DEGREES : lon - PROBE_DEGREES, &x1, &y1);
  if (lon >= 0)
    {
      x1 = 2 * p->cx - x1;
      y1 = 2 * p->cy - y1;
    }

  length = hypot (x1 - p->cx, y1 - p->cy);
  if (!(length > 0) || !isfinite (length))
    return FALSE;

  p->scale = length * 360.0 / PROBE_DEGREES;
  p->cos_t = (x1 - p->cx) / length;
  p->sin_t = (y1 - p->cy) / length;
  to_world (lat, lon, &p->wx, &p->wy);
  return TRUE;
}

/* @dx, @dy: pixels from the centre, unrotated */
static void
place (const Projection *p,
       double            dx,
       double            dy,
       double           *x,
       double           *y)
{
  *x = p->cx + dx * p->cos_t - dy * p->sin_t;
  *y = p->cy + dx * p->sin_t + dy * p->cos_t;
}

static void
project (const Projection *p,
         double            wx,
         double            wy,
         double           *x,
         double           *y)
{
  place (p, (wx - p->wx) * p->scale, (wy - p->wy) * p->scale, x, y);
}

static void
project_location (const Projection *p,
                  double            lat,
                  double            lon,
                  double           *x,
                  double           *y)
{
  double wx;
  double wy;

  to_world (lat, lon, &wx, &wy);
  project (p, wx, wy, x, y);
}

static double *
world_of (GArray *points)
{
  double *world = g_new (double, 2 * (gsize) MAX (points->len, 1));

  for (guint i = 0; i < points->len; i++)
    {
      const SlReadPoint *point = &g_array_index (points, SlReadPoint, i);

      to_world (point->lat, point->lon, &world[2 * i], &world[2 * i + 1]);
    }

  return world;
}

static gboolean
is_shown (SlReadsLayer      *self,
          const SlReadPoint *point)
{
  return (point->flags & SL_READ_POINT_NO_POSITION) == 0 && point->captured_us <= self->until_us;
}

/* ---- binning ---- */

static void
bin (SlReadsLayer *self,
     int           width,
     int           height)
{
  const Projection *p = &self->frame;
  double reach = hypot (width, height) / 2.0 + CELL_PX;
  double origin_x = p->wx * p->scale;
  double origin_y = p->wy * p->scale;
  Cell *cells;

  self->gx0 = (gint64) floor ((origin_x - reach) / CELL_PX);
  self->gy0 = (gint64) floor ((origin_y - reach) / CELL_PX);
  self->n_cols = (guint) ceil (2.0 * reach / CELL_PX) + 1;
  self->n_rows = self->n_cols;
  g_array_set_size (self->cells, 0);
  g_array_set_size (self->cells, self->n_cols * self->n_rows);
  cells = (Cell *) (gpointer) self->cells->data;

  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    {
      const SlReadPoint *point = &g_array_index (self->points, SlReadPoint, i);
      double px;
      double py;
      gint64 gx;
      gint64 gy;
      Cell *cell;

      if (!is_shown (self, point))
        continue;

      px = self->world[2 * i] * p->scale;
      py = self->world[2 * i + 1] * p->scale;
      gx = (gint64) floor (px / CELL_PX) - self->gx0;
      gy = (gint64) floor (py / CELL_PX) - self->gy0;
      if (gx < 0 || gy < 0 || gx >= self->n_cols || gy >= self->n_rows)
        continue;

      cell = &cells[gy * self->n_cols + gx];
      cell->sx += px - origin_x;
      cell->sy += py - origin_y;
      cell->count++;
      if (point->flags & SL_READ_POINT_HIT)
        cell->hits++;
    }
}

/* Four sizes of disc, so that a handful of drawings serve every mark. */
static double
cluster_radius (guint count)
{
  return count <= 1 ? DOT_RADIUS : count < 10 ? 12.0 : count < 100 ? 15.0 : count < 1000 ? 18.0 : MAX_CLUSTER_R;
}

/* ---- drawing ---- */

static void
format_count (guint  count,
              char  *buffer,
              gsize  size)
{
  if (count < 1000)
    g_snprintf (buffer, size, "%u", count);
  else if (count < 10000)
    g_snprintf (buffer, size, "%.1fk", count / 1000.0);
  else if (count < 1000000)
    g_snprintf (buffer, size, "%uk", count / 1000);
  else
    g_snprintf (buffer, size, "%.1fM", count / 1000000.0);
}

static cairo_surface_t *
new_sprite (cairo_t  *target,
            int       width,
            int       height,
            cairo_t **cr)
{
  cairo_surface_t *sprite;
  double sx = 1;
  double sy = 1;

  cairo_surface_get_device_scale (cairo_get_target (target), &sx, &sy);
  sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * sx), (int) ceil (height * sy));
  cairo_surface_set_device_scale (sprite, sx, sy);
  *cr = cairo_create (sprite);
  return sprite;
}

/* A disc as marks of @count reads look, drawn once and then only copied:
 * rasterizing a thousand antialiased circles a frame is what costs. */
static cairo_surface_t *
disc_sprite (SlReadsLayer *self,
             cairo_t      *target,
             guint         count,
             gboolean      hit)
{
  double r = cluster_radius (count);
  char key[32];
  cairo_surface_t *sprite;
  cairo_t *cr;
  int size;

  g_snprintf (key, sizeof key, "disc %.0f %d %d", r, count > 1, hit);
  sprite = g_hash_table_lookup (self->sprites, key);
  if (sprite != NULL)
    return sprite;

  size = (int) ceil (2 * (r + 5));
  sprite = new_sprite (target, size, size, &cr);
  cairo_translate (cr, size / 2.0, size / 2.0);
  cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
  if (hit && count == 1)
    cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
  else
    cairo_set_source_rgba (cr, 0.11, 0.38, 0.75, count == 1 ? 1.0 : 0.88);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2.0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  if (hit && count > 1)
    {
      cairo_arc (cr, 0, 0, r + 2.5, 0, 2 * G_PI);
      cairo_set_line_width (cr, 3.0);
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  g_hash_table_insert (self->sprites, g_strdup (key), sprite);
  return sprite;
}

static cairo_surface_t *
label_sprite (SlReadsLayer *self,
              cairo_t      *target,
              const char   *text)
{
  cairo_surface_t *sprite = g_hash_table_lookup (self->sprites, text);
  cairo_text_extents_t extents;
  cairo_t *cr;

  if (sprite != NULL)
    return sprite;

  cairo_text_extents (target, text, &extents);
  sprite = new_sprite (target, (int) ceil (extents.x_advance) + 2, LABEL_HEIGHT, &cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, LABEL_FONT_SIZE);
  cairo_move_to (cr, 1, LABEL_HEIGHT / 2.0 + extents.height / 2.0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_show_text (cr, text);
  cairo_destroy (cr);

  g_hash_table_insert (self->sprites, g_strdup (text), sprite);
  return sprite;
}

static void
paint_sprite (cairo_t         *cr,
              cairo_surface_t *sprite,
              double           x,
              double           y)
{
  double sx = 1;
  double sy = 1;
  double width;
  double height;

  cairo_surface_get_device_scale (sprite, &sx, &sy);
  width = cairo_image_surface_get_width (sprite) / sx;
  height = cairo_image_surface_get_height (sprite) / sy;
  /* whole pixels: a copy, not a resampling */
  cairo_set_source_surface (cr, sprite, round (x - width / 2.0), round (y - height / 2.0));
  cairo_paint (cr);
}

static void
draw_reads (SlReadsLayer *self,
            cairo_t      *cr,
            int           width,
            int           height)
{
  const Cell *cells = (const Cell *) (gconstpointer) self->cells->data;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, LABEL_FONT_SIZE);

  /* Marks with hits last, so that nothing covers them. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->cells->len; i++)
      {
        const Cell *cell = &cells[i];
        double r = cluster_radius (cell->count) + 5;
        double x;
        double y;

        if (cell->count == 0 || (cell->hits > 0) != (pass == 1))
          continue;

        place (&self->frame, cell->sx / cell->count, cell->sy / cell->count, &x, &y);
        if (x < -r || y < -r || x > width + r || y > height + r)
          continue;

        paint_sprite (cr, disc_sprite (self, cr, cell->count, cell->hits > 0), x, y);
        if (cell->count > 1)
          {
            char text[16];

            format_count (cell->count, text, sizeof text);
            paint_sprite (cr, label_sprite (self, cr, text), x, y);
          }
        self->n_drawn++;
      }
}

static void
draw_track (SlReadsLayer *self,
            cairo_t      *cr)
{
  guint n = self->track->len;
  guint every = MAX (1, n / 12);
  double x;
  double y;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          project (&self->frame, self->track_world[2 * i], self->track_world[2 * i + 1], &x, &y);
          cairo_line_to (cr, x, y);
        }
      cairo_set_line_width (cr, pass == 0 ? 7.0 : 4.0);
      if (pass == 0)
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      else
        cairo_set_source_rgb (cr, 0.45, 0.18, 0.62);
      cairo_stroke (cr);
    }

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11.0);
  for (guint i = 0; i < n; i++)
    {
      const SlReadPoint *point = &g_array_index (self->track, SlReadPoint, i);
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *label = NULL;

      project (&self->frame, self->track_world[2 * i], self->track_world[2 * i + 1], &x, &y);
      cairo_new_path (cr);
      cairo_arc (cr, x, y, i == 0 || i == n - 1 ? 6.0 : 4.0, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.45, 0.18, 0.62);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 2.0);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);

      if (i % every != 0 && i != n - 1)
        continue;

      utc = g_date_time_new_from_unix_utc (point->captured_us / G_USEC_PER_SEC);
      if (utc == NULL)
        continue;
      local = g_date_time_to_local (utc);
      label = g_date_time_format (local, "%b %-d %H:%M");

      /* a white halo keeps the time readable on any tile */
      cairo_move_to (cr, x + 9, y - 7);
      cairo_text_path (cr, label);
      cairo_set_line_width (cr, 3.0);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);
      cairo_move_to (cr, x + 9, y - 7);
      cairo_set_source_rgb (cr, 0.25, 0.1, 0.35);
      cairo_show_text (cr, label);
    }
}

static void
draw_area (SlReadsLayer *self,
           cairo_t      *cr)
{
  double x;
  double y;

  cairo_new_path (cr);
  if (self->area_kind == SL_MAP_AREA_CIRCLE)
    {
      double metres_per_px = 2 * G_PI * EARTH_RADIUS_M * cos (self->area_lat * G_PI / 180.0) / self->frame.scale;

      project_location (&self->frame, self->area_lat, self->area_lon, &x, &y);
      cairo_arc (cr, x, y, self->area_radius_m / metres_per_px, 0, 2 * G_PI);
    }
  else
    {
      for (guint i = 0; i < self->polygon->len / 2; i++)
        {
          project_location (&self->frame, g_array_index (self->polygon, double, 2 * i),
                            g_array_index (self->polygon, double, 2 * i + 1), &x, &y);
          cairo_line_to (cr, x, y);
        }
      if (self->polygon_closed)
        cairo_close_path (cr);
    }

  if (self->area_kind == SL_MAP_AREA_CIRCLE || self->polygon_closed)
    {
      cairo_set_source_rgba (cr, 0.96, 0.47, 0.0, 0.12);
      cairo_fill_preserve (cr);
    }
  cairo_set_line_width (cr, 2.5);
  cairo_set_source_rgb (cr, 0.9, 0.42, 0.0);
  cairo_stroke (cr);

  /* the corners of a polygon still being drawn */
  if (self->area_kind == SL_MAP_AREA_POLYGON && !self->polygon_closed)
    for (guint i = 0; i < self->polygon->len / 2; i++)
      {
        project_location (&self->frame, g_array_index (self->polygon, double, 2 * i),
                          g_array_index (self->polygon, double, 2 * i + 1), &x, &y);
        cairo_new_path (cr);
        cairo_arc (cr, x, y, i == 0 ? 6.0 : 4.0, 0, 2 * G_PI);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 0.9, 0.42, 0.0);
        cairo_set_line_width (cr, 2.0);
        cairo_stroke (cr);
      }
}

static void
sl_reads_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlReadsLayer *self = SL_READS_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean has_points = self->points != NULL && self->points->len > 0;
  gboolean has_track = self->track != NULL && self->track->len > 0;
  cairo_t *cr;

  self->n_drawn = 0;
  self->have_frame = width > 0 && height > 0 && projection_init (self, &self->frame);
  if (!self->have_frame)
    return;

  bin (self, width, height);
  if (!has_points && !has_track && self->area_kind == SL_MAP_AREA_NONE)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);
  if (self->area_kind != SL_MAP_AREA_NONE)
    draw_area (self, cr);
  if (has_points)
    draw_reads (self, cr, width, height);
  if (has_track)
    draw_track (self, cr);
  cairo_destroy (cr);
}

/* ---- the layer ---- */

static void
viewport_changed_cb (SlReadsLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The marks are drawn for the screen's scale: another scale, other marks. */
static void
scale_changed_cb (SlReadsLayer *self)
{
  g_hash_table_remove_all (self->sprites);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sl_reads_layer_constructed (GObject *object)
{
  SlReadsLayer *self = SL_READS_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (sl_reads_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_changed_cb), NULL);
}

static void
sl_reads_layer_finalize (GObject *object)
{
  SlReadsLayer *self = SL_READS_LAYER (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->world, g_free);
  g_clear_pointer (&self->track, g_array_unref);
  g_clear_pointer (&self->track_world, g_free);
  g_clear_pointer (&self->polygon, g_array_unref);
  g_clear_pointer (&self->cells, g_array_unref);
  g_clear_pointer (&self->sprites, g_hash_table_unref);

  G_OBJECT_CLASS (sl_reads_layer_parent_class)->finalize (object);
}

static void
sl_reads_layer_class_init (SlReadsLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sl_reads_layer_constructed;
  object_class->finalize = sl_reads_layer_finalize;
  widget_class->snapshot = sl_reads_layer_snapshot;
}

static void
sl_reads_layer_init (SlReadsLayer *self)
{
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->sprites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
  self->polygon = g_array_new (FALSE, FALSE, sizeof (double));
  self->until_us = G_MAXINT64;
}

/**
 * sl_reads_layer_new:
 *
 * Returns: (transfer floating): a layer for the map of @viewport
 */
SlReadsLayer *
sl_reads_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (SL_TYPE_READS_LAYER, "viewport", viewport, NULL);
}

/**
 * sl_reads_layer_set_points:
 * @points: (element-type SlReadPoint) (nullable): a search's reads, newest first
 *
 * Shows @points, all of them until a time is set.
 */
void
sl_reads_layer_set_points (SlReadsLayer *self,
                           GArray       *points)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->world, g_free);
  self->first_us = self->last_us = 0;
  self->until_us = G_MAXINT64;

  if (points != NULL)
    {
      self->points = g_array_ref (points);
      self->world = world_of (points);
      for (guint i = 0; i < points->len; i++)
        {
          gint64 at = g_array_index (points, SlReadPoint, i).captured_us;

          self->first_us = i == 0 ? at : MIN (self->first_us, at);
          self->last_us = i == 0 ? at : MAX (self->last_us, at);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_reads_layer_get_points:
 *
 * Returns: (transfer none) (nullable) (element-type SlReadPoint): the reads shown
 */
GArray *
sl_reads_layer_get_points (SlReadsLayer *self)
{
  g_return_val_if_fail (SL_IS_READS_LAYER (self), NULL);
  return self->points;
}

/**
 * sl_reads_layer_get_bounds:
 *
 * Returns: whether there is any read with a position, and if so the box around them
 */
gboolean
sl_reads_layer_get_bounds (SlReadsLayer *self,
                           double       *min_lat,
                           double       *min_lon,
                           double       *max_lat,
                           double       *max_lon)
{
  gboolean any = FALSE;

  g_return_val_if_fail (SL_IS_READS_LAYER (self), FALSE);

  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    {
      const SlReadPoint *point = &g_array_index (self->points, SlReadPoint, i);

      if (point->flags & SL_READ_POINT_NO_POSITION)
        continue;
      if (!any)
        {
          *min_lat = *max_lat = point->lat;
          *min_lon = *max_lon = point->lon;
          any = TRUE;
          continue;
        }
      *min_lat = MIN (*min_lat, point->lat);
      *max_lat = MAX (*max_lat, point->lat);
      *min_lon = MIN (*min_lon, point->lon);
      *max_lon = MAX (*max_lon, point->lon);
    }

  return any;
}

/**
 * sl_reads_layer_get_time_range:
 *
 * The first and last capture times of the reads, or 0 and 0 without reads.
 */
void
sl_reads_layer_get_time_range (SlReadsLayer *self,
                               gint64       *first_us,
                               gint64       *last_us)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  *first_us = self->first_us;
  *last_us = self->last_us;
}

/**
 * sl_reads_layer_set_until:
 * @until_us: show the reads captured at or before this time; %G_MAXINT64 for all
 */
void
sl_reads_layer_set_until (SlReadsLayer *self,
                          gint64        until_us)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  if (self->until_us == until_us)
    return;

  self->until_us = until_us;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_reads_layer_count_shown:
 *
 * Returns: how many reads the time allows, on screen or not
 */
guint
sl_reads_layer_count_shown (SlReadsLayer *self)
{
  guint n = 0;

  g_return_val_if_fail (SL_IS_READS_LAYER (self), 0);

  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    if (is_shown (self, &g_array_index (self->points, SlReadPoint, i)))
      n++;

  return n;
}

/**
 * sl_reads_layer_set_track:
 * @track: (element-type SlReadPoint) (nullable): one plate's reads, oldest first
 *
 * Draws @track as a path with the times of its reads.
 */
void
sl_reads_layer_set_track (SlReadsLayer *self,
                          GArray       *track)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  g_clear_pointer (&self->track, g_array_unref);
  g_clear_pointer (&self->track_world, g_free);
  if (track != NULL)
    {
      self->track = g_array_ref (track);
      self->track_world = world_of (track);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_reads_layer_set_circle:
 *
 * Shows a circle: the area of a canvass.
 */
void
sl_reads_layer_set_circle (SlReadsLayer *self,
                           double        lat,
                           double        lon,
                           double        radius_m)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  self->area_kind = SL_MAP_AREA_CIRCLE;
  self->area_lat = lat;
  self->area_lon = lon;
  self->area_radius_m = radius_m;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_reads_layer_set_polygon:
 * @lat_lon: (array): latitude and longitude of each corner, in turn
 * @closed: whether the polygon is finished; an open one shows its corners
 */
void
sl_reads_layer_set_polygon (SlReadsLayer *self,
                            const double *lat_lon,
                            guint         n_vertices,
                            gboolean      closed)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));
  g_return_if_fail (n_vertices == 0 || lat_lon != NULL);

  g_array_set_size (self->polygon, 0);
  g_array_append_vals (self->polygon, lat_lon, 2 * n_vertices);
  self->polygon_closed = closed;
  self->area_kind = n_vertices > 0 ? SL_MAP_AREA_POLYGON : SL_MAP_AREA_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_reads_layer_clear_area (SlReadsLayer *self)
{
  g_return_if_fail (SL_IS_READS_LAYER (self));

  self->area_kind = SL_MAP_AREA_NONE;
  g_array_set_size (self->polygon, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SlMapAreaKind
sl_reads_layer_get_area_kind (SlReadsLayer *self)
{
  g_return_val_if_fail (SL_IS_READS_LAYER (self), SL_MAP_AREA_NONE);
  return self->area_kind;
}

/**
 * sl_reads_layer_dup_area_json:
 *
 * Returns: (transfer full) (nullable): the drawn area as the API takes it,
 *   {"lat", "lon", "radius_m"} or {"polygon": [[lat, lon], …]}; %NULL while
 *   there is none or its polygon is still open
 */
char *
sl_reads_layer_dup_area_json (SlReadsLayer *self)
{
  g_autoptr(GString) json = g_string_new (NULL);
  char lat[G_ASCII_DTOSTR_BUF_SIZE];
  char lon[G_ASCII_DTOSTR_BUF_SIZE];
  char radius[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (SL_IS_READS_LAYER (self), NULL);

  if (self->area_kind == SL_MAP_AREA_CIRCLE)
    {
      g_string_printf (json, "{\"lat\": %s, \"lon\": %s, \"radius_m\": %s}",
                       g_ascii_formatd (lat, sizeof lat, "%.6f", self->area_lat),
                       g_ascii_formatd (lon, sizeof lon, "%.6f", self->area_lon),
                       g_ascii_formatd (radius, sizeof radius, "%.1f", self->area_radius_m));
      return g_string_free (g_steal_pointer (&json), FALSE);
    }
  if (self->area_kind != SL_MAP_AREA_POLYGON || !self->polygon_closed)
    return NULL;

  g_string_append (json, "{\"polygon\": [");
  for (guint i = 0; i + 1 < self->polygon->len; i += 2)
    g_string_append_printf (json, "%s[%s, %s]", i > 0 ? ", " : "",
                            g_ascii_formatd (lat, sizeof lat, "%.6f", g_array_index (self->polygon, double, i)),
                            g_ascii_formatd (lon, sizeof lon, "%.6f", g_array_index (self->polygon, double, i + 1)));
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/**
 * sl_reads_layer_pick:
 * @x: a point of the layer, as the last frame drew it
 *
 * Returns: (transfer full) (nullable): the mark under (@x, @y) and its reads
 */
SlMapCluster *
sl_reads_layer_pick (SlReadsLayer *self,
                     double        x,
                     double        y)
{
  const Cell *cells;
  double origin_x;
  double origin_y;
  double best = G_MAXDOUBLE;
  gint64 best_cell = -1;
  g_autoptr(SlMapCluster) cluster = NULL;
  double sum_wx = 0;
  double sum_wy = 0;

  g_return_val_if_fail (SL_IS_READS_LAYER (self), NULL);

  if (!self->have_frame || self->points == NULL)
    return NULL;

  cells = (const Cell *) (gconstpointer) self->cells->data;
  for (guint i = 0; i < self->cells->len; i++)
    {
      double cx;
      double cy;
      double distance;

      if (cells[i].count == 0)
        continue;

      place (&self->frame, cells[i].sx / cells[i].count, cells[i].sy / cells[i].count, &cx, &cy);
      distance = hypot (cx - x, cy - y);
      if (distance <= cluster_radius (cells[i].count) + 4.0 && distance < best)
        {
          best = distance;
          best_cell = i;
        }
    }

  if (best_cell < 0)
    return NULL;

  cluster = g_new0 (SlMapCluster, 1);
  cluster->reads = g_array_new (FALSE, FALSE, sizeof (guint));
  origin_x = self->frame.wx * self->frame.scale;
  origin_y = self->frame.wy * self->frame.scale;
  for (guint i = 0; i < self->points->len; i++)
    {
      const SlReadPoint *point = &g_array_index (self->points, SlReadPoint, i);
      double px = self->world[2 * i] * self->frame.scale;
      double py = self->world[2 * i + 1] * self->frame.scale;
      gint64 gx = (gint64) floor (px / CELL_PX) - self->gx0;
      gint64 gy = (gint64) floor (py / CELL_PX) - self->gy0;

      if (!is_shown (self, point) || gy * self->n_cols + gx != best_cell ||
          gx < 0 || gx >= self->n_cols)
        continue;

      g_array_append_val (cluster->reads, i);
      cluster->n_reads++;
      if (point->flags & SL_READ_POINT_HIT)
        cluster->n_hits++;
      sum_wx += px - origin_x;
      sum_wy += py - origin_y;
    }

  if (cluster->n_reads == 0)
    return NULL;

  from_world ((origin_x + sum_wx / cluster->n_reads) / self->frame.scale,
              (origin_y + sum_wy / cluster->n_reads) / self->frame.scale,
              &cluster->lat, &cluster->lon);
  return g_steal_pointer (&cluster);
}

/**
 * sl_reads_layer_get_n_drawn:
 *
 * Returns: how many marks (dots and clusters) the last frame drew
 */
guint
sl_reads_layer_get_n_drawn (SlReadsLayer *self)
{
  g_return_val_if_fail (SL_IS_READS_LAYER (self), 0);
  return self->n_drawn;
}
