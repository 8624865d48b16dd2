#define G_LOG_DOMAIN "sl-hotlists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-alert-view-state.h"
#include "sl-clock.h"
#include "sl-hotlist-view-state.h"
#include "sl-hotlists-page.h"
#include "sl-json.h"

typedef enum
{
  COLUMN_PLATE,
  COLUMN_REGION,
  COLUMN_REASON,
  COLUMN_CASE,
  COLUMN_STATUS,
  COLUMN_EXPIRES,
  COLUMN_AUTHOR,
} Column;

/* The status dropdown's items, in order; NULL is every status. */
static const char * const status_filters[] = { NULL, "active", "pending", "expired", "removed", "rejected" };

/* Who decides proposals (DESIGN.md section 1). */
#define APPROVER_ROLES (SL_ROLE_SUPERVISOR | SL_ROLE_ADMINISTRATOR)

struct _SlHotlistsPage
{
  GtkWidget              parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkWidget             *switcher_bar;
  AdwViewStack          *view_stack;
  AdwViewStackPage      *approvals_page;
  GtkSpinner            *lists_spinner;
  GtkWidget             *new_list_button;
  GtkListBox            *lists_box;
  GtkLabel              *lists_error_label;
  GtkStack              *entries_stack;
  GtkLabel              *list_title_label;
  GtkLabel              *list_subtitle_label;
  GtkProgressBar        *export_progress;
  GtkWidget             *settings_button;
  GtkWidget             *export_button;
  GtkWidget             *import_button;
  GtkWidget             *new_entry_button;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *status_dropdown;
  GtkDropDown           *order_dropdown;
  GtkLabel              *count_label;
  GtkSpinner            *entries_spinner;
  GtkLabel              *entries_error_label;
  GtkStack              *table_stack;
  AdwStatusPage         *empty_page;
  GtkScrolledWindow     *entries_scroller;
  GtkColumnView         *column_view;
  GtkRevealer           *detail_revealer;
  GtkLabel              *detail_plate_label;
  GtkLabel              *detail_status_label;
  GtkLabel              *detail_match_label;
  GtkWidget             *edit_button;
  GtkWidget             *renew_button;
  GtkWidget             *remove_button;
  AdwActionRow          *reason_detail_row;
  AdwActionRow          *case_detail_row;
  AdwActionRow          *synopsis_detail_row;
  AdwActionRow          *vehicle_detail_row;
  AdwActionRow          *expiry_detail_row;
  AdwActionRow          *author_detail_row;
  AdwActionRow          *approver_detail_row;
  GtkWidget             *pending_group;
  GtkGrid               *pending_grid;
  GtkSpinner            *history_spinner;
  GtkListBox            *history_box;
  GtkSpinner            *approvals_spinner;
  GtkStack              *approvals_list_stack;
  GtkListBox            *approvals_box;
  GtkStack              *approval_stack;
  GtkLabel              *approval_title_label;
  GtkLabel              *approval_subtitle_label;
  GtkLabel              *approval_kind_label;
  GtkGrid               *diff_grid;
  AdwEntryRow           *approve_note_row;
  GtkLabel              *approval_error_label;

  /* borrowed: the dialogs destroy themselves */
  SlHotlistEntryDialog  *entry_dialog;
  SlHotlistImportDialog *import_dialog;
  SlHotlistListDialog   *list_dialog;
  AdwMessageDialog      *message_dialog;

  /* owned references */
  SlClient              *client;
  SlSession             *session;
  SlPolicy              *policy;
  GPtrArray             *lists;          /* SlHotlist, as the sidebar shows them */
  SlHotlist             *list;           /* the one chosen */
  GListStore            *entries;        /* SlHotlistEntry, the pages loaded so far */
  GtkSingleSelection    *selection;
  SlHotlistEntry        *detail;         /* the selected entry with its versions */
  GPtrArray             *approvals;      /* SlHotlistApproval */
  GCancellable          *setup_cancellable;
  GCancellable          *lists_cancellable;
  GCancellable          *entries_cancellable;
  GCancellable          *detail_cancellable;
  GCancellable          *approvals_cancellable;
  GCancellable          *action_cancellable;
  GCancellable          *export_cancellable;
  char                  *error;

  gint64                 want_list_id;   /* to choose once the lists load */
  gint64                 want_entry_id;  /* to select once the entries load */
  gint64                 next_offset;
  guint                  total;
  guint                  loading_lists : 1;
  guint                  loading_entries : 1;
  guint                  loading_more : 1;
  guint                  loading_detail : 1;
  guint                  loading_approvals : 1;
  guint                  acting : 1;
};

G_DEFINE_FINAL_TYPE (SlHotlistsPage, sl_hotlists_page, GTK_TYPE_WIDGET)

static void load_entries (SlHotlistsPage *self,
                          gboolean        more);

/* ---- helpers ---- */

static void
toast (SlHotlistsPage *self,
       const char     *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_error (SlHotlistsPage *self,
           GtkLabel       *label,
           const char     *message)
{
  if (message != NULL)
    {
      g_free (self->error);
      self->error = g_strdup (message);
    }
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
renew_cancellable (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static SlRoles
roles (SlHotlistsPage *self)
{
  return self->session != NULL ? sl_session_get_roles (self->session) : 0;
}

static gboolean
is_administrator (SlHotlistsPage *self)
{
  return (roles (self) & SL_ROLE_ADMINISTRATOR) != 0;
}

static gboolean
is_approver (SlHotlistsPage *self)
{
  return (roles (self) & APPROVER_ROLES) != 0;
}

static GtkWindow *
parent_window (SlHotlistsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
is_general (SlHotlist *list)
{
  return list != NULL && sl_hotlist_get_kind (list) == SL_HOTLIST_KIND_GENERAL;
}

/* The author, their supervisor or an administrator may change an entry
 * while it is pending or active; the service decides who is whose. */
static gboolean
can_change (SlHotlistsPage *self,
            SlHotlistEntry *entry)
{
  SlHotlistEntryStatus status;

  if (entry == NULL || self->session == NULL || is_general (self->list))
    return FALSE;

  status = sl_hotlist_entry_get_status (entry);
  if (status != SL_HOTLIST_ENTRY_STATUS_PENDING && status != SL_HOTLIST_ENTRY_STATUS_ACTIVE)
    return FALSE;

  return is_approver (self) ||
         g_strcmp0 (sl_hotlist_entry_get_entered_by (entry), sl_session_get_username (self->session)) == 0;
}

static void
show_action (SlHotlistsPage *self,
             GtkWidget      *button,
             const char     *action,
             gboolean        allowed)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, allowed);
  gtk_widget_set_visible (button, allowed);
}

static void
update_actions (SlHotlistsPage *self)
{
  SlHotlistEntry *entry = sl_hotlists_page_get_selected_entry (self);
  gboolean admin = is_administrator (self);
  gboolean changeable = can_change (self, entry) && !self->acting;
  gboolean active = entry != NULL && sl_hotlist_entry_get_status (entry) == SL_HOTLIST_ENTRY_STATUS_ACTIVE;
  gboolean deciding = sl_hotlists_page_get_selected_approval (self) != NULL && !self->acting;

  show_action (self, self->new_list_button, "hotlists.new-list", admin);
  show_action (self, self->settings_button, "hotlists.list-settings", admin && self->list != NULL);
  show_action (self, self->import_button, "hotlists.import", admin && is_general (self->list));
  show_action (self, self->export_button, "hotlists.export", admin && self->list != NULL);
  show_action (self, self->new_entry_button, "hotlists.new-entry",
               self->list != NULL && !is_general (self->list) && self->session != NULL);
  gtk_widget_set_sensitive (self->new_entry_button, self->policy != NULL);

  show_action (self, self->edit_button, "hotlists.edit-entry", changeable && self->policy != NULL);
  show_action (self, self->renew_button, "hotlists.renew-entry", changeable && active && self->policy != NULL);
  show_action (self, self->remove_button, "hotlists.remove-entry", changeable);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.approve", deciding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.reject", deciding);
}

static void
update_busy (SlHotlistsPage *self)
{
  gboolean lists = self->loading_lists;
  gboolean entries = self->loading_entries || self->loading_more;

  gtk_widget_set_visible (GTK_WIDGET (self->lists_spinner), lists);
  gtk_spinner_set_spinning (self->lists_spinner, lists);
  gtk_widget_set_visible (GTK_WIDGET (self->entries_spinner), entries);
  gtk_spinner_set_spinning (self->entries_spinner, entries);
  gtk_widget_set_visible (GTK_WIDGET (self->history_spinner), self->loading_detail);
  gtk_spinner_set_spinning (self->history_spinner, self->loading_detail);
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_spinner), self->loading_approvals);
  gtk_spinner_set_spinning (self->approvals_spinner, self->loading_approvals);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us <= 0 || (time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC)) == NULL)
    return g_strdup ("—");
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static char *
describe_vehicle (const SlHotlistEntryFields *fields)
{
  const char *parts[] = { fields->color, fields->make, fields->model };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", parts[i]);

  if (text->len == 0)
    g_string_append (text, _("Not described"));
  return g_string_free (text, FALSE);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else if (GTK_IS_GRID (box))
        gtk_grid_remove (GTK_GRID (box), child);
      else
        gtk_widget_unparent (child);
    }
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A proposal beside the version in force: changed fields old → new. */
static void
fill_diff (SlHotlistsPage             *self,
           GtkGrid                    *grid,
           const SlHotlistEntryFields *active,
           const SlHotlistEntryFields *proposed)
{
  g_autoptr(GPtrArray) rows = sl_hotlist_diff_fields (active, proposed, self->policy);
  int top = 0;

  clear_box (GTK_WIDGET (grid));

  if (active != NULL)
    {
      gtk_grid_attach (grid, grid_label (_("In force"), "dim-label"), 1, top, 1, 1);
      gtk_grid_attach (grid, grid_label (_("Proposed"), "dim-label"), 3, top, 1, 1);
      top++;
    }

  for (guint i = 0; i < rows->len; i++, top++)
    {
      SlHotlistDiffRow *row = g_ptr_array_index (rows, i);
      GtkWidget *field = grid_label (row->label, "hotlist-diff-field");

      gtk_widget_set_valign (field, GTK_ALIGN_START);
      gtk_grid_attach (grid, field, 0, top, 1, 1);
      if (active == NULL)
        {
          GtkWidget *value = grid_label (row->new_value, NULL);

          gtk_widget_set_hexpand (value, TRUE);
          gtk_grid_attach (grid, value, 1, top, 3, 1);
          continue;
        }

      if (row->changed)
        {
          GtkWidget *old_value = grid_label (row->old_value, "hotlist-diff-old");
          GtkWidget *new_value = grid_label (row->new_value, "hotlist-diff-new");

          gtk_widget_set_hexpand (old_value, TRUE);
          gtk_widget_set_hexpand (new_value, TRUE);
          gtk_widget_add_css_class (field, "hotlist-diff-changed");
          gtk_grid_attach (grid, old_value, 1, top, 1, 1);
          gtk_grid_attach (grid, grid_label ("→", "hotlist-diff-arrow"), 2, top, 1, 1);
          gtk_grid_attach (grid, new_value, 3, top, 1, 1);
        }
      else
        {
          GtkWidget *same = grid_label (row->new_value, "dim-label");

          gtk_widget_set_hexpand (same, TRUE);
          gtk_grid_attach (grid, same, 1, top, 3, 1);
        }
    }
}

/* ---- the sidebar ---- */

static GtkWidget *
caption (const char *text,
         const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
describe_list (SlHotlist *list)
{
  GString *text = g_string_new (sl_hotlist_kind_get_label (sl_hotlist_get_kind (list)));
  const char *source = sl_hotlist_get_source (list);

  if (source != NULL && *source != '\0')
    g_string_append_printf (text, " · %s", source);
  /* Translators: a hot list's priority, 0 first */
  g_string_append_printf (text, _(" · priority %d"), sl_hotlist_get_priority (list));
  if (sl_hotlist_get_covert (list))
    g_string_append_printf (text, " · %s", _("covert"));
  if (!sl_hotlist_get_active (list))
    g_string_append_printf (text, " · %s", _("inactive"));
  return g_string_free (text, FALSE);
}

static GtkWidget *
list_row_new (SlHotlist *list,
              gint64     now_us)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (sl_hotlist_get_name (list));
  g_autofree char *kind = describe_list (list);
  g_autofree char *counts = sl_hotlist_describe_counts (list);
  g_autofree char *import = sl_hotlist_describe_import (list, now_us);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), caption (kind, "dim-label"));
  gtk_box_append (GTK_BOX (box), caption (counts, "hotlist-counts"));
  if (import != NULL)
    gtk_box_append (GTK_BOX (box),
                    caption (import, sl_hotlist_get_import_state (list) == SL_HOTLIST_IMPORT_FAILED
                                     ? "error" : "dim-label"));
  if (sl_hotlist_get_n_pending (list) > 0)
    gtk_widget_add_css_class (row, "hotlist-has-pending");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "hotlist", g_object_ref (list), g_object_unref);
  return row;
}

static void
show_list_header (SlHotlistsPage *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *import = NULL;

  if (self->list == NULL)
    return;

  counts = sl_hotlist_describe_counts (self->list);
  import = sl_hotlist_describe_import (self->list, g_get_real_time ());
  subtitle = g_strdup_printf ("%s%s%s", counts, import != NULL ? " · " : "", import != NULL ? import : "");
  gtk_label_set_text (self->list_title_label, sl_hotlist_get_name (self->list));
  gtk_label_set_text (self->list_subtitle_label, subtitle);
}

static void
lists_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();
  gint64 want = self->want_list_id;
  GtkListBoxRow *chosen = NULL;
  GtkWidget *child;

  lists = sl_client_list_hotlists_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_lists = FALSE;
  update_busy (self);
  if (lists == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The hot lists could not be loaded: %s"), error->message);

      set_error (self, self->lists_error_label, message);
      return;
    }
  set_error (self, self->lists_error_label, NULL);

  g_clear_pointer (&self->lists, g_ptr_array_unref);
  self->lists = g_steal_pointer (&lists);

  g_signal_handlers_block_matched (self->lists_box, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lists_box))) != NULL)
    gtk_list_box_remove (self->lists_box, child);
  for (guint i = 0; i < self->lists->len; i++)
    {
      SlHotlist *list = g_ptr_array_index (self->lists, i);
      GtkWidget *row = list_row_new (list, now_us);

      gtk_list_box_append (self->lists_box, row);
      if (sl_hotlist_get_id (list) == want)
        chosen = GTK_LIST_BOX_ROW (row);
    }
  g_signal_handlers_unblock_matched (self->lists_box, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  /* The list in view stays; its counts and state are new. */
  if (chosen == NULL && self->lists->len > 0)
    chosen = gtk_list_box_get_row_at_index (self->lists_box, 0);
  self->want_list_id = 0;
  if (chosen != NULL)
    gtk_list_box_select_row (self->lists_box, chosen);
  else
    {
      g_clear_object (&self->list);
      g_list_store_remove_all (self->entries);
      gtk_stack_set_visible_child_name (self->entries_stack, "none");
      update_actions (self);
    }
}

static void
load_lists (SlHotlistsPage *self)
{
  if (self->client == NULL || self->session == NULL)
    return;

  if (self->want_list_id == 0 && self->list != NULL)
    self->want_list_id = sl_hotlist_get_id (self->list);

  renew_cancellable (&self->lists_cancellable);
  self->loading_lists = TRUE;
  update_busy (self);
  sl_client_list_hotlists_async (self->client, self->lists_cancellable, lists_loaded_cb, g_object_ref (self));
}

/* ---- entries ---- */

static const char *
selected_status (SlHotlistsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  return selected < G_N_ELEMENTS (status_filters) ? status_filters[selected] : NULL;
}

static SlHotlistEntryOrder
selected_order (SlHotlistsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->order_dropdown);

  return selected <= SL_HOTLIST_ENTRY_ORDER_STATUS ? (SlHotlistEntryOrder) selected
                                                   : SL_HOTLIST_ENTRY_ORDER_PLATE;
}

static void
update_count (SlHotlistsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean filtered = *query != '\0' || selected_status (self) != NULL;
  g_autofree char *text = NULL;

  if (shown < self->total)
    /* Translators: entries loaded so far of all the filter selects */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u entry", "%u of %u entries", self->total),
                            shown, self->total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", self->total), self->total);
  gtk_label_set_text (self->count_label, text);

  gtk_stack_set_visible_child_name (self->table_stack, shown > 0 ? "table" : "empty");
  if (filtered)
    adw_status_page_set_description (self->empty_page, _("No entry matches the search."));
  else if (is_general (self->list))
    adw_status_page_set_description (self->empty_page, _("The list is empty until a file is imported."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Nobody has entered a plate yet. Propose one with New Entry."));
}

static void
entries_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(SlHotlistEntryPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = self->loading_more;
  guint position;

  page = sl_client_list_hotlist_entries_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_entries = FALSE;
  self->loading_more = FALSE;
  update_busy (self);

  if (page == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The entries could not be loaded: %s"), error->message);

      set_error (self, self->entries_error_label, message);
      return;
    }
  set_error (self, self->entries_error_label, NULL);

  /* One change per page: a first page replaces, the next ones append. */
  position = more ? g_list_model_get_n_items (G_LIST_MODEL (self->entries)) : 0;
  g_list_store_splice (self->entries, position,
                       more ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       page->entries->pdata, page->entries->len);
  self->total = page->total;
  self->next_offset = page->next_offset;
  update_count (self);

  if (self->want_entry_id != 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->entries)); i++)
        {
          g_autoptr(SlHotlistEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

          if (sl_hotlist_entry_get_id (entry) == self->want_entry_id)
            {
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
      self->want_entry_id = 0;
    }
  update_actions (self);
}

static void
load_entries (SlHotlistsPage *self,
              gboolean        more)
{
  SlHotlistEntryFilter filter = {
    .status = selected_status (self),
    .query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
    .order = selected_order (self),
    .offset = 0,
    .limit = SL_HOTLIST_ENTRY_PAGE_SIZE,
  };

  if (self->client == NULL || self->list == NULL)
    return;
  if (more && (self->next_offset < 0 || self->loading_entries || self->loading_more))
    return;

  if (more)
    filter.offset = (guint) self->next_offset;
  else
    {
      SlHotlistEntry *selected = sl_hotlists_page_get_selected_entry (self);

      if (selected != NULL && self->want_entry_id == 0)
        self->want_entry_id = sl_hotlist_entry_get_id (selected);
    }
  if (*filter.query == '\0')
    filter.query = NULL;

  renew_cancellable (&self->entries_cancellable);
  self->loading_entries = !more;
  self->loading_more = more;
  update_busy (self);
  sl_client_list_hotlist_entries_async (self->client, sl_hotlist_get_id (self->list), &filter,
                                        self->entries_cancellable, entries_loaded_cb, g_object_ref (self));
}

static void
scrolled_cb (SlHotlistsPage *self,
             GtkAdjustment  *adjustment)
{
  double left = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) -
                gtk_adjustment_get_page_size (adjustment);

  /* The next page comes before the last rows are in view. */
  if (left < 2 * gtk_adjustment_get_page_size (adjustment))
    load_entries (self, TRUE);
}

/* ---- the detail of an entry ---- */

static GtkWidget *
version_row_new (SlHotlistsPage   *self,
                 SlHotlistVersion *version)
{
  GtkWidget *row = adw_action_row_new ();
  const char * const *changed = sl_hotlist_version_get_changed (version);
  g_autofree char *title = NULL;
  g_autofree char *created = format_time (sl_hotlist_version_get_created_at_us (version));
  GString *subtitle = g_string_new (NULL);

  /* Translators: a version of an entry: its number and status, e.g. "Version 2 · Approved" */
  title = g_strdup_printf (_("Version %u · %s"), sl_hotlist_version_get_version (version),
                           sl_hotlist_version_status_get_label (sl_hotlist_version_get_status (version)));
  /* Translators: who proposed a version of an entry, and when */
  g_string_append_printf (subtitle, _("Proposed by %s, %s"), sl_hotlist_version_get_author (version), created);

  if (sl_hotlist_version_get_version (version) > 1 && changed != NULL && changed[0] != NULL)
    {
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, _("Changed: "));
      for (guint i = 0; changed[i] != NULL; i++)
        g_string_append_printf (subtitle, "%s%s", i > 0 ? ", " : "", sl_hotlist_field_label (changed[i]));
    }

  if (sl_hotlist_version_get_decided_by (version) != NULL)
    {
      g_autofree char *decided = format_time (sl_hotlist_version_get_decided_at_us (version));
      const char *note = sl_hotlist_version_get_decision_note (version);

      g_string_append_c (subtitle, '\n');
      /* Translators: who approved or rejected a version, and when */
      g_string_append_printf (subtitle, _("Decided by %s, %s"), sl_hotlist_version_get_decided_by (version), decided);
      if (note != NULL && *note != '\0')
        g_string_append_printf (subtitle, ": “%s”", note);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "hotlist-version");
  gtk_widget_add_css_class (row, sl_hotlist_version_status_to_string (sl_hotlist_version_get_status (version)));
  g_string_free (subtitle, TRUE);
  return row;
}

static void
show_versions (SlHotlistsPage *self)
{
  GListModel *versions;
  SlHotlistVersion *pending;

  clear_box (GTK_WIDGET (self->history_box));
  if (self->detail == NULL || !sl_hotlist_entry_has_versions (self->detail))
    return;

  /* Newest first. */
  versions = sl_hotlist_entry_get_versions (self->detail);
  for (guint i = g_list_model_get_n_items (versions); i > 0; i--)
    {
      g_autoptr(SlHotlistVersion) version = g_list_model_get_item (versions, i - 1);

      gtk_list_box_append (self->history_box, version_row_new (self, version));
    }

  pending = sl_hotlist_entry_get_pending_update (self->detail);
  gtk_widget_set_visible (self->pending_group, pending != NULL);
  if (pending != NULL)
    fill_diff (self, self->pending_grid, sl_hotlist_entry_get_fields (self->detail),
               sl_hotlist_version_get_fields (pending));
}

static void
detail_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = sl_client_get_hotlist_entry_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_detail = FALSE;
  update_busy (self);
  if (entry == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The history of the entry could not be loaded: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }

  g_set_object (&self->detail, entry);
  show_versions (self);
}

static void
show_detail (SlHotlistsPage *self,
             SlHotlistEntry *entry)
{
  const SlHotlistEntryFields *fields;
  const char *status;
  g_autofree char *match = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *author = NULL;
  g_autofree char *approver = NULL;
  gint64 now_us = g_get_real_time ();

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail);
  gtk_revealer_set_reveal_child (self->detail_revealer, entry != NULL);
  update_actions (self);
  if (entry == NULL)
    return;

  fields = sl_hotlist_entry_get_fields (entry);
  status = sl_hotlist_entry_status_to_string (sl_hotlist_entry_get_status (entry));
  gtk_label_set_text (self->detail_plate_label, sl_hotlist_entry_get_plate (entry));
  gtk_label_set_text (self->detail_status_label, sl_hotlist_entry_get_status_label (entry));
  for (guint i = 1; i < G_N_ELEMENTS (status_filters); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status_label), status_filters[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_status_label), status);

  if (sl_hotlist_entry_get_is_pattern (entry))
    {
      g_autofree char *description = sl_hotlist_describe_pattern (sl_hotlist_entry_get_plate (entry));

      /* Translators: %s says what a pattern matches, e.g. "starts with 7AB" */
      match = g_strdup_printf (_("Pattern: %s"), description);
    }
  else
    match = g_strdup (_("Exact plate"));
  if (*sl_hotlist_entry_get_region (entry) != '\0')
    {
      g_autofree char *with_region = g_strdup_printf ("%s · %s", match, sl_hotlist_entry_get_region (entry));

      g_free (match);
      match = g_steal_pointer (&with_region);
    }
  gtk_label_set_text (self->detail_match_label, match);

  adw_action_row_set_subtitle (self->reason_detail_row, sl_hotlist_entry_get_reason_label (entry));
  adw_action_row_set_subtitle (self->case_detail_row, sl_hotlist_entry_get_case_number (entry));
  adw_action_row_set_subtitle (self->synopsis_detail_row, sl_hotlist_entry_get_synopsis (entry));
  vehicle = describe_vehicle (fields);
  adw_action_row_set_subtitle (self->vehicle_detail_row, vehicle);
  expiry = sl_hotlist_format_expiry (sl_hotlist_entry_get_expires_at_us (entry), now_us);
  adw_action_row_set_subtitle (self->expiry_detail_row, expiry);
  if (sl_hotlist_expires_soon (sl_hotlist_entry_get_expires_at_us (entry), now_us))
    gtk_widget_add_css_class (GTK_WIDGET (self->expiry_detail_row), "hotlist-expires-soon");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_detail_row), "hotlist-expires-soon");

  {
    g_autofree char *created = format_time (sl_hotlist_entry_get_created_at_us (entry));
    const char *name = sl_hotlist_entry_get_entered_by_name (entry);

    /* Translators: who entered an entry (name and username), and when */
    author = g_strdup_printf (_("%s (%s), %s"), name != NULL && *name != '\0' ? name : sl_hotlist_entry_get_entered_by (entry),
                              sl_hotlist_entry_get_entered_by (entry), created);
  }
  adw_action_row_set_subtitle (self->author_detail_row, author);
  if (sl_hotlist_entry_get_approved_by (entry) != NULL)
    {
      g_autofree char *approved = format_time (sl_hotlist_entry_get_approved_at_us (entry));

      approver = g_strdup_printf ("%s, %s", sl_hotlist_entry_get_approved_by (entry), approved);
    }
  adw_action_row_set_subtitle (self->approver_detail_row, approver != NULL ? approver : _("Not yet approved"));

  gtk_widget_set_visible (self->pending_group, FALSE);
  clear_box (GTK_WIDGET (self->history_box));

  if (self->client == NULL)
    return;
  renew_cancellable (&self->detail_cancellable);
  self->loading_detail = TRUE;
  update_busy (self);
  sl_client_get_hotlist_entry_async (self->client, sl_hotlist_entry_get_id (entry), self->detail_cancellable,
                                     detail_loaded_cb, g_object_ref (self));
}

static void
selection_changed_cb (SlHotlistsPage *self)
{
  show_detail (self, sl_hotlists_page_get_selected_entry (self));
}

/* ---- approvals ---- */

static GtkWidget *
approval_row_new (SlHotlistApproval *approval)
{
  SlHotlistEntry *entry = sl_hotlist_approval_get_entry (approval);
  SlHotlistVersion *version = sl_hotlist_approval_get_version (approval);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *plate = gtk_label_new (sl_hotlist_entry_get_plate (entry));
  g_autofree char *what = NULL;
  g_autofree char *when = format_time (sl_hotlist_version_get_created_at_us (version));
  const char *name = sl_hotlist_entry_get_entered_by_name (entry);

  if (sl_hotlist_approval_is_update (approval))
    {
      const char *author = sl_hotlist_version_get_author (version);

      /* The entry names its author in full; another author by username. */
      if (g_strcmp0 (author, sl_hotlist_entry_get_entered_by (entry)) == 0 && name != NULL && *name != '\0')
        author = name;
      /* Translators: an update in the approval queue, by whom */
      what = g_strdup_printf (_("Update by %s"), author);
    }
  else
    /* Translators: a new entry in the approval queue, by whom */
    what = g_strdup_printf (_("New entry by %s"), name != NULL && *name != '\0' ? name
                            : sl_hotlist_entry_get_entered_by (entry));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (plate), 0);
  gtk_widget_add_css_class (plate, "hotlist-plate");
  gtk_box_append (GTK_BOX (box), plate);
  gtk_box_append (GTK_BOX (box), caption (what, NULL));
  {
    g_autofree char *where = g_strdup_printf ("%s · %s", sl_hotlist_entry_get_list_name (entry), when);

    gtk_box_append (GTK_BOX (box), caption (where, "dim-label"));
  }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "approval", g_object_ref (approval), g_object_unref);
  return row;
}

static void
show_approval (SlHotlistsPage    *self,
               SlHotlistApproval *approval)
{
  SlHotlistEntry *entry;
  SlHotlistVersion *version;
  SlHotlistVersion *active;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;

  set_error (self, self->approval_error_label, NULL);
  update_actions (self);
  if (approval == NULL)
    {
      gtk_stack_set_visible_child_name (self->approval_stack, "none");
      return;
    }

  entry = sl_hotlist_approval_get_entry (approval);
  version = sl_hotlist_approval_get_version (approval);
  active = sl_hotlist_approval_get_active (approval);
  when = format_time (sl_hotlist_version_get_created_at_us (version));

  gtk_label_set_text (self->approval_title_label, sl_hotlist_entry_get_plate (entry));
  /* Translators: a proposal's list, author and time */
  subtitle = g_strdup_printf (_("%s · proposed by %s, %s"), sl_hotlist_entry_get_list_name (entry),
                              sl_hotlist_version_get_author (version), when);
  gtk_label_set_text (self->approval_subtitle_label, subtitle);

  if (active != NULL && sl_hotlist_approval_is_update (approval))
    {
      g_autoptr(GPtrArray) rows = sl_hotlist_diff_fields (sl_hotlist_version_get_fields (active),
                                                          sl_hotlist_version_get_fields (version),
                                                          self->policy);
      guint n = sl_hotlist_diff_count_changed (rows);
      /* Translators: %u is how many fields an update changes */
      g_autofree char *kind = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "An update of the entry in force: %u field changes.",
                                                            "An update of the entry in force: %u fields change.", n), n);

      gtk_label_set_text (self->approval_kind_label, kind);
      fill_diff (self, self->diff_grid, sl_hotlist_version_get_fields (active), sl_hotlist_version_get_fields (version));
    }
  else
    {
      gtk_label_set_text (self->approval_kind_label,
                          _("A new entry. It matches no plate until it is approved."));
      fill_diff (self, self->diff_grid, NULL, sl_hotlist_version_get_fields (version));
    }

  gtk_editable_set_text (GTK_EDITABLE (self->approve_note_row), "");
  gtk_stack_set_visible_child_name (self->approval_stack, "detail");
}

static void
approval_selected_cb (SlHotlistsPage *self,
                      GtkListBoxRow  *row)
{
  show_approval (self, row != NULL ? g_object_get_data (G_OBJECT (row), "approval") : NULL);
}

static void
approvals_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(GPtrArray) approvals = NULL;
  g_autoptr(GError) error = NULL;
  SlHotlistApproval *selected = sl_hotlists_page_get_selected_approval (self);
  gint64 selected_id = selected != NULL ? sl_hotlist_entry_get_id (sl_hotlist_approval_get_entry (selected)) : 0;
  GtkListBoxRow *chosen = NULL;

  approvals = sl_client_list_hotlist_approvals_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_approvals = FALSE;
  update_busy (self);
  if (approvals == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The approval queue could not be loaded: %s"), error->message);

      toast (self, message);
      return;
    }

  g_clear_pointer (&self->approvals, g_ptr_array_unref);
  self->approvals = g_steal_pointer (&approvals);

  g_signal_handlers_block_by_func (self->approvals_box, approval_selected_cb, self);
  clear_box (GTK_WIDGET (self->approvals_box));
  for (guint i = 0; i < self->approvals->len; i++)
    {
      SlHotlistApproval *approval = g_ptr_array_index (self->approvals, i);
      GtkWidget *row = approval_row_new (approval);

      gtk_list_box_append (self->approvals_box, row);
      if (sl_hotlist_entry_get_id (sl_hotlist_approval_get_entry (approval)) == selected_id)
        chosen = GTK_LIST_BOX_ROW (row);
    }
  if (chosen != NULL)
    gtk_list_box_select_row (self->approvals_box, chosen);
  g_signal_handlers_unblock_by_func (self->approvals_box, approval_selected_cb, self);
  show_approval (self, chosen != NULL ? g_object_get_data (G_OBJECT (chosen), "approval") : NULL);

  gtk_stack_set_visible_child_name (self->approvals_list_stack, self->approvals->len > 0 ? "list" : "empty");
  adw_view_stack_page_set_badge_number (self->approvals_page, self->approvals->len);
  adw_view_stack_page_set_needs_attention (self->approvals_page, self->approvals->len > 0);
}

static void
load_approvals (SlHotlistsPage *self)
{
  if (self->client == NULL || !is_approver (self))
    return;

  renew_cancellable (&self->approvals_cancellable);
  self->loading_approvals = TRUE;
  update_busy (self);
  sl_client_list_hotlist_approvals_async (self->client, self->approvals_cancellable,
                                          approvals_loaded_cb, g_object_ref (self));
}

/* ---- policy and setup ---- */

static void
policy_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  body = sl_client_get_policy_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (body != NULL)
    {
      text = sl_json_object_to_string (body);
      self->policy = sl_policy_new_from_data (text, -1, &error);
    }
  if (self->policy == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The agency’s policy could not be loaded, so no entry "
                                                    "can be proposed: %s"), error->message);
      set_error (self, self->entries_error_label, message);
    }
  update_actions (self);
}

static void
load_all (SlHotlistsPage *self)
{
  gboolean approver = is_approver (self);

  gtk_widget_set_visible (self->switcher_bar, approver);
  adw_view_stack_page_set_visible (self->approvals_page, approver);
  if (!approver)
    adw_view_stack_set_visible_child_name (self->view_stack, "lists");
  update_actions (self);

  if (self->client == NULL || self->session == NULL)
    return;

  if (self->policy == NULL)
    {
      renew_cancellable (&self->setup_cancellable);
      sl_client_get_policy_async (self->client, self->setup_cancellable, policy_loaded_cb, g_object_ref (self));
    }
  load_lists (self);
  load_approvals (self);
}

/* After a change: the counts, the rows and the queue are new. */
static void
reload_after_change (SlHotlistsPage *self,
                     gint64          entry_id)
{
  self->want_entry_id = entry_id;
  load_lists (self);
  load_approvals (self);
}

/* ---- entry actions ---- */

static void
entry_saved_cb (SlHotlistsPage       *self,
                SlHotlistEntry       *entry,
                SlHotlistEntryDialog *dialog)
{
  g_autofree char *message = NULL;

  if (sl_hotlist_entry_get_pending_update (entry) != NULL)
    /* Translators: %s is a plate */
    message = g_strdup_printf (_("Update of %s proposed: the version in force stays until it is approved"),
                               sl_hotlist_entry_get_plate (entry));
  else
    /* Translators: %s is a plate */
    message = g_strdup_printf (_("%s proposed: it matches once approved"), sl_hotlist_entry_get_plate (entry));
  toast (self, message);
  reload_after_change (self, sl_hotlist_entry_get_id (entry));
}

static void
open_entry_dialog (SlHotlistsPage *self,
                   SlHotlistEntry *entry)
{
  if (self->client == NULL || self->policy == NULL || self->list == NULL)
    return;

  if (self->entry_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->entry_dialog));

  self->entry_dialog = sl_hotlist_entry_dialog_new (parent_window (self), self->client, self->policy,
                                                    self->list, entry);
  g_object_add_weak_pointer (G_OBJECT (self->entry_dialog), (gpointer *) &self->entry_dialog);
  g_signal_connect_object (self->entry_dialog, "saved", G_CALLBACK (entry_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->entry_dialog));
}

static void
new_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_entry_dialog (SL_HOTLISTS_PAGE (widget), NULL);
}

static void
edit_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  /* The fetched entry knows its pending update; the row may not. */
  SlHotlistEntry *entry = self->detail != NULL ? self->detail : sl_hotlists_page_get_selected_entry (self);

  if (entry != NULL)
    open_entry_dialog (self, entry);
}

typedef enum
{
  ENTRY_RENEW,
  ENTRY_REMOVE,
  ENTRY_REJECT,
} EntryStep;

typedef struct
{
  SlHotlistsPage *self;
  EntryStep       step;
} StepData;

static void
entry_step_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  StepData *data = user_data;
  g_autoptr(SlHotlistsPage) self = data->self;
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  EntryStep step = data->step;
  const char *plate;
  g_autofree char *message = NULL;

  switch (step)
    {
    case ENTRY_RENEW:
      entry = sl_client_renew_hotlist_entry_finish (SL_CLIENT (object), result, &error);
      break;
    case ENTRY_REMOVE:
      entry = sl_client_remove_hotlist_entry_finish (SL_CLIENT (object), result, &error);
      break;
    case ENTRY_REJECT:
    default:
      entry = sl_client_reject_hotlist_entry_finish (SL_CLIENT (object), result, &error);
      break;
    }
  g_free (data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->acting = FALSE;
  update_actions (self);
  if (entry == NULL)
    {
      if (step == ENTRY_REJECT)
        set_error (self, self->approval_error_label, error->message);
      else
        {
          message = g_strdup_printf (_("Refused: %s"), error->message);
          toast (self, message);
          g_free (self->error);
          self->error = g_strdup (error->message);
        }
      return;
    }

  plate = sl_hotlist_entry_get_plate (entry);
  if (step == ENTRY_RENEW)
    /* Translators: %s is a plate */
    message = g_strdup_printf (_("Renewal of %s proposed: the new expiry holds once approved"), plate);
  else if (step == ENTRY_REMOVE)
    /* Translators: %s is a plate */
    message = g_strdup_printf (_("%s removed: it no longer matches"), plate);
  else
    /* Translators: %s is a plate */
    message = g_strdup_printf (_("%s rejected"), plate);
  toast (self, message);
  reload_after_change (self, sl_hotlist_entry_get_id (entry));
}

static void
run_step (SlHotlistsPage *self,
          EntryStep       step,
          gint64          id,
          const char     *text,
          gint64          expires_at_us)
{
  StepData *data = g_new0 (StepData, 1);

  data->self = g_object_ref (self);
  data->step = step;
  renew_cancellable (&self->action_cancellable);
  self->acting = TRUE;
  update_actions (self);

  switch (step)
    {
    case ENTRY_RENEW:
      sl_client_renew_hotlist_entry_async (self->client, id, expires_at_us, self->action_cancellable,
                                           entry_step_done_cb, data);
      break;
    case ENTRY_REMOVE:
      sl_client_remove_hotlist_entry_async (self->client, id, text, self->action_cancellable,
                                            entry_step_done_cb, data);
      break;
    case ENTRY_REJECT:
    default:
      sl_client_reject_hotlist_entry_async (self->client, id, text, self->action_cancellable,
                                            entry_step_done_cb, data);
      break;
    }
}

static void
close_message_dialog (SlHotlistsPage *self)
{
  if (self->message_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->message_dialog));
}

/* A question with one line of text to give, e.g. the reason of a rejection. */
static AdwMessageDialog *
ask (SlHotlistsPage *self,
     const char     *heading,
     const char     *body,
     const char     *placeholder,
     const char     *text,
     const char     *response,
     const char     *response_label,
     gboolean        destructive,
     GCallback       changed,
     GCallback       responded)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  close_message_dialog (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, response_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                                             : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "response", g_strdup (response), g_free);

  g_signal_connect_object (entry, "changed", changed, dialog, 0);
  g_signal_connect_object (dialog, "response", responded, self, G_CONNECT_SWAPPED);
  g_signal_emit_by_name (entry, "changed");

  self->message_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->message_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
reason_changed_cb (GtkEditable      *editable,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (dialog), "response"),
                                           !sl_note_is_blank (gtk_editable_get_text (editable)));
}

static void
expiry_changed_cb (GtkEditable      *editable,
                   AdwMessageDialog *dialog)
{
  guint max_days = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "max-days"));
  g_autofree char *problem = NULL;
  gint64 expires_at_us = 0;
  gboolean valid;

  valid = sl_hotlist_expiry_from_date (gtk_editable_get_text (editable), max_days, g_get_real_time (),
                                       &expires_at_us, &problem);
  adw_message_dialog_set_response_enabled (dialog, "renew", valid);
  gtk_widget_set_tooltip_text (GTK_WIDGET (editable), problem);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
}

static const char *
dialog_text (AdwMessageDialog *dialog)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "entry")));
}

static void
remove_responded_cb (SlHotlistsPage   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  SlHotlistEntry *entry = sl_hotlists_page_get_selected_entry (self);

  if (g_str_equal (response, "remove") && entry != NULL)
    run_step (self, ENTRY_REMOVE, sl_hotlist_entry_get_id (entry), dialog_text (dialog), 0);
}

static void
renew_responded_cb (SlHotlistsPage   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  SlHotlistEntry *entry = sl_hotlists_page_get_selected_entry (self);
  gint64 expires_at_us = 0;

  if (!g_str_equal (response, "renew") || entry == NULL || self->policy == NULL)
    return;

  if (sl_hotlist_expiry_from_date (dialog_text (dialog), sl_policy_get_hotlist_max_days (self->policy),
                                   g_get_real_time (), &expires_at_us, NULL))
    run_step (self, ENTRY_RENEW, sl_hotlist_entry_get_id (entry), NULL, expires_at_us);
}

static void
reject_responded_cb (SlHotlistsPage   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "reject"))
    sl_hotlists_page_reject (self, dialog_text (dialog));
}

static void
remove_entry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  SlHotlistEntry *entry = sl_hotlists_page_get_selected_entry (self);
  g_autofree char *heading = NULL;

  if (entry == NULL)
    return;

  /* Translators: %s is a plate */
  heading = g_strdup_printf (_("Remove %s?"), sl_hotlist_entry_get_plate (entry));
  ask (self, heading, _("The entry stops matching at once. It stays in the list’s history with "
                        "your reason."),
       _("Why, e.g. “Vehicle recovered”"), NULL, "remove", _("_Remove"), TRUE,
       G_CALLBACK (reason_changed_cb), G_CALLBACK (remove_responded_cb));
}

static void
renew_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  SlHotlistEntry *entry = sl_hotlists_page_get_selected_entry (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expires_on = NULL;
  AdwMessageDialog *dialog;
  guint max_days;

  if (entry == NULL || self->policy == NULL)
    return;

  max_days = sl_policy_get_hotlist_max_days (self->policy);
  expires_on = sl_hotlist_default_expiry (self->policy, g_get_real_time ());
  /* Translators: %s is a plate */
  heading = g_strdup_printf (_("Renew %s?"), sl_hotlist_entry_get_plate (entry));
  /* Translators: %u is the policy's limit in days */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The new expiry, at most %u day from today (YYYY-MM-DD). It holds once "
                                       "approved; until then the entry keeps its expiry.",
                                       "The new expiry, at most %u days from today (YYYY-MM-DD). It holds once "
                                       "approved; until then the entry keeps its expiry.", max_days), max_days);
  dialog = ask (self, heading, body, "YYYY-MM-DD", NULL, "renew", _("_Propose Renewal"), FALSE,
                G_CALLBACK (expiry_changed_cb), G_CALLBACK (renew_responded_cb));
  g_object_set_data (G_OBJECT (dialog), "max-days", GUINT_TO_POINTER (max_days));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "entry")), expires_on);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);

  sl_hotlists_page_approve (self, gtk_editable_get_text (GTK_EDITABLE (self->approve_note_row)));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  SlHotlistApproval *approval = sl_hotlists_page_get_selected_approval (self);
  g_autofree char *heading = NULL;

  if (approval == NULL)
    return;

  /* Translators: %s is a plate */
  heading = g_strdup_printf (_("Reject %s?"), sl_hotlist_entry_get_plate (sl_hotlist_approval_get_entry (approval)));
  ask (self, heading, _("The author sees your reason. A rejected proposal never matches."),
       _("Reason, e.g. “Case number is another case”"), NULL, "reject", _("_Reject"), TRUE,
       G_CALLBACK (reason_changed_cb), G_CALLBACK (reject_responded_cb));
}

static void
approved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(SlHotlistEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  entry = sl_client_approve_hotlist_entry_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->acting = FALSE;
  update_actions (self);
  if (entry == NULL)
    {
      set_error (self, self->approval_error_label, error->message);
      return;
    }

  /* Translators: %s is a plate */
  message = g_strdup_printf (_("%s approved: it matches from now on"), sl_hotlist_entry_get_plate (entry));
  toast (self, message);
  reload_after_change (self, sl_hotlist_entry_get_id (entry));
}

/* ---- list actions ---- */

static void
list_saved_cb (SlHotlistsPage      *self,
               SlHotlist           *list,
               SlHotlistListDialog *dialog)
{
  self->want_list_id = sl_hotlist_get_id (list);
  load_lists (self);
}

static void
open_list_dialog (SlHotlistsPage *self,
                  SlHotlist      *list)
{
  if (self->client == NULL)
    return;

  if (self->list_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->list_dialog));
  self->list_dialog = sl_hotlist_list_dialog_new (parent_window (self), self->client, list);
  g_object_add_weak_pointer (G_OBJECT (self->list_dialog), (gpointer *) &self->list_dialog);
  g_signal_connect_object (self->list_dialog, "saved", G_CALLBACK (list_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->list_dialog));
}

static void
new_list_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_list_dialog (SL_HOTLISTS_PAGE (widget), NULL);
}

static void
list_settings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);

  if (self->list != NULL)
    open_list_dialog (self, self->list);
}

static void
imported_cb (SlHotlistsPage        *self,
             SlHotlistImportSummary *summary,
             SlHotlistImportDialog *dialog)
{
  load_lists (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);

  if (self->client == NULL || !is_general (self->list))
    return;

  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  self->import_dialog = sl_hotlist_import_dialog_new (parent_window (self), self->client, self->list);
  g_object_add_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
  g_signal_connect_object (self->import_dialog, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

static void
export_progress_cb (goffset  received,
                    goffset  total,
                    gpointer user_data)
{
  SlHotlistsPage *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->export_progress, (double) received / (double) total);
  else
    gtk_progress_bar_pulse (self->export_progress);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  goffset size;

  size = sl_client_export_hotlist_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  gtk_widget_set_sensitive (self->export_button, TRUE);
  if (size < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The export failed: %s"), error->message);

      toast (self, message);
      return;
    }
  toast (self, _("Export saved"));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(SlHotlistsPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "list-id"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->client == NULL)
    return;

  renew_cancellable (&self->export_cancellable);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  sl_client_export_hotlist_async (self->client, id, file, export_progress_cb, self,
                                  self->export_cancellable, exported_cb, g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;

  if (self->list == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export the Hot List as CSV"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  base = g_strdelimit (g_ascii_strdown (sl_hotlist_get_name (self->list), -1), " /\\:()", '-');
  /* Translators: a file name; %s is the list's name */
  name = g_strdup_printf (_("hotlist-%s.csv"), base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "list-id", GSIZE_TO_POINTER ((gsize) sl_hotlist_get_id (self->list)));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_hotlists_page_refresh (SL_HOTLISTS_PAGE (widget));
}

/* ---- signal callbacks ---- */

/* Imported entries have a category and no author. */
static void
show_columns (SlHotlistsPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GtkColumnViewColumn) reason = g_list_model_get_item (columns, COLUMN_REASON);
  g_autoptr(GtkColumnViewColumn) author = g_list_model_get_item (columns, COLUMN_AUTHOR);
  gboolean general = is_general (self->list);

  gtk_column_view_column_set_title (reason, general ? _("Category") : _("Reason"));
  gtk_column_view_column_set_visible (author, !general);
}

static void
list_selected_cb (SlHotlistsPage *self,
                  GtkListBoxRow  *row)
{
  SlHotlist *list = row != NULL ? g_object_get_data (G_OBJECT (row), "hotlist") : NULL;
  gboolean same = list != NULL && self->list != NULL && sl_hotlist_get_id (list) == sl_hotlist_get_id (self->list);

  g_set_object (&self->list, list);
  if (list == NULL)
    {
      gtk_stack_set_visible_child_name (self->entries_stack, "none");
      update_actions (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->entries_stack, "entries");
  show_list_header (self);
  show_columns (self);
  if (!same)
    {
      /* Another list: its rows from the first, nothing selected. */
      self->want_entry_id = 0;
      g_list_store_remove_all (self->entries);
      self->total = 0;
      self->next_offset = -1;
      update_count (self);
    }
  update_actions (self);
  load_entries (self, FALSE);
}

static void
filter_changed_cb (SlHotlistsPage *self)
{
  load_entries (self, FALSE);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (widget);
  const char *what = user_data;

  /* The shortcuts are the window's; only the page in view takes them. */
  if (!gtk_widget_get_mapped (widget) || self->list == NULL ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "lists") != 0)
    return FALSE;

  if (g_str_equal (what, "search"))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return TRUE;
    }

  return gtk_widget_activate_action (widget, "hotlists.new-entry", NULL);
}

/* ---- the column view ---- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_PLATE)
    gtk_widget_add_css_class (label, "hotlist-plate");
  else if (column == COLUMN_STATUS)
    {
      /* The status, and a mark when an update waits for approval. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *mark = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_add_css_class (label, "hotlist-status");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (mark, _("An update waits for approval"));
      gtk_widget_add_css_class (mark, "hotlist-update-mark");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), mark);
      gtk_list_item_set_child (item, box);
      return;
    }
  else if (column == COLUMN_EXPIRES)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SlHotlistEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  gint64 now_us = g_get_real_time ();

  if (column == COLUMN_STATUS)
    {
      GtkWidget *box = label;

      label = gtk_widget_get_first_child (box);
      gtk_widget_set_visible (gtk_widget_get_last_child (box),
                              sl_hotlist_entry_get_pending_update (entry) != NULL);
    }

  switch (column)
    {
    case COLUMN_PLATE:
      text = g_strdup (sl_hotlist_entry_get_plate (entry));
      break;
    case COLUMN_REGION:
      text = g_strdup (sl_hotlist_entry_get_region (entry));
      break;
    case COLUMN_REASON:
      text = g_strdup (sl_hotlist_entry_get_reason_label (entry));
      break;
    case COLUMN_CASE:
      text = g_strdup (sl_hotlist_entry_get_case_number (entry));
      break;
    case COLUMN_STATUS:
      {
        const char *status = sl_hotlist_entry_status_to_string (sl_hotlist_entry_get_status (entry));

        for (guint i = 1; i < G_N_ELEMENTS (status_filters); i++)
          gtk_widget_remove_css_class (label, status_filters[i]);
        gtk_widget_add_css_class (label, status);
        text = g_strdup (sl_hotlist_entry_get_status_label (entry));
      }
      break;
    case COLUMN_EXPIRES:
      {
        SlHotlistEntryStatus status = sl_hotlist_entry_get_status (entry);
        gint64 expires_us = sl_hotlist_entry_get_expires_at_us (entry);
        gboolean soon = (status == SL_HOTLIST_ENTRY_STATUS_ACTIVE || status == SL_HOTLIST_ENTRY_STATUS_PENDING) &&
                        sl_hotlist_expires_soon (expires_us, now_us);

        text = sl_hotlist_format_expiry (expires_us, now_us);
        if (soon)
          gtk_widget_add_css_class (label, "hotlist-expires-soon");
        else
          gtk_widget_remove_css_class (label, "hotlist-expires-soon");
      }
      break;
    case COLUMN_AUTHOR:
      {
        const char *name = sl_hotlist_entry_get_entered_by_name (entry);

        text = g_strdup (name != NULL && *name != '\0' ? name : sl_hotlist_entry_get_entered_by (entry));
      }
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
add_column (SlHotlistsPage *self,
            Column          column,
            const char     *title,
            int             width,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

/* ---- overrides ---- */

static void
sl_hotlists_page_dispose (GObject *object)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (object);
  GCancellable *cancellables[] = {
    self->setup_cancellable, self->lists_cancellable, self->entries_cancellable, self->detail_cancellable,
    self->approvals_cancellable, self->action_cancellable, self->export_cancellable,
  };
  GtkWindow **dialogs[] = {
    (GtkWindow **) &self->entry_dialog, (GtkWindow **) &self->import_dialog,
    (GtkWindow **) &self->list_dialog, (GtkWindow **) &self->message_dialog,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cancellables); i++)
    g_cancellable_cancel (cancellables[i]);
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    if (*dialogs[i] != NULL)
      {
        GtkWindow *dialog = *dialogs[i];

        g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) dialogs[i]);
        *dialogs[i] = NULL;
        gtk_window_destroy (dialog);
      }

  /* Rows removed with the template must not show anything. */
  g_signal_handlers_disconnect_matched (self->lists_box, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_disconnect_matched (self->approvals_box, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_disconnect_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_HOTLISTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->entries);
  g_clear_object (&self->detail);
  g_clear_object (&self->list);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->approvals, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_hotlists_page_parent_class)->dispose (object);
}

static void
sl_hotlists_page_finalize (GObject *object)
{
  SlHotlistsPage *self = SL_HOTLISTS_PAGE (object);

  g_clear_object (&self->setup_cancellable);
  g_clear_object (&self->lists_cancellable);
  g_clear_object (&self->entries_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_object (&self->approvals_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->policy, sl_policy_unref);
  g_free (self->error);

  G_OBJECT_CLASS (sl_hotlists_page_parent_class)->finalize (object);
}

static void
sl_hotlists_page_class_init (SlHotlistsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_hotlists_page_dispose;
  object_class->finalize = sl_hotlists_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-hotlists-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approvals_page);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, lists_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, new_list_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, lists_box);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, lists_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, entries_stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, list_title_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, list_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, settings_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, new_entry_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, entries_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, entries_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, entries_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, detail_plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, detail_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, detail_match_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, renew_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, reason_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, case_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, synopsis_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, vehicle_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, expiry_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, author_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approver_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, pending_group);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, pending_grid);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, history_box);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approvals_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approvals_list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approvals_box);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approval_stack);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approval_title_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approval_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approval_kind_label);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, diff_grid);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approve_note_row);
  gtk_widget_class_bind_template_child (widget_class, SlHotlistsPage, approval_error_label);
  gtk_widget_class_bind_template_callback (widget_class, list_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, approval_selected_cb);

  gtk_widget_class_install_action (widget_class, "hotlists.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "hotlists.new-entry", NULL, new_entry_action);
  gtk_widget_class_install_action (widget_class, "hotlists.edit-entry", NULL, edit_entry_action);
  gtk_widget_class_install_action (widget_class, "hotlists.renew-entry", NULL, renew_entry_action);
  gtk_widget_class_install_action (widget_class, "hotlists.remove-entry", NULL, remove_entry_action);
  gtk_widget_class_install_action (widget_class, "hotlists.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "hotlists.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "hotlists.new-list", NULL, new_list_action);
  gtk_widget_class_install_action (widget_class, "hotlists.list-settings", NULL, list_settings_action);
  gtk_widget_class_install_action (widget_class, "hotlists.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "hotlists.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "hotlists.refresh", NULL);

  gtk_widget_class_set_css_name (widget_class, "hotlistspage");
}

static void
sl_hotlists_page_init (SlHotlistsPage *self)
{
  GtkEventController *controller;
  const struct
  {
    guint       key;
    const char *what;
  } shortcuts[] = {
    { GDK_KEY_n, "new-entry" },
    { GDK_KEY_f, "search" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->next_offset = -1;
  self->entries = g_list_store_new (SL_TYPE_HOTLIST_ENTRY);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COLUMN_PLATE, _("Plate"), 96, FALSE);
  add_column (self, COLUMN_REGION, _("State"), 48, FALSE);
  add_column (self, COLUMN_REASON, _("Reason"), 120, TRUE);
  add_column (self, COLUMN_CASE, _("Case"), 96, FALSE);
  add_column (self, COLUMN_STATUS, _("Status"), 156, FALSE);
  add_column (self, COLUMN_EXPIRES, _("Expires"), 140, FALSE);
  add_column (self, COLUMN_AUTHOR, _("Entered By"), 120, TRUE);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->entries_scroller), "value-changed",
                           G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+N and Ctrl+F reach the page from anywhere in the window. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, GDK_CONTROL_MASK),
                                                            gtk_callback_action_new (shortcut_cb,
                                                                                     (gpointer) shortcuts[i].what,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update_count (self);
  update_busy (self);
  load_all (self);
}

/* ---- public API ---- */

GtkWidget *
sl_hotlists_page_new (void)
{
  return g_object_new (SL_TYPE_HOTLISTS_PAGE, NULL);
}

void
sl_hotlists_page_set_client (SlHotlistsPage *self,
                             SlClient       *client)
{
  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  load_all (self);
}

/**
 * sl_hotlists_page_set_session:
 *
 * The roles decide the buttons and the approval queue; a new session
 * (after unlocking) loads the page again.
 */
void
sl_hotlists_page_set_session (SlHotlistsPage *self,
                              SlSession      *session)
{
  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));

  if (self->session == session)
    return;

  g_clear_pointer (&self->session, sl_session_unref);
  if (session != NULL)
    self->session = sl_session_ref (session);
  load_all (self);
}

/**
 * sl_hotlists_page_refresh:
 *
 * Loads the lists, the entries in view and the approval queue again.
 */
void
sl_hotlists_page_refresh (SlHotlistsPage *self)
{
  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));

  load_lists (self);
  load_approvals (self);
}

gboolean
sl_hotlists_page_is_busy (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), FALSE);

  return self->loading_lists || self->loading_entries || self->loading_more || self->loading_detail ||
         self->loading_approvals || self->acting;
}

gboolean
sl_hotlists_page_has_policy (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), FALSE);
  return self->policy != NULL;
}

/**
 * sl_hotlists_page_get_error:
 *
 * Returns: (nullable): the last failure the page showed
 */
const char *
sl_hotlists_page_get_error (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return self->error;
}

guint
sl_hotlists_page_get_n_lists (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), 0);
  return self->lists != NULL ? self->lists->len : 0;
}

/**
 * sl_hotlists_page_select_list:
 * @name: a list's name
 *
 * Returns: whether the sidebar has the list; it is chosen then
 */
gboolean
sl_hotlists_page_select_list (SlHotlistsPage *self,
                              const char     *name)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->lists_box, i);
      SlHotlist *list;

      if (row == NULL)
        return FALSE;
      list = g_object_get_data (G_OBJECT (row), "hotlist");
      if (g_str_equal (sl_hotlist_get_name (list), name))
        {
          gtk_list_box_select_row (self->lists_box, row);
          return TRUE;
        }
    }
}

/**
 * sl_hotlists_page_get_list:
 *
 * Returns: (nullable) (transfer none): the list chosen
 */
SlHotlist *
sl_hotlists_page_get_list (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return self->list;
}

/**
 * sl_hotlists_page_set_filter:
 * @query: (nullable): a plate prefix or a case number
 * @status: (nullable): "active", "pending", … or %NULL for every status
 * @order: the order of the rows
 *
 * Sets the filters as a user would; the entries load again.
 */
void
sl_hotlists_page_set_filter (SlHotlistsPage      *self,
                             const char          *query,
                             const char          *status,
                             SlHotlistEntryOrder  order)
{
  guint status_index = 0;

  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));

  for (guint i = 1; status != NULL && i < G_N_ELEMENTS (status_filters); i++)
    if (g_str_equal (status_filters[i], status))
      status_index = i;

  g_signal_handlers_block_by_func (self->search_entry, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->status_dropdown, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->order_dropdown, filter_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  gtk_drop_down_set_selected (self->status_dropdown, status_index);
  gtk_drop_down_set_selected (self->order_dropdown, order);
  g_signal_handlers_unblock_by_func (self->search_entry, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->status_dropdown, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->order_dropdown, filter_changed_cb, self);

  load_entries (self, FALSE);
}

/**
 * sl_hotlists_page_get_entries:
 *
 * Returns: (transfer none): the rows loaded so far, #SlHotlistEntry
 */
GListModel *
sl_hotlists_page_get_entries (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

guint
sl_hotlists_page_get_total (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), 0);
  return self->total;
}

gboolean
sl_hotlists_page_select_entry (SlHotlistsPage *self,
                               guint           position)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->entries)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * sl_hotlists_page_get_selected_entry:
 *
 * Returns: (nullable) (transfer none): the entry selected in the table
 */
SlHotlistEntry *
sl_hotlists_page_get_selected_entry (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);

  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * sl_hotlists_page_get_n_versions_shown:
 *
 * Returns: the versions the detail's history lists
 */
guint
sl_hotlists_page_get_n_versions_shown (SlHotlistsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->history_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += ADW_IS_ACTION_ROW (row);
  return n;
}

guint
sl_hotlists_page_get_n_approvals (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), 0);
  return self->approvals != NULL ? self->approvals->len : 0;
}

gboolean
sl_hotlists_page_select_approval (SlHotlistsPage *self,
                                  guint           position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->approvals_box, (int) position);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->approvals_box, row);
  return TRUE;
}

/**
 * sl_hotlists_page_get_selected_approval:
 *
 * Returns: (nullable) (transfer none): the proposal shown in the queue
 */
SlHotlistApproval *
sl_hotlists_page_get_selected_approval (SlHotlistsPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);

  row = gtk_list_box_get_selected_row (self->approvals_box);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "approval") : NULL;
}

/**
 * sl_hotlists_page_approve:
 * @note: (nullable): for the record
 *
 * Approves the proposal selected in the queue.
 */
void
sl_hotlists_page_approve (SlHotlistsPage *self,
                          const char     *note)
{
  SlHotlistApproval *approval;

  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));

  approval = sl_hotlists_page_get_selected_approval (self);
  if (approval == NULL || self->client == NULL || self->acting)
    return;

  set_error (self, self->approval_error_label, NULL);
  renew_cancellable (&self->action_cancellable);
  self->acting = TRUE;
  update_actions (self);
  sl_client_approve_hotlist_entry_async (self->client,
                                         sl_hotlist_entry_get_id (sl_hotlist_approval_get_entry (approval)),
                                         note != NULL && *note != '\0' ? note : NULL,
                                         self->action_cancellable, approved_cb, g_object_ref (self));
}

/**
 * sl_hotlists_page_reject:
 * @reason: why; required
 *
 * Rejects the proposal selected in the queue.
 */
void
sl_hotlists_page_reject (SlHotlistsPage *self,
                         const char     *reason)
{
  SlHotlistApproval *approval;

  g_return_if_fail (SL_IS_HOTLISTS_PAGE (self));
  g_return_if_fail (reason != NULL);

  approval = sl_hotlists_page_get_selected_approval (self);
  if (approval == NULL || self->client == NULL || self->acting)
    return;

  set_error (self, self->approval_error_label, NULL);
  run_step (self, ENTRY_REJECT, sl_hotlist_entry_get_id (sl_hotlist_approval_get_entry (approval)), reason, 0);
}

/**
 * sl_hotlists_page_get_entry_dialog:
 *
 * Returns: (nullable) (transfer none): the entry form, while it is open
 */
SlHotlistEntryDialog *
sl_hotlists_page_get_entry_dialog (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return self->entry_dialog;
}

/**
 * sl_hotlists_page_get_import_dialog:
 *
 * Returns: (nullable) (transfer none): the import dialog, while it is open
 */
SlHotlistImportDialog *
sl_hotlists_page_get_import_dialog (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return self->import_dialog;
}

/**
 * sl_hotlists_page_get_list_dialog:
 *
 * Returns: (nullable) (transfer none): the list settings, while they are open
 */
SlHotlistListDialog *
sl_hotlists_page_get_list_dialog (SlHotlistsPage *self)
{
  g_return_val_if_fail (SL_IS_HOTLISTS_PAGE (self), NULL);
  return self->list_dialog;
}
