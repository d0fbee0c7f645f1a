/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-audit.h"
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
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", NULL);
  char *hash = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = mc_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return hash ? hash : g_strdup ("");
}

gboolean
mc_audit_record_matches (McStore *self, gint64 id, const char *hash)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "SELECT at, actor_id, action, entity, entity_id, details, prev_hash, hash "
      "FROM audit WHERE id = ?", NULL);
  gboolean ok = FALSE;

  if (stmt == NULL || hash == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), hash) == 0)
    {
      g_autofree char *computed = record_hash ((const char *) sqlite3_column_text (stmt, 6), id,
                                               sqlite3_column_int64 (stmt, 0),
                                               sqlite3_column_int64 (stmt, 1),
                                               (const char *) sqlite3_column_text (stmt, 2),
                                               (const char *) sqlite3_column_text (stmt, 3),
                                               sqlite3_column_int64 (stmt, 4),
                                               (const char *) sqlite3_column_text (stmt, 5));

      ok = g_str_equal (computed, hash);
    }
  sqlite3_reset (stmt);
  return ok;
}

gboolean
mc_audit_append (McStore *self, gint64 actor_id, const char *action, const char *entity,
                 gint64 entity_id, const char *details, GError **error)
{
  sqlite3 *db = mc_store_get_db (self);
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 1;
  gint64 at = mc_now ();
  int rc;

  g_return_val_if_fail (!sqlite3_get_autocommit (db), FALSE);

  details = details ? details : "";
  stmt = mc_store_prepare (self, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0) + 1;
      prev = mc_stmt_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (prev == NULL)
    prev = g_strdup ("");

  hash = record_hash (prev, id, at, actor_id, action, entity, entity_id, details);

  stmt = mc_store_prepare (self,
      "INSERT INTO audit (id, at, actor_id, action, entity, entity_id, details, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, at);
  mc_stmt_bind_id (stmt, 3, actor_id);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entity, -1, SQLITE_STATIC);
  mc_stmt_bind_id (stmt, 6, entity_id);
  sqlite3_bind_text (stmt, 7, details, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (self, error, _("writing the audit log"));
  return TRUE;
}

gboolean
mc_audit_verify (McStore *self, gint64 *n_records, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *prev = g_strdup ("");
  gint64 n = 0;
  gint64 expected_id = 0;
  int rc;

  stmt = mc_store_prepare (self,
      "SELECT id, at, actor_id, action, entity, entity_id, details, prev_hash, hash "
      "FROM audit ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 7);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 8);
      g_autofree char *hash = NULL;

      hash = record_hash (prev, id, sqlite3_column_int64 (stmt, 1),
                          sqlite3_column_int64 (stmt, 2),
                          (const char *) sqlite3_column_text (stmt, 3),
                          (const char *) sqlite3_column_text (stmt, 4),
                          sqlite3_column_int64 (stmt, 5),
                          (const char *) sqlite3_column_text (stmt, 6));

      if (expected_id != 0 && id != expected_id)
        {
          sqlite3_reset (stmt);
          g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                       _("The audit log is broken: record %lld"
                         " is missing (deleted outside the program)."), (long long) expected_id);
          return FALSE;
        }
      if (g_strcmp0 (stored_prev, prev) != 0 || g_strcmp0 (stored_hash, hash) != 0)
        {
          sqlite3_reset (stmt);
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
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (self, error, _("reading the audit log"));

  if (n_records != NULL)
    *n_records = n;
  return TRUE;
}
