/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo [--dossiers N] [--year Y] [--seed S]: a new database filled with a demo commune. */
#include "config.h"

#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-catalogue.h"
#include "mc-cli.h"
#include "mc-demo.h"

static void
progress_cb (gint64 done, gint64 total, gpointer user_data)
{
  /* Rewrites the same line of the terminal. */
  g_printerr ("\r");
  g_printerr (_("Generating dossiers: %lld of %lld"), (long long) done, (long long) total);
  if (done == total)
    g_printerr ("\n");
}

/* A database file this command created is removed again when the demo fails, so that the
 * command can simply be run again. */
static void
remove_new_database (const char *db_path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
    }
}

static void
print_summary (const char *db_path, const McDemoOptions *options, McStore *store)
{
  const McDemoAccount *accounts;
  guint n = 0;

  accounts = mc_demo_accounts (&n);
  g_print (_("Created %s with a demo commune: %lld dossiers ending in %d (seed %u).\n"),
           db_path, (long long) mc_store_count_dossiers (store), options->year, options->seed);
  g_print (_("Sign in with one of these accounts; the password of all of them is “%s”:\n"),
           MC_DEMO_PASSWORD);
  for (guint i = 0; i < n; i++)
    g_print ("  %-12s %s (%s)\n", accounts[i].username, accounts[i].name,
             mc_role_to_string (accounts[i].role));
}

int
mc_cli_demo (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McDemoOptions options;
  gint64 dossiers, seed;
  int year;
  gboolean existed = g_file_test (db_path, G_FILE_TEST_EXISTS);
  GOptionEntry entries[] = {
    { "dossiers", 0, 0, G_OPTION_ARG_INT64, &dossiers,
      N_("How many dossiers to generate (default 6000)"), "N" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      N_("The last year of the demo (default: this year)"), "Y" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("The random seed; the same seed gives the same data (default 1)"), "S" },
    { NULL }
  };

  mc_demo_options_init (&options);
  dossiers = options.dossiers;
  year = options.year;
  seed = options.seed;

  g_option_context_set_summary (context,
      _("Create a new database filled with a realistic demo commune: officers with sign-in "
        "accounts and a year of dossiers."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“demo” takes no arguments besides its options"));
  if (dossiers < 0)
    return mc_cli_usage (_("--dossiers must be 0 or more"));
  if (seed < 0 || seed > G_MAXUINT32)
    return mc_cli_usage (_("--seed must be between 0 and %u"), G_MAXUINT32);
  options.dossiers = dossiers;
  options.year = year;
  options.seed = (guint32) seed;

  store = mc_cli_open_new (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  if (!mc_catalogue_init_defaults (store, &error) ||
      !mc_demo_fill (store, &options, isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, &error))
    {
      g_clear_object (&store);
      if (!existed)
        remove_new_database (db_path);
      return mc_cli_fail (error);
    }
  print_summary (db_path, &options, store);
  return MC_EXIT_OK;
}
