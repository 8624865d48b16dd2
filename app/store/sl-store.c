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
  VerifyState state = { result, 1, g_strdup (SL_AUDIT_GENESIS_HASH) };
  g_autofree char *head_hash = NULL;
  gint64 head_seq = 0;
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);

  ok = SL_STORE_GET_IFACE (self)->audit_foreach (self, verify_one, &state, error) &&
       SL_STORE_GET_IFACE (self)->audit_get_head (self, &head_seq, &head_hash, error);

  if (ok && result->first_bad_seq == 0)
    {
      if (head_seq != state.expected_seq - 1)
        {
          result->first_bad_seq = state.expected_seq;
          result->reason = g_strdup_printf ("the log ends at record %" G_GINT64_FORMAT " but %" G_GINT64_FORMAT
                                            " records were written: records at the end were removed",
                                            state.expected_seq - 1, head_seq);
        }
      else if (g_strcmp0 (head_hash, state.expected_prev) != 0)
        {
          result->first_bad_seq = head_seq;
          result->reason = g_strdup ("the last record is not the one that was written last");
        }
    }

  g_free (state.expected_prev);
  return ok;
}

void
sl_audit_verification_clear (SlAuditVerification *result)
{
  g_clear_pointer (&result->reason, g_free);
}
