#define G_LOG_DOMAIN "fuzz-plate"

#include "config.h"

#include "sl-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *raw = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *region = NULL;
  g_autoptr(GError) error = NULL;

  sl_fuzz_init ();

  if (size > 4096)
    return 0;
  raw = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");

  plate = sl_plate_normalize (raw, &error);
  g_assert ((plate == NULL) != (error == NULL));
  if (plate != NULL)
    {
      g_autofree char *again = sl_plate_normalize (plate, NULL);

      /* Normalizing is idempotent, and a plate is a pattern of itself. */
      sl_fuzz_check_plate (plate);
      g_assert (g_strcmp0 (again, plate) == 0);
      g_assert (!sl_plate_is_pattern (plate));
    }
  else
    g_assert (error->domain == SL_ERROR && g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  pattern = sl_plate_pattern_normalize (raw, &error);
  g_assert ((pattern == NULL) != (error == NULL));
  if (pattern != NULL)
    {
      g_autofree char *again = sl_plate_pattern_normalize (pattern, NULL);

      g_assert (g_strcmp0 (again, pattern) == 0);
      g_assert (strstr (pattern, "**") == NULL);
      g_assert (plate == NULL || strcmp (pattern, plate) == 0);
    }

  region = sl_region_from_code (raw, NULL);
  g_assert (sl_region_is_valid (region));
  return 0;
}
