/* sl-client-private.h: what the files of SlClient's calls share (sl-client-*.c) */
#pragma once

#include <libsoup/soup.h>

#include "sl-client.h"

G_BEGIN_DECLS

/* Turns a successful answer's JSON body into the task's result. */
typedef gpointer (*SlClientParseFunc) (SlClient    *self,
                                       JsonObject  *body,
                                       GError     **error);

/* An authenticated request under /api/v1, or %NULL when it failed at once
 * (the task has returned its error then). @parse %NULL: the task returns a
 * boolean. The message can be changed before _sl_client_send_request(),
 * e.g. to send a CSV body. */
GTask        *_sl_client_create_request      (SlClient            *self,
                                              const char          *method,
                                              const char          *path_and_query,
                                              JsonNode            *body,
                                              SlClientParseFunc    parse,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data,
                                              gpointer             source_tag);
SoupMessage  *_sl_client_request_get_message (GTask               *task);
void          _sl_client_send_request        (SlClient            *self,
                                              GTask               *task);

/* Query parameters; nothing is appended for %NULL, "" or a number <= 0. */
void          _sl_client_append_query        (GString             *query,
                                              const char          *name,
                                              const char          *value);
void          _sl_client_append_query_int    (GString             *query,
                                              const char          *name,
                                              gint64               value);

G_END_DECLS
