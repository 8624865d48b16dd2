/* sl-reports-page.h: the Reports page: transparency, surveillance, purges, account review */
#pragma once

#include <adwaita.h>

#include "sl-client.h"
#include "sl-session.h"

G_BEGIN_DECLS

/* The reports, in the order the page lists them. */
typedef enum
{
  SL_REPORT_TRANSPARENCY,
  SL_REPORT_SURVEILLANCE,
  SL_REPORT_PURGES,
  SL_REPORT_ACCOUNT_REVIEW,
  SL_N_REPORTS
} SlReport;

/* The period's quick choices, in the order of its drop-down. */
typedef enum
{
  SL_REPORT_PERIOD_LAST_12_MONTHS,
  SL_REPORT_PERIOD_LAST_YEAR,
  SL_REPORT_PERIOD_THIS_YEAR,
  SL_REPORT_PERIOD_CUSTOM,
} SlReportPeriod;

#define SL_TYPE_REPORTS_PAGE (sl_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (SlReportsPage, sl_reports_page, SL, REPORTS_PAGE, GtkWidget)

GtkWidget  *sl_reports_page_new          (void);
void        sl_reports_page_set_client   (SlReportsPage  *self,
                                          SlClient       *client);
void        sl_reports_page_set_session  (SlReportsPage  *self,
                                          SlSession      *session);

gboolean    sl_reports_page_offers       (SlReportsPage  *self,
                                          SlReport        report);
gboolean    sl_reports_page_select       (SlReportsPage  *self,
                                          SlReport        report);
SlReport    sl_reports_page_get_report   (SlReportsPage  *self);
gboolean    sl_reports_page_set_period   (SlReportsPage  *self,
                                          SlReportPeriod  period,
                                          const char     *first_day,
                                          const char     *last_day);
void        sl_reports_page_refresh      (SlReportsPage  *self);
void        sl_reports_page_export       (SlReportsPage  *self,
                                          const char     *format,
                                          GFile          *file);

gboolean    sl_reports_page_is_busy      (SlReportsPage  *self);
gboolean    sl_reports_page_is_exporting (SlReportsPage  *self);
gboolean    sl_reports_page_has_preview  (SlReportsPage  *self);
gint64      sl_reports_page_get_figure   (SlReportsPage  *self,
                                          const char     *member);
goffset     sl_reports_page_get_exported_size (SlReportsPage *self);
const char *sl_reports_page_get_error    (SlReportsPage  *self);

G_END_DECLS
