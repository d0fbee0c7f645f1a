/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's figures beyond the KPIs: officers, where late dossiers lost their time,
 * procedures, the Decision 766 scorecard and the year's projection (DOMAIN.md §5). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-analysis.h"
#include "mc-date.h"
#include "mc-store-internal.h"
#include "mc-text.h"
#include "mc-workflow.h"

/* Processing times are kept by quarter of an hour. */
#define BUCKET_SECONDS 900

const char *
mc_stage_to_string (McStage stage)
{
  switch (stage)
    {
    case MC_STAGE_INTAKE:
      return _("Intake");
    case MC_STAGE_REVIEW:
      return _("Review");
    case MC_STAGE_SIGNATURE:
      return _("Signature");
    case MC_STAGE_RESULT:
      return _("Recording the result");
    case MC_N_STAGES:
    default:
      return "";
    }
}

void
mc_stage_budgets (GPtrArray *steps, gint64 budgets[MC_N_STAGES])
{
  guint n = steps != NULL ? steps->len : 0;
  /* The catalogue's templates: intake first, the result last, submission and signing the two
   * before it, review all the rest. Shorter templates lose signature, then review. */
  guint signature_from = n >= 5 ? n - 3 : n >= 3 ? n - 2 : n;
  guint result_at = n >= 2 ? n - 1 : n;

  memset (budgets, 0, sizeof (gint64) * MC_N_STAGES);
  for (guint i = 0; i < n; i++)
    {
      const McStepTemplate *t = g_ptr_array_index (steps, i);
      McStage stage = i == 0 ? MC_STAGE_INTAKE
                      : i >= result_at ? MC_STAGE_RESULT
                      : i >= signature_from ? MC_STAGE_SIGNATURE
                      : MC_STAGE_REVIEW;

      budgets[stage] += t->budget_seconds;
    }
}

double
mc_officer_figures_on_time_rate (const McOfficerFigures *o)
{
  return mc_kpi_percent (o->on_time, o->handled);
}

double
mc_procedure_figures_on_time_rate (const McProcedureFigures *p)
{
  return mc_kpi_percent (p->on_time, p->resolved);
}

double
mc_procedure_figures_online_rate (const McProcedureFigures *p)
{
  return mc_kpi_percent (p->online, p->received);
}

double
mc_officer_figures_avg_step (const McOfficerFigures *o)
{
  return o->steps > 0 ? (double) o->step_seconds / (double) o->steps : NAN;
}

double
mc_officer_figures_avg_budget (const McOfficerFigures *o)
{
  return o->steps > 0 ? (double) o->budget_seconds / (double) o->steps : NAN;
}

gint64
mc_analysis_percentile (const gint64 *values, const gint64 *counts, guint n, double q)
{
  gint64 total = 0, rank, seen = 0;

  for (guint i = 0; i < n; i++)
    total += counts[i];
  if (total == 0)
    return -1;
  /* Nearest rank: the smallest value with at least Q of the values at or below it. */
  rank = MAX (1, (gint64) ceil (CLAMP (q, 0, 1) * (double) total));
  for (guint i = 0; i < n; i++)
    {
      seen += counts[i];
      if (seen >= rank)
        return values[i];
    }
  return values[n - 1];
}

/* Processing times of one procedure: how many dossiers fell in each bucket (gint64 counts,
 * indexed by bucket). A year of a million dossiers reads ~10^5 rows into these. */
typedef GArray Histogram;

/* Longer than this is counted here (about 20 years of office hours): bad data stays bounded. */
#define MAX_BUCKET 150000

static void
histogram_add (GHashTable *histograms, gint64 procedure_id, gint64 bucket, gint64 n)
{
  Histogram *h = g_hash_table_lookup (histograms, &procedure_id);

  if (h == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = procedure_id;
      h = g_array_new (FALSE, TRUE, sizeof (gint64));
      g_hash_table_insert (histograms, key, h);
    }
  bucket = CLAMP (bucket, 0, MAX_BUCKET);
  if ((guint) bucket >= h->len)
    g_array_set_size (h, (guint) bucket + 1);
  g_array_index (h, gint64, bucket) += n;
}

/* The value at Q of H, in seconds. */
static gint64
histogram_percentile (Histogram *h, double q)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; h != NULL && i < h->len; i++)
    if (g_array_index (h, gint64, i) > 0)
      {
        gint64 value = (gint64) i * BUCKET_SECONDS;

        g_array_append_val (values, value);
        g_array_append_val (counts, g_array_index (h, gint64, i));
      }
  return mc_analysis_percentile ((gint64 *) values->data, (gint64 *) counts->data, values->len, q);
}

/* ---- Working state ---- */

typedef struct {
  McStore          *store;
  const McCalendar *cal;
  McAnalysis       *a;
  GCancellable     *cancellable;
  GHashTable       *officers;     /* id → McOfficerFigures* (owned by a->officers) */
  GHashTable       *names;        /* id → name */
  GHashTable       *loss;         /* "stage:officer" key (gint64) → McTimeLoss* */
  GHashTable       *budgets;      /* procedure id → gint64[MC_N_STAGES] */
  GHashTable       *durations;    /* procedure id → Histogram* */
} Work;

static void
mc_officer_figures_free (McOfficerFigures *o)
{
  g_free (o->name);
  g_free (o);
}

static McOfficerFigures *
officer_of (Work *w, gint64 id)
{
  McOfficerFigures *o = g_hash_table_lookup (w->officers, &id);

  if (o == NULL)
    {
      const char *name = g_hash_table_lookup (w->names, &id);

      o = g_new0 (McOfficerFigures, 1);
      o->officer_id = id;
      o->name = g_strdup (name != NULL && *name != '\0' ? name : _("(unassigned)"));
      g_ptr_array_add (w->a->officers, o);
      g_hash_table_insert (w->officers, &o->officer_id, o);
    }
  return o;
}

static gboolean
cancelled (Work *w, GError **error)
{
  return g_cancellable_set_error_if_cancelled (w->cancellable, error);
}

static gboolean
load_names (Work *w, GError **error)
{
  g_autoptr(GPtrArray) officers = mc_store_list_officers (w->store, error);

  if (officers == NULL)
    return FALSE;
  for (guint i = 0; i < officers->len; i++)
    {
      McOfficer *o = g_ptr_array_index (officers, i);
      gint64 *id = g_new (gint64, 1);

      *id = o->id;
      g_hash_table_insert (w->names, id, g_strdup (o->name));
    }
  return TRUE;
}

static void
budgets_fill (GHashTable *budgets, GPtrArray *procedures)
{
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);
      gint64 *id = g_new (gint64, 1);
      gint64 *b = g_new0 (gint64, MC_N_STAGES);

      *id = p->id;
      mc_stage_budgets (p->steps, b);
      g_hash_table_insert (budgets, id, b);
    }
}

static gboolean
load_budgets (Work *w, GPtrArray *procedures)
{
  budgets_fill (w->budgets, procedures);
  return TRUE;
}

/* ---- Officers: handled, on time, overdue now ---- */

static void
officer_resolved (const gint64 *v, gpointer data)
{
  McOfficerFigures *o = officer_of (data, v[0]);

  o->handled += v[1];
  o->on_time += v[2];
}

static void
officer_overdue (const gint64 *v, gpointer data)
{
  officer_of (data, v[0])->overdue_now += v[1];
}

static gboolean
count_officers (Work *w, GError **error)
{
  /* The per-day sums mc_kpi_compute has just brought up to date; the open dossiers' partial
   * index answers the overdue ones without reading the table. */
  return mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_OFFICER_RESOLVED, w->a->from,
                                 w->a->to, officer_resolved, w, error) &&
         mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_OFFICER_OVERDUE, w->a->now, 0,
                                 officer_overdue, w, error);
}

/* ---- Stages of each dossier, summed per day (0004-analysis.sql) ---- */

#define MAX_HOLDERS 8

/* Who held a dossier during a stage, and for how long. */
typedef struct {
  gint64 seconds;
  guint  n;
  gint64 holder[MAX_HOLDERS];
  gint64 held[MAX_HOLDERS];
} StageTime;

typedef struct {
  gint64    id;
  gint64    procedure_id;
  McDay     day;          /* of the end of processing */
  gboolean  late;
  gboolean  done;         /* the result was recorded: later events are not processing */
  int       stage;        /* the current stage, -1 before intake and while the clock stops */
  gint64    holder;
  McTime    since;
  StageTime stages[MC_N_STAGES];
} DossierWalk;

typedef McStoreAnalysisSum SumKind;
#define SUM_STEP MC_STORE_SUM_STEP
#define SUM_LOSS MC_STORE_SUM_LOSS
#define SUM_TIME MC_STORE_SUM_TIME

/* One row of analysis_step (a = officer, b = stage), analysis_loss (a = stage, b = officer) or
 * analysis_time (a = procedure, b = bucket). */
typedef struct {
  McDay   day;
  SumKind kind;
  gint64  a, b;
  gint64  v[3];
} DaySum;

static guint
day_sum_hash (gconstpointer p)
{
  const DaySum *s = p;

  return (guint) s->day * 31u + (guint) s->kind * 7u + (guint) s->a * 131u + (guint) s->b;
}

static gboolean
day_sum_equal (gconstpointer p, gconstpointer q)
{
  const DaySum *x = p, *y = q;

  return x->day == y->day && x->kind == y->kind && x->a == y->a && x->b == y->b;
}

static void
add_sum (GHashTable *sums, McDay day, SumKind kind, gint64 a, gint64 b, gint64 v0, gint64 v1,
         gint64 v2)
{
  DaySum key = { day, kind, a, b, { 0 } };
  DaySum *s = g_hash_table_lookup (sums, &key);

  if (s == NULL)
    {
      s = g_memdup2 (&key, sizeof key);
      g_hash_table_add (sums, s);
    }
  s->v[0] += v0;
  s->v[1] += v1;
  s->v[2] += v2;
}

/* The stage an action leads into; -1: none (clock stopped or not yet received); -2: the end of
 * processing; -3: the action does not change the stage. */
static int
stage_after (int action)
{
  switch (action)
    {
    case MC_ACTION_RECEIVE:
    case MC_ACTION_ACCEPT:
      return MC_STAGE_INTAKE;
    case MC_ACTION_ASSIGN:
    case MC_ACTION_REASSIGN:
    case MC_ACTION_SUPPLEMENT_RECEIVED:
    case MC_ACTION_SEND_BACK:
    case MC_ACTION_REQUEST_PAYMENT:
    case MC_ACTION_PAYMENT_RECEIVED:
      return MC_STAGE_REVIEW;
    case MC_ACTION_SUBMIT_FOR_SIGNATURE:
      return MC_STAGE_SIGNATURE;
    case MC_ACTION_SIGN:
      return MC_STAGE_RESULT;
    case MC_ACTION_REQUEST_SUPPLEMENT:
    case MC_ACTION_SUBMIT_ONLINE:
      return -1;
    case MC_ACTION_RECORD_RESULT:
    case MC_ACTION_HAND_OVER:
    case MC_ACTION_WITHDRAW:
    case MC_ACTION_STOP:
    case MC_ACTION_REFUSE:
      return -2;
    default:
      return -3;
    }
}

GArray *
mc_control_slip (const McCalendar *cal, GPtrArray *steps, GPtrArray *events, McTime now)
{
  guint n = events != NULL ? events->len : 0;
  GArray *lines = g_array_sized_new (FALSE, TRUE, sizeof (McSlipLine), n);
  gint64 budgets[MC_N_STAGES];
  int stage = -1;

  mc_stage_budgets (steps, budgets);
  /* Which stage each event starts, or continues. */
  for (guint i = 0; i < n; i++)
    {
      const McEvent *e = g_ptr_array_index (events, i);
      int next = e->action == MC_ACTION_SUBMIT_ONLINE ? MC_STAGE_ACCEPTANCE
                                                      : stage_after (e->action);
      McSlipLine line = { -1, 0, 0, MC_TIME_NONE, FALSE, FALSE };

      /* An action that changes no stage (an apology) goes on with the one before. */
      line.continued = next == -3 && stage >= 0;
      stage = next == -3 ? stage : next >= 0 ? next : -1;
      line.stage = stage;
      g_array_append_val (lines, line);
    }
  /* Each step from the event that starts it to the next that does not continue it. */
  for (guint i = 0; i < n; i++)
    {
      McSlipLine *line = &g_array_index (lines, McSlipLine, i);
      McTime start = ((const McEvent *) g_ptr_array_index (events, i))->at;
      McTime end = now;

      if (line->stage < 0 || line->continued)
        continue;
      for (guint j = i + 1; j < n; j++)
        if (!g_array_index (lines, McSlipLine, j).continued)
          {
            end = ((const McEvent *) g_ptr_array_index (events, j))->at;
            break;
          }
      end = MAX (end, start);
      line->spent = mc_calendar_working_seconds (cal, start, end);
      line->budget = line->stage == MC_STAGE_ACCEPTANCE ? MC_ONLINE_INTAKE_HOURS * 3600
                                                        : budgets[line->stage];
      if (line->budget > 0)
        {
          line->due = mc_calendar_add_working (cal, start, line->budget);
          line->over = end > line->due;
        }
      for (guint j = i + 1; j < n && g_array_index (lines, McSlipLine, j).continued; j++)
        {
          McSlipLine *again = &g_array_index (lines, McSlipLine, j);

          *again = *line;
          again->continued = TRUE;
        }
    }
  return lines;
}

static void
walk_close_segment (const McCalendar *cal, DossierWalk *d, McTime at)
{
  StageTime *s;
  gint64 seconds;
  guint i;

  if (d->stage < 0 || d->since == MC_TIME_NONE)
    return;
  seconds = mc_calendar_working_seconds (cal, d->since, at);
  s = &d->stages[d->stage];
  s->seconds += seconds;
  for (i = 0; i < s->n && s->holder[i] != d->holder; i++)
    ;
  if (i == s->n)
    {
      if (s->n == MAX_HOLDERS)
        i = MAX_HOLDERS - 1;    /* a dossier passed round this much: the last holders share */
      else
        {
          s->n++;
          s->holder[i] = d->holder;
          s->held[i] = 0;
        }
    }
  s->held[i] += seconds;
}

static void
walk_event (const McCalendar *cal, DossierWalk *d, McTime at, int action, gint64 actor,
            gint64 to_officer)
{
  int next = stage_after (action);

  if (d->done)
    return;
  walk_close_segment (cal, d, at);
  d->since = at;
  if (to_officer != 0)
    d->holder = to_officer;
  else if (next == MC_STAGE_INTAKE && actor != 0)
    d->holder = actor;
  if (next == -2)
    {
      d->done = TRUE;
      d->stage = -1;
    }
  else if (next != -3)
    d->stage = next;
}

static void
walk_finish (GHashTable *sums, GHashTable *budgets_of, const DossierWalk *d)
{
  const gint64 *budgets = g_hash_table_lookup (budgets_of, &d->procedure_id);

  for (int st = 0; st < MC_N_STAGES; st++)
    {
      const StageTime *s = &d->stages[st];
      gint64 budget = budgets != NULL ? budgets[st] : 0;
      gint64 excess = MAX (0, s->seconds - budget);

      for (guint i = 0; i < s->n; i++)
        {
          /* A stage that changed hands: each holder answers for his share of its time. */
          double share = s->seconds > 0 ? (double) s->held[i] / (double) s->seconds
                                        : 1.0 / s->n;

          add_sum (sums, d->day, SUM_STEP, s->holder[i], st, 1, s->held[i],
                   (gint64) llround (budget * share));
          if (d->late && budget > 0 && excess > 0 && s->held[i] > 0)
            add_sum (sums, d->day, SUM_LOSS, st, s->holder[i], 1,
                     (gint64) llround (excess * share), 0);
        }
    }
}

/* The dossiers that ended in [FIRST, LAST], walked and summed into SUMS. */
typedef struct {
  const McCalendar *cal;
  GHashTable       *sums;
  GHashTable       *budgets;
  GCancellable     *cancellable;
  DossierWalk       d;
  gboolean          have;
  guint             rows;
} Walk;

static gboolean
walk_row (const McStoreStepRow *row, gpointer data)
{
  Walk *k = data;
  DossierWalk *d = &k->d;

  if (!k->have || row->dossier_id != d->id)
    {
      if (k->have)
        walk_finish (k->sums, k->budgets, d);
      if (++k->rows % 4096 == 0 && g_cancellable_is_cancelled (k->cancellable))
        return FALSE;
      memset (d, 0, sizeof *d);
      d->id = row->dossier_id;
      d->procedure_id = row->procedure_id;
      d->day = mc_day_of_time (row->ended_at);
      d->late = row->outcome == MC_OUTCOME_LATE;
      d->stage = -1;
      d->since = MC_TIME_NONE;
      k->have = TRUE;
      if (row->received_at != MC_TIME_NONE)
        {
          gint64 seconds = MAX (0, mc_calendar_working_seconds (k->cal, row->received_at,
                                                                row->ended_at) -
                                   row->paused_seconds);

          add_sum (k->sums, d->day, SUM_TIME, d->procedure_id, seconds / BUCKET_SECONDS, 1, 0, 0);
        }
    }
  if (row->event_at != MC_TIME_NONE)
    walk_event (k->cal, d, row->event_at, row->action, row->actor_id, row->to_officer);
  return TRUE;
}

static gboolean
walk_days (McStore *store, GHashTable *budgets, McDay first, McDay last, GHashTable *sums,
           GCancellable *cancellable, GError **error)
{
  Walk k = { mc_store_get_calendar (store), sums, budgets, cancellable };

  if (!mc_store_analysis_walk (store, mc_time_from_day (first, 0), mc_time_from_day (last + 1, 0),
                               walk_row, &k, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (k.have)
    walk_finish (sums, budgets, &k.d);
  return TRUE;
}

static gboolean
recount_days (McStore *store, GHashTable *budgets, McDay first, McDay last,
              GCancellable *cancellable, GError **error)
{
  g_autoptr(GHashTable) sums = g_hash_table_new_full (day_sum_hash, day_sum_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  if (!mc_store_analysis_clear_days (store, first, last, error) ||
      !walk_days (store, budgets, first, last, sums, cancellable, error))
    return FALSE;

  /* The sums of each kind in one bulk copy. */
  {
    GArray *rows[3];
    gboolean ok = TRUE;

    for (int k = 0; k < 3; k++)
      rows[k] = g_array_new (FALSE, FALSE, sizeof (McStoreSumRow));

    g_hash_table_iter_init (&iter, sums);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        const DaySum *s = key;
        McStoreSumRow r = { s->day, s->a, s->b, { s->v[0], s->v[1], s->v[2] } };

        g_array_append_val (rows[s->kind], r);
      }
    for (int k = MC_STORE_SUM_STEP; ok && k <= MC_STORE_SUM_TIME; k++)
      ok = mc_store_analysis_add_sums (store, k, (const McStoreSumRow *) rows[k]->data,
                                       rows[k]->len, error);
    for (int k = 0; k < 3; k++)
      g_array_unref (rows[k]);
    return ok;
  }
}

/* Recounts the days marked since the last time, a week of consecutive days at a time, each in a
 * transaction of its own, so that a recount never holds the desk's writes back for longer than
 * a week's pass (one indexed read of the dossiers that ended in it, all procedures at once). A
 * day marked again meanwhile is marked after its recount's transaction, so it is counted next
 * time. A bulk load recounts all its days in its own transaction instead
 * (mc_analysis_refresh_loaded). */
#define RECOUNT_DAYS 7

static gboolean
recount_run (McStore *store, GHashTable *budgets, McDay first, McDay last,
             GCancellable *cancellable, GError **error)
{
  if (!mc_store_begin (store, error))
    return FALSE;
  if (!recount_days (store, budgets, first, last, cancellable, error) ||
      !mc_store_analysis_unmark_days (store, first, last, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

static gboolean
refresh_days (McStore *store, GHashTable *budgets, GCancellable *cancellable, GError **error)
{
  g_autoptr(GArray) days = mc_store_analysis_marked_days (store, error);
  McDay first, last;

  if (days == NULL)
    return FALSE;
  for (guint i = 0; mc_day_run_next (days, &i, RECOUNT_DAYS, &first, &last);)
    if (!recount_run (store, budgets, first, last, cancellable, error))
      return FALSE;
  return TRUE;
}

static GHashTable *
budgets_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

gboolean
mc_analysis_refresh_loaded (McStore *store, GCancellable *cancellable, GError **error)
{
  g_autoptr(GArray) days = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GHashTable) budgets = budgets_new ();
  McDay first, last;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  /* The sums a dashboard reads, counted by the load that changed them: the KPIs' from the
   * indexes, then the steps' in one walk over the span of the marked days (a day in between
   * that was not marked is recounted to what it already was). */
  if (!mc_store_kpi_refresh_marked (store, error))
    return FALSE;
  days = mc_store_analysis_marked_days (store, error);
  if (days == NULL)
    return FALSE;
  if (days->len == 0)
    return TRUE;
  procedures = mc_store_list_procedures (store, error);
  if (procedures == NULL)
    return FALSE;
  budgets_fill (budgets, procedures);
  first = g_array_index (days, McDay, 0);
  last = g_array_index (days, McDay, days->len - 1);
  return recount_days (store, budgets, first, last, cancellable, error) &&
         mc_store_analysis_unmark_days (store, first, last, error);
}

/* ---- Reading a period from the sums ---- */

static McTimeLoss *
loss_of (Work *w, int stage, gint64 officer)
{
  /* Stages and officers in one key: officer ids stay far below 2^59. */
  gint64 key = officer * 8 + stage + 1;
  McTimeLoss *l = g_hash_table_lookup (w->loss, &key);

  if (l == NULL)
    {
      gint64 *k = g_new (gint64, 1);

      *k = key;
      l = g_new0 (McTimeLoss, 1);
      l->stage = stage;
      l->officer_id = officer;
      g_hash_table_insert (w->loss, k, l);
    }
  return l;
}

static void
step_sums (const gint64 *v, gpointer data)
{
  McOfficerFigures *o = officer_of (data, v[0]);

  o->steps += v[1];
  o->step_seconds += v[2];
  o->budget_seconds += v[3];
}

static void
loss_sums (const gint64 *v, gpointer data)
{
  McTimeLoss *l = loss_of (data, (int) v[0], v[1]);

  l->dossiers += v[2];
  l->excess_seconds += v[3];
}

static void
time_sums (const gint64 *v, gpointer data)
{
  Work *w = data;

  histogram_add (w->durations, v[0], v[1], v[2]);
}

static gboolean
read_sums (Work *w, GError **error)
{
  return mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_STEP_SUMS, w->a->from, w->a->to,
                                 step_sums, w, error) &&
         mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_LOSS_SUMS, w->a->from, w->a->to,
                                 loss_sums, w, error) &&
         mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_TIME_SUMS, w->a->from, w->a->to,
                                 time_sums, w, error);
}

/* ---- Months ---- */

/* One McKpi per calendar month touching the period, from the per-day sums mc_kpi_compute has
 * just brought up to date. mc_kpi_compute_by (MONTH) also counts the dossiers open at each
 * month's end, a pass over every dossier resolved since (a second at a million); the trend shows
 * what was received and resolved, so the open ones are left at 0 here. */
typedef struct {
  McAnalysis *a;
  int         first_year, first_month;
  gboolean    resolved;
} Months;

static void
month_row (const gint64 *v, gpointer data)
{
  Months *m = data;
  int year, month, d;
  McKpi *k;

  mc_day_to_ymd ((McDay) v[0], &year, &month, &d);
  k = g_ptr_array_index (m->a->by_month, (year - m->first_year) * 12 + month - m->first_month);
  if (!m->resolved)
    {
      int level = (int) v[1];

      k->received += v[2];
      k->online_received += v[3];
      k->digitized_inputs += v[4];
      k->fee_dossiers += v[5];
      k->paid_online += v[6];
      k->late_online_intake += v[7];
      if (level == MC_ONLINE_PARTIAL)
        {
          k->partial_received += v[2];
          k->partial_online += v[3];
        }
      else if (level == MC_ONLINE_FULL)
        {
          k->full_received += v[2];
          k->full_online += v[3];
        }
    }
  else
    {
      k->resolved += v[1];
      k->early += v[2];
      k->on_time += v[3];
      k->late += v[4];
      k->digitized_results += v[5];
    }
}

static gboolean
count_months (Work *w, GError **error)
{
  McAnalysis *a = w->a;
  Months m = { a, 0, 0, FALSE };
  int d;

  mc_day_to_ymd (a->from, &m.first_year, &m.first_month, &d);
  for (McDay first = a->from; first <= a->to;)
    {
      int year, month;
      McDay next;
      McKpi *k = g_new0 (McKpi, 1);

      mc_day_to_ymd (first, &year, &month, &d);
      next = month == 12 ? mc_day_from_ymd (year + 1, 1, 1) : mc_day_from_ymd (year, month + 1, 1);
      k->key = g_strdup_printf ("%04d-%02d", year, month);
      k->from = first;
      k->to = MIN (a->to, next - 1);
      g_ptr_array_add (a->by_month, k);
      first = next;
    }

  if (!mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_DAY_RECEIVED, a->from, a->to,
                               month_row, &m, error))
    return FALSE;
  m.resolved = TRUE;
  return mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_DAY_RESOLVED, a->from, a->to,
                                 month_row, &m, error);
}

/* ---- Losses: largest first ---- */

static int
compare_loss (gconstpointer a, gconstpointer b)
{
  const McTimeLoss *x = *(McTimeLoss * const *) a, *y = *(McTimeLoss * const *) b;

  if (x->excess_seconds != y->excess_seconds)
    return x->excess_seconds > y->excess_seconds ? -1 : 1;
  if (x->stage != y->stage)
    return x->stage < y->stage ? -1 : 1;
  return x->officer_id < y->officer_id ? -1 : x->officer_id > y->officer_id;
}

static void
mc_time_loss_free (McTimeLoss *l)
{
  g_free (l->officer_name);
  g_free (l);
}

static void
gather_losses (Work *w)
{
  McAnalysis *a = w->a;
  McTimeLoss *by_stage[MC_N_STAGES] = { NULL };
  g_autoptr(GHashTable) by_officer = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, w->loss);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      McTimeLoss *l = value, *copy, *s, *o;
      const char *name = g_hash_table_lookup (w->names, &l->officer_id);

      copy = g_memdup2 (l, sizeof *l);
      copy->officer_name = g_strdup (name != NULL ? name : _("(unassigned)"));
      g_ptr_array_add (a->loss, copy);

      s = by_stage[l->stage];
      if (s == NULL)
        {
          s = by_stage[l->stage] = g_new0 (McTimeLoss, 1);
          s->stage = l->stage;
          s->officer_id = -1;
          g_ptr_array_add (a->loss_by_stage, s);
        }
      s->excess_seconds += l->excess_seconds;
      s->dossiers += l->dossiers;

      o = g_hash_table_lookup (by_officer, &l->officer_id);
      if (o == NULL)
        {
          o = g_new0 (McTimeLoss, 1);
          o->stage = -1;
          o->officer_id = l->officer_id;
          o->officer_name = g_strdup (copy->officer_name);
          g_hash_table_insert (by_officer, &o->officer_id, o);
          g_ptr_array_add (a->loss_by_officer, o);
        }
      o->excess_seconds += l->excess_seconds;
      o->dossiers += l->dossiers;
    }
  g_ptr_array_sort (a->loss, compare_loss);
  g_ptr_array_sort (a->loss_by_stage, compare_loss);
  g_ptr_array_sort (a->loss_by_officer, compare_loss);
}

/* Officers by name in Vietnamese order, the dossiers without a handler last. */
static int
compare_officers (gconstpointer a, gconstpointer b)
{
  const McOfficerFigures *x = *(McOfficerFigures * const *) a;
  const McOfficerFigures *y = *(McOfficerFigures * const *) b;

  if ((x->officer_id == 0) != (y->officer_id == 0))
    return x->officer_id == 0 ? 1 : -1;
  return mc_text_collate (x->name, y->name);
}

/* ---- Procedures ---- */

static void
mc_procedure_figures_free (McProcedureFigures *p)
{
  g_free (p->code);
  g_free (p->name);
  g_free (p);
}

/* Received, online, resolved and on time by procedure, from the per-day sums mc_kpi_compute has
 * just brought up to date (the same as mc_kpi_compute_by (PROCEDURE), without its open dossiers,
 * which cost a pass over the dossiers). */
typedef struct {
  GHashTable *by_id;
  gboolean    resolved;
} ProcedureSums;

static void
procedure_row (const gint64 *v, gpointer data)
{
  ProcedureSums *s = data;
  gint64 id = v[0];
  McProcedureFigures *f = g_hash_table_lookup (s->by_id, &id);

  if (f == NULL)
    return;
  if (!s->resolved)
    {
      f->received += v[1];
      f->online += v[2];
    }
  else
    {
      f->resolved += v[1];
      f->on_time += v[2];
    }
}

static gboolean
gather_procedures (Work *w, GPtrArray *procedures, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  ProcedureSums s = { by_id, FALSE };

  for (guint i = 0; i < procedures->len; i++)
    {
      const McProcedure *proc = g_ptr_array_index (procedures, i);
      McProcedureFigures *f = g_new0 (McProcedureFigures, 1);

      f->procedure_id = proc->id;
      f->code = g_strdup (proc->code);
      f->name = g_strdup (proc->name);
      g_ptr_array_add (w->a->procedures, f);
      g_hash_table_insert (by_id, &f->procedure_id, f);
    }
  if (!mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_PROCEDURE_RECEIVED, w->a->from,
                               w->a->to, procedure_row, &s, error))
    return FALSE;
  s.resolved = TRUE;
  if (!mc_store_analysis_read (w->store, MC_STORE_ANALYSIS_PROCEDURE_RESOLVED, w->a->from,
                               w->a->to, procedure_row, &s, error))
    return FALSE;
  /* Only the procedures with dossiers in the period, by code as the catalogue lists them. */
  for (guint i = w->a->procedures->len; i-- > 0;)
    {
      McProcedureFigures *f = g_ptr_array_index (w->a->procedures, i);
      Histogram *h = g_hash_table_lookup (w->durations, &f->procedure_id);

      if (f->received == 0 && f->resolved == 0)
        {
          g_ptr_array_remove_index (w->a->procedures, i);
          continue;
        }
      f->median_seconds = histogram_percentile (h, 0.5);
      f->p90_seconds = histogram_percentile (h, 0.9);
    }
  return TRUE;
}

/* ---- Decision 766 scorecard ---- */

static McScoreItem *
score_item (const char *group, const char *name, double max_points, double threshold,
            double value, gboolean measured)
{
  McScoreItem *s = g_new0 (McScoreItem, 1);

  s->group = group;
  s->name = name;
  s->max_points = max_points;
  s->threshold = threshold;
  s->measured = measured;
  s->value = measured ? value : NAN;
  s->points = measured && !isnan (value) ? MIN (max_points, MAX (0, value) * max_points / threshold)
                                         : NAN;
  return s;
}

GPtrArray *
mc_analysis_scorecard (McStore *store, const McKpi *k, GError **error)
{
  g_autoptr(GPtrArray) procedures = mc_store_list_procedures (store, error);
  GPtrArray *items;
  gint64 active = 0, offered = 0;
  const char *transparency = _("Transparency"), *progress = _("Progress and results");
  const char *online = _("Online service"), *digitisation = _("Digitisation");
  const char *satisfaction = _("Satisfaction");

  if (procedures == NULL)
    return NULL;
  for (guint i = 0; i < procedures->len; i++)
    {
      const McProcedure *p = g_ptr_array_index (procedures, i);

      active += p->active;
      offered += p->active && p->online_level != MC_ONLINE_NONE;
    }

  /* The groups of the published rule (transparency 18, progress 20, online service 22,
   * digitisation 22, satisfaction 18); within a group the split of points among components is
   * ours where the notes give none, and said so in the dashboard's note. */
  items = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (items, score_item (transparency, _("Procedures and results published"),
                                      18, 100, NAN, FALSE));
  g_ptr_array_add (items, score_item (progress, _("Progress index"), 20, 100,
                                      mc_kpi_progress_rate (k), TRUE));
  g_ptr_array_add (items, score_item (online, _("Procedures offered online"), 8, 80,
                                      mc_kpi_percent (offered, active), TRUE));
  g_ptr_array_add (items, score_item (online, _("Online dossiers"), 6, 50,
                                      mc_kpi_online_rate (k), TRUE));
  g_ptr_array_add (items, score_item (online, _("Online payment"), 8, 80,
                                      mc_kpi_online_payment_rate (k), TRUE));
  g_ptr_array_add (items, score_item (digitisation, _("Digitised dossiers"), 11, 80,
                                      mc_kpi_digitized_input_rate (k), TRUE));
  g_ptr_array_add (items, score_item (digitisation, _("Digitised results"), 11, 80,
                                      mc_kpi_digitized_result_rate (k), TRUE));
  /* Satisfaction with handling = 100% − (overdue % + % with complaints): the desk knows the
   * overdue part only. */
  g_ptr_array_add (items, score_item (satisfaction, _("Handling without overdue"), 9, 90,
                                      k->resolved > 0 ? 100 - mc_kpi_percent (k->late, k->resolved)
                                                      : NAN, TRUE));
  g_ptr_array_add (items, score_item (satisfaction, _("Complaints and citizens’ ratings"), 9, 90,
                                      NAN, FALSE));
  return items;
}

double
mc_analysis_score_total (GPtrArray *scorecard, double *measured_max)
{
  double total = 0, max = 0;

  for (guint i = 0; scorecard != NULL && i < scorecard->len; i++)
    {
      const McScoreItem *s = g_ptr_array_index (scorecard, i);

      if (!s->measured)
        continue;
      max += s->max_points;
      if (!isnan (s->points))
        total += s->points;
    }
  if (measured_max != NULL)
    *measured_max = max;
  return total;
}

/* ---- Projection of the current year ---- */

static gboolean
project_year (Work *w, GError **error)
{
  McAnalysis *a = w->a;
  McProjection *pr = &a->projection;
  McDay today = mc_day_of_time (a->now);
  int year, month, day;
  gint64 gone, whole;

  mc_day_to_ymd (today, &year, &month, &day);
  pr->first = mc_day_from_ymd (year, 1, 1);
  pr->last = mc_day_from_ymd (year + 1, 1, 1) - 1;
  if (a->to < pr->first || a->from > pr->last)
    return TRUE;
  pr->year = year;
  pr->today = today;
  /* This year so far is often the period itself. */
  if (a->from == pr->first && a->to == today)
    {
      pr->so_far = a->kpi;
      pr->so_far.key = NULL;
    }
  else if (!mc_kpi_compute (w->store, pr->first, today, &pr->so_far, error))
    return FALSE;
  /* The pace is per working day: the desk receives nothing on days off. */
  gone = mc_calendar_working_seconds (w->cal, mc_time_from_day (pr->first, 0),
                                      mc_time_from_day (today + 1, 0));
  whole = mc_calendar_working_seconds (w->cal, mc_time_from_day (pr->first, 0),
                                       mc_time_from_day (pr->last + 1, 0));
  pr->elapsed = whole > 0 ? (double) gone / (double) whole : 1;
  pr->received = pr->so_far.received;
  pr->resolved = pr->so_far.resolved;
  pr->projected_received = pr->elapsed > 0 ? llround (pr->received / pr->elapsed) : pr->received;
  pr->projected_resolved = pr->elapsed > 0 ? llround (pr->resolved / pr->elapsed) : pr->resolved;
  return TRUE;
}

/* ---- What holds digitisation down ---- */

void
mc_digitisation_gap_free (McDigitisationGap *g)
{
  if (g == NULL)
    return;
  g_free (g->code);
  g_free (g->name);
  g_free (g);
}

typedef struct {
  GHashTable *groups[2];    /* by_officer → (id → McDigitisationGap*) */
  gint64      received, resolved;
} Gaps;

static McDigitisationGap *
gap_of (Gaps *g, gint64 by_officer, gint64 id)
{
  GHashTable *table = g->groups[by_officer != 0];
  McDigitisationGap *gap = g_hash_table_lookup (table, &id);

  if (gap == NULL)
    {
      gap = g_new0 (McDigitisationGap, 1);
      gap->by_officer = by_officer != 0;
      gap->id = id;
      g_hash_table_insert (table, &gap->id, gap);
    }
  return gap;
}

static void
gap_received (const gint64 *v, gpointer data)
{
  Gaps *g = data;
  McDigitisationGap *gap = gap_of (g, v[0], v[1]);

  gap->received += v[2];
  gap->input_missing += v[2] - v[3];
  /* Every dossier is in both groupings: the total from one of them. */
  if (v[0] == 0)
    g->received += v[2];
}

static void
gap_resolved (const gint64 *v, gpointer data)
{
  Gaps *g = data;
  McDigitisationGap *gap = gap_of (g, v[0], v[1]);

  gap->resolved += v[2];
  gap->result_missing += v[2] - v[3];
  if (v[0] == 0)
    g->resolved += v[2];
}

static int
compare_gaps (gconstpointer a, gconstpointer b)
{
  const McDigitisationGap *x = *(McDigitisationGap * const *) a;
  const McDigitisationGap *y = *(McDigitisationGap * const *) b;
  gint64 mx = x->input_missing + x->result_missing, my = y->input_missing + y->result_missing;

  if (x->gain != y->gain)
    return x->gain > y->gain ? -1 : 1;
  if (mx != my)
    return mx > my ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static GPtrArray *
gaps_list (GHashTable *table, const Gaps *g, GHashTable *names, GHashTable *codes)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_digitisation_gap_free);
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      McDigitisationGap *gap = value;
      const char *name = g_hash_table_lookup (names, &gap->id);

      g_hash_table_iter_steal (&it);
      if (gap->input_missing <= 0 && gap->result_missing <= 0)
        {
          mc_digitisation_gap_free (gap);
          continue;
        }
      gap->gain_input = g->received > 0 ? 100.0 * gap->input_missing / g->received : 0;
      gap->gain_result = g->resolved > 0 ? 100.0 * gap->result_missing / g->resolved : 0;
      gap->gain = gap->gain_input + gap->gain_result;
      gap->name = g_strdup (name != NULL && *name != '\0' ? name
                            : gap->by_officer ? _("(unassigned)") : "—");
      if (!gap->by_officer)
        gap->code = g_strdup (codes != NULL ? g_hash_table_lookup (codes, &gap->id) : NULL);
      g_ptr_array_add (list, gap);
    }
  g_ptr_array_sort (list, compare_gaps);
  return list;
}

/* The gaps of [FROM, TO] from the KPI's sums (up to date already), OFFICER_NAMES (gint64 id →
 * name) and PROCEDURES (McProcedure*) naming them. */
static gboolean
read_gaps (McStore *store, McDay from, McDay to, GHashTable *officer_names,
           GPtrArray *procedures, GPtrArray **by_officer, GPtrArray **by_procedure,
           GError **error)
{
  g_autoptr(GHashTable) officer_gaps = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         (GDestroyNotify) mc_digitisation_gap_free);
  g_autoptr(GHashTable) procedure_gaps = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                      (GDestroyNotify) mc_digitisation_gap_free);
  g_autoptr(GHashTable) procedure_names = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_int64_hash, g_int64_equal);
  Gaps g = { { procedure_gaps, officer_gaps }, 0, 0 };

  if (!mc_store_analysis_read (store, MC_STORE_ANALYSIS_GAP_RECEIVED, from, to, gap_received, &g,
                               error) ||
      !mc_store_analysis_read (store, MC_STORE_ANALYSIS_GAP_RESOLVED, from, to, gap_resolved, &g,
                               error))
    return FALSE;
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);

      g_hash_table_insert (procedure_names, &p->id, p->name);
      g_hash_table_insert (codes, &p->id, p->code);
    }
  if (by_officer != NULL)
    *by_officer = gaps_list (officer_gaps, &g, officer_names, NULL);
  if (by_procedure != NULL)
    *by_procedure = gaps_list (procedure_gaps, &g, procedure_names, codes);
  return TRUE;
}

gboolean
mc_analysis_digitisation_gaps (McStore *store, McDay from, McDay to, GPtrArray **by_officer,
                               GPtrArray **by_procedure, GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      g_free);
  g_autoptr(GPtrArray) procedures = NULL;
  Work w = { store };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  w.names = names;
  if (!mc_kpi_refresh (store, error) || !load_names (&w, error) ||
      (procedures = mc_store_list_procedures (store, error)) == NULL)
    return FALSE;
  return read_gaps (store, from, to, names, procedures, by_officer, by_procedure, error);
}

/* ---- The whole ---- */

McAnalysis *
mc_analysis_compute (McStore *store, McDay from, McDay to, McTime now,
                     GCancellable *cancellable, GError **error)
{
  g_autoptr(McAnalysis) a = g_new0 (McAnalysis, 1);
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GHashTable) officers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) loss = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) budgets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) durations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  Work w = { store, NULL, a, cancellable, officers, names, loss, budgets, durations };

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  a->from = from;
  a->to = to;
  a->now = now != 0 ? now : mc_store_now (store);
  a->officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_figures_free);
  a->loss = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_time_loss_free);
  a->loss_by_stage = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_time_loss_free);
  a->loss_by_officer = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_time_loss_free);
  a->procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_figures_free);
  w.cal = mc_store_get_calendar (store);

  /* The figures first: this checks the period and brings the sums up to date. The parts are
   * not read in one transaction, which would hold the database's write lock while the events
   * are walked; a dossier changed meanwhile shows in the next refresh. */
  if (!mc_kpi_compute (store, from, to, &a->kpi, error))
    return NULL;
  a->by_month = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_kpi_free);
  procedures = mc_store_list_procedures (store, error);
  if (procedures == NULL || !count_months (&w, error) || cancelled (&w, error) || !load_names (&w, error) ||
      !load_budgets (&w, procedures) || !count_officers (&w, error) ||
      !refresh_days (store, budgets, cancellable, error) || !read_sums (&w, error) ||
      !gather_procedures (&w, procedures, error) || cancelled (&w, error) ||
      (a->scorecard = mc_analysis_scorecard (store, &a->kpi, error)) == NULL ||
      !read_gaps (store, from, to, names, procedures, &a->gaps_by_officer,
                  &a->gaps_by_procedure, error) ||
      !project_year (&w, error))
    return NULL;

  gather_losses (&w);
  a->late_dossiers = a->kpi.late;
  g_ptr_array_sort (a->officers, compare_officers);
  return g_steal_pointer (&a);
}

void
mc_analysis_free (McAnalysis *a)
{
  if (a == NULL)
    return;
  mc_kpi_clear (&a->kpi);
  mc_kpi_clear (&a->projection.so_far);
  g_clear_pointer (&a->by_month, g_ptr_array_unref);
  g_clear_pointer (&a->officers, g_ptr_array_unref);
  g_clear_pointer (&a->loss_by_stage, g_ptr_array_unref);
  g_clear_pointer (&a->loss_by_officer, g_ptr_array_unref);
  g_clear_pointer (&a->loss, g_ptr_array_unref);
  g_clear_pointer (&a->procedures, g_ptr_array_unref);
  g_clear_pointer (&a->scorecard, g_ptr_array_unref);
  g_clear_pointer (&a->gaps_by_officer, g_ptr_array_unref);
  g_clear_pointer (&a->gaps_by_procedure, g_ptr_array_unref);
  g_free (a);
}
