#define G_LOG_DOMAIN "sl-requests-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-clock.h"
#include "sl-json.h"
#include "sl-requests-page.h"

/* Who does what here; the service checks each again. */
#define INTAKE_ROLES (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR)
#define REGISTER_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR | SL_ROLE_AUDITOR)
#define FULFIL_ROLES (SL_ROLE_RECORDS | SL_ROLE_ADMINISTRATOR)

/* The dropdown's statuses after "All", in the order a reviewer cares about. */
static const SlSharingStatus filter_statuses[] = {
  SL_SHARING_UNDER_REVIEW, SL_SHARING_APPROVED, SL_SHARING_DENIED, SL_SHARING_ROUTED_TO_RECORDS, SL_SHARING_REFUSED,
};

struct _SlRequestsPage
{
  GtkWidget             parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkSpinner           *spinner;
  GtkMenuButton        *export_button;
  GtkButton            *new_button;
  GtkDropDown          *status_dropdown;
  GtkSearchEntry       *agency_entry;
  GtkStack             *list_stack;
  GtkListBox           *list_box;
  AdwStatusPage        *list_status;
  GtkStack             *detail_stack;
  GtkBox               *detail_box;

  /* owned */
  SlClient             *client;
  SlSession            *session;
  SlMapPage            *map_page;
  GCancellable         *list_cancellable;
  GCancellable         *detail_cancellable;
  GPtrArray            *requests;        /* SlSharingRequest, as listed */
  SlSharingCounts       counts;
  SlSharingRequest     *selected;        /* as last fetched */
  SlSharingRelease     *preview;
  SlSharingRelease     *release;         /* the package built last, for the selected request */
  GtkFileChooserNative *chooser;
  char                 *error;
  guint                 busy;
  gboolean              updating_filter;

  /* the review and release controls, while the detail shows them */
  AdwEntryRow          *reason_row;
  AdwEntryRow          *plates_row;
  AdwEntryRow          *ends_row;
  GtkProgressBar       *progress;
  GtkLabel             *preview_label;
};

G_DEFINE_FINAL_TYPE (SlRequestsPage, sl_requests_page, GTK_TYPE_WIDGET)

static void load_detail (SlRequestsPage *self, gint64 id);
static void show_detail (SlRequestsPage *self);

static void
toast (SlRequestsPage *self,
       const char     *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_error (SlRequestsPage *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    toast (self, message);
}

static void
busy_push (SlRequestsPage *self)
{
  if (self->busy++ == 0)
    gtk_spinner_set_spinning (self->spinner, TRUE);
}

static void
busy_pop (SlRequestsPage *self)
{
  g_return_if_fail (self->busy > 0);
  if (--self->busy == 0)
    gtk_spinner_set_spinning (self->spinner, FALSE);
}

static gboolean
has_role (SlRequestsPage *self,
          SlRoles         roles)
{
  return self->session != NULL && (sl_session_get_roles (self->session) & roles) != 0;
}

static const char *
status_css (SlSharingStatus status)
{
  switch (status)
    {
    case SL_SHARING_APPROVED:
      return "success";
    case SL_SHARING_UNDER_REVIEW:
    case SL_SHARING_ROUTED_TO_RECORDS:
      return "warning";
    case SL_SHARING_REFUSED:
    case SL_SHARING_DENIED:
    default:
      return "error";
    }
}

static const char *
status_label (SlSharingStatus status)
{
  static const char * const labels[] = {
    N_("Refused"), N_("Routed to Records"), N_("Under review"), N_("Approved"), N_("Denied"),
  };

  return _(labels[status]);
}

/* "1 read and 2 images", "3 reads and 1 image" */
static char *
count_text (gint64 reads,
            gint64 images)
{
  g_autofree char *r = g_strdup_printf (g_dngettext (NULL, "%u read", "%u reads", (guint) reads), (guint) reads);
  g_autofree char *i = g_strdup_printf (g_dngettext (NULL, "%u image", "%u images", (guint) images), (guint) images);

  /* Translators: a number of reads, then a number of images */
  return g_strdup_printf (_("%s and %s"), r, i);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us == 0)
    return g_strdup (_("none"));
  time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

/* "7ABC123, 8XYZ999 · 2026-02-01 to 2026-02-15 · an area", from a scope's JSON. */
static char *
describe_scope (const char *json)
{
  g_autoptr(JsonObject) scope = json != NULL ? sl_json_parse_object (json, -1, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *plates = NULL;
  const char *from = NULL, *to = NULL;
  gint64 from_us = 0, to_us = 0;

  if (scope == NULL)
    return g_strdup ("");

  if (sl_json_get_array (scope, "plates", FALSE, &plates, NULL) && plates != NULL)
    for (guint i = 0; i < json_array_get_length (plates); i++)
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (plates, i));
  sl_json_get_string (scope, "from", FALSE, &from, NULL);
  sl_json_get_string (scope, "to", FALSE, &to, NULL);
  if (from != NULL && to != NULL && sl_clock_parse_iso8601 (from, &from_us, NULL) &&
      sl_clock_parse_iso8601 (to, &to_us, NULL))
    {
      g_autofree char *start = format_time (from_us);
      g_autofree char *end = format_time (to_us);

      /* Translators: a time range */
      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", "");
      g_string_append_printf (text, _("%s to %s"), start, end);
    }
  if (json_object_has_member (scope, "area"))
    {
      JsonObject *area = json_object_get_object_member (scope, "area");

      g_string_append (text, " · ");
      if (json_object_has_member (area, "polygon"))
        g_string_append (text, _("inside a polygon drawn on the map"));
      else
        /* Translators: a radius in metres around a point */
        g_string_append_printf (text, _("within %.0f m of %.5f, %.5f"),
                                json_object_get_double_member_with_default (area, "radius_m", 0),
                                json_object_get_double_member_with_default (area, "lat", 0),
                                json_object_get_double_member_with_default (area, "lon", 0));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The plates of a scope, comma-separated. */
static char *
scope_plates (const char *json)
{
  g_autoptr(JsonObject) scope = json != NULL ? sl_json_parse_object (json, -1, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *plates = NULL;

  if (scope != NULL && sl_json_get_array (scope, "plates", FALSE, &plates, NULL) && plates != NULL)
    for (guint i = 0; i < json_array_get_length (plates); i++)
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (plates, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The register ---------------------------------------------------------------- */

static GtkWidget *
make_row (const SlSharingRequest *request)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *agency = gtk_label_new (request->agency_name);
  GtkWidget *status = gtk_label_new (status_label (request->status));
  g_autofree char *when = format_time (request->received_us);
  /* Translators: a request's number, when it came and who entered it */
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, request->id);
  g_autofree char *meta = g_strdup_printf (_("No. %s · %s · %s"), number, when, request->entered_by);
  GtkWidget *sub = gtk_label_new (meta);

  gtk_label_set_xalign (GTK_LABEL (agency), 0);
  gtk_label_set_ellipsize (GTK_LABEL (agency), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (agency, TRUE);
  gtk_widget_add_css_class (agency, "heading");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, status_css (request->status));
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");

  gtk_box_append (GTK_BOX (top), agency);
  gtk_box_append (GTK_BOX (top), status);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "request-id", GINT_TO_POINTER ((int) request->id));
  return row;
}

static void
update_filter_labels (SlRequestsPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);
  gint64 total = 0;

  for (int s = 0; s < SL_SHARING_N_STATUSES; s++)
    total += self->counts.counts[s];

  self->updating_filter = TRUE;
  if (self->counts.known)
    {
      g_autofree char *all = g_strdup_printf (_("All Requests (%u)"), (guint) total);

      gtk_string_list_append (labels, all);
      for (guint i = 0; i < G_N_ELEMENTS (filter_statuses); i++)
        {
          /* Translators: a status, then how many requests have it */
          g_autofree char *label = g_strdup_printf (_("%s (%u)"), status_label (filter_statuses[i]),
                                                    (guint) self->counts.counts[filter_statuses[i]]);

          gtk_string_list_append (labels, label);
        }
    }
  else
    {
      gtk_string_list_append (labels, _("Requests You Entered"));
      for (guint i = 0; i < G_N_ELEMENTS (filter_statuses); i++)
        gtk_string_list_append (labels, status_label (filter_statuses[i]));
    }
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->status_dropdown, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  self->updating_filter = FALSE;
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlRequestsPage) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  SlSharingCounts counts = { 0 };
  gint64 keep = self->selected != NULL ? self->selected->id : 0;
  GtkWidget *child;

  requests = sl_client_list_sharing_requests_finish (SL_CLIENT (object), result, &counts, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_pop (self);
  g_clear_object (&self->list_cancellable);

  if (requests == NULL)
    {
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  self->requests = g_steal_pointer (&requests);
  if (counts.known || !self->counts.known)
    self->counts = counts;
  update_filter_labels (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < self->requests->len; i++)
    {
      const SlSharingRequest *request = self->requests->pdata[i];
      GtkWidget *row = make_row (request);

      gtk_list_box_append (self->list_box, row);
      if (request->id == keep)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
    }

  adw_status_page_set_description (self->list_status,
                                   has_role (self, INTAKE_ROLES)
                                   ? _("Enter a written request from an outside agency with the + button.")
                                   : _("No request matches."));
  gtk_stack_set_visible_child_name (self->list_stack, self->requests->len > 0 ? "list" : "empty");
}

/**
 * sl_requests_page_refresh:
 *
 * Reads the register again, under the status and agency filters.
 */
void
sl_requests_page_refresh (SlRequestsPage *self)
{
  guint selected;
  const char *status = NULL;
  const char *agency;

  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));

  if (self->client == NULL || self->session == NULL)
    return;

  selected = gtk_drop_down_get_selected (self->status_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= G_N_ELEMENTS (filter_statuses))
    status = sl_sharing_status_to_string (filter_statuses[selected - 1]);
  agency = gtk_editable_get_text (GTK_EDITABLE (self->agency_entry));

  g_cancellable_cancel (self->list_cancellable);
  if (self->list_cancellable != NULL)
    busy_pop (self);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  busy_push (self);
  sl_client_list_sharing_requests_async (self->client, status, *agency != '\0' ? agency : NULL,
                                         self->list_cancellable, listed_cb, g_object_ref (self));
}

static void
filter_changed_cb (SlRequestsPage *self)
{
  if (!self->updating_filter)
    sl_requests_page_refresh (self);
}

static void
row_selected_cb (SlRequestsPage *self,
                 GtkListBoxRow  *row)
{
  if (row == NULL)
    return;
  load_detail (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "request-id")));
}

/* The detail ------------------------------------------------------------------- */

static GtkWidget *
info_row (const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
add (GtkWidget *group,
     GtkWidget *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static GtkWidget *
checks_group (const SlSharingRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkWidget *group = group_new (_("Rules Applied at Intake"),
                                _("Checked in order as the request was entered; the first that applied decided."));
  JsonArray *checks;

  if (!json_parser_load_from_data (parser, request->checks, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return group;

  checks = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      gboolean applies = json_object_get_boolean_member_with_default (check, "applies", FALSE);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (applies ? "go-next-symbolic" : "object-select-symbolic");
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s",
                                                   json_object_get_string_member_with_default (check, "reason", ""),
                                                   json_object_get_string_member_with_default (check, "basis", ""));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     applies ? _("Applied: decided the request") : _("Passed: did not apply"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, applies ? status_css (request->status) : "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      add (group, row);
    }

  return group;
}

static void
decide_clicked_cb (GtkButton      *button,
                   SlRequestsPage *self)
{
  gboolean approve = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "approve"));

  sl_requests_page_decide (self, approve, gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->plates_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->ends_row)));
}

static GtkWidget *
review_group (SlRequestsPage *self)
{
  const SlSharingRequest *request = self->selected;
  GtkWidget *group = group_new (_("Review"),
                                _("Approve only for an official law enforcement purpose with a need and right to "
                                  "know. An approval may narrow the plates and set an end; the reason is kept on file."));
  g_autofree char *plates = scope_plates (request->scope);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *deny = gtk_button_new_with_mnemonic (_("_Deny"));
  GtkWidget *approve = gtk_button_new_with_mnemonic (_("_Approve"));

  self->preview_label = GTK_LABEL (gtk_label_new (_("Counting what the scope covers…")));
  gtk_label_set_wrap (self->preview_label, TRUE);
  gtk_label_set_xalign (self->preview_label, 0);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->preview_label), 6);
  add (group, GTK_WIDGET (self->preview_label));

  self->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("Reason for the Decision"));
  add (group, GTK_WIDGET (self->reason_row));
  self->plates_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->plates_row), _("Plates to Release"));
  gtk_editable_set_text (GTK_EDITABLE (self->plates_row), plates);
  add (group, GTK_WIDGET (self->plates_row));
  self->ends_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ends_row), _("Approval Ends (YYYY-MM-DD, Optional)"));
  add (group, GTK_WIDGET (self->ends_row));

  gtk_widget_add_css_class (deny, "destructive-action");
  gtk_widget_add_css_class (approve, "suggested-action");
  g_object_set_data (G_OBJECT (approve), "approve", GINT_TO_POINTER (TRUE));
  g_signal_connect (deny, "clicked", G_CALLBACK (decide_clicked_cb), self);
  g_signal_connect (approve, "clicked", G_CALLBACK (decide_clicked_cb), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), deny);
  gtk_box_append (GTK_BOX (buttons), approve);
  add (group, buttons);
  return group;
}

static void
save_clicked_cb (GtkButton      *button,
                 SlRequestsPage *self);

static GtkWidget *
release_group (SlRequestsPage *self)
{
  const SlSharingRequest *request = self->selected;
  GtkWidget *group = group_new (_("Release"),
                                _("The package holds the reads in the approved scope still within retention, their "
                                  "images, a cover letter and a manifest with the SHA-256 of every file. Building it "
                                  "is a disclosure in the access log."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Build Package…"));

  if (request->ends_us != 0)
    {
      g_autofree char *ends = format_time (request->ends_us);

      add (group, info_row (_("Approval Ends"), ends));
    }

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->progress), 6);
  add (group, GTK_WIDGET (self->progress));

  if (self->release != NULL && self->release->manifest != NULL)
    {
      g_autoptr(JsonObject) manifest = sl_json_parse_object (self->release->manifest, -1, NULL);
      JsonArray *files = manifest != NULL && json_object_has_member (manifest, "files")
                         ? json_object_get_array_member (manifest, "files") : NULL;
      g_autofree char *counts = count_text (self->release->reads, self->release->images);
      /* Translators: what the package holds; then its hash */
      g_autofree char *summary = g_strdup_printf (_("%s; the package's SHA-256 is %s"), counts, self->release->sha256);

      add (group, info_row (_("Package Built"), summary));
      for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
        {
          JsonObject *file = json_array_get_object_element (files, i);
          GtkWidget *row = info_row (json_object_get_string_member_with_default (file, "name", ""),
                                     json_object_get_string_member_with_default (file, "sha256", ""));

          gtk_widget_add_css_class (row, "monospace");
          add (group, row);
        }
    }

  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (save_clicked_cb), self);
  add (group, button);
  return group;
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlRequestsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SlSharingRelease *preview;
  g_autofree char *text = NULL;

  preview = sl_client_release_sharing_request_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->preview, sl_sharing_release_free);
  self->preview = preview;
  if (self->preview_label == NULL)
    return;
  if (preview == NULL)
    text = g_strdup_printf (_("Could not count what the scope covers: %s"), error->message);
  else
    {
      g_autofree char *counts = count_text (preview->reads, preview->images);

      /* Translators: %s is a number of reads and of images */
      text = g_strdup_printf (_("The scope asked for covers %s still within retention."), counts);
    }
  gtk_label_set_text (self->preview_label, text);
}

static void
show_detail (SlRequestsPage *self)
{
  const SlSharingRequest *request = self->selected;
  GtkWidget *child;
  GtkWidget *header;
  GtkWidget *title;
  GtkWidget *status;
  GtkWidget *reason;
  GtkWidget *group;
  g_autofree char *received = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *basis = NULL;
  const char *username = self->session != NULL ? sl_session_get_username (self->session) : NULL;

  self->reason_row = NULL;
  self->plates_row = NULL;
  self->ends_row = NULL;
  self->progress = NULL;
  self->preview_label = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);

  if (request == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title = gtk_label_new (request->agency_name);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  status = gtk_label_new (status_label (request->status));
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "heading");
  gtk_widget_add_css_class (status, status_css (request->status));
  basis = g_strdup_printf ("%s (%s)", request->rule_reason, request->rule_basis);
  reason = gtk_label_new (basis);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_widget_add_css_class (reason, "dim-label");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), status);
  gtk_box_append (GTK_BOX (header), reason);
  gtk_box_append (self->detail_box, header);

  /* what is the user's to do comes first */
  if (request->status == SL_SHARING_UNDER_REVIEW && has_role (self, SL_ROLE_ADMINISTRATOR))
    {
      if (g_strcmp0 (request->entered_by, username) == 0)
        {
          GtkWidget *note = gtk_label_new (_("You entered this request; another administrator or designee decides it."));

          gtk_label_set_wrap (GTK_LABEL (note), TRUE);
          gtk_label_set_xalign (GTK_LABEL (note), 0);
          gtk_widget_add_css_class (note, "dim-label");
          gtk_box_append (self->detail_box, note);
        }
      else
        {
          gtk_box_append (self->detail_box, review_group (self));
          g_clear_pointer (&self->preview, sl_sharing_release_free);
          sl_client_release_sharing_request_async (self->client, request->id, FALSE, self->detail_cancellable,
                                                   preview_cb, g_object_ref (self));
        }
    }
  if (request->status == SL_SHARING_APPROVED && has_role (self, FULFIL_ROLES))
    gtk_box_append (self->detail_box, release_group (self));


  received = format_time (request->received_us);
  scope = describe_scope (request->scope);
  group = group_new (_("The Request"), NULL);
  add (group, info_row (_("Requested By"), request->requester_name));
  add (group, info_row (_("Contact"), request->requester_contact));
  add (group, info_row (_("Agency Type"), sl_agency_type_get_label (request->agency_type)));
  add (group, info_row (_("Jurisdiction"), sl_jurisdiction_get_label (request->jurisdiction)));
  add (group, info_row (_("Their Case Number"), request->case_number));
  add (group, info_row (_("Intended Purpose"), request->purpose));
  add (group, info_row (_("Asked For"), scope));
  add (group, info_row (_("Written Request"), request->attachment_name != NULL ? request->attachment_name
                                                                             : _("None attached")));
  gtk_box_append (self->detail_box, group);

  /* its history, oldest first */
  group = group_new (_("History"), NULL);
  {
    /* Translators: when a request was received, and who entered it */
    g_autofree char *entered = g_strdup_printf (_("%s, by %s"), received, request->entered_by);

    add (group, info_row (_("Received and Entered"), entered));
  }
  add (group, info_row (_("Rule Applied"), status_label (request->status == SL_SHARING_APPROVED ||
                                                          request->status == SL_SHARING_DENIED
                                                          ? SL_SHARING_UNDER_REVIEW : request->status)));
  if (request->decided_by != NULL)
    {
      g_autofree char *when = format_time (request->decided_us);
      /* Translators: approved or denied, by whom, when; then the reason */
      g_autofree char *decision = g_strdup_printf (_("%s by %s on %s: %s"),
                                                   request->status == SL_SHARING_APPROVED ? _("Approved") : _("Denied"),
                                                   request->decided_by, when, request->decision_reason);

      add (group, info_row (_("Decision"), decision));
      if (request->status == SL_SHARING_APPROVED)
        {
          g_autofree char *released = describe_scope (request->approved_scope);

          add (group, info_row (_("Approved Scope"), released));
        }
    }
  if (request->disclosures > 0)
    {
      g_autofree char *when = format_time (request->disclosed_us);
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%u package; the last on %s, %u reads",
                                                            "%u packages; the last on %s, %u reads",
                                                            (guint) request->disclosures),
                                               (guint) request->disclosures, when, (guint) request->disclosed_reads);

      add (group, info_row (_("Disclosures"), text));
    }
  gtk_box_append (self->detail_box, group);

  gtk_box_append (self->detail_box, checks_group (request));

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
detail_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlRequestsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SlSharingRequest *request;

  request = sl_client_get_sharing_request_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_pop (self);

  if (request == NULL)
    {
      set_error (self, error->message);
      return;
    }

  if (self->selected == NULL || self->selected->id != request->id)
    g_clear_pointer (&self->release, sl_sharing_release_free);
  g_clear_pointer (&self->selected, sl_sharing_request_free);
  self->selected = request;
  show_detail (self);
}

static void
load_detail (SlRequestsPage *self,
             gint64          id)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_cancellable = g_cancellable_new ();
  busy_push (self);
  sl_client_get_sharing_request_async (self->client, id, self->detail_cancellable, detail_cb, g_object_ref (self));
}

/* Decisions ------------------------------------------------------------------- */

static void
decided_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlRequestsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SlSharingRequest *request;

  request = sl_client_decide_sharing_request_finish (SL_CLIENT (object), result, &error);
  busy_pop (self);
  if (request == NULL)
    {
      if (self->reason_row != NULL && sl_client_error_get_fields (error) != NULL &&
          g_hash_table_contains (sl_client_error_get_fields (error), "reason"))
        gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  toast (self, request->status == SL_SHARING_APPROVED ? _("Approved; the decision is on file")
                                                       : _("Denied; the decision is on file"));
  g_clear_pointer (&self->selected, sl_sharing_request_free);
  self->selected = request;
  show_detail (self);
  sl_requests_page_refresh (self);
}

/**
 * sl_requests_page_decide:
 * @plates: (nullable): the plates to release, comma-separated; those asked
 *   for when the same
 * @ends: (nullable): the approval's last day, YYYY-MM-DD, or empty
 */
void
sl_requests_page_decide (SlRequestsPage *self,
                         gboolean        approve,
                         const char     *reason,
                         const char     *plates,
                         const char     *ends)
{
  g_autofree char *asked = NULL;
  g_autofree char *given = g_strstrip (g_strdup (plates != NULL ? plates : ""));
  g_autofree char *scope = NULL;
  gint64 ends_us = 0;

  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));
  g_return_if_fail (self->selected != NULL);

  asked = scope_plates (self->selected->scope);
  if (approve && *given != '\0' && g_strcmp0 (given, asked) != 0)
    {
      g_auto(GStrv) list = g_strsplit_set (plates, ",; ", -1);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "plates");
      json_builder_begin_array (builder);
      for (guint i = 0; list[i] != NULL; i++)
        if (*g_strstrip (list[i]) != '\0')
          json_builder_add_string_value (builder, list[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      scope = sl_json_to_string (root, FALSE);
    }
  if (approve && ends != NULL && *ends != '\0')
    {
      int year, month, day;
      g_autoptr(GDateTime) time = NULL;

      if (sscanf (ends, "%4d-%2d-%2d", &year, &month, &day) == 3)
        time = g_date_time_new_local (year, month, day, 23, 59, 59);
      if (time == NULL)
        {
          if (self->ends_row != NULL)
            gtk_widget_add_css_class (GTK_WIDGET (self->ends_row), "error");
          set_error (self, _("Enter the approval's last day as YYYY-MM-DD, or leave it empty."));
          return;
        }
      ends_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
    }

  busy_push (self);
  sl_client_decide_sharing_request_async (self->client, self->selected->id, approve, reason, scope, ends_us,
                                          self->detail_cancellable, decided_cb, g_object_ref (self));
}

/* Release ---------------------------------------------------------------------- */

typedef struct
{
  SlRequestsPage *page;
  GFile          *destination;
} Release;

static void
release_free (Release *release)
{
  g_object_unref (release->page);
  g_object_unref (release->destination);
  g_free (release);
}

static void
download_progress_cb (goffset  received,
                      goffset  total,
                      gpointer data)
{
  SlRequestsPage *self = data;

  if (self->progress == NULL)
    return;
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress, (double) received / total);
  else
    gtk_progress_bar_pulse (self->progress);
}

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Release *release = user_data;
  SlRequestsPage *self = release->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_parse_name (release->destination);

  busy_pop (self);
  if (sl_client_download_finish (SL_CLIENT (object), result, &error) < 0)
    set_error (self, error->message);
  else
    {
      /* Translators: %s is where the package was saved */
      g_autofree char *text = g_strdup_printf (_("Package saved to %s"), path);

      toast (self, text);
    }
  if (self->selected != NULL)
    load_detail (self, self->selected->id);
  release_free (release);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Release *release = user_data;
  SlRequestsPage *self = release->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SlSharingRelease *built;

  built = sl_client_release_sharing_request_finish (SL_CLIENT (object), result, &error);
  if (built == NULL)
    {
      busy_pop (self);
      if (self->progress != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
      set_error (self, error->message);
      release_free (release);
      return;
    }

  g_clear_pointer (&self->release, sl_sharing_release_free);
  self->release = built;
  if (self->progress != NULL)
    {
      gtk_progress_bar_set_text (self->progress, _("Saving the package…"));
      gtk_progress_bar_set_fraction (self->progress, 0);
    }
  path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/package", self->selected->id);
  sl_client_download_async (SL_CLIENT (object), path, release->destination, download_progress_cb, self, NULL,
                            downloaded_cb, release);
}

/**
 * sl_requests_page_build_package:
 * @destination: where the ZIP goes
 *
 * Builds the package of the selected, approved request and saves it.
 */
void
sl_requests_page_build_package (SlRequestsPage *self,
                                GFile          *destination)
{
  Release *release;

  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (self->selected != NULL);

  release = g_new0 (Release, 1);
  release->page = g_object_ref (self);
  release->destination = g_object_ref (destination);
  if (self->progress != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
      gtk_progress_bar_set_text (self->progress, _("Building the package…"));
      gtk_progress_bar_pulse (self->progress);
    }
  busy_push (self);
  sl_client_release_sharing_request_async (self->client, self->selected->id, TRUE, NULL, built_cb, release);
}

static void
save_response_cb (SlRequestsPage *self,
                  int             response)
{
  g_autoptr(GFile) file = NULL;
  const char *kind = g_object_get_data (G_OBJECT (self->chooser), "kind");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));

  if (file != NULL && g_str_equal (kind, "package"))
    sl_requests_page_build_package (self, file);
  else if (file != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/sharing-requests/export.%s", kind);
      Release *release = g_new0 (Release, 1);

      release->page = g_object_ref (self);
      release->destination = g_object_ref (file);
      busy_push (self);
      sl_client_download_async (self->client, path, file, NULL, NULL, NULL, downloaded_cb, release);
    }
  g_clear_object (&self->chooser);
}

static void
open_save_chooser (SlRequestsPage *self,
                   const char     *title,
                   const char     *name,
                   const char     *kind)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "kind", g_strdup (kind), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_clicked_cb (GtkButton      *button,
                 SlRequestsPage *self)
{
  g_autofree char *name = g_strdup_printf ("sharing-request-%" G_GINT64_FORMAT ".zip", self->selected->id);

  open_save_chooser (self, _("Save the Package"), name, "package");
}

/* Actions ---------------------------------------------------------------------- */

static void
intake_closed_cb (SlRequestsPage *self)
{
  sl_requests_page_refresh (self);
}

/**
 * sl_requests_page_open_intake:
 *
 * Returns: (transfer none): the dialog entering a new request, shown
 */
SlSharingRequestDialog *
sl_requests_page_open_intake (SlRequestsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *area = NULL;
  SlSharingRequestDialog *dialog;

  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), NULL);
  g_return_val_if_fail (self->client != NULL, NULL);

  if (self->map_page != NULL)
    area = sl_reads_layer_dup_area_json (sl_map_page_get_reads_layer (self->map_page));
  dialog = sl_sharing_request_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client, area);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (intake_closed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  sl_requests_page_open_intake (SL_REQUESTS_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_requests_page_refresh (SL_REQUESTS_PAGE (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("sharing-register.%s", format);

  open_save_chooser (SL_REQUESTS_PAGE (widget), _("Save the Register"), name, format);
}

static void
sl_requests_page_dispose (GObject *object)
{
  SlRequestsPage *self = SL_REQUESTS_PAGE (object);

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_REQUESTS_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->map_page);
  g_clear_pointer (&self->session, sl_session_unref);

  G_OBJECT_CLASS (sl_requests_page_parent_class)->dispose (object);
}

static void
sl_requests_page_finalize (GObject *object)
{
  SlRequestsPage *self = SL_REQUESTS_PAGE (object);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->selected, sl_sharing_request_free);
  g_clear_pointer (&self->preview, sl_sharing_release_free);
  g_clear_pointer (&self->release, sl_sharing_release_free);
  g_free (self->error);

  G_OBJECT_CLASS (sl_requests_page_parent_class)->finalize (object);
}

static void
sl_requests_page_class_init (SlRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_requests_page_dispose;
  object_class->finalize = sl_requests_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, agency_entry);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, list_status);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlRequestsPage, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "requests.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "requests.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "requests.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "requests.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "requests.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "requests.refresh", NULL);
}

static void
sl_requests_page_init (SlRequestsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_filter_labels (self);
}

GtkWidget *
sl_requests_page_new (void)
{
  return g_object_new (SL_TYPE_REQUESTS_PAGE, NULL);
}

void
sl_requests_page_set_client (SlRequestsPage *self,
                             SlClient       *client)
{
  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (g_set_object (&self->client, client))
    sl_requests_page_refresh (self);
}

void
sl_requests_page_set_session (SlRequestsPage *self,
                              SlSession      *session)
{
  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));

  if (self->session != session)
    {
      g_clear_pointer (&self->session, sl_session_unref);
      self->session = session != NULL ? sl_session_ref (session) : NULL;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "requests.new", has_role (self, INTAKE_ROLES));
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), has_role (self, INTAKE_ROLES));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "requests.export", has_role (self, REGISTER_ROLES));
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), has_role (self, REGISTER_ROLES));
  g_clear_pointer (&self->selected, sl_sharing_request_free);
  show_detail (self);
  sl_requests_page_refresh (self);
}

/* The map whose drawn area a new request may take as its own. */
void
sl_requests_page_set_map_page (SlRequestsPage *self,
                               SlMapPage      *map_page)
{
  g_return_if_fail (SL_IS_REQUESTS_PAGE (self));

  g_set_object (&self->map_page, map_page);
}

gboolean
sl_requests_page_is_busy (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
sl_requests_page_get_error (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), NULL);
  return self->error;
}

guint
sl_requests_page_get_n_requests (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), 0);
  return self->requests != NULL ? self->requests->len : 0;
}

/* Returns: the register's count of @status, or -1 where the user sees only their own */
gint64
sl_requests_page_get_count (SlRequestsPage  *self,
                            SlSharingStatus  status)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), -1);
  return self->counts.known ? self->counts.counts[status] : -1;
}

gboolean
sl_requests_page_select (SlRequestsPage *self,
                         gint64          id)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "request-id")) == id)
      {
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

/* Returns: (nullable) (transfer none): the request the detail shows */
SlSharingRequest *
sl_requests_page_get_selected (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), NULL);
  return self->selected;
}

/* Returns: the reads the review's preview counted, or -1 before it did */
gint64
sl_requests_page_get_preview_reads (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), -1);
  return self->preview != NULL ? self->preview->reads : -1;
}

/* Returns: whether the detail offers approve and deny */
gboolean
sl_requests_page_can_review (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), FALSE);
  return self->reason_row != NULL;
}

/* Returns: (nullable): the manifest of the package built last, as JSON */
const char *
sl_requests_page_get_manifest (SlRequestsPage *self)
{
  g_return_val_if_fail (SL_IS_REQUESTS_PAGE (self), NULL);
  return self->release != NULL ? self->release->manifest : NULL;
}
