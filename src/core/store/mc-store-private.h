/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the store's own files (src/core/store/) only: the connection, statements and their
 * parameters. Nothing outside the store includes this header; the domain modules call the
 * store's functions of mc-store.h and mc-store-internal.h, in domain types. */

#include "mc-db.h"
#include "mc-store.h"
#include "mc-store-internal.h"

G_BEGIN_DECLS

struct _McStore
{
  GObject     parent_instance;
  char       *target;       /* the path or connection string it was opened with */
  char       *login;        /* on a server: the login and password it connected with, for */
  char       *password;     /* the connections of other threads (NULL: the target's own) */
  McDb       *db;
  int         tx_depth;
  gpointer    calendar;     /* the domain's McCalendar, built from the tables (mc-office.c) */
  GDestroyNotify calendar_free;
  gboolean    bulk;         /* inside a bulk load: per-row work is done set-based at its end */
  gint64      bulk_first_id; /* the first dossier id the bulk load may add */
  GPtrArray  *bulk_triggers; /* on SQLite: the row triggers set aside, CREATE statements */
  char       *request;      /* on the server: the token of the transaction (mc_store_commit) */
};

/* Parameters of a statement, typed at the call: MC_PARAMS (MC_I64 (id), MC_TEXT (name)). */
#define MC_I64(v)      ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = (gint64) (v) })
#define MC_INT(v)      MC_I64 (v)
/* An id: 0 is stored as NULL (no officer, no status…). */
#define MC_ID(v)       ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = (gint64) (v), \
                                      .is_null = (v) == 0 })
#define MC_TIME(v)     ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = (gint64) (v), \
                                      .is_null = (v) == MC_TIME_NONE })
#define MC_BOOL(v)     ((McDbValue) { .type = MC_DB_TYPE_BOOL, .i = (v) ? 1 : 0 })
#define MC_DOUBLE(v)   ((McDbValue) { .type = MC_DB_TYPE_DOUBLE, .d = (v) })
/* Text: NULL is stored as ''. MC_TEXT_OR_NULL keeps NULL. */
#define MC_TEXT(v)     ((McDbValue) { .type = MC_DB_TYPE_TEXT, .s = (v) ? (v) : "" })
#define MC_TEXT_OR_NULL(v) ((McDbValue) { .type = MC_DB_TYPE_TEXT, .s = (v), .is_null = (v) == NULL })
#define MC_BLOB(p, n)  ((McDbValue) { .type = MC_DB_TYPE_BLOB, .s = (const char *) (p), \
                                      .len = (n), .is_null = (p) == NULL })
#define MC_PARAMS(...) ((const McDbValue[]) { __VA_ARGS__ }), \
                       ((int) (sizeof ((const McDbValue[]) { __VA_ARGS__ }) / sizeof (McDbValue)))
#define MC_NO_PARAMS   NULL, 0

McDb     *mc_store_db             (McStore *self);
McDbEngine mc_store_engine        (McStore *self);

/* The cached statement for SQL, reset and with PARAMS bound (?1 … ?n); NULL on error. */
McDbStmt *mc_store_query          (McStore *self, GError **error, const char *sql,
                                   const McDbValue *params, int n_params);
/* One step: MC_DB_STEP_ROW, or MC_DB_STEP_DONE (the statement is reset), or MC_DB_STEP_ERROR
 * (reset, and ERROR says what could not be finished: WHAT, "reading the queue"). */
McDbStep  mc_store_step           (McStore *self, McDbStmt *stmt, const char *what,
                                   GError **error);
/* A statement run to its end (DML): FALSE with ERROR naming WHAT on failure. */
gboolean  mc_store_run            (McStore *self, const char *what, GError **error,
                                   const char *sql, const McDbValue *params, int n_params);
/* The same, returning the rows it changed, -1 on error. */
gint64    mc_store_run_changes    (McStore *self, const char *what, GError **error,
                                   const char *sql, const McDbValue *params, int n_params);
/* The first column of the first row as an integer: TRUE with *OUT set, TRUE with *OUT untouched
 * when there is no row or it is NULL, FALSE on error. */
gboolean  mc_store_get_int64      (McStore *self, const char *what, gint64 *out, GError **error,
                                   const char *sql, const McDbValue *params, int n_params);
/* The same for text (NULL when no row or NULL; *FAILED set on error). */
char     *mc_store_get_text       (McStore *self, const char *what, gboolean *failed,
                                   GError **error, const char *sql, const McDbValue *params,
                                   int n_params);
/* An INSERT … RETURNING id: the new id, 0 on error. */
gint64    mc_store_insert         (McStore *self, const char *what, GError **error,
                                   const char *sql, const McDbValue *params, int n_params);
/* A script without parameters. */
gboolean  mc_store_exec           (McStore *self, const char *sql, GError **error);

/* Sets ERROR from the connection's last error, in words for a desk officer (locked, disk full,
 * server unreachable…), WHAT saying what was being done ("saving the dossier"). Returns FALSE. */
gboolean  mc_store_fail           (McStore *self, GError **error, const char *what);
/* Whether the last failure was a unique key. */
gboolean  mc_store_failed_unique  (McStore *self);

/* Columns. */
static inline gint64 mc_col_int64 (McDbStmt *s, int c) { return mc_db_column_int64 (s, c); }
static inline int    mc_col_int (McDbStmt *s, int c) { return (int) mc_db_column_int64 (s, c); }
static inline gboolean mc_col_bool (McDbStmt *s, int c) { return mc_db_column_int64 (s, c) != 0; }
static inline double mc_col_double (McDbStmt *s, int c) { return mc_db_column_double (s, c); }
static inline gboolean mc_col_null (McDbStmt *s, int c) { return mc_db_column_null (s, c); }
const char *mc_col_text          (McDbStmt *s, int c);   /* never NULL */
char       *mc_col_dup           (McDbStmt *s, int c);   /* never NULL */
McTime      mc_col_time          (McDbStmt *s, int c);   /* NULL → MC_TIME_NONE */
gint64      mc_col_id            (McDbStmt *s, int c);   /* NULL → 0 */

/* A bulk load of TABLE's COLUMNS inside the caller's transaction (mc_store_bulk_begin): rows as
 * McDbValue arrays in the columns' order. */
typedef McDbCopy McStoreCopy;
McStoreCopy *mc_store_copy_begin      (McStore *self, const char *table,
                                       const char * const *columns, int n_columns,
                                       GError **error);
gboolean    mc_store_copy_row         (McStore *self, McStoreCopy *copy,
                                       const McDbValue *values, GError **error);
gboolean    mc_store_copy_end         (McStore *self, McStoreCopy *copy, gboolean commit,
                                       GError **error);

/* Figures kept as per-day sums (KPIs, dashboard) mark the days a change touches in a table of
 * their own (column "day"); this reads those days in order. */
GArray     *mc_store_read_marked_days (McStore *self, const char *table, const char *what,
                                       GError **error);

/* Writes a setting inside the caller's transaction, with no permission check or audit record. */
gboolean    mc_store_write_setting    (McStore *self, const char *key, const char *value,
                                       GError **error);

G_END_DECLS
