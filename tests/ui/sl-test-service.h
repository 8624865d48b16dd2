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

const char     *sl_test_service_program    (void);
SlTestService  *sl_test_service_start      (const SlTestUser *users,
                                            guint             n_users,
                                            gboolean          tls,
                                            GError          **error);
const char     *sl_test_service_get_url    (SlTestService    *self);
const char     *sl_test_service_get_ca_file (SlTestService   *self);
const char     *sl_test_service_get_dir    (SlTestService    *self);
void            sl_test_service_stop       (SlTestService    *self);
char           *sl_test_date_days_ago      (int               days);

G_END_DECLS
