/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two workstations acting on the same dossiers at once (DESIGN.md, Data): processes of
 * motcua-cli racing, and the final state always that of some serial order of the actions that
 * were accepted, each with its event and audit record, and nothing left by a refused one.
 * MOTCUA_RACE_ROUNDS sets how many times each race runs (default 3). */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "mc-audit.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

typedef struct {
  char *target;
  char *dir;
} Fixture;

static Fixture fx;

typedef struct {
  GSubprocess *process;
  int          status;
  char        *out;
  char        *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_object (&r->process);
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Starts motcua-cli --db TARGET ARGS… as a separate process. */
static void
start (Run *r, const char *first, ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fx.target);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "MOTCUA_PASSWORD", "motcua2024", TRUE);
  r->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                             &error);
  g_assert_no_error (error);
}

static void
finish (Run *r)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (r->process, NULL, NULL, &r->out, &r->err,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (r->process));
  r->status = g_subprocess_get_exit_status (r->process);
  g_strchomp (r->out);
}

#define RUN(r, ...) G_STMT_START { start ((r), __VA_ARGS__, NULL); finish (r); } G_STMT_END

/* A dossier received, assigned to tuphap and, when SUBMIT, submitted for signature. */
static char *
prepare (gboolean submit)
{
  g_auto(Run) receive = { 0 };

  RUN (&receive, "--as", "tiepnhan1", "dossier", "receive", "--procedure", "1.001193",
       "--applicant", "Nguyễn Văn Thử");
  g_assert_cmpstr (receive.err, ==, "");
  g_assert_cmpint (receive.status, ==, 0);
  {
    g_auto(Run) assign = { 0 };
    RUN (&assign, "--as", "tiepnhan1", "dossier", "act", receive.out, "assign", "--to", "tuphap");
    g_assert_cmpstr (assign.err, ==, "");
    g_assert_cmpint (assign.status, ==, 0);
  }
  if (submit)
    {
      g_auto(Run) sub = { 0 };
      RUN (&sub, "--as", "tuphap", "dossier", "act", receive.out, "submit", "--result",
           "Trích lục khai sinh");
      g_assert_cmpint (sub.status, ==, 0);
    }
  return g_strdup (receive.out);
}

static McStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (fx.target, &error);

  g_assert_no_error (error);
  return store;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static gint64
count_where (McStore *store, const char *format, const char *code)
{
  g_autofree char *sql = g_strdup_printf (format, code);

  return mc_store_testing_int (store, sql);
}
#pragma GCC diagnostic pop

#define EVENTS "SELECT count(*) FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id " \
               "WHERE d.code = '%s'"
#define AUDITS "SELECT count(*) FROM audit a JOIN dossier d ON d.id = a.entity_id " \
               "WHERE a.entity = 'dossier' AND d.code = '%s'"
#define SIGNATURES "SELECT count(*) FROM signature s JOIN dossier d ON d.id = s.dossier_id " \
                   "WHERE d.code = '%s'"

static void
assert_chain_intact (McStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (mc_audit_verify (store, &n, &error));
  g_assert_no_error (error);
}

/* A refusal is one sentence, and says why. */
static void
assert_refused (const Run *r)
{
  g_assert_cmpint (r->status, ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "motcua-cli: "));
}

static void
test_sign_against_withdraw (void)
{
  int rounds = MAX (1, atoi (g_getenv ("MOTCUA_RACE_ROUNDS") ?: "3"));

  for (int round = 0; round < rounds; round++)
    {
      g_autofree char *code = prepare (TRUE);
      g_autoptr(McStore) before = open_store ();
      gint64 events0 = count_where (before, EVENTS, code);
      gint64 audits0 = count_where (before, AUDITS, code);
      g_auto(Run) sign = { 0 };
      g_auto(Run) withdraw = { 0 };
      g_autoptr(McStore) store = NULL;
      g_autoptr(McDossier) d = NULL;
      gboolean signed_ok, withdrawn_ok;

      g_clear_object (&before);
      /* Signing opens the leader's key first, so the withdrawal starts a little later, by an
       * amount that changes from round to round: both orders and the moment in between. */
      start (&sign, "--as", "phochutich1", "dossier", "act", code, "sign", NULL);
      g_usleep ((round % 5) * 150000);
      start (&withdraw, "--as", "tiepnhan1", "dossier", "act", code, "withdraw", NULL);
      finish (&sign);
      finish (&withdraw);
      signed_ok = sign.status == 0;
      withdrawn_ok = withdraw.status == 0;
      if (!signed_ok)
        assert_refused (&sign);
      if (!withdrawn_ok)
        assert_refused (&withdraw);
      /* The first to commit is never refused. */
      g_assert_true (signed_ok || withdrawn_ok);
      g_test_message ("round %d: sign %s, withdraw %s", round, signed_ok ? "done" : "refused",
                      withdrawn_ok ? "done" : "refused");

      store = open_store ();
      d = mc_store_find_dossier (store, code, NULL);
      g_assert_nonnull (d);
      if (withdrawn_ok)
        g_assert_cmpint (d->status, ==, MC_STATUS_WITHDRAWN);
      else
        {
          g_assert_cmpint (d->status, ==, MC_STATUS_PROCESSING);
          g_assert_cmpint (d->step, ==, MC_STEP_SIGNED);
        }
      g_assert_cmpint (count_where (store, SIGNATURES, code), ==, signed_ok ? 1 : 0);
      g_assert_cmpint (count_where (store, EVENTS, code), ==,
                       events0 + signed_ok + withdrawn_ok);
      /* A signature writes two records: the step and the signature. */
      g_assert_cmpint (count_where (store, AUDITS, code), ==,
                       audits0 + 2 * signed_ok + withdrawn_ok);
      assert_chain_intact (store);
    }
}

static void
test_supplement_against_withdraw (void)
{
  int rounds = MAX (1, atoi (g_getenv ("MOTCUA_RACE_ROUNDS") ?: "3"));

  for (int round = 0; round < rounds; round++)
    {
      g_autofree char *code = prepare (FALSE);
      g_autoptr(McStore) before = open_store ();
      gint64 events0 = count_where (before, EVENTS, code);
      g_auto(Run) supplement = { 0 };
      g_auto(Run) withdraw = { 0 };
      g_autoptr(McStore) store = NULL;
      g_autoptr(McDossier) d = NULL;
      gboolean asked, withdrawn;

      g_clear_object (&before);
      start (&supplement, "--as", "tuphap", "dossier", "act", code, "supplement", "--note",
             "Thiếu tờ khai", NULL);
      g_usleep ((round % 3) * 100000);
      start (&withdraw, "--as", "tiepnhan2", "dossier", "act", code, "withdraw", NULL);
      finish (&supplement);
      finish (&withdraw);
      asked = supplement.status == 0;
      withdrawn = withdraw.status == 0;
      if (!asked)
        assert_refused (&supplement);
      if (!withdrawn)
        assert_refused (&withdraw);
      g_assert_true (asked || withdrawn);

      store = open_store ();
      d = mc_store_find_dossier (store, code, NULL);
      g_assert_cmpint (d->status, ==, withdrawn ? MC_STATUS_WITHDRAWN : MC_STATUS_SUPPLEMENT);
      g_assert_cmpint (d->supplement_count, ==, asked ? 1 : 0);
      g_assert_cmpint (count_where (store, EVENTS, code), ==, events0 + asked + withdrawn);
      assert_chain_intact (store);
    }
}

static void
test_two_leaders_sign (void)
{
  int rounds = MAX (1, atoi (g_getenv ("MOTCUA_RACE_ROUNDS") ?: "3"));

  for (int round = 0; round < rounds; round++)
    {
      g_autofree char *code = prepare (TRUE);
      g_auto(Run) one = { 0 };
      g_auto(Run) two = { 0 };
      g_autoptr(McStore) store = NULL;

      start (&one, "--as", "phochutich1", "dossier", "act", code, "sign", NULL);
      start (&two, "--as", "phochutich2", "dossier", "act", code, "sign", NULL);
      finish (&one);
      finish (&two);
      /* Exactly one signs; the other is told the dossier changed, or is already signed. */
      g_assert_cmpint ((one.status == 0) + (two.status == 0), ==, 1);
      assert_refused (one.status == 0 ? &two : &one);

      store = open_store ();
      g_assert_cmpint (count_where (store, SIGNATURES, code), ==, 1);
      g_assert_cmpint (count_where (store,
                                    "SELECT count(*) FROM dossier_event e JOIN dossier d ON "
                                    "d.id = e.dossier_id WHERE e.action = 12 AND d.code = '%s'",
                                    code), ==, 1);
      assert_chain_intact (store);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_receive_at_two_desks (void)
{
  enum { N = 6 };
  Run runs[N] = { 0 };
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McStore) store = NULL;
  g_autofree char *prefix = NULL;
  gint64 first = 0;

  for (int i = 0; i < N; i++)
    start (&runs[i], "--as", i % 2 ? "tiepnhan2" : "tiepnhan1", "dossier", "receive",
           "--procedure", "2.000815", "--applicant", "Trần Thị Đồng Thời", NULL);
  for (int i = 0; i < N; i++)
    {
      finish (&runs[i]);
      g_assert_cmpstr (runs[i].err, ==, "");
      g_assert_cmpint (runs[i].status, ==, 0);
      g_ptr_array_add (codes, g_strdup (runs[i].out));
    }
  /* Unique and without gaps: consecutive numbers of the day. */
  g_ptr_array_sort (codes, compare_strings);
  prefix = g_strndup (g_ptr_array_index (codes, 0),
                      strlen (g_ptr_array_index (codes, 0)) - 4);
  first = g_ascii_strtoll ((char *) g_ptr_array_index (codes, 0) + strlen (prefix), NULL, 10);
  for (int i = 0; i < N; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, first + i);

      g_assert_cmpstr (g_ptr_array_index (codes, i), ==, expected);
      run_clear (&runs[i]);
    }
  store = open_store ();
  assert_chain_intact (store);
}

int
main (int argc, char **argv)
{
  g_auto(Run) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MOTCUA_CLI") == NULL)
    {
      g_test_skip ("MOTCUA_CLI is not set");
      return 0;
    }
  fx.dir = mc_test_tmpdir ();
  fx.target = mc_test_new_target (fx.dir, "race.db");
  /* The demo's officers with their accounts, and no dossier. */
  RUN (&demo, "demo", "--dossiers", "0");
  g_assert_cmpint (demo.status, ==, 0);

  g_test_add_func ("/concurrency/sign-against-withdraw", test_sign_against_withdraw);
  g_test_add_func ("/concurrency/supplement-against-withdraw", test_supplement_against_withdraw);
  g_test_add_func ("/concurrency/two-leaders-sign", test_two_leaders_sign);
  g_test_add_func ("/concurrency/receive-at-two-desks", test_receive_at_two_desks);
  status = g_test_run ();
  g_free (fx.target);
  g_free (fx.dir);
  return status;
}
