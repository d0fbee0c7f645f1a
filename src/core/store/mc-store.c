/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store: one connection to a Một Cửa database on either engine, its migrations, its
 * transactions, and the one helper that runs a statement. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-core-resources.h"
#include "mc-date.h"
#include "mc-store-private.h"

#define MIGRATIONS_PATH "/io/github/motcua/MotCua/core/sql"
#define MAX_RETRIES 8

G_DEFINE_FINAL_TYPE (McStore, mc_store, G_TYPE_OBJECT)

static void
mc_store_finalize (GObject *object)
{
  McStore *self = MC_STORE (object);

  mc_store_invalidate_calendar (self);
  g_clear_pointer (&self->db, mc_db_close);
  g_free (self->target);
  g_free (self->login);
  g_free (self->request);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_store_finalize;
}

static void
mc_store_init (McStore *self)
{
}

McDb *
mc_store_db (McStore *self)
{
  return self->db;
}

McDbEngine
mc_store_engine (McStore *self)
{
  return self->db->driver->engine;
}

gboolean
mc_store_target_is_server (const char *target)
{
  return mc_db_target_is_postgresql (target);
}

char *
mc_store_describe_target (const char *target)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (target != NULL, NULL);
  if (!mc_db_target_is_postgresql (target))
    return g_path_get_basename (target);
  /* Never the whole connection string: it may hold a password. */
  host = mc_db_postgresql_conninfo_value (target, "host");
  port = mc_db_postgresql_conninfo_value (target, "port");
  dbname = mc_db_postgresql_conninfo_value (target, "dbname");
  if (host == NULL || host[0] == '\0' || host[0] == '/')
    where = g_strdup (_("this computer"));
  else if (port != NULL && port[0] != '\0' && !g_str_equal (port, "5432"))
    where = g_strdup_printf ("%s:%s", host, port);
  else
    where = g_strdup (host);
  /* TRANSLATORS: the database NAME on the server HOST, in the window's title */
  return g_strdup_printf (_("%s on %s"), dbname != NULL && dbname[0] ? dbname : "motcua", where);
}

gboolean
mc_store_is_server (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  return mc_store_engine (self) == MC_DB_POSTGRESQL;
}

/* ---- Errors ---- */

gboolean
mc_store_fail (McStore *self, GError **error, const char *what)
{
  McDbError kind = self->db != NULL ? self->db->error : MC_DB_ERR_CANTOPEN;
  const char *detail = self->db != NULL && self->db->error_message ? self->db->error_message : "";
  McErrorCode code = MC_ERROR_FAILED;
  const char *why;

  switch (kind)
    {
    case MC_DB_ERR_BUSY:
      why = _("the database is in use by another program; try again in a moment");
      break;
    case MC_DB_ERR_RETRY:
      why = _("another workstation changed the same data at the same moment; try again");
      code = MC_ERROR_CONFLICT;
      break;
    case MC_DB_ERR_FULL:
      why = _("the disk is full; free some space and try again");
      break;
    case MC_DB_ERR_READONLY:
      why = _("the database cannot be written (check its permissions)");
      break;
    case MC_DB_ERR_CORRUPT:
      why = _("the database file is damaged or is not a Một Cửa database");
      code = MC_ERROR_CORRUPT;
      break;
    case MC_DB_ERR_CANTOPEN:
      why = _("the database file cannot be opened");
      break;
    case MC_DB_ERR_CONSTRAINT:
    case MC_DB_ERR_UNIQUE:
      why = _("the change breaks a rule of the data");
      code = MC_ERROR_INVALID;
      break;
    case MC_DB_ERR_CONNECTION:
      why = _("the commune's server cannot be reached; check the network, nothing was saved");
      code = MC_ERROR_CONNECTION;
      break;
    case MC_DB_ERR_PERMISSION:
      why = _("the server refused: your account may not do this");
      code = MC_ERROR_PERMISSION;
      break;
    case MC_DB_ERR_AUTH:
      why = _("the server refused the user name or password");
      code = MC_ERROR_PERMISSION;
      break;
    case MC_DB_OK:
    case MC_DB_ERR_OTHER:
    default:
      why = _("the database reported an error");
      break;
    }

  g_set_error (error, MC_ERROR, code, _("Could not finish %s: %s (%s)."), what, why, detail);
  return FALSE;
}

gboolean
mc_store_failed_unique (McStore *self)
{
  return self->db->error == MC_DB_ERR_UNIQUE;
}

/* ---- Statements ---- */

static void
bind_values (McDbStmt *stmt, const McDbValue *params, int n_params)
{
  const McDbDriver *d = stmt->db->driver;

  for (int i = 0; i < n_params; i++)
    {
      const McDbValue *v = &params[i];

      if (v->is_null)
        d->bind_null (stmt, i + 1, v->type);
      else
        switch (v->type)
          {
          case MC_DB_TYPE_INT64:
            d->bind_int64 (stmt, i + 1, v->i);
            break;
          case MC_DB_TYPE_BOOL:
            d->bind_bool (stmt, i + 1, v->i != 0);
            break;
          case MC_DB_TYPE_DOUBLE:
            d->bind_double (stmt, i + 1, v->d);
            break;
          case MC_DB_TYPE_TEXT:
            d->bind_text (stmt, i + 1, v->s);
            break;
          case MC_DB_TYPE_BLOB:
            d->bind_blob (stmt, i + 1, v->s, v->len);
            break;
          }
    }
}

McDbStmt *
mc_store_query (McStore *self, GError **error, const char *sql, const McDbValue *params,
                int n_params)
{
  McDbStmt *stmt = mc_db_prepare (self->db, sql);

  if (stmt == NULL)
    {
      mc_store_fail (self, error, _("reading the database"));
      return NULL;
    }
  if (n_params != stmt->n_params)
    g_critical ("%d parameters given for %d in: %s", n_params, stmt->n_params, sql);
  bind_values (stmt, params, n_params);
  return stmt;
}

McDbStep
mc_store_step (McStore *self, McDbStmt *stmt, const char *what, GError **error)
{
  McDbStep rc = mc_db_step (stmt);

  if (rc == MC_DB_STEP_DONE)
    mc_db_reset (stmt);
  else if (rc == MC_DB_STEP_ERROR)
    {
      mc_store_fail (self, error, what);
      mc_db_reset (stmt);
    }
  return rc;
}

gint64
mc_store_run_changes (McStore *self, const char *what, GError **error, const char *sql,
                      const McDbValue *params, int n_params)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, params, n_params);
  McDbStep rc;
  gint64 changes;

  if (stmt == NULL)
    return -1;
  rc = mc_db_step (stmt);
  if (rc == MC_DB_STEP_ERROR)
    {
      mc_store_fail (self, error, what);
      mc_db_reset (stmt);
      return -1;
    }
  changes = mc_db_changes (stmt);
  mc_db_reset (stmt);
  return changes;
}

gboolean
mc_store_run (McStore *self, const char *what, GError **error, const char *sql,
              const McDbValue *params, int n_params)
{
  return mc_store_run_changes (self, what, error, sql, params, n_params) >= 0;
}

gboolean
mc_store_get_int64 (McStore *self, const char *what, gint64 *out, GError **error,
                    const char *sql, const McDbValue *params, int n_params)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, params, n_params);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (self, stmt, what, error);
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  if (rc == MC_DB_STEP_ROW)
    {
      if (!mc_col_null (stmt, 0))
        *out = mc_col_int64 (stmt, 0);
      mc_db_reset (stmt);
    }
  return TRUE;
}

char *
mc_store_get_text (McStore *self, const char *what, gboolean *failed, GError **error,
                   const char *sql, const McDbValue *params, int n_params)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, params, n_params);
  char *text = NULL;
  McDbStep rc;

  if (failed != NULL)
    *failed = FALSE;
  if (stmt == NULL)
    {
      if (failed != NULL)
        *failed = TRUE;
      return NULL;
    }
  rc = mc_store_step (self, stmt, what, error);
  if (rc == MC_DB_STEP_ROW)
    {
      if (!mc_col_null (stmt, 0))
        text = g_strdup (mc_db_column_text (stmt, 0));
      mc_db_reset (stmt);
    }
  else if (rc == MC_DB_STEP_ERROR && failed != NULL)
    *failed = TRUE;
  return text;
}

gint64
mc_store_insert (McStore *self, const char *what, GError **error, const char *sql,
                 const McDbValue *params, int n_params)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, params, n_params);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  if (mc_store_step (self, stmt, what, error) == MC_DB_STEP_ROW)
    {
      id = mc_col_int64 (stmt, 0);
      mc_db_reset (stmt);
    }
  else if (error != NULL && *error == NULL)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Could not finish %s."), what);
  return id;
}

gboolean
mc_store_exec (McStore *self, const char *sql, GError **error)
{
  if (!mc_db_exec (self->db, sql))
    return mc_store_fail (self, error, _("writing to the database"));
  return TRUE;
}

const char *
mc_col_text (McDbStmt *s, int c)
{
  const char *text = mc_db_column_text (s, c);

  return text != NULL ? text : "";
}

char *
mc_col_dup (McDbStmt *s, int c)
{
  return g_strdup (mc_col_text (s, c));
}

McTime
mc_col_time (McDbStmt *s, int c)
{
  return mc_db_column_null (s, c) ? MC_TIME_NONE : mc_db_column_int64 (s, c);
}

gint64
mc_col_id (McDbStmt *s, int c)
{
  return mc_db_column_null (s, c) ? 0 : mc_db_column_int64 (s, c);
}

/* ---- Transactions ---- */

/* On the server, the answer to a COMMIT can be lost on the way back (the network or the server
 * went down in between): the workstation then cannot tell whether its change was kept. Every
 * outermost transaction there that wrote something also writes a token of its own into
 * applied_request, in the same transaction; when the COMMIT's answer is lost, the store connects
 * again and looks for its token: there, the change was kept and is reported done; not there,
 * nothing was kept, and mc_store_transact does the work again on the new connection. Either way
 * a change is applied once. Tokens older than two days are removed at open. */
static void
new_request_token (McStore *self)
{
  g_clear_pointer (&self->request, g_free);
  if (mc_store_engine (self) == MC_DB_POSTGRESQL && !self->bulk)
    self->request = g_uuid_string_random ();
}

gboolean
mc_store_begin (McStore *self, GError **error)
{
  const char *sql = self->tx_depth == 0 ? self->db->driver->begin_sql : "SAVEPOINT mc_nested";

  if (!mc_store_exec (self, sql, error))
    return FALSE;
  if (self->tx_depth == 0)
    new_request_token (self);
  self->tx_depth++;
  return TRUE;
}

/* After a COMMIT without an answer: whether the transaction of the token was kept (TRUE), was
 * not (FALSE, *known), or cannot be known because the server still does not answer. */
static gboolean
request_was_kept (McStore *self, const char *token, gboolean *known)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  mc_db_clear_error (self->db);
  /* Outside any transaction now: the driver connects again first. */
  *known = mc_store_get_int64 (self, _("reading the database"), &n, &error,
                               "SELECT count(*) FROM applied_request WHERE token = ?1",
                               MC_PARAMS (MC_TEXT (token)));
  return *known && n > 0;
}

gboolean
mc_store_commit (McStore *self, GError **error)
{
  g_autofree char *token = NULL;
  const char *sql;

  g_return_val_if_fail (self->tx_depth > 0, FALSE);
  sql = self->tx_depth == 1 ? "COMMIT" : "RELEASE SAVEPOINT mc_nested";
  if (self->tx_depth == 1 && self->request != NULL)
    {
      token = g_steal_pointer (&self->request);
      /* Only a transaction that wrote has a transaction id: a reading one writes nothing. */
      if (!mc_store_run (self, _("saving the change"), error,
                         "INSERT INTO applied_request (token) SELECT ?1 "
                         "WHERE txid_current_if_assigned() IS NOT NULL",
                         MC_PARAMS (MC_TEXT (token))))
        {
          mc_store_rollback (self);
          return FALSE;
        }
    }
  if (!mc_db_exec (self->db, sql))
    {
      gboolean lost = self->db->error == MC_DB_ERR_CONNECTION;
      gboolean known = FALSE;

      mc_store_rollback (self);
      if (lost && token != NULL)
        {
          if (request_was_kept (self, token, &known))
            {
              g_debug ("the server kept transaction %s; its answer was lost", token);
              return TRUE;
            }
          if (!known)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_CONNECTION,
                           _("The commune's server stopped answering while the change was being "
                             "saved. Once it can be reached again, look at the dossier to see "
                             "whether the change was kept before doing it again."));
              return FALSE;
            }
          /* Not kept: the new connection is there for the work to be done again. */
          mc_db_set_error (self->db, MC_DB_ERR_CONNECTION,
                           "the connection to the server was lost before the commit", "08006");
        }
      return mc_store_fail (self, error, _("writing to the database"));
    }
  self->tx_depth--;
  return TRUE;
}

void
mc_store_rollback (McStore *self)
{
  McDbError saved = self->db->error;
  g_autofree char *message = g_strdup (self->db->error_message);

  g_return_if_fail (self->tx_depth > 0);
  if (self->tx_depth == 1)
    mc_db_exec (self->db, "ROLLBACK");
  else
    mc_db_exec (self->db, "ROLLBACK TO SAVEPOINT mc_nested; RELEASE SAVEPOINT mc_nested");
  self->tx_depth--;
  /* The failure that caused the rollback is the one to report. */
  mc_db_set_error (self->db, saved, message, NULL);
  /* A rolled-back change to the calendar tables must not stay in the cache. */
  mc_store_invalidate_calendar (self);
}

gboolean
mc_store_in_transaction (McStore *self)
{
  return self->tx_depth > 0;
}

gboolean
mc_store_transact (McStore *self, McStoreWork work, gpointer data, GError **error)
{
  for (int attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean outermost = self->tx_depth == 0;

      if (outermost)
        mc_db_clear_error (self->db);
      if (!mc_store_begin (self, error))
        return FALSE;
      if (work (self, data, &local_error))
        {
          if (mc_store_commit (self, &local_error))
            return TRUE;
        }
      else
        mc_store_rollback (self);

      /* A refusal that came from a read the lost connection failed (an officer's role read as
       * none, say) is said as what it was. */
      if (outermost && self->db->error == MC_DB_ERR_CONNECTION &&
          !g_error_matches (local_error, MC_ERROR, MC_ERROR_CONNECTION))
        {
          g_clear_error (&local_error);
          mc_store_fail (self, &local_error, _("reading the database"));
        }

      /* A serialization failure or a deadlock: the whole transaction again, from its reads. */
      if (outermost && attempt < MAX_RETRIES && self->db->error == MC_DB_ERR_RETRY &&
          g_error_matches (local_error, MC_ERROR, MC_ERROR_CONFLICT))
        {
          g_usleep (1000 * g_random_int_range (1, 10 * attempt));
          mc_db_clear_error (self->db);
          continue;
        }
      /* The server's connection was lost and nothing was kept (mc_store_commit made sure): once,
       * the whole transaction again on a new connection, if the server answers again. */
      if (outermost && attempt == 1 && self->db->error == MC_DB_ERR_CONNECTION &&
          g_error_matches (local_error, MC_ERROR, MC_ERROR_CONNECTION) &&
          mc_db_exec (self->db, "SELECT 1"))
        {
          g_debug ("connected again to the server: doing the transaction again");
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

McTime
mc_store_now (McStore *self)
{
  return self->db->driver->now (self->db);
}

/* ---- Opening ---- */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gint64
read_version (McStore *self)
{
  gint64 version = 0;

  if (self->db->driver->has_table (self->db, "schema_version"))
    mc_store_get_int64 (self, _("reading the database"), &version, NULL,
                        "SELECT max(version) FROM schema_version", MC_NO_PARAMS);
  else if (mc_store_engine (self) == MC_DB_SQLITE &&
           self->db->driver->has_table (self->db, "dossier") &&
           self->db->driver->has_table (self->db, "audit"))
    /* Made before version 6, which keeps the version in a table. */
    mc_store_get_int64 (self, _("reading the database"), &version, NULL,
                        "PRAGMA user_version", MC_NO_PARAMS);
  return version;
}

int
mc_store_get_schema_version (McStore *self)
{
  return (int) read_version (self);
}

/* Migrations are resources named NNNN-what.sql under the engine's folder; file N brings the
 * schema to version N, each in its own transaction. */
int mc_store_testing_failing_migration;
int mc_store_testing_last_migration;

/* Where the copy of a file database is kept before its update: beside it, named after the
 * schema it had, "motcua-schema14-20240630-101500.db". */
static char *
upgrade_copy_path (const char *target, gint64 version)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *stem = g_str_has_suffix (target, ".db")
                            ? g_strndup (target, strlen (target) - 3) : g_strdup (target);

  return g_strdup_printf ("%s-schema%d-%s.db", stem, (int) version, stamp);
}

/* On a server, the copy before an update: pg_dump's archive, listed back (mc_store_dump_finish),
 * written as NAME.part and only then named, in the backup folder (the setting "backup.folder",
 * else the user's data folder), named after the database and the schema it had:
 * "motcua-schema14-20240630-101500.dump". NULL with a sentence when it could not be kept. */
static char *
server_upgrade_copy (McStore *self, gint64 version, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *folder = mc_store_get_setting (self, "backup.folder", NULL);
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *part = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean failed = FALSE;
  McStoreDump *dump;

  if (folder == NULL || folder[0] == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_free (folder);
      folder = g_build_filename (g_get_user_data_dir (), "motcua", "backups", NULL);
    }
  name = mc_store_get_text (self, _("reading the database"), &failed, NULL,
                            "SELECT current_database()", MC_NO_PARAMS);
  file = g_strdup_printf ("%s-schema%d-%s.dump", name != NULL ? name : "motcua", (int) version,
                          stamp);
  path = g_build_filename (folder, file, NULL);
  part = g_strconcat (path, ".part", NULL);
  g_mkdir_with_parents (folder, 0700);
  dump = mc_store_dump_begin (self, part, &local_error);
  if (dump == NULL || !mc_store_dump_finish (self, dump, &local_error) ||
      g_rename (part, path) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The database “%s” needs an update, but a copy of it could not be kept "
                     "first (%s: %s); it was left as it is."),
                   name != NULL ? name : "", path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      g_unlink (part);
      return NULL;
    }
  g_message ("kept a copy of the database before its update: %s", path);
  return g_steal_pointer (&path);
}

static gboolean
migrate (McStore *self, gboolean keep_copy, GError **error)
{
  g_autofree char *copy = NULL;
  gboolean whole = FALSE;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) names = NULL;
  const char *engine_dir = mc_store_engine (self) == MC_DB_POSTGRESQL ? "postgresql" : "sqlite";
  g_autofree char *dir = g_strconcat (MIGRATIONS_PATH "/", engine_dir, NULL);
  gint64 version = read_version (self);
  gint64 latest = 0;

  names = g_resources_enumerate_children (dir, 0, &local_error);
  if (names == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The program is incomplete: its database migrations are missing (%s)."),
                   local_error->message);
      return FALSE;
    }
  /* Resources come in no set order: apply the files by name. */
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    latest = MAX (latest, g_ascii_strtoll (names[i], NULL, 10));
  if (version > latest)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This database was made by a newer version of Một Cửa (schema %d; this "
                     "program knows up to %d). Update the program to open it."),
                   (int) version, (int) latest);
      return FALSE;
    }

  /* An existing file database of an older schema: a copy first, checked (integrity_check),
   * and every update in one transaction, so that a failed one leaves the file as it was. */
  if (mc_store_testing_last_migration > 0)
    latest = MIN (latest, mc_store_testing_last_migration);
  if (version > 0 && version < latest && mc_store_engine (self) == MC_DB_SQLITE &&
      g_strcmp0 (self->target, ":memory:") != 0)
    {
      if (keep_copy)
        {
          copy = upgrade_copy_path (self->target, version);
          if (!self->db->driver->backup (self->db, copy))
            {
              g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                           _("The database “%s” needs an update, but a copy of it could not be "
                             "kept first (%s: %s); it was left as it is. Free some space "
                             "beside it and open it again."), self->target, copy,
                           self->db->error_message ? self->db->error_message : "");
              g_unlink (copy);
              return FALSE;
            }
          g_chmod (copy, 0600);
          g_message ("kept a copy of the database before its update: %s", copy);
        }
      if (!mc_store_begin (self, error))
        return FALSE;
      whole = TRUE;
    }

  /* On a server too: a copy of pg_dump first, and every update in one transaction (the
   * server's DDL is transactional). */
  if (version > 0 && version < latest && mc_store_engine (self) == MC_DB_POSTGRESQL)
    {
      if (keep_copy)
        {
          copy = server_upgrade_copy (self, version, error);
          if (copy == NULL)
            return FALSE;
        }
      if (!mc_store_begin (self, error))
        return FALSE;
      whole = TRUE;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      gint64 n = g_ascii_strtoll (names[i], NULL, 10);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      if (n <= version ||
          (mc_store_testing_last_migration > 0 && n > mc_store_testing_last_migration))
        continue;
      path = g_strconcat (dir, "/", names[i], NULL);
      bytes = g_resources_lookup_data (path, 0, NULL);
      if (bytes == NULL)
        continue;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (n == mc_store_testing_failing_migration)
        {
          g_free (sql);
          sql = g_strdup ("SELECT no_such_column FROM dossier");
        }
      if (!mc_store_begin (self, error))
        goto failed;
      if (!mc_store_exec (self, sql, error))
        {
          mc_store_rollback (self);
          g_prefix_error (error, _("Updating the database to version %d failed: "), (int) n);
          goto failed;
        }
      /* Every version up to N is recorded: the table appears at version 6. */
      for (gint64 v = 1; v <= n; v++)
        if (self->db->driver->has_table (self->db, "schema_version") &&
            !mc_store_run (self, _("updating the database"), error,
                           "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2) "
                           "ON CONFLICT (version) DO NOTHING",
                           MC_PARAMS (MC_I64 (v), MC_I64 (mc_now ()))))
          {
            mc_store_rollback (self);
            g_prefix_error (error, _("Updating the database to version %d failed: "), (int) n);
            goto failed;
          }
      if (!mc_store_commit (self, error))
        goto failed;
      version = n;
    }
  if (whole && !mc_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  if (whole && self->tx_depth > 0)
    mc_store_rollback (self);
  if (whole && copy != NULL && error != NULL && *error != NULL)
    {
      g_autofree char *said = g_strdup ((*error)->message);

      g_clear_error (error);
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("%s The database was left as it was; a copy made before the update is "
                     "“%s”."), said, copy);
    }
  return FALSE;
}

/* Whether the database holds any table at all (a new file, a new server database). */
static gboolean
database_is_blank (McStore *self)
{
  static const char * const ours[] = { "schema_version", "dossier", "audit", "setting",
                                       "officer", "procedure" };
  gint64 tables = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (ours); i++)
    if (self->db->driver->has_table (self->db, ours[i]))
      return FALSE;
  if (mc_store_engine (self) == MC_DB_SQLITE)
    mc_store_get_int64 (self, _("reading the database"), &tables, NULL,
                        "SELECT count(*) FROM sqlite_schema", MC_NO_PARAMS);
  else
    mc_store_get_int64 (self, _("reading the database"), &tables, NULL,
                        "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema = current_schema()", MC_NO_PARAMS);
  return tables == 0;
}

static McStore *
open_target (const char *target, const char *login, const char *password, gboolean create,
             gboolean keep_copy, int *schema_before, GError **error)
{
  const char * const keys[] = { "user", "password", NULL };
  const char * const values[] = { login, password, NULL };
  g_autoptr(McStore) self = NULL;
  gboolean server = mc_db_target_is_postgresql (target);
  gboolean memory = g_strcmp0 (target, ":memory:") == 0;
  gboolean blank;

  g_return_val_if_fail (target != NULL, NULL);

  /* Referencing the resource keeps it in the static library's link. */
  g_resources_register (mc_core_get_resource ());

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->target = g_strdup (target);
  self->login = g_strdup (login);
  self->password = g_strdup (password);
  self->db = server ? mc_db_postgresql_open_with (target, keys, values, error)
                    : mc_db_sqlite_open (target, create || memory, error);
  if (self->db == NULL)
    return NULL;

  /* Ours (a schema version, or the tables of a database made before version 6), blank (a new
   * file or server database: created only when asked), or someone else's: refused, untouched. */
  blank = database_is_blank (self);
  if (blank && !create && !memory)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is empty, not a Một Cửa database; it was left as it is. Create a "
                     "database with “motcua-cli init” or open another one."), target);
      return NULL;
    }
  if (!blank && read_version (self) == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a Một Cửa database (it belongs to another program, or was "
                     "never set up completely); it was left as it is."), target);
      return NULL;
    }

  if (!self->db->driver->ready (self->db))
    {
      mc_store_fail (self, error, _("opening the database"));
      return NULL;
    }
  if (schema_before != NULL)
    *schema_before = (int) read_version (self);
  if (!migrate (self, keep_copy && !create, error))
    return NULL;
  /* The tokens of lost answers (mc_store_commit) matter for minutes; a standby refuses. */
  if (server && !mc_db_exec (self->db, "DELETE FROM applied_request "
                                       "WHERE at < now() - interval '2 days'"))
    mc_db_clear_error (self->db);
  return g_steal_pointer (&self);
}

McStore *
mc_store_open (const char *target, GError **error)
{
  return open_target (target, NULL, NULL, FALSE, TRUE, NULL, error);
}

McStore *
mc_store_open_copy (const char *path, int *schema_before, GError **error)
{
  return open_target (path, NULL, NULL, FALSE, FALSE, schema_before, error);
}

McStore *
mc_store_open_as (const char *target, const char *login, const char *password, GError **error)
{
  return open_target (target, login, password, FALSE, TRUE, NULL, error);
}

McStore *
mc_store_create (const char *target, GError **error)
{
  return open_target (target, NULL, NULL, TRUE, TRUE, NULL, error);
}

McStore *
mc_store_open_sibling (McStore *self, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  return open_target (self->target, self->login, self->password, FALSE, FALSE, NULL, error);
}

const char *
mc_store_get_login (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  return self->login;
}

const char *
mc_store_get_path (McStore *self)
{
  return self->target;
}

gboolean
mc_store_poll_changes (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  if (self->tx_depth > 0)
    return FALSE;
  return self->db->driver->poll_changes (self->db);
}

gboolean
mc_store_is_connected (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  return self->db->driver->connected == NULL || self->db->driver->connected (self->db);
}

void
mc_store_set_background_reconnect (McStore *self, gboolean background)
{
  g_return_if_fail (MC_IS_STORE (self));
  if (self->db->driver->set_background != NULL)
    self->db->driver->set_background (self->db, background);
}

gboolean
mc_store_reconnect (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth == 0, FALSE);
  if (self->db->driver->reconnect == NULL)
    return TRUE;
  if (!self->db->driver->reconnect (self->db))
    return FALSE;
  /* What was cached from the old connection may have changed meanwhile. */
  mc_store_invalidate_calendar (self);
  return TRUE;
}

/* ---- Bulk loads ---- */

/* The new dossiers' per-row triggers (0002-kpi.sql, 0004-analysis.sql, 0024-no-word-pause.sql)
 * are set aside for the transaction, and their work is done in sets at the rebuild
 * (bulk_resume_triggers). On SQLite the three are dropped (DDL is part of the transaction: a
 * rollback brings them back) — run per row, they cost a million dossiers' load 1.4 s of its
 * 2.3 s of inserting; on PostgreSQL the day marks fire once per COPY and the search words wait
 * on a setting (0021-bulk-words.sql). */
static const char * const bulk_row_triggers[] = {
  "dossier_kpi_insert", "dossier_analysis_insert", "dossier_word_insert",
};

static gboolean
bulk_pause_triggers (McStore *self, GError **error)
{
  const char *what = _("preparing the database for a large load");

  if (mc_store_engine (self) != MC_DB_SQLITE)
    return mc_store_run (self, what, error,
                         "SELECT set_config ('motcua.bulk_words', 'paused', true)",
                         MC_NO_PARAMS);
  self->bulk_triggers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (bulk_row_triggers); i++)
    {
      gboolean failed = FALSE;
      char *sql = mc_store_get_text (self, what, &failed, error,
                                     "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
                                     "AND name = ?1",
                                     MC_PARAMS (MC_TEXT (bulk_row_triggers[i])));
      g_autofree char *drop = NULL;

      if (failed)
        return FALSE;
      if (sql == NULL)
        continue;
      g_ptr_array_add (self->bulk_triggers, sql);
      drop = g_strdup_printf ("DROP TRIGGER %s", bulk_row_triggers[i]);
      if (!mc_store_run (self, what, error, drop, MC_NO_PARAMS))
        return FALSE;
    }
  return TRUE;
}

/* What the set-aside triggers did for each new row, for all of them at once: the days whose
 * figures (kpi_dirty) and dashboard sums (analysis_dirty) the rows touch, as the triggers
 * mark them (0002-kpi.sql, 0004-analysis.sql: a day is Vietnam’s, UTC+7). */
static gboolean
bulk_resume_triggers (McStore *self, GError **error)
{
  const char *what = _("rebuilding the indexes after a large load");
  g_autoptr(GPtrArray) triggers = g_steal_pointer (&self->bulk_triggers);

  if (mc_store_engine (self) != MC_DB_SQLITE)
    return mc_store_run (self, what, error, "SELECT set_config ('motcua.bulk_words', '', true)",
                         MC_NO_PARAMS);
  for (guint i = 0; triggers != NULL && i < triggers->len; i++)
    if (!mc_store_run (self, what, error, g_ptr_array_index (triggers, i), MC_NO_PARAMS))
      return FALSE;
  return mc_store_run (self, what, error,
                       "INSERT OR IGNORE INTO kpi_dirty "
                       "SELECT (t + 25200) / 86400 FROM ("
                       "  SELECT received_at AS t FROM dossier WHERE id >= ?1 "
                       "  UNION ALL SELECT ended_at FROM dossier WHERE id >= ?1) "
                       "WHERE t IS NOT NULL",
                       MC_PARAMS (MC_I64 (self->bulk_first_id))) &&
         mc_store_run (self, what, error,
                       "INSERT OR IGNORE INTO analysis_dirty "
                       "SELECT (ended_at + 25200) / 86400 FROM dossier "
                       "WHERE id >= ?1 AND ended_at IS NOT NULL",
                       MC_PARAMS (MC_I64 (self->bulk_first_id)));
}

gpointer
mc_store_bulk_begin (McStore *self, const char * const *tables, GError **error)
{
  gpointer state = NULL;

  g_return_val_if_fail (self->tx_depth == 0, NULL);
  if (self->db->driver->bulk_begin != NULL)
    state = self->db->driver->bulk_begin (self->db, tables);
  if (!mc_store_begin (self, error))
    {
      if (self->db->driver->bulk_end != NULL)
        self->db->driver->bulk_end (self->db, state);
      return NULL;
    }
  if (self->db->driver->bulk_inside != NULL && !self->db->driver->bulk_inside (self->db, state))
    {
      mc_store_fail (self, error, _("preparing the database for a large load"));
      mc_store_rollback (self);
      if (self->db->driver->bulk_end != NULL)
        self->db->driver->bulk_end (self->db, state);
      return NULL;
    }
  if (!mc_store_get_int64 (self, _("preparing the database for a large load"),
                           &self->bulk_first_id, error,
                           "SELECT coalesce (max (id), 0) + 1 FROM dossier", MC_NO_PARAMS) ||
      !bulk_pause_triggers (self, error))
    {
      mc_store_rollback (self);
      g_clear_pointer (&self->bulk_triggers, g_ptr_array_unref);
      if (self->db->driver->bulk_end != NULL)
        self->db->driver->bulk_end (self->db, state);
      return NULL;
    }
  self->bulk = TRUE;
  /* Never NULL on success, so that the caller can tell. */
  return state != NULL ? state : (gpointer) self;
}

gboolean
mc_store_bulk_rebuild (McStore *self, gpointer state, GError **error)
{
  const char *what = _("indexing the names for the search");
  gboolean sqlite = mc_store_engine (self) == MC_DB_SQLITE;
  /* Every tail of the loaded dossiers' folded names that starts at a word after the first, in
   * key order: appended to the index rather than scattered through it. On a server, once each
   * (DISTINCT: its words' key may be away), before the indexes come back: on a first load the
   * words' key is among them (0022), built then in one sort. SQLite's tails come from a
   * function of the driver (mc-db-sqlite.c), a row at a time. */
  const char *fill = sqlite
      ? "INSERT INTO dossier_word (word, dossier_id) "
        "SELECT t.value, d.id FROM dossier d, "
        "     json_each (motcua_word_tails (d.applicant_folded, d.representative_folded)) t "
        "WHERE d.id >= ?1 ORDER BY 1, 2 "
        "ON CONFLICT DO NOTHING"
      : "WITH RECURSIVE w (id, rest) AS ("
        "  SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) "
        "   FROM dossier WHERE id >= ?1 AND strpos (applicant_folded, ' ') > 0 "
        "  UNION ALL "
        "  SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1) "
        "   FROM dossier WHERE id >= ?1 AND strpos (representative_folded, ' ') > 0 "
        "  UNION ALL "
        "  SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w "
        "   WHERE strpos (rest, ' ') > 0) "
        "INSERT INTO dossier_word (word, dossier_id) "
        "SELECT DISTINCT rest, id FROM w WHERE rest <> '' ORDER BY rest, id "
        "ON CONFLICT DO NOTHING";

  /* On SQLite after the indexes, with the small page cache their sorts set (mc-db-sqlite.c). */
  if (sqlite && self->db->driver->bulk_rebuild != NULL && state != (gpointer) self &&
      !self->db->driver->bulk_rebuild (self->db, state))
    return mc_store_fail (self, error, _("rebuilding the indexes after a large load"));
  if (!bulk_resume_triggers (self, error) ||
      !mc_store_run (self, what, error, fill, MC_PARAMS (MC_I64 (self->bulk_first_id))))
    return FALSE;
  if (!sqlite && self->db->driver->bulk_rebuild != NULL && state != (gpointer) self &&
      !self->db->driver->bulk_rebuild (self->db, state))
    return mc_store_fail (self, error, _("rebuilding the indexes after a large load"));
  return TRUE;
}

void
mc_store_bulk_end (McStore *self, gpointer state)
{
  g_return_if_fail (self->tx_depth == 0);
  self->bulk = FALSE;
  g_clear_pointer (&self->bulk_triggers, g_ptr_array_unref);
  if (self->db->driver->bulk_end != NULL && state != (gpointer) self)
    self->db->driver->bulk_end (self->db, state);
}

McStoreCopy *
mc_store_copy_begin (McStore *self, const char *table, const char * const *columns,
                     int n_columns, GError **error)
{
  McDbCopy *copy = self->db->driver->copy_begin (self->db, table, columns, n_columns);

  if (copy == NULL)
    mc_store_fail (self, error, _("loading the data"));
  return (McStoreCopy *) copy;
}

gboolean
mc_store_copy_row (McStore *self, McStoreCopy *copy, const McDbValue *values, GError **error)
{
  if (!self->db->driver->copy_row ((McDbCopy *) copy, values))
    return mc_store_fail (self, error, _("loading the data"));
  return TRUE;
}

gboolean
mc_store_copy_end (McStore *self, McStoreCopy *copy, gboolean commit, GError **error)
{
  if (copy == NULL)
    return FALSE;
  if (!self->db->driver->copy_end ((McDbCopy *) copy, commit) && commit)
    return mc_store_fail (self, error, _("loading the data"));
  return TRUE;
}

/* ---- Days marked for a recount ---- */

GArray *
mc_store_read_marked_days (McStore *self, const char *table, const char *what, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT day FROM %s ORDER BY day", table);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (McDay));
  McDbStmt *stmt = mc_store_query (self, error, sql, MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, what, error)) == MC_DB_STEP_ROW)
    {
      McDay day = (McDay) mc_col_int64 (stmt, 0);
      g_array_append_val (days, day);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&days);
}

gboolean
mc_day_run_next (const GArray *days, guint *i, guint max_days, McDay *first, McDay *last)
{
  if (*i >= days->len)
    return FALSE;
  *first = *last = g_array_index (days, McDay, *i);
  for ((*i)++; *i < days->len && g_array_index (days, McDay, *i) == *last + 1 &&
               (max_days == 0 || (guint) (*last - *first + 1) < max_days); (*i)++)
    (*last)++;
  return TRUE;
}

/* ---- Backup and checks ---- */

gboolean
mc_store_check_structure (McStore *self, GPtrArray *problems, GError **error)
{
  if (self->db->driver->check != NULL && !self->db->driver->check (self->db, problems))
    return mc_store_fail (self, error, _("checking the database"));
  return TRUE;
}
