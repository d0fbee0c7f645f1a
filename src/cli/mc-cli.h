/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Exit statuses of docs/cli.md. */
#define MC_EXIT_OK     0
#define MC_EXIT_FAILED 1   /* wrong input or refused: one sentence on stderr, nothing changed */
#define MC_EXIT_USAGE  2

/* Each command gets DB_PATH (the --db option or the default database) and its own arguments,
 * argv[0] being the command's name; it returns the exit status. */
typedef int (*McCliCommand) (const char *db_path, int argc, char **argv);

int      mc_cli_init      (const char *db_path, int argc, char **argv);
int      mc_cli_audit     (const char *db_path, int argc, char **argv);
int      mc_cli_backup    (const char *db_path, int argc, char **argv);
int      mc_cli_restore   (const char *db_path, int argc, char **argv);
int      mc_cli_check     (const char *db_path, int argc, char **argv);
int      mc_cli_calendar  (const char *db_path, int argc, char **argv);
int      mc_cli_import    (const char *db_path, int argc, char **argv);
int      mc_cli_export    (const char *db_path, int argc, char **argv);
int      mc_cli_kpi       (const char *db_path, int argc, char **argv);
int      mc_cli_demo      (const char *db_path, int argc, char **argv);
int      mc_cli_report    (const char *db_path, int argc, char **argv);
int      mc_cli_form      (const char *db_path, int argc, char **argv);
int      mc_cli_signature (const char *db_path, int argc, char **argv);
int      mc_cli_dossier   (const char *db_path, int argc, char **argv);
int      mc_cli_server    (const char *db_path, int argc, char **argv);
int      mc_cli_migrate   (const char *db_path, int argc, char **argv);
int      mc_cli_supervise (const char *db_path, int argc, char **argv);
/* The password of MOTCUA_PASSWORD, or one line of standard input; read once and kept. */
char    *mc_cli_read_password   (void);

/* The officer named by --as (anywhere on the command line; NULL when none), set by main. */
void     mc_cli_set_actor_name  (const char *username);
const char *mc_cli_get_actor_name (void);
/* Signs in the officer of --as on STORE with the password of MOTCUA_PASSWORD, or one line of
 * standard input when it is not set: the officer's id, or 0 with ERROR (no --as, wrong
 * password, disabled account). *PASSWORD, when not NULL, receives the password (signing needs
 * it again). */
gint64   mc_cli_sign_in         (McStore *store, char **password, GError **error);

/* The desktop app's database: $XDG_DATA_HOME/motcua/motcua.db. */
char    *mc_cli_default_db_path (void);
/* Opens an existing database (an error naming the path when it does not exist). */
McStore *mc_cli_open_existing   (const char *db_path, GError **error);
/* Opens a new database, or an existing one that holds nothing yet (init, demo); refuses one with
 * data, leaving it unchanged. */
McStore *mc_cli_open_new        (const char *db_path, GError **error);
/* Prints "motcua-cli: MESSAGE" on stderr and returns MC_EXIT_FAILED. Frees nothing. */
int      mc_cli_fail            (const GError *error);
/* Parses the command's options; prints the error and the help on failure (returns FALSE). */
gboolean mc_cli_parse           (GOptionContext *context, int *argc, char ***argv);
/* Prints "motcua-cli: MESSAGE" and a hint to --help on stderr and returns MC_EXIT_USAGE. */
int      mc_cli_usage           (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
