/* sl-types.h: forward declarations and shared enums of the core layer */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SlAuditRecord SlAuditRecord;
typedef struct _SlClock       SlClock;
typedef struct _SlMatcher     SlMatcher;
typedef struct _SlOcrClasses  SlOcrClasses;
typedef struct _SlPolicy      SlPolicy;
typedef struct _SlPurpose     SlPurpose;
typedef struct _SlRead        SlRead;
typedef struct _SlUser        SlUser;

/**
 * SlRoles:
 *
 * What a user may do (DESIGN.md section 1). A user holds one or more.
 */
typedef enum /*< flags,prefix=SL_ROLE >*/
{
  SL_ROLE_NONE          = 0,
  SL_ROLE_OFFICER       = 1 << 0,
  SL_ROLE_ANALYST       = 1 << 1,
  SL_ROLE_SUPERVISOR    = 1 << 2,
  SL_ROLE_ADMINISTRATOR = 1 << 3,
  SL_ROLE_AUDITOR       = 1 << 4,
  SL_ROLE_RECORDS       = 1 << 5,
} SlRoles;

/**
 * SlDataClass:
 *
 * The kinds of data a policy profile sets a retention period for.
 */
typedef enum /*< prefix=SL_DATA_CLASS >*/
{
  SL_DATA_CLASS_READS,
  SL_DATA_CLASS_HITS,
  SL_DATA_CLASS_IMAGES,
  SL_DATA_CLASS_ALERTS,
  SL_DATA_CLASS_HOTLIST_ENTRIES,
  SL_DATA_CLASS_ACCESS_LOG,
  SL_DATA_CLASS_SHARING_RECORDS,
  SL_DATA_CLASS_LAST, /*< skip >*/
} SlDataClass;

/**
 * SlTrainingStatus:
 *
 * Whether a user's ALPR training is within the policy's interval.
 */
typedef enum /*< prefix=SL_TRAINING >*/
{
  SL_TRAINING_CURRENT,
  SL_TRAINING_EXPIRED,
  SL_TRAINING_MISSING,
} SlTrainingStatus;

/**
 * SlMatchKind:
 *
 * Why a read matched a hot-list entry; the alert shows it to the officer.
 */
typedef enum /*< prefix=SL_MATCH >*/
{
  SL_MATCH_EXACT,      /*< nick=exact >*/
  SL_MATCH_CANDIDATE,  /*< nick=candidate >*/
  SL_MATCH_TOLERANT,   /*< nick=tolerant >*/
  SL_MATCH_PATTERN,    /*< nick=pattern >*/
} SlMatchKind;

G_END_DECLS
