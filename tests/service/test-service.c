#define G_LOG_DOMAIN "test-service"

#include "config.h"

#include <locale.h>

#include "sl-password.h"
#include "sl-test-harness.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_assert_true (sl_password_init (NULL));

  add_admin_tests ();
  add_api_tests ();
  add_audit_tests ();
  add_cli_tests ();
  add_hotlist_list_tests ();
  add_hotlist_tests ();
  add_ingest_tests ();
  add_retention_tests ();
  add_search_tests ();
  add_sharing_tests ();

  return g_test_run ();
}
