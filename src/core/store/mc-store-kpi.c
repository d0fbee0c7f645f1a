/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPI sums (0002-kpi.sql of each engine): what DOMAIN.md §5's figures are counted from.
 *
 * Received and resolved figures are kept as sums per local day and group, recounted for the days
 * that changed since (the triggers mark them); open dossiers at the end of a period are counted
 * from the dossiers. The indexes are led by times, so the desk's writes, which come in time
 * order, append to them. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-private.h"

/* ---- Recounting the days ---- */

/* Recounting streams the dossiers of the days in time order and adds them up in C, by procedure
 * and by officer at once: GROUP BYs by day would sort them, about three times slower. The unary
 * + keeps the planner from taking "status IN (9, 10)" to dossier_status_due and reading every
 * row; it walks the time index instead. */
#define N_COUNTS_MAX 6

typedef struct {
  const char *select_sql;   /* ?1, ?2: times; columns: time, procedure, handler, level, then the
                             * columns the table's counts are made of */
  const char *delete_sql;   /* ?1, ?2: days */
  const char *insert_sql;   /* day, by_officer, group_id, level, counts */
  guint       n_counts;
  void      (*counts_of)    (McDbStmt *stmt, gint64 *counts);
} SumTable;

static void
received_counts (McDbStmt *stmt, gint64 *c)
{
  gboolean online = mc_col_int (stmt, 4) == MC_CHANNEL_ONLINE;
  gboolean fee = mc_col_int64 (stmt, 6) > 0;

  c[0] = 1;
  c[1] = online;
  c[2] = mc_col_bool (stmt, 5);
  c[3] = fee;
  c[4] = fee && mc_col_bool (stmt, 7);
  c[5] = online && mc_col_bool (stmt, 8);
}

static void
resolved_counts (McDbStmt *stmt, gint64 *c)
{
  int outcome = mc_col_null (stmt, 4) ? MC_OUTCOME_NONE : mc_col_int (stmt, 4);

  c[0] = 1;
  c[1] = outcome == MC_OUTCOME_EARLY;
  c[2] = outcome == MC_OUTCOME_ON_TIME;
  c[3] = outcome == MC_OUTCOME_LATE;
  c[4] = mc_col_bool (stmt, 5);
}

static const SumTable sum_tables[] = {
  { "SELECT d.received_at, d.procedure_id, coalesce (d.handler_id, 0), p.online_level, d.channel, "
    "d.digitized_input, d.fee, d.paid_online, d.late_intake "
    "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
    "WHERE d.received_at >= ?1 AND d.received_at < ?2 AND +d.status NOT IN (1, 3)",
    "DELETE FROM kpi_received WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2",
    "INSERT INTO kpi_received (day, by_officer, group_id, level, received, online_received, "
    "digitized_inputs, fee_dossiers, paid_online, late_online_intake) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    6, received_counts },
  { "SELECT d.ended_at, d.procedure_id, coalesce (d.handler_id, 0), p.online_level, d.outcome, "
    "d.digitized_result FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
    "WHERE d.ended_at >= ?1 AND d.ended_at < ?2 AND +d.status IN (9, 10)",
    "DELETE FROM kpi_resolved WHERE by_officer IN (0, 1) AND day >= ?1 AND day <= ?2",
    "INSERT INTO kpi_resolved (day, by_officer, group_id, level, resolved, early, on_time, late, "
    "digitized_results) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
  const char *what = _("bringing the figures up to date");
  GHashTableIter iter;
  gpointer value;
  McDbStmt *stmt;
  McDbStep rc;

  if (!mc_store_run (store, what, error, table->delete_sql,
                     MC_PARAMS (MC_INT (first), MC_INT (last))))
    return FALSE;

  stmt = mc_store_query (store, error, table->select_sql,
                         MC_PARAMS (MC_I64 (mc_time_from_day (first, 0)),
                                    MC_I64 (mc_time_from_day (last + 1, 0))));
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (store, stmt, what, error)) == MC_DB_STEP_ROW)
    {
      McDay day = mc_day_of_time (mc_col_int64 (stmt, 0));
      SumKey by_procedure = { day, 0, mc_col_int64 (stmt, 1), 0 };
      SumKey by_officer = { day, 1, mc_col_int64 (stmt, 2), mc_col_int (stmt, 3) };
      gint64 counts[N_COUNTS_MAX];

      table->counts_of (stmt, counts);
      add_to_sum (sums, &by_procedure, counts, table->n_counts);
      add_to_sum (sums, &by_officer, counts, table->n_counts);
    }
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;

  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      const SumRow *row = value;
      McDbValue v[4 + N_COUNTS_MAX] = {
        MC_INT (row->key.day), MC_INT (row->key.by_officer), MC_I64 (row->key.group_id),
        MC_INT (row->key.level),
      };

      for (guint i = 0; i < table->n_counts; i++)
        v[4 + i] = MC_I64 (row->counts[i]);
      if (!mc_store_run (store, what, error, table->insert_sql, v, 4 + table->n_counts))
        return FALSE;
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

gboolean
mc_store_kpi_refresh_marked (McStore *store, GError **error)
{
  g_autoptr(GArray) days = NULL;
  McDay first, last;

  g_return_val_if_fail (store->tx_depth > 0, FALSE);

  days = mc_store_read_marked_days (store, "kpi_dirty", _("bringing the figures up to date"),
                                    error);
  if (days == NULL)
    return FALSE;
  if (days->len == 0)
    return TRUE;
  for (guint i = 0; mc_day_run_next (days, &i, 0, &first, &last);)
    if (!recount_days (store, first, last, error))
      return FALSE;
  return mc_store_exec (store, "DELETE FROM kpi_dirty", error);
}

/* ---- Reading a period ---- */

/* Days ?1–?2 of the sums, in three forms: the whole office, by procedure and by officer. The
 * sums by officer keep the procedures' levels, so the whole office reads them too, with no join
 * and no sort. */
#define SUM_RECEIVED \
  "sum (r.received), sum (r.online_received), sum (r.digitized_inputs), sum (r.fee_dossiers), " \
  "sum (r.paid_online), sum (r.late_online_intake), "
#define SUM_LEVELS_KEPT \
  "sum (r.received) FILTER (WHERE r.level = 1), " \
  "sum (r.online_received) FILTER (WHERE r.level = 1), " \
  "sum (r.received) FILTER (WHERE r.level = 2), " \
  "sum (r.online_received) FILTER (WHERE r.level = 2)"
#define SUM_LEVELS_JOINED \
  "CASE WHEN p.online_level = 1 THEN sum (r.received) ELSE 0 END, " \
  "CASE WHEN p.online_level = 1 THEN sum (r.online_received) ELSE 0 END, " \
  "CASE WHEN p.online_level = 2 THEN sum (r.received) ELSE 0 END, " \
  "CASE WHEN p.online_level = 2 THEN sum (r.online_received) ELSE 0 END"
#define SUM_RESOLVED \
  "sum (r.resolved), sum (r.early), sum (r.on_time), sum (r.late), sum (r.digitized_results)"
#define IN_DAYS(by_officer) " WHERE r.by_officer = " by_officer " AND r.day >= ?1 AND r.day <= ?2"

static const char * const received_sql[] = {
  [MC_STORE_KPI_WHOLE] = "SELECT 0, " SUM_RECEIVED SUM_LEVELS_KEPT " FROM kpi_received r"
                         IN_DAYS ("1"),
  [MC_STORE_KPI_BY_PROCEDURE] = "SELECT r.group_id, " SUM_RECEIVED SUM_LEVELS_JOINED
                                " FROM kpi_received r JOIN procedure p ON p.id = r.group_id"
                                IN_DAYS ("0") " GROUP BY r.group_id, p.online_level",
  [MC_STORE_KPI_BY_OFFICER] = "SELECT r.group_id, " SUM_RECEIVED SUM_LEVELS_KEPT
                              " FROM kpi_received r" IN_DAYS ("1") " GROUP BY r.group_id",
};

static const char * const resolved_sql[] = {
  [MC_STORE_KPI_WHOLE] = "SELECT 0, " SUM_RESOLVED " FROM kpi_resolved r" IN_DAYS ("1"),
  [MC_STORE_KPI_BY_PROCEDURE] = "SELECT r.group_id, " SUM_RESOLVED " FROM kpi_resolved r"
                                IN_DAYS ("0") " GROUP BY r.group_id",
  [MC_STORE_KPI_BY_OFFICER] = "SELECT r.group_id, " SUM_RESOLVED " FROM kpi_resolved r"
                              IN_DAYS ("1") " GROUP BY r.group_id",
};

gboolean
mc_store_kpi_read_sums (McStore *store, McDay from, McDay to, McStoreKpiGrouping grouping,
                        McStoreKpiFunc func, gpointer data, GError **error)
{
  const char *what = _("counting the figures of the period");

  for (int kind = 0; kind < 2; kind++)
    {
      McDbStmt *stmt = mc_store_query (store, error,
                                       kind == 0 ? received_sql[grouping] : resolved_sql[grouping],
                                       MC_PARAMS (MC_INT (from), MC_INT (to)));
      McDbStep rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = mc_store_step (store, stmt, what, error)) == MC_DB_STEP_ROW)
        {
          McKpi k = { 0 };
#define COL(i) mc_col_int64 (stmt, (i))
          if (kind == 0)
            {
              k.received = COL (1);
              k.online_received = COL (2);
              k.digitized_inputs = COL (3);
              k.fee_dossiers = COL (4);
              k.paid_online = COL (5);
              k.late_online_intake = COL (6);
              k.partial_received = COL (7);
              k.partial_online = COL (8);
              k.full_received = COL (9);
              k.full_online = COL (10);
            }
          else
            {
              k.resolved = COL (1);
              k.early = COL (2);
              k.on_time = COL (3);
              k.late = COL (4);
              k.digitized_results = COL (5);
            }
#undef COL
          func (mc_col_int64 (stmt, 0), &k, data);
        }
      if (rc == MC_DB_STEP_ERROR)
        return FALSE;
    }
  return TRUE;
}

/* ---- Open dossiers at the ends of periods ---- */

/* The dossiers still open (no end time: the small partial index), or ended from ?1 on. The
 * unary + keeps the planner from walking the receipt times instead, all of the past. */
#define OPEN_NOW  " FROM dossier d WHERE d.ended_at IS NULL AND " \
                  "d.status NOT IN (1, 3, 7, 8) AND d.received_at < ?2"
#define OPEN_THEN " FROM dossier d WHERE d.ended_at >= ?1 AND " \
                  "+d.status NOT IN (1, 3, 7, 8) AND +d.received_at < ?2"
#define OPEN_COLUMNS "SELECT d.received_at, d.due_at, d.ended_at, d.procedure_id, " \
                     "coalesce (d.handler_id, 0), d.status, d.paused_since"

gboolean
mc_store_kpi_foreach_open (McStore *store, McTime first_end, McTime last_end,
                           McStoreOpenDossierFunc func, gpointer data, GError **error)
{
  static const char * const sql[] = { OPEN_COLUMNS OPEN_NOW, OPEN_COLUMNS OPEN_THEN };

  for (gsize q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      McDbStmt *stmt = mc_store_query (store, error, sql[q],
                                       MC_PARAMS (MC_I64 (first_end), MC_I64 (last_end)));
      McDbStep rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = mc_store_step (store, stmt, _("counting the figures of the period"), error))
             == MC_DB_STEP_ROW)
        {
          McStoreOpenDossier o = {
            mc_col_int64 (stmt, 0), mc_col_time (stmt, 1), mc_col_time (stmt, 2),
            mc_col_int64 (stmt, 3), mc_col_int64 (stmt, 4), mc_col_int (stmt, 5),
            mc_col_time (stmt, 6),
          };

          func (&o, data);
        }
      if (rc == MC_DB_STEP_ERROR)
        return FALSE;
    }
  return TRUE;
}

/* The same for one end and no groups: counted in SQL, twice as fast as rows streamed to C. Past
 * due at END: the overdue rule of mc_dossier_is_overdue, as far as the stored row tells: a
 * dossier waiting for a supplement since before END was not running then. */
gboolean
mc_store_kpi_count_open (McStore *store, McTime end, gint64 *open, gint64 *overdue,
                         GError **error)
{
  static const char * const sql[] = {
    "SELECT count(*), count(*) FILTER (WHERE d.due_at < ?2 AND NOT (d.status = 5 AND "
    "d.paused_since IS NOT NULL AND d.paused_since <= ?2))" OPEN_NOW,
    "SELECT count(*), count(*) FILTER (WHERE d.due_at < ?2 AND NOT (d.status = 5 AND "
    "d.paused_since IS NOT NULL AND d.paused_since <= ?2))" OPEN_THEN,
  };

  *open = *overdue = 0;
  for (gsize q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      McDbStmt *stmt = mc_store_query (store, error, sql[q], MC_PARAMS (MC_I64 (end), MC_I64 (end)));

      if (stmt == NULL)
        return FALSE;
      if (mc_store_step (store, stmt, _("counting the figures of the period"), error)
          != MC_DB_STEP_ROW)
        return FALSE;
      *open += mc_col_int64 (stmt, 0);
      *overdue += mc_col_int64 (stmt, 1);
      mc_db_reset (stmt);
    }
  return TRUE;
}

GHashTable *
mc_store_kpi_group_names (McStore *store, gboolean by_officer, GError **error)
{
  McDbStmt *stmt = mc_store_query (store, error,
                                   by_officer ? "SELECT id, name FROM officer"
                                              : "SELECT id, code FROM procedure", MC_NO_PARAMS);
  g_autoptr(GHashTable) names = NULL;
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = mc_store_step (store, stmt, _("reading the names of the groups"), error))
         == MC_DB_STEP_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = mc_col_int64 (stmt, 0);
      g_hash_table_insert (names, id, mc_col_dup (stmt, 1));
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&names);
}
