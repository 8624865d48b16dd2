#define G_LOG_DOMAIN "sl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-activity-window.h"
#include "sl-admin-page.h"
#include "sl-audit-page.h"
#include "sl-hotlists-page.h"
#include "sl-reports-page.h"
#include "sl-requests-page.h"
#include "sl-user.h"
#include "sl-idle-lock.h"
#include "sl-live-page.h"
#include "sl-login-state.h"
#include "sl-map-page.h"
#include "sl-role.h"
#include "sl-search-page.h"
#include "sl-window.h"

#define IDLE_CHECK_SECONDS 10

struct _SlWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *user_button;
  GtkPopover           *user_popover;
  AdwAvatar            *user_avatar;
  GtkLabel             *user_name_label;
  GtkLabel             *user_roles_label;
  GtkLabel             *user_details_label;
  GtkRevealer          *training_revealer;
  GtkLabel             *training_label;
  GtkStack             *content_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *lock_page;
  AdwPasswordEntryRow  *unlock_password_row;
  AdwEntryRow          *unlock_totp_row;
  GtkLabel             *unlock_error_label;
  GtkButton            *unlock_button;
  GtkSpinner           *unlock_spinner;

  /* borrowed references: the pages belong to view_stack */
  GtkWidget            *pages[SL_N_PAGES];
  GtkWidget            *training_notes[SL_N_PAGES];   /* none for the Live page */
  SlLivePage           *live_page;
  SlSearchPage         *search_page;
  SlMapPage            *map_page;
  SlHotlistsPage       *hotlists_page;
  SlRequestsPage       *requests_page;
  SlAuditPage          *audit_page;
  SlReportsPage        *reports_page;
  SlAdminPage          *admin_page;
  SlActivityWindow     *activity_window;   /* "My Activity", while open */

  /* owned references */
  SlClient             *client;
  SlSession            *session;
  GSettings            *settings;
  GCancellable         *unlock_cancellable;

  gint64                last_activity_us;
  guint                 idle_source;
  guint                 locked : 1;
  guint                 unlocking : 1;
  guint                 unlock_totp_required : 1;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
create_pages (SlWindow *self)
{
  for (guint i = 0; i < SL_N_PAGES; i++)
    {
      const SlPageInfo *info = sl_page_get_info (i);
      AdwViewStackPage *page;
      GtkWidget *built;
      GtkWidget *status;
      GtkWidget *note;

      /* The built pages say themselves when training lapsed. */
      built = i == SL_PAGE_LIVE ? GTK_WIDGET (self->live_page = SL_LIVE_PAGE (sl_live_page_new ()))
            : i == SL_PAGE_SEARCH ? GTK_WIDGET (self->search_page = SL_SEARCH_PAGE (sl_search_page_new ()))
            : i == SL_PAGE_MAP ? GTK_WIDGET (self->map_page = SL_MAP_PAGE (sl_map_page_new ()))
            : i == SL_PAGE_HOTLISTS ? GTK_WIDGET (self->hotlists_page = SL_HOTLISTS_PAGE (sl_hotlists_page_new ()))
            : i == SL_PAGE_REQUESTS ? GTK_WIDGET (self->requests_page = SL_REQUESTS_PAGE (sl_requests_page_new ()))
            : i == SL_PAGE_AUDIT ? GTK_WIDGET (self->audit_page = SL_AUDIT_PAGE (sl_audit_page_new ()))
            : i == SL_PAGE_REPORTS ? GTK_WIDGET (self->reports_page = SL_REPORTS_PAGE (sl_reports_page_new ()))
            : i == SL_PAGE_ADMIN ? GTK_WIDGET (self->admin_page = SL_ADMIN_PAGE (sl_admin_page_new ()))
            : NULL;
      if (built != NULL)
        {
          page = adw_view_stack_add_titled (self->view_stack, built, info->name, _(info->title));
          adw_view_stack_page_set_icon_name (page, info->icon_name);
          self->pages[i] = built;
          continue;
        }

      status = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), info->icon_name);
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _(info->title));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), _(info->description));

      note = gtk_label_new (_("Unavailable until your ALPR training is renewed."));
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_justify (GTK_LABEL (note), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (note, "warning");
      gtk_widget_add_css_class (note, "heading");
      gtk_widget_set_visible (note, FALSE);
      adw_status_page_set_child (ADW_STATUS_PAGE (status), note);

      page = adw_view_stack_add_titled (self->view_stack, status, info->name, _(info->title));
      adw_view_stack_page_set_icon_name (page, info->icon_name);

      self->pages[i] = status;
      self->training_notes[i] = note;
    }
}

static char *
format_training (SlSession *session)
{
  const char *expires_on = sl_session_get_training_expires_on (session);

  switch (sl_session_get_training_status (session))
    {
    case SL_TRAINING_EXPIRED:
      if (expires_on != NULL)
        /* Translators: %s is a date, YYYY-MM-DD */
        return g_strdup_printf (_("Your ALPR training expired on %s, so searches, alerts and "
                                  "the map are unavailable. Once the ALPR Administrator records "
                                  "your renewed training, log in again."), expires_on);
      return g_strdup (_("Your ALPR training has expired, so searches, alerts and the map are "
                         "unavailable. Once the ALPR Administrator records your renewed "
                         "training, log in again."));
    case SL_TRAINING_MISSING:
      return g_strdup (_("No ALPR training is on record for you, so searches, alerts and the "
                         "map are unavailable. Once the ALPR Administrator records your "
                         "training, log in again."));
    case SL_TRAINING_CURRENT:
    default:
      break;
    }

  /* a month ahead, the member is told */
  if (expires_on != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      int year, month, day;
      GDate today, expires;

      if (sscanf (expires_on, "%4d-%2d-%2d", &year, &month, &day) != 3 || !g_date_valid_dmy (day, month, year))
        return NULL;
      g_date_clear (&today, 1);
      g_date_clear (&expires, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      g_date_set_dmy (&expires, day, month, year);
      if (g_date_days_between (&today, &expires) >= 0 &&
          g_date_days_between (&today, &expires) <= SL_TRAINING_WARNING_DAYS)
        /* Translators: %s is a date, YYYY-MM-DD */
        return g_strdup_printf (_("Your ALPR training expires on %s. Renew it before then to keep searches, "
                                  "alerts and the map."), expires_on);
    }
  return NULL;
}

static void
apply_session (SlWindow *self)
{
  SlSession *session = self->session;
  SlPages pages = sl_pages_for_roles (sl_session_get_roles (session));
  g_autofree char *roles = sl_roles_to_display (sl_session_get_roles (session));
  g_autofree char *training = format_training (session);
  g_autofree char *tooltip = NULL;
  GString *details = g_string_new (NULL);
  const char *visible = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean lapsed = sl_session_get_training_status (session) != SL_TRAINING_CURRENT;

  gtk_label_set_text (self->user_name_label, sl_session_get_full_name (session));
  gtk_label_set_text (self->user_roles_label, roles);
  adw_avatar_set_text (self->user_avatar, sl_session_get_full_name (session));

  if (*sl_session_get_badge (session) != '\0')
    /* Translators: %s is a badge or employee number */
    g_string_append_printf (details, _("Badge %s"), sl_session_get_badge (session));
  if (*sl_session_get_organization (session) != '\0')
    g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "",
                            sl_session_get_organization (session));
  if (details->len > 0)
    g_string_append_c (details, '\n');
  g_string_append (details, sl_session_get_username (session));
  gtk_label_set_text (self->user_details_label, details->str);
  g_string_free (details, TRUE);

  /* Translators: the user menu button's tooltip; %s is the user's full name */
  tooltip = g_strdup_printf (_("Logged in as %s"), sl_session_get_full_name (session));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_button), tooltip);
  adw_view_switcher_title_set_subtitle (self->switcher_title, sl_session_get_full_name (session));

  for (guint i = 0; i < SL_N_PAGES; i++)
    {
      AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->pages[i]));
      const SlPageInfo *info = sl_page_get_info (i);

      adw_view_stack_page_set_visible (page, sl_pages_contains (pages, i));
      if (self->training_notes[i] != NULL)
        gtk_widget_set_visible (self->training_notes[i], lapsed && info->needs_training);
    }

  if (sl_pages_contains (pages, SL_PAGE_LIVE))
    sl_live_page_set_session (self->live_page, session);
  if (sl_pages_contains (pages, SL_PAGE_SEARCH))
    sl_search_page_set_session (self->search_page, session);
  if (sl_pages_contains (pages, SL_PAGE_MAP))
    sl_map_page_set_session (self->map_page, session);
  if (sl_pages_contains (pages, SL_PAGE_HOTLISTS))
    sl_hotlists_page_set_session (self->hotlists_page, session);
  if (sl_pages_contains (pages, SL_PAGE_REQUESTS))
    sl_requests_page_set_session (self->requests_page, session);
  if (sl_pages_contains (pages, SL_PAGE_AUDIT))
    sl_audit_page_set_session (self->audit_page, session);
  if (sl_pages_contains (pages, SL_PAGE_REPORTS))
    sl_reports_page_set_session (self->reports_page, session);
  if (sl_pages_contains (pages, SL_PAGE_ADMIN))
    sl_admin_page_set_session (self->admin_page, session);

  /* Keep the page in view if the roles still allow it, else show the first. */
  if (visible == NULL || !sl_pages_contains (pages, sl_page_find (visible)->page))
    {
      for (guint i = 0; i < SL_N_PAGES; i++)
        if (sl_pages_contains (pages, i))
          {
            adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->pages[i]));
            break;
          }
    }

  gtk_stack_set_visible_child_name (self->content_stack, pages != 0 ? "pages" : "no-access");

  gtk_label_set_text (self->training_label, training != NULL ? training : "");
  gtk_revealer_set_reveal_child (self->training_revealer, training != NULL);
}

static void
update_unlock_state (SlWindow *self)
{
  SlLoginState state = {
    .server = sl_client_get_server (self->client),
    .username = sl_session_get_username (self->session),
    .password = gtk_editable_get_text (GTK_EDITABLE (self->unlock_password_row)),
    .totp = gtk_editable_get_text (GTK_EDITABLE (self->unlock_totp_row)),
    .totp_required = self->unlock_totp_required,
    .notice_acknowledged = TRUE,
    .busy = self->unlocking,
  };

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), sl_login_state_can_submit (&state));
}

static void
set_unlocking (SlWindow *self,
               gboolean  unlocking)
{
  self->unlocking = !!unlocking;
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_spinner), unlocking);
  gtk_spinner_set_spinning (self->unlock_spinner, unlocking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_password_row), !unlocking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_totp_row), !unlocking);
  update_unlock_state (self);
}

static void
show_unlock_error (SlWindow   *self,
                   const char *message)
{
  gtk_label_set_text (self->unlock_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_error_label), message != NULL);
}

static void
unlock (SlWindow *self)
{
  self->locked = FALSE;
  self->last_activity_us = g_get_monotonic_time ();

  gtk_editable_set_text (GTK_EDITABLE (self->unlock_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_totp_row), "");
  show_unlock_error (self, NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "session");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-activity", TRUE);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlWindow) self = user_data;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sl_client_login_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_unlocking (self, FALSE);

  if (session == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s. %s", sl_login_error_title (error),
                                                  error->message);

      show_unlock_error (self, message);
      if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TOTP_REQUIRED) ||
          g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_TOTP_INVALID))
        {
          self->unlock_totp_required = TRUE;
          gtk_widget_set_visible (GTK_WIDGET (self->unlock_totp_row), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->unlock_totp_row));
        }
      else
        {
          gtk_editable_set_text (GTK_EDITABLE (self->unlock_password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->unlock_password_row));
        }
      update_unlock_state (self);
      return;
    }

  g_clear_pointer (&self->session, sl_session_unref);
  self->session = g_steal_pointer (&session);
  apply_session (self);
  unlock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
unlock_clicked_cb (SlWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->unlock_password_row));
  const char *totp = gtk_editable_get_text (GTK_EDITABLE (self->unlock_totp_row));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->unlock_button)))
    return;

  g_cancellable_cancel (self->unlock_cancellable);
  g_clear_object (&self->unlock_cancellable);
  self->unlock_cancellable = g_cancellable_new ();

  show_unlock_error (self, NULL);
  set_unlocking (self, TRUE);

  /* The same person continues: the username is the session's, not typed. */
  sl_client_login_async (self->client, sl_session_get_username (self->session), password,
                         self->unlock_totp_required ? totp : NULL, TRUE,
                         self->unlock_cancellable, unlock_cb, g_object_ref (self));
}

static void
unlock_changed_cb (SlWindow *self)
{
  update_unlock_state (self);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  SlWindow *self = user_data;
  guint minutes = g_settings_get_uint (self->settings, "idle-lock-minutes");

  if (!self->locked &&
      sl_idle_lock_is_due (self->last_activity_us, g_get_monotonic_time (), minutes))
    {
      g_autofree char *reason =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Locked after %u minute without activity.",
                                      "Locked after %u minutes without activity.",
                                      sl_idle_lock_clamp_minutes (minutes)),
                         sl_idle_lock_clamp_minutes (minutes));
      sl_window_lock (self, reason);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             SlWindow                 *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity_us = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
session_ended_cb (SlWindow     *self,
                  const GError *error,
                  SlClient     *client)
{
  g_autofree char *reason = g_strdup_printf (_("Your session ended: %s"), error->message);

  sl_window_lock (self, reason);
}

static void
live_unseen_cb (SlWindow   *self,
                GParamSpec *pspec,
                SlLivePage *live_page)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (live_page));
  guint unseen = sl_live_page_get_unseen_alerts (live_page);

  /* Alerts that came while another page was shown are counted on the tab. */
  adw_view_stack_page_set_badge_number (page, unseen);
  adw_view_stack_page_set_needs_attention (page, unseen > 0);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sl_window_lock (SL_WINDOW (widget), NULL);
}

static void
logout_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  g_cancellable_cancel (self->unlock_cancellable);

  if (SL_IS_APPLICATION (application))
    sl_application_log_out (SL_APPLICATION (application));
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  guint n = g_variant_get_uint32 (parameter);
  SlPages pages = sl_window_get_visible_pages (self);

  /* Alt+n shows the n-th page the user has, counting from 1. */
  for (guint i = 0; i < SL_N_PAGES; i++)
    {
      if (!sl_pages_contains (pages, i))
        continue;
      if (--n == 0)
        {
          adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->pages[i]));
          return;
        }
    }

  gtk_widget_error_bell (widget);
}

static void
close_activity (SlWindow *self)
{
  SlActivityWindow *activity = g_steal_pointer (&self->activity_window);

  if (activity == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (activity), (gpointer *) &self->activity_window);
  g_signal_handlers_disconnect_by_data (activity, self);
  gtk_window_destroy (GTK_WINDOW (activity));
}

static gboolean
activity_close_request_cb (SlWindow         *self,
                           SlActivityWindow *activity)
{
  close_activity (self);
  return GDK_EVENT_STOP;
}

static void
show_activity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  gtk_popover_popdown (self->user_popover);
  if (self->activity_window == NULL)
    {
      self->activity_window = sl_activity_window_new (GTK_WINDOW (self), self->client);
      /* Closed by the user, or destroyed with the other windows at logout. */
      g_signal_connect_swapped (self->activity_window, "close-request",
                                G_CALLBACK (activity_close_request_cb), self);
      g_object_add_weak_pointer (G_OBJECT (self->activity_window), (gpointer *) &self->activity_window);
    }
  gtk_window_present (GTK_WINDOW (self->activity_window));
}

static void
sl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SlWindow *self = SL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SESSION:
      g_value_set_boxed (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SlWindow *self = SL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;
    case PROP_SESSION:
      g_clear_pointer (&self->session, sl_session_unref);
      self->session = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_window_constructed (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  G_OBJECT_CLASS (sl_window_parent_class)->constructed (object);

  g_assert (SL_IS_CLIENT (self->client));
  g_assert (self->session != NULL);

  g_signal_connect_object (self->client, "session-ended",
                           G_CALLBACK (session_ended_cb), self, G_CONNECT_SWAPPED);

  sl_live_page_set_client (self->live_page, self->client);
  sl_search_page_set_client (self->search_page, self->client);
  sl_map_page_set_client (self->map_page, self->client);
  sl_hotlists_page_set_client (self->hotlists_page, self->client);
  sl_requests_page_set_client (self->requests_page, self->client);
  sl_requests_page_set_map_page (self->requests_page, self->map_page);
  sl_map_page_set_search_page (self->map_page, self->search_page);
  sl_map_page_set_settings (self->map_page, self->settings);
  sl_audit_page_set_client (self->audit_page, self->client);
  sl_reports_page_set_client (self->reports_page, self->client);
  sl_admin_page_set_client (self->admin_page, self->client);
  g_signal_connect_object (self->live_page, "notify::unseen-alerts",
                           G_CALLBACK (live_unseen_cb), self, G_CONNECT_SWAPPED);
  /* The alert settings are in the main menu too. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "live",
                                  sl_live_page_get_actions (self->live_page));
  apply_session (self);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  close_activity (self);
  g_cancellable_cancel (self->unlock_cancellable);
  g_clear_object (&self->unlock_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->session, sl_session_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_window_get_property;
  object_class->set_property = sl_window_set_property;
  object_class->constructed = sl_window_constructed;
  object_class->dispose = sl_window_dispose;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SL_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, SL_TYPE_SESSION,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_popover);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_avatar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_name_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_roles_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, user_details_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, training_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, lock_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlock_password_row);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlock_totp_row);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlock_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlock_spinner);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "u", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-activity", NULL, show_activity_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.logout", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-activity", NULL);
  for (guint i = 0; i < SL_N_PAGES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "u", i + 1);
}

static void
sl_window_init (SlWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  create_pages (self);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->last_activity_us = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);
}

/**
 * sl_window_new:
 * @application: (nullable): the application
 * @client: the client, logged in
 * @session: the session it holds
 *
 * Returns: (transfer none): a new main window
 */
SlWindow *
sl_window_new (SlApplication *application,
               SlClient      *client,
               SlSession     *session)
{
  g_return_val_if_fail (!application || SL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  return g_object_new (SL_TYPE_WINDOW,
                       "application", application,
                       "client", client,
                       "session", session,
                       NULL);
}

/**
 * sl_window_get_session:
 *
 * Returns: (transfer none): the current session; it changes on unlock
 */
SlSession *
sl_window_get_session (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * sl_window_get_visible_pages:
 *
 * Returns: the pages the window shows now, read from its view stack
 */
SlPages
sl_window_get_visible_pages (SlWindow *self)
{
  SlPages pages = 0;

  g_return_val_if_fail (SL_IS_WINDOW (self), 0);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "pages") != 0)
    return 0;

  for (guint i = 0; i < SL_N_PAGES; i++)
    {
      AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->pages[i]));

      if (adw_view_stack_page_get_visible (page))
        pages |= SL_PAGE_BIT (i);
    }

  return pages;
}

/**
 * sl_window_get_activity_window:
 *
 * Returns: (nullable) (transfer none): "My Activity", while it is open
 */
SlActivityWindow *
sl_window_get_activity_window (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->activity_window;
}

/**
 * sl_window_lock:
 * @reason: (nullable): why, shown on the lock page
 *
 * Hides the window's contents until the user enters their password again.
 */
void
sl_window_lock (SlWindow   *self,
                const char *reason)
{
  g_autofree char *description = NULL;
  g_autofree char *prompt = NULL;

  g_return_if_fail (SL_IS_WINDOW (self));

  gtk_popover_popdown (self->user_popover);
  /* What it showed is hidden with the rest. */
  close_activity (self);

  /* Translators: %s is the user's username */
  prompt = g_strdup_printf (_("Enter the password of %s to continue."),
                            sl_session_get_username (self->session));
  description = reason != NULL ? g_strconcat (reason, "\n", prompt, NULL) : g_strdup (prompt);
  adw_status_page_set_description (self->lock_page, description);

  if (self->locked)
    return;

  self->locked = TRUE;
  self->unlock_totp_required = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_totp_row), FALSE);
  show_unlock_error (self, NULL);
  update_unlock_state (self);

  gtk_stack_set_visible_child_name (self->main_stack, "locked");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->unlock_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_password_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-activity", FALSE);
}

gboolean
sl_window_get_locked (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);
  return self->locked;
}
