/* sl-sharing-package.h: packages of reads that leave: to an outside agency for an
 * approved request, or into evidence */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* What the cover letter says; all borrowed. */
typedef struct
{
  const SlSharingRequest *request;
  const char             *agency;          /* ours, from the policy profile */
  const char             *administrator;   /* the policy's title for the decider */
  const char             *built_by;        /* username */
  gint64                  built_us;
} SlSharingPackageInfo;

/* Gives a read's image of @kind ("plate" or "overview"), or NULL; *mime is set with it. */
typedef GBytes *(*SlPackageImageFunc) (gint64       read_id,
                                       const char  *kind,
                                       char       **mime,
                                       gpointer     data);

typedef struct
{
  GBytes *zip;
  char   *sha256;     /* of the ZIP, hex */
  char   *manifest;   /* manifest.json as written into the ZIP */
  gint64  reads;
  gint64  images;
} SlSharingPackage;

/* Draws a package's letter, once its reads and images are counted. */
typedef GBytes *(*SlPackageLetterFunc) (gint64       reads,
                                        gint64       images,
                                        gpointer     data,
                                        GError     **error);

SlSharingPackage *sl_package_write         (JsonObject                 *header,
                                            gint64                      mtime_us,
                                            GPtrArray                  *found,
                                            SlPackageImageFunc          image_func,
                                            gpointer                    image_data,
                                            const char                 *letter_name,
                                            SlPackageLetterFunc         letter_func,
                                            gpointer                    letter_data,
                                            GError                    **error);
SlSharingPackage *sl_sharing_package_build (const SlSharingPackageInfo *info,
                                            GPtrArray                  *found,
                                            SlPackageImageFunc          image_func,
                                            gpointer                    image_data,
                                            GError                    **error);
void              sl_sharing_package_free  (SlSharingPackage           *package);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSharingPackage, sl_sharing_package_free)

G_END_DECLS
