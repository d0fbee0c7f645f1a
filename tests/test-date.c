/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Local dates and times: Gregorian conversions, weekdays, strict parsing, ISO formatting. */
#include "config.h"

#include "mc-date.h"
#include "mc-test-util.h"

static void
test_known_days (void)
{
  int y, m, d;

  g_assert_cmpint (mc_day_from_ymd (1970, 1, 1), ==, 0);
  g_assert_cmpint (mc_day_from_ymd (1969, 12, 31), ==, -1);
  g_assert_cmpint (mc_day_from_ymd (2000, 3, 1), ==, 11017);
  g_assert_cmpint (mc_day_from_ymd (2024, 2, 29), ==, 19782);
  g_assert_cmpint (mc_day_from_ymd (1, 1, 1), ==, -719162);
  g_assert_cmpint (mc_day_from_ymd (9999, 12, 31), ==, 2932896);

  mc_day_to_ymd (19782, &y, &m, &d);
  g_assert_cmpint (y, ==, 2024);
  g_assert_cmpint (m, ==, 2);
  g_assert_cmpint (d, ==, 29);
  mc_day_to_ymd (-719162, &y, &m, &d);
  g_assert_cmpint (y, ==, 1);
  g_assert_cmpint (m, ==, 1);
  g_assert_cmpint (d, ==, 1);
}

/* Walks every date of years 1…9999 by hand and checks both directions and the weekday cycle. */
static void
test_every_day (void)
{
  McDay expected = mc_day_from_ymd (1, 1, 1);
  int weekday = mc_day_weekday (expected);

  g_assert_cmpint (weekday, ==, 1);   /* 0001-01-01 was a Monday (proleptic Gregorian) */
  for (int y = 1; y <= 9999; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= 31; d++)
        {
          int yy, mm, dd;

          if (!mc_ymd_is_valid (y, m, d))
            {
              g_assert_cmpint (d, >=, 29);
              continue;
            }
          if (mc_day_from_ymd (y, m, d) != expected)
            g_error ("%04d-%02d-%02d gave %d, expected %d", y, m, d,
                     mc_day_from_ymd (y, m, d), expected);
          mc_day_to_ymd (expected, &yy, &mm, &dd);
          if (yy != y || mm != m || dd != d)
            g_error ("day %d gave %04d-%02d-%02d", expected, yy, mm, dd);
          if (mc_day_weekday (expected) != weekday)
            g_error ("weekday of %04d-%02d-%02d", y, m, d);
          expected++;
          weekday = weekday % 7 + 1;
        }
  g_assert_cmpint (expected, ==, mc_day_from_ymd (9999, 12, 31) + 1);
}

static void
test_validity (void)
{
  g_assert_true (mc_ymd_is_valid (2024, 2, 29));
  g_assert_false (mc_ymd_is_valid (2023, 2, 29));
  g_assert_true (mc_ymd_is_valid (2000, 2, 29));
  g_assert_false (mc_ymd_is_valid (1900, 2, 29));
  g_assert_false (mc_ymd_is_valid (2024, 4, 31));
  g_assert_false (mc_ymd_is_valid (2024, 13, 1));
  g_assert_false (mc_ymd_is_valid (2024, 0, 1));
  g_assert_false (mc_ymd_is_valid (0, 1, 1));
  g_assert_false (mc_ymd_is_valid (10000, 1, 1));
}

static void
test_weekdays (void)
{
  g_assert_cmpint (mc_day_weekday (0), ==, 4);                          /* Thursday */
  g_assert_cmpint (mc_day_weekday (-1), ==, 3);
  g_assert_cmpint (mc_day_weekday (mc_test_day ("2024-02-07")), ==, 3); /* Wednesday */
  g_assert_cmpint (mc_day_weekday (mc_test_day ("2024-05-04")), ==, 6); /* Saturday */
  g_assert_cmpint (mc_day_weekday (mc_test_day ("2023-01-01")), ==, 7); /* Sunday */
  g_assert_cmpint (mc_day_weekday (mc_test_day ("1900-01-01")), ==, 1); /* Monday */
}

/* Vietnam is UTC+7: 17:00 UTC is already the next local day. */
static void
test_local_time (void)
{
  McTime t = 1707271200;   /* 2024-02-07 02:00 UTC = 09:00 in Hà Nội */

  g_assert_cmpint (mc_day_of_time (t), ==, mc_test_day ("2024-02-07"));
  g_assert_cmpint (mc_minute_of_time (t), ==, 9 * 60);
  g_assert_cmpint (mc_time_from_day (mc_test_day ("2024-02-07"), 9 * 60), ==, t);

  g_assert_cmpint (mc_day_of_time (17 * 3600 - 1), ==, 0);
  g_assert_cmpint (mc_minute_of_time (17 * 3600 - 1), ==, 1439);
  g_assert_cmpint (mc_day_of_time (17 * 3600), ==, 1);
  g_assert_cmpint (mc_minute_of_time (17 * 3600), ==, 0);

  /* Before 1970 the day and minute still round down. */
  g_assert_cmpint (mc_day_of_time (-7 * 3600 - 1), ==, -1);
  g_assert_cmpint (mc_minute_of_time (-7 * 3600 - 1), ==, 1439);
  g_assert_cmpint (mc_day_of_time (-7 * 3600), ==, 0);
}

static void
test_parse_day (void)
{
  McDay d = 0;

  g_assert_true (mc_parse_day ("2024-02-29", &d));
  g_assert_cmpint (d, ==, 19782);
  g_assert_true (mc_parse_day ("0001-01-01", &d));
  g_assert_true (mc_parse_day ("9999-12-31", &d));

  static const char *bad[] = {
    "", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "0000-01-01",
    "2024-2-07", "24-02-07", "2024/02/07", "2024-02-07 ", " 2024-02-07", "2024-02-07x",
    "2024-02-07 09:00", "07/02/2024", "2024-02-0a", "20240-02-07", "2024-02-070",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (mc_parse_day (bad[i], &d))
      g_error ("“%s” was accepted as a date", bad[i]);
  g_assert_false (mc_parse_day (NULL, &d));
}

static void
test_parse_time (void)
{
  McTime t = 0;
  McTime expected = mc_time_from_day (mc_day_from_ymd (2024, 2, 7), 9 * 60 + 5);

  g_assert_true (mc_parse_time ("2024-02-07 09:05", &t));
  g_assert_cmpint (t, ==, expected);
  g_assert_true (mc_parse_time ("2024-02-07 09:05:30", &t));
  g_assert_cmpint (t, ==, expected + 30);
  g_assert_true (mc_parse_time ("07/02/2024 09:05", &t));
  g_assert_cmpint (t, ==, expected);
  g_assert_true (mc_parse_time ("7/2/2024 09:05:59", &t));
  g_assert_cmpint (t, ==, expected + 59);
  g_assert_true (mc_parse_time ("2024-02-07 00:00", &t));
  g_assert_true (mc_parse_time ("2024-02-07 23:59:59", &t));

  static const char *bad[] = {
    "", "2024-02-07", "2024-02-30 09:00", "2024-02-07 25:00", "2024-02-07 24:00",
    "2024-02-07 09:60", "2024-02-07 09:00:60", "2024-02-07 9:00", "2024-02-07 09:00 ",
    "2024-02-07 09:00x", "2024-02-07 09:00:", "2024-02-07T09:00", "2024-02-07  09:00",
    "30/02/2024 09:00", "07/02/24 09:00", "07-02-2024 09:00", "07/02/2024", "2024-02-07 09",
    "2024-02-07 09:00:00:00", "123/02/2024 09:00", "2024-02-07 09:000",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (mc_parse_time (bad[i], &t))
      g_error ("“%s” was accepted as a time", bad[i]);
  g_assert_false (mc_parse_time (NULL, &t));
}

static void
test_format (void)
{
  g_autofree char *day = mc_day_to_iso (mc_day_from_ymd (2024, 2, 7));
  g_autofree char *old = mc_day_to_iso (mc_day_from_ymd (5, 3, 1));
  g_autofree char *time = mc_time_to_iso (mc_test_time ("2024-02-19 09:00"));
  g_autofree char *seconds = mc_time_to_iso (mc_test_time ("2024-02-19 16:59:59"));
  g_autofree char *midnight = mc_time_to_iso (mc_test_time ("31/12/2024 00:00"));

  g_assert_cmpstr (day, ==, "2024-02-07");
  g_assert_cmpstr (old, ==, "0005-03-01");
  g_assert_cmpstr (time, ==, "2024-02-19 09:00");
  g_assert_cmpstr (seconds, ==, "2024-02-19 16:59");
  g_assert_cmpstr (midnight, ==, "2024-12-31 00:00");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/known-days", test_known_days);
  g_test_add_func ("/date/every-day", test_every_day);
  g_test_add_func ("/date/validity", test_validity);
  g_test_add_func ("/date/weekdays", test_weekdays);
  g_test_add_func ("/date/local-time", test_local_time);
  g_test_add_func ("/date/parse-day", test_parse_day);
  g_test_add_func ("/date/parse-time", test_parse_time);
  g_test_add_func ("/date/format", test_format);
  return g_test_run ();
}
