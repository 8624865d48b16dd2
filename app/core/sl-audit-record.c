#define G_LOG_DOMAIN "sl-audit-record"

#include "config.h"

#include <string.h>

#include "sl-audit-record.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-role.h"
#include "sl-user.h"

G_DEFINE_BOXED_TYPE (SlAuditRecord, sl_audit_record, sl_audit_record_copy, sl_audit_record_free)

SlAuditRecord *
sl_audit_record_new (const char *action,
                     const char *outcome)
{
  SlAuditRecord *self;

  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (outcome != NULL, NULL);

  self = g_new0 (SlAuditRecord, 1);
  self->action = g_strdup (action);
  self->outcome = g_strdup (outcome);
  self->result_count = -1;
  return self;
}

SlAuditRecord *
sl_audit_record_copy (const SlAuditRecord *self)
{
  SlAuditRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->username = g_strdup (self->username);
  copy->organization = g_strdup (self->organization);
  copy->role = g_strdup (self->role);
  copy->action = g_strdup (self->action);
  copy->plate = g_strdup (self->plate);
  copy->data = g_strdup (self->data);
  copy->case_number = g_strdup (self->case_number);
  copy->purpose_code = g_strdup (self->purpose_code);
  copy->purpose_note = g_strdup (self->purpose_note);
  copy->outcome = g_strdup (self->outcome);
  copy->client_address = g_strdup (self->client_address);
  copy->policy_version = g_strdup (self->policy_version);
  copy->prev_hash = g_strdup (self->prev_hash);
  copy->hash = g_strdup (self->hash);
  return copy;
}

void
sl_audit_record_free (SlAuditRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->username);
  g_free (self->organization);
  g_free (self->role);
  g_free (self->action);
  g_free (self->plate);
  g_free (self->data);
  g_free (self->case_number);
  g_free (self->purpose_code);
  g_free (self->purpose_note);
  g_free (self->outcome);
  g_free (self->client_address);
  g_free (self->policy_version);
  g_free (self->prev_hash);
  g_free (self->hash);
  g_free (self);
}

/* Fills who acted: username, organization and the role that carries the most authority. */
void
sl_audit_record_set_user (SlAuditRecord *self,
                          const SlUser  *user)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (user != NULL);

  g_free (self->username);
  self->username = g_strdup (user->username);
  g_free (self->organization);
  self->organization = g_strdup (user->organization);
  g_free (self->role);
  self->role = g_strdup (sl_roles_primary (user->roles));
}

/* Length-prefixed so that no two different records serialize alike. */
static void
add_text (GChecksum  *checksum,
          const char *text)
{
  char prefix[32];

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-|", 2);
      return;
    }

  g_snprintf (prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", strlen (text));
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_update (checksum, (const guchar *) "|", 1);
}

static void
add_int (GChecksum *checksum,
         gint64     value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  add_text (checksum, text);
}

/**
 * sl_audit_record_compute_hash:
 *
 * Returns: (transfer full): the hex SHA-256 of every field but @hash,
 *   @prev_hash included, so each record seals its predecessor.
 */
char *
sl_audit_record_compute_hash (const SlAuditRecord *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (self != NULL, NULL);

  add_text (checksum, "sightline-audit-v1");
  add_int (checksum, self->seq);
  add_int (checksum, self->time_us);
  add_text (checksum, self->username);
  add_text (checksum, self->organization);
  add_text (checksum, self->role);
  add_text (checksum, self->action);
  add_text (checksum, self->plate);
  add_text (checksum, self->data);
  add_text (checksum, self->case_number);
  add_text (checksum, self->purpose_code);
  add_text (checksum, self->purpose_note);
  add_int (checksum, self->result_count);
  add_text (checksum, self->outcome);
  add_text (checksum, self->client_address);
  add_text (checksum, self->policy_version);
  add_text (checksum, self->prev_hash);

  return g_strdup (g_checksum_get_string (checksum));
}

JsonNode *
sl_audit_record_to_json (const SlAuditRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *time = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  time = sl_clock_format_iso8601 (self->time_us);

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "seq", self->seq);
  sl_json_builder_add_string_member (builder, "time", time);
  sl_json_builder_add_string_member (builder, "username", self->username);
  sl_json_builder_add_string_member (builder, "organization", self->organization);
  sl_json_builder_add_string_member (builder, "role", self->role);
  sl_json_builder_add_string_member (builder, "action", self->action);
  sl_json_builder_add_string_member (builder, "plate", self->plate);

  json_builder_set_member_name (builder, "data");
  {
    g_autoptr(JsonObject) data = NULL;

    if (self->data != NULL)
      data = sl_json_parse_object (self->data, -1, NULL);
    if (data != NULL)
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), data));
    else
      json_builder_add_null_value (builder);
  }

  sl_json_builder_add_string_member (builder, "case_number", self->case_number);
  sl_json_builder_add_string_member (builder, "purpose_code", self->purpose_code);
  sl_json_builder_add_string_member (builder, "purpose_note", self->purpose_note);
  json_builder_set_member_name (builder, "result_count");
  if (self->result_count >= 0)
    json_builder_add_int_value (builder, self->result_count);
  else
    json_builder_add_null_value (builder);
  sl_json_builder_add_string_member (builder, "outcome", self->outcome);
  sl_json_builder_add_string_member (builder, "client_address", self->client_address);
  sl_json_builder_add_string_member (builder, "policy_version", self->policy_version);
  sl_json_builder_add_string_member (builder, "prev_hash", self->prev_hash);
  sl_json_builder_add_string_member (builder, "hash", self->hash);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * sl_audit_record_is_search:
 *
 * Returns: whether @self records a search that was made (a plate search,
 *   a track or a multi-place search, not one the gate refused)
 */
gboolean
sl_audit_record_is_search (const SlAuditRecord *self)
{
  static const char * const actions[] = { "search.plate", "search.track", "search.multi_place" };

  g_return_val_if_fail (self != NULL, FALSE);

  if (g_strcmp0 (self->outcome, "ok") != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (self->action, actions[i]) == 0)
      return TRUE;
  return FALSE;
}
