#define G_LOG_DOMAIN "sl-sharing-request-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-clock.h"
#include "sl-json.h"
#include "sl-sharing-request-dialog.h"

struct _SlSharingRequestDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *cancel_button;
  GtkButton            *submit_button;
  GtkSpinner           *spinner;
  GtkStack             *stack;
  AdwEntryRow          *agency_row;
  AdwComboRow          *type_row;
  AdwComboRow          *jurisdiction_row;
  AdwEntryRow          *requester_row;
  AdwEntryRow          *contact_row;
  AdwEntryRow          *case_row;
  AdwEntryRow          *purpose_row;
  AdwActionRow         *attachment_row;
  AdwEntryRow          *plates_row;
  AdwEntryRow          *from_row;
  AdwEntryRow          *to_row;
  AdwActionRow         *area_row;
  GtkSwitch            *area_switch;
  GtkLabel             *error_label;
  AdwStatusPage        *result_page;
  GtkLabel             *basis_label;

  /* owned */
  SlClient             *client;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *area_json;
  char                 *attachment_name;
  GBytes               *attachment;
  char                 *error;
  SlSharingRequest     *result;
};

G_DEFINE_FINAL_TYPE (SlSharingRequestDialog, sl_sharing_request_dialog, ADW_TYPE_WINDOW)

/* The rows a refused field of the API marks. */
static GtkWidget *
row_for_field (SlSharingRequestDialog *self,
               const char             *field)
{
  struct { const char *field; gpointer row; } rows[] = {
    { "agency_name", self->agency_row }, { "agency_type", self->type_row },
    { "jurisdiction", self->jurisdiction_row }, { "requester_name", self->requester_row },
    { "requester_contact", self->contact_row }, { "case_number", self->case_row },
    { "purpose", self->purpose_row }, { "attachment", self->attachment_row }, { "scope", self->plates_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return rows[i].row;
  return NULL;
}

static void
clear_marks (SlSharingRequestDialog *self)
{
  const char *fields[] = {
    "agency_name", "agency_type", "jurisdiction", "requester_name", "requester_contact", "case_number",
    "purpose", "attachment", "scope",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_remove_css_class (row_for_field (self, fields[i]), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->to_row), "error");
}

static void
show_error (SlSharingRequestDialog *self,
            const char             *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (SlSharingRequestDialog *self,
          gboolean                busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
}

/* A day on this computer's clock: its start, or with @end the next day's. */
static gboolean
parse_day (const char *text,
           gboolean    end,
           gint64     *time_us)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, mday;
  char rest;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &mday, &rest) != 3)
    return FALSE;
  day = g_date_time_new_local (year, month, mday, 0, 0, 0);
  if (day == NULL)
    return FALSE;
  if (end)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  *time_us = g_date_time_to_unix (day) * G_USEC_PER_SEC;
  return TRUE;
}

/* The scope as the API takes it, or NULL with the reason shown. */
static char *
build_scope (SlSharingRequestDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) plates = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->plates_row)), ",; ", -1);
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_row));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_row));
  gint64 from_us = 0, to_us = 0;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (!parse_day (from_text, FALSE, &from_us))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->from_row), "error");
      show_error (self, _("Enter the first day asked for as YYYY-MM-DD."));
      return NULL;
    }
  if (!parse_day (to_text, TRUE, &to_us))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->to_row), "error");
      show_error (self, _("Enter the last day asked for as YYYY-MM-DD."));
      return NULL;
    }

  from = sl_clock_format_iso8601 (from_us);
  to = sl_clock_format_iso8601 (to_us);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plates");
  json_builder_begin_array (builder);
  for (guint i = 0; plates[i] != NULL; i++)
    if (*g_strstrip (plates[i]) != '\0')
      json_builder_add_string_value (builder, plates[i]);
  json_builder_end_array (builder);
  sl_json_builder_add_string_member (builder, "from", from);
  sl_json_builder_add_string_member (builder, "to", to);
  if (gtk_switch_get_active (self->area_switch) && self->area_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, self->area_json, -1, NULL))
        {
          json_builder_set_member_name (builder, "area");
          json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static void
show_result (SlSharingRequestDialog *self)
{
  const SlSharingRequest *request = self->result;
  g_autofree char *basis = g_strdup_printf (_("Basis: %s"), request->rule_basis);
  const char *icon;

  switch (request->status)
    {
    case SL_SHARING_REFUSED:
      icon = "action-unavailable-symbolic";
      adw_status_page_set_title (self->result_page, _("Refused"));
      break;
    case SL_SHARING_ROUTED_TO_RECORDS:
      icon = "mail-forward-symbolic";
      adw_status_page_set_title (self->result_page, _("Routed to Records"));
      break;
    default:
      icon = "document-open-recent-symbolic";
      adw_status_page_set_title (self->result_page, _("Waiting for the ALPR Administrator"));
      break;
    }
  adw_status_page_set_icon_name (self->result_page, icon);
  adw_status_page_set_description (self->result_page, request->rule_reason);
  gtk_label_set_text (self->basis_label, basis);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlSharingRequestDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SlSharingRequest *request;

  request = sl_client_create_sharing_request_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (request == NULL)
    {
      GHashTable *fields = sl_client_error_get_fields (error);

      if (fields != NULL)
        {
          GHashTableIter iter;
          gpointer field;

          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &field, NULL))
            if (row_for_field (self, field) != NULL)
              gtk_widget_add_css_class (row_for_field (self, field), "error");
        }
      show_error (self, error->message);
      return;
    }

  self->result = request;
  show_result (self);
}

static void
submit_clicked_cb (SlSharingRequestDialog *self)
{
  sl_sharing_request_dialog_submit (self);
}

static void
chooser_response_cb (SlSharingRequestDialog *self,
                     int                     response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  name = g_file_get_basename (file);
  if (bytes == NULL)
    {
      show_error (self, error->message);
      return;
    }
  sl_sharing_request_dialog_set_attachment (self, name, bytes);
}

static void
choose_clicked_cb (SlSharingRequestDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the Written Request"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sl_sharing_request_dialog_dispose (GObject *object)
{
  SlSharingRequestDialog *self = SL_SHARING_REQUEST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_sharing_request_dialog_parent_class)->dispose (object);
}

static void
sl_sharing_request_dialog_finalize (GObject *object)
{
  SlSharingRequestDialog *self = SL_SHARING_REQUEST_DIALOG (object);

  g_free (self->area_json);
  g_free (self->attachment_name);
  g_clear_pointer (&self->attachment, g_bytes_unref);
  g_free (self->error);
  g_clear_pointer (&self->result, sl_sharing_request_free);

  G_OBJECT_CLASS (sl_sharing_request_dialog_parent_class)->finalize (object);
}

static void
sl_sharing_request_dialog_class_init (SlSharingRequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_sharing_request_dialog_dispose;
  object_class->finalize = sl_sharing_request_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-sharing-request-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, agency_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, jurisdiction_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, requester_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, attachment_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, plates_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, area_row);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, area_switch);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, SlSharingRequestDialog, basis_label);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GListModel *
labels_model (const char *(*label) (int),
              int         n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (int i = 0; i < n; i++)
    gtk_string_list_append (list, label (i));
  return G_LIST_MODEL (list);
}

static const char *
agency_type_label (int type)
{
  static const char * const labels[] = {
    N_("Law enforcement"), N_("Prosecutorial"), N_("Other public agency"), N_("Private entity"),
  };

  return _(labels[type]);
}

static const char *
jurisdiction_label (int jurisdiction)
{
  static const char * const labels[] = {
    N_("California, local"), N_("California, state"), N_("Another state"), N_("Federal"),
  };

  return _(labels[jurisdiction]);
}

static void
sl_sharing_request_dialog_init (SlSharingRequestDialog *self)
{
  g_autoptr(GListModel) types = labels_model (agency_type_label, SL_AGENCY_PRIVATE + 1);
  g_autoptr(GListModel) jurisdictions = labels_model (jurisdiction_label, SL_JURISDICTION_FEDERAL + 1);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->type_row, types);
  adw_combo_row_set_model (self->jurisdiction_row, jurisdictions);
}

/**
 * sl_sharing_request_dialog_new:
 * @area_json: (nullable): the area drawn on the Map page, offered as the scope's
 *
 * Returns: (transfer none): the dialog, not shown yet
 */
SlSharingRequestDialog *
sl_sharing_request_dialog_new (GtkWindow  *parent,
                               SlClient   *client,
                               const char *area_json)
{
  SlSharingRequestDialog *self;

  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);

  self = g_object_new (SL_TYPE_SHARING_REQUEST_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->area_json = g_strdup (area_json);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_switch), area_json != NULL);
  if (area_json != NULL)
    adw_action_row_set_subtitle (self->area_row, _("Include the circle or polygon drawn on the Map page"));
  return self;
}

void
sl_sharing_request_dialog_set_fields (SlSharingRequestDialog *self,
                                      const char             *agency_name,
                                      SlAgencyType            agency_type,
                                      SlJurisdiction          jurisdiction,
                                      const char             *requester_name,
                                      const char             *requester_contact,
                                      const char             *case_number,
                                      const char             *purpose,
                                      const char             *plates,
                                      const char             *from,
                                      const char             *to)
{
  g_return_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->agency_row), agency_name);
  adw_combo_row_set_selected (self->type_row, agency_type);
  adw_combo_row_set_selected (self->jurisdiction_row, jurisdiction);
  gtk_editable_set_text (GTK_EDITABLE (self->requester_row), requester_name);
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row), requester_contact);
  gtk_editable_set_text (GTK_EDITABLE (self->case_row), case_number);
  gtk_editable_set_text (GTK_EDITABLE (self->purpose_row), purpose);
  gtk_editable_set_text (GTK_EDITABLE (self->plates_row), plates);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
}

void
sl_sharing_request_dialog_set_attachment (SlSharingRequestDialog *self,
                                          const char             *name,
                                          GBytes                 *pdf)
{
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self));

  g_free (self->attachment_name);
  self->attachment_name = g_strdup (name);
  g_clear_pointer (&self->attachment, g_bytes_unref);
  self->attachment = pdf != NULL ? g_bytes_ref (pdf) : NULL;
  if (pdf == NULL)
    {
      adw_action_row_set_subtitle (self->attachment_row, _("None attached"));
      return;
    }
  size = g_format_size (g_bytes_get_size (pdf));
  /* Translators: a file's name, then its size */
  subtitle = g_strdup_printf (_("%s, %s"), name, size);
  adw_action_row_set_subtitle (self->attachment_row, subtitle);
}

/**
 * sl_sharing_request_dialog_submit:
 *
 * Sends the request; the answer shows in the dialog: the rule's outcome,
 * or what to correct.
 */
void
sl_sharing_request_dialog_submit (SlSharingRequestDialog *self)
{
  g_autoptr(SlSharingRequest) request = g_new0 (SlSharingRequest, 1);

  g_return_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self));

  if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable) &&
      gtk_spinner_get_spinning (self->spinner))
    return;

  clear_marks (self);
  show_error (self, NULL);
  request->scope = build_scope (self);
  if (request->scope == NULL)
    return;

  request->agency_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agency_row)));
  request->agency_type = adw_combo_row_get_selected (self->type_row);
  request->jurisdiction = adw_combo_row_get_selected (self->jurisdiction_row);
  request->requester_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->requester_row)));
  request->requester_contact = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->contact_row)));
  request->case_number = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->case_row)));
  request->purpose = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->purpose_row)));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  sl_client_create_sharing_request_async (self->client, request, self->attachment_name, self->attachment,
                                          self->cancellable, created_cb, g_object_ref (self));
}

gboolean
sl_sharing_request_dialog_is_busy (SlSharingRequestDialog *self)
{
  g_return_val_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self), FALSE);
  return gtk_spinner_get_spinning (self->spinner);
}

/* Returns: (nullable): what the service or the form refused, as shown */
const char *
sl_sharing_request_dialog_get_error (SlSharingRequestDialog *self)
{
  g_return_val_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self), NULL);
  return self->error;
}

/* Returns: (nullable) (transfer none): the request as entered, once it was */
SlSharingRequest *
sl_sharing_request_dialog_get_result (SlSharingRequestDialog *self)
{
  g_return_val_if_fail (SL_IS_SHARING_REQUEST_DIALOG (self), NULL);
  return self->result;
}
