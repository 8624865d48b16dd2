#define G_LOG_DOMAIN "sl-audit-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-audit-list.h"
#include "sl-json.h"

/* One list for the Audit page and for My Activity: the records come from
 * /audit or /audit/mine a page at a time; "Load More" asks for the next
 * older page with the same filters. */

#define PAGE_SIZE 100

typedef enum
{
  COLUMN_TIME,
  COLUMN_USER,
  COLUMN_ACTION,
  COLUMN_OUTCOME,
  COLUMN_CASE,
  COLUMN_PURPOSE,
  COLUMN_PLATE,
  COLUMN_RESULTS,
} Column;

/* Prefixes (ending in '.') select a family of actions. */
static const struct
{
  const char *action;
  const char *label;
} actions[] = {
  { "search.",            N_("Searches (all)") },
  { "search.plate",       N_("Plate search") },
  { "search.track",       N_("Track of a plate") },
  { "search.multi_place", N_("Multi-place search") },
  { "search.view",        N_("Search results viewed") },
  { "search.export",      N_("Search exported") },
  { "search.refused",     N_("Search refused") },
  { "evidence.export",    N_("Evidence exported") },
  { "image.view",         N_("Image viewed") },
  { "alert.",             N_("Alerts (all)") },
  { "alert.raised",       N_("Alert raised") },
  { "alert.view",         N_("Alert viewed") },
  { "alert.state",        N_("Alert state changed") },
  { "alerts.list",        N_("Alerts listed") },
  { "alerts.subscribe",   N_("Alert stream opened") },
  { "cameras.list",       N_("Cameras listed") },
  { "session.",           N_("Sessions (all)") },
  { "session.login",      N_("Login") },
  { "session.logout",     N_("Logout") },
  { "notice.acknowledge", N_("Notice acknowledged") },
  { "user.",              N_("Accounts (all)") },
  { "user.add",           N_("Account added") },
  { "user.lock",          N_("Account locked") },
  { "user.unlock",        N_("Account unlocked") },
  { "user.update",        N_("Account changed") },
  { "user.training",      N_("Training recorded") },
  { "user.disable",       N_("Account disabled") },
  { "user.enable",        N_("Account enabled") },
  { "users.review.export", N_("Account review exported") },
  { "hotlist.import",     N_("Hot list imported") },
  { "camera.add",         N_("Camera added") },
  { "camera.token",       N_("Camera given a new token") },
  { "policy.install",     N_("Policy installed") },
  { "sharing.",           N_("Sharing (all)") },
  { "sharing.request",    N_("Sharing request entered") },
  { "sharing.decide",     N_("Sharing request decided") },
  { "sharing.disclose",   N_("Data disclosed to an agency") },
  { "sharing.package.download", N_("Sharing package downloaded") },
  { "sharing.register.export", N_("Sharing register exported") },
  { "retention.purge",    N_("Purge") },
  { "hold.",              N_("Legal holds (all)") },
  { "hold.create",        N_("Legal hold placed") },
  { "hold.renew",         N_("Legal hold renewed") },
  { "hold.release",       N_("Legal hold released") },
  { "compliance.",        N_("Compliance audits (all)") },
  { "compliance.audit.create", N_("Compliance audit drawn") },
  { "compliance.audit.review", N_("Search reviewed in an audit") },
  { "compliance.audit.close", N_("Compliance audit closed") },
  { "report.",            N_("Reports (all)") },
  { "report.transparency", N_("Transparency report") },
  { "report.surveillance", N_("Surveillance report") },
  { "report.purges",      N_("Purge report exported") },
  { "audit.",             N_("Access log (all)") },
  { "audit.read",         N_("Access log read") },
  { "audit.read_own",     N_("Own activity read") },
  { "audit.verify",       N_("Log chain verified") },
  { "audit.export",       N_("Access log exported") },
};

/* ---- the list's items ---- */

#define SL_TYPE_AUDIT_ITEM (sl_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (SlAuditItem, sl_audit_item, SL, AUDIT_ITEM, GObject)

struct _SlAuditItem
{
  GObject        parent_instance;
  SlAuditRecord *record;
};

G_DEFINE_FINAL_TYPE (SlAuditItem, sl_audit_item, G_TYPE_OBJECT)

static void
sl_audit_item_finalize (GObject *object)
{
  g_clear_pointer (&SL_AUDIT_ITEM (object)->record, sl_audit_record_free);
  G_OBJECT_CLASS (sl_audit_item_parent_class)->finalize (object);
}

static void
sl_audit_item_class_init (SlAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_audit_item_finalize;
}

static void
sl_audit_item_init (SlAuditItem *self)
{
}

/* ---- the list ---- */

/* A filter with strings of its own, to page on with. */
typedef struct
{
  SlAuditFilter  filter;
  char          *username;
  char          *action;
  char          *case_number;
  char          *plate;
} OwnedFilter;

struct _SlAuditList
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkPaned            *paned;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkStack            *list_stack;
  AdwStatusPage       *none_page;
  GtkColumnView       *column_view;
  GtkLabel            *count_label;
  GtkSpinner          *spinner;
  GtkButton           *more_button;
  GtkRevealer         *detail_revealer;
  GtkLabel            *detail_title_label;
  GtkGrid             *detail_grid;
  GtkLabel            *data_label;

  /* owned references */
  GtkColumnViewColumn *user_column;  /* in the view for the whole log only */
  SlClient            *client;
  GListStore          *items;       /* SlAuditItem, newest first */
  GtkSingleSelection  *selection;
  GCancellable        *cancellable;
  GCancellable        *policy_cancellable;
  GHashTable          *purposes;    /* code → label, from the policy */

  /* owned memory */
  OwnedFilter          filter;
  char                *error;

  SlAuditScope         scope;
  gint64               next_before;
  gint64               bad_seq;
  guint                busy : 1;
  guint                loaded : 1;
};

G_DEFINE_FINAL_TYPE (SlAuditList, sl_audit_list, GTK_TYPE_WIDGET)

/* ---- helpers ---- */

static void
owned_filter_clear (OwnedFilter *owned)
{
  g_clear_pointer (&owned->username, g_free);
  g_clear_pointer (&owned->action, g_free);
  g_clear_pointer (&owned->case_number, g_free);
  g_clear_pointer (&owned->plate, g_free);
  memset (&owned->filter, 0, sizeof owned->filter);
}

static void
owned_filter_set (OwnedFilter         *owned,
                  const SlAuditFilter *filter)
{
  owned_filter_clear (owned);
  if (filter == NULL)
    return;

  owned->filter = *filter;
  owned->filter.username = owned->username = g_strdup (filter->username);
  owned->filter.action = owned->action = g_strdup (filter->action);
  owned->filter.case_number = owned->case_number = g_strdup (filter->case_number);
  owned->filter.plate = owned->plate = g_strdup (filter->plate);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

static const char *
purpose_label (SlAuditList *self,
               const char  *code)
{
  const char *label;

  if (code == NULL)
    return NULL;
  label = self->purposes != NULL ? g_hash_table_lookup (self->purposes, code) : NULL;
  return label != NULL ? label : code;
}

/* "Locate a stolen vehicle: Grey Civic taken at gunpoint" */
static char *
describe_purpose (SlAuditList         *self,
                  const SlAuditRecord *record)
{
  const char *label = purpose_label (self, record->purpose_code);

  if (label != NULL && record->purpose_note != NULL && *record->purpose_note != '\0')
    /* Translators: a purpose, then the note that says why */
    return g_strdup_printf (_("%s: %s"), label, record->purpose_note);
  if (label != NULL)
    return g_strdup (label);
  return g_strdup (record->purpose_note);
}

static const char *
outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "ok") == 0)
    return _("Done");
  if (g_strcmp0 (outcome, "denied") == 0)
    return _("Denied");
  if (g_strcmp0 (outcome, "failed") == 0)
    return _("Failed");
  return outcome != NULL ? outcome : "";
}

static void
show_error (SlAuditList *self,
            const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
set_busy (SlAuditList *self,
          gboolean     busy)
{
  self->busy = !!busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit-list.load-more",
                                 !busy && self->next_before > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit-list.retry", !busy);
}

static void
update_footer (SlAuditList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *count = g_strdup_printf ("%'u", n);
  g_autofree char *text = NULL;

  if (!self->loaded)
    text = g_strdup (self->busy ? _("Loading the access log…") : "");
  else if (self->next_before > 0)
    /* Translators: %s is a number of access-log records */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Newest %s record shown; older ones follow",
                                         "Newest %s records shown; older ones follow", n), count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", n), count);

  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->next_before > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit-list.load-more",
                                 !self->busy && self->next_before > 0);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "records");
  else
    {
      adw_status_page_set_title (self->none_page, self->error != NULL ? _("The Access Log Could Not Be Read")
                                                  : self->loaded ? _("No Records") : _("Loading"));
      adw_status_page_set_description (self->none_page,
                                       self->loaded && self->error == NULL
                                       ? (self->scope == SL_AUDIT_SCOPE_OWN
                                          ? _("Nothing you did matches these filters.")
                                          : _("No record of the access log matches these filters."))
                                       : NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "none");
    }
}

/* ---- the detail pane ---- */

static void
add_detail (SlAuditList *self,
            int         *row,
            const char  *title,
            const char  *value,
            gboolean     monospace)
{
  GtkWidget *key;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return;

  key = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_grid_attach (self->detail_grid, key, 0, *row, 1, 1);

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_grid_attach (self->detail_grid, label, 1, *row, 1, 1);
  (*row)++;
}

static char *
pretty_data (const char *data)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (data == NULL)
    return g_strdup (_("None"));

  object = sl_json_parse_object (data, -1, NULL);
  if (object == NULL)
    return g_strdup (data);

  node = json_node_init_object (json_node_alloc (), object);
  return sl_json_to_string (node, TRUE);
}

static void
show_detail (SlAuditList         *self,
             const SlAuditRecord *record)
{
  g_autofree char *title = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *time = NULL;
  g_autofree char *who = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *count = NULL;
  g_autofree char *data = NULL;
  GtkWidget *child;
  int row = 0;

  if (record == NULL)
    {
      gtk_revealer_set_reveal_child (self->detail_revealer, FALSE);
      return;
    }

  /* Translators: an access-log record: its number and what was done */
  seq = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);
  title = g_strdup_printf (_("Record %s: %s"), seq, sl_audit_action_get_label (record->action));
  gtk_label_set_text (self->detail_title_label, title);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_grid))) != NULL)
    gtk_grid_remove (self->detail_grid, child);

  time = format_time (record->time_us);
  if (record->username != NULL && record->role != NULL)
    /* Translators: a username, then the role and the organization they acted in */
    who = g_strdup_printf (_("%s (%s, %s)"), record->username, record->role,
                           record->organization != NULL ? record->organization : "");
  else
    who = g_strdup (record->username);
  purpose = record->purpose_code != NULL ? g_strdup_printf ("%s (%s)", purpose_label (self, record->purpose_code),
                                                            record->purpose_code) : NULL;
  if (record->result_count >= 0)
    count = g_strdup_printf ("%" G_GINT64_FORMAT, record->result_count);

  add_detail (self, &row, _("Time"), time, FALSE);
  add_detail (self, &row, _("User"), who != NULL ? who : _("The service itself"), FALSE);
  add_detail (self, &row, _("Action"), record->action, TRUE);
  add_detail (self, &row, _("Outcome"), outcome_label (record->outcome), FALSE);
  add_detail (self, &row, _("Case"), record->case_number, FALSE);
  add_detail (self, &row, _("Purpose"), purpose, FALSE);
  add_detail (self, &row, _("Note"), record->purpose_note, FALSE);
  add_detail (self, &row, _("Plate"), record->plate, TRUE);
  add_detail (self, &row, _("Results"), count, FALSE);
  add_detail (self, &row, _("Address"), record->client_address, TRUE);
  add_detail (self, &row, _("Policy"), record->policy_version, FALSE);
  add_detail (self, &row, _("Hash"), record->hash, TRUE);
  add_detail (self, &row, _("Previous"), record->prev_hash, TRUE);

  data = pretty_data (record->data);
  gtk_label_set_text (self->data_label, data);
  gtk_revealer_set_reveal_child (self->detail_revealer, TRUE);
}

/* ---- loading ---- */

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlAuditList) self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next_before = 0;

  if (self->scope == SL_AUDIT_SCOPE_OWN)
    records = sl_client_query_own_audit_finish (SL_CLIENT (object), result, &next_before, &error);
  else
    records = sl_client_query_audit_finish (SL_CLIENT (object), result, &next_before, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (records == NULL)
    {
      show_error (self, error->message);
      set_busy (self, FALSE);
      update_footer (self);
      return;
    }

  show_error (self, NULL);
  self->loaded = TRUE;
  self->next_before = next_before;

  /* One items-changed for the page. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      SlAuditItem *item = g_object_new (SL_TYPE_AUDIT_ITEM, NULL);

      item->record = sl_audit_record_copy (g_ptr_array_index (records, i));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->items, g_list_model_get_n_items (G_LIST_MODEL (self->items)), 0,
                       items->pdata, items->len);

  set_busy (self, FALSE);
  update_footer (self);
}

static void
fetch (SlAuditList *self,
       gint64       before)
{
  SlAuditFilter filter = self->filter.filter;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  filter.before = before;
  if (filter.limit == 0)
    filter.limit = PAGE_SIZE;

  set_busy (self, TRUE);
  update_footer (self);
  if (self->scope == SL_AUDIT_SCOPE_OWN)
    sl_client_query_own_audit_async (self->client, &filter, self->cancellable,
                                     page_loaded_cb, g_object_ref (self));
  else
    sl_client_query_audit_async (self->client, &filter, self->cancellable,
                                 page_loaded_cb, g_object_ref (self));
}

static void
policy_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlAuditList) self = user_data;
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *purposes;

  policy = sl_client_get_policy_finish (SL_CLIENT (object), result, &error);
  if (policy == NULL)
    {
      /* Codes stand in for their labels. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No purpose labels: %s", error->message);
      return;
    }

  g_clear_pointer (&self->purposes, g_hash_table_unref);
  self->purposes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  purposes = json_object_get_array_member (policy, "purposes");
  for (guint i = 0; i < json_array_get_length (purposes); i++)
    {
      JsonObject *purpose = json_array_get_object_element (purposes, i);

      g_hash_table_replace (self->purposes,
                            g_strdup (json_object_get_string_member (purpose, "code")),
                            g_strdup (json_object_get_string_member (purpose, "label")));
    }

  /* The rows shown so far get their labels. */
  g_list_model_items_changed (G_LIST_MODEL (self->items), 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                              g_list_model_get_n_items (G_LIST_MODEL (self->items)));
  show_detail (self, sl_audit_list_get_selected_record (self));
}

/* ---- actions and callbacks ---- */

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sl_audit_list_load_more (SL_AUDIT_LIST (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlAuditList *self = SL_AUDIT_LIST (widget);

  if (self->client == NULL || self->busy)
    return;

  if (self->loaded && self->next_before > 0)
    fetch (self, self->next_before);
  else if (!self->loaded)
    fetch (self, 0);
}

static void
selection_changed_cb (SlAuditList *self)
{
  show_detail (self, sl_audit_list_get_selected_record (self));
}

/* ---- the column view ---- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_RESULTS ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_TIME || column == COLUMN_RESULTS)
    gtk_widget_add_css_class (label, "numeric");
  else if (column == COLUMN_PLATE)
    gtk_widget_add_css_class (label, "search-plate");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SlAuditList *self = g_object_get_data (G_OBJECT (factory), "audit-list");
  Column column = GPOINTER_TO_INT (user_data);
  SlAuditItem *audit_item = gtk_list_item_get_item (item);
  const SlAuditRecord *record = audit_item->record;
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  const char *tooltip = NULL;
  gboolean problem = FALSE;

  switch (column)
    {
    case COLUMN_TIME:
      text = format_time (record->time_us);
      break;
    case COLUMN_USER:
      /* Translators: who acted, for records the service writes itself (raised alerts) */
      text = g_strdup (record->username != NULL ? record->username : _("(service)"));
      break;
    case COLUMN_ACTION:
      text = g_strdup (sl_audit_action_get_label (record->action));
      tooltip = record->action;
      break;
    case COLUMN_OUTCOME:
      text = g_strdup (outcome_label (record->outcome));
      problem = g_strcmp0 (record->outcome, "ok") != 0;
      break;
    case COLUMN_CASE:
      text = g_strdup (record->case_number);
      break;
    case COLUMN_PURPOSE:
      text = describe_purpose (self, record);
      tooltip = text;
      break;
    case COLUMN_PLATE:
      text = g_strdup (record->plate);
      break;
    case COLUMN_RESULTS:
      text = record->result_count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, record->result_count) : NULL;
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, tooltip);

  /* A refused access, and the record where the chain breaks, stand out. */
  if (problem || (self->bad_seq > 0 && record->seq == self->bad_seq))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static GtkColumnViewColumn *
add_column (SlAuditList *self,
            Column       column,
            const char  *title,
            int          width,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "audit-list", self);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
  return view_column;
}

/* ---- overrides ---- */

static void
sl_audit_list_dispose (GObject *object)
{
  SlAuditList *self = SL_AUDIT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->policy_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUDIT_LIST);

  g_clear_object (&self->selection);
  g_clear_object (&self->items);
  g_clear_object (&self->client);
  g_clear_object (&self->user_column);

  G_OBJECT_CLASS (sl_audit_list_parent_class)->dispose (object);
}

static void
sl_audit_list_finalize (GObject *object)
{
  SlAuditList *self = SL_AUDIT_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->policy_cancellable);
  g_clear_pointer (&self->purposes, g_hash_table_unref);
  owned_filter_clear (&self->filter);
  g_free (self->error);

  G_OBJECT_CLASS (sl_audit_list_parent_class)->finalize (object);
}

static void
sl_audit_list_class_init (SlAuditListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_audit_list_dispose;
  object_class->finalize = sl_audit_list_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-audit-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, paned);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, none_page);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, more_button);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, detail_title_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, detail_grid);
  gtk_widget_class_bind_template_child (widget_class, SlAuditList, data_label);

  gtk_widget_class_install_action (widget_class, "audit-list.load-more", NULL, load_more_action);
  gtk_widget_class_install_action (widget_class, "audit-list.retry", NULL, retry_action);

  gtk_widget_class_set_css_name (widget_class, "auditlist");
}

static void
sl_audit_list_init (SlAuditList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (SL_TYPE_AUDIT_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COLUMN_TIME, _("Time"), 150, FALSE);
  self->user_column = g_object_ref (add_column (self, COLUMN_USER, _("User"), 90, FALSE));
  add_column (self, COLUMN_ACTION, _("Action"), 160, FALSE);
  add_column (self, COLUMN_OUTCOME, _("Outcome"), 72, FALSE);
  add_column (self, COLUMN_CASE, _("Case"), 96, FALSE);
  add_column (self, COLUMN_PURPOSE, _("Purpose"), 200, TRUE);
  add_column (self, COLUMN_PLATE, _("Plate"), 84, FALSE);
  add_column (self, COLUMN_RESULTS, _("Results"), 64, FALSE);

  set_busy (self, FALSE);
  update_footer (self);
}

/* ---- public API ---- */

GtkWidget *
sl_audit_list_new (void)
{
  return g_object_new (SL_TYPE_AUDIT_LIST, NULL);
}

/**
 * sl_audit_list_set_client:
 *
 * The list reads through @client; the purposes' labels come from its policy.
 */
void
sl_audit_list_set_client (SlAuditList *self,
                          SlClient    *client)
{
  g_return_if_fail (SL_IS_AUDIT_LIST (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_cancellable_cancel (self->policy_cancellable);
  g_clear_object (&self->policy_cancellable);
  if (client == NULL)
    return;

  self->policy_cancellable = g_cancellable_new ();
  sl_client_get_policy_async (client, self->policy_cancellable, policy_loaded_cb, g_object_ref (self));
}

SlAuditScope
sl_audit_list_get_scope (SlAuditList *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), SL_AUDIT_SCOPE_ALL);
  return self->scope;
}

/**
 * sl_audit_list_set_scope:
 *
 * The whole log, or the user's own records, which need no user column.
 */
void
sl_audit_list_set_scope (SlAuditList  *self,
                         SlAuditScope  scope)
{
  g_return_if_fail (SL_IS_AUDIT_LIST (self));

  if (self->scope == scope)
    return;

  /* Removed, not hidden: a hidden column keeps its width in GTK 4.8. */
  self->scope = scope;
  if (scope == SL_AUDIT_SCOPE_OWN)
    gtk_column_view_remove_column (self->column_view, self->user_column);
  else
    gtk_column_view_insert_column (self->column_view, 1, self->user_column);
}

/**
 * sl_audit_list_load:
 * @filter: (nullable): which records; its @before is not used
 *
 * Replaces the rows with the newest page of records @filter selects.
 */
void
sl_audit_list_load (SlAuditList         *self,
                    const SlAuditFilter *filter)
{
  g_return_if_fail (SL_IS_AUDIT_LIST (self));

  if (self->client == NULL)
    return;

  owned_filter_set (&self->filter, filter);
  sl_audit_list_clear (self);
  fetch (self, 0);
}

/**
 * sl_audit_list_load_more:
 *
 * Appends the next older page, when there is one.
 */
void
sl_audit_list_load_more (SlAuditList *self)
{
  g_return_if_fail (SL_IS_AUDIT_LIST (self));

  if (self->client == NULL || self->busy || self->next_before <= 0)
    return;

  fetch (self, self->next_before);
}

void
sl_audit_list_clear (SlAuditList *self)
{
  g_return_if_fail (SL_IS_AUDIT_LIST (self));

  g_cancellable_cancel (self->cancellable);
  self->loaded = FALSE;
  self->next_before = 0;
  g_list_store_remove_all (self->items);
  show_error (self, NULL);
  set_busy (self, FALSE);
  update_footer (self);
}

/**
 * sl_audit_list_set_bad_seq:
 * @seq: the record where the chain breaks, or 0
 */
void
sl_audit_list_set_bad_seq (SlAuditList *self,
                           gint64       seq)
{
  guint n;

  g_return_if_fail (SL_IS_AUDIT_LIST (self));

  if (self->bad_seq == seq)
    return;

  self->bad_seq = seq;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_list_model_items_changed (G_LIST_MODEL (self->items), 0, n, n);
}

guint
sl_audit_list_get_n_records (SlAuditList *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

/**
 * sl_audit_list_get_record:
 *
 * Returns: (nullable) (transfer none): the record in row @position
 */
const SlAuditRecord *
sl_audit_list_get_record (SlAuditList *self,
                          guint        position)
{
  g_autoptr(SlAuditItem) item = NULL;

  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  return item != NULL ? item->record : NULL;
}

gboolean
sl_audit_list_select_row (SlAuditList *self,
                          guint        position)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->items)))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * sl_audit_list_get_selected_record:
 *
 * Returns: (nullable) (transfer none): the record the detail pane shows
 */
const SlAuditRecord *
sl_audit_list_get_selected_record (SlAuditList *self)
{
  SlAuditItem *item;

  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? item->record : NULL;
}

gboolean
sl_audit_list_has_more (SlAuditList *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), FALSE);
  return self->next_before > 0;
}

gboolean
sl_audit_list_is_busy (SlAuditList *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), FALSE);
  return self->busy;
}

/**
 * sl_audit_list_get_error:
 *
 * Returns: (nullable): why the last page could not be read
 */
const char *
sl_audit_list_get_error (SlAuditList *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_LIST (self), NULL);
  return self->error;
}

guint
sl_audit_actions_get_n (void)
{
  return G_N_ELEMENTS (actions);
}

/**
 * sl_audit_actions_get_action:
 *
 * Returns: the @index-th action the service logs, or a prefix such as
 *   "search." that selects a family of them
 */
const char *
sl_audit_actions_get_action (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (actions), NULL);
  return actions[index].action;
}

/**
 * sl_audit_action_get_label:
 *
 * Returns: what @action means, translated; an unknown action as it is
 */
const char *
sl_audit_action_get_label (const char *action)
{
  if (action == NULL)
    return "";

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].action, action))
      return _(actions[i].label);

  return action;
}
