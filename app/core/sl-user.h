/* sl-user.h: a user account as the service and the store see it */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_USER (sl_user_get_type ())

struct _SlUser
{
  gint64   id;
  char    *username;
  char    *full_name;
  char    *badge;
  char    *organization;
  SlRoles  roles;
  char    *supervisor;      /* username, or NULL */
  char    *password_hash;   /* Argon2id string, never sent to a client */
  char    *totp_secret;     /* base32, or NULL when not enrolled */
  char    *trained_on;      /* YYYY-MM-DD of the last completed training, or NULL */
  gint64   locked_at_us;    /* 0 when not locked */
  gint64   created_at_us;
  gint64   disabled_at_us;  /* 0 when enabled; set after SL_USER_INACTIVE_DAYS without a login */
  gint64   last_login_us;   /* 0 before the first; an enabling counts as one */
};

/* Accounts unused this long are disabled. */
#define SL_USER_INACTIVE_DAYS 90
/* Members are told this long before their training lapses. */
#define SL_TRAINING_WARNING_DAYS 30

GType             sl_user_get_type          (void) G_GNUC_CONST;
SlUser           *sl_user_new               (void);
SlUser           *sl_user_copy              (const SlUser *self);
void              sl_user_free              (SlUser       *self);
gboolean          sl_user_has_role          (const SlUser *self,
                                             SlRoles       any_of);
SlTrainingStatus  sl_user_training_status   (const SlUser *self,
                                             guint         interval_days,
                                             gint64        now_us,
                                             GDate        *expires_on);
const char       *sl_training_status_to_string (SlTrainingStatus status);
JsonNode         *sl_user_to_public_json    (const SlUser *self);
gboolean          sl_username_is_valid      (const char   *username,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlUser, sl_user_free)

G_END_DECLS
