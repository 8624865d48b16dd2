#define G_LOG_DOMAIN "sl-hotlist-list-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-hotlist-list-dialog.h"
#include "sl-hotlist-view-state.h"

/* The kind row's items, in order. */
static const SlHotlistKind kinds[] = { SL_HOTLIST_KIND_SPECIFIC, SL_HOTLIST_KIND_GENERAL };

struct _SlHotlistListDialog
{
  AdwWindow          parent_instance;

  /* template widgets */
  GtkButton         *save_button;
  GtkSpinner        *spinner;
  AdwEntryRow       *name_row;
  AdwComboRow       *kind_row;
  AdwEntryRow       *source_row;
  GtkSpinButton     *priority_spin;
  AdwComboRow       *level_row;
  AdwComboRow       *tolerance_row;
  GtkSwitch         *covert_switch;
  GtkWidget         *active_row;
  GtkSwitch         *active_switch;
  GtkWidget         *schedule_group;
  AdwEntryRow       *import_source_row;
  AdwEntryRow       *import_time_row;
  AdwActionRow      *import_now_row;
  GtkWidget         *import_now_button;
  GtkLabel          *problem_label;

  /* owned references */
  SlClient          *client;
  SlHotlist         *list;        /* the list whose settings change, or NULL for a new one */
  GCancellable      *cancellable;
  char              *missing;
  char              *error;

  guint              busy : 1;
};

G_DEFINE_FINAL_TYPE (SlHotlistListDialog, sl_hotlist_list_dialog, ADW_TYPE_WINDOW)

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

static SlHotlistKind
selected_kind (SlHotlistListDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (kinds) ? kinds[selected] : SL_HOTLIST_KIND_SPECIFIC;
}

static void
mark (gpointer row,
      gboolean wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_error (SlHotlistListDialog *self,
            const char          *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

static void
update (SlHotlistListDialog *self)
{
  SlHotlistListCheck check;
  gboolean general = selected_kind (self) == SL_HOTLIST_KIND_GENERAL;

  sl_hotlist_list_check (text_of (self->name_row), text_of (self->source_row), general,
                         text_of (self->import_source_row), text_of (self->import_time_row), &check);

  mark (self->name_row, check.name_error != NULL);
  mark (self->source_row, check.source_error != NULL);
  mark (self->import_source_row, check.import_source_error != NULL);
  mark (self->import_time_row, check.import_time_error != NULL);
  gtk_widget_set_visible (self->schedule_group, general);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), check.can_submit && !self->busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), check.missing);
  g_free (self->missing);
  self->missing = g_steal_pointer (&check.missing);
  sl_hotlist_list_check_clear (&check);
}

static void
set_busy (SlHotlistListDialog *self,
          gboolean             busy)
{
  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->import_now_button, !busy);
  update (self);
}

/* The service's refusal, at the fields it names. */
static void
show_refusal (SlHotlistListDialog *self,
              const GError        *error)
{
  GHashTable *fields = sl_client_error_get_fields (error);
  g_autoptr(GString) text = g_string_new (NULL);
  const struct
  {
    const char *field;
    gpointer    row;
  } rows[] = {
    { "name",          self->name_row },
    { "kind",          self->kind_row },
    { "source",        self->source_row },
    { "import_source", self->import_source_row },
    { "import_time",   self->import_time_row },
  };

  for (guint i = 0; fields != NULL && i < G_N_ELEMENTS (rows); i++)
    {
      const char *message = g_hash_table_lookup (fields, rows[i].field);

      if (message == NULL)
        continue;
      mark (rows[i].row, TRUE);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", message);
    }

  show_error (self, text->len > 0 ? text->str : error->message);
}

static void
fill_settings (SlHotlistListDialog *self,
               SlHotlistSettings   *settings)
{
  const char *source = text_of (self->import_source_row);
  const char *time = text_of (self->import_time_row);

  settings->name = text_of (self->name_row);
  settings->kind = selected_kind (self);
  settings->source = text_of (self->source_row);
  settings->priority = gtk_spin_button_get_value_as_int (self->priority_spin);
  settings->alert_level = (SlAlertLevel) adw_combo_row_get_selected (self->level_row);
  settings->covert = gtk_switch_get_active (self->covert_switch);
  settings->tolerance = adw_combo_row_get_selected (self->tolerance_row);
  settings->active = gtk_switch_get_active (self->active_switch);
  settings->import_source = settings->kind == SL_HOTLIST_KIND_GENERAL && *source != '\0' ? source : NULL;
  settings->import_time = settings->kind == SL_HOTLIST_KIND_GENERAL && *time != '\0' ? time : NULL;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlHotlistListDialog) self = user_data;
  g_autoptr(SlHotlist) list = NULL;
  g_autoptr(GError) error = NULL;

  if (self->list != NULL)
    list = sl_client_update_hotlist_finish (SL_CLIENT (object), result, &error);
  else
    list = sl_client_create_hotlist_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (list == NULL)
    {
      show_refusal (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, list);
  gtk_window_close (GTK_WINDOW (self));
}

static void
imported_now_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlHotlistListDialog) self = user_data;
  g_autoptr(SlHotlistImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SlHotlist) list = NULL;

  summary = sl_client_import_hotlist_now_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (summary == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The import failed: %s"), error->message);

      show_error (self, message);
      return;
    }

  text = sl_hotlist_describe_summary (summary);
  adw_action_row_set_subtitle (self->import_now_row, text);
  /* The page shows the new counts and state. */
  list = g_object_ref (self->list);
  g_signal_emit (self, signals[SAVED], 0, list);
}

static void
field_changed_cb (SlHotlistListDialog *self)
{
  show_error (self, NULL);
  update (self);
}

static void
kind_changed_cb (SlHotlistListDialog *self)
{
  update (self);
}

static void
save_clicked_cb (SlHotlistListDialog *self)
{
  sl_hotlist_list_dialog_save (self);
}

static void
import_now_clicked_cb (SlHotlistListDialog *self)
{
  if (self->list == NULL || self->busy)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_error (self, NULL);
  set_busy (self, TRUE);
  sl_client_import_hotlist_now_async (self->client, sl_hotlist_get_id (self->list), self->cancellable,
                                      imported_now_cb, g_object_ref (self));
}

static void
sl_hotlist_list_dialog_dispose (GObject *object)
{
  SlHotlistListDialog *self = SL_HOTLIST_LIST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (sl_hotlist_list_dialog_parent_class)->dispose (object);
}

static void
sl_hotlist_list_dialog_finalize (GObject *object)
{
  SlHotlistListDialog *self = SL_HOTLIST_LIST_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->missing);
  g_free (self->error);

  G_OBJECT_CLASS (sl_hotlist_list_dialog_parent_class)->finalize (object);
}

static void
sl_hotlist_list_dialog_class_init (SlHotlistListDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_hotlist_list_dialog_dispose;
  object_class->finalize = sl_hotlist_list_dialog_finalize;

  /**
   * SlHotlistListDialog::saved:
   * @list: the list as the service answered
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SL_TYPE_HOTLIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-hotlist-list-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, priority_spin);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, tolerance_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, covert_switch);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, active_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, import_source_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, import_time_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, import_now_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, import_now_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistListDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_now_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_hotlist_list_dialog_init (SlHotlistListDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_selected (self->level_row, SL_ALERT_LEVEL_HIGH);
}

/**
 * sl_hotlist_list_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the client, logged in as an administrator
 * @list: (nullable): the list to change, or %NULL for a new one
 *
 * Returns: (transfer none): a new dialog, not shown yet; it sends the
 *   settings itself, emits #SlHotlistListDialog::saved and closes
 */
SlHotlistListDialog *
sl_hotlist_list_dialog_new (GtkWindow *parent,
                            SlClient  *client,
                            SlHotlist *list)
{
  SlHotlistListDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (!list || SL_IS_HOTLIST (list), NULL);

  self = g_object_new (SL_TYPE_HOTLIST_LIST_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);

  if (list != NULL)
    {
      SlHotlistSettings settings = {
        .name = sl_hotlist_get_name (list),
        .kind = sl_hotlist_get_kind (list),
        .source = sl_hotlist_get_source (list),
        .priority = sl_hotlist_get_priority (list),
        .alert_level = sl_hotlist_get_alert_level (list),
        .covert = sl_hotlist_get_covert (list),
        .tolerance = sl_hotlist_get_tolerance (list),
        .active = sl_hotlist_get_active (list),
        .import_source = sl_hotlist_get_import_source (list),
        .import_time = sl_hotlist_get_import_time (list),
      };
      g_autofree char *title = NULL;

      self->list = g_object_ref (list);
      sl_hotlist_list_dialog_set_settings (self, &settings);
      /* Translators: %s is a hot list's name */
      title = g_strdup_printf (_("Settings of %s"), sl_hotlist_get_name (list));
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), FALSE);
      gtk_widget_set_visible (self->active_row, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->import_now_row),
                              settings.kind == SL_HOTLIST_KIND_GENERAL && settings.import_source != NULL &&
                              *settings.import_source != '\0');
    }

  update (self);
  return self;
}

/**
 * sl_hotlist_list_dialog_set_settings:
 * @settings: the values to show; the kind only for a new list
 */
void
sl_hotlist_list_dialog_set_settings (SlHotlistListDialog     *self,
                                     const SlHotlistSettings *settings)
{
  g_return_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self));
  g_return_if_fail (settings != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), settings->name != NULL ? settings->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), settings->source != NULL ? settings->source : "");
  for (guint i = 0; self->list == NULL && i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == settings->kind)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_spin_button_set_value (self->priority_spin, settings->priority);
  adw_combo_row_set_selected (self->level_row, settings->alert_level);
  adw_combo_row_set_selected (self->tolerance_row, MIN (settings->tolerance, 2));
  gtk_switch_set_active (self->covert_switch, settings->covert);
  gtk_switch_set_active (self->active_switch, settings->active || self->list == NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->import_source_row),
                         settings->import_source != NULL ? settings->import_source : "");
  gtk_editable_set_text (GTK_EDITABLE (self->import_time_row),
                         settings->import_time != NULL ? settings->import_time : "");
  update (self);
}

gboolean
sl_hotlist_list_dialog_can_save (SlHotlistListDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->save_button));
}

/**
 * sl_hotlist_list_dialog_get_missing:
 *
 * Returns: (nullable): what the save button's tooltip says is missing
 */
const char *
sl_hotlist_list_dialog_get_missing (SlHotlistListDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self), NULL);
  return self->missing;
}

gboolean
sl_hotlist_list_dialog_is_busy (SlHotlistListDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self), FALSE);
  return self->busy;
}

/**
 * sl_hotlist_list_dialog_get_error:
 *
 * Returns: (nullable): the service's refusal, as shown
 */
const char *
sl_hotlist_list_dialog_get_error (SlHotlistListDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self), NULL);
  return self->error;
}

/**
 * sl_hotlist_list_dialog_save:
 *
 * Creates the list, or sends the changed settings, if they pass.
 *
 * Returns: whether it was sent
 */
gboolean
sl_hotlist_list_dialog_save (SlHotlistListDialog *self)
{
  SlHotlistSettings settings = { 0 };

  g_return_val_if_fail (SL_IS_HOTLIST_LIST_DIALOG (self), FALSE);

  update (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_error (self, NULL);
  fill_settings (self, &settings);

  if (self->list != NULL)
    {
      SlHotlistFields fields = SL_HOTLIST_FIELD_NAME | SL_HOTLIST_FIELD_SOURCE | SL_HOTLIST_FIELD_PRIORITY |
                               SL_HOTLIST_FIELD_ALERT_LEVEL | SL_HOTLIST_FIELD_COVERT |
                               SL_HOTLIST_FIELD_TOLERANCE | SL_HOTLIST_FIELD_ACTIVE;

      if (settings.kind == SL_HOTLIST_KIND_GENERAL)
        fields |= SL_HOTLIST_FIELD_IMPORT_SOURCE | SL_HOTLIST_FIELD_IMPORT_TIME;
      sl_client_update_hotlist_async (self->client, sl_hotlist_get_id (self->list), &settings, fields,
                                      self->cancellable, saved_cb, g_object_ref (self));
    }
  else
    sl_client_create_hotlist_async (self->client, &settings, self->cancellable, saved_cb, g_object_ref (self));

  set_busy (self, TRUE);
  return TRUE;
}
