#define G_LOG_DOMAIN "sl-test-service"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "sl-test-service.h"

/* A failed assertion aborts the test: the service must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

struct _SlTestService
{
  char        *dir;
  char        *db;
  char        *url;
  char        *ca_file;
  char        *camera_token;
  gint64       camera_id;
  GSubprocess *process;
};

/* The sightlined to test against: $SIGHTLINED, or NULL when there is none. */
const char *
sl_test_service_program (void)
{
  const char *program = g_getenv ("SIGHTLINED");

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  return program;
}

char *
sl_test_date_days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
run (const char  *input,
     GError     **error,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return FALSE;

  if (!g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, error))
    return FALSE;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s failed: %s%s",
                   first, (const char *) g_ptr_array_index (argv, 1), out, err);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_certificates (SlTestService  *self,
                   GError        **error)
{
  g_autofree char *ca_key = g_build_filename (self->dir, "ca.key", NULL);
  g_autofree char *key = g_build_filename (self->dir, "server.key", NULL);
  g_autofree char *csr = g_build_filename (self->dir, "server.csr", NULL);
  g_autofree char *cert = g_build_filename (self->dir, "server.pem", NULL);
  g_autofree char *ext = g_build_filename (self->dir, "server.ext", NULL);
  g_autofree char *serial = g_build_filename (self->dir, "ca.srl", NULL);

  self->ca_file = g_build_filename (self->dir, "ca.pem", NULL);

  /* The certificate names 127.0.0.1 only, so "localhost" is a wrong name. */
  if (!g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1\n", -1, error))
    return FALSE;

  return run (NULL, error, "openssl", "req", "-x509", "-newkey", "ec",
              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
              "-keyout", ca_key, "-out", self->ca_file, "-days", "2",
              "-subj", "/CN=Sightline Test Agency CA", NULL) &&
         run (NULL, error, "openssl", "req", "-newkey", "ec",
              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
              "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1", NULL) &&
         run (NULL, error, "openssl", "x509", "-req", "-in", csr, "-CA", self->ca_file,
              "-CAkey", ca_key, "-CAserial", serial, "-CAcreateserial",
              "-out", cert, "-days", "2", "-extfile", ext, NULL);
}

static gboolean
add_camera (SlTestService      *self,
            const SlTestSetup  *setup,
            GError            **error)
{
  const char *program = sl_test_service_program ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *object;

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "camera");
  g_ptr_array_add (argv, (gpointer) "add");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, self->db);
  g_ptr_array_add (argv, (gpointer) "--name");
  g_ptr_array_add (argv, (gpointer) setup->camera_name);
  g_ptr_array_add (argv, (gpointer) "--lat");
  g_ptr_array_add (argv, (gpointer) "37.8044");
  g_ptr_array_add (argv, (gpointer) "--lon");
  g_ptr_array_add (argv, (gpointer) "-122.2712");
  if (setup->stream_url != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--stream");
      g_ptr_array_add (argv, (gpointer) setup->stream_url);
    }
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process) || !json_parser_load_from_data (parser, out, -1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "camera add failed: %s", out);
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  self->camera_id = json_object_get_int_member (object, "id");
  self->camera_token = g_strdup (json_object_get_string_member (object, "token"));
  return TRUE;
}

static gboolean
import_list (SlTestService      *self,
             const SlTestSetup  *setup,
             GError            **error)
{
  g_autofree char *file = g_build_filename (self->dir, "list.csv", NULL);

  return g_file_set_contents (file, setup->list_csv, -1, error) &&
         run (NULL, error, sl_test_service_program (), "hotlist", "import", "--db", self->db,
              "--list", setup->list_name, "--file", file, "--source", "NCIC-SVS", NULL);
}

SlTestService *
sl_test_service_start (const SlTestUser  *users,
                       guint              n_users,
                       gboolean           tls,
                       GError           **error)
{
  return sl_test_service_start_full (users, n_users, tls, NULL, error);
}

SlTestService *
sl_test_service_start_full (const SlTestUser   *users,
                            guint               n_users,
                            gboolean            tls,
                            const SlTestSetup  *setup,
                            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *program = sl_test_service_program ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  SlTestService *self;

  g_assert_nonnull (program);

  self = g_new0 (SlTestService, 1);
  self->dir = g_dir_make_tmp ("sightline-test-XXXXXX", error);
  if (self->dir == NULL)
    goto failed;
  self->db = g_build_filename (self->dir, "sightline.db", NULL);

  if (!run (NULL, error, program, "init", "--db", self->db, "--policy", "demo", NULL))
    goto failed;

  for (guint i = 0; i < n_users; i++)
    {
      g_autoptr(GPtrArray) add = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL;

      g_ptr_array_add (add, (gpointer) program);
      g_ptr_array_add (add, (gpointer) "user");
      g_ptr_array_add (add, (gpointer) "add");
      g_ptr_array_add (add, (gpointer) "--db");
      g_ptr_array_add (add, self->db);
      g_ptr_array_add (add, (gpointer) "--username");
      g_ptr_array_add (add, (gpointer) users[i].username);
      g_ptr_array_add (add, (gpointer) "--full-name");
      g_ptr_array_add (add, (gpointer) users[i].full_name);
      g_ptr_array_add (add, (gpointer) "--role");
      g_ptr_array_add (add, (gpointer) users[i].roles);
      if (users[i].trained_on != NULL)
        {
          g_ptr_array_add (add, (gpointer) "--trained-on");
          g_ptr_array_add (add, (gpointer) users[i].trained_on);
        }
      if (users[i].supervisor != NULL)
        {
          g_ptr_array_add (add, (gpointer) "--supervisor");
          g_ptr_array_add (add, (gpointer) users[i].supervisor);
        }
      g_ptr_array_add (add, (gpointer) "--password-stdin");
      g_ptr_array_add (add, NULL);

      process = g_subprocess_newv ((const char * const *) add->pdata,
                                   G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
      if (process == NULL ||
          !g_subprocess_communicate_utf8 (process, SL_TEST_PASSWORD "\n", NULL, &out, NULL, error))
        goto failed;
      if (!g_subprocess_get_successful (process))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "user add %s failed",
                       users[i].username);
          goto failed;
        }
    }

  /* Before serving: the service reads cameras and lists when it starts. */
  if (setup != NULL && setup->camera_name != NULL && !add_camera (self, setup, error))
    goto failed;
  if (setup != NULL && setup->list_name != NULL && !import_list (self, setup, error))
    goto failed;

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (self->db));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  if (tls)
    {
      if (!make_certificates (self, error))
        goto failed;
      g_ptr_array_add (argv, g_strdup ("--tls-cert"));
      g_ptr_array_add (argv, g_build_filename (self->dir, "server.pem", NULL));
      g_ptr_array_add (argv, g_strdup ("--tls-key"));
      g_ptr_array_add (argv, g_build_filename (self->dir, "server.key", NULL));
    }
  if (setup != NULL && setup->tiles_file != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--tiles"));
      g_ptr_array_add (argv, g_strdup (setup->tiles_file));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    goto failed;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "Listening on "))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "sightlined serve did not say where it listens: %s", line ? line : "(nothing)");
      goto failed;
    }
  self->url = g_strdup (line + strlen ("Listening on "));
  return self;

failed:
  sl_test_service_stop (self);
  return NULL;
}

const char *
sl_test_service_get_url (SlTestService *self)
{
  return self->url;
}

const char *
sl_test_service_get_ca_file (SlTestService *self)
{
  return self->ca_file;
}

const char *
sl_test_service_get_dir (SlTestService *self)
{
  return self->dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

void
sl_test_service_stop (SlTestService *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }

  if (self->dir != NULL)
    remove_tree (self->dir);

  g_free (self->dir);
  g_free (self->db);
  g_free (self->url);
  g_free (self->ca_file);
  g_free (self->camera_token);
  g_free (self);
}

const char *
sl_test_service_get_camera_token (SlTestService *self)
{
  return self->camera_token;
}

gint64
sl_test_service_get_camera_id (SlTestService *self)
{
  return self->camera_id;
}

/* Posts `{"reads": READS_JSON}` as the camera, and checks every read was accepted. */
gboolean
sl_test_service_post_reads (SlTestService  *self,
                            const char     *reads_json,
                            GError        **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *url = g_strconcat (self->url, "/api/v1/ingest/native", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", self->camera_token);
  g_autofree char *text = g_strdup_printf ("{\"reads\": %s}", reads_json);
  gsize length = strlen (text);

  g_assert_nonnull (self->camera_token);

  message = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
  body = g_bytes_new_take (g_steal_pointer (&text), length);
  soup_message_set_request_body_from_bytes (message, "application/json", body);

  answer = soup_session_send_and_read (session, message, NULL, error);
  if (answer == NULL)
    return FALSE;

  if (soup_message_get_status (message) != 200 ||
      strstr (g_bytes_get_data (answer, NULL), "\"rejected\":[]") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ingest answered %u: %.*s",
                   soup_message_get_status (message), (int) g_bytes_get_size (answer),
                   (const char *) g_bytes_get_data (answer, NULL));
      return FALSE;
    }

  return TRUE;
}

static void
add_image (GString    *json,
           const char *member,
           GBytes     *image)
{
  g_autofree char *base64 = NULL;

  if (image == NULL)
    return;

  base64 = g_base64_encode (g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  g_string_append_printf (json, ", \"%s\": \"%s\"", member, base64);
}

/* One read taken now at the camera, with the images if given. */
gboolean
sl_test_service_post_read (SlTestService  *self,
                           const char     *plate,
                           const char     *region,
                           GBytes         *plate_image,
                           GBytes         *overview_image,
                           GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *captured = g_date_time_format_iso8601 (now);
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "[{\"plate\": \"%s\", \"region\": \"%s\", "
                          "\"captured_at\": \"%s\", \"confidence\": 93.5, "
                          "\"lat\": 37.8044, \"lon\": -122.2712, \"heading\": 270, "
                          "\"vehicle\": {\"make\": \"Honda\", \"model\": \"Civic\", "
                          "\"color\": \"silver\", \"type\": \"sedan\"}",
                          plate, region, captured);
  add_image (json, "plate_image", plate_image);
  add_image (json, "overview_image", overview_image);
  g_string_append (json, "}]");

  return sl_test_service_post_reads (self, json->str, error);
}
