#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <string.h>

#include "sl-sqlite-store-private.h"

/* Entries of specific hot lists: their versions, approvals, removal, and
 * the retro hits of an entry that became active. */

#define VERSION_COLUMNS \
  "v.entry_id, v.version, v.status, v.fields, v.changed, v.author, vs.username, v.created_us," \
  " v.decided_by, v.decided_us, v.decision_note"
#define N_VERSION_COLUMNS 11

#define VERSION_AUTHOR_JOIN \
  " LEFT JOIN users vu ON vu.username = v.author LEFT JOIN users vs ON vs.id = vu.supervisor_id"

#define ENTRY_COLUMNS \
  "e.id, e.list_id, l.name, l.kind, l.covert, e.plate, e.region, e.category, e.case_number, e.synopsis," \
  " e.make, e.model, e.color, e.status, e.effective_us, e.expires_us, e.entered_by, u.full_name, s.username," \
  " e.created_us, e.approved_by, e.approved_us, e.removed_by, e.removed_us, e.removal_reason," \
  " l.priority, l.tolerance, " VERSION_COLUMNS

#define ENTRY_FROM \
  " FROM hotlist_entries e JOIN hotlists l ON l.id = e.list_id" \
  " LEFT JOIN users u ON u.username = e.entered_by LEFT JOIN users s ON s.id = u.supervisor_id" \
  " LEFT JOIN hotlist_entry_versions v ON v.entry_id = e.id AND v.status = 'pending'" \
  VERSION_AUTHOR_JOIN

/* The status a person sees: an active entry past its expiry no longer matches. */
#define SHOWN_STATUS \
  "(CASE WHEN e.status = 'active' AND e.expires_us > 0 AND e.expires_us <= ?1 THEN 'expired' ELSE e.status END)"

#define LIST_WHERE \
  " WHERE e.list_id = ?2 AND (?3 IS NULL OR " SHOWN_STATUS " = ?3)" \
  " AND (?4 IS NULL OR substr (e.plate, 1, length (?4)) = ?4 OR e.case_number = ?5)"

#define LIST_SQL(order) \
  "SELECT " ENTRY_COLUMNS ENTRY_FROM LIST_WHERE " ORDER BY " order " LIMIT ?6 OFFSET ?7"

static const struct
{
  const char *name;
  const char *sql;
} list_orders[] = {
  { "created", LIST_SQL ("e.created_us DESC, e.id DESC") },
  { "plate",   LIST_SQL ("e.plate, e.id") },
  { "expires", LIST_SQL ("e.expires_us = 0, e.expires_us, e.id") },
  { "status",  LIST_SQL ("CASE " SHOWN_STATUS " WHEN 'pending' THEN 0 WHEN 'active' THEN 1"
                         " WHEN 'expired' THEN 2 WHEN 'removed' THEN 3 ELSE 4 END, e.plate, e.id") },
};

static SlHotlistEntryVersion *
version_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  SlHotlistEntryVersion *version = g_new0 (SlHotlistEntryVersion, 1);

  version->entry_id = sqlite3_column_int64 (stmt, first);
  version->version = sqlite3_column_int64 (stmt, first + 1);
  version->status = _sl_sqlite_column_dup (stmt, first + 2);
  version->fields = _sl_sqlite_column_dup (stmt, first + 3);
  version->changed = _sl_sqlite_column_dup (stmt, first + 4);
  version->author = _sl_sqlite_column_dup (stmt, first + 5);
  version->author_supervisor = _sl_sqlite_column_dup (stmt, first + 6);
  version->created_us = sqlite3_column_int64 (stmt, first + 7);
  version->decided_by = _sl_sqlite_column_dup (stmt, first + 8);
  version->decided_us = sqlite3_column_int64 (stmt, first + 9);
  version->decision_note = _sl_sqlite_column_dup (stmt, first + 10);
  return version;
}

static SlHotlistEntryInfo *
entry_from_row (sqlite3_stmt *stmt)
{
  SlHotlistEntryInfo *entry = g_new0 (SlHotlistEntryInfo, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->list_id = sqlite3_column_int64 (stmt, 1);
  entry->list_name = _sl_sqlite_column_dup (stmt, 2);
  entry->list_kind = _sl_sqlite_column_dup (stmt, 3);
  entry->list_covert = sqlite3_column_int (stmt, 4) != 0;
  entry->plate = _sl_sqlite_column_dup (stmt, 5);
  entry->region = _sl_sqlite_column_dup (stmt, 6);
  entry->reason = _sl_sqlite_column_dup (stmt, 7);
  entry->case_number = _sl_sqlite_column_dup (stmt, 8);
  entry->synopsis = _sl_sqlite_column_dup (stmt, 9);
  entry->make = _sl_sqlite_column_dup (stmt, 10);
  entry->model = _sl_sqlite_column_dup (stmt, 11);
  entry->color = _sl_sqlite_column_dup (stmt, 12);
  entry->status = _sl_sqlite_column_dup (stmt, 13);
  entry->effective_us = sqlite3_column_int64 (stmt, 14);
  entry->expires_us = sqlite3_column_int64 (stmt, 15);
  entry->entered_by = _sl_sqlite_column_dup (stmt, 16);
  entry->entered_by_name = _sl_sqlite_column_dup (stmt, 17);
  entry->entered_by_supervisor = _sl_sqlite_column_dup (stmt, 18);
  entry->created_us = sqlite3_column_int64 (stmt, 19);
  entry->approved_by = _sl_sqlite_column_dup (stmt, 20);
  entry->approved_us = sqlite3_column_int64 (stmt, 21);
  entry->removed_by = _sl_sqlite_column_dup (stmt, 22);
  entry->removed_us = sqlite3_column_int64 (stmt, 23);
  entry->removal_reason = _sl_sqlite_column_dup (stmt, 24);
  entry->list_priority = sqlite3_column_int (stmt, 25);
  entry->list_tolerance = sqlite3_column_int (stmt, 26);
  if (sqlite3_column_type (stmt, 27) != SQLITE_NULL)
    entry->pending = version_from_row (stmt, 27);
  return entry;
}

/* Collects every row of @stmt, which is reset afterwards. */
static GPtrArray *
collect_entries (SlSqliteStore  *self,
                 sqlite3_stmt   *stmt,
                 GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_hotlist_entry_info_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* What of a query can be a plate's beginning: its letters and digits, upper case. */
static char *
plate_prefix (const char *query)
{
  GString *prefix = g_string_new (NULL);

  for (const char *p = query; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (prefix, g_ascii_toupper (*p));

  return g_string_free (prefix, FALSE);
}

/* Adds @member to the record's data object, for ids known only inside the transaction. */
static void
record_set_id (SlAuditRecord *record,
               const char    *member,
               gint64         id)
{
  g_autoptr(JsonObject) data = NULL;

  if (record->data != NULL)
    data = sl_json_parse_object (record->data, -1, NULL);
  if (data == NULL)
    data = json_object_new ();

  json_object_set_int_member (data, member, id);
  g_free (record->data);
  record->data = sl_json_object_to_string (data);
}

static gboolean
list_exists (SlSqliteStore  *self,
             gint64          list_id,
             char          **kind,
             GError        **error)
{
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT kind FROM hotlists WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, list_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && kind != NULL)
    *kind = _sl_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hot list %" G_GINT64_FORMAT, list_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

static GPtrArray *
store_list_hotlist_entries (SlStore                    *store,
                            const SlHotlistEntryQuery  *query,
                            gint64                     *total,
                            GError                    **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *prefix = NULL;
  const char *sql = list_orders[0].sql;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  for (guint i = 0; query->order != NULL && i < G_N_ELEMENTS (list_orders); i++)
    if (g_str_equal (query->order, list_orders[i].name))
      sql = list_orders[i].sql;

  if (query->query != NULL && *query->query != '\0')
    prefix = plate_prefix (query->query);

  /* the page and its count from one snapshot */
  if (!_sl_sqlite_exec (self, "BEGIN", error))
    return NULL;

  if (!list_exists (self, query->list_id, NULL, error))
    goto out;

  stmt = _sl_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, query->now_us);
  sqlite3_bind_int64 (stmt, 2, query->list_id);
  _sl_sqlite_bind_text (stmt, 3, query->status);
  if (prefix != NULL)
    {
      /* a query of only punctuation matches case numbers alone */
      sqlite3_bind_text (stmt, 4, *prefix != '\0' ? prefix : "\x01", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, query->query, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 6, query->limit > 0 ? query->limit : 100);
  sqlite3_bind_int (stmt, 7, query->offset);
  entries = collect_entries (self, stmt, error);
  if (entries == NULL)
    goto out;

  if (total != NULL)
    {
      stmt = _sl_sqlite_prepare (self, "SELECT count (*) FROM hotlist_entries e" LIST_WHERE, error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, query->now_us);
      sqlite3_bind_int64 (stmt, 2, query->list_id);
      _sl_sqlite_bind_text (stmt, 3, query->status);
      if (prefix != NULL)
        {
          sqlite3_bind_text (stmt, 4, *prefix != '\0' ? prefix : "\x01", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, query->query, -1, SQLITE_STATIC);
        }
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *total = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  ok = TRUE;

out:
  _sl_sqlite_exec (self, ok ? "COMMIT" : "ROLLBACK", NULL);
  return ok ? g_steal_pointer (&entries) : NULL;
}

static SlHotlistEntryInfo *
find_entry (SlSqliteStore  *self,
            gint64          entry_id,
            GError        **error)
{
  sqlite3_stmt *stmt;
  SlHotlistEntryInfo *entry = NULL;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " ENTRY_COLUMNS ENTRY_FROM " WHERE e.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hot-list entry %" G_GINT64_FORMAT, entry_id);
  else if (rc != SQLITE_ROW)
    _sl_sqlite_set_error (self, rc, error);

  return entry;
}

static SlHotlistEntryInfo *
store_find_hotlist_entry (SlStore  *store,
                          gint64    entry_id,
                          GError  **error)
{
  return find_entry (SL_SQLITE_STORE (store), entry_id, error);
}

static GPtrArray *
store_list_hotlist_entry_versions (SlStore  *store,
                                   gint64    entry_id,
                                   GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_hotlist_entry_version_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " VERSION_COLUMNS " FROM hotlist_entry_versions v" VERSION_AUTHOR_JOIN
                             " WHERE v.entry_id = ? ORDER BY v.version", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (versions, version_from_row (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&versions);
}

static gboolean
insert_version (SlSqliteStore  *self,
                gint64          entry_id,
                gint64          version,
                const char     *fields_json,
                const char     *changed_json,
                const char     *author,
                gint64          at_us,
                GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO hotlist_entry_versions (entry_id, version, status, fields, changed,"
                             " author, created_us) VALUES (?, ?, 'pending', ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, version);
  _sl_sqlite_bind_text (stmt, 3, fields_json);
  _sl_sqlite_bind_text (stmt, 4, changed_json);
  _sl_sqlite_bind_text (stmt, 5, author);
  sqlite3_bind_int64 (stmt, 6, at_us);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
store_add_hotlist_entry (SlStore             *store,
                         SlHotlistEntryInfo  *entry,
                         const char          *fields_json,
                         const char          *changed_json,
                         SlAuditRecord       *record,
                         GError             **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autofree char *kind = NULL;
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  if (!list_exists (self, entry->list_id, &kind, error))
    return _sl_sqlite_rollback (self);
  if (!g_str_equal (kind, "specific"))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "Hot list %" G_GINT64_FORMAT " is a general list, replaced by its imports; "
                   "members enter entries in specific lists", entry->list_id);
      return _sl_sqlite_rollback (self);
    }

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO hotlist_entries (list_id, plate, plate_raw, region, category, case_number,"
                             " synopsis, make, model, color, entered_by, status, effective_us, expires_us, created_us)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  sqlite3_bind_int64 (stmt, 1, entry->list_id);
  _sl_sqlite_bind_text (stmt, 2, entry->plate);
  _sl_sqlite_bind_text (stmt, 3, entry->plate);
  _sl_sqlite_bind_text (stmt, 4, entry->region != NULL ? entry->region : "");
  _sl_sqlite_bind_text (stmt, 5, entry->reason);
  _sl_sqlite_bind_text (stmt, 6, entry->case_number);
  _sl_sqlite_bind_text (stmt, 7, entry->synopsis);
  _sl_sqlite_bind_text (stmt, 8, entry->make);
  _sl_sqlite_bind_text (stmt, 9, entry->model);
  _sl_sqlite_bind_text (stmt, 10, entry->color);
  _sl_sqlite_bind_text (stmt, 11, entry->entered_by);
  sqlite3_bind_int64 (stmt, 12, entry->expires_us);
  sqlite3_bind_int64 (stmt, 13, entry->created_us);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);
  entry->id = sqlite3_last_insert_rowid (self->db);

  if (!insert_version (self, entry->id, 1, fields_json, changed_json, entry->entered_by,
                       entry->created_us, error))
    return _sl_sqlite_rollback (self);

  if (record != NULL)
    {
      record_set_id (record, "entry_id", entry->id);
      if (!_sl_sqlite_audit_append_locked (self, record, error))
        return _sl_sqlite_rollback (self);
    }

  return _sl_sqlite_commit (self, error);
}

/* Marks the pending version decided; FALSE with SL_ERROR_EXISTS when @version is not the one pending. */
static gboolean
decide_version (SlSqliteStore  *self,
                gint64          entry_id,
                gint64          version,
                const char     *status,
                const char     *username,
                const char     *note,
                gint64          at_us,
                GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlist_entry_versions SET status = ?, decided_by = ?, decided_us = ?,"
                             " decision_note = ? WHERE entry_id = ? AND status = 'pending'"
                             " AND (?6 = 0 OR version = ?6)", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, status);
  _sl_sqlite_bind_text (stmt, 2, username);
  sqlite3_bind_int64 (stmt, 3, at_us);
  _sl_sqlite_bind_text (stmt, 4, note);
  sqlite3_bind_int64 (stmt, 5, entry_id);
  sqlite3_bind_int64 (stmt, 6, version);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (version != 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_EXISTS,
                   "Version %" G_GINT64_FORMAT " of entry %" G_GINT64_FORMAT " is no longer waiting "
                   "for a decision; reload the entry", version, entry_id);
      return FALSE;
    }

  return TRUE;
}

/* The entry takes @fields; a pending or expired entry with @activate becomes active. */
static gboolean
set_entry_fields (SlSqliteStore             *self,
                  gint64                     entry_id,
                  const SlHotlistEntryInfo  *fields,
                  gboolean                   activate,
                  const char                *username,
                  gint64                     at_us,
                  GError                   **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlist_entries SET plate = ?1, plate_raw = ?1, region = ?2, category = ?3,"
                             " case_number = ?4, synopsis = ?5, make = ?6, model = ?7, color = ?8, expires_us = ?9,"
                             " status = CASE WHEN ?10 THEN 'active' ELSE status END,"
                             " effective_us = CASE WHEN ?10 AND status = 'pending' THEN ?12 ELSE effective_us END,"
                             " approved_by = CASE WHEN ?10 THEN ?11 ELSE approved_by END,"
                             " approved_us = CASE WHEN ?10 THEN ?12 ELSE approved_us END"
                             " WHERE id = ?13", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, fields->plate);
  _sl_sqlite_bind_text (stmt, 2, fields->region != NULL ? fields->region : "");
  _sl_sqlite_bind_text (stmt, 3, fields->reason);
  _sl_sqlite_bind_text (stmt, 4, fields->case_number);
  _sl_sqlite_bind_text (stmt, 5, fields->synopsis);
  _sl_sqlite_bind_text (stmt, 6, fields->make);
  _sl_sqlite_bind_text (stmt, 7, fields->model);
  _sl_sqlite_bind_text (stmt, 8, fields->color);
  sqlite3_bind_int64 (stmt, 9, fields->expires_us);
  sqlite3_bind_int (stmt, 10, activate);
  _sl_sqlite_bind_text (stmt, 11, username);
  sqlite3_bind_int64 (stmt, 12, at_us);
  sqlite3_bind_int64 (stmt, 13, entry_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
set_entry_status (SlSqliteStore  *self,
                  gint64          entry_id,
                  const char     *status,
                  const char     *removed_by,
                  const char     *reason,
                  gint64          at_us,
                  GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE hotlist_entries SET status = ?1,"
                             " removed_by = CASE WHEN ?1 = 'removed' THEN ?2 ELSE removed_by END,"
                             " removal_reason = CASE WHEN ?1 = 'removed' THEN ?3 ELSE removal_reason END,"
                             " removed_us = CASE WHEN ?1 = 'removed' THEN ?4 ELSE removed_us END"
                             " WHERE id = ?5", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, status);
  _sl_sqlite_bind_text (stmt, 2, removed_by);
  _sl_sqlite_bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, at_us);
  sqlite3_bind_int64 (stmt, 5, entry_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
change_entry (SlSqliteStore    *self,
              SlHotlistChange  *change,
              GError          **error)
{
  g_autoptr(SlHotlistEntryInfo) entry = find_entry (self, change->entry_id, error);
  gboolean open;

  if (entry == NULL)
    return FALSE;

  open = g_str_equal (entry->status, "pending") || g_str_equal (entry->status, "active");

  switch (change->kind)
    {
    case SL_HOTLIST_CHANGE_PROPOSE:
      {
        g_autofree char *note = NULL;
        sqlite3_stmt *stmt;

        if (!open)
          break;

        stmt = _sl_sqlite_prepare (self, "SELECT coalesce (max (version), 0) + 1 FROM hotlist_entry_versions"
                                   " WHERE entry_id = ?", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, change->entry_id);
        change->new_version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 1;
        sqlite3_reset (stmt);

        note = g_strdup_printf ("Replaced by version %" G_GINT64_FORMAT, change->new_version);
        if (!decide_version (self, change->entry_id, 0, "rejected", change->username, note, change->at_us, error) ||
            !insert_version (self, change->entry_id, change->new_version, change->fields_json,
                             change->changed_json, change->username, change->at_us, error))
          return FALSE;

        /* until its first approval, an entry is what was last proposed */
        if (g_str_equal (entry->status, "pending") && change->fields != NULL &&
            !set_entry_fields (self, change->entry_id, change->fields, FALSE, NULL, change->at_us, error))
          return FALSE;
        return TRUE;
      }

    case SL_HOTLIST_CHANGE_APPROVE:
      if (entry->pending == NULL || g_str_equal (entry->status, "removed") || g_str_equal (entry->status, "rejected"))
        break;
      return decide_version (self, change->entry_id, change->version, "approved", change->username, change->note,
                             change->at_us, error) &&
             set_entry_fields (self, change->entry_id, change->fields, TRUE, change->username, change->at_us, error) &&
             _sl_sqlite_bump_hotlist_generation (self, error);

    case SL_HOTLIST_CHANGE_REJECT:
      if (entry->pending == NULL)
        break;
      return decide_version (self, change->entry_id, change->version, "rejected", change->username, change->note,
                             change->at_us, error) &&
             (!g_str_equal (entry->status, "pending") ||
              set_entry_status (self, change->entry_id, "rejected", NULL, NULL, change->at_us, error));

    case SL_HOTLIST_CHANGE_REMOVE:
      if (!open && !g_str_equal (entry->status, "expired"))
        break;
      return decide_version (self, change->entry_id, 0, "rejected", change->username, "The entry was removed",
                             change->at_us, error) &&
             set_entry_status (self, change->entry_id, "removed", change->username, change->note,
                               change->at_us, error) &&
             _sl_sqlite_bump_hotlist_generation (self, error);

    default:
      g_assert_not_reached ();
    }

  g_set_error (error, SL_ERROR, SL_ERROR_EXISTS,
               "Entry %" G_GINT64_FORMAT " is %s%s; reload it", change->entry_id, entry->status,
               entry->pending == NULL && change->kind != SL_HOTLIST_CHANGE_REMOVE ? " with nothing waiting for a decision" : "");
  return FALSE;
}

static gboolean
store_change_hotlist_entry (SlStore          *store,
                            SlHotlistChange  *change,
                            SlAuditRecord    *record,
                            GError          **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);

  g_return_val_if_fail (change->kind != SL_HOTLIST_CHANGE_APPROVE || change->fields != NULL, FALSE);

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  if (!change_entry (self, change, error))
    return _sl_sqlite_rollback (self);

  if (record != NULL)
    {
      if (change->kind == SL_HOTLIST_CHANGE_PROPOSE)
        record_set_id (record, "version", change->new_version);
      if (!_sl_sqlite_audit_append_locked (self, record, error))
        return _sl_sqlite_rollback (self);
    }

  return _sl_sqlite_commit (self, error);
}

static GPtrArray *
store_list_hotlist_approvals (SlStore     *store,
                              const char  *supervisor,
                              const char  *except_author,
                              GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " ENTRY_COLUMNS ENTRY_FROM
                             " WHERE v.entry_id IS NOT NULL AND e.status IN ('pending', 'active')"
                             " AND (?1 IS NULL OR vs.username = ?1) AND (?2 IS NULL OR v.author <> ?2)"
                             " ORDER BY v.created_us, v.id", error);
  if (stmt == NULL)
    return NULL;

  _sl_sqlite_bind_text (stmt, 1, supervisor);
  _sl_sqlite_bind_text (stmt, 2, except_author);
  return collect_entries (self, stmt, error);
}

static gboolean
store_add_retro_alerts (SlStore  *store,
                        GArray   *alerts,
                        GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);

  if (alerts->len == 0)
    return TRUE;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  for (guint i = 0; i < alerts->len; i++)
    {
      SlNewAlert *alert = &g_array_index (alerts, SlNewAlert, i);
      sqlite3_stmt *stmt;
      gboolean exists;

      g_assert (alert->read != NULL && alert->read->id > 0);

      alert->id = 0;
      stmt = _sl_sqlite_prepare (self, "SELECT 1 FROM alerts WHERE read_id = ? AND entry_id = ?", error);
      if (stmt == NULL)
        return _sl_sqlite_rollback (self);
      sqlite3_bind_int64 (stmt, 1, alert->read->id);
      sqlite3_bind_int64 (stmt, 2, alert->entry_id);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (exists)
        continue;

      if (!_sl_sqlite_insert_alert (self, alert, error) ||
          (alert->record != NULL && !_sl_sqlite_log_alert (self, alert->record, alert, error)))
        return _sl_sqlite_rollback (self);
    }

  return _sl_sqlite_commit (self, error);
}

void
_sl_sqlite_store_hotlists_iface_init (SlStoreInterface *iface)
{
  iface->list_hotlist_entries = store_list_hotlist_entries;
  iface->find_hotlist_entry = store_find_hotlist_entry;
  iface->list_hotlist_entry_versions = store_list_hotlist_entry_versions;
  iface->add_hotlist_entry = store_add_hotlist_entry;
  iface->change_hotlist_entry = store_change_hotlist_entry;
  iface->list_hotlist_approvals = store_list_hotlist_approvals;
  iface->add_retro_alerts = store_add_retro_alerts;
}
