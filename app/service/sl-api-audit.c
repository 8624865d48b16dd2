#define G_LOG_DOMAIN "sl-api-audit"

#include "config.h"

#include <string.h>

#include "sl-csv.h"
#include "sl-server-private.h"

#define DEFAULT_LIMIT    100
#define MAX_LIMIT        500
#define MAX_EXPORT_ROWS  100000
#define AUDIT_ROLES      (SL_ROLE_AUDITOR | SL_ROLE_ADMINISTRATOR)

static const char * const audit_parameters[] = {
  "username", "action", "case_number", "plate", "since", "until", "before", "limit", NULL,
};
/* one's own records: the username is the caller's */
static const char * const own_parameters[] = {
  "action", "case_number", "plate", "since", "until", "before", "limit", NULL,
};
/* an export holds every record the filters select */
static const char * const export_parameters[] = {
  "username", "action", "case_number", "plate", "since", "until", NULL,
};

/* An empty parameter counts as absent. */
const char *
_sl_query_get (GHashTable *query,
               const char *name)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

gboolean
_sl_query_time (GHashTable  *query,
            const char  *name,
            gint64      *time_us,
            GError     **error)
{
  const char *value = _sl_query_get (query, name);
  g_autoptr(GError) local_error = NULL;

  *time_us = 0;
  if (value == NULL)
    return TRUE;

  if (!sl_clock_parse_iso8601 (value, time_us, &local_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” must be an ISO 8601 time such as 2026-01-31T08:00:00Z: %s",
                   name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
_sl_query_number (GHashTable  *query,
              const char  *name,
              gint64       min,
              gint64       max,
              gint64      *number,
              GError     **error)
{
  const char *value = _sl_query_get (query, name);
  guint64 parsed;

  if (value == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (value, 10, min, max, &parsed, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   name, min, max);
      return FALSE;
    }

  *number = (gint64) parsed;
  return TRUE;
}

/* Fills @q from the query string, which may hold only @allowed; the strings
 * stay owned by @query, but for the plate, normalized into *@plate so that
 * "7abc-123" finds 7ABC123. */
static gboolean
parse_audit_query (GHashTable         *query,
                   const char * const *allowed,
                   SlAuditQuery       *q,
                   char              **plate,
                   GError            **error)
{
  gint64 limit = DEFAULT_LIMIT;
  gint64 before = 0;
  const char *raw_plate;

  if (query != NULL)
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        {
          if (!g_strv_contains (allowed, name))
            {
              g_autofree char *known = g_strjoinv (", ", (char **) allowed);

              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "Unknown filter “%s”; the access log is filtered by %s", name, known);
              return FALSE;
            }
        }
    }

  memset (q, 0, sizeof *q);
  q->username = _sl_query_get (query, "username");
  q->action = _sl_query_get (query, "action");
  q->case_number = _sl_query_get (query, "case_number");

  raw_plate = _sl_query_get (query, "plate");
  if (raw_plate != NULL)
    {
      g_autoptr(GError) plate_error = NULL;

      *plate = sl_plate_normalize (raw_plate, &plate_error);
      if (*plate == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "“plate” must be a license plate such as 7ABC123: %s", plate_error->message);
          return FALSE;
        }
      q->plate = *plate;
    }

  if (!_sl_query_time (query, "since", &q->since_us, error) ||
      !_sl_query_time (query, "until", &q->until_us, error) ||
      !_sl_query_number (query, "before", 1, G_MAXINT64, &before, error) ||
      !_sl_query_number (query, "limit", 1, MAX_LIMIT, &limit, error))
    return FALSE;

  if (q->since_us != 0 && q->until_us != 0 && q->since_us > q->until_us)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "“since” is later than “until”");
      return FALSE;
    }

  q->before_seq = before;
  q->limit = (guint) limit;
  return TRUE;
}

static void
add_filter (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The filters as the access log keeps them, in an open object of @builder. */
static void
add_filter_members (JsonBuilder        *builder,
                    GHashTable         *query,
                    const SlAuditQuery *q)
{
  add_filter (builder, "username", q->username);
  add_filter (builder, "action", q->action);
  add_filter (builder, "case_number", q->case_number);
  add_filter (builder, "plate", q->plate);
  add_filter (builder, "since", _sl_query_get (query, "since"));
  add_filter (builder, "until", _sl_query_get (query, "until"));
  if (q->before_seq != 0)
    {
      json_builder_set_member_name (builder, "before");
      json_builder_add_int_value (builder, q->before_seq);
    }
}

/* A record of reading the log, with the filters used and the count shown. */
static SlAuditRecord *
new_read_record (SlRequest          *req,
                 const char         *action,
                 const SlAuditQuery *q,
                 gint64              result_count)
{
  SlAuditRecord *record = _sl_server_new_record (req->server, req->msg, action, "ok", req->user);
  g_autoptr(JsonBuilder) filters = json_builder_new ();

  record->result_count = result_count;
  record->plate = g_strdup (q->plate);
  record->case_number = g_strdup (q->case_number);

  json_builder_begin_object (filters);
  add_filter_members (filters, req->query, q);
  json_builder_set_member_name (filters, "limit");
  json_builder_add_int_value (filters, q->limit);
  json_builder_end_object (filters);
  _sl_record_take_data (record, filters);
  return record;
}

/* Answers one page of the log, logged first as @action: newest first, with
 * the `before` of the next page. */
static void
reply_page (SlRequest          *req,
            const char         *action,
            const SlAuditQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SlAuditQuery page;
  guint n_shown;

  /* One more than asked tells whether another page follows. */
  page = *query;
  page.limit = query->limit + 1;
  records = sl_store_audit_query (req->server->store, &page, &error);
  if (records == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  n_shown = MIN (records->len, query->limit);

  record = new_read_record (req, action, query, n_shown);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_shown; i++)
    json_builder_add_value (builder, sl_audit_record_to_json (g_ptr_array_index (records, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_before");
  if (records->len > query->limit)
    json_builder_add_int_value (builder, ((SlAuditRecord *) g_ptr_array_index (records, n_shown - 1))->seq);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /audit: auditors and administrators read the access log, which logs the reading first. */
void
_sl_api_audit_list (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = NULL;
  SlAuditQuery query;

  if (!_sl_request_require_role (req, AUDIT_ROLES, "audit.read") ||
      _sl_request_training_expired (req, "audit.read"))
    return;

  if (!parse_audit_query (req->query, audit_parameters, &query, &plate, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  reply_page (req, "audit.read", &query);
}

/* GET /audit/mine: anyone reads their own records. They hold the plates the
 * user searched and the alerts they viewed, so this is an access like any
 * other: it needs current training and is logged, as audit.read_own. */
void
_sl_api_audit_mine (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = NULL;
  SlAuditQuery query;

  if (_sl_request_training_expired (req, "audit.read_own"))
    return;

  if (!parse_audit_query (req->query, own_parameters, &query, &plate, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  query.username = req->user->username;
  reply_page (req, "audit.read_own", &query);
}

/* Verification and export walk much of the log: they run in a thread, on a
 * connection of their own, while the request waits paused. */

typedef enum
{
  JOB_VERIFY,
  JOB_EXPORT,
} JobType;

typedef struct
{
  JobType              type;

  /* owned references */
  SlServer            *server;
  SoupServerMessage   *msg;        /* paused while the job runs */

  /* owned */
  SlUser              *user;
  GHashTable          *params;     /* a copy of the query string */
  char                *plate;
  SlAuditQuery         query;      /* points into params and plate */

  /* the answer, from the thread */
  SlAuditVerification  verification;
  gint64               head_seq;
  char                *head_hash;
  GBytes              *csv;
  guint                n_rows;
  gboolean             too_large;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_clear_pointer (&job->user, sl_user_free);
  g_clear_pointer (&job->params, g_hash_table_unref);
  g_free (job->plate);
  sl_audit_verification_clear (&job->verification);
  g_free (job->head_hash);
  g_clear_pointer (&job->csv, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (SlRequest *req,
         JobType    type)
{
  Job *job = g_new0 (Job, 1);

  job->type = type;
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->user = sl_user_copy (req->user);
  job->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (req->query != NULL)
    {
      GHashTableIter iter;
      const char *name;
      const char *value;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
        g_hash_table_insert (job->params, g_strdup (name), g_strdup (value));
    }
  return job;
}

static gboolean
run_verify (Job      *job,
            SlStore  *store,
            GError  **error)
{
  SlAuditQuery newest = { .limit = 1 };
  g_autoptr(GPtrArray) head = NULL;

  /* The head first: the walk then reaches at least as far. */
  head = sl_store_audit_query (store, &newest, error);
  if (head == NULL)
    return FALSE;
  if (head->len > 0)
    {
      const SlAuditRecord *last = g_ptr_array_index (head, 0);

      job->head_seq = last->seq;
      job->head_hash = g_strdup (last->hash);
    }

  return sl_store_audit_verify (store, &job->verification, error);
}

static void
append_csv_number (GString *csv,
                   gint64   value)
{
  g_autofree char *text = NULL;

  if (value < 0)
    {
      sl_csv_append (csv, FALSE, NULL, FALSE);
      return;
    }

  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  sl_csv_append (csv, FALSE, text, FALSE);
}

/* Every field of every record, oldest first as the chain runs. */
static GBytes *
records_to_csv (GPtrArray *records)
{
  GString *csv = g_string_new ("seq,time,username,organization,role,action,plate,case_number,"
                               "purpose_code,purpose_note,result_count,outcome,client_address,"
                               "policy_version,data,prev_hash,hash\r\n");

  for (guint i = records->len; i > 0; i--)
    {
      const SlAuditRecord *record = g_ptr_array_index (records, i - 1);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);
      g_autofree char *time = sl_clock_format_iso8601 (record->time_us);

      sl_csv_append (csv, TRUE, seq, FALSE);
      sl_csv_append (csv, FALSE, time, FALSE);
      sl_csv_append (csv, FALSE, record->username, TRUE);
      sl_csv_append (csv, FALSE, record->organization, TRUE);
      sl_csv_append (csv, FALSE, record->role, TRUE);
      sl_csv_append (csv, FALSE, record->action, TRUE);
      sl_csv_append (csv, FALSE, record->plate, TRUE);
      sl_csv_append (csv, FALSE, record->case_number, TRUE);
      sl_csv_append (csv, FALSE, record->purpose_code, TRUE);
      sl_csv_append (csv, FALSE, record->purpose_note, TRUE);
      append_csv_number (csv, record->result_count);
      sl_csv_append (csv, FALSE, record->outcome, TRUE);
      sl_csv_append (csv, FALSE, record->client_address, TRUE);
      sl_csv_append (csv, FALSE, record->policy_version, TRUE);
      sl_csv_append (csv, FALSE, record->data, TRUE);
      sl_csv_append (csv, FALSE, record->prev_hash, FALSE);
      sl_csv_append (csv, FALSE, record->hash, FALSE);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}

static gboolean
run_export (Job      *job,
            SlStore  *store,
            GError  **error)
{
  g_autoptr(GPtrArray) records = NULL;

  job->query.limit = MAX_EXPORT_ROWS + 1;
  records = sl_store_audit_query (store, &job->query, error);
  if (records == NULL)
    return FALSE;

  if (records->len > MAX_EXPORT_ROWS)
    {
      job->too_large = TRUE;
      return TRUE;
    }

  job->n_rows = records->len;
  job->csv = records_to_csv (records);
  return TRUE;
}

static void
run_job_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(SlStore) store = NULL;
  GError *error = NULL;
  gboolean ok;

  store = sl_store_open_sibling (job->server->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ok = job->type == JOB_VERIFY ? run_verify (job, store, &error) : run_export (job, store, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
reply_verification (Job *job)
{
  const SlAuditVerification *v = &job->verification;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = NULL;

  record = _sl_server_new_record (job->server, job->msg, "audit.verify", "ok", job->user);
  record->result_count = v->n_records;
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "intact");
  json_builder_add_boolean_value (data, v->first_bad_seq == 0);
  if (v->first_bad_seq != 0)
    {
      sl_json_builder_add_int_member (data, "first_bad_seq", v->first_bad_seq);
      sl_json_builder_add_string_member (data, "reason", v->reason);
    }
  sl_json_builder_add_int_member (data, "head_seq", job->head_seq);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (job->server, job->msg, record))
    return;

  now = sl_clock_format_iso8601 (record->time_us);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "intact");
  json_builder_add_boolean_value (builder, v->first_bad_seq == 0);
  sl_json_builder_add_int_member (builder, "records_checked", v->n_records);
  json_builder_set_member_name (builder, "first_bad_seq");
  if (v->first_bad_seq != 0)
    json_builder_add_int_value (builder, v->first_bad_seq);
  else
    json_builder_add_null_value (builder);
  sl_json_builder_add_string_member (builder, "reason", v->reason);
  sl_json_builder_add_int_member (builder, "head_seq", job->head_seq);
  sl_json_builder_add_string_member (builder, "head_hash", job->head_hash);
  sl_json_builder_add_string_member (builder, "verified_at", now);
  json_builder_end_object (builder);

  _sl_reply_json (job->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
reply_export (Job *job)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->msg);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *disposition = NULL;

  if (job->too_large)
    {
      _sl_reply_error (job->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "export_too_large",
                       "More than %u records match; an export holds at most %u. "
                       "Narrow it by user, action, case, plate or a shorter time",
                       MAX_EXPORT_ROWS, MAX_EXPORT_ROWS);
      return;
    }

  /* logged before anything leaves: without the record, no export */
  record = _sl_server_new_record (job->server, job->msg, "audit.export", "ok", job->user);
  record->result_count = job->n_rows;
  record->plate = g_strdup (job->query.plate);
  record->case_number = g_strdup (job->query.case_number);
  json_builder_begin_object (data);
  add_filter_members (data, job->params, &job->query);
  sl_json_builder_add_string_member (data, "format", "csv");
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (job->server, job->msg, record))
    return;

  now = g_date_time_new_from_unix_utc (record->time_us / G_USEC_PER_SEC);
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  disposition = g_strdup_printf ("attachment; filename=\"access-log-%s.csv\"", stamp);
  soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_server_message_set_status (job->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (job->msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (job->csv, NULL), g_bytes_get_size (job->csv));
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    _sl_reply_gerror (job->msg, error);
  else if (job->type == JOB_VERIFY)
    reply_verification (job);
  else
    reply_export (job);

  soup_server_message_unpause (job->msg);
}

static void
job_start (Job *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_done_cb, NULL);

  soup_server_message_pause (job->msg);
  g_task_set_source_tag (task, job_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job_thread);
}

/* GET /audit/verify: walks the whole chain, as `sightlined audit verify` does. */
void
_sl_api_audit_verify (SlRequest *req)
{
  if (!_sl_request_require_role (req, AUDIT_ROLES, "audit.verify") ||
      _sl_request_training_expired (req, "audit.verify"))
    return;

  if (req->query != NULL && g_hash_table_size (req->query) > 0)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "Verification always walks the whole log; it takes no parameters");
      return;
    }

  job_start (job_new (req, JOB_VERIFY));
}

/* GET /audit/export.csv: the records the filters select, every field. */
void
_sl_api_audit_export (SlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = NULL;

  if (!_sl_request_require_role (req, AUDIT_ROLES, "audit.export") ||
      _sl_request_training_expired (req, "audit.export"))
    return;

  job = job_new (req, JOB_EXPORT);
  if (!parse_audit_query (job->params, export_parameters, &job->query, &job->plate, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  job_start (g_steal_pointer (&job));
}
