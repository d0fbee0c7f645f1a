/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Local (Vietnam, UTC+7) dates and times: conversions, strict parsing, ISO formatting. */
#include "config.h"

#include "mc-date.h"

#define SECONDS_PER_DAY 86400

static gint64 now_offset;

McTime
mc_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + now_offset;
}

void
mc_now_set_offset (gint64 seconds)
{
  now_offset = seconds;
}

/* Floor division, so that moments before 1970 fall on the right day. */
static gint64
floor_div (gint64 a, gint64 b)
{
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* Days from civil (Gregorian) date, counting years from March so that the leap day is last:
 * the era/year-of-era decomposition of the proleptic calendar (400-year cycles of 146097 days). */
McDay
mc_day_from_ymd (int year, int month, int day)
{
  gint64 y = (gint64) year - (month <= 2);
  gint64 era = floor_div (y, 400);
  gint64 yoe = y - era * 400;
  gint64 mp = (month + 9) % 12;                  /* March = 0 … February = 11 */
  gint64 doy = (153 * mp + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return (McDay) (era * 146097 + doe - 719468);
}

void
mc_day_to_ymd (McDay d, int *year, int *month, int *day)
{
  gint64 z = (gint64) d + 719468;
  gint64 era = floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);

  if (year != NULL)
    *year = (int) (yoe + era * 400 + (m <= 2));
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = (int) (doy - (153 * mp + 2) / 5 + 1);
}

static int
days_in_month (int year, int month)
{
  static const int lengths[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : lengths[month - 1];
}

gboolean
mc_ymd_is_valid (int year, int month, int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= days_in_month (year, month);
}

int
mc_day_weekday (McDay d)
{
  gint64 shifted = (gint64) d + 3;    /* 1970-01-01 was a Thursday */

  return (int) (shifted - floor_div (shifted, 7) * 7) + 1;
}

McDay
mc_day_of_time (McTime t)
{
  return (McDay) floor_div (t + MC_TZ_OFFSET, SECONDS_PER_DAY);
}

int
mc_minute_of_time (McTime t)
{
  gint64 local = t + MC_TZ_OFFSET;

  return (int) ((local - floor_div (local, SECONDS_PER_DAY) * SECONDS_PER_DAY) / 60);
}

McTime
mc_time_from_day (McDay d, int minute_of_day)
{
  return (McTime) d * SECONDS_PER_DAY + (McTime) minute_of_day * 60 - MC_TZ_OFFSET;
}

/* Reads between MIN and MAX ASCII digits at *P, advancing it; FALSE if there are fewer than MIN.
 * Exactly the digits wanted: a longer run of digits is refused by the caller's next separator. */
static gboolean
read_number (const char **p, int min, int max, int *out)
{
  int n = 0, value = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min)
    return FALSE;
  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
read_char (const char **p, char c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* "YYYY-MM-DD" at *P. */
static gboolean
read_iso_date (const char **p, int *y, int *m, int *d)
{
  return read_number (p, 4, 4, y) && read_char (p, '-') &&
         read_number (p, 2, 2, m) && read_char (p, '-') &&
         read_number (p, 2, 2, d);
}

/* "DD/MM/YYYY" at *P; the day and month may have one digit, as Vietnamese forms often write. */
static gboolean
read_vn_date (const char **p, int *y, int *m, int *d)
{
  return read_number (p, 1, 2, d) && read_char (p, '/') &&
         read_number (p, 1, 2, m) && read_char (p, '/') &&
         read_number (p, 4, 4, y);
}

gboolean
mc_parse_day (const char *text, McDay *out)
{
  const char *p = text;
  int y, m, d;

  if (text == NULL || !read_iso_date (&p, &y, &m, &d) || *p != '\0' ||
      !mc_ymd_is_valid (y, m, d))
    return FALSE;
  if (out != NULL)
    *out = mc_day_from_ymd (y, m, d);
  return TRUE;
}

gboolean
mc_parse_day_typed (const char *text, McDay *out)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *p = clean;
  int y, m, d;

  if (mc_parse_day (clean, out))
    return TRUE;
  if (!read_vn_date (&p, &y, &m, &d) || *p != '\0' || !mc_ymd_is_valid (y, m, d))
    return FALSE;
  if (out != NULL)
    *out = mc_day_from_ymd (y, m, d);
  return TRUE;
}

gboolean
mc_parse_time (const char *text, McTime *out)
{
  const char *p = text;
  int y, m, d, hour, minute, second = 0;

  if (text == NULL)
    return FALSE;
  if (!read_iso_date (&p, &y, &m, &d))
    {
      p = text;
      if (!read_vn_date (&p, &y, &m, &d))
        return FALSE;
    }
  if (!read_char (&p, ' ') ||
      !read_number (&p, 2, 2, &hour) || !read_char (&p, ':') ||
      !read_number (&p, 2, 2, &minute))
    return FALSE;
  if (*p == ':' && !(read_char (&p, ':') && read_number (&p, 2, 2, &second)))
    return FALSE;
  if (*p != '\0' || !mc_ymd_is_valid (y, m, d) || hour > 23 || minute > 59 || second > 59)
    return FALSE;
  if (out != NULL)
    *out = mc_time_from_day (mc_day_from_ymd (y, m, d), hour * 60 + minute) + second;
  return TRUE;
}

char *
mc_day_to_iso (McDay d)
{
  int y, m, dd;

  mc_day_to_ymd (d, &y, &m, &dd);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, dd);
}

char *
mc_time_to_iso (McTime t)
{
  g_autofree char *day = mc_day_to_iso (mc_day_of_time (t));
  int minute = mc_minute_of_time (t);

  return g_strdup_printf ("%s %02d:%02d", day, minute / 60, minute % 60);
}
