/* Retention: what the policy no longer allows is removed, and cannot be read
 * back from the files. */
#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <string.h>

#include "sl-sqlite-store-private.h"

/* Runs @sql with ?1 bound to @cutoff_us; adds the rows it changed to *@count. */
static gboolean
run_step (SlSqliteStore  *self,
          const char     *sql,
          gint64          cutoff_us,
          gint64          now_us,
          gint64         *count,
          GError        **error)
{
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff_us);
  sqlite3_bind_int64 (stmt, 2, now_us);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;
  if (count != NULL)
    *count += sqlite3_changes (self->db);
  return TRUE;
}

/* Whether read r is covered by a hold in force at ?2. */
#define HELD(r) \
  "(" r ".id IN (SELECT hr.read_id FROM hold_reads hr JOIN holds h ON h.id = hr.hold_id" \
  "   WHERE h.released_us = 0 AND h.review_us >= ?2)" \
  " OR EXISTS (SELECT 1 FROM holds h WHERE h.released_us = 0 AND h.review_us >= ?2" \
  "   AND h.plate = " r ".plate AND " r ".captured_us >= h.from_us AND " r ".captured_us < h.to_us))"

/* The alerts past their time, of reads no hold keeps. */
#define OLD_ALERTS \
  "SELECT a.id FROM alerts a JOIN reads r ON r.id = a.read_id WHERE a.created_us < ?1 AND NOT " HELD ("r")
/* Reads with a hit past the hits' time; and without one past the reads'. */
#define OLD_HITS \
  "SELECT r.id FROM reads r WHERE r.captured_us < ?1 AND EXISTS (SELECT 1 FROM alerts a WHERE a.read_id = r.id)" \
  " AND NOT " HELD ("r")
#define OLD_READS \
  "SELECT r.id FROM reads r WHERE r.captured_us < ?1 AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.read_id = r.id)" \
  " AND NOT " HELD ("r")
#define OLD_IMAGES \
  "SELECT r.id FROM reads r WHERE r.captured_us < ?1 AND r.images != 0 AND NOT " HELD ("r")
/* Entries expired, removed or rejected before the cutoff. */
#define OLD_ENTRIES \
  "SELECT id FROM hotlist_entries WHERE (expires_us > 0 AND expires_us < ?1)" \
  " OR (status IN ('removed', 'rejected') AND MAX (created_us, removed_us) < ?1)"
#define OLD_SHARING \
  "SELECT id FROM sharing_requests WHERE received_us < ?1 AND ?2 > 0"
#define HELD_READS \
  "SELECT COUNT(*) FROM reads r WHERE r.captured_us < ?1 AND " HELD ("r")

typedef struct
{
  SlDataClass  data_class;
  const char  *select;       /* the ids of what goes, into purge_ids */
  const char  *deletes[4];   /* side tables first */
  int          counted;      /* the delete whose changes count; -1: the ids */
} Step;

#define IDS "(SELECT id FROM temp.purge_ids)"

/* In order: alerts go before the reads they name, so that a read whose
 * alert went is then judged as a read without a hit. */
static const Step steps[] = {
  { SL_DATA_CLASS_ALERTS, OLD_ALERTS,
    { "DELETE FROM alert_events WHERE alert_id IN " IDS,
      "DELETE FROM alerts WHERE id IN " IDS }, -1 },
  { SL_DATA_CLASS_HITS, OLD_HITS,
    { "DELETE FROM alert_events WHERE alert_id IN (SELECT id FROM alerts WHERE read_id IN " IDS ")",
      "DELETE FROM alerts WHERE read_id IN " IDS,
      "DELETE FROM read_images WHERE read_id IN " IDS,
      "DELETE FROM reads WHERE id IN " IDS }, -1 },
  { SL_DATA_CLASS_READS, OLD_READS,
    { "DELETE FROM read_images WHERE read_id IN " IDS,
      "DELETE FROM reads WHERE id IN " IDS }, -1 },
  { SL_DATA_CLASS_IMAGES, OLD_IMAGES,
    { "DELETE FROM read_images WHERE read_id IN " IDS,
      "UPDATE reads SET images = 0 WHERE id IN " IDS }, 0 },
  { SL_DATA_CLASS_HOTLIST_ENTRIES, OLD_ENTRIES,
    { "DELETE FROM hotlist_entry_versions WHERE entry_id IN " IDS,
      "DELETE FROM hotlist_entries WHERE id IN " IDS }, -1 },
  { SL_DATA_CLASS_SHARING_RECORDS, OLD_SHARING,
    { "DELETE FROM sharing_packages WHERE request_id IN " IDS,
      "DELETE FROM sharing_requests WHERE id IN " IDS }, -1 },
};

static void
log_purge (SlAuditRecord      *record,
           const SlPurgePlan  *plan,
           const SlPurgeResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *as_of = sl_clock_format_iso8601 (plan->now_us);
  gint64 total = 0;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "as_of", as_of);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      SlDataClass data_class = steps[i].data_class;

      sl_json_builder_add_int_member (builder, sl_data_class_to_string (data_class), result->counts[data_class]);
      total += result->counts[data_class];
    }
  json_builder_end_object (builder);
  sl_json_builder_add_int_member (builder, "held_reads", result->held_reads);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  g_free (record->data);
  record->data = sl_json_to_string (root, FALSE);
  record->result_count = total;
}

static gboolean
store_purge (SlStore              *store,
             const SlPurgePlan    *plan,
             SlPurgeResult        *result,
             SlAuditRecord        *record,
             GError              **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);

  memset (result, 0, sizeof *result);

  /* Deleted content is overwritten in the file, not only unlinked. */
  if (!_sl_sqlite_exec (self, "PRAGMA secure_delete = ON", error) ||
      !_sl_sqlite_exec (self, "CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY)", error) ||
      !_sl_sqlite_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const Step *step = &steps[i];
      gint64 cutoff_us = plan->cutoff_us[step->data_class];
      g_autofree char *fill = NULL;

      if (cutoff_us <= 0)
        continue;

      fill = g_strconcat ("INSERT INTO temp.purge_ids ", step->select, NULL);
      if (!run_step (self, "DELETE FROM temp.purge_ids", 0, 0, NULL, error) ||
          !run_step (self, fill, cutoff_us, plan->now_us, step->counted < 0 ? &result->counts[step->data_class] : NULL,
                     error))
        return _sl_sqlite_rollback (self);

      for (int d = 0; d < (int) G_N_ELEMENTS (step->deletes) && step->deletes[d] != NULL; d++)
        if (!run_step (self, step->deletes[d], cutoff_us, plan->now_us,
                       d == step->counted ? &result->counts[step->data_class] : NULL, error))
          return _sl_sqlite_rollback (self);
    }

  if (plan->cutoff_us[SL_DATA_CLASS_READS] > 0 &&
      !_sl_sqlite_count (self, HELD_READS, plan->cutoff_us[SL_DATA_CLASS_READS], plan->now_us, &result->held_reads, error))
    return _sl_sqlite_rollback (self);
  if (!run_step (self, "DELETE FROM temp.purge_ids", 0, 0, NULL, error))
    return _sl_sqlite_rollback (self);

  /* A dry run tells what would go, and keeps it. */
  if (plan->dry_run)
    {
      _sl_sqlite_rollback (self);
      if (record != NULL)
        log_purge (record, plan, result);
      return record == NULL || sl_store_audit_append (store, record, error);
    }

  if (result->counts[SL_DATA_CLASS_HOTLIST_ENTRIES] > 0 && !_sl_sqlite_bump_hotlist_generation (self, error))
    return _sl_sqlite_rollback (self);
  if (record != NULL)
    {
      log_purge (record, plan, result);
      if (!_sl_sqlite_audit_append_locked (self, record, error))
        return _sl_sqlite_rollback (self);
    }
  if (!_sl_sqlite_commit (self, error))
    return FALSE;

  /* The write-ahead log holds the pages as they were; fold it in and empty it. */
  g_clear_pointer (&self->plate_cache, _sl_plate_cache_free);
  if (sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("The purge is done, but the write-ahead log could not be emptied yet (%s); "
               "the next checkpoint empties it", sqlite3_errmsg (self->db));
  return TRUE;
}

/* Holds ------------------------------------------------------------------------- */

#define HOLD_COLUMNS \
  "h.id, h.case_number, h.reason, h.created_by, h.created_us, h.review_us, h.plate, h.from_us, h.to_us," \
  " h.search_id, h.released_by, h.released_us," \
  " CASE WHEN h.plate IS NULL THEN (SELECT COUNT(*) FROM hold_reads hr JOIN reads r ON r.id = hr.read_id" \
  "   WHERE hr.hold_id = h.id)" \
  " ELSE (SELECT COUNT(*) FROM reads r WHERE r.plate = h.plate AND r.captured_us >= h.from_us" \
  "   AND r.captured_us < h.to_us) END"

static SlHold *
hold_from_row (sqlite3_stmt *stmt)
{
  SlHold *hold = g_new0 (SlHold, 1);

  hold->id = sqlite3_column_int64 (stmt, 0);
  hold->case_number = _sl_sqlite_column_dup (stmt, 1);
  hold->reason = _sl_sqlite_column_dup (stmt, 2);
  hold->created_by = _sl_sqlite_column_dup (stmt, 3);
  hold->created_us = sqlite3_column_int64 (stmt, 4);
  hold->review_us = sqlite3_column_int64 (stmt, 5);
  hold->plate = _sl_sqlite_column_dup (stmt, 6);
  hold->from_us = sqlite3_column_int64 (stmt, 7);
  hold->to_us = sqlite3_column_int64 (stmt, 8);
  hold->search_id = sqlite3_column_int64 (stmt, 9);
  hold->released_by = _sl_sqlite_column_dup (stmt, 10);
  hold->released_us = sqlite3_column_int64 (stmt, 11);
  hold->n_reads = sqlite3_column_int64 (stmt, 12);
  return hold;
}

static gboolean
store_add_hold (SlStore        *store,
                SlHold         *hold,
                GArray         *read_ids,
                SlAuditRecord  *record,
                GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO holds (case_number, reason, created_by, created_us, review_us, plate,"
                             " from_us, to_us, search_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  _sl_sqlite_bind_text (stmt, 1, hold->case_number);
  _sl_sqlite_bind_text (stmt, 2, hold->reason);
  _sl_sqlite_bind_text (stmt, 3, hold->created_by);
  sqlite3_bind_int64 (stmt, 4, hold->created_us);
  sqlite3_bind_int64 (stmt, 5, hold->review_us);
  _sl_sqlite_bind_text (stmt, 6, hold->plate);
  sqlite3_bind_int64 (stmt, 7, hold->from_us);
  sqlite3_bind_int64 (stmt, 8, hold->to_us);
  if (hold->search_id > 0)
    sqlite3_bind_int64 (stmt, 9, hold->search_id);
  else
    sqlite3_bind_null (stmt, 9);
  id = _sl_sqlite_step_id (self, stmt, error);
  if (id == 0)
    return _sl_sqlite_rollback (self);

  if (read_ids != NULL)
    {
      stmt = _sl_sqlite_prepare (self, "INSERT OR IGNORE INTO hold_reads (hold_id, read_id) VALUES (?, ?)", error);
      if (stmt == NULL)
        return _sl_sqlite_rollback (self);
      for (guint i = 0; i < read_ids->len; i++)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (read_ids, gint64, i));
          if (!_sl_sqlite_step_done (self, stmt, error))
            return _sl_sqlite_rollback (self);
        }
    }

  hold->id = id;
  if (record != NULL)
    {
      _sl_sqlite_record_set_id (record, "hold_id", id);
      if (!_sl_sqlite_audit_append_locked (self, record, error))
        return _sl_sqlite_rollback (self);
    }
  return _sl_sqlite_commit (self, error);
}

static GPtrArray *
store_list_holds (SlStore  *store,
                  GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) holds = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_hold_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " HOLD_COLUMNS " FROM holds h ORDER BY h.id DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (holds, hold_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&holds);
}

static SlHold *
store_find_hold (SlStore  *store,
                 gint64    hold_id,
                 GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  SlHold *hold = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " HOLD_COLUMNS " FROM holds h WHERE h.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, hold_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    hold = hold_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hold %" G_GINT64_FORMAT, hold_id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return hold;
}

static gboolean
store_change_hold (SlStore        *store,
                   const SlHold   *hold,
                   SlAuditRecord  *record,
                   GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;
  stmt = _sl_sqlite_prepare (self, "UPDATE holds SET review_us = ?, released_by = ?, released_us = ? WHERE id = ?",
                             error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, hold->review_us);
  _sl_sqlite_bind_text (stmt, 2, hold->released_by);
  sqlite3_bind_int64 (stmt, 3, hold->released_us);
  sqlite3_bind_int64 (stmt, 4, hold->id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);
  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  return _sl_sqlite_commit (self, error);
}

void
_sl_sqlite_store_retention_iface_init (SlStoreInterface *iface)
{
  iface->purge = store_purge;
  iface->add_hold = store_add_hold;
  iface->list_holds = store_list_holds;
  iface->find_hold = store_find_hold;
  iface->change_hold = store_change_hold;
}
