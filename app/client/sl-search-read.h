/* sl-search-read.h: one plate read as searches, tracks and alerts carry it */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_TYPE_SEARCH_READ (sl_search_read_get_type ())
G_DECLARE_FINAL_TYPE (SlSearchRead, sl_search_read, SL, SEARCH_READ, GObject)

SlSearchRead  *sl_search_read_new_from_json          (JsonObject    *object,
                                                      GError       **error);
SlSearchRead  *sl_search_read_new_placeholder        (void);

gboolean       sl_search_read_is_placeholder         (SlSearchRead  *self);
gint64         sl_search_read_get_id                 (SlSearchRead  *self);
const char    *sl_search_read_get_plate              (SlSearchRead  *self);
const char    *sl_search_read_get_plate_raw          (SlSearchRead  *self);
const char    *sl_search_read_get_region             (SlSearchRead  *self);
gint64         sl_search_read_get_captured_at_us     (SlSearchRead  *self);
double         sl_search_read_get_confidence         (SlSearchRead  *self);
gint64         sl_search_read_get_camera_id          (SlSearchRead  *self);
const char    *sl_search_read_get_camera_name        (SlSearchRead  *self);
double         sl_search_read_get_lat                (SlSearchRead  *self);
double         sl_search_read_get_lon                (SlSearchRead  *self);
double         sl_search_read_get_heading            (SlSearchRead  *self);
const char    *sl_search_read_get_vehicle_make       (SlSearchRead  *self);
const char    *sl_search_read_get_vehicle_model      (SlSearchRead  *self);
const char    *sl_search_read_get_vehicle_color      (SlSearchRead  *self);
const char    *sl_search_read_get_vehicle_type       (SlSearchRead  *self);
char          *sl_search_read_describe_vehicle       (SlSearchRead  *self);
const char    *sl_search_read_get_plate_image_url    (SlSearchRead  *self);
const char    *sl_search_read_get_overview_image_url (SlSearchRead  *self);
gboolean       sl_search_read_get_hit                (SlSearchRead  *self);

G_END_DECLS
