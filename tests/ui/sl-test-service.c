#define G_LOG_DOMAIN "sl-test-service"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sl-test-service.h"

struct _SlTestService
{
  char        *dir;
  char        *db;
  char        *url;
  char        *ca_file;
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

SlTestService *
sl_test_service_start (const SlTestUser  *users,
                       guint              n_users,
                       gboolean           tls,
                       GError           **error)
{
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
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
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
  g_free (self);
}
