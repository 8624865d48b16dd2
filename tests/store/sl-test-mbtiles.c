#include "config.h"

#include <sqlite3.h>

#include "sl-test-mbtiles.h"

void
sl_test_exec_sql (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
insert_tile (sqlite3 *db,
             int      zoom,
             int      column,
             int      row,
             GBytes  *data)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, zoom);
  sqlite3_bind_int (stmt, 2, column);
  sqlite3_bind_int (stmt, 3, row);
  sqlite3_bind_blob (stmt, 4, g_bytes_get_data (data, NULL), g_bytes_get_size (data), SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/**
 * sl_test_make_mbtiles:
 * @format: (nullable): the metadata's format, or none
 *
 * A file named "Test Oakland", zoom 0–3, with an HTML attribution and two
 * tiles, @top and @bottom, in column SL_TEST_MBTILES_X of zoom 2.
 *
 * Returns: (transfer full): its path
 */
char *
sl_test_make_mbtiles (const char *dir,
                      const char *name,
                      const char *format,
                      GBytes     *top,
                      GBytes     *bottom)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *metadata = NULL;
  sqlite3 *db = NULL;

  sl_test_exec_sql (path,
                    "CREATE TABLE metadata (name TEXT, value TEXT);"
                    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "INSERT INTO metadata VALUES ('name', 'Test Oakland'), ('minzoom', '0'), ('maxzoom', '3'),"
                    " ('attribution', '<a href=\"https://example.org\">© Example Maps</a>');");
  if (format != NULL)
    {
      metadata = g_strdup_printf ("INSERT INTO metadata VALUES ('format', '%s');", format);
      sl_test_exec_sql (path, metadata);
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  insert_tile (db, SL_TEST_MBTILES_ZOOM, SL_TEST_MBTILES_X, 3, top);
  insert_tile (db, SL_TEST_MBTILES_ZOOM, SL_TEST_MBTILES_X, 0, bottom);
  sqlite3_close (db);
  return path;
}
