#define G_LOG_DOMAIN "sl-hotlist-approval"

#include "config.h"

#include "sl-client-json.h"
#include "sl-hotlist-approval.h"
#include "sl-json.h"

struct _SlHotlistApproval
{
  GObject           parent_instance;

  /* owned references */
  SlHotlistEntry   *entry;
  SlHotlistVersion *version;
  SlHotlistVersion *active;
};

G_DEFINE_FINAL_TYPE (SlHotlistApproval, sl_hotlist_approval, G_TYPE_OBJECT)

static void
sl_hotlist_approval_dispose (GObject *object)
{
  SlHotlistApproval *self = SL_HOTLIST_APPROVAL (object);

  g_clear_object (&self->entry);
  g_clear_object (&self->version);
  g_clear_object (&self->active);

  G_OBJECT_CLASS (sl_hotlist_approval_parent_class)->dispose (object);
}

static void
sl_hotlist_approval_class_init (SlHotlistApprovalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_hotlist_approval_dispose;
}

static void
sl_hotlist_approval_init (SlHotlistApproval *self)
{
}

/**
 * sl_hotlist_approval_new_from_json:
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE
 */
SlHotlistApproval *
sl_hotlist_approval_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(SlHotlistApproval) self = g_object_new (SL_TYPE_HOTLIST_APPROVAL, NULL);
  JsonObject *entry = NULL;
  JsonObject *version = NULL;
  JsonObject *active = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!sl_json_get_object (object, "entry", TRUE, &entry, error) ||
      !sl_json_get_object (object, "version", TRUE, &version, error) ||
      !sl_json_get_object (object, "active", FALSE, &active, error))
    return NULL;

  self->entry = sl_hotlist_entry_new_from_json (entry, error);
  if (self->entry == NULL)
    return NULL;
  self->version = sl_hotlist_version_new_from_json (version, error);
  if (self->version == NULL)
    return NULL;
  if (active != NULL)
    {
      self->active = sl_hotlist_version_new_from_json (active, error);
      if (self->active == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * sl_hotlist_approval_get_entry:
 *
 * Returns: (transfer none): the entry as it is now
 */
SlHotlistEntry *
sl_hotlist_approval_get_entry (SlHotlistApproval *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_APPROVAL (self), NULL);
  return self->entry;
}

/**
 * sl_hotlist_approval_get_version:
 *
 * Returns: (transfer none): the version waiting for a decision
 */
SlHotlistVersion *
sl_hotlist_approval_get_version (SlHotlistApproval *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_APPROVAL (self), NULL);
  return self->version;
}

/**
 * sl_hotlist_approval_get_active:
 *
 * Returns: (transfer none) (nullable): the version in force, for an update
 */
SlHotlistVersion *
sl_hotlist_approval_get_active (SlHotlistApproval *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_APPROVAL (self), NULL);
  return self->active;
}

gboolean
sl_hotlist_approval_is_update (SlHotlistApproval *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST_APPROVAL (self), FALSE);
  return self->active != NULL ||
         sl_hotlist_entry_get_status (self->entry) != SL_HOTLIST_ENTRY_STATUS_PENDING;
}
