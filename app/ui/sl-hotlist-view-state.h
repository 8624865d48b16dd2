/* sl-hotlist-view-state.h: what the Hot Lists page and its entry form show, computed without a display */
#pragma once

#include "sl-hotlist-csv.h"
#include "sl-hotlist-entry.h"
#include "sl-hotlist.h"
#include "sl-policy.h"

G_BEGIN_DECLS

/* The expiry the form proposes, in days (DESIGN.md section 3). */
#define SL_HOTLIST_DEFAULT_DAYS 30
/* Entries expiring within this many days are highlighted. */
#define SL_HOTLIST_SOON_DAYS 7
/* A pattern names at least this many characters: "*" alone would match every plate. */
#define SL_HOTLIST_PATTERN_MIN_KNOWN 3
/* The synopsis the service keeps, in characters. */
#define SL_HOTLIST_SYNOPSIS_MAX 1000

/**
 * SlHotlistEntryForm:
 *
 * The entry form as typed. @expires_on is a local date, YYYY-MM-DD.
 */
typedef struct
{
  const char *plate;
  const char *region;
  const char *reason;
  const char *case_number;
  const char *synopsis;
  const char *expires_on;
  const char *make;
  const char *model;
  const char *color;
} SlHotlistEntryForm;

/**
 * SlHotlistEntryCheck:
 * @can_submit: every field passes the profile's rules
 * @plate: (nullable): the plate or pattern, normalized as the service stores it
 * @is_pattern: @plate has `?` or `*`
 * @plate_preview: (nullable): what the plate matches, e.g. "7AB* — starts with 7AB"
 * @expires_at_us: the expiry to send, UTC, or 0
 * @fields: (nullable): what to send, when @can_submit
 * @missing: (nullable): what the user still has to do, one line each, for
 *   the save button's tooltip
 *
 * The entry form's state. An empty field is missing, not wrong: it has no
 * error, only a line in @missing. The `_error` members say what is wrong
 * with a field as typed.
 */
typedef struct
{
  gboolean  can_submit;
  char     *plate;
  gboolean  is_pattern;
  char     *plate_preview;
  gint64    expires_at_us;
  SlHotlistEntryFields *fields;
  char     *plate_error;
  char     *region_error;
  char     *reason_error;
  char     *case_number_error;
  char     *synopsis_error;
  char     *expiry_error;
  char     *missing;
} SlHotlistEntryCheck;

void         sl_hotlist_entry_check           (SlPolicy                   *policy,
                                               const SlHotlistEntryForm   *form,
                                               gint64                      now_us,
                                               SlHotlistEntryCheck        *check);
void         sl_hotlist_entry_check_clear     (SlHotlistEntryCheck        *check);

char        *sl_hotlist_describe_pattern      (const char        *plate);
char        *sl_hotlist_pattern_examples      (const char        *plate);
char        *sl_hotlist_default_expiry        (SlPolicy          *policy,
                                               gint64             now_us);
gboolean     sl_hotlist_expiry_from_date      (const char        *date,
                                               guint              max_days,
                                               gint64             now_us,
                                               gint64            *expires_at_us,
                                               char             **error);

gboolean     sl_hotlist_expires_soon          (gint64             expires_at_us,
                                               gint64             now_us);
char        *sl_hotlist_format_date           (gint64             time_us);
char        *sl_hotlist_format_expiry         (gint64             expires_at_us,
                                               gint64             now_us);
char        *sl_hotlist_describe_counts       (SlHotlist         *list);
char        *sl_hotlist_describe_import       (SlHotlist         *list,
                                               gint64             now_us);

/**
 * SlHotlistDiffRow:
 * @field: the entry field, as the API names it
 * @label: for a person, translated
 * @old_value: (nullable): in the active version, as shown
 * @new_value: (nullable): in the proposed version, as shown
 * @changed: the two differ
 *
 * One line of an update shown as a difference from the active version.
 */
typedef struct
{
  const char *field;
  const char *label;
  char       *old_value;
  char       *new_value;
  gboolean    changed;
} SlHotlistDiffRow;

GPtrArray   *sl_hotlist_diff_fields           (const SlHotlistEntryFields *active,
                                               const SlHotlistEntryFields *proposed,
                                               SlPolicy          *policy);
guint        sl_hotlist_diff_count_changed    (GPtrArray         *rows);
const char  *sl_hotlist_field_label           (const char        *field);

/* The service's limits on a list's name and source, in characters. */
#define SL_HOTLIST_NAME_MAX   80
#define SL_HOTLIST_SOURCE_MAX 40

/**
 * SlHotlistListCheck:
 * @can_submit: the settings pass the service's rules
 * @missing: (nullable): what is still missing or wrong, one line each
 *
 * The list settings form's state; the `_error` members say what is wrong
 * with a field as typed.
 */
typedef struct
{
  gboolean  can_submit;
  char     *name_error;
  char     *source_error;
  char     *import_source_error;
  char     *import_time_error;
  char     *missing;
} SlHotlistListCheck;

void         sl_hotlist_list_check            (const char        *name,
                                               const char        *source,
                                               gboolean           general,
                                               const char        *import_source,
                                               const char        *import_time,
                                               SlHotlistListCheck *check);
void         sl_hotlist_list_check_clear      (SlHotlistListCheck *check);

const char  *sl_hotlist_csv_column_role       (const char        *header);
char        *sl_hotlist_csv_describe_mapping  (const SlHotlistCsv *csv);
const char  *sl_hotlist_csv_delimiter_name    (char               delimiter);
char        *sl_hotlist_describe_summary      (const SlHotlistImportSummary *summary);

G_END_DECLS
