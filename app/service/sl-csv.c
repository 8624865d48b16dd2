#define G_LOG_DOMAIN "sl-csv"

#include "config.h"

#include <string.h>

#include "sl-csv.h"

/**
 * sl_csv_append:
 * @first: whether @text starts its line
 * @text: (nullable): the field; %NULL leaves it empty
 * @is_text: whether @text came from a person or a camera, and may look
 *   like a formula
 *
 * Appends one field with RFC 4180 quoting; text a spreadsheet would run
 * as a formula is defused with a leading apostrophe.
 */
void
sl_csv_append (GString    *csv,
               gboolean    first,
               const char *text,
               gboolean    is_text)
{
  g_autofree char *safe = NULL;

  if (!first)
    g_string_append_c (csv, ',');
  if (text == NULL)
    return;

  if (is_text && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    text = safe = g_strconcat ("'", text, NULL);

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}
