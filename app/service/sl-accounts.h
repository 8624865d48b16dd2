/* sl-accounts.h: people's and cameras' accounts as an administrator adds them,
 * the same through `sightlined user add`/`camera add` and through the API */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* An account as it is to be stored. */
typedef struct
{
  const char *username;
  const char *full_name;
  SlRoles     roles;
  const char *badge;          /* NULL: none */
  const char *organization;   /* NULL: the profile's */
  const char *supervisor;     /* a username; NULL: none */
  const char *trained_on;     /* YYYY-MM-DD; NULL: not checked */
  const char *password;       /* NULL: not checked */
} SlAccountSpec;

/* A camera as it is to be stored. */
typedef struct
{
  const char *name;
  double      lat;            /* NAN: not given */
  double      lon;
  const char *kind;           /* NULL: fixed */
  const char *stream;         /* NULL: no video */
} SlCameraSpec;

const char *sl_accounts_default_organization (SlPolicy           *policy);
gboolean    sl_accounts_check_date        (const char          *date,
                                           gint64               now_us,
                                           GError             **error);
gboolean    sl_accounts_check_user        (SlStore             *store,
                                           const SlAccountSpec *spec,
                                           gint64               now_us,
                                           JsonObject          *problems,
                                           GError             **error);
SlUser     *sl_accounts_new_user          (const SlAccountSpec *spec,
                                           SlPolicy            *policy,
                                           gint64               now_us,
                                           GError             **error);
void        sl_accounts_describe_user     (JsonBuilder         *builder,
                                           const SlUser        *user);

void        sl_accounts_check_camera      (const SlCameraSpec  *spec,
                                           JsonObject          *problems);
SlCamera   *sl_accounts_new_camera        (const SlCameraSpec  *spec,
                                           gint64               now_us,
                                           char               **token,
                                           char               **token_hash);
void        sl_accounts_describe_camera   (JsonBuilder         *builder,
                                           const SlCamera      *camera);
void        sl_accounts_new_camera_token  (char               **token,
                                           char               **token_hash);

G_END_DECLS
