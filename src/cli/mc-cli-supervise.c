/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli supervise: the brokers' list of the police and the controller's spot-inspection
 * samples (docs/cli.md). */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-date.h"
#include "mc-report.h"
#include "mc-supervision.h"
#include "mc-text.h"

static gboolean
parse_day (const char *option, const char *text, McDay *out, GError **error)
{
  if (text != NULL && mc_parse_day (text, out))
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               /* TRANSLATORS: %s is the option (--from or --to), then the text given. */
               _("The date given to %s, “%s”, is not a date: write it as YYYY-MM-DD, for "
                 "example 2024-01-31."), option, text);
  return FALSE;
}

static void
print_brokers (GPtrArray *brokers, int min)
{
  if (brokers->len == 0)
    {
      g_print (_("No representative filed for %d or more unrelated applicants in this "
                 "period.\n"), min);
      return;
    }
  g_print ("%s\n\n", _("A lead for the police, not a verdict: each person below filed for many "
                       "unrelated applicants."));
  for (guint i = 0; i < brokers->len; i++)
    {
      const McBroker *b = g_ptr_array_index (brokers, i);
      g_autofree char *fees = mc_format_money (b->fees);

      g_print ("%u. %s", i + 1, b->name[0] ? b->name : _("(no name)"));
      if (b->phone[0])
        g_print ("  %s %s", _("phone"), b->phone);
      if (b->id_number[0])
        g_print ("  %s %s", _("ID"), b->id_number);
      g_print ("\n");
      /* TRANSLATORS: counts of applicants (households), dossiers, and the fees. */
      g_print (_("   %lld unrelated applicants, %lld dossiers, fees %s\n"),
               (long long) b->applicants, (long long) b->dossiers, fees);
      if (b->names->len > 1)
        {
          g_print ("   %s", _("Names used:"));
          for (guint k = 0; k < b->names->len; k++)
            g_print ("%s %s", k > 0 ? "," : "", (const char *) g_ptr_array_index (b->names, k));
          g_print ("\n");
        }
      if (b->phones->len > 1)
        {
          g_print ("   %s", _("Phones used:"));
          for (guint k = 0; k < b->phones->len; k++)
            g_print ("%s %s", k > 0 ? "," : "", (const char *) g_ptr_array_index (b->phones, k));
          g_print ("\n");
        }
      g_print ("   %s", _("Received by:"));
      for (guint k = 0; k < b->officers->len; k++)
        {
          const McBrokerOfficer *o = g_ptr_array_index (b->officers, k);
          g_print ("%s %s (%lld)", k > 0 ? "," : "", o->name, (long long) o->dossiers);
        }
      g_print ("\n   %s", _("Procedures:"));
      for (guint k = 0; k < b->procedures->len; k++)
        {
          const McBrokerProcedure *p = g_ptr_array_index (b->procedures, k);
          g_print ("%s %s (%lld)", k > 0 ? "," : "", p->name, (long long) p->dossiers);
        }
      g_print ("\n   %s", _("Dossiers:"));
      for (guint k = 0; k < b->codes->len; k++)
        g_print ("%s %s", k > 0 ? "," : "", (const char *) g_ptr_array_index (b->codes, k));
      g_print ("\n");
    }
}

static int
supervise_brokers (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *out_path = NULL;
  int min = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period (included)"),
      N_("YYYY-MM-DD") },
    { "min", 0, 0, G_OPTION_ARG_INT, &min,
      N_("Least number of unrelated applicants (default: the setting, 5)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path,
      N_("Also write the list for the police file as PDF"), N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) brokers = NULL;
  McDay from, to;
  gint64 actor;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("The representatives who filed for many unrelated applicants in the period, as the "
        "commune police, the procedure controller or the chairman (--as)."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“supervise brokers” takes no arguments besides its options"));
  if (from_text == NULL || to_text == NULL)
    return mc_cli_usage (_("“supervise brokers” needs the period: --from YYYY-MM-DD --to "
                           "YYYY-MM-DD"));
  if (min < 0)
    return mc_cli_usage (_("--min takes a number of applicants, 1 or more"));
  if (!parse_day ("--from", from_text, &from, &error) ||
      !parse_day ("--to", to_text, &to, &error))
    return mc_cli_fail (error);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  actor = mc_cli_sign_in (store, NULL, &error);
  if (actor == 0)
    return mc_cli_fail (error);
  if (min == 0)
    min = mc_supervision_broker_min (store);
  brokers = mc_supervision_brokers (store, actor, from, to, min, &error);
  if (brokers == NULL)
    return mc_cli_fail (error);
  if (out_path != NULL)
    {
      g_autoptr(McDocument) doc = mc_report_brokers_new (store, brokers, from, to, min, actor);

      if (!mc_document_write_pdf (doc, out_path, &error))
        return mc_cli_fail (error);
    }
  if (json)
    {
      g_autofree char *text = mc_supervision_brokers_to_json (brokers);
      g_print ("%s\n", text);
    }
  else
    print_brokers (brokers, min);
  return MC_EXIT_OK;
}

static int
supervise_sample (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *by_text = NULL;
  int size = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period (included)"),
      N_("YYYY-MM-DD") },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, N_("Number of dossiers to draw"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The seed of the draw (default: a new one, printed on standard error)"), N_("S") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text,
      N_("The same share from each officer or each procedure"), N_("officer|procedure") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McInspection) inspection = NULL;
  McSampleStratum stratum = MC_SAMPLE_WHOLE;
  guint64 seed = 0;
  McDay from, to;
  gint64 actor;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("Draw a spot-inspection sample of the dossiers received in the period, as the "
        "procedure controller (--as); the draw and its seed are recorded in the audit log."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“supervise sample” takes no arguments besides its options"));
  if (from_text == NULL || to_text == NULL || size == 0)
    return mc_cli_usage (_("“supervise sample” needs the period and the size: --from YYYY-MM-DD "
                           "--to YYYY-MM-DD --size N"));
  if (by_text != NULL)
    {
      if (g_str_equal (by_text, "officer"))
        stratum = MC_SAMPLE_BY_OFFICER;
      else if (g_str_equal (by_text, "procedure"))
        stratum = MC_SAMPLE_BY_PROCEDURE;
      else
        return mc_cli_usage (_("--by takes officer or procedure, not “%s”"), by_text);
    }
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return mc_cli_usage (_("--seed takes a whole number (digits only), not “%s”"), seed_text);
  if (!parse_day ("--from", from_text, &from, &error) ||
      !parse_day ("--to", to_text, &to, &error))
    return mc_cli_fail (error);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  actor = mc_cli_sign_in (store, NULL, &error);
  if (actor == 0)
    return mc_cli_fail (error);
  inspection = mc_inspection_draw (store, actor, from, to, size, stratum, seed_text != NULL,
                                   seed, &error);
  if (inspection == NULL)
    return mc_cli_fail (error);
  /* The codes alone on standard output (docs/cli.md); the seed where a person reads it. */
  g_printerr (_("Spot inspection %lld, seed %llu, %lld of %lld dossiers.\n"),
              (long long) inspection->id, (unsigned long long) inspection->seed, (long long) inspection->items->len,
              (long long) inspection->population);
  for (guint i = 0; i < inspection->items->len; i++)
    {
      const McInspectionItem *item = g_ptr_array_index (inspection->items, i);
      g_print ("%s\n", item->code);
    }
  return MC_EXIT_OK;
}

static int
supervise_minutes (const char *db_path, int argc, char **argv)
{
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The PDF to write"), N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("NUMBER"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McInspection) inspection = NULL;
  g_autoptr(McDocument) doc = NULL;
  gint64 id = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("The minutes of spot inspection NUMBER (biên bản kiểm tra) as PDF."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2 || out_path == NULL)
    return mc_cli_usage (_("usage: motcua-cli supervise minutes NUMBER --out FILE.pdf"));
  if (!g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return mc_cli_usage (_("“%s” is not the number of a spot inspection"), argv[1]);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  inspection = mc_inspection_get (store, id, &error);
  if (inspection == NULL)
    return mc_cli_fail (error);
  doc = mc_report_inspection_new (store, inspection);
  if (!mc_document_write_pdf (doc, out_path, &error))
    return mc_cli_fail (error);
  return MC_EXIT_OK;
}

/* The controller's assessment of a period's report: shortcomings, causes, next steps. */
static int
supervise_assess (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL;
  g_autofree char *shortcomings = NULL, *causes = NULL, *next_steps = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period (included)"),
      N_("YYYY-MM-DD") },
    { "shortcomings", 0, 0, G_OPTION_ARG_STRING, &shortcomings,
      N_("The shortcomings of the period (one paragraph a line)"), N_("TEXT") },
    { "causes", 0, 0, G_OPTION_ARG_STRING, &causes, N_("Their causes"), N_("TEXT") },
    { "next-steps", 0, 0, G_OPTION_ARG_STRING, &next_steps, N_("The next steps"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McDay from, to;
  gint64 actor;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("Write the assessment of the period's report as the procedure controller (--as): it "
        "prints in the report of that period. An option left out keeps what was written."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1 || from_text == NULL || to_text == NULL)
    return mc_cli_usage (_("usage: motcua-cli supervise assess --from D --to D "
                           "[--shortcomings TEXT] [--causes TEXT] [--next-steps TEXT]"));
  if (!parse_day ("--from", from_text, &from, &error) ||
      !parse_day ("--to", to_text, &to, &error))
    return mc_cli_fail (error);
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  actor = mc_cli_sign_in (store, NULL, &error);
  if (actor == 0)
    return mc_cli_fail (error);
  if (!mc_report_note_save (store, actor, from, to, shortcomings, causes, next_steps, &error))
    return mc_cli_fail (error);
  return MC_EXIT_OK;
}

int
mc_cli_supervise (const char *db_path, int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "brokers"))
    return supervise_brokers (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "sample"))
    return supervise_sample (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "minutes"))
    return supervise_minutes (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "assess"))
    return supervise_assess (db_path, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n", _("Usage: motcua-cli supervise brokers --from D --to D [--min N] [--json]"));
      g_print ("%s\n", _("       motcua-cli supervise sample --from D --to D --size N [--seed S] "
                         "[--by officer|procedure]"));
      g_print ("%s\n", _("       motcua-cli supervise minutes NUMBER --out FILE.pdf"));
      g_print ("%s\n", _("       motcua-cli supervise assess --from D --to D [--shortcomings TEXT] "
                         "[--causes TEXT] [--next-steps TEXT]"));
      return MC_EXIT_OK;
    }
  return mc_cli_usage (_("usage: motcua-cli supervise brokers … or supervise sample …"));
}
