#define G_LOG_DOMAIN "fuzz-hotlist-csv"

#include "config.h"

#include "sl-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlHotlistCsv) csv = NULL;
  guint last_line = 0;

  sl_fuzz_init ();

  csv = sl_hotlist_csv_parse ((const char *) data, size, &error);
  g_assert ((csv == NULL) != (error == NULL));
  if (csv == NULL)
    {
      g_assert (error->domain == SL_ERROR && error->code == SL_ERROR_INVALID);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert (csv->delimiter == ',' || csv->delimiter == ';' || csv->delimiter == '\t');
  g_assert (csv->columns->len >= 1);

  for (guint i = 0; i < csv->rows->len; i++)
    {
      SlHotlistRow *row = &g_array_index (csv->rows, SlHotlistRow, i);
      g_autofree char *again = NULL;

      /* Rows come in file order, each after the header line. */
      g_assert (row->line > last_line && row->line >= 2);
      last_line = row->line;
      g_assert (row->plate != NULL && row->plate_raw != NULL);
      again = sl_plate_pattern_normalize (row->plate, NULL);
      g_assert (g_strcmp0 (again, row->plate) == 0);
      g_assert (row->region != NULL && sl_region_is_valid (row->region));
      g_assert (row->category == NULL || (*row->category != '\0' && g_utf8_validate (row->category, -1, NULL)));
      g_assert (row->case_number == NULL || *row->case_number != '\0');
      g_assert (row->effective_us == 0 || row->expires_us == 0 || row->effective_us <= row->expires_us);
    }

  for (guint i = 0; i < csv->bad_rows->len; i++)
    {
      SlHotlistBadRow *bad = &g_array_index (csv->bad_rows, SlHotlistBadRow, i);

      g_assert (bad->line >= 2);
      g_assert (bad->message != NULL && g_utf8_validate (bad->message, -1, NULL));
    }

  return 0;
}
