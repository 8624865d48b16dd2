/* sl-leads.h: signs that a plate was cloned or switched, as leads for an
 * investigator; never alerts, never grounds for a stop */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One read of a plate, as the leads need it; strings borrowed. */
typedef struct
{
  gint64      id;
  gint64      captured_us;
  double      lat;
  double      lon;
  const char *make;         /* NULL when the camera did not say */
  const char *color;
  double      confidence;   /* of the vehicle's attributes, 0–100 */
} SlLeadRead;

typedef enum
{
  SL_LEAD_CLONED,           /* two places too far apart for the time between */
  SL_LEAD_SWITCHED,         /* a vehicle unlike the plate's other reads */
} SlLeadKind;

typedef struct
{
  SlLeadKind  kind;
  gint64      read_id;
  gint64      other_read_id;  /* cloned: the read before; switched: 0 */
  double      distance_km;    /* cloned */
  double      speed_kmh;      /* cloned; G_MAXDOUBLE when at the same moment */
  char       *usual;          /* switched: the plate's usual vehicle, e.g. "silver Honda" */
  char       *seen;           /* switched: this read's */
} SlLead;

void        sl_lead_free           (SlLead            *lead);
double      sl_leads_distance_km   (double             lat1,
                                    double             lon1,
                                    double             lat2,
                                    double             lon2);
GPtrArray  *sl_leads_find          (const SlLeadRead  *reads,
                                    guint              n_reads,
                                    double             clone_speed_kmh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLead, sl_lead_free)

G_END_DECLS
