#define G_LOG_DOMAIN "sl-read"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-plate.h"
#include "sl-read.h"

static void
candidate_clear (gpointer data)
{
  SlCandidate *candidate = data;

  g_clear_pointer (&candidate->plate, g_free);
}

/**
 * sl_read_new:
 *
 * Returns: (transfer full): an empty read: region "", confidence 0, no
 *   position or heading (NAN), no candidates, attributes or images.
 */
SlRead *
sl_read_new (void)
{
  SlRead *read = g_new0 (SlRead, 1);

  read->region = g_strdup ("");
  read->lat = NAN;
  read->lon = NAN;
  read->heading = NAN;
  read->candidates = g_array_new (FALSE, TRUE, sizeof (SlCandidate));
  g_array_set_clear_func (read->candidates, candidate_clear);
  return read;
}

SlRead *
sl_read_copy (const SlRead *read)
{
  SlRead *copy;

  g_return_val_if_fail (read != NULL, NULL);

  copy = g_memdup2 (read, sizeof *read);
  copy->plate = g_strdup (read->plate);
  copy->plate_raw = g_strdup (read->plate_raw);
  copy->region = g_strdup (read->region);
  copy->make = g_strdup (read->make);
  copy->model = g_strdup (read->model);
  copy->color = g_strdup (read->color);
  copy->vehicle_type = g_strdup (read->vehicle_type);
  copy->plate_image = read->plate_image != NULL ? g_bytes_ref (read->plate_image) : NULL;
  copy->overview_image = read->overview_image != NULL ? g_bytes_ref (read->overview_image) : NULL;

  copy->candidates = g_array_sized_new (FALSE, TRUE, sizeof (SlCandidate),
                                        read->candidates != NULL ? read->candidates->len : 0);
  g_array_set_clear_func (copy->candidates, candidate_clear);
  for (guint i = 0; read->candidates != NULL && i < read->candidates->len; i++)
    {
      const SlCandidate *c = &g_array_index (read->candidates, SlCandidate, i);
      SlCandidate dup = { g_strdup (c->plate), c->confidence };

      g_array_append_val (copy->candidates, dup);
    }

  return copy;
}

void
sl_read_free (SlRead *read)
{
  if (read == NULL)
    return;

  g_free (read->plate);
  g_free (read->plate_raw);
  g_free (read->region);
  g_clear_pointer (&read->candidates, g_array_unref);
  g_free (read->make);
  g_free (read->model);
  g_free (read->color);
  g_free (read->vehicle_type);
  g_clear_pointer (&read->plate_image, g_bytes_unref);
  g_clear_pointer (&read->overview_image, g_bytes_unref);
  g_free (read);
}

/**
 * sl_read_add_candidate:
 * @plate: a normalized plate
 * @confidence: 0–100
 *
 * Adds a reader's alternative. The read's own plate and plates already
 * listed are skipped (a repeat raises the listed one's confidence when
 * higher), and so is everything past %SL_READ_MAX_CANDIDATES.
 */
void
sl_read_add_candidate (SlRead     *read,
                       const char *plate,
                       double      confidence)
{
  SlCandidate candidate;

  g_return_if_fail (read != NULL);
  g_return_if_fail (plate != NULL);

  if (*plate == '\0' || g_strcmp0 (plate, read->plate) == 0)
    return;

  for (guint i = 0; i < read->candidates->len; i++)
    {
      SlCandidate *c = &g_array_index (read->candidates, SlCandidate, i);

      if (strcmp (c->plate, plate) == 0)
        {
          if (confidence > c->confidence)
            c->confidence = confidence;
          return;
        }
    }

  if (read->candidates->len >= SL_READ_MAX_CANDIDATES)
    return;

  candidate.plate = g_strdup (plate);
  candidate.confidence = confidence;
  g_array_append_val (read->candidates, candidate);
}

/**
 * sl_region_from_code:
 * @code: a reader's region: "us-ca", "ca-on", "ca", "CA"
 * @country: (nullable): the reader's country when it sends one apart ("us")
 *
 * Returns: (transfer full): the state or province code ("CA", "ON"), or ""
 *   when the region is unknown or outside the US and Canada.
 */
char *
sl_region_from_code (const char *code,
                     const char *country)
{
  const char *dash;
  const char *sub;
  char region[3];

  if (code == NULL)
    return g_strdup ("");

  dash = strchr (code, '-');
  if (dash != NULL)
    {
      country = code;
      sub = dash + 1;
      if (!((dash - code == 2 && (g_ascii_strncasecmp (code, "us", 2) == 0 ||
                                  g_ascii_strncasecmp (code, "ca", 2) == 0)) ||
            (dash - code == 3 && (g_ascii_strncasecmp (code, "usa", 3) == 0 ||
                                  g_ascii_strncasecmp (code, "can", 3) == 0))))
        return g_strdup ("");
    }
  else
    {
      sub = code;
      if (country != NULL && *country != '\0' &&
          g_ascii_strcasecmp (country, "us") != 0 && g_ascii_strcasecmp (country, "usa") != 0 &&
          g_ascii_strcasecmp (country, "ca") != 0 && g_ascii_strcasecmp (country, "can") != 0)
        return g_strdup ("");
    }

  if (!g_ascii_isalpha (sub[0]) || !g_ascii_isalpha (sub[1]) || sub[2] != '\0')
    return g_strdup ("");

  region[0] = g_ascii_toupper (sub[0]);
  region[1] = g_ascii_toupper (sub[1]);
  region[2] = '\0';

  return g_strdup (sl_region_is_valid (region) ? region : "");
}
