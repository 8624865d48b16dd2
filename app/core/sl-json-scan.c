#define G_LOG_DOMAIN "sl-json-scan"

#include "config.h"

#include <string.h>

#include "sl-json-scan.h"

/* What the next call of sl_json_scan_next() expects. */
enum
{
  STATE_VALUE,            /* the top-level value, or a value after "," in an array */
  STATE_FIRST_IN_ARRAY,   /* a value or "]" */
  STATE_FIRST_IN_OBJECT,  /* a key or "}" */
  STATE_KEY,              /* a key, after "," in an object */
  STATE_COLON,            /* ":" and a value */
  STATE_AFTER_VALUE,      /* "," or the container's end, or the end of the text */
  STATE_DONE,
  STATE_FAILED,
};

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Exact powers of ten: a double holds up to 1e22 without rounding. */
static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && is_space (*p))
    p++;
  return p;
}

/* Whether any of 8 bytes ends a plain run inside a string: '"', '\\', a
 * control character, or a byte of a multi-byte sequence. */
static inline gboolean
has_special_byte (guint64 w)
{
  guint64 quote = w ^ (ONES * '"');
  guint64 backslash = w ^ (ONES * '\\');

  return ((((quote - ONES) & ~quote) |
          ((backslash - ONES) & ~backslash) |
          ((w - ONES * 0x20) & ~w) |
          w) & HIGHS) != 0;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of "XXXX" at @p, or -1 when one is not a hex digit. */
static inline int
hex4 (const char *p)
{
  int a = hex_value (p[0]), b = hex_value (p[1]), c = hex_value (p[2]), d = hex_value (p[3]);

  if ((a | b | c | d) < 0)
    return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/* The length of the UTF-8 sequence at @p (which holds a byte >= 0x80), or 0
 * when it is not UTF-8: overlong forms, surrogates and values past U+10FFFF
 * are refused, as g_utf8_validate() does. */
static gsize
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  guchar c = p[0];
  guchar low = 0x80, high = 0xbf;
  gsize n;

  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      if (c == 0xe0)
        low = 0xa0;
      else if (c == 0xed)
        high = 0x9f;
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      if (c == 0xf0)
        low = 0x90;
      else if (c == 0xf4)
        high = 0x8f;
    }
  else
    return 0;

  if ((gsize) (end - p) < n || p[1] < low || p[1] > high)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;
  return n;
}

static SlJsonToken
fail (SlJsonScan      *scan,
      const char      *at,
      SlJsonScanError  error)
{
  scan->state = STATE_FAILED;
  scan->token = SL_JSON_TOKEN_ERROR;
  scan->error = error;
  scan->offset = (gsize) (at - scan->start);
  return SL_JSON_TOKEN_ERROR;
}

/* @p is at the opening quote; returns the position after the closing one,
 * or NULL after fail(). */
static const char *
scan_string (SlJsonScan *scan,
             const char *p)
{
  const char *end = scan->end;
  const char *text = ++p;

  scan->escaped = FALSE;
  scan->valid = TRUE;

  for (;;)
    {
      guchar c;

      while (end - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, sizeof w);
          if (has_special_byte (w))
            break;
          p += 8;
        }

      if (p == end)
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
          return NULL;
        }

      c = (guchar) *p;
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        p++;
      else if (c == '"')
        break;
      else if (c == '\\')
        {
          const char *escape = p++;
          gboolean bad = FALSE;

          scan->escaped = TRUE;
          if (p == end)
            {
              fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
              return NULL;
            }

          switch (*p)
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p++;
              break;

            case 'u':
              {
                int unit;

                if (end - p < 5)
                  {
                    for (const char *q = p + 1; q < end; q++)
                      if (hex_value (*q) < 0)
                        goto bad_escape;
                    fail (scan, end, SL_JSON_SCAN_ERROR_TRUNCATED);
                    return NULL;
                  }

                unit = hex4 (p + 1);
                if (unit < 0)
                  goto bad_escape;
                p += 5;

                if (unit >= 0xdc00 && unit <= 0xdfff)
                  bad = TRUE;
                else if (unit >= 0xd800 && unit <= 0xdbff)
                  {
                    int low = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4 (p + 2) : -1;

                    if (low >= 0xdc00 && low <= 0xdfff)
                      p += 6;
                    else
                      bad = TRUE;
                  }
              }
              break;

            default:
            bad_escape:
              /* What follows the backslash is read again as text. */
              bad = TRUE;
              break;
            }

          if (bad)
            {
              if (!(scan->flags & SL_JSON_SCAN_TOLERATE_BAD_ESCAPES))
                {
                  fail (scan, escape, SL_JSON_SCAN_ERROR_ESCAPE);
                  return NULL;
                }
              scan->valid = FALSE;
            }
        }
      else if (c < 0x20)
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_CONTROL);
          return NULL;
        }
      else
        {
          gsize n = utf8_sequence_length ((const guchar *) p, (const guchar *) end);

          if (n == 0)
            {
              fail (scan, p, SL_JSON_SCAN_ERROR_UTF8);
              return NULL;
            }
          p += n;
        }
    }

  scan->text = text;
  scan->length = (gsize) (p - text);
  return p + 1;
}

static double
parse_double_slowly (const char *text,
                     gsize       length)
{
  char buffer[64];
  g_autofree char *copy = NULL;
  const char *literal;

  if (length < sizeof buffer)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
      literal = buffer;
    }
  else
    literal = copy = g_strndup (text, length);

  return g_ascii_strtod (literal, NULL);
}

/* @p is at "-" or a digit; returns the position after the number, or NULL
 * after fail(). Up to 19 significant digits are kept as an integer; when
 * that and the power of ten are exact as doubles, one multiplication or
 * division rounds correctly (Clinger's fast path), else strtod() decides. */
static const char *
scan_number (SlJsonScan *scan,
             const char *p)
{
  const char *end = scan->end;
  const char *literal = p;
  gboolean negative = FALSE, integer = TRUE, dropped = FALSE;
  guint64 mantissa = 0;
  guint n_digits = 0;
  int exponent = 0;
  double value;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p == end)
    {
      fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
      return NULL;
    }

  if (*p == '0')
    {
      p++;
      if (p < end && g_ascii_isdigit (*p))
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_NUMBER);
          return NULL;
        }
    }
  else if (*p >= '1' && *p <= '9')
    {
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (n_digits < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              n_digits++;
            }
          else
            {
              exponent++;
              dropped = TRUE;
            }
        }
    }
  else
    {
      fail (scan, p, SL_JSON_SCAN_ERROR_NUMBER);
      return NULL;
    }

  if (p < end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p == end)
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
          return NULL;
        }
      if (!g_ascii_isdigit (*p))
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_NUMBER);
          return NULL;
        }
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (mantissa == 0 && *p == '0')
            exponent--;
          else if (n_digits < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              n_digits++;
              exponent--;
            }
          else
            dropped = TRUE;
        }
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean negative_exponent = FALSE;
      int e = 0;

      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        negative_exponent = *p++ == '-';
      if (p == end)
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
          return NULL;
        }
      if (!g_ascii_isdigit (*p))
        {
          fail (scan, p, SL_JSON_SCAN_ERROR_NUMBER);
          return NULL;
        }
      for (; p < end && g_ascii_isdigit (*p); p++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      exponent += negative_exponent ? -e : e;
    }

  if (mantissa == 0)
    value = 0.0;
  else if (!dropped && exponent == 0)
    value = (double) mantissa;
  else if (!dropped && mantissa <= (G_GUINT64_CONSTANT (1) << 53) && exponent >= -22 && exponent <= 22)
    value = exponent < 0 ? (double) mantissa / powers_of_ten[-exponent]
                         : (double) mantissa * powers_of_ten[exponent];
  else
    value = parse_double_slowly (negative ? literal + 1 : literal, (gsize) (p - literal) - negative);

  /* An integer is one to json-glib, whose -0 is 0. */
  if (negative && !(integer && mantissa == 0))
    value = -value;

  scan->text = literal;
  scan->length = (gsize) (p - literal);
  scan->integer = integer;
  scan->number = value;
  return p;
}

/* @p is at the literal's first letter. */
static const char *
scan_literal (SlJsonScan *scan,
              const char *p,
              const char *word,
              gsize       length)
{
  gsize available = MIN ((gsize) (scan->end - p), length);

  if (memcmp (p, word, available) != 0)
    {
      gsize i = 0;

      while (p[i] == word[i])
        i++;
      fail (scan, p + i, SL_JSON_SCAN_ERROR_SYNTAX);
      return NULL;
    }
  if (available < length)
    {
      fail (scan, scan->end, SL_JSON_SCAN_ERROR_TRUNCATED);
      return NULL;
    }
  return p + length;
}

static SlJsonToken
open_container (SlJsonScan *scan,
                const char *p,
                gboolean    object)
{
  if (scan->depth >= SL_JSON_SCAN_MAX_DEPTH)
    return fail (scan, p, SL_JSON_SCAN_ERROR_DEPTH);

  if (object)
    scan->objects |= G_GUINT64_CONSTANT (1) << scan->depth;
  else
    scan->objects &= ~(G_GUINT64_CONSTANT (1) << scan->depth);
  scan->depth++;
  scan->state = object ? STATE_FIRST_IN_OBJECT : STATE_FIRST_IN_ARRAY;
  scan->pos = p + 1;
  return scan->token = object ? SL_JSON_TOKEN_BEGIN_OBJECT : SL_JSON_TOKEN_BEGIN_ARRAY;
}

static SlJsonToken
close_container (SlJsonScan *scan,
                 const char *p,
                 gboolean    object)
{
  scan->depth--;
  scan->state = STATE_AFTER_VALUE;
  scan->pos = p + 1;
  return scan->token = object ? SL_JSON_TOKEN_END_OBJECT : SL_JSON_TOKEN_END_ARRAY;
}

static inline gboolean
in_object (const SlJsonScan *scan)
{
  return (scan->objects >> (scan->depth - 1)) & 1;
}

/**
 * sl_json_scan_init:
 * @data: the text; need not end in a NUL
 *
 * Prepares @scan to read the one JSON value in @data, with nothing but
 * whitespace around it.
 */
void
sl_json_scan_init (SlJsonScan      *scan,
                   const char      *data,
                   gsize            length,
                   SlJsonScanFlags  flags)
{
  g_return_if_fail (scan != NULL);
  g_return_if_fail (data != NULL || length == 0);

  memset (scan, 0, sizeof *scan);
  scan->start = scan->pos = data != NULL ? data : "";
  scan->end = scan->start + length;
  scan->state = STATE_VALUE;
  scan->flags = flags;
}

/**
 * sl_json_scan_next:
 *
 * Reads the next token. Commas and colons are checked here, never passed on;
 * after the last token of the value comes %SL_JSON_TOKEN_END, once the rest
 * of the text has been found to be whitespace.
 *
 * Returns: the token, also in @scan->token
 */
SlJsonToken
sl_json_scan_next (SlJsonScan *scan)
{
  const char *p = scan->pos;
  const char *end = scan->end;

  if (scan->state == STATE_FAILED)
    return SL_JSON_TOKEN_ERROR;

  scan->offset = (gsize) (p - scan->start);

  switch (scan->state)
    {
    case STATE_DONE:
      return scan->token = SL_JSON_TOKEN_END;

    case STATE_AFTER_VALUE:
      p = skip_space (p, end);
      if (scan->depth == 0)
        {
          if (p != end)
            return fail (scan, p, SL_JSON_SCAN_ERROR_TRAILING);
          scan->state = STATE_DONE;
          scan->pos = p;
          scan->offset = (gsize) (p - scan->start);
          return scan->token = SL_JSON_TOKEN_END;
        }
      if (p == end)
        return fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
      if (*p == ',')
        {
          p++;
          if (in_object (scan))
            goto key;
          goto value;
        }
      if (*p == (in_object (scan) ? '}' : ']'))
        {
          scan->offset = (gsize) (p - scan->start);
          return close_container (scan, p, in_object (scan));
        }
      return fail (scan, p, SL_JSON_SCAN_ERROR_SYNTAX);

    case STATE_COLON:
      p = skip_space (p, end);
      if (p == end)
        return fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
      if (*p != ':')
        return fail (scan, p, SL_JSON_SCAN_ERROR_SYNTAX);
      p++;
      goto value;

    case STATE_FIRST_IN_OBJECT:
      p = skip_space (p, end);
      if (p < end && *p == '}')
        {
          scan->offset = (gsize) (p - scan->start);
          return close_container (scan, p, TRUE);
        }
      goto key;

    case STATE_KEY:
    key:
      p = skip_space (p, end);
      if (p == end)
        return fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
      if (*p != '"')
        return fail (scan, p, SL_JSON_SCAN_ERROR_SYNTAX);
      scan->offset = (gsize) (p - scan->start);
      p = scan_string (scan, p);
      if (p == NULL)
        return SL_JSON_TOKEN_ERROR;
      scan->state = STATE_COLON;
      scan->pos = p;
      return scan->token = SL_JSON_TOKEN_KEY;

    case STATE_FIRST_IN_ARRAY:
      p = skip_space (p, end);
      if (p < end && *p == ']')
        {
          scan->offset = (gsize) (p - scan->start);
          return close_container (scan, p, FALSE);
        }
      goto value;

    case STATE_VALUE:
    default:
    value:
      p = skip_space (p, end);
      if (p == end)
        {
          /* STATE_VALUE at depth 0 is only the start */
          if (scan->depth == 0)
            return fail (scan, p, SL_JSON_SCAN_ERROR_EMPTY);
          return fail (scan, p, SL_JSON_SCAN_ERROR_TRUNCATED);
        }

      scan->offset = (gsize) (p - scan->start);
      switch (*p)
        {
        case '{':
          return open_container (scan, p, TRUE);

        case '[':
          return open_container (scan, p, FALSE);

        case '"':
          p = scan_string (scan, p);
          scan->token = SL_JSON_TOKEN_STRING;
          break;

        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          p = scan_number (scan, p);
          scan->token = SL_JSON_TOKEN_NUMBER;
          break;

        case 't':
          p = scan_literal (scan, p, "true", 4);
          scan->token = SL_JSON_TOKEN_TRUE;
          break;

        case 'f':
          p = scan_literal (scan, p, "false", 5);
          scan->token = SL_JSON_TOKEN_FALSE;
          break;

        case 'n':
          p = scan_literal (scan, p, "null", 4);
          scan->token = SL_JSON_TOKEN_NULL;
          break;

        default:
          return fail (scan, p, SL_JSON_SCAN_ERROR_SYNTAX);
        }

      if (p == NULL)
        return scan->token = SL_JSON_TOKEN_ERROR;
      scan->state = STATE_AFTER_VALUE;
      scan->pos = p;
      return scan->token;
    }
}

/**
 * sl_json_scan_skip:
 *
 * Skips the value the current token starts: after %SL_JSON_TOKEN_KEY the
 * member's value, after %SL_JSON_TOKEN_BEGIN_OBJECT or
 * %SL_JSON_TOKEN_BEGIN_ARRAY everything up to its end, which becomes the
 * current token; after any other token nothing. Skipped text is checked
 * like any other.
 *
 * Returns: %FALSE on an error
 */
gboolean
sl_json_scan_skip (SlJsonScan *scan)
{
  guint depth;

  g_return_val_if_fail (scan != NULL, FALSE);

  if (scan->token == SL_JSON_TOKEN_KEY)
    sl_json_scan_next (scan);

  if (scan->token == SL_JSON_TOKEN_ERROR)
    return FALSE;
  if (scan->token != SL_JSON_TOKEN_BEGIN_OBJECT && scan->token != SL_JSON_TOKEN_BEGIN_ARRAY)
    return TRUE;

  depth = scan->depth - 1;
  for (;;)
    {
      SlJsonToken token = sl_json_scan_next (scan);

      if (token == SL_JSON_TOKEN_ERROR)
        return FALSE;
      if ((token == SL_JSON_TOKEN_END_OBJECT || token == SL_JSON_TOKEN_END_ARRAY) && scan->depth == depth)
        return TRUE;
    }
}

/**
 * sl_json_scan_decode:
 * @text: a string's text as the scanner gave it
 * @out: room for @length + 1 bytes: the text never grows
 *
 * Writes the string with its escapes resolved, and a NUL after it; "\u0000"
 * becomes a NUL inside. Bad escapes (only in a string that was not valid)
 * are written as the character after the backslash, lone surrogates as
 * U+FFFD.
 *
 * Returns: the number of bytes written before the final NUL
 */
gsize
sl_json_scan_decode (const char *text,
                     gsize       length,
                     char       *out)
{
  const char *p = text;
  const char *end = text + length;
  char *o = out;

  g_return_val_if_fail (text != NULL || length == 0, 0);
  g_return_val_if_fail (out != NULL, 0);

  while (p < end)
    {
      const char *backslash = memchr (p, '\\', (gsize) (end - p));
      gunichar c;
      int unit;

      if (backslash == NULL)
        backslash = end;
      memmove (o, p, (gsize) (backslash - p));
      o += backslash - p;
      p = backslash;
      if (p == end || ++p == end)
        break;

      switch (*p)
        {
        case 'b': *o++ = '\b'; p++; continue;
        case 'f': *o++ = '\f'; p++; continue;
        case 'n': *o++ = '\n'; p++; continue;
        case 'r': *o++ = '\r'; p++; continue;
        case 't': *o++ = '\t'; p++; continue;
        case 'u':
          unit = end - p >= 5 ? hex4 (p + 1) : -1;
          if (unit >= 0)
            break;
          G_GNUC_FALLTHROUGH;
        default:
          *o++ = *p++;
          continue;
        }

      p += 5;
      c = (gunichar) unit;
      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          int low = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4 (p + 2) : -1;

          if (low >= 0xdc00 && low <= 0xdfff)
            {
              c = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              p += 6;
            }
          else
            c = 0xfffd;
        }
      else if (unit >= 0xdc00 && unit <= 0xdfff)
        c = 0xfffd;

      o += g_unichar_to_utf8 (c, o);
    }

  *o = '\0';
  return (gsize) (o - out);
}

/**
 * sl_json_scan_dup_string:
 *
 * Returns: (transfer full) (nullable): the current STRING or KEY, decoded,
 *   or %NULL when the token is another or not valid text
 */
char *
sl_json_scan_dup_string (const SlJsonScan *scan)
{
  char *copy;

  g_return_val_if_fail (scan != NULL, NULL);

  if ((scan->token != SL_JSON_TOKEN_STRING && scan->token != SL_JSON_TOKEN_KEY) || !scan->valid)
    return NULL;

  copy = g_malloc (scan->length + 1);
  if (scan->escaped)
    sl_json_scan_decode (scan->text, scan->length, copy);
  else
    {
      memcpy (copy, scan->text, scan->length);
      copy[scan->length] = '\0';
    }
  return copy;
}

/**
 * sl_json_scan_describe_error:
 *
 * Returns: (transfer full): what is wrong and where, as UTF-8 text for a
 *   person ("unexpected “}” at line 3, column 14")
 */
char *
sl_json_scan_describe_error (const SlJsonScan *scan)
{
  const char *at;
  guint line = 1, column = 1;
  char shown[16];
  const char *what;

  g_return_val_if_fail (scan != NULL, NULL);

  at = scan->start + scan->offset;
  for (const char *p = scan->start; p < at; p++)
    {
      if (*p == '\n')
        {
          line++;
          column = 1;
        }
      else
        column++;
    }

  if (at < scan->end && g_ascii_isgraph (*at))
    g_snprintf (shown, sizeof shown, "“%c”", *at);
  else if (at < scan->end)
    g_snprintf (shown, sizeof shown, "byte 0x%02X", (guchar) *at);
  else
    g_strlcpy (shown, "the end", sizeof shown);

  switch (scan->error)
    {
    case SL_JSON_SCAN_ERROR_EMPTY:
      return g_strdup ("there is no value, only whitespace");
    case SL_JSON_SCAN_ERROR_TRUNCATED:
      return g_strdup_printf ("the text ends inside the value, at line %u, column %u (cut short?)", line, column);
    case SL_JSON_SCAN_ERROR_UTF8:
      what = "bytes that are not UTF-8";
      break;
    case SL_JSON_SCAN_ERROR_CONTROL:
      what = "a control character inside a string (it must be escaped)";
      break;
    case SL_JSON_SCAN_ERROR_ESCAPE:
      what = "an escape that JSON does not have, or half of a surrogate pair";
      break;
    case SL_JSON_SCAN_ERROR_NUMBER:
      what = "a number not in JSON's form";
      break;
    case SL_JSON_SCAN_ERROR_DEPTH:
      return g_strdup_printf ("arrays and objects are nested more than %d levels deep at line %u, column %u",
                              SL_JSON_SCAN_MAX_DEPTH, line, column);
    case SL_JSON_SCAN_ERROR_TRAILING:
      return g_strdup_printf ("unexpected %s after the value, at line %u, column %u", shown, line, column);
    case SL_JSON_SCAN_ERROR_SYNTAX:
      return g_strdup_printf ("unexpected %s at line %u, column %u", shown, line, column);
    case SL_JSON_SCAN_ERROR_NONE:
    default:
      return g_strdup ("no error");
    }

  return g_strdup_printf ("%s at line %u, column %u", what, line, column);
}
