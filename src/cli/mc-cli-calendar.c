/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `motcua-cli calendar`: lunar dates, days off and due times (docs/cli.md). */
#include "config.h"

#include <stdarg.h>
#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-date.h"
#include "mc-lunar.h"

/* Limits of --days and --calendar-days: a century is more than any procedure needs. */
#define MAX_DAYS 36500

static int bad_input (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One sentence on stderr, exit 1. */
static int
bad_input (const char *format, ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (MC_ERROR, MC_ERROR_INVALID, format, args);
  va_end (args);
  return mc_cli_fail (error);
}

static gboolean
parse_int (const char *text, int min, int max, int *out)
{
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
parse_lunar_year (const char *text, int *year)
{
  return parse_int (text, MC_LUNAR_MIN_YEAR, MC_LUNAR_MAX_YEAR, year);
}

static int
bad_year (const char *text)
{
  return bad_input (_("“%s” is not a year from %d to %d, the years the calendar covers."),
                    text, MC_LUNAR_MIN_YEAR, MC_LUNAR_MAX_YEAR);
}

/* The calendar of the database at DB_PATH when one exists there; otherwise the default office
 * hours with the shipped (or statutory) days off of FIRST_YEAR…LAST_YEAR. */
static McCalendar *
open_calendar (const char *db_path, int first_year, int last_year, GError **error)
{
  McCalendar *cal;

  if (mc_store_target_is_server (db_path) || g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(McStore) store = mc_cli_open_existing (db_path, error);

      return store != NULL ? mc_calendar_copy (mc_store_get_calendar (store)) : NULL;
    }
  cal = mc_calendar_new ();
  for (int year = MAX (first_year, 1); year <= MIN (last_year, 9999); year++)
    mc_calendar_add_default_year (cal, year);
  return cal;
}

/* A new option context with SUMMARY; parses ARGV and checks it is left with N_ARGS arguments
 * after the subcommand's name. Returns -1 when parsing went well, else the exit status. */
static int
parse_command (GOptionContext *context, const char *summary, const char *usage,
               int n_args, int *argc, char ***argv)
{
  g_option_context_set_summary (context, summary);
  if (!mc_cli_parse (context, argc, argv))
    return MC_EXIT_USAGE;
  if (*argc != n_args + 1)
    return mc_cli_usage (_("usage: %s"), usage);
  return -1;
}

static int
run_lunar (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DATE"));
  McLunarDate lunar;
  McDay day;
  int status;

  status = parse_command (context, _("The lunar date of a solar date YYYY-MM-DD."),
                          "motcua-cli calendar lunar YYYY-MM-DD", 1, &argc, &argv);
  if (status >= 0)
    return status;
  if (!mc_parse_day (argv[1], &day))
    return bad_input (_("“%s” is not a date: write it as YYYY-MM-DD."), argv[1]);
  if (!mc_lunar_from_solar (day, &lunar))
    return bad_input (_("The date %s is outside the years %d to %d that the lunar calendar "
                        "covers."), argv[1], MC_LUNAR_MIN_YEAR, MC_LUNAR_MAX_YEAR);
  /* "nhuận" is part of the output format, not a translation. */
  g_print ("%d/%d/%d%s\n", lunar.day, lunar.month, lunar.year, lunar.leap ? " nhuận" : "");
  return MC_EXIT_OK;
}

static int
run_solar (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DAY MONTH YEAR"));
  gboolean leap = FALSE;
  const GOptionEntry entries[] = {
    { "leap", 0, 0, G_OPTION_ARG_NONE, &leap, N_("The month is the leap month"), NULL },
    { NULL },
  };
  McLunarDate lunar = { 0 };
  int *fields[] = { &lunar.day, &lunar.month, &lunar.year };
  g_autofree char *text = NULL;
  McDay day;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = parse_command (context, _("The solar date of a lunar date."),
                          "motcua-cli calendar solar DAY MONTH YEAR [--leap]", 3, &argc, &argv);
  if (status >= 0)
    return status;
  for (int i = 0; i < 3; i++)
    if (!parse_int (argv[i + 1], G_MININT, G_MAXINT, fields[i]))
      return bad_input (_("“%s” is not a number."), argv[i + 1]);
  lunar.leap = leap;
  if (!mc_lunar_to_solar (&lunar, &day))
    return bad_input (leap ? _("The lunar date %d/%d/%d of a leap month does not exist, or is "
                               "outside the years the calendar covers.")
                           : _("The lunar date %d/%d/%d does not exist, or is outside the years "
                               "the calendar covers."),
                      lunar.day, lunar.month, lunar.year);
  text = mc_day_to_iso (day);
  g_print ("%s\n", text);
  return MC_EXIT_OK;
}

static int
run_tet (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("YEAR"));
  g_autofree char *text = NULL;
  int year, status;

  status = parse_command (context, _("The solar date of the lunar new year (mùng 1 Tết)."),
                          "motcua-cli calendar tet YEAR", 1, &argc, &argv);
  if (status >= 0)
    return status;
  if (!parse_lunar_year (argv[1], &year))
    return bad_year (argv[1]);
  text = mc_day_to_iso (mc_lunar_tet (year));
  g_print ("%s\n", text);
  return MC_EXIT_OK;
}

static void
append_json_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static int
run_holidays (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("YEAR"));
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) cal = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int year, status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = parse_command (context,
                          _("The days off of a year that fall on weekdays, and the Saturdays "
                            "worked."),
                          "motcua-cli calendar holidays YEAR [--json]", 1, &argc, &argv);
  if (status >= 0)
    return status;
  if (!parse_lunar_year (argv[1], &year))
    return bad_year (argv[1]);
  cal = open_calendar (db_path, year, year, &error);
  if (cal == NULL)
    return mc_cli_fail (error);

  days = mc_calendar_get_special_days (cal, mc_day_from_ymd (year, 1, 1),
                                       mc_day_from_ymd (year, 12, 31));
  if (json)
    g_string_append (out, "[");
  for (guint i = 0; i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);
      gboolean worked = sd->kind == MC_DAY_SATURDAY_WORKED;
      g_autofree char *date = mc_day_to_iso (sd->day);

      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"date\": \"%s\", \"kind\": \"%s\", \"note\": ",
                                  i > 0 ? "," : "", date, worked ? "worked" : "off");
          append_json_string (out, sd->note);
          g_string_append (out, "}");
        }
      else
        g_string_append_printf (out, "%s  %s%s%s\n", date,
                                worked ? _("Saturday worked") : _("day off"),
                                sd->note != NULL ? "  " : "", sd->note != NULL ? sd->note : "");
    }
  if (json)
    g_string_append (out, days->len > 0 ? "\n]\n" : "]\n");
  g_print ("%s", out->str);
  return MC_EXIT_OK;
}

static int
run_due (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *at_text = NULL;
  /* G_MININT: not given. */
  int days = G_MININT, calendar_days = G_MININT;
  gboolean same_day = FALSE;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("When the dossier was received"), N_("\"YYYY-MM-DD HH:MM\"") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("A limit of N working days"), "N" },
    { "calendar-days", 0, 0, G_OPTION_ARG_INT, &calendar_days,
      N_("A limit of N calendar days"), "N" },
    { "same-day", 0, 0, G_OPTION_ARG_NONE, &same_day, N_("A same-day procedure"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) cal = NULL;
  g_autofree char *text = NULL;
  McLimitKind kind;
  int value, year, status;
  McTime at;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = parse_command (context, _("The due time of a dossier received at a given time."),
                          "motcua-cli calendar due --at \"YYYY-MM-DD HH:MM\" "
                          "(--days N | --calendar-days N | --same-day)", 0, &argc, &argv);
  if (status >= 0)
    return status;
  if (at_text == NULL)
    return mc_cli_usage (_("“calendar due” needs --at"));
  if ((days != G_MININT) + (calendar_days != G_MININT) + (same_day ? 1 : 0) != 1)
    return mc_cli_usage (_("“calendar due” needs one of --days, --calendar-days and --same-day"));
  kind = same_day ? MC_LIMIT_SAME_DAY
         : days != G_MININT ? MC_LIMIT_WORKING_DAYS : MC_LIMIT_CALENDAR_DAYS;
  value = same_day ? 0 : days != G_MININT ? days : calendar_days;

  if (!mc_parse_time (at_text, &at))
    return bad_input (_("“%s” is not a time: write it as “YYYY-MM-DD HH:MM”."), at_text);
  if (value < 0 || value > MAX_DAYS)
    return bad_input (_("The number of days must be from 0 to %d."), MAX_DAYS);

  /* Enough years of days off for any due time: five working days take at most a week and a
   * half even across Tết. */
  mc_day_to_ymd (mc_day_of_time (at), &year, NULL, NULL);
  cal = open_calendar (db_path, year - 1, year + 1 + value / 200, &error);
  if (cal == NULL)
    return mc_cli_fail (error);
  text = mc_time_to_iso (mc_calendar_due (cal, kind, value, at));
  g_print ("%s\n", text);
  return MC_EXIT_OK;
}

static const struct {
  const char  *name;
  McCliCommand run;
} subcommands[] = {
  { "lunar", run_lunar },
  { "solar", run_solar },
  { "tet", run_tet },
  { "holidays", run_holidays },
  { "due", run_due },
};

static void
print_help (void)
{
  g_print ("%s\n", _("Usage: motcua-cli calendar SUBCOMMAND [OPTIONS]"));
  g_print ("  lunar YYYY-MM-DD\n"
           "  solar DAY MONTH YEAR [--leap]\n"
           "  tet YEAR\n"
           "  holidays YEAR [--json]\n"
           "  due --at \"YYYY-MM-DD HH:MM\" (--days N | --calendar-days N | --same-day)\n");
  g_print ("%s\n", _("Without a database at --db, the shipped days off are used."));
}

int
mc_cli_calendar (const char *db_path, int argc, char **argv)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_help ();
      return MC_EXIT_OK;
    }
  for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (db_path, argc - 1, argv + 1);
  if (argc < 2)
    return mc_cli_usage (_("“calendar” needs a subcommand: lunar, solar, tet, holidays or due"));
  return mc_cli_usage (_("unknown calendar subcommand “%s”"), argv[1]);
}
