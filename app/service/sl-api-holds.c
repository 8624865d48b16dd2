#define G_LOG_DOMAIN "sl-api-holds"

#include "config.h"

#include "sl-csv.h"
#include "sl-retention.h"
#include "sl-server-private.h"

/* Legal holds, which keep reads past their retention for a case, and the
 * purge report that says what went and what was kept. */

#define HOLD_ROLES   (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
#define REPORT_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR | SL_ROLE_RECORDS)
#define MIN_REASON   10
#define MAX_REVIEW_US (G_GINT64_CONSTANT (366) * 86400 * G_USEC_PER_SEC)
#define MAX_HELD_READS 100000

static const char * const hold_members[] = {
  "case_number", "reason", "review_at", "read_ids", "plate", "from", "to", "search_id", NULL
};

static const char *
hold_state (const SlHold *hold,
            gint64        now_us)
{
  if (hold->released_us != 0)
    return "released";
  return hold->review_us >= now_us ? "in_force" : "lapsed";
}

static void
add_hold (JsonBuilder  *builder,
          const SlHold *hold,
          gint64        now_us)
{
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", hold->id);
  sl_json_builder_add_string_member (builder, "case_number", hold->case_number);
  sl_json_builder_add_string_member (builder, "reason", hold->reason);
  sl_json_builder_add_string_member (builder, "created_by", hold->created_by);
  _sl_json_add_time_member (builder, "created_at", hold->created_us);
  _sl_json_add_time_member (builder, "review_at", hold->review_us);
  sl_json_builder_add_string_member (builder, "state", hold_state (hold, now_us));
  _sl_json_add_nullable_string (builder, "plate", hold->plate);
  _sl_json_add_time_member (builder, "from", hold->from_us);
  _sl_json_add_time_member (builder, "to", hold->to_us);
  json_builder_set_member_name (builder, "search_id");
  if (hold->search_id > 0)
    json_builder_add_int_value (builder, hold->search_id);
  else
    json_builder_add_null_value (builder);
  _sl_json_add_nullable_string (builder, "released_by", hold->released_by);
  _sl_json_add_time_member (builder, "released_at", hold->released_us);
  sl_json_builder_add_int_member (builder, "reads", hold->n_reads);
  json_builder_end_object (builder);
}

static void
reply_hold (SlRequest    *req,
            const SlHold *hold,
            guint         status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_hold (builder, hold, req->now_us);
  _sl_reply_json (req->msg, status, json_builder_get_root (builder));
}

/* A review date: in the future, within a year. */
static gboolean
parse_review (SlRequest   *req,
              JsonObject  *body,
              JsonObject  *fields,
              gint64      *review_us)
{
  g_autoptr(GError) error = NULL;

  if (!_sl_api_parse_time (body, "review_at", review_us, &error))
    _sl_field_error (fields, "review_at", "%s", error->message);
  else if (*review_us == 0)
    _sl_field_error (fields, "review_at", "review_at is required: the date the hold is reviewed, or lapses");
  else if (*review_us <= req->now_us || *review_us > req->now_us + MAX_REVIEW_US)
    _sl_field_error (fields, "review_at", "review_at is in the future, and within a year");
  else
    return TRUE;
  return FALSE;
}

static void
log_hold (SlAuditRecord *record,
          const SlHold  *hold,
          gint64         n_reads)
{
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autofree char *review = sl_clock_format_iso8601 (hold->review_us);

  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "reason", hold->reason);
  sl_json_builder_add_string_member (data, "review_at", review);
  if (hold->search_id > 0)
    sl_json_builder_add_int_member (data, "search_id", hold->search_id);
  if (n_reads >= 0)
    sl_json_builder_add_int_member (data, "read_ids", n_reads);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  record->case_number = g_strdup (hold->case_number);
  record->plate = g_strdup (hold->plate);
}

/* POST /holds: a supervisor or administrator keeps reads for a case. */
void
_sl_api_holds_create (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlHold) hold = g_new0 (SlHold, 1);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(GArray) read_ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  JsonArray *ids = NULL;
  gint64 search_id = 0;
  guint n_ways = 0;

  if (!_sl_request_require_role (req, HOLD_ROLES, "hold.create"))
    return;
  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  if (!_sl_api_check_members (body, hold_members, NULL, "a hold", &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (!sl_json_get_string (body, "case_number", FALSE, &text, NULL) || text == NULL || *text == '\0')
    _sl_field_error (fields, "case_number", "case_number is required: the case the reads are kept for");
  else if (!sl_policy_check_case_number (req->server->policy, text, &error))
    _sl_field_error (fields, "case_number", "%s", error->message);
  else
    hold->case_number = g_strdup (text);
  g_clear_error (&error);

  text = NULL;
  if (sl_json_get_string (body, "reason", FALSE, &text, NULL) && text != NULL)
    hold->reason = g_strstrip (g_strdup (text));
  if (hold->reason == NULL || g_utf8_strlen (hold->reason, -1) < MIN_REASON)
    _sl_field_error (fields, "reason", "Say why the reads are kept, in at least %d characters", MIN_REASON);

  parse_review (req, body, fields, &hold->review_us);

  /* what it keeps: reads by id, a plate in a time range, or a search's results */
  if (sl_json_get_array (body, "read_ids", FALSE, &ids, NULL) && ids != NULL)
    {
      n_ways++;
      read_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (ids) && i < MAX_HELD_READS; i++)
        {
          JsonNode *node = json_array_get_element (ids, i);
          gint64 id;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
              (id = json_node_get_int (node)) <= 0)
            {
              _sl_field_error (fields, "read_ids", "read_ids holds reads' ids");
              break;
            }
          g_array_append_val (read_ids, id);
        }
      if (json_array_get_length (ids) == 0 || json_array_get_length (ids) > MAX_HELD_READS)
        _sl_field_error (fields, "read_ids", "read_ids names 1 to %d reads", MAX_HELD_READS);
    }
  text = NULL;
  if (sl_json_get_string (body, "plate", FALSE, &text, NULL) && text != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      n_ways++;
      hold->plate = sl_plate_normalize (text, &local_error);
      if (hold->plate == NULL)
        _sl_field_error (fields, "plate", "plate: %s", local_error->message);
      if (!_sl_api_parse_time (body, "from", &hold->from_us, NULL) ||
          !_sl_api_parse_time (body, "to", &hold->to_us, NULL) || hold->from_us == 0 || hold->to_us <= hold->from_us)
        _sl_field_error (fields, "from", "A plate is held with “from” and “to”, “from” first");
    }
  if (sl_json_get_int (body, "search_id", FALSE, &search_id, NULL) && search_id > 0)
    {
      g_autoptr(SlSearch) search = NULL;

      n_ways++;
      search = sl_store_find_search (req->server->store, search_id, &error);
      if (search == NULL)
        _sl_field_error (fields, "search_id", "%s", error->message);
      else if ((read_ids = _sl_api_search_read_ids (req->server, search, MAX_HELD_READS, &error)) == NULL)
        _sl_field_error (fields, "search_id", "%s", error->message);
      else
        hold->search_id = search_id;
      g_clear_error (&error);
    }
  if (n_ways != 1)
    _sl_field_error (fields, "read_ids", "A hold keeps read_ids, a plate from and to, or a search_id: one of them");

  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_hold", "The hold cannot be placed", fields);
      return;
    }

  hold->created_by = g_strdup (req->user->username);
  hold->created_us = req->now_us;
  record = _sl_server_new_record (req->server, req->msg, "hold.create", "ok", req->user);
  log_hold (record, hold, read_ids != NULL ? (gint64) read_ids->len : -1);
  if (!sl_store_add_hold (req->server->store, hold, read_ids, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  {
    g_autoptr(SlHold) stored = sl_store_find_hold (req->server->store, hold->id, &error);

    if (stored == NULL)
      _sl_reply_gerror (req->msg, error);
    else
      reply_hold (req, stored, SOUP_STATUS_CREATED);
  }
}

/* GET /holds: every hold, with its state and the reads it covers. */
void
_sl_api_holds_list (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) error = NULL;

  if (!_sl_request_require_role (req, REPORT_ROLES, NULL))
    return;

  holds = sl_store_list_holds (req->server->store, &error);
  if (holds == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "holds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < holds->len; i++)
    add_hold (builder, holds->pdata[i], req->now_us);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* POST /holds/{id}/renew (review_at) and /holds/{id}/release (reason). */
static void
change_hold (SlRequest *req,
             gboolean   release)
{
  const char *action = release ? "hold.release" : "hold.renew";
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(SlHold) hold = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;
  gint64 id;

  if (!_sl_request_require_role (req, HOLD_ROLES, action) || !_sl_request_parse_id (req, "a hold's id", &id))
    return;
  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  hold = sl_store_find_hold (req->server->store, id, &error);
  if (hold == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (hold->released_us != 0)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "released", "This hold was released; place a new one");
      return;
    }

  if (release)
    {
      if (!sl_json_get_string (body, "reason", FALSE, &reason, NULL) || reason == NULL ||
          g_utf8_strlen (reason, -1) < MIN_REASON)
        _sl_field_error (fields, "reason", "Say why the hold ends, in at least %d characters", MIN_REASON);
    }
  else
    parse_review (req, body, fields, &hold->review_us);

  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_hold", "The hold cannot be changed", fields);
      return;
    }

  if (release)
    {
      hold->released_by = g_strdup (req->user->username);
      hold->released_us = req->now_us;
    }

  record = _sl_server_new_record (req->server, req->msg, action, "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "hold_id", id);
  if (release)
    sl_json_builder_add_string_member (data, "reason", reason);
  else
    _sl_json_add_time_member (data, "review_at", hold->review_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  record->case_number = g_strdup (hold->case_number);
  if (!sl_store_change_hold (req->server->store, hold, record, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  reply_hold (req, hold, SOUP_STATUS_OK);
}

void
_sl_api_holds_renew (SlRequest *req)
{
  change_hold (req, FALSE);
}

void
_sl_api_holds_release (SlRequest *req)
{
  change_hold (req, TRUE);
}

/* The purge report's classes, in the order of its CSV columns. */
static const SlDataClass purged_classes[] = {
  SL_DATA_CLASS_READS, SL_DATA_CLASS_HITS, SL_DATA_CLASS_IMAGES, SL_DATA_CLASS_ALERTS,
  SL_DATA_CLASS_HOTLIST_ENTRIES, SL_DATA_CLASS_SHARING_RECORDS,
};

static gboolean
hold_in_force (const SlHold *hold,
               gint64        now_us)
{
  return hold->released_us == 0 && hold->review_us >= now_us;
}

static char *
purge_csv_time (gint64 time_us)
{
  return time_us != 0 ? sl_clock_format_iso8601 (time_us) : NULL;
}

static char *
purge_csv_number (gint64 number)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

/* One line a purge (kind "purge": its counts by class, the reads holds kept
 * past their time) and one a hold in force (kind "hold": its case, reason,
 * review date and the reads it keeps), under one header. */
static GBytes *
purges_csv (GPtrArray *records,
            GPtrArray *holds,
            gint64     now_us)
{
  GString *csv = g_string_new ("kind,at,by");

  for (guint c = 0; c < G_N_ELEMENTS (purged_classes); c++)
    g_string_append_printf (csv, ",%s", sl_data_class_to_string (purged_classes[c]));
  g_string_append (csv, ",total,held_reads,case_number,reason,review_at\r\n");

  for (guint i = 0; i < records->len; i++)
    {
      const SlAuditRecord *record = records->pdata[i];
      g_autoptr(JsonObject) data = record->data != NULL ? sl_json_parse_object (record->data, -1, NULL) : NULL;
      g_autofree char *at = purge_csv_time (record->time_us);
      g_autofree char *total = purge_csv_number (record->result_count);
      g_autofree char *held = NULL;
      JsonObject *counts = NULL;
      gint64 number = 0;

      if (data != NULL)
        sl_json_get_object (data, "counts", FALSE, &counts, NULL);
      if (data != NULL && sl_json_get_int (data, "held_reads", FALSE, &number, NULL) &&
          json_object_has_member (data, "held_reads"))
        held = purge_csv_number (number);

      sl_csv_append (csv, TRUE, "purge", FALSE);
      sl_csv_append (csv, FALSE, at, FALSE);
      sl_csv_append (csv, FALSE, record->username, TRUE);
      for (guint c = 0; c < G_N_ELEMENTS (purged_classes); c++)
        {
          const char *name = sl_data_class_to_string (purged_classes[c]);
          g_autofree char *count = NULL;

          number = 0;
          if (counts != NULL && json_object_has_member (counts, name) &&
              sl_json_get_int (counts, name, FALSE, &number, NULL))
            count = purge_csv_number (number);
          sl_csv_append (csv, FALSE, count, FALSE);
        }
      sl_csv_append (csv, FALSE, total, FALSE);
      sl_csv_append (csv, FALSE, held, FALSE);
      sl_csv_append (csv, FALSE, NULL, FALSE);
      sl_csv_append (csv, FALSE, NULL, FALSE);
      sl_csv_append (csv, FALSE, NULL, FALSE);
      g_string_append (csv, "\r\n");
    }

  for (guint i = 0; i < holds->len; i++)
    {
      const SlHold *hold = holds->pdata[i];
      g_autofree char *at = NULL;
      g_autofree char *reads = NULL;
      g_autofree char *review = NULL;

      if (!hold_in_force (hold, now_us))
        continue;

      at = purge_csv_time (hold->created_us);
      reads = purge_csv_number (hold->n_reads);
      review = purge_csv_time (hold->review_us);
      sl_csv_append (csv, TRUE, "hold", FALSE);
      sl_csv_append (csv, FALSE, at, FALSE);
      sl_csv_append (csv, FALSE, hold->created_by, TRUE);
      for (guint c = 0; c < G_N_ELEMENTS (purged_classes); c++)
        sl_csv_append (csv, FALSE, NULL, FALSE);
      sl_csv_append (csv, FALSE, NULL, FALSE);
      sl_csv_append (csv, FALSE, reads, FALSE);
      sl_csv_append (csv, FALSE, hold->case_number, TRUE);
      sl_csv_append (csv, FALSE, hold->reason, TRUE);
      sl_csv_append (csv, FALSE, review, FALSE);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}

/* The CSV, logged as report.purges before it is sent. */
static void
reply_purges_csv (SlRequest *req,
                  GPtrArray *records,
                  GPtrArray *holds,
                  gint64     from_us,
                  gint64     to_us)
{
  g_autoptr(GBytes) bytes = purges_csv (records, holds, req->now_us);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  SoupMessageHeaders *headers;
  gconstpointer content;
  gsize size;

  record = _sl_server_new_record (req->server, req->msg, "report.purges", "ok", req->user);
  record->result_count = records->len;
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "format", "csv");
  if (from_us != 0)
    _sl_json_add_time_member (data, "from", from_us);
  if (to_us != 0)
    _sl_json_add_time_member (data, "to", to_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
  soup_message_headers_replace (headers, "Content-Disposition", "attachment; filename=\"purges.csv\"");
  content = g_bytes_get_data (bytes, &size);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY, content, size);
}

/* GET /purges?from=&to=&format=json|csv: each purge's counts, newest first,
 * and the holds in force that keep reads past their time, with their cases. */
void
_sl_api_purges_list (SlRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const formats[] = { "json", "csv", NULL };
  gboolean csv = g_strcmp0 (_sl_query_get (req->query, "format"), "csv") == 0;
  SlAuditQuery query = { .action = "retention.purge", .limit = 500 };

  if (!_sl_request_require_role (req, REPORT_ROLES, csv ? "report.purges" : NULL) ||
      !_sl_request_parse_format (req, formats, NULL))
    return;
  if (!_sl_query_time (req->query, "from", &query.since_us, &error) ||
      !_sl_query_time (req->query, "to", &query.until_us, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (query.since_us != 0 && query.until_us != 0 && query.since_us >= query.until_us)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "A report's “from” is before its “to”");
      return;
    }
  /* an export holds the whole history a period asks for */
  if (csv)
    query.limit = 100000;

  records = sl_store_audit_query (req->server->store, &query, &error);
  if (records != NULL)
    holds = sl_store_list_holds (req->server->store, &error);
  if (holds == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (csv)
    {
      reply_purges_csv (req, records, holds, query.since_us, query.until_us);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "purges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      const SlAuditRecord *record = records->pdata[i];
      g_autoptr(JsonObject) counts = record->data != NULL ? sl_json_parse_object (record->data, -1, NULL) : NULL;

      json_builder_begin_object (builder);
      _sl_json_add_time_member (builder, "at", record->time_us);
      sl_json_builder_add_string_member (builder, "by", record->username);
      sl_json_builder_add_int_member (builder, "total", record->result_count);
      json_builder_set_member_name (builder, "data");
      if (counts != NULL)
        json_builder_add_value (builder, json_node_init_object (json_node_alloc (), counts));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* data kept beyond its time, and why */
  json_builder_set_member_name (builder, "held");
  json_builder_begin_array (builder);
  for (guint i = 0; i < holds->len; i++)
    {
      const SlHold *hold = holds->pdata[i];

      if (hold_in_force (hold, req->now_us))
        add_hold (builder, hold, req->now_us);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The daily purge ----------------------------------------------------------------- */

/* Local time of day the service purges at: few reads arrive then. */
#define PURGE_HOUR 3

typedef struct
{
  SlServer *server;
  gint64    now_us;
} Purge;

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      data,
              GCancellable *cancellable)
{
  Purge *purge = data;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *report = NULL;
  SlPurgePlan plan;
  SlPurgeResult result;
  GError *error = NULL;

  store = sl_store_open_sibling (purge->server->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  sl_retention_plan (purge->server->policy, purge->now_us, FALSE, &plan);
  record = _sl_server_new_record (purge->server, NULL, "retention.purge", "ok", NULL);
  g_free (record->username);
  record->username = g_strdup ("system:retention");
  if (!sl_store_purge (store, &plan, &result, record, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  report = sl_retention_describe (&result, FALSE);
  g_message ("Daily purge done. %s", report);

  if (sl_retention_disable_inactive (store, purge->server->policy, purge->now_us, "system:accounts", &error) < 0)
    {
      g_warning ("Could not disable unused accounts: %s", error->message);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
purge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("The daily purge failed and will be tried again tomorrow: %s", error->message);
}

static gboolean purge_due_cb (gpointer data);

/* Seconds until the next PURGE_HOUR o'clock on the service's clock. */
static guint
seconds_to_next_purge (SlServer *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (sl_clock_now_us (self->clock) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), PURGE_HOUR, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_compare (today, now) > 0 ? g_date_time_ref (today)
                                                                   : g_date_time_add_days (today, 1);

  return (guint) MAX (60, g_date_time_difference (next, now) / G_USEC_PER_SEC);
}

static gboolean
purge_due_cb (gpointer data)
{
  SlServer *self = data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, purge_done_cb, NULL);
  Purge *purge = g_new0 (Purge, 1);

  purge->server = g_object_ref (self);
  purge->now_us = sl_clock_now_us (self->clock);
  g_task_set_task_data (task, purge, (GDestroyNotify) _sl_purge_free);
  g_task_run_in_thread (task, purge_thread);

  self->purge_source = 0;
  _sl_server_schedule_purge (self);
  return G_SOURCE_REMOVE;
}

void
_sl_purge_free (gpointer data)
{
  Purge *purge = data;

  g_object_unref (purge->server);
  g_free (purge);
}

/* Purges every day at PURGE_HOUR, from a thread of its own, on the
 * context the server serves on. */
void
_sl_server_schedule_purge (SlServer *self)
{
  g_autoptr(GSource) source = g_timeout_source_new_seconds (seconds_to_next_purge (self));

  _sl_server_cancel_purge (self);
  g_source_set_callback (source, purge_due_cb, self, NULL);
  g_source_set_name (source, "sightlined daily purge");
  self->purge_source = g_source_attach (source, g_main_context_get_thread_default ());
}

void
_sl_server_cancel_purge (SlServer *self)
{
  GSource *source;

  if (self->purge_source == 0)
    return;
  source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), self->purge_source);
  if (source != NULL)
    g_source_destroy (source);
  self->purge_source = 0;
}
