/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-calendar.h"

GArray *
mc_holidays_statutory (int year)
{
  g_critical ("mc_holidays_statutory is not written yet");
  return NULL;
}

GArray *
mc_holidays_default (int year, gboolean *official)
{
  g_critical ("mc_holidays_default is not written yet");
  return NULL;
}

