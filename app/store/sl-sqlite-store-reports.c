/* Counts for the transparency and surveillance reports. */
#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include "sl-sqlite-store-private.h"

#define DAY_US "86400000000"

/* Rows of (name, detail, count) into @counts. */
static gboolean
counts (SlSqliteStore  *self,
        const char     *sql,
        gint64          from_us,
        gint64          to_us,
        GPtrArray      *out,
        GError        **error)
{
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlReportCount *row = g_new0 (SlReportCount, 1);

      row->name = _sl_sqlite_column_dup (stmt, 0);
      row->detail = _sl_sqlite_column_dup (stmt, 1);
      row->count = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (out, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);
  return TRUE;
}

static SlActivityReport *
store_report_activity (SlStore  *store,
                       gint64    from_us,
                       gint64    to_us,
                       GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(SlActivityReport) report = sl_activity_report_new ();

  /* one read transaction: the counts agree with each other */
  if (!_sl_sqlite_exec (self, "BEGIN", error))
    return NULL;

  if (!_sl_sqlite_count (self, "SELECT COUNT(*) FROM cameras WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL", from_us, to_us,
              &report->cameras, error) ||
      !_sl_sqlite_count (self, "SELECT COUNT(*) FROM reads WHERE captured_us >= ?1 AND captured_us < ?2", from_us, to_us,
              &report->reads, error) ||
      !_sl_sqlite_count (self, "SELECT COUNT(DISTINCT a.read_id) FROM alerts a JOIN reads r ON r.id = a.read_id"
                    " WHERE r.captured_us >= ?1 AND r.captured_us < ?2", from_us, to_us, &report->hit_reads, error) ||
      !_sl_sqlite_count (self, "SELECT COUNT(*) FROM alerts WHERE created_us >= ?1 AND created_us < ?2", from_us, to_us,
              &report->alerts, error) ||
      !_sl_sqlite_count (self, "SELECT COUNT(*) FROM audit_log WHERE time_us >= ?1 AND time_us < ?2 AND outcome = 'ok'"
                    " AND action IN ('search.plate', 'search.track', 'search.multi_place')", from_us, to_us,
              &report->searches, error) ||
      !_sl_sqlite_count (self, "SELECT COUNT(*) FROM compliance_audits WHERE closed_us >= ?1 AND closed_us < ?2", from_us, to_us,
              &report->audits_closed, error) ||
      !counts (self, "SELECT strftime ('%Y-%m-%d', (captured_us / " DAY_US ") * 86400, 'unixepoch'), NULL, COUNT(*)"
                     " FROM reads WHERE captured_us >= ?1 AND captured_us < ?2"
                     " GROUP BY captured_us / " DAY_US " ORDER BY 1", from_us, to_us, report->reads_per_day, error) ||
      !counts (self, "SELECT coalesce (disposition, state), NULL, COUNT(*) FROM alerts"
                     " WHERE created_us >= ?1 AND created_us < ?2 GROUP BY 1 ORDER BY 3 DESC, 1",
               from_us, to_us, report->dispositions, error) ||
      !counts (self, "SELECT agency_name, status, COUNT(*) FROM sharing_requests"
                     " WHERE received_us >= ?1 AND received_us < ?2 GROUP BY 1, 2 ORDER BY 1, 2",
               from_us, to_us, report->sharing_by_agency, error))
    {
      _sl_sqlite_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  _sl_sqlite_exec (self, "COMMIT", NULL);

  for (guint i = 0; i < report->sharing_by_agency->len; i++)
    {
      const SlReportCount *row = report->sharing_by_agency->pdata[i];
      SlSharingStatus status;

      if (sl_sharing_status_from_string (row->detail, &status))
        report->sharing[status] += row->count;
    }

  return g_steal_pointer (&report);
}

void
_sl_sqlite_store_reports_iface_init (SlStoreInterface *iface)
{
  iface->report_activity = store_report_activity;
}
