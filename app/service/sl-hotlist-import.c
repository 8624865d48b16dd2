#define G_LOG_DOMAIN "sl-hotlist-import"

#include "config.h"

#include "sl-hotlist-import.h"

void
sl_hotlist_import_free (SlHotlistImport *import)
{
  if (import == NULL)
    return;

  for (guint i = 0; import->rejected_lines != NULL && i < import->rejected_lines->len; i++)
    g_free (g_array_index (import->rejected_lines, SlHotlistBadRow, i).message);
  g_clear_pointer (&import->rejected_lines, g_array_unref);
  g_free (import);
}

static void
add_summary_members (JsonBuilder           *builder,
                     const SlHotlistImport *import)
{
  sl_json_builder_add_int_member (builder, "added", import->added);
  sl_json_builder_add_int_member (builder, "removed", import->removed);
  sl_json_builder_add_int_member (builder, "rejected", import->rejected);
  json_builder_set_member_name (builder, "rejected_lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < import->rejected_lines->len; i++)
    {
      const SlHotlistBadRow *bad = &g_array_index (import->rejected_lines, SlHotlistBadRow, i);

      json_builder_begin_object (builder);
      sl_json_builder_add_int_member (builder, "line", bad->line);
      sl_json_builder_add_string_member (builder, "message", bad->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * sl_hotlist_import_to_json:
 *
 * Returns: (transfer full): what the API answers: `{added, removed,
 *   rejected, rejected_lines, kept_old}`.
 */
JsonNode *
sl_hotlist_import_to_json (const SlHotlistImport *import)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (import != NULL, NULL);

  json_builder_begin_object (builder);
  add_summary_members (builder, import);
  json_builder_set_member_name (builder, "kept_old");
  json_builder_add_boolean_value (builder, import->kept_old);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The list keeps the summary of its last replace, without kept_old. */
static char *
stored_summary (const SlHotlistImport *import)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_summary_members (builder, import);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return sl_json_to_string (root, FALSE);
}

static void
set_record_data (SlAuditRecord         *record,
                 gint64                 list_id,
                 const char            *origin,
                 const SlHotlistImport *import,
                 const char            *failure)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "list_id", list_id);
  sl_json_builder_add_string_member (builder, "source", origin);
  if (import != NULL)
    {
      sl_json_builder_add_int_member (builder, "rows", import->rows);
      add_summary_members (builder, import);
      json_builder_set_member_name (builder, "kept_old");
      json_builder_add_boolean_value (builder, import->kept_old);
    }
  if (failure != NULL)
    sl_json_builder_add_string_member (builder, "error", failure);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  g_free (record->data);
  record->data = sl_json_to_string (root, FALSE);
  record->result_count = import != NULL && !import->kept_old ? import->rows : 0;
}

static void
set_outcome (SlAuditRecord *record,
             const char    *outcome)
{
  g_free (record->outcome);
  record->outcome = g_strdup (outcome);
}

/**
 * sl_hotlist_import_failed:
 * @origin: the file, the URL, or "upload"
 * @failure: why the import could not run
 * @record: the "hotlist.import" record, with who and where; its outcome and
 *   data are set here
 *
 * Notes on the list (its import state, shown by the API) and in the access
 * log that an import failed. The entries stay as they are.
 */
void
sl_hotlist_import_failed (SlStore       *store,
                          gint64         list_id,
                          const char    *origin,
                          const GError  *failure,
                          SlAuditRecord *record,
                          gint64         now_us)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (failure != NULL && record != NULL);

  set_outcome (record, "failed");
  set_record_data (record, list_id, origin, NULL, failure->message);

  if (sl_store_fail_hotlist_import (store, list_id, failure->message, record, now_us, &error))
    return;

  /* no such list: the attempt is logged all the same */
  if (g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND) &&
      sl_store_audit_append (store, record, NULL))
    return;

  g_message ("Could not note the failed import of hot list %" G_GINT64_FORMAT ": %s", list_id, error->message);
}

/**
 * sl_hotlist_import_run:
 * @origin: the file, the URL, or "upload", for the access log
 * @data: the CSV file's contents
 * @record: the "hotlist.import" record, with who and where; its outcome
 *   ("ok", "refused" or "failed"), data and result count are set here
 *
 * Replaces the entries of the general list @list_id with the good rows of
 * @data, atomically, with @record and the summary on the list. A file with
 * more bad rows than good ones is more likely a wrong file than a list: the
 * list is left as it was (kept_old) and the import counts as failed.
 *
 * Returns: (transfer full): what the import did, or %NULL with @error when
 *   the file is no CSV of plates (%SL_ERROR_INVALID), the list is not a
 *   general one (%SL_ERROR_RULE) or the database failed.
 */
SlHotlistImport *
sl_hotlist_import_run (SlStore        *store,
                       gint64          list_id,
                       const char     *origin,
                       const char     *data,
                       gsize           length,
                       SlAuditRecord  *record,
                       gint64          now_us,
                       GError        **error)
{
  g_autoptr(SlHotlistCsv) csv = NULL;
  g_autoptr(SlHotlistImport) import = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *summary = NULL;
  guint n_lines;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (origin != NULL && record != NULL, NULL);

  csv = sl_hotlist_csv_parse (data, length, &local_error);
  if (csv == NULL)
    {
      sl_hotlist_import_failed (store, list_id, origin, local_error, record, now_us);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  import = g_new0 (SlHotlistImport, 1);
  import->list_id = list_id;
  import->rows = csv->rows->len;
  import->rejected = csv->bad_rows->len;
  n_lines = MIN (csv->bad_rows->len, SL_HOTLIST_IMPORT_MAX_LINES);
  import->rejected_lines = g_array_sized_new (FALSE, FALSE, sizeof (SlHotlistBadRow), n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      SlHotlistBadRow bad = g_array_index (csv->bad_rows, SlHotlistBadRow, i);

      bad.message = g_strdup (bad.message);
      g_array_append_val (import->rejected_lines, bad);
    }

  import->kept_old = csv->bad_rows->len > csv->rows->len;
  if (import->kept_old)
    {
      g_autofree char *reason = g_strdup_printf ("%s has %u bad rows and only %u good ones; "
                                                 "the list was left as it was",
                                                 origin, csv->bad_rows->len, csv->rows->len);

      set_outcome (record, "refused");
      set_record_data (record, list_id, origin, import, reason);
      if (!sl_store_fail_hotlist_import (store, list_id, reason, record, now_us, error))
        return NULL;
      return g_steal_pointer (&import);
    }

  if (!sl_store_count_hotlist_changes (store, list_id, csv->rows, &import->added, &import->removed,
                                       &local_error))
    {
      sl_hotlist_import_failed (store, list_id, origin, local_error, record, now_us);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  summary = stored_summary (import);
  set_outcome (record, "ok");
  set_record_data (record, list_id, origin, import, NULL);
  /* the record goes in with the entries, or neither does */
  if (!sl_store_replace_hotlist (store, list_id, csv->rows, summary, record, now_us, &local_error))
    {
      sl_hotlist_import_failed (store, list_id, origin, local_error, record, now_us);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&import);
}
