#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <string.h>

#include "sl-store.h"

G_DEFINE_INTERFACE (SlStore, sl_store, G_TYPE_OBJECT)

static void
sl_store_default_init (SlStoreInterface *iface)
{
}

int
sl_store_get_schema_version (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), -1);

  return SL_STORE_GET_IFACE (self)->get_schema_version (self);
}

gboolean
sl_store_set_policy (SlStore     *self,
                     const char  *policy_json,
                     gint64       now_us,
                     GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy_json != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->set_policy (self, policy_json, now_us, error);
}

/**
 * sl_store_dup_policy:
 *
 * Returns: (transfer full): the active profile's JSON, or %NULL with
 *   %SL_ERROR_NOT_FOUND when none was installed.
 */
char *
sl_store_dup_policy (SlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->dup_policy (self, error);
}

/* Sets @user->id and @user->created_at_us is kept as given. */
gboolean
sl_store_add_user (SlStore  *self,
                   SlUser   *user,
                   GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL && user->username != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_user (self, user, error);
}

/**
 * sl_store_find_user:
 *
 * Returns: (transfer full): the user, or %NULL with %SL_ERROR_NOT_FOUND
 */
SlUser *
sl_store_find_user (SlStore     *self,
                    const char  *username,
                    GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->find_user (self, username, error);
}

/**
 * sl_store_list_users:
 *
 * Returns: (transfer full) (element-type SlUser): every user, by username
 */
GPtrArray *
sl_store_list_users (SlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_users (self, error);
}

/* Writes every field of @user but id, username and the training history. */
gboolean
sl_store_update_user (SlStore       *self,
                      const SlUser  *user,
                      GError       **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL && user->id > 0, FALSE);

  return SL_STORE_GET_IFACE (self)->update_user (self, user, error);
}

gboolean
sl_store_add_training (SlStore     *self,
                       const char  *username,
                       const char  *completed_on,
                       const char  *course,
                       GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL && completed_on != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_training (self, username, completed_on, course, error);
}

gboolean
sl_store_add_login_failure (SlStore  *self,
                            gint64    user_id,
                            gint64    at_us,
                            GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->add_login_failure (self, user_id, at_us, error);
}

/* Returns -1 on error. */
gint64
sl_store_count_login_failures (SlStore  *self,
                               gint64    user_id,
                               gint64    since_us,
                               GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), -1);

  return SL_STORE_GET_IFACE (self)->count_login_failures (self, user_id, since_us, error);
}

gboolean
sl_store_clear_login_failures (SlStore  *self,
                               gint64    user_id,
                               GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->clear_login_failures (self, user_id, error);
}

/* Returns G_MININT64 when no code was used yet. */
gint64
sl_store_get_totp_last_step (SlStore *self,
                             gint64   user_id)
{
  g_return_val_if_fail (SL_IS_STORE (self), G_MAXINT64);

  return SL_STORE_GET_IFACE (self)->get_totp_last_step (self, user_id);
}

gboolean
sl_store_set_totp_last_step (SlStore  *self,
                             gint64    user_id,
                             gint64    step,
                             GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->set_totp_last_step (self, user_id, step, error);
}

/**
 * sl_store_lock_user:
 *
 * Locks the account at @at_us, touching nothing else of it; an account that
 * is locked already keeps the time it was first locked.
 */
gboolean
sl_store_lock_user (SlStore  *self,
                    gint64    user_id,
                    gint64    at_us,
                    GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (at_us != 0, FALSE);

  return SL_STORE_GET_IFACE (self)->lock_user (self, user_id, at_us, error);
}

/**
 * sl_store_audit_append:
 * @record: the record; its seq, prev_hash and hash are set here
 *
 * Appends to the chain atomically. When this fails the caller must not
 * return the data the record describes.
 */
gboolean
sl_store_audit_append (SlStore        *self,
                       SlAuditRecord  *record,
                       GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->action != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->audit_append (self, record, error);
}

/**
 * sl_store_audit_query:
 *
 * Returns: (transfer full) (element-type SlAuditRecord): newest first
 */
GPtrArray *
sl_store_audit_query (SlStore             *self,
                      const SlAuditQuery  *query,
                      GError             **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->audit_query (self, query, error);
}

typedef struct
{
  SlAuditVerification *result;
  gint64               expected_seq;
  char                *expected_prev;
  gint64               head_seq;
  char                *hash_at_head;    /* of the record numbered head_seq */
} VerifyState;

static gboolean
verify_one (const SlAuditRecord *record,
            gpointer             user_data)
{
  VerifyState *state = user_data;
  g_autofree char *hash = NULL;

  state->result->n_records++;

  if (record->seq != state->expected_seq)
    {
      state->result->first_bad_seq = state->expected_seq;
      state->result->reason = g_strdup_printf ("record %" G_GINT64_FORMAT " is missing; the next one present is %" G_GINT64_FORMAT,
                                               state->expected_seq, record->seq);
      return FALSE;
    }

  if (g_strcmp0 (record->prev_hash, state->expected_prev) != 0)
    {
      state->result->first_bad_seq = record->seq;
      state->result->reason = g_strdup ("it does not follow its predecessor (a record before it was removed, changed or reordered)");
      return FALSE;
    }

  hash = sl_audit_record_compute_hash (record);
  if (g_strcmp0 (hash, record->hash) != 0)
    {
      state->result->first_bad_seq = record->seq;
      state->result->reason = g_strdup ("its contents were changed after it was written");
      return FALSE;
    }

  if (record->seq == state->head_seq)
    state->hash_at_head = g_strdup (record->hash);

  state->expected_seq++;
  g_free (state->expected_prev);
  state->expected_prev = g_strdup (record->hash);
  return TRUE;
}

/**
 * sl_store_audit_verify:
 *
 * Walks the whole chain: every record must follow its predecessor, hash to
 * what it says, and the last must be the head the store recorded (which
 * catches a removed tail).
 *
 * Returns: %FALSE only when the log could not be read; a broken chain is
 *   reported in @result.
 */
gboolean
sl_store_audit_verify (SlStore              *self,
                       SlAuditVerification  *result,
                       GError              **error)
{
  VerifyState state = { result, 1, g_strdup (SL_AUDIT_GENESIS_HASH), 0, NULL };
  g_autofree char *head_hash = NULL;
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);

  /* The head first: records appended during the walk come after it and
   * are checked like the others, not taken for a tail that grew. */
  ok = SL_STORE_GET_IFACE (self)->audit_get_head (self, &state.head_seq, &head_hash, error) &&
       SL_STORE_GET_IFACE (self)->audit_foreach (self, verify_one, &state, error);

  if (ok && result->first_bad_seq == 0)
    {
      if (state.expected_seq - 1 < state.head_seq)
        {
          result->first_bad_seq = state.expected_seq;
          result->reason = g_strdup_printf ("the log ends at record %" G_GINT64_FORMAT " but %" G_GINT64_FORMAT
                                            " records were written: records at the end were removed",
                                            state.expected_seq - 1, state.head_seq);
        }
      else if (state.head_seq > 0 && g_strcmp0 (head_hash, state.hash_at_head) != 0)
        {
          result->first_bad_seq = state.head_seq;
          result->reason = g_strdup ("the last record is not the one that was written last");
        }
    }

  g_free (state.expected_prev);
  g_free (state.hash_at_head);
  return ok;
}

void
sl_audit_verification_clear (SlAuditVerification *result)
{
  g_clear_pointer (&result->reason, g_free);
}

/* Sets @camera->id. */
gboolean
sl_store_add_camera (SlStore     *self,
                     SlCamera    *camera,
                     const char  *token_hash,
                     GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (camera != NULL && camera->name != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_camera (self, camera, token_hash, error);
}

/* Returns: (transfer full): the camera, or %NULL with %SL_ERROR_NOT_FOUND. */
SlCamera *
sl_store_find_camera_by_token (SlStore     *self,
                               const char  *token_hash,
                               GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->find_camera_by_token (self, token_hash, error);
}

/* Returns: (transfer container): SlCamera, by name, each with its latest
 * read; without @include_covert, the latest that raised no covert alert. */
GPtrArray *
sl_store_list_cameras (SlStore   *self,
                       gboolean   include_covert,
                       GError   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_cameras (self, include_covert, error);
}

gboolean
sl_store_touch_camera (SlStore  *self,
                       gint64    camera_id,
                       gint64    heartbeat_us,
                       GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->touch_camera (self, camera_id, heartbeat_us, error);
}

/* Replaces the camera's token; the old one stops working at once.
 * %SL_ERROR_NOT_FOUND when there is no such camera. */
gboolean
sl_store_set_camera_token (SlStore     *self,
                           gint64       camera_id,
                           const char  *token_hash,
                           GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->set_camera_token (self, camera_id, token_hash, error);
}

/**
 * sl_store_add_reads:
 * @reads: SlRead, each with its camera_id and position set
 * @alerts: (nullable): SlNewAlert for hits among @reads; each with a
 *   record gets a copy of it in the access log, with the read's plate and
 *   the alert's ids as its data
 *
 * Stores the reads, their images, their alerts and the alerts' access-log
 * records in one durable transaction. A read its camera sent before (same capture time and
 * plate) is not stored again: its id becomes the stored one's and its
 * alerts get id 0.
 */
gboolean
sl_store_add_reads (SlStore    *self,
                    GPtrArray  *reads,
                    GArray     *alerts,
                    GError    **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (reads != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_reads (self, reads, alerts, error);
}

/* Whether the read raised an alert; without @include_covert, one on a list that is not covert. */
gboolean
sl_store_read_has_alert (SlStore   *self,
                         gint64     read_id,
                         gboolean   include_covert,
                         GError   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->read_has_alert (self, read_id, include_covert, error);
}

/* Returns: (transfer full): the read without its images, or %NULL with %SL_ERROR_NOT_FOUND. */
SlRead *
sl_store_find_read (SlStore  *self,
                    gint64    read_id,
                    GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_read (self, read_id, error);
}

/* @kind: "plate" or "overview". Returns: (transfer full): the bytes, or %NULL with %SL_ERROR_NOT_FOUND. */
GBytes *
sl_store_get_read_image (SlStore     *self,
                         gint64       read_id,
                         const char  *kind,
                         char       **mime,
                         GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && mime != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->get_read_image (self, read_id, kind, mime, error);
}

/* Creates the list with these settings unless one of that name exists, which
 * keeps its own. Returns its id, 0 on error. */
gint64
sl_store_ensure_hotlist (SlStore              *self,
                         const SlHotlistSpec  *spec,
                         gint64                now_us,
                         GError              **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), 0);
  g_return_val_if_fail (spec != NULL && spec->name != NULL, 0);

  return SL_STORE_GET_IFACE (self)->ensure_hotlist (self, spec, now_us, error);
}

/* Replaces every entry of a general list with @rows (SlHotlistRow) and
 * appends @record (nullable) to the access log, in one transaction.
 * %SL_ERROR_RULE for a list of member-entered entries. */
gboolean
sl_store_replace_hotlist (SlStore        *self,
                          gint64          list_id,
                          GArray         *rows,
                          const char     *summary_json,
                          SlAuditRecord  *record,
                          gint64          now_us,
                          GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->replace_hotlist (self, list_id, rows, summary_json, record, now_us, error);
}

/* Calls @func for every active entry of every active list; @func returns FALSE to stop. */
gboolean
sl_store_foreach_hotlist_entry (SlStore           *self,
                                SlMatchEntryFunc   func,
                                gpointer           data,
                                GError           **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->foreach_hotlist_entry (self, func, data, error);
}

/* Returns: (transfer full): the entry with its list as a JSON object, or %NULL with %SL_ERROR_NOT_FOUND. */
char *
sl_store_dup_hotlist_entry (SlStore   *self,
                            gint64     entry_id,
                            gboolean  *covert,
                            GError   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->dup_hotlist_entry (self, entry_id, covert, error);
}

/* A number that changes with every change to hot lists, by any process. */
gint64
sl_store_get_hotlist_generation (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), -1);

  return SL_STORE_GET_IFACE (self)->get_hotlist_generation (self);
}

/* Returns: (transfer container): SlHotlistInfo by priority, then name; covert
 * lists only with @include_covert. Counts treat entries past their expiry at
 * @now_us as expired. */
GPtrArray *
sl_store_list_hotlists (SlStore   *self,
                        gboolean   include_covert,
                        gint64     now_us,
                        GError   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_hotlists (self, include_covert, now_us, error);
}

/* Returns: (transfer full): the list, or %NULL with %SL_ERROR_NOT_FOUND. */
SlHotlistInfo *
sl_store_find_hotlist (SlStore   *self,
                       gint64     list_id,
                       gint64     now_us,
                       GError   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_hotlist (self, list_id, now_us, error);
}

/* Adds a list with the settings of @list and sets its id; @record (nullable)
 * goes into the access log in the same transaction. %SL_ERROR_EXISTS when
 * the name is taken. */
gboolean
sl_store_create_hotlist (SlStore        *self,
                         SlHotlistInfo  *list,
                         SlAuditRecord  *record,
                         GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (list != NULL && list->name != NULL && list->kind != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->create_hotlist (self, list, record, error);
}

/* Writes every setting of @list (not its kind, counts or import results)
 * and @record, in one transaction. */
gboolean
sl_store_update_hotlist (SlStore              *self,
                         const SlHotlistInfo  *list,
                         SlAuditRecord        *record,
                         GError              **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (list != NULL && list->name != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->update_hotlist (self, list, record, error);
}

/* What replacing the list's entries with @rows (SlHotlistRow) would change:
 * @added rows whose plate and region the list lacks, @removed entries whose
 * plate and region @rows lack. */
gboolean
sl_store_count_hotlist_changes (SlStore  *self,
                                gint64    list_id,
                                GArray   *rows,
                                gint64   *added,
                                gint64   *removed,
                                GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL && added != NULL && removed != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->count_hotlist_changes (self, list_id, rows, added, removed, error);
}

/* Notes an import of the list that failed or was refused, with @record
 * (nullable), in one transaction; the entries stay as they are. */
gboolean
sl_store_fail_hotlist_import (SlStore        *self,
                              gint64          list_id,
                              const char     *reason,
                              SlAuditRecord  *record,
                              gint64          at_us,
                              GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->fail_hotlist_import (self, list_id, reason, record, at_us, error);
}

/* When the list's daily import is next due; 0 for never. */
gboolean
sl_store_set_hotlist_import_next (SlStore  *self,
                                  gint64    list_id,
                                  gint64    next_us,
                                  GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->set_hotlist_import_next (self, list_id, next_us, error);
}

/* Calls @func for every entry of the list, by plate; @func returns FALSE to stop. */
gboolean
sl_store_foreach_hotlist_row (SlStore           *self,
                              gint64             list_id,
                              gint64             now_us,
                              SlHotlistRowFunc   func,
                              gpointer           data,
                              GError           **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->foreach_hotlist_row (self, list_id, now_us, func, data, error);
}

/* Returns: (transfer container): SlAlertInfo, newest first, without history. */
GPtrArray *
sl_store_list_alerts (SlStore             *self,
                      const SlAlertQuery  *query,
                      GError             **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->list_alerts (self, query, error);
}

/* Returns: (transfer full): the alert with its history, or %NULL with %SL_ERROR_NOT_FOUND. */
SlAlertInfo *
sl_store_find_alert (SlStore  *self,
                     gint64    alert_id,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_alert (self, alert_id, error);
}

/* Moves the alert only if it is still in @from (%SL_ERROR_RULE when another
 * step came first), and appends @record to the access log with it. */
gboolean
sl_store_set_alert_state (SlStore       *self,
                          gint64         alert_id,
                          SlAlertState   from,
                          SlAlertState   to,
                          const char    *username,
                          const char    *note,
                          const char    *disposition,
                          SlAuditRecord *record,
                          gint64         at_us,
                          GError       **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->set_alert_state (self, alert_id, from, to, username, note,
                                                     disposition, record, at_us, error);
}

void
sl_found_read_free (SlFoundRead *found)
{
  if (found == NULL)
    return;

  g_clear_pointer (&found->read, sl_read_free);
  g_free (found->camera_name);
  g_free (found);
}

void
sl_search_free (SlSearch *search)
{
  if (search == NULL)
    return;

  g_free (search->kind);
  g_free (search->username);
  g_free (search->case_number);
  g_free (search->purpose_code);
  g_free (search->purpose_note);
  g_free (search->plate);
  g_free (search->filters);
  g_free (search->result_plates);
  g_free (search);
}

void
sl_hotlist_info_free (SlHotlistInfo *list)
{
  if (list == NULL)
    return;

  g_free (list->name);
  g_free (list->source);
  g_free (list->kind);
  g_free (list->alert_level);
  g_free (list->import_source);
  g_free (list->import_time);
  g_free (list->import_summary);
  g_free (list->import_error);
  g_free (list);
}

/**
 * sl_store_search_reads:
 * @query: the filters; a pattern or a tolerance needs no more than the plate
 * @offset: results to skip, in the query's order
 * @limit: the most to return
 * @total: (out) (optional): how many reads match in all
 * @max_read_id: (out) (optional): the last read the results can hold, for
 *   paging the same results later through @query's max_read_id
 *
 * Counting and the page see the same reads.
 *
 * Returns: (transfer container): SlFoundRead in the query's order
 */
GPtrArray *
sl_store_search_reads (SlStore            *self,
                       const SlReadQuery  *query,
                       guint               offset,
                       guint               limit,
                       gint64             *total,
                       gint64             *max_read_id,
                       GError            **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->tolerance <= SL_MATCH_MAX_TOLERANCE, NULL);
  g_return_val_if_fail (query->tolerance == 0 || query->classes != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->search_reads (self, query, offset, limit, total, max_read_id, error);
}

/**
 * sl_store_search_plates:
 * @max: the most plates to return
 *
 * Returns: (transfer container): the distinct plates (char *) of the reads
 *   that match @query, in no particular order
 */
GPtrArray *
sl_store_search_plates (SlStore            *self,
                        const SlReadQuery  *query,
                        guint               max,
                        GError            **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->search_plates (self, query, max, error);
}

/**
 * sl_store_search_points:
 * @max: the most points to return
 *
 * Returns: (transfer full) (element-type SlReadPoint): where and when the
 *   reads that match @query were taken, newest first, as the map draws them
 */
GArray *
sl_store_search_points (SlStore            *self,
                        const SlReadQuery  *query,
                        guint               max,
                        GError            **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->search_points (self, query, max, error);
}

/**
 * sl_store_add_search:
 * @search: the search; its id is set
 * @record: the access-log record of the search; its data (a JSON object)
 *   gains the member `search_id`
 *
 * Keeps the search and its access-log record in one transaction: neither is
 * written without the other.
 */
gboolean
sl_store_add_search (SlStore        *self,
                     SlSearch       *search,
                     SlAuditRecord  *record,
                     GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (search != NULL && search->username != NULL && search->kind != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_search (self, search, record, error);
}

/* Returns: (transfer full): the search, or %NULL with %SL_ERROR_NOT_FOUND. */
SlSearch *
sl_store_find_search (SlStore  *self,
                      gint64    search_id,
                      GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_search (self, search_id, error);
}

/**
 * sl_store_add_sharing_request:
 * @request: a request with its rules applied; its id is set
 * @attachment: (nullable): the written request
 * @record: (nullable): the intake's access-log record, written with it;
 *   its data gets the new request's `request_id`
 */
gboolean
sl_store_add_sharing_request (SlStore           *self,
                              SlSharingRequest  *request,
                              GBytes            *attachment,
                              SlAuditRecord     *record,
                              GError           **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (request != NULL && request->checks != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_sharing_request (self, request, attachment, record, error);
}

SlSharingRequest *
sl_store_find_sharing_request (SlStore  *self,
                               gint64    request_id,
                               GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_sharing_request (self, request_id, error);
}

/**
 * sl_store_list_sharing_requests:
 * @counts: (out caller-allocates) (optional): SL_SHARING_N_STATUSES counts,
 *   one per status over the whole register
 *
 * Returns: (transfer full) (element-type SlSharingRequest): newest first
 */
GPtrArray *
sl_store_list_sharing_requests (SlStore               *self,
                                const SlSharingQuery  *query,
                                gint64                *counts,
                                GError               **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->list_sharing_requests (self, query, counts, error);
}

/**
 * sl_store_decide_sharing_request:
 * @decision: the request's id with status, decided_by, decided_us,
 *   decision_reason, approved_scope and ends_us
 *
 * Decides a request under review, and writes @record with it; a request
 * no longer under review fails with %SL_ERROR_RULE.
 */
gboolean
sl_store_decide_sharing_request (SlStore                 *self,
                                 const SlSharingRequest  *decision,
                                 SlAuditRecord           *record,
                                 GError                 **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);
  g_return_val_if_fail (decision->status == SL_SHARING_APPROVED || decision->status == SL_SHARING_DENIED, FALSE);

  return SL_STORE_GET_IFACE (self)->decide_sharing_request (self, decision, record, error);
}

GBytes *
sl_store_get_sharing_attachment (SlStore  *self,
                                 gint64    request_id,
                                 GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->get_sharing_attachment (self, request_id, error);
}

/**
 * sl_store_add_sharing_package:
 * @row: the package; its id is not read
 * @record: (nullable): the disclosure's access-log record, written with it
 *
 * Keeps a package built for an approved request and counts the disclosure
 * on the request; a request that is not approved fails with %SL_ERROR_RULE.
 *
 * Returns: the package's id, or 0 with @error
 */
gint64
sl_store_add_sharing_package (SlStore                    *self,
                              gint64                      request_id,
                              const SlSharingPackageRow  *row,
                              SlAuditRecord              *record,
                              GError                    **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), 0);
  g_return_val_if_fail (row != NULL && row->package != NULL, 0);

  return SL_STORE_GET_IFACE (self)->add_sharing_package (self, request_id, row, record, error);
}

/* Returns: (transfer full) (nullable): the request's latest package */
SlSharingPackageRow *
sl_store_find_sharing_package (SlStore  *self,
                               gint64    request_id,
                               GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_sharing_package (self, request_id, error);
}

void
sl_sharing_package_row_free (SlSharingPackageRow *row)
{
  if (row == NULL)
    return;

  g_free (row->built_by);
  g_free (row->sha256);
  g_free (row->manifest);
  g_clear_pointer (&row->package, g_bytes_unref);
  g_free (row);
}

/**
 * sl_store_add_hold:
 * @read_ids: (nullable) (element-type gint64): the reads it keeps, when it
 *   keeps reads by id
 * @record: (nullable): written with it; its data gets the `hold_id`
 */
gboolean
sl_store_add_hold (SlStore        *self,
                   SlHold         *hold,
                   GArray         *read_ids,
                   SlAuditRecord  *record,
                   GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (hold != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_hold (self, hold, read_ids, record, error);
}

/* Returns: (transfer full) (element-type SlHold): every hold, newest first, with the reads each covers */
GPtrArray *
sl_store_list_holds (SlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_holds (self, error);
}

SlHold *
sl_store_find_hold (SlStore  *self,
                    gint64    hold_id,
                    GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_hold (self, hold_id, error);
}

/* Writes @hold's review date and release, with @record. */
gboolean
sl_store_change_hold (SlStore        *self,
                      const SlHold   *hold,
                      SlAuditRecord  *record,
                      GError        **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (hold != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->change_hold (self, hold, record, error);
}

void
sl_hold_free (SlHold *hold)
{
  if (hold == NULL)
    return;

  g_free (hold->case_number);
  g_free (hold->reason);
  g_free (hold->created_by);
  g_free (hold->plate);
  g_free (hold->released_by);
  g_free (hold);
}

/**
 * sl_store_save_compliance_audit:
 * @audit: a new audit (id 0; its id is set) or one changed
 * @record: (nullable): written with it
 */
gboolean
sl_store_save_compliance_audit (SlStore            *self,
                                SlComplianceAudit  *audit,
                                SlAuditRecord      *record,
                                GError            **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (audit != NULL && audit->items != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->save_compliance_audit (self, audit, record, error);
}

SlComplianceAudit *
sl_store_find_compliance_audit (SlStore  *self,
                                gint64    audit_id,
                                GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_compliance_audit (self, audit_id, error);
}

/* Returns: (transfer full) (element-type SlComplianceAudit): newest first, without memos */
GPtrArray *
sl_store_list_compliance_audits (SlStore  *self,
                                 GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_compliance_audits (self, error);
}

void
sl_compliance_audit_free (SlComplianceAudit *audit)
{
  if (audit == NULL)
    return;

  g_free (audit->created_by);
  g_free (audit->items);
  g_free (audit->status);
  g_free (audit->summary);
  g_free (audit->closed_by);
  g_clear_pointer (&audit->memo, g_bytes_unref);
  g_free (audit);
}

/**
 * sl_store_report_activity:
 *
 * Returns: (transfer full) (nullable): what the system did from @from_us
 *   to @to_us; cameras are those there are now
 */
SlActivityReport *
sl_store_report_activity (SlStore  *self,
                          gint64    from_us,
                          gint64    to_us,
                          GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (from_us < to_us, NULL);

  return SL_STORE_GET_IFACE (self)->report_activity (self, from_us, to_us, error);
}

static void
report_count_free (SlReportCount *count)
{
  g_free (count->name);
  g_free (count->detail);
  g_free (count);
}

void
sl_activity_report_free (SlActivityReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->reads_per_day, g_ptr_array_unref);
  g_clear_pointer (&report->dispositions, g_ptr_array_unref);
  g_clear_pointer (&report->sharing_by_agency, g_ptr_array_unref);
  g_free (report);
}

/* Returns: (transfer full): an empty report, its lists ready */
SlActivityReport *
sl_activity_report_new (void)
{
  SlActivityReport *report = g_new0 (SlActivityReport, 1);

  report->reads_per_day = g_ptr_array_new_with_free_func ((GDestroyNotify) report_count_free);
  report->dispositions = g_ptr_array_new_with_free_func ((GDestroyNotify) report_count_free);
  report->sharing_by_agency = g_ptr_array_new_with_free_func ((GDestroyNotify) report_count_free);
  return report;
}

/**
 * sl_store_purge:
 * @result: (out caller-allocates): what went, or would go
 * @record: (nullable): the purge's access-log record; its data and result
 *   count are set to the counts, and it is written with the purge
 *
 * Removes what the retention periods no longer allow, except what a hold in
 * force keeps, so that it cannot be read back from the files.
 */
gboolean
sl_store_purge (SlStore            *self,
                const SlPurgePlan  *plan,
                SlPurgeResult      *result,
                SlAuditRecord      *record,
                GError            **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL && result != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->purge (self, plan, result, record, error);
}

/* Returns: (transfer full): another connection to the same database, for another thread. */
SlStore *
sl_store_open_sibling (SlStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->open_sibling (self, error);
}

/* Whether commits on this connection also move the journal into the database
 * (on by default); a service turns it off and calls sl_store_checkpoint() from
 * a thread of its own, so that no request waits for it. */
void
sl_store_set_auto_checkpoint (SlStore  *self,
                              gboolean  enabled)
{
  g_return_if_fail (SL_IS_STORE (self));

  SL_STORE_GET_IFACE (self)->set_auto_checkpoint (self, enabled);
}

/* Moves what it can of the journal into the database without blocking writers. */
gboolean
sl_store_checkpoint (SlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  return SL_STORE_GET_IFACE (self)->checkpoint (self, error);
}

/* Specific hot-list entries --------------------------------------------------- */

void
sl_hotlist_entry_version_free (SlHotlistEntryVersion *version)
{
  if (version == NULL)
    return;

  g_free (version->status);
  g_free (version->fields);
  g_free (version->changed);
  g_free (version->author);
  g_free (version->author_supervisor);
  g_free (version->decided_by);
  g_free (version->decision_note);
  g_free (version);
}

void
sl_hotlist_entry_info_free (SlHotlistEntryInfo *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->list_name);
  g_free (entry->list_kind);
  g_free (entry->plate);
  g_free (entry->region);
  g_free (entry->reason);
  g_free (entry->case_number);
  g_free (entry->synopsis);
  g_free (entry->make);
  g_free (entry->model);
  g_free (entry->color);
  g_free (entry->status);
  g_free (entry->entered_by);
  g_free (entry->entered_by_name);
  g_free (entry->entered_by_supervisor);
  g_free (entry->approved_by);
  g_free (entry->removed_by);
  g_free (entry->removal_reason);
  g_clear_pointer (&entry->pending, sl_hotlist_entry_version_free);
  g_free (entry);
}

/**
 * sl_store_list_hotlist_entries:
 * @total: (out) (optional): how many entries the query selects
 *
 * Returns: (transfer container) (element-type SlHotlistEntryInfo): one page,
 *   each with its pending version; %SL_ERROR_NOT_FOUND for no such list
 */
GPtrArray *
sl_store_list_hotlist_entries (SlStore                   *self,
                               const SlHotlistEntryQuery *query,
                               gint64                    *total,
                               GError                   **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return SL_STORE_GET_IFACE (self)->list_hotlist_entries (self, query, total, error);
}

/* Returns: (transfer full): the entry with its pending version, or %SL_ERROR_NOT_FOUND */
SlHotlistEntryInfo *
sl_store_find_hotlist_entry (SlStore  *self,
                             gint64    entry_id,
                             GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->find_hotlist_entry (self, entry_id, error);
}

/* Returns: (transfer container) (element-type SlHotlistEntryVersion): oldest first */
GPtrArray *
sl_store_list_hotlist_entry_versions (SlStore  *self,
                                      gint64    entry_id,
                                      GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_hotlist_entry_versions (self, entry_id, error);
}

/**
 * sl_store_add_hotlist_entry:
 * @entry: the new entry's list, fields, author and times; its id is set
 * @fields_json: the fields as version 1 shows them
 * @changed_json: the fields version 1 sets
 * @record: (nullable): written in the same transaction, its data given the entry's id
 *
 * Adds a pending entry to a specific list, with its first version.
 */
gboolean
sl_store_add_hotlist_entry (SlStore             *self,
                            SlHotlistEntryInfo  *entry,
                            const char          *fields_json,
                            const char          *changed_json,
                            SlAuditRecord       *record,
                            GError             **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL && fields_json != NULL && changed_json != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_hotlist_entry (self, entry, fields_json, changed_json, record, error);
}

/* Applies @change with @record in one transaction; %SL_ERROR_EXISTS when
 * the entry changed meanwhile so the change no longer applies. */
gboolean
sl_store_change_hotlist_entry (SlStore          *self,
                               SlHotlistChange  *change,
                               SlAuditRecord    *record,
                               GError          **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->change_hotlist_entry (self, change, record, error);
}

/**
 * sl_store_list_hotlist_approvals:
 * @supervisor: (nullable): only proposals of this user's subordinates; %NULL: all
 * @except_author: (nullable): leave out this user's own proposals
 *
 * Returns: (transfer container) (element-type SlHotlistEntryInfo): entries
 *   with a pending version, oldest proposal first
 */
GPtrArray *
sl_store_list_hotlist_approvals (SlStore     *self,
                                 const char  *supervisor,
                                 const char  *except_author,
                                 GError     **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return SL_STORE_GET_IFACE (self)->list_hotlist_approvals (self, supervisor, except_author, error);
}

/* Stores alerts of reads stored earlier (retro hits), each once per read
 * and entry; an alert already there leaves its id 0. */
gboolean
sl_store_add_retro_alerts (SlStore  *self,
                           GArray   *alerts,
                           GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (alerts != NULL, FALSE);

  return SL_STORE_GET_IFACE (self)->add_retro_alerts (self, alerts, error);
}
