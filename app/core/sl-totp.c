#define G_LOG_DOMAIN "sl-totp"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "sl-error.h"
#include "sl-totp.h"

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * sl_totp_code:
 *
 * RFC 6238 over RFC 4226 dynamic truncation, with HMAC-SHA-1, -256 or -512.
 */
guint32
sl_totp_code (const guint8  *key,
              gsize          key_len,
              GChecksumType  algorithm,
              gint64         unix_time,
              guint          step_seconds,
              guint          digits)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 counter[8];
  guint8 digest[64];
  gsize digest_len = sizeof digest;
  guint64 steps;
  guint offset;
  guint32 binary;
  guint32 modulus = 1;

  g_return_val_if_fail (key != NULL, 0);
  g_return_val_if_fail (step_seconds > 0, 0);
  g_return_val_if_fail (digits >= 6 && digits <= 9, 0);

  steps = (guint64) (unix_time / step_seconds);
  for (int i = 7; i >= 0; i--)
    {
      counter[i] = steps & 0xff;
      steps >>= 8;
    }

  hmac = g_hmac_new (algorithm, key, key_len);
  g_hmac_update (hmac, counter, sizeof counter);
  g_hmac_get_digest (hmac, digest, &digest_len);

  offset = digest[digest_len - 1] & 0x0f;
  binary = ((guint32) (digest[offset] & 0x7f) << 24) |
           ((guint32) digest[offset + 1] << 16) |
           ((guint32) digest[offset + 2] << 8) |
           (guint32) digest[offset + 3];

  for (guint i = 0; i < digits; i++)
    modulus *= 10;

  return binary % modulus;
}

/**
 * sl_totp_verify:
 * @last_used_step: the time step of the last accepted code, refused again
 * @matched_step: (out): the step @code belongs to
 *
 * Accepts the current 30-second step and one either side, for clock drift.
 */
gboolean
sl_totp_verify (const char *base32_secret,
                const char *code,
                gint64      unix_time,
                gint64      last_used_step,
                gint64     *matched_step)
{
  g_autofree guint8 *key = NULL;
  gsize key_len = 0;
  gint64 step;

  g_return_val_if_fail (base32_secret != NULL, FALSE);

  if (code == NULL || strlen (code) != SL_TOTP_DIGITS)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  key = sl_base32_decode (base32_secret, &key_len, NULL);
  if (key == NULL)
    return FALSE;

  step = unix_time / SL_TOTP_STEP_SECONDS;
  for (gint64 s = step - 1; s <= step + 1; s++)
    {
      guint32 expected = sl_totp_code (key, key_len, G_CHECKSUM_SHA1, s * SL_TOTP_STEP_SECONDS,
                                       SL_TOTP_STEP_SECONDS, SL_TOTP_DIGITS);
      char text[16];

      g_snprintf (text, sizeof text, "%06u", expected);
      if (s > last_used_step && strcmp (text, code) == 0)
        {
          if (matched_step != NULL)
            *matched_step = s;
          return TRUE;
        }
    }

  return FALSE;
}

/* 160 random bits, the size RFC 4226 recommends for HMAC-SHA-1. */
char *
sl_totp_generate_secret (void)
{
  guint8 key[20];

  if (getrandom (key, sizeof key, 0) != sizeof key)
    g_error ("The system random number generator failed");

  return sl_base32_encode (key, sizeof key);
}

char *
sl_totp_uri (const char *base32_secret,
             const char *issuer,
             const char *account)
{
  g_autofree char *issuer_esc = g_uri_escape_string (issuer, NULL, FALSE);
  g_autofree char *account_esc = g_uri_escape_string (account, NULL, FALSE);

  return g_strdup_printf ("otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
                          issuer_esc, account_esc, base32_secret, issuer_esc,
                          SL_TOTP_DIGITS, SL_TOTP_STEP_SECONDS);
}

/* RFC 4648 base32 without padding. */
char *
sl_base32_encode (const guint8 *data,
                  gsize         length)
{
  GString *out = g_string_sized_new ((length * 8 + 4) / 5);
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < length; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 0x1f]);
          bits -= 5;
        }
    }

  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 0x1f]);

  return g_string_free (out, FALSE);
}

/* Case-insensitive; spaces and '=' padding are ignored. */
guint8 *
sl_base32_decode (const char  *text,
                  gsize       *length,
                  GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 buffer = 0;
  int bits = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *hit;
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '=')
        continue;

      hit = c != '\0' ? strchr (base32_alphabet, c) : NULL;
      if (hit == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%c” is not a base32 character", *p);
          return NULL;
        }

      buffer = (buffer << 5) | (guint32) (hit - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (buffer >> (bits - 8)) & 0xff;

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }

  *length = out->len;
  return g_byte_array_free (g_steal_pointer (&out), FALSE);
}
