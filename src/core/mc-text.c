/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-text.h"

void
mc_text_set_number_style (McNumberStyle style)
{
  g_critical ("mc_text_set_number_style is not written yet");
}

gboolean
mc_text_is_vietnamese (void)
{
  g_critical ("mc_text_is_vietnamese is not written yet");
  return 0;
}

char *
mc_format_int (gint64 value)
{
  g_critical ("mc_format_int is not written yet");
  return NULL;
}

char *
mc_format_decimal (double value, int decimals)
{
  g_critical ("mc_format_decimal is not written yet");
  return NULL;
}

char *
mc_format_percent (double percent, int decimals)
{
  g_critical ("mc_format_percent is not written yet");
  return NULL;
}

char *
mc_format_rate (gint64 num, gint64 den)
{
  g_critical ("mc_format_rate is not written yet");
  return NULL;
}

char *
mc_format_money (gint64 dong)
{
  g_critical ("mc_format_money is not written yet");
  return NULL;
}

char *
mc_format_day (McDay day)
{
  g_critical ("mc_format_day is not written yet");
  return NULL;
}

char *
mc_format_time (McTime t)
{
  g_critical ("mc_format_time is not written yet");
  return NULL;
}

char *
mc_format_duration (gint64 working_seconds, gint64 day_seconds)
{
  g_critical ("mc_format_duration is not written yet");
  return NULL;
}

char *
mc_text_fold (const char *text)
{
  g_critical ("mc_text_fold is not written yet");
  return NULL;
}

int
mc_text_collate (const char *a, const char *b)
{
  g_critical ("mc_text_collate is not written yet");
  return 0;
}

char *
mc_text_collate_key (const char *text)
{
  g_critical ("mc_text_collate_key is not written yet");
  return NULL;
}

