/* sl-server.h: the HTTP/JSON API of sightlined */
#pragma once

#include <gio/gio.h>

#include "sl-mbtiles.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SERVER (sl_server_get_type ())
G_DECLARE_FINAL_TYPE (SlServer, sl_server, SL, SERVER, GObject)

/* Sessions end after this long without a request, and this long after login. */
#define SL_SESSION_IDLE_US  (30 * SL_USEC_PER_MINUTE)
#define SL_SESSION_MAX_US   (12 * 60 * SL_USEC_PER_MINUTE)
/* Request bodies larger than this are refused with 413; camera batches with images may be larger. */
#define SL_SERVER_MAX_BODY         (1024 * 1024)
#define SL_SERVER_MAX_INGEST_BODY  (16 * 1024 * 1024)
/* A sharing request carries its written request, a PDF of up to 10 MB, in base64. */
#define SL_SHARING_MAX_BODY        (14 * 1024 * 1024)

SlServer  *sl_server_new      (SlStore          *store,
                               SlPolicy         *policy,
                               SlClock          *clock);
gboolean   sl_server_listen   (SlServer         *self,
                               const char       *host,
                               guint             port,
                               GTlsCertificate  *certificate,
                               GError          **error);
char      *sl_server_dup_url  (SlServer         *self);
void       sl_server_stop     (SlServer         *self);
void       sl_server_set_tiles (SlServer          *self,
                               SlMbtiles         *tiles);
gboolean   sl_server_set_ocr_classes (SlServer      *self,
                               SlOcrClasses     *classes,
                               GError          **error);

G_END_DECLS
