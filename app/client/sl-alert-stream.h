/* sl-alert-stream.h: the live alert socket of the service, reconnecting by itself */
#pragma once

#include "sl-alert.h"
#include "sl-client.h"

G_BEGIN_DECLS

#define SL_TYPE_ALERT_STREAM (sl_alert_stream_get_type ())
G_DECLARE_FINAL_TYPE (SlAlertStream, sl_alert_stream, SL, ALERT_STREAM, GObject)

SlAlertStream *sl_alert_stream_new            (SlClient       *client);
SlClient      *sl_alert_stream_get_client     (SlAlertStream  *self);
void           sl_alert_stream_start          (SlAlertStream  *self);
void           sl_alert_stream_stop           (SlAlertStream  *self);
gboolean       sl_alert_stream_get_running    (SlAlertStream  *self);
gboolean       sl_alert_stream_get_connected  (SlAlertStream  *self);
const GError  *sl_alert_stream_get_last_error (SlAlertStream  *self);
void           sl_alert_stream_set_backoff    (SlAlertStream  *self,
                                               guint           first_ms,
                                               guint           max_ms);
guint          sl_alert_stream_get_retry_ms   (SlAlertStream  *self);
gboolean       sl_alert_stream_handle_message (SlAlertStream  *self,
                                               const char     *text,
                                               gsize           length,
                                               GError        **error);

G_END_DECLS
