#define G_LOG_DOMAIN "sl-leads"

#include "config.h"

#include <math.h>

#include "sl-leads.h"

#define EARTH_RADIUS_KM 6371.0
/* Closer than this, two reads are one place: camera positions are not exact. */
#define SAME_PLACE_KM 1.0
/* A vehicle's attributes count when the camera was this sure of them. */
#define MIN_CONFIDENCE 80.0
/* The plate's usual vehicle: seen on this many other reads, and most of them. */
#define MIN_USUAL_READS 2
#define MIN_USUAL_SHARE 0.6

void
sl_lead_free (SlLead *lead)
{
  if (lead == NULL)
    return;

  g_free (lead->usual);
  g_free (lead->seen);
  g_free (lead);
}

/* Great-circle distance (haversine). */
double
sl_leads_distance_km (double lat1,
                      double lon1,
                      double lat2,
                      double lon2)
{
  double dlat = (lat2 - lat1) * G_PI / 180;
  double dlon = (lon2 - lon1) * G_PI / 180;
  double a = sin (dlat / 2) * sin (dlat / 2) +
             cos (lat1 * G_PI / 180) * cos (lat2 * G_PI / 180) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * EARTH_RADIUS_KM * asin (MIN (1.0, sqrt (a)));
}

static gboolean
has_vehicle (const SlLeadRead *read)
{
  return read->confidence >= MIN_CONFIDENCE && read->make != NULL && read->color != NULL &&
         *read->make != '\0' && *read->color != '\0';
}

static char *
vehicle (const SlLeadRead *read)
{
  g_autofree char *color = g_ascii_strdown (read->color, -1);

  return g_strdup_printf ("%s %s", color, read->make);
}

/* The vehicle the plate's reads other than @skip mostly show, or NULL. */
static char *
usual_vehicle (const SlLeadRead *reads,
               guint             n_reads,
               guint             skip)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  guint best_count = 0;
  guint total = 0;

  for (guint i = 0; i < n_reads; i++)
    {
      g_autofree char *described = NULL;
      char *seen;

      if (i == skip || !has_vehicle (&reads[i]))
        continue;
      described = vehicle (&reads[i]);
      seen = g_ascii_strdown (described, -1);
      g_hash_table_insert (counts, seen, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, seen)) + 1));
      total++;
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_count)
      {
        best = key;
        best_count = GPOINTER_TO_UINT (value);
      }

  if (best == NULL || best_count < MIN_USUAL_READS || best_count < MIN_USUAL_SHARE * total)
    return NULL;
  return g_strdup (best);
}

/**
 * sl_leads_find:
 * @reads: (array length=n_reads): one plate's reads, oldest first
 * @clone_speed_kmh: the policy's threshold
 *
 * Returns: (transfer full) (element-type SlLead): the leads, in the reads' order
 */
GPtrArray *
sl_leads_find (const SlLeadRead *reads,
               guint             n_reads,
               double            clone_speed_kmh)
{
  GPtrArray *leads = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_lead_free);

  for (guint i = 0; i < n_reads; i++)
    {
      if (i > 0)
        {
          const SlLeadRead *before = &reads[i - 1];
          double km = sl_leads_distance_km (before->lat, before->lon, reads[i].lat, reads[i].lon);
          double hours = (reads[i].captured_us - before->captured_us) / (3600.0 * G_USEC_PER_SEC);
          double speed = hours > 0 ? km / hours : G_MAXDOUBLE;

          if (km >= SAME_PLACE_KM && speed > clone_speed_kmh)
            {
              SlLead *lead = g_new0 (SlLead, 1);

              lead->kind = SL_LEAD_CLONED;
              lead->read_id = reads[i].id;
              lead->other_read_id = before->id;
              lead->distance_km = km;
              lead->speed_kmh = speed;
              g_ptr_array_add (leads, lead);
            }
        }

      if (has_vehicle (&reads[i]))
        {
          g_autofree char *usual = usual_vehicle (reads, n_reads, i);
          g_autofree char *seen = vehicle (&reads[i]);
          g_autofree char *seen_lower = g_ascii_strdown (seen, -1);

          if (usual != NULL && !g_str_equal (usual, seen_lower))
            {
              SlLead *lead = g_new0 (SlLead, 1);

              lead->kind = SL_LEAD_SWITCHED;
              lead->read_id = reads[i].id;
              lead->usual = g_steal_pointer (&usual);
              lead->seen = g_steal_pointer (&seen_lower);
              g_ptr_array_add (leads, lead);
            }
        }
    }

  return leads;
}
