/* sl-password.h: Argon2id password hashes and the rules a new password must meet */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_PASSWORD_MIN_LENGTH 8
#define SL_PASSWORD_MAX_BYTES  1024

gboolean     sl_password_init            (GError     **error);
char        *sl_password_hash            (const char  *password,
                                          GError     **error);
gboolean     sl_password_verify          (const char  *hash,
                                          const char  *password);
const char  *sl_password_get_dummy_hash  (void);
gboolean     sl_password_is_common       (const char  *password);
gboolean     sl_password_check_rules     (const char  *password,
                                          const char  *username,
                                          GError     **error);
void         sl_password_wipe            (char        *password);

G_END_DECLS
