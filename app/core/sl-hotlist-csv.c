#define G_LOG_DOMAIN "sl-hotlist-csv"

#include "config.h"

#include <string.h>

#include "sl-clock.h"
#include "sl-error.h"
#include "sl-hotlist-csv.h"
#include "sl-plate.h"

typedef enum
{
  COLUMN_PLATE,
  COLUMN_STATE,
  COLUMN_CATEGORY,
  COLUMN_CASE_NUMBER,
  COLUMN_EFFECTIVE,
  COLUMN_EXPIRY,
  N_COLUMNS
} Column;

/* Header names, compared case-insensitively with spaces and dashes as '_';
 * LIC, LIS and OCA are the NCIC names. */
static const struct
{
  const char *name;
  Column      column;
} column_names[] = {
  { "plate",       COLUMN_PLATE },
  { "lic",         COLUMN_PLATE },
  { "state",       COLUMN_STATE },
  { "lis",         COLUMN_STATE },
  { "category",    COLUMN_CATEGORY },
  { "case_number", COLUMN_CASE_NUMBER },
  { "oca",         COLUMN_CASE_NUMBER },
  { "effective",   COLUMN_EFFECTIVE },
  { "expiry",      COLUMN_EXPIRY },
};

/* One field of a record, pointing into the file. */
typedef struct
{
  const char *start;
  gsize       length;
  gboolean    escaped;    /* quoted, with "" inside to undo */
} Field;

typedef enum
{
  RECORD_OK,
  RECORD_UNTERMINATED,    /* a quoted field runs to the end of the file */
  RECORD_AFTER_QUOTE,     /* text between a closing quote and the delimiter */
} RecordStatus;

typedef struct
{
  const char *p;          /* next unread byte */
  const char *end;
  char        delimiter;
  guint       line;       /* 1-based line of p */
  GArray     *fields;     /* Field, of the last record read */
} Reader;

static void
row_clear (gpointer data)
{
  SlHotlistRow *row = data;

  g_free (row->plate);
  g_free (row->plate_raw);
  g_free (row->region);
  g_free (row->category);
  g_free (row->case_number);
}

static void
bad_row_clear (gpointer data)
{
  SlHotlistBadRow *bad = data;

  g_free (bad->message);
}

static void
add_bad_row (SlHotlistCsv *csv,
             guint         line,
             char         *message)
{
  SlHotlistBadRow bad = { line, message };

  g_array_append_val (csv->bad_rows, bad);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static void
add_field (Reader     *reader,
           const char *start,
           const char *stop,
           gboolean    escaped)
{
  Field field;

  /* Unquoted fields lose surrounding blanks, and a line its '\r'. */
  if (!escaped)
    {
      while (start < stop && is_blank (*start) && *start != reader->delimiter)
        start++;
      while (stop > start && is_blank (stop[-1]) && stop[-1] != reader->delimiter)
        stop--;
    }

  field.start = start;
  field.length = stop - start;
  field.escaped = escaped;
  g_array_append_val (reader->fields, field);
}

/* A line without quotes: split it at the delimiter. */
static void
read_plain_line (Reader     *reader,
                 const char *line_end)
{
  const char *p = reader->p;

  for (;;)
    {
      const char *stop = memchr (p, reader->delimiter, line_end - p);

      if (stop == NULL)
        {
          add_field (reader, p, line_end, FALSE);
          break;
        }
      add_field (reader, p, stop, FALSE);
      p = stop + 1;
    }
}

static const char *
next_line (const char *p,
           const char *end)
{
  const char *nl = memchr (p, '\n', end - p);

  return nl != NULL ? nl + 1 : end;
}

/* RFC 4180 with quotes: fields may hold the delimiter, "" and newlines. */
static RecordStatus
read_quoted_record (Reader *reader)
{
  const char *p = reader->p;
  const char *end = reader->end;

  for (;;)
    {
      const char *s = p;

      while (s < end && (*s == ' ' || (*s == '\t' && reader->delimiter != '\t')))
        s++;

      if (s < end && *s == '"')
        {
          const char *q = s + 1;
          gboolean escaped = FALSE;

          for (;;)
            {
              const char *quote = memchr (q, '"', end - q);

              if (quote == NULL)
                return RECORD_UNTERMINATED;
              if (quote + 1 < end && quote[1] == '"')
                {
                  escaped = TRUE;
                  q = quote + 2;
                  continue;
                }
              for (const char *nl = s; (nl = memchr (nl, '\n', quote - nl)) != NULL; nl++)
                reader->line++;
              add_field (reader, s + 1, quote, escaped);
              p = quote + 1;
              break;
            }

          while (p < end && is_blank (*p) && *p != reader->delimiter)
            p++;
          if (p < end && *p == reader->delimiter)
            {
              p++;
              continue;
            }
          if (p == end || *p == '\n')
            {
              reader->p = p == end ? end : p + 1;
              reader->line++;
              return RECORD_OK;
            }
          reader->p = p;
          return RECORD_AFTER_QUOTE;
        }
      else
        {
          const char *stop = s;

          while (stop < end && *stop != reader->delimiter && *stop != '\n')
            stop++;
          add_field (reader, p, stop, FALSE);
          if (stop < end && *stop == reader->delimiter)
            {
              p = stop + 1;
              continue;
            }
          reader->p = stop == end ? end : stop + 1;
          reader->line++;
          return RECORD_OK;
        }
    }
}

/* Reads the next record into reader->fields; its first line in *line. */
static RecordStatus
read_record (Reader *reader,
             guint  *line)
{
  const char *nl = memchr (reader->p, '\n', reader->end - reader->p);
  const char *line_end = nl != NULL ? nl : reader->end;
  const char *start = reader->p;
  RecordStatus status;

  g_array_set_size (reader->fields, 0);
  *line = reader->line;

  if (memchr (reader->p, '"', line_end - reader->p) == NULL)
    {
      read_plain_line (reader, line_end);
      reader->p = nl != NULL ? nl + 1 : reader->end;
      reader->line++;
      return RECORD_OK;
    }

  status = read_quoted_record (reader);
  if (status == RECORD_UNTERMINATED ||
      (status == RECORD_AFTER_QUOTE && reader->line > *line))
    {
      /* A quote that is never closed, or only by the opening quote of a
       * later line: go on with the next line, as if it had not been there. */
      reader->p = next_line (start, reader->end);
      reader->line = *line + 1;
      return RECORD_UNTERMINATED;
    }
  else if (status == RECORD_AFTER_QUOTE)
    {
      reader->p = next_line (reader->p, reader->end);
      reader->line++;
    }

  return status;
}

static char *
field_dup (const Field *field)
{
  char *copy;
  gsize o = 0;

  if (!field->escaped)
    return g_strndup (field->start, field->length);

  copy = g_malloc (field->length + 1);
  for (gsize i = 0; i < field->length; i++)
    {
      copy[o++] = field->start[i];
      if (field->start[i] == '"')
        i++;
    }
  copy[o] = '\0';
  return copy;
}

static gboolean
record_is_blank (GArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_array_index (fields, Field, i).length > 0)
      return FALSE;

  return TRUE;
}

static char
detect_delimiter (const char *p,
                  const char *end)
{
  static const char delimiters[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (delimiters)] = { 0 };
  gboolean in_quotes = FALSE;
  guint best = 0;

  for (; p < end && (in_quotes || *p != '\n'); p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes)
        for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
          if (*p == delimiters[i])
            counts[i]++;
    }

  for (guint i = 1; i < G_N_ELEMENTS (delimiters); i++)
    if (counts[i] > counts[best])
      best = i;

  return delimiters[best];
}

static int
column_for_name (const char *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  for (char *c = key; *c != '\0'; c++)
    if (*c == ' ' || *c == '-')
      *c = '_';

  for (guint i = 0; i < G_N_ELEMENTS (column_names); i++)
    if (strcmp (key, column_names[i].name) == 0)
      return column_names[i].column;

  return -1;
}

static gint64
days_from_civil (int      year,
                 unsigned month,
                 unsigned day)
{
  int era;
  unsigned yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = (unsigned) (year - era * 400);
  doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + (gint64) doe - 719468;
}

/* YYYY-MM-DD is that day in UTC, from its start or, for @end_of_day, to
 * its last microsecond; anything longer is an ISO 8601 time with a zone. */
static gboolean
parse_when (const Field  *field,
            const char   *column,
            gboolean      end_of_day,
            gint64       *time_us,
            char        **message)
{
  const char *s = field->start;
  g_autofree char *text = NULL;

  *time_us = 0;
  if (field->length == 0)
    return TRUE;

  if (field->length == 10 && s[4] == '-' && s[7] == '-' &&
      g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2]) &&
      g_ascii_isdigit (s[3]) && g_ascii_isdigit (s[5]) && g_ascii_isdigit (s[6]) &&
      g_ascii_isdigit (s[8]) && g_ascii_isdigit (s[9]))
    {
      int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      unsigned month = (s[5] - '0') * 10 + (s[6] - '0');
      unsigned day = (s[8] - '0') * 10 + (s[9] - '0');

      if (year >= 1 && g_date_valid_dmy (day, month, year))
        {
          *time_us = days_from_civil (year, month, day) * SL_USEC_PER_DAY;
          if (end_of_day)
            *time_us += SL_USEC_PER_DAY - 1;
          return TRUE;
        }
    }

  text = field_dup (field);
  if (field->length > 10 && sl_clock_parse_iso8601 (text, time_us, NULL))
    return TRUE;

  *message = g_strdup_printf ("%s “%s” is not a date (YYYY-MM-DD) or an ISO 8601 time with a zone",
                              column, text);
  return FALSE;
}

static gboolean
parse_row (const int     *columns,
           GArray        *fields,
           SlHotlistRow  *row,
           char         **message)
{
  const Field *plate = &g_array_index (fields, Field, columns[COLUMN_PLATE]);
  g_autoptr(GError) error = NULL;

  if (plate->length == 0)
    {
      *message = g_strdup ("The plate is empty");
      return FALSE;
    }

  row->plate_raw = field_dup (plate);
  row->plate = sl_plate_pattern_normalize (row->plate_raw, &error);
  if (row->plate == NULL)
    {
      *message = g_strdup_printf ("Plate “%s”: %s", row->plate_raw, error->message);
      return FALSE;
    }

  if (columns[COLUMN_STATE] >= 0 &&
      g_array_index (fields, Field, columns[COLUMN_STATE]).length > 0)
    {
      const Field *state = &g_array_index (fields, Field, columns[COLUMN_STATE]);
      char code[3] = { 0 };

      if (state->length == 2)
        {
          code[0] = g_ascii_toupper (state->start[0]);
          code[1] = g_ascii_toupper (state->start[1]);
        }
      if (code[0] == '\0' || !sl_region_is_valid (code))
        {
          g_autofree char *text = field_dup (state);

          *message = g_strdup_printf ("State “%s” is not a US state or Canadian province code such as CA",
                                      text);
          return FALSE;
        }
      row->region = g_strdup (code);
    }
  else
    row->region = g_strdup ("");

  if (columns[COLUMN_CATEGORY] >= 0 &&
      g_array_index (fields, Field, columns[COLUMN_CATEGORY]).length > 0)
    row->category = field_dup (&g_array_index (fields, Field, columns[COLUMN_CATEGORY]));

  if (columns[COLUMN_CASE_NUMBER] >= 0 &&
      g_array_index (fields, Field, columns[COLUMN_CASE_NUMBER]).length > 0)
    row->case_number = field_dup (&g_array_index (fields, Field, columns[COLUMN_CASE_NUMBER]));

  if (columns[COLUMN_EFFECTIVE] >= 0 &&
      !parse_when (&g_array_index (fields, Field, columns[COLUMN_EFFECTIVE]),
                   "Effective", FALSE, &row->effective_us, message))
    return FALSE;

  if (columns[COLUMN_EXPIRY] >= 0 &&
      !parse_when (&g_array_index (fields, Field, columns[COLUMN_EXPIRY]),
                   "Expiry", TRUE, &row->expires_us, message))
    return FALSE;

  if (row->effective_us != 0 && row->expires_us != 0 && row->expires_us < row->effective_us)
    {
      *message = g_strdup ("The entry expires before it takes effect");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_text (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *bad;
  guint line = 1;

  if (g_utf8_validate_len (data, length, &bad))
    return TRUE;

  for (const char *p = data; (p = memchr (p, '\n', bad - p)) != NULL; p++)
    line++;

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
               *bad == '\0'
                 ? "Line %u holds a NUL byte: the file is not CSV text"
                 : "Line %u is not UTF-8 text: save the file as CSV in UTF-8", line);
  return FALSE;
}

/**
 * sl_hotlist_csv_parse:
 * @data: the file's bytes
 *
 * The delimiter (`,` `;` or tab) is whichever the header line uses most.
 * The header names the columns case-insensitively: `plate` or `LIC`
 * (required), `state` or `LIS`, `category`, `case_number` or `OCA`,
 * `effective`, `expiry`; other columns are ignored. A UTF-8 BOM, CRLF line
 * ends and blank lines are accepted.
 *
 * Returns: (transfer full): the rows and the bad rows, each with its line.
 */
SlHotlistCsv *
sl_hotlist_csv_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(SlHotlistCsv) csv = NULL;
  g_autoptr(GArray) fields = NULL;
  int columns[N_COLUMNS];
  Reader reader;
  guint line;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > 0 && !check_text (data, length, error))
    return NULL;

  reader.p = data;
  reader.end = data + length;
  reader.line = 1;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    reader.p += 3;

  /* The first line that is not blank is the header. */
  for (;;)
    {
      const char *s = reader.p;

      while (s < reader.end && is_blank (*s))
        s++;
      if (s == reader.end)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                               "The file is empty: a header line naming the columns (plate, state, …) was expected");
          return NULL;
        }
      if (*s != '\n')
        break;
      reader.p = s + 1;
      reader.line++;
    }

  fields = g_array_new (FALSE, FALSE, sizeof (Field));
  csv = g_new0 (SlHotlistCsv, 1);
  csv->delimiter = detect_delimiter (reader.p, reader.end);
  csv->columns = g_ptr_array_new_with_free_func (g_free);
  csv->rows = g_array_new (FALSE, TRUE, sizeof (SlHotlistRow));
  g_array_set_clear_func (csv->rows, row_clear);
  csv->bad_rows = g_array_new (FALSE, TRUE, sizeof (SlHotlistBadRow));
  g_array_set_clear_func (csv->bad_rows, bad_row_clear);

  reader.delimiter = csv->delimiter;
  reader.fields = fields;

  if (read_record (&reader, &line) != RECORD_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The header on line %u has a stray quote", line);
      return NULL;
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    columns[i] = -1;

  for (guint i = 0; i < fields->len; i++)
    {
      char *name = field_dup (&g_array_index (fields, Field, i));
      int column = column_for_name (name);

      if (column >= 0 && columns[column] < 0)
        columns[column] = i;
      g_ptr_array_add (csv->columns, name);
    }

  if (columns[COLUMN_PLATE] < 0)
    {
      g_autofree char *found = NULL;

      g_ptr_array_add (csv->columns, NULL);
      found = g_strjoinv ("”, “", (char **) csv->columns->pdata);
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The header on line %u has no plate column: name one “plate” or “LIC” "
                   "(the columns found are “%s”)", line, found);
      return NULL;
    }

  while (reader.p < reader.end)
    {
      RecordStatus status = read_record (&reader, &line);
      SlHotlistRow row = { 0 };
      char *message = NULL;

      if (status == RECORD_UNTERMINATED)
        {
          add_bad_row (csv, line, g_strdup ("A quoted field is never closed: add the closing \""));
          continue;
        }
      if (status == RECORD_AFTER_QUOTE)
        {
          add_bad_row (csv, line, g_strdup ("Text follows a closing quote: put the whole field in quotes"));
          continue;
        }

      if (record_is_blank (fields))
        continue;

      if (fields->len != csv->columns->len)
        {
          add_bad_row (csv, line,
                       g_strdup_printf ("The row has %u fields; the header has %u",
                                        fields->len, csv->columns->len));
          continue;
        }

      row.line = line;
      if (!parse_row (columns, fields, &row, &message))
        {
          row_clear (&row);
          add_bad_row (csv, line, message);
          continue;
        }

      g_array_append_val (csv->rows, row);
    }

  return g_steal_pointer (&csv);
}

void
sl_hotlist_csv_free (SlHotlistCsv *csv)
{
  if (csv == NULL)
    return;

  g_clear_pointer (&csv->columns, g_ptr_array_unref);
  g_clear_pointer (&csv->rows, g_array_unref);
  g_clear_pointer (&csv->bad_rows, g_array_unref);
  g_free (csv);
}
