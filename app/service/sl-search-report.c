#define G_LOG_DOMAIN "sl-search-report"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "sl-csv.h"
#include "sl-search-report.h"

/* CSV ------------------------------------------------------------------------- */

typedef struct
{
  GString *text;
  guint    n_fields;
} CsvLine;

static void
append_field (CsvLine    *line,
              const char *text,
              gboolean    is_text)
{
  sl_csv_append (line->text, line->n_fields++ == 0, text, is_text);
}

static void
append_number (CsvLine    *line,
               const char *format,
               double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    append_field (line, NULL, FALSE);
  else
    append_field (line, g_ascii_formatd (text, sizeof text, format, value), FALSE);
}

static char *
vehicle_text (const SlRead *read)
{
  const char *parts[] = { read->color, read->make, read->model, read->vehicle_type };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", parts[i]);

  return g_string_free (text, FALSE);
}

/**
 * sl_search_report_csv:
 * @found: SlFoundRead, in the order of the rows
 *
 * Returns: (transfer full): one header line and one line per read, CRLF-ended
 */
GBytes *
sl_search_report_csv (GPtrArray *found)
{
  GString *csv = g_string_new ("time,plate,region,camera,lat,lon,heading,confidence,vehicle,hit\r\n");

  for (guint i = 0; i < found->len; i++)
    {
      const SlFoundRead *row = g_ptr_array_index (found, i);
      g_autofree char *time = sl_clock_format_iso8601 (row->read->captured_us);
      g_autofree char *vehicle = vehicle_text (row->read);
      CsvLine line = { csv, 0 };

      append_field (&line, time, FALSE);
      append_field (&line, row->read->plate, TRUE);
      append_field (&line, row->read->region, TRUE);
      append_field (&line, row->camera_name, TRUE);
      append_number (&line, "%.6f", row->read->lat);
      append_number (&line, "%.6f", row->read->lon);
      append_number (&line, "%.0f", row->read->heading);
      append_number (&line, "%.1f", row->read->confidence);
      append_field (&line, vehicle, TRUE);
      append_field (&line, row->hit ? "true" : "false", FALSE);
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}

/* PDF ------------------------------------------------------------------------- */

/* US Letter, landscape, in points. */
#define PAGE_WIDTH   792.0
#define PAGE_HEIGHT  612.0
#define MARGIN       36.0
#define LINE         12.0
#define ROW_HEIGHT   30.0
#define IMAGE_WIDTH  64.0
#define IMAGE_HEIGHT 24.0
#define FOOTER       30.0

typedef struct
{
  const char *title;
  double      width;
} Column;

static const Column columns[] = {
  { "#", 24 }, { "Captured (UTC)", 96 }, { "Plate", 62 }, { "Region", 40 }, { "Camera", 104 },
  { "Position", 92 }, { "Heading", 44 }, { "Conf.", 32 }, { "Vehicle", 120 }, { "Hit", 30 },
  { "Plate image", 76 },
};

/* "2026-03-01 12:00:00", UTC */
static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

static char *
describe_area (JsonObject *area)
{
  JsonArray *polygon;

  if (json_object_has_member (area, "polygon") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (area, "polygon")))
    {
      GString *text = g_string_new ("inside the polygon");

      polygon = json_object_get_array_member (area, "polygon");
      for (guint i = 0; i < json_array_get_length (polygon); i++)
        {
          JsonNode *node = json_array_get_element (polygon, i);
          JsonArray *point = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (point != NULL && json_array_get_length (point) == 2)
            g_string_append_printf (text, "%s%.5f, %.5f", i > 0 ? "; " : " ",
                                    json_array_get_double_element (point, 0), json_array_get_double_element (point, 1));
        }
      return g_string_free (text, FALSE);
    }

  return g_strdup_printf ("within %.0f m of %.5f, %.5f",
                          json_object_get_double_member_with_default (area, "radius_m", 0),
                          json_object_get_double_member_with_default (area, "lat", 0),
                          json_object_get_double_member_with_default (area, "lon", 0));
}

/* A filter as a person reads it. */
static char *
describe_filter (const char *name,
                 JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node) && g_str_equal (name, "area"))
    return describe_area (json_node_get_object (node));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = sl_json_to_string (json_array_get_element (array, i), FALSE);

          g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", item);
        }
      return g_string_free (text, FALSE);
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      gint64 time_us;

      if ((g_str_equal (name, "from") || g_str_equal (name, "to")) &&
          sl_clock_parse_iso8601 (json_node_get_string (node), &time_us, NULL))
        {
          g_autofree char *text = format_time (time_us);

          return g_strconcat (text, " UTC", NULL);
        }
      return g_strdup (json_node_get_string (node));
    }

  return sl_json_to_string (node, FALSE);
}

typedef struct
{
  cairo_t                  *cr;
  const SlSearchReportInfo *info;
  int                       page;
  double                    y;
} Report;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_font (cairo_t  *cr,
          double    size,
          gboolean  bold)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

/* Draws @text at (x, y), cut with an ellipsis to @width. */
static void
show_fitted (cairo_t    *cr,
             double      x,
             double      y,
             double      width,
             const char *text)
{
  g_autofree char *fitted = g_strdup (text != NULL ? text : "");
  cairo_text_extents_t extents;
  glong length = g_utf8_strlen (fitted, -1);

  cairo_text_extents (cr, fitted, &extents);
  while (extents.x_advance > width && length > 1)
    {
      g_autofree char *start = g_utf8_substring (text, 0, --length - 1);

      g_free (fitted);
      fitted = g_strconcat (start, "…", NULL);
      cairo_text_extents (cr, fitted, &extents);
    }

  cairo_move_to (cr, x, y);
  cairo_show_text (cr, fitted);
}

/* Draws "label value" with the value wrapped at word boundaries; moves the report down. */
static void
show_labelled (Report     *report,
               const char *label,
               const char *value)
{
  cairo_t *cr = report->cr;
  const double value_x = MARGIN + 96;
  const double width = PAGE_WIDTH - MARGIN - value_x;
  g_auto(GStrv) words = g_strsplit (value != NULL ? value : "", " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint lines = 0;

  set_font (cr, 9, TRUE);
  cairo_move_to (cr, MARGIN, report->y);
  cairo_show_text (cr, label);
  set_font (cr, 9, FALSE);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *longer = g_strdup_printf ("%s%s%s", line->str, line->len > 0 ? " " : "", words[i]);
      cairo_text_extents_t extents;

      cairo_text_extents (cr, longer, &extents);
      if (extents.x_advance > width && line->len > 0 && lines < 3)
        {
          show_fitted (cr, value_x, report->y, width, line->str);
          report->y += LINE;
          lines++;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, longer);
    }

  show_fitted (cr, value_x, report->y, width, line->str);
  report->y += LINE;
}

static void
show_footer (Report *report)
{
  cairo_t *cr = report->cr;
  g_autofree char *exported = format_time (report->info->exported_us);
  g_autofree char *left = g_strdup_printf ("Case %s · search %" G_GINT64_FORMAT " · exported %s UTC",
                                           report->info->search->case_number, report->info->search->id, exported);
  g_autofree char *right = g_strdup_printf ("Page %d", report->page);
  cairo_text_extents_t extents;

  set_font (cr, 7.5, FALSE);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, MARGIN, PAGE_HEIGHT - 24);
  cairo_show_text (cr, left);
  cairo_text_extents (cr, right, &extents);
  cairo_move_to (cr, PAGE_WIDTH - MARGIN - extents.x_advance, PAGE_HEIGHT - 24);
  cairo_show_text (cr, right);
  cairo_move_to (cr, MARGIN, PAGE_HEIGHT - 14);
  cairo_show_text (cr, "Restricted: ALPR data, for the case and purpose above only. "
                       "Every access is logged; an alert or read alone is not grounds for a stop.");
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
show_table_head (Report *report)
{
  cairo_t *cr = report->cr;
  double x = MARGIN;

  cairo_set_source_rgb (cr, 0.90, 0.91, 0.93);
  cairo_rectangle (cr, MARGIN, report->y, PAGE_WIDTH - 2 * MARGIN, 16);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  set_font (cr, 8, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      show_fitted (cr, x + 3, report->y + 11, columns[i].width - 6, columns[i].title);
      x += columns[i].width;
    }
  report->y += 16;
}

static void
new_page (Report *report)
{
  if (report->page > 0)
    {
      show_footer (report);
      cairo_show_page (report->cr);
    }

  report->page++;
  report->y = MARGIN;
}

/* Width and height of a JPEG from its frame header, without decoding it. */
static gboolean
jpeg_size (const guint8 *data,
           gsize         length,
           int          *width,
           int          *height)
{
  gsize i = 2;

  if (length < 4 || data[0] != 0xFF || data[1] != 0xD8)
    return FALSE;

  while (i + 9 < length)
    {
      guint8 marker;
      gsize segment;

      if (data[i] != 0xFF)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }
      if ((marker >= 0xD0 && marker <= 0xD9) || marker == 0x01)
        {
          i += 2;
          continue;
        }

      segment = ((gsize) data[i + 2] << 8) | data[i + 3];
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          *height = (data[i + 5] << 8) | data[i + 6];
          *width = (data[i + 7] << 8) | data[i + 8];
          return *width > 0 && *height > 0;
        }
      i += 2 + segment;
    }

  return FALSE;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->length - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;

  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* A surface for the plate crop: PNGs decoded, JPEGs passed to the PDF as they are. */
static cairo_surface_t *
image_surface (GBytes     *bytes,
               const char *mime)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  cairo_surface_t *surface = NULL;
  int width;
  int height;

  if (g_strcmp0 (mime, "image/png") == 0)
    {
      PngReader reader = { data, length, 0 };

      surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
    }
  else if (g_strcmp0 (mime, "image/jpeg") == 0 && jpeg_size (data, length, &width, &height) &&
           width <= 8192 && height <= 8192)
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, g_memdup2 (data, length), length,
                                   g_free, g_memdup2 (data, length));
    }

  if (surface != NULL && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&surface, cairo_surface_destroy);

  return surface;
}

static void
show_image (cairo_t         *cr,
            cairo_surface_t *surface,
            double           x,
            double           y)
{
  double width = cairo_image_surface_get_width (surface);
  double height = cairo_image_surface_get_height (surface);
  double scale = MIN (IMAGE_WIDTH / width, IMAGE_HEIGHT / height);

  cairo_save (cr);
  cairo_translate (cr, x + (IMAGE_WIDTH - width * scale) / 2, y + (IMAGE_HEIGHT - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
show_row (Report                  *report,
          guint                    index,
          const SlFoundRead       *row,
          SlSearchReportImageFunc  image_func,
          gpointer                 image_data)
{
  cairo_t *cr = report->cr;
  const SlRead *read = row->read;
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *time = format_time (read->captured_us);
  g_autofree char *position = g_strdup_printf ("%.4f, %.4f", read->lat, read->lon);
  g_autofree char *heading = isnan (read->heading) ? g_strdup ("") : g_strdup_printf ("%.0f°", read->heading);
  g_autofree char *confidence = g_strdup_printf ("%.0f", read->confidence);
  g_autofree char *vehicle = vehicle_text (read);
  const char *cells[] = { number, time, read->plate, read->region, row->camera_name, position, heading,
                          confidence, vehicle, row->hit ? "yes" : "" };
  double x = MARGIN;
  double baseline = report->y + ROW_HEIGHT / 2 + 3;

  G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (columns) - 1);

  if (index % 2 == 1)
    {
      cairo_set_source_rgb (cr, 0.97, 0.97, 0.98);
      cairo_rectangle (cr, MARGIN, report->y, PAGE_WIDTH - 2 * MARGIN, ROW_HEIGHT);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      set_font (cr, i == 2 ? 9 : 8, i == 2 || (i == 9 && row->hit));
      if (i == 9 && row->hit)
        cairo_set_source_rgb (cr, 0.75, 0.1, 0.1);
      show_fitted (cr, x + 3, baseline, columns[i].width - 6, cells[i]);
      cairo_set_source_rgb (cr, 0, 0, 0);
      x += columns[i].width;
    }

  if (row->has_plate_image && image_func != NULL)
    {
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) bytes = image_func (read->id, &mime, image_data);
      cairo_surface_t *surface = bytes != NULL ? image_surface (bytes, mime) : NULL;

      if (surface != NULL)
        {
          show_image (cr, surface, x + (columns[G_N_ELEMENTS (columns) - 1].width - IMAGE_WIDTH) / 2,
                      report->y + (ROW_HEIGHT - IMAGE_HEIGHT) / 2);
          cairo_surface_destroy (surface);
        }
    }

  report->y += ROW_HEIGHT;
}

static void
show_header (Report *report,
             guint   n_rows)
{
  const SlSearch *search = report->info->search;
  cairo_t *cr = report->cr;
  g_autofree char *searched_at = format_time (search->created_us);
  g_autofree char *exported_at = format_time (report->info->exported_us);
  g_autofree char *searched = g_strconcat (searched_at, " UTC", NULL);
  g_autofree char *exported = g_strconcat (exported_at, " UTC", NULL);
  g_autofree char *who = report->info->full_name != NULL
                         ? g_strdup_printf ("%s (%s)", report->info->full_name, search->username)
                         : g_strdup (search->username);
  g_autofree char *purpose = report->info->purpose_label != NULL
                             ? g_strdup_printf ("%s (%s)", report->info->purpose_label, search->purpose_code)
                             : g_strdup (search->purpose_code);
  g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", search->id, search->kind);
  g_autofree char *results = g_strdup_printf ("%" G_GINT64_FORMAT " reads%s", search->total,
                                              (gint64) n_rows < search->total ? "; the first ones below" : "");
  g_autoptr(JsonObject) filters = sl_json_parse_object (search->filters, -1, NULL);
  g_autoptr(GList) members = filters != NULL ? json_object_get_members (filters) : NULL;

  set_font (cr, 16, TRUE);
  cairo_move_to (cr, MARGIN, report->y + 14);
  cairo_show_text (cr, "ALPR search report");
  set_font (cr, 9, FALSE);
  cairo_move_to (cr, MARGIN, report->y + 28);
  cairo_show_text (cr, report->info->agency != NULL ? report->info->agency : "");
  report->y += 48;

  show_labelled (report, "Case number", search->case_number);
  show_labelled (report, "Purpose", purpose);
  show_labelled (report, "Note", search->purpose_note);
  show_labelled (report, "Searched by", who);
  show_labelled (report, "Searched at", searched);
  show_labelled (report, "Search", what);
  show_labelled (report, "Results", results);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (filters, l->data);

      /* a multi-place search: each place on a line of its own */
      if (g_str_equal (l->data, "places") && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *places = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (places); i++)
            {
              JsonNode *place = json_array_get_element (places, i);
              JsonObject *object = JSON_NODE_HOLDS_OBJECT (place) ? json_node_get_object (place) : NULL;
              g_autofree char *label = g_strdup_printf ("Place %u", i + 1);
              g_autofree char *area = NULL;
              g_autofree char *from = NULL;
              g_autofree char *to = NULL;
              g_autofree char *value = NULL;

              if (object == NULL || !json_object_has_member (object, "area") ||
                  !json_object_has_member (object, "from") || !json_object_has_member (object, "to"))
                continue;
              area = describe_filter ("area", json_object_get_member (object, "area"));
              from = describe_filter ("from", json_object_get_member (object, "from"));
              to = describe_filter ("to", json_object_get_member (object, "to"));
              value = g_strdup_printf ("%s, from %s to %s", area, from, to);
              show_labelled (report, label, value);
            }
          continue;
        }

      {
        g_autofree char *value = describe_filter (l->data, node);
        g_autofree char *label = g_strdup_printf ("Filter: %s", (const char *) l->data);

        show_labelled (report, label, value);
      }
    }
  show_labelled (report, "Exported at", exported);
  report->y += LINE / 2;
}

/**
 * sl_search_report_pdf:
 * @found: SlFoundRead, in the order of the rows
 * @image_func: (nullable): gives the rows' plate crops
 *
 * Returns: (transfer full): a PDF: the search (case, purpose, note, who,
 *   when, filters), then a table of the reads with their plate crops
 */
GBytes *
sl_search_report_pdf (const SlSearchReportInfo *info,
                      GPtrArray                *found,
                      SlSearchReportImageFunc   image_func,
                      gpointer                  image_data,
                      GError                  **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autofree char *title = g_strdup_printf ("Search %" G_GINT64_FORMAT ", case %s", info->search->id,
                                            info->search->case_number);
  cairo_surface_t *surface;
  cairo_status_t status;
  Report report = { .info = info };

  surface = cairo_pdf_surface_create_for_stream (write_cb, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, info->search->username);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sightline " PACKAGE_VERSION);
  report.cr = cairo_create (surface);

  new_page (&report);
  show_header (&report, found->len);
  show_table_head (&report);
  for (guint i = 0; i < found->len; i++)
    {
      if (report.y + ROW_HEIGHT > PAGE_HEIGHT - MARGIN - FOOTER)
        {
          new_page (&report);
          show_table_head (&report);
        }
      show_row (&report, i, g_ptr_array_index (found, i), image_func, image_data);
    }
  if (found->len == 0)
    {
      set_font (report.cr, 9, FALSE);
      cairo_move_to (report.cr, MARGIN + 3, report.y + 14);
      cairo_show_text (report.cr, "No read matched this search.");
    }
  show_footer (&report);
  cairo_show_page (report.cr);

  status = cairo_status (report.cr);
  cairo_destroy (report.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "The report could not be drawn: %s",
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/* Letters --------------------------------------------------------------------- */

/* US Letter, portrait. */
#define LETTER_WIDTH  612.0
#define LETTER_HEIGHT 792.0
#define LABEL_WIDTH   150.0

/* Draws @text from @x, broken into lines no wider than @width; returns the y below it. */
static double
show_wrapped (cairo_t    *cr,
              double      x,
              double      y,
              double      width,
              const char *text)
{
  g_auto(GStrv) words = g_strsplit (text != NULL ? text : "", " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *longer = line->len > 0 ? g_strconcat (line->str, " ", words[i], NULL) : g_strdup (words[i]);
      cairo_text_extents_t extents;

      cairo_text_extents (cr, longer, &extents);
      if (extents.x_advance > width && line->len > 0)
        {
          cairo_move_to (cr, x, y);
          cairo_show_text (cr, line->str);
          y += LINE + 2;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, longer);
    }

  cairo_move_to (cr, x, y);
  cairo_show_text (cr, line->str);
  return y + LINE + 2;
}

/**
 * sl_report_lines_add:
 * @lines: (element-type utf8): the lines of a letter, as sl_report_letter_pdf() takes them
 * @value: (nullable): the value; %NULL makes @label a section heading
 */
void
sl_report_lines_add (GPtrArray  *lines,
                     const char *label,
                     const char *value)
{
  g_ptr_array_add (lines, g_strdup (label));
  g_ptr_array_add (lines, g_strdup (value));
}

void
sl_report_lines_add_number (GPtrArray  *lines,
                            const char *label,
                            gint64      number)
{
  g_ptr_array_add (lines, g_strdup (label));
  g_ptr_array_add (lines, g_strdup_printf ("%" G_GINT64_FORMAT, number));
}

/**
 * sl_report_letter_pdf:
 * @title: the letter's heading
 * @lines: pairs of label and value, then a %NULL label; a label with a
 *   %NULL value is a section heading
 *
 * Returns: (transfer full) (nullable): a letter-size PDF
 */
GBytes *
sl_report_letter_pdf (const char          *title,
                      const char * const  *lines,
                      GError             **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double y = MARGIN + 30;

  surface = cairo_pdf_surface_create_for_stream (write_cb, pdf, LETTER_WIDTH, LETTER_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sightline " PACKAGE_VERSION);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0, 0, 0);

  set_font (cr, 16, TRUE);
  y = show_wrapped (cr, MARGIN + 18, y, LETTER_WIDTH - 2 * MARGIN - 36, title) + 10;

  for (guint i = 0; lines[i] != NULL; i += 2)
    {
      double next;

      if (y > LETTER_HEIGHT - MARGIN - 3 * LINE)
        {
          cairo_show_page (cr);
          y = MARGIN + 30;
        }
      if (lines[i + 1] == NULL)
        {
          set_font (cr, 11, TRUE);
          y = show_wrapped (cr, MARGIN + 18, y + 8, LETTER_WIDTH - 2 * MARGIN - 36, lines[i]) + 2;
          continue;
        }
      set_font (cr, 9, TRUE);
      next = show_wrapped (cr, MARGIN + 18, y, LABEL_WIDTH - 8, lines[i]);
      set_font (cr, 9, FALSE);
      next = MAX (next, show_wrapped (cr, MARGIN + 18 + LABEL_WIDTH, y, LETTER_WIDTH - 2 * MARGIN - 36 - LABEL_WIDTH,
                                      lines[i + 1]));
      y = next + 2;
    }
  cairo_show_page (cr);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_STORE, "The letter could not be drawn: %s",
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/**
 * sl_report_describe_scope:
 * @scope: plates, from, to and area, as a search's filters or a sharing scope
 *
 * Returns: (transfer full): one line per member, "name: value"
 */
char *
sl_report_describe_scope (JsonObject *scope)
{
  g_autoptr(GList) members = json_object_get_members (scope);
  GString *text = g_string_new (NULL);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *value = describe_filter (l->data, json_object_get_member (scope, l->data));

      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "; " : "", (const char *) l->data, value);
    }

  return g_string_free (text, FALSE);
}

/**
 * sl_report_format_time:
 *
 * Returns: (transfer full): @time_us as people read it in a report,
 *   "2026-03-01 12:00:00 UTC", or "none" for 0
 */
char *
sl_report_format_time (gint64 time_us)
{
  g_autofree char *text = time_us != 0 ? format_time (time_us) : NULL;

  return text != NULL ? g_strconcat (text, " UTC", NULL) : g_strdup ("none");
}
