/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every driver shares: the statement cache, errors, and the placeholders. */
#include "config.h"

#include <string.h>

#include "mc-db.h"

gboolean
mc_db_target_is_postgresql (const char *target)
{
  if (target == NULL)
    return FALSE;
  const char *p = target;

  if (g_str_has_prefix (target, "postgresql://") || g_str_has_prefix (target, "postgres://"))
    return TRUE;
  /* libpq's conninfo: key=value pairs ("host=/run/postgresql dbname=motcua", "service=NAME"),
   * starting with a keyword, which no sensible file name does. */
  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '=';
}

static void
finalize_cached (gpointer data)
{
  McDbStmt *stmt = data;

  stmt->db->driver->finalize (stmt);
}

void
mc_db_init_common (McDb *db, const McDbDriver *driver)
{
  db->driver = driver;
  db->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_cached);
}

void
mc_db_close (McDb *db)
{
  if (db == NULL)
    return;
  /* Statements first: SQLite closes a connection only when none is left. */
  g_clear_pointer (&db->cache, g_hash_table_unref);
  g_free (db->error_message);
  g_free (db->error_sqlstate);
  db->driver->close (db);
}

void
mc_db_set_error (McDb *db, McDbError error, const char *message, const char *sqlstate)
{
  db->error = error;
  g_free (db->error_message);
  db->error_message = g_strdup (message ? message : "");
  g_free (db->error_sqlstate);
  db->error_sqlstate = g_strdup (sqlstate);
}

void
mc_db_clear_error (McDb *db)
{
  db->error = MC_DB_OK;
  g_clear_pointer (&db->error_message, g_free);
  g_clear_pointer (&db->error_sqlstate, g_free);
}

char *
mc_db_rewrite_params (const char *sql, char prefix, int *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int next = 1, max = 0;
  char quote = 0;

  for (const char *p = sql; *p; p++)
    {
      if (quote != 0)
        {
          g_string_append_c (out, *p);
          if (*p == quote)
            quote = 0;
          continue;
        }
      if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '-' && p[1] == '-')
        {
          /* A comment runs to the end of the line. */
          while (*p && *p != '\n')
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '?')
        {
          int n;

          if (g_ascii_isdigit (p[1]))
            {
              char *end;

              n = (int) g_ascii_strtoll (p + 1, &end, 10);
              p = end - 1;
            }
          else
            n = next;
          next = n + 1;
          max = MAX (max, n);
          g_string_append_printf (out, "%c%d", prefix, n);
          continue;
        }
      g_string_append_c (out, *p);
    }
  if (n_params != NULL)
    *n_params = max;
  return g_string_free (out, FALSE);
}

McDbStmt *
mc_db_prepare (McDb *db, const char *sql)
{
  McDbStmt *stmt = g_hash_table_lookup (db->cache, sql);
  g_autofree char *rewritten = NULL;
  int n_params = 0;

  if (stmt != NULL)
    {
      db->driver->reset (stmt);
      return stmt;
    }
  rewritten = mc_db_rewrite_params (sql, db->driver->engine == MC_DB_POSTGRESQL ? '$' : '?',
                                    &n_params);
  stmt = db->driver->prepare (db, rewritten, n_params);
  if (stmt == NULL)
    return NULL;
  g_hash_table_insert (db->cache, g_strdup (sql), stmt);
  return stmt;
}
