/* sl-search-results.h: a search's results as a list model that pages on demand */
#pragma once

#include <gio/gio.h>

#include "sl-client.h"
#include "sl-search.h"

G_BEGIN_DECLS

/**
 * SlSearchAnswerSource:
 * @fetch: starts fetching @limit results from @offset of a search
 * @finish: completes it
 *
 * Where pages come from: the client (sl_search_results_new()) or, in
 * tests, anything that answers like it.
 */
typedef struct
{
  void          (*fetch)  (GObject             *source,
                           gint64               search_id,
                           guint                offset,
                           guint                limit,
                           SlSearchOrder        order,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  SlSearchAnswer *(*finish) (GObject             *source,
                           GAsyncResult        *result,
                           GError             **error);
} SlSearchAnswerSource;

#define SL_TYPE_SEARCH_RESULTS (sl_search_results_get_type ())
G_DECLARE_FINAL_TYPE (SlSearchResults, sl_search_results, SL, SEARCH_RESULTS, GObject)

SlSearchResults *sl_search_results_new_with_source (const SlSearchAnswerSource *funcs,
                                                    GObject             *source,
                                                    gint64               search_id,
                                                    guint                total,
                                                    SlSearchOrder        order,
                                                    SlSearchAnswer        *first_page);
SlSearchResults *sl_search_results_new             (SlClient            *client,
                                                    SlSearchOrder        order,
                                                    SlSearchAnswer        *first_page);
gint64           sl_search_results_get_search_id   (SlSearchResults     *self);
SlSearchOrder    sl_search_results_get_order       (SlSearchResults     *self);
guint            sl_search_results_get_n_fetches   (SlSearchResults     *self);
guint            sl_search_results_get_n_loaded    (SlSearchResults     *self);
gboolean         sl_search_results_is_loading      (SlSearchResults     *self);
const GError    *sl_search_results_get_error       (SlSearchResults     *self);

G_END_DECLS
