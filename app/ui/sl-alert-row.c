#define G_LOG_DOMAIN "sl-alert-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-alert-row.h"
#include "sl-alert-view-state.h"

struct _SlAlertRow
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkStack          *thumbnail_stack;
  GtkPicture        *thumbnail;
  GtkLabel          *plate_label;
  GtkLabel          *region_label;
  GtkLabel          *time_label;
  GtkLabel          *list_label;
  GtkLabel          *details_label;
  GtkLabel          *state_label;

  /* owned references */
  SlAlertImageCache *cache;
  SlAlert           *alert;
  char              *level_class;
  char              *state_class;
};

G_DEFINE_FINAL_TYPE (SlAlertRow, sl_alert_row, GTK_TYPE_WIDGET)

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
show_state (SlAlertRow *self)
{
  g_autofree char *state_class = NULL;

  if (self->alert == NULL)
    return;

  gtk_label_set_text (self->state_label, sl_alert_get_state_label (self->alert));
  state_class = g_strdup_printf ("state-%s", sl_alert_state_to_string (sl_alert_get_state (self->alert)));
  replace_class (GTK_WIDGET (self->state_label), &self->state_class, state_class);
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SlAlertRow) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  texture = sl_alert_image_cache_load_finish (SL_ALERT_IMAGE_CACHE (object), result, &error);

  /* The row may show another alert by now. */
  url = self->alert != NULL ? sl_alert_get_plate_image_url (self->alert) : NULL;
  if (texture == NULL || url == NULL ||
      sl_alert_image_cache_lookup (SL_ALERT_IMAGE_CACHE (object), url) != texture)
    return;

  gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->thumbnail_stack, "picture");
}

static void
show_thumbnail (SlAlertRow *self)
{
  const char *url = sl_alert_get_plate_image_url (self->alert);
  GdkTexture *texture;

  gtk_picture_set_paintable (self->thumbnail, NULL);
  gtk_stack_set_visible_child_name (self->thumbnail_stack, "placeholder");

  if (url == NULL || self->cache == NULL)
    return;

  texture = sl_alert_image_cache_lookup (self->cache, url);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (self->thumbnail_stack, "picture");
      return;
    }

  /* Fetched only when a row shows it: the list binds visible rows only. */
  sl_alert_image_cache_load_async (self->cache, url, thumbnail_loaded_cb, g_object_ref (self));
}

static void
state_changed_cb (SlAlertRow *self)
{
  show_state (self);
}

static void
sl_alert_row_dispose (GObject *object)
{
  SlAlertRow *self = SL_ALERT_ROW (object);

  sl_alert_row_set_alert (self, NULL);
  g_clear_object (&self->cache);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ALERT_ROW);
  /* The template's top widget has no id: unparent it too. */
  {
    GtkWidget *top;

    while ((top = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (top);
  }

  G_OBJECT_CLASS (sl_alert_row_parent_class)->dispose (object);
}

static void
sl_alert_row_finalize (GObject *object)
{
  SlAlertRow *self = SL_ALERT_ROW (object);

  g_free (self->level_class);
  g_free (self->state_class);

  G_OBJECT_CLASS (sl_alert_row_parent_class)->finalize (object);
}

static void
sl_alert_row_class_init (SlAlertRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_alert_row_dispose;
  object_class->finalize = sl_alert_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-alert-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, region_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, list_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, SlAlertRow, state_label);

  gtk_widget_class_set_css_name (widget_class, "alertrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_alert_row_init (SlAlertRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sl_alert_row_new:
 * @cache: (nullable): where the row fetches its plate image
 */
GtkWidget *
sl_alert_row_new (SlAlertImageCache *cache)
{
  SlAlertRow *self = g_object_new (SL_TYPE_ALERT_ROW, NULL);

  g_set_object (&self->cache, cache);
  return GTK_WIDGET (self);
}

/**
 * sl_alert_row_set_alert:
 * @alert: (nullable): the alert to show
 *
 * The row follows the alert's state until it shows another.
 */
void
sl_alert_row_set_alert (SlAlertRow *self,
                        SlAlert    *alert)
{
  g_autofree char *time = NULL;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (SL_IS_ALERT_ROW (self));
  g_return_if_fail (!alert || SL_IS_ALERT (alert));

  if (self->alert == alert)
    return;

  if (self->alert != NULL)
    g_signal_handlers_disconnect_by_func (self->alert, state_changed_cb, self);
  g_set_object (&self->alert, alert);

  if (alert == NULL)
    {
      gtk_picture_set_paintable (self->thumbnail, NULL);
      return;
    }

  g_signal_connect_swapped (alert, "notify::state", G_CALLBACK (state_changed_cb), self);

  time = sl_alert_format_time (sl_alert_get_captured_at_us (alert), g_get_real_time ());
  /* Translators: reason and camera, e.g. "Stolen vehicle · Broadway & 14th St" */
  details = g_strdup_printf (_("%s · %s"), sl_alert_get_category_label (alert),
                             sl_alert_get_camera_name (alert));

  gtk_label_set_text (self->plate_label, sl_alert_get_plate (alert));
  gtk_label_set_text (self->region_label, sl_alert_get_region (alert));
  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->list_label, sl_alert_get_list_name (alert));
  gtk_label_set_text (self->details_label, details);
  replace_class (GTK_WIDGET (self), &self->level_class,
                 sl_alert_level_css_class (sl_alert_get_level (alert)));
  show_state (self);
  show_thumbnail (self);

  /* Translators: what a screen reader says of an alert row */
  accessible = g_strdup_printf (_("%s alert: %s, %s, %s at %s"),
                                sl_alert_level_get_label (sl_alert_get_level (alert)),
                                sl_alert_get_plate (alert), sl_alert_get_list_name (alert),
                                details, time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

/**
 * sl_alert_row_get_alert:
 *
 * Returns: (transfer none) (nullable): the alert shown
 */
SlAlert *
sl_alert_row_get_alert (SlAlertRow *self)
{
  g_return_val_if_fail (SL_IS_ALERT_ROW (self), NULL);
  return self->alert;
}
