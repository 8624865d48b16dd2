#define G_LOG_DOMAIN "sl-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-pages.h"

static const SlPageInfo page_infos[SL_N_PAGES] = {
  { SL_PAGE_LIVE, "live", N_("Live"), "camera-video-symbolic",
    N_("Hot-list alerts from the cameras will appear here the moment a plate is read."), TRUE },
  { SL_PAGE_SEARCH, "search", N_("Search"), "system-search-symbolic",
    N_("Search plate reads by plate, pattern, time and place, with a case number and purpose."), TRUE },
  { SL_PAGE_MAP, "map", N_("Map"), "mark-location-symbolic",
    N_("Cameras, the reads of a search, tracks and crime-scene canvasses on the map."), TRUE },
  { SL_PAGE_HOTLISTS, "hotlists", N_("Hot Lists"), "view-list-bullet-symbolic",
    N_("Hot lists and their entries: proposed, approved, expired, imported."), FALSE },
  { SL_PAGE_REQUESTS, "requests", N_("Requests"), "mail-send-receive-symbolic",
    N_("Written requests for ALPR data from outside agencies: entered, checked against the law, decided and released."), FALSE },
  { SL_PAGE_AUDIT, "audit", N_("Audit"), "security-high-symbolic",
    N_("The access log, its chain check, compliance audits and the signals worth auditing."), FALSE },
  { SL_PAGE_REPORTS, "reports", N_("Reports"), "x-office-document-symbolic",
    N_("The transparency report, the surveillance-technology report, purges and the account review."), FALSE },
  { SL_PAGE_ADMIN, "admin", N_("Admin"), "emblem-system-symbolic",
    N_("Users and their training, cameras, the policy profile and its retention, legal holds."), FALSE },
};

/*
 * What each role may use, from DESIGN.md section 1:
 *
 * - officer: alerts (Live), searches and canvasses (Search, Map), proposing
 *   hot-list entries, entering sharing requests received in writing.
 * - analyst: as officer, minus alert dispositions in the field, which is a
 *   matter of the Live page's actions, not of seeing it.
 * - supervisor: as officer, plus approving their team's hot-list entries.
 *   Their team's search log will be part of Search; the access log itself
 *   is for auditors and administrators.
 * - administrator: approves hot lists, decides sharing requests, manages
 *   users, training, cameras, policy, retention and holds; reads the log.
 * - auditor: the access log and compliance audits, no detection browsing.
 * - records: sharing and public-records requests (and their retention).
 *
 * Reports (transparency, surveillance, purges) are for whoever answers to
 * the public for them: supervisors, administrators, auditors, records.
 */
static const struct {
  SlRoles role;
  SlPages pages;
} role_pages[] = {
  { SL_ROLE_OFFICER,
    SL_PAGE_BIT (SL_PAGE_LIVE) | SL_PAGE_BIT (SL_PAGE_SEARCH) | SL_PAGE_BIT (SL_PAGE_MAP) |
    SL_PAGE_BIT (SL_PAGE_HOTLISTS) | SL_PAGE_BIT (SL_PAGE_REQUESTS) },
  { SL_ROLE_ANALYST,
    SL_PAGE_BIT (SL_PAGE_LIVE) | SL_PAGE_BIT (SL_PAGE_SEARCH) | SL_PAGE_BIT (SL_PAGE_MAP) |
    SL_PAGE_BIT (SL_PAGE_HOTLISTS) | SL_PAGE_BIT (SL_PAGE_REQUESTS) },
  { SL_ROLE_SUPERVISOR,
    SL_PAGE_BIT (SL_PAGE_LIVE) | SL_PAGE_BIT (SL_PAGE_SEARCH) | SL_PAGE_BIT (SL_PAGE_MAP) |
    SL_PAGE_BIT (SL_PAGE_HOTLISTS) | SL_PAGE_BIT (SL_PAGE_REQUESTS) | SL_PAGE_BIT (SL_PAGE_REPORTS) },
  { SL_ROLE_ADMINISTRATOR,
    SL_PAGE_BIT (SL_PAGE_HOTLISTS) | SL_PAGE_BIT (SL_PAGE_REQUESTS) |
    SL_PAGE_BIT (SL_PAGE_AUDIT) | SL_PAGE_BIT (SL_PAGE_REPORTS) | SL_PAGE_BIT (SL_PAGE_ADMIN) },
  { SL_ROLE_AUDITOR,
    SL_PAGE_BIT (SL_PAGE_AUDIT) | SL_PAGE_BIT (SL_PAGE_REPORTS) },
  { SL_ROLE_RECORDS,
    SL_PAGE_BIT (SL_PAGE_REQUESTS) | SL_PAGE_BIT (SL_PAGE_REPORTS) },
};

static const struct {
  SlRoles     role;
  const char *name;
} role_names[] = {
  { SL_ROLE_OFFICER,       N_("Officer") },
  { SL_ROLE_ANALYST,       N_("Analyst") },
  { SL_ROLE_SUPERVISOR,    N_("Supervisor") },
  { SL_ROLE_ADMINISTRATOR, N_("ALPR Administrator") },
  { SL_ROLE_AUDITOR,       N_("Auditor") },
  { SL_ROLE_RECORDS,       N_("Custodian of Records") },
};

/**
 * sl_pages_for_roles:
 * @roles: the user's roles
 *
 * Returns: the pages a user holding @roles sees; none for no role
 */
SlPages
sl_pages_for_roles (SlRoles roles)
{
  SlPages pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (role_pages); i++)
    if (roles & role_pages[i].role)
      pages |= role_pages[i].pages;

  return pages;
}

gboolean
sl_pages_contains (SlPages pages,
                   SlPage  page)
{
  g_return_val_if_fail (page < SL_N_PAGES, FALSE);
  return (pages & SL_PAGE_BIT (page)) != 0;
}

guint
sl_pages_count (SlPages pages)
{
  guint n = 0;

  for (guint i = 0; i < SL_N_PAGES; i++)
    if (pages & SL_PAGE_BIT (i))
      n++;

  return n;
}

const SlPageInfo *
sl_page_get_info (SlPage page)
{
  g_return_val_if_fail (page < SL_N_PAGES, NULL);
  return &page_infos[page];
}

/**
 * sl_page_find:
 * @name: a page's stable name, e.g. "audit"
 *
 * Returns: (nullable): the page's description, or %NULL
 */
const SlPageInfo *
sl_page_find (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < SL_N_PAGES; i++)
    if (g_str_equal (page_infos[i].name, name))
      return &page_infos[i];

  return NULL;
}

/**
 * sl_role_get_display_name:
 * @role: a single role
 *
 * Returns: the role's name to show a person, translated
 */
const char *
sl_role_get_display_name (SlRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return _(role_names[i].name);

  return _("No Role");
}

/**
 * sl_roles_to_display:
 * @roles: a user's roles
 *
 * Returns: (transfer full): the roles as a person reads them, e.g.
 *   "Officer, Supervisor"
 */
char *
sl_roles_to_display (SlRoles roles)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (!(roles & role_names[i].role))
        continue;
      if (text->len > 0)
        /* Translators: separates role names, e.g. "Officer, Supervisor" */
        g_string_append (text, _(", "));
      g_string_append (text, _(role_names[i].name));
    }

  if (text->len == 0)
    g_string_append (text, _("No Role"));

  return g_string_free (text, FALSE);
}
