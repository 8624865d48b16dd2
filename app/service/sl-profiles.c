#define G_LOG_DOMAIN "sl-profiles"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sl-core.h"
#include "sl-profiles.h"
#include "sl-service-resources.h"

#define PROFILES_PATH "/org/sightline/service/policies/"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/**
 * sl_profiles_list_names:
 *
 * Returns: (transfer full): the names of the built-in profiles, sorted.
 */
char **
sl_profiles_list_names (void)
{
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  children = g_resource_enumerate_children (sl_service_get_resource (), PROFILES_PATH,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      if (g_str_has_suffix (children[i], ".json"))
        g_ptr_array_add (names, g_strndup (children[i], strlen (children[i]) - strlen (".json")));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/**
 * sl_profiles_lookup:
 *
 * Returns: (transfer full) (nullable): the built-in profile @name, or %NULL.
 */
GBytes *
sl_profiles_lookup (const char *name)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0' || strchr (name, '/') != NULL || strchr (name, '.') != NULL)
    return NULL;

  path = g_strconcat (PROFILES_PATH, name, ".json", NULL);
  return g_resource_lookup_data (sl_service_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/**
 * sl_profiles_load:
 * @name_or_path: a built-in profile's name, else a file
 * @origin: (out) (optional): where the profile came from, for messages
 *
 * Returns: (transfer full): the profile's JSON text (not yet validated).
 */
GBytes *
sl_profiles_load (const char  *name_or_path,
                  char       **origin,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  bytes = sl_profiles_lookup (name_or_path);
  if (bytes != NULL)
    {
      if (origin != NULL)
        *origin = g_strdup_printf ("built-in profile “%s”", name_or_path);
      return bytes;
    }

  if (!g_file_get_contents (name_or_path, &contents, &length, &local_error))
    {
      g_auto(GStrv) names = sl_profiles_list_names ();
      g_autofree char *known = g_strjoinv (", ", names);

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     "“%s” is neither a built-in policy profile (%s) nor a file",
                     name_or_path, known);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                     "Could not read the policy profile: %s", local_error->message);
      return NULL;
    }

  if (origin != NULL)
    *origin = g_strdup_printf ("file “%s”", name_or_path);
  return g_bytes_new_take (contents, length);
}
