#define G_LOG_DOMAIN "sl-mbtiles"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sl-error.h"
#include "sl-mbtiles.h"

/* Deeper than any tile set in use; keeps 1 << zoom in an int. */
#define MAX_ZOOM 30

struct _SlMbtiles
{
  char         *path;
  char         *name;
  char         *attribution;
  char         *format;        /* "png" or "jpg" */
  int           min_zoom;
  int           max_zoom;

  GMutex        lock;          /* guards the statement; tiles are read from any thread */
  sqlite3      *db;
  sqlite3_stmt *tile_stmt;
};

static const char *
sniff_format (const guint8 *data,
              gsize         size)
{
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpg";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  /* vector tiles are protocol buffers, usually gzipped */
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return "pbf";
  return NULL;
}

/* Attributions are often HTML; the map's license label shows plain text. */
static char *
strip_tags (const char *html)
{
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }

  return g_strstrip (g_string_free (text, FALSE));
}

static gboolean
parse_zoom (const char *text,
            int        *zoom)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, MAX_ZOOM, &value, NULL))
    return FALSE;
  *zoom = (int) value;
  return TRUE;
}

static gboolean
load_metadata (SlMbtiles  *self,
               GError    **error)
{
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *sniffed = NULL;
  const char *format;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” is not an MBTiles map file (%s)", self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL && sqlite3_column_text (stmt, 1) != NULL)
      g_hash_table_insert (metadata,
                           g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0), -1),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "Could not read “%s” (%s)", self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                          -1, &self->tile_stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” is not an MBTiles map file (%s)", self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  /* The format is required by the specification, but not every tool writes it. */
  format = g_hash_table_lookup (metadata, "format");
  if (format == NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *guess = sniff_format (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));

          sniffed = g_strdup (guess != NULL ? guess : "unknown");
        }
      sqlite3_finalize (stmt);
      format = sniffed;
    }

  if (format == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%s” holds no map tiles", self->path);
      return FALSE;
    }
  if (g_ascii_strcasecmp (format, "pbf") == 0 || g_ascii_strcasecmp (format, "mvt") == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” holds vector tiles (pbf), which Sightline cannot draw; use an MBTiles file "
                   "with raster tiles (PNG or JPEG)", self->path);
      return FALSE;
    }
  if (g_ascii_strcasecmp (format, "png") == 0)
    self->format = g_strdup ("png");
  else if (g_ascii_strcasecmp (format, "jpg") == 0 || g_ascii_strcasecmp (format, "jpeg") == 0)
    self->format = g_strdup ("jpg");
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "“%s” holds tiles in the “%s” format; Sightline shows PNG and JPEG tiles only",
                   self->path, format);
      return FALSE;
    }

  if (!parse_zoom (g_hash_table_lookup (metadata, "minzoom"), &self->min_zoom) ||
      !parse_zoom (g_hash_table_lookup (metadata, "maxzoom"), &self->max_zoom) ||
      self->min_zoom > self->max_zoom)
    {
      self->min_zoom = 0;
      self->max_zoom = 0;
      if (sqlite3_prepare_v2 (self->db, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles", -1, &stmt, NULL) == SQLITE_OK)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
            {
              self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, MAX_ZOOM);
              self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), self->min_zoom, MAX_ZOOM);
            }
          sqlite3_finalize (stmt);
        }
    }

  if (g_hash_table_lookup (metadata, "name") != NULL)
    self->name = g_strdup (g_hash_table_lookup (metadata, "name"));
  else
    self->name = g_path_get_basename (self->path);
  if (g_hash_table_lookup (metadata, "attribution") != NULL)
    self->attribution = strip_tags (g_hash_table_lookup (metadata, "attribution"));

  return TRUE;
}

/**
 * sl_mbtiles_open:
 * @path: the agency's MBTiles file
 *
 * Opens the file read-only and checks it holds raster tiles. The file is
 * the administrator's map, never Sightline's database.
 *
 * Returns: (transfer full) (nullable): the tiles, or %NULL with @error
 *   naming the file and what is wrong with it
 */
SlMbtiles *
sl_mbtiles_open (const char  *path,
                 GError     **error)
{
  g_autoptr(SlMbtiles) self = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*path == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "No MBTiles map file was given");
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "The map file “%s” does not exist", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "“%s” is a folder, not an MBTiles map file", path);
      return NULL;
    }

  self = g_new0 (SlMbtiles, 1);
  g_mutex_init (&self->lock);
  self->path = g_strdup (path);

  /* A URI, so that mode=ro holds even where the file is writable. */
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?mode=ro", NULL);
  if (sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID, "Could not open the map file “%s” (%s)",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  if (!load_metadata (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
sl_mbtiles_free (SlMbtiles *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->name);
  g_free (self->attribution);
  g_free (self->format);
  g_free (self);
}

const char *
sl_mbtiles_get_path (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

/**
 * sl_mbtiles_get_name:
 *
 * Returns: the tile set's name from its metadata, else the file's name
 */
const char *
sl_mbtiles_get_name (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * sl_mbtiles_get_attribution:
 *
 * Returns: (nullable): the tile set's attribution as plain text
 */
const char *
sl_mbtiles_get_attribution (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}

/**
 * sl_mbtiles_get_format:
 *
 * Returns: "png" or "jpg"
 */
const char *
sl_mbtiles_get_format (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->format;
}

/**
 * sl_mbtiles_get_content_type:
 *
 * Returns: the tiles' media type, "image/png" or "image/jpeg"
 */
const char *
sl_mbtiles_get_content_type (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_str_equal (self->format, "png") ? "image/png" : "image/jpeg";
}

int
sl_mbtiles_get_min_zoom (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_zoom;
}

int
sl_mbtiles_get_max_zoom (SlMbtiles *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_zoom;
}

/**
 * sl_mbtiles_read_tile:
 * @zoom: the zoom level
 * @x: the tile's column
 * @y: the tile's row from the top (XYZ order; the file's rows count from the bottom)
 *
 * Reads one tile. Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): the tile's image, or %NULL with
 *   %SL_ERROR_NOT_FOUND where the file has no tile, which the map shows as empty
 */
GBytes *
sl_mbtiles_read_tile (SlMbtiles  *self,
                      int         zoom,
                      int         x,
                      int         y,
                      GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (zoom < self->min_zoom || zoom > self->max_zoom ||
      x < 0 || y < 0 || x >= (1 << zoom) || y >= (1 << zoom))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "The map has no tile %d/%d/%d", zoom, x, y);
      return NULL;
    }

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_reset (self->tile_stmt);
  sqlite3_bind_int (self->tile_stmt, 1, zoom);
  sqlite3_bind_int (self->tile_stmt, 2, x);
  sqlite3_bind_int (self->tile_stmt, 3, (1 << zoom) - 1 - y);

  rc = sqlite3_step (self->tile_stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (self->tile_stmt, 0) > 0)
    bytes = g_bytes_new (sqlite3_column_blob (self->tile_stmt, 0), sqlite3_column_bytes (self->tile_stmt, 0));
  else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, "The map has no tile %d/%d/%d", zoom, x, y);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_STORE, "Could not read the map file “%s” (%s)",
                 self->path, sqlite3_errmsg (self->db));
  sqlite3_reset (self->tile_stmt);

  return bytes;
}
