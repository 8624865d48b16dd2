/* sl-hotlist-csv.h: general hot lists from CSV files (NCIC, state DOJ extracts) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   line;          /* 1-based line of the file */
  char   *plate;         /* normalized, or a pattern with '?' and '*' */
  char   *plate_raw;
  char   *region;        /* "" when the file has none */
  char   *category;      /* NULL when absent */
  char   *case_number;   /* NULL when absent */
  gint64  effective_us;  /* 0 when absent */
  gint64  expires_us;    /* 0 when absent */
} SlHotlistRow;

typedef struct
{
  guint  line;
  char  *message;
} SlHotlistBadRow;

typedef struct
{
  char       delimiter;   /* ',' ';' or '\t' as detected */
  GPtrArray *columns;     /* char*: the header's column names as found */
  GArray    *rows;        /* SlHotlistRow */
  GArray    *bad_rows;    /* SlHotlistBadRow */
} SlHotlistCsv;

/* NULL with SL_ERROR_INVALID when the file has no usable header (no plate
 * column) or is not text; bad rows are reported, not fatal. */
SlHotlistCsv *sl_hotlist_csv_parse (const char   *data,
                                    gsize         length,
                                    GError      **error);
void          sl_hotlist_csv_free  (SlHotlistCsv *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistCsv, sl_hotlist_csv_free)

G_END_DECLS
