/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-date.h"

McDay
mc_day_from_ymd (int year, int month, int day)
{
  g_critical ("mc_day_from_ymd is not written yet");
  return 0;
}

void
mc_day_to_ymd (McDay d, int *year, int *month, int *day)
{
  g_critical ("mc_day_to_ymd is not written yet");
}

gboolean
mc_ymd_is_valid (int year, int month, int day)
{
  g_critical ("mc_ymd_is_valid is not written yet");
  return 0;
}

int
mc_day_weekday (McDay d)
{
  g_critical ("mc_day_weekday is not written yet");
  return 0;
}

McDay
mc_day_of_time (McTime t)
{
  g_critical ("mc_day_of_time is not written yet");
  return 0;
}

int
mc_minute_of_time (McTime t)
{
  g_critical ("mc_minute_of_time is not written yet");
  return 0;
}

McTime
mc_time_from_day (McDay d, int minute_of_day)
{
  g_critical ("mc_time_from_day is not written yet");
  return MC_TIME_NONE;
}

gboolean
mc_parse_day (const char *text, McDay *out)
{
  g_critical ("mc_parse_day is not written yet");
  return 0;
}

gboolean
mc_parse_time (const char *text, McTime *out)
{
  g_critical ("mc_parse_time is not written yet");
  return 0;
}

char *
mc_day_to_iso (McDay d)
{
  g_critical ("mc_day_to_iso is not written yet");
  return NULL;
}

char *
mc_time_to_iso (McTime t)
{
  g_critical ("mc_time_to_iso is not written yet");
  return NULL;
}

