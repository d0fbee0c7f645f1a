/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-paths.h"

typedef struct {
  const char  *name;
  McCliCommand run;
  const char  *summary;
} CommandEntry;

static const CommandEntry commands[] = {
  { "init",      mc_cli_init,      N_("create an empty database with the default catalogue") },
  { "demo",      mc_cli_demo,      N_("fill a new database with a demo commune") },
  { "import",    mc_cli_import,    N_("import dossiers from CSV") },
  { "export",    mc_cli_export,    N_("write dossiers as CSV or XLSX") },
  { "kpi",       mc_cli_kpi,       N_("the figures of a period") },
  { "calendar",  mc_cli_calendar,  N_("lunar dates, days off and due times") },
  { "report",    mc_cli_report,    N_("a printed report as PDF") },
  { "form",      mc_cli_form,      N_("a form of the desk as PDF") },
  { "signature", mc_cli_signature, N_("verify signatures, confirm and list leaders' keys") },
  { "dossier",   mc_cli_dossier,   N_("receive, show, list and act on dossiers") },
  { "migrate",   mc_cli_migrate,   N_("copy this database into a new one (onto a server)") },
  { "server",    mc_cli_server,    N_("set up the office's PostgreSQL server") },
  { "supervise", mc_cli_supervise, N_("brokers for the police, spot-inspection samples") },
  { "audit",     mc_cli_audit,     N_("check the audit log, sign a checkpoint") },
  { "backup",    mc_cli_backup,    N_("a consistent copy of the database") },
  { "restore",   mc_cli_restore,   N_("replace the database by a backup, checked first") },
  { "check",     mc_cli_check,     N_("check the database and its rules") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: motcua-cli [--db PATH] [--as USER] COMMAND [OPTIONS]"));
  g_print ("%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("“motcua-cli COMMAND --help” shows the options of a command."));
}

int
main (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  int i = 1;

  /* The translations of the build folder when run from it, else of the installation. */
  mc_paths_init_i18n (argv[0]);

  /* --as may come anywhere: taken out before the command parses its own options. */
  for (int a = 1; a < argc; a++)
    {
      int take = 0;

      if (g_str_equal (argv[a], "--as") && a + 1 < argc)
        {
          mc_cli_set_actor_name (argv[a + 1]);
          take = 2;
        }
      else if (g_str_has_prefix (argv[a], "--as="))
        {
          mc_cli_set_actor_name (argv[a] + 5);
          take = 1;
        }
      if (take > 0)
        {
          memmove (argv + a, argv + a + take, (argc - a - take + 1) * sizeof (char *));
          argc -= take;
          a--;
        }
    }

  /* Global options come before the command, so each command keeps its own option parser. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          g_free (db_path);
          db_path = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[i] + 5);
          i++;
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return MC_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("motcua-cli %s\n", PACKAGE_VERSION);
          return MC_EXIT_OK;
        }
      else
        return mc_cli_usage (_("unknown option “%s”"), argv[i]);
    }

  if (i >= argc)
    {
      print_help ();
      return MC_EXIT_USAGE;
    }

  if (db_path == NULL)
    db_path = mc_cli_default_db_path ();

  for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].run (db_path, argc - i, argv + i);

  return mc_cli_usage (_("unknown command “%s”"), argv[i]);
}
