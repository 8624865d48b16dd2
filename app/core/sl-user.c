#define G_LOG_DOMAIN "sl-user"

#include "config.h"

#include <string.h>

#include "sl-clock.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-role.h"
#include "sl-user.h"

G_DEFINE_BOXED_TYPE (SlUser, sl_user, sl_user_copy, sl_user_free)

SlUser *
sl_user_new (void)
{
  return g_new0 (SlUser, 1);
}

SlUser *
sl_user_copy (const SlUser *self)
{
  SlUser *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->username = g_strdup (self->username);
  copy->full_name = g_strdup (self->full_name);
  copy->badge = g_strdup (self->badge);
  copy->organization = g_strdup (self->organization);
  copy->supervisor = g_strdup (self->supervisor);
  copy->password_hash = g_strdup (self->password_hash);
  copy->totp_secret = g_strdup (self->totp_secret);
  copy->trained_on = g_strdup (self->trained_on);
  return copy;
}

void
sl_user_free (SlUser *self)
{
  if (self == NULL)
    return;

  g_free (self->username);
  g_free (self->full_name);
  g_free (self->badge);
  g_free (self->organization);
  g_free (self->supervisor);
  if (self->password_hash != NULL)
    memset (self->password_hash, 0, strlen (self->password_hash));
  g_free (self->password_hash);
  g_free (self->totp_secret);
  g_free (self->trained_on);
  g_free (self);
}

gboolean
sl_user_has_role (const SlUser *self,
                  SlRoles       any_of)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (self->roles & any_of) != 0;
}

/**
 * sl_user_training_status:
 * @interval_days: the policy's training interval
 * @now_us: the current time
 * @expires_on: (out) (optional): the last day training counts, when known
 *
 * Training completed on day D is good through day D + @interval_days.
 */
SlTrainingStatus
sl_user_training_status (const SlUser *self,
                         guint         interval_days,
                         gint64        now_us,
                         GDate        *expires_on)
{
  g_autoptr(GDateTime) now = NULL;
  GDate last_day;
  GDate today;

  g_return_val_if_fail (self != NULL, SL_TRAINING_MISSING);

  if (self->trained_on == NULL || !sl_date_parse (self->trained_on, &last_day, NULL))
    return SL_TRAINING_MISSING;

  g_date_add_days (&last_day, interval_days);
  if (expires_on != NULL)
    *expires_on = last_day;

  now = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));

  return g_date_compare (&today, &last_day) <= 0 ? SL_TRAINING_CURRENT : SL_TRAINING_EXPIRED;
}

const char *
sl_training_status_to_string (SlTrainingStatus status)
{
  switch (status)
    {
    case SL_TRAINING_CURRENT: return "current";
    case SL_TRAINING_EXPIRED: return "expired";
    case SL_TRAINING_MISSING: return "missing";
    default:                  g_return_val_if_reached (NULL);
    }
}

/* What a client may see of an account: no hash, no secret. */
JsonNode *
sl_user_to_public_json (const SlUser *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) roles = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  roles = sl_roles_to_strv (self->roles);

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "username", self->username);
  sl_json_builder_add_string_member (builder, "full_name", self->full_name);
  sl_json_builder_add_string_member (builder, "badge", self->badge);
  sl_json_builder_add_string_member (builder, "organization", self->organization);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; roles[i] != NULL; i++)
    json_builder_add_string_value (builder, roles[i]);
  json_builder_end_array (builder);
  sl_json_builder_add_string_member (builder, "supervisor", self->supervisor);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* 1–64 characters: lower-case letters, digits, '.', '_' and '-', starting with a letter. */
gboolean
sl_username_is_valid (const char  *username,
                      GError     **error)
{
  gsize len;

  g_return_val_if_fail (username != NULL, FALSE);

  len = strlen (username);
  if (len == 0 || len > 64 || !g_ascii_islower (username[0]))
    goto invalid;

  for (const char *p = username; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '_' && *p != '-')
      goto invalid;

  return TRUE;

invalid:
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               "“%s” is not a valid username: use 1 to 64 lower-case letters, digits, '.', '_' or '-', "
               "starting with a letter", username);
  return FALSE;
}
