/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's drivers (src/core/store/): the same cases on SQLite, in a temporary file, and on
 * PostgreSQL when MOTCUA_TEST_PG names a superuser connection (tools/pg-test-cluster), each
 * case in a fresh database of its own. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <unistd.h>
#ifdef G_OS_UNIX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "mc-db.h"
#include "mc-types.h"

typedef struct {
  McDbEngine engine;
  char      *dir;        /* SQLite: the temporary folder */
  char      *target;     /* what another connection to the same database opens */
  char      *dbname;     /* PostgreSQL: the fresh database */
  McDb      *db;
  GPtrArray *others;     /* further connections, closed at the end */
} Fixture;

static McDb *admin;      /* PostgreSQL: the superuser connection of MOTCUA_TEST_PG */

/* ---- Helpers ---- */

static gboolean
is_pg (const Fixture *f)
{
  return f->engine == MC_DB_POSTGRESQL;
}

static const char *
pick (const Fixture *f, const char *sqlite_sql, const char *pg_sql)
{
  return is_pg (f) ? pg_sql : sqlite_sql;
}

static void
exec_ok (McDb *db, const char *sql)
{
  if (!mc_db_exec (db, sql))
    g_error ("exec failed (%d, %s): %s\n%s", db->error, db->error_sqlstate ?: "-",
             db->error_message, sql);
}

static McDbStmt *
prep (McDb *db, const char *sql)
{
  McDbStmt *stmt = mc_db_prepare (db, sql);

  if (stmt == NULL)
    g_error ("prepare failed: %s\n%s", db->error_message, sql);
  return stmt;
}

static McDbStep
step (McDbStmt *stmt)
{
  McDbStep s = mc_db_step (stmt);

  if (s == MC_DB_STEP_ERROR)
    g_test_message ("step failed (%d, %s): %s", stmt->db->error,
                    stmt->db->error_sqlstate ?: "-", stmt->db->error_message);
  return s;
}

static void
step_done (McDbStmt *stmt)
{
  McDbStep s = step (stmt);

  if (s != MC_DB_STEP_DONE)
    g_error ("step gave %d, not done: %s\n%s", s, stmt->db->error_message ?: "", stmt->sql);
}

static gint64
query_int (McDb *db, const char *sql)
{
  McDbStmt *stmt = prep (db, sql);
  gint64 value;

  if (step (stmt) != MC_DB_STEP_ROW)
    g_error ("no row: %s\n%s", db->error_message ?: "", sql);
  value = mc_db_column_int64 (stmt, 0);
  mc_db_reset (stmt);
  return value;
}

static char *
query_text (McDb *db, const char *sql)
{
  McDbStmt *stmt = prep (db, sql);
  char *value;

  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  value = g_strdup (mc_db_column_text (stmt, 0));
  mc_db_reset (stmt);
  return value;
}

static void
bind_int64 (McDbStmt *s, int i, gint64 v)
{
  s->db->driver->bind_int64 (s, i, v);
}

static void
bind_bool (McDbStmt *s, int i, gboolean v)
{
  s->db->driver->bind_bool (s, i, v);
}

static void
bind_double (McDbStmt *s, int i, double v)
{
  s->db->driver->bind_double (s, i, v);
}

static void
bind_text (McDbStmt *s, int i, const char *v)
{
  s->db->driver->bind_text (s, i, v);
}

static void
bind_blob (McDbStmt *s, int i, const void *data, gsize len)
{
  s->db->driver->bind_blob (s, i, data, len);
}

static void
bind_null (McDbStmt *s, int i, McDbType type)
{
  s->db->driver->bind_null (s, i, type);
}

/* MOTCUA_TEST_PG with another database: the string is parsed, so a URI works as well. */
static char *
pg_target (const char *dbname, const char *user, const char *password)
{
  const char *base = g_getenv ("MOTCUA_TEST_PG");
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (base, &parse_error);
  GString *out = g_string_new (NULL);

  if (options == NULL)
    g_error ("MOTCUA_TEST_PG is not a connection string: %s", parse_error);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;

      if (g_str_equal (o->keyword, "dbname"))
        value = dbname;
      else if (g_str_equal (o->keyword, "user") && user != NULL)
        value = user;
      else if (g_str_equal (o->keyword, "password") && password != NULL)
        value = password;
      if (value == NULL)
        continue;
      g_string_append_printf (out, "%s%s='", out->len ? " " : "", o->keyword);
      for (const char *p = value; *p; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

static McDb *
open_target (McDbEngine engine, const char *target)
{
  g_autoptr(GError) error = NULL;
  McDb *db;

  if (engine == MC_DB_POSTGRESQL)
    db = mc_db_postgresql_open (target, &error);
  else
    db = mc_db_sqlite_open (target, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_true (db->driver->ready (db));
  return db;
}

/* Another connection to the fixture's database. */
static McDb *
open_other (Fixture *f)
{
  McDb *db = open_target (f->engine, f->target);

  g_ptr_array_add (f->others, db);
  return db;
}

static void
admin_open (void)
{
  g_autoptr(GError) error = NULL;

  if (admin != NULL)
    return;
  admin = mc_db_postgresql_open (g_getenv ("MOTCUA_TEST_PG"), &error);
  g_assert_no_error (error);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->engine = GPOINTER_TO_INT (data);
  f->others = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_db_close);
  if (is_pg (f))
    {
      g_autofree char *create = NULL;

      admin_open ();
      f->dbname = g_strdup_printf ("t_%08x%08x", g_random_int (), g_random_int ());
      create = g_strdup_printf ("CREATE DATABASE %s", f->dbname);
      exec_ok (admin, create);
      f->target = pg_target (f->dbname, NULL, NULL);
    }
  else
    {
      g_autoptr(GError) error = NULL;

      f->dir = g_dir_make_tmp ("motcua-db-XXXXXX", &error);
      g_assert_no_error (error);
      f->target = g_build_filename (f->dir, "test.db", NULL);
    }
  f->db = open_target (f->engine, f->target);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->others, g_ptr_array_unref);
  g_clear_pointer (&f->db, mc_db_close);
  if (is_pg (f))
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", f->dbname);

      exec_ok (admin, drop);
    }
  else
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (f->target, suffixes[i], NULL);

          g_remove (path);
        }
      g_rmdir (f->dir);
    }
  g_free (f->dir);
  g_free (f->target);
  g_free (f->dbname);
}

/* A table of every type, in each engine's words. */
static void
create_typed_table (Fixture *f)
{
  exec_ok (f->db, pick (f,
      "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, b INTEGER, d REAL, s TEXT, x BLOB)",
      "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, i bigint, "
      "b boolean, d double precision, s text, x bytea)"));
}

static void
insert_ints (Fixture *f, const gint64 *values, const gboolean *flags, int n)
{
  McDbStmt *stmt = prep (f->db, "INSERT INTO t (i, b) VALUES (?1, ?2)");

  for (int k = 0; k < n; k++)
    {
      mc_db_reset (stmt);
      bind_int64 (stmt, 1, values[k]);
      bind_bool (stmt, 2, flags != NULL ? flags[k] : FALSE);
      step_done (stmt);
    }
}

/* ---- Cases ---- */

static void
test_exec (Fixture *f, gconstpointer data)
{
  g_assert_false (f->db->driver->has_table (f->db, "a"));
  exec_ok (f->db,
           "CREATE TABLE a (k TEXT PRIMARY KEY, v TEXT NOT NULL);\n"
           "CREATE TABLE b (k TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0);\n"
           "CREATE INDEX b_k ON b(k);\n"
           "INSERT INTO a (k, v) VALUES ('x', 'y');");
  g_assert_true (f->db->driver->has_table (f->db, "a"));
  g_assert_true (f->db->driver->has_table (f->db, "b"));
  g_assert_false (f->db->driver->has_table (f->db, "b_k"));
  g_assert_false (f->db->driver->has_table (f->db, "c"));
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM a"), ==, 1);

  g_assert_false (mc_db_exec (f->db, "CREATE TABLE broken ("));
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_OTHER);
  g_assert_cmpstr (f->db->error_message, !=, "");
  /* A statement that does not parse fails at the latest at its run (PostgreSQL prepares it
   * then, SQLite at once). */
  {
    McDbStmt *stmt;

    if (!is_pg (f))
      g_test_expect_message ("motcua-core", G_LOG_LEVEL_WARNING, "prepare failed*");
    stmt = mc_db_prepare (f->db, "SELECT missing_column FROM nowhere");
    if (!is_pg (f))
      g_test_assert_expected_messages ();
    g_assert_true (stmt == NULL || step (stmt) == MC_DB_STEP_ERROR);
    g_assert_cmpint (f->db->error, ==, MC_DB_ERR_OTHER);
  }
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM b"), ==, 0);
}

static void
test_types (Fixture *f, gconstpointer data)
{
  static const guchar blob[] = { 0, 1, 0, 255, 0, '\\', '\t', '\n' };
  const char *text = "Nguyễn Thị Ánh — Đặng Văn Đức 😀 \t tab \n newline \\ 'quote' \"dq\"";
  McDbStmt *stmt;
  const void *data_out;
  gsize len = 99;

  create_typed_table (f);
  stmt = prep (f->db, "INSERT INTO t (i, b, d, s, x) VALUES (?1, ?2, ?3, ?4, ?5)");
  bind_int64 (stmt, 1, G_MAXINT64);
  bind_bool (stmt, 2, TRUE);
  bind_double (stmt, 3, 0.1);
  bind_text (stmt, 4, text);
  bind_blob (stmt, 5, blob, sizeof blob);
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 1);

  mc_db_reset (stmt);
  bind_int64 (stmt, 1, G_MININT64);
  bind_bool (stmt, 2, FALSE);
  bind_double (stmt, 3, -1.5e300);
  bind_text (stmt, 4, "");
  bind_blob (stmt, 5, blob, 0);
  step_done (stmt);

  mc_db_reset (stmt);
  bind_null (stmt, 1, MC_DB_TYPE_INT64);
  bind_null (stmt, 2, MC_DB_TYPE_BOOL);
  bind_null (stmt, 3, MC_DB_TYPE_DOUBLE);
  bind_null (stmt, 4, MC_DB_TYPE_TEXT);
  bind_null (stmt, 5, MC_DB_TYPE_BLOB);
  step_done (stmt);

  /* Unbound parameters are NULL, as on SQLite. */
  mc_db_reset (stmt);
  bind_int64 (stmt, 1, 7);
  step_done (stmt);

  stmt = prep (f->db, "SELECT i, b, d, s, x, id FROM t ORDER BY id");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, G_MAXINT64);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 1);
  g_assert_cmpstr (mc_db_column_text (stmt, 1), ==, "1");
  g_assert_cmpfloat (mc_db_column_double (stmt, 2), ==, 0.1);
  g_assert_cmpstr (mc_db_column_text (stmt, 3), ==, text);
  data_out = mc_db_column_blob (stmt, 4, &len);
  g_assert_cmpmem (data_out, len, blob, sizeof blob);
  /* Twice: the same bytes (the decoded buffer is kept until the next step). */
  g_assert_true (mc_db_column_blob (stmt, 4, &len) == data_out);
  g_assert_cmpint (stmt->db->driver->column_count (stmt), ==, 6);
  g_assert_false (mc_db_column_null (stmt, 0));

  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, G_MININT64);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 0);
  g_assert_cmpstr (mc_db_column_text (stmt, 1), ==, "0");
  g_assert_cmpfloat (mc_db_column_double (stmt, 2), ==, -1.5e300);
  g_assert_cmpstr (mc_db_column_text (stmt, 3), ==, "");
  g_assert_false (mc_db_column_null (stmt, 3));
  g_assert_false (mc_db_column_null (stmt, 4));
  mc_db_column_blob (stmt, 4, &len);
  g_assert_cmpuint (len, ==, 0);

  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  for (int c = 0; c < 5; c++)
    g_assert_true (mc_db_column_null (stmt, c));
  g_assert_null (mc_db_column_text (stmt, 3));
  g_assert_null (mc_db_column_blob (stmt, 4, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 0);

  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 7);
  g_assert_true (mc_db_column_null (stmt, 1));
  g_assert_true (mc_db_column_null (stmt, 3));
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  mc_db_reset (stmt);

  /* Booleans in conditions, bound as booleans. */
  stmt = prep (f->db, "SELECT count(*) FROM t WHERE b = ?1");
  bind_bool (stmt, 1, TRUE);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 1);
  mc_db_reset (stmt);

  /* A statement bound with other types at another run (PostgreSQL prepares it again). */
  stmt = prep (f->db, "SELECT CAST(?1 AS TEXT)");
  bind_int64 (stmt, 1, 5);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, "5");
  mc_db_reset (stmt);
  bind_text (stmt, 1, "chữ");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, "chữ");
  mc_db_reset (stmt);
  bind_double (stmt, 1, 0.5);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, "0.5");
  mc_db_reset (stmt);
  bind_int64 (stmt, 1, -12);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, "-12");
  mc_db_reset (stmt);
}

static void
test_reuse_param (Fixture *f, gconstpointer data)
{
  static const gint64 values[] = { 1, 2, 3, 4, 5 };
  McDbStmt *stmt;

  create_typed_table (f);
  insert_ints (f, values, NULL, G_N_ELEMENTS (values));
  stmt = prep (f->db, "SELECT count(*), ?1 * ?1 FROM t WHERE i >= ?1 AND i <= ?1 + ?2");
  bind_int64 (stmt, 1, 2);
  bind_int64 (stmt, 2, 1);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 2);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 4);
  mc_db_reset (stmt);

  /* A bare ? is the next number. */
  stmt = prep (f->db, "SELECT count(*) FROM t WHERE i > ? AND i < ?");
  bind_int64 (stmt, 1, 1);
  bind_int64 (stmt, 2, 5);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 3);
  mc_db_reset (stmt);

  /* A question mark in quoted text is text. */
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM t WHERE 'a?1' <> 'b'"), ==, 5);
}

static void
test_returning (Fixture *f, gconstpointer data)
{
  McDbStmt *stmt;
  gint64 first, second;

  create_typed_table (f);
  stmt = prep (f->db, "INSERT INTO t (i, s) VALUES (?1, ?2) RETURNING id, s");
  bind_int64 (stmt, 1, 10);
  bind_text (stmt, 2, "một");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  first = mc_db_column_int64 (stmt, 0);
  g_assert_cmpstr (mc_db_column_text (stmt, 1), ==, "một");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  g_assert_cmpint (mc_db_changes (stmt), ==, 1);

  mc_db_reset (stmt);
  bind_int64 (stmt, 1, 20);
  bind_text (stmt, 2, "hai");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  second = mc_db_column_int64 (stmt, 0);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  mc_db_reset (stmt);
  g_assert_cmpint (first, >=, 1);
  g_assert_cmpint (second, ==, first + 1);

  /* An explicit id, as a migration inserts them. */
  stmt = prep (f->db, "INSERT INTO t (id, i) VALUES (?1, ?2) RETURNING id");
  bind_int64 (stmt, 1, 1000);
  bind_int64 (stmt, 2, 30);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 1000);
  mc_db_reset (stmt);
}

static void
test_upsert (Fixture *f, gconstpointer data)
{
  McDbStmt *stmt;
  g_autofree char *v = NULL;

  exec_ok (f->db, pick (f, "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)",
                        "CREATE TABLE kv (k text PRIMARY KEY, v bigint NOT NULL)"));
  stmt = prep (f->db, "INSERT INTO kv (k, v) VALUES (?1, ?2) "
                      "ON CONFLICT (k) DO UPDATE SET v = kv.v + excluded.v");
  for (int i = 1; i <= 3; i++)
    {
      mc_db_reset (stmt);
      bind_text (stmt, 1, "khóa");
      bind_int64 (stmt, 2, i);
      step_done (stmt);
      g_assert_cmpint (mc_db_changes (stmt), ==, 1);
    }
  mc_db_reset (stmt);
  g_assert_cmpint (query_int (f->db, "SELECT v FROM kv WHERE k = 'khóa'"), ==, 6);

  stmt = prep (f->db, "INSERT INTO kv (k, v) VALUES (?1, ?2) ON CONFLICT (k) DO NOTHING");
  bind_text (stmt, 1, "khóa");
  bind_int64 (stmt, 2, 100);
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 0);
  mc_db_reset (stmt);
  v = query_text (f->db, "SELECT CAST(v AS TEXT) FROM kv");
  g_assert_cmpstr (v, ==, "6");
}

static void
test_changes (Fixture *f, gconstpointer data)
{
  static const gint64 values[] = { 1, 2, 3, 4, 5 };
  McDbStmt *stmt;

  create_typed_table (f);
  insert_ints (f, values, NULL, G_N_ELEMENTS (values));
  stmt = prep (f->db, "UPDATE t SET i = i + 10 WHERE i > ?1");
  bind_int64 (stmt, 1, 2);
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 3);
  mc_db_reset (stmt);

  stmt = prep (f->db, "UPDATE t SET s = 'x' WHERE i = ?1");
  bind_int64 (stmt, 1, 999);
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 0);
  mc_db_reset (stmt);

  stmt = prep (f->db, "DELETE FROM t WHERE i >= ?1");
  bind_int64 (stmt, 1, 14);
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 2);
  mc_db_reset (stmt);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM t"), ==, 3);
}

static void
test_aggregates (Fixture *f, gconstpointer data)
{
  static const gint64 values[] = { 10, 20, 30, 3000000000 };
  static const gboolean flags[] = { TRUE, FALSE, TRUE, FALSE };
  McDbStmt *stmt;

  create_typed_table (f);
  insert_ints (f, values, flags, G_N_ELEMENTS (values));
  stmt = prep (f->db,
               "SELECT count(*), count(*) FILTER (WHERE b), sum(i), "
               "sum(i) FILTER (WHERE NOT b), sum(i) FILTER (WHERE i < 0), avg(i), "
               "count(*) FILTER (WHERE b = ?1), max(i) "
               "FROM t");
  bind_bool (stmt, 1, FALSE);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 4);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 2);
  g_assert_cmpint (mc_db_column_int64 (stmt, 2), ==, 3000000060);
  g_assert_cmpint (mc_db_column_int64 (stmt, 3), ==, 3000000020);
  g_assert_true (mc_db_column_null (stmt, 4));
  g_assert_cmpint (mc_db_column_int64 (stmt, 4), ==, 0);
  g_assert_cmpfloat_with_epsilon (mc_db_column_double (stmt, 5), 750000015.0, 1e-6);
  g_assert_cmpint (mc_db_column_int64 (stmt, 6), ==, 2);
  g_assert_cmpint (mc_db_column_int64 (stmt, 7), ==, 3000000000);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  mc_db_reset (stmt);

  /* Sums by group. */
  stmt = prep (f->db, "SELECT b, sum(i), count(*) FROM t GROUP BY b ORDER BY b");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 0);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 3000000020);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 40);
  g_assert_cmpint (mc_db_column_int64 (stmt, 2), ==, 2);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  mc_db_reset (stmt);
}

static void
test_constraints (Fixture *f, gconstpointer data)
{
  McDbStmt *stmt;

  exec_ok (f->db, pick (f,
      "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0), "
      "  u TEXT UNIQUE)",
      "CREATE TABLE kv (k text PRIMARY KEY, v bigint NOT NULL CHECK (v >= 0), u text UNIQUE)"));
  stmt = prep (f->db, "INSERT INTO kv (k, v, u) VALUES (?1, ?2, ?3)");
  bind_text (stmt, 1, "a");
  bind_int64 (stmt, 2, 1);
  bind_text (stmt, 3, "x");
  step_done (stmt);

  /* The same key again. */
  mc_db_reset (stmt);
  bind_text (stmt, 1, "a");
  bind_int64 (stmt, 2, 2);
  bind_text (stmt, 3, "y");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_UNIQUE);
  if (is_pg (f))
    g_assert_cmpstr (f->db->error_sqlstate, ==, "23505");

  /* Another unique column. */
  mc_db_reset (stmt);
  bind_text (stmt, 1, "b");
  bind_int64 (stmt, 2, 2);
  bind_text (stmt, 3, "x");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_UNIQUE);

  /* A CHECK, then a NOT NULL. */
  mc_db_reset (stmt);
  bind_text (stmt, 1, "b");
  bind_int64 (stmt, 2, -1);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);
  mc_db_reset (stmt);
  bind_text (stmt, 1, "b");
  bind_null (stmt, 2, MC_DB_TYPE_INT64);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);

  /* The statement works again after its errors. */
  mc_db_reset (stmt);
  bind_text (stmt, 1, "b");
  bind_int64 (stmt, 2, 5);
  bind_text (stmt, 3, "z");
  step_done (stmt);
  mc_db_reset (stmt);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kv"), ==, 2);
}

static void
test_trigger_raise (Fixture *f, gconstpointer data)
{
  McDbStmt *stmt;

  exec_ok (f->db, pick (f,
      "CREATE TABLE kv (k TEXT PRIMARY KEY);\n"
      "CREATE TRIGGER kv_keep BEFORE DELETE ON kv\n"
      "BEGIN SELECT RAISE(ABORT, 'the rows are kept'); END;\n"
      "INSERT INTO kv VALUES ('a');",
      "CREATE TABLE kv (k text PRIMARY KEY);\n"
      "CREATE FUNCTION kv_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN RAISE EXCEPTION 'the rows are kept'; END $$;\n"
      "CREATE TRIGGER kv_keep BEFORE DELETE ON kv FOR EACH ROW EXECUTE FUNCTION kv_keep();\n"
      "INSERT INTO kv VALUES ('a');"));
  stmt = prep (f->db, "DELETE FROM kv WHERE k = ?1");
  bind_text (stmt, 1, "a");
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);
  g_assert_nonnull (strstr (f->db->error_message, "the rows are kept"));
  if (is_pg (f))
    g_assert_cmpstr (f->db->error_sqlstate, ==, "P0001");
  mc_db_reset (stmt);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kv"), ==, 1);
}

typedef struct {
  McDb    *db;
  gint64   changes;
  gboolean ok;
  gint     done;
} Writer;

static gpointer
second_writer (gpointer data)
{
  Writer *w = data;
  McDbStmt *stmt;

  w->ok = mc_db_exec (w->db, w->db->driver->begin_sql);
  stmt = mc_db_prepare (w->db, "UPDATE doc SET version = version + 1, v = ?2 "
                               "WHERE id = 1 AND version = ?1");
  bind_int64 (stmt, 1, 0);
  bind_text (stmt, 2, "second");
  w->ok = w->ok && mc_db_step (stmt) == MC_DB_STEP_DONE;
  w->changes = mc_db_changes (stmt);
  mc_db_reset (stmt);
  w->ok = w->ok && mc_db_exec (w->db, "COMMIT");
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

static void
test_concurrent_writers (Fixture *f, gconstpointer data)
{
  Writer w = { .db = open_other (f) };
  McDbStmt *stmt;
  GThread *thread;
  g_autofree char *v = NULL;

  exec_ok (f->db, pick (f,
      "CREATE TABLE doc (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, v TEXT);"
      "INSERT INTO doc VALUES (1, 0, 'start')",
      "CREATE TABLE doc (id bigint PRIMARY KEY, version bigint NOT NULL, v text);"
      "INSERT INTO doc VALUES (1, 0, 'start')"));

  exec_ok (f->db, f->db->driver->begin_sql);
  stmt = prep (f->db, "UPDATE doc SET version = version + 1, v = ?2 "
                      "WHERE id = 1 AND version = ?1");
  bind_int64 (stmt, 1, 0);
  bind_text (stmt, 2, "first");
  step_done (stmt);
  g_assert_cmpint (mc_db_changes (stmt), ==, 1);
  mc_db_reset (stmt);

  /* The second writer decided on version 0 as well; it waits for the first. */
  thread = g_thread_new ("second-writer", second_writer, &w);
  g_usleep (400 * 1000);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 0);
  exec_ok (f->db, "COMMIT");
  g_thread_join (thread);

  g_assert_true (w.ok);
  g_assert_cmpint (w.changes, ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT version FROM doc WHERE id = 1"), ==, 1);
  v = query_text (f->db, "SELECT v FROM doc WHERE id = 1");
  g_assert_cmpstr (v, ==, "first");
}

static gboolean
poll_for (McDb *db, int ms)
{
  for (int waited = 0; waited <= ms; waited += 10)
    {
      if (db->driver->poll_changes (db))
        return TRUE;
      g_usleep (10 * 1000);
    }
  return FALSE;
}

static void
test_poll_changes (Fixture *f, gconstpointer data)
{
  McDb *other = open_other (f);

  exec_ok (f->db, pick (f, "CREATE TABLE note (id INTEGER PRIMARY KEY, s TEXT)",
      "CREATE TABLE note (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, s text);\n"
      "CREATE FUNCTION note_notify() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN PERFORM pg_notify('motcua', ''); RETURN NULL; END $$;\n"
      "CREATE TRIGGER note_notify AFTER INSERT OR UPDATE OR DELETE ON note\n"
      "  FOR EACH STATEMENT EXECUTE FUNCTION note_notify();"));
  if (is_pg (f))
    g_assert_cmpint (f->db->driver->watch_fd (f->db), >=, 0);
  else
    g_assert_cmpint (f->db->driver->watch_fd (f->db), ==, -1);

  /* Whatever came before. */
  while (f->db->driver->poll_changes (f->db))
    ;
  exec_ok (other, "INSERT INTO note (s) VALUES ('from the other workstation')");
  g_assert_true (poll_for (f->db, 5000));
  g_assert_false (f->db->driver->poll_changes (f->db));

  /* Its own commits are not news. */
  exec_ok (f->db, "INSERT INTO note (s) VALUES ('mine')");
  g_assert_false (f->db->driver->poll_changes (f->db));
  g_usleep (100 * 1000);
  g_assert_false (f->db->driver->poll_changes (f->db));

  /* A transaction of the other: seen once it commits. */
  exec_ok (other, other->driver->begin_sql);
  exec_ok (other, "UPDATE note SET s = 'changed'");
  g_usleep (100 * 1000);
  g_assert_false (f->db->driver->poll_changes (f->db));
  exec_ok (other, "COMMIT");
  g_assert_true (poll_for (f->db, 5000));
}

static void
copy_table (Fixture *f)
{
  exec_ok (f->db, pick (f,
      "CREATE TABLE c (id INTEGER PRIMARY KEY, i INTEGER, b INTEGER, d REAL, s TEXT, x BLOB)",
      "CREATE TABLE c (id bigint PRIMARY KEY, i bigint, b boolean, d double precision, s text, "
      "x bytea)"));
}

static gint64
copy_rows (Fixture *f, int n, gboolean commit)
{
  static const char * const columns[] = { "id", "i", "b", "d", "s", "x" };
  McDbCopy *copy = f->db->driver->copy_begin (f->db, "c", columns, G_N_ELEMENTS (columns));
  gint64 sum = 0;

  g_assert_nonnull (copy);
  for (int k = 0; k < n; k++)
    {
      char text[64];
      guchar blob[4] = { 0, (guchar) k, 0, '\n' };
      McDbValue v[6] = {
        { MC_DB_TYPE_INT64, .i = k + 1 },
        { MC_DB_TYPE_INT64, .i = (gint64) k * 1000003 - 50000000000 },
        { MC_DB_TYPE_BOOL, .i = k % 3 == 0 },
        { MC_DB_TYPE_DOUBLE, .d = k / 8.0 },
        { MC_DB_TYPE_TEXT, .is_null = k % 10 == 0, .s = text },
        { MC_DB_TYPE_BLOB, .is_null = k % 7 == 0, .s = (const char *) blob, .len = sizeof blob },
      };

      g_snprintf (text, sizeof text, "dòng %d\t\\ \n\r.", k);
      sum += v[1].i;
      if (!f->db->driver->copy_row (copy, v))
        g_error ("copy_row: %s", f->db->error_message);
    }
  if (!f->db->driver->copy_end (copy, commit))
    g_error ("copy_end: %s", f->db->error_message);
  return sum;
}

static void
test_copy (Fixture *f, gconstpointer data)
{
  const int n = 100000;
  McDbStmt *stmt;
  gint64 sum;
  gsize len;
  const guchar *blob;

  copy_table (f);
  exec_ok (f->db, f->db->driver->begin_sql);
  sum = copy_rows (f, n, TRUE);
  exec_ok (f->db, "COMMIT");

  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c"), ==, n);
  g_assert_cmpint (query_int (f->db, "SELECT sum(i) FROM c"), ==, sum);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c WHERE b"), ==, (n + 2) / 3);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c WHERE s IS NULL"), ==, n / 10);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c WHERE x IS NULL"), ==,
                   (n + 6) / 7);

  stmt = prep (f->db, "SELECT i, b, d, s, x FROM c WHERE id = ?1");
  bind_int64 (stmt, 1, 12);   /* k = 11 */
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 11 * 1000003 - 50000000000);
  g_assert_cmpint (mc_db_column_int64 (stmt, 1), ==, 0);
  g_assert_cmpfloat (mc_db_column_double (stmt, 2), ==, 11 / 8.0);
  g_assert_cmpstr (mc_db_column_text (stmt, 3), ==, "dòng 11\t\\ \n\r.");
  blob = mc_db_column_blob (stmt, 4, &len);
  g_assert_cmpmem (blob, len, ((const guchar[]) { 0, 11, 0, '\n' }), 4);
  mc_db_reset (stmt);

  /* A load given up leaves nothing once its transaction is rolled back. */
  exec_ok (f->db, f->db->driver->begin_sql);
  exec_ok (f->db, "DELETE FROM c");
  copy_rows (f, 1000, FALSE);
  exec_ok (f->db, "ROLLBACK");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c"), ==, n);

  /* A row that breaks a key fails the load, and the connection goes on. */
  exec_ok (f->db, f->db->driver->begin_sql);
  {
    static const char * const columns[] = { "id", "i" };
    McDbCopy *copy = f->db->driver->copy_begin (f->db, "c", columns, 2);
    McDbValue v[2] = { { MC_DB_TYPE_INT64, .i = 5 }, { MC_DB_TYPE_INT64, .i = 0 } };
    gboolean row_ok;

    /* SQLite inserts row by row and says so at once, PostgreSQL at the end of the COPY. */
    g_assert_nonnull (copy);
    row_ok = f->db->driver->copy_row (copy, v);
    if (row_ok)
      g_assert_false (f->db->driver->copy_end (copy, TRUE));
    else
      f->db->driver->copy_end (copy, FALSE);
    g_assert_cmpint (f->db->error, ==, MC_DB_ERR_UNIQUE);
  }
  exec_ok (f->db, "ROLLBACK");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM c"), ==, n);
}

/* ---- The schema of each engine ---- */

static char *
read_sql (const char *engine, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "sql", engine,
                                                 name, NULL);
  g_autoptr(GError) error = NULL;
  char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  return sql;
}

static void
apply_schema (Fixture *f)
{
  if (is_pg (f))
    {
      g_autofree char *sql = read_sql ("postgresql", "0006-schema.sql");

      exec_ok (f->db, sql);
    }
  else
    {
      static const char * const files[] = { "0001-schema.sql", "0002-kpi.sql",
                                            "0003-signature.sql", "0004-analysis.sql",
                                            "0005-queues.sql", "0006-seam.sql" };

      for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *sql = read_sql ("sqlite", files[i]);

          exec_ok (f->db, sql);
        }
    }
}

static void
add_officer (McDb *db, gint64 id, const char *name)
{
  McDbStmt *stmt = prep (db, "INSERT INTO officer (id, name, role, active, created_at) "
                             "VALUES (?1, ?2, 3, ?3, 0)");

  bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_bool (stmt, 3, TRUE);
  step_done (stmt);
  mc_db_reset (stmt);
}

/* ID 0: the database numbers it (a NULL id is refused by an identity, so the column is left
 * out). */
static void
add_dossier (McDb *db, gint64 id, const char *code, gint64 received_at, gint64 ended_at)
{
  /* The id is the last parameter, so that both statements number the others alike. */
  McDbStmt *stmt = prep (db, id > 0
      ? "INSERT INTO dossier (code, procedure_id, channel, status, received_at, ended_at, "
        "  digitized_input, applicant_name, id) VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, ?6, ?7)"
      : "INSERT INTO dossier (code, procedure_id, channel, status, received_at, ended_at, "
        "  digitized_input, applicant_name) VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, ?6)");

  bind_text (stmt, 1, code);
  bind_int64 (stmt, 2, ended_at > 0 ? 9 : 4);
  bind_int64 (stmt, 3, received_at);
  if (ended_at > 0)
    bind_int64 (stmt, 4, ended_at);
  else
    bind_null (stmt, 4, MC_DB_TYPE_INT64);
  bind_bool (stmt, 5, TRUE);
  bind_text (stmt, 6, "Trần Văn Bình");
  if (id > 0)
    bind_int64 (stmt, 7, id);
  step_done (stmt);
  mc_db_reset (stmt);
}

static void
test_schema (Fixture *f, gconstpointer data)
{
  static const char * const tables[] = {
    "schema_version", "setting", "calendar_day", "calendar_year", "target", "procedure",
    "procedure_step", "procedure_document", "officer", "dossier", "dossier_document",
    "dossier_event", "dossier_counter", "audit", "kpi_received", "kpi_resolved", "kpi_dirty",
    "analysis_step", "analysis_loss", "analysis_time", "analysis_dirty", "signing_key",
    "signature",
  };
  /* 2024-02-07 09:00 and 2024-02-09 16:00 in Vietnam: local days 19760 and 19762. */
  const gint64 received = 1707271200, ended = 1707469200;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  McDb *other = NULL;
  McDbStmt *stmt;

  apply_schema (f);
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!f->db->driver->has_table (f->db, tables[i]))
      g_error ("no table %s", tables[i]);

  if (is_pg (f))
    {
      other = open_other (f);
      while (other->driver->poll_changes (other))
        ;
    }

  exec_ok (f->db, "INSERT INTO procedure (id, code, name) VALUES (1, 'P1', 'Chứng thực')");
  add_officer (f->db, 1, "Đỗ Thị Hoa");
  add_officer (f->db, 2, "Dương Văn An");
  add_officer (f->db, 3, "Ánh Nguyễn");
  add_officer (f->db, 4, "Bùi Minh");
  add_officer (f->db, 5, "Em Lê");
  add_officer (f->db, 6, "An Trần");
  add_officer (f->db, 7, "Âu Cơ");
  add_dossier (f->db, 1, "UBX-240207-0001", received, ended);
  g_assert_cmpint (query_int (f->db, "SELECT version FROM dossier WHERE id = 1"), ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM dossier WHERE digitized_input"), ==, 1);

  /* The days to recount: received and ended for the KPIs, ended for the analysis. */
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kpi_dirty"), ==, 2);
  g_assert_cmpint (query_int (f->db, "SELECT min(day) FROM kpi_dirty"), ==, 19760);
  g_assert_cmpint (query_int (f->db, "SELECT max(day) FROM kpi_dirty"), ==, 19762);
  g_assert_cmpint (query_int (f->db, "SELECT day FROM analysis_dirty"), ==, 19762);
  exec_ok (f->db, "DELETE FROM kpi_dirty; DELETE FROM analysis_dirty");
  exec_ok (f->db, "UPDATE dossier SET note = 'ghi chú', version = version + 1");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kpi_dirty"), ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM analysis_dirty"), ==, 0);
  exec_ok (f->db, "UPDATE dossier SET ended_at = ended_at + 86400");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kpi_dirty"), ==, 3);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM analysis_dirty"), ==, 2);
  exec_ok (f->db, "DELETE FROM kpi_dirty; DELETE FROM analysis_dirty; DELETE FROM dossier");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kpi_dirty"), ==, 2);
  g_assert_cmpint (query_int (f->db, "SELECT max(day) FROM analysis_dirty"), ==, 19763);

  /* A change of the procedure's steps marks the days of its dossiers' times. */
  exec_ok (f->db, "DELETE FROM analysis_dirty; "
                  "INSERT INTO analysis_time VALUES (19000, 1, 3, 1); "
                  "INSERT INTO procedure_step (procedure_id, position, name, role, budget_seconds) "
                  "VALUES (1, 1, 'Thẩm định', 3, 3600)");
  g_assert_cmpint (query_int (f->db, "SELECT day FROM analysis_dirty"), ==, 19000);

  /* The audit log refuses changes. */
  exec_ok (f->db, pick (f,
      "INSERT INTO audit (id, at, actor_id, action, entity, entity_id, details, prev_hash, "
      "hash) VALUES (1, 0, 1, 'test', 'dossier', 1, '', '', 'h')",
      "INSERT INTO audit (actor_id, action, entity, entity_id) VALUES (1, 'test', 'dossier', 1)"));
  g_assert_false (mc_db_exec (f->db, "UPDATE audit SET details = 'sửa'"));
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);
  g_assert_false (mc_db_exec (f->db, "DELETE FROM audit"));
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);
  if (is_pg (f))
    {
      g_assert_false (mc_db_exec (f->db, "TRUNCATE audit"));
      g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONSTRAINT);
    }
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit"), ==, 1);

  g_assert_true (f->db->driver->check (f->db, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  if (!is_pg (f))
    return;

  /* Names in Vietnamese order: A, Â, Á… before B; D before Đ; Đ before E. */
  {
    static const char * const order[] = { "An Trần", "Ánh Nguyễn", "Âu Cơ", "Bùi Minh",
                                          "Dương Văn An", "Đỗ Thị Hoa", "Em Lê" };
    gsize i = 0;

    stmt = prep (f->db, "SELECT name FROM officer ORDER BY name");
    while (step (stmt) == MC_DB_STEP_ROW)
      g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, order[i++]);
    g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));
    mc_db_reset (stmt);
  }

  /* Other workstations hear of the changes. */
  g_assert_true (poll_for (other, 5000));

  /* Ids copied by a migration, then the identities moved past them. */
  add_dossier (f->db, 500, "UBX-240207-0500", received, 0);
  exec_ok (f->db, "SELECT motcua_sync_identities()");
  add_dossier (f->db, 0, "UBX-240207-0501", received, 0);
  g_assert_cmpint (query_int (f->db, "SELECT max(id) FROM dossier"), ==, 501);

  /* A disabled protection is a problem. */
  exec_ok (f->db, "ALTER TABLE audit DISABLE TRIGGER audit_no_update");
  g_assert_true (f->db->driver->check (f->db, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "audit_no_update"));
}

/* record_hash() of src/core/mc-audit.c, which the server's trigger must agree with. */
static char *
record_hash (const char *prev_hash, gint64 id, gint64 at, gint64 actor_id, const char *action,
             const char *entity, gint64 entity_id, const char *details)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *numbers = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                              "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT,
                                              id, at, actor_id, entity_id);
  const char *parts[] = { prev_hash, numbers, action, entity, details };

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (sum, (const guchar *) parts[i], -1);
      g_checksum_update (sum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

typedef struct {
  gint64 id, at;
  char  *prev_hash, *hash;
} Record;

static void
record_clear (Record *r)
{
  g_clear_pointer (&r->prev_hash, g_free);
  g_clear_pointer (&r->hash, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

static void
append_audit (McDb *db, gint64 actor_id, const char *action, const char *entity,
              gint64 entity_id, const char *details, Record *out)
{
  McDbStmt *stmt = prep (db,
      "INSERT INTO audit (id, at, prev_hash, hash, actor_id, action, entity, entity_id, details) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id, at, prev_hash, hash");

  /* What a restoring migration would give: ignored without motcua.restore. */
  bind_int64 (stmt, 1, 999);
  bind_int64 (stmt, 2, 12345);
  bind_text (stmt, 3, "given");
  bind_text (stmt, 4, "given");
  if (actor_id != 0)
    bind_int64 (stmt, 5, actor_id);
  else
    bind_null (stmt, 5, MC_DB_TYPE_INT64);
  bind_text (stmt, 6, action);
  bind_text (stmt, 7, entity);
  if (entity_id != 0)
    bind_int64 (stmt, 8, entity_id);
  else
    bind_null (stmt, 8, MC_DB_TYPE_INT64);
  bind_text (stmt, 9, details);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  out->id = mc_db_column_int64 (stmt, 0);
  out->at = mc_db_column_int64 (stmt, 1);
  out->prev_hash = g_strdup (mc_db_column_text (stmt, 2));
  out->hash = g_strdup (mc_db_column_text (stmt, 3));
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_DONE);
  mc_db_reset (stmt);
}

static gpointer
audit_writer (gpointer data)
{
  McDb *db = data;

  for (int i = 0; i < 40; i++)
    {
      McDbStmt *stmt;

      if (!mc_db_exec (db, db->driver->begin_sql))
        g_error ("%s", db->error_message);
      stmt = mc_db_prepare (db, "INSERT INTO audit (actor_id, action, entity, entity_id) "
                                "VALUES (?1, 'write', 'dossier', ?2)");
      db->driver->bind_int64 (stmt, 1, GPOINTER_TO_INT (g_thread_self ()) & 0xffff);
      db->driver->bind_int64 (stmt, 2, i);
      if (mc_db_step (stmt) != MC_DB_STEP_DONE || !mc_db_exec (db, "COMMIT"))
        g_error ("%s", db->error_message);
    }
  return NULL;
}

/* The whole chain, as mc_audit_verify would walk it. */
static void
verify_chain (McDb *db)
{
  McDbStmt *stmt = prep (db, "SELECT id, at, actor_id, action, entity, entity_id, details, "
                             "prev_hash, hash FROM audit ORDER BY id");
  g_autofree char *prev = g_strdup ("");
  gint64 expected_id = 1, last_at = 0;

  while (step (stmt) == MC_DB_STEP_ROW)
    {
      g_autofree char *hash = record_hash (mc_db_column_text (stmt, 7),
                                           mc_db_column_int64 (stmt, 0),
                                           mc_db_column_int64 (stmt, 1),
                                           mc_db_column_int64 (stmt, 2),
                                           mc_db_column_text (stmt, 3),
                                           mc_db_column_text (stmt, 4),
                                           mc_db_column_int64 (stmt, 5),
                                           mc_db_column_text (stmt, 6));

      g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, expected_id++);
      g_assert_cmpstr (mc_db_column_text (stmt, 7), ==, prev);
      g_assert_cmpstr (mc_db_column_text (stmt, 8), ==, hash);
      g_assert_cmpint (mc_db_column_int64 (stmt, 1), >=, last_at);
      last_at = mc_db_column_int64 (stmt, 1);
      g_free (prev);
      prev = g_strdup (hash);
    }
  mc_db_reset (stmt);
}

static void
test_audit_chain (Fixture *f, gconstpointer data)
{
  g_auto(Record) first = { 0 }, second = { 0 }, after = { 0 };
  g_autofree char *expected1 = NULL;
  g_autofree char *expected2 = NULL;
  g_autofree char *expected3 = NULL;
  gint64 now;

  apply_schema (f);
  now = f->db->driver->now (f->db);
  g_assert_cmpint (ABS (now - g_get_real_time () / G_USEC_PER_SEC), <=, 5);

  append_audit (f->db, 0, "tiếp nhận", "dossier", 0, "Hồ sơ “có dấu” 😀\ttab", &first);
  g_assert_cmpint (first.id, ==, 1);
  g_assert_cmpstr (first.prev_hash, ==, "");
  g_assert_cmpint (ABS (first.at - now), <=, 5);
  expected1 = record_hash ("", 1, first.at, 0, "tiếp nhận", "dossier", 0,
                           "Hồ sơ “có dấu” 😀\ttab");
  g_assert_cmpstr (first.hash, ==, expected1);

  exec_ok (f->db, f->db->driver->begin_sql);
  append_audit (f->db, 7, "update", "officer", 42, "", &second);
  exec_ok (f->db, "COMMIT");
  g_assert_cmpint (second.id, ==, 2);
  g_assert_cmpstr (second.prev_hash, ==, first.hash);
  expected2 = record_hash (first.hash, 2, second.at, 7, "update", "officer", 42, "");
  g_assert_cmpstr (second.hash, ==, expected2);
  verify_chain (f->db);

  /* A migration restoring a chain keeps what it gives. */
  exec_ok (f->db, f->db->driver->begin_sql);
  exec_ok (f->db, "SET LOCAL motcua.restore = 'on'");
  exec_ok (f->db, "INSERT INTO audit (id, at, actor_id, action, entity, entity_id, details, "
                  "prev_hash, hash) VALUES (10, 12345, 1, 'copied', 'dossier', 3, 'd', 'p', 'h')");
  exec_ok (f->db, "COMMIT");
  g_assert_cmpint (query_int (f->db, "SELECT at FROM audit WHERE id = 10"), ==, 12345);

  /* And the chain goes on from the copied record once the transaction is over. */
  append_audit (f->db, 1, "login", "officer", 1, "", &after);
  g_assert_cmpint (after.id, ==, 11);
  g_assert_cmpstr (after.prev_hash, ==, "h");
  expected3 = record_hash ("h", 11, after.at, 1, "login", "officer", 1, "");
  g_assert_cmpstr (after.hash, ==, expected3);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit"), ==, 4);
}

/* Workstations writing at once still make one chain, in the order they commit. */
static void
test_audit_concurrent (Fixture *f, gconstpointer data)
{
  McDb *a, *b;
  GThread *ta, *tb;

  apply_schema (f);
  a = open_other (f);
  b = open_other (f);
  ta = g_thread_new ("audit-a", audit_writer, a);
  tb = g_thread_new ("audit-b", audit_writer, b);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit"), ==, 80);
  verify_chain (f->db);
}

/* ---- PostgreSQL alone ---- */

static gint64
backend_pid (McDb *db)
{
  return query_int (db, "SELECT pg_backend_pid()");
}

static void
terminate (gint64 pid)
{
  McDbStmt *stmt = prep (admin, "SELECT pg_terminate_backend(CAST(?1 AS integer), 5000)");

  bind_int64 (stmt, 1, pid);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 1);
  mc_db_reset (stmt);
}

static void
test_lost_connection (Fixture *f, gconstpointer data)
{
  McDbStmt *stmt = prep (f->db, "SELECT ?1 + 1");
  gint64 pid;

  bind_int64 (stmt, 1, 1);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 2);
  mc_db_reset (stmt);

  /* Outside a transaction: the server's last words are on the socket before the statement is
   * sent, so it runs on a new connection. */
  pid = backend_pid (f->db);
  terminate (pid);
  bind_int64 (stmt, 1, 2);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 3);
  mc_db_reset (stmt);
  g_assert_cmpint (backend_pid (f->db), !=, pid);
  bind_int64 (stmt, 1, 3);
  g_assert_cmpint (step (stmt), ==, MC_DB_STEP_ROW);
  g_assert_cmpint (mc_db_column_int64 (stmt, 0), ==, 4);
  mc_db_reset (stmt);

  /* Inside one: the transaction is gone, and stays failed until the store ends it. */
  exec_ok (f->db, "CREATE TABLE kept (n bigint)");
  exec_ok (f->db, f->db->driver->begin_sql);
  exec_ok (f->db, "INSERT INTO kept VALUES (1)");
  pid = backend_pid (f->db);
  terminate (pid);
  g_assert_false (mc_db_exec (f->db, "INSERT INTO kept VALUES (2)"));
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONNECTION);
  bind_int64 (stmt, 1, 5);
  g_assert_cmpint (mc_db_step (stmt), ==, MC_DB_STEP_ERROR);
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONNECTION);
  mc_db_reset (stmt);
  g_assert_true (mc_db_exec (f->db, "ROLLBACK"));
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM kept"), ==, 0);
  g_assert_cmpint (backend_pid (f->db), !=, pid);
  /* The notifications come again on the new connection. */
  g_assert_false (f->db->driver->poll_changes (f->db));
  {
    McDb *other = open_other (f);

    exec_ok (other, "NOTIFY motcua");
    g_assert_true (poll_for (f->db, 5000));
  }

  /* A COMMIT that meets the loss fails; the next transaction works. */
  exec_ok (f->db, f->db->driver->begin_sql);
  exec_ok (f->db, "INSERT INTO kept VALUES (3)");
  terminate (backend_pid (f->db));
  g_assert_false (mc_db_exec (f->db, "COMMIT"));
  g_assert_cmpint (f->db->error, ==, MC_DB_ERR_CONNECTION);
  exec_ok (f->db, f->db->driver->begin_sql);
  exec_ok (f->db, "INSERT INTO kept VALUES (4)");
  exec_ok (f->db, "COMMIT");
  g_assert_cmpint (query_int (f->db, "SELECT sum(n) FROM kept"), ==, 4);
}

typedef struct {
  McDb     *db;
  McDbError error;
  gint      waiting;
} Crosser;

static gpointer
cross_writer (gpointer data)
{
  Crosser *c = data;

  if (!mc_db_exec (c->db, c->db->driver->begin_sql) ||
      !mc_db_exec (c->db, "UPDATE s SET n = n + 1 WHERE id = 2"))
    g_error ("%s", c->db->error_message);
  g_atomic_int_set (&c->waiting, 1);
  if (!mc_db_exec (c->db, "UPDATE s SET n = n + 1 WHERE id = 1"))
    c->error = c->db->error;
  mc_db_exec (c->db, c->error == MC_DB_OK ? "COMMIT" : "ROLLBACK");
  return NULL;
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  McDb *db;
  McDbStmt *stmt;

  /* Two writers who each wait for the other: one of them is told to run again. */
  exec_ok (f->db, "CREATE TABLE s (id bigint PRIMARY KEY, n bigint); "
                  "INSERT INTO s VALUES (1, 0), (2, 0)");
  {
    Crosser c = { .db = open_other (f) };
    McDbError mine = MC_DB_OK;
    GThread *thread;

    exec_ok (f->db, f->db->driver->begin_sql);
    exec_ok (f->db, "UPDATE s SET n = n + 1 WHERE id = 1");
    thread = g_thread_new ("cross-writer", cross_writer, &c);
    while (!g_atomic_int_get (&c.waiting))
      g_usleep (10 * 1000);
    g_usleep (100 * 1000);
    if (!mc_db_exec (f->db, "UPDATE s SET n = n + 1 WHERE id = 2"))
      mine = f->db->error;
    mc_db_exec (f->db, mine == MC_DB_OK ? "COMMIT" : "ROLLBACK");
    g_thread_join (thread);
    g_assert_true ((mine == MC_DB_ERR_RETRY) != (c.error == MC_DB_ERR_RETRY));
    g_assert_true (mine == MC_DB_OK || c.error == MC_DB_OK);
    g_assert_cmpint (query_int (f->db, "SELECT sum(n) FROM s"), ==, 2);
  }
  exec_ok (f->db, "DROP TABLE s");

  /* A serialization failure is a retry. */
  exec_ok (f->db, "CREATE TABLE s (id bigint PRIMARY KEY, n bigint); INSERT INTO s VALUES (1, 0)");
  {
    McDb *other = open_other (f);

    exec_ok (f->db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    g_assert_cmpint (query_int (f->db, "SELECT n FROM s"), ==, 0);
    exec_ok (other, "UPDATE s SET n = 1");
    g_assert_false (mc_db_exec (f->db, "UPDATE s SET n = 2"));
    g_assert_cmpint (f->db->error, ==, MC_DB_ERR_RETRY);
    g_assert_cmpstr (f->db->error_sqlstate, ==, "40001");
    exec_ok (f->db, "ROLLBACK");
  }

  /* A login without the privilege. */
  exec_ok (f->db, "DO $$ BEGIN CREATE ROLE motcua_test_reader LOGIN; "
                  "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  exec_ok (f->db, "REVOKE ALL ON s FROM PUBLIC");
  {
    g_autofree char *target = pg_target (f->dbname, "motcua_test_reader", NULL);

    db = open_target (MC_DB_POSTGRESQL, target);
    g_ptr_array_add (f->others, db);
    stmt = prep (db, "SELECT n FROM s");
    g_assert_cmpint (mc_db_step (stmt), ==, MC_DB_STEP_ERROR);
    g_assert_cmpint (db->error, ==, MC_DB_ERR_PERMISSION);
    mc_db_reset (stmt);
    /* A read-only transaction refuses writes. */
    exec_ok (db, "BEGIN READ ONLY");
    g_assert_false (mc_db_exec (db, "CREATE TABLE mine (n bigint)"));
    g_assert_cmpint (db->error, ==, MC_DB_ERR_READONLY);
    exec_ok (db, "ROLLBACK");
  }
  g_ptr_array_set_size (f->others, 0);
  exec_ok (f->db, "DROP OWNED BY motcua_test_reader");
}

/* A value of MOTCUA_TEST_PG's connection string. */
static char *
pg_option (const char *keyword)
{
  PQconninfoOption *options = PQconninfoParse (g_getenv ("MOTCUA_TEST_PG"), NULL);
  char *value = NULL;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL)
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

static void
check_session (McDb *db, const char *dbname)
{
  g_autofree char *tz = query_text (db, "SELECT current_setting('TimeZone')");
  g_autofree char *encoding = query_text (db, "SELECT current_setting('client_encoding')");
  g_autofree char *application = query_text (db, "SELECT current_setting('application_name')");
  g_autofree char *current = query_text (db, "SELECT current_database()");

  g_assert_cmpstr (tz, ==, "UTC");
  g_assert_cmpstr (encoding, ==, "UTF8");
  g_assert_cmpstr (application, ==, "motcua");
  g_assert_cmpstr (current, ==, dbname);
}

/* The forms of --db (CLI.md): a URI, a conninfo, a service name. */
static void
test_open (Fixture *f, gconstpointer data)
{
  g_autofree char *host = pg_option ("host");
  g_autofree char *port = pg_option ("port");
  g_autofree char *user = pg_option ("user");
  g_autofree char *escaped = g_uri_escape_string (host ? host : "", NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-service-XXXXXX", &error);
  g_autofree char *service_file = g_build_filename (dir, "pg_service.conf", NULL);
  g_autofree char *service = NULL;
  g_autofree char *uri = NULL;
  McDb *db;

  check_session (f->db, f->dbname);

  uri = g_strdup_printf ("postgresql://%s@/%s?host=%s%s%s", user ? user : "", f->dbname,
                         escaped, port ? "&port=" : "", port ? port : "");
  g_assert_true (mc_db_target_is_postgresql (uri));
  db = mc_db_postgresql_open (uri, &error);
  g_assert_no_error (error);
  check_session (db, f->dbname);
  mc_db_close (db);

  service = g_strdup_printf ("[motcua_test]\nhost=%s\nport=%s\nuser=%s\ndbname=%s\n",
                             host ? host : "", port ? port : "5432", user ? user : "",
                             f->dbname);
  g_file_set_contents (service_file, service, -1, &error);
  g_assert_no_error (error);
  g_setenv ("PGSERVICEFILE", service_file, TRUE);
  g_assert_true (mc_db_target_is_postgresql ("service=motcua_test"));
  db = mc_db_postgresql_open ("service=motcua_test", &error);
  g_unsetenv ("PGSERVICEFILE");
  g_assert_no_error (error);
  check_session (db, f->dbname);
  mc_db_close (db);
  g_remove (service_file);
  g_rmdir (dir);
}

static void
test_open_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = pg_target ("t_no_such_database", NULL, NULL);
  g_autofree char *wrong = pg_target ("postgres", "motcua_test_pw", "wrong");
  g_autofree char *right = pg_target ("postgres", "motcua_test_pw", "right");
  McDb *db;

  db = mc_db_postgresql_open ("host=/nonexistent/folder port=1 dbname=x", &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_assert_nonnull (strstr (error->message, "/nonexistent/folder:1"));
  g_clear_error (&error);

  db = mc_db_postgresql_open ("host=127.0.0.1 port=1 dbname=x", &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“127.0.0.1:1” cannot be reached"));
  g_clear_error (&error);

#ifdef G_OS_UNIX
  /* A server that takes the connection and never answers. */
  {
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t addr_len = sizeof addr;
    g_autofree char *silent = NULL;
    gint64 start;

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint (listen (fd, 4), ==, 0);
    g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &addr_len), ==, 0);
    silent = g_strdup_printf ("host=127.0.0.1 port=%d dbname=x connect_timeout=2",
                              ntohs (addr.sin_port));
    start = g_get_monotonic_time ();
    db = mc_db_postgresql_open (silent, &error);
    g_assert_null (db);
    g_assert_error (error, MC_ERROR, MC_ERROR_FAILED);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "did not answer within 2 seconds"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
    g_clear_error (&error);
    close (fd);
  }
#endif

  db = mc_db_postgresql_open (missing, &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "t_no_such_database"));
  g_clear_error (&error);

  db = mc_db_postgresql_open ("host=/tmp bogus_option=1", &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  db = mc_db_postgresql_open ("service=motcua_no_such_service", &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  exec_ok (admin, "DO $$ BEGIN CREATE ROLE motcua_test_pw LOGIN; "
                  "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                  "ALTER ROLE motcua_test_pw PASSWORD 'right'");
  db = mc_db_postgresql_open (wrong, &error);
  if (db != NULL)
    {
      mc_db_close (db);
      g_test_skip ("the server does not ask motcua_test_pw for its password "
                   "(a cluster not made by tools/pg-test-cluster)");
      return;
    }
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "motcua_test_pw"));
  g_clear_error (&error);

  /* Asked for a password and given none (no PGPASSWORD, no ~/.pgpass entry). */
  if (g_getenv ("PGPASSWORD") == NULL)
    {
      g_autofree char *none = pg_target ("postgres", "motcua_test_pw", NULL);

      db = mc_db_postgresql_open (none, &error);
      g_assert_null (db);
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
    }

  db = mc_db_postgresql_open (right, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT 1"), ==, 1);
  mc_db_close (db);
}

/* ---- How fast a load goes ---- */

/* The processor time PID has used, in seconds (0 where /proc is not there): the machine may be
 * shared, and wall time then says more about the neighbours than about the load. */
static double
cpu_seconds (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return 0;
  /* After the command's name: state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* What a column of a dossier-like row holds in the benchmark: a row as the desk makes them,
 * with the representative's fields and the result mostly empty. */
typedef enum {
  COL_ID, COL_CODE, COL_PROCEDURE, COL_CHANNEL, COL_STATUS, COL_TIME, COL_TIME_OR_NULL,
  COL_FLAG, COL_NAME, COL_FOLDED, COL_PHONE, COL_ID_NUMBER, COL_ADDRESS, COL_REQUEST,
  COL_EMPTY, COL_REPRESENTATIVE, COL_OFFICER, COL_OUTCOME, COL_NUMBER,
} ColumnKind;

static ColumnKind
column_kind (const char *col, int c, gboolean real_schema)
{
  if (g_str_equal (col, "id"))
    return COL_ID;
  if (g_str_equal (col, "code"))
    return COL_CODE;
  if (g_str_equal (col, "procedure_id"))
    return COL_PROCEDURE;
  if (g_str_equal (col, "channel"))
    return COL_CHANNEL;
  if (g_str_equal (col, "status"))
    return COL_STATUS;
  if (g_str_has_prefix (col, "representative_"))
    return COL_REPRESENTATIVE;
  if (g_str_has_suffix (col, "_at") || g_str_equal (col, "paused_since"))
    return c % 4 == 0 ? COL_TIME_OR_NULL : COL_TIME;
  if (g_str_has_prefix (col, "digitized") || g_str_equal (col, "paid_online") ||
      g_str_equal (col, "late_intake"))
    return COL_FLAG;
  if (g_str_equal (col, "applicant_name"))
    return COL_NAME;
  if (g_str_equal (col, "applicant_folded"))
    return COL_FOLDED;
  if (g_str_equal (col, "applicant_phone"))
    return COL_PHONE;
  if (g_str_equal (col, "applicant_id_number"))
    return COL_ID_NUMBER;
  if (g_str_equal (col, "applicant_address"))
    return COL_ADDRESS;
  if (g_str_equal (col, "request"))
    return COL_REQUEST;
  if (g_str_equal (col, "result") || g_str_equal (col, "note") ||
      g_str_equal (col, "applicant_email"))
    return COL_EMPTY;
  if (g_str_has_suffix (col, "_id") && real_schema)
    return COL_OFFICER;
  if (g_str_equal (col, "outcome"))
    return COL_OUTCOME;
  return COL_NUMBER;
}

static void
time_copy (Fixture *f, const char *what, const char *table, const char * const *columns,
           int n_columns, int n_rows, gboolean real_schema)
{
  McDbValue *v = g_new0 (McDbValue, n_columns);
  ColumnKind *kinds = g_new0 (ColumnKind, n_columns);
  char code[32], name[64], folded[64], phone[16], id_number[16];
  GTimer *timer;
  McDbCopy *copy;
  gpointer bulk = NULL;
  const char * const tables[] = { table, NULL };
  double seconds, client_cpu, server_cpu = 0;
  gint64 server_pid = is_pg (f) ? query_int (f->db, "SELECT pg_backend_pid()") : 0;

  for (int c = 0; c < n_columns; c++)
    kinds[c] = column_kind (columns[c], c, real_schema);
  if (f->db->driver->bulk_begin != NULL)
    bulk = f->db->driver->bulk_begin (f->db, tables);
  exec_ok (f->db, f->db->driver->begin_sql);
  if (bulk != NULL)
    g_assert_true (f->db->driver->bulk_inside (f->db, bulk));
  timer = g_timer_new ();
  client_cpu = cpu_seconds (getpid ());
  if (server_pid != 0)
    server_cpu = cpu_seconds (server_pid);
  copy = f->db->driver->copy_begin (f->db, table, columns, n_columns);
  g_assert_nonnull (copy);
  for (int r = 0; r < n_rows; r++)
    {
      gint64 received = 1704067200 + (gint64) r * 60;

      g_snprintf (code, sizeof code, "UBX-%06d-%04d", r / 10000, r % 10000);
      g_snprintf (name, sizeof name, "Nguyễn Văn Người Thứ %d", r);
      g_snprintf (folded, sizeof folded, "nguyen van nguoi thu %d", r);
      g_snprintf (phone, sizeof phone, "09%08d", r);
      g_snprintf (id_number, sizeof id_number, "0010%08d", r);
      for (int c = 0; c < n_columns; c++)
        {
          McDbValue *x = &v[c];

          x->type = MC_DB_TYPE_INT64;
          x->is_null = FALSE;
          switch (kinds[c])
            {
            case COL_ID:        x->i = r + 1; break;
            case COL_CODE:      x->type = MC_DB_TYPE_TEXT; x->s = code; break;
            case COL_PROCEDURE: x->i = 1; break;
            case COL_CHANNEL:   x->i = 1 + r % 3; break;
            case COL_STATUS:    x->i = 4 + r % 6; break;
            case COL_TIME:      x->i = received + 3600 * (c % 5); break;
            case COL_TIME_OR_NULL:
              x->i = received + 86400;
              x->is_null = r % 2 == 0;
              break;
            case COL_FLAG:      x->type = MC_DB_TYPE_BOOL; x->i = (r + c) % 2; break;
            case COL_NAME:      x->type = MC_DB_TYPE_TEXT; x->s = name; break;
            case COL_FOLDED:    x->type = MC_DB_TYPE_TEXT; x->s = folded; break;
            case COL_PHONE:     x->type = MC_DB_TYPE_TEXT; x->s = phone; break;
            case COL_ID_NUMBER: x->type = MC_DB_TYPE_TEXT; x->s = id_number; break;
            case COL_ADDRESS:
              x->type = MC_DB_TYPE_TEXT;
              x->s = "Thôn Đông, xã Hòa Bình, huyện Kim Sơn, tỉnh Ninh Bình";
              break;
            case COL_REQUEST:
              x->type = MC_DB_TYPE_TEXT;
              x->s = "Chứng thực bản sao từ bản chính giấy khai sinh";
              break;
            case COL_EMPTY:     x->type = MC_DB_TYPE_TEXT; x->s = ""; break;
            case COL_REPRESENTATIVE:
              x->type = MC_DB_TYPE_TEXT;
              x->s = r % 5 == 0 ? phone : "";
              break;
            case COL_OFFICER:   x->i = 1 + r % 3; break;
            case COL_OUTCOME:   x->i = r % 3; break;
            case COL_NUMBER:    x->i = r % 1000; break;
            }
        }
      if (!f->db->driver->copy_row (copy, v))
        g_error ("copy_row: %s", f->db->error_message);
    }
  if (!f->db->driver->copy_end (copy, TRUE))
    g_error ("copy_end: %s", f->db->error_message);
  seconds = g_timer_elapsed (timer, NULL);
  client_cpu = cpu_seconds (getpid ()) - client_cpu;
  if (server_pid != 0)
    server_cpu = cpu_seconds (server_pid) - server_cpu;
  if (bulk != NULL)
    g_assert_true (f->db->driver->bulk_rebuild (f->db, bulk));
  exec_ok (f->db, "COMMIT");
  if (bulk != NULL)
    f->db->driver->bulk_end (f->db, bulk);
  g_test_message ("%s: %s, %d rows of %d columns copied in %.2f s: %.0f rows/s (processor "
                  "time: %.2f s here, %.2f s in the server: %.0f rows/s on a free machine); "
                  "%.2f s with the rebuild and the commit",
                  f->db->driver->name, what, n_rows, n_columns, seconds, n_rows / seconds,
                  client_cpu, server_cpu, n_rows / MAX (MAX (client_cpu, server_cpu), 0.01),
                  g_timer_elapsed (timer, NULL));
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM dossier"), ==, n_rows);
  g_timer_destroy (timer);
  g_free (kinds);
  g_free (v);
}

static const char * const dossier_columns[] = {
  "id", "code", "procedure_id", "channel", "status", "step", "submitted_at", "received_at",
  "due_at", "apology_due_at", "ended_at", "returned_at", "supplement_count", "paused_seconds",
  "paused_since", "reassign_count", "apology_count", "digitized_input", "digitized_result",
  "fee", "paid_online", "receiver_id", "handler_id", "signer_id", "applicant_name",
  "applicant_folded", "applicant_id_number", "applicant_phone", "applicant_address",
  "applicant_email", "representative_name", "representative_folded", "representative_phone",
  "request", "result", "note", "outcome", "late_intake", "updated_at", "version",
  "representative_id_number",
};

static void
test_copy_speed (Fixture *f, gconstpointer data)
{
  int n = g_test_slow () ? 1000000 : 200000;

  /* The dossier's 41 columns, into a table with its primary key alone. */
  {
    GString *ddl = g_string_new (pick (f, "CREATE TABLE dossier (id INTEGER PRIMARY KEY",
                                       "CREATE TABLE dossier (id bigint PRIMARY KEY"));

    for (gsize c = 1; c < G_N_ELEMENTS (dossier_columns); c++)
      {
        const char *col = dossier_columns[c];
        const char *type = "bigint";

        if (g_str_has_prefix (col, "digitized") || g_str_equal (col, "paid_online") ||
            g_str_equal (col, "late_intake"))
          type = is_pg (f) ? "boolean" : "INTEGER";
        else if (g_str_equal (col, "code") || strstr (col, "name") || strstr (col, "folded") ||
                 strstr (col, "phone") || strstr (col, "number") || strstr (col, "address") ||
                 strstr (col, "email") || g_str_equal (col, "request") ||
                 g_str_equal (col, "result") || g_str_equal (col, "note"))
          type = is_pg (f) ? "text" : "TEXT";
        else if (!is_pg (f))
          type = "INTEGER";
        g_string_append_printf (ddl, ", %s %s", col, type);
      }
    g_string_append (ddl, ")");
    exec_ok (f->db, ddl->str);
    g_string_free (ddl, TRUE);
  }
  time_copy (f, "a table with its key alone", "dossier", dossier_columns,
             G_N_ELEMENTS (dossier_columns), n, FALSE);

  /* Into the real table: its 16 indexes and its triggers. */
  exec_ok (f->db, "DROP TABLE dossier");
  apply_schema (f);
  exec_ok (f->db, "INSERT INTO procedure (id, code, name) VALUES (1, 'P1', 'Chứng thực')");
  add_officer (f->db, 1, "Một");
  add_officer (f->db, 2, "Hai");
  add_officer (f->db, 3, "Ba");
  time_copy (f, "the schema's dossier table", "dossier", dossier_columns,
             G_N_ELEMENTS (dossier_columns), n / 2, TRUE);
}

/* ---- Registration ---- */

typedef void (*Case) (Fixture *f, gconstpointer data);

static void
skip_pg (gconstpointer data)
{
  g_test_skip ("MOTCUA_TEST_PG is not set: no PostgreSQL server to test against "
               "(eval \"$(tools/pg-test-cluster start)\" makes one)");
}

static void
add (const char *name, Case func, gboolean sqlite, gboolean pg)
{
  if (sqlite)
    {
      g_autofree char *path = g_strdup_printf ("/db/sqlite/%s", name);

      g_test_add (path, Fixture, GINT_TO_POINTER (MC_DB_SQLITE), setup, func, teardown);
    }
  if (pg)
    {
      g_autofree char *path = g_strdup_printf ("/db/postgresql/%s", name);

      if (g_getenv ("MOTCUA_TEST_PG") != NULL && *g_getenv ("MOTCUA_TEST_PG") != '\0')
        g_test_add (path, Fixture, GINT_TO_POINTER (MC_DB_POSTGRESQL), setup, func, teardown);
      else
        g_test_add_data_func (path, NULL, skip_pg);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  add ("exec", test_exec, TRUE, TRUE);
  add ("types", test_types, TRUE, TRUE);
  add ("reuse-param", test_reuse_param, TRUE, TRUE);
  add ("returning", test_returning, TRUE, TRUE);
  add ("upsert", test_upsert, TRUE, TRUE);
  add ("changes", test_changes, TRUE, TRUE);
  add ("aggregates", test_aggregates, TRUE, TRUE);
  add ("constraints", test_constraints, TRUE, TRUE);
  add ("trigger-raise", test_trigger_raise, TRUE, TRUE);
  add ("concurrent-writers", test_concurrent_writers, TRUE, TRUE);
  add ("poll-changes", test_poll_changes, TRUE, TRUE);
  add ("copy", test_copy, TRUE, TRUE);
  add ("schema", test_schema, TRUE, TRUE);
  add ("copy-speed", test_copy_speed, TRUE, TRUE);
  add ("audit-chain", test_audit_chain, FALSE, TRUE);
  add ("audit-concurrent", test_audit_concurrent, FALSE, TRUE);
  add ("lost-connection", test_lost_connection, FALSE, TRUE);
  add ("errors", test_errors, FALSE, TRUE);
  add ("open", test_open, FALSE, TRUE);
  add ("open-errors", test_open_errors, FALSE, TRUE);
  status = g_test_run ();
  g_clear_pointer (&admin, mc_db_close);
  return status;
}
