#define G_LOG_DOMAIN "sl-error"

#include "config.h"

#include "sl-error.h"

G_DEFINE_QUARK (sl-error-quark, sl_error)

/**
 * sl_error_get_code:
 *
 * Returns: the stable machine-readable code an API error body carries
 *   for @error, such as "case_number_format".
 */
const char *
sl_error_get_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SL_ERROR)
    return "internal_error";

  switch ((SlError) error->code)
    {
    case SL_ERROR_INVALID:                return "invalid_request";
    case SL_ERROR_RULE:                   return "rule_broken";
    case SL_ERROR_NOT_FOUND:              return "not_found";
    case SL_ERROR_EXISTS:                 return "conflict";
    case SL_ERROR_STORE:                  return "store_unavailable";
    case SL_ERROR_CORRUPT:                return "corrupt";
    case SL_ERROR_CASE_NUMBER_REQUIRED:   return "case_number_required";
    case SL_ERROR_CASE_NUMBER_FORMAT:     return "case_number_format";
    case SL_ERROR_PURPOSE_REQUIRED:       return "purpose_required";
    case SL_ERROR_PURPOSE_NOT_AUTHORIZED: return "purpose_not_authorized";
    case SL_ERROR_PURPOSE_TOO_GENERIC:    return "purpose_too_generic";
    default:                              return "internal_error";
    }
}
