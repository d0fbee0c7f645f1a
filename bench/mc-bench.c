/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints the figures the design sets targets for, on a generated commune of N dossiers: demo
 * generation, CSV export, CSV import (speed and memory, in a child process so its peak memory is
 * its own), a year's KPIs and one officer's queue. A developer's tool: its output is English and
 * not translated. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "mc-analysis.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-import.h"
#include "mc-kpi.h"

#define RUNS 5

/* Targets (docs/design.md, docs/headless.md). */
#define TARGET_DEMO_SECONDS_PER_MILLION 60.0
#define TARGET_IMPORT_ROWS_PER_SECOND   100000.0
#define TARGET_IMPORT_GROWTH_MB         64.0     /* "flat": independent of the file's size */
#define TARGET_KPI_MS                   100.0
#define TARGET_QUEUE_MS                 50.0
#define TARGET_FIRST_DASHBOARD_MS       2000.0   /* after a demo or an import, every run */
#define TARGET_IMPORT_RATIO             1.0      /* of sqlite3 .import of the same file */
#define TARGET_KPI_PROCESS_MS           50.0     /* motcua-cli kpi, the whole process */

static double
now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* Processor time of this process so far (user and system), in seconds: on a busy machine it
 * says more than the wall clock. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Peak resident memory of this process so far, in kB (0 when unknown). */
static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values, int n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

typedef enum { VERDICT_NONE, VERDICT_MISSED, VERDICT_MET } Verdict;

static Verdict
verdict (gboolean met)
{
  return met ? VERDICT_MET : VERDICT_MISSED;
}

static void
report (const char *what, const char *figure, const char *target, Verdict v)
{
  static const char *const words[] = { "", "MISSED", "OK" };

  g_print ("%-26s %-44s %-24s %s\n", what, figure, target ? target : "", words[v]);
}

static int
fail (const char *what, const GError *error)
{
  g_printerr ("mc-bench: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

/* A year's dashboard (mc_analysis_compute) RUNS times: the first run, and the median. */
static gboolean
time_dashboard (McStore *store, int year, double *first, double *median_ms, GError **error)
{
  McDay from = mc_day_from_ymd (year, 1, 1), to = mc_day_from_ymd (year, 12, 31);
  double times[RUNS];

  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(McAnalysis) a = NULL;
      double start = now_seconds ();

      a = mc_analysis_compute (store, from, to, mc_time_from_day (to, 12 * 60), NULL, error);
      if (a == NULL)
        return FALSE;
      times[i] = (now_seconds () - start) * 1000;
    }
  *first = times[0];
  *median_ms = median (times, RUNS);
  return TRUE;
}

static void
report_dashboard (const char *after, double first, double median_ms)
{
  char what[64], figure[128], target[64];

  g_snprintf (what, sizeof what, "first dashboard (%s)", after);
  g_snprintf (figure, sizeof figure, "%.0f ms (then median of %d: %.0f ms)", first, RUNS,
              median_ms);
  g_snprintf (target, sizeof target, "<= %.0f ms", TARGET_FIRST_DASHBOARD_MS);
  report (what, figure, target, verdict (first <= TARGET_FIRST_DASHBOARD_MS));
}

/* The child: a fresh database, one import, and what it cost. Prints
 * "rows seconds cpu-seconds peak-before-kB peak-after-kB". */
static int
import_child (const char *csv, const char *db, int year)
{
  double first = 0, median_ms = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (db, &error);
  gint64 imported = 0, updated = 0, before;
  double start, cpu;

  if (store == NULL || !mc_catalogue_init_defaults (store, &error))
    return fail ("creating the import database", error);
  before = peak_rss_kb ();
  start = now_seconds ();
  cpu = cpu_seconds ();
  if (!mc_import_csv (store, 0, csv, &imported, &updated, NULL, NULL, NULL, &error))
    return fail ("importing", error);
  {
    double seconds = now_seconds () - start, cpu_used = cpu_seconds () - cpu;
    gint64 peak = peak_rss_kb ();

    /* The first dashboard of the year on what was just imported. */
    if (!time_dashboard (store, year, &first, &median_ms, &error))
      return fail ("the dashboard after the import", error);
    g_print ("%" G_GINT64_FORMAT " %.3f %.3f %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
             " %.1f %.1f\n", imported + updated, seconds, cpu_used, before, peak, first,
             median_ms);
  }
  return 0;
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* sqlite3 .import of the same file into a table of text columns: the raw engine's speed, the
 * import's anchor. Returns its wall-clock seconds, or -1 without a sqlite3 program. */
static double
time_raw_import (const char *csv, const char *db)
{
  g_autofree char *import = g_strdup_printf (".import --csv '%s' dossier", csv);
  const char *argv[] = { "sqlite3", db, import, NULL };
  int wait_status = 0;
  double start;

  remove_database (db);
  start = now_seconds ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, NULL) ||
      !g_spawn_check_wait_status (wait_status, NULL))
    return -1;
  return now_seconds () - start;
}

static gboolean
run_import (const char *self, const char *csv, const char *db, int year, GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *raw_db = g_strconcat (db, ".raw", NULL);
  const char *argv[] = { self, "--import-child", csv, db, year_text, NULL };
  gint64 rows = 0, before = 0, after = 0;
  double seconds = 0, cpu = 0, first = 0, median_ms = 0, raw;
  int wait_status = 0;
  char figure[128], target[64];

  remove_database (db);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     &out, NULL, &wait_status, error) ||
      !g_spawn_check_wait_status (wait_status, error))
    return FALSE;
  if (sscanf (out, "%" G_GINT64_FORMAT " %lf %lf %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
              " %lf %lf", &rows, &seconds, &cpu, &before, &after, &first, &median_ms) != 7)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected output “%s”", out);
      return FALSE;
    }

  g_snprintf (figure, sizeof figure, "%.1f s (cpu %.1f s), %.0f rows/s", seconds, cpu,
              rows / MAX (seconds, 1e-6));
  g_snprintf (target, sizeof target, ">= %.0f rows/s", TARGET_IMPORT_ROWS_PER_SECOND);
  report ("import CSV (fresh db)", figure, target,
          verdict (rows / MAX (seconds, 1e-6) >= TARGET_IMPORT_ROWS_PER_SECOND));
  g_snprintf (figure, sizeof figure, "peak %.0f MB (+%.0f MB in import)", after / 1024.0,
              (after - before) / 1024.0);
  g_snprintf (target, sizeof target, "flat: +<= %.0f MB", TARGET_IMPORT_GROWTH_MB);
  report ("import memory", figure, target,
          verdict ((after - before) / 1024.0 <= TARGET_IMPORT_GROWTH_MB));
  /* The anchor, in the same run, right after. */
  raw = time_raw_import (csv, raw_db);
  remove_database (raw_db);
  if (raw > 0)
    {
      g_snprintf (figure, sizeof figure, "%.2f x (sqlite3 .import: %.1f s)", seconds / raw, raw);
      g_snprintf (target, sizeof target, "<= %.1f x", TARGET_IMPORT_RATIO);
      report ("import / sqlite3 .import", figure, target,
              verdict (seconds / raw <= TARGET_IMPORT_RATIO));
    }
  else
    report ("import / sqlite3 .import", "(no sqlite3 program)", NULL, VERDICT_NONE);
  report_dashboard ("import", first, median_ms);
  return TRUE;
}

static gint64
officer_id (McStore *store, const char *username)
{
  g_autoptr(GPtrArray) officers = mc_store_list_officers (store, NULL);

  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const McOfficer *o = g_ptr_array_index (officers, i);

      if (g_strcmp0 (o->username, username) == 0)
        return o->id;
    }
  return 0;
}

static void
progress_cb (gint64 done, gint64 total, gpointer user_data)
{
  g_printerr ("\r  generating: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, done, total);
  if (done == total)
    g_printerr ("\r%60s\r", "");
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *import_db = NULL;
  g_autofree char *self = NULL;
  g_auto(GStrv) child = NULL;
  McDemoOptions options;
  gint64 dossiers = 1000000, exported = 0;
  int year = 0, seed = 1;
  gboolean keep = FALSE;
  double start, cpu, seconds, times[RUNS];
  char figure[128], target[64];
  GOptionEntry entries[] = {
    { "dossiers", 0, 0, G_OPTION_ARG_INT64, &dossiers, "Dossiers to generate (1000000)", "N" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, "Demo year (last year)", "Y" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "S" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the files (a new temporary one)",
      "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the files", NULL },
    { "import-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME_ARRAY, &child, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Time demo generation, CSV export and import, a year's "
                                "KPIs and an officer's queue, against their targets.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mc-bench: %s\n", error->message);
      return 2;
    }
  if (child != NULL)
    return argc == 3 ? import_child (child[0], argv[1], atoi (argv[2])) : 2;

  mc_demo_options_init (&options);
  options.dossiers = dossiers;
  options.year = year != 0 ? year : options.year - 1;   /* a whole year of data */
  options.seed = (guint32) seed;

  if (dir == NULL && (dir = g_dir_make_tmp ("motcua-bench-XXXXXX", &error)) == NULL)
    return fail ("making a temporary folder", error);
  db = g_build_filename (dir, "demo.db", NULL);
  csv = g_build_filename (dir, "dossiers.csv", NULL);
  import_db = g_build_filename (dir, "import.db", NULL);
  remove_database (db);

  g_print ("motcua benchmark: %" G_GINT64_FORMAT " dossiers, year %d, seed %u, in %s\n",
           options.dossiers, options.year, options.seed, dir);
  {
    double load[1] = { 0 };

    if (getloadavg (load, 1) == 1)
      g_print ("load average %.1f on %u processors\n\n", load[0], g_get_num_processors ());
  }

  /* Generation */
  store = mc_store_create (db, &error);
  if (store == NULL || !mc_catalogue_init_defaults (store, &error))
    return fail ("creating the database", error);
  start = now_seconds ();
  cpu = cpu_seconds ();
  if (!mc_demo_fill (store, &options, progress_cb, NULL, &error))
    return fail ("generating the demo", error);
  seconds = now_seconds () - start;
  g_snprintf (figure, sizeof figure, "%.1f s (cpu %.1f s), %.0f dossiers/s", seconds,
              cpu_seconds () - cpu, options.dossiers / MAX (seconds, 1e-6));
  /* The accounts' password hashing costs a fixed second or two: judge a million or more only. */
  g_snprintf (target, sizeof target, "<= %.0f s at 1,000,000", TARGET_DEMO_SECONDS_PER_MILLION);
  report ("demo generation", figure, target,
          options.dossiers < 1000000 ? VERDICT_NONE
          : verdict (seconds <= TARGET_DEMO_SECONDS_PER_MILLION * options.dossiers / 1e6));
  g_snprintf (figure, sizeof figure, "peak %.0f MB", peak_rss_kb () / 1024.0);
  report ("demo memory", figure, NULL, VERDICT_NONE);
  {
    double first = 0, median_ms = 0;

    if (!time_dashboard (store, options.year, &first, &median_ms, &error))
      return fail ("the dashboard after the demo", error);
    report_dashboard ("demo", first, median_ms);
  }

  /* Export, then a full import of it into a fresh database */
  start = now_seconds ();
  cpu = cpu_seconds ();
  if (!mc_export_file (store, -1, -1, csv, &exported, NULL, &error))
    return fail ("exporting", error);
  seconds = now_seconds () - start;
  g_snprintf (figure, sizeof figure, "%.1f s (cpu %.1f s), %.0f rows/s", seconds,
              cpu_seconds () - cpu, exported / MAX (seconds, 1e-6));
  report ("export CSV", figure, NULL, VERDICT_NONE);
  /* The child is this program; a rebuild while it runs leaves /proc/self/exe "(deleted)". */
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL || !g_file_test (self, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (self);
      self = g_strdup (argv[0]);
    }
  if (!run_import (self, csv, import_db, options.year, &error))
    return fail ("importing", error);

  /* A year's KPIs */
  {
    McDay from = mc_day_from_ymd (options.year, 1, 1);
    McDay to = mc_day_from_ymd (options.year, 12, 31);
    McKpi kpi = { 0 };

    for (int i = 0; i < RUNS; i++)
      {
        mc_kpi_clear (&kpi);
        start = now_seconds ();
        if (!mc_kpi_compute (store, from, to, &kpi, &error))
          return fail ("computing the KPIs", error);
        times[i] = (now_seconds () - start) * 1000;
      }
    /* The first run after a load also brings the KPI module's stored sums up to date. */
    g_snprintf (figure, sizeof figure, "%.1f ms", times[0]);
    report ("KPIs of one year, first", figure, NULL, VERDICT_NONE);
    g_snprintf (figure, sizeof figure, "%.1f ms (median of %d; %" G_GINT64_FORMAT
                " received)", median (times, RUNS), RUNS, kpi.received);
    g_snprintf (target, sizeof target, "<= %.0f ms", TARGET_KPI_MS);
    report ("KPIs of one year", figure, target, verdict (median (times, RUNS) <= TARGET_KPI_MS));
    mc_kpi_clear (&kpi);
  }

  /* A year's KPIs as a script gets them: the whole motcua-cli process, from the build folder. */
  {
    g_autofree char *bench_dir = g_path_get_dirname (self);
    g_autofree char *cli = g_build_filename (bench_dir, "..", "src", "cli", "motcua-cli", NULL);
    g_autofree char *from = g_strdup_printf ("%d-01-01", options.year);
    g_autofree char *to = g_strdup_printf ("%d-12-31", options.year);
    const char *argv_kpi[] = { cli, "--db", db, "kpi", "--from", from, "--to", to, "--json",
                               NULL };
    double process_times[9];
    gboolean ran = g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE);

    for (int i = 0; ran && i < (int) G_N_ELEMENTS (process_times); i++)
      {
        int wait_status = 0;

        start = now_seconds ();
        ran = g_spawn_sync (NULL, (char **) argv_kpi, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                            NULL, NULL, NULL, &wait_status, NULL) &&
              g_spawn_check_wait_status (wait_status, NULL);
        process_times[i] = (now_seconds () - start) * 1000;
      }
    if (ran)
      {
        double m = median (process_times, G_N_ELEMENTS (process_times));

        g_snprintf (figure, sizeof figure, "%.1f ms (median of %d)", m,
                    (int) G_N_ELEMENTS (process_times));
        g_snprintf (target, sizeof target, "<= %.0f ms", TARGET_KPI_PROCESS_MS);
        report ("motcua-cli kpi (process)", figure, target, verdict (m <= TARGET_KPI_PROCESS_MS));
      }
    else
      report ("motcua-cli kpi (process)", "(no motcua-cli beside the bench)", NULL,
              VERDICT_NONE);
  }

  /* One officer's queue: open dossiers by appointment */
  {
    McQuery q = {
      .handler_id = officer_id (store, "tuphap"),
      .statuses = MC_STATUSES_OPEN,
      .sort = MC_SORT_DUE,
    };
    guint rows = 0;

    for (int i = 0; i < RUNS; i++)
      {
        g_autoptr(GArray) ids = NULL;

        start = now_seconds ();
        ids = mc_store_query_ids (store, &q, &error);
        if (ids == NULL)
          return fail ("reading the queue", error);
        times[i] = (now_seconds () - start) * 1000;
        rows = ids->len;
      }
    g_snprintf (figure, sizeof figure, "%.2f ms (median of %d; %u rows)",
                median (times, RUNS), RUNS, rows);
    g_snprintf (target, sizeof target, "<= %.0f ms", TARGET_QUEUE_MS);
    report ("queue ids (tuphap, open)", figure, target,
            verdict (median (times, RUNS) <= TARGET_QUEUE_MS));
  }

  g_clear_object (&store);
  if (!keep)
    {
      remove_database (db);
      remove_database (import_db);
      g_unlink (csv);
      g_rmdir (dir);
    }
  return 0;
}
