/* sl-server-info.h: what GET /health tells before anyone logs in */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_TYPE_SERVER_INFO (sl_server_info_get_type ())

typedef struct _SlServerInfo SlServerInfo;

GType          sl_server_info_get_type       (void) G_GNUC_CONST;
SlServerInfo  *sl_server_info_new_from_json  (JsonObject    *object,
                                              GError       **error);
SlServerInfo  *sl_server_info_ref            (SlServerInfo  *self);
void           sl_server_info_unref          (SlServerInfo  *self);
const char    *sl_server_info_get_status     (SlServerInfo  *self);
const char    *sl_server_info_get_version    (SlServerInfo  *self);
const char    *sl_server_info_get_agency     (SlServerInfo  *self);
const char    *sl_server_info_get_policy     (SlServerInfo  *self);
const char    *sl_server_info_get_notice     (SlServerInfo  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlServerInfo, sl_server_info_unref)

G_END_DECLS
