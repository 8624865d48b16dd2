/* sl-sqlite-store-private.h: what the files of SlSqliteStore share */
#pragma once

#include <sqlite3.h>

#include "sl-sqlite-store.h"

G_BEGIN_DECLS

/* reads.images */
#define IMAGE_PLATE    (1 << 0)
#define IMAGE_OVERVIEW (1 << 1)

#define READ_COLUMNS \
  "r.id, r.camera_id, r.plate, r.plate_raw, r.region, r.confidence, r.captured_us, r.received_us," \
  " r.lat, r.lon, r.heading, r.candidates, r.make, r.model, r.color, r.vehicle_type, r.images"
#define N_READ_COLUMNS 17

typedef struct _SlPlateCache SlPlateCache;

struct _SlSqliteStore
{
  GObject     parent_instance;

  /* owned */
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, prepared once */
  char       *path;
  SlPlateCache *plate_cache;  /* every plate read, for patterns; built by the first search */

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
gint64        _sl_sqlite_step_id     (SlSqliteStore  *self,
                                      sqlite3_stmt   *stmt,
                                      GError        **error);
gboolean      _sl_sqlite_count       (SlSqliteStore  *self,
                                      const char     *sql,
                                      gint64          first,
                                      gint64          second,
                                      gint64         *count,
                                      GError        **error);
void          _sl_sqlite_bind_text   (sqlite3_stmt   *stmt,
                                      int             index,
                                      const char     *text);
char         *_sl_sqlite_column_dup  (sqlite3_stmt   *stmt,
                                      int             column);

/* A write transaction; commit rolls back when it fails, rollback returns FALSE. */
gboolean      _sl_sqlite_begin       (SlSqliteStore  *self,
                                      GError        **error);
gboolean      _sl_sqlite_commit      (SlSqliteStore  *self,
                                      GError        **error);
gboolean      _sl_sqlite_rollback    (SlSqliteStore  *self);

/* Adds the id of what the record's transaction made, known only there, to its data. */
void          _sl_sqlite_record_set_id (SlAuditRecord *record,
                                      const char     *member,
                                      gint64          id);

/* Appends to the access log inside the transaction the caller has open. */
gboolean      _sl_sqlite_audit_append_locked (SlSqliteStore  *self,
                                      SlAuditRecord  *record,
                                      GError        **error);

/* Alerts and hot lists (sl-sqlite-store-detections.c), inside the caller's transaction */
gboolean      _sl_sqlite_insert_alert (SlSqliteStore *self,
                                      SlNewAlert     *alert,
                                      GError        **error);
gboolean      _sl_sqlite_log_alert   (SlSqliteStore  *self,
                                      const SlAuditRecord *template,
                                      const SlNewAlert *alert,
                                      GError        **error);
gboolean      _sl_sqlite_bump_hotlist_generation (SlSqliteStore *self,
                                      GError        **error);

SlRead       *_sl_sqlite_read_from_row (sqlite3_stmt  *stmt,
                                      int             first,
                                      int            *images);

void          _sl_sqlite_store_detections_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_search_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_hotlist_lists_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_hotlists_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_sharing_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_retention_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_compliance_iface_init (SlStoreInterface *iface);
void          _sl_sqlite_store_reports_iface_init (SlStoreInterface *iface);
/* What a connection needs before searches run on it (SQL functions). */
gboolean      _sl_sqlite_search_prepare_connection (SlSqliteStore *self);
void          _sl_plate_cache_free   (SlPlateCache   *cache);

G_END_DECLS
