/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading dossiers for an export, in the CSV's columns. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-import.h"
#include "mc-store-private.h"

/* The query's columns, in the CSV's order (the result column of CSV column c is c itself). */
static const char export_sql[] =
  "SELECT d.code, p.code, p.name, p.field, p.online_level, "
  "CASE p.limit_kind WHEN 0 THEN 0 ELSE p.limit_value END, d.channel, d.status, "
  "d.submitted_at, d.received_at, d.due_at, d.ended_at, d.returned_at, d.supplement_count, "
  "d.digitized_input, d.digitized_result, d.fee, d.paid_online, r.name, h.name, "
  "d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_address, "
  "d.representative_name, d.representative_phone, d.representative_id_number "
  "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
  "LEFT JOIN officer r ON r.id = d.receiver_id LEFT JOIN officer h ON h.id = d.handler_id "
  "WHERE ?3 OR (CASE WHEN d.status IN (1, 3) THEN coalesce (d.submitted_at, d.received_at) "
  "ELSE d.received_at END) BETWEEN ?1 AND ?2 "
  "ORDER BY d.id";

gboolean
mc_store_export_dossiers (McStore *self, McTime from, McTime to, gboolean all,
                          McStoreExportFunc func, gpointer data, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, export_sql,
                                   MC_PARAMS (MC_I64 (from), MC_I64 (to), MC_BOOL (all)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the dossiers to export"), error))
         == MC_DB_STEP_ROW)
    {
      McStoreExportRow row;

      for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
        {
          row.text[c] = mc_col_text (stmt, c);
          row.number[c] = mc_col_int64 (stmt, c);
          row.time[c] = mc_col_time (stmt, c);
        }
      if (!func (&row, data))
        {
          mc_db_reset (stmt);
          return TRUE;
        }
    }
  return rc == MC_DB_STEP_DONE;
}
