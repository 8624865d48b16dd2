#define G_LOG_DOMAIN "sl-hotlist-version"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-json.h"
#include "sl-clock.h"
#include "sl-hotlist-version-private.h"
#include "sl-json.h"

struct _SlHotlistVersion
{
  GObject                 parent_instance;

  guint                   version;
  SlHotlistVersionStatus  status;
  SlHotlistEntryFields   *fields;
  GStrv                   changed;
  char                   *author;
  gint64                  created_at_us;
  char                   *decided_by;
  gint64                  decided_at_us;
  char                   *decision_note;
};

G_DEFINE_FINAL_TYPE (SlHotlistVersion, sl_hotlist_version, G_TYPE_OBJECT)

/* The members of an entry's fields, in the order the form shows them. */
static const char * const field_names[] = {
  "plate", "region", "reason", "case_number", "synopsis", "expires_at", "make", "model", "color", NULL,
};

static const char * const status_names[] = {
  [SL_HOTLIST_VERSION_STATUS_PENDING]  = "pending",
  [SL_HOTLIST_VERSION_STATUS_APPROVED] = "approved",
  [SL_HOTLIST_VERSION_STATUS_REJECTED] = "rejected",
};

/* Fields ------------------------------------------------------------------- */

SlHotlistEntryFields *
sl_hotlist_entry_fields_new (void)
{
  return g_new0 (SlHotlistEntryFields, 1);
}

SlHotlistEntryFields *
sl_hotlist_entry_fields_copy (const SlHotlistEntryFields *fields)
{
  SlHotlistEntryFields *copy;

  g_return_val_if_fail (fields != NULL, NULL);

  copy = g_new0 (SlHotlistEntryFields, 1);
  copy->plate = g_strdup (fields->plate);
  copy->region = g_strdup (fields->region);
  copy->reason = g_strdup (fields->reason);
  copy->case_number = g_strdup (fields->case_number);
  copy->synopsis = g_strdup (fields->synopsis);
  copy->make = g_strdup (fields->make);
  copy->model = g_strdup (fields->model);
  copy->color = g_strdup (fields->color);
  copy->expires_at_us = fields->expires_at_us;
  return copy;
}

void
sl_hotlist_entry_fields_free (SlHotlistEntryFields *fields)
{
  if (fields == NULL)
    return;

  g_free (fields->plate);
  g_free (fields->region);
  g_free (fields->reason);
  g_free (fields->case_number);
  g_free (fields->synopsis);
  g_free (fields->make);
  g_free (fields->model);
  g_free (fields->color);
  g_free (fields);
}

/**
 * sl_hotlist_entry_field_names:
 *
 * Returns: (transfer none): the API names of an entry's fields, in the
 *   order the form shows them, %NULL-terminated
 */
const char * const *
sl_hotlist_entry_field_names (void)
{
  return field_names;
}

static char * const *
string_field (const SlHotlistEntryFields *fields,
              const char                 *name)
{
  if (g_str_equal (name, "plate"))
    return &fields->plate;
  if (g_str_equal (name, "region"))
    return &fields->region;
  if (g_str_equal (name, "reason"))
    return &fields->reason;
  if (g_str_equal (name, "case_number"))
    return &fields->case_number;
  if (g_str_equal (name, "synopsis"))
    return &fields->synopsis;
  if (g_str_equal (name, "make"))
    return &fields->make;
  if (g_str_equal (name, "model"))
    return &fields->model;
  if (g_str_equal (name, "color"))
    return &fields->color;
  return NULL;
}

/**
 * sl_hotlist_entry_fields_dup_value:
 * @name: one of sl_hotlist_entry_field_names()
 *
 * Returns: (transfer full) (nullable): the field as text, the expiry in
 *   ISO 8601 UTC; %NULL when it is not set
 */
char *
sl_hotlist_entry_fields_dup_value (const SlHotlistEntryFields *fields,
                                   const char                 *name)
{
  char * const *field;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "expires_at"))
    return fields->expires_at_us != 0 ? sl_clock_format_iso8601 (fields->expires_at_us) : NULL;

  field = string_field (fields, name);
  g_return_val_if_fail (field != NULL, NULL);
  return g_strdup (*field);
}

/**
 * sl_hotlist_entry_fields_add_members:
 * @builder: a builder inside an object
 *
 * Adds the set fields as members of a request body: %NULL (and 0 for the
 * expiry) is left out; "" of an optional field is sent as null, which
 * clears it.
 */
void
sl_hotlist_entry_fields_add_members (const SlHotlistEntryFields *fields,
                                     JsonBuilder                *builder)
{
  g_return_if_fail (fields != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  for (guint i = 0; field_names[i] != NULL; i++)
    {
      const char *name = field_names[i];
      char * const *field;

      if (g_str_equal (name, "expires_at"))
        {
          if (fields->expires_at_us != 0)
            {
              g_autofree char *text = sl_clock_format_iso8601 (fields->expires_at_us);

              sl_json_builder_add_string_member (builder, name, text);
            }
          continue;
        }

      field = string_field (fields, name);
      if (*field == NULL)
        continue;

      json_builder_set_member_name (builder, name);
      if (**field == '\0' && (g_str_equal (name, "make") || g_str_equal (name, "model") ||
                              g_str_equal (name, "color")))
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, *field);
    }
}

static gboolean
parse_fields (JsonObject            *object,
              SlHotlistEntryFields  *fields,
              GError               **error)
{
  for (guint i = 0; field_names[i] != NULL; i++)
    {
      const char *name = field_names[i];

      if (g_str_equal (name, "expires_at"))
        {
          if (!_sl_client_json_get_time (object, name, FALSE, &fields->expires_at_us, error))
            return FALSE;
        }
      else if (!_sl_client_json_dup_string (object, name, FALSE, (char **) string_field (fields, name), error))
        return FALSE;
    }

  return TRUE;
}

/* An entry's own members are the same fields. */
gboolean
_sl_hotlist_entry_fields_parse (JsonObject            *object,
                                SlHotlistEntryFields  *fields,
                                GError               **error)
{
  return parse_fields (object, fields, error);
}

/* The version --------------------------------------------------------------- */

static void
sl_hotlist_version_finalize (GObject *object)
{
  SlHotlistVersion *self = SL_HOTLIST_VERSION (object);

  sl_hotlist_entry_fields_free (self->fields);
  g_strfreev (self->changed);
  g_free (self->author);
  g_free (self->decided_by);
  g_free (self->decision_note);

  G_OBJECT_CLASS (sl_hotlist_version_parent_class)->finalize (object);
}

static void
sl_hotlist_version_class_init (SlHotlistVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_hotlist_version_finalize;
}

static void
sl_hotlist_version_init (SlHotlistVersion *self)
{
  self->fields = sl_hotlist_entry_fields_new ();
}

/**
 * sl_hotlist_version_new_from_json:
 *
 * Returns: (transfer full) (nullable): the version, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE
 */
SlHotlistVersion *
sl_hotlist_version_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(SlHotlistVersion) self = g_object_new (SL_TYPE_HOTLIST_VERSION, NULL);
  g_autoptr(GStrvBuilder) changed = g_strv_builder_new ();
  JsonObject *fields = NULL;
  JsonArray *array = NULL;
  const char *status = NULL;
  gint64 version = 0;

  g_return_val_if_fail (object != NULL, NULL);

  if (!sl_json_get_int (object, "version", TRUE, &version, error) ||
      !sl_json_get_string (object, "status", TRUE, &status, error) ||
      !sl_json_get_object (object, "fields", TRUE, &fields, error) ||
      !sl_json_get_array (object, "changed", FALSE, &array, error) ||
      !_sl_client_json_dup_string (object, "author", TRUE, &self->author, error) ||
      !_sl_client_json_get_time (object, "created_at", TRUE, &self->created_at_us, error) ||
      !_sl_client_json_dup_string (object, "decided_by", FALSE, &self->decided_by, error) ||
      !_sl_client_json_get_time (object, "decided_at", FALSE, &self->decided_at_us, error) ||
      !_sl_client_json_dup_string (object, "decision_note", FALSE, &self->decision_note, error) ||
      !parse_fields (fields, self->fields, error))
    return NULL;

  if (version < 1 || version > G_MAXUINT)
    {
      _sl_client_json_invalid (error, "“%s” must be a positive number", "version");
      return NULL;
    }
  self->version = (guint) version;

  if (!sl_hotlist_version_status_from_string (status, &self->status))
    {
      _sl_client_json_invalid (error, "“%s” is not a version status", status);
      return NULL;
    }

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          _sl_client_json_invalid (error, "“%s” must hold field names", "changed");
          return NULL;
        }
      g_strv_builder_add (changed, json_node_get_string (node));
    }
  self->changed = g_strv_builder_end (changed);

  return g_steal_pointer (&self);
}

guint
sl_hotlist_version_get_version (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), 0);
  return self->version;
}

SlHotlistVersionStatus
sl_hotlist_version_get_status (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), SL_HOTLIST_VERSION_STATUS_PENDING);
  return self->status;
}

const SlHotlistEntryFields *
sl_hotlist_version_get_fields (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), NULL);
  return self->fields;
}

/**
 * sl_hotlist_version_get_changed:
 *
 * Returns: (transfer none): the fields that differ from the version in
 *   force when this one was proposed (all fields set, for version 1)
 */
const char * const *
sl_hotlist_version_get_changed (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), NULL);
  return (const char * const *) self->changed;
}

gboolean
sl_hotlist_version_has_changed (SlHotlistVersion *self,
                                const char       *field)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->changed, field);
}

const char *
sl_hotlist_version_get_author (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), NULL);
  return self->author;
}

gint64
sl_hotlist_version_get_created_at_us (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), 0);
  return self->created_at_us;
}

const char *
sl_hotlist_version_get_decided_by (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), NULL);
  return self->decided_by;
}

gint64
sl_hotlist_version_get_decided_at_us (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), 0);
  return self->decided_at_us;
}

const char *
sl_hotlist_version_get_decision_note (SlHotlistVersion *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_VERSION (self), NULL);
  return self->decision_note;
}

const char *
sl_hotlist_version_status_to_string (SlHotlistVersionStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
sl_hotlist_version_status_from_string (const char             *text,
                                       SlHotlistVersionStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = (SlHotlistVersionStatus) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sl_hotlist_version_status_get_label (SlHotlistVersionStatus status)
{
  switch (status)
    {
    case SL_HOTLIST_VERSION_STATUS_PENDING:
      return C_("hot-list version", "Waiting for approval");
    case SL_HOTLIST_VERSION_STATUS_APPROVED:
      return C_("hot-list version", "Approved");
    case SL_HOTLIST_VERSION_STATUS_REJECTED:
      return C_("hot-list version", "Rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}
