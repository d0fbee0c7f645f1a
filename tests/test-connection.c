/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lost connection to the commune's server is an event, not a loss: the network cut at the
 * COMMIT after the server kept the change (its answer lost), or before the server got it, or the
 * server ending the session between two actions. Each time the store connects again by itself
 * and the change is applied exactly once, with the audit chain intact. PostgreSQL only
 * (MOTCUA_TEST_PG); on SQLite there is no network between the program and its file. */
#include "config.h"

#include <locale.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

#define BIRTH "1.001193"

typedef struct {
  McStore *store;
  gint64   desk;
  gint64   specialist;
  gint64   procedure;
} Fixture;

static gint64
officer (McStore    *store,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = mc_account_find (store, username, &error);

  g_assert_no_error (error);
  return o->id;
}

static gboolean
fixture_set_up (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = NULL;
  McDemoOptions options;

  if (!mc_test_on_server ())
    {
      g_test_skip ("PostgreSQL only: set MOTCUA_TEST_PG (tools/pg-test-cluster start)");
      return FALSE;
    }
  fx->store = mc_test_store_new (TRUE);
  mc_demo_options_init (&options);
  options.dossiers = 0;
  g_assert_true (mc_demo_fill (fx->store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  fx->desk = officer (fx->store, "tiepnhan1");
  fx->specialist = officer (fx->store, "tuphap");
  p = mc_store_find_procedure (fx->store, BIRTH, &error);
  g_assert_no_error (error);
  fx->procedure = p->id;
  return TRUE;
}

static void
fixture_tear_down (Fixture *fx)
{
  g_clear_object (&fx->store);
}

static gint64
receive (Fixture  *fx,
         GError  **error)
{
  McIntake in = { 0 };

  in.procedure_id = fx->procedure;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Nguyễn Văn An";
  in.applicant_phone = "0912345678";
  in.applicant_id_number = "001085012345";
  return mc_workflow_intake (fx->store, fx->desk, &in, error);
}

static void
assert_audit_intact (McStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (mc_audit_verify (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
}

static gint64
count (McStore    *store,
       const char *sql)
{
  return mc_store_testing_int (store, sql);
}

/* The server kept the new dossier but its answer never came: the store asks again and reports
 * it received, once; the next dossier takes the next number. */
static void
test_answer_lost (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) first = NULL;
  g_autoptr(McDossier) second = NULL;
  gint64 id, next;

  if (!fixture_set_up (&fx))
    return;
  mc_store_testing_lose_next_commit (fx.store, TRUE);
  id = receive (&fx, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count (fx.store, "SELECT count(*) FROM dossier"), ==, 1);
  g_assert_cmpint (count (fx.store, "SELECT count(*) FROM dossier_event"), ==, 1);
  first = mc_store_get_dossier (fx.store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (first->code, "-0001"));

  next = receive (&fx, &error);
  g_assert_no_error (error);
  second = mc_store_get_dossier (fx.store, next, &error);
  g_assert_true (g_str_has_suffix (second->code, "-0002"));
  assert_audit_intact (fx.store);
  fixture_tear_down (&fx);
}

/* The network went down before the server got the COMMIT: nothing was kept, and the store does
 * the action again on a new connection: the assignment is there once. */
static void
test_commit_lost (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = NULL;
  McActionArgs args = { 0 };
  gint64 id;

  if (!fixture_set_up (&fx))
    return;
  id = receive (&fx, &error);
  g_assert_no_error (error);
  d = mc_store_get_dossier (fx.store, id, &error);
  args.officer_id = fx.specialist;
  args.expected_version = d->version;
  mc_store_testing_lose_next_commit (fx.store, FALSE);
  g_assert_true (mc_workflow_apply (fx.store, fx.desk, id, MC_ACTION_ASSIGN, &args, &error));
  g_assert_no_error (error);
  g_clear_pointer (&d, mc_dossier_free);
  d = mc_store_get_dossier (fx.store, id, &error);
  g_assert_cmpint (d->handler_id, ==, fx.specialist);
  g_assert_cmpint (d->version, ==, args.expected_version + 1);
  g_assert_cmpint (count (fx.store, "SELECT count(*) FROM dossier_event"), ==, 2);

  /* The same with the answer lost: kept once, and reported done, not as a conflict. */
  args.officer_id = 0;
  args.note = "Đã kiểm tra";
  args.result = "Giấy khai sinh";
  args.expected_version = d->version;
  mc_store_testing_lose_next_commit (fx.store, TRUE);
  g_assert_true (mc_workflow_apply (fx.store, fx.specialist, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                    &args, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fx.store, "SELECT count(*) FROM dossier_event"), ==, 3);
  assert_audit_intact (fx.store);
  fixture_tear_down (&fx);
}

/* The server ended the session between two actions (restarted, or an administrator cut it):
 * the next action connects again by itself. */
static void
test_session_ended (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) other = NULL;
  g_autofree char *kill = NULL;
  gint64 id;

  if (!fixture_set_up (&fx))
    return;
  other = mc_store_open_sibling (fx.store, &error);
  g_assert_no_error (error);
  kill = g_strdup_printf ("SELECT pg_terminate_backend(%" G_GINT64_FORMAT ")",
                          mc_store_testing_backend_pid (fx.store));
  g_assert_cmpint (mc_store_testing_int (other, kill), ==, 1);
  g_usleep (100000);

  id = receive (&fx, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count (fx.store, "SELECT count(*) FROM dossier"), ==, 1);
  assert_audit_intact (fx.store);
  fixture_tear_down (&fx);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection/answer-lost", test_answer_lost);
  g_test_add_func ("/connection/commit-lost", test_commit_lost);
  g_test_add_func ("/connection/session-ended", test_session_ended);
  return g_test_run ();
}
