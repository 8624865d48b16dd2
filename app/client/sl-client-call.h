/* sl-client-call.h: calls whose answers a page reads as JSON itself: the
 * administration, compliance-audit and report screens */
#pragma once

#include "sl-client.h"

G_BEGIN_DECLS

void        sl_client_call_async  (SlClient             *self,
                                   const char           *method,
                                   const char           *path_and_query,
                                   JsonNode             *body,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
JsonObject *sl_client_call_finish (SlClient             *self,
                                   GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
