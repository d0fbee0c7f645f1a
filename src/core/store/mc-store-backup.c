/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's part of backups and restores: the engine's copy of a live database (SQLite's
 * online backup, PostgreSQL's pg_dump inside an exported snapshot), the copy of a file database
 * for a restore, and what a database holds. The checks and the file names are core's
 * (mc-backup.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mc-store-private.h"

gboolean
mc_store_copy_to (McStore *self, const char *path, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  if (mc_store_is_server (self) || self->db->driver->backup == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A copy of a server database is made on the server with pg_dump."));
      return FALSE;
    }
  if (!self->db->driver->backup (self->db, path))
    {
      if (self->db->error == MC_DB_ERR_CORRUPT)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("The copy “%s” did not pass its check."), path);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                     path, self->db->error_message ? self->db->error_message : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_copy_file (const char *source, const char *dest, GError **error)
{
  sqlite3 *from = NULL;
  sqlite3 *to = NULL;
  sqlite3_backup *backup = NULL;
  int rc;

  {
    int fd = g_open (dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
      {
        int saved_errno = errno;
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write “%s”: %s."), dest,
                     g_strerror (saved_errno));
        return FALSE;
      }
    close (fd);
  }
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("There is no file “%s”."), source);
      return FALSE;
    }
  /* The copy is only read: a backup on a USB stick stays as it was. Without a -wal beside it
   * (a backup is closed clean) it is opened immutable, so that no -wal or -shm is left there. */
  {
    g_autofree char *wal = g_strconcat (source, "-wal", NULL);
    g_autofree char *absolute = g_canonicalize_filename (source, NULL);
    g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
    g_autofree char *immutable = uri != NULL ? g_strconcat (uri, "?immutable=1", NULL) : NULL;

    if (immutable != NULL && !g_file_test (wal, G_FILE_TEST_EXISTS))
      rc = sqlite3_open_v2 (immutable, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    else
      rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL);
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (from, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      int code = from != NULL ? sqlite3_errcode (from) : rc;

      if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("“%s” is not a Một Cửa database (or it is damaged)."), source);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot read “%s”: %s."), source,
                     from != NULL ? sqlite3_errmsg (from) : sqlite3_errstr (rc));
      sqlite3_close (from);
      return FALSE;
    }
  rc = sqlite3_open_v2 (dest, &to, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (to, "main", from, "main");
      if (backup != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      else
        rc = sqlite3_errcode (to);
    }
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("“%s” is not a Một Cửa database (or it is damaged)."), source);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot copy “%s”: %s."), source,
                     sqlite3_errstr (rc));
    }
  sqlite3_close (to);
  sqlite3_close (from);
  return rc == SQLITE_DONE;
}

gboolean
mc_store_release_file (const char *path, gboolean *in_use, GError **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *db = NULL;

  *in_use = FALSE;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 2000);
      /* A damaged file may not take a checkpoint: it is set aside as it is, -wal and all. */
      sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
  sqlite3_close (db);
  /* The last connection to close removes the -wal and the -shm: one that stays belongs to a
   * program that still has the database open. */
  if (g_file_test (shm, G_FILE_TEST_EXISTS))
    {
      *in_use = TRUE;
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The database “%s” is open in another program (Một Cửa on this "
                     "computer?). Close it first; nothing was changed."), path);
      return FALSE;
    }
  return TRUE;
}

void
mc_store_contents_clear (McStoreContents *c)
{
  g_clear_pointer (&c->last_dossier, g_free);
  g_clear_pointer (&c->last_audit_action, g_free);
}

/* The newest audit record's action (ACTION may be NULL) and time; MC_TIME_NONE when none. */
static gboolean
last_audit (McStore *self, char **action, McTime *at, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT action, at FROM audit ORDER BY id DESC "
                                                "LIMIT 1", MC_NO_PARAMS);
  McDbStep step;

  *at = MC_TIME_NONE;
  if (stmt == NULL)
    return FALSE;
  step = mc_store_step (self, stmt, _("reading the database"), error);
  if (step == MC_DB_STEP_ERROR)
    return FALSE;
  if (step == MC_DB_STEP_ROW)
    {
      if (action != NULL)
        *action = g_strdup (mc_db_column_text (stmt, 0));
      *at = mc_db_column_int64 (stmt, 1);
      mc_db_reset (stmt);
    }
  return TRUE;
}

gboolean
mc_store_get_contents (McStore *self, McStoreContents *c, GError **error)
{
  McDbStmt *stmt;
  McDbStep step;

  mc_store_contents_clear (c);
  memset (c, 0, sizeof *c);
  c->last_dossier_at = c->last_audit_at = MC_TIME_NONE;
  c->schema_version = mc_store_get_schema_version (self);
  if (!mc_store_get_int64 (self, _("reading the database"), &c->dossiers, error,
                           "SELECT count(*) FROM dossier", MC_NO_PARAMS) ||
      !mc_store_get_int64 (self, _("reading the database"), &c->audit_records, error,
                           "SELECT count(*) FROM audit", MC_NO_PARAMS))
    return FALSE;
  stmt = mc_store_query (self, error, "SELECT code, coalesce(received_at, submitted_at) "
                                      "FROM dossier ORDER BY id DESC LIMIT 1", MC_NO_PARAMS);
  if (stmt == NULL)
    return FALSE;
  step = mc_store_step (self, stmt, _("reading the database"), error);
  if (step == MC_DB_STEP_ERROR)
    return FALSE;
  if (step == MC_DB_STEP_ROW)
    {
      c->last_dossier = g_strdup (mc_db_column_text (stmt, 0));
      c->last_dossier_at = mc_db_column_null (stmt, 1) ? MC_TIME_NONE
                                                       : mc_db_column_int64 (stmt, 1);
      mc_db_reset (stmt);
    }
  return last_audit (self, &c->last_audit_action, &c->last_audit_at, error);
}

gboolean
mc_store_last_audit_at (McStore *self, McTime *at, GError **error)
{
  return last_audit (self, NULL, at, error);
}

/* ---- PostgreSQL: pg_dump in the snapshot of a transaction of this connection ---- */

struct _McStoreDump
{
  GSubprocess *process;
  char        *path;
};

McStoreDump *
mc_store_dump_begin (McStore *self, const char *path, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *password = NULL;
  g_autofree char *file_arg = NULL;
  g_autofree char *snapshot_arg = NULL;
  const char *program = g_getenv ("MOTCUA_PG_DUMP");
  gboolean failed = FALSE;
  McStoreDump *dump;
  GSubprocess *process;

  g_return_val_if_fail (mc_store_is_server (self), NULL);
  g_return_val_if_fail (self->tx_depth == 0, NULL);

  /* The copy is the state this transaction sees; the checks read the same state meanwhile. */
  if (!mc_store_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error))
    return NULL;
  self->tx_depth = 1;
  snapshot = mc_store_get_text (self, _("reading the database"), &failed, error,
                                "SELECT pg_export_snapshot()", MC_NO_PARAMS);
  if (failed || snapshot == NULL)
    {
      mc_store_rollback (self);
      return NULL;
    }
  {
    int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
      {
        int saved_errno = errno;
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                     path, g_strerror (saved_errno));
        mc_store_rollback (self);
        return NULL;
      }
    close (fd);
  }
  conninfo = mc_db_postgresql_connection_string (self->db, &password);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The password in the environment of pg_dump, never on its command line. */
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  file_arg = g_strconcat ("--file=", path, NULL);
  snapshot_arg = g_strconcat ("--snapshot=", snapshot, NULL);
  process = g_subprocess_launcher_spawn (launcher, error,
                                         program != NULL ? program : "pg_dump",
                                         "--format=custom", "--no-password", file_arg,
                                         snapshot_arg, "--dbname", conninfo, NULL);
  if (process == NULL)
    {
      g_prefix_error (error, _("Cannot run pg_dump: "));
      mc_store_rollback (self);
      return NULL;
    }
  dump = g_new0 (McStoreDump, 1);
  dump->process = process;
  dump->path = g_strdup (path);
  return dump;
}

gboolean
mc_store_dump_finish (McStore *self, McStoreDump *dump, GError **error)
{
  g_autofree char *err_text = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = g_subprocess_communicate_utf8 (dump->process, NULL, NULL, NULL, &err_text,
                                      &local_error) &&
       g_subprocess_get_if_exited (dump->process) &&
       g_subprocess_get_exit_status (dump->process) == 0;
  if (self->tx_depth > 0)
    mc_store_rollback (self);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                 dump->path, local_error != NULL ? local_error->message
                                                 : err_text != NULL ? g_strstrip (err_text) : "");
  /* Readable again as an archive, with the tables a Một Cửa database has. */
  if (ok)
    {
      g_autoptr(GSubprocess) list = NULL;
      g_autofree char *out = NULL;
      const char *restore = g_getenv ("MOTCUA_PG_RESTORE");

      list = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &local_error, restore != NULL ? restore : "pg_restore",
                               "--list", dump->path, NULL);
      ok = list != NULL &&
           g_subprocess_communicate_utf8 (list, NULL, NULL, &out, NULL, &local_error) &&
           g_subprocess_get_if_exited (list) && g_subprocess_get_exit_status (list) == 0 &&
           out != NULL && strstr (out, " TABLE DATA ") != NULL &&
           strstr (out, " dossier ") != NULL && strstr (out, " audit ") != NULL &&
           strstr (out, " schema_version ") != NULL;
      if (!ok)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("The copy “%s” did not pass its check."), dump->path);
    }
  g_object_unref (dump->process);
  g_free (dump->path);
  g_free (dump);
  return ok;
}

/* ---- PostgreSQL: a restore through a scratch database on the same server ---- */

struct _McStoreScratch
{
  char *target;          /* the database to replace, as named */
  char *name;            /* its name on the server */
  char *scratch;         /* the scratch database's name */
  char *scratch_target;  /* a connection to it, for mc_store_open_copy */
};

/* VALUE quoted for a conninfo string. */
static void
append_conninfo (GString *text, const char *key, const char *value)
{
  g_string_append_printf (text, " %s='", key);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (text, '\\');
      g_string_append_c (text, *c);
    }
  g_string_append_c (text, '\'');
}

/* The first column of the first row of SQL as text (NULL: none, or an error in DB). */
static char *
query_text (McDb *db, const char *sql, gboolean *failed)
{
  McDbStmt *stmt = mc_db_prepare (db, sql);
  McDbStep step;
  char *value = NULL;

  *failed = stmt == NULL;
  if (stmt == NULL)
    return NULL;
  step = mc_db_step (stmt);
  if (step == MC_DB_STEP_ERROR)
    *failed = TRUE;
  else if (step == MC_DB_STEP_ROW && !mc_db_column_null (stmt, 0))
    value = g_strdup (mc_db_column_text (stmt, 0));
  mc_db_reset (stmt);
  return value;
}

/* A connection to the server of TARGET, to its database "postgres" (a database is renamed or
 * dropped from another one). */
static McDb *
open_maintenance (const char *target, GError **error)
{
  const char * const keys[] = { "dbname", NULL };
  const char * const values[] = { "postgres", NULL };

  return mc_db_postgresql_open_with (target, keys, values, error);
}

static void
drop_scratch (const char *target, const char *scratch)
{
  g_autoptr(GError) error = NULL;
  McDb *db = open_maintenance (target, &error);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;

  if (db == NULL)
    {
      g_message ("the scratch database %s was not dropped: %s", scratch, error->message);
      return;
    }
  quoted = mc_db_postgresql_quote_identifier (db, scratch);
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s", quoted);
  if (!mc_db_exec (db, sql))
    g_message ("the scratch database %s was not dropped: %s", scratch,
               db->error_message != NULL ? db->error_message : "");
  mc_db_close (db);
}

void
mc_store_scratch_free (McStoreScratch *scratch)
{
  if (scratch == NULL)
    return;
  if (scratch->scratch != NULL)
    drop_scratch (scratch->target, scratch->scratch);
  g_free (scratch->target);
  g_free (scratch->name);
  g_free (scratch->scratch);
  g_free (scratch->scratch_target);
  g_free (scratch);
}

const char *
mc_store_scratch_target (McStoreScratch *scratch)
{
  return scratch->scratch_target;
}

McStoreScratch *
mc_store_scratch_restore (const char *target, const char *file, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *password = NULL;
  g_autofree char *may = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *like = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *err_text = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) scratch_conn = NULL;
  const char *program = g_getenv ("MOTCUA_PG_RESTORE");
  McStoreScratch *scratch;
  gboolean failed = FALSE;
  McDb *db;

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("There is no file “%s”."), file);
      return NULL;
    }
  db = mc_db_postgresql_open (target, error);
  if (db == NULL)
    return NULL;
  scratch = g_new0 (McStoreScratch, 1);
  scratch->target = g_strdup (target);
  scratch->name = query_text (db, "SELECT current_database()", &failed);
  /* The copy is checked in a database of its own: the login must be allowed to make one. */
  may = failed ? NULL : query_text (db, "SELECT (rolcreatedb OR rolsuper)::text FROM pg_roles "
                                        "WHERE rolname = current_user", &failed);
  owner = failed ? NULL : query_text (db, "SELECT pg_get_userbyid(datdba) FROM pg_database "
                                          "WHERE datname = current_database()", &failed);
  /* The encoding and the collation of the database it replaces, not the server's defaults. */
  like = failed ? NULL
         : query_text (db, "SELECT format('ENCODING %L LC_COLLATE %L LC_CTYPE %L', "
                           "pg_encoding_to_char(encoding), datcollate, datctype) "
                           "FROM pg_database WHERE datname = current_database()", &failed);
  if (failed || scratch->name == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot read the server: %s."),
                   db->error_message != NULL ? db->error_message : "");
      goto fail;
    }
  if (g_strcmp0 (may, "true") != 0)
    {
      g_autofree char *user = query_text (db, "SELECT current_user", &failed);

      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("A restore on the server checks the copy in a database of its own first, "
                     "and the login “%s” may not create databases (CREATEDB). Restore as the "
                     "server's administrator; nothing was changed."), user != NULL ? user : "");
      goto fail;
    }
  scratch->scratch = g_strdup_printf ("%.40s_restoring_%08x", scratch->name, g_random_int ());
  quoted = mc_db_postgresql_quote_identifier (db, scratch->scratch);
  /* Owned as the database it replaces is, when this login may give it that owner. */
  if (owner != NULL)
    {
      g_autofree char *quoted_owner = mc_db_postgresql_quote_identifier (db, owner);

      sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 %s OWNER %s", quoted,
                             like != NULL ? like : "", quoted_owner);
    }
  if (sql == NULL || !mc_db_exec (db, sql))
    {
      g_free (sql);
      sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 %s", quoted,
                             like != NULL ? like : "");
      if (!mc_db_exec (db, sql))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                       _("Cannot create a database on the server to check the copy in: %s; "
                         "nothing was changed."),
                       db->error_message != NULL ? db->error_message : "");
          g_clear_pointer (&scratch->scratch, g_free);
          goto fail;
        }
    }
  conninfo = mc_db_postgresql_connection_string (db, &password);
  mc_db_close (db);
  db = NULL;

  scratch_conn = g_string_new (conninfo);
  append_conninfo (scratch_conn, "dbname", scratch->scratch);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The password in the environment of pg_restore, never on its command line. */
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &local_error,
                                         program != NULL ? program : "pg_restore",
                                         "--exit-on-error", "--no-password", "--single-transaction",
                                         "--dbname", scratch_conn->str, file, NULL);
  if (process == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot run pg_restore: %s."),
                   local_error->message);
      goto fail;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &local_error) ||
      !g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_debug ("pg_restore of %s: %s", file, err_text != NULL ? err_text : "");
      if (err_text != NULL)
        g_strstrip (err_text);
      /* Not an archive of pg_dump at all, or one so damaged that pg_restore says nothing (or
       * dies of it). */
      if (err_text == NULL || err_text[0] == '\0' || !g_subprocess_get_if_exited (process) ||
          strstr (err_text, "valid archive") != NULL || strstr (err_text, "not appear") != NULL ||
          strstr (err_text, "unsupported version") != NULL ||
          strstr (err_text, "could not read") != NULL ||
          strstr (err_text, "unexpected end") != NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("“%s” is not a backup of a Một Cửa server database (pg_dump’s custom "
                       "format), or it is damaged."), file);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("The copy “%s” could not be restored to be checked: %s"), file,
                     err_text);
      goto fail;
    }
  if (password != NULL)
    append_conninfo (scratch_conn, "password", password);
  scratch->scratch_target = g_strdup (scratch_conn->str);
  return scratch;

fail:
  if (db != NULL)
    mc_db_close (db);
  mc_store_scratch_free (scratch);
  return NULL;
}

gboolean
mc_store_scratch_swap (McStoreScratch *scratch, char **kept, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d_%H%M%S");
  g_autofree char *kept_name = g_strdup_printf ("%.40s_before_restore_%s", scratch->name,
                                                stamp);
  g_autofree char *q_name = NULL, *q_kept = NULL, *q_scratch = NULL, *literal = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *others = NULL;
  gboolean failed = FALSE;
  gint64 n;
  McDb *db = open_maintenance (scratch->target, error);

  if (db == NULL)
    {
      g_prefix_error (error, _("Cannot reach the server's database “postgres”, from which a "
                               "database is renamed: "));
      return FALSE;
    }
  q_name = mc_db_postgresql_quote_identifier (db, scratch->name);
  q_kept = mc_db_postgresql_quote_identifier (db, kept_name);
  q_scratch = mc_db_postgresql_quote_identifier (db, scratch->scratch);
  literal = mc_db_postgresql_quote_literal (db, scratch->name);
  /* A database is renamed only with nobody connected to it: the workstations first. */
  sql = g_strdup_printf ("SELECT count(*)::text FROM pg_stat_activity WHERE datname = %s "
                         "AND pid <> pg_backend_pid()", literal);
  others = query_text (db, sql, &failed);
  n = others != NULL ? g_ascii_strtoll (others, NULL, 10) : 0;
  if (failed)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot read the server: %s."),
                   db->error_message != NULL ? db->error_message : "");
      mc_db_close (db);
      return FALSE;
    }
  if (n > 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%d session is still connected to the database “%s” (a "
                                "workstation left open?). Close Một Cửa everywhere first; "
                                "nothing was changed.",
                                "%d sessions are still connected to the database “%s” "
                                "(workstations left open?). Close Một Cửa everywhere first; "
                                "nothing was changed.", (gulong) n),
                   (int) n, scratch->name);
      mc_db_close (db);
      return FALSE;
    }
  /* Both renames or neither: one string is one implicit transaction. */
  g_free (sql);
  sql = g_strdup_printf ("ALTER DATABASE %s RENAME TO %s; ALTER DATABASE %s RENAME TO %s",
                         q_name, q_kept, q_scratch, q_name);
  if (!mc_db_exec (db, sql))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("Cannot put the copy in place of the database “%s”: %s; nothing was "
                     "changed."), scratch->name,
                   db->error_message != NULL ? db->error_message : "");
      mc_db_close (db);
      return FALSE;
    }
  mc_db_close (db);
  /* In place: nothing left to drop. */
  g_clear_pointer (&scratch->scratch, g_free);
  *kept = g_steal_pointer (&kept_name);
  return TRUE;
}
