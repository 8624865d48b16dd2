#define G_LOG_DOMAIN "sl-map-source-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-map-resources.h"
#include "sl-map-source-dialog.h"
#include "sl-map-source.h"
#include "sl-mbtiles-source.h"

struct _SlMapSourceDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *apply_button;
  GtkCheckButton       *demo_check;
  GtkCheckButton       *xyz_check;
  GtkCheckButton       *mbtiles_check;
  AdwEntryRow          *url_row;
  GtkLabel             *url_error_label;
  AdwActionRow         *file_row;
  GtkLabel             *file_error_label;

  /* owned references */
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *mbtiles_file;
  char                 *file_problem;   /* why mbtiles_file cannot be shown */
  char                 *problem;        /* why the chosen source cannot be applied */
};

G_DEFINE_FINAL_TYPE (SlMapSourceDialog, sl_map_source_dialog, ADW_TYPE_WINDOW)

static void
show_error (GtkWidget  *row,
            GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
update (SlMapSourceDialog *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *choice = sl_map_source_dialog_get_choice (self);
  gboolean xyz = g_str_equal (choice, SL_MAP_SOURCE_XYZ);
  gboolean mbtiles = g_str_equal (choice, SL_MAP_SOURCE_MBTILES);
  g_autoptr(GError) url_error = NULL;
  const char *file_message = NULL;

  /* An empty address is only wrong once the server is chosen. */
  if (*url != '\0' || xyz)
    sl_map_source_check_xyz_url (url, &url_error);
  show_error (GTK_WIDGET (self->url_row), self->url_error_label, url_error ? url_error->message : NULL);

  if (self->file_problem != NULL)
    file_message = self->file_problem;
  else if (mbtiles && self->mbtiles_file == NULL)
    file_message = _("Choose an MBTiles file");
  adw_action_row_set_subtitle (self->file_row, self->mbtiles_file ? self->mbtiles_file : _("None chosen"));
  show_error (GTK_WIDGET (self->file_row), self->file_error_label, file_message);

  g_clear_pointer (&self->problem, g_free);
  if (xyz && url_error != NULL)
    self->problem = g_strdup (url_error->message);
  else if (mbtiles && file_message != NULL)
    self->problem = g_strdup (file_message);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), self->problem == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->apply_button), self->problem);
}

static void
choice_toggled_cb (SlMapSourceDialog *self)
{
  update (self);
}

static void
url_changed_cb (SlMapSourceDialog *self)
{
  /* typing an address means using it */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->url_row)) != '\0')
    gtk_check_button_set_active (self->xyz_check, TRUE);
  update (self);
}

static void
chooser_response_cb (SlMapSourceDialog *self,
                     int                response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sl_map_source_dialog_set_mbtiles_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (SlMapSourceDialog *self)
{
  g_autoptr(GtkFileFilter) mbtiles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose an Offline Map File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (mbtiles, _("MBTiles map files"));
  gtk_file_filter_add_pattern (mbtiles, "*.mbtiles");
  gtk_file_filter_add_pattern (mbtiles, "*.MBTILES");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), mbtiles);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  if (self->mbtiles_file != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->mbtiles_file);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
apply_clicked_cb (SlMapSourceDialog *self)
{
  sl_map_source_dialog_apply (self);
}

static void
sl_map_source_dialog_dispose (GObject *object)
{
  SlMapSourceDialog *self = SL_MAP_SOURCE_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_map_source_dialog_parent_class)->dispose (object);
}

static void
sl_map_source_dialog_finalize (GObject *object)
{
  SlMapSourceDialog *self = SL_MAP_SOURCE_DIALOG (object);

  g_free (self->mbtiles_file);
  g_free (self->file_problem);
  g_free (self->problem);

  G_OBJECT_CLASS (sl_map_source_dialog_parent_class)->finalize (object);
}

static void
sl_map_source_dialog_class_init (SlMapSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_map_source_dialog_dispose;
  object_class->finalize = sl_map_source_dialog_finalize;

  /* The map layer's templates travel in its own static library. */
  sl_map_register_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-map-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, demo_check);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, xyz_check);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, mbtiles_check);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, file_error_label);
  gtk_widget_class_bind_template_callback (widget_class, choice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_map_source_dialog_init (SlMapSourceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sl_map_source_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings; Apply writes map-source,
 *   map-xyz-url and map-mbtiles-file to them in one change
 *
 * Returns: (transfer none): a new dialog showing the current choice, not shown yet
 */
SlMapSourceDialog *
sl_map_source_dialog_new (GtkWindow *parent,
                          GSettings *settings)
{
  SlMapSourceDialog *self;
  g_autofree char *choice = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SL_TYPE_MAP_SOURCE_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);

  choice = g_settings_get_string (settings, "map-source");
  url = g_settings_get_string (settings, "map-xyz-url");
  path = g_settings_get_string (settings, "map-mbtiles-file");

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  if (*path != '\0')
    sl_map_source_dialog_set_mbtiles_file (self, path);
  sl_map_source_dialog_set_choice (self, choice);
  update (self);
  return self;
}

/**
 * sl_map_source_dialog_set_choice:
 * @choice: %SL_MAP_SOURCE_DEMO, %SL_MAP_SOURCE_XYZ or %SL_MAP_SOURCE_MBTILES
 */
void
sl_map_source_dialog_set_choice (SlMapSourceDialog *self,
                                 const char        *choice)
{
  g_return_if_fail (SL_IS_MAP_SOURCE_DIALOG (self));
  g_return_if_fail (choice != NULL);

  if (g_str_equal (choice, SL_MAP_SOURCE_XYZ))
    gtk_check_button_set_active (self->xyz_check, TRUE);
  else if (g_str_equal (choice, SL_MAP_SOURCE_MBTILES))
    gtk_check_button_set_active (self->mbtiles_check, TRUE);
  else
    gtk_check_button_set_active (self->demo_check, TRUE);
}

/**
 * sl_map_source_dialog_get_choice:
 *
 * Returns: the chosen kind of source, %SL_MAP_SOURCE_DEMO and the like
 */
const char *
sl_map_source_dialog_get_choice (SlMapSourceDialog *self)
{
  g_return_val_if_fail (SL_IS_MAP_SOURCE_DIALOG (self), NULL);

  if (gtk_check_button_get_active (self->xyz_check))
    return SL_MAP_SOURCE_XYZ;
  if (gtk_check_button_get_active (self->mbtiles_check))
    return SL_MAP_SOURCE_MBTILES;
  return SL_MAP_SOURCE_DEMO;
}

void
sl_map_source_dialog_set_xyz_url (SlMapSourceDialog *self,
                                  const char        *url)
{
  g_return_if_fail (SL_IS_MAP_SOURCE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
}

/**
 * sl_map_source_dialog_set_mbtiles_file:
 * @path: an MBTiles file, checked at once
 *
 * Chooses the file as the source; the file chooser's answer comes here.
 */
void
sl_map_source_dialog_set_mbtiles_file (SlMapSourceDialog *self,
                                       const char        *path)
{
  g_autoptr(SlMbtilesSource) tiles = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SL_IS_MAP_SOURCE_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (self->mbtiles_file);
  self->mbtiles_file = g_strdup (path);
  g_clear_pointer (&self->file_problem, g_free);

  tiles = sl_mbtiles_source_new (path, &error);
  if (tiles == NULL)
    self->file_problem = g_strdup (error->message);

  gtk_check_button_set_active (self->mbtiles_check, TRUE);
  update (self);
}

/**
 * sl_map_source_dialog_get_problem:
 *
 * Returns: (nullable): why the chosen source cannot be applied, as shown
 *   under its field; %NULL when Apply would succeed
 */
const char *
sl_map_source_dialog_get_problem (SlMapSourceDialog *self)
{
  g_return_val_if_fail (SL_IS_MAP_SOURCE_DIALOG (self), NULL);
  return self->problem;
}

/**
 * sl_map_source_dialog_apply:
 *
 * Writes the choice to the settings and closes, if it can be used.
 *
 * Returns: whether it could
 */
gboolean
sl_map_source_dialog_apply (SlMapSourceDialog *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) batch = NULL;
  g_autofree char *path = NULL;
  const char *choice;

  g_return_val_if_fail (SL_IS_MAP_SOURCE_DIALOG (self), FALSE);

  update (self);
  if (self->problem != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  /* A delayed twin of the settings, so that whoever listens to
   * changed::map-source finds the address or file already written. */
  g_object_get (self->settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  batch = g_settings_new_full (schema, backend, g_settings_schema_get_path (schema) ? NULL : path);
  g_settings_delay (batch);

  choice = sl_map_source_dialog_get_choice (self);
  if (g_str_equal (choice, SL_MAP_SOURCE_XYZ))
    g_settings_set_string (batch, "map-xyz-url", gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  else if (g_str_equal (choice, SL_MAP_SOURCE_MBTILES))
    g_settings_set_string (batch, "map-mbtiles-file", self->mbtiles_file);
  g_settings_set_string (batch, "map-source", choice);
  g_settings_apply (batch);

  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
