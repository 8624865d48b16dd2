#define G_LOG_DOMAIN "sl-alert-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sl-alert-detail.h"
#include "sl-alert-view-state.h"
#include "sl-disposition-dialog.h"

struct _SlAlertDetail
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkLabel          *plate_label;
  GtkLabel          *region_label;
  GtkLabel          *summary_label;
  GtkLabel          *where_label;
  GtkLabel          *level_label;
  GtkLabel          *state_label;
  GtkLabel          *reminder_label;
  GtkStack          *plate_image_stack;
  GtkLabel          *plate_image_note;
  GtkPicture        *plate_picture;
  GtkStack          *overview_image_stack;
  GtkLabel          *overview_image_note;
  GtkPicture        *overview_picture;
  GtkLabel          *read_plate_label;
  GtkLabel          *matched_plate_label;
  GtkLabel          *entry_plate_label;
  AdwActionRow      *read_plate_row;
  AdwActionRow      *matched_plate_row;
  AdwActionRow      *entry_plate_row;
  AdwActionRow      *match_row;
  AdwActionRow      *retro_row;
  AdwActionRow      *list_row;
  AdwActionRow      *category_row;
  AdwActionRow      *case_row;
  AdwActionRow      *synopsis_row;
  AdwActionRow      *entered_by_row;
  AdwActionRow      *camera_row;
  AdwActionRow      *captured_row;
  AdwActionRow      *confidence_row;
  AdwActionRow      *vehicle_row;
  AdwActionRow      *position_row;
  GtkWidget         *footer;
  GtkEntry          *note_entry;
  GtkBox            *actions_box;
  GtkLabel          *cannot_work_label;
  GtkListBox        *history_list;

  /* borrowed references */
  GtkWindow         *dialog;       /* the disposition dialog while it is open */

  /* owned references */
  SlAlert           *alert;
  SlAlertImageCache *cache;
  char              *level_class;
  char              *state_class;

  SlRoles            roles;
  guint              busy : 1;
};

G_DEFINE_FINAL_TYPE (SlAlertDetail, sl_alert_detail, GTK_TYPE_WIDGET)

enum {
  STEP_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
replace_class (GtkWidget   *widget,
               char       **current,
               const char  *wanted)
{
  if (g_strcmp0 (*current, wanted) == 0)
    return;

  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  g_free (*current);
  *current = g_strdup (wanted);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean present = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, present ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), present);
}

static void
remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    {
      if (GTK_IS_LIST_BOX (widget))
        gtk_list_box_remove (GTK_LIST_BOX (widget), child);
      else
        gtk_box_remove (GTK_BOX (widget), child);
    }
}

typedef struct
{
  SlAlertDetail *detail;   /* a reference */
  SlAlert       *alert;    /* a reference */
  GtkStack      *stack;
  GtkLabel      *note;
  GtkPicture    *picture;
} ImageLoad;

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImageLoad *load = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = sl_alert_image_cache_load_finish (SL_ALERT_IMAGE_CACHE (object), result, &error);

  /* Shown only if the detail still shows the same alert. */
  if (load->detail->alert == load->alert)
    {
      if (texture != NULL)
        {
          gtk_picture_set_paintable (load->picture, GDK_PAINTABLE (texture));
          gtk_stack_set_visible_child_name (load->stack, "picture");
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The image cannot be shown: %s"), error->message);
          gtk_label_set_text (load->note, text);
        }
    }

  g_object_unref (load->detail);
  g_object_unref (load->alert);
  g_free (load);
}

static void
show_image (SlAlertDetail *self,
            const char    *url,
            GtkStack      *stack,
            GtkLabel      *note,
            GtkPicture    *picture,
            const char    *missing)
{
  GdkTexture *texture;
  ImageLoad *load;

  gtk_picture_set_paintable (picture, NULL);
  gtk_stack_set_visible_child_name (stack, "none");

  if (url == NULL || self->cache == NULL)
    {
      gtk_label_set_text (note, missing);
      return;
    }

  texture = sl_alert_image_cache_lookup (self->cache, url);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (stack, "picture");
      return;
    }

  gtk_label_set_text (note, _("Loading…"));
  load = g_new0 (ImageLoad, 1);
  load->detail = g_object_ref (self);
  load->alert = g_object_ref (self->alert);
  load->stack = stack;
  load->note = note;
  load->picture = picture;
  sl_alert_image_cache_load_async (self->cache, url, image_loaded_cb, load);
}

static void
close_dialog (SlAlertDetail *self)
{
  GtkWindow *dialog = g_steal_pointer (&self->dialog);

  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_handlers_disconnect_by_data (dialog, self);
  gtk_window_destroy (dialog);
}

static void
dialog_response_cb (SlAlertDetail       *self,
                    const char          *response,
                    SlDispositionDialog *dialog)
{
  g_autofree char *note = NULL;
  const char *disposition;

  if (self->dialog == GTK_WINDOW (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }

  if (g_strcmp0 (response, "close") != 0 || self->alert == NULL)
    return;

  note = g_strdup (sl_disposition_dialog_get_note (dialog));
  disposition = sl_disposition_dialog_get_disposition (dialog);
  g_signal_emit (self, signals[STEP_REQUESTED], 0, (guint) SL_ALERT_CLOSED, note, disposition);
}

static void
action_clicked_cb (GtkButton     *button,
                   SlAlertDetail *self)
{
  SlAlertState to = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sl-state"));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (self->alert == NULL || self->busy)
    return;

  if (to == SL_ALERT_CLOSED)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      SlDispositionDialog *dialog;

      dialog = sl_disposition_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->alert, note);
      g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb),
                               self, G_CONNECT_SWAPPED);
      self->dialog = GTK_WINDOW (dialog);
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  g_signal_emit (self, signals[STEP_REQUESTED], 0, (guint) to,
                 sl_note_is_blank (note) ? NULL : note, NULL);
}

static void
show_actions (SlAlertDetail          *self,
              const SlAlertViewState *state)
{
  remove_children (GTK_WIDGET (self->actions_box));

  for (guint i = 0; i < state->n_actions; i++)
    {
      const SlAlertAction *action = &state->actions[i];
      GtkWidget *button = gtk_button_new_with_mnemonic (action->label);

      gtk_widget_add_css_class (button, "pill");
      if (action->suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_sensitive (button, action->sensitive && !self->busy);
      gtk_widget_set_tooltip_text (button, action->tooltip);
      g_object_set_data (G_OBJECT (button), "sl-state", GUINT_TO_POINTER (action->to));
      g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
      gtk_box_append (self->actions_box, button);
    }

  gtk_widget_set_visible (self->footer, !state->finished);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->note_entry)), state->can_work);
  gtk_label_set_text (self->cannot_work_label, state->cannot_work_reason);
  gtk_widget_set_visible (GTK_WIDGET (self->cannot_work_label), !state->can_work);
}

static void
show_history (SlAlertDetail *self)
{
  guint n = sl_alert_get_n_steps (self->alert);

  remove_children (GTK_WIDGET (self->history_list));

  /* Newest first, as the list of alerts. */
  for (guint i = n; i > 0; i--)
    {
      const SlAlertStep *step = sl_alert_get_step (self->alert, i - 1);
      g_autofree char *time = sl_alert_format_time (step->at_us, g_get_real_time ());
      GtkWidget *row = adw_action_row_new ();
      GString *subtitle = g_string_new (time);
      const char *title = sl_alert_state_get_label (step->state);
      g_autofree char *closed_title = NULL;

      if (step->disposition != NULL)
        {
          /* Translators: a closing step and how it ended, e.g. "Closed: Arrest" */
          closed_title = g_strdup_printf (_("%s: %s"), title,
                                          sl_alert_disposition_get_label (step->disposition));
          title = closed_title;
        }

      if (step->by != NULL)
        /* Translators: who took a step, after its time */
        g_string_append_printf (subtitle, _(" · by %s"), step->by);
      else
        g_string_append (subtitle, _(" · by the service"));
      if (step->note != NULL && *step->note != '\0')
        g_string_append_printf (subtitle, "\n%s", step->note);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_list_box_append (self->history_list, row);
      g_string_free (subtitle, TRUE);
    }

  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->history_list),
                                                   ADW_TYPE_PREFERENCES_GROUP), n > 0);
}

static void
refresh_actions (SlAlertDetail *self)
{
  SlAlertViewState state;

  if (self->alert == NULL)
    return;

  sl_alert_view_state_init (&state, self->alert, self->roles,
                            gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
  show_actions (self, &state);
  sl_alert_view_state_clear (&state);
}

static void
refresh (SlAlertDetail *self)
{
  SlAlert *alert = self->alert;
  SlAlertViewState state;
  g_autofree char *read_markup = NULL;
  g_autofree char *matched_markup = NULL;
  g_autofree char *entry_markup = NULL;
  g_autofree char *captured = NULL;
  g_autofree char *where = NULL;
  g_autofree char *confidence = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *position = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *state_class = NULL;
  g_autofree char *list = NULL;
  g_autofree char *entry_title = NULL;
  const char *region = sl_alert_get_region (alert);
  const char *entry_region = sl_alert_get_entry_region (alert);

  sl_alert_view_state_init (&state, alert, self->roles,
                            gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));

  /* The header */
  gtk_label_set_text (self->plate_label, sl_alert_get_plate (alert));
  gtk_label_set_text (self->region_label, region);
  gtk_label_set_text (self->summary_label, sl_alert_get_category_label (alert));
  captured = sl_alert_format_time (sl_alert_get_captured_at_us (alert), g_get_real_time ());
  /* Translators: camera and time, e.g. "Broadway & 14th St · 06:50:01" */
  where = g_strdup_printf (_("%s · %s"), sl_alert_get_camera_name (alert), captured);
  gtk_label_set_text (self->where_label, where);
  gtk_label_set_text (self->level_label, sl_alert_level_get_label (sl_alert_get_level (alert)));
  replace_class (GTK_WIDGET (self->level_label), &self->level_class, state.level_css_class);

  if (sl_alert_get_disposition (alert) != NULL)
    /* Translators: a state and the disposition, e.g. "Closed: Arrest" */
    state_text = g_strdup_printf (_("%s: %s"), sl_alert_get_state_label (alert),
                                  sl_alert_disposition_get_label (sl_alert_get_disposition (alert)));
  else
    state_text = g_strdup (sl_alert_get_state_label (alert));
  gtk_label_set_text (self->state_label, state_text);
  state_class = g_strdup_printf ("state-%s", sl_alert_state_to_string (sl_alert_get_state (alert)));
  replace_class (GTK_WIDGET (self->state_label), &self->state_class, state_class);

  gtk_label_set_text (self->reminder_label, state.reminder);

  /* The read beside the entry */
  read_markup = sl_alert_plate_markup (state.read_plate, state.read_marked);
  entry_markup = sl_alert_plate_markup (state.entry_plate, state.entry_marked);
  gtk_label_set_markup (self->read_plate_label, read_markup);
  gtk_label_set_markup (self->entry_plate_label, entry_markup);
  if (state.matched_plate != NULL)
    {
      matched_markup = sl_alert_plate_markup (state.matched_plate, state.matched_marked);
      gtk_label_set_markup (self->matched_plate_label, matched_markup);
    }
  else
    gtk_label_set_text (self->matched_plate_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->matched_plate_row), state.matched_plate != NULL);
  adw_action_row_set_subtitle (self->read_plate_row,
                               *region != '\0' ? region : _("State unknown"));
  adw_action_row_set_subtitle (self->entry_plate_row,
                               *entry_region != '\0' ? entry_region : _("Any state"));
  entry_title = sl_alert_get_kind (alert) == SL_MATCH_PATTERN ? g_strdup (_("Hot-list pattern"))
                                                                : g_strdup (_("Hot-list entry"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entry_plate_row), entry_title);
  adw_action_row_set_subtitle (self->match_row, state.match_description);
  gtk_widget_set_visible (GTK_WIDGET (self->retro_row), sl_alert_get_retro (alert));

  /* The entry */
  list = sl_alert_get_covert (alert)
         /* Translators: a hot list whose hits only privileged users see */
         ? g_strdup_printf (_("%s (covert)"), sl_alert_get_list_name (alert))
         : g_strdup (sl_alert_get_list_name (alert));
  set_row (self->list_row, list);
  set_row (self->category_row, sl_alert_get_category_label (alert));
  set_row (self->case_row, sl_alert_get_case_number (alert));
  set_row (self->synopsis_row, sl_alert_get_synopsis (alert));
  set_row (self->entered_by_row, sl_alert_get_entered_by (alert) != NULL
                                 ? sl_alert_get_entered_by (alert)
                                 : _("Imported list"));

  /* The read */
  set_row (self->camera_row, sl_alert_get_camera_name (alert));
  {
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (sl_alert_get_captured_at_us (alert) / G_USEC_PER_SEC);
    g_autofree char *full = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z") : NULL;

    set_row (self->captured_row, full);
  }
  if (!isnan (sl_alert_get_confidence (alert)))
    /* Translators: the reader's confidence in percent */
    confidence = g_strdup_printf (_("%.0f %%"), sl_alert_get_confidence (alert));
  set_row (self->confidence_row, confidence);
  vehicle = sl_alert_format_vehicle (alert);
  set_row (self->vehicle_row, vehicle);
  if (!isnan (sl_alert_get_lat (alert)) && !isnan (sl_alert_get_lon (alert)))
    {
      if (!isnan (sl_alert_get_heading (alert)))
        /* Translators: latitude, longitude and heading in degrees */
        position = g_strdup_printf (_("%.5f, %.5f, heading %.0f°"), sl_alert_get_lat (alert),
                                    sl_alert_get_lon (alert), sl_alert_get_heading (alert));
      else
        position = g_strdup_printf ("%.5f, %.5f", sl_alert_get_lat (alert), sl_alert_get_lon (alert));
    }
  set_row (self->position_row, position);

  show_actions (self, &state);
  show_history (self);

  sl_alert_view_state_clear (&state);
}

static void
alert_changed_cb (SlAlertDetail *self)
{
  refresh (self);
}

static void
note_changed_cb (SlAlertDetail *self)
{
  refresh_actions (self);
}

static void
sl_alert_detail_dispose (GObject *object)
{
  SlAlertDetail *self = SL_ALERT_DETAIL (object);

  close_dialog (self);
  sl_alert_detail_set_alert (self, NULL);
  g_clear_object (&self->cache);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ALERT_DETAIL);
  /* The template's top widget has no id: unparent it too. */
  {
    GtkWidget *top;

    while ((top = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (top);
  }

  G_OBJECT_CLASS (sl_alert_detail_parent_class)->dispose (object);
}

static void
sl_alert_detail_finalize (GObject *object)
{
  SlAlertDetail *self = SL_ALERT_DETAIL (object);

  g_free (self->level_class);
  g_free (self->state_class);

  G_OBJECT_CLASS (sl_alert_detail_parent_class)->finalize (object);
}

static void
sl_alert_detail_class_init (SlAlertDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_alert_detail_dispose;
  object_class->finalize = sl_alert_detail_finalize;

  /**
   * SlAlertDetail::step-requested:
   * @to: the #SlAlertState the user moves the alert to
   * @note: (nullable): the note
   * @disposition: (nullable): the disposition, when closing
   *
   * The user pressed a button for a next step (and, when closing, chose a
   * disposition). The owner asks the service.
   */
  signals[STEP_REQUESTED] =
    g_signal_new ("step-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-alert-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, region_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, where_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, level_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, state_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, reminder_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, plate_image_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, plate_image_note);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, plate_picture);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, overview_image_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, overview_image_note);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, overview_picture);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, read_plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, entry_plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, read_plate_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, matched_plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, matched_plate_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, entry_plate_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, match_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, retro_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, list_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, category_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, case_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, synopsis_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, entered_by_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, captured_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, confidence_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, vehicle_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, position_row);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, footer);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, note_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, cannot_work_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertDetail, history_list);
  gtk_widget_class_bind_template_callback (widget_class, note_changed_cb);
}

static void
sl_alert_detail_init (SlAlertDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_text (self->reminder_label, sl_alert_stop_reminder ());
}

GtkWidget *
sl_alert_detail_new (void)
{
  return g_object_new (SL_TYPE_ALERT_DETAIL, NULL);
}

/**
 * sl_alert_detail_set_cache:
 * @cache: (nullable): where the images come from
 */
void
sl_alert_detail_set_cache (SlAlertDetail     *self,
                           SlAlertImageCache *cache)
{
  g_return_if_fail (SL_IS_ALERT_DETAIL (self));
  g_set_object (&self->cache, cache);
}

/**
 * sl_alert_detail_set_roles:
 * @roles: the user's roles: they decide whether the buttons work
 */
void
sl_alert_detail_set_roles (SlAlertDetail *self,
                           SlRoles        roles)
{
  g_return_if_fail (SL_IS_ALERT_DETAIL (self));

  self->roles = roles;
  if (self->alert != NULL)
    refresh (self);
}

/**
 * sl_alert_detail_set_alert:
 * @alert: (nullable): the alert to show, %NULL for none
 *
 * The detail follows the alert's changes until it shows another.
 */
void
sl_alert_detail_set_alert (SlAlertDetail *self,
                           SlAlert       *alert)
{
  g_return_if_fail (SL_IS_ALERT_DETAIL (self));
  g_return_if_fail (!alert || SL_IS_ALERT (alert));

  if (self->alert == alert)
    return;

  if (self->alert != NULL)
    g_signal_handlers_disconnect_by_func (self->alert, alert_changed_cb, self);

  /* A note belongs to the alert it was written for. */
  close_dialog (self);
  g_set_object (&self->alert, alert);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");

  if (alert == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_signal_connect_swapped (alert, "notify::state", G_CALLBACK (alert_changed_cb), self);
  g_signal_connect_swapped (alert, "notify::disposition", G_CALLBACK (alert_changed_cb), self);
  g_signal_connect_swapped (alert, "notify::n-steps", G_CALLBACK (alert_changed_cb), self);

  refresh (self);
  show_image (self, sl_alert_get_plate_image_url (alert), self->plate_image_stack,
              self->plate_image_note, self->plate_picture, _("No plate image"));
  show_image (self, sl_alert_get_overview_image_url (alert), self->overview_image_stack,
              self->overview_image_note, self->overview_picture, _("No overview image"));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "alert");
}

/**
 * sl_alert_detail_get_alert:
 *
 * Returns: (transfer none) (nullable): the alert shown
 */
SlAlert *
sl_alert_detail_get_alert (SlAlertDetail *self)
{
  g_return_val_if_fail (SL_IS_ALERT_DETAIL (self), NULL);
  return self->alert;
}

/**
 * sl_alert_detail_set_busy:
 * @busy: whether a step is being sent
 *
 * While busy, the buttons cannot be pressed again.
 */
void
sl_alert_detail_set_busy (SlAlertDetail *self,
                          gboolean       busy)
{
  g_return_if_fail (SL_IS_ALERT_DETAIL (self));

  self->busy = !!busy;
  refresh_actions (self);
}

/* After a step was taken: the note went with it. */
void
sl_alert_detail_clear_note (SlAlertDetail *self)
{
  g_return_if_fail (SL_IS_ALERT_DETAIL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

/**
 * sl_alert_detail_get_action_button:
 * @to: a state
 *
 * Returns: (transfer none) (nullable): the button moving the alert to @to,
 *   %NULL when the detail shows none
 */
GtkWidget *
sl_alert_detail_get_action_button (SlAlertDetail *self,
                                   SlAlertState   to)
{
  g_return_val_if_fail (SL_IS_ALERT_DETAIL (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "sl-state")) == to)
      return child;

  return NULL;
}

guint
sl_alert_detail_get_n_action_buttons (SlAlertDetail *self)
{
  guint n = 0;

  g_return_val_if_fail (SL_IS_ALERT_DETAIL (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/**
 * sl_alert_detail_get_dialog:
 *
 * Returns: (transfer none) (nullable): the disposition dialog while it is open
 */
GtkWindow *
sl_alert_detail_get_dialog (SlAlertDetail *self)
{
  g_return_val_if_fail (SL_IS_ALERT_DETAIL (self), NULL);
  return self->dialog;
}
