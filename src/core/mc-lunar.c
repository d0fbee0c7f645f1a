/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-lunar.h"

gboolean
mc_lunar_from_solar (McDay solar, McLunarDate *out)
{
  g_critical ("mc_lunar_from_solar is not written yet");
  return 0;
}

gboolean
mc_lunar_to_solar (const McLunarDate *lunar, McDay *out)
{
  g_critical ("mc_lunar_to_solar is not written yet");
  return 0;
}

McDay
mc_lunar_tet (int year)
{
  g_critical ("mc_lunar_tet is not written yet");
  return 0;
}

int
mc_lunar_leap_month (int year)
{
  g_critical ("mc_lunar_leap_month is not written yet");
  return 0;
}

