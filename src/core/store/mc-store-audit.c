/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-store-private.h"

/* The hash covers the previous record's hash and every field of this one, separated by a byte
 * that cannot occur in the text (0x1f), so no two different records hash alike. */
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

char *
mc_audit_last_hash (McStore *self)
{
  char *hash = mc_store_get_text (self, _("reading the audit log"), NULL, NULL,
                                  "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", MC_NO_PARAMS);

  return hash ? hash : g_strdup ("");
}

gboolean
mc_audit_last_record (McStore *self, gint64 *id, char **hash, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                                   MC_NO_PARAMS);
  McDbStep rc;

  *id = 0;
  *hash = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (self, stmt, _("reading the audit log"), error);
  if (rc == MC_DB_STEP_ROW)
    {
      *id = mc_col_int64 (stmt, 0);
      *hash = mc_col_dup (stmt, 1);
      mc_db_reset (stmt);
    }
  if (*hash == NULL)
    *hash = g_strdup ("");
  return rc != MC_DB_STEP_ERROR;
}

gboolean
mc_audit_record_matches (McStore *self, gint64 id, const char *hash)
{
  McDbStmt *stmt;
  gboolean ok = FALSE;

  if (hash == NULL)
    return FALSE;
  stmt = mc_store_query (self, NULL,
                         "SELECT at, actor_id, action, entity, entity_id, details, prev_hash, hash "
                         "FROM audit WHERE id = ?1", MC_PARAMS (MC_I64 (id)));
  if (stmt == NULL)
    return FALSE;
  if (mc_store_step (self, stmt, _("reading the audit log"), NULL) == MC_DB_STEP_ROW)
    {
      if (g_str_equal (mc_col_text (stmt, 7), hash))
        {
          g_autofree char *computed = record_hash (mc_col_text (stmt, 6), id,
                                                   mc_col_int64 (stmt, 0), mc_col_id (stmt, 1),
                                                   mc_col_text (stmt, 2), mc_col_text (stmt, 3),
                                                   mc_col_id (stmt, 4), mc_col_text (stmt, 5));

          ok = g_str_equal (computed, hash);
        }
      mc_db_reset (stmt);
    }
  return ok;
}

gboolean
mc_audit_append (McStore *self, gint64 actor_id, const char *action, const char *entity,
                 gint64 entity_id, const char *details, GError **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  gint64 last = 0;
  gint64 at;

  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  /* Inside the write transaction, so that the chain's next number and link are taken by one
   * writer at a time. (On PostgreSQL a trigger computes them again on the server, under a lock,
   * from its own clock.) */
  details = details ? details : "";
  at = mc_store_now (self);
  if (!mc_audit_last_record (self, &last, &prev, error))
    return FALSE;
  hash = record_hash (prev, last + 1, at, actor_id, action, entity, entity_id, details);
  return mc_store_run (self, _("writing the audit log"), error,
                       "INSERT INTO audit (id, at, actor_id, action, entity, entity_id, details, "
                       "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       MC_PARAMS (MC_I64 (last + 1), MC_I64 (at), MC_ID (actor_id),
                                  MC_TEXT (action), MC_TEXT (entity), MC_ID (entity_id),
                                  MC_TEXT (details), MC_TEXT (prev), MC_TEXT (hash)));
}

gboolean
mc_audit_verify (McStore *self, gint64 *n_records, GError **error)
{
  g_autofree char *prev = g_strdup ("");
  gint64 n = 0;
  gint64 expected_id = 0;
  McDbStmt *stmt;
  McDbStep rc;

  stmt = mc_store_query (self, error,
                         "SELECT id, at, actor_id, action, entity, entity_id, details, prev_hash, "
                         "hash FROM audit ORDER BY id", MC_NO_PARAMS);
  if (stmt == NULL)
    return FALSE;

  while ((rc = mc_store_step (self, stmt, _("reading the audit log"), error)) == MC_DB_STEP_ROW)
    {
      gint64 id = mc_col_int64 (stmt, 0);
      const char *stored_prev = mc_col_text (stmt, 7);
      const char *stored_hash = mc_col_text (stmt, 8);
      g_autofree char *hash = record_hash (prev, id, mc_col_int64 (stmt, 1), mc_col_id (stmt, 2),
                                           mc_col_text (stmt, 3), mc_col_text (stmt, 4),
                                           mc_col_id (stmt, 5), mc_col_text (stmt, 6));

      if (expected_id != 0 && id != expected_id)
        {
          mc_db_reset (stmt);
          g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                       _("The audit log is broken: record %lld"
                         " is missing (deleted outside the program)."), (long long) expected_id);
          return FALSE;
        }
      if (!g_str_equal (stored_prev, prev) || !g_str_equal (stored_hash, hash))
        {
          mc_db_reset (stmt);
          g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                       _("The audit log is broken at record %lld"
                         ": it was changed outside the program."), (long long) id);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (stored_hash);
      expected_id = id + 1;
      n++;
    }
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;

  if (n_records != NULL)
    *n_records = n;
  return TRUE;
}

gboolean
mc_audit_first_id (McStore *self, gint64 *id, GError **error)
{
  *id = 0;
  return mc_store_get_int64 (self, _("reading the audit log"), id, error,
                             "SELECT min(id) FROM audit", MC_NO_PARAMS);
}

char *
mc_audit_record_hash (McStore *self, gint64 id, gboolean *failed, GError **error)
{
  return mc_store_get_text (self, _("reading the audit log"), failed, error,
                            "SELECT hash FROM audit WHERE id = ?1", MC_PARAMS (MC_I64 (id)));
}

gboolean
mc_audit_dossiers_since (McStore *self, gint64 after_id, GHashTable *ids, GPtrArray *imports,
                         GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT entity_id, action, details FROM audit "
                                   "WHERE id > ?1 AND entity = 'dossier' ORDER BY id",
                                   MC_PARAMS (MC_I64 (after_id)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the audit log"), error)) == MC_DB_STEP_ROW)
    {
      gint64 entity_id = mc_col_id (stmt, 0);

      if (entity_id != 0)
        {
          gint64 *key = g_new (gint64, 1);

          *key = entity_id;
          g_hash_table_add (ids, key);
        }
      else if (g_str_equal (mc_col_text (stmt, 1), "import"))
        g_ptr_array_add (imports, mc_col_dup (stmt, 2));
    }
  return rc == MC_DB_STEP_DONE;
}

gboolean
mc_audit_foreach_action (McStore *self, const char *action, McAuditRecordFunc func,
                         gpointer data, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT id, entity_id, details FROM audit WHERE action = ?1 "
                                   "ORDER BY id", MC_PARAMS (MC_TEXT (action)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the audit log"), error)) == MC_DB_STEP_ROW)
    func (mc_col_int64 (stmt, 0), mc_col_id (stmt, 1), mc_col_text (stmt, 2), data);
  return rc == MC_DB_STEP_DONE;
}
