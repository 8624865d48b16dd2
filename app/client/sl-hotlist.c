#define G_LOG_DOMAIN "sl-hotlist"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-error.h"
#include "sl-client-json.h"
#include "sl-clock.h"
#include "sl-hotlist.h"
#include "sl-json.h"

struct _SlHotlist
{
  GObject                 parent_instance;

  /* owned, immutable once parsed */
  gint64                  id;
  char                   *name;
  SlHotlistKind           kind;
  char                   *source;
  int                     priority;
  SlAlertLevel            alert_level;
  gboolean                covert;
  guint                   tolerance;
  gboolean                active;
  gint64                  created_at_us;
  gint64                  counts[5];   /* pending, active, expired, removed, rejected */
  char                   *import_source;
  char                   *import_time;
  gint64                  last_import_at_us;
  SlHotlistImportSummary *last_summary;
  gint64                  next_import_at_us;
  SlHotlistImportState    import_state;
  char                   *import_error;
};

G_DEFINE_FINAL_TYPE (SlHotlist, sl_hotlist, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SlHotlistImportSummary, sl_hotlist_import_summary,
                     sl_hotlist_import_summary_copy, sl_hotlist_import_summary_free)

static const char * const count_names[] = { "pending", "active", "expired", "removed", "rejected" };

static void
rejected_line_clear (gpointer data)
{
  SlHotlistRejectedLine *line = data;

  g_free (line->message);
}

static GArray *
rejected_lines_new (guint reserved)
{
  GArray *lines = g_array_sized_new (FALSE, TRUE, sizeof (SlHotlistRejectedLine), reserved);

  g_array_set_clear_func (lines, rejected_line_clear);
  return lines;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           gint64      *value,
           GError     **error)
{
  if (!sl_json_get_int (object, member, TRUE, value, error))
    return FALSE;
  if (*value < 0)
    return _sl_client_json_invalid (error, "“%s” must not be negative", member);
  return TRUE;
}

/**
 * sl_hotlist_import_summary_new_from_json:
 * @object: an import's answer, or a list's `last_summary`
 *
 * Returns: (transfer full): the summary, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE
 */
SlHotlistImportSummary *
sl_hotlist_import_summary_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  g_autoptr(SlHotlistImportSummary) summary = g_new0 (SlHotlistImportSummary, 1);
  JsonArray *lines = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  summary->rejected_lines = rejected_lines_new (0);
  if (!get_count (object, "added", &summary->added, error) ||
      !get_count (object, "removed", &summary->removed, error) ||
      !get_count (object, "rejected", &summary->rejected, error) ||
      !sl_json_get_array (object, "rejected_lines", FALSE, &lines, error) ||
      !sl_json_get_boolean (object, "kept_old", FALSE, &summary->kept_old, error))
    return NULL;

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonNode *node = json_array_get_element (lines, i);
      SlHotlistRejectedLine line = { 0 };
      gint64 number = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _sl_client_json_invalid (error, "“rejected_lines” must hold objects");
          return NULL;
        }
      if (!sl_json_get_int (json_node_get_object (node), "line", TRUE, &number, error) ||
          !_sl_client_json_dup_string (json_node_get_object (node), "message", TRUE, &line.message, error))
        return NULL;
      if (number < 1 || number > G_MAXUINT)
        {
          g_free (line.message);
          _sl_client_json_invalid (error, "“line” must be a line number");
          return NULL;
        }
      line.line = (guint) number;
      g_array_append_val (summary->rejected_lines, line);
    }

  return g_steal_pointer (&summary);
}

SlHotlistImportSummary *
sl_hotlist_import_summary_copy (const SlHotlistImportSummary *summary)
{
  SlHotlistImportSummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_memdup2 (summary, sizeof *summary);
  copy->rejected_lines = rejected_lines_new (summary->rejected_lines->len);
  for (guint i = 0; i < summary->rejected_lines->len; i++)
    {
      SlHotlistRejectedLine line = g_array_index (summary->rejected_lines, SlHotlistRejectedLine, i);

      line.message = g_strdup (line.message);
      g_array_append_val (copy->rejected_lines, line);
    }
  return copy;
}

void
sl_hotlist_import_summary_free (SlHotlistImportSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->rejected_lines, g_array_unref);
  g_free (summary);
}

static gboolean
parse_choice (JsonObject          *object,
              const char          *member,
              const char * const  *names,
              guint                n_names,
              int                 *value,
              GError             **error)
{
  const char *text = NULL;

  if (!sl_json_get_string (object, member, TRUE, &text, error))
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (text, names[i]))
      {
        *value = (int) i;
        return TRUE;
      }

  return _sl_client_json_invalid (error, "“%s” is not a known %s", text, member);
}

static const char * const kind_names[] = { "general", "specific" };
static const char * const level_names[] = { "low", "medium", "high" };
static const char * const state_names[] = { "never", "ok", "failed" };

G_STATIC_ASSERT (SL_ALERT_LEVEL_LOW == 0 && SL_ALERT_LEVEL_MEDIUM == 1 && SL_ALERT_LEVEL_HIGH == 2);

static gboolean
parse_import (SlHotlist   *self,
              JsonObject  *import,
              GError     **error)
{
  JsonObject *summary = NULL;
  int state = 0;

  if (!_sl_client_json_dup_string (import, "source", FALSE, &self->import_source, error) ||
      !_sl_client_json_dup_string (import, "time", FALSE, &self->import_time, error) ||
      !_sl_client_json_get_time (import, "last_at", FALSE, &self->last_import_at_us, error) ||
      !sl_json_get_object (import, "last_summary", FALSE, &summary, error) ||
      !_sl_client_json_get_time (import, "next_at", FALSE, &self->next_import_at_us, error) ||
      !parse_choice (import, "state", state_names, G_N_ELEMENTS (state_names), &state, error) ||
      !_sl_client_json_dup_string (import, "error", FALSE, &self->import_error, error))
    return FALSE;

  self->import_state = state;
  if (summary != NULL)
    {
      self->last_summary = sl_hotlist_import_summary_new_from_json (summary, error);
      if (self->last_summary == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_hotlist (SlHotlist   *self,
               JsonObject  *object,
               GError     **error)
{
  JsonObject *counts = NULL;
  JsonObject *import = NULL;
  gint64 number = 0;
  int kind = 0;
  int level = 0;

  if (!sl_json_get_int (object, "id", TRUE, &self->id, error) ||
      !_sl_client_json_dup_string (object, "name", TRUE, &self->name, error) ||
      !parse_choice (object, "kind", kind_names, G_N_ELEMENTS (kind_names), &kind, error) ||
      !_sl_client_json_dup_string (object, "source", FALSE, &self->source, error) ||
      !sl_json_get_int (object, "priority", TRUE, &number, error))
    return FALSE;
  self->kind = kind;
  if (number < 0 || number > 100)
    return _sl_client_json_invalid (error, "“priority” must be from 0 to 100");
  self->priority = (int) number;

  if (!parse_choice (object, "alert_level", level_names, G_N_ELEMENTS (level_names), &level, error) ||
      !sl_json_get_boolean (object, "covert", TRUE, &self->covert, error) ||
      !sl_json_get_int (object, "tolerance", TRUE, &number, error))
    return FALSE;
  self->alert_level = level;
  if (number < 0 || number > 2)
    return _sl_client_json_invalid (error, "“tolerance” must be from 0 to 2");
  self->tolerance = (guint) number;

  if (!sl_json_get_boolean (object, "active", TRUE, &self->active, error) ||
      !_sl_client_json_get_time (object, "created_at", FALSE, &self->created_at_us, error) ||
      !sl_json_get_object (object, "counts", TRUE, &counts, error) ||
      !sl_json_get_object (object, "import", TRUE, &import, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (count_names); i++)
    if (!get_count (counts, count_names[i], &self->counts[i], error))
      return FALSE;

  return parse_import (self, import, error);
}

static void
sl_hotlist_finalize (GObject *object)
{
  SlHotlist *self = SL_HOTLIST (object);

  g_free (self->name);
  g_free (self->source);
  g_free (self->import_source);
  g_free (self->import_time);
  g_clear_pointer (&self->last_summary, sl_hotlist_import_summary_free);
  g_free (self->import_error);

  G_OBJECT_CLASS (sl_hotlist_parent_class)->finalize (object);
}

static void
sl_hotlist_class_init (SlHotlistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_hotlist_finalize;
}

static void
sl_hotlist_init (SlHotlist *self)
{
}

/**
 * sl_hotlist_new_from_json:
 * @object: a `Hotlist` of the API
 *
 * Returns: (transfer full): the list, or %NULL with
 *   %SL_CLIENT_ERROR_INVALID_RESPONSE when @object is not one
 */
SlHotlist *
sl_hotlist_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(SlHotlist) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (SL_TYPE_HOTLIST, NULL);
  if (!parse_hotlist (self, object, &local_error))
    {
      if (local_error->domain == SL_CLIENT_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        _sl_client_json_invalid (error, _("The service sent a hot list that cannot be read: %s"),
                                 local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

gint64
sl_hotlist_get_id (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->id;
}

const char *
sl_hotlist_get_name (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->name;
}

SlHotlistKind
sl_hotlist_get_kind (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), SL_HOTLIST_KIND_GENERAL);
  return self->kind;
}

const char *
sl_hotlist_get_source (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->source;
}

int
sl_hotlist_get_priority (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->priority;
}

SlAlertLevel
sl_hotlist_get_alert_level (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), SL_ALERT_LEVEL_HIGH);
  return self->alert_level;
}

gboolean
sl_hotlist_get_covert (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), FALSE);
  return self->covert;
}

guint
sl_hotlist_get_tolerance (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->tolerance;
}

gboolean
sl_hotlist_get_active (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), FALSE);
  return self->active;
}

gint64
sl_hotlist_get_created_at_us (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->created_at_us;
}

gint64
sl_hotlist_get_n_pending (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->counts[0];
}

gint64
sl_hotlist_get_n_active (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->counts[1];
}

gint64
sl_hotlist_get_n_expired (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->counts[2];
}

gint64
sl_hotlist_get_n_removed (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->counts[3];
}

gint64
sl_hotlist_get_n_rejected (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->counts[4];
}

const char *
sl_hotlist_get_import_source (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->import_source;
}

const char *
sl_hotlist_get_import_time (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->import_time;
}

/* 0 when the list was never replaced by an import. */
gint64
sl_hotlist_get_last_import_at_us (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->last_import_at_us;
}

/**
 * sl_hotlist_get_last_import_summary:
 *
 * Returns: (nullable) (transfer none): what the last import that replaced
 *   the list did
 */
const SlHotlistImportSummary *
sl_hotlist_get_last_import_summary (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->last_summary;
}

/* 0 when no daily import is scheduled. */
gint64
sl_hotlist_get_next_import_at_us (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), 0);
  return self->next_import_at_us;
}

SlHotlistImportState
sl_hotlist_get_import_state (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), SL_HOTLIST_IMPORT_NEVER);
  return self->import_state;
}

/* Why the last import failed, while the state is failed; else %NULL. */
const char *
sl_hotlist_get_import_error (SlHotlist *self)
{
  g_return_val_if_fail (SL_IS_HOTLIST (self), NULL);
  return self->import_error;
}

/* The name on the wire: "general" or "specific". */
const char *
sl_hotlist_kind_to_string (SlHotlistKind kind)
{
  g_return_val_if_fail (kind <= SL_HOTLIST_KIND_SPECIFIC, NULL);
  return kind_names[kind];
}

/* The kind for a person. */
const char *
sl_hotlist_kind_get_label (SlHotlistKind kind)
{
  switch (kind)
    {
    case SL_HOTLIST_KIND_GENERAL:
      return _("General");
    case SL_HOTLIST_KIND_SPECIFIC:
      return _("Specific");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The name on the wire: "never", "ok" or "failed". */
const char *
sl_hotlist_import_state_to_string (SlHotlistImportState state)
{
  g_return_val_if_fail (state <= SL_HOTLIST_IMPORT_FAILED, NULL);
  return state_names[state];
}
