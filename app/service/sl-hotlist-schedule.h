/* sl-hotlist-schedule.h: the daily import of general hot lists, and imports run off the main loop */
#pragma once

#include "sl-hotlist-import.h"
#include "sl-server.h"

G_BEGIN_DECLS

/* Imports read at most this much from a file, a URL or an upload. */
#define SL_HOTLIST_IMPORT_MAX_BYTES (256 * 1024 * 1024)

typedef struct _SlHotlistSchedule SlHotlistSchedule;

/* Called on the server's context when an import is over: @import is NULL
 * with @error when it could not run. */
typedef void (*SlHotlistImportDone) (SlHotlistImport *import,
                                     const GError    *error,
                                     gpointer         user_data);

gboolean           sl_hotlist_import_time_parse   (const char          *text,
                                                   int                 *hour,
                                                   int                 *minute);
gint64             sl_hotlist_import_next_us      (const char          *import_time,
                                                   gint64               after_us);
gboolean           sl_hotlist_import_source_check (const char          *source,
                                                   GError             **error);

SlHotlistSchedule *_sl_hotlist_schedule_new       (SlServer            *server);
void               _sl_hotlist_schedule_free      (SlHotlistSchedule   *self);
void               _sl_hotlist_schedule_due_at    (SlHotlistSchedule   *self,
                                                   gint64               next_us);
gboolean           _sl_hotlist_schedule_is_running (SlHotlistSchedule  *self,
                                                   gint64               list_id);
void               _sl_hotlist_schedule_import    (SlHotlistSchedule   *self,
                                                   gint64               list_id,
                                                   const char          *source,
                                                   GBytes              *csv,
                                                   SlAuditRecord       *record,
                                                   SlHotlistImportDone  done,
                                                   gpointer             user_data);

G_END_DECLS
