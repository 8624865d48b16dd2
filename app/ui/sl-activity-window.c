#define G_LOG_DOMAIN "sl-activity-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-activity-window.h"

/* Everyone's own records, from /audit/mine, in the list the Audit page uses. */

/* As the rows of kind_dropdown; NULL: every action. Searches come first:
 * alerts on the Live page view many images without a case. */
static const char * const kinds[] = { "search.", "image.view", "alert.", "session.", NULL };

struct _SlActivityWindow
{
  AdwWindow     parent_instance;

  /* template widgets */
  GtkDropDown  *kind_dropdown;
  SlAuditList  *list;

  /* owned references */
  SlClient     *client;
};

G_DEFINE_FINAL_TYPE (SlActivityWindow, sl_activity_window, ADW_TYPE_WINDOW)

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sl_activity_window_reload (SL_ACTIVITY_WINDOW (widget));
}

static void
kind_changed_cb (SlActivityWindow *self)
{
  if (self->client != NULL)
    sl_activity_window_reload (self);
}

static void
sl_activity_window_dispose (GObject *object)
{
  SlActivityWindow *self = SL_ACTIVITY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ACTIVITY_WINDOW);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_activity_window_parent_class)->dispose (object);
}

static void
sl_activity_window_class_init (SlActivityWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_activity_window_dispose;

  g_type_ensure (SL_TYPE_AUDIT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-activity-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlActivityWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlActivityWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "activity.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "activity.reload", NULL);
}

static void
sl_activity_window_init (SlActivityWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_audit_list_set_scope (self->list, SL_AUDIT_SCOPE_OWN);
}

/**
 * sl_activity_window_new:
 * @parent: (nullable): the main window
 * @client: the client, logged in
 *
 * Returns: (transfer none): a window that shows the newest of the user's
 *   own records at once
 */
SlActivityWindow *
sl_activity_window_new (GtkWindow *parent,
                        SlClient  *client)
{
  SlActivityWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_CLIENT (client), NULL);

  self = g_object_new (SL_TYPE_ACTIVITY_WINDOW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  sl_audit_list_set_client (self->list, client);
  sl_activity_window_reload (self);
  return self;
}

/**
 * sl_activity_window_get_list:
 *
 * Returns: (transfer none): the records' list
 */
SlAuditList *
sl_activity_window_get_list (SlActivityWindow *self)
{
  g_return_val_if_fail (SL_IS_ACTIVITY_WINDOW (self), NULL);
  return self->list;
}

/**
 * sl_activity_window_reload:
 *
 * Shows the newest of the user's records of the chosen kind again.
 */
void
sl_activity_window_reload (SlActivityWindow *self)
{
  guint kind;
  SlAuditFilter filter = { 0 };

  g_return_if_fail (SL_IS_ACTIVITY_WINDOW (self));

  kind = gtk_drop_down_get_selected (self->kind_dropdown);
  if (kind < G_N_ELEMENTS (kinds))
    filter.action = kinds[kind];
  sl_audit_list_load (self->list, &filter);
}
