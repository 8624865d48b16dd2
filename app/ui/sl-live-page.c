#define G_LOG_DOMAIN "sl-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-alert-row.h"
#include "sl-alert-sound.h"
#include "sl-alert-view-state.h"
#include "sl-camera-tile.h"
#include "sl-live-page.h"
#include "sl-window.h"

/* The newest alerts the page loads when shown; older ones are a search. */
#define ALERT_PAGE_SIZE 200
/* A long shift's stream stops growing the list here; older alerts are a search. */
#define MAX_ALERTS 1000
#define CAMERA_REFRESH_SECONDS 15
/* A stream not connected this long after starting is reported. */
#define CONNECT_GRACE_SECONDS 3

struct _SlLivePage
{
  GtkWidget           parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *page_stack;
  GtkRevealer        *stream_revealer;
  GtkLabel           *stream_label;
  GtkImage           *status_dot;
  GtkLabel           *status_label;
  GtkStack           *view_stack;
  AdwLeaflet         *leaflet;
  GtkStack           *list_stack;
  AdwStatusPage      *error_page;
  GtkListView        *alert_list;
  GtkRevealer        *back_revealer;
  SlAlertDetail      *detail;
  GtkStack           *cameras_stack;
  AdwStatusPage      *cameras_status;
  GtkFlowBox         *camera_grid;

  /* owned references */
  SlClient           *client;
  SlSession          *session;
  SlAlertStream      *stream;
  SlAlertImageCache  *cache;
  GSettings          *settings;
  GSimpleActionGroup *actions;
  GListStore         *alerts;
  GtkSingleSelection *selection;
  GListStore         *cameras;
  GCancellable       *cancellable;          /* alert requests */
  GCancellable       *step_cancellable;     /* state changes: cancelled only in dispose */
  GCancellable       *cameras_cancellable;

  gint64              catch_up_after;       /* a load announces new alerts above this id */

  guint               camera_refresh_source;
  guint               grace_source;
  guint               unseen;
  guint               n_notified;
  guint               loaded : 1;
  guint               loading : 1;
  guint               was_connected : 1;
  guint               stream_failed : 1;
};

G_DEFINE_FINAL_TYPE (SlLivePage, sl_live_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_UNSEEN_ALERTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_alerts (SlLivePage *self);
static void load_cameras (SlLivePage *self);
static void fetch_history (SlLivePage *self,
                           SlAlert    *alert);

static gboolean
is_live (SlLivePage *self)
{
  return self->client != NULL && self->session != NULL &&
         sl_session_get_training_status (self->session) == SL_TRAINING_CURRENT;
}

static void
toast (SlLivePage *self,
       const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_unseen (SlLivePage *self,
            guint       unseen)
{
  if (self->unseen == unseen)
    return;

  self->unseen = unseen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSEEN_ALERTS]);
}

/* Newest first: alert ids grow with time. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 id_a = sl_alert_get_id ((SlAlert *) a);
  gint64 id_b = sl_alert_get_id ((SlAlert *) b);

  return id_a < id_b ? 1 : id_a > id_b ? -1 : 0;
}

static SlAlert *
find_alert (SlLivePage *self,
            gint64      id,
            guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->alerts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlAlert) alert = g_list_model_get_item (G_LIST_MODEL (self->alerts), i);

      if (sl_alert_get_id (alert) == id)
        {
          if (position != NULL)
            *position = i;
          return alert;
        }
    }

  return NULL;
}

static gint64
newest_id (SlLivePage *self)
{
  g_autoptr(SlAlert) newest = g_list_model_get_item (G_LIST_MODEL (self->alerts), 0);

  return newest != NULL ? sl_alert_get_id (newest) : 0;
}

static void
update_list_stack (SlLivePage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (self->loading)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "error") != 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Returns whether @alert was new to the list; a known one is updated in place. */
static gboolean
merge_alert (SlLivePage *self,
             SlAlert    *alert)
{
  SlAlert *known = find_alert (self, sl_alert_get_id (alert), NULL);

  if (known != NULL)
    {
      if (sl_alert_update_from (known, alert) && known == sl_alert_detail_get_alert (self->detail))
        fetch_history (self, known);
      return FALSE;
    }

  g_list_store_insert_sorted (self->alerts, alert, compare_newest_first, NULL);

  while (g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) > MAX_ALERTS)
    {
      guint last = g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) - 1;
      g_autoptr(SlAlert) oldest = g_list_model_get_item (G_LIST_MODEL (self->alerts), last);

      if (oldest == sl_alert_detail_get_alert (self->detail))
        break;
      g_list_store_remove (self->alerts, last);
    }

  update_list_stack (self);
  return TRUE;
}

static void
send_notification (SlLivePage *self,
                   SlAlert    *alert)
{
  GApplication *application = g_application_get_default ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (application == NULL || !g_application_get_is_registered (application))
    return;

  /* A locked window hides its contents; so does its notification. */
  if (SL_IS_WINDOW (root) && sl_window_get_locked (SL_WINDOW (root)))
    {
      notification = g_notification_new (_("New Hot-List Alert"));
      g_notification_set_body (notification, _("Unlock Sightline to see it."));
    }
  else
    {
      g_autofree char *title = sl_alert_notification_title (alert);
      g_autofree char *body = sl_alert_notification_body (alert);

      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
    }

  g_notification_set_priority (notification,
                               sl_alert_get_level (alert) == SL_ALERT_LEVEL_HIGH
                               ? G_NOTIFICATION_PRIORITY_URGENT
                               : G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_category (notification, "im.received");

  id = g_strdup_printf ("alert-%" G_GINT64_FORMAT, sl_alert_get_id (alert));
  g_application_send_notification (application, id, notification);
  self->n_notified++;
}

static void
announce (SlLivePage *self,
          SlAlert    *alert)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    set_unseen (self, self->unseen + 1);

  if (g_settings_get_boolean (self->settings, "alert-sound"))
    sl_alert_sound_play ();
  if (g_settings_get_boolean (self->settings, "alert-notifications"))
    send_notification (self, alert);
}

static void
alerts_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlLivePage) self = user_data;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;

  alerts = sl_client_list_alerts_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (alerts == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) == 0)
        gtk_stack_set_visible_child_name (self->list_stack, "error");
      else
        toast (self, error->message);
      return;
    }

  self->loaded = TRUE;
  /* Oldest first, so they are announced in the order they were raised. */
  for (guint i = alerts->len; i > 0; i--)
    {
      SlAlert *alert = g_ptr_array_index (alerts, i - 1);

      if (merge_alert (self, alert) && sl_alert_get_id (alert) > self->catch_up_after &&
          sl_alert_get_state (alert) == SL_ALERT_NEW)
        announce (self, alert);
    }
  self->catch_up_after = G_MAXINT64;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  update_list_stack (self);
}

static void
load_alerts (SlLivePage *self)
{
  SlAlertFilter filter = { .limit = ALERT_PAGE_SIZE };

  if (!is_live (self))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* After the first load, what a load brings beyond the newest alert known
   * now arrived while the stream was away: announce it. A load cancelled
   * by this one keeps its older mark. */
  if (self->loaded)
    self->catch_up_after = MIN (self->catch_up_after, newest_id (self));

  self->loading = TRUE;
  update_list_stack (self);
  sl_client_list_alerts_async (self->client, &filter, self->cancellable,
                               alerts_loaded_cb, g_object_ref (self));
}

static GtkWidget *
create_camera_tile_cb (gpointer item,
                       gpointer user_data)
{
  return sl_camera_tile_new (SL_CAMERA_STATUS (item));
}

static void
cameras_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlLivePage) self = user_data;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GHashTable) fresh = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  cameras = sl_client_list_cameras_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (cameras == NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
        {
          adw_status_page_set_title (self->cameras_status, _("Cameras Cannot Be Loaded"));
          adw_status_page_set_description (self->cameras_status, error->message);
        }
      else
        toast (self, error->message);
      return;
    }

  /* Known cameras are updated in place, so their video keeps playing. */
  fresh = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraStatus *camera = g_ptr_array_index (cameras, i);
      gint64 *id = g_new (gint64, 1);

      *id = sl_camera_status_get_id (camera);
      g_hash_table_insert (fresh, id, camera);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SlCameraStatus) known = g_list_model_get_item (G_LIST_MODEL (self->cameras), i - 1);
      gint64 id = sl_camera_status_get_id (known);
      SlCameraStatus *camera = g_hash_table_lookup (fresh, &id);

      if (camera == NULL)
        g_list_store_remove (self->cameras, i - 1);
      else
        {
          sl_camera_status_update_from (known, camera);
          g_hash_table_remove (fresh, &id);
        }
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraStatus *camera = g_ptr_array_index (cameras, i);
      gint64 id = sl_camera_status_get_id (camera);

      if (g_hash_table_contains (fresh, &id))
        g_list_store_append (self->cameras, camera);
    }

  adw_status_page_set_title (self->cameras_status, _("No Cameras"));
  adw_status_page_set_description (self->cameras_status,
                                   _("Cameras the ALPR Administrator adds appear here with their live video."));
  gtk_stack_set_visible_child_name (self->cameras_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) > 0
                                    ? "grid" : "empty");
}

static void
load_cameras (SlLivePage *self)
{
  if (!is_live (self))
    return;

  g_cancellable_cancel (self->cameras_cancellable);
  g_clear_object (&self->cameras_cancellable);
  self->cameras_cancellable = g_cancellable_new ();
  sl_client_list_cameras_async (self->client, self->cameras_cancellable,
                                cameras_loaded_cb, g_object_ref (self));
}

static gboolean
camera_refresh_cb (gpointer user_data)
{
  load_cameras (user_data);
  return G_SOURCE_CONTINUE;
}

/* Cameras are refreshed only while their panel is on screen. */
static void
update_camera_refresh (SlLivePage *self)
{
  gboolean showing = gtk_widget_get_mapped (GTK_WIDGET (self)) && is_live (self) &&
                     g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "cameras") == 0;

  if (showing && self->camera_refresh_source == 0)
    {
      load_cameras (self);
      self->camera_refresh_source = g_timeout_add_seconds (CAMERA_REFRESH_SECONDS,
                                                           camera_refresh_cb, self);
    }
  else if (!showing && self->camera_refresh_source != 0)
    {
      g_clear_handle_id (&self->camera_refresh_source, g_source_remove);
      g_cancellable_cancel (self->cameras_cancellable);
      g_clear_object (&self->cameras_cancellable);
    }
}

static void
show_connection (SlLivePage *self)
{
  gboolean connected = self->stream != NULL && sl_alert_stream_get_connected (self->stream);
  const GError *error = self->stream != NULL ? sl_alert_stream_get_last_error (self->stream) : NULL;

  gtk_label_set_text (self->status_label, connected ? _("Live") : _("Connecting…"));
  if (connected)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_dot), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_dot), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_dot), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_dot), "error");
    }

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("New alerts cannot reach this workstation: %s "
                                                 "Reconnecting by itself…"), error->message);
      gtk_label_set_text (self->stream_label, text);
    }
  else
    gtk_label_set_text (self->stream_label, _("New alerts cannot reach this workstation. "
                                              "Reconnecting by itself…"));

  gtk_revealer_set_reveal_child (self->stream_revealer,
                                 !connected && is_live (self) &&
                                 (self->was_connected || self->stream_failed));
}

static gboolean
grace_cb (gpointer user_data)
{
  SlLivePage *self = user_data;

  self->grace_source = 0;
  self->stream_failed = TRUE;
  show_connection (self);
  return G_SOURCE_REMOVE;
}

static void
connected_changed_cb (SlLivePage    *self,
                      GParamSpec    *pspec,
                      SlAlertStream *stream)
{
  if (sl_alert_stream_get_connected (stream))
    {
      g_clear_handle_id (&self->grace_source, g_source_remove);
      /* Back after a gap: fetch what arrived meanwhile. */
      if (self->was_connected && self->loaded)
        load_alerts (self);
      self->was_connected = TRUE;
      self->stream_failed = FALSE;
    }

  show_connection (self);
}

static void
alert_received_cb (SlLivePage    *self,
                   SlAlert       *alert,
                   SlAlertStream *stream)
{
  if (merge_alert (self, alert))
    announce (self, alert);
}

static void
alert_updated_cb (SlLivePage    *self,
                  SlAlert       *alert,
                  SlAlertStream *stream)
{
  merge_alert (self, alert);
}

static void
alert_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SlLivePage) self = user_data;
  g_autoptr(SlAlert) alert = NULL;

  alert = sl_client_get_alert_finish (SL_CLIENT (object), result, NULL);
  if (alert != NULL)
    merge_alert (self, alert);
}

/* The list leaves the history out; the detail shows it. */
static void
fetch_history (SlLivePage *self,
               SlAlert    *alert)
{
  if (alert == NULL || sl_alert_has_history (alert) || self->client == NULL)
    return;

  sl_client_get_alert_async (self->client, sl_alert_get_id (alert), self->cancellable,
                             alert_refreshed_cb, g_object_ref (self));
}

static void
selection_changed_cb (SlLivePage *self)
{
  SlAlert *alert = gtk_single_selection_get_selected_item (self->selection);

  sl_alert_detail_set_alert (self->detail, alert);
  fetch_history (self, alert);
}

static void
alert_activated_cb (SlLivePage  *self,
                    guint        position,
                    GtkListView *list)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
folded_changed_cb (SlLivePage *self)
{
  gtk_revealer_set_reveal_child (self->back_revealer, adw_leaflet_get_folded (self->leaflet));
}

static void
view_changed_cb (SlLivePage *self)
{
  update_camera_refresh (self);
}

static void
state_set_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlLivePage) self = user_data;
  g_autoptr(SlAlert) alert = NULL;
  g_autoptr(GError) error = NULL;
  SlAlert *shown;

  alert = sl_client_set_alert_state_finish (SL_CLIENT (object), result, &error);
  /* Cancelled only in dispose, when the detail is gone with the page. */
  if (self->detail == NULL)
    return;

  sl_alert_detail_set_busy (self->detail, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  shown = sl_alert_detail_get_alert (self->detail);

  if (alert == NULL)
    {
      toast (self, error->message);
      /* Someone else moved it first: show where it is now. */
      if (g_error_matches (error, SL_CLIENT_ERROR, SL_CLIENT_ERROR_CONFLICT) && shown != NULL)
        sl_client_get_alert_async (self->client, sl_alert_get_id (shown), self->cancellable,
                                   alert_refreshed_cb, g_object_ref (self));
      return;
    }

  if (shown != NULL && sl_alert_get_id (shown) == sl_alert_get_id (alert))
    sl_alert_detail_clear_note (self->detail);
  merge_alert (self, alert);

  {
    /* Translators: %s is an alert state, e.g. "Visually verified" */
    g_autofree char *text = g_strdup_printf (_("The alert is now “%s”"), sl_alert_get_state_label (alert));
    toast (self, text);
  }
}

static void
step_requested_cb (SlLivePage    *self,
                   guint          to,
                   const char    *note,
                   const char    *disposition,
                   SlAlertDetail *detail)
{
  SlAlert *alert = sl_alert_detail_get_alert (detail);

  if (alert == NULL || self->client == NULL)
    return;

  sl_alert_detail_set_busy (detail, TRUE);
  sl_client_set_alert_state_async (self->client, sl_alert_get_id (alert), to, note, disposition,
                                   self->step_cancellable, state_set_cb, g_object_ref (self));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SlLivePage               *self)
{
  gtk_list_item_set_child (item, sl_alert_row_new (self->cache));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SlLivePage               *self)
{
  sl_alert_row_set_alert (SL_ALERT_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SlLivePage               *self)
{
  sl_alert_row_set_alert (SL_ALERT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SlLivePage *self = user_data;

  if (self->stream == NULL || !is_live (self))
    return;

  sl_alert_stream_stop (self->stream);
  sl_alert_stream_start (self->stream);
}

static void
reload_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  load_alerts (user_data);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SlLivePage *self = user_data;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->alert_list));
}

static const GActionEntry page_actions[] = {
  { "reconnect", reconnect_action },
  { "reload", reload_action },
  { "back", back_action },
};

static void
sl_live_page_map (GtkWidget *widget)
{
  SlLivePage *self = SL_LIVE_PAGE (widget);

  GTK_WIDGET_CLASS (sl_live_page_parent_class)->map (widget);

  set_unseen (self, 0);
  if (!self->loaded && !self->loading)
    load_alerts (self);
  update_camera_refresh (self);
}

static void
sl_live_page_unmap (GtkWidget *widget)
{
  SlLivePage *self = SL_LIVE_PAGE (widget);

  GTK_WIDGET_CLASS (sl_live_page_parent_class)->unmap (widget);

  update_camera_refresh (self);
}

static void
sl_live_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlLivePage *self = SL_LIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_UNSEEN_ALERTS:
      g_value_set_uint (value, self->unseen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_live_page_dispose (GObject *object)
{
  SlLivePage *self = SL_LIVE_PAGE (object);

  g_clear_handle_id (&self->camera_refresh_source, g_source_remove);
  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->step_cancellable);
  g_clear_object (&self->step_cancellable);
  g_cancellable_cancel (self->cameras_cancellable);
  g_clear_object (&self->cameras_cancellable);

  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      sl_alert_stream_stop (self->stream);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_LIVE_PAGE);
  /* The template's top widget has no id: unparent it too. */
  {
    GtkWidget *top;

    while ((top = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (top);
  }

  g_clear_object (&self->stream);
  g_clear_object (&self->cache);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->selection);
  g_clear_object (&self->alerts);
  g_clear_object (&self->cameras);

  G_OBJECT_CLASS (sl_live_page_parent_class)->dispose (object);
}

static void
sl_live_page_class_init (SlLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_live_page_get_property;
  object_class->dispose = sl_live_page_dispose;
  widget_class->map = sl_live_page_map;
  widget_class->unmap = sl_live_page_unmap;

  /**
   * SlLivePage:unseen-alerts:
   *
   * Alerts that arrived while the page was not on screen; 0 once shown.
   */
  properties[PROP_UNSEEN_ALERTS] =
    g_param_spec_uint ("unseen-alerts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_ALERT_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, stream_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, stream_label);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, status_dot);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, alert_list);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, detail);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, cameras_stack);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, cameras_status);
  gtk_widget_class_bind_template_child (widget_class, SlLivePage, camera_grid);
  gtk_widget_class_bind_template_callback (widget_class, alert_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_requested_cb);

  gtk_widget_class_set_css_name (widget_class, "livepage");
}

static void
sl_live_page_init (SlLivePage *self)
{
  GtkListItemFactory *factory;
  g_autoptr(GAction) sound = NULL;
  g_autoptr(GAction) notifications = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->step_cancellable = g_cancellable_new ();
  self->catch_up_after = G_MAXINT64;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions,
                                   G_N_ELEMENTS (page_actions), self);
  sound = g_settings_create_action (self->settings, "alert-sound");
  notifications = g_settings_create_action (self->settings, "alert-notifications");
  g_action_map_add_action (G_ACTION_MAP (self->actions), sound);
  g_action_map_add_action (G_ACTION_MAP (self->actions), notifications);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "live", G_ACTION_GROUP (self->actions));

  self->alerts = g_list_store_new (SL_TYPE_ALERT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->alerts)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->alert_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->alert_list, GTK_SELECTION_MODEL (self->selection));

  self->cameras = g_list_store_new (SL_TYPE_CAMERA_STATUS);
  gtk_flow_box_bind_model (self->camera_grid, G_LIST_MODEL (self->cameras),
                           create_camera_tile_cb, NULL, NULL);

  gtk_stack_set_visible_child_name (self->page_stack, "unavailable");
  folded_changed_cb (self);
  show_connection (self);
}

GtkWidget *
sl_live_page_new (void)
{
  return g_object_new (SL_TYPE_LIVE_PAGE, NULL);
}

/**
 * sl_live_page_set_client:
 * @client: the client of the session; set once
 */
void
sl_live_page_set_client (SlLivePage *self,
                         SlClient   *client)
{
  g_return_if_fail (SL_IS_LIVE_PAGE (self));
  g_return_if_fail (SL_IS_CLIENT (client));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->cache = sl_alert_image_cache_new (client);
  sl_alert_detail_set_cache (self->detail, self->cache);

  self->stream = sl_alert_stream_new (client);
  g_signal_connect_object (self->stream, "notify::connected",
                           G_CALLBACK (connected_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "alert-received",
                           G_CALLBACK (alert_received_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "alert-updated",
                           G_CALLBACK (alert_updated_cb), self, G_CONNECT_SWAPPED);
}

/**
 * sl_live_page_set_session:
 * @session: the user's session, again after each unlock
 *
 * Starts the alert stream when the user may see alerts; a user whose
 * training lapsed sees why not.
 */
void
sl_live_page_set_session (SlLivePage *self,
                          SlSession  *session)
{
  g_return_if_fail (SL_IS_LIVE_PAGE (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (self->client != NULL);

  g_clear_pointer (&self->session, sl_session_unref);
  self->session = sl_session_ref (session);
  sl_alert_detail_set_roles (self->detail, sl_session_get_roles (session));

  if (!is_live (self))
    {
      gtk_stack_set_visible_child_name (self->page_stack, "unavailable");
      sl_alert_stream_stop (self->stream);
      update_camera_refresh (self);
      show_connection (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->page_stack, "live");
  if (!sl_alert_stream_get_running (self->stream))
    {
      sl_alert_stream_start (self->stream);
      g_clear_handle_id (&self->grace_source, g_source_remove);
      self->grace_source = g_timeout_add_seconds (CONNECT_GRACE_SECONDS, grace_cb, self);
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->loaded && !self->loading)
    load_alerts (self);
  update_camera_refresh (self);
  show_connection (self);
}

/**
 * sl_live_page_get_actions:
 *
 * Returns: (transfer none): the page's actions: "alert-sound" and
 *   "alert-notifications" (the settings), "reconnect", "reload", "back"
 */
GActionGroup *
sl_live_page_get_actions (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

guint
sl_live_page_get_unseen_alerts (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), 0);
  return self->unseen;
}

/**
 * sl_live_page_get_alerts:
 *
 * Returns: (transfer none): the alerts shown, newest first
 */
GListModel *
sl_live_page_get_alerts (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), NULL);
  return G_LIST_MODEL (self->alerts);
}

/**
 * sl_live_page_get_cameras:
 *
 * Returns: (transfer none): the cameras of the camera panel
 */
GListModel *
sl_live_page_get_cameras (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), NULL);
  return G_LIST_MODEL (self->cameras);
}

/**
 * sl_live_page_get_stream:
 *
 * Returns: (transfer none) (nullable): the alert stream
 */
SlAlertStream *
sl_live_page_get_stream (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), NULL);
  return self->stream;
}

/**
 * sl_live_page_get_detail:
 *
 * Returns: (transfer none): the detail of the selected alert
 */
SlAlertDetail *
sl_live_page_get_detail (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), NULL);
  return self->detail;
}

/**
 * sl_live_page_select_alert:
 * @id: an alert's id
 *
 * Returns: whether the list holds that alert
 */
gboolean
sl_live_page_select_alert (SlLivePage *self,
                           gint64      id)
{
  guint position;

  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), FALSE);

  if (find_alert (self, id, &position) == NULL)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * sl_live_page_show_view:
 * @name: "alerts" or "cameras"
 */
void
sl_live_page_show_view (SlLivePage *self,
                        const char *name)
{
  g_return_if_fail (SL_IS_LIVE_PAGE (self));
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

/* Desktop notifications sent; the tests count them. */
guint
sl_live_page_get_n_notified (SlLivePage *self)
{
  g_return_val_if_fail (SL_IS_LIVE_PAGE (self), 0);
  return self->n_notified;
}
