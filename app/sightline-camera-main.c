#define G_LOG_DOMAIN "sightline-camera"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <gst/gst.h>

#include "sl-simulator.h"

#define EXIT_USAGE 2

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SlSimulator) simulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL, *token = NULL, *name = NULL, *format = NULL;
  g_autofree char *hit_list = NULL, *ca_file = NULL, *rtsp_address = NULL, *url = NULL;
  int rtsp_port = -1;
  double rate = 0.5, hit_rate = NAN, lat = NAN, lon = NAN, heading = 180;
  gint64 seed = -1;
  SlSimulatorOptions options = { 0 };
  guint sigint_id, sigterm_id;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The Sightline service, e.g. http://127.0.0.1:8787", "URL" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "The camera's token from “sightlined camera add”", "TOKEN" },
    { "rtsp-port", 0, 0, G_OPTION_ARG_INT, &rtsp_port, "Serve the video at rtsp://ADDRESS:PORT/live (0: any free port)", "PORT" },
    { "rtsp-address", 0, 0, G_OPTION_ARG_STRING, &rtsp_address, "Address to serve the video on (default 127.0.0.1)", "ADDRESS" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The camera's name, shown in its video", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "How to post reads: native (default), openalpr or platerecognizer", "FORMAT" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Cars (reads) per second on average (default 0.5)", "R" },
    { "hit-list", 0, 0, G_OPTION_ARG_FILENAME, &hit_list, "A hot-list CSV whose plates some cars carry", "FILE" },
    { "hit-rate", 0, 0, G_OPTION_ARG_DOUBLE, &hit_rate, "The share of cars with a plate from the hit list, 0–1 (default 0.1)", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The same seed gives the same cars (default: random)", "S" },
    { "lat", 0, 0, G_OPTION_ARG_DOUBLE, &lat, "The camera's latitude", "X" },
    { "lon", 0, 0, G_OPTION_ARG_DOUBLE, &lon, "The camera's longitude", "Y" },
    { "heading", 0, 0, G_OPTION_ARG_DOUBLE, &heading, "Direction of travel of the cars, degrees from north (default 180)", "DEG" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust only this CA for an https service", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);

  context = g_option_context_new ("— the Sightline test and demo camera");
  g_option_context_set_summary (context,
                                "Serves synthetic street video over RTSP and posts the plate reads "
                                "it shows to a Sightline service.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sightline-camera: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (server == NULL || token == NULL || rtsp_port < 0)
    {
      g_printerr ("sightline-camera: --server, --token and --rtsp-port are required "
                  "(see sightline-camera --help)\n");
      return EXIT_USAGE;
    }

  if (!isnan (hit_rate) && hit_list == NULL)
    {
      g_printerr ("sightline-camera: --hit-rate needs --hit-list FILE\n");
      return EXIT_USAGE;
    }

  options.server = server;
  options.token = token;
  options.name = name;
  options.ca_file = ca_file;
  options.hit_list = hit_list;
  options.rtsp_address = rtsp_address;
  options.rtsp_port = (guint) rtsp_port;
  options.rate = rate;
  options.hit_rate = isnan (hit_rate) ? 0.1 : hit_rate;
  options.lat = lat;
  options.lon = lon;
  options.heading = heading;
  options.seed = seed >= 0 ? (guint64) seed : g_random_int ();

  if (format != NULL && !sl_camera_format_parse (format, &options.format, &error))
    {
      g_printerr ("sightline-camera: %s\n", error->message);
      return EXIT_USAGE;
    }

  simulator = sl_simulator_new (&options, &error);
  if (simulator == NULL)
    {
      g_printerr ("sightline-camera: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (!sl_simulator_start (simulator, &error))
    {
      g_printerr ("sightline-camera: %s\n", error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  url = sl_simulator_dup_rtsp_url (simulator);
  printf ("RTSP %s\n", url);
  fflush (stdout);
  g_message ("serving %s; posting %s reads to %s at %g/s, seed %" G_GUINT64_FORMAT,
             url, sl_camera_format_to_string (options.format), server, rate, options.seed);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  sl_simulator_stop (simulator);
  g_message ("stopped after %" G_GUINT64_FORMAT " reads: %" G_GUINT64_FORMAT " accepted, %u unsent",
             sl_simulator_get_n_reads (simulator),
             sl_camera_poster_get_n_accepted (sl_simulator_get_poster (simulator)),
             sl_camera_poster_get_n_queued (sl_simulator_get_poster (simulator)));
  return EXIT_SUCCESS;
}
