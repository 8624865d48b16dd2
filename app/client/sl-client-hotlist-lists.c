#define G_LOG_DOMAIN "sl-client-hotlist-lists"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-hotlist-lists.h"
#include "sl-client-json.h"
#include "sl-client-private.h"
#include "sl-json.h"

typedef struct
{
  SlClientProgress  progress;
  gpointer          progress_data;
  goffset           sent;
  goffset           total;
} Upload;

/* Answers ---------------------------------------------------------------------- */

static gpointer
parse_hotlist (SlClient    *self,
               JsonObject  *body,
               GError     **error)
{
  return sl_hotlist_new_from_json (body, error);
}

static gpointer
parse_hotlists (SlClient    *self,
                JsonObject  *body,
                GError     **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = NULL;

  if (!sl_json_get_array (body, "hotlists", TRUE, &array, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlHotlist *list;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _sl_client_json_invalid (error, "“hotlists” must hold objects");
          return NULL;
        }

      list = sl_hotlist_new_from_json (json_node_get_object (node), error);
      if (list == NULL)
        return NULL;
      g_ptr_array_add (lists, list);
    }

  return g_steal_pointer (&lists);
}

static gpointer
parse_summary (SlClient    *self,
               JsonObject  *body,
               GError     **error)
{
  return sl_hotlist_import_summary_new_from_json (body, error);
}

static gpointer
finish_pointer (SlClient      *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Settings --------------------------------------------------------------------- */

static void
add_optional_text (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
settings_to_json (const SlHotlistSettings *settings,
                  SlHotlistFields          fields,
                  gboolean                 with_kind)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (fields & SL_HOTLIST_FIELD_NAME)
    sl_json_builder_add_string_member (builder, "name", settings->name);
  if (with_kind)
    sl_json_builder_add_string_member (builder, "kind", sl_hotlist_kind_to_string (settings->kind));
  if ((fields & SL_HOTLIST_FIELD_SOURCE) && settings->source != NULL)
    sl_json_builder_add_string_member (builder, "source", settings->source);
  if (fields & SL_HOTLIST_FIELD_PRIORITY)
    sl_json_builder_add_int_member (builder, "priority", settings->priority);
  if (fields & SL_HOTLIST_FIELD_ALERT_LEVEL)
    sl_json_builder_add_string_member (builder, "alert_level", sl_alert_level_to_string (settings->alert_level));
  if (fields & SL_HOTLIST_FIELD_COVERT)
    {
      json_builder_set_member_name (builder, "covert");
      json_builder_add_boolean_value (builder, settings->covert);
    }
  if (fields & SL_HOTLIST_FIELD_TOLERANCE)
    sl_json_builder_add_int_member (builder, "tolerance", settings->tolerance);
  if (fields & SL_HOTLIST_FIELD_ACTIVE)
    {
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, settings->active);
    }
  if (fields & SL_HOTLIST_FIELD_IMPORT_SOURCE)
    add_optional_text (builder, "import_source", settings->import_source);
  if (fields & SL_HOTLIST_FIELD_IMPORT_TIME)
    add_optional_text (builder, "import_time", settings->import_time);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Calls ------------------------------------------------------------------------ */

void
sl_client_list_hotlists_async (SlClient            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _sl_client_create_request (self, "GET", "/hotlists", NULL, parse_hotlists,
                                    (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data,
                                    sl_client_list_hotlists_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_list_hotlists_finish:
 *
 * Returns: (transfer container) (element-type SlHotlist): the lists
 */
GPtrArray *
sl_client_list_hotlists_finish (SlClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, sl_client_list_hotlists_async, error);
}

void
sl_client_get_hotlist_async (SlClient            *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT, id);
  task = _sl_client_create_request (self, "GET", path, NULL, parse_hotlist, g_object_unref,
                                    cancellable, callback, user_data, sl_client_get_hotlist_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_get_hotlist_finish:
 *
 * Returns: (transfer full): the list
 */
SlHotlist *
sl_client_get_hotlist_finish (SlClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, sl_client_get_hotlist_async, error);
}

void
sl_client_create_hotlist_async (SlClient                *self,
                                const SlHotlistSettings *settings,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (settings != NULL && settings->name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* a new list is active */
  body = settings_to_json (settings, ~(SlHotlistFields) SL_HOTLIST_FIELD_ACTIVE, TRUE);
  task = _sl_client_create_request (self, "POST", "/hotlists", body, parse_hotlist, g_object_unref,
                                    cancellable, callback, user_data, sl_client_create_hotlist_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_create_hotlist_finish:
 *
 * Returns: (transfer full): the new list
 */
SlHotlist *
sl_client_create_hotlist_finish (SlClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, sl_client_create_hotlist_async, error);
}

void
sl_client_update_hotlist_async (SlClient                *self,
                                gint64                   id,
                                const SlHotlistSettings *settings,
                                SlHotlistFields          fields,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (!(fields & SL_HOTLIST_FIELD_NAME) || settings->name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT, id);
  body = settings_to_json (settings, fields, FALSE);
  task = _sl_client_create_request (self, "PATCH", path, body, parse_hotlist, g_object_unref,
                                    cancellable, callback, user_data, sl_client_update_hotlist_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_update_hotlist_finish:
 *
 * Returns: (transfer full): the list as changed
 */
SlHotlist *
sl_client_update_hotlist_finish (SlClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, sl_client_update_hotlist_async, error);
}

/* Imports ---------------------------------------------------------------------- */

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk_size,
                    gpointer     user_data)
{
  Upload *upload = user_data;

  upload->sent += chunk_size;
  upload->progress (upload->sent, upload->total, upload->progress_data);
}

void
sl_client_import_hotlist_bytes_async (SlClient            *self,
                                      gint64               id,
                                      GBytes              *csv,
                                      SlClientProgress     progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;
  SoupMessage *message;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (csv != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import", id);
  task = _sl_client_create_request (self, "POST", path, NULL, parse_summary,
                                    (GDestroyNotify) sl_hotlist_import_summary_free,
                                    cancellable, callback, user_data, sl_client_import_hotlist_bytes_async);
  if (task == NULL)
    return;

  message = _sl_client_request_get_message (task);
  soup_message_set_request_body_from_bytes (message, "text/csv", csv);
  if (progress != NULL)
    {
      Upload *upload = g_new0 (Upload, 1);

      upload->progress = progress;
      upload->progress_data = progress_data;
      upload->total = g_bytes_get_size (csv);
      g_object_set_data_full (G_OBJECT (task), "sl-upload", upload, g_free);
      g_signal_connect (message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), upload);
    }

  _sl_client_send_request (self, task);
}

/**
 * sl_client_import_hotlist_bytes_finish:
 *
 * Returns: (transfer full): what the import did
 */
SlHotlistImportSummary *
sl_client_import_hotlist_bytes_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_import_hotlist_bytes_async, error);
}

typedef struct
{
  gint64            id;
  SlClientProgress  progress;
  gpointer          progress_data;
} FileImport;

static void
file_imported_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SlHotlistImportSummary *summary;

  summary = sl_client_import_hotlist_bytes_finish (SL_CLIENT (object), result, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) sl_hotlist_import_summary_free);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FileImport *import = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  sl_client_import_hotlist_bytes_async (g_task_get_source_object (task), import->id, bytes,
                                        import->progress, import->progress_data,
                                        g_task_get_cancellable (task), file_imported_cb,
                                        g_object_ref (task));
}

/**
 * sl_client_import_hotlist_async:
 * @file: the CSV file, read whole before it is sent
 * @progress: (nullable) (scope call): called as the bytes are sent
 */
void
sl_client_import_hotlist_async (SlClient            *self,
                                gint64               id,
                                GFile               *file,
                                SlClientProgress     progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  FileImport *import;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  import = g_new0 (FileImport, 1);
  import->id = id;
  import->progress = progress;
  import->progress_data = progress_data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_client_import_hotlist_async);
  g_task_set_task_data (task, import, g_free);
  g_file_load_bytes_async (file, cancellable, file_loaded_cb, task);
}

/**
 * sl_client_import_hotlist_finish:
 *
 * Returns: (transfer full): what the import did
 */
SlHotlistImportSummary *
sl_client_import_hotlist_finish (SlClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, sl_client_import_hotlist_async, error);
}

void
sl_client_import_hotlist_now_async (SlClient            *self,
                                    gint64               id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/import-now", id);
  task = _sl_client_create_request (self, "POST", path, NULL, parse_summary,
                                    (GDestroyNotify) sl_hotlist_import_summary_free,
                                    cancellable, callback, user_data, sl_client_import_hotlist_now_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_import_hotlist_now_finish:
 *
 * Returns: (transfer full): what the import did
 */
SlHotlistImportSummary *
sl_client_import_hotlist_now_finish (SlClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_pointer (self, result, sl_client_import_hotlist_now_async, error);
}

/* Export ----------------------------------------------------------------------- */

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  goffset size;

  size = sl_client_download_finish (SL_CLIENT (object), result, &error);
  if (size < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, size);
}

/**
 * sl_client_export_hotlist_async:
 * @destination: the CSV file to write; replaced only once complete
 * @progress: (nullable) (scope call): called as bytes arrive
 */
void
sl_client_export_hotlist_async (SlClient            *self,
                                gint64               id,
                                GFile               *destination,
                                SlClientProgress     progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_client_export_hotlist_async);

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/export.csv", id);
  sl_client_download_async (self, path, destination, progress, progress_data, cancellable,
                            exported_cb, task);
}

/**
 * sl_client_export_hotlist_finish:
 *
 * Returns: the bytes written, or -1 with @error set
 */
goffset
sl_client_export_hotlist_finish (SlClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_export_hotlist_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
