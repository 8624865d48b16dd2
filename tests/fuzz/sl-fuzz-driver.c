/* sl-fuzz-driver.c: runs a fuzz target without libFuzzer, so that every
 * build (gcc too) checks it: over each file of its seed corpus, then over
 * deterministic random mutations of them.
 *
 *   fuzz-NAME-driver CORPUS_DIR [MUTATIONS] [--tap]
 *
 * SL_FUZZ_MUTATIONS, else MUTATIONS, sets how many mutated inputs to run
 * (default 5000);
 * with SL_FUZZ_SAVE=FILE each input is written to FILE before it runs, so
 * the one that failed is left there to reproduce with.
 */
#define G_LOG_DOMAIN "sl-fuzz-driver"

#include "config.h"

#include <stdlib.h>

#include "sl-fuzz.h"

#define MAX_INPUT_SIZE (64 * 1024)

static GPtrArray *seeds;   /* GBytes, by file name */
static guint default_mutations = 5000;

static const char * const tokens[] = {
  "\"", "{", "}", "[", "]", ",", ":", "null", "true", "-1", "0", "1e999", "-1e999", "0.5",
  "101", "361", "\"\"", "\\u0000", "\\\"", "\n", "\r\n", ";", "\t", "=", "==", "*", "?", "-",
  "\xef\xbb\xbf", "\xd0\x90", "\xef\xbc\x97", "\xff", "\xc3", "9223372036854775807",
  "99999999999999999999", "data:image/jpeg;base64,", "/9j/", "alpr_group", "alpr_results",
  "heartbeat", "us-ca", "ca-on", "2026-11-22", "2026-11-22T07:30:00Z", "T25:00:00",
  "\"plate\"", "\"results\"", "\"candidates\"", "\"vehicle\"", "LIC", "LIS", "OCA",
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
load_seeds (const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      char *contents;
      gsize length;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
    }
}

static void
run (const guint8 *data,
     gsize         size)
{
  /* A copy of exactly @size bytes, so that reading past the end is caught by ASan. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  const char *save = g_getenv ("SL_FUZZ_SAVE");

  if (save != NULL && !g_file_set_contents (save, (const char *) data, size, NULL))
    g_error ("Cannot write %s", save);

  LLVMFuzzerTestOneInput (copy, size);
}

static void
test_corpus (void)
{
  g_assert_cmpuint (seeds->len, >, 0);

  for (guint i = 0; i < seeds->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &size);

      run (data, size);
      /* Every prefix too: bodies cut short in transit. */
      for (gsize cut = 0; cut < size; cut += 1 + size / 64)
        run (data, cut);
    }
}

static void
mutate (GByteArray *input,
        GRand      *rand)
{
  guint len = input->len;
  guint at = len > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) len + 1) : 0;

  switch (g_rand_int_range (rand, 0, 7))
    {
    case 0: /* flip a bit */
      if (at < len)
        input->data[at] ^= (guint8) (1 << g_rand_int_range (rand, 0, 8));
      break;

    case 1: /* set a byte */
      if (at < len)
        input->data[at] = (guint8) g_rand_int_range (rand, 0, 256);
      break;

    case 2: /* insert a token the parsers care about */
      {
        const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
        gsize n = strlen (token);

        g_byte_array_set_size (input, len + n);
        memmove (input->data + at + n, input->data + at, len - at);
        memcpy (input->data + at, token, n);
      }
      break;

    case 3: /* delete a run */
      if (at < len)
        {
          guint n = (guint) g_rand_int_range (rand, 1, 17);

          g_byte_array_remove_range (input, at, MIN (len - at, n));
        }
      break;

    case 4: /* repeat a run */
      if (at < len)
        {
          guint n = (guint) g_rand_int_range (rand, 1, 65);
          g_autofree guint8 *run_copy = NULL;

          n = MIN (len - at, n);
          run_copy = g_memdup2 (input->data + at, n);

          g_byte_array_set_size (input, len + n);
          memmove (input->data + at + n, input->data + at, len - at);
          memcpy (input->data + at, run_copy, n);
        }
      break;

    case 5: /* splice in the tail of another seed */
      {
        GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
        gsize other_size;
        const guint8 *other_data = g_bytes_get_data (other, &other_size);
        gsize from = other_size > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) other_size) : 0;

        g_byte_array_set_size (input, at);
        g_byte_array_append (input, other_data + from, other_size - from);
      }
      break;

    default: /* truncate */
      g_byte_array_set_size (input, at);
      break;
    }

  if (input->len > MAX_INPUT_SIZE)
    g_byte_array_set_size (input, MAX_INPUT_SIZE);
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  const char *env = g_getenv ("SL_FUZZ_MUTATIONS");
  guint n = env != NULL ? (guint) strtoul (env, NULL, 10) : default_mutations;

  for (guint i = 0; i < n; i++)
    {
      GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      g_autoptr(GByteArray) input = g_byte_array_new ();
      gsize size;
      const guint8 *data = g_bytes_get_data (seed, &size);
      guint n_mutations = g_rand_int_range (rand, 1, 6);

      g_byte_array_append (input, data, size);
      for (guint m = 0; m < n_mutations; m++)
        mutate (input, rand);

      run (input->data, input->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *name = NULL;
  g_autofree char *corpus_path = NULL;
  g_autofree char *mutations_path = NULL;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS_DIR [MUTATIONS] [--tap]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    default_mutations = (guint) strtoul (argv[2], NULL, 10);

  load_seeds (argv[1]);
  name = g_path_get_basename (argv[1]);
  corpus_path = g_strdup_printf ("/fuzz/%s/corpus", name);
  mutations_path = g_strdup_printf ("/fuzz/%s/mutations", name);
  g_test_add_func (corpus_path, test_corpus);
  g_test_add_func (mutations_path, test_mutations);

  return g_test_run ();
}
