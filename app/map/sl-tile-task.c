#define G_LOG_DOMAIN "sl-tile-task"

#include "config.h"

#include "sl-tile-task.h"

/**
 * sl_tile_task_new:
 *
 * Returns: (transfer full): the task answering one get_tile_data_async()
 *   call, with the tile as its #SlTileRequest task data
 */
GTask *
sl_tile_task_new (ShumateDataSource   *source,
                  int                  x,
                  int                  y,
                  int                  zoom,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);
  SlTileRequest *request = g_new (SlTileRequest, 1);

  request->x = x;
  request->y = y;
  request->zoom = zoom;
  g_task_set_task_data (task, request, g_free);
  g_task_set_source_tag (task, source_tag);
  return task;
}

/**
 * sl_tile_task_return:
 * @task: (transfer full): from sl_tile_task_new()
 * @bytes: (transfer full) (nullable): the tile's image
 * @error: (transfer full) (nullable): why there is none
 */
void
sl_tile_task_return (GTask  *task,
                     GBytes *bytes,
                     GError *error)
{
  SlTileRequest *request = g_task_get_task_data (task);

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* libshumate 1.0's raster renderer takes the image from this signal. */
  g_signal_emit_by_name (g_task_get_source_object (task), "received-data",
                         request->x, request->y, request->zoom, bytes);
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_object_unref (task);
}

GBytes *
sl_tile_task_finish (ShumateDataSource  *source,
                     GAsyncResult       *result,
                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
