/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printing commands: report and form (docs/cli.md). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-report.h"
#include "mc-cli.h"

typedef struct {
  char   *from, *to, *out, *date;
  gint64  signer;
} PrintArgs;

static void
print_args_clear (PrintArgs *a)
{
  g_free (a->from);
  g_free (a->to);
  g_free (a->out);
  g_free (a->date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PrintArgs, print_args_clear)

static void
add_common_entries (GOptionContext *context, PrintArgs *a)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &a->from, N_("First day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &a->to, N_("Last day of the period"), N_("YYYY-MM-DD") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &a->out, N_("The PDF file to write"), N_("FILE.pdf") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &a->date,
      N_("The date printed under the motto (default: today for a report, the day of the event "
         "for a form)"), N_("YYYY-MM-DD") },
    { "signer", 0, 0, G_OPTION_ARG_INT64, &a->signer,
      N_("Id of the officer who signs (default: the chairman)"), N_("ID") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Fills the period and the date line of OPTIONS; prints the usage error and returns FALSE. */
static gboolean
parse_dates (const PrintArgs *a, gboolean need_period, McReportOptions *options, int *status)
{
  if (need_period && (a->from == NULL || a->to == NULL))
    {
      *status = mc_cli_usage (_("--from and --to are required"));
      return FALSE;
    }
  if (a->from != NULL && !mc_parse_day (a->from, &options->from))
    {
      *status = mc_cli_usage (_("“%s” is not a date YYYY-MM-DD"), a->from);
      return FALSE;
    }
  if (a->to != NULL && !mc_parse_day (a->to, &options->to))
    {
      *status = mc_cli_usage (_("“%s” is not a date YYYY-MM-DD"), a->to);
      return FALSE;
    }
  if (a->date != NULL && !mc_parse_day (a->date, &options->date))
    {
      *status = mc_cli_usage (_("“%s” is not a date YYYY-MM-DD"), a->date);
      return FALSE;
    }
  if (a->out == NULL)
    {
      *status = mc_cli_usage (_("--out FILE.pdf is required"));
      return FALSE;
    }
  options->signer_id = a->signer;
  return TRUE;
}

static int
write_document (McDocument *doc, const char *out, GError *error)
{
  g_autoptr(GError) write_error = NULL;

  if (doc == NULL)
    return mc_cli_fail (error);
  if (!mc_document_write_pdf (doc, out, &write_error))
    return mc_cli_fail (write_error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%d page)\n", "Wrote %s (%d pages)\n",
                        mc_document_get_n_pages (doc)),
           out, mc_document_get_n_pages (doc));
  return MC_EXIT_OK;
}

int
mc_cli_report (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_auto(PrintArgs) a = { 0 };
  g_autofree char *kind_text = NULL;
  gint64 officer = 0;
  McReportOptions options = { 0 };
  McReportKind kind = MC_REPORT_SUMMARY;
  int status = MC_EXIT_OK;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("summary (default), officers or register"), N_("KIND") },
    { "officer", 0, 0, G_OPTION_ARG_INT64, &officer,
      N_("With --kind officers: only this officer"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context,
      _("Write the report of a period as PDF, in the current language."));
  add_common_entries (context, &a);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“report” takes no arguments besides its options"));
  if (!parse_dates (&a, TRUE, &options, &status))
    return status;
  if (kind_text == NULL || g_str_equal (kind_text, "summary"))
    kind = MC_REPORT_SUMMARY;
  else if (g_str_equal (kind_text, "officers"))
    kind = MC_REPORT_OFFICERS;
  else if (g_str_equal (kind_text, "register"))
    kind = MC_REPORT_REGISTER;
  else
    return mc_cli_usage (_("--kind is summary, officers or register, not “%s”"), kind_text);
  options.officer_id = officer;

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  doc = mc_report_new (store, kind, &options, &error);
  return write_document (doc, a.out, error);
}

int
mc_cli_form (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("N [CODE]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_auto(PrintArgs) a = { 0 };
  McReportOptions options = { 0 };
  int status = MC_EXIT_OK;
  gint64 form = 0;
  char *end = NULL;

  g_option_context_set_summary (context,
      _("Write form N (01 to 06 of Circular 01/2018/TT-VPCP) for the dossier CODE as PDF; form 06, "
        "the register, takes --from and --to instead of a code."));
  add_common_entries (context, &a);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc < 2)
    return mc_cli_usage (_("usage: motcua-cli form N CODE --out FILE.pdf"));
  form = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || form < MC_FORM_RECEIPT || form > MC_FORM_REGISTER)
    return mc_cli_usage (_("the form number is 01 to 06, not “%s”"), argv[1]);
  if (form == MC_FORM_REGISTER ? argc != 2 : argc != 3)
    return mc_cli_usage (form == MC_FORM_REGISTER
                         ? _("usage: motcua-cli form 06 --from D --to D --out FILE.pdf")
                         : _("usage: motcua-cli form N CODE --out FILE.pdf"));
  if (!parse_dates (&a, form == MC_FORM_REGISTER, &options, &status))
    return status;

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  doc = mc_form_new (store, (McFormKind) form, form == MC_FORM_REGISTER ? NULL : argv[2],
                     &options, &error);
  return write_document (doc, a.out, error);
}
