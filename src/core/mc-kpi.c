/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-kpi.h"

McOutcome
mc_kpi_classify (McTime ended, McTime due, int supplement_count)
{
  g_critical ("mc_kpi_classify is not written yet");
  return MC_OUTCOME_NONE;
}

gboolean
mc_kpi_is_late_intake (const McCalendar *cal, McTime submitted, McTime accepted)
{
  g_critical ("mc_kpi_is_late_intake is not written yet");
  return 0;
}

double
mc_kpi_percent (gint64 num, gint64 den)
{
  g_critical ("mc_kpi_percent is not written yet");
  return 0;
}

double
mc_kpi_on_time_rate (const McKpi *k)
{
  g_critical ("mc_kpi_on_time_rate is not written yet");
  return 0;
}

double
mc_kpi_progress_rate (const McKpi *k)
{
  g_critical ("mc_kpi_progress_rate is not written yet");
  return 0;
}

double
mc_kpi_online_rate (const McKpi *k)
{
  g_critical ("mc_kpi_online_rate is not written yet");
  return 0;
}

double
mc_kpi_online_rate_partial (const McKpi *k)
{
  g_critical ("mc_kpi_online_rate_partial is not written yet");
  return 0;
}

double
mc_kpi_online_rate_full (const McKpi *k)
{
  g_critical ("mc_kpi_online_rate_full is not written yet");
  return 0;
}

double
mc_kpi_digitized_input_rate (const McKpi *k)
{
  g_critical ("mc_kpi_digitized_input_rate is not written yet");
  return 0;
}

double
mc_kpi_digitized_result_rate (const McKpi *k)
{
  g_critical ("mc_kpi_digitized_result_rate is not written yet");
  return 0;
}

double
mc_kpi_online_payment_rate (const McKpi *k)
{
  g_critical ("mc_kpi_online_payment_rate is not written yet");
  return 0;
}

double
mc_kpi_late_online_intake_rate (const McKpi *k)
{
  g_critical ("mc_kpi_late_online_intake_rate is not written yet");
  return 0;
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

