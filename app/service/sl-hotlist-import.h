/* sl-hotlist-import.h: replacing a general hot list from CSV, one way for
 * `sightlined hotlist import`, the API and the daily import */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* A summary keeps this many rejected lines; its "rejected" counts them all. */
#define SL_HOTLIST_IMPORT_MAX_LINES 1000

typedef struct
{
  gint64    list_id;
  guint     rows;            /* good rows in the file */
  gint64    added;
  gint64    removed;
  guint     rejected;
  GArray   *rejected_lines;  /* SlHotlistBadRow, the first SL_HOTLIST_IMPORT_MAX_LINES */
  gboolean  kept_old;        /* more bad rows than good: the list was left as it was */
} SlHotlistImport;

void             sl_hotlist_import_free    (SlHotlistImport        *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistImport, sl_hotlist_import_free)

SlHotlistImport *sl_hotlist_import_run     (SlStore                *store,
                                            gint64                  list_id,
                                            const char             *origin,
                                            const char             *data,
                                            gsize                   length,
                                            SlAuditRecord          *record,
                                            gint64                  now_us,
                                            GError                **error);
void             sl_hotlist_import_failed  (SlStore                *store,
                                            gint64                  list_id,
                                            const char             *origin,
                                            const GError           *failure,
                                            SlAuditRecord          *record,
                                            gint64                  now_us);
JsonNode        *sl_hotlist_import_to_json (const SlHotlistImport  *import);

G_END_DECLS
