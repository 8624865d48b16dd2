#define G_LOG_DOMAIN "sl-hotlist-entry-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-clock.h"
#include "sl-hotlist-entry-dialog.h"

/* The fields of the form, as the API names them. */
static const char * const form_fields[] = {
  "plate", "region", "reason", "case_number", "synopsis", "expires_at", "make", "model", "color", NULL
};

struct _SlHotlistEntryDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *save_button;
  GtkSpinner           *spinner;
  AdwPreferencesGroup  *vehicle_group;
  AdwEntryRow          *plate_row;
  AdwEntryRow          *region_row;
  GtkLabel             *plate_label;
  AdwComboRow          *reason_row;
  AdwEntryRow          *case_row;
  AdwEntryRow          *synopsis_row;
  GtkLabel             *why_label;
  GtkLabel             *why_error_label;
  AdwEntryRow          *expiry_row;
  GtkMenuButton        *calendar_button;
  GtkCalendar          *calendar;
  GtkLabel             *expiry_label;
  AdwEntryRow          *make_row;
  AdwEntryRow          *model_row;
  AdwEntryRow          *color_row;
  GtkLabel             *problem_label;
  GtkLabel             *approval_label;

  /* owned references */
  SlClient             *client;
  SlPolicy             *policy;
  SlHotlist            *list;
  SlHotlistEntry       *entry;       /* the entry an update is for, or NULL */
  GtkStringList        *reason_labels;
  GHashTable           *refusals;    /* field name → the service's message, until the field changes */
  GCancellable         *cancellable;
  SlHotlistEntryCheck   check;
  char                 *missing;
  char                 *refusal;     /* a refusal of no field in particular */

  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (SlHotlistEntryDialog, sl_hotlist_entry_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static GtkWidget *
row_for_field (SlHotlistEntryDialog *self,
               const char           *field)
{
  const struct
  {
    const char *field;
    GtkWidget  *row;
  } rows[] = {
    { "plate",       GTK_WIDGET (self->plate_row) },
    { "region",      GTK_WIDGET (self->region_row) },
    { "reason",      GTK_WIDGET (self->reason_row) },
    { "case_number", GTK_WIDGET (self->case_row) },
    { "synopsis",    GTK_WIDGET (self->synopsis_row) },
    { "expires_at",  GTK_WIDGET (self->expiry_row) },
    { "make",        GTK_WIDGET (self->make_row) },
    { "model",       GTK_WIDGET (self->model_row) },
    { "color",       GTK_WIDGET (self->color_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return rows[i].row;

  return NULL;
}

static const char *
field_for_row (SlHotlistEntryDialog *self,
               GtkWidget            *row)
{
  for (guint i = 0; form_fields[i] != NULL; i++)
    if (row_for_field (self, form_fields[i]) == row)
      return form_fields[i];

  return NULL;
}

/* The service words a field's refusal to follow the field's name, e.g.
 * "is required": it gets a subject here. */
static char *
refusal_text (const char *field,
              const char *message)
{
  const struct
  {
    const char *field;
    const char *subject;
  } subjects[] = {
    { "plate",       N_("The plate") },
    { "region",      N_("The state") },
    { "reason",      N_("The reason") },
    { "case_number", N_("The case number") },
    { "synopsis",    N_("The synopsis") },
    { "expires_at",  N_("The expiry") },
    { "make",        N_("The make") },
    { "model",       N_("The model") },
    { "color",       N_("The color") },
  };

  if (!g_ascii_islower (message[0]))
    return g_strdup (message);

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (g_str_equal (subjects[i].field, field))
      /* Translators: a field and the service's words about it, e.g. "The expiry" "is required" */
      return g_strdup_printf (_("%s %s"), _(subjects[i].subject), message);

  return g_strdup (message);
}

static const char *
selected_reason (SlHotlistEntryDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->reason_row);
  const SlHotlistReason *reasons;
  guint n = 0;

  reasons = sl_policy_get_hotlist_reasons (self->policy, &n);
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > n)
    return NULL;
  return reasons[selected - 1].code;
}

static void
mark (GtkWidget *row,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
set_label (GtkLabel   *label,
           const char *text,
           gboolean    error)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

/* The error to show at @field: the service's, else the check's. */
static const char *
error_of (SlHotlistEntryDialog *self,
          const char           *field)
{
  const char *refused = g_hash_table_lookup (self->refusals, field);

  if (refused != NULL)
    return refused;

  if (g_str_equal (field, "plate"))
    return self->check.plate_error;
  if (g_str_equal (field, "region"))
    return self->check.region_error;
  if (g_str_equal (field, "reason"))
    return self->check.reason_error;
  if (g_str_equal (field, "case_number"))
    return self->check.case_number_error;
  if (g_str_equal (field, "synopsis"))
    return self->check.synopsis_error;
  if (g_str_equal (field, "expires_at"))
    return self->check.expiry_error;
  return NULL;
}

/* The fields the form started from: a waiting update's, else those in force. */
static const SlHotlistEntryFields *
start_fields (SlHotlistEntryDialog *self)
{
  SlHotlistVersion *pending = sl_hotlist_entry_get_pending_update (self->entry);

  return pending != NULL ? sl_hotlist_version_get_fields (pending) : sl_hotlist_entry_get_fields (self->entry);
}

/* The members of @fields that differ from @before, or NULL when none does. */
static SlHotlistEntryFields *
dup_changes (const SlHotlistEntryFields *fields,
             const SlHotlistEntryFields *before)
{
  g_autoptr(SlHotlistEntryFields) changes = sl_hotlist_entry_fields_new ();
  gboolean any = FALSE;
  struct
  {
    char       **out;
    const char  *now;
    const char  *was;
  } strings[] = {
    { &changes->plate,       fields->plate,       before->plate },
    { &changes->region,      fields->region,      before->region },
    { &changes->reason,      fields->reason,      before->reason },
    { &changes->case_number, fields->case_number, before->case_number },
    { &changes->synopsis,    fields->synopsis,    before->synopsis },
    { &changes->make,        fields->make,        before->make },
    { &changes->model,       fields->model,       before->model },
    { &changes->color,       fields->color,       before->color },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (g_strcmp0 (strings[i].now != NULL ? strings[i].now : "",
                   strings[i].was != NULL ? strings[i].was : "") != 0)
      {
        *strings[i].out = g_strdup (strings[i].now != NULL ? strings[i].now : "");
        any = TRUE;
      }

  /* The form holds a day: the same day is no change of the expiry. */
  {
    g_autofree char *now_day = sl_hotlist_format_date (fields->expires_at_us);
    g_autofree char *was_day = sl_hotlist_format_date (before->expires_at_us);

    if (!g_str_equal (now_day, was_day))
      {
        changes->expires_at_us = fields->expires_at_us;
        any = TRUE;
      }
  }

  return any ? g_steal_pointer (&changes) : NULL;
}

static void
update (SlHotlistEntryDialog *self)
{
  SlHotlistEntryForm form = {
    .plate = text_of (self->plate_row),
    .region = text_of (self->region_row),
    .reason = selected_reason (self),
    .case_number = text_of (self->case_row),
    .synopsis = text_of (self->synopsis_row),
    .expires_on = text_of (self->expiry_row),
    .make = text_of (self->make_row),
    .model = text_of (self->model_row),
    .color = text_of (self->color_row),
  };
  const char * const *names = form_fields;
  g_autoptr(GString) why = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *expiry_hint = NULL;
  g_autofree char *last_day = NULL;
  gboolean can_save;
  const char *plate_error;

  sl_hotlist_entry_check_clear (&self->check);
  sl_hotlist_entry_check (self->policy, &form, g_get_real_time (), &self->check);

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = row_for_field (self, names[i]);

      if (row != NULL)
        mark (row, error_of (self, names[i]) != NULL);
    }

  /* Under the plate: what it matches, or what is wrong. */
  plate_error = error_of (self, "plate") != NULL ? error_of (self, "plate") : error_of (self, "region");
  if (plate_error != NULL)
    set_label (self->plate_label, plate_error, TRUE);
  else if (self->check.plate_preview != NULL)
    set_label (self->plate_label, self->check.plate_preview, FALSE);
  else
    set_label (self->plate_label, _("A plate as it reads, or a pattern: ? is one unknown character, "
                                    "* any run of characters."), FALSE);
  if (plate_error == NULL && self->check.is_pattern)
    gtk_widget_add_css_class (GTK_WIDGET (self->plate_label), "hotlist-pattern-preview");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->plate_label), "hotlist-pattern-preview");

  {
    const char *errors[] = { error_of (self, "reason"), error_of (self, "case_number"),
                             error_of (self, "synopsis") };

    for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
      if (errors[i] != NULL)
        g_string_append_printf (why, "%s%s", why->len > 0 ? "\n" : "", errors[i]);
    set_label (self->why_error_label, why->str, TRUE);
  }

  if (error_of (self, "expires_at") != NULL)
    set_label (self->expiry_label, error_of (self, "expires_at"), TRUE);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) last = g_date_time_add_days (now, sl_policy_get_hotlist_max_days (self->policy));

      last_day = g_date_time_format (last, "%Y-%m-%d");
      /* Translators: %u is the policy's limit in days, %s the last date it allows */
      expiry_hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "At most %u day from today, until %s. The entry stops "
                                                  "matching at the end of the day it expires; renew it "
                                                  "before then if it is still needed.",
                                                  "At most %u days from today, until %s. The entry stops "
                                                  "matching at the end of the day it expires; renew it "
                                                  "before then if it is still needed.",
                                                  sl_policy_get_hotlist_max_days (self->policy)),
                                     sl_policy_get_hotlist_max_days (self->policy), last_day);
      set_label (self->expiry_label, expiry_hint, FALSE);
    }

  /* What the service refused beyond the fields shown above */
  if (self->refusal != NULL)
    g_string_append (problems, self->refusal);
  {
    const char *vehicle[] = { "make", "model", "color" };

    for (guint i = 0; i < G_N_ELEMENTS (vehicle); i++)
      if (g_hash_table_lookup (self->refusals, vehicle[i]) != NULL)
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "\n" : "",
                                (const char *) g_hash_table_lookup (self->refusals, vehicle[i]));
  }
  set_label (self->problem_label, problems->str, TRUE);

  if (self->check.missing != NULL)
    g_string_append (missing, self->check.missing);
  if (g_hash_table_size (self->refusals) > 0)
    g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "",
                            _("Correct the fields the service refused."));
  if (self->entry != NULL && self->check.fields != NULL)
    {
      g_autoptr(SlHotlistEntryFields) changes = dup_changes (self->check.fields, start_fields (self));
      g_autoptr(SlHotlistEntryFields) from_active = dup_changes (self->check.fields,
                                                                 sl_hotlist_entry_get_fields (self->entry));

      if (changes == NULL || from_active == NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "",
                                _("Change a field to propose an update."));
    }

  can_save = missing->len == 0 && !self->busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), can_save);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), missing->len > 0 ? missing->str : NULL);
  g_free (self->missing);
  self->missing = missing->len > 0 ? g_strdup (missing->str) : NULL;
}

static void
set_busy (SlHotlistEntryDialog *self,
          gboolean              busy)
{
  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlHotlistEntryDialog) self = user_data;
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->entry != NULL)
    entry = sl_client_update_hotlist_entry_finish (SL_CLIENT (object), result, &error);
  else
    entry = sl_client_create_hotlist_entry_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (entry == NULL)
    {
      sl_hotlist_entry_dialog_show_refusal (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, entry);
  gtk_window_close (GTK_WINDOW (self));
}

static void
field_changed_cb (SlHotlistEntryDialog *self,
                  GtkWidget            *row)
{
  const char *field = field_for_row (self, row);

  if (field != NULL)
    g_hash_table_remove (self->refusals, field);
  g_clear_pointer (&self->refusal, g_free);
  update (self);
}

static void
reason_changed_cb (SlHotlistEntryDialog *self)
{
  g_hash_table_remove (self->refusals, "reason");
  g_clear_pointer (&self->refusal, g_free);
  update (self);
}

static void
day_selected_cb (SlHotlistEntryDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (!g_str_equal (text, text_of (self->expiry_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->expiry_row), text);
  gtk_menu_button_popdown (self->calendar_button);
}

static void
calendar_opened_cb (SlHotlistEntryDialog *self)
{
  GDate day;

  /* The calendar opens on the date typed. */
  if (sl_date_parse (text_of (self->expiry_row), &day, NULL))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                                         g_date_get_day (&day), 12, 0, 0);

      g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
      gtk_calendar_select_day (self->calendar, date);
      g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
    }
}

static void
save_clicked_cb (SlHotlistEntryDialog *self)
{
  sl_hotlist_entry_dialog_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sl_hotlist_entry_dialog_save (SL_HOTLIST_ENTRY_DIALOG (widget));
}

static void
sl_hotlist_entry_dialog_dispose (GObject *object)
{
  SlHotlistEntryDialog *self = SL_HOTLIST_ENTRY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->reason_labels);
  g_clear_object (&self->client);
  g_clear_object (&self->list);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (sl_hotlist_entry_dialog_parent_class)->dispose (object);
}

static void
sl_hotlist_entry_dialog_finalize (GObject *object)
{
  SlHotlistEntryDialog *self = SL_HOTLIST_ENTRY_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->policy, sl_policy_unref);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  sl_hotlist_entry_check_clear (&self->check);
  g_free (self->missing);
  g_free (self->refusal);

  G_OBJECT_CLASS (sl_hotlist_entry_dialog_parent_class)->finalize (object);
}

static void
sl_hotlist_entry_dialog_class_init (SlHotlistEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_hotlist_entry_dialog_dispose;
  object_class->finalize = sl_hotlist_entry_dialog_finalize;

  /**
   * SlHotlistEntryDialog::saved:
   * @entry: the entry as the service answered, pending
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SL_TYPE_HOTLIST_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-hotlist-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, vehicle_group);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, plate_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, synopsis_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, why_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, why_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, make_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, color_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistEntryDialog, approval_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_install_action (widget_class, "entry.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "entry.save", NULL);
}

static void
sl_hotlist_entry_dialog_init (SlHotlistEntryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_object (gtk_menu_button_get_popover (self->calendar_button), "show",
                           G_CALLBACK (calendar_opened_cb), self, G_CONNECT_SWAPPED);
}

static void
fill_from_entry (SlHotlistEntryDialog *self)
{
  const SlHotlistEntryFields *fields = start_fields (self);
  g_autofree char *expires_on = fields->expires_at_us > 0 ? sl_hotlist_format_date (fields->expires_at_us) : NULL;
  SlHotlistEntryForm form = {
    .plate = fields->plate,
    .region = fields->region,
    .reason = fields->reason,
    .case_number = fields->case_number,
    .synopsis = fields->synopsis,
    .expires_on = expires_on,
    .make = fields->make,
    .model = fields->model,
    .color = fields->color,
  };

  sl_hotlist_entry_dialog_set_form (self, &form);
}

/**
 * sl_hotlist_entry_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the client, logged in
 * @policy: the agency's profile: reasons, case-number format, expiry limit
 * @list: the specific list the entry is for
 * @entry: (nullable): the entry to propose an update of, or %NULL for a new one
 *
 * Returns: (transfer none): a new dialog, not shown yet; it sends the entry
 *   itself, emits #SlHotlistEntryDialog::saved and closes, or shows the
 *   service's refusals at their fields
 */
SlHotlistEntryDialog *
sl_hotlist_entry_dialog_new (GtkWindow      *parent,
                             SlClient       *client,
                             SlPolicy       *policy,
                             SlHotlist      *list,
                             SlHotlistEntry *entry)
{
  SlHotlistEntryDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *why = NULL;
  const SlHotlistReason *reasons;
  guint n_reasons = 0;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (SL_IS_HOTLIST (list), NULL);
  g_return_val_if_fail (!entry || SL_IS_HOTLIST_ENTRY (entry), NULL);

  self = g_object_new (SL_TYPE_HOTLIST_ENTRY_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->policy = sl_policy_ref (policy);
  self->list = g_object_ref (list);
  self->entry = entry != NULL ? g_object_ref (entry) : NULL;

  self->reason_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (self->reason_labels, _("Choose a reason…"));
  reasons = sl_policy_get_hotlist_reasons (policy, &n_reasons);
  for (guint i = 0; i < n_reasons; i++)
    gtk_string_list_append (self->reason_labels, reasons[i].label);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (self->reason_labels));

  /* Translators: %s is an example case number, e.g. 26-012345 */
  why = g_strdup_printf (_("The case the entry belongs to, in the agency’s format such as %s, and in a "
                           "sentence why the vehicle is wanted."),
                         sl_policy_get_case_number_example (policy));
  gtk_label_set_text (self->why_label, why);

  if (entry != NULL)
    {
      /* Translators: the title of the dialog that proposes an update; %s is a plate */
      title = g_strdup_printf (_("Update of %s"), sl_hotlist_entry_get_plate (entry));
      gtk_button_set_label (self->save_button, _("_Propose Update"));
      gtk_label_set_text (self->approval_label,
                          _("The version in force stays until the update is approved by the author’s "
                            "immediate supervisor or an ALPR Administrator."));
      fill_from_entry (self);
    }
  else
    {
      g_autofree char *expires_on = sl_hotlist_default_expiry (policy, g_get_real_time ());

      /* Translators: the title of the new-entry dialog; %s is a hot list's name */
      title = g_strdup_printf (_("New Entry in %s"), sl_hotlist_get_name (list));
      gtk_editable_set_text (GTK_EDITABLE (self->expiry_row), expires_on);
    }
  gtk_window_set_title (GTK_WINDOW (self), title);

  update (self);
  return self;
}

/**
 * sl_hotlist_entry_dialog_set_form:
 * @form: the fields to fill; %NULL members are left as they are
 */
void
sl_hotlist_entry_dialog_set_form (SlHotlistEntryDialog     *self,
                                  const SlHotlistEntryForm *form)
{
  const struct
  {
    AdwEntryRow *row;
    const char  *text;
  } rows[] = {
    { self->plate_row,    form->plate },
    { self->region_row,   form->region },
    { self->case_row,     form->case_number },
    { self->synopsis_row, form->synopsis },
    { self->expiry_row,   form->expires_on },
    { self->make_row,     form->make },
    { self->model_row,    form->model },
    { self->color_row,    form->color },
  };
  const SlHotlistReason *reasons;
  guint n_reasons = 0;

  g_return_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self));
  g_return_if_fail (form != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].text != NULL)
      gtk_editable_set_text (GTK_EDITABLE (rows[i].row), rows[i].text);

  reasons = sl_policy_get_hotlist_reasons (self->policy, &n_reasons);
  for (guint i = 0; form->reason != NULL && i < n_reasons; i++)
    if (g_str_equal (reasons[i].code, form->reason))
      adw_combo_row_set_selected (self->reason_row, i + 1);

  update (self);
}

gboolean
sl_hotlist_entry_dialog_can_save (SlHotlistEntryDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->save_button));
}

/**
 * sl_hotlist_entry_dialog_get_missing:
 *
 * Returns: (nullable): what the save button's tooltip says is missing
 */
const char *
sl_hotlist_entry_dialog_get_missing (SlHotlistEntryDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self), NULL);
  return self->missing;
}

gboolean
sl_hotlist_entry_dialog_is_busy (SlHotlistEntryDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self), FALSE);
  return self->busy;
}

/**
 * sl_hotlist_entry_dialog_get_field_error:
 * @field: a field as the API names it, e.g. "case_number"
 *
 * Returns: (nullable): what the dialog shows is wrong with @field: the
 *   service's refusal, else its own check
 */
const char *
sl_hotlist_entry_dialog_get_field_error (SlHotlistEntryDialog *self,
                                         const char           *field)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return error_of (self, field);
}

/**
 * sl_hotlist_entry_dialog_save:
 *
 * Sends the entry, or the update, if the fields pass.
 *
 * Returns: whether it was sent
 */
gboolean
sl_hotlist_entry_dialog_save (SlHotlistEntryDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self), FALSE);

  update (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)) || self->check.fields == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->entry != NULL)
    {
      /* A new proposal replaces a waiting one: it carries every change
       * from the version in force. */
      g_autoptr(SlHotlistEntryFields) changes = dup_changes (self->check.fields,
                                                             sl_hotlist_entry_get_fields (self->entry));

      sl_client_update_hotlist_entry_async (self->client, sl_hotlist_entry_get_id (self->entry), changes,
                                            self->cancellable, saved_cb, g_object_ref (self));
    }
  else
    sl_client_create_hotlist_entry_async (self->client, sl_hotlist_get_id (self->list), self->check.fields,
                                          self->cancellable, saved_cb, g_object_ref (self));

  set_busy (self, TRUE);
  return TRUE;
}

/**
 * sl_hotlist_entry_dialog_show_refusal:
 * @error: the service's refusal of the entry
 *
 * Shows each refused field's reason at the field, until it changes, and
 * puts the focus on the first; anything else above the save button.
 */
void
sl_hotlist_entry_dialog_show_refusal (SlHotlistEntryDialog *self,
                                      const GError         *error)
{
  GHashTable *fields;
  const char * const *names = form_fields;
  GtkWidget *first = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_if_fail (SL_IS_HOTLIST_ENTRY_DIALOG (self));
  g_return_if_fail (error != NULL);

  g_hash_table_remove_all (self->refusals);
  g_clear_pointer (&self->refusal, g_free);

  fields = sl_client_error_get_fields (error);
  if (fields != NULL)
    {
      g_autoptr(GString) others = g_string_new (NULL);

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (row_for_field (self, key) != NULL)
            g_hash_table_insert (self->refusals, g_strdup (key), refusal_text (key, value));
          else
            /* Members the form does not have: the service names them. */
            g_string_append_printf (others, "%s%s: %s", others->len > 0 ? "\n" : "",
                                    (const char *) key, (const char *) value);
        }
      if (others->len > 0)
        self->refusal = g_strdup_printf ("%s\n%s", error->message, others->str);
    }

  if (g_hash_table_size (self->refusals) == 0 && self->refusal == NULL)
    self->refusal = g_strdup (error->message);

  update (self);

  for (guint i = 0; names[i] != NULL && first == NULL; i++)
    if (g_hash_table_contains (self->refusals, names[i]))
      first = row_for_field (self, names[i]);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}
