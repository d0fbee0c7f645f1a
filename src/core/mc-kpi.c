/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPIs of DOMAIN.md §5, from the values stored when dossiers are accepted and resolved. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-internal.h"
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

McTime
mc_kpi_intake_deadline (const McCalendar *cal, McTime submitted)
{
  if (submitted == MC_TIME_NONE)
    return MC_TIME_NONE;
  return mc_calendar_add_working (cal, submitted, MC_ONLINE_INTAKE_HOURS * 3600);
}

double
mc_kpi_percent (gint64 num, gint64 den)
{
  if (den == 0)
    return NAN;
  return 100.0 * (double) num / (double) den;
}

/* Each rate of DOMAIN.md §5 as the count over its base: written once, for the rates, the cards
 * and the JSON. */
#define COUNTS(name, n, d) \
  static void name (const McKpi *k, gint64 *num, gint64 *den) { *num = (n); *den = (d); }

COUNTS (count_on_time, k->early + k->on_time, k->resolved)
COUNTS (count_progress, k->resolved - k->late + k->open_at_end - k->open_overdue_at_end,
        k->resolved + k->open_at_end)
COUNTS (count_online, k->online_received, k->received)
COUNTS (count_partial, k->partial_online, k->partial_received)
COUNTS (count_full, k->full_online, k->full_received)
COUNTS (count_digitized_inputs, k->digitized_inputs, k->received)
COUNTS (count_digitized_results, k->digitized_results, k->resolved)
COUNTS (count_payment, k->paid_online, k->fee_dossiers)
COUNTS (count_late_intake, k->late_online_intake, k->online_received)

typedef void (*CountFunc) (const McKpi *k, gint64 *num, gint64 *den);

static const struct {
  const char *name;
  CountFunc   count;
} rates[] = {
  { "on_time_rate", count_on_time },
  { "progress_rate", count_progress },
  { "online_rate", count_online },
  { "online_rate_partial", count_partial },
  { "online_rate_full", count_full },
  { "digitized_input_rate", count_digitized_inputs },
  { "digitized_result_rate", count_digitized_results },
  { "online_payment_rate", count_payment },
  { "late_online_intake_rate", count_late_intake },
};

gboolean
mc_kpi_counts (const McKpi *k, const char *kpi, gint64 *num, gint64 *den)
{
  g_return_val_if_fail (k != NULL, FALSE);

  *num = *den = 0;
  for (gsize i = 0; kpi != NULL && i < G_N_ELEMENTS (rates); i++)
    if (g_str_equal (kpi, rates[i].name))
      {
        rates[i].count (k, num, den);
        return TRUE;
      }
  return FALSE;
}

McKpiTargetState
mc_kpi_target_state (double value, double target)
{
  if (isnan (value) || isnan (target))
    return MC_KPI_TARGET_NONE;
  if (value >= target)
    return MC_KPI_TARGET_MET;
  if (value >= target - MC_KPI_CLOSE_POINTS)
    return MC_KPI_TARGET_CLOSE;
  return MC_KPI_TARGET_MISSED;
}

static double
rate (const McKpi *k, CountFunc count)
{
  gint64 num, den;

  count (k, &num, &den);
  return mc_kpi_percent (num, den);
}

double
mc_kpi_on_time_rate (const McKpi *k)
{
  return rate (k, count_on_time);
}

double
mc_kpi_progress_rate (const McKpi *k)
{
  return rate (k, count_progress);
}

double
mc_kpi_online_rate (const McKpi *k)
{
  return rate (k, count_online);
}

double
mc_kpi_online_rate_partial (const McKpi *k)
{
  return rate (k, count_partial);
}

double
mc_kpi_online_rate_full (const McKpi *k)
{
  return rate (k, count_full);
}

double
mc_kpi_digitized_input_rate (const McKpi *k)
{
  return rate (k, count_digitized_inputs);
}

double
mc_kpi_digitized_result_rate (const McKpi *k)
{
  return rate (k, count_digitized_results);
}

double
mc_kpi_online_payment_rate (const McKpi *k)
{
  return rate (k, count_payment);
}

double
mc_kpi_late_online_intake_rate (const McKpi *k)
{
  return rate (k, count_late_intake);
}

/* ---- Counting ----
 *
 * Received and resolved figures are read from the per-day sums the store keeps (recounted first
 * for the days that changed since); open dossiers at the end of a period are counted from the
 * dossiers (mc-store-kpi.c). */

gboolean
mc_kpi_refresh (McStore *store, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!mc_store_kpi_refresh_marked (store, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

typedef enum { GROUP_NONE, GROUP_PROCEDURE, GROUP_OFFICER } Grouping;

static McStoreKpiGrouping
store_grouping (Grouping g)
{
  return g == GROUP_PROCEDURE ? MC_STORE_KPI_BY_PROCEDURE
         : g == GROUP_OFFICER ? MC_STORE_KPI_BY_OFFICER : MC_STORE_KPI_WHOLE;
}

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

static void
add_counts (gint64 group_id, const McKpi *r, gpointer data)
{
  McKpi *k = sink_target (data, group_id);

  k->received += r->received;
  k->online_received += r->online_received;
  k->digitized_inputs += r->digitized_inputs;
  k->fee_dossiers += r->fee_dossiers;
  k->paid_online += r->paid_online;
  k->late_online_intake += r->late_online_intake;
  k->partial_received += r->partial_received;
  k->partial_online += r->partial_online;
  k->full_received += r->full_received;
  k->full_online += r->full_online;
  k->resolved += r->resolved;
  k->early += r->early;
  k->on_time += r->on_time;
  k->late += r->late;
  k->digitized_results += r->digitized_results;
}

/* Open and past due at the ends ENDS[0] < … < ENDS[n-1] (one end for a period, one per month
 * by month), in one pass over the dossiers open at one of them at least: a dossier received at
 * r, due at d and ended at e (or never) is open at the ends in (r, e] and past due at those in
 * (max (r, d), e], except from the moment it has waited for a supplement (the overdue rule of
 * mc_dossier_is_overdue). Counted in C: no sort by group, and one pass for all the month ends
 * instead of one each. */
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

typedef struct {
  GHashTable   *diffs;
  const McTime *ends;
  guint         n;
  Grouping      grouping;
} Sweep;

static void
sweep_one (const McStoreOpenDossier *o, gpointer data)
{
  Sweep *s = data;
  guint n = s->n;
  gint64 group_id = s->grouping == GROUP_PROCEDURE ? o->procedure_id
                  : s->grouping == GROUP_OFFICER ? o->handler_id : 0;
  guint from = first_end_after (s->ends, n, o->received_at);
  guint until = o->ended_at == MC_TIME_NONE ? n : first_end_after (s->ends, n, o->ended_at);
  guint late_from = o->due_at == MC_TIME_NONE
                    ? n : first_end_after (s->ends, n, MAX (o->received_at, o->due_at));
  guint late_until = until;
  gint64 *diff;

  if (from >= until)
    return;
  /* Waiting for the citizen since PAUSED: not overdue at the ends from then on. */
  if (o->status == MC_STATUS_SUPPLEMENT && o->paused_since != MC_TIME_NONE)
    late_until = MIN (late_until, first_end_after (s->ends, n, o->paused_since - 1));
  /* Differences: [0, n] for open, [n + 1, 2n + 1] for past due. */
  diff = g_hash_table_lookup (s->diffs, &group_id);
  if (diff == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = group_id;
      diff = g_new0 (gint64, 2 * (n + 1));
      g_hash_table_insert (s->diffs, key, diff);
    }
  diff[from]++;
  diff[until]--;
  if (late_from < late_until)
    {
      diff[n + 1 + late_from]++;
      diff[n + 1 + late_until]--;
    }
}

static gboolean
sweep_open (McStore *store, GHashTable *diffs, const McTime *ends, guint n, Grouping grouping,
            GError **error)
{
  Sweep s = { diffs, ends, n, grouping };

  return mc_store_kpi_foreach_open (store, ends[0], ends[n - 1], sweep_one, &s, error);
}

static gboolean
count_open_total (McStore *store, McTime end, McKpi *k, GError **error)
{
  gint64 open = 0, overdue = 0;

  if (!mc_store_kpi_count_open (store, end, &open, &overdue, error))
    return FALSE;
  k->open_at_end += open;
  k->open_overdue_at_end += overdue;
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
  return mc_store_kpi_read_sums (store, from, to, store_grouping (grouping), add_counts, sink,
                                 error);
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
  if (!mc_store_kpi_refresh_marked (store, error) ||
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
  names = mc_store_kpi_group_names (store, by_officer, error);
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

  if (!mc_store_kpi_refresh_marked (store, error))
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
  g_return_val_if_fail (MC_IS_STORE (store), NAN);
  if (kpi == NULL)
    return NAN;
  return mc_store_get_target (store, year, kpi);
}

gboolean
mc_kpi_set_target (McStore *store, gint64 actor_id, int year, const char *kpi, double value,
                   GError **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *details = NULL;

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
  if (mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the targets."));
      mc_store_rollback (store);
      return FALSE;
    }
  if (!mc_store_write_target (store, year, kpi, value, TRUE, error) ||
      !mc_audit_append (store, actor_id, "target", "target", year, details, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}
