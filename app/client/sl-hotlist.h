/* sl-hotlist.h: a hot list as the service describes it, with its counts and import state */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-alert.h"

G_BEGIN_DECLS

/**
 * SlHotlistKind:
 * @SL_HOTLIST_KIND_GENERAL: imported in bulk (NCIC, state DOJ), replaced on each import
 * @SL_HOTLIST_KIND_SPECIFIC: entered by members, one entry at a time, with approval
 */
typedef enum
{
  SL_HOTLIST_KIND_GENERAL,
  SL_HOTLIST_KIND_SPECIFIC,
} SlHotlistKind;

/**
 * SlHotlistImportState:
 * @SL_HOTLIST_IMPORT_NEVER: no import ran yet
 * @SL_HOTLIST_IMPORT_OK: the last import succeeded (it may have rejected rows
 *   or kept the old list: see the summary)
 * @SL_HOTLIST_IMPORT_FAILED: the last scheduled import failed: see the error
 */
typedef enum
{
  SL_HOTLIST_IMPORT_NEVER,
  SL_HOTLIST_IMPORT_OK,
  SL_HOTLIST_IMPORT_FAILED,
} SlHotlistImportState;

/**
 * SlHotlistRejectedLine:
 * @line: the 1-based line of the file
 * @message: why it was refused, for a person
 */
typedef struct
{
  guint  line;
  char  *message;
} SlHotlistRejectedLine;

/**
 * SlHotlistImportSummary:
 * @added: entries in the list after the import that were not in it before
 * @removed: entries the import dropped
 * @rejected: rows refused
 * @rejected_lines: (element-type SlHotlistRejectedLine): the refused rows, in
 *   file order (the service may cut a very long list short: @rejected counts all)
 * @kept_old: the file had more bad rows than good ones, so the old list stays
 *
 * What one import did. The list's last summary does not say @kept_old
 * (always %FALSE there).
 */
typedef struct
{
  gint64    added;
  gint64    removed;
  gint64    rejected;
  GArray   *rejected_lines;
  gboolean  kept_old;
} SlHotlistImportSummary;

#define SL_TYPE_HOTLIST_IMPORT_SUMMARY (sl_hotlist_import_summary_get_type ())

GType                    sl_hotlist_import_summary_get_type  (void) G_GNUC_CONST;
SlHotlistImportSummary  *sl_hotlist_import_summary_new_from_json (JsonObject  *object,
                                                              GError     **error);
SlHotlistImportSummary  *sl_hotlist_import_summary_copy      (const SlHotlistImportSummary *summary);
void                     sl_hotlist_import_summary_free      (SlHotlistImportSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistImportSummary, sl_hotlist_import_summary_free)

#define SL_TYPE_HOTLIST (sl_hotlist_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlist, sl_hotlist, SL, HOTLIST, GObject)

SlHotlist     *sl_hotlist_new_from_json          (JsonObject  *object,
                                                  GError     **error);

gint64         sl_hotlist_get_id                 (SlHotlist   *self);
const char    *sl_hotlist_get_name               (SlHotlist   *self);
SlHotlistKind  sl_hotlist_get_kind               (SlHotlist   *self);
const char    *sl_hotlist_get_source             (SlHotlist   *self);
int            sl_hotlist_get_priority           (SlHotlist   *self);
SlAlertLevel   sl_hotlist_get_alert_level        (SlHotlist   *self);
gboolean       sl_hotlist_get_covert             (SlHotlist   *self);
guint          sl_hotlist_get_tolerance          (SlHotlist   *self);
gboolean       sl_hotlist_get_active             (SlHotlist   *self);
gint64         sl_hotlist_get_created_at_us      (SlHotlist   *self);

/* Entries per status ("counts" in the JSON). */
gint64         sl_hotlist_get_n_pending          (SlHotlist   *self);
gint64         sl_hotlist_get_n_active           (SlHotlist   *self);
gint64         sl_hotlist_get_n_expired          (SlHotlist   *self);
gint64         sl_hotlist_get_n_removed          (SlHotlist   *self);
gint64         sl_hotlist_get_n_rejected         (SlHotlist   *self);

/* The scheduled import ("import" in the JSON); general lists only. */
const char    *sl_hotlist_get_import_source      (SlHotlist   *self);
const char    *sl_hotlist_get_import_time        (SlHotlist   *self);
gint64         sl_hotlist_get_last_import_at_us  (SlHotlist   *self);
const SlHotlistImportSummary *sl_hotlist_get_last_import_summary (SlHotlist *self);
gint64         sl_hotlist_get_next_import_at_us  (SlHotlist   *self);
SlHotlistImportState sl_hotlist_get_import_state (SlHotlist   *self);
const char    *sl_hotlist_get_import_error       (SlHotlist   *self);

const char    *sl_hotlist_kind_to_string         (SlHotlistKind kind);
const char    *sl_hotlist_kind_get_label         (SlHotlistKind kind);
const char    *sl_hotlist_import_state_to_string (SlHotlistImportState state);

G_END_DECLS
