#define G_LOG_DOMAIN "sl-audit-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sl-audit-page.h"
#include "sl-compliance-panel.h"
#include "sl-signals-panel.h"

/* The access log for auditors and administrators: filters, the records,
 * a record's details, the hash chain's state and a CSV export. Reading,
 * verifying and exporting are each logged by the service. */

struct _SlAuditPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack       *page_stack;
  GtkEntry       *user_entry;
  GtkDropDown    *action_dropdown;
  GtkEntry       *case_entry;
  GtkEntry       *plate_entry;
  GtkDropDown    *time_dropdown;
  GtkRevealer    *custom_revealer;
  GtkEntry       *since_entry;
  GtkEntry       *until_entry;
  GtkProgressBar *export_progress;
  GtkButton      *export_button;
  GtkBox         *chain_bar;
  GtkImage       *chain_icon;
  GtkLabel       *chain_label;
  GtkSpinner     *chain_spinner;
  GtkLabel       *error_label;
  SlAuditList    *list;
  AdwViewStack   *audit_stack;
  SlCompliancePanel *compliance_panel;
  SlSignalsPanel *signals_panel;

  /* owned references */
  SlClient       *client;
  SlSession      *session;
  SlAuditChain   *chain;
  GCancellable   *verify_cancellable;
  GCancellable   *export_cancellable;

  /* owned memory */
  char           *error;

  guint           verifying : 1;
  guint           started : 1;
  guint           setting_filters : 1;
};

G_DEFINE_FINAL_TYPE (SlAuditPage, sl_audit_page, GTK_TYPE_WIDGET)

/* ---- helpers ---- */

static void
toast (SlAuditPage *self,
       const char  *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (SlAuditPage *self,
            const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

/* "2026-03-01 08:00" or "2026-03-01", local time, to UTC microseconds. */
static gboolean
parse_local_time (const char *text,
                  gint64     *time_us)
{
  int year, month, day, hour = 0, minute = 0;
  g_autoptr(GDateTime) time = NULL;
  int n;

  n = sscanf (text, "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute);
  if (n != 3 && n != 5)
    return FALSE;

  time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (time == NULL)
    return FALSE;

  *time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return TRUE;
}

static const char *
entry_text (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return *text != '\0' ? text : NULL;
}

static void
update_availability (SlAuditPage *self)
{
  gboolean trained = self->session != NULL &&
                     sl_session_get_training_status (self->session) == SL_TRAINING_CURRENT;

  gtk_stack_set_visible_child_name (self->page_stack, trained ? "log" : "unavailable");
}

/* ---- the chain ---- */

static void
set_chain_style (SlAuditPage *self,
                 const char  *style,
                 const char  *icon_name)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->chain_bar), "intact");
  gtk_widget_remove_css_class (GTK_WIDGET (self->chain_bar), "broken");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->chain_bar), style);
  gtk_image_set_from_icon_name (self->chain_icon, icon_name);
}

static void
update_chain_bar (SlAuditPage *self)
{
  const SlAuditChain *chain = self->chain;
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  g_autofree char *count = NULL;
  g_autofree char *seq = NULL;

  gtk_spinner_set_spinning (self->chain_spinner, self->verifying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", !self->verifying && self->client != NULL);

  if (chain == NULL)
    {
      set_chain_style (self, NULL, "security-medium-symbolic");
      gtk_label_set_text (self->chain_label, self->verifying ? _("Verifying the log’s hash chain…")
                                             : _("The log’s hash chain has not been verified yet."));
      sl_audit_list_set_bad_seq (self->list, 0);
      return;
    }

  when = format_time (chain->verified_at_us);
  count = g_strdup_printf ("%'" G_GINT64_FORMAT, chain->records_checked);
  if (chain->intact)
    {
      g_autofree char *hash = g_strndup (chain->head_hash != NULL ? chain->head_hash : "", 12);

      seq = g_strdup_printf ("%" G_GINT64_FORMAT, chain->head_seq);

      /* Translators: %1$s records were checked at the time %2$s; %3$s is the
       * newest record's number, %4$s the start of its hash */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Chain intact: %1$s record verified at %2$s. Newest record #%3$s, hash %4$s…",
                                           "Chain intact: %1$s records verified at %2$s. Newest record #%3$s, hash %4$s…",
                                           chain->records_checked),
                              count, when, seq, hash);
      set_chain_style (self, "intact", "security-high-symbolic");
    }
  else
    {
      seq = g_strdup_printf ("%" G_GINT64_FORMAT, chain->first_bad_seq);
      /* Translators: %1$s is a record's number, %2$s why it fails, %3$s a time */
      text = g_strdup_printf (_("Chain broken at record %1$s: %2$s. Checked at %3$s; tell the ALPR Administrator."),
                              seq,
                              chain->reason != NULL ? chain->reason : _("no reason given"), when);
      set_chain_style (self, "broken", "security-low-symbolic");
    }

  gtk_label_set_text (self->chain_label, text);
  sl_audit_list_set_bad_seq (self->list, chain->intact ? 0 : chain->first_bad_seq);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlAuditPage) self = user_data;
  g_autoptr(SlAuditChain) chain = NULL;
  g_autoptr(GError) error = NULL;

  chain = sl_client_verify_audit_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->verifying = FALSE;
  if (chain == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The chain could not be verified: %s"), error->message);

      show_error (self, message);
    }
  else
    {
      g_clear_pointer (&self->chain, sl_audit_chain_free);
      self->chain = g_steal_pointer (&chain);
    }
  update_chain_bar (self);
}

/* ---- filters ---- */

/* Fills @filter from the bar; its strings belong to the entries. */
static gboolean
read_filters (SlAuditPage    *self,
              SlAuditFilter  *filter,
              GError        **error)
{
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  SlAuditTime time = gtk_drop_down_get_selected (self->time_dropdown);
  gint64 now_us = g_get_real_time ();
  const char *since;
  const char *until;

  memset (filter, 0, sizeof *filter);
  filter->username = entry_text (self->user_entry);
  filter->case_number = entry_text (self->case_entry);
  filter->plate = entry_text (self->plate_entry);
  if (action > 0 && action <= sl_audit_actions_get_n ())
    filter->action = sl_audit_actions_get_action (action - 1);

  switch (time)
    {
    case SL_AUDIT_TIME_LAST_HOUR:
      filter->since_us = now_us - G_TIME_SPAN_HOUR;
      break;
    case SL_AUDIT_TIME_LAST_DAY:
      filter->since_us = now_us - G_TIME_SPAN_DAY;
      break;
    case SL_AUDIT_TIME_LAST_WEEK:
      filter->since_us = now_us - 7 * G_TIME_SPAN_DAY;
      break;
    case SL_AUDIT_TIME_LAST_MONTH:
      filter->since_us = now_us - 30 * G_TIME_SPAN_DAY;
      break;
    case SL_AUDIT_TIME_CUSTOM:
      since = entry_text (self->since_entry);
      until = entry_text (self->until_entry);
      if ((since != NULL && !parse_local_time (since, &filter->since_us)) ||
          (until != NULL && !parse_local_time (until, &filter->until_us)))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the times as 2026-03-01 08:00 (or just the date), in local time."));
          return FALSE;
        }
      if (filter->since_us != 0 && filter->until_us != 0 && filter->since_us > filter->until_us)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The start of the range is after its end."));
          return FALSE;
        }
      break;
    case SL_AUDIT_TIME_ANY:
    default:
      break;
    }

  return TRUE;
}

/* ---- export ---- */

static void
export_progress_cb (goffset  received,
                    goffset  total,
                    gpointer user_data)
{
  SlAuditPage *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->export_progress, (double) received / (double) total);
  else
    gtk_progress_bar_pulse (self->export_progress);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  goffset size;

  size = sl_client_export_audit_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", TRUE);

  if (size < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The export failed: %s"), error->message);

      show_error (self, message);
      return;
    }

  toast (self, _("Access log exported"));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(SlAuditPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SlAuditFilter filter;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  if (!read_filters (self, &filter, &error))
    {
      show_error (self, error->message);
      return;
    }

  sl_audit_page_export (self, &filter, file);
}

/* ---- actions and callbacks ---- */

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sl_audit_page_apply_filters (SL_AUDIT_PAGE (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlAuditPage *self = SL_AUDIT_PAGE (widget);

  sl_audit_page_set_filters (self, NULL, NULL, NULL, NULL, SL_AUDIT_TIME_ANY);
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
  sl_audit_page_apply_filters (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sl_audit_page_verify (SL_AUDIT_PAGE (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlAuditPage *self = SL_AUDIT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->client == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export the Access Log as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file name; %s is today's date */
  name = g_strdup_printf (_("access-log-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
apply_activated_cb (SlAuditPage *self)
{
  sl_audit_page_apply_filters (self);
}

/* A choice from a list applies at once; typed filters wait for Enter. */
static void
dropdown_changed_cb (SlAuditPage *self)
{
  /* Each reading is logged: one for all the filters set at once. */
  if (self->started && !self->setting_filters)
    sl_audit_page_apply_filters (self);
}

static void
time_changed_cb (SlAuditPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->time_dropdown) == SL_AUDIT_TIME_CUSTOM;

  gtk_revealer_set_reveal_child (self->custom_revealer, custom);
  if (!custom)
    dropdown_changed_cb (self);
}

/* The first look at the log: the newest records and the chain's state. */
static void
start (SlAuditPage *self)
{
  if (self->started || self->client == NULL || self->session == NULL ||
      sl_session_get_training_status (self->session) != SL_TRAINING_CURRENT)
    return;

  self->started = TRUE;
  sl_audit_page_apply_filters (self);
  sl_audit_page_verify (self);
}

/* ---- overrides ---- */

static void
sl_audit_page_dispose (GObject *object)
{
  SlAuditPage *self = SL_AUDIT_PAGE (object);

  g_cancellable_cancel (self->verify_cancellable);
  g_cancellable_cancel (self->export_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUDIT_PAGE);

  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);

  G_OBJECT_CLASS (sl_audit_page_parent_class)->dispose (object);
}

static void
sl_audit_page_finalize (GObject *object)
{
  SlAuditPage *self = SL_AUDIT_PAGE (object);

  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->chain, sl_audit_chain_free);
  g_free (self->error);

  G_OBJECT_CLASS (sl_audit_page_parent_class)->finalize (object);
}

static void
sl_audit_page_class_init (SlAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_audit_page_dispose;
  object_class->finalize = sl_audit_page_finalize;

  g_type_ensure (SL_TYPE_AUDIT_LIST);
  g_type_ensure (SL_TYPE_COMPLIANCE_PANEL);
  g_type_ensure (SL_TYPE_SIGNALS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, case_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, plate_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, since_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, until_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, chain_bar);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, chain_icon);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, chain_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, chain_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, list);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, audit_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, compliance_panel);
  gtk_widget_class_bind_template_child (widget_class, SlAuditPage, signals_panel);
  gtk_widget_class_bind_template_callback (widget_class, apply_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dropdown_changed_cb);

  gtk_widget_class_install_action (widget_class, "audit.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "audit.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);

  gtk_widget_class_set_css_name (widget_class, "auditpage");
}

static void
sl_audit_page_init (SlAuditPage *self)
{
  g_autoptr(GtkStringList) actions = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (actions, _("All actions"));
  for (guint i = 0; i < sl_audit_actions_get_n (); i++)
    gtk_string_list_append (actions, sl_audit_action_get_label (sl_audit_actions_get_action (i)));
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (actions));

  sl_audit_list_set_scope (self->list, SL_AUDIT_SCOPE_ALL);
  update_availability (self);
  update_chain_bar (self);
}

/* ---- public API ---- */

GtkWidget *
sl_audit_page_new (void)
{
  return g_object_new (SL_TYPE_AUDIT_PAGE, NULL);
}

void
sl_audit_page_set_client (SlAuditPage *self,
                          SlClient    *client)
{
  g_return_if_fail (SL_IS_AUDIT_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  sl_audit_list_set_client (self->list, client);
  if (client != NULL)
    {
      sl_compliance_panel_set_client (self->compliance_panel, client);
      sl_signals_panel_set_client (self->signals_panel, client);
    }
  update_chain_bar (self);
  start (self);
}

/**
 * sl_audit_page_set_session:
 *
 * The page reads the log only for a user whose training is current; the
 * first session that may shows the newest records and verifies the chain.
 */
void
sl_audit_page_set_session (SlAuditPage *self,
                           SlSession   *session)
{
  g_return_if_fail (SL_IS_AUDIT_PAGE (self));

  if (self->session == session)
    return;

  g_clear_pointer (&self->session, sl_session_unref);
  if (session != NULL)
    self->session = sl_session_ref (session);
  sl_compliance_panel_set_session (self->compliance_panel, session);
  update_availability (self);
  start (self);
}

/**
 * sl_audit_page_show:
 * @view: "log", "compliance" or "signals"
 */
void
sl_audit_page_show (SlAuditPage *self,
                    const char  *view)
{
  g_return_if_fail (SL_IS_AUDIT_PAGE (self));
  adw_view_stack_set_visible_child_name (self->audit_stack, view);
}

SlCompliancePanel *
sl_audit_page_get_compliance (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), NULL);
  return self->compliance_panel;
}

SlSignalsPanel *
sl_audit_page_get_signals (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), NULL);
  return self->signals_panel;
}

/**
 * sl_audit_page_get_list:
 *
 * Returns: (transfer none): the records' list
 */
SlAuditList *
sl_audit_page_get_list (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), NULL);
  return self->list;
}

/**
 * sl_audit_page_set_filters:
 * @username: (nullable): only this user's records
 * @action: (nullable): one of sl_audit_actions_get_action(), or %NULL for all
 * @case_number: (nullable): only this case's records
 * @plate: (nullable): only this plate's records
 * @time: which time range
 *
 * Sets the filter bar without applying it; sl_audit_page_apply_filters()
 * shows what it selects.
 */
void
sl_audit_page_set_filters (SlAuditPage *self,
                           const char  *username,
                           const char  *action,
                           const char  *case_number,
                           const char  *plate,
                           SlAuditTime  time)
{
  guint selected = 0;

  g_return_if_fail (SL_IS_AUDIT_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), username != NULL ? username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->case_entry), case_number != NULL ? case_number : "");
  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), plate != NULL ? plate : "");
  for (guint i = 0; action != NULL && i < sl_audit_actions_get_n (); i++)
    if (g_str_equal (sl_audit_actions_get_action (i), action))
      selected = i + 1;
  self->setting_filters = TRUE;
  gtk_drop_down_set_selected (self->action_dropdown, selected);
  gtk_drop_down_set_selected (self->time_dropdown, time);
  self->setting_filters = FALSE;
}

/**
 * sl_audit_page_apply_filters:
 *
 * Shows the newest records the filter bar selects.
 *
 * Returns: %FALSE, with the reason shown, when a filter cannot be read
 */
gboolean
sl_audit_page_apply_filters (SlAuditPage *self)
{
  g_autoptr(GError) error = NULL;
  SlAuditFilter filter;

  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), FALSE);

  if (!read_filters (self, &filter, &error))
    {
      show_error (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  show_error (self, NULL);
  sl_audit_list_load (self->list, &filter);
  return TRUE;
}

/**
 * sl_audit_page_verify:
 *
 * Has the service walk the log's hash chain; the bar shows what it found.
 */
void
sl_audit_page_verify (SlAuditPage *self)
{
  g_return_if_fail (SL_IS_AUDIT_PAGE (self));

  if (self->client == NULL || self->verifying)
    return;

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();

  self->verifying = TRUE;
  update_chain_bar (self);
  sl_client_verify_audit_async (self->client, self->verify_cancellable, verified_cb, g_object_ref (self));
}

/**
 * sl_audit_page_export:
 * @filter: which records
 * @file: the CSV file to write
 *
 * Saves the records @filter selects; the service logs the export.
 */
void
sl_audit_page_export (SlAuditPage         *self,
                      const SlAuditFilter *filter,
                      GFile               *file)
{
  g_return_if_fail (SL_IS_AUDIT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();

  show_error (self, NULL);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);
  sl_client_export_audit_async (self->client, filter, file, export_progress_cb, self,
                                self->export_cancellable, exported_cb, g_object_ref (self));
}

gboolean
sl_audit_page_is_verifying (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), FALSE);
  return self->verifying;
}

gboolean
sl_audit_page_is_exporting (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->export_progress));
}

/**
 * sl_audit_page_get_chain:
 *
 * Returns: (nullable) (transfer none): the chain as last verified
 */
const SlAuditChain *
sl_audit_page_get_chain (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), NULL);
  return self->chain;
}

/**
 * sl_audit_page_get_error:
 *
 * Returns: (nullable): the message under the filters
 */
const char *
sl_audit_page_get_error (SlAuditPage *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_PAGE (self), NULL);
  return self->error;
}
