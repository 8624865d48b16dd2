#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sl-mbtiles.h"
#include "sl-sqlite-store.h"
#include "sl-test-mbtiles.h"

typedef struct
{
  char    *dir;
  char    *path;
  SlStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sightline-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sightline.db", NULL);
  fixture->store = sl_sqlite_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A second connection, as an attacker with file access or an old release would have:
 * sl_test_exec_sql(), and this. */
static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static SlUser *
make_user (const char *username,
           SlRoles     roles,
           const char *supervisor)
{
  SlUser *user = sl_user_new ();

  user->username = g_strdup (username);
  user->full_name = g_strdup ("Test Member");
  user->badge = g_strdup ("4711");
  user->organization = g_strdup ("CA0010900");
  user->roles = roles;
  user->supervisor = g_strdup (supervisor);
  user->password_hash = g_strdup ("$argon2id$placeholder");
  user->created_at_us = 1;
  return user;
}

static void
append (SlStore    *store,
        const char *username,
        const char *action,
        const char *plate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = sl_audit_record_new (action, "ok");

  record->time_us = g_get_real_time ();
  record->username = g_strdup (username);
  record->plate = g_strdup (plate);
  record->case_number = g_strdup (plate != NULL ? "26-000001" : NULL);
  g_assert_true (sl_store_audit_append (store, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (record->hash), ==, 64);
}

static void
assert_chain_broken_at (SlStore    *store,
                        gint64      seq,
                        const char *reason_part)
{
  g_autoptr(GError) error = NULL;
  SlAuditVerification result;

  g_assert_true (sl_store_audit_verify (store, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.first_bad_seq, ==, seq);
  g_assert_nonnull (result.reason);
  g_assert_nonnull (strstr (result.reason, reason_part));
  sl_audit_verification_clear (&result);
}

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_cmpint (sl_store_get_schema_version (fixture->store), ==, SL_SQLITE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (fixture->path, "PRAGMA user_version"), ==, SL_SQLITE_STORE_SCHEMA_VERSION);
  /* WAL is a property of the file; synchronous and foreign keys are per connection (checked by use). */
  g_assert_cmpint (raw_int (fixture->path, "SELECT count (*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
}

static void
test_migrate_from_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sightline-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(SlStore) old = sl_sqlite_store_open_at_version (path, 1, &error);
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlUser) user = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sl_store_get_schema_version (old), ==, 1);
  append (old, "console:root", "policy.install", NULL);
  g_clear_object (&old);

  /* A member as the first release stored one, training on the row itself. */
  sl_test_exec_sql (path, "INSERT INTO users (username, full_name, roles, password_hash, trained_on, created_at_us)"
                  " VALUES ('jdoe', 'Jane Doe', 'officer', 'x', '2026-03-01', 1)");

  store = sl_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_store_get_schema_version (store), ==, SL_SQLITE_STORE_SCHEMA_VERSION);

  user = sl_store_find_user (store, "jdoe", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->trained_on, ==, "2026-03-01");
  g_assert_cmpint (raw_int (path, "SELECT count (*) FROM training"), ==, 1);

  /* The access log came through the upgrade intact. */
  {
    SlAuditVerification result;

    g_assert_true (sl_store_audit_verify (store, &result, &error));
    g_assert_cmpint (result.n_records, ==, 1);
    g_assert_cmpint (result.first_bad_seq, ==, 0);
  }

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_refuses_newer_schema (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;

  g_clear_object (&fixture->store);
  sl_test_exec_sql (fixture->path, "PRAGMA user_version = 99");

  store = sl_sqlite_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, SL_ERROR, SL_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = sl_store_dup_policy (fixture->store, &error);
  g_autofree char *latest = NULL;

  g_assert_null (none);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "sightlined init"));
  g_clear_error (&error);

  g_assert_true (sl_store_set_policy (fixture->store, "{\"id\":\"one\"}", 1, &error));
  g_assert_true (sl_store_set_policy (fixture->store, "{\"id\":\"two\"}", 2, &error));
  latest = sl_store_dup_policy (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (latest, ==, "{\"id\":\"two\"}");
}

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) sergeant = make_user ("sgt", SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR, NULL);
  g_autoptr(SlUser) officer = make_user ("jdoe", SL_ROLE_OFFICER, "sgt");
  g_autoptr(SlUser) again = make_user ("jdoe", SL_ROLE_OFFICER, NULL);
  g_autoptr(SlUser) orphan = make_user ("orphan", SL_ROLE_OFFICER, "nobody");
  g_autoptr(SlUser) found = NULL;
  g_autoptr(GPtrArray) all = NULL;

  officer->trained_on = g_strdup ("2026-01-15");
  g_assert_true (sl_store_add_user (fixture->store, sergeant, &error));
  g_assert_true (sl_store_add_user (fixture->store, officer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (officer->id, >, sergeant->id);

  g_assert_false (sl_store_add_user (fixture->store, again, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_false (sl_store_add_user (fixture->store, orphan, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_clear_error (&error);

  found = sl_store_find_user (fixture->store, "jdoe", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->supervisor, ==, "sgt");
  g_assert_cmpstr (found->trained_on, ==, "2026-01-15");
  g_assert_cmpint (found->roles, ==, SL_ROLE_OFFICER);

  /* The newest training counts. */
  g_assert_true (sl_store_add_training (fixture->store, "jdoe", "2026-06-01", "Annual refresher", &error));
  g_assert_false (sl_store_add_training (fixture->store, "jdoe", "June 1st", NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_clear_error (&error);

  found->locked_at_us = 42;
  g_assert_true (sl_store_update_user (fixture->store, found, &error));
  g_clear_pointer (&found, sl_user_free);
  found = sl_store_find_user (fixture->store, "jdoe", &error);
  g_assert_cmpint (found->locked_at_us, ==, 42);
  g_assert_cmpstr (found->trained_on, ==, "2026-06-01");

  g_assert_null (sl_store_find_user (fixture->store, "ghost", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  all = sl_store_list_users (fixture->store, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((SlUser *) all->pdata[0])->username, ==, "jdoe");
}

static void
test_login_failures (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlUser) user = make_user ("jdoe", SL_ROLE_OFFICER, NULL);

  g_assert_true (sl_store_add_user (fixture->store, user, &error));
  for (gint64 t = 100; t <= 500; t += 100)
    g_assert_true (sl_store_add_login_failure (fixture->store, user->id, t, &error));

  g_assert_cmpint (sl_store_count_login_failures (fixture->store, user->id, 0, &error), ==, 5);
  g_assert_cmpint (sl_store_count_login_failures (fixture->store, user->id, 300, &error), ==, 3);
  g_assert_true (sl_store_clear_login_failures (fixture->store, user->id, &error));
  g_assert_cmpint (sl_store_count_login_failures (fixture->store, user->id, 0, &error), ==, 0);

  g_assert_cmpint (sl_store_get_totp_last_step (fixture->store, user->id), ==, G_MININT64);
  g_assert_true (sl_store_set_totp_last_step (fixture->store, user->id, 77, &error));
  g_assert_cmpint (sl_store_get_totp_last_step (fixture->store, user->id), ==, 77);
  g_assert_no_error (error);
}

static void
test_audit_chain_intact (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlAuditVerification result;

  g_assert_true (sl_store_audit_verify (fixture->store, &result, &error));
  g_assert_cmpint (result.n_records, ==, 0);
  g_assert_cmpint (result.first_bad_seq, ==, 0);

  for (guint i = 0; i < 20; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  g_assert_true (sl_store_audit_verify (fixture->store, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.n_records, ==, 20);
  g_assert_cmpint (result.first_bad_seq, ==, 0);
  g_assert_null (result.reason);
}

static void
test_audit_append_only (Fixture       *fixture,
                        gconstpointer  data)
{
  sqlite3 *db = NULL;

  append (fixture->store, "jdoe", "session.login", NULL);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET username = 'x'", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
  g_assert_cmpint (raw_int (fixture->path, "SELECT count (*) FROM audit_log"), ==, 1);
}

#define DROP_GUARDS "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"

static void
test_audit_detects_edit (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  sl_test_exec_sql (fixture->path, DROP_GUARDS "UPDATE audit_log SET plate = '8XYZ999' WHERE seq = 4");
  assert_chain_broken_at (fixture->store, 4, "changed");
}

static void
test_audit_detects_rehash (Fixture       *fixture,
                           gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  /* An editor who also fixes the edited record's own hash breaks the next link. */
  sl_test_exec_sql (fixture->path, DROP_GUARDS "UPDATE audit_log SET hash = 'f00d' WHERE seq = 6");
  assert_chain_broken_at (fixture->store, 6, "changed");
}

static void
test_audit_detects_deletion (Fixture       *fixture,
                             gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  sl_test_exec_sql (fixture->path, DROP_GUARDS "DELETE FROM audit_log WHERE seq = 5");
  assert_chain_broken_at (fixture->store, 5, "missing");
}

static void
test_audit_detects_renumbered_deletion (Fixture       *fixture,
                                        gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  /* Closing the gap by renumbering still breaks the chain. */
  sl_test_exec_sql (fixture->path, DROP_GUARDS "DELETE FROM audit_log WHERE seq = 5;"
                           "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
  assert_chain_broken_at (fixture->store, 5, "predecessor");
}

static void
test_audit_detects_reorder (Fixture       *fixture,
                            gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, i % 2 ? "alice" : "bob", "search.plate", "7ABC123");

  sl_test_exec_sql (fixture->path, DROP_GUARDS
            "UPDATE audit_log SET seq = -3 WHERE seq = 3;"
            "UPDATE audit_log SET seq = 3 WHERE seq = 4;"
            "UPDATE audit_log SET seq = 4 WHERE seq = -3;");
  assert_chain_broken_at (fixture->store, 3, "predecessor");
}

static void
test_audit_detects_truncation (Fixture       *fixture,
                               gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    append (fixture->store, "jdoe", "search.plate", "7ABC123");

  sl_test_exec_sql (fixture->path, DROP_GUARDS "DELETE FROM audit_log WHERE seq > 8");
  assert_chain_broken_at (fixture->store, 9, "removed");
}

static void
test_audit_query (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page1 = NULL;
  g_autoptr(GPtrArray) page2 = NULL;
  g_autoptr(GPtrArray) logins = NULL;
  g_autoptr(GPtrArray) plates = NULL;
  SlAuditQuery query = { 0 };

  for (guint i = 0; i < 5; i++)
    {
      append (fixture->store, "alice", "session.login", NULL);
      append (fixture->store, "bob", "search.plate", "7ABC123");
      append (fixture->store, "bob", "session.logout", NULL);
    }

  query.username = "bob";
  query.limit = 4;
  page1 = sl_store_audit_query (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page1->len, ==, 4);
  g_assert_cmpint (((SlAuditRecord *) page1->pdata[0])->seq, ==, 15);

  /* The next page starts below the last record seen, newest first. */
  query.before_seq = ((SlAuditRecord *) page1->pdata[3])->seq;
  page2 = sl_store_audit_query (fixture->store, &query, &error);
  g_assert_cmpuint (page2->len, ==, 4);
  g_assert_cmpint (((SlAuditRecord *) page2->pdata[0])->seq, <, query.before_seq);

  memset (&query, 0, sizeof query);
  query.action = "session.";
  logins = sl_store_audit_query (fixture->store, &query, &error);
  g_assert_cmpuint (logins->len, ==, 10);

  memset (&query, 0, sizeof query);
  query.plate = "7ABC123";
  query.case_number = "26-000001";
  plates = sl_store_audit_query (fixture->store, &query, &error);
  g_assert_cmpuint (plates->len, ==, 5);
  for (guint i = 0; i < plates->len; i++)
    g_assert_cmpstr (((SlAuditRecord *) plates->pdata[i])->action, ==, "search.plate");
}

/* MBTiles: the offline map the service serves */

#define PNG_MAGIC "\x89PNG\r\n\x1a\n"

static GBytes *
fake_image (const char *magic,
            const char *mark)
{
  char *data = g_strconcat (magic, mark, NULL);

  return g_bytes_new_take (data, strlen (data));
}

static char *
make_png_mbtiles (const char *dir,
                  const char *name,
                  const char *format)
{
  g_autoptr(GBytes) top = fake_image (PNG_MAGIC, "top");
  g_autoptr(GBytes) bottom = fake_image (PNG_MAGIC, "bottom");

  return sl_test_make_mbtiles (dir, name, format, top, bottom);
}

static void
test_mbtiles_tms_rows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-mbtiles-XXXXXX", NULL);
  g_autofree char *path = make_png_mbtiles (dir, "oakland.mbtiles", "png");
  g_autoptr(GBytes) expected_top = fake_image (PNG_MAGIC, "top");
  g_autoptr(GBytes) expected_bottom = fake_image (PNG_MAGIC, "bottom");
  g_autoptr(SlMbtiles) tiles = NULL;
  g_autoptr(GBytes) top = NULL;
  g_autoptr(GBytes) bottom = NULL;
  g_autoptr(GError) error = NULL;

  /* opened read-only, so a file nobody may write is fine */
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  tiles = sl_mbtiles_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_mbtiles_get_format (tiles), ==, "png");
  g_assert_cmpstr (sl_mbtiles_get_content_type (tiles), ==, "image/png");
  g_assert_cmpstr (sl_mbtiles_get_name (tiles), ==, "Test Oakland");
  g_assert_cmpstr (sl_mbtiles_get_attribution (tiles), ==, "© Example Maps");
  g_assert_cmpint (sl_mbtiles_get_min_zoom (tiles), ==, 0);
  g_assert_cmpint (sl_mbtiles_get_max_zoom (tiles), ==, 3);

  /* XYZ row 0 is the file's last TMS row */
  top = sl_mbtiles_read_tile (tiles, SL_TEST_MBTILES_ZOOM, SL_TEST_MBTILES_X, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (top, expected_top));
  bottom = sl_mbtiles_read_tile (tiles, SL_TEST_MBTILES_ZOOM, SL_TEST_MBTILES_X, 3, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bottom, expected_bottom));

  g_clear_pointer (&tiles, sl_mbtiles_free);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_mbtiles_missing_tile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-mbtiles-XXXXXX", NULL);
  g_autofree char *path = make_png_mbtiles (dir, "sparse.mbtiles", "png");
  g_autoptr(SlMbtiles) tiles = sl_mbtiles_open (path, NULL);
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  const int outside[][3] = { { 2, 0, 0 }, { 9, 0, 0 }, { 2, -1, 0 }, { 2, 4, 0 }, { 2, 1, 4 } };

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      none = sl_mbtiles_read_tile (tiles, outside[i][0], outside[i][1], outside[i][2], &error);
      g_assert_null (none);
      g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
      /* the answer goes to clients: it names the tile, not the server's file */
      g_assert_null (strstr (error->message, dir));
      g_clear_error (&error);
    }

  g_clear_pointer (&tiles, sl_mbtiles_free);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_mbtiles_format_sniffed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-mbtiles-XXXXXX", NULL);
  g_autoptr(GBytes) jpeg = fake_image ("\xff\xd8\xff", "photo");
  g_autofree char *path = sl_test_make_mbtiles (dir, "aerial.mbtiles", NULL, jpeg, jpeg);
  g_autoptr(SlMbtiles) tiles = NULL;
  g_autoptr(GError) error = NULL;

  /* no format in the metadata: the tiles tell */
  tiles = sl_mbtiles_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_mbtiles_get_format (tiles), ==, "jpg");
  g_assert_cmpstr (sl_mbtiles_get_content_type (tiles), ==, "image/jpeg");

  g_clear_pointer (&tiles, sl_mbtiles_free);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_mbtiles_vector_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-mbtiles-XXXXXX", NULL);
  g_autofree char *path = make_png_mbtiles (dir, "vector.mbtiles", "pbf");
  g_autofree char *unlabelled = g_build_filename (dir, "unlabelled.mbtiles", NULL);
  g_autofree char *webp = make_png_mbtiles (dir, "webp.mbtiles", "webp");
  g_autoptr(SlMbtiles) tiles = NULL;
  g_autoptr(GError) error = NULL;

  tiles = sl_mbtiles_open (path, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "vector tiles"));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* no format in the metadata: the tiles themselves are gzipped protocol buffers */
  sl_test_exec_sql (unlabelled,
                    "CREATE TABLE metadata (name TEXT, value TEXT);"
                    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "INSERT INTO tiles VALUES (0, 0, 0, X'1f8b0800000000000003');");
  tiles = sl_mbtiles_open (unlabelled, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "vector tiles"));
  g_clear_error (&error);

  tiles = sl_mbtiles_open (webp, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "PNG and JPEG"));

  g_remove (path);
  g_remove (unlabelled);
  g_remove (webp);
  g_rmdir (dir);
}

static void
test_mbtiles_bad_files_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-mbtiles-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no such map.mbtiles", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.mbtiles", NULL);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  g_autoptr(SlMbtiles) tiles = NULL;
  g_autoptr(GError) error = NULL;

  tiles = sl_mbtiles_open (missing, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "Not a database, just notes about the map.\n", -1, NULL));
  tiles = sl_mbtiles_open (text, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an MBTiles"));
  g_clear_error (&error);

  /* SQLite, but not MBTiles: such as Sightline's own database */
  sl_test_exec_sql (other, "CREATE TABLE reads (id INTEGER PRIMARY KEY, plate TEXT);");
  tiles = sl_mbtiles_open (other, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an MBTiles"));
  g_clear_error (&error);

  tiles = sl_mbtiles_open (dir, &error);
  g_assert_null (tiles);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);

  g_remove (text);
  g_remove (other);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/open-new", test_open_new);
  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/mbtiles/tms-rows", test_mbtiles_tms_rows);
  g_test_add_func ("/store/mbtiles/missing-tile", test_mbtiles_missing_tile);
  g_test_add_func ("/store/mbtiles/format-sniffed", test_mbtiles_format_sniffed);
  g_test_add_func ("/store/mbtiles/vector-refused", test_mbtiles_vector_refused);
  g_test_add_func ("/store/mbtiles/bad-files-refused", test_mbtiles_bad_files_refused);
  ADD ("/store/refuses-newer-schema", test_refuses_newer_schema);
  ADD ("/store/policy", test_policy);
  ADD ("/store/users", test_users);
  ADD ("/store/login-failures", test_login_failures);
  ADD ("/store/audit/intact", test_audit_chain_intact);
  ADD ("/store/audit/append-only", test_audit_append_only);
  ADD ("/store/audit/edit", test_audit_detects_edit);
  ADD ("/store/audit/rehash", test_audit_detects_rehash);
  ADD ("/store/audit/deletion", test_audit_detects_deletion);
  ADD ("/store/audit/renumbered-deletion", test_audit_detects_renumbered_deletion);
  ADD ("/store/audit/reorder", test_audit_detects_reorder);
  ADD ("/store/audit/truncation", test_audit_detects_truncation);
  ADD ("/store/audit/query", test_audit_query);
#undef ADD

  return g_test_run ();
}
