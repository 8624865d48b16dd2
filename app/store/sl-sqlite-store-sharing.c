/* Sharing requests: the share register, kept beyond the reads it names. */
#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <string.h>

#include "sl-sqlite-store-private.h"

#define REQUEST_COLUMNS \
  "id, received_us, entered_by, agency_name, agency_type, jurisdiction, requester_name," \
  " requester_contact, purpose, case_number, scope, attachment_name, attachment_size, status, rule," \
  " rule_reason, rule_basis, checks, decided_by, decided_us, decision_reason, approved_scope, ends_us," \
  " disclosures, disclosed_us, disclosed_reads"

static SlSharingRequest *
request_from_row (sqlite3_stmt *stmt)
{
  SlSharingRequest *request = g_new0 (SlSharingRequest, 1);

  request->id = sqlite3_column_int64 (stmt, 0);
  request->received_us = sqlite3_column_int64 (stmt, 1);
  request->entered_by = _sl_sqlite_column_dup (stmt, 2);
  request->agency_name = _sl_sqlite_column_dup (stmt, 3);
  sl_agency_type_from_string ((const char *) sqlite3_column_text (stmt, 4), &request->agency_type);
  sl_jurisdiction_from_string ((const char *) sqlite3_column_text (stmt, 5), &request->jurisdiction);
  request->requester_name = _sl_sqlite_column_dup (stmt, 6);
  request->requester_contact = _sl_sqlite_column_dup (stmt, 7);
  request->purpose = _sl_sqlite_column_dup (stmt, 8);
  request->case_number = _sl_sqlite_column_dup (stmt, 9);
  request->scope = _sl_sqlite_column_dup (stmt, 10);
  request->attachment_name = _sl_sqlite_column_dup (stmt, 11);
  request->attachment_size = sqlite3_column_int64 (stmt, 12);
  sl_sharing_status_from_string ((const char *) sqlite3_column_text (stmt, 13), &request->status);
  request->rule = _sl_sqlite_column_dup (stmt, 14);
  request->rule_reason = _sl_sqlite_column_dup (stmt, 15);
  request->rule_basis = _sl_sqlite_column_dup (stmt, 16);
  request->checks = _sl_sqlite_column_dup (stmt, 17);
  request->decided_by = _sl_sqlite_column_dup (stmt, 18);
  request->decided_us = sqlite3_column_int64 (stmt, 19);
  request->decision_reason = _sl_sqlite_column_dup (stmt, 20);
  request->approved_scope = _sl_sqlite_column_dup (stmt, 21);
  request->ends_us = sqlite3_column_int64 (stmt, 22);
  request->disclosures = sqlite3_column_int64 (stmt, 23);
  request->disclosed_us = sqlite3_column_int64 (stmt, 24);
  request->disclosed_reads = sqlite3_column_int64 (stmt, 25);
  return request;
}

static gboolean
store_add_sharing_request (SlStore           *store,
                           SlSharingRequest  *request,
                           GBytes            *attachment,
                           SlAuditRecord     *record,
                           GError           **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO sharing_requests (received_us, entered_by, agency_name, agency_type,"
                             " jurisdiction, requester_name, requester_contact, purpose, case_number, scope,"
                             " attachment_name, attachment_size, attachment, status, rule, rule_reason, rule_basis,"
                             " checks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  sqlite3_bind_int64 (stmt, 1, request->received_us);
  _sl_sqlite_bind_text (stmt, 2, request->entered_by);
  _sl_sqlite_bind_text (stmt, 3, request->agency_name);
  _sl_sqlite_bind_text (stmt, 4, sl_agency_type_to_string (request->agency_type));
  _sl_sqlite_bind_text (stmt, 5, sl_jurisdiction_to_string (request->jurisdiction));
  _sl_sqlite_bind_text (stmt, 6, request->requester_name);
  _sl_sqlite_bind_text (stmt, 7, request->requester_contact);
  _sl_sqlite_bind_text (stmt, 8, request->purpose);
  _sl_sqlite_bind_text (stmt, 9, request->case_number);
  _sl_sqlite_bind_text (stmt, 10, request->scope);
  _sl_sqlite_bind_text (stmt, 11, request->attachment_name);
  sqlite3_bind_int64 (stmt, 12, attachment != NULL ? (gint64) g_bytes_get_size (attachment) : 0);
  if (attachment != NULL)
    sqlite3_bind_blob64 (stmt, 13, g_bytes_get_data (attachment, NULL), g_bytes_get_size (attachment),
                         SQLITE_STATIC);
  _sl_sqlite_bind_text (stmt, 14, sl_sharing_status_to_string (request->status));
  _sl_sqlite_bind_text (stmt, 15, request->rule);
  _sl_sqlite_bind_text (stmt, 16, request->rule_reason);
  _sl_sqlite_bind_text (stmt, 17, request->rule_basis);
  _sl_sqlite_bind_text (stmt, 18, request->checks);

  id = _sl_sqlite_step_id (self, stmt, error);
  if (id == 0)
    return _sl_sqlite_rollback (self);

  request->id = id;
  request->attachment_size = attachment != NULL ? (gint64) g_bytes_get_size (attachment) : 0;
  if (record != NULL)
    _sl_sqlite_record_set_id (record, "request_id", id);
  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  return _sl_sqlite_commit (self, error);
}

static SlSharingRequest *
store_find_sharing_request (SlStore  *store,
                            gint64    request_id,
                            GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  SlSharingRequest *request = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " REQUEST_COLUMNS " FROM sharing_requests WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, request_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    request = request_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no sharing request %" G_GINT64_FORMAT, request_id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return request;
}

static GPtrArray *
store_list_sharing_requests (SlStore                 *store,
                             const SlSharingQuery    *query,
                             gint64                  *counts,
                             GError                 **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_sharing_request_free);
  g_autofree char *agency = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* Counts by status over the whole register, for the filters. */
  if (counts != NULL)
    {
      memset (counts, 0, sizeof (gint64) * SL_SHARING_N_STATUSES);
      stmt = _sl_sqlite_prepare (self, "SELECT status, COUNT(*) FROM sharing_requests GROUP BY status", error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SlSharingStatus status;

          if (sl_sharing_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status))
            counts[status] = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _sl_sqlite_set_error (self, rc, error);
          return NULL;
        }
    }

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " REQUEST_COLUMNS " FROM sharing_requests"
                             " WHERE (?1 IS NULL OR status = ?1)"
                             "   AND (?2 IS NULL OR agency_name LIKE ?2 ESCAPE '\\')"
                             "   AND (?3 IS NULL OR case_number = ?3)"
                             "   AND (?4 = 0 OR received_us >= ?4)"
                             "   AND (?5 = 0 OR received_us < ?5)"
                             "   AND (?6 IS NULL OR entered_by = ?6)"
                             " ORDER BY id DESC LIMIT ?7 OFFSET ?8", error);
  if (stmt == NULL)
    return NULL;

  if (query->agency != NULL)
    {
      g_autoptr(GString) pattern = g_string_new ("%");

      for (const char *p = query->agency; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      agency = g_string_free (g_steal_pointer (&pattern), FALSE);
    }

  if (query->has_status)
    _sl_sqlite_bind_text (stmt, 1, sl_sharing_status_to_string (query->status));
  _sl_sqlite_bind_text (stmt, 2, agency);
  _sl_sqlite_bind_text (stmt, 3, query->case_number);
  sqlite3_bind_int64 (stmt, 4, query->since_us);
  sqlite3_bind_int64 (stmt, 5, query->until_us);
  _sl_sqlite_bind_text (stmt, 6, query->entered_by);
  sqlite3_bind_int64 (stmt, 7, query->limit > 0 ? query->limit : -1);
  sqlite3_bind_int64 (stmt, 8, query->offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (requests, request_from_row (stmt));
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&requests);
}

static gboolean
store_decide_sharing_request (SlStore                 *store,
                              const SlSharingRequest  *decision,
                              SlAuditRecord           *record,
                              GError                 **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  /* Only from review: two deciders at once cannot both win. */
  stmt = _sl_sqlite_prepare (self,
                             "UPDATE sharing_requests SET status = ?, decided_by = ?, decided_us = ?,"
                             " decision_reason = ?, approved_scope = ?, ends_us = ?"
                             " WHERE id = ? AND status = 'under_review'", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  _sl_sqlite_bind_text (stmt, 1, sl_sharing_status_to_string (decision->status));
  _sl_sqlite_bind_text (stmt, 2, decision->decided_by);
  sqlite3_bind_int64 (stmt, 3, decision->decided_us);
  _sl_sqlite_bind_text (stmt, 4, decision->decision_reason);
  _sl_sqlite_bind_text (stmt, 5, decision->approved_scope);
  sqlite3_bind_int64 (stmt, 6, decision->ends_us);
  sqlite3_bind_int64 (stmt, 7, decision->id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "Sharing request %" G_GINT64_FORMAT " is not under review; it was decided already",
                   decision->id);
      return _sl_sqlite_rollback (self);
    }

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  return _sl_sqlite_commit (self, error);
}

static GBytes *
store_get_sharing_attachment (SlStore  *store,
                              gint64    request_id,
                              GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  GBytes *bytes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT attachment FROM sharing_requests WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, request_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 "Sharing request %" G_GINT64_FORMAT " has no written request attached", request_id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return bytes;
}

static gint64
store_add_sharing_package (SlStore           *store,
                           gint64             request_id,
                           const SlSharingPackageRow *row,
                           SlAuditRecord     *record,
                           GError           **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!_sl_sqlite_begin (self, error))
    return 0;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO sharing_packages (request_id, built_us, built_by, reads, images, sha256,"
                             " manifest, package) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, row->built_us);
  _sl_sqlite_bind_text (stmt, 3, row->built_by);
  sqlite3_bind_int64 (stmt, 4, row->reads);
  sqlite3_bind_int64 (stmt, 5, row->images);
  _sl_sqlite_bind_text (stmt, 6, row->sha256);
  _sl_sqlite_bind_text (stmt, 7, row->manifest);
  sqlite3_bind_blob64 (stmt, 8, g_bytes_get_data (row->package, NULL), g_bytes_get_size (row->package),
                       SQLITE_STATIC);
  id = _sl_sqlite_step_id (self, stmt, error);
  if (id == 0)
    return _sl_sqlite_rollback (self);

  /* Only an approved request is released. */
  stmt = _sl_sqlite_prepare (self,
                             "UPDATE sharing_requests SET disclosures = disclosures + 1, disclosed_us = ?,"
                             " disclosed_reads = ? WHERE id = ? AND status = 'approved'", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, row->built_us);
  sqlite3_bind_int64 (stmt, 2, row->reads);
  sqlite3_bind_int64 (stmt, 3, request_id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "Sharing request %" G_GINT64_FORMAT " is not approved", request_id);
      return _sl_sqlite_rollback (self);
    }

  if (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);
  if (!_sl_sqlite_commit (self, error))
    return 0;
  return id;
}

static SlSharingPackageRow *
store_find_sharing_package (SlStore  *store,
                            gint64    request_id,
                            GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  SlSharingPackageRow *row = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT id, built_us, built_by, reads, images, sha256, manifest, package"
                             " FROM sharing_packages WHERE request_id = ? ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, request_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = g_new0 (SlSharingPackageRow, 1);
      row->id = sqlite3_column_int64 (stmt, 0);
      row->built_us = sqlite3_column_int64 (stmt, 1);
      row->built_by = _sl_sqlite_column_dup (stmt, 2);
      row->reads = sqlite3_column_int64 (stmt, 3);
      row->images = sqlite3_column_int64 (stmt, 4);
      row->sha256 = _sl_sqlite_column_dup (stmt, 5);
      row->manifest = _sl_sqlite_column_dup (stmt, 6);
      row->package = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 "No package was built for sharing request %" G_GINT64_FORMAT, request_id);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return row;
}

void
_sl_sqlite_store_sharing_iface_init (SlStoreInterface *iface)
{
  iface->add_sharing_request = store_add_sharing_request;
  iface->find_sharing_request = store_find_sharing_request;
  iface->list_sharing_requests = store_list_sharing_requests;
  iface->decide_sharing_request = store_decide_sharing_request;
  iface->get_sharing_attachment = store_get_sharing_attachment;
  iface->add_sharing_package = store_add_sharing_package;
  iface->find_sharing_package = store_find_sharing_package;
}
