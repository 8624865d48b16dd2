#define G_LOG_DOMAIN "sl-compliance-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-call.h"
#include "sl-compliance-panel.h"
#include "sl-clock.h"
#include "sl-json.h"

/* Compliance audits (Vallejo 462.7, Alameda): an auditor draws a seeded
 * random sample of searches, reviews each, and closes the audit with a
 * memorandum to the Chief. Administrators see the audits but do not review.
 * The panel also says when the next audit is due by the profile's cadence. */

struct _SlCompliancePanel
{
  GtkWidget             parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *due_revealer;
  GtkBox               *due_bar;
  GtkLabel             *due_label;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkButton            *start_button;
  GtkListBox           *audits_list;
  GtkStack             *detail_stack;
  GtkLabel             *title_label;
  GtkLabel             *facts_label;
  GtkProgressBar       *progress_bar;
  GtkListBox           *items_list;
  AdwPreferencesGroup  *close_group;
  AdwEntryRow          *summary_row;
  GtkButton            *memo_button;
  GtkButton            *close_button;

  /* owned references */
  SlClient             *client;
  SlSession            *session;
  GCancellable         *cancellable;
  JsonArray            *audits;
  JsonObject           *audit;       /* the selected audit, with its items */
  GtkFileChooserNative *chooser;
  GFile                *memo_file;   /* where the memorandum is being saved */

  /* owned memory */
  char                 *error;
  char                 *due_text;

  gint64                selected_id;
  gint64                shown_id;    /* the audit whose rows are shown */
  guint                 pending;
  guint                 memo_saved : 1;
  guint                 audit_fresh : 1;
  guint                 showing : 1;
};

G_DEFINE_FINAL_TYPE (SlCompliancePanel, sl_compliance_panel, GTK_TYPE_WIDGET)

static void load_audit (SlCompliancePanel *self,
                        gint64             id);

/* ---- helpers ---- */

static gboolean
is_auditor (SlCompliancePanel *self)
{
  return self->session != NULL && sl_session_has_role (self->session, SL_ROLE_AUDITOR);
}

static void
show_error (SlCompliancePanel *self,
            const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
busy_push (SlCompliancePanel *self)
{
  self->pending++;
  gtk_spinner_set_spinning (self->spinner, TRUE);
}

static void
busy_pop (SlCompliancePanel *self)
{
  g_assert (self->pending > 0);
  self->pending--;
  /* after dispose, answers still arrive to a panel without widgets */
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, self->pending > 0);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
pill (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* ---- the list and the due date ---- */

static void
show_due (SlCompliancePanel *self,
          JsonObject        *due)
{
  g_autofree char *when = sl_clock_format_local (sl_json_lookup_string (due, "due_at"), "%Y-%m-%d");
  gboolean overdue = FALSE;
  guint cadence;

  g_clear_pointer (&self->due_text, g_free);
  if (due == NULL || when == NULL)
    {
      gtk_revealer_set_reveal_child (self->due_revealer, FALSE);
      return;
    }

  sl_json_get_boolean (due, "overdue", FALSE, &overdue, NULL);
  cadence = (guint) CLAMP (sl_json_lookup_int (due, "cadence_days"), 0, G_MAXUINT);
  if (overdue)
    self->due_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "A compliance audit was due on %s and none has been closed since. "
                                                   "Start one: the policy requires an audit every %u day.",
                                                   "A compliance audit was due on %s and none has been closed since. "
                                                   "Start one: the policy requires an audit every %u days.", cadence),
                                      when, cadence);
  else
    self->due_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The next compliance audit is due by %s (every %u day).",
                                                   "The next compliance audit is due by %s (every %u days).", cadence),
                                      when, cadence);
  gtk_label_set_text (self->due_label, self->due_text);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_bar), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_bar), "overdue");
  gtk_revealer_set_reveal_child (self->due_revealer, TRUE);
}

static void
show_audits (SlCompliancePanel *self)
{
  guint n = self->audits != NULL ? json_array_get_length (self->audits) : 0;
  GtkListBoxRow *select = NULL;

  self->showing = TRUE;
  clear_list (self->audits_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *audit = sl_json_array_lookup_object (self->audits, i);
      g_autofree char *from = sl_clock_format_local (sl_json_lookup_string (audit, "from"), "%Y-%m-%d");
      g_autofree char *to = sl_clock_format_local (sl_json_lookup_string (audit, "to"), "%Y-%m-%d");
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;
      gboolean closed = g_strcmp0 (sl_json_lookup_string (audit, "status"), "closed") == 0;
      GtkWidget *row;
      GtkWidget *box;
      GtkWidget *label;

      if (audit == NULL || sl_json_lookup_int (audit, "id") <= 0)
        continue;
      title = g_strdup_printf (_("Audit %u"), (guint) sl_json_lookup_int (audit, "id"));
      /* Translators: an audit's window, and how far its review is */
      detail = g_strdup_printf (_("%s to %s · %u of %u reviewed"),
                                from != NULL ? from : "", to != NULL ? to : "",
                                (guint) sl_json_lookup_int (audit, "reviewed"),
                                (guint) sl_json_lookup_int (audit, "sample_size"));

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      label = pill (closed ? _("Closed") : _("Open"), closed ? "dim-label" : "accent");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), label);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "id", GINT_TO_POINTER ((int) sl_json_lookup_int (audit, "id")));
      gtk_list_box_append (self->audits_list, row);
      if (sl_json_lookup_int (audit, "id") == self->selected_id)
        select = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->audits_list, select);
  self->showing = FALSE;
  if (select == NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "empty");
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlCompliancePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  JsonArray *audits = NULL;
  JsonObject *due = NULL;

  busy_pop (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (!sl_json_get_array (answer, "audits", TRUE, &audits, &error) ||
      !sl_json_get_object (answer, "due", FALSE, &due, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The service sent an answer Sightline cannot read: %s"),
                                                  error->message);
      show_error (self, message);
      return;
    }

  g_clear_pointer (&self->audits, json_array_unref);
  self->audits = json_array_ref (audits);
  show_due (self, due);
  show_audits (self);
  /* After a change the audit came with its answer; loading it again would
   * fold the rows open for review and lose what is typed in them. */
  if (self->selected_id > 0 && !self->audit_fresh)
    load_audit (self, self->selected_id);
  self->audit_fresh = FALSE;
}

static void
refresh (SlCompliancePanel *self)
{
  if (self->client == NULL || self->session == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_error (self, NULL);
  busy_push (self);
  sl_client_call_async (self->client, "GET", "/compliance-audits", NULL, self->cancellable,
                        listed_cb, g_object_ref (self));
}

/* ---- one audit ---- */

static void changed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
save_review (SlCompliancePanel *self,
             gint64             position,
             gboolean           compliant,
             const char        *note,
             gboolean           data_error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  json_builder_begin_object (builder);
  sl_json_builder_add_int_member (builder, "position", position);
  json_builder_set_member_name (builder, "compliant");
  json_builder_add_boolean_value (builder, compliant);
  if (note != NULL && note[0] != '\0')
    sl_json_builder_add_string_member (builder, "note", note);
  json_builder_set_member_name (builder, "data_error");
  json_builder_add_boolean_value (builder, data_error);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("/compliance-audits/%" G_GINT64_FORMAT "/review", self->selected_id);
  busy_push (self);
  show_error (self, NULL);
  sl_client_call_async (self->client, "POST", path, body, NULL, changed_cb, g_object_ref (self));
}

static void
save_clicked_cb (GtkButton         *button,
                 SlCompliancePanel *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  GtkToggleButton *yes = g_object_get_data (G_OBJECT (row), "compliant");
  GtkToggleButton *no = g_object_get_data (G_OBJECT (row), "not-compliant");
  GtkEditable *note = g_object_get_data (G_OBJECT (row), "note");
  GtkCheckButton *data_error = g_object_get_data (G_OBJECT (row), "data-error");
  gint64 position = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "position"));

  if (!gtk_toggle_button_get_active (yes) && !gtk_toggle_button_get_active (no))
    {
      show_error (self, _("Choose Compliant or Not Compliant first."));
      return;
    }
  save_review (self, position, gtk_toggle_button_get_active (yes), gtk_editable_get_text (note),
               gtk_check_button_get_active (data_error));
}

static char *
search_summary (JsonObject *search)
{
  GString *text = g_string_new (NULL);
  g_autofree char *when = sl_clock_format_local (sl_json_lookup_string (search, "time"), "%Y-%m-%d %H:%M");
  guint results;

  if (search == NULL)
    {
      g_string_free (text, TRUE);
      return g_strdup (_("The search’s record is no longer in the access log"));
    }

  g_string_append_printf (text, "%s · %s", when != NULL ? when : "",
                          sl_json_lookup_string (search, "username") != NULL ? sl_json_lookup_string (search, "username") : "");
  if (sl_json_lookup_string (search, "plate") != NULL)
    g_string_append_printf (text, _(" · plate %s"), sl_json_lookup_string (search, "plate"));
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Case %s · %s"),
                          sl_json_lookup_string (search, "case_number") != NULL ? sl_json_lookup_string (search, "case_number") : _("none"),
                          sl_json_lookup_string (search, "purpose_code") != NULL ? sl_json_lookup_string (search, "purpose_code") : _("no purpose"));
  if (sl_json_lookup_string (search, "purpose_note") != NULL)
    g_string_append_printf (text, " — %s", sl_json_lookup_string (search, "purpose_note"));
  results = (guint) CLAMP (sl_json_lookup_int (search, "result_count"), 0, G_MAXUINT);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", results), results);
  return g_string_free (text, FALSE);
}

static GtkWidget *
item_row (SlCompliancePanel *self,
          JsonObject        *item,
          gboolean           open)
{
  JsonObject *search = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *seq = NULL;
  gboolean reviewed = json_object_has_member (item, "compliant") &&
                      !json_node_is_null (json_object_get_member (item, "compliant"));
  gboolean compliant = FALSE;
  gboolean data_error = FALSE;
  gint64 position = sl_json_lookup_int (item, "position");
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *yes;
  GtkWidget *no;
  GtkWidget *note;
  GtkWidget *check;
  GtkWidget *save;

  sl_json_get_object (item, "search", FALSE, &search, NULL);
  sl_json_get_boolean (item, "compliant", FALSE, &compliant, NULL);
  sl_json_get_boolean (item, "data_error", FALSE, &data_error, NULL);
  summary = search_summary (search);
  lines = g_strsplit (summary, "\n", 2);
  /* Translators: a search's place in the sample, when and by whom */
  seq = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (item, "seq"));
  title = g_markup_printf_escaped (_("%u. %s"), (guint) position + 1, lines[0]);
  escaped = g_markup_printf_escaped (_("%s · log record %s"), lines[1] != NULL ? lines[1] : "", seq);

  row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);
  if (reviewed)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 compliant ? pill (_("Compliant"), "success") : pill (_("Not Compliant"), "error"));
  else
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), pill (_("To Review"), "dim-label"));
  if (data_error)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), pill (_("Data Error"), "warning"));
  g_object_set_data (G_OBJECT (row), "position", GINT_TO_POINTER ((int) position));

  if (!open)
    {
      if (sl_json_lookup_string (item, "note") != NULL)
        {
          GtkWidget *note_row = adw_action_row_new ();
          g_autofree char *note_text = g_markup_escape_text (sl_json_lookup_string (item, "note"), -1);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note_row), _("Note"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (note_row), note_text);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), note_row);
        }
      return row;
    }

  /* The review: compliant or not, a note (required when not), data error. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  yes = gtk_toggle_button_new_with_mnemonic (_("_Compliant"));
  no = gtk_toggle_button_new_with_mnemonic (_("_Not Compliant"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (no), GTK_TOGGLE_BUTTON (yes));
  if (reviewed)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (compliant ? yes : no), TRUE);
  gtk_box_append (GTK_BOX (box), yes);
  gtk_box_append (GTK_BOX (box), no);
  check = gtk_check_button_new_with_mnemonic (_("_Data error"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), data_error);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_widget_set_tooltip_text (check, _("The record holds a wrong plate, case number or purpose"));
  gtk_box_append (GTK_BOX (box), check);
  save = gtk_button_new_with_mnemonic (_("_Save Review"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_object_set_data (G_OBJECT (save), "row", row);
  g_signal_connect (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), save);

  note = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note), _("Note (required when not compliant)"));
  if (sl_json_lookup_string (item, "note") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (note), sl_json_lookup_string (item, "note"));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), note);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "compliant", yes);
  g_object_set_data (G_OBJECT (row), "not-compliant", no);
  g_object_set_data (G_OBJECT (row), "note", note);
  g_object_set_data (G_OBJECT (row), "data-error", check);
  return row;
}

static void
show_audit (SlCompliancePanel *self)
{
  JsonObject *audit = self->audit;
  JsonArray *items = NULL;
  g_autofree char *from = sl_clock_format_local (sl_json_lookup_string (audit, "from"), "%Y-%m-%d %H:%M");
  g_autofree char *to = sl_clock_format_local (sl_json_lookup_string (audit, "to"), "%Y-%m-%d %H:%M");
  g_autofree char *created = sl_clock_format_local (sl_json_lookup_string (audit, "created_at"), "%Y-%m-%d");
  g_autofree char *title = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *progress = NULL;
  gboolean closed = g_strcmp0 (sl_json_lookup_string (audit, "status"), "closed") == 0;
  gboolean may_review = is_auditor (self) && !closed;
  gint64 reviewed = sl_json_lookup_int (audit, "reviewed");
  gint64 size = sl_json_lookup_int (audit, "sample_size");
  guint population;
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gboolean same_audit;

  title = g_strdup_printf (_("Audit %u"), (guint) sl_json_lookup_int (audit, "id"));
  gtk_label_set_text (self->title_label, title);
  population = (guint) sl_json_lookup_int (audit, "population");
  facts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Drawn by %s on %s from the %u search made %s to %s, with seed %u "
                                        "(the same seed and window draw the same sample).",
                                        "Drawn by %s on %s from the %u searches made %s to %s, with seed %u "
                                        "(the same seed and window draw the same sample).", population),
                           sl_json_lookup_string (audit, "created_by") != NULL ? sl_json_lookup_string (audit, "created_by") : "",
                           created != NULL ? created : "", population,
                           from != NULL ? from : "", to != NULL ? to : "", (guint) sl_json_lookup_int (audit, "seed"));
  if (closed)
    {
      g_autofree char *when = sl_clock_format_local (sl_json_lookup_string (audit, "closed_at"), "%Y-%m-%d");
      g_autofree char *more = g_strdup_printf (_("%s\nClosed by %s on %s: %s"), facts,
                                               sl_json_lookup_string (audit, "closed_by") != NULL ? sl_json_lookup_string (audit, "closed_by") : "",
                                               when != NULL ? when : "",
                                               sl_json_lookup_string (audit, "summary") != NULL ? sl_json_lookup_string (audit, "summary") : "");
      g_free (facts);
      facts = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->facts_label, facts);

  progress = g_strdup_printf (_("%u of %u reviewed"), (guint) reviewed, (guint) size);
  gtk_progress_bar_set_text (self->progress_bar, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, size > 0 ? (double) reviewed / size : 1.0);

  /* The rows come back as they were: open ones open, notes not yet saved kept. */
  same_audit = self->shown_id == sl_json_lookup_int (audit, "id");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->items_list));
       same_audit && row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      gpointer position = g_object_get_data (G_OBJECT (row), "position");
      GtkEditable *note = g_object_get_data (G_OBJECT (row), "note");

      if (ADW_IS_EXPANDER_ROW (row) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (open, position);
      if (note != NULL && gtk_editable_get_text (note)[0] != '\0')
        g_hash_table_insert (notes, position, g_strdup (gtk_editable_get_text (note)));
    }
  self->shown_id = sl_json_lookup_int (audit, "id");

  clear_list (self->items_list);
  if (sl_json_get_array (audit, "items", FALSE, &items, NULL) && items != NULL)
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = sl_json_array_lookup_object (items, i);
        GtkWidget *row;
        GtkEditable *note;
        gpointer position;

        if (item == NULL)
          continue;
        row = item_row (self, item, may_review);
        position = g_object_get_data (G_OBJECT (row), "position");
        note = g_object_get_data (G_OBJECT (row), "note");
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (open, position));
        if (note != NULL && g_hash_table_contains (notes, position))
          gtk_editable_set_text (note, g_hash_table_lookup (notes, position));
        gtk_list_box_append (self->items_list, row);
      }

  gtk_widget_set_visible (GTK_WIDGET (self->close_group), may_review);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), may_review);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), reviewed == size);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_button),
                               reviewed == size ? NULL : _("Review every search of the sample first"));
  gtk_widget_set_visible (GTK_WIDGET (self->memo_button), closed);
  gtk_stack_set_visible_child_name (self->detail_stack, "audit");
}

static gboolean
take_audit (SlCompliancePanel *self,
            JsonObject        *answer)
{
  if (answer == NULL || sl_json_lookup_int (answer, "id") <= 0)
    {
      show_error (self, _("The service sent an audit Sightline cannot read"));
      return FALSE;
    }
  g_clear_pointer (&self->audit, json_object_unref);
  self->audit = json_object_ref (answer);
  self->selected_id = sl_json_lookup_int (answer, "id");
  show_audit (self);
  return TRUE;
}

static void
audit_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlCompliancePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);

  busy_pop (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    show_error (self, error->message);
  /* a quicker click may have chosen another audit meanwhile */
  else if (sl_json_lookup_int (answer, "id") == self->selected_id)
    take_audit (self, answer);
}

static void
load_audit (SlCompliancePanel *self,
            gint64             id)
{
  g_autofree char *path = g_strdup_printf ("/compliance-audits/%" G_GINT64_FORMAT, id);

  self->selected_id = id;
  busy_push (self);
  sl_client_call_async (self->client, "GET", path, NULL, self->cancellable, audit_loaded_cb, g_object_ref (self));
}

/* A review, a close or a new audit: the answer is the audit as it now is. */
static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlCompliancePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);

  busy_pop (self);
  if (self->client == NULL)   /* disposed meanwhile */
    return;
  if (answer == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (take_audit (self, answer))
    {
      self->audit_fresh = TRUE;
      refresh (self);
    }
}

/* ---- starting an audit ---- */

static void
start_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   SlCompliancePanel *self)
{
  GtkEditable *from = g_object_get_data (G_OBJECT (dialog), "from");
  GtkEditable *to = g_object_get_data (G_OBJECT (dialog), "to");
  GtkEditable *seed = g_object_get_data (G_OBJECT (dialog), "seed");

  if (g_str_equal (response, "start"))
    sl_compliance_panel_start_audit (self, gtk_editable_get_text (from), gtk_editable_get_text (to),
                                     gtk_editable_get_text (seed));
}

static GtkWidget *
dialog_entry (GtkWidget  *list,
              const char *title,
              const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -182);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *start = g_date_time_format (then, "%Y-%m-%d");
  AdwMessageDialog *dialog;
  GtkWidget *list;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Start a Compliance Audit?"),
                                                       _("A random sample of the searches made in the window is "
                                                         "drawn, as many as the policy asks. Give a seed to draw "
                                                         "an earlier sample again; leave it empty for a new one.")));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_object_set_data (G_OBJECT (dialog), "from", dialog_entry (list, _("From (YYYY-MM-DD)"), start));
  g_object_set_data (G_OBJECT (dialog), "to", dialog_entry (list, _("To (YYYY-MM-DD)"), today));
  g_object_set_data (G_OBJECT (dialog), "seed", dialog_entry (list, _("Seed (optional)"), NULL));
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Draw Sample"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  g_signal_connect_object (dialog, "response", G_CALLBACK (start_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- closing and the memo ---- */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (widget);

  sl_compliance_panel_close_audit (self, gtk_editable_get_text (GTK_EDITABLE (self->summary_row)));
}

static void
memo_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlCompliancePanel) self = user_data;
  g_autoptr(GError) error = NULL;

  busy_pop (self);
  if (sl_client_download_finish (SL_CLIENT (object), result, &error) < 0)
    {
      if (self->client != NULL)
        show_error (self, error->message);
      return;
    }
  self->memo_saved = TRUE;
  if (self->client != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->memo_file);
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

static void
memo_response_cb (SlCompliancePanel *self,
                  int                response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  if (file != NULL)
    sl_compliance_panel_save_memo (self, file);
  g_clear_object (&self->chooser);
}

static void
save_memo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->selected_id <= 0)
    return;

  name = g_strdup_printf ("compliance-audit-%" G_GINT64_FORMAT ".pdf", self->selected_id);
  self->chooser = gtk_file_chooser_native_new (_("Save the Memorandum"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (memo_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SL_COMPLIANCE_PANEL (widget));
}

/* ---- signal callbacks ---- */

static void
audit_selected_cb (SlCompliancePanel *self,
                   GtkListBoxRow     *row)
{
  gint64 id;

  if (self->showing || row == NULL)
    return;
  id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "id"));
  if (id > 0 && id != sl_json_lookup_int (self->audit, "id"))
    load_audit (self, id);
}

/* ---- GObject ---- */

static void
sl_compliance_panel_map (GtkWidget *widget)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (widget);

  GTK_WIDGET_CLASS (sl_compliance_panel_parent_class)->map (widget);
  if (self->audits == NULL && self->pending == 0)
    refresh (self);
}

static void
sl_compliance_panel_dispose (GObject *object)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_COMPLIANCE_PANEL);
  /* GTK 4.8 drops only the bound template children; the root is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_pointer (&self->audits, json_array_unref);
  g_clear_pointer (&self->audit, json_object_unref);
  g_clear_object (&self->memo_file);

  G_OBJECT_CLASS (sl_compliance_panel_parent_class)->dispose (object);
}

static void
sl_compliance_panel_finalize (GObject *object)
{
  SlCompliancePanel *self = SL_COMPLIANCE_PANEL (object);

  g_free (self->error);
  g_free (self->due_text);

  G_OBJECT_CLASS (sl_compliance_panel_parent_class)->finalize (object);
}

static void
sl_compliance_panel_class_init (SlCompliancePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_compliance_panel_dispose;
  object_class->finalize = sl_compliance_panel_finalize;
  widget_class->map = sl_compliance_panel_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-compliance-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, due_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, due_bar);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, due_label);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, audits_list);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, facts_label);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, items_list);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, close_group);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, summary_row);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, memo_button);
  gtk_widget_class_bind_template_child (widget_class, SlCompliancePanel, close_button);
  gtk_widget_class_bind_template_callback (widget_class, audit_selected_cb);

  gtk_widget_class_install_action (widget_class, "compliance.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "compliance.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "compliance.save-memo", NULL, save_memo_action);
  gtk_widget_class_install_action (widget_class, "compliance.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "compliance.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "compliance.refresh", NULL);
}

static void
sl_compliance_panel_init (SlCompliancePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ---- */

void
sl_compliance_panel_set_client (SlCompliancePanel *self,
                                SlClient          *client)
{
  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));
  g_return_if_fail (SL_IS_CLIENT (client));

  g_set_object (&self->client, client);
}

void
sl_compliance_panel_set_session (SlCompliancePanel *self,
                                 SlSession         *session)
{
  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));

  g_clear_pointer (&self->session, sl_session_unref);
  if (session != NULL)
    self->session = sl_session_ref (session);
  /* Only auditors draw and review; administrators look. */
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), is_auditor (self));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

void
sl_compliance_panel_refresh (SlCompliancePanel *self)
{
  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));

  refresh (self);
}

gboolean
sl_compliance_panel_is_busy (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), FALSE);

  return self->pending > 0;
}

const char *
sl_compliance_panel_get_error (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), NULL);

  return self->error;
}

/* What the panel says of the next audit's due date, or NULL. */
const char *
sl_compliance_panel_get_due_text (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), NULL);

  return self->due_text;
}

guint
sl_compliance_panel_get_n_audits (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), 0);

  return self->audits != NULL ? json_array_get_length (self->audits) : 0;
}

/**
 * sl_compliance_panel_get_audit:
 *
 * Returns: (transfer none) (nullable): the audit shown, with its items
 */
JsonObject *
sl_compliance_panel_get_audit (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), NULL);

  return self->audit;
}

/**
 * sl_compliance_panel_start_audit:
 * @from: a local date YYYY-MM-DD, or "" for the service's default
 * @to: likewise
 * @seed: a number, or "" for a new random sample
 *
 * Draws a sample, as the Start Audit dialog does, and shows it.
 */
void
sl_compliance_panel_start_audit (SlCompliancePanel *self,
                                 const char        *from,
                                 const char        *to,
                                 const char        *seed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *from_iso = sl_clock_local_date_to_iso8601 (from, FALSE);
  g_autofree char *to_iso = sl_clock_local_date_to_iso8601 (to, TRUE);

  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));

  if ((from != NULL && from[0] != '\0' && from_iso == NULL) || (to != NULL && to[0] != '\0' && to_iso == NULL))
    {
      show_error (self, _("Give the window’s dates as YYYY-MM-DD."));
      return;
    }

  json_builder_begin_object (builder);
  if (from_iso != NULL)
    sl_json_builder_add_string_member (builder, "from", from_iso);
  if (to_iso != NULL)
    sl_json_builder_add_string_member (builder, "to", to_iso);
  if (seed != NULL && seed[0] != '\0')
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT32, &value, NULL))
        {
          show_error (self, _("The seed is a whole number from 0 to 4294967295."));
          return;
        }
      sl_json_builder_add_int_member (builder, "seed", (gint64) value);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  show_error (self, NULL);
  busy_push (self);
  sl_client_call_async (self->client, "POST", "/compliance-audits", body, NULL, changed_cb, g_object_ref (self));
}

/* Reviews the shown audit's search at @position, as its Save button does. */
void
sl_compliance_panel_review (SlCompliancePanel *self,
                            gint64             position,
                            gboolean           compliant,
                            const char        *note,
                            gboolean           data_error)
{
  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));
  g_return_if_fail (self->selected_id > 0);

  save_review (self, position, compliant, note, data_error);
}

void
sl_compliance_panel_close_audit (SlCompliancePanel *self,
                                 const char        *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));

  if (self->selected_id <= 0)
    return;
  if (summary == NULL || g_utf8_strlen (summary, -1) < 10)
    {
      show_error (self, _("Write a summary of the findings (at least 10 characters) before closing."));
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_row), "error");

  json_builder_begin_object (builder);
  sl_json_builder_add_string_member (builder, "summary", summary);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("/compliance-audits/%" G_GINT64_FORMAT "/close", self->selected_id);
  show_error (self, NULL);
  busy_push (self);
  sl_client_call_async (self->client, "POST", path, body, NULL, changed_cb, g_object_ref (self));
}

void
sl_compliance_panel_save_memo (SlCompliancePanel *self,
                               GFile             *destination)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SL_IS_COMPLIANCE_PANEL (self));
  g_return_if_fail (G_IS_FILE (destination));

  if (self->selected_id <= 0)
    return;

  path = g_strdup_printf ("/compliance-audits/%" G_GINT64_FORMAT "/memo.pdf", self->selected_id);
  self->memo_saved = FALSE;
  busy_push (self);
  g_set_object (&self->memo_file, destination);
  sl_client_download_async (self->client, path, destination, NULL, NULL, NULL, memo_saved_cb, g_object_ref (self));
}

gboolean
sl_compliance_panel_get_memo_saved (SlCompliancePanel *self)
{
  g_return_val_if_fail (SL_IS_COMPLIANCE_PANEL (self), FALSE);

  return self->memo_saved;
}
