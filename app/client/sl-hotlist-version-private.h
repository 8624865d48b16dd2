/* sl-hotlist-version-private.h: what SlHotlistEntry shares with SlHotlistVersion */
#pragma once

#include "sl-hotlist-version.h"

G_BEGIN_DECLS

gboolean  _sl_hotlist_entry_fields_parse (JsonObject            *object,
                                          SlHotlistEntryFields  *fields,
                                          GError               **error);

G_END_DECLS
