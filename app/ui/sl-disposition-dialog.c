#define G_LOG_DOMAIN "sl-disposition-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-alert-state.h"
#include "sl-alert-view-state.h"
#include "sl-disposition-dialog.h"

struct _SlDispositionDialog
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  GtkListBox       *disposition_list;
  AdwEntryRow      *note_row;
  GtkLabel         *hint_label;

  /* borrowed references: the check buttons belong to disposition_list */
  GPtrArray        *checks;

  const char       *disposition;  /* static, from sl_alert_dispositions() */
};

G_DEFINE_FINAL_TYPE (SlDispositionDialog, sl_disposition_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_response (SlDispositionDialog *self)
{
  gboolean ready = sl_disposition_dialog_can_close (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "close", ready);

  if (self->disposition == NULL)
    gtk_label_set_text (self->hint_label, _("Choose how the alert ended."));
  else if (!ready)
    gtk_label_set_text (self->hint_label, _("Write a note: say what was found and done."));
  else
    gtk_label_set_text (self->hint_label, _("The disposition and the note go into the alert’s history and the access log."));
}

static void
check_toggled_cb (GtkCheckButton      *check,
                  SlDispositionDialog *self)
{
  if (gtk_check_button_get_active (check))
    self->disposition = g_object_get_data (G_OBJECT (check), "sl-disposition");
  else if (g_strcmp0 (self->disposition, g_object_get_data (G_OBJECT (check), "sl-disposition")) == 0)
    self->disposition = NULL;

  update_response (self);
}

static void
note_changed_cb (SlDispositionDialog *self)
{
  update_response (self);
}

static void
add_dispositions (SlDispositionDialog *self)
{
  const char * const *dispositions = sl_alert_dispositions ();
  GtkCheckButton *group = NULL;

  for (guint i = 0; dispositions[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     sl_alert_disposition_get_label (dispositions[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);

      /* The strings of sl_alert_dispositions() are static. */
      g_object_set_data (G_OBJECT (check), "sl-disposition", (gpointer) dispositions[i]);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->disposition_list, row);
      g_ptr_array_add (self->checks, check);
    }
}

static void
sl_disposition_dialog_dispose (GObject *object)
{
  SlDispositionDialog *self = SL_DISPOSITION_DIALOG (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_DISPOSITION_DIALOG);

  G_OBJECT_CLASS (sl_disposition_dialog_parent_class)->dispose (object);
}

static void
sl_disposition_dialog_class_init (SlDispositionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_disposition_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-disposition-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlDispositionDialog, disposition_list);
  gtk_widget_class_bind_template_child (widget_class, SlDispositionDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SlDispositionDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, note_changed_cb);
}

static void
sl_disposition_dialog_init (SlDispositionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_ptr_array_new ();
  add_dispositions (self);
  update_response (self);
}

/**
 * sl_disposition_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @alert: the alert being closed
 * @note: (nullable): the note typed so far, to start from
 *
 * Returns: (transfer none): a new dialog; its ::response is "close" with
 *   a disposition and a note, or "cancel"
 */
SlDispositionDialog *
sl_disposition_dialog_new (GtkWindow  *parent,
                           SlAlert    *alert,
                           const char *note)
{
  SlDispositionDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_ALERT (alert), NULL);

  self = g_object_new (SL_TYPE_DISPOSITION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  /* Translators: %s is a plate, %s the hot list */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("How did the alert for %s on “%s” end?"),
                                  sl_alert_get_plate (alert), sl_alert_get_list_name (alert));
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note != NULL ? note : "");
  update_response (self);
  return self;
}

/**
 * sl_disposition_dialog_get_disposition:
 *
 * Returns: (nullable): the chosen disposition as the API names it
 */
const char *
sl_disposition_dialog_get_disposition (SlDispositionDialog *self)
{
  g_return_val_if_fail (SL_IS_DISPOSITION_DIALOG (self), NULL);
  return self->disposition;
}

/**
 * sl_disposition_dialog_set_disposition:
 * @disposition: one of sl_alert_dispositions()
 */
void
sl_disposition_dialog_set_disposition (SlDispositionDialog *self,
                                       const char          *disposition)
{
  g_return_if_fail (SL_IS_DISPOSITION_DIALOG (self));
  g_return_if_fail (sl_alert_disposition_is_valid (disposition));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "sl-disposition"), disposition) == 0)
        gtk_check_button_set_active (check, TRUE);
    }
}

const char *
sl_disposition_dialog_get_note (SlDispositionDialog *self)
{
  g_return_val_if_fail (SL_IS_DISPOSITION_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_row));
}

/* Whether the alert can be closed: a disposition is chosen and the note says something. */
gboolean
sl_disposition_dialog_can_close (SlDispositionDialog *self)
{
  g_return_val_if_fail (SL_IS_DISPOSITION_DIALOG (self), FALSE);

  return self->disposition != NULL && !sl_note_is_blank (sl_disposition_dialog_get_note (self));
}
