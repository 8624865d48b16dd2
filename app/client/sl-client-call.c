#define G_LOG_DOMAIN "sl-client-call"

#include "config.h"

#include "sl-client-call.h"
#include "sl-client-private.h"

static gpointer
parse_object (SlClient    *self,
              JsonObject  *body,
              GError     **error)
{
  return json_object_ref (body);
}

/**
 * sl_client_call_async:
 * @method: "GET", "POST", "PATCH"…
 * @path_and_query: under /api/v1, e.g. "/holds?state=active"
 * @body: (nullable): the JSON to send
 *
 * An authenticated call whose answer the caller reads member by member.
 * Refusals come back as #SL_CLIENT_ERROR errors with the service's message.
 */
void
sl_client_call_async (SlClient            *self,
                      const char          *method,
                      const char          *path_and_query,
                      JsonNode            *body,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (method != NULL && path_and_query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _sl_client_create_request (self, method, path_and_query, body,
                                    parse_object, (GDestroyNotify) json_object_unref,
                                    cancellable, callback, user_data, sl_client_call_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_call_finish:
 *
 * Returns: (transfer full) (nullable): the answer's object; an empty one
 *   for an answer without content
 */
JsonObject *
sl_client_call_finish (SlClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (SL_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_client_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
