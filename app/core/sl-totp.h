/* sl-totp.h: time-based one-time passwords (RFC 6238) and base32 (RFC 4648) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_TOTP_STEP_SECONDS 30
#define SL_TOTP_DIGITS       6

guint32   sl_totp_code         (const guint8  *key,
                                gsize          key_len,
                                GChecksumType  algorithm,
                                gint64         unix_time,
                                guint          step_seconds,
                                guint          digits);
gboolean  sl_totp_verify       (const char    *base32_secret,
                                const char    *code,
                                gint64         unix_time,
                                gint64         last_used_step,
                                gint64        *matched_step);
char     *sl_totp_generate_secret (void);
char     *sl_totp_uri          (const char    *base32_secret,
                                const char    *issuer,
                                const char    *account);
char     *sl_base32_encode     (const guint8  *data,
                                gsize          length);
guint8   *sl_base32_decode     (const char    *text,
                                gsize         *length,
                                GError       **error);

G_END_DECLS
