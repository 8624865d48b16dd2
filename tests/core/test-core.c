#define G_LOG_DOMAIN "test-core"

#include "config.h"

#include <string.h>

#include "sl-core.h"

/* Plates */

static void
assert_plate (const char *raw,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = sl_plate_normalize (raw, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (plate, ==, expected);
}

static void
assert_plate_refused (const char *raw,
                      const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = sl_plate_normalize (raw, &error);

  g_assert_null (plate);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, why));
}

static void
test_plate_normalize (void)
{
  assert_plate ("7abc123", "7ABC123");
  assert_plate (" 7-ABC 123 ", "7ABC123");
  assert_plate ("7.ABC.123", "7ABC123");
  assert_plate ("7\xe2\x80\x93" "ABC", "7ABC");             /* en dash */
  assert_plate ("\xef\xbc\x97\xef\xbc\xa1\xef\xbc\xa2", "7AB"); /* full-width ７ＡＢ */
  assert_plate ("\xd0\x90\xd0\x92\xd0\xa1" "123", "ABC123");  /* Cyrillic АВС */
  assert_plate ("\xce\x9a\xce\x9c" "9", "KM9");             /* Greek ΚΜ */
  assert_plate ("\xd0\xb0\xd0\xb2" "1", "AB1");             /* Cyrillic lower-case ав */
  assert_plate ("ABCDEFGHIJ", "ABCDEFGHIJ");
}

static void
test_plate_refused (void)
{
  assert_plate_refused ("7AB$12", "“$”");
  assert_plate_refused ("", "empty");
  assert_plate_refused (" - . ", "empty");
  assert_plate_refused ("ABCDEFGHIJK", "at most 10");
  assert_plate_refused ("7AB\xc3\xa9", "“É”");
  assert_plate_refused ("\xff\xfe", "UTF-8");
}

static void
test_region (void)
{
  g_assert_true (sl_region_is_valid (""));
  g_assert_true (sl_region_is_valid ("CA"));
  g_assert_true (sl_region_is_valid ("NV"));
  g_assert_true (sl_region_is_valid ("BC"));
  g_assert_true (sl_region_is_valid ("DC"));
  g_assert_false (sl_region_is_valid ("ca"));
  g_assert_false (sl_region_is_valid ("XX"));
  g_assert_false (sl_region_is_valid ("CAL"));
}

/* Roles */

static void
test_roles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SlRoles roles = SL_ROLE_NONE;

  g_assert_true (sl_roles_parse ("officer, supervisor", &roles, &error));
  g_assert_no_error (error);
  g_assert_cmpint (roles, ==, SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR);
  text = sl_roles_to_string (roles);
  g_assert_cmpstr (text, ==, "officer,supervisor");
  g_assert_cmpstr (sl_roles_primary (roles), ==, "supervisor");

  g_assert_false (sl_roles_parse ("officer,sheriff", &roles, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "sheriff"));
  g_clear_error (&error);

  g_assert_false (sl_roles_parse (" , ", &roles, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
}

/* Clock and time */

static void
test_clock_manual (void)
{
  g_autoptr(SlClock) clock = sl_clock_new_manual (1000);

  g_assert_cmpint (sl_clock_now_us (clock), ==, 1000);
  sl_clock_advance (clock, 30 * SL_USEC_PER_MINUTE);
  g_assert_cmpint (sl_clock_now_us (clock), ==, 1000 + 30 * SL_USEC_PER_MINUTE);
  sl_clock_set_us (clock, 5);
  g_assert_cmpint (sl_clock_now_us (clock), ==, 5);

  /* The system clock moves on its own. */
  g_assert_cmpint (sl_clock_now_us (sl_clock_get_system ()), >, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
}

static void
test_iso8601 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = sl_clock_format_iso8601 (1795333800123456);
  gint64 parsed = 0;

  g_assert_cmpstr (text, ==, "2026-11-22T07:50:00.123456Z");
  g_assert_true (sl_clock_parse_iso8601 (text, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed, ==, 1795333800123456);

  /* An offset is honoured: 09:50 at +02:00 is 07:50 UTC. */
  g_assert_true (sl_clock_parse_iso8601 ("2026-11-22T09:50:00+02:00", &parsed, &error));
  g_assert_cmpint (parsed, ==, G_GINT64_CONSTANT (1795333800) * G_USEC_PER_SEC);

  /* No zone: ambiguous across a DST change, refused. */
  g_assert_false (sl_clock_parse_iso8601 ("2026-11-01T01:30:00", &parsed, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
}

static void
test_date_parse (void)
{
  GDate date;

  g_assert_true (sl_date_parse ("2024-02-29", &date, NULL));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_false (sl_date_parse ("2025-02-29", &date, NULL));
  g_assert_false (sl_date_parse ("2025-2-01", &date, NULL));
  g_assert_false (sl_date_parse ("+025-02-01", &date, NULL));
  g_assert_false (sl_date_parse ("2025-02-01x", &date, NULL));
}

/* Policy profiles */

static char *
read_demo_profile (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR"), "data", "policies", "demo.json", NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

static SlPolicy *
load_demo_policy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = read_demo_profile ();
  SlPolicy *policy = sl_policy_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  return policy;
}

/* Loads the demo profile, lets @edit change its JSON, and parses it again. */
static SlPolicy *
load_edited_policy (void     (*edit) (JsonObject *root, gconstpointer data),
                    gconstpointer data,
                    GError   **error)
{
  g_autofree char *text = read_demo_profile ();
  g_autoptr(JsonObject) root = sl_json_parse_object (text, -1, NULL);
  g_autofree char *edited = NULL;

  edit (root, data);
  edited = sl_json_object_to_string (root);
  return sl_policy_new_from_data (edited, -1, error);
}

static void
test_policy_all_profiles (void)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR"), "data", "policies", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char * const required[] = { "demo", "oakland", "vallejo", "hayward", "san-leandro", "piedmont",
                                    "emeryville", "corning", "alameda", "alameda-county" };
  guint found = 0;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlPolicy) policy = NULL;
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      policy = sl_policy_new_from_file (path, &error);
      g_assert_no_error (error);

      id = g_strndup (name, strlen (name) - strlen (".json"));
      g_assert_cmpstr (sl_policy_get_id (policy), ==, id);
      g_assert_cmpuint (sl_policy_get_retention_days (policy, SL_DATA_CLASS_ACCESS_LOG), >=, 730);
      g_assert_nonnull (sl_policy_find_purpose (policy, "audit"));

      for (guint i = 0; i < G_N_ELEMENTS (required); i++)
        if (g_str_equal (id, required[i]))
          found++;
    }

  g_assert_cmpuint (found, ==, G_N_ELEMENTS (required));
}

static void
test_policy_demo_values (void)
{
  g_autoptr(SlPolicy) policy = load_demo_policy ();
  guint n = 0;

  g_assert_cmpstr (sl_policy_get_id (policy), ==, "demo");
  g_assert_cmpstr (sl_policy_get_version_tag (policy), ==, "demo/2026.1");
  g_assert_cmpuint (sl_policy_get_training_interval_days (policy), ==, 365);
  g_assert_cmpuint (sl_policy_get_retention_days (policy, SL_DATA_CLASS_READS), ==, 182);
  g_assert_nonnull (strstr (sl_policy_get_notice (policy), "monitored"));
  g_assert_nonnull (sl_policy_get_purposes (policy, &n));
  g_assert_cmpuint (n, >, 5);
}

static void
remove_privacy_element (JsonObject    *root,
                        gconstpointer  data)
{
  json_object_remove_member (json_object_get_object_member (root, "privacy_policy"), data);
}

static void
test_policy_requires_privacy_elements (void)
{
  const char * const elements[] = { "authorized_purposes", "authorized_users", "monitoring", "sharing",
                                     "custodian", "accuracy", "retention" };
  const char * const letters[] = { "(A)", "(B)", "(C)", "(D)", "(E)", "(F)", "(G)" };

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlPolicy) policy = load_edited_policy (remove_privacy_element, elements[i], &error);

      g_assert_null (policy);
      g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
      g_assert_nonnull (strstr (error->message, elements[i]));
      g_assert_nonnull (strstr (error->message, letters[i]));
    }
}

static void
remove_privacy_elements (JsonObject    *root,
                         gconstpointer  data)
{
  const char * const *names = data;

  for (guint i = 0; names[i] != NULL; i++)
    remove_privacy_element (root, names[i]);
}

/* Every missing element in one message, not one per attempt. */
static void
test_policy_names_all_missing_elements (void)
{
  const char * const missing[] = { "authorized_users", "accuracy", "retention", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) policy = load_edited_policy (remove_privacy_elements, missing, &error);

  g_assert_null (policy);
  g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "privacy_policy.authorized_users"));
  g_assert_nonnull (strstr (error->message, "privacy_policy.accuracy"));
  g_assert_nonnull (strstr (error->message, "privacy_policy.retention"));
  g_assert_nonnull (strstr (error->message, "(B)"));
  g_assert_nonnull (strstr (error->message, "(F)"));
  g_assert_nonnull (strstr (error->message, "(G)"));
  g_assert_null (strstr (error->message, "privacy_policy.monitoring"));
}

static void
add_immigration_purpose (JsonObject    *root,
                         gconstpointer  data)
{
  JsonObject *purpose = json_object_new ();

  json_object_set_string_member (purpose, "code", data);
  json_object_set_string_member (purpose, "label", "Assist federal partners");
  json_array_add_object_element (json_object_get_array_member (root, "purposes"), purpose);
}

static void
test_policy_refuses_immigration (void)
{
  const char * const codes[] = { "immigration_enforcement", "ice_assist", "deportation" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlPolicy) policy = load_edited_policy (add_immigration_purpose, codes[i], &error);

      g_assert_null (policy);
      g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
      g_assert_nonnull (strstr (error->message, "California Values Act"));
    }
}

static void
shorten_access_log (JsonObject    *root,
                    gconstpointer  data)
{
  json_object_set_int_member (json_object_get_object_member (root, "retention_days"), "access_log", 365);
}

static void
allow_private_sharing (JsonObject    *root,
                       gconstpointer  data)
{
  JsonObject *sharing = json_object_get_object_member (root, "sharing");

  json_array_add_string_element (json_object_get_array_member (sharing, "allowed_agency_types"), "private");
}

static void
test_policy_refuses_unlawful_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) short_log = load_edited_policy (shorten_access_log, NULL, &error);
  g_autoptr(SlPolicy) private_sharing = NULL;

  g_assert_null (short_log);
  g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "two years"));
  g_clear_error (&error);

  private_sharing = load_edited_policy (allow_private_sharing, NULL, &error);
  g_assert_null (private_sharing);
  g_assert_error (error, SL_ERROR, SL_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "1798.90.55"));
}

static void
test_policy_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) policy = sl_policy_new_from_data ("{\"id\": 5}", -1, &error);

  g_assert_null (policy);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“id” must be a string"));
  g_clear_error (&error);

  g_assert_null (sl_policy_new_from_data ("[1, 2", -1, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
}

static void
test_case_number (void)
{
  g_autoptr(SlPolicy) policy = load_demo_policy ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_policy_check_case_number (policy, "26-012345", &error));
  g_assert_no_error (error);

  g_assert_false (sl_policy_check_case_number (policy, "", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_REQUIRED);
  g_assert_cmpstr (sl_error_get_code (error), ==, "case_number_required");
  g_clear_error (&error);

  g_assert_false (sl_policy_check_case_number (policy, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_REQUIRED);
  g_clear_error (&error);

  /* Anchored at both ends: a valid number with extra text is refused. */
  g_assert_false (sl_policy_check_case_number (policy, "26-0123456", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_FORMAT);
  g_assert_nonnull (strstr (error->message, "26-012345"));
  g_clear_error (&error);

  g_assert_false (sl_policy_check_case_number (policy, "x26-012345", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_FORMAT);
}

static void
test_purpose (void)
{
  g_autoptr(SlPolicy) policy = load_demo_policy ();
  const char * const generic[] = { "investigation", "Test", "official business", "  ", "n/a", "see case" };
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_policy_check_purpose (policy, "stolen_vehicle",
                                          "Grey Civic taken at gunpoint on 14th St", &error));
  g_assert_no_error (error);

  g_assert_false (sl_policy_check_purpose (policy, "", "Grey Civic taken at gunpoint", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_REQUIRED);
  g_clear_error (&error);

  g_assert_false (sl_policy_check_purpose (policy, "civil_administrative_action", "Unpaid parking citations", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED);
  g_clear_error (&error);

  g_assert_false (sl_policy_check_purpose (policy, "criminal_investigation",
                                           "Locate subject for immigration enforcement", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Immigration"));
  g_clear_error (&error);

  g_assert_false (sl_policy_check_purpose (policy, "criminal_investigation", "ICE request", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (generic); i++)
    {
      g_assert_false (sl_policy_check_purpose (policy, "criminal_investigation", generic[i], &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_TOO_GENERIC);
      g_assert_cmpstr (sl_error_get_code (error), ==, "purpose_too_generic");
      g_clear_error (&error);
    }

  g_assert_false (sl_policy_check_purpose (policy, "criminal_investigation", "Criminal investigation.", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_PURPOSE_TOO_GENERIC);
  g_clear_error (&error);

  /* Words that merely contain a forbidden term are fine. */
  g_assert_false (sl_purpose_is_forbidden ("Stolen vehicle from the police station"));
  g_assert_false (sl_purpose_is_forbidden ("Armed robbery at the Alice St market"));
  g_assert_true (sl_purpose_is_forbidden ("Pending removal proceedings"));
}

/* TOTP, RFC 6238 appendix B */

static void
test_totp_rfc6238 (void)
{
  const guint8 *key20 = (const guint8 *) "12345678901234567890";
  const guint8 *key32 = (const guint8 *) "12345678901234567890123456789012";
  const guint8 *key64 = (const guint8 *) "1234567890123456789012345678901234567890123456789012345678901234";
  const struct {
    gint64  time;
    guint32 sha1, sha256, sha512;
  } vectors[] = {
    { 59,          94287082, 46119246, 90693936 },
    { 1111111109,   7081804, 68084774, 25091201 },
    { 1111111111,  14050471, 67062674, 99943326 },
    { 1234567890,  89005924, 91819424, 93441116 },
    { 2000000000,  69279037, 90698825, 38618901 },
    { 20000000000, 65353130, 77737706, 47863826 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_assert_cmpuint (sl_totp_code (key20, 20, G_CHECKSUM_SHA1, vectors[i].time, 30, 8), ==, vectors[i].sha1);
      g_assert_cmpuint (sl_totp_code (key32, 32, G_CHECKSUM_SHA256, vectors[i].time, 30, 8), ==, vectors[i].sha256);
      g_assert_cmpuint (sl_totp_code (key64, 64, G_CHECKSUM_SHA512, vectors[i].time, 30, 8), ==, vectors[i].sha512);
    }
}

static void
test_totp_verify (void)
{
  g_autofree char *secret = sl_base32_encode ((const guint8 *) "12345678901234567890", 20);
  gint64 now = 1111111111;
  gint64 step = 0;
  char code[16];

  g_snprintf (code, sizeof code, "%06u",
              sl_totp_code ((const guint8 *) "12345678901234567890", 20, G_CHECKSUM_SHA1, now, 30, 6));

  g_assert_true (sl_totp_verify (secret, code, now, G_MININT64, &step));
  g_assert_cmpint (step, ==, now / 30);
  /* One step of drift either way is accepted, two are not. */
  g_assert_true (sl_totp_verify (secret, code, now + 30, G_MININT64, NULL));
  g_assert_false (sl_totp_verify (secret, code, now + 90, G_MININT64, NULL));
  /* A code is good once. */
  g_assert_false (sl_totp_verify (secret, code, now, step, NULL));
  g_assert_false (sl_totp_verify (secret, "12345", now, G_MININT64, NULL));
  g_assert_false (sl_totp_verify (secret, "abcdef", now, G_MININT64, NULL));
}

static void
test_base32 (void)
{
  const struct { const char *plain, *encoded; } vectors[] = {
    { "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
    { "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = sl_totp_generate_secret ();
  gsize length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *encoded = sl_base32_encode ((const guint8 *) vectors[i].plain, strlen (vectors[i].plain));
      g_autofree guint8 *decoded = sl_base32_decode (vectors[i].encoded, &length, &error);

      g_assert_cmpstr (encoded, ==, vectors[i].encoded);
      g_assert_no_error (error);
      g_assert_cmpmem (decoded, length, vectors[i].plain, strlen (vectors[i].plain));
    }

  g_assert_cmpuint (strlen (secret), ==, 32);
  g_assert_null (sl_base32_decode ("MZ1W", &length, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
}

/* Access-log records */

static SlAuditRecord *
sample_record (void)
{
  SlAuditRecord *record = sl_audit_record_new ("search.plate", "ok");

  record->seq = 7;
  record->time_us = 1795333800000000;
  record->username = g_strdup ("jdoe");
  record->plate = g_strdup ("7ABC123");
  record->case_number = g_strdup ("26-012345");
  record->result_count = 3;
  record->prev_hash = g_strdup (SL_AUDIT_GENESIS_HASH);
  return record;
}

static void
test_audit_hash (void)
{
  g_autoptr(SlAuditRecord) record = sample_record ();
  g_autoptr(SlAuditRecord) copy = sl_audit_record_copy (record);
  g_autofree char *hash = sl_audit_record_compute_hash (record);
  g_autofree char *same = sl_audit_record_compute_hash (copy);
  char *changed;

  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_cmpstr (hash, ==, same);

  /* Any change to any field changes the hash. */
  copy->result_count = 4;
  changed = sl_audit_record_compute_hash (copy);
  g_assert_cmpstr (changed, !=, hash);
  g_free (changed);

  copy->result_count = 3;
  g_free (copy->case_number);
  copy->case_number = g_strdup ("26-012346");
  changed = sl_audit_record_compute_hash (copy);
  g_assert_cmpstr (changed, !=, hash);
  g_free (changed);

  /* An empty field is not a missing one, and text cannot shift between fields. */
  g_free (copy->case_number);
  copy->case_number = g_strdup ("26-012345");
  g_free (copy->purpose_note);
  copy->purpose_note = g_strdup ("");
  changed = sl_audit_record_compute_hash (copy);
  g_assert_cmpstr (changed, !=, hash);
  g_free (changed);
}

static void
test_audit_json (void)
{
  g_autoptr(SlAuditRecord) record = sample_record ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  record->data = g_strdup ("{\"filters\":{\"tolerance\":1}}");
  node = sl_audit_record_to_json (record);
  object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object, "time"), ==, "2026-11-22T07:50:00.000000Z");
  g_assert_cmpstr (json_object_get_string_member (object, "plate"), ==, "7ABC123");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data")));
  g_assert_true (json_object_get_null_member (object, "purpose_code"));
}

/* Users */

static void
test_training_status (void)
{
  g_autoptr(SlUser) user = sl_user_new ();
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 11, 22, 12, 0, 0);
  gint64 now = g_date_time_to_unix (day) * G_USEC_PER_SEC;
  GDate expires;

  g_assert_cmpint (sl_user_training_status (user, 365, now, NULL), ==, SL_TRAINING_MISSING);

  user->trained_on = g_strdup ("2025-11-22");
  g_assert_cmpint (sl_user_training_status (user, 365, now, &expires), ==, SL_TRAINING_CURRENT);
  g_assert_cmpint (g_date_get_year (&expires), ==, 2026);
  g_assert_cmpint (g_date_get_day (&expires), ==, 22);

  g_free (user->trained_on);
  user->trained_on = g_strdup ("2025-11-21");
  g_assert_cmpint (sl_user_training_status (user, 365, now, NULL), ==, SL_TRAINING_EXPIRED);
  g_assert_cmpstr (sl_training_status_to_string (SL_TRAINING_EXPIRED), ==, "expired");
}

static void
test_user_public_json (void)
{
  g_autoptr(SlUser) user = sl_user_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  user->username = g_strdup ("jdoe");
  user->full_name = g_strdup ("Jane Doe");
  user->roles = SL_ROLE_OFFICER | SL_ROLE_SUPERVISOR;
  user->password_hash = g_strdup ("$argon2id$v=19$secret");
  user->totp_secret = g_strdup ("MZXW6YTBOI");

  node = sl_user_to_public_json (user);
  text = sl_json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"roles\":[\"officer\",\"supervisor\"]"));
  g_assert_null (strstr (text, "argon2"));
  g_assert_null (strstr (text, "MZXW6YTBOI"));
}

static void
test_username (void)
{
  g_assert_true (sl_username_is_valid ("j.doe-2", NULL));
  g_assert_false (sl_username_is_valid ("", NULL));
  g_assert_false (sl_username_is_valid ("JDoe", NULL));
  g_assert_false (sl_username_is_valid ("2doe", NULL));
  g_assert_false (sl_username_is_valid ("j doe", NULL));
}

/* JSON input */

static void
test_json_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = sl_json_parse_object ("{\"name\": 5, \"ok\": \"yes\", \"n\": 3}", -1, &error);
  const char *name = NULL;
  gboolean ok = FALSE;
  gint64 n = 0;

  g_assert_no_error (error);
  g_assert_false (sl_json_get_string (object, "name", TRUE, &name, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“name” must be a string");
  g_clear_error (&error);

  g_assert_false (sl_json_get_boolean (object, "ok", TRUE, &ok, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sl_json_get_string (object, "missing", TRUE, &name, &error));
  g_assert_cmpstr (error->message, ==, "“missing” is required");
  g_clear_error (&error);

  g_assert_true (sl_json_get_string (object, "missing", FALSE, &name, &error));
  g_assert_null (name);
  g_assert_true (sl_json_get_int (object, "n", TRUE, &n, &error));
  g_assert_cmpint (n, ==, 3);
}

static void
test_json_not_object (void)
{
  const char * const bad[] = { "[]", "\"text\"", "{", "", "{\"a\":1}garbage" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = sl_json_parse_object (bad[i], -1, &error);

      g_assert_null (object);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
    }
}

/* Sharing requests */

static void
test_sharing_immigration_words (void)
{
  const char * const refused[] = {
    "U.S. Immigration and Customs Enforcement", "ICE ERO San Francisco", "cbp", "HSI Oakland",
    "Locate for deportation", "Subject in removal proceedings", "Border Patrol liaison", "USCIS referral",
    "Undocumented subject", "Task force (ICE)", "Locate an illegal alien",
  };
  const char * const allowed[] = {
    "Oakland Police Department", "California Department of Justice", "Office of the District Attorney",
    "Police Services Division", "Armed robbery, suspect vehicle", "The salient facts of a carjacking", NULL, "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i]);
      g_assert_true (sl_sharing_mentions_immigration (refused[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    g_assert_false (sl_sharing_mentions_immigration (allowed[i]));
}

static void
test_sharing_rules_order (void)
{
  g_autoptr(SlSharingRequest) request = g_new0 (SlSharingRequest, 1);
  const SlSharingRule *rule;

  /* private and federal both apply: the first in order decides, and the
   * checks stop there */
  request->agency_name = g_strdup ("Federal Repo Contractors Inc.");
  request->purpose = g_strdup ("Vehicle recovery");
  request->agency_type = SL_AGENCY_PRIVATE;
  request->jurisdiction = SL_JURISDICTION_FEDERAL;
  rule = sl_sharing_apply_rules (request);
  g_assert_cmpstr (rule->code, ==, "private_entity");
  g_assert_cmpint (request->status, ==, SL_SHARING_REFUSED);
  g_assert_nonnull (strstr (request->rule_basis, "1798.90.55"));
  g_assert_cmpstr (request->checks, ==, "[{\"code\":\"private_entity\",\"applies\":true,\"outcome\":\"refused\","
                   "\"reason\":\"ALPR data may not be sold, shared or transferred to a private entity\","
                   "\"basis\":\"California Civil Code 1798.90.55(b)\"}]");

  /* applied again after a correction, the result follows the request */
  request->agency_type = SL_AGENCY_PROSECUTORIAL;
  request->jurisdiction = SL_JURISDICTION_CALIFORNIA_STATE;
  rule = sl_sharing_apply_rules (request);
  g_assert_cmpstr (rule->code, ==, "law_enforcement");
  g_assert_cmpint (request->status, ==, SL_SHARING_UNDER_REVIEW);
  g_assert_cmpstr (sl_sharing_status_to_string (request->status), ==, "under_review");
}

static void
test_sharing_names (void)
{
  SlAgencyType type;
  SlJurisdiction jurisdiction;
  SlSharingStatus status;

  g_assert_true (sl_agency_type_from_string ("other_public", &type));
  g_assert_cmpint (type, ==, SL_AGENCY_OTHER_PUBLIC);
  g_assert_false (sl_agency_type_from_string ("Private", &type));
  g_assert_true (sl_jurisdiction_from_string ("california_local", &jurisdiction));
  g_assert_cmpstr (sl_jurisdiction_to_string (jurisdiction), ==, "california_local");
  g_assert_false (sl_jurisdiction_from_string (NULL, &jurisdiction));
  for (int i = 0; i < SL_SHARING_N_STATUSES; i++)
    {
      g_assert_true (sl_sharing_status_from_string (sl_sharing_status_to_string (i), &status));
      g_assert_cmpint (status, ==, i);
    }
}

/* Leads */

static void
test_leads_cloned (void)
{
  /* Oakland, Berkeley half an hour later, Los Angeles an hour after that,
   * and a camera's jitter at one moment */
  const SlLeadRead reads[] = {
    { 1, 0, 37.8044, -122.2712, NULL, NULL, 90 },
    { 2, G_GINT64_CONSTANT (1800) * G_USEC_PER_SEC, 37.8715, -122.2730, NULL, NULL, 90 },
    { 3, G_GINT64_CONSTANT (5400) * G_USEC_PER_SEC, 34.0522, -118.2437, NULL, NULL, 90 },
    { 4, G_GINT64_CONSTANT (5400) * G_USEC_PER_SEC, 34.0530, -118.2440, NULL, NULL, 90 },
  };
  g_autoptr(GPtrArray) leads = sl_leads_find (reads, G_N_ELEMENTS (reads), 200);
  const SlLead *lead;

  g_assert_cmpuint (leads->len, ==, 1);
  lead = leads->pdata[0];
  g_assert_cmpint (lead->kind, ==, SL_LEAD_CLONED);
  g_assert_cmpint (lead->read_id, ==, 3);
  g_assert_cmpint (lead->other_read_id, ==, 2);
  g_assert_cmpfloat_with_epsilon (lead->distance_km, 558, 5);
  g_assert_cmpfloat_with_epsilon (lead->speed_kmh, 558, 5);

  /* an agency that sets its threshold higher sees none */
  g_clear_pointer (&leads, g_ptr_array_unref);
  leads = sl_leads_find (reads, G_N_ELEMENTS (reads), 600);
  g_assert_cmpuint (leads->len, ==, 0);
}

static void
test_leads_switched (void)
{
  const SlLeadRead reads[] = {
    { 1, 0, 37.80, -122.27, "Honda", "Silver", 90 },
    { 2, G_GINT64_CONSTANT (600) * G_USEC_PER_SEC, 37.80, -122.27, "Honda", "silver", 88 },
    { 3, G_GINT64_CONSTANT (1200) * G_USEC_PER_SEC, 37.80, -122.27, "Toyota", "Blue", 92 },
    { 4, G_GINT64_CONSTANT (1800) * G_USEC_PER_SEC, 37.80, -122.27, "Ford", "White", 40 },    /* not sure enough */
    { 5, G_GINT64_CONSTANT (2400) * G_USEC_PER_SEC, 37.80, -122.27, "Honda", "Silver", 95 },
  };
  g_autoptr(GPtrArray) leads = sl_leads_find (reads, G_N_ELEMENTS (reads), 200);
  const SlLead *lead;

  g_assert_cmpuint (leads->len, ==, 1);
  lead = leads->pdata[0];
  g_assert_cmpint (lead->kind, ==, SL_LEAD_SWITCHED);
  g_assert_cmpint (lead->read_id, ==, 3);
  g_assert_cmpstr (lead->usual, ==, "silver honda");
  g_assert_cmpstr (lead->seen, ==, "blue toyota");

  /* one other read is not a usual vehicle */
  g_clear_pointer (&leads, g_ptr_array_unref);
  leads = sl_leads_find (reads + 1, 2, 200);
  g_assert_cmpuint (leads->len, ==, 0);
}

/* Anomalies in the searches */

static SlAuditRecord *
search_record (gint64      seq,
               const char *username,
               const char *when,
               const char *plate,
               gint64      results,
               const char *case_number,
               const char *note)
{
  SlAuditRecord *record = sl_audit_record_new ("search.plate", "ok");
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (when, NULL);

  record->seq = seq;
  record->time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  record->username = g_strdup (username);
  record->plate = g_strdup (plate);
  record->result_count = results;
  record->case_number = g_strdup (case_number);
  record->purpose_note = g_strdup (note);
  return record;
}

static const SlAnomaly *
find_anomaly (GPtrArray  *anomalies,
              const char *kind,
              const char *username)
{
  for (guint i = 0; i < anomalies->len; i++)
    {
      const SlAnomaly *anomaly = anomalies->pdata[i];

      if (g_str_equal (anomaly->kind, kind) && g_strcmp0 (anomaly->username, username) == 0)
        return anomaly;
    }
  return NULL;
}

static void
test_anomalies (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_audit_record_free);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GPtrArray) anomalies = NULL;
  const SlAnomaly *anomaly;
  gint64 seq = 1;

  /* olga: office hours over twenty days, one or two searches a day */
  for (int day = 1; day <= 20; day++)
    {
      g_autofree char *when = g_strdup_printf ("2026-02-%02dT1%d:00:00Z", day, day % 7);

      g_ptr_array_add (records, search_record (seq++, "olga", when, "7ABC123", 2, "26-000001",
                                               "Stolen Honda seen leaving the garage"));
    }
  /* two searches at three in the morning, and one day of twelve */
  g_ptr_array_add (records, search_record (seq++, "olga", "2026-02-21T03:00:00Z", "7ABC124", 1, "26-000001",
                                           "Stolen Honda seen leaving the garage"));
  g_ptr_array_add (records, search_record (seq++, "olga", "2026-02-22T04:30:00Z", "7ABC125", 1, "26-000001",
                                           "Stolen Honda seen leaving the garage"));
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-02-23T1%d:%02d:00Z", i % 6, i * 4);
      g_autofree char *plate = g_strdup_printf ("8XYZ%03d", i);

      g_ptr_array_add (records, search_record (seq++, "olga", when, plate, 1, "26-000001",
                                               "Stolen Honda seen leaving the garage"));
    }
  /* sam: a plate again and again, never found, at night; his note matches another case's */
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-02-1%dT23:00:00Z", i);

      g_ptr_array_add (records, search_record (seq++, "sam", when, "6FISH01", 0, "26-000777",
                                               "stolen honda seen leaving the garage "));
    }
  /* a refused search is no search */
  g_ptr_array_add (records, sl_audit_record_new ("search.plate", "denied"));

  anomalies = sl_anomalies_find (records, utc);

  anomaly = find_anomaly (anomalies, "off_hours", "olga");
  g_assert_nonnull (anomaly);
  g_assert_cmpint (anomaly->count, ==, 2);
  anomaly = find_anomaly (anomalies, "off_hours", "sam");
  g_assert_nonnull (anomaly);
  g_assert_cmpint (anomaly->count, ==, 4);
  anomaly = find_anomaly (anomalies, "volume", "olga");
  g_assert_nonnull (anomaly);
  g_assert_cmpstr (anomaly->subject, ==, "2026-02-23");
  g_assert_cmpint (anomaly->count, ==, 12);
  g_assert_null (find_anomaly (anomalies, "volume", "sam"));
  anomaly = find_anomaly (anomalies, "repeated_plate", "sam");
  g_assert_nonnull (anomaly);
  g_assert_cmpstr (anomaly->subject, ==, "6FISH01");
  g_assert_null (find_anomaly (anomalies, "repeated_plate", "olga"));
  anomaly = find_anomaly (anomalies, "reused_note", NULL);
  g_assert_nonnull (anomaly);
  g_assert_cmpint (anomaly->count, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plate/normalize", test_plate_normalize);
  g_test_add_func ("/plate/refused", test_plate_refused);
  g_test_add_func ("/plate/region", test_region);
  g_test_add_func ("/roles/parse", test_roles);
  g_test_add_func ("/clock/manual", test_clock_manual);
  g_test_add_func ("/clock/iso8601", test_iso8601);
  g_test_add_func ("/clock/date", test_date_parse);
  g_test_add_func ("/policy/all-profiles", test_policy_all_profiles);
  g_test_add_func ("/policy/demo-values", test_policy_demo_values);
  g_test_add_func ("/policy/privacy-elements", test_policy_requires_privacy_elements);
  g_test_add_func ("/policy/privacy-elements-all-named", test_policy_names_all_missing_elements);
  g_test_add_func ("/policy/no-immigration", test_policy_refuses_immigration);
  g_test_add_func ("/policy/unlawful-settings", test_policy_refuses_unlawful_settings);
  g_test_add_func ("/policy/malformed", test_policy_malformed);
  g_test_add_func ("/policy/case-number", test_case_number);
  g_test_add_func ("/policy/purpose", test_purpose);
  g_test_add_func ("/totp/rfc6238", test_totp_rfc6238);
  g_test_add_func ("/totp/verify", test_totp_verify);
  g_test_add_func ("/totp/base32", test_base32);
  g_test_add_func ("/audit/hash", test_audit_hash);
  g_test_add_func ("/audit/json", test_audit_json);
  g_test_add_func ("/user/training", test_training_status);
  g_test_add_func ("/user/public-json", test_user_public_json);
  g_test_add_func ("/user/username", test_username);
  g_test_add_func ("/json/types", test_json_types);
  g_test_add_func ("/json/not-object", test_json_not_object);
  g_test_add_func ("/sharing/immigration-words", test_sharing_immigration_words);
  g_test_add_func ("/sharing/rules-order", test_sharing_rules_order);
  g_test_add_func ("/sharing/names", test_sharing_names);
  g_test_add_func ("/leads/cloned", test_leads_cloned);
  g_test_add_func ("/leads/switched", test_leads_switched);
  g_test_add_func ("/anomalies/searches", test_anomalies);

  return g_test_run ();
}
