/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 9.3: nothing else in the process may drop the embedded database's locks. A file dialog
 * that browses the database's folder opens every file there to guess its type and closes it;
 * with POSIX locks that released the window's locks, the next motcua-cli run deleted the live
 * WAL, and a signature just made was lost for every other process. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "mc-catalogue.h"
#include "mc-kpi.h"
#include "mc-test-util.h"

/* What a file chooser does to each file of a folder: guess its type from its first bytes. */
static void
browse_folder (const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  e = g_file_enumerate_children (folder, "standard::*", G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, g_file_info_get_name (info), NULL);
      char *contents = NULL;
      gsize len = 0;
      int fd;

      /* Whole reads and raw descriptors, as thumbnailers and previews do. */
      if (g_file_get_contents (path, &contents, &len, NULL))
        g_free (contents);
      fd = g_open (path, O_RDONLY, 0);
      if (fd >= 0)
        close (fd);
      g_object_unref (info);
    }
}

static int
run_cli (const char *db, const char *command)
{
  g_autofree char *cmd = g_strdup_printf ("\"%s\" --db \"%s\" %s", g_getenv ("MOTCUA_CLI"), db,
                                          command);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, &error));
  g_assert_no_error (error);
  return WEXITSTATUS (status);
}

static void
test_browsing_keeps_locks (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "motcua.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McStore) check = NULL;
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  double target;

  if (mc_test_on_server ())
    {
      g_test_skip ("SQLite only: a server's files are not in this process");
      return;
    }
  if (g_getenv ("MOTCUA_CLI") == NULL)
    {
      g_test_skip ("MOTCUA_CLI is not set");
      return;
    }
  store = mc_store_create (db, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));

  /* The window's process browses the folder (the database, its -wal and -shm among the
   * files), and is refused the live files rather than dropping its locks. */
  browse_folder (dir);
  {
    int fd = g_open (db, O_RDONLY, 0);

    g_assert_cmpint (fd, ==, -1);
    g_assert_cmpint (errno, ==, EACCES);
  }

  /* A commit in the window, then another process opens and closes the database. */
  g_assert_true (mc_kpi_set_target (store, 0, 2030, "online_rate", 77, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (db, "audit verify"), ==, 0);
  /* The live WAL is still there for the window's connection, and the window goes on. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (mc_kpi_set_target (store, 0, 2031, "online_rate", 78, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (db, "check"), ==, 0);

  /* Every other connection sees both commits. */
  check = mc_store_open (db, &error);
  g_assert_no_error (error);
  target = mc_kpi_get_target (check, 2030, "online_rate");
  g_assert_cmpfloat (target, ==, 77);
  target = mc_kpi_get_target (check, 2031, "online_rate");
  g_assert_cmpfloat (target, ==, 78);

  /* Once the store closes its database, the file is anyone's again. */
  g_clear_object (&store);
  g_clear_object (&check);
  {
    int fd = g_open (db, O_RDONLY, 0);

    g_assert_cmpint (fd, >=, 0);
    close (fd);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/locks/browsing-keeps-locks", test_browsing_keeps_locks);
  return g_test_run ();
}
