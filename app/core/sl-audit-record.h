/* sl-audit-record.h: one entry of the tamper-evident access log */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_AUDIT_RECORD (sl_audit_record_get_type ())

/* The predecessor hash of the first record. */
#define SL_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct _SlAuditRecord
{
  gint64  seq;             /* set by the store, 1-based, gapless */
  gint64  time_us;         /* UTC microseconds */
  char   *username;
  char   *organization;
  char   *role;
  char   *action;          /* e.g. "session.login" */
  char   *plate;           /* the plate or pattern used, or NULL */
  char   *data;            /* JSON object of the other data elements, or NULL */
  char   *case_number;
  char   *purpose_code;
  char   *purpose_note;
  gint64  result_count;    /* -1 when not applicable */
  char   *outcome;         /* "ok", "denied", "failed" */
  char   *client_address;
  char   *policy_version;
  char   *prev_hash;       /* hex SHA-256 of the predecessor, set by the store */
  char   *hash;            /* hex SHA-256 of this record, set by the store */
};

GType           sl_audit_record_get_type      (void) G_GNUC_CONST;
SlAuditRecord  *sl_audit_record_new           (const char          *action,
                                               const char          *outcome);
SlAuditRecord  *sl_audit_record_copy          (const SlAuditRecord *self);
void            sl_audit_record_free          (SlAuditRecord       *self);
void            sl_audit_record_set_user      (SlAuditRecord       *self,
                                               const SlUser        *user);
char           *sl_audit_record_compute_hash  (const SlAuditRecord *self);
gboolean        sl_audit_record_is_search     (const SlAuditRecord *self);
JsonNode       *sl_audit_record_to_json       (const SlAuditRecord *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditRecord, sl_audit_record_free)

G_END_DECLS
