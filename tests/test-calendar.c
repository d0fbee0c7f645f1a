/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working time and due times (docs/cli.md "Due times"), holidays, and the `calendar` commands. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "mc-calendar.h"
#include "mc-date.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

static void
add_off (McCalendar *cal, const char *from, const char *to)
{
  for (McDay d = mc_test_day (from); d <= mc_test_day (to); d++)
    mc_calendar_add_special_day (cal, d, MC_DAY_OFF);
}

/* The 2024 days off written by hand, so that these tests do not depend on the shipped data. */
static McCalendar *
calendar_2024 (void)
{
  McCalendar *cal = mc_calendar_new ();

  add_off (cal, "2024-02-08", "2024-02-14");
  add_off (cal, "2024-04-18", "2024-04-18");
  add_off (cal, "2024-04-27", "2024-05-01");
  mc_calendar_add_special_day (cal, mc_test_day ("2024-05-04"), MC_DAY_SATURDAY_WORKED);
  return cal;
}

static void
assert_time (McTime t, const char *expected)
{
  g_autofree char *text = mc_time_to_iso (t);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_due (const McCalendar *cal, McLimitKind kind, int value, const char *at,
            const char *expected)
{
  assert_time (mc_calendar_due (cal, kind, value, mc_test_time (at)), expected);
}

static void
test_working_days (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-02-07")));   /* Wed */
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-02-08")));  /* Tết */
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-02-17")));  /* Sat */
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-02-18")));  /* Sun */
  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-05-04")));   /* Sat worked */

  /* Entries that cannot change anything are kept but have no effect. */
  mc_calendar_add_special_day (cal, mc_test_day ("2024-03-10"), MC_DAY_SATURDAY_WORKED);
  mc_calendar_add_special_day (cal, mc_test_day ("2024-03-11"), MC_DAY_SATURDAY_WORKED);
  mc_calendar_add_special_day (cal, mc_test_day ("2024-03-16"), MC_DAY_OFF);
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-03-10")));  /* Sunday */
  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-03-11")));
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-03-16")));

  /* A later entry for the same day replaces the earlier one. */
  mc_calendar_add_special_day (cal, mc_test_day ("2024-03-16"), MC_DAY_SATURDAY_WORKED);
  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-03-16")));
}

static void
test_copy_and_clear (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();
  g_autoptr(McCalendar) copy = mc_calendar_copy (cal);
  g_autoptr(GArray) days = NULL;

  mc_calendar_add_special_day (cal, mc_test_day ("2025-01-01"), MC_DAY_OFF);
  mc_calendar_clear_year (cal, 2024);
  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-02-08")));
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-05-04")));
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2025-01-01")));
  g_assert_false (mc_calendar_is_working_day (copy, mc_test_day ("2024-02-08")));
  g_assert_true (mc_calendar_is_working_day (copy, mc_test_day ("2025-01-01")));

  days = mc_calendar_get_special_days (copy, mc_test_day ("2024-04-01"),
                                       mc_test_day ("2024-05-31"));
  /* 18/4, 29/4, 30/4, 1/5 off (27–28/4 are a weekend) and Saturday 4/5 worked. */
  g_assert_cmpuint (days->len, ==, 5);
  g_assert_cmpint (g_array_index (days, McSpecialDay, 0).day, ==, mc_test_day ("2024-04-18"));
  g_assert_cmpint (g_array_index (days, McSpecialDay, 4).day, ==, mc_test_day ("2024-05-04"));
  g_assert_cmpint (g_array_index (days, McSpecialDay, 4).kind, ==, MC_DAY_SATURDAY_WORKED);
}

/* The example of docs/cli.md. */
static void
test_cli_example (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  assert_due (cal, MC_LIMIT_WORKING_DAYS, 3, "2024-02-07 09:00", "2024-02-19 09:00");
  g_assert_cmpint (mc_calendar_day_seconds (cal), ==, (4 * 60 + 210) * 60);
}

/* Work ending exactly at the end of a session ends there, not at the next session's start. */
static void
test_session_boundaries (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();

  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 07:30", "2024-03-04 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 2, "2024-03-04 07:30", "2024-03-05 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 09:00", "2024-03-05 09:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 0, "2024-03-04 09:00", "2024-03-04 09:00");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 10:00"), 90 * 60),
               "2024-03-04 11:30");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 10:00"), 90 * 60 + 1),
               "2024-03-04 13:30");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 09:00"), 4 * 3600),
               "2024-03-04 15:00");
  /* Outside office hours, T moves to the next start first. */
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 06:00", "2024-03-04 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 17:00", "2024-03-05 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 18:00", "2024-03-05 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-08 16:00", "2024-03-11 16:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-09 09:00", "2024-03-11 17:00");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 17:00"), 0),
               "2024-03-05 07:30");
}

static void
test_lunch_break (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();

  /* Received in the lunch break, the clock starts at 13:30; one working day later is the end
   * of the next morning, the earliest moment by which a full day of office time has passed. */
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 12:00", "2024-03-05 11:30");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 11:30", "2024-03-05 11:30");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 13:31", "2024-03-05 13:31");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 12:00"), 0),
               "2024-03-04 13:30");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 11:00"), 3600),
               "2024-03-04 14:00");
  g_assert_cmpint (mc_calendar_working_seconds (cal, mc_test_time ("2024-03-04 11:00"),
                                                mc_test_time ("2024-03-04 14:00")), ==, 3600);
  g_assert_cmpint (mc_calendar_working_seconds (cal, mc_test_time ("2024-03-04 11:45"),
                                                mc_test_time ("2024-03-04 13:15")), ==, 0);
}

static void
test_same_day (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-06 08:00", "2024-03-06 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-06 15:00", "2024-03-06 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-06 15:00:01", "2024-03-07 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-06 15:01", "2024-03-07 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-08 15:01", "2024-03-11 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-09 09:00", "2024-03-11 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-02-07 16:00", "2024-02-15 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-02-10 09:00", "2024-02-15 17:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-05-04 10:00", "2024-05-04 17:00");
}

static void
test_saturday_worked (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  /* Friday 26/4 16:00 + 2 days: the long weekend 27/4–1/5, then 2/5 and 3/5. */
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 2, "2024-04-26 16:00", "2024-05-03 16:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 3, "2024-04-26 16:00", "2024-05-04 16:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 4, "2024-04-26 16:00", "2024-05-06 16:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-05-03 17:30", "2024-05-04 17:00");
  g_assert_cmpint (mc_calendar_working_seconds (cal, mc_test_time ("2024-05-03 07:30"),
                                                mc_test_time ("2024-05-06 07:30")), ==,
                   2 * mc_calendar_day_seconds (cal));
}

static void
test_tet_break (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-02-07 16:00", "2024-02-15 16:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-02-09 10:00", "2024-02-15 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 5, "2024-02-05 07:30", "2024-02-16 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 0, "2024-02-12 10:00", "2024-02-15 07:30");
}

static void
test_calendar_days (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();

  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 3, "2024-03-04 10:00", "2024-03-07 17:00");
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 5, "2024-03-04 10:00", "2024-03-11 17:00");  /* Sat */
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 6, "2024-03-04 10:00", "2024-03-11 17:00");  /* Sun */
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 7, "2024-02-01 10:00", "2024-02-15 17:00");  /* Tết */
  /* Saturday worked */
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 3, "2024-05-01 10:00", "2024-05-04 17:00");
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 30, "2024-03-31 23:00", "2024-05-02 17:00");
}

/* A dossier's appointment moves by the office time it waited for a supplement. */
static void
test_supplement_pause (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();
  McTime asked = mc_test_time ("2024-04-25 10:00");       /* Thursday */
  McTime supplied = mc_test_time ("2024-05-02 09:00");    /* Thursday, after 27/4–1/5 */
  McTime due = mc_test_time ("2024-04-26 16:00");
  gint64 waited = mc_calendar_working_seconds (cal, asked, supplied);

  /* 25/4 10:00–17:00 (5 h), 26/4 (7 h 30), then 2/5 07:30–09:00 (1 h 30). */
  g_assert_cmpint (waited, ==, (5 * 60 + 450 + 90) * 60);
  /* 26/4 16:00–17:00, 2/5 all day, 3/5 07:30–15:00. */
  assert_time (mc_calendar_add_working (cal, due, waited), "2024-05-03 15:00");
  g_assert_cmpint (mc_calendar_working_seconds (cal, due, mc_test_time ("2024-05-03 15:00")), ==,
                   waited);
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-02-07 16:00"), 7200),
               "2024-02-15 08:30");
}

static void
test_working_seconds (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();
  gint64 day = mc_calendar_day_seconds (cal);

#define SPAN(a, b) mc_calendar_working_seconds (cal, mc_test_time (a), mc_test_time (b))
  g_assert_cmpint (SPAN ("2024-03-04 16:00", "2024-03-05 08:30"), ==, 7200);     /* night */
  g_assert_cmpint (SPAN ("2024-03-08 16:00", "2024-03-11 08:30"), ==, 7200);     /* weekend */
  g_assert_cmpint (SPAN ("2024-02-07 16:00", "2024-02-15 08:30"), ==, 7200);     /* Tết */
  g_assert_cmpint (SPAN ("2024-03-04 09:00", "2024-03-04 09:00"), ==, 0);
  g_assert_cmpint (SPAN ("2024-03-05 09:00", "2024-03-04 09:00"), ==, 0);
  g_assert_cmpint (SPAN ("2024-03-09 09:00", "2024-03-10 18:00"), ==, 0);
  g_assert_cmpint (SPAN ("2024-03-04 07:30", "2024-03-04 17:00"), ==, day);
  /* 2024 has 262 weekdays; 9 are off above and Saturday 4/5 is worked. */
  g_assert_cmpint (SPAN ("2024-01-01 00:00", "2025-01-01 00:00"), ==, (262 - 9 + 1) * day);
  g_assert_cmpint (SPAN ("2000-01-01 00:00", "2100-01-01 00:00"), ==,
                   (26089 - 9 + 1) * day);
#undef SPAN
}

/* Office time counted minute by minute, to check the day-skipping arithmetic against. */
static gint64
brute_working_seconds (const McCalendar *cal, McTime from, McTime to)
{
  McOfficeHours h = mc_calendar_get_office_hours (cal);
  gint64 total = 0;

  for (McTime t = from; t < to; t += 60)
    {
      int m = mc_minute_of_time (t);

      if (mc_calendar_is_working_day (cal, mc_day_of_time (t)) &&
          ((m >= h.am_start && m < h.am_end) || (m >= h.pm_start && m < h.pm_end)))
        total += 60;
    }
  return total;
}

static void
test_random_consistency (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240207);
  McTime base = mc_test_time ("2024-01-29 00:00");

  for (int i = 0; i < 300; i++)
    {
      McTime from = base + (McTime) g_rand_int_range (rand, 0, 120 * 24 * 60) * 60;
      McTime to = from + (McTime) g_rand_int_range (rand, 0, 20 * 24 * 60) * 60;
      gint64 seconds = g_rand_int_range (rand, 0, 10 * 27000);
      McTime end;

      g_assert_cmpint (mc_calendar_working_seconds (cal, from, to), ==,
                       brute_working_seconds (cal, from, to));
      end = mc_calendar_add_working (cal, from, seconds);
      g_assert_cmpint (mc_calendar_working_seconds (cal, from, end), ==, seconds);
      /* The earliest such moment: a second earlier is not enough. */
      if (seconds > 0)
        g_assert_cmpint (mc_calendar_working_seconds (cal, from, end - 1), ==, seconds - 1);
    }
}

static void
test_office_hours (void)
{
  g_autoptr(McCalendar) cal = calendar_2024 ();
  McOfficeHours hours = { 8 * 60, 12 * 60, 13 * 60, 17 * 60 };
  static const McOfficeHours bad[] = {
    { 8 * 60, 8 * 60, 13 * 60, 17 * 60 },
    { 8 * 60, 13 * 60 + 1, 13 * 60, 17 * 60 },
    { 8 * 60, 12 * 60, 17 * 60, 17 * 60 },
    { 8 * 60, 12 * 60, 13 * 60, 24 * 60 + 1 },
    { -1, 12 * 60, 13 * 60, 17 * 60 },
    { 13 * 60, 12 * 60, 8 * 60, 17 * 60 },
  };
  McOfficeHours no_lunch = { 7 * 60, 11 * 60, 11 * 60, 15 * 60 };
  McOfficeHours got;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_office_hours_validate (&bad[i], &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    }
  g_assert_true (mc_office_hours_validate (&no_lunch, NULL));
  g_assert_true (mc_office_hours_validate (&hours, NULL));

  mc_calendar_set_office_hours (cal, &hours);
  got = mc_calendar_get_office_hours (cal);
  g_assert_cmpint (got.am_start, ==, 8 * 60);
  g_assert_cmpint (got.pm_start, ==, 13 * 60);
  g_assert_cmpint (mc_calendar_day_seconds (cal), ==, 8 * 3600);

  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 08:00", "2024-03-04 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 07:30", "2024-03-04 17:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 12:30", "2024-03-05 12:00");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-03-04 13:15", "2024-03-05 13:15");
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 3, "2024-02-07 09:00", "2024-02-19 09:00");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 10:00"), 4 * 3600),
               "2024-03-04 15:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-04 15:00", "2024-03-04 17:00");
  g_assert_cmpint (mc_calendar_working_seconds (cal, mc_test_time ("2024-03-04 11:00"),
                                                mc_test_time ("2024-03-04 14:00")), ==, 7200);

  /* When the office closes before 15:00, the cut-off is the closing time. */
  mc_calendar_set_office_hours (cal, &no_lunch);
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-04 14:59", "2024-03-04 15:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-04 15:00", "2024-03-04 15:00");
  no_lunch.pm_end = 14 * 60;
  mc_calendar_set_office_hours (cal, &no_lunch);
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-03-04 14:30", "2024-03-05 14:00");
  assert_time (mc_calendar_add_working (cal, mc_test_time ("2024-03-04 10:00"), 3600),
               "2024-03-04 11:00");
}

static void
test_bad_values (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();

  assert_due (cal, MC_LIMIT_WORKING_DAYS, -3, "2024-03-04 09:00", "2024-03-04 09:00");
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, -3, "2024-03-04 09:00", "2024-03-04 17:00");
  g_assert_cmpint (mc_calendar_due (cal, MC_LIMIT_WORKING_DAYS, 1, MC_TIME_NONE), ==,
                   MC_TIME_NONE);
}

/* The demo computes a million appointments: they must stay cheap, with the calendar a database
 * holds (days off of 2015–2035). */
static void
test_speed (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  guint n = g_test_perf () ? 1000000 : 100000;
  McTime base = mc_test_time ("2023-01-02 07:30");
  gint64 start, sum = 0;

  for (int year = 2015; year <= 2035; year++)
    mc_calendar_add_default_year (cal, year);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      McTime at = base + (McTime) (i % 1000) * 86400 + (McTime) (i % 600) * 60;

      sum += mc_calendar_due (cal, (McLimitKind) (i % 3), 1 + i % 20, at) % 1000;
    }
  g_test_message ("%u due times in %.3f s (%" G_GINT64_FORMAT ")", n,
                  (g_get_monotonic_time () - start) / 1e6, sum);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      McTime from = base + (McTime) (i % 1000) * 86400 + (McTime) (i % 600) * 60;

      sum += mc_calendar_working_seconds (cal, from, from + (McTime) (i % 4000) * 86400);
    }
  g_test_message ("%u working times over up to 11 years in %.3f s (%" G_GINT64_FORMAT ")", n,
                  (g_get_monotonic_time () - start) / 1e6, sum);
}

static char *
describe_days (GArray *days)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);
      g_autofree char *day = mc_day_to_iso (sd->day);

      g_string_append_printf (text, "%s%s%s", i > 0 ? " " : "", day,
                              sd->kind == MC_DAY_SATURDAY_WORKED ? "+" : "");
    }
  return g_string_free (text, FALSE);
}

static void
assert_days (GArray *days, const char *expected)
{
  g_autofree char *text = describe_days (days);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_statutory (void)
{
  g_autoptr(GArray) y2023 = mc_holidays_statutory (2023);
  g_autoptr(GArray) y2024 = mc_holidays_statutory (2024);

  /* 2023: 1/1 a Sunday; Tết from Saturday 21/1; Giỗ Tổ Saturday 29/4 and 30/4 a Sunday, in lieu
   * after 1/5; 2/9 a Saturday with Friday 1/9. */
  assert_days (y2023, "2023-01-02 2023-01-23 2023-01-24 2023-01-25 2023-01-26 2023-01-27 "
                      "2023-05-01 2023-05-02 2023-05-03 2023-09-01 2023-09-04");
  /* 2024: Tết from Friday 9/2 (30 Tết), mùng 1–2 on the weekend. */
  assert_days (y2024, "2024-01-01 2024-02-09 2024-02-12 2024-02-13 2024-02-14 2024-02-15 "
                      "2024-04-18 2024-04-30 2024-05-01 2024-09-02 2024-09-03");
  g_assert_cmpstr (g_array_index (y2024, McSpecialDay, 1).note, ==, "Tết Nguyên Đán");
  g_assert_cmpstr (g_array_index (y2024, McSpecialDay, 6).note, ==, "Giỗ Tổ Hùng Vương");

  /* Eleven holidays always give eleven distinct weekdays off. */
  for (int year = 1900; year <= 2100; year++)
    {
      g_autoptr(GArray) days = mc_holidays_statutory (year);

      g_assert_cmpuint (days->len, ==, 11);
      for (guint i = 0; i < days->len; i++)
        {
          const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);

          g_assert_cmpint (sd->kind, ==, MC_DAY_OFF);
          g_assert_cmpint (mc_day_weekday (sd->day), <=, 5);
          g_assert_nonnull (sd->note);
          if (i > 0)
            g_assert_cmpint (sd->day, >, g_array_index (days, McSpecialDay, i - 1).day);
        }
    }
}

static void
test_shipped (void)
{
  static const struct { int year; const char *days; } years[] = {
    { 2023, "2023-01-02 2023-01-20 2023-01-23 2023-01-24 2023-01-25 2023-01-26 "
            "2023-05-01 2023-05-02 2023-05-03 2023-09-01 2023-09-04" },
    { 2024, "2024-01-01 2024-02-08 2024-02-09 2024-02-12 2024-02-13 2024-02-14 2024-04-18 "
            "2024-04-29 2024-04-30 2024-05-01 2024-05-04+ 2024-09-02 2024-09-03" },
    { 2025, "2025-01-01 2025-01-27 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-04-07 "
            "2025-04-26+ 2025-04-30 2025-05-01 2025-05-02 2025-09-01 2025-09-02" },
    { 2026, "2026-01-01 2026-01-02 2026-01-10+ 2026-02-16 2026-02-17 2026-02-18 2026-02-19 "
            "2026-02-20 2026-04-27 2026-04-30 2026-05-01 2026-09-02 2026-09-03" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (years); i++)
    {
      gboolean official = FALSE;
      g_autoptr(GArray) days = mc_holidays_default (years[i].year, &official);

      g_assert_true (official);
      assert_days (days, years[i].days);
    }

  for (int year = 2015; year <= 2035; year++)
    if (year < 2023 || year > 2026)
      {
        gboolean official = TRUE;
        g_autoptr(GArray) days = mc_holidays_default (year, &official);
        g_autoptr(GArray) statutory = mc_holidays_statutory (year);
        g_autofree char *expected = describe_days (statutory);

        g_assert_false (official);
        assert_days (days, expected);
      }
}

/* The docs/cli.md example and the 2024 Saturday worked, with the shipped data. */
static void
test_default_calendar (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  g_autoptr(GArray) listed = NULL;

  for (int year = 2023; year <= 2026; year++)
    mc_calendar_add_default_year (cal, year);
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 3, "2024-02-07 09:00", "2024-02-19 09:00");
  g_assert_true (mc_calendar_is_working_day (cal, mc_test_day ("2024-05-04")));
  g_assert_false (mc_calendar_is_working_day (cal, mc_test_day ("2024-04-29")));
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 1, "2024-05-03 16:00", "2024-05-04 16:00");
  assert_due (cal, MC_LIMIT_SAME_DAY, 0, "2024-05-03 15:30", "2024-05-04 17:00");
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 1, "2024-05-03 10:00", "2024-05-04 17:00");
  /* Tết 2025: 25/1–2/2. */
  assert_due (cal, MC_LIMIT_WORKING_DAYS, 2, "2025-01-23 09:00", "2025-02-03 09:00");
  assert_due (cal, MC_LIMIT_CALENDAR_DAYS, 5, "2025-01-22 09:00", "2025-02-03 17:00");

  listed = mc_calendar_get_special_days (cal, mc_test_day ("2024-01-01"),
                                         mc_test_day ("2024-12-31"));
  g_assert_cmpuint (listed->len, ==, 13);
  g_assert_cmpstr (g_array_index (listed, McSpecialDay, 1).note, ==, "Tết Nguyên Đán");
  g_assert_cmpint (g_array_index (listed, McSpecialDay, 10).kind, ==, MC_DAY_SATURDAY_WORKED);
}

/* Runs motcua-cli (MOTCUA_CLI) with --db DB and ARGS; returns the exit status. */
static int run_cli (const char *db, char **out, char **err, ...) G_GNUC_NULL_TERMINATED;

static int
run_cli (const char *db, char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MOTCUA_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  for (const char *arg = va_arg (args, const char *); arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
  return error->code;
}

static void assert_cli (const char *db, const char *expected, ...) G_GNUC_NULL_TERMINATED;

static void
assert_cli (const char *db, const char *expected, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  va_list list;

  va_start (list, expected);
  for (const char *arg = va_arg (list, const char *); arg != NULL;
       arg = va_arg (list, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (list);
  while (args->len < 6)
    g_ptr_array_add (args, NULL);

  g_assert_cmpint (run_cli (db, &out, &err, args->pdata[0], args->pdata[1], args->pdata[2],
                            args->pdata[3], args->pdata[4], args->pdata[5], NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, expected);
}

/* Bad input: exit 1 and one line on stderr; wrong usage: exit 2. */
static void
assert_cli_fails (const char *db, int status, const char *arg1, const char *arg2,
                  const char *arg3, const char *arg4)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "calendar", arg1, arg2, arg3, arg4, NULL), ==, status);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "motcua-cli: "));
  if (status == 1)
    g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
}

static void
test_cli (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "none.db", NULL);
  g_autofree char *out = NULL, *err = NULL;

  assert_cli (db, "2024-02-19 09:00\n", "calendar", "due",
              "--at", "2024-02-07 09:00", "--days", "3", NULL);
  assert_cli (db, "2024-05-04 17:00\n", "calendar", "due",
              "--at", "2024-05-03 15:30", "--same-day", NULL);
  assert_cli (db, "2024-02-15 17:00\n", "calendar", "due",
              "--at", "2024-02-01 10:00", "--calendar-days", "7", NULL);
  assert_cli (db, "2024-02-10\n", "calendar", "tet", "2024", NULL);
  assert_cli (db, "1985-01-21\n", "calendar", "tet", "1985", NULL);
  assert_cli (db, "1/2/2023 nhuận\n", "calendar", "lunar", "2023-03-22", NULL);
  assert_cli (db, "1/1/2024\n", "calendar", "lunar", "2024-02-10", NULL);
  assert_cli (db, "2023-03-22\n", "calendar", "solar", "1", "2", "2023", "--leap", NULL);
  assert_cli (db, "2026-04-26\n", "calendar", "solar", "10", "3", "2026", NULL);

  g_assert_cmpint (run_cli (db, &out, &err, "calendar", "holidays", "2024", "--json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "[\n  {\"date\": \"2024-01-01\", \"kind\": \"off\", "
                                        "\"note\": \"Tết Dương lịch\"},\n"));
  g_assert_nonnull (strstr (out, "{\"date\": \"2024-05-04\", \"kind\": \"worked\""));
  g_assert_true (g_str_has_suffix (out, "\"Quốc khánh\"}\n]\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "calendar", "holidays", "2024", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "2024-01-01  "));

  assert_cli_fails (db, 1, "due", "--at", "2024-02-30 09:00", "--same-day");
  assert_cli_fails (db, 1, "due", "--at", "2024-02-07 25:00", "--same-day");
  assert_cli_fails (db, 1, "due", "--at", "2024-02-07 09:00", "--days=-1");
  assert_cli_fails (db, 1, "lunar", "2024-13-01", NULL, NULL);
  assert_cli_fails (db, 1, "lunar", "1700-01-01", NULL, NULL);
  assert_cli_fails (db, 1, "solar", "30", "12", "2024");
  assert_cli_fails (db, 1, "tet", "soon", NULL, NULL);
  assert_cli_fails (db, 1, "holidays", "3000", NULL, NULL);
  assert_cli_fails (db, 2, NULL, NULL, NULL, NULL);
  assert_cli_fails (db, 2, "moon", NULL, NULL, NULL);
  assert_cli_fails (db, 2, "lunar", NULL, NULL, NULL);
  assert_cli_fails (db, 2, "due", "--at", "2024-02-07 09:00", NULL);
  assert_cli_fails (db, 2, "due", "--days", "3", "--same-day");
  assert_cli_fails (db, 2, "due", "--days", "3", NULL);
  assert_cli_fails (db, 2, "due", "--fast", NULL, NULL);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* With a database, its office hours and days are the calendar. */
static void
test_cli_database (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *db = mc_test_new_target (dir, "commune.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO calendar_day (day, kind, note) VALUES (%d, 0, 'Lễ hội làng');"
      "INSERT INTO setting (key, value) VALUES ('office.am_start', '480'), "
      "('office.am_end', '720'), ('office.pm_start', '780'), ('office.pm_end', '1020');",
      mc_test_day ("2024-03-05"));

  {
    g_autoptr(McStore) store = mc_store_create (db, &error);

    g_assert_no_error (error);
    mc_store_testing_exec (store, sql, &error);
    g_assert_no_error (error);
  }

  /* Monday 08:00 + 1 day with 8-hour days is 17:00; Tuesday 5/3 is off. */
  assert_cli (db, "2024-03-06 17:00\n", "calendar", "due",
              "--at", "2024-03-04 17:30", "--days", "1", NULL);
  assert_cli (db, "2024-03-04 17:00\n", "calendar", "due",
              "--at", "2024-03-04 08:00", "--days", "1", NULL);
  /* The database holds no Tết 2024: 8/2 is worked there. */
  assert_cli (db, "2024-02-08 09:00\n", "calendar", "due",
              "--at", "2024-02-07 09:00", "--days", "1", NULL);
  {
    g_autofree char *out = NULL, *err = NULL;

    /* The note shows once the store keeps notes in its calendar. */
    g_assert_cmpint (run_cli (db, &out, &err, "calendar", "holidays", "2024", NULL), ==, 0);
    g_assert_true (g_str_has_prefix (out, "2024-03-05  day off"));
    g_assert_cmpint (strchr (out, '\n') - out, ==, strlen (out) - 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calendar/working-days", test_working_days);
  g_test_add_func ("/calendar/copy-and-clear", test_copy_and_clear);
  g_test_add_func ("/calendar/cli-example", test_cli_example);
  g_test_add_func ("/calendar/session-boundaries", test_session_boundaries);
  g_test_add_func ("/calendar/lunch-break", test_lunch_break);
  g_test_add_func ("/calendar/same-day", test_same_day);
  g_test_add_func ("/calendar/saturday-worked", test_saturday_worked);
  g_test_add_func ("/calendar/tet-break", test_tet_break);
  g_test_add_func ("/calendar/calendar-days", test_calendar_days);
  g_test_add_func ("/calendar/supplement-pause", test_supplement_pause);
  g_test_add_func ("/calendar/working-seconds", test_working_seconds);
  g_test_add_func ("/calendar/random-consistency", test_random_consistency);
  g_test_add_func ("/calendar/office-hours", test_office_hours);
  g_test_add_func ("/calendar/bad-values", test_bad_values);
  g_test_add_func ("/calendar/speed", test_speed);
  g_test_add_func ("/calendar/holidays/statutory", test_statutory);
  g_test_add_func ("/calendar/holidays/shipped", test_shipped);
  g_test_add_func ("/calendar/holidays/default-calendar", test_default_calendar);
  g_test_add_func ("/calendar/cli/commands", test_cli);
  g_test_add_func ("/calendar/cli/database", test_cli_database);
  return g_test_run ();
}
