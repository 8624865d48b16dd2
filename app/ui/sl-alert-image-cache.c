#define G_LOG_DOMAIN "sl-alert-image-cache"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-alert-image-cache.h"

/* Enough for every row on screen and the detail; each entry is small. */
#define MAX_ENTRIES 300

struct _SlAlertImageCache
{
  GObject       parent_instance;

  /* owned references */
  SlClient     *client;
  GCancellable *cancellable;
  GHashTable   *textures;   /* url → GdkTexture */
  GQueue       *order;      /* urls, most recently used first; strings owned by textures' keys */
  GHashTable   *waiting;    /* url → GPtrArray of GTask */

  guint         n_fetches;
};

G_DEFINE_FINAL_TYPE (SlAlertImageCache, sl_alert_image_cache, G_TYPE_OBJECT)

typedef struct
{
  GWeakRef  cache;
  char     *url;
} Fetch;

static Fetch *
fetch_new (SlAlertImageCache *cache,
           const char        *url)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  g_weak_ref_init (&fetch->cache, cache);
  fetch->url = g_strdup (url);
  return fetch;
}

static void
fetch_free (Fetch *fetch)
{
  g_weak_ref_clear (&fetch->cache);
  g_free (fetch->url);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
touch (SlAlertImageCache *self,
       const char        *url)
{
  GList *link = g_queue_find_custom (self->order, url, (GCompareFunc) g_strcmp0);

  if (link != NULL)
    {
      g_queue_unlink (self->order, link);
      g_queue_push_head_link (self->order, link);
    }
}

static void
store (SlAlertImageCache *self,
       const char        *url,
       GdkTexture        *texture)
{
  char *key = g_strdup (url);

  g_hash_table_insert (self->textures, key, g_object_ref (texture));
  g_queue_push_head (self->order, key);

  while (g_queue_get_length (self->order) > MAX_ENTRIES)
    {
      char *oldest = g_queue_pop_tail (self->order);
      g_hash_table_remove (self->textures, oldest);
    }
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (bytes, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
complete_waiting (SlAlertImageCache *self,
                  const char        *url,
                  GdkTexture        *texture,
                  const GError      *error)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *key = NULL;

  if (self->waiting == NULL ||
      !g_hash_table_steal_extended (self->waiting, url, (gpointer *) &key, (gpointer *) &tasks))
    return;

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (texture != NULL)
        g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree char *url = user_data;
  SlAlertImageCache *self = SL_ALERT_IMAGE_CACHE (object);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The image cannot be shown."));
    }

  if (texture != NULL && self->textures != NULL)
    store (self, url, texture);
  complete_waiting (self, url, texture, error);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(SlAlertImageCache) self = g_weak_ref_get (&fetch->cache);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) decode = NULL;

  bytes = sl_client_fetch_image_finish (SL_CLIENT (object), result, NULL, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      complete_waiting (self, fetch->url, NULL, error);
      return;
    }

  decode = g_task_new (self, self->cancellable, decoded_cb, g_strdup (fetch->url));
  g_task_set_source_tag (decode, fetched_cb);
  g_task_set_task_data (decode, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (decode, decode_in_thread);
}

static void
sl_alert_image_cache_dispose (GObject *object)
{
  SlAlertImageCache *self = SL_ALERT_IMAGE_CACHE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  /* Whoever still waits learns that the image will not come. */
  if (self->waiting != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The image cache was closed");
      GList *urls = g_hash_table_get_keys (self->waiting);

      for (GList *l = urls; l != NULL; l = l->next)
        l->data = g_strdup (l->data);
      for (GList *l = urls; l != NULL; l = l->next)
        complete_waiting (self, l->data, NULL, error);
      g_list_free_full (urls, g_free);
    }
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->order, g_queue_free);
  g_clear_pointer (&self->textures, g_hash_table_unref);

  G_OBJECT_CLASS (sl_alert_image_cache_parent_class)->dispose (object);
}

static void
sl_alert_image_cache_class_init (SlAlertImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_alert_image_cache_dispose;
}

static void
sl_alert_image_cache_init (SlAlertImageCache *self)
{
  self->cancellable = g_cancellable_new ();
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_queue_new ();
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
}

SlAlertImageCache *
sl_alert_image_cache_new (SlClient *client)
{
  SlAlertImageCache *self;

  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);

  self = g_object_new (SL_TYPE_ALERT_IMAGE_CACHE, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * sl_alert_image_cache_lookup:
 *
 * Returns: (transfer none) (nullable): the image if it was fetched already
 */
GdkTexture *
sl_alert_image_cache_lookup (SlAlertImageCache *self,
                             const char        *url)
{
  GdkTexture *texture;

  g_return_val_if_fail (SL_IS_ALERT_IMAGE_CACHE (self), NULL);

  if (url == NULL)
    return NULL;

  texture = g_hash_table_lookup (self->textures, url);
  if (texture != NULL)
    touch (self, url);
  return texture;
}

/**
 * sl_alert_image_cache_load_async:
 * @url: an image URL of the API
 *
 * Fetches the image, once however many ask for it at the same time.
 */
void
sl_alert_image_cache_load_async (SlAlertImageCache   *self,
                                 const char          *url,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GdkTexture *texture;
  GPtrArray *tasks;

  g_return_if_fail (SL_IS_ALERT_IMAGE_CACHE (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, sl_alert_image_cache_load_async);

  texture = sl_alert_image_cache_lookup (self, url);
  if (texture != NULL)
    {
      g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      return;
    }

  tasks = g_hash_table_lookup (self->waiting, url);
  if (tasks != NULL)
    {
      g_ptr_array_add (tasks, g_steal_pointer (&task));
      return;
    }

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, g_steal_pointer (&task));
  g_hash_table_insert (self->waiting, g_strdup (url), tasks);

  self->n_fetches++;
  sl_client_fetch_image_async (self->client, url, self->cancellable, fetched_cb,
                               fetch_new (self, url));
}

/**
 * sl_alert_image_cache_load_finish:
 *
 * Returns: (transfer full) (nullable): the image
 */
GdkTexture *
sl_alert_image_cache_load_finish (SlAlertImageCache  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (SL_IS_ALERT_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* How many images were fetched from the service; each is a logged view. */
guint
sl_alert_image_cache_get_n_fetches (SlAlertImageCache *self)
{
  g_return_val_if_fail (SL_IS_ALERT_IMAGE_CACHE (self), 0);
  return self->n_fetches;
}
