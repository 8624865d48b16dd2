/* sl-cli.h: the sightlined command line (init, user, serve, audit) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int sl_cli_run (int    argc,
                char **argv);

G_END_DECLS
