#define G_LOG_DOMAIN "sl-search-results"

#include "config.h"

#include "sl-client.h"
#include "sl-search-results.h"

/* Pages asked for within this time are fetched together; pages a fast
 * scroll only passed over are not fetched at all. */
#define FLUSH_MS 40
/* At most this many pages are fetched per flush: the ones asked for last. */
#define MAX_FETCHES_PER_FLUSH 3
/* Pages kept in memory; the least recently shown go first. */
#define MAX_PAGES 40

typedef struct
{
  GPtrArray *items;      /* SlSearchRead, NULL until loaded */
  guint64    used;
  guint      loading : 1;
} Page;

typedef struct
{
  SlSearchResults *self;
  guint            index;
} Fetch;

struct _SlSearchResults
{
  GObject                   parent_instance;

  /* borrowed */
  const SlSearchAnswerSource *funcs;

  /* owned references */
  GObject                  *source;
  GHashTable               *pages;        /* page index → Page */
  GArray                   *wanted;       /* guint page indexes, in the order asked */
  GCancellable             *cancellable;
  GError                   *error;

  gint64                    search_id;
  guint                     total;
  SlSearchOrder             order;
  guint                     flush_source;
  guint64                   tick;
  guint                     n_fetches;
  guint                     n_loaded;
  guint                     n_loading;
};

static void sl_search_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlSearchResults, sl_search_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sl_search_results_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static guint
page_length (SlSearchResults *self,
             guint            index)
{
  guint start = index * SL_SEARCH_PAGE_SIZE;

  return MIN (SL_SEARCH_PAGE_SIZE, self->total - start);
}

static Page *
ensure_page (SlSearchResults *self,
             guint            index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      page = g_new0 (Page, 1);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }
  return page;
}

static void
set_loading (SlSearchResults *self,
             int              delta)
{
  gboolean was = self->n_loading > 0;

  self->n_loading += delta;
  if (was != (self->n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Drops the least recently shown pages beyond MAX_PAGES; the view keeps its
 * own references to the rows it shows. */
static void
evict (SlSearchResults *self)
{
  for (;;)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      Page *oldest = NULL;
      guint n = 0;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (page->items == NULL)
            continue;
          n++;
          if (oldest == NULL || page->used < oldest->used)
            {
              oldest = page;
              oldest_key = key;
            }
        }

      if (n <= MAX_PAGES || oldest == NULL)
        return;

      self->n_loaded -= oldest->items->len;
      g_hash_table_remove (self->pages, oldest_key);
    }
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(SlSearchResults) self = fetch->self;
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint index = fetch->index;
  guint expected;
  Page *page;

  g_free (fetch);

  answer = self->funcs->finish (object, result, &error);
  set_loading (self, -1);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    return;
  page->loading = FALSE;

  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      return;
    }

  expected = page_length (self, index);
  if (answer->results->len > expected)
    g_ptr_array_set_size (answer->results, expected);

  page->items = g_steal_pointer (&answer->results);
  page->used = ++self->tick;
  self->n_loaded += page->items->len;
  evict (self);

  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  /* One signal per page: its placeholders become reads. */
  g_list_model_items_changed (G_LIST_MODEL (self), index * SL_SEARCH_PAGE_SIZE, expected, expected);
}

static void
fetch_page (SlSearchResults *self,
            guint            index)
{
  Page *page = ensure_page (self, index);
  Fetch *fetch;

  if (page->items != NULL || page->loading)
    return;

  page->loading = TRUE;
  self->n_fetches++;
  set_loading (self, +1);

  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->index = index;
  self->funcs->fetch (self->source, self->search_id, index * SL_SEARCH_PAGE_SIZE,
                      SL_SEARCH_PAGE_SIZE, self->order, self->cancellable, fetched_cb, fetch);
}

static gboolean
flush_cb (gpointer user_data)
{
  SlSearchResults *self = user_data;
  guint fetched[MAX_FETCHES_PER_FLUSH];
  guint n_fetched = 0;

  self->flush_source = 0;

  /* Newest wishes first: what the view shows now, not what it passed. */
  for (guint i = self->wanted->len; i > 0 && n_fetched < MAX_FETCHES_PER_FLUSH; i--)
    {
      guint index = g_array_index (self->wanted, guint, i - 1);
      gboolean seen = FALSE;

      for (guint j = 0; j < n_fetched; j++)
        seen |= fetched[j] == index;
      if (seen)
        continue;

      fetched[n_fetched++] = index;
      fetch_page (self, index);
    }

  g_array_set_size (self->wanted, 0);
  return G_SOURCE_REMOVE;
}

static void
want_page (SlSearchResults *self,
           guint            index)
{
  if (self->wanted->len == 0 ||
      g_array_index (self->wanted, guint, self->wanted->len - 1) != index)
    g_array_append_val (self->wanted, index);

  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (FLUSH_MS, flush_cb, self);
}

static GType
sl_search_results_get_item_type (GListModel *model)
{
  return SL_TYPE_SEARCH_READ;
}

static guint
sl_search_results_get_n_items (GListModel *model)
{
  return SL_SEARCH_RESULTS (model)->total;
}

static gpointer
sl_search_results_get_item (GListModel *model,
                            guint       position)
{
  SlSearchResults *self = SL_SEARCH_RESULTS (model);
  guint index = position / SL_SEARCH_PAGE_SIZE;
  guint within = position % SL_SEARCH_PAGE_SIZE;
  Page *page;

  if (position >= self->total)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL && page->items != NULL)
    {
      page->used = ++self->tick;
      if (within < page->items->len)
        return g_object_ref (g_ptr_array_index (page->items, within));
      /* A short page: the service sent fewer rows than it counted. */
      return sl_search_read_new_placeholder ();
    }

  if (page == NULL || !page->loading)
    want_page (self, index);

  /* Made on demand, for rows in view only; never stored. */
  return sl_search_read_new_placeholder ();
}

static void
sl_search_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_search_results_get_item_type;
  iface->get_n_items = sl_search_results_get_n_items;
  iface->get_item = sl_search_results_get_item;
}

static void
sl_search_results_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlSearchResults *self = SL_SEARCH_RESULTS (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_search_results_dispose (GObject *object)
{
  SlSearchResults *self = SL_SEARCH_RESULTS (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (sl_search_results_parent_class)->dispose (object);
}

static void
sl_search_results_finalize (GObject *object)
{
  SlSearchResults *self = SL_SEARCH_RESULTS (object);

  g_clear_object (&self->source);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sl_search_results_parent_class)->finalize (object);
}

static void
sl_search_results_class_init (SlSearchResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_search_results_get_property;
  object_class->dispose = sl_search_results_dispose;
  object_class->finalize = sl_search_results_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_search_results_init (SlSearchResults *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->wanted = g_array_new (FALSE, FALSE, sizeof (guint));
  self->cancellable = g_cancellable_new ();
}

/**
 * sl_search_results_new_with_source:
 * @funcs: where pages come from; must outlive the model
 * @source: the object @funcs are called on
 * @search_id: the search
 * @total: how many results it has
 * @order: the order its pages are asked in
 * @first_page: (nullable) (transfer none): results the search already
 *   answered, from offset 0; its reads are taken
 *
 * Returns: (transfer full): a model of @total items that holds only the
 *   pages shown lately, and stands placeholders in for rows still loading
 */
SlSearchResults *
sl_search_results_new_with_source (const SlSearchAnswerSource *funcs,
                                   GObject                  *source,
                                   gint64                    search_id,
                                   guint                     total,
                                   SlSearchOrder             order,
                                   SlSearchAnswer             *first_page)
{
  SlSearchResults *self;

  g_return_val_if_fail (funcs != NULL && funcs->fetch != NULL && funcs->finish != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (source), NULL);

  self = g_object_new (SL_TYPE_SEARCH_RESULTS, NULL);
  self->funcs = funcs;
  self->source = g_object_ref (source);
  self->search_id = search_id;
  self->total = total;
  self->order = order;

  if (first_page != NULL && first_page->offset == 0 && first_page->results != NULL &&
      first_page->results->len > 0 && total > 0)
    {
      Page *page = ensure_page (self, 0);

      page->items = g_steal_pointer (&first_page->results);
      first_page->results = g_ptr_array_new_with_free_func (g_object_unref);
      if (page->items->len > page_length (self, 0))
        g_ptr_array_set_size (page->items, page_length (self, 0));
      page->used = ++self->tick;
      self->n_loaded = page->items->len;
    }

  return self;
}

gint64
sl_search_results_get_search_id (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), 0);
  return self->search_id;
}

SlSearchOrder
sl_search_results_get_order (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), SL_SEARCH_ORDER_NEWEST);
  return self->order;
}

/* How many pages were requested so far. */
guint
sl_search_results_get_n_fetches (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), 0);
  return self->n_fetches;
}

/* How many reads the model holds now, whatever its length. */
guint
sl_search_results_get_n_loaded (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), 0);
  return self->n_loaded;
}

gboolean
sl_search_results_is_loading (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), FALSE);
  return self->n_loading > 0;
}

/**
 * sl_search_results_get_error:
 *
 * Returns: (nullable): why the last page failed to load; cleared when a
 *   page loads
 */
const GError *
sl_search_results_get_error (SlSearchResults *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_RESULTS (self), NULL);
  return self->error;
}

static void
client_fetch (GObject             *source,
              gint64               search_id,
              guint                offset,
              guint                limit,
              SlSearchOrder        order,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  sl_client_get_search_results_async (SL_CLIENT (source), search_id, offset, limit, order,
                                      cancellable, callback, user_data);
}

static SlSearchAnswer *
client_finish (GObject       *source,
               GAsyncResult  *result,
               GError       **error)
{
  return sl_client_get_search_results_finish (SL_CLIENT (source), result, error);
}

static const SlSearchAnswerSource client_source = { client_fetch, client_finish };

/**
 * sl_search_results_new:
 * @client: the client, logged in
 * @first_page: (transfer none): the answer of the search, or of its first
 *   page in @order
 *
 * Returns: (transfer full): the search's results, paged from @client
 */
SlSearchResults *
sl_search_results_new (SlClient      *client,
                       SlSearchOrder  order,
                       SlSearchAnswer  *first_page)
{
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (first_page != NULL, NULL);

  return sl_search_results_new_with_source (&client_source, G_OBJECT (client),
                                            first_page->search_id, first_page->total,
                                            order, first_page);
}
