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
#include "mc-store-private.h"
#include "mc-text.h"
#include "mc-workflow.h"

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
mc_analysis_percentile (const GArray *sorted, double q)
{
  gsize rank;

  if (sorted == NULL || sorted->len == 0)
    return -1;
  /* Nearest rank: the smallest value with at least Q of the values at or below it. */
  rank = (gsize) ceil (CLAMP (q, 0, 1) * sorted->len);
  return g_array_index (sorted, gint64, rank > 0 ? rank - 1 : 0);
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
  GHashTable       *durations;    /* procedure id → GArray of gint64 */
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

static gboolean
load_budgets (Work *w, GPtrArray *procedures)
{
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);
      gint64 *id = g_new (gint64, 1);
      gint64 *budgets = g_new0 (gint64, MC_N_STAGES);

      *id = p->id;
      mc_stage_budgets (p->steps, budgets);
      g_hash_table_insert (w->budgets, id, budgets);
    }
  return TRUE;
}

/* ---- Officers: handled, on time, overdue now ---- */

static gboolean
count_officers (Work *w, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* The per-day sums mc_kpi_compute has just brought up to date. */
  stmt = mc_store_prepare (w->store,
                           "SELECT group_id, sum (resolved), sum (early) + sum (on_time) "
                           "FROM kpi_resolved WHERE by_officer = 1 AND day >= ?1 AND day <= ?2 "
                           "GROUP BY 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, w->a->from);
  sqlite3_bind_int (stmt, 2, w->a->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McOfficerFigures *o = officer_of (w, sqlite3_column_int64 (stmt, 0));

      o->handled += sqlite3_column_int64 (stmt, 1);
      o->on_time += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (w->store, error, _("counting each officer’s dossiers"));

  /* The open dossiers' partial index answers this without reading the table. */
  stmt = mc_store_prepare (w->store,
                           "SELECT coalesce (handler_id, 0), count(*) FROM dossier "
                           "WHERE ended_at IS NULL AND status NOT IN (1, 3, 7, 8) AND due_at < ?1 "
                           "GROUP BY 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->a->now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    officer_of (w, sqlite3_column_int64 (stmt, 0))->overdue_now += sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (w->store, error, _("counting each officer’s overdue dossiers"));
  return TRUE;
}

/* ---- Stages of each dossier resolved in the period ---- */

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
  gboolean  late;
  gboolean  done;         /* the result was recorded: later events are not processing */
  int       stage;        /* the current stage, -1 before intake and while the clock stops */
  gint64    holder;
  McTime    since;
  StageTime stages[MC_N_STAGES];
} DossierWalk;

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

static void
walk_close_segment (Work *w, DossierWalk *d, McTime at)
{
  StageTime *s;
  gint64 seconds;
  guint i;

  if (d->stage < 0 || d->since == MC_TIME_NONE)
    return;
  seconds = mc_calendar_working_seconds (w->cal, d->since, at);
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
walk_event (Work *w, DossierWalk *d, McTime at, int action, gint64 actor, gint64 to_officer)
{
  int next = stage_after (action);

  if (d->done)
    return;
  walk_close_segment (w, d, at);
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
walk_finish (Work *w, DossierWalk *d)
{
  const gint64 *budgets = g_hash_table_lookup (w->budgets, &d->procedure_id);
  /* A sampled dossier stands for SAMPLE_EVERY dossiers in the officers' step times. */
  gint64 weight = d->id % w->a->sample_every == 0 ? w->a->sample_every : 0;

  for (int st = 0; st < MC_N_STAGES; st++)
    {
      const StageTime *s = &d->stages[st];
      gint64 budget = budgets != NULL ? budgets[st] : 0;
      gint64 excess = MAX (0, s->seconds - budget);

      if (s->n == 0)
        continue;
      for (guint i = 0; i < s->n; i++)
        {
          McOfficerFigures *o = officer_of (w, s->holder[i]);
          /* A stage that changed hands: each holder answers for his share of its time. */
          double share = s->seconds > 0 ? (double) s->held[i] / (double) s->seconds
                                        : 1.0 / s->n;

          o->steps += weight;
          o->step_seconds += weight * s->held[i];
          o->budget_seconds += weight * (gint64) llround (budget * share);
          if (d->late && budget > 0 && excess > 0 && s->held[i] > 0)
            {
              McTimeLoss *l = loss_of (w, st, s->holder[i]);

              l->dossiers++;
              l->excess_seconds += (gint64) llround (excess * share);
            }
        }
    }
}

static gboolean
walk_dossiers (Work *w, GPtrArray *procedures, GError **error)
{
  /* One procedure at a time: the resolved-dossiers index leads with the procedure, and each
   * dossier's events come in time order from theirs. Every late dossier, and the sample of the
   * others (reading the events of a million dossiers takes seconds, not the moment a glance
   * allows). */
  static const char sql[] =
    "SELECT d.id, d.outcome, d.received_at, d.ended_at, d.paused_seconds, "
    "       e.at, e.action, coalesce (e.actor_id, 0), coalesce (e.to_officer, 0) "
    "FROM dossier d LEFT JOIN dossier_event e ON e.dossier_id = d.id "
    "WHERE d.procedure_id = ?3 AND d.ended_at >= ?1 AND d.ended_at < ?2 AND d.status IN (9, 10) "
    "AND (d.outcome = 2 OR d.id % ?4 = 0) "
    "ORDER BY d.ended_at, d.id, e.at, e.id";
  McTime start = mc_time_from_day (w->a->from, 0), end = mc_time_from_day (w->a->to + 1, 0);

  for (guint p = 0; p < procedures->len; p++)
    {
      const McProcedure *proc = g_ptr_array_index (procedures, p);
      sqlite3_stmt *stmt = mc_store_prepare (w->store, sql, error);
      GArray *durations = g_array_new (FALSE, FALSE, sizeof (gint64));
      DossierWalk d = { .id = 0 };
      gint64 *key = g_new (gint64, 1);
      gboolean have = FALSE;
      guint rows = 0;
      int rc;

      *key = proc->id;
      g_hash_table_insert (w->durations, key, durations);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, start);
      sqlite3_bind_int64 (stmt, 2, end);
      sqlite3_bind_int64 (stmt, 3, proc->id);
      sqlite3_bind_int64 (stmt, 4, w->a->sample_every);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (!have || id != d.id)
            {
              McTime received = mc_stmt_get_time (stmt, 2), ended = mc_stmt_get_time (stmt, 3);
              gint64 seconds;

              if (have)
                walk_finish (w, &d);
              if (++rows % 4096 == 0 && g_cancellable_is_cancelled (w->cancellable))
                break;
              memset (&d, 0, sizeof d);
              d.id = id;
              d.procedure_id = proc->id;
              d.late = sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
                       sqlite3_column_int (stmt, 1) == MC_OUTCOME_LATE;
              d.stage = -1;
              d.since = MC_TIME_NONE;
              have = TRUE;
              if (received != MC_TIME_NONE && ended != MC_TIME_NONE &&
                  id % w->a->sample_every == 0)
                {
                  seconds = mc_calendar_working_seconds (w->cal, received, ended) -
                            sqlite3_column_int64 (stmt, 4);
                  seconds = MAX (0, seconds);
                  g_array_append_val (durations, seconds);
                }
            }
          if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
            walk_event (w, &d, sqlite3_column_int64 (stmt, 5), sqlite3_column_int (stmt, 6),
                        sqlite3_column_int64 (stmt, 7), sqlite3_column_int64 (stmt, 8));
        }
      sqlite3_reset (stmt);
      if (cancelled (w, error))
        return FALSE;
      if (rc != SQLITE_DONE)
        return mc_store_fail (w->store, error, _("reading the steps of the dossiers"));
      if (have)
        walk_finish (w, &d);
    }
  return TRUE;
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

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
mc_procedure_figures_free (McProcedureFigures *p)
{
  g_free (p->code);
  g_free (p->name);
  g_free (p);
}

static gboolean
gather_procedures (Work *w, GPtrArray *procedures, GError **error)
{
  g_autoptr(GPtrArray) kpis = mc_kpi_compute_by (w->store, w->a->from, w->a->to,
                                                 MC_KPI_BY_PROCEDURE, error);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);

  if (kpis == NULL)
    return FALSE;
  for (guint i = 0; i < kpis->len; i++)
    {
      McKpi *k = g_ptr_array_index (kpis, i);

      g_hash_table_insert (by_code, k->key, k);
    }
  for (guint i = 0; i < procedures->len; i++)
    {
      const McProcedure *proc = g_ptr_array_index (procedures, i);
      const McKpi *k = g_hash_table_lookup (by_code, proc->code);
      GArray *durations = g_hash_table_lookup (w->durations, &proc->id);
      McProcedureFigures *f;

      if (k == NULL || (k->received == 0 && k->resolved == 0))
        continue;
      f = g_new0 (McProcedureFigures, 1);
      f->procedure_id = proc->id;
      f->code = g_strdup (proc->code);
      f->name = g_strdup (proc->name);
      f->received = k->received;
      f->online = k->online_received;
      f->resolved = k->resolved;
      f->on_time = k->early + k->on_time;
      if (durations != NULL)
        qsort (durations->data, durations->len, sizeof (gint64), compare_gint64);
      f->median_seconds = mc_analysis_percentile (durations, 0.5);
      f->p90_seconds = mc_analysis_percentile (durations, 0.9);
      g_ptr_array_add (w->a->procedures, f);
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
  if (!mc_kpi_compute (w->store, pr->first, today, &pr->so_far, error))
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
  a->now = now != 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
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
  a->sample_every = MAX (1, (a->kpi.resolved + MC_ANALYSIS_SAMPLE - 1) / MC_ANALYSIS_SAMPLE);
  a->by_month = mc_kpi_compute_by (store, from, to, MC_KPI_BY_MONTH, error);
  procedures = a->by_month != NULL ? mc_store_list_procedures (store, error) : NULL;
  if (procedures == NULL || cancelled (&w, error) || !load_names (&w, error) ||
      !load_budgets (&w, procedures) || !count_officers (&w, error) ||
      cancelled (&w, error) || !walk_dossiers (&w, procedures, error) ||
      !gather_procedures (&w, procedures, error) || cancelled (&w, error) ||
      (a->scorecard = mc_analysis_scorecard (store, &a->kpi, error)) == NULL ||
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
  g_free (a);
}
