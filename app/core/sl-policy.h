/* sl-policy.h: an agency policy profile from data/policies, immutable */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_TYPE_POLICY (sl_policy_get_type ())

struct _SlPurpose
{
  char *code;
  char *label;
};

/* A reason category of hot-list entries: a code and its label, like a purpose. */
typedef struct _SlPurpose SlHotlistReason;

GType             sl_policy_get_type                  (void) G_GNUC_CONST;
SlPolicy         *sl_policy_new_from_data             (const char   *data,
                                                       gssize        length,
                                                       GError      **error);
SlPolicy         *sl_policy_new_from_file             (const char   *path,
                                                       GError      **error);
SlPolicy         *sl_policy_ref                       (SlPolicy     *self);
void              sl_policy_unref                     (SlPolicy     *self);

const char       *sl_policy_get_id                    (SlPolicy     *self);
const char       *sl_policy_get_agency                (SlPolicy     *self);
const char       *sl_policy_get_ori                   (SlPolicy     *self);
const char       *sl_policy_get_version               (SlPolicy     *self);
const char       *sl_policy_get_version_tag           (SlPolicy     *self);
const char       *sl_policy_get_notice                (SlPolicy     *self);
const char       *sl_policy_get_administrator_title   (SlPolicy     *self);
const char       *sl_policy_get_custodian_title       (SlPolicy     *self);
guint             sl_policy_get_training_interval_days (SlPolicy    *self);
gboolean          sl_policy_get_mfa_required          (SlPolicy     *self);
guint             sl_policy_get_audit_cadence_days    (SlPolicy     *self);
guint             sl_policy_get_audit_sample_size     (SlPolicy     *self);
guint             sl_policy_get_retention_days        (SlPolicy     *self,
                                                       SlDataClass   data_class);
guint             sl_policy_get_hotlist_max_days      (SlPolicy     *self);
guint             sl_policy_get_clone_speed_kmh       (SlPolicy     *self);
const char       *sl_policy_get_case_number_pattern   (SlPolicy     *self);
const char       *sl_policy_get_case_number_example   (SlPolicy     *self);
const SlPurpose  *sl_policy_get_purposes              (SlPolicy     *self,
                                                       guint        *n_purposes);
const SlPurpose  *sl_policy_find_purpose              (SlPolicy     *self,
                                                       const char   *code);
const SlHotlistReason *sl_policy_get_hotlist_reasons (SlPolicy    *self,
                                                       guint       *n_reasons);
const SlHotlistReason *sl_policy_find_hotlist_reason (SlPolicy     *self,
                                                       const char   *code);
const char       *sl_policy_get_json                  (SlPolicy     *self);
guint             sl_policy_get_n_privacy_elements    (void);
char             *sl_policy_dup_privacy_element       (SlPolicy     *self,
                                                       guint         index,
                                                       const char  **heading);
JsonNode         *sl_policy_to_public_json            (SlPolicy     *self);

gboolean          sl_policy_check_case_number         (SlPolicy     *self,
                                                       const char   *case_number,
                                                       GError      **error);
gboolean          sl_policy_check_purpose             (SlPolicy     *self,
                                                       const char   *code,
                                                       const char   *note,
                                                       GError      **error);

const char       *sl_data_class_to_string             (SlDataClass   data_class);
gboolean          sl_purpose_is_forbidden             (const char   *code_or_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPolicy, sl_policy_unref)

G_END_DECLS
