#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-bench.h"
#include "sl-sqlite-store.h"

static void
bench_plates (Figures *figures)
{
  const char * const raws[] = { "7abc123", " 7-ABC 123", "\xef\xbc\x97\xef\xbc\xa1\xef\xbc\xa2", "NY-4567X" };
  const guint n = 400000;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    g_free (sl_plate_normalize (raws[i % G_N_ELEMENTS (raws)], NULL));

  sl_bench_record (figures, "plate_normalize_ns", sl_bench_seconds_since (start) * 1e9 / n);
}

static void
bench_purpose (Figures  *figures,
               SlPolicy *policy)
{
  const guint n = 200000;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      gboolean ok = sl_policy_check_case_number (policy, "26-012345", NULL) &&
                    sl_policy_check_purpose (policy, "stolen_vehicle", "Grey Civic taken at gunpoint on 14th St", NULL);
      g_assert (ok);
    }

  sl_bench_record (figures, "purpose_check_ns", sl_bench_seconds_since (start) * 1e9 / n);
}

static void
bench_audit (Figures    *figures,
             const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_sqlite_store_open (path, &error);
  g_autoptr(GPtrArray) page = NULL;
  SlAuditVerification result;
  SlAuditQuery query = { 0 };
  const guint n = 3000;
  gint64 start;

  g_assert_no_error (error);

  /* Each append is its own durable transaction (synchronous=FULL), as in service. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlAuditRecord) rec = sl_audit_record_new ("search.plate", "ok");

      rec->time_us = g_get_real_time ();
      rec->username = g_strdup (i % 3 ? "officer" : "analyst");
      rec->role = g_strdup ("officer");
      rec->plate = g_strdup_printf ("7ABC%03u", i % 1000);
      rec->case_number = g_strdup ("26-012345");
      rec->purpose_code = g_strdup ("stolen_vehicle");
      rec->purpose_note = g_strdup ("Grey Civic taken at gunpoint on 14th St");
      rec->result_count = i % 50;
      rec->client_address = g_strdup ("127.0.0.1");
      rec->policy_version = g_strdup ("demo/2026.1");
      if (!sl_store_audit_append (store, rec, &error))
        g_error ("%s", error->message);
    }
  sl_bench_record (figures, "audit_append_per_s", n / sl_bench_seconds_since (start));

  start = g_get_monotonic_time ();
  if (!sl_store_audit_verify (store, &result, &error) || result.first_bad_seq != 0)
    g_error ("verification failed");
  sl_bench_record (figures, "audit_verify_records_per_s", result.n_records / sl_bench_seconds_since (start));

  query.username = "analyst";
  query.limit = 100;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&page, g_ptr_array_unref);
      page = sl_store_audit_query (store, &query, &error);
    }
  sl_bench_record (figures, "audit_query_page_ms", sl_bench_seconds_since (start) * 1000 / 100);

  g_clear_object (&store);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
}

/* California-style plates: a digit, three letters, three digits. */
static void
match_random_plate (GRand *rand,
                    char  *plate)
{
  plate[0] = '1' + g_rand_int_range (rand, 0, 9);
  for (guint i = 1; i < 4; i++)
    plate[i] = 'A' + g_rand_int_range (rand, 0, 26);
  for (guint i = 4; i < 7; i++)
    plate[i] = '0' + g_rand_int_range (rand, 0, 10);
  plate[7] = '\0';
}

/* A reader's alternative: the plate with one character read as a look-alike. */
static void
match_random_candidate (GRand        *rand,
                        SlOcrClasses *classes,
                        const char   *plate,
                        char         *candidate)
{
  static const char symbols[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  guint pos = g_rand_int_range (rand, 0, 7);
  char mates[sizeof symbols];
  guint n = 0;

  memcpy (candidate, plate, 8);
  for (const char *s = symbols; *s != '\0'; s++)
    if (*s != plate[pos] && sl_ocr_classes_are_lookalike (classes, plate[pos], *s))
      mates[n++] = *s;
  candidate[pos] = n > 0 ? mates[g_rand_int_range (rand, 0, n)] : (plate[pos] == '4' ? 'A' : '4');
}

static SlMatcher *
match_build (const char *plates,
             guint       n_entries,
             guint       tolerance)
{
  static const char * const regions[] = { "CA", "CA", "CA", "CA", "CA", "CA", "CA", "CA", "", "NV" };
  SlMatcher *matcher = sl_matcher_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_entries; i++)
    {
      const char *plate = &plates[i * 16];
      SlMatchEntry entry = { i + 1, plate, regions[i % G_N_ELEMENTS (regions)],
                             (i % 11) * 10, tolerance, 0, 0 };

      if (!sl_matcher_add (matcher, &entry, &error))
        g_error ("%s: %s", plate, error->message);
    }

  g_assert (sl_matcher_get_n_entries (matcher) == n_entries);
  return matcher;
}

/* Figures for 1,000,000 entries; most reads hit nothing, 1 in 100 an entry. */
static void
bench_match (Figures *figures)
{
  const guint n_entries = 1000000;
  const guint n_patterns = 1000;
  const guint n_reads = 200000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(SlOcrClasses) classes = sl_ocr_classes_new_default ();
  g_autoptr(SlMatcher) matcher = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));
  g_autofree char *plates = g_malloc0 ((gsize) n_entries * 16);
  g_autofree char *reads = g_malloc0 ((gsize) n_reads * 24);
  SlCandidate candidates[2] = { { NULL, 80.0 }, { NULL, 60.0 } };
  SlRead read = { 0 };
  guint n_hits = 0;
  gint64 start;

  for (guint i = 0; i < n_entries; i++)
    match_random_plate (rand, &plates[i * 16]);

  for (guint i = 0; i < n_reads; i++)
    {
      char *plate = &reads[i * 24];

      if (i % 100 == 0)
        memcpy (plate, &plates[g_rand_int_range (rand, 0, n_entries) * 16], 8);
      else
        match_random_plate (rand, plate);
      match_random_candidate (rand, classes, plate, plate + 8);
      match_random_candidate (rand, classes, plate, plate + 16);
    }

  read.candidates = g_array_new (FALSE, FALSE, sizeof (SlCandidate));
  g_array_append_vals (read.candidates, candidates, 2);

  /* Exact only: every list k = 0, no pattern. */
  matcher = match_build (plates, n_entries, 0);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_reads; i++)
    {
      read.plate = &reads[i * 24];
      read.region = (char *) (i % 10 == 0 ? "" : "CA");
      g_array_index (read.candidates, SlCandidate, 0).plate = &reads[i * 24 + 8];
      g_array_index (read.candidates, SlCandidate, 1).plate = &reads[i * 24 + 16];
      g_array_set_size (hits, 0);
      n_hits += sl_matcher_match (matcher, &read, 0, hits);
    }
  sl_bench_record (figures, "match_exact_ns", sl_bench_seconds_since (start) * 1e9 / n_reads);
  g_assert (n_hits > 0);
  g_clear_pointer (&matcher, sl_matcher_free);

  /* Everything: k = 1 for every list, 1,000 of the entries patterns
   * ("7AB*", "*K12*", "7?BC?23"). */
  for (guint i = n_entries - n_patterns; i < n_entries; i++)
    {
      char *plate = &plates[i * 16];
      char copy[8];

      memcpy (copy, plate, 8);
      if (i % 3 == 0)
        g_snprintf (plate, 16, "%.3s*", copy);
      else if (i % 3 == 1)
        g_snprintf (plate, 16, "*%.3s*", copy + 3);
      else
        plate[1] = plate[4] = '?';
    }

  start = g_get_monotonic_time ();
  matcher = match_build (plates, n_entries, 1);
  sl_bench_record (figures, "matcher_build_1m_s", sl_bench_seconds_since (start));

  n_hits = 0;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_reads; i++)
    {
      read.plate = &reads[i * 24];
      read.region = (char *) (i % 10 == 0 ? "" : "CA");
      g_array_index (read.candidates, SlCandidate, 0).plate = &reads[i * 24 + 8];
      g_array_index (read.candidates, SlCandidate, 1).plate = &reads[i * 24 + 16];
      g_array_set_size (hits, 0);
      n_hits += sl_matcher_match (matcher, &read, 0, hits);
    }
  sl_bench_record (figures, "match_full_ns", sl_bench_seconds_since (start) * 1e9 / n_reads);
  g_assert (n_hits > 0);

  g_array_unref (read.candidates);
}

/* `sightline-bench OUTPUT [GROUP...]` runs only the groups named, all without. */
static gboolean
wanted (int         argc,
        char       *argv[],
        const char *group)
{
  if (argc <= 2)
    return TRUE;

  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], group))
      return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sightline-bench-XXXXXX", &error);
  g_autofree char *profile = NULL;
  g_autofree char *json = NULL;
  Figures figures = { builder };
  const char *output = argc > 1 ? argv[1] : "results.json";

  g_assert_no_error (error);

  profile = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR") ? g_getenv ("SIGHTLINE_SOURCE_DIR") : ".",
                              "data", "policies", "demo.json", NULL);
  policy = sl_policy_new_from_file (profile, &error);
  if (policy == NULL)
    g_error ("%s (set SIGHTLINE_SOURCE_DIR to the source tree)", error->message);

  json_builder_begin_object (builder);
  if (wanted (argc, argv, "plates"))
    bench_plates (&figures);
  if (wanted (argc, argv, "purpose"))
    bench_purpose (&figures, policy);
  if (wanted (argc, argv, "audit"))
    bench_audit (&figures, dir);
  if (wanted (argc, argv, "match"))
    bench_match (&figures);
  if (wanted (argc, argv, "ingest"))
    bench_ingest (&figures, dir);
  if (wanted (argc, argv, "search"))
    bench_search (&figures, dir);
#ifdef SL_BENCH_MAP
  if (wanted (argc, argv, "tiles"))
    bench_map (&figures);
#endif
  json_builder_end_object (builder);
  g_rmdir (dir);

  root = json_builder_get_root (builder);
  json = sl_json_to_string (root, TRUE);
  if (!g_file_set_contents (output, json, -1, &error))
    g_error ("%s", error->message);

  g_print ("Figures written to %s\n", output);
  return 0;
}
