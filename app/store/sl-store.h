/* sl-store.h: the storage interface; SQLite today, PostgreSQL for multi-instance sites */
#pragma once

#include "sl-core.h"

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

  gboolean    (*audit_append)          (SlStore *self, SlAuditRecord *record, GError **error);
  GPtrArray  *(*audit_query)           (SlStore *self, const SlAuditQuery *query, GError **error);
  gboolean    (*audit_foreach)         (SlStore *self, gboolean (*func) (const SlAuditRecord *record, gpointer data),
                                        gpointer data, GError **error);
  gboolean    (*audit_get_head)        (SlStore *self, gint64 *seq, char **hash, GError **error);
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

G_END_DECLS
