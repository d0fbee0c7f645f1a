/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Vietnamese lunar calendar: known dates, the UTC+7 differences from China, leap months, and
 * a round trip over two centuries. */
#include "config.h"

#include "mc-date.h"
#include "mc-lunar.h"
#include "mc-test-util.h"

static void
assert_day (McDay day, const char *expected)
{
  g_autofree char *text = mc_day_to_iso (day);

  g_assert_cmpstr (text, ==, expected);
}

static McDay
lunar (int day, int month, int year, gboolean leap)
{
  McLunarDate date = { day, month, year, leap };
  McDay solar = 0;

  if (!mc_lunar_to_solar (&date, &solar))
    g_error ("%d/%d/%d%s does not exist", day, month, year, leap ? " leap" : "");
  return solar;
}

static void
test_tet (void)
{
  static const struct { int year; const char *day; } tet[] = {
    { 2023, "2023-01-22" }, { 2024, "2024-02-10" }, { 2025, "2025-01-29" },
    { 2026, "2026-02-17" }, { 2027, "2027-02-06" },
    /* Vietnam (UTC+7) differs from China (UTC+8) in these years. */
    { 1985, "1985-01-21" }, { 2007, "2007-02-17" },
    { 1900, "1900-01-31" }, { 2000, "2000-02-05" }, { 2020, "2020-01-25" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (tet); i++)
    {
      McLunarDate date;

      assert_day (mc_lunar_tet (tet[i].year), tet[i].day);
      assert_day (lunar (1, 1, tet[i].year, FALSE), tet[i].day);
      g_assert_true (mc_lunar_from_solar (mc_test_day (tet[i].day), &date));
      g_assert_cmpint (date.day, ==, 1);
      g_assert_cmpint (date.month, ==, 1);
      g_assert_cmpint (date.year, ==, tet[i].year);
      g_assert_false (date.leap);
    }
}

static void
test_gio_to (void)
{
  assert_day (lunar (10, 3, 2023, FALSE), "2023-04-29");
  assert_day (lunar (10, 3, 2024, FALSE), "2024-04-18");
  assert_day (lunar (10, 3, 2025, FALSE), "2025-04-07");
  assert_day (lunar (10, 3, 2026, FALSE), "2026-04-26");
}

static void
test_leap_months (void)
{
  static const struct { int year, leap; } years[] = {
    { 2023, 2 }, { 2020, 4 }, { 2017, 6 }, { 2014, 9 }, { 2012, 4 }, { 2009, 5 }, { 2006, 7 },
    { 2004, 2 }, { 2001, 4 }, { 2025, 6 }, { 2028, 5 },
    { 2024, 0 }, { 2026, 0 }, { 2027, 0 },
  };
  McLunarDate date;

  for (gsize i = 0; i < G_N_ELEMENTS (years); i++)
    if (mc_lunar_leap_month (years[i].year) != years[i].leap)
      g_error ("leap month of %d: %d, expected %d", years[i].year,
               mc_lunar_leap_month (years[i].year), years[i].leap);

  /* The leap month 2 of 2023 starts on 2023-03-22, one month after month 2. */
  g_assert_true (mc_lunar_from_solar (mc_test_day ("2023-03-22"), &date));
  g_assert_cmpint (date.day, ==, 1);
  g_assert_cmpint (date.month, ==, 2);
  g_assert_cmpint (date.year, ==, 2023);
  g_assert_true (date.leap);
  assert_day (lunar (1, 2, 2023, FALSE), "2023-02-20");
  assert_day (lunar (1, 2, 2023, TRUE), "2023-03-22");
  assert_day (lunar (1, 3, 2023, FALSE), "2023-04-20");
}

static void
test_missing_dates (void)
{
  static const McLunarDate bad[] = {
    { 1, 3, 2023, TRUE },       /* 2023 has a leap month 2, not 3 */
    { 1, 1, 2024, TRUE },       /* 2024 has no leap month */
    { 0, 1, 2024, FALSE },
    { 31, 1, 2024, FALSE },
    { 1, 13, 2024, FALSE },
    { 1, 0, 2024, FALSE },
    { 1, 1, 1700, FALSE },
    { 1, 1, 2300, FALSE },
    { 30, 12, 2024, FALSE },    /* month 12 of 2024 has 29 days: Tết 2025 is the next day */
  };
  McLunarDate date;
  McDay day;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (mc_lunar_to_solar (&bad[i], &day))
      g_error ("%d/%d/%d%s was accepted", bad[i].day, bad[i].month, bad[i].year,
               bad[i].leap ? " leap" : "");
  assert_day (lunar (29, 12, 2024, FALSE), "2025-01-28");
  assert_day (lunar (30, 12, 2023, FALSE), "2024-02-09");

  g_assert_false (mc_lunar_from_solar (mc_test_day ("1799-12-31"), &date));
  g_assert_false (mc_lunar_from_solar (mc_test_day ("2200-01-01"), &date));
  g_assert_true (mc_lunar_from_solar (mc_test_day ("1800-01-01"), &date));
  g_assert_cmpint (date.year, ==, 1799);
  g_assert_true (mc_lunar_from_solar (mc_test_day ("2199-12-31"), &date));
}

/* Every day of 1900–2100 converts to a lunar date that converts back to it, and the lunar dates
 * follow each other as they must: day + 1, or day 1 of the next month after a 29- or 30-day
 * month, months in order with at most one leap month a year, years with 12 or 13 months. */
static void
test_round_trip (void)
{
  McDay first = mc_test_day ("1900-01-01"), last = mc_test_day ("2100-12-31");
  McLunarDate previous = { 0 };
  int month_length = 0, months_in_year = 0, checked_years = 0;
  gint64 start = g_get_monotonic_time ();

  for (McDay d = first; d <= last; d++)
    {
      McLunarDate date;
      McDay back = 0;

      if (!mc_lunar_from_solar (d, &date) || !mc_lunar_to_solar (&date, &back) || back != d)
        g_error ("day %d: round trip failed (%d/%d/%d)", d, date.day, date.month, date.year);
      if (d == first)
        {
          previous = date;
          continue;
        }
      if (date.day == previous.day + 1)
        {
          g_assert_cmpint (date.month, ==, previous.month);
          g_assert_cmpint (date.leap, ==, previous.leap);
          month_length = date.day;
        }
      else
        {
          g_assert_cmpint (date.day, ==, 1);
          g_assert_cmpint (previous.day, >=, 29);
          g_assert_cmpint (previous.day, <=, 30);
          if (date.leap)
            {
              g_assert_cmpint (date.month, ==, previous.month);
              g_assert_false (previous.leap);
              g_assert_cmpint (mc_lunar_leap_month (date.year), ==, date.month);
            }
          else if (previous.month == 12)
            {
              g_assert_cmpint (date.month, ==, 1);
              g_assert_cmpint (date.year, ==, previous.year + 1);
              g_assert_cmpint (d, ==, mc_lunar_tet (date.year));
              if (checked_years++ > 0)
                g_assert_cmpint (months_in_year, ==,
                                 mc_lunar_leap_month (previous.year) != 0 ? 13 : 12);
              months_in_year = 0;
            }
          else
            g_assert_cmpint (date.month, ==, previous.month + 1);
          months_in_year++;
          month_length = 1;
        }
      g_assert_cmpint (month_length, <=, 30);
      previous = date;
    }
  g_assert_cmpint (checked_years, ==, 201);
  g_test_message ("1900-2100 round trip: %.3f s", (g_get_monotonic_time () - start) / 1e6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lunar/tet", test_tet);
  g_test_add_func ("/lunar/gio-to", test_gio_to);
  g_test_add_func ("/lunar/leap-months", test_leap_months);
  g_test_add_func ("/lunar/missing-dates", test_missing_dates);
  g_test_add_func ("/lunar/round-trip", test_round_trip);
  return g_test_run ();
}
