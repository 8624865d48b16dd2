#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-sqlite-store-private.h"

/* Cameras, reads and their images, hot lists and alerts. */

#define ALERT_COLUMNS \
  "a.id, a.created_us, a.state, a.disposition, a.retro, a.kind, a.matched_plate, a.differing," \
  " a.entry_id, a.entry, a.covert, c.name, " READ_COLUMNS

static void
bind_optional_double (sqlite3_stmt *stmt,
                      int           index,
                      double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static const char *
image_mime (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return "image/jpeg";
  return "application/octet-stream";
}

/* Candidates are kept as "PLATE CONFIDENCE" pairs separated by commas. */
static char *
candidates_to_text (const SlRead *read)
{
  GString *text;

  if (read->candidates == NULL || read->candidates->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < read->candidates->len; i++)
    {
      const SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (text, "%s%s %s", i > 0 ? "," : "", candidate->plate,
                              g_ascii_formatd (number, sizeof number, "%.1f", candidate->confidence));
    }

  return g_string_free (text, FALSE);
}

static void
candidates_from_text (SlRead     *read,
                      const char *text)
{
  g_auto(GStrv) pairs = NULL;

  if (text == NULL || *text == '\0')
    return;

  pairs = g_strsplit (text, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *space = strchr (pairs[i], ' ');

      if (space == NULL)
        continue;
      *space = '\0';
      sl_read_add_candidate (read, pairs[i], g_ascii_strtod (space + 1, NULL));
    }
}

static double
column_optional_double (sqlite3_stmt *stmt,
                        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;

  return sqlite3_column_double (stmt, column);
}

/* Reads READ_COLUMNS starting at @first; returns the image flags in @images. */
SlRead *
_sl_sqlite_read_from_row (sqlite3_stmt *stmt,
                          int           first,
                          int          *images)
{
  SlRead *read = sl_read_new ();

  read->id = sqlite3_column_int64 (stmt, first + 0);
  read->camera_id = sqlite3_column_int64 (stmt, first + 1);
  read->plate = _sl_sqlite_column_dup (stmt, first + 2);
  read->plate_raw = _sl_sqlite_column_dup (stmt, first + 3);
  g_free (read->region);
  read->region = _sl_sqlite_column_dup (stmt, first + 4);
  read->confidence = sqlite3_column_double (stmt, first + 5);
  read->captured_us = sqlite3_column_int64 (stmt, first + 6);
  read->received_us = sqlite3_column_int64 (stmt, first + 7);
  read->lat = sqlite3_column_double (stmt, first + 8);
  read->lon = sqlite3_column_double (stmt, first + 9);
  read->heading = column_optional_double (stmt, first + 10);
  candidates_from_text (read, (const char *) sqlite3_column_text (stmt, first + 11));
  read->make = _sl_sqlite_column_dup (stmt, first + 12);
  read->model = _sl_sqlite_column_dup (stmt, first + 13);
  read->color = _sl_sqlite_column_dup (stmt, first + 14);
  read->vehicle_type = _sl_sqlite_column_dup (stmt, first + 15);
  if (images != NULL)
    *images = sqlite3_column_int (stmt, first + 16);
  return read;
}

/* Cameras ------------------------------------------------------------------ */

#define CAMERA_COLUMNS \
  "c.id, c.name, c.kind, c.lat, c.lon, c.stream_url, c.created_us, c.last_read_us, c.last_heartbeat_us"

static SlCamera *
camera_from_row (sqlite3_stmt *stmt)
{
  SlCamera *camera = sl_camera_new ();

  camera->id = sqlite3_column_int64 (stmt, 0);
  camera->name = _sl_sqlite_column_dup (stmt, 1);
  camera->kind = _sl_sqlite_column_dup (stmt, 2);
  camera->lat = sqlite3_column_double (stmt, 3);
  camera->lon = sqlite3_column_double (stmt, 4);
  camera->stream_url = _sl_sqlite_column_dup (stmt, 5);
  camera->created_us = sqlite3_column_int64 (stmt, 6);
  camera->last_read_us = sqlite3_column_int64 (stmt, 7);
  camera->last_heartbeat_us = sqlite3_column_int64 (stmt, 8);
  return camera;
}

static gboolean
store_add_camera (SlStore     *store,
                  SlCamera    *camera,
                  const char  *token_hash,
                  GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO cameras (name, kind, lat, lon, stream_url, token_hash, created_us)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, camera->name);
  _sl_sqlite_bind_text (stmt, 2, camera->kind != NULL ? camera->kind : "fixed");
  sqlite3_bind_double (stmt, 3, camera->lat);
  sqlite3_bind_double (stmt, 4, camera->lon);
  _sl_sqlite_bind_text (stmt, 5, camera->stream_url);
  _sl_sqlite_bind_text (stmt, 6, token_hash);
  sqlite3_bind_int64 (stmt, 7, camera->created_us);

  if (!_sl_sqlite_step_done (self, stmt, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == SL_ERROR_EXISTS)
        {
          g_clear_error (error);
          g_set_error (error, SL_ERROR, SL_ERROR_EXISTS, "There is already a camera named “%s”", camera->name);
        }
      return FALSE;
    }

  camera->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static SlCamera *
store_find_camera_by_token (SlStore     *store,
                            const char  *token_hash,
                            GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  SlCamera *camera = NULL;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " CAMERA_COLUMNS " FROM cameras c WHERE c.token_hash = ?", error);
  if (stmt == NULL)
    return NULL;

  _sl_sqlite_bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    camera = camera_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND, "No camera has that token");
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return camera;
}

static GPtrArray *
store_list_cameras (SlStore   *store,
                    gboolean   include_covert,
                    GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_camera_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " CAMERA_COLUMNS ", " READ_COLUMNS " FROM cameras c"
                             /* newest first along reads_once; covert hits skipped unless asked */
                             " LEFT JOIN reads r ON r.id = (SELECT l.id FROM reads l WHERE l.camera_id = c.id"
                             "   AND (?1 OR NOT EXISTS (SELECT 1 FROM alerts a WHERE a.read_id = l.id AND a.covert))"
                             "   ORDER BY l.captured_us DESC LIMIT 1)"
                             " ORDER BY c.name", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_covert);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlCamera *camera = camera_from_row (stmt);

      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        {
          int images = 0;

          camera->latest_read = _sl_sqlite_read_from_row (stmt, 9, &images);
          camera->latest_has_plate_image = (images & IMAGE_PLATE) != 0;
        }
      g_ptr_array_add (cameras, camera);
    }

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&cameras);
}

static gboolean
store_touch_camera (SlStore  *store,
                    gint64    camera_id,
                    gint64    heartbeat_us,
                    GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE cameras SET last_heartbeat_us = max (last_heartbeat_us, ?) WHERE id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, heartbeat_us);
  sqlite3_bind_int64 (stmt, 2, camera_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
store_set_camera_token (SlStore     *store,
                        gint64       camera_id,
                        const char  *token_hash,
                        GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self, "UPDATE cameras SET token_hash = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, camera_id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no camera %" G_GINT64_FORMAT, camera_id);
      return FALSE;
    }
  return TRUE;
}

/* Reads -------------------------------------------------------------------- */

static gboolean
insert_image (SlSqliteStore  *self,
              gint64          read_id,
              const char     *kind,
              GBytes         *bytes,
              GError        **error)
{
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  stmt = _sl_sqlite_prepare (self, "INSERT INTO read_images (read_id, kind, mime, data) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, read_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, image_mime (bytes), -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
  return _sl_sqlite_step_done (self, stmt, error);
}

/* Returns 1 when stored, 0 when the camera sent it before, -1 on error. */
static int
insert_read (SlSqliteStore  *self,
             SlRead         *read,
             GError        **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *candidates = candidates_to_text (read);
  int images = (read->plate_image != NULL ? IMAGE_PLATE : 0) |
               (read->overview_image != NULL ? IMAGE_OVERVIEW : 0);
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO reads (camera_id, plate, plate_raw, region, confidence, captured_us,"
                             " received_us, lat, lon, heading, candidates, make, model, color, vehicle_type, images)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT (camera_id, captured_us, plate) DO NOTHING", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, read->camera_id);
  sqlite3_bind_text (stmt, 2, read->plate, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, read->plate_raw != NULL ? read->plate_raw : read->plate, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, read->region != NULL ? read->region : "", -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, read->confidence);
  sqlite3_bind_int64 (stmt, 6, read->captured_us);
  sqlite3_bind_int64 (stmt, 7, read->received_us);
  sqlite3_bind_double (stmt, 8, read->lat);
  sqlite3_bind_double (stmt, 9, read->lon);
  bind_optional_double (stmt, 10, read->heading);
  if (candidates != NULL)
    sqlite3_bind_text (stmt, 11, candidates, -1, SQLITE_STATIC);
  _sl_sqlite_bind_text (stmt, 12, read->make);
  _sl_sqlite_bind_text (stmt, 13, read->model);
  _sl_sqlite_bind_text (stmt, 14, read->color);
  _sl_sqlite_bind_text (stmt, 15, read->vehicle_type);
  sqlite3_bind_int (stmt, 16, images);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return -1;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      stmt = _sl_sqlite_prepare (self, "SELECT id FROM reads WHERE camera_id = ? AND captured_us = ? AND plate = ?",
                                 error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, read->camera_id);
      sqlite3_bind_int64 (stmt, 2, read->captured_us);
      sqlite3_bind_text (stmt, 3, read->plate, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        read->id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return 0;
    }

  read->id = sqlite3_last_insert_rowid (self->db);

  if ((read->plate_image != NULL && !insert_image (self, read->id, "plate", read->plate_image, error)) ||
      (read->overview_image != NULL && !insert_image (self, read->id, "overview", read->overview_image, error)))
    return -1;

  return 1;
}

gboolean
_sl_sqlite_insert_alert (SlSqliteStore  *self,
                         SlNewAlert     *alert,
                         GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO alerts (read_id, entry_id, entry, covert, kind, matched_plate,"
                             " differing, retro, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, alert->read->id);
  sqlite3_bind_int64 (stmt, 2, alert->entry_id);
  sqlite3_bind_text (stmt, 3, alert->entry_json, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, alert->covert);
  sqlite3_bind_text (stmt, 5, sl_match_kind_to_string (alert->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, alert->matched_plate, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, alert->differing);
  sqlite3_bind_int (stmt, 8, alert->retro);
  sqlite3_bind_int64 (stmt, 9, alert->created_us);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;

  alert->id = sqlite3_last_insert_rowid (self->db);

  stmt = _sl_sqlite_prepare (self, "INSERT INTO alert_events (alert_id, state, at_us) VALUES (?, 'new', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, alert->id);
  sqlite3_bind_int64 (stmt, 2, alert->created_us);
  return _sl_sqlite_step_done (self, stmt, error);
}

gboolean
_sl_sqlite_log_alert (SlSqliteStore        *self,
                      const SlAuditRecord  *template,
                      const SlNewAlert     *alert,
                      GError              **error)
{
  g_autoptr(SlAuditRecord) record = sl_audit_record_copy (template);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_free (record->plate);
  record->plate = g_strdup (alert->read->plate);
  record->result_count = 1;
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "alert_id", alert->id);
  sl_json_builder_add_int_member (builder, "read_id", alert->read->id);
  sl_json_builder_add_int_member (builder, "entry_id", alert->entry_id);
  sl_json_builder_add_string_member (builder, "kind", sl_match_kind_to_string (alert->kind));
  if (alert->retro)
    {
      json_builder_set_member_name (builder, "retro");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  g_free (record->data);
  record->data = sl_json_to_string (root, FALSE);

  return _sl_sqlite_audit_append_locked (self, record, error);
}

static gboolean
store_add_reads (SlStore    *store,
                 GPtrArray  *reads,
                 GArray     *alerts,
                 GError    **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GHashTable) repeats = g_hash_table_new (NULL, NULL);
  /* camera id → latest time received, both pointing into the reads */
  g_autoptr(GHashTable) latest = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer camera;
  gpointer latest_us;
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  for (guint i = 0; i < reads->len; i++)
    {
      SlRead *read = g_ptr_array_index (reads, i);
      int stored = insert_read (self, read, error);

      if (stored < 0)
        return _sl_sqlite_rollback (self);
      if (stored == 0)
        g_hash_table_add (repeats, read);

      latest_us = g_hash_table_lookup (latest, &read->camera_id);
      if (latest_us == NULL || *(gint64 *) latest_us < read->received_us)
        g_hash_table_insert (latest, &read->camera_id, &read->received_us);
    }

  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      SlNewAlert *alert = &g_array_index (alerts, SlNewAlert, i);

      alert->id = 0;
      if (g_hash_table_contains (repeats, alert->read))
        continue;
      if (!_sl_sqlite_insert_alert (self, alert, error) ||
          (alert->record != NULL && !_sl_sqlite_log_alert (self, alert->record, alert, error)))
        return _sl_sqlite_rollback (self);
    }

  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, &camera, &latest_us))
    {
      stmt = _sl_sqlite_prepare (self, "UPDATE cameras SET last_read_us = max (last_read_us, ?) WHERE id = ?", error);
      if (stmt == NULL)
        return _sl_sqlite_rollback (self);
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) latest_us);
      sqlite3_bind_int64 (stmt, 2, *(gint64 *) camera);
      if (!_sl_sqlite_step_done (self, stmt, error))
        return _sl_sqlite_rollback (self);
    }

  return _sl_sqlite_commit (self, error);
}

static SlRead *
store_find_read (SlStore  *store,
                 gint64    read_id,
                 GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  SlRead *read = NULL;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT " READ_COLUMNS " FROM reads r WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, read_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    read = _sl_sqlite_read_from_row (stmt, 0, NULL);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no read %" G_GINT64_FORMAT, read_id);
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return read;
}

static GBytes *
store_get_read_image (SlStore     *store,
                      gint64       read_id,
                      const char  *kind,
                      char       **mime,
                      GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  GBytes *bytes = NULL;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT mime, data FROM read_images WHERE read_id = ? AND kind = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, read_id);
  _sl_sqlite_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *mime = _sl_sqlite_column_dup (stmt, 0);
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 "Read %" G_GINT64_FORMAT " has no %s image", read_id, kind);
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return bytes;
}

/* Hot lists ---------------------------------------------------------------- */

gboolean
_sl_sqlite_bump_hotlist_generation (SlSqliteStore  *self,
                                    GError        **error)
{
  return _sl_sqlite_exec (self, "UPDATE hotlist_generation SET value = value + 1", error);
}

static gint64
store_ensure_hotlist (SlStore              *store,
                      const SlHotlistSpec  *spec,
                      gint64                now_us,
                      GError              **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!_sl_sqlite_begin (self, error))
    return 0;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO hotlists (name, source, kind, priority, alert_level, covert, tolerance,"
                             " created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                             /* an existing list keeps the settings it was given */
                             " ON CONFLICT (name) DO UPDATE SET name = excluded.name"
                             " RETURNING id", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  _sl_sqlite_bind_text (stmt, 1, spec->name);
  _sl_sqlite_bind_text (stmt, 2, spec->source != NULL ? spec->source : "local");
  _sl_sqlite_bind_text (stmt, 3, spec->kind != NULL ? spec->kind : "general");
  sqlite3_bind_int (stmt, 4, spec->priority);
  _sl_sqlite_bind_text (stmt, 5, spec->alert_level != NULL ? spec->alert_level : "high");
  sqlite3_bind_int (stmt, 6, spec->covert);
  sqlite3_bind_int (stmt, 7, spec->tolerance);
  sqlite3_bind_int64 (stmt, 8, now_us);

  id = _sl_sqlite_step_id (self, stmt, error);

  if (id == 0 || !_sl_sqlite_bump_hotlist_generation (self, error))
    return _sl_sqlite_rollback (self);

  return _sl_sqlite_commit (self, error) ? id : 0;
}

static gboolean
insert_hotlist_rows (SlSqliteStore  *self,
                     gint64          list_id,
                     GArray         *rows,
                     gint64          now_us,
                     GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO hotlist_entries (list_id, plate, plate_raw, region, category, case_number,"
                             " effective_us, expires_us, created_us, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const SlHotlistRow *row = &g_array_index (rows, SlHotlistRow, i);
      int rc;

      /* the rows outlive each step: no copies */
      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_text (stmt, 2, row->plate, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->plate_raw, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->region != NULL ? row->region : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, row->category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, row->case_number, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, row->effective_us);
      sqlite3_bind_int64 (stmt, 8, row->expires_us);
      sqlite3_bind_int64 (stmt, 9, now_us);
      sqlite3_bind_int (stmt, 10, row->line);

      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _sl_sqlite_set_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
replace_hotlist (SlStore        *store,
                 gint64          list_id,
                 GArray         *rows,
                 const char     *summary_json,
                 SlAuditRecord  *record,
                 gint64          now_us,
                 GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;
  gboolean inserted;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self, "SELECT kind, name FROM hotlists WHERE id = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, list_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      kind = _sl_sqlite_column_dup (stmt, 0);
      name = _sl_sqlite_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (kind == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hot list %" G_GINT64_FORMAT, list_id);
      return _sl_sqlite_rollback (self);
    }
  if (!g_str_equal (kind, "general"))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "“%s” holds entries members made and approved; only general lists are replaced from a file",
                   name);
      return _sl_sqlite_rollback (self);
    }

  stmt = _sl_sqlite_prepare (self, "DELETE FROM hotlist_entries WHERE list_id = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, list_id);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);

  /* Every row takes the default status, which passes its CHECK; evaluating
   * that IN list builds a lookup table per row and doubles the cost of a
   * million rows. Changing the pragma recompiles the statements, so the
   * check is back for every later one. */
  if (!_sl_sqlite_exec (self, "PRAGMA ignore_check_constraints = ON", error))
    return _sl_sqlite_rollback (self);
  inserted = insert_hotlist_rows (self, list_id, rows, now_us, error);
  _sl_sqlite_exec (self, "PRAGMA ignore_check_constraints = OFF", NULL);
  if (!inserted)
    return _sl_sqlite_rollback (self);

  stmt = _sl_sqlite_prepare (self, "UPDATE hotlists SET imported_us = ?, import_summary = ? WHERE id = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);
  sqlite3_bind_int64 (stmt, 1, now_us);
  _sl_sqlite_bind_text (stmt, 2, summary_json);
  sqlite3_bind_int64 (stmt, 3, list_id);
  if (!_sl_sqlite_step_done (self, stmt, error) || !_sl_sqlite_bump_hotlist_generation (self, error) ||
      (record != NULL && !_sl_sqlite_audit_append_locked (self, record, error)))
    return _sl_sqlite_rollback (self);

  return _sl_sqlite_commit (self, error);
}

/* A million rows are a bulk load: the list's id was checked in the
 * transaction, so each row's foreign-key lookup is skipped, and the
 * journal is left for the checkpoint thread (or the last connection to
 * close) to move into the database, not this commit. */
static gboolean
store_replace_hotlist (SlStore        *store,
                       gint64          list_id,
                       GArray         *rows,
                       const char     *summary_json,
                       SlAuditRecord  *record,
                       gint64          now_us,
                       GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "PRAGMA wal_autocheckpoint", NULL);
  int autocheckpoint = 1000;
  gboolean ok;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    autocheckpoint = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  sqlite3_wal_autocheckpoint (self->db, 0);
  _sl_sqlite_exec (self, "PRAGMA foreign_keys = OFF", NULL);
  ok = replace_hotlist (store, list_id, rows, summary_json, record, now_us, error);
  _sl_sqlite_exec (self, "PRAGMA foreign_keys = ON", NULL);
  sqlite3_wal_autocheckpoint (self->db, autocheckpoint);

  return ok;
}

static gboolean
store_foreach_hotlist_entry (SlStore           *store,
                             SlMatchEntryFunc   func,
                             gpointer           data,
                             GError           **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT e.id, e.plate, e.region, l.priority, l.tolerance, e.effective_us, e.expires_us"
                             " FROM hotlist_entries e JOIN hotlists l ON l.id = e.list_id"
                             " WHERE l.active AND e.status = 'active'", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlMatchEntry entry = {
        .id = sqlite3_column_int64 (stmt, 0),
        .plate = (const char *) sqlite3_column_text (stmt, 1),
        .region = (const char *) sqlite3_column_text (stmt, 2),
        .priority = sqlite3_column_int (stmt, 3),
        .tolerance = sqlite3_column_int (stmt, 4),
        .effective_us = sqlite3_column_int64 (stmt, 5),
        .expires_us = sqlite3_column_int64 (stmt, 6),
      };

      if (!func (&entry, data))
        break;
    }

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

static void
add_text_member (JsonBuilder  *builder,
                 const char   *member,
                 sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static char *
store_dup_hotlist_entry (SlStore   *store,
                         gint64     entry_id,
                         gboolean  *covert,
                         GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt;
  gint64 expires_us;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT e.id, e.plate, e.region, e.category, e.case_number, e.synopsis, e.entered_by,"
                             " e.make, e.model, e.color, e.expires_us,"
                             " l.id, l.name, l.source, l.kind, l.alert_level, l.priority, l.covert"
                             " FROM hotlist_entries e JOIN hotlists l ON l.id = e.list_id WHERE e.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no hot-list entry %" G_GINT64_FORMAT, entry_id);
      else
        _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", sqlite3_column_int64 (stmt, 0));
  add_text_member (builder, "plate", stmt, 1);
  add_text_member (builder, "region", stmt, 2);
  add_text_member (builder, "category", stmt, 3);
  add_text_member (builder, "case_number", stmt, 4);
  add_text_member (builder, "synopsis", stmt, 5);
  add_text_member (builder, "entered_by", stmt, 6);
  add_text_member (builder, "make", stmt, 7);
  add_text_member (builder, "model", stmt, 8);
  add_text_member (builder, "color", stmt, 9);
  expires_us = sqlite3_column_int64 (stmt, 10);
  json_builder_set_member_name (builder, "expires_at");
  if (expires_us != 0)
    {
      g_autofree char *text = sl_clock_format_iso8601 (expires_us);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "list");
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", sqlite3_column_int64 (stmt, 11));
  add_text_member (builder, "name", stmt, 12);
  add_text_member (builder, "source", stmt, 13);
  add_text_member (builder, "kind", stmt, 14);
  add_text_member (builder, "alert_level", stmt, 15);
  sl_json_builder_add_int_member (builder, "priority", sqlite3_column_int (stmt, 16));
  json_builder_set_member_name (builder, "covert");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 17) != 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (covert != NULL)
    *covert = sqlite3_column_int (stmt, 17) != 0;
  sqlite3_reset (stmt);

  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static gint64
store_get_hotlist_generation (SlStore *store)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT value FROM hotlist_generation", NULL);
  gint64 value = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Alerts ------------------------------------------------------------------- */

static SlAlertInfo *
alert_from_row (sqlite3_stmt *stmt)
{
  SlAlertInfo *info = sl_alert_info_new ();
  int images = 0;

  info->id = sqlite3_column_int64 (stmt, 0);
  info->created_us = sqlite3_column_int64 (stmt, 1);
  if (!sl_alert_state_from_string ((const char *) sqlite3_column_text (stmt, 2), &info->state))
    info->state = SL_ALERT_NEW;
  info->disposition = _sl_sqlite_column_dup (stmt, 3);
  info->retro = sqlite3_column_int (stmt, 4) != 0;
  if (!sl_match_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &info->kind))
    info->kind = SL_MATCH_EXACT;
  info->matched_plate = _sl_sqlite_column_dup (stmt, 6);
  info->differing = (guint32) sqlite3_column_int64 (stmt, 7);
  info->entry_id = sqlite3_column_int64 (stmt, 8);
  info->entry_json = _sl_sqlite_column_dup (stmt, 9);
  info->covert = sqlite3_column_int (stmt, 10) != 0;
  info->camera_name = _sl_sqlite_column_dup (stmt, 11);
  info->read = _sl_sqlite_read_from_row (stmt, 12, &images);
  info->has_plate_image = (images & IMAGE_PLATE) != 0;
  info->has_overview_image = (images & IMAGE_OVERVIEW) != 0;
  return info;
}

static GPtrArray *
store_list_alerts (SlStore             *store,
                   const SlAlertQuery  *query,
                   GError             **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_alert_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " ALERT_COLUMNS " FROM alerts a"
                             " JOIN reads r ON r.id = a.read_id JOIN cameras c ON c.id = r.camera_id"
                             " WHERE (?1 IS NULL OR a.state = ?1)"
                             " AND (?2 IS NULL OR r.plate = ?2 OR a.matched_plate = ?2)"
                             " AND (?3 = 0 OR r.camera_id = ?3)"
                             " AND (?4 = 0 OR a.created_us >= ?4)"
                             " AND (?5 = 0 OR a.created_us < ?5)"
                             " AND (?6 = 0 OR a.id < ?6)"
                             " AND (?7 OR a.covert = 0)"
                             " AND (?9 = 0 OR a.read_id = ?9)"
                             " ORDER BY a.id DESC LIMIT ?8", error);
  if (stmt == NULL)
    return NULL;

  _sl_sqlite_bind_text (stmt, 1, query->state);
  _sl_sqlite_bind_text (stmt, 2, query->plate);
  sqlite3_bind_int64 (stmt, 3, query->camera_id);
  sqlite3_bind_int64 (stmt, 4, query->since_us);
  sqlite3_bind_int64 (stmt, 5, query->until_us);
  sqlite3_bind_int64 (stmt, 6, query->before_id);
  sqlite3_bind_int (stmt, 7, query->include_covert);
  sqlite3_bind_int (stmt, 8, query->limit > 0 ? query->limit : 100);
  sqlite3_bind_int64 (stmt, 9, query->read_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (alerts, alert_from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&alerts);
}

static SlAlertInfo *
store_find_alert (SlStore  *store,
                  gint64    alert_id,
                  GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(SlAlertInfo) info = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                             "SELECT " ALERT_COLUMNS " FROM alerts a"
                             " JOIN reads r ON r.id = a.read_id JOIN cameras c ON c.id = r.camera_id"
                             " WHERE a.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, alert_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = alert_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no alert %" G_GINT64_FORMAT, alert_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  stmt = _sl_sqlite_prepare (self,
                             "SELECT state, at_us, username, note, disposition FROM alert_events"
                             " WHERE alert_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  info->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_alert_event_free);
  sqlite3_bind_int64 (stmt, 1, alert_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlAlertEvent *event = g_new0 (SlAlertEvent, 1);

      if (!sl_alert_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &event->state))
        event->state = SL_ALERT_NEW;
      event->at_us = sqlite3_column_int64 (stmt, 1);
      event->username = _sl_sqlite_column_dup (stmt, 2);
      event->note = _sl_sqlite_column_dup (stmt, 3);
      event->disposition = _sl_sqlite_column_dup (stmt, 4);
      g_ptr_array_add (info->history, event);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&info);
}

static gboolean
store_set_alert_state (SlStore       *store,
                       gint64         alert_id,
                       SlAlertState   from,
                       SlAlertState   to,
                       const char    *username,
                       const char    *note,
                       const char    *disposition,
                       SlAuditRecord *record,
                       gint64         at_us,
                       GError       **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!_sl_sqlite_begin (self, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                             "UPDATE alerts SET state = ?, disposition = coalesce (?, disposition)"
                             " WHERE id = ? AND state = ?", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  sqlite3_bind_text (stmt, 1, sl_alert_state_to_string (to), -1, SQLITE_STATIC);
  _sl_sqlite_bind_text (stmt, 2, disposition);
  sqlite3_bind_int64 (stmt, 3, alert_id);
  sqlite3_bind_text (stmt, 4, sl_alert_state_to_string (from), -1, SQLITE_STATIC);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return _sl_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "Alert %" G_GINT64_FORMAT " is no longer “%s”: someone else moved it first",
                   alert_id, sl_alert_state_to_string (from));
      return _sl_sqlite_rollback (self);
    }

  stmt = _sl_sqlite_prepare (self,
                             "INSERT INTO alert_events (alert_id, state, username, note, disposition, at_us)"
                             " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return _sl_sqlite_rollback (self);

  sqlite3_bind_int64 (stmt, 1, alert_id);
  sqlite3_bind_text (stmt, 2, sl_alert_state_to_string (to), -1, SQLITE_STATIC);
  _sl_sqlite_bind_text (stmt, 3, username);
  _sl_sqlite_bind_text (stmt, 4, note);
  _sl_sqlite_bind_text (stmt, 5, disposition);
  sqlite3_bind_int64 (stmt, 6, at_us);
  if (!_sl_sqlite_step_done (self, stmt, error) ||
      !_sl_sqlite_audit_append_locked (self, record, error))
    return _sl_sqlite_rollback (self);

  return _sl_sqlite_commit (self, error);
}

static gboolean
store_read_has_alert (SlStore   *store,
                      gint64     read_id,
                      gboolean   include_covert,
                      GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gboolean found;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT 1 FROM alerts WHERE read_id = ? AND (? OR covert = 0) LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, read_id);
  sqlite3_bind_int (stmt, 2, include_covert);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  return found;
}

/* Connections ------------------------------------------------------------ */

/* Siblings work in threads of their own, where waiting for a lock (a
 * hot-list import, say) stalls nobody: they wait a minute, not seconds. */
static SlStore *
store_open_sibling (SlStore  *store,
                    GError  **error)
{
  SlStore *sibling = sl_sqlite_store_open (SL_SQLITE_STORE (store)->path, error);

  if (sibling != NULL)
    sqlite3_busy_timeout (SL_SQLITE_STORE (sibling)->db, 60000);

  return sibling;
}

static void
store_set_auto_checkpoint (SlStore  *store,
                           gboolean  enabled)
{
  sqlite3_wal_autocheckpoint (SL_SQLITE_STORE (store)->db, enabled ? 1000 : 0);
}

static gboolean
store_checkpoint (SlStore  *store,
                  GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

void
_sl_sqlite_store_detections_iface_init (SlStoreInterface *iface)
{
  iface->add_camera = store_add_camera;
  iface->find_camera_by_token = store_find_camera_by_token;
  iface->list_cameras = store_list_cameras;
  iface->touch_camera = store_touch_camera;
  iface->set_camera_token = store_set_camera_token;
  iface->add_reads = store_add_reads;
  iface->read_has_alert = store_read_has_alert;
  iface->find_read = store_find_read;
  iface->get_read_image = store_get_read_image;
  iface->ensure_hotlist = store_ensure_hotlist;
  iface->replace_hotlist = store_replace_hotlist;
  iface->foreach_hotlist_entry = store_foreach_hotlist_entry;
  iface->dup_hotlist_entry = store_dup_hotlist_entry;
  iface->get_hotlist_generation = store_get_hotlist_generation;
  iface->list_alerts = store_list_alerts;
  iface->find_alert = store_find_alert;
  iface->set_alert_state = store_set_alert_state;
  iface->open_sibling = store_open_sibling;
  iface->set_auto_checkpoint = store_set_auto_checkpoint;
  iface->checkpoint = store_checkpoint;
}
