/* sl-search-page.h: the Search page: reads by plate, time and place, under a case */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "sl-client.h"
#include "sl-search-context-dialog.h"
#include "sl-search-results.h"

G_BEGIN_DECLS

#define SL_TYPE_SEARCH_PAGE (sl_search_page_get_type ())
G_DECLARE_FINAL_TYPE (SlSearchPage, sl_search_page, SL, SEARCH_PAGE, GtkWidget)

GtkWidget             *sl_search_page_new                (void);
void                   sl_search_page_set_client         (SlSearchPage    *self,
                                                          SlClient        *client);
void                   sl_search_page_set_session        (SlSearchPage    *self,
                                                          SlSession       *session);
SlSearchContext       *sl_search_page_get_context        (SlSearchPage    *self);
void                   sl_search_page_set_context        (SlSearchPage    *self,
                                                          SlSearchContext *context);
void                   sl_search_page_set_plate          (SlSearchPage    *self,
                                                          const char      *plate);
void                   sl_search_page_set_area           (SlSearchPage    *self,
                                                          double           lat,
                                                          double           lon,
                                                          double           radius_m);
SlSearchFilter        *sl_search_page_dup_filter         (SlSearchPage    *self);
void                   sl_search_page_run                (SlSearchPage    *self);
GListModel            *sl_search_page_get_results        (SlSearchPage    *self);
gboolean               sl_search_page_select_row         (SlSearchPage    *self,
                                                          guint            position);
SlSearchRead          *sl_search_page_get_selected_read  (SlSearchPage    *self);
SlSearchContextDialog *sl_search_page_get_context_dialog (SlSearchPage    *self);
const char            *sl_search_page_get_error          (SlSearchPage    *self);
gboolean               sl_search_page_is_busy            (SlSearchPage    *self);
gboolean               sl_search_page_has_policy         (SlSearchPage    *self);

void                   sl_search_page_set_polygon        (SlSearchPage         *self,
                                                          const SlSearchVertex *vertices,
                                                          guint                 n_vertices);
gint64                 sl_search_page_get_search_id      (SlSearchPage    *self);
gboolean               sl_search_page_is_track           (SlSearchPage    *self);
guint                  sl_search_page_get_total          (SlSearchPage    *self);
guint                  sl_search_page_get_n_detail_alerts (SlSearchPage   *self);
void                   sl_search_page_set_map_source     (SlSearchPage     *self,
                                                          ShumateMapSource *source);

G_END_DECLS
