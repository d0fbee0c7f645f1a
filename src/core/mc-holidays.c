/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Days off: the statutory ones (Labour Code 2019 art. 112) and the official arrangements shipped
 * in resources/holidays.ini. Notes are Vietnamese names, data rather than interface text. */
#include "config.h"

#include "mc-calendar.h"
#include "mc-core-resources.h"
#include "mc-date.h"
#include "mc-lunar.h"

#define HOLIDAYS_RESOURCE "/io/github/motcua/MotCua/core/holidays.ini"
#define NOTE_IN_LIEU "Nghỉ bù"
#define NOTE_WORKED "Làm bù"

/* The keys of holidays.ini, with the note of their days. */
static const struct { const char *key; const char *note; } occasions[] = {
  { "new_year", "Tết Dương lịch" },
  { "tet", "Tết Nguyên Đán" },
  { "gio_to", "Giỗ Tổ Hùng Vương" },
  { "reunification", "Ngày Giải phóng miền Nam và Quốc tế Lao động" },
  { "national_day", "Quốc khánh" },
  { "off", "Ngày nghỉ" },
};

static const char *
occasion_note (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (occasions); i++)
    if (g_str_equal (occasions[i].key, key))
      return occasions[i].note;
  return NULL;
}

static int
compare_special_days (gconstpointer a, gconstpointer b)
{
  McDay x = ((const McSpecialDay *) a)->day, y = ((const McSpecialDay *) b)->day;

  return (x > y) - (x < y);
}

static void
append_day (GArray *days, McDay day, McSpecialDayKind kind, const char *note)
{
  McSpecialDay sd = { day, kind, note };

  g_array_append_val (days, sd);
}

static gboolean
array_has_day (GArray *days, McDay day)
{
  for (guint i = 0; i < days->len; i++)
    if (g_array_index (days, McSpecialDay, i).day == day)
      return TRUE;
  return FALSE;
}

/* The day next to 2 September that the law leaves to the government: the one that joins the
 * weekend, as the arrangements of 2021–2025 did (Tuesday 2/9 → Monday 1/9, Thursday → Friday 3/9,
 * Friday → Thursday 1/9, Saturday → Friday 1/9); on Monday or Sunday the day after, which the day
 * in lieu would give anyway; on a Wednesday, which joins nothing, the day after. */
static McDay
national_day_companion (int year)
{
  static const int offset[8] = { 0, +1, -1, +1, +1, -1, -1, +1 };
  McDay national_day = mc_day_from_ymd (year, 9, 2);

  return national_day + offset[mc_day_weekday (national_day)];
}

GArray *
mc_holidays_statutory (int year)
{
  g_autoptr(GArray) holidays = g_array_new (FALSE, FALSE, sizeof (McSpecialDay));
  GArray *days = g_array_new (FALSE, FALSE, sizeof (McSpecialDay));

  g_return_val_if_fail (year >= 1 && year <= 9999, days);

  append_day (holidays, mc_day_from_ymd (year, 1, 1), MC_DAY_OFF, occasions[0].note);
  if (year >= MC_LUNAR_MIN_YEAR && year <= MC_LUNAR_MAX_YEAR)
    {
      /* The last day of the old year (29 or 30 of month 12) and mùng 1–4. */
      McDay tet = mc_lunar_tet (year);
      McLunarDate gio_to = { 10, 3, year, FALSE };
      McDay gio_to_day;

      for (McDay d = tet - 1; d <= tet + 3; d++)
        append_day (holidays, d, MC_DAY_OFF, occasions[1].note);
      if (mc_lunar_to_solar (&gio_to, &gio_to_day))
        append_day (holidays, gio_to_day, MC_DAY_OFF, occasions[2].note);
    }
  append_day (holidays, mc_day_from_ymd (year, 4, 30), MC_DAY_OFF, occasions[3].note);
  append_day (holidays, mc_day_from_ymd (year, 5, 1), MC_DAY_OFF, occasions[3].note);
  append_day (holidays, mc_day_from_ymd (year, 9, 2), MC_DAY_OFF, occasions[4].note);
  append_day (holidays, national_day_companion (year), MC_DAY_OFF, occasions[4].note);
  g_array_sort (holidays, compare_special_days);

  /* A holiday on a weekend, or on the same day as another holiday, gives the next weekday that
   * is neither a holiday nor already given in lieu. */
  for (guint i = 0; i < holidays->len; i++)
    {
      const McSpecialDay *holiday = &g_array_index (holidays, McSpecialDay, i);
      McDay lieu = holiday->day;

      if (mc_day_weekday (holiday->day) <= 5 && !array_has_day (days, holiday->day))
        {
          g_array_append_val (days, *holiday);
          continue;
        }
      do
        lieu++;
      while (mc_day_weekday (lieu) > 5 || array_has_day (holidays, lieu) ||
             array_has_day (days, lieu));
      append_day (days, lieu, MC_DAY_OFF, NOTE_IN_LIEU);
    }
  g_array_sort (days, compare_special_days);
  return days;
}

static GKeyFile *
shipped_data (void)
{
  static gsize loaded = 0;
  static GKeyFile *key_file;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resource_lookup_data (mc_core_get_resource (),
                                                        HOLIDAYS_RESOURCE, 0, &error);

      key_file = g_key_file_new ();
      if (bytes == NULL || !g_key_file_load_from_bytes (key_file, bytes, G_KEY_FILE_NONE, &error))
        g_critical ("The shipped holiday data cannot be read: %s", error->message);
      g_once_init_leave (&loaded, 1);
    }
  return key_file;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD". */
static gboolean
parse_range (const char *text, McDay *from, McDay *to)
{
  g_auto(GStrv) ends = g_strsplit (text, "..", 2);

  if (!mc_parse_day (g_strstrip (ends[0]), from))
    return FALSE;
  if (ends[1] == NULL)
    *to = *from;
  else if (!mc_parse_day (g_strstrip (ends[1]), to) || *to < *from)
    return FALSE;
  return TRUE;
}

/* The days of GROUP: weekdays of the breaks off, Saturdays of "worked". */
static gboolean
read_group (GKeyFile *key_file, const char *group, GArray *days, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, group, NULL, error);

  if (keys == NULL)
    return FALSE;
  for (char **key = keys; *key != NULL; key++)
    {
      gboolean worked = g_str_equal (*key, "worked");
      const char *note = worked ? NOTE_WORKED : occasion_note (*key);
      g_auto(GStrv) items = NULL;

      if (note == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "unknown key “%s” in [%s]", *key, group);
          return FALSE;
        }
      items = g_key_file_get_string_list (key_file, group, *key, NULL, error);
      if (items == NULL)
        return FALSE;
      for (char **item = items; *item != NULL; item++)
        {
          McDay from, to;

          if (!parse_range (*item, &from, &to))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "bad date or range “%s” in [%s] %s", *item, group, *key);
              return FALSE;
            }
          for (McDay d = from; d <= to; d++)
            {
              int weekday = mc_day_weekday (d);

              if (worked ? weekday == 6 : weekday <= 5)
                append_day (days, d, worked ? MC_DAY_SATURDAY_WORKED : MC_DAY_OFF, note);
            }
        }
    }
  return TRUE;
}

GArray *
mc_holidays_default (int year, gboolean *official)
{
  GKeyFile *key_file = shipped_data ();
  g_autofree char *group = g_strdup_printf ("%d", year);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = NULL;

  if (official != NULL)
    *official = FALSE;
  if (!g_key_file_has_group (key_file, group))
    return mc_holidays_statutory (year);

  days = g_array_new (FALSE, FALSE, sizeof (McSpecialDay));
  if (!read_group (key_file, group, days, &error))
    {
      g_critical ("The shipped holiday data of %d is wrong: %s", year, error->message);
      return mc_holidays_statutory (year);
    }
  g_array_sort (days, compare_special_days);
  for (guint i = 1; i < days->len; i++)
    if (g_array_index (days, McSpecialDay, i).day == g_array_index (days, McSpecialDay, i - 1).day)
      g_array_remove_index (days, i--);
  if (official != NULL)
    *official = TRUE;
  return g_steal_pointer (&days);
}
