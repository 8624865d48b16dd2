/* sl-session.h: the logged-in user as the service describes them */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_SESSION (sl_session_get_type ())

typedef struct _SlSession SlSession;

GType             sl_session_get_type                 (void) G_GNUC_CONST;
SlSession        *sl_session_new_from_json            (JsonObject  *object,
                                                       GError     **error);
SlSession        *sl_session_ref                      (SlSession   *self);
void              sl_session_unref                    (SlSession   *self);

const char       *sl_session_get_token                (SlSession   *self);
gint64            sl_session_get_expires_at_us        (SlSession   *self);
guint             sl_session_get_idle_timeout_seconds (SlSession   *self);
const char       *sl_session_get_username             (SlSession   *self);
const char       *sl_session_get_full_name            (SlSession   *self);
const char       *sl_session_get_badge                (SlSession   *self);
const char       *sl_session_get_organization         (SlSession   *self);
const char       *sl_session_get_supervisor           (SlSession   *self);
SlRoles           sl_session_get_roles                (SlSession   *self);
gboolean          sl_session_has_role                 (SlSession   *self,
                                                       SlRoles      any_of);
SlTrainingStatus  sl_session_get_training_status      (SlSession   *self);
const char       *sl_session_get_training_completed_on (SlSession  *self);
const char       *sl_session_get_training_expires_on  (SlSession   *self);
guint             sl_session_get_training_interval_days (SlSession *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSession, sl_session_unref)

G_END_DECLS
