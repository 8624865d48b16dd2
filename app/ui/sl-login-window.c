#define G_LOG_DOMAIN "sl-login-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-login-state.h"
#include "sl-login-window.h"

#define HEALTH_DELAY_MS 500

struct _SlLoginWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkLabel             *agency_label;
  AdwPreferencesGroup  *server_group;
  AdwEntryRow          *server_row;
  AdwActionRow         *ca_row;
  GtkButton            *ca_clear_button;
  AdwEntryRow          *username_row;
  AdwPasswordEntryRow  *password_row;
  AdwEntryRow          *totp_row;
  GtkLabel             *notice_title;
  GtkLabel             *notice_label;
  GtkCheckButton       *acknowledge_check;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_title;
  GtkLabel             *error_label;
  GtkLabel             *error_hint;
  GtkButton            *login_button;
  GtkSpinner           *spinner;
  GtkLabel             *login_label;

  /* owned references */
  SlClient             *client;
  GCancellable         *login_cancellable;
  GCancellable         *health_cancellable;
  GtkNativeDialog      *ca_chooser;
  char                 *ca_file;

  guint                 health_source;
  guint                 totp_required : 1;
  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (SlLoginWindow, sl_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

enum {
  LOGGED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
default_notice (void)
{
  return _("This is a restricted law enforcement system. Only authorized personnel may use it, "
           "and only for authorized law enforcement purposes. All use is monitored, logged and "
           "audited. Unauthorized access or use is punishable under state and federal law and "
           "department policy. By logging in you consent to this monitoring.");
}

static char *
strip_spaces (const char *text)
{
  GString *result = g_string_new (NULL);

  for (; *text != '\0'; text++)
    if (*text != ' ')
      g_string_append_c (result, *text);

  return g_string_free (result, FALSE);
}

static void
update_state (SlLoginWindow *self)
{
  SlLoginState state = {
    .server = gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
    .username = gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
    .password = gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
    .totp = gtk_editable_get_text (GTK_EDITABLE (self->totp_row)),
    .totp_required = self->totp_required,
    .notice_acknowledged = gtk_check_button_get_active (self->acknowledge_check),
    .busy = self->busy,
  };
  SlLoginBlocker blocker = sl_login_state_check (&state);

  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), blocker == SL_LOGIN_READY);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->login_button),
                               blocker == SL_LOGIN_READY || blocker == SL_LOGIN_BUSY
                               ? NULL : sl_login_blocker_describe (blocker));
}

static void
set_busy (SlLoginWindow *self,
          gboolean       busy)
{
  self->busy = !!busy;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_text_with_mnemonic (self->login_label, busy ? _("Logging In…") : _("_Log In"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->totp_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->acknowledge_check), !busy);

  update_state (self);
}

static void
hide_error (SlLoginWindow *self)
{
  /* Hidden, it takes no room in the form's spacing either. */
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), FALSE);
}

static void
show_message (SlLoginWindow *self,
              const char    *title,
              const char    *message,
              const char    *hint)
{
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, message);
  gtk_label_set_text (self->error_hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_hint), hint != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
show_error (SlLoginWindow *self,
            const GError  *error)
{
  const char *hint = NULL;

  if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_LOCKED))
    hint = _("Only an ALPR Administrator can unlock an account. Contact your ALPR "
             "Administrator or your supervisor.");
  else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TLS))
    hint = _("Choose the agency’s certificate authority file under Server, or ask your "
             "ALPR Administrator which one to use.");
  else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_CREDENTIALS))
    hint = _("After five failed attempts within 15 minutes the account is locked.");

  show_message (self, sl_login_error_title (error), error->message, hint);
}

static void
set_notice (SlLoginWindow *self,
            const char    *notice)
{
  if (notice == NULL || *notice == '\0')
    notice = default_notice ();

  if (g_strcmp0 (gtk_label_get_text (self->notice_label), notice) == 0)
    return;

  /* An acknowledgement is of a text: a new text needs a new one. */
  gtk_label_set_text (self->notice_label, notice);
  gtk_check_button_set_active (self->acknowledge_check, FALSE);
}

static void
describe_server (SlLoginWindow *self,
                 const char    *status)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *description = NULL;

  if (sl_server_url_is_insecure (server))
    description = g_strdup_printf ("%s%s%s", status != NULL ? status : "",
                                   status != NULL ? "\n" : "",
                                   _("This connection is not encrypted: use an https:// address."));
  else
    description = g_strdup (status);

  adw_preferences_group_set_description (self->server_group, description);
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlLoginWindow) self = user_data;
  g_autoptr(SlServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  info = sl_client_health_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      describe_server (self, error->message);
      return;
    }

  if (*sl_server_info_get_agency (info) != '\0')
    gtk_label_set_text (self->agency_label, sl_server_info_get_agency (info));
  set_notice (self, sl_server_info_get_notice (info));

  /* Translators: %s is the service's version */
  status = g_strdup_printf (_("Connected to Sightline %s"), sl_server_info_get_version (info));
  describe_server (self, status);
}

static gboolean
fetch_health_cb (gpointer user_data)
{
  SlLoginWindow *self = user_data;
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));

  self->health_source = 0;

  g_cancellable_cancel (self->health_cancellable);
  g_clear_object (&self->health_cancellable);

  if (self->busy || !sl_client_set_server (self->client, server, NULL))
    {
      describe_server (self, NULL);
      return G_SOURCE_REMOVE;
    }

  self->health_cancellable = g_cancellable_new ();
  sl_client_health_async (self->client, self->health_cancellable, health_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_health (SlLoginWindow *self,
                 guint          delay_ms)
{
  g_clear_handle_id (&self->health_source, g_source_remove);
  self->health_source = g_timeout_add (delay_ms, fetch_health_cb, self);
}

static void
set_ca_file (SlLoginWindow *self,
             const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (path != NULL && *path == '\0')
    path = NULL;

  if (!sl_client_set_ca_file (self->client, path, &error))
    {
      show_error (self, error);
      return;
    }

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);

  if (path != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);
      adw_action_row_set_subtitle (self->ca_row, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_row), path);
    }
  else
    {
      adw_action_row_set_subtitle (self->ca_row, _("System certificates"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_row), NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), path != NULL);

  hide_error (self);
  schedule_health (self, 0);
}

static void
require_totp (SlLoginWindow *self)
{
  self->totp_required = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->totp_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->totp_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->totp_row));
  update_state (self);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlLoginWindow) self = user_data;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sl_client_login_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (session == NULL)
    {
      show_error (self, error);

      if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TOTP_REQUIRED) ||
          g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TOTP_INVALID))
        {
          require_totp (self);
        }
      else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_CREDENTIALS))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_NOTICE_REQUIRED))
        {
          gtk_check_button_set_active (self->acknowledge_check, FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->acknowledge_check));
        }
      else if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_UNREACHABLE) ||
               g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_URL))
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
        }
      return;
    }

  hide_error (self);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[LOGGED_IN], 0, session);
}

static void
login_clicked_cb (SlLoginWindow *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *username = NULL;
  g_autofree char *totp = NULL;
  g_autoptr(GError) error = NULL;
  SlLoginState state = {
    .server = server,
    .username = gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
    .password = gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
    .totp = gtk_editable_get_text (GTK_EDITABLE (self->totp_row)),
    .totp_required = self->totp_required,
    .notice_acknowledged = gtk_check_button_get_active (self->acknowledge_check),
    .busy = self->busy,
  };

  if (!sl_login_state_can_submit (&state))
    return;

  if (!sl_client_set_server (self->client, server, &error))
    {
      show_error (self, error);
      return;
    }

  username = g_strstrip (g_strdup (state.username));
  totp = strip_spaces (state.totp);

  g_clear_handle_id (&self->health_source, g_source_remove);
  g_cancellable_cancel (self->login_cancellable);
  g_clear_object (&self->login_cancellable);
  self->login_cancellable = g_cancellable_new ();

  hide_error (self);
  set_busy (self, TRUE);

  sl_client_login_async (self->client, username, state.password,
                         self->totp_required ? totp : NULL,
                         state.notice_acknowledged,
                         self->login_cancellable, login_cb, g_object_ref (self));

  /* The service answers with the agency's notice; refresh it meanwhile. */
  if (self->health_cancellable == NULL)
    schedule_health (self, 0);
}

static void
server_changed_cb (SlLoginWindow *self)
{
  update_state (self);
  schedule_health (self, HEALTH_DELAY_MS);
}

static void
field_changed_cb (SlLoginWindow *self)
{
  update_state (self);
}

static void
ca_chooser_response_cb (SlLoginWindow  *self,
                        int             response,
                        GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_ca_file (self, path);
    }

  g_clear_object (&self->ca_chooser);
}

static void
ca_choose_clicked_cb (SlLoginWindow *self)
{
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->ca_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Agency Certificate Authority"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (pem, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (ca_chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->ca_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->ca_chooser);
}

static void
ca_clear_clicked_cb (SlLoginWindow *self)
{
  set_ca_file (self, NULL);
}

static void
sl_login_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlLoginWindow *self = SL_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_login_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlLoginWindow *self = SL_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_login_window_dispose (GObject *object)
{
  SlLoginWindow *self = SL_LOGIN_WINDOW (object);

  g_clear_handle_id (&self->health_source, g_source_remove);
  g_cancellable_cancel (self->login_cancellable);
  g_cancellable_cancel (self->health_cancellable);
  g_clear_object (&self->login_cancellable);
  g_clear_object (&self->health_cancellable);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (self->ca_chooser);
  g_clear_object (&self->ca_chooser);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_LOGIN_WINDOW);

  G_OBJECT_CLASS (sl_login_window_parent_class)->dispose (object);
}

static void
sl_login_window_finalize (GObject *object)
{
  SlLoginWindow *self = SL_LOGIN_WINDOW (object);

  g_free (self->ca_file);

  G_OBJECT_CLASS (sl_login_window_parent_class)->finalize (object);
}

static void
sl_login_window_class_init (SlLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_login_window_get_property;
  object_class->set_property = sl_login_window_set_property;
  object_class->dispose = sl_login_window_dispose;
  object_class->finalize = sl_login_window_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SL_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlLoginWindow::logged-in:
   * @session: the new session
   *
   * The service accepted the credentials; the client holds the token.
   */
  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SL_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, agency_label);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, server_group);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, totp_row);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, notice_title);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, acknowledge_check);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, error_hint);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, login_button);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlLoginWindow, login_label);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
}

static void
sl_login_window_init (SlLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_text (self->notice_label, default_notice ());
  update_state (self);
}

/**
 * sl_login_window_new:
 * @application: (nullable): the application
 * @client: the client to log in with
 *
 * Returns: (transfer none): a new login window
 */
SlLoginWindow *
sl_login_window_new (GtkApplication *application,
                     SlClient       *client)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);

  return g_object_new (SL_TYPE_LOGIN_WINDOW,
                       "application", application,
                       "client", client,
                       NULL);
}

/**
 * sl_login_window_set_fields:
 * @server: (nullable): the server address
 * @ca_file: (nullable): the agency's CA file, or %NULL for the system's
 * @username: (nullable): the last username
 *
 * Fills the form and puts the focus where typing starts.
 */
void
sl_login_window_set_fields (SlLoginWindow *self,
                            const char    *server,
                            const char    *ca_file,
                            const char    *username)
{
  g_return_if_fail (SL_IS_LOGIN_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server != NULL ? server : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username != NULL ? username : "");
  set_ca_file (self, ca_file);

  if (server == NULL || *server == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (username == NULL || *username == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));

  schedule_health (self, 0);
  update_state (self);
}

/**
 * sl_login_window_dup_server:
 *
 * Returns: (transfer full): the server address as normalized, or as typed
 *   when it is not valid
 */
char *
sl_login_window_dup_server (SlLoginWindow *self)
{
  const char *text;
  char *normalized;

  g_return_val_if_fail (SL_IS_LOGIN_WINDOW (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  normalized = sl_client_normalize_url (text, NULL);
  return normalized != NULL ? normalized : g_strdup (text);
}

/**
 * sl_login_window_get_ca_file:
 *
 * Returns: (nullable): the chosen CA file, or %NULL for the system's
 */
const char *
sl_login_window_get_ca_file (SlLoginWindow *self)
{
  g_return_val_if_fail (SL_IS_LOGIN_WINDOW (self), NULL);
  return self->ca_file;
}

/**
 * sl_login_window_get_notice:
 *
 * Returns: the use notice shown: the agency's, or the built-in one
 */
const char *
sl_login_window_get_notice (SlLoginWindow *self)
{
  g_return_val_if_fail (SL_IS_LOGIN_WINDOW (self), NULL);
  return gtk_label_get_text (self->notice_label);
}

gboolean
sl_login_window_get_busy (SlLoginWindow *self)
{
  g_return_val_if_fail (SL_IS_LOGIN_WINDOW (self), FALSE);
  return self->busy;
}
