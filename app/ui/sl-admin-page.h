/* sl-admin-page.h: the Admin page: users and training, cameras, the policy profile, legal holds */
#pragma once

#include <adwaita.h>

#include "sl-client.h"
#include "sl-session.h"

G_BEGIN_DECLS

#define SL_TYPE_ADMIN_PAGE (sl_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (SlAdminPage, sl_admin_page, SL, ADMIN_PAGE, GtkWidget)

GtkWidget  *sl_admin_page_new               (void);
void        sl_admin_page_set_client        (SlAdminPage *self,
                                             SlClient    *client);
void        sl_admin_page_set_session       (SlAdminPage *self,
                                             SlSession   *session);
void        sl_admin_page_refresh           (SlAdminPage *self);
gboolean    sl_admin_page_is_busy           (SlAdminPage *self);
const char *sl_admin_page_get_error         (SlAdminPage *self);
void        sl_admin_page_show              (SlAdminPage *self,
                                             const char  *view);

guint       sl_admin_page_get_n_items       (SlAdminPage *self,
                                             const char  *what);
JsonObject *sl_admin_page_get_user          (SlAdminPage *self,
                                             const char  *username);
JsonObject *sl_admin_page_get_hold          (SlAdminPage *self,
                                             const char  *case_number);
gboolean    sl_admin_page_has_policy        (SlAdminPage *self);

void        sl_admin_page_open_training     (SlAdminPage *self,
                                             const char  *username);
void        sl_admin_page_open_disable      (SlAdminPage *self,
                                             const char  *username);
void        sl_admin_page_unlock_user       (SlAdminPage *self,
                                             const char  *username);
void        sl_admin_page_enable_user       (SlAdminPage *self,
                                             const char  *username);
void        sl_admin_page_open_hold_change  (SlAdminPage *self,
                                             gint64       id,
                                             gboolean     renew);

void        sl_admin_page_renew_camera_token (SlAdminPage *self,
                                             gint64       id);
JsonObject *sl_admin_page_get_camera        (SlAdminPage *self,
                                             const char  *name);

gboolean    sl_admin_page_has_form          (SlAdminPage *self);
gboolean    sl_admin_page_form_set          (SlAdminPage *self,
                                             const char  *field,
                                             const char  *value);
void        sl_admin_page_form_submit       (SlAdminPage *self);
const char *sl_admin_page_get_form_error    (SlAdminPage *self);
const char *sl_admin_page_get_secret_shown  (SlAdminPage *self);

G_END_DECLS
