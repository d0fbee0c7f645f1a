/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For tests only: what a test needs to look at or tamper with a database, through the store's
 * own driver so that the same test runs on SQLite and on PostgreSQL. Write the SQL in the subset
 * both engines take (see mc-db.h). Never used by the programs. */

#include "mc-store.h"

G_BEGIN_DECLS

/* A script of statements; FALSE with ERROR when the engine refuses one (a trigger that keeps
 * the audit log append-only, say). */
gboolean   mc_store_testing_exec  (McStore *store, const char *sql, GError **error);
/* The first column of the first row as an integer (0 for NULL); aborts the test on failure or
 * when there is no row. */
gint64     mc_store_testing_int   (McStore *store, const char *sql);
/* The same as text (NULL for NULL). */
char      *mc_store_testing_text  (McStore *store, const char *sql);
/* Every row, its columns as text joined by '|' (NULL as "∅"). */
GPtrArray *mc_store_testing_rows  (McStore *store, const char *sql);
/* The first column of the first row as bytes (a BLOB or BYTEA column; NULL for NULL); aborts
 * the test on failure or when there is no row. */
GBytes    *mc_store_testing_blob  (McStore *store, const char *sql);
/* One statement whose only parameter, ?1, is the LEN bytes of DATA (a blob cannot be written
 * into SQL text the same way on both engines). FALSE with ERROR when the engine refuses it. */
gboolean   mc_store_testing_run_blob (McStore *store, const char *sql, gconstpointer data,
                                      gsize len, GError **error);
/* The indexes of TABLE (of every table when NULL), each "name|definition", by name: from the
 * engine's own catalogue (sqlite_schema, pg_indexes). */
GPtrArray *mc_store_testing_indexes (McStore *store, const char *table);
/* The SQL of every statement the store has prepared and keeps (its cache), as written. */
GPtrArray *mc_store_testing_cached_sql (McStore *store);
/* SQLite only: the detail lines of SQL's query plan (EXPLAIN QUERY PLAN), its parameters left
 * unbound; aborts the test when SQL does not prepare. */
GPtrArray *mc_store_testing_plan  (McStore *store, const char *sql);
/* When the environment names a PostgreSQL cluster for tests (MOTCUA_TEST_PG, a superuser
 * conninfo), a new empty database on it and the conninfo that opens it; NULL otherwise (the
 * tests then run on SQLite). */
char      *mc_store_testing_new_server_database (GError **error);
/* PostgreSQL only: the network goes down at the next COMMIT of STORE, after the server kept
 * the transaction (KEPT: only its answer is lost) or before it got the COMMIT. */
void       mc_store_testing_lose_next_commit (McStore *store, gboolean kept);
/* PostgreSQL only: the server process of STORE's connection (for pg_terminate_backend). */
gint64     mc_store_testing_backend_pid (McStore *store);
/* The statements SQL run on the test cluster's own database as its superuser (MOTCUA_TEST_PG):
 * ALTER DATABASE, pg_terminate_backend… */
gboolean   mc_store_testing_cluster_exec (const char *sql, GError **error);
/* Whether the database is on the server engine. */
gboolean   mc_store_testing_is_postgresql (McStore *store);

/* Tests: the migration of this number fails (0: none). */
extern int mc_store_testing_failing_migration;
/* Tests: migrations stop at this number (0: the last), to make a database of an older schema. */
extern int mc_store_testing_last_migration;

G_END_DECLS
