/* sl-client-hotlist-lists.h: hot lists over the API: read, create, change, import, export */
#pragma once

#include "sl-client.h"
#include "sl-hotlist.h"

G_BEGIN_DECLS

/**
 * SlHotlistFields:
 *
 * Which members of an #SlHotlistSettings an update sends.
 */
typedef enum
{
  SL_HOTLIST_FIELD_NAME          = 1 << 0,
  SL_HOTLIST_FIELD_SOURCE        = 1 << 1,
  SL_HOTLIST_FIELD_PRIORITY      = 1 << 2,
  SL_HOTLIST_FIELD_ALERT_LEVEL   = 1 << 3,
  SL_HOTLIST_FIELD_COVERT        = 1 << 4,
  SL_HOTLIST_FIELD_TOLERANCE     = 1 << 5,
  SL_HOTLIST_FIELD_ACTIVE        = 1 << 6,
  SL_HOTLIST_FIELD_IMPORT_SOURCE = 1 << 7,
  SL_HOTLIST_FIELD_IMPORT_TIME   = 1 << 8,
} SlHotlistFields;

/**
 * SlHotlistSettings:
 * @name: the list's name, unique
 * @kind: general or specific; only when creating (a list's kind never changes)
 * @source: where it comes from, e.g. "NCIC-SVS", "SFR", "local"
 * @priority: 0–100, 0 first
 * @alert_level: how urgent its hits are
 * @covert: hits only visible to supervisors and administrators
 * @tolerance: OCR look-alike positions allowed, 0–2
 * @active: whether it matches; only sent by an update
 * @import_source: (nullable): for a scheduled daily import of a general list:
 *   an absolute file path on the service's machine or an https:// URL;
 *   %NULL or "" for none
 * @import_time: (nullable): "HH:MM", the service's local time of that
 *   import; %NULL or "" for none
 *
 * The members of a hot list a person sets.
 */
typedef struct
{
  const char     *name;
  SlHotlistKind   kind;
  const char     *source;
  int             priority;
  SlAlertLevel    alert_level;
  gboolean        covert;
  guint           tolerance;
  gboolean        active;
  const char     *import_source;
  const char     *import_time;
} SlHotlistSettings;

/* GET /hotlists: a GPtrArray of SlHotlist, by priority then name. Covert
 * lists only for supervisors and administrators. */
void           sl_client_list_hotlists_async        (SlClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray     *sl_client_list_hotlists_finish       (SlClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* GET /hotlists/{id} */
void           sl_client_get_hotlist_async          (SlClient             *self,
                                                     gint64                id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlist     *sl_client_get_hotlist_finish         (SlClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* POST /hotlists (administrator). Errors: SL_CLIENT_ERROR_FORBIDDEN,
 * SL_CLIENT_ERROR_RULE (422 "invalid_hotlist", with the fields by name in
 * the error body: see sl-client-error.h), SL_CLIENT_ERROR_CONFLICT (name taken). */
void           sl_client_create_hotlist_async       (SlClient             *self,
                                                     const SlHotlistSettings *settings,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlist     *sl_client_create_hotlist_finish      (SlClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* PATCH /hotlists/{id} (administrator): sends the members of @settings that
 * @fields names; the answer is the list as changed. */
void           sl_client_update_hotlist_async       (SlClient             *self,
                                                     gint64                id,
                                                     const SlHotlistSettings *settings,
                                                     SlHotlistFields       fields,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlist     *sl_client_update_hotlist_finish      (SlClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* POST /hotlists/{id}/import (administrator, general lists: 409 for a
 * specific one): replaces the list with the CSV file's rows, or keeps the
 * old list when more rows are bad than good (kept_old in the summary).
 * @progress reports the bytes sent. A file that is no CSV of plates is
 * SL_CLIENT_ERROR_RULE. */
void           sl_client_import_hotlist_async       (SlClient             *self,
                                                     gint64                id,
                                                     GFile                *file,
                                                     SlClientProgress      progress,
                                                     gpointer              progress_data,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlistImportSummary *sl_client_import_hotlist_finish (SlClient         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The same with the file's contents already read. */
void           sl_client_import_hotlist_bytes_async (SlClient             *self,
                                                     gint64                id,
                                                     GBytes               *csv,
                                                     SlClientProgress      progress,
                                                     gpointer              progress_data,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlistImportSummary *sl_client_import_hotlist_bytes_finish (SlClient   *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* POST /hotlists/{id}/import-now (administrator): runs the list's scheduled
 * import at once, from its import source. A source that cannot be read is
 * an error (the list then shows state "failed" with the reason). */
void           sl_client_import_hotlist_now_async   (SlClient             *self,
                                                     gint64                id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SlHotlistImportSummary *sl_client_import_hotlist_now_finish (SlClient     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* GET /hotlists/{id}/export.csv: the list's entries as CSV, saved to
 * @destination (replaced only once complete). Returns the bytes written. */
void           sl_client_export_hotlist_async       (SlClient             *self,
                                                     gint64                id,
                                                     GFile                *destination,
                                                     SlClientProgress      progress,
                                                     gpointer              progress_data,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
goffset        sl_client_export_hotlist_finish      (SlClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
