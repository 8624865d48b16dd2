#define G_LOG_DOMAIN "sl-policy"

#include "config.h"

#include <string.h>

#include "sl-error.h"
#include "sl-json.h"
#include "sl-policy.h"

struct _SlPolicy
{
  gatomicrefcount  ref_count;

  char            *json;
  char            *id;
  char            *agency;
  char            *ori;
  char            *version;
  char            *version_tag;
  char            *notice;
  char            *administrator_title;
  char            *custodian_title;
  char            *case_number_pattern;
  char            *case_number_example;
  GRegex          *case_number_regex;
  SlPurpose       *purposes;
  guint            n_purposes;
  SlHotlistReason *hotlist_reasons;
  guint            n_hotlist_reasons;
  guint            training_interval_days;
  guint            audit_cadence_days;
  guint            audit_sample_size;
  guint            hotlist_max_days;
  guint            clone_speed_kmh;
  guint            retention_days[SL_DATA_CLASS_LAST];
  gboolean         mfa_required;
};

G_DEFINE_BOXED_TYPE (SlPolicy, sl_policy, sl_policy_ref, sl_policy_unref)

static const char * const data_class_names[SL_DATA_CLASS_LAST] = {
  [SL_DATA_CLASS_READS]           = "reads",
  [SL_DATA_CLASS_HITS]            = "hits",
  [SL_DATA_CLASS_IMAGES]          = "images",
  [SL_DATA_CLASS_ALERTS]          = "alerts",
  [SL_DATA_CLASS_HOTLIST_ENTRIES] = "hotlist_entries",
  [SL_DATA_CLASS_ACCESS_LOG]      = "access_log",
  [SL_DATA_CLASS_SHARING_RECORDS] = "sharing_records",
};

/* Civil Code 1798.90.51(b)(2)(A)–(G). */
static const struct {
  const char *member;
  const char *element;
} privacy_elements[] = {
  { "authorized_purposes", "(A) the authorized purposes for using the ALPR system and collecting ALPR information" },
  { "authorized_users",    "(B) who may use or access the system or collect ALPR information, and their training" },
  { "monitoring",          "(C) how the system is monitored for security and compliance with privacy laws" },
  { "sharing",             "(D) the purposes of, process for and restrictions on sharing or transfer" },
  { "custodian",           "(E) the title of the official custodian or owner of the system" },
  { "accuracy",            "(F) the measures that ensure the accuracy of the information and correct errors" },
  { "retention",           "(G) how long information is kept and how it is decided to destroy it" },
};

/* Notes that name no actual reason for a search. */
static const char * const generic_notes[] = {
  "investigation", "investigations", "test", "testing", "official business", "police business",
  "law enforcement", "law enforcement purpose", "law enforcement purposes", "n/a", "na", "none",
  "case", "search", "lookup", "look up", "follow up", "followup", "work", "crime",
  "ongoing investigation", "criminal investigation", "active investigation", "routine check",
  "check", "query", "info", "information", "same", "see case", "see report", "as above",
};

#define MIN_NOTE_LENGTH 10

/* The reason categories of hot-list entries when a profile names none (issue 5). */
static const SlPurpose default_hotlist_reasons[] = {
  { (char *) "stolen_vehicle",   (char *) "Stolen vehicle" },
  { (char *) "stolen_plate",     (char *) "Stolen plate" },
  { (char *) "felony_vehicle",   (char *) "Felony vehicle" },
  { (char *) "wanted_person",    (char *) "Wanted person" },
  { (char *) "missing_person",   (char *) "Missing person" },
  { (char *) "amber_alert",      (char *) "AMBER Alert" },
  { (char *) "silver_alert",     (char *) "Silver Alert" },
  { (char *) "blue_alert",       (char *) "Blue Alert" },
  { (char *) "yellow_alert",     (char *) "Yellow Alert" },
  { (char *) "feather_alert",    (char *) "Feather Alert" },
  { (char *) "bolo",             (char *) "BOLO (be on the lookout)" },
  { (char *) "protective_order", (char *) "Protective order" },
  { (char *) "other",            (char *) "Other" },
};

static void
free_code_labels (SlPurpose *items,
                  guint      n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      g_free (items[i].code);
      g_free (items[i].label);
    }
  g_free (items);
}

static void
sl_policy_free (SlPolicy *self)
{
  free_code_labels (self->purposes, self->n_purposes);
  free_code_labels (self->hotlist_reasons, self->n_hotlist_reasons);
  g_clear_pointer (&self->case_number_regex, g_regex_unref);
  g_free (self->json);
  g_free (self->id);
  g_free (self->agency);
  g_free (self->ori);
  g_free (self->version);
  g_free (self->version_tag);
  g_free (self->notice);
  g_free (self->administrator_title);
  g_free (self->custodian_title);
  g_free (self->case_number_pattern);
  g_free (self->case_number_example);
  g_free (self);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
dup_required_string (JsonObject  *object,
                     const char  *member,
                     char       **out,
                     GError     **error)
{
  const char *value = NULL;

  if (!sl_json_get_string (object, member, TRUE, &value, error))
    return FALSE;

  if (is_blank (value))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%s” must not be empty", member);
      return FALSE;
    }

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_days (JsonObject  *object,
          const char  *member,
          gint64       min,
          gint64       max,
          guint       *out,
          GError     **error)
{
  gint64 value = 0;

  if (!sl_json_get_int (object, member, TRUE, &value, error))
    return FALSE;

  if (value < min || value > max)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "“%s” is %" G_GINT64_FORMAT "; it must be between %" G_GINT64_FORMAT
                   " and %" G_GINT64_FORMAT, member, value, min, max);
      return FALSE;
    }

  *out = (guint) value;
  return TRUE;
}

static gboolean
is_code (const char *code)
{
  if (code == NULL || !g_ascii_islower (*code))
    return FALSE;
  for (; *code != '\0'; code++)
    if (!g_ascii_islower (*code) && !g_ascii_isdigit (*code) && *code != '_')
      return FALSE;
  return TRUE;
}

/* @what names one item in messages ("Purpose", "Hot-list reason"). */
static gboolean
parse_code_labels (JsonArray   *array,
                   const char  *what,
                   SlPurpose  **out,
                   guint       *n_out,
                   GError     **error)
{
  guint n = json_array_get_length (array);

  *n_out = n;
  *out = g_new0 (SlPurpose, n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *code = NULL;
      const char *label = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "%s %u must be an object with “code” and “label”", what, i + 1);
          return FALSE;
        }

      object = json_node_get_object (node);
      if (!sl_json_get_string (object, "code", TRUE, &code, error) ||
          !sl_json_get_string (object, "label", TRUE, &label, error))
        return FALSE;

      if (!is_code (code))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "%s code “%s” must be lower case letters, digits and underscores", what, code);
          return FALSE;
        }

      if (sl_purpose_is_forbidden (code) || sl_purpose_is_forbidden (label))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                       "%s “%s” points to immigration enforcement, which California law "
                       "(the California Values Act) never authorizes", what, label);
          return FALSE;
        }

      for (guint j = 0; j < i; j++)
        if (g_str_equal ((*out)[j].code, code))
          {
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "%s code “%s” is listed twice", what, code);
            return FALSE;
          }

      (*out)[i].code = g_strdup (code);
      (*out)[i].label = g_strdup (label);
    }

  return TRUE;
}

static gboolean
parse_purposes (SlPolicy    *self,
                JsonObject  *root,
                GError     **error)
{
  JsonArray *array = NULL;

  if (!sl_json_get_array (root, "purposes", TRUE, &array, error))
    return FALSE;

  if (json_array_get_length (array) == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE, "The profile authorizes no purposes");
      return FALSE;
    }

  return parse_code_labels (array, "Purpose", &self->purposes, &self->n_purposes, error);
}

static gboolean
parse_hotlist_reasons (SlPolicy    *self,
                       JsonObject  *root,
                       GError     **error)
{
  JsonArray *array = NULL;

  if (!sl_json_get_array (root, "hotlist_reasons", FALSE, &array, error))
    return FALSE;

  if (array == NULL)
    {
      self->n_hotlist_reasons = G_N_ELEMENTS (default_hotlist_reasons);
      self->hotlist_reasons = g_new0 (SlPurpose, self->n_hotlist_reasons);
      for (guint i = 0; i < self->n_hotlist_reasons; i++)
        {
          self->hotlist_reasons[i].code = g_strdup (default_hotlist_reasons[i].code);
          self->hotlist_reasons[i].label = g_strdup (default_hotlist_reasons[i].label);
        }
      return TRUE;
    }

  if (json_array_get_length (array) == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                           "“hotlist_reasons” is empty: hot-list entries need at least one reason");
      return FALSE;
    }

  return parse_code_labels (array, "Hot-list reason", &self->hotlist_reasons, &self->n_hotlist_reasons, error);
}

static gboolean
parse_case_number (SlPolicy    *self,
                   JsonObject  *root,
                   GError     **error)
{
  g_autoptr(GError) regex_error = NULL;
  JsonObject *object = NULL;

  if (!sl_json_get_object (root, "case_number", TRUE, &object, error) ||
      !dup_required_string (object, "pattern", &self->case_number_pattern, error) ||
      !dup_required_string (object, "example", &self->case_number_example, error))
    return FALSE;

  self->case_number_regex = g_regex_new (self->case_number_pattern, G_REGEX_ANCHORED | G_REGEX_DOLLAR_ENDONLY,
                                         0, &regex_error);
  if (self->case_number_regex == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The case-number pattern is not a valid regular expression: %s", regex_error->message);
      return FALSE;
    }

  if (!sl_policy_check_case_number (self, self->case_number_example, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The case-number example “%s” does not match the pattern “%s”",
                   self->case_number_example, self->case_number_pattern);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_sharing (JsonObject  *root,
               GError     **error)
{
  static const char * const unlawful[] = { "private", "other_state", "federal" };
  static const char * const lists[] = { "allowed_agency_types", "allowed_jurisdictions" };
  JsonObject *sharing = NULL;
  const char *approver = NULL;

  if (!sl_json_get_object (root, "sharing", TRUE, &sharing, error) ||
      !sl_json_get_string (sharing, "approver_title", TRUE, &approver, error))
    return FALSE;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *array = NULL;

      if (!sl_json_get_array (sharing, lists[l], TRUE, &array, error))
        return FALSE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *value = json_array_get_string_element (array, i);

          for (guint u = 0; value != NULL && u < G_N_ELEMENTS (unlawful); u++)
            if (g_str_equal (value, unlawful[u]))
              {
                g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                             "Sharing with “%s” agencies is not allowed under California law "
                             "(Civil Code 1798.90.55, Attorney General bulletin 2023-DLE-06)", value);
                return FALSE;
              }
        }
    }

  return TRUE;
}

static gboolean
parse_privacy_policy (JsonObject  *root,
                      GError     **error)
{
  JsonObject *privacy = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  if (!sl_json_get_object (root, "privacy_policy", FALSE, &privacy, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (privacy_elements); i++)
    {
      const char *text = NULL;
      JsonNode *node = privacy != NULL ? json_object_get_member (privacy, privacy_elements[i].member) : NULL;

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = json_node_get_string (node);

      if (is_blank (text))
        {
          g_string_append_printf (missing, "%s%s (“privacy_policy.%s”)", n_missing > 0 ? "; " : "",
                                  privacy_elements[i].element, privacy_elements[i].member);
          n_missing++;
        }
    }

  if (n_missing == 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "The usage and privacy policy lacks element %s, which Civil Code 1798.90.51 requires",
                   missing->str);
      return FALSE;
    }
  if (n_missing > 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE,
                   "The usage and privacy policy lacks %u elements that Civil Code 1798.90.51 requires: %s",
                   n_missing, missing->str);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse (SlPolicy    *self,
       JsonObject  *root,
       GError     **error)
{
  JsonObject *retention = NULL;
  JsonObject *audit = NULL;
  const char *ori = "";
  gint64 hotlist_max_days = 100;
  gint64 clone_speed_kmh = 200;

  if (!dup_required_string (root, "id", &self->id, error) ||
      !dup_required_string (root, "agency", &self->agency, error) ||
      !dup_required_string (root, "version", &self->version, error) ||
      !dup_required_string (root, "notice", &self->notice, error) ||
      !dup_required_string (root, "administrator_title", &self->administrator_title, error) ||
      !dup_required_string (root, "custodian_title", &self->custodian_title, error) ||
      !sl_json_get_string (root, "ori", FALSE, &ori, error) ||
      !sl_json_get_boolean (root, "mfa_required", FALSE, &self->mfa_required, error) ||
      !get_days (root, "training_interval_days", 1, 3650, &self->training_interval_days, error))
    return FALSE;

  self->ori = g_strdup (ori);
  self->version_tag = g_strdup_printf ("%s/%s", self->id, self->version);

  if (!sl_json_get_int (root, "hotlist_max_days", FALSE, &hotlist_max_days, error))
    return FALSE;
  if (hotlist_max_days < 1 || hotlist_max_days > 365)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "“hotlist_max_days” must be between 1 and 365");
      return FALSE;
    }
  self->hotlist_max_days = (guint) hotlist_max_days;

  /* Above this implied speed, one plate at two places is a possible clone. */
  if (!sl_json_get_int (root, "clone_speed_kmh", FALSE, &clone_speed_kmh, error))
    return FALSE;
  if (clone_speed_kmh < 50 || clone_speed_kmh > 2000)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_RULE, "“clone_speed_kmh” must be between 50 and 2000");
      return FALSE;
    }
  self->clone_speed_kmh = (guint) clone_speed_kmh;

  if (!sl_json_get_object (root, "retention_days", TRUE, &retention, error))
    return FALSE;
  for (guint i = 0; i < SL_DATA_CLASS_LAST; i++)
    if (!get_days (retention, data_class_names[i], 1, 36500, &self->retention_days[i], error))
      return FALSE;

  /* The access log is kept at least two years (DESIGN.md section 3). */
  if (self->retention_days[SL_DATA_CLASS_ACCESS_LOG] < 730)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_RULE,
                           "The access log must be kept at least two years (730 days)");
      return FALSE;
    }

  if (!sl_json_get_object (root, "audit", TRUE, &audit, error) ||
      !get_days (audit, "cadence_days", 1, 366, &self->audit_cadence_days, error) ||
      !get_days (audit, "sample_size", 1, 10000, &self->audit_sample_size, error))
    return FALSE;

  return parse_case_number (self, root, error) &&
         parse_purposes (self, root, error) &&
         parse_hotlist_reasons (self, root, error) &&
         parse_sharing (root, error) &&
         parse_privacy_policy (root, error);
}

/**
 * sl_policy_new_from_data:
 *
 * Parses and validates a profile; refuses one that lacks any element of the
 * usage and privacy policy, naming it.
 *
 * Returns: (transfer full) (nullable): the profile
 */
SlPolicy *
sl_policy_new_from_data (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(SlPolicy) self = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  root = sl_json_parse_object (data, length, error);
  if (root == NULL)
    return NULL;

  self = g_new0 (SlPolicy, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->json = g_strndup (data, length);

  if (!parse (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

SlPolicy *
sl_policy_new_from_file (const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  SlPolicy *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;

  self = sl_policy_new_from_data (data, length, &local_error);
  if (self == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path, local_error->message);
      return NULL;
    }

  return self;
}

SlPolicy *
sl_policy_ref (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_policy_unref (SlPolicy *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    sl_policy_free (self);
}

const char *
sl_policy_get_id (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
sl_policy_get_agency (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->agency;
}

const char *
sl_policy_get_ori (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->ori;
}

const char *
sl_policy_get_version (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version;
}

/* "oakland/2026.1": what each access-log record names as the policy in force. */
const char *
sl_policy_get_version_tag (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version_tag;
}

const char *
sl_policy_get_notice (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->notice;
}

const char *
sl_policy_get_administrator_title (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->administrator_title;
}

const char *
sl_policy_get_custodian_title (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->custodian_title;
}

guint
sl_policy_get_training_interval_days (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->training_interval_days;
}

gboolean
sl_policy_get_mfa_required (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->mfa_required;
}

guint
sl_policy_get_audit_cadence_days (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->audit_cadence_days;
}

guint
sl_policy_get_audit_sample_size (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->audit_sample_size;
}

guint
sl_policy_get_retention_days (SlPolicy    *self,
                              SlDataClass  data_class)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data_class < SL_DATA_CLASS_LAST, 0);
  return self->retention_days[data_class];
}

guint
sl_policy_get_hotlist_max_days (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->hotlist_max_days;
}

const char *
sl_policy_get_case_number_pattern (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_number_pattern;
}

const char *
sl_policy_get_case_number_example (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_number_example;
}

const SlPurpose *
sl_policy_get_purposes (SlPolicy *self,
                        guint    *n_purposes)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_purposes != NULL, NULL);

  *n_purposes = self->n_purposes;
  return self->purposes;
}

const SlPurpose *
sl_policy_find_purpose (SlPolicy   *self,
                        const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;

  for (guint i = 0; i < self->n_purposes; i++)
    if (g_str_equal (self->purposes[i].code, code))
      return &self->purposes[i];

  return NULL;
}

/**
 * sl_policy_get_hotlist_reasons:
 *
 * The reason categories a hot-list entry may give, in the order the form
 * offers them: the profile's `hotlist_reasons`, or the 13 of issue 5.
 */
const SlHotlistReason *
sl_policy_get_hotlist_reasons (SlPolicy *self,
                               guint    *n_reasons)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_reasons != NULL, NULL);

  *n_reasons = self->n_hotlist_reasons;
  return self->hotlist_reasons;
}

const SlHotlistReason *
sl_policy_find_hotlist_reason (SlPolicy   *self,
                               const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;

  for (guint i = 0; i < self->n_hotlist_reasons; i++)
    if (g_str_equal (self->hotlist_reasons[i].code, code))
      return &self->hotlist_reasons[i];

  return NULL;
}

/* The profile text as installed, for the store. */
const char *
sl_policy_get_json (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

/**
 * sl_policy_to_public_json:
 *
 * Nothing in a profile is secret: users see all of it, notice, purposes,
 * case-number format and the privacy policy included.
 *
 * Returns: (transfer full): the profile as a JSON node
 */
JsonNode *
sl_policy_to_public_json (SlPolicy *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_return_val_if_fail (self != NULL, NULL);

  if (!json_parser_load_from_data (parser, self->json, -1, NULL))
    g_return_val_if_reached (NULL);

  return json_node_copy (json_parser_get_root (parser));
}

gboolean
sl_policy_check_case_number (SlPolicy    *self,
                             const char  *case_number,
                             GError     **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  int end = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (is_blank (case_number))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_REQUIRED,
                   "A case or incident number is required, such as %s", self->case_number_example);
      return FALSE;
    }

  /* Anchored at the start; the match must also reach the end. */
  if (g_regex_match (self->case_number_regex, case_number, 0, &match) &&
      g_match_info_fetch_pos (match, 0, NULL, &end) &&
      (gsize) end == strlen (case_number))
    return TRUE;

  g_set_error (error, SL_ERROR, SL_ERROR_CASE_NUMBER_FORMAT,
               "“%s” is not a case number of this agency; the format is like %s",
               case_number, self->case_number_example);
  return FALSE;
}

/* Lower case, punctuation dropped, runs of spaces folded. */
static char *
simplify_note (const char *note)
{
  g_autofree char *down = g_utf8_strdown (note, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = down; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '/' || (guchar) *p >= 0x80)
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, *p);
          space = FALSE;
        }
      else
        space = TRUE;
    }

  return g_string_free (out, FALSE);
}

/* Whole-word or phrase matches of terms that mean immigration enforcement. */
gboolean
sl_purpose_is_forbidden (const char *code_or_text)
{
  static const char * const terms[] = {
    "immigration", "immigrant", "deport", "removal proceeding", "undocumented", "illegal alien",
    "alien", "ice", "cbp", "border patrol", "customs and border", "detainer", "ero",
  };
  g_autofree char *simple = NULL;
  g_autofree char *padded = NULL;

  if (code_or_text == NULL)
    return FALSE;

  simple = simplify_note (code_or_text);
  g_strdelimit (simple, "_", ' ');
  padded = g_strdup_printf (" %s ", simple);

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      const char *hit = strstr (padded, terms[i]);

      /* A term must start a word; it may end one ("deportation"). */
      for (; hit != NULL; hit = strstr (hit + 1, terms[i]))
        {
          gsize len = strlen (terms[i]);

          if (hit[-1] != ' ')
            continue;
          if (len <= 5 && g_ascii_isalnum (hit[len]))
            continue;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * sl_policy_check_purpose:
 * @code: a purpose code from the profile
 * @note: what the search is for, in the member's words
 *
 * Refuses a missing or unauthorized purpose, immigration enforcement in any
 * words, and notes that name no reason ("investigation", "test", blank).
 */
gboolean
sl_policy_check_purpose (SlPolicy    *self,
                         const char  *code,
                         const char  *note,
                         GError     **error)
{
  g_autofree char *simple = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (is_blank (code))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_PURPOSE_REQUIRED,
                           "An authorized purpose is required");
      return FALSE;
    }

  if (sl_purpose_is_forbidden (code) || sl_purpose_is_forbidden (note))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED,
                           "Immigration enforcement is never an authorized purpose (California Values Act)");
      return FALSE;
    }

  if (sl_policy_find_purpose (self, code) == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_PURPOSE_NOT_AUTHORIZED,
                   "“%s” is not a purpose %s's policy authorizes", code, self->agency);
      return FALSE;
    }

  simple = simplify_note (note != NULL ? note : "");
  if (g_utf8_strlen (simple, -1) < MIN_NOTE_LENGTH)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_PURPOSE_TOO_GENERIC,
                   "Say what this search is for in at least %d characters "
                   "(for example, the offense and what you are looking for)", MIN_NOTE_LENGTH);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (generic_notes); i++)
    if (g_str_equal (simple, generic_notes[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_PURPOSE_TOO_GENERIC,
                     "“%s” does not say what this search is for; name the offense and what you are looking for",
                     note);
        return FALSE;
      }

  return TRUE;
}

const char *
sl_data_class_to_string (SlDataClass data_class)
{
  g_return_val_if_fail (data_class < SL_DATA_CLASS_LAST, NULL);
  return data_class_names[data_class];
}

/* The implied speed, km/h, above which one plate at two places is a possible clone. */
guint
sl_policy_get_clone_speed_kmh (SlPolicy *self)
{
  g_return_val_if_fail (self != NULL, 200);
  return self->clone_speed_kmh;
}

/* The number of elements of the usage and privacy policy (Civil Code 1798.90.51). */
guint
sl_policy_get_n_privacy_elements (void)
{
  return G_N_ELEMENTS (privacy_elements);
}

/**
 * sl_policy_dup_privacy_element:
 * @index: below sl_policy_get_n_privacy_elements()
 * @heading: (out) (optional): what the law calls the element
 *
 * Returns: (transfer full): the profile's text of the element
 */
char *
sl_policy_dup_privacy_element (SlPolicy    *self,
                               guint        index,
                               const char **heading)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *privacy = NULL;
  const char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (privacy_elements), NULL);

  if (heading != NULL)
    *heading = privacy_elements[index].element;
  root = sl_json_parse_object (sl_policy_get_json (self), -1, NULL);
  if (root != NULL && sl_json_get_object (root, "privacy_policy", FALSE, &privacy, NULL) && privacy != NULL)
    sl_json_get_string (privacy, privacy_elements[index].member, FALSE, &text, NULL);
  return g_strdup (text != NULL ? text : "");
}
