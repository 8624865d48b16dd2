/* sl-test-service.h: a real sightlined on 127.0.0.1 in a temporary directory */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TEST_PASSWORD "Correct-Horse-42"

typedef struct _SlTestService SlTestService;

typedef struct
{
  const char *username;
  const char *full_name;
  const char *roles;
  const char *trained_on;   /* NULL: no training on record */
  const char *supervisor;
} SlTestUser;

/* What a service needs before it serves alerts: a camera and a hot list. */
typedef struct
{
  const char *camera_name;   /* NULL: no camera */
  const char *stream_url;    /* NULL: no video */
  const char *list_name;     /* NULL: no hot list */
  const char *list_csv;      /* its rows, with a header line */
  const char *tiles_file;    /* NULL: no offline map */
} SlTestSetup;

const char     *sl_test_service_program    (void);
SlTestService  *sl_test_service_start      (const SlTestUser *users,
                                            guint             n_users,
                                            gboolean          tls,
                                            GError          **error);
SlTestService  *sl_test_service_start_full (const SlTestUser  *users,
                                            guint              n_users,
                                            gboolean           tls,
                                            const SlTestSetup *setup,
                                            GError           **error);
const char     *sl_test_service_get_url    (SlTestService    *self);
const char     *sl_test_service_get_camera_token (SlTestService *self);
gint64          sl_test_service_get_camera_id (SlTestService *self);
gboolean        sl_test_service_post_reads (SlTestService    *self,
                                            const char       *reads_json,
                                            GError          **error);
gboolean        sl_test_service_post_read  (SlTestService    *self,
                                            const char       *plate,
                                            const char       *region,
                                            GBytes           *plate_image,
                                            GBytes           *overview_image,
                                            GError          **error);
const char     *sl_test_service_get_ca_file (SlTestService   *self);
const char     *sl_test_service_get_dir    (SlTestService    *self);
void            sl_test_service_stop       (SlTestService    *self);
char           *sl_test_date_days_ago      (int               days);

G_END_DECLS
