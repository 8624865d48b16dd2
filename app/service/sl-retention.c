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
