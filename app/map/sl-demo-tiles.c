#define G_LOG_DOMAIN "sl-demo-tiles"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo.h>
#include <math.h>
#include <png.h>

#include "sl-demo-tiles.h"
#include "sl-tile-task.h"
#include "sl-demo-tiles-private.h"
#include "sl-error.h"

struct _SlDemoTiles
{
  ShumateDataSource parent_instance;
};

G_DEFINE_FINAL_TYPE (SlDemoTiles, sl_demo_tiles, SHUMATE_TYPE_DATA_SOURCE)

#define RGB(hex) (((hex) >> 16) & 0xff) / 255.0, (((hex) >> 8) & 0xff) / 255.0, ((hex) & 0xff) / 255.0

#define PARK_RGB           0xdbe6d3
#define CASING_RGB         0xc6c6c4
#define MAJOR_CASING_RGB   0xb4b4b2
#define FREEWAY_CASING_RGB 0xa5a5a3
#define FREEWAY_RGB        0xf8f8f6
#define FAR_ROAD_RGB       0xc4c4c2  /* a road too thin for a casing */
#define LABEL_RGB          0x55595e
#define DISTRICT_RGB       0x8d8f93
#define WATER_LABEL_RGB    0x5a7f9c
#define SHIELD_RGB         0x7d8187

#define EARTH_CIRCUMFERENCE_M 40075016.686
/* Past the tile's edge, so strokes and labels across it line up. */
#define MARGIN_PX 32.0

typedef struct
{
  double x;
  double y;
} UnitPoint;  /* Web Mercator, the world being the unit square, y downwards */

typedef struct
{
  UnitPoint *points;
  guint      n_points;
  guint     *corners;   /* indices of the drawn points, such as junctions */
  guint      n_corners;
  double     x0, y0, x1, y1;
} Shape;

typedef struct
{
  Shape     *features;  /* one per _sl_demo_features[] */
  Shape     *grids;     /* one per _sl_demo_grids[] */
  UnitPoint *grid_origins;
  UnitPoint *places;
} Geography;

typedef struct
{
  cairo_t *cr;
  int      zoom;
  double   scale;       /* world pixels per unit */
  double   ox, oy;      /* the tile's top left corner, in world pixels */
  double   mpp;         /* metres per pixel at the tile's latitude */
  GArray  *clip_a;      /* scratch for clipping polygons */
  GArray  *clip_b;
} Tile;

static UnitPoint
unit_from_geo (const SlGeoPoint *geo)
{
  double s = sin (geo->lat * G_PI / 180.0);
  UnitPoint p;

  s = CLAMP (s, -0.9999, 0.9999);
  p.x = (geo->lon + 180.0) / 360.0;
  p.y = 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
  return p;
}

static void
shape_add (Shape     *shape,
           UnitPoint  p,
           gboolean   corner)
{
  if (corner)
    shape->corners[shape->n_corners++] = shape->n_points;
  shape->points[shape->n_points++] = p;
  shape->x0 = MIN (shape->x0, p.x);
  shape->y0 = MIN (shape->y0, p.y);
  shape->x1 = MAX (shape->x1, p.x);
  shape->y1 = MAX (shape->y1, p.y);
}

/* Catmull-Rom's tangent at b, no longer than its shorter side, so a short
 * stretch beside a long one does not overshoot. */
static UnitPoint
tangent (UnitPoint a,
         UnitPoint b,
         UnitPoint c)
{
  double limit = MIN (hypot (b.x - a.x, b.y - a.y), hypot (c.x - b.x, c.y - b.y));
  UnitPoint m = { (c.x - a.x) / 2, (c.y - a.y) / 2 };
  double length = hypot (m.x, m.y);

  if (length > limit && length > 0)
    {
      m.x *= limit / length;
      m.y *= limit / length;
    }
  return m;
}

/* Shores and roads drawn by hand are polygons; at street zoom their corners
 * show. Stretches shorter than SMOOTH_BELOW become curves through the same
 * points; the long edges out in the Pacific stay straight. */
#define SMOOTH_BELOW 4e-5   /* of the world's width: about 1.2 km here */
#define SMOOTH_STEPS 8

static void
shape_init (Shape            *shape,
            const SlGeoPoint *points,
            guint             n_points,
            gboolean          closed,
            gboolean          smooth)
{
  g_autofree UnitPoint *p = g_new (UnitPoint, n_points);
  guint n_segments = closed ? n_points : n_points - 1;

  for (guint i = 0; i < n_points; i++)
    p[i] = unit_from_geo (&points[i]);

  shape->points = g_new (UnitPoint, n_points * SMOOTH_STEPS + 1);
  shape->n_points = 0;
  shape->corners = g_new (guint, n_points);
  shape->n_corners = 0;
  shape->x0 = shape->y0 = G_MAXDOUBLE;
  shape->x1 = shape->y1 = -G_MAXDOUBLE;

  shape_add (shape, p[0], TRUE);
  for (guint i = 0; i < n_segments; i++)
    {
      UnitPoint a = p[i], b = p[(i + 1) % n_points];
      UnitPoint before = closed ? p[(i + n_points - 1) % n_points] : p[i > 0 ? i - 1 : 0];
      UnitPoint after = closed ? p[(i + 2) % n_points] : p[MIN (i + 2, n_points - 1)];
      /* a polygon's last point is its first: the path closes itself */
      guint last = closed && i == n_segments - 1 ? SMOOTH_STEPS - 1 : SMOOTH_STEPS;
      UnitPoint ma, mb;

      if (!smooth || hypot (b.x - a.x, b.y - a.y) > SMOOTH_BELOW)
        {
          if (last == SMOOTH_STEPS)
            shape_add (shape, b, TRUE);
          continue;
        }

      ma = tangent (before, a, b);
      mb = tangent (a, b, after);
      for (guint step = 1; step <= last; step++)
        {
          double t = (double) step / SMOOTH_STEPS, t2 = t * t, t3 = t2 * t;
          double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
          UnitPoint q = {
            h00 * a.x + h10 * ma.x + h01 * b.x + h11 * mb.x,
            h00 * a.y + h10 * ma.y + h01 * b.y + h11 * mb.y,
          };

          shape_add (shape, q, step == SMOOTH_STEPS);
        }
    }
}

/* Built once, read by every rendering thread; kept until exit. */
static const Geography *
geography_get (void)
{
  static gsize ready = 0;
  static Geography geography;

  if (g_once_init_enter (&ready))
    {
      geography.features = g_new0 (Shape, _sl_demo_n_features);
      for (guint i = 0; i < _sl_demo_n_features; i++)
        shape_init (&geography.features[i], _sl_demo_features[i].points, _sl_demo_features[i].n_points,
                    _sl_demo_features[i].kind <= SL_DEMO_PARK, TRUE);

      geography.grids = g_new0 (Shape, _sl_demo_n_grids);
      geography.grid_origins = g_new0 (UnitPoint, _sl_demo_n_grids);
      for (guint i = 0; i < _sl_demo_n_grids; i++)
        {
          shape_init (&geography.grids[i], _sl_demo_grids[i].outline, _sl_demo_grids[i].n_outline,
                      TRUE, FALSE);
          geography.grid_origins[i] = unit_from_geo (&_sl_demo_grids[i].origin);
        }

      geography.places = g_new0 (UnitPoint, _sl_demo_n_places);
      for (guint i = 0; i < _sl_demo_n_places; i++)
        geography.places[i] = unit_from_geo (&_sl_demo_places[i].at);

      g_once_init_leave (&ready, 1);
    }

  return &geography;
}

static inline double
tile_x (const Tile *tile,
        UnitPoint   p)
{
  return p.x * tile->scale - tile->ox;
}

static inline double
tile_y (const Tile *tile,
        UnitPoint   p)
{
  return p.y * tile->scale - tile->oy;
}

static gboolean
tile_sees (const Tile  *tile,
           const Shape *shape,
           double       margin_px)
{
  double lo_x = (tile->ox - margin_px) / tile->scale;
  double lo_y = (tile->oy - margin_px) / tile->scale;
  double hi_x = (tile->ox + SL_DEMO_TILES_SIZE + margin_px) / tile->scale;
  double hi_y = (tile->oy + SL_DEMO_TILES_SIZE + margin_px) / tile->scale;

  return shape->x1 >= lo_x && shape->x0 <= hi_x && shape->y1 >= lo_y && shape->y0 <= hi_y;
}

/* One Sutherland–Hodgman pass: keeps the side of x (axis 0) or y (axis 1)
 * = bound where sign * (v - bound) >= 0. */
static void
clip_pass (GArray *in,
           GArray *out,
           int     axis,
           double  bound,
           double  sign)
{
  guint n = in->len / 2;
  const double *v = (const double *) in->data;

  g_array_set_size (out, 0);
  for (guint i = 0; i < n; i++)
    {
      const double *a = &v[2 * ((i + n - 1) % n)];
      const double *b = &v[2 * i];
      gboolean a_in = sign * (a[axis] - bound) >= 0;
      gboolean b_in = sign * (b[axis] - bound) >= 0;

      if (a_in != b_in)
        {
          double t = (bound - a[axis]) / (b[axis] - a[axis]);
          double c[2] = { a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]) };

          c[axis] = bound;
          g_array_append_vals (out, c, 2);
        }
      if (b_in)
        g_array_append_vals (out, b, 2);
    }
}

/* Adds a polygon to the path, cut to the tile and its margin: cairo's fixed
 * point cannot hold the Pacific's corners at street zoom. */
static void
path_polygon (Tile        *tile,
              const Shape *shape)
{
  const double lo = -MARGIN_PX, hi = SL_DEMO_TILES_SIZE + MARGIN_PX;
  const double *v;
  guint n;

  g_array_set_size (tile->clip_a, 0);
  for (guint i = 0; i < shape->n_points; i++)
    {
      double c[2] = { tile_x (tile, shape->points[i]), tile_y (tile, shape->points[i]) };

      g_array_append_vals (tile->clip_a, c, 2);
    }

  clip_pass (tile->clip_a, tile->clip_b, 0, lo, 1);
  clip_pass (tile->clip_b, tile->clip_a, 0, hi, -1);
  clip_pass (tile->clip_a, tile->clip_b, 1, lo, 1);
  clip_pass (tile->clip_b, tile->clip_a, 1, hi, -1);

  v = (const double *) tile->clip_a->data;
  n = tile->clip_a->len / 2;
  if (n < 3)
    return;

  cairo_move_to (tile->cr, v[0], v[1]);
  for (guint i = 1; i < n; i++)
    cairo_line_to (tile->cr, v[2 * i], v[2 * i + 1]);
  cairo_close_path (tile->cr);
}

static void
path_polyline (Tile        *tile,
               const Shape *shape)
{
  cairo_move_to (tile->cr, tile_x (tile, shape->points[0]), tile_y (tile, shape->points[0]));
  for (guint i = 1; i < shape->n_points; i++)
    cairo_line_to (tile->cr, tile_x (tile, shape->points[i]), tile_y (tile, shape->points[i]));
}

static void
fill_areas (Tile       *tile,
            SlDemoKind  kind,
            guint       rgb)
{
  const Geography *geography = geography_get ();

  for (guint i = 0; i < _sl_demo_n_features; i++)
    if (_sl_demo_features[i].kind == kind && tile_sees (tile, &geography->features[i], 0))
      path_polygon (tile, &geography->features[i]);

  cairo_set_source_rgb (tile->cr, RGB (rgb));
  cairo_fill (tile->cr);
}

/* Widths grow with the zoom until the road's real width takes over. */
static double
road_width (const Tile *tile,
            SlDemoKind  kind)
{
  double base, metres;

  switch ((int) kind)
    {
    case SL_DEMO_FREEWAY:   base = 5.0; metres = 30; break;
    case SL_DEMO_MAJOR:     base = 3.4; metres = 18; break;
    case SL_DEMO_SECONDARY: base = 2.3; metres = 13; break;
    default:                base = 1.3; metres = 9;  break;
    }

  return MAX (MAX (base * exp2 (0.6 * (tile->zoom - 13)), metres / tile->mpp), 0.8);
}

static double
casing_width (const Tile *tile,
              double      width)
{
  return width + 2 * MAX (tile->zoom >= 13 ? 1.0 : 0.6, width * 0.1);
}

static int
road_min_zoom (SlDemoKind kind)
{
  switch ((int) kind)
    {
    case SL_DEMO_FREEWAY:   return 7;
    case SL_DEMO_MAJOR:     return 11;
    case SL_DEMO_SECONDARY: return 13;
    default:                return 14;
    }
}

static gboolean
stroke_roads (Tile       *tile,
              SlDemoKind  kind,
              double      width,
              guint       rgb)
{
  const Geography *geography = geography_get ();
  gboolean any = FALSE;

  for (guint i = 0; i < _sl_demo_n_features; i++)
    if (_sl_demo_features[i].kind == kind && tile_sees (tile, &geography->features[i], width))
      {
        path_polyline (tile, &geography->features[i]);
        any = TRUE;
      }

  cairo_set_source_rgb (tile->cr, RGB (rgb));
  cairo_set_line_width (tile->cr, width);
  cairo_stroke (tile->cr);
  return any;
}

static void
draw_roads (Tile *tile)
{
  const SlDemoKind kinds[] = { SL_DEMO_SECONDARY, SL_DEMO_MAJOR, SL_DEMO_FREEWAY };

  cairo_set_line_join (tile->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (tile->cr, CAIRO_LINE_CAP_ROUND);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      SlDemoKind kind = kinds[k];
      double width = road_width (tile, kind);

      if (tile->zoom < road_min_zoom (kind))
        continue;

      if (tile->zoom < 11)
        {
          stroke_roads (tile, kind, width, FAR_ROAD_RGB);
          continue;
        }

      if (stroke_roads (tile, kind, casing_width (tile, width),
                        kind == SL_DEMO_FREEWAY ? FREEWAY_CASING_RGB :
                        kind == SL_DEMO_MAJOR ? MAJOR_CASING_RGB : CASING_RGB))
        stroke_roads (tile, kind, width, kind == SL_DEMO_FREEWAY ? FREEWAY_RGB : 0xffffff);
    }
}

/* Some cross streets are left out, for blocks of uneven length; alike in every tile. */
static gboolean
grid_skips (guint grid,
            long  k)
{
  guint h = (guint) (k * 2654435761u) ^ (grid * 40503u);

  return (h >> 7) % 6 == 0;
}

static void
path_grid_family (Tile      *tile,
                  guint      grid,
                  double     ox,
                  double     oy,
                  double     dir_x,
                  double     dir_y,
                  double     spacing_px,
                  gboolean   sparse)
{
  const double corners[4][2] = {
    { -MARGIN_PX, -MARGIN_PX },
    { SL_DEMO_TILES_SIZE + MARGIN_PX, -MARGIN_PX },
    { -MARGIN_PX, SL_DEMO_TILES_SIZE + MARGIN_PX },
    { SL_DEMO_TILES_SIZE + MARGIN_PX, SL_DEMO_TILES_SIZE + MARGIN_PX },
  };
  /* the streets run along dir; they are spaced along its normal */
  double nx = -dir_y, ny = dir_x;
  double t_lo = G_MAXDOUBLE, t_hi = -G_MAXDOUBLE, u_lo = G_MAXDOUBLE, u_hi = -G_MAXDOUBLE;

  for (guint i = 0; i < 4; i++)
    {
      double dx = corners[i][0] - ox, dy = corners[i][1] - oy;
      double t = dx * nx + dy * ny, u = dx * dir_x + dy * dir_y;

      t_lo = MIN (t_lo, t);
      t_hi = MAX (t_hi, t);
      u_lo = MIN (u_lo, u);
      u_hi = MAX (u_hi, u);
    }

  for (long k = (long) floor (t_lo / spacing_px); k <= (long) ceil (t_hi / spacing_px); k++)
    {
      double cx = ox + nx * k * spacing_px, cy = oy + ny * k * spacing_px;

      if (sparse && grid_skips (grid, k))
        continue;
      cairo_move_to (tile->cr, cx + dir_x * u_lo, cy + dir_y * u_lo);
      cairo_line_to (tile->cr, cx + dir_x * u_hi, cy + dir_y * u_hi);
    }
}

static void
stroke_minor (Tile   *tile,
              double  width)
{
  cairo_set_line_cap (tile->cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (tile->cr, CAIRO_LINE_JOIN_ROUND);
  if (tile->zoom >= 15)
    {
      cairo_set_source_rgb (tile->cr, RGB (CASING_RGB));
      cairo_set_line_width (tile->cr, casing_width (tile, width));
      cairo_stroke_preserve (tile->cr);
    }
  cairo_set_source_rgb (tile->cr, 1, 1, 1);
  cairo_set_line_width (tile->cr, width);
  cairo_stroke (tile->cr);
}

static void
draw_grid (Tile     *tile,
           guint     index)
{
  const Geography *geography = geography_get ();
  const SlDemoGrid *grid = &_sl_demo_grids[index];
  double bearing = grid->bearing * G_PI / 180.0;
  double dir_x = sin (bearing), dir_y = -cos (bearing);
  double ox = tile_x (tile, geography->grid_origins[index]);
  double oy = tile_y (tile, geography->grid_origins[index]);
  /* thin and without casing while the blocks are small */
  double width = tile->zoom >= 15 ? road_width (tile, SL_DEMO_N_KINDS) : 1.2;

  if (!tile_sees (tile, &geography->grids[index], width))
    return;

  cairo_save (tile->cr);

  if (grid->on_island)
    {
      for (guint i = 0; i < _sl_demo_n_features; i++)
        if (_sl_demo_features[i].kind == SL_DEMO_ISLAND && tile_sees (tile, &geography->features[i], 0))
          path_polygon (tile, &geography->features[i]);
      cairo_clip (tile->cr);
    }
  path_polygon (tile, &geography->grids[index]);
  cairo_clip (tile->cr);

  path_grid_family (tile, index, ox, oy, dir_x, dir_y, grid->spacing_m / tile->mpp, FALSE);
  path_grid_family (tile, index, ox, oy, -dir_y, dir_x, grid->cross_spacing_m / tile->mpp, TRUE);
  stroke_minor (tile, width);

  cairo_restore (tile->cr);

  /* the district's edge is a street too, not a row of dead ends */
  if (!grid->on_island)
    {
      path_polygon (tile, &geography->grids[index]);
      stroke_minor (tile, width);
    }
}

static void
draw_grids (Tile     *tile,
            gboolean  on_island)
{
  if (tile->zoom < road_min_zoom (SL_DEMO_N_KINDS))
    return;

  for (guint i = 0; i < _sl_demo_n_grids; i++)
    if (_sl_demo_grids[i].on_island == on_island)
      draw_grid (tile, i);
}

/* Labels */

static void
show_halo_text (cairo_t    *cr,
                const char *text,
                guint       rgb,
                double      halo)
{
  cairo_text_path (cr, text);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, halo);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, RGB (rgb));
  cairo_fill (cr);
}

/* Text centred on (x, y) in tile pixels, turned by angle (radians). */
static void
draw_text_at (Tile       *tile,
              const char *text,
              double      x,
              double      y,
              double      angle,
              guint       rgb)
{
  cairo_text_extents_t extents;

  cairo_text_extents (tile->cr, text, &extents);
  cairo_save (tile->cr);
  cairo_translate (tile->cr, x, y);
  cairo_rotate (tile->cr, angle);
  cairo_move_to (tile->cr, -extents.x_advance / 2, -(extents.y_bearing + extents.height / 2));
  show_halo_text (tile->cr, text, rgb, 3.0);
  cairo_restore (tile->cr);
}

static gboolean
near_tile (double x,
           double y,
           double reach)
{
  return x > -reach && x < SL_DEMO_TILES_SIZE + reach && y > -reach && y < SL_DEMO_TILES_SIZE + reach;
}

static void
draw_shield (Tile       *tile,
             const char *text,
             double      x,
             double      y)
{
  cairo_text_extents_t extents;
  double w, h = 14;

  cairo_text_extents (tile->cr, text, &extents);
  w = extents.x_advance + 8;
  x = round (x - w / 2);
  y = round (y - h / 2);

  cairo_new_path (tile->cr);
  cairo_arc (tile->cr, x + 3, y + 3, 3, G_PI, 1.5 * G_PI);
  cairo_arc (tile->cr, x + w - 3, y + 3, 3, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (tile->cr, x + w - 3, y + h - 3, 3, 0, 0.5 * G_PI);
  cairo_arc (tile->cr, x + 3, y + h - 3, 3, 0.5 * G_PI, G_PI);
  cairo_close_path (tile->cr);
  cairo_set_source_rgb (tile->cr, RGB (SHIELD_RGB));
  cairo_fill_preserve (tile->cr);
  cairo_set_source_rgb (tile->cr, 1, 1, 1);
  cairo_set_line_width (tile->cr, 1);
  cairo_stroke (tile->cr);

  cairo_move_to (tile->cr, x + 4 - extents.x_bearing, y + h / 2 - (extents.y_bearing + extents.height / 2));
  cairo_show_text (tile->cr, text);
}

/* The point at distance @at along the road, in tile pixels. */
static void
point_along (const double *xy,
             const double *walked,
             guint         n,
             double        at,
             double       *x,
             double       *y)
{
  guint i = 1;

  while (i < n - 1 && walked[i] < at)
    i++;
  {
    double span = walked[i] - walked[i - 1];
    double t = span > 0 ? CLAMP ((at - walked[i - 1]) / span, 0, 1) : 0;

    *x = xy[2 * (i - 1)] + t * (xy[2 * i] - xy[2 * (i - 1)]);
    *y = xy[2 * (i - 1) + 1] + t * (xy[2 * i + 1] - xy[2 * (i - 1) + 1]);
  }
}

/* Whether the road between two distances stays within a couple of pixels of
 * the straight line between its ends: room for straight text. */
static gboolean
straight_between (const double *xy,
                  const double *walked,
                  guint         n,
                  double        from,
                  double        to,
                  double        x0,
                  double        y0,
                  double        x1,
                  double        y1)
{
  double length = hypot (x1 - x0, y1 - y0);

  if (length <= 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (walked[i] > from && walked[i] < to &&
        fabs ((x1 - x0) * (y0 - xy[2 * i + 1]) - (x0 - xy[2 * i]) * (y1 - y0)) / length > 2.0)
      return FALSE;
  return TRUE;
}

/* Labels sit at fixed distances along the road in world pixels, so a label
 * that crosses a tile's edge is drawn alike by both tiles; each keeps to a
 * stretch between two of the road's corners, off its junctions. */
static void
label_road (Tile          *tile,
            const Shape   *shape,
            const char    *name,
            gboolean       shield,
            double         spacing)
{
  g_autofree double *xy = g_new (double, 2 * shape->n_points);
  g_autofree double *walked = g_new (double, shape->n_points);
  cairo_text_extents_t extents;
  double need, last = -G_MAXDOUBLE;
  guint n = shape->n_points, corner = 0;

  cairo_text_extents (tile->cr, name, &extents);
  need = (shield ? extents.x_advance + 8 : extents.x_advance) + 16;

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = tile_x (tile, shape->points[i]);
      xy[2 * i + 1] = tile_y (tile, shape->points[i]);
      walked[i] = i == 0 ? 0 : walked[i - 1] + hypot (xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    }
  if (n < 2 || walked[n - 1] < need)
    return;

  for (double target = MIN (spacing / 2, walked[n - 1] / 2); target < walked[n - 1]; target += spacing)
    {
      double from, to, at, x, y, x0, y0, x1, y1, angle;

      while (corner + 2 < shape->n_corners && walked[shape->corners[corner + 1]] <= target)
        corner++;
      from = walked[shape->corners[corner]];
      to = walked[shape->corners[MIN (corner + 1, shape->n_corners - 1)]];
      if (to - from < need + 8)
        continue;
      at = CLAMP (target, from + need / 2 + 4, to - need / 2 - 4);
      if (at - last < spacing / 2)
        continue;

      /* decided alike for every tile, before looking at this one */
      point_along (xy, walked, n, at - need / 2, &x0, &y0);
      point_along (xy, walked, n, at + need / 2, &x1, &y1);
      if (!shield && !straight_between (xy, walked, n, at - need / 2, at + need / 2, x0, y0, x1, y1))
        continue;
      last = at;

      point_along (xy, walked, n, at, &x, &y);
      if (!near_tile (x, y, need))
        continue;

      if (shield)
        {
          draw_shield (tile, name, x, y);
          continue;
        }

      angle = atan2 (y1 - y0, x1 - x0);
      if (angle > G_PI / 2)
        angle -= G_PI;
      else if (angle < -G_PI / 2)
        angle += G_PI;
      draw_text_at (tile, name, (x0 + x1) / 2, (y0 + y1) / 2, angle, LABEL_RGB);
    }
}

static void
draw_road_labels (Tile *tile)
{
  const Geography *geography = geography_get ();
  cairo_t *cr = tile->cr;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  for (guint i = 0; i < _sl_demo_n_features; i++)
    {
      const SlDemoFeature *feature = &_sl_demo_features[i];
      const Shape *shape = &geography->features[i];

      if (feature->name == NULL || !tile_sees (tile, shape, 200))
        continue;

      switch ((int) feature->kind)
        {
        case SL_DEMO_MAJOR:
          if (tile->zoom < 15)
            break;
          cairo_set_font_size (cr, tile->zoom >= 16 ? 12 : 11);
          label_road (tile, shape, feature->name, FALSE, 640);
          break;
        case SL_DEMO_SECONDARY:
          if (tile->zoom < 16)
            break;
          cairo_set_font_size (cr, tile->zoom >= 17 ? 11.5 : 10.5);
          label_road (tile, shape, feature->name, FALSE, 640);
          break;
        case SL_DEMO_FREEWAY:
          if (tile->zoom < 12)
            break;
          cairo_set_font_size (cr, 9.5);
          cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
          label_road (tile, shape, feature->name, TRUE, tile->zoom >= 15 ? 900 : 520);
          cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          break;
        default:
          break;
        }
    }
}

static void
draw_places (Tile *tile)
{
  const Geography *geography = geography_get ();
  cairo_t *cr = tile->cr;

  for (guint i = 0; i < _sl_demo_n_places; i++)
    {
      const SlDemoPlace *place = &_sl_demo_places[i];
      double x = tile_x (tile, geography->places[i]), y = tile_y (tile, geography->places[i]);

      if (tile->zoom < place->min_zoom || tile->zoom > place->max_zoom || !near_tile (x, y, 160))
        continue;

      switch (place->style)
        {
        case SL_DEMO_PLACE_CITY:
          cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
          cairo_set_font_size (cr, tile->zoom >= 11 ? 15 : 13);
          draw_text_at (tile, place->text, x, y, 0, LABEL_RGB);
          break;
        case SL_DEMO_PLACE_DISTRICT:
          cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
          cairo_set_font_size (cr, 10);
          draw_text_at (tile, place->text, x, y, 0, DISTRICT_RGB);
          break;
        case SL_DEMO_PLACE_WATER:
        default:
          cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, tile->zoom >= 15 ? 13 : 12);
          draw_text_at (tile, place->text, x, y, place->angle * G_PI / 180.0, WATER_LABEL_RGB);
          break;
        }
    }
}

static void
draw_tile (Tile *tile)
{
  cairo_t *cr = tile->cr;

  cairo_set_source_rgb (cr, RGB (SL_DEMO_TILES_LAND_RGB));
  cairo_paint (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  draw_grids (tile, FALSE);
  fill_areas (tile, SL_DEMO_WATER, SL_DEMO_TILES_WATER_RGB);
  fill_areas (tile, SL_DEMO_ISLAND, SL_DEMO_TILES_LAND_RGB);
  draw_grids (tile, TRUE);
  fill_areas (tile, SL_DEMO_PARK, PARK_RGB);
  fill_areas (tile, SL_DEMO_LAKE, SL_DEMO_TILES_WATER_RGB);
  draw_roads (tile);
  draw_places (tile);
  draw_road_labels (tile);
}

static void
append_png_cb (png_structp  png,
               png_bytep    data,
               size_t       length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
flush_png_cb (png_structp png)
{
}

/* cairo's own PNG writer spends three quarters of a tile's time in zlib at
 * its default level; a fast level and one cheap filter suit flat colours. */
static GBytes *
encode_png (cairo_surface_t *surface)
{
  GByteArray *out = g_byte_array_sized_new (16 * 1024);
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png != NULL ? png_create_info_struct (png) : NULL;
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_byte_array_unref (out);
      return NULL;
    }

  png_set_write_fn (png, out, append_png_cb, flush_png_cb);
  png_set_IHDR (png, info, SL_DEMO_TILES_SIZE, SL_DEMO_TILES_SIZE, 8, PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_write_info (png, info);

  /* cairo's RGB24 pixels are 32-bit words 0x00RRGGBB in native order */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  png_set_bgr (png);
  png_set_filler (png, 0, PNG_FILLER_AFTER);
#else
  png_set_filler (png, 0, PNG_FILLER_BEFORE);
#endif
  for (int y = 0; y < SL_DEMO_TILES_SIZE; y++)
    png_write_row (png, data + (gsize) y * stride);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (out);
}

/**
 * sl_demo_tiles_render:
 * @x: the tile's column, 0 to 2^@zoom - 1
 * @y: the tile's row from the top (XYZ order)
 * @zoom: 0 to %SL_DEMO_TILES_MAX_ZOOM
 *
 * Draws one tile of the demo map. Safe to call from any thread.
 *
 * Returns: (transfer full): a 256×256 PNG, or %NULL with @error set for a
 *   tile outside the world
 */
GBytes *
sl_demo_tiles_render (int      x,
                      int      y,
                      int      zoom,
                      GError **error)
{
  cairo_surface_t *surface;
  GBytes *png;
  Tile tile = { 0 };
  double lat;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (zoom < 0 || zoom > SL_DEMO_TILES_MAX_ZOOM || x < 0 || y < 0 || x >= (1 << zoom) || y >= (1 << zoom))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _("The demo map has no tile %d/%d/%d"), zoom, x, y);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SL_DEMO_TILES_SIZE, SL_DEMO_TILES_SIZE);
  tile.cr = cairo_create (surface);
  tile.zoom = zoom;
  tile.scale = (double) SL_DEMO_TILES_SIZE * (double) (1 << zoom);
  tile.ox = (double) x * SL_DEMO_TILES_SIZE;
  tile.oy = (double) y * SL_DEMO_TILES_SIZE;
  lat = atan (sinh (G_PI * (1 - 2 * (y + 0.5) / (double) (1 << zoom))));
  tile.mpp = EARTH_CIRCUMFERENCE_M * cos (lat) / tile.scale;
  tile.clip_a = g_array_new (FALSE, FALSE, sizeof (double));
  tile.clip_b = g_array_new (FALSE, FALSE, sizeof (double));

  draw_tile (&tile);

  g_array_unref (tile.clip_a);
  g_array_unref (tile.clip_b);
  cairo_destroy (tile.cr);

  cairo_surface_flush (surface);
  png = encode_png (surface);
  cairo_surface_destroy (surface);
  if (png == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID, _("Could not encode a tile of the demo map"));

  return png;
}

static void
render_in_thread (GTask        *render,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SlTileRequest *request = g_task_get_task_data (task_data);
  GError *error = NULL;
  GBytes *png;

  if (g_task_return_error_if_cancelled (render))
    return;

  png = sl_demo_tiles_render (request->x, request->y, request->zoom, &error);
  if (png == NULL)
    g_task_return_error (render, error);
  else
    g_task_return_pointer (render, png, (GDestroyNotify) g_bytes_unref);
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError *error = NULL;
  GBytes *png = g_task_propagate_pointer (G_TASK (result), &error);

  sl_tile_task_return (user_data, png, error);
}

static void
sl_demo_tiles_get_tile_data_async (ShumateDataSource   *source,
                                   int                  x,
                                   int                  y,
                                   int                  zoom,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) render = NULL;
  GTask *task;

  task = sl_tile_task_new (source, x, y, zoom, cancellable, callback, user_data,
                           sl_demo_tiles_get_tile_data_async);

  /* The tile is drawn on a worker thread; the answer comes back here. */
  render = g_task_new (source, cancellable, rendered_cb, task);
  g_task_set_task_data (render, task, NULL);
  g_task_run_in_thread (render, render_in_thread);
}

static void
sl_demo_tiles_class_init (SlDemoTilesClass *klass)
{
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  source_class->get_tile_data_async = sl_demo_tiles_get_tile_data_async;
  source_class->get_tile_data_finish = sl_tile_task_finish;
}

static void
sl_demo_tiles_init (SlDemoTiles *self)
{
}

SlDemoTiles *
sl_demo_tiles_new (void)
{
  return g_object_new (SL_TYPE_DEMO_TILES, NULL);
}

/**
 * sl_demo_tiles_new_map_source:
 *
 * Returns: (transfer full): the demo map as a map source, id "sightline-demo",
 *   zoom 0 to 19, whose license text says it is not for navigation
 */
ShumateMapSource *
sl_demo_tiles_new_map_source (void)
{
  g_autoptr(SlDemoTiles) tiles = sl_demo_tiles_new ();

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("sightline-demo",
                                                               _("Sightline demo map"),
                                                               _("Demo map — not for navigation"),
                                                               NULL,
                                                               0, SL_DEMO_TILES_MAX_ZOOM,
                                                               SL_DEMO_TILES_SIZE,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (tiles)));
}
