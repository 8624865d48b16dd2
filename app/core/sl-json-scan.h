/* sl-json-scan.h: a strict JSON pull tokenizer (RFC 8259) that allocates nothing */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Arrays and objects nested deeper than this are an error. */
#define SL_JSON_SCAN_MAX_DEPTH 64

typedef enum
{
  SL_JSON_TOKEN_ERROR,          /* see ->error and ->offset; every later call returns it again */
  SL_JSON_TOKEN_END,            /* the value is complete and only whitespace follows it */
  SL_JSON_TOKEN_BEGIN_OBJECT,
  SL_JSON_TOKEN_END_OBJECT,
  SL_JSON_TOKEN_BEGIN_ARRAY,
  SL_JSON_TOKEN_END_ARRAY,
  SL_JSON_TOKEN_KEY,            /* a member's name; its value is the next token */
  SL_JSON_TOKEN_STRING,
  SL_JSON_TOKEN_NUMBER,
  SL_JSON_TOKEN_TRUE,
  SL_JSON_TOKEN_FALSE,
  SL_JSON_TOKEN_NULL,
} SlJsonToken;

typedef enum
{
  SL_JSON_SCAN_ERROR_NONE,
  SL_JSON_SCAN_ERROR_EMPTY,      /* nothing but whitespace */
  SL_JSON_SCAN_ERROR_TRUNCATED,  /* the text ends inside the value */
  SL_JSON_SCAN_ERROR_SYNTAX,     /* a character that cannot come there */
  SL_JSON_SCAN_ERROR_UTF8,       /* bytes that are not UTF-8 inside a string */
  SL_JSON_SCAN_ERROR_CONTROL,    /* a control character inside a string: it must be escaped */
  SL_JSON_SCAN_ERROR_ESCAPE,     /* an unknown escape, or a \u surrogate without its pair */
  SL_JSON_SCAN_ERROR_NUMBER,     /* a number not in JSON's form ("01", "1.", ".5", "+1", "-") */
  SL_JSON_SCAN_ERROR_DEPTH,      /* nested deeper than SL_JSON_SCAN_MAX_DEPTH */
  SL_JSON_SCAN_ERROR_TRAILING,   /* more than whitespace after the value */
} SlJsonScanError;

typedef enum
{
  SL_JSON_SCAN_FLAGS_NONE = 0,
  /* A string with an escape JSON lacks ("\x", "\2") or a lone \u surrogate is
   * a STRING or KEY whose ->valid is FALSE instead of an error; its text
   * must not be used. Raw bytes that are not UTF-8 are an error all the same. */
  SL_JSON_SCAN_TOLERATE_BAD_ESCAPES = 1 << 0,
} SlJsonScanFlags;

/* On the stack, one per text; it points into the text, which must outlive it.
 * Duplicate member names are passed on as they come: which one counts is the
 * caller's choice (json-glib, and so the rest of Sightline, keeps the last). */
typedef struct
{
  /* The current token */
  SlJsonToken      token;
  const char      *text;      /* STRING, KEY: the bytes between the quotes, escapes as sent;
                               * NUMBER: the literal */
  gsize            length;
  gboolean         escaped;   /* STRING, KEY: @text holds escapes: see sl_json_scan_decode() */
  gboolean         valid;     /* STRING, KEY: see SL_JSON_SCAN_TOLERATE_BAD_ESCAPES */
  gboolean         integer;   /* NUMBER: no fraction and no exponent */
  double           number;    /* NUMBER: the value, correctly rounded; ±inf beyond double's range */
  gsize            offset;    /* where the token (or the error) starts in the text */
  guint            depth;     /* arrays and objects open after the token */
  SlJsonScanError  error;

  /*< private >*/
  const char      *start;
  const char      *pos;
  const char      *end;
  guint64          objects;   /* bit d set: the container at depth d + 1 is an object */
  guint            state;
  SlJsonScanFlags  flags;
} SlJsonScan;

void         sl_json_scan_init           (SlJsonScan       *scan,
                                          const char       *data,
                                          gsize             length,
                                          SlJsonScanFlags   flags);
SlJsonToken  sl_json_scan_next           (SlJsonScan       *scan);
gboolean     sl_json_scan_skip           (SlJsonScan       *scan);
gsize        sl_json_scan_decode         (const char       *text,
                                          gsize             length,
                                          char             *out);
char        *sl_json_scan_dup_string     (const SlJsonScan *scan);
char        *sl_json_scan_describe_error (const SlJsonScan *scan);

G_END_DECLS
