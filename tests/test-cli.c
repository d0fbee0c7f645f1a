/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The motcua-cli contract of docs/cli.md that belongs to no single module: exit statuses, init,
 * audit verify, backup, check. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mc-test-util.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs motcua-cli with ARGS (NULL-terminated); returns its exit status. */
static void
run_cli (CliResult *r, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MOTCUA_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

/* Run from the build folder as the README shows, with no MOTCUA_LOCALEDIR (meson devenv and
 * the test environment set it), the program finds the build's translations: a Vietnamese user
 * gets Vietnamese words, not English ones with Vietnamese numbers. */
static void
test_uninstalled_vietnamese (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "vi.db", NULL);
  g_autofree char *out = NULL, *kpi = NULL, *nfc = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *cli = g_getenv ("MOTCUA_CLI");
  const char *locale = setlocale (LC_ALL, "vi_VN.UTF-8");
  int status = 0;

  g_assert_nonnull (cli);
  if (locale == NULL)
    {
      g_test_skip ("the vi_VN.UTF-8 locale is not installed (tools/dev setup installs it)");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");
  env = g_environ_unsetenv (env, "MOTCUA_LOCALEDIR");
  env = g_environ_setenv (env, "LANGUAGE", "vi", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "vi_VN.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "--help", NULL }, env,
                               G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  nfc = g_utf8_normalize (out, -1, G_NORMALIZE_NFC);
  g_assert_nonnull (strstr (nfc, "Cách dùng: motcua-cli"));

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "init", NULL }, env,
                               G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "kpi", "--from",
                                                  "2026-01-01", "--to", "2026-12-31", NULL },
                               env, G_SPAWN_DEFAULT, NULL, NULL, &kpi, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&nfc, g_free);
  nfc = g_utf8_normalize (kpi, -1, G_NORMALIZE_NFC);
  g_assert_nonnull (strstr (nfc, "Tiếp nhận trong kỳ"));
  g_assert_null (strstr (nfc, "Dossiers received"));
}

static void
test_usage (void)
{
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "no-such-command", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "no-such-command"));
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "audit"));
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", "/tmp/x.db", "audit", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_missing_database (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "none.db", NULL);
  g_auto(CliResult) r = { 0 };

  run_cli (&r, "--db", path, "audit", "verify", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, path));
  /* Asking about a database must not create it. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_init_audit_backup_check (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  /* A file, or a new database on the test server (MOTCUA_TEST_PG). */
  g_autofree char *path = mc_test_new_target (dir, "motcua.db");
  g_autofree char *copy = g_build_filename (dir, "backup.db", NULL);

  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "init", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    /* A second init refuses and leaves the data alone. */
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "init", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, path));
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "audit", "verify", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "intact: "));
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "check", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  /* The online backup copies a file; a server database is copied on the server (pg_dump). */
  if (!mc_test_on_server ())
    {
      {
        g_auto(CliResult) r = { 0 };
        run_cli (&r, "--db", path, "backup", copy, NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
      }
      {
        g_auto(CliResult) r = { 0 };
        run_cli (&r, "--db", copy, "audit", "verify", NULL);
        g_assert_cmpint (r.status, ==, 0);
      }
    }

  /* Tamper with the audit log from outside (the sqlite3 shell on the file, psql as the tables'
   * owner on the server): verify and check both fail. */
  if (mc_test_on_server ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McStore) store = mc_store_open (path, &error);

      g_assert_no_error (error);
      mc_test_exec (store, "ALTER TABLE audit DISABLE TRIGGER USER; "
                           "UPDATE audit SET details = 'nothing happened' WHERE id = 1; "
                           "ALTER TABLE audit ENABLE TRIGGER USER");
    }
  else
    {
      sqlite3 *raw = NULL;
      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, "DROP TRIGGER audit_no_update;"
                                     "UPDATE audit SET details = 'nothing happened' WHERE id = 1",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (raw);
    }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "audit", "verify", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "1"));
  }
  {
    g_auto(CliResult) r = { 0 };
    run_cli (&r, "--db", path, "check", NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/missing-database", test_missing_database);
  g_test_add_func ("/cli/init-audit-backup-check", test_init_audit_backup_check);
  g_test_add_func ("/cli/uninstalled-vietnamese", test_uninstalled_vietnamese);
  return g_test_run ();
}
