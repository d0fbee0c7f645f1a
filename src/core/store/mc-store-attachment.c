/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files attached to dossiers (0016-digitise.sql): the bytes once per SHA-256 in `blob`, each
 * attachment with who attached it and when, and what the derived digitisation flags are read
 * from. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

void
mc_attachment_free (McAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->hash);
  g_free (a->mime);
  g_free (a->name);
  g_free (a->officer_name);
  g_free (a);
}

GPtrArray *
mc_store_list_attachments (McStore *self, gint64 dossier_id, gboolean history, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_free);
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT a.id, a.position, a.hash, a.size, a.mime, a.name, a.officer_id, "
      "coalesce(o.name, ''), a.attached_at, a.superseded_by, a.superseded_at "
      "FROM attachment a LEFT JOIN officer o ON o.id = a.officer_id "
      "WHERE a.dossier_id = ?1 AND (?2 OR a.superseded_by IS NULL) "
      "ORDER BY a.position, a.id",
      MC_PARAMS (MC_I64 (dossier_id), MC_BOOL (history)));
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the dossier's files"), error))
         == MC_DB_STEP_ROW)
    {
      McAttachment *a = g_new0 (McAttachment, 1);

      a->id = mc_col_int64 (stmt, 0);
      a->dossier_id = dossier_id;
      a->position = mc_col_int (stmt, 1);
      a->hash = mc_col_dup (stmt, 2);
      a->size = mc_col_int64 (stmt, 3);
      a->mime = mc_col_dup (stmt, 4);
      a->name = mc_col_dup (stmt, 5);
      a->officer_id = mc_col_id (stmt, 6);
      a->officer_name = mc_col_dup (stmt, 7);
      a->attached_at = mc_col_time (stmt, 8);
      a->superseded_by = mc_col_id (stmt, 9);
      a->superseded_at = mc_col_time (stmt, 10);
      g_ptr_array_add (list, a);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

GBytes *
mc_store_get_blob (McStore *self, const char *hash, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT data FROM blob WHERE hash = ?1",
                                   MC_PARAMS (MC_TEXT (hash)));
  McDbStep rc;
  GBytes *bytes = NULL;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading a file"), error)) == MC_DB_STEP_ROW)
    {
      gsize len = 0;
      const void *data = mc_db_column_blob (stmt, 0, &len);

      if (bytes == NULL)
        bytes = g_bytes_new (data, len);
    }
  if (rc == MC_DB_STEP_ERROR)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      return NULL;
    }
  if (bytes == NULL)
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("The file %s is not in the database."),
                 hash);
  return bytes;
}

void
mc_earlier_file_free (McEarlierFile *f)
{
  if (f == NULL)
    return;
  g_free (f->dossier_code);
  g_free (f->document_name);
  g_free (f->hash);
  g_free (f->mime);
  g_free (f->name);
  g_free (f);
}

GPtrArray *
mc_store_list_earlier_files (McStore *self, const char *id_number, gint64 except_id,
                             GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_earlier_file_free);
  McDbStmt *stmt;
  McDbStep rc;

  if (id_number == NULL || id_number[0] == '\0')
    return g_steal_pointer (&list);
  /* dossier_id_number finds the applicant's few dossiers, attachment_dossier their files. */
  stmt = mc_store_query (self, error,
      "SELECT a.id, d.id, d.code, d.status, "
      "CASE WHEN d.representative_name <> '' OR d.representative_id_number <> '' THEN 1 "
      "ELSE 0 END, a.position, "
      "dd.name, a.hash, a.size, a.mime, a.name, a.attached_at "
      "FROM dossier d "
      "JOIN attachment a ON a.dossier_id = d.id AND a.position >= 0 "
      "AND a.superseded_by IS NULL "
      "JOIN dossier_document dd ON dd.dossier_id = a.dossier_id AND dd.position = a.position "
      "WHERE d.applicant_id_number = ?1 AND d.id <> ?2 "
      "ORDER BY d.id DESC, a.position, a.id",
      MC_PARAMS (MC_TEXT (id_number), MC_I64 (except_id)));
  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the earlier scans"), error))
         == MC_DB_STEP_ROW)
    {
      McEarlierFile *f = g_new0 (McEarlierFile, 1);

      f->id = mc_col_int64 (stmt, 0);
      f->dossier_id = mc_col_int64 (stmt, 1);
      f->dossier_code = mc_col_dup (stmt, 2);
      f->status = mc_col_int (stmt, 3);
      f->represented = mc_col_int (stmt, 4) != 0;
      f->position = mc_col_int (stmt, 5);
      f->document_name = mc_col_dup (stmt, 6);
      f->hash = mc_col_dup (stmt, 7);
      f->size = mc_col_int64 (stmt, 8);
      f->mime = mc_col_dup (stmt, 9);
      f->name = mc_col_dup (stmt, 10);
      f->attached_at = mc_col_time (stmt, 11);
      g_ptr_array_add (list, f);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

char *
mc_store_rehash_blob (McStore *self, const char *hash, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT data FROM blob WHERE hash = ?1",
                                   MC_PARAMS (MC_TEXT (hash)));
  char *actual = NULL;
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading a file"), error)) == MC_DB_STEP_ROW)
    {
      gsize len = 0;
      const void *data = mc_db_column_blob (stmt, 0, &len);

      if (actual == NULL)
        actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
    }
  if (rc == MC_DB_STEP_ERROR)
    g_clear_pointer (&actual, g_free);
  return actual;
}

gint64
mc_store_insert_attachment (McStore *self, const McAttachment *a, const void *data,
                            GError **error)
{
  gint64 id = 0;

  /* Without DATA the file is one stored already (a scan reused): its row names the blob. */
  if (data != NULL &&
      !mc_store_run (self, _("storing the file"), error,
                     "INSERT INTO blob (hash, size, data) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT (hash) DO NOTHING",
                     MC_PARAMS (MC_TEXT (a->hash), MC_I64 (a->size), MC_BLOB (data, a->size))))
    return 0;
  if (!mc_store_get_int64 (self, _("storing the file"), &id, error,
                           "SELECT coalesce(max(id), 0) + 1 FROM attachment", MC_NO_PARAMS))
    return 0;
  if (!mc_store_run (self, _("storing the file"), error,
                     "INSERT INTO attachment (id, dossier_id, position, hash, size, mime, name, "
                     "officer_id, attached_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                     MC_PARAMS (MC_I64 (id), MC_I64 (a->dossier_id), MC_INT (a->position),
                                MC_TEXT (a->hash), MC_I64 (a->size), MC_TEXT (a->mime),
                                MC_TEXT (a->name), MC_ID (a->officer_id),
                                MC_I64 (a->attached_at))))
    return 0;
  return id;
}

gboolean
mc_store_supersede_attachments (McStore *self, gint64 dossier_id, int position, gint64 by,
                                McTime at, GError **error)
{
  return mc_store_run (self, _("keeping the earlier scan in the history"), error,
                       "UPDATE attachment SET superseded_by = ?1, superseded_at = ?2 "
                       "WHERE dossier_id = ?3 AND position = ?4 AND id < ?1 "
                       "AND superseded_by IS NULL",
                       MC_PARAMS (MC_I64 (by), MC_I64 (at), MC_I64 (dossier_id),
                                  MC_INT (position)));
}

gboolean
mc_store_attachment_counts (McStore *self, gint64 dossier_id, gint64 *received,
                            gint64 *with_file, gint64 *result_files, gboolean *imported,
                            GError **error)
{
  const char *what = _("reading the dossier's files");
  gint64 n_imported = 0;

  *received = *with_file = *result_files = 0;
  if (!mc_store_get_int64 (self, what, received, error,
                           "SELECT count(*) FROM dossier_document "
                           "WHERE dossier_id = ?1 AND received", MC_PARAMS (MC_I64 (dossier_id))) ||
      !mc_store_get_int64 (self, what, with_file, error,
                           "SELECT count(*) FROM dossier_document d WHERE d.dossier_id = ?1 "
                           "AND d.received AND EXISTS (SELECT 1 FROM attachment a "
                           "WHERE a.dossier_id = d.dossier_id AND a.position = d.position "
                           "AND a.superseded_by IS NULL)", MC_PARAMS (MC_I64 (dossier_id))) ||
      !mc_store_get_int64 (self, what, result_files, error,
                           "SELECT count(*) FROM attachment WHERE dossier_id = ?1 "
                           "AND position = -1 AND superseded_by IS NULL",
                           MC_PARAMS (MC_I64 (dossier_id))) ||
      !mc_store_get_int64 (self, what, &n_imported, error,
                           "SELECT count(*) FROM dossier_event WHERE dossier_id = ?1 "
                           "AND action = 19", MC_PARAMS (MC_I64 (dossier_id))))
    return FALSE;
  *imported = n_imported > 0;
  return TRUE;
}

gboolean
mc_store_set_digitized (McStore *self, gint64 dossier_id, gboolean input, gboolean result,
                        McTime at, GError **error)
{
  return mc_store_run (self, _("saving the dossier"), error,
                       "UPDATE dossier SET digitized_input = ?1, digitized_result = ?2, "
                       "updated_at = ?3, version = version + 1 "
                       "WHERE id = ?4 AND (digitized_input <> ?1 OR digitized_result <> ?2)",
                       MC_PARAMS (MC_BOOL (input), MC_BOOL (result), MC_I64 (at),
                                  MC_I64 (dossier_id)));
}

gboolean
mc_store_check_blobs (McStore *self, GPtrArray *problems, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT hash, size, data FROM blob ORDER BY hash",
                                   MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("checking the files"), error)) == MC_DB_STEP_ROW)
    {
      const char *hash = mc_col_text (stmt, 0);
      gsize len = 0;
      const void *data = mc_db_column_blob (stmt, 2, &len);
      g_autofree char *actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

      if (g_strcmp0 (actual, hash) != 0 || (gint64) len != mc_col_int64 (stmt, 1))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("The stored file %s has been changed: its bytes no "
                                            "longer match its SHA-256."), hash));
    }
  return rc != MC_DB_STEP_ERROR;
}
