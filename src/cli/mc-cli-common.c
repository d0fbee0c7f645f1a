/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the commands, and the small commands: init, audit, backup, check. */
#include "config.h"

#include <stdarg.h>
#include <glib/gi18n.h>

#include "mc-catalogue.h"
#include "mc-account.h"
#include "mc-audit.h"
#include "mc-checkpoint.h"
#include "mc-backup.h"
#include "mc-date.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include "mc-cli.h"

static char *actor_name;

void
mc_cli_set_actor_name (const char *username)
{
  g_free (actor_name);
  actor_name = g_strdup (username);
}

const char *
mc_cli_get_actor_name (void)
{
  return actor_name;
}

/* The password: the environment's, or one line of standard input (without its newline), read
 * once: connecting to a server and signing in both need it. */
static char *password_read;

char *
mc_cli_read_password (void)
{
  const char *env = g_getenv ("MOTCUA_PASSWORD");
  GString *line;
  int c;

  if (password_read != NULL)
    return g_strdup (password_read);
  if (env != NULL)
    password_read = g_strdup (env);
  else
    {
      line = g_string_new (NULL);
      while ((c = getchar ()) != EOF && c != '\n')
        g_string_append_c (line, (char) c);
      if (line->len > 0 && line->str[line->len - 1] == '\r')
        g_string_truncate (line, line->len - 1);
      password_read = g_string_free (line, FALSE);
    }
  return g_strdup (password_read);
}

gint64
mc_cli_sign_in (McStore *store, char **password_out, GError **error)
{
  g_autofree char *password = NULL;
  g_autoptr(McOfficer) officer = NULL;

  if (actor_name == NULL || actor_name[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("This command changes data: name the officer who acts with --as USER (the "
                     "password is read from MOTCUA_PASSWORD or standard input)."));
      return 0;
    }
  password = mc_cli_read_password ();
  officer = mc_account_authenticate (store, actor_name, password, error);
  if (officer == NULL)
    return 0;
  if (password_out != NULL)
    *password_out = g_steal_pointer (&password);
  return officer->id;
}

char *
mc_cli_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "motcua", "motcua.db", NULL);
}

McStore *
mc_cli_open_existing (const char *db_path, GError **error)
{
  /* On a server the officer of --as is also the login, with the same password. */
  if (mc_store_target_is_server (db_path) && actor_name != NULL)
    {
      g_autofree char *password = mc_cli_read_password ();

      return mc_store_open_as (db_path, actor_name, password, error);
    }
  if (!mc_store_target_is_server (db_path) && !g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no database at “%s”: create one with “motcua-cli init” or "
                     "“motcua-cli demo”, or name another with --db."), db_path);
      return NULL;
    }
  return mc_store_open (db_path, error);
}

int
mc_cli_fail (const GError *error)
{
  g_printerr ("motcua-cli: %s\n", error ? error->message : _("the operation failed."));
  return MC_EXIT_FAILED;
}

int
mc_cli_usage (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("motcua-cli: %s\n%s\n", message, _("Try “motcua-cli --help”."));
  return MC_EXIT_USAGE;
}

gboolean
mc_cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("motcua-cli: %s\n%s\n", error->message, _("Try “motcua-cli --help”."));
      return FALSE;
    }
  return TRUE;
}

/* A database that is new, or that exists but holds nothing (no procedure yet). */
static McStore *
open_new (const char *db_path, GError **error)
{
  g_autoptr(McStore) store = NULL;

  store = mc_store_create (db_path, error);
  if (store == NULL)
    return NULL;
  if (!mc_store_is_empty (store))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The database “%s” already holds data; it was left unchanged."), db_path);
      return NULL;
    }
  return g_steal_pointer (&store);
}

McStore *
mc_cli_open_new (const char *db_path, GError **error)
{
  return open_new (db_path, error);
}

int
mc_cli_init (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;

  g_option_context_set_summary (context,
      _("Create an empty database with the default catalogue, office hours and holiday data."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“init” takes no arguments"));

  store = open_new (db_path, &error);
  if (store == NULL || !mc_catalogue_init_defaults (store, &error))
    return mc_cli_fail (error);
  g_print (_("Created %s\n"), db_path);
  return MC_EXIT_OK;
}

static int
audit_checkpoint (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCheckpoint) checkpoint = NULL;
  g_autofree char *password = NULL;
  gint64 actor;

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (actor = mc_cli_sign_in (store, &password, &error)) == 0)
    return mc_cli_fail (error);
  checkpoint = mc_checkpoint_create (store, actor, password, &error);
  if (checkpoint == NULL)
    return mc_cli_fail (error);
  /* The hash alone on standard output: scripts keep it (docs/cli.md). */
  g_print ("%s\n", checkpoint->hash);
  return MC_EXIT_OK;
}

static int
audit_verify_qr (const char *db_path, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCheckpoint) checkpoint = NULL;

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  checkpoint = mc_checkpoint_check_qr (store, text, &error);
  if (checkpoint == NULL)
    return mc_cli_fail (error);
  if (!checkpoint->valid)
    {
      g_printerr ("motcua-cli: %s\n", checkpoint->verdict);
      return MC_EXIT_FAILED;
    }
  g_print ("%s\n", checkpoint->verdict);
  return MC_EXIT_OK;
}

int
mc_cli_audit (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("verify | checkpoint | "
                                                              "verify-qr TEXT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  gint64 n = 0;

  g_option_context_set_summary (context,
      _("verify: check the hash chain of the audit log and every checkpoint against it. "
        "checkpoint: the chairman (--as) signs a checkpoint of the audit chain and of every "
        "dossier's row, and its hash is printed. verify-qr: check the text decoded from the QR "
        "code of a printed checkpoint against this database."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc == 2 && g_str_equal (argv[1], "checkpoint"))
    return audit_checkpoint (db_path);
  if (argc == 3 && g_str_equal (argv[1], "verify-qr"))
    return audit_verify_qr (db_path, argv[2]);
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    return mc_cli_usage (_("usage: motcua-cli audit verify, audit checkpoint, or audit "
                           "verify-qr TEXT"));

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || !mc_checkpoint_verify_audit (store, &n, &error))
    return mc_cli_fail (error);
  g_print ("intact: %" G_GINT64_FORMAT " records\n", n);
  return MC_EXIT_OK;
}

/* What a copy holds, for the officer who made or restored it. */
static void
print_contents (const McStoreContents *c)
{
  if (c->last_dossier != NULL)
    {
      g_autofree char *at = c->last_dossier_at != MC_TIME_NONE
                              ? mc_time_to_iso (c->last_dossier_at) : g_strdup ("-");

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "It holds %lld dossier; the last, %s, received %s.\n",
                            "It holds %lld dossiers; the last, %s, received %s.\n",
                            (gulong) c->dossiers),
               (long long) c->dossiers, c->last_dossier, at);
    }
  else
    g_print (_("It holds no dossier.\n"));
  if (c->last_audit_action != NULL)
    {
      g_autofree char *at = mc_time_to_iso (c->last_audit_at);

      g_print (_("Its last audit record (of %lld): %s, %s.\n"),
               (long long) c->audit_records, c->last_audit_action, at);
    }
}

int
mc_cli_backup (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McBackupInfo info = { 0 };
  int status = MC_EXIT_OK;

  g_option_context_set_summary (context,
      _("Write a consistent copy of the live database, verified after writing: the copy is "
        "written as FILE.part, checked as “check” checks a database (integrity, audit chain, "
        "signatures), and only then named FILE. On a server the copy is made with pg_dump "
        "(custom format), with the connection's own settings."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage (_("usage: motcua-cli backup FILE"));

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || !mc_backup_write (store, argv[1], &info, &error))
    status = mc_cli_fail (error);
  else
    {
      g_print (_("Backed up to %s\n"), argv[1]);
      print_contents (&info.contents);
    }
  mc_backup_info_clear (&info);
  return status;
}

int
mc_cli_restore (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  McBackupInfo info = { 0 };
  int status = MC_EXIT_OK;

  g_option_context_set_summary (context,
      _("Replace the database by the backup FILE, which is only read. A copy of FILE is checked "
        "first (a Một Cửa database of a schema this program knows, its integrity, audit chain "
        "and signatures); only then is the database set aside as NAME-before-restore-DATE.db "
        "and the copy put in its place. Close Một Cửa on this computer first.\n\n"
        "On a server (--db ADDRESS), FILE is a backup of pg_dump (custom format): it is "
        "restored into a new database of the same server and checked there (the login needs "
        "CREATEDB), then the database is renamed NAME_before_restore_DATE and the checked copy "
        "takes its name. Refused while any workstation is connected."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage (_("usage: motcua-cli restore FILE"));

  if (!mc_backup_restore (db_path, argv[1], &info, &error))
    status = mc_cli_fail (error);
  else
    {
      g_autofree char *where = mc_store_target_is_server (db_path)
                                 ? mc_store_describe_target (db_path) : g_strdup (db_path);

      g_print (_("Restored %s from %s.\n"), where, argv[1]);
      if (info.kept != NULL)
        g_print (_("The database it replaced is kept as %s.\n"), info.kept);
      if (info.schema_before != info.contents.schema_version)
        g_print (_("The copy was updated from schema %d to %d.\n"), info.schema_before,
                 info.contents.schema_version);
      print_contents (&info.contents);
    }
  mc_backup_info_clear (&info);
  return status;
}

int
mc_cli_check (const char *db_path, int argc, char **argv)
{
  gboolean recheck = FALSE;
  const GOptionEntry entries[] = {
    { "recheck-signatures", 0, 0, G_OPTION_ARG_NONE, &recheck,
      N_("put every signature through Ed25519 again, also those the last checkpoint vouched "
         "for"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 wal_bytes = 0;

  g_option_context_set_summary (context,
      _("Check the integrity of the database and the data's own rules, the audit log against "
        "every checkpoint, every signature, and every dossier against the last checkpoint."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage (_("“check” takes no arguments"));

  /* Saved work the file does not hold yet, looked at before this connection adds its own. */
  if (!mc_store_target_is_server (db_path))
    {
      g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
      GStatBuf st;

      if (g_stat (wal_path, &st) == 0 && st.st_size > 0)
        wal_bytes = st.st_size;
    }
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  if (wal_bytes > 0)
    g_print (_("Note: “%s-wal” holds %lld bytes of saved work that are not in the database "
               "file yet. Never delete the -wal and -shm files beside the database: deleting "
               "them loses that work. Một Cửa moves it into the file itself.\n"),
             db_path, (long long) wal_bytes);
  if (!mc_checkpoint_check_database (store, recheck, &problems, NULL, &error))
    {
      if (error != NULL)
        return mc_cli_fail (error);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "motcua-cli: %u problem found.\n",
                               "motcua-cli: %u problems found.\n", problems->len),
                  problems->len);
      return MC_EXIT_FAILED;
    }
  g_print (_("No problems found.\n"));
  return MC_EXIT_OK;
}
