#define G_LOG_DOMAIN "test-zip"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include <gio/gio.h>

#include "sl-zip.h"

/* 2024-03-15T13:45:58Z */
#define MTIME_US G_GINT64_CONSTANT (1710510358000000)

#define MAX32 G_GUINT64_CONSTANT (0xffffffff)

#define PYTHON_CHECK \
  "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))"

/* A stream that keeps everything but one range of bytes, so that a 4 GiB
 * entry can be written without holding it. */
#define TEST_TYPE_HOLE_STREAM (test_hole_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestHoleStream, test_hole_stream, TEST, HOLE_STREAM, GOutputStream)

struct _TestHoleStream
{
  GOutputStream  parent_instance;

  GByteArray    *kept;
  guint64        position;
  guint64        hole_start;
  guint64        hole_length;
};

G_DEFINE_FINAL_TYPE (TestHoleStream, test_hole_stream, G_TYPE_OUTPUT_STREAM)

static gssize
test_hole_stream_write (GOutputStream  *stream,
                        const void     *buffer,
                        gsize           count,
                        GCancellable   *cancellable,
                        GError        **error)
{
  TestHoleStream *self = TEST_HOLE_STREAM (stream);
  const guint8 *bytes = buffer;
  guint64 start = self->position;
  guint64 end = start + count;
  guint64 before_hole = MIN (end, self->hole_start);
  guint64 after_hole = MAX (start, self->hole_start + self->hole_length);

  if (start < before_hole)
    g_byte_array_append (self->kept, bytes, before_hole - start);
  if (after_hole < end)
    g_byte_array_append (self->kept, bytes + (after_hole - start), end - after_hole);

  self->position = end;
  return count;
}

static void
test_hole_stream_finalize (GObject *object)
{
  TestHoleStream *self = TEST_HOLE_STREAM (object);

  g_byte_array_unref (self->kept);

  G_OBJECT_CLASS (test_hole_stream_parent_class)->finalize (object);
}

static void
test_hole_stream_class_init (TestHoleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_hole_stream_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = test_hole_stream_write;
}

static void
test_hole_stream_init (TestHoleStream *self)
{
  self->kept = g_byte_array_new ();
}

/* The reader below is independent of sl-zip.c: a bitwise CRC and its own
 * reading of the APPNOTE layout. */
static guint32
crc_bitwise (const guint8 *data,
             gsize         size)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }

  return ~crc;
}

static guint64
get_le (const guint8 *p,
        guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = n_bytes; i > 0; i--)
    value = (value << 8) | p[i - 1];

  return value;
}

/* The archive's bytes, less a hole of bytes a TestHoleStream dropped. */
typedef struct
{
  const guint8 *data;
  gsize         length;
  guint64       hole_start;
  guint64       hole_length;
} Archive;

static gboolean
in_hole (const Archive *archive,
         guint64        offset,
         guint64        n)
{
  return archive->hole_length > 0
         && offset < archive->hole_start + archive->hole_length
         && offset + n > archive->hole_start;
}

static const guint8 *
at (const Archive *archive,
    guint64        offset,
    guint64        n)
{
  g_assert_false (in_hole (archive, offset, n));
  if (archive->hole_length > 0 && offset >= archive->hole_start)
    offset -= archive->hole_length;

  g_assert_cmpuint (offset + n, <=, archive->length);
  return archive->data + offset;
}

typedef struct
{
  char         *name;
  guint64       size;
  guint64       offset;
  guint32       crc;
  guint16       dos_time;
  guint16       dos_date;
  guint16       version_needed;
  const guint8 *data;            /* NULL when in the hole */
} ParsedEntry;

typedef struct
{
  GArray   *entries;             /* ParsedEntry, in central directory order */
  gboolean  zip64;               /* has the zip64 end record and locator */
} Parsed;

static void
parsed_entry_clear (gpointer data)
{
  ParsedEntry *entry = data;

  g_free (entry->name);
}

static void
parsed_free (Parsed *parsed)
{
  g_array_unref (parsed->entries);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

/* Reads one central directory header at *offset and moves past it. */
static void
parse_central_header (const Archive *archive,
                      guint64       *offset,
                      ParsedEntry   *entry)
{
  const guint8 *h = at (archive, *offset, 46);
  guint64 compressed = get_le (h + 20, 4);
  guint64 size = get_le (h + 24, 4);
  guint64 local_offset = get_le (h + 42, 4);
  guint name_length = get_le (h + 28, 2);
  guint extra_length = get_le (h + 30, 2);
  const guint8 *extra;
  gboolean zip64 = FALSE;

  g_assert_cmphex (get_le (h, 4), ==, 0x02014b50);
  g_assert_cmphex (get_le (h + 4, 2) >> 8, ==, 3);            /* made on Unix */
  g_assert_cmphex (get_le (h + 8, 2), ==, 1 << 11);           /* UTF-8 name */
  g_assert_cmpuint (get_le (h + 10, 2), ==, 0);               /* stored */
  g_assert_cmpuint (get_le (h + 32, 2), ==, 0);               /* comment */
  g_assert_cmpuint (get_le (h + 34, 2), ==, 0);               /* disk */
  g_assert_cmpuint (get_le (h + 38, 4) >> 16, ==, 0100644);   /* mode */

  entry->version_needed = get_le (h + 6, 2);
  entry->dos_time = get_le (h + 12, 2);
  entry->dos_date = get_le (h + 14, 2);
  entry->crc = get_le (h + 16, 4);
  entry->name = g_strndup ((const char *) at (archive, *offset + 46, name_length), name_length);
  g_assert_cmpuint (strlen (entry->name), ==, name_length);

  extra = at (archive, *offset + 46 + name_length, extra_length);
  for (guint i = 0; i < extra_length; )
    {
      guint id, length, used = 0;

      g_assert_cmpuint (i + 4, <=, extra_length);
      id = get_le (extra + i, 2);
      length = get_le (extra + i + 2, 2);
      g_assert_cmpuint (i + 4 + length, <=, extra_length);

      if (id == 1)
        {
          const guint8 *field = extra + i + 4;

          zip64 = TRUE;
          /* Only the fields that read 0xffffffff, in this order. */
          if (size == MAX32)
            size = get_le (field + used, 8), used += 8;
          if (compressed == MAX32)
            compressed = get_le (field + used, 8), used += 8;
          if (local_offset == MAX32)
            local_offset = get_le (field + used, 8), used += 8;
          g_assert_cmpuint (used, ==, length);
          g_assert_cmpuint (used, >, 0);
        }
      i += 4 + length;
    }

  g_assert_cmpuint (size, !=, MAX32);
  g_assert_cmpuint (compressed, ==, size);
  g_assert_cmpuint (local_offset, !=, MAX32);
  /* ZIP64 is used when needed and only then. */
  g_assert_cmpint (zip64, ==, size >= MAX32 || local_offset >= MAX32);
  g_assert_cmpuint (entry->version_needed, ==, zip64 ? 45 : 10);

  entry->size = size;
  entry->offset = local_offset;
  *offset += 46 + name_length + extra_length;
}

/* Checks the local header and data against the central header; returns
 * where the data ends. */
static guint64
check_local_header (const Archive *archive,
                    ParsedEntry   *entry)
{
  const guint8 *h = at (archive, entry->offset, 30);
  guint name_length = get_le (h + 26, 2);
  guint extra_length = get_le (h + 28, 2);
  guint64 data_offset = entry->offset + 30 + name_length + extra_length;
  gboolean big = entry->size >= MAX32;

  g_assert_cmphex (get_le (h, 4), ==, 0x04034b50);
  g_assert_cmpuint (get_le (h + 4, 2), ==, entry->version_needed);
  g_assert_cmphex (get_le (h + 6, 2), ==, 1 << 11);
  g_assert_cmpuint (get_le (h + 8, 2), ==, 0);
  g_assert_cmphex (get_le (h + 10, 2), ==, entry->dos_time);
  g_assert_cmphex (get_le (h + 12, 2), ==, entry->dos_date);
  g_assert_cmphex (get_le (h + 14, 4), ==, entry->crc);
  g_assert_cmpuint (name_length, ==, strlen (entry->name));
  g_assert_true (memcmp (at (archive, entry->offset + 30, name_length), entry->name, name_length) == 0);

  if (big)
    {
      const guint8 *extra = at (archive, entry->offset + 30 + name_length, extra_length);

      /* Both sizes, as a local header's zip64 field must have them. */
      g_assert_cmpuint (get_le (h + 18, 4), ==, MAX32);
      g_assert_cmpuint (get_le (h + 22, 4), ==, MAX32);
      g_assert_cmpuint (extra_length, ==, 20);
      g_assert_cmpuint (get_le (extra, 2), ==, 1);
      g_assert_cmpuint (get_le (extra + 2, 2), ==, 16);
      g_assert_cmpuint (get_le (extra + 4, 8), ==, entry->size);
      g_assert_cmpuint (get_le (extra + 12, 8), ==, entry->size);
    }
  else
    {
      g_assert_cmpuint (get_le (h + 18, 4), ==, entry->size);
      g_assert_cmpuint (get_le (h + 22, 4), ==, entry->size);
      g_assert_cmpuint (extra_length, ==, 0);
    }

  if (in_hole (archive, data_offset, entry->size))
    {
      entry->data = NULL;
    }
  else
    {
      entry->data = at (archive, data_offset, entry->size);
      g_assert_cmphex (crc_bitwise (entry->data, entry->size), ==, entry->crc);
    }

  return data_offset + entry->size;
}

static Parsed *
parse_archive (const Archive *archive)
{
  Parsed *parsed = g_new0 (Parsed, 1);
  guint64 length = archive->length + archive->hole_length;
  const guint8 *end;
  guint64 n_entries, directory_size, directory_offset, directory_end, offset;

  parsed->entries = g_array_new (FALSE, TRUE, sizeof (ParsedEntry));
  g_array_set_clear_func (parsed->entries, parsed_entry_clear);

  /* No archive comment, so the end record is the last 22 bytes. */
  g_assert_cmpuint (length, >=, 22);
  end = at (archive, length - 22, 22);
  g_assert_cmphex (get_le (end, 4), ==, 0x06054b50);
  g_assert_cmpuint (get_le (end + 4, 2), ==, 0);
  g_assert_cmpuint (get_le (end + 6, 2), ==, 0);
  g_assert_cmpuint (get_le (end + 8, 2), ==, get_le (end + 10, 2));
  g_assert_cmpuint (get_le (end + 20, 2), ==, 0);
  n_entries = get_le (end + 10, 2);
  directory_size = get_le (end + 12, 4);
  directory_offset = get_le (end + 16, 4);
  directory_end = length - 22;

  parsed->zip64 = length >= 22 + 20 && get_le (at (archive, length - 42, 4), 4) == 0x07064b50;
  if (parsed->zip64)
    {
      const guint8 *locator = at (archive, length - 42, 20);
      guint64 record_offset = get_le (locator + 8, 8);
      const guint8 *record = at (archive, record_offset, 56);

      g_assert_cmpuint (get_le (locator + 4, 4), ==, 0);
      g_assert_cmpuint (get_le (locator + 16, 4), ==, 1);
      g_assert_cmpuint (record_offset + 56, ==, length - 42);

      g_assert_cmphex (get_le (record, 4), ==, 0x06064b50);
      g_assert_cmpuint (get_le (record + 4, 8), ==, 44);
      g_assert_cmpuint (get_le (record + 14, 2), ==, 45);
      g_assert_cmpuint (get_le (record + 16, 4), ==, 0);
      g_assert_cmpuint (get_le (record + 20, 4), ==, 0);
      g_assert_cmpuint (get_le (record + 24, 8), ==, get_le (record + 32, 8));

      /* The plain record holds each value, or 0xffff... where it cannot. */
      g_assert_cmpuint (n_entries, ==, MIN (get_le (record + 32, 8), 0xffff));
      g_assert_cmpuint (directory_size, ==, MIN (get_le (record + 40, 8), MAX32));
      g_assert_cmpuint (directory_offset, ==, MIN (get_le (record + 48, 8), MAX32));
      n_entries = get_le (record + 32, 8);
      directory_size = get_le (record + 40, 8);
      directory_offset = get_le (record + 48, 8);
      directory_end = record_offset;

      g_assert_true (n_entries >= 0xffff || directory_size >= MAX32 || directory_offset >= MAX32);
    }

  g_assert_cmpuint (directory_offset + directory_size, ==, directory_end);

  offset = directory_offset;
  for (guint64 i = 0; i < n_entries; i++)
    {
      ParsedEntry entry = { 0 };

      parse_central_header (archive, &offset, &entry);
      g_array_append_val (parsed->entries, entry);
    }
  g_assert_cmpuint (offset, ==, directory_end);

  /* The entries fill the archive up to the directory, in order. */
  offset = 0;
  for (guint i = 0; i < parsed->entries->len; i++)
    {
      ParsedEntry *entry = &g_array_index (parsed->entries, ParsedEntry, i);

      g_assert_cmpuint (entry->offset, ==, offset);
      offset = check_local_header (archive, entry);
    }
  g_assert_cmpuint (offset, ==, directory_offset);

  return parsed;
}

static ParsedEntry *
entry_at (Parsed *parsed,
          guint   i)
{
  g_assert_cmpuint (i, <, parsed->entries->len);
  return &g_array_index (parsed->entries, ParsedEntry, i);
}

static void
add_ok (SlZipWriter  *writer,
        const char   *name,
        const void   *data,
        gsize         size,
        gint64        mtime_us)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_zip_writer_add_bytes (writer, name, bytes, mtime_us, &error));
  g_assert_no_error (error);
}

typedef guint (*FillFunc) (SlZipWriter *writer);

static GBytes *
write_to_memory (FillFunc  fill,
                 guint    *n_entries)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;

  *n_entries = fill (writer);
  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);

  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static Parsed *
parse_bytes (GBytes *bytes)
{
  Archive archive = { 0 };

  archive.data = g_bytes_get_data (bytes, &archive.length);
  return parse_archive (&archive);
}

/* Writes through a GFileOutputStream and has Python's zipfile test the
 * result when python3 is installed. Returns the file's bytes. */
static GBytes *
write_to_file_and_check (FillFunc fill)
{
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("test-zip-XXXXXX.zip", &io, NULL);
  g_autoptr(SlZipWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *contents = NULL;
  gsize length;
  guint n_entries;

  g_assert_nonnull (file);
  writer = sl_zip_writer_new (g_io_stream_get_output_stream (G_IO_STREAM (io)));
  n_entries = fill (writer);
  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_io_stream_close (G_IO_STREAM (io), NULL, &error));
  g_assert_no_error (error);

  if (python != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strdup_printf ("%u\n", n_entries);
      g_autoptr(GSubprocess) process = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  python, "-c", PYTHON_CHECK, path, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      if (!g_subprocess_get_successful (process))
        g_error ("Python's zipfile rejected the archive: %s", err);
      g_assert_cmpstr (out, ==, expected);
    }
  else
    {
      g_test_message ("python3 is not on PATH; the zipfile check is left out");
    }

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_delete (file, NULL, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static const char manifest[] = "{\"reads\": 2, \"agency\": \"Example PD\"}\n";
static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0xff, 0xd9 };
#define IMAGE_NAME "images/7ABC123 – overview.jpg"

static guint
fill_sample (SlZipWriter *writer)
{
  guint8 every_byte[256];

  for (guint i = 0; i < 256; i++)
    every_byte[i] = i;

  add_ok (writer, "manifest.json", manifest, strlen (manifest), MTIME_US);
  add_ok (writer, "empty.txt", "", 0, MTIME_US);
  add_ok (writer, "binary.bin", every_byte, sizeof every_byte, MTIME_US);
  add_ok (writer, IMAGE_NAME, jpeg, sizeof jpeg, MTIME_US);

  return 4;
}

static void
assert_entry (Parsed     *parsed,
              guint       i,
              const char *name,
              const void *data,
              gsize       size)
{
  ParsedEntry *entry = entry_at (parsed, i);

  g_assert_cmpstr (entry->name, ==, name);
  g_assert_cmpuint (entry->size, ==, size);
  g_assert_nonnull (entry->data);
  g_assert_true (size == 0 || memcmp (entry->data, data, size) == 0);
}

static void
test_entries (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Parsed) parsed = NULL;
  guint8 every_byte[256];
  guint n_entries;

  /* The reader's CRC against the standard check value. */
  g_assert_cmphex (crc_bitwise ((const guint8 *) "123456789", 9), ==, 0xcbf43926);

  for (guint i = 0; i < 256; i++)
    every_byte[i] = i;

  bytes = write_to_memory (fill_sample, &n_entries);
  parsed = parse_bytes (bytes);

  g_assert_false (parsed->zip64);
  g_assert_cmpuint (parsed->entries->len, ==, n_entries);
  assert_entry (parsed, 0, "manifest.json", manifest, strlen (manifest));
  assert_entry (parsed, 1, "empty.txt", "", 0);
  assert_entry (parsed, 2, "binary.bin", every_byte, sizeof every_byte);
  assert_entry (parsed, 3, IMAGE_NAME, jpeg, sizeof jpeg);

  /* Known CRCs, so the writer's table and this reader cannot agree on a wrong one. */
  g_assert_cmphex (entry_at (parsed, 1)->crc, ==, 0);
  g_assert_cmphex (entry_at (parsed, 2)->crc, ==, 0x29058c73);
  g_assert_true (g_utf8_validate (entry_at (parsed, 3)->name, -1, NULL));
}

static void
test_file_and_python (void)
{
  g_autoptr(GBytes) from_file = write_to_file_and_check (fill_sample);
  g_autoptr(GBytes) from_memory = NULL;
  g_autoptr(Parsed) parsed = parse_bytes (from_file);
  guint n_entries;

  from_memory = write_to_memory (fill_sample, &n_entries);
  g_assert_cmpuint (parsed->entries->len, ==, n_entries);
  g_assert_true (g_bytes_equal (from_file, from_memory));
}

static guint
fill_nothing (SlZipWriter *writer)
{
  return 0;
}

static void
test_empty_archive (void)
{
  g_autoptr(GBytes) bytes = write_to_file_and_check (fill_nothing);
  g_autoptr(Parsed) parsed = parse_bytes (bytes);

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 22);
  g_assert_cmpuint (parsed->entries->len, ==, 0);
}

static void
test_bad_names (void)
{
  static const struct
  {
    const char *name;
    const char *says;
  } bad[] = {
    { "",                    "needs a name" },
    { "/etc/passwd",         "starts with “/”" },
    { "../outside.txt",      "“..”" },
    { "images/../../x.jpg",  "“..”" },
    { "images/..",           "“..”" },
    { "./manifest.json",     "“.”" },
    { "images\\a.jpg",       "backslash" },
    { "..\\outside.txt",     "backslash" },
    { "images//a.jpg",       "empty folder name" },
    { "images/",             "ends with “/”" },
    { "caf\xe9.txt",         "not UTF-8" },
  };
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Parsed) parsed = NULL;
  g_autofree char *long_name = g_strnfill (65536, 'a');
  g_autofree char *longest_name = g_strnfill (65535, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sl_zip_writer_add_bytes (writer, bad[i].name, data, MTIME_US, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", bad[i].name, error->message, bad[i].says);
      g_clear_error (&error);
    }

  g_assert_false (sl_zip_writer_add_bytes (writer, long_name, data, MTIME_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "65535"));
  g_clear_error (&error);

  /* Refusals write nothing, and the writer goes on. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
  add_ok (writer, "a..b/.hidden/c.d.txt", "x", 1, MTIME_US);
  add_ok (writer, longest_name, "", 0, MTIME_US);
  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  parsed = parse_bytes (bytes);
  g_assert_cmpuint (parsed->entries->len, ==, 2);
  assert_entry (parsed, 0, "a..b/.hidden/c.d.txt", "x", 1);
  assert_entry (parsed, 1, longest_name, "", 0);
}

static void
test_duplicate_name (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("second", 6);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Parsed) parsed = NULL;
  gsize written;

  add_ok (writer, IMAGE_NAME, "first", 5, MTIME_US);
  add_ok (writer, "images/7ABC123 – Overview.jpg", "other", 5, MTIME_US);
  written = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));

  g_assert_false (sl_zip_writer_add_bytes (writer, IMAGE_NAME, data, MTIME_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "already has an entry named “" IMAGE_NAME "”"));
  g_clear_error (&error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, written);

  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  parsed = parse_bytes (bytes);
  g_assert_cmpuint (parsed->entries->len, ==, 2);
  assert_entry (parsed, 0, IMAGE_NAME, "first", 5);
}

static guint
fill_times (SlZipWriter *writer)
{
  /* 2024-03-15T13:45:59.999999Z: seconds round down to an even step. */
  add_ok (writer, "a", "", 0, MTIME_US + 1999999);
  /* 2024-03-16T02:00:00Z, still the 15th in Los Angeles. */
  add_ok (writer, "b", "", 0, G_GINT64_CONSTANT (1710554400) * G_USEC_PER_SEC);
  /* Before 1980, and before 1970, clamp to 1980-01-01T00:00:00. */
  add_ok (writer, "c", "", 0, G_GINT64_CONSTANT (315532799) * G_USEC_PER_SEC);
  add_ok (writer, "d", "", 0, -1);
  add_ok (writer, "e", "", 0, G_MININT64);
  /* After 2107 clamps to 2107-12-31T23:59:58. */
  add_ok (writer, "f", "", 0, G_GINT64_CONSTANT (4354819200) * G_USEC_PER_SEC);
  add_ok (writer, "g", "", 0, G_MAXINT64);
  /* The ends of the range themselves. */
  add_ok (writer, "h", "", 0, G_GINT64_CONSTANT (315532800) * G_USEC_PER_SEC);
  add_ok (writer, "i", "", 0, G_GINT64_CONSTANT (4354819199) * G_USEC_PER_SEC);

  return 9;
}

static void
assert_dos_time (Parsed *parsed,
                 guint   i,
                 guint   year,
                 guint   month,
                 guint   day,
                 guint   hour,
                 guint   minute,
                 guint   second)
{
  ParsedEntry *entry = entry_at (parsed, i);

  g_assert_cmphex (entry->dos_date, ==, ((year - 1980) << 9) | (month << 5) | day);
  g_assert_cmphex (entry->dos_time, ==, (hour << 11) | (minute << 5) | (second / 2));
}

static void
test_dos_time (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Parsed) parsed = NULL;
  guint n_entries;

  bytes = write_to_memory (fill_sample, &n_entries);
  parsed = parse_bytes (bytes);
  /* 2024-03-15T13:45:58Z, packed by hand. */
  g_assert_cmphex (entry_at (parsed, 0)->dos_date, ==, 0x586f);
  g_assert_cmphex (entry_at (parsed, 0)->dos_time, ==, 0x6dbd);
  g_clear_pointer (&parsed, parsed_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = write_to_memory (fill_times, &n_entries);
  parsed = parse_bytes (bytes);
  g_assert_cmpuint (parsed->entries->len, ==, n_entries);
  assert_dos_time (parsed, 0, 2024, 3, 15, 13, 45, 58);
  assert_dos_time (parsed, 1, 2024, 3, 16, 2, 0, 0);
  assert_dos_time (parsed, 2, 1980, 1, 1, 0, 0, 0);
  assert_dos_time (parsed, 3, 1980, 1, 1, 0, 0, 0);
  assert_dos_time (parsed, 4, 1980, 1, 1, 0, 0, 0);
  assert_dos_time (parsed, 5, 2107, 12, 31, 23, 59, 58);
  assert_dos_time (parsed, 6, 2107, 12, 31, 23, 59, 58);
  assert_dos_time (parsed, 7, 1980, 1, 1, 0, 0, 0);
  assert_dos_time (parsed, 8, 2107, 12, 31, 23, 59, 58);
}

static void
test_write_error (void)
{
  g_autofree guint8 *buffer = g_malloc (100);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new (buffer, 100, NULL, NULL);
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) small = g_bytes_new_static ("x", 1);
  g_autoptr(GBytes) large = g_bytes_new_take (g_malloc0 (200), 200);

  add_ok (writer, "small.txt", "x", 1, MTIME_US);
  g_assert_false (sl_zip_writer_add_bytes (writer, "large.bin", large, MTIME_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* The archive is broken now: nothing more is accepted. */
  g_assert_false (sl_zip_writer_add_bytes (writer, "next.txt", small, MTIME_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "earlier error"));
  g_clear_error (&error);
  g_assert_false (sl_zip_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_closed_stream (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;

  add_ok (writer, "small.txt", "x", 1, MTIME_US);
  g_assert_true (g_output_stream_close (stream, NULL, &error));

  g_assert_false (sl_zip_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (sl_zip_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_after_finish (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) writer = sl_zip_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  gsize written;

  add_ok (writer, "a.txt", "x", 1, MTIME_US);
  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);
  written = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));

  g_assert_false (sl_zip_writer_add_bytes (writer, "b.txt", data, MTIME_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (sl_zip_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, written);

  /* The stream is left open for the caller. */
  g_assert_false (g_output_stream_is_closed (stream));
}

#define MANY_ENTRIES 65536

static guint
fill_many (SlZipWriter *writer)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  for (guint i = 0; i < MANY_ENTRIES; i++)
    {
      g_autoptr(GError) error = NULL;
      char name[32];

      g_snprintf (name, sizeof name, "reads/%05u.json", i);
      if (!sl_zip_writer_add_bytes (writer, name, empty, MTIME_US, &error))
        g_error ("%s: %s", name, error->message);
    }

  return MANY_ENTRIES;
}

static void
test_zip64_many_entries (void)
{
  g_autoptr(GBytes) bytes = write_to_file_and_check (fill_many);
  g_autoptr(Parsed) parsed = parse_bytes (bytes);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  gsize size = g_bytes_get_size (bytes);

  g_assert_true (parsed->zip64);
  g_assert_cmpuint (parsed->entries->len, ==, MANY_ENTRIES);
  g_assert_cmpstr (entry_at (parsed, MANY_ENTRIES - 1)->name, ==, "reads/65535.json");
  /* The plain end record says "see zip64" for the count only. */
  g_assert_cmpuint (get_le (data + size - 12, 2), ==, 0xffff);
  g_assert_cmpuint (get_le (data + size - 6, 4), <, MAX32);
}

/* A 4 GiB + 1 entry of zeros, then a small one starting past 4 GiB. */
static void
test_zip64_large_entry (void)
{
  const guint64 size = (G_GUINT64_CONSTANT (1) << 32) + 1;
  const char *name = "big.bin";
  g_autoptr(TestHoleStream) stream = NULL;
  g_autoptr(SlZipWriter) writer = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Parsed) parsed = NULL;
  Archive archive = { 0 };
  void *zeros;

  if (!g_test_slow ())
    {
      g_test_skip ("Writes a 4 GiB entry; run with -m slow");
      return;
    }

  zeros = mmap (NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (zeros == MAP_FAILED)
    {
      g_test_skip ("No address space for 4 GiB");
      return;
    }

  stream = g_object_new (TEST_TYPE_HOLE_STREAM, NULL);
  stream->hole_start = 30 + strlen (name) + 20;
  stream->hole_length = size;
  writer = sl_zip_writer_new (G_OUTPUT_STREAM (stream));

  data = g_bytes_new_static (zeros, size);
  g_assert_true (sl_zip_writer_add_bytes (writer, name, data, MTIME_US, &error));
  g_assert_no_error (error);
  add_ok (writer, "after.txt", "tail", 4, MTIME_US);
  g_assert_true (sl_zip_writer_finish (writer, &error));
  g_assert_no_error (error);

  archive.data = stream->kept->data;
  archive.length = stream->kept->len;
  archive.hole_start = stream->hole_start;
  archive.hole_length = stream->hole_length;
  parsed = parse_archive (&archive);

  g_assert_true (parsed->zip64);
  g_assert_cmpuint (parsed->entries->len, ==, 2);
  g_assert_cmpstr (entry_at (parsed, 0)->name, ==, name);
  g_assert_cmpuint (entry_at (parsed, 0)->size, ==, size);
  g_assert_null (entry_at (parsed, 0)->data);
  /* zlib.crc32 of 2^32 + 1 zero bytes */
  g_assert_cmphex (entry_at (parsed, 0)->crc, ==, 0x41d912ff);
  assert_entry (parsed, 1, "after.txt", "tail", 4);
  g_assert_cmpuint (entry_at (parsed, 1)->offset, >, MAX32);

  g_clear_pointer (&data, g_bytes_unref);
  munmap (zeros, size);
}

int
main (int   argc,
      char *argv[])
{
  /* Not UTC, so that a local-time DOS date would show. */
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zip/entries", test_entries);
  g_test_add_func ("/zip/file-and-python", test_file_and_python);
  g_test_add_func ("/zip/empty-archive", test_empty_archive);
  g_test_add_func ("/zip/bad-names", test_bad_names);
  g_test_add_func ("/zip/duplicate-name", test_duplicate_name);
  g_test_add_func ("/zip/dos-time", test_dos_time);
  g_test_add_func ("/zip/write-error", test_write_error);
  g_test_add_func ("/zip/closed-stream", test_closed_stream);
  g_test_add_func ("/zip/after-finish", test_after_finish);
  g_test_add_func ("/zip/zip64-many-entries", test_zip64_many_entries);
  g_test_add_func ("/zip/zip64-large-entry", test_zip64_large_entry);

  return g_test_run ();
}
