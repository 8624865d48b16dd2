#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <sodium.h>

#include "sl-accounts.h"
#include "sl-cli.h"
#include "sl-hotlist-import.h"
#include "sl-password.h"
#include "sl-profiles.h"
#include "sl-retention.h"
#include "sl-server.h"
#include "sl-sqlite-store.h"

#define EXIT_USAGE 2

typedef int (*SlCommandFunc) (const char *name,
                              char      **args);

typedef struct
{
  const char    *name;
  const char    *summary;
  SlCommandFunc  func;
} SlCommand;

static int cmd_init         (const char *name, char **args);
static int cmd_user_add     (const char *name, char **args);
static int cmd_user_unlock  (const char *name, char **args);
static int cmd_user_enable  (const char *name, char **args);
static int cmd_user_list    (const char *name, char **args);
static int cmd_serve        (const char *name, char **args);
static int cmd_audit_verify (const char *name, char **args);
static int cmd_camera_add   (const char *name, char **args);
static int cmd_hotlist_import (const char *name, char **args);
static int cmd_purge        (const char *name, char **args);

static const SlCommand commands[] = {
  { "init",         "Create a database, or replace its policy profile", cmd_init },
  { "user add",     "Add a user account (password read from standard input)", cmd_user_add },
  { "user unlock",  "Unlock an account locked after failed logins", cmd_user_unlock },
  { "user enable",  "Enable an account disabled after 90 days without a login", cmd_user_enable },
  { "user list",    "List the user accounts", cmd_user_list },
  { "serve",        "Run the HTTP/JSON API", cmd_serve },
  { "audit verify", "Check that the access log is complete and unchanged", cmd_audit_verify },
  { "camera add",   "Add a camera and print the token it posts reads with", cmd_camera_add },
  { "hotlist import", "Replace a general hot list with the rows of a CSV file", cmd_hotlist_import },
  { "purge",        "Remove what the retention periods no longer allow", cmd_purge },
};

/* Helpers ----------------------------------------------------------------- */

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: sightlined COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “sightlined COMMAND --help” for a command's options.\n");
}

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("sightlined: %s\n", message);
  return EXIT_FAILURE;
}

static int
usage_error (const char *command,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const char *command,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("sightlined %s: %s\nRun “sightlined %s --help” for its options.\n",
              command, message, command);
  return EXIT_USAGE;
}

/* Parses @args (args[0] is the program name) and refuses anything left over. */
static int
parse_options (const char    *command,
               const char    *summary,
               GOptionEntry  *entries,
               char        ***args)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("— %s", summary);

  context = g_option_context_new (title);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, args, &error))
    return usage_error (command, "%s", error->message);

  if (g_strv_length (*args) > 1)
    return usage_error (command, "unexpected argument “%s”", (*args)[1]);

  return EXIT_SUCCESS;
}

static gboolean
require (const char *command,
         const char *option,
         const char *value,
         int        *status)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  *status = usage_error (command, "%s is required", option);
  return FALSE;
}

/* Opens an existing database: only init creates one. */
static SlStore *
open_store (const char  *path,
            GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   "%s does not exist; create it with “sightlined init --db %s --policy NAME”",
                   path, path);
      return NULL;
    }

  return sl_sqlite_store_open (path, error);
}

/* Like open_store, but never writes: an evidence copy must stay as it is. */
static SlStore *
open_store_readonly (const char  *path,
                     GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "%s does not exist", path);
      return NULL;
    }

  return sl_sqlite_store_open_readonly (path, error);
}

static SlPolicy *
load_policy (SlStore  *store,
             GError  **error)
{
  g_autofree char *json = sl_store_dup_policy (store, error);

  if (json == NULL)
    return NULL;

  return sl_policy_new_from_data (json, -1, error);
}

/* A record of something done at the server's console, by the OS user. */
static SlAuditRecord *
console_record (SlPolicy   *policy,
                const char *action,
                const char *outcome)
{
  SlAuditRecord *record = sl_audit_record_new (action, outcome);

  record->time_us = sl_clock_now_us (sl_clock_get_system ());
  record->username = g_strconcat ("console:", g_get_user_name (), NULL);
  record->organization = g_strdup (sl_accounts_default_organization (policy));
  record->client_address = g_strdup ("console");
  record->policy_version = g_strdup (sl_policy_get_version_tag (policy));
  return record;
}

static void
set_record_data (SlAuditRecord *record,
                 JsonBuilder   *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_free (record->data);
  record->data = sl_json_to_string (root, FALSE);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Reads the first line of standard input, without its line ending. */
static char *
read_password_line (GError **error)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (line->len == 0)
    {
      sl_password_wipe (line->str);
      g_string_free (line, TRUE);
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "No password on standard input; pass it as the first line");
      return NULL;
    }

  return g_string_free (line, FALSE);
}

static void
free_password (char *password)
{
  sl_password_wipe (password);
  g_free (password);
}

/* The option a member of the shared checks (sl-accounts.h) comes from. */
static char *
option_of (const char *member)
{
  if (g_str_equal (member, "roles"))
    return g_strdup ("--role");
  if (g_str_equal (member, "password"))
    return g_strdup ("the password");
  return g_strdelimit (g_strconcat ("--", member, NULL), "_", '-');
}

/* Says what is wrong, option by option, as the shared checks found it. */
static int
fail_problems (JsonObject *problems,
               int         status)
{
  g_autoptr(GList) members = json_object_get_members (problems);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *option = option_of (l->data);

      g_printerr ("sightlined: %s: %s\n", option, json_object_get_string_member (problems, l->data));
    }
  return status;
}

/* init -------------------------------------------------------------------- */

static int
cmd_init (const char  *name,
          char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *profile = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file (created when missing)", "FILE" },
    { "policy", 0, 0, G_OPTION_ARG_STRING, &profile, "A built-in profile or a profile file", "NAME|FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlPolicy) previous = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *origin = NULL;
  g_autofree char *previous_json = NULL;
  const char *data;
  gsize length;
  int status;

  status = parse_options (name, "create a database, or replace its policy profile", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status) || !require (name, "--policy", profile, &status))
    return status;

  bytes = sl_profiles_load (profile, &origin, &error);
  if (bytes == NULL)
    return fail ("%s", error->message);

  data = g_bytes_get_data (bytes, &length);
  policy = sl_policy_new_from_data (data, length, &error);
  if (policy == NULL)
    return fail ("The policy profile (%s) cannot be used: %s", origin, error->message);

  store = sl_sqlite_store_open (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);

  previous_json = sl_store_dup_policy (store, &error);
  if (previous_json == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    return fail ("%s", error->message);
  g_clear_error (&error);
  if (previous_json != NULL)
    previous = sl_policy_new_from_data (previous_json, -1, NULL);

  /* Logged first: no change without its record. */
  record = console_record (policy, "policy.install", "ok");
  json_builder_begin_object (builder);
  add_member (builder, "id", sl_policy_get_id (policy));
  add_member (builder, "version", sl_policy_get_version (policy));
  add_member (builder, "source", origin);
  add_member (builder, "replaces", previous != NULL ? sl_policy_get_version_tag (previous) : NULL);
  json_builder_end_object (builder);
  set_record_data (record, builder);
  if (!sl_store_audit_append (store, record, &error))
    return fail ("%s; the policy profile was not installed", error->message);

  if (!sl_store_set_policy (store, sl_policy_get_json (policy),
                            sl_clock_now_us (sl_clock_get_system ()), &error))
    {
      g_autoptr(SlAuditRecord) failed = console_record (policy, "policy.install", "failed");

      sl_store_audit_append (store, failed, NULL);
      return fail ("%s", error->message);
    }

  if (previous != NULL)
    g_print ("Replaced policy profile %s with %s (%s) in %s\n",
             sl_policy_get_version_tag (previous), sl_policy_get_version_tag (policy),
             sl_policy_get_agency (policy), db);
  else
    g_print ("Created %s with policy profile %s (%s)\n",
             db, sl_policy_get_version_tag (policy), sl_policy_get_agency (policy));

  return EXIT_SUCCESS;
}

/* user add ---------------------------------------------------------------- */

static int
cmd_user_add (const char  *name,
              char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *username = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *trained_on = NULL;
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, "Login name: lower-case letters, digits, '.', '_', '-'", "U" },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, "The person's full name", "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &roles_text,
      "officer, analyst, supervisor, administrator, auditor or records; several separated by commas", "R[,R…]" },
    { "badge", 0, 0, G_OPTION_ARG_STRING, &badge, "Badge or employee number", "B" },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization, "Agency ORI (default: the profile's)", "ORG" },
    { "supervisor", 0, 0, G_OPTION_ARG_STRING, &supervisor, "Username of the immediate supervisor", "U" },
    { "trained-on", 0, 0, G_OPTION_ARG_STRING, &trained_on, "Date ALPR training was completed", "YYYY-MM-DD" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from the first line of standard input", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlUser) user = NULL;
  g_autoptr(SlUser) existing = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) problems = json_object_new ();
  g_autofree char *role_names = NULL;
  gint64 now_us = sl_clock_now_us (sl_clock_get_system ());
  SlAccountSpec spec = { 0 };
  char *password;
  SlRoles roles = SL_ROLE_NONE;
  int status;

  status = parse_options (name, "add a user account", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status) ||
      !require (name, "--username", username, &status) ||
      !require (name, "--full-name", full_name, &status) ||
      !require (name, "--role", roles_text, &status))
    return status;
  if (!password_stdin)
    return usage_error (name, "--password-stdin is required: the password is read from standard "
                        "input, never taken from the command line");

  if (!sl_roles_parse (roles_text, &roles, &error))
    return fail ("%s", error->message);

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);

  existing = sl_store_find_user (store, username, &error);
  if (existing != NULL)
    return fail ("A user “%s” already exists", username);
  if (!g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    return fail ("%s", error->message);
  g_clear_error (&error);

  password = read_password_line (&error);
  if (password == NULL)
    return fail ("%s", error->message);

  /* the rules of POST /users */
  spec.username = username;
  spec.full_name = full_name;
  spec.roles = roles;
  spec.badge = badge;
  spec.organization = organization;
  spec.supervisor = supervisor;
  spec.trained_on = trained_on;
  spec.password = password;
  if (!sl_accounts_check_user (store, &spec, now_us, problems, &error) || json_object_get_size (problems) > 0)
    {
      free_password (password);
      return error != NULL ? fail ("%s", error->message) : fail_problems (problems, EXIT_FAILURE);
    }
  user = sl_accounts_new_user (&spec, policy, now_us, &error);
  free_password (password);
  if (user == NULL)
    return fail ("%s", error->message);

  role_names = sl_roles_to_string (roles);
  record = console_record (policy, "user.add", "ok");
  sl_accounts_describe_user (builder, user);
  set_record_data (record, builder);
  if (!sl_store_audit_append (store, record, &error))
    return fail ("%s; the user was not added", error->message);

  if (!sl_store_add_user (store, user, &error))
    {
      g_autoptr(SlAuditRecord) failed = console_record (policy, "user.add", "failed");

      failed->data = g_strdup (record->data);
      sl_store_audit_append (store, failed, NULL);
      return fail ("%s", error->message);
    }

  g_print ("Added user %s (%s), roles: %s\n", username, full_name, role_names);
  if (trained_on == NULL)
    g_print ("No training is recorded: %s cannot use ALPR data until it is\n", username);
  if (user->totp_secret != NULL)
    {
      g_autofree char *uri = sl_totp_uri (user->totp_secret, sl_policy_get_agency (policy), username);

      g_print ("This agency requires a one-time code at login. Enroll the user's authenticator app:\n");
      g_print ("TOTP secret: %s\n", user->totp_secret);
      g_print ("TOTP URI: %s\n", uri);
    }

  return EXIT_SUCCESS;
}

/* user unlock ------------------------------------------------------------- */

/* Unlocks an account after failed logins, or enables one disabled for disuse. */
static int
change_account (const char  *name,
                char       **args,
                gboolean     enable)
{
  g_autofree char *db = NULL;
  g_autofree char *username = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, enable ? "The account to enable" : "The account to unlock",
      "U" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlUser) user = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean was;
  int status;

  status = parse_options (name, enable ? "enable an account disabled for disuse" : "unlock an account",
                          entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status) || !require (name, "--username", username, &status))
    return status;

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);
  user = sl_store_find_user (store, username, &error);
  if (user == NULL)
    return fail ("%s", error->message);

  was = enable ? user->disabled_at_us != 0 : user->locked_at_us != 0;
  record = console_record (policy, enable ? "user.enable" : "user.unlock", "ok");
  json_builder_begin_object (builder);
  add_member (builder, "target", username);
  json_builder_set_member_name (builder, enable ? "was_disabled" : "was_locked");
  json_builder_add_boolean_value (builder, was);
  json_builder_end_object (builder);
  set_record_data (record, builder);
  if (!sl_store_audit_append (store, record, &error))
    return fail ("%s; the account was not changed", error->message);

  if (enable)
    {
      /* its disuse counts again from now */
      user->disabled_at_us = 0;
      user->last_login_us = sl_clock_now_us (sl_clock_get_system ());
    }
  else
    user->locked_at_us = 0;
  if (!sl_store_update_user (store, user, &error) ||
      (!enable && !sl_store_clear_login_failures (store, user->id, &error)))
    return fail ("%s", error->message);

  if (enable)
    g_print (was ? "Enabled %s\n" : "%s was not disabled\n", username);
  else if (was)
    g_print ("Unlocked %s\n", username);
  else
    g_print ("%s was not locked; its failed-login count is reset\n", username);
  return EXIT_SUCCESS;
}

static int
cmd_user_unlock (const char  *name,
                 char       **args)
{
  return change_account (name, args, FALSE);
}

static int
cmd_user_enable (const char  *name,
                 char       **args)
{
  return change_account (name, args, TRUE);
}

/* user list --------------------------------------------------------------- */

static int
cmd_user_list (const char  *name,
               char       **args)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 now_us = sl_clock_now_us (sl_clock_get_system ());
  int status;

  status = parse_options (name, "list the user accounts", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status))
    return status;

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);
  users = sl_store_list_users (store, &error);
  if (users == NULL)
    return fail ("%s", error->message);

  g_print ("%-20s %-28s %-28s %-16s %-10s %s\n",
           "USERNAME", "FULL NAME", "ROLES", "SUPERVISOR", "TRAINING", "STATE");
  for (guint i = 0; i < users->len; i++)
    {
      const SlUser *user = g_ptr_array_index (users, i);
      g_autofree char *roles = sl_roles_to_string (user->roles);
      SlTrainingStatus training;

      training = sl_user_training_status (user, sl_policy_get_training_interval_days (policy), now_us, NULL);
      g_print ("%-20s %-28s %-28s %-16s %-10s %s\n",
               user->username, user->full_name, roles,
               user->supervisor != NULL ? user->supervisor : "-",
               sl_training_status_to_string (training),
               user->locked_at_us != 0 ? "locked" : "active");
    }

  return EXIT_SUCCESS;
}

/* serve ------------------------------------------------------------------- */

static gboolean
parse_listen (const char  *text,
              char       **host,
              guint       *port,
              GError     **error)
{
  const char *colon;
  guint64 number;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto invalid;
      *host = g_strndup (text + 1, end - text - 1);
      colon = end + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL || colon == text)
        goto invalid;
      *host = g_strndup (text, colon - text);
    }

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &number, NULL))
    {
      g_clear_pointer (host, g_free);
      goto invalid;
    }

  *port = (guint) number;
  return TRUE;

invalid:
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               "--listen takes HOST:PORT, such as 127.0.0.1:8443 or [::1]:8443 (port 0 picks a free one), not “%s”",
               text);
  return FALSE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_str_equal (host, "localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static int
cmd_serve (const char  *name,
           char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *ocr_classes = NULL;
  g_autofree char *tiles_file = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port to listen on", "HOST:PORT" },
    { "tiles", 0, 0, G_OPTION_ARG_FILENAME, &tiles_file,
      "An MBTiles file with raster tiles, served to the workstations as their offline map", "FILE" },
    { "ocr-classes", 0, 0, G_OPTION_ARG_FILENAME, &ocr_classes,
      "The agency's look-alike characters for OCR-tolerant matching (format of data/ocr-classes.txt)", "FILE" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this PEM certificate (chain)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's PEM private key", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SlServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  guint port = 0;
  guint sigint_id;
  guint sigterm_id;
  int status;

  status = parse_options (name, "run the HTTP/JSON API", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status) || !require (name, "--listen", listen, &status))
    return status;
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (name, "--tls-cert and --tls-key go together");
  if (!parse_listen (listen, &host, &port, &error))
    return usage_error (name, "%s", error->message);

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail ("Cannot use the TLS certificate %s with key %s: %s", tls_cert, tls_key, error->message);
    }

  server = sl_server_new (store, policy, sl_clock_get_system ());
  if (tiles_file != NULL)
    {
      SlMbtiles *tiles = sl_mbtiles_open (tiles_file, &error);

      if (tiles == NULL)
        return fail ("%s", error->message);
      g_message ("Serving the offline map “%s” (zoom %d–%d)", sl_mbtiles_get_name (tiles),
                 sl_mbtiles_get_min_zoom (tiles), sl_mbtiles_get_max_zoom (tiles));
      sl_server_set_tiles (server, tiles);
    }
  if (ocr_classes != NULL)
    {
      g_autofree char *text = NULL;
      SlOcrClasses *classes;

      if (!g_file_get_contents (ocr_classes, &text, NULL, &error))
        return fail ("%s", error->message);
      classes = sl_ocr_classes_new_from_text (text, &error);
      if (classes == NULL)
        return fail ("%s: %s", ocr_classes, error->message);
      if (!sl_server_set_ocr_classes (server, classes, &error))
        return fail ("%s", error->message);
    }
  if (!sl_server_listen (server, host, port, certificate, &error))
    return fail ("Cannot listen on %s: %s", listen, error->message);

  url = sl_server_dup_url (server);
  if (certificate == NULL && !is_loopback (host))
    g_printerr ("sightlined: serving plain HTTP on %s: passwords, tokens and ALPR data cross the network "
                "unencrypted; give --tls-cert and --tls-key\n", listen);
  g_print ("Listening on %s\n", url);
  fflush (stdout);
  g_message ("Serving %s under policy profile %s", sl_policy_get_agency (policy),
             sl_policy_get_version_tag (policy));

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  sl_server_stop (server);

  g_message ("Stopped; all sessions have ended");
  return EXIT_SUCCESS;
}

/* purge ------------------------------------------------------------------- */

static int
cmd_purge (const char  *name,
           char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *as_of = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, "Purge as if it were this time (default: now)", "ISO8601" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Report what would go, and keep it", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *report = NULL;
  SlPurgePlan plan;
  SlPurgeResult result;
  gint64 now_us = sl_clock_now_us (sl_clock_get_system ());
  int status;

  status = parse_options (name, "remove what the retention periods no longer allow", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status))
    return status;
  if (as_of != NULL && !sl_clock_parse_iso8601 (as_of, &now_us, &error))
    return usage_error (name, "--as-of: %s", error->message);

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);

  sl_retention_plan (policy, now_us, dry_run, &plan);
  record = console_record (policy, dry_run ? "retention.purge.dry_run" : "retention.purge", "ok");
  if (!sl_store_purge (store, &plan, &result, record, &error))
    return fail ("The purge failed, and nothing was removed: %s", error->message);

  report = sl_retention_describe (&result, dry_run);
  g_print ("%s", report);

  /* the daily duties: unused accounts go with the data */
  if (!dry_run)
    {
      g_autofree char *by = g_strconcat ("console:", g_get_user_name (), NULL);
      gint64 disabled = sl_retention_disable_inactive (store, policy, now_us, by, &error);

      if (disabled < 0)
        return fail ("Could not disable unused accounts: %s", error->message);
      g_print ("Accounts disabled after %d days without a login: %" G_GINT64_FORMAT "\n",
               SL_USER_INACTIVE_DAYS, disabled);
    }
  return EXIT_SUCCESS;
}

/* audit verify ------------------------------------------------------------ */

static int
cmd_audit_verify (const char  *name,
                  char       **args)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  SlAuditVerification result = { 0 };
  int status;

  status = parse_options (name, "check the access log's hash chain", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status))
    return status;

  store = open_store_readonly (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);

  if (!sl_store_audit_verify (store, &result, &error))
    return fail ("Could not read the access log: %s", error->message);

  if (result.first_bad_seq == 0)
    {
      g_print ("Access log intact: %" G_GINT64_FORMAT " records\n", result.n_records);
      status = EXIT_SUCCESS;
    }
  else
    {
      g_print ("Access log broken at record %" G_GINT64_FORMAT ": %s\n",
               result.first_bad_seq, result.reason != NULL ? result.reason : "unknown reason");
      status = EXIT_FAILURE;
    }

  sl_audit_verification_clear (&result);
  return status;
}

/* Cameras and hot lists ------------------------------------------------ */

static int
cmd_camera_add (const char  *name,
                char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *camera_name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *stream = NULL;
  double lat = NAN;
  double lon = NAN;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &camera_name, "Where the camera is, as officers name it", "N" },
    { "lat", 0, 0, G_OPTION_ARG_DOUBLE, &lat, "Latitude in degrees", "X" },
    { "lon", 0, 0, G_OPTION_ARG_DOUBLE, &lon, "Longitude in degrees", "Y" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "fixed (default), mobile or trailer", "KIND" },
    { "stream", 0, 0, G_OPTION_ARG_STRING, &stream, "The camera's live video (rtsp:// or http(s)://)", "URL" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlCamera) camera = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) output = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) problems = json_object_new ();
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  SlCameraSpec spec = { 0 };
  int status;

  status = parse_options (name, "add a camera", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status))
    return status;

  /* the rules of POST /cameras */
  spec.name = camera_name;
  spec.lat = lat;
  spec.lon = lon;
  spec.kind = kind;
  spec.stream = stream;
  sl_accounts_check_camera (&spec, problems);
  if (json_object_get_size (problems) > 0)
    return fail_problems (problems, EXIT_USAGE);

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);

  camera = sl_accounts_new_camera (&spec, sl_clock_now_us (sl_clock_get_system ()), &token, &hash);
  record = console_record (policy, "camera.add", "ok");
  sl_accounts_describe_camera (builder, camera);
  set_record_data (record, builder);
  if (!sl_store_audit_append (store, record, &error))
    return fail ("%s; the camera was not added", error->message);

  if (!sl_store_add_camera (store, camera, hash, &error))
    return fail ("%s", error->message);

  json_builder_begin_object (output);
  json_builder_set_member_name (output, "id");
  json_builder_add_int_value (output, camera->id);
  add_member (output, "name", camera->name);
  add_member (output, "kind", camera->kind);
  add_member (output, "token", token);
  json_builder_end_object (output);
  root = json_builder_get_root (output);
  text = sl_json_to_string (root, FALSE);
  g_print ("%s\n", text);
  sodium_memzero (token, strlen (token));
  return EXIT_SUCCESS;
}

static int
cmd_hotlist_import (const char  *name,
                    char       **args)
{
  g_autofree char *db = NULL;
  g_autofree char *list = NULL;
  g_autofree char *file = NULL;
  g_autofree char *source = NULL;
  int priority = 50;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database file", "FILE" },
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, "The list's name; created when new", "NAME" },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, "CSV with a header row (plate or LIC, state or LIS, …)", "F" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, "Where the list comes from: NCIC-SVS, SFR, SLR, DOJ, local", "S" },
    { "priority", 0, 0, G_OPTION_ARG_INT, &priority, "0–100, 0 first when a read hits several lists (default 50; a new list's)", "P" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlHotlistImport) import = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  SlHotlistSpec spec = { 0 };
  gint64 list_id;
  int status;

  status = parse_options (name, "replace a general hot list from CSV", entries, &args);
  if (status != EXIT_SUCCESS)
    return status;
  if (!require (name, "--db", db, &status) || !require (name, "--list", list, &status) ||
      !require (name, "--file", file, &status))
    return status;
  if (priority < 0 || priority > 100)
    return usage_error (name, "--priority is from 0 to 100");

  if (!g_file_get_contents (file, &contents, &length, &error))
    return fail ("%s", error->message);

  store = open_store (db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  policy = load_policy (store, &error);
  if (policy == NULL)
    return fail ("%s", error->message);

  /* settings apply to a new list; an existing one keeps its own */
  spec.name = list;
  spec.source = source != NULL ? source : "local";
  spec.kind = "general";
  spec.priority = priority;
  spec.alert_level = "high";
  spec.tolerance = 1;
  list_id = sl_store_ensure_hotlist (store, &spec, sl_clock_now_us (sl_clock_get_system ()), &error);
  if (list_id == 0)
    return fail ("%s; the list was not changed", error->message);

  /* the same import as the API's and the daily one */
  record = console_record (policy, "hotlist.import", "ok");
  import = sl_hotlist_import_run (store, list_id, file, contents, length, record,
                                  sl_clock_now_us (sl_clock_get_system ()), &error);
  if (import == NULL && g_error_matches (error, SL_ERROR, SL_ERROR_INVALID))
    return fail ("%s: %s", file, error->message);
  if (import == NULL)
    return fail ("%s; the list was not changed", error->message);

  for (guint i = 0; i < import->rejected_lines->len; i++)
    {
      const SlHotlistBadRow *bad = &g_array_index (import->rejected_lines, SlHotlistBadRow, i);
      g_printerr ("%s:%u: %s\n", file, bad->line, bad->message);
    }
  if (import->rejected > import->rejected_lines->len)
    g_printerr ("%s: %u more rows rejected\n", file, import->rejected - import->rejected_lines->len);

  if (import->kept_old)
    return fail ("%s has %u bad rows and only %u good ones; the list “%s” was left as it was",
                 file, import->rejected, import->rows, list);

  g_print ("Imported %u entries into “%s” (%" G_GINT64_FORMAT " added, %" G_GINT64_FORMAT " removed, "
           "%u rows rejected)\n", import->rows, list, import->added, import->removed, import->rejected);
  return EXIT_SUCCESS;
}

/* Entry point ------------------------------------------------------------- */

/**
 * sl_cli_run:
 *
 * Runs one sightlined command. Returns the exit status: 0 on success, 1 on
 * failure, 2 on a usage error.
 */
int
sl_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (argc >= 1 && argv != NULL, EXIT_USAGE);

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("sightlined %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (!sl_password_init (&error))
    return fail ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(GStrv) words = g_strsplit (commands[i].name, " ", -1);
      guint n_words = g_strv_length (words);
      g_autoptr(GStrvBuilder) builder = NULL;
      g_auto(GStrv) args = NULL;
      g_autofree char *program = NULL;
      gboolean match = (guint) argc > n_words;

      for (guint w = 0; match && w < n_words; w++)
        match = g_str_equal (argv[1 + w], words[w]);
      if (!match)
        continue;

      program = g_strconcat ("sightlined ", commands[i].name, NULL);
      builder = g_strv_builder_new ();
      g_strv_builder_add (builder, program);
      for (int a = 1 + n_words; a < argc; a++)
        g_strv_builder_add (builder, argv[a]);
      args = g_strv_builder_end (builder);

      return commands[i].func (commands[i].name, args);
    }

  g_printerr ("sightlined: unknown command “%s%s%s”\n\n", argv[1],
              argc > 2 && argv[2][0] != '-' ? " " : "",
              argc > 2 && argv[2][0] != '-' ? argv[2] : "");
  print_usage (stderr);
  return EXIT_USAGE;
}
