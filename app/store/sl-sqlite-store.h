/* sl-sqlite-store.h: the embedded SQLite implementation of SlStore */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SQLITE_STORE (sl_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (SlSqliteStore, sl_sqlite_store, SL, SQLITE_STORE, GObject)

#define SL_SQLITE_STORE_SCHEMA_VERSION 10

SlStore  *sl_sqlite_store_open             (const char  *path,
                                            GError     **error);
/* Never writes: refuses a database of another schema version. */
SlStore  *sl_sqlite_store_open_readonly    (const char  *path,
                                            GError     **error);
/* Migrates no further than @version: for upgrade tests. */
SlStore  *sl_sqlite_store_open_at_version  (const char  *path,
                                            int          version,
                                            GError     **error);

G_END_DECLS
