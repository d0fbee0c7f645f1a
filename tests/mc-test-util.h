/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* A new in-memory store, migrated, with mc_store_init_defaults applied when DEFAULTS. */
McStore *mc_test_store_new (gboolean defaults);
/* A local time "YYYY-MM-DD HH:MM" (aborts the test if unparsable). */
McTime   mc_test_time      (const char *text);
McDay    mc_test_day       (const char *text);
/* The single integer a query returns (e.g. a count); aborts the test on failure. */
gint64   mc_test_query_int (McStore *store, const char *sql);
/* A fresh temporary folder for this test program (removed at exit is not guaranteed). */
char    *mc_test_tmpdir    (void);

G_END_DECLS
