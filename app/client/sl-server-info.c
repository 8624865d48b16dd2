#define G_LOG_DOMAIN "sl-server-info"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-error.h"
#include "sl-json.h"
#include "sl-server-info.h"

struct _SlServerInfo
{
  char *status;
  char *version;
  char *agency;
  char *policy;
  char *notice;
};

G_DEFINE_BOXED_TYPE (SlServerInfo, sl_server_info, sl_server_info_ref, sl_server_info_unref)

static void
sl_server_info_free (SlServerInfo *self)
{
  g_free (self->status);
  g_free (self->version);
  g_free (self->agency);
  g_free (self->policy);
  g_free (self->notice);
}

/**
 * sl_server_info_new_from_json:
 * @object: the body of `GET /health`, untrusted
 *
 * Returns: (transfer full) (nullable): the server's description, or %NULL
 *   with %SL_CLIENT_ERROR_INVALID_RESPONSE when @object is not one
 */
SlServerInfo *
sl_server_info_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *status = NULL;
  const char *version = "";
  const char *agency = "";
  const char *policy = "";
  const char *notice = "";
  SlServerInfo *self;

  g_return_val_if_fail (object != NULL, NULL);

  if (!sl_json_get_string (object, "status", TRUE, &status, &local_error) ||
      !sl_json_get_string (object, "version", FALSE, &version, &local_error) ||
      !sl_json_get_string (object, "agency", FALSE, &agency, &local_error) ||
      !sl_json_get_string (object, "policy", FALSE, &policy, &local_error) ||
      !sl_json_get_string (object, "notice", FALSE, &notice, &local_error))
    {
      g_set_error (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The server is not a Sightline service: %s"), local_error->message);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (SlServerInfo);
  self->status = g_strdup (status);
  self->version = g_strdup (version);
  self->agency = g_strdup (agency);
  self->policy = g_strdup (policy);
  self->notice = g_strdup (notice);
  return self;
}

SlServerInfo *
sl_server_info_ref (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
sl_server_info_unref (SlServerInfo *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sl_server_info_free);
}

const char *
sl_server_info_get_status (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->status;
}

const char *
sl_server_info_get_version (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version;
}

/* The agency's name, or "" when the service does not say. */
const char *
sl_server_info_get_agency (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->agency;
}

const char *
sl_server_info_get_policy (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->policy;
}

/* The agency's use notice, or "" when the service does not send one. */
const char *
sl_server_info_get_notice (SlServerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->notice;
}
