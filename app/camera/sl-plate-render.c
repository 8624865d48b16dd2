#define G_LOG_DOMAIN "sl-plate-render"

#include "config.h"

#include <string.h>

#include "sl-error.h"
#include "sl-plate-render.h"

static const struct
{
  const char *code;
  const char *name;
} state_names[] = {
  { "CA", "California" },
  { "AZ", "Arizona" },
  { "NV", "Nevada" },
  { "OR", "Oregon" },
  { "WA", "Washington" },
  { "TX", "Texas" },
};

static const char *
state_name (const char *region)
{
  if (region == NULL || *region == '\0')
    return "California";

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (state_names[i].code, region) == 0)
      return state_names[i].name;

  return region;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Draws @text centred on @cx with its baseline at @baseline, squeezed
 * horizontally when it is wider than @max_width. */
static void
centered_text (cairo_t    *cr,
               const char *text,
               double      cx,
               double      baseline,
               double      max_width)
{
  cairo_text_extents_t extents;
  double scale = 1.0;

  cairo_text_extents (cr, text, &extents);
  if (extents.x_advance > max_width && extents.x_advance > 0)
    scale = max_width / extents.x_advance;

  cairo_save (cr);
  cairo_translate (cr, cx - extents.x_advance * scale / 2, baseline);
  cairo_scale (cr, scale, 1.0);
  cairo_move_to (cr, 0, 0);
  cairo_show_text (cr, text);
  cairo_restore (cr);
}

/**
 * sl_plate_render_draw:
 * @plate: the characters, as the plate shows them
 * @region: (nullable): the state code; the script name at the top
 * @width: in user units; the plate is half as high
 *
 * Draws a California-style plate: white, the state's name in red script
 * at the top, dark-blue characters. Tiny plates become a white patch.
 */
void
sl_plate_render_draw (cairo_t    *cr,
                      const char *plate,
                      const char *region,
                      double      x,
                      double      y,
                      double      width)
{
  double height = width / SL_PLATE_ASPECT;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (plate != NULL);

  cairo_save (cr);

  rounded_rectangle (cr, x, y, width, height, MAX (width * 0.04, 0.5));
  cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.28);
  cairo_set_line_width (cr, MAX (width * 0.012, 0.5));
  cairo_stroke (cr);

  if (width < 10)
    {
      /* Too small for letters: a hint of the blue characters. */
      cairo_set_source_rgb (cr, 0.05, 0.12, 0.45);
      cairo_rectangle (cr, x + width * 0.15, y + height * 0.45, width * 0.7, height * 0.3);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }

  /* The state's name in red script. */
  cairo_select_font_face (cr, "Z003", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, height * 0.27);
  cairo_set_source_rgb (cr, 0.80, 0.08, 0.12);
  centered_text (cr, state_name (region), x + width / 2, y + height * 0.27, width * 0.6);

  /* The characters, tall and narrow, in dark blue. */
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, height * 0.52);
  cairo_set_source_rgb (cr, 0.05, 0.12, 0.45);
  centered_text (cr, plate, x + width / 2, y + height * 0.79, width * 0.86);

  if (width >= 60)
    {
      /* Registration stickers and the DMV's address, as on the real plate. */
      cairo_set_source_rgb (cr, 0.95, 0.75, 0.10);
      cairo_rectangle (cr, x + width * 0.82, y + height * 0.07, width * 0.11, height * 0.15);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.10, 0.45, 0.75);
      cairo_rectangle (cr, x + width * 0.07, y + height * 0.07, width * 0.11, height * 0.15);
      cairo_fill (cr);

      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, height * 0.09);
      cairo_set_source_rgb (cr, 0.05, 0.12, 0.45);
      centered_text (cr, "dmv.ca.gov", x + width / 2, y + height * 0.93, width * 0.4);
    }

  cairo_restore (cr);
}

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sl_plate_render_encode_png:
 *
 * Returns: (transfer full): @surface as PNG bytes, or %NULL with an error.
 */
GBytes *
sl_plate_render_encode_png (cairo_surface_t  *surface,
                            GError          **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL, NULL);

  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "Could not encode the image as PNG: %s", cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/**
 * sl_plate_render_png:
 * @width: pixels; the image is half as high
 *
 * Returns: (transfer full): the plate crop a reader would send: the plate
 *   with a rim of bumper around it, as a PNG.
 */
GBytes *
sl_plate_render_png (const char  *plate,
                     const char  *region,
                     int          width,
                     GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *png;
  int height;
  double margin;

  g_return_val_if_fail (plate != NULL, NULL);
  g_return_val_if_fail (width >= 16 && width <= 4096, NULL);

  height = width / 2;
  margin = width * 0.04;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.16, 0.16, 0.18);
  cairo_paint (cr);
  sl_plate_render_draw (cr, plate, region, margin, margin / 2, width - 2 * margin);

  cairo_destroy (cr);
  png = sl_plate_render_encode_png (surface, error);
  cairo_surface_destroy (surface);
  return png;
}
