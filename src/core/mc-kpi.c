/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPIs of DOMAIN.md §5, from the values stored when dossiers are accepted and resolved. */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-private.h"

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

gboolean
mc_kpi_compute (McStore *store, McDay from, McDay to, McKpi *out, GError **error)
{
  g_critical ("mc_kpi_compute is not written yet");
  return 0;
}

GPtrArray *
mc_kpi_compute_by (McStore *store, McDay from, McDay to, McKpiGrouping by, GError **error)
{
  g_critical ("mc_kpi_compute_by is not written yet");
  return NULL;
}

void
mc_kpi_clear (McKpi *k)
{
  g_critical ("mc_kpi_clear is not written yet");
}

void
mc_kpi_free (McKpi *k)
{
  g_critical ("mc_kpi_free is not written yet");
}

char *
mc_kpi_to_json (const McKpi *k)
{
  g_critical ("mc_kpi_to_json is not written yet");
  return NULL;
}

double
mc_kpi_get_target (McStore *store, int year, const char *kpi)
{
  g_critical ("mc_kpi_get_target is not written yet");
  return 0;
}

gboolean
mc_kpi_set_target (McStore *store, gint64 actor_id, int year, const char *kpi, double value, GError **error)
{
  g_critical ("mc_kpi_set_target is not written yet");
  return 0;
}

