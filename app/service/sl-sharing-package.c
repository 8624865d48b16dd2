#define G_LOG_DOMAIN "sl-sharing-package"

#include "config.h"

#include <string.h>

#include "sl-search-report.h"
#include "sl-server-private.h"
#include "sl-sharing-package.h"
#include "sl-zip.h"

/* The files of a package, each added to the ZIP and to the manifest. */
typedef struct
{
  SlZipWriter *zip;
  JsonBuilder *files;   /* the manifest's "files" array, open */
  gint64       mtime_us;
} Package;

static gboolean
add_file (Package     *package,
          const char  *name,
          GBytes      *data,
          GError     **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  if (!sl_zip_writer_add_bytes (package->zip, name, data, package->mtime_us, error))
    return FALSE;

  json_builder_begin_object (package->files);
  sl_json_builder_add_string_member (package->files, "name", name);
  sl_json_builder_add_int_member (package->files, "size", g_bytes_get_size (data));
  sl_json_builder_add_string_member (package->files, "sha256", sha256);
  json_builder_end_object (package->files);
  return TRUE;
}

static const char *
extension_for (const char *mime)
{
  if (g_strcmp0 (mime, "image/png") == 0)
    return "png";
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    return "jpg";
  return "bin";
}

static GBytes *
cover_letter (const SlSharingPackageInfo *info,
              gint64                      reads,
              gint64                      images,
              GError                    **error)
{
  const SlSharingRequest *request = info->request;
  g_autoptr(JsonObject) scope = sl_json_parse_object (request->approved_scope != NULL ? request->approved_scope
                                                                                   : request->scope, -1, NULL);
  g_autofree char *title = g_strdup_printf ("%s: ALPR data released to %s", info->agency, request->agency_name);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, request->id);
  g_autofree char *received = sl_report_format_time (request->received_us);
  g_autofree char *decided = sl_report_format_time (request->decided_us);
  g_autofree char *ends = sl_report_format_time (request->ends_us);
  g_autofree char *built = sl_report_format_time (info->built_us);
  g_autofree char *described = scope != NULL ? sl_report_describe_scope (scope) : g_strdup ("");
  g_autofree char *counts = g_strdup_printf ("%" G_GINT64_FORMAT " %s, %" G_GINT64_FORMAT " %s",
                                             reads, reads == 1 ? "read" : "reads",
                                             images, images == 1 ? "image" : "images");
  const char * const lines[] = {
    "The request", NULL,
    "Request number", number,
    "Requesting agency", request->agency_name,
    "Agency type", sl_agency_type_get_label (request->agency_type),
    "Jurisdiction", sl_jurisdiction_get_label (request->jurisdiction),
    "Requested by", request->requester_name,
    "Contact", request->requester_contact,
    "Their case number", request->case_number,
    "Intended purpose", request->purpose,
    "Received", received,
    "Entered by", request->entered_by,
    "The decision", NULL,
    "Approved by", request->decided_by,
    "Title", info->administrator,
    "Approved on", decided,
    "Reason", request->decision_reason,
    "Approval ends", ends,
    "Released", NULL,
    "Scope", described,
    "Contents", counts,
    "Package built", built,
    "Built by", info->built_by,
    "Files", "reads.csv and reads.json list the reads; images/ holds their images; manifest.json gives the "
             "SHA-256 of every file.",
    "Conditions", "Released for the official law enforcement purpose stated above only (Civil Code 1798.90.55). "
                  "It may not be shared further, sold, or used for immigration enforcement.",
    NULL,
  };

  return sl_report_letter_pdf (title, lines, error);
}

/**
 * sl_package_write:
 * @header: (transfer none): the manifest's members before its counts and files
 * @found: (element-type SlFoundRead): the reads
 * @letter_name: the letter's file name, such as "cover-letter.pdf"
 * @letter_func: draws the letter once the reads and images are counted
 *
 * Writes a package: reads.csv, reads.json, images/, the letter and
 * manifest.json with the size and SHA-256 of every other file, in a ZIP.
 *
 * Returns: (transfer full) (nullable): the package
 */
SlSharingPackage *
sl_package_write (JsonObject          *header,
                  gint64               mtime_us,
                  GPtrArray           *found,
                  SlPackageImageFunc   image_func,
                  gpointer             image_data,
                  const char          *letter_name,
                  SlPackageLetterFunc  letter_func,
                  gpointer             letter_data,
                  GError             **error)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SlZipWriter) zip = sl_zip_writer_new (stream);
  g_autoptr(JsonBuilder) files = json_builder_new ();
  g_autoptr(JsonBuilder) reads = json_builder_new ();
  g_autoptr(JsonNode) reads_root = NULL;
  g_autoptr(JsonNode) manifest_root = NULL;
  g_autoptr(JsonObject) manifest = json_object_new ();
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) reads_json = NULL;
  g_autoptr(GBytes) letter = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GList) members = json_object_get_members (header);
  g_autofree char *reads_text = NULL;
  g_autoptr(SlSharingPackage) package = g_new0 (SlSharingPackage, 1);
  Package state = { zip, files, mtime_us };
  static const char * const kinds[] = { "plate", "overview" };

  json_builder_begin_array (files);

  csv = sl_search_report_csv (found);
  if (!add_file (&state, "reads.csv", csv, error))
    return NULL;

  json_builder_begin_object (reads);
  json_builder_set_member_name (reads, "reads");
  json_builder_begin_array (reads);
  for (guint i = 0; i < found->len; i++)
    {
      const SlFoundRead *row = g_ptr_array_index (found, i);
      gboolean present[] = { row->has_plate_image, row->has_overview_image };

      json_builder_begin_object (reads);
      _sl_json_add_read_members (reads, row->read, row->camera_name, FALSE, FALSE);
      json_builder_set_member_name (reads, "hit");
      json_builder_add_boolean_value (reads, row->hit);
      json_builder_set_member_name (reads, "images");
      json_builder_begin_object (reads);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          g_autoptr(GBytes) image = NULL;
          g_autofree char *mime = NULL;
          g_autofree char *name = NULL;

          if (present[k])
            image = image_func (row->read->id, kinds[k], &mime, image_data);
          if (image == NULL)
            continue;

          name = g_strdup_printf ("images/%" G_GINT64_FORMAT "-%s.%s", row->read->id, kinds[k],
                                  extension_for (mime));
          if (!add_file (&state, name, image, error))
            return NULL;
          sl_json_builder_add_string_member (reads, kinds[k], name);
          package->images++;
        }
      json_builder_end_object (reads);
      json_builder_end_object (reads);
    }
  json_builder_end_array (reads);
  json_builder_end_object (reads);
  reads_root = json_builder_get_root (reads);
  reads_text = sl_json_to_string (reads_root, TRUE);
  reads_json = g_bytes_new_take (reads_text, strlen (reads_text));
  reads_text = NULL;
  if (!add_file (&state, "reads.json", reads_json, error))
    return NULL;
  package->reads = found->len;

  letter = letter_func (package->reads, package->images, letter_data, error);
  if (letter == NULL || !add_file (&state, letter_name, letter, error))
    return NULL;

  /* the manifest lists every other file; the ZIP's own hash is kept apart */
  json_builder_end_array (files);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (manifest, l->data, json_node_copy (json_object_get_member (header, l->data)));
  json_object_set_int_member (manifest, "reads", package->reads);
  json_object_set_int_member (manifest, "images", package->images);
  json_object_set_string_member (manifest, "hash", "sha256");
  json_object_set_member (manifest, "files", json_builder_get_root (files));
  manifest_root = json_node_init_object (json_node_alloc (), manifest);
  package->manifest = sl_json_to_string (manifest_root, TRUE);
  manifest_bytes = g_bytes_new (package->manifest, strlen (package->manifest));
  if (!sl_zip_writer_add_bytes (zip, "manifest.json", manifest_bytes, mtime_us, error) ||
      !sl_zip_writer_finish (zip, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;

  package->zip = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  package->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, package->zip);
  return g_steal_pointer (&package);
}

static GBytes *
sharing_letter_cb (gint64     reads,
                   gint64     images,
                   gpointer   data,
                   GError   **error)
{
  return cover_letter (data, reads, images, error);
}

/**
 * sl_sharing_package_build:
 * @found: (element-type SlFoundRead): the reads released
 *
 * Writes the package of a sharing request, with its cover letter.
 *
 * Returns: (transfer full) (nullable): the package
 */
SlSharingPackage *
sl_sharing_package_build (const SlSharingPackageInfo  *info,
                          GPtrArray                   *found,
                          SlPackageImageFunc           image_func,
                          gpointer                     image_data,
                          GError                     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "request_id", info->request->id);
  sl_json_builder_add_string_member (builder, "released_by", info->agency);
  sl_json_builder_add_string_member (builder, "released_to", info->request->agency_name);
  sl_json_builder_add_string_member (builder, "requester", info->request->requester_name);
  sl_json_builder_add_string_member (builder, "case_number", info->request->case_number);
  sl_json_builder_add_string_member (builder, "approved_by", info->request->decided_by);
  _sl_json_add_time_member (builder, "approved_at", info->request->decided_us);
  sl_json_builder_add_string_member (builder, "built_by", info->built_by);
  _sl_json_add_time_member (builder, "built_at", info->built_us);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return sl_package_write (json_node_get_object (root), info->built_us, found, image_func, image_data,
                           "cover-letter.pdf", sharing_letter_cb, (gpointer) info, error);
}

void
sl_sharing_package_free (SlSharingPackage *package)
{
  if (package == NULL)
    return;

  g_clear_pointer (&package->zip, g_bytes_unref);
  g_free (package->sha256);
  g_free (package->manifest);
  g_free (package);
}
