#define G_LOG_DOMAIN "sl-hotlist-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-json.h"
#include "sl-hotlist-entry.h"
#include "sl-hotlist-version-private.h"
#include "sl-json.h"

struct _SlHotlistEntry
{
  GObject               parent_instance;

  gint64                id;
  gint64                list_id;
  char                 *list_name;
  gboolean              is_pattern;
  char                 *reason_label;
  SlHotlistEntryStatus  status;
  gint64                effective_at_us;
  char                 *entered_by;
  char                 *entered_by_name;
  gint64                created_at_us;
  char                 *approved_by;
  gint64                approved_at_us;

  /* owned references */
  SlHotlistEntryFields *fields;
  SlHotlistVersion     *pending_update;
  GListStore           *versions;
  gboolean              has_versions;
};

G_DEFINE_FINAL_TYPE (SlHotlistEntry, sl_hotlist_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LIST_NAME,
  PROP_PLATE,
  PROP_REGION,
  PROP_REASON_LABEL,
  PROP_CASE_NUMBER,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_EXPIRES_AT,
  PROP_ENTERED_BY,
  PROP_ENTERED_BY_NAME,
  PROP_CREATED_AT,
  PROP_HAS_PENDING_UPDATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = {
  [SL_HOTLIST_ENTRY_STATUS_PENDING]  = "pending",
  [SL_HOTLIST_ENTRY_STATUS_ACTIVE]   = "active",
  [SL_HOTLIST_ENTRY_STATUS_EXPIRED]  = "expired",
  [SL_HOTLIST_ENTRY_STATUS_REMOVED]  = "removed",
  [SL_HOTLIST_ENTRY_STATUS_REJECTED] = "rejected",
};

static gboolean
parse_entry (SlHotlistEntry  *self,
             JsonObject      *object,
             GError         **error)
{
  JsonObject *pending = NULL;
  JsonArray *versions = NULL;
  const char *status = NULL;

  if (!sl_json_get_int (object, "id", TRUE, &self->id, error) ||
      !sl_json_get_int (object, "list_id", TRUE, &self->list_id, error) ||
      !_sl_client_json_dup_string (object, "list_name", FALSE, &self->list_name, error) ||
      !sl_json_get_boolean (object, "is_pattern", FALSE, &self->is_pattern, error) ||
      !_sl_client_json_dup_string (object, "reason_label", FALSE, &self->reason_label, error) ||
      !sl_json_get_string (object, "status", TRUE, &status, error) ||
      !_sl_client_json_get_time (object, "effective_at", FALSE, &self->effective_at_us, error) ||
      !_sl_client_json_dup_string (object, "entered_by", FALSE, &self->entered_by, error) ||
      !_sl_client_json_dup_string (object, "entered_by_name", FALSE, &self->entered_by_name, error) ||
      !_sl_client_json_get_time (object, "created_at", FALSE, &self->created_at_us, error) ||
      !_sl_client_json_dup_string (object, "approved_by", FALSE, &self->approved_by, error) ||
      !_sl_client_json_get_time (object, "approved_at", FALSE, &self->approved_at_us, error) ||
      !sl_json_get_object (object, "pending_update", FALSE, &pending, error) ||
      !sl_json_get_array (object, "versions", FALSE, &versions, error) ||
      !_sl_hotlist_entry_fields_parse (object, self->fields, error))
    return FALSE;

  if (self->fields->plate == NULL)
    return _sl_client_json_invalid (error, "“%s” is required", "plate");

  if (!sl_hotlist_entry_status_from_string (status, &self->status))
    return _sl_client_json_invalid (error, "“%s” is not an entry status", status);

  if (pending != NULL)
    {
      self->pending_update = sl_hotlist_version_new_from_json (pending, error);
      if (self->pending_update == NULL)
        return FALSE;
    }

  self->has_versions = versions != NULL;
  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonNode *node = json_array_get_element (versions, i);
      g_autoptr(SlHotlistVersion) version = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _sl_client_json_invalid (error, "“%s” must hold objects", "versions");
      version = sl_hotlist_version_new_from_json (json_node_get_object (node), error);
      if (version == NULL)
        return FALSE;
      g_list_store_append (self->versions, version);
    }

  return TRUE;
}

static void
sl_hotlist_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlHotlistEntry *self = SL_HOTLIST_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LIST_NAME:
      g_value_set_string (value, self->list_name);
      break;
    case PROP_PLATE:
      g_value_set_string (value, self->fields->plate);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->fields->region);
      break;
    case PROP_REASON_LABEL:
      g_value_set_string (value, sl_hotlist_entry_get_reason_label (self));
      break;
    case PROP_CASE_NUMBER:
      g_value_set_string (value, self->fields->case_number);
      break;
    case PROP_STATUS:
      g_value_set_string (value, sl_hotlist_entry_status_to_string (self->status));
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, sl_hotlist_entry_status_get_label (self->status));
      break;
    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, self->fields->expires_at_us);
      break;
    case PROP_ENTERED_BY:
      g_value_set_string (value, self->entered_by);
      break;
    case PROP_ENTERED_BY_NAME:
      g_value_set_string (value, self->entered_by_name);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at_us);
      break;
    case PROP_HAS_PENDING_UPDATE:
      g_value_set_boolean (value, self->pending_update != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_hotlist_entry_dispose (GObject *object)
{
  SlHotlistEntry *self = SL_HOTLIST_ENTRY (object);

  g_clear_object (&self->pending_update);
  g_clear_object (&self->versions);

  G_OBJECT_CLASS (sl_hotlist_entry_parent_class)->dispose (object);
}

static void
sl_hotlist_entry_finalize (GObject *object)
{
  SlHotlistEntry *self = SL_HOTLIST_ENTRY (object);

  g_free (self->list_name);
  g_free (self->reason_label);
  g_free (self->entered_by);
  g_free (self->entered_by_name);
  g_free (self->approved_by);
  sl_hotlist_entry_fields_free (self->fields);

  G_OBJECT_CLASS (sl_hotlist_entry_parent_class)->finalize (object);
}

static void
sl_hotlist_entry_class_init (SlHotlistEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = sl_hotlist_entry_get_property;
  object_class->dispose = sl_hotlist_entry_dispose;
  object_class->finalize = sl_hotlist_entry_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LIST_NAME] = g_param_spec_string ("list-name", NULL, NULL, NULL, flags);
  properties[PROP_PLATE] = g_param_spec_string ("plate", NULL, NULL, NULL, flags);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, flags);
  properties[PROP_REASON_LABEL] = g_param_spec_string ("reason-label", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NUMBER] = g_param_spec_string ("case-number", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_EXPIRES_AT] = g_param_spec_int64 ("expires-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENTERED_BY] = g_param_spec_string ("entered-by", NULL, NULL, NULL, flags);
  properties[PROP_ENTERED_BY_NAME] = g_param_spec_string ("entered-by-name", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_HAS_PENDING_UPDATE] = g_param_spec_boolean ("has-pending-update", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_hotlist_entry_init (SlHotlistEntry *self)
{
  self->fields = sl_hotlist_entry_fields_new ();
  self->versions = g_list_store_new (SL_TYPE_HOTLIST_VERSION);
}

/**
 * sl_hotlist_entry_new_from_json:
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE
 */
SlHotlistEntry *
sl_hotlist_entry_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(SlHotlistEntry) self = g_object_new (SL_TYPE_HOTLIST_ENTRY, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!parse_entry (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
sl_hotlist_entry_get_id (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->id;
}

gint64
sl_hotlist_entry_get_list_id (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->list_id;
}

const char *
sl_hotlist_entry_get_list_name (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->list_name;
}

const char *
sl_hotlist_entry_get_plate (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->plate;
}

gboolean
sl_hotlist_entry_get_is_pattern (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), FALSE);
  return self->is_pattern;
}

const char *
sl_hotlist_entry_get_region (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->region;
}

const char *
sl_hotlist_entry_get_reason (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->reason;
}

/* The profile's label of the reason; the code when the service sent none. */
const char *
sl_hotlist_entry_get_reason_label (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->reason_label != NULL ? self->reason_label : self->fields->reason;
}

const char *
sl_hotlist_entry_get_case_number (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->case_number;
}

const char *
sl_hotlist_entry_get_synopsis (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->synopsis;
}

const char *
sl_hotlist_entry_get_make (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->make;
}

const char *
sl_hotlist_entry_get_model (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->model;
}

const char *
sl_hotlist_entry_get_color (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields->color;
}

SlHotlistEntryStatus
sl_hotlist_entry_get_status (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), SL_HOTLIST_ENTRY_STATUS_PENDING);
  return self->status;
}

const char *
sl_hotlist_entry_get_status_label (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return sl_hotlist_entry_status_get_label (self->status);
}

gint64
sl_hotlist_entry_get_effective_at_us (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->effective_at_us;
}

gint64
sl_hotlist_entry_get_expires_at_us (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->fields->expires_at_us;
}

const char *
sl_hotlist_entry_get_entered_by (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->entered_by;
}

const char *
sl_hotlist_entry_get_entered_by_name (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->entered_by_name;
}

gint64
sl_hotlist_entry_get_created_at_us (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->created_at_us;
}

const char *
sl_hotlist_entry_get_approved_by (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->approved_by;
}

gint64
sl_hotlist_entry_get_approved_at_us (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), 0);
  return self->approved_at_us;
}

const SlHotlistEntryFields *
sl_hotlist_entry_get_fields (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->fields;
}

/**
 * sl_hotlist_entry_get_pending_update:
 *
 * Returns: (transfer none) (nullable): the update waiting for approval
 */
SlHotlistVersion *
sl_hotlist_entry_get_pending_update (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return self->pending_update;
}

gboolean
sl_hotlist_entry_has_versions (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), FALSE);
  return self->has_versions;
}

/**
 * sl_hotlist_entry_get_versions:
 *
 * Returns: (transfer none): a list model of #SlHotlistVersion, oldest
 *   first; empty unless sl_hotlist_entry_has_versions()
 */
GListModel *
sl_hotlist_entry_get_versions (SlHotlistEntry *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_ENTRY (self), NULL);
  return G_LIST_MODEL (self->versions);
}

const char *
sl_hotlist_entry_status_to_string (SlHotlistEntryStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
sl_hotlist_entry_status_from_string (const char           *text,
                                     SlHotlistEntryStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = (SlHotlistEntryStatus) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sl_hotlist_entry_status_get_label (SlHotlistEntryStatus status)
{
  switch (status)
    {
    case SL_HOTLIST_ENTRY_STATUS_PENDING:
      return C_("hot-list entry", "Pending approval");
    case SL_HOTLIST_ENTRY_STATUS_ACTIVE:
      return C_("hot-list entry", "Active");
    case SL_HOTLIST_ENTRY_STATUS_EXPIRED:
      return C_("hot-list entry", "Expired");
    case SL_HOTLIST_ENTRY_STATUS_REMOVED:
      return C_("hot-list entry", "Removed");
    case SL_HOTLIST_ENTRY_STATUS_REJECTED:
      return C_("hot-list entry", "Rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}
