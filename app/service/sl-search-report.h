/* sl-search-report.h: a search's results as CSV and as a PDF report */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* What the report's header says about the search; all borrowed. */
typedef struct
{
  const char     *agency;
  const SlSearch *search;
  const char     *full_name;     /* of the one who searched, or NULL */
  const char     *purpose_label; /* the profile's words for the purpose, or NULL */
  gint64          exported_us;
} SlSearchReportInfo;

/* Gives the plate crop of a read, or NULL; *mime is set with it. */
typedef GBytes *(*SlSearchReportImageFunc) (gint64    read_id,
                                            char    **mime,
                                            gpointer  data);

GBytes  *sl_search_report_csv  (GPtrArray                *found);
GBytes  *sl_search_report_pdf  (const SlSearchReportInfo *info,
                                GPtrArray                *found,
                                SlSearchReportImageFunc   image_func,
                                gpointer                  image_data,
                                GError                  **error);

void     sl_report_lines_add   (GPtrArray                *lines,
                                const char               *label,
                                const char               *value);
void     sl_report_lines_add_number (GPtrArray           *lines,
                                const char               *label,
                                gint64                    number);
GBytes  *sl_report_letter_pdf  (const char               *title,
                                const char * const       *lines,
                                GError                  **error);
char    *sl_report_describe_scope (JsonObject            *scope);
char    *sl_report_format_time (gint64                   time_us);

G_END_DECLS
