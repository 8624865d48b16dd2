#define G_LOG_DOMAIN "sl-sqlite-store-hotlist-lists"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sl-sqlite-store-private.h"

/* Hot lists as a whole: their settings, counts, daily import and export.
 * Entries one by one are in sl-sqlite-store-hotlists.c. */

#define LIST_COLUMNS \
  "id, name, source, kind, priority, alert_level, covert, tolerance, active, created_us," \
  " import_source, import_time, import_next_us, imported_us, import_summary, import_failed_us, import_error"

static gboolean
not_found (GError **error,
           gint64   list_id)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hot list %" G_GINT64_FORMAT, list_id);
  return FALSE;
}

static SlHotlistInfo *
list_from_row (sqlite3_stmt *stmt)
{
  SlHotlistInfo *list = g_new0 (SlHotlistInfo, 1);

  list->id = sqlite3_column_int64 (stmt, 0);
  list->name = _sl_sqlite_column_dup (stmt, 1);
  list->source = _sl_sqlite_column_dup (stmt, 2);
  list->kind = _sl_sqlite_column_dup (stmt, 3);
  list->priority = sqlite3_column_int (stmt, 4);
  list->alert_level = _sl_sqlite_column_dup (stmt, 5);
  list->covert = sqlite3_column_int (stmt, 6) != 0;
  list->tolerance = sqlite3_column_int (stmt, 7);
  list->active = sqlite3_column_int (stmt, 8) != 0;
  list->created_us = sqlite3_column_int64 (stmt, 9);
  list->import_source = _sl_sqlite_column_dup (stmt, 10);
  list->import_time = _sl_sqlite_column_dup (stmt, 11);
  list->import_next_us = sqlite3_column_int64 (stmt, 12);
  list->imported_us = sqlite3_column_int64 (stmt, 13);
  list->import_summary = _sl_sqlite_column_dup (stmt, 14);
  list->import_failed_us = sqlite3_column_int64 (stmt, 15);
  list->import_error = _sl_sqlite_column_dup (stmt, 16);
  return list;
}

/* The index on (list_id, status) answers the counts by status alone; only
 * active entries are read to see whether they are past their expiry. */
static gboolean
count_entries (SlSqliteStore  *self,
               SlHotlistInfo  *list,
               gint64          now_us,
               GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 past_expiry = 0;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT status, count(*) FROM hotlist_entries WHERE list_id = ? GROUP BY status",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, list->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      gint64 count = sqlite3_column_int64 (stmt, 1);

      if (g_strcmp0 (status, "pending") == 0)
        list->n_pending = count;
      else if (g_strcmp0 (status, "active") == 0)
        list->n_active = count;
      else if (g_strcmp0 (status, "expired") == 0)
        list->n_expired = count;
      else if (g_strcmp0 (status, "removed") == 0)
        list->n_removed = count;
      else if (g_strcmp0 (status, "rejected") == 0)
        list->n_rejected = count;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  if (list->n_active == 0)
    return TRUE;

  if (!_sl_sqlite_count (self,
                         "SELECT count(*) FROM hotlist_entries"
                         " WHERE list_id = ?1 AND status = 'active' AND expires_us > 0 AND expires_us <= ?2",
                         list->id, now_us, &past_expiry, error))
    return FALSE;

  list->n_active -= past_expiry;
  list->n_expired += past_expiry;
  return TRUE;
}

static GPtrArray *
store_list_hotlists (SlStore   *store,
                     gboolean   include_covert,
                     gint64     now_us,
                     GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_hotlist_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " LIST_COLUMNS " FROM hotlists WHERE ? OR NOT covert"
                             " ORDER BY priority, name", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_covert);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (lists, list_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; i < lists->len; i++)
    if (!count_entries (self, g_ptr_array_index (lists, i), now_us, error))
      return NULL;

  return g_steal_pointer (&lists);
}

static SlHotlistInfo *
store_find_hotlist (SlStore   *store,
                    gint64     list_id,
                    gint64     now_us,
                    GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(SlHotlistInfo) list = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " LIST_COLUMNS " FROM hotlists WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, list_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    list = list_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, list_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  if (!count_entries (self, list, now_us, error))
    return NULL;

  return g_steal_pointer (&list);
}

static gboolean
store_create_hotlist (SlStore        *store,
                      SlHotlistInfo  *list,
                      SlAuditRecord  *record,
                      GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO hotlists (name, source, kind, priority, alert_level, covert, tolerance,"
                             " active, created_us, import_source, import_time, import_next_us)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  _sl_sqlite_bind_text (stmt, 1, list->name);
  _sl_sqlite_bind_text (stmt, 2, list->source != NULL ? list->source : "local");
  _sl_sqlite_bind_text (stmt, 3, list->kind);
  sqlite3_bind_int (stmt, 4, list->priority);
  _sl_sqlite_bind_text (stmt, 5, list->alert_level != NULL ? list->alert_level : "high");
  sqlite3_bind_int (stmt, 6, list->covert);
  sqlite3_bind_int (stmt, 7, list->tolerance);
  sqlite3_bind_int (stmt, 8, list->active);
  sqlite3_bind_int64 (stmt, 9, list->created_us);
  _sl_sqlite_bind_text (stmt, 10, list->import_source);
  _sl_sqlite_bind_text (stmt, 11, list->import_time);
  sqlite3_bind_int64 (stmt, 12, list->import_next_us);

  id = _sl_sqlite_step_id (self, stmt, error);
  if (id == 0)
    return _sl_sqlite_rollback (self);

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  if (!_sl_sqlite_commit (self, error))
    return FALSE;

  list->id = id;
  return TRUE;
}

static gboolean
store_update_hotlist (SlStore              *store,
                      const SlHotlistInfo  *list,
                      SlAuditRecord        *record,
                      GError              **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  /* Only what the matcher holds makes the service rebuild it. */
  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlist_generation SET value = value + 1 WHERE EXISTS"
                             " (SELECT 1 FROM hotlists WHERE id = ?"
                             "  AND (priority <> ? OR tolerance <> ? OR active <> ?))", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, list->id);
  sqlite3_bind_int (stmt, 2, list->priority);
  sqlite3_bind_int (stmt, 3, list->tolerance);
  sqlite3_bind_int (stmt, 4, list->active);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlists SET name = ?, source = ?, priority = ?, alert_level = ?, covert = ?,"
                             " tolerance = ?, active = ?, import_source = ?, import_time = ?, import_next_us = ?"
                             " WHERE id = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  _sl_sqlite_bind_text (stmt, 1, list->name);
  _sl_sqlite_bind_text (stmt, 2, list->source != NULL ? list->source : "local");
  sqlite3_bind_int (stmt, 3, list->priority);
  _sl_sqlite_bind_text (stmt, 4, list->alert_level != NULL ? list->alert_level : "high");
  sqlite3_bind_int (stmt, 5, list->covert);
  sqlite3_bind_int (stmt, 6, list->tolerance);
  sqlite3_bind_int (stmt, 7, list->active);
  _sl_sqlite_bind_text (stmt, 8, list->import_source);
  _sl_sqlite_bind_text (stmt, 9, list->import_time);
  sqlite3_bind_int64 (stmt, 10, list->import_next_us);
  sqlite3_bind_int64 (stmt, 11, list->id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, list->id);
      return _sl_sqlite_rollback (self);
    }

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);

  return _sl_sqlite_commit (self, error);
}

/* Rows are compared by plate and region; the rows are the keys (no copies). */
static guint
row_hash (gconstpointer key)
{
  const SlHotlistRow *row = key;

  return g_str_hash (row->plate) * 31 + g_str_hash (row->region != NULL ? row->region : "");
}

static gboolean
row_equal (gconstpointer a,
           gconstpointer b)
{
  const SlHotlistRow *row_a = a;
  const SlHotlistRow *row_b = b;

  return g_str_equal (row_a->plate, row_b->plate) &&
         g_strcmp0 (row_a->region != NULL ? row_a->region : "", row_b->region != NULL ? row_b->region : "") == 0;
}

#define ROW_NEW GINT_TO_POINTER (1)
#define ROW_KEPT GINT_TO_POINTER (2)

static gboolean
store_count_hotlist_changes (SlStore  *store,
                             gint64    list_id,
                             GArray   *rows,
                             gint64   *added,
                             gint64   *removed,
                             GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GHashTable) incoming = g_hash_table_new (row_hash, row_equal);
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt;
  int rc;

  *added = 0;
  *removed = 0;

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (incoming, &g_array_index (rows, SlHotlistRow, i), ROW_NEW);

  stmt = _sl_sqlite_prepare (self, "SELECT plate, region FROM hotlist_entries WHERE list_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlHotlistRow old = {
        .plate = (char *) sqlite3_column_text (stmt, 0),
        .region = (char *) sqlite3_column_text (stmt, 1),
      };
      gpointer key;

      if (old.plate == NULL)
        continue;
      if (g_hash_table_lookup_extended (incoming, &old, &key, NULL))
        g_hash_table_insert (incoming, key, ROW_KEPT);
      else
        (*removed)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  g_hash_table_iter_init (&iter, incoming);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == ROW_NEW)
      (*added)++;

  return TRUE;
}

static gboolean
store_fail_hotlist_import (SlStore        *store,
                           gint64          list_id,
                           const char     *reason,
                           SlAuditRecord  *record,
                           gint64          at_us,
                           GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  /* later than the last replace even within one microsecond (a manual clock) */
  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlists SET import_failed_us = max (?, imported_us + 1), import_error = ?"
                             " WHERE id = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, at_us);
  _sl_sqlite_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, list_id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, list_id);
      return _sl_sqlite_rollback (self);
    }

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);

  return _sl_sqlite_commit (self, error);
}

static gboolean
store_set_hotlist_import_next (SlStore  *store,
                               gint64    list_id,
                               gint64    next_us,
                               GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self, "UPDATE hotlists SET import_next_us = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, next_us);
  sqlite3_bind_int64 (stmt, 2, list_id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return not_found (error, list_id);

  return TRUE;
}

static gboolean
store_foreach_hotlist_row (SlStore           *store,
                           gint64             list_id,
                           gint64             now_us,
                           SlHotlistRowFunc   func,
                           gpointer           data,
                           GError           **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  /* in the order they were imported or entered */
  stmt = _sl_sqlite_prepare (self,
                             "SELECT plate, region, category, case_number, effective_us, expires_us, status,"
                             " entered_by FROM hotlist_entries WHERE list_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlHotlistExportRow row = {
        .plate = (const char *) sqlite3_column_text (stmt, 0),
        .region = (const char *) sqlite3_column_text (stmt, 1),
        .category = (const char *) sqlite3_column_text (stmt, 2),
        .case_number = (const char *) sqlite3_column_text (stmt, 3),
        .effective_us = sqlite3_column_int64 (stmt, 4),
        .expires_us = sqlite3_column_int64 (stmt, 5),
        .status = (const char *) sqlite3_column_text (stmt, 6),
        .entered_by = (const char *) sqlite3_column_text (stmt, 7),
      };

      if (g_strcmp0 (row.status, "active") == 0 && row.expires_us > 0 && row.expires_us <= now_us)
        row.status = "expired";

      if (!func (&row, data))
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

void
_sl_sqlite_store_hotlist_lists_iface_init (SlStoreInterface *iface)
{
  iface->list_hotlists = store_list_hotlists;
  iface->find_hotlist = store_find_hotlist;
  iface->create_hotlist = store_create_hotlist;
  iface->update_hotlist = store_update_hotlist;
  iface->count_hotlist_changes = store_count_hotlist_changes;
  iface->fail_hotlist_import = store_fail_hotlist_import;
  iface->set_hotlist_import_next = store_set_hotlist_import_next;
  iface->foreach_hotlist_row = store_foreach_hotlist_row;
}
