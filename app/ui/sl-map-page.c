#define G_LOG_DOMAIN "sl-map-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-map-page.h"
#include "sl-demo-tiles.h"
#include "sl-map-source.h"
#include "sl-map-source-dialog.h"

/* Reads listed when a mark is clicked; the rest are counted. */
#define POPOVER_READS        8
#define MIN_CIRCLE_M         25.0
#define CAMERA_REFRESH_S     60
#define FIT_MAX_ZOOM         16.0
#define EARTH_RADIUS_M       6371008.8

typedef enum
{
  DRAW_NONE,
  DRAW_CIRCLE,
  DRAW_POLYGON,
} DrawMode;

struct _SlMapPage
{
  GtkWidget          parent_instance;

  /* template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *page_stack;
  GtkLabel          *case_label;
  GtkToggleButton   *circle_button;
  GtkToggleButton   *polygon_button;
  GtkOverlay        *overlay;
  ShumateSimpleMap  *simple_map;
  GtkRevealer       *hint_revealer;
  GtkLabel          *hint_label;
  GtkSpinner        *spinner;
  GtkLabel          *count_label;
  GtkScale          *time_scale;
  GtkAdjustment     *time_adjustment;
  GtkLabel          *time_label;
  GtkPopover        *reads_popover;
  GtkLabel          *popover_title;
  GtkListBox        *popover_list;
  GtkLabel          *popover_more;

  /* owned references */
  SlClient          *client;
  SlSession         *session;
  SlSearchPage      *search_page;
  GSettings         *settings;
  SlReadsLayer      *reads_layer;     /* also the map's */
  ShumateMarkerLayer *camera_layer;   /* also the map's */
  GCancellable      *points_cancellable;
  GCancellable      *cameras_cancellable;
  GCancellable      *popover_cancellable;
  GArray            *polygon;         /* double lat, lon pairs being drawn */
  char              *error;

  DrawMode           mode;
  double             circle_lat;
  double             circle_lon;
  gint64             search_id;       /* of the points shown */
  guint              n_cameras;
  guint              camera_source;
  guint              fit_idle;
  guint              source_idle;
  GCancellable      *source_cancellable;   /* while the base map is being made */
  guint              loading : 1;
  guint              fit_pending : 1;
};

G_DEFINE_FINAL_TYPE (SlMapPage, sl_map_page, GTK_TYPE_WIDGET)

/* ---- helpers ---- */

static void
toast (SlMapPage  *self,
       const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_error (SlMapPage  *self,
           const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    toast (self, message);
}

static void
set_loading (SlMapPage *self,
             gboolean   loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

static ShumateMap *
get_map (SlMapPage *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

static ShumateViewport *
get_viewport (SlMapPage *self)
{
  return shumate_simple_map_get_viewport (self->simple_map);
}

static double
distance_m (double lat1,
            double lon1,
            double lat2,
            double lon2)
{
  double phi1 = lat1 * G_PI / 180.0;
  double phi2 = lat2 * G_PI / 180.0;
  double dphi = phi2 - phi1;
  double dlambda = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dphi / 2) * sin (dphi / 2) + cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_count (guint n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *digits = g_strdup_printf ("%u", n);
  gsize length = strlen (digits);

  /* Thousands separated as the locale does would need printf's ' flag. */
  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, _(","));
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- what the page says ---- */

static void
update_case_label (SlMapPage *self)
{
  SlSearchContext *context = self->search_page != NULL ? sl_search_page_get_context (self->search_page) : NULL;
  g_autofree char *line = NULL;

  if (context == NULL)
    {
      gtk_label_set_text (self->case_label,
                          _("No case yet. A canvass drawn here is a search: it asks for the case and purpose first."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->case_label), "search-case-active");
      return;
    }

  line = sl_search_context_describe (context);
  gtk_label_set_text (self->case_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->case_label), line);
  gtk_widget_add_css_class (GTK_WIDGET (self->case_label), "search-case-active");
}

static void
update_time (SlMapPage *self)
{
  GArray *points = sl_reads_layer_get_points (self->reads_layer);
  guint total = points != NULL ? points->len : 0;
  double value = gtk_adjustment_get_value (self->time_adjustment);
  gint64 first_us;
  gint64 last_us;
  g_autofree char *shown = NULL;
  g_autofree char *all = NULL;
  g_autofree char *count = NULL;

  sl_reads_layer_get_time_range (self->reads_layer, &first_us, &last_us);
  gtk_widget_set_sensitive (GTK_WIDGET (self->time_scale), total > 1 && last_us > first_us);

  if (total == 0)
    {
      sl_reads_layer_set_until (self->reads_layer, G_MAXINT64);
      gtk_label_set_text (self->count_label,
                          self->search_id > 0 ? _("No reads with a position") : _("No search shown"));
      gtk_label_set_text (self->time_label, "");
      return;
    }

  if (value >= 1.0 || last_us <= first_us)
    {
      g_autofree char *last = format_time (last_us);

      sl_reads_layer_set_until (self->reads_layer, G_MAXINT64);
      /* Translators: the time slider at its end; %s is the newest read's time */
      shown = g_strdup_printf (_("All, to %s"), last);
    }
  else
    {
      gint64 until_us = first_us + (gint64) (value * (double) (last_us - first_us));
      g_autofree char *until = format_time (until_us);

      sl_reads_layer_set_until (self->reads_layer, until_us);
      /* Translators: the time slider; %s is a date and time */
      shown = g_strdup_printf (_("Until %s"), until);
    }
  gtk_label_set_text (self->time_label, shown);

  count = format_count (sl_reads_layer_count_shown (self->reads_layer));
  all = format_count (total);
  if (g_str_equal (count, all))
    shown = (g_free (shown), g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s read", "%s reads", total), all));
  else
    /* Translators: reads shown by the time slider, of all the search found */
    shown = (g_free (shown), g_strdup_printf (_("%s of %s reads"), count, all));
  gtk_label_set_text (self->count_label, shown);
}

static void
show_hint (SlMapPage *self)
{
  const char *hint = NULL;

  if (self->mode == DRAW_CIRCLE)
    hint = _("Drag from the centre of the scene outwards. Esc cancels.");
  else if (self->mode == DRAW_POLYGON && (self->polygon->len / 2) < 3)
    hint = _("Click the corners of the area. Esc cancels, Backspace removes the last corner.");
  else if (self->mode == DRAW_POLYGON)
    hint = _("Double-click or press Enter to search the area.");

  if (hint != NULL)
    gtk_label_set_text (self->hint_label, hint);
  gtk_revealer_set_reveal_child (self->hint_revealer, hint != NULL);
}

static void
set_mode (SlMapPage *self,
          DrawMode   mode)
{
  self->mode = mode;
  g_array_set_size (self->polygon, 0);
  gtk_toggle_button_set_active (self->circle_button, mode == DRAW_CIRCLE);
  gtk_toggle_button_set_active (self->polygon_button, mode == DRAW_POLYGON);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (get_map (self)), mode == DRAW_NONE ? NULL : "crosshair");
  show_hint (self);
}

/* ---- the search's reads ---- */

static void
fit_to_reads (SlMapPage *self)
{
  ShumateViewport *viewport = get_viewport (self);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile = source != NULL ? shumate_map_source_get_tile_size (source) : 256;
  double min_lat, min_lon, max_lat, max_lon;
  double width = gtk_widget_get_width (GTK_WIDGET (self->simple_map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->simple_map));
  double span_x;
  double span_y;
  double zoom = FIT_MAX_ZOOM;

  if (!sl_reads_layer_get_bounds (self->reads_layer, &min_lat, &min_lon, &max_lat, &max_lon))
    return;

  if (width <= 0 || height <= 0)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;

  /* the box in world widths, Mercator in y */
  span_x = (max_lon - min_lon) / 360.0;
  span_y = fabs (log (tan (G_PI / 4 + max_lat * G_PI / 360.0)) - log (tan (G_PI / 4 + min_lat * G_PI / 360.0))) /
           (2 * G_PI);
  if (span_x > 0 || span_y > 0)
    {
      double zx = span_x > 0 ? log2 ((width - 96) / (span_x * tile)) : FIT_MAX_ZOOM;
      double zy = span_y > 0 ? log2 ((height - 96) / (span_y * tile)) : FIT_MAX_ZOOM;

      zoom = MIN (MIN (zx, zy), FIT_MAX_ZOOM);
    }

  shumate_viewport_set_zoom_level (viewport, CLAMP (floor (zoom * 4) / 4, 2, FIT_MAX_ZOOM));
  shumate_map_center_on (get_map (self), (min_lat + max_lat) / 2, (min_lon + max_lon) / 2);
}

static void
points_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlMapPage) self = user_data;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  points = sl_client_get_search_points_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (points == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The reads could not be shown on the map: %s"), error->message);

      set_error (self, text);
      return;
    }

  set_error (self, NULL);
  sl_reads_layer_set_points (self->reads_layer, points);
  gtk_adjustment_set_value (self->time_adjustment, 1.0);
  update_time (self);
  fit_to_reads (self);
}

static void
load_points (SlMapPage *self,
             gint64     search_id)
{
  g_cancellable_cancel (self->points_cancellable);
  g_clear_object (&self->points_cancellable);

  self->search_id = search_id;
  if (search_id <= 0 || self->client == NULL)
    {
      sl_reads_layer_set_points (self->reads_layer, NULL);
      update_time (self);
      return;
    }

  self->points_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  sl_client_get_search_points_async (self->client, search_id, self->points_cancellable,
                                     points_loaded_cb, g_object_ref (self));
}

/* A track is the rows of the Search page: a few hundred reads at most. */
static void
show_track (SlMapPage *self)
{
  GListModel *reads = sl_search_page_get_results (self->search_page);
  g_autoptr(GArray) track = g_array_new (FALSE, FALSE, sizeof (SlReadPoint));
  guint n = reads != NULL ? g_list_model_get_n_items (reads) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlSearchRead) read = g_list_model_get_item (reads, i);
      SlReadPoint point = {
        .id = sl_search_read_get_id (read),
        .captured_us = sl_search_read_get_captured_at_us (read),
        .lat = sl_search_read_get_lat (read),
        .lon = sl_search_read_get_lon (read),
        .camera_id = (guint32) sl_search_read_get_camera_id (read),
        .flags = sl_search_read_get_hit (read) ? SL_READ_POINT_HIT : 0,
      };

      if (sl_search_read_is_placeholder (read) || !isfinite (point.lat) || !isfinite (point.lon))
        continue;
      g_array_append_val (track, point);
    }

  sl_reads_layer_set_track (self->reads_layer, track);
}

static void
results_changed_cb (SlMapPage *self)
{
  gint64 search_id = sl_search_page_get_search_id (self->search_page);

  update_case_label (self);

  if (sl_search_page_is_track (self->search_page))
    {
      show_track (self);
      return;
    }

  sl_reads_layer_set_track (self->reads_layer, NULL);
  if (search_id != self->search_id)
    load_points (self, search_id);
}

static void
search_failed_cb (SlMapPage  *self,
                  const char *message)
{
  if (!self->loading)
    return;

  set_loading (self, FALSE);
  /* Translators: %s says why the service refused the canvass */
  {
    g_autofree char *text = g_strdup_printf (_("The canvass was not searched: %s"), message);

    set_error (self, text);
  }
}

/* ---- canvassing ---- */

static void
canvass (SlMapPage *self)
{
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(GError) error = NULL;

  if (self->search_page == NULL)
    return;

  if (sl_reads_layer_get_area_kind (self->reads_layer) == SL_MAP_AREA_POLYGON)
    {
      g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (SlSearchVertex));

      for (guint i = 0; i < self->polygon->len / 2; i++)
        {
          SlSearchVertex vertex = {
            g_array_index (self->polygon, double, 2 * i),
            g_array_index (self->polygon, double, 2 * i + 1),
          };

          g_array_append_val (vertices, vertex);
        }
      sl_search_page_set_polygon (self->search_page, (SlSearchVertex *) (gpointer) vertices->data, vertices->len);
    }

  filter = sl_search_page_dup_filter (self->search_page);
  if (!sl_search_filter_check (filter, &error))
    {
      set_error (self, error->message);
      return;
    }

  /* Without a case the Search page asks for it; the search then runs, or not. */
  set_loading (self, sl_search_page_get_context (self->search_page) != NULL);
  sl_search_page_run (self->search_page);
}

static void
finish_polygon (SlMapPage *self)
{
  guint n = self->polygon->len / 2;

  if (n < 3)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  sl_reads_layer_set_polygon (self->reads_layer, (double *) (gpointer) self->polygon->data, n, TRUE);
  canvass (self);
  self->mode = DRAW_NONE;
  gtk_toggle_button_set_active (self->polygon_button, FALSE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (get_map (self)), NULL);
  show_hint (self);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SlMapPage      *self)
{
  if (self->mode != DRAW_CIRCLE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (get_map (self)), x, y,
                                              &self->circle_lat, &self->circle_lon);
  sl_reads_layer_set_circle (self->reads_layer, self->circle_lat, self->circle_lon, 0);
}

static double
drag_radius (SlMapPage      *self,
             GtkGestureDrag *gesture,
             double          dx,
             double          dy)
{
  double x0;
  double y0;
  double lat;
  double lon;

  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (get_map (self)),
                                              x0 + dx, y0 + dy, &lat, &lon);
  return distance_m (self->circle_lat, self->circle_lon, lat, lon);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SlMapPage      *self)
{
  if (self->mode != DRAW_CIRCLE)
    return;

  sl_reads_layer_set_circle (self->reads_layer, self->circle_lat, self->circle_lon,
                             drag_radius (self, gesture, dx, dy));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SlMapPage      *self)
{
  double radius;

  if (self->mode != DRAW_CIRCLE)
    return;

  radius = MIN (drag_radius (self, gesture, dx, dy), SL_SEARCH_MAX_RADIUS_M);
  if (radius < MIN_CIRCLE_M)
    {
      sl_reads_layer_clear_area (self->reads_layer);
      gtk_label_set_text (self->hint_label, _("Drag farther: a canvass circle is at least 25 m across its radius."));
      return;
    }

  sl_map_page_draw_circle (self, self->circle_lat, self->circle_lon, radius);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SlMapPage       *self)
{
  double lat;
  double lon;

  if (self->mode != DRAW_POLYGON)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (n_press >= 2)
    {
      finish_polygon (self);
      return;
    }

  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (get_map (self)), x, y, &lat, &lon);
  g_array_append_val (self->polygon, lat);
  g_array_append_val (self->polygon, lon);
  sl_reads_layer_set_polygon (self->reads_layer, (double *) (gpointer) self->polygon->data,
                              self->polygon->len / 2, FALSE);
  show_hint (self);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   SlMapPage       *self)
{
  double lx;
  double ly;

  if (self->mode != DRAW_NONE || n_press != 1)
    return;

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (get_map (self)), GTK_WIDGET (self->reads_layer),
                                         x, y, &lx, &ly))
    return;

  sl_map_page_show_reads_at (self, lx, ly);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SlMapPage             *self)
{
  if (self->mode == DRAW_NONE)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Escape:
      sl_reads_layer_clear_area (self->reads_layer);
      set_mode (self, DRAW_NONE);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->mode == DRAW_POLYGON)
        finish_polygon (self);
      return TRUE;
    case GDK_KEY_BackSpace:
      if (self->mode == DRAW_POLYGON && self->polygon->len >= 2)
        {
          g_array_set_size (self->polygon, self->polygon->len - 2);
          sl_reads_layer_set_polygon (self->reads_layer, (double *) (gpointer) self->polygon->data,
                                      self->polygon->len / 2, FALSE);
          show_hint (self);
        }
      return TRUE;
    default:
      return FALSE;
    }
}

/* ---- a mark's reads ---- */

typedef struct
{
  SlMapPage *page;
  GtkWidget *row;
} RowLoad;

static void
row_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RowLoad *load = user_data;
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = sl_client_get_search_results_finish (SL_CLIENT (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (answer != NULL && answer->results->len > 0)
        {
          SlSearchRead *read = g_ptr_array_index (answer->results, 0);
          g_autofree char *when = format_time (sl_search_read_get_captured_at_us (read));
          g_autofree char *subtitle = NULL;
          const char *camera = sl_search_read_get_camera_name (read);

          subtitle = g_strdup_printf ("%s · %s%s", when, camera != NULL ? camera : "",
                                      sl_search_read_get_hit (read) ? _(" · hot-list hit") : "");
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (load->row), sl_search_read_get_plate (read));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (load->row), subtitle);
          if (sl_search_read_get_hit (read))
            gtk_widget_add_css_class (load->row, "map-read-hit");
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (load->row),
                                     error != NULL ? error->message : _("No longer among the results"));
    }

  g_object_unref (load->row);
  g_object_unref (load->page);
  g_free (load);
}

static void
fill_popover (SlMapPage    *self,
              SlMapCluster *cluster)
{
  GArray *points = sl_reads_layer_get_points (self->reads_layer);
  GtkWidget *child;
  g_autofree char *title = NULL;
  g_autofree char *count = format_count (cluster->n_reads);
  guint n_listed = MIN (cluster->reads->len, POPOVER_READS);

  g_cancellable_cancel (self->popover_cancellable);
  g_clear_object (&self->popover_cancellable);
  self->popover_cancellable = g_cancellable_new ();

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->popover_list))) != NULL)
    gtk_list_box_remove (self->popover_list, child);

  if (cluster->n_hits > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s read here, %u with a hit",
                                          "%s reads here, %u with a hit", cluster->n_reads),
                             count, cluster->n_hits);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s read here", "%s reads here", cluster->n_reads),
                             count);
  gtk_label_set_text (self->popover_title, title);

  /* The points are the results in their newest-first order: a point's
   * position is the offset of its read among the results. */
  for (guint i = 0; i < n_listed; i++)
    {
      guint index = g_array_index (cluster->reads, guint, i);
      const SlReadPoint *point = &g_array_index (points, SlReadPoint, index);
      g_autofree char *when = format_time (point->captured_us);
      GtkWidget *row = adw_action_row_new ();
      RowLoad *load = g_new0 (RowLoad, 1);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "…");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_widget_add_css_class (row, "map-read-row");
      gtk_list_box_append (self->popover_list, row);

      load->page = g_object_ref (self);
      load->row = g_object_ref (row);
      sl_client_get_search_results_async (self->client, self->search_id, index, 1, SL_SEARCH_ORDER_NEWEST,
                                          self->popover_cancellable, row_loaded_cb, load);
    }

  if (cluster->n_reads > n_listed)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more: zoom in, or draw a circle here to canvass it",
                                                            "and %u more: zoom in, or draw a circle here to canvass it",
                                                            cluster->n_reads - n_listed),
                                               cluster->n_reads - n_listed);

      gtk_label_set_text (self->popover_more, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->popover_more), cluster->n_reads > n_listed);
}

/* ---- cameras ---- */

static GtkWidget *
camera_pill (SlCameraStatus *camera)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_add_css_class (box, "map-camera");
  if (!sl_camera_status_get_online (camera))
    gtk_widget_add_css_class (box, "offline");
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("camera-video-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_label_new (sl_camera_status_get_name (camera)));
  return box;
}

static GtkWidget *
camera_marker (SlCameraStatus *camera)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *spacer = camera_pill (camera);
  GtkWidget *pill = camera_pill (camera);
  g_autofree char *tooltip = NULL;

  /* A marker is centred on its place: an invisible twin on the left puts
   * the pill's start there, so the name reads beside the reads' mark. */
  gtk_widget_add_css_class (spacer, "map-camera-spacer");
  gtk_widget_set_can_target (spacer, FALSE);
  gtk_box_append (GTK_BOX (row), spacer);
  gtk_box_append (GTK_BOX (row), pill);

  /* Translators: a camera's marker; %s is its name */
  tooltip = g_strdup_printf (sl_camera_status_get_online (camera) ? _("%s: online") : _("%s: offline"),
                             sl_camera_status_get_name (camera));
  gtk_widget_set_tooltip_text (pill, tooltip);

  shumate_location_set_location (SHUMATE_LOCATION (marker), sl_camera_status_get_lat (camera),
                                 sl_camera_status_get_lon (camera));
  shumate_marker_set_child (marker, row);
  return GTK_WIDGET (marker);
}

static void
cameras_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlMapPage) self = user_data;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;

  cameras = sl_client_list_cameras_finish (SL_CLIENT (object), result, &error);
  if (cameras == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cameras not shown on the map: %s", error->message);
      return;
    }

  shumate_marker_layer_remove_all (self->camera_layer);
  self->n_cameras = 0;
  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraStatus *camera = g_ptr_array_index (cameras, i);

      if (!isfinite (sl_camera_status_get_lat (camera)) || !isfinite (sl_camera_status_get_lon (camera)))
        continue;
      shumate_marker_layer_add_marker (self->camera_layer, SHUMATE_MARKER (camera_marker (camera)));
      self->n_cameras++;
    }
}

static void
load_cameras (SlMapPage *self)
{
  if (self->client == NULL || self->session == NULL)
    return;

  g_cancellable_cancel (self->cameras_cancellable);
  g_clear_object (&self->cameras_cancellable);
  self->cameras_cancellable = g_cancellable_new ();
  sl_client_list_cameras_async (self->client, self->cameras_cancellable, cameras_loaded_cb, g_object_ref (self));
}

static gboolean
refresh_cameras_cb (gpointer data)
{
  load_cameras (SL_MAP_PAGE (data));
  return G_SOURCE_CONTINUE;
}

/* ---- the tiles ---- */

static void
set_map_source (SlMapPage        *self,
                ShumateMapSource *source)
{
  shumate_simple_map_set_map_source (self->simple_map, source);
  if (self->search_page != NULL)
    sl_search_page_set_map_source (self->search_page, source);
}

static void
map_source_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlMapPage) self = user_data;
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = sl_map_source_new_from_settings_finish (result, &error);
  if (source == NULL)
    return;
  g_clear_object (&self->source_cancellable);

  if (error != NULL)
    {
      /* Translators: %s says why the chosen tiles could not be used */
      g_autofree char *text = g_strdup_printf (_("Showing the demo map: %s"), error->message);

      toast (self, text);
    }

  set_map_source (self, source);
}

static void
apply_map_source (SlMapPage *self)
{
  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);

  if (self->settings == NULL)
    {
      g_autoptr(ShumateMapSource) source = sl_demo_tiles_new_map_source ();

      set_map_source (self, source);
      return;
    }

  self->source_cancellable = g_cancellable_new ();
  sl_map_source_new_from_settings_async (self->settings, self->client, self->source_cancellable,
                                         map_source_cb, g_object_ref (self));
}

static gboolean
apply_idle_cb (gpointer data)
{
  SlMapPage *self = data;

  self->source_idle = 0;
  apply_map_source (self);
  return G_SOURCE_REMOVE;
}

/* The dialog writes its keys together: the tiles change once for them. */
static void
settings_changed_cb (SlMapPage  *self,
                     const char *key)
{
  if (g_str_has_prefix (key, "map-") && self->source_idle == 0)
    self->source_idle = g_idle_add (apply_idle_cb, self);
}

/* ---- actions ---- */

static void
draw_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlMapPage *self = SL_MAP_PAGE (widget);
  const char *shape = g_variant_get_string (parameter, NULL);
  DrawMode mode = g_str_equal (shape, "circle") ? DRAW_CIRCLE : DRAW_POLYGON;

  if (self->mode == mode)
    {
      set_mode (self, DRAW_NONE);
      return;
    }

  if (mode == DRAW_POLYGON)
    sl_reads_layer_set_polygon (self->reads_layer, NULL, 0, FALSE);
  else
    sl_reads_layer_clear_area (self->reads_layer);
  set_mode (self, mode);
  gtk_widget_grab_focus (GTK_WIDGET (get_map (self)));
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fit_to_reads (SL_MAP_PAGE (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlMapPage *self = SL_MAP_PAGE (widget);

  set_mode (self, DRAW_NONE);
  sl_reads_layer_clear_area (self->reads_layer);
  sl_reads_layer_set_track (self->reads_layer, NULL);
  g_cancellable_cancel (self->points_cancellable);
  set_loading (self, FALSE);
  self->search_id = 0;
  sl_reads_layer_set_points (self->reads_layer, NULL);
  update_time (self);
}

static void
source_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlMapPage *self = SL_MAP_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->settings == NULL)
    return;

  dialog = GTK_WIDGET (sl_map_source_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 self->settings, self->client));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the widget ---- */

static void
time_changed_cb (SlMapPage *self)
{
  update_time (self);
}

static gboolean
fit_idle_cb (gpointer data)
{
  SlMapPage *self = data;

  self->fit_idle = 0;
  if (self->fit_pending)
    fit_to_reads (self);
  return G_SOURCE_REMOVE;
}

static void
sl_map_page_map (GtkWidget *widget)
{
  SlMapPage *self = SL_MAP_PAGE (widget);

  GTK_WIDGET_CLASS (sl_map_page_parent_class)->map (widget);

  update_case_label (self);
  load_cameras (self);
  if (self->camera_source == 0)
    self->camera_source = g_timeout_add_seconds (CAMERA_REFRESH_S, refresh_cameras_cb, self);
}

static void
sl_map_page_unmap (GtkWidget *widget)
{
  SlMapPage *self = SL_MAP_PAGE (widget);

  g_clear_handle_id (&self->camera_source, g_source_remove);
  gtk_popover_popdown (self->reads_popover);

  GTK_WIDGET_CLASS (sl_map_page_parent_class)->unmap (widget);
}

/* Measured and allocated by hand: the popover of a mark's reads is this
 * widget's, and a popover is placed by its parent's allocation. */
static void
sl_map_page_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SlMapPage *self = SL_MAP_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
sl_map_page_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SlMapPage *self = SL_MAP_PAGE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);
  gtk_popover_present (self->reads_popover);
  /* The reads of a search that came while the page was hidden are fitted once it has a size. */
  if (self->fit_pending && self->fit_idle == 0)
    self->fit_idle = g_idle_add (fit_idle_cb, self);
}

static void
sl_map_page_dispose (GObject *object)
{
  SlMapPage *self = SL_MAP_PAGE (object);

  g_cancellable_cancel (self->points_cancellable);
  g_cancellable_cancel (self->cameras_cancellable);
  g_cancellable_cancel (self->popover_cancellable);
  g_clear_handle_id (&self->camera_source, g_source_remove);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  g_clear_handle_id (&self->source_idle, g_source_remove);
  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);

  if (self->reads_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->reads_popover));
  self->reads_popover = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_MAP_PAGE);

  if (self->search_page != NULL)
    g_signal_handlers_disconnect_by_data (self->search_page, self);
  g_clear_object (&self->search_page);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);

  G_OBJECT_CLASS (sl_map_page_parent_class)->dispose (object);
}

static void
sl_map_page_finalize (GObject *object)
{
  SlMapPage *self = SL_MAP_PAGE (object);

  g_clear_object (&self->points_cancellable);
  g_clear_object (&self->cameras_cancellable);
  g_clear_object (&self->popover_cancellable);
  g_clear_pointer (&self->polygon, g_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (sl_map_page_parent_class)->finalize (object);
}

static void
sl_map_page_class_init (SlMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_map_page_dispose;
  object_class->finalize = sl_map_page_finalize;
  widget_class->map = sl_map_page_map;
  widget_class->unmap = sl_map_page_unmap;
  widget_class->measure = sl_map_page_measure;
  widget_class->size_allocate = sl_map_page_size_allocate;

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, case_label);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, circle_button);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, polygon_button);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, simple_map);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, hint_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, time_scale);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, time_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, reads_popover);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, popover_title);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, popover_list);
  gtk_widget_class_bind_template_child (widget_class, SlMapPage, popover_more);

  gtk_widget_class_install_action (widget_class, "map.draw", "s", draw_action);
  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "map.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "map.source", NULL, source_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "map.draw", "s", "circle");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "map.draw", "s", "polygon");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "map.fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "mappage");
}

static void
sl_map_page_init (SlMapPage *self)
{
  ShumateMap *map;
  ShumateViewport *viewport;
  GtkGesture *gesture;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->polygon = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_set_parent (GTK_WIDGET (self->reads_popover), GTK_WIDGET (self));
  gtk_popover_set_position (self->reads_popover, GTK_POS_TOP);

  map = get_map (self);
  viewport = get_viewport (self);
  apply_map_source (self);

  self->camera_layer = shumate_marker_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->camera_layer));
  self->reads_layer = sl_reads_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->reads_layer));

  /* The demo area until there is something to show. */
  shumate_viewport_set_zoom_level (viewport, 12);
  shumate_map_center_on (map, 37.785, -122.23);

  /* Drawing claims the pointer before the map pans; otherwise the map has it. */
  gesture = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_BUBBLE);
  g_signal_connect (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (self->time_adjustment, "value-changed", G_CALLBACK (time_changed_cb), self,
                           G_CONNECT_SWAPPED);

  set_loading (self, FALSE);
  update_case_label (self);
  update_time (self);
}

/* ---- public API ---- */

GtkWidget *
sl_map_page_new (void)
{
  return g_object_new (SL_TYPE_MAP_PAGE, NULL);
}

void
sl_map_page_set_client (SlMapPage *self,
                        SlClient  *client)
{
  g_return_if_fail (SL_IS_MAP_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  g_set_object (&self->client, client);

  /* The service's offline map needs the client to be asked for. */
  if (self->settings != NULL)
    {
      g_autofree char *choice = g_settings_get_string (self->settings, "map-source");

      if (g_str_equal (choice, SL_MAP_SOURCE_SERVICE))
        apply_map_source (self);
    }
}

void
sl_map_page_set_session (SlMapPage *self,
                         SlSession *session)
{
  gboolean trained;

  g_return_if_fail (SL_IS_MAP_PAGE (self));

  if (self->session != session)
    {
      g_clear_pointer (&self->session, sl_session_unref);
      self->session = session != NULL ? sl_session_ref (session) : NULL;
    }

  trained = session != NULL && sl_session_get_training_status (session) == SL_TRAINING_CURRENT;
  gtk_stack_set_visible_child_name (self->page_stack, trained ? "map" : "unavailable");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_cameras (self);
}

/**
 * sl_map_page_set_search_page:
 *
 * Follows @search_page: its results and tracks are drawn here, and a
 * canvass drawn here runs there, under its case and purpose.
 */
void
sl_map_page_set_search_page (SlMapPage    *self,
                             SlSearchPage *search_page)
{
  g_return_if_fail (SL_IS_MAP_PAGE (self));
  g_return_if_fail (!search_page || SL_IS_SEARCH_PAGE (search_page));

  if (self->search_page != NULL)
    g_signal_handlers_disconnect_by_data (self->search_page, self);
  g_set_object (&self->search_page, search_page);
  if (search_page == NULL)
    return;

  g_signal_connect_swapped (search_page, "results-changed", G_CALLBACK (results_changed_cb), self);
  g_signal_connect_swapped (search_page, "context-changed", G_CALLBACK (update_case_label), self);
  g_signal_connect_swapped (search_page, "search-failed", G_CALLBACK (search_failed_cb), self);
  sl_search_page_set_map_source (search_page, shumate_viewport_get_reference_map_source (get_viewport (self)));
  update_case_label (self);
}

/**
 * sl_map_page_set_settings:
 *
 * Takes the tile source from @settings, and follows its changes.
 */
void
sl_map_page_set_settings (SlMapPage *self,
                          GSettings *settings)
{
  g_return_if_fail (SL_IS_MAP_PAGE (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  apply_map_source (self);
}

ShumateMap *
sl_map_page_get_map (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), NULL);
  return get_map (self);
}

SlReadsLayer *
sl_map_page_get_reads_layer (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), NULL);
  return self->reads_layer;
}

guint
sl_map_page_get_n_cameras (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), 0);
  return self->n_cameras;
}

gboolean
sl_map_page_is_loading (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), FALSE);
  return self->loading;
}

const char *
sl_map_page_get_error (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), NULL);
  return self->error;
}

/**
 * sl_map_page_draw_circle:
 *
 * Canvasses the circle, as dragging it out does: a search of the area under
 * the active case and purpose, whose reads then show here.
 */
void
sl_map_page_draw_circle (SlMapPage *self,
                         double     lat,
                         double     lon,
                         double     radius_m)
{
  g_return_if_fail (SL_IS_MAP_PAGE (self));

  set_mode (self, DRAW_NONE);
  sl_reads_layer_set_circle (self->reads_layer, lat, lon, radius_m);
  if (self->search_page != NULL)
    sl_search_page_set_area (self->search_page, lat, lon, radius_m);
  canvass (self);
}

/**
 * sl_map_page_draw_polygon:
 * @lat_lon: (array): latitude and longitude of each corner, in turn
 *
 * Canvasses the polygon, as clicking its corners does.
 */
void
sl_map_page_draw_polygon (SlMapPage    *self,
                          const double *lat_lon,
                          guint         n_vertices)
{
  g_return_if_fail (SL_IS_MAP_PAGE (self));

  set_mode (self, DRAW_POLYGON);
  g_array_append_vals (self->polygon, lat_lon, 2 * n_vertices);
  finish_polygon (self);
}

/**
 * sl_map_page_show_reads_at:
 * @x: a point of the reads layer
 *
 * Lists the reads of the mark at (@x, @y) in a popover, as a click does.
 *
 * Returns: whether there was a mark
 */
gboolean
sl_map_page_show_reads_at (SlMapPage *self,
                           double     x,
                           double     y)
{
  g_autoptr(SlMapCluster) cluster = NULL;
  double ox;
  double oy;

  g_return_val_if_fail (SL_IS_MAP_PAGE (self), FALSE);

  cluster = sl_reads_layer_pick (self->reads_layer, x, y);
  if (cluster == NULL || self->client == NULL || self->search_id <= 0)
    return FALSE;

  fill_popover (self, cluster);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->reads_layer), GTK_WIDGET (self), x, y, &ox, &oy))
    ox = x, oy = y;
  gtk_popover_set_pointing_to (self->reads_popover, &(GdkRectangle) { (int) ox - 4, (int) oy - 4, 8, 8 });
  gtk_popover_popup (self->reads_popover);
  return TRUE;
}

GtkPopover *
sl_map_page_get_reads_popover (SlMapPage *self)
{
  g_return_val_if_fail (SL_IS_MAP_PAGE (self), NULL);
  return self->reads_popover;
}
