/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPIs of DOMAIN.md §5, from the values stored when dossiers are accepted and resolved. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-private.h"
#include "mc-text.h"

McOutcome
mc_kpi_classify (McTime ended, McTime due, int supplement_count)
{
  if (ended == MC_TIME_NONE)
    return MC_OUTCOME_NONE;
  /* More than one supplement request makes a dossier late whatever its end (DOMAIN.md §5). */
  if (supplement_count > 1 || (due != MC_TIME_NONE && ended > due))
    return MC_OUTCOME_LATE;
  if (due != MC_TIME_NONE && mc_day_of_time (ended) < mc_day_of_time (due))
    return MC_OUTCOME_EARLY;
  return MC_OUTCOME_ON_TIME;
}

gboolean
mc_kpi_is_late_intake (const McCalendar *cal, McTime submitted, McTime accepted)
{
  if (submitted == MC_TIME_NONE || accepted == MC_TIME_NONE)
    return FALSE;
  return mc_calendar_working_seconds (cal, submitted, accepted) > MC_ONLINE_INTAKE_HOURS * 3600;
}

double
mc_kpi_percent (gint64 num, gint64 den)
{
  if (den == 0)
    return NAN;
  return 100.0 * (double) num / (double) den;
}

double
mc_kpi_on_time_rate (const McKpi *k)
{
  return mc_kpi_percent (k->early + k->on_time, k->resolved);
}

double
mc_kpi_progress_rate (const McKpi *k)
{
  return mc_kpi_percent (k->resolved - k->late + k->open_at_end - k->open_overdue_at_end,
                         k->resolved + k->open_at_end);
}

double
mc_kpi_online_rate (const McKpi *k)
{
  return mc_kpi_percent (k->online_received, k->received);
}

double
mc_kpi_online_rate_partial (const McKpi *k)
{
  return mc_kpi_percent (k->partial_online, k->partial_received);
}

double
mc_kpi_online_rate_full (const McKpi *k)
{
  return mc_kpi_percent (k->full_online, k->full_received);
}

double
mc_kpi_digitized_input_rate (const McKpi *k)
{
  return mc_kpi_percent (k->digitized_inputs, k->received);
}

double
mc_kpi_digitized_result_rate (const McKpi *k)
{
  return mc_kpi_percent (k->digitized_results, k->resolved);
}

double
mc_kpi_online_payment_rate (const McKpi *k)
{
  return mc_kpi_percent (k->paid_online, k->fee_dossiers);
}

double
mc_kpi_late_online_intake_rate (const McKpi *k)
{
  return mc_kpi_percent (k->late_online_intake, k->online_received);
}

/* ---- Counting ----
 *
 * Received and resolved figures are read from the per-day sums of 0002-kpi.sql, recounted first
 * for the days that changed since; open dossiers at the end of a period are counted from the
 * dossiers. The indexes are led by times, so the desk's writes, which come in time order, append
 * to them. */

/* The dossiers and their procedure's level, walking INDEX by time (named: with no statistics, the
 * planner would rather take "status IN (9, 10)" to dossier_status_due and read every row). */
#define WITH_LEVEL(INDEX) \
  " FROM dossier d INDEXED BY " INDEX " JOIN procedure p ON p.id = d.procedure_id WHERE "
/* The dossiers still open (no end time), or ended from ?1 on. The unary + keeps the planner
 * from walking the receipt times instead, all of the past. */
#define OPEN_NOW  " FROM dossier d INDEXED BY dossier_kpi_open WHERE d.ended_at IS NULL AND " \
                  "d.status NOT IN (1, 3, 7, 8) AND d.received_at < ?2"
#define OPEN_THEN " FROM dossier d INDEXED BY dossier_kpi_ended WHERE d.ended_at >= ?1 AND " \
                  "d.status NOT IN (1, 3, 7, 8) AND +d.received_at < ?2"

/* Recounting streams the dossiers of the days in time order and adds them up in C, by procedure
 * and by officer at once: GROUP BYs by day would sort them, about three times slower. */
#define N_COUNTS_MAX 6

typedef struct {
  const char *select_sql;   /* ?1, ?2: times; columns: time, procedure, handler, level, then the
                             * columns the table's counts are made of */
  const char *delete_sql;   /* ?1, ?2: days */
  const char *insert_sql;   /* day, by_officer, group_id, level, counts */
  guint       n_counts;
  void      (*counts_of)    (sqlite3_stmt *stmt, gint64 *counts);
} SumTable;

static void
received_counts (sqlite3_stmt *stmt, gint64 *c)
{
  gboolean online = sqlite3_column_int (stmt, 4) == MC_CHANNEL_ONLINE;
  gboolean fee = sqlite3_column_int64 (stmt, 6) > 0;

  c[0] = 1;
  c[1] = online;
  c[2] = sqlite3_column_int (stmt, 5) != 0;
  c[3] = fee;
  c[4] = fee && sqlite3_column_int (stmt, 7) != 0;
  c[5] = online && sqlite3_column_int (stmt, 8) != 0;
}

static void
resolved_counts (sqlite3_stmt *stmt, gint64 *c)
{
  int outcome = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? MC_OUTCOME_NONE
                                                              : sqlite3_column_int (stmt, 4);

  c[0] = 1;
  c[1] = outcome == MC_OUTCOME_EARLY;
  c[2] = outcome == MC_OUTCOME_ON_TIME;
  c[3] = outcome == MC_OUTCOME_LATE;
  c[4] = sqlite3_column_int (stmt, 5) != 0;
}

static const SumTable sum_tables[] = {
  { "SELECT d.received_at, d.procedure_id, coalesce (d.handler_id, 0), p.online_level, d.channel, "
    "d.digitized_input, d.fee, d.paid_online, d.late_intake" WITH_LEVEL ("dossier_kpi_received")
    "d.received_at >= ?1 AND d.received_at < ?2 AND d.status NOT IN (1, 3)",
    "DELETE FROM kpi_received WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2",
    "INSERT INTO kpi_received VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    6, received_counts },
  { "SELECT d.ended_at, d.procedure_id, coalesce (d.handler_id, 0), p.online_level, d.outcome, "
    "d.digitized_result" WITH_LEVEL ("dossier_kpi_ended")
    "d.ended_at >= ?1 AND d.ended_at < ?2 AND d.status IN (9, 10)",
    "DELETE FROM kpi_resolved WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2",
    "INSERT INTO kpi_resolved VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    5, resolved_counts },
};

typedef struct {
  McDay  day;
  int    by_officer;
  gint64 group_id;
  int    level;
} SumKey;

typedef struct {
  SumKey key;
  gint64 counts[N_COUNTS_MAX];
} SumRow;

static guint
sum_key_hash (gconstpointer p)
{
  const SumKey *k = p;

  return (guint) k->day * 31u + (guint) k->group_id * 7u + (guint) k->level * 3u +
         (guint) k->by_officer;
}

static gboolean
sum_key_equal (gconstpointer a, gconstpointer b)
{
  const SumKey *x = a, *y = b;

  return x->day == y->day && x->by_officer == y->by_officer && x->group_id == y->group_id &&
         x->level == y->level;
}

static void
add_to_sum (GHashTable *sums, const SumKey *key, const gint64 *counts, guint n)
{
  SumRow *row = g_hash_table_lookup (sums, key);

  if (row == NULL)
    {
      row = g_new0 (SumRow, 1);
      row->key = *key;
      g_hash_table_add (sums, row);
    }
  for (guint i = 0; i < n; i++)
    row->counts[i] += counts[i];
}

static gboolean
recount_table (McStore *store, const SumTable *table, McDay first, McDay last, GError **error)
{
  g_autoptr(GHashTable) sums = g_hash_table_new_full (sum_key_hash, sum_key_equal, NULL, g_free);
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer value;
  int rc;

  stmt = mc_store_prepare (store, table->delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, first);
  sqlite3_bind_int (stmt, 2, last);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, _("bringing the figures up to date"));

  stmt = mc_store_prepare (store, table->select_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_time_from_day (first, 0));
  sqlite3_bind_int64 (stmt, 2, mc_time_from_day (last + 1, 0));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McDay day = mc_day_of_time (sqlite3_column_int64 (stmt, 0));
      SumKey by_procedure = { day, 0, sqlite3_column_int64 (stmt, 1), 0 };
      SumKey by_officer = { day, 1, sqlite3_column_int64 (stmt, 2), sqlite3_column_int (stmt, 3) };
      gint64 counts[N_COUNTS_MAX];

      table->counts_of (stmt, counts);
      add_to_sum (sums, &by_procedure, counts, table->n_counts);
      add_to_sum (sums, &by_officer, counts, table->n_counts);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, _("bringing the figures up to date"));

  stmt = mc_store_prepare (store, table->insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      const SumRow *row = value;

      sqlite3_bind_int (stmt, 1, row->key.day);
      sqlite3_bind_int (stmt, 2, row->key.by_officer);
      sqlite3_bind_int64 (stmt, 3, row->key.group_id);
      sqlite3_bind_int (stmt, 4, row->key.level);
      for (guint i = 0; i < table->n_counts; i++)
        sqlite3_bind_int64 (stmt, 5 + i, row->counts[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return mc_store_fail (store, error, _("bringing the figures up to date"));
    }
  return TRUE;
}

static gboolean
recount_days (McStore *store, McDay first, McDay last, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sum_tables); i++)
    if (!recount_table (store, &sum_tables[i], first, last, error))
      return FALSE;
  return TRUE;
}

/* Inside a transaction: recounts the marked days, a run of consecutive days at a time. */
static gboolean
refresh_marked_days (McStore *store, GError **error)
{
  g_autoptr(GArray) days = mc_store_read_marked_days (store, "kpi_dirty",
                                                      _("bringing the figures up to date"),
                                                      error);
  McDay first, last;

  if (days == NULL)
    return FALSE;
  if (days->len == 0)
    return TRUE;
  for (guint i = 0; mc_day_run_next (days, &i, 0, &first, &last);)
    if (!recount_days (store, first, last, error))
      return FALSE;
  return mc_store_exec (store, "DELETE FROM kpi_dirty", error);
}

gboolean
mc_kpi_refresh (McStore *store, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!refresh_marked_days (store, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

/* Reading a period: days ?1–?2 of the sums; open dossiers at the end T = ?2 (a time). Each query
 * in three forms: the whole office, by procedure and by officer (Grouping). The sums by officer
 * keep the procedures' levels, so the whole office reads them too, with no join and no sort. */
typedef enum { GROUP_NONE, GROUP_PROCEDURE, GROUP_OFFICER } Grouping;

#define SUM_RECEIVED \
  "sum (r.received), sum (r.online_received), sum (r.digitized_inputs), sum (r.fee_dossiers), " \
  "sum (r.paid_online), sum (r.late_online_intake), "
#define SUM_LEVELS_KEPT \
  "sum (r.received) FILTER (WHERE r.level = 1), " \
  "sum (r.online_received) FILTER (WHERE r.level = 1), " \
  "sum (r.received) FILTER (WHERE r.level = 2), " \
  "sum (r.online_received) FILTER (WHERE r.level = 2)"
#define SUM_LEVELS_JOINED \
  "(p.online_level = 1) * sum (r.received), (p.online_level = 1) * sum (r.online_received), " \
  "(p.online_level = 2) * sum (r.received), (p.online_level = 2) * sum (r.online_received)"
#define SUM_RESOLVED \
  "sum (r.resolved), sum (r.early), sum (r.on_time), sum (r.late), sum (r.digitized_results)"
#define IN_DAYS(by_officer) " WHERE r.by_officer = " by_officer " AND r.day >= ?1 AND r.day <= ?2"

static const char * const received_sql[] = {
  [GROUP_NONE] = "SELECT 0, " SUM_RECEIVED SUM_LEVELS_KEPT " FROM kpi_received r" IN_DAYS ("1"),
  [GROUP_PROCEDURE] = "SELECT r.group_id, " SUM_RECEIVED SUM_LEVELS_JOINED
                      " FROM kpi_received r JOIN procedure p ON p.id = r.group_id" IN_DAYS ("0")
                      " GROUP BY 1",
  [GROUP_OFFICER] = "SELECT r.group_id, " SUM_RECEIVED SUM_LEVELS_KEPT " FROM kpi_received r"
                    IN_DAYS ("1") " GROUP BY 1",
};

static const char * const resolved_sql[] = {
  [GROUP_NONE] = "SELECT 0, " SUM_RESOLVED " FROM kpi_resolved r" IN_DAYS ("1"),
  [GROUP_PROCEDURE] = "SELECT r.group_id, " SUM_RESOLVED " FROM kpi_resolved r" IN_DAYS ("0")
                      " GROUP BY 1",
  [GROUP_OFFICER] = "SELECT r.group_id, " SUM_RESOLVED " FROM kpi_resolved r" IN_DAYS ("1")
                    " GROUP BY 1",
};

typedef enum { ADD_RECEIVED, ADD_RESOLVED } AddKind;

/* Where the counts of one query go: one McKpi for the whole office, or one per group id
 * (procedure or officer id; 0 for dossiers with no handler). */
typedef struct {
  McDay       from, to;
  McKpi      *total;      /* or NULL */
  GHashTable *groups;     /* gint64 id → McKpi*, when total is NULL */
} Sink;

static McKpi *
sink_target (Sink *sink, gint64 id)
{
  McKpi *k;

  if (sink->total != NULL)
    return sink->total;
  k = g_hash_table_lookup (sink->groups, &id);
  if (k == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      k = g_new0 (McKpi, 1);
      k->from = sink->from;
      k->to = sink->to;
      g_hash_table_insert (sink->groups, key, k);
    }
  return k;
}

static gboolean
run_query (McStore *store, const char *sql, AddKind kind, gint64 param1, gint64 param2,
           Sink *sink, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, param1);
  sqlite3_bind_int64 (stmt, 2, param2);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McKpi *k = sink_target (sink, sqlite3_column_int64 (stmt, 0));
#define COL(i) sqlite3_column_int64 (stmt, (i))
      switch (kind)
        {
        case ADD_RECEIVED:
          k->received += COL (1);
          k->online_received += COL (2);
          k->digitized_inputs += COL (3);
          k->fee_dossiers += COL (4);
          k->paid_online += COL (5);
          k->late_online_intake += COL (6);
          k->partial_received += COL (7);
          k->partial_online += COL (8);
          k->full_received += COL (9);
          k->full_online += COL (10);
          break;
        case ADD_RESOLVED:
          k->resolved += COL (1);
          k->early += COL (2);
          k->on_time += COL (3);
          k->late += COL (4);
          k->digitized_results += COL (5);
          break;
        }
#undef COL
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, _("counting the figures of the period"));
  return TRUE;
}

/* Open and past due at the ends ENDS[0] < … < ENDS[n-1] (one end for a period, one per month
 * by month), in one pass over the dossiers open at one of them at least, still open or ended
 * since: a dossier received at r, due at d and ended at e (or never) is open at the ends in
 * (r, e] and past due at those in (max (r, d), e]. Counted in C: no sort by group, and one pass
 * for all the month ends instead of one each. */
static const char * const open_sweep_sql[] = {
  "SELECT d.received_at, d.due_at, d.ended_at, d.procedure_id, coalesce (d.handler_id, 0)"
  OPEN_NOW,
  "SELECT d.received_at, d.due_at, d.ended_at, d.procedure_id, coalesce (d.handler_id, 0)"
  OPEN_THEN,
};

/* The same for one end and no groups: counted in SQL, twice as fast as rows streamed to C. */
#define OPEN_TOTALS "SELECT count(*), count(*) FILTER (WHERE d.due_at < ?2)"
static const char * const open_total_sql[] = { OPEN_TOTALS OPEN_NOW, OPEN_TOTALS OPEN_THEN };

/* The McKpi that counts group GROUP_ID at end number I. */
typedef McKpi *(*OpenTarget) (gpointer data, gint64 group_id, guint i);

/* The first index whose end is after T (n when none). */
static guint
first_end_after (const McTime *ends, guint n, McTime t)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (ends[mid] > t)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

static gboolean
sweep_open (McStore *store, GHashTable *diffs, const McTime *ends, guint n, Grouping grouping,
            GError **error)
{
  for (gsize q = 0; q < G_N_ELEMENTS (open_sweep_sql); q++)
    {
      sqlite3_stmt *stmt = mc_store_prepare (store, open_sweep_sql[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ends[0]);
      sqlite3_bind_int64 (stmt, 2, ends[n - 1]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          McTime received = sqlite3_column_int64 (stmt, 0);
          McTime due = mc_stmt_get_time (stmt, 1);
          McTime ended = mc_stmt_get_time (stmt, 2);
          gint64 group_id = grouping == GROUP_PROCEDURE ? sqlite3_column_int64 (stmt, 3)
                          : grouping == GROUP_OFFICER ? sqlite3_column_int64 (stmt, 4) : 0;
          guint from = first_end_after (ends, n, received);
          guint until = ended == MC_TIME_NONE ? n : first_end_after (ends, n, ended);
          guint late_from = due == MC_TIME_NONE ? n
                                                : first_end_after (ends, n, MAX (received, due));
          gint64 *diff;

          if (from >= until)
            continue;
          /* Differences: [0, n] for open, [n + 1, 2n + 1] for past due. */
          diff = g_hash_table_lookup (diffs, &group_id);
          if (diff == NULL)
            {
              gint64 *key = g_new (gint64, 1);

              *key = group_id;
              diff = g_new0 (gint64, 2 * (n + 1));
              g_hash_table_insert (diffs, key, diff);
            }
          diff[from]++;
          diff[until]--;
          if (late_from < until)
            {
              diff[n + 1 + late_from]++;
              diff[n + 1 + until]--;
            }
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return mc_store_fail (store, error, _("counting the figures of the period"));
    }
  return TRUE;
}

static gboolean
count_open_total (McStore *store, McTime end, McKpi *k, GError **error)
{
  for (gsize q = 0; q < G_N_ELEMENTS (open_total_sql); q++)
    {
      sqlite3_stmt *stmt = mc_store_prepare (store, open_total_sql[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, end);
      sqlite3_bind_int64 (stmt, 2, end);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          k->open_at_end += sqlite3_column_int64 (stmt, 0);
          k->open_overdue_at_end += sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return mc_store_fail (store, error, _("counting the figures of the period"));
    }
  return TRUE;
}

static gboolean
count_open (McStore *store, const McTime *ends, guint n, Grouping grouping, OpenTarget target,
            gpointer data, GError **error)
{
  g_autoptr(GHashTable) diffs = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (n == 1 && grouping == GROUP_NONE)
    return count_open_total (store, ends[0], target (data, 0, 0), error);
  diffs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (!sweep_open (store, diffs, ends, n, grouping, error))
    return FALSE;
  g_hash_table_iter_init (&iter, diffs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const gint64 *diff = value;
      gint64 open = 0, overdue = 0;

      for (guint i = 0; i < n; i++)
        {
          McKpi *k = target (data, *(gint64 *) key, i);

          open += diff[i];
          overdue += diff[n + 1 + i];
          k->open_at_end += open;
          k->open_overdue_at_end += overdue;
        }
    }
  return TRUE;
}

static McKpi *
sink_open_target (gpointer data, gint64 group_id, guint i)
{
  (void) i;
  return sink_target (data, group_id);
}

/* The received and resolved figures of the days [from, to], from the sums. */
static gboolean
count_sums (McStore *store, McDay from, McDay to, Grouping grouping, Sink *sink, GError **error)
{
  return run_query (store, received_sql[grouping], ADD_RECEIVED, from, to, sink, error) &&
         run_query (store, resolved_sql[grouping], ADD_RESOLVED, from, to, sink, error);
}

/* In one transaction, so that the figures agree with each other even while the desk works: the
 * changed days recounted, then the period read. */
static gboolean
count_period (McStore *store, McDay from, McDay to, Grouping grouping, Sink *sink,
              GError **error)
{
  McTime end = mc_time_from_day (to + 1, 0);

  sink->from = from;
  sink->to = to;
  if (!mc_store_begin (store, error))
    return FALSE;
  if (!refresh_marked_days (store, error) ||
      !count_sums (store, from, to, grouping, sink, error) ||
      !count_open (store, &end, 1, grouping, sink_open_target, sink, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

static gboolean
check_period (McDay from, McDay to, GError **error)
{
  if (from > to)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The period starts after it ends: choose a first day on or before the "
                     "last day."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_kpi_compute (McStore *store, McDay from, McDay to, McKpi *out, GError **error)
{
  Sink sink = { 0 };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->from = from;
  out->to = to;
  if (!check_period (from, to, error))
    return FALSE;
  sink.total = out;
  return count_period (store, from, to, GROUP_NONE, &sink, error);
}

/* Names of the groups: procedure codes or officer names, by id. */
static GHashTable *
load_names (McStore *store, gboolean by_officer, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store, by_officer ? "SELECT id, name FROM officer"
                                                           : "SELECT id, code FROM procedure",
                                         error);
  GHashTable *names;
  int rc;

  if (stmt == NULL)
    return NULL;
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (names, id, mc_stmt_dup_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (names);
      mc_store_fail (store, error, _("reading the names of the groups"));
      return NULL;
    }
  return names;
}

/* Officers by name in Vietnamese order, the dossiers with no handler last; procedures by code. */
static int
compare_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const McKpi *ka = *(McKpi * const *) a;
  const McKpi *kb = *(McKpi * const *) b;
  const char *unassigned = user_data;

  if (unassigned != NULL)
    {
      gboolean ua = g_str_equal (ka->key, unassigned), ub = g_str_equal (kb->key, unassigned);

      if (ua != ub)
        return ua ? 1 : -1;
      return mc_text_collate (ka->key, kb->key);
    }
  return strcmp (ka->key, kb->key);
}

static GPtrArray *
compute_grouped (McStore *store, McDay from, McDay to, gboolean by_officer, GError **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) mc_kpi_free);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_kpi_free);
  const char *unassigned = _("(unassigned)");
  Sink sink = { .groups = groups };
  GHashTableIter iter;
  gpointer key, value;

  if (!count_period (store, from, to, by_officer ? GROUP_OFFICER : GROUP_PROCEDURE, &sink, error))
    return NULL;
  names = load_names (store, by_officer, error);
  if (names == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      McKpi *k = value;
      const char *name = g_hash_table_lookup (names, key);

      k->key = g_strdup (name != NULL && *name != '\0' ? name : unassigned);
      g_hash_table_iter_steal (&iter);
      g_free (key);
      g_ptr_array_add (result, k);
    }
  g_ptr_array_sort_with_data (result, compare_keys, by_officer ? (gpointer) unassigned : NULL);
  return g_steal_pointer (&result);
}

static McKpi *
month_target (gpointer data, gint64 group_id, guint i)
{
  (void) group_id;
  return g_ptr_array_index ((GPtrArray *) data, i);
}

/* One row per calendar month touching [from, to], each over its part of the period: what was
 * received and resolved in it, and what was open at its end. Empty months are kept. */
static gboolean
count_months (McStore *store, McDay from, McDay to, GPtrArray *result, GError **error)
{
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (McTime));
  McDay first = from;

  if (!refresh_marked_days (store, error))
    return FALSE;
  while (first <= to)
    {
      int year, month, day;
      McDay next_month;
      McTime end;
      McKpi *k = g_new0 (McKpi, 1);
      Sink sink = { .total = k };

      g_ptr_array_add (result, k);
      mc_day_to_ymd (first, &year, &month, &day);
      next_month = month == 12 ? mc_day_from_ymd (year + 1, 1, 1)
                               : mc_day_from_ymd (year, month + 1, 1);
      k->key = g_strdup_printf ("%04d-%02d", year, month);
      k->from = first;
      k->to = MIN (to, next_month - 1);
      end = mc_time_from_day (k->to + 1, 0);
      g_array_append_val (ends, end);
      if (!count_sums (store, k->from, k->to, GROUP_NONE, &sink, error))
        return FALSE;
      first = next_month;
    }
  return count_open (store, (const McTime *) ends->data, ends->len, GROUP_NONE, month_target,
                     result, error);
}

static GPtrArray *
compute_by_month (McStore *store, McDay from, McDay to, GError **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_kpi_free);

  if (!mc_store_begin (store, error))
    return NULL;
  if (!count_months (store, from, to, result, error))
    {
      mc_store_rollback (store);
      return NULL;
    }
  if (!mc_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&result);
}

GPtrArray *
mc_kpi_compute_by (McStore *store, McDay from, McDay to, McKpiGrouping by, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!check_period (from, to, error))
    return NULL;
  switch (by)
    {
    case MC_KPI_BY_OFFICER:
      return compute_grouped (store, from, to, TRUE, error);
    case MC_KPI_BY_PROCEDURE:
      return compute_grouped (store, from, to, FALSE, error);
    case MC_KPI_BY_MONTH:
      return compute_by_month (store, from, to, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mc_kpi_clear (McKpi *k)
{
  if (k == NULL)
    return;
  g_free (k->key);
  memset (k, 0, sizeof *k);
}

void
mc_kpi_free (McKpi *k)
{
  if (k == NULL)
    return;
  g_free (k->key);
  g_free (k);
}

/* ---- JSON (CLI.md) ---- */

static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_count (GString *out, const char *indent, const char *name, gint64 value)
{
  g_string_append_printf (out, ",\n%s  \"%s\": %" G_GINT64_FORMAT, indent, name, value);
}

/* A percentage with four decimals whatever the locale, or null when not applicable. */
static void
append_rate (GString *out, const char *indent, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, ",\n%s  \"%s\": ", indent, name);
  if (isnan (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.4f", value));
}

static void
append_json (GString *out, const McKpi *k, const char *indent)
{
  g_autofree char *from = mc_day_to_iso (k->from);
  g_autofree char *to = mc_day_to_iso (k->to);

  g_string_append_printf (out, "%s{\n", indent);
  if (k->key != NULL)
    {
      g_string_append_printf (out, "%s  \"key\": ", indent);
      append_json_string (out, k->key);
      g_string_append (out, ",\n");
    }
  g_string_append_printf (out, "%s  \"from\": \"%s\",\n%s  \"to\": \"%s\"",
                          indent, from, indent, to);
  append_count (out, indent, "received", k->received);
  append_count (out, indent, "resolved", k->resolved);
  append_count (out, indent, "early", k->early);
  append_count (out, indent, "on_time", k->on_time);
  append_count (out, indent, "late", k->late);
  append_rate (out, indent, "on_time_rate", mc_kpi_on_time_rate (k));
  append_count (out, indent, "open_at_end", k->open_at_end);
  append_count (out, indent, "open_overdue_at_end", k->open_overdue_at_end);
  append_rate (out, indent, "progress_rate", mc_kpi_progress_rate (k));
  append_count (out, indent, "online_received", k->online_received);
  append_rate (out, indent, "online_rate", mc_kpi_online_rate (k));
  append_count (out, indent, "partial_received", k->partial_received);
  append_count (out, indent, "partial_online", k->partial_online);
  append_rate (out, indent, "online_rate_partial", mc_kpi_online_rate_partial (k));
  append_count (out, indent, "full_received", k->full_received);
  append_count (out, indent, "full_online", k->full_online);
  append_rate (out, indent, "online_rate_full", mc_kpi_online_rate_full (k));
  append_count (out, indent, "digitized_inputs", k->digitized_inputs);
  append_rate (out, indent, "digitized_input_rate", mc_kpi_digitized_input_rate (k));
  append_count (out, indent, "digitized_results", k->digitized_results);
  append_rate (out, indent, "digitized_result_rate", mc_kpi_digitized_result_rate (k));
  append_count (out, indent, "fee_dossiers", k->fee_dossiers);
  append_count (out, indent, "paid_online", k->paid_online);
  append_rate (out, indent, "online_payment_rate", mc_kpi_online_payment_rate (k));
  append_count (out, indent, "late_online_intake", k->late_online_intake);
  append_rate (out, indent, "late_online_intake_rate", mc_kpi_late_online_intake_rate (k));
  g_string_append_printf (out, "\n%s}", indent);
}

char *
mc_kpi_to_json (const McKpi *k)
{
  GString *out = g_string_new (NULL);

  append_json (out, k, "");
  return g_string_free (out, FALSE);
}

char *
mc_kpi_array_to_json (GPtrArray *kpis)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < kpis->len; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_json (out, g_ptr_array_index (kpis, i), "  ");
    }
  g_string_append (out, kpis->len > 0 ? "\n]" : "]");
  return g_string_free (out, FALSE);
}

/* ---- Targets ---- */

static const char * const target_names[] = {
  "on_time_rate", "online_rate", "online_rate_partial", "online_rate_full",
  "digitized_input_rate", "digitized_result_rate", "online_payment_rate", "progress_rate",
};

gboolean
mc_kpi_is_target_name (const char *kpi)
{
  for (gsize i = 0; kpi != NULL && i < G_N_ELEMENTS (target_names); i++)
    if (g_str_equal (kpi, target_names[i]))
      return TRUE;
  return FALSE;
}

double
mc_kpi_get_target (McStore *store, int year, const char *kpi)
{
  sqlite3_stmt *stmt;
  double value = NAN;

  g_return_val_if_fail (MC_IS_STORE (store), NAN);
  stmt = mc_store_prepare (store, "SELECT value FROM target WHERE year = ? AND kpi = ?", NULL);
  if (stmt == NULL || kpi == NULL)
    return NAN;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, kpi, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
mc_kpi_set_target (McStore *store, gint64 actor_id, int year, const char *kpi, double value,
                   GError **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the targets."));
      return FALSE;
    }
  if (!mc_kpi_is_target_name (kpi))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a figure that takes a target."), kpi ? kpi : "");
      return FALSE;
    }
  if (year < 2000 || year > 2100)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The year %d of a target is out of range (2000–2100)."), year);
      return FALSE;
    }
  if (!isfinite (value) || value < 0 || value > 100)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A target is a percentage from 0 to 100."));
      return FALSE;
    }

  details = g_strdup_printf ("%d %s=%s", year, kpi, g_ascii_formatd (buf, sizeof buf, "%g", value));
  if (!mc_store_begin (store, error))
    return FALSE;
  stmt = mc_store_prepare (store,
      "INSERT INTO target (year, kpi, value) VALUES (?, ?, ?) "
      "ON CONFLICT (year, kpi) DO UPDATE SET value = excluded.value", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, kpi, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 3, value);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          mc_store_fail (store, error, _("saving the target"));
          sqlite3_reset (stmt);
          stmt = NULL;
        }
      else
        sqlite3_reset (stmt);
    }
  if (stmt == NULL ||
      !mc_audit_append (store, actor_id, "target", "target", year, details, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}
