#define G_LOG_DOMAIN "sl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-login-window.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication  parent_instance;

  /* owned references */
  SlClient       *client;
  GSettings      *settings;
  char           *server_override;   /* --server, or NULL */
  char           *ca_file_override;  /* --ca-file, or NULL */

  /* borrowed references: the windows belong to the application */
  SlLoginWindow  *login_window;
  SlWindow       *main_window;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to this Sightline server instead of the one in the settings"), N_("URL") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Trust server certificates signed by this certificate authority (PEM)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { NULL }
};

static void
save_login_settings (SlApplication *self,
                     const char    *server,
                     const char    *ca_file,
                     const char    *username)
{
  g_settings_set_string (self->settings, "last-username", username);

  if (self->ca_file_override == NULL || g_strcmp0 (ca_file, self->ca_file_override) != 0)
    g_settings_set_string (self->settings, "ca-file", ca_file != NULL ? ca_file : "");

  /* A server given with --server is for this run only, unless the person
   * changed it in the login window. */
  if (self->server_override == NULL || g_strcmp0 (server, self->server_override) != 0)
    g_settings_set_string (self->settings, "server-url", server);
}

static void
main_window_destroyed_cb (SlApplication *self,
                          GtkWidget     *window)
{
  if ((GtkWidget *) self->main_window == window)
    self->main_window = NULL;
}

static void
login_window_destroyed_cb (SlApplication *self,
                           GtkWidget     *window)
{
  if ((GtkWidget *) self->login_window == window)
    self->login_window = NULL;
}

static void
logged_in_cb (SlApplication *self,
              SlSession     *session,
              SlLoginWindow *login_window)
{
  g_autofree char *server = sl_login_window_dup_server (login_window);

  save_login_settings (self, server, sl_login_window_get_ca_file (login_window),
                       sl_session_get_username (session));

  self->main_window = sl_window_new (self, self->client, session);
  g_signal_connect_object (self->main_window, "destroy",
                           G_CALLBACK (main_window_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->main_window));

  gtk_window_destroy (GTK_WINDOW (login_window));
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The token is forgotten either way; an unreachable service ends the
   * session on its own when it times out. */
  if (!sl_client_logout_finish (SL_CLIENT (object), result, &error))
    g_debug ("Logging out on the service failed: %s", error->message);

  g_application_release (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer      user_data)
{
  SlApplication *self = user_data;
  static const char *developers[] = { "Sightline contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Sightline"),
                        "developer-name", _("Sightline contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Licence plate reader data for police departments, with the "
                                      "agency’s policy enforced: purpose-bound searches, a "
                                      "tamper-evident access log, retention and audited sharing."),
                        "website", "https://sightline.example.org",
                        "issue-url", "https://sightline.example.org/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 Sightline contributors",
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer      user_data)
{
  SlApplication *self = user_data;

  if (self->main_window != NULL && sl_client_get_token (self->client) != NULL)
    {
      /* Released when the service has ended the session. */
      g_application_hold (G_APPLICATION (self));
      sl_client_logout_async (self->client, NULL, logout_cb, g_object_ref (self));
    }

  if (self->main_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->main_window));
  if (self->login_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->login_window));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static gint
sl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("sightline %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
sl_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  SlApplication *self = SL_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *server = NULL;
  const char *ca_file = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = sl_client_normalize_url (server, &error);

      if (normalized == NULL)
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 2;
        }
      g_free (self->server_override);
      self->server_override = g_steal_pointer (&normalized);
    }

  if (g_variant_dict_lookup (options, "ca-file", "^&ay", &ca_file))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, ca_file);

      g_free (self->ca_file_override);
      self->ca_file_override = g_file_get_path (file);
    }

  g_application_activate (application);
  return 0;
}

static void
sl_application_activate (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);

  if (self->main_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->main_window));
      return;
    }

  sl_application_show_login (self);
}

static void
sl_application_startup (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit",        { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
sl_application_dispose (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_application_parent_class)->dispose (object);
}

static void
sl_application_finalize (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_free (self->server_override);
  g_free (self->ca_file_override);

  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sl_application_dispose;
  object_class->finalize = sl_application_finalize;

  application_class->activate = sl_application_activate;
  application_class->startup = sl_application_startup;
  application_class->command_line = sl_application_command_line;
  application_class->handle_local_options = sl_application_handle_local_options;
}

static void
sl_application_init (SlApplication *self)
{
  self->client = sl_client_new ();
  self->settings = g_settings_new (APP_ID);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The desktop client of the Sightline licence plate reader system."));
}

/**
 * sl_application_new:
 *
 * Returns: (transfer full): the application
 */
SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/sightline/Sightline",
                       NULL);
}

SlClient *
sl_application_get_client (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);
  return self->client;
}

GSettings *
sl_application_get_settings (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * sl_application_get_main_window:
 *
 * Returns: (transfer none) (nullable): the main window, once logged in
 */
GtkWindow *
sl_application_get_main_window (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);
  return (GtkWindow *) self->main_window;
}

/**
 * sl_application_show_login:
 *
 * Shows the login window, creating it with the server of the command line
 * or the settings and the last username.
 *
 * Returns: (transfer none): the login window
 */
GtkWindow *
sl_application_show_login (SlApplication *self)
{
  g_autofree char *server = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *username = NULL;

  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  if (self->login_window == NULL)
    {
      server = self->server_override != NULL
             ? g_strdup (self->server_override)
             : g_settings_get_string (self->settings, "server-url");
      ca_file = self->ca_file_override != NULL
              ? g_strdup (self->ca_file_override)
              : g_settings_get_string (self->settings, "ca-file");
      username = g_settings_get_string (self->settings, "last-username");

      self->login_window = sl_login_window_new (GTK_APPLICATION (self), self->client);
      g_signal_connect_object (self->login_window, "logged-in",
                               G_CALLBACK (logged_in_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->login_window, "destroy",
                               G_CALLBACK (login_window_destroyed_cb), self, G_CONNECT_SWAPPED);
      sl_login_window_set_fields (self->login_window, server, ca_file, username);
    }

  gtk_window_present (GTK_WINDOW (self->login_window));
  return GTK_WINDOW (self->login_window);
}

/**
 * sl_application_log_out:
 *
 * Ends the session, closes the main window and shows the login window.
 */
void
sl_application_log_out (SlApplication *self)
{
  g_return_if_fail (SL_IS_APPLICATION (self));

  /* Keep the application alive between the two windows. */
  g_application_hold (G_APPLICATION (self));

  if (sl_client_get_token (self->client) != NULL)
    {
      g_application_hold (G_APPLICATION (self));
      sl_client_logout_async (self->client, NULL, logout_cb, g_object_ref (self));
    }
  else
    {
      sl_client_set_token (self->client, NULL);
    }

  sl_application_show_login (self);
  if (self->main_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->main_window));

  g_application_release (G_APPLICATION (self));
}
