#define G_LOG_DOMAIN "sl-test-ui-widgets"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sl-application.h"
#include "sl-json.h"
#include "sl-login-window.h"
#include "sl-pages.h"
#include "sl-test-service.h"
#include "sl-window.h"

/* The login window and the main window, alone and against a real service.
 * Runs under Xvfb; without a display every test is skipped. With
 * SL_SCREENSHOT_DIR set, screens are captured with ImageMagick's import. */

static SlTestService *service;
static SlApplication *shared_app;

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
test_main_window_auditor_sees_audit_only (void)
{
  g_autoptr(SlClient) client = sl_client_new ();
  SlWindow *window = main_window_for (client, "[\"auditor\"]", "current");
  AdwViewStack *stack = MAIN (window, "view_stack");

  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, SL_PAGE_BIT (SL_PAGE_AUDIT));
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
  g_assert_cmpuint (sl_window_get_visible_pages (window), ==, SL_PAGE_BIT (SL_PAGE_AUDIT));
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
  };
  int status;

  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
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

      service = sl_test_service_start (users, G_N_ELEMENTS (users), FALSE, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/ui/login/builds", test_login_window_builds);
  g_test_add_func ("/ui/login/needs-acknowledgement", test_login_button_needs_acknowledgement);
  g_test_add_func ("/ui/main/pages-follow-roles", test_main_window_pages_follow_roles);
  g_test_add_func ("/ui/main/auditor-audit-only", test_main_window_auditor_sees_audit_only);
  g_test_add_func ("/ui/main/no-role", test_main_window_no_role);
  g_test_add_func ("/ui/main/training-banner", test_main_window_training_banner);
  g_test_add_func ("/ui/main/lock-hides-contents", test_main_window_lock_hides_contents);
  g_test_add_func ("/ui/e2e/officer-logs-in", test_e2e_officer_logs_in);
  g_test_add_func ("/ui/e2e/auditor-pages", test_e2e_auditor_pages);
  g_test_add_func ("/ui/e2e/wrong-password", test_e2e_wrong_password);
  g_test_add_func ("/ui/e2e/locked-account", test_e2e_locked_account);
  g_test_add_func ("/ui/e2e/unreachable", test_e2e_unreachable);
  g_test_add_func ("/ui/e2e/lapsed-training", test_e2e_lapsed_training);
  g_test_add_func ("/ui/e2e/lock-unlock-logout", test_e2e_lock_unlock_logout);

  status = g_test_run ();

  g_clear_object (&shared_app);
  sl_test_service_stop (service);
  return status;
}
