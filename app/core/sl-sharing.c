#define G_LOG_DOMAIN "sl-sharing"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sl-json.h"
#include "sl-sharing.h"

static const char * const agency_types[] = { "law_enforcement", "prosecutorial", "other_public", "private" };
static const char * const jurisdictions[] = { "california_local", "california_state", "other_state", "federal" };
static const char * const statuses[] = { "refused", "routed_to_records", "under_review", "approved", "denied" };
G_STATIC_ASSERT (G_N_ELEMENTS (statuses) == SL_SHARING_N_STATUSES);

/* In the order they are checked; the first that applies decides. */
static const SlSharingRule rules[] = {
  { "private_entity", SL_SHARING_REFUSED,
    "ALPR data may not be sold, shared or transferred to a private entity",
    "California Civil Code 1798.90.55(b)" },
  { "out_of_state", SL_SHARING_REFUSED,
    "ALPR data may not be shared with agencies of other states",
    "California Attorney General bulletin 2023-DLE-06; Civil Code 1798.90.5(f)" },
  { "federal", SL_SHARING_REFUSED,
    "ALPR data may not be shared with federal agencies",
    "California Attorney General bulletin 2023-DLE-06; Civil Code 1798.90.5(f)" },
  { "immigration", SL_SHARING_REFUSED,
    "ALPR data is never shared for immigration enforcement",
    "California Values Act, Government Code 7284.6" },
  { "not_law_enforcement", SL_SHARING_ROUTED_TO_RECORDS,
    "A public agency that is not law enforcement or a prosecutor asks through the Custodian of Records",
    "Records Maintenance and Release Policy; Civil Code 1798.90.55" },
  { "law_enforcement", SL_SHARING_UNDER_REVIEW,
    "A California law enforcement or prosecutorial agency: the ALPR Administrator reviews the request",
    "ALPR policy, Releasing or sharing ALPR data (written request reviewed and approved before it is fulfilled)" },
};

static const char *
enum_to_string (const char * const *names,
                guint               n_names,
                int                 value)
{
  g_return_val_if_fail (value >= 0 && (guint) value < n_names, NULL);
  return names[value];
}

static gboolean
enum_from_string (const char * const *names,
                  guint               n_names,
                  const char         *text,
                  int                *value)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (text, names[i]))
      {
        *value = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_agency_type_to_string (SlAgencyType type)
{
  return enum_to_string (agency_types, G_N_ELEMENTS (agency_types), type);
}

gboolean
sl_agency_type_from_string (const char   *text,
                            SlAgencyType *type)
{
  return enum_from_string (agency_types, G_N_ELEMENTS (agency_types), text, (int *) type);
}

const char *
sl_jurisdiction_to_string (SlJurisdiction jurisdiction)
{
  return enum_to_string (jurisdictions, G_N_ELEMENTS (jurisdictions), jurisdiction);
}

gboolean
sl_jurisdiction_from_string (const char     *text,
                             SlJurisdiction *jurisdiction)
{
  return enum_from_string (jurisdictions, G_N_ELEMENTS (jurisdictions), text, (int *) jurisdiction);
}

const char *
sl_sharing_status_to_string (SlSharingStatus status)
{
  return enum_to_string (statuses, G_N_ELEMENTS (statuses), status);
}

gboolean
sl_sharing_status_from_string (const char      *text,
                               SlSharingStatus *status)
{
  return enum_from_string (statuses, G_N_ELEMENTS (statuses), text, (int *) status);
}

/* Labels for people; the service's documents are in English, the client
 * translates its own. */
const char *
sl_agency_type_get_label (SlAgencyType type)
{
  static const char * const labels[] = { "Law enforcement", "Prosecutorial", "Other public agency", "Private entity" };

  return enum_to_string (labels, G_N_ELEMENTS (labels), type);
}

const char *
sl_jurisdiction_get_label (SlJurisdiction jurisdiction)
{
  static const char * const labels[] = { "California, local", "California, state", "Another state", "Federal" };

  return enum_to_string (labels, G_N_ELEMENTS (labels), jurisdiction);
}

const char *
sl_sharing_status_get_label (SlSharingStatus status)
{
  static const char * const labels[] = { "Refused", "Routed to Records", "Under review", "Approved", "Denied" };

  return enum_to_string (labels, G_N_ELEMENTS (labels), status);
}

/* Agencies and acronyms, matched as whole words in any case. */
static const char * const immigration_words[] = {
  "ice", "cbp", "hsi", "ero", "uscis", "alien", "aliens",
};

/* Matched anywhere, in any case. */
static const char * const immigration_phrases[] = {
  "immigration", "immigrant", "deport", "removal proceeding", "removal order", "order of removal",
  "enforcement and removal", "border patrol", "customs and border", "homeland security investigations",
  "undocumented", "visa overstay", "287(g)", "ice detainer", "immigration detainer",
};

/**
 * sl_sharing_mentions_immigration:
 * @text: (nullable): an agency's name or a request's purpose
 *
 * Returns: whether @text points to immigration enforcement: its agencies
 *   (ICE, CBP, HSI, ERO, USCIS) or its words (immigration, deportation,
 *   removal proceedings and the like)
 */
gboolean
sl_sharing_mentions_immigration (const char *text)
{
  g_autofree char *lower = NULL;
  const char *p;

  if (text == NULL)
    return FALSE;

  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (immigration_phrases); i++)
    if (strstr (lower, immigration_phrases[i]) != NULL)
      return TRUE;

  for (p = lower; *p != '\0';)
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (g_ascii_isalnum (*p))
        p++;
      for (guint i = 0; p > start && i < G_N_ELEMENTS (immigration_words); i++)
        if ((gsize) (p - start) == strlen (immigration_words[i]) &&
            strncmp (start, immigration_words[i], p - start) == 0)
          return TRUE;
    }

  return FALSE;
}

static gboolean
rule_applies (const SlSharingRule    *rule,
              const SlSharingRequest *request)
{
  if (g_str_equal (rule->code, "private_entity"))
    return request->agency_type == SL_AGENCY_PRIVATE;
  if (g_str_equal (rule->code, "out_of_state"))
    return request->jurisdiction == SL_JURISDICTION_OTHER_STATE;
  if (g_str_equal (rule->code, "federal"))
    return request->jurisdiction == SL_JURISDICTION_FEDERAL;
  if (g_str_equal (rule->code, "immigration"))
    return sl_sharing_mentions_immigration (request->agency_name) ||
           sl_sharing_mentions_immigration (request->purpose) ||
           sl_sharing_mentions_immigration (request->requester_name);
  if (g_str_equal (rule->code, "not_law_enforcement"))
    return request->agency_type == SL_AGENCY_OTHER_PUBLIC;
  return TRUE;
}

/**
 * sl_sharing_apply_rules:
 *
 * Applies the rules of law to a request as entered: sets its status, the
 * deciding rule with its reason and legal basis, and the checks (every rule,
 * and whether it applied) as a JSON array.
 *
 * Returns: (transfer none): the rule that decided
 */
const SlSharingRule *
sl_sharing_apply_rules (SlSharingRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const SlSharingRule *decided = NULL;

  g_return_val_if_fail (request != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      gboolean applies = decided == NULL && rule_applies (&rules[i], request);

      if (applies)
        decided = &rules[i];

      json_builder_begin_object (builder);
      sl_json_builder_add_string_member (builder, "code", rules[i].code);
      json_builder_set_member_name (builder, "applies");
      json_builder_add_boolean_value (builder, applies);
      sl_json_builder_add_string_member (builder, "outcome", sl_sharing_status_to_string (rules[i].status));
      sl_json_builder_add_string_member (builder, "reason", rules[i].reason);
      sl_json_builder_add_string_member (builder, "basis", rules[i].basis);
      json_builder_end_object (builder);

      /* Later rules are not reached once one decided. */
      if (applies)
        break;
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  g_free (request->checks);
  request->checks = sl_json_to_string (root, FALSE);
  request->status = decided->status;
  g_free (request->rule);
  request->rule = g_strdup (decided->code);
  g_free (request->rule_reason);
  request->rule_reason = g_strdup (decided->reason);
  g_free (request->rule_basis);
  request->rule_basis = g_strdup (decided->basis);
  return decided;
}

void
sl_sharing_request_free (SlSharingRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->entered_by);
  g_free (request->agency_name);
  g_free (request->requester_name);
  g_free (request->requester_contact);
  g_free (request->purpose);
  g_free (request->case_number);
  g_free (request->scope);
  g_free (request->attachment_name);
  g_free (request->rule);
  g_free (request->rule_reason);
  g_free (request->rule_basis);
  g_free (request->checks);
  g_free (request->decided_by);
  g_free (request->decision_reason);
  g_free (request->approved_scope);
  g_free (request);
}
