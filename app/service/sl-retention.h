/* sl-retention.h: the purge the policy's retention periods call for */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

void   sl_retention_plan       (SlPolicy       *policy,
                                gint64          now_us,
                                gboolean        dry_run,
                                SlPurgePlan    *plan);
char  *sl_retention_describe   (const SlPurgeResult *result,
                                gboolean        dry_run);

gint64 sl_retention_disable_inactive (SlStore     *store,
                                      SlPolicy    *policy,
                                      gint64       now_us,
                                      const char  *by,
                                      GError     **error);

G_END_DECLS
