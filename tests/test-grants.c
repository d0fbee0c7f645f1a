/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the server refuses whatever the workstation's program does (issue "An office of
 * workstations on one PostgreSQL server", item 4): each officer is a login in the group of their
 * role, and a copied or modified client speaking SQL straight to the server as that login gets no
 * further than the role's grants. The police and the controller read and write no dossier; only
 * leaders write signatures, only the chairman checkpoints; nobody's login changes or removes an
 * audit record, and a record written by hand takes the session's officer, the server's clock and
 * the next place in the chain, whatever it claimed. PostgreSQL only (MOTCUA_TEST_PG). */
#include "config.h"

#include <string.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

#define PASSWORD MC_DEMO_PASSWORD
#define BIRTH    "1.001193"

typedef struct {
  char    *target;
  McStore *owner;      /* the tables' owner: set-up and checks only */
  gint64   dossier;
} Fixture;

static McStore *
login (Fixture *fx, const char *username)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open_as (fx->target, username, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
officer (McStore *store, const char *username)
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
  g_autoptr(McStore) desk = NULL;
  g_autoptr(McProcedure) p = NULL;
  McDemoOptions options;
  McIntake intake = { .channel = MC_CHANNEL_DESK, .applicant_name = "Nguyễn Văn Bình",
                      .applicant_id_number = "001090012345", .applicant_phone = "0912345678",
                      .applicant_address = "Thôn Đông" };

  if (!mc_test_on_server ())
    {
      g_test_skip ("PostgreSQL only: set MOTCUA_TEST_PG (tools/pg-test-cluster start)");
      return FALSE;
    }
  fx->target = mc_test_new_target (NULL, NULL);
  fx->owner = mc_store_create (fx->target, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (fx->owner, &error));
  /* The police's login was a desk officer's for another database of the cluster: it keeps
   * the police's group alone. */
  g_assert_true (mc_store_testing_cluster_exec ("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles "
                                                "WHERE rolname = 'congan') THEN CREATE ROLE "
                                                "congan LOGIN; END IF; END $$; "
                                                "GRANT motcua_desk TO congan", &error));
  g_assert_no_error (error);
  mc_demo_options_init (&options);
  options.dossiers = 0;
  g_assert_true (mc_demo_fill (fx->owner, &options, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A dossier received by the desk, through the program, as the desk's login. */
  desk = login (fx, "tiepnhan1");
  p = mc_store_find_procedure (desk, BIRTH, &error);
  g_assert_no_error (error);
  intake.procedure_id = p->id;
  fx->dossier = mc_workflow_intake (desk, officer (desk, "tiepnhan1"), &intake, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fx->dossier, >, 0);
  return TRUE;
}

static void
fixture_tear_down (Fixture *fx)
{
  g_clear_object (&fx->owner);
  g_free (fx->target);
}

/* SQL as the login's session: refused by the server, and nothing of it kept. */
static void
refused (McStore *store, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
refused (McStore *store, const char *format, ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (mc_store_testing_exec (store, sql, &error))
    g_error ("the server let %s do: %s", mc_store_get_login (store), sql);
  g_test_message ("%s: %s → %s", mc_store_get_login (store), sql, error->message);
  /* Refused for the right reason, not for a mistake in the SQL. */
  if (strstr (error->message, "permission denied") == NULL &&
      strstr (error->message, "append-only") == NULL &&
      strstr (error->message, "only an administrator") == NULL)
    g_error ("%s: %s was refused for another reason: %s", mc_store_get_login (store), sql,
             error->message);
}

static void
test_roles (void)
{
  Fixture fx = { 0 };
  g_autoptr(McStore) police = NULL;
  g_autoptr(McStore) controller = NULL;
  g_autoptr(McStore) specialist = NULL;
  g_autoptr(McStore) desk = NULL;
  g_autoptr(McStore) vice = NULL;
  g_autofree char *count = NULL;
  gint64 before;

  if (!fixture_set_up (&fx))
    return;
  count = g_strdup_printf ("SELECT count(*) FROM dossier_event WHERE dossier_id = %lld",
                           (long long) fx.dossier);
  before = mc_test_query_int (fx.owner, count);

  /* The police and the controller read every dossier and write none. */
  police = login (&fx, "congan");
  controller = login (&fx, "kiemsoat");
  for (int i = 0; i < 2; i++)
    {
      McStore *s = i == 0 ? police : controller;

      g_assert_cmpint (mc_test_query_int (s, "SELECT count(*) FROM dossier"), ==, 1);
      refused (s, "UPDATE dossier SET note = 'đã xem' WHERE id = %lld", (long long) fx.dossier);
      refused (s, "INSERT INTO dossier_event (dossier_id, at, actor_id, action) "
                  "VALUES (%lld, 0, NULL, 2)", (long long) fx.dossier);
      refused (s, "DELETE FROM dossier WHERE id = %lld", (long long) fx.dossier);
      refused (s, "UPDATE setting SET value = 'x'");
    }

  /* Those who handle dossiers still delete none, and only leaders sign, only the chairman
   * checkpoints, only the administrator keeps the catalogue and the accounts. */
  specialist = login (&fx, "tuphap");
  desk = login (&fx, "tiepnhan1");
  vice = login (&fx, "phochutich1");
  refused (specialist, "DELETE FROM dossier WHERE id = %lld", (long long) fx.dossier);
  refused (specialist, "INSERT INTO signature (dossier_id) VALUES (%lld)",
           (long long) fx.dossier);
  refused (desk, "UPDATE procedure SET name = 'x'");
  refused (desk, "UPDATE officer SET role = 1 WHERE username = 'tiepnhan1'");
  refused (desk, "UPDATE officer SET password_hash = 'x' WHERE username = 'chutich'");
  refused (vice, "INSERT INTO checkpoint (at) VALUES (0)");
  g_assert_cmpint (mc_test_query_int (fx.owner, count), ==, before);
  g_assert_cmpint (mc_test_query_int (fx.owner, "SELECT count(*) FROM dossier"), ==, 1);

  fixture_tear_down (&fx);
}

static void
test_audit_by_hand (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) desk = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autofree char *forged = NULL;
  gint64 desk_id, chairman_id, n = 0, records, now;

  if (!fixture_set_up (&fx))
    return;
  desk = login (&fx, "tiepnhan1");
  desk_id = officer (desk, "tiepnhan1");
  chairman_id = officer (desk, "chutich");
  records = mc_test_query_int (fx.owner, "SELECT count(*) FROM audit");

  /* Nobody's login changes or removes a record, not even their own. */
  refused (desk, "UPDATE audit SET details = 'x' WHERE actor_id = %lld", (long long) desk_id);
  refused (desk, "DELETE FROM audit WHERE actor_id = %lld", (long long) desk_id);
  refused (desk, "TRUNCATE audit");

  /* A record written by hand in the chairman's name, dated 2001, at id 1 with a made-up hash:
   * the server writes it as the desk's, now, next in the chain. */
  forged = g_strdup_printf ("INSERT INTO audit (id, at, actor_id, action, entity, entity_id, "
                            "details, prev_hash, hash) VALUES (1, 978307200, %lld, "
                            "'dossier.sign', 'dossier', %lld, 'ký thay', '', 'ff')",
                            (long long) chairman_id, (long long) fx.dossier);
  g_assert_true (mc_store_testing_exec (desk, forged, &error));
  g_assert_no_error (error);
  now = mc_test_query_int (fx.owner, "SELECT CAST(extract(epoch FROM now()) AS bigint)");
  last = mc_store_testing_rows (fx.owner, "SELECT id, actor_id, at FROM audit "
                                          "ORDER BY id DESC LIMIT 1");
  {
    g_auto(GStrv) f = g_strsplit (g_ptr_array_index (last, 0), "|", 3);

    g_assert_cmpint (g_ascii_strtoll (f[0], NULL, 10), ==, records + 1);
    g_assert_cmpint (g_ascii_strtoll (f[1], NULL, 10), ==, desk_id);
    g_assert_cmpint (ABS (g_ascii_strtoll (f[2], NULL, 10) - now), <=, 120);
  }
  g_assert_true (mc_audit_verify (fx.owner, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, records + 1);

  fixture_tear_down (&fx);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/grants/roles", test_roles);
  g_test_add_func ("/grants/audit-by-hand", test_audit_by_hand);
  return g_test_run ();
}
