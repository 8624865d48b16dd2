/* fuzz-native-diff.c: sl_ingest_parse_native() against the json-glib parser it
 * replaced (sl-ingest-reference.c). On a body that is JSON as RFC 8259 has it,
 * both must give the same batch, read for read, or the same error. Where they
 * may part, the new one must be the stricter:
 * - not JSON (comments, "01", "[1] [2]", raw control characters, which
 *   json-glib took): the new parser refuses the body;
 * - bad escapes and lone surrogates: json-glib refused some bodies and made
 *   bytes that are not UTF-8 of others; the new parser refuses the read that
 *   needs the string, never the body;
 * - integers past 64 bits, which json-glib wrapped around: not compared.
 * With SL_FUZZ_STATS set, how many bodies fell in each class is printed at exit.
 */
#define G_LOG_DOMAIN "fuzz-native-diff"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sl-fuzz.h"
#include "sl-ingest-reference.h"

typedef enum
{
  BODY_JSON,
  BODY_BAD_ESCAPES,   /* JSON but for bad escapes or lone surrogates */
  BODY_NOT_JSON,
} BodyClass;

/* An RFC 8259 checker of its own, recursive and simple, to judge by. */
typedef struct
{
  const guchar *p;
  const guchar *end;
  guint         depth;
  gboolean      bad_escapes;
  gboolean      long_integer;
} Checker;

static gboolean check_value (Checker *checker);

static void
check_space (Checker *checker)
{
  while (checker->p < checker->end &&
         (*checker->p == ' ' || *checker->p == '\t' || *checker->p == '\n' || *checker->p == '\r'))
    checker->p++;
}

static gboolean
check_char (Checker *checker,
            guchar   c)
{
  check_space (checker);
  if (checker->p < checker->end && *checker->p == c)
    {
      checker->p++;
      return TRUE;
    }
  return FALSE;
}

static int
check_hex4 (Checker *checker)
{
  int unit = 0;

  if (checker->end - checker->p < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((char) checker->p[i]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  checker->p += 4;
  return unit;
}

static gboolean
check_string (Checker *checker)
{
  if (!check_char (checker, '"'))
    return FALSE;

  while (checker->p < checker->end)
    {
      guchar c = *checker->p;

      if (c == '"')
        {
          checker->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          checker->p++;
          if (checker->p == checker->end)
            return FALSE;
          c = *checker->p;
          if (strchr ("\"\\/bfnrt", c) != NULL && c != '\0')
            checker->p++;
          else if (c == 'u')
            {
              const guchar *at = checker->p++;
              int unit = check_hex4 (checker);

              if (unit < 0)
                {
                  checker->bad_escapes = TRUE;
                  checker->p = at;
                }
              else if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  const guchar *after = checker->p;
                  int low = -1;

                  if (checker->end - checker->p >= 2 && checker->p[0] == '\\' && checker->p[1] == 'u')
                    {
                      checker->p += 2;
                      low = check_hex4 (checker);
                    }
                  if (low < 0xdc00 || low > 0xdfff)
                    {
                      checker->bad_escapes = TRUE;
                      checker->p = after;
                    }
                }
              else if (unit >= 0xdc00 && unit <= 0xdfff)
                checker->bad_escapes = TRUE;
            }
          else
            checker->bad_escapes = TRUE;
          continue;
        }
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated ((const char *) checker->p, checker->end - checker->p);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            return FALSE;
          checker->p = (const guchar *) g_utf8_next_char (checker->p);
          continue;
        }
      checker->p++;
    }

  return FALSE;
}

static gboolean
check_digits (Checker *checker)
{
  const guchar *start = checker->p;

  while (checker->p < checker->end && g_ascii_isdigit (*checker->p))
    checker->p++;
  return checker->p > start;
}

static gboolean
check_number (Checker *checker)
{
  const guchar *start;
  gboolean integer = TRUE;
  gsize n_digits;

  if (checker->p < checker->end && *checker->p == '-')
    checker->p++;
  start = checker->p;
  if (!check_digits (checker))
    return FALSE;
  n_digits = (gsize) (checker->p - start);
  if (*start == '0' && n_digits > 1)
    return FALSE;
  if (checker->p < checker->end && *checker->p == '.')
    {
      integer = FALSE;
      checker->p++;
      if (!check_digits (checker))
        return FALSE;
    }
  if (checker->p < checker->end && (*checker->p == 'e' || *checker->p == 'E'))
    {
      integer = FALSE;
      checker->p++;
      if (checker->p < checker->end && (*checker->p == '+' || *checker->p == '-'))
        checker->p++;
      if (!check_digits (checker))
        return FALSE;
    }
  if (integer && n_digits >= 19)
    checker->long_integer = TRUE;
  return TRUE;
}

static gboolean
check_word (Checker    *checker,
            const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (checker->end - checker->p) < n || memcmp (checker->p, word, n) != 0)
    return FALSE;
  checker->p += n;
  return TRUE;
}

static gboolean
check_value (Checker *checker)
{
  gboolean ok = FALSE;

  check_space (checker);
  if (checker->p == checker->end || ++checker->depth > 1000)
    return FALSE;

  switch (*checker->p)
    {
    case '{':
      checker->p++;
      if (check_char (checker, '}'))
        {
          ok = TRUE;
          break;
        }
      do
        {
          check_space (checker);
          if (!check_string (checker) || !check_char (checker, ':') || !check_value (checker))
            goto out;
        }
      while (check_char (checker, ','));
      ok = check_char (checker, '}');
      break;

    case '[':
      checker->p++;
      if (check_char (checker, ']'))
        {
          ok = TRUE;
          break;
        }
      do
        if (!check_value (checker))
          goto out;
      while (check_char (checker, ','));
      ok = check_char (checker, ']');
      break;

    case '"':
      ok = check_string (checker);
      break;

    case 't':
      ok = check_word (checker, "true");
      break;

    case 'f':
      ok = check_word (checker, "false");
      break;

    case 'n':
      ok = check_word (checker, "null");
      break;

    default:
      ok = check_number (checker);
      break;
    }

out:
  checker->depth--;
  return ok;
}

static BodyClass
classify (const guint8 *data,
          gsize         size,
          gboolean     *long_integer)
{
  Checker checker = { data, data + size, 0, FALSE, FALSE };
  gboolean ok;

  /* a byte order mark may be ignored, and is by both */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    checker.p += 3;
  ok = check_value (&checker);

  check_space (&checker);
  *long_integer = checker.long_integer;
  if (!ok || checker.p != checker.end)
    return BODY_NOT_JSON;
  return checker.bad_escapes ? BODY_BAD_ESCAPES : BODY_JSON;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
same_bytes (GBytes *a,
            GBytes *b)
{
  return (a == NULL && b == NULL) || (a != NULL && b != NULL && g_bytes_equal (a, b));
}

/* What kind of error: json-glib's own explanations after the colon differ. */
static char *
error_kind (const GError *error)
{
  const char *prefix = "The request body is not valid JSON";

  if (g_str_has_prefix (error->message, prefix))
    return g_strdup (prefix);
  return g_strdup (error->message);
}

static void
assert_same_batches (SlIngestBatch *batch,
                     SlIngestBatch *expected)
{
  g_assert_cmpuint (batch->reads->len, ==, expected->reads->len);
  g_assert_cmpuint (batch->rejected->len, ==, expected->rejected->len);

  for (guint i = 0; i < batch->reads->len; i++)
    {
      SlRead *read = g_ptr_array_index (batch->reads, i);
      SlRead *want = g_ptr_array_index (expected->reads, i);

      g_assert_cmpuint (g_array_index (batch->indexes, guint, i), ==, g_array_index (expected->indexes, guint, i));
      g_assert_cmpstr (read->plate, ==, want->plate);
      g_assert_cmpstr (read->plate_raw, ==, want->plate_raw);
      g_assert_cmpstr (read->region, ==, want->region);
      g_assert_true (same_double (read->confidence, want->confidence));
      g_assert_cmpint (read->captured_us, ==, want->captured_us);
      g_assert_cmpint (read->received_us, ==, want->received_us);
      g_assert_true (same_double (read->lat, want->lat));
      g_assert_true (same_double (read->lon, want->lon));
      g_assert_true (same_double (read->heading, want->heading));
      g_assert_cmpuint (read->candidates->len, ==, want->candidates->len);
      for (guint j = 0; j < read->candidates->len; j++)
        {
          SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, j);
          SlCandidate *wanted = &g_array_index (want->candidates, SlCandidate, j);

          g_assert_cmpstr (candidate->plate, ==, wanted->plate);
          g_assert_true (same_double (candidate->confidence, wanted->confidence));
        }
      g_assert_cmpstr (read->make, ==, want->make);
      g_assert_cmpstr (read->model, ==, want->model);
      g_assert_cmpstr (read->color, ==, want->color);
      g_assert_cmpstr (read->vehicle_type, ==, want->vehicle_type);
      g_assert_true (same_bytes (read->plate_image, want->plate_image));
      g_assert_true (same_bytes (read->overview_image, want->overview_image));
    }

  for (guint i = 0; i < batch->rejected->len; i++)
    {
      SlIngestRejection *rejection = &g_array_index (batch->rejected, SlIngestRejection, i);
      SlIngestRejection *wanted = &g_array_index (expected->rejected, SlIngestRejection, i);

      g_assert_cmpuint (rejection->index, ==, wanted->index);
      g_assert_cmpstr (rejection->code, ==, wanted->code);
      g_assert_cmpstr (rejection->message, ==, wanted->message);
    }
}

static guint counts[4];   /* BodyClass, then bodies with long integers */

static void
print_counts (void)
{
  fprintf (stderr, "fuzz-native-diff: %u bodies compared, %u with bad escapes, %u not JSON, %u with long integers\n",
           counts[BODY_JSON], counts[BODY_BAD_ESCAPES], counts[BODY_NOT_JSON], counts[3]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected_error = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;
  g_autoptr(SlIngestBatch) expected = NULL;
  gboolean long_integer;
  BodyClass body_class;
  static gboolean counting;

  sl_fuzz_init ();
  if (!counting && g_getenv ("SL_FUZZ_STATS") != NULL)
    atexit (print_counts);
  counting = TRUE;

  batch = sl_ingest_parse_native ((const char *) data, size, SL_FUZZ_NOW_US, &error);
  sl_fuzz_check_batch (batch, error);
  body_class = classify (data, size, &long_integer);

  if (long_integer)
    {
      counts[3]++;
      return 0;
    }
  counts[body_class]++;

  switch (body_class)
    {
    case BODY_NOT_JSON:
      /* Refused as a body; empty or whitespace-only bodies are not JSON either. */
      g_assert_null (batch);
      g_assert_true (g_str_has_prefix (error->message, "The request body") ||
                     g_str_has_prefix (error->message, "The JSON body is nested"));
      break;

    case BODY_BAD_ESCAPES:
      g_assert_true (batch != NULL || !g_str_has_prefix (error->message, "The request body is not valid JSON"));
      break;

    case BODY_JSON:
    default:
      expected = sl_ingest_reference_parse_native ((const char *) data, size, SL_FUZZ_NOW_US, &expected_error);
      if (expected == NULL)
        {
          g_autofree char *kind = NULL;
          g_autofree char *expected_kind = error_kind (expected_error);

          if (batch != NULL)
            g_error ("json-glib refused the body (%s), the new parser took it", expected_error->message);
          kind = error_kind (error);
          g_assert_cmpstr (kind, ==, expected_kind);
        }
      else
        {
          if (batch == NULL)
            g_error ("the new parser refused the body (%s), json-glib took it", error->message);
          assert_same_batches (batch, expected);
        }
      break;
    }

  return 0;
}
