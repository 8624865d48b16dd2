#define G_LOG_DOMAIN "sl-sqlite-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sl-sqlite-store-private.h"

static void store_iface_init (SlStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlSqliteStore, sl_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_STORE, store_iface_init))

/* Migration N brings a database from version N-1 to N; each runs in one transaction. */
static const char * const migrations[] = {
  /* 1: accounts, policy profiles and the access log */
  "CREATE TABLE policy ("
  "  id              INTEGER PRIMARY KEY,"
  "  installed_at_us INTEGER NOT NULL,"
  "  json            TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  id            INTEGER PRIMARY KEY,"
  "  username      TEXT NOT NULL UNIQUE,"
  "  full_name     TEXT NOT NULL,"
  "  badge         TEXT,"
  "  organization  TEXT,"
  "  roles         TEXT NOT NULL,"
  "  supervisor_id INTEGER REFERENCES users (id),"
  "  password_hash TEXT NOT NULL,"
  "  totp_secret   TEXT,"
  "  trained_on    TEXT,"
  "  locked_at_us  INTEGER NOT NULL DEFAULT 0,"
  "  created_at_us INTEGER NOT NULL);"
  "CREATE TABLE audit_log ("
  "  seq            INTEGER PRIMARY KEY,"
  "  time_us        INTEGER NOT NULL,"
  "  username       TEXT,"
  "  organization   TEXT,"
  "  role           TEXT,"
  "  action         TEXT NOT NULL,"
  "  plate          TEXT,"
  "  data           TEXT,"
  "  case_number    TEXT,"
  "  purpose_code   TEXT,"
  "  purpose_note   TEXT,"
  "  result_count   INTEGER NOT NULL,"
  "  outcome        TEXT NOT NULL,"
  "  client_address TEXT,"
  "  policy_version TEXT,"
  "  prev_hash      TEXT NOT NULL,"
  "  hash           TEXT NOT NULL);"
  "CREATE INDEX audit_log_username ON audit_log (username, seq);"
  "CREATE INDEX audit_log_action ON audit_log (action, seq);"
  "CREATE INDEX audit_log_case ON audit_log (case_number, seq);"
  "CREATE INDEX audit_log_plate ON audit_log (plate, seq);"
  "CREATE INDEX audit_log_time ON audit_log (time_us);"
  /* The head names the last record written, so a removed tail is detected. */
  "CREATE TABLE audit_head ("
  "  id   INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq  INTEGER NOT NULL,"
  "  hash TEXT NOT NULL);"
  "INSERT INTO audit_head VALUES (1, 0, '" SL_AUDIT_GENESIS_HASH "');"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;",

  /* 2: training history, login failures for lockout, TOTP replay protection */
  "CREATE TABLE training ("
  "  id           INTEGER PRIMARY KEY,"
  "  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  completed_on TEXT NOT NULL,"
  "  course       TEXT);"
  "CREATE INDEX training_user ON training (user_id, completed_on);"
  "INSERT INTO training (user_id, completed_on, course)"
  "  SELECT id, trained_on, 'ALPR training' FROM users WHERE trained_on IS NOT NULL;"
  "ALTER TABLE users DROP COLUMN trained_on;"
  "CREATE TABLE login_failures ("
  "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  at_us   INTEGER NOT NULL);"
  "CREATE INDEX login_failures_user ON login_failures (user_id, at_us);"
  "ALTER TABLE users ADD COLUMN totp_last_step INTEGER;",

  /* 3: cameras, reads and their images, hot lists, alerts */
  "CREATE TABLE cameras ("
  "  id                INTEGER PRIMARY KEY,"
  "  name              TEXT NOT NULL UNIQUE,"
  "  kind              TEXT NOT NULL CHECK (kind IN ('fixed', 'mobile', 'trailer')),"
  "  lat               REAL NOT NULL,"
  "  lon               REAL NOT NULL,"
  "  stream_url        TEXT,"
  "  token_hash        TEXT NOT NULL UNIQUE,"
  "  created_us        INTEGER NOT NULL,"
  "  last_read_us      INTEGER NOT NULL DEFAULT 0,"
  "  last_heartbeat_us INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE reads ("
  "  id           INTEGER PRIMARY KEY,"
  "  camera_id    INTEGER NOT NULL REFERENCES cameras (id),"
  "  plate        TEXT NOT NULL,"
  "  plate_raw    TEXT NOT NULL,"
  "  region       TEXT NOT NULL,"
  "  confidence   REAL NOT NULL,"
  "  captured_us  INTEGER NOT NULL,"
  "  received_us  INTEGER NOT NULL,"
  "  lat          REAL NOT NULL,"
  "  lon          REAL NOT NULL,"
  "  heading      REAL,"
  "  candidates   TEXT,"
  "  make         TEXT,"
  "  model        TEXT,"
  "  color        TEXT,"
  "  vehicle_type TEXT,"
  "  images       INTEGER NOT NULL DEFAULT 0);"
  /* a camera that retries a batch sends the same reads again */
  "CREATE UNIQUE INDEX reads_once ON reads (camera_id, captured_us, plate);"
  "CREATE INDEX reads_plate ON reads (plate, captured_us);"
  "CREATE TABLE read_images ("
  "  read_id INTEGER NOT NULL REFERENCES reads (id) ON DELETE CASCADE,"
  "  kind    TEXT NOT NULL CHECK (kind IN ('plate', 'overview')),"
  "  mime    TEXT NOT NULL,"
  "  data    BLOB NOT NULL,"
  "  PRIMARY KEY (read_id, kind)) WITHOUT ROWID;"
  "CREATE TABLE hotlists ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  source      TEXT NOT NULL,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('general', 'specific')),"
  "  priority    INTEGER NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 100),"
  "  alert_level TEXT NOT NULL DEFAULT 'high' CHECK (alert_level IN ('high', 'medium', 'low')),"
  "  covert      INTEGER NOT NULL DEFAULT 0,"
  "  tolerance   INTEGER NOT NULL DEFAULT 1 CHECK (tolerance BETWEEN 0 AND 2),"
  "  active      INTEGER NOT NULL DEFAULT 1,"
  "  created_us  INTEGER NOT NULL,"
  "  imported_us INTEGER NOT NULL DEFAULT 0,"
  "  import_summary TEXT);"
  "CREATE TABLE hotlist_entries ("
  "  id           INTEGER PRIMARY KEY,"
  "  list_id      INTEGER NOT NULL REFERENCES hotlists (id),"
  "  plate        TEXT NOT NULL,"
  "  plate_raw    TEXT,"
  "  region       TEXT NOT NULL DEFAULT '',"
  "  category     TEXT,"
  "  case_number  TEXT,"
  "  synopsis     TEXT,"
  "  make         TEXT,"
  "  model        TEXT,"
  "  color        TEXT,"
  "  entered_by   TEXT,"
  "  status       TEXT NOT NULL DEFAULT 'active'"
  "               CHECK (status IN ('pending', 'active', 'expired', 'removed', 'rejected')),"
  "  effective_us INTEGER NOT NULL DEFAULT 0,"
  "  expires_us   INTEGER NOT NULL DEFAULT 0,"
  "  created_us   INTEGER NOT NULL,"
  "  source_line  INTEGER);"
  "CREATE INDEX hotlist_entries_list ON hotlist_entries (list_id, status);"
  /* bumped by every change to lists or entries, so a running service rebuilds its matcher */
  "CREATE TABLE hotlist_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);"
  "INSERT INTO hotlist_generation VALUES (1, 0);"
  /* The entry is kept as it was when the alert fired: lists are replaced daily. */
  "CREATE TABLE alerts ("
  "  id            INTEGER PRIMARY KEY,"
  "  read_id       INTEGER NOT NULL REFERENCES reads (id),"
  "  entry_id      INTEGER NOT NULL,"
  "  entry         TEXT NOT NULL,"
  "  covert        INTEGER NOT NULL DEFAULT 0,"
  "  kind          TEXT NOT NULL,"
  "  matched_plate TEXT NOT NULL,"
  "  differing     INTEGER NOT NULL DEFAULT 0,"
  "  retro         INTEGER NOT NULL DEFAULT 0,"
  "  state         TEXT NOT NULL DEFAULT 'new',"
  "  disposition   TEXT,"
  "  created_us    INTEGER NOT NULL);"
  "CREATE INDEX alerts_read ON alerts (read_id);"
  "CREATE INDEX alerts_state ON alerts (state, id);"
  "CREATE TABLE alert_events ("
  "  id          INTEGER PRIMARY KEY,"
  "  alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,"
  "  state       TEXT NOT NULL,"
  "  username    TEXT,"
  "  note        TEXT,"
  "  disposition TEXT,"
  "  at_us       INTEGER NOT NULL);"
  "CREATE INDEX alert_events_alert ON alert_events (alert_id, id);",

  /* 4: searches, and what makes them fast */
  /* Time windows and the canvass of an area read this index alone. Reads
   * arrive in about the order of their time, so it grows at its end and costs
   * ingest little; an index keyed by place or plate would change pages all
   * over the file with every commit. */
  "CREATE INDEX reads_time ON reads (captured_us, lat, lon);"
  "CREATE TABLE searches ("
  "  id           INTEGER PRIMARY KEY,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('plate', 'track', 'multi_place')),"
  "  created_us   INTEGER NOT NULL,"
  "  username     TEXT NOT NULL,"
  "  case_number  TEXT NOT NULL,"
  "  purpose_code TEXT NOT NULL,"
  "  purpose_note TEXT NOT NULL,"
  "  plate        TEXT,"
  "  filters      TEXT NOT NULL,"
  "  max_read_id  INTEGER NOT NULL,"
  "  total        INTEGER NOT NULL,"
  "  result_plates TEXT);"
  "CREATE INDEX searches_user ON searches (username, id);",

  /* 5 (hl-entries, issue 5): versions and approvals of specific entries.
   * Migration 6 is hl-lists' (the import settings of lists). The versions
   * name their entry without a foreign key: only specific entries have
   * versions, and a general list's daily replace must not check them. */
  "ALTER TABLE hotlist_entries ADD COLUMN approved_by TEXT;"
  "ALTER TABLE hotlist_entries ADD COLUMN approved_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE hotlist_entries ADD COLUMN removed_by TEXT;"
  "ALTER TABLE hotlist_entries ADD COLUMN removed_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE hotlist_entries ADD COLUMN removal_reason TEXT;"
  "CREATE TABLE hotlist_entry_versions ("
  "  id            INTEGER PRIMARY KEY,"
  "  entry_id      INTEGER NOT NULL,"
  "  version       INTEGER NOT NULL,"
  "  status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),"
  "  fields        TEXT NOT NULL,"
  "  changed       TEXT NOT NULL,"
  "  author        TEXT NOT NULL,"
  "  created_us    INTEGER NOT NULL,"
  "  decided_by    TEXT,"
  "  decided_us    INTEGER NOT NULL DEFAULT 0,"
  "  decision_note TEXT,"
  "  UNIQUE (entry_id, version));"
  "CREATE UNIQUE INDEX hotlist_entry_versions_pending ON hotlist_entry_versions (entry_id)"
  "  WHERE status = 'pending';",

  /* 6 (hl-lists, issue 5): the daily import of a general list. Its state is
   * "failed" while import_failed_us is newer than imported_us, so a
   * successful replace needs no second write. */
  "ALTER TABLE hotlists ADD COLUMN import_source TEXT;"
  "ALTER TABLE hotlists ADD COLUMN import_time TEXT;"
  "ALTER TABLE hotlists ADD COLUMN import_next_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE hotlists ADD COLUMN import_failed_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE hotlists ADD COLUMN import_error TEXT;",

  /* 7 (issue 6): the share register. Requests and decisions are kept on
   * file beyond the reads they name; a package holds what was disclosed. */
  "CREATE TABLE sharing_requests ("
  "  id                INTEGER PRIMARY KEY,"
  "  received_us       INTEGER NOT NULL,"
  "  entered_by        TEXT NOT NULL,"
  "  agency_name       TEXT NOT NULL,"
  "  agency_type       TEXT NOT NULL"
  "    CHECK (agency_type IN ('law_enforcement', 'prosecutorial', 'other_public', 'private')),"
  "  jurisdiction      TEXT NOT NULL"
  "    CHECK (jurisdiction IN ('california_local', 'california_state', 'other_state', 'federal')),"
  "  requester_name    TEXT NOT NULL,"
  "  requester_contact TEXT NOT NULL,"
  "  purpose           TEXT NOT NULL,"
  "  case_number       TEXT NOT NULL,"
  "  scope             TEXT NOT NULL,"
  "  attachment_name   TEXT,"
  "  attachment_size   INTEGER NOT NULL DEFAULT 0,"
  "  attachment        BLOB,"
  "  status            TEXT NOT NULL"
  "    CHECK (status IN ('refused', 'routed_to_records', 'under_review', 'approved', 'denied')),"
  "  rule              TEXT NOT NULL,"
  "  rule_reason       TEXT NOT NULL,"
  "  rule_basis        TEXT NOT NULL,"
  "  checks            TEXT NOT NULL,"
  "  decided_by        TEXT,"
  "  decided_us        INTEGER NOT NULL DEFAULT 0,"
  "  decision_reason   TEXT,"
  "  approved_scope    TEXT,"
  "  ends_us           INTEGER NOT NULL DEFAULT 0,"
  "  disclosures       INTEGER NOT NULL DEFAULT 0,"
  "  disclosed_us      INTEGER NOT NULL DEFAULT 0,"
  "  disclosed_reads   INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX sharing_requests_status ON sharing_requests (status, id);"
  "CREATE TABLE sharing_packages ("
  "  id          INTEGER PRIMARY KEY,"
  "  request_id  INTEGER NOT NULL REFERENCES sharing_requests (id),"
  "  built_us    INTEGER NOT NULL,"
  "  built_by    TEXT NOT NULL,"
  "  reads       INTEGER NOT NULL,"
  "  images      INTEGER NOT NULL,"
  "  sha256      TEXT NOT NULL,"
  "  manifest    TEXT NOT NULL,"
  "  package     BLOB NOT NULL);"
  "CREATE INDEX sharing_packages_request ON sharing_packages (request_id, id);",

  /* 8 (issue 7): legal holds. A hold keeps reads by id (hold_reads) or by
   * plate and time; it lapses at its review date unless renewed. */
  "CREATE TABLE holds ("
  "  id           INTEGER PRIMARY KEY,"
  "  case_number  TEXT NOT NULL,"
  "  reason       TEXT NOT NULL,"
  "  created_by   TEXT NOT NULL,"
  "  created_us   INTEGER NOT NULL,"
  "  review_us    INTEGER NOT NULL,"
  "  plate        TEXT,"
  "  from_us      INTEGER NOT NULL DEFAULT 0,"
  "  to_us        INTEGER NOT NULL DEFAULT 0,"
  "  search_id    INTEGER,"
  "  released_by  TEXT,"
  "  released_us  INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX holds_plate ON holds (plate) WHERE plate IS NOT NULL;"
  "CREATE TABLE hold_reads ("
  "  hold_id  INTEGER NOT NULL REFERENCES holds (id),"
  "  read_id  INTEGER NOT NULL,"
  "  PRIMARY KEY (hold_id, read_id)) WITHOUT ROWID;"
  "CREATE INDEX hold_reads_read ON hold_reads (read_id);",

  /* 9 (issue 7): accounts unused for long are disabled; the last login is
   * kept on the account, first taken from the access log. */
  "ALTER TABLE users ADD COLUMN disabled_at_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE users ADD COLUMN last_login_us INTEGER NOT NULL DEFAULT 0;"
  "UPDATE users SET last_login_us = coalesce ((SELECT max (time_us) FROM audit_log"
  "  WHERE action = 'session.login' AND outcome = 'ok' AND audit_log.username = users.username), 0);",

  /* 10 (issue 7): compliance audits of the searches, their samples and memos. */
  "CREATE TABLE compliance_audits ("
  "  id          INTEGER PRIMARY KEY,"
  "  created_by  TEXT NOT NULL,"
  "  created_us  INTEGER NOT NULL,"
  "  from_us     INTEGER NOT NULL,"
  "  to_us       INTEGER NOT NULL,"
  "  seed        INTEGER NOT NULL,"
  "  population  INTEGER NOT NULL,"
  "  items       TEXT NOT NULL,"
  "  status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),"
  "  summary     TEXT,"
  "  closed_by   TEXT,"
  "  closed_us   INTEGER NOT NULL DEFAULT 0,"
  "  memo        BLOB);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_SQLITE_STORE_SCHEMA_VERSION);

#define USER_COLUMNS \
  "u.id, u.username, u.full_name, u.badge, u.organization, u.roles, s.username, u.password_hash," \
  " u.totp_secret, (SELECT max (completed_on) FROM training t WHERE t.user_id = u.id)," \
  " u.locked_at_us, u.created_at_us, u.disabled_at_us, u.last_login_us"

#define AUDIT_COLUMNS \
  "seq, time_us, username, organization, role, action, plate, data, case_number, purpose_code," \
  " purpose_note, result_count, outcome, client_address, policy_version, prev_hash, hash"

gboolean
_sl_sqlite_set_error (SlSqliteStore  *self,
                  int             rc,
                  GError        **error)
{
  int code = SL_ERROR_STORE;

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
           ? SL_ERROR_EXISTS : SL_ERROR_INVALID;

  g_set_error (error, SL_ERROR, code, "The database failed: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_sl_sqlite_exec (SlSqliteStore  *self,
      const char     *sql,
      GError        **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

/* Returns a cached, reset statement with no bindings. */
void
_sl_sqlite_record_set_id (SlAuditRecord *record,
                          const char    *member,
                          gint64         id)
{
  g_autoptr(JsonObject) data = record->data != NULL ? sl_json_parse_object (record->data, -1, NULL) : NULL;
  g_autoptr(JsonNode) node = NULL;

  if (data == NULL)
    data = json_object_new ();
  json_object_set_int_member (data, member, id);
  node = json_node_init_object (json_node_alloc (), data);
  g_free (record->data);
  record->data = sl_json_to_string (node, FALSE);
}

gboolean
_sl_sqlite_begin (SlSqliteStore  *self,
                  GError        **error)
{
  return _sl_sqlite_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_sl_sqlite_commit (SlSqliteStore  *self,
                   GError        **error)
{
  if (_sl_sqlite_exec (self, "COMMIT", error))
    return TRUE;

  _sl_sqlite_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
_sl_sqlite_rollback (SlSqliteStore *self)
{
  _sl_sqlite_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

sqlite3_stmt *
_sl_sqlite_prepare (SlSqliteStore  *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
_sl_sqlite_step_done (SlSqliteStore  *self,
           sqlite3_stmt   *stmt,
           GError        **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

/* Steps an INSERT … RETURNING id: the new row's id, or 0 with @error. */
gint64
_sl_sqlite_step_id (SlSqliteStore  *self,
                    sqlite3_stmt   *stmt,
                    GError        **error)
{
  gint64 id = 0;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    _sl_sqlite_set_error (self, rc, error);
  /* blobs are bound SQLITE_STATIC: let go of them */
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  return id;
}

/* One number @sql selects, with ?1 and ?2 bound to @first and @second. */
gboolean
_sl_sqlite_count (SlSqliteStore  *self,
                  const char     *sql,
                  gint64          first,
                  gint64          second,
                  gint64         *count,
                  GError        **error)
{
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, second);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc, error);
  return TRUE;
}

void
_sl_sqlite_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

char *
_sl_sqlite_column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static SlUser *
user_from_row (sqlite3_stmt *stmt)
{
  SlUser *user = sl_user_new ();

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = _sl_sqlite_column_dup (stmt, 1);
  user->full_name = _sl_sqlite_column_dup (stmt, 2);
  user->badge = _sl_sqlite_column_dup (stmt, 3);
  user->organization = _sl_sqlite_column_dup (stmt, 4);
  if (!sl_roles_parse ((const char *) sqlite3_column_text (stmt, 5), &user->roles, NULL))
    user->roles = SL_ROLE_NONE;
  user->supervisor = _sl_sqlite_column_dup (stmt, 6);
  user->password_hash = _sl_sqlite_column_dup (stmt, 7);
  user->totp_secret = _sl_sqlite_column_dup (stmt, 8);
  user->trained_on = _sl_sqlite_column_dup (stmt, 9);
  user->locked_at_us = sqlite3_column_int64 (stmt, 10);
  user->created_at_us = sqlite3_column_int64 (stmt, 11);
  user->disabled_at_us = sqlite3_column_int64 (stmt, 12);
  user->last_login_us = sqlite3_column_int64 (stmt, 13);
  return user;
}

static SlAuditRecord *
audit_from_row (sqlite3_stmt *stmt)
{
  SlAuditRecord *record = g_new0 (SlAuditRecord, 1);

  record->seq = sqlite3_column_int64 (stmt, 0);
  record->time_us = sqlite3_column_int64 (stmt, 1);
  record->username = _sl_sqlite_column_dup (stmt, 2);
  record->organization = _sl_sqlite_column_dup (stmt, 3);
  record->role = _sl_sqlite_column_dup (stmt, 4);
  record->action = _sl_sqlite_column_dup (stmt, 5);
  record->plate = _sl_sqlite_column_dup (stmt, 6);
  record->data = _sl_sqlite_column_dup (stmt, 7);
  record->case_number = _sl_sqlite_column_dup (stmt, 8);
  record->purpose_code = _sl_sqlite_column_dup (stmt, 9);
  record->purpose_note = _sl_sqlite_column_dup (stmt, 10);
  record->result_count = sqlite3_column_int64 (stmt, 11);
  record->outcome = _sl_sqlite_column_dup (stmt, 12);
  record->client_address = _sl_sqlite_column_dup (stmt, 13);
  record->policy_version = _sl_sqlite_column_dup (stmt, 14);
  record->prev_hash = _sl_sqlite_column_dup (stmt, 15);
  record->hash = _sl_sqlite_column_dup (stmt, 16);
  return record;
}

static int
read_user_version (SlSqliteStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (SlSqliteStore  *self,
         int             target,
         GError        **error)
{
  int version = read_user_version (self);

  if (version < 0)
    return _sl_sqlite_set_error (self, SQLITE_ERROR, error);

  if (version > SL_SQLITE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE,
                   "%s was written by a newer Sightline (schema %d; this one knows up to %d)",
                   self->path, version, SL_SQLITE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      g_autoptr(GError) local_error = NULL;

      if (!_sl_sqlite_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!_sl_sqlite_exec (self, migrations[version], &local_error) ||
          !_sl_sqlite_exec (self, bump, &local_error) ||
          !_sl_sqlite_exec (self, "COMMIT", &local_error))
        {
          _sl_sqlite_exec (self, "ROLLBACK", NULL);
          g_set_error (error, SL_ERROR, SL_ERROR_STORE,
                       "Could not upgrade %s to schema %d: %s", self->path, version + 1, local_error->message);
          return FALSE;
        }

      g_debug ("Upgraded %s to schema %d", self->path, version + 1);
    }

  self->schema_version = version;
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sl_sqlite_store_finalize (GObject *object)
{
  SlSqliteStore *self = (SlSqliteStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->plate_cache, _sl_plate_cache_free);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (sl_sqlite_store_parent_class)->finalize (object);
}

static void
sl_sqlite_store_class_init (SlSqliteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_sqlite_store_finalize;
}

static void
sl_sqlite_store_init (SlSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

static int
store_get_schema_version (SlStore *store)
{
  return SL_SQLITE_STORE (store)->schema_version;
}

static gboolean
store_set_policy (SlStore     *store,
                  const char  *policy_json,
                  gint64       now_us,
                  GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "INSERT INTO policy (installed_at_us, json) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_us);
  _sl_sqlite_bind_text (stmt, 2, policy_json);
  return _sl_sqlite_step_done (self, stmt, error);
}

static char *
store_dup_policy (SlStore  *store,
                  GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT json FROM policy ORDER BY id DESC LIMIT 1", error);
  char *json = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = _sl_sqlite_column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 "%s has no policy profile; run “sightlined init --db %s --policy NAME”", self->path, self->path);
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return json;
}

/* Resolves a supervisor's username; 0 for none. */
static gboolean
lookup_user_id (SlSqliteStore  *self,
                const char     *username,
                gint64         *id,
                GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *id = 0;
  if (username == NULL)
    return TRUE;

  stmt = _sl_sqlite_prepare (self, "SELECT id FROM users WHERE username = ?", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no user “%s”", username);
  return FALSE;
}

static gboolean
store_add_user (SlStore  *store,
                SlUser   *user,
                GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autofree char *roles = sl_roles_to_string (user->roles);
  sqlite3_stmt *stmt;
  gint64 supervisor_id;
  int rc;

  if (!lookup_user_id (self, user->supervisor, &supervisor_id, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                  "INSERT INTO users (username, full_name, badge, organization, roles, supervisor_id,"
                  " password_hash, totp_secret, locked_at_us, created_at_us)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, user->username);
  _sl_sqlite_bind_text (stmt, 2, user->full_name);
  _sl_sqlite_bind_text (stmt, 3, user->badge);
  _sl_sqlite_bind_text (stmt, 4, user->organization);
  _sl_sqlite_bind_text (stmt, 5, roles);
  if (supervisor_id > 0)
    sqlite3_bind_int64 (stmt, 6, supervisor_id);
  _sl_sqlite_bind_text (stmt, 7, user->password_hash);
  _sl_sqlite_bind_text (stmt, 8, user->totp_secret);
  sqlite3_bind_int64 (stmt, 9, user->locked_at_us);
  sqlite3_bind_int64 (stmt, 10, user->created_at_us);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_EXISTS, "A user “%s” already exists", user->username);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  user->id = sqlite3_last_insert_rowid (self->db);

  if (user->trained_on != NULL)
    return sl_store_add_training (store, user->username, user->trained_on, "ALPR training", error);

  return TRUE;
}

static SlUser *
store_find_user (SlStore     *store,
                 const char  *username,
                 GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  SlUser *user = NULL;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                  "SELECT " USER_COLUMNS " FROM users u LEFT JOIN users s ON s.id = u.supervisor_id"
                  " WHERE u.username = ?", error);
  if (stmt == NULL)
    return NULL;

  _sl_sqlite_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    user = user_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no user “%s”", username);
  else
    _sl_sqlite_set_error (self, rc, error);

  sqlite3_reset (stmt);
  return user;
}

static GPtrArray *
store_list_users (SlStore  *store,
                  GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_user_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self,
                  "SELECT " USER_COLUMNS " FROM users u LEFT JOIN users s ON s.id = u.supervisor_id"
                  " ORDER BY u.username", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&users);
}

static gboolean
store_update_user (SlStore       *store,
                   const SlUser  *user,
                   GError       **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autofree char *roles = sl_roles_to_string (user->roles);
  sqlite3_stmt *stmt;
  gint64 supervisor_id;

  if (!lookup_user_id (self, user->supervisor, &supervisor_id, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self,
                  "UPDATE users SET full_name = ?, badge = ?, organization = ?, roles = ?, supervisor_id = ?,"
                  " password_hash = ?, totp_secret = ?, locked_at_us = ?, disabled_at_us = ?, last_login_us = ?"
                  " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _sl_sqlite_bind_text (stmt, 1, user->full_name);
  _sl_sqlite_bind_text (stmt, 2, user->badge);
  _sl_sqlite_bind_text (stmt, 3, user->organization);
  _sl_sqlite_bind_text (stmt, 4, roles);
  if (supervisor_id > 0)
    sqlite3_bind_int64 (stmt, 5, supervisor_id);
  _sl_sqlite_bind_text (stmt, 6, user->password_hash);
  _sl_sqlite_bind_text (stmt, 7, user->totp_secret);
  sqlite3_bind_int64 (stmt, 8, user->locked_at_us);
  sqlite3_bind_int64 (stmt, 9, user->disabled_at_us);
  sqlite3_bind_int64 (stmt, 10, user->last_login_us);
  sqlite3_bind_int64 (stmt, 11, user->id);

  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "There is no user “%s”", user->username);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_add_training (SlStore     *store,
                    const char  *username,
                    const char  *completed_on,
                    const char  *course,
                    GError     **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 user_id;
  GDate date;

  if (!sl_date_parse (completed_on, &date, error) ||
      !lookup_user_id (self, username, &user_id, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self, "INSERT INTO training (user_id, completed_on, course) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  _sl_sqlite_bind_text (stmt, 2, completed_on);
  _sl_sqlite_bind_text (stmt, 3, course != NULL ? course : "ALPR training");
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
store_add_login_failure (SlStore  *store,
                         gint64    user_id,
                         gint64    at_us,
                         GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "INSERT INTO login_failures (user_id, at_us) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, at_us);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gint64
store_count_login_failures (SlStore  *store,
                            gint64    user_id,
                            gint64    since_us,
                            GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT count (*) FROM login_failures WHERE user_id = ? AND at_us >= ?", error);
  gint64 count = -1;
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, since_us);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _sl_sqlite_set_error (self, rc, error);
  sqlite3_reset (stmt);

  return count;
}

static gboolean
store_clear_login_failures (SlStore  *store,
                            gint64    user_id,
                            GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "DELETE FROM login_failures WHERE user_id = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gint64
store_get_totp_last_step (SlStore *store,
                          gint64   user_id)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT totp_last_step FROM users WHERE id = ?", NULL);
  gint64 step = G_MININT64;

  if (stmt == NULL)
    return G_MAXINT64;

  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    step = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return step;
}

static gboolean
store_set_totp_last_step (SlStore  *store,
                          gint64    user_id,
                          gint64    step,
                          GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "UPDATE users SET totp_last_step = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, step);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
store_lock_user (SlStore  *store,
                 gint64    user_id,
                 gint64    at_us,
                 GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "UPDATE users SET locked_at_us = ? WHERE id = ? AND locked_at_us = 0",
                                           error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at_us);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return _sl_sqlite_step_done (self, stmt, error);
}

gboolean
_sl_sqlite_audit_append_locked (SlSqliteStore  *self,
                     SlAuditRecord  *record,
                     GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_sqlite_prepare (self, "SELECT seq, hash FROM audit_head WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _sl_sqlite_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
    }

  record->seq = sqlite3_column_int64 (stmt, 0) + 1;
  g_free (record->prev_hash);
  record->prev_hash = _sl_sqlite_column_dup (stmt, 1);
  sqlite3_reset (stmt);

  g_free (record->hash);
  record->hash = sl_audit_record_compute_hash (record);

  stmt = _sl_sqlite_prepare (self, "INSERT INTO audit_log (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, record->seq);
  sqlite3_bind_int64 (stmt, 2, record->time_us);
  _sl_sqlite_bind_text (stmt, 3, record->username);
  _sl_sqlite_bind_text (stmt, 4, record->organization);
  _sl_sqlite_bind_text (stmt, 5, record->role);
  _sl_sqlite_bind_text (stmt, 6, record->action);
  _sl_sqlite_bind_text (stmt, 7, record->plate);
  _sl_sqlite_bind_text (stmt, 8, record->data);
  _sl_sqlite_bind_text (stmt, 9, record->case_number);
  _sl_sqlite_bind_text (stmt, 10, record->purpose_code);
  _sl_sqlite_bind_text (stmt, 11, record->purpose_note);
  sqlite3_bind_int64 (stmt, 12, record->result_count);
  _sl_sqlite_bind_text (stmt, 13, record->outcome);
  _sl_sqlite_bind_text (stmt, 14, record->client_address);
  _sl_sqlite_bind_text (stmt, 15, record->policy_version);
  _sl_sqlite_bind_text (stmt, 16, record->prev_hash);
  _sl_sqlite_bind_text (stmt, 17, record->hash);
  if (!_sl_sqlite_step_done (self, stmt, error))
    return FALSE;

  stmt = _sl_sqlite_prepare (self, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, record->seq);
  _sl_sqlite_bind_text (stmt, 2, record->hash);
  return _sl_sqlite_step_done (self, stmt, error);
}

static gboolean
store_audit_append (SlStore        *store,
                    SlAuditRecord  *record,
                    GError        **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GError) local_error = NULL;

  if (!_sl_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!_sl_sqlite_audit_append_locked (self, record, &local_error) ||
      !_sl_sqlite_exec (self, "COMMIT", &local_error))
    {
      _sl_sqlite_exec (self, "ROLLBACK", NULL);
      g_clear_pointer (&record->hash, g_free);
      g_set_error (error, SL_ERROR, SL_ERROR_STORE,
                   "The access log could not be written: %s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
store_audit_query (SlStore             *store,
                   const SlAuditQuery  *query,
                   GError             **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_audit_record_free);
  g_autoptr(GString) sql = g_string_new ("SELECT " AUDIT_COLUMNS " FROM audit_log WHERE 1");
  g_autofree char *action_prefix = NULL;
  sqlite3_stmt *stmt = NULL;
  int index = 1;
  int rc;

  /* Dynamic SQL: built from fixed fragments only, values always bound. */
  if (query->username != NULL)
    g_string_append (sql, " AND username = ?");
  if (query->action != NULL)
    {
      if (g_str_has_suffix (query->action, "."))
        {
          g_string_append (sql, " AND substr (action, 1, ?) = ?");
          action_prefix = g_strdup (query->action);
        }
      else
        g_string_append (sql, " AND action = ?");
    }
  if (query->case_number != NULL)
    g_string_append (sql, " AND case_number = ?");
  if (query->plate != NULL)
    g_string_append (sql, " AND plate = ?");
  if (query->since_us > 0)
    g_string_append (sql, " AND time_us >= ?");
  if (query->until_us > 0)
    g_string_append (sql, " AND time_us < ?");
  if (query->before_seq > 0)
    g_string_append (sql, " AND seq < ?");
  g_string_append (sql, " ORDER BY seq DESC LIMIT ?");

  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  if (query->username != NULL)
    _sl_sqlite_bind_text (stmt, index++, query->username);
  if (action_prefix != NULL)
    {
      sqlite3_bind_int (stmt, index++, (int) strlen (action_prefix));
      _sl_sqlite_bind_text (stmt, index++, action_prefix);
    }
  else if (query->action != NULL)
    _sl_sqlite_bind_text (stmt, index++, query->action);
  if (query->case_number != NULL)
    _sl_sqlite_bind_text (stmt, index++, query->case_number);
  if (query->plate != NULL)
    _sl_sqlite_bind_text (stmt, index++, query->plate);
  if (query->since_us > 0)
    sqlite3_bind_int64 (stmt, index++, query->since_us);
  if (query->until_us > 0)
    sqlite3_bind_int64 (stmt, index++, query->until_us);
  if (query->before_seq > 0)
    sqlite3_bind_int64 (stmt, index++, query->before_seq);
  sqlite3_bind_int64 (stmt, index++, query->limit > 0 ? query->limit : 100);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, audit_from_row (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _sl_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

static gboolean
store_audit_foreach (SlStore   *store,
                     gboolean (*func) (const SlAuditRecord *record, gpointer data),
                     gpointer   data,
                     GError   **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not cached: a walk may outlive other uses of the same statement. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _sl_sqlite_set_error (self, rc, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(SlAuditRecord) record = audit_from_row (stmt);

      if (!func (record, data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _sl_sqlite_set_error (self, rc, error);

  return TRUE;
}

static gboolean
store_audit_get_head (SlStore  *store,
                      gint64   *seq,
                      char    **hash,
                      GError  **error)
{
  SlSqliteStore *self = SL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _sl_sqlite_prepare (self, "SELECT seq, hash FROM audit_head WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *hash = _sl_sqlite_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return _sl_sqlite_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);

  return TRUE;
}

static void
store_iface_init (SlStoreInterface *iface)
{
  iface->get_schema_version = store_get_schema_version;
  iface->set_policy = store_set_policy;
  iface->dup_policy = store_dup_policy;
  iface->add_user = store_add_user;
  iface->find_user = store_find_user;
  iface->list_users = store_list_users;
  iface->update_user = store_update_user;
  iface->add_training = store_add_training;
  iface->add_login_failure = store_add_login_failure;
  iface->count_login_failures = store_count_login_failures;
  iface->clear_login_failures = store_clear_login_failures;
  iface->get_totp_last_step = store_get_totp_last_step;
  iface->set_totp_last_step = store_set_totp_last_step;
  iface->lock_user = store_lock_user;
  iface->audit_append = store_audit_append;
  iface->audit_query = store_audit_query;
  iface->audit_foreach = store_audit_foreach;
  iface->audit_get_head = store_audit_get_head;

  _sl_sqlite_store_detections_iface_init (iface);
  _sl_sqlite_store_search_iface_init (iface);
  _sl_sqlite_store_hotlist_lists_iface_init (iface);
  _sl_sqlite_store_hotlists_iface_init (iface);
  _sl_sqlite_store_sharing_iface_init (iface);
  _sl_sqlite_store_retention_iface_init (iface);
  _sl_sqlite_store_compliance_iface_init (iface);
  _sl_sqlite_store_reports_iface_init (iface);
}

SlStore *
sl_sqlite_store_open_at_version (const char  *path,
                                 int          version,
                                 GError     **error)
{
  g_autoptr(SlSqliteStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= SL_SQLITE_STORE_SCHEMA_VERSION, NULL);

  self = g_object_new (SL_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "Could not open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* Durable before acknowledged; deleted rows overwritten, not left in free pages. */
  if (!_sl_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_sl_sqlite_exec (self, "PRAGMA synchronous = FULL", error) ||
      !_sl_sqlite_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_sl_sqlite_exec (self, "PRAGMA secure_delete = ON", error) ||
      !_sl_sqlite_exec (self, "PRAGMA cache_size = -65536", error) ||
      !_sl_sqlite_search_prepare_connection (self) ||
      !migrate (self, version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return SL_STORE (g_steal_pointer (&self));
}

/**
 * sl_sqlite_store_open_readonly:
 * @path: an existing database file
 *
 * Opens the database for reading only, as for checking an evidence copy:
 * nothing is written to the file, so a database of another schema version is
 * refused, not upgraded.
 *
 * Returns: (transfer full): the store, or %NULL with %SL_ERROR_STORE
 */
SlStore *
sl_sqlite_store_open_readonly (const char  *path,
                               GError     **error)
{
  g_autoptr(SlSqliteStore) self = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SL_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "Could not open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  _sl_sqlite_search_prepare_connection (self);

  version = read_user_version (self);
  if (version < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "Could not read %s: %s", path, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (version == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "%s is not a Sightline database", path);
      return NULL;
    }
  if (version > SL_SQLITE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE,
                   "%s was written by a newer Sightline (schema %d; this one knows up to %d); "
                   "read it with that version", path, version, SL_SQLITE_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version < SL_SQLITE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE,
                   "%s has the older schema %d (this Sightline reads %d) and is opened read-only, "
                   "so it is not upgraded; read it with the Sightline that wrote it, or upgrade a copy",
                   path, version, SL_SQLITE_STORE_SCHEMA_VERSION);
      return NULL;
    }

  self->schema_version = version;
  return SL_STORE (g_steal_pointer (&self));
}

/**
 * sl_sqlite_store_open:
 * @path: the database file; created when missing
 *
 * Opens the database and brings its schema up to date.
 *
 * Returns: (transfer full): the store
 */
SlStore *
sl_sqlite_store_open (const char  *path,
                      GError     **error)
{
  return sl_sqlite_store_open_at_version (path, SL_SQLITE_STORE_SCHEMA_VERSION, error);
}
