/* sl-store.h: the storage interface; SQLite today, PostgreSQL for multi-instance sites */
#pragma once

#include "sl-alert-info.h"
#include "sl-camera.h"
#include "sl-core.h"
#include "sl-hotlist-csv.h"
#include "sl-matcher.h"
#include "sl-read.h"
#include "sl-sharing.h"

G_BEGIN_DECLS

#define SL_TYPE_STORE (sl_store_get_type ())
G_DECLARE_INTERFACE (SlStore, sl_store, SL, STORE, GObject)

typedef struct
{
  const char *username;
  const char *action;       /* exact, or a prefix ending in '.' such as "session." */
  const char *case_number;
  const char *plate;
  gint64      since_us;     /* 0: unbounded */
  gint64      until_us;     /* 0: unbounded */
  gint64      before_seq;   /* paging: only records older than this; 0: from the newest */
  guint       limit;        /* at most this many, newest first */
} SlAuditQuery;

typedef struct
{
  gint64  n_records;
  gint64  first_bad_seq;    /* 0 when the chain is intact */
  char   *reason;           /* why first_bad_seq failed, or NULL */
} SlAuditVerification;

/* A hot list's settings; the store keeps one row per name. */
typedef struct
{
  const char *name;
  const char *source;       /* NCIC-SVS, SFR, SLR, a state DOJ, local */
  const char *kind;         /* "general" or "specific" */
  int         priority;     /* 0–100, 0 first */
  const char *alert_level;  /* "high", "medium" or "low" */
  gboolean    covert;
  guint       tolerance;    /* OCR look-alike positions allowed, 0–2 */
} SlHotlistSpec;

/* A hot list as stored, with its entries counted by status. */
typedef struct
{
  gint64    id;
  char     *name;
  char     *source;
  char     *kind;             /* "general" or "specific" */
  int       priority;
  char     *alert_level;
  gboolean  covert;
  guint     tolerance;
  gboolean  active;
  gint64    created_us;
  gint64    n_pending;
  gint64    n_active;         /* active and not past their expiry */
  gint64    n_expired;        /* expired, or active past their expiry */
  gint64    n_removed;
  gint64    n_rejected;
  char     *import_source;    /* the daily import: an absolute path or a URL; NULL: none */
  char     *import_time;      /* "HH:MM", the service's local time; NULL: none */
  gint64    import_next_us;   /* when the next daily import is due; 0: none */
  gint64    imported_us;      /* the last replace from a file; 0: never */
  char     *import_summary;   /* its summary, a JSON object, or NULL */
  gint64    import_failed_us; /* the last import that failed or was refused; 0: never */
  char     *import_error;     /* why */
} SlHotlistInfo;

/* One entry of a list as its CSV export shows it. */
typedef struct
{
  const char *plate;
  const char *region;
  const char *category;
  const char *case_number;
  gint64      effective_us;
  gint64      expires_us;
  const char *status;         /* "expired" for an active entry past its expiry */
  const char *entered_by;
} SlHotlistExportRow;

typedef gboolean (*SlHotlistRowFunc) (const SlHotlistExportRow *row,
                                      gpointer                  data);

/* One version of a specific entry, as proposed and decided. */
typedef struct
{
  gint64  entry_id;
  gint64  version;            /* 1 up */
  char   *status;             /* "pending", "approved" or "rejected" */
  char   *fields;             /* JSON object: the entry's fields in this version, as the API shows them */
  char   *changed;            /* JSON array: the fields that differ from the version in force */
  char   *author;
  char   *author_supervisor;  /* the author's immediate supervisor (a username), or NULL */
  gint64  created_us;
  char   *decided_by;
  gint64  decided_us;         /* 0: not decided */
  char   *decision_note;
} SlHotlistEntryVersion;

/* An entry of a specific list, with its list and author. */
typedef struct
{
  gint64    id;
  gint64    list_id;
  char     *list_name;
  char     *list_kind;
  gboolean  list_covert;
  int       list_priority;
  guint     list_tolerance;
  char     *plate;            /* normalized, or a pattern with '?' and '*' */
  char     *region;           /* "" when unknown */
  char     *reason;           /* a code of the profile's hotlist_reasons */
  char     *case_number;
  char     *synopsis;
  char     *make;
  char     *model;
  char     *color;
  char     *status;           /* as stored: an active entry past expires_us is expired all the same */
  gint64    effective_us;
  gint64    expires_us;
  char     *entered_by;
  char     *entered_by_name;
  char     *entered_by_supervisor; /* the author's immediate supervisor (a username), or NULL */
  gint64    created_us;
  char     *approved_by;
  gint64    approved_us;
  char     *removed_by;
  gint64    removed_us;
  char     *removal_reason;
  SlHotlistEntryVersion *pending;  /* the version waiting for a decision, or NULL */
} SlHotlistEntryInfo;

/* Which entries of a list, in which order. */
typedef struct
{
  gint64      list_id;
  const char *status;         /* NULL: any; "expired" counts active entries past their expiry, "active" not */
  const char *query;          /* a plate prefix (normalized) or a case number; NULL: any */
  const char *order;          /* "plate", "expires", "created" (newest first) or "status" */
  guint       offset;
  guint       limit;
  gint64      now_us;
} SlHotlistEntryQuery;

typedef enum
{
  SL_HOTLIST_CHANGE_PROPOSE,  /* a new pending version; one still pending is replaced */
  SL_HOTLIST_CHANGE_APPROVE,  /* the pending version is approved and the entry takes its fields */
  SL_HOTLIST_CHANGE_REJECT,   /* the pending version is rejected; a new entry is then rejected */
  SL_HOTLIST_CHANGE_REMOVE,   /* the entry stops matching; a pending version is rejected */
} SlHotlistChangeKind;

/* One change to an entry, written with its access-log record in one transaction. */
typedef struct
{
  SlHotlistChangeKind        kind;
  gint64                     entry_id;
  gint64                     version;       /* APPROVE, REJECT: the pending version decided; 409 if it is no longer */
  const SlHotlistEntryInfo  *fields;        /* PROPOSE (for an entry still pending) and APPROVE: the entry's new fields */
  const char                *fields_json;   /* PROPOSE */
  const char                *changed_json;  /* PROPOSE */
  const char                *username;      /* who proposes, decides or removes */
  const char                *note;          /* a decision's note, a rejection's or removal's reason */
  gint64                     at_us;
  gint64                     new_version;   /* out: PROPOSE */
} SlHotlistChange;

/* A hit to store with its read, in the read's transaction. */
typedef struct
{
  SlRead      *read;          /* borrowed; stored only when the read is new */
  gint64       entry_id;
  const char  *entry_json;    /* the entry and its list as they are now */
  gboolean     covert;
  SlMatchKind  kind;
  const char  *matched_plate;
  guint32      differing;
  gboolean     retro;
  gint64       created_us;
  const SlAuditRecord *record; /* borrowed: the access log gets a copy with the alert's ids */
  gint64       id;            /* out: 0 when the read was a repeat */
} SlNewAlert;

typedef struct
{
  const char *state;          /* NULL: any */
  const char *plate;          /* read plate or matched plate; NULL: any */
  gint64      camera_id;      /* 0: any */
  gint64      read_id;        /* 0: any */
  gint64      since_us;       /* 0: unbounded */
  gint64      until_us;       /* 0: unbounded */
  gint64      before_id;      /* paging: only older alerts; 0: from the newest */
  guint       limit;
  gboolean    include_covert;
} SlAlertQuery;

typedef gboolean (*SlMatchEntryFunc) (const SlMatchEntry *entry,
                                      gpointer            data);

/* Searches of reads ("detection browsing inquiries", DESIGN.md section 3) */
typedef enum
{
  SL_SEARCH_ORDER_NEWEST,
  SL_SEARCH_ORDER_OLDEST,
  SL_SEARCH_ORDER_PLATE,
  SL_SEARCH_ORDER_CAMERA,
} SlSearchOrder;

typedef struct
{
  double lat;
  double lon;
} SlGeoPoint;

/* What a search asks for; every member set narrows it. */
typedef struct
{
  const char       *plate;          /* a plate, or a pattern with '?' and '*'; NULL: any */
  guint             tolerance;      /* with a plate that is no pattern: look-alike positions, 0–2 */
  SlOcrClasses     *classes;        /* the look-alikes, needed with a tolerance */
  GPtrArray        *plates;         /* (char *) any of these exact plates; NULL: any */
  const char       *region;
  gint64            since_us;       /* captured at or after; 0: unbounded */
  gint64            until_us;       /* captured before; 0: unbounded */
  const gint64     *camera_ids;
  guint             n_camera_ids;   /* 0: any camera */
  gboolean          circle;         /* within radius_m of (lat, lon) */
  double            lat;
  double            lon;
  double            radius_m;
  const SlGeoPoint *polygon;        /* inside this polygon (3 points or more); NULL: none */
  guint             n_polygon;
  int               direction;      /* heading within 22.5° of this (0, 45, …, 315); -1: any */
  const char       *make;           /* vehicle attributes, equal ignoring case */
  const char       *color;
  const char       *vehicle_type;
  SlSearchOrder     order;
  gint64            max_read_id;    /* frozen results: reads up to this id; 0: all there are now */
  gint64            read_id;        /* only this read (is it among the results?); 0: any */
  gboolean          include_covert; /* whether hits of covert lists count for "hit" */
} SlReadQuery;

/* One result of a search. */
typedef struct
{
  SlRead   *read;
  char     *camera_name;
  gboolean  has_plate_image;
  gboolean  has_overview_image;
  gboolean  hit;                    /* the read raised an alert */
} SlFoundRead;

/* A search as it was made, kept so that its results can be paged, exported and audited. */
typedef struct
{
  gint64  id;
  char   *kind;                     /* "plate", "track" or "multi_place" */
  gint64  created_us;
  char   *username;
  char   *case_number;
  char   *purpose_code;
  char   *purpose_note;
  char   *plate;                    /* the plate or pattern searched, or NULL */
  char   *filters;                  /* JSON object: every filter as given */
  gint64  max_read_id;              /* its results are the reads up to this id */
  gint64  total;
  char   *result_plates;            /* JSON array: the plates a multi-place search found, or NULL */
} SlSearch;

/* Which sharing requests to list; every member set narrows it. */
typedef struct
{
  gboolean         has_status;
  SlSharingStatus  status;
  const char      *agency;          /* part of the agency's name */
  const char      *case_number;     /* the requester's case number */
  const char      *entered_by;
  gint64           since_us;        /* received at or after; 0: unbounded */
  gint64           until_us;        /* received before; 0: unbounded */
  gint64           limit;           /* 0: all */
  gint64           offset;
} SlSharingQuery;

/* A count under a name: a day, a disposition, an agency's requests. */
typedef struct
{
  char   *name;
  char   *detail;          /* e.g. the status of an agency's requests, or NULL */
  gint64  count;
} SlReportCount;

/* What the system did in a period, for the transparency and surveillance reports. */
typedef struct
{
  gint64      cameras;
  gint64      reads;
  gint64      hit_reads;         /* reads that raised an alert */
  gint64      alerts;
  gint64      searches;          /* searches made, from the access log */
  gint64      audits_closed;
  gint64      sharing[SL_SHARING_N_STATUSES];
  GPtrArray  *reads_per_day;     /* SlReportCount, name YYYY-MM-DD (UTC), oldest first */
  GPtrArray  *dispositions;      /* SlReportCount, name the disposition of closed alerts */
  GPtrArray  *sharing_by_agency; /* SlReportCount, name the agency, detail the status */
} SlActivityReport;

SlActivityReport *sl_activity_report_new  (void);
void        sl_activity_report_free       (SlActivityReport    *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlActivityReport, sl_activity_report_free)

/* A compliance audit: a seeded random sample of the searches in a window,
 * each reviewed, closed with a memorandum. */
typedef struct
{
  gint64  id;
  char   *created_by;
  gint64  created_us;
  gint64  from_us;
  gint64  to_us;
  gint64  seed;
  gint64  population;     /* searches in the window */
  char   *items;          /* JSON array: {seq, compliant, note, data_error, reviewed_by, reviewed_at} */
  char   *status;         /* "open" or "closed" */
  char   *summary;
  char   *closed_by;
  gint64  closed_us;
  GBytes *memo;           /* the memorandum PDF once closed; only find_compliance_audit fills it */
} SlComplianceAudit;

void        sl_compliance_audit_free      (SlComplianceAudit   *audit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlComplianceAudit, sl_compliance_audit_free)

/* A legal hold: reads kept past their time for a case, until its review. */
typedef struct
{
  gint64  id;
  char   *case_number;
  char   *reason;
  char   *created_by;
  gint64  created_us;
  gint64  review_us;       /* it lapses then, unless renewed */
  char   *plate;           /* with from_us and to_us; or NULL: the reads of hold_reads */
  gint64  from_us;
  gint64  to_us;
  gint64  search_id;       /* the search whose results it keeps, or 0 */
  char   *released_by;
  gint64  released_us;
  gint64  n_reads;         /* the reads it covers now */
} SlHold;

void        sl_hold_free                  (SlHold              *hold);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHold, sl_hold_free)

/* What a purge removes: each class's data from before its cutoff (0: none
 * of it), as of @now_us; a dry run counts and keeps. */
typedef struct
{
  gint64    now_us;
  gint64    cutoff_us[SL_DATA_CLASS_LAST];
  gboolean  dry_run;
} SlPurgePlan;

typedef struct
{
  gint64    counts[SL_DATA_CLASS_LAST];   /* rows; images for SL_DATA_CLASS_IMAGES */
  gint64    held_reads;                   /* past their time, kept by a hold */
} SlPurgeResult;

/* A package built for an approved sharing request: what was disclosed. */
typedef struct
{
  gint64  id;
  gint64  built_us;
  char   *built_by;
  gint64  reads;
  gint64  images;
  char   *sha256;     /* of the package */
  char   *manifest;   /* manifest.json */
  GBytes *package;    /* the ZIP */
} SlSharingPackageRow;

void        sl_sharing_package_row_free   (SlSharingPackageRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSharingPackageRow, sl_sharing_package_row_free)
void        sl_found_read_free            (SlFoundRead         *found);
void        sl_search_free                (SlSearch            *search);
void        sl_hotlist_info_free          (SlHotlistInfo       *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFoundRead, sl_found_read_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearch, sl_search_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistInfo, sl_hotlist_info_free)
void        sl_hotlist_entry_version_free (SlHotlistEntryVersion *version);
void        sl_hotlist_entry_info_free    (SlHotlistEntryInfo  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistEntryVersion, sl_hotlist_entry_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistEntryInfo, sl_hotlist_entry_info_free)

struct _SlStoreInterface
{
  GTypeInterface parent_iface;

  int         (*get_schema_version)    (SlStore *self);

  gboolean    (*set_policy)            (SlStore *self, const char *policy_json, gint64 now_us, GError **error);
  char       *(*dup_policy)            (SlStore *self, GError **error);

  gboolean    (*add_user)              (SlStore *self, SlUser *user, GError **error);
  SlUser     *(*find_user)             (SlStore *self, const char *username, GError **error);
  GPtrArray  *(*list_users)            (SlStore *self, GError **error);
  gboolean    (*update_user)           (SlStore *self, const SlUser *user, GError **error);
  gboolean    (*add_training)          (SlStore *self, const char *username, const char *completed_on,
                                        const char *course, GError **error);

  gboolean    (*add_login_failure)     (SlStore *self, gint64 user_id, gint64 at_us, GError **error);
  gint64      (*count_login_failures)  (SlStore *self, gint64 user_id, gint64 since_us, GError **error);
  gboolean    (*clear_login_failures)  (SlStore *self, gint64 user_id, GError **error);
  gint64      (*get_totp_last_step)    (SlStore *self, gint64 user_id);
  gboolean    (*set_totp_last_step)    (SlStore *self, gint64 user_id, gint64 step, GError **error);
  gboolean    (*lock_user)             (SlStore *self, gint64 user_id, gint64 at_us, GError **error);

  gboolean    (*audit_append)          (SlStore *self, SlAuditRecord *record, GError **error);
  GPtrArray  *(*audit_query)           (SlStore *self, const SlAuditQuery *query, GError **error);
  gboolean    (*audit_foreach)         (SlStore *self, gboolean (*func) (const SlAuditRecord *record, gpointer data),
                                        gpointer data, GError **error);
  gboolean    (*audit_get_head)        (SlStore *self, gint64 *seq, char **hash, GError **error);

  gboolean    (*add_camera)            (SlStore *self, SlCamera *camera, const char *token_hash, GError **error);
  SlCamera   *(*find_camera_by_token)  (SlStore *self, const char *token_hash, GError **error);
  GPtrArray  *(*list_cameras)          (SlStore *self, gboolean include_covert, GError **error);
  gboolean    (*touch_camera)          (SlStore *self, gint64 camera_id, gint64 heartbeat_us, GError **error);
  gboolean    (*set_camera_token)      (SlStore *self, gint64 camera_id, const char *token_hash, GError **error);

  gboolean    (*add_reads)             (SlStore *self, GPtrArray *reads, GArray *alerts, GError **error);
  gboolean    (*read_has_alert)        (SlStore *self, gint64 read_id, gboolean include_covert, GError **error);
  SlRead     *(*find_read)             (SlStore *self, gint64 read_id, GError **error);
  GBytes     *(*get_read_image)        (SlStore *self, gint64 read_id, const char *kind, char **mime, GError **error);

  gint64      (*ensure_hotlist)        (SlStore *self, const SlHotlistSpec *spec, gint64 now_us, GError **error);
  gboolean    (*replace_hotlist)       (SlStore *self, gint64 list_id, GArray *rows, const char *summary_json,
                                        SlAuditRecord *record, gint64 now_us, GError **error);
  gboolean    (*foreach_hotlist_entry) (SlStore *self, SlMatchEntryFunc func, gpointer data, GError **error);
  char       *(*dup_hotlist_entry)     (SlStore *self, gint64 entry_id, gboolean *covert, GError **error);
  gint64      (*get_hotlist_generation) (SlStore *self);
  GPtrArray  *(*list_hotlists)         (SlStore *self, gboolean include_covert, gint64 now_us, GError **error);
  SlHotlistInfo *(*find_hotlist)       (SlStore *self, gint64 list_id, gint64 now_us, GError **error);
  gboolean    (*create_hotlist)        (SlStore *self, SlHotlistInfo *list, SlAuditRecord *record, GError **error);
  gboolean    (*update_hotlist)        (SlStore *self, const SlHotlistInfo *list, SlAuditRecord *record,
                                        GError **error);
  gboolean    (*count_hotlist_changes) (SlStore *self, gint64 list_id, GArray *rows, gint64 *added,
                                        gint64 *removed, GError **error);
  gboolean    (*fail_hotlist_import)   (SlStore *self, gint64 list_id, const char *reason, SlAuditRecord *record,
                                        gint64 at_us, GError **error);
  gboolean    (*set_hotlist_import_next) (SlStore *self, gint64 list_id, gint64 next_us, GError **error);
  gboolean    (*foreach_hotlist_row)   (SlStore *self, gint64 list_id, gint64 now_us, SlHotlistRowFunc func,
                                        gpointer data, GError **error);

  GPtrArray  *(*list_hotlist_entries)  (SlStore *self, const SlHotlistEntryQuery *query, gint64 *total,
                                        GError **error);
  SlHotlistEntryInfo *(*find_hotlist_entry) (SlStore *self, gint64 entry_id, GError **error);
  GPtrArray  *(*list_hotlist_entry_versions) (SlStore *self, gint64 entry_id, GError **error);
  gboolean    (*add_hotlist_entry)     (SlStore *self, SlHotlistEntryInfo *entry, const char *fields_json,
                                        const char *changed_json, SlAuditRecord *record, GError **error);
  gboolean    (*change_hotlist_entry)  (SlStore *self, SlHotlistChange *change, SlAuditRecord *record,
                                        GError **error);
  GPtrArray  *(*list_hotlist_approvals) (SlStore *self, const char *supervisor, const char *except_author,
                                        GError **error);
  gboolean    (*add_retro_alerts)      (SlStore *self, GArray *alerts, GError **error);

  GPtrArray  *(*list_alerts)           (SlStore *self, const SlAlertQuery *query, GError **error);
  SlAlertInfo *(*find_alert)           (SlStore *self, gint64 alert_id, GError **error);
  gboolean    (*set_alert_state)       (SlStore *self, gint64 alert_id, SlAlertState from, SlAlertState to,
                                        const char *username, const char *note, const char *disposition,
                                        SlAuditRecord *record, gint64 at_us, GError **error);

  GPtrArray  *(*search_reads)          (SlStore *self, const SlReadQuery *query, guint offset, guint limit,
                                        gint64 *total, gint64 *max_read_id, GError **error);
  GPtrArray  *(*search_plates)         (SlStore *self, const SlReadQuery *query, guint max, GError **error);
  GArray     *(*search_points)         (SlStore *self, const SlReadQuery *query, guint max, GError **error);
  gboolean    (*add_search)            (SlStore *self, SlSearch *search, SlAuditRecord *record, GError **error);
  SlSearch   *(*find_search)           (SlStore *self, gint64 search_id, GError **error);

  gboolean    (*add_sharing_request)   (SlStore *self, SlSharingRequest *request, GBytes *attachment,
                                        SlAuditRecord *record, GError **error);
  SlSharingRequest *(*find_sharing_request) (SlStore *self, gint64 request_id, GError **error);
  GPtrArray  *(*list_sharing_requests) (SlStore *self, const SlSharingQuery *query, gint64 *counts, GError **error);
  gboolean    (*decide_sharing_request) (SlStore *self, const SlSharingRequest *decision, SlAuditRecord *record,
                                        GError **error);
  GBytes     *(*get_sharing_attachment) (SlStore *self, gint64 request_id, GError **error);
  gint64      (*add_sharing_package)   (SlStore *self, gint64 request_id, const SlSharingPackageRow *row,
                                        SlAuditRecord *record, GError **error);
  SlSharingPackageRow *(*find_sharing_package) (SlStore *self, gint64 request_id, GError **error);

  gboolean    (*add_hold)              (SlStore *self, SlHold *hold, GArray *read_ids, SlAuditRecord *record,
                                        GError **error);
  GPtrArray  *(*list_holds)            (SlStore *self, GError **error);
  SlHold     *(*find_hold)             (SlStore *self, gint64 hold_id, GError **error);
  gboolean    (*change_hold)           (SlStore *self, const SlHold *hold, SlAuditRecord *record, GError **error);
  gboolean    (*save_compliance_audit) (SlStore *self, SlComplianceAudit *audit, SlAuditRecord *record,
                                        GError **error);
  SlComplianceAudit *(*find_compliance_audit) (SlStore *self, gint64 audit_id, GError **error);
  GPtrArray  *(*list_compliance_audits) (SlStore *self, GError **error);
  SlActivityReport *(*report_activity) (SlStore *self, gint64 from_us, gint64 to_us, GError **error);
  gboolean    (*purge)                 (SlStore *self, const SlPurgePlan *plan, SlPurgeResult *result,
                                        SlAuditRecord *record, GError **error);

  SlStore    *(*open_sibling)          (SlStore *self, GError **error);
  void        (*set_auto_checkpoint)   (SlStore *self, gboolean enabled);
  gboolean    (*checkpoint)            (SlStore *self, GError **error);
};

int         sl_store_get_schema_version   (SlStore             *self);
gboolean    sl_store_set_policy           (SlStore             *self,
                                           const char          *policy_json,
                                           gint64               now_us,
                                           GError             **error);
char       *sl_store_dup_policy           (SlStore             *self,
                                           GError             **error);
gboolean    sl_store_add_user             (SlStore             *self,
                                           SlUser              *user,
                                           GError             **error);
SlUser     *sl_store_find_user            (SlStore             *self,
                                           const char          *username,
                                           GError             **error);
GPtrArray  *sl_store_list_users           (SlStore             *self,
                                           GError             **error);
gboolean    sl_store_update_user          (SlStore             *self,
                                           const SlUser        *user,
                                           GError             **error);
gboolean    sl_store_add_training         (SlStore             *self,
                                           const char          *username,
                                           const char          *completed_on,
                                           const char          *course,
                                           GError             **error);
gboolean    sl_store_add_login_failure    (SlStore             *self,
                                           gint64               user_id,
                                           gint64               at_us,
                                           GError             **error);
gint64      sl_store_count_login_failures (SlStore             *self,
                                           gint64               user_id,
                                           gint64               since_us,
                                           GError             **error);
gboolean    sl_store_clear_login_failures (SlStore             *self,
                                           gint64               user_id,
                                           GError             **error);
gint64      sl_store_get_totp_last_step   (SlStore             *self,
                                           gint64               user_id);
gboolean    sl_store_set_totp_last_step   (SlStore             *self,
                                           gint64               user_id,
                                           gint64               step,
                                           GError             **error);
gboolean    sl_store_lock_user            (SlStore             *self,
                                           gint64               user_id,
                                           gint64               at_us,
                                           GError             **error);
gboolean    sl_store_audit_append         (SlStore             *self,
                                           SlAuditRecord       *record,
                                           GError             **error);
GPtrArray  *sl_store_audit_query          (SlStore             *self,
                                           const SlAuditQuery  *query,
                                           GError             **error);
gboolean    sl_store_audit_verify         (SlStore             *self,
                                           SlAuditVerification *result,
                                           GError             **error);
void        sl_audit_verification_clear   (SlAuditVerification *result);

gboolean    sl_store_add_camera           (SlStore             *self,
                                           SlCamera            *camera,
                                           const char          *token_hash,
                                           GError             **error);
SlCamera   *sl_store_find_camera_by_token (SlStore             *self,
                                           const char          *token_hash,
                                           GError             **error);
GPtrArray  *sl_store_list_cameras         (SlStore             *self,
                                           gboolean             include_covert,
                                           GError             **error);
gboolean    sl_store_touch_camera         (SlStore             *self,
                                           gint64               camera_id,
                                           gint64               heartbeat_us,
                                           GError             **error);
gboolean    sl_store_set_camera_token     (SlStore             *self,
                                           gint64               camera_id,
                                           const char          *token_hash,
                                           GError             **error);
gboolean    sl_store_add_reads            (SlStore             *self,
                                           GPtrArray           *reads,
                                           GArray              *alerts,
                                           GError             **error);
gboolean    sl_store_read_has_alert       (SlStore             *self,
                                           gint64               read_id,
                                           gboolean             include_covert,
                                           GError             **error);
SlRead     *sl_store_find_read            (SlStore             *self,
                                           gint64               read_id,
                                           GError             **error);
GBytes     *sl_store_get_read_image       (SlStore             *self,
                                           gint64               read_id,
                                           const char          *kind,
                                           char               **mime,
                                           GError             **error);
gint64      sl_store_ensure_hotlist       (SlStore             *self,
                                           const SlHotlistSpec *spec,
                                           gint64               now_us,
                                           GError             **error);
gboolean    sl_store_replace_hotlist      (SlStore             *self,
                                           gint64               list_id,
                                           GArray              *rows,
                                           const char          *summary_json,
                                           SlAuditRecord       *record,
                                           gint64               now_us,
                                           GError             **error);
gboolean    sl_store_foreach_hotlist_entry (SlStore            *self,
                                           SlMatchEntryFunc     func,
                                           gpointer             data,
                                           GError             **error);
char       *sl_store_dup_hotlist_entry    (SlStore             *self,
                                           gint64               entry_id,
                                           gboolean            *covert,
                                           GError             **error);
gint64      sl_store_get_hotlist_generation (SlStore           *self);
GPtrArray  *sl_store_list_hotlists        (SlStore             *self,
                                           gboolean             include_covert,
                                           gint64               now_us,
                                           GError             **error);
SlHotlistInfo *sl_store_find_hotlist      (SlStore             *self,
                                           gint64               list_id,
                                           gint64               now_us,
                                           GError             **error);
gboolean    sl_store_create_hotlist       (SlStore             *self,
                                           SlHotlistInfo       *list,
                                           SlAuditRecord       *record,
                                           GError             **error);
gboolean    sl_store_update_hotlist       (SlStore             *self,
                                           const SlHotlistInfo *list,
                                           SlAuditRecord       *record,
                                           GError             **error);
gboolean    sl_store_count_hotlist_changes (SlStore            *self,
                                           gint64               list_id,
                                           GArray              *rows,
                                           gint64              *added,
                                           gint64              *removed,
                                           GError             **error);
gboolean    sl_store_fail_hotlist_import  (SlStore             *self,
                                           gint64               list_id,
                                           const char          *reason,
                                           SlAuditRecord       *record,
                                           gint64               at_us,
                                           GError             **error);
gboolean    sl_store_set_hotlist_import_next (SlStore          *self,
                                           gint64               list_id,
                                           gint64               next_us,
                                           GError             **error);
gboolean    sl_store_foreach_hotlist_row  (SlStore             *self,
                                           gint64               list_id,
                                           gint64               now_us,
                                           SlHotlistRowFunc     func,
                                           gpointer             data,
                                           GError             **error);
GPtrArray  *sl_store_list_hotlist_entries (SlStore            *self,
                                           const SlHotlistEntryQuery *query,
                                           gint64              *total,
                                           GError             **error);
SlHotlistEntryInfo *sl_store_find_hotlist_entry (SlStore       *self,
                                           gint64               entry_id,
                                           GError             **error);
GPtrArray  *sl_store_list_hotlist_entry_versions (SlStore      *self,
                                           gint64               entry_id,
                                           GError             **error);
gboolean    sl_store_add_hotlist_entry    (SlStore             *self,
                                           SlHotlistEntryInfo  *entry,
                                           const char          *fields_json,
                                           const char          *changed_json,
                                           SlAuditRecord       *record,
                                           GError             **error);
gboolean    sl_store_change_hotlist_entry (SlStore             *self,
                                           SlHotlistChange     *change,
                                           SlAuditRecord       *record,
                                           GError             **error);
GPtrArray  *sl_store_list_hotlist_approvals (SlStore           *self,
                                           const char          *supervisor,
                                           const char          *except_author,
                                           GError             **error);
gboolean    sl_store_add_retro_alerts     (SlStore             *self,
                                           GArray              *alerts,
                                           GError             **error);
GPtrArray  *sl_store_list_alerts          (SlStore             *self,
                                           const SlAlertQuery  *query,
                                           GError             **error);
SlAlertInfo *sl_store_find_alert          (SlStore             *self,
                                           gint64               alert_id,
                                           GError             **error);
gboolean    sl_store_set_alert_state      (SlStore             *self,
                                           gint64               alert_id,
                                           SlAlertState         from,
                                           SlAlertState         to,
                                           const char          *username,
                                           const char          *note,
                                           const char          *disposition,
                                           SlAuditRecord       *record,
                                           gint64               at_us,
                                           GError             **error);

GPtrArray  *sl_store_search_reads         (SlStore             *self,
                                           const SlReadQuery   *query,
                                           guint                offset,
                                           guint                limit,
                                           gint64              *total,
                                           gint64              *max_read_id,
                                           GError             **error);
GPtrArray  *sl_store_search_plates        (SlStore             *self,
                                           const SlReadQuery   *query,
                                           guint                max,
                                           GError             **error);
GArray     *sl_store_search_points        (SlStore             *self,
                                           const SlReadQuery   *query,
                                           guint                max,
                                           GError             **error);
gboolean    sl_store_add_search           (SlStore             *self,
                                           SlSearch            *search,
                                           SlAuditRecord       *record,
                                           GError             **error);
SlSearch   *sl_store_find_search          (SlStore             *self,
                                           gint64               search_id,
                                           GError             **error);

gboolean    sl_store_add_sharing_request  (SlStore             *self,
                                           SlSharingRequest    *request,
                                           GBytes              *attachment,
                                           SlAuditRecord       *record,
                                           GError             **error);
SlSharingRequest *sl_store_find_sharing_request (SlStore       *self,
                                           gint64               request_id,
                                           GError             **error);
GPtrArray  *sl_store_list_sharing_requests (SlStore            *self,
                                           const SlSharingQuery *query,
                                           gint64              *counts,
                                           GError             **error);
gboolean    sl_store_decide_sharing_request (SlStore           *self,
                                           const SlSharingRequest *decision,
                                           SlAuditRecord       *record,
                                           GError             **error);
GBytes     *sl_store_get_sharing_attachment (SlStore           *self,
                                           gint64               request_id,
                                           GError             **error);
gint64      sl_store_add_sharing_package  (SlStore             *self,
                                           gint64               request_id,
                                           const SlSharingPackageRow *row,
                                           SlAuditRecord       *record,
                                           GError             **error);
SlSharingPackageRow *sl_store_find_sharing_package (SlStore    *self,
                                           gint64               request_id,
                                           GError             **error);

gboolean    sl_store_add_hold             (SlStore             *self,
                                           SlHold              *hold,
                                           GArray              *read_ids,
                                           SlAuditRecord       *record,
                                           GError             **error);
GPtrArray  *sl_store_list_holds           (SlStore             *self,
                                           GError             **error);
SlHold     *sl_store_find_hold            (SlStore             *self,
                                           gint64               hold_id,
                                           GError             **error);
gboolean    sl_store_change_hold          (SlStore             *self,
                                           const SlHold        *hold,
                                           SlAuditRecord       *record,
                                           GError             **error);
gboolean    sl_store_save_compliance_audit (SlStore            *self,
                                           SlComplianceAudit   *audit,
                                           SlAuditRecord       *record,
                                           GError             **error);
SlComplianceAudit *sl_store_find_compliance_audit (SlStore     *self,
                                           gint64               audit_id,
                                           GError             **error);
GPtrArray  *sl_store_list_compliance_audits (SlStore           *self,
                                           GError             **error);
SlActivityReport *sl_store_report_activity (SlStore           *self,
                                           gint64               from_us,
                                           gint64               to_us,
                                           GError             **error);
gboolean    sl_store_purge                (SlStore             *self,
                                           const SlPurgePlan   *plan,
                                           SlPurgeResult       *result,
                                           SlAuditRecord       *record,
                                           GError             **error);

SlStore    *sl_store_open_sibling         (SlStore             *self,
                                           GError             **error);
void        sl_store_set_auto_checkpoint  (SlStore             *self,
                                           gboolean             enabled);
gboolean    sl_store_checkpoint           (SlStore             *self,
                                           GError             **error);

G_END_DECLS
