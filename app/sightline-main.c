#define G_LOG_DOMAIN "sightline"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sl-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  setlocale (LC_ALL, "");

  app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
