#define G_LOG_DOMAIN "sl-api-audit"

#include "config.h"

#include <string.h>

#include "sl-server-private.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT     500

static const char * const audit_parameters[] = {
  "username", "action", "case_number", "plate", "since", "until", "before", "limit", NULL,
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

/* Fills @q from the query string; the strings stay owned by @query, but for
 * the plate, normalized into *@plate so that "7abc-123" finds 7ABC123. */
static gboolean
parse_audit_query (GHashTable    *query,
                   SlAuditQuery  *q,
                   char         **plate,
                   GError       **error)
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
          if (!g_strv_contains (audit_parameters, name))
            {
              g_autofree char *known = g_strjoinv (", ", (char **) audit_parameters);

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

/* The filters as the audit.read record keeps them. */
static void
add_filters (JsonBuilder        *builder,
             GHashTable         *query,
             const SlAuditQuery *q)
{
  json_builder_begin_object (builder);
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
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, q->limit);
  json_builder_end_object (builder);
}

/* GET /audit: auditors and administrators read the access log, which logs the reading first. */
void
_sl_api_audit_list (SlRequest *req)
{
  SlServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) filters = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *plate = NULL;
  SlAuditQuery query;
  SlAuditQuery page;
  guint n_shown;

  if (!_sl_request_require_role (req, SL_ROLE_AUDITOR | SL_ROLE_ADMINISTRATOR, "audit.read") ||
      _sl_request_training_expired (req, "audit.read"))
    return;

  if (!parse_audit_query (req->query, &query, &plate, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  /* One more than asked tells whether another page follows. */
  page = query;
  page.limit = query.limit + 1;
  records = sl_store_audit_query (self->store, &page, &error);
  if (records == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  n_shown = MIN (records->len, query.limit);

  record = _sl_server_new_record (self, req->msg, "audit.read", "ok", req->user);
  record->result_count = n_shown;
  g_free (record->plate);
  record->plate = g_strdup (query.plate);
  g_free (record->case_number);
  record->case_number = g_strdup (query.case_number);
  add_filters (filters, req->query, &query);
  _sl_record_take_data (record, filters);
  if (!_sl_server_append_record (self, req->msg, record))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_shown; i++)
    json_builder_add_value (builder, sl_audit_record_to_json (g_ptr_array_index (records, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_before");
  if (records->len > query.limit)
    json_builder_add_int_value (builder, ((SlAuditRecord *) g_ptr_array_index (records, n_shown - 1))->seq);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
