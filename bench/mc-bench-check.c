/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the full check of a database (motcua-cli check): the engine's integrity check, the
 * data's rules, the audit chain record by record, every checkpoint, the latest signature of every
 * dossier (Ed25519 on every core) and every dossier's row against the last checkpoint. A
 * developer's tool: its output is English and not translated. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-catalogue.h"
#include "mc-checkpoint.h"
#include "mc-demo.h"
#include "mc-signature.h"
#include "mc-store-internal.h"

#define RUNS 3
#define TARGET_SECONDS 10.0
#define SIGN_BATCH 5000

static const char usage[] =
  "Usage: mc-bench-check [--db FILE] [--dossiers N] [--runs N] [--recheck-signatures]\n"
  "\n"
  "Times motcua-cli check with signatures and row digests. With --db naming a file that does\n"
  "not exist yet (default: a new file in a temporary folder, removed at the end), first makes\n"
  "it: a demo commune of N dossiers (default 200000) whose leaders hold confirmed keys, a real\n"
  "signature by a vice-chairman on every dossier that reached a result\n"
  "(statuses 9 and 10), and a checkpoint signed by the chairman. An existing file is checked as\n"
  "it is. Prints the counts, the time of each part of the check (the median of --runs runs,\n"
  "default 3) and whether the whole stays under 10 s. Signatures the last checkpoint vouched\n"
  "for are spared their Ed25519 check, as in motcua-cli check, unless --recheck-signatures.\n";

/* CPU time of the process, every thread: what the check costs when other programs share the
 * machine and wall-clock times wander. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
die (const char *what, GError *error)
{
  fprintf (stderr, "mc-bench-check: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static gint64
sign_in (McStore *store, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = mc_account_authenticate (store, username, MC_DEMO_PASSWORD,
                                                          &error);

  if (officer == NULL)
    die (username, error);
  return officer->id;
}

/* Every dossier with a result gets a real signature, SIGN_BATCH to a transaction. */
static gint64
sign_results (McStore *store, gint64 vice)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSigner) signer = mc_signature_unlock (store, vice, MC_DEMO_PASSWORD, &error);
  McQuery q = { .statuses = (1u << MC_STATUS_RESOLVED) | (1u << MC_STATUS_RETURNED),
                .sort = MC_SORT_RECEIVED };
  g_autoptr(GArray) ids = NULL;
  McTime now;

  if (signer == NULL)
    die ("opening the vice-chairman's key", error);
  ids = mc_store_query_ids (store, &q, &error);
  if (ids == NULL)
    die ("listing the dossiers", error);
  now = mc_store_now (store);
  for (guint i = 0; i < ids->len; i += SIGN_BATCH)
    {
      if (!mc_store_begin (store, &error))
        die ("signing", error);
      for (guint j = i; j < MIN (ids->len, i + SIGN_BATCH); j++)
        if (mc_signature_write (store, signer, g_array_index (ids, gint64, j), now, &error) == 0)
          die ("signing", error);
      if (!mc_store_commit (store, &error))
        die ("signing", error);
    }
  return ids->len;
}

static void
make_database (const char *path, gint64 dossiers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (path, &error);
  g_autoptr(McCheckpoint) checkpoint = NULL;
  McDemoOptions options;
  gint64 chairman, vice, start, signed_count;

  if (store == NULL || !mc_catalogue_init_defaults (store, &error))
    die ("creating the database", error);
  mc_demo_options_init (&options);
  options.dossiers = dossiers;
  start = g_get_monotonic_time ();
  if (!mc_demo_fill (store, &options, NULL, NULL, &error))
    die ("making the demo", error);
  printf ("demo of %" G_GINT64_FORMAT " dossiers made in %.1f s\n", dossiers,
          seconds_since (start));

  /* The demo's leaders already hold confirmed keys (mc-demo.c). */
  chairman = sign_in (store, "chutich");
  vice = sign_in (store, "phochutich1");
  start = g_get_monotonic_time ();
  signed_count = sign_results (store, vice);
  printf ("%" G_GINT64_FORMAT " dossiers signed in %.1f s\n", signed_count, seconds_since (start));
  start = g_get_monotonic_time ();
  checkpoint = mc_checkpoint_create (store, chairman, MC_DEMO_PASSWORD, &error);
  if (checkpoint == NULL)
    die ("signing the checkpoint", error);
  printf ("checkpoint no. %" G_GINT64_FORMAT " signed in %.2f s: %s\n", checkpoint->id,
          seconds_since (start), checkpoint->hash);
}

static const char *
load_average (void)
{
  static char text[64] = "?";
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (contents, " ", 4);

      if (g_strv_length (parts) >= 3)
        g_snprintf (text, sizeof text, "%s %s %s", parts[0], parts[1], parts[2]);
    }
  return text;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values, int n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

int
main (int argc, char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *tmpdir = NULL;
  gint64 dossiers = 200000;
  gint runs = RUNS;
  gboolean help = FALSE, recheck = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "the database (made when missing)", "FILE" },
    { "dossiers", 0, 0, G_OPTION_ARG_INT64, &dossiers, "dossiers of a new database", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "runs of the check (the median is shown)", "N" },
    { "recheck-signatures", 0, 0, G_OPTION_ARG_NONE, &recheck,
      "put every signature through Ed25519 (check --recheck-signatures)", NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "this help", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  double total[16], cpu[16], part[5][16];
  McCheckStats stats = { 0 };
  guint n_problems = 0;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "mc-bench-check: %s\n\n%s", error->message, usage);
      return 2;
    }
  if (help)
    {
      fputs (usage, stdout);
      return 0;
    }
  runs = CLAMP (runs, 1, 16);
  if (db == NULL)
    {
      tmpdir = g_dir_make_tmp ("mc-bench-check-XXXXXX", &error);
      if (tmpdir == NULL)
        die ("making a temporary folder", error);
      db = g_build_filename (tmpdir, "bench.db", NULL);
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    make_database (db, dossiers);

  store = mc_store_open (db, &error);
  if (store == NULL)
    die ("opening the database", error);
  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_seconds ();

      g_clear_error (&error);
      if (!mc_checkpoint_check_database (store, recheck, &problems, &stats, &error) &&
          problems == NULL)
        die ("checking", error);
      total[r] = seconds_since (start);
      cpu[r] = cpu_seconds () - cpu_start;
      part[0][r] = stats.seconds_store;
      part[4][r] = stats.seconds_structure;
      part[1][r] = stats.seconds_checkpoints;
      part[2][r] = stats.seconds_signatures;
      part[3][r] = stats.seconds_rows;
      n_problems = problems->len;
    }

  printf ("database: %s\n", db);
  printf ("dossiers %" G_GINT64_FORMAT ", signatures checked %" G_GINT64_FORMAT
          " (%" G_GINT64_FORMAT " through Ed25519, %" G_GINT64_FORMAT " vouched for by the "
          "checkpoint), audit records %" G_GINT64_FORMAT ", rows compared with checkpoint no. %"
          G_GINT64_FORMAT ", problems %u, cores %u\n", stats.dossiers, stats.signatures,
          stats.signatures - stats.signatures_vouched, stats.signatures_vouched,
          stats.audit_records, stats.checkpoint_id, n_problems, g_get_num_processors ());
  printf ("  engine integrity check (2nd thread)   %6.2f s   meanwhile:\n", median (part[4], runs));
  printf ("  the data's rules, audit chain         %6.2f s\n", median (part[0], runs));
  printf ("  checkpoints against the chain         %6.2f s\n", median (part[1], runs));
  printf ("  every signature                       %6.2f s\n", median (part[2], runs));
  printf ("  every dossier row against checkpoint  %6.2f s\n", median (part[3], runs));
  {
    double t = median (total, runs);

    printf ("full check (median of %d)              %6.2f s   target %4.1f s   %s\n", runs, t,
            TARGET_SECONDS, t <= TARGET_SECONDS ? "ok" : "MISSED");
    printf ("  CPU time of the check, all threads    %6.2f s   (load average when done: %s)\n",
            median (cpu, runs), load_average ());
  }

  g_clear_object (&store);
  if (tmpdir != NULL)
    {
      for (const char *suffix[] = { "", "-wal", "-shm" }, **s = suffix; s < suffix + 3; s++)
        {
          g_autofree char *file = g_strconcat (db, *s, NULL);
          g_remove (file);
        }
      g_rmdir (tmpdir);
    }
  return 0;
}
