#define G_LOG_DOMAIN "fuzz-openalpr"

#include "config.h"

#include "sl-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;

  sl_fuzz_init ();
  batch = sl_ingest_parse_openalpr ((const char *) data, size, SL_FUZZ_NOW_US, &error);
  sl_fuzz_check_batch (batch, error);
  return 0;
}
