#define G_LOG_DOMAIN "sl-plate"

#include "config.h"

#include <string.h>

#include "sl-error.h"
#include "sl-plate.h"

/* Letters from other scripts that readers and keyboards produce for Latin ones. */
static gunichar
fold_lookalike (gunichar c)
{
  switch (c)
    {
    /* Cyrillic capitals (lower case was folded to upper before) */
    case 0x0410: return 'A';
    case 0x0412: return 'B';
    case 0x0415: return 'E';
    case 0x041A: return 'K';
    case 0x041C: return 'M';
    case 0x041D: return 'H';
    case 0x041E: return 'O';
    case 0x0420: return 'P';
    case 0x0421: return 'C';
    case 0x0422: return 'T';
    case 0x0423: return 'Y';
    case 0x0425: return 'X';
    case 0x0406: return 'I';
    case 0x0408: return 'J';
    case 0x0405: return 'S';
    /* Greek capitals */
    case 0x0391: return 'A';
    case 0x0392: return 'B';
    case 0x0395: return 'E';
    case 0x0396: return 'Z';
    case 0x0397: return 'H';
    case 0x0399: return 'I';
    case 0x039A: return 'K';
    case 0x039C: return 'M';
    case 0x039D: return 'N';
    case 0x039F: return 'O';
    case 0x03A1: return 'P';
    case 0x03A4: return 'T';
    case 0x03A5: return 'Y';
    case 0x03A7: return 'X';
    default:     return c;
    }
}

static gboolean
is_separator (gunichar c)
{
  if (c == '-' || c == '.' || c == 0x00B7 /* middle dot */)
    return TRUE;
  if (g_unichar_isspace (c))
    return TRUE;

  /* Hyphens and dashes of every kind, as pasted from documents. */
  return g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION;
}

static char *
normalize (const char  *raw,
           gboolean     wildcards,
           GError     **error)
{
  g_autofree char *compat = NULL;
  g_autoptr(GString) plate = NULL;
  guint n_fixed = 0;

  if (!g_utf8_validate (raw, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The plate is not valid UTF-8 text");
      return NULL;
    }

  /* NFKC folds full-width and other compatibility forms to plain ASCII;
   * readers send ASCII nearly always, so skip it then. */
  for (const char *p = raw; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        compat = g_utf8_normalize (raw, -1, G_NORMALIZE_NFKC);
        break;
      }

  plate = g_string_sized_new (16);

  for (const char *p = compat != NULL ? compat : raw; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        continue;

      c = fold_lookalike (g_unichar_toupper (c));
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (wildcards && c == '?'))
        {
          g_string_append_c (plate, (char) c);
          n_fixed++;
          continue;
        }
      if (wildcards && c == '*')
        {
          /* "**" means what "*" means */
          if (plate->len == 0 || plate->str[plate->len - 1] != '*')
            g_string_append_c (plate, '*');
          continue;
        }

      {
        char utf8[8] = { 0 };

        g_unichar_to_utf8 (c, utf8);
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                     wildcards
                       ? "“%s” cannot be part of a plate pattern: use letters A–Z, digits 0–9, ? and *"
                       : "“%s” cannot be part of a plate: use letters A–Z and digits 0–9", utf8);
        return NULL;
      }
    }

  if (plate->len == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The plate is empty");
      return NULL;
    }

  if (n_fixed > SL_PLATE_MAX_LENGTH)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "A plate has at most %d characters; “%s” has %u",
                   SL_PLATE_MAX_LENGTH, plate->str, n_fixed);
      return NULL;
    }

  if (wildcards && strspn (plate->str, "?*") == plate->len)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The pattern “%s” has no known character and would match every plate",
                   plate->str);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&plate), FALSE);
}

/**
 * sl_plate_normalize:
 * @raw: the plate as read or typed
 *
 * Returns: (transfer full): upper-case A–Z and 0–9 only, 1 to
 *   %SL_PLATE_MAX_LENGTH characters; %NULL with an %SL_ERROR_INVALID
 *   that says why otherwise.
 */
char *
sl_plate_normalize (const char  *raw,
                    GError     **error)
{
  g_return_val_if_fail (raw != NULL, NULL);

  return normalize (raw, FALSE, error);
}

/**
 * sl_plate_pattern_normalize:
 * @raw: a plate or a pattern as typed: `?` one unknown character, `*` any run
 *
 * Returns: (transfer full): the pattern normalized like a plate, runs of `*`
 *   folded to one; %NULL with an %SL_ERROR_INVALID when it has no known
 *   character or more than %SL_PLATE_MAX_LENGTH characters besides `*`.
 */
char *
sl_plate_pattern_normalize (const char  *raw,
                            GError     **error)
{
  g_return_val_if_fail (raw != NULL, NULL);

  return normalize (raw, TRUE, error);
}

gboolean
sl_plate_is_pattern (const char *plate)
{
  g_return_val_if_fail (plate != NULL, FALSE);

  return strpbrk (plate, "?*") != NULL;
}

/**
 * sl_region_is_valid:
 * @region: a region code, or "" when unknown
 *
 * Returns: whether @region is empty or a US state, district, territory or
 *   Canadian province/territory code.
 */
gboolean
sl_region_is_valid (const char *region)
{
  static const char codes[] =
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI "
    "AB BC MB NB NL NS NT NU ON PE QC SK YT ";

  g_return_val_if_fail (region != NULL, FALSE);

  if (*region == '\0')
    return TRUE;
  if (strlen (region) != 2 || !g_ascii_isupper (region[0]) || !g_ascii_isupper (region[1]))
    return FALSE;

  for (const char *p = codes; *p != '\0'; p += 3)
    if (p[0] == region[0] && p[1] == region[1])
      return TRUE;

  return FALSE;
}
