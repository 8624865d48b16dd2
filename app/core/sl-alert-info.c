#define G_LOG_DOMAIN "sl-alert-info"

#include "config.h"

#include "sl-alert-info.h"

static const char * const match_kinds[] = {
  [SL_MATCH_EXACT] = "exact",
  [SL_MATCH_CANDIDATE] = "candidate",
  [SL_MATCH_TOLERANT] = "tolerant",
  [SL_MATCH_PATTERN] = "pattern",
};

const char *
sl_match_kind_to_string (SlMatchKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (match_kinds), NULL);

  return match_kinds[kind];
}

gboolean
sl_match_kind_from_string (const char  *text,
                           SlMatchKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (match_kinds); i++)
    if (g_strcmp0 (text, match_kinds[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

SlAlertInfo *
sl_alert_info_new (void)
{
  return g_new0 (SlAlertInfo, 1);
}

void
sl_alert_event_free (SlAlertEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->username);
  g_free (event->note);
  g_free (event->disposition);
  g_free (event);
}

void
sl_alert_info_free (SlAlertInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->disposition);
  g_free (info->matched_plate);
  g_free (info->entry_json);
  g_clear_pointer (&info->read, sl_read_free);
  g_free (info->camera_name);
  g_clear_pointer (&info->history, g_ptr_array_unref);
  g_free (info);
}
