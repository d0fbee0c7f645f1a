/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's private driver table: one thin module per SQL engine (SQLite, PostgreSQL), as
 * GnuCash splits its SQL backend into a connection and a provider per engine. Only the files of
 * src/core/store/ include this header; nothing above the store sees an engine.
 *
 * SQL handed to a driver is written once, in the subset that SQLite 3.40 and PostgreSQL 15 both
 * accept: numbered parameters ?1, ?2 … (a bare ? is the next number), ON CONFLICT, RETURNING,
 * TRUE/FALSE for booleans, FILTER on aggregates, no INSERT OR IGNORE, no INDEXED BY, no engine
 * functions (instr, iif, strftime, string_agg…). DDL and triggers are per engine, in
 * resources/sql/<engine>/. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McDb     McDb;
typedef struct _McDbStmt McDbStmt;
typedef struct _McDbCopy McDbCopy;

typedef enum {
  MC_DB_SQLITE = 1,
  MC_DB_POSTGRESQL = 2,
} McDbEngine;

/* What went wrong, in the engine's terms mapped to the store's: the store words the sentence and
 * decides whether to run a transaction again. */
typedef enum {
  MC_DB_OK = 0,
  MC_DB_ERR_OTHER,
  MC_DB_ERR_BUSY,         /* locked by another connection for longer than the timeout */
  MC_DB_ERR_RETRY,        /* serialization failure or deadlock: run the transaction again */
  MC_DB_ERR_FULL,         /* the disk is full */
  MC_DB_ERR_READONLY,     /* the file or the server refuses writes */
  MC_DB_ERR_CORRUPT,      /* damaged, or not a database */
  MC_DB_ERR_CANTOPEN,     /* the file cannot be opened */
  MC_DB_ERR_CONSTRAINT,   /* a UNIQUE, CHECK, NOT NULL or foreign key, or a trigger refused */
  MC_DB_ERR_UNIQUE,       /* of those, a unique key */
  MC_DB_ERR_CONNECTION,   /* the server cannot be reached, or the connection was lost */
  MC_DB_ERR_PERMISSION,   /* the server refused: the login lacks the privilege */
  MC_DB_ERR_AUTH,         /* the server refused the login or its password */
} McDbError;

/* Parameter and column types, for binding NULLs (PostgreSQL infers a parameter's type from
 * its context and cannot from a bare NULL). */
typedef enum {
  MC_DB_TYPE_INT64,
  MC_DB_TYPE_BOOL,
  MC_DB_TYPE_DOUBLE,
  MC_DB_TYPE_TEXT,
  MC_DB_TYPE_BLOB,
} McDbType;

typedef enum {
  MC_DB_STEP_ERROR = -1,
  MC_DB_STEP_DONE = 0,
  MC_DB_STEP_ROW = 1,
} McDbStep;

/* One value for a bulk copy: a column of a row. */
typedef struct {
  McDbType    type;
  gboolean    is_null;
  gint64      i;           /* INT64, BOOL */
  double      d;           /* DOUBLE */
  const char *s;           /* TEXT (UTF-8), BLOB */
  gsize       len;         /* BLOB */
} McDbValue;

typedef struct {
  McDbEngine  engine;
  const char *name;                  /* "SQLite", "PostgreSQL" */

  void       (*close)         (McDb *db);
  /* Prepares SQL (already in the engine's placeholders, see mc_db_prepare). NULL on error. */
  McDbStmt  *(*prepare)       (McDb *db, const char *sql, int n_params);
  void       (*finalize)      (McDbStmt *stmt);
  /* Ends a statement's run and clears its bindings. */
  void       (*reset)         (McDbStmt *stmt);
  void       (*bind_null)     (McDbStmt *stmt, int i, McDbType type);
  void       (*bind_int64)    (McDbStmt *stmt, int i, gint64 value);
  void       (*bind_bool)     (McDbStmt *stmt, int i, gboolean value);
  void       (*bind_double)   (McDbStmt *stmt, int i, double value);
  void       (*bind_text)     (McDbStmt *stmt, int i, const char *value);   /* copied */
  void       (*bind_blob)     (McDbStmt *stmt, int i, const void *data, gsize len); /* copied */
  McDbStep   (*step)          (McDbStmt *stmt);
  int        (*column_count)  (McDbStmt *stmt);
  gboolean   (*column_null)   (McDbStmt *stmt, int col);
  /* What a column holds in the current row, and its name (for copying whole tables). */
  McDbType   (*column_type)   (McDbStmt *stmt, int col);
  const char*(*column_name)   (McDbStmt *stmt, int col);
  gint64     (*column_int64)  (McDbStmt *stmt, int col);   /* booleans as 0 / 1 */
  double     (*column_double) (McDbStmt *stmt, int col);
  const char*(*column_text)   (McDbStmt *stmt, int col);   /* NULL for NULL */
  const void*(*column_blob)   (McDbStmt *stmt, int col, gsize *len);
  /* Rows changed by the statement's last run (INSERT, UPDATE, DELETE). */
  gint64     (*changes)       (McDbStmt *stmt);
  /* A script of statements without parameters (DDL, a migration). */
  gboolean   (*exec)          (McDb *db, const char *sql);

  /* The outermost write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE),
   * so a read-check-write inside it cannot interleave with another writer. */
  const char *begin_sql;

  /* Bulk load of TABLE's COLUMNS, row by row (SQLite: a prepared INSERT; PostgreSQL: COPY).
   * Inside the caller's transaction. */
  McDbCopy  *(*copy_begin)    (McDb *db, const char *table, const char * const *columns,
                               int n_columns);
  gboolean   (*copy_row)      (McDbCopy *copy, const McDbValue *values);
  gboolean   (*copy_end)      (McDbCopy *copy, gboolean commit);

  /* TRUE when another connection committed a change since the last call (SQLite: PRAGMA
   * data_version; PostgreSQL: a notification on the channel "motcua"). Never blocks. */
  gboolean   (*poll_changes)  (McDb *db);
  /* A descriptor to watch for the changes (PostgreSQL's socket), or -1 when the driver must be
   * polled. */
  int        (*watch_fd)      (McDb *db);

  /* Engine tuning around a large load of TABLES (NULL-terminated). bulk_begin, outside any
   * transaction (SQLite: a rollback journal instead of WAL); bulk_inside, right after the
   * transaction began (SQLite: the tables' secondary indexes dropped); bulk_rebuild, before the
   * commit (each index rebuilt in one sort); bulk_end, after the commit or the rollback. */
  gpointer   (*bulk_begin)    (McDb *db, const char * const *tables);
  gboolean   (*bulk_inside)   (McDb *db, gpointer state);
  gboolean   (*bulk_rebuild)  (McDb *db, gpointer state);
  void       (*bulk_end)      (McDb *db, gpointer state);

  /* The engine's own check of the database's structure (SQLite: integrity_check and
   * foreign_key_check): one line per problem added to PROBLEMS. FALSE when it could not run. */
  gboolean   (*check)         (McDb *db, GPtrArray *problems);
  /* The clock actions are dated by, in Unix seconds: the server's on PostgreSQL. */
  gint64     (*now)           (McDb *db);
  /* Called once the store knows the database is its own (or has just created it), before any
   * write: SQLite's journal, synchronous mode and cache. FALSE on error. */
  gboolean   (*ready)         (McDb *db);
  /* A consistent copy of the live database into the file PATH (SQLite's online backup). */
  gboolean   (*backup)        (McDb *db, const char *path);
  /* Whether TABLE exists (the store identifies its own databases by their schema table). */
  gboolean   (*has_table)     (McDb *db, const char *table);

  /* The server's connection (NULL on SQLite, whose file is always there). connected: whether
   * it is there as far as the driver knows, without asking the server. set_background: with
   * TRUE (a window, whose main loop must never wait on the network), a lost connection fails
   * statements at once instead of connecting again before them, and reconnect takes one step
   * of connecting again without waiting, TRUE once connected; with FALSE (the CLI, a worker
   * thread), statements connect again themselves, waiting up to the connect timeout. */
  gboolean   (*connected)      (McDb *db);
  void       (*set_background) (McDb *db, gboolean background);
  gboolean   (*reconnect)      (McDb *db);
} McDbDriver;

struct _McDb {
  const McDbDriver *driver;
  GHashTable       *cache;          /* SQL as written → McDbStmt* */
  McDbError         error;          /* of the last failed call */
  char             *error_message;  /* the engine's words, for the log and the sentence's end */
  char             *error_sqlstate; /* PostgreSQL's SQLSTATE, or NULL */
};

struct _McDbStmt {
  McDb *db;
  char *sql;                        /* as given to the driver */
  int   n_params;
};

struct _McDbCopy {
  McDb *db;
};

/* Opening: TARGET is a file path (or ":memory:") for SQLite, or a PostgreSQL connection (a URI
 * postgresql:// or postgres://, a conninfo "key=value …", or "service=NAME"). */
gboolean    mc_db_target_is_postgresql (const char *target);

/* Common to every driver (mc-db.c). */
void        mc_db_init_common    (McDb *db, const McDbDriver *driver);
void        mc_db_close          (McDb *db);
void        mc_db_set_error      (McDb *db, McDbError error, const char *message,
                                  const char *sqlstate);
void        mc_db_clear_error    (McDb *db);
/* The statement for SQL, prepared once and cached, reset and unbound; NULL on error. SQL is
 * written with ?N placeholders; for PostgreSQL they become $N. */
McDbStmt   *mc_db_prepare        (McDb *db, const char *sql);
/* Rewrites ?N (and bare ?) into PREFIX N ("?" or "$"), outside quoted text; the highest number
 * in *N_PARAMS. */
char       *mc_db_rewrite_params (const char *sql, char prefix, int *n_params);

static inline McDbStep mc_db_step (McDbStmt *s) { return s->db->driver->step (s); }
static inline void     mc_db_reset (McDbStmt *s) { s->db->driver->reset (s); }
static inline gboolean mc_db_column_null (McDbStmt *s, int c)
{ return s->db->driver->column_null (s, c); }
static inline gint64   mc_db_column_int64 (McDbStmt *s, int c)
{ return s->db->driver->column_int64 (s, c); }
static inline double   mc_db_column_double (McDbStmt *s, int c)
{ return s->db->driver->column_double (s, c); }
static inline const char *mc_db_column_text (McDbStmt *s, int c)
{ return s->db->driver->column_text (s, c); }
static inline const void *mc_db_column_blob (McDbStmt *s, int c, gsize *len)
{ return s->db->driver->column_blob (s, c, len); }
static inline gint64   mc_db_changes (McDbStmt *s) { return s->db->driver->changes (s); }
static inline gboolean mc_db_exec (McDb *db, const char *sql) { return db->driver->exec (db, sql); }

/* The drivers. */
McDb       *mc_db_sqlite_open    (const char *path, gboolean create, GError **error);
McDb       *mc_db_postgresql_open(const char *conninfo, GError **error);
/* The same with more connection keywords after those of CONNINFO, which they override (the user
 * and password of the officer who acts, another dbname); a NULL value is left out. */
McDb       *mc_db_postgresql_open_with (const char *conninfo, const char * const *keys,
                                        const char * const *values, GError **error);
/* The value of KEYWORD in CONNINFO (URI or key=value), NULL when absent. */
char       *mc_db_postgresql_conninfo_value (const char *conninfo, const char *keyword);
/* The live connection's settings as a conninfo string for another program (pg_dump): every
 * setting in use but the password, which goes in *PASSWORD (NULL: none), for PGPASSWORD. */
char       *mc_db_postgresql_connection_string (McDb *db, char **password);
/* A SCRAM-SHA-256 verifier of PASSWORD for USER, computed here: the password itself never goes
 * to the server in a statement. NULL on error. */
char       *mc_db_postgresql_encrypt_password (McDb *db, const char *user, const char *password);
/* Quoted for a statement: an identifier ("name") and a literal ('text'). */
char       *mc_db_postgresql_quote_identifier (McDb *db, const char *name);
char       *mc_db_postgresql_quote_literal    (McDb *db, const char *text);
/* Tests only: at the next COMMIT the connection is cut, after the server committed (its answer
 * lost: ANSWER_ONLY) or before it got the COMMIT. */
void        mc_db_postgresql_testing_lose_commit (McDb *db, gboolean answer_only);

G_END_DECLS
