#define G_LOG_DOMAIN "sl-signals-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-client-call.h"
#include "sl-clock.h"
#include "sl-json.h"
#include "sl-signals-panel.h"

/* The service's anomaly signals over a period, one row each. */

struct _SlSignalsPanel
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkDropDown  *period_dropdown;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;
  GtkListBox   *signals_list;

  /* owned references */
  SlClient     *client;
  GCancellable *cancellable;
  JsonArray    *signals;

  /* owned memory */
  char         *error;
};

G_DEFINE_FINAL_TYPE (SlSignalsPanel, sl_signals_panel, GTK_TYPE_WIDGET)

static const struct {
  const char *kind;
  const char *title;
} kinds[] = {
  { "off_hours",      N_("Searches at unusual hours") },
  { "volume",         N_("An unusual number of searches") },
  { "repeated_plate", N_("One plate searched again and again, never found") },
  { "reused_note",    N_("A purpose note reused under different cases") },
};

static const int period_days[] = { 30, 182, 365 };

static void
show_error (SlSignalsPanel *self,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
kind_title (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].title);
  return kind;
}

static void
show_signals (SlSignalsPanel *self)
{
  guint n = self->signals != NULL ? json_array_get_length (self->signals) : 0;
  guint shown = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->signals_list))) != NULL)
    gtk_list_box_remove (self->signals_list, child);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *signal = sl_json_array_lookup_object (self->signals, i);
      GString *subtitle;
      g_autofree char *escaped = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (signal == NULL || sl_json_lookup_string (signal, "kind") == NULL)
        continue;

      subtitle = g_string_new (NULL);
      if (sl_json_lookup_string (signal, "username") != NULL)
        g_string_append (subtitle, sl_json_lookup_string (signal, "username"));
      if (sl_json_lookup_string (signal, "subject") != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", sl_json_lookup_string (signal, "subject"));
      if (sl_json_lookup_string (signal, "detail") != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", sl_json_lookup_string (signal, "detail"));
      if (sl_json_lookup_int (signal, "first_seq") > 0)
        {
          g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (signal, "first_seq"));

          g_string_append (subtitle, "\n");
          /* Translators: where in the access log the pattern starts */
          g_string_append_printf (subtitle, _("First seen in log record %s"), seq);
        }
      escaped = g_markup_escape_text (subtitle->str, -1);
      g_string_free (subtitle, TRUE);
      title = g_markup_escape_text (kind_title (sl_json_lookup_string (signal, "kind")), -1);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (sl_json_lookup_int (signal, "count") > 0)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, sl_json_lookup_int (signal, "count"));
          GtkWidget *label = gtk_label_new (count);

          gtk_widget_add_css_class (label, "title-4");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      gtk_list_box_append (self->signals_list, row);
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No patterns in the period"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->signals_list, row);
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlSignalsPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sl_client_call_finish (SL_CLIENT (object), result, &error);
  JsonArray *signals = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_clear_object (&self->cancellable);
  if (answer != NULL && !sl_json_get_array (answer, "anomalies", TRUE, &signals, &error))
    g_prefix_error (&error, "%s", _("The service sent an answer Sightline cannot read: "));
  if (signals == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->signals, json_array_unref);
  self->signals = json_array_ref (signals);
  show_signals (self);
}

static void
refresh (SlSignalsPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -period_days[MIN (selected, G_N_ELEMENTS (period_days) - 1)]);
  g_autofree char *from = g_date_time_format_iso8601 (then);
  g_autofree char *to = g_date_time_format_iso8601 (now);
  g_autofree char *from_q = g_uri_escape_string (from, NULL, TRUE);
  g_autofree char *to_q = g_uri_escape_string (to, NULL, TRUE);
  g_autofree char *path = g_strdup_printf ("/anomalies?from=%s&to=%s", from_q, to_q);

  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_error (self, NULL);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  sl_client_call_async (self->client, "GET", path, NULL, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
period_changed_cb (SlSignalsPanel *self)
{
  refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SL_SIGNALS_PANEL (widget));
}

static void
sl_signals_panel_map (GtkWidget *widget)
{
  SlSignalsPanel *self = SL_SIGNALS_PANEL (widget);

  GTK_WIDGET_CLASS (sl_signals_panel_parent_class)->map (widget);
  if (self->signals == NULL && self->cancellable == NULL)
    refresh (self);
}

static void
sl_signals_panel_dispose (GObject *object)
{
  SlSignalsPanel *self = SL_SIGNALS_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SIGNALS_PANEL);
  /* GTK 4.8 drops only the bound template children; the root is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_pointer (&self->signals, json_array_unref);

  G_OBJECT_CLASS (sl_signals_panel_parent_class)->dispose (object);
}

static void
sl_signals_panel_finalize (GObject *object)
{
  g_free (SL_SIGNALS_PANEL (object)->error);

  G_OBJECT_CLASS (sl_signals_panel_parent_class)->finalize (object);
}

static void
sl_signals_panel_class_init (SlSignalsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_signals_panel_dispose;
  object_class->finalize = sl_signals_panel_finalize;
  widget_class->map = sl_signals_panel_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-signals-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSignalsPanel, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlSignalsPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlSignalsPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlSignalsPanel, signals_list);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_install_action (widget_class, "signals.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "signals.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "signals.refresh", NULL);
}

static void
sl_signals_panel_init (SlSignalsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
sl_signals_panel_set_client (SlSignalsPanel *self,
                             SlClient       *client)
{
  g_return_if_fail (SL_IS_SIGNALS_PANEL (self));
  g_return_if_fail (SL_IS_CLIENT (client));

  g_set_object (&self->client, client);
}

void
sl_signals_panel_refresh (SlSignalsPanel *self)
{
  g_return_if_fail (SL_IS_SIGNALS_PANEL (self));

  refresh (self);
}

gboolean
sl_signals_panel_is_busy (SlSignalsPanel *self)
{
  g_return_val_if_fail (SL_IS_SIGNALS_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

const char *
sl_signals_panel_get_error (SlSignalsPanel *self)
{
  g_return_val_if_fail (SL_IS_SIGNALS_PANEL (self), NULL);

  return self->error;
}

/* How many signals of @kind (e.g. "repeated_plate") are shown; all for NULL. */
guint
sl_signals_panel_count (SlSignalsPanel *self,
                        const char     *kind)
{
  guint n = 0;

  g_return_val_if_fail (SL_IS_SIGNALS_PANEL (self), 0);

  for (guint i = 0; self->signals != NULL && i < json_array_get_length (self->signals); i++)
    {
      JsonObject *signal = sl_json_array_lookup_object (self->signals, i);

      if (signal != NULL && (kind == NULL || g_strcmp0 (sl_json_lookup_string (signal, "kind"), kind) == 0))
        n++;
    }
  return n;
}
