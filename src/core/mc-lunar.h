/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-types.h"

G_BEGIN_DECLS

/* The Vietnamese lunar calendar, computed for the meridian 105°E (UTC+7), after Hồ Ngọc Đức's
 * published algorithm. Valid for the solar dates of years 1800–2199, and so for lunar years
 * 1799–2199; the functions refuse (FALSE) or g_critical outside. */
#define MC_LUNAR_MIN_YEAR 1800
#define MC_LUNAR_MAX_YEAR 2199

typedef struct {
  int      day;
  int      month;
  int      year;
  gboolean leap;
} McLunarDate;

gboolean mc_lunar_from_solar (McDay solar, McLunarDate *out);
/* FALSE when the lunar date does not exist (e.g. a leap month that year does not have). */
gboolean mc_lunar_to_solar   (const McLunarDate *lunar, McDay *out);
/* Mùng 1 Tết of lunar year YEAR (which falls in solar year YEAR). */
McDay    mc_lunar_tet        (int year);
/* The leap month of lunar year YEAR, or 0. */
int      mc_lunar_leap_month (int year);

G_END_DECLS
