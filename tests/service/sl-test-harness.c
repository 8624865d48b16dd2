#define G_LOG_DOMAIN "sl-test-harness"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "sl-password.h"
#include "sl-profiles.h"
#include "sl-test-harness.h"

/* Argon2id is slow on purpose; each test password is hashed once per run. */
static const char *
cached_hash (const char *password)
{
  static GHashTable *hashes;
  const char *hash;

  if (hashes == NULL)
    hashes = g_hash_table_new (g_str_hash, g_str_equal);

  hash = g_hash_table_lookup (hashes, password);
  if (hash == NULL)
    {
      g_autoptr(GError) error = NULL;
      char *computed = sl_password_hash (password, &error);

      g_assert_no_error (error);
      g_hash_table_insert (hashes, g_strdup (password), computed);
      hash = computed;
    }

  return hash;
}

void
add_user (SlStore    *store,
          const char *username,
          const char *password,
          SlRoles     roles,
          const char *trained_on,
          const char *totp_secret)
{
  g_autoptr(SlUser) user = sl_user_new ();
  g_autoptr(GError) error = NULL;

  user->username = g_strdup (username);
  user->full_name = g_strdup_printf ("Test %s", username);
  user->badge = g_strdup ("4711");
  user->organization = g_strdup ("demo");
  user->roles = roles;
  user->password_hash = g_strdup (cached_hash (password));
  user->trained_on = g_strdup (trained_on);
  user->totp_secret = g_strdup (totp_secret);
  user->created_at_us = TEST_START_US;

  sl_store_add_user (store, user, &error);
  g_assert_no_error (error);
}

static char *
demo_profile (void)
{
  g_autoptr(GBytes) bytes = sl_profiles_lookup ("demo");
  gsize length;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &length);
  return g_strndup (data, length);
}

static JsonObject *
demo_profile_object (void)
{
  g_autofree char *text = demo_profile ();
  g_autoptr(GError) error = NULL;
  JsonObject *object = sl_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  return object;
}

/* The demo profile with @member set to @value (taken). */
char *
profile_with (const char *member,
              JsonNode   *value)
{
  g_autoptr(JsonObject) object = demo_profile_object ();

  json_object_set_member (object, member, value);
  return sl_json_object_to_string (object);
}

/* The demo profile lacking one of the seven elements of its privacy policy. */
char *
profile_without_privacy (const char *element)
{
  g_autoptr(JsonObject) object = demo_profile_object ();
  JsonObject *privacy = json_object_get_object_member (object, "privacy_policy");

  g_assert_true (json_object_has_member (privacy, element));
  json_object_remove_member (privacy, element);
  return sl_json_object_to_string (object);
}

char *
fixture_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

void
fixture_setup_bare (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("sightline-service-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = fixture_path (f, "sightline.db");
  f->clock = sl_clock_new_manual (TEST_START_US);
  g_mutex_init (&f->mutex);
  g_cond_init (&f->cond);
  f->session = soup_session_new_with_options ("timeout", 60, NULL);
}

static void
open_database (Fixture    *f,
               const char *profile)
{
  g_autoptr(GError) error = NULL;

  f->store = sl_sqlite_store_open (f->db_path, &error);
  g_assert_no_error (error);
  sl_store_set_policy (f->store, profile, TEST_START_US, &error);
  g_assert_no_error (error);

  add_user (f->store, ADMIN_USER, ADMIN_PASSWORD, SL_ROLE_ADMINISTRATOR, "2026-01-15", NULL);
  add_user (f->store, AUDITOR_USER, AUDITOR_PASSWORD, SL_ROLE_AUDITOR, "2026-01-15", NULL);
  add_user (f->store, OFFICER_USER, OFFICER_PASSWORD, SL_ROLE_OFFICER, "2026-01-15", NULL);
  add_user (f->store, LAPSED_USER, LAPSED_PASSWORD, SL_ROLE_AUDITOR, "2024-06-01", NULL);
  add_user (f->store, UNTRAINED_USER, UNTRAINED_PASSWORD, SL_ROLE_AUDITOR | SL_ROLE_OFFICER, NULL, NULL);
  add_user (f->store, MFA_USER, MFA_PASSWORD, SL_ROLE_OFFICER, "2026-01-15", MFA_SECRET);

  g_assert_cmpint (sqlite3_open (f->db_path, &f->db), ==, SQLITE_OK);
  sqlite3_busy_timeout (f->db, 5000);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *profile = demo_profile ();

  fixture_setup_bare (f, data);
  open_database (f, profile);
  fixture_start_server (f);
}

void
fixture_setup_mfa (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *profile = profile_with ("mfa_required", json_node_init_boolean (json_node_alloc (), TRUE));

  fixture_setup_bare (f, data);
  open_database (f, profile);
  fixture_start_server (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }

  g_rmdir (path);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fixture_stop_server (f);
  g_clear_pointer (&f->url, g_free);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_pointer (&f->db, sqlite3_close);
  g_clear_object (&f->clock);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_mutex_clear (&f->mutex);
  g_cond_clear (&f->cond);
}

/* The server thread ------------------------------------------------------- */

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  SlStore *store = NULL;
  SlPolicy *policy = NULL;
  SlServer *server = NULL;
  char *json = NULL;

  g_main_context_push_thread_default (f->context);

  /* Like "sightlined serve": its own connection, the policy the database holds. */
  store = sl_sqlite_store_open (f->db_path, &error);
  if (store != NULL)
    json = sl_store_dup_policy (store, &error);
  if (json != NULL)
    policy = sl_policy_new_from_data (json, -1, &error);
  if (policy != NULL)
    {
      server = sl_server_new (store, policy, f->clock);
      sl_server_listen (server, "127.0.0.1", 0, NULL, &error);
    }

  g_mutex_lock (&f->mutex);
  if (error != NULL)
    f->start_error = g_strdup (error->message);
  else
    f->url = sl_server_dup_url (server);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->mutex);

  if (error == NULL)
    g_main_loop_run (f->loop);

  g_clear_object (&server);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_clear_pointer (&policy, sl_policy_unref);
  g_clear_object (&store);
  g_free (json);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

void
fixture_start_server (Fixture *f)
{
  g_assert_null (f->thread);

  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->ready = FALSE;
  f->thread = g_thread_new ("sightlined", server_thread, f);

  g_mutex_lock (&f->mutex);
  while (!f->ready)
    g_cond_wait (&f->cond, &f->mutex);
  g_mutex_unlock (&f->mutex);

  g_assert_cmpstr (f->start_error, ==, NULL);
  g_assert_true (g_str_has_prefix (f->url, "http://127.0.0.1:"));
}

void
fixture_stop_server (Fixture *f)
{
  if (f->thread == NULL)
    return;

  g_main_loop_quit (f->loop);
  g_thread_join (g_steal_pointer (&f->thread));
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->context, g_main_context_unref);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->start_error, g_free);
}

/* HTTP -------------------------------------------------------------------- */

Response *
api_request (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             const char *body)
{
  g_autofree char *uri = g_strconcat (f->url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Response *response;
  const char *data;
  gsize length;

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (Response, 1);
  response->status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &length);
  response->text = g_strndup (data, length);
  if (length > 0)
    response->body = sl_json_parse_object (response->text, length, NULL);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->bytes = g_steal_pointer (&bytes);
  return response;
}

void
response_free (Response *response)
{
  g_clear_pointer (&response->body, json_object_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->bytes, g_bytes_unref);
  g_free (response->text);
  g_free (response);
}

Response *
api_login (Fixture    *f,
           const char *username,
           const char *password,
           const char *totp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "acknowledged_notice");
  json_builder_add_boolean_value (builder, TRUE);
  if (totp != NULL)
    {
      json_builder_set_member_name (builder, "totp");
      json_builder_add_string_value (builder, totp);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = sl_json_to_string (root, FALSE);

  return api_request (f, "POST", "/session", NULL, body);
}

char *
login_token (Fixture    *f,
             const char *username,
             const char *password)
{
  g_autoptr(Response) response = api_login (f, username, password, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (response->body);
  return g_strdup (json_object_get_string_member (response->body, "token"));
}

const char *
error_message (Response *response)
{
  JsonObject *error;

  g_assert_nonnull (response->body);
  error = json_object_get_object_member (response->body, "error");
  g_assert_nonnull (error);
  return json_object_get_string_member (error, "message");
}

/* The status, and a body {"error": {"code", "message"}} with a message to act on. */
void
assert_api_error (Response   *response,
                  guint       status,
                  const char *code)
{
  JsonObject *error;

  if (response->status != status)
    g_test_message ("unexpected answer: %s", response->text);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_nonnull (response->body);
  g_assert_true (json_object_has_member (response->body, "error"));
  error = json_object_get_object_member (response->body, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 10);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==, "application/json");
  g_assert_false (json_object_has_member (response->body, "token"));
}

/* The database ------------------------------------------------------------ */

gint64
db_count (Fixture    *f,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

void
db_exec (Fixture    *f,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (f->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

gint64
count_records (Fixture    *f,
               const char *action,
               const char *username,
               const char *outcome)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db,
                                       "SELECT count (*) FROM audit_log WHERE action = ?1"
                                       " AND (?2 IS NULL OR username = ?2) AND (?3 IS NULL OR outcome = ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_TRANSIENT);
  if (username != NULL)
    sqlite3_bind_text (stmt, 2, username, -1, SQLITE_TRANSIENT);
  if (outcome != NULL)
    sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* The newest record of @action, through the store as the service reads it. */
SlAuditRecord *
last_record (Fixture    *f,
             const char *action)
{
  SlAuditQuery query = { .action = action, .limit = 1 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sl_store_audit_query (f->store, &query, &error);
  g_assert_no_error (error);
  if (records->len == 0)
    return NULL;
  return sl_audit_record_copy (g_ptr_array_index (records, 0));
}

char *
record_reason (const SlAuditRecord *record)
{
  g_autoptr(JsonObject) data = NULL;

  if (record->data == NULL)
    return NULL;
  data = sl_json_parse_object (record->data, -1, NULL);
  if (data == NULL || !json_object_has_member (data, "reason"))
    return NULL;
  return g_strdup (json_object_get_string_member (data, "reason"));
}

char *
totp_now (const char *secret,
          gint64      now_us)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *key = NULL;
  gsize key_len = 0;
  guint32 code;

  key = sl_base32_decode (secret, &key_len, &error);
  g_assert_no_error (error);
  code = sl_totp_code (key, key_len, G_CHECKSUM_SHA1, now_us / G_USEC_PER_SEC,
                       SL_TOTP_STEP_SECONDS, SL_TOTP_DIGITS);
  return g_strdup_printf ("%06u", code);
}

/* sightlined -------------------------------------------------------------- */

const char *
sightlined_path (void)
{
  return g_getenv ("SIGHTLINED");
}

gboolean
require_sightlined (void)
{
  const char *path = sightlined_path ();

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("SIGHTLINED does not name the sightlined program");
      return FALSE;
    }

  return TRUE;
}

/* GCC 12's LeakSanitizer crashes reading the dynamic TLS that glib-networking's
 * GnuTLS threads leave (glibc 2.36); not tracking __tls_get_addr avoids it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Children die with the test, which a failed assertion aborts. */
GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char *asan = g_getenv ("ASAN_OPTIONS");

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (asan != NULL && strstr (asan, "intercept_tls_get_addr") == NULL)
    {
      g_autofree char *options = g_strconcat (asan, ":intercept_tls_get_addr=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }

  return launcher;
}

static GPtrArray *
collect_args (const char *first_arg,
              va_list     args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (sightlined_path ()));
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs sightlined with @input on its standard input and waits for it. */
RunResult *
run_sightlined (const char *input,
                const char *first_arg,
                ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  RunResult *result = g_new0 (RunResult, 1);
  va_list args;

  va_start (args, first_arg);
  argv = collect_args (first_arg, args);
  va_end (args);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL,
                                 &result->out, &result->err, &error);
  g_assert_no_error (error);

  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (result->err != NULL && *result->err != '\0')
    g_test_message ("sightlined %s: exit %d, stderr: %s", first_arg, result->status, result->err);
  return result;
}

void
run_result_free (RunResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

/* Starts "sightlined serve" on a free port; *url is what its first line names. */
GSubprocess *
spawn_serve (const char  *db_path,
             char       **url,
             const char  *first_extra_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  g_ptr_array_add (argv, g_strdup (sightlined_path ()));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db_path));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  va_start (args, first_extra_arg);
  for (const char *arg = first_extra_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));

  *url = g_strdup (line + strlen ("Listening on "));
  return g_steal_pointer (&process);
}

/* SIGTERM must stop the service cleanly: exit status 0. */
void
stop_serve (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* ZIP packages ------------------------------------------------------------ */

static guint32
read_le (const guint8 *p,
         guint         n)
{
  guint32 value = 0;

  for (guint i = 0; i < n; i++)
    value |= (guint32) p[i] << (8 * i);
  return value;
}

/* The entries of a ZIP of stored files, by name. */
GHashTable *
unzip_stored (GBytes *zip)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  gsize size;
  const guint8 *data = g_bytes_get_data (zip, &size);
  gsize at = 0;

  while (at + 30 <= size && read_le (data + at, 4) == 0x04034b50)
    {
      guint32 length = read_le (data + at + 18, 4);
      guint name_length = read_le (data + at + 26, 2);
      guint extra_length = read_le (data + at + 28, 2);
      g_autofree char *name = g_strndup ((const char *) data + at + 30, name_length);

      g_assert_cmpuint (read_le (data + at + 8, 2), ==, 0);   /* stored */
      at += 30 + name_length + extra_length;
      g_assert_cmpuint (at + length, <=, size);
      g_hash_table_insert (entries, g_steal_pointer (&name), g_bytes_new (data + at, length));
      at += length;
    }

  return entries;
}

/* The package's manifest, once the size and SHA-256 of every file in it are
 * checked against the files, and every file is listed. */
JsonObject *
verified_manifest (GHashTable *entries)
{
  GBytes *manifest_bytes = g_hash_table_lookup (entries, "manifest.json");
  JsonObject *manifest;
  JsonArray *files;

  g_assert_nonnull (manifest_bytes);
  manifest = sl_json_parse_object (g_bytes_get_data (manifest_bytes, NULL), g_bytes_get_size (manifest_bytes), NULL);
  g_assert_nonnull (manifest);
  files = json_object_get_array_member (manifest, "files");
  g_assert_cmpuint (json_array_get_length (files) + 1, ==, g_hash_table_size (entries));
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      GBytes *bytes = g_hash_table_lookup (entries, json_object_get_string_member (file, "name"));
      g_autofree char *sha = NULL;

      g_assert_nonnull (bytes);
      sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      g_assert_cmpstr (sha, ==, json_object_get_string_member (file, "sha256"));
      g_assert_cmpint (json_object_get_int_member (file, "size"), ==, g_bytes_get_size (bytes));
    }
  return manifest;
}
