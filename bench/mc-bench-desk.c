/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the desk's queues through the GUI's own model (McDossierList) on a database given on
 * the command line (a demo of 1,000,000 dossiers: motcua-cli --db big.db demo --dossiers 1000000):
 * opening a queue, re-sorting, filtering, searching, reading the rows of a screen, and the
 * resident memory after all that. A developer's tool: its output is English. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-demo.h"
#include "mc-dossier-list.h"

#define RUNS 5
#define TARGET_MS 100.0

static gint64
rss_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : 0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median of RUNS runs of the query, plus reading the first screen of rows (40), as the view does. */
static double
time_query (McDossierList *list,
            const McQuery *q,
            guint         *n_rows)
{
  double ms[RUNS];

  for (int r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;
      guint n;

      if (!mc_dossier_list_set_query (list, q, &error))
        {
          g_printerr ("%s\n", error->message);
          exit (1);
        }
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint i = 0; i < MIN (n, 40); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      *n_rows = n;
    }
  qsort (ms, RUNS, sizeof (double), compare_doubles);
  return ms[RUNS / 2];
}

static gboolean
report (const char    *what,
        McDossierList *list,
        const McQuery *q)
{
  guint n = 0;
  double ms = time_query (list, q, &n);

  printf ("%-44s %9u rows %8.1f ms  %s\n", what, n, ms, ms <= TARGET_MS ? "ok" : "SLOW");
  return ms <= TARGET_MS;
}

/* The window itself on DB: the program `motcua` beside this one in the build (or MOTCUA_GUI),
 * run to its picture (--screenshot waits until the window is ready, then quits): at its
 * sign-in page, its first painted frame (MOTCUA_TIMING); signed in as a specialist, the time
 * until the queue is on screen; and the peak memory of each. Needs a display (xvfb-run). */
#define TARGET_FIRST_FRAME_MS 500.0
#define TARGET_WINDOW_PEAK_MB 150.0

/* One run; its wall time to the picture, first frame and peak memory. FALSE: it failed. */
static gboolean
run_window (const char *program, const char *db, gboolean sign_in, double *ready_ms,
            double *first_ms, double *cpu_ms, double *peak_mb)
{
  g_autofree char *tmp = g_dir_make_tmp ("mc-bench-window-XXXXXX", NULL);
  g_autofree char *png = tmp != NULL ? g_build_filename (tmp, "window.png", NULL) : NULL;
  g_autofree char *err_path = tmp != NULL ? g_build_filename (tmp, "stderr", NULL) : NULL;
  g_autofree char *err = NULL;
  struct rusage usage = { 0 };
  const char *line;
  double start;
  int status = 0;
  pid_t pid;

  if (tmp == NULL)
    return FALSE;
  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid == 0)
    {
      FILE *f = freopen (err_path, "w", stderr);

      (void) f;
      g_setenv ("MOTCUA_TIMING", "1", TRUE);
      g_setenv ("MOTCUA_NO_QUIT_BACKUP", "1", TRUE);
      if (sign_in)
        execl (program, program, "--db", db, "--user", "tuphap", "--password", "motcua2024",
               "--screenshot", png, (char *) NULL);
      else
        execl (program, program, "--db", db, "--screenshot", png, (char *) NULL);
      _exit (127);
    }
  if (pid < 0 || wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  *ready_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_file_get_contents (err_path, &err, NULL, NULL);
  line = err != NULL ? strstr (err, "first frame after ") : NULL;
  *first_ms = line != NULL ? g_ascii_strtod (line + strlen ("first frame after "), NULL) : -1;
  line = err != NULL ? strstr (err, " ms (") : NULL;
  *cpu_ms = line != NULL ? g_ascii_strtod (line + strlen (" ms ("), NULL) : -1;
  *peak_mb = usage.ru_maxrss / 1024.0;
  g_unlink (png);
  g_unlink (err_path);
  g_rmdir (tmp);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || *first_ms < 0)
    {
      printf ("the window: %s failed (status %d): %s\n", program, status, err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
time_window (const char *self_path, const char *db)
{
  g_autofree char *dir = g_path_get_dirname (self_path);
  g_autofree char *program = g_getenv ("MOTCUA_GUI") != NULL
                               ? g_strdup (g_getenv ("MOTCUA_GUI"))
                               : g_build_filename (dir, "..", "src", "gui", "motcua", NULL);
  double ready_ms, first_ms, cpu_ms, peak_mb, queue_ms, unused, queue_peak_mb;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("the window: no display (run under xvfb-run -a to time it)\n");
      return TRUE;
    }
  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      printf ("the window: no program %s (set MOTCUA_GUI)\n", program);
      return TRUE;
    }
  if (!run_window (program, db, FALSE, &ready_ms, &first_ms, &cpu_ms, &peak_mb) ||
      !run_window (program, db, TRUE, &queue_ms, &unused, &unused, &queue_peak_mb))
    return FALSE;
  printf ("%-44s %9s      %8.0f ms  %s (%.0f ms of processor time)\n",
          "the window's first frame (sign-in page)", "", first_ms,
          first_ms <= TARGET_FIRST_FRAME_MS ? "ok" : "SLOW", cpu_ms);
  printf ("%-44s %9s      %8.0f ms\n", "signed in (tuphap), the queue on screen", "",
          queue_ms);
  peak_mb = MAX (peak_mb, queue_peak_mb);
  printf ("%-44s %9s      %8.0f MB  %s\n", "the window's peak memory", "", peak_mb,
          peak_mb <= TARGET_WINDOW_PEAK_MB ? "ok" : "HIGH");
  return first_ms <= TARGET_FIRST_FRAME_MS && peak_mb <= TARGET_WINDOW_PEAK_MB;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossierList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  gint64 specialist = 0;
  gint64 start;
  gboolean ok = TRUE;
  double scroll_ms = 0;
  guint n;

  if (argc == 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("Usage: %s DATABASE\n"
              "Times the desk's queues, searches and scrolling on an existing database (e.g. "
              "motcua-cli --db big.db demo --dossiers 1000000), through the GUI's list model; "
              "then, with a display (xvfb-run -a), the window on it: its first frame, its "
              "queue on screen and its peak memory (the program motcua of the same build, or "
              "MOTCUA_GUI).\n",
              argv[0]);
      return 0;
    }
  if (argc != 2 || argv[1][0] == '-')
    {
      g_printerr ("Usage: %s DATABASE\n", argv[0]);
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS) && strstr (argv[1], "=") == NULL)
    {
      g_printerr ("There is no database '%s': make one with motcua-cli --db %s demo.\n",
                  argv[1], argv[1]);
      return 2;
    }

  start = g_get_monotonic_time ();
  store = mc_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("%-44s %9s      %8.1f ms\n", "open the database", "",
          (g_get_monotonic_time () - start) / 1000.0);
  printf ("dossiers: %" G_GINT64_FORMAT "\n", mc_store_count_dossiers (store));

  officers = mc_store_list_officers (store, NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    if (((McOfficer *) g_ptr_array_index (officers, i))->role == MC_ROLE_SPECIALIST)
      {
        specialist = ((McOfficer *) g_ptr_array_index (officers, i))->id;
        break;
      }

  /* Signing in hashes the password (Argon2id): it comes before the first queue a user sees. */
  start = g_get_monotonic_time ();
  {
    g_autoptr(McOfficer) officer = mc_account_authenticate (store, "tiepnhan1", MC_DEMO_PASSWORD,
                                                            NULL);

    printf ("%-44s %9s      %8.1f ms  %s\n", "sign in (a demo account, Argon2id)", "",
            (g_get_monotonic_time () - start) / 1000.0, officer != NULL ? "" : "(no such account)");
  }

  list = mc_dossier_list_new (store);
  ok &= report ("my queue (specialist, open, by appointment)", list,
                &(McQuery) { .handler_id = specialist, .statuses = MC_STATUSES_OPEN });
  ok &= report ("all open dossiers, by appointment", list,
                &(McQuery) { .statuses = MC_STATUSES_OPEN });
  ok &= report ("all open, re-sorted by applicant", list,
                &(McQuery) { .statuses = MC_STATUSES_OPEN, .sort = MC_SORT_APPLICANT });
  ok &= report ("all open, overdue", list,
                &(McQuery) { .statuses = MC_STATUSES_OPEN, .due = MC_DUE_OVERDUE });
  ok &= report ("all dossiers, by appointment", list, &(McQuery) { 0 });
  ok &= report ("all dossiers, re-sorted by code, descending", list,
                &(McQuery) { .sort = MC_SORT_CODE, .descending = TRUE });
  ok &= report ("all dossiers, filtered: returned, online", list,
                &(McQuery) { .statuses = 1u << MC_STATUS_RETURNED, .channel = MC_CHANNEL_ONLINE });
  ok &= report ("search a name (\"nguyen van an\")", list,
                &(McQuery) { .search = "Nguyễn Văn An" });
  ok &= report ("search a word inside a name (\"van an\")", list,
                &(McQuery) { .search = "văn an" });
  ok &= report ("search a phone number", list, &(McQuery) { .search = "0912345678" });
  ok &= report ("search the end of a code (\"0042\")", list, &(McQuery) { .search = "0042" });

  /* Scrolling: every page of the biggest list read once, as a fast scroll through it would. */
  mc_dossier_list_set_query (list, &(McQuery) { 0 }, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i += n / 200 + 1)
    for (guint j = i; j < MIN (n, i + 40); j++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), j));
  scroll_ms = (g_get_monotonic_time () - start) / 1000.0 / 200;
  printf ("%-44s %9s      %8.2f ms  %s\n", "a screen of rows at a new place (40 rows)", "",
          scroll_ms, scroll_ms <= 16 ? "ok" : "SLOW");
  ok &= scroll_ms <= 16;

  printf ("resident memory now %" G_GINT64_FORMAT " MB, peak %" G_GINT64_FORMAT " MB\n",
          rss_kb ("VmRSS:") / 1024, rss_kb ("VmHWM:") / 1024);
  g_clear_object (&list);
  g_clear_object (&store);
  ok &= time_window (argv[0], argv[1]);
  return ok ? 0 : 1;
}
