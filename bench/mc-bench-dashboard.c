/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the chairman's dashboard on an existing database (e.g. a demo of a million dossiers made
 * with `motcua-cli --db big.db demo --dossiers 1000000`): the whole analysis of a year, and each
 * chart drawn into an image surface the size of the dashboard's. A developer's tool: its output
 * is English and not translated.
 *
 *   mc-bench-dashboard DB [YEAR [ID_NUMBER]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mc-analysis.h"
#include "mc-attachment.h"
#include "mc-date.h"
#include "mc-report.h"

#define RUNS 5
#define DRAWS 30
#define TARGET_ANALYSIS_MS 200.0
#define TARGET_CHART_MS    16.0
#define TARGET_GAPS_MS     50.0
#define TARGET_EARLIER_MS  10.0

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

/* CPU time of this (single-threaded) process: what the work costs when other programs share the
 * machine and wall-clock times wander. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef void (*DrawFunc) (cairo_t *cr, double width, double height, const McChartData *data);

static double
time_chart (DrawFunc draw, const McChartData *data, int width, int height)
{
  double times[DRAWS];

  for (int i = 0; i < DRAWS; i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);
      double t0 = now_ms ();

      draw (cr, width, height, data);
      cairo_surface_flush (surface);
      times[i] = now_ms () - t0;
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  qsort (times, DRAWS, sizeof (double), compare_double);
  return times[DRAWS / 2];
}

static void
report (const char *what, double ms, double target)
{
  printf ("%-44s %9.1f ms   target %5.0f ms   %s\n", what, ms, target,
          ms <= target ? "ok" : "MISSED");
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McAnalysis) a = NULL;
  g_autoptr(McChartData) targets = NULL, monthly = NULL, officers = NULL;
  g_autoptr(GPtrArray) by_officer = NULL;
  double times[RUNS], cpu[RUNS], t0, c0, first, first_cpu;
  int year = argc > 2 ? atoi (argv[2]) : 0;
  McDay from, to;

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("usage: %s DB [YEAR [ID_NUMBER]]\n"
              "Times the chairman's dashboard of YEAR (default: this year) on an existing "
              "database, the first run and the median of %d, and its charts; its list of what "
              "holds digitisation down; and the earlier scans of the applicant ID_NUMBER "
              "(default: the applicant of the middle dossier) that intake offers.\n", argv[0],
              RUNS);
      return 0;
    }
  if (argc < 2 || argv[1][0] == '-')
    {
      fprintf (stderr, "usage: %s DB [YEAR [ID_NUMBER]]\n", argv[0]);
      return 2;
    }
  store = mc_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (year == 0)
    {
      int m, d;

      mc_day_to_ymd (mc_day_of_time (g_get_real_time () / G_USEC_PER_SEC), &year, &m, &d);
    }
  from = mc_day_from_ymd (year, 1, 1);
  to = mc_day_from_ymd (year, 12, 31);
  printf ("%" G_GINT64_FORMAT " dossiers; the year %d\n", mc_store_count_dossiers (store), year);

  for (int i = 0; i < RUNS; i++)
    {
      g_clear_pointer (&a, mc_analysis_free);
      t0 = now_ms ();
      c0 = cpu_ms ();
      a = mc_analysis_compute (store, from, to, mc_time_from_day (to, 12 * 60), NULL, &error);
      times[i] = now_ms () - t0;
      cpu[i] = cpu_ms () - c0;
      if (a == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
    }
  first = times[0];
  first_cpu = cpu[0];
  qsort (times, RUNS, sizeof (double), compare_double);
  qsort (cpu, RUNS, sizeof (double), compare_double);
  printf ("resolved %" G_GINT64_FORMAT ", late %" G_GINT64_FORMAT ", officers %u, procedures %u\n",
          a->kpi.resolved, a->kpi.late, a->officers->len, a->procedures->len);
  report ("dashboard of a year, first run", first, TARGET_ANALYSIS_MS);
  report ("dashboard of a year, median", times[RUNS / 2], TARGET_ANALYSIS_MS);
  report ("dashboard of a year, first run, CPU time", first_cpu, TARGET_ANALYSIS_MS);
  report ("dashboard of a year, median CPU time", cpu[RUNS / 2], TARGET_ANALYSIS_MS);

  /* What holds digitisation down (the dashboard's list), alone; and the earlier scans of a
   * returning citizen, the lookup the intake form makes when an ID number is typed. */
  {
    double gaps[RUNS], earlier[RUNS];
    guint n_officers = 0, n_procedures = 0, n_files = 0;
    gint64 n = mc_store_count_dossiers (store);
    g_autoptr(McDossier) someone = mc_store_get_dossier (store, MAX (1, n / 2), NULL);
    const char *number = argc > 3 ? argv[3]
                         : someone != NULL ? someone->applicant_id_number : "";

    for (int i = 0; i < RUNS; i++)
      {
        g_autoptr(GPtrArray) o = NULL;
        g_autoptr(GPtrArray) p = NULL;
        g_autoptr(GPtrArray) f = NULL;

        t0 = now_ms ();
        if (!mc_analysis_digitisation_gaps (store, from, to, &o, &p, &error))
          {
            fprintf (stderr, "%s\n", error->message);
            return 1;
          }
        gaps[i] = now_ms () - t0;
        t0 = now_ms ();
        f = mc_attachment_find_earlier (store, number, 0, &error);
        earlier[i] = now_ms () - t0;
        if (f == NULL)
          {
            fprintf (stderr, "%s\n", error->message);
            return 1;
          }
        n_officers = o->len;
        n_procedures = p->len;
        n_files = f->len;
      }
    qsort (gaps, RUNS, sizeof (double), compare_double);
    qsort (earlier, RUNS, sizeof (double), compare_double);
    printf ("digitisation gaps: %u officers, %u procedures; earlier scans of %s: %u files\n",
            n_officers, n_procedures, number, n_files);
    report ("digitisation gaps of a year, median", gaps[RUNS / 2], TARGET_GAPS_MS);
    report ("earlier scans of an ID number, median", earlier[RUNS / 2], TARGET_EARLIER_MS);
  }

  by_officer = mc_kpi_compute_by (store, from, to, MC_KPI_BY_OFFICER, &error);
  targets = mc_report_targets_chart (store, &a->kpi, year);
  monthly = mc_report_monthly_chart (store, a->by_month);
  officers = mc_report_officers_chart (store, by_officer, year);
  for (int s = 0; s < 2; s++)
    {
      int w = s == 0 ? 480 : 1200, h = s == 0 ? 260 : 420;
      char what[64];

      g_snprintf (what, sizeof what, "bars chart %dx%d, median", w, h);
      report (what, time_chart (mc_chart_draw_bars, targets, w, h), TARGET_CHART_MS);
      g_snprintf (what, sizeof what, "line chart %dx%d, median", w, h);
      report (what, time_chart (mc_chart_draw_line, monthly, w, h), TARGET_CHART_MS);
      g_snprintf (what, sizeof what, "officers chart %dx%d, median", w, h);
      report (what, time_chart (mc_chart_draw_hbars, officers, w, h), TARGET_CHART_MS);
    }
  return 0;
}
