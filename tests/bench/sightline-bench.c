#define G_LOG_DOMAIN "sightline-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-sqlite-store.h"

/* Figures are written as one flat JSON object, name → number, so runs compare line by line. */
typedef struct
{
  JsonBuilder *builder;
} Figures;

static void
record (Figures    *figures,
        const char *name,
        double      value)
{
  g_print ("%-36s %14.3f\n", name, value);
  json_builder_set_member_name (figures->builder, name);
  json_builder_add_double_value (figures->builder, value);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_plates (Figures *figures)
{
  const char * const raws[] = { "7abc123", " 7-ABC 123", "\xef\xbc\x97\xef\xbc\xa1\xef\xbc\xa2", "NY-4567X" };
  const guint n = 400000;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    g_free (sl_plate_normalize (raws[i % G_N_ELEMENTS (raws)], NULL));

  record (figures, "plate_normalize_ns", seconds_since (start) * 1e9 / n);
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

  record (figures, "purpose_check_ns", seconds_since (start) * 1e9 / n);
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
  record (figures, "audit_append_per_s", n / seconds_since (start));

  start = g_get_monotonic_time ();
  if (!sl_store_audit_verify (store, &result, &error) || result.first_bad_seq != 0)
    g_error ("verification failed");
  record (figures, "audit_verify_records_per_s", result.n_records / seconds_since (start));

  query.username = "analyst";
  query.limit = 100;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&page, g_ptr_array_unref);
      page = sl_store_audit_query (store, &query, &error);
    }
  record (figures, "audit_query_page_ms", seconds_since (start) * 1000 / 100);

  g_clear_object (&store);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
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
  bench_plates (&figures);
  bench_purpose (&figures, policy);
  bench_audit (&figures, dir);
  json_builder_end_object (builder);
  g_rmdir (dir);

  root = json_builder_get_root (builder);
  json = sl_json_to_string (root, TRUE);
  if (!g_file_set_contents (output, json, -1, &error))
    g_error ("%s", error->message);

  g_print ("Figures written to %s\n", output);
  return 0;
}
