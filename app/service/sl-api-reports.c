#define G_LOG_DOMAIN "sl-api-reports"

#include "config.h"

#include <string.h>

#include "sl-search-report.h"
#include "sl-server-private.h"

/* The transparency report (to post on the department's website) and the
 * annual surveillance-technology report, as JSON, HTML or PDF. */

#define REPORT_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR | SL_ROLE_RECORDS)
#define YEAR_US      (G_GINT64_CONSTANT (365) * 86400 * G_USEC_PER_SEC)

/* What no profile permits. */
static const char * const prohibited_uses[] = {
  "Immigration enforcement, or sharing data for it (California Values Act)",
  "Sale, sharing or transfer to private entities (Civil Code 1798.90.55)",
  "Sharing with agencies of other states or federal agencies (Attorney General bulletin 2023-DLE-06)",
  "Searches without a case or incident number and an authorized purpose",
  "Monitoring people for activity protected by the First Amendment",
  "Treating an alert alone as grounds for a stop, before the plate and hot list are confirmed",
};

typedef enum
{
  REPORT_TRANSPARENCY,
  REPORT_SURVEILLANCE,
} ReportKind;

typedef struct
{
  SlServer          *server;
  SoupServerMessage *msg;
  ReportKind         kind;
  char              *format;
  gint64             from_us;
  gint64             to_us;
  SlActivityReport  *report;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  g_free (job->format);
  g_clear_pointer (&job->report, sl_activity_report_free);
  g_free (job);
}

static const char *
title_of (const Job *job)
{
  return job->kind == REPORT_TRANSPARENCY ? "Automated License Plate Recognition: transparency report"
                                          : "Surveillance technology report: automated license plate readers";
}

/* JSON ------------------------------------------------------------------------------ */

static void
add_counts (JsonBuilder *builder,
            const char  *member,
            GPtrArray   *counts,
            const char  *detail_member)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < counts->len; i++)
    {
      const SlReportCount *row = counts->pdata[i];

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "name", row->name != NULL ? row->name : "");
      if (detail_member != NULL)
        sl_json_builder_add_string_member (builder, detail_member, row->detail != NULL ? row->detail : "");
      sl_json_builder_add_int_member (builder, "count", row->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static JsonNode *
report_json (const Job *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SlPolicy *policy = job->server->policy;
  const SlActivityReport *report = job->report;
  const SlPurpose *purposes;
  guint n_purposes;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "title", title_of (job));
  sl_json_builder_add_string_member (builder, "agency", sl_policy_get_agency (policy));
  sl_json_builder_add_string_member (builder, "policy", sl_policy_get_version_tag (policy));
  _sl_json_add_time_member (builder, "from", job->from_us);
  _sl_json_add_time_member (builder, "to", job->to_us);
  sl_json_builder_add_int_member (builder, "cameras", report->cameras);
  sl_json_builder_add_int_member (builder, "reads", report->reads);
  sl_json_builder_add_int_member (builder, "hits", report->hit_reads);
  sl_json_builder_add_int_member (builder, "alerts", report->alerts);
  add_counts (builder, "dispositions", report->dispositions, NULL);

  if (job->kind == REPORT_SURVEILLANCE)
    add_counts (builder, "reads_per_day", report->reads_per_day, NULL);
  else
    {
      sl_json_builder_add_int_member (builder, "searches", report->searches);
      sl_json_builder_add_int_member (builder, "audits_closed", report->audits_closed);
      json_builder_set_member_name (builder, "sharing");
      json_builder_begin_object (builder);
      for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
        sl_json_builder_add_int_member (builder, sl_sharing_status_to_string (s), report->sharing[s]);
      json_builder_end_object (builder);
      add_counts (builder, "sharing_by_agency", report->sharing_by_agency, "status");

      json_builder_set_member_name (builder, "retention_days");
      json_builder_begin_object (builder);
      for (int c = 0; c < SL_DATA_CLASS_LAST; c++)
        sl_json_builder_add_int_member (builder, sl_data_class_to_string (c), sl_policy_get_retention_days (policy, c));
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "permitted_uses");
      json_builder_begin_array (builder);
      purposes = sl_policy_get_purposes (policy, &n_purposes);
      for (guint i = 0; i < n_purposes; i++)
        json_builder_add_string_value (builder, purposes[i].label);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "prohibited_uses");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (prohibited_uses); i++)
        json_builder_add_string_value (builder, prohibited_uses[i]);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "privacy_policy");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sl_policy_get_n_privacy_elements (); i++)
        {
          const char *heading = NULL;
          g_autofree char *text = sl_policy_dup_privacy_element (policy, i, &heading);

          json_builder_begin_object (builder);
          sl_json_builder_add_string_member (builder, "element", heading);
          sl_json_builder_add_string_member (builder, "text", text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* HTML and PDF: the same lines ------------------------------------------------------- */

/* The report as labelled lines, sections with a NULL value (as sl_report_letter_pdf takes them). */
static GPtrArray *
report_lines (const Job *job)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  SlPolicy *policy = job->server->policy;
  const SlActivityReport *report = job->report;
  g_autofree char *from = sl_report_format_time (job->from_us);
  g_autofree char *to = sl_report_format_time (job->to_us);

  {
    g_autofree char *period = g_strdup_printf ("%s to %s", from, to);

    sl_report_lines_add (lines, "Agency", sl_policy_get_agency (policy));
    sl_report_lines_add (lines, "Period", period);
    sl_report_lines_add (lines, "Policy", sl_policy_get_version_tag (policy));
  }

  sl_report_lines_add (lines, "The system in the period", NULL);
  sl_report_lines_add_number (lines, "Cameras", report->cameras);
  sl_report_lines_add_number (lines, "Plates read", report->reads);
  sl_report_lines_add_number (lines, "Reads that matched a hot list", report->hit_reads);
  sl_report_lines_add_number (lines, "Alerts", report->alerts);
  for (guint i = 0; i < report->dispositions->len; i++)
    {
      const SlReportCount *row = report->dispositions->pdata[i];
      g_autofree char *label = g_strdup_printf ("Alerts: %s", row->name);

      sl_report_lines_add_number (lines, label, row->count);
    }

  if (job->kind == REPORT_SURVEILLANCE)
    {
      sl_report_lines_add (lines, "Reads per day", NULL);
      for (guint i = 0; i < report->reads_per_day->len; i++)
        {
          const SlReportCount *row = report->reads_per_day->pdata[i];

          sl_report_lines_add_number (lines, row->name, row->count);
        }
    }
  else
    {
      const SlPurpose *purposes;
      guint n_purposes;

      sl_report_lines_add_number (lines, "Searches made", report->searches);
      sl_report_lines_add_number (lines, "Audits of searches completed", report->audits_closed);

      sl_report_lines_add (lines, "Sharing requests from outside agencies", NULL);
      for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
        sl_report_lines_add_number (lines, sl_sharing_status_get_label (s), report->sharing[s]);
      for (guint i = 0; i < report->sharing_by_agency->len; i++)
        {
          const SlReportCount *row = report->sharing_by_agency->pdata[i];
          SlSharingStatus status;
          g_autofree char *label = NULL;

          sl_sharing_status_from_string (row->detail, &status);
          label = g_strdup_printf ("%s (%s)", row->name, sl_sharing_status_get_label (status));
          sl_report_lines_add_number (lines, label, row->count);
        }

      sl_report_lines_add (lines, "How long data is kept (days)", NULL);
      for (int c = 0; c < SL_DATA_CLASS_LAST; c++)
        sl_report_lines_add_number (lines, sl_data_class_to_string (c), sl_policy_get_retention_days (policy, c));

      sl_report_lines_add (lines, "Permitted uses", NULL);
      purposes = sl_policy_get_purposes (policy, &n_purposes);
      for (guint i = 0; i < n_purposes; i++)
        sl_report_lines_add (lines, "Permitted", purposes[i].label);
      sl_report_lines_add (lines, "Prohibited uses", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (prohibited_uses); i++)
        sl_report_lines_add (lines, "Prohibited", prohibited_uses[i]);

      sl_report_lines_add (lines, "Usage and privacy policy (Civil Code 1798.90.51)", NULL);
      for (guint i = 0; i < sl_policy_get_n_privacy_elements (); i++)
        {
          const char *heading = NULL;
          g_autofree char *text = sl_policy_dup_privacy_element (policy, i, &heading);

          sl_report_lines_add (lines, heading, text);
        }
    }
  g_ptr_array_add (lines, NULL);
  return lines;
}

static char *
report_html (const Job *job)
{
  g_autoptr(GPtrArray) lines = report_lines (job);
  g_autofree char *title = g_markup_escape_text (title_of (job), -1);
  g_autofree char *agency = g_markup_escape_text (sl_policy_get_agency (job->server->policy), -1);
  GString *html = g_string_new (NULL);
  gboolean in_table = FALSE;

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>%s, %s</title>\n"
                          "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em;"
                          "color:#222}th{text-align:left;vertical-align:top;padding:.3em 1em .3em 0;width:18em}"
                          "td{padding:.3em 0}h2{margin-top:1.5em;border-bottom:1px solid #ccc}</style>\n"
                          "</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n",
                          title, agency, title, agency);

  for (guint i = 0; lines->pdata[i] != NULL; i += 2)
    {
      g_autofree char *label = g_markup_escape_text (lines->pdata[i], -1);

      if (lines->pdata[i + 1] == NULL)
        {
          if (in_table)
            g_string_append (html, "</table>\n");
          g_string_append_printf (html, "<h2>%s</h2>\n<table>\n", label);
          in_table = TRUE;
          continue;
        }
      if (!in_table)
        {
          g_string_append (html, "<table>\n");
          in_table = TRUE;
        }
      {
        g_autofree char *value = g_markup_escape_text (lines->pdata[i + 1], -1);

        g_string_append_printf (html, "<tr><th>%s</th><td>%s</td></tr>\n", label, value);
      }
    }
  if (in_table)
    g_string_append (html, "</table>\n");
  g_string_append (html, "<p><small>Made by Sightline from its database and access log.</small></p>\n"
                         "</body>\n</html>\n");
  return g_string_free (html, FALSE);
}

/* The job ----------------------------------------------------------------------------- */

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(SlStore) store = NULL;
  GError *error = NULL;

  store = sl_store_open_sibling (job->server->store, &error);
  if (store != NULL)
    job->report = sl_store_report_activity (store, job->from_us, job->to_us, &error);
  if (job->report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
report_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    _sl_reply_gerror (job->msg, error);
  else if (g_str_equal (job->format, "json"))
    _sl_reply_json (job->msg, SOUP_STATUS_OK, report_json (job));
  else if (g_str_equal (job->format, "html"))
    {
      char *html = report_html (job);

      soup_server_message_set_status (job->msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (job->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, strlen (html));
    }
  else
    {
      g_autoptr(GPtrArray) lines = report_lines (job);
      g_autoptr(GBytes) pdf = sl_report_letter_pdf (title_of (job), (const char * const *) lines->pdata, &error);

      if (pdf == NULL)
        _sl_reply_gerror (job->msg, error);
      else
        {
          gsize size;
          gconstpointer bytes = g_bytes_get_data (pdf, &size);

          soup_server_message_set_status (job->msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (job->msg, "application/pdf", SOUP_MEMORY_COPY, bytes, size);
        }
    }
  soup_server_message_unpause (job->msg);
}

static void
start_report (SlRequest  *req,
              ReportKind  kind)
{
  const char *action = kind == REPORT_TRANSPARENCY ? "report.transparency" : "report.surveillance";
  static const char * const formats[] = { "json", "html", "pdf", NULL };
  const char *format;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GTask) task = NULL;
  gint64 from_us = 0;
  gint64 to_us = 0;
  Job *job;

  if (!_sl_request_require_role (req, REPORT_ROLES, action) || !_sl_request_parse_format (req, formats, &format))
    return;
  if (!_sl_query_time (req->query, "from", &from_us, &error) || !_sl_query_time (req->query, "to", &to_us, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  /* by default the year to now */
  if (to_us == 0)
    to_us = req->now_us;
  if (from_us == 0)
    from_us = to_us - YEAR_US;
  if (from_us >= to_us)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "A report's “from” is before its “to”");
      return;
    }

  record = _sl_server_new_record (req->server, req->msg, action, "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_string_member (data, "format", format);
  _sl_json_add_time_member (data, "from", from_us);
  _sl_json_add_time_member (data, "to", to_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  job = g_new0 (Job, 1);
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->kind = kind;
  job->format = g_strdup (format);
  job->from_us = from_us;
  job->to_us = to_us;

  soup_server_message_pause (req->msg);
  task = g_task_new (NULL, NULL, report_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, report_thread);
}

/* GET /reports/transparency?from=&to=&format=json|html|pdf */
void
_sl_api_reports_transparency (SlRequest *req)
{
  start_report (req, REPORT_TRANSPARENCY);
}

/* GET /reports/surveillance?from=&to=&format=json|html|pdf */
void
_sl_api_reports_surveillance (SlRequest *req)
{
  start_report (req, REPORT_SURVEILLANCE);
}
