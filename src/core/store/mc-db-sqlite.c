/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite driver: the embedded default (one workstation, the demo, the tests). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#ifndef O_BINARY
#define O_BINARY 0
#endif

#include "mc-db.h"
#include "mc-db-guard.h"
#include "mc-types.h"
#include "mc-date.h"

typedef struct {
  McDb     base;
  sqlite3 *handle;
  char    *path;
  gboolean memory;
  gint64   data_version;    /* of the last poll */
  guint    guard_id;        /* in the guard of open(), 0 when none */
} SqliteDb;

typedef struct {
  McDbStmt      base;
  sqlite3_stmt *handle;
  gint64        changes;
} SqliteStmt;

typedef struct {
  McDbCopy  base;
  McDbStmt *insert;
  int       n_columns;
} SqliteCopy;

static SqliteDb *
db_of (McDb *db)
{
  return (SqliteDb *) db;
}

static SqliteStmt *
stmt_of (McDbStmt *stmt)
{
  return (SqliteStmt *) stmt;
}

/* ---- Errors ---- */

static McDbError
map_code (int code)
{
  switch (code & 0xff)
    {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return MC_DB_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MC_DB_ERR_BUSY;
    case SQLITE_FULL:
      return MC_DB_ERR_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return MC_DB_ERR_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return MC_DB_ERR_CORRUPT;
    case SQLITE_CANTOPEN:
      return MC_DB_ERR_CANTOPEN;
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return MC_DB_ERR_UNIQUE;
      return MC_DB_ERR_CONSTRAINT;
    default:
      return MC_DB_ERR_OTHER;
    }
}

static void
take_error (SqliteDb *self, int code)
{
  mc_db_set_error (&self->base, map_code (sqlite3_extended_errcode (self->handle) ?: code),
                   sqlite3_errmsg (self->handle), NULL);
}

/* ---- Statements ---- */

static McDbStmt *
sqlite_prepare (McDb *db, const char *sql, int n_params)
{
  SqliteDb *self = db_of (db);
  sqlite3_stmt *handle = NULL;
  SqliteStmt *stmt;

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &handle, NULL)
      != SQLITE_OK)
    {
      take_error (self, SQLITE_ERROR);
      g_warning ("prepare failed: %s: %s", sqlite3_errmsg (self->handle), sql);
      return NULL;
    }
  stmt = g_new0 (SqliteStmt, 1);
  stmt->base.db = db;
  stmt->base.sql = g_strdup (sql);
  stmt->base.n_params = n_params;
  stmt->handle = handle;
  return &stmt->base;
}

static void
sqlite_finalize (McDbStmt *stmt)
{
  sqlite3_finalize (stmt_of (stmt)->handle);
  g_free (stmt->sql);
  g_free (stmt);
}

static void
sqlite_reset (McDbStmt *stmt)
{
  sqlite3_reset (stmt_of (stmt)->handle);
  sqlite3_clear_bindings (stmt_of (stmt)->handle);
}

static void
sqlite_bind_null (McDbStmt *stmt, int i, McDbType type)
{
  sqlite3_bind_null (stmt_of (stmt)->handle, i);
}

static void
sqlite_bind_int64 (McDbStmt *stmt, int i, gint64 value)
{
  sqlite3_bind_int64 (stmt_of (stmt)->handle, i, value);
}

static void
sqlite_bind_bool (McDbStmt *stmt, int i, gboolean value)
{
  sqlite3_bind_int (stmt_of (stmt)->handle, i, value != FALSE);
}

static void
sqlite_bind_double (McDbStmt *stmt, int i, double value)
{
  sqlite3_bind_double (stmt_of (stmt)->handle, i, value);
}

static void
sqlite_bind_text (McDbStmt *stmt, int i, const char *value)
{
  sqlite3_bind_text (stmt_of (stmt)->handle, i, value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_blob (McDbStmt *stmt, int i, const void *data, gsize len)
{
  /* An empty blob is not NULL: SQLite binds NULL for a NULL pointer, whatever the length. */
  sqlite3_bind_blob64 (stmt_of (stmt)->handle, i, data != NULL ? data : "", len,
                       SQLITE_TRANSIENT);
}

static McDbStep
sqlite_step (McDbStmt *stmt)
{
  SqliteStmt *s = stmt_of (stmt);
  SqliteDb *self = db_of (stmt->db);
  int rc = sqlite3_step (s->handle);

  if (rc == SQLITE_ROW)
    return MC_DB_STEP_ROW;
  if (rc == SQLITE_DONE)
    {
      s->changes = sqlite3_changes64 (self->handle);
      return MC_DB_STEP_DONE;
    }
  take_error (self, rc);
  sqlite3_reset (s->handle);
  return MC_DB_STEP_ERROR;
}

static int
sqlite_column_count (McDbStmt *stmt)
{
  return sqlite3_column_count (stmt_of (stmt)->handle);
}

static gboolean
sqlite_column_null (McDbStmt *stmt, int col)
{
  return sqlite3_column_type (stmt_of (stmt)->handle, col) == SQLITE_NULL;
}

static McDbType
sqlite_column_type (McDbStmt *stmt, int col)
{
  switch (sqlite3_column_type (stmt_of (stmt)->handle, col))
    {
    case SQLITE_INTEGER: return MC_DB_TYPE_INT64;
    case SQLITE_FLOAT:   return MC_DB_TYPE_DOUBLE;
    case SQLITE_BLOB:    return MC_DB_TYPE_BLOB;
    default:             return MC_DB_TYPE_TEXT;
    }
}

static const char *
sqlite_column_name (McDbStmt *stmt, int col)
{
  return sqlite3_column_name (stmt_of (stmt)->handle, col);
}

static gint64
sqlite_column_int64 (McDbStmt *stmt, int col)
{
  return sqlite3_column_int64 (stmt_of (stmt)->handle, col);
}

static double
sqlite_column_double (McDbStmt *stmt, int col)
{
  return sqlite3_column_double (stmt_of (stmt)->handle, col);
}

static const char *
sqlite_column_text (McDbStmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt_of (stmt)->handle, col);
}

static const void *
sqlite_column_blob (McDbStmt *stmt, int col, gsize *len)
{
  sqlite3_stmt *handle = stmt_of (stmt)->handle;
  const void *data = sqlite3_column_blob (handle, col);

  if (len != NULL)
    *len = sqlite3_column_bytes (handle, col);
  return data;
}

static gint64
sqlite_changes (McDbStmt *stmt)
{
  return stmt_of (stmt)->changes;
}

static gboolean
sqlite_exec (McDb *db, const char *sql)
{
  SqliteDb *self = db_of (db);
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      take_error (self, rc);
      return FALSE;
    }
  return TRUE;
}

/* ---- Bulk copy: a prepared INSERT, which is SQLite's fastest path ---- */

static McDbCopy *
sqlite_copy_begin (McDb *db, const char *table, const char * const *columns, int n_columns)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  SqliteCopy *copy;
  McDbStmt *insert;

  g_string_printf (sql, "INSERT INTO %s (", table);
  for (int i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", columns[i]);
  g_string_append (sql, ") VALUES (");
  for (int i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s?%d", i ? ", " : "", i + 1);
  g_string_append (sql, ")");
  insert = mc_db_prepare (db, sql->str);
  if (insert == NULL)
    return NULL;
  copy = g_new0 (SqliteCopy, 1);
  copy->base.db = db;
  copy->insert = insert;
  copy->n_columns = n_columns;
  return &copy->base;
}

static gboolean
sqlite_copy_row (McDbCopy *base, const McDbValue *values)
{
  SqliteCopy *copy = (SqliteCopy *) base;
  sqlite3_stmt *handle = stmt_of (copy->insert)->handle;
  int rc;

  for (int i = 0; i < copy->n_columns; i++)
    {
      const McDbValue *v = &values[i];

      if (v->is_null)
        sqlite3_bind_null (handle, i + 1);
      else
        switch (v->type)
          {
          case MC_DB_TYPE_INT64:
          case MC_DB_TYPE_BOOL:
            sqlite3_bind_int64 (handle, i + 1, v->i);
            break;
          case MC_DB_TYPE_DOUBLE:
            sqlite3_bind_double (handle, i + 1, v->d);
            break;
          case MC_DB_TYPE_TEXT:
            sqlite3_bind_text (handle, i + 1, v->s, -1, SQLITE_STATIC);
            break;
          case MC_DB_TYPE_BLOB:
            sqlite3_bind_blob64 (handle, i + 1, v->s != NULL ? v->s : "", v->len,
                                 SQLITE_STATIC);
            break;
          }
    }
  rc = sqlite3_step (handle);
  sqlite3_reset (handle);
  if (rc != SQLITE_DONE)
    {
      take_error (db_of (base->db), rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_copy_end (McDbCopy *base, gboolean commit)
{
  SqliteCopy *copy = (SqliteCopy *) base;

  sqlite_reset (copy->insert);
  g_free (copy);
  return TRUE;
}

/* ---- Changes made by other connections ---- */

static gint64
read_data_version (SqliteDb *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
sqlite_poll_changes (McDb *db)
{
  SqliteDb *self = db_of (db);
  gint64 version;

  if (!sqlite3_get_autocommit (self->handle))
    return FALSE;
  version = read_data_version (self);
  if (version == self->data_version)
    return FALSE;
  self->data_version = version;
  return TRUE;
}

static int
sqlite_watch_fd (McDb *db)
{
  return -1;
}

/* motcua_word_tails (folded, ...): every tail of each text that starts after one of its spaces,
 * as a JSON array for json_each ("nguyen van an" gives ["van an","an"]), NULL when there is
 * none: the search's words (0009-search.sql) of a bulk load's rows in one pass
 * (mc_store_bulk_rebuild). Its recursive CTE took 1.6 s of a million rows' 2.5 s. Only in
 * statements, never in the schema (another program opening the file has no such function). */
static void
word_tails (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  g_autoptr(GString) out = g_string_sized_new (64);

  for (int i = 0; i < argc; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      for (const char *space = text != NULL ? strchr (text, ' ') : NULL; space != NULL;
           space = strchr (space + 1, ' '))
        {
          if (space[1] == '\0')
            break;
          g_string_append (out, out->len == 0 ? "[\"" : ",\"");
          for (const char *c = space + 1; *c != '\0'; c++)
            {
              if (*c == '"' || *c == '\\')
                g_string_append_c (out, '\\');
              if ((guchar) *c < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar) *c);
              else
                g_string_append_c (out, *c);
            }
          g_string_append_c (out, '"');
        }
    }
  if (out->len == 0)
    {
      sqlite3_result_null (context);
      return;
    }
  g_string_append_c (out, ']');
  sqlite3_result_text (context, out->str, (int) out->len, SQLITE_TRANSIENT);
}

/* ---- Bulk loads ---- */

typedef struct {
  GStrv      tables;
  GPtrArray *index_sql;   /* CREATE INDEX statements to run again */
  int        temp_store;  /* to restore, -1 when unchanged */
  int        cache_size;  /* to restore, 0 when unchanged */
  gboolean   was_wal;
} BulkState;

static int
pragma_int (SqliteDb *self, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
journal_is_wal (SqliteDb *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return wal;
}

static void
bulk_state_free (BulkState *state)
{
  g_clear_pointer (&state->index_sql, g_ptr_array_unref);
  g_strfreev (state->tables);
  g_free (state);
}

/* A million scattered index updates are an order of magnitude slower than one sort per index
 * after the load, and in WAL mode a new database writes every page twice. The journal and the
 * temporary storage are best effort: another connection keeps WAL. Outside any transaction (the
 * journal cannot change inside one). */
static gpointer
sqlite_bulk_begin (McDb *db, const char * const *tables)
{
  SqliteDb *self = db_of (db);
  BulkState *state = g_new0 (BulkState, 1);

  state->tables = g_strdupv ((char **) tables);
  state->index_sql = g_ptr_array_new_with_free_func (g_free);
  state->was_wal = journal_is_wal (self);
  if (state->was_wal)
    sqlite3_exec (self->handle, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  state->temp_store = pragma_int (self, "PRAGMA temp_store");
  if (state->temp_store >= 0 &&
      sqlite3_exec (self->handle, "PRAGMA temp_store = FILE", NULL, NULL, NULL) != SQLITE_OK)
    state->temp_store = -1;
  return state;
}

/* Inside the transaction: the secondary indexes of the tables go until bulk_rebuild. */
static gboolean
sqlite_bulk_inside (McDb *db, gpointer data)
{
  SqliteDb *self = db_of (db);
  BulkState *state = data;
  const char * const *tables = (const char * const *) state->tables;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; tables != NULL && tables[t] != NULL; t++)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (self->handle,
                              "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
                              "tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                              -1, &stmt, NULL) != SQLITE_OK)
        {
          take_error (self, SQLITE_ERROR);
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, tables[t], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          g_ptr_array_add (state->index_sql,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        }
      sqlite3_finalize (stmt);
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"",
                                               (const char *) g_ptr_array_index (names, i));
      if (!sqlite_exec (&self->base, drop))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_bulk_rebuild (McDb *db, gpointer data)
{
  SqliteDb *self = db_of (db);
  BulkState *state = data;
  gboolean ok = TRUE;

  /* Sorting for the indexes may use a second core. Each sort holds up to the page cache's
   * size in memory per thread before it merges runs from the temporary file: with the
   * store's 32 MB, a million dossiers' indexes took the import's memory from 19 to 105 MB,
   * and were slower (20.2 s) than with SQLite's default of 2 MB (17.7 s, 61 MB). The load's
   * end (its sums, its commit) keeps the small cache too; bulk_end gives the store's back. */
  sqlite3_exec (self->handle, "PRAGMA threads = 2", NULL, NULL, NULL);
  if (state->cache_size == 0)
    {
      state->cache_size = pragma_int (self, "PRAGMA cache_size");
      sqlite3_exec (self->handle, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
    }
  for (guint i = 0; ok && i < state->index_sql->len; i++)
    ok = sqlite_exec (db, g_ptr_array_index (state->index_sql, i));
  sqlite3_exec (self->handle, "PRAGMA threads = 0", NULL, NULL, NULL);
  g_ptr_array_set_size (state->index_sql, 0);
  return ok;
}

static void
sqlite_bulk_end (McDb *db, gpointer data)
{
  SqliteDb *self = db_of (db);
  BulkState *state = data;

  if (state == NULL)
    return;
  if (state->cache_size != 0 && state->cache_size != -1)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %d", state->cache_size);
      sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
    }
  if (state->temp_store >= 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA temp_store = %d", state->temp_store);
      sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
    }
  if (state->was_wal)
    sqlite3_exec (self->handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  bulk_state_free (state);
}

/* ---- Checks, clock, backup ---- */

static gboolean
sqlite_check (McDb *db, GPtrArray *problems)
{
  SqliteDb *self = db_of (db);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      take_error (self, SQLITE_ERROR);
      return FALSE;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("Database structure: %s"), line));
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (self->handle,
                          "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW && problems->len < 200)
        {
          g_autofree char *row = g_strdup_printf ("%s %lld → %s",
                                                  sqlite3_column_text (stmt, 0),
                                                  (long long) sqlite3_column_int64 (stmt, 1),
                                                  sqlite3_column_text (stmt, 2));
          g_ptr_array_add (problems,
                           g_strdup_printf (_("A reference points to nothing: %s."), row));
        }
      sqlite3_finalize (stmt);
    }
  return TRUE;
}

static gint64
sqlite_now (McDb *db)
{
  return mc_now ();
}

static gboolean
sqlite_ready (McDb *db)
{
  SqliteDb *self = db_of (db);

  /* A new file gets 8 KB pages (before WAL, which fixes the size; an existing file keeps its
   * own): a million dossiers' load (import, demo) sorts and writes fewer, fuller pages. Import
   * 15.5 s with 4 KB pages, 14.7 with 8, 14.3 with 16, 14.6 with 32, 15.0 with 64; but a search
   * that reads scattered rows (a word inside 2,269 names) took 2.7 ms with 4 KB, 3.2 with 8 and
   * 10.5 with 16, its pages no longer in the cache (issue 14's benchmarks). */
  if ((!self->memory && !sqlite_exec (db, "PRAGMA page_size = 8192")) ||
      (!self->memory && !sqlite_exec (db, "PRAGMA journal_mode = WAL")) ||
      /* FULL: a commit is on the disk before the desk is told it is saved, also across a
       * power cut (NORMAL may lose the last commits in WAL mode). */
      !sqlite_exec (db, "PRAGMA synchronous = FULL") ||
      !sqlite_exec (db, "PRAGMA temp_store = MEMORY") ||
      !sqlite_exec (db, "PRAGMA cache_size = -32000"))
    return FALSE;
  self->data_version = read_data_version (self);
  if (!self->memory && self->guard_id == 0)
    self->guard_id = mc_db_guard_add (self->path);
  return TRUE;
}

/* Copies the live database into PATH in one pass: the whole file in one step of the online
 * backup API, inside one read transaction. In WAL mode a reader holds no lock a writer waits
 * for, so the desk goes on writing meanwhile, and no write can restart the copy (a backup made
 * a few pages at a time starts again after every write of another connection, and under a
 * continuous writer never ends). VACUUM INTO (MOTCUA_SQLITE_BACKUP=vacuum, for the benchmark)
 * also finishes, but rebuilds every table and index and takes longer (docs: issue-16 figures). */
static gboolean
sqlite_backup_vacuum (SqliteDb *self, const char *path)
{
  g_autofree char *sql = NULL;
  char *quoted = sqlite3_mprintf ("%Q", path);
  int rc;

  sql = g_strdup_printf ("VACUUM INTO %s", quoted);
  sqlite3_free (quoted);
  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      mc_db_set_error (&self->base, map_code (sqlite3_extended_errcode (self->handle)),
                       sqlite3_errmsg (self->handle), NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_backup (McDb *db, const char *path)
{
  SqliteDb *self = db_of (db);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc = SQLITE_OK;

  /* The copy, and the journal SQLite gives its mode, readable by the owner only. */
  {
    int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_BINARY, 0600);

    if (fd >= 0)
      close (fd);
  }
  if (g_strcmp0 (g_getenv ("MOTCUA_SQLITE_BACKUP"), "vacuum") == 0)
    {
      if (!sqlite_backup_vacuum (self, path))
        return FALSE;
    }
  if (sqlite3_open_v2 (path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      mc_db_set_error (db, MC_DB_ERR_CANTOPEN, dest ? sqlite3_errmsg (dest) : "", NULL);
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_busy_timeout (dest, 5000);
  if (g_strcmp0 (g_getenv ("MOTCUA_SQLITE_BACKUP"), "vacuum") != 0)
    {
      backup = sqlite3_backup_init (dest, "main", self->handle, "main");
      if (backup == NULL)
        {
          mc_db_set_error (db, map_code (sqlite3_errcode (dest)), sqlite3_errmsg (dest), NULL);
          sqlite3_close (dest);
          return FALSE;
        }
      /* All the pages in one step (-1). Busy only while another connection checkpoints or
       * changes the journal mode: then the whole step again, a few times. */
      for (int attempt = 0; attempt < 50; attempt++)
        {
          rc = sqlite3_backup_step (backup, -1);
          if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
          g_usleep (100 * 1000);
        }
      sqlite3_backup_finish (backup);
      if (rc != SQLITE_DONE)
        {
          mc_db_set_error (db, map_code (rc), sqlite3_errstr (rc), NULL);
          sqlite3_close (dest);
          return FALSE;
        }
    }

  /* Verify what was written before calling it a copy. */
  if (sqlite3_prepare_v2 (dest, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (dest);
  if (!ok)
    {
      mc_db_set_error (db, MC_DB_ERR_CORRUPT, "integrity_check", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_has_table (McDb *db, const char *table)
{
  SqliteDb *self = db_of (db);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->handle,
                          "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

static void
sqlite_close (McDb *db)
{
  SqliteDb *self = db_of (db);

  if (self->guard_id != 0)
    mc_db_guard_remove (self->guard_id);
  sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self);
}

static const McDbDriver sqlite_driver = {
  .engine = MC_DB_SQLITE,
  .name = "SQLite",
  .close = sqlite_close,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .bind_null = sqlite_bind_null,
  .bind_int64 = sqlite_bind_int64,
  .bind_bool = sqlite_bind_bool,
  .bind_double = sqlite_bind_double,
  .bind_text = sqlite_bind_text,
  .bind_blob = sqlite_bind_blob,
  .step = sqlite_step,
  .column_count = sqlite_column_count,
  .column_null = sqlite_column_null,
  .column_type = sqlite_column_type,
  .column_name = sqlite_column_name,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
  .column_blob = sqlite_column_blob,
  .changes = sqlite_changes,
  .exec = sqlite_exec,
  .begin_sql = "BEGIN IMMEDIATE",
  .copy_begin = sqlite_copy_begin,
  .copy_row = sqlite_copy_row,
  .copy_end = sqlite_copy_end,
  .poll_changes = sqlite_poll_changes,
  .watch_fd = sqlite_watch_fd,
  .bulk_begin = sqlite_bulk_begin,
  .bulk_inside = sqlite_bulk_inside,
  .bulk_rebuild = sqlite_bulk_rebuild,
  .bulk_end = sqlite_bulk_end,
  .check = sqlite_check,
  .now = sqlite_now,
  .ready = sqlite_ready,
  .backup = sqlite_backup,
  .has_table = sqlite_has_table,
};

McDb *
mc_db_sqlite_open (const char *path, gboolean create, GError **error)
{
  SqliteDb *self;
  gboolean memory = g_str_equal (path, ":memory:");
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  mc_db_guard_init ();

  if (!memory)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                       _("There is no database “%s”. Create one with “motcua-cli init” or open "
                         "another file."), path);
          return NULL;
        }
      if (create && g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                       _("Cannot create the folder “%s” for the database: %s."),
                       dir, g_strerror (saved_errno));
          return NULL;
        }
      if (mc_db_on_network_filesystem (dir))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The database “%s” is on a network folder, where the embedded database "
                         "cannot lock its file safely and would lose work. Keep it on this "
                         "computer's own disk, or set up the commune's server so that several "
                         "workstations share one database (README, “Several workstations”)."),
                       path);
          return NULL;
        }
    }
  if (create)
    flags |= SQLITE_OPEN_CREATE;
  /* A new file is made here, readable by its owner only: SQLite gives its -wal and -shm files
   * the database file's mode. */
  if (create && !memory && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_BINARY, 0600);

      if (fd >= 0)
        close (fd);
    }

  self = g_new0 (SqliteDb, 1);
  mc_db_init_common (&self->base, &sqlite_driver);
  self->path = g_strdup (path);
  self->memory = memory;
  self->data_version = -1;
  if (sqlite3_open_v2 (path, &self->handle, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s."), path,
                   self->handle ? sqlite3_errmsg (self->handle) : "");
      mc_db_close (&self->base);
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_create_function (self->handle, "motcua_word_tails", -1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                           word_tails, NULL, NULL);

  /* Reading the schema proves the file is a database at all, and writes nothing. */
  if (sqlite3_exec (self->handle, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL)
      != SQLITE_OK ||
      sqlite3_exec (self->handle, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (self->handle);

      if (map_code (code) == MC_DB_ERR_CORRUPT)
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("The file “%s” is not a Một Cửa database (or it is damaged); it was "
                       "left as it is."), path);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                     _("Cannot open the database “%s”: %s."), path,
                     sqlite3_errmsg (self->handle));
      mc_db_close (&self->base);
      return NULL;
    }
  return &self->base;
}
