/* sl-sharing-package.h: what is handed to an outside agency for an approved request */
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

SlSharingPackage *sl_sharing_package_build (const SlSharingPackageInfo *info,
                                            GPtrArray                  *found,
                                            SlPackageImageFunc          image_func,
                                            gpointer                    image_data,
                                            GError                    **error);
void              sl_sharing_package_free  (SlSharingPackage           *package);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSharingPackage, sl_sharing_package_free)

G_END_DECLS
