/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-types.h"

G_BEGIN_DECLS

/* Working time: office hours with a lunch break, Monday–Friday, minus the weekdays off, plus the
 * Saturdays worked. Pure data and pure functions: the store loads one from its tables
 * (mc_store_get_calendar) and tests build their own. */
typedef struct _McCalendar McCalendar;

typedef struct {
  int am_start, am_end, pm_start, pm_end;   /* minutes since local midnight */
} McOfficeHours;

#define MC_OFFICE_HOURS_DEFAULT ((McOfficeHours) { 7 * 60 + 30, 11 * 60 + 30, 13 * 60 + 30, 17 * 60 })
#define MC_SAME_DAY_CUTOFF (15 * 60)
#define MC_ONLINE_INTAKE_HOURS 8

typedef enum {
  MC_DAY_OFF = 0,          /* a weekday that is not worked */
  MC_DAY_SATURDAY_WORKED = 1,
} McSpecialDayKind;

typedef struct {
  McDay            day;
  McSpecialDayKind kind;
  const char      *note;   /* e.g. "Tết Nguyên Đán"; may be NULL */
} McSpecialDay;

McCalendar   *mc_calendar_new              (void);    /* default hours, no special days */
McCalendar   *mc_calendar_copy             (const McCalendar *cal);
void          mc_calendar_free             (McCalendar *cal);
void          mc_calendar_set_office_hours (McCalendar *cal, const McOfficeHours *hours);
McOfficeHours mc_calendar_get_office_hours (const McCalendar *cal);
gboolean      mc_office_hours_validate     (const McOfficeHours *hours, GError **error);
void          mc_calendar_add_special_day  (McCalendar *cal, McDay day, McSpecialDayKind kind);
/* The same, keeping a note shown in lists of days ("Tết Nguyên Đán"); NOTE may be NULL. */
void          mc_calendar_add_special_day_with_note (McCalendar *cal, McDay day,
                                                     McSpecialDayKind kind, const char *note);
void          mc_calendar_clear_year       (McCalendar *cal, int year);
/* The special days between FROM and TO inclusive that change something (weekdays off, Saturdays
 * worked), by date, as McSpecialDay (notes are interned strings: they live as long as the
 * process). */
GArray       *mc_calendar_get_special_days (const McCalendar *cal, McDay from, McDay to);
/* Adds the shipped (official, 2023–2026) or else the statutory days of YEAR. */
void          mc_calendar_add_default_year (McCalendar *cal, int year);

gboolean      mc_calendar_is_working_day   (const McCalendar *cal, McDay day);
gint64        mc_calendar_day_seconds      (const McCalendar *cal); /* one working day's length */

/* Office time between two moments (0 if to <= from). */
gint64        mc_calendar_working_seconds  (const McCalendar *cal, McTime from, McTime to);
/* The moment reached after SECONDS of office time from AT (AT moved to the next office time
 * first if outside it). SECONDS may be 0. Sessions are half-open ([07:30, 11:30) and
 * [13:30, 17:00)), and the result is the earliest moment the time is reached: work ending
 * exactly at the end of a session ends there (07:30 + one day is 17:00 the same day, 13:30 + one
 * day is 11:30 the next working day), while SECONDS = 0 at 17:00 gives 07:30 the next day. */
McTime        mc_calendar_add_working      (const McCalendar *cal, McTime at, gint64 seconds);

/* Due times exactly as CLI.md defines them. Same day: the cut-off is 15:00:00 inclusive (or the
 * end of office hours if the office closes earlier). Negative day counts count as 0;
 * AT = MC_TIME_NONE gives MC_TIME_NONE. */
McTime        mc_calendar_due_days         (const McCalendar *cal, McTime at, int days);
McTime        mc_calendar_due_same_day     (const McCalendar *cal, McTime at);
McTime        mc_calendar_due_calendar_days(const McCalendar *cal, McTime at, int days);
McTime        mc_calendar_due              (const McCalendar *cal, McLimitKind kind, int value,
                                            McTime at);

/* Days off of YEAR by law (Labour Code 2019 art. 112: 1/1, Tết 5 days, Giỗ Tổ, 30/4, 1/5, 2/9 and
 * an adjacent day, days in lieu for those on a weekend), as McSpecialDay (notes are static).
 * Tết is the last day of the old lunar year and mùng 1–4; the day next to 2/9 is the one joining
 * the weekend (1/9 when 2/9 is a Tuesday, Friday or Saturday, 3/9 otherwise). Always eleven
 * weekdays; the lunar holidays only for years 1800–2199. */
GArray       *mc_holidays_statutory        (int year);
/* The shipped official arrangement of YEAR (resources/holidays.ini), or the statutory days when
 * none is shipped. *official is set TRUE when shipped data was used. */
GArray       *mc_holidays_default          (int year, gboolean *official);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCalendar, mc_calendar_free)

G_END_DECLS
