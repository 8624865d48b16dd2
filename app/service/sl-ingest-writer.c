#define G_LOG_DOMAIN "sl-ingest-writer"

#include "config.h"

#include "sl-ingest-writer.h"

/* One thread commits whatever requests are waiting in one transaction, so
 * one sync to disk serves them all; another moves the journal into the
 * database, so that no commit waits for it. */

#define CHECKPOINT_INTERVAL_US (G_USEC_PER_SEC / 2)

typedef struct
{
  GPtrArray        *reads;    /* borrowed until done */
  GArray           *alerts;   /* borrowed until done; ids filled in */
  SlIngestDoneFunc  done;
  gpointer          data;
  GError           *error;
} Job;

struct _SlIngestWriter
{
  GMainContext *context;      /* where jobs are finished */
  SlStore      *store;        /* the writer thread's connection */
  SlStore      *checkpoint_store;

  GMutex        mutex;
  GCond         cond;
  GQueue        queue;        /* Job */
  gboolean      quit;

  GThread      *thread;
  GThread      *checkpoint_thread;
};

static gboolean
finish_job_cb (gpointer data)
{
  Job *job = data;

  job->done (job->data, job->error);
  g_clear_error (&job->error);
  g_free (job);
  return G_SOURCE_REMOVE;
}

static void
write_group (SlIngestWriter *self,
             GQueue         *group)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new ();
  g_autoptr(GArray) alerts = g_array_new (FALSE, FALSE, sizeof (SlNewAlert));
  g_autoptr(GError) error = NULL;
  guint offset = 0;

  for (GList *l = group->head; l != NULL; l = l->next)
    {
      Job *job = l->data;

      for (guint i = 0; i < job->reads->len; i++)
        g_ptr_array_add (reads, g_ptr_array_index (job->reads, i));
      if (job->alerts != NULL)
        g_array_append_vals (alerts, job->alerts->data, job->alerts->len);
    }

  sl_store_add_reads (self->store, reads, alerts, &error);

  while (!g_queue_is_empty (group))
    {
      Job *job = g_queue_pop_head (group);

      if (error != NULL)
        job->error = g_error_copy (error);
      else if (job->alerts != NULL)
        {
          for (guint i = 0; i < job->alerts->len; i++)
            g_array_index (job->alerts, SlNewAlert, i).id = g_array_index (alerts, SlNewAlert, offset + i).id;
          offset += job->alerts->len;
        }

      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, finish_job_cb, job, NULL);
    }
}

static gpointer
writer_thread (gpointer data)
{
  SlIngestWriter *self = data;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      GQueue group = G_QUEUE_INIT;

      while (g_queue_is_empty (&self->queue) && !self->quit)
        g_cond_wait (&self->cond, &self->mutex);
      if (g_queue_is_empty (&self->queue))
        break;

      /* everything that is waiting goes in this commit */
      group = self->queue;
      g_queue_init (&self->queue);
      g_mutex_unlock (&self->mutex);

      write_group (self, &group);

      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  return NULL;
}

static gpointer
checkpoint_thread (gpointer data)
{
  SlIngestWriter *self = data;

  g_mutex_lock (&self->mutex);
  while (!self->quit)
    {
      gint64 until = g_get_monotonic_time () + CHECKPOINT_INTERVAL_US;
      g_autoptr(GError) error = NULL;

      while (!self->quit && g_cond_wait_until (&self->cond, &self->mutex, until))
        ;
      if (self->quit)
        break;

      g_mutex_unlock (&self->mutex);
      if (!sl_store_checkpoint (self->checkpoint_store, &error))
        g_message ("Checkpoint failed: %s", error->message);
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  return NULL;
}

/**
 * sl_ingest_writer_new:
 * @store: the service's connection; the writer opens its own beside it
 *
 * Jobs finish in the thread-default main context of the caller.
 */
SlIngestWriter *
sl_ingest_writer_new (SlStore  *store,
                      GError  **error)
{
  g_autoptr(SlStore) writer_store = NULL;
  g_autoptr(SlStore) checkpoint_store = NULL;
  SlIngestWriter *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  writer_store = sl_store_open_sibling (store, error);
  if (writer_store == NULL)
    return NULL;
  checkpoint_store = sl_store_open_sibling (store, error);
  if (checkpoint_store == NULL)
    return NULL;

  sl_store_set_auto_checkpoint (store, FALSE);
  sl_store_set_auto_checkpoint (writer_store, FALSE);

  self = g_new0 (SlIngestWriter, 1);
  self->context = g_main_context_ref_thread_default ();
  self->store = g_steal_pointer (&writer_store);
  self->checkpoint_store = g_steal_pointer (&checkpoint_store);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  self->thread = g_thread_new ("sl-ingest-writer", writer_thread, self);
  self->checkpoint_thread = g_thread_new ("sl-checkpoint", checkpoint_thread, self);
  return self;
}

/* Writes what is queued, then stops; jobs finish when their context runs next. */
void
sl_ingest_writer_free (SlIngestWriter *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->quit = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_thread_join (self->thread);
  g_thread_join (self->checkpoint_thread);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_clear_object (&self->store);
  g_clear_object (&self->checkpoint_store);
  g_main_context_unref (self->context);
  g_free (self);
}

/* @reads and @alerts (SlNewAlert, with the records they point to) must stay
 * alive, unchanged, until @done runs. */
void
sl_ingest_writer_push (SlIngestWriter   *self,
                       GPtrArray        *reads,
                       GArray           *alerts,
                       SlIngestDoneFunc  done,
                       gpointer          data)
{
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (reads != NULL && done != NULL);

  job = g_new0 (Job, 1);
  job->reads = reads;
  job->alerts = alerts;
  job->done = done;
  job->data = data;

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->queue, job);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}
