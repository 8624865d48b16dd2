/* sl-test-mbtiles.h: MBTiles files for the tests, written with SQLite */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Marks the tile at z 2, x 1 that the file stores in TMS row 3 (XYZ row 0),
 * and the one in TMS row 0 (XYZ row 3). */
#define SL_TEST_MBTILES_ZOOM 2
#define SL_TEST_MBTILES_X    1

char *sl_test_make_mbtiles (const char *dir,
                            const char *name,
                            const char *format,
                            GBytes     *top,
                            GBytes     *bottom);
void  sl_test_exec_sql     (const char *path,
                            const char *sql);

G_END_DECLS
