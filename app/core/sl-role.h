/* sl-role.h: role names as they appear on the wire and in the database */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

SlRoles      sl_role_from_string  (const char  *name);
const char  *sl_role_to_string    (SlRoles      role);
gboolean     sl_roles_parse       (const char  *list,
                                   SlRoles     *roles,
                                   GError     **error);
char        *sl_roles_to_string   (SlRoles      roles);
char       **sl_roles_to_strv     (SlRoles      roles);
const char  *sl_roles_primary     (SlRoles      roles);

G_END_DECLS
