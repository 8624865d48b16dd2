#define G_LOG_DOMAIN "fuzz-json-scan"

#include "config.h"

#include <json-glib/json-glib.h>

#include "sl-fuzz.h"
#include "sl-json-scan.h"

/* Reads every token; checks what each promises. */
static void
scan_all (const uint8_t   *data,
          size_t           size,
          SlJsonScanFlags  flags,
          SlJsonScan      *scan)
{
  guint depth = 0;
  g_autofree char *why = NULL;

  sl_json_scan_init (scan, (const char *) data, size, flags);
  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);

      g_assert (scan->offset <= size);
      switch (token)
        {
        case SL_JSON_TOKEN_BEGIN_OBJECT:
        case SL_JSON_TOKEN_BEGIN_ARRAY:
          g_assert (scan->depth == ++depth);
          g_assert (depth <= SL_JSON_SCAN_MAX_DEPTH);
          break;

        case SL_JSON_TOKEN_END_OBJECT:
        case SL_JSON_TOKEN_END_ARRAY:
          g_assert (scan->depth == --depth);
          break;

        case SL_JSON_TOKEN_KEY:
        case SL_JSON_TOKEN_STRING:
          {
            g_autofree char *text = sl_json_scan_dup_string (scan);

            g_assert (scan->text >= (const char *) data && scan->text + scan->length <= (const char *) data + size);
            if (!scan->valid)
              {
                g_assert (flags & SL_JSON_SCAN_TOLERATE_BAD_ESCAPES);
                g_assert (scan->escaped);
                g_assert_null (text);
              }
            else
              {
                char *out = g_malloc (scan->length + 1);
                gsize n = sl_json_scan_decode (scan->text, scan->length, out);

                g_assert (n <= scan->length && out[n] == '\0');
                g_assert (memcmp (out, text, n + 1) == 0);
                /* "\u0000" is a NUL inside, which g_utf8_validate_len() refuses */
                for (gsize i = 0; i < n; i++)
                  if (out[i] == '\0')
                    out[i] = ' ';
                g_assert (g_utf8_validate_len (out, n, NULL));
                if (!scan->escaped)
                  g_assert (n == scan->length && memcmp (out, scan->text, n) == 0);
                g_free (out);
              }
          }
          break;

        case SL_JSON_TOKEN_NUMBER:
          {
            g_autofree char *literal = g_strndup (scan->text, scan->length);
            double expected = g_ascii_strtod (literal, NULL);

            /* The fast path must round as strtod() does; an integer 0 is never -0. */
            if (scan->integer && expected == 0)
              g_assert (scan->number == 0 && !signbit (scan->number));
            else if (isnan (expected))
              g_assert_not_reached ();
            else
              g_assert (memcmp (&scan->number, &expected, sizeof expected) == 0);
          }
          break;

        case SL_JSON_TOKEN_END:
          g_assert (depth == 0 && scan->depth == 0);
          g_assert (sl_json_scan_next (scan) == SL_JSON_TOKEN_END);
          return;

        case SL_JSON_TOKEN_ERROR:
          g_assert (scan->error != SL_JSON_SCAN_ERROR_NONE);
          g_assert (sl_json_scan_next (scan) == SL_JSON_TOKEN_ERROR);
          why = sl_json_scan_describe_error (scan);
          g_assert (g_utf8_validate (why, -1, NULL));
          return;

        case SL_JSON_TOKEN_TRUE:
        case SL_JSON_TOKEN_FALSE:
        case SL_JSON_TOKEN_NULL:
        default:
          break;
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  SlJsonScan strict, tolerant, skipping;
  gboolean skipped;

  sl_fuzz_init ();
  scan_all (data, size, SL_JSON_SCAN_FLAGS_NONE, &strict);
  scan_all (data, size, SL_JSON_SCAN_TOLERATE_BAD_ESCAPES, &tolerant);

  /* Tolerance changes nothing but escapes. */
  if (strict.token == SL_JSON_TOKEN_END)
    g_assert (tolerant.token == SL_JSON_TOKEN_END);
  else if (strict.error != SL_JSON_SCAN_ERROR_ESCAPE)
    {
      g_assert (tolerant.token == SL_JSON_TOKEN_ERROR);
      g_assert (tolerant.error == strict.error);
      g_assert (tolerant.offset == strict.offset);
    }

  /* Skipping the value checks all that reading it does. */
  sl_json_scan_init (&skipping, (const char *) data, size, SL_JSON_SCAN_FLAGS_NONE);
  sl_json_scan_next (&skipping);
  skipped = sl_json_scan_skip (&skipping) && sl_json_scan_next (&skipping) == SL_JSON_TOKEN_END;
  g_assert (skipped == (strict.token == SL_JSON_TOKEN_END));
  if (!skipped)
    {
      g_assert (skipping.error == strict.error);
      g_assert (skipping.offset == strict.offset);
    }

  /* What the scanner takes, json-glib (which takes more) takes too. */
  if (strict.token == SL_JSON_TOKEN_END)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, (const char *) data, (gssize) size, &error);
      g_assert_no_error (error);
      g_assert (json_parser_get_root (parser) != NULL);
    }

  return 0;
}
