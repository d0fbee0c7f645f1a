/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-calendar.h"

McCalendar *
mc_calendar_new (void)
{
  g_critical ("mc_calendar_new is not written yet");
  return NULL;
}

McCalendar *
mc_calendar_copy (const McCalendar *cal)
{
  g_critical ("mc_calendar_copy is not written yet");
  return NULL;
}

void
mc_calendar_free (McCalendar *cal)
{
  g_critical ("mc_calendar_free is not written yet");
}

void
mc_calendar_set_office_hours (McCalendar *cal, const McOfficeHours *hours)
{
  g_critical ("mc_calendar_set_office_hours is not written yet");
}

McOfficeHours
mc_calendar_get_office_hours (const McCalendar *cal)
{
  g_critical ("mc_calendar_get_office_hours is not written yet");
  return MC_OFFICE_HOURS_DEFAULT;
}

gboolean
mc_office_hours_validate (const McOfficeHours *hours, GError **error)
{
  g_critical ("mc_office_hours_validate is not written yet");
  return 0;
}

void
mc_calendar_add_special_day (McCalendar *cal, McDay day, McSpecialDayKind kind)
{
  g_critical ("mc_calendar_add_special_day is not written yet");
}

void
mc_calendar_clear_year (McCalendar *cal, int year)
{
  g_critical ("mc_calendar_clear_year is not written yet");
}

void
mc_calendar_add_default_year (McCalendar *cal, int year)
{
  g_critical ("mc_calendar_add_default_year is not written yet");
}

gboolean
mc_calendar_is_working_day (const McCalendar *cal, McDay day)
{
  g_critical ("mc_calendar_is_working_day is not written yet");
  return 0;
}

gint64
mc_calendar_day_seconds (const McCalendar *cal)
{
  g_critical ("mc_calendar_day_seconds is not written yet");
  return 0;
}

gint64
mc_calendar_working_seconds (const McCalendar *cal, McTime from, McTime to)
{
  g_critical ("mc_calendar_working_seconds is not written yet");
  return 0;
}

McTime
mc_calendar_add_working (const McCalendar *cal, McTime at, gint64 seconds)
{
  g_critical ("mc_calendar_add_working is not written yet");
  return MC_TIME_NONE;
}

McTime
mc_calendar_due_days (const McCalendar *cal, McTime at, int days)
{
  g_critical ("mc_calendar_due_days is not written yet");
  return MC_TIME_NONE;
}

McTime
mc_calendar_due_same_day (const McCalendar *cal, McTime at)
{
  g_critical ("mc_calendar_due_same_day is not written yet");
  return MC_TIME_NONE;
}

McTime
mc_calendar_due_calendar_days (const McCalendar *cal, McTime at, int days)
{
  g_critical ("mc_calendar_due_calendar_days is not written yet");
  return MC_TIME_NONE;
}

McTime
mc_calendar_due (const McCalendar *cal, McLimitKind kind, int value, McTime at)
{
  g_critical ("mc_calendar_due is not written yet");
  return MC_TIME_NONE;
}

