#define G_LOG_DOMAIN "sl-api-hotlist-entries"

#include "config.h"

#include <string.h>

#include "sl-server-private.h"

/* Entries of specific hot lists: proposed by members, approved by the
 * author's immediate supervisor or an administrator, never by the author;
 * every change a new version, every action one access-log record. */

#define HOTLIST_ROLES  (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
/* Covert lists and their entries exist for these roles only. */
#define COVERT_ROLES   (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
#define APPROVER_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)

#define DEFAULT_LIMIT     100
#define MAX_LIMIT         500
#define MAX_SYNOPSIS      1000
#define MAX_VEHICLE_FIELD 40
#define MAX_NOTE          1000
/* The most retro hits one activation raises; the newest reads first. */
#define MAX_RETRO_HITS    1000

/* The members an entry has, in the order the form shows them. */
static const char * const entry_members[] = {
  "plate", "region", "reason", "case_number", "synopsis", "expires_at", "make", "model", "color", NULL,
};

static const char * const required_members[] = {
  "plate", "region", "reason", "case_number", "synopsis", "expires_at", NULL,
};

/* Members people send who think of records about persons; entries have none. */
static const char * const person_members[] = {
  "name", "first_name", "last_name", "full_name", "owner", "owner_name", "driver", "address", "street",
  "city", "zip", "date_of_birth", "dob", "birth_date", "birthdate", "driver_license", "drivers_license",
  "license_number", "ssn", "phone", "race", "sex", "gender", "age", "height", "weight", NULL,
};

static const char * const status_names[] = {
  "pending", "active", "expired", "removed", "rejected", NULL,
};

static const char * const order_names[] = {
  "plate", "expires", "created", "status", NULL,
};

/* Refused fields, in the order they were found */
typedef struct
{
  GPtrArray *names;
  GPtrArray *messages;
} FieldErrors;

static void
field_errors_init (FieldErrors *errors)
{
  errors->names = g_ptr_array_new_with_free_func (g_free);
  errors->messages = g_ptr_array_new_with_free_func (g_free);
}

static void
field_errors_clear (FieldErrors *errors)
{
  g_clear_pointer (&errors->names, g_ptr_array_unref);
  g_clear_pointer (&errors->messages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldErrors, field_errors_clear)

static void
field_errors_add (FieldErrors *errors,
                  const char  *name,
                  const char  *format,
                  ...) G_GNUC_PRINTF (3, 4);

static void
field_errors_add (FieldErrors *errors,
                  const char  *name,
                  const char  *format,
                  ...)
{
  va_list args;

  for (guint i = 0; i < errors->names->len; i++)
    if (g_str_equal (g_ptr_array_index (errors->names, i), name))
      return;

  va_start (args, format);
  g_ptr_array_add (errors->names, g_strdup (name));
  g_ptr_array_add (errors->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

/* {"error": {"code", "message", "fields": {name: message}}} */
static void
reply_field_errors (SoupServerMessage *msg,
                    guint              status,
                    const char        *code,
                    const char        *summary,
                    const FieldErrors *errors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) message = g_string_new (summary);

  for (guint i = 0; i < errors->names->len; i++)
    g_string_append_printf (message, "%s%s: %s", i == 0 ? " " : "; ",
                            (char *) g_ptr_array_index (errors->names, i),
                            (char *) g_ptr_array_index (errors->messages, i));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "code", code);
  sl_json_builder_add_string_member (builder, "message", message->str);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (guint i = 0; i < errors->names->len; i++)
    sl_json_builder_add_string_member (builder, g_ptr_array_index (errors->names, i),
                                       g_ptr_array_index (errors->messages, i));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  _sl_reply_json (msg, status, json_builder_get_root (builder));
}

/* Fields ------------------------------------------------------------------ */

static const char *
shown_status (const SlHotlistEntryInfo *entry,
              gint64                    now_us)
{
  if (g_str_equal (entry->status, "active") && entry->expires_us > 0 && entry->expires_us <= now_us)
    return "expired";
  return entry->status;
}

static const char *
reason_label (SlPolicy   *policy,
              const char *code)
{
  const SlHotlistReason *reason = sl_policy_find_hotlist_reason (policy, code);

  return reason != NULL ? reason->label : code;
}

static char *
strip_dup (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

/* The value of a field by its API name, as text; the expiry in ISO 8601. */
static char *
field_value (const SlHotlistEntryInfo *fields,
             const char               *name)
{
  if (g_str_equal (name, "plate"))
    return g_strdup (fields->plate);
  if (g_str_equal (name, "region"))
    return g_strdup (fields->region != NULL ? fields->region : "");
  if (g_str_equal (name, "reason"))
    return g_strdup (fields->reason);
  if (g_str_equal (name, "case_number"))
    return g_strdup (fields->case_number);
  if (g_str_equal (name, "synopsis"))
    return g_strdup (fields->synopsis);
  if (g_str_equal (name, "make"))
    return g_strdup (fields->make);
  if (g_str_equal (name, "model"))
    return g_strdup (fields->model);
  if (g_str_equal (name, "color"))
    return g_strdup (fields->color);
  if (g_str_equal (name, "expires_at"))
    return fields->expires_us != 0 ? sl_clock_format_iso8601 (fields->expires_us) : NULL;
  g_return_val_if_reached (NULL);
}

static void
add_fields_object (JsonBuilder              *builder,
                   const SlHotlistEntryInfo *fields)
{
  json_builder_begin_object (builder);
  for (guint i = 0; entry_members[i] != NULL; i++)
    {
      g_autofree char *value = field_value (fields, entry_members[i]);

      _sl_json_add_nullable_string (builder, entry_members[i], value);
    }
  json_builder_end_object (builder);
}

static char *
fields_to_json (const SlHotlistEntryInfo *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  add_fields_object (builder, fields);
  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static void
copy_fields (SlHotlistEntryInfo       *to,
             const SlHotlistEntryInfo *from)
{
  g_free (to->plate);
  to->plate = g_strdup (from->plate);
  g_free (to->region);
  to->region = g_strdup (from->region);
  g_free (to->reason);
  to->reason = g_strdup (from->reason);
  g_free (to->case_number);
  to->case_number = g_strdup (from->case_number);
  g_free (to->synopsis);
  to->synopsis = g_strdup (from->synopsis);
  g_free (to->make);
  to->make = g_strdup (from->make);
  g_free (to->model);
  to->model = g_strdup (from->model);
  g_free (to->color);
  to->color = g_strdup (from->color);
  to->expires_us = from->expires_us;
}

/* The fields a stored version holds; FALSE for a version that does not parse. */
static gboolean
fields_from_json (const char          *json,
                  SlHotlistEntryInfo  *fields,
                  GError             **error)
{
  g_autoptr(JsonObject) object = sl_json_parse_object (json, -1, error);
  const char *text = NULL;
  char **targets[] = {
    &fields->plate, &fields->region, &fields->reason, &fields->case_number, &fields->synopsis,
    NULL, &fields->make, &fields->model, &fields->color,
  };

  if (object == NULL)
    return FALSE;

  for (guint i = 0; entry_members[i] != NULL; i++)
    {
      if (!sl_json_get_string (object, entry_members[i], FALSE, &text, error))
        return FALSE;
      if (targets[i] != NULL)
        {
          g_free (*targets[i]);
          *targets[i] = g_strdup (text);
        }
      else if (text == NULL)
        fields->expires_us = 0;
      else if (!sl_clock_parse_iso8601 (text, &fields->expires_us, error))
        return FALSE;
      text = NULL;
    }

  return TRUE;
}

/* The names of the fields that differ, as a JSON array; with @audit the values before and after. */
static char *
changed_fields (const SlHotlistEntryInfo  *before,
                const SlHotlistEntryInfo  *after,
                JsonBuilder               *audit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; entry_members[i] != NULL; i++)
    {
      g_autofree char *old_value = before != NULL ? field_value (before, entry_members[i]) : NULL;
      g_autofree char *new_value = field_value (after, entry_members[i]);
      gboolean old_empty = old_value == NULL || *old_value == '\0';
      gboolean new_empty = new_value == NULL || *new_value == '\0';

      if ((old_empty && new_empty) || (!old_empty && !new_empty && g_str_equal (old_value, new_value)))
        continue;

      json_builder_add_string_value (builder, entry_members[i]);
      if (audit != NULL)
        {
          json_builder_set_member_name (audit, entry_members[i]);
          json_builder_begin_object (audit);
          _sl_json_add_nullable_string (audit, "before", old_value);
          _sl_json_add_nullable_string (audit, "after", new_value);
          json_builder_end_object (audit);
        }
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static void
check_plate (SlServer    *server,
             const char  *text,
             char       **plate,
             FieldErrors *errors)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (strchr (text, '?') != NULL || strchr (text, '*') != NULL)
    {
      value = sl_plate_pattern_normalize (text, &error);
      if (value != NULL)
        {
          /* the matcher refuses patterns that would match nearly anything */
          g_autoptr(SlMatcher) matcher = sl_matcher_new (server->ocr_classes);
          SlMatchEntry probe = { .id = 1, .plate = value, .region = "" };

          if (!sl_matcher_add (matcher, &probe, &error))
            g_clear_pointer (&value, g_free);
        }
    }
  else
    value = sl_plate_normalize (text, &error);

  if (value == NULL)
    {
      field_errors_add (errors, "plate", "%s", error->message);
      return;
    }

  g_free (*plate);
  *plate = g_steal_pointer (&value);
}

/* Checks one member of a body and sets it in @fields; a refusal goes to @errors. */
static void
read_member (SlRequest           *req,
             JsonNode            *node,
             const char          *name,
             SlHotlistEntryInfo  *fields,
             FieldErrors         *errors)
{
  SlPolicy *policy = req->server->policy;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (g_strv_contains (required_members, name))
        field_errors_add (errors, name, "is required");
      else
        g_clear_pointer (g_str_equal (name, "make") ? &fields->make :
                         g_str_equal (name, "model") ? &fields->model : &fields->color, g_free);
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      field_errors_add (errors, name, "must be text");
      return;
    }

  text = strip_dup (json_node_get_string (node));

  if (g_str_equal (name, "plate"))
    {
      if (*text == '\0')
        field_errors_add (errors, name, "is required: the plate, or a pattern with ? for one unknown "
                          "character and * for any run of characters");
      else
        check_plate (req->server, text, &fields->plate, errors);
    }
  else if (g_str_equal (name, "region"))
    {
      g_autofree char *upper = g_ascii_strup (text, -1);

      if (*upper != '\0' && !sl_region_is_valid (upper))
        field_errors_add (errors, name, "“%s” is not a US state or Canadian province code such as CA; "
                          "leave it empty when unknown", text);
      else
        {
          g_free (fields->region);
          fields->region = g_steal_pointer (&upper);
        }
    }
  else if (g_str_equal (name, "reason"))
    {
      if (*text == '\0')
        field_errors_add (errors, name, "is required: a reason code of the policy profile, such as stolen_vehicle");
      else if (sl_policy_find_hotlist_reason (policy, text) == NULL)
        {
          g_autoptr(GString) codes = g_string_new (NULL);
          const SlHotlistReason *reasons;
          guint n_reasons;

          reasons = sl_policy_get_hotlist_reasons (policy, &n_reasons);
          for (guint i = 0; i < n_reasons; i++)
            g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", reasons[i].code);
          field_errors_add (errors, name, "“%s” is not a reason of this agency’s profile; use one of %s",
                            text, codes->str);
        }
      else
        {
          g_free (fields->reason);
          fields->reason = g_steal_pointer (&text);
        }
    }
  else if (g_str_equal (name, "case_number"))
    {
      if (!sl_policy_check_case_number (policy, text, &error))
        field_errors_add (errors, name, "%s", error->message);
      else
        {
          g_free (fields->case_number);
          fields->case_number = g_steal_pointer (&text);
        }
    }
  else if (g_str_equal (name, "synopsis"))
    {
      if (*text == '\0')
        field_errors_add (errors, name, "is required: say briefly why the vehicle is wanted");
      else if (g_utf8_strlen (text, -1) > MAX_SYNOPSIS)
        field_errors_add (errors, name, "is longer than %d characters; keep it short and put the "
                          "details in the case report", MAX_SYNOPSIS);
      else
        {
          g_free (fields->synopsis);
          fields->synopsis = g_steal_pointer (&text);
        }
    }
  else if (g_str_equal (name, "expires_at"))
    {
      guint max_days = sl_policy_get_hotlist_max_days (policy);
      gint64 latest_us = req->now_us + (gint64) max_days * G_TIME_SPAN_DAY;
      gint64 expires_us = 0;

      if (*text == '\0')
        field_errors_add (errors, name, "is required: every entry must end");
      else if (!sl_clock_parse_iso8601 (text, &expires_us, &error))
        field_errors_add (errors, name, "%s", error->message);
      else if (expires_us <= req->now_us)
        field_errors_add (errors, name, "must be in the future");
      else if (expires_us > latest_us)
        {
          g_autoptr(GDateTime) latest_time = g_date_time_new_from_unix_utc (latest_us / G_USEC_PER_SEC);
          g_autofree char *latest = g_date_time_format (latest_time, "%Y-%m-%d");

          field_errors_add (errors, name, "is more than %u days away, the longest this agency’s policy "
                            "allows; the latest expiry now is %s", max_days, latest);
        }
      else
        fields->expires_us = expires_us;
    }
  else
    {
      char **target = g_str_equal (name, "make") ? &fields->make :
                      g_str_equal (name, "model") ? &fields->model : &fields->color;

      if (g_utf8_strlen (text, -1) > MAX_VEHICLE_FIELD)
        field_errors_add (errors, name, "is longer than %d characters", MAX_VEHICLE_FIELD);
      else
        {
          g_free (*target);
          *target = *text != '\0' ? g_steal_pointer (&text) : NULL;
        }
    }
}

/* Replies 422 naming every member an entry does not have; FALSE then. */
static gboolean
check_known_members (SlRequest          *req,
                     JsonObject         *body,
                     const char * const *allowed)
{
  g_auto(FieldErrors) unknown = { 0 };
  JsonObjectIter iter;
  const char *name;

  field_errors_init (&unknown);
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_strv_contains (allowed, name))
        continue;
      if (g_strv_contains (person_members, lower))
        field_errors_add (&unknown, name, "hot-list entries carry vehicle identifiers only: "
                          "no names, addresses or dates of birth");
      else
        field_errors_add (&unknown, name, "is not a field of this request");
    }

  if (unknown.names->len == 0)
    return TRUE;

  reply_field_errors (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "unknown_fields",
                      "The entry has no such fields:", &unknown);
  return FALSE;
}

static JsonObject *
parse_body (SlRequest *req,
            gboolean   may_be_empty)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  if (may_be_empty && request_body->length == 0)
    return json_object_new ();

  body = sl_json_parse_object (request_body->data, request_body->length, &error);
  if (body == NULL)
    _sl_reply_gerror (req->msg, error);
  return body;
}

/* JSON ----------------------------------------------------------------------- */

static void
add_version (JsonBuilder                 *builder,
             const SlHotlistEntryVersion *version)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "version", version->version);
  sl_json_builder_add_string_member (builder, "status", version->status);
  json_builder_set_member_name (builder, "fields");
  if (json_parser_load_from_data (parser, version->fields, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "changed");
  if (json_parser_load_from_data (parser, version->changed, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  sl_json_builder_add_string_member (builder, "author", version->author);
  _sl_json_add_time_member (builder, "created_at", version->created_us);
  _sl_json_add_nullable_string (builder, "decided_by", version->decided_by);
  _sl_json_add_time_member (builder, "decided_at", version->decided_us);
  _sl_json_add_nullable_string (builder, "decision_note", version->decision_note);
  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder              *builder,
           SlServer                 *server,
           const SlHotlistEntryInfo *entry,
           GPtrArray                *versions,
           gint64                    now_us)
{
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", entry->id);
  sl_json_builder_add_int_member (builder, "list_id", entry->list_id);
  sl_json_builder_add_string_member (builder, "list_name", entry->list_name);
  sl_json_builder_add_string_member (builder, "plate", entry->plate);
  json_builder_set_member_name (builder, "is_pattern");
  json_builder_add_boolean_value (builder, sl_plate_is_pattern (entry->plate));
  sl_json_builder_add_string_member (builder, "region", entry->region != NULL ? entry->region : "");
  _sl_json_add_nullable_string (builder, "reason", entry->reason);
  _sl_json_add_nullable_string (builder, "reason_label",
                                entry->reason != NULL ? reason_label (server->policy, entry->reason) : NULL);
  _sl_json_add_nullable_string (builder, "case_number", entry->case_number);
  _sl_json_add_nullable_string (builder, "synopsis", entry->synopsis);
  _sl_json_add_nullable_string (builder, "make", entry->make);
  _sl_json_add_nullable_string (builder, "model", entry->model);
  _sl_json_add_nullable_string (builder, "color", entry->color);
  sl_json_builder_add_string_member (builder, "status", shown_status (entry, now_us));
  _sl_json_add_time_member (builder, "effective_at", entry->effective_us);
  _sl_json_add_time_member (builder, "expires_at", entry->expires_us);
  _sl_json_add_nullable_string (builder, "entered_by", entry->entered_by);
  _sl_json_add_nullable_string (builder, "entered_by_name", entry->entered_by_name);
  _sl_json_add_time_member (builder, "created_at", entry->created_us);
  _sl_json_add_nullable_string (builder, "approved_by", entry->approved_by);
  _sl_json_add_time_member (builder, "approved_at", entry->approved_us);
  _sl_json_add_nullable_string (builder, "removed_by", entry->removed_by);
  _sl_json_add_time_member (builder, "removed_at", entry->removed_us);
  _sl_json_add_nullable_string (builder, "removal_reason", entry->removal_reason);

  /* a new entry is itself what waits; an update waits beside the version in force */
  json_builder_set_member_name (builder, "pending_update");
  if (entry->pending != NULL && !g_str_equal (entry->status, "pending"))
    add_version (builder, entry->pending);
  else
    json_builder_add_null_value (builder);

  if (versions != NULL)
    {
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < versions->len; i++)
        add_version (builder, g_ptr_array_index (versions, i));
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static JsonNode *
entry_to_json (SlServer                 *server,
               const SlHotlistEntryInfo *entry,
               GPtrArray                *versions,
               gint64                    now_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_entry (builder, server, entry, versions, now_us);
  return json_builder_get_root (builder);
}

/* Gates and records ------------------------------------------------------- */

static gboolean
gate (SlRequest  *req,
      const char *audit_action)
{
  return _sl_request_require_role (req, HOTLIST_ROLES, audit_action) &&
         !_sl_request_training_expired (req, audit_action);
}

static SlAuditRecord *
new_record (SlRequest                *req,
            const char               *action,
            const char               *outcome,
            const SlHotlistEntryInfo *entry)
{
  SlAuditRecord *record = _sl_server_new_record (req->server, req->msg, action, outcome, req->user);

  if (entry != NULL)
    {
      record->plate = g_strdup (entry->plate);
      record->case_number = g_strdup (entry->case_number);
      record->result_count = 1;
    }
  return record;
}

/* Logs a refused action on an entry and replies 403; always FALSE. */
static gboolean
refuse (SlRequest                *req,
        const char               *action,
        const SlHotlistEntryInfo *entry,
        const char               *code,
        const char               *format,
        ...) G_GNUC_PRINTF (5, 6);

static gboolean
refuse (SlRequest                *req,
        const char               *action,
        const SlHotlistEntryInfo *entry,
        const char               *code,
        const char               *format,
        ...)
{
  g_autoptr(SlAuditRecord) record = new_record (req, action, "denied", entry);
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  record->result_count = 0;
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "entry_id", entry->id);
  sl_json_builder_add_string_member (data, "reason", code);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return FALSE;

  _sl_reply_error (req->msg, SOUP_STATUS_FORBIDDEN, code, "%s", message);
  return FALSE;
}

static gboolean
may_see_list (const SlUser *user,
              gboolean      covert)
{
  return !covert || sl_user_has_role (user, COVERT_ROLES);
}

/* The entry, or NULL having replied: an entry of a covert list does not exist for those who may not see it. */
static SlHotlistEntryInfo *
find_entry (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!_sl_request_parse_id (req, "an id", &id))
    return NULL;

  entry = sl_store_find_hotlist_entry (req->server->store, id, &error);
  if (entry == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return NULL;
    }

  if (entry == NULL || !may_see_list (req->user, entry->list_covert))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no hot-list entry %" G_GINT64_FORMAT, id);
      return NULL;
    }

  return g_steal_pointer (&entry);
}

/* The author, the author's immediate supervisor and administrators may change an entry. */
static gboolean
may_change (SlRequest                *req,
            const char               *action,
            const SlHotlistEntryInfo *entry)
{
  const SlUser *user = req->user;

  if (g_strcmp0 (user->username, entry->entered_by) == 0 ||
      g_strcmp0 (user->username, entry->entered_by_supervisor) == 0 ||
      sl_user_has_role (user, SL_ROLE_ADMINISTRATOR))
    return TRUE;

  return refuse (req, action, entry, "forbidden",
                 "Only %s (who entered it), their supervisor or the %s may change this entry",
                 entry->entered_by, sl_policy_get_administrator_title (req->server->policy));
}

/* Replies 409 unless the entry is open to a new version. */
static gboolean
check_open (SlRequest                *req,
            const SlHotlistEntryInfo *entry)
{
  const char *status = shown_status (entry, req->now_us);

  if (g_str_equal (status, "expired"))
    {
      g_autofree char *expired = sl_clock_format_iso8601 (entry->expires_us);

      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "expired",
                       "The entry expired at %s and no longer matches; enter it again if the vehicle "
                       "is still wanted", expired);
      return FALSE;
    }

  if (!g_str_equal (status, "pending") && !g_str_equal (status, "active"))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                       "The entry was %s and can no longer be changed", status);
      return FALSE;
    }

  return TRUE;
}

static void
reply_store_error (SlRequest    *req,
                   const GError *error)
{
  if (g_error_matches (error, SL_ERROR, SL_ERROR_EXISTS))
    _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "conflict", "%s", error->message);
  else
    _sl_reply_gerror (req->msg, error);
}

/* Re-reads an entry after a change and replies with it. */
static void
reply_entry (SlRequest *req,
             gint64     id,
             guint      status)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = sl_store_find_hotlist_entry (req->server->store, id, &error);
  if (entry == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_reply_json (req->msg, status, entry_to_json (req->server, entry, NULL, req->now_us));
}

/* Listing and reading ----------------------------------------------------- */

void
_sl_api_hotlist_entries_list (SlRequest *req)
{
  static const char * const parameters[] = { "status", "q", "order", "offset", "limit", NULL };
  g_autoptr(SlHotlistInfo) list = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  SlHotlistEntryQuery query = { 0 };
  gint64 offset = 0;
  gint64 limit = DEFAULT_LIMIT;
  gint64 total = 0;
  gint64 list_id;

  if (!gate (req, "hotlist.entries.list") || !_sl_request_parse_id (req, "an id", &list_id))
    return;

  if (req->query != NULL)
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        if (!g_strv_contains (parameters, name))
          {
            _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                             "Unknown parameter “%s”; entries are filtered by status, q, order, offset and limit",
                             name);
            return;
          }
    }

  query.list_id = list_id;
  query.now_us = req->now_us;
  query.status = _sl_query_get (req->query, "status");
  query.query = _sl_query_get (req->query, "q");
  query.order = _sl_query_get (req->query, "order");
  if (query.order == NULL)
    query.order = "created";

  if (query.status != NULL && !g_strv_contains (status_names, query.status))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "“%s” is not an entry status: pending, active, expired, removed or rejected", query.status);
      return;
    }
  if (!g_strv_contains (order_names, query.order))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       "“%s” is not an order: plate, expires, created or status", query.order);
      return;
    }
  if (!_sl_query_number (req->query, "offset", 0, G_MAXINT32, &offset, &error) ||
      !_sl_query_number (req->query, "limit", 1, MAX_LIMIT, &limit, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  query.offset = offset;
  query.limit = limit;

  list = sl_store_find_hotlist (req->server->store, list_id, req->now_us, &error);
  if (list == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (list == NULL || !may_see_list (req->user, list->covert))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no hot list %" G_GINT64_FORMAT, list_id);
      return;
    }

  entries = sl_store_list_hotlist_entries (req->server->store, &query, &total, &error);
  if (entries == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = new_record (req, "hotlist.entries.list", "ok", NULL);
  record->result_count = entries->len;
  data = json_builder_new ();
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "list_id", list_id);
  _sl_json_add_nullable_string (data, "status", query.status);
  _sl_json_add_nullable_string (data, "q", query.query);
  sl_json_builder_add_int_member (data, "offset", query.offset);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_entry (builder, req->server, g_ptr_array_index (entries, i), NULL, req->now_us);
  json_builder_end_array (builder);
  sl_json_builder_add_int_member (builder, "total", total);
  json_builder_set_member_name (builder, "next_offset");
  if (offset + entries->len < total)
    json_builder_add_int_value (builder, offset + entries->len);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
_sl_api_hotlist_entry_get (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = NULL;

  if (!gate (req, "hotlist.entry.view"))
    return;

  entry = find_entry (req);
  if (entry == NULL)
    return;

  versions = sl_store_list_hotlist_entry_versions (req->server->store, entry->id, &error);
  if (versions == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  record = new_record (req, "hotlist.entry.view", "ok", entry);
  data = json_builder_new ();
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "entry_id", entry->id);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  _sl_reply_json (req->msg, SOUP_STATUS_OK, entry_to_json (req->server, entry, versions, req->now_us));
}

/* Proposing --------------------------------------------------------------- */

void
_sl_api_hotlist_entries_create (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SlHotlistInfo) list = NULL;
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  g_auto(FieldErrors) errors = { 0 };
  g_autofree char *fields_json = NULL;
  g_autofree char *changed_json = NULL;
  gint64 list_id;

  if (!gate (req, "hotlist.entry.create") || !_sl_request_parse_id (req, "an id", &list_id))
    return;

  list = sl_store_find_hotlist (req->server->store, list_id, req->now_us, &error);
  if (list == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }
  if (list == NULL || !may_see_list (req->user, list->covert))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no hot list %" G_GINT64_FORMAT, list_id);
      return;
    }
  if (!g_str_equal (list->kind, "specific"))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "general_list",
                       "“%s” is a general list, replaced by its daily import; enter the vehicle in a "
                       "specific list", list->name);
      return;
    }

  body = parse_body (req, FALSE);
  if (body == NULL || !check_known_members (req, body, entry_members))
    return;

  entry = g_new0 (SlHotlistEntryInfo, 1);
  field_errors_init (&errors);
  for (guint i = 0; entry_members[i] != NULL; i++)
    read_member (req, json_object_get_member (body, entry_members[i]), entry_members[i], entry, &errors);

  if (errors.names->len > 0)
    {
      reply_field_errors (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_entry",
                          "The entry cannot be saved:", &errors);
      return;
    }

  entry->list_id = list_id;
  entry->entered_by = g_strdup (req->user->username);
  entry->created_us = req->now_us;
  fields_json = fields_to_json (entry);
  changed_json = changed_fields (NULL, entry, NULL);

  record = new_record (req, "hotlist.entry.create", "ok", entry);
  data = json_builder_new ();
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "list_id", list_id);
  sl_json_builder_add_int_member (data, "version", 1);
  sl_json_builder_add_string_member (data, "reason", entry->reason);
  _sl_json_add_time_member (data, "expires_at", entry->expires_us);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  if (!sl_store_add_hotlist_entry (req->server->store, entry, fields_json, changed_json, record, &error))
    {
      reply_store_error (req, error);
      return;
    }

  reply_entry (req, entry->id, SOUP_STATUS_CREATED);
}

/* A new pending version of @entry with @proposed, logged as @action. */
static void
propose (SlRequest                *req,
         const char               *action,
         const SlHotlistEntryInfo *entry,
         const SlHotlistEntryInfo *proposed)
{
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fields_json = fields_to_json (proposed);
  g_autofree char *changed_json = NULL;
  SlHotlistChange change = { 0 };

  record = new_record (req, action, "ok", proposed);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "entry_id", entry->id);
  json_builder_set_member_name (data, "changed");
  json_builder_begin_object (data);
  changed_json = changed_fields (entry, proposed, data);
  json_builder_end_object (data);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  change.kind = SL_HOTLIST_CHANGE_PROPOSE;
  change.entry_id = entry->id;
  change.fields = proposed;
  change.fields_json = fields_json;
  change.changed_json = changed_json;
  change.username = req->user->username;
  change.at_us = req->now_us;
  if (!sl_store_change_hotlist_entry (req->server->store, &change, record, &error))
    {
      reply_store_error (req, error);
      return;
    }

  reply_entry (req, entry->id, SOUP_STATUS_OK);
}

/* What a new version starts from: the update still waiting, or the entry. */
static SlHotlistEntryInfo *
proposal_base (SlRequest                *req,
               const SlHotlistEntryInfo *entry)
{
  SlHotlistEntryInfo *base = g_new0 (SlHotlistEntryInfo, 1);
  g_autoptr(GError) error = NULL;

  copy_fields (base, entry);
  if (entry->pending != NULL && !fields_from_json (entry->pending->fields, base, &error))
    {
      g_message ("Version %" G_GINT64_FORMAT " of entry %" G_GINT64_FORMAT " does not parse: %s",
                 entry->pending->version, entry->id, error->message);
      copy_fields (base, entry);
    }

  return base;
}

void
_sl_api_hotlist_entry_update (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(SlHotlistEntryInfo) proposed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (!gate (req, "hotlist.entry.update"))
    return;

  entry = find_entry (req);
  if (entry == NULL || !may_change (req, "hotlist.entry.update", entry) || !check_open (req, entry))
    return;

  body = parse_body (req, FALSE);
  if (body == NULL || !check_known_members (req, body, entry_members))
    return;

  field_errors_init (&errors);
  if (json_object_get_size (body) == 0)
    field_errors_add (&errors, "plate", "nothing to change: send the fields that change");

  proposed = proposal_base (req, entry);
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    read_member (req, node, name, proposed, &errors);

  if (errors.names->len > 0)
    {
      reply_field_errors (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_entry",
                          "The update cannot be saved:", &errors);
      return;
    }

  propose (req, "hotlist.entry.update", entry, proposed);
}

void
_sl_api_hotlist_entry_renew (SlRequest *req)
{
  static const char * const members[] = { "expires_at", NULL };
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(SlHotlistEntryInfo) proposed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { 0 };

  if (!gate (req, "hotlist.entry.renew"))
    return;

  entry = find_entry (req);
  if (entry == NULL || !may_change (req, "hotlist.entry.renew", entry) || !check_open (req, entry))
    return;

  body = parse_body (req, FALSE);
  if (body == NULL || !check_known_members (req, body, members))
    return;

  field_errors_init (&errors);
  proposed = proposal_base (req, entry);
  read_member (req, json_object_get_member (body, "expires_at"), "expires_at", proposed, &errors);
  if (errors.names->len > 0)
    {
      reply_field_errors (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_entry",
                          "The entry cannot be renewed:", &errors);
      return;
    }

  propose (req, "hotlist.entry.renew", entry, proposed);
}

/* Deciding ------------------------------------------------------------------ */

/* Whether the caller may decide the entry's pending version; replies and logs when not. */
static gboolean
may_decide (SlRequest                *req,
            const char               *action,
            const SlHotlistEntryInfo *entry)
{
  const SlHotlistEntryVersion *version = entry->pending;
  const SlUser *user = req->user;

  g_assert (version != NULL);

  if (g_str_equal (user->username, version->author))
    return refuse (req, action, entry, "self_approval",
                   "You proposed this %s yourself; your supervisor or the %s decides it",
                   g_str_equal (entry->status, "pending") ? "entry" : "update",
                   sl_policy_get_administrator_title (req->server->policy));

  if (sl_user_has_role (user, SL_ROLE_ADMINISTRATOR))
    return TRUE;

  if (sl_user_has_role (user, SL_ROLE_SUPERVISOR))
    {
      if (g_strcmp0 (user->username, version->author_supervisor) == 0)
        return TRUE;
      return refuse (req, action, entry, "not_your_team",
                     "%s is not on your team; their immediate supervisor%s%s or the %s decides",
                     version->author, version->author_supervisor != NULL ? " " : "",
                     version->author_supervisor != NULL ? version->author_supervisor : "",
                     sl_policy_get_administrator_title (req->server->policy));
    }

  return refuse (req, action, entry, "forbidden",
                 "Entries and updates are approved by the author’s immediate supervisor or the %s",
                 sl_policy_get_administrator_title (req->server->policy));
}

/* Finds the entry a decision is about; NULL having replied. */
static SlHotlistEntryInfo *
find_pending (SlRequest  *req,
              const char *action)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;

  if (!gate (req, action))
    return NULL;

  entry = find_entry (req);
  if (entry == NULL)
    return NULL;

  if (entry->pending == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "nothing_pending",
                       "Entry %" G_GINT64_FORMAT " (%s) has nothing waiting for a decision", entry->id,
                       shown_status (entry, req->now_us));
      return NULL;
    }

  if (!may_decide (req, action, entry))
    return NULL;

  return g_steal_pointer (&entry);
}

/* Reads a short text member; NULL for none. Replies 422 and sets *refused when it is no text. */
static char *
note_member (SlRequest  *req,
             JsonObject *body,
             const char *member,
             gboolean    required,
             const char *why,
             gboolean   *refused)
{
  g_auto(FieldErrors) errors = { 0 };
  JsonNode *node = json_object_get_member (body, member);
  g_autofree char *text = NULL;

  *refused = FALSE;
  field_errors_init (&errors);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        field_errors_add (&errors, member, "must be text");
      else
        text = strip_dup (json_node_get_string (node));
    }

  if (errors.names->len == 0 && text != NULL && g_utf8_strlen (text, -1) > MAX_NOTE)
    field_errors_add (&errors, member, "is longer than %d characters", MAX_NOTE);
  if (errors.names->len == 0 && required && (text == NULL || *text == '\0'))
    field_errors_add (&errors, member, "%s", why);

  if (errors.names->len > 0)
    {
      reply_field_errors (req->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                          required ? "reason_required" : "invalid_request", "Refused:", &errors);
      *refused = TRUE;
      return NULL;
    }

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return g_steal_pointer (&text);
}

static SlAuditRecord *
decision_record (SlRequest                *req,
                 const char               *action,
                 const SlHotlistEntryInfo *entry,
                 const char               *note_member_name,
                 const char               *note)
{
  SlAuditRecord *record = new_record (req, action, "ok", entry);
  g_autoptr(JsonBuilder) data = json_builder_new ();

  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "entry_id", entry->id);
  if (entry->pending != NULL)
    {
      sl_json_builder_add_int_member (data, "version", entry->pending->version);
      sl_json_builder_add_string_member (data, "author", entry->pending->author);
    }
  _sl_json_add_nullable_string (data, note_member_name, note);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);
  return record;
}

/* Retro hits ------------------------------------------------------------------ */

/* Matches the reads still within retention against an entry that became active. */
typedef struct
{
  SlServer           *server;
  SoupServerMessage  *msg;
  SlStore            *store;      /* a connection of the thread's own */
  SlOcrClasses       *classes;    /* borrowed from the server */
  SlHotlistEntryInfo *entry;
  SlAuditRecord      *record;     /* the template of each alert's record */
  gint64              since_us;
  gint64              now_us;
  guint               n_hits;
} Retro;

static void
retro_free (Retro *retro)
{
  g_object_unref (retro->server);
  g_object_unref (retro->msg);
  g_clear_object (&retro->store);
  sl_hotlist_entry_info_free (retro->entry);
  sl_audit_record_free (retro->record);
  g_free (retro);
}

static gboolean
find_retro_hits (Retro   *retro,
                 GError **error)
{
  SlHotlistEntryInfo *entry = retro->entry;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SlMatcher) matcher = sl_matcher_new (retro->classes);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));
  g_autoptr(GArray) alerts = g_array_new (FALSE, TRUE, sizeof (SlNewAlert));
  g_autofree char *entry_json = NULL;
  gboolean pattern = sl_plate_is_pattern (entry->plate);
  SlMatchEntry match = {
    .id = entry->id, .plate = entry->plate, .region = entry->region, .priority = entry->list_priority,
    .tolerance = pattern ? 0 : entry->list_tolerance, .effective_us = 0, .expires_us = entry->expires_us,
  };
  SlReadQuery query = {
    .plate = entry->plate, .tolerance = match.tolerance, .classes = retro->classes,
    .since_us = retro->since_us, .order = SL_SEARCH_ORDER_NEWEST, .direction = -1, .include_covert = TRUE,
  };
  gboolean covert = FALSE;

  if (!sl_matcher_add (matcher, &match, error))
    return FALSE;

  entry_json = sl_store_dup_hotlist_entry (retro->store, entry->id, &covert, error);
  if (entry_json == NULL)
    return FALSE;

  found = sl_store_search_reads (retro->store, &query, 0, MAX_RETRO_HITS, NULL, NULL, error);
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      SlFoundRead *read = g_ptr_array_index (found, i);

      /* the matcher decides, as it does for live reads, and says how it matched */
      g_array_set_size (hits, 0);
      if (sl_matcher_match (matcher, read->read, retro->now_us, hits) == 0)
        continue;

      for (guint h = 0; h < hits->len; h++)
        {
          const SlMatchHit *hit = &g_array_index (hits, SlMatchHit, h);
          SlNewAlert alert = {
            .read = read->read, .entry_id = entry->id, .entry_json = entry_json, .covert = covert,
            .kind = hit->kind, .matched_plate = hit->matched_plate, .differing = hit->differing,
            .retro = TRUE, .created_us = retro->now_us, .record = retro->record,
          };

          g_array_append_val (alerts, alert);
        }
    }

  if (!sl_store_add_retro_alerts (retro->store, alerts, error))
    return FALSE;

  for (guint i = 0; i < alerts->len; i++)
    if (g_array_index (alerts, SlNewAlert, i).id != 0)
      retro->n_hits++;

  return TRUE;
}

static void
retro_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Retro *retro = data;
  GError *error = NULL;

  if (find_retro_hits (retro, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
retro_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Retro *retro = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  SlRequest req = { .server = retro->server, .msg = retro->msg, .now_us = retro->now_us };

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Retro hits of hot-list entry %" G_GINT64_FORMAT " could not be found: %s",
               retro->entry->id, error->message);
  else if (retro->n_hits > 0)
    g_debug ("Entry %" G_GINT64_FORMAT " raised %u retro hits", retro->entry->id, retro->n_hits);

  /* the approval stands either way: the entry is active and matches new reads */
  reply_entry (&req, retro->entry->id, SOUP_STATUS_OK);
  soup_server_message_unpause (retro->msg);
}

/* Answers once the reads still within retention were matched against the now active entry. */
static void
reply_after_retro_hits (SlRequest *req,
                        gint64     entry_id)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  guint retention_days = sl_policy_get_retention_days (req->server->policy, SL_DATA_CLASS_READS);
  Retro *retro;

  retro = g_new0 (Retro, 1);
  retro->server = g_object_ref (req->server);
  retro->msg = g_object_ref (req->msg);
  retro->classes = req->server->ocr_classes;
  retro->now_us = req->now_us;
  retro->since_us = req->now_us - (gint64) retention_days * G_TIME_SPAN_DAY;
  /* the camera's reads raised them, in effect: no user on the record */
  retro->record = _sl_server_new_record (req->server, req->msg, "alert.raised", "ok", NULL);
  retro->entry = sl_store_find_hotlist_entry (req->server->store, entry_id, &error);
  if (retro->entry != NULL)
    retro->store = sl_store_open_sibling (req->server->store, &error);
  if (retro->store == NULL)
    {
      g_message ("Retro hits of hot-list entry %" G_GINT64_FORMAT " cannot be searched: %s",
                 entry_id, error->message);
      retro_free (retro);
      reply_entry (req, entry_id, SOUP_STATUS_OK);
      return;
    }

  soup_server_message_pause (req->msg);
  task = g_task_new (req->server, NULL, retro_done_cb, NULL);
  g_task_set_source_tag (task, reply_after_retro_hits);
  g_task_set_task_data (task, retro, (GDestroyNotify) retro_free);
  g_task_run_in_thread (task, retro_thread);
}

/* Writes a decision on @entry (its record with it) and answers a refusal;
 * @change has its kind, version, fields and note set. */
static gboolean
apply_decision (SlRequest                *req,
                const SlHotlistEntryInfo *entry,
                const char               *action,
                const char               *note_member_name,
                SlHotlistChange          *change)
{
  g_autoptr(SlAuditRecord) record = decision_record (req, action, entry, note_member_name, change->note);
  g_autoptr(GError) error = NULL;

  change->entry_id = entry->id;
  change->username = req->user->username;
  change->at_us = req->now_us;
  if (!sl_store_change_hotlist_entry (req->server->store, change, record, &error))
    {
      reply_store_error (req, error);
      return FALSE;
    }

  return TRUE;
}

void
_sl_api_hotlist_entry_approve (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(SlHotlistEntryInfo) approved = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  SlHotlistChange change = { 0 };
  gboolean refused;

  entry = find_pending (req, "hotlist.entry.approve");
  if (entry == NULL)
    return;

  body = parse_body (req, TRUE);
  if (body == NULL)
    return;
  note = note_member (req, body, "note", FALSE, NULL, &refused);
  if (refused)
    return;

  approved = g_new0 (SlHotlistEntryInfo, 1);
  if (!fields_from_json (entry->pending->fields, approved, &error))
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  change.kind = SL_HOTLIST_CHANGE_APPROVE;
  change.version = entry->pending->version;
  change.fields = approved;
  change.note = note;
  if (!apply_decision (req, entry, "hotlist.entry.approve", "note", &change))
    return;

  reply_after_retro_hits (req, entry->id);
}

void
_sl_api_hotlist_entry_reject (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *reason = NULL;
  SlHotlistChange change = { 0 };
  gboolean refused;

  entry = find_pending (req, "hotlist.entry.reject");
  if (entry == NULL)
    return;

  body = parse_body (req, TRUE);
  if (body == NULL)
    return;
  reason = note_member (req, body, "reason", TRUE,
                        "is required: say why, so the author can correct the entry", &refused);
  if (refused)
    return;

  change.kind = SL_HOTLIST_CHANGE_REJECT;
  change.version = entry->pending->version;
  change.note = reason;
  if (!apply_decision (req, entry, "hotlist.entry.reject", "reason", &change))
    return;

  reply_entry (req, entry->id, SOUP_STATUS_OK);
}

void
_sl_api_hotlist_entry_remove (SlRequest *req)
{
  g_autoptr(SlHotlistEntryInfo) entry = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *reason = NULL;
  SlHotlistChange change = { 0 };
  const char *status;
  gboolean refused;

  if (!gate (req, "hotlist.entry.remove"))
    return;

  entry = find_entry (req);
  if (entry == NULL || !may_change (req, "hotlist.entry.remove", entry))
    return;

  status = shown_status (entry, req->now_us);
  if (g_str_equal (status, "removed") || g_str_equal (status, "rejected"))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "conflict", "The entry was already %s", status);
      return;
    }

  body = parse_body (req, TRUE);
  if (body == NULL)
    return;
  reason = note_member (req, body, "reason", TRUE,
                        "is required: say why the vehicle is no longer wanted", &refused);
  if (refused)
    return;

  /* the matcher drops it with the next batch of reads: the generation changes */
  change.kind = SL_HOTLIST_CHANGE_REMOVE;
  change.note = reason;
  if (!apply_decision (req, entry, "hotlist.entry.remove", "reason", &change))
    return;

  reply_entry (req, entry->id, SOUP_STATUS_OK);
}

/* The approval queue ------------------------------------------------------ */

static const SlHotlistEntryVersion *
version_in_force (GPtrArray *versions)
{
  for (guint i = versions->len; i > 0; i--)
    {
      const SlHotlistEntryVersion *version = g_ptr_array_index (versions, i - 1);

      if (g_str_equal (version->status, "approved"))
        return version;
    }
  return NULL;
}

void
_sl_api_hotlist_approvals_list (SlRequest *req)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  gboolean administrator;

  if (!gate (req, "hotlist.approvals.list") ||
      !_sl_request_require_role (req, APPROVER_ROLES, "hotlist.approvals.list"))
    return;

  administrator = sl_user_has_role (req->user, SL_ROLE_ADMINISTRATOR);
  entries = sl_store_list_hotlist_approvals (req->server->store, administrator ? NULL : req->user->username,
                                             req->user->username, &error);
  if (entries == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "approvals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const SlHotlistEntryInfo *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) versions = NULL;
      const SlHotlistEntryVersion *active = NULL;

      if (!g_str_equal (entry->status, "pending"))
        {
          versions = sl_store_list_hotlist_entry_versions (req->server->store, entry->id, &error);
          if (versions == NULL)
            {
              _sl_reply_gerror (req->msg, error);
              return;
            }
          active = version_in_force (versions);
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entry");
      add_entry (builder, req->server, entry, NULL, req->now_us);
      json_builder_set_member_name (builder, "version");
      add_version (builder, entry->pending);
      json_builder_set_member_name (builder, "active");
      if (active != NULL)
        add_version (builder, active);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  record = new_record (req, "hotlist.approvals.list", "ok", NULL);
  record->result_count = entries->len;
  if (!_sl_server_append_record (req->server, req->msg, record))
    return;

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
