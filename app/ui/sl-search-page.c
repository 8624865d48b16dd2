#define G_LOG_DOMAIN "sl-search-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-alert-image-cache.h"
#include "sl-json.h"
#include "sl-search-page.h"

typedef enum
{
  COLUMN_TIME,
  COLUMN_PLATE,
  COLUMN_REGION,
  COLUMN_CAMERA,
  COLUMN_CONFIDENCE,
  COLUMN_VEHICLE,
  COLUMN_HIT,
} Column;

static const char * const direction_codes[] = { NULL, "N", "NE", "E", "SE", "S", "SW", "W", "NW" };

struct _SlSearchPage
{
  GtkWidget              parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkStack              *page_stack;
  AdwStatusPage         *unavailable_page;
  GtkLabel              *case_label;
  AdwEntryRow           *plate_row;
  AdwComboRow           *tolerance_row;
  AdwEntryRow           *region_row;
  AdwComboRow           *time_row;
  AdwEntryRow           *from_row;
  AdwEntryRow           *to_row;
  GtkMenuButton         *cameras_button;
  GtkListBox            *cameras_list;
  AdwExpanderRow        *area_row;
  AdwEntryRow           *lat_row;
  AdwEntryRow           *lon_row;
  AdwEntryRow           *radius_row;
  AdwComboRow           *direction_row;
  AdwEntryRow           *make_row;
  AdwEntryRow           *color_row;
  AdwEntryRow           *type_row;
  GtkLabel              *error_label;
  GtkButton             *search_button;
  GtkLabel              *results_label;
  GtkSpinner            *spinner;
  GtkProgressBar        *export_progress;
  GtkDropDown           *order_dropdown;
  GtkMenuButton         *export_button;
  GtkRevealer           *track_revealer;
  GtkLabel              *track_label;
  GtkStack              *results_stack;
  GtkColumnView         *column_view;
  GtkRevealer           *detail_revealer;
  GtkLabel              *detail_plate_label;
  GtkLabel              *detail_hit_label;
  GtkPicture            *plate_picture;
  GtkPicture            *overview_picture;
  AdwActionRow          *time_detail_row;
  AdwActionRow          *camera_detail_row;
  AdwActionRow          *position_detail_row;
  AdwActionRow          *vehicle_detail_row;
  AdwActionRow          *confidence_detail_row;
  GtkButton             *track_button;
  AdwPreferencesGroup   *alerts_group;
  GtkFrame              *detail_map_frame;
  ShumateMap            *detail_map;
  ShumateMapLayer       *detail_tiles;    /* the detail map's */
  ShumateMarkerLayer    *detail_markers;  /* the detail map's */
  ShumateMarker         *detail_marker;   /* the detail markers' */

  /* borrowed: the dialog destroys itself */
  SlSearchContextDialog *dialog;

  /* owned references */
  SlClient              *client;
  SlSession             *session;
  SlPolicy              *policy;
  SlSearchContext       *context;
  SlAlertImageCache     *cache;
  GListModel            *results;         /* SlSearchResults, or a track's GListStore */
  GListModel            *search_results;  /* the search's, while a track is shown */
  GtkSingleSelection    *selection;
  GPtrArray             *camera_checks;   /* GtkCheckButton, with "camera-id" data */
  GCancellable          *cancellable;     /* searches and tracks */
  GCancellable          *setup_cancellable;
  GCancellable          *export_cancellable;
  GCancellable          *alerts_cancellable;
  GPtrArray             *alert_rows;      /* the rows of alerts_group */
  char                  *error;

  GArray                *polygon;         /* SlSearchVertex: an area drawn on the map, or NULL */

  gint64                 search_id;       /* of the results shown: images and exports log it */
  guint                  total;
  guint                  busy : 1;
  guint                  run_when_chosen : 1;
};

G_DEFINE_FINAL_TYPE (SlSearchPage, sl_search_page, GTK_TYPE_WIDGET)

enum {
  RESULTS_CHANGED,
  CONTEXT_CHANGED,
  SEARCH_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void open_context_dialog (SlSearchPage *self,
                                 const GError *refusal);

/* ---- helpers ---- */

static void
toast (SlSearchPage *self,
       const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (SlSearchPage *self,
            const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (SlSearchPage *self,
          gboolean      busy)
{
  self->busy = !!busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.run", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.track", !busy);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* "2026-11-23 06:50", local time, to UTC microseconds. */
static gboolean
parse_local_time (const char *text,
                  gint64     *time_us)
{
  int year, month, day, hour = 0, minute = 0;
  g_autoptr(GDateTime) time = NULL;
  int n;

  n = sscanf (text, "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute);
  if (n != 3 && n != 5)
    return FALSE;

  time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (time == NULL)
    return FALSE;

  *time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return FALSE;
  *value = g_ascii_strtod (stripped, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

static void
update_case_bar (SlSearchPage *self)
{
  g_autofree char *line = NULL;

  if (self->context == NULL)
    {
      gtk_label_set_text (self->case_label,
                          _("No case yet. Each search carries a case number and an authorized purpose."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->case_label), "search-case-active");
      g_signal_emit (self, signals[CONTEXT_CHANGED], 0);
      return;
    }

  line = sl_search_context_describe (self->context);
  gtk_label_set_text (self->case_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->case_label), line);
  gtk_widget_add_css_class (GTK_WIDGET (self->case_label), "search-case-active");
  g_signal_emit (self, signals[CONTEXT_CHANGED], 0);
}

/* The button says what is missing before anything is sent. */
static void
update_search_button (SlSearchPage *self)
{
  g_autoptr(SlSearchFilter) filter = sl_search_page_dup_filter (self);
  g_autoptr(GError) error = NULL;

  if (self->policy == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_button),
                                 _("Waiting for the agency’s policy"));
  else if (!sl_search_filter_check (filter, &error))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_button), error->message);
  else if (self->context == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_button),
                                 _("Search (asks for the case and purpose first)"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_button), _("Search (Enter)"));
}

static void
update_availability (SlSearchPage *self)
{
  gboolean trained = self->session != NULL &&
                     sl_session_get_training_status (self->session) == SL_TRAINING_CURRENT;

  gtk_stack_set_visible_child_name (self->page_stack,
                                    trained && self->client != NULL ? "search" : "unavailable");
}

static void
update_results_label (SlSearchPage *self)
{
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (self->results == NULL)
    {
      gtk_label_set_text (self->results_label, "");
      return;
    }

  count = g_strdup_printf ("%'u", self->total);
  /* Translators: %s is a number of plate reads, e.g. "5,234" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s read", "%s reads", self->total), count);
  gtk_label_set_text (self->results_label, text);
}

/* ---- the detail pane ---- */

typedef struct
{
  SlSearchPage *self;
  SlSearchRead *read;
  GtkPicture   *picture;
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
  if (texture != NULL && sl_search_page_get_selected_read (load->self) == load->read)
    gtk_picture_set_paintable (load->picture, GDK_PAINTABLE (texture));
  else if (texture == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Image of read %" G_GINT64_FORMAT " not shown: %s",
             sl_search_read_get_id (load->read), error->message);

  g_object_unref (load->self);
  g_object_unref (load->read);
  g_free (load);
}

static void
show_image (SlSearchPage *self,
            SlSearchRead *read,
            const char   *url,
            GtkPicture   *picture)
{
  g_autofree char *logged_url = NULL;
  GdkTexture *texture;
  ImageLoad *load;

  gtk_picture_set_paintable (picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (picture), url != NULL);
  if (url == NULL || self->cache == NULL)
    return;

  /* The access log ties the view to the search. */
  logged_url = g_strdup_printf ("%s%csearch_id=%" G_GINT64_FORMAT, url,
                                strchr (url, '?') != NULL ? '&' : '?', self->search_id);
  texture = sl_alert_image_cache_lookup (self->cache, logged_url);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
      return;
    }

  load = g_new0 (ImageLoad, 1);
  load->self = g_object_ref (self);
  load->read = g_object_ref (read);
  load->picture = picture;
  sl_alert_image_cache_load_async (self->cache, logged_url, image_loaded_cb, load);
}

static void
clear_alert_rows (SlSearchPage *self)
{
  for (guint i = 0; self->alert_rows != NULL && i < self->alert_rows->len; i++)
    adw_preferences_group_remove (self->alerts_group, g_ptr_array_index (self->alert_rows, i));
  if (self->alert_rows != NULL)
    g_ptr_array_set_size (self->alert_rows, 0);
}

static void
add_alert_row (SlSearchPage *self,
               const char   *title,
               const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (self->alerts_group, row);
  if (self->alert_rows == NULL)
    self->alert_rows = g_ptr_array_new ();
  g_ptr_array_add (self->alert_rows, row);
}

static void
alerts_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;

  alerts = sl_client_list_alerts_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_alert_rows (self);
  if (alerts == NULL)
    {
      add_alert_row (self, _("The alerts could not be loaded"), error->message);
      return;
    }

  for (guint i = 0; i < alerts->len; i++)
    {
      SlAlert *alert = g_ptr_array_index (alerts, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: an alert in a read's detail: the hot list, then the reason */
      title = g_strdup_printf (_("%s · %s"), sl_alert_get_list_name (alert), sl_alert_get_category_label (alert));
      /* Translators: the alert's case number, its state and the plate the entry holds */
      subtitle = g_strdup_printf (_("Case %s · %s · entry %s"),
                                  sl_alert_get_case_number (alert) != NULL ? sl_alert_get_case_number (alert) : "—",
                                  sl_alert_get_state_label (alert), sl_alert_get_entry_plate (alert));
      add_alert_row (self, title, subtitle);
    }

  /* An analyst sees hits without the alerts: say so, not nothing. */
  if (alerts->len == 0)
    add_alert_row (self, _("No alert you may see"), _("The alert is on a list your role does not receive."));
}

/* The alerts a read raised, for a read that raised any. */
static void
show_alerts (SlSearchPage *self,
             SlSearchRead *read)
{
  SlAlertFilter filter = { 0 };

  g_cancellable_cancel (self->alerts_cancellable);
  g_clear_object (&self->alerts_cancellable);
  clear_alert_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_group), read != NULL && sl_search_read_get_hit (read));
  if (read == NULL || !sl_search_read_get_hit (read) || self->client == NULL)
    return;

  self->alerts_cancellable = g_cancellable_new ();
  filter.read_id = sl_search_read_get_id (read);
  sl_client_list_alerts_async (self->client, &filter, self->alerts_cancellable, alerts_loaded_cb,
                               g_object_ref (self));
}

/* The read's place on a small map, once the Map page gave it its tiles. */
static void
show_on_detail_map (SlSearchPage *self,
                    SlSearchRead *read)
{
  double lat = sl_search_read_get_lat (read);
  double lon = sl_search_read_get_lon (read);
  gboolean shown = self->detail_markers != NULL && isfinite (lat) && isfinite (lon);

  gtk_widget_set_visible (GTK_WIDGET (self->detail_map_frame), shown);
  if (!shown)
    return;

  shumate_location_set_location (SHUMATE_LOCATION (self->detail_marker), lat, lon);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->detail_map), 16);
  shumate_map_center_on (self->detail_map, lat, lon);
}

static void
show_detail (SlSearchPage *self,
             SlSearchRead *read)
{
  g_autofree char *time = NULL;
  g_autofree char *position = NULL;
  g_autofree char *vehicle = NULL;
  g_autofree char *confidence = NULL;
  double heading;

  if (read == NULL || sl_search_read_is_placeholder (read))
    {
      show_alerts (self, NULL);
      gtk_revealer_set_reveal_child (self->detail_revealer, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.track", FALSE);
      return;
    }

  gtk_label_set_text (self->detail_plate_label, sl_search_read_get_plate (read));
  if (sl_search_read_get_hit (read))
    {
      gtk_label_set_text (self->detail_hit_label, _("Raised an alert"));
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_hit_label), "hit");
    }
  else
    {
      gtk_label_set_text (self->detail_hit_label, _("No alert"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->detail_hit_label), "hit");
    }

  time = format_time (sl_search_read_get_captured_at_us (read));
  adw_action_row_set_subtitle (self->time_detail_row, time);
  adw_action_row_set_subtitle (self->camera_detail_row, sl_search_read_get_camera_name (read));

  heading = sl_search_read_get_heading (read);
  if (isnan (sl_search_read_get_lat (read)) || isnan (sl_search_read_get_lon (read)))
    position = g_strdup (_("Unknown"));
  else if (!isnan (heading))
    /* Translators: a position, then the heading in degrees */
    position = g_strdup_printf (_("%.5f, %.5f · heading %.0f°"), sl_search_read_get_lat (read),
                                sl_search_read_get_lon (read), heading);
  else
    position = g_strdup_printf ("%.5f, %.5f", sl_search_read_get_lat (read),
                                sl_search_read_get_lon (read));
  adw_action_row_set_subtitle (self->position_detail_row, position);
  show_on_detail_map (self, read);

  vehicle = sl_search_read_describe_vehicle (read);
  adw_action_row_set_subtitle (self->vehicle_detail_row, *vehicle != '\0' ? vehicle : _("Not recorded"));

  if (isnan (sl_search_read_get_confidence (read)))
    /* Translators: the plate as the camera sent it */
    confidence = g_strdup_printf (_("“%s”"), sl_search_read_get_plate_raw (read));
  else
    /* Translators: the plate as the camera sent it, and its confidence */
    confidence = g_strdup_printf (_("“%s”, %.0f %% confident"), sl_search_read_get_plate_raw (read),
                                  sl_search_read_get_confidence (read));
  adw_action_row_set_subtitle (self->confidence_detail_row, confidence);

  show_image (self, read, sl_search_read_get_plate_image_url (read), self->plate_picture);
  show_image (self, read, sl_search_read_get_overview_image_url (read), self->overview_picture);
  show_alerts (self, read);

  gtk_revealer_set_reveal_child (self->detail_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.track", !self->busy);
}

/* ---- the area ---- */

/* A drawn polygon takes the circle's row: its switch turned off clears it. */
static void
set_polygon (SlSearchPage         *self,
             const SlSearchVertex *vertices,
             guint                 n_vertices)
{
  g_clear_pointer (&self->polygon, g_array_unref);
  if (n_vertices > 0)
    {
      g_autofree char *subtitle = NULL;

      self->polygon = g_array_sized_new (FALSE, FALSE, sizeof (SlSearchVertex), n_vertices);
      g_array_append_vals (self->polygon, vertices, n_vertices);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Drawn on the map, %u corner",
                                               "Drawn on the map, %u corners", n_vertices), n_vertices);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->area_row), _("Within an Area"));
      adw_expander_row_set_subtitle (self->area_row, subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->area_row), _("Within a Circle"));
      adw_expander_row_set_subtitle (self->area_row, "");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->lat_row), self->polygon == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lon_row), self->polygon == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->radius_row), self->polygon == NULL);
  adw_expander_row_set_enable_expansion (self->area_row, self->polygon != NULL);
}

/* ---- results ---- */

static void
set_results (SlSearchPage *self,
             GListModel   *results,
             gint64        search_id,
             guint         total)
{
  g_set_object (&self->results, results);
  self->search_id = search_id;
  self->total = total;

  gtk_single_selection_set_model (self->selection, results);
  gtk_stack_set_visible_child_name (self->results_stack,
                                    results == NULL ? "start" : total > 0 ? "results" : "none");
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), search_id > 0 && total > 0);
  update_results_label (self);
  show_detail (self, NULL);
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

static void
results_error_cb (SlSearchPage    *self,
                  GParamSpec      *pspec,
                  SlSearchResults *results)
{
  const GError *error = sl_search_results_get_error (results);
  g_autofree char *text = NULL;

  if (G_LIST_MODEL (results) != self->results || error == NULL)
    return;

  text = g_strdup_printf (_("More results could not be loaded: %s"), error->message);
  show_error (self, text);
}

static SlSearchOrder
selected_order (SlSearchPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->order_dropdown);

  return selected <= SL_SEARCH_ORDER_CAMERA ? (SlSearchOrder) selected : SL_SEARCH_ORDER_NEWEST;
}

static void
use_results (SlSearchPage    *self,
             SlSearchResults *results)
{
  g_signal_connect_object (results, "notify::error", G_CALLBACK (results_error_cb), self,
                           G_CONNECT_SWAPPED);
  set_results (self, G_LIST_MODEL (results), sl_search_results_get_search_id (results),
               g_list_model_get_n_items (G_LIST_MODEL (results)));
}

static void
leave_track (SlSearchPage *self)
{
  gtk_revealer_set_reveal_child (self->track_revealer, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->order_dropdown), TRUE);
  g_clear_object (&self->search_results);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(SlSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  answer = sl_client_create_search_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (answer == NULL)
    {
      show_error (self, error->message);
      g_signal_emit (self, signals[SEARCH_FAILED], 0, error->message);
      /* A refused case or purpose is not used again: the dialog shows why. */
      if (sl_search_field_for_error (error) != SL_SEARCH_FIELD_NONE)
        {
          g_clear_pointer (&self->context, sl_search_context_unref);
          update_case_bar (self);
          open_context_dialog (self, error);
        }
      return;
    }

  show_error (self, NULL);
  leave_track (self);
  results = sl_search_results_new (self->client, selected_order (self), answer);
  use_results (self, results);
}

static void
send_search (SlSearchPage *self)
{
  g_autoptr(SlSearchFilter) filter = sl_search_page_dup_filter (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error (self, NULL);
  set_busy (self, TRUE);
  sl_client_create_search_async (self->client, self->context, filter, selected_order (self),
                                 SL_SEARCH_PAGE_SIZE, self->cancellable,
                                 search_done_cb, g_object_ref (self));
}

static void
track_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(SlSearchAnswer) answer = NULL;
  g_autoptr(GListStore) reads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  answer = sl_client_create_track_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (answer == NULL)
    {
      show_error (self, error->message);
      if (sl_search_field_for_error (error) != SL_SEARCH_FIELD_NONE)
        open_context_dialog (self, error);
      return;
    }

  reads = g_list_store_new (SL_TYPE_SEARCH_READ);
  g_list_store_splice (reads, 0, 0, answer->results->pdata, answer->results->len);

  /* The search's results come back with one click. */
  if (self->search_results == NULL)
    self->search_results = g_steal_pointer (&self->results);
  set_results (self, G_LIST_MODEL (reads), answer->search_id, answer->results->len);

  /* Translators: %s is a plate; the track's reads are in time order */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Track of %s: %u read, oldest first",
                                       "Track of %s: %u reads, oldest first",
                                       answer->results->len),
                          answer->plate, answer->results->len);
  if (answer->leads != NULL && answer->leads[0] != NULL)
    {
      g_autofree char *leads = g_strjoinv ("\n", answer->leads);
      g_autofree char *with_leads = g_strdup_printf ("%s\n%s\n%s", text, leads,
                                                     _("These are leads to look into, not alerts and not grounds for a stop."));

      g_free (text);
      text = g_steal_pointer (&with_leads);
    }
  gtk_label_set_text (self->track_label, text);
  gtk_revealer_set_reveal_child (self->track_revealer, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->order_dropdown), FALSE);
}

/* ---- the case and purpose ---- */

static void
context_chosen_cb (SlSearchPage          *self,
                   SlSearchContext       *context,
                   SlSearchContextDialog *dialog)
{
  sl_search_page_set_context (self, context);

  if (self->run_when_chosen)
    {
      self->run_when_chosen = FALSE;
      sl_search_page_run (self);
    }
}

static void
open_context_dialog (SlSearchPage *self,
                     const GError *refusal)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->policy == NULL)
    {
      show_error (self, _("The agency’s policy has not loaded yet, so no search can be made. "
                          "Check the connection and try again."));
      return;
    }

  if (self->dialog == NULL)
    {
      self->dialog = sl_search_context_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   self->policy, self->context);
      g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      g_signal_connect_object (self->dialog, "chosen", G_CALLBACK (context_chosen_cb), self,
                               G_CONNECT_SWAPPED);
    }

  if (refusal != NULL)
    sl_search_context_dialog_show_refusal (self->dialog, refusal);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

/* ---- policy and cameras ---- */

static void
policy_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
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
      g_autofree char *message = g_strdup_printf (_("The agency’s policy could not be loaded: %s"),
                                                  error->message);
      show_error (self, message);
    }
  update_search_button (self);
}

static void
update_cameras_label (SlSearchPage *self)
{
  g_autofree char *label = NULL;
  guint n = 0;

  for (guint i = 0; i < self->camera_checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->camera_checks, i));

  if (n == 0)
    label = g_strdup (_("All"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u camera", "%u cameras", n), n);
  gtk_menu_button_set_label (self->cameras_button, label);
  update_search_button (self);
}

static void
cameras_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  cameras = sl_client_list_cameras_finish (SL_CLIENT (object), result, &error);
  if (cameras == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No cameras to choose from: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cameras_list))) != NULL)
    gtk_list_box_remove (self->cameras_list, child);
  g_ptr_array_set_size (self->camera_checks, 0);

  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraStatus *camera = g_ptr_array_index (cameras, i);
      GtkWidget *check = gtk_check_button_new_with_label (sl_camera_status_get_name (camera));

      g_object_set_data (G_OBJECT (check), "camera-id",
                         GSIZE_TO_POINTER ((gsize) sl_camera_status_get_id (camera)));
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_cameras_label), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->cameras_list, check);
      g_ptr_array_add (self->camera_checks, check);
    }
  update_cameras_label (self);
}

static void
load_setup (SlSearchPage *self)
{
  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);

  if (self->client == NULL || self->session == NULL ||
      sl_session_get_training_status (self->session) != SL_TRAINING_CURRENT)
    return;

  self->setup_cancellable = g_cancellable_new ();
  if (self->policy == NULL)
    sl_client_get_policy_async (self->client, self->setup_cancellable,
                                policy_loaded_cb, g_object_ref (self));
  sl_client_list_cameras_async (self->client, self->setup_cancellable,
                                cameras_loaded_cb, g_object_ref (self));
}

/* ---- exports ---- */

static void
export_progress_cb (goffset  received,
                    goffset  total,
                    gpointer user_data)
{
  SlSearchPage *self = user_data;

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
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  goffset size;

  size = sl_client_download_finish (SL_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);

  if (size < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The export failed: %s"), error->message);
      show_error (self, message);
      return;
    }

  toast (self, _("Export saved"));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(SlSearchPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->client == NULL)
    return;

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);

  path = g_strdup_printf ("/searches/%" G_GINT64_FORMAT "/export.%s", self->search_id, format);
  sl_client_download_async (self->client, path, file, export_progress_cb, self,
                            self->export_cancellable, exported_cb, g_object_ref (self));
}

/* ---- actions and callbacks ---- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  sl_search_page_run (SL_SEARCH_PAGE (widget));
}

static void
change_context_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_context_dialog (SL_SEARCH_PAGE (widget), NULL);
}

static void
track_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlSearchPage *self = SL_SEARCH_PAGE (widget);
  SlSearchRead *read = sl_search_page_get_selected_read (self);

  if (read == NULL || sl_search_read_is_placeholder (read) || self->busy)
    return;

  if (self->context == NULL)
    {
      open_context_dialog (self, NULL);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error (self, NULL);
  set_busy (self, TRUE);
  sl_client_create_track_async (self->client, self->context, sl_search_read_get_plate (read), 0, 0,
                                self->cancellable, track_done_cb, g_object_ref (self));
}

static void
back_to_results_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlSearchPage *self = SL_SEARCH_PAGE (widget);
  g_autoptr(GListModel) results = g_steal_pointer (&self->search_results);

  leave_track (self);
  if (SL_IS_SEARCH_RESULTS (results))
    use_results (self, SL_SEARCH_RESULTS (results));
  else
    set_results (self, NULL, 0, 0);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlSearchPage *self = SL_SEARCH_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  gboolean pdf = g_str_equal (format, "pdf");

  if (self->search_id <= 0)
    return;

  chooser = gtk_file_chooser_native_new (pdf ? _("Export the Search as a PDF Report")
                                             : _("Export the Search as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file name; %s is the search's number */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, self->search_id);
  name = g_strdup_printf (pdf ? _("search-%s.pdf") : _("search-%s.csv"), number);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "format", pdf ? "pdf" : "csv");
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
focus_plate_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  SlSearchPage *self = SL_SEARCH_PAGE (widget);

  /* The shortcut is the window's; only the page in view takes it. */
  if (!gtk_widget_get_mapped (widget) ||
      !g_str_equal (gtk_stack_get_visible_child_name (self->page_stack), "search"))
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->plate_row));
  return TRUE;
}

static gboolean
plate_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      SlSearchPage          *self)
{
  if (keyval != GDK_KEY_Escape || *text_of (self->plate_row) == '\0')
    return GDK_EVENT_PROPAGATE;

  gtk_editable_set_text (GTK_EDITABLE (self->plate_row), "");
  return GDK_EVENT_STOP;
}

static void
search_activated_cb (SlSearchPage *self)
{
  sl_search_page_run (self);
}

static void
filter_changed_cb (SlSearchPage *self)
{
  if (self->polygon != NULL && !adw_expander_row_get_enable_expansion (self->area_row))
    set_polygon (self, NULL, 0);

  /* What was said about the filters before no longer holds. */
  if (!self->busy)
    show_error (self, NULL);
  update_search_button (self);
}

static void
time_changed_cb (SlSearchPage *self)
{
  gboolean custom = adw_combo_row_get_selected (self->time_row) == SL_SEARCH_TIME_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom);
  update_search_button (self);
}

static void
order_changed_cb (SlSearchPage *self)
{
  g_autoptr(SlSearchResults) results = NULL;
  g_autoptr(SlSearchAnswer) none = NULL;

  /* The service orders; the same search is paged again in the new order. */
  if (!SL_IS_SEARCH_RESULTS (self->results) || self->client == NULL)
    return;

  none = g_new0 (SlSearchAnswer, 1);
  none->search_id = self->search_id;
  none->total = self->total;
  none->next_offset = -1;
  results = sl_search_results_new (self->client, selected_order (self), none);
  use_results (self, results);
}

static void
selection_changed_cb (SlSearchPage *self)
{
  show_detail (self, sl_search_page_get_selected_read (self));
}

static void
selected_item_changed_cb (SlSearchPage *self)
{
  /* A placeholder row that loaded while selected. */
  show_detail (self, sl_search_page_get_selected_read (self));
}

/* ---- the column view ---- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_CONFIDENCE ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  switch (column)
    {
    case COLUMN_PLATE:
      gtk_widget_add_css_class (label, "search-plate");
      break;
    case COLUMN_TIME:
    case COLUMN_CONFIDENCE:
      gtk_widget_add_css_class (label, "numeric");
      break;
    case COLUMN_HIT:
      gtk_widget_add_css_class (label, "search-hit");
      break;
    case COLUMN_REGION:
    case COLUMN_CAMERA:
    case COLUMN_VEHICLE:
    default:
      break;
    }
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SlSearchRead *read = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (read == NULL || sl_search_read_is_placeholder (read))
    {
      /* Translators: a row of results still loading */
      gtk_label_set_text (label, column == COLUMN_TIME ? _("Loading…") : "");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");

  switch (column)
    {
    case COLUMN_TIME:
      text = format_time (sl_search_read_get_captured_at_us (read));
      break;
    case COLUMN_PLATE:
      text = g_strdup (sl_search_read_get_plate (read));
      break;
    case COLUMN_REGION:
      text = g_strdup (sl_search_read_get_region (read));
      break;
    case COLUMN_CAMERA:
      text = g_strdup (sl_search_read_get_camera_name (read));
      break;
    case COLUMN_CONFIDENCE:
      text = isnan (sl_search_read_get_confidence (read)) ? g_strdup ("")
             : g_strdup_printf ("%.0f %%", sl_search_read_get_confidence (read));
      break;
    case COLUMN_VEHICLE:
      text = sl_search_read_describe_vehicle (read);
      break;
    case COLUMN_HIT:
      /* Translators: the results' column for reads that raised an alert */
      text = g_strdup (sl_search_read_get_hit (read) ? _("Alert") : "");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text);
}

static void
add_column (SlSearchPage *self,
            Column        column,
            const char   *title,
            int           width,
            gboolean      expand)
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
sl_search_page_dispose (GObject *object)
{
  SlSearchPage *self = SL_SEARCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->setup_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_cancellable_cancel (self->alerts_cancellable);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SEARCH_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->search_results);
  g_clear_object (&self->cache);
  g_clear_object (&self->client);
  g_clear_pointer (&self->session, sl_session_unref);
  g_clear_pointer (&self->camera_checks, g_ptr_array_unref);
  g_clear_pointer (&self->polygon, g_array_unref);

  G_OBJECT_CLASS (sl_search_page_parent_class)->dispose (object);
}

static void
sl_search_page_finalize (GObject *object)
{
  SlSearchPage *self = SL_SEARCH_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->setup_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->alerts_cancellable);
  g_clear_pointer (&self->alert_rows, g_ptr_array_unref);
  g_clear_pointer (&self->policy, sl_policy_unref);
  g_clear_pointer (&self->context, sl_search_context_unref);
  g_free (self->error);

  G_OBJECT_CLASS (sl_search_page_parent_class)->finalize (object);
}

static void
sl_search_page_class_init (SlSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_search_page_dispose;
  object_class->finalize = sl_search_page_finalize;

  /**
   * SlSearchPage::results-changed:
   *
   * The rows shown changed: a new search, a track, or back to the
   * search's results. The Map page draws them.
   */
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SlSearchPage::context-changed:
   *
   * The active case and purpose changed, or were dropped after a refusal.
   */
  signals[CONTEXT_CHANGED] =
    g_signal_new ("context-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SlSearchPage::search-failed:
   * @message: why, as the page shows it
   *
   * The service refused a search or could not be reached.
   */
  signals[SEARCH_FAILED] =
    g_signal_new ("search-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SHUMATE_TYPE_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, case_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, plate_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, tolerance_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, region_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, cameras_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, cameras_list);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, area_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, lat_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, lon_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, radius_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, direction_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, make_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, color_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, results_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, track_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, track_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, detail_plate_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, detail_hit_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, plate_picture);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, overview_picture);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, time_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, camera_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, position_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, vehicle_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, confidence_detail_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, track_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, detail_map_frame);
  gtk_widget_class_bind_template_child (widget_class, SlSearchPage, detail_map);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_changed_cb);

  gtk_widget_class_install_action (widget_class, "search.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "search.change-context", NULL, change_context_action);
  gtk_widget_class_install_action (widget_class, "search.track", NULL, track_action);
  gtk_widget_class_install_action (widget_class, "search.back-to-results", NULL, back_to_results_action);
  gtk_widget_class_install_action (widget_class, "search.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "search.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "search.run", NULL);

  gtk_widget_class_set_css_name (widget_class, "searchpage");
}

static void
sl_search_page_init (SlSearchPage *self)
{
  GtkEventController *controller;
  GtkShortcut *shortcut;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->camera_checks = g_ptr_array_new ();
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COLUMN_TIME, _("Time"), 170, FALSE);
  add_column (self, COLUMN_PLATE, _("Plate"), 100, FALSE);
  add_column (self, COLUMN_REGION, _("State"), 56, FALSE);
  add_column (self, COLUMN_CAMERA, _("Camera"), -1, TRUE);
  add_column (self, COLUMN_CONFIDENCE, _("Conf."), 64, FALSE);
  add_column (self, COLUMN_VEHICLE, _("Vehicle"), -1, TRUE);
  add_column (self, COLUMN_HIT, _("Hit"), 56, FALSE);

  /* Ctrl+F reaches the plate from anywhere in the window. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                               gtk_callback_action_new (focus_plate_cb, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (plate_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->plate_row), controller);

  set_results (self, NULL, 0, 0);
  update_case_bar (self);
  update_availability (self);
  update_search_button (self);
}

/* ---- public API ---- */

GtkWidget *
sl_search_page_new (void)
{
  return g_object_new (SL_TYPE_SEARCH_PAGE, NULL);
}

void
sl_search_page_set_client (SlSearchPage *self,
                           SlClient     *client)
{
  g_return_if_fail (SL_IS_SEARCH_PAGE (self));
  g_return_if_fail (!client || SL_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_clear_object (&self->cache);
  if (client != NULL)
    self->cache = sl_alert_image_cache_new (client);
  update_availability (self);
  load_setup (self);
}

/**
 * sl_search_page_set_session:
 *
 * The page searches only for a user whose training is current; a new
 * session (after unlocking) keeps the active case.
 */
void
sl_search_page_set_session (SlSearchPage *self,
                            SlSession    *session)
{
  g_return_if_fail (SL_IS_SEARCH_PAGE (self));

  if (self->session == session)
    return;

  g_clear_pointer (&self->session, sl_session_unref);
  if (session != NULL)
    self->session = sl_session_ref (session);
  update_availability (self);
  load_setup (self);
}

/**
 * sl_search_page_get_context:
 *
 * Returns: (nullable) (transfer none): the active case and purpose
 */
SlSearchContext *
sl_search_page_get_context (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);
  return self->context;
}

void
sl_search_page_set_context (SlSearchPage    *self,
                            SlSearchContext *context)
{
  g_return_if_fail (SL_IS_SEARCH_PAGE (self));

  if (context != NULL)
    sl_search_context_ref (context);
  g_clear_pointer (&self->context, sl_search_context_unref);
  self->context = context;
  update_case_bar (self);
  update_search_button (self);
}

void
sl_search_page_set_plate (SlSearchPage *self,
                          const char   *plate)
{
  g_return_if_fail (SL_IS_SEARCH_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->plate_row), plate != NULL ? plate : "");
}

/**
 * sl_search_page_set_area:
 * @lat: the centre's latitude
 * @lon: the centre's longitude
 * @radius_m: the radius in metres, or 0 to search anywhere
 *
 * Sets the circle the next search is limited to. This is the hook for the
 * Map page: a circle drawn there becomes the area here.
 */
void
sl_search_page_set_area (SlSearchPage *self,
                         double        lat,
                         double        lon,
                         double        radius_m)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (SL_IS_SEARCH_PAGE (self));

  set_polygon (self, NULL, 0);
  adw_expander_row_set_enable_expansion (self->area_row, radius_m > 0);
  if (radius_m <= 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->lat_row), g_ascii_formatd (buffer, sizeof buffer, "%.6f", lat));
  gtk_editable_set_text (GTK_EDITABLE (self->lon_row), g_ascii_formatd (buffer, sizeof buffer, "%.6f", lon));
  gtk_editable_set_text (GTK_EDITABLE (self->radius_row), g_ascii_formatd (buffer, sizeof buffer, "%.0f", radius_m));
  adw_expander_row_set_expanded (self->area_row, TRUE);
}

/**
 * sl_search_page_set_polygon:
 * @vertices: (array length=n_vertices): the corners of an area drawn on the map
 *
 * Limits the next search to the area, instead of a circle.
 */
void
sl_search_page_set_polygon (SlSearchPage         *self,
                            const SlSearchVertex *vertices,
                            guint                 n_vertices)
{
  g_return_if_fail (SL_IS_SEARCH_PAGE (self));
  g_return_if_fail (n_vertices == 0 || vertices != NULL);

  set_polygon (self, vertices, n_vertices);
}

/**
 * sl_search_page_dup_filter:
 *
 * Returns: (transfer full): the filters as the side panel holds them now
 */
SlSearchFilter *
sl_search_page_dup_filter (SlSearchPage *self)
{
  SlSearchFilter *filter;
  guint preset;
  guint direction;

  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);

  filter = sl_search_filter_new ();
  filter->plate = g_strstrip (g_strdup (text_of (self->plate_row)));
  filter->tolerance = MIN (adw_combo_row_get_selected (self->tolerance_row), 2);
  filter->region = g_strstrip (g_ascii_strup (text_of (self->region_row), -1));

  preset = adw_combo_row_get_selected (self->time_row);
  if (preset == SL_SEARCH_TIME_CUSTOM)
    {
      if (!parse_local_time (text_of (self->from_row), &filter->from_us))
        filter->from_us = 0;
      if (!parse_local_time (text_of (self->to_row), &filter->to_us))
        filter->to_us = 0;
    }
  else if (preset <= SL_SEARCH_TIME_LAST_WEEK)
    sl_search_time_preset_get_range (preset, g_get_real_time (), &filter->from_us, &filter->to_us);

  for (guint i = 0; self->camera_checks != NULL && i < self->camera_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->camera_checks, i);
      gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "camera-id"));

      if (!gtk_check_button_get_active (check))
        continue;
      if (filter->cameras == NULL)
        filter->cameras = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (filter->cameras, id);
    }

  if (self->polygon != NULL)
    {
      filter->polygon = g_array_sized_new (FALSE, FALSE, sizeof (SlSearchVertex), self->polygon->len);
      g_array_append_vals (filter->polygon, self->polygon->data, self->polygon->len);
    }
  else if (adw_expander_row_get_enable_expansion (self->area_row))
    {
      filter->has_area = TRUE;
      if (!parse_number (text_of (self->lat_row), &filter->lat))
        filter->lat = NAN;
      if (!parse_number (text_of (self->lon_row), &filter->lon))
        filter->lon = NAN;
      if (!parse_number (text_of (self->radius_row), &filter->radius_m))
        filter->radius_m = 0;
    }

  direction = adw_combo_row_get_selected (self->direction_row);
  if (direction > 0 && direction < G_N_ELEMENTS (direction_codes))
    filter->direction = g_strdup (direction_codes[direction]);

  filter->make = g_strdup (text_of (self->make_row));
  filter->color = g_strdup (text_of (self->color_row));
  filter->type = g_strdup (text_of (self->type_row));
  return filter;
}

/**
 * sl_search_page_run:
 *
 * Runs the search the filters describe, under the active case; asks for
 * the case and purpose first if there is none. Filters the service would
 * refuse are refused here, with the reason under the filters.
 */
void
sl_search_page_run (SlSearchPage *self)
{
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SL_IS_SEARCH_PAGE (self));

  if (self->busy || self->client == NULL)
    return;

  filter = sl_search_page_dup_filter (self);
  if (!sl_search_filter_check (filter, &error))
    {
      show_error (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      g_signal_emit (self, signals[SEARCH_FAILED], 0, error->message);
      return;
    }

  if (self->context == NULL)
    {
      self->run_when_chosen = TRUE;
      open_context_dialog (self, NULL);
      return;
    }

  send_search (self);
}

/**
 * sl_search_page_get_results:
 *
 * Returns: (nullable) (transfer none): the rows shown: a search's results
 *   or a track's reads
 */
GListModel *
sl_search_page_get_results (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);
  return self->results;
}

gboolean
sl_search_page_select_row (SlSearchPage *self,
                           guint         position)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), FALSE);

  if (self->results == NULL || position >= g_list_model_get_n_items (self->results))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * sl_search_page_get_selected_read:
 *
 * Returns: (nullable) (transfer none): the read the detail pane shows
 */
SlSearchRead *
sl_search_page_get_selected_read (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * sl_search_page_get_context_dialog:
 *
 * Returns: (nullable) (transfer none): the case-and-purpose dialog, while open
 */
SlSearchContextDialog *
sl_search_page_get_context_dialog (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);
  return self->dialog;
}

/**
 * sl_search_page_get_error:
 *
 * Returns: (nullable): the message under the filters
 */
const char *
sl_search_page_get_error (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), NULL);
  return self->error;
}

gboolean
sl_search_page_is_busy (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), FALSE);
  return self->busy;
}

gboolean
sl_search_page_has_policy (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), FALSE);
  return self->policy != NULL;
}

/**
 * sl_search_page_get_search_id:
 *
 * Returns: the search whose rows are shown (a track is a search too), or 0
 */
gint64
sl_search_page_get_search_id (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), 0);
  return self->search_id;
}

/**
 * sl_search_page_is_track:
 *
 * Returns: whether the rows shown are a plate's track, oldest first
 */
gboolean
sl_search_page_is_track (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), FALSE);
  return self->search_results != NULL;
}

/**
 * sl_search_page_get_total:
 *
 * Returns: how many rows the search or track found
 */
guint
sl_search_page_get_total (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), 0);
  return self->total;
}

/**
 * sl_search_page_get_n_detail_alerts:
 *
 * Returns: how many rows the selected read's alerts fill, once loaded
 */
guint
sl_search_page_get_n_detail_alerts (SlSearchPage *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_PAGE (self), 0);
  return self->alert_rows != NULL ? self->alert_rows->len : 0;
}

/**
 * sl_search_page_set_map_source:
 * @source: (nullable): the tiles the Map page shows
 *
 * Shows a read's place in the detail pane on these tiles; without them the
 * pane gives the position as numbers only.
 */
void
sl_search_page_set_map_source (SlSearchPage     *self,
                               ShumateMapSource *source)
{
  ShumateViewport *viewport;
  GtkWidget *dot;

  g_return_if_fail (SL_IS_SEARCH_PAGE (self));
  g_return_if_fail (!source || SHUMATE_IS_MAP_SOURCE (source));

  if (source == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->detail_map_frame), FALSE);
      return;
    }

  viewport = shumate_map_get_viewport (self->detail_map);
  shumate_map_set_map_source (self->detail_map, source);
  if (self->detail_tiles != NULL)
    shumate_map_remove_layer (self->detail_map, SHUMATE_LAYER (self->detail_tiles));
  self->detail_tiles = shumate_map_layer_new (source, viewport);
  if (self->detail_markers != NULL)
    {
      shumate_map_insert_layer_behind (self->detail_map, SHUMATE_LAYER (self->detail_tiles),
                                       SHUMATE_LAYER (self->detail_markers));
      return;
    }

  shumate_map_add_layer (self->detail_map, SHUMATE_LAYER (self->detail_tiles));
  self->detail_markers = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (self->detail_map, SHUMATE_LAYER (self->detail_markers));
  self->detail_marker = shumate_marker_new ();
  dot = gtk_image_new_from_icon_name ("mark-location-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (dot), 24);
  gtk_widget_add_css_class (dot, "search-detail-pin");
  shumate_marker_set_child (self->detail_marker, dot);
  shumate_marker_layer_add_marker (self->detail_markers, self->detail_marker);
}
