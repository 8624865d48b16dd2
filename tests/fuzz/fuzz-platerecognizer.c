#define G_LOG_DOMAIN "fuzz-platerecognizer"

#include "config.h"

#include "sl-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0 };
  g_autoptr(GBytes) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlIngestBatch) batch = NULL;

  sl_fuzz_init ();

  /* Half the inputs come with a multipart upload. */
  if (size > 0 && data[0] % 2 == 1)
    upload = g_bytes_new_static (jpeg, sizeof jpeg);

  batch = sl_ingest_parse_platerecognizer ((const char *) data, size, upload, SL_FUZZ_NOW_US, &error);
  sl_fuzz_check_batch (batch, error);
  return 0;
}
