/* sl-test-harness.h: a real sightlined API on 127.0.0.1 for the service tests */
#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "sl-server.h"
#include "sl-sqlite-store.h"

G_BEGIN_DECLS

/* The manual clock starts here: 2026-03-01T12:00:00Z. */
#define TEST_START_US (G_GINT64_CONSTANT (1772366400) * G_USEC_PER_SEC)

/* Accounts every fixture has; passwords are long enough and not on the common list. */
#define ADMIN_USER        "ada"
#define ADMIN_PASSWORD    "Lantern-Orchard-42"
#define AUDITOR_USER      "ivan"
#define AUDITOR_PASSWORD  "Granite.Thimble.77"
#define OFFICER_USER      "olga"
#define OFFICER_PASSWORD  "Copper kettle river"
#define LAPSED_USER       "lars"
#define LAPSED_PASSWORD   "Velvet-Harbor-2019"
#define UNTRAINED_USER    "una"
#define UNTRAINED_PASSWORD "Marble owl sings"
#define MFA_USER          "mona"
#define MFA_PASSWORD      "Quiet-Falcon-Ridge"
#define MFA_SECRET        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

typedef struct
{
  char         *dir;          /* temporary, removed at teardown */
  char         *db_path;
  SlClock      *clock;        /* manual, shared with the server thread */
  SlStore      *store;        /* the test thread's own connection */
  sqlite3      *db;           /* a raw connection, for tampering and counting */
  SoupSession  *session;

  /* The server runs on its own thread with its own context. */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  char         *url;
  char         *start_error;
} Fixture;

typedef struct
{
  guint       status;
  JsonObject *body;           /* NULL when the body is empty or not a JSON object */
  char       *text;
  GBytes     *bytes;          /* the body as sent, for answers that are not text */
  SoupMessageHeaders *headers;
} Response;

typedef struct
{
  int   status;               /* exit status, or -1 when killed by a signal */
  char *out;
  char *err;
} RunResult;

/* Fixtures */
void          fixture_setup             (Fixture       *f,
                                         gconstpointer  data);
void          fixture_setup_mfa         (Fixture       *f,
                                         gconstpointer  data);
void          fixture_setup_bare        (Fixture       *f,
                                         gconstpointer  data);
void          fixture_teardown          (Fixture       *f,
                                         gconstpointer  data);
void          fixture_start_server      (Fixture       *f);
void          fixture_stop_server       (Fixture       *f);
char         *fixture_path              (Fixture       *f,
                                         const char    *name);

/* HTTP */
Response     *api_request               (Fixture       *f,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         const char    *body);
void          response_free             (Response      *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)
Response     *api_login                 (Fixture       *f,
                                         const char    *username,
                                         const char    *password,
                                         const char    *totp);
char         *login_token               (Fixture       *f,
                                         const char    *username,
                                         const char    *password);
void          assert_api_error          (Response      *response,
                                         guint          status,
                                         const char    *code);
const char   *error_message             (Response      *response);

/* The database */
gint64        db_count                  (Fixture       *f,
                                         const char    *sql);
void          db_exec                   (Fixture       *f,
                                         const char    *sql);
gint64        count_records             (Fixture       *f,
                                         const char    *action,
                                         const char    *username,
                                         const char    *outcome);
SlAuditRecord *last_record              (Fixture       *f,
                                         const char    *action);
char         *record_reason             (const SlAuditRecord *record);
void          add_user                  (SlStore       *store,
                                         const char    *username,
                                         const char    *password,
                                         SlRoles        roles,
                                         const char    *trained_on,
                                         const char    *totp_secret);
char         *totp_now                  (const char    *secret,
                                         gint64         now_us);

/* Profiles */
char         *profile_with              (const char    *member,
                                         JsonNode      *value);
char         *profile_without_privacy   (const char    *element);

/* Packages: a ZIP of stored files, name → GBytes */
GHashTable   *unzip_stored              (GBytes        *zip);
JsonObject   *verified_manifest         (GHashTable    *entries);

/* sightlined */
const char   *sightlined_path           (void);
gboolean      require_sightlined        (void);
RunResult    *run_sightlined            (const char    *input,
                                         const char    *first_arg,
                                         ...);
GSubprocessLauncher *new_launcher       (GSubprocessFlags flags);
void          run_result_free           (RunResult     *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunResult, run_result_free)
GSubprocess  *spawn_serve               (const char    *db_path,
                                         char         **url,
                                         const char    *first_extra_arg,
                                         ...);
void          stop_serve                (GSubprocess   *process);

/* Registration */
void          add_admin_tests           (void);
void          add_api_tests             (void);
void          add_audit_tests           (void);
void          add_cli_tests             (void);
void          add_hotlist_list_tests    (void);
void          add_hotlist_tests         (void);
void          add_ingest_tests          (void);
void          add_retention_tests       (void);
void          add_search_tests          (void);
void          add_sharing_tests         (void);

G_END_DECLS
