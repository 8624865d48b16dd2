#define G_LOG_DOMAIN "sl-api-sharing"

#include "config.h"

#include <string.h>

#include "sl-csv.h"
#include "sl-search-report.h"
#include "sl-server-private.h"
#include "sl-sharing-package.h"

/* Requests for ALPR data from outside agencies: intake with the law's
 * refusals applied at once, the ALPR Administrator's decision, the register. */

#define MAX_PLATES            100
#define MAX_TEXT              500
#define MIN_REASON            10
#define MAX_ATTACHMENT_BYTES  (10 * 1024 * 1024)

/* Who enters requests received in writing. */
#define INTAKE_ROLES (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR)
/* Who sees the whole register; the others see the requests they entered. */
#define REGISTER_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR)

static const char * const intake_members[] = {
  "agency_name", "agency_type", "jurisdiction", "requester_name", "requester_contact", "purpose",
  "case_number", "scope", "attachment", NULL
};
static const char * const required_text[] = {
  "agency_name", "requester_name", "requester_contact", "purpose", "case_number",
};
static const char * const scope_members[] = { "plates", "from", "to", "area", NULL };
static const char * const approved_scope_members[] = { "plates", "from", "to", NULL };
static const char * const decision_members[] = { "decision", "reason", "scope", "ends", NULL };
static const char * const attachment_members[] = { "name", "content_base64", NULL };

/* JSON ------------------------------------------------------------------------ */

static void
add_json_text (JsonBuilder *builder,
               const char  *member,
               const char  *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, member);
  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) && json_parser_get_root (parser) != NULL)
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
}

static void
add_request (JsonBuilder            *builder,
             const SlSharingRequest *request)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, request->id);
  _sl_json_add_time_member (builder, "received_at", request->received_us);
  sl_json_builder_add_string_member (builder, "entered_by", request->entered_by);
  sl_json_builder_add_string_member (builder, "agency_name", request->agency_name);
  sl_json_builder_add_string_member (builder, "agency_type", sl_agency_type_to_string (request->agency_type));
  sl_json_builder_add_string_member (builder, "jurisdiction", sl_jurisdiction_to_string (request->jurisdiction));
  sl_json_builder_add_string_member (builder, "requester_name", request->requester_name);
  sl_json_builder_add_string_member (builder, "requester_contact", request->requester_contact);
  sl_json_builder_add_string_member (builder, "purpose", request->purpose);
  sl_json_builder_add_string_member (builder, "case_number", request->case_number);
  add_json_text (builder, "scope", request->scope);

  json_builder_set_member_name (builder, "attachment");
  if (request->attachment_name != NULL)
    {
      g_autofree char *url = g_strdup_printf ("/api/v1/sharing-requests/%" G_GINT64_FORMAT "/attachment", request->id);

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "name", request->attachment_name);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, request->attachment_size);
      sl_json_builder_add_string_member (builder, "url", url);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  sl_json_builder_add_string_member (builder, "status", sl_sharing_status_to_string (request->status));
  json_builder_set_member_name (builder, "rule");
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "code", request->rule);
  sl_json_builder_add_string_member (builder, "reason", request->rule_reason);
  sl_json_builder_add_string_member (builder, "basis", request->rule_basis);
  json_builder_end_object (builder);
  add_json_text (builder, "checks", request->checks);

  json_builder_set_member_name (builder, "decision");
  if (request->decided_by != NULL)
    {
      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "decision",
                                         request->status == SL_SHARING_APPROVED ? "approve" : "deny");
      sl_json_builder_add_string_member (builder, "decided_by", request->decided_by);
      _sl_json_add_time_member (builder, "decided_at", request->decided_us);
      sl_json_builder_add_string_member (builder, "reason", request->decision_reason);
      add_json_text (builder, "scope", request->approved_scope != NULL ? request->approved_scope : request->scope);
      _sl_json_add_time_member (builder, "ends_at", request->ends_us);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "disclosures");
  json_builder_add_int_value (builder, request->disclosures);
  _sl_json_add_time_member (builder, "disclosed_at", request->disclosed_us);
  json_builder_set_member_name (builder, "disclosed_reads");
  json_builder_add_int_value (builder, request->disclosed_reads);
  json_builder_end_object (builder);
}

static void
reply_request (SlRequest              *req,
               const SlSharingRequest *request,
               guint                   status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_request (builder, request);
  _sl_reply_json (req->msg, status, json_builder_get_root (builder));
}

/* Intake ---------------------------------------------------------------------- */

/* A member that must be text; its stripped value, or NULL with a note in @fields. */
static char *
required_string (JsonObject *body,
                 const char *member,
                 JsonObject *fields)
{
  JsonNode *node = json_object_get_member (body, member);
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      _sl_field_error (fields, member, "%s is required", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _sl_field_error (fields, member, "%s must be text", member);
      return NULL;
    }

  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*text == '\0')
    {
      _sl_field_error (fields, member, "%s is required", member);
      return NULL;
    }
  if (g_utf8_strlen (text, -1) > MAX_TEXT)
    {
      _sl_field_error (fields, member, "%s is at most %d characters", member, MAX_TEXT);
      return NULL;
    }

  return g_steal_pointer (&text);
}

/* The plates of a scope, normalized and without repeats, into @builder's "plates". */
static gboolean
parse_plates (JsonArray    *plates,
              JsonBuilder  *builder,
              GPtrArray   **normalized,
              GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  if (json_array_get_length (plates) > MAX_PLATES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "a scope names at most %d plates", MAX_PLATES);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (plates); i++)
    {
      JsonNode *node = json_array_get_element (plates, i);
      g_autofree char *plate = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "plate %u must be text", i + 1);
          return FALSE;
        }
      plate = sl_plate_normalize (json_node_get_string (node), &local_error);
      if (plate == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "plate %u: %s", i + 1, local_error->message);
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (list, plate, g_str_equal, NULL))
        g_ptr_array_add (list, g_steal_pointer (&plate));
    }

  json_builder_set_member_name (builder, "plates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    json_builder_add_string_value (builder, list->pdata[i]);
  json_builder_end_array (builder);

  if (normalized != NULL)
    *normalized = g_steal_pointer (&list);
  return TRUE;
}

/* A scope: plates and/or an area, in a time range. Returns its normalized
 * JSON, or NULL with @error saying what is wrong. */
static char *
parse_scope (JsonObject  *scope,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) polygon = NULL;
  JsonArray *plates = NULL;
  JsonObject *area = NULL;
  SlReadQuery query = { 0 };
  gint64 from_us = 0;
  gint64 to_us = 0;

  if (!_sl_api_check_members (scope, scope_members, NULL, "a scope", error) ||
      !sl_json_get_array (scope, "plates", FALSE, &plates, error) ||
      !sl_json_get_object (scope, "area", FALSE, &area, error) ||
      !_sl_api_parse_time (scope, "from", &from_us, error) ||
      !_sl_api_parse_time (scope, "to", &to_us, error))
    return NULL;

  if (from_us == 0 || to_us == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "a scope has a time range: “from” and “to”");
      return NULL;
    }
  if (from_us >= to_us)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "a scope's “from” is before its “to”");
      return NULL;
    }
  if ((plates == NULL || json_array_get_length (plates) == 0) && area == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "a scope names plates or an area; every read in a time range is never shared");
      return NULL;
    }
  if (area != NULL && !_sl_api_parse_area (area, &query, &polygon, error))
    return NULL;

  json_builder_begin_object (builder);
  if (plates != NULL && json_array_get_length (plates) > 0 && !parse_plates (plates, builder, NULL, error))
    return NULL;
  _sl_json_add_time_member (builder, "from", from_us);
  _sl_json_add_time_member (builder, "to", to_us);
  if (area != NULL)
    {
      json_builder_set_member_name (builder, "area");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), area));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

/* The written request: a PDF, sent in base64. */
static GBytes *
parse_attachment (JsonObject  *attachment,
                  char       **name,
                  GError     **error)
{
  g_autofree guchar *data = NULL;
  const char *file_name = NULL;
  const char *content = NULL;
  gsize length = 0;

  if (!_sl_api_check_members (attachment, attachment_members, NULL, "an attachment", error) ||
      !sl_json_get_string (attachment, "name", TRUE, &file_name, error) ||
      !sl_json_get_string (attachment, "content_base64", TRUE, &content, error))
    return NULL;

  if (*file_name == '\0' || strchr (file_name, '/') != NULL || strchr (file_name, '\\') != NULL ||
      !g_utf8_validate (file_name, -1, NULL) || strlen (file_name) > 200)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "the attachment's name is a file name such as request.pdf");
      return NULL;
    }
  if (strlen (content) / 4 * 3 > MAX_ATTACHMENT_BYTES + 3)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "the written request is at most %d MB",
                   MAX_ATTACHMENT_BYTES / (1024 * 1024));
      return NULL;
    }

  data = g_base64_decode (content, &length);
  if (length < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "the written request must be a PDF file");
      return NULL;
    }

  *name = g_strdup (file_name);
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

static void
log_intake (SlAuditRecord          *record,
            const SlSharingRequest *request)
{
  g_autoptr(JsonBuilder) data = json_builder_new ();

  /* the store adds the request's id */
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "agency_name", request->agency_name);
  sl_json_builder_add_string_member (data, "agency_type", sl_agency_type_to_string (request->agency_type));
  sl_json_builder_add_string_member (data, "jurisdiction", sl_jurisdiction_to_string (request->jurisdiction));
  sl_json_builder_add_string_member (data, "requester_name", request->requester_name);
  sl_json_builder_add_string_member (data, "status", sl_sharing_status_to_string (request->status));
  sl_json_builder_add_string_member (data, "rule", request->rule);
  add_json_text (data, "scope", request->scope);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  g_free (record->case_number);
  record->case_number = g_strdup (request->case_number);
  g_free (record->purpose_note);
  record->purpose_note = g_strdup (request->purpose);
}

/* POST /sharing-requests: a written request received, entered; the rules of
 * law decide at once whether it is refused, routed to Records or reviewed. */
void
_sl_api_sharing_create (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlSharingRequest) request = g_new0 (SlSharingRequest, 1);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(GBytes) attachment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  char **texts[] = {
    &request->agency_name, &request->requester_name, &request->requester_contact, &request->purpose,
    &request->case_number,
  };
  const char *choice = NULL;
  JsonObject *scope = NULL;
  JsonObject *attachment_object = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == G_N_ELEMENTS (required_text));

  if (!_sl_request_require_role (req, INTAKE_ROLES, "sharing.request"))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (intake_members, l->data))
      _sl_field_error (fields, l->data, "%s is not part of a sharing request", (const char *) l->data);

  for (guint i = 0; i < G_N_ELEMENTS (required_text); i++)
    *texts[i] = required_string (body, required_text[i], fields);

  g_clear_error (&error);
  if (!sl_json_get_string (body, "agency_type", FALSE, &choice, &error) || choice == NULL)
    _sl_field_error (fields, "agency_type", "agency_type is required: law_enforcement, prosecutorial, "
                     "other_public or private");
  else if (!sl_agency_type_from_string (choice, &request->agency_type))
    _sl_field_error (fields, "agency_type", "agency_type is law_enforcement, prosecutorial, other_public or "
                     "private, not “%s”", choice);

  g_clear_error (&error);
  choice = NULL;
  if (!sl_json_get_string (body, "jurisdiction", FALSE, &choice, &error) || choice == NULL)
    _sl_field_error (fields, "jurisdiction", "jurisdiction is required: california_local, california_state, "
                     "other_state or federal");
  else if (!sl_jurisdiction_from_string (choice, &request->jurisdiction))
    _sl_field_error (fields, "jurisdiction", "jurisdiction is california_local, california_state, other_state "
                     "or federal, not “%s”", choice);

  g_clear_error (&error);
  if (!sl_json_get_object (body, "scope", FALSE, &scope, &error) || scope == NULL)
    _sl_field_error (fields, "scope", "scope is required: the plates or area asked for, from and to");
  else if ((request->scope = parse_scope (scope, &error)) == NULL)
    _sl_field_error (fields, "scope", "scope: %s", error->message);

  g_clear_error (&error);
  if (!sl_json_get_object (body, "attachment", FALSE, &attachment_object, &error))
    _sl_field_error (fields, "attachment", "attachment: %s", error->message);
  else if (attachment_object != NULL &&
           (attachment = parse_attachment (attachment_object, &request->attachment_name, &error)) == NULL)
    _sl_field_error (fields, "attachment", "attachment: %s", error->message);

  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_sharing_request", "The request cannot be entered", fields);
      return;
    }

  request->received_us = req->now_us;
  request->entered_by = g_strdup (req->user->username);
  sl_sharing_apply_rules (request);

  /* The request and its record go in together, or neither does. */
  record = _sl_server_new_record (req->server, req->msg, "sharing.request", "ok", req->user);
  log_intake (record, request);
  g_clear_error (&error);
  if (!sl_store_add_sharing_request (req->server->store, request, attachment, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  reply_request (req, request, SOUP_STATUS_CREATED);
}

/* The register -------------------------------------------------------------------- */

static const char *
released_scope (const SlSharingRequest *request)
{
  return request->approved_scope != NULL ? request->approved_scope : request->scope;
}


/* The request @id if the caller may see it: the whole register's readers,
 * and whoever entered it. Replies 404 otherwise. */
static SlSharingRequest *
find_visible (SlRequest *req,
              gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSharingRequest) request = sl_store_find_sharing_request (req->server->store, id, &error);

  if (request == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return NULL;
    }
  if (!sl_user_has_role (req->user, REGISTER_ROLES) && g_strcmp0 (request->entered_by, req->user->username) != 0)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no sharing request %" G_GINT64_FORMAT, id);
      return NULL;
    }

  return g_steal_pointer (&request);
}

/* The register's filters from the query string; replies 400 when one is wrong. */
static gboolean
parse_register_query (SlRequest      *req,
                      SlSharingQuery *query,
                      gint64          default_limit)
{
  g_autoptr(GError) error = NULL;
  const char *status = _sl_query_get (req->query, "status");
  gint64 limit = default_limit;

  if (status != NULL && !sl_sharing_status_from_string (status, &query->status))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "status is refused, routed_to_records, under_review, approved or denied, not “%s”", status);
      return FALSE;
    }
  query->has_status = status != NULL;
  query->agency = _sl_query_get (req->query, "agency");
  query->case_number = _sl_query_get (req->query, "case_number");
  if (!_sl_query_time (req->query, "from", &query->since_us, &error) ||
      !_sl_query_time (req->query, "to", &query->until_us, &error) ||
      !_sl_query_number (req->query, "limit", 1, 1000, &limit, &error) ||
      !_sl_query_number (req->query, "offset", 0, G_MAXINT32, &query->offset, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return FALSE;
    }
  query->limit = limit;
  if (!sl_user_has_role (req->user, REGISTER_ROLES))
    query->entered_by = req->user->username;
  return TRUE;
}

/* GET /sharing-requests: the share register, newest first, with counts by status. */
void
_sl_api_sharing_list (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  SlSharingQuery query = { 0 };
  gint64 counts[SL_SHARING_N_STATUSES];

  if (!_sl_request_require_role (req, INTAKE_ROLES | REGISTER_ROLES, NULL) ||
      !parse_register_query (req, &query, 200))
    return;

  requests = sl_store_list_sharing_requests (req->server->store, &query, query.entered_by ? NULL : counts, &error);
  if (requests == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < requests->len; i++)
    add_request (builder, requests->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "counts");
  if (query.entered_by == NULL)
    {
      json_builder_begin_object (builder);
      for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
        {
          json_builder_set_member_name (builder, sl_sharing_status_to_string (s));
          json_builder_add_int_value (builder, counts[s]);
        }
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static char *
register_time (gint64 time_us)
{
  return time_us != 0 ? sl_clock_format_iso8601 (time_us) : NULL;
}

static char *
register_scope (const char *json)
{
  g_autoptr(JsonObject) scope = json != NULL ? sl_json_parse_object (json, -1, NULL) : NULL;

  return scope != NULL ? sl_report_describe_scope (scope) : NULL;
}

static GBytes *
register_csv (GPtrArray *requests)
{
  GString *csv = g_string_new ("id,received_at,entered_by,agency_name,agency_type,jurisdiction,requester_name,"
                               "requester_contact,purpose,case_number,scope,status,rule,rule_basis,decided_by,"
                               "decided_at,decision,decision_reason,approved_scope,ends_at,disclosures,"
                               "disclosed_at,disclosed_reads\r\n");

  for (guint i = 0; i < requests->len; i++)
    {
      const SlSharingRequest *r = requests->pdata[i];
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, r->id);
      g_autofree char *received = register_time (r->received_us);
      g_autofree char *scope = register_scope (r->scope);
      g_autofree char *decided = register_time (r->decided_us);
      g_autofree char *approved = r->status == SL_SHARING_APPROVED ? register_scope (released_scope (r)) : NULL;
      g_autofree char *ends = register_time (r->ends_us);
      g_autofree char *disclosures = g_strdup_printf ("%" G_GINT64_FORMAT, r->disclosures);
      g_autofree char *disclosed = register_time (r->disclosed_us);
      g_autofree char *disclosed_reads = g_strdup_printf ("%" G_GINT64_FORMAT, r->disclosed_reads);
      const char *decision = r->status == SL_SHARING_APPROVED ? "approve" : r->status == SL_SHARING_DENIED ? "deny" : NULL;

      sl_csv_append (csv, TRUE, id, FALSE);
      sl_csv_append (csv, FALSE, received, FALSE);
      sl_csv_append (csv, FALSE, r->entered_by, TRUE);
      sl_csv_append (csv, FALSE, r->agency_name, TRUE);
      sl_csv_append (csv, FALSE, sl_agency_type_to_string (r->agency_type), FALSE);
      sl_csv_append (csv, FALSE, sl_jurisdiction_to_string (r->jurisdiction), FALSE);
      sl_csv_append (csv, FALSE, r->requester_name, TRUE);
      sl_csv_append (csv, FALSE, r->requester_contact, TRUE);
      sl_csv_append (csv, FALSE, r->purpose, TRUE);
      sl_csv_append (csv, FALSE, r->case_number, TRUE);
      sl_csv_append (csv, FALSE, scope, TRUE);
      sl_csv_append (csv, FALSE, sl_sharing_status_to_string (r->status), FALSE);
      sl_csv_append (csv, FALSE, r->rule, FALSE);
      sl_csv_append (csv, FALSE, r->rule_basis, TRUE);
      sl_csv_append (csv, FALSE, r->decided_by, TRUE);
      sl_csv_append (csv, FALSE, decided, FALSE);
      sl_csv_append (csv, FALSE, decision, FALSE);
      sl_csv_append (csv, FALSE, r->decision_reason, TRUE);
      sl_csv_append (csv, FALSE, approved, TRUE);
      sl_csv_append (csv, FALSE, ends, FALSE);
      sl_csv_append (csv, FALSE, disclosures, FALSE);
      sl_csv_append (csv, FALSE, disclosed, FALSE);
      sl_csv_append (csv, FALSE, disclosed_reads, FALSE);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}

/* The register as a document: one section a request. */
static const char *
or_dash (const char *value)
{
  return value != NULL ? value : "—";
}

static GBytes *
register_pdf (SlRequest  *req,
              GPtrArray  *requests,
              GError    **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = sl_report_format_time (req->now_us);
  g_autofree char *title = g_strdup_printf ("%s: register of ALPR data sharing requests",
                                            sl_policy_get_agency (req->server->policy));

  sl_report_lines_add (lines, "Exported", or_dash (now));
  sl_report_lines_add (lines, "Exported by", or_dash (req->user->username));
  for (guint i = 0; i < requests->len; i++)
    {
      const SlSharingRequest *r = requests->pdata[i];
      g_autofree char *heading = g_strdup_printf ("Request %" G_GINT64_FORMAT ": %s, %s", r->id, r->agency_name,
                                                  sl_sharing_status_get_label (r->status));
      g_autofree char *received = sl_report_format_time (r->received_us);
      g_autofree char *scope = register_scope (r->scope);
      g_autofree char *rule = g_strdup_printf ("%s (%s)", r->rule_reason, r->rule_basis);
      g_autofree char *decided = sl_report_format_time (r->decided_us);
      g_autofree char *last = sl_report_format_time (r->disclosed_us);
      g_autofree char *disclosed = r->disclosures > 0
        ? g_strdup_printf ("%" G_GINT64_FORMAT " package(s); the last %s, %" G_GINT64_FORMAT " reads",
                           r->disclosures, last, r->disclosed_reads)
        : g_strdup ("none");

      sl_report_lines_add (lines, heading, NULL);
      sl_report_lines_add (lines, "Received", or_dash (received));
      sl_report_lines_add (lines, "Entered by", or_dash (r->entered_by));
      sl_report_lines_add (lines, "Requested by", or_dash (r->requester_name));
      sl_report_lines_add (lines, "Contact", or_dash (r->requester_contact));
      sl_report_lines_add (lines, "Agency type", or_dash (sl_agency_type_get_label (r->agency_type)));
      sl_report_lines_add (lines, "Jurisdiction", or_dash (sl_jurisdiction_get_label (r->jurisdiction)));
      sl_report_lines_add (lines, "Their case", or_dash (r->case_number));
      sl_report_lines_add (lines, "Purpose", or_dash (r->purpose));
      sl_report_lines_add (lines, "Scope asked", or_dash (scope));
      sl_report_lines_add (lines, "Rule", or_dash (rule));
      if (r->decided_by != NULL)
        {
          g_autofree char *decision = g_strdup_printf ("%s by %s on %s: %s",
                                                       r->status == SL_SHARING_APPROVED ? "Approved" : "Denied",
                                                       r->decided_by, decided, r->decision_reason);

          sl_report_lines_add (lines, "Decision", or_dash (decision));
        }
      sl_report_lines_add (lines, "Disclosures", or_dash (disclosed));
    }
  g_ptr_array_add (lines, NULL);

  return sl_report_letter_pdf (title, (const char * const *) lines->pdata, error);
}

/* GET /sharing-requests/export.csv and export.pdf: the register, with every
 * request, decision, decider and disclosure; logged. */
void
_sl_api_sharing_export (SlRequest *req)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (req->msg));
  gboolean pdf = g_str_has_suffix (path, ".pdf");
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SlSharingQuery query = { 0 };

  if (!_sl_request_require_role (req, REGISTER_ROLES, "sharing.register.export") ||
      !parse_register_query (req, &query, 0))
    return;

  requests = sl_store_list_sharing_requests (req->server->store, &query, NULL, &error);
  if (requests == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  bytes = pdf ? register_pdf (req, requests, &error) : register_csv (requests);
  if (bytes == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = _sl_server_new_record (req->server, req->msg, "sharing.register.export", "ok", req->user);
  record->result_count = requests->len;
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "format", pdf ? "pdf" : "csv");
  if (query.has_status)
    sl_json_builder_add_string_member (data, "status", sl_sharing_status_to_string (query.status));
  if (query.agency != NULL)
    sl_json_builder_add_string_member (data, "agency", query.agency);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  _sl_reply_attachment (req->msg, pdf ? "application/pdf" : "text/csv; charset=utf-8",
                        pdf ? "sharing-register.pdf" : "sharing-register.csv", bytes);
}

/* GET /sharing-requests/{id} */
void
_sl_api_sharing_get (SlRequest *req)
{
  g_autoptr(SlSharingRequest) request = NULL;
  gint64 id;

  if (!_sl_request_require_role (req, INTAKE_ROLES | REGISTER_ROLES, NULL) || !_sl_request_parse_id (req, "a sharing request's id", &id))
    return;

  request = find_visible (req, id);
  if (request != NULL)
    reply_request (req, request, SOUP_STATUS_OK);
}

/* GET /sharing-requests/{id}/attachment: the written request, as received. */
void
_sl_api_sharing_attachment (SlRequest *req)
{
  g_autoptr(SlSharingRequest) request = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *disposition = NULL;
  gconstpointer data;
  gsize size;
  gint64 id;

  if (!_sl_request_require_role (req, INTAKE_ROLES | REGISTER_ROLES, NULL) || !_sl_request_parse_id (req, "a sharing request's id", &id))
    return;

  request = find_visible (req, id);
  if (request == NULL)
    return;

  bytes = sl_store_get_sharing_attachment (req->server->store, id, &error);
  if (bytes == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  disposition = g_strdup_printf ("attachment; filename=\"sharing-request-%" G_GINT64_FORMAT ".pdf\"", id);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/pdf", SOUP_MEMORY_COPY, data, size);
}

/* Decisions ------------------------------------------------------------------- */

/* An approval may narrow the plates and the time range asked for, never widen
 * them; the area stays as asked. Returns the approved scope's JSON. */
static char *
narrow_scope (const char  *asked_json,
              JsonObject  *narrowed,
              GError     **error)
{
  g_autoptr(JsonObject) asked = sl_json_parse_object (asked_json, -1, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) plates = NULL;
  JsonArray *asked_plates = NULL;
  JsonArray *new_plates = NULL;
  gint64 asked_from = 0, asked_to = 0, from_us = 0, to_us = 0;

  g_assert (asked != NULL);
  if (!_sl_api_check_members (narrowed, approved_scope_members, NULL, "an approved scope (the area stays as asked)",
                              error) ||
      !sl_json_get_array (narrowed, "plates", FALSE, &new_plates, error) ||
      !_sl_api_parse_time (narrowed, "from", &from_us, error) ||
      !_sl_api_parse_time (narrowed, "to", &to_us, error))
    return NULL;

  sl_json_get_array (asked, "plates", FALSE, &asked_plates, NULL);
  _sl_api_parse_time (asked, "from", &asked_from, NULL);
  _sl_api_parse_time (asked, "to", &asked_to, NULL);
  if (from_us == 0)
    from_us = asked_from;
  if (to_us == 0)
    to_us = asked_to;
  if (from_us < asked_from || to_us > asked_to || from_us >= to_us)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "the approved time range lies within the one asked for, and “from” is before “to”");
      return NULL;
    }

  json_builder_begin_object (builder);
  if (new_plates != NULL && json_array_get_length (new_plates) > 0)
    {
      if (!parse_plates (new_plates, builder, &plates, error))
        return NULL;
      for (guint i = 0; asked_plates != NULL && i < plates->len; i++)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < json_array_get_length (asked_plates) && !found; j++)
            found = g_strcmp0 (json_array_get_string_element (asked_plates, j), plates->pdata[i]) == 0;
          if (!found)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "%s was not asked for; an approval narrows the plates asked for", (char *) plates->pdata[i]);
              return NULL;
            }
        }
    }
  else if (asked_plates != NULL)
    {
      json_builder_set_member_name (builder, "plates");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (), asked_plates));
    }
  _sl_json_add_time_member (builder, "from", from_us);
  _sl_json_add_time_member (builder, "to", to_us);
  if (json_object_has_member (asked, "area"))
    {
      json_builder_set_member_name (builder, "area");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (asked, "area")));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

/* POST /sharing-requests/{id}/decision: the ALPR Administrator (or designee)
 * approves or denies a request under review, with a reason; never the
 * member who entered it. */
void
_sl_api_sharing_decide (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlSharingRequest) request = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char *decision = NULL;
  JsonObject *scope = NULL;
  gboolean approve = FALSE;
  gint64 ends_us = 0;
  gint64 id;

  if (!_sl_request_require_role (req, SL_ROLE_ADMINISTRATOR, "sharing.decide") || !_sl_request_parse_id (req, "a sharing request's id", &id))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  request = find_visible (req, id);
  if (request == NULL)
    return;

  if (g_strcmp0 (request->entered_by, req->user->username) == 0)
    {
      g_autoptr(SlAuditRecord) refusal = _sl_server_new_record (req->server, req->msg, "sharing.decide",
                                                                "denied", req->user);
      g_autoptr(JsonBuilder) reason = json_builder_new ();

      json_builder_begin_object (reason);
      sl_json_builder_add_string_member (reason, "reason", "own_request");
      json_builder_set_member_name (reason, "request_id");
      json_builder_add_int_value (reason, id);
      json_builder_end_object (reason);
      _sl_record_take_data (refusal, reason);
      if (!_sl_server_append_record (req->server, req->msg, refusal))
        return;
      _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, "own_request",
                       "You entered this request; another administrator or designee decides it");
      return;
    }
  if (request->status != SL_SHARING_UNDER_REVIEW)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "not_under_review",
                       "This request is %s; only a request under review is decided",
                       sl_sharing_status_to_string (request->status));
      return;
    }

  if (!_sl_api_check_members (body, decision_members, NULL, "a decision", &error))
    _sl_field_error (fields, "body", "%s", error->message);
  g_clear_error (&error);
  if (!sl_json_get_string (body, "decision", FALSE, &decision, &error) || decision == NULL ||
      (!g_str_equal (decision, "approve") && !g_str_equal (decision, "deny")))
    _sl_field_error (fields, "decision", "decision is “approve” or “deny”");
  else
    approve = g_str_equal (decision, "approve");

  reason = required_string (body, "reason", fields);
  if (reason != NULL && g_utf8_strlen (reason, -1) < MIN_REASON)
    _sl_field_error (fields, "reason", "Say why in at least %d characters", MIN_REASON);

  g_clear_error (&error);
  if (!sl_json_get_object (body, "scope", FALSE, &scope, &error))
    _sl_field_error (fields, "scope", "scope: %s", error->message);
  else if (scope != NULL && !approve)
    _sl_field_error (fields, "scope", "Only an approval has a scope");
  else if (scope != NULL && (request->approved_scope = narrow_scope (request->scope, scope, &error)) == NULL)
    _sl_field_error (fields, "scope", "scope: %s", error->message);

  g_clear_error (&error);
  if (!_sl_api_parse_time (body, "ends", &ends_us, &error))
    _sl_field_error (fields, "ends", "%s", error->message);
  else if (ends_us != 0 && !approve)
    _sl_field_error (fields, "ends", "Only an approval has an end date");
  else if (ends_us != 0 && ends_us <= req->now_us)
    _sl_field_error (fields, "ends", "The approval's end is in the future");

  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_decision", "The decision cannot be recorded", fields);
      return;
    }

  request->status = approve ? SL_SHARING_APPROVED : SL_SHARING_DENIED;
  request->decided_by = g_strdup (req->user->username);
  request->decided_us = req->now_us;
  request->decision_reason = g_steal_pointer (&reason);
  request->ends_us = ends_us;

  record = _sl_server_new_record (req->server, req->msg, "sharing.decide", "ok", req->user);
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "request_id");
  json_builder_add_int_value (data, request->id);
  sl_json_builder_add_string_member (data, "decision", decision);
  sl_json_builder_add_string_member (data, "agency_name", request->agency_name);
  sl_json_builder_add_string_member (data, "entered_by", request->entered_by);
  sl_json_builder_add_string_member (data, "reason", request->decision_reason);
  if (approve)
    add_json_text (data, "scope", request->approved_scope != NULL ? request->approved_scope : request->scope);
  _sl_json_add_time_member (data, "ends_at", request->ends_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  g_free (record->case_number);
  record->case_number = g_strdup (request->case_number);

  g_clear_error (&error);
  if (!sl_store_decide_sharing_request (req->server->store, request, record, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_RULE))
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "not_under_review", "%s", error->message);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  reply_request (req, request, SOUP_STATUS_OK);
}

/* Fulfilment ------------------------------------------------------------------ */

/* Who builds packages and sees what a scope covers. */
#define FULFIL_ROLES (SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR)
/* More reads than this are not one package: the scope is narrowed first. */
#define MAX_PACKAGE_READS 20000

/* The reads a scope covers that are still within retention, oldest first:
 * reads without a hit for the reads' time, reads with a hit for theirs. */
static GPtrArray *
collect_reads (SlStore     *store,
               SlPolicy    *policy,
               const char  *scope_json,
               gint64       now_us,
               GError     **error)
{
  g_autoptr(JsonObject) scope = sl_json_parse_object (scope_json, -1, error);
  g_autoptr(GPtrArray) plates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) polygon = NULL;
  g_autoptr(GPtrArray) found = NULL;
  SlReadQuery query = { 0 };
  JsonArray *array = NULL;
  JsonObject *area = NULL;
  gint64 reads_since = now_us - (gint64) sl_policy_get_retention_days (policy, SL_DATA_CLASS_READS) * G_USEC_PER_SEC * 86400;
  gint64 hits_since = now_us - (gint64) sl_policy_get_retention_days (policy, SL_DATA_CLASS_HITS) * G_USEC_PER_SEC * 86400;
  gint64 total = 0;

  if (scope == NULL)
    return NULL;

  query.direction = -1;
  query.order = SL_SEARCH_ORDER_OLDEST;
  if (!_sl_api_parse_time (scope, "from", &query.since_us, error) ||
      !_sl_api_parse_time (scope, "to", &query.until_us, error) ||
      !sl_json_get_array (scope, "plates", FALSE, &array, error) ||
      !sl_json_get_object (scope, "area", FALSE, &area, error) ||
      (area != NULL && !_sl_api_parse_area (area, &query, &polygon, error)))
    return NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (plates, g_strdup (json_array_get_string_element (array, i)));
  if (plates->len > 0)
    query.plates = plates;
  query.since_us = MAX (query.since_us, MIN (reads_since, hits_since));

  found = sl_store_search_reads (store, &query, 0, MAX_PACKAGE_READS + 1, &total, NULL, error);
  if (found == NULL)
    return NULL;
  if (total > MAX_PACKAGE_READS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "The scope covers %" G_GINT64_FORMAT " reads; a package holds at most %d. Narrow the scope "
                   "or split the request", total, MAX_PACKAGE_READS);
      return NULL;
    }

  for (guint i = found->len; i > 0; i--)
    {
      const SlFoundRead *row = g_ptr_array_index (found, i - 1);

      if (row->read->captured_us < (row->hit ? hits_since : reads_since))
        g_ptr_array_remove_index (found, i - 1);
    }

  return g_steal_pointer (&found);
}

typedef struct
{
  SlServer          *server;
  SoupServerMessage *msg;
  SlSharingRequest  *request;
  SlAuditRecord     *record;
  char              *built_by;
  gint64             now_us;
  gboolean           preview;
  gboolean           audit_failed;

  /* results */
  gint64             reads;
  gint64             images;
  gint64             package_id;
  SlSharingPackage  *package;
} Fulfilment;

static void
fulfilment_free (Fulfilment *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  sl_sharing_request_free (job->request);
  g_clear_pointer (&job->record, sl_audit_record_free);
  g_clear_pointer (&job->package, sl_sharing_package_free);
  g_free (job->built_by);
  g_free (job);
}

static GBytes *
package_image_cb (gint64       read_id,
                  const char  *kind,
                  char       **mime,
                  gpointer     data)
{
  return sl_store_get_read_image (data, read_id, kind, mime, NULL);
}

static void
run_fulfilment_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      data,
                       GCancellable *cancellable)
{
  Fulfilment *job = data;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) scope = NULL;
  SlSharingPackageInfo info = { 0 };
  SlSharingPackageRow row = { 0 };
  GError *error = NULL;

  store = sl_store_open_sibling (job->server->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  found = collect_reads (store, job->server->policy, released_scope (job->request), job->now_us, &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->reads = found->len;
  if (job->preview)
    {
      for (guint i = 0; i < found->len; i++)
        {
          const SlFoundRead *read = g_ptr_array_index (found, i);

          job->images += (read->has_plate_image ? 1 : 0) + (read->has_overview_image ? 1 : 0);
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  info.request = job->request;
  info.agency = sl_policy_get_agency (job->server->policy);
  info.administrator = sl_policy_get_administrator_title (job->server->policy);
  info.built_by = job->built_by;
  info.built_us = job->now_us;
  job->package = sl_sharing_package_build (&info, found, package_image_cb, store, &error);
  if (job->package == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->images = job->package->images;

  /* A disclosure: what, to whom, how many reads; written with the package. */
  scope = sl_json_parse_object (released_scope (job->request), -1, NULL);
  job->record->result_count = job->reads;
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "request_id", job->request->id);
  sl_json_builder_add_string_member (builder, "agency_name", job->request->agency_name);
  sl_json_builder_add_string_member (builder, "requester_name", job->request->requester_name);
  sl_json_builder_add_int_member (builder, "reads", job->reads);
  sl_json_builder_add_int_member (builder, "images", job->images);
  sl_json_builder_add_string_member (builder, "sha256", job->package->sha256);
  if (scope != NULL)
    {
      json_builder_set_member_name (builder, "scope");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), scope));
    }
  json_builder_end_object (builder);
  _sl_record_take_data (job->record, builder);

  row.built_us = job->now_us;
  row.built_by = job->built_by;
  row.reads = job->reads;
  row.images = job->images;
  row.sha256 = job->package->sha256;
  row.manifest = job->package->manifest;
  row.package = job->package->zip;
  job->package_id = sl_store_add_sharing_package (store, job->request->id, &row, job->record, &error);
  if (job->package_id == 0)
    {
      job->audit_failed = !g_error_matches (error, SL_ERROR, SL_ERROR_RULE);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* A release a rule refused is an attempt to disclose: the log keeps it as
 * denied, with the rule. FALSE, having replied, when the log cannot. */
static gboolean
log_refused_release (SlServer          *server,
                     SoupServerMessage *msg,
                     SlAuditRecord     *record,
                     gint64             request_id,
                     const char        *code)
{
  g_autoptr(JsonBuilder) data = json_builder_new ();

  g_free (record->outcome);
  record->outcome = g_strdup ("denied");
  record->result_count = 0;
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "request_id", request_id);
  sl_json_builder_add_string_member (data, "refused", code);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  return _sl_server_append_record (server, msg, record);
}

static void
fulfilment_done_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      data)
{
  Fulfilment *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gboolean refused = g_error_matches (error, SL_ERROR, SL_ERROR_RULE);
      const char *code = refused && strstr (error->message, "not approved") != NULL ? "not_approved"
                                                                                  : "package_too_large";

      if (refused)
        {
          /* a preview has no record: it discloses nothing */
          if (job->record == NULL || log_refused_release (job->server, job->msg, job->record, job->request->id, code))
            _sl_reply_error (job->msg, g_str_equal (code, "not_approved") ? SOUP_STATUS_CONFLICT
                                                                          : SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             code, "%s", error->message);
        }
      else if (job->audit_failed)
        _sl_reply_error (job->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "audit_unavailable",
                         "The access log cannot be written (%s), so nothing was released; "
                         "tell the system administrator", error->message);
      else
        _sl_reply_gerror (job->msg, error);
      soup_server_message_unpause (job->msg);
      return;
    }

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "request_id", job->request->id);
  sl_json_builder_add_int_member (builder, "reads", job->reads);
  sl_json_builder_add_int_member (builder, "images", job->images);
  if (job->package != NULL)
    {
      g_autofree char *url = g_strdup_printf ("/api/v1/sharing-requests/%" G_GINT64_FORMAT "/package",
                                              job->request->id);
      g_autoptr(JsonObject) manifest = sl_json_parse_object (job->package->manifest, -1, NULL);

      sl_json_builder_add_int_member (builder, "package_id", job->package_id);
      sl_json_builder_add_int_member (builder, "size", g_bytes_get_size (job->package->zip));
      sl_json_builder_add_string_member (builder, "sha256", job->package->sha256);
      sl_json_builder_add_string_member (builder, "url", url);
      _sl_json_add_time_member (builder, "built_at", job->now_us);
      json_builder_set_member_name (builder, "manifest");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), manifest));
    }
  json_builder_end_object (builder);

  _sl_reply_json (job->msg, job->package != NULL ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                  json_builder_get_root (builder));
  soup_server_message_unpause (job->msg);
}

static void
start_fulfilment (SlRequest *req,
                  gboolean   preview)
{
  g_autoptr(SlSharingRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  Fulfilment *job;
  gint64 id;

  if (!_sl_request_require_role (req, FULFIL_ROLES, preview ? NULL : "sharing.disclose") ||
      _sl_request_training_expired (req, preview ? NULL : "sharing.disclose") || !_sl_request_parse_id (req, "a sharing request's id", &id))
    return;

  request = find_visible (req, id);
  if (request == NULL)
    return;
  if (!preview && request->status != SL_SHARING_APPROVED)
    {
      g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, "sharing.disclose", "denied",
                                                               req->user);

      if (log_refused_release (req->server, req->msg, record, id, "not_approved"))
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "not_approved",
                         "This request is %s; only an approved request is released",
                         sl_sharing_status_to_string (request->status));
      return;
    }
  if (!preview && request->ends_us != 0 && request->ends_us <= req->now_us)
    {
      g_autoptr(SlAuditRecord) record = _sl_server_new_record (req->server, req->msg, "sharing.disclose", "denied",
                                                               req->user);
      g_autofree char *ends = sl_clock_format_iso8601 (request->ends_us);

      if (log_refused_release (req->server, req->msg, record, id, "approval_ended"))
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "approval_ended",
                         "The approval ended at %s; the agency asks again", ends);
      return;
    }

  job = g_new0 (Fulfilment, 1);
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->request = g_steal_pointer (&request);
  job->built_by = g_strdup (req->user->username);
  job->now_us = req->now_us;
  job->preview = preview;
  if (!preview)
    {
      job->record = _sl_server_new_record (req->server, req->msg, "sharing.disclose", "ok", req->user);
      job->record->case_number = g_strdup (job->request->case_number);
      job->record->purpose_note = g_strdup (job->request->purpose);
    }

  soup_server_message_pause (req->msg);
  task = g_task_new (NULL, NULL, fulfilment_done_cb, NULL);
  g_task_set_source_tag (task, start_fulfilment);
  g_task_set_task_data (task, job, (GDestroyNotify) fulfilment_free);
  g_task_run_in_thread (task, run_fulfilment_thread);
}

/* GET /sharing-requests/{id}/preview: how many reads and images the scope
 * covers (the approved one, else the one asked for), within retention. */
void
_sl_api_sharing_preview (SlRequest *req)
{
  start_fulfilment (req, TRUE);
}

/* POST /sharing-requests/{id}/package: builds the package of an approved
 * request; a disclosure in the access log. */
void
_sl_api_sharing_package_build (SlRequest *req)
{
  start_fulfilment (req, FALSE);
}

/* GET /sharing-requests/{id}/package: the latest package, as a ZIP. */
void
_sl_api_sharing_package_get (SlRequest *req)
{
  g_autoptr(SlSharingRequest) request = NULL;
  g_autoptr(SlSharingPackageRow) row = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *disposition = NULL;
  SoupMessageHeaders *headers;
  gconstpointer bytes;
  gsize size;
  gint64 id;

  if (!_sl_request_require_role (req, FULFIL_ROLES, "sharing.package.download") ||
      _sl_request_training_expired (req, "sharing.package.download") || !_sl_request_parse_id (req, "a sharing request's id", &id))
    return;

  request = find_visible (req, id);
  if (request == NULL)
    return;

  row = sl_store_find_sharing_package (req->server->store, id, &error);
  if (row == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  /* logged before anything leaves */
  record = _sl_server_new_record (req->server, req->msg, "sharing.package.download", "ok", req->user);
  record->case_number = g_strdup (request->case_number);
  record->result_count = row->reads;
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "request_id", id);
  sl_json_builder_add_int_member (data, "package_id", row->id);
  sl_json_builder_add_string_member (data, "sha256", row->sha256);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  headers = soup_server_message_get_response_headers (req->msg);
  disposition = g_strdup_printf ("attachment; filename=\"sharing-request-%" G_GINT64_FORMAT "-package-%" G_GINT64_FORMAT
                                 ".zip\"", id, row->id);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
  soup_message_headers_replace (headers, "X-Sightline-SHA256", row->sha256);
  bytes = g_bytes_get_data (row->package, &size);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/zip", SOUP_MEMORY_COPY, bytes, size);
}
