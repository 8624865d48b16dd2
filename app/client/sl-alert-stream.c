#define G_LOG_DOMAIN "sl-alert-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "sl-alert-stream.h"
#include "sl-client-error.h"
#include "sl-json.h"

#define STREAM_PATH "/alerts/stream"
#define DEFAULT_FIRST_RETRY_MS 1000
#define DEFAULT_MAX_RETRY_MS 30000
#define KEEPALIVE_SECONDS 20
/* An alert is a few kilobytes; this is plenty and still bounded. */
#define MAX_MESSAGE_BYTES (1024 * 1024)

struct _SlAlertStream
{
  GObject                  parent_instance;

  /* owned references */
  SlClient                *client;
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;     /* of the connection attempt under way */
  GError                  *last_error;

  guint                    retry_source;
  guint                    first_retry_ms;
  guint                    max_retry_ms;
  guint                    retry_ms;        /* the wait before the next attempt */
  guint                    running : 1;
  guint                    connected : 1;
};

G_DEFINE_FINAL_TYPE (SlAlertStream, sl_alert_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  ALERT_RECEIVED,
  ALERT_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (SlAlertStream *self);

static void
set_connected (SlAlertStream *self,
               gboolean       connected)
{
  if (self->connected == !!connected)
    return;

  self->connected = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
set_last_error (SlAlertStream *self,
                const GError  *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
}

static void
drop_connection (SlAlertStream *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static gboolean
retry_cb (gpointer user_data)
{
  SlAlertStream *self = user_data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SlAlertStream *self)
{
  guint delay;

  if (!self->running || self->retry_source != 0)
    return;

  /* Up to a fifth earlier, so workstations do not all return at once. */
  delay = self->retry_ms - (guint) g_random_int_range (0, (gint32) self->retry_ms / 5 + 1);
  self->retry_source = g_timeout_add (MAX (delay, 1), retry_cb, self);
  g_debug ("Alert stream: next attempt in %u ms", delay);

  self->retry_ms = MIN (self->retry_ms * 2, self->max_retry_ms);
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  SlAlertStream *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &length);
  if (!sl_alert_stream_handle_message (self, data, length, &error))
    {
      /* One bad message costs that message only. */
      g_debug ("Alert stream: %s", error->message);
      set_last_error (self, error);
    }
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  SlAlertStream *self = user_data;

  g_debug ("Alert stream error: %s", error->message);
  set_last_error (self, error);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  g_autoptr(SlAlertStream) self = g_object_ref (user_data);

  g_debug ("Alert stream closed (code %u)", soup_websocket_connection_get_close_code (connection));
  drop_connection (self);
  set_connected (self, FALSE);
  schedule_retry (self);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlAlertStream) self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = sl_client_connect_websocket_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (connection == NULL)
    {
      g_debug ("Alert stream: %s", error->message);
      set_last_error (self, error);
      schedule_retry (self);
      return;
    }

  if (!self->running)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_keepalive_interval (self->connection, KEEPALIVE_SECONDS);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_MESSAGE_BYTES);
  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (error_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (closed_cb), self);

  self->retry_ms = self->first_retry_ms;
  set_last_error (self, NULL);
  set_connected (self, TRUE);
}

static void
connect_now (SlAlertStream *self)
{
  if (!self->running || self->connection != NULL || self->cancellable != NULL)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->cancellable = g_cancellable_new ();
  sl_client_connect_websocket_async (self->client, STREAM_PATH, self->cancellable,
                                     connected_cb, g_object_ref (self));
}

static void
session_changed_cb (SlAlertStream *self,
                    GParamSpec    *pspec,
                    SlClient      *client)
{
  /* A new login (an unlock) need not wait for the backoff to run out. */
  if (sl_client_get_current_session (client) != NULL && self->running && !self->connected)
    {
      self->retry_ms = self->first_retry_ms;
      connect_now (self);
    }
}

static void
sl_alert_stream_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlAlertStream *self = SL_ALERT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_alert_stream_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlAlertStream *self = SL_ALERT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_alert_stream_constructed (GObject *object)
{
  SlAlertStream *self = SL_ALERT_STREAM (object);

  G_OBJECT_CLASS (sl_alert_stream_parent_class)->constructed (object);

  g_assert (SL_IS_CLIENT (self->client));
  g_signal_connect_object (self->client, "notify::session",
                           G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
sl_alert_stream_dispose (GObject *object)
{
  SlAlertStream *self = SL_ALERT_STREAM (object);

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_alert_stream_parent_class)->dispose (object);
}

static void
sl_alert_stream_finalize (GObject *object)
{
  SlAlertStream *self = SL_ALERT_STREAM (object);

  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (sl_alert_stream_parent_class)->finalize (object);
}

static void
sl_alert_stream_class_init (SlAlertStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_alert_stream_get_property;
  object_class->set_property = sl_alert_stream_set_property;
  object_class->constructed = sl_alert_stream_constructed;
  object_class->dispose = sl_alert_stream_dispose;
  object_class->finalize = sl_alert_stream_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SL_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlAlertStream::alert-received:
   * @alert: a new alert
   *
   * A read hit a hot list the user may see.
   */
  signals[ALERT_RECEIVED] =
    g_signal_new ("alert-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SL_TYPE_ALERT);

  /**
   * SlAlertStream::alert-updated:
   * @alert: the alert as it is now
   *
   * Someone moved an alert a step.
   */
  signals[ALERT_UPDATED] =
    g_signal_new ("alert-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SL_TYPE_ALERT);
}

static void
sl_alert_stream_init (SlAlertStream *self)
{
  self->first_retry_ms = DEFAULT_FIRST_RETRY_MS;
  self->max_retry_ms = DEFAULT_MAX_RETRY_MS;
  self->retry_ms = self->first_retry_ms;
}

/**
 * sl_alert_stream_new:
 * @client: the client whose session the stream uses
 *
 * Returns: (transfer full): a stream, not started
 */
SlAlertStream *
sl_alert_stream_new (SlClient *client)
{
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);

  return g_object_new (SL_TYPE_ALERT_STREAM, "client", client, NULL);
}

SlClient *
sl_alert_stream_get_client (SlAlertStream *self)
{
  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), NULL);
  return self->client;
}

/**
 * sl_alert_stream_start:
 *
 * Connects, and from now on reconnects whenever the socket closes, waiting
 * twice as long after each failed attempt up to the maximum.
 */
void
sl_alert_stream_start (SlAlertStream *self)
{
  g_return_if_fail (SL_IS_ALERT_STREAM (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->retry_ms = self->first_retry_ms;
  connect_now (self);
}

/**
 * sl_alert_stream_stop:
 *
 * Closes the socket and stops reconnecting.
 */
void
sl_alert_stream_stop (SlAlertStream *self)
{
  g_return_if_fail (SL_IS_ALERT_STREAM (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  set_connected (self, FALSE);
}

gboolean
sl_alert_stream_get_running (SlAlertStream *self)
{
  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), FALSE);
  return self->running;
}

gboolean
sl_alert_stream_get_connected (SlAlertStream *self)
{
  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), FALSE);
  return self->connected;
}

/**
 * sl_alert_stream_get_last_error:
 *
 * Returns: (nullable): why the last attempt or message failed; cleared
 *   once connected again
 */
const GError *
sl_alert_stream_get_last_error (SlAlertStream *self)
{
  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), NULL);
  return self->last_error;
}

/**
 * sl_alert_stream_set_backoff:
 * @first_ms: the wait before the first attempt to reconnect
 * @max_ms: the longest wait
 */
void
sl_alert_stream_set_backoff (SlAlertStream *self,
                             guint          first_ms,
                             guint          max_ms)
{
  g_return_if_fail (SL_IS_ALERT_STREAM (self));
  g_return_if_fail (first_ms > 0 && first_ms <= max_ms);

  self->first_retry_ms = first_ms;
  self->max_retry_ms = max_ms;
  self->retry_ms = CLAMP (self->retry_ms, first_ms, max_ms);
}

/* The wait before the next attempt to reconnect. */
guint
sl_alert_stream_get_retry_ms (SlAlertStream *self)
{
  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), 0);
  return self->retry_ms;
}

/**
 * sl_alert_stream_handle_message:
 * @text: a text message of the socket, untrusted
 *
 * Emits ::alert-received or ::alert-updated for it. Message types this
 * client does not know are ignored.
 *
 * Returns: %FALSE with %SL_CLIENT_ERROR_INVALID_RESPONSE for a bad message
 */
gboolean
sl_alert_stream_handle_message (SlAlertStream  *self,
                                const char     *text,
                                gsize           length,
                                GError        **error)
{
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SlAlert) alert = NULL;
  JsonObject *object = NULL;
  const char *type = NULL;
  guint signal_id;

  g_return_val_if_fail (SL_IS_ALERT_STREAM (self), FALSE);

  message = sl_json_parse_object (text, length, &local_error);
  if (message == NULL ||
      !sl_json_get_string (message, "type", TRUE, &type, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The alert stream sent an invalid message: %s"), local_error->message);
      return FALSE;
    }

  if (g_str_equal (type, "alert"))
    signal_id = signals[ALERT_RECEIVED];
  else if (g_str_equal (type, "alert_updated"))
    signal_id = signals[ALERT_UPDATED];
  else
    return TRUE;

  if (!sl_json_get_object (message, "alert", TRUE, &object, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The alert stream sent an invalid message: %s"), local_error->message);
      return FALSE;
    }

  alert = sl_alert_new_from_json (object, error);
  if (alert == NULL)
    return FALSE;

  g_signal_emit (self, signal_id, 0, alert);
  return TRUE;
}
