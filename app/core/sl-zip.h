/* sl-zip.h: writing ZIP archives of stored (uncompressed) files, for export packages */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SlZipWriter SlZipWriter;

SlZipWriter *sl_zip_writer_new        (GOutputStream  *stream);
gboolean     sl_zip_writer_add_bytes  (SlZipWriter    *self,
                                       const char     *name,
                                       GBytes         *data,
                                       gint64          mtime_us,
                                       GError        **error);
gboolean     sl_zip_writer_finish     (SlZipWriter    *self,
                                       GError        **error);
void         sl_zip_writer_free       (SlZipWriter    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlZipWriter, sl_zip_writer_free)

G_END_DECLS
