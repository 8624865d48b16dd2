#define G_LOG_DOMAIN "sl-client-hotlists"

#include "config.h"


#include "sl-client-hotlists.h"
#include "sl-client-json.h"
#include "sl-client-private.h"
#include "sl-clock.h"
#include "sl-json.h"

static const char * const order_names[] = {
  [SL_HOTLIST_ENTRY_ORDER_PLATE]   = "plate",
  [SL_HOTLIST_ENTRY_ORDER_EXPIRES] = "expires",
  [SL_HOTLIST_ENTRY_ORDER_CREATED] = "created",
  [SL_HOTLIST_ENTRY_ORDER_STATUS]  = "status",
};

void
sl_hotlist_entry_page_free (SlHotlistEntryPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
  g_free (page);
}

const char *
sl_hotlist_entry_order_to_string (SlHotlistEntryOrder order)
{
  g_return_val_if_fail ((guint) order < G_N_ELEMENTS (order_names), NULL);
  return order_names[order];
}

/* Parsers ------------------------------------------------------------------ */

static gpointer
parse_entry (SlClient    *self,
             JsonObject  *body,
             GError     **error)
{
  return sl_hotlist_entry_new_from_json (body, error);
}

static gpointer
parse_entry_page (SlClient    *self,
                  JsonObject  *body,
                  GError     **error)
{
  g_autoptr(SlHotlistEntryPage) page = g_new0 (SlHotlistEntryPage, 1);
  JsonArray *entries = NULL;
  gint64 total = 0;
  JsonNode *next;

  if (!sl_json_get_array (body, "entries", TRUE, &entries, error) ||
      !sl_json_get_int (body, "total", TRUE, &total, error))
    return NULL;

  if (total < 0 || total > G_MAXUINT)
    {
      _sl_client_json_invalid (error, "“%s” is out of range", "total");
      return NULL;
    }
  page->total = (guint) total;

  next = json_object_get_member (body, "next_offset");
  page->next_offset = -1;
  if (next != NULL && !JSON_NODE_HOLDS_NULL (next) &&
      !sl_json_get_int (body, "next_offset", FALSE, &page->next_offset, error))
    return NULL;

  page->entries = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      SlHotlistEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _sl_client_json_invalid (error, "“%s” must hold objects", "entries");
          return NULL;
        }
      entry = sl_hotlist_entry_new_from_json (json_node_get_object (node), error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (page->entries, entry);
    }

  return g_steal_pointer (&page);
}

static gpointer
parse_approvals (SlClient    *self,
                 JsonObject  *body,
                 GError     **error)
{
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = NULL;

  if (!sl_json_get_array (body, "approvals", TRUE, &array, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlHotlistApproval *approval;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _sl_client_json_invalid (error, "“%s” must hold objects", "approvals");
          return NULL;
        }
      approval = sl_hotlist_approval_new_from_json (json_node_get_object (node), error);
      if (approval == NULL)
        return NULL;
      g_ptr_array_add (approvals, approval);
    }

  return g_steal_pointer (&approvals);
}

/* Sends @body (taken) to @path, answered by an entry. */
static void
send_entry_request (SlClient            *self,
                    const char          *method,
                    const char          *path,
                    JsonBuilder         *builder,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  g_autoptr(JsonNode) body = builder != NULL ? json_builder_get_root (builder) : NULL;
  GTask *task;

  task = _sl_client_create_request (self, method, path, body, parse_entry, g_object_unref,
                                    cancellable, callback, user_data, source_tag);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

static JsonBuilder *
text_body (const char *member,
           const char *text)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (text != NULL && *text != '\0')
    sl_json_builder_add_string_member (builder, member, text);
  json_builder_end_object (builder);
  return builder;
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

/* Calls --------------------------------------------------------------------- */

/**
 * sl_client_list_hotlist_entries_async:
 * @list_id: the hot list
 * @filter: (nullable): which entries, in which order; %NULL: the first page, newest first
 */
void
sl_client_list_hotlist_entries_async (SlClient                   *self,
                                      gint64                      list_id,
                                      const SlHotlistEntryFilter *filter,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (list_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_string_new (NULL);
  g_string_printf (path, "/hotlists/%" G_GINT64_FORMAT "/entries", list_id);
  if (filter != NULL)
    {
      _sl_client_append_query (query, "status", filter->status);
      _sl_client_append_query (query, "q", filter->query);
      _sl_client_append_query (query, "order", sl_hotlist_entry_order_to_string (filter->order));
      _sl_client_append_query_int (query, "offset", filter->offset);
      _sl_client_append_query_int (query, "limit", filter->limit);
    }
  g_string_append (path, query->str);

  task = _sl_client_create_request (self, "GET", path->str, NULL, parse_entry_page,
                                    (GDestroyNotify) sl_hotlist_entry_page_free,
                                    cancellable, callback, user_data, sl_client_list_hotlist_entries_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_list_hotlist_entries_finish:
 *
 * Returns: (transfer full) (nullable): one page of entries
 */
SlHotlistEntryPage *
sl_client_list_hotlist_entries_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_list_hotlist_entries_async, error);
}

/**
 * sl_client_create_hotlist_entry_async:
 * @fields: the entry; plate, region (may be ""), reason, case_number,
 *   synopsis and expires_at_us are required
 *
 * Proposes an entry; it is pending until approved. The service names the
 * author from the session.
 */
void
sl_client_create_hotlist_entry_async (SlClient                   *self,
                                      gint64                      list_id,
                                      const SlHotlistEntryFields *fields,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (list_id > 0);
  g_return_if_fail (fields != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  sl_hotlist_entry_fields_add_members (fields, builder);
  /* the region may be unknown, but the member is always sent */
  if (fields->region == NULL)
    sl_json_builder_add_string_member (builder, "region", "");
  json_builder_end_object (builder);

  path = g_strdup_printf ("/hotlists/%" G_GINT64_FORMAT "/entries", list_id);
  send_entry_request (self, "POST", path, builder, cancellable, callback, user_data,
                      sl_client_create_hotlist_entry_async);
}

/**
 * sl_client_create_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the pending entry
 */
SlHotlistEntry *
sl_client_create_hotlist_entry_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_create_hotlist_entry_async, error);
}

void
sl_client_get_hotlist_entry_async (SlClient            *self,
                                   gint64               id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT, id);
  send_entry_request (self, "GET", path, NULL, cancellable, callback, user_data,
                      sl_client_get_hotlist_entry_async);
}

/**
 * sl_client_get_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the entry with its versions
 */
SlHotlistEntry *
sl_client_get_hotlist_entry_finish (SlClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_pointer (self, result, sl_client_get_hotlist_entry_async, error);
}

void
sl_client_update_hotlist_entry_async (SlClient                   *self,
                                      gint64                      id,
                                      const SlHotlistEntryFields *changes,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  sl_hotlist_entry_fields_add_members (changes, builder);
  json_builder_end_object (builder);

  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT, id);
  send_entry_request (self, "PATCH", path, builder, cancellable, callback, user_data,
                      sl_client_update_hotlist_entry_async);
}

/**
 * sl_client_update_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the entry with its pending update
 */
SlHotlistEntry *
sl_client_update_hotlist_entry_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_update_hotlist_entry_async, error);
}

void
sl_client_renew_hotlist_entry_async (SlClient            *self,
                                     gint64               id,
                                     gint64               expires_at_us,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expires = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (expires_at_us > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  expires = sl_clock_format_iso8601 (expires_at_us);
  builder = text_body ("expires_at", expires);
  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT "/renew", id);
  send_entry_request (self, "POST", path, builder, cancellable, callback, user_data,
                      sl_client_renew_hotlist_entry_async);
}

/**
 * sl_client_renew_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the entry with its pending update
 */
SlHotlistEntry *
sl_client_renew_hotlist_entry_finish (SlClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, sl_client_renew_hotlist_entry_async, error);
}

/**
 * sl_client_approve_hotlist_entry_async:
 * @note: (nullable): what the approver adds
 */
void
sl_client_approve_hotlist_entry_async (SlClient            *self,
                                       gint64               id,
                                       const char          *note,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = text_body ("note", note);
  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT "/approve", id);
  send_entry_request (self, "POST", path, builder, cancellable, callback, user_data,
                      sl_client_approve_hotlist_entry_async);
}

/**
 * sl_client_approve_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the entry as approved; it answers
 *   once the retro hits of the entry are stored
 */
SlHotlistEntry *
sl_client_approve_hotlist_entry_finish (SlClient      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish_pointer (self, result, sl_client_approve_hotlist_entry_async, error);
}

void
sl_client_reject_hotlist_entry_async (SlClient            *self,
                                      gint64               id,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = text_body ("reason", reason);
  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT "/reject", id);
  send_entry_request (self, "POST", path, builder, cancellable, callback, user_data,
                      sl_client_reject_hotlist_entry_async);
}

/**
 * sl_client_reject_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the entry as it is now
 */
SlHotlistEntry *
sl_client_reject_hotlist_entry_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_reject_hotlist_entry_async, error);
}

void
sl_client_remove_hotlist_entry_async (SlClient            *self,
                                      gint64               id,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = text_body ("reason", reason);
  path = g_strdup_printf ("/hotlist-entries/%" G_GINT64_FORMAT "/remove", id);
  send_entry_request (self, "POST", path, builder, cancellable, callback, user_data,
                      sl_client_remove_hotlist_entry_async);
}

/**
 * sl_client_remove_hotlist_entry_finish:
 *
 * Returns: (transfer full) (nullable): the removed entry
 */
SlHotlistEntry *
sl_client_remove_hotlist_entry_finish (SlClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, sl_client_remove_hotlist_entry_async, error);
}

void
sl_client_list_hotlist_approvals_async (SlClient            *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _sl_client_create_request (self, "GET", "/hotlist-approvals", NULL, parse_approvals,
                                    (GDestroyNotify) g_ptr_array_unref,
                                    cancellable, callback, user_data, sl_client_list_hotlist_approvals_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_list_hotlist_approvals_finish:
 *
 * Returns: (transfer container) (element-type SlHotlistApproval) (nullable):
 *   the queue, oldest proposal first
 */
GPtrArray *
sl_client_list_hotlist_approvals_finish (SlClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, sl_client_list_hotlist_approvals_async, error);
}
