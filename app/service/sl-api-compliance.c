#define G_LOG_DOMAIN "sl-api-compliance"

#include "config.h"

#include <string.h>

#include "sl-search-report.h"
#include "sl-server-private.h"

/* Compliance audits of the searches: a seeded random sample from a window,
 * each search reviewed, the audit closed with a memorandum to the Chief. */

#define AUDIT_ROLES   SL_ROLE_AUDITOR
#define VIEW_ROLES    (SL_ROLE_AUDITOR | SL_ROLE_ADMINISTRATOR)
#define WINDOW_US     (G_GINT64_CONSTANT (182) * 86400 * G_USEC_PER_SEC)
#define DAY_US        (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define MIN_NOTE      10
#define MAX_POPULATION 1000000

static SlComplianceAudit *
find_audit (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  SlComplianceAudit *audit;
  gint64 id;

  if (!_sl_request_parse_id (req, "a compliance audit's id", &id))
    return NULL;
  audit = sl_store_find_compliance_audit (req->server->store, id, &error);
  if (audit == NULL)
    _sl_reply_gerror (req->msg, error);
  return audit;
}

/* The access-log record @seq. */
static SlAuditRecord *
record_at (SlStore *store,
           gint64   seq)
{
  SlAuditQuery query = { .before_seq = seq + 1, .limit = 1 };
  g_autoptr(GPtrArray) records = sl_store_audit_query (store, &query, NULL);

  if (records == NULL || records->len == 0 || ((SlAuditRecord *) records->pdata[0])->seq != seq)
    return NULL;
  return g_ptr_array_steal_index (records, 0);
}

/* When the next audit is due, by the profile's cadence. */
static void
add_due (JsonBuilder *builder,
         SlRequest   *req,
         GPtrArray   *audits)
{
  guint cadence = sl_policy_get_audit_cadence_days (req->server->policy);
  gint64 last_us = 0;
  gint64 due_us;

  for (guint i = 0; i < audits->len; i++)
    {
      const SlComplianceAudit *audit = audits->pdata[i];

      last_us = MAX (last_us, audit->closed_us);
    }
  due_us = last_us != 0 ? last_us + cadence * DAY_US : req->now_us;

  json_builder_set_member_name (builder, "due");
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "cadence_days", cadence);
  _sl_json_add_time_member (builder, "last_closed_at", last_us);
  _sl_json_add_time_member (builder, "due_at", due_us);
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, due_us <= req->now_us);
  json_builder_end_object (builder);
}

static void
add_audit (JsonBuilder             *builder,
           const SlComplianceAudit *audit,
           SlStore                 *store)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *items = NULL;
  guint reviewed = 0;

  if (json_parser_load_from_data (parser, audit->items, -1, NULL) && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    items = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (!json_object_get_null_member (json_array_get_object_element (items, i), "compliant"))
      reviewed++;

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", audit->id);
  sl_json_builder_add_string_member (builder, "created_by", audit->created_by);
  _sl_json_add_time_member (builder, "created_at", audit->created_us);
  _sl_json_add_time_member (builder, "from", audit->from_us);
  _sl_json_add_time_member (builder, "to", audit->to_us);
  sl_json_builder_add_int_member (builder, "seed", audit->seed);
  sl_json_builder_add_int_member (builder, "population", audit->population);
  sl_json_builder_add_int_member (builder, "sample_size", items != NULL ? json_array_get_length (items) : 0);
  sl_json_builder_add_int_member (builder, "reviewed", reviewed);
  sl_json_builder_add_string_member (builder, "status", audit->status);
  _sl_json_add_nullable_string (builder, "summary", audit->summary);
  _sl_json_add_nullable_string (builder, "closed_by", audit->closed_by);
  _sl_json_add_time_member (builder, "closed_at", audit->closed_us);

  /* the sample, each search with its record, when one audit is asked for */
  if (store != NULL && items != NULL)
    {
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          g_autoptr(SlAuditRecord) record = record_at (store, json_object_get_int_member (item, "seq"));
          g_autoptr(GList) members = json_object_get_members (item);

          json_builder_begin_object (builder);
          sl_json_builder_add_int_member (builder, "position", i);
          for (GList *l = members; l != NULL; l = l->next)
            {
              json_builder_set_member_name (builder, l->data);
              json_builder_add_value (builder, json_node_copy (json_object_get_member (item, l->data)));
            }
          json_builder_set_member_name (builder, "search");
          if (record != NULL)
            {
              json_builder_begin_object (builder);
              _sl_json_add_time_member (builder, "time", record->time_us);
              sl_json_builder_add_string_member (builder, "username", record->username);
              sl_json_builder_add_string_member (builder, "action", record->action);
              _sl_json_add_nullable_string (builder, "plate", record->plate);
              _sl_json_add_nullable_string (builder, "case_number", record->case_number);
              _sl_json_add_nullable_string (builder, "purpose_code", record->purpose_code);
              _sl_json_add_nullable_string (builder, "purpose_note", record->purpose_note);
              sl_json_builder_add_int_member (builder, "result_count", record->result_count);
              _sl_json_add_nullable_string (builder, "data", record->data);
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static void
reply_audit (SlRequest               *req,
             const SlComplianceAudit *audit,
             guint                    status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_audit (builder, audit, req->server->store);
  _sl_reply_json (req->msg, status, json_builder_get_root (builder));
}

/**
 * _sl_compliance_sample:
 * @seqs: (element-type gint64): the population, in the order of the log
 *
 * Picks @size of @seqs with a generator seeded with @seed: the same seed
 * and population give the same sample.
 *
 * Returns: (transfer full) (element-type gint64): the sample, in the log's order
 */
GArray *
_sl_compliance_sample (GArray  *seqs,
                       guint    size,
                       guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) pool = g_array_copy (seqs);
  GArray *sample = g_array_new (FALSE, FALSE, sizeof (gint64));

  size = MIN (size, pool->len);
  /* a partial Fisher–Yates shuffle */
  for (guint i = 0; i < size; i++)
    {
      guint j = i + g_rand_int_range (rand, 0, pool->len - i);
      gint64 chosen = g_array_index (pool, gint64, j);

      g_array_index (pool, gint64, j) = g_array_index (pool, gint64, i);
      g_array_index (pool, gint64, i) = chosen;
      g_array_append_val (sample, chosen);
    }

  for (guint i = 1; i < sample->len; i++)
    for (guint k = i; k > 0 && g_array_index (sample, gint64, k - 1) > g_array_index (sample, gint64, k); k--)
      {
        gint64 swap = g_array_index (sample, gint64, k);

        g_array_index (sample, gint64, k) = g_array_index (sample, gint64, k - 1);
        g_array_index (sample, gint64, k - 1) = swap;
      }
  return sample;
}

/* POST /compliance-audits: an auditor draws the sample. */
void
_sl_api_compliance_create (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SlComplianceAudit) audit = g_new0 (SlComplianceAudit, 1);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sample = NULL;
  g_autoptr(JsonBuilder) items = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  SlAuditQuery query = { .action = "search.", .limit = MAX_POPULATION };
  gint64 seed = -1;

  if (!_sl_request_require_role (req, AUDIT_ROLES, "compliance.audit.create"))
    return;
  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  audit->to_us = req->now_us;
  audit->from_us = req->now_us - WINDOW_US;
  if (!_sl_api_parse_time (body, "from", &audit->from_us, &error) ||
      !_sl_api_parse_time (body, "to", &audit->to_us, &error) ||
      !sl_json_get_int (body, "seed", FALSE, &seed, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (audit->from_us >= audit->to_us || audit->to_us > req->now_us)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "An audit's window has “from” before “to”, and ends by now");
      return;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    seed = g_random_int ();

  /* the population: every search made in the window, in the log's order */
  query.since_us = audit->from_us;
  query.until_us = audit->to_us;
  records = sl_store_audit_query (req->server->store, &query, &error);
  if (records == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  for (guint i = records->len; i > 0; i--)
    if (sl_audit_record_is_search (records->pdata[i - 1]))
      g_array_append_val (seqs, ((SlAuditRecord *) records->pdata[i - 1])->seq);

  sample = _sl_compliance_sample (seqs, sl_policy_get_audit_sample_size (req->server->policy), (guint32) seed);
  json_builder_begin_array (items);
  for (guint i = 0; i < sample->len; i++)
    {
      json_builder_begin_object (items);
      sl_json_builder_add_int_member (items, "seq", g_array_index (sample, gint64, i));
      json_builder_set_member_name (items, "compliant");
      json_builder_add_null_value (items);
      json_builder_set_member_name (items, "note");
      json_builder_add_null_value (items);
      json_builder_set_member_name (items, "data_error");
      json_builder_add_boolean_value (items, FALSE);
      json_builder_end_object (items);
    }
  json_builder_end_array (items);
  root = json_builder_get_root (items);

  audit->created_by = g_strdup (req->user->username);
  audit->created_us = req->now_us;
  audit->seed = seed;
  audit->population = seqs->len;
  audit->items = sl_json_to_string (root, FALSE);
  audit->status = g_strdup ("open");

  record = _sl_server_new_record (req->server, req->msg, "compliance.audit.create", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "seed", seed);
  sl_json_builder_add_int_member (data, "population", seqs->len);
  sl_json_builder_add_int_member (data, "sample_size", sample->len);
  _sl_json_add_time_member (data, "from", audit->from_us);
  _sl_json_add_time_member (data, "to", audit->to_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  record->result_count = sample->len;
  if (!sl_store_save_compliance_audit (req->server->store, audit, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  reply_audit (req, audit, SOUP_STATUS_CREATED);
}

/* GET /compliance-audits: the audits, and when the next is due. */
void
_sl_api_compliance_list (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;

  if (!_sl_request_require_role (req, VIEW_ROLES, NULL))
    return;

  audits = sl_store_list_compliance_audits (req->server->store, &error);
  if (audits == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < audits->len; i++)
    add_audit (builder, audits->pdata[i], NULL);
  json_builder_end_array (builder);
  add_due (builder, req, audits);
  json_builder_end_object (builder);
  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /compliance-audits/{id}: with its sample, each search's record. */
void
_sl_api_compliance_get (SlRequest *req)
{
  g_autoptr(SlComplianceAudit) audit = NULL;

  if (!_sl_request_require_role (req, VIEW_ROLES, NULL))
    return;
  audit = find_audit (req);
  if (audit != NULL)
    reply_audit (req, audit, SOUP_STATUS_OK);
}

static JsonArray *
items_of (const SlComplianceAudit *audit,
          JsonParser              *parser)
{
  if (!json_parser_load_from_data (parser, audit->items, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_array (json_parser_get_root (parser));
}

static gboolean
require_open (SlRequest               *req,
              const SlComplianceAudit *audit)
{
  if (g_str_equal (audit->status, "open"))
    return TRUE;
  _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "audit_closed", "The audit is closed; its review is on file");
  return FALSE;
}

/* POST /compliance-audits/{id}/review: one search of the sample, judged. */
void
_sl_api_compliance_review (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlComplianceAudit) audit = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reviewed_at = sl_clock_format_iso8601 (req->now_us);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  JsonObject *item;
  gint64 position = -1;
  gboolean compliant = FALSE;
  gboolean data_error = FALSE;
  const char *note = NULL;

  if (!_sl_request_require_role (req, AUDIT_ROLES, "compliance.audit.review"))
    return;
  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;
  audit = find_audit (req);
  if (audit == NULL || !require_open (req, audit))
    return;
  items = items_of (audit, parser);

  if (!sl_json_get_int (body, "position", TRUE, &position, NULL) || items == NULL ||
      position < 0 || position >= json_array_get_length (items))
    _sl_field_error (fields, "position", "position is the search's place in the sample, from 0");
  if (!sl_json_get_boolean (body, "compliant", TRUE, &compliant, NULL))
    _sl_field_error (fields, "compliant", "compliant is true or false");
  sl_json_get_boolean (body, "data_error", FALSE, &data_error, NULL);
  sl_json_get_string (body, "note", FALSE, &note, NULL);
  if (!compliant && (note == NULL || g_utf8_strlen (note, -1) < MIN_NOTE))
    _sl_field_error (fields, "note", "Say what was not compliant, in at least %d characters", MIN_NOTE);
  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_review", "The review cannot be recorded", fields);
      return;
    }

  item = json_array_get_object_element (items, position);
  json_object_set_boolean_member (item, "compliant", compliant);
  if (note != NULL)
    json_object_set_string_member (item, "note", note);
  else
    json_object_set_null_member (item, "note");
  json_object_set_boolean_member (item, "data_error", data_error);
  json_object_set_string_member (item, "reviewed_by", req->user->username);
  json_object_set_string_member (item, "reviewed_at", reviewed_at);
  root = json_node_init_array (json_node_alloc (), items);
  g_free (audit->items);
  audit->items = sl_json_to_string (root, FALSE);

  record = _sl_server_new_record (req->server, req->msg, "compliance.audit.review", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "audit_id", audit->id);
  sl_json_builder_add_int_member (data, "seq", json_object_get_int_member (item, "seq"));
  json_builder_set_member_name (data, "compliant");
  json_builder_add_boolean_value (data, compliant);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!sl_store_save_compliance_audit (req->server->store, audit, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  reply_audit (req, audit, SOUP_STATUS_OK);
}

/* The memorandum to the Chief, as a PDF. */
static GBytes *
memo_pdf (SlRequest               *req,
          const SlComplianceAudit *audit,
          JsonArray               *items,
          GError                 **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = g_strdup_printf ("%s: audit of ALPR searches, memorandum",
                                            sl_policy_get_agency (req->server->policy));
  g_autofree char *from = sl_report_format_time (audit->from_us);
  g_autofree char *to = sl_report_format_time (audit->to_us);
  g_autofree char *window = g_strdup_printf ("%s to %s", from, to);
  guint compliant = 0, data_errors = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      compliant += json_object_get_boolean_member_with_default (item, "compliant", FALSE) ? 1 : 0;
      data_errors += json_object_get_boolean_member_with_default (item, "data_error", FALSE) ? 1 : 0;
    }

  sl_report_lines_add (lines, "To", "Chief of Police");
  sl_report_lines_add (lines, "From", req->user->full_name);
  sl_report_lines_add (lines, "Subject", "Audit of ALPR detection-browsing inquiries");
  sl_report_lines_add (lines, "Window", window);
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " searches made in the window; %u drawn at random "
                                             "(seed %" G_GINT64_FORMAT ", so the draw can be repeated)",
                                             audit->population, json_array_get_length (items), audit->seed);

    sl_report_lines_add (lines, "Sample", text);
  }
  {
    g_autofree char *text = g_strdup_printf ("%u of %u compliant; %u not; %u with data errors", compliant,
                                             json_array_get_length (items), json_array_get_length (items) - compliant,
                                             data_errors);

    sl_report_lines_add (lines, "Findings", text);
  }
  sl_report_lines_add (lines, "Summary", audit->summary);

  sl_report_lines_add (lines, "The searches reviewed", NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autoptr(SlAuditRecord) record = record_at (req->server->store, json_object_get_int_member (item, "seq"));
      g_autofree char *label = g_strdup_printf ("Record %" G_GINT64_FORMAT, json_object_get_int_member (item, "seq"));
      g_autofree char *when = record != NULL ? sl_report_format_time (record->time_us) : g_strdup ("");
      const char *note = json_object_get_string_member_with_default (item, "note", NULL);
      g_autofree char *text = g_strdup_printf ("%s; %s by %s, case %s, purpose %s: %s%s%s%s",
                                               json_object_get_boolean_member_with_default (item, "compliant", FALSE)
                                               ? "compliant" : "NOT compliant",
                                               record != NULL ? record->action : "?", record != NULL ? record->username : "?",
                                               record != NULL && record->case_number ? record->case_number : "none",
                                               record != NULL && record->purpose_code ? record->purpose_code : "none",
                                               when,
                                               json_object_get_boolean_member_with_default (item, "data_error", FALSE)
                                               ? "; data error noted" : "",
                                               note != NULL ? ". " : "", note != NULL ? note : "");

      sl_report_lines_add (lines, label, text);
    }
  g_ptr_array_add (lines, NULL);

  return sl_report_letter_pdf (title, (const char * const *) lines->pdata, error);
}

/* POST /compliance-audits/{id}/close: every search reviewed, with a summary. */
void
_sl_api_compliance_close (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SlComplianceAudit) audit = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *summary = NULL;
  JsonArray *items;

  if (!_sl_request_require_role (req, AUDIT_ROLES, "compliance.audit.close"))
    return;
  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;
  audit = find_audit (req);
  if (audit == NULL || !require_open (req, audit))
    return;
  items = items_of (audit, parser);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (json_object_get_null_member (json_array_get_object_element (items, i), "compliant"))
      {
        _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "audit_incomplete",
                         "Search %u of the sample is not reviewed yet; review every search before closing", i);
        return;
      }
  if (!sl_json_get_string (body, "summary", FALSE, &summary, NULL) || summary == NULL ||
      g_utf8_strlen (summary, -1) < MIN_NOTE)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      _sl_field_error (fields, "summary", "The memorandum needs a summary of at least %d characters", MIN_NOTE);
      _sl_reply_invalid_fields (req->msg, "invalid_review", "The audit cannot be closed", fields);
      return;
    }

  g_free (audit->status);
  audit->status = g_strdup ("closed");
  audit->summary = g_strdup (summary);
  audit->closed_by = g_strdup (req->user->username);
  audit->closed_us = req->now_us;
  g_clear_pointer (&audit->memo, g_bytes_unref);
  audit->memo = memo_pdf (req, audit, items, &error);
  if (audit->memo == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = _sl_server_new_record (req->server, req->msg, "compliance.audit.close", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "audit_id", audit->id);
  sl_json_builder_add_string_member (data, "summary", summary);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!sl_store_save_compliance_audit (req->server->store, audit, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  reply_audit (req, audit, SOUP_STATUS_OK);
}

/* GET /compliance-audits/{id}/memo.pdf */
void
_sl_api_compliance_memo (SlRequest *req)
{
  g_autoptr(SlComplianceAudit) audit = NULL;
  gconstpointer bytes;
  gsize size;

  if (!_sl_request_require_role (req, VIEW_ROLES, NULL))
    return;
  audit = find_audit (req);
  if (audit == NULL)
    return;
  if (audit->memo == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "The audit has no memorandum until it is closed");
      return;
    }

  bytes = g_bytes_get_data (audit->memo, &size);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Content-Disposition",
                                "attachment; filename=\"audit-memorandum.pdf\"");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/pdf", SOUP_MEMORY_COPY, bytes, size);
}

/* GET /anomalies?from=&to=: patterns in the searches for the auditor to look
 * at: unusual hours, heavy days, a plate searched again and again without
 * a result, one note under several cases. Leads for an audit, not findings. */
void
_sl_api_anomalies_list (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) anomalies = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  SlAuditQuery query = { .action = "search.", .limit = MAX_POPULATION };
  gint64 from_us = 0;
  gint64 to_us = 0;

  if (!_sl_request_require_role (req, VIEW_ROLES, NULL))
    return;
  if (!_sl_query_time (req->query, "from", &from_us, &error) || !_sl_query_time (req->query, "to", &to_us, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  query.until_us = to_us != 0 ? to_us : req->now_us;
  query.since_us = from_us != 0 ? from_us : query.until_us - WINDOW_US;

  records = sl_store_audit_query (req->server->store, &query, &error);
  if (records == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  /* the log answers newest first; the patterns read oldest first */
  for (guint i = 0; i < records->len / 2; i++)
    {
      gpointer swap = records->pdata[i];

      records->pdata[i] = records->pdata[records->len - 1 - i];
      records->pdata[records->len - 1 - i] = swap;
    }
  anomalies = sl_anomalies_find (records, tz);

  json_builder_begin_object (builder);
  _sl_json_add_time_member (builder, "from", query.since_us);
  _sl_json_add_time_member (builder, "to", query.until_us);
  json_builder_set_member_name (builder, "anomalies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < anomalies->len; i++)
    {
      const SlAnomaly *anomaly = anomalies->pdata[i];

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "kind", anomaly->kind);
      _sl_json_add_nullable_string (builder, "username", anomaly->username);
      _sl_json_add_nullable_string (builder, "subject", anomaly->subject);
      sl_json_builder_add_int_member (builder, "count", anomaly->count);
      if (anomaly->first_seq > 0)
        sl_json_builder_add_int_member (builder, "first_seq", anomaly->first_seq);
      sl_json_builder_add_string_member (builder, "detail", anomaly->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
