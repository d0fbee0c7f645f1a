/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 16: backups that finish while the desk writes, restores that check first, upgrades that
 * keep a copy, the rotation of the scheduled copies. On SQLite and, with MOTCUA_TEST_PG, on
 * PostgreSQL. The writer is this program run again with --writer TARGET. */
#include "config.h"

#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "mc-test-util.h"
#include "mc-audit.h"
#include "mc-backup.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-store-testing.h"

static const char *self_path;

/* ---- The writer: a setting changed as fast as the store takes it, each change audited ---- */

static int
run_writer (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (target, &error);

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }
  for (gint64 i = 1;; i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, i);

      if (!mc_store_set_setting (store, 0, "test.counter", value, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          g_clear_error (&error);
          g_usleep (10000);
        }
    }
  return 0;
}

static gint64
counter_of (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open_copy (target, NULL, &error);
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  value = mc_store_get_setting (store, "test.counter", "0");
  return g_ascii_strtoll (value, NULL, 10);
}

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *r, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MOTCUA_CLI");
  va_list ap;
  const char *a;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, r);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  if (r->status != 0)
    g_test_message ("motcua-cli %s: %s", (char *) args->pdata[1], r->err);
}

/* The whole database as text, to compare two of them: the sqlite3 shell's .dump of a file,
 * pg_dump's plain SQL of a server database (its comments and session settings left out). */
static char *
dump_of (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GString *kept = g_string_new (NULL);
  int status = 0;

  if (mc_store_target_is_server (target))
    {
      const char *argv[] = { "pg_dump", "--format=plain", "--no-owner", "--dbname", target, NULL };
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, &err, &status, &error));
    }
  else
    {
      const char *argv[] = { "sqlite3", target, ".dump", NULL };
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, &err, &status, &error));
    }
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "--") && !g_str_has_prefix (lines[i], "\\restrict") &&
        !g_str_has_prefix (lines[i], "\\unrestrict") && !g_str_has_prefix (lines[i], "SET "))
      g_string_append_printf (kept, "%s\n", lines[i]);
  return g_string_free (kept, FALSE);
}

static char *
new_database (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *target = mc_test_new_target (dir, "live.db");
  g_autoptr(McStore) store = mc_store_create (target, &error);

  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  g_assert_no_error (error);
  return target;
}

static gboolean
exists_with_part (const char *path)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);

  return g_file_test (part, G_FILE_TEST_EXISTS);
}

static void
test_backup_under_writer (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *target = new_database (dir);
  g_autofree char *copy = g_build_filename (dir, "under-load.backup", NULL);
  g_autofree char *still = g_build_filename (dir, "still.backup", NULL);
  g_autoptr(GError) error = NULL;
  const char *writer_argv[] = { self_path, "--writer", target, NULL };
  GPid writer = 0;
  gint64 before, after, in_copy;
  gint64 start;
  double seconds;

  g_assert_true (g_spawn_async (NULL, (char **) writer_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &writer, &error));
  g_assert_no_error (error);
  /* The writer is writing. */
  for (int i = 0; i < 200 && counter_of (target) < 20; i++)
    g_usleep (50000);
  before = counter_of (target);
  g_assert_cmpint (before, >=, 20);

  start = g_get_monotonic_time ();
  {
    g_auto(Run) r = { 0 };

    run_cli (&r, "--db", target, "backup", copy, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, copy));
  }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  after = counter_of (target);
  kill (writer, SIGTERM);
  waitpid (writer, NULL, 0);
  g_spawn_close_pid (writer);
  g_test_message ("backup under a writer: %.2f s, while it wrote %" G_GINT64_FORMAT
                  " changes", seconds, after - before);
  g_assert_cmpfloat (seconds, <, 60.0);
  /* The writer went on meanwhile (it did not wait for the copy). */
  g_assert_cmpint (after, >, before);
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_false (exists_with_part (copy));

  if (!mc_test_on_server ())
    {
      /* A snapshot: the counter of a moment between the two. */
      in_copy = counter_of (copy);
      g_assert_cmpint (in_copy, >=, before);
      g_assert_cmpint (in_copy, <=, after);
      {
        g_auto(Run) r = { 0 };

        run_cli (&r, "--db", copy, "check", NULL);
        g_assert_cmpint (r.status, ==, 0);
      }
    }

  /* Once still, a copy restores to the same database. */
  {
    g_auto(Run) r = { 0 };

    run_cli (&r, "--db", target, "backup", still, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_autofree char *restored = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    if (mc_test_on_server ())
      {
        const char *admin = g_getenv ("MOTCUA_TEST_PG");
        g_autofree char *empty = mc_store_testing_new_server_database (&error);
        const char *argv[] = { "pg_restore", "--exit-on-error", "--dbname", NULL, still, NULL };
        int status = 0;

        g_assert_no_error (error);
        (void) admin;
        restored = g_steal_pointer (&empty);
        argv[3] = restored;
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_cmpint (status, ==, 0);
      }
    else
      {
        g_auto(Run) r = { 0 };

        restored = g_build_filename (dir, "restored.db", NULL);
        run_cli (&r, "--db", restored, "restore", still, NULL);
        g_assert_cmpint (r.status, ==, 0);
      }
    a = dump_of (target);
    b = dump_of (restored);
    /* A file database restored says so in its audit log, one record after the copy's: the
     * rest is the same, row for row. */
    if (!mc_test_on_server ())
      {
        char *line = strstr (b, "INSERT INTO audit VALUES(");

        while (line != NULL && strstr (line, "'backup.restore'") != NULL &&
               strstr (line, "'backup.restore'") > strchr (line, '\n'))
          line = strstr (line + 1, "INSERT INTO audit VALUES(");
        g_assert_nonnull (line);
        g_assert_true (strstr (line, "'backup.restore'") < strchr (line, '\n'));
        memmove (line, strchr (line, '\n') + 1, strlen (strchr (line, '\n') + 1) + 1);
        g_assert_null (strstr (b, "'backup.restore'"));
      }
    g_assert_cmpstr (a, ==, b);
  }
}

/* Everything of a database file and its -wal, to see it untouched. */
static char *
state_of (const char *target)
{
  if (mc_store_target_is_server (target))
    return dump_of (target);
  return dump_of (target);
}

static void
assert_refused (const char *target, const char *file, const char *words)
{
  g_autofree char *before = state_of (target);
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (target);
  g_auto(Run) r = { 0 };

  run_cli (&r, "--db", target, "restore", file, NULL);
  g_assert_cmpint (r.status, ==, 1);
  if (words != NULL)
    g_assert_nonnull (strstr (r.err, words));
  after = state_of (target);
  g_assert_cmpstr (before, ==, after);
  if (!mc_store_target_is_server (target))
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      /* Nothing set aside, nothing half-done left. */
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_assert_null (strstr (name, "before-restore"));
          g_assert_null (strstr (name, ".restoring"));
        }
    }
}

static void
run_ok (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_test_message ("%s: %s", argv[0], err);
  g_assert_cmpint (status, ==, 0);
}

static void
psql (const char *conninfo, const char *sql)
{
  const char *argv[] = { "psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "-c", sql,
                         NULL };

  run_ok (argv);
}

static void
pg_dump_to (const char *conninfo, const char *file)
{
  g_autofree char *file_arg = g_strconcat ("--file=", file, NULL);
  const char *argv[] = { "pg_dump", "--format=custom", file_arg, "--dbname", conninfo, NULL };

  run_ok (argv);
}

/* The names of the server's databases that start with PREFIX. */
static guint
databases_named (const char *prefix, char **first)
{
  g_autofree char *sql = g_strdup_printf ("SELECT datname FROM pg_database WHERE datname LIKE "
                                          "'%s%%' ORDER BY datname", prefix);
  const char *argv[] = { "psql", "-At", "--dbname", g_getenv ("MOTCUA_TEST_PG"), "-c", sql,
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint n = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        if (n == 0 && first != NULL)
          *first = g_strdup (lines[i]);
        n++;
      }
  return n;
}

/* On a server: the copy restored into a scratch database and checked there; the database
 * renamed aside and the scratch renamed into its place. */
static void
restore_checks_first_server (const char *dir, const char *target, const char *other,
                             const char *text)
{
  const char *admin = g_getenv ("MOTCUA_TEST_PG");
  /* The test's database: "ADMIN dbname=t_…" (mc_test_new_target). */
  g_autofree char *name = g_strdup (g_strrstr (target, "dbname=") + 7);
  g_autofree char *good = g_build_filename (dir, "good.dump", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.dump", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.dump", NULL);
  g_autofree char *forged = g_build_filename (dir, "forged.dump", NULL);
  g_autofree char *scratches = g_strconcat (name, "_restoring_", NULL);
  g_autofree char *kept_prefix = g_strconcat (name, "_before_restore_", NULL);
  g_autofree char *role = g_strdup_printf ("weak_%08x", g_random_int ());
  g_autoptr(GError) error = NULL;

  (void) other;
  {
    g_autoptr(McStore) store = mc_store_open (target, &error);

    g_assert_no_error (error);
    g_assert_true (mc_backup_write (store, good, NULL, &error));
    g_assert_no_error (error);
    /* Made after the backup: gone once it is restored. */
    g_assert_true (mc_store_set_setting (store, 0, "test.after", "1", &error));
    g_assert_no_error (error);
  }

  assert_refused (target, text, "not a backup");
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (good, &bytes, &length, &error));
    memset (bytes + length / 2, 0x5a, length / 4);
    g_assert_true (g_file_set_contents (damaged, bytes, length, &error));
  }
  assert_refused (target, damaged, NULL);
  /* Another program's database, dumped by pg_dump. */
  {
    g_autofree char *songs = mc_store_testing_new_server_database (&error);

    g_assert_no_error (error);
    psql (songs, "CREATE TABLE song (title text); INSERT INTO song VALUES ('Trống cơm')");
    pg_dump_to (songs, foreign);
  }
  assert_refused (target, foreign, "not a Một Cửa database");
  /* A copy whose audit log was rewritten. */
  {
    g_autofree char *copy = mc_store_testing_new_server_database (&error);
    const char *argv[] = { "pg_restore", "--exit-on-error", "--dbname", copy, good, NULL };

    g_assert_no_error (error);
    run_ok (argv);
    psql (copy, "ALTER TABLE audit DISABLE TRIGGER ALL; "
                "UPDATE audit SET details = 'nothing happened' WHERE id = 2; "
                "ALTER TABLE audit ENABLE TRIGGER ALL");
    pg_dump_to (copy, forged);
  }
  assert_refused (target, forged, "did not pass its check");
  /* A login that may not create databases. */
  {
    g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN", role);
    g_autofree char *as_weak = g_strdup_printf ("%s user=%s", target, role);
    g_autofree char *before = state_of (target);
    g_autofree char *after = NULL;
    g_auto(Run) r = { 0 };

    g_autofree char *drop = g_strdup_printf ("DROP ROLE %s", role);

    psql (admin, create);
    run_cli (&r, "--db", as_weak, "restore", good, NULL);
    psql (admin, drop);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "CREATEDB"));
    after = state_of (target);
    g_assert_cmpstr (before, ==, after);
  }
  /* A workstation still connected. */
  {
    g_autoptr(McStore) open = mc_store_open (target, &error);

    g_assert_no_error (error);
    assert_refused (target, good, "1 session is still connected");
  }
  g_assert_cmpuint (databases_named (scratches, NULL), ==, 0);
  g_assert_cmpuint (databases_named (kept_prefix, NULL), ==, 0);

  /* The good one restores; the replaced database is kept under another name. */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *kept = NULL;
    g_autofree char *kept_target = NULL;

    run_cli (&r, "--db", target, "restore", good, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "audit record"));
    g_assert_nonnull (strstr (r.out, kept_prefix));
    g_assert_cmpuint (databases_named (kept_prefix, &kept), ==, 1);
    g_assert_cmpuint (databases_named (scratches, NULL), ==, 0);
    {
      g_autoptr(McStore) store = mc_store_open (target, &error);
      g_autofree char *after = NULL;

      g_assert_no_error (error);
      after = mc_store_get_setting (store, "test.after", NULL);
      g_assert_null (after);
    }
    kept_target = g_strdup_printf ("%s dbname=%s", admin, kept);
    {
      g_autoptr(McStore) old = mc_store_open (kept_target, &error);
      g_autofree char *after = NULL;

      g_assert_no_error (error);
      after = mc_store_get_setting (old, "test.after", NULL);
      g_assert_cmpstr (after, ==, "1");
    }
  }
}

static void
test_restore_checks_first (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *target = new_database (dir);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *good = g_build_filename (dir, "good.db", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.db", NULL);
  g_autofree char *forged = g_build_filename (dir, "forged.db", NULL);
  g_autoptr(GError) error = NULL;

  /* Another program's database, and a file that is no database at all. */
  {
    const char *argv[] = { "sqlite3", other, "CREATE TABLE song (title TEXT); "
                           "INSERT INTO song VALUES ('Trống cơm');", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  g_assert_true (g_file_set_contents (text, "Danh sách hồ sơ\n", -1, &error));

  if (mc_test_on_server ())
    {
      restore_checks_first_server (dir, target, other, text);
      return;
    }

  assert_refused (target, other, "not a Một Cửa database");
  assert_refused (target, text, "not a Một Cửa database");

  /* A good copy, then one damaged on the disk and one whose audit log was rewritten. */
  {
    g_autoptr(McStore) store = mc_store_open (target, &error);

    g_assert_no_error (error);
    g_assert_true (mc_backup_write (store, good, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (good, &bytes, &length, &error));
    g_assert_cmpuint (length, >, 8 * 4096);
    /* Pages 3 to 6 overwritten: b-tree pages of the catalogue's tables. */
    memset (bytes + 2 * 4096, 0x5a, 4 * 4096);
    g_assert_true (g_file_set_contents (damaged, bytes, length, &error));
  }
  assert_refused (target, damaged, NULL);

  {
    const char *argv[] = { "sqlite3", forged, "DROP TRIGGER audit_no_update; "
                           "UPDATE audit SET details = 'nothing happened' WHERE id = 2;", NULL };
    int status = 0;
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (good, &bytes, &length, &error));
    g_assert_true (g_file_set_contents (forged, bytes, length, &error));
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  assert_refused (target, forged, "did not pass its check");

  /* The good one restores, and the replaced database is kept. */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *kept = NULL;

    run_cli (&r, "--db", target, "restore", good, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "before-restore"));
    g_assert_nonnull (strstr (r.out, "audit record"));
    g_assert_nonnull (strstr (r.out, "kept as "));
    kept = g_strndup (strstr (r.out, "kept as ") + 8, strcspn (strstr (r.out, "kept as ") + 8, "\n"));
    if (g_str_has_suffix (kept, "."))
      kept[strlen (kept) - 1] = '\0';
    g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
    /* The restored database says so itself, last in its audit log, its chain intact. */
    {
      g_autoptr(McStore) restored = mc_store_open (target, &error);
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *expected = NULL;
      gint64 n = 0;

      g_assert_no_error (error);
      g_assert_true (mc_audit_verify (restored, &n, &error));
      g_assert_no_error (error);
      rows = mc_store_testing_rows (restored, "SELECT action, details FROM audit "
                                              "ORDER BY id DESC LIMIT 1");
      g_assert_cmpuint (rows->len, ==, 1);
      expected = g_strdup_printf ("backup.restore|restored from %s by ", good);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), expected));
      g_assert_true (g_str_has_suffix (g_ptr_array_index (rows, 0), kept));
    }
    /* The copy was only read: nothing left beside it. */
    {
      g_autofree char *wal = g_strconcat (good, "-wal", NULL);
      g_autofree char *shm = g_strconcat (good, "-shm", NULL);

      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
    }
  }
}

/* The copy kept before an update, in DIR: "STEM-schema11-DATE.db" beside a file, or
 * "DBNAME-schema11-DATE.dump" of a server (the test's backup folder is DIR). */
static char *
upgrade_copy_in (const char *dir, const char *target)
{
  gboolean server = mc_store_target_is_server (target);
  g_autofree char *base = server ? g_strdup (g_strrstr (target, "dbname=") + 7)
                                 : g_path_get_basename (target);
  g_autofree char *stem = g_str_has_suffix (base, ".db") ? g_strndup (base, strlen (base) - 3)
                                                         : g_strdup (base);
  g_autofree char *prefix = g_strconcat (stem, "-schema11-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, server ? ".dump" : ".db"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static void
test_upgrade_keeps_copy (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = mc_test_new_target (dir, "old.db");
  g_autofree char *failing = mc_test_new_target (dir, "failing.db");
  g_autoptr(GError) error = NULL;

  /* Databases of schema 11, as an older program left them. */
  mc_store_testing_last_migration = 11;
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(McStore) store = mc_store_create (i == 0 ? path : failing, &error);
      g_autofree char *folder = g_strdup_printf ("INSERT INTO setting (key, value) "
                                                 "VALUES ('backup.folder', '%s')", dir);

      g_assert_no_error (error);
      g_assert_true (mc_store_testing_exec (store, "INSERT INTO setting (key, value) "
                                                   "VALUES ('agency.name', 'UBND XÃ A')", &error));
      g_assert_no_error (error);
      /* A server's copy goes to the backup folder. */
      if (mc_test_on_server ())
        g_assert_true (mc_store_testing_exec (store, folder, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mc_store_get_schema_version (store), ==, 11);
    }
  mc_store_testing_last_migration = 0;

  /* Opened by this program: a copy first, then the update. */
  {
    g_autoptr(McStore) store = mc_store_open (path, &error);
    g_autofree char *copy = NULL;
    int schema = 0;

    g_assert_no_error (error);
    g_assert_cmpint (mc_store_get_schema_version (store), >, 11);
    copy = upgrade_copy_in (dir, path);
    g_assert_nonnull (copy);
    if (mc_test_on_server ())
      {
        /* pg_dump's archive of the database as it was: restored, it is of schema 11. */
        g_autofree char *restored = mc_store_testing_new_server_database (&error);
        const char *argv[] = { "pg_restore", "--exit-on-error", "--dbname", restored, copy,
                               NULL };

        g_assert_no_error (error);
        run_ok (argv);
        g_clear_pointer (&copy, g_free);
        copy = g_steal_pointer (&restored);
      }
    {
      g_autoptr(McStore) kept = mc_store_open_copy (copy, &schema, &error);

      g_assert_no_error (error);
      g_assert_cmpint (schema, ==, 11);
    }
  }

  /* A failed update leaves the database as it was and names the copy. */
  mc_store_testing_failing_migration = 14;
  {
    g_autoptr(McStore) store = mc_store_open (failing, &error);
    g_autofree char *copy = NULL;

    g_assert_null (store);
    g_assert_nonnull (error);
    copy = upgrade_copy_in (dir, failing);
    g_assert_nonnull (copy);
    g_assert_nonnull (strstr (error->message, copy));
    g_assert_nonnull (strstr (error->message, "left as it was"));
    g_clear_error (&error);
  }
  mc_store_testing_failing_migration = 0;
  mc_store_testing_last_migration = 11;
  {
    g_autoptr(McStore) store = mc_store_open (failing, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mc_store_get_schema_version (store), ==, 11);
  }
  mc_store_testing_last_migration = 0;
}

static McTime
at (const char *text)
{
  return mc_test_time (text);
}

static void
test_rotation (void)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (McTime));
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *keep = NULL;
  McDay first = mc_test_day ("2024-01-01");
  McDay last = mc_test_day ("2025-03-15");     /* a Saturday */
  static const char * const kept_days[] = {
    /* the last 7 days */
    "2025-03-09", "2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14",
    "2025-03-15",
    /* the newest of the 4 last weeks (Monday to Sunday): 15/3, 9/3, 2/3, 23/2 */
    "2025-03-02", "2025-02-23",
    /* the newest of the 12 last months */
    "2025-02-28", "2025-01-31", "2024-12-31", "2024-11-30", "2024-10-31", "2024-09-30",
    "2024-08-31", "2024-07-31", "2024-06-30", "2024-05-31", "2024-04-30",
  };
  guint n_kept = 0;

  /* Twice a day, at the first sign-in and at closing time. */
  for (McDay d = first; d <= last; d++)
    {
      McTime morning = mc_time_from_day (d, 7 * 60 + 35);
      McTime evening = mc_time_from_day (d, 17 * 60 + 2);

      g_array_append_val (times, morning);
      g_array_append_val (times, evening);
    }
  keep = g_new0 (gboolean, times->len);
  mc_backup_rotation ((McTime *) times->data, times->len, keep);
  for (gsize i = 0; i < G_N_ELEMENTS (kept_days); i++)
    g_hash_table_add (expected, (gpointer) kept_days[i]);
  for (guint i = 0; i < times->len; i++)
    {
      McTime t = g_array_index (times, McTime, i);
      g_autofree char *day = mc_day_to_iso (mc_day_of_time (t));
      gboolean evening = mc_minute_of_time (t) > 12 * 60;

      /* Of a day, the newest: the evening's. */
      g_assert_cmpint (keep[i], ==, evening && g_hash_table_contains (expected, day));
      n_kept += keep[i];
    }
  g_assert_cmpuint (n_kept, ==, 20);

  /* A fortnight without a backup (the stick at home) uses up no daily place. */
  {
    McTime gap[] = { at ("2025-03-01 08:00"), at ("2025-03-02 08:00"), at ("2025-03-03 08:00"),
                     at ("2025-03-04 08:00"), at ("2025-03-05 08:00"), at ("2025-03-06 08:00"),
                     at ("2025-03-07 08:00"), at ("2025-03-08 08:00"), at ("2025-03-22 08:00") };
    gboolean k[G_N_ELEMENTS (gap)];

    mc_backup_rotation (gap, G_N_ELEMENTS (gap), k);
    /* Dailies: 22, 8, 7, 6, 5, 4, 3; the 2nd is a week's newest (Sunday); the 1st falls off
     * (its week's and month's newest are others). */
    g_assert_false (k[0]);
    for (guint i = 1; i < G_N_ELEMENTS (gap); i++)
      g_assert_true (k[i]);
  }

  /* On the disk: the folder keeps what the rotation keeps, and other files alone. */
  {
    g_autofree char *dir = mc_test_tmpdir ();
    g_autofree char *mine = g_build_filename (dir, "notes.txt", NULL);
    guint files = 0;
    const char *name;
    g_autoptr(GDir) d = NULL;

    g_assert_true (g_file_set_contents (mine, "x", 1, NULL));
    for (guint i = 0; i < times->len; i++)
      {
        g_autofree char *n = mc_backup_name (g_array_index (times, McTime, i), FALSE);
        g_autofree char *p = g_build_filename (dir, n, NULL);
        McTime back = 0;

        g_assert_true (mc_backup_name_time (n, &back));
        g_assert_cmpint (back, ==, g_array_index (times, McTime, i));
        g_assert_true (g_file_set_contents (p, "", 0, NULL));
      }
    g_assert_cmpuint (mc_backup_rotate_folder (dir), ==, times->len - 20);
    d = g_dir_open (dir, 0, NULL);
    while ((name = g_dir_read_name (d)) != NULL)
      files++;
    g_assert_cmpuint (files, ==, 21);
    g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
  }
}

static void
test_status (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "usb", NULL);
  McTime now = at ("2025-03-15 09:00");
  McTime last = 0;
  g_autofree char *name = mc_backup_name (at ("2025-03-12 17:00"), FALSE);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (mc_backup_status (missing, now, NULL), ==, MC_BACKUP_STATUS_FOLDER_MISSING);
  g_assert_cmpint (mc_backup_status (dir, now, NULL), ==, MC_BACKUP_STATUS_NONE);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (mc_backup_status (dir, now, &last), ==, MC_BACKUP_STATUS_OLD);
  g_assert_cmpint (last, ==, at ("2025-03-12 17:00"));
  text = mc_backup_status_text (MC_BACKUP_STATUS_OLD, dir, last, now);
  g_assert_nonnull (strstr (text, "2 days"));
  g_assert_cmpint (mc_backup_status (dir, at ("2025-03-14 16:00"), NULL), ==,
                   MC_BACKUP_STATUS_OK);
  g_assert_true (mc_backup_due_today (dir, now));
  g_assert_false (mc_backup_due_today (dir, at ("2025-03-12 18:00")));
}

/* A backup on quit is spared when the newest backup was made after the last change. */
static void
test_up_to_date (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *dir = mc_test_tmpdir ();
  g_autoptr(GError) error = NULL;
  McTime last = MC_TIME_NONE;

  g_assert_true (mc_store_last_audit_at (store, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last, !=, MC_TIME_NONE);
  g_assert_false (mc_backup_up_to_date (store, dir));
  {
    g_autofree char *name = mc_backup_name (last - 60, FALSE);
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    g_assert_false (mc_backup_up_to_date (store, dir));
  }
  {
    /* In the same second as the change: it may not hold it. */
    g_autofree char *name = mc_backup_name (last, FALSE);
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    g_assert_false (mc_backup_up_to_date (store, dir));
  }
  {
    g_autofree char *name = mc_backup_name (last + 1, FALSE);
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    g_assert_true (mc_backup_up_to_date (store, dir));
  }
}

/* The age of the last backup as the preferences say it: never "0 hours ago". */
static void
test_age_text (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { -5, "just now" }, { 0, "just now" }, { 59, "just now" }, { 60, "1 minute ago" },
    { 45 * 60, "45 minutes ago" }, { 3600, "1 hour ago" }, { 47 * 3600 + 3599, "47 hours ago" },
    { 48 * 3600, "2 days ago" }, { 10 * 86400, "10 days ago" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mc_backup_age_text (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_scheduled (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *target = new_database (dir);
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (target, &error);
  McBackupInfo info = { 0 };

  g_assert_no_error (error);
  g_assert_true (mc_backup_scheduled (store, folder, &path, &info, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (mc_backup_status (folder, mc_now (), NULL), ==, MC_BACKUP_STATUS_OK);
  g_assert_cmpint (info.contents.audit_records, >, 0);
  g_assert_cmpint (info.bytes, >, 0);
  mc_backup_info_clear (&info);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);
  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/under-writer", test_backup_under_writer);
  g_test_add_func ("/backup/restore-checks-first", test_restore_checks_first);
  g_test_add_func ("/backup/upgrade-keeps-copy", test_upgrade_keeps_copy);
  g_test_add_func ("/backup/rotation", test_rotation);
  g_test_add_func ("/backup/up-to-date", test_up_to_date);
  g_test_add_func ("/backup/status", test_status);
  g_test_add_func ("/backup/scheduled", test_scheduled);
  g_test_add_func ("/backup/age-text", test_age_text);
  return g_test_run ();
}
