#define G_LOG_DOMAIN "sl-zip"

#include "config.h"

#include <string.h>

#include "sl-zip.h"

/* Written from the PKWARE APPNOTE. Every entry is stored (method 0) with its
 * CRC and sizes in the local header, so no data descriptors are needed.
 *
 * ZIP64 is implemented, and used only where a 32- or 16-bit field would
 * overflow: an entry of 4 GiB or more gets the zip64 extra field in both
 * headers, an entry starting past 4 GiB gets it in the central directory,
 * and a central directory past 4 GiB, or of 65535 entries or more, gets the
 * zip64 end record and locator. Other archives are plain ZIP 2.0. */

#define LOCAL_HEADER_SIGNATURE   0x04034b50
#define CENTRAL_HEADER_SIGNATURE 0x02014b50
#define END_SIGNATURE            0x06054b50
#define ZIP64_END_SIGNATURE      0x06064b50
#define ZIP64_LOCATOR_SIGNATURE  0x07064b50
#define ZIP64_EXTRA_ID           0x0001

#define MAX16 G_GUINT64_CONSTANT (0xffff)
#define MAX32 G_GUINT64_CONSTANT (0xffffffff)

#define FLAG_UTF8       (1 << 11)
#define METHOD_STORED   0
#define VERSION_STORED  10
#define VERSION_ZIP64   45
/* Unix, so that the mode below is honoured; 6.3 is the APPNOTE of UTF-8 names. */
#define VERSION_MADE_BY ((3 << 8) | 63)
#define EXTERNAL_ATTRIBUTES (0100644u << 16)

/* Headers are gathered and written in pieces of about this size. */
#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  char    *name;
  guint64  size;
  guint64  offset;     /* of the local header */
  guint32  crc;
  guint16  dos_time;
  guint16  dos_date;
} Entry;

struct _SlZipWriter
{
  /* owned references */
  GOutputStream *stream;

  /* owned memory */
  GArray        *entries;   /* Entry, in archive order */
  GHashTable    *names;     /* set of the entries' names, borrowed */
  GByteArray    *buffer;    /* headers not yet written */
  char          *failure;   /* the first write error; NULL while usable */

  guint64        offset;    /* bytes written since the writer was made */
  gboolean       finished;
};

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < 256; i++)
        {
          guint32 c = i;

          /* The reflected CRC-32 polynomial, as in APPNOTE 4.4.7. */
          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320 ^ (c >> 1) : c >> 1;
          crc_table[i] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
}

static guint32
crc32_compute (const guint8 *data,
               gsize         size)
{
  guint32 crc = 0xffffffff;

  crc_table_init ();
  for (gsize i = 0; i < size; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return crc ^ 0xffffffff;
}

/* DOS time has two-second steps and covers 1980 to 2107; times outside are
 * clamped to its ends. */
static void
to_dos_time (gint64   mtime_us,
             guint16 *dos_date,
             guint16 *dos_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (mtime_us / G_USEC_PER_SEC);
  int year;

  /* NULL outside years 1 to 9999. Times before 1970 clamp, so truncating is fine. */
  if (utc != NULL)
    year = g_date_time_get_year (utc);
  else
    year = mtime_us < 0 ? 0 : G_MAXINT;

  if (year < 1980)
    {
      *dos_date = (1 << 5) | 1;
      *dos_time = 0;
    }
  else if (year > 2107)
    {
      *dos_date = (127 << 9) | (12 << 5) | 31;
      *dos_time = (23 << 11) | (59 << 5) | 29;
    }
  else
    {
      *dos_date = ((year - 1980) << 9)
                  | (g_date_time_get_month (utc) << 5)
                  | g_date_time_get_day_of_month (utc);
      *dos_time = (g_date_time_get_hour (utc) << 11)
                  | (g_date_time_get_minute (utc) << 5)
                  | (g_date_time_get_second (utc) / 2);
    }
}

/* Names are checked so that no extraction can write outside its folder. */
static gboolean
check_name (const char  *name,
            GError     **error)
{
  gsize length = strlen (name);
  const char *p;

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "An archive entry needs a name");
      return FALSE;
    }

  if (length > MAX16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "An archive entry name of %" G_GSIZE_FORMAT " bytes is longer than the 65535 a ZIP archive allows",
                   length);
      return FALSE;
    }

  if (!g_utf8_validate (name, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "An archive entry name is not UTF-8 text");
      return FALSE;
    }

  if (name[0] == '/')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The archive entry name “%s” starts with “/”; names must be relative", name);
      return FALSE;
    }

  if (strchr (name, '\\') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The archive entry name “%s” contains a backslash; folders are separated by “/”", name);
      return FALSE;
    }

  if (name[length - 1] == '/')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The archive entry name “%s” ends with “/”; only files can be added", name);
      return FALSE;
    }

  for (p = name; p != NULL; )
    {
      const char *slash = strchr (p, '/');
      gsize n = slash != NULL ? (gsize) (slash - p) : strlen (p);

      if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The archive entry name “%s” has an empty folder name (“//”)", name);
          return FALSE;
        }

      if (p[0] == '.' && (n == 1 || (n == 2 && p[1] == '.')))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The archive entry name “%s” contains “.” or “..” as a folder or file name", name);
          return FALSE;
        }

      p = slash != NULL ? slash + 1 : NULL;
    }

  return TRUE;
}

static void
put_le (GByteArray *buffer,
        guint64     value,
        guint       n_bytes)
{
  guint8 bytes[8];

  g_assert (n_bytes <= sizeof bytes);

  for (guint i = 0; i < n_bytes; i++)
    bytes[i] = (value >> (8 * i)) & 0xff;
  g_byte_array_append (buffer, bytes, n_bytes);
}

static void
append_local_header (GByteArray  *buffer,
                     const Entry *entry)
{
  gboolean big = entry->size >= MAX32;
  gboolean far = entry->offset >= MAX32;
  gsize name_length = strlen (entry->name);

  put_le (buffer, LOCAL_HEADER_SIGNATURE, 4);
  put_le (buffer, big || far ? VERSION_ZIP64 : VERSION_STORED, 2);
  put_le (buffer, FLAG_UTF8, 2);
  put_le (buffer, METHOD_STORED, 2);
  put_le (buffer, entry->dos_time, 2);
  put_le (buffer, entry->dos_date, 2);
  put_le (buffer, entry->crc, 4);
  put_le (buffer, big ? MAX32 : entry->size, 4);   /* compressed */
  put_le (buffer, big ? MAX32 : entry->size, 4);   /* uncompressed */
  put_le (buffer, name_length, 2);
  put_le (buffer, big ? 4 + 16 : 0, 2);
  g_byte_array_append (buffer, (const guint8 *) entry->name, name_length);

  /* In a local header the zip64 field must hold both sizes. */
  if (big)
    {
      put_le (buffer, ZIP64_EXTRA_ID, 2);
      put_le (buffer, 16, 2);
      put_le (buffer, entry->size, 8);
      put_le (buffer, entry->size, 8);
    }
}

static void
append_central_header (GByteArray  *buffer,
                       const Entry *entry)
{
  gboolean big = entry->size >= MAX32;
  gboolean far = entry->offset >= MAX32;
  gsize name_length = strlen (entry->name);
  guint zip64_length = (big ? 16 : 0) + (far ? 8 : 0);

  put_le (buffer, CENTRAL_HEADER_SIGNATURE, 4);
  put_le (buffer, VERSION_MADE_BY, 2);
  put_le (buffer, big || far ? VERSION_ZIP64 : VERSION_STORED, 2);
  put_le (buffer, FLAG_UTF8, 2);
  put_le (buffer, METHOD_STORED, 2);
  put_le (buffer, entry->dos_time, 2);
  put_le (buffer, entry->dos_date, 2);
  put_le (buffer, entry->crc, 4);
  put_le (buffer, big ? MAX32 : entry->size, 4);
  put_le (buffer, big ? MAX32 : entry->size, 4);
  put_le (buffer, name_length, 2);
  put_le (buffer, zip64_length > 0 ? 4 + zip64_length : 0, 2);
  put_le (buffer, 0, 2);                           /* comment length */
  put_le (buffer, 0, 2);                           /* disk number */
  put_le (buffer, 0, 2);                           /* internal attributes */
  put_le (buffer, EXTERNAL_ATTRIBUTES, 4);
  put_le (buffer, far ? MAX32 : entry->offset, 4);
  g_byte_array_append (buffer, (const guint8 *) entry->name, name_length);

  /* Here it holds only the fields set to 0xffffffff above, in this order. */
  if (zip64_length > 0)
    {
      put_le (buffer, ZIP64_EXTRA_ID, 2);
      put_le (buffer, zip64_length, 2);
      if (big)
        {
          put_le (buffer, entry->size, 8);
          put_le (buffer, entry->size, 8);
        }
      if (far)
        put_le (buffer, entry->offset, 8);
    }
}

/* @end_offset is where these records start. */
static void
append_end_records (GByteArray *buffer,
                    guint64     n_entries,
                    guint64     directory_offset,
                    guint64     directory_size,
                    guint64     end_offset)
{
  if (n_entries >= MAX16 || directory_offset >= MAX32 || directory_size >= MAX32)
    {
      put_le (buffer, ZIP64_END_SIGNATURE, 4);
      put_le (buffer, 44, 8);                      /* size of the rest */
      put_le (buffer, VERSION_MADE_BY, 2);
      put_le (buffer, VERSION_ZIP64, 2);
      put_le (buffer, 0, 4);                       /* this disk */
      put_le (buffer, 0, 4);                       /* disk of the directory */
      put_le (buffer, n_entries, 8);               /* on this disk */
      put_le (buffer, n_entries, 8);
      put_le (buffer, directory_size, 8);
      put_le (buffer, directory_offset, 8);

      put_le (buffer, ZIP64_LOCATOR_SIGNATURE, 4);
      put_le (buffer, 0, 4);                       /* disk of the zip64 end record */
      put_le (buffer, end_offset, 8);
      put_le (buffer, 1, 4);                       /* number of disks */
    }

  put_le (buffer, END_SIGNATURE, 4);
  put_le (buffer, 0, 2);
  put_le (buffer, 0, 2);
  put_le (buffer, MIN (n_entries, MAX16), 2);
  put_le (buffer, MIN (n_entries, MAX16), 2);
  put_le (buffer, MIN (directory_size, MAX32), 4);
  put_le (buffer, MIN (directory_offset, MAX32), 4);
  put_le (buffer, 0, 2);                           /* comment length */
}

static gboolean
check_usable (SlZipWriter  *self,
              GError      **error)
{
  if (self->failure != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The archive cannot be written after an earlier error: %s", self->failure);
      return FALSE;
    }

  if (self->finished)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           "The archive is already finished");
      return FALSE;
    }

  return TRUE;
}

/* A failed write leaves a partial archive, so it ends the writer's use. */
static gboolean
write_all (SlZipWriter  *self,
           const void   *data,
           gsize         size,
           GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all (self->stream, data, size, &written, NULL, &local_error))
    {
      self->failure = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->offset += written;
  return TRUE;
}

static gboolean
write_buffer (SlZipWriter  *self,
              GError      **error)
{
  gboolean ok = write_all (self, self->buffer->data, self->buffer->len, error);

  g_byte_array_set_size (self->buffer, 0);
  return ok;
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

/**
 * sl_zip_writer_new:
 * @stream: where the archive goes; offsets count from the first byte written
 *
 * Returns: (transfer full): a writer holding a reference to @stream
 */
SlZipWriter *
sl_zip_writer_new (GOutputStream *stream)
{
  SlZipWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (SlZipWriter, 1);
  self->stream = g_object_ref (stream);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->names = g_hash_table_new (g_str_hash, g_str_equal);
  self->buffer = g_byte_array_new ();

  return self;
}

/**
 * sl_zip_writer_add_bytes:
 * @name: a relative, "/"-separated UTF-8 path, unique in the archive
 * @mtime_us: modification time, written as a DOS time in UTC
 *
 * Writes @data as a stored entry. A refused name (%G_IO_ERROR_INVALID_ARGUMENT,
 * %G_IO_ERROR_EXISTS) writes nothing and the writer stays usable; after a
 * stream error every later call fails.
 */
gboolean
sl_zip_writer_add_bytes (SlZipWriter  *self,
                         const char   *name,
                         GBytes       *data,
                         gint64        mtime_us,
                         GError      **error)
{
  Entry entry = { 0 };
  const guint8 *bytes;
  gsize size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_usable (self, error) || !check_name (name, error))
    return FALSE;

  if (g_hash_table_contains (self->names, name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "The archive already has an entry named “%s”", name);
      return FALSE;
    }

  bytes = g_bytes_get_data (data, &size);
  entry.size = size;
  entry.offset = self->offset;
  entry.crc = crc32_compute (bytes, size);
  to_dos_time (mtime_us, &entry.dos_date, &entry.dos_time);
  entry.name = g_strdup (name);

  append_local_header (self->buffer, &entry);
  if (!write_buffer (self, error) || !write_all (self, bytes, size, error))
    {
      g_free (entry.name);
      return FALSE;
    }

  g_array_append_val (self->entries, entry);
  g_hash_table_add (self->names, entry.name);
  return TRUE;
}

/**
 * sl_zip_writer_finish:
 *
 * Writes the central directory and the end records and flushes the stream,
 * which stays open. The writer accepts nothing afterwards.
 */
gboolean
sl_zip_writer_finish (SlZipWriter  *self,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  guint64 directory_offset;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_usable (self, error))
    return FALSE;

  directory_offset = self->offset;
  for (guint i = 0; i < self->entries->len; i++)
    {
      append_central_header (self->buffer, &g_array_index (self->entries, Entry, i));
      if (self->buffer->len >= FLUSH_SIZE && !write_buffer (self, error))
        return FALSE;
    }
  if (!write_buffer (self, error))
    return FALSE;

  append_end_records (self->buffer, self->entries->len, directory_offset,
                      self->offset - directory_offset, self->offset);
  if (!write_buffer (self, error))
    return FALSE;

  if (!g_output_stream_flush (self->stream, NULL, &local_error))
    {
      self->failure = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->finished = TRUE;
  return TRUE;
}

/**
 * sl_zip_writer_free:
 *
 * Drops the stream without closing it; an unfinished archive stays incomplete.
 */
void
sl_zip_writer_free (SlZipWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_free (self->failure);
  g_free (self);
}
