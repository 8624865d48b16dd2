#define G_LOG_DOMAIN "sl-accounts"

#include "config.h"

#include <math.h>
#include <string.h>

#include <sodium.h>

#include "sl-accounts.h"
#include "sl-password.h"

/* Notes why @member is wrong, unless a caller noted it already (such as a
 * member of the wrong type). */
static void
note (JsonObject *problems,
      const char *member,
      const char *message)
{
  if (!json_object_has_member (problems, member))
    json_object_set_string_member (problems, member, message);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/* The organization of an account when none is given. */
const char *
sl_accounts_default_organization (SlPolicy *policy)
{
  const char *ori = sl_policy_get_ori (policy);

  g_return_val_if_fail (policy != NULL, NULL);

  return ori != NULL && *ori != '\0' ? ori : sl_policy_get_id (policy);
}

/**
 * sl_accounts_check_date:
 * @now_us: the service's clock
 *
 * Checks that @date is YYYY-MM-DD and not after today (UTC, as training
 * status counts days).
 */
gboolean
sl_accounts_check_date (const char  *date,
                        gint64       now_us,
                        GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  GDate parsed;

  g_return_val_if_fail (date != NULL, FALSE);

  if (!sl_date_parse (date, &parsed, error))
    return FALSE;

  /* both are YYYY-MM-DD, so text order is date order */
  now = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  today = g_date_time_format (now, "%Y-%m-%d");
  if (strcmp (date, today) > 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "%s is in the future", date);
      return FALSE;
    }

  return TRUE;
}

/* Whether @username is above @boss in the chain of supervisors: 1 if so,
 * 0 if not, -1 with @error when the store fails. The chain is short; the
 * walk stops at a loop already stored. */
static int
supervises (SlStore      *store,
            const char   *username,
            const SlUser *boss,
            GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = g_strdup (boss->supervisor);

  while (next != NULL && g_hash_table_add (seen, g_strdup (next)))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SlUser) above = NULL;

      if (g_str_equal (next, username))
        return 1;
      above = sl_store_find_user (store, next, &local_error);
      if (above == NULL && g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
        return 0;
      if (above == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      g_free (next);
      next = g_strdup (above->supervisor);
    }

  return 0;
}

/**
 * sl_accounts_check_user:
 * @problems: member → why it is wrong; members already there are kept
 *
 * Notes in @problems every member of @spec that may not be stored.
 *
 * Returns: %FALSE with @error only when the store could not be asked
 */
gboolean
sl_accounts_check_user (SlStore              *store,
                        const SlAccountSpec  *spec,
                        gint64                now_us,
                        JsonObject           *problems,
                        GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (spec != NULL && problems != NULL, FALSE);

  if (spec->username == NULL)
    note (problems, "username", "A username is required");
  else if (!sl_username_is_valid (spec->username, &local_error))
    note (problems, "username", local_error->message);
  g_clear_error (&local_error);

  if (is_blank (spec->full_name))
    note (problems, "full_name", "The person's full name is required");

  if (spec->roles == SL_ROLE_NONE)
    note (problems, "roles", "Give the account at least one role");

  if (spec->trained_on != NULL && !sl_accounts_check_date (spec->trained_on, now_us, &local_error))
    note (problems, "trained_on", local_error->message);
  g_clear_error (&local_error);

  if (spec->password != NULL && !sl_password_check_rules (spec->password, spec->username, &local_error))
    note (problems, "password", local_error->message);
  g_clear_error (&local_error);

  if (spec->supervisor != NULL && g_strcmp0 (spec->supervisor, spec->username) == 0)
    note (problems, "supervisor", "An account cannot be its own supervisor");
  else if (spec->supervisor != NULL && !json_object_has_member (problems, "supervisor"))
    {
      g_autoptr(SlUser) boss = sl_store_find_user (store, spec->supervisor, &local_error);
      g_autofree char *message = NULL;

      if (boss == NULL && !g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (boss == NULL)
        {
          message = g_strdup_printf ("The supervisor “%s” does not exist; add their account first",
                                     spec->supervisor);
          note (problems, "supervisor", message);
        }
      /* they approve the member's hot-list entries and see the team's log */
      else if (!(boss->roles & (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)))
        {
          message = g_strdup_printf ("“%s” is not a supervisor; give their account the supervisor role first",
                                     spec->supervisor);
          note (problems, "supervisor", message);
        }
      else if (spec->username != NULL)
        {
          int loop = supervises (store, spec->username, boss, error);

          if (loop < 0)
            return FALSE;
          if (loop > 0)
            {
              message = g_strdup_printf ("“%s” already reports to “%s”, directly or through others; "
                                         "an account cannot supervise its own supervisor",
                                         spec->supervisor, spec->username);
              note (problems, "supervisor", message);
            }
        }
    }

  return TRUE;
}

/**
 * sl_accounts_new_user:
 * @spec: an account sl_accounts_check_user() found nothing wrong with
 *
 * Hashes the password, and makes a TOTP secret when the profile requires a
 * one-time code at login (the account's `totp_secret`, to be shown once).
 *
 * Returns: (transfer full): the account to store, or %NULL with @error
 */
SlUser *
sl_accounts_new_user (const SlAccountSpec  *spec,
                      SlPolicy             *policy,
                      gint64                now_us,
                      GError              **error)
{
  g_autoptr(SlUser) user = NULL;
  char *hash;

  g_return_val_if_fail (spec != NULL && spec->password != NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  hash = sl_password_hash (spec->password, error);
  if (hash == NULL)
    return NULL;

  user = sl_user_new ();
  user->username = g_strdup (spec->username);
  user->full_name = g_strdup (spec->full_name);
  user->badge = g_strdup (spec->badge);
  user->organization = g_strdup (spec->organization != NULL ? spec->organization
                                                            : sl_accounts_default_organization (policy));
  user->roles = spec->roles;
  user->supervisor = g_strdup (spec->supervisor);
  user->password_hash = hash;
  user->trained_on = g_strdup (spec->trained_on);
  user->created_at_us = now_us;
  if (sl_policy_get_mfa_required (policy))
    user->totp_secret = sl_totp_generate_secret ();

  return g_steal_pointer (&user);
}

/* The data of a `user.add` record: never the password or the secret. */
void
sl_accounts_describe_user (JsonBuilder  *builder,
                           const SlUser *user)
{
  g_autofree char *roles = sl_roles_to_string (user->roles);

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "target", user->username);
  sl_json_builder_add_string_member (builder, "roles", roles);
  sl_json_builder_add_string_member (builder, "organization", user->organization);
  sl_json_builder_add_string_member (builder, "supervisor", user->supervisor);
  sl_json_builder_add_string_member (builder, "trained_on", user->trained_on);
  json_builder_set_member_name (builder, "totp");
  json_builder_add_boolean_value (builder, user->totp_secret != NULL);
  json_builder_end_object (builder);
}

/* Notes in @problems every member of @spec that may not be stored. */
void
sl_accounts_check_camera (const SlCameraSpec *spec,
                          JsonObject         *problems)
{
  g_return_if_fail (spec != NULL && problems != NULL);

  if (is_blank (spec->name))
    note (problems, "name", "The camera's name is required: where it is, as officers name it");
  if (isnan (spec->lat) || spec->lat < -90 || spec->lat > 90)
    note (problems, "lat", "The latitude is required, in degrees from -90 to 90");
  if (isnan (spec->lon) || spec->lon < -180 || spec->lon > 180)
    note (problems, "lon", "The longitude is required, in degrees from -180 to 180");
  if (spec->kind != NULL && !sl_camera_kind_is_valid (spec->kind))
    note (problems, "kind", "The kind is fixed, mobile or trailer");
  if (spec->stream != NULL &&
      ((!g_str_has_prefix (spec->stream, "rtsp://") && !g_str_has_prefix (spec->stream, "rtsps://") &&
        !g_str_has_prefix (spec->stream, "http://") && !g_str_has_prefix (spec->stream, "https://")) ||
       !g_uri_is_valid (spec->stream, G_URI_FLAGS_NONE, NULL)))
    note (problems, "stream", "The stream must be an rtsp://, rtsps://, http:// or https:// URL");
}

/**
 * sl_accounts_new_camera:
 * @spec: a camera sl_accounts_check_camera() found nothing wrong with
 * @token: (out): the camera's token, 64 hex digits, to be shown once
 * @token_hash: (out): its SHA-256, which is all the store keeps
 *
 * libsodium must be initialized (sl_password_init()).
 *
 * Returns: (transfer full): the camera to store
 */
/**
 * sl_accounts_new_camera_token:
 * @token: (out): 64 hex digits, to give the camera once
 * @token_hash: (out): its SHA-256, the only form kept
 */
void
sl_accounts_new_camera_token (char **token,
                              char **token_hash)
{
  guint8 bytes[32];
  char hex[sizeof bytes * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  *token = g_strdup (hex);
  *token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, hex, -1);
  sodium_memzero (hex, sizeof hex);
}

SlCamera *
sl_accounts_new_camera (const SlCameraSpec  *spec,
                        gint64               now_us,
                        char               **token,
                        char               **token_hash)
{
  SlCamera *camera;

  g_return_val_if_fail (spec != NULL && token != NULL && token_hash != NULL, NULL);

  sl_accounts_new_camera_token (token, token_hash);
  camera = sl_camera_new ();
  camera->name = g_strdup (spec->name);
  camera->kind = g_strdup (spec->kind != NULL ? spec->kind : "fixed");
  camera->lat = spec->lat;
  camera->lon = spec->lon;
  camera->stream_url = g_strdup (spec->stream);
  camera->created_us = now_us;
  return camera;
}

/* The data of a `camera.add` record: never the token. */
void
sl_accounts_describe_camera (JsonBuilder    *builder,
                             const SlCamera *camera)
{
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "name", camera->name);
  sl_json_builder_add_string_member (builder, "kind", camera->kind);
  json_builder_end_object (builder);
}
