#define G_LOG_DOMAIN "sl-admin-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sl-admin-page.h"
#include "sl-client-call.h"
#include "sl-client-error.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-pages.h"
#include "sl-role.h"

/* The ALPR Administrator's page: accounts and their training, cameras, the
 * policy profile as installed, and legal holds. Every change is a call the
 * service checks and logs; the page only shows and asks. */

typedef enum
{
  FIELD_TEXT,
  FIELD_SECRET,
  FIELD_CHOICE,
  FIELD_FLAG,
} FieldKind;

typedef struct _Form Form;

/* Builds the call's body from the form, or names what is wrong. */
typedef JsonNode *(*FormBuild) (Form    *form,
                                GError **error);
/* Runs after the service accepted, with its answer. */
typedef void      (*FormDone)  (Form       *form,
                                JsonObject *answer);

struct _Form
{
  SlAdminPage         *page;        /* borrowed */
  AdwWindow           *window;      /* owned by GTK while open */
  AdwPreferencesPage  *prefs;
  AdwPreferencesGroup *group;
  GtkLabel            *error_label;
  GtkButton           *accept_button;
  GHashTable          *fields;      /* name → row widget */
  GHashTable          *choices;     /* name → GStrv of the choices' values */
  char                *method;
  char                *path;
  FormBuild            build;
  FormDone             done;
  gboolean             busy;
  gboolean             closed;     /* the window went while the call was out */
};

struct _SlAdminPage
{
  GtkWidget        parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkSpinner         *spinner;
  GtkLabel           *error_label;
  AdwViewStack       *view_stack;
  GtkLabel           *users_summary;
  GtkListBox         *users_list;
  GtkLabel           *cameras_summary;
  GtkListBox         *cameras_list;
  AdwPreferencesPage *policy_page;
  GtkLabel           *holds_summary;
  GtkListBox         *holds_list;

  /* owned references */
  SlClient     *client;
  SlSession    *session;
  GCancellable *cancellable;
  JsonArray    *users;
  JsonArray    *cameras;
  JsonArray    *holds;
  JsonObject   *policy;
  GPtrArray    *policy_groups;   /* the AdwPreferencesGroups shown */

  /* owned memory */
  Form         *form;            /* the open form, if any */
  char         *error;
  char         *form_error;
  char         *secret_shown;    /* the last token or TOTP secret shown once */

  guint         loading;         /* loads of the lists in flight */
  guint         changing;        /* changes in flight; never cancelled */
  guint         started : 1;
};

G_DEFINE_FINAL_TYPE (SlAdminPage, sl_admin_page, GTK_TYPE_WIDGET)

static void refresh (SlAdminPage *self);

/* ---- helpers ---- */

static void
toast (SlAdminPage *self,
       const char  *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (SlAdminPage *self,
            const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
local_day (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static void
add_placeholder_row (GtkListBox *list,
                     const char *text)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
  gtk_list_box_append (list, GTK_WIDGET (row));
}

static GtkWidget *
pill (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A row's "⋮" menu; the arguments are label, action, label, action…, NULL.
 * An item whose action is NULL is left out. The target of every action is
 * @target. */
static GtkWidget *
row_menu (const char *target,
          ...)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button;
  const char *label;
  va_list args;

  va_start (args, target);
  while ((label = va_arg (args, const char *)) != NULL)
    {
      const char *action = va_arg (args, const char *);
      g_autoptr(GMenuItem) item = NULL;

      if (action == NULL)
        continue;
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (target));
      g_menu_append_item (menu, item);
    }
  va_end (args);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Actions"));
  return button;
}

/* The first object of @array whose @member is @text, or (for a NULL
 * @text) whose "id" is @id. */
static JsonObject *
find_object (JsonArray  *array,
             const char *member,
             const char *text,
             gint64      id)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = sl_json_array_lookup_object (array, i);

      if (text != NULL ? g_strcmp0 (sl_json_lookup_string (object, member), text) == 0
                       : sl_json_lookup_int (object, "id") == id)
        return object;
    }
  return NULL;
}

static JsonObject *
find_user (SlAdminPage *self,
           const char  *username)
{
  return find_object (self->users, "username", username, 0);
}

static SlRoles
roles_of (JsonObject *user)
{
  JsonArray *roles = NULL;
  SlRoles result = SL_ROLE_NONE;

  if (user == NULL || !sl_json_get_array (user, "roles", FALSE, &roles, NULL) || roles == NULL)
    return SL_ROLE_NONE;
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      JsonNode *node = json_array_get_element (roles, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        result |= sl_role_from_string (json_node_get_string (node));
    }
  return result;
}

/* ---- forms: one small window per change, kept open until the service accepts ---- */

static void
form_free (Form *form)
{
  g_clear_pointer (&form->fields, g_hash_table_unref);
  g_clear_pointer (&form->choices, g_hash_table_unref);
  g_free (form->method);
  g_free (form->path);
  g_free (form);
}

static void
form_closed_cb (Form *form)
{
  SlAdminPage *self = form->page;

  if (self->form == form)
    self->form = NULL;
  /* A change sent is not taken back: its answer still comes. */
  if (form->busy)
    form->closed = TRUE;
  else
    form_free (form);
}

static void
form_set_error (Form       *form,
                const char *message)
{
  SlAdminPage *self = form->page;

  g_free (self->form_error);
  self->form_error = g_strdup (message);
  gtk_label_set_text (form->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), message != NULL);
}

static void
form_mark (Form       *form,
           const char *name,
           gboolean    wrong)
{
  GtkWidget *row = g_hash_table_lookup (form->fields, name);

  if (row == NULL)
    return;
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
form_clear_marks (Form *form)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, form->fields);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    form_mark (form, name, FALSE);
}

static GtkWidget *
form_add (Form       *form,
          FieldKind   kind,
          const char *name,
          const char *title,
          const char *value)
{
  GtkWidget *row;

  switch (kind)
    {
    case FIELD_SECRET:
      row = adw_password_entry_row_new ();
      break;
    case FIELD_FLAG:
      {
        GtkWidget *check = gtk_check_button_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), value != NULL);
        g_object_set_data (G_OBJECT (row), "check", check);
      }
      break;
    case FIELD_CHOICE:
      row = adw_combo_row_new ();
      break;
    case FIELD_TEXT:
    default:
      row = adw_entry_row_new ();
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if ((kind == FIELD_TEXT || kind == FIELD_SECRET) && value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (form->group, row);
  g_hash_table_insert (form->fields, g_strdup (name), row);
  return row;
}

/* @labels and @values: the choices as shown and as sent, NULL-terminated. */
static void
form_add_choice (Form        *form,
                 const char  *name,
                 const char  *title,
                 const char **labels,
                 const char **values,
                 const char  *selected)
{
  GtkWidget *row = form_add (form, FIELD_CHOICE, name, title, NULL);
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], selected) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_hash_table_insert (form->choices, g_strdup (name), g_strdupv ((char **) values));
}

static void
form_group (Form       *form,
            const char *title,
            const char *description)
{
  form->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (form->group, title);
  adw_preferences_group_set_description (form->group, description);
  adw_preferences_page_add (form->prefs, form->group);
}

/* The field's text, stripped; NULL when empty. */
static char *
form_get_text (Form       *form,
               const char *name)
{
  GtkWidget *row = g_hash_table_lookup (form->fields, name);
  g_autofree char *text = NULL;

  if (row == NULL)
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
form_get_flag (Form       *form,
               const char *name)
{
  GtkWidget *row = g_hash_table_lookup (form->fields, name);

  return row != NULL && gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check"));
}

static const char *
form_get_choice (Form       *form,
                 const char *name)
{
  GtkWidget *row = g_hash_table_lookup (form->fields, name);
  GStrv values = g_hash_table_lookup (form->choices, name);
  guint selected;

  if (row == NULL || values == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  return selected < g_strv_length (values) ? values[selected] : NULL;
}

static void
form_called_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Form *form = user_data;
  g_autoptr(SlAdminPage) self = form->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GHashTable *fields;

  answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  form->busy = FALSE;
  if (form->closed)
    {
      /* the page itself may be gone by now */
      if (self->client != NULL && answer == NULL)
        show_error (self, error->message);
      else if (self->client != NULL)
        refresh (self);
      form_free (form);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (form->accept_button), TRUE);
  if (answer == NULL)
    {
      fields = sl_client_error_get_fields (error);
      if (fields != NULL)
        {
          GHashTableIter iter;
          gpointer name;

          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &name, NULL))
            form_mark (form, name, TRUE);
        }
      form_set_error (form, error->message);
      return;
    }

  form_set_error (form, NULL);
  if (form->done != NULL)
    form->done (form, answer);
  refresh (form->page);
  gtk_window_destroy (GTK_WINDOW (form->window));
}

static void
form_submit (Form *form)
{
  SlAdminPage *self = form->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (form->busy)
    return;

  form_clear_marks (form);
  body = form->build (form, &error);
  if (body == NULL)
    {
      form_set_error (form, error->message);
      return;
    }

  form->busy = TRUE;
  form_set_error (form, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (form->accept_button), FALSE);
  g_object_ref (self);
  sl_client_call_async (self->client, form->method, form->path, body, NULL, form_called_cb, form);
}

static gboolean
form_submit_shortcut (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  form_submit (user_data);
  return TRUE;
}

static Form *
form_new (SlAdminPage *self,
          const char  *title,
          const char  *accept_label,
          const char  *method,
          const char  *path,
          FormBuild    build,
          FormDone     done)
{
  Form *form = g_new0 (Form, 1);
  GtkWidget *toolbar;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *root;
  GtkShortcutController *shortcuts;

  /* one form at a time */
  if (self->form != NULL)
    gtk_window_destroy (GTK_WINDOW (self->form->window));

  form->page = self;
  form->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  form->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  form->method = g_strdup (method);
  form->path = g_strdup (path);
  form->build = build;
  form->done = done;

  form->window = ADW_WINDOW (adw_window_new ());
  gtk_window_set_title (GTK_WINDOW (form->window), title);
  gtk_window_set_modal (GTK_WINDOW (form->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (form->window), 520, -1);
  root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (form->window), GTK_WINDOW (root));

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), form->window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  form->accept_button = GTK_BUTTON (gtk_button_new_with_mnemonic (accept_label));
  gtk_widget_add_css_class (GTK_WIDGET (form->accept_button), "suggested-action");
  g_signal_connect_swapped (form->accept_button, "clicked", G_CALLBACK (form_submit), form);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (form->accept_button));
  gtk_box_append (GTK_BOX (toolbar), header);

  form->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->error_label, TRUE);
  gtk_label_set_xalign (form->error_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (form->error_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (form->error_label), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (form->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (form->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (form->error_label));

  form->prefs = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (form->prefs), TRUE);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (form->prefs));
  adw_window_set_content (form->window, toolbar);

  /* Escape cancels, Ctrl+Return accepts. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                      gtk_named_action_new ("window.close")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                      gtk_callback_action_new (form_submit_shortcut, form, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (form->window), GTK_EVENT_CONTROLLER (shortcuts));

  g_signal_connect_swapped (form->window, "destroy", G_CALLBACK (form_closed_cb), form);

  self->form = form;
  g_clear_pointer (&self->form_error, g_free);
  return form;
}

static void
form_present (Form *form)
{
  gtk_window_present (GTK_WINDOW (form->window));
}

static gboolean
field_missing (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE, message);
  return FALSE;
}

/* ---- a secret shown once ---- */

static void
show_secret (SlAdminPage *self,
             const char  *heading,
             const char  *body,
             const char  *secret)
{
  AdwMessageDialog *dialog;
  GtkWidget *label;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  g_free (self->secret_shown);
  self->secret_shown = g_strdup (secret);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  label = gtk_label_new (secret);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "close", _("_Done"));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), secret);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- users ---- */

static const SlRoles all_roles[] = {
  SL_ROLE_OFFICER, SL_ROLE_ANALYST, SL_ROLE_SUPERVISOR,
  SL_ROLE_ADMINISTRATOR, SL_ROLE_AUDITOR, SL_ROLE_RECORDS,
};

static const char *
training_text (const char *status)
{
  if (g_strcmp0 (status, "current") == 0)
    return _("Training current");
  if (g_strcmp0 (status, "expiring") == 0)
    return _("Training expires soon");
  if (g_strcmp0 (status, "expired") == 0)
    return _("Training expired");
  return _("No training recorded");
}

static void
show_users (SlAdminPage *self)
{
  guint n = self->users != NULL ? json_array_get_length (self->users) : 0;
  guint disabled = 0, locked = 0, untrained = 0;
  g_autofree char *summary = NULL;

  clear_list (self->users_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *user = sl_json_array_lookup_object (self->users, i);
      JsonObject *training = NULL;
      const char *username = sl_json_lookup_string (user, "username");
      const char *status;
      g_autofree char *roles = NULL;
      g_autofree char *login = NULL;
      g_autofree char *expires = NULL;
      g_autofree char *title = NULL;
      g_autofree char *escaped = NULL;
      GString *subtitle;
      GtkWidget *row;
      gboolean is_locked, is_disabled;

      if (username == NULL)
        continue;
      sl_json_get_object (user, "training", FALSE, &training, NULL);
      status = sl_json_lookup_string (training, "status");
      is_locked = sl_json_lookup_boolean (user, "locked");
      is_disabled = sl_json_lookup_string (user, "disabled_at") != NULL;
      roles = sl_roles_to_display (roles_of (user));
      login = sl_clock_format_local (sl_json_lookup_string (user, "last_login_at"), "%Y-%m-%d %H:%M");
      expires = sl_clock_format_local (sl_json_lookup_string (training, "expires_on"), "%Y-%m-%d");

      subtitle = g_string_new (NULL);
      g_string_append_printf (subtitle, "%s · %s", username, roles);
      if (sl_json_lookup_string (user, "supervisor") != NULL)
        /* Translators: the supervisor of an account */
        g_string_append_printf (subtitle, _(" · reports to %s"), sl_json_lookup_string (user, "supervisor"));
      g_string_append (subtitle, "\n");
      g_string_append (subtitle, training_text (status));
      if (expires != NULL && g_strcmp0 (status, "missing") != 0)
        g_string_append_printf (subtitle, _(" (until %s)"), expires);
      g_string_append (subtitle, " · ");
      if (login != NULL)
        g_string_append_printf (subtitle, _("last login %s"), login);
      else
        g_string_append (subtitle, _("never logged in"));

      title = g_markup_escape_text (sl_json_lookup_string (user, "full_name") != NULL ? sl_json_lookup_string (user, "full_name") : username, -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      escaped = g_markup_escape_text (subtitle->str, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_name (row, username);
      g_string_free (subtitle, TRUE);

      if (is_disabled)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Disabled"), "error"));
      if (is_locked)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Locked"), "warning"));
      if (g_strcmp0 (status, "expired") == 0 || g_strcmp0 (status, "missing") == 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Not Trained"), "warning"));
      else if (g_strcmp0 (status, "expiring") == 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Training Due"), "accent"));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
        row_menu (username,
                  _("_Edit…"), "admin.edit-user",
                  _("Record _Training…"), "admin.record-training",
                  _("_Unlock"), is_locked ? "admin.unlock-user" : NULL,
                  is_disabled ? _("E_nable") : _("_Disable…"),
                  is_disabled ? "admin.enable-user" : "admin.disable-user",
                  NULL));
      gtk_list_box_append (self->users_list, row);

      disabled += is_disabled;
      locked += is_locked;
      untrained += g_strcmp0 (status, "current") != 0 && g_strcmp0 (status, "expiring") != 0;
    }

  if (n == 0)
    add_placeholder_row (self->users_list, _("No accounts"));

  /* Translators: the counts after the first are of the accounts */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u account: %u disabled, %u locked, %u without current training. "
                                          "Accounts unused for 90 days are disabled by the service.",
                                          "%u accounts: %u disabled, %u locked, %u without current training. "
                                          "Accounts unused for 90 days are disabled by the service.", n),
                             n, disabled, locked, untrained);
  gtk_label_set_text (self->users_summary, summary);
}

/* Role flags are "role-officer"…, apart from the "supervisor" choice. */
static gboolean
form_get_role (Form    *form,
               SlRoles  role)
{
  g_autofree char *name = g_strconcat ("role-", sl_role_to_string (role), NULL);

  return form_get_flag (form, name);
}

static JsonNode *
build_user (Form    *form,
            GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *username = form_get_text (form, "username");
  g_autofree char *full_name = form_get_text (form, "full_name");
  g_autofree char *badge = form_get_text (form, "badge");
  g_autofree char *password = form_get_text (form, "password");
  g_autofree char *trained_on = form_get_text (form, "trained_on");
  const char *supervisor = form_get_choice (form, "supervisor");
  gboolean creating = g_str_equal (form->method, "POST");
  gboolean any_role = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    any_role |= form_get_role (form, all_roles[i]);

  if (creating && username == NULL)
    form_mark (form, "username", TRUE);
  if (full_name == NULL)
    form_mark (form, "full_name", TRUE);
  if (creating && password == NULL)
    form_mark (form, "password", TRUE);
  if ((creating && (username == NULL || password == NULL)) || full_name == NULL)
    return field_missing (error, _("Fill in the fields marked in red.")), NULL;
  if (!any_role)
    return field_missing (error, _("Give the account at least one role.")), NULL;

  json_builder_begin_object (builder);
  if (creating)
    {
      sl_json_builder_add_string_member (builder, "username", username);
      sl_json_builder_add_string_member (builder, "password", password);
      if (trained_on != NULL)
        sl_json_builder_add_string_member (builder, "trained_on", trained_on);
    }
  sl_json_builder_add_string_member (builder, "full_name", full_name);
  json_builder_set_member_name (builder, "badge");
  json_builder_add_string_value (builder, badge != NULL ? badge : "");
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    if (form_get_role (form, all_roles[i]))
      json_builder_add_string_value (builder, sl_role_to_string (all_roles[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "supervisor");
  if (supervisor != NULL && supervisor[0] != '\0')
    json_builder_add_string_value (builder, supervisor);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
user_saved (Form       *form,
            JsonObject *answer)
{
  SlAdminPage *self = form->page;
  const char *secret = sl_json_lookup_string (answer, "totp_secret");
  g_autofree char *message = NULL;

  if (secret != NULL)
    {
      g_autofree char *body = g_strdup_printf (
        _("This agency requires a one-time code at login. Enroll %s’s authenticator app with this "
          "secret now; it is shown only once and has been copied to the clipboard.\n\n%s"),
        sl_json_lookup_string (answer, "username"), sl_json_lookup_string (answer, "totp_uri") != NULL ? sl_json_lookup_string (answer, "totp_uri") : "");
      show_secret (self, _("Authenticator Secret"), body, secret);
    }

  message = g_strdup_printf (g_str_equal (form->method, "POST") ? _("Added %s") : _("Saved %s"),
                             sl_json_lookup_string (answer, "username") != NULL ? sl_json_lookup_string (answer, "username") : "");
  toast (self, message);
}

static void
open_user_form (SlAdminPage *self,
                const char  *username)
{
  JsonObject *user = username != NULL ? find_user (self, username) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  SlRoles roles = roles_of (user);
  Form *form;

  if (username != NULL && user == NULL)
    return;

  if (user == NULL)
    form = form_new (self, _("Add User"), _("_Add"), "POST", "/users", build_user, user_saved);
  else
    {
      g_autofree char *escaped = g_uri_escape_string (username, NULL, TRUE);

      path = g_strconcat ("/users/", escaped, NULL);
      title = g_strdup_printf (_("Edit %s"), username);
      form = form_new (self, title, _("_Save"), "PATCH", path, build_user, user_saved);
    }

  form_group (form, _("Account"), user == NULL
              ? _("The login name cannot be changed later. The password follows the agency’s rules; "
                  "the member changes it at first use.")
              : NULL);
  if (user == NULL)
    form_add (form, FIELD_TEXT, "username", _("Login Name"), NULL);
  form_add (form, FIELD_TEXT, "full_name", _("Full Name"), sl_json_lookup_string (user, "full_name"));
  form_add (form, FIELD_TEXT, "badge", _("Badge or Employee Number"), sl_json_lookup_string (user, "badge"));
  if (user == NULL)
    form_add (form, FIELD_SECRET, "password", _("Initial Password"), NULL);

  form_group (form, _("Roles"), _("What the account may see and do."));
  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    {
      g_autofree char *name = g_strconcat ("role-", sl_role_to_string (all_roles[i]), NULL);

      form_add (form, FIELD_FLAG, name, sl_role_get_display_name (all_roles[i]), (roles & all_roles[i]) ? "" : NULL);
    }

  form_group (form, _("Supervision and Training"), NULL);
  g_ptr_array_add (labels, (gpointer) _("None"));
  g_ptr_array_add (values, (gpointer) "");
  for (guint i = 0; self->users != NULL && i < json_array_get_length (self->users); i++)
    {
      JsonObject *other = sl_json_array_lookup_object (self->users, i);
      const char *name = sl_json_lookup_string (other, "username");

      if (name == NULL || g_strcmp0 (name, username) == 0 || !(roles_of (other) & SL_ROLE_SUPERVISOR))
        continue;
      g_ptr_array_add (labels, (gpointer) (sl_json_lookup_string (other, "full_name") != NULL ? sl_json_lookup_string (other, "full_name") : name));
      g_ptr_array_add (values, (gpointer) name);
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (values, NULL);
  form_add_choice (form, "supervisor", _("Immediate Supervisor"), (const char **) labels->pdata,
                   (const char **) values->pdata, sl_json_lookup_string (user, "supervisor"));
  if (user == NULL)
    {
      GtkWidget *row = form_add (form, FIELD_TEXT, "trained_on", _("ALPR Training Completed (YYYY-MM-DD)"), NULL);

      gtk_widget_set_tooltip_text (row, _("Leave empty if the member has not been trained; "
                                          "they cannot use ALPR data until it is recorded."));
    }

  form_present (form);
}

static JsonNode *
build_training (Form    *form,
                GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *date = form_get_text (form, "completed_on");
  g_autofree char *iso = sl_clock_local_date_to_iso8601 (date, FALSE);

  if (iso == NULL)
    {
      form_mark (form, "completed_on", TRUE);
      return field_missing (error, _("Enter the date the training was completed as YYYY-MM-DD.")), NULL;
    }

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "completed_on", date);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
training_saved (Form       *form,
                JsonObject *answer)
{
  toast (form->page, _("Training recorded"));
}

static JsonNode *
build_reason (Form    *form,
              GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *reason = form_get_text (form, "reason");

  if (reason == NULL || g_utf8_strlen (reason, -1) < 10)
    {
      form_mark (form, "reason", TRUE);
      return field_missing (error, _("Give a reason of at least 10 characters; it goes into the access log.")), NULL;
    }

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "reason", reason);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
state_changed (Form       *form,
               JsonObject *answer)
{
  toast (form->page, _("Done; the change is in the access log"));
}

static char *
user_path (const char *username,
           const char *verb)
{
  g_autofree char *escaped = g_uri_escape_string (username, NULL, TRUE);

  return g_strdup_printf ("/users/%s/%s", escaped, verb);
}

static void
user_state_called_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SlAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);

  self->changing--;
  if (self->client == NULL)   /* disposed meanwhile */
    return;
  if (answer == NULL)
    {
      show_error (self, error->message);
      return;
    }
  toast (self, _("Done; the change is in the access log"));
  refresh (self);
}

/* ---- cameras ---- */

static void
show_cameras (SlAdminPage *self)
{
  guint n = self->cameras != NULL ? json_array_get_length (self->cameras) : 0;
  guint online = 0;
  g_autofree char *summary = NULL;

  clear_list (self->cameras_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *camera = sl_json_array_lookup_object (self->cameras, i);
      GtkWidget *row;
      g_autofree char *seen = NULL;
      g_autofree char *id = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      double lat = 0, lon = 0;
      gboolean is_online = sl_json_lookup_boolean (camera, "online");

      if (camera == NULL || sl_json_lookup_string (camera, "name") == NULL)
        continue;
      if (json_object_has_member (camera, "lat"))
        lat = json_object_get_double_member_with_default (camera, "lat", 0);
      if (json_object_has_member (camera, "lon"))
        lon = json_object_get_double_member_with_default (camera, "lon", 0);
      seen = sl_clock_format_local (sl_json_lookup_string (camera, "last_heartbeat_at") != NULL ? sl_json_lookup_string (camera, "last_heartbeat_at")
                                                                      : sl_json_lookup_string (camera, "last_read_at"), "%Y-%m-%d %H:%M");
      /* Translators: a camera's kind, place and when it was last heard from */
      subtitle = g_markup_printf_escaped (_("%s · %.5f, %.5f · %s"), sl_json_lookup_string (camera, "kind") != NULL ? sl_json_lookup_string (camera, "kind") : "",
                                  lat, lon, seen != NULL ? seen : _("never heard from"));
      title = g_markup_escape_text (sl_json_lookup_string (camera, "name"), -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), is_online ? pill (_("Online"), "success")
                                                                 : pill (_("Offline"), "dim-label"));
      id = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (camera, "id"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_menu (id, _("New _Token…"), "admin.camera-token", NULL));
      gtk_list_box_append (self->cameras_list, row);
      online += is_online;
    }

  if (n == 0)
    add_placeholder_row (self->cameras_list, _("No cameras; add one to give it a token to post reads with"));

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u camera, %u online. A camera posts reads with its token, shown once "
                                          "when it is added or given a new one.",
                                          "%u cameras, %u online. A camera posts reads with its token, shown once "
                                          "when it is added or given a new one.", n), n, online);
  gtk_label_set_text (self->cameras_summary, summary);
}

static gboolean
parse_degrees (const char *text,
               double      limit,
               double     *value)
{
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *value >= -limit && *value <= limit;
}

static JsonNode *
build_camera (Form    *form,
              GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = form_get_text (form, "name");
  g_autofree char *lat_text = form_get_text (form, "lat");
  g_autofree char *lon_text = form_get_text (form, "lon");
  g_autofree char *stream = form_get_text (form, "stream");
  double lat = 0, lon = 0;
  gboolean ok = TRUE;

  if (name == NULL)
    form_mark (form, "name", ok = FALSE);
  if (!parse_degrees (lat_text, 90, &lat))
    form_mark (form, "lat", !(ok = FALSE));
  if (!parse_degrees (lon_text, 180, &lon))
    form_mark (form, "lon", !(ok = FALSE));
  if (!ok)
    return field_missing (error, _("Give the camera a name and its place in degrees "
                                   "(latitude −90 to 90, longitude −180 to 180).")), NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "name", name);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_double_value (builder, lat);
  json_builder_set_member_name (builder, "lon");
  json_builder_add_double_value (builder, lon);
  sl_json_builder_add_string_member (builder, "kind", form_get_choice (form, "kind"));
  if (stream != NULL)
    sl_json_builder_add_string_member (builder, "stream", stream);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
camera_added (Form       *form,
              JsonObject *answer)
{
  const char *token = sl_json_lookup_string (answer, "token");
  g_autofree char *body = NULL;

  if (token == NULL)
    return;
  body = g_strdup_printf (_("“%s” posts reads and heartbeats with this token. Enter it in the camera’s "
                            "configuration now: it is shown only once and has been copied to the clipboard."),
                          sl_json_lookup_string (answer, "name") != NULL ? sl_json_lookup_string (answer, "name") : "");
  show_secret (form->page, _("Camera Token"), body, token);
}

static void
open_camera_form (SlAdminPage *self)
{
  static const char *kind_labels[] = { N_("Fixed"), N_("Mobile"), N_("Trailer"), NULL };
  static const char *kinds[] = { "fixed", "mobile", "trailer", NULL };
  const char *labels[G_N_ELEMENTS (kind_labels)];
  Form *form = form_new (self, _("Add Camera"), _("_Add"), "POST", "/cameras", build_camera, camera_added);

  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    labels[i] = kind_labels[i] != NULL ? _(kind_labels[i]) : NULL;

  form_group (form, _("Camera"), _("Where it is, as officers name the place, and its position."));
  form_add (form, FIELD_TEXT, "name", _("Name"), NULL);
  form_add (form, FIELD_TEXT, "lat", _("Latitude"), NULL);
  form_add (form, FIELD_TEXT, "lon", _("Longitude"), NULL);
  form_add_choice (form, "kind", _("Kind"), labels, kinds, "fixed");
  form_add (form, FIELD_TEXT, "stream", _("Live Video (rtsp:// or https://, optional)"), NULL);
  form_present (form);
}

static void
camera_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  g_autofree char *body = NULL;

  self->changing--;
  if (self->client == NULL)   /* disposed meanwhile */
    return;
  if (answer == NULL || sl_json_lookup_string (answer, "token") == NULL)
    {
      show_error (self, error != NULL ? error->message : _("The service sent no token"));
      return;
    }

  body = g_strdup_printf (_("“%s” now posts with this token; the one it had stopped working. Enter it in the "
                            "camera’s configuration now: it is shown only once and has been copied to the clipboard."),
                          sl_json_lookup_string (answer, "name") != NULL ? sl_json_lookup_string (answer, "name") : "");
  show_secret (self, _("New Camera Token"), body, sl_json_lookup_string (answer, "token"));
  refresh (self);
}

static void
camera_token_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          SlAdminPage      *self)
{
  if (g_str_equal (response, "renew"))
    sl_admin_page_renew_camera_token (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "id")));
}

/* ---- policy ---- */

static const struct {
  const char *key;
  const char *title;
} retention_classes[] = {
  { "reads",             N_("Reads without a hit") },
  { "hits",              N_("Reads with a hit") },
  { "images",            N_("Images") },
  { "alerts",            N_("Alerts") },
  { "hotlist_entries",   N_("Expired hot-list entries") },
  { "access_log",        N_("Access log (minimum)") },
  { "sharing_records",   N_("Sharing records") },
};

static const struct {
  const char *key;
  const char *title;
} privacy_elements[] = {
  { "authorized_purposes", N_("Authorized purposes") },
  { "authorized_users",    N_("Who may use the system") },
  { "monitoring",          N_("Monitoring for compliance") },
  { "sharing",             N_("Sharing") },
  { "custodian",           N_("Custodian") },
  { "accuracy",            N_("Accuracy") },
  { "retention",           N_("Retention") },
};

static AdwPreferencesGroup *
policy_group (SlAdminPage *self,
              const char  *title,
              const char  *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->policy_page, group);
  g_ptr_array_add (self->policy_groups, group);
  return group;
}

static void
policy_row (AdwPreferencesGroup *group,
            const char          *title,
            const char          *value,
            gboolean             long_text)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped = NULL;

  if (value == NULL || value[0] == '\0')
    value = _("Not set");
  escaped = g_markup_escape_text (value, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (long_text || g_utf8_strlen (value, -1) > 48)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  else
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
}

static char *
days_text (gint64 value)
{
  guint days = (guint) CLAMP (value, 0, G_MAXUINT);

  if (days == 0)
    return g_strdup (_("Not kept"));
  if (days % 365 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", days / 365), days / 365);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
}

static void
show_policy (SlAdminPage *self)
{
  JsonObject *policy = self->policy;
  JsonObject *retention = NULL;
  JsonObject *audit = NULL;
  JsonObject *case_number = NULL;
  JsonObject *privacy = NULL;
  AdwPreferencesGroup *group;
  g_autofree char *version = NULL;
  g_autofree char *training = NULL;
  g_autofree char *cadence = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *hotlist = NULL;

  for (guint i = 0; i < self->policy_groups->len; i++)
    adw_preferences_page_remove (self->policy_page, g_ptr_array_index (self->policy_groups, i));
  g_ptr_array_set_size (self->policy_groups, 0);
  if (policy == NULL)
    return;

  sl_json_get_object (policy, "retention_days", FALSE, &retention, NULL);
  sl_json_get_object (policy, "audit", FALSE, &audit, NULL);
  sl_json_get_object (policy, "case_number", FALSE, &case_number, NULL);
  sl_json_get_object (policy, "privacy_policy", FALSE, &privacy, NULL);

  group = policy_group (self, _("Policy Profile"),
                        _("Installed with “sightlined init --policy”; it changes only by installing a new "
                          "profile, which is logged."));
  policy_row (group, _("Agency"), sl_json_lookup_string (policy, "agency"), FALSE);
  policy_row (group, _("ORI"), sl_json_lookup_string (policy, "ori"), FALSE);
  version = g_strdup_printf ("%s %s", sl_json_lookup_string (policy, "id") != NULL ? sl_json_lookup_string (policy, "id") : "",
                             sl_json_lookup_string (policy, "version") != NULL ? sl_json_lookup_string (policy, "version") : "");
  policy_row (group, _("Profile"), version, FALSE);
  policy_row (group, _("Source"), sl_json_lookup_string (policy, "source"), TRUE);
  policy_row (group, _("ALPR Administrator"), sl_json_lookup_string (policy, "administrator_title"), FALSE);
  policy_row (group, _("Custodian of Records"), sl_json_lookup_string (policy, "custodian_title"), FALSE);

  group = policy_group (self, _("Retention"),
                        _("The service purges each class daily at 03:00 once its period is over; reads under "
                          "a legal hold are kept."));
  for (guint i = 0; i < G_N_ELEMENTS (retention_classes); i++)
    {
      g_autofree char *days = NULL;

      if (retention == NULL || !json_object_has_member (retention, retention_classes[i].key))
        continue;
      days = days_text (sl_json_lookup_int (retention, retention_classes[i].key));
      policy_row (group, _(retention_classes[i].title), days, FALSE);
    }

  group = policy_group (self, _("Accounts and Audits"), NULL);
  training = days_text (sl_json_lookup_int (policy, "training_interval_days"));
  policy_row (group, _("Training renewed every"), training, FALSE);
  policy_row (group, _("One-time code at login"), sl_json_lookup_boolean (policy, "mfa_required") ? _("Required") : _("Not required"),
              FALSE);
  cadence = days_text (sl_json_lookup_int (audit, "cadence_days"));
  policy_row (group, _("Compliance audit every"), cadence, FALSE);
  sample = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (audit, "sample_size"));
  policy_row (group, _("Searches sampled per audit"), sample, FALSE);
  hotlist = days_text (sl_json_lookup_int (policy, "hotlist_max_days"));
  policy_row (group, _("Hot-list entries last at most"), hotlist, FALSE);
  policy_row (group, _("Case number format"), sl_json_lookup_string (case_number, "description") != NULL
              ? sl_json_lookup_string (case_number, "description") : sl_json_lookup_string (case_number, "example"), TRUE);

  if (privacy != NULL)
    {
      group = policy_group (self, _("Usage and Privacy Policy"),
                            _("The seven elements Civil Code 1798.90.51 requires, as published."));
      for (guint i = 0; i < G_N_ELEMENTS (privacy_elements); i++)
        policy_row (group, _(privacy_elements[i].title), sl_json_lookup_string (privacy, privacy_elements[i].key), TRUE);
    }
}

/* ---- holds ---- */

static char *
hold_covers (JsonObject *hold)
{
  if (sl_json_lookup_string (hold, "plate") != NULL)
    {
      g_autofree char *from = sl_clock_format_local (sl_json_lookup_string (hold, "from"), "%Y-%m-%d");
      g_autofree char *to = sl_clock_format_local (sl_json_lookup_string (hold, "to"), "%Y-%m-%d");

      /* Translators: what a legal hold keeps: a plate's reads in a period */
      return g_strdup_printf (_("plate %s, %s to %s"), sl_json_lookup_string (hold, "plate"), from != NULL ? from : "…",
                              to != NULL ? to : "…");
    }
  if (sl_json_lookup_int (hold, "search_id") > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (hold, "search_id"));

      return g_strdup_printf (_("the results of search %s"), id);
    }
  return g_strdup (_("chosen reads"));
}

static void
show_holds (SlAdminPage *self)
{
  guint n = self->holds != NULL ? json_array_get_length (self->holds) : 0;
  guint in_force = 0;
  g_autofree char *summary = NULL;

  clear_list (self->holds_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *hold = sl_json_array_lookup_object (self->holds, i);
      const char *state = sl_json_lookup_string (hold, "state");
      g_autofree char *covers = hold_covers (hold);
      g_autofree char *review = sl_clock_format_local (sl_json_lookup_string (hold, "review_at"), "%Y-%m-%d");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      guint reads;
      g_autofree char *id = NULL;
      GtkWidget *row;

      if (hold == NULL || sl_json_lookup_string (hold, "case_number") == NULL)
        continue;
      reads = (guint) CLAMP (sl_json_lookup_int (hold, "reads"), 0, G_MAXUINT);
      title = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE, "Case %s · %u read", "Case %s · %u reads", reads),
                                       sl_json_lookup_string (hold, "case_number"), reads);
      subtitle = g_markup_printf_escaped (_("%s\nKeeps %s · review by %s · placed by %s"),
                                          sl_json_lookup_string (hold, "reason") != NULL ? sl_json_lookup_string (hold, "reason") : "",
                                          covers, review != NULL ? review : "", 
                                          sl_json_lookup_string (hold, "created_by") != NULL ? sl_json_lookup_string (hold, "created_by") : "");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      id = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (hold, "id"));
      gtk_widget_set_name (row, id);

      if (g_strcmp0 (state, "in_force") == 0)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("In Force"), "success"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_menu (id, _("_Renew…"), "admin.renew-hold",
                                               _("Re_lease…"), "admin.release-hold", NULL));
          in_force++;
        }
      else if (g_strcmp0 (state, "lapsed") == 0)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Lapsed"), "warning"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_menu (id, _("_Renew…"), "admin.renew-hold", NULL));
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill (_("Released"), "dim-label"));
      gtk_list_box_append (self->holds_list, row);
    }

  if (n == 0)
    add_placeholder_row (self->holds_list, _("No legal holds"));

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u hold in force. Held reads, their images and alerts are kept past "
                                          "their retention until the hold’s review date; a hold not renewed by "
                                          "then lapses.",
                                          "%u holds in force. Held reads, their images and alerts are kept past "
                                          "their retention until the hold’s review date; a hold not renewed by "
                                          "then lapses.", in_force), in_force);
  gtk_label_set_text (self->holds_summary, summary);
}

static JsonNode *
build_hold (Form    *form,
            GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *case_number = form_get_text (form, "case_number");
  g_autofree char *reason = form_get_text (form, "reason");
  g_autofree char *review = form_get_text (form, "review_at");
  g_autofree char *review_iso = sl_clock_local_date_to_iso8601 (review, TRUE);
  g_autofree char *plate = form_get_text (form, "plate");
  g_autofree char *from = form_get_text (form, "from");
  g_autofree char *to = form_get_text (form, "to");
  g_autofree char *from_iso = sl_clock_local_date_to_iso8601 (from, FALSE);
  g_autofree char *to_iso = sl_clock_local_date_to_iso8601 (to, TRUE);
  g_autofree char *search = form_get_text (form, "search_id");
  const char *covers = form_get_choice (form, "covers");
  gint64 search_id = 0;
  gboolean ok = TRUE;

  if (case_number == NULL)
    form_mark (form, "case_number", !(ok = FALSE));
  if (reason == NULL || g_utf8_strlen (reason, -1) < 10)
    form_mark (form, "reason", !(ok = FALSE));
  if (review_iso == NULL)
    form_mark (form, "review_at", !(ok = FALSE));
  if (g_strcmp0 (covers, "plate") == 0)
    {
      if (plate == NULL)
        form_mark (form, "plate", !(ok = FALSE));
      if (from_iso == NULL)
        form_mark (form, "from", !(ok = FALSE));
      if (to_iso == NULL)
        form_mark (form, "to", !(ok = FALSE));
    }
  else if (search == NULL || !g_ascii_string_to_signed (search, 10, 1, G_MAXINT64, &search_id, NULL))
    form_mark (form, "search_id", !(ok = FALSE));
  if (!ok)
    return field_missing (error, _("Fill in the fields marked in red: a case number, a reason of at least "
                                   "10 characters, a review date and what the hold keeps. Dates are YYYY-MM-DD.")), NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "case_number", case_number);
  sl_json_builder_add_string_member (builder, "reason", reason);
  sl_json_builder_add_string_member (builder, "review_at", review_iso);
  if (g_strcmp0 (covers, "plate") == 0)
    {
      g_autofree char *upper = g_ascii_strup (plate, -1);

      sl_json_builder_add_string_member (builder, "plate", upper);
      sl_json_builder_add_string_member (builder, "from", from_iso);
      sl_json_builder_add_string_member (builder, "to", to_iso);
    }
  else
    sl_json_builder_add_int_member (builder, "search_id", search_id);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
hold_placed (Form       *form,
             JsonObject *answer)
{
  guint reads = (guint) CLAMP (sl_json_lookup_int (answer, "reads"), 0, G_MAXUINT);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Hold placed on %u read",
                                                           "Hold placed on %u reads", reads), reads);

  toast (form->page, message);
}

static void
open_hold_form (SlAdminPage *self)
{
  static const char *cover_labels[] = { N_("A plate’s reads in a period"), N_("The results of a search"), NULL };
  static const char *covers[] = { "plate", "search", NULL };
  const char *labels[G_N_ELEMENTS (cover_labels)];
  g_autofree char *review = local_day (90);
  g_autofree char *month_ago = local_day (-30);
  g_autofree char *today = local_day (0);
  Form *form = form_new (self, _("Place Legal Hold"), _("_Place Hold"), "POST", "/holds", build_hold, hold_placed);

  for (guint i = 0; i < G_N_ELEMENTS (cover_labels); i++)
    labels[i] = cover_labels[i] != NULL ? _(cover_labels[i]) : NULL;

  form_group (form, _("Hold"), _("Data booked as evidence or needed for litigation is kept past its retention "
                                 "until the review date. The hold is logged."));
  form_add (form, FIELD_TEXT, "case_number", _("Case Number"), NULL);
  form_add (form, FIELD_TEXT, "reason", _("Reason"), NULL);
  form_add (form, FIELD_TEXT, "review_at", _("Review By (YYYY-MM-DD)"), review);
  form_group (form, _("What It Keeps"), NULL);
  form_add_choice (form, "covers", _("Keep"), labels, covers, "plate");
  form_add (form, FIELD_TEXT, "plate", _("Plate"), NULL);
  form_add (form, FIELD_TEXT, "from", _("From (YYYY-MM-DD)"), month_ago);
  form_add (form, FIELD_TEXT, "to", _("To (YYYY-MM-DD)"), today);
  form_add (form, FIELD_TEXT, "search_id", _("Search Number"), NULL);
  form_present (form);
}

static JsonNode *
build_review_date (Form    *form,
                   GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *review = form_get_text (form, "review_at");
  g_autofree char *iso = sl_clock_local_date_to_iso8601 (review, TRUE);

  if (iso == NULL)
    {
      form_mark (form, "review_at", TRUE);
      return field_missing (error, _("Enter the new review date as YYYY-MM-DD.")), NULL;
    }

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "review_at", iso);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- loading ---- */

static void
loaded (SlAdminPage *self)
{
  self->loading--;
  gtk_spinner_set_spinning (self->spinner, self->loading > 0);
}

/* Keeps @member of @answer as *@array, or says what the service sent wrong. */
static gboolean
take_array (SlAdminPage  *self,
            JsonObject   *answer,
            const char   *member,
            JsonArray   **array)
{
  g_autoptr(GError) error = NULL;
  JsonArray *value = NULL;

  if (!sl_json_get_array (answer, member, TRUE, &value, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The service sent an answer Sightline cannot read: %s"),
                                                  error->message);
      show_error (self, message);
      return FALSE;
    }
  g_clear_pointer (array, json_array_unref);
  *array = json_array_ref (value);
  return TRUE;
}

static void
call_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  loaded (self);
  if (answer == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (json_object_has_member (answer, "users"))
    {
      if (take_array (self, answer, "users", &self->users))
        show_users (self);
    }
  else if (json_object_has_member (answer, "cameras"))
    {
      if (take_array (self, answer, "cameras", &self->cameras))
        show_cameras (self);
    }
  else if (json_object_has_member (answer, "holds"))
    {
      if (take_array (self, answer, "holds", &self->holds))
        show_holds (self);
    }
  else if (json_object_has_member (answer, "agency"))
    {
      g_clear_pointer (&self->policy, json_object_unref);
      self->policy = json_object_ref (answer);
      show_policy (self);
    }
}

static void
refresh (SlAdminPage *self)
{
  static const char *paths[] = { "/users/review", "/cameras", "/holds", "/policy" };

  if (self->client == NULL || self->session == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = G_N_ELEMENTS (paths);
  self->started = TRUE;
  show_error (self, NULL);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    sl_client_call_async (self->client, "GET", paths[i], NULL, self->cancellable,
                          call_loaded_cb, g_object_ref (self));
}

static void
call_state (SlAdminPage *self,
            const char  *path)
{
  self->changing++;
  sl_client_call_async (self->client, "POST", path, NULL, NULL, user_state_called_cb, g_object_ref (self));
}

/* ---- actions ---- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SL_ADMIN_PAGE (widget));
}

static void
add_user_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_user_form (SL_ADMIN_PAGE (widget), NULL);
}

static void
edit_user_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_user_form (SL_ADMIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
record_training_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sl_admin_page_open_training (SL_ADMIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
unlock_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sl_admin_page_unlock_user (SL_ADMIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
enable_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sl_admin_page_enable_user (SL_ADMIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
disable_user_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sl_admin_page_open_disable (SL_ADMIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
add_camera_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_camera_form (SL_ADMIN_PAGE (widget));
}

static void
camera_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlAdminPage *self = SL_ADMIN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = g_ascii_strtoll (g_variant_get_string (parameter, NULL), NULL, 10);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Give the Camera a New Token?"),
                                                       _("Its current token stops working at once, and the camera "
                                                         "posts nothing until it is set up with the new one.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "renew", _("_New Token"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "renew", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GINT_TO_POINTER ((int) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (camera_token_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
place_hold_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_hold_form (SL_ADMIN_PAGE (widget));
}

static void
renew_hold_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sl_admin_page_open_hold_change (SL_ADMIN_PAGE (widget),
                                  g_ascii_strtoll (g_variant_get_string (parameter, NULL), NULL, 10), TRUE);
}

static void
release_hold_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sl_admin_page_open_hold_change (SL_ADMIN_PAGE (widget),
                                  g_ascii_strtoll (g_variant_get_string (parameter, NULL), NULL, 10), FALSE);
}

/* ---- GObject ---- */

static void
sl_admin_page_map (GtkWidget *widget)
{
  SlAdminPage *self = SL_ADMIN_PAGE (widget);

  GTK_WIDGET_CLASS (sl_admin_page_parent_class)->map (widget);

  if (!self->started)
    refresh (self);
}

static void
sl_admin_page_dispose (GObject *object)
{
  SlAdminPage *self = SL_ADMIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->form != NULL)
    gtk_window_destroy (GTK_WINDOW (self->form->window));
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ADMIN_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_pointer (&self->users, json_array_unref);
  g_clear_pointer (&self->cameras, json_array_unref);
  g_clear_pointer (&self->holds, json_array_unref);
  g_clear_pointer (&self->policy, json_object_unref);
  g_clear_pointer (&self->policy_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_admin_page_parent_class)->dispose (object);
}

static void
sl_admin_page_finalize (GObject *object)
{
  SlAdminPage *self = SL_ADMIN_PAGE (object);

  g_free (self->error);
  g_free (self->form_error);
  g_free (self->secret_shown);

  G_OBJECT_CLASS (sl_admin_page_parent_class)->finalize (object);
}

static void
sl_admin_page_class_init (SlAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_admin_page_dispose;
  object_class->finalize = sl_admin_page_finalize;
  widget_class->map = sl_admin_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, users_summary);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, users_list);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, cameras_summary);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, cameras_list);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, policy_page);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, holds_summary);
  gtk_widget_class_bind_template_child (widget_class, SlAdminPage, holds_list);

  gtk_widget_class_install_action (widget_class, "admin.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "admin.add-user", NULL, add_user_action);
  gtk_widget_class_install_action (widget_class, "admin.edit-user", "s", edit_user_action);
  gtk_widget_class_install_action (widget_class, "admin.record-training", "s", record_training_action);
  gtk_widget_class_install_action (widget_class, "admin.unlock-user", "s", unlock_user_action);
  gtk_widget_class_install_action (widget_class, "admin.enable-user", "s", enable_user_action);
  gtk_widget_class_install_action (widget_class, "admin.disable-user", "s", disable_user_action);
  gtk_widget_class_install_action (widget_class, "admin.add-camera", NULL, add_camera_action);
  gtk_widget_class_install_action (widget_class, "admin.camera-token", "s", camera_token_action);
  gtk_widget_class_install_action (widget_class, "admin.place-hold", NULL, place_hold_action);
  gtk_widget_class_install_action (widget_class, "admin.renew-hold", "s", renew_hold_action);
  gtk_widget_class_install_action (widget_class, "admin.release-hold", "s", release_hold_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "admin.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "admin.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "admin.add-user", NULL);
}

static void
sl_admin_page_init (SlAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->policy_groups = g_ptr_array_new ();
}

/* ---- public API ---- */

GtkWidget *
sl_admin_page_new (void)
{
  return g_object_new (SL_TYPE_ADMIN_PAGE, NULL);
}

void
sl_admin_page_set_client (SlAdminPage *self,
                          SlClient    *client)
{
  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (SL_IS_CLIENT (client));

  g_set_object (&self->client, client);
}

void
sl_admin_page_set_session (SlAdminPage *self,
                           SlSession   *session)
{
  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (session != NULL);

  g_clear_pointer (&self->session, sl_session_unref);
  self->session = sl_session_ref (session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

void
sl_admin_page_refresh (SlAdminPage *self)
{
  g_return_if_fail (SL_IS_ADMIN_PAGE (self));

  refresh (self);
}

/**
 * sl_admin_page_is_busy:
 *
 * Returns: whether a load, a change or the open form's call is under way
 */
gboolean
sl_admin_page_is_busy (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), FALSE);

  return self->loading > 0 || self->changing > 0 || (self->form != NULL && self->form->busy);
}

const char *
sl_admin_page_get_error (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);

  return self->error;
}

/**
 * sl_admin_page_get_user:
 * @username: an account
 *
 * Returns: (transfer none) (nullable): the account as the review shows it
 */
JsonObject *
sl_admin_page_get_user (SlAdminPage *self,
                        const char  *username)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);

  return find_user (self, username);
}

guint
sl_admin_page_get_n_items (SlAdminPage *self,
                           const char  *what)
{
  JsonArray *array;

  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), 0);

  array = g_strcmp0 (what, "users") == 0 ? self->users
        : g_strcmp0 (what, "cameras") == 0 ? self->cameras
        : g_strcmp0 (what, "holds") == 0 ? self->holds
        : NULL;
  return array != NULL ? json_array_get_length (array) : 0;
}

/**
 * sl_admin_page_get_hold:
 * @case_number: a case
 *
 * Returns: (transfer none) (nullable): the newest hold of @case_number
 */
JsonObject *
sl_admin_page_get_hold (SlAdminPage *self,
                        const char  *case_number)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return find_object (self->holds, "case_number", case_number, 0);
}

gboolean
sl_admin_page_has_policy (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), FALSE);

  return self->policy != NULL && self->policy_groups->len > 0;
}

void
sl_admin_page_show (SlAdminPage *self,
                    const char  *view)
{
  g_return_if_fail (SL_IS_ADMIN_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

void
sl_admin_page_open_training (SlAdminPage *self,
                             const char  *username)
{
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *today = local_day (0);
  Form *form;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (username != NULL);

  path = user_path (username, "training");
  title = g_strdup_printf (_("Record Training of %s"), username);
  form = form_new (self, title, _("_Record"), "POST", path, build_training, training_saved);
  form_group (form, _("ALPR Training"),
              _("The member may use ALPR data for the profile’s training interval from this date."));
  form_add (form, FIELD_TEXT, "completed_on", _("Completed On (YYYY-MM-DD)"), today);
  form_present (form);
}

void
sl_admin_page_open_disable (SlAdminPage *self,
                            const char  *username)
{
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  Form *form;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (username != NULL);

  path = user_path (username, "disable");
  title = g_strdup_printf (_("Disable %s"), username);
  form = form_new (self, title, _("_Disable"), "POST", path, build_reason, state_changed);
  gtk_widget_remove_css_class (GTK_WIDGET (form->accept_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (form->accept_button), "destructive-action");
  form_group (form, _("Disable Account"),
              _("The account’s sessions end at once and it cannot log in until an administrator enables it. "
                "Its records stay."));
  form_add (form, FIELD_TEXT, "reason", _("Reason"), NULL);
  form_present (form);
}

void
sl_admin_page_unlock_user (SlAdminPage *self,
                           const char  *username)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (username != NULL);

  path = user_path (username, "unlock");
  call_state (self, path);
}

void
sl_admin_page_enable_user (SlAdminPage *self,
                           const char  *username)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));
  g_return_if_fail (username != NULL);

  path = user_path (username, "enable");
  call_state (self, path);
}

/* @renew: a new review date; otherwise a release with a reason. */
void
sl_admin_page_open_hold_change (SlAdminPage *self,
                                gint64       id,
                                gboolean     renew)
{
  JsonObject *hold;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *review = local_day (90);
  Form *form;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));

  hold = find_object (self->holds, NULL, NULL, id);
  if (hold == NULL)
    return;

  path = g_strdup_printf ("/holds/%" G_GINT64_FORMAT "/%s", id, renew ? "renew" : "release");
  if (renew)
    {
      title = g_strdup_printf (_("Renew Hold of Case %s"), sl_json_lookup_string (hold, "case_number"));
      form = form_new (self, title, _("_Renew"), "POST", path, build_review_date, state_changed);
      form_group (form, _("Review"), _("The hold keeps its reads until this date, at most a year from today."));
      form_add (form, FIELD_TEXT, "review_at", _("Review By (YYYY-MM-DD)"), review);
    }
  else
    {
      title = g_strdup_printf (_("Release Hold of Case %s"), sl_json_lookup_string (hold, "case_number"));
      form = form_new (self, title, _("Re_lease"), "POST", path, build_reason, state_changed);
      gtk_widget_remove_css_class (GTK_WIDGET (form->accept_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (form->accept_button), "destructive-action");
      form_group (form, _("Release"), _("Released reads are purged as their retention allows, "
                                        "possibly at the next daily purge."));
      form_add (form, FIELD_TEXT, "reason", _("Reason"), NULL);
    }
  form_present (form);
}

/* The open form, for tests: set a field by name ("username",
 * "role-officer", "supervisor"…); any value ticks a role, NULL clears it. */
gboolean
sl_admin_page_form_set (SlAdminPage *self,
                        const char  *field,
                        const char  *value)
{
  GtkWidget *row;
  GStrv values;

  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (self->form == NULL || (row = g_hash_table_lookup (self->form->fields, field)) == NULL)
    return FALSE;

  if ((values = g_hash_table_lookup (self->form->choices, field)) != NULL)
    {
      for (guint i = 0; values[i] != NULL; i++)
        if (g_strcmp0 (values[i], value) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
            return TRUE;
          }
      return FALSE;
    }
  if (g_object_get_data (G_OBJECT (row), "check") != NULL)
    {
      gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "check"), value != NULL);
      return TRUE;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  return TRUE;
}

void
sl_admin_page_form_submit (SlAdminPage *self)
{
  g_return_if_fail (SL_IS_ADMIN_PAGE (self));

  if (self->form != NULL)
    form_submit (self->form);
}

gboolean
sl_admin_page_has_form (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), FALSE);

  return self->form != NULL;
}

/* The open form's refusal, or the last one's when it closed; NULL if accepted. */
const char *
sl_admin_page_get_form_error (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);

  return self->form_error;
}

/* The last camera token or authenticator secret shown once. */
const char *
sl_admin_page_get_secret_shown (SlAdminPage *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);

  return self->secret_shown;
}

/* A new token for the camera @id, as its menu does once confirmed. */
void
sl_admin_page_renew_camera_token (SlAdminPage *self,
                                  gint64       id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_ADMIN_PAGE (self));

  path = g_strdup_printf ("/cameras/%" G_GINT64_FORMAT "/token", id);
  self->changing++;
  sl_client_call_async (self->client, "POST", path, NULL, NULL, camera_token_cb, g_object_ref (self));
}

/**
 * sl_admin_page_get_camera:
 * @name: a camera's name
 *
 * Returns: (transfer none) (nullable): the camera as the list shows it
 */
JsonObject *
sl_admin_page_get_camera (SlAdminPage *self,
                          const char  *name)
{
  g_return_val_if_fail (SL_IS_ADMIN_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return find_object (self->cameras, "name", name, 0);
}
