/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mc-audit.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

static void
append_records (McStore *store, int n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_begin (store, &error));
  for (int i = 0; i < n; i++)
    {
      g_autofree char *details = g_strdup_printf ("record %d, “có dấu”", i);
      g_assert_true (mc_audit_append (store, 0, "test", "dossier", i + 1, details, &error));
      g_assert_no_error (error);
    }
  g_assert_true (mc_store_commit (store, &error));
}

static void
test_chain_intact (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gint64 n = -1;

  g_assert_true (mc_audit_verify (store, &n, &error));
  g_assert_cmpint (n, ==, 0);
  first = mc_audit_last_hash (store);
  g_assert_cmpstr (first, ==, "");

  append_records (store, 25);
  g_assert_true (mc_audit_verify (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 25);
  last = mc_audit_last_hash (store);
  g_assert_cmpint (strlen (last), ==, 64);
}

static void
test_append_needs_transaction (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(McStore) store = mc_test_store_new (FALSE);
      mc_audit_append (store, 0, "test", "dossier", 1, "outside", NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

static void
test_triggers_refuse_changes (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;

  append_records (store, 3);
  g_assert_false (mc_store_testing_exec (store, "UPDATE audit SET details = 'x' WHERE id = 2",
                                         &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (mc_store_testing_exec (store, "DELETE FROM audit WHERE id = 2", &error));
  g_assert_nonnull (error);
}

/* Someone with the database's own tools (the sqlite3 shell on the file, psql as the tables'
 * owner on the server) sets the triggers aside and edits or deletes a record. */
static void
tamper_and_verify (const char *sql, const char *expected_fragment)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = mc_test_new_target (dir, "audit.db");
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  {
    g_autoptr(McStore) store = mc_store_create (path, &error);
    g_assert_no_error (error);
    append_records (store, 10);
    g_assert_true (mc_audit_verify (store, &n, &error));

    if (mc_test_on_server ())
      mc_test_exec (store, "ALTER TABLE audit DISABLE TRIGGER USER; %s; "
                           "ALTER TABLE audit ENABLE TRIGGER USER", sql);
  }

  if (!mc_test_on_server ())
    {
      sqlite3 *raw = NULL;

      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, "DROP TRIGGER audit_no_update; "
                                     "DROP TRIGGER audit_no_delete;", NULL, NULL, NULL), ==,
                       SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (raw);
    }

  {
    g_autoptr(McStore) store = mc_store_open (path, &error);
    g_assert_no_error (error);
    g_assert_false (mc_audit_verify (store, &n, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, expected_fragment));
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_edit_detected (void)
{
  tamper_and_verify ("UPDATE audit SET details = 'record 4, edited' WHERE id = 5", "record 5");
}

static void
test_delete_detected (void)
{
  tamper_and_verify ("DELETE FROM audit WHERE id = 4", "record 4");
}

static void
test_rehash_detected (void)
{
  /* Editing a record and its own hash still breaks the link to the next one. */
  tamper_and_verify ("UPDATE audit SET actor_id = 7, hash = 'ff' WHERE id = 3", "record 3");
}

static void
test_first_deleted_detected (void)
{
  tamper_and_verify ("DELETE FROM audit WHERE id = 1", "record 2");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/chain-intact", test_chain_intact);
  g_test_add_func ("/audit/append-needs-transaction", test_append_needs_transaction);
  g_test_add_func ("/audit/triggers-refuse-changes", test_triggers_refuse_changes);
  g_test_add_func ("/audit/edit-detected", test_edit_detected);
  g_test_add_func ("/audit/delete-detected", test_delete_detected);
  g_test_add_func ("/audit/rehash-detected", test_rehash_detected);
  g_test_add_func ("/audit/first-deleted-detected", test_first_deleted_detected);
  return g_test_run ();
}
