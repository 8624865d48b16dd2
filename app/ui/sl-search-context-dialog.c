#define G_LOG_DOMAIN "sl-search-context-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-search-context-dialog.h"

struct _SlSearchContextDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *submit_button;
  AdwEntryRow          *case_row;
  AdwComboRow          *purpose_row;
  AdwEntryRow          *note_row;
  GtkLabel             *case_hint_label;
  GtkLabel             *note_hint_label;
  GtkLabel             *problem_label;

  /* owned references */
  SlPolicy             *policy;
  GtkStringList        *purpose_labels;   /* item 0 is "choose", then the profile's */
  char                 *missing;
  char                 *refusal;          /* the service's reason, until a field changes */
};

G_DEFINE_FINAL_TYPE (SlSearchContextDialog, sl_search_context_dialog, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
selected_purpose_code (SlSearchContextDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->purpose_row);
  const SlPurpose *purposes;
  guint n = 0;

  purposes = sl_policy_get_purposes (self->policy, &n);
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > n)
    return NULL;
  return purposes[selected - 1].code;
}

static void
mark (GtkWidget *row,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
update (SlSearchContextDialog *self)
{
  SlSearchContextCheck check;
  GString *problems = g_string_new (NULL);

  sl_search_context_check (self->policy,
                           gtk_editable_get_text (GTK_EDITABLE (self->case_row)),
                           selected_purpose_code (self),
                           gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                           &check);

  mark (GTK_WIDGET (self->case_row), check.case_number_error != NULL);
  mark (GTK_WIDGET (self->purpose_row), check.purpose_error != NULL);
  mark (GTK_WIDGET (self->note_row), check.note_error != NULL);

  if (self->refusal != NULL)
    g_string_append (problems, self->refusal);
  else
    {
      const char *errors[] = { check.case_number_error, check.purpose_error, check.note_error };

      for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
        if (errors[i] != NULL)
          g_string_append_printf (problems, "%s%s", problems->len > 0 ? "\n" : "", errors[i]);
    }
  gtk_label_set_text (self->problem_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problems->len > 0);
  g_string_free (problems, TRUE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), check.can_submit);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->submit_button), check.missing);
  g_free (self->missing);
  self->missing = g_steal_pointer (&check.missing);

  sl_search_context_check_clear (&check);
}

static void
field_changed_cb (SlSearchContextDialog *self)
{
  g_clear_pointer (&self->refusal, g_free);
  update (self);
}

static void
submit_clicked_cb (SlSearchContextDialog *self)
{
  sl_search_context_dialog_submit (self);
}

static void
sl_search_context_dialog_dispose (GObject *object)
{
  SlSearchContextDialog *self = SL_SEARCH_CONTEXT_DIALOG (object);

  g_clear_object (&self->purpose_labels);

  G_OBJECT_CLASS (sl_search_context_dialog_parent_class)->dispose (object);
}

static void
sl_search_context_dialog_finalize (GObject *object)
{
  SlSearchContextDialog *self = SL_SEARCH_CONTEXT_DIALOG (object);

  g_clear_pointer (&self->policy, sl_policy_unref);
  g_free (self->missing);
  g_free (self->refusal);

  G_OBJECT_CLASS (sl_search_context_dialog_parent_class)->finalize (object);
}

static void
sl_search_context_dialog_class_init (SlSearchContextDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_search_context_dialog_dispose;
  object_class->finalize = sl_search_context_dialog_finalize;

  /**
   * SlSearchContextDialog::chosen:
   * @context: the case and purpose, checked against the profile
   */
  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SL_TYPE_SEARCH_CONTEXT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-search-context-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, case_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, note_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchContextDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_search_context_dialog_init (SlSearchContextDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sl_search_context_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @policy: the agency's profile
 * @current: (nullable): the context in use, to change
 *
 * Returns: (transfer none): a new dialog, not shown yet; it emits
 *   #SlSearchContextDialog::chosen and closes itself
 */
SlSearchContextDialog *
sl_search_context_dialog_new (GtkWindow       *parent,
                              SlPolicy        *policy,
                              SlSearchContext *current)
{
  SlSearchContextDialog *self;
  g_autofree char *case_hint = NULL;
  const SlPurpose *purposes;
  guint n = 0;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  self = g_object_new (SL_TYPE_SEARCH_CONTEXT_DIALOG, "transient-for", parent, NULL);
  self->policy = sl_policy_ref (policy);

  self->purpose_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (self->purpose_labels, _("Choose a purpose…"));
  purposes = sl_policy_get_purposes (policy, &n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->purpose_labels, purposes[i].label);
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (self->purpose_labels));

  /* Translators: %s is an example case number, e.g. 26-012345 */
  case_hint = g_strdup_printf (_("Case number in the agency’s format, for example %s."),
                               sl_policy_get_case_number_example (policy));
  gtk_label_set_text (self->case_hint_label, case_hint);
  gtk_label_set_text (self->note_hint_label,
                      _("Say what the search is for in at least 10 characters, naming the offense "
                        "and what you are looking for. Generic words alone, such as "
                        "“investigation”, “test” or “official business”, are refused."));

  if (current != NULL)
    sl_search_context_dialog_set_fields (self, sl_search_context_get_case_number (current),
                                         sl_search_context_get_purpose_code (current),
                                         sl_search_context_get_note (current));
  update (self);
  return self;
}

/**
 * sl_search_context_dialog_set_fields:
 * @case_number: (nullable): the case number
 * @purpose_code: (nullable): a purpose code of the profile
 * @note: (nullable): the note
 */
void
sl_search_context_dialog_set_fields (SlSearchContextDialog *self,
                                     const char            *case_number,
                                     const char            *purpose_code,
                                     const char            *note)
{
  const SlPurpose *purposes;
  guint n = 0;

  g_return_if_fail (SL_IS_SEARCH_CONTEXT_DIALOG (self));

  if (case_number != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->case_row), case_number);
  if (note != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), note);

  purposes = sl_policy_get_purposes (self->policy, &n);
  for (guint i = 0; purpose_code != NULL && i < n; i++)
    if (g_str_equal (purposes[i].code, purpose_code))
      adw_combo_row_set_selected (self->purpose_row, i + 1);
}

/**
 * sl_search_context_dialog_show_refusal:
 * @error: the service's refusal of a search made under the context
 *
 * Shows the service's reason and puts the focus on the field at fault.
 */
void
sl_search_context_dialog_show_refusal (SlSearchContextDialog *self,
                                       const GError          *error)
{
  GtkWidget *field = NULL;

  g_return_if_fail (SL_IS_SEARCH_CONTEXT_DIALOG (self));
  g_return_if_fail (error != NULL);

  switch (sl_search_field_for_error (error))
    {
    case SL_SEARCH_FIELD_CASE_NUMBER: field = GTK_WIDGET (self->case_row); break;
    case SL_SEARCH_FIELD_PURPOSE:     field = GTK_WIDGET (self->purpose_row); break;
    case SL_SEARCH_FIELD_NOTE:        field = GTK_WIDGET (self->note_row); break;
    case SL_SEARCH_FIELD_NONE:
    default:
      break;
    }

  update (self);
  g_free (self->refusal);
  self->refusal = g_strdup (error->message);
  gtk_label_set_text (self->problem_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
  if (field != NULL)
    {
      mark (field, TRUE);
      gtk_widget_grab_focus (field);
    }
}

gboolean
sl_search_context_dialog_can_submit (SlSearchContextDialog *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_CONTEXT_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->submit_button));
}

/**
 * sl_search_context_dialog_get_missing:
 *
 * Returns: (nullable): what the submit button's tooltip says is missing
 */
const char *
sl_search_context_dialog_get_missing (SlSearchContextDialog *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_CONTEXT_DIALOG (self), NULL);
  return self->missing;
}

/**
 * sl_search_context_dialog_submit:
 *
 * Emits #SlSearchContextDialog::chosen and closes, if the fields pass.
 *
 * Returns: whether they did
 */
gboolean
sl_search_context_dialog_submit (SlSearchContextDialog *self)
{
  g_autoptr(SlSearchContext) context = NULL;
  const SlPurpose *purpose;

  g_return_val_if_fail (SL_IS_SEARCH_CONTEXT_DIALOG (self), FALSE);

  update (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->submit_button)))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  purpose = sl_policy_find_purpose (self->policy, selected_purpose_code (self));
  context = sl_search_context_new (gtk_editable_get_text (GTK_EDITABLE (self->case_row)),
                                   purpose->code, purpose->label,
                                   gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
  g_signal_emit (self, signals[CHOSEN], 0, context);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
