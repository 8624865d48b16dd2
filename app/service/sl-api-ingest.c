#define G_LOG_DOMAIN "sl-api-ingest"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-ingest.h"
#include "sl-ingest-writer.h"
#include "sl-server-private.h"

typedef SlIngestBatch *(*SlIngestParser) (const char  *data,
                                          gsize        length,
                                          gint64       now_us,
                                          GError     **error);

/* Entry JSON is looked up once per entry and request, however many reads hit it. */
typedef struct
{
  char     *json;
  gboolean  covert;
} EntryCache;

static void
entry_cache_free (EntryCache *cache)
{
  g_free (cache->json);
  g_free (cache);
}

/* Matches every read; fills @alerts with SlNewAlert pointing into @reads. */
static gboolean
match_reads (SlServer   *self,
             GPtrArray  *reads,
             gint64      now_us,
             GArray     *alerts,
             GHashTable *entries,
             GError    **error)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));

  if (self->matcher == NULL)
    return TRUE;

  for (guint i = 0; i < reads->len; i++)
    {
      SlRead *read = g_ptr_array_index (reads, i);

      g_array_set_size (hits, 0);
      if (sl_matcher_match (self->matcher, read, now_us, hits) == 0)
        continue;

      for (guint h = 0; h < hits->len; h++)
        {
          const SlMatchHit *hit = &g_array_index (hits, SlMatchHit, h);
          EntryCache *cache = g_hash_table_lookup (entries, &hit->entry_id);
          SlNewAlert alert = { 0 };

          if (cache == NULL)
            {
              g_autoptr(GError) local_error = NULL;
              gint64 *key = g_new (gint64, 1);

              cache = g_new0 (EntryCache, 1);
              cache->json = sl_store_dup_hotlist_entry (self->store, hit->entry_id, &cache->covert, &local_error);
              *key = hit->entry_id;
              g_hash_table_insert (entries, key, cache);
              if (cache->json == NULL && !g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
            }

          /* removed since the matcher was built */
          if (cache->json == NULL)
            continue;

          alert.read = read;
          alert.entry_id = hit->entry_id;
          alert.entry_json = cache->json;
          alert.covert = cache->covert;
          alert.kind = hit->kind;
          alert.matched_plate = hit->matched_plate;
          alert.differing = hit->differing;
          alert.created_us = now_us;
          g_array_append_val (alerts, alert);
        }
    }

  return TRUE;
}

/* 200 when any read was taken; 422 when every read was refused, with the reasons. */
static void
reply_accepted (SoupServerMessage   *msg,
                const SlIngestBatch *batch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean refused = batch->reads->len == 0 && batch->rejected->len > 0;

  json_builder_begin_object (builder);
  if (refused)
    {
      const SlIngestRejection *first = &g_array_index (batch->rejected, SlIngestRejection, 0);
      g_autofree char *message = g_strdup_printf ("No read was accepted; the first was refused: %s", first->message);

      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "code", "invalid_read");
      sl_json_builder_add_string_member (builder, "message", message);
      json_builder_end_object (builder);
    }
  sl_json_builder_add_int_member (builder, "accepted", batch->reads->len);
  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < batch->rejected->len; i++)
    {
      const SlIngestRejection *rejection = &g_array_index (batch->rejected, SlIngestRejection, i);

      json_builder_begin_object (builder);
      sl_json_builder_add_int_member (builder, "index", rejection->index);
      sl_json_builder_add_string_member (builder, "code", rejection->code);
      sl_json_builder_add_string_member (builder, "message", rejection->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _sl_reply_json (msg, refused ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_OK,
                  json_builder_get_root (builder));
}

/* A batch on its way to the disk; the request waits, paused, until it is there. */
typedef struct
{
  SlServer          *server;
  SoupServerMessage *msg;
  gint64             now_us;
  SlIngestBatch     *batch;
  GArray            *alerts;    /* SlNewAlert into batch->reads */
  SlAuditRecord     *alert_record;
  GHashTable        *entries;   /* entry id → EntryCache, which the alerts point into */
} IngestRequest;

static void
ingest_request_free (IngestRequest *request)
{
  g_object_unref (request->server);
  g_object_unref (request->msg);
  sl_ingest_batch_free (request->batch);
  g_array_unref (request->alerts);
  g_clear_pointer (&request->alert_record, sl_audit_record_free);
  g_hash_table_unref (request->entries);
  g_free (request);
}

static void
batch_stored_cb (gpointer      data,
                 const GError *error)
{
  IngestRequest *request = data;

  if (error != NULL)
    _sl_reply_gerror (request->msg, error);
  else
    reply_accepted (request->msg, request->batch);
  soup_server_message_unpause (request->msg);

  if (error == NULL)
    _sl_server_broadcast_alerts (request->server, request->alerts);

  ingest_request_free (request);
}

/* Matches a batch and hands it to the writer; its message is paused. */
static void
match_and_store (IngestRequest *request)
{
  SlServer *self = request->server;
  SlIngestBatch *batch = request->batch;
  g_autoptr(GError) error = NULL;

  if (!match_reads (self, batch->reads, request->now_us, request->alerts, request->entries, &error) ||
      batch->reads->len == 0)
    {
      if (error != NULL)
        _sl_reply_gerror (request->msg, error);
      else
        reply_accepted (request->msg, batch);
      soup_server_message_unpause (request->msg);
      ingest_request_free (request);
      return;
    }

  for (guint i = 0; i < request->alerts->len; i++)
    g_array_index (request->alerts, SlNewAlert, i).record = request->alert_record;

  sl_ingest_writer_push (self->writer, batch->reads, request->alerts, batch_stored_cb, request);
}

/* Batches that came while the hot lists were being reloaded go on now. */
void
_sl_server_resume_ingest (SlServer *self)
{
  IngestRequest *request;

  while ((request = g_queue_pop_head (&self->waiting_batches)) != NULL)
    match_and_store (request);
}

/* Stores a parsed batch; the answer goes out once it is durable. */
static void
ingest_batch (SlRequest     *req,
              SlIngestBatch *batch)
{
  SlServer *self = req->server;
  IngestRequest *request;

  for (guint i = 0; i < batch->reads->len; i++)
    {
      SlRead *read = g_ptr_array_index (batch->reads, i);

      read->camera_id = req->camera->id;
      read->received_us = req->now_us;
      /* a fixed camera's reads are where the camera is */
      if (isnan (read->lat) || isnan (read->lon))
        {
          read->lat = req->camera->lat;
          read->lon = req->camera->lon;
        }
    }

  request = g_new0 (IngestRequest, 1);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (req->msg);
  request->now_us = req->now_us;
  request->batch = batch;
  request->alerts = g_array_new (FALSE, TRUE, sizeof (SlNewAlert));
  request->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) entry_cache_free);
  /* the camera's request is what raises its alerts: its time and address */
  request->alert_record = _sl_server_new_record (self, req->msg, "alert.raised", "ok", NULL);
  soup_server_message_pause (req->msg);

  /* one cheap query a batch sees imports made by other processes; a new
   * list is loaded in a thread, and batches wait for it, not the service */
  if (sl_store_get_hotlist_generation (self->store) != self->hotlist_generation)
    _sl_server_reload_matcher_async (self);

  if (self->reloading_matcher)
    g_queue_push_tail (&self->waiting_batches, request);
  else
    match_and_store (request);
}

static void
ingest_with (SlRequest      *req,
             SlIngestParser  parse)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  batch = parse (data != NULL ? data : "", length, req->now_us, &error);
  if (batch == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  ingest_batch (req, g_steal_pointer (&batch));
}

void
_sl_api_ingest_native (SlRequest *req)
{
  ingest_with (req, sl_ingest_parse_native);
}

void
_sl_api_ingest_openalpr (SlRequest *req)
{
  ingest_with (req, sl_ingest_parse_openalpr);
}

/* The Stream webhook posts JSON, or multipart with a "json" field and an "upload" image. */
void
_sl_api_ingest_platerecognizer (SlRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  if (g_strcmp0 (content_type, "multipart/form-data") == 0)
    {
      g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (headers, bytes);
      g_autoptr(GBytes) json = NULL;
      GBytes *upload = NULL;

      if (multipart == NULL)
        {
          _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The multipart body could not be read");
          return;
        }

      for (int i = 0; i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *part_headers;
          GBytes *part_body;
          g_autoptr(GHashTable) params = NULL;
          const char *field;

          if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
            continue;
          if (!soup_message_headers_get_content_disposition (part_headers, NULL, &params))
            continue;

          field = g_hash_table_lookup (params, "name");
          if (g_strcmp0 (field, "json") == 0)
            json = g_bytes_ref (part_body);
          else if (g_strcmp0 (field, "upload") == 0)
            upload = part_body;
        }

      if (json == NULL)
        {
          _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The multipart body has no “json” field with the results");
          return;
        }

      batch = sl_ingest_parse_platerecognizer (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                               upload, req->now_us, &error);
    }
  else
    {
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      batch = sl_ingest_parse_platerecognizer (data != NULL ? data : "", length, NULL, req->now_us, &error);
    }

  if (batch == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  ingest_batch (req, g_steal_pointer (&batch));
}

void
_sl_api_ingest_heartbeat (SlRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!sl_store_touch_camera (req->server->store, req->camera->id, req->now_us, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_reply_no_content (req->msg);
}
