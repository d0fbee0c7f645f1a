/* SPDX-License-Identifier: GPL-3.0-or-later */
/* server setup and migrate: an office of workstations on one PostgreSQL server (docs/cli.md). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-server.h"

static int
server_setup (const char *db_path, int argc, char **argv)
{
  g_autofree char *admin = NULL;
  const GOptionEntry entries[] = {
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin,
      N_("the first administrator's user name (default quantri)"), N_("USER") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *line = NULL;
  g_autofree char *note = NULL;

  g_option_context_set_summary (context,
      _("Create the commune's database on the PostgreSQL server named by --db (connecting as the "
        "server's administrator, e.g. sudo -u postgres), with the group roles and the first "
        "administrator, whose password is read from MOTCUA_PASSWORD or standard input; prints "
        "the connection the other workstations enter."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 1)
    return mc_cli_usage (_("usage: motcua-cli --db postgresql:///DATABASE server setup "
                           "[--admin USER]"));
  password = mc_cli_read_password ();
  if (!mc_server_setup (db_path, admin != NULL ? admin : "quantri", password, &line, &note,
                        &error))
    return mc_cli_fail (error);
  g_print ("%s\n", line);
  if (note != NULL && note[0] != '\0')
    g_printerr ("%s", note);
  return MC_EXIT_OK;
}

int
mc_cli_server (const char *db_path, int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "setup"))
    return server_setup (db_path, argc - 1, argv + 1);
  return mc_cli_usage (_("usage: motcua-cli --db postgresql:///DATABASE server setup "
                         "[--admin USER]"));
}

int
mc_cli_migrate (const char *db_path, int argc, char **argv)
{
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("the database to copy into: a new file, or a server database right after its set-up"),
      N_("DB") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  gint64 rows = 0, need_password = 0;

  g_option_context_set_summary (context,
      _("Copy this database into another that holds no dossiers yet, in one transaction: the "
        "audit chain, the signatures and the figures come out the same."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 1 || to == NULL)
    return mc_cli_usage (_("usage: motcua-cli --db FILE migrate --to DB"));
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || !mc_server_migrate (store, to, &rows, &need_password, &error))
    return mc_cli_fail (error);
  /* %lld, not G_GINT64_FORMAT: xgettext cannot read a macro inside a message. */
  g_print (_("Copied %lld rows into %s.\n"), (long long) rows, to);
  if (need_password > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%lld account has no server password yet: the "
                          "administrator sets it in Preferences.\n",
                          "%lld accounts have no server password yet: the "
                          "administrator sets them in Preferences.\n", (gulong) need_password),
             (long long) need_password);
  return MC_EXIT_OK;
}
