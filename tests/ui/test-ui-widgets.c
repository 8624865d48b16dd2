#define G_LOG_DOMAIN "sl-test-ui-widgets"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#ifdef HAVE_RTSP_SERVER
#include <gst/rtsp-server/rtsp-server.h>
#endif

#include "sl-activity-window.h"
#include "sl-admin-page.h"
#include "sl-alert-detail.h"
#include "sl-alert-sound.h"
#include "sl-application.h"
#include "sl-audit-page.h"
#include "sl-camera-tile.h"
#include "sl-client-call.h"
#include "sl-disposition-dialog.h"
#include "sl-hotlists-page.h"
#include "sl-json.h"
#include "sl-live-page.h"
#include "sl-login-window.h"
#include "sl-map-page.h"
#include "sl-pages.h"
#include "sl-reports-page.h"
#include "sl-requests-page.h"
#include "sl-search-page.h"
#include "sl-test-mbtiles.h"
#include "sl-test-service.h"
#include "sl-video-paintable.h"
#include "sl-window.h"

/* The login window and the main window, alone and against a real service.
 * Runs under Xvfb; without a display every test is skipped. With
 * SL_SCREENSHOT_DIR set, screens are captured with ImageMagick's import. */

static SlTestService *service;
static SlApplication *shared_app;
static char *rtsp_url;   /* the test camera's video, or NULL without gst-rtsp-server */

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

#define LOGIN(w, name) child (w, SL_TYPE_LOGIN_WINDOW, name)
#define MAIN(w, name)  child (w, SL_TYPE_WINDOW, name)

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }

  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
settle (guint ms)
{
  wait_for (never, NULL, ms);
}

static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("SL_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  if (dir == NULL)
    return;

  settle (700);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                              "import", "-window", "root", path, NULL);
  if (process == NULL || !g_subprocess_wait (process, NULL, &error))
    g_warning ("No screenshot %s: %s", path, error->message);
}

static void
destroy_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  settle (50);
}

static SlSession *
session_for (const char *username,
             const char *full_name,
             const char *roles,
             const char *training)
{
  g_autofree char *json = g_strdup_printf (
    "{\"token\":\"t-%s\",\"expires_at\":\"2030-01-01T00:00:00Z\","
    "\"user\":{\"username\":\"%s\",\"full_name\":\"%s\",\"badge\":\"4711\","
    "\"organization\":\"CA0010900\",\"roles\":%s},"
    "\"training\":{\"status\":\"%s\",\"completed_on\":\"2024-03-01\",\"expires_on\":\"2025-03-01\","
    "\"interval_days\":365}}",
    username, username, full_name, roles, training);
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  SlSession *session = sl_session_new_from_json (object, &error);

  g_assert_no_error (error);
  return session;
}

/* ---- the login window alone ---- */

static void
test_login_window_builds (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlLoginWindow *window = sl_login_window_new (NULL, client);

  gtk_window_present (GTK_WINDOW (window));
  settle (50);

  g_assert_nonnull (strstr (sl_login_window_get_notice (window), "restricted law enforcement system"));
  g_assert_false (gtk_widget_get_visible (LOGIN (window, "totp_row")));
  g_assert_false (gtk_widget_get_sensitive (LOGIN (window, "login_button")));
  g_assert_false (gtk_check_button_get_active (LOGIN (window, "acknowledge_check")));
  g_assert_false (gtk_revealer_get_reveal_child (LOGIN (window, "error_revealer")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == LOGIN (window, "login_button"));

  destroy_all_windows ();
}

static void
test_login_button_needs_acknowledgement (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlLoginWindow *window = sl_login_window_new (NULL, client);
  GtkWidget *button = LOGIN (window, "login_button");
  GtkCheckButton *acknowledge = LOGIN (window, "acknowledge_check");

  gtk_window_present (GTK_WINDOW (window));
  sl_login_window_set_fields (window, "https://sightline.invalid", NULL, "officer");
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_editable_set_text (LOGIN (window, "password_row"), "Correct-Horse-42");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Acknowledge the use notice to log in");

  gtk_check_button_set_active (acknowledge, TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));

  gtk_editable_set_text (LOGIN (window, "username_row"), "");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (LOGIN (window, "username_row"), "officer");
  g_assert_true (gtk_widget_get_sensitive (button));

  gtk_check_button_set_active (acknowledge, FALSE);
  g_assert_false (gtk_widget_get_sensitive (button));

  destroy_all_windows ();
}

/* ---- the main window alone ---- */

static SlWindow *
main_window_for (SlClient   *client,
                 const char *roles,
                 const char *training)
{
  g_autoptr(SlSession) session = session_for ("jdoe", "Jordan Doe", roles, training);
  SlWindow *window = sl_window_new (NULL, client, session);

  gtk_window_present (GTK_WINDOW (window));
  settle (20);
  return window;
}

static void
test_main_window_pages_follow_roles (void)
{
  static const struct {
    const char *roles;
    SlRoles     flags;
  } cases[] = {
    { "[\"officer\"]", SL_ROLE_OFFICER },
    { "[\"auditor\"]", SL_ROLE_AUDITOR },
    { "[\"records\"]", SL_ROLE_RECORDS },
    { "[\"administrator\"]", SL_ROLE_ADMINISTRATOR },
    { "[\"officer\",\"supervisor\"]", SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR },
  };
  g_autoptr(SlClient) client = sl_client_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SlWindow *window = main_window_for (client, cases[i].roles, "current");

      g_assert_cmpuint (sl_window_get_visible_pages (window), ==, sl_pages_for_roles (cases[i].flags));
      g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_name_label")), ==, "Jordan Doe");
      g_assert_nonnull (strstr (gtk_label_get_text (MAIN (window, "user_details_label")), "4711"));
      g_assert_false (gtk_revealer_get_reveal_child (MAIN (window, "training_revealer")));
      destroy_all_windows ();
    }
}

static void
test_main_window_auditor_sees_audit_and_reports (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlWindow *window = main_window_for (client, "[\"auditor\"]", "current");
  AdwViewStack *stack = MAIN (window, "view_stack");

  g_assert_cmpuint (sl_window_get_visible_pages (window), ==,
                    SL_PAGE_BIT (SL_PAGE_AUDIT) | SL_PAGE_BIT (SL_PAGE_REPORTS));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "audit");
  g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_roles_label")), ==, "Auditor");

  destroy_all_windows ();
}

static void
test_main_window_no_role (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlWindow *window = main_window_for (client, "[]", "current");

  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (MAIN (window, "content_stack")), ==, "no-access");

  destroy_all_windows ();
}

static void
test_main_window_training_banner (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlWindow *window = main_window_for (client, "[\"officer\"]", "expired");

  g_assert_true (gtk_revealer_get_reveal_child (MAIN (window, "training_revealer")));
  g_assert_nonnull (strstr (gtk_label_get_text (MAIN (window, "training_label")), "expired on 2025-03-01"));
  /* A lapsed officer still sees the pages, and why they are unavailable. */
  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, sl_pages_for_roles (SL_ROLE_OFFICER));
  screenshot ("main-lapsed");

  destroy_all_windows ();
}

/* A month before training lapses, the member is told, and keeps every page. */
static void
test_main_window_training_expiring (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 10);
  g_autofree char *expires_on = g_date_time_format (soon, "%Y-%m-%d");
  g_autofree char *json = g_strdup_printf (
    "{\"token\":\"t-soon\",\"expires_at\":\"2030-01-01T00:00:00Z\","
    "\"user\":{\"username\":\"soon\",\"full_name\":\"Sam Soon\",\"badge\":\"1\","
    "\"organization\":\"CA0010900\",\"roles\":[\"officer\"]},"
    "\"training\":{\"status\":\"current\",\"completed_on\":\"2025-01-01\",\"expires_on\":\"%s\","
    "\"interval_days\":365}}", expires_on);
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(SlSession) session = sl_session_new_from_json (object, NULL);
  SlWindow *window = sl_window_new (NULL, client, session);

  gtk_window_present (GTK_WINDOW (window));
  settle (20);
  g_assert_true (gtk_revealer_get_reveal_child (MAIN (window, "training_revealer")));
  g_assert_nonnull (strstr (gtk_label_get_text (MAIN (window, "training_label")), expires_on));
  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, sl_pages_for_roles (SL_ROLE_OFFICER));
  screenshot ("main-training-expiring");
  destroy_all_windows ();
}

static gboolean
unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
test_main_window_lock_hides_contents (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlWindow *window = NULL;
  GtkWidget *unlock;

  g_assert_true (sl_client_set_server (client, "https://sightline.invalid", NULL));
  window = main_window_for (client, "[\"officer\"]", "current");
  unlock = MAIN (window, "unlock_button");

  g_assert_false (sl_window_get_locked (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  settle (20);

  g_assert_true (sl_window_get_locked (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (MAIN (window, "main_stack")), ==, "locked");
  /* Once the crossfade ends, nothing of the session is on screen. */
  g_assert_true (wait_for (unmapped, MAIN (window, "view_stack"), 2000));
  g_assert_false (gtk_widget_get_mapped (MAIN (window, "user_button")));
  g_assert_false (gtk_widget_get_sensitive (unlock));
  gtk_editable_set_text (MAIN (window, "unlock_password_row"), "something");
  g_assert_true (gtk_widget_get_sensitive (unlock));
  screenshot ("locked");

  destroy_all_windows ();
}

/* ---- against the real service ---- */

typedef struct
{
  SlApplication *app;
  SlLoginWindow *login;
} Flow;

static gboolean
notice_is_agencys (gpointer data)
{
  SlLoginWindow *window = data;

  return strstr (sl_login_window_get_notice (window), "You are entering") != NULL;
}

static gboolean
login_settled (gpointer data)
{
  Flow *flow = data;

  if (sl_application_get_main_window (flow->app) != NULL)
    return TRUE;

  return !sl_login_window_get_busy (flow->login) &&
         gtk_revealer_get_reveal_child (LOGIN (flow->login, "error_revealer"));
}

static void
flow_open (Flow       *flow,
           const char *url)
{
  g_autoptr(GError) error = NULL;

  /* One application for all tests: its object path stays on the bus. */
  if (shared_app == NULL)
    {
      shared_app = sl_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app),
                               G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
      g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, &error));
      g_assert_no_error (error);
    }
  flow->app = shared_app;

  flow->login = SL_LOGIN_WINDOW (sl_application_show_login (flow->app));
  sl_login_window_set_fields (flow->login, url, NULL, NULL);
}

static void
flow_log_in (Flow       *flow,
             const char *username,
             const char *password,
             gboolean    reachable)
{
  GtkWidget *button = LOGIN (flow->login, "login_button");

  gtk_editable_set_text (LOGIN (flow->login, "username_row"), username);
  gtk_editable_set_text (LOGIN (flow->login, "password_row"), password);

  /* The agency's notice replaces the built-in one; acknowledge that one. */
  if (reachable)
    g_assert_true (wait_for (notice_is_agencys, flow->login, 10000));

  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_check_button_set_active (LOGIN (flow->login, "acknowledge_check"), TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_assert_true (gtk_widget_activate (button));
  g_assert_true (wait_for (login_settled, flow, 20000));
}

static void
flow_close (Flow *flow)
{
  destroy_all_windows ();
  sl_client_set_token (sl_application_get_client (flow->app), NULL);
  flow->app = NULL;
}

static gboolean
skip_without_service (void)
{
  if (service != NULL)
    return FALSE;

  g_test_skip ("no sightlined: set SIGHTLINED to a built service");
  return TRUE;
}

static void
test_e2e_officer_logs_in (void)
{
  Flow flow = { 0 };
  SlWindow *window;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  g_assert_true (wait_for (notice_is_agencys, flow.login, 10000));
  g_assert_cmpstr (gtk_label_get_text (LOGIN (flow.login, "agency_label")), ==,
                   "Sightline Demonstration Police Department");
  gtk_editable_set_text (LOGIN (flow.login, "username_row"), "officer");
  screenshot ("login");

  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);

  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_name_label")), ==, "Olivia Officer");
  g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_roles_label")), ==, "Officer");
  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, sl_pages_for_roles (SL_ROLE_OFFICER));
  g_assert_false (gtk_revealer_get_reveal_child (MAIN (window, "training_revealer")));
  g_assert_nonnull (sl_client_get_token (sl_application_get_client (flow.app)));

  /* The username is remembered for the next login. */
  {
    g_autofree char *last = g_settings_get_string (sl_application_get_settings (flow.app), "last-username");
    g_assert_cmpstr (last, ==, "officer");
  }
  screenshot ("main-officer");

  gtk_menu_button_popup (MAIN (window, "user_button"));
  screenshot ("user-menu");
  gtk_menu_button_popdown (MAIN (window, "user_button"));

  flow_close (&flow);
}

static void
test_e2e_auditor_pages (void)
{
  Flow flow = { 0 };
  SlWindow *window;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "auditor", SL_TEST_PASSWORD, TRUE);

  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_name_label")), ==, "Avery Auditor");
  g_assert_cmpuint (sl_window_get_visible_pages (window), ==,
                    SL_PAGE_BIT (SL_PAGE_AUDIT) | SL_PAGE_BIT (SL_PAGE_REPORTS));
  screenshot ("main-auditor");

  flow_close (&flow);
}

static void
test_e2e_wrong_password (void)
{
  Flow flow = { 0 };

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "records", "not-the-password", TRUE);

  g_assert_null (sl_application_get_main_window (flow.app));
  g_assert_true (gtk_revealer_get_reveal_child (LOGIN (flow.login, "error_revealer")));
  g_assert_cmpstr (gtk_label_get_text (LOGIN (flow.login, "error_title")), ==, "Wrong Username or Password");
  g_assert_cmpstr (gtk_label_get_text (LOGIN (flow.login, "error_label")), !=, "");
  /* The wrong password is gone, the username stays. */
  g_assert_cmpstr (gtk_editable_get_text (LOGIN (flow.login, "password_row")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (LOGIN (flow.login, "username_row")), ==, "records");
  g_assert_false (gtk_widget_get_sensitive (LOGIN (flow.login, "login_button")));
  screenshot ("login-wrong-password");

  flow_close (&flow);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
fail_login (const char *username)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) session = NULL;
  GAsyncResult *result = NULL;

  g_assert_true (sl_client_set_server (client, sl_test_service_get_url (service), NULL));
  sl_client_login_async (client, username, "not-the-password", NULL, TRUE, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  session = sl_client_login_finish (client, result, &error);
  g_assert_null (session);
  g_clear_object (&result);
}

static void
test_e2e_locked_account (void)
{
  Flow flow = { 0 };

  if (skip_without_service ())
    return;

  for (guint i = 0; i < 5; i++)
    fail_login ("unlucky");

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "unlucky", SL_TEST_PASSWORD, TRUE);

  g_assert_null (sl_application_get_main_window (flow.app));
  g_assert_cmpstr (gtk_label_get_text (LOGIN (flow.login, "error_title")), ==, "Account Locked");
  g_assert_true (gtk_widget_get_visible (LOGIN (flow.login, "error_hint")));
  g_assert_nonnull (strstr (gtk_label_get_text (LOGIN (flow.login, "error_hint")), "ALPR Administrator"));
  screenshot ("login-locked");

  flow_close (&flow);
}

static void
test_e2e_unreachable (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = NULL;
  Flow flow = { 0 };
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  flow_open (&flow, url);
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, FALSE);

  g_assert_null (sl_application_get_main_window (flow.app));
  g_assert_cmpstr (gtk_label_get_text (LOGIN (flow.login, "error_title")), ==, "Cannot Reach the Server");
  g_assert_nonnull (strstr (gtk_label_get_text (LOGIN (flow.login, "error_label")), "127.0.0.1"));

  flow_close (&flow);
}

static void
test_e2e_lapsed_training (void)
{
  Flow flow = { 0 };
  SlWindow *window;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "lapsed", SL_TEST_PASSWORD, TRUE);

  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  g_assert_true (gtk_revealer_get_reveal_child (MAIN (window, "training_revealer")));
  g_assert_nonnull (strstr (gtk_label_get_text (MAIN (window, "training_label")), "expired"));

  flow_close (&flow);
}

static gboolean
unlocked (gpointer data)
{
  return !sl_window_get_locked (data);
}

static gboolean
login_shown_again (gpointer data)
{
  Flow *flow = data;

  return sl_application_get_main_window (flow->app) == NULL;
}

static void
test_e2e_lock_unlock_logout (void)
{
  Flow flow = { 0 };
  SlClient *client;
  SlWindow *window;
  g_autofree char *first_token = NULL;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "sergeant", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  client = sl_application_get_client (flow.app);
  first_token = g_strdup (sl_client_get_token (client));

  sl_window_lock (window, NULL);
  g_assert_true (sl_window_get_locked (window));

  /* A wrong password keeps it locked. */
  gtk_editable_set_text (MAIN (window, "unlock_password_row"), "not-the-password");
  gtk_widget_activate (MAIN (window, "unlock_button"));
  settle (1500);
  g_assert_true (sl_window_get_locked (window));
  g_assert_true (gtk_widget_get_visible (MAIN (window, "unlock_error_label")));

  /* The right one opens it again with a new token. */
  gtk_editable_set_text (MAIN (window, "unlock_password_row"), SL_TEST_PASSWORD);
  gtk_widget_activate (MAIN (window, "unlock_button"));
  g_assert_true (wait_for (unlocked, window, 10000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (MAIN (window, "main_stack")), ==, "session");
  g_assert_cmpstr (sl_client_get_token (client), !=, first_token);
  g_assert_cmpstr (gtk_label_get_text (MAIN (window, "user_name_label")), ==, "Sam Sergeant");

  /* Logging out closes the window and shows the login window again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.logout", NULL));
  g_assert_true (wait_for (login_shown_again, &flow, 5000));
  g_assert_null (sl_client_get_token (client));
  flow.login = SL_LOGIN_WINDOW (sl_application_show_login (flow.app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (flow.login)));
  g_assert_cmpstr (gtk_editable_get_text (LOGIN (flow.login, "username_row")), ==, "sergeant");
  g_assert_cmpstr (gtk_editable_get_text (LOGIN (flow.login, "password_row")), ==, "");

  flow_close (&flow);
}

/* ---- a notification server on the test's session bus ---- */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static guint n_notifications;
static char *last_notification;   /* "summary\nbody" */

static void
notifications_call_cb (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL;
      const char *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_free (last_notification);
      last_notification = g_strdup_printf ("%s\n%s", summary, body);
      n_notifications++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n_notifications));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "sightline", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = NULL;

  if (bus == NULL)
    return;

  info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
}

static gboolean
notified (gpointer data)
{
  return n_notifications >= GPOINTER_TO_UINT (data);
}

/* ---- the camera's video, served here ---- */

#ifdef HAVE_RTSP_SERVER
#define RTSP_MOUNT "/cam"
#define RTSP_LAUNCH "( videotestsrc pattern=ball is-live=true " \
                    "! video/x-raw,format=I420,width=640,height=360,framerate=15/1 " \
                    "! jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26 )"

static GstRTSPServer *rtsp_server;
static guint rtsp_source;

static void
rtsp_mount (void)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (rtsp_server);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();

  gst_rtsp_media_factory_set_launch (factory, RTSP_LAUNCH);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_mount_points_add_factory (mounts, RTSP_MOUNT, factory);
}

static GstRTSPFilterResult
drop_client_cb (GstRTSPServer *server,
                GstRTSPClient *client,
                gpointer       user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

/* The camera goes away: its clients are dropped and it answers no more. */
static void
rtsp_unmount (void)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (rtsp_server);

  gst_rtsp_mount_points_remove_factory (mounts, RTSP_MOUNT);
  g_list_free_full (gst_rtsp_server_client_filter (rtsp_server, drop_client_cb, NULL), g_object_unref);
}

static void
rtsp_start (void)
{
  sl_media_init ();
  rtsp_server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (rtsp_server, "127.0.0.1");
  gst_rtsp_server_set_service (rtsp_server, "0");
  rtsp_mount ();
  rtsp_source = gst_rtsp_server_attach (rtsp_server, NULL);
  rtsp_url = g_strdup_printf ("rtsp://127.0.0.1:%d" RTSP_MOUNT, gst_rtsp_server_get_bound_port (rtsp_server));
}

static void
rtsp_stop (void)
{
  if (rtsp_server == NULL)
    return;
  g_list_free_full (gst_rtsp_server_client_filter (rtsp_server, drop_client_cb, NULL), g_object_unref);
  g_clear_handle_id (&rtsp_source, g_source_remove);
  g_clear_object (&rtsp_server);
}
#endif

static gboolean
video_playing (gpointer data)
{
  return sl_video_paintable_get_state (data) == SL_VIDEO_PLAYING &&
         sl_video_paintable_get_n_frames (data) >= 3;
}

static gboolean
video_retrying (gpointer data)
{
  return sl_video_paintable_get_state (data) == SL_VIDEO_RETRYING;
}

static void
test_video_plays_and_reconnects (void)
{
#ifdef HAVE_RTSP_SERVER
  g_autoptr(SlVideoPaintable) video = sl_video_paintable_new ();
  guint64 frames;

  sl_video_paintable_set_retry_interval (video, 300, 3000);
  sl_video_paintable_set_uri (video, rtsp_url);
  g_assert_cmpint (sl_video_paintable_get_state (video), ==, SL_VIDEO_STOPPED);

  sl_video_paintable_play (video);
  g_assert_true (wait_for (video_playing, video, 15000));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (video)), ==, 640);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (video)), ==, 360);
  g_assert_nonnull (sl_video_paintable_get_texture (video));

  /* The camera stops: the video says so and keeps trying. */
  rtsp_unmount ();
  g_assert_true (wait_for (video_retrying, video, 15000));
  g_assert_null (sl_video_paintable_get_texture (video));
  g_assert_nonnull (sl_video_paintable_get_error (video));
  frames = sl_video_paintable_get_n_frames (video);

  /* It comes back by itself once the camera does. */
  rtsp_mount ();
  g_assert_true (wait_for (video_playing, video, 20000));
  g_assert_cmpuint (sl_video_paintable_get_n_frames (video), >, frames);

  sl_video_paintable_stop (video);
  g_assert_cmpint (sl_video_paintable_get_state (video), ==, SL_VIDEO_STOPPED);
#else
  g_test_skip ("no gst-rtsp-server to serve a camera");
#endif
}

/* ---- the alert detail alone ---- */

/* An alert that hit through @matched, the read's plate or an alternative. */
static SlAlert *
fixture_alert_matched (const char *state,
                       const char *kind,
                       const char *read_plate,
                       const char *matched,
                       const char *differing,
                       const char *entry_plate)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":17,\"created_at\":\"2026-11-23T14:50:01Z\",\"state\":\"%s\",\"retro\":false,"
    "\"disposition\":null,\"match\":{\"kind\":\"%s\",\"matched_plate\":\"%s\",\"differing\":%s},"
    "\"read\":{\"id\":991,\"plate\":\"%s\",\"region\":\"CA\",\"captured_at\":\"2026-11-23T14:50:00Z\","
    "\"confidence\":88.4,\"camera\":{\"id\":1,\"name\":\"Broadway & 14th St\"},\"lat\":37.8044,"
    "\"lon\":-122.2712,\"heading\":270,\"plate_image_url\":null,\"overview_image_url\":null,"
    "\"vehicle\":{\"make\":\"Honda\",\"model\":\"Civic\",\"color\":\"silver\",\"type\":\"sedan\"}},"
    "\"entry\":{\"id\":5,\"plate\":\"%s\",\"region\":\"CA\",\"category\":\"stolen_vehicle\","
    "\"case_number\":\"26-000123\",\"synopsis\":\"Silver Civic taken from a driveway on 38th St\","
    "\"entered_by\":\"sergeant\",\"list\":{\"id\":1,\"name\":\"Stolen Vehicles (NCIC)\","
    "\"alert_level\":\"high\",\"priority\":0,\"covert\":false}},"
    "\"history\":[{\"state\":\"new\",\"at\":\"2026-11-23T14:50:01Z\",\"by\":null,\"note\":null}]}",
    state, kind, matched, differing, read_plate, entry_plate);
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  SlAlert *alert = sl_alert_new_from_json (object, &error);

  g_assert_no_error (error);
  return alert;
}

static SlAlert *
fixture_alert (const char *state,
               const char *kind,
               const char *read_plate,
               const char *differing,
               const char *entry_plate)
{
  return fixture_alert_matched (state, kind, read_plate, read_plate, differing, entry_plate);
}

static GtkWidget *
detail_window (SlAlert *alert,
               SlRoles  roles)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *detail = sl_alert_detail_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  adw_window_set_content (ADW_WINDOW (window), detail);
  sl_alert_detail_set_roles (SL_ALERT_DETAIL (detail), roles);
  sl_alert_detail_set_alert (SL_ALERT_DETAIL (detail), alert);
  gtk_window_present (GTK_WINDOW (window));
  settle (50);
  return detail;
}

#define DETAIL(w, name) child (w, SL_TYPE_ALERT_DETAIL, name)

static void
test_detail_buttons_follow_state_machine (void)
{
  g_autoptr(SlAlert) alert = fixture_alert ("new", "tolerant", "7A8C123", "[2]", "7ABC123");
  SlAlertDetail *detail = SL_ALERT_DETAIL (detail_window (alert, SL_ROLE_OFFICER));
  GtkWidget *verify;
  GtkWidget *misread;

  /* The reminder is there, every time. */
  g_assert_true (gtk_widget_is_visible (DETAIL (detail, "reminder_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (DETAIL (detail, "reminder_label")),
                            "An alert alone is not grounds for a stop"));
  g_assert_cmpstr (adw_action_row_get_subtitle (DETAIL (detail, "match_row")), ==,
                   "Look-alike character at position 3");
  g_assert_nonnull (strstr (gtk_label_get_label (DETAIL (detail, "read_plate_label")), ">8</span>"));
  g_assert_cmpstr (adw_action_row_get_subtitle (DETAIL (detail, "case_row")), ==, "26-000123");

  /* Only the next states of "new". */
  g_assert_cmpuint (sl_alert_detail_get_n_action_buttons (detail), ==, 2);
  verify = sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED);
  misread = sl_alert_detail_get_action_button (detail, SL_ALERT_MISREAD);
  g_assert_nonnull (verify);
  g_assert_nonnull (misread);
  g_assert_null (sl_alert_detail_get_action_button (detail, SL_ALERT_CLOSED));
  g_assert_true (gtk_widget_get_sensitive (verify));
  g_assert_false (gtk_widget_get_sensitive (misread));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (misread), ==, "Write a note first: say what was found");
  screenshot ("alert-detail-new");

  gtk_editable_set_text (DETAIL (detail, "note_entry"), "Plate reads 7A8C123, not on the list");
  misread = sl_alert_detail_get_action_button (detail, SL_ALERT_MISREAD);
  g_assert_true (gtk_widget_get_sensitive (misread));

  destroy_all_windows ();
}

/* A hit through the reader's alternative shows that reading beside the
 * entry, its look-alike marked there and not in the read. */
static void
test_detail_candidate_beside_entry (void)
{
  g_autoptr(SlAlert) alert = fixture_alert_matched ("new", "candidate", "ZZZ0000", "8XY2999", "[3]", "8XYZ999");
  g_autoptr(SlAlert) exact = fixture_alert ("new", "exact", "7ABC123", "[]", "7ABC123");
  SlAlertDetail *detail = SL_ALERT_DETAIL (detail_window (alert, SL_ROLE_OFFICER));

  g_assert_cmpstr (adw_action_row_get_subtitle (DETAIL (detail, "match_row")), ==,
                   "Matched the reader’s alternative reading 8XY2999, with a look-alike character at position 4");
  g_assert_true (gtk_widget_is_visible (DETAIL (detail, "matched_plate_row")));
  g_assert_cmpstr (gtk_label_get_label (DETAIL (detail, "read_plate_label")), ==, "ZZZ0000");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (DETAIL (detail, "matched_plate_label")), "8XY<span "));
  g_assert_nonnull (strstr (gtk_label_get_label (DETAIL (detail, "matched_plate_label")), ">2</span>999"));
  g_assert_nonnull (strstr (gtk_label_get_label (DETAIL (detail, "entry_plate_label")), ">Z</span>999"));

  /* the next alert hit through its own plate: the row goes */
  sl_alert_detail_set_alert (detail, exact);
  g_assert_false (gtk_widget_is_visible (DETAIL (detail, "matched_plate_row")));

  destroy_all_windows ();
}

static void
test_detail_analyst_reads_only (void)
{
  g_autoptr(SlAlert) alert = fixture_alert ("new", "exact", "7ABC123", "[]", "7ABC123");
  SlAlertDetail *detail = SL_ALERT_DETAIL (detail_window (alert, SL_ROLE_ANALYST));

  g_assert_false (gtk_widget_get_sensitive (sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED)));
  g_assert_true (gtk_widget_get_visible (DETAIL (detail, "cannot_work_label")));
  g_assert_false (gtk_widget_is_visible (DETAIL (detail, "note_entry")));

  destroy_all_windows ();
}

typedef struct
{
  guint  n;
  guint  to;
  char  *note;
  char  *disposition;
} Requested;

static void
step_requested_cb (SlAlertDetail *detail,
                   guint          to,
                   const char    *note,
                   const char    *disposition,
                   gpointer       user_data)
{
  Requested *requested = user_data;

  requested->n++;
  requested->to = to;
  g_free (requested->note);
  g_free (requested->disposition);
  requested->note = g_strdup (note);
  requested->disposition = g_strdup (disposition);
}

static gboolean
has_dialog (gpointer data)
{
  return sl_alert_detail_get_dialog (data) != NULL;
}

static void
test_detail_close_asks_disposition (void)
{
  g_autoptr(SlAlert) alert = fixture_alert ("validated", "exact", "7ABC123", "[]", "7ABC123");
  SlAlertDetail *detail = SL_ALERT_DETAIL (detail_window (alert, SL_ROLE_OFFICER));
  Requested requested = { 0 };
  SlDispositionDialog *dialog;
  GtkWidget *close;

  g_signal_connect (detail, "step-requested", G_CALLBACK (step_requested_cb), &requested);
  g_assert_cmpuint (sl_alert_detail_get_n_action_buttons (detail), ==, 2);
  close = sl_alert_detail_get_action_button (detail, SL_ALERT_CLOSED);
  g_assert_true (gtk_widget_get_sensitive (close));

  gtk_editable_set_text (DETAIL (detail, "note_entry"), "Driver arrested at the scene");
  /* typing rebuilt the buttons */
  close = sl_alert_detail_get_action_button (detail, SL_ALERT_CLOSED);
  g_signal_emit_by_name (close, "clicked");
  g_assert_true (wait_for (has_dialog, detail, 2000));
  dialog = SL_DISPOSITION_DIALOG (sl_alert_detail_get_dialog (detail));
  g_assert_cmpuint (requested.n, ==, 0);

  /* No disposition yet: the dialog cannot close the alert. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close"));
  g_assert_cmpstr (sl_disposition_dialog_get_note (dialog), ==, "Driver arrested at the scene");
  sl_disposition_dialog_set_disposition (dialog, "arrest");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close"));
  screenshot ("disposition-dialog");

  /* A blank note blocks it again. */
  gtk_editable_set_text (child (dialog, SL_TYPE_DISPOSITION_DIALOG, "note_row"), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close"));
  gtk_editable_set_text (child (dialog, SL_TYPE_DISPOSITION_DIALOG, "note_row"), "Driver arrested");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_assert_cmpuint (requested.n, ==, 1);
  g_assert_cmpuint (requested.to, ==, SL_ALERT_CLOSED);
  g_assert_cmpstr (requested.note, ==, "Driver arrested");
  g_assert_cmpstr (requested.disposition, ==, "arrest");

  g_free (requested.note);
  g_free (requested.disposition);
  destroy_all_windows ();
}

/* ---- the Live page against the real service ---- */

static GBytes *
surface_to_png (cairo_surface_t *surface)
{
  g_autoptr(GdkTexture) texture = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  g_autoptr(GBytes) pixels = NULL;

  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels,
                                    cairo_image_surface_get_stride (surface));
  return gdk_texture_save_to_png_bytes (texture);
}

/* A California-style plate, as a camera's plate crop. */
static GBytes *
render_plate (const char *plate)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 150);
  cairo_t *cr = cairo_create (surface);
  cairo_text_extents_t extents;
  GBytes *png;

  cairo_set_source_rgb (cr, 0.25, 0.25, 0.27);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
  cairo_rectangle (cr, 14, 14, 272, 122);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.75, 0.1, 0.1);
  cairo_select_font_face (cr, "serif", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 22);
  cairo_text_extents (cr, "California", &extents);
  cairo_move_to (cr, 150 - extents.width / 2, 44);
  cairo_show_text (cr, "California");
  cairo_set_source_rgb (cr, 0.08, 0.15, 0.45);
  cairo_select_font_face (cr, "sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 58);
  cairo_text_extents (cr, plate, &extents);
  cairo_move_to (cr, 150 - extents.width / 2 - extents.x_bearing, 112);
  cairo_show_text (cr, plate);
  cairo_destroy (cr);

  png = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return png;
}

/* A street with a car, as a camera's overview frame. */
static GBytes *
render_overview (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 360);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *sky = cairo_pattern_create_linear (0, 0, 0, 360);
  GBytes *png;

  cairo_pattern_add_color_stop_rgb (sky, 0, 0.55, 0.65, 0.75);
  cairo_pattern_add_color_stop_rgb (sky, 0.45, 0.75, 0.78, 0.8);
  cairo_pattern_add_color_stop_rgb (sky, 0.46, 0.3, 0.3, 0.32);
  cairo_pattern_add_color_stop_rgb (sky, 1, 0.2, 0.2, 0.22);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_pattern_destroy (sky);
  cairo_set_source_rgb (cr, 0.9, 0.85, 0.3);
  for (int x = 0; x < 640; x += 80)
    {
      cairo_rectangle (cr, x, 300, 40, 6);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.75, 0.76, 0.78);
  cairo_rectangle (cr, 190, 190, 260, 80);
  cairo_fill (cr);
  cairo_rectangle (cr, 240, 150, 160, 50);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.15, 0.2, 0.25);
  cairo_rectangle (cr, 252, 158, 136, 36);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.08);
  cairo_arc (cr, 240, 272, 24, 0, 2 * G_PI);
  cairo_arc (cr, 400, 272, 24, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
  cairo_rectangle (cr, 296, 238, 48, 22);
  cairo_fill (cr);
  cairo_destroy (cr);

  png = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return png;
}

static void
post_hit (const char *plate,
          gboolean    with_images)
{
  g_autoptr(GBytes) plate_image = with_images ? render_plate (plate) : NULL;
  g_autoptr(GBytes) overview = with_images ? render_overview () : NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_test_service_post_read (service, plate, "CA", plate_image, overview, &error));
  g_assert_no_error (error);
}

#define LIVE(w, name) child (w, SL_TYPE_LIVE_PAGE, name)

static SlLivePage *
live_page_of (SlWindow *window)
{
  AdwViewStack *stack = MAIN (window, "view_stack");
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, "live");

  g_assert_true (SL_IS_LIVE_PAGE (page));
  return SL_LIVE_PAGE (page);
}

static gboolean
live_connected (gpointer data)
{
  return sl_alert_stream_get_connected (sl_live_page_get_stream (data));
}

typedef struct
{
  SlLivePage *page;
  guint       n;
} Count;

static gboolean
has_alerts (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (sl_live_page_get_alerts (count->page)) >= count->n;
}

static gboolean
has_unseen (gpointer data)
{
  Count *count = data;

  return sl_live_page_get_unseen_alerts (count->page) >= count->n;
}

static gboolean
alert_verified (gpointer data)
{
  return sl_alert_get_state (data) == SL_ALERT_VISUALLY_VERIFIED;
}

static gboolean
detail_has_next_buttons (gpointer data)
{
  return sl_alert_detail_get_action_button (data, SL_ALERT_VALIDATED) != NULL &&
         gtk_widget_get_sensitive (sl_alert_detail_get_action_button (data, SL_ALERT_VALIDATED));
}

static gboolean
history_has_two (gpointer data)
{
  GtkWidget *list = DETAIL (data, "history_list");
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n >= 2;
}

static gboolean
picture_loaded (gpointer data)
{
  return gtk_picture_get_paintable (data) != NULL;
}

static void
test_e2e_live_alert (void)
{
  Flow flow = { 0 };
  SlWindow *window;
  SlLivePage *live;
  SlAlertDetail *detail;
  AdwViewStackPage *tab;
  Count count = { 0 };
  g_autoptr(SlAlert) alert = NULL;
  guint sounds;
  guint notifications;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1260, 900);

  /* An officer starts on the Live page, connected to the alert stream. */
  live = live_page_of (window);
  count.page = live;
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (MAIN (window, "view_stack")), ==, "live");
  g_assert_true (wait_for (live_connected, live, 10000));
  g_assert_cmpstr (gtk_label_get_text (LIVE (live, "status_label")), ==, "Live");

  sounds = sl_alert_sound_get_n_played ();
  notifications = n_notifications;
  post_hit ("7ABC123", TRUE);
  count.n = 1;
  g_assert_true (wait_for (has_alerts, &count, 10000));
  alert = g_list_model_get_item (sl_live_page_get_alerts (live), 0);
  g_assert_cmpstr (sl_alert_get_plate (alert), ==, "7ABC123");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (LIVE (live, "list_stack")), ==, "list");
  /* The officer hears it and is notified, as the settings say by default. */
  g_assert_cmpuint (sl_alert_sound_get_n_played (), ==, sounds + 1);
  g_assert_cmpuint (sl_live_page_get_n_notified (live), >=, 1);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      g_assert_true (wait_for (notified, GUINT_TO_POINTER (notifications + 1), 5000));
      g_assert_true (g_str_has_prefix (last_notification, "Stolen vehicle: 7ABC123 (CA)\n"));
    }
  /* Seen on screen: no badge. */
  g_assert_cmpuint (sl_live_page_get_unseen_alerts (live), ==, 0);

  /* Selecting it shows the detail with the reminder and the first steps only. */
  g_assert_true (sl_live_page_select_alert (live, sl_alert_get_id (alert)));
  detail = sl_live_page_get_detail (live);
  g_assert_true (sl_alert_detail_get_alert (detail) == alert);
  g_assert_true (gtk_widget_is_visible (DETAIL (detail, "reminder_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (DETAIL (detail, "reminder_label")),
                            "verify the hit through CLETS or dispatch"));
  g_assert_cmpuint (sl_alert_detail_get_n_action_buttons (detail), ==, 2);
  g_assert_nonnull (sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED));
  g_assert_nonnull (sl_alert_detail_get_action_button (detail, SL_ALERT_MISREAD));
  g_assert_true (wait_for (picture_loaded, DETAIL (detail, "plate_picture"), 10000));
  g_assert_true (wait_for (picture_loaded, DETAIL (detail, "overview_picture"), 10000));
  screenshot ("live-alert-new");

  /* Visually verified: the service agrees, and the next steps follow. */
  g_signal_emit_by_name (sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED), "clicked");
  g_assert_true (wait_for (alert_verified, alert, 10000));
  g_assert_true (wait_for (detail_has_next_buttons, detail, 5000));
  g_assert_nonnull (sl_alert_detail_get_action_button (detail, SL_ALERT_NOT_ACTIVE));
  g_assert_null (sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED));
  screenshot ("live-alert-verified");

  /* The history says who took the step, newest first. */
  g_assert_true (wait_for (history_has_two, detail, 5000));
  {
    AdwActionRow *newest = ADW_ACTION_ROW (gtk_widget_get_first_child (DETAIL (detail, "history_list")));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (newest)), ==, "Visually verified");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (newest), "by officer"));
  }
  {
    GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (DETAIL (detail, "scroller"));

    gtk_adjustment_set_value (scroll, gtk_adjustment_get_upper (scroll));
    screenshot ("live-alert-history");
    gtk_adjustment_set_value (scroll, 0);
  }

  /* While another page is shown, new alerts are counted on the Live tab. */
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), "search");
  settle (100);
  post_hit ("8XYZ999", FALSE);
  post_hit ("5DEF456", FALSE);
  count.n = 2;
  g_assert_true (wait_for (has_unseen, &count, 10000));
  tab = adw_view_stack_get_page (MAIN (window, "view_stack"), GTK_WIDGET (live));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (tab), ==, 2);
  g_assert_true (adw_view_stack_page_get_needs_attention (tab));
  screenshot ("live-badge");

  /* Showing the page clears the count. */
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), "live");
  settle (100);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (tab), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (tab));
  count.n = 3;
  g_assert_true (wait_for (has_alerts, &count, 5000));
  screenshot ("live-alerts");

  flow_close (&flow);
}

/* The Live page across a gap in its alert stream: a step on its way
 * survives the reload, and what was raised meanwhile is announced once. */
static void
test_e2e_live_catch_up (void)
{
  Flow flow = { 0 };
  SlWindow *window;
  SlLivePage *live;
  SlAlertStream *stream;
  SlAlertDetail *detail;
  AdwViewStackPage *tab;
  Count count = { 0 };
  g_autoptr(SlAlert) alert = NULL;
  g_autoptr(SlAlert) raised = NULL;
  guint sounds;
  guint n_alerts;

  if (skip_without_service ())
    return;

  /* raised before the officer logs in */
  post_hit ("5DEF456", FALSE);

  sounds = sl_alert_sound_get_n_played ();
  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  live = live_page_of (window);
  count.page = live;
  g_assert_true (wait_for (live_connected, live, 10000));
  count.n = 1;
  g_assert_true (wait_for (has_alerts, &count, 10000));
  settle (100);
  /* The first load shows what is there; it does not ring for it. */
  g_assert_cmpuint (sl_alert_sound_get_n_played (), ==, sounds);
  g_assert_cmpuint (sl_live_page_get_n_notified (live), ==, 0);

  /* A reload while a step is on its way: the step's answer still arrives. */
  alert = g_list_model_get_item (sl_live_page_get_alerts (live), 0);
  g_assert_cmpstr (sl_alert_get_plate (alert), ==, "5DEF456");
  g_assert_true (sl_live_page_select_alert (live, sl_alert_get_id (alert)));
  detail = sl_live_page_get_detail (live);
  g_signal_emit_by_name (sl_alert_detail_get_action_button (detail, SL_ALERT_VISUALLY_VERIFIED), "clicked");
  g_action_group_activate_action (sl_live_page_get_actions (live), "reload", NULL);
  g_assert_true (wait_for (alert_verified, alert, 10000));
  g_assert_true (wait_for (detail_has_next_buttons, detail, 5000));

  /* The stream drops while another page is shown; an alert is raised meanwhile. */
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), "search");
  settle (100);
  stream = sl_live_page_get_stream (live);
  sl_alert_stream_stop (stream);
  n_alerts = g_list_model_get_n_items (sl_live_page_get_alerts (live));
  sounds = sl_alert_sound_get_n_played ();
  post_hit ("8XYZ999", FALSE);
  settle (300);
  g_assert_cmpuint (g_list_model_get_n_items (sl_live_page_get_alerts (live)), ==, n_alerts);

  /* Back again: the catch-up brings it, rings and counts it on the tab, once. */
  sl_alert_stream_start (stream);
  count.n = n_alerts + 1;
  g_assert_true (wait_for (has_alerts, &count, 10000));
  raised = g_list_model_get_item (sl_live_page_get_alerts (live), 0);
  g_assert_cmpstr (sl_alert_get_plate (raised), ==, "8XYZ999");
  g_assert_cmpuint (sl_alert_sound_get_n_played (), ==, sounds + 1);
  g_assert_cmpuint (sl_live_page_get_n_notified (live), ==, 1);
  g_assert_cmpuint (sl_live_page_get_unseen_alerts (live), ==, 1);
  tab = adw_view_stack_get_page (MAIN (window, "view_stack"), GTK_WIDGET (live));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (tab), ==, 1);

  flow_close (&flow);
}

static SlCameraStatus *
camera_streaming (const char *stream_url)
{
  g_autofree char *url = stream_url != NULL ? g_strdup_printf ("\"%s\"", stream_url) : g_strdup ("null");
  g_autofree char *json = g_strdup_printf ("{\"id\":1,\"name\":\"Broadway & 14th St\",\"stream_url\":%s,"
                                           "\"online\":true}", url);
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  SlCameraStatus *camera = sl_camera_status_new_from_json (object, &error);

  g_assert_no_error (error);
  return camera;
}

/* A stream address the ALPR Administrator adds while the tile is on
 * screen plays at once; off screen it waits. */
static void
test_tile_plays_added_stream (void)
{
  g_autoptr(SlCameraStatus) camera = camera_streaming (NULL);
  g_autoptr(SlCameraStatus) with_stream = camera_streaming ("rtsp://127.0.0.1:1/none");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *tile = sl_camera_tile_new (camera);
  SlVideoPaintable *video = sl_camera_tile_get_video (SL_CAMERA_TILE (tile));

  sl_media_init ();
  gtk_window_set_child (GTK_WINDOW (window), tile);
  gtk_window_present (GTK_WINDOW (window));
  settle (50);
  g_assert_true (gtk_widget_get_mapped (tile));
  g_assert_cmpint (sl_video_paintable_get_state (video), ==, SL_VIDEO_STOPPED);

  sl_camera_status_update_from (camera, with_stream);
  g_assert_cmpstr (sl_video_paintable_get_uri (video), ==, "rtsp://127.0.0.1:1/none");
  g_assert_cmpint (sl_video_paintable_get_state (video), !=, SL_VIDEO_STOPPED);

  gtk_widget_set_visible (window, FALSE);
  g_assert_cmpint (sl_video_paintable_get_state (video), ==, SL_VIDEO_STOPPED);

  destroy_all_windows ();
}

static SlCameraTile *
first_tile (SlLivePage *live)
{
  GtkWidget *grid = LIVE (live, "camera_grid");
  GtkWidget *first = gtk_widget_get_first_child (grid);

  if (first == NULL)
    return NULL;
  return SL_CAMERA_TILE (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (first)));
}

static gboolean
has_tile (gpointer data)
{
  return first_tile (data) != NULL;
}

static gboolean
tile_playing (gpointer data)
{
  SlCameraTile *tile = first_tile (data);

  return tile != NULL && video_playing (sl_camera_tile_get_video (tile));
}

static gboolean
tile_retrying (gpointer data)
{
  SlCameraTile *tile = first_tile (data);

  return tile != NULL && g_strcmp0 (sl_camera_tile_get_video_status (tile), "No video — reconnecting") == 0;
}

static void
test_e2e_live_cameras (void)
{
  Flow flow = { 0 };
  SlWindow *window;
  SlLivePage *live;
  SlCameraTile *tile;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "sergeant", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1260, 900);
  live = live_page_of (window);

  post_hit ("ZZZ0001", FALSE);
  sl_live_page_show_view (live, "cameras");
  g_assert_true (wait_for (has_tile, live, 10000));
  tile = first_tile (live);
  g_assert_cmpstr (sl_camera_status_get_name (sl_camera_tile_get_camera (tile)), ==, "Broadway & 14th St");
  g_assert_cmpstr (sl_camera_tile_get_status_text (tile), ==, "Online");
  g_assert_true (g_str_has_prefix (sl_camera_tile_get_latest_text (tile), "ZZZ0001 at "));

#ifdef HAVE_RTSP_SERVER
  /* Its live video plays in the tile. */
  g_assert_true (wait_for (tile_playing, live, 15000));
  screenshot ("live-cameras");

  /* The camera's stream stops: the tile says so and reconnects by itself. */
  rtsp_unmount ();
  g_assert_true (wait_for (tile_retrying, live, 20000));
  screenshot ("live-camera-reconnecting");
  rtsp_mount ();
  g_assert_true (wait_for (tile_playing, live, 20000));
#else
  screenshot ("live-cameras");
#endif

  flow_close (&flow);
}

/* ---- the Search page ---- */

/* A window of @username, logged in, on the page @name. */
static GtkWidget *
open_page (Flow       *flow,
           const char *username,
           const char *name)
{
  SlWindow *window;
  GtkWidget *page;

  flow_open (flow, sl_test_service_get_url (service));
  flow_log_in (flow, username, SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow->app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), name);
  page = adw_view_stack_get_child_by_name (MAIN (window, "view_stack"), name);
  g_assert_nonnull (page);
  return page;
}

#define SEARCH(w, name) child (w, SL_TYPE_SEARCH_PAGE, name)
#define CONTEXT(w, name) child (w, SL_TYPE_SEARCH_CONTEXT_DIALOG, name)

static SlSearchPage *
search_page_of (SlWindow *window)
{
  AdwViewStack *stack = MAIN (window, "view_stack");
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, "search");

  g_assert_true (SL_IS_SEARCH_PAGE (page));
  return SL_SEARCH_PAGE (page);
}

static gboolean
search_has_policy (gpointer data)
{
  return sl_search_page_has_policy (data);
}

static gboolean
detail_alerts_loaded (gpointer data)
{
  return sl_search_page_get_n_detail_alerts (data) > 0;
}

static gboolean
search_settled (gpointer data)
{
  return !sl_search_page_is_busy (data);
}

static gboolean
first_row_loaded (gpointer data)
{
  GListModel *results = sl_search_page_get_results (data);
  g_autoptr(SlSearchRead) read = NULL;

  if (results == NULL || g_list_model_get_n_items (results) == 0)
    return FALSE;
  read = g_list_model_get_item (results, 0);
  return !sl_search_read_is_placeholder (read);
}

static gboolean
dialog_open (gpointer data)
{
  return sl_search_page_get_context_dialog (data) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return sl_search_page_get_context_dialog (data) == NULL;
}

static void
test_e2e_search (void)
{
  g_autofree char *expected_label = NULL;
  guint n_results;
  g_autoptr(SlSearchContext) bad = NULL;
  Flow flow = { 0 };
  SlWindow *window;
  SlSearchPage *page;
  SlSearchContextDialog *dialog;
  GtkWidget *submit;
  GListModel *results;
  SlSearchRead *read;
  const char *error;

  if (skip_without_service ())
    return;

  post_hit ("7ABC123", TRUE);
  post_hit ("7ABC128", FALSE);
  post_hit ("4GHJ771", FALSE);

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), "search");
  page = search_page_of (window);
  g_assert_true (wait_for (search_has_policy, page, 10000));
  screenshot ("search-start");

  /* Nothing narrows the search: refused here, before any case is asked. */
  sl_search_page_run (page);
  g_assert_null (sl_search_page_get_context_dialog (page));
  g_assert_nonnull (strstr (sl_search_page_get_error (page), "Narrow the search"));
  g_assert_true (gtk_widget_get_visible (SEARCH (page, "error_label")));

  /* With a plate, the case and purpose are asked first and nothing is sent. */
  gtk_editable_set_text (SEARCH (page, "plate_row"), "7ABC123");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "search.run", NULL));
  g_assert_true (wait_for (dialog_open, page, 2000));
  dialog = sl_search_page_get_context_dialog (page);
  g_assert_false (sl_search_page_is_busy (page));
  g_assert_null (sl_search_page_get_results (page));
  g_assert_null (sl_search_page_get_context (page));
  submit = CONTEXT (dialog, "submit_button");
  g_assert_false (gtk_widget_get_sensitive (submit));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (submit), "26-012345"));

  /* The case number is checked as typed, and the note's rule is explained. */
  sl_search_context_dialog_set_fields (dialog, "26-01", "stolen_vehicle", "investigation");
  g_assert_false (sl_search_context_dialog_can_submit (dialog));
  g_assert_true (gtk_widget_has_css_class (CONTEXT (dialog, "case_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (CONTEXT (dialog, "note_row"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (CONTEXT (dialog, "problem_label")), "generic"));
  screenshot ("search-purpose-dialog");
  g_assert_false (sl_search_context_dialog_submit (dialog));

  sl_search_context_dialog_set_fields (dialog, "26-012345", "stolen_vehicle", "Grey Civic taken at gunpoint");
  g_assert_true (sl_search_context_dialog_can_submit (dialog));
  g_assert_null (gtk_widget_get_tooltip_text (submit));
  g_assert_true (gtk_widget_activate (submit));
  g_assert_true (wait_for (dialog_closed, page, 2000));
  g_assert_nonnull (sl_search_page_get_context (page));
  g_assert_cmpstr (gtk_label_get_text (SEARCH (page, "case_label")), ==,
                   "Case 26-012345 · Locate a stolen vehicle · Grey Civic taken at gunpoint");

  /* The search runs at once under that case. */
  g_assert_true (wait_for (search_settled, page, 10000));
  error = sl_search_page_get_error (page);
  if (sl_search_page_get_results (page) == NULL && error != NULL)
    {
      g_test_skip ("the service has no searches yet");
      screenshot ("search-no-service");
      flow_close (&flow);
      return;
    }

  g_assert_true (wait_for (first_row_loaded, page, 10000));
  /* earlier tests read the same plate from the same service: count them too */
  results = sl_search_page_get_results (page);
  n_results = g_list_model_get_n_items (results);
  g_assert_cmpuint (n_results, >=, 1);
  expected_label = n_results == 1 ? g_strdup ("1 read") : g_strdup_printf ("%u reads", n_results);
  g_assert_cmpstr (gtk_label_get_text (SEARCH (page, "results_label")), ==, expected_label);

  /* Selecting the row shows the read. */
  g_assert_true (sl_search_page_select_row (page, 0));
  read = sl_search_page_get_selected_read (page);
  g_assert_cmpstr (sl_search_read_get_plate (read), ==, "7ABC123");
  g_assert_true (sl_search_read_get_hit (read));
  g_assert_true (gtk_revealer_get_reveal_child (SEARCH (page, "detail_revealer")));
  g_assert_cmpstr (gtk_label_get_text (SEARCH (page, "detail_plate_label")), ==, "7ABC123");
  g_assert_cmpstr (gtk_label_get_text (SEARCH (page, "detail_hit_label")), ==, "Raised an alert");
  g_assert_cmpstr (adw_action_row_get_subtitle (SEARCH (page, "camera_detail_row")), ==, "Broadway & 14th St");
  /* and the alerts it raised */
  g_assert_true (gtk_widget_get_visible (SEARCH (page, "alerts_group")));
  g_assert_true (wait_for (detail_alerts_loaded, page, 10000));
  screenshot ("search-results");

  /* A pattern finds both look-alike plates. */
  gtk_editable_set_text (SEARCH (page, "plate_row"), "7ABC12?");
  sl_search_page_run (page);
  g_assert_true (wait_for (search_settled, page, 10000));
  g_assert_true (wait_for (first_row_loaded, page, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (sl_search_page_get_results (page)), ==, n_results + 1);

  /* A case the service refuses: its reason, and the dialog at the field. */
  bad = sl_search_context_new ("CASE-1", "stolen_vehicle", NULL, "Grey Civic taken at gunpoint");
  sl_search_page_set_context (page, bad);
  sl_search_page_run (page);
  g_assert_true (wait_for (search_settled, page, 10000));
  g_assert_true (wait_for (dialog_open, page, 2000));
  dialog = sl_search_page_get_context_dialog (page);
  g_assert_nonnull (sl_search_page_get_error (page));
  g_assert_true (gtk_widget_has_css_class (CONTEXT (dialog, "case_row"), "error"));
  g_assert_null (sl_search_page_get_context (page));
  screenshot ("search-refused");

  flow_close (&flow);
}

/* ---- the map ---- */

#define MAP(w, name) child (w, SL_TYPE_MAP_PAGE, name)

/* Two reads of one plate 30 km apart two minutes apart: the track shows a
 * possible cloned plate as a lead, with the words that it is no alert. */
static void
test_e2e_track_leads (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) first = g_date_time_add_minutes (now, -30);
  g_autoptr(GDateTime) second = g_date_time_add_minutes (now, -28);
  g_autofree char *first_at = g_date_time_format_iso8601 (first);
  g_autofree char *second_at = g_date_time_format_iso8601 (second);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchContextDialog *dialog;
  SlSearchPage *page;
  Flow flow = { 0 };
  const char *text;

  if (skip_without_service ())
    return;

  json = g_strdup_printf ("[{\"plate\": \"6CLN001\", \"region\": \"CA\", \"captured_at\": \"%s\","
                          " \"confidence\": 93, \"lat\": 37.80440, \"lon\": -122.27120},"
                          " {\"plate\": \"6CLN001\", \"region\": \"CA\", \"captured_at\": \"%s\","
                          " \"confidence\": 92, \"lat\": 37.60000, \"lon\": -122.05000}]",
                          first_at, second_at);
  g_assert_true (sl_test_service_post_reads (service, json, &error));
  g_assert_no_error (error);

  page = SL_SEARCH_PAGE (open_page (&flow, "officer", "search"));
  g_assert_true (wait_for (search_has_policy, page, 10000));
  gtk_editable_set_text (SEARCH (page, "plate_row"), "6CLN001");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "search.run", NULL));
  g_assert_true (wait_for (dialog_open, page, 2000));
  dialog = sl_search_page_get_context_dialog (page);
  sl_search_context_dialog_set_fields (dialog, "26-013579", "stolen_plate", "Plate reported stolen from a parked car");
  g_assert_true (gtk_widget_activate (CONTEXT (dialog, "submit_button")));
  g_assert_true (wait_for (dialog_closed, page, 2000));
  g_assert_true (wait_for (search_settled, page, 10000));
  g_assert_true (wait_for (first_row_loaded, page, 10000));
  g_assert_true (sl_search_page_select_row (page, 0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "search.track", NULL));
  g_assert_true (wait_for (search_settled, page, 10000));
  text = gtk_label_get_text (SEARCH (page, "track_label"));
  g_assert_nonnull (strstr (text, "Possible cloned plate"));
  g_assert_nonnull (strstr (text, "not alerts"));
  screenshot ("search-track-leads");
  flow_close (&flow);
}

static SlMapPage *
map_page_of (SlWindow *window)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (MAIN (window, "view_stack"), "map");

  g_assert_true (SL_IS_MAP_PAGE (page));
  return SL_MAP_PAGE (page);
}

static gboolean
map_settled (gpointer data)
{
  return !sl_map_page_is_loading (data);
}

static gboolean
map_on_service_tiles (gpointer data)
{
  ShumateViewport *viewport = shumate_map_get_viewport (sl_map_page_get_map (data));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);

  return source != NULL && g_str_has_prefix (shumate_map_source_get_id (source), "sightline-service-");
}

static gboolean
map_has_cameras (gpointer data)
{
  return sl_map_page_get_n_cameras (data) > 0;
}

static gboolean
map_drawn (gpointer data)
{
  return sl_reads_layer_get_n_drawn (sl_map_page_get_reads_layer (data)) > 0;
}

static gboolean
popover_row_loaded (gpointer data)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (MAP (data, "popover_list")));

  return row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "…") != 0;
}

static guint
points_shown (SlMapPage *page)
{
  GArray *points = sl_reads_layer_get_points (sl_map_page_get_reads_layer (page));

  return points != NULL ? points->len : 0;
}

/* A morning of reads across downtown Oakland and one plate's way north,
 * for the screenshots of the Search and Map pages. */
static void
post_scene (void)
{
  static const double places[][2] = {
    { 37.8044, -122.2712 }, { 37.8085, -122.2695 }, { 37.8113, -122.2680 }, { 37.7987, -122.2745 },
    { 37.8030, -122.2810 }, { 37.8101, -122.2590 }, { 37.8153, -122.2668 }, { 37.7955, -122.2615 },
    { 37.8069, -122.2900 }, { 37.8200, -122.2640 }, { 37.7990, -122.2520 }, { 37.8120, -122.2750 },
  };
  /* north to south, to the camera where the last read (with images) is taken */
  static const double way[][2] = {
    { 37.8200, -122.2640 }, { 37.8153, -122.2668 }, { 37.8113, -122.2680 }, { 37.8085, -122.2695 },
    { 37.8062, -122.2703 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1948);
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < 160; i++)
    {
      guint place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now_s - 600 - g_rand_int_range (rand, 0, 3 * 3600));
      g_autofree char *captured = g_date_time_format_iso8601 (at);

      g_string_append_printf (json, "%s{\"plate\": \"%d%c%c%c%03d\", \"region\": \"CA\", \"captured_at\": \"%s\","
                              " \"confidence\": 91, \"lat\": %.5f, \"lon\": %.5f}",
                              i > 0 ? ", " : "", g_rand_int_range (rand, 1, 9),
                              'A' + g_rand_int_range (rand, 0, 26), 'A' + g_rand_int_range (rand, 0, 26),
                              'A' + g_rand_int_range (rand, 0, 26), g_rand_int_range (rand, 0, 1000), captured,
                              places[place][0] + g_rand_double_range (rand, -0.0004, 0.0004),
                              places[place][1] + g_rand_double_range (rand, -0.0004, 0.0004));
    }
  for (guint i = 0; i < G_N_ELEMENTS (way); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now_s - 3000 + (gint64) i * 420);
      g_autofree char *captured = g_date_time_format_iso8601 (at);

      g_string_append_printf (json, ", {\"plate\": \"7ABC123\", \"region\": \"CA\", \"captured_at\": \"%s\","
                              " \"confidence\": 94, \"lat\": %.5f, \"lon\": %.5f}", captured, way[i][0], way[i][1]);
    }
  g_string_append (json, "]");
  g_assert_true (sl_test_service_post_reads (service, json->str, &error));
  g_assert_no_error (error);
}

static void
screenshot_scene (SlWindow     *window,
                  SlSearchPage *search,
                  SlMapPage    *page)
{
  AdwViewStack *stack = MAIN (window, "view_stack");
  GtkAdjustment *adjustment;
  GtkWidget *scrolled;

  post_scene ();
  post_hit ("7ABC123", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "map.clear", NULL);

  gtk_editable_set_text (SEARCH (search, "plate_row"), "");
  adw_expander_row_set_enable_expansion (SEARCH (search, "area_row"), FALSE);
  adw_combo_row_set_selected (SEARCH (search, "time_row"), SL_SEARCH_TIME_LAST_DAY);
  sl_search_page_run (search);
  g_assert_true (wait_for (search_settled, search, 10000));
  g_assert_true (wait_for (first_row_loaded, search, 10000));
  g_assert_true (sl_search_page_select_row (search, 0));
  adw_view_stack_set_visible_child_name (stack, "search");
  g_assert_true (wait_for (detail_alerts_loaded, search, 10000));
  /* the detail pane scrolled to the read's place and alerts */
  settle (300);
  scrolled = gtk_widget_get_ancestor (SEARCH (search, "detail_map_frame"), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  screenshot ("scene-search");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "search.track", NULL));
  g_assert_true (wait_for (search_settled, search, 10000));
  adw_view_stack_set_visible_child_name (stack, "map");
  g_assert_true (wait_for (map_settled, page, 10000));
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (sl_map_page_get_map (page)), 14.5);
  shumate_map_center_on (sl_map_page_get_map (page), 37.8085, -122.2700);
  screenshot ("scene-map");
}

static void
test_e2e_map (void)
{
  static const double square[] = {
    37.8070, -122.2750,
    37.8070, -122.2670,
    37.8010, -122.2670,
    37.8010, -122.2750,
  };
  g_autoptr(SlSearchContext) context = NULL;
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(GSettings) settings = NULL;
  Flow flow = { 0 };
  SlWindow *window;
  SlSearchPage *search;
  SlMapPage *page;
  SlReadsLayer *layer;
  gint64 circle_search;
  double x;
  double y;

  if (skip_without_service ())
    return;

  post_hit ("6MAP001", FALSE);
  post_hit ("6MAP002", FALSE);

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  search = search_page_of (window);
  g_assert_true (wait_for (search_has_policy, search, 10000));
  adw_view_stack_set_visible_child_name (MAIN (window, "view_stack"), "map");
  page = map_page_of (window);
  layer = sl_map_page_get_reads_layer (page);

  /* The cameras are on the map with their state. */
  g_assert_true (wait_for (map_has_cameras, page, 10000));
  g_assert_cmpstr (gtk_label_get_text (MAP (page, "count_label")), ==, "No search shown");

  /* A circle drawn without a case asks for it, and sends nothing. */
  sl_map_page_draw_circle (page, 37.8044, -122.2712, 400);
  g_assert_true (wait_for (dialog_open, search, 2000));
  g_assert_cmpint (sl_search_page_get_search_id (search), ==, 0);
  g_assert_cmpint (sl_reads_layer_get_area_kind (layer), ==, SL_MAP_AREA_CIRCLE);
  sl_search_context_dialog_set_fields (sl_search_page_get_context_dialog (search), "26-012345",
                                       "crime_scene_canvass", "Shots fired at Broadway and 14th");
  g_assert_true (sl_search_context_dialog_submit (sl_search_page_get_context_dialog (search)));
  g_assert_true (wait_for (dialog_closed, search, 2000));

  /* The canvass is a search under that case; its reads come to the map. */
  g_assert_true (wait_for (search_settled, search, 10000));
  g_assert_true (wait_for (map_settled, page, 10000));
  g_assert_null (sl_map_page_get_error (page));
  circle_search = sl_search_page_get_search_id (search);
  g_assert_cmpint (circle_search, >, 0);
  filter = sl_search_page_dup_filter (search);
  g_assert_true (filter->has_area);
  g_assert_cmpfloat_with_epsilon (filter->radius_m, 400, 0.5);
  g_assert_cmpuint (points_shown (page), >=, 2);
  g_assert_cmpuint (points_shown (page), ==, sl_search_page_get_total (search));
  g_assert_nonnull (strstr (gtk_label_get_text (MAP (page, "case_label")), "26-012345"));
  g_assert_true (wait_for (map_drawn, page, 5000));
  screenshot ("map-canvass");

  /* A click on the reads lists them, plates fetched from the results. */
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (sl_map_page_get_map (page)),
                                              GTK_WIDGET (layer), 37.8044, -122.2712, &x, &y);
  g_assert_true (sl_map_page_show_reads_at (page, x, y));
  g_assert_true (wait_for (popover_row_loaded, page, 10000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sl_map_page_get_reads_popover (page))));
  screenshot ("map-reads");
  gtk_popover_popdown (sl_map_page_get_reads_popover (page));

  /* The time slider shows the reads up to a time. */
  gtk_adjustment_set_value (MAP (page, "time_adjustment"), 0.0);
  g_assert_cmpuint (sl_reads_layer_count_shown (layer), <, points_shown (page));
  gtk_adjustment_set_value (MAP (page, "time_adjustment"), 1.0);
  g_assert_cmpuint (sl_reads_layer_count_shown (layer), ==, points_shown (page));

  /* A polygon is a new search of its own. */
  sl_map_page_draw_polygon (page, square, G_N_ELEMENTS (square) / 2);
  g_assert_true (wait_for (search_settled, search, 10000));
  g_assert_true (wait_for (map_settled, page, 10000));
  g_assert_cmpint (sl_search_page_get_search_id (search), >, circle_search);
  g_clear_pointer (&filter, sl_search_filter_free);
  filter = sl_search_page_dup_filter (search);
  g_assert_nonnull (filter->polygon);
  g_assert_cmpuint (filter->polygon->len, ==, 4);
  g_assert_cmpuint (points_shown (page), ==, sl_search_page_get_total (search));
  g_assert_cmpint (sl_reads_layer_get_area_kind (layer), ==, SL_MAP_AREA_POLYGON);

  if (g_getenv ("SL_SCREENSHOT_DIR") != NULL)
    screenshot_scene (window, search, page);

  /* A polygon the service refuses is said on the map. */
  context = sl_search_context_new ("CASE-1", "crime_scene_canvass", NULL, "Shots fired at Broadway and 14th");
  sl_search_page_set_context (search, context);
  sl_map_page_draw_polygon (page, square, G_N_ELEMENTS (square) / 2);
  g_assert_true (wait_for (search_settled, search, 10000));
  g_assert_true (wait_for (map_settled, page, 10000));
  g_assert_nonnull (sl_map_page_get_error (page));

  /* The offline map, chosen in the settings, comes from the service. */
  settings = g_settings_new ("org.sightline.Sightline");
  g_settings_set_string (settings, "map-source", "service");
  g_assert_true (wait_for (map_on_service_tiles, page, 10000));
  g_assert_cmpstr (shumate_map_source_get_license (shumate_viewport_get_reference_map_source (
                     shumate_map_get_viewport (sl_map_page_get_map (page)))), ==, "© Example Maps");
  screenshot ("map-service");
  g_settings_set_string (settings, "map-source", "demo");

  flow_close (&flow);
}

/* ---- the access log ---- */

#define AUDIT_LIST(w, name) child (w, SL_TYPE_AUDIT_LIST, name)
#define AUDIT_PAGE(w, name) child (w, SL_TYPE_AUDIT_PAGE, name)

/* A search by @client under case @case_number, as the Search page makes it. */
static void
search_as (SlClient   *client,
           const char *case_number,
           const char *plate)
{
  g_autoptr(SlSearchContext) context = sl_search_context_new (case_number, "stolen_vehicle", NULL,
                                                              "Blue Honda seen leaving the scene");
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  filter->plate = g_strdup (plate);
  sl_client_create_search_async (client, context, filter, SL_SEARCH_ORDER_NEWEST, 10, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  answer = sl_client_create_search_finish (client, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
}

static gboolean
audit_list_loaded (gpointer data)
{
  return !sl_audit_list_is_busy (data) && sl_audit_list_get_n_records (data) > 0;
}

static gboolean
audit_page_verified (gpointer data)
{
  return !sl_audit_page_is_verifying (data) && sl_audit_page_get_chain (data) != NULL;
}

static gboolean
audit_page_exported (gpointer data)
{
  return !sl_audit_page_is_exporting (data);
}

/* The row of the newest search.plate record of @case_number, or -1. */
static int
find_search_row (SlAuditList *list,
                 const char  *username,
                 const char  *case_number)
{
  for (guint i = 0; i < sl_audit_list_get_n_records (list); i++)
    {
      const SlAuditRecord *record = sl_audit_list_get_record (list, i);

      if (g_strcmp0 (record->action, "search.plate") == 0 &&
          g_strcmp0 (record->username, username) == 0 &&
          g_strcmp0 (record->case_number, case_number) == 0)
        return (int) i;
    }
  return -1;
}

/* Every value the detail pane shows, one a line. */
static char *
detail_text (SlAuditList *list)
{
  GtkWidget *grid = AUDIT_LIST (list, "detail_grid");
  GString *text = g_string_new (NULL);

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (cell)));
  return g_string_free (text, FALSE);
}

static void
test_e2e_audit_page (void)
{
  g_autoptr(SlClient) officer = NULL;
  g_autoptr(SlSession) officer_session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  GAsyncResult *result = NULL;
  SlAuditFilter by_officer = { .username = "officer" };
  Flow flow = { 0 };
  SlWindow *window;
  SlAuditPage *page;
  SlAuditList *list;
  const SlAuditChain *chain;
  gint64 checked;
  gboolean others = FALSE;
  guint n_all;
  int row;

  if (skip_without_service ())
    return;

  /* An officer searches under a case of their own. */
  officer = sl_client_new ();
  g_assert_true (sl_client_set_server (officer, sl_test_service_get_url (service), &error));
  sl_client_login_async (officer, "officer", SL_TEST_PASSWORD, NULL, TRUE, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  officer_session = sl_client_login_finish (officer, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  search_as (officer, "26-054321", "7ABC123");

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "auditor", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  page = SL_AUDIT_PAGE (adw_view_stack_get_child_by_name (MAIN (window, "view_stack"), "audit"));
  g_assert_true (SL_IS_AUDIT_PAGE (page));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (MAIN (window, "view_stack")), ==, "audit");
  list = sl_audit_page_get_list (page);

  /* The newest records, the officer's search among them, and the chain. */
  g_assert_true (wait_for (audit_list_loaded, list, 10000));
  g_assert_null (sl_audit_list_get_error (list));
  g_assert_true (wait_for (audit_page_verified, page, 10000));
  chain = sl_audit_page_get_chain (page);
  g_assert_true (chain->intact);
  g_assert_cmpint (chain->records_checked, >, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (AUDIT_PAGE (page, "chain_label")), "Chain intact: "));
  g_assert_true (gtk_widget_has_css_class (AUDIT_PAGE (page, "chain_bar"), "intact"));
  checked = chain->records_checked;

  row = find_search_row (list, "officer", "26-054321");
  g_assert_cmpint (row, >=, 0);
  n_all = sl_audit_list_get_n_records (list);
  for (guint i = 0; i < n_all; i++)
    others |= g_strcmp0 (sl_audit_list_get_record (list, i)->username, "officer") != 0;
  g_assert_true (others);

  /* A record's details: every field, the data elements as JSON. */
  g_assert_true (sl_audit_list_select_row (list, row));
  g_assert_true (gtk_revealer_get_reveal_child (AUDIT_LIST (list, "detail_revealer")));
  g_assert_nonnull (strstr (gtk_label_get_text (AUDIT_LIST (list, "detail_title_label")), "Plate search"));
  detail = detail_text (list);
  g_assert_nonnull (strstr (detail, "26-054321"));
  g_assert_nonnull (strstr (detail, "Blue Honda seen leaving the scene"));
  g_assert_nonnull (strstr (detail, "7ABC123"));
  g_assert_nonnull (strstr (gtk_label_get_text (AUDIT_LIST (list, "data_label")), "{\n"));
  screenshot ("audit");

  /* The user filter narrows to the officer's records. */
  sl_audit_page_set_filters (page, "officer", NULL, NULL, NULL, SL_AUDIT_TIME_LAST_DAY);
  g_assert_true (sl_audit_page_apply_filters (page));
  g_assert_true (wait_for (audit_list_loaded, list, 10000));
  g_assert_cmpuint (sl_audit_list_get_n_records (list), >=, 1);
  for (guint i = 0; i < sl_audit_list_get_n_records (list); i++)
    g_assert_cmpstr (sl_audit_list_get_record (list, i)->username, ==, "officer");
  g_assert_cmpint (find_search_row (list, "officer", "26-054321"), >=, 0);

  /* and by case and action, to the search alone */
  sl_audit_page_set_filters (page, "officer", "search.plate", "26-054321", "7abc123", SL_AUDIT_TIME_ANY);
  g_assert_true (sl_audit_page_apply_filters (page));
  g_assert_true (wait_for (audit_list_loaded, list, 10000));
  g_assert_cmpuint (sl_audit_list_get_n_records (list), ==, 1);
  g_assert_false (sl_audit_list_has_more (list));

  /* A filter that cannot be read is refused here, with the reason. */
  gtk_drop_down_set_selected (AUDIT_PAGE (page, "time_dropdown"), SL_AUDIT_TIME_CUSTOM);
  gtk_editable_set_text (AUDIT_PAGE (page, "since_entry"), "yesterday");
  g_assert_false (sl_audit_page_apply_filters (page));
  g_assert_nonnull (strstr (sl_audit_page_get_error (page), "2026-03-01 08:00"));
  g_assert_true (gtk_widget_get_visible (AUDIT_PAGE (page, "error_label")));

  /* Verify again: still intact, and the earlier checks are records now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "audit.verify", NULL));
  g_assert_true (wait_for (audit_page_verified, page, 10000));
  chain = sl_audit_page_get_chain (page);
  g_assert_true (chain->intact);
  g_assert_cmpint (chain->records_checked, >, checked);

  /* Export what the officer did, as the Export button does after the file dialog. */
  dir = g_dir_make_tmp ("sightline-audit-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_file_new_build_filename (dir, "officer.csv", NULL);
  sl_audit_page_export (page, &by_officer, file);
  g_assert_true (wait_for (audit_page_exported, page, 10000));
  g_assert_null (sl_audit_page_get_error (page));
  g_assert_true (g_file_load_contents (file, NULL, &csv, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "seq,time,username,"));
  g_assert_nonnull (strstr (csv, ",search.plate,7ABC123,26-054321,stolen_vehicle,"));
  g_assert_null (strstr (csv, ",auditor,"));
  g_file_delete (file, NULL, NULL);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_file_delete (folder, NULL, NULL);
  }

  flow_close (&flow);
}

static gboolean
activity_open (gpointer data)
{
  return sl_window_get_activity_window (data) != NULL;
}

static void
test_e2e_my_activity (void)
{
  g_autofree char *detail = NULL;
  Flow flow = { 0 };
  SlWindow *window;
  SlActivityWindow *activity;
  SlAuditList *list;
  guint n_searches;
  int row;

  if (skip_without_service ())
    return;

  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  /* The officer has no Audit page, but their own activity is in the user menu. */
  g_assert_false (sl_pages_contains (sl_window_get_visible_pages (window), SL_PAGE_AUDIT));
  search_as (sl_application_get_client (flow.app), "26-054322", "7ABC128");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-activity", NULL));
  g_assert_true (wait_for (activity_open, window, 2000));
  activity = sl_window_get_activity_window (window);
  list = sl_activity_window_get_list (activity);
  g_assert_cmpint (sl_audit_list_get_scope (list), ==, SL_AUDIT_SCOPE_OWN);
  g_assert_true (wait_for (audit_list_loaded, list, 10000));
  g_assert_null (sl_audit_list_get_error (list));

  /* Only their own searches, this one with its case and purpose among them. */
  for (guint i = 0; i < sl_audit_list_get_n_records (list); i++)
    {
      g_assert_cmpstr (sl_audit_list_get_record (list, i)->username, ==, "officer");
      g_assert_true (g_str_has_prefix (sl_audit_list_get_record (list, i)->action, "search."));
    }
  row = find_search_row (list, "officer", "26-054322");
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpstr (sl_audit_list_get_record (list, row)->purpose_code, ==, "stolen_vehicle");
  g_assert_true (sl_audit_list_select_row (list, row));
  detail = detail_text (list);
  g_assert_nonnull (strstr (detail, "26-054322"));
  g_assert_nonnull (strstr (detail, "Locate a stolen vehicle (stolen_vehicle)"));
  g_assert_nonnull (strstr (detail, "Blue Honda seen leaving the scene"));
  screenshot ("activity");

  /* All activity holds the login too, still only theirs. */
  n_searches = sl_audit_list_get_n_records (list);
  gtk_drop_down_set_selected (child (activity, SL_TYPE_ACTIVITY_WINDOW, "kind_dropdown"), 4);
  g_assert_true (wait_for (audit_list_loaded, list, 10000));
  g_assert_cmpuint (sl_audit_list_get_n_records (list), >, n_searches);
  for (guint i = 0; i < sl_audit_list_get_n_records (list); i++)
    g_assert_cmpstr (sl_audit_list_get_record (list, i)->username, ==, "officer");

  /* Locking hides it with the rest of the window. */
  sl_window_lock (window, NULL);
  g_assert_null (sl_window_get_activity_window (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-activity", NULL);
  settle (50);
  g_assert_null (sl_window_get_activity_window (window));

  flow_close (&flow);
}

/* ---- the Hot Lists page ---- */

#define HOTLISTS(w, name) child (w, SL_TYPE_HOTLISTS_PAGE, name)
#define ENTRY_FORM(w, name) child (w, SL_TYPE_HOTLIST_ENTRY_DIALOG, name)
#define IMPORT(w, name) child (w, SL_TYPE_HOTLIST_IMPORT_DIALOG, name)

/* A client of its own, logged in as @username, for what a test sets up. */
static SlClient *
client_for (const char *username)
{
  g_autoptr(SlClient) client = sl_client_new ();
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_assert_true (sl_client_set_server (client, sl_test_service_get_url (service), &error));
  sl_client_login_async (client, username, SL_TEST_PASSWORD, NULL, TRUE, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  session = sl_client_login_finish (client, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

/* The administrator creates a specific list, as creating is approving it. */
static gint64
create_specific_list (const char *name)
{
  g_autoptr(SlClient) admin = client_for ("admin");
  SlHotlistSettings settings = {
    .name = name,
    .kind = SL_HOTLIST_KIND_SPECIFIC,
    .source = "local",
    .priority = 5,
    .alert_level = SL_ALERT_LEVEL_HIGH,
    .active = TRUE,
  };
  g_autoptr(SlHotlist) list = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  sl_client_create_hotlist_async (admin, &settings, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  list = sl_client_create_hotlist_finish (admin, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  return sl_hotlist_get_id (list);
}

static SlHotlistEntryFields *
entry_fields (const char *plate,
              const char *synopsis,
              int         days)
{
  SlHotlistEntryFields *fields = sl_hotlist_entry_fields_new ();

  fields->plate = g_strdup (plate);
  fields->region = g_strdup ("CA");
  fields->reason = g_strdup ("felony_vehicle");
  fields->case_number = g_strdup ("26-004711");
  fields->synopsis = g_strdup (synopsis);
  fields->make = g_strdup ("Toyota");
  fields->color = g_strdup ("black");
  fields->expires_at_us = g_get_real_time () + days * G_TIME_SPAN_DAY;
  return fields;
}

/* An entry the officer proposed and the sergeant approved. */
static gint64
create_active_entry (gint64      list_id,
                     const char *plate)
{
  g_autoptr(SlClient) officer = client_for ("officer");
  g_autoptr(SlClient) sergeant = client_for ("sergeant");
  g_autoptr(SlHotlistEntryFields) fields = entry_fields (plate, "Black Camry seen leaving a robbery", 20);
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(SlHotlistEntry) approved = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  sl_client_create_hotlist_entry_async (officer, list_id, fields, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  entry = sl_client_create_hotlist_entry_finish (officer, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  sl_client_approve_hotlist_entry_async (sergeant, sl_hotlist_entry_get_id (entry), NULL, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  approved = sl_client_approve_hotlist_entry_finish (sergeant, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (sl_hotlist_entry_get_status (approved), ==, SL_HOTLIST_ENTRY_STATUS_ACTIVE);
  return sl_hotlist_entry_get_id (entry);
}

static gboolean
hotlists_settled (gpointer data)
{
  return !sl_hotlists_page_is_busy (data);
}

static gboolean
hotlists_ready (gpointer data)
{
  return sl_hotlists_page_has_policy (data) && sl_hotlists_page_get_n_lists (data) > 0 &&
         !sl_hotlists_page_is_busy (data);
}

static gboolean
entry_dialog_open (gpointer data)
{
  return sl_hotlists_page_get_entry_dialog (data) != NULL;
}

static gboolean
entry_dialog_closed (gpointer data)
{
  return sl_hotlists_page_get_entry_dialog (data) == NULL;
}

static gboolean
versions_shown (gpointer data)
{
  return !sl_hotlists_page_is_busy (data) && sl_hotlists_page_get_n_versions_shown (data) > 0;
}

/* A window of @username on the Hot Lists page, the list @name chosen. */
static SlHotlistsPage *
open_hotlists (Flow       *flow,
               const char *username,
               const char *list_name)
{
  SlHotlistsPage *page = SL_HOTLISTS_PAGE (open_page (flow, username, "hotlists"));

  g_assert_true (wait_for (hotlists_ready, page, 10000));
  if (list_name != NULL)
    {
      g_assert_true (sl_hotlists_page_select_list (page, list_name));
      g_assert_true (wait_for (hotlists_settled, page, 10000));
    }
  return page;
}

/* The row of @plate in the entries shown, or -1. */
static int
find_entry (SlHotlistsPage *page,
            const char     *plate)
{
  GListModel *entries = sl_hotlists_page_get_entries (page);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SlHotlistEntry) entry = g_list_model_get_item (entries, i);

      if (g_str_equal (sl_hotlist_entry_get_plate (entry), plate))
        return (int) i;
    }
  return -1;
}

/* The position of @plate's proposal in the approval queue, or -1. */
static int
find_approval (SlHotlistsPage *page,
               const char     *plate)
{
  for (guint i = 0; i < sl_hotlists_page_get_n_approvals (page); i++)
    {
      SlHotlistApproval *approval;

      g_assert_true (sl_hotlists_page_select_approval (page, i));
      approval = sl_hotlists_page_get_selected_approval (page);
      if (g_str_equal (sl_hotlist_entry_get_plate (sl_hotlist_approval_get_entry (approval)), plate))
        return (int) i;
    }
  return -1;
}

/* Every text of a grid, one a line. */
static char *
grid_text (GtkWidget *grid)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (cell)));
  return g_string_free (text, FALSE);
}

static guint
count_css (GtkWidget  *grid,
           const char *css_class)
{
  guint n = 0;

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
    n += gtk_widget_has_css_class (cell, css_class);
  return n;
}

/* ---- reports ---- */

static SlReportsPage *
open_reports (Flow       *flow,
              const char *username)
{
  GtkWidget *page = open_page (flow, username, "reports");

  g_assert_true (sl_pages_contains (sl_window_get_visible_pages (SL_WINDOW (gtk_widget_get_root (page))),
                                    SL_PAGE_REPORTS));
  return SL_REPORTS_PAGE (page);
}

static gboolean
report_loaded (gpointer data)
{
  return !sl_reports_page_is_busy (data) &&
         (sl_reports_page_has_preview (data) || sl_reports_page_get_error (data) != NULL);
}

static gboolean
report_exported (gpointer data)
{
  return !sl_reports_page_is_exporting (data);
}

/* Shows @report and waits for its preview. */
static void
show_report (SlReportsPage *page,
             SlReport       report)
{
  g_assert_true (sl_reports_page_select (page, report));
  g_assert_true (wait_for (report_loaded, page, 20000));
  g_assert_null (sl_reports_page_get_error (page));
  g_assert_cmpint (sl_reports_page_get_report (page), ==, report);
}

/* Saves the report shown into @dir/@name; returns what was saved. */
static char *
export_report (SlReportsPage *page,
               const char    *format,
               const char    *dir,
               const char    *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  sl_reports_page_export (page, format, file);
  g_assert_true (sl_reports_page_is_exporting (page));
  g_assert_true (wait_for (report_exported, page, 20000));
  g_assert_null (sl_reports_page_get_error (page));
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_reports_page_get_exported_size (page), ==, (goffset) length);
  g_remove (path);
  return contents;
}

/* The administrator keeps a plate's reads for a case: the purge report's hold. */
static void
place_hold (const char *case_number,
            const char *plate)
{
  g_autoptr(SlClient) admin = client_for ("admin");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -2);
  g_autoptr(GDateTime) to = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) review = g_date_time_add_days (now, 90);
  g_autofree char *from_text = g_date_time_format_iso8601 (from);
  g_autofree char *to_text = g_date_time_format_iso8601 (to);
  g_autofree char *review_text = g_date_time_format_iso8601 (review);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "case_number", case_number);
  sl_json_builder_add_string_member (builder, "reason", "Homicide investigation; the reads are evidence for trial");
  sl_json_builder_add_string_member (builder, "review_at", review_text);
  sl_json_builder_add_string_member (builder, "plate", plate);
  sl_json_builder_add_string_member (builder, "from", from_text);
  sl_json_builder_add_string_member (builder, "to", to_text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  sl_client_call_async (admin, "POST", "/holds", body, NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  hold = sl_client_call_finish (admin, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (hold);
}

static void
test_e2e_reports (void)
{
  static const char * const plates[] = { "6RPT001", "6RPT002", "6RPT003" };
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *review = NULL;
  SlReportsPage *page;
  SlWindow *window;
  Flow flow = { 0 };
  gint64 reads;
  gint64 held;

  if (skip_without_service ())
    return;

  dir = g_dir_make_tmp ("test-ui-reports-XXXXXX", NULL);

  /* An officer has no Reports page. */
  flow_open (&flow, sl_test_service_get_url (service));
  flow_log_in (&flow, "officer", SL_TEST_PASSWORD, TRUE);
  window = SL_WINDOW (sl_application_get_main_window (flow.app));
  g_assert_nonnull (window);
  g_assert_false (sl_pages_contains (sl_window_get_visible_pages (window), SL_PAGE_REPORTS));
  flow_close (&flow);

  /* The administrator: the transparency report counts the reads as they come. */
  page = open_reports (&flow, "admin");
  g_assert_true (sl_reports_page_offers (page, SL_REPORT_ACCOUNT_REVIEW));
  g_assert_true (wait_for (report_loaded, page, 20000));
  g_assert_null (sl_reports_page_get_error (page));
  g_assert_cmpint (sl_reports_page_get_report (page), ==, SL_REPORT_TRANSPARENCY);
  g_assert_cmpint (sl_reports_page_get_figure (page, "cameras"), >=, 1);
  reads = sl_reports_page_get_figure (page, "reads");
  g_assert_cmpint (reads, >=, 0);

  for (guint i = 0; i < G_N_ELEMENTS (plates); i++)
    post_hit (plates[i], FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.refresh", NULL));
  g_assert_true (sl_reports_page_is_busy (page));
  g_assert_true (wait_for (report_loaded, page, 20000));
  g_assert_null (sl_reports_page_get_error (page));
  g_assert_cmpint (sl_reports_page_get_figure (page, "reads"), ==, reads + G_N_ELEMENTS (plates));
  g_assert_cmpint (sl_reports_page_get_figure (page, "privacy_policy"), ==, 7);
  screenshot ("reports-transparency");

  pdf = export_report (page, "pdf", dir, "transparency.pdf");
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  /* The period is the report's: 2020 holds none of today's reads. */
  g_assert_true (sl_reports_page_set_period (page, SL_REPORT_PERIOD_CUSTOM, "2020-01-01", "2020-12-31"));
  g_assert_true (wait_for (report_loaded, page, 20000));
  g_assert_cmpint (sl_reports_page_get_figure (page, "reads"), ==, 0);
  g_assert_false (sl_reports_page_set_period (page, SL_REPORT_PERIOD_CUSTOM, "2026-02-30", "2026-03-01"));
  g_assert_true (sl_reports_page_set_period (page, SL_REPORT_PERIOD_LAST_12_MONTHS, NULL, NULL));
  g_assert_true (wait_for (report_loaded, page, 20000));

  /* The surveillance report counts the same reads, day by day. */
  show_report (page, SL_REPORT_SURVEILLANCE);
  g_assert_cmpint (sl_reports_page_get_figure (page, "reads"), ==, reads + G_N_ELEMENTS (plates));
  g_assert_cmpint (sl_reports_page_get_figure (page, "reads_per_day"), >=, 1);
  screenshot ("reports-surveillance");

  /* The purge report: the hold placed for a case is the reason reads stay. */
  place_hold ("26-007788", plates[0]);
  show_report (page, SL_REPORT_PURGES);
  held = sl_reports_page_get_figure (page, "held");
  g_assert_cmpint (held, >=, 1);
  g_assert_cmpint (sl_reports_page_get_figure (page, "purges"), >=, 0);
  screenshot ("reports-purges");

  csv = export_report (page, NULL, dir, "purges.csv");
  g_assert_true (g_str_has_prefix (csv, "kind,at,by,reads,hits,images,alerts,hotlist_entries,sharing_records,"
                                        "total,held_reads,case_number,reason,review_at\r\n"));
  g_assert_nonnull (strstr (csv, ",26-007788,Homicide investigation; the reads are evidence for trial,"));

  /* The account review lists every account. */
  show_report (page, SL_REPORT_ACCOUNT_REVIEW);
  g_assert_cmpint (sl_reports_page_get_figure (page, "users"), >=, 7);
  screenshot ("reports-account-review");

  review = export_report (page, NULL, dir, "account-review.csv");
  g_assert_true (g_str_has_prefix (review, "username,"));
  g_assert_nonnull (strstr (review, "\r\nadmin,Ada Administrator,"));
  flow_close (&flow);

  /* Records sees the reports, but not the account review. */
  page = open_reports (&flow, "records");
  g_assert_false (sl_reports_page_offers (page, SL_REPORT_ACCOUNT_REVIEW));
  g_assert_false (sl_reports_page_select (page, SL_REPORT_ACCOUNT_REVIEW));
  g_assert_true (wait_for (report_loaded, page, 20000));
  g_assert_null (sl_reports_page_get_error (page));
  g_assert_cmpint (sl_reports_page_get_figure (page, "reads"), >=, reads + G_N_ELEMENTS (plates));
  show_report (page, SL_REPORT_PURGES);
  g_assert_cmpint (sl_reports_page_get_figure (page, "held"), ==, held);
  flow_close (&flow);

  g_rmdir (dir);
}

static void
test_e2e_hotlists_propose_and_approve (void)
{
  const char *list_name = "Major Crimes (proposals)";
  g_autoptr(SlClient) officer = NULL;
  g_autoptr(SlHotlistEntryFields) bad = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *expires_on = NULL;
  GAsyncResult *result = NULL;
  Flow flow = { 0 };
  SlHotlistsPage *page;
  SlHotlistEntryDialog *dialog;
  SlHotlistEntryForm form = { 0 };
  GtkWidget *save;
  SlHotlistEntry *entry;
  guint before;
  int row;

  if (skip_without_service ())
    return;

  create_specific_list (list_name);

  /* The officer proposes; the administrator's buttons are not theirs. */
  page = open_hotlists (&flow, "officer", list_name);
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "new_list_button")));
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "import_button")));
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "switcher_bar")));
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "new_entry_button")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hotlists.new-entry", NULL));
  g_assert_true (wait_for (entry_dialog_open, page, 2000));
  dialog = sl_hotlists_page_get_entry_dialog (page);
  save = ENTRY_FORM (dialog, "save_button");

  /* Empty: the save button says what is missing, the case format among it. */
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (save), "26-012345"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (save), "synopsis"));

  /* As typed: a pattern's preview, a case number not in the format. */
  form.plate = "6tr*";
  form.case_number = "CASE-1";
  sl_hotlist_entry_dialog_set_form (dialog, &form);
  g_assert_nonnull (strstr (gtk_label_get_text (ENTRY_FORM (dialog, "plate_label")), "6TR* — starts with 6TR"));
  g_assert_true (gtk_widget_has_css_class (ENTRY_FORM (dialog, "case_row"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (ENTRY_FORM (dialog, "why_error_label")), "26-012345"));
  g_assert_false (sl_hotlist_entry_dialog_can_save (dialog));

  /* What the service refuses is shown at its fields: here a real refusal
   * of a case number and an expiry beyond the profile's 100 days. */
  officer = client_for ("officer");
  bad = entry_fields ("6TRX001", "Black Camry seen leaving a robbery", 150);
  g_free (bad->case_number);
  bad->case_number = g_strdup ("CASE-1");
  sl_client_create_hotlist_entry_async (officer, sl_hotlist_get_id (sl_hotlists_page_get_list (page)), bad,
                                        NULL, store_cb, &result);
  g_assert_true (wait_for (has_result, &result, 10000));
  g_assert_null (sl_client_create_hotlist_entry_finish (officer, result, &refusal));
  g_clear_object (&result);
  g_assert_error (refusal, SL_CLIENT_ERROR, SL_CLIENT_ERROR_RULE);
  sl_hotlist_entry_dialog_show_refusal (dialog, refusal);
  g_assert_true (gtk_widget_has_css_class (ENTRY_FORM (dialog, "expiry_row"), "error"));
  g_assert_nonnull (strstr (sl_hotlist_entry_dialog_get_field_error (dialog, "expires_at"), "100"));
  g_assert_nonnull (strstr (gtk_label_get_text (ENTRY_FORM (dialog, "expiry_label")),
                            sl_hotlist_entry_dialog_get_field_error (dialog, "expires_at")));
  g_assert_true (gtk_widget_has_css_class (ENTRY_FORM (dialog, "case_row"), "error"));
  g_assert_nonnull (sl_hotlist_entry_dialog_get_field_error (dialog, "case_number"));
  screenshot ("hotlists-entry-refused");

  /* Filled in right, it is proposed and shows as pending. */
  form.plate = "6trx 207";
  form.region = "ca";
  form.reason = "stolen_vehicle";
  form.case_number = "26-004712";
  form.synopsis = "Silver Tacoma taken from a driveway on 5th Ave";
  form.make = "Toyota";
  form.model = "Tacoma";
  form.color = "silver";
  expires_on = sl_hotlist_default_expiry (NULL, g_get_real_time ());
  form.expires_on = expires_on;
  sl_hotlist_entry_dialog_set_form (dialog, &form);
  g_assert_true (sl_hotlist_entry_dialog_can_save (dialog));
  g_assert_null (gtk_widget_get_tooltip_text (save));
  screenshot ("hotlists-entry-form");
  g_assert_true (sl_hotlist_entry_dialog_save (dialog));
  g_assert_true (wait_for (entry_dialog_closed, page, 10000));
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  row = find_entry (page, "6TRX207");
  g_assert_cmpint (row, >=, 0);
  g_assert_true (sl_hotlists_page_select_entry (page, row));
  entry = sl_hotlists_page_get_selected_entry (page);
  g_assert_cmpint (sl_hotlist_entry_get_status (entry), ==, SL_HOTLIST_ENTRY_STATUS_PENDING);
  g_assert_cmpstr (sl_hotlist_entry_get_entered_by (entry), ==, "officer");
  g_assert_true (wait_for (versions_shown, page, 10000));
  g_assert_cmpuint (sl_hotlists_page_get_n_versions_shown (page), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (HOTLISTS (page, "detail_plate_label")), ==, "6TRX207");
  screenshot ("hotlists-officer");
  flow_close (&flow);

  /* The sergeant sees it in the queue, with a count, and approves it. */
  page = open_hotlists (&flow, "sergeant", list_name);
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "switcher_bar")));
  adw_view_stack_set_visible_child_name (HOTLISTS (page, "view_stack"), "approvals");
  before = sl_hotlists_page_get_n_approvals (page);
  g_assert_cmpuint (before, >=, 1);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (HOTLISTS (page, "approvals_page")), ==, before);
  row = find_approval (page, "6TRX207");
  g_assert_cmpint (row, >=, 0);
  g_assert_false (sl_hotlist_approval_is_update (sl_hotlists_page_get_selected_approval (page)));
  {
    g_autofree char *text = grid_text (HOTLISTS (page, "diff_grid"));

    g_assert_nonnull (strstr (text, "Silver Tacoma taken from a driveway"));
    g_assert_nonnull (strstr (text, "Stolen vehicle"));
    g_assert_nonnull (strstr (text, "26-004712"));
  }
  screenshot ("hotlists-approval-new");
  sl_hotlists_page_approve (page, "Checked against the case report");
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "approval_error_label")));
  g_assert_cmpuint (sl_hotlists_page_get_n_approvals (page), ==, before - 1);
  g_assert_cmpint (find_approval (page, "6TRX207"), <, 0);

  /* In force now, approved by the sergeant. */
  adw_view_stack_set_visible_child_name (HOTLISTS (page, "view_stack"), "lists");
  row = find_entry (page, "6TRX207");
  g_assert_cmpint (row, >=, 0);
  g_assert_true (sl_hotlists_page_select_entry (page, row));
  entry = sl_hotlists_page_get_selected_entry (page);
  g_assert_cmpint (sl_hotlist_entry_get_status (entry), ==, SL_HOTLIST_ENTRY_STATUS_ACTIVE);
  g_assert_cmpstr (sl_hotlist_entry_get_approved_by (entry), ==, "sergeant");
  flow_close (&flow);
}

static void
test_e2e_hotlists_update_as_difference (void)
{
  const char *list_name = "Major Crimes (updates)";
  g_autofree char *later = NULL;
  gint64 list_id;
  Flow flow = { 0 };
  SlHotlistsPage *page;
  SlHotlistEntryDialog *dialog;
  SlHotlistEntryForm form = { 0 };
  SlHotlistApproval *approval;
  SlHotlistEntry *entry;
  int row;

  if (skip_without_service ())
    return;

  list_id = create_specific_list (list_name);
  create_active_entry (list_id, "4KLM512");

  /* The officer proposes an update from the entry's detail. */
  page = open_hotlists (&flow, "officer", list_name);
  row = find_entry (page, "4KLM512");
  g_assert_cmpint (row, >=, 0);
  g_assert_true (sl_hotlists_page_select_entry (page, row));
  g_assert_true (wait_for (versions_shown, page, 10000));
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "edit_button")));
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "renew_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hotlists.edit-entry", NULL));
  g_assert_true (wait_for (entry_dialog_open, page, 2000));
  dialog = sl_hotlists_page_get_entry_dialog (page);

  /* Prefilled with the version in force: nothing changed, nothing to send. */
  g_assert_cmpstr (gtk_editable_get_text (ENTRY_FORM (dialog, "plate_row")), ==, "4KLM512");
  g_assert_false (sl_hotlist_entry_dialog_can_save (dialog));
  g_assert_nonnull (strstr (sl_hotlist_entry_dialog_get_missing (dialog), "Change a field"));

  later = sl_hotlist_default_expiry (NULL, g_get_real_time () + 30 * G_TIME_SPAN_DAY);
  form.synopsis = "Black Camry seen leaving a robbery; dent on the rear bumper";
  form.expires_on = later;
  sl_hotlist_entry_dialog_set_form (dialog, &form);
  g_assert_true (sl_hotlist_entry_dialog_can_save (dialog));
  g_assert_true (sl_hotlist_entry_dialog_save (dialog));
  g_assert_true (wait_for (entry_dialog_closed, page, 10000));
  g_assert_true (wait_for (hotlists_settled, page, 10000));

  /* The version in force stays; the update waits beside it. */
  row = find_entry (page, "4KLM512");
  g_assert_true (sl_hotlists_page_select_entry (page, row));
  entry = sl_hotlists_page_get_selected_entry (page);
  g_assert_cmpint (sl_hotlist_entry_get_status (entry), ==, SL_HOTLIST_ENTRY_STATUS_ACTIVE);
  g_assert_cmpstr (sl_hotlist_entry_get_synopsis (entry), ==, "Black Camry seen leaving a robbery");
  g_assert_true (wait_for (versions_shown, page, 10000));
  g_assert_cmpuint (sl_hotlists_page_get_n_versions_shown (page), ==, 2);
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "pending_group")));
  g_assert_cmpuint (count_css (HOTLISTS (page, "pending_grid"), "hotlist-diff-new"), ==, 2);
  screenshot ("hotlists-detail-pending");
  flow_close (&flow);

  /* The sergeant sees the update as a difference: old → new. */
  page = open_hotlists (&flow, "sergeant", list_name);
  adw_view_stack_set_visible_child_name (HOTLISTS (page, "view_stack"), "approvals");
  g_assert_cmpint (find_approval (page, "4KLM512"), >=, 0);
  approval = sl_hotlists_page_get_selected_approval (page);
  g_assert_true (sl_hotlist_approval_is_update (approval));
  g_assert_nonnull (strstr (gtk_label_get_text (HOTLISTS (page, "approval_kind_label")), "2 fields change"));
  g_assert_cmpuint (count_css (HOTLISTS (page, "diff_grid"), "hotlist-diff-old"), ==, 2);
  g_assert_cmpuint (count_css (HOTLISTS (page, "diff_grid"), "hotlist-diff-new"), ==, 2);
  g_assert_cmpuint (count_css (HOTLISTS (page, "diff_grid"), "hotlist-diff-changed"), ==, 2);
  {
    g_autofree char *text = grid_text (HOTLISTS (page, "diff_grid"));

    g_assert_nonnull (strstr (text, "Black Camry seen leaving a robbery\n→\nBlack Camry seen leaving a robbery; dent"));
    g_assert_nonnull (strstr (text, later));
  }
  screenshot ("hotlists-approval-update");

  /* Rejected with a reason: the version in force is still the first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "hotlists.reject", NULL);
  settle (100);
  screenshot ("hotlists-reject-dialog");
  sl_hotlists_page_reject (page, "The dent is on another car of the case");
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  g_assert_cmpint (find_approval (page, "4KLM512"), <, 0);
  adw_view_stack_set_visible_child_name (HOTLISTS (page, "view_stack"), "lists");
  row = find_entry (page, "4KLM512");
  g_assert_true (sl_hotlists_page_select_entry (page, row));
  g_assert_true (wait_for (versions_shown, page, 10000));
  g_assert_cmpuint (sl_hotlists_page_get_n_versions_shown (page), ==, 2);
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "pending_group")));
  g_assert_cmpstr (sl_hotlist_entry_get_synopsis (sl_hotlists_page_get_selected_entry (page)), ==,
                   "Black Camry seen leaving a robbery");
  flow_close (&flow);
}

static gboolean
list_dialog_closed (gpointer data)
{
  return sl_hotlists_page_get_list_dialog (data) == NULL;
}

static gboolean
import_stage_not_busy (gpointer data)
{
  return !sl_hotlist_import_dialog_is_busy (data);
}

static gboolean
list_chosen (gpointer data)
{
  SlHotlist *list = sl_hotlists_page_get_list (data);

  return list != NULL && g_str_equal (sl_hotlist_get_name (list), "State Stolen Plates (import)") &&
         !sl_hotlists_page_is_busy (data);
}

static void
test_e2e_hotlists_admin_imports (void)
{
  static const char csv[] =
    "LIC,LIS,OCA,NOTES,expiry\n"
    "5SAM123,CA,26-100001,stolen at the mall,2030-01-01\n"
    "6PLT 456,CA,26-100002,,2030-01-01\n"
    "!!!!,CA,26-100003,not a plate,2030-01-01\n"
    "7DOJ789,NV,26-100004,,2030-01-01\n"
    "8XYZ000,CA,26-100005,,not-a-date\n"
    "9ABC321,CA,26-100006,,2030-01-01\n";
  SlHotlistSettings settings = {
    .name = "State Stolen Plates (import)",
    .kind = SL_HOTLIST_KIND_GENERAL,
    .source = "CA-DOJ SFR",
    .priority = 20,
    .alert_level = SL_ALERT_LEVEL_MEDIUM,
    .tolerance = 1,
    .active = TRUE,
  };
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const SlHotlistImportSummary *summary;
  SlHotlistListDialog *list_dialog;
  SlHotlistImportDialog *dialog;
  Flow flow = { 0 };
  SlHotlistsPage *page;

  if (skip_without_service ())
    return;

  page = open_hotlists (&flow, "admin", NULL);
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "new_list_button")));

  /* A new general list, through the settings dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hotlists.new-list", NULL));
  list_dialog = sl_hotlists_page_get_list_dialog (page);
  g_assert_nonnull (list_dialog);
  g_assert_false (sl_hotlist_list_dialog_can_save (list_dialog));
  settings.import_time = "25:00";
  sl_hotlist_list_dialog_set_settings (list_dialog, &settings);
  g_assert_false (sl_hotlist_list_dialog_can_save (list_dialog));
  g_assert_nonnull (strstr (sl_hotlist_list_dialog_get_missing (list_dialog), "HH:MM"));
  settings.import_time = NULL;
  sl_hotlist_list_dialog_set_settings (list_dialog, &settings);
  g_assert_true (sl_hotlist_list_dialog_can_save (list_dialog));
  screenshot ("hotlists-new-list");
  g_assert_true (sl_hotlist_list_dialog_save (list_dialog));
  g_assert_true (wait_for (list_dialog_closed, page, 10000));
  g_assert_true (wait_for (list_chosen, page, 10000));
  g_assert_true (gtk_widget_get_visible (HOTLISTS (page, "import_button")));
  g_assert_false (gtk_widget_get_visible (HOTLISTS (page, "new_entry_button")));

  /* The file is read here first: delimiter, columns, first rows, bad rows. */
  dir = g_dir_make_tmp ("sightline-import-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_file_new_build_filename (dir, "sfr.csv", NULL);
  g_assert_true (g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE,
                                          NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hotlists.import", NULL));
  dialog = sl_hotlists_page_get_import_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (sl_hotlist_import_dialog_get_stage (dialog), ==, "choose");
  sl_hotlist_import_dialog_load_file (dialog, file);
  g_assert_true (wait_for (import_stage_not_busy, dialog, 10000));
  g_assert_null (sl_hotlist_import_dialog_get_error (dialog));
  g_assert_cmpstr (sl_hotlist_import_dialog_get_stage (dialog), ==, "preview");
  g_assert_cmpstr (adw_action_row_get_subtitle (IMPORT (dialog, "delimiter_row")), ==, "Comma");
  g_assert_cmpstr (adw_action_row_get_subtitle (IMPORT (dialog, "columns_row")), ==,
                   "LIC → Plate, LIS → State, OCA → Case number, NOTES → ignored, expiry → Expiry");
  g_assert_cmpstr (adw_action_row_get_subtitle (IMPORT (dialog, "rows_row")), ==, "4 good, 2 bad");
  {
    g_autofree char *rows = grid_text (IMPORT (dialog, "rows_grid"));

    g_assert_nonnull (strstr (rows, "6PLT456"));
    g_assert_null (strstr (rows, "!!!!"));
  }
  g_assert_true (gtk_widget_get_visible (IMPORT (dialog, "bad_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (IMPORT (dialog, "bad_label")), "Line 4"));
  screenshot ("hotlists-import-preview");

  /* Imported: the summary with the rejected lines. */
  g_assert_true (sl_hotlist_import_dialog_start (dialog));
  g_assert_true (wait_for (import_stage_not_busy, dialog, 20000));
  g_assert_null (sl_hotlist_import_dialog_get_error (dialog));
  g_assert_cmpstr (sl_hotlist_import_dialog_get_stage (dialog), ==, "summary");
  summary = sl_hotlist_import_dialog_get_summary (dialog);
  g_assert_nonnull (summary);
  g_assert_false (summary->kept_old);
  g_assert_cmpint (summary->added, ==, 4);
  g_assert_cmpint (summary->rejected, ==, 2);
  g_assert_cmpuint (summary->rejected_lines->len, ==, 2);
  g_assert_true (gtk_widget_get_visible (IMPORT (dialog, "rejected_group")));
  g_assert_nonnull (gtk_widget_get_first_child (IMPORT (dialog, "rejected_box")));
  g_assert_cmpstr (gtk_label_get_text (IMPORT (dialog, "summary_label")), ==,
                   "4 added, 0 removed, 2 rows rejected.");
  screenshot ("hotlists-import-summary");
  gtk_window_close (GTK_WINDOW (dialog));

  /* The list shows its rows and its state. */
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  g_assert_cmpuint (sl_hotlists_page_get_total (page), ==, 4);
  g_assert_nonnull (strstr (gtk_label_get_text (HOTLISTS (page, "list_subtitle_label")), "4 active"));
  sl_hotlists_page_set_filter (page, "6PL", NULL, SL_HOTLIST_ENTRY_ORDER_PLATE);
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  g_assert_cmpuint (sl_hotlists_page_get_total (page), ==, 1);
  sl_hotlists_page_set_filter (page, NULL, NULL, SL_HOTLIST_ENTRY_ORDER_PLATE);
  g_assert_true (wait_for (hotlists_settled, page, 10000));
  screenshot ("hotlists-admin");

  g_file_delete (file, NULL, NULL);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_file_delete (folder, NULL, NULL);
  }
  flow_close (&flow);
}

/* ---- sharing requests ---- */

static SlRequestsPage *
open_requests (Flow       *flow,
              const char *username)
{
  return SL_REQUESTS_PAGE (open_page (flow, username, "requests"));
}

static gboolean
requests_settled (gpointer data)
{
  return !sl_requests_page_is_busy (data);
}

static gboolean
intake_settled (gpointer data)
{
  return !sl_sharing_request_dialog_is_busy (data);
}

static gboolean
preview_counted (gpointer data)
{
  return sl_requests_page_get_preview_reads (data) >= 0;
}

static gboolean
package_saved (gpointer data)
{
  return sl_requests_page_get_manifest (data) != NULL && !sl_requests_page_is_busy (data);
}

static char *
local_day (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
test_e2e_requests (void)
{
  g_autofree char *yesterday = local_day (-1);
  g_autofree char *today = local_day (0);
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autoptr(GFile) zip = NULL;
  SlRequestsPage *page;
  SlSharingRequestDialog *dialog;
  SlSharingRequest *selected;
  Flow flow = { 0 };
  gint64 id;

  if (skip_without_service ())
    return;

  post_hit ("6REQ001", TRUE);

  /* The officer enters two requests; the rules answer at once. */
  page = open_requests (&flow, "officer");
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_cmpint (sl_requests_page_get_count (page, SL_SHARING_UNDER_REVIEW), ==, -1);  /* only their own */

  dialog = sl_requests_page_open_intake (page);
  sl_sharing_request_dialog_set_fields (dialog, "Bay Area Repo Services LLC", SL_AGENCY_PRIVATE,
                                        SL_JURISDICTION_CALIFORNIA_LOCAL, "J. Smith", "jsmith@example.com",
                                        "R-2211", "Locate a vehicle for repossession", "6REQ001", yesterday, today);
  sl_sharing_request_dialog_submit (dialog);
  g_assert_true (wait_for (intake_settled, dialog, 10000));
  g_assert_null (sl_sharing_request_dialog_get_error (dialog));
  g_assert_cmpint (sl_sharing_request_dialog_get_result (dialog)->status, ==, SL_SHARING_REFUSED);
  screenshot ("requests-refused");
  gtk_window_close (GTK_WINDOW (dialog));

  /* missing fields are named, and nothing is entered */
  dialog = sl_requests_page_open_intake (page);
  sl_sharing_request_dialog_set_fields (dialog, "Hayward Police Department", SL_AGENCY_LAW_ENFORCEMENT,
                                        SL_JURISDICTION_CALIFORNIA_LOCAL, "", "", "HPD-26-004411",
                                        "Armed robbery; suspect vehicle seen in Oakland", "6REQ001", yesterday, today);
  sl_sharing_request_dialog_submit (dialog);
  g_assert_true (wait_for (intake_settled, dialog, 10000));
  g_assert_nonnull (strstr (sl_sharing_request_dialog_get_error (dialog), "requester_name"));
  screenshot ("requests-intake-refused");

  sl_sharing_request_dialog_set_fields (dialog, "Hayward Police Department", SL_AGENCY_LAW_ENFORCEMENT,
                                        SL_JURISDICTION_CALIFORNIA_LOCAL, "Det. Maria Lopez", "mlopez@hayward-ca.gov",
                                        "HPD-26-004411", "Armed robbery; suspect vehicle seen in Oakland", "6REQ001",
                                        yesterday, today);
  sl_sharing_request_dialog_submit (dialog);
  g_assert_true (wait_for (intake_settled, dialog, 10000));
  g_assert_null (sl_sharing_request_dialog_get_error (dialog));
  g_assert_cmpint (sl_sharing_request_dialog_get_result (dialog)->status, ==, SL_SHARING_UNDER_REVIEW);
  id = sl_sharing_request_dialog_get_result (dialog)->id;
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_cmpuint (sl_requests_page_get_n_requests (page), >=, 2);
  g_assert_true (sl_requests_page_select (page, id));
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_false (sl_requests_page_can_review (page));
  flow_close (&flow);

  /* The administrator reviews it with the scope's count, approves, releases. */
  page = open_requests (&flow, "admin");
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_cmpint (sl_requests_page_get_count (page, SL_SHARING_UNDER_REVIEW), >=, 1);
  g_assert_true (sl_requests_page_select (page, id));
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_true (sl_requests_page_can_review (page));
  g_assert_true (wait_for (preview_counted, page, 10000));
  g_assert_cmpint (sl_requests_page_get_preview_reads (page), ==, 1);
  screenshot ("requests-review");

  sl_requests_page_decide (page, TRUE, "Armed robbery under active investigation; need and right to know shown",
                           "6REQ001", NULL);
  g_assert_true (wait_for (requests_settled, page, 10000));
  selected = sl_requests_page_get_selected (page);
  g_assert_cmpint (selected->status, ==, SL_SHARING_APPROVED);
  g_assert_cmpstr (selected->decided_by, ==, "admin");

  dir = g_dir_make_tmp ("test-ui-package-XXXXXX", NULL);
  zip_path = g_build_filename (dir, "package.zip", NULL);
  zip = g_file_new_for_path (zip_path);
  sl_requests_page_build_package (page, zip);
  g_assert_true (wait_for (package_saved, page, 20000));
  g_assert_null (sl_requests_page_get_error (page));
  g_assert_true (g_file_test (zip_path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (sl_requests_page_get_manifest (page), "cover-letter.pdf"));
  g_assert_true (wait_for (requests_settled, page, 10000));
  g_assert_cmpint (sl_requests_page_get_selected (page)->disclosures, ==, 1);
  screenshot ("requests-released");
  flow_close (&flow);

  g_remove (zip_path);
  g_rmdir (dir);
}

/* ---- the Admin page and compliance audits ---- */

static gboolean
admin_settled (gpointer data)
{
  return !sl_admin_page_is_busy (data);
}

static gboolean
admin_loaded (gpointer data)
{
  return !sl_admin_page_is_busy (data) && sl_admin_page_has_policy (data) &&
         sl_admin_page_get_n_items (data, "users") > 0;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
close_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
}

static void
test_e2e_admin (void)
{
  g_autofree char *today = local_day (0);
  g_autofree char *month_ago = local_day (-30);
  g_autofree char *in_a_month = local_day (30);
  g_autofree char *first_token = NULL;
  JsonObject *camera;
  SlAdminPage *page;
  JsonObject *user;
  JsonObject *training;
  JsonObject *hold;
  Flow flow = { 0 };
  gint64 hold_id;

  if (skip_without_service ())
    return;

  page = SL_ADMIN_PAGE (open_page (&flow, "admin", "admin"));
  g_assert_true (wait_for (admin_loaded, page, 10000));
  g_assert_null (sl_admin_page_get_error (page));
  g_assert_cmpuint (sl_admin_page_get_n_items (page, "users"), >=, 7);
  g_assert_cmpuint (sl_admin_page_get_n_items (page, "cameras"), >=, 1);
  g_assert_cmpstr (member (sl_admin_page_get_user (page, "officer"), "supervisor"), ==, "sergeant");
  screenshot ("admin-users");

  /* A new account: what is missing is named before anything is sent,
   * the service's password rule is shown, and the form stays open. */
  gtk_widget_activate_action (GTK_WIDGET (page), "admin.add-user", NULL);
  g_assert_true (sl_admin_page_has_form (page));
  sl_admin_page_form_set (page, "username", "newbie");
  sl_admin_page_form_set (page, "full_name", "Nia Newbie");
  sl_admin_page_form_submit (page);
  g_assert_nonnull (strstr (sl_admin_page_get_form_error (page), "marked in red"));
  sl_admin_page_form_set (page, "password", "short");
  sl_admin_page_form_set (page, "role-officer", "yes");
  sl_admin_page_form_set (page, "supervisor", "sergeant");
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_true (sl_admin_page_has_form (page));
  g_assert_nonnull (sl_admin_page_get_form_error (page));
  screenshot ("admin-user-refused");

  sl_admin_page_form_set (page, "password", "Plate-Reader-2026");
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_false (sl_admin_page_has_form (page));
  g_assert_true (wait_for (admin_settled, page, 10000));
  user = sl_admin_page_get_user (page, "newbie");
  g_assert_nonnull (user);
  g_assert_cmpstr (member (user, "supervisor"), ==, "sergeant");
  training = json_object_get_object_member (user, "training");
  g_assert_cmpstr (member (training, "status"), ==, "missing");

  /* Training recorded, then the account disabled and enabled again. */
  sl_admin_page_open_training (page, "newbie");
  sl_admin_page_form_set (page, "completed_on", today);
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_true (wait_for (admin_settled, page, 10000));
  training = json_object_get_object_member (sl_admin_page_get_user (page, "newbie"), "training");
  g_assert_cmpstr (member (training, "status"), ==, "current");

  sl_admin_page_open_disable (page, "newbie");
  sl_admin_page_form_set (page, "reason", "short");
  sl_admin_page_form_submit (page);
  g_assert_nonnull (sl_admin_page_get_form_error (page));
  sl_admin_page_form_set (page, "reason", "Transferred to another division");
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_nonnull (member (sl_admin_page_get_user (page, "newbie"), "disabled_at"));
  screenshot ("admin-user-disabled");

  sl_admin_page_enable_user (page, "newbie");
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_error (page));
  g_assert_null (member (sl_admin_page_get_user (page, "newbie"), "disabled_at"));

  /* A camera, with its token shown once. */
  gtk_widget_activate_action (GTK_WIDGET (page), "admin.add-camera", NULL);
  sl_admin_page_form_set (page, "name", "Grand Ave & Lakeshore");
  sl_admin_page_form_set (page, "lat", "95");
  sl_admin_page_form_set (page, "lon", "-122.2500");
  sl_admin_page_form_submit (page);
  g_assert_nonnull (strstr (sl_admin_page_get_form_error (page), "latitude"));
  sl_admin_page_form_set (page, "lat", "37.8110");
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_cmpuint (strlen (sl_admin_page_get_secret_shown (page)), ==, 64);
  screenshot ("admin-camera-token");
  close_message_dialogs ();
  g_assert_true (wait_for (admin_settled, page, 10000));

  /* a lost token is replaced; the new one is shown once too */
  first_token = g_strdup (sl_admin_page_get_secret_shown (page));
  camera = sl_admin_page_get_camera (page, "Grand Ave & Lakeshore");
  g_assert_nonnull (camera);
  sl_admin_page_renew_camera_token (page, json_object_get_int_member (camera, "id"));
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_error (page));
  g_assert_cmpuint (strlen (sl_admin_page_get_secret_shown (page)), ==, 64);
  g_assert_cmpstr (sl_admin_page_get_secret_shown (page), !=, first_token);
  close_message_dialogs ();
  g_assert_true (wait_for (admin_settled, page, 10000));

  sl_admin_page_show (page, "cameras");
  screenshot ("admin-cameras");

  /* The policy is shown read-only. */
  sl_admin_page_show (page, "policy");
  screenshot ("admin-policy");

  /* A legal hold: placed, renewed, released. */
  sl_admin_page_show (page, "holds");
  gtk_widget_activate_action (GTK_WIDGET (page), "admin.place-hold", NULL);
  sl_admin_page_form_set (page, "case_number", "26-004411");
  sl_admin_page_form_set (page, "reason", "Booked as evidence in a robbery case");
  sl_admin_page_form_set (page, "plate", "7abc123");
  sl_admin_page_form_set (page, "from", month_ago);
  sl_admin_page_form_set (page, "to", today);
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_true (wait_for (admin_settled, page, 10000));
  hold = sl_admin_page_get_hold (page, "26-004411");
  g_assert_nonnull (hold);
  g_assert_cmpstr (member (hold, "state"), ==, "in_force");
  g_assert_cmpstr (member (hold, "plate"), ==, "7ABC123");
  hold_id = json_object_get_int_member (hold, "id");
  screenshot ("admin-holds");

  sl_admin_page_open_hold_change (page, hold_id, TRUE);
  sl_admin_page_form_set (page, "review_at", in_a_month);
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));

  sl_admin_page_open_hold_change (page, hold_id, FALSE);
  sl_admin_page_form_set (page, "reason", "Case closed; evidence returned");
  sl_admin_page_form_submit (page);
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_null (sl_admin_page_get_form_error (page));
  g_assert_true (wait_for (admin_settled, page, 10000));
  g_assert_cmpstr (member (sl_admin_page_get_hold (page, "26-004411"), "state"), ==, "released");
  flow_close (&flow);
}

static gboolean
compliance_settled (gpointer data)
{
  return !sl_compliance_panel_is_busy (data);
}

static gboolean
compliance_has_due (gpointer data)
{
  return !sl_compliance_panel_is_busy (data) && sl_compliance_panel_get_due_text (data) != NULL;
}

static gboolean
signals_settled (gpointer data)
{
  return !sl_signals_panel_is_busy (data);
}

static void
test_e2e_compliance (void)
{
  g_autoptr(SlClient) officer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *memo_path = NULL;
  g_autofree char *memo = NULL;
  g_autoptr(GFile) file = NULL;
  SlCompliancePanel *panel;
  SlAuditPage *page;
  GtkWidget *second;
  JsonObject *audit;
  JsonArray *items;
  Flow flow = { 0 };
  gsize length = 0;
  guint n;

  if (skip_without_service ())
    return;

  /* searches to draw from, one plate searched again and again in vain */
  officer = client_for ("officer");
  for (int i = 0; i < 3; i++)
    search_as (officer, "26-000777", "0NONE00");

  page = SL_AUDIT_PAGE (open_page (&flow, "auditor", "audit"));
  sl_audit_page_show (page, "compliance");
  panel = sl_audit_page_get_compliance (page);
  g_assert_true (wait_for (compliance_has_due, panel, 10000));
  g_assert_nonnull (strstr (sl_compliance_panel_get_due_text (panel), "90 days"));

  /* a window that ends before it starts is refused */
  sl_compliance_panel_start_audit (panel, "2026-03-01", "2026-02-01", "");
  g_assert_true (wait_for (compliance_settled, panel, 10000));
  g_assert_nonnull (sl_compliance_panel_get_error (panel));

  sl_compliance_panel_start_audit (panel, "", "", "42");
  g_assert_true (wait_for (compliance_settled, panel, 10000));
  g_assert_null (sl_compliance_panel_get_error (panel));
  audit = sl_compliance_panel_get_audit (panel);
  g_assert_nonnull (audit);
  g_assert_cmpint (json_object_get_int_member (audit, "seed"), ==, 42);
  items = json_object_get_array_member (audit, "items");
  n = json_array_get_length (items);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (n, <=, 10);
  screenshot ("audit-compliance-sample");

  /* closing before every search is reviewed is refused */
  sl_compliance_panel_close_audit (panel, "Every search had a case and a purpose.");
  g_assert_true (wait_for (compliance_settled, panel, 10000));
  g_assert_nonnull (sl_compliance_panel_get_error (panel));

  /* a note typed in an open row outlives the review of another row */
  second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (child (panel, SL_TYPE_COMPLIANCE_PANEL,
                                                                            "items_list")));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (second), TRUE);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (second), "note"), "Checking the case file");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 position = json_object_get_int_member (item, "position");

      sl_compliance_panel_review (panel, position, i != 0, i == 0 ? "Purpose note does not fit the case" : NULL,
                                  FALSE);
      g_assert_true (wait_for (compliance_settled, panel, 10000));
      g_assert_null (sl_compliance_panel_get_error (panel));
      items = json_object_get_array_member (sl_compliance_panel_get_audit (panel), "items");
      if (i == 0)
        {
          second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (child (panel, SL_TYPE_COMPLIANCE_PANEL,
                                                                                    "items_list")));
          g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (second)));
          g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (second), "note")), ==,
                           "Checking the case file");
        }
    }
  g_assert_cmpint (json_object_get_int_member (sl_compliance_panel_get_audit (panel), "reviewed"), ==, n);
  screenshot ("audit-compliance-reviewed");

  sl_compliance_panel_close_audit (panel, "One search of the sample lacked a fitting purpose; the member was counselled.");
  g_assert_true (wait_for (compliance_settled, panel, 10000));
  g_assert_null (sl_compliance_panel_get_error (panel));
  g_assert_cmpstr (member (sl_compliance_panel_get_audit (panel), "status"), ==, "closed");
  g_assert_true (wait_for (compliance_has_due, panel, 10000));
  g_assert_nonnull (strstr (sl_compliance_panel_get_due_text (panel), "next compliance audit"));

  dir = g_dir_make_tmp ("test-ui-memo-XXXXXX", NULL);
  memo_path = g_build_filename (dir, "memo.pdf", NULL);
  file = g_file_new_for_path (memo_path);
  sl_compliance_panel_save_memo (panel, file);
  g_assert_true (wait_for (compliance_settled, panel, 10000));
  g_assert_true (sl_compliance_panel_get_memo_saved (panel));
  g_assert_true (g_file_get_contents (memo_path, &memo, &length, NULL));
  g_assert_true (g_str_has_prefix (memo, "%PDF-"));
  screenshot ("audit-compliance-closed");

  /* the plate searched in vain shows among the signals */
  sl_audit_page_show (page, "signals");
  g_assert_true (wait_for (signals_settled, sl_audit_page_get_signals (page), 10000));
  g_assert_null (sl_signals_panel_get_error (sl_audit_page_get_signals (page)));
  g_assert_cmpuint (sl_signals_panel_count (sl_audit_page_get_signals (page), "repeated_plate"), >=, 1);
  screenshot ("audit-signals");
  flow_close (&flow);

  g_remove (memo_path);
  g_rmdir (dir);
}

/* The service's offline map: two grey tiles, enough for the map to be drawn from it. */
static char *
make_tiles (const char *dir)
{
  g_autofree guint8 *pixels = g_malloc (256 * 256 * 4);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;

  memset (pixels, 0xc8, 256 * 256 * 4);
  data = g_bytes_new_take (g_steal_pointer (&pixels), 256 * 256 * 4);
  texture = gdk_memory_texture_new (256, 256, GDK_MEMORY_R8G8B8A8, data, 256 * 4);
  png = gdk_texture_save_to_png_bytes (texture);
  return sl_test_make_mbtiles (dir, "county.mbtiles", "png", png, png);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *trained = sl_test_date_days_ago (30);
  g_autofree char *lapsed = sl_test_date_days_ago (400);
  const SlTestUser users[] = {
    { "sergeant", "Sam Sergeant", "officer,supervisor", trained, NULL },
    { "officer", "Olivia Officer", "officer", trained, "sergeant" },
    { "auditor", "Avery Auditor", "auditor", trained, NULL },
    { "records", "Rene Records", "records", trained, NULL },
    { "lapsed", "Lee Lapsed", "officer", lapsed, NULL },
    { "unlucky", "Uma Unlucky", "officer", trained, NULL },
    { "admin", "Ada Administrator", "administrator", trained, NULL },
  };
  SlTestSetup setup = {
    .camera_name = "Broadway & 14th St",
    .list_name = "Stolen Vehicles (NCIC)",
    .list_csv = "plate,state,category,case_number\n"
                "7ABC123,CA,stolen_vehicle,26-000123\n"
                "8XYZ999,CA,felony_vehicle,26-000200\n"
                "5DEF456,CA,stolen_plate,26-000311\n",
  };
  g_autofree char *tiles_dir = NULL;
  g_autofree char *tiles = NULL;
  int status;

  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  /* The alert chime plays into nothing. */
  g_setenv ("SIGHTLINE_AUDIO_SINK", "fakesink", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("SL_TEST_NONFATAL") != NULL)
    g_log_set_always_fatal (G_LOG_FATAL_MASK);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  /* Xvfb has no window manager to move the focus between windows; a
   * blinking cursor in a window that lost it would warn. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  if (sl_test_service_program () != NULL)
    {
      g_autoptr(GError) error = NULL;

#ifdef HAVE_RTSP_SERVER
      rtsp_start ();
#endif
      notifications_start ();
      setup.stream_url = rtsp_url != NULL ? rtsp_url : "rtsp://127.0.0.1:1/none";
      tiles_dir = g_dir_make_tmp ("test-ui-tiles-XXXXXX", NULL);
      tiles = make_tiles (tiles_dir);
      setup.tiles_file = tiles;
      service = sl_test_service_start_full (users, G_N_ELEMENTS (users), FALSE, &setup, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/ui/login/builds", test_login_window_builds);
  g_test_add_func ("/ui/login/needs-acknowledgement", test_login_button_needs_acknowledgement);
  g_test_add_func ("/ui/main/pages-follow-roles", test_main_window_pages_follow_roles);
  g_test_add_func ("/ui/main/auditor-audit-and-reports", test_main_window_auditor_sees_audit_and_reports);
  g_test_add_func ("/ui/main/no-role", test_main_window_no_role);
  g_test_add_func ("/ui/main/training-banner", test_main_window_training_banner);
  g_test_add_func ("/ui/main/training-expiring", test_main_window_training_expiring);
  g_test_add_func ("/ui/main/lock-hides-contents", test_main_window_lock_hides_contents);
  g_test_add_func ("/ui/e2e/officer-logs-in", test_e2e_officer_logs_in);
  g_test_add_func ("/ui/e2e/auditor-pages", test_e2e_auditor_pages);
  g_test_add_func ("/ui/e2e/wrong-password", test_e2e_wrong_password);
  g_test_add_func ("/ui/e2e/locked-account", test_e2e_locked_account);
  g_test_add_func ("/ui/e2e/unreachable", test_e2e_unreachable);
  g_test_add_func ("/ui/e2e/lapsed-training", test_e2e_lapsed_training);
  g_test_add_func ("/ui/e2e/lock-unlock-logout", test_e2e_lock_unlock_logout);
  g_test_add_func ("/ui/live/detail-buttons", test_detail_buttons_follow_state_machine);
  g_test_add_func ("/ui/live/detail-candidate", test_detail_candidate_beside_entry);
  g_test_add_func ("/ui/live/detail-analyst", test_detail_analyst_reads_only);
  g_test_add_func ("/ui/live/detail-close-disposition", test_detail_close_asks_disposition);
  g_test_add_func ("/ui/e2e/live-alert", test_e2e_live_alert);
  g_test_add_func ("/ui/e2e/live-cameras", test_e2e_live_cameras);
  g_test_add_func ("/ui/e2e/live-catch-up", test_e2e_live_catch_up);
  g_test_add_func ("/ui/live/tile-plays-added-stream", test_tile_plays_added_stream);
  g_test_add_func ("/ui/media/video-reconnects", test_video_plays_and_reconnects);
  g_test_add_func ("/ui/e2e/search", test_e2e_search);
  g_test_add_func ("/ui/e2e/track-leads", test_e2e_track_leads);
  g_test_add_func ("/ui/e2e/map", test_e2e_map);
  g_test_add_func ("/ui/e2e/audit-page", test_e2e_audit_page);
  g_test_add_func ("/ui/e2e/my-activity", test_e2e_my_activity);
  g_test_add_func ("/ui/e2e/hotlists-propose-approve", test_e2e_hotlists_propose_and_approve);
  g_test_add_func ("/ui/e2e/hotlists-update-difference", test_e2e_hotlists_update_as_difference);
  g_test_add_func ("/ui/e2e/hotlists-admin-import", test_e2e_hotlists_admin_imports);
  g_test_add_func ("/ui/e2e/requests", test_e2e_requests);
  g_test_add_func ("/ui/e2e/reports", test_e2e_reports);
  g_test_add_func ("/ui/e2e/admin", test_e2e_admin);
  g_test_add_func ("/ui/e2e/compliance", test_e2e_compliance);

  status = g_test_run ();

  g_clear_object (&shared_app);
  sl_test_service_stop (service);
  if (tiles != NULL)
    g_remove (tiles);
  if (tiles_dir != NULL)
    g_rmdir (tiles_dir);
#ifdef HAVE_RTSP_SERVER
  rtsp_stop ();
#endif
  g_free (rtsp_url);
  g_free (last_notification);
  return status;
}
