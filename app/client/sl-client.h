/* sl-client.h: the typed asynchronous client of the Sightline service API */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-alert.h"
#include "sl-audit-record.h"
#include "sl-camera-status.h"
#include "sl-client-error.h"
#include "sl-search.h"
#include "sl-server-info.h"
#include "sl-session.h"
#include "sl-tile-set.h"

G_BEGIN_DECLS

#define SL_TYPE_CLIENT (sl_client_get_type ())
G_DECLARE_FINAL_TYPE (SlClient, sl_client, SL, CLIENT, GObject)

/**
 * SlAuditFilter:
 * @username: (nullable): only this user's records
 * @action: (nullable): only this action, e.g. "session.login", or a prefix
 *   ending in a dot, e.g. "search."
 * @since_us: records at or after this UTC time, or 0
 * @until_us: records before this UTC time, or 0
 * @before: records with a sequence number below this one (paging), or 0
 * @limit: how many at most, or 0 for the service's default
 * @case_number: (nullable): only records of this case
 * @plate: (nullable): only records of this plate (or pattern, as searched)
 */
typedef struct
{
  const char *username;
  const char *action;
  gint64      since_us;
  gint64      until_us;
  gint64      before;
  guint       limit;
  const char *case_number;
  const char *plate;
} SlAuditFilter;

/**
 * SlAuditChain:
 * @intact: whether every record holds
 * @records_checked: the records walked, up to and including the first bad one
 * @first_bad_seq: the first record that does not hold, or 0
 * @reason: (nullable): why it does not hold
 * @head_seq: the newest record's sequence number
 * @head_hash: (nullable): its hash
 * @verified_at_us: when the service verified, UTC
 *
 * The access log's hash chain as the service found it.
 */
typedef struct
{
  gboolean  intact;
  gint64    records_checked;
  gint64    first_bad_seq;
  char     *reason;
  gint64    head_seq;
  char     *head_hash;
  gint64    verified_at_us;
} SlAuditChain;

void           sl_audit_chain_free            (SlAuditChain         *chain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditChain, sl_audit_chain_free)

char          *sl_client_normalize_url        (const char           *text,
                                               GError              **error);

SlClient      *sl_client_new                  (void);
gboolean       sl_client_set_server           (SlClient             *self,
                                               const char           *url,
                                               GError              **error);
const char    *sl_client_get_server           (SlClient             *self);
gboolean       sl_client_set_ca_file          (SlClient             *self,
                                               const char           *path,
                                               GError              **error);
const char    *sl_client_get_ca_file          (SlClient             *self);
const char    *sl_client_get_token            (SlClient             *self);
void           sl_client_set_token            (SlClient             *self,
                                               const char           *token);
SlSession     *sl_client_get_current_session  (SlClient             *self);

void           sl_client_health_async         (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlServerInfo  *sl_client_health_finish        (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_login_async          (SlClient             *self,
                                               const char           *username,
                                               const char           *password,
                                               const char           *totp,
                                               gboolean              acknowledged_notice,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlSession     *sl_client_login_finish         (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_logout_async         (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       sl_client_logout_finish        (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_get_session_async    (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlSession     *sl_client_get_session_finish   (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_get_policy_async     (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonObject    *sl_client_get_policy_finish    (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_get_tile_set_async   (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlTileSet     *sl_client_get_tile_set_finish  (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_query_audit_async    (SlClient             *self,
                                               const SlAuditFilter  *filter,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray     *sl_client_query_audit_finish   (SlClient             *self,
                                               GAsyncResult         *result,
                                               gint64               *next_before,
                                               GError              **error);

void           sl_client_query_own_audit_async  (SlClient           *self,
                                                 const SlAuditFilter *filter,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
GPtrArray     *sl_client_query_own_audit_finish (SlClient           *self,
                                                 GAsyncResult       *result,
                                                 gint64             *next_before,
                                                 GError            **error);

void           sl_client_verify_audit_async   (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlAuditChain  *sl_client_verify_audit_finish  (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/**
 * SlAlertFilter:
 * @state: (nullable): only alerts in this state, as the API names it
 * @plate: (nullable): only alerts for this plate
 * @camera_id: only alerts from this camera, or 0
 * @read_id: only the alerts this read raised, or 0
 * @since_us: alerts created at or after this UTC time, or 0
 * @until_us: alerts created before this UTC time, or 0
 * @before: alerts with an id below this one (paging), or 0
 * @limit: how many at most, or 0 for the service's default
 */
typedef struct
{
  const char *state;
  const char *plate;
  gint64      camera_id;
  gint64      read_id;
  gint64      since_us;
  gint64      until_us;
  gint64      before;
  guint       limit;
} SlAlertFilter;

void           sl_client_list_alerts_async    (SlClient             *self,
                                               const SlAlertFilter  *filter,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray     *sl_client_list_alerts_finish   (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_get_alert_async      (SlClient             *self,
                                               gint64                id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlAlert       *sl_client_get_alert_finish     (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_set_alert_state_async (SlClient            *self,
                                               gint64                id,
                                               SlAlertState          state,
                                               const char           *note,
                                               const char           *disposition,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlAlert       *sl_client_set_alert_state_finish (SlClient           *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_fetch_image_async    (SlClient             *self,
                                               const char           *url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GBytes        *sl_client_fetch_image_finish   (SlClient             *self,
                                               GAsyncResult         *result,
                                               char                **content_type,
                                               GError              **error);

void           sl_client_list_cameras_async   (SlClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray     *sl_client_list_cameras_finish  (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_connect_websocket_async  (SlClient         *self,
                                                   const char       *path,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
SoupWebsocketConnection *sl_client_connect_websocket_finish (SlClient     *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

void           sl_client_create_search_async  (SlClient             *self,
                                               SlSearchContext      *context,
                                               const SlSearchFilter *filter,
                                               SlSearchOrder         order,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlSearchAnswer  *sl_client_create_search_finish (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_get_search_results_async  (SlClient        *self,
                                                    gint64           search_id,
                                                    guint            offset,
                                                    guint            limit,
                                                    SlSearchOrder    order,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
SlSearchAnswer  *sl_client_get_search_results_finish (SlClient        *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);
void           sl_client_get_search_points_async  (SlClient            *self,
                                                   gint64               search_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GArray        *sl_client_get_search_points_finish (SlClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void           sl_client_create_track_async   (SlClient             *self,
                                               SlSearchContext      *context,
                                               const char           *plate,
                                               gint64                from_us,
                                               gint64                to_us,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SlSearchAnswer  *sl_client_create_track_finish  (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/**
 * SlClientProgress:
 * @received: bytes written so far
 * @total: the size the service announced, or -1
 *
 * Called on the main context as a download advances.
 */
typedef void (*SlClientProgress) (goffset  received,
                                  goffset  total,
                                  gpointer user_data);

void           sl_client_download_async       (SlClient             *self,
                                               const char           *path,
                                               GFile                *destination,
                                               SlClientProgress      progress,
                                               gpointer              progress_data,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
goffset        sl_client_download_finish      (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void           sl_client_export_audit_async   (SlClient             *self,
                                               const SlAuditFilter  *filter,
                                               GFile                *destination,
                                               SlClientProgress      progress,
                                               gpointer              progress_data,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
goffset        sl_client_export_audit_finish  (SlClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
