/* sl-sqlite-store-private.h: what the files of SlSqliteStore share */
#pragma once

#include <sqlite3.h>

#include "sl-sqlite-store.h"

G_BEGIN_DECLS

struct _SlSqliteStore
{
  GObject     parent_instance;

  /* owned */
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, prepared once */
  char       *path;

  int         schema_version;
};

gboolean      _sl_sqlite_set_error   (SlSqliteStore  *self,
                                      int             rc,
                                      GError        **error);
gboolean      _sl_sqlite_exec        (SlSqliteStore  *self,
                                      const char     *sql,
                                      GError        **error);
sqlite3_stmt *_sl_sqlite_prepare     (SlSqliteStore  *self,
                                      const char     *sql,
                                      GError        **error);
gboolean      _sl_sqlite_step_done   (SlSqliteStore  *self,
                                      sqlite3_stmt   *stmt,
                                      GError        **error);
void          _sl_sqlite_bind_text   (sqlite3_stmt   *stmt,
                                      int             index,
                                      const char     *text);
char         *_sl_sqlite_column_dup  (sqlite3_stmt   *stmt,
                                      int             column);

/* Appends to the access log inside the transaction the caller has open. */
gboolean      _sl_sqlite_audit_append_locked (SlSqliteStore  *self,
                                      SlAuditRecord  *record,
                                      GError        **error);

void          _sl_sqlite_store_detections_iface_init (SlStoreInterface *iface);

G_END_DECLS
