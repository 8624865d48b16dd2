/* Compliance audits: the sample, its review and the memorandum, kept on file. */
#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include "sl-sqlite-store-private.h"

#define COLUMNS \
  "id, created_by, created_us, from_us, to_us, seed, population, items, status, summary, closed_by, closed_us"

static SlComplianceAudit *
audit_from_row (sqlite3_stmt *stmt,
                gboolean      with_memo)
{
  SlComplianceAudit *audit = g_new0 (SlComplianceAudit, 1);

  audit->id = sqlite3_column_int64 (stmt, 0);
  audit->created_by = _sl_sqlite_column_dup (stmt, 1);
  audit->created_us = sqlite3_column_int64 (stmt, 2);
  audit->from_us = sqlite3_column_int64 (stmt, 3);
  audit->to_us = sqlite3_column_int64 (stmt, 4);
  audit->seed = sqlite3_column_int64 (stmt, 5);
  audit->population = sqlite3_column_int64 (stmt, 6);
  audit->items = _sl_sqlite_column_dup (stmt, 7);
  audit->status = _sl_sqlite_column_dup (stmt, 8);
  audit->summary = _sl_sqlite_column_dup (stmt, 9);
  audit->closed_by = _sl_sqlite_column_dup (stmt, 10);
  audit->closed_us = sqlite3_column_int64 (stmt, 11);
  if (with_memo && sqlite3_column_type (stmt, 12) == SQLITE_BLOB)
    audit->memo = g_bytes_new (sqlite3_column_blob (stmt, 12), sqlite3_column_bytes (stmt, 12));
  return audit;
}

static gboolean
store_save_compliance_audit (SlStore            *store,
                             SlComplianceAudit  *audit,
                             SlAuditRecord      *record,
                             GError            **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  if (audit->id == 0)
    stmt = _sl_sqlite_prepare (self,
                               "INSERT INTO compliance_audits (created_by, created_us, from_us, to_us, seed, population,"
                               " items, status, summary, closed_by, closed_us, memo)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id", error);
  else
    stmt = _sl_sqlite_prepare (self,
                               "UPDATE compliance_audits SET items = ?7, status = ?8, summary = ?9, closed_by = ?10,"
                               " closed_us = ?11, memo = coalesce (?12, memo) WHERE id = ?13 RETURNING id", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  _sl_sqlite_bind_text (stmt, 1, audit->created_by);
  sqlite3_bind_int64 (stmt, 2, audit->created_us);
  sqlite3_bind_int64 (stmt, 3, audit->from_us);
  sqlite3_bind_int64 (stmt, 4, audit->to_us);
  sqlite3_bind_int64 (stmt, 5, audit->seed);
  sqlite3_bind_int64 (stmt, 6, audit->population);
  _sl_sqlite_bind_text (stmt, 7, audit->items);
  _sl_sqlite_bind_text (stmt, 8, audit->status);
  _sl_sqlite_bind_text (stmt, 9, audit->summary);
  _sl_sqlite_bind_text (stmt, 10, audit->closed_by);
  sqlite3_bind_int64 (stmt, 11, audit->closed_us);
  if (audit->memo != NULL)
    sqlite3_bind_blob64 (stmt, 12, g_bytes_get_data (audit->memo, NULL), g_bytes_get_size (audit->memo), SQLITE_STATIC);
  if (audit->id != 0)
    sqlite3_bind_int64 (stmt, 13, audit->id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    audit->id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no compliance audit %" G_GINT64_FORMAT, audit->id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _sl_sqlite_rollback (self);

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  return _sl_sqlite_commit (self, error);
}

static SlComplianceAudit *
store_find_compliance_audit (SlStore  *store,
                             gint64    audit_id,
                             GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  SlComplianceAudit *audit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " COLUMNS ", memo FROM compliance_audits WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audit_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    audit = audit_from_row (stmt, TRUE);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no compliance audit %" G_GINT64_FORMAT, audit_id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return audit;
}

static GPtrArray *
store_list_compliance_audits (SlStore  *store,
                              GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_compliance_audit_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " COLUMNS " FROM compliance_audits ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (audits, audit_from_row (stmt, FALSE));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&audits);
}

void
_sl_sqlite_store_compliance_iface_init (SlStoreInterface *iface)
{
  iface->save_compliance_audit = store_save_compliance_audit;
  iface->find_compliance_audit = store_find_compliance_audit;
  iface->list_compliance_audits = store_list_compliance_audits;
}
