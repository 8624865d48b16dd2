/* sl-fuzz.h: what every fuzz target shares; each target is one LLVMFuzzerTestOneInput */
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sl-core.h"

G_BEGIN_DECLS

/* 2026-11-22T07:30:00Z: captured_at values in the seeds are near it. */
#define SL_FUZZ_NOW_US G_GINT64_CONSTANT (1795332600000000)

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A g_critical or g_warning in the code under test is a bug like a crash. */
static inline void
sl_fuzz_init (void)
{
  static gboolean done;

  if (!done)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      done = TRUE;
    }
}

static inline void
sl_fuzz_check_plate (const char *plate)
{
  gsize length = strlen (plate);

  g_assert (length >= 1 && length <= SL_PLATE_MAX_LENGTH);
  for (gsize i = 0; i < length; i++)
    g_assert (g_ascii_isupper (plate[i]) || g_ascii_isdigit (plate[i]));
}

/* What the service relies on in every batch a parser returns. */
static inline void
sl_fuzz_check_batch (SlIngestBatch *batch,
                     GError        *error)
{
  g_assert ((batch == NULL) != (error == NULL));
  if (batch == NULL)
    {
      g_assert (error->domain == SL_ERROR && error->code == SL_ERROR_INVALID);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert (batch->reads->len == batch->indexes->len);
  g_assert (batch->reads->len + batch->rejected->len <= SL_INGEST_MAX_READS);

  for (guint i = 0; i < batch->reads->len; i++)
    {
      SlRead *read = g_ptr_array_index (batch->reads, i);

      if (i > 0)
        g_assert (g_array_index (batch->indexes, guint, i) > g_array_index (batch->indexes, guint, i - 1));
      sl_fuzz_check_plate (read->plate);
      g_assert (read->plate_raw != NULL);
      g_assert (sl_region_is_valid (read->region));
      g_assert (read->confidence >= 0 && read->confidence <= 100);
      g_assert (read->captured_us <= SL_FUZZ_NOW_US + SL_INGEST_MAX_FUTURE_US);
      g_assert (read->received_us == SL_FUZZ_NOW_US);
      g_assert (read->camera_id == 0);
      g_assert (isnan (read->lat) || (read->lat >= -90 && read->lat <= 90));
      g_assert (isnan (read->lon) || (read->lon >= -180 && read->lon <= 180));
      g_assert (isnan (read->lat) == isnan (read->lon));
      g_assert (isnan (read->heading) || (read->heading >= 0 && read->heading < 360));
      g_assert (read->candidates->len <= SL_READ_MAX_CANDIDATES);
      for (guint j = 0; j < read->candidates->len; j++)
        {
          SlCandidate *candidate = &g_array_index (read->candidates, SlCandidate, j);

          sl_fuzz_check_plate (candidate->plate);
          g_assert (strcmp (candidate->plate, read->plate) != 0);
          g_assert (candidate->confidence >= 0 && candidate->confidence <= 100);
          for (guint k = 0; k < j; k++)
            g_assert (strcmp (candidate->plate, g_array_index (read->candidates, SlCandidate, k).plate) != 0);
        }
      g_assert (read->plate_image == NULL || g_bytes_get_size (read->plate_image) <= SL_INGEST_MAX_IMAGE_BYTES);
      g_assert (read->overview_image == NULL || g_bytes_get_size (read->overview_image) <= SL_INGEST_MAX_IMAGE_BYTES);
    }

  for (guint i = 0; i < batch->rejected->len; i++)
    {
      SlIngestRejection *rejection = &g_array_index (batch->rejected, SlIngestRejection, i);

      g_assert (rejection->code != NULL && *rejection->code != '\0');
      g_assert (rejection->message != NULL && g_utf8_validate (rejection->message, -1, NULL));
    }
}

G_END_DECLS
