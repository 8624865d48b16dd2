/* sl-alert-info.h: an alert as stored: the hit, the read, the entry as it was, the steps taken */
#pragma once

#include "sl-alert-state.h"
#include "sl-read.h"

G_BEGIN_DECLS

typedef struct
{
  SlAlertState  state;
  gint64        at_us;
  char         *username;     /* NULL for the service's own first step */
  char         *note;
  char         *disposition;
} SlAlertEvent;

typedef struct
{
  gint64        id;
  gint64        created_us;
  SlAlertState  state;
  char         *disposition;
  gboolean      retro;        /* raised by a new entry against a past read */
  SlMatchKind   kind;
  char         *matched_plate;
  guint32       differing;
  gint64        entry_id;
  char         *entry_json;   /* the entry and its list when the alert fired */
  gboolean      covert;
  SlRead       *read;         /* without image bytes */
  gboolean      has_plate_image;
  gboolean      has_overview_image;
  char         *camera_name;
  GPtrArray    *history;      /* SlAlertEvent, oldest first; NULL when not loaded */
} SlAlertInfo;

const char  *sl_match_kind_to_string   (SlMatchKind   kind);
gboolean     sl_match_kind_from_string (const char   *text,
                                        SlMatchKind  *kind);

SlAlertInfo *sl_alert_info_new   (void);
void         sl_alert_info_free  (SlAlertInfo  *info);
void         sl_alert_event_free (SlAlertEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAlertInfo, sl_alert_info_free)

G_END_DECLS
