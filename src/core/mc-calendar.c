/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working time: office hours, days off and Saturdays worked, and the due times of CLI.md.
 *
 * Office time is measured as a running total: W(t) = L × (working days before t's date) + the
 * office seconds already elapsed on t's date, L being one working day's length. The working
 * seconds between two moments are a difference of W, and adding working time looks for the
 * earliest moment whose W reaches the target. "Earliest" settles the session boundaries: work
 * that ends exactly at 11:30 or 17:00 ends there, not at the start of the next session. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-calendar.h"
#include "mc-date.h"

#define SECONDS_PER_DAY 86400

typedef struct {
  McDay            day;
  McSpecialDayKind kind;
  const char      *note;   /* interned, or NULL */
  int              total;  /* the sum of entry_effect() up to this entry included */
} Entry;

struct _McCalendar {
  McOfficeHours hours;
  GArray       *entries;   /* Entry, sorted by day, one per day */
};

McCalendar *
mc_calendar_new (void)
{
  McCalendar *cal = g_new0 (McCalendar, 1);

  cal->hours = MC_OFFICE_HOURS_DEFAULT;
  cal->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  return cal;
}

McCalendar *
mc_calendar_copy (const McCalendar *cal)
{
  McCalendar *copy;

  g_return_val_if_fail (cal != NULL, NULL);

  copy = mc_calendar_new ();
  copy->hours = cal->hours;
  g_array_append_vals (copy->entries, cal->entries->data, cal->entries->len);
  return copy;
}

void
mc_calendar_free (McCalendar *cal)
{
  if (cal == NULL)
    return;
  g_array_unref (cal->entries);
  g_free (cal);
}

gboolean
mc_office_hours_validate (const McOfficeHours *hours, GError **error)
{
  g_return_val_if_fail (hours != NULL, FALSE);

  if (hours->am_start < 0 || hours->am_start >= hours->am_end ||
      hours->am_end > hours->pm_start || hours->pm_start >= hours->pm_end ||
      hours->pm_end > 24 * 60)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The office hours must run in order within one day: the morning starts "
                     "before it ends, and the afternoon starts after the morning and before "
                     "it ends."));
      return FALSE;
    }
  return TRUE;
}

void
mc_calendar_set_office_hours (McCalendar *cal, const McOfficeHours *hours)
{
  g_return_if_fail (cal != NULL);
  g_return_if_fail (hours != NULL && mc_office_hours_validate (hours, NULL));

  cal->hours = *hours;
}

McOfficeHours
mc_calendar_get_office_hours (const McCalendar *cal)
{
  g_return_val_if_fail (cal != NULL, MC_OFFICE_HOURS_DEFAULT);

  return cal->hours;
}

/* The index of the first entry on or after DAY (entries->len if none). */
static guint
lower_bound (const McCalendar *cal, McDay day)
{
  guint lo = 0, hi = cal->entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (cal->entries, Entry, mid).day < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static const Entry *
find_entry (const McCalendar *cal, McDay day)
{
  guint i = lower_bound (cal, day);

  if (i < cal->entries->len && g_array_index (cal->entries, Entry, i).day == day)
    return &g_array_index (cal->entries, Entry, i);
  return NULL;
}

/* +1 for a Saturday worked, -1 for a weekday off, 0 for an entry that changes nothing (a day
 * off on a weekend, a "Saturday worked" on another day). Sundays are never worked. */
static int
entry_effect (const Entry *entry)
{
  int weekday = mc_day_weekday (entry->day);

  if (entry->kind == MC_DAY_OFF)
    return weekday <= 5 ? -1 : 0;
  return weekday == 6 ? 1 : 0;
}

/* Keeps the running totals right after entries changed from index FIRST on. */
static void
update_totals (McCalendar *cal, guint first)
{
  int total = first > 0 ? g_array_index (cal->entries, Entry, first - 1).total : 0;

  for (guint i = first; i < cal->entries->len; i++)
    {
      Entry *entry = &g_array_index (cal->entries, Entry, i);

      total += entry_effect (entry);
      entry->total = total;
    }
}

void
mc_calendar_add_special_day_with_note (McCalendar *cal, McDay day, McSpecialDayKind kind,
                                       const char *note)
{
  Entry entry = { day, kind, note != NULL && *note != '\0' ? g_intern_string (note) : NULL, 0 };
  guint i;

  g_return_if_fail (cal != NULL);
  g_return_if_fail (kind == MC_DAY_OFF || kind == MC_DAY_SATURDAY_WORKED);

  i = lower_bound (cal, day);
  if (i < cal->entries->len && g_array_index (cal->entries, Entry, i).day == day)
    g_array_index (cal->entries, Entry, i) = entry;
  else
    g_array_insert_val (cal->entries, i, entry);
  update_totals (cal, i);
}

void
mc_calendar_add_special_day (McCalendar *cal, McDay day, McSpecialDayKind kind)
{
  mc_calendar_add_special_day_with_note (cal, day, kind, NULL);
}

void
mc_calendar_clear_year (McCalendar *cal, int year)
{
  guint first, last;

  g_return_if_fail (cal != NULL);
  g_return_if_fail (year >= 1 && year <= 9999);

  first = lower_bound (cal, mc_day_from_ymd (year, 1, 1));
  last = lower_bound (cal, mc_day_from_ymd (year + 1, 1, 1));
  if (last > first)
    g_array_remove_range (cal->entries, first, last - first);
  update_totals (cal, first);
}

void
mc_calendar_add_default_year (McCalendar *cal, int year)
{
  g_autoptr(GArray) days = NULL;

  g_return_if_fail (cal != NULL);

  days = mc_holidays_default (year, NULL);
  for (guint i = 0; i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);

      mc_calendar_add_special_day_with_note (cal, sd->day, sd->kind, sd->note);
    }
}

gboolean
mc_calendar_is_working_day (const McCalendar *cal, McDay day)
{
  const Entry *entry;

  g_return_val_if_fail (cal != NULL, FALSE);

  entry = find_entry (cal, day);
  return (mc_day_weekday (day) <= 5 ? 1 : 0) + (entry != NULL ? entry_effect (entry) : 0) > 0;
}

GArray *
mc_calendar_get_special_days (const McCalendar *cal, McDay from, McDay to)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (McSpecialDay));

  g_return_val_if_fail (cal != NULL, days);

  for (guint i = lower_bound (cal, from); i < cal->entries->len; i++)
    {
      const Entry *entry = &g_array_index (cal->entries, Entry, i);
      McSpecialDay sd = { entry->day, entry->kind, entry->note };

      if (entry->day > to)
        break;
      if (entry_effect (entry) != 0)
        g_array_append_val (days, sd);
    }
  return days;
}

/* The sum of the effects of the entries before DAY. */
static int
total_before (const McCalendar *cal, McDay day)
{
  guint i = lower_bound (cal, day);

  return i > 0 ? g_array_index (cal->entries, Entry, i - 1).total : 0;
}

/* Working days in [FROM, TO): Mondays–Fridays counted by whole weeks, then corrected by the
 * running totals of the special days, so that far-apart moments cost no more than near ones. */
static gint64
count_working_days (const McCalendar *cal, McDay from, McDay to)
{
  gint64 n, count;
  int weekday;

  if (to <= from)
    return 0;
  n = (gint64) to - from;
  count = n / 7 * 5;
  weekday = mc_day_weekday (from);
  for (gint64 i = 0; i < n % 7; i++)
    if ((weekday + i - 1) % 7 + 1 <= 5)
      count++;
  return count + total_before (cal, to) - total_before (cal, from);
}

gint64
mc_calendar_day_seconds (const McCalendar *cal)
{
  const McOfficeHours *h;

  g_return_val_if_fail (cal != NULL, 0);

  h = &cal->hours;
  return (gint64) (h->am_end - h->am_start + h->pm_end - h->pm_start) * 60;
}

/* Office seconds of a working day that have passed at SECOND (of the local day). */
static gint64
elapsed_in_day (const McOfficeHours *h, gint64 second)
{
  return CLAMP (second, h->am_start * 60, h->am_end * 60) - h->am_start * 60 +
         CLAMP (second, h->pm_start * 60, h->pm_end * 60) - h->pm_start * 60;
}

/* The second of a working day at which OFFSET office seconds (0 < OFFSET <= day length) have
 * passed: the earliest such moment, so the end of a session rather than the next start. */
static gint64
second_at_offset (const McOfficeHours *h, gint64 offset)
{
  gint64 morning = (gint64) (h->am_end - h->am_start) * 60;

  if (offset <= morning)
    return h->am_start * 60 + offset;
  return h->pm_start * 60 + offset - morning;
}

static gint64
second_of_day (McTime t)
{
  return t - mc_time_from_day (mc_day_of_time (t), 0);
}

static McTime
time_at (McDay day, gint64 second)
{
  return mc_time_from_day (day, 0) + second;
}

static McDay
next_working_day (const McCalendar *cal, McDay day)
{
  do
    day++;
  while (!mc_calendar_is_working_day (cal, day));
  return day;
}

/* Office time elapsed on T's date at T, or 0 on a day that is not worked. */
static gint64
elapsed_at (const McCalendar *cal, McTime t)
{
  if (!mc_calendar_is_working_day (cal, mc_day_of_time (t)))
    return 0;
  return elapsed_in_day (&cal->hours, second_of_day (t));
}

gint64
mc_calendar_working_seconds (const McCalendar *cal, McTime from, McTime to)
{
  g_return_val_if_fail (cal != NULL, 0);

  if (to <= from)
    return 0;
  return count_working_days (cal, mc_day_of_time (from), mc_day_of_time (to)) *
           mc_calendar_day_seconds (cal) +
         elapsed_at (cal, to) - elapsed_at (cal, from);
}

/* AT, or the next start of office hours when AT is outside them. Sessions are half-open:
 * 11:30 and 17:00 are outside. */
static McTime
next_office_time (const McCalendar *cal, McTime at)
{
  const McOfficeHours *h = &cal->hours;
  McDay day = mc_day_of_time (at);
  gint64 second = second_of_day (at);

  if (mc_calendar_is_working_day (cal, day))
    {
      if (second < h->am_start * 60)
        return time_at (day, h->am_start * 60);
      if (second < h->am_end * 60)
        return at;
      if (second < h->pm_start * 60)
        return time_at (day, h->pm_start * 60);
      if (second < h->pm_end * 60)
        return at;
    }
  return time_at (next_working_day (cal, day), h->am_start * 60);
}

McTime
mc_calendar_add_working (const McCalendar *cal, McTime at, gint64 seconds)
{
  gint64 length, offset;
  McTime start;
  McDay day;

  g_return_val_if_fail (cal != NULL, MC_TIME_NONE);

  if (at == MC_TIME_NONE)
    return MC_TIME_NONE;
  start = next_office_time (cal, at);
  if (seconds <= 0)
    return start;

  length = mc_calendar_day_seconds (cal);
  day = mc_day_of_time (start);
  offset = elapsed_in_day (&cal->hours, second_of_day (start)) + seconds;
  while (offset > length)
    {
      offset -= length;
      day = next_working_day (cal, day);
    }
  return time_at (day, second_at_offset (&cal->hours, offset));
}

McTime
mc_calendar_due_days (const McCalendar *cal, McTime at, int days)
{
  g_return_val_if_fail (cal != NULL, MC_TIME_NONE);

  return mc_calendar_add_working (cal, at, (gint64) MAX (days, 0) * mc_calendar_day_seconds (cal));
}

static McTime
end_of_office (const McCalendar *cal, McDay day)
{
  return time_at (day, cal->hours.pm_end * 60);
}

/* Received on a working day up to the cut-off (15:00, or the end of office hours when they
 * close earlier), due that evening; otherwise the evening of the next working day. */
McTime
mc_calendar_due_same_day (const McCalendar *cal, McTime at)
{
  McDay day;

  g_return_val_if_fail (cal != NULL, MC_TIME_NONE);

  if (at == MC_TIME_NONE)
    return MC_TIME_NONE;
  day = mc_day_of_time (at);
  if (mc_calendar_is_working_day (cal, day) &&
      second_of_day (at) <= MIN (MC_SAME_DAY_CUTOFF, cal->hours.pm_end) * 60)
    return end_of_office (cal, day);
  return end_of_office (cal, next_working_day (cal, day));
}

McTime
mc_calendar_due_calendar_days (const McCalendar *cal, McTime at, int days)
{
  McDay day;

  g_return_val_if_fail (cal != NULL, MC_TIME_NONE);

  if (at == MC_TIME_NONE)
    return MC_TIME_NONE;
  day = mc_day_of_time (at) + MAX (days, 0);
  if (!mc_calendar_is_working_day (cal, day))
    day = next_working_day (cal, day);
  return end_of_office (cal, day);
}

McTime
mc_calendar_due (const McCalendar *cal, McLimitKind kind, int value, McTime at)
{
  switch (kind)
    {
    case MC_LIMIT_SAME_DAY:
      return mc_calendar_due_same_day (cal, at);
    case MC_LIMIT_WORKING_DAYS:
      return mc_calendar_due_days (cal, at, value);
    case MC_LIMIT_CALENDAR_DAYS:
      return mc_calendar_due_calendar_days (cal, at, value);
    default:
      g_return_val_if_reached (MC_TIME_NONE);
    }
}
