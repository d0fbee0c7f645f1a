/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Vietnamese lunar calendar after Hồ Ngọc Đức's published rules ("Âm lịch Việt Nam"):
 * - a month starts on the local (UTC+7) day of a new moon;
 * - month 11 is the month that contains the winter solstice;
 * - when 13 months separate two months 11, the first month after the first of them that contains
 *   no major solar term (the sun's longitude crossing a multiple of 30°) is a leap month and
 *   repeats the number of the month before it.
 * The new moons use Meeus's series (Astronomical Formulae for Calculators), the sun's longitude
 * Meeus's Astronomical Algorithms, as Hồ Ngọc Đức does, so the dates agree with his tables.
 *
 * Everything is computed once into a table of the month starts of the whole valid range (about
 * 5,000 months), so each conversion is a bisection or a short scan. */
#include "config.h"

#include <math.h>

#include "mc-date.h"
#include "mc-lunar.h"

#define TZ_DAYS (7.0 / 24.0)                   /* the meridian 105°E */
#define SYNODIC_MONTH 29.530588853
#define JD_NEW_MOON_1900 2415021.076998695     /* the new moon of 1900-01-01 13:52 UT */
#define JD_OF_DAY_ZERO 2440588                 /* the Julian day number of 1970-01-01 */

/* Periods between two months 11 ("suì"), named by the solar year of their closing month 11:
 * suì Y holds months 11 and 12 of lunar year Y-1 and months 1–10 of lunar year Y. */
#define FIRST_SUI (MC_LUNAR_MIN_YEAR - 1)
#define LAST_SUI (MC_LUNAR_MAX_YEAR + 1)

static double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

/* The Julian date (UT) of the K-th new moon after the new moon of 1900-01-01. */
static double
new_moon_jd (int k)
{
  /* Periodic terms: coefficient (days) and the multiples of the sun's mean anomaly M, the moon's
   * mean anomaly M' and the moon's argument of latitude F. */
  static const struct { double coefficient; int m, m1, f; } terms[] = {
    { 0.0021, 2, 0, 0 },
    { -0.4068, 0, 1, 0 },
    { 0.0161, 0, 2, 0 },
    { -0.0004, 0, 3, 0 },
    { 0.0104, 0, 0, 2 },
    { -0.0051, 1, 1, 0 },
    { -0.0074, 1, -1, 0 },
    { 0.0004, 1, 0, 2 },
    { -0.0004, -1, 0, 2 },
    { -0.0006, 0, 1, 2 },
    { 0.0010, 0, -1, 2 },
    { 0.0005, 1, 2, 0 },
  };
  double t = k / 1236.85;          /* Julian centuries since 1900 */
  double t2 = t * t, t3 = t2 * t;
  double mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 +
                0.00033 * sin (radians (166.56 + 132.87 * t - 0.009173 * t2));
  double m = radians (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3);
  double m1 = radians (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3);
  double f = radians (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3);
  double correction = (0.1734 - 0.000393 * t) * sin (m);
  /* Ephemeris time minus universal time, in days; this form holds after the 12th century. */
  double delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;

  for (gsize i = 0; i < G_N_ELEMENTS (terms); i++)
    correction += terms[i].coefficient * sin (terms[i].m * m + terms[i].m1 * m1 + terms[i].f * f);
  return mean + correction - delta_t;
}

/* The local day on which the K-th new moon falls. */
static McDay
new_moon_day (int k)
{
  return (McDay) (floor (new_moon_jd (k) + 0.5 + TZ_DAYS) - JD_OF_DAY_ZERO);
}

/* Which twelfth of the ecliptic (0 = 0°–30° from the spring equinox … 9 = from the winter
 * solstice) the sun is in at the local midnight starting DAY. */
static int
sun_sector (McDay day)
{
  double jd = day + JD_OF_DAY_ZERO - 0.5 - TZ_DAYS;
  double t = (jd - 2451545.0) / 36525.0;     /* Julian centuries since J2000 */
  double t2 = t * t;
  double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double center = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin (radians (m)) +
                  (0.019993 - 0.000101 * t) * sin (radians (2 * m)) +
                  0.000290 * sin (radians (3 * m));
  double longitude = fmod (l0 + center, 360.0);

  if (longitude < 0)
    longitude += 360.0;
  return (int) floor (longitude / 30.0);
}

/* The index of the new moon starting month 11 of solar year YEAR (the one holding the winter
 * solstice): the new moon before 31 December, or the one before it if the sun has already
 * passed 270° when it starts. */
static int
month11_index (int year)
{
  double days = mc_day_from_ymd (year, 12, 31) + JD_OF_DAY_ZERO - JD_NEW_MOON_1900;
  int k = (int) floor (days / SYNODIC_MONTH);

  if (sun_sector (new_moon_day (k)) >= 9)
    k--;
  return k;
}

/* In a suì of 13 months starting with new moon K11, the offset (1…12) of the first month that
 * contains no major term: the sun is in the same sector when it starts and when the next starts. */
static int
leap_offset (int k11)
{
  int sector = sun_sector (new_moon_day (k11 + 1));

  for (int i = 1; i < 13; i++)
    {
      int next = sun_sector (new_moon_day (k11 + i + 1));

      if (next == sector)
        return i;
      sector = next;
    }
  return 13;
}

typedef struct {
  McDay   start;
  gint16  year;
  gint8   month;
  gboolean leap;
} Month;

static Month months[(LAST_SUI - FIRST_SUI + 1) * 13 + 1];
static guint n_months;              /* months[n_months] only bounds the last month */
static guint year_start[LAST_SUI - FIRST_SUI + 1];   /* month 1 of lunar year FIRST_SUI + i */

static void
build_table (void)
{
  int k = month11_index (FIRST_SUI - 1);

  for (int sui = FIRST_SUI; sui <= LAST_SUI; sui++)
    {
      int k_next = month11_index (sui);
      int leap = k_next - k == 13 ? leap_offset (k) : 0;

      for (int i = 0; i < k_next - k; i++)
        {
          int label = 11 + i - (leap != 0 && i >= leap ? 1 : 0);   /* 11, 12, 13 = 1, … */
          Month *month = &months[n_months];

          month->start = new_moon_day (k + i);
          month->year = (gint16) (label <= 12 ? sui - 1 : sui);
          month->month = (gint8) (label <= 12 ? label : label - 12);
          month->leap = leap != 0 && i == leap;
          if (month->month == 1 && !month->leap)
            year_start[sui - FIRST_SUI] = n_months;
          n_months++;
        }
      k = k_next;
    }
  months[n_months].start = new_moon_day (k);
}

static void
ensure_table (void)
{
  static gsize built = 0;

  if (g_once_init_enter (&built))
    {
      build_table ();
      g_once_init_leave (&built, 1);
    }
}

gboolean
mc_lunar_from_solar (McDay solar, McLunarDate *out)
{
  guint lo = 0, hi;

  if (solar < mc_day_from_ymd (MC_LUNAR_MIN_YEAR, 1, 1) ||
      solar > mc_day_from_ymd (MC_LUNAR_MAX_YEAR, 12, 31))
    return FALSE;
  ensure_table ();

  /* The last month starting on or before SOLAR. */
  hi = n_months;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (months[mid].start <= solar)
        lo = mid;
      else
        hi = mid;
    }
  if (out != NULL)
    {
      out->day = solar - months[lo].start + 1;
      out->month = months[lo].month;
      out->year = months[lo].year;
      out->leap = months[lo].leap;
    }
  return TRUE;
}

static gboolean
year_is_valid (int year)
{
  return year >= MC_LUNAR_MIN_YEAR - 1 && year <= MC_LUNAR_MAX_YEAR;
}

gboolean
mc_lunar_to_solar (const McLunarDate *lunar, McDay *out)
{
  g_return_val_if_fail (lunar != NULL, FALSE);

  if (!year_is_valid (lunar->year) || lunar->month < 1 || lunar->month > 12 ||
      lunar->day < 1 || lunar->day > 30)
    return FALSE;
  ensure_table ();

  for (guint i = year_start[lunar->year - FIRST_SUI]; months[i].year == lunar->year; i++)
    if (months[i].month == lunar->month && months[i].leap == !!lunar->leap)
      {
        if (lunar->day > months[i + 1].start - months[i].start)
          return FALSE;
        if (out != NULL)
          *out = months[i].start + lunar->day - 1;
        return TRUE;
      }
  return FALSE;
}

McDay
mc_lunar_tet (int year)
{
  g_return_val_if_fail (year_is_valid (year), 0);

  ensure_table ();
  return months[year_start[year - FIRST_SUI]].start;
}

int
mc_lunar_leap_month (int year)
{
  g_return_val_if_fail (year_is_valid (year), 0);

  ensure_table ();
  for (guint i = year_start[year - FIRST_SUI]; months[i].year == year; i++)
    if (months[i].leap)
      return months[i].month;
  return 0;
}
