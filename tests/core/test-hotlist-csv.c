#define G_LOG_DOMAIN "test-hotlist-csv"

#include "config.h"

#include <string.h>

#include "sl-core.h"

/* 2026-11-22T00:00:00Z */
#define DAY_US G_GINT64_CONSTANT (1795305600000000)

static SlHotlistCsv *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SlHotlistCsv *csv = sl_hotlist_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);
  return csv;
}

static SlHotlistRow *
row_at (SlHotlistCsv *csv,
        guint         i)
{
  g_assert_cmpuint (i, <, csv->rows->len);
  return &g_array_index (csv->rows, SlHotlistRow, i);
}

static void
assert_bad_row (SlHotlistCsv *csv,
                guint         i,
                guint         line,
                const char   *says)
{
  SlHotlistBadRow *bad;

  g_assert_cmpuint (i, <, csv->bad_rows->len);
  bad = &g_array_index (csv->bad_rows, SlHotlistBadRow, i);
  g_assert_cmpuint (bad->line, ==, line);
  if (strstr (bad->message, says) == NULL)
    g_error ("line %u: “%s” does not say “%s”", line, bad->message, says);
}

/* The same two rows in each delimiter. */
static void
assert_two_rows (const char *text,
                 char        delimiter)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok (text);
  SlHotlistRow *row;

  g_assert_cmpint (csv->delimiter, ==, delimiter);
  g_assert_cmpuint (csv->columns->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (csv->columns, 0), ==, "plate");
  g_assert_cmpstr (g_ptr_array_index (csv->columns, 3), ==, "case_number");
  g_assert_cmpuint (csv->bad_rows->len, ==, 0);
  g_assert_cmpuint (csv->rows->len, ==, 2);

  row = row_at (csv, 0);
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpstr (row->plate, ==, "7ABC123");
  g_assert_cmpstr (row->plate_raw, ==, "7abc 123");
  g_assert_cmpstr (row->region, ==, "CA");
  g_assert_cmpstr (row->category, ==, "stolen vehicle");
  g_assert_cmpstr (row->case_number, ==, "24-001234");
  g_assert_cmpint (row->effective_us, ==, DAY_US);
  /* An expiry date lasts to the end of its day. */
  g_assert_cmpint (row->expires_us, ==, DAY_US + 30 * SL_USEC_PER_DAY + SL_USEC_PER_DAY - 1);

  row = row_at (csv, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_cmpstr (row->plate, ==, "5XYZ789");
  g_assert_cmpstr (row->region, ==, "");
  g_assert_null (row->category);
  g_assert_null (row->case_number);
  g_assert_cmpint (row->effective_us, ==, 0);
  g_assert_cmpint (row->expires_us, ==, 0);
}

static void
test_comma (void)
{
  assert_two_rows ("plate,state,category,case_number,effective,expiry\n"
                   "7abc 123,CA,stolen vehicle,24-001234,2026-11-22,2026-12-22\n"
                   "5XYZ789,,,,,\n", ',');
}

static void
test_semicolon (void)
{
  assert_two_rows ("plate;state;category;case_number;effective;expiry\n"
                   "7abc 123;ca;stolen vehicle;24-001234;2026-11-22;2026-12-22\n"
                   "5XYZ789;;;;;\n", ';');
}

static void
test_tab (void)
{
  assert_two_rows ("plate\tstate\tcategory\tcase_number\teffective\texpiry\n"
                   "7abc 123\tCA\tstolen vehicle\t24-001234\t2026-11-22\t2026-12-22\n"
                   "5XYZ789\t\t\t\t\t", '\t');
}

static void
test_delimiter_by_header (void)
{
  /* Commas inside a semicolon file's fields do not fool the detection. */
  g_autoptr(SlHotlistCsv) csv = parse_ok ("plate;category\n7ABC123;stolen, recovered, stolen again\n");

  g_assert_cmpint (csv->delimiter, ==, ';');
  g_assert_cmpstr (row_at (csv, 0)->category, ==, "stolen, recovered, stolen again");
}

static void
test_ncic_aliases (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("LIC,LIS,OCA,Category,Remarks,EXPIRY\n"
                                          "8DEF456,NV,LV2026-77,felony vehicle,armed,2027-01-01\n");
  SlHotlistRow *row = row_at (csv, 0);

  g_assert_cmpstr (g_ptr_array_index (csv->columns, 0), ==, "LIC");
  g_assert_cmpstr (row->plate, ==, "8DEF456");
  g_assert_cmpstr (row->region, ==, "NV");
  g_assert_cmpstr (row->case_number, ==, "LV2026-77");
  g_assert_cmpstr (row->category, ==, "felony vehicle");
  g_assert_cmpint (row->effective_us, ==, 0);
  g_assert_cmpint (row->expires_us, >, 0);
}

static void
test_quoted_fields (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("\"plate\",\"state\",\"category\",\"notes\"\n"
                                          "\"7ABC123\",\"CA\",\"stolen vehicle, \"\"blue\"\" Honda\",\"first\n"
                                          "second line\"\n"
                                          "  \"5XYZ789\" ,CA,\"\",\n"
                                          "B$D,CA,x,y\n");

  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (row_at (csv, 0)->category, ==, "stolen vehicle, \"blue\" Honda");
  g_assert_cmpuint (row_at (csv, 0)->line, ==, 2);
  g_assert_cmpstr (row_at (csv, 1)->plate, ==, "5XYZ789");
  g_assert_null (row_at (csv, 1)->category);
  /* A field's line break counts toward the line numbers that follow. */
  g_assert_cmpuint (row_at (csv, 1)->line, ==, 4);
  assert_bad_row (csv, 0, 5, "“$”");
}

static void
test_bad_rows (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("plate,state,effective,expiry\n"
                                          "1AAA111,CA,2026-01-01,2026-12-31\n"
                                          "2B#B222,CA,,\n"
                                          "3CCC333,XX,,\n"
                                          "4DDD444,CA,2026-02-30,\n"
                                          "5EEE555,CA\n"
                                          "6FFF666,CA,,,extra\n"
                                          ",CA,,\n"
                                          "7GGG777,CA,2026-06-01,2026-05-01\n"
                                          "8HHH888,CA,,next tuesday\n"
                                          "ABCDEFGHIJK,CA,,\n"
                                          "9III999,California,,\n"
                                          "*,,,\n"
                                          "0JJJ000,on,,\n");

  /* Every bad row is named by its line, and the good ones are kept. */
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (row_at (csv, 0)->plate, ==, "1AAA111");
  g_assert_cmpstr (row_at (csv, 1)->plate, ==, "0JJJ000");
  g_assert_cmpstr (row_at (csv, 1)->region, ==, "ON");
  g_assert_cmpuint (row_at (csv, 1)->line, ==, 14);

  g_assert_cmpuint (csv->bad_rows->len, ==, 11);
  assert_bad_row (csv, 0, 3, "“#”");
  assert_bad_row (csv, 1, 4, "State “XX”");
  assert_bad_row (csv, 2, 5, "Effective “2026-02-30” is not a date");
  assert_bad_row (csv, 3, 6, "2 fields; the header has 4");
  assert_bad_row (csv, 4, 7, "5 fields; the header has 4");
  assert_bad_row (csv, 5, 8, "plate is empty");
  assert_bad_row (csv, 6, 9, "expires before it takes effect");
  assert_bad_row (csv, 7, 10, "Expiry “next tuesday”");
  assert_bad_row (csv, 8, 11, "at most 10");
  assert_bad_row (csv, 9, 12, "State “California”");
  assert_bad_row (csv, 10, 13, "would match every plate");
}

static void
test_bom_crlf_blank_lines (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("\xef\xbb\xbf\r\n"
                                          "Plate,State\r\n"
                                          "\r\n"
                                          "7ABC123,CA\r\n"
                                          "   \r\n"
                                          ",\r\n"
                                          "\"5XYZ789\",\"NV\"\r\n"
                                          "\r\n");

  g_assert_cmpuint (csv->bad_rows->len, ==, 0);
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (csv->columns, 0), ==, "Plate");
  g_assert_cmpstr (g_ptr_array_index (csv->columns, 1), ==, "State");
  g_assert_cmpstr (row_at (csv, 0)->region, ==, "CA");
  g_assert_cmpuint (row_at (csv, 0)->line, ==, 4);
  g_assert_cmpstr (row_at (csv, 1)->plate, ==, "5XYZ789");
  g_assert_cmpstr (row_at (csv, 1)->region, ==, "NV");
  g_assert_cmpuint (row_at (csv, 1)->line, ==, 7);
}

static void
test_missing_plate_column (void)
{
  const char * const texts[] = {
    "state,category\nCA,stolen vehicle\n",
    "tag;state\n7ABC123;CA\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlHotlistCsv) csv = sl_hotlist_csv_parse (texts[i], strlen (texts[i]), &error);

      g_assert_null (csv);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "no plate column"));
      g_assert_nonnull (strstr (error->message, "LIC"));
    }
}

static void
test_not_text (void)
{
  const struct { const char *text; gsize length; const char *says; } cases[] = {
    { "", 0, "empty" },
    { "\n\r\n  \n", 6, "empty" },
    { "plate\n7AB\0C\n", 12, "Line 2 holds a NUL byte" },
    { "plate,category\n7ABC,vol\xe9\n", 25, "Line 2 is not UTF-8" },
    { "\"plate,state\nX,Y\n", 17, "stray quote" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlHotlistCsv) csv = sl_hotlist_csv_parse (cases[i].text, cases[i].length, &error);

      g_assert_null (csv);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }
}

static void
test_patterns (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("plate\n7AB*\n*k12*\n7?C1?3\n7ab**\n");

  g_assert_cmpuint (csv->rows->len, ==, 4);
  g_assert_cmpstr (row_at (csv, 0)->plate, ==, "7AB*");
  g_assert_cmpstr (row_at (csv, 1)->plate, ==, "*K12*");
  g_assert_cmpstr (row_at (csv, 2)->plate, ==, "7?C1?3");
  g_assert_cmpstr (row_at (csv, 3)->plate, ==, "7AB*");
  g_assert_true (sl_plate_is_pattern (row_at (csv, 2)->plate));
}

static void
test_iso_times (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("plate,effective,expiry\n"
                                          "7ABC123,2026-11-22T08:00:00-08:00,2026-11-23T00:00:00Z\n"
                                          "7ABC124,2026-11-22T08:00:00,\n");

  g_assert_cmpint (row_at (csv, 0)->effective_us, ==, DAY_US + 16 * 60 * SL_USEC_PER_MINUTE);
  g_assert_cmpint (row_at (csv, 0)->expires_us, ==, DAY_US + SL_USEC_PER_DAY);
  /* A time without a zone is ambiguous. */
  assert_bad_row (csv, 0, 3, "with a zone");
}

static void
test_unterminated_quote (void)
{
  g_autoptr(SlHotlistCsv) csv = parse_ok ("plate,category\n"
                                          "1AAA111,\"stolen\n"
                                          "2BBB222,stolen\n"
                                          "3CCC333,\"stolen\"x\n"
                                          "4DDD444,stolen\n");

  /* One stray quote costs its own line, not the rest of the file. */
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (row_at (csv, 0)->plate, ==, "2BBB222");
  g_assert_cmpuint (row_at (csv, 0)->line, ==, 3);
  g_assert_cmpstr (row_at (csv, 1)->plate, ==, "4DDD444");
  g_assert_cmpuint (row_at (csv, 1)->line, ==, 5);
  assert_bad_row (csv, 0, 2, "never closed");
  assert_bad_row (csv, 1, 4, "follows a closing quote");
}

static void
test_many_rows (void)
{
  g_autoptr(GString) text = g_string_new ("LIC;LIS;OCA\n");
  g_autoptr(SlHotlistCsv) csv = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "%uABC%03u;CA;24-%06u\n", i % 10, i % 1000, i);

  csv = parse_ok (text->str);
  g_assert_cmpuint (csv->rows->len, ==, 20000);
  g_assert_cmpuint (csv->bad_rows->len, ==, 0);
  g_assert_cmpstr (row_at (csv, 19999)->plate, ==, "9ABC999");
  g_assert_cmpstr (row_at (csv, 19999)->case_number, ==, "24-019999");
  g_assert_cmpuint (row_at (csv, 19999)->line, ==, 20001);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotlist-csv/comma", test_comma);
  g_test_add_func ("/hotlist-csv/semicolon", test_semicolon);
  g_test_add_func ("/hotlist-csv/tab", test_tab);
  g_test_add_func ("/hotlist-csv/delimiter-by-header", test_delimiter_by_header);
  g_test_add_func ("/hotlist-csv/ncic-aliases", test_ncic_aliases);
  g_test_add_func ("/hotlist-csv/quoted", test_quoted_fields);
  g_test_add_func ("/hotlist-csv/bad-rows", test_bad_rows);
  g_test_add_func ("/hotlist-csv/bom-crlf", test_bom_crlf_blank_lines);
  g_test_add_func ("/hotlist-csv/missing-plate-column", test_missing_plate_column);
  g_test_add_func ("/hotlist-csv/not-text", test_not_text);
  g_test_add_func ("/hotlist-csv/patterns", test_patterns);
  g_test_add_func ("/hotlist-csv/iso-times", test_iso_times);
  g_test_add_func ("/hotlist-csv/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/hotlist-csv/many-rows", test_many_rows);

  return g_test_run ();
}
