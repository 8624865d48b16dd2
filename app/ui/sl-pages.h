/* sl-pages.h: which pages of the main window a user's roles open (DESIGN.md section 1) */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

typedef enum
{
  SL_PAGE_LIVE,
  SL_PAGE_SEARCH,
  SL_PAGE_MAP,
  SL_PAGE_HOTLISTS,
  SL_PAGE_REQUESTS,
  SL_PAGE_AUDIT,
  SL_PAGE_REPORTS,
  SL_PAGE_ADMIN,
  SL_N_PAGES,
} SlPage;

/* A set of pages, one bit per #SlPage. */
typedef guint SlPages;

#define SL_PAGE_BIT(page) (1u << (page))

typedef struct
{
  SlPage      page;
  const char *name;          /* stable, for actions and tests */
  const char *title;         /* translatable, untranslated here */
  const char *icon_name;
  const char *description;   /* translatable, what the page will hold */
  gboolean    needs_training;
} SlPageInfo;

SlPages            sl_pages_for_roles        (SlRoles      roles);
gboolean           sl_pages_contains         (SlPages      pages,
                                              SlPage       page);
guint              sl_pages_count            (SlPages      pages);
const SlPageInfo  *sl_page_get_info          (SlPage       page);
const SlPageInfo  *sl_page_find              (const char  *name);
const char        *sl_role_get_display_name  (SlRoles      role);
char              *sl_roles_to_display       (SlRoles      roles);

G_END_DECLS
