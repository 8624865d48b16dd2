#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <string.h>

#include "sl-profiles.h"
#include "sl-test-harness.h"
#include "sl-test-mbtiles.h"

static const char * const privacy_elements[] = {
  "authorized_purposes", "authorized_users", "monitoring", "sharing",
  "custodian", "accuracy", "retention",
};

static void
init_db (Fixture    *f,
         const char *profile)
{
  g_autoptr(RunResult) run = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", profile, NULL);

  g_assert_cmpint (run->status, ==, 0);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = fixture_path (f, name);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
open_raw_db (Fixture *f)
{
  if (f->db == NULL)
    {
      g_assert_cmpint (sqlite3_open (f->db_path, &f->db), ==, SQLITE_OK);
      sqlite3_busy_timeout (f->db, 5000);
    }
}

/* Adds an account through "sightlined user add"; the password goes on standard input. */
static RunResult *
cli_add_user (Fixture    *f,
              const char *username,
              const char *password,
              const char *role,
              const char *first_extra,
              ...)
{
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  RunResult *result = g_new0 (RunResult, 1);
  va_list args;

  g_ptr_array_add (argv, g_strdup (sightlined_path ()));
  g_ptr_array_add (argv, g_strdup ("user"));
  g_ptr_array_add (argv, g_strdup ("add"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (f->db_path));
  g_ptr_array_add (argv, g_strdup ("--username"));
  g_ptr_array_add (argv, g_strdup (username));
  g_ptr_array_add (argv, g_strdup ("--full-name"));
  g_ptr_array_add (argv, g_strdup_printf ("Test %s", username));
  g_ptr_array_add (argv, g_strdup ("--role"));
  g_ptr_array_add (argv, g_strdup (role));
  g_ptr_array_add (argv, g_strdup ("--password-stdin"));
  va_start (args, first_extra);
  for (const char *arg = first_extra; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (result->status != 0)
    g_test_message ("user add %s: %s", username, result->err);
  return result;
}

static void
add_ok (Fixture    *f,
        const char *username,
        const char *password,
        const char *role)
{
  g_autoptr(RunResult) run = cli_add_user (f, username, password, role, "--trained-on", "2026-01-15", NULL);

  g_assert_cmpint (run->status, ==, 0);
}

/* init ---------------------------------------------------------------------- */

static void
test_init_and_verify (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RunResult) init = NULL;
  g_autoptr(RunResult) verify = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autofree char *expected_user = g_strconcat ("console:", g_get_user_name (), NULL);
  g_autoptr(GError) error = NULL;
  SlAuditQuery query = { .action = "policy.install", .limit = 1 };
  g_autoptr(GPtrArray) records = NULL;

  if (!require_sightlined ())
    return;

  init = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", "demo", NULL);
  g_assert_cmpint (init->status, ==, 0);
  g_assert_nonnull (strstr (init->out, "demo/2026.1"));

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 0);
  g_assert_cmpstr (verify->out, ==, "Access log intact: 1 records\n");

  /* The installation is logged in the operator's name. */
  store = sl_sqlite_store_open (f->db_path, &error);
  g_assert_no_error (error);
  records = sl_store_audit_query (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = sl_audit_record_copy (g_ptr_array_index (records, 0));
  g_assert_cmpstr (record->username, ==, expected_user);
  g_assert_cmpstr (record->policy_version, ==, "demo/2026.1");
}

static void
test_init_missing_element (Fixture       *f,
                           gconstpointer  data)
{
  if (!require_sightlined ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (privacy_elements); i++)
    {
      g_autofree char *profile = profile_without_privacy (privacy_elements[i]);
      g_autofree char *path = write_file (f, "incomplete.json", profile);
      g_autoptr(RunResult) run = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", path, NULL);

      /* Refused, and the message says which element is missing. */
      g_assert_cmpint (run->status, ==, 1);
      g_assert_nonnull (strstr (run->err, privacy_elements[i]));
    }

  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

static void
test_init_every_profile (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const agencies[] = {
    "alameda", "alameda-county", "corning", "demo", "emeryville",
    "hayward", "oakland", "piedmont", "san-leandro", "vallejo",
  };
  g_auto(GStrv) names = sl_profiles_list_names ();

  if (!require_sightlined ())
    return;

  /* Every agency's profile is built in and accepted by init. */
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autofree char *db = g_strdup_printf ("%s/%s.db", f->dir, agencies[i]);
      g_autofree char *tag = g_strconcat (agencies[i], "/", NULL);
      g_autoptr(RunResult) run = run_sightlined (NULL, "init", "--db", db, "--policy", agencies[i], NULL);

      g_assert_true (g_strv_contains ((const char * const *) names, agencies[i]));
      g_assert_cmpint (run->status, ==, 0);
      g_assert_nonnull (strstr (run->out, tag));
    }
}

static void
test_init_unknown_profile (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RunResult) run = NULL;

  if (!require_sightlined ())
    return;

  run = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", "atlantis", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "atlantis"));
  /* It lists the profiles that do exist. */
  g_assert_nonnull (strstr (run->err, "demo"));
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

static void
test_init_replace (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *profile = profile_with ("version", json_node_init_string (json_node_alloc (), "2026.2"));
  g_autofree char *path = write_file (f, "newer.json", profile);
  g_autoptr(RunResult) replace = NULL;
  g_autoptr(RunResult) verify = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) serve = NULL;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  replace = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", path, NULL);
  g_assert_cmpint (replace->status, ==, 0);
  g_assert_nonnull (strstr (replace->out, "Replaced"));

  open_raw_db (f);
  g_assert_cmpint (count_records (f, "policy.install", NULL, "ok"), ==, 2);
  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 0);

  /* The service now works under the new version. */
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");
  serve = spawn_serve (f->db_path, &url, NULL);
  f->url = g_steal_pointer (&url);
  {
    g_autoptr(Response) login = api_login (f, "ada", "Lantern-Orchard-42", NULL);
    g_autoptr(SlAuditRecord) record = NULL;

    g_assert_cmpuint (login->status, ==, 200);
    f->store = sl_sqlite_store_open (f->db_path, NULL);
    record = last_record (f, "session.login");
    g_assert_cmpstr (record->policy_version, ==, "demo/2026.2");
  }
  stop_serve (serve);
}

/* user add ------------------------------------------------------------------ */

static void
test_user_add_password_rules (Fixture       *f,
                              gconstpointer  data)
{
  struct { const char *password; const char *says; } cases[] = {
    { "Sh0rt!", "too short" },
    { "password123", "common" },
    { "Qwertyuiop", "common" },
    { "iloveyou", "common" },
    { "Dora.Explorer", "username" },
    { "", "No password" },
  };
  g_autoptr(RunResult) list = NULL;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RunResult) run = cli_add_user (f, "dora.explorer", cases[i].password, "officer", NULL);

      g_assert_cmpint (run->status, ==, 1);
      g_assert_nonnull (strstr (run->err, cases[i].says));
    }

  /* No account was created by any of them. */
  list = run_sightlined (NULL, "user", "list", "--db", f->db_path, NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_null (strstr (list->out, "dora"));

  {
    g_autoptr(RunResult) run = cli_add_user (f, "dora.explorer", "Seven-Lanterns-Glow", "officer", NULL);

    g_assert_cmpint (run->status, ==, 0);
  }
}

static void
test_user_add_supervisor_and_training (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(RunResult) missing = NULL;
  g_autoptr(RunResult) ok = NULL;
  g_autoptr(RunResult) again = NULL;
  g_autoptr(RunResult) bad_role = NULL;
  g_autoptr(RunResult) list = NULL;
  g_autoptr(SlUser) user = NULL;
  g_autofree char *expected_user = g_strconcat ("console:", g_get_user_name (), NULL);

  if (!require_sightlined ())
    return;

  init_db (f, "demo");

  missing = cli_add_user (f, "oscar", "Copper kettle river", "officer", "--supervisor", "sam", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->err, "sam"));

  add_ok (f, "sam", "Granite.Thimble.77", "supervisor");
  ok = cli_add_user (f, "oscar", "Copper kettle river", "officer,analyst",
                     "--supervisor", "sam", "--trained-on", "2026-01-15", "--badge", "1234", NULL);
  g_assert_cmpint (ok->status, ==, 0);

  again = cli_add_user (f, "oscar", "Copper kettle river", "officer", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already exists"));

  bad_role = cli_add_user (f, "pat", "Copper kettle river", "sheriff", NULL);
  g_assert_cmpint (bad_role->status, ==, 1);
  g_assert_nonnull (strstr (bad_role->err, "sheriff"));

  f->store = sl_sqlite_store_open (f->db_path, NULL);
  user = sl_store_find_user (f->store, "oscar", NULL);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->supervisor, ==, "sam");
  g_assert_cmpstr (user->trained_on, ==, "2026-01-15");
  g_assert_cmpstr (user->badge, ==, "1234");
  g_assert_cmpstr (user->organization, ==, "demo");
  g_assert_cmpint (user->roles, ==, SL_ROLE_OFFICER | SL_ROLE_ANALYST);
  g_assert_true (g_str_has_prefix (user->password_hash, "$argon2id$"));
  g_assert_null (user->totp_secret);

  open_raw_db (f);
  g_assert_cmpint (count_records (f, "user.add", expected_user, "ok"), ==, 2);

  list = run_sightlined (NULL, "user", "list", "--db", f->db_path, NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "oscar"));
  g_assert_nonnull (strstr (list->out, "officer,analyst"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  if (!require_sightlined ())
    return;

  init_db (f, "demo");

  {
    g_autoptr(RunResult) run = run_sightlined (NULL, NULL);

    g_assert_cmpint (run->status, ==, 2);
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "launch", "--db", f->db_path, NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "launch"));
  }
  {
    g_autoptr(RunResult) run = run_sightlined ("Copper kettle river\n", "user", "add", "--db", f->db_path,
                                               "--username", "oscar", "--role", "officer",
                                               "--password-stdin", NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "--full-name"));
  }
  {
    /* Passwords are never taken from the command line. */
    g_autoptr(RunResult) run = run_sightlined (NULL, "user", "add", "--db", f->db_path,
                                               "--username", "oscar", "--full-name", "Oscar",
                                               "--role", "officer", NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "--password-stdin"));
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "serve", "--db", f->db_path, "--listen", "nowhere", NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "HOST:PORT"));
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "serve", "--db", f->db_path, "--listen", "127.0.0.1:0",
                                               "--tls-cert", "cert.pem", NULL);

    g_assert_cmpint (run->status, ==, 2);
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "init", "--db", f->db_path, "--policy", "demo", "extra", NULL);

    g_assert_cmpint (run->status, ==, 2);
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "--help", NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "audit verify"));
  }
}

static void
test_missing_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *missing = fixture_path (f, "missing.db");

  if (!require_sightlined ())
    return;

  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "serve", "--db", missing, "--listen", "127.0.0.1:0", NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "sightlined init"));
  }
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "audit", "verify", "--db", missing, NULL);

    g_assert_cmpint (run->status, ==, 1);
  }
  /* Only init creates databases. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* serve --tiles: the offline map ------------------------------------------- */

#define PNG_MAGIC "\x89PNG\r\n\x1a\n"

static void
test_serve_tiles (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) top = g_bytes_new_static (PNG_MAGIC "top", strlen (PNG_MAGIC "top"));
  g_autoptr(GBytes) bottom = g_bytes_new_static (PNG_MAGIC "bottom", strlen (PNG_MAGIC "bottom"));
  g_autofree char *tiles = NULL;
  g_autoptr(GSubprocess) serve = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  gint64 records;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");
  tiles = sl_test_make_mbtiles (f->dir, "oakland.mbtiles", "png", top, bottom);

  serve = spawn_serve (f->db_path, &url, "--tiles", tiles, NULL);
  f->url = g_steal_pointer (&url);

  /* only for people logged in */
  {
    g_autoptr(Response) info = api_request (f, "GET", "/tiles", NULL, NULL);
    g_autoptr(Response) tile = api_request (f, "GET", "/tiles/tile?z=2&x=1&y=0", NULL, NULL);

    g_assert_cmpuint (info->status, ==, 401);
    g_assert_cmpuint (tile->status, ==, 401);
  }

  token = login_token (f, "ada", "Lantern-Orchard-42");
  open_raw_db (f);
  records = db_count (f, "SELECT COUNT(*) FROM audit_log");
  {
    g_autoptr(Response) info = api_request (f, "GET", "/tiles", token, NULL);

    g_assert_cmpuint (info->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (info->body, "name"), ==, "Test Oakland");
    g_assert_cmpstr (json_object_get_string_member (info->body, "attribution"), ==, "© Example Maps");
    g_assert_cmpstr (json_object_get_string_member (info->body, "content_type"), ==, "image/png");
    g_assert_cmpint (json_object_get_int_member (info->body, "min_zoom"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (info->body, "max_zoom"), ==, 3);
    /* the server's own path stays on the server */
    g_assert_null (strstr (info->text, f->dir));
  }
  {
    /* XYZ rows from the top: row 0 is the file's TMS row 3 */
    g_autoptr(Response) tile = api_request (f, "GET", "/tiles/tile?z=2&x=1&y=0", token, NULL);
    g_autoptr(Response) other = api_request (f, "GET", "/tiles/tile?z=2&x=1&y=3", token, NULL);

    g_assert_cmpuint (tile->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (tile->headers, NULL), ==, "image/png");
    g_assert_true (g_bytes_equal (tile->bytes, top));
    g_assert_nonnull (strstr (soup_message_headers_get_one (tile->headers, "Cache-Control"), "max-age"));
    g_assert_cmpuint (other->status, ==, 200);
    g_assert_true (g_bytes_equal (other->bytes, bottom));
  }
  {
    g_autoptr(Response) missing = api_request (f, "GET", "/tiles/tile?z=2&x=0&y=0", token, NULL);
    g_autoptr(Response) deep = api_request (f, "GET", "/tiles/tile?z=9&x=0&y=0", token, NULL);
    g_autoptr(Response) bad = api_request (f, "GET", "/tiles/tile?z=2&x=one&y=0", token, NULL);
    g_autoptr(Response) partial = api_request (f, "GET", "/tiles/tile?z=2&x=1", token, NULL);

    assert_api_error (missing, 404, "not_found");
    assert_api_error (deep, 404, "not_found");
    assert_api_error (bad, 400, "invalid_request");
    assert_api_error (partial, 400, "invalid_request");
  }
  /* base-map tiles are not ALPR data: nothing is logged for them */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_log"), ==, records);

  stop_serve (serve);
}

static void
test_serve_without_tiles (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *text = fixture_path (f, "notes.mbtiles");
  g_autoptr(GSubprocess) serve = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");

  /* a file that is no map stops the service before it listens */
  g_assert_true (g_file_set_contents (text, "Not a map.\n", -1, NULL));
  {
    g_autoptr(RunResult) run = run_sightlined (NULL, "serve", "--db", f->db_path, "--listen", "127.0.0.1:0",
                                               "--tiles", text, NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "not an MBTiles map file"));
  }

  serve = spawn_serve (f->db_path, &url, NULL);
  f->url = g_steal_pointer (&url);
  token = login_token (f, "ada", "Lantern-Orchard-42");
  {
    g_autoptr(Response) info = api_request (f, "GET", "/tiles", token, NULL);
    g_autoptr(Response) tile = api_request (f, "GET", "/tiles/tile?z=0&x=0&y=0", token, NULL);

    assert_api_error (info, 404, "no_tiles");
    g_assert_nonnull (strstr (error_message (info), "--tiles"));
    assert_api_error (tile, 404, "no_tiles");
  }

  stop_serve (serve);
}

/* serve, unlock ------------------------------------------------------------- */

static void
test_serve (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GSubprocess) serve = NULL;
  g_autofree char *url = NULL;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");

  serve = spawn_serve (f->db_path, &url, NULL);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_cmpstr (url + strlen ("http://127.0.0.1:"), !=, "0");
  f->url = g_steal_pointer (&url);

  {
    g_autoptr(Response) health = api_request (f, "GET", "/health", NULL, NULL);
    g_autoptr(Response) login = api_login (f, "ada", "Lantern-Orchard-42", NULL);

    g_assert_cmpuint (health->status, ==, 200);
    g_assert_cmpuint (login->status, ==, 200);
  }

  stop_serve (serve);
}

static void
test_user_unlock (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(RunResult) unlock = NULL;
  g_autoptr(RunResult) list = NULL;
  g_autofree char *url = NULL;

  if (!require_sightlined ())
    return;

  init_db (f, "demo");
  add_ok (f, "olga", "Copper kettle river", "officer");

  serve = spawn_serve (f->db_path, &url, NULL);
  f->url = g_steal_pointer (&url);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Response) response = api_login (f, "olga", "Guessing-again-1", NULL);

      g_assert_cmpuint (response->status, ==, i < 4 ? 401 : 423);
    }
  stop_serve (serve);
  g_clear_object (&serve);
  g_clear_pointer (&f->url, g_free);

  list = run_sightlined (NULL, "user", "list", "--db", f->db_path, NULL);
  g_assert_nonnull (strstr (list->out, "locked"));

  unlock = run_sightlined (NULL, "user", "unlock", "--db", f->db_path, "--username", "olga", NULL);
  g_assert_cmpint (unlock->status, ==, 0);
  g_assert_nonnull (strstr (unlock->out, "Unlocked olga"));

  serve = spawn_serve (f->db_path, &url, NULL);
  f->url = g_steal_pointer (&url);
  {
    g_autoptr(Response) login = api_login (f, "olga", "Copper kettle river", NULL);

    g_assert_cmpuint (login->status, ==, 200);
  }
  stop_serve (serve);

  open_raw_db (f);
  g_assert_cmpint (count_records (f, "user.lock", "olga", NULL), ==, 1);
  g_assert_cmpint (count_records (f, "user.unlock", NULL, "ok"), ==, 1);

  {
    g_autoptr(RunResult) unknown = run_sightlined (NULL, "user", "unlock", "--db", f->db_path,
                                                   "--username", "nobody", NULL);

    g_assert_cmpint (unknown->status, ==, 1);
    g_assert_nonnull (strstr (unknown->err, "nobody"));
  }
}

static void
test_mfa_user_add (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *profile = profile_with ("mfa_required", json_node_init_boolean (json_node_alloc (), TRUE));
  g_autofree char *path = write_file (f, "mfa.json", profile);
  g_autoptr(RunResult) add = NULL;
  g_autoptr(GSubprocess) serve = NULL;
  g_autofree char *url = NULL;
  g_autofree char *secret = NULL;
  const char *line;

  if (!require_sightlined ())
    return;

  init_db (f, path);
  add = cli_add_user (f, "mona", "Quiet-Falcon-Ridge", "officer", "--trained-on", "2026-01-15", NULL);
  g_assert_cmpint (add->status, ==, 0);

  /* The secret and its otpauth URI are printed for enrolment. */
  line = strstr (add->out, "TOTP secret: ");
  g_assert_nonnull (line);
  secret = g_strndup (line + strlen ("TOTP secret: "), strcspn (line + strlen ("TOTP secret: "), "\n"));
  g_assert_cmpuint (strlen (secret), >=, 16);
  g_assert_nonnull (strstr (add->out, "otpauth://totp/"));

  serve = spawn_serve (f->db_path, &url, NULL);
  f->url = g_steal_pointer (&url);
  {
    g_autoptr(Response) without = api_login (f, "mona", "Quiet-Falcon-Ridge", NULL);
    g_autofree char *code = totp_now (secret, g_get_real_time ());
    g_autoptr(Response) with = api_login (f, "mona", "Quiet-Falcon-Ridge", code);

    assert_api_error (without, 401, "totp_required");
    g_assert_cmpuint (with->status, ==, 200);
  }
  stop_serve (serve);
}

/* audit verify -------------------------------------------------------------- */

/* Three records: the policy and two accounts. */
static void
prepare_log (Fixture *f)
{
  g_autoptr(RunResult) verify = NULL;

  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");
  add_ok (f, "ivan", "Granite.Thimble.77", "auditor");

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 0);
  g_assert_cmpstr (verify->out, ==, "Access log intact: 3 records\n");

  open_raw_db (f);
  /* The store refuses edits; a tamperer would drop its guards first. */
  db_exec (f, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

static void
test_verify_after_update (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RunResult) verify = NULL;

  if (!require_sightlined ())
    return;

  prepare_log (f);
  db_exec (f, "UPDATE audit_log SET username = 'someone-else' WHERE seq = 2;");

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 1);
  g_assert_true (g_str_has_prefix (verify->out, "Access log broken at record 2: "));
}

static void
test_verify_after_delete (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RunResult) verify = NULL;

  if (!require_sightlined ())
    return;

  prepare_log (f);
  db_exec (f, "DELETE FROM audit_log WHERE seq = 2;");

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 1);
  g_assert_true (g_str_has_prefix (verify->out, "Access log broken at record 2: "));
}

static void
test_verify_after_truncate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RunResult) verify = NULL;

  if (!require_sightlined ())
    return;

  prepare_log (f);
  db_exec (f, "DELETE FROM audit_log WHERE seq = 3;");

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 1);
  g_assert_true (g_str_has_prefix (verify->out, "Access log broken at record 3: "));
}

static void
test_verify_after_reorder (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RunResult) verify = NULL;

  if (!require_sightlined ())
    return;

  prepare_log (f);
  /* Swap the contents of records 2 and 3, keeping their numbers. */
  db_exec (f, "UPDATE audit_log SET seq = -2 WHERE seq = 2;"
              "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
              "UPDATE audit_log SET seq = 3 WHERE seq = -2;");

  verify = run_sightlined (NULL, "audit", "verify", "--db", f->db_path, NULL);
  g_assert_cmpint (verify->status, ==, 1);
  g_assert_true (g_str_has_prefix (verify->out, "Access log broken at record 2: "));
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Checking an evidence copy leaves it as it was, byte for byte: no journal
 * mode set, no upgrade to this version's schema. */
static void
test_verify_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *copy = fixture_path (f, "evidence.db");
  g_autofree char *older = fixture_path (f, "older.db");
  g_autofree char *vacuum = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *db = NULL;

  if (!require_sightlined ())
    return;

  /* A copy as an examiner makes one: a single file with a rollback journal. */
  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");
  open_raw_db (f);
  vacuum = g_strdup_printf ("VACUUM INTO '%s';", copy);
  db_exec (f, vacuum);
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = file_bytes (copy);
  {
    g_autoptr(RunResult) verify = run_sightlined (NULL, "audit", "verify", "--db", copy, NULL);

    g_assert_cmpint (verify->status, ==, 0);
    g_assert_cmpstr (verify->out, ==, "Access log intact: 2 records\n");
  }
  after = file_bytes (copy);
  g_assert_true (g_bytes_equal (before, after));

  /* A database of an older schema is refused, not upgraded. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlStore) store = sl_sqlite_store_open_at_version (older, SL_SQLITE_STORE_SCHEMA_VERSION - 1, &error);
    g_autoptr(SlAuditRecord) record = sl_audit_record_new ("policy.install", "ok");

    g_assert_no_error (error);
    record->time_us = TEST_START_US;
    sl_store_audit_append (store, record, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);
  before = file_bytes (older);
  {
    g_autoptr(RunResult) verify = run_sightlined (NULL, "audit", "verify", "--db", older, NULL);

    g_assert_cmpint (verify->status, ==, 1);
    g_assert_nonnull (strstr (verify->err, "older schema"));
    g_assert_nonnull (strstr (verify->err, "not upgraded"));
  }
  after = file_bytes (older);
  g_assert_true (g_bytes_equal (before, after));
}

/* TLS ----------------------------------------------------------------------- */

static gboolean
run_openssl (Fixture    *f,
             const char *command_line)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_shell_parse_argv (command_line, NULL, &argv, &error);
  g_assert_no_error (error);
  g_spawn_sync (f->dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s: %s", command_line, err);
      return FALSE;
    }
  return TRUE;
}

/* A CA and a certificate for 127.0.0.1 signed by it, made fresh for the test. */
static gboolean
make_certificates (Fixture *f)
{
  g_autofree char *ext = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return FALSE;
    }

  ext = write_file (f, "server.ext",
                    "subjectAltName = IP:127.0.0.1\n"
                    "basicConstraints = critical, CA:FALSE\n"
                    "keyUsage = critical, digitalSignature, keyEncipherment\n"
                    "extendedKeyUsage = serverAuth\n");

  g_assert_true (run_openssl (f, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                                 " -keyout ca.key -out ca.pem -days 2 -subj '/CN=Sightline Test CA'"
                                 " -addext 'basicConstraints=critical,CA:TRUE'"
                                 " -addext 'keyUsage=critical,keyCertSign,cRLSign'"));
  g_assert_true (run_openssl (f, "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                                 " -keyout server.key -out server.csr -subj '/CN=127.0.0.1'"));
  g_assert_true (run_openssl (f, "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key"
                                 " -CAcreateserial -out server.pem -days 2 -extfile server.ext"));
  return TRUE;
}

static GSubprocess *
spawn_tls_serve (Fixture *f)
{
  g_autofree char *cert = fixture_path (f, "server.pem");
  g_autofree char *key = fixture_path (f, "server.key");
  g_autofree char *url = NULL;
  GSubprocess *serve;

  init_db (f, "demo");
  add_ok (f, "ada", "Lantern-Orchard-42", "administrator");
  serve = spawn_serve (f->db_path, &url, "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  f->url = g_steal_pointer (&url);
  return serve;
}

static void
test_tls_with_ca (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ca = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_sightlined () || !make_certificates (f))
    return;

  ca = fixture_path (f, "ca.pem");
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  g_clear_object (&f->session);
  f->session = soup_session_new_with_options ("tls-database", database, "timeout", 60, NULL);

  serve = spawn_tls_serve (f);
  {
    g_autoptr(Response) health = api_request (f, "GET", "/health", NULL, NULL);
    g_autoptr(Response) login = api_login (f, "ada", "Lantern-Orchard-42", NULL);

    g_assert_cmpuint (health->status, ==, 200);
    g_assert_cmpuint (login->status, ==, 200);
  }
  stop_serve (serve);
}

static void
test_tls_without_ca (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  if (!require_sightlined () || !make_certificates (f))
    return;

  serve = spawn_tls_serve (f);

  /* The system's CAs do not vouch for the agency's certificate: no connection. */
  uri = g_strconcat (f->url, "/api/v1/health", NULL);
  msg = soup_message_new ("GET", uri);
  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  stop_serve (serve);
}

void
add_cli_tests (void)
{
#define ADD(path, func) g_test_add ("/service/" path, Fixture, NULL, fixture_setup_bare, func, fixture_teardown)
  ADD ("cli/init-and-verify", test_init_and_verify);
  ADD ("cli/init-missing-element", test_init_missing_element);
  ADD ("cli/init-every-profile", test_init_every_profile);
  ADD ("cli/init-unknown-profile", test_init_unknown_profile);
  ADD ("cli/init-replace", test_init_replace);
  ADD ("cli/user-add-password-rules", test_user_add_password_rules);
  ADD ("cli/user-add-supervisor-and-training", test_user_add_supervisor_and_training);
  ADD ("cli/usage-errors", test_usage_errors);
  ADD ("cli/missing-database", test_missing_database);
  ADD ("cli/serve", test_serve);
  ADD ("cli/serve-tiles", test_serve_tiles);
  ADD ("cli/serve-without-tiles", test_serve_without_tiles);
  ADD ("cli/user-unlock", test_user_unlock);
  ADD ("cli/mfa-user-add", test_mfa_user_add);
  ADD ("cli/verify-after-update", test_verify_after_update);
  ADD ("cli/verify-after-delete", test_verify_after_delete);
  ADD ("cli/verify-after-truncate", test_verify_after_truncate);
  ADD ("cli/verify-after-reorder", test_verify_after_reorder);
  ADD ("cli/verify-read-only", test_verify_read_only);
  ADD ("tls/with-ca", test_tls_with_ca);
  ADD ("tls/without-ca", test_tls_without_ca);
#undef ADD
}
