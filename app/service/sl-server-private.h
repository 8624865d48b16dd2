/* sl-server-private.h: what the API handlers (sl-api-*.c) share with SlServer */
#pragma once

#include <libsoup/soup.h>

#include "sl-ingest-writer.h"
#include "sl-mbtiles.h"
#include "sl-server.h"

G_BEGIN_DECLS

typedef struct _SlSearchRunner SlSearchRunner;
typedef struct _SlHotlistSchedule SlHotlistSchedule;

typedef struct
{
  char   *token;        /* 64 hex digits */
  char   *username;
  gint64  created_us;
  gint64  last_seen_us;
} SlSession;

struct _SlServer
{
  GObject parent_instance;

  /* owned references */
  SoupServer *soup;
  SlStore    *store;
  SlPolicy   *policy;
  SlClock    *clock;

  /* owned memory */
  GHashTable *sessions;   /* token → SlSession; never written anywhere */

  /* hot-list matching, rebuilt when the lists change (also by `sightlined hotlist import`) */
  SlOcrClasses *ocr_classes;
  SlMatcher  *matcher;
  gint64      hotlist_generation;
  gboolean    reloading_matcher;
  GQueue      waiting_batches;  /* camera batches waiting for the new lists */

  GPtrArray  *alert_sockets;   /* SlAlertSocket */
  SlIngestWriter *writer;
  gboolean        stopping;    /* sl_server_stop() was called */
  SlSearchRunner *searches;    /* made by the first search (sl-api-search.c) */
  SlHotlistSchedule *hotlist_schedule;  /* daily imports and imports off the main loop */
  SlMbtiles  *tiles;           /* the offline map served to the clients, or NULL */
  guint       purge_source;    /* the next daily purge */
};

typedef enum
{
  SL_AUTH_NONE,
  SL_AUTH_USER,
  SL_AUTH_CAMERA,
} SlAuth;

/* One API call, alive while its handler runs (longer only for a paused message). */
typedef struct
{
  SlServer          *server;     /* borrowed */
  SoupServerMessage *msg;        /* borrowed */
  GHashTable        *query;      /* borrowed, may be NULL */
  char              *path_arg;   /* the {name} of the route, decoded, or NULL */
  SlSession         *session;    /* borrowed; NULL on routes without login */
  SlUser            *user;       /* owned; re-read from the store on every call */
  SlCamera          *camera;     /* owned; on camera routes */
  gint64             now_us;
} SlRequest;

typedef void (*SlApiHandler) (SlRequest *req);

/* Replies */
void            _sl_reply_json           (SoupServerMessage *msg,
                                          guint              status,
                                          JsonNode          *node);
void            _sl_reply_error          (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *code,
                                          const char        *format,
                                          ...) G_GNUC_PRINTF (4, 5);
void            _sl_reply_gerror         (SoupServerMessage *msg,
                                          const GError      *error);
void            _sl_reply_no_content     (SoupServerMessage *msg);
void            _sl_reply_attachment     (SoupServerMessage *msg,
                                          const char        *content_type,
                                          const char        *filename,
                                          GBytes            *bytes);

/* The access log */
SlAuditRecord  *_sl_server_new_record    (SlServer          *self,
                                          SoupServerMessage *msg,
                                          const char        *action,
                                          const char        *outcome,
                                          const SlUser      *user);
void            _sl_record_take_data     (SlAuditRecord     *record,
                                          JsonBuilder       *builder);
gboolean        _sl_server_append_record (SlServer          *self,
                                          SoupServerMessage *msg,
                                          SlAuditRecord     *record);

/* Sessions */
SlSession      *_sl_server_add_session   (SlServer          *self,
                                          const char        *username);
void            _sl_server_remove_session (SlServer         *self,
                                          const char        *token);
void            _sl_server_end_user_sessions (SlServer      *self,
                                          const char        *username);
char           *_sl_session_dup_expires_at (const SlSession *session);

/* The {id} of the route, a positive number; replies 404 naming @what (such as
 * "a hot list's id") when it is none. */
gboolean        _sl_request_parse_id     (SlRequest         *req,
                                          const char        *what,
                                          gint64            *id);
/* The query's "format", one of @formats, the first by default; replies 400
 * naming them when it is another. @format may be NULL for the check alone. */
gboolean        _sl_request_parse_format (SlRequest          *req,
                                          const char * const *formats,
                                          const char        **format);
/* The request's body as a JSON object; replies 400 and returns NULL when it is none. */
JsonObject     *_sl_request_parse_body   (SlRequest         *req);

/* Gates shared by the data endpoints. When one refuses, it has replied (and, given
 * an @audit_action, logged the refusal): require_role returns FALSE,
 * training_expired returns TRUE. */
gboolean        _sl_request_require_role (SlRequest         *req,
                                          SlRoles            any_of,
                                          const char        *audit_action);
gboolean        _sl_request_training_expired (SlRequest     *req,
                                          const char        *audit_action);

JsonNode       *_sl_server_training_json (SlServer          *self,
                                          const SlUser      *user,
                                          gint64             now_us);

/* Query strings (sl-api-audit.c); an empty parameter counts as absent */
const char     *_sl_query_get            (GHashTable        *query,
                                          const char        *name);
gboolean        _sl_query_time           (GHashTable        *query,
                                          const char        *name,
                                          gint64            *time_us,
                                          GError           **error);
gboolean        _sl_query_number         (GHashTable        *query,
                                          const char        *name,
                                          gint64             min,
                                          gint64             max,
                                          gint64            *number,
                                          GError           **error);

/* Hot lists and alerts (sl-api-alerts.c) */
gboolean        _sl_server_reload_matcher (SlServer         *self,
                                          GError           **error);
void            _sl_server_reload_matcher_async (SlServer   *self);
void            _sl_server_resume_ingest (SlServer          *self);
void            _sl_server_broadcast_alerts (SlServer       *self,
                                          GArray            *alerts);
void            _sl_server_close_alert_sockets (SlServer    *self,
                                          const char        *token);
gboolean        _sl_server_session_is_live (SlServer        *self,
                                          const char        *token,
                                          gint64             now_us);
GPtrArray      *_sl_alert_sockets_new    (void);
gboolean        _sl_server_authenticate  (SlRequest         *req);
void            _sl_api_alerts_stream    (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          SoupWebsocketConnection *connection,
                                          gpointer           user_data);
void            _sl_api_alerts_stream_check (SoupServer     *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);

/* JSON the handlers share (sl-api-json.c) */
void            _sl_json_add_time_member (JsonBuilder       *builder,
                                          const char        *member,
                                          gint64             time_us);
void            _sl_json_add_nullable_string (JsonBuilder   *builder,
                                          const char        *member,
                                          const char        *value);
void            _sl_field_error          (JsonObject        *fields,
                                          const char        *member,
                                          const char        *format,
                                          ...) G_GNUC_PRINTF (3, 4);
void            _sl_reply_invalid_fields (SoupServerMessage *msg,
                                          const char        *code,
                                          const char        *lead,
                                          JsonObject        *fields);
void            _sl_json_add_image_url   (JsonBuilder       *builder,
                                          const char        *member,
                                          const SlRead      *read,
                                          const char        *kind,
                                          gboolean           present);
void            _sl_json_add_read_members (JsonBuilder      *builder,
                                          const SlRead      *read,
                                          const char        *camera_name,
                                          gboolean           has_plate_image,
                                          gboolean           has_overview_image);
void            _sl_json_add_read        (JsonBuilder       *builder,
                                          const SlRead      *read,
                                          const char        *camera_name,
                                          gboolean           has_plate_image,
                                          gboolean           has_overview_image);
void            _sl_json_add_camera_members (JsonBuilder    *builder,
                                          const SlCamera    *camera,
                                          gint64             now_us);

/* Searches (sl-api-search.c) */
void            _sl_search_runner_free   (SlSearchRunner    *runner);
void            _sl_api_search_read_image (SlRequest        *req,
                                          const char        *kind);

/* Handlers, by file */
void            _sl_api_health           (SlRequest *req);
void            _sl_api_session_create   (SlRequest *req);
void            _sl_api_session_get      (SlRequest *req);
void            _sl_api_session_delete   (SlRequest *req);
void            _sl_api_policy_get       (SlRequest *req);
void            _sl_api_audit_list       (SlRequest *req);
void            _sl_api_audit_mine       (SlRequest *req);
void            _sl_api_audit_verify     (SlRequest *req);
void            _sl_api_audit_export     (SlRequest *req);
void            _sl_api_users_list       (SlRequest *req);
void            _sl_api_users_unlock     (SlRequest *req);
void            _sl_api_ingest_native    (SlRequest *req);
void            _sl_api_ingest_openalpr  (SlRequest *req);
void            _sl_api_ingest_platerecognizer (SlRequest *req);
void            _sl_api_ingest_heartbeat (SlRequest *req);
void            _sl_api_cameras_list     (SlRequest *req);
void            _sl_api_alerts_list      (SlRequest *req);
void            _sl_api_alerts_get       (SlRequest *req);
void            _sl_api_alerts_set_state (SlRequest *req);
void            _sl_api_read_image       (SlRequest *req);
void            _sl_api_searches_create  (SlRequest *req);
void            _sl_api_searches_multi_place (SlRequest *req);
void            _sl_api_searches_get     (SlRequest *req);
void            _sl_api_searches_results (SlRequest *req);
void            _sl_api_searches_points  (SlRequest *req);
void            _sl_api_searches_export  (SlRequest *req);
void            _sl_api_searches_evidence (SlRequest *req);
void            _sl_api_tracks_create    (SlRequest *req);
void            _sl_api_hotlists_list    (SlRequest *req);
void            _sl_api_hotlists_get     (SlRequest *req);
void            _sl_api_hotlists_create  (SlRequest *req);
void            _sl_api_hotlists_update  (SlRequest *req);
void            _sl_api_hotlists_import  (SlRequest *req);
void            _sl_api_hotlists_import_now (SlRequest *req);
void            _sl_api_hotlists_export  (SlRequest *req);
void            _sl_api_hotlist_entries_list   (SlRequest *req);
void            _sl_api_hotlist_entries_create (SlRequest *req);
void            _sl_api_hotlist_entry_get      (SlRequest *req);
void            _sl_api_hotlist_entry_update   (SlRequest *req);
void            _sl_api_hotlist_entry_renew    (SlRequest *req);
void            _sl_api_hotlist_entry_approve  (SlRequest *req);
void            _sl_api_hotlist_entry_reject   (SlRequest *req);
void            _sl_api_hotlist_entry_remove   (SlRequest *req);
void            _sl_api_hotlist_approvals_list (SlRequest *req);
void            _sl_api_tiles_get        (SlRequest *req);
void            _sl_api_users_review     (SlRequest *req);
void            _sl_api_reports_transparency (SlRequest *req);
void            _sl_api_reports_surveillance (SlRequest *req);
void            _sl_api_compliance_create (SlRequest *req);
void            _sl_api_compliance_list  (SlRequest *req);
void            _sl_api_compliance_get   (SlRequest *req);
void            _sl_api_compliance_review (SlRequest *req);
void            _sl_api_compliance_close (SlRequest *req);
void            _sl_api_compliance_memo  (SlRequest *req);
void            _sl_api_anomalies_list   (SlRequest *req);
GArray         *_sl_compliance_sample    (GArray            *seqs,
                                          guint              size,
                                          guint32            seed);
void            _sl_api_users_enable     (SlRequest *req);
void            _sl_api_users_create     (SlRequest *req);
void            _sl_api_users_update     (SlRequest *req);
void            _sl_api_users_training   (SlRequest *req);
void            _sl_api_users_disable    (SlRequest *req);
void            _sl_api_cameras_create   (SlRequest *req);
void            _sl_api_cameras_token    (SlRequest *req);
void            _sl_api_holds_create     (SlRequest *req);
void            _sl_api_holds_list       (SlRequest *req);
void            _sl_api_holds_renew      (SlRequest *req);
void            _sl_api_holds_release    (SlRequest *req);
void            _sl_api_purges_list      (SlRequest *req);
void            _sl_server_schedule_purge (SlServer        *self);
void            _sl_server_cancel_purge  (SlServer          *self);
void            _sl_purge_free           (gpointer          data);
void            _sl_api_sharing_create   (SlRequest *req);
void            _sl_api_sharing_list     (SlRequest *req);
void            _sl_api_sharing_get      (SlRequest *req);
void            _sl_api_sharing_decide   (SlRequest *req);
void            _sl_api_sharing_attachment (SlRequest *req);
void            _sl_api_sharing_preview  (SlRequest *req);
void            _sl_api_sharing_package_build (SlRequest *req);
void            _sl_api_sharing_package_get (SlRequest *req);
void            _sl_api_sharing_export   (SlRequest *req);

/* Request bodies (sl-api-search.c), shared by the searches and the sharing requests */
gboolean        _sl_api_check_members    (JsonObject        *object,
                                          const char * const *allowed,
                                          const char * const *also,
                                          const char        *what,
                                          GError           **error);
gboolean        _sl_api_parse_time       (JsonObject        *object,
                                          const char        *member,
                                          gint64            *time_us,
                                          GError           **error);
GArray         *_sl_api_search_read_ids  (SlServer          *server,
                                          const SlSearch    *search,
                                          guint              max,
                                          GError           **error);
gboolean        _sl_api_parse_area       (JsonObject        *area,
                                          SlReadQuery       *query,
                                          GArray           **polygon_points,
                                          GError           **error);
void            _sl_api_tiles_tile       (SlRequest *req);

G_END_DECLS
