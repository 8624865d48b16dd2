#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "sl-bench.h"
#include "sl-password.h"
#include "sl-server.h"
#include "sl-sqlite-store.h"

/* Camera ingest through the HTTP API, against a 1,000,000-entry hot list. */

#define CAMERA_TOKEN   "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
#define USERNAME       "bench"
#define PASSWORD       "Bench-Mark-Orchard-9"
#define N_ENTRIES      1000000
#define N_PATTERNS     1000
#define BATCH          500
#define N_BATCHES      120
#define BATCH_CONNS    4      /* cameras posting at once */
#define N_SINGLE       3000
#define SINGLE_CONNS   16
#define LATENCY_RATE   1000   /* reads per second */
#define LATENCY_S      3

typedef struct
{
  char   plate[8];
  gint64 captured_us;
  double confidence;
  double lat;
  double lon;
  double heading;
} Row;

typedef struct
{
  char         *db_path;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  char         *url;
  gboolean      ready;
} Service;

static void
random_plate (GRand *rand,
              char   plate[8])
{
  plate[0] = '1' + g_rand_int_range (rand, 0, 9);
  for (guint i = 1; i < 4; i++)
    plate[i] = 'A' + g_rand_int_range (rand, 0, 26);
  for (guint i = 4; i < 7; i++)
    plate[i] = '0' + g_rand_int_range (rand, 0, 10);
  plate[7] = '\0';
}

static char *
hotlist_csv (GRand      *rand,
             GPtrArray  *wanted)
{
  GString *csv = g_string_sized_new ((gsize) N_ENTRIES * 40);

  g_string_append (csv, "plate,state,category,case_number\n");
  for (guint i = 0; i < N_ENTRIES - N_PATTERNS; i++)
    {
      char plate[8];

      random_plate (rand, plate);
      g_string_append_printf (csv, "%s,CA,stolen_vehicle,26-%06u\n", plate, i);
      if (i % 1000 == 0)
        g_ptr_array_add (wanted, g_strdup (plate));
    }
  for (guint i = 0; i < N_PATTERNS; i++)
    {
      char plate[8];

      random_plate (rand, plate);
      plate[6] = '*';
      plate[1] = '?';
      g_string_append_printf (csv, "%s,CA,felony_vehicle,26-9%05u\n", plate, i);
    }

  return g_string_free (csv, FALSE);
}

static gpointer
service_thread (gpointer data)
{
  Service *service = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlServer) server = NULL;
  g_autofree char *json = NULL;

  g_main_context_push_thread_default (service->context);

  store = sl_sqlite_store_open (service->db_path, &error);
  g_assert_no_error (error);
  json = sl_store_dup_policy (store, &error);
  g_assert_no_error (error);
  policy = sl_policy_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  server = sl_server_new (store, policy, sl_clock_get_system ());
  sl_server_listen (server, "127.0.0.1", 0, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&service->mutex);
  service->url = sl_server_dup_url (server);
  service->ready = TRUE;
  g_cond_signal (&service->cond);
  g_mutex_unlock (&service->mutex);

  g_main_loop_run (service->loop);

  g_clear_object (&server);
  while (g_main_context_iteration (service->context, FALSE))
    ;
  g_main_context_pop_thread_default (service->context);
  return NULL;
}

static void
service_start (Service    *service,
               const char *db_path)
{
  memset (service, 0, sizeof *service);
  service->db_path = g_strdup (db_path);
  service->context = g_main_context_new ();
  service->loop = g_main_loop_new (service->context, FALSE);
  g_mutex_init (&service->mutex);
  g_cond_init (&service->cond);
  service->thread = g_thread_new ("sightlined", service_thread, service);

  g_mutex_lock (&service->mutex);
  while (!service->ready)
    g_cond_wait (&service->cond, &service->mutex);
  g_mutex_unlock (&service->mutex);
}

static void
service_stop (Service *service)
{
  g_main_loop_quit (service->loop);
  g_thread_join (service->thread);
  g_main_loop_unref (service->loop);
  g_main_context_unref (service->context);
  g_mutex_clear (&service->mutex);
  g_cond_clear (&service->cond);
  g_free (service->url);
  g_free (service->db_path);
}

static void
append_read (GString   *body,
             const Row *row)
{
  g_autofree char *at = sl_clock_format_iso8601 (row->captured_us);

  g_string_append_printf (body,
                          "{\"plate\": \"%s\", \"region\": \"CA\", \"captured_at\": \"%s\", \"confidence\": %.1f,"
                          " \"lat\": %.6f, \"lon\": %.6f, \"heading\": %.0f}",
                          row->plate, at, row->confidence, row->lat, row->lon, row->heading);
}

static char *
batch_body (const Row *rows,
            guint      n)
{
  GString *body = g_string_new ("{\"reads\": [");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (body, ", ");
      append_read (body, &rows[i]);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static SoupMessage *
ingest_message (const char *url,
                const char *body)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/ingest/native", NULL);
  SoupMessage *msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " CAMERA_TOKEN);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static void
post_sync (SoupSession *session,
           const char  *url,
           const char  *body)
{
  g_autoptr(SoupMessage) msg = ingest_message (url, body);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_error ("ingest answered %u: %.*s", soup_message_get_status (msg),
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
}

static Row *
make_rows (GRand  *rand,
           guint   n,
           gint64  start_us)
{
  Row *rows = g_new0 (Row, n);

  for (guint i = 0; i < n; i++)
    {
      random_plate (rand, rows[i].plate);
      rows[i].captured_us = start_us + i;
      rows[i].confidence = 80 + g_rand_double_range (rand, 0, 19);
      rows[i].lat = 37.8 + g_rand_double_range (rand, -0.05, 0.05);
      rows[i].lon = -122.27 + g_rand_double_range (rand, -0.05, 0.05);
      rows[i].heading = g_rand_int_range (rand, 0, 360);
    }

  return rows;
}

/* The same rows into the same schema with plain prepared inserts, BATCH per transaction. */
static double
raw_sqlite_rows_per_s (const char *dir,
                       const Row  *rows,
                       guint       n)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_sqlite_store_open (path, &error);
  g_autoptr(SlCamera) camera = sl_camera_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 start;

  g_assert_no_error (error);
  camera->name = g_strdup ("raw");
  camera->kind = g_strdup ("fixed");
  sl_store_add_camera (store, camera, "raw", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO reads (camera_id, plate, plate_raw, region, confidence, captured_us,"
                                       " received_us, lat, lon, heading) VALUES (1, ?, ?, 'CA', ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      if (i % BATCH == 0)
        sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_text (stmt, 1, rows[i].plate, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rows[i].plate, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 3, rows[i].confidence);
      sqlite3_bind_int64 (stmt, 4, rows[i].captured_us);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
      sqlite3_bind_double (stmt, 6, rows[i].lat);
      sqlite3_bind_double (stmt, 7, rows[i].lon);
      sqlite3_bind_double (stmt, 8, rows[i].heading);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("raw insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      if (i % BATCH == BATCH - 1 || i == n - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n / sl_bench_seconds_since (start);
}

/* The cameras' side: plain HTTP/1.1 over kept-alive sockets, one thread per
 * connection, so that the figures are the service's and not a client library's. */
typedef struct
{
  GSocketConnection *connection;
  GInputStream      *in;
  GOutputStream     *out;
  GString           *buffer;
  char              *host;
} RawClient;

static void
raw_client_init (RawClient  *client,
                 const char *url)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;

  client->connection = g_socket_client_connect_to_host (socket_client, g_uri_get_host (uri),
                                                        g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_socket_set_option (g_socket_connection_get_socket (client->connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  client->in = g_io_stream_get_input_stream (G_IO_STREAM (client->connection));
  client->out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  client->buffer = g_string_sized_new (4096);
  client->host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static void
raw_client_clear (RawClient *client)
{
  g_clear_object (&client->connection);
  g_string_free (client->buffer, TRUE);
  g_free (client->host);
}

/* Posts one ingest body and returns the status of the answer. */
static guint
raw_post (RawClient  *client,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = g_strdup_printf ("POST /api/v1/ingest/native HTTP/1.1\r\nHost: %s\r\n"
                                           "Authorization: Bearer " CAMERA_TOKEN "\r\n"
                                           "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                                           client->host, strlen (body));
  gsize content_length = 0;
  guint status = 0;
  char *end;

  if (!g_output_stream_write_all (client->out, head, strlen (head), NULL, NULL, &error) ||
      !g_output_stream_write_all (client->out, body, strlen (body), NULL, NULL, &error))
    g_error ("writing a request: %s", error->message);

  g_string_truncate (client->buffer, 0);
  while ((end = strstr (client->buffer->str, "\r\n\r\n")) == NULL ||
         client->buffer->len < (gsize) (end - client->buffer->str) + 4 + content_length)
    {
      char chunk[4096];
      gssize n = g_input_stream_read (client->in, chunk, sizeof chunk, NULL, &error);

      if (n <= 0)
        g_error ("reading an answer: %s", error != NULL ? error->message : "closed");
      g_string_append_len (client->buffer, chunk, n);

      if ((end = strstr (client->buffer->str, "\r\n\r\n")) != NULL)
        {
          const char *length = g_strstr_len (client->buffer->str, end - client->buffer->str, "Content-Length:");

          if (length != NULL)
            content_length = g_ascii_strtoull (length + strlen ("Content-Length:"), NULL, 10);
        }
    }

  if (sscanf (client->buffer->str, "HTTP/1.1 %u", &status) != 1)
    g_error ("not an HTTP answer");
  return status;
}

typedef struct
{
  const char  *url;
  char       **bodies;
  guint        n_bodies;
  guint        stride;        /* this thread sends bodies first, first + stride, … */
  guint        first;
  gint64       start_us;      /* pacing: body i is sent at start + i × interval */
  gint64       interval_us;   /* 0: as fast as answers come */
  GHashTable  *sent;          /* with @mutex: plate → send time, for paced runs */
  const char **plates;        /* the plate of each body, for paced runs */
  GMutex      *mutex;
  guint        failed;
} PostThread;

static gpointer
post_thread (gpointer data)
{
  PostThread *job = data;
  RawClient client;

  raw_client_init (&client, job->url);
  for (guint i = job->first; i < job->n_bodies; i += job->stride)
    {
      if (job->interval_us > 0)
        {
          gint64 due = job->start_us + (gint64) i * job->interval_us;
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            g_usleep (due - now);
        }

      if (job->sent != NULL && job->plates[i] != NULL)
        {
          gint64 *now = g_new (gint64, 1);

          *now = g_get_monotonic_time ();
          g_mutex_lock (job->mutex);
          g_hash_table_replace (job->sent, g_strdup (job->plates[i]), now);
          g_mutex_unlock (job->mutex);
        }

      if (raw_post (&client, job->bodies[i]) != 200)
        job->failed++;
    }
  raw_client_clear (&client);

  return NULL;
}

/* Sends every body over @connections connections; returns the requests per second. */
static double
run_concurrent (const char  *url,
                char       **bodies,
                guint        n_bodies,
                guint        connections)
{
  g_autofree PostThread *jobs = g_new0 (PostThread, connections);
  g_autofree GThread **threads = g_new0 (GThread *, connections);
  gint64 start = g_get_monotonic_time ();
  guint failed = 0;

  for (guint i = 0; i < connections; i++)
    {
      jobs[i] = (PostThread) { .url = url, .bodies = bodies, .n_bodies = n_bodies,
                               .stride = connections, .first = i };
      threads[i] = g_thread_new ("camera", post_thread, &jobs[i]);
    }
  for (guint i = 0; i < connections; i++)
    {
      g_thread_join (threads[i]);
      failed += jobs[i].failed;
    }
  if (failed > 0)
    g_error ("%u of %u ingest requests failed", failed, n_bodies);

  return n_bodies / sl_bench_seconds_since (start);
}

/* Read-to-alert latency over the WebSocket. */
typedef struct
{
  GMutex      mutex;
  GHashTable *sent;        /* plate → send time, µs */
  GArray     *latencies;   /* double, ms */
} LatencyRun;

static void
alert_message_cb (SoupWebsocketConnection *connection,
                  int                      type,
                  GBytes                  *message,
                  LatencyRun              *run)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(JsonObject) object = sl_json_parse_object (g_bytes_get_data (message, NULL),
                                                       g_bytes_get_size (message), NULL);
  JsonObject *alert;
  const char *plate;
  gpointer sent;

  if (object == NULL || !json_object_has_member (object, "alert"))
    return;
  alert = json_object_get_object_member (object, "alert");
  plate = json_object_get_string_member (json_object_get_object_member (alert, "read"), "plate");

  g_mutex_lock (&run->mutex);
  if (g_hash_table_lookup_extended (run->sent, plate, NULL, &sent))
    {
      double ms = (now - *(gint64 *) sent) / 1000.0;

      g_array_append_val (run->latencies, ms);
      g_hash_table_remove (run->sent, plate);
    }
  g_mutex_unlock (&run->mutex);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return -1;
  index = MIN (sorted->len - 1, (guint) (p * sorted->len));
  return g_array_index (sorted, double, index);
}

static void
websocket_connected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  SoupWebsocketConnection **connection = data;
  g_autoptr(GError) error = NULL;

  *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static char *
login (SoupSession *session,
       const char  *url)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  const char *body = "{\"username\": \"" USERNAME "\", \"password\": \"" PASSWORD "\", \"acknowledged_notice\": true}";
  g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  object = sl_json_parse_object (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (object, "token"));
}

static void
measure_latency (Figures     *figures,
                 SoupSession *session,
                 const char  *url,
                 GPtrArray   *wanted,
                 GRand       *rand)
{
  g_autofree char *token = login (session, url);
  g_autofree char *uri = g_strconcat (url, "/api/v1/alerts/stream", NULL);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) upgrade = soup_message_new ("GET", uri);
  SoupWebsocketConnection *connection = NULL;
  LatencyRun run = { 0 };
  const guint total = LATENCY_RATE * LATENCY_S;
  const guint connections = 8;
  g_autofree PostThread *jobs = g_new0 (PostThread, connections);
  g_autofree GThread **threads = g_new0 (GThread *, connections);
  g_autofree const char **plates = g_new0 (const char *, total);
  char **bodies = g_new0 (char *, total + 1);
  gint64 base_us = g_get_real_time () - G_GINT64_CONSTANT (120) * G_USEC_PER_SEC;
  gint64 start;
  guint running;

  g_mutex_init (&run.mutex);
  run.sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.latencies = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < total; i++)
    {
      Row row = { .captured_us = base_us + i, .confidence = 90, .lat = 37.8, .lon = -122.27, .heading = 90 };

      /* one read in twenty hits the list */
      if (i % 20 == 0)
        {
          plates[i] = g_ptr_array_index (wanted, (i / 20) % wanted->len);
          memcpy (row.plate, plates[i], 8);
        }
      else
        random_plate (rand, row.plate);
      bodies[i] = batch_body (&row, 1);
    }

  soup_message_headers_replace (soup_message_get_request_headers (upgrade), "Authorization", header);
  soup_session_websocket_connect_async (session, upgrade, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        websocket_connected_cb, &connection);
  while (connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (connection, "message", G_CALLBACK (alert_message_cb), &run);

  /* each connection sends every eighth read, all together at LATENCY_RATE */
  start = g_get_monotonic_time () + 10000;
  for (guint i = 0; i < connections; i++)
    {
      jobs[i] = (PostThread) { .url = url, .bodies = bodies, .n_bodies = total, .stride = connections,
                               .first = i, .start_us = start, .interval_us = G_USEC_PER_SEC / LATENCY_RATE,
                               .sent = run.sent, .plates = plates, .mutex = &run.mutex };
      threads[i] = g_thread_new ("camera", post_thread, &jobs[i]);
    }

  /* the alerts come in here while the cameras post */
  do
    {
      running = 0;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
      for (guint i = 0; i < connections; i++)
        running += g_get_monotonic_time () < start + (gint64) total * G_USEC_PER_SEC / LATENCY_RATE + 2 * G_USEC_PER_SEC;
    }
  while (running > 0 && (g_hash_table_size (run.sent) > 0 ||
                         g_get_monotonic_time () < start + (gint64) total * G_USEC_PER_SEC / LATENCY_RATE));

  for (guint i = 0; i < connections; i++)
    g_thread_join (threads[i]);

  g_array_sort (run.latencies, compare_doubles);
  sl_bench_record (figures, "alert_latency_p50_ms", percentile (run.latencies, 0.50));
  sl_bench_record (figures, "alert_latency_p99_ms", percentile (run.latencies, 0.99));
  sl_bench_record (figures, "alert_latency_samples", run.latencies->len);

  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (connection);
  g_hash_table_unref (run.sent);
  g_array_unref (run.latencies);
  g_mutex_clear (&run.mutex);
  g_strfreev (bodies);
}

void
bench_ingest (Figures    *figures,
              const char *dir)
{
  g_autofree char *db_path = g_build_filename (dir, "ingest.db", NULL);
  g_autofree char *profile_path = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CAMERA_TOKEN, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autoptr(SlUser) user = sl_user_new ();
  g_autoptr(SlHotlistCsv) parsed = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  g_autofree Row *rows = NULL;
  char **bodies;
  SlHotlistSpec spec = { .name = "Bench", .source = "NCIC-SVS", .kind = "general", .priority = 10,
                         .alert_level = "high", .tolerance = 1 };
  Service service;
  gint64 list_id;
  gint64 start;
  gint64 base_us;
  double raw;
  double ingest;

  if (!sl_password_init (&error))
    g_error ("%s", error->message);

  profile_path = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR") ? g_getenv ("SIGHTLINE_SOURCE_DIR") : ".",
                                   "data", "policies", "demo.json", NULL);
  if (!g_file_get_contents (profile_path, &profile, NULL, &error))
    g_error ("%s", error->message);

  store = sl_sqlite_store_open (db_path, &error);
  g_assert_no_error (error);
  sl_store_set_policy (store, profile, g_get_real_time (), &error);
  g_assert_no_error (error);
  camera->name = g_strdup ("Bench camera");
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8;
  camera->lon = -122.27;
  sl_store_add_camera (store, camera, hash, &error);
  g_assert_no_error (error);
  user->username = g_strdup (USERNAME);
  user->full_name = g_strdup ("Bench Officer");
  user->roles = SL_ROLE_OFFICER;
  user->password_hash = sl_password_hash (PASSWORD, &error);
  user->trained_on = g_date_time_format (today, "%Y-%m-%d");
  user->created_at_us = g_get_real_time ();
  sl_store_add_user (store, user, &error);
  g_assert_no_error (error);

  /* A 1,000,000-row list from CSV to the database, as `sightlined hotlist import` does it. */
  csv = hotlist_csv (rand, wanted);
  start = g_get_monotonic_time ();
  parsed = sl_hotlist_csv_parse (csv, strlen (csv), &error);
  g_assert_no_error (error);
  list_id = sl_store_ensure_hotlist (store, &spec, g_get_real_time (), &error);
  sl_store_replace_hotlist (store, list_id, parsed->rows, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  sl_bench_record (figures, "hotlist_import_1m_s", sl_bench_seconds_since (start));
  g_clear_pointer (&parsed, sl_hotlist_csv_free);
  g_clear_pointer (&csv, g_free);
  g_clear_object (&store);

  start = g_get_monotonic_time ();
  service_start (&service, db_path);
  sl_bench_record (figures, "service_start_1m_entries_s", sl_bench_seconds_since (start));
  session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", SINGLE_CONNS, NULL);

  /* Batches of 500, one after another. */
  base_us = g_get_real_time () - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  rows = make_rows (rand, BATCH * N_BATCHES, base_us);
  bodies = g_new0 (char *, N_BATCHES + 1);
  for (guint b = 0; b < N_BATCHES; b++)
    bodies[b] = batch_body (&rows[b * BATCH], BATCH);

  post_sync (session, service.url, bodies[0]);
  ingest = BATCH * run_concurrent (service.url, bodies + 1, N_BATCHES - 1, BATCH_CONNS);
  sl_bench_record (figures, "ingest_reads_per_s", ingest);
  g_strfreev (bodies);

  raw = raw_sqlite_rows_per_s (dir, rows, BATCH * N_BATCHES);
  sl_bench_record (figures, "raw_sqlite_rows_per_s", raw);
  sl_bench_record (figures, "ingest_vs_raw_ratio", ingest / raw);

  /* One read per request, SINGLE_CONNS connections. */
  g_free (rows);
  rows = make_rows (rand, N_SINGLE, base_us + G_GINT64_CONSTANT (10) * G_USEC_PER_SEC);
  bodies = g_new0 (char *, N_SINGLE + 1);
  for (guint i = 0; i < N_SINGLE; i++)
    bodies[i] = batch_body (&rows[i], 1);
  sl_bench_record (figures, "ingest_single_reads_per_s",
                   run_concurrent (service.url, bodies, N_SINGLE, SINGLE_CONNS));
  g_strfreev (bodies);

  measure_latency (figures, session, service.url, wanted, rand);

  g_clear_object (&session);
  service_stop (&service);

  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" :
                                                 g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *ingest_file = g_strconcat (db_path, suffix, NULL);
      g_autofree char *raw_file = g_build_filename (dir, "raw.db", NULL);
      g_autofree char *raw_with = g_strconcat (raw_file, suffix, NULL);

      g_remove (ingest_file);
      g_remove (raw_with);
    }
}
