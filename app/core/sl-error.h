/* sl-error.h: the error domain shared by every layer */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_ERROR (sl_error_quark ())

/**
 * SlError:
 * @SL_ERROR_INVALID: input is malformed or of the wrong type (HTTP 400)
 * @SL_ERROR_RULE: input is well formed but breaks a domain or policy rule (HTTP 422)
 * @SL_ERROR_NOT_FOUND: no such object (HTTP 404)
 * @SL_ERROR_EXISTS: the object already exists (HTTP 409)
 * @SL_ERROR_STORE: the database failed (HTTP 503)
 * @SL_ERROR_CORRUPT: stored data does not verify
 * @SL_ERROR_CASE_NUMBER_REQUIRED: a case or incident number is required (422)
 * @SL_ERROR_CASE_NUMBER_FORMAT: the case number is not in the agency's format (422)
 * @SL_ERROR_PURPOSE_REQUIRED: an authorized purpose is required (422)
 * @SL_ERROR_PURPOSE_NOT_AUTHORIZED: the purpose is not one the policy authorizes (422)
 * @SL_ERROR_PURPOSE_TOO_GENERIC: the purpose note says nothing (422)
 */
typedef enum
{
  SL_ERROR_INVALID,
  SL_ERROR_RULE,
  SL_ERROR_NOT_FOUND,
  SL_ERROR_EXISTS,
  SL_ERROR_STORE,
  SL_ERROR_CORRUPT,
  SL_ERROR_CASE_NUMBER_REQUIRED,
  SL_ERROR_CASE_NUMBER_FORMAT,
  SL_ERROR_PURPOSE_REQUIRED,
  SL_ERROR_PURPOSE_NOT_AUTHORIZED,
  SL_ERROR_PURPOSE_TOO_GENERIC,
} SlError;

GQuark       sl_error_quark     (void);
const char  *sl_error_get_code  (const GError *error);

G_END_DECLS
