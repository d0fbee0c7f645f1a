/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checkpoints of the audit chain and the dossiers' rows, as stored (0007-accountability.sql),
 * and the dossiers' rows as a checkpoint reads them. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

#define CHECKPOINT_COLUMNS \
  "id, at, officer_id, key_id, audit_count, audit_hash, dossier_count, dossier_digest, digest, " \
  "signature, signature_count, signature_digest"

void
mc_store_checkpoint_clear (McStoreCheckpoint *c)
{
  g_free (c->audit_hash);
  g_free (c->dossier_digest);
  g_free (c->digest_hex);
  g_clear_pointer (&c->row_hashes, g_bytes_unref);
  g_free (c->signature_digest);
  g_clear_pointer (&c->signature_hashes, g_bytes_unref);
  memset (c, 0, sizeof *c);
}

static void
checkpoint_free (gpointer data)
{
  mc_store_checkpoint_clear (data);
  g_free (data);
}

gint64
mc_store_next_checkpoint_id (McStore *self, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (self, _("reading the checkpoints"), &id, error,
                           "SELECT coalesce (max (id), 0) + 1 FROM checkpoint", MC_NO_PARAMS))
    return 0;
  return id;
}

gboolean
mc_store_insert_checkpoint (McStore *self, const McStoreCheckpoint *c, GError **error)
{
  gsize n = 0, n_sigs = 0;
  gconstpointer rows = c->row_hashes != NULL ? g_bytes_get_data (c->row_hashes, &n) : NULL;
  gconstpointer sigs = c->signature_hashes != NULL ? g_bytes_get_data (c->signature_hashes,
                                                                        &n_sigs) : NULL;

  /* An empty commune has no rows: a blob of no bytes, never NULL. */
  return mc_store_run (self, _("saving the checkpoint"), error,
                       "INSERT INTO checkpoint (id, at, officer_id, key_id, audit_count, "
                       "audit_hash, dossier_count, dossier_digest, row_hashes, digest, signature, "
                       "signature_count, signature_digest, signature_hashes) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                       MC_PARAMS (MC_I64 (c->id), MC_I64 (c->at), MC_I64 (c->officer_id),
                                  MC_I64 (c->key_id), MC_I64 (c->audit_count),
                                  MC_TEXT (c->audit_hash), MC_I64 (c->dossier_count),
                                  MC_TEXT (c->dossier_digest),
                                  MC_BLOB (rows != NULL ? rows : "", n),
                                  MC_TEXT (c->digest_hex),
                                  MC_BLOB (c->signature, sizeof c->signature),
                                  MC_I64 (c->signature_count), MC_TEXT (c->signature_digest),
                                  MC_BLOB (sigs != NULL ? sigs : "", n_sigs)));
}

static void
checkpoint_from_row (McDbStmt *stmt, McStoreCheckpoint *c, gboolean with_rows)
{
  gsize len = 0;
  const void *sig;

  c->id = mc_col_int64 (stmt, 0);
  c->at = mc_col_int64 (stmt, 1);
  c->officer_id = mc_col_int64 (stmt, 2);
  c->key_id = mc_col_int64 (stmt, 3);
  c->audit_count = mc_col_int64 (stmt, 4);
  c->audit_hash = mc_col_dup (stmt, 5);
  c->dossier_count = mc_col_int64 (stmt, 6);
  c->dossier_digest = mc_col_dup (stmt, 7);
  c->digest_hex = mc_col_dup (stmt, 8);
  sig = mc_db_column_blob (stmt, 9, &len);
  c->signature_intact = sig != NULL && len == sizeof c->signature;
  if (c->signature_intact)
    memcpy (c->signature, sig, sizeof c->signature);
  c->signature_count = mc_col_int64 (stmt, 10);
  c->signature_digest = mc_col_dup (stmt, 11);
  if (with_rows)
    {
      const void *rows = mc_db_column_blob (stmt, 12, &len);

      c->row_hashes = g_bytes_new (rows, rows != NULL ? len : 0);
      rows = mc_db_column_blob (stmt, 13, &len);
      c->signature_hashes = g_bytes_new (rows, rows != NULL ? len : 0);
    }
}

GPtrArray *
mc_store_list_checkpoints (McStore *self, gboolean with_rows, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (checkpoint_free);
  McDbStmt *stmt = mc_store_query (self, error,
                                   with_rows ? "SELECT " CHECKPOINT_COLUMNS ", row_hashes, "
                                               "signature_hashes FROM checkpoint ORDER BY id"
                                             : "SELECT " CHECKPOINT_COLUMNS " "
                                               "FROM checkpoint ORDER BY id", MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the checkpoints"), error)) == MC_DB_STEP_ROW)
    {
      McStoreCheckpoint *c = g_new0 (McStoreCheckpoint, 1);

      checkpoint_from_row (stmt, c, with_rows);
      g_ptr_array_add (list, c);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

int
mc_store_load_checkpoint (McStore *self, gint64 id, gboolean with_rows, McStoreCheckpoint *c,
                          GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   with_rows ? "SELECT " CHECKPOINT_COLUMNS ", row_hashes, "
                                               "signature_hashes FROM checkpoint WHERE id = ?1"
                                             : "SELECT " CHECKPOINT_COLUMNS " "
                                               "FROM checkpoint WHERE id = ?1",
                                   MC_PARAMS (MC_I64 (id)));
  McDbStep rc;

  memset (c, 0, sizeof *c);
  if (stmt == NULL)
    return -1;
  rc = mc_store_step (self, stmt, _("reading the checkpoints"), error);
  if (rc == MC_DB_STEP_ERROR)
    return -1;
  if (rc == MC_DB_STEP_DONE)
    return 0;
  checkpoint_from_row (stmt, c, with_rows);
  mc_db_reset (stmt);
  return 1;
}

gint64
mc_store_last_checkpoint_id (McStore *self, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (self, _("reading the checkpoints"), &id, error,
                           "SELECT max(id) FROM checkpoint", MC_NO_PARAMS))
    return 0;
  return id;
}

/* ---- The dossiers' rows ---- */

/* Every column of the dossier table at schema 7, in this fixed order (a column added later is
 * not part of a row's text until the text's version changes: mc-checkpoint.c). */
static const struct { const char *name; gboolean is_text; } row_columns[] = {
  { "code", TRUE }, { "procedure_id", FALSE }, { "channel", FALSE }, { "status", FALSE },
  { "step", FALSE }, { "submitted_at", FALSE }, { "received_at", FALSE }, { "due_at", FALSE },
  { "apology_due_at", FALSE }, { "ended_at", FALSE }, { "returned_at", FALSE },
  { "supplement_count", FALSE }, { "paused_seconds", FALSE }, { "paused_since", FALSE },
  { "reassign_count", FALSE }, { "apology_count", FALSE }, { "digitized_input", FALSE },
  { "digitized_result", FALSE }, { "fee", FALSE }, { "paid_online", FALSE },
  { "receiver_id", FALSE }, { "handler_id", FALSE }, { "signer_id", FALSE },
  { "applicant_name", TRUE }, { "applicant_folded", TRUE }, { "applicant_id_number", TRUE },
  { "applicant_phone", TRUE }, { "applicant_address", TRUE }, { "applicant_email", TRUE },
  { "representative_name", TRUE }, { "representative_folded", TRUE },
  { "representative_phone", TRUE }, { "representative_id_number", TRUE }, { "request", TRUE },
  { "result", TRUE }, { "note", TRUE }, { "outcome", FALSE }, { "late_intake", FALSE },
  { "updated_at", FALSE }, { "version", FALSE },
};

gboolean
mc_store_foreach_dossier_row (McStore *self, McStoreDossierRowFunc func, gpointer data,
                              GError **error)
{
  static gsize once = 0;
  static char *sql = NULL;
  McStoreRowValue values[G_N_ELEMENTS (row_columns)];
  McDbStmt *stmt;
  McDbStep rc;

  if (g_once_init_enter (&once))
    {
      GString *text = g_string_new ("SELECT id");

      for (gsize i = 0; i < G_N_ELEMENTS (row_columns); i++)
        g_string_append_printf (text, ", %s", row_columns[i].name);
      g_string_append (text, " FROM dossier ORDER BY id");
      sql = g_string_free (text, FALSE);
      g_once_init_leave (&once, 1);
    }
  stmt = mc_store_query (self, error, sql, MC_NO_PARAMS);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the dossiers"), error)) == MC_DB_STEP_ROW)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (row_columns); i++)
        {
          int col = (int) i + 1;

          values[i].name = row_columns[i].name;
          values[i].is_text = row_columns[i].is_text;
          values[i].is_null = mc_col_null (stmt, col);
          values[i].number = values[i].is_null || values[i].is_text ? 0 : mc_col_int64 (stmt, col);
          values[i].text = values[i].is_text && !values[i].is_null ? mc_col_text (stmt, col) : NULL;
        }
      if (!func (mc_col_int64 (stmt, 0), values, G_N_ELEMENTS (row_columns), data))
        {
          mc_db_reset (stmt);
          return TRUE;
        }
    }
  return rc != MC_DB_STEP_ERROR;
}

char *
mc_store_dossier_code (McStore *self, gint64 id)
{
  return mc_store_get_text (self, _("reading the dossiers"), NULL, NULL,
                            "SELECT code FROM dossier WHERE id = ?1", MC_PARAMS (MC_I64 (id)));
}
