/* sl-hotlist-version.h: one version of a hot-list entry, as proposed and decided */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SlHotlistVersionStatus:
 * @SL_HOTLIST_VERSION_STATUS_PENDING: waiting for the author's supervisor
 *   or an administrator
 * @SL_HOTLIST_VERSION_STATUS_APPROVED: approved; the entry holds these fields
 *   unless a later version was approved
 * @SL_HOTLIST_VERSION_STATUS_REJECTED: rejected, or replaced by a later
 *   proposal before anyone decided
 */
typedef enum
{
  SL_HOTLIST_VERSION_STATUS_PENDING,
  SL_HOTLIST_VERSION_STATUS_APPROVED,
  SL_HOTLIST_VERSION_STATUS_REJECTED,
} SlHotlistVersionStatus;

/**
 * SlHotlistEntryFields:
 * @plate: (nullable): a normalized plate, or a pattern with `?` and `*`
 * @region: (nullable): a state or province code; empty when unknown
 * @reason: (nullable): a code of the profile's `hotlist_reasons`
 * @case_number: (nullable): the related case, in the profile's format
 * @synopsis: (nullable): why the vehicle is wanted, briefly
 * @make: (nullable): vehicle make
 * @model: (nullable): vehicle model
 * @color: (nullable): vehicle color
 * @expires_at_us: when the entry stops matching, UTC microseconds, or 0
 *
 * What a member enters for an entry, and what each version holds. There
 * are no fields for names, addresses or dates of birth: entries carry
 * vehicle identifiers only.
 *
 * As the body of an update, %NULL (or 0 for @expires_at_us) leaves a
 * field unchanged and "" clears an optional one.
 */
typedef struct
{
  char   *plate;
  char   *region;
  char   *reason;
  char   *case_number;
  char   *synopsis;
  char   *make;
  char   *model;
  char   *color;
  gint64  expires_at_us;
} SlHotlistEntryFields;

SlHotlistEntryFields *sl_hotlist_entry_fields_new        (void);
SlHotlistEntryFields *sl_hotlist_entry_fields_copy       (const SlHotlistEntryFields *fields);
void                  sl_hotlist_entry_fields_free       (SlHotlistEntryFields       *fields);
const char * const   *sl_hotlist_entry_field_names       (void);
char                 *sl_hotlist_entry_fields_dup_value  (const SlHotlistEntryFields *fields,
                                                          const char                 *name);
void                  sl_hotlist_entry_fields_add_members (const SlHotlistEntryFields *fields,
                                                          JsonBuilder                *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlHotlistEntryFields, sl_hotlist_entry_fields_free)

#define SL_TYPE_HOTLIST_VERSION (sl_hotlist_version_get_type ())
G_DECLARE_FINAL_TYPE (SlHotlistVersion, sl_hotlist_version, SL, HOTLIST_VERSION, GObject)

SlHotlistVersion     *sl_hotlist_version_new_from_json   (JsonObject        *object,
                                                          GError           **error);

guint                 sl_hotlist_version_get_version     (SlHotlistVersion  *self);
SlHotlistVersionStatus sl_hotlist_version_get_status     (SlHotlistVersion  *self);
const SlHotlistEntryFields *sl_hotlist_version_get_fields (SlHotlistVersion *self);
const char * const   *sl_hotlist_version_get_changed     (SlHotlistVersion  *self);
gboolean              sl_hotlist_version_has_changed     (SlHotlistVersion  *self,
                                                          const char        *field);
const char           *sl_hotlist_version_get_author      (SlHotlistVersion  *self);
gint64                sl_hotlist_version_get_created_at_us (SlHotlistVersion *self);
const char           *sl_hotlist_version_get_decided_by  (SlHotlistVersion  *self);
gint64                sl_hotlist_version_get_decided_at_us (SlHotlistVersion *self);
const char           *sl_hotlist_version_get_decision_note (SlHotlistVersion *self);

const char           *sl_hotlist_version_status_to_string (SlHotlistVersionStatus status);
gboolean              sl_hotlist_version_status_from_string (const char      *text,
                                                          SlHotlistVersionStatus *status);
const char           *sl_hotlist_version_status_get_label (SlHotlistVersionStatus status);

G_END_DECLS
