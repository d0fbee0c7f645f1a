/* SPDX-License-Identifier: GPL-3.0-or-later */
/* import and export: the dossier CSV of docs/cli.md. */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-cli.h"
#include "mc-date.h"
#include "mc-import.h"

int
mc_cli_import (const char *db_path, int argc, char **argv)
{
  gboolean allow_signed = FALSE;
  const GOptionEntry entries[] = {
    { "allow-signed-changes", 0, 0, G_OPTION_ARG_NONE, &allow_signed,
      N_("let the file change what a leader signed or what was handed over (the signature "
         "then no longer matches)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  gint64 imported = 0, updated = 0;
  gint64 actor = 0;

  g_option_context_set_summary (context,
      _("Import dossiers from a CSV file. A file with any bad line is refused whole and the "
        "database is left unchanged. A line that would change a signed or handed-over "
        "dossier's signed fields is a bad line, unless --allow-signed-changes is given."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage (_("usage: motcua-cli import [--allow-signed-changes] FILE"));

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  /* A commune loads its history before it creates accounts: with no account yet, the import
   * runs as the system; afterwards only an administrator imports. */
  if (mc_account_count (store) > 0 || mc_cli_get_actor_name () != NULL)
    {
      actor = mc_cli_sign_in (store, NULL, &error);
      if (actor == 0)
        return mc_cli_fail (error);
    }
  if (!mc_import_csv_full (store, actor, argv[1],
                           allow_signed ? MC_IMPORT_ALLOW_SIGNED_CHANGES : MC_IMPORT_NO_FLAGS,
                           &imported, &updated, &broken, NULL, NULL, NULL, &error))
    return mc_cli_fail (error);
  for (guint i = 0; i < broken->len; i++)
    g_printerr (_("motcua-cli: the signature of dossier %s no longer matches what was signed: "
                  "this file changed a signed field.\n"),
                (const char *) g_ptr_array_index (broken, i));
  /* Fixed words: scripts read this line (docs/cli.md). */
  g_print ("imported %" G_GINT64_FORMAT ", updated %" G_GINT64_FORMAT "\n", imported, updated);
  return MC_EXIT_OK;
}

static gboolean
parse_day_option (const char *text, const char *option, McDay *day)
{
  if (text == NULL)
    {
      *day = -1;
      return TRUE;
    }
  if (mc_parse_day (text, day))
    return TRUE;
  mc_cli_usage (_("%s “%s” is not a date written YYYY-MM-DD"), option, text);
  return FALSE;
}

int
mc_cli_export (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("first day (received, or submitted for statuses 1 and 3)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("last day, included"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McDay from, to;
  gint64 n = 0;

  g_option_context_set_summary (context,
      _("Write the dossiers of a period as CSV (the format import reads) or, for a name ending "
        "in .xlsx, as a spreadsheet."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage (_("usage: motcua-cli export [--from D] [--to D] FILE"));
  if (!parse_day_option (from_text, "--from", &from) || !parse_day_option (to_text, "--to", &to))
    return MC_EXIT_USAGE;
  if (from >= 0 && to >= 0 && to < from)
    return mc_cli_usage (_("--to %s is before --from %s"), to_text, from_text);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || !mc_export_file (store, from, to, argv[1], &n, NULL, &error))
    return mc_cli_fail (error);
  g_print ("exported %" G_GINT64_FORMAT "\n", n);
  return MC_EXIT_OK;
}
