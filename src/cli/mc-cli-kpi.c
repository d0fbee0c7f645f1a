/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli kpi: the figures of docs/domain.md §5 for a period (docs/cli.md). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-text.h"

/* Pads on the right to WIDTH characters (not bytes: labels are Vietnamese). */
static void
print_padded (const char *text, int width)
{
  long len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (long i = len; i < width; i++)
    g_print (" ");
}

static void
print_count_row (const char *label, gint64 count)
{
  g_autofree char *count_text = mc_format_int (count);

  print_padded (label, 44);
  g_print ("%12s\n", count_text);
}

/* A rate's row always shows its rate, "—" when not applicable; COUNT -1 for none. */
static void
print_rate_row (const char *label, gint64 count, double rate)
{
  g_autofree char *count_text = count >= 0 ? mc_format_int (count) : g_strdup ("");
  g_autofree char *rate_text = mc_format_percent (rate, 2);

  print_padded (label, 44);
  g_print ("%12s   %s\n", count_text, rate_text);
}

static void
print_table (const McKpi *k)
{
  g_autofree char *from = mc_format_day (k->from);
  g_autofree char *to = mc_format_day (k->to);

  /* TRANSLATORS: the heading of the figures; the dates are the first and last day. */
  g_print (_("Figures from %s to %s"), from, to);
  g_print ("\n\n");
  print_count_row (_("Received in the period"), k->received);
  print_count_row (_("Resolved in the period"), k->resolved);
  print_count_row (_("  before the appointment"), k->early);
  print_count_row (_("  on the day of the appointment"), k->on_time);
  print_count_row (_("  late"), k->late);
  print_rate_row (_("Resolved early or on time"), k->early + k->on_time, mc_kpi_on_time_rate (k));
  print_count_row (_("Open at the end of the period"), k->open_at_end);
  print_count_row (_("  past their appointment"), k->open_overdue_at_end);
  print_rate_row (_("Progress index (Decision 766)"), -1, mc_kpi_progress_rate (k));
  print_rate_row (_("Received online"), k->online_received, mc_kpi_online_rate (k));
  print_rate_row (_("  of procedures partly online"), k->partial_online,
                  mc_kpi_online_rate_partial (k));
  print_rate_row (_("  of procedures fully online"), k->full_online, mc_kpi_online_rate_full (k));
  print_rate_row (_("Dossiers digitised"), k->digitized_inputs, mc_kpi_digitized_input_rate (k));
  print_rate_row (_("Results digitised"), k->digitized_results, mc_kpi_digitized_result_rate (k));
  print_rate_row (_("Fees paid online"), k->paid_online, mc_kpi_online_payment_rate (k));
  print_rate_row (_("Online dossiers accepted after 8 working hours"), k->late_online_intake,
                  mc_kpi_late_online_intake_rate (k));
}

/* One line per group: the counts and the rates a person compares between groups. */
static void
print_grouped (GPtrArray *kpis, const char *key_heading)
{
  const char *headings[] = {
    key_heading, _("Received"), _("Resolved"), _("On time"), _("Progress"), _("Online"),
    _("Digitised"), _("Results dig."), _("Paid online"), _("Open at end"),
  };
  const int widths[] = { 24, 10, 10, 10, 10, 10, 10, 13, 12, 12 };

  for (gsize c = 0; c < G_N_ELEMENTS (headings); c++)
    print_padded (headings[c], c + 1 < G_N_ELEMENTS (headings) ? widths[c] : 0);
  g_print ("\n");

  for (guint i = 0; i < kpis->len; i++)
    {
      const McKpi *k = g_ptr_array_index (kpis, i);
      char *cells[G_N_ELEMENTS (headings)];

      cells[0] = g_strdup (k->key);
      cells[1] = mc_format_int (k->received);
      cells[2] = mc_format_int (k->resolved);
      cells[3] = mc_format_percent (mc_kpi_on_time_rate (k), 2);
      cells[4] = mc_format_percent (mc_kpi_progress_rate (k), 2);
      cells[5] = mc_format_percent (mc_kpi_online_rate (k), 2);
      cells[6] = mc_format_percent (mc_kpi_digitized_input_rate (k), 2);
      cells[7] = mc_format_percent (mc_kpi_digitized_result_rate (k), 2);
      cells[8] = mc_format_percent (mc_kpi_online_payment_rate (k), 2);
      cells[9] = mc_format_int (k->open_at_end);
      for (gsize c = 0; c < G_N_ELEMENTS (headings); c++)
        {
          print_padded (cells[c], c + 1 < G_N_ELEMENTS (headings) ? widths[c] : 0);
          g_free (cells[c]);
        }
      g_print ("\n");
    }
}

static gboolean
parse_day_option (const char *option, const char *text, McDay *out, GError **error)
{
  if (mc_parse_day (text, out))
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               /* TRANSLATORS: %s is the option (--from or --to), then the text given. */
               _("The date given to %s, “%s”, is not a date: write it as YYYY-MM-DD, for "
                 "example 2024-01-31."), option, text);
  return FALSE;
}

int
mc_cli_kpi (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *by_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period (included)"),
      N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, N_("One row per officer, procedure or month"),
      N_("officer|procedure|month") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  McKpiGrouping by = MC_KPI_BY_OFFICER;
  const char *key_heading = NULL;
  McDay from, to;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("The figures of a period: on-time rate, progress index, online, digitised and paid "
        "online dossiers."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“kpi” takes no arguments besides its options"));
  if (from_text == NULL || to_text == NULL)
    return mc_cli_usage (_("“kpi” needs the period: --from YYYY-MM-DD --to YYYY-MM-DD"));
  if (by_text != NULL)
    {
      if (g_str_equal (by_text, "officer"))
        by = MC_KPI_BY_OFFICER, key_heading = _("Officer");
      else if (g_str_equal (by_text, "procedure"))
        by = MC_KPI_BY_PROCEDURE, key_heading = _("Procedure");
      else if (g_str_equal (by_text, "month"))
        by = MC_KPI_BY_MONTH, key_heading = _("Month");
      else
        return mc_cli_usage (_("--by takes officer, procedure or month, not “%s”"), by_text);
    }

  if (!parse_day_option ("--from", from_text, &from, &error) ||
      !parse_day_option ("--to", to_text, &to, &error))
    return mc_cli_fail (error);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);

  if (key_heading == NULL)
    {
      McKpi k;

      if (!mc_kpi_compute (store, from, to, &k, &error))
        return mc_cli_fail (error);
      if (json)
        {
          g_autofree char *text = mc_kpi_to_json (&k);
          g_print ("%s\n", text);
        }
      else
        print_table (&k);
      mc_kpi_clear (&k);
      return MC_EXIT_OK;
    }

  groups = mc_kpi_compute_by (store, from, to, by, &error);
  if (groups == NULL)
    return mc_cli_fail (error);
  if (json)
    {
      g_autofree char *text = mc_kpi_array_to_json (groups);
      g_print ("%s\n", text);
    }
  else
    print_grouped (groups, key_heading);
  return MC_EXIT_OK;
}
