/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's sums (0004-analysis.sql of each engine) and the reads mc-analysis.c counts
 * them from. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

/* Indexed by McStoreAnalysisQuery; ?1, ?2: days, or a time for OFFICER_OVERDUE. */
static const struct { const char *sql; int n_params; int n_columns; } queries[] = {
  [MC_STORE_ANALYSIS_OFFICER_RESOLVED] = {
    "SELECT group_id, sum (resolved), sum (early) + sum (on_time) FROM kpi_resolved "
    "WHERE by_officer = 1 AND day >= ?1 AND day <= ?2 GROUP BY group_id", 2, 3 },
  /* The overdue rule of mc_dossier_is_overdue. */
  [MC_STORE_ANALYSIS_OFFICER_OVERDUE] = {
    "SELECT coalesce (handler_id, 0), count(*) FROM dossier "
    "WHERE ended_at IS NULL AND status IN (2, 4, 6) AND due_at < ?1 "
    "GROUP BY coalesce (handler_id, 0)", 1, 2 },
  [MC_STORE_ANALYSIS_STEP_SUMS] = {
    "SELECT officer_id, sum (steps), sum (seconds), sum (budget) FROM analysis_step "
    "WHERE day >= ?1 AND day <= ?2 GROUP BY officer_id", 2, 4 },
  [MC_STORE_ANALYSIS_LOSS_SUMS] = {
    "SELECT stage, officer_id, sum (dossiers), sum (excess) FROM analysis_loss "
    "WHERE day >= ?1 AND day <= ?2 GROUP BY stage, officer_id", 2, 4 },
  /* A year holds ~10^5 of these rows: added up in C, not sorted by the engine. */
  [MC_STORE_ANALYSIS_TIME_SUMS] = {
    "SELECT procedure_id, bucket, dossiers FROM analysis_time WHERE day >= ?1 AND day <= ?2",
    2, 3 },
  [MC_STORE_ANALYSIS_DAY_RECEIVED] = {
    "SELECT r.day, p.online_level, r.received, r.online_received, r.digitized_inputs, "
    "r.fee_dossiers, r.paid_online, r.late_online_intake "
    "FROM kpi_received r JOIN procedure p ON p.id = r.group_id "
    "WHERE r.by_officer = 0 AND r.day >= ?1 AND r.day <= ?2", 2, 8 },
  [MC_STORE_ANALYSIS_DAY_RESOLVED] = {
    "SELECT day, resolved, early, on_time, late, digitized_results FROM kpi_resolved "
    "WHERE by_officer = 0 AND day >= ?1 AND day <= ?2", 2, 6 },
  [MC_STORE_ANALYSIS_PROCEDURE_RECEIVED] = {
    "SELECT group_id, sum (received), sum (online_received) FROM kpi_received "
    "WHERE by_officer = 0 AND day >= ?1 AND day <= ?2 GROUP BY group_id", 2, 3 },
  [MC_STORE_ANALYSIS_PROCEDURE_RESOLVED] = {
    "SELECT group_id, sum (resolved), sum (early) + sum (on_time) FROM kpi_resolved "
    "WHERE by_officer = 0 AND day >= ?1 AND day <= ?2 GROUP BY group_id", 2, 3 },
  /* What holds digitisation down, by procedure and by handling officer in one read each: the
   * per-day sums (a year is a few thousand rows whatever the number of dossiers), through their
   * primary key (by_officer, day, …). */
  [MC_STORE_ANALYSIS_GAP_RECEIVED] = {
    "SELECT by_officer, group_id, sum (received), sum (digitized_inputs) FROM kpi_received "
    "WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2 GROUP BY by_officer, group_id",
    2, 4 },
  [MC_STORE_ANALYSIS_GAP_RESOLVED] = {
    "SELECT by_officer, group_id, sum (resolved), sum (digitized_results) FROM kpi_resolved "
    "WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2 GROUP BY by_officer, group_id",
    2, 4 },
};

gboolean
mc_store_analysis_read (McStore *self, McStoreAnalysisQuery query, gint64 p1, gint64 p2,
                        McStoreRowFunc func, gpointer data, GError **error)
{
  const McDbValue params[] = { MC_I64 (p1), MC_I64 (p2) };
  McDbStmt *stmt;
  McDbStep rc;

  g_return_val_if_fail (query < G_N_ELEMENTS (queries), FALSE);
  stmt = mc_store_query (self, error, queries[query].sql, params, queries[query].n_params);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("counting the dashboard's figures"), error))
         == MC_DB_STEP_ROW)
    {
      gint64 v[8];

      for (int i = 0; i < queries[query].n_columns; i++)
        v[i] = mc_col_int64 (stmt, i);
      func (v, data);
    }
  return rc == MC_DB_STEP_DONE;
}

/* Every procedure in one pass: the dossiers that ended in the period, each with its events in
 * time order. A few days are found through the end times (dossier_kpi_ended) and sorted; a long
 * period (a bulk load's recount, a year) reads the dossiers in id order, which the events'
 * index (dossier_id, at) follows without a sort: one pass over a million dossiers instead of one
 * per procedure and week. */
#define WALK_COLUMNS \
  "SELECT d.id, d.procedure_id, d.outcome, d.received_at, d.ended_at, d.paused_seconds, " \
  "       e.at, e.action, coalesce (e.actor_id, 0), coalesce (e.to_officer, 0) " \
  "FROM dossier d LEFT JOIN dossier_event e ON e.dossier_id = d.id "
#define WALK_LONG_DAYS 28

gboolean
mc_store_analysis_walk (McStore *self, McTime from, McTime to, McStoreStepFunc func,
                        gpointer data, GError **error)
{
  gboolean long_period = to - from > (McTime) WALK_LONG_DAYS * 86400;
  McDbStmt *stmt = mc_store_query (self, error,
      long_period
      ? WALK_COLUMNS "WHERE +d.ended_at >= ?1 AND +d.ended_at < ?2 AND +d.status IN (9, 10) "
                     "ORDER BY d.id, e.at, e.id"
      : WALK_COLUMNS "WHERE d.ended_at >= ?1 AND d.ended_at < ?2 AND +d.status IN (9, 10) "
                     "ORDER BY d.id, e.at, e.id",
      MC_PARAMS (MC_I64 (from), MC_I64 (to)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the steps of the dossiers"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreStepRow row = {
        .dossier_id = mc_col_int64 (stmt, 0),
        .procedure_id = mc_col_int64 (stmt, 1),
        .outcome = mc_col_null (stmt, 2) ? MC_OUTCOME_NONE : mc_col_int (stmt, 2),
        .received_at = mc_col_time (stmt, 3),
        .ended_at = mc_col_time (stmt, 4),
        .paused_seconds = mc_col_int64 (stmt, 5),
        .event_at = mc_col_time (stmt, 6),
        .action = mc_col_int (stmt, 7),
        .actor_id = mc_col_int64 (stmt, 8),
        .to_officer = mc_col_int64 (stmt, 9),
      };

      if (!func (&row, data))
        {
          mc_db_reset (stmt);
          return TRUE;
        }
    }
  return rc == MC_DB_STEP_DONE;
}

gboolean
mc_store_analysis_clear_days (McStore *self, McDay first, McDay last, GError **error)
{
  static const char * const sql[] = {
    "DELETE FROM analysis_step WHERE day >= ?1 AND day <= ?2",
    "DELETE FROM analysis_loss WHERE day >= ?1 AND day <= ?2",
    "DELETE FROM analysis_time WHERE day >= ?1 AND day <= ?2",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!mc_store_run (self, _("bringing the dashboard up to date"), error, sql[i],
                       MC_PARAMS (MC_INT (first), MC_INT (last))))
      return FALSE;
  return TRUE;
}

gboolean
mc_store_analysis_add_sums (McStore *self, McStoreAnalysisSum kind, const McStoreSumRow *rows,
                            guint n, GError **error)
{
  static const char * const step_columns[] = { "day", "officer_id", "stage", "steps",
                                               "seconds", "budget" };
  static const char * const loss_columns[] = { "day", "stage", "officer_id", "dossiers",
                                               "excess" };
  static const char * const time_columns[] = { "day", "procedure_id", "bucket", "dossiers" };
  const char *table = kind == MC_STORE_SUM_STEP ? "analysis_step"
                    : kind == MC_STORE_SUM_LOSS ? "analysis_loss" : "analysis_time";
  const char * const *columns = kind == MC_STORE_SUM_STEP ? step_columns
                              : kind == MC_STORE_SUM_LOSS ? loss_columns : time_columns;
  int n_columns = kind == MC_STORE_SUM_STEP ? 6 : kind == MC_STORE_SUM_LOSS ? 5 : 4;
  McStoreCopy *copy;

  if (n == 0)
    return TRUE;
  copy = mc_store_copy_begin (self, table, columns, n_columns, error);
  if (copy == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const McStoreSumRow *r = &rows[i];
      McDbValue values[6] = { MC_INT (r->day), MC_I64 (r->a), MC_I64 (r->b), MC_I64 (r->v[0]),
                              MC_I64 (r->v[1]), MC_I64 (r->v[2]) };

      if (!mc_store_copy_row (self, copy, values, error))
        {
          mc_store_copy_end (self, copy, FALSE, NULL);
          return FALSE;
        }
    }
  return mc_store_copy_end (self, copy, TRUE, error);
}

gboolean
mc_store_analysis_unmark_days (McStore *self, McDay first, McDay last, GError **error)
{
  return mc_store_run (self, _("bringing the dashboard up to date"), error,
                       "DELETE FROM analysis_dirty WHERE day >= ?1 AND day <= ?2",
                       MC_PARAMS (MC_INT (first), MC_INT (last)));
}

GArray *
mc_store_analysis_marked_days (McStore *self, GError **error)
{
  return mc_store_read_marked_days (self, "analysis_dirty", _("bringing the dashboard up to date"),
                                    error);
}
