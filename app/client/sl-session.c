#define G_LOG_DOMAIN "sl-session"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-error.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-role.h"
#include "sl-session.h"

struct _SlSession
{
  char             *token;            /* NULL for GET /session answers */
  gint64            expires_at_us;    /* 0 when unknown */
  guint             idle_timeout_seconds;
  char             *username;
  char             *full_name;
  char             *badge;
  char             *organization;
  char             *supervisor;
  SlRoles           roles;
  SlTrainingStatus  training_status;
  char             *training_completed_on;
  char             *training_expires_on;
  guint             training_interval_days;
};

G_DEFINE_BOXED_TYPE (SlSession, sl_session, sl_session_ref, sl_session_unref)

static void
sl_session_free (SlSession *self)
{
  g_free (self->token);
  g_free (self->username);
  g_free (self->full_name);
  g_free (self->badge);
  g_free (self->organization);
  g_free (self->supervisor);
  g_free (self->training_completed_on);
  g_free (self->training_expires_on);
}

static gboolean
parse_training_status (const char       *text,
                       SlTrainingStatus *status)
{
  if (g_str_equal (text, "current"))
    *status = SL_TRAINING_CURRENT;
  else if (g_str_equal (text, "expired"))
    *status = SL_TRAINING_EXPIRED;
  else if (g_str_equal (text, "missing"))
    *status = SL_TRAINING_MISSING;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_roles (JsonArray  *array,
             SlRoles    *roles,
             GError    **error)
{
  SlRoles result = SL_ROLE_NONE;
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlRoles role;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                               "“roles” must hold strings");
          return FALSE;
        }

      /* A role this client does not know yet grants nothing here. */
      role = sl_role_from_string (json_node_get_string (node));
      result |= role;
    }

  *roles = result;
  return TRUE;
}

static gboolean
parse_user (SlSession   *self,
            JsonObject  *user,
            GError     **error)
{
  const char *username = NULL;
  const char *full_name = NULL;
  const char *badge = "";
  const char *organization = "";
  const char *supervisor = NULL;
  JsonArray *roles = NULL;

  if (!sl_json_get_string (user, "username", TRUE, &username, error) ||
      !sl_json_get_string (user, "full_name", FALSE, &full_name, error) ||
      !sl_json_get_string (user, "badge", FALSE, &badge, error) ||
      !sl_json_get_string (user, "organization", FALSE, &organization, error) ||
      !sl_json_get_string (user, "supervisor", FALSE, &supervisor, error) ||
      !sl_json_get_array (user, "roles", TRUE, &roles, error) ||
      !parse_roles (roles, &self->roles, error))
    return FALSE;

  if (*username == '\0')
    {
      g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                           "“username” is empty");
      return FALSE;
    }

  self->username = g_strdup (username);
  self->full_name = g_strdup (full_name != NULL && *full_name != '\0' ? full_name : username);
  self->badge = g_strdup (badge);
  self->organization = g_strdup (organization);
  self->supervisor = supervisor != NULL && *supervisor != '\0' ? g_strdup (supervisor) : NULL;
  return TRUE;
}

static gboolean
parse_training (SlSession   *self,
                JsonObject  *training,
                GError     **error)
{
  const char *status = NULL;
  const char *completed_on = NULL;
  const char *expires_on = NULL;
  gint64 interval_days = 0;

  if (!sl_json_get_string (training, "status", TRUE, &status, error) ||
      !sl_json_get_string (training, "completed_on", FALSE, &completed_on, error) ||
      !sl_json_get_string (training, "expires_on", FALSE, &expires_on, error) ||
      !sl_json_get_int (training, "interval_days", FALSE, &interval_days, error))
    return FALSE;

  if (!parse_training_status (status, &self->training_status))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   "“%s” is not a training status", status);
      return FALSE;
    }

  self->training_completed_on = g_strdup (completed_on);
  self->training_expires_on = g_strdup (expires_on);
  self->training_interval_days = (guint) CLAMP (interval_days, 0, G_MAXINT);
  return TRUE;
}

static gboolean
parse_session (SlSession   *self,
               JsonObject  *object,
               GError     **error)
{
  const char *token = NULL;
  const char *expires_at = NULL;
  gint64 idle_timeout = 0;
  JsonObject *user = NULL;
  JsonObject *training = NULL;

  if (!sl_json_get_string (object, "token", FALSE, &token, error) ||
      !sl_json_get_string (object, "expires_at", token != NULL, &expires_at, error) ||
      !sl_json_get_int (object, "idle_timeout_seconds", FALSE, &idle_timeout, error) ||
      !sl_json_get_object (object, "user", TRUE, &user, error) ||
      !sl_json_get_object (object, "training", TRUE, &training, error))
    return FALSE;

  if (token != NULL && *token == '\0')
    {
      g_set_error_literal (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                           "“token” is empty");
      return FALSE;
    }

  if (expires_at != NULL && !sl_clock_parse_iso8601 (expires_at, &self->expires_at_us, error))
    return FALSE;

  self->token = g_strdup (token);
  self->idle_timeout_seconds = (guint) CLAMP (idle_timeout, 0, G_MAXINT);

  return parse_user (self, user, error) && parse_training (self, training, error);
}

/**
 * sl_session_new_from_json:
 * @object: the body of `POST /session` or `GET /session`, untrusted
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE naming what is wrong
 */
SlSession *
sl_session_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SlSession *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_atomic_rc_box_new0 (SlSession);
  if (!parse_session (self, object, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent an invalid session: %s"), local_error->message);
      sl_session_unref (self);
      return NULL;
    }

  return self;
}

SlSession *
sl_session_ref (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
sl_session_unref (SlSession *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sl_session_free);
}

const char *
sl_session_get_token (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->token;
}

gint64
sl_session_get_expires_at_us (SlSession *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->expires_at_us;
}

guint
sl_session_get_idle_timeout_seconds (SlSession *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->idle_timeout_seconds;
}

const char *
sl_session_get_username (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

/* The full name, or the username when the service has none. */
const char *
sl_session_get_full_name (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->full_name;
}

const char *
sl_session_get_badge (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->badge;
}

const char *
sl_session_get_organization (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->organization;
}

const char *
sl_session_get_supervisor (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->supervisor;
}

SlRoles
sl_session_get_roles (SlSession *self)
{
  g_return_val_if_fail (self != NULL, SL_ROLE_NONE);
  return self->roles;
}

gboolean
sl_session_has_role (SlSession *self,
                     SlRoles    any_of)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return (self->roles & any_of) != 0;
}

SlTrainingStatus
sl_session_get_training_status (SlSession *self)
{
  g_return_val_if_fail (self != NULL, SL_TRAINING_MISSING);
  return self->training_status;
}

const char *
sl_session_get_training_completed_on (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->training_completed_on;
}

const char *
sl_session_get_training_expires_on (SlSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->training_expires_on;
}

guint
sl_session_get_training_interval_days (SlSession *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->training_interval_days;
}
