#define G_LOG_DOMAIN "sl-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "sl-alert-state.h"
#include "sl-client-call.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-pages.h"
#include "sl-reports-page.h"
#include "sl-role.h"
#include "sl-sharing.h"

/* The reports the department answers to the public and to itself for: the
 * transparency report, the surveillance-technology report, the purges with
 * the legal holds that keep data past its time, and the account review. A
 * preview is drawn from the service's JSON; an export is the service's own
 * PDF, HTML or CSV, saved as it arrives. The service logs both. */

/* The account review names every account: for those who review them. */
#define REVIEW_ROLES (SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR)

static const struct {
  const char *file_name;   /* a saved file's name starts with it */
  const char *path;        /* under /api/v1 */
  const char *title;
  gboolean    has_period;
  gboolean    document;    /* exported as PDF or HTML; else as CSV */
} reports[SL_N_REPORTS] = {
  [SL_REPORT_TRANSPARENCY]   = { "transparency", "/reports/transparency", N_("Transparency Report"), TRUE, TRUE },
  [SL_REPORT_SURVEILLANCE]   = { "surveillance-technology", "/reports/surveillance",
                                 N_("Surveillance Technology Report"), TRUE, TRUE },
  [SL_REPORT_PURGES]         = { "purges", "/purges", N_("Purges and Legal Holds"), TRUE, FALSE },
  [SL_REPORT_ACCOUNT_REVIEW] = { "account-review", "/users/review", N_("Account Review"), FALSE, FALSE },
};

/* The data classes as the retention settings name them. */
static const struct {
  const char *name;
  const char *label;
} data_classes[] = {
  { "reads",           N_("Reads without a hit") },
  { "hits",            N_("Reads with a hit") },
  { "images",          N_("Plate and overview images") },
  { "alerts",          N_("Alerts") },
  { "hotlist_entries", N_("Hot-list entries") },
  { "access_log",      N_("Access log") },
  { "sharing_records", N_("Sharing records") },
};

struct _SlReportsPage
{
  GtkWidget             parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkListBox           *report_list;
  GtkListBoxRow        *transparency_row;
  GtkListBoxRow        *surveillance_row;
  GtkListBoxRow        *purges_row;
  GtkListBoxRow        *review_row;
  GtkBox               *period_box;
  GtkDropDown          *period_dropdown;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkLabel             *scope_label;
  GtkProgressBar       *export_progress;
  GtkSpinner           *spinner;
  GtkMenuButton        *export_menu_button;
  GtkButton            *export_button;
  GtkStack             *content_stack;
  GtkSpinner           *loading_spinner;
  AdwClamp             *preview_clamp;
  AdwStatusPage        *error_status;

  /* owned references */
  SlClient             *client;
  SlSession            *session;
  GCancellable         *load_cancellable;
  GCancellable         *export_cancellable;
  GtkFileChooserNative *chooser;
  JsonObject           *answer;       /* what the preview shows, as the service said it */

  /* owned memory */
  char                 *error;
  char                 *shown_path;   /* the call the preview (or its error) answers */

  SlReport              report;
  GDate                 first_day;
  GDate                 last_day;     /* included */
  goffset               exported_size;
  guint                 loading : 1;
  guint                 exporting : 1;
  guint                 setting_period : 1;
  guint                 selecting : 1;
};

G_DEFINE_FINAL_TYPE (SlReportsPage, sl_reports_page, GTK_TYPE_WIDGET)

typedef struct
{
  SlReportsPage *page;
  SlReport       report;
  GFile         *file;
} Call;

static void
call_free (Call *call)
{
  g_object_unref (call->page);
  g_clear_object (&call->file);
  g_free (call);
}

/* ---- helpers ---- */

static void
toast (SlReportsPage *self,
       const char    *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_error (SlReportsPage *self,
           const char    *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static gboolean
has_role (SlReportsPage *self,
          SlRoles        roles)
{
  return self->session != NULL && sl_session_has_role (self->session, roles);
}

static GtkListBoxRow *
row_of (SlReportsPage *self,
        SlReport       report)
{
  switch (report)
    {
    case SL_REPORT_TRANSPARENCY:
      return self->transparency_row;
    case SL_REPORT_SURVEILLANCE:
      return self->surveillance_row;
    case SL_REPORT_PURGES:
      return self->purges_row;
    case SL_REPORT_ACCOUNT_REVIEW:
    case SL_N_REPORTS:
    default:
      return self->review_row;
    }
}

static char *
format_number (gint64 number)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, number);
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  char text[64];

  if (!g_date_valid (date) || g_date_strftime (text, sizeof text, format, date) == 0)
    return g_strdup ("");
  return g_strdup (text);
}

static const char *
data_class_label (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (data_classes); i++)
    if (g_str_equal (data_classes[i].name, name))
      return _(data_classes[i].label);
  return name;
}

/* Closed alerts count by disposition, open ones by state. */
static const char *
disposition_label (const char *name)
{
  const char *label = sl_alert_disposition_get_label (name);
  SlAlertState state;

  if (label != name)
    return label;
  if (sl_alert_state_from_string (name, &state))
    return sl_alert_state_get_label (state);
  return name;
}

/* ---- the period ---- */

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
period_days (SlReportPeriod  period,
             GDate          *first,
             GDate          *last)
{
  today (last);
  g_date_clear (first, 1);

  switch (period)
    {
    case SL_REPORT_PERIOD_LAST_YEAR:
      g_date_set_dmy (first, 1, G_DATE_JANUARY, g_date_get_year (last) - 1);
      g_date_set_dmy (last, 31, G_DATE_DECEMBER, g_date_get_year (last) - 1);
      break;
    case SL_REPORT_PERIOD_THIS_YEAR:
      g_date_set_dmy (first, 1, G_DATE_JANUARY, g_date_get_year (last));
      break;
    case SL_REPORT_PERIOD_LAST_12_MONTHS:
    case SL_REPORT_PERIOD_CUSTOM:
    default:
      /* the twelve months that end today, today included */
      *first = *last;
      g_date_subtract_years (first, 1);
      g_date_add_days (first, 1);
      break;
    }
}

/* Local midnight at the start of @date, in UTC microseconds. */
static gint64
day_start_us (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                     g_date_get_day (date), 0, 0, 0);

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC : 0;
}

static void
show_period (SlReportsPage *self)
{
  g_autofree char *first = format_date (&self->first_day, "%Y-%m-%d");
  g_autofree char *last = format_date (&self->last_day, "%Y-%m-%d");

  self->setting_period = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), last);
  self->setting_period = FALSE;
}

/* Takes the period from the entries. */
static gboolean
read_period (SlReportsPage  *self,
             GError        **error)
{
  const char *first_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *last_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  GDate first;
  GDate last;

  if (!sl_date_parse (first_text, &first, NULL) || !sl_date_parse (last_text, &last, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the period’s first and last day as 2026-01-31."));
      return FALSE;
    }
  if (g_date_get_year (&first) < 1970 || g_date_get_year (&last) > 9998)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A report’s period lies between 1970 and 9998."));
      return FALSE;
    }
  if (g_date_compare (&first, &last) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The period’s first day is after its last."));
      return FALSE;
    }
  /* a day per bar and a row per month: keep it a size a screen can show */
  if (g_date_days_between (&first, &last) > 10 * 366)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A report covers at most ten years."));
      return FALSE;
    }

  self->first_day = first;
  self->last_day = last;
  return TRUE;
}

/* The quick choices follow the calendar: a page left open overnight moves on. */
static void
refresh_quick_period (SlReportsPage *self)
{
  SlReportPeriod period = gtk_drop_down_get_selected (self->period_dropdown);

  if (period == SL_REPORT_PERIOD_CUSTOM)
    return;
  period_days (period, &self->first_day, &self->last_day);
  show_period (self);
}

/* The call for @report over the period; @format NULL for the preview's JSON. */
static char *
report_path (SlReportsPage *self,
             SlReport       report,
             const char    *format)
{
  GString *path = g_string_new (reports[report].path);
  char separator = '?';

  if (reports[report].has_period)
    {
      GDate end = self->last_day;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *from_q = NULL;
      g_autofree char *to_q = NULL;

      g_date_add_days (&end, 1);
      from = sl_clock_format_iso8601 (day_start_us (&self->first_day));
      to = sl_clock_format_iso8601 (day_start_us (&end));
      from_q = g_uri_escape_string (from, NULL, FALSE);
      to_q = g_uri_escape_string (to, NULL, FALSE);
      g_string_append_printf (path, "?from=%s&to=%s", from_q, to_q);
      separator = '&';
    }
  if (format != NULL)
    g_string_append_printf (path, "%cformat=%s", separator, format);

  return g_string_free (path, FALSE);
}

static const char *
default_format (SlReport report)
{
  return reports[report].document ? "pdf" : "csv";
}

/* transparency-2026.pdf, purges-2025-11-24-to-2026-11-23.csv, account-review-2026-11-23.csv */
static char *
default_file_name (SlReportsPage *self,
                   const char    *format)
{
  const char *name = reports[self->report].file_name;

  if (!reports[self->report].has_period)
    {
      GDate now;
      g_autofree char *date = NULL;

      today (&now);
      date = format_date (&now, "%Y-%m-%d");
      return g_strdup_printf ("%s-%s.%s", name, date, format);
    }
  if (g_date_get_year (&self->first_day) == g_date_get_year (&self->last_day))
    return g_strdup_printf ("%s-%d.%s", name, (int) g_date_get_year (&self->first_day), format);
  {
    g_autofree char *first = format_date (&self->first_day, "%Y-%m-%d");
    g_autofree char *last = format_date (&self->last_day, "%Y-%m-%d");

    return g_strdup_printf ("%s-%s-to-%s.%s", name, first, last, format);
  }
}

/* ---- reading the service's answer ---- */

/* Reads members, keeping the first error: a bad answer is reported, not drawn. */
typedef struct
{
  GError *error;
} Reader;

static gint64
read_int (Reader     *r,
          JsonObject *object,
          const char *member,
          gboolean    required)
{
  gint64 value = 0;

  if (r->error == NULL && object != NULL && !sl_json_get_int (object, member, required, &value, &r->error))
    value = 0;
  return value;
}

static const char *
read_string (Reader     *r,
             JsonObject *object,
             const char *member,
             gboolean    required)
{
  const char *value = NULL;

  if (r->error == NULL && object != NULL && !sl_json_get_string (object, member, required, &value, &r->error))
    value = NULL;
  return value;
}

static JsonArray *
read_array (Reader     *r,
            JsonObject *object,
            const char *member)
{
  JsonArray *value = NULL;

  if (r->error == NULL && object != NULL && !sl_json_get_array (object, member, TRUE, &value, &r->error))
    value = NULL;
  return value;
}

static JsonObject *
read_object (Reader     *r,
             JsonObject *object,
             const char *member,
             gboolean    required)
{
  JsonObject *value = NULL;

  if (r->error == NULL && object != NULL && !sl_json_get_object (object, member, required, &value, &r->error))
    value = NULL;
  return value;
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

static JsonObject *
read_element (Reader     *r,
              JsonArray  *array,
              guint       index,
              const char *what)
{
  JsonNode *node;

  if (r->error != NULL)
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (&r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an element of “%s” is not an object", what);
      return NULL;
    }
  return json_node_get_object (node);
}

static const char *
read_string_element (Reader     *r,
                     JsonArray  *array,
                     guint       index,
                     const char *what)
{
  JsonNode *node;

  if (r->error != NULL)
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (&r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an element of “%s” is not a string", what);
      return NULL;
    }
  return json_node_get_string (node);
}

/* ---- drawing the preview ---- */

static GtkBox *
new_preview_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return GTK_BOX (box);
}

static void
add_header (GtkBox     *box,
            const char *title,
            const char *subtitle)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (header), label);

  gtk_box_append (box, header);
}

typedef struct
{
  const char *label;
  gint64      value;
} Figure;

/* The headline numbers, as cards: three a line, or all on one line when few. */
static void
add_figures (GtkBox       *box,
             const Figure *figures,
             guint         n_figures)
{
  GtkWidget *grid = gtk_grid_new ();
  guint columns = n_figures <= 4 ? n_figures : 3;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);

  for (guint i = 0; i < n_figures; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *number = format_number (figures[i].value);
      GtkWidget *value = gtk_label_new (number);
      GtkWidget *label = gtk_label_new (figures[i].label);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_set_margin_top (value, 12);
      gtk_widget_set_margin_start (value, 15);
      gtk_widget_set_margin_end (value, 15);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "title-2");
      gtk_widget_add_css_class (value, "numeric");

      gtk_widget_set_margin_start (label, 15);
      gtk_widget_set_margin_end (label, 15);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");

      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card), label);
      gtk_grid_attach (GTK_GRID (grid), card, i % columns, i / columns, 1, 1);
    }

  gtk_box_append (box, grid);
}

static AdwPreferencesGroup *
add_group (GtkBox     *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* A row of text as the service wrote it: never read as markup. */
static AdwActionRow *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* A line of the suffix column; dim lines are plain captions. */
static GtkWidget *
tag (const char *text,
     const char *style)
{
  GtkWidget *label = gtk_label_new (text);
  gboolean dim = g_strcmp0 (style, "dim-label") == 0;

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, dim ? "caption" : "caption-heading");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static AdwActionRow *
add_value_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               const char          *value)
{
  AdwActionRow *row = add_row (group, title, subtitle);

  adw_action_row_add_suffix (row, value_label (value));
  return row;
}

static AdwActionRow *
add_number_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *subtitle,
                gint64               number)
{
  g_autofree char *text = format_number (number);

  return add_value_row (group, title, subtitle, text);
}

static void
add_empty_row (AdwPreferencesGroup *group,
               const char          *text)
{
  AdwActionRow *row = add_row (group, text, NULL);

  gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
}

static void
add_dispositions (GtkBox    *box,
                  JsonArray *dispositions,
                  Reader    *r)
{
  AdwPreferencesGroup *group = add_group (box, _("Alerts by Disposition"),
                                          _("Closed alerts by their outcome, open ones by their state"));

  for (guint i = 0; i < array_length (dispositions) && r->error == NULL; i++)
    {
      JsonObject *row = read_element (r, dispositions, i, "dispositions");
      const char *name = read_string (r, row, "name", TRUE);
      gint64 count = read_int (r, row, "count", TRUE);

      if (r->error == NULL)
        add_number_row (group, disposition_label (name), NULL, count);
    }
  if (array_length (dispositions) == 0)
    add_empty_row (group, _("No alerts in the period"));
}

/* "Sightline Demonstration Police Department · 2025-11-24 to 2026-11-23 · policy demo-3" */
static char *
describe_period (SlReportsPage *self,
                 const char    *agency,
                 const char    *policy)
{
  g_autofree char *first = format_date (&self->first_day, "%Y-%m-%d");
  g_autofree char *last = format_date (&self->last_day, "%Y-%m-%d");
  GString *text = g_string_new (agency);

  if (text->len > 0)
    g_string_append (text, " · ");
  /* Translators: a report's period, e.g. "2025-11-24 to 2026-11-23" */
  g_string_append_printf (text, _("%s to %s"), first, last);
  if (policy != NULL && *policy != '\0')
    {
      g_string_append (text, " · ");
      /* Translators: %s names the policy profile's version */
      g_string_append_printf (text, _("policy %s"), policy);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
build_transparency (SlReportsPage *self,
                    JsonObject    *answer,
                    Reader        *r)
{
  GtkBox *box = new_preview_box ();
  const char *agency = read_string (r, answer, "agency", FALSE);
  const char *policy = read_string (r, answer, "policy", FALSE);
  Figure figures[] = {
    { _("Cameras"), read_int (r, answer, "cameras", TRUE) },
    { _("Plates read"), read_int (r, answer, "reads", TRUE) },
    { _("Reads that matched a hot list"), read_int (r, answer, "hits", TRUE) },
    { _("Alerts"), read_int (r, answer, "alerts", TRUE) },
    { _("Searches made"), read_int (r, answer, "searches", TRUE) },
    { _("Audits of searches completed"), read_int (r, answer, "audits_closed", TRUE) },
  };
  JsonArray *dispositions = read_array (r, answer, "dispositions");
  JsonObject *sharing = read_object (r, answer, "sharing", TRUE);
  JsonArray *by_agency = read_array (r, answer, "sharing_by_agency");
  JsonObject *retention = read_object (r, answer, "retention_days", TRUE);
  JsonArray *permitted = read_array (r, answer, "permitted_uses");
  JsonArray *prohibited = read_array (r, answer, "prohibited_uses");
  JsonArray *privacy = read_array (r, answer, "privacy_policy");
  g_autofree char *subtitle = NULL;
  AdwPreferencesGroup *group;

  if (r->error != NULL)
    return GTK_WIDGET (box);

  subtitle = describe_period (self, agency, policy);
  add_header (box, _("Transparency Report"), subtitle);
  add_figures (box, figures, G_N_ELEMENTS (figures));
  add_dispositions (box, dispositions, r);

  group = add_group (box, _("Sharing Requests from Outside Agencies"), _("Requests received in the period, by outcome"));
  for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
    add_number_row (group, _(sl_sharing_status_get_label (s)), NULL,
                    read_int (r, sharing, sl_sharing_status_to_string (s), FALSE));

  group = add_group (box, _("Requests by Agency"), NULL);
  for (guint i = 0; i < array_length (by_agency) && r->error == NULL; i++)
    {
      JsonObject *row = read_element (r, by_agency, i, "sharing_by_agency");
      const char *name = read_string (r, row, "name", TRUE);
      const char *status_name = read_string (r, row, "status", FALSE);
      gint64 count = read_int (r, row, "count", TRUE);
      SlSharingStatus status;

      if (r->error == NULL)
        add_number_row (group, name,
                        status_name != NULL && sl_sharing_status_from_string (status_name, &status)
                          ? _(sl_sharing_status_get_label (status)) : status_name,
                        count);
    }
  if (array_length (by_agency) == 0)
    add_empty_row (group, _("No requests in the period"));

  group = add_group (box, _("How Long Data Is Kept"), _("The retention period of each class of data"));
  {
    g_autoptr(GList) members = json_object_get_members (retention);

    for (GList *l = members; l != NULL && r->error == NULL; l = l->next)
      {
        gint64 days = read_int (r, retention, l->data, TRUE);
        g_autofree char *number = format_number (days);
        /* Translators: a retention period */
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", days), number);

        if (r->error == NULL)
          add_value_row (group, data_class_label (l->data), NULL, text);
      }
  }

  group = add_group (box, _("Permitted Uses"), _("The purposes a search may have, and nothing else"));
  for (guint i = 0; i < array_length (permitted) && r->error == NULL; i++)
    {
      const char *text = read_string_element (r, permitted, i, "permitted_uses");

      if (text != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

          gtk_widget_add_css_class (icon, "success");
          adw_action_row_add_prefix (add_row (group, text, NULL), icon);
        }
    }

  group = add_group (box, _("Prohibited Uses"), NULL);
  for (guint i = 0; i < array_length (prohibited) && r->error == NULL; i++)
    {
      const char *text = read_string_element (r, prohibited, i, "prohibited_uses");

      if (text != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");

          gtk_widget_add_css_class (icon, "error");
          adw_action_row_add_prefix (add_row (group, text, NULL), icon);
        }
    }

  group = add_group (box, _("Usage and Privacy Policy"),
                     _("The seven elements Civil Code 1798.90.51 requires, as the policy profile states them"));
  for (guint i = 0; i < array_length (privacy) && r->error == NULL; i++)
    {
      JsonObject *element = read_element (r, privacy, i, "privacy_policy");
      const char *heading = read_string (r, element, "element", TRUE);
      const char *text = read_string (r, element, "text", TRUE);
      GtkWidget *row;
      GtkWidget *label;

      if (r->error != NULL)
        break;

      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
      adw_preferences_group_add (group, row);
    }

  return GTK_WIDGET (box);
}

/* The reads per day chart: a bar a day of the period, the busiest the tallest. */
typedef struct
{
  GArray *counts;   /* gint64, one a day from @first */
  GDate   first;
  gint64  max;
} Chart;

static void
chart_free (gpointer data)
{
  Chart *chart = data;

  g_array_unref (chart->counts);
  g_free (chart);
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           gboolean    right)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, right ? x - width : x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  Chart *chart = data;
  GtkWidget *widget = GTK_WIDGET (area);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  const double left = 12, right = 12, top = 28, bottom = 26;
  double plot_width = width - left - right;
  double plot_height = height - top - bottom;
  double bar;
  GdkRGBA fg;
  GdkRGBA accent;
  g_autofree char *max_text = NULL;
  g_autofree char *top_text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GDate last_day = chart->first;

  if (chart->counts->len == 0 || plot_width <= 0 || plot_height <= 0)
    return;

  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");

  bar = plot_width / chart->counts->len;
  gdk_cairo_set_source_rgba (cr, &accent);
  for (guint i = 0; i < chart->counts->len && chart->max > 0; i++)
    {
      gint64 count = g_array_index (chart->counts, gint64, i);
      double h = plot_height * (double) count / (double) chart->max;

      if (count > 0)
        cairo_rectangle (cr, left + i * bar, top + plot_height - MAX (h, 1),
                         MAX (bar > 4 ? bar - 1 : bar, 0.5), MAX (h, 1));
    }
  cairo_fill (cr);

  /* the base line and the scale */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_rectangle (cr, left, top + plot_height, plot_width, 1);
  cairo_rectangle (cr, left, top, plot_width, 1);
  cairo_fill (cr);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  max_text = format_number (chart->max);
  /* Translators: the chart's scale; %s is a number of reads */
  top_text = g_strdup_printf (_("%s reads a day"), max_text);
  draw_text (widget, cr, top_text, left, 4, FALSE);
  g_date_add_days (&last_day, chart->counts->len - 1);
  first = format_date (&chart->first, "%Y-%m-%d");
  last = format_date (&last_day, "%Y-%m-%d");
  draw_text (widget, cr, first, left, top + plot_height + 5, FALSE);
  draw_text (widget, cr, last, width - right, top + plot_height + 5, TRUE);
}

static GtkWidget *
build_surveillance (SlReportsPage *self,
                    JsonObject    *answer,
                    Reader        *r)
{
  GtkBox *box = new_preview_box ();
  const char *agency = read_string (r, answer, "agency", FALSE);
  const char *policy = read_string (r, answer, "policy", FALSE);
  Figure figures[] = {
    { _("Cameras"), read_int (r, answer, "cameras", TRUE) },
    { _("Plates read"), read_int (r, answer, "reads", TRUE) },
    { _("Reads that matched a hot list"), read_int (r, answer, "hits", TRUE) },
    { _("Alerts"), read_int (r, answer, "alerts", TRUE) },
  };
  JsonArray *dispositions = read_array (r, answer, "dispositions");
  JsonArray *per_day = read_array (r, answer, "reads_per_day");
  g_autofree char *subtitle = NULL;
  AdwPreferencesGroup *group;
  Chart *chart;
  GtkWidget *area;
  GtkWidget *frame;
  guint n_days;
  guint busiest = 0;
  guint days_with_reads = 0;

  if (r->error != NULL)
    return GTK_WIDGET (box);

  subtitle = describe_period (self, agency, policy);
  add_header (box, _("Surveillance Technology Report"), subtitle);
  add_figures (box, figures, G_N_ELEMENTS (figures));

  /* the days of the period, the service's UTC days laid on them */
  n_days = g_date_days_between (&self->first_day, &self->last_day) + 1;
  chart = g_new0 (Chart, 1);
  chart->first = self->first_day;
  chart->counts = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n_days);
  g_array_set_size (chart->counts, n_days);
  for (guint i = 0; i < array_length (per_day) && r->error == NULL; i++)
    {
      JsonObject *row = read_element (r, per_day, i, "reads_per_day");
      const char *name = read_string (r, row, "name", TRUE);
      gint64 count = read_int (r, row, "count", TRUE);
      GDate day;
      int index;

      if (r->error != NULL || !sl_date_parse (name, &day, NULL))
        continue;
      /* The service counts by UTC day and the period runs local midnight to
       * local midnight: an edge day's reads go to the nearest day shown, so
       * the days add up to the reads. */
      index = CLAMP (g_date_days_between (&self->first_day, &day), 0, (int) n_days - 1);
      g_array_index (chart->counts, gint64, index) += count;
    }
  for (guint i = 0; i < n_days; i++)
    {
      gint64 count = g_array_index (chart->counts, gint64, i);

      days_with_reads += count > 0;
      if (count > chart->max)
        {
          chart->max = count;
          busiest = i;
        }
    }

  {
    g_autofree char *description = NULL;

    if (chart->max > 0)
      {
        GDate day = self->first_day;
        g_autofree char *date = NULL;
        g_autofree char *number = format_number (chart->max);

        g_date_add_days (&day, busiest);
        date = format_date (&day, "%Y-%m-%d");
        /* Translators: %1$u days of the period had reads; the busiest, %2$s, had %3$s */
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "Reads on %1$u day of the period; the busiest, %2$s, had %3$s",
                                                    "Reads on %1$u days of the period; the busiest, %2$s, had %3$s",
                                                    days_with_reads),
                                       days_with_reads, date, number);
      }
    else
      description = g_strdup (_("No plate was read in the period"));
    group = add_group (box, _("Reads per Day"), description);
  }

  area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart, chart, chart_free);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), area);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (group, frame);

  /* the same, a row a month */
  group = add_group (box, _("Reads per Month"), NULL);
  {
    GDate day = self->first_day;
    gint64 month_reads = 0;
    guint month_days = 0;

    for (guint i = 0; i < n_days; i++)
      {
        GDate next = day;

        month_reads += g_array_index (chart->counts, gint64, i);
        month_days += g_array_index (chart->counts, gint64, i) > 0;
        g_date_add_days (&next, 1);
        if (i == n_days - 1 || g_date_get_month (&next) != g_date_get_month (&day))
          {
            g_autofree char *month = format_date (&day, "%B %Y");
            /* Translators: how many days of a month had reads */
            g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day with reads",
                                                                   "%u days with reads", month_days),
                                                       month_days);

            add_number_row (group, month, detail, month_reads);
            month_reads = 0;
            month_days = 0;
          }
        day = next;
      }
  }

  add_dispositions (box, dispositions, r);
  return GTK_WIDGET (box);
}

static GtkWidget *
build_purges (SlReportsPage *self,
              JsonObject    *answer,
              Reader        *r)
{
  GtkBox *box = new_preview_box ();
  JsonArray *purges = read_array (r, answer, "purges");
  JsonArray *held = read_array (r, answer, "held");
  gint64 class_totals[G_N_ELEMENTS (data_classes)] = { 0 };
  gint64 removed = 0;
  gint64 kept = 0;
  g_autofree char *subtitle = NULL;
  AdwPreferencesGroup *group;
  AdwPreferencesGroup *holds_group;
  AdwPreferencesGroup *classes_group;

  if (r->error != NULL)
    return GTK_WIDGET (box);

  {
    g_autofree char *first = format_date (&self->first_day, "%Y-%m-%d");
    g_autofree char *last = format_date (&self->last_day, "%Y-%m-%d");

    /* Translators: the purge report's scope */
    subtitle = g_strdup_printf (_("Purges from %s to %s; the legal holds in force today"), first, last);
  }
  add_header (box, _("Purges and Legal Holds"), subtitle);

  /* built before the figures that sum them, shown after */
  holds_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (holds_group, _("Legal Holds in Force"));
  adw_preferences_group_set_description (holds_group, _("Why data is kept beyond its retention period"));
  for (guint i = 0; i < array_length (held) && r->error == NULL; i++)
    {
      JsonObject *hold = read_element (r, held, i, "held");
      const char *case_number = read_string (r, hold, "case_number", TRUE);
      const char *reason = read_string (r, hold, "reason", FALSE);
      const char *created_by = read_string (r, hold, "created_by", FALSE);
      g_autofree char *created = sl_clock_format_local (read_string (r, hold, "created_at", FALSE), "%Y-%m-%d");
      g_autofree char *review = sl_clock_format_local (read_string (r, hold, "review_at", FALSE), "%Y-%m-%d");
      gint64 reads = read_int (r, hold, "reads", FALSE);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *number = NULL;
      g_autofree char *value = NULL;

      if (r->error != NULL)
        break;
      /* Translators: a legal hold's title; %s is its case number */
      title = g_strdup_printf (_("Case %s"), case_number);
      /* Translators: %1$s why a hold was placed, %2$s by whom, %3$s when */
      detail = g_strdup_printf (_("%1$s · placed by %2$s on %3$s"),
                                reason != NULL ? reason : "", created_by != NULL ? created_by : "—",
                                created != NULL ? created : "—");
      number = format_number (reads);
      /* Translators: the reads a hold keeps */
      value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s read", "%s reads", reads), number);
      {
        GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        /* Translators: %s is the date a legal hold is reviewed, or lapses */
        g_autofree char *review_text = g_strdup_printf (_("Review by %s"), review != NULL ? review : "—");
        GtkWidget *reads_label = value_label (value);

        gtk_widget_set_valign (column, GTK_ALIGN_CENTER);
        gtk_box_append (GTK_BOX (column), reads_label);
        gtk_box_append (GTK_BOX (column), tag (review_text, "dim-label"));
        adw_action_row_add_suffix (add_row (holds_group, title, detail), column);
      }
    }
  if (array_length (held) == 0)
    add_empty_row (holds_group, _("No hold is in force: nothing is kept past its time"));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Each Purge"));
  adw_preferences_group_set_description (group, _("Newest first, with what each removed by class"));
  for (guint i = 0; i < array_length (purges) && r->error == NULL; i++)
    {
      JsonObject *purge = read_element (r, purges, i, "purges");
      g_autofree char *at = sl_clock_format_local (read_string (r, purge, "at", TRUE), "%Y-%m-%d %H:%M");
      const char *by = read_string (r, purge, "by", FALSE);
      gint64 total = read_int (r, purge, "total", TRUE);
      JsonObject *data = read_object (r, purge, "data", FALSE);
      JsonObject *counts = read_object (r, data, "counts", FALSE);
      gint64 held_reads = read_int (r, data, "held_reads", FALSE);
      g_autofree char *total_text = format_number (total);
      g_autofree char *held_text = format_number (held_reads);
      g_autofree char *detail = NULL;
      GtkWidget *row;

      if (r->error != NULL)
        break;

      removed += total;
      if (i == 0)
        kept = held_reads;

      /* Translators: %1$s rows removed, %2$s reads kept by holds, %3$s who purged */
      detail = g_strdup_printf (_("%1$s rows removed · %2$s reads kept by holds · by %3$s"),
                                total_text, held_text, by != NULL ? by : "—");
      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), at);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), detail);
      for (guint c = 0; c < G_N_ELEMENTS (data_classes) && counts != NULL; c++)
        {
          gint64 count;
          GtkWidget *class_row;
          g_autofree char *number = NULL;

          if (!json_object_has_member (counts, data_classes[c].name))
            continue;
          count = read_int (r, counts, data_classes[c].name, TRUE);
          class_totals[c] += count;
          number = format_number (count);
          class_row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (class_row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (class_row), _(data_classes[c].label));
          adw_action_row_add_suffix (ADW_ACTION_ROW (class_row), value_label (number));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), class_row);
        }
      adw_preferences_group_add (group, row);
    }
  if (array_length (purges) == 0)
    add_empty_row (group, _("No purge ran in the period"));

  {
    Figure figures[] = {
      { _("Purges"), array_length (purges) },
      { _("Rows removed"), removed },
      { _("Reads kept by holds at the last purge"), kept },
      { _("Legal holds in force"), array_length (held) },
    };

    add_figures (box, figures, G_N_ELEMENTS (figures));
  }
  gtk_box_append (box, GTK_WIDGET (holds_group));

  /* without a purge, the sums would be a column of noughts */
  if (array_length (purges) > 0)
    {
      classes_group = add_group (box, _("Removed in the Period"), _("Every purge’s counts added up, by class of data"));
      for (guint c = 0; c < G_N_ELEMENTS (data_classes); c++)
        if (!g_str_equal (data_classes[c].name, "access_log"))
          add_number_row (classes_group, _(data_classes[c].label), NULL, class_totals[c]);
    }
  gtk_box_append (box, GTK_WIDGET (group));

  return GTK_WIDGET (box);
}

/* "ALPR Administrator", or the names as they came for roles the client does not know. */
static char *
roles_text (Reader    *r,
            JsonArray *roles)
{
  g_autoptr(GString) unknown = g_string_new (NULL);
  g_autofree char *known = NULL;
  SlRoles set = 0;

  for (guint i = 0; i < array_length (roles) && r->error == NULL; i++)
    {
      const char *name = read_string_element (r, roles, i, "roles");
      SlRoles role = name != NULL ? sl_role_from_string (name) : 0;

      if (role != 0)
        set |= role;
      else if (name != NULL)
        g_string_append_printf (unknown, "%s%s", unknown->len > 0 ? ", " : "", name);
    }
  if (set == 0 && unknown->len > 0)
    return g_strdup (unknown->str);
  known = sl_roles_to_display (set);
  return unknown->len > 0 ? g_strdup_printf ("%s, %s", known, unknown->str) : g_steal_pointer (&known);
}

static GtkWidget *
build_review (SlReportsPage *self,
              JsonObject    *answer,
              Reader        *r)
{
  GtkBox *box = new_preview_box ();
  JsonArray *users = read_array (r, answer, "users");
  AdwPreferencesGroup *group;
  gint64 current = 0;
  gint64 lapsed = 0;
  gint64 blocked = 0;

  if (r->error != NULL)
    return GTK_WIDGET (box);

  add_header (box, _("Account Review"),
              _("Every account as of today: roles, supervisor, last login and training. "
                "Accounts without a login for 90 days are disabled by the daily duties."));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Accounts"));
  for (guint i = 0; i < array_length (users) && r->error == NULL; i++)
    {
      JsonObject *user = read_element (r, users, i, "users");
      const char *username = read_string (r, user, "username", TRUE);
      const char *full_name = read_string (r, user, "full_name", FALSE);
      g_autofree char *roles = roles_text (r, read_array (r, user, "roles"));
      const char *supervisor = read_string (r, user, "supervisor", FALSE);
      g_autofree char *last_login = sl_clock_format_local (read_string (r, user, "last_login_at", FALSE), "%Y-%m-%d %H:%M");
      g_autofree char *disabled = sl_clock_format_local (read_string (r, user, "disabled_at", FALSE), "%Y-%m-%d");
      JsonObject *training = read_object (r, user, "training", TRUE);
      const char *status = read_string (r, training, "status", TRUE);
      const char *expires_on = read_string (r, training, "expires_on", FALSE);
      gboolean locked = FALSE;
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *training_text = NULL;
      const char *training_style;
      GtkWidget *tags;
      AdwActionRow *row;

      if (r->error == NULL && !sl_json_get_boolean (user, "locked", FALSE, &locked, &r->error))
        break;
      if (r->error != NULL)
        break;

      title = full_name != NULL && *full_name != '\0' ? g_strdup_printf ("%s (%s)", full_name, username)
                                                      : g_strdup (username);
      /* Translators: %1$s the account's roles, %2$s its supervisor */
      detail = g_strdup_printf (_("%1$s · supervisor: %2$s"), roles, supervisor != NULL ? supervisor : _("none"));

      if (g_str_equal (status, "current"))
        {
          /* Translators: %s is the date training expires */
          training_text = g_strdup_printf (_("Training current to %s"), expires_on != NULL ? expires_on : "—");
          training_style = "success";
          current++;
        }
      else if (g_str_equal (status, "expiring"))
        {
          /* Translators: %s is the date training expires */
          training_text = g_strdup_printf (_("Training expires %s"), expires_on != NULL ? expires_on : "—");
          training_style = "warning";
          current++;
        }
      else if (g_str_equal (status, "expired"))
        {
          /* Translators: %s is the date training expired */
          training_text = g_strdup_printf (_("Training lapsed %s"), expires_on != NULL ? expires_on : "—");
          training_style = "error";
          lapsed++;
        }
      else
        {
          training_text = g_strdup (_("No training on record"));
          training_style = "error";
          lapsed++;
        }

      row = add_row (group, title, detail);
      tags = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_valign (tags, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (tags), tag (training_text, training_style));
      if (locked)
        gtk_box_append (GTK_BOX (tags), tag (_("Locked"), "error"));
      if (disabled != NULL)
        {
          /* Translators: %s is the date an account was disabled */
          g_autofree char *text = g_strdup_printf (_("Disabled %s"), disabled);

          gtk_box_append (GTK_BOX (tags), tag (text, "dim-label"));
        }
      {
        /* Translators: %s is the time of an account's last login, or "never" */
        g_autofree char *text = g_strdup_printf (_("Last login %s"), last_login != NULL ? last_login : _("never"));

        gtk_box_append (GTK_BOX (tags), tag (text, "dim-label"));
      }
      blocked += locked || disabled != NULL;
      adw_action_row_add_suffix (row, tags);
    }
  if (array_length (users) == 0)
    add_empty_row (group, _("No accounts"));

  {
    Figure figures[] = {
      { _("Accounts"), array_length (users) },
      { _("Training current"), current },
      { _("Training lapsed or missing"), lapsed },
      { _("Locked or disabled"), blocked },
    };

    add_figures (box, figures, G_N_ELEMENTS (figures));
  }
  gtk_box_append (box, GTK_WIDGET (group));
  return GTK_WIDGET (box);
}

/* Returns: (transfer floating) (nullable): the preview, or %NULL with @error set */
static GtkWidget *
build_preview (SlReportsPage  *self,
               SlReport        report,
               JsonObject     *answer,
               GError        **error)
{
  Reader r = { NULL };
  GtkWidget *preview;

  switch (report)
    {
    case SL_REPORT_TRANSPARENCY:
      preview = build_transparency (self, answer, &r);
      break;
    case SL_REPORT_SURVEILLANCE:
      preview = build_surveillance (self, answer, &r);
      break;
    case SL_REPORT_PURGES:
      preview = build_purges (self, answer, &r);
      break;
    case SL_REPORT_ACCOUNT_REVIEW:
    case SL_N_REPORTS:
    default:
      preview = build_review (self, answer, &r);
      break;
    }

  if (r.error != NULL)
    {
      g_object_ref_sink (preview);
      g_object_unref (preview);
      g_propagate_error (error, r.error);
      return NULL;
    }
  return preview;
}

/* ---- loading ---- */

static void
update_actions (SlReportsPage *self)
{
  gboolean ready = self->client != NULL && self->session != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.refresh", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", ready && !self->exporting);
  gtk_spinner_set_spinning (self->spinner, self->loading);
  gtk_spinner_set_spinning (self->loading_spinner, self->loading);
}

static void
update_controls (SlReportsPage *self)
{
  gboolean document = reports[self->report].document;

  gtk_widget_set_visible (GTK_WIDGET (self->review_row), has_role (self, REVIEW_ROLES));
  gtk_widget_set_visible (GTK_WIDGET (self->period_box), reports[self->report].has_period);
  gtk_widget_set_visible (GTK_WIDGET (self->scope_label), !reports[self->report].has_period);
  gtk_label_set_text (self->scope_label, _("Every account, as it stands today"));
  gtk_widget_set_visible (GTK_WIDGET (self->export_menu_button), document);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), !document);
  update_actions (self);
}

static void
show_failure (SlReportsPage *self,
              const char    *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  set_error (self, message);
  g_clear_pointer (&self->answer, json_object_unref);
  /* the description is markup; the message may quote anything */
  adw_status_page_set_description (self->error_status, escaped);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;
  SlReportsPage *self = call->page;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *preview;

  answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_free (call);
      return;
    }

  self->loading = FALSE;
  update_actions (self);

  if (answer == NULL)
    show_failure (self, error->message);
  else if ((preview = build_preview (self, call->report, answer, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The service’s answer could not be read: %s"), error->message);

      show_failure (self, message);
    }
  else
    {
      set_error (self, NULL);
      g_clear_pointer (&self->answer, json_object_unref);
      self->answer = g_steal_pointer (&answer);
      adw_clamp_set_child (self->preview_clamp, preview);
      gtk_stack_set_visible_child_name (self->content_stack, "preview");
    }
  call_free (call);
}

static void
load (SlReportsPage *self)
{
  g_autofree char *path = NULL;
  Call *call;

  if (self->client == NULL || self->session == NULL || !sl_reports_page_offers (self, self->report))
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  path = report_path (self, self->report, NULL);
  /* another report or period: the old preview would mislead while this one comes */
  if (g_strcmp0 (path, self->shown_path) != 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "preview") != 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
      g_clear_pointer (&self->answer, json_object_unref);
    }
  g_free (self->shown_path);
  self->shown_path = g_strdup (path);

  self->loading = TRUE;
  update_actions (self);

  call = g_new0 (Call, 1);
  call->page = g_object_ref (self);
  call->report = self->report;
  sl_client_call_async (self->client, "GET", path, NULL, self->load_cancellable, loaded_cb, call);
}

/* Loads what is chosen unless it is what the preview shows. */
static void
load_if_stale (SlReportsPage *self)
{
  g_autofree char *path = NULL;

  if (self->client == NULL || self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  refresh_quick_period (self);
  path = report_path (self, self->report, NULL);
  if (g_strcmp0 (path, self->shown_path) != 0)
    load (self);
}

/* ---- exporting ---- */

static void
export_progress_cb (goffset  received,
                    goffset  total,
                    gpointer user_data)
{
  Call *call = user_data;

  /* a last report may come after the page went */
  if (call->page->export_progress == NULL || !call->page->exporting)
    return;
  if (total > 0)
    gtk_progress_bar_set_fraction (call->page->export_progress, (double) received / (double) total);
  else
    gtk_progress_bar_pulse (call->page->export_progress);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  SlReportsPage *self = call->page;
  g_autoptr(GError) error = NULL;
  goffset size;

  size = sl_client_download_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_free (call);
      return;
    }

  self->exporting = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  update_actions (self);

  if (size < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The export failed: %s"), error->message);

      set_error (self, message);
      toast (self, message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (call->file);
      /* Translators: %s is a file's name */
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      self->exported_size = size;
      toast (self, message);
    }
  call_free (call);
}

static void
chooser_response_cb (SlReportsPage *self,
                     int            response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = g_strdup (g_object_get_data (G_OBJECT (self->chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  /* a document becomes what its name says */
  if (reports[self->report].document)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
        {
          g_free (format);
          format = g_strdup ("html");
        }
      else if (g_str_has_suffix (lower, ".pdf"))
        {
          g_free (format);
          format = g_strdup ("pdf");
        }
    }
  sl_reports_page_export (self, format, file);
}

static void
open_chooser (SlReportsPage *self,
              const char    *format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  /* Translators: a file chooser's title; %s names a report */
  g_autofree char *title = g_strdup_printf (_("Export the %s"), _(reports[self->report].title));

  if (self->chooser != NULL || self->client == NULL)
    return;

  name = default_file_name (self, format);
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- actions and callbacks ---- */

/* Dates typed but not yet entered count when the user refreshes or
 * exports; FALSE, having said why, when they are not a period. */
static gboolean
take_typed_period (SlReportsPage *self)
{
  g_autofree char *first = format_date (&self->first_day, "%Y-%m-%d");
  g_autofree char *last = format_date (&self->last_day, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  if (!reports[self->report].has_period ||
      (g_str_equal (first, gtk_editable_get_text (GTK_EDITABLE (self->from_entry))) &&
       g_str_equal (last, gtk_editable_get_text (GTK_EDITABLE (self->to_entry)))))
    return TRUE;

  if (!read_period (self, &error))
    {
      toast (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  /* typed dates are a custom period */
  self->setting_period = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, SL_REPORT_PERIOD_CUSTOM);
  self->setting_period = FALSE;
  return TRUE;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  if (take_typed_period (SL_REPORTS_PAGE (widget)))
    sl_reports_page_refresh (SL_REPORTS_PAGE (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlReportsPage *self = SL_REPORTS_PAGE (widget);
  const char *format = parameter != NULL ? g_variant_get_string (parameter, NULL) : "";

  if (!take_typed_period (self))
    return;
  /* a period typed just now: export what the preview will show */
  load_if_stale (self);

  /* Ctrl+E and the CSV button: the report's own format */
  if (*format == '\0' || !reports[self->report].document)
    format = default_format (self->report);
  open_chooser (self, format);
}

static void
report_selected_cb (SlReportsPage *self,
                    GtkListBoxRow *row)
{
  if (row == NULL || self->selecting)
    return;

  for (SlReport report = 0; report < SL_N_REPORTS; report++)
    if (row_of (self, report) == row)
      self->report = report;

  update_controls (self);
  load (self);
}

static void
period_changed_cb (SlReportsPage *self)
{
  SlReportPeriod period = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->setting_period)
    return;

  if (period == SL_REPORT_PERIOD_CUSTOM)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
      return;
    }
  refresh_quick_period (self);
  load (self);
}

static void
dates_activated_cb (SlReportsPage *self)
{
  if (take_typed_period (self))
    load (self);
}

/* ---- overrides ---- */

static void
sl_reports_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_reports_page_parent_class)->map (widget);

  load_if_stale (SL_REPORTS_PAGE (widget));
}

static void
sl_reports_page_dispose (GObject *object)
{
  SlReportsPage *self = SL_REPORTS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  self->exporting = FALSE;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_REPORTS_PAGE);

  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_pointer (&self->answer, json_object_unref);

  G_OBJECT_CLASS (sl_reports_page_parent_class)->dispose (object);
}

static void
sl_reports_page_finalize (GObject *object)
{
  SlReportsPage *self = SL_REPORTS_PAGE (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->export_cancellable);
  g_free (self->error);
  g_free (self->shown_path);

  G_OBJECT_CLASS (sl_reports_page_parent_class)->finalize (object);
}

static void
sl_reports_page_class_init (SlReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_reports_page_dispose;
  object_class->finalize = sl_reports_page_finalize;
  widget_class->map = sl_reports_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, report_list);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, transparency_row);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, surveillance_row);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, purges_row);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, review_row);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, period_box);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, export_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, preview_clamp);
  gtk_widget_class_bind_template_child (widget_class, SlReportsPage, error_status);
  gtk_widget_class_bind_template_callback (widget_class, report_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dates_activated_cb);

  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "reports.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "reports.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "reports.export", "s", "");

  gtk_widget_class_set_css_name (widget_class, "reportspage");
}

static void
sl_reports_page_init (SlReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->report = SL_REPORT_TRANSPARENCY;
  self->exported_size = -1;
  period_days (SL_REPORT_PERIOD_LAST_12_MONTHS, &self->first_day, &self->last_day);
  show_period (self);

  self->selecting = TRUE;
  gtk_list_box_select_row (self->report_list, self->transparency_row);
  self->selecting = FALSE;
  update_controls (self);
}

/* ---- public API ---- */

GtkWidget *
sl_reports_page_new (void)
{
  return g_object_new (SL_TYPE_REPORTS_PAGE, NULL);
}

void
sl_reports_page_set_client (SlReportsPage *self,
                            SlClient      *client)
{
  g_return_if_fail (SL_IS_REPORTS_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_clear_pointer (&self->shown_path, g_free);
  update_actions (self);
  load_if_stale (self);
}

/**
 * sl_reports_page_set_session:
 *
 * The account review is offered to administrators and auditors only; the
 * other reports to every role that sees the page.
 */
void
sl_reports_page_set_session (SlReportsPage *self,
                             SlSession     *session)
{
  g_return_if_fail (SL_IS_REPORTS_PAGE (self));

  if (self->session != session)
    {
      g_clear_pointer (&self->session, sl_session_unref);
      self->session = session != NULL ? sl_session_ref (session) : NULL;
    }

  /* another user sees nothing of the last one's reports */
  g_cancellable_cancel (self->load_cancellable);
  self->loading = FALSE;
  g_clear_pointer (&self->shown_path, g_free);
  g_clear_pointer (&self->answer, json_object_unref);
  adw_clamp_set_child (self->preview_clamp, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");

  if (!sl_reports_page_offers (self, self->report))
    {
      self->report = SL_REPORT_TRANSPARENCY;
      self->selecting = TRUE;
      gtk_list_box_select_row (self->report_list, self->transparency_row);
      self->selecting = FALSE;
    }
  update_controls (self);
  load_if_stale (self);
}

/* Returns: whether @report is among the choices, as the user's roles allow */
gboolean
sl_reports_page_offers (SlReportsPage *self,
                        SlReport       report)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (report < SL_N_REPORTS, FALSE);

  return report != SL_REPORT_ACCOUNT_REVIEW || has_role (self, REVIEW_ROLES);
}

/**
 * sl_reports_page_select:
 *
 * Shows @report, loading its preview.
 *
 * Returns: %FALSE when the user's roles do not offer it
 */
gboolean
sl_reports_page_select (SlReportsPage *self,
                        SlReport       report)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (report < SL_N_REPORTS, FALSE);

  if (!sl_reports_page_offers (self, report))
    return FALSE;

  if (gtk_list_box_get_selected_row (self->report_list) == row_of (self, report))
    {
      self->report = report;
      update_controls (self);
      load (self);
    }
  else
    gtk_list_box_select_row (self->report_list, row_of (self, report));
  return TRUE;
}

SlReport
sl_reports_page_get_report (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), SL_REPORT_TRANSPARENCY);
  return self->report;
}

/**
 * sl_reports_page_set_period:
 * @first_day: (nullable): for %SL_REPORT_PERIOD_CUSTOM, as 2026-01-31
 * @last_day: (nullable): for %SL_REPORT_PERIOD_CUSTOM, included
 *
 * Sets the period and loads the report over it.
 *
 * Returns: %FALSE, with the reason shown, when the days cannot be read
 */
gboolean
sl_reports_page_set_period (SlReportsPage  *self,
                            SlReportPeriod  period,
                            const char     *first_day,
                            const char     *last_day)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (period <= SL_REPORT_PERIOD_CUSTOM, FALSE);

  self->setting_period = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, period);
  if (period == SL_REPORT_PERIOD_CUSTOM)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first_day != NULL ? first_day : "");
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), last_day != NULL ? last_day : "");
    }
  self->setting_period = FALSE;

  if (period != SL_REPORT_PERIOD_CUSTOM)
    refresh_quick_period (self);
  else if (!read_period (self, &error))
    {
      set_error (self, error->message);
      toast (self, error->message);
      return FALSE;
    }
  load (self);
  return TRUE;
}

/* Loads the chosen report again. */
void
sl_reports_page_refresh (SlReportsPage *self)
{
  g_return_if_fail (SL_IS_REPORTS_PAGE (self));

  refresh_quick_period (self);
  load (self);
}

/**
 * sl_reports_page_export:
 * @format: (nullable): "pdf" or "html" for the transparency and surveillance
 *   reports, "csv" for the others; %NULL for the report's own
 * @file: where it goes; replaced only once complete
 *
 * Saves the chosen report over the period as the service makes it; the
 * service logs the export.
 */
void
sl_reports_page_export (SlReportsPage *self,
                        const char    *format,
                        GFile         *file)
{
  g_autofree char *path = NULL;
  Call *call;

  g_return_if_fail (SL_IS_REPORTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->client == NULL)
    return;
  if (format == NULL || *format == '\0')
    format = default_format (self->report);

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();

  set_error (self, NULL);
  self->exporting = TRUE;
  self->exported_size = -1;
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  update_actions (self);

  path = report_path (self, self->report, format);
  call = g_new0 (Call, 1);
  call->page = g_object_ref (self);
  call->report = self->report;
  call->file = g_object_ref (file);
  sl_client_download_async (self->client, path, file, export_progress_cb, call, self->export_cancellable,
                            exported_cb, call);
}

gboolean
sl_reports_page_is_busy (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  return self->loading;
}

gboolean
sl_reports_page_is_exporting (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  return self->exporting;
}

/* Returns: whether a preview of the chosen report is shown */
gboolean
sl_reports_page_has_preview (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), FALSE);
  return self->answer != NULL && !self->loading;
}

/**
 * sl_reports_page_get_figure:
 * @member: a member of the service's answer, e.g. "reads", "cameras",
 *   "purges", "held" or "users"
 *
 * Returns: the number the preview shows for @member, the length of a list,
 *   or -1 when there is none
 */
gint64
sl_reports_page_get_figure (SlReportsPage *self,
                            const char    *member)
{
  JsonNode *node;

  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), -1);
  g_return_val_if_fail (member != NULL, -1);

  if (self->answer == NULL || (node = json_object_get_member (self->answer, member)) == NULL)
    return -1;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return -1;
}

/* Returns: the bytes the last export saved, or -1 */
goffset
sl_reports_page_get_exported_size (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), -1);
  return self->exported_size;
}

/* Returns: (nullable): why the last preview or export failed */
const char *
sl_reports_page_get_error (SlReportsPage *self)
{
  g_return_val_if_fail (SL_IS_REPORTS_PAGE (self), NULL);
  return self->error;
}
