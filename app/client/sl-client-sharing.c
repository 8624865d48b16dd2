#define G_LOG_DOMAIN "sl-client-sharing"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-json.h"
#include "sl-client-private.h"
#include "sl-client-sharing.h"
#include "sl-clock.h"
#include "sl-json.h"

typedef struct
{
  GPtrArray       *requests;
  SlSharingCounts  counts;
} Register;

static void
register_free (Register *list)
{
  g_ptr_array_unref (list->requests);
  g_free (list);
}

/* A member that holds JSON, kept as text. */
static char *
dup_json_member (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return sl_json_to_string (node, FALSE);
}

/**
 * sl_sharing_request_new_from_json:
 * @object: a SharingRequest from the service, untrusted
 *
 * Returns: (transfer full) (nullable): the request
 */
SlSharingRequest *
sl_sharing_request_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(SlSharingRequest) request = g_new0 (SlSharingRequest, 1);
  g_autoptr(GError) local_error = NULL;
  const char *text = NULL;
  JsonObject *rule = NULL;
  JsonObject *attachment = NULL;
  JsonObject *decision = NULL;

  if (!sl_json_get_int (object, "id", TRUE, &request->id, &local_error) ||
      !_sl_client_json_get_time (object, "received_at", TRUE, &request->received_us, &local_error) ||
      !_sl_client_json_dup_string (object, "entered_by", TRUE, &request->entered_by, &local_error) ||
      !_sl_client_json_dup_string (object, "agency_name", TRUE, &request->agency_name, &local_error) ||
      !_sl_client_json_dup_string (object, "requester_name", TRUE, &request->requester_name, &local_error) ||
      !_sl_client_json_dup_string (object, "requester_contact", TRUE, &request->requester_contact, &local_error) ||
      !_sl_client_json_dup_string (object, "purpose", TRUE, &request->purpose, &local_error) ||
      !_sl_client_json_dup_string (object, "case_number", TRUE, &request->case_number, &local_error) ||
      !sl_json_get_object (object, "rule", TRUE, &rule, &local_error) ||
      !sl_json_get_object (object, "attachment", FALSE, &attachment, &local_error) ||
      !sl_json_get_object (object, "decision", FALSE, &decision, &local_error) ||
      !sl_json_get_int (object, "disclosures", FALSE, &request->disclosures, &local_error) ||
      !sl_json_get_int (object, "disclosed_reads", FALSE, &request->disclosed_reads, &local_error) ||
      !_sl_client_json_get_time (object, "disclosed_at", FALSE, &request->disclosed_us, &local_error))
    goto invalid;

  if (!sl_json_get_string (object, "agency_type", TRUE, &text, &local_error) ||
      !sl_agency_type_from_string (text, &request->agency_type))
    {
      _sl_client_json_invalid (&local_error, "“agency_type” is not one Sightline knows");
      goto invalid;
    }
  if (!sl_json_get_string (object, "jurisdiction", TRUE, &text, &local_error) ||
      !sl_jurisdiction_from_string (text, &request->jurisdiction))
    {
      _sl_client_json_invalid (&local_error, "“jurisdiction” is not one Sightline knows");
      goto invalid;
    }
  if (!sl_json_get_string (object, "status", TRUE, &text, &local_error) ||
      !sl_sharing_status_from_string (text, &request->status))
    {
      _sl_client_json_invalid (&local_error, "“status” is not one Sightline knows");
      goto invalid;
    }

  if (!_sl_client_json_dup_string (rule, "code", TRUE, &request->rule, &local_error) ||
      !_sl_client_json_dup_string (rule, "reason", TRUE, &request->rule_reason, &local_error) ||
      !_sl_client_json_dup_string (rule, "basis", TRUE, &request->rule_basis, &local_error))
    goto invalid;

  if (attachment != NULL &&
      (!_sl_client_json_dup_string (attachment, "name", TRUE, &request->attachment_name, &local_error) ||
       !sl_json_get_int (attachment, "size", FALSE, &request->attachment_size, &local_error)))
    goto invalid;

  if (decision != NULL &&
      (!_sl_client_json_dup_string (decision, "decided_by", TRUE, &request->decided_by, &local_error) ||
       !_sl_client_json_get_time (decision, "decided_at", TRUE, &request->decided_us, &local_error) ||
       !_sl_client_json_dup_string (decision, "reason", TRUE, &request->decision_reason, &local_error) ||
       !_sl_client_json_get_time (decision, "ends_at", FALSE, &request->ends_us, &local_error)))
    goto invalid;

  request->scope = dup_json_member (object, "scope");
  request->checks = dup_json_member (object, "checks");
  if (decision != NULL)
    request->approved_scope = dup_json_member (decision, "scope");
  if (request->scope == NULL || request->checks == NULL)
    {
      _sl_client_json_invalid (&local_error, "a sharing request has its scope and checks");
      goto invalid;
    }

  return g_steal_pointer (&request);

invalid:
  g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent a sharing request Sightline cannot read: %s"), local_error->message);
  return NULL;
}

static gpointer
parse_request (SlClient    *self,
               JsonObject  *body,
               GError     **error)
{
  return sl_sharing_request_new_from_json (body, error);
}

static gpointer
parse_register (SlClient    *self,
                JsonObject  *body,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Register *list;
  JsonArray *requests = NULL;
  JsonObject *counts = NULL;

  if (!sl_json_get_array (body, "requests", TRUE, &requests, &local_error) ||
      !sl_json_get_object (body, "counts", FALSE, &counts, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a register Sightline cannot read: %s"), local_error->message);
      return NULL;
    }

  list = g_new0 (Register, 1);
  list->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_sharing_request_free);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonNode *node = json_array_get_element (requests, i);
      SlSharingRequest *request;

      request = JSON_NODE_HOLDS_OBJECT (node) ? sl_sharing_request_new_from_json (json_node_get_object (node), error)
                                              : NULL;
      if (request == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                         _("The service sent a register Sightline cannot read"));
          register_free (list);
          return NULL;
        }
      g_ptr_array_add (list->requests, request);
    }

  if (counts != NULL)
    {
      list->counts.known = TRUE;
      for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
        sl_json_get_int (counts, sl_sharing_status_to_string (s), FALSE, &list->counts.counts[s], NULL);
    }

  return list;
}

static gpointer
parse_release (SlClient    *self,
               JsonObject  *body,
               GError     **error)
{
  g_autoptr(SlSharingRelease) release = g_new0 (SlSharingRelease, 1);
  g_autoptr(GError) local_error = NULL;

  if (!sl_json_get_int (body, "reads", TRUE, &release->reads, &local_error) ||
      !sl_json_get_int (body, "images", TRUE, &release->images, &local_error) ||
      !sl_json_get_int (body, "package_id", FALSE, &release->package_id, &local_error) ||
      !sl_json_get_int (body, "size", FALSE, &release->size, &local_error) ||
      !_sl_client_json_dup_string (body, "sha256", FALSE, &release->sha256, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an answer Sightline cannot read: %s"), local_error->message);
      return NULL;
    }
  release->manifest = dup_json_member (body, "manifest");
  return g_steal_pointer (&release);
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

void
sl_sharing_release_free (SlSharingRelease *release)
{
  if (release == NULL)
    return;

  g_free (release->sha256);
  g_free (release->manifest);
  g_free (release);
}

/* Calls ------------------------------------------------------------------------ */

void
sl_client_list_sharing_requests_async (SlClient            *self,
                                       const char          *status,
                                       const char          *agency,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/sharing-requests");
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));

  _sl_client_append_query (path, "status", status);
  _sl_client_append_query (path, "agency", agency);
  task = _sl_client_create_request (self, "GET", path->str, NULL, parse_register, (GDestroyNotify) register_free,
                                    cancellable, callback, user_data, sl_client_list_sharing_requests_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

/**
 * sl_client_list_sharing_requests_finish:
 * @counts: (out caller-allocates) (optional): the counts by status
 *
 * Returns: (transfer full) (element-type SlSharingRequest): newest first
 */
GPtrArray *
sl_client_list_sharing_requests_finish (SlClient         *self,
                                        GAsyncResult     *result,
                                        SlSharingCounts  *counts,
                                        GError          **error)
{
  Register *list = finish_pointer (self, result, sl_client_list_sharing_requests_async, error);
  GPtrArray *requests;

  if (list == NULL)
    return NULL;

  if (counts != NULL)
    *counts = list->counts;
  requests = g_ptr_array_ref (list->requests);
  register_free (list);
  return requests;
}

void
sl_client_get_sharing_request_async (SlClient            *self,
                                     gint64               id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT, id);
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));

  task = _sl_client_create_request (self, "GET", path, NULL, parse_request, (GDestroyNotify) sl_sharing_request_free,
                                    cancellable, callback, user_data, sl_client_get_sharing_request_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

SlSharingRequest *
sl_client_get_sharing_request_finish (SlClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, sl_client_get_sharing_request_async, error);
}

static void
add_json_text (JsonBuilder *builder,
               const char  *member,
               const char  *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) || json_parser_get_root (parser) == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
}

void
sl_client_create_sharing_request_async (SlClient               *self,
                                        const SlSharingRequest *request,
                                        const char             *attachment_name,
                                        GBytes                 *attachment,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));
  g_return_if_fail (request != NULL);

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "agency_name", request->agency_name);
  sl_json_builder_add_string_member (builder, "agency_type", sl_agency_type_to_string (request->agency_type));
  sl_json_builder_add_string_member (builder, "jurisdiction", sl_jurisdiction_to_string (request->jurisdiction));
  sl_json_builder_add_string_member (builder, "requester_name", request->requester_name);
  sl_json_builder_add_string_member (builder, "requester_contact", request->requester_contact);
  sl_json_builder_add_string_member (builder, "purpose", request->purpose);
  sl_json_builder_add_string_member (builder, "case_number", request->case_number);
  add_json_text (builder, "scope", request->scope);
  if (attachment != NULL)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (attachment, &size);
      g_autofree char *encoded = g_base64_encode (data, size);

      json_builder_set_member_name (builder, "attachment");
      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "name", attachment_name != NULL ? attachment_name : "request.pdf");
      sl_json_builder_add_string_member (builder, "content_base64", encoded);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = _sl_client_create_request (self, "POST", "/sharing-requests", body, parse_request,
                                    (GDestroyNotify) sl_sharing_request_free,
                                    cancellable, callback, user_data, sl_client_create_sharing_request_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

SlSharingRequest *
sl_client_create_sharing_request_finish (SlClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, sl_client_create_sharing_request_async, error);
}

void
sl_client_decide_sharing_request_async (SlClient            *self,
                                        gint64               id,
                                        gboolean             approve,
                                        const char          *reason,
                                        const char          *scope,
                                        gint64               ends_us,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/decision", id);
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "decision", approve ? "approve" : "deny");
  sl_json_builder_add_string_member (builder, "reason", reason != NULL ? reason : "");
  add_json_text (builder, "scope", scope);
  if (ends_us != 0)
    {
      g_autofree char *ends = sl_clock_format_iso8601 (ends_us);

      sl_json_builder_add_string_member (builder, "ends", ends);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = _sl_client_create_request (self, "POST", path, body, parse_request, (GDestroyNotify) sl_sharing_request_free,
                                    cancellable, callback, user_data, sl_client_decide_sharing_request_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

SlSharingRequest *
sl_client_decide_sharing_request_finish (SlClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, sl_client_decide_sharing_request_async, error);
}

void
sl_client_release_sharing_request_async (SlClient            *self,
                                         gint64               id,
                                         gboolean             build,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/%s", id,
                                           build ? "package" : "preview");
  g_autoptr(JsonNode) body = build ? json_node_init_object (json_node_alloc (), json_object_new ()) : NULL;
  GTask *task;

  g_return_if_fail (SL_IS_CLIENT (self));

  task = _sl_client_create_request (self, build ? "POST" : "GET", path, body, parse_release,
                                    (GDestroyNotify) sl_sharing_release_free,
                                    cancellable, callback, user_data, sl_client_release_sharing_request_async);
  if (task != NULL)
    _sl_client_send_request (self, task);
}

SlSharingRelease *
sl_client_release_sharing_request_finish (SlClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_pointer (self, result, sl_client_release_sharing_request_async, error);
}
