#define G_LOG_DOMAIN "sl-anomalies"

#include "config.h"

#include <string.h>

#include "sl-anomalies.h"
#include "sl-audit-record.h"

/* With this many searches a member has usual hours; an hour with less than
 * this share of them is unusual. Fewer searches: the night is unusual. */
#define USUAL_MIN_SEARCHES 20
#define USUAL_MIN_SHARE    0.05
#define NIGHT_FROM         22
#define NIGHT_TO           6
/* A day is unusual past this many searches and this many times the member's median day. */
#define VOLUME_MIN         10
#define VOLUME_FACTOR      3
#define REPEATED_MIN       3
#define NOTE_MIN_LENGTH    10

void
sl_anomaly_free (SlAnomaly *anomaly)
{
  if (anomaly == NULL)
    return;

  g_free (anomaly->kind);
  g_free (anomaly->username);
  g_free (anomaly->subject);
  g_free (anomaly->detail);
  g_free (anomaly);
}

static SlAnomaly *
anomaly_new (const char *kind,
             const char *username,
             const char *subject,
             gint64      count,
             gint64      first_seq,
             char       *detail)
{
  SlAnomaly *anomaly = g_new0 (SlAnomaly, 1);

  anomaly->kind = g_strdup (kind);
  anomaly->username = g_strdup (username);
  anomaly->subject = g_strdup (subject);
  anomaly->count = count;
  anomaly->first_seq = first_seq;
  anomaly->detail = detail;
  return anomaly;
}

typedef struct
{
  guint       total;
  guint       hours[24];
  GHashTable *days;         /* "YYYY-MM-DD" → count */
  GHashTable *plates;       /* plate → searches that found nothing */
  GHashTable *first_seqs;   /* key → first seq, for days and plates */
} Member;

static void
member_free (Member *member)
{
  g_hash_table_unref (member->days);
  g_hash_table_unref (member->plates);
  g_hash_table_unref (member->first_seqs);
  g_free (member);
}

static void
bump (GHashTable *counts,
      GHashTable *first_seqs,
      const char *key,
      gint64      seq)
{
  g_hash_table_insert (counts, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
  if (!g_hash_table_contains (first_seqs, key))
    g_hash_table_insert (first_seqs, g_strdup (key), g_memdup2 (&seq, sizeof seq));
}

static gint64
first_seq_of (Member     *member,
              const char *key)
{
  gint64 *seq = g_hash_table_lookup (member->first_seqs, key);

  return seq != NULL ? *seq : 0;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gboolean
unusual_hour (const Member *member,
              int           hour)
{
  if (member->total >= USUAL_MIN_SEARCHES)
    return member->hours[hour] < USUAL_MIN_SHARE * member->total;
  return hour >= NIGHT_FROM || hour < NIGHT_TO;
}

/**
 * sl_anomalies_find:
 * @records: (element-type SlAuditRecord): access-log records, oldest first;
 *   only the searches made count
 * @tz: the agency's time zone, for hours and days
 *
 * Finds, for each member: searches at hours they do not usually search
 * (or at night, for one with few searches), days with far more searches
 * than their usual day, a plate searched again and again without a
 * result; and notes reused word for word under different cases.
 *
 * Returns: (transfer full) (element-type SlAnomaly): the patterns, by kind
 */
GPtrArray *
sl_anomalies_find (GPtrArray *records,
                   GTimeZone *tz)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_anomaly_free);
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) member_free);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) note_seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < records->len; i++)
    {
      const SlAuditRecord *record = records->pdata[i];
      g_autoptr(GDateTime) time = NULL;
      g_autofree char *day = NULL;
      Member *member;

      if (!sl_audit_record_is_search (record) || record->username == NULL)
        continue;

      member = g_hash_table_lookup (members, record->username);
      if (member == NULL)
        {
          member = g_new0 (Member, 1);
          member->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          member->plates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          member->first_seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (members, g_strdup (record->username), member);
        }

      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (record->time_us / G_USEC_PER_SEC);

        time = g_date_time_to_timezone (utc, tz);
      }
      member->total++;
      member->hours[g_date_time_get_hour (time)]++;
      day = g_date_time_format (time, "%Y-%m-%d");
      bump (member->days, member->first_seqs, day, record->seq);
      if (record->plate != NULL && record->result_count == 0)
        bump (member->plates, member->first_seqs, record->plate, record->seq);

      if (record->purpose_note != NULL && strlen (record->purpose_note) >= NOTE_MIN_LENGTH)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (record->purpose_note));
          g_autofree char *note = g_utf8_casefold (stripped, -1);
          GHashTable *cases = g_hash_table_lookup (notes, note);

          if (cases == NULL)
            {
              cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_insert (notes, g_strdup (note), cases);
              g_hash_table_insert (note_seqs, g_strdup (note), g_memdup2 (&record->seq, sizeof record->seq));
            }
          if (record->case_number != NULL)
            g_hash_table_add (cases, g_strdup (record->case_number));
        }
    }

  /* searches at unusual hours, and heavy days */
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Member *member = value;
      g_autoptr(GArray) per_day = g_array_new (FALSE, FALSE, sizeof (guint));
      GHashTableIter days;
      gpointer day, plate, count;
      guint unusual = 0;
      guint median;

      for (int h = 0; h < 24; h++)
        if (unusual_hour (member, h))
          unusual += member->hours[h];
      if (unusual > 0)
        g_ptr_array_add (found, anomaly_new ("off_hours", key, NULL, unusual, 0,
                                             g_strdup_printf ("%u of %u searches at hours this member does not "
                                                              "usually search", unusual, member->total)));

      g_hash_table_iter_init (&days, member->days);
      while (g_hash_table_iter_next (&days, &day, &count))
        {
          guint n = GPOINTER_TO_UINT (count);

          g_array_append_val (per_day, n);
        }
      g_array_sort (per_day, compare_uint);
      median = g_array_index (per_day, guint, per_day->len / 2);
      g_hash_table_iter_init (&days, member->days);
      while (g_hash_table_iter_next (&days, &day, &count))
        if (GPOINTER_TO_UINT (count) >= VOLUME_MIN && GPOINTER_TO_UINT (count) >= VOLUME_FACTOR * median)
          g_ptr_array_add (found, anomaly_new ("volume", key, day, GPOINTER_TO_UINT (count),
                                               first_seq_of (member, day),
                                               g_strdup_printf ("%u searches on %s; this member's usual day has %u",
                                                                GPOINTER_TO_UINT (count), (char *) day, median)));

      g_hash_table_iter_init (&days, member->plates);
      while (g_hash_table_iter_next (&days, &plate, &count))
        if (GPOINTER_TO_UINT (count) >= REPEATED_MIN)
          g_ptr_array_add (found, anomaly_new ("repeated_plate", key, plate, GPOINTER_TO_UINT (count),
                                               first_seq_of (member, plate),
                                               g_strdup_printf ("%s searched %u times, never with a result",
                                                                (char *) plate, GPOINTER_TO_UINT (count))));
    }

  /* one note under several cases */
  g_hash_table_iter_init (&iter, notes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n_cases = g_hash_table_size (value);

      if (n_cases >= 2)
        g_ptr_array_add (found, anomaly_new ("reused_note", NULL, key, n_cases,
                                             *(gint64 *) g_hash_table_lookup (note_seqs, key),
                                             g_strdup_printf ("The same note under %u different cases", n_cases)));
    }

  return found;
}
