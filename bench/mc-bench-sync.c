/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What synchronous = FULL costs a desk: the time of one audited change (a setting saved, one
 * transaction with its audit record) with SQLite's synchronous = NORMAL and = FULL, on a file
 * in --dir (on the disk the desk uses: not a tmpfs), and the time of a backup (copy and
 * checks) of the database --db while this program keeps writing into it, if given. */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-store.h"
#include "mc-backup.h"
#include "mc-store-testing.h"

typedef struct {
  char         *target;
  volatile gint stop;
  gint64        writes;
} Writer;

/* A desk that keeps writing: one audited change after another, on its own connection. */
static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (w->target, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, w->writes);

      if (mc_store_set_setting (store, 0, "bench.writer", value, NULL))
        w->writes++;
    }
  return NULL;
}

static void
backup_under_writer (const char *target, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (target, &error);
  Writer w = { (char *) target, 0, 0 };
  McBackupInfo info = { 0 };
  GThread *thread;
  gint64 start;
  gboolean ok;

  if (store == NULL)
    g_error ("%s", error->message);
  thread = g_thread_new ("writer", writer_thread, &w);
  g_usleep (500000);
  start = g_get_monotonic_time ();
  ok = mc_backup_write (store, out, &info, &error);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  if (!ok)
    g_error ("%s", error->message);
  g_print ("backup of %s under a writer (%s): %.1f s in all (copy %.1f s, checks %.1f s), "
           "%.1f MB; the writer made %" G_GINT64_FORMAT " changes meanwhile; %" G_GINT64_FORMAT
           " dossiers\n",
           target, g_getenv ("MOTCUA_SQLITE_BACKUP") ? g_getenv ("MOTCUA_SQLITE_BACKUP")
                                                     : "one pass of the backup API",
           (g_get_monotonic_time () - start) / 1e6, info.seconds_copy, info.seconds_verify,
           info.bytes / 1e6, w.writes, info.contents.dossiers);
  mc_backup_info_clear (&info);
}

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
  g_autofree char *backup_db = NULL;
  g_autofree char *backup_out = NULL;
  int changes = 500;
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the database (a new one in the "
      "current folder)", "DIR" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &changes, "Changes per mode (500)", "N" },
    { "backup", 0, 0, G_OPTION_ARG_STRING, &backup_db, "Instead: back up this database (a file "
      "or a server) into --out while a thread keeps writing into it", "DB" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &backup_out, "The backup file of --backup", "FILE" },
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
  if (backup_db != NULL)
    {
      if (backup_out == NULL)
        g_error ("--backup needs --out");
      backup_under_writer (backup_db, backup_out);
      return 0;
    }
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
