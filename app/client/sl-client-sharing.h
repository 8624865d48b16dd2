/* sl-client-sharing.h: sharing requests over the API: the register, intake,
 * decisions, packages */
#pragma once

#include "sl-client.h"
#include "sl-sharing.h"

G_BEGIN_DECLS

/* The register's counts by status, where the caller may see them. */
typedef struct
{
  gboolean  known;
  gint64    counts[SL_SHARING_N_STATUSES];
} SlSharingCounts;

/* What a scope covers, or what a package holds. */
typedef struct
{
  gint64  reads;
  gint64  images;
  gint64  package_id;     /* 0 for a preview */
  gint64  size;
  char   *sha256;
  char   *manifest;       /* JSON, or NULL for a preview */
} SlSharingRelease;

void              sl_sharing_release_free                 (SlSharingRelease     *release);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSharingRelease, sl_sharing_release_free)

SlSharingRequest *sl_sharing_request_new_from_json        (JsonObject           *object,
                                                           GError              **error);

void              sl_client_list_sharing_requests_async   (SlClient             *self,
                                                           const char           *status,
                                                           const char           *agency,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GPtrArray        *sl_client_list_sharing_requests_finish  (SlClient             *self,
                                                           GAsyncResult         *result,
                                                           SlSharingCounts      *counts,
                                                           GError              **error);

void              sl_client_get_sharing_request_async     (SlClient             *self,
                                                           gint64                id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlSharingRequest *sl_client_get_sharing_request_finish    (SlClient             *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* POST /sharing-requests: @request's intake fields and scope; @attachment
 * (nullable) is the written request, a PDF. Refused fields fail with
 * %SL_CLIENT_ERROR_RULE, named by sl_client_error_get_fields(). */
void              sl_client_create_sharing_request_async  (SlClient             *self,
                                                           const SlSharingRequest *request,
                                                           const char           *attachment_name,
                                                           GBytes               *attachment,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlSharingRequest *sl_client_create_sharing_request_finish (SlClient             *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* POST /sharing-requests/{id}/decision; @scope (nullable JSON) narrows an
 * approval, @ends_us (0: none) ends it. */
void              sl_client_decide_sharing_request_async  (SlClient             *self,
                                                           gint64                id,
                                                           gboolean              approve,
                                                           const char           *reason,
                                                           const char           *scope,
                                                           gint64                ends_us,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlSharingRequest *sl_client_decide_sharing_request_finish (SlClient             *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* GET .../preview (@build FALSE) or POST .../package (@build TRUE). */
void              sl_client_release_sharing_request_async (SlClient             *self,
                                                           gint64                id,
                                                           gboolean              build,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlSharingRelease *sl_client_release_sharing_request_finish (SlClient            *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
