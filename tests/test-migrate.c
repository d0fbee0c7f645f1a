/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli migrate (mc_server_migrate): a commune on a file moved into a new database (a new
 * file, or with MOTCUA_TEST_PG a server database) keeps everything the accountability of
 * schema 7 rests on: the checkpoints, the leaders' key confirmations, a reset leader's pending
 * key, the failed sign-ins and the lock of an account. On the copy the last checkpoint still
 * verifies, the full check finds nothing, and the next checkpoint and key get new ids. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-kpi.h"
#include "mc-server.h"
#include "mc-signature.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

#define PASSWORD MC_DEMO_PASSWORD
#define YEAR 2025

static gint64
officer_id (McStore *store, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = mc_account_find (store, username, &error);

  g_assert_no_error (error);
  g_assert_nonnull (o);
  return o->id;
}

static void
fail_sign_in (McStore *store, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = mc_account_authenticate (store, username, "not the password", &error);

  g_assert_null (o);
  g_assert_nonnull (error);
}

/* The rows SQL gives on both stores, the same text one for one. */
static void
assert_same_rows (McStore *a, McStore *b, const char *sql, guint at_least)
{
  g_autoptr(GPtrArray) ra = mc_store_testing_rows (a, sql);
  g_autoptr(GPtrArray) rb = mc_store_testing_rows (b, sql);

  g_assert_cmpuint (ra->len, >=, at_least);
  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    g_assert_cmpstr (g_ptr_array_index (ra, i), ==, g_ptr_array_index (rb, i));
}

/* The bytes of COLUMN of TABLE's row ID, the same on both stores (NULL on both, or equal). */
static void
assert_same_blob (McStore *a, McStore *b, const char *table, const char *column, gint64 id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = %" G_GINT64_FORMAT,
                                          column, table, id);
  g_autoptr(GBytes) ba = mc_store_testing_blob (a, sql);
  g_autoptr(GBytes) bb = mc_store_testing_blob (b, sql);

  g_assert_true ((ba == NULL) == (bb == NULL));
  if (ba != NULL)
    g_assert_true (g_bytes_equal (ba, bb));
}

static GArray *
ids (McStore *store, const char *sql)
{
  g_autoptr(GPtrArray) rows = mc_store_testing_rows (store, sql);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = g_ascii_strtoll (g_ptr_array_index (rows, i), NULL, 10);
      g_array_append_val (out, id);
    }
  return out;
}

/* Real signatures of a vice-chairman on the first dossiers that reached a result. */
static void
sign_results (McStore *store, gint64 vice, guint count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSigner) signer = mc_signature_unlock (store, vice, PASSWORD, &error);
  McQuery q = { .statuses = (1u << MC_STATUS_RESOLVED) | (1u << MC_STATUS_RETURNED),
                .sort = MC_SORT_RECEIVED };
  g_autoptr(GArray) found = NULL;
  McTime now = mc_store_now (store);

  g_assert_no_error (error);
  found = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, count);
  g_assert_true (mc_store_begin (store, &error));
  for (guint i = 0; i < count; i++)
    g_assert_cmpint (mc_signature_write (store, signer, g_array_index (found, gint64, i), now,
                                         &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
}

static char *
kpi_json (McStore *store)
{
  g_autoptr(GError) error = NULL;
  McKpi kpi = { 0 };
  char *json;

  g_assert_true (mc_kpi_compute (store, mc_day_from_ymd (YEAR, 1, 1),
                                 mc_day_from_ymd (YEAR, 12, 31), &kpi, &error));
  g_assert_no_error (error);
  json = mc_kpi_to_json (&kpi);
  mc_kpi_clear (&kpi);
  return json;
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

static void
test_accountability_copied (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *source_path = g_build_filename (dir, "xa.db", NULL);
  g_autofree char *target = mc_test_new_target (dir, "copy.db");
  g_autoptr(McStore) from = NULL;
  g_autoptr(McStore) to = NULL;
  g_autoptr(McCheckpoint) made = NULL;
  g_autoptr(McCheckpoint) last = NULL;
  g_autoptr(McCheckpoint) next = NULL;
  g_autoptr(McOfficer) locked = NULL;
  g_autoptr(McOfficer) reset = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) key_ids = NULL;
  g_autoptr(GArray) checkpoint_ids = NULL;
  g_autofree char *kpi_from = NULL, *kpi_to = NULL;
  McCheckStats stats = { 0 };
  McDemoOptions options;
  gboolean ok;
  gint64 rows = 0, need_password = 0, chairman, admin, vice2, max_key;

  /* A commune of a year on its file: the demo's leaders hold confirmed keys and have signed. */
  from = mc_store_create (source_path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (from, &error));
  g_assert_no_error (error);
  mc_demo_options_init (&options);
  options.dossiers = 300;
  options.year = YEAR;
  g_assert_true (mc_demo_fill (from, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  chairman = officer_id (from, "chutich");
  admin = officer_id (from, "quantri");
  vice2 = officer_id (from, "phochutich2");

  sign_results (from, officer_id (from, "phochutich1"), 20);
  /* The chairman's checkpoint, then what schema 7 keeps on the officers: a vice-chairman reset
   * by the administrator (his key pending his sign-in), two failed sign-ins, a locked account. */
  made = mc_checkpoint_create (from, chairman, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (mc_account_set_password (from, admin, vice2, NULL, "mat-khau-moi", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_test_query_int (from, "SELECT count(*) FROM officer WHERE key_pending "
                                            "= TRUE"), ==, 1);
  fail_sign_in (from, "tuphap");
  fail_sign_in (from, "tuphap");
  for (int i = 0; i < MC_ACCOUNT_MAX_FAILURES; i++)
    fail_sign_in (from, "vanhoa");
  g_assert_cmpint (mc_test_query_int (from, "SELECT count(*) FROM officer WHERE "
                                            "locked_until IS NOT NULL"), ==, 1);
  g_assert_cmpint (mc_test_query_int (from, "SELECT count(*) FROM signing_key WHERE "
                                            "confirmation IS NOT NULL"), >=, 3);
  kpi_from = kpi_json (from);

  ok = mc_server_migrate (from, target, &rows, &need_password, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (rows, >, 300);
  to = mc_store_open (target, &error);
  g_assert_no_error (error);

  /* Every table of the file, as many rows on the copy (a table the copy forgets is caught here,
   * whichever schema added it). */
  {
    g_autoptr(GPtrArray) tables = mc_store_testing_rows (from, "SELECT name FROM sqlite_master "
                                                               "WHERE type = 'table' AND name "
                                                               "NOT LIKE 'sqlite%' ORDER BY name");

    g_assert_cmpuint (tables->len, >=, 20);
    for (guint i = 0; i < tables->len; i++)
      {
        const char *table = g_ptr_array_index (tables, i);
        g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM %s", table);

        if (g_str_equal (table, "schema_version"))
          continue;
        g_test_message ("%s: %" G_GINT64_FORMAT " rows", table, mc_test_query_int (from, count));
        g_assert_cmpint (mc_test_query_int (to, count), ==, mc_test_query_int (from, count));
      }
  }

  /* The checkpoint, row for row and byte for byte. */
  assert_same_rows (from, to, "SELECT id, at, officer_id, key_id, audit_count, audit_hash, "
                              "dossier_count, dossier_digest, signature_count, "
                              "signature_digest, digest FROM checkpoint ORDER BY id", 1);
  checkpoint_ids = ids (from, "SELECT id FROM checkpoint ORDER BY id");
  for (guint i = 0; i < checkpoint_ids->len; i++)
    {
      gint64 id = g_array_index (checkpoint_ids, gint64, i);

      assert_same_blob (from, to, "checkpoint", "row_hashes", id);
      assert_same_blob (from, to, "checkpoint", "signature_hashes", id);
      assert_same_blob (from, to, "checkpoint", "signature", id);
    }
  /* The keys' confirmations. */
  assert_same_rows (from, to, "SELECT id, officer_id, CASE WHEN after_reset THEN 1 ELSE 0 END, "
                              "CASE WHEN legacy THEN 1 ELSE 0 END, confirmed_by, "
                              "confirmer_key_id, confirmed_at, confirmed_audit_id "
                              "FROM signing_key ORDER BY id", 3);
  key_ids = ids (from, "SELECT id FROM signing_key ORDER BY id");
  for (guint i = 0; i < key_ids->len; i++)
    {
      assert_same_blob (from, to, "signing_key", "confirmation",
                        g_array_index (key_ids, gint64, i));
      assert_same_blob (from, to, "signing_key", "public_key",
                        g_array_index (key_ids, gint64, i));
    }
  /* The officers' pending key, failed sign-ins and lock. */
  assert_same_rows (from, to, "SELECT id, username, CASE WHEN key_pending THEN 1 ELSE 0 END, "
                              "failed_sign_ins, locked_until FROM officer ORDER BY id", 12);
  g_assert_cmpint (mc_test_query_int (to, "SELECT failed_sign_ins FROM officer WHERE "
                                          "username = 'tuphap'"), ==, 2);

  /* What they mean, on the copy: the checkpoint holds, the check finds nothing, the figures
   * are the same, the locked account is still locked. */
  last = mc_checkpoint_get_last (to, &error);
  g_assert_no_error (error);
  g_assert_true (last->valid);
  g_assert_cmpint (last->id, ==, made->id);
  g_assert_cmpstr (last->hash, ==, made->hash);
  g_assert_true (mc_checkpoint_verify_audit (to, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_checkpoint_check_database (to, TRUE, &problems, &stats, &error));
  g_assert_no_error (error);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (problems == NULL || problems->len == 0);
  g_assert_cmpint (stats.checkpoint_id, ==, made->id);
  g_assert_cmpint (stats.signatures, ==, 20);
  kpi_to = kpi_json (to);
  g_assert_cmpstr (kpi_to, ==, kpi_from);
  locked = mc_account_authenticate (to, "vanhoa", PASSWORD, &error);
  g_assert_null (locked);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Life goes on on the copy: the reset leader's sign-in makes his key under a new id, and the
   * chairman's next checkpoint gets the next id. */
  max_key = mc_test_query_int (to, "SELECT max(id) FROM signing_key");
  reset = mc_account_authenticate (to, "phochutich2", "mat-khau-moi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (reset);
  g_assert_cmpint (mc_test_query_int (to, "SELECT count(*) FROM officer WHERE key_pending "
                                          "= TRUE"), ==, 0);
  g_assert_cmpint (mc_test_query_int (to, "SELECT max(id) FROM signing_key"), ==, max_key + 1);
  next = mc_checkpoint_create (to, chairman, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, made->id + 1);

  g_clear_object (&to);
  g_clear_object (&from);
  remove_folder (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/accountability", test_accountability_copied);
  return g_test_run ();
}
