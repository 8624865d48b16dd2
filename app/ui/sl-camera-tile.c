#define G_LOG_DOMAIN "sl-camera-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-camera-tile-state.h"
#include "sl-camera-tile.h"

struct _SlCameraTile
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkPicture       *picture;
  GtkWidget        *video_status_box;
  GtkImage         *video_status_icon;
  GtkLabel         *video_status_label;
  GtkWidget        *live_label;
  GtkLabel         *name_label;
  GtkImage         *online_icon;
  GtkLabel         *status_label;
  GtkLabel         *latest_label;

  /* owned references */
  SlCameraStatus   *camera;
  SlVideoPaintable *video;
};

G_DEFINE_FINAL_TYPE (SlCameraTile, sl_camera_tile, GTK_TYPE_WIDGET)

/* Tiles are this wide however large the camera's frames are. */
#define TILE_WIDTH 384

static GtkSizeRequestMode
tile_request_mode_cb (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tile_measure_cb (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  GtkWidget *top = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (top == NULL)
    return;

  gtk_widget_measure (top, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, TILE_WIDTH));
}

static void
tile_allocate_cb (GtkWidget *widget,
                  int        width,
                  int        height,
                  int        baseline)
{
  GtkWidget *top = gtk_widget_get_first_child (widget);

  if (top != NULL)
    gtk_widget_allocate (top, width, height, baseline, NULL);
}

static void
show_video_state (SlCameraTile *self)
{
  const char *url = sl_camera_status_get_stream_url (self->camera);
  SlVideoState state = sl_video_paintable_get_state (self->video);
  const char *text = sl_camera_describe_video (state, url != NULL, sl_media_can_play (url));
  const char *icon;

  gtk_widget_set_visible (self->video_status_box, text != NULL);
  gtk_widget_set_visible (self->live_label, text == NULL);
  gtk_label_set_text (self->video_status_label, text != NULL ? text : "");

  if (state == SL_VIDEO_CONNECTING)
    icon = "content-loading-symbolic";
  else if (state == SL_VIDEO_RETRYING)
    icon = "network-error-symbolic";
  else
    icon = "camera-disabled-symbolic";
  gtk_image_set_from_icon_name (self->video_status_icon, icon);

  if (state == SL_VIDEO_RETRYING && sl_video_paintable_get_error (self->video) != NULL)
    gtk_widget_set_tooltip_text (self->video_status_box, sl_video_paintable_get_error (self->video));
  else
    gtk_widget_set_tooltip_text (self->video_status_box, NULL);
}

/* Video plays only while the tile is on screen, and only an address it can play. */
static void
update_playback (SlCameraTile *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      sl_media_can_play (sl_camera_status_get_stream_url (self->camera)))
    sl_video_paintable_play (self->video);
  else
    sl_video_paintable_stop (self->video);
}

static void
show_camera (SlCameraTile *self)
{
  gint64 now = g_get_real_time ();
  g_autofree char *status = NULL;
  g_autofree char *latest = NULL;
  gboolean online = sl_camera_status_get_online (self->camera);

  gtk_label_set_text (self->name_label, sl_camera_status_get_name (self->camera));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), sl_camera_status_get_name (self->camera));

  status = sl_camera_describe_status (online, sl_camera_status_get_last_seen_us (self->camera), now);
  gtk_label_set_text (self->status_label, status);
  if (online)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->online_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->online_icon), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->online_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->online_icon), "error");
    }

  latest = sl_camera_describe_latest_read (sl_camera_status_get_latest_plate (self->camera),
                                           sl_camera_status_get_latest_captured_at_us (self->camera),
                                           now);
  gtk_label_set_text (self->latest_label, latest);

  sl_video_paintable_set_uri (self->video, sl_camera_status_get_stream_url (self->camera));
  /* An address added, or made playable, while the tile is shown starts it. */
  update_playback (self);
  show_video_state (self);
}

static void
camera_changed_cb (SlCameraTile *self)
{
  show_camera (self);
}

static void
video_changed_cb (SlCameraTile *self)
{
  show_video_state (self);
}

static void
sl_camera_tile_map (GtkWidget *widget)
{
  SlCameraTile *self = SL_CAMERA_TILE (widget);

  GTK_WIDGET_CLASS (sl_camera_tile_parent_class)->map (widget);

  update_playback (self);
}

static void
sl_camera_tile_unmap (GtkWidget *widget)
{
  SlCameraTile *self = SL_CAMERA_TILE (widget);

  sl_video_paintable_stop (self->video);

  GTK_WIDGET_CLASS (sl_camera_tile_parent_class)->unmap (widget);
}

static void
sl_camera_tile_dispose (GObject *object)
{
  SlCameraTile *self = SL_CAMERA_TILE (object);

  if (self->video != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->video, self);
      sl_video_paintable_stop (self->video);
    }
  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAMERA_TILE);
  /* The template's top widget has no id: unparent it too. */
  {
    GtkWidget *top;

    while ((top = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (top);
  }
  g_clear_object (&self->video);
  g_clear_object (&self->camera);

  G_OBJECT_CLASS (sl_camera_tile_parent_class)->dispose (object);
}

static void
sl_camera_tile_class_init (SlCameraTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_camera_tile_dispose;
  widget_class->map = sl_camera_tile_map;
  widget_class->unmap = sl_camera_tile_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-camera-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, picture);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, video_status_box);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, video_status_icon);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, video_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, live_label);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, online_icon);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlCameraTile, latest_label);

  gtk_widget_class_set_css_name (widget_class, "cameratile");
}

static void
sl_camera_tile_init (SlCameraTile *self)
{
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (tile_request_mode_cb, tile_measure_cb,
                                                        tile_allocate_cb));
  gtk_widget_init_template (GTK_WIDGET (self));

  self->video = sl_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->video));
  g_signal_connect_swapped (self->video, "notify::state", G_CALLBACK (video_changed_cb), self);
}

/**
 * sl_camera_tile_new:
 * @camera: the camera; the tile follows its changes
 */
GtkWidget *
sl_camera_tile_new (SlCameraStatus *camera)
{
  SlCameraTile *self;

  g_return_val_if_fail (SL_IS_CAMERA_STATUS (camera), NULL);

  self = g_object_new (SL_TYPE_CAMERA_TILE, NULL);
  self->camera = g_object_ref (camera);
  g_signal_connect_swapped (camera, "notify", G_CALLBACK (camera_changed_cb), self);
  show_camera (self);
  return GTK_WIDGET (self);
}

/**
 * sl_camera_tile_get_camera:
 *
 * Returns: (transfer none): the camera shown
 */
SlCameraStatus *
sl_camera_tile_get_camera (SlCameraTile *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_TILE (self), NULL);
  return self->camera;
}

/**
 * sl_camera_tile_get_video:
 *
 * Returns: (transfer none): the video shown
 */
SlVideoPaintable *
sl_camera_tile_get_video (SlCameraTile *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_TILE (self), NULL);
  return self->video;
}

/* What the tile says over the picture, "" while video plays. */
const char *
sl_camera_tile_get_video_status (SlCameraTile *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_TILE (self), NULL);
  return gtk_widget_get_visible (self->video_status_box) ? gtk_label_get_text (self->video_status_label) : "";
}

const char *
sl_camera_tile_get_status_text (SlCameraTile *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_TILE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
sl_camera_tile_get_latest_text (SlCameraTile *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_TILE (self), NULL);
  return gtk_label_get_text (self->latest_label);
}
