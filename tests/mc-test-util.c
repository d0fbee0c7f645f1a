/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-date.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

McStore *
mc_test_store_new (gboolean defaults)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (":memory:", &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (defaults)
    {
      mc_store_init_defaults (store, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

McTime
mc_test_time (const char *text)
{
  McTime t = 0;

  if (!mc_parse_time (text, &t))
    g_error ("bad test time “%s”", text);
  return t;
}

McDay
mc_test_day (const char *text)
{
  McDay d = 0;

  if (!mc_parse_day (text, &d))
    g_error ("bad test day “%s”", text);
  return d;
}

char *
mc_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

gint64
mc_test_query_int (McStore *store, const char *sql)
{
  sqlite3_stmt *stmt = mc_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}
