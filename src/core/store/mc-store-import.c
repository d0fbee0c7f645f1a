/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing imported dossiers: many rows to a statement, in the import's one transaction. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

/* Rows in one INSERT on SQLite (28 parameters each); MC_STORE_IMPORT_BATCH is a multiple. */
#define SQLITE_BATCH_ROWS 64
G_STATIC_ASSERT (MC_STORE_IMPORT_BATCH % SQLITE_BATCH_ROWS == 0);

static const char * const column_names[MC_IMPORT_N_COLUMNS] = {
  [MC_IMPORT_CODE] = "code",
  [MC_IMPORT_PROCEDURE] = "procedure_id",
  [MC_IMPORT_CHANNEL] = "channel",
  [MC_IMPORT_STATUS] = "status",
  [MC_IMPORT_SUBMITTED] = "submitted_at",
  [MC_IMPORT_RECEIVED] = "received_at",
  [MC_IMPORT_DUE] = "due_at",
  [MC_IMPORT_ENDED] = "ended_at",
  [MC_IMPORT_RETURNED] = "returned_at",
  [MC_IMPORT_SUPPLEMENTS] = "supplement_count",
  [MC_IMPORT_DIGITIZED_INPUT] = "digitized_input",
  [MC_IMPORT_DIGITIZED_RESULT] = "digitized_result",
  [MC_IMPORT_FEE] = "fee",
  [MC_IMPORT_PAID_ONLINE] = "paid_online",
  [MC_IMPORT_RECEIVER] = "receiver_id",
  [MC_IMPORT_HANDLER] = "handler_id",
  [MC_IMPORT_APPLICANT] = "applicant_name",
  [MC_IMPORT_APPLICANT_FOLDED] = "applicant_folded",
  [MC_IMPORT_ID_NUMBER] = "applicant_id_number",
  [MC_IMPORT_PHONE] = "applicant_phone",
  [MC_IMPORT_ADDRESS] = "applicant_address",
  [MC_IMPORT_REPRESENTATIVE] = "representative_name",
  [MC_IMPORT_REPRESENTATIVE_FOLDED] = "representative_folded",
  [MC_IMPORT_REPRESENTATIVE_PHONE] = "representative_phone",
  [MC_IMPORT_REPRESENTATIVE_ID] = "representative_id_number",
  [MC_IMPORT_OUTCOME] = "outcome",
  [MC_IMPORT_LATE_INTAKE] = "late_intake",
  [MC_IMPORT_UPDATED_AT] = "updated_at",
};

struct _McStoreImportWriter {
  McStore *store;
  char    *insert_sql;        /* one row, ON CONFLICT DO NOTHING */
  char    *batch_sql;         /* SQLITE_BATCH_ROWS rows */
  char    *update_sql;        /* the columns the file carries, ?N+1 the id */
  GArray  *values;            /* McDbValue, reused */
  GPtrArray *texts;           /* of the last mc_store_import_read */
  char    *read_sql;
};

static void
append_values (GString *sql, int first)
{
  g_string_append (sql, "(");
  for (int i = 0; i < MC_IMPORT_N_COLUMNS; i++)
    g_string_append_printf (sql, "%s?%d", i ? ", " : "", first + i + 1);
  g_string_append (sql, ")");
}

McStoreImportWriter *
mc_store_import_writer_new (McStore *store, const gboolean *update_columns)
{
  McStoreImportWriter *w = g_new0 (McStoreImportWriter, 1);
  g_autoptr(GString) insert = g_string_new ("INSERT INTO dossier (");
  g_autoptr(GString) batch = NULL;
  g_autoptr(GString) update = g_string_new ("UPDATE dossier SET ");
  gboolean first = TRUE;

  w->store = store;
  w->values = g_array_new (FALSE, FALSE, sizeof (McDbValue));
  for (int i = 0; i < MC_IMPORT_N_COLUMNS; i++)
    g_string_append_printf (insert, "%s%s", i ? ", " : "", column_names[i]);
  g_string_append (insert, ") VALUES ");
  batch = g_string_new (insert->str);
  append_values (insert, 0);
  g_string_append (insert, " ON CONFLICT (code) DO NOTHING");
  /* No ON CONFLICT: a code met twice fails the whole batch, which is then redone row by row. */
  for (int r = 0; r < SQLITE_BATCH_ROWS; r++)
    {
      if (r > 0)
        g_string_append (batch, ", ");
      append_values (batch, r * MC_IMPORT_N_COLUMNS);
    }
  /* The code is the key and stays; every change raises the version. */
  for (int i = 0; i < MC_IMPORT_N_COLUMNS; i++)
    {
      if (i == MC_IMPORT_CODE || !update_columns[i])
        continue;
      g_string_append_printf (update, "%s%s = ?%d", first ? "" : ", ", column_names[i], i + 1);
      first = FALSE;
    }
  /* Every parameter is named (the code, unchanged, too): PostgreSQL types each from its use. */
  g_string_append_printf (update, "%sversion = version + 1 WHERE id = ?%d AND code = ?1",
                          first ? "" : ", ", MC_IMPORT_N_COLUMNS + 1);
  {
    GString *read = g_string_new ("SELECT ");

    for (int i = 0; i < MC_IMPORT_N_COLUMNS; i++)
      g_string_append_printf (read, "%s%s", i ? ", " : "", column_names[i]);
    g_string_append (read, ", (signer_id IS NOT NULL OR step = 3 OR EXISTS (SELECT 1 FROM "
                           "signature s WHERE s.dossier_id = dossier.id)) "
                           "FROM dossier WHERE id = ?1");
    w->read_sql = g_string_free (read, FALSE);
  }
  w->texts = g_ptr_array_new_with_free_func (g_free);
  w->insert_sql = g_string_free (g_steal_pointer (&insert), FALSE);
  w->batch_sql = g_string_free (g_steal_pointer (&batch), FALSE);
  w->update_sql = g_string_free (g_steal_pointer (&update), FALSE);
  return w;
}

void
mc_store_import_writer_free (McStoreImportWriter *w)
{
  if (w == NULL)
    return;
  g_free (w->insert_sql);
  g_free (w->batch_sql);
  g_free (w->update_sql);
  g_free (w->read_sql);
  g_ptr_array_unref (w->texts);
  g_array_unref (w->values);
  g_free (w);
}

static void
add_row (GArray *v, const McStoreImportRow *r)
{
  McDbValue row[MC_IMPORT_N_COLUMNS] = {
    [MC_IMPORT_CODE] = MC_TEXT (r->code),
    [MC_IMPORT_PROCEDURE] = MC_I64 (r->procedure_id),
    [MC_IMPORT_CHANNEL] = MC_INT (r->channel),
    [MC_IMPORT_STATUS] = MC_INT (r->status),
    [MC_IMPORT_SUBMITTED] = MC_TIME (r->submitted),
    [MC_IMPORT_RECEIVED] = MC_TIME (r->received),
    [MC_IMPORT_DUE] = MC_TIME (r->due),
    [MC_IMPORT_ENDED] = MC_TIME (r->ended),
    [MC_IMPORT_RETURNED] = MC_TIME (r->returned),
    [MC_IMPORT_SUPPLEMENTS] = MC_I64 (r->supplements),
    [MC_IMPORT_DIGITIZED_INPUT] = MC_BOOL (r->digitized_input),
    [MC_IMPORT_DIGITIZED_RESULT] = MC_BOOL (r->digitized_result),
    [MC_IMPORT_FEE] = MC_I64 (r->fee),
    [MC_IMPORT_PAID_ONLINE] = MC_BOOL (r->paid_online),
    [MC_IMPORT_RECEIVER] = MC_ID (r->receiver_id),
    [MC_IMPORT_HANDLER] = MC_ID (r->handler_id),
    [MC_IMPORT_APPLICANT] = MC_TEXT (r->applicant),
    [MC_IMPORT_APPLICANT_FOLDED] = MC_TEXT (r->applicant_folded),
    [MC_IMPORT_ID_NUMBER] = MC_TEXT (r->id_number),
    [MC_IMPORT_PHONE] = MC_TEXT (r->phone),
    [MC_IMPORT_ADDRESS] = MC_TEXT (r->address),
    [MC_IMPORT_REPRESENTATIVE] = MC_TEXT (r->representative),
    [MC_IMPORT_REPRESENTATIVE_FOLDED] = MC_TEXT (r->representative_folded),
    [MC_IMPORT_REPRESENTATIVE_PHONE] = MC_TEXT (r->representative_phone),
    [MC_IMPORT_REPRESENTATIVE_ID] = MC_TEXT (r->representative_id),
    [MC_IMPORT_OUTCOME] = ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = r->outcome,
                                         .is_null = r->outcome == MC_OUTCOME_NONE }),
    [MC_IMPORT_LATE_INTAKE] = MC_BOOL (r->late_intake),
    [MC_IMPORT_UPDATED_AT] = MC_I64 (r->updated_at),
  };

  g_array_append_vals (v, row, MC_IMPORT_N_COLUMNS);
}

/* The batch in one COPY: the server parses no statement, and its triggers fire once. */
static gboolean
copy_batch (McStoreImportWriter *w, GError **error)
{
  McStore *store = w->store;
  McStoreCopy *copy = mc_store_copy_begin (store, "dossier", column_names, MC_IMPORT_N_COLUMNS,
                                           error);
  const McDbValue *values = (const McDbValue *) w->values->data;

  if (copy == NULL)
    return FALSE;
  for (int r = 0; r < MC_STORE_IMPORT_BATCH; r++)
    if (!mc_store_copy_row (store, copy, values + r * MC_IMPORT_N_COLUMNS, error))
      {
        mc_store_copy_end (store, copy, FALSE, NULL);
        return FALSE;
      }
  return mc_store_copy_end (store, copy, TRUE, error);
}

gboolean
mc_store_import_insert_batch (McStoreImportWriter *w, const McStoreImportRow * const *rows,
                              gboolean *duplicate, GError **error)
{
  McStore *store = w->store;
  gboolean ok = TRUE;

  *duplicate = FALSE;
  g_array_set_size (w->values, 0);
  for (int r = 0; r < MC_STORE_IMPORT_BATCH; r++)
    add_row (w->values, rows[r]);
  /* A savepoint, as a failed statement aborts a PostgreSQL transaction. */
  if (!mc_store_begin (store, error))
    return FALSE;
  if (mc_store_engine (store) == MC_DB_POSTGRESQL)
    ok = copy_batch (w, error);
  else
    for (int r = 0; ok && r < MC_STORE_IMPORT_BATCH; r += SQLITE_BATCH_ROWS)
      ok = mc_store_run (store, _("saving the imported dossiers"), error, w->batch_sql,
                         &g_array_index (w->values, McDbValue, r * MC_IMPORT_N_COLUMNS),
                         SQLITE_BATCH_ROWS * MC_IMPORT_N_COLUMNS);
  if (!ok)
    {
      *duplicate = mc_store_failed_unique (store);
      mc_store_rollback (store);
      if (*duplicate)
        g_clear_error (error);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

int
mc_store_import_insert (McStoreImportWriter *w, const McStoreImportRow *row, GError **error)
{
  gint64 changed;

  g_array_set_size (w->values, 0);
  add_row (w->values, row);
  changed = mc_store_run_changes (w->store, _("saving the imported dossiers"), error,
                                  w->insert_sql, (const McDbValue *) w->values->data,
                                  (int) w->values->len);
  return changed < 0 ? -1 : changed > 0;
}

gboolean
mc_store_import_update (McStoreImportWriter *w, const McStoreImportRow *row, gint64 id,
                        GError **error)
{
  McDbValue key = MC_I64 (id);

  g_array_set_size (w->values, 0);
  add_row (w->values, row);
  g_array_append_val (w->values, key);
  return mc_store_run (w->store, _("saving the imported dossiers"), error, w->update_sql,
                       (const McDbValue *) w->values->data, (int) w->values->len);
}

gint64
mc_store_import_find (McStoreImportWriter *w, const char *code, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (w->store, _("saving the imported dossiers"), &id, error,
                           "SELECT id FROM dossier WHERE code = ?1", MC_PARAMS (MC_TEXT (code))))
    return -1;
  return id;
}

gint64
mc_store_max_dossier_id (McStore *store)
{
  gint64 id = 0;

  mc_store_get_int64 (store, _("reading the dossiers"), &id, NULL,
                      "SELECT coalesce (max (id), 0) FROM dossier", MC_NO_PARAMS);
  return id;
}

static const char *
keep_text (GPtrArray *texts, char *text)
{
  g_ptr_array_add (texts, text);
  return text;
}

gboolean
mc_store_import_read (McStoreImportWriter *w, gint64 id, McStoreImportRow *out,
                      gboolean *is_signed, GError **error)
{
  McDbStmt *stmt = mc_store_query (w->store, error, w->read_sql, MC_PARAMS (MC_I64 (id)));
  McDbStep rc;

#define TEXT(c) keep_text (w->texts, mc_col_dup (stmt, c))
  g_ptr_array_set_size (w->texts, 0);
  memset (out, 0, sizeof *out);
  *is_signed = FALSE;
  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (w->store, stmt, _("reading the dossiers"), error);
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  if (rc == MC_DB_STEP_DONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The dossier no. %lld does not exist."), (long long) id);
      return FALSE;
    }
  out->code = TEXT (MC_IMPORT_CODE);
  out->procedure_id = mc_col_int64 (stmt, MC_IMPORT_PROCEDURE);
  out->channel = mc_col_int (stmt, MC_IMPORT_CHANNEL);
  out->status = mc_col_int (stmt, MC_IMPORT_STATUS);
  out->submitted = mc_col_time (stmt, MC_IMPORT_SUBMITTED);
  out->received = mc_col_time (stmt, MC_IMPORT_RECEIVED);
  out->due = mc_col_time (stmt, MC_IMPORT_DUE);
  out->ended = mc_col_time (stmt, MC_IMPORT_ENDED);
  out->returned = mc_col_time (stmt, MC_IMPORT_RETURNED);
  out->supplements = mc_col_int64 (stmt, MC_IMPORT_SUPPLEMENTS);
  out->digitized_input = mc_col_bool (stmt, MC_IMPORT_DIGITIZED_INPUT);
  out->digitized_result = mc_col_bool (stmt, MC_IMPORT_DIGITIZED_RESULT);
  out->fee = mc_col_int64 (stmt, MC_IMPORT_FEE);
  out->paid_online = mc_col_bool (stmt, MC_IMPORT_PAID_ONLINE);
  out->receiver_id = mc_col_id (stmt, MC_IMPORT_RECEIVER);
  out->handler_id = mc_col_id (stmt, MC_IMPORT_HANDLER);
  out->applicant = TEXT (MC_IMPORT_APPLICANT);
  out->applicant_folded = TEXT (MC_IMPORT_APPLICANT_FOLDED);
  out->id_number = TEXT (MC_IMPORT_ID_NUMBER);
  out->phone = TEXT (MC_IMPORT_PHONE);
  out->address = TEXT (MC_IMPORT_ADDRESS);
  out->representative = TEXT (MC_IMPORT_REPRESENTATIVE);
  out->representative_folded = TEXT (MC_IMPORT_REPRESENTATIVE_FOLDED);
  out->representative_phone = TEXT (MC_IMPORT_REPRESENTATIVE_PHONE);
  out->representative_id = TEXT (MC_IMPORT_REPRESENTATIVE_ID);
  out->outcome = mc_col_null (stmt, MC_IMPORT_OUTCOME) ? MC_OUTCOME_NONE
                                                       : mc_col_int (stmt, MC_IMPORT_OUTCOME);
  out->late_intake = mc_col_bool (stmt, MC_IMPORT_LATE_INTAKE);
  out->updated_at = mc_col_int64 (stmt, MC_IMPORT_UPDATED_AT);
  *is_signed = mc_col_bool (stmt, MC_IMPORT_N_COLUMNS);
#undef TEXT
  mc_db_reset (stmt);
  return TRUE;
}
