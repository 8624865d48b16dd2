#define G_LOG_DOMAIN "sl-hotlist-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-hotlist-import-dialog.h"
#include "sl-hotlist-view-state.h"

struct _SlHotlistImportDialog
{
  AdwWindow               parent_instance;

  /* template widgets */
  GtkButton              *close_button;
  GtkButton              *import_button;
  GtkStack               *stack;
  AdwStatusPage          *choose_page;
  GtkSpinner             *reading_spinner;
  AdwActionRow           *file_row;
  AdwActionRow           *delimiter_row;
  AdwActionRow           *columns_row;
  AdwActionRow           *rows_row;
  GtkGrid                *rows_grid;
  GtkLabel               *bad_label;
  GtkLabel               *replace_label;
  GtkLabel               *importing_label;
  GtkProgressBar         *progress_bar;
  GtkImage               *summary_icon;
  GtkLabel               *summary_title_label;
  GtkLabel               *summary_label;
  GtkWidget              *rejected_group;
  GtkListBox             *rejected_box;
  GtkLabel               *error_label;

  /* owned references */
  SlClient               *client;
  SlHotlist              *list;
  GFile                  *file;
  GBytes                 *contents;     /* the file as read: what is sent */
  SlHotlistCsv           *csv;          /* as parsed here, for the preview */
  SlHotlistImportSummary *summary;
  GCancellable           *cancellable;
  char                   *error;

  guint                   pulse_source; /* while the service replaces the list */
};

G_DEFINE_FINAL_TYPE (SlHotlistImportDialog, sl_hotlist_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SlHotlistImportDialog *self,
            const char            *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_stage (SlHotlistImportDialog *self,
           const char            *stage)
{
  gboolean reading = g_str_equal (stage, "reading");
  gboolean done = g_str_equal (stage, "summary");

  gtk_stack_set_visible_child_name (self->stack, stage);
  gtk_spinner_set_spinning (self->reading_spinner, reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), g_str_equal (stage, "preview") && self->csv != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !done);
  gtk_button_set_label (self->close_button, done ? _("_Close") : _("_Cancel"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose",
                                 !reading && !g_str_equal (stage, "importing") && !done);
}

static GtkWidget *
cell (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text != NULL && *text != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_preview (SlHotlistImportDialog *self)
{
  const SlHotlistCsv *csv = self->csv;
  g_autofree char *mapping = sl_hotlist_csv_describe_mapping (csv);
  g_autofree char *rows = NULL;
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *replace = NULL;
  const char *headers[] = { N_("Line"), N_("Plate"), N_("State"), N_("Category"), N_("Case Number"), N_("Expiry") };
  GtkWidget *child;

  adw_action_row_set_subtitle (self->file_row, path != NULL ? path : g_file_peek_path (self->file));
  adw_action_row_set_subtitle (self->delimiter_row, sl_hotlist_csv_delimiter_name (csv->delimiter));
  adw_action_row_set_subtitle (self->columns_row, mapping);

  /* Translators: the rows of a CSV file the import takes and those it refuses */
  rows = g_strdup_printf (_("%u good, %u bad"), csv->rows->len, csv->bad_rows->len);
  adw_action_row_set_subtitle (self->rows_row, rows);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_grid))) != NULL)
    gtk_grid_remove (self->rows_grid, child);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    gtk_grid_attach (self->rows_grid, cell (_(headers[i]), "heading"), i, 0, 1, 1);
  for (guint i = 0; i < MIN (csv->rows->len, SL_HOTLIST_IMPORT_PREVIEW_ROWS); i++)
    {
      const SlHotlistRow *row = &g_array_index (csv->rows, SlHotlistRow, i);
      g_autofree char *line = g_strdup_printf ("%u", row->line);
      g_autofree char *expiry = row->expires_us > 0 ? sl_hotlist_format_date (row->expires_us) : NULL;

      gtk_grid_attach (self->rows_grid, cell (line, "dim-label"), 0, i + 1, 1, 1);
      gtk_grid_attach (self->rows_grid, cell (row->plate, "hotlist-plate"), 1, i + 1, 1, 1);
      gtk_grid_attach (self->rows_grid, cell (row->region, NULL), 2, i + 1, 1, 1);
      gtk_grid_attach (self->rows_grid, cell (row->category, NULL), 3, i + 1, 1, 1);
      gtk_grid_attach (self->rows_grid, cell (row->case_number, NULL), 4, i + 1, 1, 1);
      gtk_grid_attach (self->rows_grid, cell (expiry, NULL), 5, i + 1, 1, 1);
    }

  if (csv->bad_rows->len > 0)
    {
      GString *text = g_string_new (NULL);

      if (csv->bad_rows->len > csv->rows->len)
        g_string_append (text, _("More rows are bad than good: the service will keep the list as it is. "));
      g_string_append (text, g_dngettext (GETTEXT_PACKAGE, "The import will reject this row:",
                                          "The import will reject these rows:", csv->bad_rows->len));
      for (guint i = 0; i < MIN (csv->bad_rows->len, 5); i++)
        {
          const SlHotlistBadRow *bad = &g_array_index (csv->bad_rows, SlHotlistBadRow, i);

          /* Translators: a line of a file and what is wrong with it */
          g_string_append_printf (text, _("\nLine %u: %s"), bad->line, bad->message);
        }
      if (csv->bad_rows->len > 5)
        g_string_append_printf (text, _("\n… and %u more"), csv->bad_rows->len - 5);
      gtk_label_set_text (self->bad_label, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bad_label), csv->bad_rows->len > 0);

  /* Translators: %s is a hot list's name */
  replace = g_strdup_printf (_("Importing replaces every entry of “%s” with the file’s rows, at once; "
                               "the access log keeps what was added and removed."),
                             sl_hotlist_get_name (self->list));
  gtk_label_set_text (self->replace_label, replace);
  set_stage (self, "preview");
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *contents = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);
  SlHotlistCsv *csv = sl_hotlist_csv_parse (data != NULL ? data : "", length, &error);

  if (csv == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, csv, (GDestroyNotify) sl_hotlist_csv_free);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SlHotlistImportDialog *self = SL_HOTLIST_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  SlHotlistCsv *csv = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (csv == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This file cannot be imported: %s"), error->message);

      show_error (self, message);
      set_stage (self, "choose");
      return;
    }

  g_clear_pointer (&self->csv, sl_hotlist_csv_free);
  self->csv = csv;
  show_preview (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlHotlistImportDialog) self = user_data;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  contents = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (contents == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The file could not be read: %s"), error->message);

      show_error (self, message);
      set_stage (self, "choose");
      return;
    }

  g_clear_pointer (&self->contents, g_bytes_unref);
  self->contents = g_bytes_ref (contents);

  /* A state list has a million rows: parsed off the main thread. */
  task = g_task_new (self, self->cancellable, parsed_cb, NULL);
  g_task_set_source_tag (task, loaded_cb);
  g_task_set_task_data (task, g_bytes_ref (contents), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

static gboolean
pulse_cb (gpointer user_data)
{
  SlHotlistImportDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (goffset  sent,
             goffset  total,
             gpointer user_data)
{
  SlHotlistImportDialog *self = user_data;

  if (total > 0 && sent < total)
    {
      g_autofree char *text = NULL;

      gtk_progress_bar_set_fraction (self->progress_bar, (double) sent / (double) total);
      /* Translators: %d is a percentage of the file sent */
      text = g_strdup_printf (_("Sending the file: %d %%"), (int) (100 * sent / total));
      gtk_progress_bar_set_text (self->progress_bar, text);
      return;
    }

  /* Sent: the service checks the rows and replaces the list in one go. */
  gtk_progress_bar_set_text (self->progress_bar, _("Replacing the list…"));
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add (150, pulse_cb, self);
}

static void
show_summary (SlHotlistImportDialog *self)
{
  const SlHotlistImportSummary *summary = self->summary;
  g_autofree char *text = sl_hotlist_describe_summary (summary);
  guint shown = MIN (summary->rejected_lines->len, SL_HOTLIST_IMPORT_MAX_REJECTED_SHOWN);
  GtkWidget *child;

  gtk_label_set_text (self->summary_title_label, summary->kept_old ? _("The List Was Kept")
                                                                   : _("The List Was Replaced"));
  gtk_image_set_from_icon_name (self->summary_icon, summary->kept_old ? "dialog-warning-symbolic"
                                                                      : "emblem-ok-symbolic");
  if (summary->kept_old)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "success");
  gtk_label_set_text (self->summary_label, text);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_box))) != NULL)
    gtk_list_box_remove (self->rejected_box, child);
  for (guint i = 0; i < shown; i++)
    {
      const SlHotlistRejectedLine *line = &g_array_index (summary->rejected_lines, SlHotlistRejectedLine, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Line %u"), line->line);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->rejected_box, row);
    }
  if (summary->rejected > (gint64) shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u rejected line in all; the access log holds the summary.",
                                                            "%u rejected lines in all; the access log holds the summary.",
                                                            (guint) summary->rejected),
                                               (guint) summary->rejected);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->rejected_group), more);
    }
  gtk_widget_set_visible (self->rejected_group, summary->rejected > 0);
  set_stage (self, "summary");
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlHotlistImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SlHotlistImportSummary *summary;

  summary = sl_client_import_hotlist_bytes_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), TRUE);
  if (summary == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The import failed: %s"), error->message);

      show_error (self, message);
      set_stage (self, "preview");
      return;
    }

  g_clear_pointer (&self->summary, sl_hotlist_import_summary_free);
  self->summary = summary;
  show_summary (self);
  g_signal_emit (self, signals[IMPORTED], 0, self->summary);
}

static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           gpointer         user_data)
{
  g_autoptr(SlHotlistImportDialog) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sl_hotlist_import_dialog_load_file (self, file);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlHotlistImportDialog *self = SL_HOTLIST_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the CSV File to Import"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV and Text Files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sl_hotlist_import_dialog_start (SL_HOTLIST_IMPORT_DIALOG (widget));
}

static void
sl_hotlist_import_dialog_dispose (GObject *object)
{
  SlHotlistImportDialog *self = SL_HOTLIST_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->list);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sl_hotlist_import_dialog_parent_class)->dispose (object);
}

static void
sl_hotlist_import_dialog_finalize (GObject *object)
{
  SlHotlistImportDialog *self = SL_HOTLIST_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->csv, sl_hotlist_csv_free);
  g_clear_pointer (&self->summary, sl_hotlist_import_summary_free);
  g_free (self->error);

  G_OBJECT_CLASS (sl_hotlist_import_dialog_parent_class)->finalize (object);
}

static void
sl_hotlist_import_dialog_class_init (SlHotlistImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_hotlist_import_dialog_dispose;
  object_class->finalize = sl_hotlist_import_dialog_finalize;

  /**
   * SlHotlistImportDialog::imported:
   * @summary: what the import did
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SL_TYPE_HOTLIST_IMPORT_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-hotlist-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, choose_page);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, columns_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, rows_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, bad_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, replace_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, importing_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, summary_title_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, rejected_box);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistImportDialog, error_label);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_hotlist_import_dialog_init (SlHotlistImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * sl_hotlist_import_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the client, logged in as an administrator
 * @list: the general list to replace
 *
 * Returns: (transfer none): a new dialog, not shown yet; it asks for the
 *   file itself and emits #SlHotlistImportDialog::imported once done
 */
SlHotlistImportDialog *
sl_hotlist_import_dialog_new (GtkWindow *parent,
                              SlClient  *client,
                              SlHotlist *list)
{
  SlHotlistImportDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (SL_IS_HOTLIST (list), NULL);

  self = g_object_new (SL_TYPE_HOTLIST_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->list = g_object_ref (list);

  /* Translators: %s is a hot list's name */
  title = g_strdup_printf (_("Import into %s"), sl_hotlist_get_name (list));
  gtk_window_set_title (GTK_WINDOW (self), title);
  description = g_strdup_printf (_("The file replaces every entry of “%s”. Its header names the columns: "
                                   "plate or LIC (required), state or LIS, category, case_number or OCA, "
                                   "effective, expiry. You see what is read before anything is sent."),
                                 sl_hotlist_get_name (list));
  adw_status_page_set_description (self->choose_page, description);
  set_stage (self, "choose");
  return self;
}

/**
 * sl_hotlist_import_dialog_load_file:
 * @file: a CSV file
 *
 * Reads and parses @file as the service will, and shows what it holds.
 * The file chooser calls it; tests call it directly.
 */
void
sl_hotlist_import_dialog_load_file (SlHotlistImportDialog *self,
                                    GFile                 *file)
{
  g_return_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->file, file);
  g_clear_pointer (&self->csv, sl_hotlist_csv_free);
  show_error (self, NULL);
  set_stage (self, "reading");
  g_file_load_bytes_async (file, self->cancellable, loaded_cb, g_object_ref (self));
}

/**
 * sl_hotlist_import_dialog_get_stage:
 *
 * Returns: "choose", "reading", "preview", "importing" or "summary"
 */
const char *
sl_hotlist_import_dialog_get_stage (SlHotlistImportDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
sl_hotlist_import_dialog_is_busy (SlHotlistImportDialog *self)
{
  const char *stage;

  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), FALSE);

  stage = sl_hotlist_import_dialog_get_stage (self);
  return g_str_equal (stage, "reading") || g_str_equal (stage, "importing");
}

/**
 * sl_hotlist_import_dialog_get_csv:
 *
 * Returns: (nullable): the file as parsed here, for the preview
 */
const SlHotlistCsv *
sl_hotlist_import_dialog_get_csv (SlHotlistImportDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), NULL);
  return self->csv;
}

/**
 * sl_hotlist_import_dialog_start:
 *
 * Sends the file previewed.
 *
 * Returns: whether it was sent
 */
gboolean
sl_hotlist_import_dialog_start (SlHotlistImportDialog *self)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), FALSE);

  if (self->csv == NULL || self->contents == NULL ||
      !g_str_equal (sl_hotlist_import_dialog_get_stage (self), "preview"))
    return FALSE;

  show_error (self, NULL);
  /* Translators: %s is a hot list's name */
  label = g_strdup_printf (_("Importing into %s"), sl_hotlist_get_name (self->list));
  gtk_label_set_text (self->importing_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Sending the file"));
  set_stage (self, "importing");
  /* Closing now would not stop the service; the dialog stays until it answers. */
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), FALSE);

  sl_client_import_hotlist_bytes_async (self->client, sl_hotlist_get_id (self->list), self->contents,
                                        progress_cb, self, self->cancellable, imported_cb, g_object_ref (self));
  return TRUE;
}

/**
 * sl_hotlist_import_dialog_get_summary:
 *
 * Returns: (nullable): what the import did, once done
 */
const SlHotlistImportSummary *
sl_hotlist_import_dialog_get_summary (SlHotlistImportDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), NULL);
  return self->summary;
}

/**
 * sl_hotlist_import_dialog_get_error:
 *
 * Returns: (nullable): why the file cannot be read or was refused
 */
const char *
sl_hotlist_import_dialog_get_error (SlHotlistImportDialog *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_IMPORT_DIALOG (self), NULL);
  return self->error;
}
