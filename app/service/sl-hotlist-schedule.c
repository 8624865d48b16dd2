#define G_LOG_DOMAIN "sl-hotlist-schedule"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sl-hotlist-schedule.h"
#include "sl-server-private.h"

/* The schedule looks at the server's clock this often; a manual clock in
 * tests is seen within the same second. */
#define TICK_SECONDS 1
#define RETRY_US (60 * G_USEC_PER_SEC)
#define FETCH_TIMEOUT_SECONDS 120
#define READ_CHUNK 65536

/* The imports' own connection: one import at a time uses it. */
typedef struct
{
  GMutex   mutex;
  SlStore *store;
} Runner;

struct _SlHotlistSchedule
{
  /* borrowed: the server owns the schedule */
  SlServer   *server;

  /* owned */
  GSource    *tick;
  GHashTable *running;       /* list ids with an import under way */
  Runner      runner;
  gint64      next_due_us;   /* the earliest daily import due; G_MAXINT64: none */
};

typedef struct
{
  /* owned references */
  SlServer            *server;

  /* owned */
  char                *source;   /* the file or URL, or "upload" */
  GBytes              *csv;      /* an upload; NULL: read the source */
  SlAuditRecord       *record;
  SlHotlistImport     *import;   /* the answer */

  Runner              *runner;   /* the server's */
  gint64               list_id;
  gint64               now_us;
  SlHotlistImportDone  done;
  gpointer             user_data;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->server);
  g_free (job->source);
  g_clear_pointer (&job->csv, g_bytes_unref);
  g_clear_pointer (&job->record, sl_audit_record_free);
  g_clear_pointer (&job->import, sl_hotlist_import_free);
  g_free (job);
}

/* Reading the source ---------------------------------------------------------- */

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s cannot be read: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  if (st.st_size > SL_HOTLIST_IMPORT_MAX_BYTES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s is larger than %d MiB",
                   path, SL_HOTLIST_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s cannot be read: %s",
                   path, local_error->message);
      return NULL;
    }

  return g_mapped_file_get_bytes (mapped);
}

static GBytes *
fetch_url (const char  *url,
           GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint status;

  session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_SECONDS,
                                           "user-agent", "sightlined/" PACKAGE_VERSION, NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s is not a valid URL", url);
      return NULL;
    }

  stream = soup_session_send (session, msg, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s could not be fetched: %s",
                   url, local_error->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s answered %u %s",
                   url, status, soup_message_get_reason_phrase (msg));
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (stream, READ_CHUNK, NULL, &local_error);

      if (chunk == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s could not be read to its end: %s",
                       url, local_error->message);
          return NULL;
        }
      if (g_bytes_get_size (chunk) == 0)
        break;
      if (data->len + g_bytes_get_size (chunk) > SL_HOTLIST_IMPORT_MAX_BYTES)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_RULE, "The import source %s is larger than %d MiB",
                       url, SL_HOTLIST_IMPORT_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    }

  g_input_stream_close (stream, NULL, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
read_source (const char  *source,
             GError     **error)
{
  if (!sl_hotlist_import_source_check (source, error))
    return NULL;

  if (g_path_is_absolute (source))
    return read_file (source, error);

  return fetch_url (source, error);
}

/* Jobs ------------------------------------------------------------------------ */

static void
run_job_thread (GTask        *task,
                gpointer      source_object,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GBytes) fetched = NULL;
  GError *error = NULL;
  GBytes *csv = job->csv;

  g_mutex_lock (&job->runner->mutex);
  if (job->runner->store == NULL)
    job->runner->store = sl_store_open_sibling (job->server->store, &error);

  if (job->runner->store != NULL && csv == NULL)
    {
      csv = fetched = read_source (job->source, &error);
      if (csv == NULL)
        sl_hotlist_import_failed (job->runner->store, job->list_id, job->source, error, job->record, job->now_us);
    }

  if (csv != NULL)
    job->import = sl_hotlist_import_run (job->runner->store, job->list_id, job->source,
                                         g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                         job->record, job->now_us, &error);
  g_mutex_unlock (&job->runner->mutex);

  if (job->import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  SlHotlistSchedule *self = job->server->hotlist_schedule;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  if (self != NULL)
    g_hash_table_remove (self->running, &job->list_id);

  /* the matcher follows the new entries, as after `sightlined hotlist import` */
  if (job->import != NULL && !job->import->kept_old && !job->server->stopping)
    _sl_server_reload_matcher_async (job->server);

  /* a person who asked is answered; a daily import has nobody to tell */
  if (job->import == NULL && error != NULL && job->done == NULL)
    g_message ("Import of hot list %" G_GINT64_FORMAT " from %s failed: %s",
               job->list_id, job->source, error->message);

  if (job->done != NULL)
    job->done (job->import, error, job->user_data);
}

/* The daily run --------------------------------------------------------------- */

static gboolean
is_scheduled (const SlHotlistInfo *list)
{
  return g_strcmp0 (list->kind, "general") == 0 &&
         list->import_source != NULL && list->import_time != NULL;
}

static SlAuditRecord *
service_record (SlHotlistSchedule *self)
{
  SlAuditRecord *record = _sl_server_new_record (self->server, NULL, "hotlist.import", "ok", NULL);

  /* no person acted: the service did, on the list's schedule */
  record->username = g_strdup ("sightlined");
  record->role = g_strdup ("service");
  return record;
}

/* Starts the imports that are due and notes when each is next due. */
static void
run_due (SlHotlistSchedule *self,
         gint64             now_us)
{
  SlStore *store = self->server->store;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;

  lists = sl_store_list_hotlists (store, TRUE, now_us, &error);
  if (lists == NULL)
    {
      g_message ("The daily hot-list imports cannot be checked: %s", error->message);
      self->next_due_us = now_us + RETRY_US;
      return;
    }

  self->next_due_us = G_MAXINT64;
  for (guint i = 0; i < lists->len; i++)
    {
      const SlHotlistInfo *list = g_ptr_array_index (lists, i);
      gint64 next_us;

      if (!is_scheduled (list))
        continue;

      if (list->import_next_us > now_us)
        {
          self->next_due_us = MIN (self->next_due_us, list->import_next_us);
          continue;
        }

      /* noted before it runs: once a day, even when the service stops during the import */
      next_us = sl_hotlist_import_next_us (list->import_time, now_us);
      if (!sl_store_set_hotlist_import_next (store, list->id, next_us, &error))
        {
          g_message ("The daily import of “%s” cannot be scheduled: %s", list->name, error->message);
          g_clear_error (&error);
          self->next_due_us = MIN (self->next_due_us, now_us + RETRY_US);
          continue;
        }
      self->next_due_us = MIN (self->next_due_us, next_us);

      if (_sl_hotlist_schedule_is_running (self, list->id))
        continue;

      g_debug ("Daily import of “%s” from %s", list->name, list->import_source);
      _sl_hotlist_schedule_import (self, list->id, list->import_source, NULL, service_record (self),
                                   NULL, NULL);
    }
}

static gboolean
tick_cb (gpointer data)
{
  SlHotlistSchedule *self = data;
  gint64 now_us;

  if (self->server->stopping)
    return G_SOURCE_CONTINUE;

  now_us = sl_clock_now_us (self->server->clock);
  if (now_us >= self->next_due_us)
    run_due (self, now_us);

  return G_SOURCE_CONTINUE;
}

/* Public API ------------------------------------------------------------------ */

/**
 * sl_hotlist_import_time_parse:
 * @text: "HH:MM", 00:00 to 23:59
 *
 * Returns: whether @text is such a time
 */
gboolean
sl_hotlist_import_time_parse (const char *text,
                              int        *hour,
                              int        *minute)
{
  int h, m;

  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  h = (text[0] - '0') * 10 + (text[1] - '0');
  m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59)
    return FALSE;

  if (hour != NULL)
    *hour = h;
  if (minute != NULL)
    *minute = m;
  return TRUE;
}

/**
 * sl_hotlist_import_next_us:
 * @import_time: "HH:MM" in the service's local time zone
 * @after_us: UTC microseconds
 *
 * Returns: the first time after @after_us at which the local clock shows
 *   @import_time (across a change to or from daylight saving time, the
 *   same wall-clock time), or 0 when @import_time is not a time.
 */
gint64
sl_hotlist_import_next_us (const char *import_time,
                           gint64      after_us)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) after = NULL;
  int hour, minute;

  if (!sl_hotlist_import_time_parse (import_time, &hour, &minute))
    return 0;

  after = g_date_time_new_from_unix_local (after_us / G_USEC_PER_SEC);
  if (after == NULL)
    return 0;

  for (int days = 0; days < 3; days++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (after, days);
      g_autoptr(GDateTime) at = NULL;
      gint64 at_us;

      if (day == NULL)
        return 0;
      at = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                            g_date_time_get_day_of_month (day), hour, minute, 0);
      if (at == NULL)
        continue;

      at_us = g_date_time_to_unix (at) * G_USEC_PER_SEC;
      if (at_us > after_us)
        return at_us;
    }

  return 0;
}

/**
 * sl_hotlist_import_source_check:
 * @source: where a daily import reads its file
 *
 * Accepts an absolute path on the service's machine or an https:// URL;
 * plain http only to 127.0.0.1 (the tests' own server), since a list
 * fetched in the clear could be altered on the way.
 */
gboolean
sl_hotlist_import_source_check (const char  *source,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (source == NULL || *source == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                           "An import source is an absolute file path or an https:// URL");
      return FALSE;
    }

  if (g_path_is_absolute (source))
    return TRUE;

  uri = g_uri_parse (source, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "“%s” is neither an absolute file path nor an https:// URL", source);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "“%s” is plain http: a list fetched unencrypted could be altered on its way; use https://",
                   source);
      return FALSE;
    }

  return TRUE;
}

/**
 * _sl_hotlist_schedule_new:
 * @server: the server, which owns the schedule
 *
 * Starts looking for daily imports that are due, in the thread-default
 * main context; those the service missed while it was down run at once.
 */
SlHotlistSchedule *
_sl_hotlist_schedule_new (SlServer *server)
{
  SlHotlistSchedule *self = g_new0 (SlHotlistSchedule, 1);

  self->server = server;
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->runner.mutex);
  self->next_due_us = 0;

  self->tick = g_timeout_source_new_seconds (TICK_SECONDS);
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_set_static_name (self->tick, "[sightlined] hot-list schedule");
  g_source_attach (self->tick, g_main_context_get_thread_default ());
  return self;
}

/* Imports under way hold the server, so none runs once it is freed. */
void
_sl_hotlist_schedule_free (SlHotlistSchedule *self)
{
  if (self == NULL)
    return;

  g_source_destroy (self->tick);
  g_source_unref (self->tick);
  g_hash_table_unref (self->running);
  g_clear_object (&self->runner.store);
  g_mutex_clear (&self->runner.mutex);
  g_free (self);
}

/* A list's daily import was set or changed to run at @next_us. */
void
_sl_hotlist_schedule_due_at (SlHotlistSchedule *self,
                             gint64             next_us)
{
  g_return_if_fail (self != NULL);

  if (next_us > 0)
    self->next_due_us = MIN (self->next_due_us, next_us);
}

gboolean
_sl_hotlist_schedule_is_running (SlHotlistSchedule *self,
                                 gint64             list_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_hash_table_contains (self->running, &list_id);
}

/**
 * _sl_hotlist_schedule_import:
 * @source: the list's import source, or "upload" with @csv
 * @csv: (nullable): the file's contents; %NULL to read @source
 * @record: (transfer full): the "hotlist.import" record, with who and where
 * @done: (nullable): called on this context once the import is over
 *
 * Imports into a general list in a thread with its own connection, so the
 * service answers cameras and users meanwhile; then reloads the matcher.
 */
void
_sl_hotlist_schedule_import (SlHotlistSchedule   *self,
                             gint64               list_id,
                             const char          *source,
                             GBytes              *csv,
                             SlAuditRecord       *record,
                             SlHotlistImportDone  done,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (source != NULL && record != NULL);

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self->server);
  job->source = g_strdup (source);
  job->csv = csv != NULL ? g_bytes_ref (csv) : NULL;
  job->record = record;
  job->runner = &self->runner;
  job->list_id = list_id;
  job->now_us = sl_clock_now_us (self->server->clock);
  job->done = done;
  job->user_data = user_data;

  g_hash_table_add (self->running, g_memdup2 (&list_id, sizeof list_id));

  task = g_task_new (NULL, NULL, job_done_cb, NULL);
  g_task_set_source_tag (task, _sl_hotlist_schedule_import);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job_thread);
}
