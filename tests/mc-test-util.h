/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Where a test keeps a new database: with MOTCUA_TEST_PG set, a new empty database on that
 * PostgreSQL cluster (DIR and NAME unused); otherwise the file NAME ("test.db" when NULL) in DIR,
 * or ":memory:" when DIR is NULL. Open it with mc_store_create. */
char    *mc_test_new_target (const char *dir, const char *name);
/* Whether the tests run on the PostgreSQL engine (MOTCUA_TEST_PG). */
gboolean mc_test_on_server  (void);
/* A new store (in memory, or on the test cluster), migrated, with mc_catalogue_init_defaults
 * applied when DEFAULTS. */
McStore *mc_test_store_new (gboolean defaults);
/* A local time "YYYY-MM-DD HH:MM" (aborts the test if unparsable). */
McTime   mc_test_time      (const char *text);
McDay    mc_test_day       (const char *text);
/* The single integer a query returns (e.g. a count); aborts the test on failure. */
gint64   mc_test_query_int (McStore *store, const char *sql);
/* A fresh temporary folder for this test program (removed at exit is not guaranteed). */
char    *mc_test_tmpdir    (void);

G_END_DECLS
