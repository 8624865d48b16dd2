/* sl-plate-render.h: California-style licence plates drawn with cairo */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A US plate is 12 by 6 inches. */
#define SL_PLATE_ASPECT 2.0

void    sl_plate_render_draw        (cairo_t          *cr,
                                     const char       *plate,
                                     const char       *region,
                                     double            x,
                                     double            y,
                                     double            width);
GBytes *sl_plate_render_png         (const char       *plate,
                                     const char       *region,
                                     int               width,
                                     GError          **error);
GBytes *sl_plate_render_encode_png  (cairo_surface_t  *surface,
                                     GError          **error);

G_END_DECLS
