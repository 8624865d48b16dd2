#define G_LOG_DOMAIN "sl-role"

#include "config.h"

#include "sl-error.h"
#include "sl-role.h"

static const struct {
  SlRoles     role;
  const char *name;
} roles[] = {
  { SL_ROLE_OFFICER,       "officer" },
  { SL_ROLE_ANALYST,       "analyst" },
  { SL_ROLE_SUPERVISOR,    "supervisor" },
  { SL_ROLE_ADMINISTRATOR, "administrator" },
  { SL_ROLE_AUDITOR,       "auditor" },
  { SL_ROLE_RECORDS,       "records" },
};

SlRoles
sl_role_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, SL_ROLE_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i].name, name))
      return roles[i].role;

  return SL_ROLE_NONE;
}

const char *
sl_role_to_string (SlRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].name;

  return NULL;
}

/* Parses "officer,supervisor"; white space around names is allowed. */
gboolean
sl_roles_parse (const char  *list,
                SlRoles     *out_roles,
                GError     **error)
{
  g_auto(GStrv) names = NULL;
  SlRoles result = SL_ROLE_NONE;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (out_roles != NULL, FALSE);

  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      SlRoles role;

      if (*name == '\0')
        continue;

      role = sl_role_from_string (name);
      if (role == SL_ROLE_NONE)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "“%s” is not a role; the roles are officer, analyst, supervisor, "
                       "administrator, auditor and records", name);
          return FALSE;
        }
      result |= role;
    }

  if (result == SL_ROLE_NONE)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "At least one role is required");
      return FALSE;
    }

  *out_roles = result;
  return TRUE;
}

char **
sl_roles_to_strv (SlRoles held)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **strv;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (held & roles[i].role)
      g_strv_builder_add (builder, roles[i].name);

  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

char *
sl_roles_to_string (SlRoles held)
{
  g_auto(GStrv) strv = sl_roles_to_strv (held);

  return g_strjoinv (",", strv);
}

/* The role that carries the most authority, for records that name one role. */
const char *
sl_roles_primary (SlRoles held)
{
  static const SlRoles order[] = {
    SL_ROLE_ADMINISTRATOR, SL_ROLE_AUDITOR, SL_ROLE_SUPERVISOR,
    SL_ROLE_RECORDS, SL_ROLE_ANALYST, SL_ROLE_OFFICER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (held & order[i])
      return sl_role_to_string (order[i]);

  return "";
}
