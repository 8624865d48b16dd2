#define G_LOG_DOMAIN "sightlined"

#include "config.h"

#include "sl-cli.h"

int
main (int   argc,
      char *argv[])
{
  return sl_cli_run (argc, argv);
}
