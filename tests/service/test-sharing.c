#define G_LOG_DOMAIN "test-sharing"

#include "config.h"

#include <string.h>

#include "sl-read.h"
#include "sl-test-harness.h"

/* Sharing requests over HTTP: the law's refusals at intake, routing to
 * Records, the decision and who may make it, the register, the records. */

#define SECOND_ADMIN_USER     "dora"
#define SECOND_ADMIN_PASSWORD "Deputy-Chief-Orchid-9"
#define RECORDS_USER          "rita"
#define RECORDS_PASSWORD      "Custodian of the files"
#define SUPERVISOR_USER       "sam"
#define SUPERVISOR_PASSWORD   "Harbor-Lantern-Seven"

typedef struct
{
  const char *agency_name;
  const char *agency_type;
  const char *jurisdiction;
  const char *purpose;
} Intake;

static void
add_staff (Fixture *f)
{
  add_user (f->store, SECOND_ADMIN_USER, SECOND_ADMIN_PASSWORD, SL_ROLE_ADMINISTRATOR, "2026-01-15", NULL);
  add_user (f->store, RECORDS_USER, RECORDS_PASSWORD, SL_ROLE_RECORDS, "2026-01-15", NULL);
  add_user (f->store, SUPERVISOR_USER, SUPERVISOR_PASSWORD, SL_ROLE_SUPERVISOR, "2026-01-15", NULL);
}

static char *
intake_body (const Intake *intake,
             const char   *extra)
{
  return g_strdup_printf ("{\"agency_name\": \"%s\", \"agency_type\": \"%s\", \"jurisdiction\": \"%s\","
                          " \"requester_name\": \"Det. Maria Lopez\", \"requester_contact\": \"mlopez@example.gov, 510-555-0100\","
                          " \"purpose\": \"%s\", \"case_number\": \"HPD-26-004411\","
                          " \"scope\": {\"plates\": [\"7abc-123\", \"8XYZ999\"], \"from\": \"2026-02-01T00:00:00Z\","
                          " \"to\": \"2026-02-15T00:00:00Z\"}%s}",
                          intake->agency_name, intake->agency_type, intake->jurisdiction, intake->purpose,
                          extra != NULL ? extra : "");
}

static Response *
enter (Fixture      *f,
       const char   *token,
       const Intake *intake)
{
  g_autofree char *body = intake_body (intake, NULL);

  return api_request (f, "POST", "/sharing-requests", token, body);
}

static const Intake hayward = {
  "Hayward Police Department", "law_enforcement", "california_local",
  "Armed robbery at a gas station; suspect vehicle seen in Oakland",
};

/* Enters a request that goes to review; returns its id. */
static gint64
enter_for_review (Fixture    *f,
                  const char *token)
{
  g_autoptr(Response) response = enter (f, token, &hayward);

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response->body, "status"), ==, "under_review");
  return json_object_get_int_member (response->body, "id");
}

static Response *
decide (Fixture    *f,
        const char *token,
        gint64      id,
        const char *body)
{
  g_autofree char *path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/decision", id);

  return api_request (f, "POST", path, token, body);
}

static const char *
rule_member (Response   *response,
             const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (response->body, "rule"), member);
}

/* Tests ----------------------------------------------------------------------- */

static void
test_intake_rules (Fixture       *f,
                   gconstpointer  data)
{
  struct {
    Intake      intake;
    const char *status;
    const char *rule;
    const char *basis;
  } cases[] = {
    { { "Bay Area Repo Services LLC", "private", "california_local", "Locate a vehicle for repossession" },
      "refused", "private_entity", "1798.90.55" },
    { { "Reno Police Department", "law_enforcement", "other_state", "Stolen vehicle last seen in California" },
      "refused", "out_of_state", "2023-DLE-06" },
    { { "Federal Bureau of Investigation", "law_enforcement", "federal", "Kidnapping across state lines" },
      "refused", "federal", "2023-DLE-06" },
    { { "Alameda County Sheriff's Office", "law_enforcement", "california_local",
        "Locate a person for removal proceedings" },
      "refused", "immigration", "Values Act" },
    { { "ICE Liaison Task Force", "law_enforcement", "california_state", "Vehicle of interest in an investigation" },
      "refused", "immigration", "Values Act" },
    { { "Oakland Unified School District", "other_public", "california_local", "Parking permit dispute review" },
      "routed_to_records", "not_law_enforcement", "Records" },
    { { "Alameda County District Attorney", "prosecutorial", "california_local", "Homicide prosecution, People v. Doe" },
      "under_review", "law_enforcement", NULL },
    /* "police", "service", "justice" hold "ice" but are not ICE */
    { { "California Department of Justice, Police Services", "law_enforcement", "california_state",
        "Carjacking series on Interstate 880" },
      "under_review", "law_enforcement", NULL },
  };
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = enter (f, token, &cases[i].intake);
      JsonArray *checks;
      JsonObject *last;

      g_test_message ("%s", cases[i].intake.agency_name);
      g_assert_cmpuint (response->status, ==, 201);
      g_assert_cmpstr (json_object_get_string_member (response->body, "status"), ==, cases[i].status);
      g_assert_cmpstr (rule_member (response, "code"), ==, cases[i].rule);
      g_assert_cmpstr (rule_member (response, "reason"), !=, "");
      if (cases[i].basis != NULL)
        g_assert_nonnull (strstr (rule_member (response, "basis"), cases[i].basis));

      /* the checks show every rule passed before the one that decided */
      checks = json_object_get_array_member (response->body, "checks");
      last = json_array_get_object_element (checks, json_array_get_length (checks) - 1);
      g_assert_cmpstr (json_object_get_string_member (last, "code"), ==, cases[i].rule);
      g_assert_true (json_object_get_boolean_member (last, "applies"));
      for (guint j = 0; j + 1 < json_array_get_length (checks); j++)
        g_assert_false (json_object_get_boolean_member (json_array_get_object_element (checks, j), "applies"));

      /* plates are kept as plates */
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                         json_object_get_object_member (response->body, "scope"), "plates"), 0), ==, "7ABC123");
      g_assert_cmpstr (json_object_get_string_member (response->body, "entered_by"), ==, OFFICER_USER);
    }

  g_assert_cmpint (count_records (f, "sharing.request", OFFICER_USER, "ok"), ==, G_N_ELEMENTS (cases));
}

static void
test_intake_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  const char *required[] = {
    "agency_name", "agency_type", "jurisdiction", "requester_name", "requester_contact", "purpose",
    "case_number", "scope",
  };
  struct {
    const char *scope;
    const char *says;
  } scopes[] = {
    { "{\"plates\": [\"7ABC123\"], \"from\": \"2026-02-01T00:00:00Z\"}", "time range" },
    { "{\"plates\": [\"7ABC123\"], \"from\": \"2026-02-15T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}", "before" },
    { "{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-02-15T00:00:00Z\"}", "plates or an area" },
    { "{\"plates\": [\"NOT A PLATE!!\"], \"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-02-15T00:00:00Z\"}",
      "plate 1" },
    { "{\"area\": {\"lat\": 37.8, \"lon\": -122.27, \"radius_m\": -5}, \"from\": \"2026-02-01T00:00:00Z\","
      " \"to\": \"2026-02-15T00:00:00Z\"}", "radius" },
  };

  {
    g_autoptr(Response) response = api_request (f, "POST", "/sharing-requests", token, "{}");
    JsonObject *fields;

    assert_api_error (response, 422, "invalid_sharing_request");
    fields = json_object_get_object_member (json_object_get_object_member (response->body, "error"), "fields");
    for (guint i = 0; i < G_N_ELEMENTS (required); i++)
      {
        g_assert_true (json_object_has_member (fields, required[i]));
        g_assert_nonnull (strstr (error_message (response), required[i]));
      }
  }
  {
    Intake wrong = hayward;
    g_autoptr(Response) response = NULL;
    JsonObject *fields;

    wrong.agency_type = "militia";
    wrong.jurisdiction = "moon";
    response = enter (f, token, &wrong);
    assert_api_error (response, 422, "invalid_sharing_request");
    fields = json_object_get_object_member (json_object_get_object_member (response->body, "error"), "fields");
    g_assert_nonnull (strstr (json_object_get_string_member (fields, "agency_type"), "militia"));
    g_assert_nonnull (strstr (json_object_get_string_member (fields, "jurisdiction"), "california_local"));
    /* only the wrong fields are named */
    g_assert_false (json_object_has_member (fields, "agency_name"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"agency_name\": \"Hayward PD\", \"agency_type\": \"law_enforcement\","
                                               " \"jurisdiction\": \"california_local\", \"requester_name\": \"Det. Lopez\","
                                               " \"requester_contact\": \"510-555-0100\", \"purpose\": \"Armed robbery\","
                                               " \"case_number\": \"HPD-1\", \"scope\": %s}", scopes[i].scope);
      g_autoptr(Response) response = api_request (f, "POST", "/sharing-requests", token, body);
      JsonObject *fields;

      assert_api_error (response, 422, "invalid_sharing_request");
      fields = json_object_get_object_member (json_object_get_object_member (response->body, "error"), "fields");
      g_assert_nonnull (strstr (json_object_get_string_member (fields, "scope"), scopes[i].says));
    }

  /* nothing was entered */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM sharing_requests"), ==, 0);
}

static void
test_attachment (Fixture       *f,
                 gconstpointer  data)
{
  static const char pdf[] = "%PDF-1.4\n% a written request\n%%EOF\n";
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pdf, strlen (pdf));
  g_autofree char *text = g_base64_encode ((const guchar *) "just text", 9);
  g_autofree char *extra = g_strdup_printf (", \"attachment\": {\"name\": \"hpd-request.pdf\", \"content_base64\": \"%s\"}",
                                            encoded);
  g_autofree char *not_pdf = g_strdup_printf (", \"attachment\": {\"name\": \"notes.txt\", \"content_base64\": \"%s\"}",
                                              text);
  g_autofree char *body = intake_body (&hayward, extra);
  g_autofree char *bad_body = intake_body (&hayward, not_pdf);
  g_autoptr(Response) response = api_request (f, "POST", "/sharing-requests", token, body);
  g_autoptr(Response) refused = api_request (f, "POST", "/sharing-requests", token, bad_body);
  g_autoptr(Response) download = NULL;
  JsonObject *attachment;

  g_assert_cmpuint (response->status, ==, 201);
  attachment = json_object_get_object_member (response->body, "attachment");
  g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, "hpd-request.pdf");
  g_assert_cmpint (json_object_get_int_member (attachment, "size"), ==, strlen (pdf));

  download = api_request (f, "GET", json_object_get_string_member (attachment, "url") + strlen ("/api/v1"), token, NULL);
  g_assert_cmpuint (download->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (download->headers, NULL), ==, "application/pdf");
  g_assert_cmpmem (g_bytes_get_data (download->bytes, NULL), g_bytes_get_size (download->bytes), pdf, strlen (pdf));

  assert_api_error (refused, 422, "invalid_sharing_request");
  g_assert_nonnull (strstr (error_message (refused), "PDF"));

  /* a scanned letter is larger than the API's usual 1 MiB body */
  {
    gsize size = 3 * 1024 * 1024;
    g_autofree char *scan = g_malloc (size);
    g_autofree char *scan_encoded = NULL;
    g_autofree char *scan_extra = NULL;
    g_autofree char *scan_body = NULL;
    g_autoptr(Response) large = NULL;

    memset (scan, 'x', size);
    memcpy (scan, "%PDF-1.7\n", 9);
    scan_encoded = g_base64_encode ((const guchar *) scan, size);
    scan_extra = g_strdup_printf (", \"attachment\": {\"name\": \"scan.pdf\", \"content_base64\": \"%s\"}",
                                  scan_encoded);
    scan_body = intake_body (&hayward, scan_extra);
    large = api_request (f, "POST", "/sharing-requests", token, scan_body);
    g_assert_cmpuint (large->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (large->body, "attachment"), "size"),
                     ==, size);
  }
}

static void
test_decision_rights (Fixture       *f,
                      gconstpointer  data)
{
  static const char approve[] = "{\"decision\": \"approve\", \"reason\": \"Armed robbery under active investigation\"}";
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = NULL;
  g_autofree char *second_admin = NULL;
  g_autofree char *supervisor = NULL;
  gint64 by_officer;
  gint64 by_admin;

  add_staff (f);
  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  second_admin = login_token (f, SECOND_ADMIN_USER, SECOND_ADMIN_PASSWORD);
  supervisor = login_token (f, SUPERVISOR_USER, SUPERVISOR_PASSWORD);
  by_officer = enter_for_review (f, officer);
  by_admin = enter_for_review (f, admin);

  /* the officer who entered it, a supervisor: not theirs to decide */
  {
    g_autoptr(Response) as_officer = decide (f, officer, by_officer, approve);
    g_autoptr(Response) as_supervisor = decide (f, supervisor, by_officer, approve);

    assert_api_error (as_officer, 403, "forbidden");
    assert_api_error (as_supervisor, 403, "forbidden");
  }
  /* an administrator who entered it: another decides */
  {
    g_autoptr(Response) own = decide (f, admin, by_admin, approve);
    g_autoptr(SlAuditRecord) record = NULL;

    assert_api_error (own, 403, "own_request");
    record = last_record (f, "sharing.decide");
    g_assert_cmpstr (record->outcome, ==, "denied");
    g_assert_cmpstr (record->username, ==, ADMIN_USER);
  }
  /* another administrator may */
  {
    g_autoptr(Response) approved = decide (f, admin, by_officer, approve);
    JsonObject *decision;

    g_assert_cmpuint (approved->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (approved->body, "status"), ==, "approved");
    decision = json_object_get_object_member (approved->body, "decision");
    g_assert_cmpstr (json_object_get_string_member (decision, "decided_by"), ==, ADMIN_USER);
    g_assert_cmpstr (json_object_get_string_member (decision, "reason"), ==, "Armed robbery under active investigation");
    g_assert_nonnull (json_object_get_string_member (decision, "decided_at"));
  }
  {
    g_autoptr(Response) denied = decide (f, second_admin, by_admin,
                                         "{\"decision\": \"deny\", \"reason\": \"No need or right to know shown\"}");

    g_assert_cmpuint (denied->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (denied->body, "status"), ==, "denied");
  }
  /* decided once */
  {
    g_autoptr(Response) again = decide (f, second_admin, by_officer, approve);

    assert_api_error (again, 409, "not_under_review");
  }

  g_assert_cmpint (count_records (f, "sharing.decide", NULL, "ok"), ==, 2);
  {
    g_autoptr(SlAuditRecord) record = last_record (f, "sharing.decide");

    g_assert_cmpstr (record->username, ==, SECOND_ADMIN_USER);
    g_assert_cmpstr (record->case_number, ==, "HPD-26-004411");
    g_assert_nonnull (strstr (record->data, "\"decision\":\"deny\""));
    g_assert_nonnull (strstr (record->data, "No need or right to know shown"));
  }
}

static void
test_decision_states (Fixture       *f,
                      gconstpointer  data)
{
  static const Intake private_entity = {
    "Bay Area Repo Services LLC", "private", "california_local", "Locate a vehicle for repossession",
  };
  static const Intake school = {
    "Oakland Unified School District", "other_public", "california_local", "Parking permit dispute review",
  };
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autoptr(Response) refused = enter (f, officer, &private_entity);
  g_autoptr(Response) routed = enter (f, officer, &school);
  gint64 id = enter_for_review (f, officer);
  struct {
    const char *body;
    const char *field;
  } wrong[] = {
    { "{\"decision\": \"maybe\", \"reason\": \"Armed robbery under active investigation\"}", "decision" },
    { "{\"decision\": \"deny\"}", "reason" },
    { "{\"decision\": \"deny\", \"reason\": \"no\"}", "reason" },
    { "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\", \"ends\": \"2020-01-01T00:00:00Z\"}",
      "ends" },
    { "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\", \"scope\": {\"plates\": [\"5DEF456\"]}}",
      "scope" },
    { "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\","
      " \"scope\": {\"from\": \"2026-01-01T00:00:00Z\"}}", "scope" },
    { "{\"decision\": \"deny\", \"reason\": \"Armed robbery under investigation\", \"scope\": {\"plates\": [\"7ABC123\"]}}",
      "scope" },
  };

  /* what the rules refused or routed is not reviewed */
  for (guint i = 0; i < 2; i++)
    {
      Response *response = i == 0 ? refused : routed;
      g_autoptr(Response) decided = decide (f, admin, json_object_get_int_member (response->body, "id"),
                                            "{\"decision\": \"approve\", \"reason\": \"Looks fine to the reviewer\"}");

      assert_api_error (decided, 409, "not_under_review");
    }

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(Response) response = decide (f, admin, id, wrong[i].body);
      JsonObject *fields;

      g_test_message ("%s", wrong[i].body);
      assert_api_error (response, 422, "invalid_decision");
      fields = json_object_get_object_member (json_object_get_object_member (response->body, "error"), "fields");
      g_assert_true (json_object_has_member (fields, wrong[i].field));
    }

  /* an approval narrows the plates and time, and may end */
  {
    g_autoptr(Response) approved = decide (f, admin, id,
                                           "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\","
                                           " \"scope\": {\"plates\": [\"8xyz999\"], \"from\": \"2026-02-03T00:00:00Z\"},"
                                           " \"ends\": \"2026-04-01T00:00:00Z\"}");
    JsonObject *decision;
    JsonObject *scope;

    g_assert_cmpuint (approved->status, ==, 200);
    decision = json_object_get_object_member (approved->body, "decision");
    scope = json_object_get_object_member (decision, "scope");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scope, "plates")), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (scope, "plates"), 0), ==, "8XYZ999");
    g_assert_cmpstr (json_object_get_string_member (scope, "from"), ==, "2026-02-03T00:00:00.000000Z");
    g_assert_cmpstr (json_object_get_string_member (scope, "to"), ==, "2026-02-15T00:00:00.000000Z");
    g_assert_cmpstr (json_object_get_string_member (decision, "ends_at"), ==, "2026-04-01T00:00:00.000000Z");
    /* the request as asked stays on file */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_object_get_object_member (approved->body, "scope"), "plates")), ==, 2);
  }

  /* a request that does not exist */
  {
    g_autoptr(Response) missing = decide (f, admin, 9999, "{\"decision\": \"deny\", \"reason\": \"No such request here\"}");

    assert_api_error (missing, 404, "not_found");
  }
}

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  static const Intake private_entity = {
    "Bay Area Repo Services LLC", "private", "california_local", "Locate a vehicle for repossession",
  };
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *records = NULL;
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  g_autofree char *path = NULL;
  gint64 id;

  add_staff (f);
  records = login_token (f, RECORDS_USER, RECORDS_PASSWORD);
  id = enter_for_review (f, officer);
  {
    g_autoptr(Response) refused = enter (f, records, &private_entity);

    g_assert_cmpuint (refused->status, ==, 201);
  }

  /* the auditor reads the register but enters nothing */
  {
    g_autoptr(Response) entered = enter (f, auditor, &hayward);
    g_autoptr(Response) list = api_request (f, "GET", "/sharing-requests", auditor, NULL);
    JsonObject *counts;

    assert_api_error (entered, 403, "forbidden");
    g_assert_cmpuint (list->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list->body, "requests")), ==, 2);
    counts = json_object_get_object_member (list->body, "counts");
    g_assert_cmpint (json_object_get_int_member (counts, "under_review"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (counts, "refused"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (counts, "approved"), ==, 0);
  }
  /* filters */
  {
    g_autoptr(Response) refused = api_request (f, "GET", "/sharing-requests?status=refused", records, NULL);
    g_autoptr(Response) by_agency = api_request (f, "GET", "/sharing-requests?agency=hayward", records, NULL);
    g_autoptr(Response) bad = api_request (f, "GET", "/sharing-requests?status=lost", records, NULL);
    JsonArray *requests = json_object_get_array_member (refused->body, "requests");

    g_assert_cmpuint (json_array_get_length (requests), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, 0), "agency_name"), ==,
                     "Bay Area Repo Services LLC");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (by_agency->body, "requests")), ==, 1);
    assert_api_error (bad, 400, "invalid_request");
  }
  /* an officer sees the requests they entered, and no others */
  {
    g_autoptr(Response) list = api_request (f, "GET", "/sharing-requests", officer, NULL);
    g_autoptr(Response) other = NULL;
    JsonArray *requests = json_object_get_array_member (list->body, "requests");
    g_autofree char *other_path = NULL;

    g_assert_cmpuint (json_array_get_length (requests), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, 0), "id"), ==, id);
    other_path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT, id + 1);
    other = api_request (f, "GET", other_path, officer, NULL);
    assert_api_error (other, 404, "not_found");
  }

  path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(Response) one = api_request (f, "GET", path, records, NULL);

    g_assert_cmpuint (one->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (one->body, "requester_name"), ==, "Det. Maria Lopez");
    g_assert_true (json_object_get_null_member (one->body, "decision"));
  }
}

static void
test_intake_logged (Fixture       *f,
                    gconstpointer  data)
{
  static const Intake federal = {
    "Federal Bureau of Investigation", "law_enforcement", "federal", "Kidnapping across state lines",
  };
  g_autofree char *token = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autoptr(Response) response = enter (f, token, &federal);
  g_autoptr(SlAuditRecord) record = last_record (f, "sharing.request");
  g_autoptr(JsonObject) logged = NULL;

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (record->username, ==, OFFICER_USER);
  g_assert_cmpstr (record->case_number, ==, "HPD-26-004411");
  g_assert_cmpstr (record->purpose_note, ==, "Kidnapping across state lines");
  logged = sl_json_parse_object (record->data, -1, NULL);
  g_assert_cmpint (json_object_get_int_member (logged, "request_id"), ==,
                   json_object_get_int_member (response->body, "id"));
  g_assert_cmpstr (json_object_get_string_member (logged, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (logged, "rule"), ==, "federal");
  g_assert_cmpstr (json_object_get_string_member (logged, "agency_name"), ==, "Federal Bureau of Investigation");
}

/* Fulfilment ------------------------------------------------------------------ */

#define CAMERA_TOKEN "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e"
/* A 1×1 PNG, base64. */
#define TINY_PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

static void
post_read (Fixture    *f,
           const char *plate,
           gint64      offset_s,
           gboolean    with_image)
{
  g_autofree char *at = sl_clock_format_iso8601 (TEST_START_US + offset_s * G_USEC_PER_SEC);
  g_autofree char *body = g_strdup_printf ("{\"reads\": [{\"plate\": \"%s\", \"region\": \"CA\", \"captured_at\": \"%s\","
                                           " \"confidence\": 91, \"heading\": 90%s}]}", plate, at,
                                           with_image ? ", \"plate_image\": \"" TINY_PNG "\"" : "");
  g_autoptr(Response) response = api_request (f, "POST", "/ingest/native", CAMERA_TOKEN, body);

  g_assert_cmpuint (response->status, ==, 200);
}

static gint64
add_camera (Fixture *f)
{
  g_autoptr(SlCamera) camera = sl_camera_new ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CAMERA_TOKEN, -1);
  g_autoptr(GError) error = NULL;

  camera->name = g_strdup ("Broadway & 14th St");
  camera->kind = g_strdup ("fixed");
  camera->lat = 37.8044;
  camera->lon = -122.2712;
  camera->created_us = TEST_START_US;
  g_assert_true (sl_store_add_camera (f->store, camera, hash, &error));
  g_assert_cmpint (camera->id, >, 0);
  return camera->id;
}

static void
add_reads (Fixture *f)
{
  add_camera (f);

  post_read (f, "7ABC123", -3600, TRUE);
  post_read (f, "7ABC123", -1800, FALSE);
  post_read (f, "8XYZ999", -600, FALSE);
  post_read (f, "5K12XYZ", -500, TRUE);          /* not asked for */
  post_read (f, "7ABC123", -3 * 86400, FALSE);   /* before the time asked for */
}

static gint64
enter_recent (Fixture    *f,
              const char *token)
{
  static const char body[] =
    "{\"agency_name\": \"Hayward Police Department\", \"agency_type\": \"law_enforcement\","
    " \"jurisdiction\": \"california_local\", \"requester_name\": \"Det. Maria Lopez\","
    " \"requester_contact\": \"mlopez@example.gov\", \"purpose\": \"Armed robbery, suspect vehicle\","
    " \"case_number\": \"HPD-26-004411\", \"scope\": {\"plates\": [\"7ABC123\", \"8XYZ999\"],"
    " \"from\": \"2026-02-28T00:00:00Z\", \"to\": \"2026-03-01T12:00:00Z\"}}";
  g_autoptr(Response) response = api_request (f, "POST", "/sharing-requests", token, body);

  g_assert_cmpuint (response->status, ==, 201);
  return json_object_get_int_member (response->body, "id");
}

static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *records = NULL;
  g_autofree char *preview_path = NULL;
  g_autofree char *package_path = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  gint64 id;

  add_staff (f);
  records = login_token (f, RECORDS_USER, RECORDS_PASSWORD);
  add_reads (f);
  id = enter_recent (f, officer);
  preview_path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/preview", id);
  package_path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/package", id);

  /* what the scope covers, before deciding */
  {
    g_autoptr(Response) preview = api_request (f, "GET", preview_path, admin, NULL);

    g_assert_cmpuint (preview->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (preview->body, "reads"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (preview->body, "images"), ==, 1);
  }
  /* nothing leaves before approval */
  {
    g_autoptr(Response) early = api_request (f, "POST", package_path, records, "{}");

    assert_api_error (early, 409, "not_approved");
    /* the attempt itself is on file */
    g_assert_cmpint (count_records (f, "sharing.disclose", RECORDS_USER, "denied"), ==, 1);
  }
  {
    g_autoptr(Response) approved = decide (f, admin, id, "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\"}");

    g_assert_cmpuint (approved->status, ==, 200);
  }
  /* an officer does not release data */
  {
    g_autoptr(Response) as_officer = api_request (f, "POST", package_path, officer, "{}");

    assert_api_error (as_officer, 403, "forbidden");
  }
  {
    g_autoptr(Response) built = api_request (f, "POST", package_path, records, "{}");

    g_assert_cmpuint (built->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (built->body, "reads"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (built->body, "images"), ==, 1);
    g_assert_true (json_object_has_member (built->body, "manifest"));
  }

  /* the package as downloaded: every file's hash in the manifest verifies */
  {
    g_autoptr(Response) download = api_request (f, "GET", package_path, records, NULL);
    g_autofree char *zip_sha = NULL;
    GBytes *csv;
    GBytes *letter;

    g_assert_cmpuint (download->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (download->headers, NULL), ==, "application/zip");
    zip_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, download->bytes);
    g_assert_cmpstr (soup_message_headers_get_one (download->headers, "X-Sightline-SHA256"), ==, zip_sha);

    entries = unzip_stored (download->bytes);
    manifest = verified_manifest (entries);
    g_assert_cmpint (json_object_get_int_member (manifest, "request_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (manifest, "released_to"), ==, "Hayward Police Department");
    g_assert_cmpstr (json_object_get_string_member (manifest, "approved_by"), ==, ADMIN_USER);

    csv = g_hash_table_lookup (entries, "reads.csv");
    letter = g_hash_table_lookup (entries, "cover-letter.pdf");
    g_assert_nonnull (csv);
    g_assert_nonnull (letter);
    g_assert_nonnull (g_hash_table_lookup (entries, "reads.json"));
    g_assert_true (g_bytes_get_size (letter) > 5 && memcmp (g_bytes_get_data (letter, NULL), "%PDF-", 5) == 0);
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
      g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

      g_assert_cmpuint (g_strv_length (lines), ==, 5);     /* header, three reads, the empty end */
      g_assert_null (strstr (text, "5K12XYZ"));
    }
  }

  /* a disclosure in the access log, and on the request */
  {
    g_autoptr(SlAuditRecord) record = last_record (f, "sharing.disclose");
    g_autoptr(JsonObject) logged = sl_json_parse_object (record->data, -1, NULL);
    g_autofree char *path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT, id);
    g_autoptr(Response) request = api_request (f, "GET", path, records, NULL);

    g_assert_cmpstr (record->username, ==, RECORDS_USER);
    g_assert_cmpint (record->result_count, ==, 3);
    g_assert_cmpstr (record->case_number, ==, "HPD-26-004411");
    g_assert_cmpint (json_object_get_int_member (logged, "request_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (logged, "agency_name"), ==, "Hayward Police Department");
    g_assert_cmpint (count_records (f, "sharing.package.download", RECORDS_USER, "ok"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (request->body, "disclosures"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (request->body, "disclosed_reads"), ==, 3);
  }
}

static void
test_package_approval_ends (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *package_path = NULL;
  gint64 id = enter_recent (f, officer);

  package_path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT "/package", id);
  {
    g_autoptr(Response) approved = decide (f, admin, id,
                                           "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\","
                                           " \"ends\": \"2026-03-02T00:00:00Z\"}");

    g_assert_cmpuint (approved->status, ==, 200);
  }

  sl_clock_advance (f->clock, G_GINT64_CONSTANT (2) * 86400 * G_USEC_PER_SEC);
  g_free (admin);
  admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  {
    g_autoptr(Response) late = api_request (f, "POST", package_path, admin, "{}");
    g_autoptr(Response) none = api_request (f, "GET", package_path, admin, NULL);

    assert_api_error (late, 409, "approval_ended");
    assert_api_error (none, 404, "not_found");
    g_assert_cmpint (count_records (f, "sharing.disclose", ADMIN_USER, "denied"), ==, 1);
  }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM sharing_packages"), ==, 0);
}

/* A package holds at most this many reads. */
#define MAX_PACKAGE_READS 20000

/* Stores @n reads of @plate, @step_s apart from @first_us, straight to the
 * store in one transaction: a scope of tens of thousands of reads, quickly. */
static void
store_reads (Fixture    *f,
             gint64      camera_id,
             const char *plate,
             guint       n,
             gint64      first_us,
             gint64      step_s)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_full (n, (GDestroyNotify) sl_read_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      SlRead *read = sl_read_new ();

      read->plate = g_strdup (plate);
      g_free (read->region);
      read->region = g_strdup ("CA");
      read->confidence = 91;
      read->captured_us = first_us + (gint64) i * step_s * G_USEC_PER_SEC;
      read->received_us = read->captured_us;
      read->camera_id = camera_id;
      read->lat = 37.8044;
      read->lon = -122.2712;
      g_ptr_array_add (reads, read);
    }
  sl_store_add_reads (f->store, reads, NULL, &error);
  g_assert_no_error (error);
}

static void
test_package_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *records = NULL;
  g_autofree char *request_path = NULL;
  g_autofree char *preview_path = NULL;
  g_autofree char *package_path = NULL;
  g_autofree char *says = g_strdup_printf ("%d reads", MAX_PACKAGE_READS + 1);
  gint64 camera_id;
  gint64 id;

  add_staff (f);
  records = login_token (f, RECORDS_USER, RECORDS_PASSWORD);
  camera_id = add_camera (f);
  id = enter_recent (f, officer);
  request_path = g_strdup_printf ("/sharing-requests/%" G_GINT64_FORMAT, id);
  preview_path = g_strconcat (request_path, "/preview", NULL);
  package_path = g_strconcat (request_path, "/package", NULL);

  /* exactly as many reads as a package holds, every 4 s from 2026-02-28T01:00Z, inside the scope */
  store_reads (f, camera_id, "7ABC123", MAX_PACKAGE_READS, TEST_START_US - G_GINT64_CONSTANT (35) * 3600 * G_USEC_PER_SEC, 4);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM reads"), ==, MAX_PACKAGE_READS);
  {
    g_autoptr(Response) preview = api_request (f, "GET", preview_path, admin, NULL);

    g_assert_cmpuint (preview->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (preview->body, "reads"), ==, MAX_PACKAGE_READS);
  }

  /* one more of the other plate asked for, and the scope is too large */
  post_read (f, "8XYZ999", -600, FALSE);
  {
    g_autoptr(Response) preview = api_request (f, "GET", preview_path, admin, NULL);

    assert_api_error (preview, 422, "package_too_large");
    g_assert_nonnull (strstr (error_message (preview), says));
  }

  {
    g_autoptr(Response) approved = decide (f, admin, id, "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\"}");

    g_assert_cmpuint (approved->status, ==, 200);
  }
  {
    g_autoptr(Response) built = api_request (f, "POST", package_path, records, "{}");

    assert_api_error (built, 422, "package_too_large");
    g_assert_nonnull (strstr (error_message (built), says));
  }

  /* nothing was released, and no disclosure is on file */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM sharing_packages"), ==, 0);
  g_assert_cmpint (count_records (f, "sharing.disclose", NULL, "ok"), ==, 0);
  g_assert_cmpint (count_records (f, "sharing.disclose", NULL, "denied"), ==, 1);
  {
    g_autoptr(Response) request = api_request (f, "GET", request_path, records, NULL);
    g_autoptr(Response) none = api_request (f, "GET", package_path, records, NULL);

    g_assert_cmpuint (request->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (request->body, "disclosures"), ==, 0);
    assert_api_error (none, 404, "not_found");
  }
}

static void
test_register_export (Fixture       *f,
                      gconstpointer  data)
{
  static const Intake private_entity = {
    "=HYPERLINK(\\\"evil\\\") Repo, LLC", "private", "california_local", "Locate a vehicle for repossession",
  };
  g_autofree char *officer = login_token (f, OFFICER_USER, OFFICER_PASSWORD);
  g_autofree char *admin = login_token (f, ADMIN_USER, ADMIN_PASSWORD);
  g_autofree char *auditor = login_token (f, AUDITOR_USER, AUDITOR_PASSWORD);
  gint64 id = enter_for_review (f, officer);
  g_autoptr(Response) refused = enter (f, officer, &private_entity);

  {
    g_autoptr(Response) approved = decide (f, admin, id, "{\"decision\": \"approve\", \"reason\": \"Armed robbery under investigation\"}");

    g_assert_cmpuint (approved->status, ==, 200);
  }
  /* an officer does not export the register */
  {
    g_autoptr(Response) as_officer = api_request (f, "GET", "/sharing-requests/export.csv", officer, NULL);

    assert_api_error (as_officer, 403, "forbidden");
  }
  {
    g_autoptr(Response) csv = api_request (f, "GET", "/sharing-requests/export.csv", auditor, NULL);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpuint (csv->status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (csv->headers, NULL), "text/csv"));
    lines = g_strsplit (csv->text, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two requests, the empty end */
    g_assert_true (g_str_has_prefix (lines[0], "id,received_at,entered_by,agency_name"));
    /* newest first: the refusal, with its basis; then the decision and who made it */
    g_assert_nonnull (strstr (lines[1], "refused,private_entity"));
    g_assert_nonnull (strstr (lines[1], "1798.90.55"));
    g_assert_nonnull (strstr (lines[1], "\"'=HYPERLINK"));   /* defused */
    g_assert_nonnull (strstr (lines[2], "approved,law_enforcement"));
    g_assert_nonnull (strstr (lines[2], ADMIN_USER));
    g_assert_nonnull (strstr (lines[2], "Armed robbery under investigation"));
  }
  {
    g_autoptr(Response) pdf = api_request (f, "GET", "/sharing-requests/export.pdf?status=approved", auditor, NULL);

    g_assert_cmpuint (pdf->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (pdf->headers, NULL), ==, "application/pdf");
    g_assert_true (memcmp (g_bytes_get_data (pdf->bytes, NULL), "%PDF-", 5) == 0);
  }

  g_assert_cmpint (count_records (f, "sharing.register.export", AUDITOR_USER, "ok"), ==, 2);
  {
    g_autoptr(SlAuditRecord) record = last_record (f, "sharing.register.export");

    g_assert_cmpint (record->result_count, ==, 1);
    g_assert_nonnull (strstr (record->data, "\"format\":\"pdf\""));
  }
}

void
add_sharing_tests (void)
{
#define ADD(name, func) \
  g_test_add ("/service/sharing/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("intake/rules", test_intake_rules);
  ADD ("intake/fields", test_intake_fields);
  ADD ("intake/attachment", test_attachment);
  ADD ("intake/logged", test_intake_logged);
  ADD ("decision/rights", test_decision_rights);
  ADD ("decision/states", test_decision_states);
  ADD ("register", test_register);
  ADD ("register/export", test_register_export);
  ADD ("package/contents", test_package);
  ADD ("package/approval-ends", test_package_approval_ends);
  ADD ("package/too-large", test_package_too_large);

#undef ADD
}
