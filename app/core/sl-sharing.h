/* sl-sharing.h: requests from outside agencies for ALPR data, and the rules
 * the law sets before anyone decides them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_AGENCY_LAW_ENFORCEMENT,
  SL_AGENCY_PROSECUTORIAL,
  SL_AGENCY_OTHER_PUBLIC,
  SL_AGENCY_PRIVATE,
} SlAgencyType;

typedef enum
{
  SL_JURISDICTION_CALIFORNIA_LOCAL,
  SL_JURISDICTION_CALIFORNIA_STATE,
  SL_JURISDICTION_OTHER_STATE,
  SL_JURISDICTION_FEDERAL,
} SlJurisdiction;

typedef enum
{
  SL_SHARING_REFUSED,            /* by a rule of law, before anyone decided */
  SL_SHARING_ROUTED_TO_RECORDS,  /* a public agency that is not law enforcement */
  SL_SHARING_UNDER_REVIEW,       /* waiting for the ALPR Administrator */
  SL_SHARING_APPROVED,
  SL_SHARING_DENIED,
  SL_SHARING_N_STATUSES,
} SlSharingStatus;

/* One rule the service applies on intake: its outcome when it applies. */
typedef struct
{
  const char      *code;
  SlSharingStatus  status;
  const char      *reason;
  const char      *basis;      /* the law or policy it comes from */
} SlSharingRule;

/* A written request, as entered and as decided. Times are µs since the epoch. */
typedef struct
{
  gint64           id;
  gint64           received_us;
  char            *entered_by;
  char            *agency_name;
  SlAgencyType     agency_type;
  SlJurisdiction   jurisdiction;
  char            *requester_name;
  char            *requester_contact;
  char            *purpose;
  char            *case_number;
  char            *scope;            /* JSON object: plates, from, to, optional area */
  char            *attachment_name;  /* the written request, or NULL */
  gint64           attachment_size;

  SlSharingStatus  status;
  char            *rule;             /* the code of the rule that set the status */
  char            *rule_reason;
  char            *rule_basis;
  char            *checks;           /* JSON array: every rule, whether it applied */

  char            *decided_by;
  gint64           decided_us;
  char            *decision_reason;
  char            *approved_scope;   /* JSON object, or NULL: as asked */
  gint64           ends_us;          /* approved until (0: no end) */

  gint64           disclosures;      /* packages built */
  gint64           disclosed_us;     /* the last one */
  gint64           disclosed_reads;
} SlSharingRequest;

const char     *sl_agency_type_to_string     (SlAgencyType      type);
gboolean        sl_agency_type_from_string   (const char       *text,
                                              SlAgencyType     *type);
const char     *sl_jurisdiction_to_string    (SlJurisdiction    jurisdiction);
gboolean        sl_jurisdiction_from_string  (const char       *text,
                                              SlJurisdiction   *jurisdiction);
const char     *sl_sharing_status_to_string  (SlSharingStatus   status);
gboolean        sl_sharing_status_from_string (const char      *text,
                                              SlSharingStatus  *status);

const char     *sl_agency_type_get_label     (SlAgencyType      type);
const char     *sl_jurisdiction_get_label    (SlJurisdiction    jurisdiction);
const char     *sl_sharing_status_get_label  (SlSharingStatus   status);

gboolean        sl_sharing_mentions_immigration (const char    *text);
const SlSharingRule *sl_sharing_apply_rules  (SlSharingRequest *request);

void            sl_sharing_request_free      (SlSharingRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSharingRequest, sl_sharing_request_free)

G_END_DECLS
