/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The figures of DOMAIN.md §5 for a period [from, to] of local dates, both included. */
typedef struct _McKpi {
  McDay  from, to;
  char  *key;                  /* with a grouping: officer name, procedure code or YYYY-MM */
  gint64 received;
  gint64 resolved, early, on_time, late;
  gint64 open_at_end, open_overdue_at_end;
  gint64 online_received;
  gint64 partial_received, partial_online;
  gint64 full_received, full_online;
  gint64 digitized_inputs;
  gint64 digitized_results;
  gint64 fee_dossiers, paid_online;
  gint64 late_online_intake;
} McKpi;

typedef enum {
  MC_KPI_BY_OFFICER,
  MC_KPI_BY_PROCEDURE,
  MC_KPI_BY_MONTH,
} McKpiGrouping;

/* Pure rules. */
McOutcome mc_kpi_classify      (McTime ended, McTime due, int supplement_count);
gboolean  mc_kpi_is_late_intake(const McCalendar *cal, McTime submitted, McTime accepted);
/* When an online dossier submitted at SUBMITTED should be accepted or refused by: 8 working
 * hours later (DOMAIN.md §4); MC_TIME_NONE when not submitted. */
McTime    mc_kpi_intake_deadline (const McCalendar *cal, McTime submitted);
/* num/den as a percentage, NAN when den is 0. */
double    mc_kpi_percent       (gint64 num, gint64 den);

/* The count and the base of the rate named KPI ("on_time_rate", "progress_rate",
 * "online_rate", "online_rate_partial", "online_rate_full", "digitized_input_rate",
 * "digitized_result_rate", "online_payment_rate", "late_online_intake_rate": the rate keys of
 * CLI.md) in K, as a card shows "1.376 of 1.406"; the rate is mc_kpi_percent of them. FALSE (and
 * 0, 0) for another name. */
gboolean  mc_kpi_counts        (const McKpi *k, const char *kpi, gint64 *num, gint64 *den);

/* A rate against its target: met at or above it, close within MC_KPI_CLOSE_POINTS below it,
 * missed further down; NONE when either is not a number (no target, nothing to count). */
typedef enum {
  MC_KPI_TARGET_NONE,
  MC_KPI_TARGET_MET,
  MC_KPI_TARGET_CLOSE,
  MC_KPI_TARGET_MISSED,
} McKpiTargetState;

#define MC_KPI_CLOSE_POINTS 5.0
McKpiTargetState mc_kpi_target_state (double value, double target);

double    mc_kpi_on_time_rate          (const McKpi *k);
double    mc_kpi_progress_rate         (const McKpi *k);
double    mc_kpi_online_rate           (const McKpi *k);
double    mc_kpi_online_rate_partial   (const McKpi *k);
double    mc_kpi_online_rate_full      (const McKpi *k);
double    mc_kpi_digitized_input_rate  (const McKpi *k);
double    mc_kpi_digitized_result_rate (const McKpi *k);
double    mc_kpi_online_payment_rate   (const McKpi *k);
double    mc_kpi_late_online_intake_rate (const McKpi *k);

/* From stored values and indexes, never recomputing calendars. The received and resolved figures
 * come from per-day sums that these functions first recount for the days changed since (in the
 * same transaction); mc_kpi_refresh does only that, e.g. after a bulk import so the first figures
 * read afterwards are quick. */
gboolean  mc_kpi_refresh       (McStore *store, GError **error);
gboolean  mc_kpi_compute       (McStore *store, McDay from, McDay to, McKpi *out, GError **error);
/* McKpi* (free with mc_kpi_free), one per officer / procedure / month. */
GPtrArray *mc_kpi_compute_by   (McStore *store, McDay from, McDay to, McKpiGrouping by,
                                GError **error);
void      mc_kpi_clear         (McKpi *k);
void      mc_kpi_free          (McKpi *k);

/* One JSON object with the keys of CLI.md, rates with 4+ decimals or null. */
char     *mc_kpi_to_json       (const McKpi *k);
/* A JSON array of such objects (McKpi*, each with its "key"), as mc_kpi_compute_by returns. */
char     *mc_kpi_array_to_json (GPtrArray *kpis);

/* Targets of a year (percent), NAN when none is set. Keys: "on_time_rate", "online_rate",
 * "online_rate_partial", "online_rate_full", "digitized_input_rate", "digitized_result_rate",
 * "online_payment_rate", "progress_rate". */
double    mc_kpi_get_target    (McStore *store, int year, const char *kpi);
/* TRUE for the names above. Setting: administrators only, percent 0–100, audited. */
gboolean  mc_kpi_is_target_name(const char *kpi);
gboolean  mc_kpi_set_target    (McStore *store, gint64 actor_id, int year, const char *kpi,
                                double value, GError **error);

G_END_DECLS
