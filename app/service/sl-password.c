#define G_LOG_DOMAIN "sl-password"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <sodium.h>

#include "sl-core.h"
#include "sl-password.h"
#include "sl-service-resources.h"

#define COMMON_PASSWORDS_PATH "/org/sightline/service/common-passwords.txt"

/* Lower-cased entries of data/common-passwords.txt, loaded once. */
static GHashTable *
get_common_passwords (void)
{
  static gsize table;

  if (g_once_init_enter (&table))
    {
      GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      bytes = g_resource_lookup_data (sl_service_get_resource (), COMMON_PASSWORDS_PATH,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The built-in common-password list is missing: %s", error->message);
      else
        {
          gsize size;
          const char *data = g_bytes_get_data (bytes, &size);
          g_autofree char *text = g_strndup (data, size);
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              char *line = g_strstrip (lines[i]);

              if (*line != '\0' && *line != '#')
                g_hash_table_add (set, g_utf8_strdown (line, -1));
            }
        }

      g_once_init_leave (&table, (gsize) set);
    }

  return (GHashTable *) table;
}

/**
 * sl_password_init:
 *
 * Initializes libsodium; safe to call more than once and from any thread.
 */
gboolean
sl_password_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "The cryptography library could not be initialized");
      return FALSE;
    }

  return TRUE;
}

/**
 * sl_password_hash:
 *
 * Returns: (transfer full): an Argon2id hash string of @password, or %NULL when
 *   the memory for hashing could not be had.
 */
char *
sl_password_hash (const char  *password,
                  GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!sl_password_init (error))
    return NULL;

  if (crypto_pwhash_str_alg (out, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "Not enough memory to hash the password");
      return NULL;
    }

  return g_strdup (out);
}

/**
 * sl_password_verify:
 *
 * Slow on purpose; call it off the main loop. A missing or malformed @hash
 * never matches.
 */
gboolean
sl_password_verify (const char *hash,
                    const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  if (hash == NULL || strlen (hash) >= crypto_pwhash_STRBYTES || !sl_password_init (NULL))
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/**
 * sl_password_get_dummy_hash:
 *
 * A hash of a random secret, so that checking a password for an unknown user
 * costs as much as for a real one.
 */
const char *
sl_password_get_dummy_hash (void)
{
  static gsize dummy;

  if (g_once_init_enter (&dummy))
    {
      guint8 secret[32];
      g_autofree char *text = NULL;
      char *hash;

      sl_password_init (NULL);
      randombytes_buf (secret, sizeof secret);
      text = g_base64_encode (secret, sizeof secret);
      hash = sl_password_hash (text, NULL);
      sodium_memzero (secret, sizeof secret);
      g_once_init_leave (&dummy, (gsize) (hash != NULL ? hash : g_strdup ("")));
    }

  return (const char *) dummy;
}

gboolean
sl_password_is_common (const char *password)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  lower = g_utf8_strdown (password, -1);
  return g_hash_table_contains (get_common_passwords (), lower);
}

/**
 * sl_password_check_rules:
 *
 * Returns: %FALSE with %SL_ERROR_RULE saying what to change when @password may
 *   not be used by @username.
 */
gboolean
sl_password_check_rules (const char  *password,
                         const char  *username,
                         GError     **error)
{
  g_autofree char *lower_password = NULL;
  g_autofree char *lower_username = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The password is not valid UTF-8 text");
      return FALSE;
    }

  if (g_utf8_strlen (password, -1) < SL_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "The password is too short: use at least %d characters", SL_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  if (strlen (password) > SL_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "The password is too long: use at most %d bytes", SL_PASSWORD_MAX_BYTES);
      return FALSE;
    }

  if (sl_password_is_common (password))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                           "The password is on the list of commonly used passwords; choose another");
      return FALSE;
    }

  if (username != NULL && g_utf8_validate (username, -1, NULL))
    {
      lower_password = g_utf8_strdown (password, -1);
      lower_username = g_utf8_strdown (username, -1);
      if (g_str_equal (lower_password, lower_username))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                               "The password may not be the same as the username");
          return FALSE;
        }
    }

  return TRUE;
}

/* Overwrites a secret before its memory is freed. */
void
sl_password_wipe (char *password)
{
  if (password != NULL)
    sodium_memzero (password, strlen (password));
}
