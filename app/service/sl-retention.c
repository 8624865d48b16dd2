#define G_LOG_DOMAIN "sl-retention"

#include "config.h"

#include <string.h>

#include "sl-retention.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/**
 * sl_retention_plan:
 * @now_us: the time the purge runs as of
 *
 * Fills @plan with each class's cutoff from @policy. The access log is
 * never purged: the profiles set how long it is kept at least, and its
 * hash chain is proven from the first record.
 */
void
sl_retention_plan (SlPolicy    *policy,
                   gint64       now_us,
                   gboolean     dry_run,
                   SlPurgePlan *plan)
{
  memset (plan, 0, sizeof *plan);
  plan->now_us = now_us;
  plan->dry_run = dry_run;
  for (int i = 0; i < SL_DATA_CLASS_LAST; i++)
    {
      guint days = sl_policy_get_retention_days (policy, i);

      if (i != SL_DATA_CLASS_ACCESS_LOG && days > 0)
        plan->cutoff_us[i] = now_us - days * DAY_US;
    }
}

/* Returns: (transfer full): one line a class, for people */
char *
sl_retention_describe (const SlPurgeResult *result,
                       gboolean             dry_run)
{
  static const SlDataClass order[] = {
    SL_DATA_CLASS_READS, SL_DATA_CLASS_HITS, SL_DATA_CLASS_IMAGES, SL_DATA_CLASS_ALERTS,
    SL_DATA_CLASS_HOTLIST_ENTRIES, SL_DATA_CLASS_SHARING_RECORDS,
  };
  GString *text = g_string_new (dry_run ? "Would purge:\n" : "Purged:\n");

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_string_append_printf (text, "  %-16s %" G_GINT64_FORMAT "\n", sl_data_class_to_string (order[i]),
                            result->counts[order[i]]);
  g_string_append_printf (text, "Kept by legal holds past their time: %" G_GINT64_FORMAT " reads\n",
                          result->held_reads);
  return g_string_free (text, FALSE);
}

/**
 * sl_retention_disable_inactive:
 * @by: who disables, as the records name it ("system:accounts")
 *
 * Disables every account without a login for SL_USER_INACTIVE_DAYS (since
 * it was made or enabled, for one never used), each after its record.
 *
 * Returns: how many were disabled, or -1 with @error
 */
gint64
sl_retention_disable_inactive (SlStore     *store,
                               SlPolicy    *policy,
                               gint64       now_us,
                               const char  *by,
                               GError     **error)
{
  gint64 cutoff_us = now_us - (gint64) SL_USER_INACTIVE_DAYS * DAY_US;
  g_autoptr(GPtrArray) users = sl_store_list_users (store, error);
  gint64 disabled = 0;

  if (users == NULL)
    return -1;

  for (guint i = 0; i < users->len; i++)
    {
      SlUser *user = g_ptr_array_index (users, i);
      gint64 last_us = MAX (user->last_login_us, user->created_at_us);
      g_autoptr(SlAuditRecord) record = NULL;
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *last = NULL;

      if (user->disabled_at_us != 0 || last_us >= cutoff_us)
        continue;

      record = sl_audit_record_new ("user.disable", "ok");
      record->time_us = now_us;
      record->username = g_strdup (by);
      record->client_address = g_strdup ("service");
      record->policy_version = g_strdup (sl_policy_get_version_tag (policy));
      last = user->last_login_us != 0 ? sl_clock_format_iso8601 (user->last_login_us) : NULL;
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "target", user->username);
      sl_json_builder_add_string_member (builder, "reason", "inactive");
      json_builder_set_member_name (builder, "last_login_at");
      if (last != NULL)
        json_builder_add_string_value (builder, last);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      record->data = sl_json_to_string (root, FALSE);

      /* an account is never disabled without its record */
      user->disabled_at_us = now_us;
      if (!sl_store_audit_append (store, record, error) || !sl_store_update_user (store, user, error))
        return -1;
      disabled++;
    }

  return disabled;
}
