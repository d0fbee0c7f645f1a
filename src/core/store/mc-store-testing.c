/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raw statements for tests (mc-store-testing.h). */
#include "config.h"

#include "mc-store-private.h"
#include "mc-store-testing.h"

gboolean
mc_store_testing_exec (McStore *store, const char *sql, GError **error)
{
  return mc_store_exec (store, sql, error);
}

gint64
mc_store_testing_int (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  McDbStmt *stmt = mc_store_query (store, &error, sql, MC_NO_PARAMS);
  gint64 n;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (mc_store_step (store, stmt, "test", &error), ==, MC_DB_STEP_ROW);
  n = mc_col_int64 (stmt, 0);
  mc_db_reset (stmt);
  return n;
}

char *
mc_store_testing_text (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  McDbStmt *stmt = mc_store_query (store, &error, sql, MC_NO_PARAMS);
  char *text;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (mc_store_step (store, stmt, "test", &error), ==, MC_DB_STEP_ROW);
  text = mc_col_null (stmt, 0) ? NULL : mc_col_dup (stmt, 0);
  mc_db_reset (stmt);
  return text;
}

GPtrArray *
mc_store_testing_rows (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  McDbStmt *stmt = mc_store_query (store, &error, sql, MC_NO_PARAMS);
  McDbStep rc;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  while ((rc = mc_store_step (store, stmt, "test", &error)) == MC_DB_STEP_ROW)
    {
      GString *row = g_string_new (NULL);
      int n = stmt->db->driver->column_count (stmt);

      for (int c = 0; c < n; c++)
        {
          if (c > 0)
            g_string_append_c (row, '|');
          g_string_append (row, mc_col_null (stmt, c) ? "∅" : mc_col_text (stmt, c));
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_no_error (error);
  return rows;
}

GBytes *
mc_store_testing_blob (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  McDbStmt *stmt = mc_store_query (store, &error, sql, MC_NO_PARAMS);
  GBytes *bytes = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (mc_store_step (store, stmt, "test", &error), ==, MC_DB_STEP_ROW);
  if (!mc_col_null (stmt, 0))
    {
      gsize len = 0;
      const void *data = mc_db_column_blob (stmt, 0, &len);

      bytes = g_bytes_new (data, len);
    }
  mc_db_reset (stmt);
  return bytes;
}

gboolean
mc_store_testing_run_blob (McStore *store, const char *sql, gconstpointer data, gsize len,
                           GError **error)
{
  return mc_store_run (store, "test", error, sql, MC_PARAMS (MC_BLOB (data, len)));
}

GPtrArray *
mc_store_testing_indexes (McStore *store, const char *table)
{
  g_autofree char *sql = NULL;
  g_autofree char *where = NULL;

  /* Table names are the test's own words, never input. */
  if (mc_store_engine (store) == MC_DB_POSTGRESQL)
    {
      where = table != NULL ? g_strdup_printf (" AND tablename = '%s'", table) : g_strdup ("");
      sql = g_strdup_printf ("SELECT indexname, indexdef FROM pg_indexes "
                             "WHERE schemaname = current_schema()%s ORDER BY indexname", where);
    }
  else
    {
      where = table != NULL ? g_strdup_printf (" AND tbl_name = '%s'", table) : g_strdup ("");
      sql = g_strdup_printf ("SELECT name, sql FROM sqlite_schema WHERE type = 'index'%s "
                             "ORDER BY name", where);
    }
  return mc_store_testing_rows (store, sql);
}

GPtrArray *
mc_store_testing_cached_sql (McStore *store)
{
  McDb *db = mc_store_db (store);
  GPtrArray *sql = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, db->cache);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sql, g_strdup (key));
  return sql;
}

GPtrArray *
mc_store_testing_plan (McStore *store, const char *sql)
{
  McDb *db = mc_store_db (store);
  g_autofree char *explain = NULL;
  g_autofree char *rewritten = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  McDbStmt *stmt;
  int n_params = 0;

  g_assert_cmpint (mc_store_engine (store), ==, MC_DB_SQLITE);
  explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  rewritten = mc_db_rewrite_params (explain, '?', &n_params);
  /* Prepared apart from the cache, so that the cache keeps only the store's own statements. */
  stmt = db->driver->prepare (db, rewritten, n_params);
  if (stmt == NULL)
    g_error ("%s: %s", explain, db->error_message);
  while (mc_db_step (stmt) == MC_DB_STEP_ROW)
    g_ptr_array_add (lines, g_strdup (mc_col_text (stmt, 3)));
  db->driver->finalize (stmt);
  return lines;
}

gboolean
mc_store_testing_is_postgresql (McStore *store)
{
  return mc_store_engine (store) == MC_DB_POSTGRESQL;
}

void
mc_store_testing_lose_next_commit (McStore *store, gboolean kept)
{
  g_return_if_fail (mc_store_engine (store) == MC_DB_POSTGRESQL);
  mc_db_postgresql_testing_lose_commit (store->db, kept);
}

gint64
mc_store_testing_backend_pid (McStore *store)
{
  gint64 pid = 0;

  g_assert_true (mc_store_get_int64 (store, "reading the connection", &pid, NULL,
                                     "SELECT pg_backend_pid()", MC_NO_PARAMS));
  return pid;
}

gboolean
mc_store_testing_cluster_exec (const char *sql, GError **error)
{
  const char *admin = g_getenv ("MOTCUA_TEST_PG");
  McDb *db;
  gboolean ok;

  g_return_val_if_fail (admin != NULL && admin[0] != '\0', FALSE);
  db = mc_db_postgresql_open (admin, error);
  if (db == NULL)
    return FALSE;
  ok = mc_db_exec (db, sql);
  if (!ok)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED, "%s: %s", sql, db->error_message);
  mc_db_close (db);
  return ok;
}

char *
mc_store_testing_new_server_database (GError **error)
{
  const char *admin = g_getenv ("MOTCUA_TEST_PG");
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  McDb *db;
  gboolean ok;

  if (admin == NULL || admin[0] == '\0')
    return NULL;
  db = mc_db_postgresql_open (admin, error);
  if (db == NULL)
    return NULL;
  name = g_strdup_printf ("t_%08x%08x", g_random_int (), g_random_int ());
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  ok = mc_db_exec (db, sql);
  if (!ok)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED, "CREATE DATABASE: %s", db->error_message);
  mc_db_close (db);
  if (!ok)
    return NULL;
  return g_strdup_printf ("%s dbname=%s", admin, name);
}
