/* sl-tile-task.h: what the map's tile sources share in answering shumate */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

typedef struct
{
  int x;
  int y;
  int zoom;
} SlTileRequest;

GTask  *sl_tile_task_new    (ShumateDataSource    *source,
                             int                   x,
                             int                   y,
                             int                   zoom,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data,
                             gpointer              source_tag);
void    sl_tile_task_return (GTask                *task,
                             GBytes               *bytes,
                             GError               *error);
GBytes *sl_tile_task_finish (ShumateDataSource    *source,
                             GAsyncResult         *result,
                             GError              **error);

G_END_DECLS
