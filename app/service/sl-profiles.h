/* sl-profiles.h: the policy profiles built into sightlined (data/policies) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    **sl_profiles_list_names  (void);
GBytes   *sl_profiles_lookup      (const char  *name);
GBytes   *sl_profiles_load        (const char  *name_or_path,
                                   char       **origin,
                                   GError     **error);

G_END_DECLS
