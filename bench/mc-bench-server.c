/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An office on one PostgreSQL server at scale (issue "An office of workstations on one
 * PostgreSQL server", "Scale and load"): a commune of N dossiers (1,000,000) made on a file by
 * the demo and moved onto the server (migrate), then, over the local socket and over TCP to
 * 127.0.0.1, as the officers' own logins: one officer's queue, a year's KPIs, a page of the
 * list, the first dashboard of a year; the import of the commune's CSV into a fresh server
 * database; and a load test of C concurrent clients (processes, each its own login and
 * connection) acting as desk officers, specialists and leaders for S seconds, with the actions
 * per second, the latencies, the errors other than the intended refusals, the changes that
 * were acknowledged and not found, and the audit chain at the end. A developer's tool: English,
 * not translated. Meant for a throwaway cluster (tools/pg-test-cluster start --tcp): it creates
 * databases there and opens it to the network as `server setup` does. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "mc-account.h"
#include "mc-analysis.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-import.h"
#include "mc-kpi.h"
#include "mc-server.h"
#include "mc-store-internal.h"
/* What the tests count with: the bench counts the rows the load test wrote. */
#include "mc-store-testing.h"
#include "mc-workflow.h"

#define RUNS     5
#define PASSWORD MC_DEMO_PASSWORD
#define BIRTH    "1.001193"       /* a same-day procedure */

/* Targets of the issue. */
#define TARGET_QUEUE_MS      50.0
#define TARGET_KPI_MS        200.0
#define TARGET_PAGE_MS       20.0
#define TARGET_DASHBOARD_MS  2000.0
#define TARGET_IMPORT_ROWS_S 200000.0

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values, double p)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

G_GNUC_NORETURN static void
die (const char *what, const GError *error)
{
  g_printerr ("mc-bench-server: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
report (const char *what, const char *figure, double value, double target, gboolean above)
{
  const char *verdict = isnan (target) ? "" : (above ? value >= target : value <= target)
                                              ? "OK" : "MISSED";
  char t[48] = "";

  if (!isnan (target))
    g_snprintf (t, sizeof t, "%s %.0f", above ? ">=" : "<=", target);
  printf ("%-40s %-40s %-14s %s\n", what, figure, t, verdict);
  fflush (stdout);
}

/* TARGET with its dbname replaced by DATABASE (a conninfo "key=value …"). */
static char *
with_database (const char *conninfo, const char *database)
{
  g_auto(GStrv) words = g_strsplit (conninfo, " ", -1);
  GString *out = g_string_new (NULL);

  for (int i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && !g_str_has_prefix (words[i], "dbname="))
      g_string_append_printf (out, "%s ", words[i]);
  g_string_append_printf (out, "dbname=%s", database);
  return g_string_free (out, FALSE);
}

/* TARGET without its user and password: a workstation's connection, the login given apart. */
static char *
without_user (const char *conninfo)
{
  g_auto(GStrv) words = g_strsplit (conninfo, " ", -1);
  GString *out = g_string_new (NULL);

  for (int i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && !g_str_has_prefix (words[i], "user=") &&
        !g_str_has_prefix (words[i], "password="))
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

static gint64
officer (McStore *store, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = mc_account_find (store, username, &error);

  if (o == NULL)
    die (username, error);
  return o->id;
}

/* ---- The commune on the server ---- */

static void
build_server (const char *source, const char *superuser, gint64 dossiers, int year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) file = NULL;
  g_autoptr(McStore) server = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  g_autofree char *line = NULL, *note = NULL;
  gint64 rows = 0, need_password = 0;
  double t0;
  char figure[96];

  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      McDemoOptions options;

      file = mc_store_create (source, &error);
      if (file == NULL || !mc_catalogue_init_defaults (file, &error))
        die ("creating the file", error);
      mc_demo_options_init (&options);
      options.dossiers = dossiers;
      options.year = year;
      t0 = now_ms ();
      if (!mc_demo_fill (file, &options, NULL, NULL, &error))
        die ("making the demo", error);
      g_snprintf (figure, sizeof figure, "%.1f s", (now_ms () - t0) / 1000);
      report ("demo on a file", figure, 0, NAN, FALSE);
    }
  else if ((file = mc_store_open (source, &error)) == NULL)
    die ("opening the file", error);

  t0 = now_ms ();
  if (!mc_server_setup (superuser, "quantri", PASSWORD, &line, &note, &error))
    die ("server setup", error);
  g_snprintf (figure, sizeof figure, "%.1f s", (now_ms () - t0) / 1000);
  report ("server setup", figure, 0, NAN, FALSE);
  t0 = now_ms ();
  if (!mc_server_migrate (file, superuser, &rows, &need_password, &error))
    die ("migrate", error);
  g_snprintf (figure, sizeof figure, "%.1f s, %" G_GINT64_FORMAT " rows, %.0f rows/s",
              (now_ms () - t0) / 1000, rows, rows / ((now_ms () - t0) / 1000));
  report ("migrate file -> server", figure, 0, NAN, FALSE);

  /* Every officer a login with the demo's password, as the administrator would set them. */
  server = mc_store_open (superuser, &error);
  if (server == NULL || (officers = mc_store_list_officers (server, &error)) == NULL)
    die ("opening the server", error);
  for (guint i = 0; i < officers->len; i++)
    {
      const McOfficer *o = g_ptr_array_index (officers, i);

      if (o->username != NULL &&
          !mc_store_login_set_password (server, o->username, PASSWORD, &error))
        die (o->username, error);
    }
  if (!mc_store_testing_exec (server, "VACUUM ANALYZE", &error))
    die ("VACUUM ANALYZE", error);
}

/* ---- Reads, as the officers whose screens they are ---- */

static void
time_reads (const char *target, const char *how, int year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) spec = mc_store_open_as (target, "tuphap", PASSWORD, &error);
  g_autoptr(McStore) desk = NULL;
  g_autoptr(McStore) chair = NULL;
  McDay from = mc_day_from_ymd (year, 1, 1), to = mc_day_from_ymd (year, 12, 31);
  double times[RUNS], first;
  char what[64], figure[96];
  guint n = 0;

  if (spec == NULL)
    die ("signing in as tuphap", error);
  desk = mc_store_open_as (target, "tiepnhan1", PASSWORD, &error);
  if (desk == NULL)
    die ("signing in as tiepnhan1", error);
  chair = mc_store_open_as (target, "chutich", PASSWORD, &error);
  if (chair == NULL)
    die ("signing in as chutich", error);

  /* The first dashboard of the year, before anything else read it. */
  {
    double t0 = now_ms ();
    McAnalysis *a = mc_analysis_compute (chair, from, to, mc_time_from_day (to, 12 * 60), NULL,
                                         &error);

    if (a == NULL)
      die ("dashboard", error);
    first = now_ms () - t0;
    mc_analysis_free (a);
    for (int i = 0; i < RUNS; i++)
      {
        t0 = now_ms ();
        a = mc_analysis_compute (chair, from, to, mc_time_from_day (to, 12 * 60), NULL, &error);
        if (a == NULL)
          die ("dashboard", error);
        times[i] = now_ms () - t0;
        mc_analysis_free (a);
      }
    qsort (times, RUNS, sizeof (double), compare_doubles);
    g_snprintf (what, sizeof what, "dashboard of a year, first (%s)", how);
    g_snprintf (figure, sizeof figure, "%.0f ms (then median %.0f ms)", first, times[RUNS / 2]);
    report (what, figure, first, TARGET_DASHBOARD_MS, FALSE);
  }

  /* One officer's queue: his open dossiers by appointment. */
  {
    McQuery q = { .handler_id = officer (spec, "tuphap"), .statuses = MC_STATUSES_OPEN,
                  .sort = MC_SORT_DUE };

    for (int i = 0; i < RUNS; i++)
      {
        double t0 = now_ms ();
        g_autoptr(GArray) ids = mc_store_query_ids (spec, &q, &error);
        g_autoptr(GPtrArray) rows = NULL;

        if (ids == NULL ||
            (rows = mc_store_get_dossier_rows (spec, (gint64 *) ids->data, MIN (ids->len, 50),
                                               &error)) == NULL)
          die ("queue", error);
        times[i] = now_ms () - t0;
        n = ids->len;
      }
    qsort (times, RUNS, sizeof (double), compare_doubles);
    g_snprintf (what, sizeof what, "one officer's queue (%s)", how);
    g_snprintf (figure, sizeof figure, "%.1f ms (median of %d; %u dossiers)", times[RUNS / 2],
                RUNS, n);
    report (what, figure, times[RUNS / 2], TARGET_QUEUE_MS, FALSE);
  }

  /* A year's KPIs. */
  for (int i = 0; i < RUNS; i++)
    {
      McKpi kpi = { 0 };
      double t0 = now_ms ();

      if (!mc_kpi_compute (chair, from, to, &kpi, &error))
        die ("KPIs", error);
      times[i] = now_ms () - t0;
      mc_kpi_clear (&kpi);
    }
  first = times[0];
  qsort (times, RUNS, sizeof (double), compare_doubles);
  g_snprintf (what, sizeof what, "a year's KPIs (%s)", how);
  g_snprintf (figure, sizeof figure, "%.1f ms (median of %d; first %.1f)", times[RUNS / 2], RUNS,
              first);
  report (what, figure, times[RUNS / 2], TARGET_KPI_MS, FALSE);

  /* A page of the whole list, newest first, deep inside it, as the window reads it
   * (mc-dossier-list.c): a block of 8,192 ids (a LIMIT over an index), then 64 rows. */
  for (int i = 0; i < RUNS; i++)
    {
      McQuery q = { .sort = MC_SORT_RECEIVED, .descending = TRUE, .limit = 8192,
                    .offset = 8192 * (10 * i + 3) };
      double t0 = now_ms ();
      g_autoptr(GArray) ids = mc_store_query_ids (desk, &q, &error);
      g_autoptr(GPtrArray) rows = NULL;

      if (ids == NULL ||
          (rows = mc_store_get_dossier_rows (desk, &g_array_index (ids, gint64, 4096),
                                             MIN (64, ids->len > 4096 ? ids->len - 4096 : 0),
                                             &error)) == NULL)
        die ("page", error);
      times[i] = now_ms () - t0;
      n = rows->len;
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  g_snprintf (what, sizeof what, "a page of the list (%s)", how);
  g_snprintf (figure, sizeof figure, "%.1f ms (median of %d; 8192 ids, %u rows)",
              times[RUNS / 2], RUNS, n);
  report (what, figure, times[RUNS / 2], TARGET_PAGE_MS, FALSE);
}

/* ---- Import of the commune's CSV into a fresh server database ---- */

static void
time_import (McStore *file, const char *superuser, const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *line = NULL, *note = NULL;
  gint64 exported = 0, imported = 0, updated = 0;
  double t0;
  char figure[96];

  if (!g_file_test (csv, G_FILE_TEST_EXISTS) &&
      !mc_export_file (file, -1, -1, csv, &exported, NULL, &error))
    die ("export", error);
  if (!mc_server_setup (superuser, "quantri", PASSWORD, &line, &note, &error))
    die ("server setup for the import", error);
  /* As the administrator's own login, as at a workstation. */
  {
    g_autofree char *plain = without_user (superuser);

    store = mc_store_open_as (plain, "quantri", PASSWORD, &error);
  }
  if (store == NULL)
    die ("signing in to the import database", error);
  t0 = now_ms ();
  if (!mc_import_csv (store, officer (store, "quantri"), csv, &imported, &updated, NULL, NULL,
                      NULL, &error))
    die ("import", error);
  t0 = (now_ms () - t0) / 1000;
  g_snprintf (figure, sizeof figure, "%.1f s, %" G_GINT64_FORMAT " rows, %.0f rows/s", t0,
              imported + updated, (imported + updated) / t0);
  report ("import CSV into a new server db", figure, (imported + updated) / t0,
          TARGET_IMPORT_ROWS_S, TRUE);
}

/* ---- The load test ---- */

typedef enum { ROLE_DESK, ROLE_SPECIALIST, ROLE_LEADER } Role;

static const struct {
  const char *login;
  Role        role;
} client_logins[] = {
  { "tiepnhan1", ROLE_DESK }, { "tuphap", ROLE_SPECIALIST }, { "phochutich1", ROLE_LEADER },
  { "tiepnhan2", ROLE_DESK }, { "tuphap2", ROLE_SPECIALIST }, { "phochutich2", ROLE_LEADER },
  { "tiepnhan1", ROLE_DESK }, { "diachinh", ROLE_SPECIALIST }, { "chutich", ROLE_LEADER },
  { "tiepnhan2", ROLE_DESK }, { "vanhoa", ROLE_SPECIALIST },
};

static const char * const specialists[] = { "tuphap", "tuphap2", "diachinh", "vanhoa" };

typedef struct {
  McStore *store;
  gint64   me;
  gint64   birth;
  gint64   specialist_ids[G_N_ELEMENTS (specialists)];
  GRand   *rand;
  FILE    *log;           /* "action ms result dossier" lines */
  gint64   ok, refused, errors;
} Client;

/* A dossier of the queue Q, picked at random among its first 20 (two workstations often pick
 * the same one: the refusal of the second is intended). */
static McDossier *
pick (Client *c, McQuery *q)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  q->limit = 20;
  ids = mc_store_query_ids (c->store, q, &error);
  if (ids == NULL || ids->len == 0)
    return NULL;
  return mc_store_get_dossier (c->store,
                               g_array_index (ids, gint64, g_rand_int_range (c->rand, 0,
                                                                             ids->len)), NULL);
}

/* Another workstation acted on the dossier first (a step: recorded it first). */
static gboolean
refused (const GError *error)
{
  return g_error_matches (error, MC_ERROR, MC_ERROR_CONFLICT) ||
         g_error_matches (error, MC_ERROR, MC_ERROR_EXISTS) ||
         g_error_matches (error, MC_ERROR, MC_ERROR_TRANSITION);
}

/* One action and what came of it: 0 done, 1 an intended refusal (another was faster), 2 an
 * error. */
static int
act (Client *c, Role role, const char **what, gint64 *dossier_id, GError **error)
{
  g_autoptr(McDossier) d = NULL;
  McActionArgs args = { 0 };
  int choice = g_rand_int_range (c->rand, 0, 100);
  gboolean ok;

  *dossier_id = 0;
  if (role == ROLE_DESK && choice < 40)
    {
      g_autofree char *name = g_strdup_printf ("Nguyễn Văn Tải %u", g_rand_int (c->rand));
      g_autofree char *id_number = g_strdup_printf ("0010%08u",
                                                    g_rand_int_range (c->rand, 0, 99999999));
      McIntake in = { .procedure_id = c->birth, .channel = MC_CHANNEL_DESK,
                      .applicant_name = name, .applicant_id_number = id_number,
                      .applicant_phone = "0912345678",
                      .applicant_address = "Thôn Đông, xã Thử Tải" };

      *what = "intake";
      *dossier_id = mc_workflow_intake (c->store, c->me, &in, error);
      return *dossier_id > 0 ? 0 : 2;
    }
  if (role == ROLE_DESK && choice < 75)
    {
      McQuery q = { .statuses = 1u << MC_STATUS_RECEIVED, .sort = MC_SORT_RECEIVED };

      *what = "assign";
      d = pick (c, &q);
      args.officer_id = c->specialist_ids[g_rand_int_range (c->rand, 0,
                                                            G_N_ELEMENTS (specialists))];
      ok = d != NULL;
      if (ok)
        {
          args.expected_version = d->version;
          ok = mc_workflow_apply (c->store, c->me, d->id, MC_ACTION_ASSIGN, &args, error);
        }
    }
  else if (role == ROLE_DESK)
    {
      McQuery q = { .statuses = 1u << MC_STATUS_RESOLVED, .sort = MC_SORT_DUE };

      *what = "hand over";
      d = pick (c, &q);
      ok = d != NULL;
      if (ok)
        {
          args.expected_version = d->version;
          ok = mc_workflow_apply (c->store, c->me, d->id, MC_ACTION_HAND_OVER, &args, error);
        }
    }
  else if (role == ROLE_SPECIALIST)
    {
      /* Signed dossiers get their result first; else an assigned one is submitted. */
      McQuery q = { .handler_id = c->me, .statuses = 1u << MC_STATUS_PROCESSING,
                    .step = MC_STEP_SIGNED, .sort = MC_SORT_DUE };

      *what = "record result";
      d = pick (c, &q);
      if (d == NULL)
        {
          q.step = MC_STEP_ASSIGNED;
          *what = "submit";
          d = pick (c, &q);
        }
      /* A specialist records the steps the law requires before he submits (a land dossier's
       * site visit, a mediation's meeting); one whose posting is still running waits, and a
       * birth registration is taken meanwhile. */
      if (d != NULL && d->step == MC_STEP_ASSIGNED)
        {
          g_autoptr(GPtrArray) steps = mc_workflow_mandatory_steps (c->store, d->id, NULL);
          McStepCheck *next = NULL;

          for (guint i = 0; steps != NULL && i < steps->len && next == NULL; i++)
            if (((McStepCheck *) g_ptr_array_index (steps, i))->done_at == MC_TIME_NONE)
              next = g_ptr_array_index (steps, i);
          if (next != NULL && (next->min_days == 0 || next->started_at == MC_TIME_NONE))
            {
              /* A step is an audit record, not an event of the dossier: not counted below. */
              *what = "record step";
              if (mc_workflow_record_step (c->store, c->me, d->id, next->position,
                                           next->min_days > 0, "Biên bản kèm theo", error))
                return 0;
              return refused (*error) ? 1 : 2;
            }
          if (next != NULL)
            {
              g_clear_pointer (&d, mc_dossier_free);
              q.procedure_id = c->birth;
              d = pick (c, &q);
            }
        }
      ok = d != NULL;
      if (ok)
        {
          args.expected_version = d->version;
          args.result = d->step == MC_STEP_SIGNED ? NULL : "Giấy khai sinh bản chính";
          ok = mc_workflow_apply (c->store, c->me, d->id,
                                  d->step == MC_STEP_SIGNED ? MC_ACTION_RECORD_RESULT
                                                            : MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                  &args, error);
        }
    }
  else
    {
      McQuery q = { .statuses = 1u << MC_STATUS_PROCESSING, .step = MC_STEP_SUBMITTED,
                    .sort = MC_SORT_DUE };

      *what = "sign";
      d = pick (c, &q);
      ok = d != NULL;
      if (ok)
        {
          args.expected_version = d->version;
          ok = mc_workflow_sign_full (c->store, c->me, d->id, PASSWORD, &args, error);
        }
    }
  if (d == NULL)
    return -1;          /* nothing to do: not an action */
  *dossier_id = d->id;
  if (ok)
    return 0;
  return refused (*error) ? 1 : 2;
}

static int
client_main (const char *target, const char *login, int role, double seconds, guint seed,
             const char *log_path)
{
  g_autoptr(GError) error = NULL;
  Client c = { 0 };
  double end;

  c.store = mc_store_open_as (target, login, PASSWORD, &error);
  if (c.store == NULL)
    die (login, error);
  c.me = officer (c.store, login);
  {
    g_autoptr(McProcedure) p = mc_store_find_procedure (c.store, BIRTH, &error);

    if (p == NULL)
      die (BIRTH, error);
    c.birth = p->id;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (specialists); i++)
    c.specialist_ids[i] = officer (c.store, specialists[i]);
  c.rand = g_rand_new_with_seed (seed);
  c.log = g_fopen (log_path, "w");
  if (c.log == NULL)
    die (log_path, NULL);
  end = now_ms () + seconds * 1000;
  while (now_ms () < end)
    {
      const char *what = "";
      gint64 dossier = 0;
      double t0 = now_ms ();
      int r = act (&c, role, &what, &dossier, &error);

      if (r < 0)
        {
          g_usleep (50 * 1000);     /* an empty queue: the officer looks again shortly */
          continue;
        }
      fprintf (c.log, "%s\t%.3f\t%d\t%" G_GINT64_FORMAT "\t%s\n", what, now_ms () - t0, r,
               dossier, r == 2 && error ? error->message : "");
      g_clear_error (&error);
    }
  fclose (c.log);
  g_rand_free (c.rand);
  g_object_unref (c.store);
  return 0;
}

static gint64
count (McStore *store, const char *sql)
{
  return mc_store_testing_int (store, sql);
}

static void
load_test (const char *self, const char *superuser, const char *tcp, int clients,
           double seconds, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) server = mc_store_open (superuser, &error);
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) by_action = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) acted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 events_before, audit_before, ok = 0, refused = 0, errors = 0, lost = 0, records = 0;
  double t0;
  char figure[128];

  if (server == NULL)
    die ("opening the server", error);
  events_before = count (server, "SELECT coalesce(max(id), 0) FROM dossier_event");
  audit_before = count (server, "SELECT count(*) FROM audit");
  t0 = now_ms ();
  for (int i = 0; i < clients; i++)
    {
      g_autofree char *log = g_strdup_printf ("%s/client-%02d.log", dir, i);
      g_autofree char *role = g_strdup_printf ("%d", client_logins[i % G_N_ELEMENTS (client_logins)].role);
      g_autofree char *secs = g_strdup_printf ("%.0f", seconds);
      g_autofree char *seed = g_strdup_printf ("%d", 1000 + i);
      GSubprocess *p = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--client",
                                         tcp, client_logins[i % G_N_ELEMENTS (client_logins)].login,
                                         role, secs, seed, log, NULL);

      if (p == NULL)
        die ("starting a client", error);
      g_ptr_array_add (processes, p);
    }
  for (guint i = 0; i < processes->len; i++)
    if (!g_subprocess_wait_check (g_ptr_array_index (processes, i), NULL, &error))
      die ("a client", error);
  t0 = (now_ms () - t0) / 1000;

  /* What the clients saw, and whether the server has each change they were told was made. */
  for (int i = 0; i < clients; i++)
    {
      g_autofree char *log = g_strdup_printf ("%s/client-%02d.log", dir, i);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (log, &text, NULL, &error))
        die (log, error);
      lines = g_strsplit (text, "\n", -1);
      for (int l = 0; lines[l] != NULL && lines[l][0] != '\0'; l++)
        {
          g_auto(GStrv) f = g_strsplit (lines[l], "\t", 5);
          double ms = g_ascii_strtod (f[1], NULL);
          int r = atoi (f[2]);
          GArray *a = g_hash_table_lookup (by_action, f[0]);

          if (a == NULL)
            {
              a = g_array_new (FALSE, FALSE, sizeof (double));
              g_hash_table_insert (by_action, g_strdup (f[0]), a);
            }
          g_array_append_val (latencies, ms);
          g_array_append_val (a, ms);
          if (r == 0)
            {
              gint64 id = g_ascii_strtoll (f[3], NULL, 10);
              gpointer n = g_hash_table_lookup (acted, &id);

              ok++;
              if (id != 0)
                g_hash_table_replace (acted, g_memdup2 (&id, sizeof id),
                                    GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
            }
          else if (r == 1)
            refused++;
          else
            {
              errors++;
              g_hash_table_insert (messages, g_strdup (f[4]), NULL);
            }
        }
    }
  /* Every acknowledged action wrote one event of its dossier after the test began, and no
   * other event was written: dossier by dossier, as many events as acknowledged actions. */
  records = count (server, "SELECT count(*) FROM audit") - audit_before;
  {
    g_autofree char *sql = g_strdup_printf ("SELECT dossier_id, count(*) FROM dossier_event "
                                            "WHERE id > %" G_GINT64_FORMAT
                                            " GROUP BY dossier_id", events_before);
    g_autoptr(GPtrArray) rows = mc_store_testing_rows (server, sql);
    GHashTableIter iter;
    gpointer key, value;

    for (guint i = 0; i < rows->len; i++)
      {
        g_auto(GStrv) f = g_strsplit (g_ptr_array_index (rows, i), "|", 2);
        gint64 id = g_ascii_strtoll (f[0], NULL, 10);
        gint64 events = g_ascii_strtoll (f[1], NULL, 10);
        gint64 told = GPOINTER_TO_INT (g_hash_table_lookup (acted, &id));

        if (events != told)
          {
            lost += llabs (told - events);
            printf ("    dossier %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " actions "
                    "acknowledged, %" G_GINT64_FORMAT " events\n", id, told, events);
          }
        g_hash_table_remove (acted, &id);
      }
    g_hash_table_iter_init (&iter, acted);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        lost += GPOINTER_TO_INT (value);
        printf ("    dossier %" G_GINT64_FORMAT ": %d actions acknowledged, no event\n",
                *(gint64 *) key, GPOINTER_TO_INT (value));
      }
  }

  printf ("\nload test: %d clients for %.0f s over TCP to 127.0.0.1 (each its own login)\n",
          clients, seconds);
  g_snprintf (figure, sizeof figure, "%.1f actions/s (%" G_GINT64_FORMAT " done, %"
              G_GINT64_FORMAT " refused as intended)", ok / t0, ok, refused);
  report ("throughput", figure, 0, NAN, FALSE);
  g_snprintf (figure, sizeof figure, "p50 %.0f ms, p99 %.0f ms, max %.0f ms",
              percentile (latencies, 0.5), percentile (latencies, 0.99),
              percentile (latencies, 1.0));
  report ("latency, every action", figure, 0, NAN, FALSE);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, by_action);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        char what[64];

        g_snprintf (what, sizeof what, "  %s (%u)", (const char *) key, ((GArray *) value)->len);
        g_snprintf (figure, sizeof figure, "p50 %.0f ms, p99 %.0f ms",
                    percentile (value, 0.5), percentile (value, 0.99));
        report (what, figure, 0, NAN, FALSE);
      }
  }
  g_snprintf (figure, sizeof figure, "%" G_GINT64_FORMAT, errors);
  report ("errors (not refusals)", figure, errors, 0, FALSE);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, messages);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      printf ("    %s\n", (const char *) key);
  }
  g_snprintf (figure, sizeof figure, "%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT
              " audit records written)", lost, records);
  report ("lost or extra changes", figure, lost, 0, FALSE);
  t0 = now_ms ();
  {
    gint64 n = 0;
    gboolean intact = mc_audit_verify (server, &n, &error);

    g_snprintf (figure, sizeof figure, "%s, %" G_GINT64_FORMAT " records, %.1f s",
                intact ? "intact" : error->message, n, (now_ms () - t0) / 1000);
    report ("audit chain at the end", figure, intact ? 0 : 1, 0, FALSE);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL, *tcp = NULL, *dir = NULL, *source = NULL, *database = NULL;
  g_autofree char *superuser = NULL, *socket_target = NULL, *tcp_target = NULL;
  g_autofree char *self = NULL, *csv = NULL;
  g_auto(GStrv) client = NULL;
  gint64 dossiers = 1000000;
  int year = 0, clients = 20, seconds = 300;
  gboolean skip_import = FALSE, skip_load = FALSE;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      "A superuser's conninfo on the socket (MOTCUA_TEST_PG)", "CONNINFO" },
    { "tcp", 0, 0, G_OPTION_ARG_STRING, &tcp,
      "The same server over TCP to 127.0.0.1 (MOTCUA_TEST_PG_TCP)", "CONNINFO" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      "The commune's database (motcua_bench); reused when it exists", "NAME" },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source,
      "The commune's file (made by the demo when missing)", "FILE" },
    { "dossiers", 0, 0, G_OPTION_ARG_INT64, &dossiers, "Dossiers of the demo (1000000)", "N" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, "The demo's year (last year)", "Y" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Concurrent clients (20)", "C" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Length of the load test (300)", "S" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for files (a new temporary one)", "DIR" },
    { "no-import", 0, 0, G_OPTION_ARG_NONE, &skip_import, "Skip the import", NULL },
    { "no-load", 0, 0, G_OPTION_ARG_NONE, &skip_load, "Skip the load test", NULL },
    { "client", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &client, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Time an office on one PostgreSQL server: reads over "
                                "the socket and TCP, the import, a load test of concurrent "
                                "clients. For a throwaway cluster (tools/pg-test-cluster "
                                "start --tcp).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mc-bench-server: %s\n", error->message);
      return 2;
    }
  if (client != NULL)
    {
      /* --client TARGET LOGIN ROLE SECONDS SEED LOG (the rest after the option's value) */
      if (argc != 6)
        return 2;
      return client_main (client[0], argv[1], atoi (argv[2]), g_ascii_strtod (argv[3], NULL),
                          (guint) atoi (argv[4]), argv[5]);
    }
  if (server == NULL)
    server = g_strdup (g_getenv ("MOTCUA_TEST_PG"));
  if (tcp == NULL)
    tcp = g_strdup (g_getenv ("MOTCUA_TEST_PG_TCP"));
  if (server == NULL || server[0] == '\0')
    {
      g_printerr ("mc-bench-server: name a server: --server or MOTCUA_TEST_PG "
                  "(eval \"$(tools/pg-test-cluster start --tcp)\")\n");
      return 2;
    }
  if (database == NULL)
    database = g_strdup ("motcua_bench");
  if (year == 0)
    {
      int m, d;

      mc_day_to_ymd (mc_day_of_time (g_get_real_time () / G_USEC_PER_SEC), &year, &m, &d);
      year--;
    }
  if (dir == NULL && (dir = g_dir_make_tmp ("motcua-bench-server-XXXXXX", &error)) == NULL)
    die ("a temporary folder", error);
  if (source == NULL)
    source = g_build_filename (dir, "commune.db", NULL);
  csv = g_build_filename (dir, "dossiers.csv", NULL);
  superuser = with_database (server, database);
  {
    g_autofree char *plain = without_user (server);

    socket_target = with_database (plain, database);
  }
  if (tcp != NULL && tcp[0] != '\0')
    {
      g_autofree char *plain = without_user (tcp);

      tcp_target = with_database (plain, database);
    }
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_strdup (argv[0]);

  printf ("motcua server benchmark: %" G_GINT64_FORMAT " dossiers, the year %d, %d clients, "
          "files in %s\n", dossiers, year, clients, dir);
  {
    double load[1] = { 0 };

    if (getloadavg (load, 1) == 1)
      printf ("load average %.1f on %u processors (a shared machine: figures vary)\n\n", load[0],
              g_get_num_processors ());
  }

  {
    g_autoptr(McStore) existing = mc_store_open (superuser, NULL);

    if (existing == NULL)
      build_server (source, superuser, dossiers, year);
    else
      printf ("reusing the database %s: %" G_GINT64_FORMAT " dossiers\n", database,
              mc_store_count_dossiers (existing));
  }

  time_reads (socket_target, "socket", year);
  if (tcp_target != NULL)
    time_reads (tcp_target, "TCP", year);
  else
    printf ("(no --tcp / MOTCUA_TEST_PG_TCP: reads over TCP and the load test skipped)\n");

  if (!skip_import)
    {
      g_autofree char *import_db = g_strdup_printf ("%s_import_%" G_GINT64_FORMAT, database,
                                                    g_get_real_time () / G_USEC_PER_SEC);
      g_autofree char *import_target = with_database (server, import_db);
      g_autoptr(McStore) file = mc_store_open (source, &error);

      if (file == NULL)
        die ("opening the file to export", error);
      time_import (file, import_target, csv);
    }

  if (!skip_load && tcp_target != NULL)
    load_test (self, superuser, tcp_target, clients, seconds, dir);
  return 0;
}
