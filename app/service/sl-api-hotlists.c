#define G_LOG_DOMAIN "sl-api-hotlists"

#include "config.h"

#include <string.h>

#include "sl-hotlist-schedule.h"
#include "sl-csv.h"
#include "sl-server-private.h"

/* Hot lists as a whole (issue 5): read, create, change, import, export.
 * Their entries one by one are in sl-api-hotlist-entries.c. */

#define HOTLIST_ROLES (SL_ROLE_OFFICER | SL_ROLE_ANALYST | SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)
/* Covert lists, like their hits, reach these roles only. */
#define COVERT_ROLES  (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)

#define MAX_NAME_LENGTH   80
#define MAX_SOURCE_LENGTH 40

/* The members a person sets, in the order the log lists changes. */
static const char * const setting_members[] = {
  "name", "kind", "source", "priority", "alert_level", "covert", "tolerance", "active",
  "import_source", "import_time",
};

/* Gates ----------------------------------------------------------------------- */

static gboolean
gate (SlRequest  *req,
      SlRoles     roles,
      const char *audit_action)
{
  return _sl_request_require_role (req, roles, audit_action) &&
         !_sl_request_training_expired (req, audit_action);
}

/* The list @id as the caller may see it; replies 404 when there is none
 * (a covert list, to those who may not see it, is none). */
static SlHotlistInfo *
find_visible_list (SlRequest *req,
                   gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlHotlistInfo) list = sl_store_find_hotlist (req->server->store, id, req->now_us, &error);

  if (list == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      _sl_reply_gerror (req->msg, error);
      return NULL;
    }

  if (list == NULL || (list->covert && !sl_user_has_role (req->user, COVERT_ROLES)))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                       "There is no hot list %" G_GINT64_FORMAT, id);
      return NULL;
    }

  return g_steal_pointer (&list);
}

static gboolean
is_general (const SlHotlistInfo *list)
{
  return g_strcmp0 (list->kind, "general") == 0;
}

static gboolean
refuse_specific (SlRequest           *req,
                 const SlHotlistInfo *list)
{
  if (is_general (list))
    return FALSE;

  _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "specific_list",
                   "“%s” is a specific list: its entries are entered and approved one by one, "
                   "never replaced from a file", list->name);
  return TRUE;
}

/* JSON ------------------------------------------------------------------------ */

static const char *
import_state (const SlHotlistInfo *list)
{
  if (list->imported_us == 0 && list->import_failed_us == 0)
    return "never";
  if (list->import_failed_us > list->imported_us)
    return "failed";
  return "ok";
}

/* The stored summary, as the API shapes it; members it lacks count 0. */
static void
add_last_summary (JsonBuilder         *builder,
                  const SlHotlistInfo *list)
{
  g_autoptr(JsonObject) stored = NULL;
  JsonArray *lines = NULL;
  static const char * const counts[] = { "added", "removed", "rejected" };

  json_builder_set_member_name (builder, "last_summary");
  if (list->imported_us == 0 || list->import_summary == NULL ||
      (stored = sl_json_parse_object (list->import_summary, -1, NULL)) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 value = 0;

      if (!sl_json_get_int (stored, counts[i], FALSE, &value, NULL))
        value = 0;
      sl_json_builder_add_int_member (builder, counts[i], value);
    }
  json_builder_set_member_name (builder, "rejected_lines");
  if (sl_json_get_array (stored, "rejected_lines", FALSE, &lines, NULL) && lines != NULL)
    json_builder_add_value (builder, json_node_copy (json_object_get_member (stored, "rejected_lines")));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static void
add_hotlist (JsonBuilder         *builder,
             const SlHotlistInfo *list)
{
  const char *state = import_state (list);

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "id", list->id);
  sl_json_builder_add_string_member (builder, "name", list->name);
  sl_json_builder_add_string_member (builder, "kind", list->kind);
  sl_json_builder_add_string_member (builder, "source", list->source);
  sl_json_builder_add_int_member (builder, "priority", list->priority);
  sl_json_builder_add_string_member (builder, "alert_level", list->alert_level);
  json_builder_set_member_name (builder, "covert");
  json_builder_add_boolean_value (builder, list->covert);
  sl_json_builder_add_int_member (builder, "tolerance", list->tolerance);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, list->active);
  _sl_json_add_time_member (builder, "created_at", list->created_us);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "pending", list->n_pending);
  sl_json_builder_add_int_member (builder, "active", list->n_active);
  sl_json_builder_add_int_member (builder, "expired", list->n_expired);
  sl_json_builder_add_int_member (builder, "removed", list->n_removed);
  sl_json_builder_add_int_member (builder, "rejected", list->n_rejected);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "import");
  json_builder_begin_object (builder);
  _sl_json_add_nullable_string (builder, "source", list->import_source);
  _sl_json_add_nullable_string (builder, "time", list->import_time);
  _sl_json_add_time_member (builder, "last_at", list->imported_us);
  add_last_summary (builder, list);
  _sl_json_add_time_member (builder, "next_at",
                            is_general (list) && list->import_source != NULL && list->import_time != NULL
                            ? list->import_next_us : 0);
  sl_json_builder_add_string_member (builder, "state", state);
  _sl_json_add_nullable_string (builder, "error", g_str_equal (state, "failed") ? list->import_error : NULL);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

static JsonNode *
hotlist_to_json (const SlHotlistInfo *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_hotlist (builder, list);
  return json_builder_get_root (builder);
}

/* Settings -------------------------------------------------------------------- */

static const char *
get_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_integer (JsonNode *node,
             gint64   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_flag (JsonNode *node,
          gboolean *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

static void
replace_text (char       **field,
              const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* A text member: trimmed, not empty, at most @max characters. */
static void
apply_text (JsonObject  *fields,
            const char  *member,
            JsonNode    *node,
            guint        max,
            char       **field)
{
  const char *text = get_text (node);
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    {
      _sl_field_error (fields, member, "%s must be text", member);
      return;
    }

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    _sl_field_error (fields, member, "%s must not be empty", member);
  else if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > max)
    _sl_field_error (fields, member, "%s is at most %u characters", member, max);
  else
    replace_text (field, trimmed);
}

/* A member that may be null to switch the daily import off. */
static void
apply_optional_text (JsonObject  *fields,
                     const char  *member,
                     JsonNode    *node,
                     char       **field)
{
  const char *text;

  if (JSON_NODE_HOLDS_NULL (node) || ((text = get_text (node)) != NULL && *text == '\0'))
    {
      g_clear_pointer (field, g_free);
      return;
    }

  if (text == NULL)
    {
      _sl_field_error (fields, member, "%s must be text or null", member);
      return;
    }

  replace_text (field, text);
}

static void
apply_member (JsonObject    *fields,
              const char    *member,
              JsonNode      *node,
              gboolean       creating,
              SlHotlistInfo *list)
{
  gint64 number;
  const char *text;

  if (g_str_equal (member, "name"))
    apply_text (fields, member, node, MAX_NAME_LENGTH, &list->name);
  else if (g_str_equal (member, "kind"))
    {
      text = get_text (node);
      if (!creating)
        _sl_field_error (fields, member, "A list's kind cannot change; create a new list instead");
      else if (g_strcmp0 (text, "general") != 0 && g_strcmp0 (text, "specific") != 0)
        _sl_field_error (fields, member, "kind is “general” (imported in bulk) or “specific” (entered by members)");
      else
        replace_text (&list->kind, text);
    }
  else if (g_str_equal (member, "source"))
    apply_text (fields, member, node, MAX_SOURCE_LENGTH, &list->source);
  else if (g_str_equal (member, "priority"))
    {
      if (!get_integer (node, &number) || number < 0 || number > 100)
        _sl_field_error (fields, member, "priority is a whole number from 0 (first) to 100");
      else
        list->priority = (int) number;
    }
  else if (g_str_equal (member, "alert_level"))
    {
      text = get_text (node);
      if (g_strcmp0 (text, "high") != 0 && g_strcmp0 (text, "medium") != 0 && g_strcmp0 (text, "low") != 0)
        _sl_field_error (fields, member, "alert_level is “high”, “medium” or “low”");
      else
        replace_text (&list->alert_level, text);
    }
  else if (g_str_equal (member, "covert"))
    {
      if (!get_flag (node, &list->covert))
        _sl_field_error (fields, member, "covert is true or false");
    }
  else if (g_str_equal (member, "tolerance"))
    {
      if (!get_integer (node, &number) || number < 0 || number > 2)
        _sl_field_error (fields, member, "tolerance is 0, 1 or 2 look-alike characters");
      else
        list->tolerance = (guint) number;
    }
  else if (g_str_equal (member, "active"))
    {
      if (!get_flag (node, &list->active))
        _sl_field_error (fields, member, "active is true or false");
    }
  else if (g_str_equal (member, "import_source"))
    apply_optional_text (fields, member, node, &list->import_source);
  else if (g_str_equal (member, "import_time"))
    apply_optional_text (fields, member, node, &list->import_time);
  else
    _sl_field_error (fields, member, "A hot list has no member “%s”", member);
}

/* Applies the members of @body to @list; FALSE, having replied 422 or 400, when any is wrong. */
static gboolean
apply_settings (SlRequest     *req,
                JsonObject    *body,
                gboolean       creating,
                SlHotlistInfo *list)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (body);
  g_autoptr(GError) error = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    apply_member (fields, l->data, json_object_get_member (body, l->data), creating, list);

  if (creating && list->name == NULL)
    _sl_field_error (fields, "name", "name is required");
  if (creating && list->kind == NULL)
    _sl_field_error (fields, "kind", "kind is required: “general” or “specific”");

  if (list->import_source != NULL && !sl_hotlist_import_source_check (list->import_source, &error))
    _sl_field_error (fields, "import_source", "%s", error->message);
  if (list->import_time != NULL && !sl_hotlist_import_time_parse (list->import_time, NULL, NULL))
    _sl_field_error (fields, "import_time", "import_time is “HH:MM”, the service's local time, e.g. “05:30”");
  if ((list->import_source != NULL || list->import_time != NULL) && list->kind != NULL &&
      !g_str_equal (list->kind, "general"))
    _sl_field_error (fields, list->import_source != NULL ? "import_source" : "import_time",
                 "Only general lists are imported; a specific list's entries are entered by members");
  if (list->import_source != NULL && list->import_time == NULL)
    _sl_field_error (fields, "import_time", "A daily import needs a time as well as a source");
  if (list->import_time != NULL && list->import_source == NULL)
    _sl_field_error (fields, "import_source", "A daily import needs a source as well as a time");

  if (json_object_get_size (fields) > 0)
    {
      _sl_reply_invalid_fields (req->msg, "invalid_hotlist", "The hot list cannot be saved", fields);
      return FALSE;
    }

  return TRUE;
}

/* The value of a setting, for the access log. */
static JsonNode *
setting_json (const SlHotlistInfo *list,
              const char          *member)
{
  JsonNode *node = json_node_alloc ();

  if (g_str_equal (member, "name"))
    return json_node_init_string (node, list->name);
  if (g_str_equal (member, "kind"))
    return json_node_init_string (node, list->kind);
  if (g_str_equal (member, "source"))
    return json_node_init_string (node, list->source);
  if (g_str_equal (member, "priority"))
    return json_node_init_int (node, list->priority);
  if (g_str_equal (member, "alert_level"))
    return json_node_init_string (node, list->alert_level);
  if (g_str_equal (member, "covert"))
    return json_node_init_boolean (node, list->covert);
  if (g_str_equal (member, "tolerance"))
    return json_node_init_int (node, list->tolerance);
  if (g_str_equal (member, "active"))
    return json_node_init_boolean (node, list->active);
  if (g_str_equal (member, "import_source") && list->import_source != NULL)
    return json_node_init_string (node, list->import_source);
  if (g_str_equal (member, "import_time") && list->import_time != NULL)
    return json_node_init_string (node, list->import_time);
  return json_node_init_null (node);
}

static SlHotlistInfo *
copy_list (const SlHotlistInfo *list)
{
  SlHotlistInfo *copy = g_memdup2 (list, sizeof *list);

  copy->name = g_strdup (list->name);
  copy->source = g_strdup (list->source);
  copy->kind = g_strdup (list->kind);
  copy->alert_level = g_strdup (list->alert_level);
  copy->import_source = g_strdup (list->import_source);
  copy->import_time = g_strdup (list->import_time);
  copy->import_summary = g_strdup (list->import_summary);
  copy->import_error = g_strdup (list->import_error);
  return copy;
}

/* Lists ----------------------------------------------------------------------- */

/* GET /hotlists: every list the caller may see, with counts and import state. */
void
_sl_api_hotlists_list (SlRequest *req)
{
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!gate (req, HOTLIST_ROLES, NULL))
    return;

  lists = sl_store_list_hotlists (req->server->store, sl_user_has_role (req->user, COVERT_ROLES),
                                  req->now_us, &error);
  if (lists == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hotlists");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lists->len; i++)
    add_hotlist (builder, g_ptr_array_index (lists, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _sl_reply_json (req->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /hotlists/{id} */
void
_sl_api_hotlists_get (SlRequest *req)
{
  g_autoptr(SlHotlistInfo) list = NULL;
  gint64 id;

  if (!gate (req, HOTLIST_ROLES, NULL) || !_sl_request_parse_id (req, "a hot list's id", &id))
    return;

  list = find_visible_list (req, id);
  if (list == NULL)
    return;

  _sl_reply_json (req->msg, SOUP_STATUS_OK, hotlist_to_json (list));
}

static void
reply_list (SlRequest *req,
            gint64     id,
            guint      status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlHotlistInfo) list = sl_store_find_hotlist (req->server->store, id, req->now_us, &error);

  if (list == NULL)
    {
      _sl_reply_gerror (req->msg, error);
      return;
    }

  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location = g_strdup_printf ("/api/v1/hotlists/%" G_GINT64_FORMAT, id);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", location);
    }
  _sl_reply_json (req->msg, status, hotlist_to_json (list));
}

static void
reply_name_taken (SlRequest           *req,
                  const SlHotlistInfo *list)
{
  _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "name_taken",
                   "There is a hot list named “%s” already; choose another name", list->name);
}

/* POST /hotlists (administrator): creating a specific list is the ALPR
 * Administrator's approval of it. */
void
_sl_api_hotlists_create (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SlHotlistInfo) list = g_new0 (SlHotlistInfo, 1);
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;

  if (!gate (req, SL_ROLE_ADMINISTRATOR, "hotlist.create"))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  list->source = g_strdup ("local");
  list->priority = 50;
  list->alert_level = g_strdup ("high");
  list->tolerance = 1;
  list->active = TRUE;
  if (!apply_settings (req, body, TRUE, list))
    return;

  list->created_us = req->now_us;
  if (list->import_source != NULL)
    list->import_next_us = sl_hotlist_import_next_us (list->import_time, req->now_us);

  record = _sl_server_new_record (req->server, req->msg, "hotlist.create", "ok", req->user);
  json_builder_begin_object (data);
  for (guint i = 0; i < G_N_ELEMENTS (setting_members); i++)
    {
      json_builder_set_member_name (data, setting_members[i]);
      json_builder_add_value (data, setting_json (list, setting_members[i]));
    }
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  /* the list and its record go in together, or neither does */
  if (!sl_store_create_hotlist (req->server->store, list, record, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_EXISTS))
        reply_name_taken (req, list);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_hotlist_schedule_due_at (req->server->hotlist_schedule, list->import_next_us);
  reply_list (req, list->id, SOUP_STATUS_CREATED);
}

/* PATCH /hotlists/{id} (administrator): any setting but the kind; the log
 * holds each changed member before and after. */
void
_sl_api_hotlists_update (SlRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SlHotlistInfo) before = NULL;
  g_autoptr(SlHotlistInfo) after = NULL;
  g_autoptr(SlAuditRecord) record = NULL;
  g_autoptr(JsonBuilder) data = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean schedule_changed;
  guint n_changed = 0;
  gint64 id;

  if (!gate (req, SL_ROLE_ADMINISTRATOR, "hotlist.update") || !_sl_request_parse_id (req, "a hot list's id", &id))
    return;

  body = _sl_request_parse_body (req);
  if (body == NULL)
    return;

  before = find_visible_list (req, id);
  if (before == NULL)
    return;

  after = copy_list (before);
  if (!apply_settings (req, body, FALSE, after))
    return;

  schedule_changed = g_strcmp0 (before->import_source, after->import_source) != 0 ||
                     g_strcmp0 (before->import_time, after->import_time) != 0;
  if (after->import_source == NULL)
    after->import_next_us = 0;
  else if (schedule_changed || after->import_next_us == 0)
    after->import_next_us = sl_hotlist_import_next_us (after->import_time, req->now_us);

  record = _sl_server_new_record (req->server, req->msg, "hotlist.update", "ok", req->user);
  json_builder_begin_object (data);
  sl_json_builder_add_int_member (data, "list_id", id);
  sl_json_builder_add_string_member (data, "name", before->name);
  json_builder_set_member_name (data, "changed");
  json_builder_begin_object (data);
  for (guint i = 0; i < G_N_ELEMENTS (setting_members); i++)
    {
      g_autoptr(JsonNode) old_value = setting_json (before, setting_members[i]);
      g_autoptr(JsonNode) new_value = setting_json (after, setting_members[i]);

      if (json_node_equal (old_value, new_value))
        continue;

      n_changed++;
      json_builder_set_member_name (data, setting_members[i]);
      json_builder_begin_object (data);
      json_builder_set_member_name (data, "before");
      json_builder_add_value (data, g_steal_pointer (&old_value));
      json_builder_set_member_name (data, "after");
      json_builder_add_value (data, g_steal_pointer (&new_value));
      json_builder_end_object (data);
    }
  json_builder_end_object (data);
  json_builder_end_object (data);
  _sl_record_take_data (record, data);

  /* nothing changed, nothing to log */
  if (n_changed == 0)
    {
      _sl_reply_json (req->msg, SOUP_STATUS_OK, hotlist_to_json (before));
      return;
    }

  if (!sl_store_update_hotlist (req->server->store, after, record, &error))
    {
      if (g_error_matches (error, SL_ERROR, SL_ERROR_EXISTS))
        reply_name_taken (req, after);
      else
        _sl_reply_gerror (req->msg, error);
      return;
    }

  _sl_hotlist_schedule_due_at (req->server->hotlist_schedule, after->import_next_us);
  if (before->priority != after->priority || before->tolerance != after->tolerance ||
      before->active != after->active)
    _sl_server_reload_matcher_async (req->server);
  reply_list (req, id, SOUP_STATUS_OK);
}

/* Imports --------------------------------------------------------------------- */

typedef struct
{
  SlServer          *server;
  SoupServerMessage *msg;       /* paused until the import is over */
} PendingImport;

static void
import_done_cb (SlHotlistImport *import,
                const GError    *error,
                gpointer         data)
{
  PendingImport *pending = data;

  if (import != NULL)
    _sl_reply_json (pending->msg, SOUP_STATUS_OK, sl_hotlist_import_to_json (import));
  else if (g_error_matches (error, SL_ERROR, SL_ERROR_INVALID))
    _sl_reply_error (pending->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_csv",
                     "The file is no list of plates: %s", error->message);
  else if (g_error_matches (error, SL_ERROR, SL_ERROR_RULE))
    _sl_reply_error (pending->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "import_failed", "%s", error->message);
  else
    _sl_reply_gerror (pending->msg, error);

  soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_object_unref (pending->server);
  g_free (pending);
}

/* Checks common to both imports; the list when it may be imported into now. */
static SlHotlistInfo *
importable_list (SlRequest *req)
{
  g_autoptr(SlHotlistInfo) list = NULL;
  gint64 id;

  if (!gate (req, SL_ROLE_ADMINISTRATOR, "hotlist.import") || !_sl_request_parse_id (req, "a hot list's id", &id))
    return NULL;

  list = find_visible_list (req, id);
  if (list == NULL || refuse_specific (req, list))
    return NULL;

  if (_sl_hotlist_schedule_is_running (req->server->hotlist_schedule, id))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "import_running",
                       "“%s” is being imported right now; try again when that import is over", list->name);
      return NULL;
    }

  return g_steal_pointer (&list);
}

static void
start_import (SlRequest           *req,
              const SlHotlistInfo *list,
              const char          *source,
              GBytes              *csv)
{
  PendingImport *pending = g_new0 (PendingImport, 1);
  SlAuditRecord *record = _sl_server_new_record (req->server, req->msg, "hotlist.import", "ok", req->user);

  pending->server = g_object_ref (req->server);
  pending->msg = g_object_ref (req->msg);
  soup_server_message_pause (req->msg);
  _sl_hotlist_schedule_import (req->server->hotlist_schedule, list->id, source, csv, record,
                               import_done_cb, pending);
}

static gboolean
is_csv_type (const char *type)
{
  static const char * const types[] = {
    "text/csv", "text/plain", "application/csv", "application/octet-stream", "application/vnd.ms-excel",
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (type, types[i]) == 0)
      return TRUE;
  return FALSE;
}

/* POST /hotlists/{id}/import (administrator, general lists): the body is the CSV file. */
void
_sl_api_hotlists_import (SlRequest *req)
{
  g_autoptr(SlHotlistInfo) list = NULL;
  g_autoptr(GBytes) csv = NULL;
  const char *type;

  list = importable_list (req);
  if (list == NULL)
    return;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  if (!is_csv_type (type))
    {
      _sl_reply_error (req->msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                       "Send the list as the body with “Content-Type: text/csv”, not %s",
                       type != NULL ? type : "without a type");
      return;
    }

  csv = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  start_import (req, list, "upload", csv);
}

/* POST /hotlists/{id}/import-now (administrator): the daily import, at once. */
void
_sl_api_hotlists_import_now (SlRequest *req)
{
  g_autoptr(SlHotlistInfo) list = importable_list (req);

  if (list == NULL)
    return;

  if (list->import_source == NULL)
    {
      _sl_reply_error (req->msg, SOUP_STATUS_CONFLICT, "no_import_source",
                       "“%s” has no import source; set import_source and import_time first", list->name);
      return;
    }

  start_import (req, list, list->import_source, NULL);
}

/* Export ---------------------------------------------------------------------- */

typedef struct
{
  /* owned references */
  SlServer          *server;
  SoupServerMessage *msg;       /* paused while the export runs */

  /* owned */
  SlHotlistInfo     *list;
  SlAuditRecord     *record;
  GString           *csv;
  gint64             rows;
  gint64             now_us;
  gboolean           audit_failed;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->server);
  g_clear_object (&export->msg);
  g_clear_pointer (&export->list, sl_hotlist_info_free);
  g_clear_pointer (&export->record, sl_audit_record_free);
  if (export->csv != NULL)
    g_string_free (export->csv, TRUE);
  g_free (export);
}

static void
append_time (GString *csv,
             gint64   time_us)
{
  g_autofree char *text = time_us != 0 ? sl_clock_format_iso8601 (time_us) : NULL;

  sl_csv_append (csv, FALSE, text, TRUE);
}

static gboolean
export_row_cb (const SlHotlistExportRow *row,
               gpointer                  data)
{
  Export *export = data;
  GString *csv = export->csv;

  sl_csv_append (csv, TRUE, row->plate, TRUE);
  sl_csv_append (csv, FALSE, row->region, TRUE);
  sl_csv_append (csv, FALSE, row->category, TRUE);
  sl_csv_append (csv, FALSE, row->case_number, TRUE);
  append_time (csv, row->effective_us);
  append_time (csv, row->expires_us);
  sl_csv_append (csv, FALSE, row->status, TRUE);
  if (!is_general (export->list))
    sl_csv_append (csv, FALSE, row->entered_by, TRUE);
  g_string_append (csv, "\r\n");
  export->rows++;
  return TRUE;
}

static void
run_export_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Export *export = data;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;

  store = sl_store_open_sibling (export->server->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* the columns an import reads, so an export can be imported again */
  export->csv = g_string_new ("plate,state,category,case_number,effective,expiry,status");
  g_string_append (export->csv, is_general (export->list) ? "\r\n" : ",entered_by\r\n");
  if (!sl_store_foreach_hotlist_row (store, export->list->id, export->now_us, export_row_cb, export, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* logged before anything leaves: without the record, no export */
  export->record->result_count = export->rows;
  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "list_id", export->list->id);
  sl_json_builder_add_string_member (builder, "name", export->list->name);
  sl_json_builder_add_string_member (builder, "format", "csv");
  json_builder_end_object (builder);
  _sl_record_take_data (export->record, builder);
  if (!sl_store_audit_append (store, export->record, &error))
    {
      export->audit_failed = TRUE;
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      data)
{
  Export *export = g_task_get_task_data (G_TASK (result));
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (export->msg);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (export->audit_failed)
        _sl_reply_error (export->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "audit_unavailable",
                         "The access log cannot be written (%s), so the list was not exported; "
                         "tell the system administrator", error->message);
      else
        _sl_reply_gerror (export->msg, error);
    }
  else
    {
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"hotlist-%" G_GINT64_FORMAT ".csv\"",
                                                      export->list->id);
      gsize length = export->csv->len;

      soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
      soup_message_headers_replace (headers, "Content-Disposition", disposition);
      soup_server_message_set_status (export->msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (export->msg, "text/csv; charset=utf-8", SOUP_MEMORY_TAKE,
                                        g_string_free (g_steal_pointer (&export->csv), FALSE), length);
    }

  soup_server_message_unpause (export->msg);
}

/* GET /hotlists/{id}/export.csv: the list's entries, built off the main loop. */
void
_sl_api_hotlists_export (SlRequest *req)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SlHotlistInfo) list = NULL;
  Export *export;
  gint64 id;

  if (!gate (req, HOTLIST_ROLES, "hotlist.export") || !_sl_request_parse_id (req, "a hot list's id", &id))
    return;

  list = find_visible_list (req, id);
  if (list == NULL)
    return;

  export = g_new0 (Export, 1);
  export->server = g_object_ref (req->server);
  export->msg = g_object_ref (req->msg);
  export->list = g_steal_pointer (&list);
  export->record = _sl_server_new_record (req->server, req->msg, "hotlist.export", "ok", req->user);
  export->now_us = req->now_us;

  soup_server_message_pause (req->msg);
  task = g_task_new (NULL, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, _sl_api_hotlists_export);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, run_export_thread);
}
