/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Backups: a copy written under a temporary name (FILE.part), checked as `motcua-cli check`
 * checks a database (integrity, the data's rules, the audit chain against every checkpoint,
 * every signature, every dossier against the last checkpoint), and only then given its name.
 * On a server the copy is pg_dump's custom format, of a snapshot the checks read meanwhile. */

typedef struct {
  McStoreContents contents;   /* what the copy holds */
  gint64 bytes;
  double seconds_copy;
  double seconds_verify;
  char  *kept;                /* restore: where the replaced database was set aside, or NULL */
  int    schema_before;       /* restore: the copy's schema version before its update */
} McBackupInfo;

void     mc_backup_info_clear   (McBackupInfo *info);

/* The backup of STORE's database into PATH; INFO may be NULL. Nothing is left under PATH
 * unless the copy passed its checks (and a file already there is replaced only then). */
gboolean mc_backup_write        (McStore *store, const char *path, McBackupInfo *info,
                                 GError **error);

/* Replaces the file database TARGET by the copy FILE, which is only read: a copy of it is
 * checked first (a Một Cửa database at all, of a schema this program knows, then every check
 * of mc_backup_write) and brought up to date; only then is TARGET set aside, as it is, as
 * TARGET-before-restore-DATE.db (INFO->kept), and the checked copy put in its place. Refused
 * with TARGET untouched when anything fails, or while another program has TARGET open.
 * On a server (TARGET a connection), FILE is pg_dump's archive: restored into a scratch
 * database of the same server (the login needs CREATEDB) and checked there, then TARGET's
 * database renamed NAME_before_restore_DATE (INFO->kept) and the scratch renamed into its
 * place, refused while any other session is connected to it. */
gboolean mc_backup_restore      (const char *target, const char *file, McBackupInfo *info,
                                 GError **error);

/* mc_backup_restore in two steps, for a window that shows what the copy holds and asks before
 * anything is replaced. mc_backup_restore_check: the copy checked (INFO says what it holds),
 * TARGET not touched; NULL with the reason when the copy is refused. mc_backup_restore_finish:
 * TARGET set aside (INFO->kept) and the checked copy put in its place; it takes RESTORE.
 * mc_backup_restore_free abandons a checked copy without touching TARGET. */
typedef struct _McBackupRestore McBackupRestore;
McBackupRestore *mc_backup_restore_check  (const char *target, const char *file,
                                           McBackupInfo *info, GError **error);
gboolean         mc_backup_restore_finish (McBackupRestore *restore, McBackupInfo *info,
                                           GError **error);
void             mc_backup_restore_free   (McBackupRestore *restore);
/* Who restores (an officer's name and user name, say), for the audit record the restored
 * database begins with ("backup.restore": from which file, by whom, where the replaced
 * database was kept); without it, the computer's account. File databases only. */
void             mc_backup_restore_set_by (McBackupRestore *restore, const char *by);
const char      *mc_backup_restore_get_target (McBackupRestore *restore);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McBackupRestore, mc_backup_restore_free)

/* Whether the officer ACTOR_ID may replace STORE's database by a backup from a window: an
 * administrator, on a file database (a server's is restored by its own administrator with the
 * CLI, every workstation disconnected). */
gboolean         mc_backup_may_restore    (McStore *store, gint64 actor_id, GError **error);

/* How long ago a backup SECONDS old was made, for the preferences: "just now", "5 minutes
 * ago", "3 hours ago" (up to 48), then "2 days ago". */
char            *mc_backup_age_text       (gint64 seconds);

/* What a copy holds, in two sentences for an officer (its last dossier and when it was
 * received, its last audit record and when), dates in Vietnam time. */
char            *mc_backup_describe_contents (const McStoreContents *contents);

/* ---- Scheduled backups and their rotation ---- */

/* The name of a scheduled backup made at T: "motcua-YYYY-MM-DD-HHMMSS.db" (".dump" for a
 * server's), in Vietnam time; mc_backup_name_time reads T back (FALSE: not such a name). */
char    *mc_backup_name         (McTime t, gboolean server);
gboolean mc_backup_name_time    (const char *name, McTime *t);

/* Which of N backups made at TIMES (any order) to keep: the newest of each of the last 7 days
 * that have a backup, of each of the last 4 weeks (Monday to Sunday) and of each of the last 12
 * months that have one; KEEP[i] is set for each kept. Days with no backup (a stick left at home)
 * do not use up a place. */
#define MC_BACKUP_KEEP_DAILY   7
#define MC_BACKUP_KEEP_WEEKLY  4
#define MC_BACKUP_KEEP_MONTHLY 12
void     mc_backup_rotation     (const McTime *times, guint n, gboolean *keep);

/* The folder backups go to: the setting "backup.folder", or "backups" beside the database
 * file (on a server: in the user's data folder). */
char    *mc_backup_folder       (McStore *store);
/* The newest backup in FOLDER (by its name): its path and time; FALSE when there is none. */
gboolean mc_backup_last         (const char *folder, char **path, McTime *at);

typedef enum {
  MC_BACKUP_STATUS_OK,
  MC_BACKUP_STATUS_OLD,            /* the last is older than MC_BACKUP_MAX_AGE */
  MC_BACKUP_STATUS_NONE,           /* the folder holds none */
  MC_BACKUP_STATUS_FOLDER_MISSING, /* the folder is not there (a USB stick unplugged) */
} McBackupStatus;
#define MC_BACKUP_MAX_AGE (2 * 24 * 3600)
McBackupStatus mc_backup_status (const char *folder, McTime now, McTime *last_at);
/* A sentence for a warning, NULL when the status is OK. */
char    *mc_backup_status_text  (McBackupStatus status, const char *folder, McTime last_at,
                                 McTime now);

/* A scheduled backup into FOLDER (made when missing, unless it is the default's parent that
 * is missing), then the rotation of FOLDER's backups; *PATH the new copy's path. */
gboolean mc_backup_scheduled    (McStore *store, const char *folder, char **path,
                                 McBackupInfo *info, GError **error);
/* Removes the backups of FOLDER (by their names) that mc_backup_rotation does not keep; the
 * number removed. */
guint    mc_backup_rotate_folder (const char *folder);
/* Whether the newest backup in FOLDER was made after the last change of STORE's database (its
 * newest audit record): a backup on quit is then spared (a million dossiers take most of a
 * minute to copy and check). FALSE when FOLDER holds none or the database cannot be read. */
gboolean mc_backup_up_to_date   (McStore *store, const char *folder);
/* Whether a scheduled backup is still to be made today (none in FOLDER dated today). */
gboolean mc_backup_due_today    (const char *folder, McTime now);

G_END_DECLS
