#define G_LOG_DOMAIN "sl-map-source-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-map-resources.h"
#include "sl-map-source-dialog.h"
#include "sl-map-source.h"

struct _SlMapSourceDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *apply_button;
  GtkCheckButton       *demo_check;
  GtkCheckButton       *xyz_check;
  GtkCheckButton       *service_check;
  AdwActionRow         *service_row;
  AdwEntryRow          *url_row;
  GtkLabel             *url_error_label;

  /* owned references */
  GSettings            *settings;
  GCancellable         *cancellable;
  SlTileSet            *tile_set;        /* the service's offline map, once known */
  char                 *service_problem; /* why the service's map cannot be shown */
  char                 *problem;         /* why the chosen source cannot be applied */
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
  gboolean service = g_str_equal (choice, SL_MAP_SOURCE_SERVICE);
  g_autoptr(GError) url_error = NULL;

  /* An empty address is only wrong once the server is chosen. */
  if (*url != '\0' || xyz)
    sl_map_source_check_xyz_url (url, &url_error);
  show_error (GTK_WIDGET (self->url_row), self->url_error_label, url_error ? url_error->message : NULL);

  if (self->service_problem != NULL && service)
    gtk_widget_add_css_class (GTK_WIDGET (self->service_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->service_row), "error");

  g_clear_pointer (&self->problem, g_free);
  if (xyz && url_error != NULL)
    self->problem = g_strdup (url_error->message);
  else if (service && self->service_problem != NULL)
    self->problem = g_strdup (self->service_problem);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), self->problem == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->apply_button), self->problem);
}

static void
tile_set_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlMapSourceDialog) self = user_data;
  g_autoptr(SlTileSet) tile_set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  tile_set = sl_client_get_tile_set_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (tile_set != NULL)
    {
      /* Translators: the first %s is the map's name; then its zoom levels */
      subtitle = g_strdup_printf (_("“%s”, zoom levels %d to %d, served by the Sightline service for use without the internet."),
                                  sl_tile_set_get_name (tile_set), sl_tile_set_get_min_zoom (tile_set),
                                  sl_tile_set_get_max_zoom (tile_set));
      self->tile_set = g_steal_pointer (&tile_set);
    }
  else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOT_FOUND))
    self->service_problem = g_strdup (_("The Sightline service has no offline map. An administrator can serve "
                                        "one with “sightlined serve --tiles”."));
  else
    /* Translators: %s says why the service could not be asked */
    self->service_problem = g_strdup_printf (_("Could not ask the Sightline service for its offline map: %s"),
                                             error->message);

  adw_action_row_set_subtitle (self->service_row, subtitle != NULL ? subtitle : self->service_problem);
  /* Nothing to choose; left choosable only to show why the choice fails. */
  if (self->service_problem != NULL && !gtk_check_button_get_active (self->service_check))
    gtk_widget_set_sensitive (GTK_WIDGET (self->service_row), FALSE);
  update (self);
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
apply_clicked_cb (SlMapSourceDialog *self)
{
  sl_map_source_dialog_apply (self);
}

static void
sl_map_source_dialog_dispose (GObject *object)
{
  SlMapSourceDialog *self = SL_MAP_SOURCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_map_source_dialog_parent_class)->dispose (object);
}

static void
sl_map_source_dialog_finalize (GObject *object)
{
  SlMapSourceDialog *self = SL_MAP_SOURCE_DIALOG (object);

  g_clear_pointer (&self->tile_set, sl_tile_set_unref);
  g_free (self->service_problem);
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
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, service_check);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, SlMapSourceDialog, url_error_label);
  gtk_widget_class_bind_template_callback (widget_class, choice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
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
 * @settings: the application's settings; Apply writes map-source and
 *   map-xyz-url to them in one change
 * @client: (nullable): the logged-in client, asked whether the service
 *   has an offline map
 *
 * Returns: (transfer none): a new dialog showing the current choice, not shown yet
 */
SlMapSourceDialog *
sl_map_source_dialog_new (GtkWindow *parent,
                          GSettings *settings,
                          SlClient  *client)
{
  SlMapSourceDialog *self;
  g_autofree char *choice = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (!client || SL_IS_CLIENT (client), NULL);

  self = g_object_new (SL_TYPE_MAP_SOURCE_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);

  choice = g_settings_get_string (settings, "map-source");
  url = g_settings_get_string (settings, "map-xyz-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  sl_map_source_dialog_set_choice (self, choice);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      sl_client_get_tile_set_async (client, self->cancellable, tile_set_cb, g_object_ref (self));
    }
  else
    {
      self->service_problem = g_strdup (_("Not connected to the Sightline service"));
      adw_action_row_set_subtitle (self->service_row, self->service_problem);
    }

  update (self);
  return self;
}

/**
 * sl_map_source_dialog_is_asking:
 *
 * Returns: whether the dialog is still asking the service about its offline map
 */
gboolean
sl_map_source_dialog_is_asking (SlMapSourceDialog *self)
{
  g_return_val_if_fail (SL_IS_MAP_SOURCE_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * sl_map_source_dialog_set_choice:
 * @choice: %SL_MAP_SOURCE_DEMO, %SL_MAP_SOURCE_XYZ or %SL_MAP_SOURCE_SERVICE
 */
void
sl_map_source_dialog_set_choice (SlMapSourceDialog *self,
                                 const char        *choice)
{
  g_return_if_fail (SL_IS_MAP_SOURCE_DIALOG (self));
  g_return_if_fail (choice != NULL);

  if (g_str_equal (choice, SL_MAP_SOURCE_XYZ))
    gtk_check_button_set_active (self->xyz_check, TRUE);
  else if (g_str_equal (choice, SL_MAP_SOURCE_SERVICE))
    gtk_check_button_set_active (self->service_check, TRUE);
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
  if (gtk_check_button_get_active (self->service_check))
    return SL_MAP_SOURCE_SERVICE;
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
   * changed::map-source finds the address already written. */
  g_object_get (self->settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  batch = g_settings_new_full (schema, backend, g_settings_schema_get_path (schema) ? NULL : path);
  g_settings_delay (batch);

  choice = sl_map_source_dialog_get_choice (self);
  if (g_str_equal (choice, SL_MAP_SOURCE_XYZ))
    g_settings_set_string (batch, "map-xyz-url", gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  g_settings_set_string (batch, "map-source", choice);
  g_settings_apply (batch);

  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
