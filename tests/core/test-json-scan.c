#define G_LOG_DOMAIN "test-json-scan"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-json-scan.h"

/* Scans @text to the end or the first error; returns the last token. */
static SlJsonToken
scan_to_end (SlJsonScan      *scan,
             const char      *text,
             gsize            length,
             SlJsonScanFlags  flags)
{
  SlJsonToken token;

  sl_json_scan_init (scan, text, length, flags);
  do
    token = sl_json_scan_next (scan);
  while (token != SL_JSON_TOKEN_END && token != SL_JSON_TOKEN_ERROR);
  return token;
}

static void
assert_valid (const char *text)
{
  SlJsonScan scan;

  if (scan_to_end (&scan, text, strlen (text), SL_JSON_SCAN_FLAGS_NONE) != SL_JSON_TOKEN_END)
    {
      g_autofree char *why = sl_json_scan_describe_error (&scan);

      g_error ("“%s” was refused: %s", text, why);
    }
}

/* @text is refused with @error at byte @offset. */
static void
assert_refused_len (const char      *text,
                    gsize            length,
                    SlJsonScanError  error,
                    gsize            offset)
{
  SlJsonScan scan;

  if (scan_to_end (&scan, text, length, SL_JSON_SCAN_FLAGS_NONE) != SL_JSON_TOKEN_ERROR)
    g_error ("“%s” was taken", text);
  if (scan.error != error || scan.offset != offset)
    g_error ("“%s”: error %d at %" G_GSIZE_FORMAT ", not %d at %" G_GSIZE_FORMAT,
             text, scan.error, scan.offset, error, offset);
  /* and stays refused */
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_ERROR);
  g_assert_cmpuint (scan.offset, ==, offset);
}

static void
assert_refused (const char      *text,
                SlJsonScanError  error,
                gsize            offset)
{
  assert_refused_len (text, strlen (text), error, offset);
}

/* The one string in "[...]" @json, decoded; NULL when it is not valid text. */
static char *
string_of (const char      *json,
           SlJsonScanFlags  flags,
           gsize           *length)
{
  SlJsonScan scan;
  char *text;

  sl_json_scan_init (&scan, json, strlen (json), flags);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_BEGIN_ARRAY);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_STRING);
  text = sl_json_scan_dup_string (&scan);
  if (text != NULL && length != NULL)
    *length = sl_json_scan_decode (scan.text, scan.length, text);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END_ARRAY);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END);
  return text;
}

static void
test_tokens (void)
{
  const char *text = " {\"reads\": [{\"plate\": \"7ABC123\", \"lat\": -1.5, \"ok\": true, \"no\": false,"
                     " \"x\": null, \"e\": {}, \"a\": []}]} \n";
  static const struct { SlJsonToken token; guint depth; const char *text; } expected[] = {
    { SL_JSON_TOKEN_BEGIN_OBJECT, 1, NULL },
    { SL_JSON_TOKEN_KEY, 1, "reads" },
    { SL_JSON_TOKEN_BEGIN_ARRAY, 2, NULL },
    { SL_JSON_TOKEN_BEGIN_OBJECT, 3, NULL },
    { SL_JSON_TOKEN_KEY, 3, "plate" },
    { SL_JSON_TOKEN_STRING, 3, "7ABC123" },
    { SL_JSON_TOKEN_KEY, 3, "lat" },
    { SL_JSON_TOKEN_NUMBER, 3, "-1.5" },
    { SL_JSON_TOKEN_KEY, 3, "ok" },
    { SL_JSON_TOKEN_TRUE, 3, NULL },
    { SL_JSON_TOKEN_KEY, 3, "no" },
    { SL_JSON_TOKEN_FALSE, 3, NULL },
    { SL_JSON_TOKEN_KEY, 3, "x" },
    { SL_JSON_TOKEN_NULL, 3, NULL },
    { SL_JSON_TOKEN_KEY, 3, "e" },
    { SL_JSON_TOKEN_BEGIN_OBJECT, 4, NULL },
    { SL_JSON_TOKEN_END_OBJECT, 3, NULL },
    { SL_JSON_TOKEN_KEY, 3, "a" },
    { SL_JSON_TOKEN_BEGIN_ARRAY, 4, NULL },
    { SL_JSON_TOKEN_END_ARRAY, 3, NULL },
    { SL_JSON_TOKEN_END_OBJECT, 2, NULL },
    { SL_JSON_TOKEN_END_ARRAY, 1, NULL },
    { SL_JSON_TOKEN_END_OBJECT, 0, NULL },
    { SL_JSON_TOKEN_END, 0, NULL },
    { SL_JSON_TOKEN_END, 0, NULL },
  };
  SlJsonScan scan;

  sl_json_scan_init (&scan, text, strlen (text), SL_JSON_SCAN_FLAGS_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (sl_json_scan_next (&scan), ==, expected[i].token);
      g_assert_cmpint (scan.token, ==, expected[i].token);
      g_assert_cmpuint (scan.depth, ==, expected[i].depth);
      if (expected[i].text != NULL)
        {
          g_assert_cmpuint (scan.length, ==, strlen (expected[i].text));
          g_assert_cmpmem (scan.text, scan.length, expected[i].text, strlen (expected[i].text));
        }
    }
  g_assert_cmpfloat (scan.number, ==, -1.5);

  /* Any lone value is a document too. */
  assert_valid ("\"just a string\"");
  assert_valid (" 12 ");
  assert_valid ("null");
}

static void
test_escapes (void)
{
  gsize length = 0;
  g_autofree char *simple = string_of ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", 0, NULL);
  g_autofree char *unicode = string_of ("[\"caf\\u00e9 \\u20AC\\u0041\"]", 0, NULL);
  g_autofree char *raw = string_of ("[\"café €\"]", 0, NULL);
  g_autofree char *nul = string_of ("[\"a\\u0000b\"]", 0, &length);
  SlJsonScan scan;
  char out[16];

  g_assert_cmpstr (simple, ==, "\"\\/\b\f\n\r\t");
  g_assert_cmpstr (unicode, ==, "café €A");
  g_assert_cmpstr (raw, ==, "café €");
  /* "\u0000" is a NUL inside the string: the length tells it apart from the end. */
  g_assert_cmpuint (length, ==, 3);
  g_assert_cmpmem (nul, 4, "a\0b\0", 4);

  /* The text as sent is there too, and says whether it needs decoding. */
  sl_json_scan_init (&scan, "[\"a\\nb\", \"plain\"]", strlen ("[\"a\\nb\", \"plain\"]"), SL_JSON_SCAN_FLAGS_NONE);
  sl_json_scan_next (&scan);
  sl_json_scan_next (&scan);
  g_assert_true (scan.escaped);
  g_assert_true (scan.valid);
  g_assert_cmpmem (scan.text, scan.length, "a\\nb", 4);
  g_assert_cmpuint (sl_json_scan_decode (scan.text, scan.length, out), ==, 3);
  g_assert_cmpstr (out, ==, "a\nb");
  sl_json_scan_next (&scan);
  g_assert_false (scan.escaped);
}

static void
test_surrogates (void)
{
  static const char * const lone[] = {
    "[\"\\ud800\"]",          /* high, then the end */
    "[\"\\udc00\"]",          /* low alone */
    "[\"\\ud800x\"]",         /* high, then a letter */
    "[\"\\ud800\\u0041\"]",   /* high, then no low */
    "[\"\\ude00\\ud83d\"]",   /* the pair reversed */
    "[\"\\ud800\\ud800\"]",   /* two highs */
  };
  g_autofree char *pair = string_of ("[\"\\ud83d\\ude97 \\uD83D\\uDE00\"]", 0, NULL);

  /* A pair is one character: U+1F697 and U+1F600. */
  g_assert_cmpstr (pair, ==, "\xf0\x9f\x9a\x97 \xf0\x9f\x98\x80");

  for (guint i = 0; i < G_N_ELEMENTS (lone); i++)
    {
      g_autofree char *text = NULL;

      assert_refused (lone[i], SL_JSON_SCAN_ERROR_ESCAPE, 2);
      text = string_of (lone[i], SL_JSON_SCAN_TOLERATE_BAD_ESCAPES, NULL);
      g_assert_null (text);
    }
}

static void
test_bad_escapes (void)
{
  static const char * const bad[] = {
    "[\"\\x41\"]", "[\"\\222\"]", "[\"\\'\"]", "[\"\\u12G4\"]", "[\"\\U0041\"]", "[\"\\ \"]",
  };
  const char *text;
  SlJsonScan scan;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      assert_refused (bad[i], SL_JSON_SCAN_ERROR_ESCAPE, 2);
      g_assert_null (string_of (bad[i], SL_JSON_SCAN_TOLERATE_BAD_ESCAPES, NULL));
    }

  /* Tolerated, such a string ends where it would and the scan goes on. */
  text = "{\"k\\q\": \"\\2\\\"\", \"n\": 1}";
  sl_json_scan_init (&scan, text, strlen (text), SL_JSON_SCAN_TOLERATE_BAD_ESCAPES);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_BEGIN_OBJECT);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_KEY);
  g_assert_false (scan.valid);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_STRING);
  g_assert_false (scan.valid);
  g_assert_cmpmem (scan.text, scan.length, "\\2\\\"", 4);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_KEY);
  g_assert_true (scan.valid);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_NUMBER);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END_OBJECT);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END);

  /* Bytes that are not UTF-8 are not an escape: refused either way. */
  sl_json_scan_init (&scan, "[\"\\q\xff\"]", 7, SL_JSON_SCAN_TOLERATE_BAD_ESCAPES);
  sl_json_scan_next (&scan);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_ERROR);
  g_assert_cmpint (scan.error, ==, SL_JSON_SCAN_ERROR_UTF8);
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *four_bytes = string_of ("[\"\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"]", 0, NULL);

  g_assert_cmpstr (four_bytes, ==, "\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");

  assert_refused ("[\"a\xff\"]", SL_JSON_SCAN_ERROR_UTF8, 3);
  assert_refused ("[\"\xc0\x80\"]", SL_JSON_SCAN_ERROR_UTF8, 2);           /* overlong NUL */
  assert_refused ("[\"\xe0\x80\xaf\"]", SL_JSON_SCAN_ERROR_UTF8, 2);       /* overlong "/" */
  assert_refused ("[\"\xed\xa0\x80\"]", SL_JSON_SCAN_ERROR_UTF8, 2);       /* an encoded surrogate */
  assert_refused ("[\"\xf4\x90\x80\x80\"]", SL_JSON_SCAN_ERROR_UTF8, 2);   /* past U+10FFFF */
  assert_refused ("[\"\xe2\x82\"]", SL_JSON_SCAN_ERROR_UTF8, 2);           /* cut short */
  assert_refused ("[\"\x80\"]", SL_JSON_SCAN_ERROR_UTF8, 2);               /* a lone continuation */
  /* past the eight bytes read at once */
  assert_refused ("[\"abcdefghijklmno\xfe\"]", SL_JSON_SCAN_ERROR_UTF8, 17);
  /* outside strings only ASCII is JSON */
  assert_refused ("[\xc3\xa9]", SL_JSON_SCAN_ERROR_SYNTAX, 1);

  /* Control characters must be escaped; DEL need not. */
  assert_refused ("[\"a\tb\"]", SL_JSON_SCAN_ERROR_CONTROL, 3);
  assert_refused ("[\"a\nb\"]", SL_JSON_SCAN_ERROR_CONTROL, 3);
  assert_refused_len ("[\"a\0b\"]", 6, SL_JSON_SCAN_ERROR_CONTROL, 3);
  assert_valid ("[\"a\x7f\"]");
}

static void
test_numbers (void)
{
  static const char * const numbers[] = {
    "0", "-0.0", "1", "-1", "0.5", "1e5", "1E+2", "2.5e-3", "0.1", "37.8044", "-122.2712", "91.5",
    "9007199254740993", "18446744073709551615", "123456789012345678901234567890",
    "0.1000000000000000055511151231257827", "3.141592653589793238462643383279",
    "1e22", "1e23", "4.9e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
    "1e400", "-1e400", "1e-400", "0e999999999", "100000000000000000000000e-10",
  };
  SlJsonScan scan;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      double expected = g_ascii_strtod (numbers[i], NULL);

      sl_json_scan_init (&scan, numbers[i], strlen (numbers[i]), SL_JSON_SCAN_FLAGS_NONE);
      g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_NUMBER);
      g_assert_cmpuint (scan.length, ==, strlen (numbers[i]));
      /* rounded exactly as strtod() rounds, to the bit */
      if (memcmp (&scan.number, &expected, sizeof expected) != 0)
        g_error ("%s: %.17g, not %.17g", numbers[i], scan.number, expected);
      g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END);
    }

  /* An integer -0 is 0, as json-glib's integers have no sign of zero. */
  sl_json_scan_init (&scan, "-0", 2, SL_JSON_SCAN_FLAGS_NONE);
  sl_json_scan_next (&scan);
  g_assert_true (scan.integer);
  g_assert_false (signbit (scan.number));
  sl_json_scan_init (&scan, "-0.0", 4, SL_JSON_SCAN_FLAGS_NONE);
  sl_json_scan_next (&scan);
  g_assert_false (scan.integer);
  g_assert_true (signbit (scan.number));
  g_assert_true (isinf (g_ascii_strtod ("1e400", NULL)));
}

static void
test_number_errors (void)
{
  assert_refused ("01", SL_JSON_SCAN_ERROR_NUMBER, 1);
  assert_refused ("-01", SL_JSON_SCAN_ERROR_NUMBER, 2);
  assert_refused ("1.e5", SL_JSON_SCAN_ERROR_NUMBER, 2);
  assert_refused ("1ex", SL_JSON_SCAN_ERROR_NUMBER, 2);
  assert_refused ("-a", SL_JSON_SCAN_ERROR_NUMBER, 1);
  assert_refused ("[.5]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[+1]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[0x10]", SL_JSON_SCAN_ERROR_SYNTAX, 2);
  assert_refused ("[- 1]", SL_JSON_SCAN_ERROR_NUMBER, 2);
  assert_refused ("[NaN]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[Infinity]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[1.5.2]", SL_JSON_SCAN_ERROR_SYNTAX, 4);
  /* cut short: the text ends where more digits must come */
  assert_refused ("-", SL_JSON_SCAN_ERROR_TRUNCATED, 1);
  assert_refused ("1.", SL_JSON_SCAN_ERROR_TRUNCATED, 2);
  assert_refused ("1e", SL_JSON_SCAN_ERROR_TRUNCATED, 2);
  assert_refused ("1e+", SL_JSON_SCAN_ERROR_TRUNCATED, 3);
}

static void
test_literals (void)
{
  assert_valid ("[true, false, null]");
  assert_refused ("[True]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[nul]", SL_JSON_SCAN_ERROR_SYNTAX, 4);
  assert_refused ("[trux]", SL_JSON_SCAN_ERROR_SYNTAX, 4);
  assert_refused ("[truex]", SL_JSON_SCAN_ERROR_SYNTAX, 5);
  assert_refused ("tru", SL_JSON_SCAN_ERROR_TRUNCATED, 3);
  assert_refused ("[undefined]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
}

static void
test_depth (void)
{
  gsize deep = 100000;
  g_autofree char *brackets = g_malloc (2 * deep);
  GString *limit = g_string_new (NULL);
  g_autofree char *at_limit = NULL;

  for (guint i = 0; i < SL_JSON_SCAN_MAX_DEPTH - 1; i++)
    g_string_append (limit, i % 2 == 0 ? "[" : "{\"k\": ");
  g_string_append (limit, "[]");
  for (guint i = SL_JSON_SCAN_MAX_DEPTH - 1; i-- > 0;)
    g_string_append (limit, i % 2 == 0 ? "]" : "}");
  at_limit = g_string_free (limit, FALSE);

  /* 64 levels are taken, 65 are not, and a flood of brackets costs no stack. */
  assert_valid (at_limit);
  memset (brackets, '[', deep);
  memset (brackets + deep, ']', deep);
  assert_refused_len (brackets, 2 * deep, SL_JSON_SCAN_ERROR_DEPTH, SL_JSON_SCAN_MAX_DEPTH);
  assert_refused_len (brackets, SL_JSON_SCAN_MAX_DEPTH + 1, SL_JSON_SCAN_ERROR_DEPTH, SL_JSON_SCAN_MAX_DEPTH);
  assert_refused_len (brackets, SL_JSON_SCAN_MAX_DEPTH, SL_JSON_SCAN_ERROR_TRUNCATED, SL_JSON_SCAN_MAX_DEPTH);
}

static void
test_truncated (void)
{
  const char *text = "{\"reads\": [{\"plate\": \"7\\u0041BC\", \"lat\": -37.5e1, \"ok\": true, \"x\": [null, {}]}]}";
  gsize length = strlen (text);

  /* Every cut of a document is refused as cut short; nothing before the end is END. */
  for (gsize cut = 1; cut < length; cut++)
    {
      SlJsonScan scan;

      g_assert_cmpint (scan_to_end (&scan, text, cut, SL_JSON_SCAN_FLAGS_NONE), ==, SL_JSON_TOKEN_ERROR);
      if (scan.error != SL_JSON_SCAN_ERROR_TRUNCATED)
        g_error ("cut at %" G_GSIZE_FORMAT ": error %d", cut, scan.error);
    }
  assert_valid (text);

  assert_refused ("", SL_JSON_SCAN_ERROR_EMPTY, 0);
  assert_refused (" \t\r\n", SL_JSON_SCAN_ERROR_EMPTY, 4);
  assert_refused ("[1,", SL_JSON_SCAN_ERROR_TRUNCATED, 3);
  assert_refused ("\"abc", SL_JSON_SCAN_ERROR_TRUNCATED, 4);
  assert_refused ("\"abc\\", SL_JSON_SCAN_ERROR_TRUNCATED, 5);
  assert_refused ("\"\\u00", SL_JSON_SCAN_ERROR_TRUNCATED, 5);
}

static void
test_trailing (void)
{
  assert_valid ("[1] \n\t\r ");
  assert_refused ("[1] [2]", SL_JSON_SCAN_ERROR_TRAILING, 4);
  assert_refused ("{} x", SL_JSON_SCAN_ERROR_TRAILING, 3);
  assert_refused ("1 2", SL_JSON_SCAN_ERROR_TRAILING, 2);
  assert_refused ("\"a\"\"b\"", SL_JSON_SCAN_ERROR_TRAILING, 3);
  assert_refused_len ("{}\0", 3, SL_JSON_SCAN_ERROR_TRAILING, 2);
  assert_refused ("[1] // comment", SL_JSON_SCAN_ERROR_TRAILING, 4);
}

static void
test_syntax (void)
{
  /* What json-glib took beyond JSON, and plain mistakes. */
  assert_refused ("[1,]", SL_JSON_SCAN_ERROR_SYNTAX, 3);
  assert_refused ("{\"a\": 1,}", SL_JSON_SCAN_ERROR_SYNTAX, 8);
  assert_refused ("[1,,2]", SL_JSON_SCAN_ERROR_SYNTAX, 3);
  assert_refused ("[1 2]", SL_JSON_SCAN_ERROR_SYNTAX, 3);
  assert_refused ("{\"a\" 1}", SL_JSON_SCAN_ERROR_SYNTAX, 5);
  assert_refused ("{\"a\": 1 \"b\": 2}", SL_JSON_SCAN_ERROR_SYNTAX, 8);
  assert_refused ("{a: 1}", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("{1: 1}", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("['a']", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("[/* c */ 1]", SL_JSON_SCAN_ERROR_SYNTAX, 1);
  assert_refused ("var x = [1]", SL_JSON_SCAN_ERROR_SYNTAX, 0);
  assert_refused ("[1}", SL_JSON_SCAN_ERROR_SYNTAX, 2);
  assert_refused ("{\"a\": 1]", SL_JSON_SCAN_ERROR_SYNTAX, 7);
  assert_refused ("]", SL_JSON_SCAN_ERROR_SYNTAX, 0);
  assert_refused ("\xef\xbb\xbf[]", SL_JSON_SCAN_ERROR_SYNTAX, 0);
}

static void
test_duplicates (void)
{
  const char *text = "{\"a\": 1, \"a\": [2], \"b\": {\"a\": 3}}";
  SlJsonScan scan;
  guint n_a = 0;

  /* The scanner passes every member on; which counts is the caller's choice
   * (sl-ingest keeps the last, as json-glib did). */
  sl_json_scan_init (&scan, text, strlen (text), SL_JSON_SCAN_FLAGS_NONE);
  while (sl_json_scan_next (&scan) != SL_JSON_TOKEN_END)
    {
      g_assert_cmpint (scan.token, !=, SL_JSON_TOKEN_ERROR);
      if (scan.token == SL_JSON_TOKEN_KEY && scan.length == 1 && scan.text[0] == 'a')
        n_a++;
    }
  g_assert_cmpuint (n_a, ==, 3);
}

static void
test_skip (void)
{
  const char *text = "{\"skip\": {\"a\": [1, {\"b\": [[]]}], \"c\": \"}\"}, \"next\": 5, \"last\": [true]}";
  const char *broken = "{\"skip\": {\"a\": [1, 01]}, \"next\": 5}";
  SlJsonScan scan;

  sl_json_scan_init (&scan, text, strlen (text), SL_JSON_SCAN_FLAGS_NONE);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_BEGIN_OBJECT);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_KEY);
  /* After a key, skipping takes the whole value. */
  g_assert_true (sl_json_scan_skip (&scan));
  g_assert_cmpint (scan.token, ==, SL_JSON_TOKEN_END_OBJECT);
  g_assert_cmpuint (scan.depth, ==, 1);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_KEY);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_NUMBER);
  g_assert_cmpfloat (scan.number, ==, 5);
  /* After a scalar, nothing. */
  g_assert_true (sl_json_scan_skip (&scan));
  g_assert_cmpint (scan.token, ==, SL_JSON_TOKEN_NUMBER);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_KEY);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_BEGIN_ARRAY);
  g_assert_true (sl_json_scan_skip (&scan));
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END_OBJECT);
  g_assert_cmpint (sl_json_scan_next (&scan), ==, SL_JSON_TOKEN_END);

  /* What is skipped is checked all the same. */
  sl_json_scan_init (&scan, broken, strlen (broken), SL_JSON_SCAN_FLAGS_NONE);
  sl_json_scan_next (&scan);
  sl_json_scan_next (&scan);
  g_assert_false (sl_json_scan_skip (&scan));
  g_assert_cmpint (scan.error, ==, SL_JSON_SCAN_ERROR_NUMBER);
  g_assert_cmpuint (scan.offset, ==, 20);
}

static void
test_describe_error (void)
{
  static const struct { const char *text; const char *says; } cases[] = {
    { "{\n  \"a\": 1,\n  \"b\" 2\n}", "unexpected “2” at line 3, column 7" },
    { "[1, 2", "ends inside the value, at line 1, column 6" },
    { "[\"\xff\"]", "not UTF-8 at line 1, column 3" },
    { "[\xff]", "unexpected byte 0xFF at line 1, column 2" },
    { "[1] x", "unexpected “x” after the value" },
    { "[\"\\x\"]", "escape" },
    { "[01]", "number" },
    { "  ", "no value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SlJsonScan scan;
      g_autofree char *why = NULL;

      g_assert_cmpint (scan_to_end (&scan, cases[i].text, strlen (cases[i].text), 0), ==, SL_JSON_TOKEN_ERROR);
      why = sl_json_scan_describe_error (&scan);
      g_assert_true (g_utf8_validate (why, -1, NULL));
      if (strstr (why, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s”", why, cases[i].says);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scan/tokens", test_tokens);
  g_test_add_func ("/json-scan/escapes", test_escapes);
  g_test_add_func ("/json-scan/surrogates", test_surrogates);
  g_test_add_func ("/json-scan/bad-escapes", test_bad_escapes);
  g_test_add_func ("/json-scan/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json-scan/numbers", test_numbers);
  g_test_add_func ("/json-scan/number-errors", test_number_errors);
  g_test_add_func ("/json-scan/literals", test_literals);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/truncated", test_truncated);
  g_test_add_func ("/json-scan/trailing", test_trailing);
  g_test_add_func ("/json-scan/syntax", test_syntax);
  g_test_add_func ("/json-scan/duplicates", test_duplicates);
  g_test_add_func ("/json-scan/skip", test_skip);
  g_test_add_func ("/json-scan/describe-error", test_describe_error);

  return g_test_run ();
}
