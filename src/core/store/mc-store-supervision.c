/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What supervision reads and writes (0014-supervision.sql): the filings of a period with who
 * filed them, the dossiers a sample is drawn from, and the spot inspections. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

gboolean
mc_store_foreach_filing (McStore *self, McTime from, McTime to, McStoreFilingFunc func,
                         gpointer data, GError **error)
{
  /* Names alone never join two people (docs/domain.md §9): a filing with neither the
   * representative's phone nor ID number cannot be anyone's but its own. */
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT d.id, d.code, d.received_at, d.representative_name, d.representative_phone, "
      "d.representative_id_number, d.applicant_name, d.applicant_id_number, "
      "d.applicant_address, d.receiver_id, d.procedure_id, d.fee "
      "FROM dossier d WHERE d.received_at >= ?1 AND d.received_at < ?2 "
      "AND (d.representative_phone <> '' OR d.representative_id_number <> '') "
      "ORDER BY d.id",
      MC_PARAMS (MC_I64 (from), MC_I64 (to)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading who filed the dossiers"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreFiling f = {
        .id = mc_col_int64 (stmt, 0),
        .code = mc_col_text (stmt, 1),
        .received_at = mc_col_time (stmt, 2),
        .representative_name = mc_col_text (stmt, 3),
        .representative_phone = mc_col_text (stmt, 4),
        .representative_id = mc_col_text (stmt, 5),
        .applicant_name = mc_col_text (stmt, 6),
        .applicant_id = mc_col_text (stmt, 7),
        .applicant_address = mc_col_text (stmt, 8),
        .receiver_id = mc_col_id (stmt, 9),
        .procedure_id = mc_col_id (stmt, 10),
        .fee = mc_col_int64 (stmt, 11),
      };

      func (&f, data);
    }
  return rc != MC_DB_STEP_ERROR;
}

GArray *
mc_store_list_sample_frame (McStore *self, McTime from, McTime to, GError **error)
{
  g_autoptr(GArray) frame = g_array_new (FALSE, TRUE, sizeof (McStoreSampleUnit));
  /* Received in the period as the figures count it (docs/domain.md §5): accepted, whatever
   * became of it since. */
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT id, handler_id, receiver_id, procedure_id FROM dossier "
      "WHERE received_at >= ?1 AND received_at < ?2 AND status NOT IN (1, 3) ORDER BY id",
      MC_PARAMS (MC_I64 (from), MC_I64 (to)));
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the dossiers of the period"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreSampleUnit u = {
        .dossier_id = mc_col_int64 (stmt, 0),
        .handler_id = mc_col_id (stmt, 1),
        .receiver_id = mc_col_id (stmt, 2),
        .procedure_id = mc_col_id (stmt, 3),
      };

      g_array_append_val (frame, u);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&frame);
}

GArray *
mc_store_list_receipts_since (McStore *self, McTime since, GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (McStoreReceipt));
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT id, receiver_id, received_at, channel, supplement_count FROM dossier "
      "WHERE received_at >= ?1 AND status NOT IN (1, 3) ORDER BY received_at DESC, id DESC",
      MC_PARAMS (MC_I64 (since)));
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the dossiers received"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreReceipt r = {
        .id = mc_col_int64 (stmt, 0),
        .receiver_id = mc_col_id (stmt, 1),
        .received_at = mc_col_time (stmt, 2),
        .channel = mc_col_int (stmt, 3),
        .supplements = mc_col_int (stmt, 4),
      };

      g_array_append_val (list, r);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

gint64
mc_store_next_inspection_id (McStore *self, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (self, _("reading the spot inspections"), &id, error,
                           "SELECT coalesce (max (id), 0) + 1 FROM inspection", MC_NO_PARAMS))
    return 0;
  return id;
}

gboolean
mc_store_insert_inspection (McStore *self, const McStoreInspection *i, GError **error)
{
  return mc_store_run (self, _("saving the spot inspection"), error,
                       "INSERT INTO inspection (id, drawn_at, officer_id, period_from, "
                       "period_to, size, stratum, seed, population) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       MC_PARAMS (MC_I64 (i->id), MC_I64 (i->drawn_at), MC_I64 (i->officer_id),
                                  MC_I64 (i->period_from), MC_I64 (i->period_to),
                                  MC_I64 (i->size), MC_I64 (i->stratum), MC_TEXT (i->seed),
                                  MC_I64 (i->population)));
}

gboolean
mc_store_insert_inspection_item (McStore *self, gint64 inspection_id, int position,
                                 gint64 dossier_id, GError **error)
{
  return mc_store_run (self, _("saving the spot inspection"), error,
                       "INSERT INTO inspection_item (inspection_id, position, dossier_id) "
                       "VALUES (?1, ?2, ?3)",
                       MC_PARAMS (MC_I64 (inspection_id), MC_I64 (position),
                                  MC_I64 (dossier_id)));
}

gint64
mc_store_update_inspection_item (McStore *self, const McStoreInspectionItem *item,
                                 GError **error)
{
  return mc_store_run_changes (self, _("saving the inspection's findings"), error,
                               "UPDATE inspection_item SET checked = ?3, passed = ?4, "
                               "verdict = ?5, findings = ?6, checked_at = ?7 "
                               "WHERE inspection_id = ?1 AND position = ?2",
                               MC_PARAMS (MC_I64 (item->inspection_id), MC_I64 (item->position),
                                          MC_I64 (item->checked), MC_I64 (item->passed),
                                          MC_I64 (item->verdict), MC_TEXT (item->findings),
                                          MC_TIME (item->checked_at)));
}

void
mc_store_inspection_clear (McStoreInspection *i)
{
  g_free (i->seed);
  memset (i, 0, sizeof *i);
}

void
mc_store_inspection_item_clear (McStoreInspectionItem *item)
{
  g_free (item->findings);
  memset (item, 0, sizeof *item);
}

static void
inspection_free (gpointer data)
{
  mc_store_inspection_clear (data);
  g_free (data);
}

GPtrArray *
mc_store_list_inspections (McStore *self, gint64 only_id, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (inspection_free);
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT id, drawn_at, officer_id, period_from, period_to, size, stratum, seed, population "
      "FROM inspection WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC",
      MC_PARAMS (MC_I64 (only_id)));
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the spot inspections"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreInspection *i = g_new0 (McStoreInspection, 1);

      i->id = mc_col_int64 (stmt, 0);
      i->drawn_at = mc_col_int64 (stmt, 1);
      i->officer_id = mc_col_int64 (stmt, 2);
      i->period_from = mc_col_int64 (stmt, 3);
      i->period_to = mc_col_int64 (stmt, 4);
      i->size = mc_col_int64 (stmt, 5);
      i->stratum = mc_col_int (stmt, 6);
      i->seed = mc_col_dup (stmt, 7);
      i->population = mc_col_int64 (stmt, 8);
      g_ptr_array_add (list, i);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

GArray *
mc_store_list_inspection_items (McStore *self, gint64 inspection_id, GError **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (McStoreInspectionItem));
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT position, dossier_id, checked, passed, verdict, findings, checked_at "
      "FROM inspection_item WHERE inspection_id = ?1 ORDER BY position",
      MC_PARAMS (MC_I64 (inspection_id)));
  McDbStep rc;

  g_array_set_clear_func (items, (GDestroyNotify) mc_store_inspection_item_clear);
  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the spot inspections"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreInspectionItem item = {
        .inspection_id = inspection_id,
        .position = mc_col_int (stmt, 0),
        .dossier_id = mc_col_int64 (stmt, 1),
        .checked = (guint) mc_col_int64 (stmt, 2),
        .passed = (guint) mc_col_int64 (stmt, 3),
        .verdict = mc_col_int (stmt, 4),
        .findings = mc_col_dup (stmt, 5),
        .checked_at = mc_col_time (stmt, 6),
      };

      g_array_append_val (items, item);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&items);
}

void
mc_store_step_record_clear (McStoreStepRecord *r)
{
  g_free (r->note);
  memset (r, 0, sizeof *r);
}

GArray *
mc_store_list_step_records (McStore *self, gint64 dossier_id, GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (McStoreStepRecord));
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT position, started_at, started_by, done_at, done_by, note FROM dossier_step "
      "WHERE dossier_id = ?1 ORDER BY position", MC_PARAMS (MC_I64 (dossier_id)));
  McDbStep rc;

  g_array_set_clear_func (list, (GDestroyNotify) mc_store_step_record_clear);
  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the dossier's steps"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreStepRecord r = {
        .position = mc_col_int (stmt, 0),
        .started_at = mc_col_time (stmt, 1),
        .started_by = mc_col_id (stmt, 2),
        .done_at = mc_col_time (stmt, 3),
        .done_by = mc_col_id (stmt, 4),
        .note = mc_col_dup (stmt, 5),
      };

      g_array_append_val (list, r);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
mc_store_write_step_record (McStore *self, gint64 dossier_id, const McStoreStepRecord *r,
                            GError **error)
{
  return mc_store_run (self, _("saving the dossier's step"), error,
                       "INSERT INTO dossier_step (dossier_id, position, started_at, started_by, "
                       "done_at, done_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                       "ON CONFLICT (dossier_id, position) DO UPDATE SET done_at = ?5, "
                       "done_by = ?6, note = ?7",
                       MC_PARAMS (MC_I64 (dossier_id), MC_INT (r->position),
                                  MC_TIME (r->started_at), MC_ID (r->started_by),
                                  MC_TIME (r->done_at), MC_ID (r->done_by), MC_TEXT (r->note)));
}

void
mc_store_report_note_clear (McStoreReportNote *n)
{
  g_clear_pointer (&n->shortcomings, g_free);
  g_clear_pointer (&n->causes, g_free);
  g_clear_pointer (&n->next_steps, g_free);
}

gboolean
mc_store_get_report_note (McStore *self, gint64 from, gint64 to, McStoreReportNote *out,
                          gboolean *found, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT shortcomings, causes, next_steps, officer_id, written_at FROM report_note "
      "WHERE period_from = ?1 AND period_to = ?2",
      MC_PARAMS (MC_I64 (from), MC_I64 (to)));
  McDbStep rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the report's assessment"), error))
         == MC_DB_STEP_ROW)
    {
      out->period_from = from;
      out->period_to = to;
      out->shortcomings = mc_col_dup (stmt, 0);
      out->causes = mc_col_dup (stmt, 1);
      out->next_steps = mc_col_dup (stmt, 2);
      out->officer_id = mc_col_int64 (stmt, 3);
      out->written_at = mc_col_int64 (stmt, 4);
      *found = TRUE;
    }
  return rc != MC_DB_STEP_ERROR;
}

gboolean
mc_store_put_report_note (McStore *self, const McStoreReportNote *n, GError **error)
{
  return mc_store_run (self, _("saving the report's assessment"), error,
                       "INSERT INTO report_note (period_from, period_to, shortcomings, causes, "
                       "next_steps, officer_id, written_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                       "ON CONFLICT (period_from, period_to) DO UPDATE SET shortcomings = ?3, "
                       "causes = ?4, next_steps = ?5, officer_id = ?6, written_at = ?7",
                       MC_PARAMS (MC_I64 (n->period_from), MC_I64 (n->period_to),
                                  MC_TEXT (n->shortcomings), MC_TEXT (n->causes),
                                  MC_TEXT (n->next_steps), MC_I64 (n->officer_id),
                                  MC_TIME (n->written_at)));
}
