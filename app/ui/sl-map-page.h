/* sl-map-page.h: the Map page: cameras, a search's reads, tracks and canvasses */
#pragma once

#include <adwaita.h>

#include "sl-client.h"
#include "sl-reads-layer.h"
#include "sl-search-page.h"

G_BEGIN_DECLS

#define SL_TYPE_MAP_PAGE (sl_map_page_get_type ())
G_DECLARE_FINAL_TYPE (SlMapPage, sl_map_page, SL, MAP_PAGE, GtkWidget)

GtkWidget     *sl_map_page_new               (void);
void           sl_map_page_set_client        (SlMapPage     *self,
                                              SlClient      *client);
void           sl_map_page_set_session       (SlMapPage     *self,
                                              SlSession     *session);
void           sl_map_page_set_search_page   (SlMapPage     *self,
                                              SlSearchPage  *search_page);
void           sl_map_page_set_settings      (SlMapPage     *self,
                                              GSettings     *settings);

ShumateMap    *sl_map_page_get_map           (SlMapPage     *self);
SlReadsLayer  *sl_map_page_get_reads_layer   (SlMapPage     *self);
guint          sl_map_page_get_n_cameras     (SlMapPage     *self);
gboolean       sl_map_page_is_loading        (SlMapPage     *self);
const char    *sl_map_page_get_error         (SlMapPage     *self);

void           sl_map_page_draw_circle       (SlMapPage     *self,
                                              double         lat,
                                              double         lon,
                                              double         radius_m);
void           sl_map_page_draw_polygon      (SlMapPage     *self,
                                              const double  *lat_lon,
                                              guint          n_vertices);
gboolean       sl_map_page_show_reads_at     (SlMapPage     *self,
                                              double         x,
                                              double         y);
GtkPopover    *sl_map_page_get_reads_popover (SlMapPage     *self);

G_END_DECLS
