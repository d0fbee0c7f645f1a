/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moving a commune from one database to another (a file onto the office's server): every table
 * copied row for row in one transaction, ids, times and the audit chain as they are, so that
 * the chain, the signatures and the figures verify the same on the copy. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

/* Every table of the schema, the order of no importance (the copy checks no key or trigger
 * until it is whole): what is not listed is not copied, so a new table is added here. */
static const char * const tables[] = {
  "setting", "calendar_day", "calendar_year", "target", "procedure", "procedure_step",
  "procedure_document", "officer", "dossier", "dossier_document", "dossier_event",
  "dossier_counter", "audit", "signing_key", "signature", "kpi_received", "kpi_resolved",
  "kpi_dirty", "analysis_step", "analysis_loss", "analysis_time", "analysis_dirty",
  "checkpoint",
  "inspection", "inspection_item", "dossier_step", "report_note",
  "blob", "attachment",
};

typedef struct {
  char    *username;
  char    *name;
  char    *hash;
  McRole   role;
} KeptLogin;

static void
kept_login_free (gpointer data)
{
  KeptLogin *k = data;

  g_free (k->username);
  g_free (k->name);
  g_free (k->hash);
  g_free (k);
}

/* The accounts set up on the destination (the server's first administrator), kept when the
 * copied officers do not include them, so that someone can still sign in. */
static GPtrArray *
read_logins (McStore *store, GError **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (kept_login_free);
  McDbStmt *stmt = mc_store_query (store, error,
                                   "SELECT username, name, password_hash, role FROM officer "
                                   "WHERE username IS NOT NULL", MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (store, stmt, _("reading the officers"), error)) == MC_DB_STEP_ROW)
    {
      KeptLogin *k = g_new0 (KeptLogin, 1);

      k->username = mc_col_dup (stmt, 0);
      k->name = mc_col_dup (stmt, 1);
      k->hash = mc_col_dup (stmt, 2);
      k->role = mc_col_int (stmt, 3);
      g_ptr_array_add (kept, k);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&kept);
}

static gboolean
copy_table (McStore *from, McStore *to, const char *table, gint64 *rows, GError **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT * FROM %s", table);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (McDbValue));
  McStoreCopy *copy = NULL;
  McDbStmt *stmt;
  McDbStep rc;
  int n = 0;

  stmt = mc_store_query (from, error, select, MC_NO_PARAMS);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (from, stmt, _("reading the database to copy"), error))
         == MC_DB_STEP_ROW)
    {
      if (copy == NULL)
        {
          const McDbDriver *d = stmt->db->driver;

          n = d->column_count (stmt);
          names = g_ptr_array_new_with_free_func (g_free);
          for (int c = 0; c < n; c++)
            g_ptr_array_add (names, g_strdup (d->column_name (stmt, c)));
          copy = mc_store_copy_begin (to, table, (const char * const *) names->pdata, n, error);
          if (copy == NULL)
            {
              mc_db_reset (stmt);
              return FALSE;
            }
          g_array_set_size (values, n);
        }
      for (int c = 0; c < n; c++)
        {
          McDbValue *v = &g_array_index (values, McDbValue, c);

          memset (v, 0, sizeof *v);
          v->is_null = mc_col_null (stmt, c);
          v->type = stmt->db->driver->column_type (stmt, c);
          switch (v->type)
            {
            case MC_DB_TYPE_INT64:
            case MC_DB_TYPE_BOOL:
              v->i = mc_col_int64 (stmt, c);
              break;
            case MC_DB_TYPE_DOUBLE:
              v->d = mc_col_double (stmt, c);
              break;
            case MC_DB_TYPE_BLOB:
              v->s = mc_db_column_blob (stmt, c, &v->len);
              break;
            case MC_DB_TYPE_TEXT:
            default:
              v->type = MC_DB_TYPE_TEXT;
              v->s = mc_col_text (stmt, c);
              break;
            }
        }
      if (!mc_store_copy_row (to, copy, (const McDbValue *) values->data, error))
        {
          mc_db_reset (stmt);
          mc_store_copy_end (to, copy, FALSE, NULL);
          return FALSE;
        }
      (*rows)++;
    }
  if (rc == MC_DB_STEP_ERROR)
    {
      if (copy != NULL)
        mc_store_copy_end (to, copy, FALSE, NULL);
      return FALSE;
    }
  return copy == NULL || mc_store_copy_end (to, copy, TRUE, error);
}

/* Every copied account is a login of the server, in the group of its role; those new to the
 * server have no password yet: the administrator sets them (*NEED_PASSWORD counts them). */
static gboolean
create_logins (McStore *to, GPtrArray *kept, gint64 *need_password, GError **error)
{
  McDbStmt *stmt = mc_store_query (to, error,
                                   "SELECT username, role FROM officer WHERE username IS NOT NULL "
                                   "ORDER BY id", MC_NO_PARAMS);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (int));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (to, stmt, _("reading the officers"), error)) == MC_DB_STEP_ROW)
    {
      int role = mc_col_int (stmt, 1);

      g_ptr_array_add (accounts, mc_col_dup (stmt, 0));
      g_array_append_val (roles, role);
    }
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++)
    {
      const char *username = g_ptr_array_index (accounts, i);
      gboolean set_up = FALSE;

      for (guint k = 0; k < kept->len; k++)
        set_up |= g_str_equal (((KeptLogin *) g_ptr_array_index (kept, k))->username, username);
      if (!set_up)
        (*need_password)++;
      if (!mc_store_login_create (to, username, NULL, g_array_index (roles, int, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
restore_logins (McStore *to, GPtrArray *kept, GError **error)
{
  for (guint i = 0; i < kept->len; i++)
    {
      const KeptLogin *k = g_ptr_array_index (kept, i);
      gint64 id = mc_store_find_officer_by_username (to, k->username, error);

      if (id < 0)
        return FALSE;
      if (id > 0)
        continue;
      if (mc_store_insert (to, _("keeping the server's administrator"), error,
                           "INSERT INTO officer (name, name_folded, title, role, username, "
                           "password_hash, active, created_at) "
                           "VALUES (?1, '', '', ?2, ?3, ?4, TRUE, ?5) RETURNING id",
                           MC_PARAMS (MC_TEXT (k->name), MC_INT (k->role), MC_TEXT (k->username),
                                      MC_TEXT (k->hash), MC_I64 (mc_store_now (to)))) == 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_migrate_to (McStore *from, McStore *to, gint64 *rows, gint64 *need_password,
                     GError **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  gint64 dossiers = -1;
  gboolean server = mc_store_engine (to) == MC_DB_POSTGRESQL;

  g_return_val_if_fail (from != to, FALSE);
  *rows = 0;
  *need_password = 0;

  if (!mc_store_get_int64 (to, _("reading the destination"), &dossiers, error,
                           "SELECT count(*) FROM dossier", MC_NO_PARAMS))
    return FALSE;
  if (dossiers != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The destination already holds dossiers; a commune is moved only into a "
                     "database that has none yet (a new file, or a server database right after "
                     "its set-up). Nothing was copied."));
      return FALSE;
    }
  kept = read_logins (to, error);
  if (kept == NULL)
    return FALSE;

  if (!mc_store_begin (to, error))
    return FALSE;
  /* On the server, as its administrator: no trigger or key is checked until the copy is whole,
   * and what set-up wrote gives way to the commune's own rows. A new file has nothing to give
   * way. */
  if (server && (!mc_store_exec (to, "SET LOCAL session_replication_role = replica", error) ||
                 !mc_store_exec (to, "SET LOCAL motcua.restore = 'on'", error)))
    goto fail;
  /* On a file, the keys are checked at the COMMIT: a leader's key names the key that confirmed
   * it, and the first two keys of a commune confirm each other. */
  if (!server && !mc_store_exec (to, "PRAGMA defer_foreign_keys = ON", error))
    goto fail;
  for (gsize t = 0; server && t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[t]);

      if (!mc_store_exec (to, sql, error))
        goto fail;
    }
  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s", tables[t]);

      /* The days marked while the dossiers were copied give way to the source's own marks. */
      if ((g_str_has_suffix (tables[t], "_dirty") && !mc_store_exec (to, clear, error)) ||
          !copy_table (from, to, tables[t], rows, error))
        {
          g_prefix_error (error, _("Copying the table “%s”: "), tables[t]);
          goto fail;
        }
    }
  /* The server's triggers were off while the rows came: the names' search words
   * (0009-search.sql) are made once for every dossier copied. */
  if (server && (!mc_store_exec (to, "SET LOCAL session_replication_role = origin", error) ||
                 !mc_store_exec (to, "SELECT motcua_sync_identities ()", error) ||
                 !mc_store_exec (to,
                     "WITH RECURSIVE w (id, rest) AS ("
                     "  SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1)"
                     "    FROM dossier WHERE strpos (applicant_folded, ' ') > 0"
                     "  UNION ALL"
                     "  SELECT id, substr (representative_folded,"
                     "                     strpos (representative_folded, ' ') + 1)"
                     "    FROM dossier WHERE strpos (representative_folded, ' ') > 0"
                     "  UNION ALL"
                     "  SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w"
                     "   WHERE strpos (rest, ' ') > 0) "
                     "INSERT INTO dossier_word (word, dossier_id)"
                     " SELECT rest, id FROM w WHERE rest <> '' ON CONFLICT DO NOTHING",
                     error)))
    goto fail;
  if (!restore_logins (to, kept, error) ||
      (server && !create_logins (to, kept, need_password, error)))
    goto fail;
  if (!mc_store_commit (to, error))
    return FALSE;
  mc_store_invalidate_calendar (to);
  return TRUE;

fail:
  mc_store_rollback (to);
  return FALSE;
}
