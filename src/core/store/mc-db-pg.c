/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL driver: an office of workstations sharing one server, through libpq.
 *
 * Statements are prepared on the server at their first run, once the types of the bound values
 * are known (the server cannot infer a type from a bare NULL), and kept there, one per type
 * signature. Results come whole, in text format: the store reads in pages, never a million rows
 * at once. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#ifdef G_OS_WIN32
#include <winsock2.h>
#define poll WSAPoll
#else
#include <poll.h>
#include <sys/socket.h>
#endif

#include "mc-db.h"
#include "mc-types.h"
#include "mc-date.h"

/* The built-in types' OIDs (catalog/pg_type_d.h, which is not libpq's). */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_TEXT    25
#define OID_INT2    21
#define OID_INT4    23
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

/* What the store is told when no timeout is given in the connection string: a server that does
 * not answer is reported rather than waited for. */
#define DEFAULT_CONNECT_TIMEOUT 10

/* Send a bulk copy to the server in chunks of this size. */
#define COPY_CHUNK (256 * 1024)

typedef struct {
  McDb     base;
  PGconn  *conn;
  char    *server;          /* "host:port", for the log */
  guint    next_name;       /* server-side statement names, unique per connection */
  guint    generation;      /* raised at every reconnection: the server forgot the statements */
  PGTransactionStatusType last_tx;   /* as of the last command that reached the server */
  gboolean dead;            /* the connection was lost and not reset since */
  gboolean lost_in_tx;      /* … inside a transaction the store has not ended yet */
  gboolean copying;         /* a COPY is under way: nothing else may be sent */
  int      lose_commit;     /* tests: 1, the next COMMIT's answer is lost; 2, the COMMIT is */
  gboolean background;      /* connect again only in reconnect, never before a statement */
  gboolean resetting;       /* … and PQresetStart was called: PQresetPoll until it ends */
} PgDb;

typedef struct {
  Oid      type;            /* 0: text, or unbound; the server infers it from the context */
  int      format;          /* 1 (binary) for bytea, 0 (text) otherwise */
  gboolean bound;
  gboolean is_null;
  char    *owned;           /* text and blobs */
  int      length;
  char     number[G_ASCII_DTOSTR_BUF_SIZE + 1];
} PgParam;

typedef struct {
  char  *name;
  guint  generation;
} PgPrepared;

typedef enum {
  STMT_IDLE,                /* not run since the last reset */
  STMT_ROWS,                /* row ROW of RESULT is current */
  STMT_DONE,
} StmtState;

typedef struct {
  McDbStmt    base;
  PgParam    *params;
  GHashTable *prepared;     /* type signature → PgPrepared */
  PGresult   *result;
  int         row;
  int         n_rows;
  StmtState   state;
  gint64      changes;
  /* bytea columns of the current row, decoded on demand and kept until the next step */
  guchar    **blobs;
  size_t     *blob_lengths;
  int         n_blobs;
} PgStmt;

typedef struct {
  McDbCopy  base;
  int       n_columns;
  GString  *buf;
  gboolean  over;           /* the server ended the COPY (an error): nothing more to send */
} PgCopy;

typedef enum {
  TX_NONE,
  TX_BEGIN,
  TX_COMMIT,
  TX_ROLLBACK,
} TxControl;

typedef enum {
  CONN_READY,
  CONN_FAILED,
  CONN_SKIP,                /* a ROLLBACK of a transaction that died with its connection */
} ConnState;

static PgDb *
db_of (McDb *db)
{
  return (PgDb *) db;
}

static PgStmt *
stmt_of (McDbStmt *stmt)
{
  return (PgStmt *) stmt;
}

/* ---- Errors ---- */

static McDbError
map_sqlstate (const char *state)
{
  if (state == NULL || strlen (state) != 5)
    return MC_DB_ERR_OTHER;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01"))
    return MC_DB_ERR_RETRY;
  if (g_str_equal (state, "23505"))
    return MC_DB_ERR_UNIQUE;
  /* P0001: a trigger's RAISE EXCEPTION, the schema's way of refusing a change. */
  if (g_str_has_prefix (state, "23") || g_str_equal (state, "P0001"))
    return MC_DB_ERR_CONSTRAINT;
  if (g_str_equal (state, "42501"))
    return MC_DB_ERR_PERMISSION;
  if (g_str_equal (state, "53100"))
    return MC_DB_ERR_FULL;
  if (g_str_equal (state, "25006"))
    return MC_DB_ERR_READONLY;
  /* lock_timeout, set at open: another workstation held a row for too long (SQLite's busy). */
  if (g_str_equal (state, "55P03"))
    return MC_DB_ERR_BUSY;
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P0"))
    return MC_DB_ERR_CONNECTION;
  if (g_str_has_prefix (state, "28"))
    return MC_DB_ERR_AUTH;
  return MC_DB_ERR_OTHER;
}

/* libpq's own message, on one line and without its final newline. */
static char *
conn_message (PGconn *conn)
{
  char *message = g_strdup (conn != NULL ? PQerrorMessage (conn) : "");

  g_strstrip (message);
  for (char *p = message; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  return message;
}

static void
note_lost (PgDb *self)
{
  if (self->dead)
    return;
  self->dead = TRUE;
  self->lost_in_tx = self->last_tx != PQTRANS_IDLE;
  g_debug ("lost the connection to %s%s", self->server,
           self->lost_in_tx ? " inside a transaction" : "");
}

static void
take_error (PgDb *self, const PGresult *res)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *fallback = NULL;
  McDbError kind = map_sqlstate (state);

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      kind = MC_DB_ERR_CONNECTION;
      note_lost (self);
    }
  if (primary == NULL)
    primary = fallback = conn_message (self->conn);
  mc_db_set_error (&self->base, kind, primary, state);
}

/* ---- The connection ---- */

static void
notice_cb (void *data, const char *message)
{
  g_debug ("server: %s", message);
}

/* What every session needs, at open and after a reconnection: times in UTC (the store stores
 * Unix seconds and never reads a timestamp as text, but the log and pg_dump should agree), a
 * bound on lock waits, and the change notifications. */
static gboolean
session_setup (PgDb *self)
{
  PGresult *res = PQexec (self->conn, "SET TimeZone = 'UTC'; SET lock_timeout = '30s'");
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  if (!ok)
    take_error (self, res);
  PQclear (res);
  if (!ok)
    return FALSE;
  /* Without it the screens only miss other workstations' changes (a standby refuses LISTEN). */
  res = PQexec (self->conn, "LISTEN motcua");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_warning ("LISTEN failed on %s: %s", self->server, PQresultErrorMessage (res));
  PQclear (res);
  self->last_tx = PQtransactionStatus (self->conn);
  return TRUE;
}

/* Whether SQL begins or ends a transaction (a savepoint's ROLLBACK TO does not). */
static gboolean
starts_with_word (const char *sql, const char *word)
{
  gsize n = strlen (word);

  return g_ascii_strncasecmp (sql, word, n) == 0 &&
         (sql[n] == '\0' || sql[n] == ';' || g_ascii_isspace (sql[n]));
}

static TxControl
tx_control (const char *sql)
{
  while (g_ascii_isspace (*sql))
    sql++;
  if (starts_with_word (sql, "BEGIN") || starts_with_word (sql, "START"))
    return TX_BEGIN;
  if (starts_with_word (sql, "COMMIT") || starts_with_word (sql, "END"))
    return TX_COMMIT;
  if (starts_with_word (sql, "ABORT"))
    return TX_ROLLBACK;
  if (starts_with_word (sql, "ROLLBACK"))
    {
      const char *rest = sql + strlen ("ROLLBACK");

      while (g_ascii_isspace (*rest))
        rest++;
      if (starts_with_word (rest, "TO"))
        return TX_NONE;
      return TX_ROLLBACK;
    }
  return TX_NONE;
}

/* A server that ended the session (restarted, or its administrator cut it) has said so on the
 * socket: seen before anything is sent outside a transaction, the connection is made again
 * instead of a statement failing. (Inside a transaction the statements are the store's to
 * give up.) One poll of the socket, which does not wait. */
static void
notice_closed (PgDb *self)
{
  struct pollfd p = { PQsocket (self->conn), POLLIN, 0 };

  if (self->last_tx != PQTRANS_IDLE || p.fd < 0)
    return;
  /* Its last words first (FATAL: terminating connection…), then the end of the stream. */
  for (int i = 0; i < 4 && poll (&p, 1, 0) > 0; i++)
    if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
      {
        note_lost (self);
        return;
      }
}

static gboolean connected_again (PgDb *self);

/* Before a command: a lost connection is reset once, but only outside a transaction. A
 * transaction that lost its connection is gone (the server rolled it back): every statement of
 * it fails until the store ends it, and its ROLLBACK succeeds. */
static ConnState
ensure_connection (PgDb *self, TxControl ctl)
{
  if (self->copying)
    {
      mc_db_set_error (&self->base, MC_DB_ERR_OTHER, "a bulk copy is under way", NULL);
      return CONN_FAILED;
    }
  if (PQstatus (self->conn) == CONNECTION_OK && !self->dead)
    notice_closed (self);
  if (PQstatus (self->conn) == CONNECTION_OK && !self->dead)
    return CONN_READY;
  note_lost (self);
  if (self->lost_in_tx)
    switch (ctl)
      {
      case TX_ROLLBACK:
        self->lost_in_tx = FALSE;
        mc_db_clear_error (&self->base);
        return CONN_SKIP;
      case TX_COMMIT:
        self->lost_in_tx = FALSE;
        mc_db_set_error (&self->base, MC_DB_ERR_CONNECTION,
                         "the connection to the server was lost during the transaction", "08006");
        return CONN_FAILED;
      case TX_BEGIN:
        /* The store has given the dead transaction up. */
        self->lost_in_tx = FALSE;
        break;
      case TX_NONE:
        mc_db_set_error (&self->base, MC_DB_ERR_CONNECTION,
                         "the connection to the server was lost during the transaction", "08006");
        return CONN_FAILED;
      }

  if (self->background)
    {
      /* The window connects again by itself (pg_reconnect), without waiting. */
      mc_db_set_error (&self->base, MC_DB_ERR_CONNECTION,
                       "the connection to the server is being made again", "08006");
      return CONN_FAILED;
    }
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = conn_message (self->conn);

      mc_db_set_error (&self->base, MC_DB_ERR_CONNECTION, message, NULL);
      return CONN_FAILED;
    }
  return connected_again (self) ? CONN_READY : CONN_FAILED;
}

static gboolean
connected_again (PgDb *self)
{
  g_debug ("connected again to %s", self->server);
  self->dead = FALSE;
  self->lost_in_tx = FALSE;
  self->generation++;
  self->last_tx = PQTRANS_IDLE;
  return session_setup (self);
}

static gboolean
pg_connected (McDb *db)
{
  PgDb *self = db_of (db);

  if (PQstatus (self->conn) == CONNECTION_OK && !self->dead)
    notice_closed (self);
  return PQstatus (self->conn) == CONNECTION_OK && !self->dead;
}

static void
pg_set_background (McDb *db, gboolean background)
{
  db_of (db)->background = background;
}

/* One step of connecting again, never waiting: the socket is asked whether it is ready for
 * what libpq waits for. A transaction that was open is gone with the old connection. */
static gboolean
pg_reconnect (McDb *db)
{
  PgDb *self = db_of (db);

  if (pg_connected (db))
    return TRUE;
  note_lost (self);
  if (!self->resetting)
    {
      if (!PQresetStart (self->conn))
        return FALSE;
      self->resetting = TRUE;
    }
  for (;;)
    {
      PostgresPollingStatusType st = PQresetPoll (self->conn);
      struct pollfd p = { PQsocket (self->conn), 0, 0 };

      switch (st)
        {
        case PGRES_POLLING_OK:
          self->resetting = FALSE;
          return connected_again (self);
        case PGRES_POLLING_FAILED:
          self->resetting = FALSE;
          return FALSE;
        case PGRES_POLLING_READING:
          p.events = POLLIN;
          break;
        case PGRES_POLLING_WRITING:
        default:
          p.events = POLLOUT;
          break;
        }
      if (p.fd < 0 || poll (&p, 1, 0) <= 0)
        return FALSE;
    }
}

/* After a command: OK as the store should see it. */
static gboolean
end_command (PgDb *self, TxControl ctl, gboolean ok)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    {
      self->last_tx = PQtransactionStatus (self->conn);
      return ok;
    }
  note_lost (self);
  if (ctl == TX_COMMIT || ctl == TX_ROLLBACK)
    {
      /* Either way the transaction is over for the store; a rollback has happened. */
      self->lost_in_tx = FALSE;
      if (ctl == TX_ROLLBACK)
        {
          mc_db_clear_error (&self->base);
          return TRUE;
        }
    }
  return ok;
}

/* ---- Statements ---- */

/* Nothing reaches the server yet: the statement is prepared at its first run, when the types of
 * its values are known, so a statement that does not parse fails at its first step. */
static McDbStmt *
pg_prepare (McDb *db, const char *sql, int n_params)
{
  PgStmt *stmt = g_new0 (PgStmt, 1);

  stmt->base.db = db;
  stmt->base.sql = g_strdup (sql);
  stmt->base.n_params = n_params;
  stmt->params = g_new0 (PgParam, MAX (n_params, 1));
  stmt->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return &stmt->base;
}

static void
clear_blobs (PgStmt *s)
{
  for (int i = 0; i < s->n_blobs; i++)
    g_clear_pointer (&s->blobs[i], PQfreemem);
}

static void
clear_result (PgStmt *s)
{
  clear_blobs (s);
  g_clear_pointer (&s->result, PQclear);
  s->row = 0;
  s->n_rows = 0;
  s->state = STMT_IDLE;
}

static void
clear_param (PgParam *p)
{
  g_clear_pointer (&p->owned, g_free);
  p->type = 0;
  p->format = 0;
  p->bound = FALSE;
  p->is_null = FALSE;
  p->length = 0;
}

static void
pg_reset (McDbStmt *stmt)
{
  PgStmt *s = stmt_of (stmt);

  clear_result (s);
  for (int i = 0; i < stmt->n_params; i++)
    clear_param (&s->params[i]);
}

static void
pg_finalize (McDbStmt *stmt)
{
  PgStmt *s = stmt_of (stmt);
  PgDb *self = db_of (stmt->db);
  GHashTableIter iter;
  gpointer value;

  pg_reset (stmt);
  g_hash_table_iter_init (&iter, s->prepared);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PgPrepared *p = value;

      /* An aborted transaction refuses even DEALLOCATE; the server forgets the statement when
       * the connection closes anyway. */
      if (p->generation == self->generation && !self->dead && !self->copying &&
          PQstatus (self->conn) == CONNECTION_OK &&
          PQtransactionStatus (self->conn) != PQTRANS_INERROR)
        {
          g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", p->name);

          PQclear (PQexec (self->conn, sql));
        }
      g_free (p->name);
      g_free (p);
    }
  g_hash_table_unref (s->prepared);
  g_free (s->params);
  g_free (s->blobs);
  g_free (s->blob_lengths);
  g_free (stmt->sql);
  g_free (s);
}

static PgParam *
param_at (McDbStmt *stmt, int i)
{
  PgParam *p;

  g_return_val_if_fail (i >= 1 && i <= stmt->n_params, NULL);
  p = &stmt_of (stmt)->params[i - 1];
  clear_param (p);
  p->bound = TRUE;
  return p;
}

static Oid
oid_of_type (McDbType type)
{
  switch (type)
    {
    case MC_DB_TYPE_INT64:  return OID_INT8;
    case MC_DB_TYPE_BOOL:   return OID_BOOL;
    case MC_DB_TYPE_DOUBLE: return OID_FLOAT8;
    case MC_DB_TYPE_BLOB:   return OID_BYTEA;
    /* Typed, so that a parameter a statement leaves unused (an import's update of the columns
     * a file carries) needs no context to take its type from. */
    case MC_DB_TYPE_TEXT:
    default:                return OID_TEXT;
    }
}

static void
pg_bind_null (McDbStmt *stmt, int i, McDbType type)
{
  PgParam *p = param_at (stmt, i);

  if (p == NULL)
    return;
  p->is_null = TRUE;
  p->type = oid_of_type (type);
}

static void
pg_bind_int64 (McDbStmt *stmt, int i, gint64 value)
{
  PgParam *p = param_at (stmt, i);

  if (p == NULL)
    return;
  p->type = OID_INT8;
  g_snprintf (p->number, sizeof p->number, "%" G_GINT64_FORMAT, value);
}

static void
pg_bind_bool (McDbStmt *stmt, int i, gboolean value)
{
  PgParam *p = param_at (stmt, i);

  if (p == NULL)
    return;
  p->type = OID_BOOL;
  strcpy (p->number, value ? "t" : "f");
}

static void
pg_bind_double (McDbStmt *stmt, int i, double value)
{
  PgParam *p = param_at (stmt, i);

  if (p == NULL)
    return;
  p->type = OID_FLOAT8;
  /* %.17g: the same double comes back. */
  g_ascii_dtostr (p->number, sizeof p->number, value);
}

static void
pg_bind_text (McDbStmt *stmt, int i, const char *value)
{
  PgParam *p;

  if (value == NULL)
    {
      pg_bind_null (stmt, i, MC_DB_TYPE_TEXT);
      return;
    }
  p = param_at (stmt, i);
  if (p == NULL)
    return;
  p->type = OID_TEXT;
  p->owned = g_strdup (value);
}

static void
pg_bind_blob (McDbStmt *stmt, int i, const void *data, gsize len)
{
  PgParam *p = param_at (stmt, i);

  if (p == NULL)
    return;
  g_return_if_fail (len <= G_MAXINT);
  p->type = OID_BYTEA;
  p->format = 1;
  /* Never NULL, which libpq reads as SQL NULL, even for no bytes. */
  p->owned = g_malloc (MAX (len, 1));
  if (len > 0)
    memcpy (p->owned, data, len);
  p->length = (int) len;
}

static char
signature_char (Oid type)
{
  switch (type)
    {
    case OID_INT8:   return 'i';
    case OID_BOOL:   return 'b';
    case OID_FLOAT8: return 'd';
    case OID_BYTEA:  return 'x';
    default:         return 't';
    }
}

/* The name of the server-side statement for the bound types, prepared now if need be. */
static const char *
prepared_name (PgStmt *s)
{
  PgDb *self = db_of (s->base.db);
  int n = s->base.n_params;
  g_autofree char *signature = g_malloc (n + 1);
  g_autofree Oid *types = g_new (Oid, MAX (n, 1));
  PgPrepared *p;
  PGresult *res;
  gboolean ok;

  for (int i = 0; i < n; i++)
    {
      types[i] = s->params[i].type;
      signature[i] = signature_char (types[i]);
    }
  signature[n] = '\0';

  p = g_hash_table_lookup (s->prepared, signature);
  if (p != NULL && p->generation == self->generation)
    return p->name;
  if (p == NULL)
    {
      p = g_new0 (PgPrepared, 1);
      g_hash_table_insert (s->prepared, g_strdup (signature), p);
    }
  g_free (p->name);
  p->name = g_strdup_printf ("mc%u", ++self->next_name);
  p->generation = self->generation;

  res = PQprepare (self->conn, p->name, s->base.sql, n, types);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (!ok)
    {
      take_error (self, res);
      g_debug ("prepare failed: %s: %s", self->base.error_message, s->base.sql);
      /* Not kept: prepared again at the next run. */
      p->generation = G_MAXUINT;
    }
  PQclear (res);
  return ok ? p->name : NULL;
}

static gint64
changes_of (const PGresult *res)
{
  const char *status = PQcmdStatus ((PGresult *) res);

  if (g_str_has_prefix (status, "INSERT") || g_str_has_prefix (status, "UPDATE") ||
      g_str_has_prefix (status, "DELETE") || g_str_has_prefix (status, "MERGE"))
    return g_ascii_strtoll (PQcmdTuples ((PGresult *) res), NULL, 10);
  return 0;
}

static McDbStep
run (PgStmt *s)
{
  PgDb *self = db_of (s->base.db);
  TxControl ctl = tx_control (s->base.sql);
  int n = s->base.n_params;
  g_autofree const char **values = g_new0 (const char *, MAX (n, 1));
  g_autofree int *lengths = g_new0 (int, MAX (n, 1));
  g_autofree int *formats = g_new0 (int, MAX (n, 1));
  const char *name;
  PGresult *res;
  gboolean ok = TRUE;
  McDbStep step = MC_DB_STEP_DONE;

  switch (ensure_connection (self, ctl))
    {
    case CONN_FAILED:
      return MC_DB_STEP_ERROR;
    case CONN_SKIP:
      s->changes = 0;
      s->state = STMT_DONE;
      return MC_DB_STEP_DONE;
    case CONN_READY:
      break;
    }

  name = prepared_name (s);
  if (name == NULL)
    return end_command (self, ctl, FALSE) ? MC_DB_STEP_DONE : MC_DB_STEP_ERROR;

  for (int i = 0; i < n; i++)
    {
      PgParam *p = &s->params[i];

      if (!p->bound || p->is_null)
        values[i] = NULL;
      else if (p->owned != NULL)
        values[i] = p->owned;
      else
        values[i] = p->number;
      lengths[i] = p->length;
      formats[i] = p->format;
    }
  res = PQexecPrepared (self->conn, name, n, values, lengths, formats, 0);
  switch (PQresultStatus (res))
    {
    case PGRES_TUPLES_OK:
      s->result = res;
      s->n_rows = PQntuples (res);
      s->row = 0;
      s->changes = changes_of (res);
      if (s->n_blobs < PQnfields (res))
        {
          s->blobs = g_renew (guchar *, s->blobs, PQnfields (res));
          s->blob_lengths = g_renew (size_t, s->blob_lengths, PQnfields (res));
          for (int i = s->n_blobs; i < PQnfields (res); i++)
            s->blobs[i] = NULL;
          s->n_blobs = PQnfields (res);
        }
      res = NULL;
      if (s->n_rows > 0)
        {
          s->state = STMT_ROWS;
          step = MC_DB_STEP_ROW;
        }
      else
        {
          clear_result (s);
          s->state = STMT_DONE;
        }
      break;
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      s->changes = changes_of (res);
      s->state = STMT_DONE;
      break;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      /* COPY goes through copy_begin: end this one (the transaction, if any, is aborted). */
      PQclear (res);
      PQputCopyEnd (self->conn, "COPY is not run as a statement");
      while ((res = PQgetResult (self->conn)) != NULL)
        PQclear (res);
      mc_db_set_error (&self->base, MC_DB_ERR_OTHER, "COPY is not run as a statement", NULL);
      ok = FALSE;
      break;
    default:
      take_error (self, res);
      ok = FALSE;
      break;
    }
  PQclear (res);
  if (!end_command (self, ctl, ok))
    {
      clear_result (s);
      return MC_DB_STEP_ERROR;
    }
  return ok ? step : MC_DB_STEP_DONE;
}

static McDbStep
pg_step (McDbStmt *stmt)
{
  PgStmt *s = stmt_of (stmt);

  switch (s->state)
    {
    case STMT_ROWS:
      clear_blobs (s);
      if (++s->row < s->n_rows)
        return MC_DB_STEP_ROW;
      clear_result (s);
      s->state = STMT_DONE;
      return MC_DB_STEP_DONE;
    case STMT_DONE:
      /* As SQLite: a step after the end runs the statement again, with the same values. */
      clear_result (s);
      return run (s);
    case STMT_IDLE:
    default:
      return run (s);
    }
}

static const char *
value_at (McDbStmt *stmt, int col)
{
  PgStmt *s = stmt_of (stmt);

  if (s->state != STMT_ROWS || col < 0 || col >= PQnfields (s->result) ||
      PQgetisnull (s->result, s->row, col))
    return NULL;
  return PQgetvalue (s->result, s->row, col);
}

static int
pg_column_count (McDbStmt *stmt)
{
  PgStmt *s = stmt_of (stmt);

  return s->result != NULL ? PQnfields (s->result) : 0;
}

static gboolean
pg_column_null (McDbStmt *stmt, int col)
{
  return value_at (stmt, col) == NULL;
}

static McDbType
pg_column_type (McDbStmt *stmt, int col)
{
  PgStmt *s = stmt_of (stmt);

  if (s->result == NULL || col < 0 || col >= PQnfields (s->result))
    return MC_DB_TYPE_TEXT;
  switch (PQftype (s->result, col))
    {
    case OID_BOOL:    return MC_DB_TYPE_BOOL;
    case OID_BYTEA:   return MC_DB_TYPE_BLOB;
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
    case OID_NUMERIC: return MC_DB_TYPE_INT64;
    case OID_FLOAT4:
    case OID_FLOAT8:  return MC_DB_TYPE_DOUBLE;
    default:          return MC_DB_TYPE_TEXT;
    }
}

static const char *
pg_column_name (McDbStmt *stmt, int col)
{
  PgStmt *s = stmt_of (stmt);

  return s->result != NULL ? PQfname (s->result, col) : NULL;
}

static gint64
double_to_int64 (double d)
{
  /* As SQLite: toward zero, and clamped (a cast out of range is undefined). */
  if (isnan (d))
    return 0;
  if (d >= 9223372036854775807.0)
    return G_MAXINT64;
  if (d <= -9223372036854775808.0)
    return G_MININT64;
  return (gint64) d;
}

static gint64
pg_column_int64 (McDbStmt *stmt, int col)
{
  const char *v = value_at (stmt, col);

  if (v == NULL)
    return 0;
  switch (PQftype (stmt_of (stmt)->result, col))
    {
    case OID_BOOL:
      return v[0] == 't';
    case OID_FLOAT4:
    case OID_FLOAT8:
      return double_to_int64 (g_ascii_strtod (v, NULL));
    case OID_NUMERIC:
      /* Sums: plain decimals, never an exponent; the fraction, if any, is cut. */
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
    default:
      return g_ascii_strtoll (v, NULL, 10);
    }
}

static double
pg_column_double (McDbStmt *stmt, int col)
{
  const char *v = value_at (stmt, col);

  if (v == NULL)
    return 0.0;
  if (PQftype (stmt_of (stmt)->result, col) == OID_BOOL)
    return v[0] == 't' ? 1.0 : 0.0;
  return g_ascii_strtod (v, NULL);
}

static const char *
pg_column_text (McDbStmt *stmt, int col)
{
  const char *v = value_at (stmt, col);

  /* As SQLite, which stores booleans as integers. */
  if (v != NULL && PQftype (stmt_of (stmt)->result, col) == OID_BOOL)
    return v[0] == 't' ? "1" : "0";
  return v;
}

static const void *
pg_column_blob (McDbStmt *stmt, int col, gsize *len)
{
  PgStmt *s = stmt_of (stmt);
  const char *v = value_at (stmt, col);

  if (len != NULL)
    *len = 0;
  if (v == NULL)
    return NULL;
  if (PQftype (s->result, col) != OID_BYTEA)
    {
      if (len != NULL)
        *len = PQgetlength (s->result, s->row, col);
      return v;
    }
  if (s->blobs[col] == NULL)
    {
      s->blobs[col] = PQunescapeBytea ((const unsigned char *) v, &s->blob_lengths[col]);
      if (s->blobs[col] == NULL)
        return NULL;
    }
  if (len != NULL)
    *len = s->blob_lengths[col];
  return s->blobs[col];
}

static gint64
pg_changes (McDbStmt *stmt)
{
  return stmt_of (stmt)->changes;
}

/* For the tests (mc_db_postgresql_testing_lose_commit): the network goes down at the COMMIT,
 * after the server has it (its answer is lost) or before. */
static gboolean
lose_commit (PgDb *self, const char *sql)
{
  int how = self->lose_commit;

  self->lose_commit = 0;
  if (how == 1)
    PQclear (PQexec (self->conn, sql));
  shutdown (PQsocket (self->conn), SHUT_RDWR);
  note_lost (self);
  self->lost_in_tx = FALSE;
  mc_db_set_error (&self->base, MC_DB_ERR_CONNECTION, "server closed the connection unexpectedly",
                   "08006");
  return FALSE;
}

void
mc_db_postgresql_testing_lose_commit (McDb *db, gboolean answer_only)
{
  g_return_if_fail (db->driver->engine == MC_DB_POSTGRESQL);
  db_of (db)->lose_commit = answer_only ? 1 : 2;
}

static gboolean
pg_exec (McDb *db, const char *sql)
{
  PgDb *self = db_of (db);
  TxControl ctl = tx_control (sql);
  PGresult *res;
  gboolean ok;

  switch (ensure_connection (self, ctl))
    {
    case CONN_FAILED:
      return FALSE;
    case CONN_SKIP:
      return TRUE;
    case CONN_READY:
      break;
    }
  if (ctl == TX_COMMIT && self->lose_commit != 0)
    return lose_commit (self, sql);
  /* Several statements in one string run as one implicit transaction unless the script says
   * otherwise; the result is the last statement's, or the first error's. */
  res = PQexec (self->conn, sql);
  switch (PQresultStatus (res))
    {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      ok = TRUE;
      break;
    default:
      take_error (self, res);
      ok = FALSE;
      break;
    }
  PQclear (res);
  return end_command (self, ctl, ok);
}

/* ---- Bulk copy: COPY … FROM STDIN in text format ---- */

static McDbCopy *
pg_copy_begin (McDb *db, const char *table, const char * const *columns, int n_columns)
{
  PgDb *self = db_of (db);
  g_autoptr(GString) sql = g_string_new (NULL);
  PGresult *res;
  PgCopy *copy;

  if (ensure_connection (self, TX_NONE) != CONN_READY)
    return NULL;
  g_string_printf (sql, "COPY %s (", table);
  for (int i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", columns[i]);
  g_string_append (sql, ") FROM STDIN");
  res = PQexec (self->conn, sql->str);
  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      take_error (self, res);
      PQclear (res);
      end_command (self, TX_NONE, FALSE);
      return NULL;
    }
  PQclear (res);
  self->copying = TRUE;
  copy = g_new0 (PgCopy, 1);
  copy->base.db = db;
  copy->n_columns = n_columns;
  copy->buf = g_string_sized_new (COPY_CHUNK + 64 * 1024);
  return &copy->base;
}

/* The server ended the COPY (or the connection died): its error, and the COPY's end. */
static void
copy_fail (PgCopy *copy)
{
  PgDb *self = db_of (copy->base.db);
  PGresult *res;
  gboolean taken = FALSE;

  while ((res = PQgetResult (self->conn)) != NULL)
    {
      if (!taken && PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          take_error (self, res);
          taken = TRUE;
        }
      PQclear (res);
      if (PQstatus (self->conn) != CONNECTION_OK)
        break;
    }
  if (!taken)
    take_error (self, NULL);
  copy->over = TRUE;
  self->copying = FALSE;
  end_command (self, TX_NONE, FALSE);
}

static gboolean
copy_flush (PgCopy *copy)
{
  PgDb *self = db_of (copy->base.db);

  if (copy->buf->len == 0)
    return TRUE;
  if (PQputCopyData (self->conn, copy->buf->str, (int) copy->buf->len) != 1)
    {
      copy_fail (copy);
      return FALSE;
    }
  g_string_truncate (copy->buf, 0);
  return TRUE;
}

static void
append_int64 (GString *buf, gint64 value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 u = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (buf, p, digits + sizeof digits - p);
}

/* COPY's text format: a backslash, tab, newline and carriage return in a value are escaped. */
static void
append_copy_text (GString *buf, const char *s)
{
  while (*s)
    {
      gsize plain = strcspn (s, "\\\t\n\r");

      g_string_append_len (buf, s, plain);
      s += plain;
      if (*s == '\0')
        break;
      g_string_append_c (buf, '\\');
      switch (*s)
        {
        case '\t': g_string_append_c (buf, 't'); break;
        case '\n': g_string_append_c (buf, 'n'); break;
        case '\r': g_string_append_c (buf, 'r'); break;
        default:   g_string_append_c (buf, '\\'); break;
        }
      s++;
    }
}

/* bytea in hex, its backslash escaped for COPY: \\x0a1b… */
static void
append_copy_blob (GString *buf, const guchar *data, gsize len)
{
  static const char hex[] = "0123456789abcdef";
  gsize start = buf->len;
  char *p;

  g_string_set_size (buf, start + 3 + 2 * len);
  p = buf->str + start;
  *p++ = '\\';
  *p++ = '\\';
  *p++ = 'x';
  for (gsize i = 0; i < len; i++)
    {
      *p++ = hex[data[i] >> 4];
      *p++ = hex[data[i] & 0xf];
    }
}

static gboolean
pg_copy_row (McDbCopy *base, const McDbValue *values)
{
  PgCopy *copy = (PgCopy *) base;
  GString *buf = copy->buf;

  if (copy->over)
    return FALSE;
  for (int i = 0; i < copy->n_columns; i++)
    {
      const McDbValue *v = &values[i];

      if (i > 0)
        g_string_append_c (buf, '\t');
      if (v->is_null)
        {
          g_string_append_len (buf, "\\N", 2);
          continue;
        }
      switch (v->type)
        {
        case MC_DB_TYPE_INT64:
          append_int64 (buf, v->i);
          break;
        case MC_DB_TYPE_BOOL:
          g_string_append_c (buf, v->i ? 't' : 'f');
          break;
        case MC_DB_TYPE_DOUBLE:
          {
            char number[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (buf, g_ascii_dtostr (number, sizeof number, v->d));
          }
          break;
        case MC_DB_TYPE_TEXT:
          if (v->s != NULL)
            append_copy_text (buf, v->s);
          else
            g_string_append_len (buf, "\\N", 2);
          break;
        case MC_DB_TYPE_BLOB:
          append_copy_blob (buf, (const guchar *) v->s, v->len);
          break;
        }
    }
  g_string_append_c (buf, '\n');
  if (buf->len >= COPY_CHUNK)
    return copy_flush (copy);
  return TRUE;
}

static gboolean
pg_copy_end (McDbCopy *base, gboolean commit)
{
  PgCopy *copy = (PgCopy *) base;
  PgDb *self = db_of (base->db);
  gboolean ok = TRUE;

  if (!copy->over)
    {
      PGresult *res;

      if (commit)
        ok = copy_flush (copy);
      if (!copy->over)
        {
          if (PQputCopyEnd (self->conn, commit ? NULL : "the load was cancelled") != 1)
            {
              copy_fail (copy);
              ok = FALSE;
            }
          else
            {
              while ((res = PQgetResult (self->conn)) != NULL)
                {
                  /* A cancelled COPY ends in the error it was cancelled with. */
                  if (ok && commit && PQresultStatus (res) != PGRES_COMMAND_OK)
                    {
                      take_error (self, res);
                      ok = FALSE;
                    }
                  PQclear (res);
                  if (PQstatus (self->conn) != CONNECTION_OK)
                    break;
                }
              self->copying = FALSE;
              ok = end_command (self, TX_NONE, ok);
            }
        }
    }
  else
    ok = FALSE;
  self->copying = FALSE;
  g_string_free (copy->buf, TRUE);
  g_free (copy);
  return commit ? ok : TRUE;
}

/* ---- Changes made by other connections ---- */

static gboolean
pg_poll_changes (McDb *db)
{
  PgDb *self = db_of (db);
  gboolean changed = FALSE;
  int own = PQbackendPID (self->conn);
  PGnotify *notify;

  if (self->copying || self->dead || PQstatus (self->conn) != CONNECTION_OK)
    return FALSE;
  if (!PQconsumeInput (self->conn))
    {
      note_lost (self);
      return FALSE;
    }
  /* The server also tells the connection of its own commits: those the store knows. */
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      if (notify->be_pid != own && g_str_equal (notify->relname, "motcua"))
        changed = TRUE;
      PQfreemem (notify);
    }
  return changed;
}

static int
pg_watch_fd (McDb *db)
{
  /* A new descriptor after a reconnection. */
  return PQsocket (db_of (db)->conn);
}

/* ---- Bulk loads ---- */

typedef struct {
  GStrv tables;
} PgBulk;

static gpointer
pg_bulk_begin (McDb *db, const char * const *tables)
{
  PgBulk *bulk = g_new0 (PgBulk, 1);

  bulk->tables = g_strdupv ((char **) tables);
  return bulk;
}

static gboolean
bulk_has_dossiers (const PgBulk *bulk)
{
  return bulk != NULL && bulk->tables != NULL &&
         g_strv_contains ((const char * const *) bulk->tables, "dossier");
}

static gboolean
pg_bulk_inside (McDb *db, gpointer state)
{
  /* Do not wait for the WAL flush at the commit: a load lost in a crash is loaded again. */
  if (!pg_exec (db, "SET LOCAL synchronous_commit = off"))
    return FALSE;
  /* The dossier table's secondary indexes go until bulk_rebuild, by the owner's function
   * (resources/sql/postgresql/0011-bulk-indexes.sql): each is built once after the load. A
   * table of that name without the schema around it (the driver's own tests) keeps its own. */
  return !bulk_has_dossiers (state) ||
         pg_exec (db, "DO $$ BEGIN "
                      "IF to_regprocedure ('motcua_bulk_drop_indexes()') IS NOT NULL THEN "
                      "PERFORM motcua_bulk_drop_indexes (); END IF; END $$");
}

static gboolean
pg_bulk_rebuild (McDb *db, gpointer state)
{
  PgBulk *bulk = state;

  /* The indexes again, and the planner's statistics of the new rows before the first screen
   * reads them (autovacuum would take a while). Inside the transaction; only the owner's
   * ANALYZE does anything (the function runs as the owner), others get a warning. */
  if (bulk_has_dossiers (bulk) &&
      !pg_exec (db, "DO $$ BEGIN "
                    "IF to_regprocedure ('motcua_bulk_restore_indexes()') IS NOT NULL THEN "
                    "PERFORM motcua_bulk_restore_indexes (); "
                    "ELSE ANALYZE dossier; END IF; END $$"))
    return FALSE;
  for (guint i = 0; bulk != NULL && bulk->tables != NULL && bulk->tables[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;

      if (g_str_equal (bulk->tables[i], "dossier"))
        continue;
      sql = g_strdup_printf ("ANALYZE %s", bulk->tables[i]);
      if (!pg_exec (db, sql))
        return FALSE;
    }
  return TRUE;
}

static void
pg_bulk_end (McDb *db, gpointer state)
{
  PgBulk *bulk = state;

  if (bulk == NULL)
    return;
  g_strfreev (bulk->tables);
  g_free (bulk);
}

/* ---- Checks, clock, tables ---- */

static gboolean
pg_has_table (McDb *db, const char *table)
{
  McDbStmt *stmt = mc_db_prepare (db,
      "SELECT 1 FROM pg_catalog.pg_class WHERE oid = to_regclass(?1) AND relkind IN ('r', 'p')");
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  pg_bind_text (stmt, 1, table);
  found = pg_step (stmt) == MC_DB_STEP_ROW;
  pg_reset (stmt);
  return found;
}

/* What the server can check cheaply: the audit log's protection is in place, and no index was
 * left unusable (a failed CREATE INDEX CONCURRENTLY). The server checks its pages itself. */
static gboolean
pg_check (McDb *db, GPtrArray *problems)
{
  McDbStmt *stmt;
  McDbStep step;

  stmt = mc_db_prepare (db,
      "SELECT c.relname FROM pg_catalog.pg_index i "
      "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
      "WHERE NOT i.indisvalid AND c.relnamespace = to_regnamespace(current_schema()) "
      "ORDER BY 1");
  if (stmt == NULL)
    return FALSE;
  while ((step = pg_step (stmt)) == MC_DB_STEP_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Database structure: the index “%s” cannot be used; "
                                        "the server's administrator should rebuild it "
                                        "(REINDEX)."), pg_column_text (stmt, 0)));
  pg_reset (stmt);
  if (step == MC_DB_STEP_ERROR)
    return FALSE;

  if (!pg_has_table (db, "audit"))
    return TRUE;
  stmt = mc_db_prepare (db,
      "SELECT t FROM unnest(ARRAY['audit_no_update', 'audit_no_delete', 'audit_no_truncate', "
      "'audit_chain']) AS t WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g "
      "WHERE g.tgrelid = to_regclass('audit') AND g.tgname = t AND g.tgenabled <> 'D') "
      "ORDER BY 1");
  if (stmt == NULL)
    return FALSE;
  while ((step = pg_step (stmt)) == MC_DB_STEP_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Database structure: the audit log's trigger “%s” is "
                                        "missing or disabled, so the log is not protected."),
                                      pg_column_text (stmt, 0)));
  pg_reset (stmt);
  return step != MC_DB_STEP_ERROR;
}

static gint64
pg_now (McDb *db)
{
  McDbStmt *stmt = mc_db_prepare (db,
      "SELECT CAST(floor(extract(epoch FROM statement_timestamp())) AS bigint)");
  gint64 now;

  if (stmt == NULL || pg_step (stmt) != MC_DB_STEP_ROW)
    {
      /* The statement that follows will fail the same way and be reported. */
      if (stmt != NULL)
        pg_reset (stmt);
      return mc_now ();
    }
  now = pg_column_int64 (stmt, 0);
  pg_reset (stmt);
  return now;
}

static gboolean
pg_ready (McDb *db)
{
  return TRUE;
}

static void
pg_close (McDb *db)
{
  PgDb *self = db_of (db);

  PQfinish (self->conn);
  g_free (self->server);
  g_free (self);
}

/* Read Committed, named rather than left to the server's or the login's default: the store
 * serialises writers itself, with a version on each dossier row that every update names
 * (UPDATE … WHERE version = ?), row locks and the audit chain's advisory lock. Under Read
 * Committed the second of two writers waits for the first and then finds the row changed (0
 * rows), which the store words as a sentence; Serializable would instead abort whole
 * transactions on false conflicts (its predicate locks cover index pages) that the store would
 * have to run again. Deadlocks remain and are MC_DB_ERR_RETRY. */
static const McDbDriver pg_driver = {
  .engine = MC_DB_POSTGRESQL,
  .name = "PostgreSQL",
  .close = pg_close,
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .reset = pg_reset,
  .bind_null = pg_bind_null,
  .bind_int64 = pg_bind_int64,
  .bind_bool = pg_bind_bool,
  .bind_double = pg_bind_double,
  .bind_text = pg_bind_text,
  .bind_blob = pg_bind_blob,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_type = pg_column_type,
  .column_name = pg_column_name,
  .column_null = pg_column_null,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .changes = pg_changes,
  .exec = pg_exec,
  .begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED",
  .copy_begin = pg_copy_begin,
  .copy_row = pg_copy_row,
  .copy_end = pg_copy_end,
  .poll_changes = pg_poll_changes,
  .watch_fd = pg_watch_fd,
  .bulk_begin = pg_bulk_begin,
  .bulk_inside = pg_bulk_inside,
  .bulk_rebuild = pg_bulk_rebuild,
  .bulk_end = pg_bulk_end,
  .check = pg_check,
  .now = pg_now,
  .ready = pg_ready,
  .backup = NULL,             /* pg_dump, later */
  .has_table = pg_has_table,
  .connected = pg_connected,
  .set_background = pg_set_background,
  .reconnect = pg_reconnect,
};

/* ---- Opening ---- */

/* "host:port" of the server CONN tried, for sentences. */
static char *
server_name (PGconn *conn)
{
  const char *host = PQhost (conn);
  const char *port = PQport (conn);

  if (host == NULL || *host == '\0')
    host = "localhost";
  if (port == NULL || *port == '\0')
    port = "5432";
  return g_strdup_printf ("%s:%s", host, port);
}

/* The server's refusal in a verbose libpq message, "FATAL:  3D000: database … does not exist":
 * its SQLSTATE into STATE[6], and a pointer to its words. NULL when the server said nothing
 * (it was not reached). */
static const char *
find_server_error (const char *message, char state[6])
{
  for (const char *p = strstr (message, ":  "); p != NULL; p = strstr (p + 1, ":  "))
    {
      const char *code = p + 3;
      gboolean ok = TRUE;

      for (int i = 0; i < 5 && ok; i++)
        ok = g_ascii_isdigit (code[i]) || g_ascii_isupper (code[i]);
      if (ok && code[5] == ':' && code[6] == ' ')
        {
          memcpy (state, code, 5);
          state[5] = '\0';
          return code + 7;
        }
    }
  return NULL;
}

/* libpq's reason for a failure of its own: the first line, less "connection to server …
 * failed:". */
static char *
client_reason (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", 2);
  const char *line = lines[0] != NULL ? lines[0] : "";
  const char *failed = strstr (line, "failed: ");
  char *reason = g_strdup (failed != NULL ? failed + strlen ("failed: ") : line);
  gsize len;

  g_strstrip (reason);
  len = strlen (reason);
  if (len > 0 && reason[len - 1] == '.')
    reason[len - 1] = '\0';
  return reason;
}

static int
connect_timeout_of (PGconn *conn)
{
  PQconninfoOption *options = PQconninfo (conn);
  int timeout = DEFAULT_CONNECT_TIMEOUT;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "connect_timeout") && o->val != NULL && *o->val != '\0')
      {
        timeout = atoi (o->val);
        break;
      }
  PQconninfoFree (options);
  /* As libpq: 0 waits for ever, and a timeout under 2 s is 2 s. */
  return timeout <= 0 ? -1 : MAX (timeout, 2);
}

/* Connects as PQconnectdb would, with the server's errors verbose so that their SQLSTATE tells
 * an unknown database from a refused password, whatever the language of the server's words.
 * FALSE when the time ran out. */
static gboolean
connect_poll (PGconn *conn)
{
  int timeout = connect_timeout_of (conn);
  gint64 deadline = timeout < 0 ? G_MAXINT64
                                : g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;

  while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
    {
      struct pollfd pfd = { 0 };
      int wait_ms = -1;
      int rc;

      pfd.fd = PQsocket (conn);
      if (pfd.fd < 0)
        break;
      pfd.events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
      if (deadline != G_MAXINT64)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return FALSE;
          wait_ms = (int) MIN (left / 1000 + 1, G_MAXINT);
        }
      rc = poll (&pfd, 1, wait_ms);
      if (rc < 0 && errno == EINTR)
        continue;
      if (rc == 0)
        return FALSE;
      status = PQconnectPoll (conn);
    }
  return TRUE;
}

static void
set_open_error (PGconn *conn, gboolean timed_out, GError **error)
{
  g_autofree char *server = server_name (conn);
  const char *message = PQerrorMessage (conn);
  char state[6] = "";
  const char *words = find_server_error (message, state);

  if (timed_out)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                 _("The database server “%s” did not answer within %d seconds; check that it is "
                   "running and that the address is right."), server, connect_timeout_of (conn));
  else if (g_str_equal (state, "3D000"))
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("The database server “%s” has no database “%s”."), server, PQdb (conn));
  else if (g_str_has_prefix (state, "28") || (words == NULL && PQconnectionNeedsPassword (conn)))
    g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                 _("The database server “%s” refused the login “%s” or its password."),
                 server, PQuser (conn));
  else if (words != NULL)
    {
      g_autofree char *reason = client_reason (words);

      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The database server “%s” refused the connection: %s."), server, reason);
    }
  else
    {
      g_autofree char *reason = client_reason (message);

      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The database server “%s” cannot be reached: %s."), server, reason);
    }
}

McDb *
mc_db_postgresql_open (const char *conninfo, GError **error)
{
  return mc_db_postgresql_open_with (conninfo, NULL, NULL, error);
}

McDb *
mc_db_postgresql_open_with (const char *conninfo, const char * const *more_keys,
                            const char * const *more_values, GError **error)
{
  /* Before the connection string, so that it can set them; the encoding after, so that it
   * cannot; then what the caller overrides (the user and password of --as, another dbname). */
  g_autofree char *timeout = g_strdup_printf ("%d", DEFAULT_CONNECT_TIMEOUT);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) vals = g_ptr_array_new ();
  const char * const *keywords;
  const char * const *values;
  PGconn *conn;
  PgDb *self;

  char *parse_error = NULL;
  PQconninfoOption *parsed;

  g_return_val_if_fail (conninfo != NULL, NULL);

  g_ptr_array_add (keys, (gpointer) "connect_timeout");
  g_ptr_array_add (vals, timeout);
  /* Over the office's network a workstation notices a server that went away (unplugged, not
   * shut down) within half a minute instead of TCP's two hours; the connection string may say
   * otherwise. */
  g_ptr_array_add (keys, (gpointer) "keepalives_idle");
  g_ptr_array_add (vals, (gpointer) "10");
  g_ptr_array_add (keys, (gpointer) "keepalives_interval");
  g_ptr_array_add (vals, (gpointer) "5");
  g_ptr_array_add (keys, (gpointer) "keepalives_count");
  g_ptr_array_add (vals, (gpointer) "3");
  g_ptr_array_add (keys, (gpointer) "tcp_user_timeout");
  g_ptr_array_add (vals, (gpointer) "30000");
  g_ptr_array_add (keys, (gpointer) "fallback_application_name");
  g_ptr_array_add (vals, (gpointer) "motcua");
  g_ptr_array_add (keys, (gpointer) "dbname");
  g_ptr_array_add (vals, (gpointer) conninfo);
  g_ptr_array_add (keys, (gpointer) "client_encoding");
  g_ptr_array_add (vals, (gpointer) "UTF8");
  for (int i = 0; more_keys != NULL && more_keys[i] != NULL; i++)
    if (more_values[i] != NULL)
      {
        g_ptr_array_add (keys, (gpointer) more_keys[i]);
        g_ptr_array_add (vals, (gpointer) more_values[i]);
      }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (vals, NULL);
  keywords = (const char * const *) keys->pdata;
  values = (const char * const *) vals->pdata;

  parsed = PQconninfoParse (conninfo, &parse_error);
  if (parsed == NULL)
    {
      g_autofree char *reason = client_reason (parse_error ? parse_error : "out of memory");

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The database connection settings are not valid: %s."), reason);
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (parsed);

  conn = PQconnectStartParams (keywords, values, 1);
  if (conn == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("Cannot connect to the database server: out of memory."));
      return NULL;
    }
  if (PQstatus (conn) == CONNECTION_BAD && strstr (PQerrorMessage (conn), "service") != NULL &&
      strstr (PQerrorMessage (conn), "connection to server") == NULL)
    {
      /* An unknown service name (pg_service.conf), before any attempt to connect. */
      g_autofree char *reason = client_reason (PQerrorMessage (conn));

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The database connection settings are not valid: %s."), reason);
      PQfinish (conn);
      return NULL;
    }
  PQsetErrorVerbosity (conn, PQERRORS_VERBOSE);
  if (!connect_poll (conn) || PQstatus (conn) != CONNECTION_OK)
    {
      set_open_error (conn, PQstatus (conn) != CONNECTION_BAD, error);
      PQfinish (conn);
      return NULL;
    }
  PQsetErrorVerbosity (conn, PQERRORS_DEFAULT);
  PQsetNoticeProcessor (conn, notice_cb, NULL);

  if (PQserverVersion (conn) < 150000)
    {
      g_autofree char *server = server_name (conn);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The database server “%s” runs PostgreSQL %d; Một Cửa needs version 15 or "
                     "later."), server, PQserverVersion (conn) / 10000);
      PQfinish (conn);
      return NULL;
    }

  self = g_new0 (PgDb, 1);
  mc_db_init_common (&self->base, &pg_driver);
  self->conn = conn;
  self->server = server_name (conn);
  self->last_tx = PQTRANS_IDLE;
  if (!session_setup (self))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The database server “%s” refused the connection: %s."), self->server,
                   self->base.error_message);
      mc_db_close (&self->base);
      return NULL;
    }
  return &self->base;
}

char *
mc_db_postgresql_conninfo_value (const char *conninfo, const char *keyword)
{
  PQconninfoOption *parsed = PQconninfoParse (conninfo, NULL);
  char *value = NULL;

  if (parsed == NULL)
    return NULL;
  for (PQconninfoOption *o = parsed; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL && o->val[0] != '\0')
      value = g_strdup (o->val);
  PQconninfoFree (parsed);
  return value;
}

char *
mc_db_postgresql_connection_string (McDb *db, char **password)
{
  PgDb *self = (PgDb *) db;
  PQconninfoOption *options = PQconninfo (self->conn);
  GString *text = g_string_new (NULL);

  *password = NULL;
  if (options == NULL)
    return g_string_free (text, FALSE);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0')
        continue;
      if (g_str_equal (o->keyword, "password"))
        {
          *password = g_strdup (o->val);
          continue;
        }
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "%s='", o->keyword);
      for (const char *c = o->val; *c != '\0'; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *c);
        }
      g_string_append_c (text, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (text, FALSE);
}

char *
mc_db_postgresql_encrypt_password (McDb *db, const char *user, const char *password)
{
  PgDb *self = (PgDb *) db;
  char *verifier = PQencryptPasswordConn (self->conn, password, user, "scram-sha-256");
  char *copy;

  if (verifier == NULL)
    {
      mc_db_set_error (db, MC_DB_ERR_OTHER, PQerrorMessage (self->conn), NULL);
      return NULL;
    }
  copy = g_strdup (verifier);
  PQfreemem (verifier);
  return copy;
}

char *
mc_db_postgresql_quote_identifier (McDb *db, const char *name)
{
  PgDb *self = (PgDb *) db;
  char *quoted = PQescapeIdentifier (self->conn, name, strlen (name));
  char *copy;

  if (quoted == NULL)
    return NULL;
  copy = g_strdup (quoted);
  PQfreemem (quoted);
  return copy;
}

char *
mc_db_postgresql_quote_literal (McDb *db, const char *text)
{
  PgDb *self = (PgDb *) db;
  char *quoted = PQescapeLiteral (self->conn, text, strlen (text));
  char *copy;

  if (quoted == NULL)
    return NULL;
  copy = g_strdup (quoted);
  PQfreemem (quoted);
  return copy;
}
