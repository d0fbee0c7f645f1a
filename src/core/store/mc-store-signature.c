/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leaders' signing keys and the signatures, as stored (0003-signature.sql). */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

#define KEY_COLUMNS \
  "id, officer_id, public_key, encrypted_secret, salt, nonce, kdf_ops, kdf_mem, retired_at, " \
  "revoked_at, audit_id, created_at, after_reset, legacy, confirmed_by, confirmer_key_id, " \
  "confirmed_at, confirmation, confirmed_audit_id"

/* Copies a BLOB column of exactly N bytes; FALSE when it has another size (damaged). */
static gboolean
copy_blob (McDbStmt *stmt, int col, guchar *out, gsize n)
{
  gsize len = 0;
  const void *data = mc_db_column_blob (stmt, col, &len);

  if (data == NULL || len != n)
    return FALSE;
  memcpy (out, data, n);
  return TRUE;
}

static gboolean
key_from_row (McDbStmt *stmt, McStoreKey *k)
{
  k->id = mc_col_int64 (stmt, 0);
  k->officer_id = mc_col_int64 (stmt, 1);
  k->ops = mc_col_int64 (stmt, 6);
  k->mem = mc_col_int64 (stmt, 7);
  k->retired_at = mc_col_time (stmt, 8);
  k->revoked_at = mc_col_time (stmt, 9);
  k->audit_id = mc_col_int64 (stmt, 10);
  k->created_at = mc_col_time (stmt, 11);
  k->after_reset = mc_col_bool (stmt, 12);
  k->legacy = mc_col_bool (stmt, 13);
  k->confirmed_by = mc_col_id (stmt, 14);
  k->confirmer_key_id = mc_col_id (stmt, 15);
  k->confirmed_at = mc_col_time (stmt, 16);
  k->confirmed_audit_id = mc_col_id (stmt, 18);
  k->confirmation_intact = !mc_col_null (stmt, 17) &&
                           copy_blob (stmt, 17, k->confirmation, sizeof k->confirmation);
  return copy_blob (stmt, 2, k->public_key, sizeof k->public_key) &&
         copy_blob (stmt, 3, k->sealed, sizeof k->sealed) &&
         copy_blob (stmt, 4, k->salt, sizeof k->salt) &&
         copy_blob (stmt, 5, k->nonce, sizeof k->nonce);
}

static int
load_key (McStore *store, McDbStmt *stmt, McStoreKey *k, GError **error)
{
  McDbStep rc;
  gboolean intact = TRUE;

  if (stmt == NULL)
    return -1;
  rc = mc_store_step (store, stmt, _("reading the signing keys"), error);
  if (rc == MC_DB_STEP_ERROR)
    return -1;
  if (rc == MC_DB_STEP_DONE)
    return 0;
  intact = key_from_row (stmt, k);
  mc_db_reset (stmt);
  if (!intact)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                   _("The signing key no. %lld is damaged in the database."), (long long) k->id);
      return -1;
    }
  return 1;
}

int
mc_store_load_usable_key (McStore *store, gint64 officer_id, McStoreKey *k, GError **error)
{
  return load_key (store,
                   mc_store_query (store, error,
                                   "SELECT " KEY_COLUMNS " FROM signing_key WHERE officer_id = ?1 "
                                   "AND retired_at IS NULL AND revoked_at IS NULL "
                                   "ORDER BY id DESC LIMIT 1", MC_PARAMS (MC_I64 (officer_id))),
                   k, error);
}

int
mc_store_load_key (McStore *store, gint64 key_id, McStoreKey *k, GError **error)
{
  return load_key (store,
                   mc_store_query (store, error,
                                   "SELECT " KEY_COLUMNS " FROM signing_key WHERE id = ?1",
                                   MC_PARAMS (MC_I64 (key_id))),
                   k, error);
}

int
mc_store_load_latest_key (McStore *store, gint64 officer_id, McStoreKey *k, GError **error)
{
  return load_key (store,
                   mc_store_query (store, error,
                                   "SELECT " KEY_COLUMNS " FROM signing_key WHERE officer_id = ?1 "
                                   "ORDER BY id DESC LIMIT 1", MC_PARAMS (MC_I64 (officer_id))),
                   k, error);
}

GArray *
mc_store_list_keys (McStore *store, GError **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, TRUE, sizeof (McStoreKey));
  McDbStmt *stmt = mc_store_query (store, error,
                                   "SELECT " KEY_COLUMNS " FROM signing_key "
                                   "ORDER BY officer_id, id", MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (store, stmt, _("reading the signing keys"), error)) == MC_DB_STEP_ROW)
    {
      McStoreKey k = { 0 };

      /* A damaged key is listed as it is: the verification says what is wrong with it. */
      key_from_row (stmt, &k);
      g_array_append_val (keys, k);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&keys);
}

gboolean
mc_store_any_confirmed_key (McStore *store, gboolean *any, GError **error)
{
  gint64 n = 0;

  if (!mc_store_get_int64 (store, _("reading the signing keys"), &n, error,
                           "SELECT count(*) FROM signing_key WHERE confirmed_at IS NOT NULL "
                           "AND retired_at IS NULL AND revoked_at IS NULL", MC_NO_PARAMS))
    return FALSE;
  *any = n > 0;
  return TRUE;
}

gboolean
mc_store_confirm_key (McStore *store, const McStoreKey *k, GError **error)
{
  gint64 changed = mc_store_run_changes (store, _("confirming the signing key"), error,
                                         "UPDATE signing_key SET confirmed_by = ?1, "
                                         "confirmer_key_id = ?2, confirmed_at = ?3, "
                                         "confirmation = ?4, confirmed_audit_id = ?6 "
                                         "WHERE id = ?5 AND confirmed_at IS NULL",
                                         MC_PARAMS (MC_I64 (k->confirmed_by),
                                                    MC_I64 (k->confirmer_key_id),
                                                    MC_I64 (k->confirmed_at),
                                                    MC_BLOB (k->confirmation,
                                                             sizeof k->confirmation),
                                                    MC_I64 (k->id),
                                                    MC_I64 (k->confirmed_audit_id)));

  if (changed < 0)
    return FALSE;
  if (changed == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CONFLICT,
                   _("The signing key no. %lld was confirmed meanwhile."), (long long) k->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_key_history (McStore *store, gint64 officer_id, gboolean *any_key, McTime *revoked_at,
                      GError **error)
{
  McDbStmt *stmt = mc_store_query (store, error,
                                   "SELECT count(*), max(revoked_at) FROM signing_key "
                                   "WHERE officer_id = ?1", MC_PARAMS (MC_I64 (officer_id)));

  if (stmt == NULL)
    return FALSE;
  if (mc_store_step (store, stmt, _("reading the signing keys"), error) != MC_DB_STEP_ROW)
    return FALSE;
  *any_key = mc_col_int64 (stmt, 0) > 0;
  *revoked_at = mc_col_time (stmt, 1);
  mc_db_reset (stmt);
  return TRUE;
}

gint64
mc_store_retire_keys (McStore *store, gint64 officer_id, McTime at, GError **error)
{
  return mc_store_run_changes (store, _("saving the signing key"), error,
                               "UPDATE signing_key SET retired_at = ?1 WHERE officer_id = ?2 "
                               "AND retired_at IS NULL AND revoked_at IS NULL",
                               MC_PARAMS (MC_I64 (at), MC_I64 (officer_id)));
}

gint64
mc_store_revoke_keys (McStore *store, gint64 officer_id, McTime at, GError **error)
{
  return mc_store_run_changes (store, _("revoking the signing key"), error,
                               "UPDATE signing_key SET revoked_at = ?1 WHERE officer_id = ?2 "
                               "AND revoked_at IS NULL",
                               MC_PARAMS (MC_I64 (at), MC_I64 (officer_id)));
}

gint64
mc_store_insert_key (McStore *store, const McStoreKey *k, McTime created_at, GError **error)
{
  return mc_store_insert (store, _("saving the signing key"), error,
                          "INSERT INTO signing_key (officer_id, public_key, encrypted_secret, "
                          "salt, nonce, kdf_ops, kdf_mem, created_at, audit_id, after_reset) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                          MC_PARAMS (MC_I64 (k->officer_id),
                                     MC_BLOB (k->public_key, sizeof k->public_key),
                                     MC_BLOB (k->sealed, sizeof k->sealed),
                                     MC_BLOB (k->salt, sizeof k->salt),
                                     MC_BLOB (k->nonce, sizeof k->nonce), MC_I64 (k->ops),
                                     MC_I64 (k->mem), MC_I64 (created_at),
                                     MC_I64 (k->audit_id), MC_BOOL (k->after_reset)));
}

gboolean
mc_store_update_key_seal (McStore *store, const McStoreKey *k, GError **error)
{
  return mc_store_run (store, _("saving the signing key"), error,
                       "UPDATE signing_key SET encrypted_secret = ?1, salt = ?2, nonce = ?3, "
                       "kdf_ops = ?4, kdf_mem = ?5 WHERE id = ?6",
                       MC_PARAMS (MC_BLOB (k->sealed, sizeof k->sealed),
                                  MC_BLOB (k->salt, sizeof k->salt),
                                  MC_BLOB (k->nonce, sizeof k->nonce), MC_I64 (k->ops),
                                  MC_I64 (k->mem), MC_I64 (k->id)));
}

/* ---- Signatures ---- */

void
mc_store_signature_clear (McStoreSignature *s)
{
  g_free (s->audit_hash);
  g_free (s->code);
  g_free (s->procedure_code);
  g_free (s->applicant_name);
  g_free (s->applicant_id);
  g_free (s->result);
  g_free (s->digest_hex);
  g_free (s->result_files);
  memset (s, 0, sizeof *s);
}

gint64
mc_store_insert_signature (McStore *store, const McStoreSignature *s, GError **error)
{
  return mc_store_insert (store, _("saving the signature"), error,
                          "INSERT INTO signature (dossier_id, officer_id, key_id, signed_at, "
                          "audit_id, audit_hash, code, procedure_code, applicant_name, "
                          "applicant_id, result, appointment, digest, signature, "
                          "digest_version, result_files) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                          "?15, ?16) RETURNING id",
                          MC_PARAMS (MC_I64 (s->dossier_id), MC_I64 (s->officer_id),
                                     MC_I64 (s->key_id), MC_I64 (s->signed_at),
                                     MC_I64 (s->audit_id), MC_TEXT (s->audit_hash),
                                     MC_TEXT (s->code), MC_TEXT (s->procedure_code),
                                     MC_TEXT (s->applicant_name), MC_TEXT (s->applicant_id),
                                     MC_TEXT (s->result), MC_TIME (s->appointment),
                                     MC_TEXT (s->digest_hex),
                                     MC_BLOB (s->signature, sizeof s->signature),
                                     MC_INT (s->digest_version > 0 ? s->digest_version : 1),
                                     MC_TEXT (s->result_files != NULL ? s->result_files
                                                                      : "")));
}

gboolean
mc_store_load_signature (McStore *store, gint64 signature_id, McStoreSignature *s,
                         GError **error)
{
  McDbStmt *stmt = mc_store_query (store, error,
      "SELECT dossier_id, officer_id, key_id, signed_at, audit_id, audit_hash, code, "
      "procedure_code, applicant_name, applicant_id, result, appointment, digest, signature, "
      "digest_version, result_files FROM signature WHERE id = ?1", MC_PARAMS (MC_I64 (signature_id)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (store, stmt, _("reading the signature"), error);
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  if (rc == MC_DB_STEP_DONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The signature no. %lld does not exist in this database."),
                   (long long) signature_id);
      return FALSE;
    }
  s->id = signature_id;
  s->dossier_id = mc_col_int64 (stmt, 0);
  s->officer_id = mc_col_int64 (stmt, 1);
  s->key_id = mc_col_int64 (stmt, 2);
  s->signed_at = mc_col_int64 (stmt, 3);
  s->audit_id = mc_col_int64 (stmt, 4);
  s->audit_hash = mc_col_dup (stmt, 5);
  s->code = mc_col_dup (stmt, 6);
  s->procedure_code = mc_col_dup (stmt, 7);
  s->applicant_name = mc_col_dup (stmt, 8);
  s->applicant_id = mc_col_dup (stmt, 9);
  s->result = mc_col_dup (stmt, 10);
  s->appointment = mc_col_time (stmt, 11);
  s->digest_hex = mc_col_dup (stmt, 12);
  s->signature_intact = copy_blob (stmt, 13, s->signature, sizeof s->signature);
  s->digest_version = mc_col_int (stmt, 14);
  s->result_files = mc_col_dup (stmt, 15);
  mc_db_reset (stmt);
  return TRUE;
}

gboolean
mc_store_foreach_latest_signature (McStore *store, McStoreSignatureFunc func, gpointer data,
                                   GError **error)
{
  /* One pass over the signatures joined with what their dossier holds now and the record each
   * follows: a check of every signature costs one statement, not six per signature. */
  McDbStmt *stmt = mc_store_query (store, error,
      "SELECT s.id, s.dossier_id, s.officer_id, s.key_id, s.signed_at, s.audit_id, "
      "s.audit_hash, s.code, s.procedure_code, s.applicant_name, s.applicant_id, s.result, "
      "s.appointment, s.digest, s.signature, d.code, p.code, d.applicant_name, "
      "d.applicant_id_number, d.result, d.due_at, a.hash, s.digest_version, s.result_files "
      "FROM signature s JOIN dossier d ON d.id = s.dossier_id "
      "JOIN procedure p ON p.id = d.procedure_id LEFT JOIN audit a ON a.id = s.audit_id "
      "WHERE NOT EXISTS (SELECT 1 FROM signature n WHERE n.dossier_id = s.dossier_id "
      "AND n.id > s.id) ORDER BY s.id", MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (store, stmt, _("reading the signatures"), error)) == MC_DB_STEP_ROW)
    {
      McStoreSignature s = {
        .id = mc_col_int64 (stmt, 0), .dossier_id = mc_col_int64 (stmt, 1),
        .officer_id = mc_col_int64 (stmt, 2), .key_id = mc_col_int64 (stmt, 3),
        .signed_at = mc_col_int64 (stmt, 4), .audit_id = mc_col_int64 (stmt, 5),
        .audit_hash = (char *) mc_col_text (stmt, 6), .code = (char *) mc_col_text (stmt, 7),
        .procedure_code = (char *) mc_col_text (stmt, 8),
        .applicant_name = (char *) mc_col_text (stmt, 9),
        .applicant_id = (char *) mc_col_text (stmt, 10),
        .result = (char *) mc_col_text (stmt, 11), .appointment = mc_col_time (stmt, 12),
        .digest_hex = (char *) mc_col_text (stmt, 13),
        .digest_version = mc_col_int (stmt, 22),
        .result_files = (char *) mc_col_text (stmt, 23),
      };
      McStoreSignedNow now = {
        .code = mc_col_text (stmt, 15), .procedure_code = mc_col_text (stmt, 16),
        .applicant_name = mc_col_text (stmt, 17), .applicant_id = mc_col_text (stmt, 18),
        .result = mc_col_text (stmt, 19), .appointment = mc_col_time (stmt, 20),
        .audit_hash = mc_col_null (stmt, 21) ? NULL : mc_col_text (stmt, 21),
      };

      s.signature_intact = copy_blob (stmt, 14, s.signature, sizeof s.signature);
      if (!func (&s, &now, data))
        {
          mc_db_reset (stmt);
          return TRUE;
        }
    }
  return rc != MC_DB_STEP_ERROR;
}

gint64
mc_store_latest_signature_id (McStore *store, gint64 dossier_id, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (store, _("reading the signature"), &id, error,
                           "SELECT max(id) FROM signature WHERE dossier_id = ?1",
                           MC_PARAMS (MC_I64 (dossier_id))))
    return 0;
  return id;
}

char *
mc_store_signed_result_files (McStore *store, gint64 dossier_id, GError **error)
{
  gboolean failed = FALSE;
  char *files = mc_store_get_text (store, _("reading the signature"), &failed, error,
                                   "SELECT result_files FROM signature WHERE dossier_id = ?1 "
                                   "ORDER BY id DESC LIMIT 1", MC_PARAMS (MC_I64 (dossier_id)));

  if (failed)
    return NULL;
  return files != NULL ? files : g_strdup ("");
}

char *
mc_store_audit_details (McStore *store, gint64 audit_id, const char *action, const char *entity,
                        gint64 entity_id)
{
  return mc_store_get_text (store, _("reading the audit log"), NULL, NULL,
                            "SELECT details FROM audit WHERE id = ?1 AND action = ?2 "
                            "AND entity = ?3 AND entity_id = ?4",
                            MC_PARAMS (MC_I64 (audit_id), MC_TEXT (action), MC_TEXT (entity),
                                       MC_I64 (entity_id)));
}
